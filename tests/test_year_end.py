"""The end of the year in Chromium (issue 19): the nameting next to the nulmeting, the evaluation
of the year sent to the organiser, and the organiser's bundle of a cohort's evaluations.

- the comparison per theme and person appears on the nameting's page and in the dossier, from
  the stored week-1 answers, and agrees with macros/model/remeasure.py on the worked examples;
- "Mail naar de organisator" carries the answers in the mail's body;
- the organiser opens a worksheet export, a dossier export and a Markdown mail text at once, a
  broken file is named and left out, and the means and the CSV come from the files.
"""

from __future__ import annotations

import csv
import io
import json
import urllib.parse

import pytest

from macros.model import remeasure

pytestmark = [pytest.mark.browser]

KEY = "impactacademie"


def answer(value, label: str, kind: str = "table") -> dict:
    return {"value": value, "label": label, "kind": kind, "updated": "2027-06-20T10:00:00.000Z", "history": []}


def stored_value(block, value):
    """An example value as the browser stores it: table rows of text, a list as lines."""
    if block.kind == "table":
        return as_rows(value)
    if block.kind == "list":
        return "\n".join(str(v) for v in value)
    return str(value)


def state_with(sheets: dict) -> dict:
    return {
        "schema": 1,
        "created": "2027-06-01T10:00:00.000Z",
        "updated": "2027-06-01T10:00:00.000Z",
        "lastExport": None,
        "cohort": None,
        "weeks": {},
        "worksheets": sheets,
        "products": {},
    }


def sheet_of(tool, values: dict) -> dict:
    blocks = {b.id: b for b in tool.canvas.blocks}
    return {
        "definition": "",
        "blocks": {k: answer(v, blocks[k].label, blocks[k].kind) for k, v in values.items()},
        "conflicts": {},
    }


def seed(page, state: dict) -> None:
    page.evaluate("([key, value]) => localStorage.setItem(key, value)", [KEY, json.dumps(state)])
    page.reload(wait_until="networkidle")


def as_rows(value) -> list[list[str]]:
    return [[str(c) for c in row] for row in value]


def nameting_tool(prog):
    found = [t for t in prog.tools.values() if t.remeasure is not None]
    assert found, "no tool with remeasure (the nameting of week 40)"
    return found[0]


def shown_rows(page, selector: str) -> list[list[str]]:
    return page.eval_on_selector_all(
        f"{selector} .ia-compare-table tbody tr",
        "rows => rows.map(r => [...r.querySelectorAll('td')].slice(0, 4).map(c => c.textContent))",
    )


def expected_rows(comparison) -> list[list[str]]:
    return [
        [s.who, remeasure.decimal(s.before), remeasure.decimal(s.after), remeasure.decimal(s.change, signed=True)]
        for theme in comparison.themes
        for s in theme.scores
    ]


def test_the_nameting_page_and_the_dossier_put_week_1_and_week_40_side_by_side(open_page, prog):
    tool = nameting_tool(prog)
    baseline = prog.tools[tool.remeasure.tool]
    before = {b: as_rows(baseline.example.values[b]) for b in tool.remeasure.blocks}
    after = {b: as_rows(tool.example.values[b]) for b in tool.remeasure.blocks}
    state = json.loads(
        json.dumps(state_with({baseline.id: sheet_of(baseline, before), tool.id: sheet_of(tool, after)}))
    )
    expected = expected_rows(remeasure.compare(tool, before, after, remeasure.weeks(prog, tool)))

    page = open_page(f"tools/{tool.id}/")
    seed(page, state)
    form = f"[data-ia-worksheet='{tool.id}'] [data-ia-compare]"
    page.wait_for_selector(f"{form} .ia-compare-table")
    assert shown_rows(page, form) == expected
    heads = page.eval_on_selector_all(f"{form} .ia-compare-table thead th", "els => els.map(e => e.textContent)")
    assert heads[2:4] == ["Week 1", "Week 40"]
    # the worked example below the form, rendered by Python from the same values, shows the same figures
    assert shown_rows(page, ".md-content") == expected + expected

    # a new score in week 40 changes the comparison at once
    first = tool.remeasure.blocks[0]
    page.locator(f"[data-ia-worksheet='{tool.id}'] [data-ia-block='{first}'] input[data-ia-cell]").first.fill("1")
    changed = {**after, first: [["1", *after[first][0][1:]], *after[first][1:]]}
    want = expected_rows(remeasure.compare(tool, before, changed, remeasure.weeks(prog, tool)))
    assert want != expected
    page.wait_for_function(
        "([sel, want]) => { const c = document.querySelector(sel + ' .ia-compare-table tbody tr td:nth-child(4)');"
        " return c && c.textContent === want; }",
        arg=[form, want[0][2]],
    )
    assert shown_rows(page, form) == want

    # the dossier shows the stored answers side by side too
    dossier = open_page("dossier/")
    seed(dossier, state)
    dossier.wait_for_selector(f"[data-ia-dossier-sheet='{tool.id}'] .ia-compare-table")
    assert shown_rows(dossier, f"[data-ia-dossier-sheet='{tool.id}']") == expected


