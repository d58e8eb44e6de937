"""The calculating tools (issue 14): Dutch number input, the formula language and its compiled form,
`evaluate_model` on the fixture tool `rekenblad` (tables, total rows, computed columns, a running
balance, outputs) including the hostile cases, and the partner errors at load time with file,
line and field."""

from __future__ import annotations

import json
import re
from decimal import Decimal
from pathlib import Path

import pytest

from conftest import assert_error as assert_error_at
from conftest import edit, line_of
from macros.checks.programme import load_programme
from macros.model import calc
from macros.model import schema as m
from macros.model.formula import FormulaError, compile_formula
from macros.model.numbers import NumberError, canonical, format_number, parse_dutch

FIXTURE = Path(__file__).parent / "fixtures" / "mini"
VECTORS = json.loads((FIXTURE.parent / "dutch_numbers.json").read_text(encoding="utf-8"))
TOOL = "worksheets/rekenblad.yml"
KLUSBUS = "docs/_data/klusbus.yml"
D = Decimal


@pytest.fixture(scope="module")
def model(mini) -> m.NumericModel:
    assert mini.tools["rekenblad"].model is not None
    return mini.tools["rekenblad"].model


# --- Dutch numbers ----------------------------------------------------------------------------


@pytest.mark.parametrize("vector", VECTORS, ids=[repr(v["in"]) for v in VECTORS])
def test_dutch_number_vectors(vector):
    """The same vectors run in tests/js (ia-calc.js): value and message must agree."""
    if vector["error"]:
        with pytest.raises(NumberError) as caught:
            parse_dutch(vector["in"])
        assert str(caught.value) == vector["error"]
    else:
        value = parse_dutch(vector["in"])
        assert (None if value is None else canonical(value)) == vector["out"]


def test_a_value_that_rounds_to_zero_has_no_minus_sign():
    tiny = calc.Cell(D("-0.001"))
    assert [calc.display(tiny, unit) for unit in ("euro", "procent", "")] == ["€ 0", "0,0%", "0"]
    assert calc.display(calc.Cell(D("-0.006")), "euro") == "€ -0,01"
    assert format_number(D("-0.0001"), 2) == "0,00" and format_number(D("-0")) == "0"


def test_the_vectors_cover_what_the_issue_names():
    inputs = {v["in"]: v for v in VECTORS}
    for accepted, value in [("1.250,50", "1250.5"), ("€ 1.250", "1250"), ("12%", "12"), ("12,5 %", "12.5")]:
        assert inputs[accepted]["out"] == value
    for refused in ("12,5,0", "1.25.0", "1,2.3", "abc", "99999999999999"):
        assert inputs[refused]["error"], refused


# --- the formula language ---------------------------------------------------------------------


@pytest.mark.parametrize(
    "text, compiled",
    [
        ("1.5", {"num": 1.5}),
        ("kosten", {"ref": "kosten"}),
        ("a + b * 2", {"op": "+", "a": {"ref": "a"}, "b": {"op": "*", "a": {"ref": "b"}, "b": {"num": 2}}}),
        ("-a", {"neg": {"ref": "a"}}),
        ("-3", {"num": -3}),
        ("+a", {"ref": "a"}),
        ("round(a / b, 2)", {"fn": "round", "args": [{"op": "/", "a": {"ref": "a"}, "b": {"ref": "b"}}, {"num": 2}]}),
        ("max(a, 0)", {"fn": "max", "args": [{"ref": "a"}, {"num": 0}]}),
        ("total(kosten)", {"total": "kosten", "col": None}),
        ("total(kosten.bedrag)", {"total": "kosten", "col": "bedrag"}),
        ("column(ontvangsten)", {"column": "ontvangsten"}),
        ("previous(eindsaldo, beginsaldo)", {"previous": "eindsaldo", "start": {"ref": "beginsaldo"}}),
        ("previous(eindsaldo, 0)", {"previous": "eindsaldo", "start": {"num": 0}}),
        ("min(kosten.bedrag)", {"fn": "min", "args": [{"cells": "kosten", "col": "bedrag"}]}),
        (
            "max(gemeente.nu, bronnen.nu) / totaal_nu",
            {
                "op": "/",
                "a": {"fn": "max", "args": [{"cells": "gemeente", "col": "nu"}, {"cells": "bronnen", "col": "nu"}]},
                "b": {"ref": "totaal_nu"},
            },
        ),
    ],
)
def test_formulas_compile_to_the_shared_json_form(text, compiled):
    assert compile_formula(text) == compiled


