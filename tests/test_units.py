"""Unit tests of the pure parts of macros/: numbers, dates, paths, renderers, language, CLI."""

from __future__ import annotations

import datetime as dt
import json
import re
import shutil
from pathlib import Path

import pytest

from macros.checks import language
from macros.checks.programme import load_programme
from macros.load.programme import split_front_matter
from macros.load.yamlpos import load_yaml
from macros.model import calendar_dates, citations, paths
from macros.model import schema as models
from macros.model.numbers import expand_figures, format_value
from macros.render import pages as render
from macros.site.cli import main as cli_main
from macros.site.cli import schema_documents

ROOT = Path(__file__).resolve().parent.parent
FIXTURE = Path(__file__).parent / "fixtures" / "mini"


@pytest.mark.parametrize(
    "value, unit, expected",
    [
        (62000, "personen", "62.000"),
        (2.2, "", "2,2"),
        (185000, "euro", "€ 185.000"),
        (12.5, "euro", "€ 12,50"),
        (12.5, "procent", "12,5%"),
        (2019, "jaar", "2019"),
        ("veel", "", "veel"),
    ],
)
def test_format_value_dutch_style(value, unit, expected):
    assert format_value(value, unit) == expected


def test_expand_figures(mini):
    text, unknown = expand_figures(
        "{{ klusbus('begroting') }} en {{klusbus(\"vrijwilligers\")}} {{ klusbus('x') }}", mini.example.figures
    )
    assert text.startswith("€ 185.000 en 14 ")
    assert unknown == ["x"]


def test_week_monday_skips_break_weeks():
    cohort = models.Cohort(
        id="c", name="C", start=dt.date(2027, 9, 6), breaks=[dt.date(2027, 9, 13), dt.date(2027, 9, 27)]
    )
    assert calendar_dates.week_monday(cohort, 1) == dt.date(2027, 9, 6)
    assert calendar_dates.week_monday(cohort, 2) == dt.date(2027, 9, 20)
    assert calendar_dates.week_monday(cohort, 3) == dt.date(2027, 10, 4)


def test_dutch_date():
    assert calendar_dates.dutch_date(dt.date(2021, 7, 1)) == "1 juli 2021"
    assert calendar_dates.dutch_date(dt.date(2027, 9, 9), weekday=True) == "donderdag 9 september 2027"


@pytest.mark.parametrize(
    "src, dst, expected",
    [
        ("programma/index.md", "modules/1-x.md", "../modules/1-x.md"),
        ("index.md", "tools/a.md", "tools/a.md"),
        ("weken/week-01.md", "over/bronnen.md#bron-a", "../over/bronnen.md#bron-a"),
    ],
)
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


def test_yaml_parsed_again_is_a_fresh_copy_of_the_same_data():
    """A text is parsed once per process (mkdocs serve), but each caller owns what it gets: a
    change to the data or the positions of one load never shows in the next."""
    text = "a: 1\nb:\n  - x: [2, 3]\n    when: 2026-12-04\n"
    first, _ = load_yaml(text, "f.yml")
    first.data["b"][0]["x"].append(4)
    first.data["a"] = 9
    first.lines[("b",)] = 99
    second, problems = load_yaml(text, "f.yml")
    assert problems == []
    assert second.data == {"a": 1, "b": [{"x": [2, 3], "when": dt.date(2026, 12, 4)}]}
    assert second.line_of(("b",)) == 2
    broken, problems = load_yaml("a: [1\n", "g.yml")
    problems.clear()
    assert broken is None and load_yaml("a: [1\n", "g.yml")[1][0].path == "g.yml"


def test_contact_labels():
    assert render.contact_label("PD1") == "Programmadag 1"
    assert render.contact_label("C12") == "Coachgesprek 12"
    assert render.contact_label("IV3") == "Intervisie 3"


def test_citations_become_links_and_are_collected(mini):
    text, keys = render.replace_citations(
        mini, "Zie [@weiss1995] en [@anderson2005, p. 3] en weer [@weiss1995].", "weken/week-01.md"
    )
    assert keys == ["weiss1995", "anderson2005"]
    assert "([Weiss, 1995](../over/bronnen.md#bron-weiss1995))" in text
    assert "([Anderson, 2005, p. 3](../over/bronnen.md#bron-anderson2005))" in text


