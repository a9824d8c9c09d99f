<#import "layout.ftl" as layout>
<@layout.page title="Posts tagged " + tag>
  <h1>Posts tagged “${tag?html}”</h1>
  <#list tag_posts as post>
    <p><time datetime="${post.date?string("yyyy-MM-dd")}">${post.date?string("d MMM yyyy")}</time>
      — <a href="${content.rootpath!""}${post.uri}">${post.title?html}</a></p>
  </#list>
</@layout.page>
