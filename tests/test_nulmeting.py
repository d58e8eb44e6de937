"""The nulmeting (worksheets/nulmeting.yml, issue 15 "The self-scan that carries the year"): six
themes, each a scored table with three or four fixed items and a description for every score from
1 to 4; both members' scores and reasons, the joint score and the difference between the two.

- the content: every theme has 3–4 items with four descriptions, the same stored columns, the
  scale 1–4 and the difference between the two members;
- the worked example fits the scale and week 1: the rounded mean of "Score samen" per theme is the
  joint score week 1 quotes (nulmeting-* in docs/_data/klusbus.yml), and the differences week 1
  tells about are in the table;
- the schema refuses a scored table that does not add up (wrong number of descriptions, a score
  column that is no column, …);
- the form: one row per item with its descriptions, the item and difference columns are not stored;
- in Chromium: typing two different scores shows the difference, a score off the scale gets a
  message, and a duo with answers from the one-line scan of before finds them next to the table.
"""

from __future__ import annotations

import io
import json
import subprocess
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

import docx
import pytest
from pydantic import ValidationError
from pypdf import PdfReader

import node_tools
from conftest import ROOT, edit, ensure_debian_package, line_of, real_programme
from macros.checks.programme import load_programme
from macros.downloads import pdf, word
from macros.downloads.common import ToolMeta
from macros.model import schema as m
from macros.render import webforms

THEMES = ("impactvisie", "samenwerken", "verdienmodel", "bedrijfsvoering", "zichtbaar", "vergroten")
COLUMNS = ["Score deelnemer 1", "Reden deelnemer 1", "Score deelnemer 2", "Reden deelnemer 2", "Score samen"]
SAMIRA, KEES, SAMEN = 0, 2, 4  # the columns of the worked example (deelnemer 1 is Samira)
KEY = "impactacademie"


def nulmeting() -> m.Tool:
    return real_programme().tools["nulmeting"]


def theme(block_id: str) -> m.Block:
    return next(b for b in nulmeting().canvas.blocks if b.id == block_id)


def example_scores(block_id: str, column: int) -> list[int]:
    rows = nulmeting().example.values[block_id]
    assert isinstance(rows, list)
    return [int(str(row[column])) for row in rows if isinstance(row, list)]


def rounded_mean(values: list[int]) -> int:
    return int((Decimal(sum(values)) / len(values)).quantize(Decimal(1), rounding=ROUND_HALF_UP))


# --- content -------------------------------------------------------------------------------------


@pytest.mark.parametrize("block_id", THEMES)
def test_every_theme_has_three_or_four_items_with_a_description_per_score(block_id):
    block = theme(block_id)
    assert block.kind == "table" and block.items is not None and block.scores is not None
    assert 3 <= len(block.items) <= 4, f"{block_id}: {len(block.items)} items"
    assert (block.scores.min, block.scores.max) == (1, 4)
    for item in block.items:
        assert len(item.levels) == 4, f"{block_id}.{item.id}"
        assert all(len(level.split()) >= 4 for level in item.levels), f"{block_id}.{item.id}: a level is too short"
        assert len(set(item.levels)) == 4, f"{block_id}.{item.id}: two levels say the same"
    assert len({i.id for i in block.items}) == len(block.items)


@pytest.mark.parametrize("block_id", THEMES)
def test_every_theme_stores_both_scores_and_reasons_and_shows_the_difference(block_id):
    block = theme(block_id)
    assert block.columns == COLUMNS  # the stored columns: changing them moves answers aside
    assert block.scores is not None and block.scores.difference is not None
    assert block.scores.columns == ["Score deelnemer 1", "Score deelnemer 2", "Score samen"]
    assert block.scores.difference.between == ["Score deelnemer 1", "Score deelnemer 2"]


def test_the_example_fills_every_item_with_scores_on_the_scale():
    for block_id in THEMES:
        block = theme(block_id)
        rows = nulmeting().example.values[block_id]
        assert isinstance(rows, list) and len(rows) == len(block.items or []), block_id
        for row in rows:
            assert isinstance(row, list) and len(row) == len(COLUMNS)
            for column in (SAMIRA, KEES, SAMEN):
                assert str(row[column]) in {"1", "2", "3", "4"}, (block_id, row)
            assert str(row[1]).strip() and str(row[3]).strip(), f"{block_id}: a reason is missing"