@pytest.mark.parametrize(
    "text, fragment",
    [
        ("a ** 2", "niet toegestaan"),
        ("pow(a, 2)", "functie 'pow' is niet toegestaan"),
        ("a if b else 0", "niet toegestaan"),
        ("kosten.bedrag", "alleen in total"),
        ("total(kosten, uitgaven)", "total heeft één tabel nodig"),
        ("total(1)", "total heeft één tabel nodig"),
        ("column(a.b)", "column heeft één tabel nodig"),
        ("previous(a)", "previous heeft een rij en een beginwaarde nodig"),
        ("previous(a, b + 1)", "previous heeft een rij en een beginwaarde nodig"),
        ("'tekst'", "geen getal"),
        ("__import__('os')", "niet toegestaan"),
        ("a[0]", "niet toegestaan"),
        ("(a", "geen geldige rekenregel"),
        ("round(a, b)", "aantal decimalen"),
        ("max(kosten.bedrag, 0)", "max over kolommen krijgt alleen kolommen"),
        ("min(a, kosten.bedrag)", "min over kolommen krijgt alleen kolommen"),
        ("sum(kosten.bedrag)", "alleen in total(tabel.kolom), max(tabel.kolom) of min(tabel.kolom)"),
        ("abs(kosten.bedrag)", "alleen in total(tabel.kolom), max(tabel.kolom) of min(tabel.kolom)"),
    ],
)
def test_formulas_outside_the_allow_list_are_refused(text, fragment):
    with pytest.raises(FormulaError, match=re.escape(fragment)):
        compile_formula(text)


# --- evaluate_model ---------------------------------------------------------------------------


def test_the_worked_example_computes_every_cell(model):
    results = calc.evaluate_example(model)
    kosten = results.tables["kosten"]
    assert kosten.labels == ["Huur werkplaats", "Loonkosten", "Bus en gereedschap", "Verzekering"]
    assert [c.value for c in kosten.computed["klus"]] == [6000, 90000, 18000, 2000]
    shares = [calc.to_cents(c.value) for c in kosten.computed["aandeel"]]
    assert shares == [D("5.17"), D("77.59"), D("15.52"), D("1.72")]
    assert kosten.totals["bedrag"].value == 185000 and kosten.totals["klus"].value == 116000
    assert calc.to_cents(kosten.totals["aandeel"].value) == 100
    assert [c.value for c in results.rows["saldo"]] == [250, 0, D("1250.5")]
    assert [c.value for c in results.rows["eindsaldo"]] == [1250, 1250, D("2500.5")]
    outputs = {k: calc.display(v, "euro") for k, v in results.outputs.items()}
    assert outputs == {"integraal": "€ 116.000", "per_huishouden": "€ 483,33", "netto": "€ 1.500,50"}
    assert results.messages() == []


def _example(model):
    return calc.example_inputs(model)


def test_division_by_an_empty_or_zero_input_gives_a_message_not_a_number(model):
    inputs, tables = _example(model)
    for value, message in [
        (None, "Vul eerst ‘Huishoudens per jaar’ in; delen door 0 kan niet."),
        (D(0), "‘Huishoudens per jaar’ is 0; delen door 0 kan niet."),
    ]:
        results = calc.evaluate_model(model, dict(inputs, huishoudens=value), tables)
        assert results.outputs["per_huishouden"] == calc.Cell(None, message)
        assert results.outputs["integraal"].value == 116000  # the rest still computes


def test_a_zero_total_as_divisor_names_the_total(model):
    inputs, tables = _example(model)
    zero = [(label, [values[0], D(0)]) for label, values in tables["kosten"]]
    results = calc.evaluate_model(model, inputs, dict(tables, kosten=zero))
    assert {c.message for c in results.tables["kosten"].computed["aandeel"]} == {
        "Het totaal van ‘Voor de klusdienst’ is 0; delen door 0 kan niet."
    }
    assert results.outputs["per_huishouden"].value == 0


def test_negative_people_are_refused_but_a_deficit_is_allowed(model):
    inputs, tables = _example(model)
    results = calc.evaluate_model(model, dict(inputs, huishoudens=D(-5)), tables)
    message = "‘Huishoudens per jaar’ kan niet negatief zijn; vul 0 of meer in."
    assert results.inputs["huishoudens"].message == message
    assert results.outputs["per_huishouden"].message == message  # travels on, never a number
    deficit = [("Loon", [D(6000), D(6000), D(6000)])]
    results = calc.evaluate_model(model, dict(inputs, beginsaldo=D(-500)), dict(tables, uitgaven=deficit))
    assert [c.value for c in results.rows["eindsaldo"]] == [D(-1250), D(-2250), D("-1999.5")]
    assert results.outputs["netto"].value == D("-1499.5")


def test_negative_percentage_in_a_column_with_min_0_is_refused(model):
    inputs, tables = _example(model)
    rows = [("Huur", [D(1000), D(-10)])]
    results = calc.evaluate_model(model, inputs, dict(tables, kosten=rows))
    assert (
        results.tables["kosten"].cells[0][1].message
        == "‘Deel voor de klusdienst (Huur)’ kan niet negatief zijn; vul 0 of meer in."
    )
    assert results.outputs["integraal"].value is None and results.outputs["integraal"].message


