"""A model table as people read it, filled with evaluated figures: the header, the rows with their
typed and computed cells, the total row and the computed rows over the table, every figure as
macros.model.calc.display writes it. The tool page's worked example (macros/render/pages.py) and
the Word file (macros/downloads/word.py) both lay out these lines, so they cannot differ.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from macros.model import schema as m
from macros.model.calc import Results, display, shows_total


@dataclass(frozen=True)
class ShownColumn:
    label: str
    unit: str
    computed: bool  # a computed column (never typed)


@dataclass(frozen=True)
class ShownRow:
    label: str
    cells: list[str]  # one per column, as display() writes it ('' when empty or not shown)
    kind: Literal["row", "total", "computed"]  # a typed row, the total row, a computed row


@dataclass(frozen=True)
class ShownTable:
    rows_label: str  # the header of the column with the row names
    columns: list[ShownColumn]
    rows: list[ShownRow]


def shown_table(model: m.NumericModel, table: m.ModelTable, results: Results) -> ShownTable:
    """The rows of `table` with typed and computed columns, its total row (when the table has one;
    procent columns show no total) and the computed rows over it (no value under computed columns)."""
    result = results.tables[table.id]
    columns = [ShownColumn(c.label, table.unit_of(c), False) for c in table.columns]
    columns += [ShownColumn(c.label, c.unit, True) for c in table.computed]
    rows: list[ShownRow] = []
    for i, label in enumerate(result.labels):
        cells = result.cells[i] + [result.computed[c.id][i] for c in table.computed]
        rows.append(ShownRow(label, [display(cell, col.unit) for cell, col in zip(cells, columns, strict=True)], "row"))
    if table.total_row:
        ids = [c.id for c in table.columns] + [c.id for c in table.computed]
        totals = [
            display(result.totals[i], col.unit) if shows_total(col.unit) else ""
            for i, col in zip(ids, columns, strict=True)
        ]
        rows.append(ShownRow(table.total_row, totals, "total"))
    for row in model.rows:
        if row.over == table.id:
            values = [display(cell, row.unit) for cell in results.rows[row.id]]
            rows.append(ShownRow(row.label, values + [""] * len(table.computed), "computed"))
    return ShownTable(table.rows_label, columns, rows)
