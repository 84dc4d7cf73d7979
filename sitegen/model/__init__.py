"""The whole-site model, built before anything is rendered: frozen pages at their URLs, the
publish rules (drafts, future, expired), translations grouped once, taxonomies, archive and
pagination (site, pure), and the digest of a page's values (digest).

May use: core, source, data.
"""
