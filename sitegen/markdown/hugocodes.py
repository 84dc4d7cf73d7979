"""Hugo's built-in shortcodes, as a newsroom that promises no third-party requests can have them.

- `ref` and `relref`: the URL of another page, in the page's language (or `lang="en"`), with
  an `#anchor`; a page that does not exist is a mistake naming the file and line, as in Hugo.
- `youtube` and `vimeo` (and `vimeo_simple`): a local poster (drawn, or a photo of the bundle
  given as `poster=`) and a link to the video. Nothing is loaded from the video site, neither at
  build time nor when the page is read: the browser asks it only when the reader follows the link.
- `x` (`twitter`, `tweet`) and `instagram`: a card linking to the post, without the platform's script.
- `comment`: text for other writers, never published (Hugo deprecated it for HTML comments).
- `highlight`: code coloured by Pygments as fenced code blocks are (`linenos`, `hl_lines`,
  `linenostart`).
- `param`: a value of the page's front matter, else of the site's `params`.

The videos and posts render through the theme's `shortcodes/youtube.html` (`vimeo.html`,
`x.html`, `instagram.html`), so a site may restyle them in its own `templates/shortcodes/`.
"""

from __future__ import annotations

import html
import re
from datetime import date
from typing import Any

from sitegen.core.errors import SitegenError
from sitegen.core.messages import tr
from sitegen.markdown.calls import Handler, Inline, ShortcodeCall
from sitegen.markdown.links import LinkResolver
from sitegen.model.site import Page
from sitegen.source.images import PictureOf
from sitegen.source.templates import TemplateEnvironment

YOUTUBE_ID = re.compile(r"[A-Za-z0-9_-]{6,20}")
VIMEO_ID = re.compile(r"[0-9]{4,12}")
X_USER = re.compile(r"[A-Za-z0-9_]{1,15}")
X_ID = re.compile(r"[0-9]{1,25}")
INSTAGRAM_ID = re.compile(r"[A-Za-z0-9_-]{5,40}")
SECONDS = re.compile(r"[0-9]{1,6}")
SERVICES = {"youtube": "YouTube", "vimeo": "Vimeo", "instagram": "Instagram"}


def hugo_handlers(env: TemplateEnvironment, resolver: LinkResolver, pictures: PictureOf | None,
                  templates: dict[str, Handler]) -> dict[str, Handler]:
    """Hugo's shortcodes; a site's own `templates/shortcodes/highlight.html` (or param, ref…) wins."""
    videos = _Videos(env, resolver, pictures)
    own = _site_templates(env, templates)

    def ref(call: ShortcodeCall, page: Page) -> str:
        return Inline(env.absurl(_ref(resolver, call, page)))

    def relref(call: ShortcodeCall, page: Page) -> str:
        # A site path: inside [text](…) the link stage adds the base URL's path, as for any /path.
        return Inline(_ref(resolver, call, page))

    handlers: dict[str, Handler] = {
        "ref": ref, "relref": relref, "youtube": videos.youtube, "vimeo": videos.vimeo,
        "vimeo_simple": videos.vimeo, "x": videos.post, "x_simple": videos.post, "twitter": videos.post,
        "twitter_simple": videos.post, "tweet": videos.post, "instagram": videos.instagram,
        "instagram_simple": videos.instagram, "highlight": highlight,
        "param": lambda call, page: param(env, call, page),
        "comment": lambda call, page: "",  # Hugo's (deprecated): a note to other writers, never published
    }
    return {name: handler for name, handler in handlers.items() if name not in own}


def _site_templates(env: TemplateEnvironment, templates: dict[str, Handler]) -> set[str]:
    """Names of the shortcodes the site itself has a template for (not the theme)."""
    folder = env.site_dir / "templates" / "shortcodes"
    # youtube, vimeo and x render through their template anyway: the site's gets the same values.
    return {name for name in templates if (folder / f"{name}.html").is_file()} - {"youtube", "vimeo", "x", "instagram"}


