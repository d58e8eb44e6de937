"""Bad input from a partner: every kind fails the check with the exact file, line and field."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import assert_error, edit, errors, line_of

FIXTURE = Path(__file__).parent / "fixtures" / "mini"
ROOT = Path(__file__).resolve().parent.parent


def test_fixture_is_valid(project):
    assert errors(project) == []


PLAN = "docs/_data/programma.yml"
TOOL = "worksheets/canvas-a.yml"


def body_line(root, rel: str) -> int:
    """The first line after the front matter (where a problem of the whole page is reported)."""
    lines = (root / rel).read_text(encoding="utf-8").splitlines()
    return lines.index("---", 1) + 2


TIMED = "worksheets/rekenblad.yml"  # a tool with its own minutes (its week has no page)
WEEK = "docs/weken/week-01.md"


def test_yaml_syntax_error(project):
    edit(project, PLAN, "    title: Eerste module", "    title: [Eerste module")
    # PyYAML stops where the unclosed list runs into the next key; the message names where it began.
    assert_error(
        project,
        PLAN,
        line_of(project, PLAN, "owner: redactie"),
        "yaml",
        f"begonnen op regel {line_of(project, PLAN, 'title: [Eerste')}",
    )


def test_missing_field(project):
    edit(project, TOOL, "title: Canvas A\n", "")
    assert_error(project, TOOL, 1, "title", "verplicht veld ontbreekt")


def test_missing_field_in_nested_item(project):
    edit(project, TOOL, "      label: Rechts\n", "")
    assert_error(
        project, TOOL, line_of(project, TOOL, "- id: rechts"), "canvas.blocks.1.label", "verplicht veld ontbreekt"
    )


def test_wrong_type(project):
    edit(project, TIMED, "minutes: 60", "minutes: veel")
    assert_error(project, TIMED, line_of(project, TIMED, "minutes:"), "minutes", "geheel getal")


def test_misspelt_key_suggests_the_right_one(project):
    edit(project, TOOL, "when: Altijd.", "wen: Altijd.")
    assert_error(project, TOOL, line_of(project, TOOL, "wen:"), "wen", "bedoel je 'when'")


def test_misspelt_key_in_week_front_matter(project):
    edit(project, WEEK, "owner: redactie", "ownr: redactie")
    assert_error(project, WEEK, 3, "ownr", "bedoel je 'owner'")


def test_unknown_tool_in_plan(project):
    edit(project, PLAN, "tools: [canvas-a]", "tools: [canvas-x]")
    assert_error(
        project, PLAN, line_of(project, PLAN, "canvas-x"), "modules.0.weeks.0.tools.0", "onbekende tool 'canvas-x'"
    )


def test_unknown_partner_in_week(project):
    edit(project, WEEK, "owner: redactie", "owner: niemand")
    assert_error(project, WEEK, 3, "owner", "onbekende partner 'niemand'")


def test_unknown_partner_in_tool(project):
    edit(project, TOOL, "owner: redactie", "owner: niemand")
    assert_error(project, TOOL, line_of(project, TOOL, "owner:"), "owner", "onbekende partner")


def test_unknown_module_in_tool(project):
    edit(project, TOOL, "modules: [1]", "modules: [9]")
    assert_error(project, TOOL, line_of(project, TOOL, "modules:"), "modules.0", "onbekende module 9")


def test_unknown_source_key_in_tool(project):
    edit(project, TOOL, "sources: [weiss1995]", "sources: [weis1995]")
    assert_error(project, TOOL, line_of(project, TOOL, "sources:"), "sources.0", "onbekende bron 'weis1995'")


def test_unknown_source_in_based_on(project):
    edit(project, TOOL, "based_on: anderson2005", "based_on: andersen2005")
    assert_error(project, TOOL, line_of(project, TOOL, "based_on:"), "based_on", "onbekende bron")


def test_unknown_citation_in_page(project):
    edit(project, WEEK, "Kennis [@anderson2005, p. 3].", "Kennis [@nope2020].")
    assert_error(project, WEEK, line_of(project, WEEK, "[@nope2020]"), "bron", "onbekende bron '[@nope2020]'")


def test_two_sources_in_one_bracket_is_an_error_not_raw_text(project):
    """[@a; @b] is Pandoc's form; the site reads one source per bracket and showed the rest raw."""
    edit(project, WEEK, "Kennis [@anderson2005, p. 3].", "Kennis [@anderson2005; @weiss1995].")
    assert_error(
        project, WEEK, line_of(project, WEEK, "[@anderson2005; @weiss1995]"), "bron", "meer bronnen: [@bron1] [@bron2]"
    )


