"""Every limit sitegen puts on what it reads, with its number, in one place.

A site's files come from many hands (and, once pull requests are built, from anyone). Each
limit here keeps one small input from exhausting memory or time, or crashing a library below
sitegen. Every one of them is far above what a newsroom writes; going over it gives a message
that names the file and the number, never a traceback. The README's "When something is
wrong" section lists them.
"""

from __future__ import annotations

# Files
CONTENT_FILE_BYTES = 1_000_000  # one Markdown file: a long release is 20 KB
TABLE_FILE_BYTES = 20_000_000  # one CSV, JSON, YAML or XLSX table as it is on disk
XLSX_UNPACKED_BYTES = 100_000_000  # what an XLSX (a ZIP) may unpack to
DESCRIPTOR_BYTES = 1_000_000  # one dataset descriptor

# Structure
NESTING = 20  # levels of lists and tables inside one another, in front matter, descriptors and tables
YAML_NODES = 100_000  # values in one YAML document, counting each repetition of an &anchor
TERMS_PER_PAGE = 100  # categories and tags on one release, together

# Values
DIGITS = 30  # digits in one number (a cell, a front matter value); 10^30 is far past any statistic
CELL_CHARACTERS = 10_000  # characters in one table cell
PATTERN_SECONDS = 0.1  # time a descriptor's `pattern` may take on one cell

# Pictures
IMAGE_PIXELS = 50_000_000  # width x height of one photo, read before it is decoded (a 50-megapixel camera)
