"""Numbers written the Dutch way, and figures of the running example inside YAML text."""

from __future__ import annotations

import re

FIGURE = re.compile(r"\{\{\s*klusbus\(\s*['\"]([a-z0-9-]+)['\"]\s*\)\s*\}\}")


def format_value(value: int | float | str, unit: str = "") -> str:
    """Dutch number style: 62.000, 2,2, € 185.000, € 12,50, 12,5%."""
    if isinstance(value, str):
        return value
    if unit == "jaar":
        return str(int(value))
    if float(value).is_integer():
        text = f"{int(value):,}"
    elif unit == "euro":
        text = f"{value:,.2f}"
    else:
        text = f"{value:,}"
    text = text.replace(",", "\x00").replace(".", ",").replace("\x00", ".")
    if unit == "euro":
        return f"€ {text}"
    if unit == "procent":
        return f"{text}%"
    return text


def expand_figures(text: str, figures: dict) -> tuple[str, list[str]]:
    """Replace `{{ klusbus('id') }}` in YAML text by the figure; return the text and unknown ids."""
    unknown: list[str] = []

    def sub(match: re.Match) -> str:
        fig = figures.get(match.group(1))
        if fig is None:
            unknown.append(match.group(1))
            return match.group(0)
        return format_value(fig.value, fig.unit)

    return FIGURE.sub(sub, text), unknown
