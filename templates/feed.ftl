<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom">
  <title>${config.site_title?xml}</title>
  <subtitle>${config.site_description?xml}</subtitle>
  <link href="${config.site_host}/"/>
  <link rel="self" href="${config.site_host}/${config.feed_file}"/>
  <id>${config.site_host}/</id>
  <updated>${published_date?string("yyyy-MM-dd'T'HH:mm:ssXXX")}</updated>
  <#list published_posts as post>
  <entry>
    <title>${post.title?xml}</title>
    <link href="${config.site_host}/${post.uri}"/>
    <id>${config.site_host}/${post.uri}</id>
    <updated>${post.date?string("yyyy-MM-dd'T'HH:mm:ssXXX")}</updated>
    <#if post.summary??><summary>${post.summary?xml}</summary></#if>
  </entry>
  </#list>
</feed>
