"""Markdown as writers expect it, where Python-Markdown reads it otherwise than Hugo and GitHub do.

Strikethrough, task lists, bare URLs and typographic quotes come from maintained extensions
(pymdownx.tilde, pymdownx.tasklist, pymdownx.magiclink, smarty; see `EXTENSIONS`). Three things
no maintained extension does the way Hugo does, so they are here, small:

- a list may start on the line right after a paragraph (CommonMark's rule; Python-Markdown
  merges such a list into the paragraph, and a release silently loses its list items);
- `<!--more-->` on a line of its own ends the summary (`split_summary`);
- heading ids are Hugo's (GitHub's): `## Tanya – Jawab` gets `#tanya--jawab`, a second `## Hasil`
  `#hasil-1`, so `#anchor` links in migrated content keep working (`hugo_slug`, `HugoIds`).
"""

from __future__ import annotations

import importlib
import re
from collections.abc import Mapping
from typing import Any

import markdown
from markdown.extensions import Extension
from markdown.preprocessors import Preprocessor

EXTENSIONS = ["pymdownx.tilde", "pymdownx.tasklist", "pymdownx.magiclink", "smarty"]
EXTENSION_CONFIGS = {
    "pymdownx.tilde": {"subscript": False},  # ~one~ is strikethrough too, as on GitHub
    "pymdownx.tasklist": {"custom_checkbox": False},
    "pymdownx.magiclink": {"repo_url_shortener": False, "social_url_shortener": False},
    "smarty": {"smart_angled_quotes": False},
}



class NamedExtensionsMarkdown(markdown.Markdown):
    """Python-Markdown, making the extensions it is given by name as it would, without looking for them
    among the entry points of every installed package first (24 ms of CPU in a build that converts one
    page; superfences names pymdownx.highlight itself). The names used here are their modules'."""

    def build_extension(self, ext_name: str, configs: Mapping[str, Any]) -> Extension:
        if ":" in ext_name:
            return super().build_extension(ext_name, configs)
        module = importlib.import_module(ext_name if "." in ext_name else f"markdown.extensions.{ext_name}")
        return module.makeExtension(**configs)  # type: ignore[no-any-return]


MORE = "<!-- sitegen:more -->"  # where the summary ends, in the HTML until split_summary removes it
_MORE_LINE = re.compile(r"^[ \t]*<!--\s*more\s*-->[ \t]*$", re.I)
_FENCE = re.compile(r"^[ \t]{0,3}(`{3,}|~{3,})")
# A list item that may interrupt a paragraph in CommonMark: any bullet, or a numbered list from 1.
_ITEM = re.compile(r"^[ \t]{0,3}([-+*]|1[.)])[ \t]+\S")
# Lines that open a block of their own: after them, a list needs no blank line anyway.
_NOT_PARAGRAPH = re.compile(r"^([ \t]{4}|[ \t]*([#>|]|<|\{\{<|[-*_=]{3,}[ \t]*$))")


def hugo_slug(text: str, separator: str = "-") -> str:
    """Hugo's heading id (autoHeadingIDType "github"): letters, digits and _ lower-cased, each
    space or hyphen a hyphen, everything else left out; nothing collapsed."""
    return "".join("-" if char in " -" else char.lower() for char in text.strip()
                   if char in " -_" or char.isalnum())


class _WritersPreprocessor(Preprocessor):
    """Lists straight after a paragraph get the blank line Python-Markdown needs; <!--more--> a mark."""

    def run(self, lines: list[str]) -> list[str]:
        result: list[str] = []
        fence: str | None = None
        block = ""  # "paragraph", "list" or "" (anything else): what the last lines were
        after_blank = False
        for line in lines:
            opening = _FENCE.match(line)
            if fence is not None:
                fence = None if opening and opening[1].startswith(fence) else fence
            elif opening:
                fence, block = opening[1], ""
            elif _MORE_LINE.match(line):
                line, block = self.md.htmlStash.store(MORE), ""
            elif _ITEM.match(line):
                if block == "paragraph":
                    result.append("")
                block = "list"
            elif not line.strip():
                block = "list" if block == "list" else ""
            elif block == "" or (block == "list" and after_blank and not line[:1].isspace()):
                block = "" if _NOT_PARAGRAPH.match(line) else "paragraph"
            after_blank = not line.strip()
            result.append(line)
        return result


class HugoIds:
    """Heading ids for the toc extension's `slugify`: Hugo's, and Hugo's way with a repeated heading
    (the second "Hasil" gets hasil-1, the third hasil-2, where Python-Markdown writes hasil_1)."""

    def __init__(self) -> None:
        self.seen: dict[str, int] = {}

    def __call__(self, text: str, separator: str = "-") -> str:
        slug = hugo_slug(text, separator)
        count = self.seen.get(slug, 0)
        self.seen[slug] = count + 1
        return f"{slug}-{count}" if count else slug

    def reset(self) -> None:
        self.seen.clear()


class WritersExtension(Extension):
    """Lists after a paragraph and <!--more--> (the preprocessor), and Hugo's heading ids (`ids`)."""

    def __init__(self) -> None:
        super().__init__()
        self.ids = HugoIds()

    def extendMarkdown(self, md: markdown.Markdown) -> None:  # noqa: N802 (Markdown's API)
        md.registerExtension(self)  # so that md.reset() resets the ids between pages
        # After whitespace normalisation (30) and shortcodes (29), before fenced code (25) and raw HTML (20).
        md.preprocessors.register(_WritersPreprocessor(md), "writers", 28)

    def reset(self) -> None:
        self.ids.reset()


def split_summary(content: str) -> tuple[str, str | None]:
    """The page's HTML without the <!--more--> mark, and the HTML before it (None: no mark)."""
    before, found, after = content.partition(MORE)
    if not found:
        return content, None
    before = before.removesuffix("\n")
    return before + after.replace(MORE, ""), before
