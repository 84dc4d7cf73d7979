"""`sitegen new`: a new release or page, in every language, from an archetype.

Hugo's convention: the front matter and body a new file starts with come from
`archetypes/<kind>.md` in the site, else in the theme, else `archetypes/default.md`, else a
built-in one. Archetypes are Jinja templates that see `title`, `date`, `lang`, `language`,
`dateline`, `credit`, `kind` and `slug`; `| quote` writes a YAML-safe string.
"""

from __future__ import annotations

import contextlib
import json
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import jinja2
from slugify import slugify

from sitegen.core.characters import clean, find_mojibake
from sitegen.core.errors import Problem, SitegenError
from sitegen.core.messages import tr
from sitegen.source.config import Config, load_config
from sitegen.source.content import CONTENT_DIR
from sitegen.source.theme import find_theme

ARCHETYPES_DIR = "archetypes"
PAGE_KINDS = {"page": "pages", "pages": "pages"}  # standalone pages: no date in the folder's name
BUILT_IN = """\
---
title: {{ title | quote }}
date: {{ date }}
draft: true
summary: ""
{% if kind != "pages" %}categories: []
tags: []
{% if dateline %}dateline: {{ dateline | quote }}
{% endif %}{% if credit %}credit: {{ credit | quote }}
{% endif %}{% endif %}---
"""


@dataclass(frozen=True)
class Created:
    files: list[str]  # site-relative paths


def new_content(site_dir: Path, kind: str, title: str, now: datetime | None = None) -> Created:
    """Create `content/<section>/<folder>/index.<lang>.md` for every language; never overwrite."""
    site_dir = site_dir.resolve()
    config = load_config(site_dir)
    title = _plain_title(title)
    slug = slugify(title)
    if not slug:
        raise SitegenError([Problem(CONTENT_DIR, None, tr("cannot make a file name from the title {title}; use "
                                                          "letters or digits", title=repr(title)))])
    moment = (now or datetime.now(config.zone)).astimezone(config.zone).replace(microsecond=0)
    section = PAGE_KINDS.get(kind, kind)
    folder = slug if section == "pages" else f"{moment.date().isoformat()}-{slug}"
    bundle = site_dir / CONTENT_DIR / section / folder
    if bundle.exists():
        raise SitegenError([Problem(_relative(bundle, site_dir), None, tr("exists already: choose another title, or "
                                                                          "edit the files in it"))])
    template = _archetype(site_dir, config, section)
    texts = {
        lang: template.render(title=title, date=moment.isoformat(), lang=lang, language=config.languages[lang].name,
                              dateline=config.new.dateline, credit=config.new.credit, kind=section, slug=slug)
        for lang in config.language_codes
    }
    bundle.mkdir(parents=True)
    created = []
    for lang, text in texts.items():
        file = bundle / f"index.{lang}.md"
        file.write_text(text, encoding="utf-8")
        created.append(_relative(file, site_dir))
    return Created(created)


def _plain_title(title: str) -> str:
    """The title as one line of text, cleaned as a content file is when it is read (characters.py).

    A garbled character is refused rather than written: YAML would refuse the file at the next build.
    """
    garbled = find_mojibake(title)
    if garbled is not None:
        raise SitegenError([Problem(CONTENT_DIR, None, tr("the title holds {garbled}; retype it", garbled=garbled))])
    return " ".join(clean(title).split())


def _archetype(site_dir: Path, config: Config, section: str) -> jinja2.Template:
    folders = [site_dir / ARCHETYPES_DIR]
    with contextlib.suppress(SitegenError):  # without its theme, a site still gets the built-in archetype
        folders.append(find_theme(config, site_dir) / ARCHETYPES_DIR)
    env = jinja2.Environment(loader=jinja2.FileSystemLoader([str(f) for f in folders]),
                             undefined=jinja2.StrictUndefined, keep_trailing_newline=True, autoescape=False)
    env.filters["quote"] = lambda value: json.dumps(str(value), ensure_ascii=False)
    for name in (f"{section}.md", "default.md"):
        try:
            return env.get_template(name)
        except jinja2.TemplateNotFound:
            continue
        except jinja2.TemplateSyntaxError as error:
            raise SitegenError([Problem(f"{ARCHETYPES_DIR}/{name}", error.lineno,
                                        tr("archetype syntax error: {problem}", problem=error.message))]) from None
    return env.from_string(BUILT_IN)


def _relative(path: Path, site_dir: Path) -> str:
    return path.relative_to(site_dir).as_posix()
