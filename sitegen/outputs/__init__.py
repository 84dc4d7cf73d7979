"""Files that are not pages, and the one way out: sitemaps, robots.txt and _redirects (sitemap),
the search index (search, Pagefind), share cards drawn (cards), dataset downloads (packages),
and the writer that stages every file and publishes the folder in one step (writer), or only
the changed files into the last build's folder (inplace).

May use: core, source, data, model, markdown, pages.
"""
