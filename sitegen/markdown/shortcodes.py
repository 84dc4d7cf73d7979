"""Hugo-style shortcodes: `{{< figure src="foto.jpg" alt="..." >}}` in Markdown.

A shortcode is found in the body before Markdown sees it, handled by a Python function or by
the theme's `shortcodes/<name>.html` template (`shortcodes/bs/alert.html` is `bs/alert`), and
its HTML kept out of Markdown's way. As in Hugo:

- a shortcode may be paired, `{{< note >}}…{{< /note >}}`: its template gets the text between
  as `inner` (plain text, escaped; shortcodes inside it are expanded);
- with `%` as delimiter, `{{% note %}}…{{% /note %}}`, the inner text is Markdown, converted
  with the rest of the page (links, footnotes, headings in the table of contents);
- a template that writes `{{ inner | markdownify }}` (Hugo's idiom) gets Markdown with either;
- `{{< name />}}` is a paired shortcode closed at once (no inner text);
- `{{</* figure */>}}` writes the shortcode itself, for documentation.

Later stages (charts, figures from data, hugocodes.py) register more handlers.
"""

from __future__ import annotations

import bisect
import html
import re
from collections.abc import Callable
from dataclasses import dataclass

from markupsafe import Markup

from sitegen.core.errors import Problem, SitegenError
from sitegen.core.limits import SHORTCODE_NESTING
from sitegen.core.messages import tr
from sitegen.markdown.calls import INNER, Handler, Inline, ShortcodeCall
from sitegen.markdown.hugocodes import hugo_handlers
from sitegen.markdown.links import LinkResolver, unsafe_scheme
from sitegen.model.site import Page
from sitegen.source.images import PictureOf
from sitegen.source.templates import TemplateEnvironment

# Linear in the text, whatever it holds: every repetition is possessive (`*+`, Python 3.11), so
# a failed match is never retried with a shorter one, and the arguments stop at the next "{{<"
# (or "{{%"), so an unclosed "{{<" costs the text up to the next one, not the rest of the body.
# (A lazy version that backtracked took 76 s for 46 KB of "{{< a ".) The arguments end at the
# first ">}}" (or "%}}") outside quotes, at "/>}}" (self-closed), or at "*/>}}" (the comment form).
# Each alternative of the arguments starts with its own character, so none is ever retried.
CALL = re.compile(
    r"\{\{(?P<delim>[<%])\s*+(?P<open>/\*)?+\s*+(?P<end>/(?!\*))?+\s*+(?P<name>[A-Za-z][\w-]*+(?:/[A-Za-z][\w-]*+)*+)"
    r"(?P<args>(?:[^>%\"'*{/]++|\"[^\"]*+\"|'[^']*+'|[>%](?!\}\})|\*(?!/\s*+[>%]\}\})|/(?!\s*+[>%]\}\})"
    r"|\{(?!\{[<%]))*+)"
    r"(?P<selfclosed>/)?+(?P<close>\*/)?+\s*+(?P<enddelim>[>%])\}\}",
    re.S,
)
ARG = re.compile(
    r"\s*(?:(?P<key>[A-Za-z_][\w-]*)=)?"
    r"(?:\"(?P<dq>(?:[^\"\\]|\\.)*)\"|`(?P<bq>[^`]*)`|'(?P<sq>[^']*)'|(?P<bare>[^\s\"'=`]+))",
    re.S,
)




def parse_args(text: str, path: str, line: int, name: str) -> tuple[dict[str, str], tuple[str, ...]]:
    """`src="a.jpg" alt='x' wide` -> ({"src": "a.jpg", "alt": "x"}, ("wide",))."""
    named: dict[str, str] = {}
    positional: list[str] = []
    position = 0
    text = text.strip()
    while position < len(text):
        match = ARG.match(text, position)
        if not match or match.end() == position:
            raise SitegenError([Problem(path, line, tr("shortcode {name}: cannot read {text}; write arguments as "
                                                       'key="value"', name=name, text=repr(text[position:].strip())))])
        if match["dq"] is not None:
            value = re.sub(r"\\(.)", r"\1", match["dq"], flags=re.S)
        else:
            value = next(v for v in (match["bq"], match["sq"], match["bare"]) if v is not None)
        if match["key"]:
            named[match["key"]] = value
        else:
            positional.append(value)
        position = match.end()
    return named, tuple(positional)


def _hugo_hint(name: str) -> str | None:
    """What to write instead of one of Hugo's shortcodes that sitegen does not have."""
    if name == "gist":
        return tr("Hugo removed gist in v0.156: link to the gist instead")
    if name == "qr":
        return tr("sitegen draws no QR codes: put a picture of the code in the release's folder, or link to "
                  "the address")
    # A theme's own shortcode: Hugo's layouts/shortcodes/ holds Go templates, which sitegen does not read.
    return tr("to make it, write templates/shortcodes/{name}.html in Jinja (the text between its tags is "
              "{{{{ inner }}}}, its arguments args), not layouts/shortcodes/", name=name)


