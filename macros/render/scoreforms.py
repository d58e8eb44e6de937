"""The online form of a scored table (a self-scan such as the nulmeting, issue 15): a canvas block
`kind: table` with fixed rows (`items`) and score columns (`scores`), as HTML for the worksheet
scripts.

- One row per item, in the order of the YAML. The row header shows the item and what you would see
  at every score of the scale (an ordered list numbered from `scores.min`), so the descriptions
  stand next to the scores on screen and on paper.
- The typed columns are the block's `columns`, in order: a score column gets a numeric text input
  and a message (ia-calc.js says when a score is no whole number of the scale), the others a text
  input. ia-worksheet.js stores them as every table: rows of strings under the block's columns.
  Rows are stored by their place, so an item keeps its answers when its wording changes; a new
  item goes at the end.
- The item column and the difference column are shown, never stored (`data-ia-computed`, as the
  computed columns of a calculating table): the stored columns are only what the duo types.
- The difference (`scores.difference`) is an `<output data-ia-diff="i j">`: ia-calc.js writes how
  far apart the typed scores in cells i and j are.
- No "Rij toevoegen": the rows are the items.

The HTML has no blank lines, no indentation and no Jinja markers (see macros/render/webforms.py).
"""

from __future__ import annotations

import html

from macros.model import schema as m

NUM = ' class="ia-num"'


def _e(text: str) -> str:
    return html.escape(text, quote=True)


def hint(scores: m.Scores) -> str:
    """What to type in a score column, in B1 Dutch."""
    return (
        f"Kies per onderdeel de beschrijving die het best past. Vul het nummer daarvan in: een heel getal "
        f"van {scores.min} tot en met {scores.max}."
    )


def _item_header(item: m.ScoreItem, scores: m.Scores) -> str:
    levels = "".join(f"<li>{_e(level)}</li>" for level in item.levels)
    return (
        f'<th scope="row" class="ia-scored-item"><span class="ia-scored-label">{_e(item.label)}</span>'
        f'<ol class="ia-scored-levels" start="{scores.min}">{levels}</ol></th>'
    )


def _cell(column: str, index: int, item: m.ScoreItem, scores: m.Scores) -> str:
    name = _e(f"{column}, {item.label}")
    if column in scores.columns:
        return (
            f'<td class="ia-num ia-scored-score"><input type="text" inputmode="numeric" autocomplete="off" '
            f'spellcheck="false" aria-label="{name}" data-ia-cell="{index}" data-ia-score '
            f'data-ia-min="{scores.min}" data-ia-max="{scores.max}">'
            '<span class="ia-print" aria-hidden="true"></span>'
            '<span class="ia-calc-msg" data-ia-msg aria-live="polite"></span></td>'
        )
    return (
        f'<td class="ia-scored-text"><input type="text" aria-label="{name}" data-ia-cell="{index}">'
        '<span class="ia-print" aria-hidden="true"></span></td>'
    )


def scored_field(prefix: str, block: m.Block) -> str:
    """The form of a block with `items` and `scores` (schema.Block checks that they go together)."""
    assert block.items is not None and block.scores is not None and block.columns
    scores = block.scores
    help_id = f"{prefix}-{block.id}-help"
    difference = scores.difference
    head = ['<th scope="col" class="ia-scored-item" data-ia-computed>Onderdeel en wat je ziet bij elke score</th>']
    head += [f'<th scope="col"{NUM if c in scores.columns else ""}>{_e(c)}</th>' for c in block.columns]
    if difference is not None:
        head.append(f'<th scope="col" class="ia-num ia-computed" data-ia-computed>{_e(difference.label)}</th>')
    rows = []
    for item in block.items:
        cells = [_item_header(item, scores)]
        cells += [_cell(c, i, item, scores) for i, c in enumerate(block.columns)]
        if difference is not None:
            a, b = (block.columns.index(c) for c in difference.between)
            cells.append(
                f'<td class="ia-num ia-computed"><output data-ia-diff="{a} {b}" '
                f'aria-label="{_e(f"{difference.label}, {item.label}")}"></output></td>'
            )
        rows.append(f'<tr data-ia-item="{_e(item.id)}">{"".join(cells)}</tr>')
    wrap = (
        f'<fieldset class="ia-field ia-field--table ia-scored" data-ia-block="{_e(block.id)}" data-ia-kind="table" '
        f'data-ia-label="{_e(block.label)}" aria-describedby="{help_id}">'
    )
    return (
        "".join(
            [
                wrap,
                f'<legend class="ia-label">{_e(block.label)}</legend>',
                f'<p class="ia-help" id="{help_id}">{_e(block.question)} '
                f'<span class="ia-hint">{_e(hint(scores))}</span></p>',
                '<div class="ia-table-wrap"><table class="ia-table ia-scored-table">',
                f"<thead><tr>{''.join(head)}</tr></thead><tbody>{''.join(rows)}</tbody></table></div>",
                '<div class="ia-conflict" data-ia-conflict hidden></div>',
                '<div class="ia-earlier" data-ia-earlier hidden></div>',
                "</fieldset>",
            ]
        )
        + "\n"
    )
