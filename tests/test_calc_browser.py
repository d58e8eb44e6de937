"""The calculating worksheets in Chromium (issue 14): every tool of the site with a numeric model is
filled in with its worked example the way a duo types it (Dutch: 1.250,50, € 1.250, 60%), and every
number the form shows (computed columns, totals, computed rows, outputs) must equal Python's
evaluate_model, shown the Dutch way (macros.model.calc.display). Also: recalculation on load and
after an import, what is stored (the text as typed, never a computed value), hostile input
(12,5,0, letters, a 0 divisor, negative persons, 1e13) giving a Dutch message and no number, and
axe-core on the filled form in light and dark mode. The impact dossier shows the same figures as
the form (computed by ia-calc.js from the model in assets/ia-programme.json), on screen, on paper
and after an export and import; 0 households gives the form's message and no number.
"""

from __future__ import annotations

import json
import re
from decimal import Decimal
from typing import Any

import pytest

from conftest import ROOT
from macros.checks.programme import load_programme
from macros.model import calc
from macros.model import schema as m
from macros.model.numbers import format_number
from macros.render.calcforms import ROUNDING_RULE

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("calc_browser")]

KEY = "impactacademie"
# A number as the page may show it: € 1.250,50 · -12 · 12,5% — never in a message.
SHOWN_NUMBER = re.compile(r"^(€ )?-?\d{1,3}(\.\d{3})*(,\d+)?%?$")


def calculating_tools() -> list[m.Tool]:
    programme, problems = load_programme(ROOT)
    assert programme is not None, problems
    return [t for t in programme.tools.values() if t.model is not None]


TOOLS = {t.id: t for t in calculating_tools()}


def test_the_site_has_calculating_tools():
    assert TOOLS, "no tool of the site has a numeric model (model: in worksheets/*.yml)"


def blocks_of(tool: m.Tool) -> dict[str, m.Block]:
    return {b.id: b for b in tool.canvas.blocks}


def typed(value: Decimal | None, unit: str, n: int) -> str:
    """The way a duo might type a number: 1.250,5 · € 1.250,5 · 60% · 1 250 (by turns)."""
    if value is None:
        return ""
    text = format_number(value)
    if unit == "euro" and n % 3 == 1:
        return f"€ {text}"
    if unit == "procent" and n % 2 == 0:
        return f"{text}%"
    if n % 4 == 3:
        return text.replace(".", " ")
    return text


def on_form(tool: m.Tool) -> tuple[dict[str, Decimal | None], dict[str, Any]]:
    """The worked example as far as the form has fields for it (a model input without a canvas
    block is empty on the form, so Python computes with it empty too)."""
    assert tool.model is not None
    inputs, tables = calc.example_inputs(tool.model)
    blocks = blocks_of(tool)
    inputs = {k: (v if k in blocks and blocks[k].kind == "number" else None) for k, v in inputs.items()}
    tables = {k: v for k, v in tables.items() if k in blocks and blocks[k].kind == "table"}
    return inputs, tables


def fill(page, tool: m.Tool, inputs: dict[str, Decimal | None], tables: dict[str, Any]) -> None:
    assert tool.model is not None
    units = {i.id: i.unit for i in tool.model.inputs}
    n = 0
    for input_id, value in inputs.items():
        if value is None:
            continue
        page.fill(f"#ia-ws-{tool.id}-{input_id}", typed(value, units[input_id], n))
        n += 1
    for table in tool.model.tables:
        rows = tables.get(table.id, [])
        field = page.locator(f"[data-ia-calc-table='{table.id}']")
        while field.locator("tbody tr").count() < len(rows):
            field.locator("[data-ia-action='add-row']").click()
        for r, (label, values) in enumerate(rows):
            cells = field.locator("tbody tr").nth(r).locator("input[data-ia-cell]")
            cells.nth(0).fill(label)
            for j, (value, column) in enumerate(zip(values, table.columns, strict=False), start=1):
                cells.nth(j).fill(typed(value, table.unit_of(column), n))
                n += 1