def _ref(resolver: LinkResolver, call: ShortcodeCall, page: Page) -> str:
    target = call.argument("path", 0)
    if not target:
        raise call.problem(tr('needs the page to link to, e.g. {{{{< {name} "news/2025-08-22-rakornis" >}}}}',
                              name=call.name))
    try:
        return resolver.ref(page, target, call.args.get("lang"))
    except SitegenError as error:
        raise call.problem(error.problems[0].message) from None


class _Videos:
    """youtube, vimeo and x: a poster and a link; the reader's browser asks the other site nothing."""

    def __init__(self, env: TemplateEnvironment, resolver: LinkResolver, pictures: PictureOf | None) -> None:
        self.env = env
        self.resolver = resolver
        self.pictures = pictures

    def youtube(self, call: ShortcodeCall, page: Page) -> str:
        video = _checked(call, call.argument("id", 0), YOUTUBE_ID, 'id="0RKpf3rK57I"')
        start = _seconds(call, "start")
        url = f"https://www.youtube.com/watch?v={video}" + (f"&t={start}s" if start else "")
        return self._video(call, page, "YouTube", url)

    def vimeo(self, call: ShortcodeCall, page: Page) -> str:
        video = _checked(call, call.argument("id", 0), VIMEO_ID, 'id="55073825"')
        return self._video(call, page, "Vimeo", f"https://vimeo.com/{video}")

    def post(self, call: ShortcodeCall, page: Page) -> str:
        user = _checked(call, call.argument("user", 0), X_USER, 'user="bp2mi_ri"')
        post = _checked(call, call.argument("id", 1), X_ID, 'id="1453110110599868418"')
        return self.env.render("shortcodes/x.html", {
            "lang": page.lang, "page": page, "args": call.args, "user": user,
            "url": f"https://x.com/{user}/status/{post}", "text": call.args.get("text", "")})

    def instagram(self, call: ShortcodeCall, page: Page) -> str:
        post = _checked(call, call.argument("id", 0), INSTAGRAM_ID, 'id="CxOWiQNP2MO"')
        return self.env.render("shortcodes/instagram.html", {
            "lang": page.lang, "page": page, "args": call.args, "url": f"https://www.instagram.com/p/{post}/",
            "text": call.args.get("text", "")})

    def _video(self, call: ShortcodeCall, page: Page, service: str, url: str) -> str:
        poster = picture = None
        if written := call.args.get("poster"):
            try:
                poster = self.resolver.image(page, written)
            except SitegenError as error:
                raise call.problem(error.problems[0].message.removeprefix("image ")) from None
            picture = self.pictures(page, written, poster) if self.pictures else None
        return self.env.render(f"shortcodes/{call.name}.html", {
            "lang": page.lang, "page": page, "args": call.args, "service": service, "url": url,
            "title": call.args.get("title", ""), "poster": poster, "picture": picture,
            "alt": call.args.get("title", service)})


def _checked(call: ShortcodeCall, value: str | None, pattern: re.Pattern[str], example: str) -> str:
    key = example.split("=")[0]
    if not value:
        raise call.problem(tr("needs {example}", example=example))
    if not pattern.fullmatch(value):
        raise call.problem(tr('{key}="{value}" is not a {service} {key}: write it like {example}', key=key,
                              value=value, service=SERVICES.get(call.name.removesuffix("_simple"), "X"),
                              example=example))
    return value


def _seconds(call: ShortcodeCall, key: str) -> str | None:
    value = call.args.get(key)
    if value is not None and not SECONDS.fullmatch(value):
        raise call.problem(tr('{key}="{value}" must be a number of seconds, like {key}="90"', key=key, value=value))
    return value


