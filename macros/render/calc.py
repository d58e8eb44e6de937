"""The numeric models on pages: `{{ calc_value('tool', 'output') }}` writes what a tool's model
computes for its worked example (€ 483,33), so a week page quotes the model, never a copy of it.
The template check (macros.checks.templates) refuses an unknown tool or output."""

from __future__ import annotations

from macros.model.calc import display, evaluate_example
from macros.model.programme import Programme
from macros.render.pages import plain


def calc_value(prog: Programme, tool_id: str, output_id: str) -> str:
    """The example value of one output of a tool's model, the Dutch way."""
    tool = prog.tools[tool_id]
    if tool.model is None:
        raise KeyError(f"tool '{tool_id}' heeft geen rekenmodel")
    output = next(o for o in tool.model.outputs if o.id == output_id)
    return plain(display(evaluate_example(tool.model).outputs[output_id], output.unit))


def model_problem(prog: Programme, tool_id: object, output_id: object) -> str | None:
    """Why `calc_value(tool_id, output_id)` cannot work on this programme, in Dutch; None if it can."""
    tool = prog.tools.get(tool_id) if isinstance(tool_id, str) else None
    if tool is None or tool.model is None:
        names = ", ".join(sorted(t for t, v in prog.tools.items() if v.model is not None))
        return f"calc_value() krijgt een tool met een rekenmodel ({names}), niet {tool_id!r}"
    outputs = [o.id for o in tool.model.outputs]
    if output_id not in outputs:
        return f"tool '{tool.id}' heeft geen uitkomst {output_id!r}; kies uit {', '.join(outputs)}"
    return None
