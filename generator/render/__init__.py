"""Stage 3, render: content/ + templates/ -> site/ (HTML pages, Atom feeds, OPML, sitemap, search).

`stage.render_site` is the entry point. Data flows one way: `catalog` indexes content, `views`
flatten papers for templates, `pages` and `feeds` declare outputs keyed through `keys`, and
`writer` renders and writes what changed (in parallel through `pool`).
"""
