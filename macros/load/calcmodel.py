"""The numeric model of a tool at load time: every partner error with file, line and field, and the
worked example filled in from the Klusbus data.

Checks: ids unique across inputs, tables, rows and outputs (and no column id that is also one of
those); `{klusbus: id}` names a figure or table of docs/_data/klusbus.yml of the right shape, and a
table row's `{klusbus: id}` (in the tool or in klusbus.yml) names a figure that is a number;
every formula uses only the allowed language, in its place (column() and previous() only in
`rows`), and only ids that exist there; column() only over a table with the same columns; no
circle; the worked example computes (no division by 0) and gives each output's `expected` to
the cent; a model table has its canvas block (kind: table).

Then the tool is returned with the example resolved: every `{klusbus: id}` (an input, a table, a
cell of a row) replaced by the numbers, the
columns of a model table's canvas block derived from the model, and the example values of the
blocks that show the model (number, table, results) computed, so every page and download shows
the same figures.
"""

from __future__ import annotations

import difflib
from decimal import Decimal

from macros.load.yamlpos import Located
from macros.model import schema as m
from macros.model.calc import (
    ModelError,
    Results,
    display,
    evaluate_example,
    evaluation_order,
    to_cents,
)
from macros.model.formula import Compiled, FormulaError, compile_formula, walk, with_row_extremes
from macros.model.numbers import format_number, format_value
from macros.model.problems import Problem

KLUSBUS = "docs/_data/klusbus.yml"


def check_model(
    tool: m.Tool, loc: Located, path: str, example: m.RunningExample | None
) -> tuple[m.Tool, list[Problem]]:
    """The problems of the tool's model, and the tool with its worked example filled in."""
    checker = _Checker(tool, loc, path, example)
    return checker.run()


