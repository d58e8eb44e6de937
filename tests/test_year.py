"""The whole year read as one (issue 19, "Completeness"): the plan is complete and required to be,
every week has its page and links to the next, every tool exists and is used by a week, every
weekly product has a week that asks for it, and De Klusbus's timeline has an event in every week."""

from __future__ import annotations

import re

import pytest

from conftest import ROOT
from macros.checks.programme import load_programme
from macros.model.schema import PROGRAMME_WEEKS


@pytest.fixture(scope="module")
def prog():
    programme, problems = load_programme(ROOT)
    assert programme is not None, problems
    assert not [p for p in problems if p.severity == "error"], problems
    return programme


def test_the_year_is_required_to_be_complete_and_is(prog):
    assert prog.plan.require_complete, "docs/_data/programma.yml: require_complete must be true for the full year"
    assert [w.week for w in prog.weeks] == list(range(1, PROGRAMME_WEEKS + 1))
    assert sorted(prog.week_pages) == list(range(1, PROGRAMME_WEEKS + 1))
    assert not prog.plan.planned_tools, f"tools still planned: {sorted(prog.plan.planned_tools)}"


def test_every_tool_exists_and_is_used_by_a_week(prog):
    named = {t for w in prog.weeks for t in w.tools}
    assert named <= set(prog.tools), sorted(named - set(prog.tools))
    from macros.model.weektime import FORMS  # the two forms of every coaching session

    unused = sorted(t for t in prog.tools if not prog.weeks_of_tool(t) and t not in FORMS)
    assert not unused, f"tools no week uses: {unused}"


def test_every_week_names_its_product(prog):
    assert all(w.product.strip() for w in prog.weeks)


def test_de_klusbus_has_an_event_in_every_week(prog):
    weeks = {event.week for event in prog.example.timeline}
    missing = sorted(set(range(1, PROGRAMME_WEEKS + 1)) - weeks)
    assert not missing, f"weeks without a De Klusbus event: {missing}"


def test_every_week_page_links_to_the_next(prog, site):
    for number in range(1, PROGRAMME_WEEKS):
        page = prog.week_pages[number].page.src_uri[: -len(".md")]
        following = prog.week_pages[number + 1].page.src_uri[: -len(".md")].rsplit("/", 1)[1]
        text = (site / page / "index.html").read_text(encoding="utf-8")
        pager = re.search(r'<nav [^>]*class="ia-pager"[^>]*>(.*?)</nav>', text, re.S)
        assert pager, f"week {number} has no pager"
        assert f'Volgende: <a href="../{following}/">' in pager.group(1), f"week {number}"


# --- every page that gathers the year covers all 40 weeks -------------------------------------------

ALL_WEEKS = set(range(1, PROGRAMME_WEEKS + 1))


def article(site, page: str):
    from bs4 import BeautifulSoup

    found = BeautifulSoup((site / page / "index.html").read_text(encoding="utf-8"), "lxml").select_one("article")
    assert found is not None, page
    return found


def linked_weeks(node) -> set[int]:
    return {int(m.group(1)) for a in node.select("a[href]") if (m := re.search(r"weken/week-(\d+)/", a["href"]))}


def headed_weeks(node) -> set[int]:
    return {int(m.group(1)) for h in node.select("h2[id], h3[id]") if (m := re.match(r"week-(\d+)-", h["id"]))}


def test_the_year_overview_links_every_week(site):
    assert linked_weeks(article(site, "programma")) == ALL_WEEKS


@pytest.mark.parametrize("page", ["programma/kernpunten", "begeleiding/notities"])
def test_key_points_and_coach_notes_have_a_section_for_every_week(site, page):
    assert headed_weeks(article(site, page)) == ALL_WEEKS, page


def test_each_module_page_and_handout_links_its_own_weeks_and_together_all(prog, site):
    seen: set[int] = set()
    for module in prog.modules:
        own = {w.week for w in module.weeks}
        folder = f"modules/{module.number}-{module.slug}"
        assert linked_weeks(article(site, folder)) == own, folder
        assert linked_weeks(article(site, f"{folder}-opdrachten")) == own, f"{folder}-opdrachten"
        seen |= own
    assert seen == ALL_WEEKS


def test_the_downloads_page_offers_every_tool_of_the_year(prog, site):
    page = article(site, "downloads")
    for tool in sorted({t for w in prog.weeks for t in w.tools}):
        hrefs = {a["href"] for a in page.select(f"a[href^='tools/{tool}']")}
        assert f"tools/{tool}-a3.pdf" in hrefs and f"tools/{tool}.docx" in hrefs, tool
        assert (site / "downloads" / "tools" / f"{tool}-a3.pdf").is_file(), tool


def test_the_print_book_has_every_week_in_order(site):
    weeks = [
        int(m.group(1))
        for h in article(site, "programma/afdrukken").select("h3.ia-print-week[id]")
        if (m := re.search(r"(\d+)", h["id"]))
    ]
    assert weeks == sorted(ALL_WEEKS)