@pytest.mark.parametrize(
    "authors, short",
    [
        ("Weiss, C. H.", "Weiss"),
        ("Puttick, R. & Ludlow, J.", "Puttick & Ludlow"),
        ("Mitchell, R. K., Agle, B. R. & Wood, D. J.", "Mitchell e.a."),
        ("PHINEO", "PHINEO"),
    ],
)
def test_short_authors(authors, short):
    assert citations.short_authors(authors) == short


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
    from macros.render.generated import navigation

    nav = navigation(mini, [{"Tools": ["tools/index.md"]}, {"Weken": ["weken/index.md"]}, "index.md"])
    assert nav[0] == {
        "Tools": ["tools/index.md", {"Canvas A": "tools/canvas-a.md"}, {"Rekenblad": "tools/rekenblad.md"}]
    }
    assert nav[1] == {"Weken": ["weken/index.md", {"Module 1: Eerste module": [{"Week 1: Begin": "weken/week-01.md"}]}]}
    assert nav[2] == "index.md"


def test_feedback_url_prefills_the_issue_form():
    from macros.site.adapter import feedback_url

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


def test_new_week_and_new_tool_scaffolds(tmp_path, capsys):
    project = tmp_path / "p"
    shutil.copytree(FIXTURE, project)
    assert cli_main(["--root", str(project), "new-week", "2", "--owner", "redactie"]) == 0
    page = (project / "docs" / "weken" / "week-02.md").read_text(encoding="utf-8")
    assert page.startswith("---\nweek: 2\nowner: redactie\nphase: concept\n")
    for section in ("## Waarom deze week", "## Kernpunten", "## Voor begeleiders"):
        assert section in page
    assert cli_main(["--root", str(project), "new-week", "2"]) == 1  # exists already
    assert cli_main(["--root", str(project), "new-week", "9"]) == 1  # not in the plan
    assert cli_main(["--root", str(project), "new-tool", "nieuw"]) == 0
    assert (project / "worksheets" / "nieuw.yml").read_text(encoding="utf-8").startswith("# yaml-language-server")
    assert cli_main(["--root", str(project), "new-tool", "nieuw"]) == 1


def test_toggle_autocomplete_is_stripped():
    from macros.site.adapter import strip_toggle_autocomplete

    html = (
        '<input class="md-toggle" data-md-toggle="drawer" type="checkbox" id="__drawer" autocomplete="off">'
        '<input type="text" name="q" autocomplete="off">'
    )
    out = strip_toggle_autocomplete(html)
    assert 'id="__drawer">' in out and 'name="q" autocomplete="off"' in out


# --- the data and markup of the browser code (macros/render/browser_data.py, macros/render/webforms.py)


def test_page_url_matches_mkdocs():
    from macros.render.browser_data import page_url

    assert page_url("weken/week-01.md") == "weken/week-01/"
    assert page_url("tools/index.md") == "tools/"
    assert page_url("index.md") == ""
    assert page_url("weken/week-01.md", use_directory_urls=False) == "weken/week-01.html"
    assert page_url("tools/index.md", use_directory_urls=False) == "tools/index.html"


def test_duo_steps_counts_top_level_steps_of_the_duo_section_only():
    from macros.markdown.steps import duo_step_lines, duo_steps

    body = (
        "## Kennis\n\n1. Geen stap.\n\n## Aan de slag als duo {#duo}\n\n"
        "1. **Samen.** Een.\n   Verder.\n    1. Geen stap (genest).\n2. Twee.\n\n"
        "```\n3. Geen stap (code)\n## Geen kop\n```\n\n### Extra\n\n3. Drie.\n\n## Voorbeeld\n\n4. Geen stap.\n"
    )
    assert duo_steps(body) == 3
    assert [body.splitlines()[i][:2] for i in duo_step_lines(body)] == ["1.", "2.", "3."]
    assert duo_steps("## Kennis\n\n1. Stap.\n") == 0


def _block(**changes):
    base = dict(
        id="a", label="A", question="Vraag?", kind="text", position={"col": 1, "row": 1, "width": 1, "height": 1}
    )
    base.update(changes)
    return models.Block(**base)


