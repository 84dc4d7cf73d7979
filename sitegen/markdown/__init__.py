"""Each page's Markdown turned into HTML: Python-Markdown with its extensions (convert; writing: what
writers expect of it; inline and blocktests: Markdown's own processors, without trying what
cannot match), shortcodes (shortcodes), links to other releases resolved and checked (links),
figures from datasets in prose, the `chart` fence and the `stat` shortcode (figures), and
converted pages kept by the hash of what shapes them (mdcache).

May use: core, source, data, model.
"""
