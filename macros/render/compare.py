"""The first and the later measurement side by side (macros/model/remeasure.py): a table with a bar
per measurement, readable without colour (the figures stand in the cells) and printable (the bars
keep their colour on paper). The worked example is rendered here; the duo's own comparison is
drawn by ia-worksheet.js into the same markup, from a holder with the scan's definition.
"""

from __future__ import annotations

import html
import json

from macros.model import schema as m
from macros.model.remeasure import Comparison, decimal, who


def _e(text: str) -> str:
    return html.escape(text, quote=True)


def week_label(week: int | None, fallback: str) -> str:
    return f"Week {week}" if week else fallback


def _bar(value: float | None, maximum: int, kind: str, label: str) -> str:
    width = 0 if value is None else round(100 * value / maximum, 1)
    return (
        f'<span class="ia-bar ia-bar--{kind}" style="width: {width:g}%" title="{_e(label)}: {decimal(value)}"></span>'
    )


def comparison_table(comparison: Comparison, caption: str) -> str:
    """One HTML block: per theme a row per person with before, after, the change and two bars."""
    before = week_label(comparison.before_week, "Eerste meting")
    after = week_label(comparison.after_week, "Nieuwe meting")
    rows = []
    for theme in comparison.themes:
        for i, score in enumerate(theme.scores):
            head = f'<th scope="rowgroup" rowspan="{len(theme.scores)}">{_e(theme.label)}</th>' if i == 0 else ""
            bars = (
                f'<span class="ia-bars" aria-hidden="true">{_bar(score.before, comparison.maximum, "before", before)}'
                f"{_bar(score.after, comparison.maximum, 'after', after)}</span>"
            )
            rows.append(
                f'<tr data-ia-compare-row="{_e(theme.block)}">{head}<td>{_e(score.who)}</td>'
                f'<td class="ia-num">{decimal(score.before)}</td><td class="ia-num">{decimal(score.after)}</td>'
                f'<td class="ia-num">{decimal(score.change, signed=True)}</td><td class="ia-bars-cell">{bars}</td></tr>'
            )
    legend = (
        '<p class="ia-compare-legend" aria-hidden="true">'
        f'<span class="ia-bar ia-bar--before ia-bar--key"></span> {_e(before)} '
        f'<span class="ia-bar ia-bar--after ia-bar--key"></span> {_e(after)}</p>'
    )
    return (
        '<div class="ia-compare">'
        f"{legend}"
        f'<table class="ia-compare-table"><caption>{_e(caption)}</caption>'
        '<thead><tr><th scope="col">Thema</th><th scope="col">Wie</th>'
        f'<th scope="col">{_e(before)}</th><th scope="col">{_e(after)}</th>'
        '<th scope="col">Verschil</th><th scope="col">Grafiek</th></tr></thead>'
        f"<tbody>{''.join(rows)}</tbody></table></div>"
    )


def definition(tool: m.Tool, weeks: tuple[int | None, int | None]) -> dict[str, object]:
    """What the browser needs to compare: the baseline tool, the scan blocks with their score
    columns (by place in the stored row) and scale, and the week labels."""
    assert tool.remeasure is not None
    taken = set(tool.remeasure.blocks)
    blocks = []
    for block in tool.canvas.blocks:
        if block.id in taken and block.scores is not None and block.columns is not None:
            columns = block.columns
            blocks.append(
                {
                    "id": block.id,
                    "label": block.label,
                    "scores": [{"index": columns.index(c), "who": who(c)} for c in block.scores.columns],
                    "min": block.scores.min,
                    "max": block.scores.max,
                }
            )
    return {
        "baseline": tool.remeasure.tool,
        "before": week_label(weeks[0], "Eerste meting"),
        "after": week_label(weeks[1], "Nieuwe meting"),
        "blocks": blocks,
    }


def holder(tool: m.Tool, weeks: tuple[int | None, int | None]) -> str:
    """Where ia-worksheet.js draws the duo's own comparison, below the worksheet's blocks."""
    data = json.dumps(definition(tool, weeks), ensure_ascii=False, separators=(",", ":"), sort_keys=True)
    before, after = week_label(weeks[0], "de eerste meting"), week_label(weeks[1], "de nieuwe meting")
    return (
        '<section class="ia-compare-holder" aria-labelledby="ia-compare-title">'
        f'<h3 id="ia-compare-title">{_e(before)} en {_e(after[:1].lower() + after[1:])} naast elkaar</h3>'
        f'<div data-ia-compare="{_e(data)}"><p class="ia-value">De vergelijking verschijnt als jullie scores '
        "op dit apparaat staan.</p></div></section>"
    )
