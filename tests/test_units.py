"""Unit tests of the pure parts of macros/: numbers, dates, paths, renderers, language, CLI."""

from __future__ import annotations

import datetime as dt
import json
import shutil
from pathlib import Path

import pytest

from macros import calendar_dates, language, models, paths, render
from macros.cli import main as cli_main, schema_documents
from macros.content import load_programme, split_front_matter
from macros.numbers import expand_figures, format_value
from macros.yamlpos import load_yaml

ROOT = Path(__file__).resolve().parent.parent
FIXTURE = Path(__file__).parent / "fixtures" / "mini"


@pytest.fixture(scope="module")
def mini():
    programme, problems = load_programme(FIXTURE)
    assert programme is not None, problems
    return programme


@pytest.mark.parametrize("value, unit, expected", [
    (62000, "personen", "62.000"), (2.2, "", "2,2"), (185000, "euro", "€ 185.000"),
    (12.5, "euro", "€ 12,50"), (12.5, "procent", "12,5%"), (2019, "jaar", "2019"), ("veel", "", "veel"),
])
def test_format_value_dutch_style(value, unit, expected):
    assert format_value(value, unit) == expected


def test_expand_figures(mini):
    text, unknown = expand_figures("{{ klusbus('begroting') }} en {{klusbus(\"vrijwilligers\")}} {{ klusbus('x') }}",
                                   mini.example.figures)
    assert text.startswith("€ 185.000 en 14 ")
    assert unknown == ["x"]


def test_week_monday_skips_break_weeks():
    cohort = models.Cohort(id="c", name="C", start=dt.date(2027, 9, 6),
                           breaks=[dt.date(2027, 9, 13), dt.date(2027, 9, 27)])
    assert calendar_dates.week_monday(cohort, 1) == dt.date(2027, 9, 6)
    assert calendar_dates.week_monday(cohort, 2) == dt.date(2027, 9, 20)
    assert calendar_dates.week_monday(cohort, 3) == dt.date(2027, 10, 4)


def test_dutch_date():
    assert calendar_dates.dutch_date(dt.date(2021, 7, 1)) == "1 juli 2021"
    assert calendar_dates.dutch_date(dt.date(2027, 9, 9), weekday=True) == "donderdag 9 september 2027"


@pytest.mark.parametrize("src, dst, expected", [
    ("programma/index.md", "modules/1-x.md", "../modules/1-x.md"),
    ("index.md", "tools/a.md", "tools/a.md"),
    ("weken/week-01.md", "over/bronnen.md#bron-a", "../over/bronnen.md#bron-a"),
])
def test_relative_links(src, dst, expected):
    assert paths.relative(src, dst) == expected


def test_front_matter_split_keeps_body_line():
    fm, body, line = split_front_matter("---\nweek: 1\nowner: x\n---\n\n## Kop\n")
    assert fm == "week: 1\nowner: x\n" and body.startswith("\n## Kop") and line == 5


def test_yaml_positions():
    located, problems = load_yaml("a: 1\nb:\n  - x: 2\n    y: 3\n", "f.yml", offset=1)
    assert problems == []
    assert located.line_of(("b", 0, "y")) == 5
    assert located.line_of(("b", 0, "missing")) == 4  # falls back to the item


def test_contact_labels():
    assert render.contact_label("PD1") == "Programmadag 1"
    assert render.contact_label("C12") == "Coachgesprek 12"
    assert render.contact_label("IV3") == "Intervisie 3"


def test_citations_become_links_and_are_collected(mini):
    text, keys = render.replace_citations(
        mini, "Zie [@weiss1995] en [@anderson2005, p. 3] en weer [@weiss1995].", "weken/week-01.md")
    assert keys == ["weiss1995", "anderson2005"]
    assert "([Weiss, 1995](../over/bronnen.md#bron-weiss1995))" in text
    assert "([Anderson, 2005, p. 3](../over/bronnen.md#bron-anderson2005))" in text


@pytest.mark.parametrize("authors, short", [
    ("Weiss, C. H.", "Weiss"), ("Puttick, R. & Ludlow, J.", "Puttick & Ludlow"),
    ("Mitchell, R. K., Agle, B. R. & Wood, D. J.", "Mitchell e.a."), ("PHINEO", "PHINEO"),
])
def test_short_authors(authors, short):
    assert render._short_authors(authors) == short


def test_year_overview_links_existing_weeks_only(mini):
    text = render.year_overview(mini, "programma/index.md")
    assert "[Begin](../weken/week-01.md)" in text
    assert "Verder *(gepland)*" in text
    assert "Geplande tool B *(gepland)*" in text
    assert "Programmadag 1, Coachgesprek 1" in text


