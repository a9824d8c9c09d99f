<#import "layout.ftl" as layout>
<@layout.page title="Posts">
  <h1>Posts</h1>
  <p class="lead">${config.site_description?html}</p>
  <#list published_posts as post>
    <section class="summary">
      <h2><a href="${post.uri}">${post.title?html}</a></h2>
      <@layout.meta post=post/>
      <#if post.summary??><p>${post.summary?html}</p></#if>
    </section>
  </#list>
</@layout.page>
