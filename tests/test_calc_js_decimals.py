"""The browser's calculator adds and subtracts decimals as Python's Decimal does: a small difference
of two large sums keeps its half cent (188.500 − 1.500,255 − 186.000 = 999,745 → € 999,75), where
plain binary doubles give 999,7449999… → € 999,74. Found with the budget of meerjarenbegroting
(week 24): a result of about € 1.000 between sums of about € 187.000.
"""

from __future__ import annotations

import json
import subprocess
from decimal import Decimal

from macros.model import calc
from test_calc_js import CALC_JS, RUNNER, calculating_tools, node, python_display


def _budget(income: list[str], costs: list[str]) -> tuple[dict[str, str], dict[str, str]]:
    """Python's and the browser's display of meerjarenbegroting with one year filled in."""
    model = dict(calculating_tools())["site:meerjarenbegroting"].model
    assert model is not None

    def rows(values: list[str]) -> list[list[str]]:
        return [[f"Rij {n}", value, "", ""] for n, value in enumerate(values)]

    job = {
        "model": calc.browser_model(model),
        "inputs": {},
        "tables": {"inkomsten": rows(income), "kosten": rows(costs), "tegenvaller": []},
    }
    result = subprocess.run(
        [*node(), "-e", RUNNER, str(CALC_JS)], input=json.dumps([job]), capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stderr

    def number(text: str) -> Decimal | None:
        return Decimal(text.replace(",", ".")) if text else None

    def py_rows(values: list[str]) -> list[tuple[str, list[Decimal | None]]]:
        return [(f"Rij {n}", [number(value), None, None]) for n, value in enumerate(values)]

    python = python_display(
        model,
        {i.id: None for i in model.inputs},
        {"inkomsten": py_rows(income), "kosten": py_rows(costs), "tegenvaller": []},
    )
    return python, json.loads(result.stdout)[0]


def test_a_small_difference_of_large_sums_keeps_its_half_cent():
    python, browser = _budget(["188500", "-1500,255"], ["186000"])
    assert python["row:resultaat:0"] == "€ 999,75"
    assert browser["row:resultaat:0"] == "€ 999,75"
    assert browser["out:resultaat_totaal"] == python["out:resultaat_totaal"] == "€ 999,75"


def test_sums_of_cents_stay_exact():
    python, browser = _budget(["0,1", "0,2"], ["0,3"])
    assert browser["row:resultaat:0"] == python["row:resultaat:0"] == "€ 0"
    python, browser = _budget(["1000000,005"], ["0,01"])
    assert browser["row:resultaat:0"] == python["row:resultaat:0"]


def test_the_sum_function_adds_decimals_too():
    """sum(a, b) in a formula, as total() and +: 186.999,745 + (−186.000) is € 999,75."""
    base = dict(calculating_tools())["site:meerjarenbegroting"].model
    assert base is not None
    output = base.outputs[0].model_copy(update={"id": "s", "formula": "sum(prijs, vast)", "expected": 0})
    model = base.model_copy(update={"outputs": [output], "rows": [], "tables": []})
    job = {
        "model": calc.browser_model(model),
        "inputs": {"prijs": "186999,745", "vast": "-186000"},
        "tables": {},
    }
    result = subprocess.run(
        [*node(), "-e", RUNNER, str(CALC_JS)], input=json.dumps([job]), capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stderr
    inputs = {"prijs": Decimal("186999.745"), "vast": Decimal("-186000"), "variabel": None}
    python = python_display(model, inputs, {})
    assert python["out:s"] == json.loads(result.stdout)[0]["out:s"] == "€ 999,75"