def test_definition_hash_changes_with_the_blocks_not_with_the_layout(mini):
    from macros.render.browser_data import definition_hash

    tool = mini.tools["canvas-a"]

    def with_blocks(blocks):
        return tool.model_copy(update={"canvas": models.Canvas(blocks=blocks)})

    original = definition_hash(tool)
    assert original == definition_hash(tool) and len(original) == 12
    moved = [
        b.model_copy(update={"position": models.Position(col=2, row=2, width=3, height=3)}) for b in tool.canvas.blocks
    ]
    assert definition_hash(with_blocks(moved)) == original
    renamed = [tool.canvas.blocks[0].model_copy(update={"label": "Anders"})] + list(tool.canvas.blocks[1:])
    assert definition_hash(with_blocks(renamed)) != original
    assert definition_hash(with_blocks(list(tool.canvas.blocks[:1]))) != original


def test_programme_data_from_the_model(mini):
    from macros.render.browser_data import JSON_SCHEMA, programme_data, programme_json, programme_script

    data = programme_data(mini)
    assert data["schema"] == JSON_SCHEMA
    assert [w["number"] for w in data["weeks"]] == [1, 2]
    week1, week2 = data["weeks"]
    assert [len(i) for i in week1["step_ids"]] == [10]  # one step, keyed s-<8 hex> (issue 12)
    week1 = {k: v for k, v in week1.items() if k != "step_ids"}
    assert week1 == {
        "number": 1,
        "module": 1,
        "title": "Begin",
        "product": "Een ingevuld canvas",
        "tools": ["canvas-a"],
        "contact": ["PD1", "C1"],
        "url": "weken/week-01/",
        "steps": 1,
        "step_aliases": {},  # the fixture's step had no tick id before issue 15
        "criteria": [  # plain text, for the coach's ticks (issue 20)
            "Het doel staat in twee zinnen op het canvas.",
            "Beide deelnemers herkennen het doel.",
            "Elk blok van het canvas is ingevuld.",
        ],
    }
    assert week2["url"] is None and week2["steps"] == 0 and week2["criteria"] == []  # planned week without a page
    assert data["coaching"] == [
        {
            "id": "C1",
            "week": 1,
            "title": "Kennismaken en leerplan",
            "questions": ["Wat willen jullie leren?", "Wat is jullie grootste zorg?"],
        }
    ]
    assert data["intervisie"]["roles"] == ["Inbrenger", "Voorzitter"]
    assert [s["id"] for s in data["intervisie"]["sessions"]] == ["IV1"]
    assert data["modules"] == [{"number": 1, "title": "Eerste module", "url": "modules/1-eerste/", "weeks": [1, 2]}]
    tool = data["tools"]["canvas-a"]
    assert tool["url"] == "tools/canvas-a/" and tool["weeks"] == [1]
    assert [b["id"] for b in tool["blocks"]] == ["links", "rechts"]
    assert tool["blocks"][1] == {"id": "rechts", "label": "Rechts", "question": "Wat staat rechts?", "kind": "list"}
    assert data["programme_days"][0]["id"] == "PD1" and data["programme_days"][0]["week"] == 1
    assert data["cohorts"] == [
        {
            "id": "test",
            "name": "Testcohort",
            "start": "2027-09-06",
            "breaks": ["2027-09-13"],
            "programme_days": [
                {"id": "PD1", "date": "2027-09-09", "start": "10:00", "end": "16:00", "place": "Lindeburg"}
            ],
        }
    ]
    assert data["pages"]["dossier"] == "dossier/"
    text = programme_json(mini)
    assert text == programme_json(mini) and json.loads(text) == data
    assert programme_script(mini) == "window.IA_PROGRAMME = " + text.rstrip("\n") + ";\n"
    assert programme_data(mini, use_directory_urls=False)["weeks"][0]["url"] == "weken/week-01.html"


def test_programme_data_of_the_real_site_matches_its_pages():
    from macros.render.browser_data import programme_data
    from macros.render.webforms import week_markup

    programme, _ = load_programme(ROOT)
    data = programme_data(programme)
    assert [w["number"] for w in data["weeks"]] == [w.week for w in programme.weeks]
    for week in data["weeks"]:
        if week["url"] is None:
            continue
        page = programme.week_pages[week["number"]].page
        marked = week_markup(page.body, week["number"], week["product"])
        assert marked.count("data-ia-step=") == week["steps"] > 0, week["number"]


