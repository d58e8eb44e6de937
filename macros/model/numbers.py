"""Numbers written the Dutch way, and figures of the running example inside YAML text."""

from __future__ import annotations

import re
from collections.abc import Mapping
from decimal import ROUND_HALF_UP, Decimal

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
    from babel.numbers import format_decimal

    number = _decimal(value)
    if decimals is None:
        if number == number.to_integral_value():
            number = number.quantize(Decimal(1))
        return format_decimal(number, format="#,##0.###", locale=LOCALE, decimal_quantization=False)
    number = number.quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)
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
