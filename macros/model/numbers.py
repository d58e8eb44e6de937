"""Numbers written the Dutch way, and figures of the running example inside YAML text."""

from __future__ import annotations

import re
from collections.abc import Mapping
from decimal import ROUND_HALF_UP, Decimal, localcontext
from functools import lru_cache

# Not under TYPE_CHECKING: the reload order of `mkdocs serve` (macros/site/hooks.py) follows the
# run-time imports only, and tests/test_architecture.py wants every import in that order.
from macros.model.schema import Figure

FIGURE = re.compile(r"\{\{\s*klusbus\(\s*['\"]([a-z0-9-]+)['\"]\s*\)\s*\}\}")


# The one formatter for every number people read: pages, downloads, calendars and messages. Babel
# with the Dutch locale (pinned in pyproject.toml): 1.500.000 and 1.234,57, never 1,5e+06 or 62,000.
# Excel cells keep their numeric value with a number format instead (macros/downloads/workbook.py).
LOCALE = "nl_NL"


def _decimal(value: int | float | Decimal) -> Decimal:
    if isinstance(value, bool) or not isinstance(value, (int, float, Decimal)):
        raise TypeError(f"geen getal: {value!r}")
    number = value if isinstance(value, Decimal) else Decimal(str(value))
    if not number.is_finite():
        raise ValueError(f"geen eindig getal: {value!r}")
    return number


def format_number(value: int | float | Decimal, decimals: int | None = None) -> str:
    """1.500.000, 1.234,567, 0,00001 (every decimal of the value), or with exactly `decimals`
    decimals, rounded half up as people (and Excel's ROUND) do: format_number(1.25, 1) == "1,3"."""
    return _formatted(str(_decimal(value)), decimals)


@lru_cache(maxsize=8192)
def _formatted(digits: str, decimals: int | None) -> str:
    """format_number of Decimal(digits), kept: a build formats about 2,500 numbers, most of them
    many times. The key is the text of the number, so 1.5 and 1.50 stay apart; the rounding runs in
    its own decimal context (34 digits, as the calculations), so the answer never depends on the
    caller's."""
    from babel.numbers import format_decimal

    with localcontext() as context:
        context.prec = 34
        number = Decimal(digits)
        if decimals is None:
            if number == number.to_integral_value():
                number = number.quantize(Decimal(1))
            return format_decimal(
                abs(number) if number == 0 else number, format="#,##0.###", locale=LOCALE, decimal_quantization=False
            )
        number = number.quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)
        if number == 0:  # -0,001 rounds to 0,00, not -0,00 (ia-calc.js drops the sign of a zero too)
            number = abs(number)
        pattern = "#,##0" + ("." + "0" * decimals if decimals else "")
        return format_decimal(number, format=pattern, locale=LOCALE)


def format_euro(value: int | float | Decimal) -> str:
    """€ 185.000 for whole euros, € 12,50 and € 1.234,57 otherwise (€ -1.500 when negative)."""
    number = _decimal(value)
    whole = number == number.to_integral_value()
    return f"€ {format_number(number, 0 if whole else 2)}"


def format_percent(value: int | float | Decimal) -> str:
    """A value that is already a percentage: 12,5%, 0,125%."""
    return f"{format_number(value)}%"


def format_value(value: int | float | str, unit: str = "") -> str:
    """Dutch number style by unit: 62.000, 2,2, € 185.000, € 12,50, 12,5%, and a year as 2019."""
    if isinstance(value, str):
        return value
    if unit == "jaar":
        return str(int(value))
    if unit == "euro":
        return format_euro(value)
    if unit == "procent":
        return format_percent(value)
    return format_number(value)


def expand_figures(text: str, figures: Mapping[str, Figure]) -> tuple[str, list[str]]:
    """Replace `{{ klusbus('id') }}` in YAML text by the figure; return the text and unknown ids."""
    unknown: list[str] = []

    def sub(match: re.Match[str]) -> str:
        fig = figures.get(match.group(1))
        if fig is None:
            unknown.append(match.group(1))
            return match.group(0)
        return format_value(fig.value, fig.unit)

    return FIGURE.sub(sub, text), unknown