def test_numbers_outside_their_bounds_are_refused_with_the_bounds_in_the_message(model):
    """`max` on a column or an input (a score of 1 to 5): above it, the cell is refused as below `min`."""
    columns = [c.model_copy(update={"max": 100.0}) if c.id == "deel" else c for c in model.tables[0].columns]
    inputs_ = [i.model_copy(update={"max": 50000.0}) if i.id == "beginsaldo" else i for i in model.inputs]
    bounded = model.model_copy(
        update={
            "tables": [model.tables[0].model_copy(update={"columns": columns}), *model.tables[1:]],
            "inputs": inputs_,
        }
    )
    inputs, tables = _example(bounded)
    over = [("Huur", [D(1000), D("100.5")]), ("Bus", [D(1000), D(100)])]
    results = calc.evaluate_model(bounded, dict(inputs, beginsaldo=D(50001)), dict(tables, kosten=over))
    cells = results.tables["kosten"].cells
    assert cells[0][1].message == "‘Deel voor de klusdienst (Huur)’ moet tussen 0 en 100 liggen."
    assert cells[1][1].value == 100  # the bound itself is allowed
    assert results.inputs["beginsaldo"].message == "‘Saldo aan het begin’ mag hoogstens 50.000 zijn."
    assert results.outputs["integraal"].message == cells[0][1].message  # travels on, never a number
    below = calc.evaluate_model(bounded, inputs, dict(tables, kosten=[("Huur", [D(1000), D(-1)])]))
    assert below.tables["kosten"].cells[0][1].message == "‘Deel voor de klusdienst (Huur)’ moet tussen 0 en 100 liggen."
    assert calc.browser_model(bounded)["inputs"][1]["max"] == 50000.0


def test_very_large_numbers_are_refused(model):
    inputs, tables = _example(model)
    results = calc.evaluate_model(model, dict(inputs, beginsaldo=D(10) ** 13), tables)
    assert "te groot" in results.inputs["beginsaldo"].message
    big = [("Lening", [D(10) ** 12, D(10) ** 12, D(0)])]
    results = calc.evaluate_model(model, inputs, dict(tables, ontvangsten=big + big))
    assert results.tables["ontvangsten"].totals["jan"].message == calc.TOO_LARGE_RESULT
    assert results.outputs["netto"].message == calc.TOO_LARGE_RESULT


def test_empty_cells_count_as_0_and_an_empty_row_stays_blank(model):
    inputs, tables = _example(model)
    rows = list(tables["kosten"]) + [("", [None, None]), ("Nog invullen", [None, None])]
    results = calc.evaluate_model(model, inputs, dict(tables, kosten=rows))
    assert results.tables["kosten"].computed["klus"][-2:] == [calc.EMPTY, calc.EMPTY]
    assert results.outputs["integraal"].value == 116000
    empty = calc.evaluate_model(model, {}, {})
    assert empty.outputs["integraal"].value == 0 and empty.outputs["netto"].value == 0
    assert empty.outputs["per_huishouden"].message.startswith("Vul eerst")


def test_totals_add_the_unrounded_cells(model):
    """The one rounding rule: a total is the rounded sum, not the sum of the rounded cells."""
    inputs, tables = _example(model)
    thirds = [(f"Post {i}", [D(1), D("33.333")]) for i in range(3)]  # 0,33333 each: shown as € 0,33
    results = calc.evaluate_model(model, inputs, dict(tables, kosten=thirds))
    cells = results.tables["kosten"].computed["klus"]
    assert [calc.display(c, "euro") for c in cells] == ["€ 0,33"] * 3
    assert calc.display(results.tables["kosten"].totals["klus"], "euro") == "€ 1"  # not € 0,99


def _with_outputs(model: m.NumericModel, **formulas: str) -> m.NumericModel:
    outputs = [
        m.ModelOutput(id=k, label=k.capitalize(), unit="euro", formula=f, expected=0) for k, f in formulas.items()
    ]
    return model.model_copy(update={"outputs": outputs})


