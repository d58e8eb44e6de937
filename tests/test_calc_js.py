"""The browser's calculator (overrides/assets/javascripts/ia-calc.js) against Python's reference
(macros.model.calc.evaluate_model), without a browser: the unit tests in tests/js/calc.test.js, and
every model of the fixture site and of the real site evaluated on both sides for the worked example
and for hostile and edge cases, every cell compared as people read it (Dutch display or the message).

Node is the pinned Node 22 of tests/node_tools.py. This test never skips.
"""

from __future__ import annotations

import json
import subprocess
from decimal import Decimal
from functools import cache
from pathlib import Path
from typing import Any

import pytest

import node_tools
from conftest import ROOT
from macros.checks.programme import load_programme
from macros.model import calc
from macros.model import schema as m
from macros.model.numbers import format_number

FIXTURE = Path(__file__).parent / "fixtures" / "mini"
CALC_JS = ROOT / "overrides" / "assets" / "javascripts" / "ia-calc.js"

# Reads [{model, inputs, tables}] on stdin, writes for each the display of every cell.
RUNNER = r"""
const fs = require("node:fs"), vm = require("node:vm");
const context = { console }; context.window = context; vm.createContext(context);
vm.runInContext(fs.readFileSync(process.argv[1], "utf-8"), context, { filename: process.argv[1] });
const calc = context.IA.calc;
const show = (cell, unit) => cell.error ? cell.error : cell.value === null ? "" : calc.formatValue(cell.value, unit);
const cases = JSON.parse(fs.readFileSync(0, "utf-8"));
console.log(JSON.stringify(cases.map(({ model, inputs, tables }) => {
  const r = calc.evaluate(model, inputs, tables);
  const out = {};
  for (const i of model.inputs) out["in:" + i.id] = show(r.inputs[i.id], i.unit);
  for (const t of model.tables) {
    const table = r.tables[t.id];
    table.cells.forEach((row, n) => t.columns.forEach((c, j) => {
      out[`cell:${t.id}:${n}:${c.id}`] = show(row[j], c.unit);
    }));
    for (const c of t.computed) table.computed[c.id].forEach((cell, n) => {
      out[`col:${t.id}:${n}:${c.id}`] = show(cell, c.unit);
    });
    for (const c of t.columns.concat(t.computed)) out[`total:${t.id}:${c.id}`] = show(table.totals[c.id], c.unit);
  }
  for (const row of model.rows) r.rows[row.id].forEach((cell, j) => {
    out[`row:${row.id}:${j}`] = show(cell, row.unit);
  });
  for (const o of model.outputs) out["out:" + o.id] = show(r.outputs[o.id], o.unit);
  return out;
})));
"""


def node() -> list[str]:
    try:
        return node_tools.node_command()
    except node_tools.ToolMissing as error:
        pytest.fail(f"Node for the calculator tests is missing: {error}", pytrace=False)


def python_display(model: m.NumericModel, inputs: dict[str, Decimal | None], tables: dict[str, Any]) -> dict[str, str]:
    r = calc.evaluate_model(model, inputs, tables)
    out: dict[str, str] = {}
    for i in model.inputs:
        out[f"in:{i.id}"] = calc.display(r.inputs[i.id], i.unit)
    for t in model.tables:
        table = r.tables[t.id]
        for n, row in enumerate(table.cells):
            for c, cell in zip(t.columns, row, strict=True):
                out[f"cell:{t.id}:{n}:{c.id}"] = calc.display(cell, t.unit_of(c))
        for c in t.computed:
            for n, cell in enumerate(table.computed[c.id]):
                out[f"col:{t.id}:{n}:{c.id}"] = calc.display(cell, c.unit)
        for c in t.columns:
            out[f"total:{t.id}:{c.id}"] = calc.display(table.totals[c.id], t.unit_of(c))
        for c in t.computed:
            out[f"total:{t.id}:{c.id}"] = calc.display(table.totals[c.id], c.unit)
    for row in model.rows:
        for j, cell in enumerate(r.rows[row.id]):
            out[f"row:{row.id}:{j}"] = calc.display(cell, row.unit)
    for o in model.outputs:
        out[f"out:{o.id}"] = calc.display(r.outputs[o.id], o.unit)
    return out


def typed(value: Decimal | None, unit: str, style: int) -> str:
    """A number as a duo might type it, in one of a few Dutch ways."""
    if value is None:
        return ""
    text = format_number(value)
    if style == 1 and unit == "euro":
        return f"€ {text}"
    if style == 2 and unit == "procent":
        return f"{text}%"
    if style == 3:
        return text.replace(".", " ")
    return text


@cache
def calculating_tools() -> list[tuple[str, m.Tool]]:
    tools = []
    for name, root in (("mini", FIXTURE), ("site", ROOT)):  # not root.name: a clone may be called anything
        programme, problems = load_programme(root)
        assert programme is not None, problems
        tools += [(f"{name}:{t.id}", t) for t in programme.tools.values() if t.model is not None]
    rekenblad = dict(tools)["mini:rekenblad"]
    tools.append(("mini:rekenblad-grenzen", with_bounds(rekenblad)))
    tools.append(("mini:rekenblad-rijen", with_row_extremes(rekenblad)))
    return tools


def with_row_extremes(tool: m.Tool) -> m.Tool:
    """The fixture's rekenblad with min and max over its computed rows, and an output that uses one."""
    assert tool.model is not None
    extra = [
        m.ModelOutput(id="laagste", label="Laagste saldo", unit="euro", formula="min(eindsaldo)", expected=0),
        m.ModelOutput(id="hoogste", label="Hoogste", unit="euro", formula="max(saldo, eindsaldo)", expected=0),
        m.ModelOutput(id="marge", label="Marge", unit="euro", formula="laagste / huishoudens", expected=0),
    ]
    model = tool.model.model_copy(update={"outputs": [*tool.model.outputs, *extra]})
    return tool.model_copy(update={"id": "rekenblad-rijen", "model": model})


