"""The formulas of a numeric model translated to spreadsheet formulas. The parser and its
allow-list live in macros.model.formula; this module reads the compiled JSON form, so the
workbook computes exactly what macros.model.calc computes.

Every division is guarded: `a / b` becomes `IF(b=0,"…",a/b)` with the Dutch message that
evaluate_model gives for that cell (for an input cell also `ISBLANK`: "Vul eerst … in").

`max(T.c, …)` / `min(T.c, …)` become MAX / MIN over the reserved rows of those columns: a
spreadsheet leaves empty cells and the "" of a blank computed row out (so an empty row is no 0 for
MIN) and gives 0 without any number, as evaluate_model does. A message in a cell of the range (a
computed cell that could not compute, or a number beyond 10^12) makes it an error value, which the
workbook's IFERROR shows as its "kan niet rekenen" message: MAX would skip the text and give a
wrong number.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from macros.model.calc import divide_message
from macros.model.formula import Compiled, FormulaError, column_args, compile_formula, names, parse, row_args

FUNCTIONS: dict[str, str] = {"round": "ROUND", "min": "MIN", "max": "MAX", "abs": "ABS", "sum": "SUM"}
__all__ = ["FormulaError", "Cells", "names", "parse", "spreadsheet", "to_spreadsheet"]


@dataclass
class Cells:
    """Where the names of one formula stand, in the cell being written.

    `ref(name)` → (cell reference, label, is_input); `total(table, column)` → (expression, label);
    `column(table)` → expression; `previous(row)` → the cell of that row in the previous column,
    or None in the first column; `cells(table, column)` → the range of that column's reserved
    rows ($C$8:$C$12), for max() and min() over columns; the workbook always passes it. Without
    `cells` the range is read from what `total(table, column)` sums (kept for callers that have
    no ranges of their own)."""

    ref: Callable[[str], tuple[str, str, bool]]
    total: Callable[[str, str | None], tuple[str, str]]
    column: Callable[[str], str]
    previous: Callable[[str], str | None]
    label: str  # what the cell computes, for a message without a name
    cells: Callable[[str, str], str] | None = None
    rows: Callable[[str], str] | None = None  # computed row → its cells ($B$30:$M$30), for min(r)

    def range(self, table: str, column: str) -> str:
        if self.cells is not None:
            return self.cells(table, column)
        found = set(_RANGE.findall(self.total(table, column)[0]))
        if len(found) != 1:
            raise FormulaError(f"het rekenblad kent de cellen van {table}.{column} niet")
        return found.pop()


_RANGE = re.compile(r"\$?[A-Z]{1,3}\$?[0-9]+:\$?[A-Z]{1,3}\$?[0-9]+")


def spreadsheet(formula: Compiled, cells: Cells) -> str:
    """A compiled formula as a spreadsheet expression (without the leading '=')."""
    return _expression(formula, cells)


def _text(message: str) -> str:
    return '"' + message.replace('"', '""') + '"'


def _expression(node: Compiled, cells: Cells) -> str:
    if "num" in node:
        return repr(node["num"])
    if "ref" in node:
        return cells.ref(node["ref"])[0]
    if "total" in node:
        return cells.total(node["total"], node["col"])[0]
    if "column" in node:
        return cells.column(node["column"])
    if "previous" in node:
        before = cells.previous(node["previous"])
        return before if before is not None else _expression(node["start"], cells)
    if "neg" in node:
        return f"-({_expression(node['neg'], cells)})"
    if "fn" in node:
        over_columns = column_args(node)
        if over_columns is not None:
            return _extreme(node["fn"], [cells.range(a["cells"], a["col"]) for a in over_columns])
        over_rows = row_args(node)
        if over_rows is not None:
            if cells.rows is None:
                raise FormulaError("het rekenblad kent de cellen van een berekende rij hier niet")
            return _extreme(node["fn"], [cells.rows(r) for r in over_rows])
        args = [_expression(a, cells) for a in node["args"]]
        if node["fn"] == "round" and len(args) == 1:
            args.append("0")
        return f"{FUNCTIONS[node['fn']]}({','.join(args)})"
    left, right = _expression(node["a"], cells), _expression(node["b"], cells)
    expression = _operation(node, left, right, cells)
    # A division gives its Dutch message as a text; text in a sum would be an error value, which
    # the cell would show as a general message. Pass it on, the left one first (as evaluate_model).
    for side, child in ((right, node["b"]), (left, node["a"])):
        if child.get("op") == "/":
            expression = f"IF(ISTEXT({side}),{side},{expression})"
    return expression


def _operation(node: Compiled, left: str, right: str, cells: Cells) -> str:
    if node["op"] != "/":
        return f"({left}{node['op']}{right})"
    divisor = node["b"]
    if "ref" in divisor:
        reference, name, is_input = cells.ref(divisor["ref"])
        zero = _text(divide_message(name, False, cells.label))
        if is_input:
            empty = _text(divide_message(name, True, cells.label))
            return f"IF(ISBLANK({reference}),{empty},IF({reference}=0,{zero},{left}/{reference}))"
        return f"IF({reference}=0,{zero},{left}/{reference})"
    total = cells.total(divisor["total"], divisor["col"])[1] if "total" in divisor else None
    zero = _text(divide_message(total, False, cells.label))
    return f"IF({right}=0,{zero},{left}/{right})"


def _extreme(name: str, ranges: list[str]) -> str:
    """MAX or MIN over ranges; an error value (NA) when a cell holds a message or a number beyond
    10^12, where evaluate_model gives no number either."""
    tests = [f"SUMPRODUCT(ISTEXT({r})*(LEN({r})>0))" for r in ranges]
    tests += [f'COUNTIF({r},">1E+12")+COUNTIF({r},"<-1E+12")' for r in ranges]
    return f"IF(({'+'.join(tests)})>0,NA(),{FUNCTIONS[name]}({','.join(ranges)}))"


def to_spreadsheet(text: str, cells: dict[str, str]) -> str:
    """'kosten / deelnemers' with {kosten: B5, deelnemers: B6} → '=IF(…)': a formula over single
    cells only (no tables), for a quick translation."""

    def ref(name: str) -> tuple[str, str, bool]:
        if name not in cells:
            raise FormulaError(f"onbekende invoer in de formule: {name}")
        return cells[name], name, True

    def no_table(*_: object) -> tuple[str, str]:
        raise FormulaError("deze formule gebruikt een tabel")

    def no_column(_: str) -> str:
        raise FormulaError("deze formule gebruikt een tabel")

    lookup = Cells(ref, no_table, no_column, lambda _: None, "de uitkomst")
    return "=" + unwrap(spreadsheet(compile_formula(text), lookup))


def unwrap(expression: str) -> str:
    """Without the brackets around the whole expression, when they are one pair."""
    if not (expression.startswith("(") and expression.endswith(")")):
        return expression
    depth = 0
    in_text = False
    for i, char in enumerate(expression):
        if char == '"':
            in_text = not in_text
        elif not in_text and char in "()":
            depth += 1 if char == "(" else -1
            if depth == 0 and i < len(expression) - 1:
                return expression
    return expression[1:-1]
