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
