"""Search with the whole year in the index (issue 21): what the index leaves out, and that Dutch
queries still find the page a participant or coach expects, in Material's own search in Chromium.

The index leaves out what repeats elsewhere or what no one searches for (macros/render/pages.py
SEARCH_EXCLUDE): a tool's online form (it repeats the canvas's labels and questions), its worked
example, its source list and download buttons, a week's reading list and its De Klusbus story. The
coach notes of every week stay findable.
"""

from __future__ import annotations

import json

import pytest

pytestmark = [pytest.mark.browser]


@pytest.fixture(scope="module")
def index(site) -> dict:
    return json.loads((site / "search" / "search_index.json").read_text("utf-8"))


def sections(index: dict, title: str) -> list[dict]:
    return [doc for doc in index["docs"] if doc["title"] == title]


def test_the_index_leaves_out_repeated_and_example_sections(index):
    titles = {doc["title"] for doc in index["docs"]}
    for left_out in ("Het werkblad online invullen", "Verder lezen", "Downloads", "Voorbeeld"):
        within = [doc for doc in sections(index, left_out) if "#" in doc["location"]]  # a page's section
        assert not within, f"{left_out}: {[doc['location'] for doc in within][:3]}"
    assert not [t for t in titles if t.startswith("Uitgewerkt voorbeeld")]
    assert not [doc for doc in index["docs"] if doc["location"].startswith("tools/") and doc["title"] == "Bronnen"]


def test_coach_notes_and_the_sources_page_stay_in_the_index(index):
    notes = [doc for doc in sections(index, "Voor begeleiders") if doc["location"].startswith("weken/")]
    assert len({doc["location"].split("#")[0] for doc in notes}) == 40
    assert all(doc["text"].startswith("Notities voor begeleiders") and len(doc["text"]) > 200 for doc in notes)
    assert any(doc["location"].startswith("over/bronnen/") and "Meadows" in doc["text"] for doc in index["docs"])


# query → a page that must be among the first three results (measured before the index was trimmed:
# the same pages came first)
QUERIES = {
    "probleemboom": "tools/probleemboom/",
    "verandertheorie": "weken/week-03/",
    "stakeholderkaart": "tools/stakeholderkaart/",
    "kostprijs": "tools/kostprijsmodel/",
    "liquiditeitsbegroting": "tools/liquiditeitsbegroting/",
    "fondsenwerving": "weken/week-17/",
    "rechtsvorm": "weken/week-22/",
    "vrijwilligers": "weken/week-26/",
    "opschalen": "weken/week-34/",
    "hefboompunten": "weken/week-37/",
    "intervisie": "begeleiding/",
    "toestemming": "weken/week-33/",
    "groeistrategieën": "tools/groeistrategieen/",
}


def top_three(page, server: str, query: str) -> list[str]:
    page.goto(f"{server}/over/", wait_until="networkidle")
    page.keyboard.press("/")
    page.keyboard.type(query)
    page.wait_for_selector(".md-search-result__item", timeout=20_000)
    page.wait_for_timeout(300)  # the list settles after the last keystroke
    hrefs = page.eval_on_selector_all(
        ".md-search-result__item > a", "els => els.slice(0, 3).map(e => new URL(e.href).pathname)"
    )
    return [h.lstrip("/") for h in hrefs]


def test_dutch_queries_find_the_expected_page_in_the_top_three(browser, server):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    missed = {}
    for query, expected in QUERIES.items():
        found = top_three(page, server, query)
        if expected not in found:
            missed[query] = found
    context.close()
    assert not missed, f"expected page not in the top three: {missed}"