def test_the_joint_scores_of_week_1_are_the_rounded_mean_of_score_samen():
    figures = real_programme().example.figures
    for block_id in THEMES:
        expected = figures[f"nulmeting-{block_id}"].value
        assert rounded_mean(example_scores(block_id, SAMEN)) == expected, block_id


def test_the_example_tells_what_week_1_tells():
    """Week 1: Samira scored samenwerken high, Kees gave verdienmodel the lowest score, and the
    largest difference was bedrijfsvoering, where Kees scored higher than Samira."""

    def mean(block_id: str, column: int) -> Decimal:
        values = example_scores(block_id, column)
        return Decimal(sum(values)) / len(values)

    def difference(block_id: str) -> int:
        pairs = zip(example_scores(block_id, SAMIRA), example_scores(block_id, KEES), strict=True)
        return sum(abs(a - b) for a, b in pairs)

    assert max(THEMES, key=lambda t: mean(t, SAMIRA)) == "samenwerken"
    assert min(THEMES, key=lambda t: mean(t, KEES)) == "verdienmodel"
    assert all(mean("verdienmodel", KEES) < mean(t, KEES) for t in THEMES if t != "verdienmodel")
    largest = max(difference(t) for t in THEMES)
    assert [t for t in THEMES if difference(t) == largest] == ["bedrijfsvoering"]
    assert mean("bedrijfsvoering", KEES) > mean("bedrijfsvoering", SAMIRA)


# --- the schema ----------------------------------------------------------------------------------


def scored(**changes) -> dict:
    data = {
        "id": "scan",
        "label": "Scan",
        "question": "Hoe staat het ervoor?",
        "kind": "table",
        "columns": ["Score A", "Reden A", "Score B"],
        "scores": {"columns": ["Score A", "Score B"], "difference": {"between": ["Score A", "Score B"]}},
        "items": [{"id": "een", "label": "Een", "levels": ["a", "b", "c", "d"]}],
        "position": {"col": 1, "row": 1, "width": 4, "height": 2},
    }
    data.update(changes)
    return data


def test_a_scored_table_that_adds_up_is_accepted():
    block = m.Block(**scored())
    assert block.scores is not None and block.scores.difference is not None
    assert block.scores.difference.label == "Verschil"


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"items": [{"id": "een", "label": "Een", "levels": ["a", "b", "c"]}]}, "heeft 3 beschrijvingen"),
        ({"scores": {"columns": ["Score C"]}}, "'Score C' staat niet in columns"),
        ({"scores": {"columns": ["Score A"], "min": 4, "max": 4}}, "min (4) moet kleiner zijn dan max (4)"),
        (
            {"scores": {"columns": ["Score A"], "difference": {"between": ["Score A", "Reden A"]}}},
            "'Reden A' is geen kolom uit scores.columns",
        ),
        ({"kind": "text"}, "horen bij een blok met kind: table"),
        ({"scores": None}, "geef ze allebei"),
        (
            {
                "items": [
                    {"id": "een", "label": "Een", "levels": ["a", "b", "c", "d"]},
                    {"id": "een", "label": "Twee", "levels": ["a", "b", "c", "d"]},
                ]
            },
            "'een' staat er twee keer in",
        ),
    ],
)
def test_a_scored_table_that_does_not_add_up_is_refused_in_dutch(changes, message):
    with pytest.raises(ValidationError) as refused:
        m.Block(**scored(**changes))
    assert message in str(refused.value)


# --- the form ------------------------------------------------------------------------------------


def test_the_form_shows_every_item_with_its_descriptions_and_stores_only_what_is_typed():
    block = theme("bedrijfsvoering")
    html = webforms.field("ia-ws-nulmeting", block)
    assert block.items is not None
    assert html.count("<tr data-ia-item=") == len(block.items)
    for item in block.items:
        assert f'data-ia-item="{item.id}"' in html
        for level in item.levels:
            assert f"<li>{level}</li>" in html
    assert html.count('<ol class="ia-scored-levels" start="1">') == len(block.items)
    assert html.count("data-ia-cell=") == len(block.items) * len(COLUMNS)
    assert html.count('data-ia-diff="0 2"') == len(block.items)
    # shown, never stored: the item column and Verschil (ia-worksheet.js skips [data-ia-computed])
    assert html.count("data-ia-computed") == 2
    assert 'data-ia-action="add-row"' not in html  # the rows are the items


def test_a_table_without_items_keeps_its_add_row_button():
    leerplan = next(b for b in nulmeting().canvas.blocks if b.id == "leerplan")
    assert 'data-ia-action="add-row"' in webforms.field("ia-ws-nulmeting", leerplan)


