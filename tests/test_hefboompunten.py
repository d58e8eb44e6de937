"""The leverage points and agenda plan of week 37 (worksheets/hefboompunten.yml, issue 19): one scored
table with five of Meadows' twelve places to intervene (the site's own choice), each with the duo's
influence scored 1 to 3, then a lobby and agenda plan.

- the content: the five places in Meadows' order from least to most effect (her numbers 12, 6, 5, 3
  and 2 in the labels), three distinct descriptions per place, one stored score column on a 1-3 scale;
- the worked example tells week 37 of spec 19: the goal in the prevention policy is where it matters
  most, the information De Klusbus holds is where it has most influence, and the choice says both;
  the plan is open about its own interest and speaks to more than one party;
- earlier work comes back (week 2's problem tree and iceberg, week 32's story line), the week opens
  the tool by its title, the tool is no longer planned, and the timeline has the week's event with
  the council member the page names.
"""

from __future__ import annotations

import re

from conftest import ROOT, real_programme
from macros.model import schema as m

PLACES = ["getallen", "informatie", "regels", "doelen", "denkbeelden"]


def tool() -> m.Tool:
    return real_programme().tools["hefboompunten"]


def block(block_id: str) -> m.Block:
    return next(b for b in tool().canvas.blocks if b.id == block_id)


def test_the_five_places_follow_meadows_from_least_to_most_effect():
    places = block("plekken")
    assert places.items is not None and places.scores is not None
    assert [item.id for item in places.items] == PLACES
    numbers = [int(re.search(r"nummer (\d+) bij Meadows", item.label).group(1)) for item in places.items]
    assert numbers == [12, 6, 5, 3, 2]  # her list runs from 12 (least effect) to 1 (most)
    assert places.scores.columns == ["Onze invloed"] and (places.scores.min, places.scores.max) == (1, 3)
    for item in places.items:
        assert len(set(item.levels)) == 3, item.id


def test_the_example_scores_every_place_and_its_choice_weighs_effect_against_influence():
    rows = tool().example.values["plekken"]
    assert len(rows) == len(PLACES)
    score = {place: int(row[2]) for place, row in zip(PLACES, rows, strict=True)}
    assert all(1 <= s <= 3 for s in score.values()), score
    # The goal (number 3) matters most of the two, the information (number 6) is theirs to change.
    assert score["informatie"] > score["doelen"]
    choice = tool().example.values["keuze"]
    assert "Doelen (nummer 3)" in choice and "informatie (nummer 6)" in choice


def test_the_plan_is_open_about_its_own_interest_and_takes_no_side():
    open_block = " ".join(tool().example.values["open"])
    assert "subsidie" in open_block and "drie fracties" in open_block
    assert "coalitie en de oppositie" in open_block
    assert any("fracties" in tip for tip in tool().tips)


def test_earlier_work_comes_back_from_week_2_and_week_32():
    sources = {(p.tool, p.block) for b in tool().canvas.blocks for p in (b.prefill or [])}
    assert sources == {
        ("probleemboom", "kernprobleem"),
        ("probleemboom", "structuren"),
        ("probleemboom", "mentale-modellen"),
        ("verhaallijn", "verhaal"),
        ("verhaallijn", "cijfers"),
    }


def test_week_37_opens_the_tool_by_its_title_and_the_tool_is_no_longer_planned():
    text = (ROOT / "docs/weken/week-37.md").read_text(encoding="utf-8")
    assert f"[{tool().title}](../tools/hefboompunten.md)" in text
    assert "hefboompunten" not in real_programme().plan.planned_tools


def test_the_timeline_has_the_week_37_event_with_the_council_member_of_the_page():
    events = [e for e in real_programme().example.timeline if e.week == 37]
    assert [e.id for e in events] == ["agendaplan"]
    assert "Ellen Visser" in events[0].who and "voorjaarsnota" in events[0].text
    page = (ROOT / "docs/weken/week-37.md").read_text(encoding="utf-8")
    assert "raadslid Ellen Visser (fictief)" in page