class _Checker:
    def __init__(self, tool: m.Tool, loc: Located, path: str, example: m.RunningExample | None):
        self.tool = tool
        self.loc = loc
        self.path = path
        self.example = example
        self.problems: list[Problem] = []

    def error(self, where: tuple[str | int, ...], message: str) -> None:
        self.problems.append(Problem(self.path, self.loc.line_of(where), ".".join(map(str, where)), message))

    def run(self) -> tuple[m.Tool, list[Problem]]:
        tool = self.tool
        if tool.model is None:
            for i, block in enumerate(tool.canvas.blocks):
                if block.kind == "results":
                    self.error(
                        ("canvas", "blocks", i, "kind"),
                        "een blok met kind: results toont de uitkomsten van een rekenmodel; "
                        "deze tool heeft geen model:",
                    )
            return tool, self.problems
        model = self._resolved(tool.model)
        self._ids(model)
        formulas_ok = self._formulas(model)
        self._blocks(model)
        results: Results | None = None
        if formulas_ok and not self.problems:
            try:
                evaluation_order(model)
            except ModelError as error:
                self.error(self._first_formula_in(model, str(error)), str(error))
        broken = bool(self.problems)
        if not broken:
            results = evaluate_example(model)
            self._expected(model, results)
        filled = self._filled(tool, model, results)
        if broken:  # nothing downstream may evaluate a model it cannot evaluate
            filled = filled.model_copy(update={"model": None})
        return filled, self.problems

    # -- the example from klusbus.yml --

    def _resolved(self, model: m.NumericModel) -> m.NumericModel:
        figures = self.example.figures if self.example else {}
        tables = self.example.tables if self.example else {}
        inputs = []
        for i, item in enumerate(model.inputs):
            where = ("model", "inputs", i, "example")
            if isinstance(item.example, m.KlusbusRef):
                ref = item.example.klusbus
                figure = figures.get(ref)
                if figure is None:
                    self.error(where + ("klusbus",), _unknown("cijfer", ref, list(figures)))
                    item = item.model_copy(update={"example": 0.0})
                elif isinstance(figure.value, str):
                    self.error(
                        where + ("klusbus",),
                        f"Klusbus-cijfer '{ref}' is geen getal ({figure.value!r}) in {KLUSBUS}",
                    )
                    item = item.model_copy(update={"example": 0.0})
                else:
                    item = item.model_copy(update={"example": float(figure.value)})
            inputs.append(item)
        resolved_tables = []
        for i, table in enumerate(model.tables):
            where = ("model", "tables", i, "example")
            rows = table.example
            if isinstance(rows, m.KlusbusRef):
                found = tables.get(rows.klusbus)
                if found is None:
                    self.error(where + ("klusbus",), _unknown("tabel", rows.klusbus, list(tables)))
                    rows = []
                else:
                    for r, row in enumerate(found.rows):
                        for j, value in enumerate(row.values):
                            if isinstance(value, m.KlusbusRef) and figure_problem(value.klusbus, figures):
                                self.error(
                                    where + ("klusbus",),
                                    f"rij {r + 1} ('{row.label}') van tabel '{rows.klusbus}' in {KLUSBUS} noemt "
                                    f"in getal {j + 1} '{value.klusbus}': {figure_problem(value.klusbus, figures)}",
                                )
                        if len(row.values) != len(table.columns):
                            self.error(
                                where + ("klusbus",),
                                f"rij {r + 1} ('{row.label}') van tabel '{rows.klusbus}' in {KLUSBUS} heeft "
                                f"{len(row.values)} getal(len); tabel '{table.id}' heeft {len(table.columns)} "
                                f"kolom(men): {', '.join(c.label for c in table.columns)}",
                            )
                    rows = [with_figures(row, figures) for row in found.rows]
            else:
                for r, row in enumerate(rows):
                    for j, value in enumerate(row.values):
                        if isinstance(value, m.KlusbusRef) and figure_problem(value.klusbus, figures):
                            problem = figure_problem(value.klusbus, figures)
                            self.error(where + (r, "values", j, "klusbus"), str(problem))
                rows = [with_figures(row, figures) for row in rows]
                for r, row in enumerate(rows):
                    if len(row.values) != len(table.columns):
                        self.error(
                            where + (r, "values"),
                            f"deze rij heeft {len(row.values)} getal(len); de tabel heeft "
                            f"{len(table.columns)} kolom(men): {', '.join(c.label for c in table.columns)}",
                        )
            resolved_tables.append(table.model_copy(update={"example": rows}))
        return model.model_copy(update={"inputs": inputs, "tables": resolved_tables})

    # -- ids --

    def _ids(self, model: m.NumericModel) -> None:
        seen: dict[str, tuple[str, int]] = {}
        for kind in ("inputs", "tables", "rows", "outputs"):
            for i, item in enumerate(getattr(model, kind)):
                if item.id in seen and seen[item.id][0] != kind:  # within one list: duplicate_ids
                    first_kind, first = seen[item.id]
                    self.error(
                        ("model", kind, i, "id"),
                        f"id '{item.id}' komt twee keer voor in het rekenmodel "
                        f"(ook in model.{first_kind}, regel {self.loc.line_of(('model', first_kind, first, 'id'))})",
                    )
                seen.setdefault(item.id, (kind, i))
        for t, table in enumerate(model.tables):
            own: set[str] = set()
            for kind in ("columns", "computed"):
                for c, column in enumerate(getattr(table, kind)):
                    where = ("model", "tables", t, kind, c, "id")
                    if column.id in seen:
                        self.error(
                            where,
                            f"kolom '{column.id}' heeft het id van model.{seen[column.id][0]}; "
                            "geef de kolom een ander id, zodat een formule niet kan twijfelen",
                        )
                    elif kind == "computed" and column.id in own:
                        self.error(where, f"kolom '{column.id}' staat al in columns van deze tabel")
                    own.add(column.id)

    # -- formulas --

    def _formulas(self, model: m.NumericModel) -> bool:
        inputs = {i.id for i in model.inputs}
        outputs = {o.id for o in model.outputs}
        rows = {r.id for r in model.rows}
        tables = {t.id: t for t in model.tables}
        ok = True

        def check(where: tuple[str | int, ...], text: str, names: set[str], context: str, over: str = "") -> None:
            nonlocal ok
            try:
                compiled = compile_formula(text)
                if context == "output":  # min(eindsaldo): the smallest cell of a computed row
                    compiled = with_row_extremes(compiled, rows)
            except FormulaError as error:
                self.error(where, str(error))
                ok = False
                return
            for message in _name_problems(compiled, names, context, tables, rows, inputs, over):
                self.error(where, message)
                ok = False

        for j, out in enumerate(model.outputs):
            check(("model", "outputs", j, "formula"), out.formula, inputs | outputs, "output")
        for t, table in enumerate(model.tables):
            own = {c.id for c in table.columns} | {c.id for c in table.computed}
            for c, column in enumerate(table.computed):
                check(
                    ("model", "tables", t, "computed", c, "formula"), column.formula, own | inputs | outputs, "column"
                )
        for r, row in enumerate(model.rows):
            if row.over not in tables:
                self.error(("model", "rows", r, "over"), _unknown("tabel", row.over, list(tables), "model.tables"))
                ok = False
                continue
            check(("model", "rows", r, "formula"), row.formula, rows | inputs | outputs, "row", row.over)
        return ok

    def _first_formula_in(self, model: m.NumericModel, message: str) -> tuple[str | int, ...]:
        """The formula field of the first item the circle names."""
        circle = message.split(": ", 1)[-1].split(" → ")
        for key in evaluation_keys(model):
            name, where = key
            if name in circle:
                return where
        return ("model",)

    # -- the canvas --

    def _blocks(self, model: m.NumericModel) -> None:
        blocks = {b.id: (i, b) for i, b in enumerate(self.tool.canvas.blocks)}
        for t, table in enumerate(model.tables):
            if table.id not in blocks:
                self.error(
                    ("model", "tables", t, "id"),
                    f"er is geen canvasblok '{table.id}' (kind: table) dat deze tabel toont; "
                    "voeg het toe aan canvas.blocks (zonder columns: die komen uit het model)",
                )
                continue
            i, block = blocks[table.id]
            if block.kind != "table":
                self.error(("canvas", "blocks", i, "kind"), f"blok '{block.id}' toont tabel '{table.id}': kind: table")
            elif block.columns:
                self.error(
                    ("canvas", "blocks", i, "columns"),
                    f"haal columns weg: de kolommen van blok '{block.id}' komen uit model.tables ({table.id})",
                )
        for item in model.inputs:
            if item.id in blocks and blocks[item.id][1].kind != "number":
                i, block = blocks[item.id]
                self.error(("canvas", "blocks", i, "kind"), f"blok '{block.id}' toont invoer '{item.id}': kind: number")
        shown = {i.id for i in model.inputs} | {t.id for t in model.tables}
        for block in self.tool.canvas.blocks:
            if (block.id in shown or block.kind == "results") and block.id in self.tool.example.values:
                self.error(
                    ("example", "values", block.id),
                    f"haal deze waarde weg: het voorbeeld van blok '{block.id}' komt uit het rekenmodel "
                    "(model: … example, met {klusbus: id} uit docs/_data/klusbus.yml)",
                )

    # -- the worked example --

    def _expected(self, model: m.NumericModel, results: Results) -> None:
        for j, out in enumerate(model.outputs):
            cell = results.outputs[out.id]
            where = ("model", "outputs", j)
            if cell.message or cell.value is None:
                message = cell.message or "geen uitkomst"
                if "delen door 0" in message:
                    message = f"deling door nul: {message}"
                self.error(where + ("formula",), f"{message} (met de voorbeeldwaarden)")
                continue
            computed = to_cents(cell.value)
            if computed != to_cents(Decimal(repr(out.expected))):
                self.error(
                    where + ("expected",),
                    f"het voorbeeld geeft {format_number(computed)} met deze formule, "
                    f"niet {format_number(out.expected)}: controleer de formule of de verwachte uitkomst",
                )

    # -- the filled-in tool --

    def _filled(self, tool: m.Tool, model: m.NumericModel, results: Results | None) -> m.Tool:
        values = dict(tool.example.values)
        inputs = {i.id: i for i in model.inputs}
        tables = {t.id: t for t in model.tables}
        blocks = []
        for block in tool.canvas.blocks:
            if block.id in tables and block.kind == "table":
                table = tables[block.id]
                block = block.model_copy(update={"columns": [table.rows_label] + [c.label for c in table.columns]})
                assert isinstance(table.example, list)
                values[block.id] = [
                    [row.label]
                    + [
                        ""
                        if v is None or isinstance(v, m.KlusbusRef)
                        else format_value(v, _figure_unit(table.unit_of(c)))
                        for v, c in zip(row.values, table.columns, strict=False)
                    ]
                    for row in table.example
                ] or [[""] * (len(table.columns) + 1)]
            elif block.id in inputs and block.kind == "number":
                value = inputs[block.id].example
                assert not isinstance(value, m.KlusbusRef)
                values[block.id] = value
            elif block.kind == "results":
                values[block.id] = results_lines(model, results) if results else []
            blocks.append(block)
        canvas = tool.canvas.model_copy(update={"blocks": blocks})
        example = tool.example.model_copy(update={"values": values})
        return tool.model_copy(update={"model": model, "canvas": canvas, "example": example})