# --- the downloads -------------------------------------------------------------------------------

META = ToolMeta("Bron", "https://impactacademie.example/", 1_700_000_000)


def folded(text: str) -> str:
    return " ".join(text.replace("\u00ad", "").split())


def test_the_a4_worksheet_prints_every_item_with_its_descriptions(tmp_path):
    """On paper the descriptions stand with the items (pdftotext reads them back, wrapped lines
    joined); the worksheet keeps one field per block, and is the same bytes when made twice."""
    made = pdf.worksheet_a4(nulmeting(), META)
    assert made == pdf.worksheet_a4(nulmeting(), META)
    path = tmp_path / "nulmeting-a4.pdf"
    path.write_bytes(made)
    pdftotext = ensure_debian_package("pdftotext", "poppler-utils")
    text = folded(
        subprocess.run([pdftotext, "-raw", str(path), "-"], capture_output=True, text=True, check=True).stdout
    )
    for block_id in THEMES:
        for item in theme(block_id).items or []:
            assert folded(item.label) in text, item.label
            for level in item.levels:
                first = " ".join(level.split()[:3])  # the first words stand on one line of a column
                assert first in text, (block_id, item.id, level)


def test_the_a3_canvas_names_the_items_and_where_the_descriptions_are(tmp_path):
    """The descriptions do not fit on the one A3 page; it names each theme's items and points to
    the A4 worksheet, and keeps one field per block."""
    path = tmp_path / "nulmeting-a3.pdf"
    path.write_bytes(pdf.canvas_a3(nulmeting(), META))
    pdftotext = ensure_debian_package("pdftotext", "poppler-utils")
    read = subprocess.run([pdftotext, "-raw", str(path), "-"], capture_output=True, text=True, check=True)
    text = folded(read.stdout).replace("- ", "-")
    assert text.count(folded(pdf.A3_SCALE_NOTE)) == len(THEMES)
    for block_id in THEMES:
        for n, item in enumerate(theme(block_id).items or [], start=1):
            assert f"({n}) {folded(item.label)}." in text, item.label
    assert len(PdfReader(path).pages) == 1
    ids = {b.id for b in nulmeting().canvas.blocks}
    fields = set(PdfReader(path).get_fields() or {})
    leerplan = {f for f in fields if f.startswith("leerplan-r")}  # a plain table: a field per cell
    assert len(leerplan) >= 2 * len(theme_columns("leerplan"))
    assert fields - leerplan == ids - {"leerplan"}


def theme_columns(block_id: str) -> list[str]:
    return next(b for b in nulmeting().canvas.blocks if b.id == block_id).columns or []


def test_the_example_pdf_names_the_item_of_every_row():
    block = theme("bedrijfsvoering")
    rows = nulmeting().example.values["bedrijfsvoering"]
    assert isinstance(rows, list)
    lines = pdf.example_flow(rows, block, 400.0, 7.0)
    header = [" ".join("".join(run.text for run in line) for line in cell) for cell in lines[0].cells]
    assert header[0] == "Onderdeel" and header[1:] == [*COLUMNS, "Verschil"]  # computed, as in the form
    first = [" ".join("".join(run.text for run in line) for line in cell) for cell in lines[1].cells]
    assert first[0] == "Het bestuur" and first[1] == "1"
    scores = [int(rows[0][COLUMNS.index(c)]) for c in ("Score deelnemer 1", "Score deelnemer 2")]
    assert first[-1] == str(abs(scores[0] - scores[1]))


def test_the_word_file_lists_every_item_with_its_descriptions_and_room_to_write():
    document = docx.Document(io.BytesIO(word.word_file(nulmeting(), META)))
    for block_id in THEMES:
        block = theme(block_id)
        assert block.items is not None
        labels = {item.label for item in block.items}
        table = next(t for t in document.tables if t.rows[1].cells[0].text.split("\n")[0] in labels)
        assert [c.text for c in table.rows[0].cells] == [*COLUMNS, "Verschil"]
        assert len(table.rows) == 1 + 2 * len(block.items)
        for n, item in enumerate(block.items):
            about = table.rows[1 + 2 * n].cells[0].text
            assert about.startswith(item.label)
            for score, level in enumerate(item.levels, start=1):
                assert f"{score}  {level}" in about
            assert all(not c.text for c in table.rows[2 + 2 * n].cells)


# --- the score rules in the browser's script, without a browser ----------------------------------

