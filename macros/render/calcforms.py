"""The calculating part of an online worksheet (issue 14): the fields of a tool's numeric model and
the results, as HTML for overrides/assets/javascripts/ia-calc.js.

- A model input is the canvas block `kind: number` with the same id: a text input with
  `inputmode="decimal"` (so `1.250,50`, `€ 1.250` and `12%` can be typed), a message next to it.
- A model table is the canvas block `kind: table` with the same id: the row-name column, one input
  per numeric column, the computed columns and the total row as read-only `<output>` elements, and
  "Rij toevoegen" up to `max_rows`. Only the typed cells are stored (ia-worksheet.js reads
  `input[data-ia-cell]`; computed headers carry `data-ia-computed` and are no stored columns).
- The canvas block `kind: results` shows the outputs and the computed rows, in a polite live region.
- The model itself, formulas compiled to JSON (macros.model.calc.browser_model), sits in the page
  as the attribute `data-ia-model` of an empty hidden element: nothing loads from elsewhere,
  nothing is evaluated as code. Not a `<script type="application/json">` data block: Material's
  instant navigation re-creates every script of the page it swaps in without its attributes, so
  the model was lost (and its JSON run as code) on a tool page reached through a link.

The HTML has no blank lines, no indentation and no Jinja markers (see macros/render/webforms.py).
"""

from __future__ import annotations

import html
import json

from macros.model import schema as m
from macros.model.calc import browser_model, shows_total
from macros.model.numbers import ROUNDING_RULE

START_ROWS = 5  # empty rows a model table starts with (fewer when max_rows is lower)

HINTS = {
    "euro": "Een bedrag in euro, bijvoorbeeld 1.250,50.",
    "procent": "Een percentage, bijvoorbeeld 12,5%.",
    "personen": "Een aantal personen, bijvoorbeeld 240.",
    "uren": "Een aantal uren, bijvoorbeeld 12,5.",
    "aantal": "Een aantal, bijvoorbeeld 1.200.",
    "": "Een getal, bijvoorbeeld 1.250,50.",
}
TABLE_HINTS = {
    "euro": "bedragen in euro (zoals 1.250,50)",
    "procent": "percentages (zoals 12,5%)",
    "personen": "aantallen personen (zoals 240)",
    "uren": "aantallen uren (zoals 12,5)",
    "aantal": "aantallen (zoals 1.200)",
    "": "getallen (zoals 1.250,50)",
}


def _e(text: str) -> str:
    return html.escape(text, quote=True)


def _conflict() -> str:
    """Where ia-worksheet.js shows second versions from an import and answers for an earlier form."""
    return (
        '<div class="ia-conflict" data-ia-conflict hidden></div><div class="ia-earlier" data-ia-earlier hidden></div>'
    )


def _message() -> str:
    """The message next to a typed value; ia-calc.js gives it an id and links the input to it."""
    return '<span class="ia-calc-msg" data-ia-msg aria-live="polite"></span>'


def model_json(model: m.NumericModel) -> str:
    """The compiled model as JSON, as the browser reads it from the form."""
    return json.dumps(browser_model(model), ensure_ascii=False, separators=(",", ":"), sort_keys=True)


def model_holder(model: m.NumericModel) -> str:
    """The compiled model in an attribute (escaped, so no text can end it) of an empty element."""
    return f'<div class="ia-model" data-ia-model="{html.escape(model_json(model), quote=True)}" hidden></div>'


def calculates(tool: m.Tool) -> bool:
    return tool.model is not None


def _input(model: m.NumericModel, block: m.Block) -> m.ModelInput | None:
    return next((i for i in model.inputs if i.id == block.id), None) if block.kind == "number" else None


def _table(model: m.NumericModel, block: m.Block) -> m.ModelTable | None:
    return next((t for t in model.tables if t.id == block.id), None) if block.kind == "table" else None