def highlight(call: ShortcodeCall, page: Page) -> str:
    """`{{< highlight go "linenos=table,hl_lines=2 4-5" >}}code{{< /highlight >}}`, as Hugo's."""
    if call.raw_inner is None:
        raise call.problem(tr("is not closed: end it with {closing}", closing="{{< /highlight >}}"))
    # Pygments is loaded by the first page that highlights code, not by every build (start-up).
    from pygments import highlight as pygmentize
    from pygments.formatters import HtmlFormatter
    from pygments.lexers import TextLexer, get_lexer_by_name
    from pygments.util import ClassNotFound

    language = call.argument("lang", 0, "text") or "text"
    options = _highlight_options(call, call.args.get("options") or (call.positional[1] if len(call.positional) > 1
                                                                     else ""))
    try:
        lexer = get_lexer_by_name(language)
    except ClassNotFound:
        lexer = TextLexer()  # as Hugo: an unknown language is shown as plain text
    code = call.raw_inner.strip("\n") + "\n"
    return pygmentize(code, lexer, HtmlFormatter(cssclass="highlight", wrapcode=True, **options))


def _highlight_options(call: ShortcodeCall, text: str) -> dict[str, Any]:
    """Hugo's "linenos=table, hl_lines=3 6-8, linenostart=10" as Pygments' options."""
    options: dict[str, Any] = {}
    for part in filter(None, (p.strip() for p in re.split(r",(?=\s*\w+\s*=)", text))):
        key, _, value = (s.strip() for s in part.partition("="))
        if key == "linenos":
            options["linenos"] = {"table": "table", "inline": "inline", "true": "table"}.get(value.lower(), False)
        elif key == "hl_lines":
            options["hl_lines"] = _line_numbers(call, value)
        elif key == "linenostart":
            if not value.isdigit():
                raise call.problem(tr('linenostart="{value}" must be a line number, like linenostart=10', value=value))
            options["linenostart"] = int(value)
        # style, anchorlinenos, lineanchors…: the theme's CSS colours the code, and anchors are not needed
    if "hl_lines" in options and options.get("linenostart", 1) != 1:  # Hugo counts hl_lines from linenostart
        options["hl_lines"] = [n - options["linenostart"] + 1 for n in options["hl_lines"]]
    return options


def _line_numbers(call: ShortcodeCall, value: str) -> list[int]:
    """"3 6-8" -> [3, 6, 7, 8]."""
    numbers: list[int] = []
    for part in value.replace(",", " ").split():
        first, _, last = part.partition("-")
        if not first.isdigit() or (last and not last.isdigit()):
            raise call.problem(tr('hl_lines="{value}" must be line numbers and ranges, like hl_lines="3 6-8"',
                                  value=value))
        numbers += range(int(first), int(last or first) + 1) if int(last or first) - int(first) < 10_000 else []
    return numbers


def param(env: TemplateEnvironment, call: ShortcodeCall, page: Page) -> str:
    """A value of the page's front matter (`params` too), else of sitegen.toml's [params]; dots go deeper."""
    name = call.argument("name", 0)
    if not name:
        raise call.problem(tr("needs the name of a value, e.g. {example}", example='{{< param "description" >}}'))
    value = _lookup(page.params, name)
    if value is None and name in type(page).__dataclass_fields__ and "." not in name:
        value = getattr(page, name)
    if value is None:
        value = _lookup(env.config.params, name)
    if value is None:
        raise call.problem(tr('no value "{name}" in the front matter or in [params] of sitegen.toml', name=name))
    text = _as_text(value)
    return Inline(text) if call.markdown else html.escape(text, quote=False)


def _lookup(values: Any, dotted: str) -> Any:
    for key in dotted.split("."):
        if not isinstance(values, dict):
            return None
        values = next((v for k, v in values.items() if k.lower() == key.lower()), None)  # Hugo: any case
    return values


def _as_text(value: Any) -> str:
    if isinstance(value, (list, tuple)):
        return ", ".join(_as_text(v) for v in value)
    if isinstance(value, date):
        return value.isoformat()
    return str(value)
