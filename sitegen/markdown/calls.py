"""What a shortcode's handler gets and gives (shortcodes.py finds the calls, hugocodes.py and
figures.py handle some of them)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from sitegen.core.errors import Problem, SitegenError
from sitegen.core.messages import tr
from sitegen.model.site import Page

INNER = "\x02sitegen-inner\x03"  # where a template put `inner`, for a {{% %}} shortcode's Markdown


@dataclass(frozen=True)
class ShortcodeCall:
    """One use of a shortcode, with where it stands, for messages.

    `inner` is None for a shortcode that is not paired; else the text between its tags: escaped
    text for `{{< >}}`, and for `{{% %}}` (or a template that writes `inner | markdownify`) a mark
    where the Markdown goes (`markdown` is True).
    """

    name: str
    args: dict[str, str]
    positional: tuple[str, ...]
    path: str
    line: int
    inner: str | None = None
    markdown: bool = False
    raw_inner: str | None = None  # the text between the tags as written (for highlight)
    delim: str = "<"  # "<" or "%", as the shortcode was written

    def problem(self, message: str) -> SitegenError:
        return SitegenError([Problem(self.path, self.line, tr("shortcode {name}: {problem}", name=self.name,
                                                              problem=message))])

    def require(self, key: str, example: str) -> str:
        value = self.args.get(key, "").strip()
        if not value:
            raise self.problem(tr('needs {key}="…", e.g. {key}="{example}"', key=key, example=example))
        return value

    def argument(self, key: str, position: int, default: str | None = None) -> str | None:
        """A named argument, or else the positional one at `position` (Hugo allows either form)."""
        if key in self.args:
            return self.args[key]
        return self.positional[position] if position < len(self.positional) else default


class Inline(str):
    """A handler's result to leave in the Markdown as text (a URL inside `[text](…)`, a value),
    instead of keeping it aside as HTML."""


Handler = Callable[[ShortcodeCall, Page], str]
