<?xml version="1.0" encoding="UTF-8"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
  <url><loc>${config.site_host}/index.html</loc></url>
  <#list published_content as item>
  <url>
    <loc>${config.site_host}/${item.uri}</loc>
    <lastmod>${item.date?string("yyyy-MM-dd")}</lastmod>
  </url>
  </#list>
</urlset>
