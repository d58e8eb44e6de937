"""Two measurements with the same self-scan side by side: the nulmeting of week 1 and the nameting of
week 40 (a tool with `remeasure:`; macros/load/remeasure.py puts the scan in its canvas).

Per theme (a scored table) and per person (a score column such as "Score deelnemer 1"), the mean of
the scores over the theme's rows, before and after. ia-worksheet.js computes the same from what
the browser holds (tests/test_remeasure.py compares both on the worked example).
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from macros.model import schema as m
from macros.model.programme import Programme


def one_decimal(value: float) -> float:
    """Rounded to one decimal, halves up (2,25 → 2,3), as the browser's Math.round does."""
    return math.floor(value * 10 + 0.5) / 10


def weeks(prog: Programme, tool: m.Tool) -> tuple[int | None, int | None]:
    """The first week of the baseline tool and of the re-measurement tool (None without a week)."""
    assert tool.remeasure is not None
    before = prog.weeks_of_tool(tool.remeasure.tool)
    after = prog.weeks_of_tool(tool.id)
    return (min(before) if before else None, min(after) if after else None)


@dataclass(frozen=True)
class Score:
    who: str  # "Deelnemer 1", "Samen"
    before: float | None
    after: float | None

    @property
    def change(self) -> float | None:
        if self.before is None or self.after is None:
            return None
        return one_decimal(self.after - self.before)


@dataclass(frozen=True)
class Theme:
    block: str
    label: str
    scores: tuple[Score, ...]


@dataclass(frozen=True)
class Comparison:
    before_week: int | None
    after_week: int | None
    minimum: int
    maximum: int
    themes: tuple[Theme, ...]


def who(column: str) -> str:
    """ "Score deelnemer 1" → "Deelnemer 1": the person a score column belongs to."""
    name = column[len("Score ") :] if column.lower().startswith("score ") else column
    return name[:1].upper() + name[1:]


def score_of(cell: Any, block: m.Block) -> int | None:
    """A whole score within the block's scale, from a stored cell ("3") or an example value (3)."""
    assert block.scores is not None
    text = str(cell).strip() if cell is not None else ""
    if not text.isdigit():
        return None
    value = int(text)
    return value if block.scores.min <= value <= block.scores.max else None


def means(block: m.Block, rows: Any) -> dict[str, float | None]:
    """Per score column of a scored table: the mean over its rows, to one decimal; None without scores."""
    assert block.scores is not None and block.columns is not None
    table: Sequence[Any] = rows if isinstance(rows, list) else []
    found: dict[str, float | None] = {}
    for column in block.scores.columns:
        index = block.columns.index(column)
        values = [
            v
            for row in table
            if isinstance(row, list) and index < len(row)
            for v in [score_of(row[index], block)]
            if v is not None
        ]
        found[column] = one_decimal(sum(values) / len(values)) if values else None
    return found


def compare(
    tool: m.Tool,
    before: Mapping[str, Any],
    after: Mapping[str, Any],
    weeks: tuple[int | None, int | None] = (None, None),
) -> Comparison:
    """The scan blocks of a re-measurement tool, before (the baseline's answers) and after."""
    assert tool.remeasure is not None
    taken = set(tool.remeasure.blocks)
    themes = []
    low, high = 1, 4
    for block in tool.canvas.blocks:
        if block.id not in taken or block.scores is None:
            continue
        low, high = block.scores.min, block.scores.max
        first, second = means(block, before.get(block.id)), means(block, after.get(block.id))
        themes.append(
            Theme(block.id, block.label, tuple(Score(who(c), first[c], second[c]) for c in block.scores.columns))
        )
    return Comparison(weeks[0], weeks[1], low, high, tuple(themes))


def decimal(value: float | None, signed: bool = False) -> str:
    """3.3 → "3,3"; with `signed` +1,3 / −0,5 / 0,0; None → "–"."""
    if value is None:
        return "–"
    text = f"{abs(value):.1f}".replace(".", ",")
    if not signed or text == "0,0":
        return text if value >= 0 or text == "0,0" else "−" + text
    return ("+" if value > 0 else "−") + text
