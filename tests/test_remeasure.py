"""A re-measurement tool (`remeasure:`, issue 19): the nameting repeats the scan of the nulmeting.

- loading puts the baseline's scored tables after the tool's own blocks, with their ids and rows;
- every bad reference is an error with file, line and field;
- the comparison per theme and per person is the mean of the scores, and the tool page shows the
  worked example side by side and a holder for the duo's own comparison.
"""

from __future__ import annotations

import json

import pytest

from conftest import assert_error, edit, errors, line_of

PLAN = "docs/_data/programma.yml"
SCAN = "worksheets/scan.yml"
LATER = "worksheets/nameting.yml"

SCAN_YML = """id: scan
title: Scan
intent: Ik wil weten waar we staan.
modules: [1]
when: In week 1.
participants: [duo]
steps:
  - Geef ieder een score.
  - Vergelijk de scores.
tips:
  - Kies bij twijfel de laagste score.
sources: [weiss1995]
based_on: anderson2005
licence: CC-BY-SA-4.0
owner: redactie
canvas:
  blocks:
    - id: visie
      label: Visie
      question: Hoe staat het met jullie visie?
      kind: table
      columns: [Score deelnemer 1, Reden deelnemer 1, Score deelnemer 2, Reden deelnemer 2, Score samen]
      scores:
        columns: [Score deelnemer 1, Score deelnemer 2, Score samen]
      items:
        - {id: doel, label: Doel, levels: [Geen doel, Een begin, Een doel, Een doel op papier]}
        - {id: groep, label: Doelgroep, levels: [Geen groep, Een begin, Een groep, Een groep op papier]}
      position: {col: 1, row: 1, width: 6, height: 4}
    - id: leerplan
      label: Leerplan
      question: Wat willen jullie leren?
      position: {col: 7, row: 1, width: 6, height: 4}
example:
  initiative: De Klusbus (fictief)
  values:
    visie:
      - ["1", Nog niet, "2", Een begin, "1"]
      - ["2", Een begin, "3", Goed, "2"]
    leerplan: Meer over impact.
"""

LATER_YML = """id: nameting
title: Nameting
intent: Ik wil zien wat er veranderde.
modules: [1]
when: In week 2.
participants: [duo]
steps:
  - Doe de scan opnieuw.
  - Leg de scans naast elkaar.
tips:
  - Kijk naar de redenen, niet alleen naar de getallen.
sources: [weiss1995]
based_on: anderson2005
licence: CC-BY-SA-4.0
owner: redactie
minutes: 30
remeasure:
  tool: scan
  blocks: [visie]
canvas:
  blocks:
    - id: afspraken
      label: Afspraken
      question: Wat spreken jullie af voor na het jaar?
      position: {col: 1, row: 5, width: 12, height: 4}
example:
  initiative: De Klusbus (fictief)
  values:
    visie:
      - ["3", Op papier, "3", Duidelijk, "3"]
      - ["3", Helder, "4", Sterk, "4"]
    afspraken: We meten elk jaar opnieuw.
"""


@pytest.fixture
def measured(project):
    (project / SCAN).write_text(SCAN_YML, encoding="utf-8")
    (project / LATER).write_text(LATER_YML, encoding="utf-8")
    edit(project, PLAN, "        tools: [canvas-a]", "        tools: [canvas-a, scan]")
    edit(project, PLAN, "        tools: [gepland-b, rekenblad]", "        tools: [gepland-b, rekenblad, nameting]")
    return project


def load(root):
    from macros.checks.programme import load_programme

    programme, problems = load_programme(root)
    assert programme is not None, problems
    return programme, [p for p in problems if p.severity == "error"]


def test_the_scan_comes_back_after_the_own_blocks_with_its_ids(measured):
    programme, found = load(measured)
    assert found == []
    blocks = programme.tools["nameting"].canvas.blocks
    assert [b.id for b in blocks] == ["afspraken", "visie"]
    assert blocks[1] == programme.tools["scan"].canvas.blocks[0]  # one definition serves both weeks


def test_the_comparison_is_the_mean_per_theme_and_person(measured):
    from macros.model import remeasure

    programme, _ = load(measured)
    tool = programme.tools["nameting"]
    weeks = remeasure.weeks(programme, tool)
    assert weeks == (1, 2)
    shown = remeasure.compare(tool, programme.tools["scan"].example.values, tool.example.values, weeks)
    [theme] = shown.themes
    assert theme.label == "Visie"
    assert [(s.who, s.before, s.after, s.change) for s in theme.scores] == [
        ("Deelnemer 1", 1.5, 3.0, 1.5),
        ("Deelnemer 2", 2.5, 3.5, 1.0),
        ("Samen", 1.5, 3.5, 2.0),
    ]