def test_week_header_comes_from_plan_and_front_matter(mini):
    text = render.week_header(mini, 1, "weken/week-01.md")
    assert text.startswith("# Week 1: Begin")
    assert "[Canvas A](../tools/canvas-a.md)" in text
    assert "Een ingevuld canvas" in text and "Concept" in text and "27 november 2026" in text


def test_tool_page_has_every_block_and_example(mini):
    text = render.tool_page(mini, mini.tools["canvas-a"])
    for block in mini.tools["canvas-a"].canvas.blocks:
        assert block.label in text and block.question in text
    assert "We hebben 14 vrijwilligers." in text
    assert "- een\n- twee" in text


def test_tool_index_carries_filter_data(mini):
    text = render.tool_index(mini, "tools/index.md")
    assert 'data-module="1"' in text and 'data-minutes="60"' in text and 'data-who="duo"' in text


def test_programme_days_show_cohort_dates(mini):
    text = render.programme_days(mini, "programmadagen/index.md")
    assert "| Programmadag 1: Kick-off | 1 |" in text
    assert "donderdag 9 september 2027" in text and "10:00–16:00 uur" in text


def test_navigation_appends_generated_pages(mini):
    from macros.site_files import navigation

    nav = navigation(mini, [{"Tools": ["tools/index.md"]}, {"Weken": ["weken/index.md"]}, "index.md"])
    assert nav[0] == {"Tools": ["tools/index.md", {"Canvas A": "tools/canvas-a.md"}]}
    assert nav[1] == {"Weken": ["weken/index.md", {"Module 1: Eerste module": [{"Week 1: Begin": "weken/week-01.md"}]}]}
    assert nav[2] == "index.md"


def test_feedback_url_prefills_the_issue_form():
    from macros.site import feedback_url

    url = feedback_url("https://github.com/o/r", "https://o.github.io/r/", "weken/week-01/", "weken/week-01.md")
    assert url.startswith("https://github.com/o/r/issues/new?template=fout-melden.yml")
    assert "pagina=https%3A%2F%2Fo.github.io%2Fr%2Fweken%2Fweek-01%2F" in url


def test_prose_units_skip_code_tables_and_macros():
    body = "Een zin hier.\n\n| a | b |\n|---|---|\n\n```\ncode hier\n```\n\n- Punt een\n- Punt {{ x() }} twee\n"
    units = language.prose_units(body, 10)
    assert [u.line for u in units] == [10, 19, 20]
    assert units[2].text == "Punt 12 twee."


def test_readability_of_simple_text():
    score = language.readability([language.Unit(1, "Jullie maken een kaart. Je leest de tekst. Wij helpen jullie.")])
    assert score.sentences == 3 and score.words_per_sentence == 3.7 and score.flesch_douma > 60


def test_json_schemas_are_up_to_date():
    for name, document in schema_documents().items():
        on_disk = json.loads((ROOT / "macros" / "schemas" / name).read_text(encoding="utf-8"))
        assert on_disk == document, f"run `python -m macros schema`: {name} is out of date"


def test_codeowners_is_up_to_date():
    programme, _ = load_programme(ROOT)
    assert programme is not None
    expected = render.codeowners(programme)
    assert (ROOT / ".github" / "CODEOWNERS").read_text(encoding="utf-8") == expected, \
        "run `python -m macros codeowners`"


def test_new_week_and_new_tool_scaffolds(tmp_path, capsys):
    project = tmp_path / "p"
    shutil.copytree(FIXTURE, project)
    assert cli_main(["--root", str(project), "new-week", "2", "--owner", "redactie"]) == 0
    page = (project / "docs" / "weken" / "week-02.md").read_text(encoding="utf-8")
    assert page.startswith("---\nweek: 2\nowner: redactie\nphase: concept\n")
    for section in ("## Waarom deze week", "## Kernpunten", "## Voor begeleiders"):
        assert section in page
    assert cli_main(["--root", str(project), "new-week", "2"]) == 1      # exists already
    assert cli_main(["--root", str(project), "new-week", "9"]) == 1      # not in the plan
    assert cli_main(["--root", str(project), "new-tool", "nieuw"]) == 0
    assert (project / "worksheets" / "nieuw.yml").read_text(encoding="utf-8").startswith("# yaml-language-server")
    assert cli_main(["--root", str(project), "new-tool", "nieuw"]) == 1
