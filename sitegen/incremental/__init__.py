"""What exists only to make rebuilds fast, never to change what is built: stage results kept
between builds in one process (memory), what each page is rendered from (tokens), and
fingerprints of the last build so unchanged pages are taken from it (reuse).

May use: core, source, data, model, markdown, pages, outputs.
"""
