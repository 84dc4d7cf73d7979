"""The commands, each a short list of the stages' steps: the build's preparation (prepare), `sitegen
build` (options; uptodate: its start, which ends it when nothing changed before any stage is
loaded; build, publish), `sitegen check` (check; despite: the stages checked on past a stop), the
progress line (progress), `sitegen serve` with its incremental session and the browser's error
overlay (serve, session, preview), `sitegen new` (new, newdataset), and `--help` and command-line
mistakes in the reader's language (helptext).

May use: core, source, data, model, markdown, pages, outputs, incremental.
"""
