"""pydantic's errors as sentences a person editing sitegen.toml, a descriptor or a chart can act on.

pydantic words its errors in English for programmers ("Input should be a valid integer, unable
to parse string as an integer"). Each error kind a site's files can cause is mapped here to one
of sitegen's own messages, written with tr() so that it reads in Indonesian or English; a kind
not listed (rare: a validator's own ValueError) keeps the validator's text, which sitegen also
writes with tr().
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from babel.lists import format_list

from sitegen.core.messages import language, tr, trn

LIST_EXAMPLE = '["a", "b"]'


def _expected_messages() -> dict[str, Callable[[dict[str, Any]], str]]:
    """Error kind -> the sentence (in the current language) saying what the value must be."""
    return {
        "int": lambda _: tr("must be a whole number"),
        "float": lambda _: tr("must be a number"),
        "string": lambda _: tr("must be text in quotes"),
        "bool": lambda _: tr("must be true or false"),
        "dict": lambda _: tr("must be a table of keys"),
        "model": lambda _: tr("must be a table of keys"),
        "model_attributes": lambda _: tr("must be a table of keys"),
        "list": lambda _: tr("must be a list, like {example}", example=LIST_EXAMPLE),
        "tuple": lambda _: tr("must be a list, like {example}", example=LIST_EXAMPLE),
        "date": lambda _: tr("must be a date written as 2025-08-22"),
        "greater_than_equal": lambda ctx: tr("must be {number} or more", number=ctx.get("ge")),
        "greater_than": lambda ctx: tr("must be more than {number}", number=ctx.get("gt")),
        "less_than_equal": lambda ctx: tr("must be {number} or less", number=ctx.get("le")),
        "less_than": lambda ctx: tr("must be less than {number}", number=ctx.get("lt")),
        "literal_error": lambda ctx: tr("must be one of {choices}", choices=_choices(ctx.get("expected", ""))),
        "enum": lambda ctx: tr("must be one of {choices}", choices=_choices(ctx.get("expected", ""))),
        "string_too_short": lambda ctx: tr("must be at least {count} characters long", count=ctx.get("min_length")),
        "string_too_long": lambda ctx: tr("must be at most {count} characters long", count=ctx.get("max_length")),
        "too_short": lambda ctx: trn("must have at least {count} item", "must have at least {count} items",
                                     int(ctx.get("min_length", 0))),
        "too_long": lambda ctx: trn("must have at most {count} item", "must have at most {count} items",
                                    int(ctx.get("max_length", 0))),
    }


def _kind(error_type: str) -> str:
    """int_parsing, int_type, int_from_float -> int; date_from_datetime_parsing -> date."""
    for suffix in ("_from_datetime_parsing", "_from_datetime_inexact", "_type", "_parsing", "_from_float"):
        error_type = error_type.removesuffix(suffix)
    return error_type


def _choices(expected: str) -> str:
    """pydantic's "'x', 'y' or 'z'" as a list in the reader's language: 'x', 'y' atau 'z'."""
    values = [f"'{value}'" for value in re.findall(r"'((?:[^'\\]|\\.)*)'", expected)]
    return format_list(values, style="or", locale=language()) if values else expected


def show(value: Any) -> str:
    return repr(value) if isinstance(value, str) else str(value)


def value_message(error: Any) -> str:
    """What one pydantic error (not an unknown or missing key) says the value must be."""
    expected = _expected_messages().get(_kind(error["type"]))
    if expected is not None:
        return tr("{expected} (got {value})", expected=expected(error.get("ctx") or {}),
                  value=show(error.get("input")))
    message = str(error["msg"]).removeprefix("Value error, ").removeprefix("Assertion failed, ")
    return message[:1].lower() + message[1:]


def unknown_key_message(key: str, close: str | None, allowed: list[str]) -> str:
    if close:
        return tr('unknown key "{key}"; did you mean "{close}"?', key=key, close=close)
    return tr('unknown key "{key}" (allowed: {allowed})', key=key, allowed=", ".join(allowed))


def missing_key_message(key: str) -> str:
    return tr('missing key "{key}"', key=key)


def key_message(key: str, message: str) -> str:
    return tr('key "{key}": {message}', key=key, message=message) if key else message
