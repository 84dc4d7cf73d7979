"""What exists only to make rebuilds fast, never to change what is built: stage results kept
between builds in one process (memory), what each page is rendered from (tokens), and
fingerprints of the last build so unchanged pages are taken from it (reuse), published pages
kept by hash so a CI build needs only the cache (store), parsed front matter kept by the digest of
each file's text (frontcache), and cached files checked before use (guard).

May use: core, source, data, model, markdown, pages, outputs.
"""
