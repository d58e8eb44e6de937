"""The nameting of week 40 (worksheets/pitch-en-nameting.yml, issue 19): the week-1 scan repeated with
`remeasure:`, the pitch, the look back on the leerplan and the agreements for after the year.

- the scan comes back whole: every theme of the nulmeting, in rows 1-4, with the tool's own blocks
  in the free rows 5-8;
- the worked example fits the scale and the year: both members score every item with a reason, the
  rounded mean of "Score samen" per theme is the joint score week 40 quotes (nameting-* in
  docs/_data/klusbus.yml), and not everything goes up (the storyline of week 40);
- the look back on the leerplan takes over the leerplan of week 1;
- week 40's steps meet programme day 7: every "stap N van week 40" in its agenda is a step on the
  day, every one in its preparation a step before it.
"""

from __future__ import annotations

import re
from decimal import ROUND_HALF_UP, Decimal

import yaml

from conftest import ROOT, real_programme
from macros.model import remeasure
from macros.model import schema as m

THEMES = ("impactvisie", "samenwerken", "verdienmodel", "bedrijfsvoering", "zichtbaar", "vergroten")
SAMIRA, KEES, SAMEN = 0, 2, 4  # the columns of the worked example (deelnemer 1 is Samira, as in week 1)


def nameting() -> m.Tool:
    return real_programme().tools["pitch-en-nameting"]


def scores(tool: m.Tool, block_id: str, column: int) -> list[int]:
    rows = tool.example.values[block_id]
    assert isinstance(rows, list)
    return [int(str(row[column])) for row in rows if isinstance(row, list)]


def rounded_mean(values: list[int]) -> int:
    return int((Decimal(sum(values)) / len(values)).quantize(Decimal(1), rounding=ROUND_HALF_UP))


def comparison() -> remeasure.Comparison:
    tool = nameting()
    before = real_programme().tools["nulmeting"].example.values
    return remeasure.compare(tool, before, tool.example.values, remeasure.weeks(real_programme(), tool))


def test_the_nameting_repeats_every_theme_of_the_nulmeting_below_its_own_blocks():
    tool, base = nameting(), real_programme().tools["nulmeting"]
    assert tool.remeasure is not None and tool.remeasure.tool == "nulmeting"
    scan = [b for b in tool.canvas.blocks if b.id in THEMES]
    assert [b.id for b in scan] == list(THEMES)
    assert scan == [b for b in base.canvas.blocks if b.id in THEMES]  # one definition for both weeks
    own = [b for b in tool.canvas.blocks if b.id not in THEMES]
    assert [b.id for b in own] == ["pitch", "veranderd", "leerplan-terug", "afspraken"]
    for block in own:
        assert block.position.row >= 5 and block.position.row + block.position.height - 1 <= 8, block.id
    assert remeasure.weeks(real_programme(), tool) == (1, 40)


def test_both_members_score_every_item_with_a_reason():
    tool = nameting()
    for block_id in THEMES:
        block = next(b for b in tool.canvas.blocks if b.id == block_id)
        rows = tool.example.values[block_id]
        assert isinstance(rows, list) and block.items is not None
        assert len(rows) == len(block.items), block_id
        for row in rows:
            for column in (SAMIRA, KEES, SAMEN):
                assert str(row[column]) in {"1", "2", "3", "4"}, (block_id, row)
            assert str(row[1]).strip() and str(row[3]).strip(), f"{block_id}: a reason is missing"


def test_the_joint_scores_of_week_40_are_the_rounded_mean_of_score_samen():
    figures = real_programme().example.figures
    for block_id in THEMES:
        expected = figures[f"nameting-{block_id}"].value
        assert rounded_mean(scores(nameting(), block_id, SAMEN)) == expected, block_id


def test_the_example_grows_where_the_year_worked_and_not_everywhere():
    themes = {t.block: {s.who: s for s in t.scores} for t in comparison().themes}
    joint = {block: by["Samen"].change for block, by in themes.items()}
    # week 40 says: making impact visible and growing impact grew the most
    top = max(joint.values())
    assert {b for b, change in joint.items() if change == top} == {"zichtbaar", "vergroten"}
    # Samira's mean for samenwerken stays where it was (she looks more strictly now) ...
    assert themes["samenwerken"]["Deelnemer 1"].change == 0.0
    # ... the rounded joint score for samenwerken is still the week-1 score ...
    figures = real_programme().example.figures
    assert figures["nameting-samenwerken"].value == figures["nulmeting-samenwerken"].value
    # ... and the sources of money still score 2: the municipality still pays more than half
    before = real_programme().tools["nulmeting"]
    assert scores(nameting(), "verdienmodel", SAMEN)[0] == scores(before, "verdienmodel", SAMEN)[0] == 2


def test_the_look_back_takes_over_the_leerplan_of_week_1():
    block = next(b for b in nameting().canvas.blocks if b.id == "leerplan-terug")
    assert block.kind == "list"
    assert [(p.tool, p.block) for p in block.prefill or []] == [("nulmeting", "leerplan")]
    goals = nameting().example.values["leerplan-terug"]
    assert isinstance(goals, list) and len(goals) == len(real_programme().tools["nulmeting"].example.values["leerplan"])


def test_week_40_steps_meet_the_agenda_and_preparation_of_programme_day_7():
    page = (ROOT / "docs/weken/week-40.md").read_text(encoding="utf-8")
    front = yaml.safe_load(page.split("---", 2)[1])
    when = {i: step["when"] for i, step in enumerate(front["steps"], start=1)}
    days = yaml.safe_load((ROOT / "docs/_data/programmadagen.yml").read_text(encoding="utf-8"))["days"]
    pd7 = next(d for d in days if d["id"] == "PD7")

    def steps(text: str) -> list[int]:
        return [int(n) for n in re.findall(r"stap (\d+) van week 40", text)]

    on_the_day = [n for item in pd7["agenda"] if "Na de dag" not in item["item"] for n in steps(item["item"])]
    after = [n for item in pd7["agenda"] if "Na de dag" in item["item"] for n in steps(item["item"])]
    before = [n for line in pd7["preparation"] for n in steps(line)]
    assert on_the_day and before and after
    assert {when[n] for n in on_the_day} == {"op"}
    assert {when[n] for n in before} == {"voor"}
    assert {when[n] for n in after} == {"na"}
    assert sorted(on_the_day + before + after) == sorted(when)  # every step is named once
