"""Hugo's page options in front matter: `url`, `type`, `layout`, `headless` and `build`.

Read as Hugo defines them (https://gohugo.io/content-management/build-options/), with one
difference on purpose: a page that is not rendered is in no list either, since a list would link to
a page that does not exist (Hugo lists it with an empty link).

- `build.render`: `always` (the default), `never` or `link` (both: no page of its own);
- `build.list`: `always` (the default), `never` (in no list, feed or archive) or `local` (only in
  its own section's list);
- `build.publishResources`: `true` (the default) publishes the bundle's files beside the page;
- `headless: true` is `render: never` and `list: never`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from zoneinfo import ZoneInfo

from sitegen.core.messages import tr
from sitegen.core.paths import alias_problem, is_plain_name

RENDER = ("always", "never", "link")
LIST = ("always", "never", "local")


@dataclass(frozen=True)
class Build:
    """Whether a page is rendered, listed, and its bundle's files published."""

    render: str = "always"
    list: str = "always"
    publish_resources: bool = True

    @property
    def rendered(self) -> bool:
        return self.render == "always"


ALWAYS = Build()  # frozen: one default shared by every page
HEADLESS = Build(render="never", list="never")


def read_build(value: Any, zone: ZoneInfo) -> Build:
    """`build: {render: never, list: local, publishResources: false}`; Hugo's old true/false too."""
    if not isinstance(value, dict):
        raise ValueError(tr('must be a table of keys, such as "render: never" and "list: local"'))
    options: dict[str, Any] = {}
    for key, given in value.items():
        if key == "render":
            options["render"] = _choice(key, given, RENDER, {True: "always", False: "never"})
        elif key == "list":
            options["list"] = _choice(key, given, LIST, {True: "always", False: "never"})
        elif key == "publishResources":
            if not isinstance(given, bool):
                raise ValueError(tr("publishResources must be true or false"))
            options["publish_resources"] = given
        else:
            raise ValueError(tr('has no key "{key}" (keys: render, list, publishResources)', key=key))
    return Build(**options)


def _choice(key: str, given: Any, allowed: tuple[str, ...], legacy: dict[bool, str]) -> str:
    if isinstance(given, bool):
        return legacy[given]
    if given not in allowed:
        raise ValueError(tr("{key} must be one of {allowed}, got {value}", key=key, allowed=", ".join(allowed),
                            value=repr(given)))
    return str(given)


def read_url(value: Any, zone: ZoneInfo) -> str:
    """`url: /tentang-kami/`: the page's whole path on this site (from its root with a leading `/`,
    else below the language's prefix, as Hugo reads it)."""
    if not isinstance(value, str) or not value.strip():
        raise ValueError(tr("must be a path on this site, like /tentang-kami/"))
    path = value.strip()
    if "://" in path or path.startswith("//"):
        raise ValueError(tr("{value} is a full address; write the path on this site, like /tentang-kami/",
                            value=repr(path)))
    reason = alias_problem(path)
    if reason is not None:
        raise ValueError(f"{path!r} {reason}")
    return path


def read_template_name(value: Any, zone: ZoneInfo) -> str:
    """`type:` or `layout:`: a name of templates, not a path."""
    if not isinstance(value, str) or not is_plain_name(value.strip()) or "." in value:
        raise ValueError(tr("must be a template name such as 'gallery' (no folder, no .html), got {value}",
                            value=repr(value)))
    return value.strip()


def page_path_from_url(url: str) -> str:
    """`/tentang-kami` is `/tentang-kami/`; `/feed.html` stays a file."""
    path = "/" + url.strip().lstrip("/")
    return path if path.endswith(("/", ".html")) else path + "/"
