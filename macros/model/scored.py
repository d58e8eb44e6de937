"""A scored table (a block with `items` and `scores`, such as a self-scan or a readiness radar) as
a reader sees it: the item of each row named first, and the difference column (`scores.
difference`) computed, as the browser form shows it (ia-calc.js scoreDifference: how far the two
scores lie apart, empty until both are whole numbers on the scale). Used by the worked example on
the tool page and in the example PDF, so the three agree."""

from __future__ import annotations

from collections.abc import Sequence

from macros.model import schema as m

ITEM_HEADING = "Onderdeel"


def score_of(text: object, scores: m.Scores) -> int | None:
    """A whole number on the block's scale, or None (empty, not a number, off the scale)."""
    try:
        value = int(str(text).strip())
    except ValueError:
        return None
    return value if scores.min <= value <= scores.max else None


def difference(row: Sequence[object], block: m.Block) -> str:
    """The difference column of one row: '' when the block has none or a score is missing."""
    scores, columns = block.scores, block.columns or []
    if scores is None or scores.difference is None:
        return ""
    a, b = (columns.index(c) for c in scores.difference.between)
    first = score_of(row[a], scores) if a < len(row) else None
    second = score_of(row[b], scores) if b < len(row) else None
    return "" if first is None or second is None else str(abs(first - second))


def shown_scored(block: m.Block, rows: Sequence[Sequence[object]]) -> tuple[list[str], list[list[str]]]:
    """The headings and rows of a scored table as shown: item first, the difference last. A table
    without items comes back as it is (its own headings)."""
    columns = list(block.columns or [])
    if block.items is None:
        return columns, [[str(c) for c in row] for row in rows]
    diff = block.scores.difference if block.scores is not None else None
    heads = [ITEM_HEADING, *columns] + ([diff.label] if diff is not None else [])
    shown = []
    for item, row in zip(block.items, rows, strict=False):
        cells = [item.label, *(str(c) for c in row)]
        if diff is not None:
            cells += [""] * (len(columns) + 1 - len(cells)) + [difference(row, block)]
        shown.append(cells)
    shown += [[str(c) for c in row] for row in rows[len(block.items) :]]
    return heads, shown