def shown(page, tool: m.Tool) -> dict[str, str]:
    """Every computed value on the form, keyed like expected()."""
    return page.evaluate(
        """() => {
        const out = {};
        const text = (o) => o.textContent.trim();
        document.querySelectorAll("[data-ia-calc-table]").forEach((field) => {
          const t = field.getAttribute("data-ia-calc-table");
          field.querySelectorAll("tbody tr").forEach((row, n) => {
            row.querySelectorAll("output[data-ia-out]").forEach((o) => {
              out[`col:${t}:${n}:${o.getAttribute("data-ia-out")}`] = text(o);
            });
          });
          field.querySelectorAll("output[data-ia-total]").forEach((o) => {
            out[`total:${t}:${o.getAttribute("data-ia-total")}`] = text(o);
          });
        });
        document.querySelectorAll("output[data-ia-row]").forEach((o) => {
          out[`row:${o.getAttribute("data-ia-row")}:${o.getAttribute("data-ia-col")}`] = text(o);
        });
        document.querySelectorAll("output[data-ia-output]").forEach((o) => {
          out[`out:${o.getAttribute("data-ia-output")}`] = text(o);
        });
        return out;
      }"""
    )


def expected(tool: m.Tool, inputs: dict[str, Decimal | None], tables: dict[str, Any]) -> dict[str, str]:
    """What Python computes, as the form should show it (rows the form has but the example has
    not stay blank)."""
    model = tool.model
    assert model is not None
    r = calc.evaluate_model(model, inputs, tables)
    out: dict[str, str] = {}
    for t in model.tables:
        result = r.tables[t.id]
        for c in t.computed:
            for n, cell in enumerate(result.computed[c.id]):
                out[f"col:{t.id}:{n}:{c.id}"] = calc.display(cell, c.unit)
        for c in t.columns:
            if calc.shows_total(t.unit_of(c)) and t.total_row:
                out[f"total:{t.id}:{c.id}"] = calc.display(result.totals[c.id], t.unit_of(c))
        for c in t.computed:
            if calc.shows_total(c.unit) and t.total_row:
                out[f"total:{t.id}:{c.id}"] = calc.display(result.totals[c.id], c.unit)
    for row in model.rows:
        for j, cell in enumerate(r.rows[row.id]):
            out[f"row:{row.id}:{j}"] = calc.display(cell, row.unit)
    for o in model.outputs:
        out[f"out:{o.id}"] = calc.display(r.outputs[o.id], o.unit)
    return out


def compare(page, tool: m.Tool, inputs, tables) -> dict[str, str]:
    want = expected(tool, inputs, tables)
    got = shown(page, tool)
    blank_rows = {k: v for k, v in got.items() if k not in want}
    assert all(v == "" for v in blank_rows.values()), f"rows without numbers show something: {blank_rows}"
    differences = {k: (want[k], got.get(k)) for k in want if want[k] != got.get(k)}
    assert not differences, f"{tool.id}: Python ≠ form (Python, form): {differences}"
    return got


def fresh(open_page, tool: m.Tool, width: int | None = None):
    page = open_page(f"tools/{tool.id}/")
    page.evaluate("() => localStorage.clear()")
    page.reload(wait_until="networkidle")
    if width:
        page.set_viewport_size({"width": width, "height": 900})
    page.wait_for_selector(f"[data-ia-worksheet='{tool.id}']:not([hidden])")
    return page


@pytest.mark.parametrize("tool_id", sorted(TOOLS))
def test_form_computes_the_worked_example_like_python(open_page, tool_id):
    tool = TOOLS[tool_id]
    page = fresh(open_page, tool)
    inputs, tables = on_form(tool)
    fill(page, tool, inputs, tables)
    got = compare(page, tool, inputs, tables)
    outputs = [v for k, v in got.items() if k.startswith("out:")]
    assert outputs and all(SHOWN_NUMBER.match(v) for v in outputs), f"the worked example shows no numbers: {got}"
    assert not [v for v in got.values() if re.search(r"NaN|Infinity|undefined|null|e\+", v)], got
    # the rounding rule is on the page
    assert ROUNDING_RULE in page.inner_text(f"[data-ia-worksheet='{tool.id}']")

    # stored: what was typed, as typed; nothing computed
    stored = json.loads(page.evaluate(f"() => localStorage.getItem('{KEY}')"))
    blocks = stored["worksheets"][tool.id]["blocks"]
    assert tool.model is not None
    for table in tool.model.tables:
        if table.id in tables and tables[table.id]:
            value = blocks[table.id]["value"]
            assert len(value[0]) == 1 + len(table.columns), value[0]  # the row name and the typed columns
            assert blocks[table.id]["columns"] == [table.rows_label] + [c.label for c in table.columns]
    assert set(blocks) <= set(blocks_of(tool)), f"something else than a canvas block was stored: {sorted(blocks)}"

    # recalculated on load
    page.reload(wait_until="networkidle")
    page.wait_for_selector(f"[data-ia-worksheet='{tool.id}']:not([hidden])")
    compare(page, tool, inputs, tables)


