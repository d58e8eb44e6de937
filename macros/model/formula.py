"""The formula language of a numeric model (`model:` in a tool's YAML): parse, refuse what is not
allowed, and compile to the one JSON form that Python (macros.model.calc), the browser
(ia-calc.js) and the spreadsheet translation (macros.downloads.formula) all read.

Allowed: numbers, ids, + - * / ( ), round, min, max, abs, sum, and for tables only
`total(T)` (every input cell of table T), `total(T.c)` (column c of T), `max(T.c, …)` and
`min(T.c, …)` (the largest or smallest cell of one or more columns, empty cells left out; only
columns, no numbers mixed in), `column(T)` (the current column of T, inside a computed row) and
`previous(r, start)` (computed row r in the previous column; `start` for the first). Anything else
is refused with a Dutch message, so a partner's typo can never reach a page, a browser or a
workbook.

The compiled form:
`{"num": 1.5}` · `{"ref": "id"}` · `{"op": "+|-|*|/", "a": X, "b": Y}` · `{"neg": X}` ·
`{"fn": "round|min|max|abs|sum", "args": [X, ...]}` · `{"total": "T", "col": "c" | None}` ·
`{"column": "T"}` · `{"previous": "r", "start": X}` · and, only as the arguments of min and max,
`{"cells": "T", "col": "c"}`: `max(gemeente.nu, bronnen.nu)` is
`{"fn": "max", "args": [{"cells": "gemeente", "col": "nu"}, {"cells": "bronnen", "col": "nu"}]}`,
and in an output `{"row": "r"}`: `min(eindsaldo)` over a computed row (with_row_extremes).
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from typing import Any

FUNCTIONS = ("round", "min", "max", "abs", "sum")
TABLE_FUNCTIONS = ("total", "column", "previous")
COLUMN_FUNCTIONS = ("min", "max")  # also over the cells of table columns: max(T.c, …)
OPERATORS: dict[type, str] = {ast.Add: "+", ast.Sub: "-", ast.Mult: "*", ast.Div: "/"}
ALLOWED = (
    "gebruik alleen getallen, id's, + - * / ( ), round, min, max, abs, sum "
    "en bij tabellen total(tabel), total(tabel.kolom), max(tabel.kolom), min(tabel.kolom), column(tabel) "
    "en previous(rij, begin)"
)

Compiled = dict[str, Any]


class FormulaError(ValueError):
    """A formula that is not allowed; the message is Dutch, for the partner."""


def parse(text: str) -> ast.expr:
    """The syntax tree of a formula, or FormulaError when it uses anything not allowed."""
    try:
        tree = ast.parse(text.strip(), mode="eval").body
    except SyntaxError:
        raise FormulaError(f"de formule '{text}' is geen geldige rekenregel; {ALLOWED}") from None
    _check(tree)
    return tree


def compile_formula(text: str) -> Compiled:
    """The JSON form of a formula (see the module docstring); FormulaError when not allowed."""
    return _compile(parse(text))


def _source(node: ast.AST) -> str:
    return ast.unparse(node)


def _check(node: ast.expr) -> None:
    if isinstance(node, ast.BinOp):
        if type(node.op) not in OPERATORS:
            raise FormulaError(f"rekenteken '{_source(node)}' is niet toegestaan; {ALLOWED}")
        _check(node.left)
        _check(node.right)
    elif isinstance(node, ast.UnaryOp):
        if not isinstance(node.op, (ast.USub, ast.UAdd)):
            raise FormulaError(f"'{_source(node)}' is niet toegestaan; {ALLOWED}")
        _check(node.operand)
    elif isinstance(node, ast.Call):
        _check_call(node)
    elif isinstance(node, ast.Constant):
        if isinstance(node.value, bool) or not isinstance(node.value, (int, float)):
            raise FormulaError(f"'{_source(node)}' is geen getal; {ALLOWED}")
    elif isinstance(node, ast.Attribute):
        raise FormulaError(
            f"'{_source(node)}': tabel.kolom kan alleen in total(tabel.kolom), max(tabel.kolom) of min(tabel.kolom)"
        )
    elif not isinstance(node, ast.Name):
        raise FormulaError(f"'{_source(node)}' is niet toegestaan; {ALLOWED}")


def _check_call(node: ast.Call) -> None:
    name = node.func.id if isinstance(node.func, ast.Name) else _source(node.func)
    if name not in FUNCTIONS + TABLE_FUNCTIONS:
        raise FormulaError(f"functie '{name}' is niet toegestaan; {ALLOWED}")
    if node.keywords or any(isinstance(a, ast.Starred) for a in node.args):
        raise FormulaError(f"'{_source(node)}': geef de functie alleen getallen of id's")
    args = node.args
    count = len(args)
    if name == "total":
        if count != 1 or not _is_table_ref(args[0]):
            raise FormulaError("total heeft één tabel nodig: total(kosten) of total(kosten.bedrag)")
        return
    if name == "column":
        if count != 1 or not isinstance(args[0], ast.Name):
            raise FormulaError("column heeft één tabel nodig: column(ontvangsten)")
        return
    if name == "previous":
        if count != 2 or not isinstance(args[0], ast.Name) or not _is_start(args[1]):
            raise FormulaError(
                "previous heeft een rij en een beginwaarde nodig (een invoer-id of een getal): "
                "previous(eindsaldo, beginsaldo)"
            )
        return
    if name in COLUMN_FUNCTIONS and any(isinstance(a, ast.Attribute) for a in args):
        if not all(_is_column_ref(a) for a in args):
            raise FormulaError(
                f"{name} over kolommen krijgt alleen kolommen, zoals {name}(gemeente.nu, bronnen.nu); "
                f"geen getallen of id's erbij"
            )
        return
    if name == "round" and count not in (1, 2):
        raise FormulaError("round heeft 1 of 2 getallen nodig: round(bedrag) of round(bedrag, 2)")
    if name == "abs" and count != 1:
        raise FormulaError("abs heeft precies 1 getal nodig")
    if count == 0:
        raise FormulaError(f"{name} heeft minstens 1 getal nodig")
    if name == "round" and count == 2 and not _is_integer_constant(args[1]):
        raise FormulaError("het tweede getal van round is het aantal decimalen: een geheel getal")
    for arg in args:
        _check(arg)


def _is_table_ref(node: ast.expr) -> bool:
    return isinstance(node, ast.Name) or (isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name))


def _is_column_ref(node: ast.expr) -> bool:
    return isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name)


def _is_start(node: ast.expr) -> bool:
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, (ast.USub, ast.UAdd)):
        node = node.operand
    if isinstance(node, ast.Constant):
        return isinstance(node.value, (int, float)) and not isinstance(node.value, bool)
    return isinstance(node, ast.Name)


def _is_integer_constant(node: ast.expr) -> bool:
    return isinstance(node, ast.Constant) and isinstance(node.value, int) and not isinstance(node.value, bool)


def _compile(node: ast.expr) -> Compiled:
    if isinstance(node, ast.Constant):
        assert isinstance(node.value, (int, float))  # _check lets only numbers through
        return {"num": node.value}
    if isinstance(node, ast.Name):
        return {"ref": node.id}
    if isinstance(node, ast.UnaryOp):
        operand = _compile(node.operand)
        if isinstance(node.op, ast.UAdd):
            return operand
        if "num" in operand:
            return {"num": -operand["num"]}
        return {"neg": operand}
    if isinstance(node, ast.BinOp):
        return {"op": OPERATORS[type(node.op)], "a": _compile(node.left), "b": _compile(node.right)}
    assert isinstance(node, ast.Call) and isinstance(node.func, ast.Name)
    name, args = node.func.id, node.args
    if name == "total":
        target = args[0]
        if isinstance(target, ast.Attribute):
            assert isinstance(target.value, ast.Name)
            return {"total": target.value.id, "col": target.attr}
        assert isinstance(target, ast.Name)
        return {"total": target.id, "col": None}
    if name == "column":
        assert isinstance(args[0], ast.Name)
        return {"column": args[0].id}
    if name == "previous":
        assert isinstance(args[0], ast.Name)
        return {"previous": args[0].id, "start": _compile(args[1])}
    if name in COLUMN_FUNCTIONS and args and all(_is_column_ref(a) for a in args):
        return {"fn": name, "args": [_cells(a) for a in args]}
    return {"fn": name, "args": [_compile(a) for a in args]}


def _cells(node: ast.expr) -> Compiled:
    assert isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name)
    return {"cells": node.value.id, "col": node.attr}


def with_row_extremes(formula: Compiled, rows: set[str]) -> Compiled:
    """`min(r)` and `max(r)` whose arguments are all computed rows (ids in `rows`) become
    `{"fn": "min", "args": [{"row": "r"}]}`: the smallest or largest cell of those rows, such as
    the tightest month of a cash flow. Only an output may do this (the loader checks it)."""
    if "fn" in formula:
        args = formula["args"]
        if formula["fn"] in COLUMN_FUNCTIONS and args and all(a.get("ref") in rows for a in args):
            return {"fn": formula["fn"], "args": [{"row": a["ref"]} for a in args]}
        return {"fn": formula["fn"], "args": [with_row_extremes(a, rows) for a in args]}
    if "op" in formula:
        return {**formula, "a": with_row_extremes(formula["a"], rows), "b": with_row_extremes(formula["b"], rows)}
    if "neg" in formula:
        return {"neg": with_row_extremes(formula["neg"], rows)}
    return formula


def row_args(node: Compiled) -> list[str] | None:
    """The rows of a min or max over computed rows (see with_row_extremes), else None."""
    args = node.get("args") or []
    if node.get("fn") in COLUMN_FUNCTIONS and args and all("row" in a for a in args):
        return [a["row"] for a in args]
    return None


def column_args(node: Compiled) -> list[Compiled] | None:
    """The `{"cells": T, "col": c}` arguments of a min or max over table columns, else None."""
    args = node.get("args") or []
    if node.get("fn") in COLUMN_FUNCTIONS and args and all("cells" in a for a in args):
        return list(args)
    return None


# --- what a compiled formula uses -------------------------------------------------------------


def walk(node: Compiled) -> Iterator[Compiled]:
    """Every node of a compiled formula, depth first."""
    yield node
    if "op" in node:
        yield from walk(node["a"])
        yield from walk(node["b"])
    elif "neg" in node:
        yield from walk(node["neg"])
    elif "fn" in node:
        for arg in node["args"]:
            yield from walk(arg)
    elif "previous" in node:
        yield from walk(node["start"])


def names(text: str) -> set[str]:
    """The plain ids a formula uses (`ref`s, not tables, not previous rows)."""
    return {n["ref"] for n in walk(compile_formula(text)) if "ref" in n}