@pytest.mark.parametrize("kind", ["sheet", "dossier"])
def test_the_comparison_works_from_an_imported_week_1_file(open_page, prog, tmp_path, kind):
    """Week 1 was filled on one device, week 40 on another: the week-1 answers arrive as a file
    (the nulmeting's own export or a whole dossier) through the dossier's import, and the
    nameting page then shows the same comparison as with stored answers."""
    tool = nameting_tool(prog)
    baseline = prog.tools[tool.remeasure.tool]
    before = {b: as_rows(baseline.example.values[b]) for b in tool.remeasure.blocks}
    after = {b: as_rows(tool.example.values[b]) for b in tool.remeasure.blocks}
    expected = expected_rows(remeasure.compare(tool, before, after, remeasure.weeks(prog, tool)))

    first = open_page(f"tools/{baseline.id}/")  # the device of week 1
    seed(first, state_with({baseline.id: sheet_of(baseline, before)}))
    first.wait_for_selector(f"[data-ia-worksheet='{baseline.id}'][data-ia-ready]")
    text = first.evaluate(
        "([kind, id]) => { const box = document.querySelector(`[data-ia-worksheet='${id}']`);"
        " return kind === 'sheet' ? IA.exportSheet('worksheets', id,"
        " {definition: box.dataset.iaDefinition, title: box.dataset.iaTitle}) : IA.exportDossier(); }",
        [kind, baseline.id],
    )
    path = tmp_path / f"week-1-{kind}.json"
    path.write_text(text, encoding="utf-8")

    dossier = open_page("dossier/")  # the device of week 40: only the nameting is stored there
    seed(dossier, state_with({tool.id: sheet_of(tool, after)}))
    form = f"[data-ia-dossier-sheet='{tool.id}']"
    dossier.wait_for_selector(f"{form} .ia-compare-table")
    assert {row[1] for row in shown_rows(dossier, form)} == {"\u2013"}, "week-1 scores before week 1 was imported"
    dossier.set_input_files("[data-ia-dossier] [data-ia-file]", str(path))
    dossier.wait_for_selector("[data-ia-dossier] [data-ia-status]:has-text('Import klaar')")
    assert shown_rows(dossier, form) == expected

    dossier.goto(dossier.url.replace("dossier/", f"tools/{tool.id}/"), wait_until="networkidle")
    sheet = f"[data-ia-worksheet='{tool.id}'] [data-ia-compare]"
    dossier.wait_for_selector(f"{sheet} .ia-compare-table")
    assert shown_rows(dossier, sheet) == expected


def test_without_week_1_answers_the_comparison_says_what_it_needs(open_page, prog):
    tool = nameting_tool(prog)
    page = open_page(f"tools/{tool.id}/")
    page.wait_for_selector(f"[data-ia-worksheet='{tool.id}'][data-ia-ready]")
    text = page.inner_text(f"[data-ia-worksheet='{tool.id}'] [data-ia-compare]")
    assert "verschijnt als jullie scores op dit apparaat staan" in text


# --- the evaluation of the year ---------------------------------------------------------------------


def evaluation(prog):
    found = [t for t in prog.tools.values() if t.send_to_organiser]
    assert found, "no tool with send_to_organiser (the evaluation of the year)"
    return found[0]


def test_mail_to_the_organiser_carries_the_answers(open_page, prog):
    tool = evaluation(prog)
    page = open_page(f"tools/{tool.id}/")
    page.wait_for_selector(f"[data-ia-worksheet='{tool.id}'][data-ia-ready]")
    text_block = next(b for b in tool.canvas.blocks if b.kind == "text")
    page.fill(f"#ia-ws-{tool.id}-{text_block.id}", "Een jaar met een plan & een reserve")
    href = page.get_attribute(f"[data-ia-worksheet='{tool.id}'] [data-ia-mail]", "href")
    assert href.startswith("mailto:?subject=")
    query = urllib.parse.parse_qs(href.split("?", 1)[1])
    assert query["subject"] == [tool.title]
    assert "Een jaar met een plan & een reserve" in query["body"][0]
    assert text_block.label in query["body"][0]


