"""A re-measurement tool (`remeasure:`) gets the scored tables of its baseline tool in its canvas.

The nameting of week 40 repeats the nulmeting of week 1. Its YAML names the baseline tool and the
blocks; here those blocks are added after the tool's own blocks, with the same ids, rows and
positions, so the form, the dossier, the exports and the downloads treat them as blocks of the
nameting, and one definition of the scan serves both weeks. Problems name file, line and field.
"""

from __future__ import annotations

from macros.load.yamlpos import Located
from macros.model import schema as m
from macros.model.problems import Problem


def resolve_remeasures(
    tools: dict[str, m.Tool], located: dict[str, Located], files: dict[str, str]
) -> tuple[dict[str, m.Tool], list[Problem]]:
    """The tools with the baseline's scored tables added to each re-measurement tool's canvas."""
    problems: list[Problem] = []
    resolved = dict(tools)
    for tool_id, tool in tools.items():
        ref = tool.remeasure
        if ref is None:
            continue
        path, loc = files[tool_id], located[tool_id]
        base = tools.get(ref.tool)
        if base is None or ref.tool == tool_id:
            why = "een tool meet niet opnieuw met zichzelf" if ref.tool == tool_id else f"onbekende tool '{ref.tool}'"
            problems.append(Problem(path, loc.line_of(("remeasure", "tool")), "remeasure.tool", why))
            continue
        if base.remeasure is not None:
            problems.append(
                Problem(
                    path,
                    loc.line_of(("remeasure", "tool")),
                    "remeasure.tool",
                    f"'{ref.tool}' is zelf een nieuwe meting; "
                    f"kies de tool met de eerste meting ({base.remeasure.tool})",
                )
            )
            continue
        own = {b.id for b in tool.canvas.blocks}
        added: list[m.Block] = []
        for i, block_id in enumerate(ref.blocks):
            block = next((b for b in base.canvas.blocks if b.id == block_id), None)
            scans = ", ".join(b.id for b in base.canvas.blocks if b.items is not None) or "geen"
            if block is None:
                why = f"tool '{ref.tool}' heeft geen blok '{block_id}' (scoretabellen: {scans})"
            elif block.items is None:
                why = f"blok '{block_id}' van '{ref.tool}' is geen scoretabel met vaste rijen (items); wel: {scans}"
            elif block_id in own:
                why = f"dit werkblad heeft zelf al een blok '{block_id}'; geef het eigen blok een ander id"
            elif any(b.id == block_id for b in added):
                why = f"blok '{block_id}' staat twee keer in remeasure.blocks"
            else:
                added.append(block)
                continue
            problems.append(Problem(path, loc.line_of(("remeasure", "blocks", i)), f"remeasure.blocks.{i}", why))
        canvas = tool.canvas.model_copy(update={"blocks": [*tool.canvas.blocks, *added]})
        resolved[tool_id] = tool.model_copy(update={"canvas": canvas})
    return resolved, problems
