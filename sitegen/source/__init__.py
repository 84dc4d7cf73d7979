"""Reading the site's sources: sitegen.toml validated once (config; pydantic's errors as sitegen's
sentences in schema_messages), the theme and the static
files (theme), content/ found and read (content), front matter parsed into typed values
(fmsplit: YAML, TOML or JSON; frontmatter, pure), interface strings with Babel's dates and numbers (i18n), the Jinja
templates checked whole (templates), and the photos the pages show (images).

May use: core.
"""
