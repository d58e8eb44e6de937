"""Time as data (issue 15): each step's minutes and who does it live in the week page's front
matter; the page writes the bold start of every step from it, the week header adds the steps and
the contact moments up per person, `make check` holds the week to the 4/5-hour rule, and a tool's
time comes from its week. Also "Weinig tijd?" and "Een goed weekproduct…"."""

from __future__ import annotations

import pytest

from conftest import ROOT, edit, line_of
from macros.checks.programme import load_programme
from macros.markdown.steps import typed_leads, with_step_leads
from macros.model import schema as m
from macros.model import weektime

WEEK = "docs/weken/week-01.md"
pytestmark = pytest.mark.xdist_group("mini")


def problems_of(project, severity="error"):
    _, found = load_programme(project)
    return [p for p in found if p.severity == severity]


def test_step_leads_are_written_from_the_data():
    steps = [
        m.WeekStep(who="ieder", minutes=45, when="voor"),
        m.WeekStep(who="samen", minutes=30),
        m.WeekStep(who="intervisie", minutes=15, note="voor jullie profiel"),
        m.WeekStep(who="coachgesprek", minutes=20),
    ]
    leads = [weektime.step_lead(s, "C4") for s in steps]
    assert leads == [
        "**Vóór de programmadag, ieder apart, ± 45 minuten.**",
        "**Samen, ± 30 minuten.**",
        "**In de intervisie, ± 15 minuten voor jullie profiel.**",
        "**Met de begeleider, in coachgesprek 4, ± 20 minuten.**",
    ]
    body = "## Aan de slag als duo\n\n1. Een.\n2. Twee\n   verder.\n\n## Voorbeeld\n\n1. Niet.\n"
    written = with_step_leads(body, leads[:2])
    assert written.split("\n") == [
        "## Aan de slag als duo",
        "",
        "1. **Vóór de programmadag, ieder apart, ± 45 minuten.** Een.",
        "2. **Samen, ± 30 minuten.** Twee",
        "   verder.",
        "",
        "## Voorbeeld",
        "",
        "1. Niet.",
        "",
    ]
    assert typed_leads(written) == [2, 3] and typed_leads(body) == []


def test_minutes_per_person_count_only_what_happens_outside_contact_moments():
    steps = [
        m.WeekStep(who="ieder", minutes=45, when="voor"),
        m.WeekStep(who="samen", minutes=60, when="op"),  # inside the programme day
        m.WeekStep(who="belanghebbende", minutes=30, when="na"),
        m.WeekStep(who="intervisie", minutes=15),  # inside the intervisie
    ]
    assert weektime.assignment_minutes(steps) == 75
    assert weektime.duration(75) == "1 uur en 15 minuten" and weektime.duration(45) == "45 minuten"


def test_the_real_week_header_adds_steps_and_contact_moments(real_programme):
    prog = real_programme
    for number, page in prog.week_pages.items():
        time = weektime.week_time(prog, number)
        assert time.assignment == sum(s.minutes for s in page.meta.steps if weektime.counts(s))
        for contact in time.contacts:
            if contact.id.startswith("PD"):
                agenda = prog.days[contact.id].agenda
                start, end = (int(t[:2]) * 60 + int(t[3:]) for t in (agenda[0].start, agenda[-1].end))
                assert contact.minutes == end - start
            elif contact.id.startswith("C"):
                forms = prog.tools["coachgesprek-voorbereiding"].minutes + prog.tools["coachgesprek-verslag"].minutes
                assert contact.minutes == prog.guidance.session_minutes + forms
            else:
                assert contact.minutes == sum(s.minutes for s in prog.guidance.intervisie.steps)


