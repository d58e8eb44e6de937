"""The figures of De Klusbus that are results of a numeric model: a figure in
docs/_data/klusbus.yml with `model: tool.output` must be what that model computes for its worked
example (to the cent). Week pages quote figures with {{ klusbus('id') }} (or the model itself with
{{ calc_value('tool', 'output') }}), so a page can never quote a result the model does not give."""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal

from macros.load.yamlpos import Located
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
    problems: list[Problem] = []
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
