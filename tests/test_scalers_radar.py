"""The readiness radar of week 35 (worksheets/scalers-radar.yml, issue 19): one scored table with a
fixed row per capability of the SCALERS model (Bloom & Chatterji 2009), in the model's order,
scored 1 to 4 apart by both participants and a board member, with the joint score, what the growth
needs and the gap between those two; then the replication questions and two improvement points.

- the content: seven items whose letters spell SCALERS, four distinct descriptions each, the stored
  columns, the scale and the gap between "Score samen" and "Nodig voor groei";
- the worked example tells the storyline of spec 19 (week 35) and of week 35's page: alliance-building
  scores highest, staffing and earnings-generation have the largest gaps and the widest spread
  between the three scorers, and they are the two improvement points;
- the week opens the tool by its title, the tool is no longer planned, and the timeline has the
  week's event;
- the form and the downloads: one row per item with its descriptions, the gap computed from the
  right two columns, every item with its descriptions on the A4 worksheet and in the Word file.
"""

from __future__ import annotations

import io
import json
import subprocess

import docx
import pytest

from conftest import ROOT, ensure_debian_package, real_programme
from macros.downloads import pdf, word
from macros.downloads.common import ToolMeta
from macros.model import schema as m
from macros.render import webforms

DRIVERS = [
    "staffing",
    "communicating",
    "alliance-building",
    "lobbying",
    "earnings-generation",
    "replicating",
    "stimulating-market-forces",
]
COLUMNS = [
    "Score deelnemer 1",
    "Score deelnemer 2",
    "Score bestuurslid",
    "Score samen",
    "Waarop rust de score?",
    "Nodig voor groei",
]
SAMIRA, KEES, BOARD, SAMEN, FACT, NEEDED = range(6)  # columns of the worked example
META = ToolMeta("Bron", "https://impactacademie.example/", 1_700_000_000)


def tool() -> m.Tool:
    return real_programme().tools["scalers-radar"]


def block(block_id: str) -> m.Block:
    return next(b for b in tool().canvas.blocks if b.id == block_id)


def example_rows() -> list[list[str]]:
    rows = tool().example.values["radar"]
    assert isinstance(rows, list)
    return [[str(cell) for cell in row] for row in rows if isinstance(row, list)]


def scores(column: int) -> dict[str, int]:
    return {driver: int(row[column]) for driver, row in zip(DRIVERS, example_rows(), strict=True)}


def folded(text: str) -> str:
    return " ".join(text.replace("\u00ad", "").split())


# --- content -------------------------------------------------------------------------------------


def test_one_item_per_scalers_capability_in_the_order_of_the_model():
    radar = block("radar")
    assert radar.items is not None
    assert [item.id for item in radar.items] == DRIVERS
    letters = "".join(item.label.rsplit("(", 1)[1].rstrip(")") for item in radar.items)
    assert letters == "SCALERS"
    for item in radar.items:
        assert len(item.levels) == 4, item.id
        assert len(set(item.levels)) == 4, f"{item.id}: two levels say the same"
        assert all(len(level.split()) >= 4 for level in item.levels), f"{item.id}: a level is too short"


def test_three_scorers_a_joint_score_what_growth_needs_and_the_gap():
    radar = block("radar")
    assert radar.columns == COLUMNS  # the stored columns: changing them moves answers aside
    assert radar.scores is not None and radar.scores.difference is not None
    assert (radar.scores.min, radar.scores.max) == (1, 4)  # the scale of the nulmeting
    assert radar.scores.columns == [c for c in COLUMNS if c != "Waarop rust de score?"]
    assert radar.scores.difference.label == "Gat"
    assert radar.scores.difference.between == ["Score samen", "Nodig voor groei"]


def test_the_ambition_takes_over_the_growth_ambition_of_week_34():
    prefill = block("ambitie").prefill
    assert prefill is not None
    assert [(p.tool, p.block) for p in prefill] == [("opschalen-verbreden-verdiepen", "ambitie")]


def test_the_product_blocks_are_there():
    ids = [b.id for b in tool().canvas.blocks]
    assert ids == ["ambitie", "radar", "verschillen", "elders", "verbeterpunten"]
    assert block("elders").columns == ["Vraag", "Ons antwoord", "Wat weten we nog niet?"]
    assert block("verbeterpunten").kind == "table"