def test_the_built_week_page_shows_the_time_and_the_leads(site):
    from bs4 import BeautifulSoup

    prog = load_programme(ROOT)[0]
    html = (site / "weken" / "week-01" / "index.html").read_text(encoding="utf-8")
    soup = BeautifulSoup(html, "html.parser")
    facts = soup.select_one(".ia-facts").get_text(" ", strip=True)
    time = weektime.week_time(prog, 1)
    assert f"Tijd deze week: Programmadag 1 ({weektime.duration(360)}), en daarnaast" in facts
    assert (
        f"± {weektime.duration(time.outside_days)} per persoon: opdracht {weektime.duration(time.assignment)}" in facts
    )
    assert time.total == time.outside_days + 360
    for lead in weektime.step_leads(prog, 1):
        assert lead.strip("*") in soup.get_text(" ")


def test_a_step_without_time_data_is_an_error(project):
    edit(project, WEEK, "steps:\n  - {who: samen, minutes: 30, when: na}\n", "")
    found = [p for p in problems_of(project) if p.field == "steps"]
    assert found and "ontbreekt" in found[0].message and found[0].path == WEEK


def test_more_steps_on_the_page_than_in_the_data(project):
    edit(project, WEEK, "1. Doen.", "1. Doen.\n2. Nog iets.")
    found = [p for p in problems_of(project) if p.field == "steps"]
    assert found and found[0].line == line_of(project, WEEK, "steps:"), found
    assert "2 genummerde stappen" in found[0].message and "noemt er 1" in found[0].message


def test_a_lead_typed_by_hand_names_its_line(project):
    edit(project, WEEK, "1. Doen.", "1. **Samen, ± 30 minuten.** Doen.")
    found = [p for p in problems_of(project) if "met de hand" in p.message]
    assert found and found[0].line == line_of(project, WEEK, "1. **Samen"), found


def test_too_much_time_warns_above_four_hours_and_fails_above_five(project):
    # The fixture's week 1: one step of 30 minutes and C1 (60 minutes; the fixture has no forms).
    edit(project, WEEK, "{who: samen, minutes: 30, when: na}", "{who: samen, minutes: 200, when: na}")
    warnings = [p for p in problems_of(project, "warning") if p.field == "steps"]
    assert warnings and "veel tijd: 4 uur en 20 minuten per persoon" in warnings[0].message, warnings
    edit(project, WEEK, "1. Doen.", "1. Doen.\n2. Nog meer doen.")
    edit(project, WEEK, "when: na}\n", "when: na}\n  - {who: ieder, minutes: 45, when: na}\n")
    errors = [p for p in problems_of(project) if p.field == "steps"]
    assert errors and "te veel tijd: 5 uur en 5 minuten" in errors[0].message, errors
    assert "niet meer zijn dan 5 uur" in errors[0].message


def test_programme_day_steps_say_when_and_other_weeks_do_not(project):
    edit(project, WEEK, "{who: samen, minutes: 30, when: na}", "{who: samen, minutes: 30}")
    found = [p for p in problems_of(project) if p.field == "steps[0].when"]
    assert found and "voor, op of na" in found[0].message
    assert found[0].line == line_of(project, WEEK, "{who: samen, minutes: 30}")


def test_short_on_time_and_criteria_are_checked(project):
    edit(project, WEEK, "short_on_time: {step: 1,", "short_on_time: {step: 3,")
    edit(project, WEEK, "  - Elk blok van het canvas is ingevuld.\n", "")
    edit(project, WEEK, "  - Beide deelnemers herkennen het doel.\n", "")
    fields = {p.field: p for p in problems_of(project)}
    assert "stap 3 bestaat niet" in fields["short_on_time.step"].message
    assert fields["criteria"].line == line_of(project, WEEK, "criteria:")
    assert "hier staan er 1" in fields["criteria"].message


def test_a_tool_takes_its_time_from_its_week(project):
    tool = "worksheets/canvas-a.yml"
    edit(project, tool, "when: Altijd.\n", "when: Altijd.\nminutes: 60\n")
    found = [p for p in problems_of(project) if p.path == tool and p.field == "minutes"]
    assert found and "week 1" in found[0].message and found[0].line == line_of(project, tool, "minutes:")
    other = "worksheets/rekenblad.yml"  # its week has no page: it keeps its own minutes
    edit(project, other, "minutes: 60\n", "")
    found = [p for p in problems_of(project) if p.path == other and p.field == "minutes"]
    assert found and "ontbreekt" in found[0].message