def field(prefix: str, block: m.Block, model: m.NumericModel) -> str | None:
    """The calculating field for a canvas block of a tool with a model, or None when the block is
    no part of the model (webforms.field renders it then)."""
    if block.kind == "results":
        return results(prefix, block, model)
    item = _input(model, block)
    if item is not None:
        return number_field(prefix, block, item)
    table = _table(model, block)
    if table is not None:
        return table_field(prefix, block, table)
    return None


def _wrap(block: m.Block, tag: str, extra: str) -> str:
    return (
        f'<{tag} class="ia-field ia-field--{block.kind} ia-calc-field" data-ia-block="{_e(block.id)}" '
        f'data-ia-kind="{block.kind}" data-ia-label="{_e(block.label)}" {extra}'
    )


def number_field(prefix: str, block: m.Block, item: m.ModelInput) -> str:
    base = f"{prefix}-{block.id}"
    help_id = f"{base}-help"
    hint = HINTS.get(item.unit, HINTS[""])
    return "".join(
        [
            _wrap(block, "div", f'data-ia-calc-input="{_e(item.id)}">'),
            f'<label class="ia-label" for="{base}">{_e(block.label)}</label>',
            f'<p class="ia-help" id="{help_id}">{_e(block.question)} <span class="ia-hint">{_e(hint)}</span></p>',
            f'<input type="text" inputmode="decimal" autocomplete="off" spellcheck="false" class="ia-calc-input" '
            f'id="{base}" aria-describedby="{help_id}" data-ia-input>',
            _message(),
            '<div class="ia-print" aria-hidden="true"></div>',
            _conflict(),
            "</div>",
        ]
    )


def _cell(label: str, row: int, index: int, numeric: bool) -> str:
    name = _e(f"{label}, rij {row}")
    if not numeric:
        return (
            f'<td><input type="text" aria-label="{name}" data-ia-cell="{index}">'
            '<span class="ia-print" aria-hidden="true"></span></td>'
        )
    return (
        f'<td class="ia-num"><input type="text" inputmode="decimal" autocomplete="off" spellcheck="false" '
        f'aria-label="{name}" data-ia-cell="{index}" data-ia-num>'
        f'<span class="ia-print" aria-hidden="true"></span>{_message()}</td>'
    )


def table_field(prefix: str, block: m.Block, table: m.ModelTable) -> str:
    help_id = f"{prefix}-{block.id}-help"
    units = []
    for column in table.columns:
        unit = table.unit_of(column)
        if TABLE_HINTS.get(unit, TABLE_HINTS[""]) not in units:
            units.append(TABLE_HINTS.get(unit, TABLE_HINTS[""]))
    hint = f"Getallen: {' en '.join(units)}. Er passen {table.max_rows} rijen in deze tabel."
    head = [f'<th scope="col">{_e(table.rows_label)}</th>']
    head += [f'<th scope="col" class="ia-num">{_e(c.label)}</th>' for c in table.columns]
    head += [f'<th scope="col" class="ia-num ia-computed" data-ia-computed>{_e(c.label)}</th>' for c in table.computed]
    rows = []
    for row in range(1, min(START_ROWS, table.max_rows) + 1):
        cells = [_cell(table.rows_label, row, 0, False)]
        cells += [_cell(c.label, row, i, True) for i, c in enumerate(table.columns, start=1)]
        cells += [
            f'<td class="ia-num ia-computed"><output data-ia-out="{_e(c.id)}"></output></td>' for c in table.computed
        ]
        rows.append(f"<tr>{''.join(cells)}</tr>")
    foot = ""
    if table.total_row:
        totals = [f'<th scope="row">{_e(table.total_row)}</th>']
        for column_id, unit in [(c.id, table.unit_of(c)) for c in table.columns] + [
            (c.id, c.unit) for c in table.computed
        ]:
            if shows_total(unit):
                totals.append(
                    f'<td class="ia-num"><output data-ia-total="{_e(column_id)}" '
                    f'data-ia-unit="{_e(unit)}"></output></td>'
                )
            else:
                totals.append('<td class="ia-num"></td>')
        foot = f"<tfoot><tr>{''.join(totals)}</tr></tfoot>"
    add = (
        f'<button type="button" class="md-button" data-ia-action="add-row">Rij toevoegen'
        f'<span class="ia-visually-hidden"> aan {_e(block.label)}</span></button>'
    )
    return "".join(
        [
            _wrap(block, "fieldset", f'data-ia-calc-table="{_e(table.id)}" data-ia-max-rows="{table.max_rows}" ')
            + f'aria-describedby="{help_id}">',
            f'<legend class="ia-label">{_e(block.label)}</legend>',
            f'<p class="ia-help" id="{help_id}">{_e(block.question)} <span class="ia-hint">{_e(hint)}</span></p>',
            '<div class="ia-table-wrap"><table class="ia-table ia-calc-table">',
            f"<thead><tr>{''.join(head)}</tr></thead><tbody>{''.join(rows)}</tbody>{foot}</table></div>",
            add,
            _conflict(),
            "</fieldset>",
        ]
    )


