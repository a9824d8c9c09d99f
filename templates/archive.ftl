<#import "layout.ftl" as layout>
<@layout.page title="Archive">
  <h1>Archive</h1>
  <#list published_posts as post>
    <#assign year = post.date?string("yyyy")>
    <#if !(previous?? && previous == year)><h2>${year}</h2></#if>
    <#assign previous = year>
    <p><time datetime="${post.date?string("yyyy-MM-dd")}">${post.date?string("d MMM")}</time>
      — <a href="${content.rootpath!""}${post.uri}">${post.title?html}</a></p>
  </#list>
</@layout.page>