def test_programme_data_carries_the_compiled_model_of_a_calculating_tool():
    """The dossier computes with the same model the form embeds (issue 14); the model is no part
    of the definition hash, so stored answers keep their definition."""
    from macros.model.calc import browser_model
    from macros.render.browser_data import block_definition, definition_hash, programme_data, programme_json
    from macros.render.calcforms import ROUNDING_RULE, model_holder

    programme, _ = load_programme(ROOT)
    data = programme_data(programme)
    calculating = {t for t, tool in programme.tools.items() if tool.model is not None}
    assert {"financieringsmix", "kostprijsmodel"} <= calculating
    assert {t for t, tool in data["tools"].items() if "model" in tool} == calculating
    for tool_id in calculating:
        tool = programme.tools[tool_id]
        assert tool.model is not None
        shipped = data["tools"][tool_id]["model"]
        assert shipped == browser_model(tool.model)
        # the same JSON as the form's holder (an attribute: it survives instant navigation)
        holder = _soup(model_holder(tool.model)).find(attrs={"data-ia-model": True})
        assert holder is not None and holder.name == "div" and holder.has_attr("hidden")
        assert json.loads(holder["data-ia-model"]) == shipped
        assert data["tools"][tool_id]["definition"] == definition_hash(tool)
        assert data["tools"][tool_id]["blocks"] == [block_definition(b) for b in tool.canvas.blocks]
        assert all("model" not in b for b in data["tools"][tool_id]["blocks"])
    assert data["calc_rule"] == ROUNDING_RULE
    assert json.loads(programme_json(programme)) == data


def _soup(markup: str):
    from bs4 import BeautifulSoup

    return BeautifulSoup(markup, "lxml")


def _assert_one_raw_block(markup: str) -> None:
    """Markdown keeps HTML raw only without blank lines or indentation; macros renders Jinja."""
    html_part = markup[markup.index("<div") :] if "<div" in markup else markup
    assert "\n\n" not in html_part.strip(), "a blank line would end the raw HTML block"
    assert not any(line.startswith(("    ", "\t")) for line in html_part.splitlines())
    assert "{{" not in markup and "{%" not in markup and "{#" not in markup.replace("{#cohort-kiezen}", "")


def test_worksheet_form_has_a_labelled_field_per_block():
    from macros.render.webforms import worksheet_form

    tool = models.Tool.model_validate(
        {
            **json.loads(load_programme(FIXTURE)[0].tools["canvas-a"].model_dump_json()),
            "canvas": {
                "blocks": [
                    {
                        "id": "tekst",
                        "label": "Tekst & meer",
                        "question": "Wat <denk> je?",
                        "position": {"col": 1, "row": 1, "width": 1, "height": 1},
                    },
                    {
                        "id": "lijst",
                        "label": "Lijst",
                        "question": "Welke punten?",
                        "kind": "list",
                        "position": {"col": 2, "row": 1, "width": 1, "height": 1},
                    },
                    {
                        "id": "getal",
                        "label": "Getal",
                        "question": "Hoeveel?",
                        "kind": "number",
                        "position": {"col": 3, "row": 1, "width": 1, "height": 1},
                    },
                    {
                        "id": "tabel",
                        "label": "Tabel",
                        "question": "Wie en wat?",
                        "kind": "table",
                        "columns": ["Wie", "Wat"],
                        "position": {"col": 4, "row": 1, "width": 1, "height": 1},
                    },
                ]
            },
            "example": {
                "initiative": "De Klusbus (fictief)",
                "values": {"tekst": "a", "lijst": ["b"], "getal": 1.0, "tabel": [["c", "d"]]},
            },
        }
    )
    markup = worksheet_form(tool)
    _assert_one_raw_block(markup)
    # the note links to the dossier in Markdown: MkDocs writes the address (the offline site's too)
    # and checks it; no script has to fetch the programme data for it
    note = '[impactdossier](../dossier/index.md){ data-ia-link="dossier" }.\n{: .ia-privacy .ia-needs-js }'
    assert note in markup
    assert markup.startswith("## Het werkblad online invullen { data-search-exclude }\n")  # not in the search index
    soup = _soup(markup)
    form = soup.select_one("[data-ia-worksheet='canvas-a']")
    assert form.has_attr("hidden") and form["data-ia-definition"]
    ids = {el["id"] for el in soup.find_all(id=True)}
    assert [f["data-ia-block"] for f in form.select("[data-ia-block]")] == ["tekst", "lijst", "getal", "tabel"]
    for block_id, control in (("tekst", "textarea"), ("lijst", "textarea"), ("getal", "input")):
        field = form.select_one(f"[data-ia-block='{block_id}']")
        element = field.select_one(control)
        assert field.select_one(f"label[for='{element['id']}']")
        assert element["aria-describedby"] in ids
        assert field.select_one(".ia-print")  # the print mirror
    # a number is typed the Dutch way (1.250,50, € 1.250, 12%): a text input with a decimal keyboard
    number = form.select_one("[data-ia-block='getal'] input")
    assert number["type"] == "text" and number["inputmode"] == "decimal"
    assert "Eén punt per regel" in form.select_one("[data-ia-block='lijst'] .ia-help").get_text()
    assert form.select_one("[data-ia-block='tekst'] label").get_text() == "Tekst & meer"
    assert "Wat <denk> je?" in form.select_one("[data-ia-block='tekst'] .ia-help").get_text()
    table = form.select_one("fieldset[data-ia-block='tabel']")
    assert table.legend.get_text() == "Tabel" and table["aria-describedby"] in ids
    assert [th.get_text() for th in table.select("th")] == ["Wie", "Wat"]
    assert table.select("tbody input")[1]["aria-label"] == "Wat, rij 1"
    for button in form.select("button"):
        assert button.get_text(strip=True), button
    assert form.select_one("[role=status][aria-live=polite]")


