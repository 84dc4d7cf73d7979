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
TABLE_FILE_BYTES = 10_000_000  # one CSV, JSON, YAML or XLSX table as it is on disk (a 5 MB CSV is 100,000 rows)
XLSX_UNPACKED_BYTES = 100_000_000  # what an XLSX (a ZIP) may unpack to
DESCRIPTOR_BYTES = 1_000_000  # one dataset descriptor
HUGO_CONFIG_BYTES = 1_000_000  # the Hugo config `sitegen import` reads (a large one is 10 KB)
SHORTCODE_NESTING = 50  # paired shortcodes inside each other (a real page: 2 or 3)
TABLE_CELLS = 500_000  # cells in one table (rows x columns): each is checked, typed and kept in memory

# Structure
NESTING = 20  # levels of lists and tables inside one another, in front matter, descriptors and tables
YAML_NODES = 100_000  # values in one YAML document, counting each repetition of an &anchor
TERMS_PER_PAGE = 100  # categories and tags on one release, together

# Values
DIGITS = 30  # digits in one number (a cell, a front matter value); 10^30 is far past any statistic
CELL_CHARACTERS = 10_000  # characters in one table cell
YEARS = (1900, 9999)  # first and last year of a front matter date: year 1 or 10000 overflows Python's dates
PATTERN_MEMORY = 8 << 20  # memory RE2 may use to compile a descriptor's `pattern`; it then matches in time
# proportional to the cell, so no pattern needs (or gets) a time limit
CELL_PROBLEMS = 100  # bad cells listed from one table; the rest are counted, not printed a line each
SAFE_INTEGER = 2**53 - 1  # largest whole number in an integer column: JavaScript (Vega's charts, readers of
# the JSON download) holds whole numbers exactly only up to 9,007,199,254,740,991
TABLE_ROWS_SHOWN = 1_000  # rows a dataset's page shows as an HTML table; its downloads hold every row
CHART_POINTS = 5_000  # bars, dots or slices in one chart (five years of days): more is unreadable and slow to draw

# Pictures
IMAGE_PIXELS = 50_000_000  # width x height of one photo, read before it is decoded (a 50-megapixel camera)