@pytest.mark.parametrize("tool_id", sorted(TOOLS))
def test_form_recalculates_after_an_import(open_page, tool_id, tmp_path):
    tool = TOOLS[tool_id]
    page = fresh(open_page, tool)
    inputs, tables = on_form(tool)
    fill(page, tool, inputs, tables)
    exported = page.evaluate(f"() => IA.exportSheet('worksheets', '{tool.id}', {{title: 't', definition: ''}})")
    file = tmp_path / f"werkblad-{tool.id}.json"
    file.write_text(exported, encoding="utf-8")
    page.evaluate("() => localStorage.clear()")
    page.reload(wait_until="networkidle")
    page.wait_for_selector(f"[data-ia-worksheet='{tool.id}']:not([hidden])")
    empty = shown(page, tool)
    assert not [v for k, v in empty.items() if k.startswith("out:") and SHOWN_NUMBER.match(v) and v not in ("€ 0", "0")]
    page.set_input_files(f"[data-ia-worksheet='{tool.id}'] [data-ia-file]", str(file))
    page.wait_for_function(
        "() => /Import klaar/.test((document.querySelector('[data-ia-status]') || {}).textContent || '')"
    )
    compare(page, tool, inputs, tables)


def first_divisor(tool: m.Tool) -> m.ModelInput | None:
    """A model input on the form that an output divides by (the households of a cost price)."""
    assert tool.model is not None
    blocks = blocks_of(tool)
    for output in tool.model.outputs:
        for item in tool.model.inputs:
            if item.id in blocks and re.search(rf"/\s*\(?\s*{item.id}\b", output.formula):
                return item
    return None


def message_of(page, selector: str) -> str:
    described = page.get_attribute(selector, "aria-describedby") or ""
    texts = [page.evaluate(f"() => document.getElementById('{i}').textContent") for i in described.split()]
    return " ".join(t for t in texts if t)


