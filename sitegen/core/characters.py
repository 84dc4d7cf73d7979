"""Which characters published text may hold, and cleaning text of those it may not.

XML 1.0 forbids the C0 control characters (except tab, line feed and carriage return), the
non-characters U+FFFE and U+FFFF and lone surrogates; one of them makes a whole feed unreadable,
and HTML checkers refuse them too. They reach a release invisibly: Word writes a line break
(Shift+Enter) as a vertical tab and a page break as a form feed, and other programs leave NUL
or a backspace behind. sitegen cleans them out of every content file before reading it (a
vertical tab or form feed becomes a space, the others are dropped), and out of every XML file
it writes, as a last guard for text from elsewhere.

DEL and the C1 controls (U+007F-U+009F) are different: they are the trace of text saved in one
encoding and read in another (U+0092 is what is left of Windows' curly apostrophe ’), and
YAML refuses them. Dropping one would drop a letter, so they are reported with the character
that was probably meant.
"""

from __future__ import annotations

import re

from sitegen.core.messages import tr

# What XML 1.0 does not allow, in text or anywhere else in a document.
_XML_FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")
_AS_SPACE = frozenset("\x0b\x0c")  # Word's line break and page break: they separate words
# The same in a UTF-8 document: a control is one byte, never part of another character's bytes.
_XML_FORBIDDEN_BYTES = re.compile(b"[\x00-\x08\x0b\x0c\x0e-\x1f]|\xef\xbf[\xbe\xbf]")
_MOJIBAKE = re.compile("[\x7f-\x9f]")


def clean(text: str) -> str:
    """The text without the characters XML forbids; a vertical tab or form feed becomes a space."""
    if _XML_FORBIDDEN.search(text) is None:  # nearly always: no new string
        return text
    return _XML_FORBIDDEN.sub(lambda m: " " if m[0] in _AS_SPACE else "", text)


def clean_xml(document: bytes) -> bytes:
    """A UTF-8 XML document without the characters XML forbids, cleaned as `clean` does.

    For text that did not come through a content file (sitegen.toml's titles, say).
    """
    if _XML_FORBIDDEN_BYTES.search(document) is None:
        return document
    return _XML_FORBIDDEN_BYTES.sub(lambda m: b" " if m[0] in (b"\x0b", b"\x0c") else b"", document)


def mojibake(text: str) -> list[tuple[int, str]]:
    """(line, description) of the first DEL or C1 control character on each line that has one."""
    found: dict[int, str] = {}
    for match in _MOJIBAKE.finditer(text):
        line = text.count("\n", 0, match.start()) + 1
        found.setdefault(line, describe_control(match[0]))
    return sorted(found.items())


def find_mojibake(text: str) -> str | None:
    """A description of the first DEL or C1 control character in text, or None."""
    match = _MOJIBAKE.search(text)
    return describe_control(match[0]) if match else None


def describe_control(char: str) -> str:
    """U+0092 -> "the invisible control character U+0092 (probably ’ saved in the wrong encoding)"."""
    described = tr("the invisible control character U+{code:04X}", code=ord(char))
    if ord(char) < 0x80:  # DEL: no other character it could have been
        return described
    try:
        meant = char.encode("latin-1").decode("cp1252")
    except UnicodeDecodeError:  # one of the five bytes Windows-1252 leaves unused
        return described
    return tr("{described} (probably {meant} saved in the wrong encoding)", described=described, meant=meant)