def test_max_and_min_over_columns_leave_empty_cells_out(model):
    """max(T.c, …) / min(T.c, …): the largest or smallest cell; an empty row is no 0 for min, a
    computed column counts, several columns (also of other tables) together, 0 without numbers."""
    extremes = _with_outputs(
        model,
        hoogste="max(kosten.bedrag)",
        laagste="min(kosten.bedrag)",
        laagste_klus="min(kosten.klus)",
        over_tabellen="max(ontvangsten.jan, uitgaven.jan, kosten.deel)",
        deel="max(kosten.bedrag) / total(kosten.bedrag) * 100",
    )
    inputs, tables = _example(extremes)
    rows = [("Leeg", [None, None]), *tables["kosten"], ("Alleen deel", [None, D(30)])]
    results = calc.evaluate_model(extremes, inputs, dict(tables, kosten=rows))
    values = {k: v.value for k, v in results.outputs.items()}
    assert values["hoogste"] == 150000
    assert values["laagste"] == 5000  # not 0: the empty cells are left out
    assert values["laagste_klus"] == 0  # 'Alleen deel' has no amount: 0 × 30 / 100 (a number, not empty)
    assert values["over_tabellen"] == 5000  # januari: 5000 and 250 received, 4000 and 1000 spent; deel ≤ 100
    assert calc.to_cents(values["deel"]) == D("81.08")  # 150000 / 185000
    empty = calc.evaluate_model(extremes, inputs, dict(tables, kosten=[("Leeg", [None, None])]))
    assert empty.outputs["laagste"].value == 0 and empty.outputs["hoogste"].value == 0  # as MIN/MAX in a spreadsheet
    refused = calc.evaluate_model(extremes, inputs, dict(tables, kosten=[("Huur", [D(1000), D(-10)])]))
    message = "‘Deel voor de klusdienst (Huur)’ kan niet negatief zijn; vul 0 of meer in."
    assert refused.outputs["laagste_klus"].message == message  # a message travels on, never a number
    assert refused.outputs["hoogste"].value == 1000  # the amount column itself is fine


def test_max_over_a_computed_column_is_evaluated_after_it(model):
    extremes = _with_outputs(model, grootste="max(kosten.aandeel)")
    order = calc.evaluation_order(extremes)
    assert order.index("col:kosten.aandeel") < order.index("out:grootste")
    assert calc.to_cents(calc.evaluate_example(extremes).outputs["grootste"].value) == D("77.59")


def test_the_spreadsheet_takes_max_over_the_reserved_rows():
    """MAX over the ranges, with an error value when a cell holds a message or a number beyond
    10^12 (MAX would skip a text); without a `cells` callback the range is the one total() sums."""
    from macros.downloads.formula import Cells, spreadsheet

    def total(table: str, column: str | None) -> tuple[str, str]:
        letter = {"nu": "B", "doel": "C"}[column or "nu"]
        first, last = (6, 10) if table == "gemeente" else (15, 24)
        fixed = f"${letter}${first}:${letter}${last}"
        return f"IF(ISTEXT(SUM({fixed})),SUM({fixed}),SUM({fixed}))", "het totaal"

    def ref(name: str) -> tuple[str, str, bool]:
        return "$B$28", "Alle inkomsten nu", False

    cells = Cells(ref, total, lambda _: "", lambda _: None, "Deel")
    text = spreadsheet(compile_formula("max(gemeente.nu, bronnen.nu) / totaal_nu"), cells)
    assert "MAX($B$6:$B$10,$B$15:$B$24)" in text
    assert "SUMPRODUCT(ISTEXT($B$15:$B$24)*(LEN($B$15:$B$24)>0))" in text and "NA()" in text
    assert 'COUNTIF($B$6:$B$10,">1E+12")' in text
    explicit = Cells(ref, total, lambda _: "", lambda _: None, "Deel", cells=lambda t, c: f"{t}!{c}")
    assert "MIN(kosten!bedrag)" in spreadsheet(compile_formula("min(kosten.bedrag)"), explicit)


def test_the_browser_model_is_json_with_compiled_formulas_and_an_order(model):
    data = json.loads(json.dumps(calc.browser_model(model)))
    assert data["order"][-2:] == ["row:saldo", "row:eindsaldo"]
    assert data["order"].index("col:kosten.klus") < data["order"].index("out:integraal")
    assert data["outputs"][1]["formula"] == {"op": "/", "a": {"ref": "integraal"}, "b": {"ref": "huishoudens"}}
    assert data["tables"][0]["columns"][1] == {
        "id": "deel",
        "label": "Deel voor de klusdienst",
        "unit": "procent",
        "min": 0.0,
        "max": None,
        "total": False,
    }
    assert data["inputs"][0]["min"] == 0.0 and data["inputs"][1]["min"] is None


def test_the_loader_fills_in_the_example_from_klusbus(mini):
    tool = mini.tools["rekenblad"]
    assert tool.model.inputs[0].example == 240.0  # {klusbus: huishoudens}
    blocks = {b.id: b for b in tool.canvas.blocks}
    assert blocks["kosten"].columns == ["Kostenpost", "Bedrag per jaar", "Deel voor de klusdienst"]
    assert tool.example.values["kosten"][0] == ["Huur werkplaats", "€ 12.000", "50%"]
    assert tool.example.values["huishoudens"] == 240.0
    assert "Kostprijs per huishouden: € 483,33" in tool.example.values["uitkomsten"]
    assert tool.example.values["toelichting"] == "De klusdienst kost € 483,33 per huishouden."


