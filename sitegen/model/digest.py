"""A page as a digest of all its fields: what the caches of later stages find a page by.

`repr(page)` would do, but it escapes every character of a page's Markdown and HTML (10 kB a
release), which made up half of what fingerprinting and Markdown cache lookups cost. Here the
short fields are one `repr` and the long texts are hashed as they are, each after its type and
length, so no two different pages can give the same bytes. SHA-256 rather than BLAKE2: the
processors' SHA instructions (which OpenSSL uses) hash a release's 10 kB of text three times as fast.
"""

from __future__ import annotations

import hashlib
from dataclasses import fields
from functools import cache

from sitegen.model.site import Page

LONG_TEXTS = ("body", "content", "toc", "description")  # hashed as they are, not through repr


@cache
def _short_fields(leave_out: frozenset[str]) -> tuple[str, ...]:
    return tuple(f.name for f in fields(Page) if f.name not in LONG_TEXTS and f.name not in leave_out)


def page_digest(page: Page, leave_out: frozenset[str] = frozenset()) -> str:
    """Every field of the page but those in `leave_out` (what a later stage fills in itself)."""
    digest = hashlib.sha256(repr(tuple(getattr(page, name) for name in _short_fields(leave_out))).encode(
        "utf-8", "surrogatepass"))
    for name in LONG_TEXTS:
        if name in leave_out:
            continue
        text = getattr(page, name)
        data = text.encode("utf-8", "surrogatepass") if isinstance(text, str) else repr(text).encode()
        digest.update(f"\0{name} {type(text).__name__} {len(data)}\0".encode())  # Markup and str render apart
        digest.update(data)
    return digest.hexdigest()[:40]  # 160 bits, as long as the blake2b digest it replaced