def figure_problem(ref: str, figures: dict[str, m.Figure]) -> str | None:
    """Why `{klusbus: ref}` in a table row is no number, or None when it is one."""
    figure = figures.get(ref)
    if figure is None:
        return _unknown("cijfer", ref, list(figures))
    if isinstance(figure.value, str):
        return f"Klusbus-cijfer '{ref}' is geen getal ({figure.value!r}) in {KLUSBUS}"
    return None


def with_figures(row: m.ExampleRow, figures: dict[str, m.Figure]) -> m.ExampleRow:
    """The row with every `{klusbus: id}` replaced by that figure's number (empty when there is
    no such number: figure_problem says why, and the check reports it)."""
    values: list[float | m.KlusbusRef | None] = []
    for value in row.values:
        if isinstance(value, m.KlusbusRef):
            figure = figures.get(value.klusbus)
            number = figure.value if figure is not None else None
            values.append(None if number is None or isinstance(number, str) else float(number))
        else:
            values.append(value)
    return row.model_copy(update={"values": values})


def results_lines(model: m.NumericModel, results: Results) -> list[str]:
    """The outputs and computed rows as lines: 'Kostprijs per huishouden: € 770,83'."""
    lines = [f"{o.label}: {display(results.outputs[o.id], o.unit)}" for o in model.outputs]
    for row in model.rows:
        table = next(t for t in model.tables if t.id == row.over)
        cells = ", ".join(
            f"{c.label} {display(cell, row.unit)}" for c, cell in zip(table.columns, results.rows[row.id], strict=False)
        )
        lines.append(f"{row.label}: {cells}")
    return lines