def test_calc_value_writes_the_model_result(mini):
    from macros.render.calc import calc_value, model_problem

    assert calc_value(mini, "rekenblad", "per_huishouden") == "€ 483,33"
    assert model_problem(mini, "rekenblad", "per_huishouden") is None
    assert "geen uitkomst 'kostprijs'" in model_problem(mini, "rekenblad", "kostprijs")
    assert "niet 'onbekend'" in model_problem(mini, "onbekend", "x")


# --- partner errors at load time --------------------------------------------------------------


def assert_error(root: Path, rel: str, needle: str, field: str, fragment: str) -> None:
    """conftest.assert_error at the line of the first line of `rel` that contains `needle`."""
    assert_error_at(root, rel, line_of(root, rel, needle), field, fragment)


def test_the_fixture_has_no_errors(project):
    _, problems = load_programme(project)
    assert [p for p in problems if p.severity == "error"] == []


@pytest.mark.parametrize(
    "old, new, needle, field, fragment",
    [
        (  # an unknown id
            "formula: integraal / huishoudens",
            "formula: integraal / huishouden",
            "formula: integraal / huishouden",
            "model.outputs.1.formula",
            "onbekende invoer in de formule: huishouden",
        ),
        (  # a circle
            "formula: total(kosten.klus)",
            "formula: total(kosten.klus) + per_huishouden",
            "formula: total(kosten.klus) + per_huishouden",
            "model.outputs.0.formula",
            "de formules rekenen in een kring: integraal → per_huishouden → integraal",
        ),
        (  # column() over a table with other columns
            "formula: column(ontvangsten) - column(uitgaven)",
            "formula: column(ontvangsten) - column(kosten)",
            "formula: column(ontvangsten) - column(kosten)",
            "model.rows.0.formula",
            "tabel 'kosten' heeft andere kolommen dan 'ontvangsten'",
        ),
        (  # a row removed that a formula used
            "    - id: eindsaldo\n      label: Saldo aan het eind van de maand\n      over: ontvangsten\n"
            "      unit: euro\n      formula: previous(eindsaldo, beginsaldo) + saldo\n",
            "    - id: stand\n      label: Stand\n      over: ontvangsten\n      unit: euro\n"
            "      formula: previous(eindsaldo, beginsaldo) + saldo\n",
            "formula: previous(eindsaldo, beginsaldo) + saldo",
            "model.rows.1.formula",
            "'eindsaldo' is geen berekende rij (is die rij weggehaald?)",
        ),
        (  # a formula outside the allow-list
            "formula: bedrag * deel / 100",
            'formula: "bedrag ** 2"',
            'formula: "bedrag ** 2"',
            "model.tables.0.computed.0.formula",
            "niet toegestaan",
        ),
        (  # column() outside model.rows
            "formula: total(ontvangsten) - total(uitgaven)",
            "formula: 0 + column(ontvangsten)",
            "formula: 0 + column(ontvangsten)",
            "model.outputs.2.formula",
            "column(tabel) kan alleen in een berekende rij",
        ),
        (  # a column of another table
            "formula: total(kosten.klus)",
            "formula: total(kosten.jan)",
            "formula: total(kosten.jan)",
            "model.outputs.0.formula",
            "tabel 'kosten' heeft geen kolom 'jan'",
        ),
        (  # expected differs from the computed example by a cent
            "expected: 483.33",
            "expected: 483.34",
            "expected: 483.34",
            "model.outputs.1.expected",
            "het voorbeeld geeft 483,33 met deze formule, niet 483,34",
        ),
        (  # klusbus reference to a missing figure
            "example: {klusbus: huishoudens}",
            "example: {klusbus: huishouden}",
            "example: {klusbus: huishouden}",
            "model.inputs.0.example.klusbus",
            "onbekend cijfer 'huishouden'; bedoel je 'huishoudens'?",
        ),
        (  # klusbus reference to a missing table
            "example: {klusbus: kostenposten}",
            "example: {klusbus: kosten}",
            "example: {klusbus: kosten}",
            "model.tables.0.example.klusbus",
            "onbekende tabel 'kosten'",
        ),
        (  # an example row with a number too few
            "- {label: Subsidie, values: [5000, 5000, 5000]}",
            "- {label: Subsidie, values: [5000, 5000]}",
            "- {label: Subsidie, values: [5000, 5000]}",
            "model.tables.1.example.0.values",
            "deze rij heeft 2 getal(len); de tabel heeft 3 kolom(men)",
        ),
        (  # a table block with its own columns
            "      kind: table\n      position: {col: 1, row: 1, width: 8, height: 3}",
            "      kind: table\n      columns: [a, b]\n      position: {col: 1, row: 1, width: 8, height: 3}",
            "columns: [a, b]",
            "canvas.blocks.0.columns",
            "haal columns weg",
        ),
        (  # an id used twice
            "    - id: netto\n",
            "    - id: saldo  # twice\n",
            "    - id: saldo  # twice",
            "model.outputs.2.id",
            "id 'saldo' komt twee keer voor in het rekenmodel",
        ),
        (  # an upper bound that is not above the lower bound
            "{id: deel, label: Deel voor de klusdienst, unit: procent, min: 0}",
            "{id: deel, label: Deel voor de klusdienst, unit: procent, min: 50, max: 10}",
            "min: 50, max: 10",
            "model.tables.0.columns.1",
            "max (10) moet groter zijn dan min (50)",
        ),
        (  # a computed row used as a number
            "formula: total(ontvangsten) - total(uitgaven)",
            "formula: saldo",
            "formula: saldo",
            "model.outputs.2.formula",
            "'saldo' is een berekende rij",
        ),
    ],
)
def test_model_errors_name_file_line_and_field(project, old, new, needle, field, fragment):
    edit(project, TOOL, old, new)
    assert_error(project, TOOL, needle, field, fragment)


