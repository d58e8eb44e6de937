"""The unit tests of the browser store (overrides/assets/javascripts/ia-store.js and its pure
part), run without a browser: `node --test tests/js/` with the pinned Node 22 of
tests/node_tools.py (installed into .cache/node/ on first use). They load the scripts the way the
site does, with an in-memory localStorage and a minimal window/document (tests/js/harness.js).

This test never skips: without npm it fails and says how to install it.
"""

from __future__ import annotations

import re
import subprocess

import pytest

import node_tools
from conftest import ROOT

JS_TESTS = ROOT / "tests" / "js"


@pytest.mark.xdist_group("npm_tools")  # may install Node (tests/test_lint_js.py says why)
def test_store_unit_tests_pass_in_node():
    try:
        node = node_tools.node_command()
    except node_tools.ToolMissing as error:
        pytest.fail(f"Node for the store tests is missing: {error}", pytrace=False)
    files = sorted(str(p) for p in JS_TESTS.glob("*.test.js"))
    assert files, f"no *.test.js in {JS_TESTS}"
    result = subprocess.run(
        [*node, "--test", "--test-reporter=spec", *files], cwd=ROOT, capture_output=True, text=True, timeout=300
    )
    output = result.stdout + result.stderr
    assert result.returncode == 0, f"node --test failed:\n{output}"
    assert "# fail 0" in output or "ℹ fail 0" in output, output


# --- step ids: the keys of the "klaar" ticks of duo steps (rendered by Python) --------------------

WEEK = """---
week: 1
---
# Week 1

## Aan de slag als duo

1. **Samen, ± 30 minuten.** Lees de tekst. Schrijf op wat
   jullie opvalt.
2. **Ieder apart, ± 15 minuten.** Kies een [tool](../tools/x.md).
3. **Samen, ± 30 minuten.** Lees de tekst. Schrijf op wat
   jullie opvalt.

## Voorbeeld

1. Geen stap.
"""


def test_step_ids_are_stable_when_a_step_is_inserted():
    from macros.render.browser_data import duo_step_ids

    ids = duo_step_ids(WEEK)
    assert len(ids) == 3 and len(set(ids)) == 3, ids
    assert all(re.fullmatch(r"s-[0-9a-f]{8}(-[1-9][0-9]?)?", i) for i in ids), ids
    inserted = WEEK.replace(
        "1. **Samen, ± 30 minuten.** Lees",
        "1. **Samen, ± 5 minuten.** Een nieuwe eerste stap.\n2. **Samen, ± 30 minuten.** Lees",
        1,
    )
    inserted = inserted.replace("2. **Ieder apart", "3. **Ieder apart").replace(
        "3. **Samen, ± 30 minuten.** Lees de tekst. Schrijf op wat\n   jullie opvalt.\n\n##",
        "4. **Samen, ± 30 minuten.** Lees de tekst. Schrijf op wat\n   jullie opvalt.\n\n##",
    )
    after = duo_step_ids(inserted)
    assert len(after) == 4 and after[1:] == ids, (ids, after)
    # re-wrapping a line or renumbering does not change an id
    rewrapped = WEEK.replace("Schrijf op wat\n   jullie opvalt.", "Schrijf op wat jullie opvalt.", 1)
    assert duo_step_ids(rewrapped) == ids


def test_a_step_keeps_its_id_when_its_time_changes():
    """The lead the page writes from the time data (issue 15) is not part of a step's id: other
    minutes, another who or a programme-day mark keep the duo's tick on the step."""
    from macros.render.browser_data import step_id

    plain = step_id("Lees de Kennis van deze week.")
    assert plain == step_id("**Samen, ± 30 minuten.** Lees de Kennis van deze week.")
    assert plain == step_id("**Vóór de programmadag, ieder apart, ± 45 minuten.** Lees de Kennis van deze week.")
    assert plain != step_id("Lees de Kennis van week 2.")
    assert step_id("**Let op.** Lees.") != step_id("Lees."), "only a time lead is left out"


def test_ticks_from_before_issue_15_have_a_way_to_their_step():
    """Every step id of weeks 1-12 changed once when the lead left the id: STEP_ALIASES maps each
    old id to the new one, the week panel and the programme data carry the aliases of their steps."""
    from bs4 import BeautifulSoup

    from macros.checks.programme import load_programme
    from macros.render.browser_data import programme_data
    from macros.render.step_aliases import STEP_ALIASES
    from macros.render.webforms import week_markup

    assert len(STEP_ALIASES) == 87 and not set(STEP_ALIASES) & set(STEP_ALIASES.values())
    programme, _ = load_programme(ROOT)
    data = programme_data(programme)
    carried = 0
    for week in data["weeks"]:
        if week["url"] is None:
            continue
        assert set(week["step_aliases"].values()) <= set(week["step_ids"]), week["number"]
        carried += len(week["step_aliases"])
        page = programme.week_pages[week["number"]].page
        marked = week_markup(page.body, week["number"], week["product"])
        panel = BeautifulSoup(marked, "lxml").select_one(".ia-week-panel")
        pairs = dict(p.split(":") for p in panel.get("data-ia-step-aliases", "").split())
        assert pairs == week["step_aliases"], week["number"]
    assert carried >= 60, "most steps of weeks 1-12 keep their old tick (a rewritten step starts anew)"


def test_week_panel_and_programme_data_carry_the_same_step_ids():
    from bs4 import BeautifulSoup

    from macros.checks.programme import load_programme
    from macros.render.browser_data import programme_data
    from macros.render.webforms import week_markup

    programme, _ = load_programme(ROOT)
    data = programme_data(programme)
    for week in data["weeks"]:
        if week["url"] is None:
            continue
        assert len(week["step_ids"]) == week["steps"], week["number"]
        page = programme.week_pages[week["number"]].page
        marked = week_markup(page.body, week["number"], week["product"])
        panel = BeautifulSoup(marked, "lxml").select_one(".ia-week-panel")
        assert panel["data-ia-step-ids"].split() == week["step_ids"], week["number"]


def test_every_field_has_a_place_for_earlier_answers():
    from macros.model import schema as m
    from macros.render.webforms import field

    for kind in ("text", "list", "number", "table"):
        block = m.Block(
            id="blok",
            label="Blok",
            question="Vraag?",
            kind=kind,
            columns=["A", "B"] if kind == "table" else None,
            position=m.Position(col=1, row=1, width=1, height=1),
        )
        html = field("ia-ws-x", block)
        assert '<div class="ia-earlier" data-ia-earlier hidden></div>' in html, kind