def test_a_malformed_citation_in_a_tool_names_the_field(project):
    text = (project / TOOL).read_text(encoding="utf-8")
    line = next(i for i, t in enumerate(text.splitlines(), start=1) if t.startswith("when:"))
    edit(project, TOOL, "\nwhen: ", "\nwhen: Zie [@ weiss1995]. ")
    assert_error(project, TOOL, line, "when", "'[@ weiss1995]' is geen bronverwijzing")


def test_unknown_source_in_glossary(project):
    edit(project, "docs/_data/begrippen.yml", "source: weiss1995", "source: wiess1995")
    assert_error(project, "docs/_data/begrippen.yml", 4, "terms.0.source", "onbekende bron")


def test_duplicate_week_in_plan(project):
    edit(project, PLAN, "      - week: 2", "      - week: 1")
    assert_error(
        project, PLAN, line_of(project, PLAN, "title: Verder") - 1, "modules.0.weeks.1.week", "week 1 staat twee keer"
    )


def test_duplicate_week_page(project):
    shutil.copy(project / WEEK, project / "docs/weken/week-01b.md")
    assert_error(project, "docs/weken/week-01b.md", 2, "week", "week 1 heeft al een pagina")


def test_week_page_for_unplanned_week(project):
    edit(project, WEEK, "week: 1", "week: 7")
    assert_error(project, WEEK, 2, "week", "week 7 staat niet in het jaarplan")


def test_title_in_week_front_matter(project):
    edit(project, WEEK, "week: 1\n", "week: 1\ntitle: Eigen titel\n")
    assert_error(project, WEEK, 3, "title", "staat in docs/_data/programma.yml")


def test_wrong_review_phase(project):
    edit(project, WEEK, "phase: concept", "phase: klaar")
    assert_error(project, WEEK, 4, "phase", "kies uit")


def test_block_without_example_value(project):
    edit(project, TOOL, "    rechts: [een, twee]\n", "")
    assert_error(
        project,
        TOOL,
        line_of(project, TOOL, "  values:"),
        "example.values.rechts",
        "mist een waarde voor blok 'rechts'",
    )


def test_disallowed_licence(project):
    edit(project, TOOL, "licence: CC-BY-SA-4.0", "licence: CC-BY-NC-4.0")
    assert_error(project, TOOL, line_of(project, TOOL, "licence:"), "licence", "staat niet op de lijst")


def test_blocks_overlap(project):
    edit(project, TOOL, "{col: 7, row: 1, width: 6, height: 8}", "{col: 6, row: 1, width: 6, height: 8}")
    assert_error(
        project, TOOL, line_of(project, TOOL, "{col: 6"), "canvas.blocks.1.position", "overlapt met blok 'links'"
    )


def test_block_does_not_fit(project):
    edit(project, TOOL, "{col: 7, row: 1, width: 6, height: 8}", "{col: 7, row: 1, width: 7, height: 8}")
    assert_error(project, TOOL, line_of(project, TOOL, "{col: 7"), "canvas.blocks.1.position", "past niet")


def test_formula_with_unknown_input(project):
    edit(project, TOOL, "formula: kosten / deelnemers", "formula: kosten / deelnemer")
    assert_error(
        project,
        TOOL,
        line_of(project, TOOL, "formula:"),
        "model.outputs.0.formula",
        "onbekende invoer in de formule: deelnemer",
    )


@pytest.mark.parametrize(
    "bad, fragment",
    [
        ("kosten ** 2", "niet toegestaan"),
        ("pow(kosten, 2)", "functie 'pow' is niet toegestaan"),
        ("kosten if deelnemers else 0", "niet toegestaan"),
        ("kosten / (deelnemers", "geen geldige rekenregel"),
        ("round(kosten, deelnemers)", "aantal decimalen"),
    ],
)
def test_formula_with_unsupported_construct(project, bad, fragment):
    edit(project, TOOL, "formula: kosten / deelnemers", f'formula: "{bad}"')
    assert_error(project, TOOL, line_of(project, TOOL, "formula:"), "model.outputs.0.formula", fragment)


def test_formula_that_misses_the_expected_outcome(project):
    edit(project, TOOL, "expected: 25", "expected: 24")
    assert_error(
        project,
        TOOL,
        line_of(project, TOOL, "expected:"),
        "model.outputs.0.expected",
        "het voorbeeld geeft 25 met deze formule, niet 24",
    )


def test_formula_dividing_by_zero_in_the_example(project):
    edit(
        project,
        TOOL,
        "{id: deelnemers, label: Deelnemers, example: 4}",
        "{id: deelnemers, label: Deelnemers, example: 0}",
    )
    assert_error(project, TOOL, line_of(project, TOOL, "formula:"), "model.outputs.0.formula", "deling door nul")


def test_block_with_empty_label(project):
    edit(project, TOOL, "      label: Rechts\n", "      label: ''\n")
    assert_error(project, TOOL, line_of(project, TOOL, "label: ''"), "canvas.blocks.1.label", "mag niet leeg zijn")