def test_an_upper_bound_below_the_0_that_people_start_from_is_an_error(project):
    edit(project, TOOL, "      unit: personen\n      example:", "      unit: personen\n      max: -1\n      example:")
    item = line_of(project, TOOL, "      label: Huishoudens per jaar") - 1  # the error names the input's first line
    assert_error_at(project, TOOL, item, "model.inputs.0", "max (-1) moet groter zijn dan min (0)")


def test_max_over_an_unknown_column_names_file_line_and_field(project):
    edit(project, TOOL, "formula: total(kosten.klus)", "formula: max(kosten.klus, kosten.jan)")
    assert_error(project, TOOL, "formula: max(kosten.klus, kosten.jan)", "model.outputs.0.formula", "geen kolom 'jan'")


def test_max_mixing_a_column_and_a_number_names_file_line_and_field(project):
    edit(project, TOOL, "formula: total(kosten.klus)", "formula: max(kosten.klus, 0)")
    assert_error(project, TOOL, "formula: max(kosten.klus, 0)", "model.outputs.0.formula", "alleen kolommen")


def test_a_division_by_zero_in_the_example_is_an_error(project):
    edit(project, TOOL, "example: 1000", "example: 0")
    edit(project, TOOL, "formula: integraal / huishoudens", "formula: integraal / beginsaldo")
    edit(project, TOOL, "expected: 483.33", "expected: 0")
    assert_error(
        project,
        TOOL,
        "formula: integraal / beginsaldo",
        "model.outputs.1.formula",
        "deling door nul: ‘Saldo aan het begin’ is 0",
    )


def test_a_klusbus_table_row_of_the_wrong_length(project):
    edit(project, KLUSBUS, "values: [5000, 40]", "values: [5000]")
    assert_error(
        project, TOOL, "example: {klusbus: kostenposten}", "model.tables.0.example.klusbus", "rij 4 ('Verzekering')"
    )


def test_a_klusbus_figure_that_claims_a_model_result_must_match(project):
    edit(project, KLUSBUS, "value: 483.33", "value: 483.5")
    assert_error(
        project,
        KLUSBUS,
        "value: 483.5",
        "figures.kostprijs-huishouden.value",
        "het rekenmodel van 'rekenblad' geeft € 483,33 voor 'Kostprijs per huishouden', niet 483.5",
    )


def test_a_klusbus_figure_naming_an_unknown_output(project):
    edit(project, KLUSBUS, "model: rekenblad.per_huishouden", "model: rekenblad.kostprijs")
    assert_error(
        project,
        KLUSBUS,
        "model: rekenblad.kostprijs",
        "figures.kostprijs-huishouden.model",
        "geen uitkomst 'kostprijs'",
    )


def test_a_figure_that_follows_the_model_changes_with_it(project):
    """Change a cost line in klusbus.yml: the expected result and the quoted figure both fail."""
    edit(project, KLUSBUS, "values: [5000, 40]", "values: [5000, 100]")
    _, problems = load_programme(project)
    fields = {(p.path, p.field) for p in problems if p.severity == "error"}
    assert (TOOL, "model.outputs.1.expected") in fields
    assert (KLUSBUS, "figures.kostprijs-huishouden.value") in fields


def test_calc_value_in_a_page_is_checked(project):
    week = "docs/weken/week-01.md"
    edit(project, week, "## Kennis\n", "## Kennis\n\nDat kost {{ calc_value('rekenblad', 'kostprijs') }}.\n")
    assert_error(project, week, "calc_value(", "calc_value", "tool 'rekenblad' heeft geen uitkomst 'kostprijs'")


# --- a table row that uses a Klusbus figure ---------------------------------------------------

HUUR_FIGURE = "  huishoudens:\n"
HUUR = "  huur:\n    label: huur van de werkplaats per jaar\n    value: 12000\n    unit: euro\n"


