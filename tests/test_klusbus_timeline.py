"""The dated timeline of De Klusbus (issue 15): `timeline:` in docs/_data/klusbus.yml holds what
happened in which week; the loader refuses bad entries with file, line and field, pages quote it
with {{ klusbus_event('id') }} and {{ klusbus_week('id') }}, a week page may not quote an event from
a later week, and the module page shows the events of its weeks as "Week | Wat gebeurde er"."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import ROOT, assert_error, edit, errors, line_of
from macros.checks.programme import load_programme
from macros.model.programme import Programme
from macros.render import generated, timeline

KLUSBUS = "docs/_data/klusbus.yml"
WEEK = "docs/weken/week-01.md"
INDEX = "docs/index.md"

# A timeline for the mini fixture: week 1 and week 6 (the fixture's plan has weeks 1 and 2 only).
TIMELINE = """
timeline:
  - id: nulmeting
    week: 1
    who: [Samira, Kees]
    text: Samira en Kees doen de nulmeting.
  - id: overleg
    week: 1
    who: [Samira]
    organisation: Langer Thuis in Lindeburg (fictief)
    text: Samira zit in het overleg Langer Thuis.
  - id: meting-start
    week: 6
    text: De meting begint.
"""


# What the fixture's week 1 tells, so that the names of its events are on the page of their week.
STORY = "Samira en Kees praten in het overleg Langer Thuis in Lindeburg (fictief)."


@pytest.fixture
def timed(project: Path) -> Path:
    """The mini project with the timeline above at the end of its klusbus.yml, and week 1 telling
    who took part."""
    file = project / KLUSBUS
    file.write_text(file.read_text(encoding="utf-8") + TIMELINE, encoding="utf-8")
    quote(project, WEEK, STORY)
    return project


def quote(root: Path, rel: str, text: str) -> None:
    """Put a sentence with a quote on a page, right under its first line that has text."""
    if rel == INDEX:
        edit(root, rel, "# Test", f"# Test\n\n{text}")
    else:
        edit(root, rel, "## Waarom deze week\n", f"## Waarom deze week\n\n{text}\n")


# --- the real programme ---------------------------------------------------------------------------


@pytest.fixture(scope="module")
def real() -> Programme:
    """The real programme; the timeline and every quote of it pass (the rest of the content has its
    own tests, so a half-written page elsewhere does not hide what this file tests)."""
    programme, problems = load_programme(ROOT)
    assert programme is not None
    ours = [
        p
        for p in problems
        if p.severity == "error" and (p.path == KLUSBUS or p.field in ("klusbus_event", "klusbus_week"))
    ]
    assert not ours, ours
    return programme


def test_the_real_timeline_covers_weeks_1_to_12_in_order(real):
    events = real.example.timeline
    weeks = [e.week for e in events]
    assert weeks == sorted(weeks)
    assert set(range(1, 13)) <= set(weeks)
    assert len({e.id for e in events}) == len(events)


def test_the_real_timeline_holds_the_truth_of_the_known_slips(real):
    """Issue 15: measuring starts in week 6 (week 6 said 'next week'); Samira is in the Wmo network
    (the overleg Langer Thuis) from the start, so it belongs on the maps of weeks 7 and 9."""
    events = timeline.events(real)
    assert events["meting-start"].week == 6
    network = events["overleg-langer-thuis"]
    assert network.week == 1
    assert network.organisation == "Langer Thuis in Lindeburg (fictief)"
    assert "Samira" in network.who


def test_the_real_module_pages_show_the_timeline(real):
    pages = generated.generated_pages(real)
    module_1 = next(text for uri, (text, _) in pages.items() if uri.startswith("modules/1-"))
    assert "## De Klusbus (fictief) in deze module" in module_1
    assert "| Week | Wat gebeurde er |" in module_1
    assert "| [week 6](../weken/week-06.md) | De meting begint, met een proef." in module_1
    nulmeting = real.example.figures["nulmeting-verdienmodel"].value
    assert f"het verdienmodel een {nulmeting} (op een schaal van 1 tot 4)" in module_1  # the figure, filled in
    module_2 = next(text for uri, (text, _) in pages.items() if uri.startswith("modules/2-"))
    assert "[week 12](../weken/week-12.md)" in module_2
    assert "De meting begint" not in module_2  # only the module's own weeks


# --- the fixture: what passes ---------------------------------------------------------------------


def test_a_valid_timeline_and_its_quotes_pass(timed):
    quote(timed, WEEK, "{{ klusbus_event('nulmeting') }} Dat was in {{ klusbus_week('nulmeting') }}.")
    quote(timed, INDEX, "Later: {{ klusbus_event('meting-start') }} ({{ klusbus_week('meting-start') }})")
    assert errors(timed) == []


def test_the_macros_render_the_event_and_its_week(timed):
    programme, _ = load_programme(timed)
    assert programme is not None
    assert timeline.event_text(programme, "meting-start") == "De meting begint."
    assert timeline.event_week(programme, "nulmeting", "index.md") == "[week 1](weken/week-01.md)"
    assert timeline.event_week(programme, "nulmeting", "weken/week-01.md") == "week 1"  # no link to itself
    assert timeline.event_week(programme, "meting-start", "index.md") == "week 6 *(gepland)*"  # no page yet
    section = generated.generated_pages(programme)["modules/1-eerste.md"][0]
    assert section.endswith(
        "| Week | Wat gebeurde er |\n|---:|---|\n"
        "| [week 1](../weken/week-01.md) | Samira en Kees doen de nulmeting. |\n"
        "| [week 1](../weken/week-01.md) | Samira zit in het overleg Langer Thuis. |\n"
    )


def test_a_module_without_events_has_no_section(project):
    programme, _ = load_programme(project)
    assert programme is not None
    assert "Wat gebeurde er" not in generated.generated_pages(programme)["modules/1-eerste.md"][0]


# --- the fixture: what the loader refuses ----------------------------------------------------------


def test_an_unknown_key(timed):
    edit(timed, KLUSBUS, "    text: De meting begint.", "    text: De meting begint.\n    wanneer: later")
    assert_error(timed, KLUSBUS, line_of(timed, KLUSBUS, "wanneer: later"), "timeline.2.wanneer", "wanneer")


@pytest.mark.parametrize("week", ["0", "41"])
def test_a_week_outside_the_programme(timed, week):
    edit(timed, KLUSBUS, "    week: 6", f"    week: {week}")
    assert_error(timed, KLUSBUS, line_of(timed, KLUSBUS, f"week: {week}"), "timeline.2.week", "")


def test_a_duplicate_id_names_both_lines(timed):
    edit(timed, KLUSBUS, "  - id: overleg\n", "  - id: nulmeting\n")
    first = line_of(timed, KLUSBUS, "id: nulmeting")
    assert_error(
        timed, KLUSBUS, first + 4, "timeline.1.id", f"id 'nulmeting' staat er twee keer (eerst op regel {first})"
    )


def test_an_organisation_must_be_fictional(timed):
    edit(timed, KLUSBUS, "organisation: Langer Thuis in Lindeburg (fictief)", "organisation: Langer Thuis")
    assert_error(timed, KLUSBUS, line_of(timed, KLUSBUS, "organisation: Langer"), "timeline.1.organisation", "")


def test_an_empty_text(timed):
    edit(timed, KLUSBUS, "    text: De meting begint.", '    text: ""')
    assert_error(timed, KLUSBUS, line_of(timed, KLUSBUS, 'text: ""'), "timeline.2.text", "")


def test_the_timeline_stands_in_the_order_of_the_weeks(timed):
    edit(timed, KLUSBUS, "  - id: overleg\n    week: 1", "  - id: overleg\n    week: 3")
    edit(timed, KLUSBUS, "  - id: meting-start\n    week: 6", "  - id: meting-start\n    week: 2")
    assert_error(
        timed,
        KLUSBUS,
        line_of(timed, KLUSBUS, "week: 2"),
        "timeline.2.week",
        "'meting-start' (week 2) staat na 'overleg' (week 3); zet de tijdlijn op volgorde van de weken",
    )


def test_a_figure_in_an_event_text(timed):
    """{{ klusbus('id') }} works in the timeline as in every YAML text: the figure is filled in."""
    edit(
        timed,
        KLUSBUS,
        "text: De meting begint.",
        "text: De meting begint bij {{ klusbus('huishoudens') }} huishoudens.",
    )
    programme, _ = load_programme(timed)
    assert programme is not None
    assert timeline.event_text(programme, "meting-start") == "De meting begint bij 240 huishoudens."
    assert errors(timed) == []


def test_an_unknown_figure_in_an_event_text(timed):
    edit(
        timed, KLUSBUS, "text: De meting begint.", "text: De meting begint bij {{ klusbus('huishoudes') }} huishoudens."
    )
    assert_error(
        timed,
        KLUSBUS,
        line_of(timed, KLUSBUS, "huishoudes"),
        "timeline.2.text",
        "onbekend Klusbus-cijfer 'huishoudes'; bedoel je 'huishoudens'?",
    )


def test_who_an_event_names_must_be_on_the_page_of_its_week(timed):
    """A person the timeline names in week 1 but the week-1 page does not: the two tell another story."""
    edit(timed, KLUSBUS, "who: [Samira, Kees]", "who: [Samira, Henk]")
    assert_error(
        timed,
        KLUSBUS,
        line_of(timed, KLUSBUS, "who: [Samira, Henk]"),
        "timeline.0.who.1",
        "'nulmeting' (week 1) noemt 'Henk', maar docs/weken/week-01.md noemt niet wie: 'Henk' staat er niet in",
    )


def test_a_network_the_page_of_its_week_forgets_is_an_error(timed):
    """The known slip of issue 15: the map of a week left out the network Samira always attends."""
    edit(timed, WEEK, STORY, "Samira en Kees praten met elkaar.")
    programme, problems = load_programme(timed)
    line = line_of(timed, KLUSBUS, "organisation: Langer Thuis")
    found = [p for p in problems if p.path == KLUSBUS and p.line == line]
    assert [(p.field, p.severity) for p in found] == [("timeline.1.organisation", "error")], found
    assert "'Langer Thuis in Lindeburg' staat er niet in" in found[0].message


def test_quoting_the_event_names_who_and_where(timed):
    edit(timed, WEEK, STORY, "Zo ging het: {{ klusbus_event('overleg') }}")
    edit(timed, KLUSBUS, "who: [Samira]", "who: [Henk]")  # the page names no Henk, but quotes the event
    _, problems = load_programme(timed)
    assert [p for p in problems if p.path == KLUSBUS and p.field.startswith("timeline.1")] == []


def test_an_event_in_a_week_without_a_page_is_not_checked_against_pages(timed):
    edit(timed, KLUSBUS, "    text: De meting begint.", "    who: [Henk]\n    text: De meting begint.")
    assert errors(timed) == []  # week 6 has no page in the fixture


def test_the_timeline_is_spell_checked(timed):
    edit(timed, KLUSBUS, "De meting begint.", "De meeting begihnt.")
    assert_error(timed, KLUSBUS, line_of(timed, KLUSBUS, "begihnt"), "spelling", "'begihnt'")


# --- the fixture: what the check of the pages refuses ----------------------------------------------


@pytest.mark.parametrize("macro", ["klusbus_event", "klusbus_week"])
def test_an_unknown_event_on_a_page(timed, macro):
    quote(timed, WEEK, f"Zo ging het: {{{{ {macro}('nulmeeting') }}}}.")
    assert_error(
        timed,
        WEEK,
        line_of(timed, WEEK, "nulmeeting"),
        macro,
        "onbekende gebeurtenis 'nulmeeting' van De Klusbus; bedoel je 'nulmeting'? (zie timeline in "
        "docs/_data/klusbus.yml)",
    )


@pytest.mark.parametrize("macro", ["klusbus_event", "klusbus_week"])
def test_a_week_page_quotes_an_event_from_a_later_week(timed, macro):
    quote(timed, WEEK, f"Later: {{{{ {macro}('meting-start') }}}}.")
    assert_error(
        timed,
        WEEK,
        line_of(timed, WEEK, "meting-start"),
        macro,
        "week 1 noemt gebeurtenis 'meting-start' uit week 6: die is dan nog niet gebeurd",
    )


def test_moving_an_event_later_than_its_quote_fails(timed):
    """The same quote that passes in week 1 fails once the timeline says it happened later."""
    quote(timed, WEEK, "{{ klusbus_event('overleg') }}")
    assert errors(timed) == []
    edit(timed, KLUSBUS, "  - id: overleg\n    week: 1", "  - id: overleg\n    week: 4")
    assert_error(timed, WEEK, line_of(timed, WEEK, "klusbus_event('overleg')"), "klusbus_event", "uit week 4")


def test_an_event_id_that_is_not_a_literal(timed):
    quote(timed, WEEK, "{{ klusbus_event(page.title) }}")
    assert_error(
        timed,
        WEEK,
        line_of(timed, WEEK, "klusbus_event(page"),
        "klusbus_event",
        "schrijf het id tussen aanhalingstekens",
    )


def test_a_page_that_is_no_week_page_may_quote_any_event(timed):
    quote(timed, INDEX, "{{ klusbus_event('meting-start') }}")
    assert errors(timed) == []