# --- the worked example --------------------------------------------------------------------------


def test_the_example_fills_every_item_with_scores_on_the_scale_and_a_fact():
    rows = example_rows()
    assert len(rows) == len(DRIVERS)
    for row in rows:
        assert len(row) == len(COLUMNS)
        for column in (SAMIRA, KEES, BOARD, SAMEN, NEEDED):
            assert row[column] in {"1", "2", "3", "4"}, row
        assert len(row[FACT].split()) >= 5, row


def test_the_example_tells_the_storyline_of_week_35():
    """Spec 19, week 35: strongest alliance-building; weakest staffing (only Samira knows the
    planning) and earnings generation (the municipal subsidy); two improvement points."""
    now, needed = scores(SAMEN), scores(NEEDED)
    assert max(now, key=now.get) == "alliance-building"
    assert [d for d in DRIVERS if now[d] == max(now.values())] == ["alliance-building"]
    gap = {d: abs(needed[d] - now[d]) for d in DRIVERS}
    largest = max(gap.values())
    assert [d for d in DRIVERS if gap[d] == largest] == ["staffing", "earnings-generation"]
    assert now["staffing"] == min(now.values())
    # the joint score never lies above all three separate scores
    for d in DRIVERS:
        assert now[d] <= max(scores(SAMIRA)[d], scores(KEES)[d], scores(BOARD)[d]), d
    # the three scores lie furthest apart on staffing and earnings (the block "verschillen" says so)
    spread = {
        d: max(scores(c)[d] for c in (SAMIRA, KEES, BOARD)) - min(scores(c)[d] for c in (SAMIRA, KEES, BOARD))
        for d in DRIVERS
    }
    widest = max(spread.values())
    assert [d for d in DRIVERS if spread[d] == widest] == ["staffing", "earnings-generation"]
    verschillen = str(tool().example.values["verschillen"])
    assert "mensen en inkomsten" in verschillen
    points = tool().example.values["verbeterpunten"]
    assert isinstance(points, list) and len(points) == 2
    assert [str(p[0]).split(":")[0] for p in points if isinstance(p, list)] == ["Mensen", "Inkomsten"]
    assert all(isinstance(p, list) and all(str(c).strip() for c in p) for p in points)


def test_the_example_answers_the_five_replication_questions():
    rows = tool().example.values["elders"]
    assert isinstance(rows, list) and len(rows) == 5
    assert all(isinstance(r, list) and len(r) == 3 and all(str(c).strip() for c in r) for r in rows)


# --- the year plan, the week and the timeline ----------------------------------------------------


def test_week_35_opens_the_tool_by_its_title_and_the_tool_is_no_longer_planned():
    text = (ROOT / "docs/weken/week-35.md").read_text(encoding="utf-8")
    assert f"[{tool().title}](../tools/scalers-radar.md)" in text
    assert "scalers-radar" not in real_programme().plan.planned_tools


def test_the_timeline_has_the_week_35_event_with_the_largest_gaps():
    events = [e for e in real_programme().example.timeline if e.week == 35]
    assert [e.id for e in events] == ["groeiradar"]
    assert set(events[0].who) == {"Samira", "Kees"}
    assert "mensen" in events[0].text and "inkomsten" in events[0].text


# --- the form and the downloads ------------------------------------------------------------------


def test_the_form_shows_every_item_and_computes_the_gap_from_the_right_columns():
    radar = block("radar")
    html = webforms.field("ia-ws-scalers-radar", radar)
    assert html.count("<tr data-ia-item=") == len(DRIVERS)
    for item in radar.items or []:
        assert f'data-ia-item="{item.id}"' in html
        for level in item.levels:
            assert f"<li>{level}</li>" in html
    assert html.count("data-ia-cell=") == len(DRIVERS) * len(COLUMNS)
    assert html.count(f'data-ia-diff="{SAMEN} {NEEDED}"') == len(DRIVERS)
    assert 'data-ia-action="add-row"' not in html  # the rows are the capabilities