def test_a_table_cell_takes_its_number_from_a_klusbus_figure(project):
    """`{klusbus: id}` in a row of klusbus.yml: the model gets the figure's number, and changing
    the figure changes the table (the expected result and the quoted figure then fail)."""
    edit(project, KLUSBUS, HUUR_FIGURE, HUUR + HUUR_FIGURE)
    edit(project, KLUSBUS, "values: [12000, 50]", "values: [{klusbus: huur}, 50]")
    programme, problems = load_programme(project)
    assert [p for p in problems if p.severity == "error"] == []
    rows = programme.tools["rekenblad"].model.tables[0].example
    assert rows[0].values == [12000.0, 50.0]
    assert programme.tools["rekenblad"].example.values["kosten"][0] == ["Huur werkplaats", "€ 12.000", "50%"]

    edit(project, KLUSBUS, "value: 12000", "value: 12600")  # the one place to change the rent
    programme, problems = load_programme(project)
    assert programme.tools["rekenblad"].model.tables[0].example[0].values == [12600.0, 50.0]
    errors = {(p.path, p.line, p.field) for p in problems if p.severity == "error"}
    assert (TOOL, line_of(project, TOOL, "expected: 116000"), "model.outputs.0.expected") in errors
    line = line_of(project, KLUSBUS, "value: 483.33")
    assert (KLUSBUS, line, "figures.kostprijs-huishouden.value") in errors


def test_a_table_cell_naming_an_unknown_figure_names_file_line_and_field(project):
    edit(project, KLUSBUS, HUUR_FIGURE, HUUR + HUUR_FIGURE)
    edit(project, KLUSBUS, "values: [12000, 50]", "values: [{klusbus: hur}, 50]")
    assert_error(
        project,
        KLUSBUS,
        "values: [{klusbus: hur}, 50]",
        "tables.kostenposten.rows.0.values.0.klusbus",
        "onbekend cijfer 'hur'; bedoel je 'huur'?",
    )
    assert_error(
        project, TOOL, "example: {klusbus: kostenposten}", "model.tables.0.example.klusbus", "noemt in getal 1 'hur'"
    )


def test_a_table_cell_naming_a_figure_that_is_no_number(project):
    edit(project, KLUSBUS, HUUR_FIGURE, HUUR.replace("value: 12000", "value: veel") + HUUR_FIGURE)
    edit(project, KLUSBUS, "values: [12000, 50]", "values: [{klusbus: huur}, 50]")
    assert_error(
        project,
        KLUSBUS,
        "values: [{klusbus: huur}, 50]",
        "tables.kostenposten.rows.0.values.0.klusbus",
        "Klusbus-cijfer 'huur' is geen getal",
    )


def test_a_row_in_the_tool_itself_may_name_a_figure(project):
    edit(
        project,
        TOOL,
        "- {label: Subsidie, values: [5000, 5000, 5000]}",
        "- {label: Subsidie, values: [{klusbus: huishouden}, 5000, 5000]}",
    )
    assert_error(
        project,
        TOOL,
        "values: [{klusbus: huishouden}, 5000, 5000]",
        "model.tables.1.example.0.values.0.klusbus",
        "onbekend cijfer 'huishouden'; bedoel je 'huishoudens'?",
    )


def test_the_klusbus_funding_tables_use_the_figures():
    """De Klusbus's funding rows name their figures, so the figure is the one place to change."""
    from conftest import ROOT

    programme, _ = load_programme(ROOT)
    figures = programme.example.figures
    raw = {row.label: row.values for t in programme.example.tables.values() for row in t.rows}
    assert raw["Gemeente: Wmo"][0] == m.KlusbusRef(klusbus="subsidie-wmo")
    model = programme.tools["financieringsmix"].model
    resolved = {row.label: row.values for t in model.tables for row in t.example}
    for label, figure in [
        ("Gemeente: Wmo", "subsidie-wmo"),
        ("Gemeente: Werk en Inkomen", "subsidie-werk"),
        ("Fondsen, vooral Stichting Lindeburgfonds (fictief)", "fondsen"),
        ("Lindeburg Wonen (fictief)", "woningcorporatie"),
        ("Eigen bijdragen van ouderen", "eigen-bijdragen"),
    ]:
        assert raw[label][0] == m.KlusbusRef(klusbus=figure), label
        assert resolved[label][0] == figures[figure].value, label
    money = {f.value for f in figures.values() if f.unit == "euro" and f.model is None}
    funding = [t for key, t in programme.example.tables.items() if key.startswith("financiering-")]
    assert len(funding) == 2
    typed_now = [row.values[0] for t in funding for row in t.rows]  # the column "nu"
    assert not [v for v in typed_now if isinstance(v, float) and v in money], "a 'now' amount typed by hand"