RUNNER = r"""
const fs = require("node:fs"), vm = require("node:vm");
const context = { console }; context.window = context; vm.createContext(context);
vm.runInContext(fs.readFileSync(process.argv[1], "utf-8"), context, { filename: process.argv[1] });
const calc = context.IA.calc;
const typed = JSON.parse(fs.readFileSync(0, "utf-8"));
console.log(JSON.stringify(typed.map((t) => calc.parseScore(t, 1, 4))
  .concat([calc.scoreDifference(calc.parseScore("1", 1, 4), calc.parseScore("4", 1, 4)),
           calc.scoreDifference(calc.parseScore("3", 1, 4), calc.parseScore("", 1, 4))])));
"""


def test_a_score_is_a_whole_number_of_the_scale():
    typed = ["1", "4", " 3 ", "", "0", "5", "2,5", "twee", "-1"]
    result = subprocess.run(
        [*node_tools.node_command(), "-e", RUNNER, str(ROOT / "overrides/assets/javascripts/ia-calc.js")],
        input=json.dumps(typed),
        capture_output=True,
        text=True,
        check=True,
    )
    *scores, far, half = json.loads(result.stdout)
    assert [s["value"] for s in scores] == [1, 4, 3, None, None, None, None, None, None]
    assert [bool(s["error"]) for s in scores] == [False, False, False, False, True, True, True, True, True]
    assert scores[5]["error"] == "Vul een heel getal in van 1 tot en met 4."
    assert (far, half) == ("3", "")


# --- in Chromium ---------------------------------------------------------------------------------

URL = "tools/nulmeting/"


def stored(page) -> dict:
    return json.loads(page.evaluate(f"localStorage.getItem('{KEY}') || 'null'") or "null")


def ready(page):
    page.wait_for_selector("[data-ia-worksheet='nulmeting'][data-ia-ready]:not([hidden])")


def row_of(page, block_id: str, index: int):
    return page.locator(f"[data-ia-block='{block_id}'] tbody tr").nth(index)


@pytest.mark.browser
def test_typing_two_different_scores_shows_the_difference(open_page):
    page = open_page(URL)
    ready(page)
    row = row_of(page, "bedrijfsvoering", 0)
    cells = row.locator("input[data-ia-cell]")
    difference = row.locator("output[data-ia-diff]")
    cells.nth(0).fill("1")
    assert difference.text_content() == ""  # one score: no difference yet
    cells.nth(1).fill("Het bestuur praat vooral over geld.")
    cells.nth(2).fill("3")
    assert difference.text_content() == "2"
    cells.nth(2).fill("1")
    assert difference.text_content() == "0"
    cells.nth(2).fill("5")  # off the scale: a message, no difference
    assert difference.text_content() == ""
    assert row.locator("[data-ia-msg]").nth(1).text_content() == "Vul een heel getal in van 1 tot en met 4."
    assert cells.nth(2).get_attribute("aria-invalid") == "true"
    cells.nth(2).fill("3")
    assert cells.nth(2).get_attribute("aria-invalid") is None
    cells.nth(3).fill("Het bestuur kent zijn taak.")
    cells.nth(4).fill("2")
    page.wait_for_function(
        "key => (JSON.parse(localStorage.getItem(key) || 'null') || {}).worksheets", arg=KEY, timeout=5000
    )
    saved = stored(page)["worksheets"]["nulmeting"]["blocks"]["bedrijfsvoering"]
    assert saved["kind"] == "table" and saved["columns"] == COLUMNS  # no item column, no Verschil
    assert saved["value"] == [["1", "Het bestuur praat vooral over geld.", "3", "Het bestuur kent zijn taak.", "2"]]
    page.reload(wait_until="networkidle")
    ready(page)
    row = row_of(page, "bedrijfsvoering", 0)
    assert row.locator("input[data-ia-cell]").nth(2).input_value() == "3"
    assert row.locator("output[data-ia-diff]").text_content() == "2"  # computed again on load