# --- numbers as a duo types them ------------------------------------------------------------------

# The largest number the calculating tools accept (in either sign): beyond it, a typo is likelier
# than a real budget, and a spreadsheet starts to lose cents.
LIMIT = Decimal(10) ** 12


# The one rounding rule of the calculating tools (issue 14), word for word on the online form
# (macros/render/calcforms.py), in the workbook, the Word file and the PDFs (macros/downloads/).
ROUNDING_RULE = (
    "Rekenregel: we rekenen met de getallen zoals jullie ze invullen. We ronden tussendoor niet af. "
    "Alleen wat jullie zien, is afgerond: bedragen op centen, procenten op 1 decimaal. "
    "Een totaal is de som van de onafgeronde bedragen. Pas daarna ronden we af. Een spreadsheet doet dat ook. "
    "Daardoor kan een totaal een paar cent verschillen van de som van de afgeronde bedragen. "
    "Een lege cel telt als 0."
)


class NumberError(ValueError):
    """Text that is not a Dutch number; the message is Dutch, for the duo."""


# The messages of parse_dutch. ia-calc.js gives the same texts (tests/fixtures/dutch_numbers.json).
NOT_A_NUMBER = "Dit is geen getal. Schrijf alleen cijfers, zoals 1.250,50 of 12,5%."
TWO_COMMAS = "Er staat meer dan één komma in. Gebruik één komma voor de decimalen, zoals 12,5."
BAD_DOTS = "De punten staan niet goed. Een punt scheidt duizendtallen (1.250); decimalen komen na een komma (12,5)."
DOT_AFTER_COMMA = "Na de komma kan geen punt of spatie meer komen. Schrijf bijvoorbeeld 1.250,50."
TOO_LARGE = "Dit getal is te groot om mee te rekenen (meer dan 1.000.000.000.000)."

_GROUPED = re.compile(r"^[0-9]{1,3}([. ][0-9]{3})+$")


def parse_dutch(text: str) -> Decimal | None:
    """A number as a duo types it, the Dutch way: `1.250,50`, `€ 1.250`, `1250`, `-250`, `12%`,
    `12,5 %`, `1 250` (a space between thousands). None for an empty text; NumberError (with a
    Dutch message) for `12,5,0`, `1.25.0`, `1,2.3`, letters, or more than 10^12.

    A `%` or `€` is only read past: the unit comes from the cell (12% is 12, in percentage points)."""
    body = text.replace("\u00a0", " ").replace("\u202f", " ").replace("\u2212", "-").strip()
    if not body:
        return None
    sign = ""
    if body.startswith("€"):
        body = body[1:].strip()
    if body[:1] in ("-", "+"):
        sign, body = ("-" if body[0] == "-" else ""), body[1:].strip()
    if body.startswith("€"):
        body = body[1:].strip()
    if body.endswith("%"):
        body = body[:-1].strip()
    if not body or not re.fullmatch(r"[0-9., ]+", body) or not body[0].isdigit():
        raise NumberError(NOT_A_NUMBER)
    whole, comma, decimals = body.partition(",")
    if "," in decimals:
        raise NumberError(TWO_COMMAS)
    if comma and not re.fullmatch(r"[0-9]+", decimals):
        raise NumberError(DOT_AFTER_COMMA if decimals else NOT_A_NUMBER)
    if not re.fullmatch(r"[0-9]+", whole):
        if not _GROUPED.match(whole) or ("." in whole and " " in whole):
            raise NumberError(BAD_DOTS)
        whole = whole.replace(".", "").replace(" ", "")
    number = Decimal(f"{sign}{whole}.{decimals or '0'}")
    if abs(number) > LIMIT:
        raise NumberError(TOO_LARGE)
    return number + 0  # -0 becomes 0


def canonical(number: Decimal) -> str:
    """The plain decimal text of a number, without trailing zeros: 1250.5, 12, -0.25 (the `out` of
    tests/fixtures/dutch_numbers.json; what JavaScript's String(Number) gives for these)."""
    text = format(number, "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text