def mean_text(values: list[int]) -> str:
    return f"{int(sum(values) / len(values) * 10 + 0.5) / 10:.1f}".replace(".", ",") + f" ({len(values)})"


def test_the_organiser_bundles_files_and_leaves_out_a_broken_one(open_page, prog, tmp_path):
    tool = evaluation(prog)
    scored = [b for b in tool.canvas.blocks if b.scores is not None]
    first = scored[0]
    one = {b.id: stored_value(b, tool.example.values[b.id]) for b in tool.canvas.blocks}
    two = json.loads(json.dumps(one))
    for row in two[first.id]:
        row[0], row[1] = "2", "3"
    three = json.loads(json.dumps(one))
    for row in three[first.id]:
        row[0], row[1] = "5", ""

    # three duos: a worksheet export, a whole-dossier export and the Markdown text of a mail
    page = open_page(f"tools/{tool.id}/")
    files = {}
    for name, values, kind in (("duo-a.json", one, "sheet"), ("duo-b.json", two, "dossier"), ("duo-c.md", three, "md")):
        seed(page, state_with({tool.id: sheet_of(tool, {k: v for k, v in values.items()})}))
        page.wait_for_selector(f"[data-ia-worksheet='{tool.id}'][data-ia-ready]")
        files[name] = page.evaluate(
            "([kind, id]) => {"
            " const box = document.querySelector(`[data-ia-worksheet='${id}']`);"
            " const info = {definition: box.dataset.iaDefinition, title: box.dataset.iaTitle};"
            " if (kind === 'sheet') return IA.exportSheet('worksheets', id, info);"
            " if (kind === 'dossier') return IA.exportDossier();"
            " const defs = [...box.querySelectorAll('[data-ia-block]')].map(f => ({id: f.dataset.iaBlock,"
            "   kind: f.dataset.iaKind, label: f.dataset.iaLabel,"
            "   columns: [...f.querySelectorAll('thead th:not([data-ia-computed])')].map(t => t.textContent)}));"
            " return IA.sheetToMarkdown(info.title, id, info.definition, defs, IA.sheetOf('worksheets', id, false)); }",
            [kind, tool.id],
        )
    files["kapot.json"] = '{"format": "impactacademie", "kind": "werkblad", "sheet": [1, 2'
    paths = []
    for name, text in files.items():
        path = tmp_path / name
        path.write_text(text, encoding="utf-8")
        paths.append(str(path))

    organiser = open_page("cohort/evaluaties/")
    organiser.wait_for_selector("[data-ia-bundle][data-ia-rendered]:not([hidden])")
    organiser.set_input_files("[data-ia-bundle-file]", paths)
    status = organiser.wait_for_selector("[data-ia-bundle] [data-ia-status]:has-text('toegevoegd')")
    assert "3 evaluaties toegevoegd." in status.inner_text()
    assert "Niet gelezen: kapot.json." in status.inner_text()
    means = organiser.eval_on_selector_all(
        f"[data-ia-bundle-block='{first.id}'] tbody tr",
        "rows => rows.map(r => [...r.querySelectorAll('td')].map(c => c.textContent))",
    )
    d1 = [int(one[first.id][0][0]), 2, 5]
    d2 = [int(one[first.id][0][1]), 3]
    assert means[0] == [mean_text(d1), mean_text(d2)]
    assert len(means) == len(first.items)

    with organiser.expect_download() as download:
        organiser.click("[data-ia-action='bundle-csv']")
    raw = tmp_path / "bundle.csv"
    download.value.save_as(raw)
    text = raw.read_text(encoding="utf-8-sig")
    table = list(csv.reader(io.StringIO(text), delimiter=";"))
    assert [row[0] for row in table[1:]] == ["Duo 1", "Duo 2", "Duo 3"]
    assert [row[1] for row in table[1:]] == ["duo-a.json", "duo-b.json", "duo-c.md"]
    column = table[0].index(f"{first.label} – {first.items[0].label} – {first.columns[0]}")
    assert [row[column] for row in table[1:]] == [str(d1[0]), "2", "5"]
    assert not any(cell.startswith(("=", "+", "@")) for row in table for cell in row)