@pytest.fixture(scope="module")
def real_programme():
    prog, problems = load_programme(ROOT)
    assert prog is not None
    return prog


def test_the_week_page_coach_notes_and_coaching_sessions_share_the_criteria(mini):
    """'Een goed weekproduct…' has one source (the week's front matter): the duo's steps end with
    it, the coach notes repeat it per week, and each coaching session lists the criteria of every
    weekly product since the previous session."""
    from macros.render import pages as render

    criteria = mini.week_pages[1].meta.criteria
    extras = render.duo_extras(mini, 1)
    notes = render.coach_notes(mini, "begeleiding/notities.md")
    sessions = render.coaching_sessions(mini, "begeleiding/index.md")
    assert "**Weinig tijd?** Doe in elk geval stap 1. Dit is de kern van de week." in extras
    for text in (extras, notes, sessions):
        assert all(f"- {c}" in text for c in criteria), text
    assert "Loop de criteria na" in sessions and "Een ingevuld canvas" in sessions


def test_a_week_without_criteria_shows_no_empty_heading(mini):
    from dataclasses import replace

    from macros.render import pages as render

    page = mini.week_pages[1]
    bare = replace(page, meta=page.meta.model_copy(update={"criteria": [], "short_on_time": None}))
    prog = replace(mini, week_pages={**mini.week_pages, 1: bare})
    assert render.duo_extras(prog, 1) == "" and render.criteria_list(prog, 1) == ""


def test_a_week_without_short_on_time_or_criteria_fails(project):
    edit(project, WEEK, "short_on_time: {step: 1, text: Dit is de kern van de week.}\n", "")
    edit(project, WEEK, "criteria:\n", "")
    for line in ("  - Het doel staat in twee zinnen op het canvas.\n", "  - Beide deelnemers herkennen het doel.\n"):
        edit(project, WEEK, line, "")
    edit(project, WEEK, "  - Elk blok van het canvas is ingevuld.\n", "")
    fields = {p.field: p.message for p in problems_of(project)}
    assert "'Weinig tijd?' ontbreekt" in fields["short_on_time"]
    assert "hier staan er 0" in fields["criteria"]


DAYS = "docs/_data/programmadagen.yml"


def test_a_programme_day_refers_to_steps_of_its_week_that_fit(project):
    """The day and its week refer to each other: 'stap N van week W' in the agenda must be a step
    on (or after) the day, in the preparation a step before it; no step that does not exist, and
    no minutes typed a second time."""
    edit(project, DAYS, "item: Welkom}", "item: Welkom (stap 1 van week 1)}")
    assert not [p for p in problems_of(project) if p.path == DAYS], "step 1 is 'na': fine in the agenda"
    edit(project, DAYS, "preparation: [Lees week 1]", "preparation: [Lees week 1 (stap 1 van week 1)]")
    found = [p for p in problems_of(project) if p.path == DAYS]
    assert [p.field for p in found] == ["days.0.preparation.0"], found
    assert "stap 1 staat in week 1 als 'na'" in found[0].message and found[0].line == line_of(project, DAYS, "Lees")
    edit(project, DAYS, "[Lees week 1 (stap 1 van week 1)]", '["Lees week 1 (stap 3 van week 1, ± 20 minuten)"]')
    messages = [p.message for p in problems_of(project) if p.path == DAYS]
    assert any("week 1 heeft 1 stappen" in m for m in messages), messages
    assert any("haal '± … minuten' hier weg" in m for m in messages), messages


def test_the_real_programme_days_point_at_real_steps(real_programme):
    from macros.checks.weektime import STEP_REFERENCE

    found = [
        m.group(0)
        for day in real_programme.days.values()
        for text in [a.item for a in day.agenda] + list(day.preparation)
        for m in STEP_REFERENCE.finditer(text)
    ]
    assert len(found) >= 10, found  # PD1, PD2 and PD3 name the steps of weeks 1, 7 and 13