def test_the_a4_worksheet_prints_every_capability_with_its_descriptions_on_one_page(tmp_path):
    made = pdf.worksheet_a4(tool(), META)
    assert made == pdf.worksheet_a4(tool(), META)
    path = tmp_path / "scalers-radar-a4.pdf"
    path.write_bytes(made)
    pdftotext = ensure_debian_package("pdftotext", "poppler-utils")
    pages = []
    for number in range(1, 4):
        read = subprocess.run(
            [pdftotext, "-raw", "-f", str(number), "-l", str(number), str(path), "-"],
            capture_output=True,
            text=True,
            check=False,
        )
        pages.append(folded(read.stdout))
    holding = [n for n, text in enumerate(pages) if "Mensen (S)" in text]
    assert len(holding) == 1
    text = pages[holding[0]]
    for item in block("radar").items or []:
        assert folded(item.label) in text, item.label
        for level in item.levels:
            assert " ".join(level.split()[:3]) in text, (item.id, level)


def test_the_word_file_lists_every_capability_with_the_gap_column():
    document = docx.Document(io.BytesIO(word.word_file(tool(), META)))
    labels = {item.label for item in block("radar").items or []}
    table = next(t for t in document.tables if len(t.rows) > 1 and t.rows[1].cells[0].text.split("\n")[0] in labels)
    assert [c.text for c in table.rows[0].cells] == [*COLUMNS, "Gat"]
    assert len(table.rows) == 1 + 2 * len(DRIVERS)
    for n, item in enumerate(block("radar").items or []):
        about = table.rows[1 + 2 * n].cells[0].text
        assert about.startswith(item.label)
        for score, level in enumerate(item.levels, start=1):
            assert f"{score}  {level}" in about


@pytest.mark.parametrize("driver", DRIVERS)
def test_every_capability_has_an_english_name_on_the_week_page(driver):
    """The labels are Dutch with the letter; the week's Kennis names each capability in English
    (marked as English), so a duo can find the model's own words."""
    text = (ROOT / "docs/weken/week-35.md").read_text(encoding="utf-8")
    english = {"stimulating-market-forces": "stimulating market forces"}.get(driver, driver)
    assert f"*{english}*{{lang=en}}" in text


# --- in Chromium ---------------------------------------------------------------------------------

KEY = "impactacademie"


@pytest.mark.browser
def test_the_gap_is_the_difference_between_the_joint_score_and_what_growth_needs(open_page):
    """Three separate scores do not make a gap; the joint score and 'Nodig voor groei' do. What is
    stored is what the duo typed, without the item column and the gap."""
    page = open_page("tools/scalers-radar/")
    page.wait_for_selector("[data-ia-worksheet='scalers-radar'][data-ia-ready]:not([hidden])")
    row = page.locator("[data-ia-block='radar'] tbody tr").nth(0)
    cells = row.locator("input[data-ia-cell]")
    gap = row.locator("output[data-ia-diff]")
    cells.nth(SAMIRA).fill("1")
    cells.nth(KEES).fill("3")
    cells.nth(BOARD).fill("1")
    assert gap.text_content() == ""  # the three separate scores are no gap
    cells.nth(SAMEN).fill("1")
    assert gap.text_content() == ""  # what growth needs is still empty
    cells.nth(FACT).fill("Alleen Samira kan de planning maken.")
    cells.nth(NEEDED).fill("3")
    assert gap.text_content() == "2"
    cells.nth(NEEDED).fill("5")  # off the scale: a message, no gap
    assert gap.text_content() == ""
    cells.nth(NEEDED).fill("3")
    page.wait_for_function(
        "key => ((JSON.parse(localStorage.getItem(key) || 'null') || {}).worksheets || {})['scalers-radar']",
        arg=KEY,
        timeout=5000,
    )
    saved = json.loads(page.evaluate(f"localStorage.getItem('{KEY}')"))["worksheets"]["scalers-radar"]
    radar = saved["blocks"]["radar"]
    assert radar["columns"] == COLUMNS  # no item column, no Gat
    assert radar["value"][0] == ["1", "3", "1", "1", "Alleen Samira kan de planning maken.", "3"]
