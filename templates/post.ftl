<#import "layout.ftl" as layout>
<@layout.page title=content.title>
  <article>
    <h1>${content.title?html}</h1>
    <@layout.meta post=content/>
    ${content.body}
  </article>
</@layout.page>