def test_scores_off_the_scale_or_empty_are_left_out_and_halves_round_up(measured):
    from macros.model import remeasure

    programme, _ = load(measured)
    block = programme.tools["scan"].canvas.blocks[0]
    rows = [["1", "", "", "", "x"], ["2", "", "9", "", ""], ["", "", "", "", ""], ["4", "", "", "", ""]]
    assert remeasure.means(block, rows) == {"Score deelnemer 1": 2.3, "Score deelnemer 2": None, "Score samen": None}
    assert remeasure.means(block, "tekst uit een oude versie") == dict.fromkeys(block.scores.columns)
    assert [remeasure.decimal(v, signed=True) for v in (1.5, -0.5, 0.0, None)] == ["+1,5", "−0,5", "0,0", "–"]


def test_the_tool_page_shows_the_example_side_by_side_and_holds_the_duo_s_comparison(measured):
    from macros.render.pages import tool_page

    programme, _ = load(measured)
    page = tool_page(programme, programme.tools["nameting"])
    holder = page.split('data-ia-compare="', 1)[1].split('"', 1)[0]
    import html

    config = json.loads(html.unescape(holder))
    assert config["baseline"] == "scan" and config["before"] == "Week 1" and config["after"] == "Week 2"
    assert config["blocks"] == [
        {
            "id": "visie",
            "label": "Visie",
            "max": 4,
            "min": 1,
            "scores": [
                {"index": 0, "who": "Deelnemer 1"},
                {"index": 2, "who": "Deelnemer 2"},
                {"index": 4, "who": "Samen"},
            ],
        }
    ]
    example = page.split("## Uitgewerkt voorbeeld", 1)[1]
    assert "Week 1 en week 2 naast elkaar" in example
    assert '<td class="ia-num">1,5</td><td class="ia-num">3,0</td><td class="ia-num">+1,5</td>' in example


@pytest.mark.parametrize(
    ("old", "new", "needle", "field", "fragment"),
    [
        ("  tool: scan\n", "  tool: scanner\n", "tool: scanner", "remeasure.tool", "onbekende tool 'scanner'"),
        ("  tool: scan\n", "  tool: nameting\n", "tool: nameting", "remeasure.tool", "met zichzelf"),
        ("  blocks: [visie]", "  blocks: [visies]", "blocks: [visies]", "remeasure.blocks.0", "scoretabellen: visie"),
        ("  blocks: [visie]", "  blocks: [leerplan]", "blocks: [leerplan]", "remeasure.blocks.0", "geen scoretabel"),
        ("  blocks: [visie]", "  blocks: [visie, visie]", "blocks: [visie, visie]", "remeasure.blocks.1", "twee keer"),
        ("    - id: afspraken\n", "    - id: visie\n", "blocks: [visie]", "remeasure.blocks.0", "zelf al een blok"),
    ],
)
def test_a_bad_remeasure_is_an_error_on_its_line(measured, old, new, needle, field, fragment):
    edit(measured, LATER, old, new)
    assert_error(measured, LATER, line_of(measured, LATER, needle), field, fragment)


def test_the_scan_must_fit_beside_the_own_blocks(measured):
    edit(
        measured,
        LATER,
        "position: {col: 1, row: 5, width: 12, height: 4}",
        "position: {col: 1, row: 3, width: 12, height: 6}",
    )
    assert_error(
        measured,
        LATER,
        line_of(measured, LATER, "blocks: [visie]"),
        "remeasure.blocks",
        "uit 'scan' via remeasure",
    )


def test_the_first_measurement_comes_first(measured):
    edit(measured, PLAN, "        tools: [canvas-a, scan]", "        tools: [canvas-a, nameting]")
    edit(
        measured, PLAN, "        tools: [gepland-b, rekenblad, nameting]", "        tools: [gepland-b, rekenblad, scan]"
    )
    assert_error(measured, LATER, line_of(measured, LATER, "tool: scan"), "remeasure.tool", "moet vóór deze tool komen")


def test_the_example_needs_the_scan_too(measured):
    edit(measured, LATER, '    visie:\n      - ["3", Op papier', '    visi:\n      - ["3", Op papier')
    found = [str(p) for p in errors(measured)]
    assert any("example.values.visie" in p and "mist een waarde" in p for p in found), found
