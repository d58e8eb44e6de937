"""Blocks that take over the answers of earlier worksheets (`prefill:` in a tool's canvas).

The impact report of week 33 starts from what the duo wrote before: the theory of change, the
impact chain, the measurements, the stories. In the browser a prefilled block that the duo never
touched fills itself with those answers; the duo can add an earlier answer again later, and its own
text is never replaced (overrides/assets/javascripts/ia-worksheet.js). This module resolves the
sources for the page and says, in Dutch, why a source cannot work (macros/checks/references.py).
"""

from __future__ import annotations

from dataclasses import dataclass

from macros.model import schema as m
from macros.model.programme import Programme

# The kinds of block a prefill can fill, and the kinds of stored answer it can take over.
TARGET_KINDS = ("text", "list", "table")
SOURCE_KINDS = ("text", "list", "number", "table")


@dataclass(frozen=True)
class PrefillSource:
    tool: str
    block: str
    tool_title: str
    block_label: str
    kind: str
    columns: tuple[str, ...]  # the stored columns of a table answer; () for other kinds
    week: int | None  # the first week that uses the source tool


def stored_columns(tool: m.Tool, block: m.Block) -> tuple[str, ...]:
    """The columns a table answer of `block` is stored with: its `columns`, or for a table of a
    numeric model the row names and the input columns (computed columns are never stored)."""
    if block.kind != "table":
        return ()
    if tool.model is not None:
        for table in tool.model.tables:
            if table.id == block.id:
                return (table.rows_label, *(c.label for c in table.columns))
    if block.items is not None:
        return ()  # a scored table stores its fixed rows by place; it cannot be taken over
    return tuple(block.columns or ())


def mismatch(tool: m.Tool, target: m.Block, source_tool: m.Tool, source: m.Block) -> str | None:
    """Why the stored answer of `source` cannot fill `target`, in Dutch; None when it can."""
    if tool.model is not None and any(t.id == target.id for t in tool.model.tables):
        return f"blok '{target.id}' rekent; een rekenblok vult zich niet uit een ander werkblad"
    if target.kind not in TARGET_KINDS or (target.kind == "table" and target.items is not None):
        return f"blok '{target.id}' is {target.kind}; prefill past bij een blok met kind text, list of table"
    if source.kind not in SOURCE_KINDS:
        return f"blok '{source.id}' van '{source_tool.id}' toont uitkomsten; die worden niet bewaard"
    if source.kind == "table" and source.items is not None:
        return f"blok '{source.id}' van '{source_tool.id}' is een scoretabel met vaste rijen; die past niet"
    if target.kind == "table":
        if source.kind != "table":
            return (
                f"blok '{target.id}' is een tabel; het kan alleen een tabel overnemen, "
                f"en '{source.id}' van '{source_tool.id}' is {source.kind}"
            )
        have, want = stored_columns(source_tool, source), tuple(target.columns or ())
        if len(have) != len(want):
            return (
                f"blok '{source.id}' van '{source_tool.id}' heeft {len(have)} kolommen, "
                f"blok '{target.id}' heeft er {len(want)}: een tabel neemt alleen een tabel met evenveel kolommen over"
            )
    return None


def sources(prog: Programme, tool: m.Tool) -> dict[str, list[PrefillSource]]:
    """Per prefilled block of `tool`, its sources that exist (the checks report the others)."""
    found: dict[str, list[PrefillSource]] = {}
    for block in tool.canvas.blocks:
        for ref in block.prefill or ():
            other = prog.tools.get(ref.tool)
            source = next((b for b in other.canvas.blocks if b.id == ref.block), None) if other else None
            if other is None or source is None or mismatch(tool, block, other, source):
                continue
            weeks = prog.weeks_of_tool(other.id)
            found.setdefault(block.id, []).append(
                PrefillSource(
                    tool=other.id,
                    block=source.id,
                    tool_title=other.title,
                    block_label=source.label,
                    kind=source.kind,
                    columns=stored_columns(other, source),
                    week=min(weeks) if weeks else None,
                )
            )
    return found