def test_block_lower_than_the_canvas(project):
    edit(project, TOOL, "{col: 7, row: 1, width: 6, height: 8}", "{col: 7, row: 2, width: 6, height: 8}")
    assert_error(project, TOOL, line_of(project, TOOL, "{col: 7"), "canvas.blocks.1.position", "past niet")


def test_bad_canvas_makes_no_download(project):
    """A tool with errors never reaches the generators: the build stops before `on_files`, and the
    download index is only ever given a programme that loaded without errors."""
    from macros.model.problems import ContentError
    from macros.site.adapter import load

    edit(project, TOOL, "{col: 7, row: 1, width: 6, height: 8}", "{col: 6, row: 1, width: 6, height: 8}")
    with pytest.raises(ContentError, match="overlapt"):
        load(project)


def test_intent_must_start_with_ik_wil(project):
    edit(project, TOOL, "intent: Ik wil iets testen.", "intent: Iets testen.")
    assert_error(project, TOOL, line_of(project, TOOL, "intent:"), "intent", "Ik wil")


def test_tool_id_differs_from_file_name(project):
    edit(project, TOOL, "id: canvas-a", "id: canvas-b")
    assert_error(project, TOOL, 1, "id", "bestandsnaam")


def test_unknown_klusbus_figure(project):
    edit(project, TOOL, "klusbus('vrijwilligers')", "klusbus('vrijwiligers')")
    assert_error(
        project,
        TOOL,
        line_of(project, TOOL, 'links: "We'),
        "example.values.links",
        "onbekend Klusbus-cijfer 'vrijwiligers'",
    )


def test_duplicate_yaml_key(project):
    edit(project, TIMED, "minutes: 60\n", "minutes: 60\nminutes: 90\n")
    assert_error(project, TIMED, line_of(project, TIMED, "minutes: 90"), "yaml", "staat er twee keer")


def test_cohort_start_not_monday(project):
    edit(project, "docs/_data/cohorten.yml", "start: 2027-09-06", "start: 2027-09-07")
    assert_error(project, "docs/_data/cohorten.yml", 4, "cohorts.0.start", "geen maandag")


def test_cohort_programme_day_in_wrong_week(project):
    edit(project, "docs/_data/cohorten.yml", "date: 2027-09-09", "date: 2027-09-16")
    assert_error(project, "docs/_data/cohorten.yml", 7, "cohorts.0.programme_days.0.date", "hoort in programmaweek 1")


