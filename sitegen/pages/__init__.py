"""Everything to write, planned and rendered: every page with its template and values (plan),
its head (head), its JSON-LD (structured), its share image (social), the feeds (feeds), and one
planned page through its template (render).

May use: core, source, data, model, markdown.
"""
