"""Dutch messages for pydantic's validation errors, so partners can act on them."""

from __future__ import annotations

import difflib
from typing import Any

from pydantic_core import ErrorDetails

_TYPES = {
    "string_type": "verwacht tekst",
    "int_type": "verwacht een geheel getal",
    "int_parsing": "verwacht een geheel getal",
    "int_from_float": "verwacht een geheel getal",
    "float_type": "verwacht een getal",
    "float_parsing": "verwacht een getal",
    "bool_type": "verwacht true of false",
    "bool_parsing": "verwacht true of false",
    "list_type": "verwacht een lijst (regels die beginnen met '- ')",
    "dict_type": "verwacht een blok met velden (sleutel: waarde)",
    "model_type": "verwacht een blok met velden (sleutel: waarde)",
    "date_type": "verwacht een datum als JJJJ-MM-DD",
    "date_parsing": "verwacht een datum als JJJJ-MM-DD",
    "date_from_datetime_parsing": "verwacht een datum als JJJJ-MM-DD",
    "date_from_datetime_inexact": "verwacht een datum zonder tijd (JJJJ-MM-DD)",
    "url_parsing": "geen geldige URL (begin met https://)",
    "url_scheme": "een URL begint met http:// of https://",
    "missing": "verplicht veld ontbreekt",
}


def _shown(value: Any) -> str:
    """A value in a message: numbers the Dutch way (1.500.000,5), anything else as written."""
    from macros.model.numbers import format_number

    if isinstance(value, (int, float)) and not isinstance(value, bool):
        try:
            return format_number(value)
        except ValueError:  # inf or nan
            return repr(value)
    return repr(value)


def dutch_message(error: ErrorDetails, allowed_fields: list[str] | None = None, description: str | None = None) -> str:
    """Translate one pydantic error dict into a Dutch sentence."""
    kind = error.get("type", "")
    ctx = error.get("ctx") or {}
    field = str(error["loc"][-1]) if error.get("loc") else ""
    if kind == "extra_forbidden":
        message = f"onbekend veld '{field}'"
        close = difflib.get_close_matches(field, allowed_fields or [], n=1, cutoff=0.6)
        if close:
            message += f"; bedoel je '{close[0]}'?"
        elif allowed_fields:
            message += f"; toegestaan: {', '.join(allowed_fields)}"
        return message
    if kind == "literal_error":
        choices = str(ctx.get("expected", "")).replace(" or ", " of ")  # pydantic writes English
        return f"ongeldige waarde {error.get('input')!r}; kies uit: {choices}"
    if kind == "string_pattern_mismatch":
        hint = description or f"moet passen bij {ctx.get('pattern')}"
        return f"ongeldige waarde {error.get('input')!r}: {hint}"
    if kind in ("too_short", "too_long"):
        minimum = ctx.get("min_length")
        if kind == "too_short" and minimum is not None:
            return f"te kort: minimaal {minimum} {'teken' if isinstance(error.get('input'), str) else 'item'}(s)"
        return f"te lang: maximaal {ctx.get('max_length')}"
    if kind == "string_too_short":
        return "mag niet leeg zijn"
    if kind in ("greater_than_equal", "greater_than"):
        return f"moet minstens {_shown(ctx.get('ge', ctx.get('gt')))} zijn (nu {_shown(error.get('input'))})"
    if kind in ("less_than_equal", "less_than"):
        return f"mag hoogstens {_shown(ctx.get('le', ctx.get('lt')))} zijn (nu {_shown(error.get('input'))})"
    if kind == "value_error":
        message = error.get("msg", "")
        return message.removeprefix("Value error, ")
    if kind in _TYPES:
        got = error.get("input")
        suffix = "" if kind == "missing" else f" (nu {_shown(got)})"
        return _TYPES[kind] + suffix
    return error.get("msg", kind)