def test_image_without_alt_text(project):
    (project / "docs/img.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    edit(project, WEEK, "Wat leerden jullie?", "Wat leerden jullie?\n\n![](../img.png)")
    assert_error(project, WEEK, line_of(project, WEEK, "![](../img.png)"), "afbeelding", "geen alt-tekst")


def test_image_too_large(project):
    (project / "docs/groot.png").write_bytes(b"\0" * (400 * 1024))
    edit(project, WEEK, "Wat leerden jullie?", "![Een foto](../groot.png)")
    assert_error(project, WEEK, line_of(project, WEEK, "groot.png"), "afbeelding", "maximaal 300 KB")


def test_script_in_content(project):
    edit(project, WEEK, "Wat leerden jullie?", "<script>alert(1)</script>")
    assert_error(project, WEEK, line_of(project, WEEK, "<script>"), "html", "<script> is niet toegestaan")


def test_inline_event_handler(project):
    edit(project, WEEK, "Wat leerden jullie?", '<span onclick="x()">klik</span>')
    assert_error(project, WEEK, line_of(project, WEEK, "onclick"), "html", "event-handlers")


def test_javascript_url(project):
    edit(project, WEEK, "Wat leerden jullie?", "[klik](javascript:alert(1))")
    assert_error(project, WEEK, line_of(project, WEEK, "javascript:"), "html", "javascript:")


def test_mermaid_diagram(project):
    # Material would load mermaid.js from another host; the fence line itself must be caught.
    edit(project, WEEK, "Wat leerden jullie?", "```mermaid\ngraph LR\n  A --> B\n```\n\nWat leerden jullie?")
    assert_error(project, WEEK, line_of(project, WEEK, "```mermaid"), "html", "mermaid")


def test_dead_internal_link(project):
    edit(project, WEEK, "Wat leerden jullie?", "Lees [week 2](week-02.md).")
    assert_error(project, WEEK, line_of(project, WEEK, "week-02.md"), "link", "dode link")


def test_link_to_generated_tool_page_is_not_dead(project):
    edit(project, WEEK, "Wat leerden jullie?", "Gebruik [de tool](../tools/canvas-a.md).")
    assert errors(project) == []


def test_tool_both_existing_and_planned(project):
    edit(project, PLAN, "  gepland-b: Geplande tool B", "  gepland-b: Geplande tool B\n  canvas-a: Canvas A")
    assert_error(project, PLAN, line_of(project, PLAN, "  canvas-a: Canvas A"), "planned_tools.canvas-a", "bestaat al")


def test_all_errors_are_reported_at_once(project):
    edit(project, TIMED, "minutes: 60", "minutes: veel")
    edit(project, WEEK, "owner: redactie", "owner: niemand")
    edit(project, PLAN, "tools: [canvas-a]", "tools: [canvas-a, canvas-x]")
    assert len(errors(project)) >= 3


def test_check_command_exit_codes_and_format(project):
    ok = subprocess.run(
        [sys.executable, "-m", "macros", "--root", str(project), "check"], capture_output=True, text=True
    )
    assert ok.returncode == 0, ok.stdout + ok.stderr
    edit(project, TIMED, "minutes: 60", "minutes: veel")
    bad = subprocess.run(
        [sys.executable, "-m", "macros", "--root", str(project), "check"], capture_output=True, text=True
    )
    assert bad.returncode == 1
    assert f"{TIMED}:{line_of(project, TIMED, 'minutes:')}: minutes: verwacht een geheel getal" in bad.stdout


def test_build_refuses_bad_content(project):
    """Nothing is published half-rendered: the strict build stops with the check's message."""
    for name in ("mkdocs.yml",):
        shutil.copy(ROOT / name, project / name)
    shutil.copytree(ROOT / "overrides", project / "overrides")
    shutil.copytree(ROOT / "macros", project / "macros", ignore=shutil.ignore_patterns("__pycache__"))
    edit(project, TIMED, "minutes: 60", "minutes: veel")
    from conftest import build_site

    result = build_site(project / "site", root=project)
    assert result.returncode != 0
    assert f"{TIMED}:{line_of(project, TIMED, 'minutes:')}: minutes:" in result.stdout + result.stderr
    assert not (project / "site" / "index.html").exists()


def test_misspelt_word_in_page(project):
    edit(project, WEEK, "Wat leerden jullie?", "Wat leerden jullie van dit initatief?")
    assert_error(project, WEEK, line_of(project, WEEK, "initatief"), "spelling", "'initatief'")


def test_misspelt_word_in_tool_yaml(project):
    edit(project, TOOL, "question: Wat staat links?", "question: Wat staat er in de begrotting?")
    assert_error(project, TOOL, line_of(project, TOOL, "begrotting"), "spelling", "'begrotting'")


def test_word_list_accepts_a_listed_word(project):
    edit(project, WEEK, "Wat leerden jullie?", "Wat leerden jullie van SodaProducties?")
    assert errors(project)  # not in the fixture's word list yet
    (project / "docs/_data/woordenlijst.yml").write_text(
        "words:\n  - {word: Klusbus, category: naam}\n  - {word: SodaProducties, category: naam}\n"
        "  - {word: programmadag, category: term}\n",
        encoding="utf-8",
    )
    assert errors(project) == []


def test_word_list_entry_needs_a_category(project):
    (project / "docs/_data/woordenlijst.yml").write_text("words:\n  - {word: Lindeburg}\n", encoding="utf-8")
    assert_error(project, "docs/_data/woordenlijst.yml", 2, "words.0.category", "verplicht veld")


def test_english_title_marked_as_english_is_not_spell_checked(project):
    edit(project, WEEK, "Wat leerden jullie?", "Lees *Getting to Yes*{lang=en} van Fisher.")
    assert [p for p in errors(project) if "Getting" in p.message] == []


def test_page_with_long_sentences_fails_readability(project):
    sentence = (
        "Het duo bespreekt met de begeleider uitgebreid en zorgvuldig alle mogelijke "
        "verbeteringen van de organisatie en de samenwerking met de gemeente en met fondsen "
        "die misschien in de komende jaren willen bijdragen aan het werk. "
    )
    # Enough long sentences to outweigh the short ones of the rest of the page.
    edit(project, WEEK, "Wat leerden jullie?", sentence * 100)
    assert_error(project, WEEK, body_line(project, WEEK), "leesbaarheid", "woorden per zin")


def test_table_with_empty_header_cell(project):
    edit(project, WEEK, "Wat leerden jullie?", "| | Effect |\n|---|---|\n| Schaal | Groot |")
    assert_error(project, WEEK, line_of(project, WEEK, "| | Effect |"), "tabel", "lege kolomkop")


# --- issue 12: content that reaches the page ------------------------------------------------------
# Each of these passed `make check` silently (or crashed the build) before the fix.

INDEX = "docs/index.md"


def test_unknown_klusbus_figure_in_page(project):
    edit(project, WEEK, "{{ klusbus('vrijwilligers') }}", "{{ klusbus('vrijwiligers') }}")
    assert_error(
        project,
        WEEK,
        line_of(project, WEEK, "vrijwiligers"),
        "klusbus",
        "onbekend Klusbus-cijfer 'vrijwiligers'; bedoel je 'vrijwilligers'?",
    )


def test_unknown_klusbus_figure_in_hand_written_page(project):
    edit(project, INDEX, "# Test", "# Test\n\nWe hebben {{ klusbus('leden') }} leden.")
    assert_error(
        project, INDEX, line_of(project, INDEX, "klusbus('leden')"), "klusbus", "onbekend Klusbus-cijfer 'leden'"
    )


def test_klusbus_figure_that_is_not_a_literal(project):
    edit(project, INDEX, "# Test", "# Test\n\n{{ klusbus(page.title) }}")
    assert_error(
        project, INDEX, line_of(project, INDEX, "klusbus(page"), "klusbus", "schrijf het id tussen aanhalingstekens"
    )


def test_unknown_macro_in_page(project):
    edit(project, INDEX, "# Test", "# Test\n\n{{ klusbsu('vrijwilligers') }}")
    assert_error(
        project, INDEX, line_of(project, INDEX, "klusbsu"), "macro", "onbekende macro 'klusbsu'; bedoel je 'klusbus'?"
    )


def test_broken_macro_syntax_in_page(project):
    edit(project, WEEK, "{{ klusbus('vrijwilligers') }}", "{{ klusbus('vrijwilligers' }}")
    assert_error(project, WEEK, line_of(project, WEEK, "klusbus('vrijwilligers' }}"), "macro", "{{ … }}")


def test_unknown_klusbus_figure_in_data_file(project):
    rel = "docs/_data/programma.yml"
    edit(
        project,
        rel,
        "summary: Een korte module om mee te testen.",
        "summary: Een module voor {{ klusbus('leden') }} leden.",
    )
    assert_error(
        project, rel, line_of(project, rel, "klusbus('leden')"), "modules.0.summary", "onbekend Klusbus-cijfer 'leden'"
    )


def test_unknown_klusbus_figure_in_tool_tip(project):
    edit(project, TOOL, "  - Een tip.", "  - Een tip voor {{ klusbus('leden') }} leden.")
    assert_error(project, TOOL, line_of(project, TOOL, "klusbus('leden')"), "tips.0", "onbekend Klusbus-cijfer 'leden'")


def test_other_template_code_in_yaml_text(project):
    edit(project, TOOL, "when: Altijd.", "when: Altijd {{ config.site_name }}.")
    assert_error(project, TOOL, line_of(project, TOOL, "when:"), "when", "alleen {{ klusbus('…') }}")


@pytest.mark.parametrize(
    "rel, old, new, needle, field, fragment",
    [
        (
            "docs/_data/cohorten.yml",
            '      - {id: PD1, date: 2027-09-09, start: "10:00", end: "16:00", place: Lindeburg}',
            '      - {id: PD1, date: 2027-09-09, start: "10:00", end: "16:00", place: Lindeburg}\n'
            "  - id: test\n    name: Tweede\n    start: 2027-09-06",
            "name: Tweede",
            "cohorts.1.id",
            "id 'test' staat er twee keer (eerst op regel 2)",
        ),
        (
            "docs/_data/programmadagen.yml",
            "    host_role: redactie",
            "    host_role: redactie\n  - id: PD1\n    title: Nog een\n    goal: Doel.\n"
            '    agenda: [{start: "10:00", end: "11:00", item: Welkom}]\n'
            "    preparation: [Lezen]\n    host_role: redactie",
            "title: Nog een",
            "days.1.id",
            "id 'PD1' staat er twee keer (eerst op regel 2)",
        ),
        (
            "docs/_data/bronnen.yml",
            "  - key: anderson2005",
            "  - key: weiss1995",
            "key: weiss1995\n    authors: Anderson",
            "sources.1.key",
            "key 'weiss1995' staat er twee keer (eerst op regel 2)",
        ),
        (
            "docs/_data/begrippen.yml",
            "    source: weiss1995",
            "    source: weiss1995\n  - term: Duo\n    definition: Nog een keer.",
            "term: Duo",
            "terms.1.term",
            "term 'Duo' staat er twee keer (eerst op regel 2)",
        ),
        (
            "docs/_data/partners.yml",
            "    description: De redactie beheert de site.",
            "    description: De redactie beheert de site.\n"
            "  - id: redactie\n    name: Nog een\n    role: Rol\n    description: Tekst.",
            "name: Nog een",
            "partners.1.id",
            "id 'redactie' staat er twee keer (eerst op regel 2)",
        ),
        (
            "docs/_data/begeleiding.yml",
            "intervisie:",
            '  - id: C1\n    title: Nog een\n    purpose: Doel.\n    questions: ["Een?", "Twee?"]\nintervisie:',
            "title: Nog een",
            "sessions.1.id",
            "id 'C1' staat er twee keer (eerst op regel 2)",
        ),
        (
            "docs/_data/woordenlijst.yml",
            "  - {word: Klusbus, category: naam}",
            "  - {word: Klusbus, category: naam}\n  - {word: Klusbus, category: term}",
            "category: term",
            "words.1.word",
            "word 'Klusbus' staat er twee keer (eerst op regel 2)",
        ),
        (
            "worksheets/canvas-a.yml",
            "    - id: rechts",
            "    - id: links",
            "- id: links\n      label: Rechts",
            "canvas.blocks.1.id",
            "id 'links' staat er twee keer (eerst op regel 18)",
        ),
    ],
)
def test_duplicate_id_in_data_file(project, rel, old, new, needle, field, fragment):
    edit(project, rel, old, new)
    text = (project / rel).read_text(encoding="utf-8")
    line = text[: text.index(needle)].count("\n") + 1
    if needle.startswith(("name:", "title:", "category:")):
        line -= 1  # the error points at the id of the item, one line above
    if needle.startswith("category:"):
        line += 1  # flow style: the whole item is on one line
    assert_error(project, rel, line, field, fragment)


def test_week_page_without_week_number(project):
    edit(project, WEEK, "week: 1\n", "")
    assert_error(project, WEEK, 1, "week", "een pagina in docs/weken/ is een weekpagina")


def test_week_page_without_front_matter(project):
    text = (project / WEEK).read_text(encoding="utf-8")
    (project / WEEK).write_text(text.split("---\n", 2)[2], encoding="utf-8")
    assert_error(project, WEEK, 1, "week", "een pagina in docs/weken/ is een weekpagina")


def test_week_page_number_differs_from_file_name(project):
    shutil.move(project / WEEK, project / "docs/weken/week-02.md")
    assert_error(project, "docs/weken/week-02.md", 2, "week", "week-02.md hoort bij week 2")


def test_week_number_of_wrong_type(project):
    edit(project, WEEK, "week: 1", "week: een")
    assert_error(project, WEEK, 2, "week", "verwacht een geheel getal")


def test_title_in_week_front_matter_still_checks_the_rest(project):
    edit(project, WEEK, "week: 1\n", "week: 1\ntitle: Eigen titel\n")
    edit(project, WEEK, "phase: concept", "phase: klaar")
    assert_error(project, WEEK, 5, "phase", "kies uit")


@pytest.mark.parametrize(
    "front, line, field, fragment",
    [
        ("descripton: Een pagina.", 2, "descripton", "bedoel je 'description'?"),
        ("hide: toc", 2, "hide", "verwacht een lijst"),
        ("hide: [tocc]", 2, "hide.0", "kies uit"),
        ("search: {exclude: misschien}", 2, "search.exclude", "verwacht true of false"),
        ("search: {exlude: true}", 2, "search.exlude", "bedoel je 'exclude'?"),
        ("render_macros: nee graag", 2, "render_macros", "verwacht true of false"),
        ("description: [een, twee]", 2, "description", "verwacht tekst"),
        ("title: 12", 2, "title", "verwacht tekst"),
        ("- een\n- twee", 2, "-", "front matter moet velden bevatten"),
    ],
)
def test_front_matter_mistakes_on_other_pages(project, front, line, field, fragment):
    edit(project, INDEX, "# Test", f"---\n{front}\n---\n\n# Test")
    assert_error(project, INDEX, line, field, fragment)


def test_unknown_front_matter_key_on_week_page(project):
    edit(project, WEEK, "phase: concept", "phase: concept\nhide: [toc, navigaton]")
    assert_error(project, WEEK, 5, "hide.1", "kies uit")


def test_week_page_with_an_empty_section(project):
    text = (project / WEEK).read_text(encoding="utf-8")
    start = text.index("## Reflectie")
    end = text.index("## Kernpunten")
    (project / WEEK).write_text(text[:start] + "## Reflectie\n\n" + text[end:], encoding="utf-8")
    assert_error(
        project, WEEK, line_of(project, WEEK, "## Reflectie"), "sections.Reflectie", "sectie 'Reflectie' is leeg"
    )


def test_week_page_with_a_short_section(project):
    text = (project / WEEK).read_text(encoding="utf-8")
    start = text.index("## Kennis")
    end = text.index("## Aan de slag als duo")
    (project / WEEK).write_text(
        text[:start] + "## Kennis\n\nKennis [@anderson2005, p. 3]. Kort.\n\n" + text[end:], encoding="utf-8"
    )
    assert_error(
        project,
        WEEK,
        line_of(project, WEEK, "## Kennis"),
        "sections.Kennis",
        "sectie 'Kennis' heeft 5 woorden; schrijf er minstens",
    )


def test_week_page_missing_a_section_is_an_error(project):
    edit(project, WEEK, "## Reflectie", "## Terugblik")
    assert_error(project, WEEK, body_line(project, WEEK), "sections", "sectie(s) ontbreken: Reflectie")


def test_week_page_sections_out_of_order(project):
    text = (project / WEEK).read_text(encoding="utf-8")
    start, end = text.index("## Reflectie"), text.index("## Kernpunten")
    reflection = text[start:end]
    text = text[:start] + text[end:]
    text = text.replace("## Waarom deze week", reflection + "## Waarom deze week")
    (project / WEEK).write_text(text, encoding="utf-8")
    assert_error(
        project, WEEK, line_of(project, WEEK, "## Reflectie"), "sections", "secties staan niet in de goede volgorde"
    )


def test_unfilled_new_week_fails_the_check(project):
    from macros.site.cli import main as cli_main

    assert cli_main(["--root", str(project), "new-week", "2", "--owner", "redactie"]) == 0
    rel = "docs/weken/week-02.md"
    for title in ("Waarom deze week", "Kennis", "Voor begeleiders"):
        assert_error(
            project, rel, line_of(project, rel, f"## {title}"), f"sections.{title}", f"sectie '{title}' is leeg"
        )
    assert_error(
        project, rel, body_line(project, rel), "sections", "de weekpagina heeft 0 woorden; schrijf er minstens"
    )
    result = subprocess.run(
        [sys.executable, "-m", "macros", "--root", str(project), "check"], capture_output=True, text=True
    )
    assert result.returncode == 1
    assert f"{rel}:{line_of(project, rel, '## Kennis')}: sections.Kennis: sectie 'Kennis' is leeg" in result.stdout


@pytest.mark.parametrize(
    "old, new, field, fragment",
    [
        ("when: Altijd.", "when: Altijd <script>alert(1)</script>.", "when", "HTML"),
        ("  - Een tip.", "  - 'Een <b onclick=\"x()\">tip</b>.'", "tips.0", "HTML"),
        ("  - Een tip.", "  - Een [tip](javascript:alert(1)).", "tips.0", "javascript:"),
        ("  - Een tip.", "  - Een [tip](data:text/html;base64,PHNjcmlwdD4=).", "tips.0", "data:"),
        ("  - Stap een.", "  - Stap ![](plaatje.png) een.", "steps.0", "afbeelding"),
    ],
)
def test_unsafe_markdown_in_yaml_text(project, old, new, field, fragment):
    edit(project, TOOL, old, new)
    assert_error(project, TOOL, line_of(project, TOOL, new.strip().split("\n")[0][:12]), field, fragment)


def test_data_url_in_page(project):
    edit(project, WEEK, "Wat leerden jullie?", "[klik](data:text/html;base64,PHNjcmlwdD4=)")
    assert_error(project, WEEK, line_of(project, WEEK, "data:text"), "html", "data:")


def test_event_handler_on_a_second_line_of_a_tag(project):
    edit(project, WEEK, "Wat leerden jullie?", '<span class="x"\n  onmouseover="x()">klik</span>')
    assert_error(project, WEEK, line_of(project, WEEK, "onmouseover"), "html", "event-handlers")


def test_unknown_citation_in_yaml_text(project):
    edit(project, TOOL, "  - Een tip.", "  - Een tip [@nope2020].")
    assert_error(project, TOOL, line_of(project, TOOL, "[@nope2020]"), "tips.0", "onbekende bron '[@nope2020]'")


def test_unknown_citation_in_data_file(project):
    rel = "docs/_data/begeleiding.yml"
    edit(
        project,
        rel,
        "summary: Een deelnemer brengt een kort voorval in.",
        "summary: Een deelnemer brengt een kort voorval in [@nope2020].",
    )
    assert_error(project, rel, line_of(project, rel, "[@nope2020]"), "intervisie.summary", "onbekende bron")


def test_macro_with_wrong_arguments(project):
    edit(project, INDEX, "# Test", "# Test\n\n{{ modules_index(2, 3) }}")
    assert_error(
        project, INDEX, line_of(project, INDEX, "modules_index(2, 3)"), "macro", "macro 'modules_index' krijgt"
    )


def test_file_that_is_not_utf8(project):
    (project / TOOL).write_bytes((project / TOOL).read_bytes().replace(b"Stap een.", "Stap één.".encode("latin-1")))
    assert_error(project, TOOL, line_of_bytes(project / TOOL, b"Stap "), "-", "UTF-8")


def test_page_that_is_not_utf8(project):
    (project / WEEK).write_bytes(
        (project / WEEK).read_bytes().replace(b"Wat leerden jullie?", "Wat leerden jullie ná?".encode("latin-1"))
    )
    assert_error(project, WEEK, line_of_bytes(project / WEEK, b"Wat leerden jullie"), "-", "UTF-8")


def line_of_bytes(file: Path, needle: bytes) -> int:
    return next(i for i, line in enumerate(file.read_bytes().split(b"\n"), 1) if needle in line)


def test_front_matter_without_closing_line(project):
    edit(project, INDEX, "# Test", "---\ndescription: Een pagina.\n\n# Test")
    assert_error(project, INDEX, 1, "-", "sluit niet af")


def test_example_value_that_does_not_fit_its_block(project):
    edit(project, TOOL, "    rechts: [een, twee]", "    rechts: Een zin in plaats van een lijst.")
    assert_error(
        project,
        TOOL,
        line_of(project, TOOL, "rechts: Een zin"),
        "example.values.rechts",
        "blok 'rechts' is een lijst (kind: list)",
    )


def test_example_table_row_with_a_missing_cell(project):
    edit(project, TOOL, "      kind: list\n", "      kind: table\n      columns: [Wie, Wat]\n")
    edit(project, TOOL, "    rechts: [een, twee]", "    rechts:\n      - [Duo, Plan]\n      - [Team]")
    assert_error(
        project,
        TOOL,
        line_of(project, TOOL, "- [Team]"),
        "example.values.rechts.1",
        "rij 2 heeft 1 cel(len); de tabel heeft 2 kolommen",
    )


def test_glossary_terms_with_the_same_anchor(project):
    rel = "docs/_data/begrippen.yml"
    edit(
        project,
        rel,
        "    source: weiss1995",
        "    source: weiss1995\n  - term: Duo.\n    definition: Bijna hetzelfde woord.",
    )
    assert_error(
        project,
        rel,
        line_of(project, rel, "term: Duo."),
        "terms.1.term",
        "krijgt hetzelfde anker (#duo) als 'duo' op regel 2",
    )


def test_choices_are_listed_in_dutch(project):
    edit(project, WEEK, "phase: concept", "phase: klaar")
    assert_error(project, WEEK, 4, "phase", "kies uit: 'concept', 'review' of 'stabiel'")


def test_unknown_name_in_page_template_code(project):
    edit(project, INDEX, "# Test", "# Test\n\nZie {{ confg.extra.repository }}.")
    assert_error(
        project, INDEX, line_of(project, INDEX, "confg"), "macro", "onbekende naam 'confg'; bedoel je 'config'?"
    )


def test_known_names_in_page_template_code_pass(project):
    edit(
        project,
        INDEX,
        "# Test",
        "# Test\n\n{% set n = 3 %}Zie {{ config.extra.repository }}, {{ repository }}, "
        "{{ page.title }}, {{ now() }} en {{ n }}.{% for i in range(2) %}{{ i }}{% endfor %}",
    )
    assert [p for p in errors(project) if p.field == "macro"] == []


def test_a_page_owner_other_than_its_module_owner_is_an_error(project):
    """The page would name one partner while CODEOWNERS asks another to review it."""
    partners = project / "docs/_data/partners.yml"
    partners.write_text(
        partners.read_text(encoding="utf-8")
        + "  - id: kennispartner\n    name: Kennispartner\n    role: Schrijft mee\n    description: Een partner.\n",
        encoding="utf-8",
    )
    edit(project, WEEK, "owner: redactie", "owner: kennispartner")
    assert_error(project, WEEK, line_of(project, WEEK, "owner: kennispartner"), "owner", "is niet de eigenaar")


def _copy_site_files(project) -> None:
    for name in ("mkdocs.yml",):
        shutil.copy(ROOT / name, project / name)
    shutil.copytree(ROOT / "overrides", project / "overrides")
    shutil.copytree(ROOT / "macros", project / "macros", ignore=shutil.ignore_patterns("__pycache__"))


def test_build_refuses_a_misspelt_word_found_beside_the_build(project):
    """`mkdocs build` runs the language check in a second process while it builds
    (macros/site/process.py); its error still fails the build, with its message, and leaves no site."""
    _copy_site_files(project)
    edit(project, WEEK, "Wat leerden jullie?", "Wat leerden jullie van dit initatief?")
    from conftest import build_site

    result = build_site(project / "site", root=project)
    output = result.stdout + result.stderr
    assert result.returncode != 0
    assert f"{WEEK}:{line_of(project, WEEK, 'initatief')}: spelling: 'initatief'" in output
    assert not (project / "site" / "index.html").exists()


def test_build_reports_language_errors_with_the_others_at_once(project):
    """An error of another check stops the build before the first page; the language check's
    errors come in the same message, not in a later build."""
    _copy_site_files(project)
    edit(project, WEEK, "Wat leerden jullie?", "Wat leerden jullie van dit initatief?")
    edit(project, TIMED, "minutes: 60", "minutes: veel")
    from conftest import build_site

    result = build_site(project / "site", root=project)
    output = result.stdout + result.stderr
    assert result.returncode != 0
    assert f"{TIMED}:{line_of(project, TIMED, 'minutes:')}: minutes:" in output
    assert f"{WEEK}:{line_of(project, WEEK, 'initatief')}: spelling: 'initatief'" in output