@pytest.mark.parametrize("tool_id", sorted(TOOLS))
def test_hostile_input_gives_a_dutch_message_and_no_number(open_page, tool_id):
    tool = TOOLS[tool_id]
    assert tool.model is not None
    page = fresh(open_page, tool)
    inputs, tables = on_form(tool)
    fill(page, tool, inputs, tables)
    table = next(t for t in tool.model.tables if t.id in tables)
    first = table.columns[0]
    cell = f"[data-ia-calc-table='{table.id}'] tbody tr:nth-child(1) input[data-ia-cell='1']"
    total = f"[data-ia-calc-table='{table.id}'] output[data-ia-total='{first.id}']"
    for bad, words in [
        ("12,5,0", "meer dan één komma"),
        ("twaalf", "geen getal"),
        ("1e13", "geen getal"),
        ("10000000000000", "te groot"),
        ("1.25.0", "punten staan niet goed"),
    ]:
        page.fill(cell, bad)
        assert page.get_attribute(cell, "aria-invalid") == "true", bad
        assert words in message_of(page, cell), (bad, message_of(page, cell))
        fix = f"Verbeter eerst ‘{first.label} ({tables[table.id][0][0]})’."  # what uses the cell names it
        if table.total_row and calc.shows_total(table.unit_of(first)):
            text = page.inner_text(total)
            assert fix in text and not SHOWN_NUMBER.match(text), (bad, text)
        outputs = [v for k, v in shown(page, tool).items() if k.startswith("out:")]
        assert any(fix in v for v in outputs), (bad, outputs)
        stored = json.loads(page.evaluate(f"() => localStorage.getItem('{KEY}')"))
        assert stored["worksheets"][tool.id]["blocks"][table.id]["value"][0][1] == bad, "what was typed is kept"
    page.fill(cell, typed(tables[table.id][0][1][0], table.unit_of(first), 0))
    assert page.get_attribute(cell, "aria-invalid") is None
    compare(page, tool, inputs, tables)

    divisor = first_divisor(tool)
    if divisor is not None:
        selector = f"#ia-ws-{tool.id}-{divisor.id}"
        for value, words in [("0", "delen door 0 kan niet"), ("", "Vul eerst")]:
            page.fill(selector, value)
            outputs = shown(page, tool)
            hit = [v for k, v in outputs.items() if k.startswith("out:") and words in v]
            assert hit, (value, outputs)
            assert not any(SHOWN_NUMBER.match(v) for v in hit)
        if divisor.minimum() == 0:
            page.fill(selector, "-3")
            assert "negatief" in message_of(page, selector)
            assert page.get_attribute(selector, "aria-invalid") == "true"
        page.fill(selector, typed(inputs[divisor.id], divisor.unit, 0))
        compare(page, tool, inputs, tables)


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_filled_form_with_messages_has_no_axe_violations(open_page, scheme):
    from test_accessibility import check

    tool = TOOLS[sorted(TOOLS)[0]]
    assert tool.model is not None
    page = open_page(f"tools/{tool.id}/", scheme)
    inputs, tables = on_form(tool)
    fill(page, tool, inputs, tables)
    table = next(t for t in tool.model.tables if t.id in tables)
    page.fill(f"[data-ia-calc-table='{table.id}'] tbody tr:nth-child(1) input[data-ia-cell='1']", "12,5,0")
    page.locator(f"[data-ia-calc-table='{table.id}'] [data-ia-action='add-row']").click()
    check(page, f"/tools/{tool.id}/ ({scheme}, filled, with a message)")


def test_rows_can_be_added_up_to_max_rows(open_page):
    tool = TOOLS[sorted(TOOLS)[0]]
    assert tool.model is not None
    table = min(tool.model.tables, key=lambda t: t.max_rows)
    page = fresh(open_page, tool)
    field = page.locator(f"[data-ia-calc-table='{table.id}']")
    button = field.locator("[data-ia-action='add-row']")
    while field.locator("tbody tr").count() < table.max_rows:
        button.click()
        assert page.evaluate("() => document.activeElement.getAttribute('data-ia-cell')") == "0", "focus on the new row"
    button.click()
    assert field.locator("tbody tr").count() == table.max_rows
    page.wait_for_function("() => /Meer rijen kan niet/.test(document.querySelector('[data-ia-status]').textContent)")
    # a new row calculates like the others
    last = field.locator("tbody tr").nth(table.max_rows - 1)
    last.locator("input[data-ia-cell='0']").fill("Laatste rij")
    last.locator("input[data-ia-cell='1']").fill("1.000")
    got = shown(page, tool)
    first = table.columns[0]
    if table.total_row and calc.shows_total(table.unit_of(first)):
        assert got[f"total:{table.id}:{first.id}"] == calc.display(calc.Cell(Decimal(1000)), table.unit_of(first))


# --- the impact dossier shows what the form computes ------------------------------------------------
# The dossier (ia-dossier.js) computes with the model in assets/ia-programme.json and ia-calc.js: the
# figures a duo prints for the board must be the form's figures. The state is put into localStorage
# the way the form stores it: a number block is the string as typed, a table rows of strings.

DOSSIER_TOOLS = ["financieringsmix", "kostprijsmodel"]