@pytest.mark.browser
def test_answers_of_the_one_line_scan_stay_next_to_the_new_table(open_page):
    """Before issue 15 each theme was a text block ("Score 2. …"). Those answers are moved aside as
    earlier answers of the same block: shown next to the table until the duo removes them."""
    old = "Score 2. We weten goed waarom we dit doen, maar het staat nergens op papier."
    state = {
        "schema": 2,
        "created": "2027-09-01T10:00:00.000Z",
        "updated": "2027-09-01T10:00:00.000Z",
        "lastExport": None,
        "cohort": None,
        "weeks": {},
        "worksheets": {
            "nulmeting": {
                "definition": "oud",
                "blocks": {
                    "impactvisie": {
                        "value": old,
                        "label": "Impactvisie",
                        "kind": "text",
                        "updated": "2027-09-07T10:00:00.000Z",
                        "history": [],
                    }
                },
                "conflicts": {},
                "earlier": {},
            }
        },
        "products": {},
    }
    page = open_page(URL)
    page.evaluate("([key, value]) => localStorage.setItem(key, value)", [KEY, json.dumps(state)])
    page.reload(wait_until="networkidle")
    ready(page)
    earlier = page.locator("[data-ia-block='impactvisie'] [data-ia-earlier]")
    earlier.wait_for(state="visible")
    assert "Eerdere antwoorden" in earlier.inner_text() and old in earlier.inner_text()
    sheet = stored(page)["worksheets"]["nulmeting"]
    assert "impactvisie" not in sheet["blocks"]
    assert sheet["earlier"]["impactvisie"][0]["value"] == old
    cells = row_of(page, "impactvisie", 0).locator("input[data-ia-cell]")
    cells.nth(0).fill("2")
    cells.nth(2).fill("3")
    assert row_of(page, "impactvisie", 0).locator("output[data-ia-diff]").text_content() == "1"
    sheet = stored(page)["worksheets"]["nulmeting"]
    assert sheet["blocks"]["impactvisie"]["value"] == [["2", "", "3", "", ""]]
    assert sheet["earlier"]["impactvisie"][0]["value"] == old  # typing keeps the old answer


@pytest.mark.browser
@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_the_scan_form_has_no_axe_violations(open_page, scheme):
    """The scored tables (item headers with their descriptions, score and reason inputs, a message
    next to a score off the scale, the difference) in both colour schemes."""
    from axe_playwright_python.sync_playwright import Axe

    page = open_page(URL, scheme)
    ready(page)
    cells = row_of(page, "impactvisie", 0).locator("input[data-ia-cell]")
    cells.nth(0).fill("2")
    cells.nth(2).fill("7")
    page.wait_for_function("() => document.getAnimations().every(a => a.playState !== 'running')")
    violations = Axe().run(page).response["violations"]
    assert not violations, [(v["id"], [n.get("target") for n in v["nodes"][:3]]) for v in violations]


@pytest.mark.browser
def test_the_dossier_names_the_item_of_every_stored_row(open_page):
    """The impact dossier shows a scored block's stored rows under the names of their items (from
    the block's items in assets/ia-programme.json), so the scan reads back in week 40."""
    page = open_page(URL)
    ready(page)
    block = theme("verdienmodel")
    assert block.items is not None
    cells = row_of(page, "verdienmodel", 1).locator("input[data-ia-cell]")  # the second item only
    cells.nth(0).fill("2")
    cells.nth(1).fill("De gemeente geeft elk jaar weer subsidie.")
    page.wait_for_function("key => (localStorage.getItem(key) || '').includes('elk jaar weer')", arg=KEY)
    page.goto(page.url.split("/tools/")[0] + "/dossier/", wait_until="networkidle")
    page.wait_for_selector("[data-ia-dossier][data-ia-rendered]:not([hidden])")
    sheet = page.locator("[data-ia-dossier-sheet='nulmeting']")
    table = sheet.locator(".ia-dossier-block:has-text('Verdienmodel') table.ia-value-table")
    assert table.locator("thead th").all_inner_texts() == ["Onderdeel", *COLUMNS]
    rows = table.locator("tbody tr")
    assert rows.count() == 2  # stored up to the last filled row
    assert rows.nth(0).locator("th").inner_text() == block.items[0].label
    assert rows.nth(1).locator("th").inner_text() == block.items[1].label
    assert rows.nth(1).locator("td").all_inner_texts()[:2] == ["2", "De gemeente geeft elk jaar weer subsidie."]


# --- make check: a partner's scored example that does not fit -----------------------------------

SCORED_BLOCK = """    - id: links
      label: Links
      question: Wat staat links?
      kind: table
      columns: [Score A, Reden A, Score B]
      scores:
        columns: [Score A, Score B]
        difference: {between: [Score A, Score B]}
      items:
        - id: een
          label: Een
          levels: [Niets., Een begin., Bijna., Helemaal.]
        - id: twee
          label: Twee
          levels: [Niets., Een begin., Bijna., Helemaal.]
      position: {col: 1, row: 1, width: 6, height: 8}
"""


