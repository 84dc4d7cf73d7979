"""Hugo-style shortcodes: `{{< figure src="foto.jpg" alt="..." >}}` in Markdown.

A shortcode is found in the body before Markdown sees it, handled by a Python function or by
the theme's `shortcodes/<name>.html` template, and its HTML kept out of Markdown's way.
`{{</* figure */>}}` writes the shortcode itself, for documentation. Later stages (charts,
figures from data) register more handlers.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable
from dataclasses import dataclass

from sitegen.core.errors import Problem, SitegenError
from sitegen.markdown.links import LinkResolver
from sitegen.model.site import Page
from sitegen.source.images import PictureOf
from sitegen.source.templates import TemplateEnvironment

# Linear in the text, whatever it holds: every repetition is possessive (`*+`, Python 3.11), so
# a failed match is never retried with a shorter one, and the arguments stop at the next "{{<",
# so an unclosed "{{<" costs the text up to the next one, not the rest of the body. (A lazy
# version that backtracked took 76 s for 46 KB of "{{< a ".) The arguments end at the first
# ">}}" outside quotes, or at "*/ >}}" for the comment form.
CALL = re.compile(
    r"\{\{<\s*+(?P<open>/\*)?+\s*+(?P<name>[A-Za-z][\w-]*+)"
    r"(?P<args>(?:[^>\"'*{]++|\"[^\"]*+\"|'[^']*+'|>(?!\}\})|\*(?!/\s*+>\}\})|\{(?!\{<))*+)"
    r"(?P<close>\*/)?+\s*+>\}\}",
    re.S,
)
ARG = re.compile(
    r"\s*(?:(?P<key>[A-Za-z_][\w-]*)=)?"
    r"(?:\"(?P<dq>[^\"]*)\"|'(?P<sq>[^']*)'|(?P<bare>[^\s\"'=]+))"
)


@dataclass(frozen=True)
class ShortcodeCall:
    """One use of a shortcode, with where it stands, for messages."""

    name: str
    args: dict[str, str]
    positional: tuple[str, ...]
    path: str
    line: int

    def problem(self, message: str) -> SitegenError:
        return SitegenError([Problem(self.path, self.line, f"shortcode {self.name}: {message}")])

    def require(self, key: str, example: str) -> str:
        value = self.args.get(key, "").strip()
        if not value:
            raise self.problem(f'needs {key}="…", e.g. {key}="{example}"')
        return value


Handler = Callable[[ShortcodeCall, Page], str]


def parse_args(text: str, path: str, line: int, name: str) -> tuple[dict[str, str], tuple[str, ...]]:
    """`src="a.jpg" alt='x' wide` -> ({"src": "a.jpg", "alt": "x"}, ("wide",))."""
    named: dict[str, str] = {}
    positional: list[str] = []
    position = 0
    text = text.strip()
    while position < len(text):
        match = ARG.match(text, position)
        if not match or match.end() == position:
            raise SitegenError([Problem(path, line, f"shortcode {name}: cannot read {text[position:].strip()!r}; "
                                                    'write arguments as key="value"')])
        value = next(v for v in (match["dq"], match["sq"], match["bare"]) if v is not None)
        if match["key"]:
            named[match["key"]] = value
        else:
            positional.append(value)
        position = match.end()
    return named, tuple(positional)


def expand(
    text: str,
    page: Page,
    first_line: int,
    handlers: dict[str, Handler],
    stash: Callable[[str], str],
) -> str:
    """Replace every shortcode in `text` by a placeholder for its HTML (from `stash`)."""
    counted = [0, first_line]  # lines are counted on from the last shortcode, not from the top each time

    def replace(match: re.Match[str]) -> str:
        if match["open"] and match["close"]:
            literal = f"{{{{< {match['name']}{match['args'].rstrip()} >}}}}"
            return stash(html.escape(literal, quote=False))
        counted[1] += text.count("\n", counted[0], match.start())
        counted[0] = match.start()
        line = counted[1]
        name = match["name"]
        if name not in handlers:
            known = ", ".join(sorted(handlers))
            raise SitegenError([Problem(page.source, line, f'unknown shortcode "{name}" (known: {known})')])
        args, positional = parse_args(match["args"], page.source, line, name)
        call = ShortcodeCall(name, args, positional, page.source, line)
        return stash(handlers[name](call, page))

    return CALL.sub(replace, text)


def builtin_handlers(env: TemplateEnvironment, resolver: LinkResolver,
                     pictures: PictureOf | None = None) -> dict[str, Handler]:
    """`figure`, and one shortcode for each theme or site template in `shortcodes/`."""

    def from_template(name: str) -> Handler:
        def render(call: ShortcodeCall, page: Page) -> str:
            return env.render(f"shortcodes/{name}.html", {
                "lang": page.lang, "page": page, "args": call.args, "positional": call.positional})
        return render

    def figure(call: ShortcodeCall, page: Page) -> str:
        src = call.require("src", "foto.jpg")
        alt = call.require("alt", "what the photo shows")
        try:
            url = resolver.image(page, src)
        except SitegenError as error:
            raise call.problem(error.problems[0].message.removeprefix("image ")) from None
        picture = pictures(page, src, url) if pictures else None
        return env.render("shortcodes/figure.html", {"lang": page.lang, "src": url, "alt": alt, "args": call.args,
                                                     "picture": picture})

    names = [t.removeprefix("shortcodes/").removesuffix(".html")
             for t in env.env.list_templates() if t.startswith("shortcodes/") and t.endswith(".html")]
    return {**{name: from_template(name) for name in names}, "figure": figure}