def stored_state(tool: m.Tool, inputs: dict[str, Decimal | None], tables: dict[str, Any]) -> dict[str, Any]:
    """A stored object (ia-store.js schema 2) with this tool's worked example typed the Dutch way."""
    from macros.render.browser_data import block_definition, definition_hash

    assert tool.model is not None
    units = {i.id: i.unit for i in tool.model.inputs}
    blocks: dict[str, Any] = {}
    n = 0
    for block in tool.canvas.blocks:
        meta = block_definition(block)
        value: Any = None
        if block.kind == "number" and block.id in inputs:
            value = typed(inputs[block.id], units[block.id], n)
            n += 1
        elif block.kind == "table" and block.id in tables:
            table = next(t for t in tool.model.tables if t.id == block.id)
            value = []
            for label, values in tables[block.id]:
                row = [label]
                for value_, column in zip(values, table.columns, strict=False):
                    row.append(typed(value_, table.unit_of(column), n))
                    n += 1
                value.append(row)
        if value is None:
            continue
        blocks[block.id] = {
            "value": value,
            "label": block.label,
            "kind": block.kind,
            "updated": "2027-09-20T10:00:00.000Z",
            "history": [],
        }
        if block.kind == "table":
            blocks[block.id]["columns"] = meta["columns"]
    time = "2027-09-20T10:00:00.000Z"
    return {
        "schema": 2,
        "created": time,
        "updated": time,
        "lastExport": time,
        "cohort": None,
        "weeks": {},
        "worksheets": {tool.id: {"definition": definition_hash(tool), "blocks": blocks, "conflicts": {}}},
        "products": {},
    }


def open_dossier(open_page, state: dict[str, Any]):
    page = open_page("dossier/")
    page.evaluate("([key, value]) => localStorage.setItem(key, value)", [KEY, json.dumps(state)])
    page.reload(wait_until="networkidle")
    page.wait_for_selector("[data-ia-dossier][data-ia-rendered]:not([hidden])")
    return page


def dossier_shown(page, tool: m.Tool) -> dict[str, str]:
    """Every computed value the dossier shows for one tool, keyed like expected()."""
    return page.evaluate(
        """(tool) => {
        const out = {};
        const sheet = document.querySelector(`[data-ia-dossier-sheet='${tool}']`);
        if (!sheet) return out;
        const text = (o) => o.textContent.trim();
        sheet.querySelectorAll("[data-ia-dossier-table]").forEach((table) => {
          const t = table.getAttribute("data-ia-dossier-table");
          table.querySelectorAll("tbody tr[data-ia-dossier-row]").forEach((row) => {
            const n = row.getAttribute("data-ia-dossier-row");
            row.querySelectorAll("[data-ia-dossier-out]").forEach((o) => {
              out[`col:${t}:${n}:${o.getAttribute("data-ia-dossier-out")}`] = text(o);
            });
          });
          table.querySelectorAll("[data-ia-dossier-total]").forEach((o) => {
            out[`total:${t}:${o.getAttribute("data-ia-dossier-total")}`] = text(o);
          });
        });
        sheet.querySelectorAll("[data-ia-dossier-rowout]").forEach((o) => {
          out[`row:${o.getAttribute("data-ia-dossier-rowout")}:${o.getAttribute("data-ia-col")}`] = text(o);
        });
        sheet.querySelectorAll("[data-ia-dossier-output]").forEach((o) => {
          out[`out:${o.getAttribute("data-ia-dossier-output")}`] = text(o);
        });
        return out;
      }""",
        tool.id,
    )


def typed_shown(page, tool: m.Tool) -> dict[str, str]:
    """Every typed figure the dossier shows for one tool: 'block:row:column' for a table cell,
    'block' for a number block."""
    return page.evaluate(
        """(tool) => {
        const out = {};
        const sheet = document.querySelector(`[data-ia-dossier-sheet='${tool}']`);
        sheet.querySelectorAll("[data-ia-dossier-table]").forEach((table) => {
          const t = table.getAttribute("data-ia-dossier-table");
          table.querySelectorAll("tbody tr[data-ia-dossier-row]").forEach((row) => {
            row.querySelectorAll("[data-ia-dossier-cell] .ia-calc-typed").forEach((o) => {
              const j = o.closest("[data-ia-dossier-cell]").getAttribute("data-ia-dossier-cell");
              out[`${t}:${row.getAttribute("data-ia-dossier-row")}:${j}`] = o.textContent.trim();
            });
          });
        });
        sheet.querySelectorAll("[data-ia-dossier-input]").forEach((o) => {
          out[o.getAttribute("data-ia-dossier-input")] = o.textContent.trim();
        });
        return out;
      }""",
        tool.id,
    )


