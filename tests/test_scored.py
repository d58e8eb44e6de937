"""A scored table as a reader sees it (macros/model/scored.py): the item first and the difference
column computed like the browser form (ia-calc.js scoreDifference), in the worked example on the
tool page and in the example PDF."""

from __future__ import annotations

from macros.model import schema as m
from macros.model.scored import difference, score_of, shown_scored


def radar() -> m.Block:
    return m.Block.model_validate(
        {
            "id": "radar",
            "label": "Radar",
            "question": "Waar staan we?",
            "kind": "table",
            "position": {"row": 1, "col": 1, "width": 4, "height": 2},
            "columns": ["Samen", "Reden", "Nodig"],
            "scores": {
                "columns": ["Samen", "Nodig"],
                "min": 1,
                "max": 4,
                "difference": {"label": "Gat", "between": ["Samen", "Nodig"]},
            },
            "items": [
                {"id": "a", "label": "Mensen", "levels": ["een", "twee", "drie", "vier"]},
                {"id": "b", "label": "Geld", "levels": ["een", "twee", "drie", "vier"]},
                {"id": "c", "label": "Partners", "levels": ["een", "twee", "drie", "vier"]},
            ],
        }
    )


def test_the_difference_is_how_far_two_scores_lie_apart_whatever_their_order():
    block = radar()
    assert difference(["1", "x", "3"], block) == "2"
    assert difference(["4", "x", "2"], block) == "2"
    assert difference(["3", "", "3"], block) == "0"


def test_no_difference_without_two_whole_scores_on_the_scale():
    block = radar()
    assert [difference(row, block) for row in (["", "", "3"], ["5", "", "3"], ["2,5", "", "3"], ["2"])] == [""] * 4
    assert score_of(" 3 ", block.scores) == 3 and score_of("0", block.scores) is None


def test_the_table_names_each_item_first_and_ends_with_the_difference():
    heads, rows = shown_scored(radar(), [["1", "Alleen Samira plant", "3"], ["2", "Subsidie", "4"]])
    assert heads == ["Onderdeel", "Samen", "Reden", "Nodig", "Gat"]
    assert rows == [["Mensen", "1", "Alleen Samira plant", "3", "2"], ["Geld", "2", "Subsidie", "4", "2"]]


def test_a_table_without_a_difference_keeps_its_columns():
    block = radar().model_copy(update={"scores": m.Scores(columns=["Samen", "Nodig"])})
    heads, rows = shown_scored(block, [["1", "r", "3"]])
    assert heads == ["Onderdeel", "Samen", "Reden", "Nodig"] and rows == [["Mensen", "1", "r", "3"]]
