<#-- The frame of every page. Pages with visibility blocks also get the plugin's script and style
     (visibility_head is empty everywhere else). -->
<#macro page title description=config.site_description>
<!DOCTYPE html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <title>${title?html} · ${config.site_title?html}</title>
  <meta name="description" content="${description?html}">
  <link rel="stylesheet" href="${content.rootpath!""}css/blog.css">
  <link rel="alternate" type="application/atom+xml" title="${config.site_title?html}" href="${content.rootpath!""}${config.feed_file}">
  <#list visibility_head as tags>${tags}</#list>
</head>
<body>
  <header class="site">
    <a class="brand" href="${content.rootpath!""}index.html">${config.site_title?html}</a>
    <nav>
      <a href="${content.rootpath!""}index.html">Posts</a>
      <a href="${content.rootpath!""}${config.archive_file}">Archive</a>
      <a href="${content.rootpath!""}about.html">About</a>
    </nav>
  </header>
  <main>
    <#nested>
  </main>
  <footer class="site">
    <p>Figures are computed when the site is built, so this page needs no server.
      <a href="${content.rootpath!""}${config.feed_file}">Feed</a></p>
  </footer>
</body>
</html>
</#macro>

<#-- The date line and tags of a post. -->
<#macro meta post>
  <p class="meta">
    <time datetime="${post.date?string("yyyy-MM-dd")}">${post.date?string("d MMMM yyyy")}</time>
    <#if post.tags?has_content>
      ·
      <#list post.tags as tag><a href="${content.rootpath!""}${config.tag_path}/${tag}.html">${tag?html}</a><#sep>, </#list>
    </#if>
  </p>
</#macro>