def typed_expected(tool: m.Tool, inputs: dict[str, Decimal | None], tables: dict[str, Any]) -> dict[str, str]:
    """The typed figures as calc.display writes them, keyed like typed_shown()."""
    assert tool.model is not None
    out = {
        i.id: calc.display(calc.Cell(inputs[i.id]), i.unit)
        for i in tool.model.inputs
        if i.id in blocks_of(tool) and inputs.get(i.id) is not None
    }
    for table in tool.model.tables:
        for r, (_, values) in enumerate(tables.get(table.id, [])):
            for j, (value, column) in enumerate(zip(values, table.columns, strict=False), start=1):
                out[f"{table.id}:{r}:{j}"] = calc.display(calc.Cell(value), table.unit_of(column))
    return out


def dossier_compare(page, tool: m.Tool, inputs, tables) -> dict[str, str]:
    want = expected(tool, inputs, tables)
    got = dossier_shown(page, tool)
    assert got, f"{tool.id}: the dossier shows no computed value at all"
    differences = {k: (want.get(k), got.get(k)) for k in set(want) | set(got) if want.get(k) != got.get(k)}
    assert not differences, f"{tool.id}: Python ≠ dossier (Python, dossier): {differences}"
    return got


@pytest.mark.parametrize("tool_id", DOSSIER_TOOLS)
def test_dossier_shows_the_worked_example_like_python(open_page, tool_id, tmp_path):
    tool = TOOLS[tool_id]
    assert tool.model is not None
    inputs, tables = on_form(tool)
    state = stored_state(tool, inputs, tables)
    page = open_dossier(open_page, state)
    got = dossier_compare(page, tool, inputs, tables)
    outputs = {k: v for k, v in got.items() if k.startswith("out:")}
    assert len(outputs) == len(tool.model.outputs) and all(SHOWN_NUMBER.match(v) for v in outputs.values()), outputs
    assert sum(k.startswith("total:") for k in got) >= len(tool.model.tables), got
    assert not [v for v in got.values() if re.search(r"NaN|Infinity|undefined|null|e\+", v)], got
    sheet = page.locator(f"[data-ia-dossier-sheet='{tool.id}']")
    # what was typed in mixed ways (€ 55.000, 20.000, 35 000, 60%) is shown as calc.display writes
    # it, like the tool page, Word and the example PDF; the row names as typed
    shown, written = typed_shown(page, tool), typed_expected(tool, inputs, tables)
    assert shown == written, {k: (written.get(k), shown.get(k)) for k in set(shown) | set(written)}
    stored = state["worksheets"][tool.id]["blocks"]
    as_typed = {k: v["value"] for k, v in stored.items() if v["kind"] == "number"}
    as_typed |= {
        f"{b}:{r}:{j}": cell
        for b, v in stored.items()
        if v["kind"] == "table"
        for r, row in enumerate(v["value"])
        for j, cell in enumerate(row[1:], start=1)
    }
    assert any(as_typed[k] != written[k] for k in as_typed), "the test types figures otherwise than display()"
    for block_id, block in stored.items():
        if block["kind"] == "table":
            first = sheet.locator(f"[data-ia-dossier-table='{block_id}'] tbody tr").first
            assert first.locator("th").inner_text().strip() == block["value"][0][0]
    assert ROUNDING_RULE in sheet.inner_text()
    # computed values are never stored
    assert json.loads(page.evaluate(f"() => localStorage.getItem('{KEY}')"))["worksheets"] == state["worksheets"]

    # printed: every figure on paper, no table wider than the page
    page.emulate_media(media="print")
    for key, value in got.items():
        assert value, key
    assert sheet.locator("[data-ia-dossier-table]").first.is_visible()
    too_wide = sheet.evaluate(
        "s => [...s.querySelectorAll('table')].filter(t => t.getBoundingClientRect().right >"
        " s.getBoundingClientRect().right + 1).length"
    )
    assert too_wide == 0
    from io import BytesIO

    from pypdf import PdfReader

    pdf = page.pdf(format="A4", print_background=True)
    text = re.sub(r"\s+", "", "".join(p.extract_text() for p in PdfReader(BytesIO(pdf)).pages))
    missing = [v for v in [*got.values(), *written.values()] if re.sub(r"\s+", "", v) not in text]
    assert not missing, f"figures not in the printed dossier: {missing}"
    page.emulate_media(media="screen")

    # export → clear → import keeps what was typed, and the dossier computes the same again
    exported = page.evaluate("() => IA.exportDossier()")
    file = tmp_path / "impactdossier.json"
    file.write_text(exported, encoding="utf-8")
    page.evaluate("() => localStorage.clear()")
    page.reload(wait_until="networkidle")
    page.wait_for_selector("[data-ia-dossier][data-ia-rendered] .ia-empty")
    page.set_input_files("[data-ia-dossier] [data-ia-file]", str(file))
    page.wait_for_selector(f"[data-ia-dossier-sheet='{tool.id}'] [data-ia-dossier-output]")
    after = json.loads(page.evaluate(f"() => localStorage.getItem('{KEY}')"))["worksheets"][tool.id]["blocks"]
    assert {k: v["value"] for k, v in after.items()} == {
        k: v["value"] for k, v in state["worksheets"][tool.id]["blocks"].items()
    }
    assert dossier_compare(page, tool, inputs, tables) == got