def test_week_markup_adds_panel_step_checks_and_weekly_product(mini):
    from macros.render.webforms import week_markup

    body = mini.week_pages[1].page.body
    marked = week_markup(body, 1, "Een ingevuld canvas")
    soup = _soup(marked)
    panel = soup.select_one(".ia-week-panel[data-ia-week='1']")
    # there from the first paint (hidden without JavaScript by its class), with a new duo's text
    assert "ia-needs-js" in panel["class"] and not panel.has_attr("hidden") and panel["data-ia-steps"] == "1"
    assert panel.select_one("[data-ia-step-count]").get_text() == "0 van 1 stap klaar"
    assert (
        panel.select_one("[data-ia-week-date]").get_text().startswith("Kies jullie cohort op de pagina Programmadagen.")
    )
    assert panel.select_one("label input[data-ia-week-done]")
    checks = re.findall(
        r'^1\. <label class="ia-step-check ia-needs-js"><input type="checkbox" data-ia-week="1" '
        r'data-ia-step="1"><span class="ia-visually-hidden">Stap 1 </span>klaar</label> \*\*Na de programmadag, samen',
        marked,
        flags=re.M,
    )
    assert len(checks) == 1
    product = marked.index('data-ia-product="1"')
    assert marked.index("## Aan de slag als duo") < product < marked.index("## Voorbeeld")
    assert "Jullie weekproduct: Een ingevuld canvas" in marked
    # the rest of the page is unchanged
    assert marked.replace(panel.decode(), "") != body and "## Kernpunten" in marked


def test_progress_cohort_and_dossier_markup(mini):
    from macros.render import webforms

    year = _soup(webforms.year_progress(mini))
    assert year.select_one("[data-ia-progress='1 2'] progress")["max"] == "2"
    from macros.markdown.steps import duo_steps

    steps = sum(duo_steps(mini.week_pages[w].page.body) for w in mini.week_pages)
    counted = f"{steps} stap" if steps == 1 else f"{steps} stappen"  # a new duo's text, as ia-progress.js writes it
    assert year.select_one("[data-ia-progress-text]").get_text() == f"0 van 2 weken klaar · 0 van {counted} klaar"
    module = _soup(webforms.module_progress(mini, mini.modules[0]))
    assert module.select_one("[data-ia-progress]").get_text(" ", strip=True).startswith("Jullie voortgang in module 1")
    chooser = webforms.cohort_chooser(mini)
    _assert_one_raw_block(chooser)
    soup = _soup(chooser)
    options = [o["value"] for o in soup.select("select option")]
    assert options == ["", "test", "eigen"]
    assert soup.select_one("label[for='ia-cohort-select']") and soup.select_one("label[for='ia-cohort-start']")
    assert soup.select_one("noscript")
    assert _soup(webforms.day_date("PD1")).select_one("[data-ia-day='PD1']").has_attr("hidden")
    dossier = webforms.dossier()
    _assert_one_raw_block(dossier)
    box = _soup(dossier)
    assert {b["data-ia-action"] for b in box.select("button")} == {
        "print",
        "export-json",
        "export-md",
        "import",
        "clear",
    }
    assert box.select_one("input[type=file][accept*='json']")