@dataclass
class _Tag:
    """One `{{< … >}}` in the text; `closes` is where its closing tag is when it is paired."""

    match: re.Match[str]
    line: int
    closes: int | None = None  # index of the closing tag among the tags

    @property
    def name(self) -> str:
        return self.match["name"]

    @property
    def is_comment(self) -> bool:
        return bool(self.match["open"] and self.match["close"])

    @property
    def is_closing(self) -> bool:
        return bool(self.match["end"]) and not self.is_comment


def expand(
    text: str,
    page: Page,
    first_line: int,
    handlers: dict[str, Handler],
    stash: Callable[[str], str],
) -> str:
    """Replace every shortcode in `text` by a placeholder for its HTML (from `stash`)."""
    if "{{" not in text:
        return text
    lines = [m.start() for m in re.finditer("\n", text)]
    tags = [_Tag(m, first_line + bisect.bisect_left(lines, m.start())) for m in CALL.finditer(text)]
    if not tags:
        return text
    _pair(tags, page)
    return _Expansion(text, page, tags, handlers, stash).between(0, len(text), 0, len(tags))


def _pair(tags: list[_Tag], page: Page) -> None:
    """Match each closing tag with the nearest open tag of its name; a stray closing tag is a mistake."""
    open_tags: list[int] = []
    for index, tag in enumerate(tags):
        match = tag.match
        if tag.is_comment:
            continue
        if match["delim"] != ("<" if match["enddelim"] == ">" else "%"):
            raise SitegenError([Problem(page.source, tag.line, tr(
                "shortcode {name}: opened with {{{{{opened} and closed with {closed}}}}}; use the same on both sides",
                name=tag.name, opened=match["delim"], closed=match["enddelim"]))])
        if tag.is_closing:
            position = next((p for p in range(len(open_tags) - 1, -1, -1) if tags[open_tags[p]].name == tag.name),
                            None)
            if position is None:
                opened, closed = ("{{%", "%}}") if match["delim"] == "%" else ("{{<", ">}}")
                raise SitegenError([Problem(page.source, tag.line, tr(
                    "{opened} /{name} {closed} closes a shortcode that was not opened: write {opened} {name} {closed} "
                    "before it, or remove it", name=tag.name, opened=opened, closed=closed))])
            tags[open_tags[position]].closes = index
            del open_tags[position:]  # those opened inside it and never closed stand alone
        elif not match["selfclosed"]:
            open_tags.append(index)


@dataclass
class _Expansion:
    text: str
    page: Page
    tags: list[_Tag]
    handlers: dict[str, Handler]
    stash: Callable[[str], str]
    depth: int = 0  # paired shortcodes around the one expanded: each is a call of `between`

    def between(self, start: int, end: int, first: int, last: int) -> str:
        """The text from `start` to `end`, whose tags are tags[first:last], with every shortcode expanded."""
        out: list[str] = []
        position, index = start, first
        while index < last:
            tag = self.tags[index]
            out.append(self.text[position:tag.match.start()])
            if tag.is_comment:
                literal = f"{{{{{tag.match['delim']} {tag.match['end'] or ''}{tag.name}{tag.match['args'].rstrip()} " \
                          f"{tag.match['enddelim']}}}}}"
                out.append(self.stash(html.escape(literal, quote=False)))
                position, index = tag.match.end(), index + 1
                continue
            closing = self.tags[tag.closes] if tag.closes is not None else None
            out.append(self.call(tag, index, closing))
            position = (closing or tag).match.end()
            index = (tag.closes if tag.closes is not None else index) + 1
        out.append(self.text[position:end])
        return "".join(out)

    def call(self, tag: _Tag, index: int, closing: _Tag | None) -> str:
        name = tag.name
        if name not in self.handlers:
            known = ", ".join(sorted(self.handlers))
            hint = _hugo_hint(name)
            message = tr('unknown shortcode "{name}" (known: {known})', name=name, known=known)
            raise SitegenError([Problem(self.page.source, tag.line, message + (f"; {hint}" if hint else ""))])
        args, positional = parse_args(tag.match["args"], self.page.source, tag.line, name)
        handler = self.handlers[name]
        markdown = tag.match["delim"] == "%" or getattr(handler, "markdown_inner", False)
        raw_inner = inner = None
        expanded = ""
        if closing is not None:
            raw_inner = self.text[tag.match.end():closing.match.start()]
            if self.depth >= SHORTCODE_NESTING:
                raise SitegenError([Problem(self.page.source, tag.line, tr(
                    "shortcode {name}: paired shortcodes are nested more than {limit} deep here; write them one "
                    "after the other", name=name, limit=SHORTCODE_NESTING))])
            self.depth += 1
            try:
                expanded = self.between(tag.match.end(), closing.match.start(), index + 1, tag.closes or index)
            finally:
                self.depth -= 1
            inner = INNER if markdown else html.escape(expanded, quote=False)
        elif tag.match["selfclosed"]:
            raw_inner = inner = ""
        call = ShortcodeCall(name, args, positional, self.page.source, tag.line, inner, markdown, raw_inner,
                             tag.match["delim"])
        result = handler(call, self.page)
        if isinstance(result, Inline):
            return str(result)
        if closing is not None and markdown and result.count(INNER) == 1:
            return self.around_markdown(result, expanded, tag, closing)
        return self.stash(result.replace(INNER, ""))

    def around_markdown(self, result: str, inner: str, tag: _Tag, closing: _Tag) -> str:
        """A {{% %}} shortcode's HTML around its inner Markdown, which stays in the text to be converted."""
        before, after = result.split(INNER)
        on_own_lines = (_alone_on_line(self.text, tag.match.start(), tag.match.end())
                        and _alone_on_line(self.text, closing.match.start(), closing.match.end()))
        # `{{% note %}}text{{% /note %}}` alone on one line, around a <div>: a block too, or the
        # paragraph Markdown makes of the line would hold the <div> (invalid HTML).
        one_line_block = (_alone_on_line(self.text, tag.match.start(), closing.match.end())
                          and _BLOCK_TAG.match(before.lstrip()) is not None)
        if on_own_lines or one_line_block:  # blocks: the inner text is paragraphs of its own
            return f"{self.stash(before.strip())}\n\n{inner.strip(chr(10))}\n\n{self.stash(after.strip())}"
        return f"{self.stash(before)}{inner}{self.stash(after)}"