@pytest.mark.parametrize("households, words", [("0", "is 0; delen door 0 kan niet."), ("", "Vul eerst")])
def test_dossier_with_0_households_shows_the_message_and_no_number(open_page, households, words):
    tool = TOOLS["kostprijsmodel"]
    assert tool.model is not None
    divisor = first_divisor(tool)
    assert divisor is not None and divisor.id == "deelnemers"
    inputs, tables = on_form(tool)
    state = stored_state(tool, inputs, tables)
    state["worksheets"][tool.id]["blocks"][divisor.id]["value"] = households
    page = open_dossier(open_page, state)
    got = dossier_compare(page, tool, {**inputs, divisor.id: Decimal(households) if households else None}, tables)
    hit = {k: v for k, v in got.items() if words in v}
    assert hit, got
    for value in hit.values():
        assert "delen door 0 kan niet" in value and not re.search(r"\d", value.replace("0;", "").replace("0 ", ""))
        assert not SHOWN_NUMBER.match(value)
    message = page.locator(f"[data-ia-dossier-sheet='{tool.id}'] [data-ia-dossier-output].ia-calc-error")
    assert message.count() == len(hit)


@pytest.mark.parametrize("scheme, width", [("light", 1280), ("dark", 390)])
def test_dossier_with_calculations_has_no_axe_violations(open_page, scheme, width):
    """Both tools with their example, one cell no number: tables, messages and results in the
    dossier pass axe, also on a phone where the tables scroll sideways (keyboard-reachable)."""
    from test_accessibility import check

    state: dict[str, Any] = {}
    for tool_id in DOSSIER_TOOLS:
        tool = TOOLS[tool_id]
        one = stored_state(tool, *on_form(tool))
        state = state or one
        state["worksheets"].update(one["worksheets"])
    kosten = state["worksheets"]["kostprijsmodel"]["blocks"]["kosten"]["value"]
    kosten[1][1] = "12,5,0"
    page = open_page("dossier/", scheme)
    page.set_viewport_size({"width": width, "height": 900})
    page.evaluate("([key, value]) => localStorage.setItem(key, value)", [KEY, json.dumps(state)])
    page.reload(wait_until="networkidle")
    page.wait_for_selector("[data-ia-dossier][data-ia-rendered] [data-ia-dossier-output]")
    assert "meer dan één komma" in page.inner_text("[data-ia-dossier-sheet='kostprijsmodel']")
    wrong = page.locator("[data-ia-dossier-table='kosten'] tr[data-ia-dossier-row='1'] [data-ia-dossier-cell='1']")
    assert wrong.locator(".ia-calc-typed").inner_text().strip() == "12,5,0"  # no number: as typed, with the message
    if width < 500:
        assert page.locator(".ia-dossier-calc-wrap[tabindex='0'][role='region']").count() > 0
    check(page, f"/dossier/ ({scheme}, {width} px, two calculating tools)")