def with_bounds(tool: m.Tool) -> m.Tool:
    """The fixture's rekenblad with an upper bound: on a share (0 to 100), on people (0 by their
    unit, to 1000) and on an amount that has no lower bound (at most 50.000)."""
    assert tool.model is not None
    inputs = [
        i.model_copy(update={"max": {"huishoudens": 1000.0, "beginsaldo": 50000.0}[i.id]}) for i in tool.model.inputs
    ]
    tables = [
        t.model_copy(
            update={"columns": [c.model_copy(update={"max": 100.0}) if c.id == "deel" else c for c in t.columns]}
        )
        for t in tool.model.tables
    ]
    model = tool.model.model_copy(update={"inputs": inputs, "tables": tables})
    return tool.model_copy(update={"id": "rekenblad-grenzen", "model": model})


def cases(model: m.NumericModel) -> list[tuple[str, dict[str, Decimal | None], dict[str, Any]]]:
    """The worked example, and variations on it that reach every message of the issue."""
    inputs, tables = calc.example_inputs(model)
    found = [("voorbeeld", inputs, tables)]
    for i in model.inputs:
        found.append((f"{i.id} leeg", {**inputs, i.id: None}, tables))
        found.append((f"{i.id} 0", {**inputs, i.id: Decimal(0)}, tables))
        found.append((f"{i.id} negatief", {**inputs, i.id: Decimal("-3")}, tables))
        found.append((f"{i.id} 1e12", {**inputs, i.id: Decimal(10) ** 12}, tables))
        found.append((f"{i.id} 1/3", {**inputs, i.id: Decimal("0.3333")}, tables))
    for t in model.tables:
        rows = tables.get(t.id, [])
        found.append((f"{t.id} leeg", inputs, {**tables, t.id: []}))
        found.append((f"{t.id} nul", inputs, {**tables, t.id: [(label, [Decimal(0)] * len(v)) for label, v in rows]}))
        found.append(
            (f"{t.id} tekort", inputs, {**tables, t.id: [*rows, ("Tekort", [Decimal("-1500.255")] * len(t.columns))]})
        )
        found.append((f"{t.id} lege rij", inputs, {**tables, t.id: [("Leeg", [None] * len(t.columns)), *rows]}))
        found.append(
            (f"{t.id} centen", inputs, {**tables, t.id: [(label, [Decimal("0.005")] * len(v)) for label, v in rows]})
        )
        found.append(
            (f"{t.id} groot", inputs, {**tables, t.id: [*rows, ("Groot", [Decimal(10) ** 12] * len(t.columns))]})
        )
        found.append(  # rounds to zero: "€ 0" and "0,0%" in both, never "€ -0" (Python showed the sign)
            (f"{t.id} bijna nul", inputs, {**tables, t.id: [("Bijna nul", [Decimal("-0.001")] * len(t.columns))]})
        )
    return found


def test_calc_unit_tests_pass_in_node():
    result = subprocess.run(
        [*node(), "--test", "--test-reporter=spec", str(ROOT / "tests" / "js" / "calc.test.js")],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )
    output = result.stdout + result.stderr
    assert result.returncode == 0, f"node --test failed:\n{output}"
    assert "ℹ fail 0" in output or "# fail 0" in output, output


def test_there_are_calculating_tools_to_compare():
    names = [name for name, _ in calculating_tools()]
    assert "mini:rekenblad" in names, names


@pytest.mark.parametrize("name", [name for name, _ in calculating_tools()])
def test_browser_computes_what_python_computes(name):
    """Every cell, total, computed row and output of every case: the same Dutch text (or the same
    message) from ia-calc.js as from evaluate_model + display."""
    tool = dict(calculating_tools())[name]
    model = tool.model
    assert model is not None
    browser_model = calc.browser_model(model)
    jobs, expected = [], []
    for number, (label, inputs, tables) in enumerate(cases(model)):
        style = number % 4
        units = {i.id: i.unit for i in model.inputs}
        typed_inputs = {k: typed(v, units.get(k, ""), style) for k, v in inputs.items()}
        typed_tables = {
            t.id: [
                [row_label, *(typed(v, t.unit_of(c), style) for v, c in zip(values, t.columns, strict=False))]
                for row_label, values in tables.get(t.id, [])
            ]
            for t in model.tables
        }
        jobs.append({"model": browser_model, "inputs": typed_inputs, "tables": typed_tables})
        expected.append((label, python_display(model, inputs, tables)))
    result = subprocess.run(
        [*node(), "-e", RUNNER, str(CALC_JS)], input=json.dumps(jobs), capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stderr
    browser = json.loads(result.stdout)
    assert len(browser) == len(expected)
    compared = 0
    for (label, python), js in zip(expected, browser, strict=True):
        differences = {k: (python[k], js.get(k)) for k in python if python[k] != js.get(k)}
        assert not differences, f"{name}, case '{label}': Python ≠ browser: {differences}"
        assert set(js) == set(python), f"{name}, case '{label}'"
        compared += len(python)
    assert compared > 20
    example = expected[0][1]
    assert all(not text.startswith(("Vul eerst", "‘")) for key, text in example.items() if key.startswith("out:")), (
        f"the worked example of {name} has a message instead of a number: {example}"
    )
