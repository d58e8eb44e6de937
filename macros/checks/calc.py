"""The figures of De Klusbus and the numeric models, both ways: a figure in
docs/_data/klusbus.yml with `model: tool.output` must be what that model computes for its worked
example (to the cent), and a cell `{klusbus: id}` in a row of a table of klusbus.yml must name a
figure that is a number (the loader puts that number in, so the figure is the one place to change
it). Week pages quote figures with {{ klusbus('id') }} (or the model itself with
{{ calc_value('tool', 'output') }}), so a page can never quote a result the model does not give."""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal

from macros.load.calcmodel import figure_problem
from macros.load.yamlpos import Located
from macros.model import schema as m
from macros.model.calc import ModelError, display, evaluate_example, to_cents
from macros.model.problems import Problem
from macros.model.programme import DATA_DIR, Programme

KLUSBUS = f"{DATA_DIR}/klusbus.yml"


def model_figures(
    prog: Programme, located: Mapping[str, Located], tool_located: Mapping[str, Located]
) -> list[Problem]:
    """A problem for every `model:` figure whose tool, output or value does not match the model.
    A tool whose model has errors of its own (reported there) is skipped."""
    loc = located.get("klusbus.yml")
    problems: list[Problem] = table_figures(prog.example, loc)
    for figure_id, figure in prog.example.figures.items():
        if figure.model is None:
            continue
        where = ("figures", figure_id, "model")
        line = loc.line_of(where) if loc else 1
        field = f"figures.{figure_id}.model"
        tool_id, output_id = figure.model.split(".", 1)
        tool = prog.tools.get(tool_id)
        if tool is not None and tool.model is None and "model" in (tool_located[tool_id].data or {}):
            continue  # the model has errors: the tool's file reports them
        if tool is None or tool.model is None:
            problems.append(Problem(KLUSBUS, line, field, f"'{tool_id}' is geen tool met een rekenmodel"))
            continue
        output = next((o for o in tool.model.outputs if o.id == output_id), None)
        if output is None:
            known = ", ".join(o.id for o in tool.model.outputs)
            problems.append(
                Problem(KLUSBUS, line, field, f"tool '{tool_id}' heeft geen uitkomst '{output_id}' ({known})")
            )
            continue
        try:
            cell = evaluate_example(tool.model).outputs[output_id]
        except ModelError:
            continue  # the tool's own check reports it
        if cell.value is None:
            continue
        if isinstance(figure.value, str) or to_cents(Decimal(repr(figure.value))) != to_cents(cell.value):
            value_line = loc.line_of(("figures", figure_id, "value")) if loc else 1
            problems.append(
                Problem(
                    KLUSBUS,
                    value_line,
                    f"figures.{figure_id}.value",
                    f"het rekenmodel van '{tool_id}' geeft {display(cell, output.unit)} voor '{output.label}', "
                    f"niet {figure.value}: pas het cijfer aan (of het voorbeeld in het model)",
                )
            )
    return problems


def table_figures(example: m.RunningExample, loc: Located | None) -> list[Problem]:
    """A problem for every `{klusbus: id}` in a table row of klusbus.yml that names no figure, or
    a figure that is no number: file, line and field of that cell."""
    problems: list[Problem] = []
    for table_id, table in example.tables.items():
        for r, row in enumerate(table.rows):
            for j, value in enumerate(row.values):
                if not isinstance(value, m.KlusbusRef):
                    continue
                message = figure_problem(value.klusbus, example.figures)
                if message is not None:
                    where = ("tables", table_id, "rows", r, "values", j, "klusbus")
                    line = loc.line_of(where) if loc else 1
                    problems.append(Problem(KLUSBUS, line, ".".join(map(str, where)), message))
    return problems
