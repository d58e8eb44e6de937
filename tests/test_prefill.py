"""A block that takes over answers from earlier worksheets (`prefill:`): the check names file, line
and field for every source that cannot work, and the page lists the sources it can use."""

from __future__ import annotations

from conftest import assert_error, edit, errors, line_of

CALC = "worksheets/rekenblad.yml"  # week 2
CANVAS = "worksheets/canvas-a.yml"  # week 1

TOELICHTING = """    - id: toelichting
      label: Toelichting
      question: Wat valt jullie op?
"""


def prefill_toelichting(project, sources: str) -> None:
    edit(project, CALC, TOELICHTING, TOELICHTING + "      prefill:\n" + sources)


def test_a_block_can_take_over_text_and_lists_from_an_earlier_week(project):
    from macros.checks.programme import load_programme
    from macros.model import prefill

    prefill_toelichting(
        project, "        - {tool: canvas-a, block: links}\n        - {tool: canvas-a, block: rechts}\n"
    )
    programme, problems = load_programme(project)
    assert programme is not None
    assert not [p for p in problems if p.severity == "error"], problems
    found = prefill.sources(programme, programme.tools["rekenblad"])
    assert [(s.tool, s.block, s.kind, s.week) for s in found["toelichting"]] == [
        ("canvas-a", "links", "text", 1),
        ("canvas-a", "rechts", "list", 1),
    ]


def test_the_form_lists_the_sources_with_a_link_to_their_tool(project):
    from macros.checks.programme import load_programme
    from macros.model import prefill
    from macros.render.webforms import worksheet_form

    prefill_toelichting(project, "        - {tool: canvas-a, block: rechts}\n")
    programme, _ = load_programme(project)
    tool = programme.tools["rekenblad"]
    markup = worksheet_form(tool, prefill.sources(programme, tool))
    field = markup.split('data-ia-block="toelichting"', 1)[1]
    assert 'data-ia-source="canvas-a/rechts"' in field
    assert 'data-ia-source-kind="list"' in field
    assert '<a href="../canvas-a/">Canvas A</a>: Rechts' in field
    assert "Week 1 · " in field
    assert "nooit overschreven" in field
    # two blocks of one tool: the note names the tool once
    both = worksheet_form(tool, {"toelichting": prefill.sources(programme, tool)["toelichting"] * 2})
    assert both.count("Canvas A (week 1)") == 1
    # blocks without prefill have no source list
    assert markup.count("data-ia-prefill") == 1
    assert "data-ia-prefill" not in worksheet_form(tool)


def test_an_unknown_tool_is_an_error_on_its_line(project):
    prefill_toelichting(project, "        - tool: canvas-x\n          block: links\n")
    assert_error(project, CALC, line_of(project, CALC, "tool: canvas-x"), "canvas.blocks.5.prefill.0.tool", "canvas-x")


def test_an_unknown_block_names_the_blocks_that_exist(project):
    prefill_toelichting(project, "        - tool: canvas-a\n          block: midden\n")
    assert_error(
        project, CALC, line_of(project, CALC, "block: midden"), "canvas.blocks.5.prefill.0.block", "wel: links, rechts"
    )


def test_a_source_from_a_later_week_is_an_error(project):
    edit(
        project,
        CANVAS,
        "      question: Wat staat links?\n",
        "      question: Wat staat links?\n      prefill:\n        - tool: rekenblad\n          block: toelichting\n",
    )
    assert_error(
        project, CANVAS, line_of(project, CANVAS, "tool: rekenblad"), "canvas.blocks.0.prefill.0.tool", "pas in week 2"
    )


def test_a_block_cannot_fill_itself(project):
    prefill_toelichting(project, "        - tool: rekenblad\n          block: huishoudens\n")
    assert_error(
        project, CALC, line_of(project, CALC, "tool: rekenblad"), "canvas.blocks.5.prefill.0.tool", "eigen werkblad"
    )


def test_a_calculating_table_does_not_fill_from_elsewhere(project):
    edit(
        project,
        CALC,
        "      question: Wat kost jullie werk per jaar?\n",
        "      question: Wat kost jullie werk per jaar?\n      prefill:\n        - {tool: canvas-a, block: links}\n",
    )
    assert_error(
        project, CALC, line_of(project, CALC, "{tool: canvas-a, block: links}"), "canvas.blocks.0.prefill.0", "rekent"
    )


def test_a_table_takes_over_only_a_table(project):
    # the later tool's block becomes a plain table; canvas-a's block `links` is text
    edit(
        project,
        CALC,
        TOELICHTING,
        TOELICHTING
        + "      kind: table\n      columns: [Wat, Waarom]\n      prefill:\n        - {tool: canvas-a, block: links}\n",
    )
    assert_error(
        project,
        CALC,
        line_of(project, CALC, "{tool: canvas-a, block: links}"),
        "canvas.blocks.5.prefill.0",
        "alleen een tabel",
    )


def test_results_are_not_stored_and_cannot_be_taken_over(project):
    edit(
        project,
        CANVAS,
        "      question: Wat staat links?\n",
        "      question: Wat staat links?\n      prefill:\n        - {tool: rekenblad, block: uitkomsten}\n",
    )
    found = [str(p) for p in errors(project)]
    assert any("canvas.blocks.0.prefill.0" in p and "niet bewaard" in p for p in found), found
