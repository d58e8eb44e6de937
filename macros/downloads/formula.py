"""The formulas of a numeric model translated to spreadsheet formulas (the parser and its allow-list
live in macros.model.formula).

A formula names input and output ids and may use numbers, + - * / ( ) and the functions round,
min, max, abs and sum. Anything else is rejected with a Dutch message, so a partner's typo can never
reach a workbook.
"""

from __future__ import annotations

import ast
import decimal
from collections.abc import Mapping

from macros.model.formula import OPERATORS, FormulaError, names, parse

FUNCTIONS: dict[str, str] = {"round": "ROUND", "min": "MIN", "max": "MAX", "abs": "ABS", "sum": "SUM"}
__all__ = ["FormulaError", "evaluate", "names", "parse", "to_spreadsheet"]


def _source(node: ast.AST) -> str:
    return ast.unparse(node)


# --- evaluate (spreadsheet semantics) ------------------------------------------------------------


def evaluate(text: str, values: Mapping[str, float]) -> float:
    """The value of a formula, computed as a spreadsheet does (ROUND rounds half away from zero).
    Raises FormulaError on an unknown id or a division by zero."""
    return _eval(parse(text), values)


def _eval(node: ast.expr, values: Mapping[str, float]) -> float:
    if isinstance(node, ast.Constant):
        assert isinstance(node.value, (int, float))  # parse() lets only numbers through
        return float(node.value)
    if isinstance(node, ast.Name):
        if node.id not in values:
            raise FormulaError(f"onbekende invoer in de formule: {node.id}")
        return float(values[node.id])
    if isinstance(node, ast.UnaryOp):
        operand = _eval(node.operand, values)
        return -operand if isinstance(node.op, ast.USub) else operand
    if isinstance(node, ast.BinOp):
        return _binary(node, _eval(node.left, values), _eval(node.right, values))
    assert isinstance(node, ast.Call) and isinstance(node.func, ast.Name)
    args = [_eval(a, values) for a in node.args]
    return _call(node.func.id, args)


def _binary(node: ast.BinOp, left: float, right: float) -> float:
    if isinstance(node.op, ast.Add):
        return left + right
    if isinstance(node.op, ast.Sub):
        return left - right
    if isinstance(node.op, ast.Mult):
        return left * right
    if right == 0:
        raise FormulaError(f"deling door nul in '{_source(node)}'")
    return left / right


def _call(name: str, args: list[float]) -> float:
    if name == "round":
        return round_half_away(args[0], int(args[1]) if len(args) > 1 else 0)
    if name == "min":
        return min(args)
    if name == "max":
        return max(args)
    if name == "abs":
        return abs(args[0])
    return sum(args)


def round_half_away(value: float, digits: int = 0) -> float:
    """ROUND as in Excel and LibreOffice: 2.5 → 3, -2.5 → -3 (Python's round gives 2)."""
    quantum = decimal.Decimal(1).scaleb(-digits)
    exact = decimal.Decimal(repr(value)).quantize(quantum, rounding=decimal.ROUND_HALF_UP)
    return float(exact)


# --- translate to a spreadsheet formula ----------------------------------------------------------


def to_spreadsheet(text: str, cells: Mapping[str, str]) -> str:
    """'kosten / deelnemers' with {kosten: B5, deelnemers: B6} → '=B5/B6'.

    Every nested operation keeps its brackets: brackets never change a value, so the translation
    is plainly right."""
    tree = parse(text)
    body = _cell_formula(tree, cells)
    if isinstance(tree, ast.BinOp):
        body = body[1:-1]
    return "=" + body


def _cell_formula(node: ast.expr, cells: Mapping[str, str]) -> str:
    if isinstance(node, ast.Constant):
        return repr(node.value)
    if isinstance(node, ast.Name):
        if node.id not in cells:
            raise FormulaError(f"onbekende invoer in de formule: {node.id}")
        return cells[node.id]
    if isinstance(node, ast.UnaryOp):
        sign = "-" if isinstance(node.op, ast.USub) else "+"
        return f"{sign}({_cell_formula(node.operand, cells)})"
    if isinstance(node, ast.BinOp):
        left, right = _cell_formula(node.left, cells), _cell_formula(node.right, cells)
        return f"({left}{OPERATORS[type(node.op)]}{right})"
    assert isinstance(node, ast.Call) and isinstance(node.func, ast.Name)
    args = [_cell_formula(a, cells) for a in node.args]
    if node.func.id == "round" and len(args) == 1:
        args.append("0")
    return f"{FUNCTIONS[node.func.id]}({','.join(args)})"