def test_ids_and_units_in_a_model_column_are_not_spell_checked_but_labels_are(project):
    """A column of a model table is {id, label, unit}: only the label is Dutch prose. An id such as
    `stichting_bv` is a name for formulas (the spelling check read it as a misspelt word)."""
    edit(project, TOOL, "{id: deel, label: Deel voor", "{id: stichting_bv, label: Deeel voor")
    edit(project, TOOL, "formula: bedrag * deel / 100", "formula: bedrag * stichting_bv / 100")
    _, problems = load_programme(project)
    spelling = [(p.line, p.message) for p in problems if p.field == "spelling" and p.path == TOOL]
    line = line_of(project, TOOL, "stichting_bv, label: Deeel")
    assert [n for n, _ in spelling] == [line], spelling
    assert "Deeel" in spelling[0][1] and "stichting" not in spelling[0][1]
    assert [p for p in problems if p.severity == "error" and p.field != "spelling"] == []


def test_min_and_max_over_a_computed_row_in_an_output(model):
    """min(eindsaldo): the smallest cell of a computed row, such as the tightest month of a cash
    flow; an output that uses it comes after the rows too; a message in the row passes on."""
    rows = _with_outputs(model, laagste="min(eindsaldo)", hoogste_saldo="max(saldo, eindsaldo)")
    rows = rows.model_copy(
        update={
            "outputs": [
                *rows.outputs,
                m.ModelOutput(id="marge", label="Marge", unit="euro", formula="laagste - 100", expected=0),
            ]
        }
    )
    inputs, tables = _example(rows)
    results = calc.evaluate_model(rows, inputs, tables)
    eindsaldo = [c.value for c in results.rows["eindsaldo"]]
    saldo = [c.value for c in results.rows["saldo"]]
    assert results.outputs["laagste"].value == min(eindsaldo)
    assert results.outputs["hoogste_saldo"].value == max(saldo + eindsaldo)
    assert results.outputs["marge"].value == min(eindsaldo) - 100
    order = calc.evaluation_order(rows)
    assert order.index("row:eindsaldo") < order.index("out:laagste") < order.index("out:marge")
    refused = calc.evaluate_model(rows, dict(inputs, beginsaldo=D(10) ** 13), tables)
    assert refused.outputs["laagste"].message == refused.rows["eindsaldo"][0].message  # passes on
    assert calc.browser_model(rows)["outputs"][-3]["formula"] == {"fn": "min", "args": [{"row": "eindsaldo"}]}


@pytest.mark.parametrize(
    "formula, fragment",
    [
        ("min(eindsaldo, 5)", "'eindsaldo' is een berekende rij"),  # a row and a number mixed
        ("min(eindsaldo) + saldo", "'saldo' is een berekende rij: die kun je alleen in model.rows gebruiken"),
    ],
)
def test_a_computed_row_outside_min_or_max_is_an_error(project, formula, fragment):
    edit(project, TOOL, "formula: total(ontvangsten) - total(uitgaven)", f'formula: "{formula}"')
    assert_error(project, TOOL, f'formula: "{formula}"', "model.outputs.2.formula", fragment)


def test_min_over_a_computed_row_is_allowed_in_an_output_only(project):
    edit(project, TOOL, "formula: total(ontvangsten) - total(uitgaven)", "formula: min(eindsaldo)")
    edit(project, TOOL, "expected: 1500.5", "expected: 1250")  # end of January: 1000 + 5250 - 5000
    _, problems = load_programme(project)
    assert [p for p in problems if p.severity == "error"] == [], problems
    edit(project, TOOL, "formula: bedrag * deel / 100", "formula: min(eindsaldo)")
    assert_error(project, TOOL, "formula: min(eindsaldo)}", "model.tables.0.computed.0.formula", "berekende rij")


def test_each_model_object_is_evaluated_once_and_a_copy_with_other_figures_again(model, monkeypatch):
    """evaluate_example keeps the results per model object: a build asks about 100 times for 9
    models. A model with other example figures is a new object (model_copy) and gets its own."""
    runs = []
    original = calc.evaluate_model
    monkeypatch.setattr(calc, "evaluate_model", lambda *a, **k: runs.append(1) or original(*a, **k))
    calc._EXAMPLES.clear()
    first = calc.evaluate_example(model)
    assert calc.evaluate_example(model) is first and len(runs) == 1
    start = model.inputs[0]
    changed = model.model_copy(update={"inputs": [start.model_copy(update={"example": 1234.0}), *model.inputs[1:]]})
    other = calc.evaluate_example(changed)
    assert len(runs) == 2 and other is not first
    assert other.inputs[start.id].value == D("1234")
    assert first.inputs[start.id].value != D("1234")


@pytest.mark.parametrize("values", [(D("1.50"), D("1.5")), (D("2"), D("2.000")), (D("-0.001"), D("0.001"))])
def test_kept_number_texts_are_those_of_the_formatter_itself(values):
    """format_number keeps its answers per text of the number (lru_cache): equal numbers with other
    digits (1.5 and 1.50) never get each other's text."""
    from macros.model import numbers

    numbers._formatted.cache_clear()
    for decimals in (None, 2):
        for value in values:
            assert numbers.format_number(value, decimals) == numbers._formatted.__wrapped__(str(value), decimals)