_BLOCK_TAG = re.compile(r"<(?:address|article|aside|blockquote|details|div|dl|fieldset|figure|footer|form|h[1-6]"
                        r"|header|hr|nav|ol|p|pre|section|table|ul)\b", re.IGNORECASE)


def _alone_on_line(text: str, start: int, end: int) -> bool:
    line_start = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", end)
    return not text[line_start:start].strip() and not text[end:len(text) if line_end < 0 else line_end].strip()


def builtin_handlers(env: TemplateEnvironment, resolver: LinkResolver,
                     pictures: PictureOf | None = None) -> dict[str, Handler]:
    """`figure`, Hugo's own shortcodes (hugocodes.py), and one shortcode for each theme or site
    template in `shortcodes/`, at any depth (`shortcodes/bs/alert.html` is `bs/alert`)."""
    def from_template(name: str) -> Handler:
        template = f"shortcodes/{name}.html"
        source = env.env.loader.get_source(env.env, template)[0] if env.env.loader else ""
        uses_inner = "inner" in source

        def render(call: ShortcodeCall, page: Page) -> str:
            if uses_inner and call.inner is None:
                opened, closed = ("{{%", "%}}") if call.delim == "%" else ("{{<", ">}}")
                raise call.problem(tr("is not closed: end it with {opened} /{name} {closed}, or close it at once "
                                      "with {opened} {name} /{closed}", opened=opened, closed=closed, name=call.name))
            return env.render(template, {
                "lang": page.lang, "page": page, "args": call.args, "positional": call.positional,
                "inner": Markup(call.inner or "")})
        if "markdownify" in source:  # its inner text is Markdown, converted with the page, whatever the delimiter
            render.markdown_inner = True  # type: ignore[attr-defined]
        return render

    def figure(call: ShortcodeCall, page: Page) -> str:
        src = call.require("src", "foto.jpg")
        alt = call.require("alt", "what the photo shows")
        try:
            url = resolver.image(page, src)
        except SitegenError as error:
            raise call.problem(error.problems[0].message.removeprefix("image ")) from None
        picture = pictures(page, *without_fragment(src, url)) if pictures else None
        links = {key: _figure_link(resolver, call, page, key) for key in ("link", "attrlink")}
        return env.render("shortcodes/figure.html", {"lang": page.lang, "src": url, "alt": alt, "args": call.args,
                                                     "picture": picture, **links})

    names = [t.removeprefix("shortcodes/").removesuffix(".html")
             for t in env.env.list_templates() if t.startswith("shortcodes/") and t.endswith(".html")]
    templates = {name: from_template(name) for name in names if CALL_NAME.fullmatch(name)}
    return {**templates, **hugo_handlers(env, resolver, pictures, templates), "figure": figure}


def _figure_link(resolver: LinkResolver, call: ShortcodeCall, page: Page, key: str) -> str | None:
    """Hugo's figure `link` (the photo links to it) or `attrlink` (the credit does), checked as a
    Markdown link is: a content file becomes its URL, a missing one or a `javascript:` link stops."""
    written = call.args.get(key, "").strip()
    if not written:
        return None
    if scheme := unsafe_scheme(written):
        raise call.problem(tr("{key}={link} would run code in a reader's browser; sitegen never publishes "
                              "{scheme}: links: link to a page or a file instead", key=key, link=repr(written),
                              scheme=scheme))
    try:
        return resolver.link(page, written)
    except SitegenError as error:
        raise call.problem(error.problems[0].message) from None


CALL_NAME = re.compile(r"[A-Za-z][\w-]*(?:/[A-Za-z][\w-]*)*")


def without_fragment(written: str, url: str) -> tuple[str, str]:
    """A photo's path and URL without `#center` or `?w=1`: what Hugo writers add for their CSS,
    which is not part of the file's name (the photo still gets its sizes and WebP)."""
    return re.sub(r"[?#].*", "", written, flags=re.S), re.sub(r"[?#].*", "", url, flags=re.S)