def scored_project(project, example: str):
    rel = "worksheets/canvas-a.yml"
    edit(
        project,
        rel,
        "    - id: links\n      label: Links\n      question: Wat staat links?\n"
        "      position: {col: 1, row: 1, width: 6, height: 8}\n",
        SCORED_BLOCK,
    )
    edit(project, rel, "    links: \"We hebben {{ klusbus('vrijwilligers') }} vrijwilligers.\"\n", example)
    _, problems = load_programme(project)
    return rel, [p for p in problems if p.severity == "error"]


def test_make_check_accepts_a_scored_example_with_a_row_per_item(project):
    _, errors = scored_project(project, '    links:\n      - ["2", Waarom, "3"]\n      - ["1", Daarom, ""]\n')
    assert not errors, errors


def test_make_check_names_file_line_and_field_of_a_scored_example_that_does_not_fit(project):
    example = '    links:\n      - ["2", Waarom, "5"]\n'  # one row for two items, a score off the scale
    rel, errors = scored_project(project, example)
    texts = [f"{p.path}:{p.line}: {p.field}: {p.message}" for p in errors]
    row = line_of(project, rel, '["2", Waarom, "5"]')
    assert any(
        t.startswith(f"{rel}:{line_of(project, rel, '    links:')}: example.values.links:") and "2 onderdelen" in t
        for t in texts
    ), texts
    assert any(
        t.startswith(f"{rel}:{row}: example.values.links.0.2:") and "een heel getal van 1 tot en met 4 (nu '5')" in t
        for t in texts
    ), texts


def test_the_descriptions_per_score_are_spell_checked(project):
    rel, errors = scored_project(project, '    links:\n      - ["2", Waarom, "3"]\n      - ["1", Daarom, ""]\n')
    assert not errors, errors
    edit(project, rel, "Bijna., Helemaal.]", "Bijna., Helemaaal.]")
    _, problems = load_programme(project)
    found = [p for p in problems if p.field == "spelling" and "Helemaaal" in p.message]
    assert [(p.path, p.line) for p in found] == [(rel, line_of(project, rel, "Helemaaal"))]


@pytest.mark.browser
def test_both_members_scores_survive_a_markdown_export_and_import(open_page, tmp_path):
    """The worksheet's own file round: export as Markdown, clear, import. Every typed cell of the
    scored tables comes back in its row, and the difference is computed again."""
    page = open_page(URL)
    ready(page)
    typed = {
        ("zichtbaar", 0): ["2", "We tellen alleen klussen.", "2", "", "2"],
        ("zichtbaar", 2): ["1", "", "3", "Aan de gemeente geven we het aantal door.", ""],
        ("vergroten", 1): ["", "", "4", "Klaar | voor groei", ""],
    }
    for (block_id, row), values in typed.items():
        cells = row_of(page, block_id, row).locator("input[data-ia-cell]")
        for n, value in enumerate(values):
            if value:
                cells.nth(n).fill(value)
    page.wait_for_function("key => (localStorage.getItem(key) || '').includes('voor groei')", arg=KEY)
    before = {k: v["value"] for k, v in stored(page)["worksheets"]["nulmeting"]["blocks"].items()}
    with page.expect_download() as info:
        page.click("[data-ia-worksheet] [data-ia-action='export-md']")
    path = tmp_path / info.value.suggested_filename
    path.write_text(Path(info.value.path()).read_text(encoding="utf-8"), encoding="utf-8")
    page.once("dialog", lambda d: d.accept())
    page.click("[data-ia-worksheet] [data-ia-action='clear']")
    page.wait_for_function("key => !(localStorage.getItem(key) || '').includes('voor groei')", arg=KEY)
    with page.expect_file_chooser() as chooser:
        page.click("[data-ia-worksheet] [data-ia-action='import']")
    chooser.value.set_files(str(path))
    page.wait_for_function("key => (localStorage.getItem(key) || '').includes('voor groei')", arg=KEY)
    blocks = stored(page)["worksheets"]["nulmeting"]["blocks"]
    after = {k: v["value"] for k, v in blocks.items() if v["value"] not in ([], "")}  # empty headings: empty
    assert after == before
    assert after["zichtbaar"][2] == ["1", "", "3", "Aan de gemeente geven we het aantal door.", ""]
    assert row_of(page, "zichtbaar", 2).locator("output[data-ia-diff]").text_content() == "2"
    assert row_of(page, "zichtbaar", 0).locator("output[data-ia-diff]").text_content() == "0"
