"""Which template renders a page: Hugo's lookup by `layout`, `type` and section, kept short.

For a page, the first template that exists of:

1. `<type>/<layout>.html` and `<layout>.html`, when the front matter sets `layout:`;
2. `<type>/single.html` (an article) or `<type>/page.html` (any other page);
3. the theme's `single.html` or `page.html`.

`type` is the front matter's `type:`, else the page's top-level section (`news`), as in Hugo.
A section's list takes its `_index` page's `type` and `layout` the same way, with `list.html`.
A `layout:` that names no template is a mistake (a typo would silently fall back), so it is
reported, with the file and line; a `type:` with no templates of its own is not (Hugo falls back
too, and `type` also groups pages).
"""

from __future__ import annotations

from collections.abc import Callable

from sitegen.core.errors import Problem, SitegenError
from sitegen.core.messages import tr
from sitegen.model.site import Page


def single_layouts(page: Page) -> tuple[str, ...]:
    kind = "single" if page.is_article else "page"
    return _candidates(page.type or page.section.partition("/")[0], page.layout, kind)


def list_layouts(intro: Page | None, section: str) -> tuple[str, ...]:
    kind_type = (intro.type if intro is not None else None) or section.partition("/")[0]
    return _candidates(kind_type, intro.layout if intro is not None else None, "list")


def _candidates(kind_type: str, layout: str | None, default: str) -> tuple[str, ...]:
    names = [f"{kind_type}/{layout}.html", f"{layout}.html"] if layout else []
    if kind_type:
        names.append(f"{kind_type}/{default}.html")
    return tuple(names)


def choose_template(layouts: tuple[str, ...], default: str, exists: Callable[[str], bool],
                    page: Page | None) -> str:
    """The first of a page's templates that exists, else the default; an unknown `layout:` is an error."""
    for name in layouts:
        if exists(name):
            return name
    if page is not None and page.layout:
        raise SitegenError([Problem(page.source, page.key_lines.get("layout"),
                                    tr('front matter "layout": no template {names} in templates/; add one or '
                                       "remove the line", names=" or ".join(layouts[:2])))])
    return default