def results(prefix: str, block: m.Block | None, model: m.NumericModel) -> str:
    """The outputs and computed rows; `block` None: at the end of a form without a results block."""
    label = block.label if block else "Uitkomsten"
    label_id = f"{prefix}-{block.id if block else 'uitkomsten'}-label"
    question = f'<p class="ia-help">{_e(block.question)}</p>' if block else ""
    items = []
    for output in model.outputs:
        term = f"{label_id}-{output.id}"
        items.append(
            f'<div class="ia-result"><dt id="{term}">{_e(output.label)}</dt>'
            f'<dd><output data-ia-output="{_e(output.id)}" aria-labelledby="{term}"></output></dd></div>'
        )
    parts = [
        '<div class="ia-field ia-field--results ia-results" data-ia-results role="group" '
        f'aria-labelledby="{label_id}">',
        f'<p class="ia-label" id="{label_id}">{_e(label)}</p>',
        question,
        f'<dl class="ia-results-list" aria-live="polite">{"".join(items)}</dl>',
    ]
    tables = {t.id: t for t in model.tables}
    # One table per set of columns: rows over the receipts and over the payments (the same twelve
    # months) stand together, under the column headings of the first.
    groups: dict[tuple[str, ...], list[m.ModelRow]] = {}
    for r in model.rows:
        groups.setdefault(tuple(c.id for c in tables[r.over].columns), []).append(r)
    for n, rows in enumerate(groups.values(), start=1):
        table = tables[rows[0].over]
        head = '<th scope="col">Uitkomst</th>' + "".join(
            f'<th scope="col" class="ia-num">{_e(c.label)}</th>' for c in table.columns
        )
        body = "".join(
            f'<tr><th scope="row">{_e(r.label)}</th>'
            + "".join(
                f'<td class="ia-num"><output data-ia-row="{_e(r.id)}" data-ia-col="{j}"></output></td>'
                for j in range(len(table.columns))
            )
            + "</tr>"
            for r in rows
        )
        # A row of twelve months scrolls sideways and holds nothing to focus: the wrapper itself can
        # be reached by keyboard, with a name (WCAG 2.1.1, axe scrollable-region-focusable).
        name = f"Tabel: {label} per kolom" + (f" ({n})" if len(groups) > 1 else "")
        parts.append(
            f'<div class="ia-table-wrap" tabindex="0" role="region" aria-label="{_e(name)}" aria-live="polite">'
            '<table class="ia-table ia-calc-rows">'
            # Not the table's own label: a row over the payments may compute receipts minus payments.
            f"<caption>Uitkomsten per kolom</caption><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table></div>"
        )
    parts += [f'<p class="ia-calc-rule">{_e(ROUNDING_RULE)}</p>', "</div>"]
    return "".join(parts)