def _ui_strings() -> list[str]:
    """Dutch text the browser code shows: string literals of the scripts and the generated markup."""
    from macros.render import webforms

    texts = []
    for script in sorted((ROOT / "overrides" / "assets" / "javascripts").glob("ia-*.js")):
        source = re.sub(r"/\*.*?\*/", "", script.read_text(encoding="utf-8"), flags=re.S)
        for match in re.finditer(r'"((?:[^"\\]|\\.)*)"', source):
            text = match.group(1)
            if re.search(r"[\[\]=#{}<>/]|[A-Z]{2}|:\S|\S-$", text) or not re.search(r"[a-zë]{2}", text):
                continue  # selectors, attributes, calendar fields, identifiers
            if re.fullmatch(r"\s*ia-[a-z0-9-]+(\s+ia-[a-z0-9-]+)*\s*", text):
                continue  # class names (the site's own start with ia-), as in "ia-num" + " ia-computed"
            if text[:1].isupper() or text[:1] == " " or (" " in text and text.endswith((".", " "))):
                texts.append(text)
    programme, _ = load_programme(ROOT)
    tool = next(iter(programme.tools.values()))
    import dataclasses

    without_cohorts = dataclasses.replace(programme, cohorts=[])  # cohort names are content, not UI
    markup = (
        webforms.worksheet_form(tool)
        + webforms.cohort_chooser(without_cohorts)
        + webforms.dossier()
        + webforms.year_progress(programme)
        + webforms.week_markup("## Aan de slag als duo\n\n1. Een.\n", 1, "Een plan")
    )
    # attribute lists: {#id}, { data-search-exclude }, { data-ia-link="dossier" }, {: .ia-privacy .ia-needs-js }
    attr_list = r'\{:? ?[#.]?[a-z-]+(?:="[^"]*")?(?: [#.]?[a-z-]+(?:="[^"]*")?)* ?\}'
    texts.append(_soup(re.sub(attr_list, "", markup)).get_text(" "))
    return texts


# Technical words the UI needs; the Dutch dictionary (OpenTaal) does not know them.
UI_WORDS = {"JSON", "JSON-", "JSON-bestand", "Markdown", "Markdown-bestand", "ics-bestand", "ImpactAcademie-site"}


def test_ui_text_of_the_browser_code_is_dutch():
    texts = _ui_strings()
    assert any("Jullie antwoorden blijven op dit apparaat" in t for t in texts)
    assert len(texts) > 50
    programme, _ = load_programme(ROOT)
    unknown = language.unknown_words(texts, programme.wordlist | UI_WORDS)
    assert not unknown, f"spelling (OpenTaal): {sorted(unknown)}"


def test_every_content_yaml_file_points_at_its_schema():
    """Partners' editors autocomplete and underline mistakes through this first line."""
    expected = {
        f"docs/_data/{name}": f"../../macros/schemas/{Path(name).stem}.schema.json"
        for name in (p.name for p in (ROOT / "docs" / "_data").glob("*.yml"))
    }
    expected.update(
        {f"worksheets/{p.name}": "../macros/schemas/tool.schema.json" for p in (ROOT / "worksheets").glob("*.yml")}
    )
    for rel, schema in expected.items():
        first = (ROOT / rel).read_text(encoding="utf-8").splitlines()[0]
        assert first == f"# yaml-language-server: $schema={schema}", rel
        assert (ROOT / rel).parent.joinpath(schema).resolve().exists(), schema
