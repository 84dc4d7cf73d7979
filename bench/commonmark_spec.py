"""How close sitegen's Markdown is to CommonMark: the spec's examples for lists, autolinks,
emphasis and links, and GitHub's strikethrough and task lists, through sitegen's extensions.

    .venv/bin/python bench/commonmark_spec.py [spec.txt]

Without a path, the spec is taken from the `commonmark` package's source distribution (spec
0.29), fetched with pip into a temporary folder. HTML is compared as a browser would read it:
entities decoded, attributes sorted, `class` attributes (task-list styling) and the whitespace
between tags ignored. Typographic quotes (smarty) are an intended difference from the spec, so
the figures are given without them; the script prints both.
"""

from __future__ import annotations

import re
import subprocess
import sys
import tarfile
import tempfile
from html.parser import HTMLParser
from pathlib import Path

import markdown

from sitegen.markdown.writing import EXTENSION_CONFIGS, EXTENSIONS, WritersExtension

SECTIONS = ("List items", "Lists", "Autolinks", "Emphasis and strong emphasis", "Links")
FENCE = "`" * 32
# GitHub-flavoured Markdown spec 0.29-gfm, examples 491, 492 (strikethrough) and 279 (task lists).
GFM = {
    "Strikethrough (GFM)": [
        ("~~Hi~~ Hello, world!\n", "<p><del>Hi</del> Hello, world!</p>\n"),
        ("This ~~has a\n\nnew paragraph~~.\n", "<p>This ~~has a</p>\n<p>new paragraph~~.</p>\n"),
    ],
    "Task list items (GFM)": [
        ("- [ ] foo\n- [x] bar\n", '<ul>\n<li><input disabled="" type="checkbox"> foo</li>\n'
                                   '<li><input checked="" disabled="" type="checkbox"> bar</li>\n</ul>\n'),
    ],
}


def spec_path() -> Path:
    folder = Path(tempfile.mkdtemp())
    subprocess.run([sys.executable, "-m", "pip", "download", "--no-deps", "--no-binary", ":all:", "-q",
                    "-d", str(folder), "commonmark==0.9.1"], check=True)
    with tarfile.open(next(folder.glob("commonmark-*.tar.gz"))) as archive:
        archive.extractall(folder, filter="data")
    return next(folder.glob("commonmark-*/spec.txt"))


def examples(spec: str) -> dict[str, list[tuple[str, str]]]:
    """Section -> (Markdown, HTML) of each example, with the spec's → for tabs undone."""
    found: dict[str, list[tuple[str, str]]] = {}
    section = ""
    for match in re.finditer(rf"^(#+ [^\n]*)$|^{FENCE} example\n(.*?)^\.\n(.*?)^{FENCE}$", spec, flags=re.M | re.S):
        if match[1]:
            section = match[1].lstrip("# ").strip()
            continue
        found.setdefault(section, []).append((match[2].replace("→", "\t"), match[3].replace("→", "\t")))
    return found


class _Canonical(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        kept = sorted((name, value or "") for name, value in attrs if name != "class")
        self.parts.append(f"<{tag}{''.join(f' {n}={v!r}' for n, v in kept)}>")

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)

    def handle_endtag(self, tag: str) -> None:
        self.parts.append(f"</{tag}>")

    def handle_data(self, data: str) -> None:
        self.parts.append(data)


def canonical(html: str) -> str:
    parser = _Canonical()
    parser.feed(html)
    parser.close()
    text = "".join(parser.parts)
    return re.sub(r"\s*(<[^>]+>)\s*", r"\1", text).strip()


def converter(typography: bool) -> markdown.Markdown:
    extensions = [name for name in EXTENSIONS if typography or name != "smarty"]
    writers = WritersExtension()
    return markdown.Markdown(
        extensions=["tables", "footnotes", "attr_list", "sane_lists", "pymdownx.superfences", "toc",
                    *extensions, writers],
        extension_configs={**{k: v for k, v in EXTENSION_CONFIGS.items() if k in extensions},
                           "toc": {"slugify": writers.ids}},
        output_format="html")


def main() -> None:
    spec = Path(sys.argv[1]) if len(sys.argv) > 1 else spec_path()
    cases = {name: items for name, items in examples(spec.read_text(encoding="utf-8")).items() if name in SECTIONS}
    cases.update(GFM)
    for typography in (False, True):
        md = converter(typography)
        passed = total = 0
        print(f"\n{'with' if typography else 'without'} typographic quotes (smarty):")
        for name, items in cases.items():
            ok = 0
            for source, expected in items:
                md.reset()
                ok += canonical(md.convert(source)) == canonical(expected)
            print(f"  {name:32} {ok:3} of {len(items):3} ({100 * ok / len(items):.0f} %)")
            passed, total = passed + ok, total + len(items)
        print(f"  {'all':32} {passed:3} of {total:3} ({100 * passed / total:.0f} %)")


if __name__ == "__main__":
    main()