def _figure_unit(unit: str) -> str:
    """format_value speaks the units of klusbus.yml; the model's units map onto them."""
    return {"uren": "uur"}.get(unit, unit if unit in ("euro", "procent", "personen") else "")


def evaluation_keys(model: m.NumericModel) -> list[tuple[str, tuple[str | int, ...]]]:
    """(id as a circle message names it, the formula field) of every formula, in model order."""
    keys: list[tuple[str, tuple[str | int, ...]]] = [
        (o.id, ("model", "outputs", j, "formula")) for j, o in enumerate(model.outputs)
    ]
    for t, table in enumerate(model.tables):
        keys += [
            (f"{table.id}.{c.id}", ("model", "tables", t, "computed", i, "formula"))
            for i, c in enumerate(table.computed)
        ]
    keys += [(r.id, ("model", "rows", j, "formula")) for j, r in enumerate(model.rows)]
    return keys


def _unknown(what: str, name: str, known: list[str], where: str = KLUSBUS) -> str:
    adjective = "onbekend" if what == "cijfer" else "onbekende"  # het cijfer, de tabel
    message = f"{adjective} {what} '{name}'"
    close = difflib.get_close_matches(name, known, n=1, cutoff=0.6)
    if close:
        message += f"; bedoel je '{close[0]}'?"
    return message + f" (zie {where})"


def _name_problems(
    compiled: Compiled,
    names: set[str],
    context: str,
    tables: dict[str, m.ModelTable],
    rows: set[str],
    inputs: set[str],
    over: str,
) -> list[str]:
    """Unknown ids, tables and columns, and table functions used where they mean nothing."""
    problems: list[str] = []
    unknown: list[str] = []
    for node in walk(compiled):
        if "ref" in node:
            name = node["ref"]
            if name not in names:
                if name in tables:
                    problems.append(
                        f"'{name}' is een tabel: gebruik total({name}), total({name}.kolom) of max({name}.kolom)"
                    )
                elif name in rows:
                    problems.append(
                        f"'{name}' is een berekende rij: die kun je alleen in model.rows gebruiken, "
                        f"of in een uitkomst als min({name}) of max({name})"
                    )
                elif name not in unknown:
                    unknown.append(name)
        elif "total" in node or "cells" in node:
            table = tables.get(node.get("total") or node["cells"])
            if table is None:
                problems.append(_unknown("tabel", node.get("total") or node["cells"], list(tables), "model.tables"))
            elif node["col"] is not None:
                columns = [c.id for c in table.columns] + [c.id for c in table.computed]
                if node["col"] not in columns:
                    problems.append(
                        f"tabel '{table.id}' heeft geen kolom '{node['col']}'; kolommen: {', '.join(columns)}"
                    )
        elif "column" in node:
            if context != "row":
                problems.append("column(tabel) kan alleen in een berekende rij (model.rows)")
                continue
            table = tables.get(node["column"])
            if table is None:
                problems.append(_unknown("tabel", node["column"], list(tables), "model.tables"))
            elif [c.id for c in table.columns] != [c.id for c in tables[over].columns]:
                problems.append(
                    f"column({table.id}): tabel '{table.id}' heeft andere kolommen dan '{over}' "
                    f"({', '.join(c.id for c in table.columns)} tegen {', '.join(c.id for c in tables[over].columns)})"
                )
        elif "previous" in node:
            if context != "row":
                problems.append("previous(rij, begin) kan alleen in een berekende rij (model.rows)")
                continue
            if node["previous"] not in rows:
                problems.append(
                    f"previous({node['previous']}, …): '{node['previous']}' is geen berekende rij "
                    "(is die rij weggehaald?); kies een id uit model.rows"
                )
            start = node["start"]
            if "ref" in start and start["ref"] not in inputs:
                problems.append(
                    f"de beginwaarde van previous moet een invoer-id of een getal zijn, niet '{start['ref']}'"
                )
    if unknown:
        what = "invoer" if context == "output" else "id"
        problems.append(f"onbekende {what} in de formule: {', '.join(unknown)}")
    return problems
