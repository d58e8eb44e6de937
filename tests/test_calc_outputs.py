"""What every output of a calculating tool shows (issue 14), beyond the numbers themselves:

- the tool page's worked example shows each model table as the form, the example PDF and the Word
  file do: typed columns, computed columns, the total row and computed rows, every figure as
  macros.model.calc.display writes it (from evaluate_example), right-aligned, in a real table
  (caption, th scope);
- the one rounding rule (macros.model.numbers.ROUNDING_RULE) stands word for word on the form, in
  both sheets of the workbook, in the Word file and in the three PDFs, and no older wording remains.

Checked on the real numeric tools (financieringsmix, kostprijsmodel) and the fixture tool
`rekenblad` of tests/fixtures/mini (the one with computed rows)."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from conftest import ROOT, SOURCE_DATE_EPOCH
from macros.checks.programme import load_programme
from macros.model import calc
from macros.model import schema as m
from macros.model.numbers import ROUNDING_RULE

FIXTURE = Path(__file__).parent / "fixtures" / "mini"
SITE_URL = "https://impactacademie.github.io/impactacademie/"
# Every real tool with a numeric model is checked, not a hand-kept list (a new one joins by itself).
REAL_TOOLS_AT_LEAST = {"financieringsmix", "kostprijsmodel", "maatschappelijke-business-case"}
# Earlier wordings of the rule (one per output) that must not come back next to the one rule.
OLD_WORDINGS = ("Zo rekent dit werkblad", "alleen de weergave rondt af", "de cellen rekenen met")


def _programme(root: Path):
    programme, problems = load_programme(root)
    assert programme is not None, problems
    return programme


@pytest.fixture(scope="module")
def tools() -> list[tuple[object, m.Tool]]:
    real, mini = _programme(ROOT), _programme(FIXTURE)
    numeric = sorted(t for t, tool in real.tools.items() if tool.model is not None)
    assert REAL_TOOLS_AT_LEAST <= set(numeric), numeric
    found = [(real, real.tools[t]) for t in numeric] + [(mini, mini.tools["rekenblad"])]
    assert all(tool.model is not None and tool.model.tables for _, tool in found)
    assert any(tool.model.rows for _, tool in found), "one tool has computed rows"
    return found


def flat(text: str) -> str:
    """Whitespace (line breaks of a PDF, no-break spaces) as one space."""
    return re.sub(r"\s+", " ", text.replace("\u00a0", " ")).strip()


# --- the tool page's worked example ---------------------------------------------------------------


def expected_table(model: m.NumericModel, table: m.ModelTable, results: calc.Results) -> list[list[str]]:
    """Header and rows of a model table as people must see it, straight from evaluate_example."""
    result = results.tables[table.id]
    units = [table.unit_of(c) for c in table.columns] + [c.unit for c in table.computed]
    ids = [c.id for c in table.columns] + [c.id for c in table.computed]
    lines = [[table.rows_label] + [c.label for c in table.columns] + [c.label for c in table.computed]]
    for i, label in enumerate(result.labels):
        cells = result.cells[i] + [result.computed[c.id][i] for c in table.computed]
        lines.append([label] + [calc.display(cell, unit) for cell, unit in zip(cells, units, strict=True)])
    if table.total_row:
        lines.append(
            [table.total_row]
            + [
                calc.display(result.totals[i], unit) if calc.shows_total(unit) else ""
                for i, unit in zip(ids, units, strict=True)
            ]
        )
    for row in model.rows:
        if row.over == table.id:
            lines.append(
                [row.label]
                + [calc.display(cell, row.unit) for cell in results.rows[row.id]]
                + [""] * len(table.computed)
            )
    return lines


def example_section(html_text: str) -> BeautifulSoup:
    """The 'Uitgewerkt voorbeeld' part of a tool page (Markdown with HTML blocks, or built HTML)."""
    start = html_text.index("Uitgewerkt voorbeeld")
    end = html_text.index("Bronnen", start)
    return BeautifulSoup(html_text[start:end], "html.parser")


def page_table(section: BeautifulSoup, caption: str):
    found = [t for t in section.find_all("table") if t.caption and flat(t.caption.get_text()) == caption]
    assert found, f"no table with the caption '{caption}' in the worked example"
    return found[0]


def table_lines(table) -> list[list[str]]:
    return [[flat(cell.get_text()) for cell in row.find_all(["th", "td"])] for row in table.find_all("tr")]


def test_example_table_shows_computed_columns_totals_and_computed_rows(tools):
    """Fails when the page leaves a computed column, the total row or a computed row out, or
    writes a figure otherwise than display() (the page before this test showed the typed columns
    only, as 60%, with no total)."""
    from macros.render import pages

    checked = 0
    for programme, tool in tools:
        model = tool.model
        results = calc.evaluate_example(model)
        section = example_section(pages.tool_page(programme, tool))
        for block in tool.canvas.blocks:
            table = next((t for t in model.tables if t.id == block.id and block.kind == "table"), None)
            if table is None:
                continue
            want = expected_table(model, table, results)
            got = table_lines(page_table(section, block.label))
            assert got[0] == want[0], (tool.id, table.id, "header: typed and computed columns")
            assert got[1:] == want[1:], (tool.id, table.id)
            checked += 1
            # computed columns, total row and computed rows are really there (not just equal lists)
            assert all(c.label in got[0] for c in table.computed), (tool.id, table.id)
            if table.total_row:
                assert [table.total_row] in [line[:1] for line in got], (tool.id, table.id)
            for row in model.rows:
                if row.over == table.id:
                    assert [row.label] in [line[:1] for line in got], (tool.id, row.id)
    assert checked >= 4  # financieringsmix 2, kostprijsmodel 1, rekenblad 3


def test_example_table_is_an_accessible_table_with_right_aligned_figures(tools):
    from macros.render import pages

    for programme, tool in tools:
        section = example_section(pages.tool_page(programme, tool))
        for table in tool.model.tables:
            html_table = page_table(section, next(b.label for b in tool.canvas.blocks if b.id == table.id))
            head = html_table.thead.find_all("th")
            assert all(th.get("scope") == "col" for th in head)
            assert all("ia-num" in th.get("class", []) for th in head[1:])
            for row in html_table.find_all("tr")[1:]:
                name, *cells = row.find_all(["th", "td"])
                assert name.name == "th" and name.get("scope") == "row", (tool.id, name)
                assert all(c.name == "td" and "ia-num" in c.get("class", []) for c in cells), (tool.id, row)
            computed = {c.label for c in table.computed}
            marked = {flat(th.get_text()) for th in head if "ia-computed" in th.get("class", [])}
            assert marked == computed, (tool.id, table.id)
            if table.total_row:
                assert html_table.tfoot is not None and html_table.tfoot.find("th", string=table.total_row)


def test_example_table_has_the_figures_of_the_word_file(tools):
    """The page and the Word file show the same cells (both lay out macros.model.calctable)."""
    import docx

    from macros.downloads.common import ToolMeta
    from macros.downloads.word import word_file
    from macros.render import pages

    meta = ToolMeta("Bron", SITE_URL, int(SOURCE_DATE_EPOCH))
    for programme, tool in tools:
        document = docx.Document(io.BytesIO(word_file(tool, meta)))
        word_tables = [[[flat(c.text) for c in r.cells] for r in t.rows] for t in document.tables]
        section = example_section(pages.tool_page(programme, tool))
        for table in tool.model.tables:
            label = next(b.label for b in tool.canvas.blocks if b.id == table.id)
            assert table_lines(page_table(section, label)) in word_tables, (tool.id, table.id)


def test_example_figures_are_in_the_example_pdf(tools):
    """Every figure of the page's example tables (typed cells, computed columns, totals, computed
    rows) is printed in the example PDF too, written by display() as on the page and in Word: a
    typed 60 in a procent column is 60,0% everywhere (the PDF printed the example's own '60%'
    before)."""
    from pypdf import PdfReader

    from macros.downloads import index
    from macros.render import pages

    for programme, tool in tools:
        item = next(
            d
            for d in index.tool_downloads(tool, programme.sources[tool.based_on], SITE_URL, int(SOURCE_DATE_EPOCH))
            if d.kind == "example"
        )
        text = flat(" ".join(p.extract_text() for p in PdfReader(io.BytesIO(item.produce({}))).pages))
        section = example_section(pages.tool_page(programme, tool))
        for table in tool.model.tables:
            label = next(b.label for b in tool.canvas.blocks if b.id == table.id)
            lines = table_lines(page_table(section, label))
            figures = {c for line in lines[1:] for c in line[1:] if c}
            typed = {c for line in lines[1:] for c in line[1 : 1 + len(table.columns)] if c}
            assert typed and typed <= figures, (tool.id, table.id)
            missing = sorted(f for f in figures if f not in text)
            assert not missing, (tool.id, table.id, missing)


@pytest.mark.browser
def test_built_example_table_is_right_aligned_with_its_total(open_page):
    """In Chromium, on the built page: the figures of the example table are right-aligned (the
    stylesheet wins over Material's left alignment) and the total row is bold."""
    page = open_page("tools/kostprijsmodel/")
    table = page.locator("table:has(caption.ia-example-caption)").first
    assert table.locator("caption").inner_text().strip() == "Kosten per jaar"
    aligns = table.locator("td.ia-num").evaluate_all("cells => cells.map(c => getComputedStyle(c).textAlign)")
    assert aligns and set(aligns) == {"right"}, aligns
    total = table.locator("tfoot tr.ia-example-total")
    assert total.locator("th").inner_text().strip() == "Totaal"
    assert "€ 121.200" in flat(total.inner_text())
    weight = total.locator("td").last.evaluate("c => getComputedStyle(c).fontWeight")
    assert int(weight) >= 700


# --- one rounding rule in every output ------------------------------------------------------------


def test_rounding_rule_is_plain_dutch():
    sentences = [s for s in re.split(r"(?<=[.:])\s+", ROUNDING_RULE) if s]
    assert len(sentences) >= 5 and max(len(s.split()) for s in sentences) <= 15, sentences
    assert "jullie" in ROUNDING_RULE


def test_every_output_states_the_same_rounding_rule(tools):
    import docx
    import openpyxl
    from pypdf import PdfReader

    from macros.downloads import index
    from macros.render import pages

    rule = flat(ROUNDING_RULE)
    for programme, tool in tools:
        outputs: dict[str, str] = {}
        page = pages.tool_page(programme, tool)
        form = BeautifulSoup(page, "html.parser").find(class_="ia-calc-rule")
        assert form is not None, tool.id
        outputs["form"] = flat(form.get_text())
        downloads = index.tool_downloads(tool, programme.sources[tool.based_on], SITE_URL, int(SOURCE_DATE_EPOCH))
        for item in downloads:
            data = item.produce({})
            if item.uri.endswith(".xlsx"):
                book = openpyxl.load_workbook(io.BytesIO(data))
                for sheet in book.worksheets:
                    outputs[f"xlsx {sheet.title}"] = flat(str(sheet["A3"].value))
            elif item.uri.endswith(".docx"):
                outputs["docx"] = flat("\n".join(p.text for p in docx.Document(io.BytesIO(data)).paragraphs))
            elif item.uri.endswith(".pdf"):
                outputs[f"pdf {item.kind}"] = flat(
                    " ".join(p.extract_text() for p in PdfReader(io.BytesIO(data)).pages)
                )
        assert {"form", "xlsx Invullen", "xlsx Voorbeeld", "docx", "pdf canvas", "pdf worksheet", "pdf example"} <= set(
            outputs
        ), (tool.id, sorted(outputs))
        assert outputs["form"] == rule
        assert outputs["xlsx Invullen"] == outputs["xlsx Voorbeeld"] == rule
        without = [name for name, text in outputs.items() if rule not in text]
        # The fixture's results block on the blank A3 canvas is too small for its fields and the
        # rule (pdf.py then leaves the rule out); every real tool states it in every output.
        assert without == (["pdf canvas"] if tool.id == "rekenblad" else []), (tool.id, without)
        older = [(name, old) for name, text in outputs.items() for old in OLD_WORDINGS if old in text]
        assert not older, (tool.id, older)


def test_wrapped_line_estimate_breaks_at_words_and_splits_long_addresses():
    from macros.downloads.workbook import _wrapped_lines

    assert _wrapped_lines("kort", 40) == 1
    assert _wrapped_lines("", 10) == 1
    assert _wrapped_lines("Loon van de medewerkers (2,2 fte), met werkgeverslasten", 41) == 2
    # a web address longer than a line starts on a line of its own and breaks inside the word
    assert _wrapped_lines("Uitleg: https://impactacademie.github.io/impactacademie/tools/kostprijsmodel/", 30) == 4


def test_workbook_rows_have_room_for_their_wrapped_text(tools):
    """LibreOffice and Excel do not grow a row for wrapped text that openpyxl writes: without a height
    a long cost line or a two-line column header is cut off, and the rule under the title ran off the
    page as one line, so 'fit to width' printed the sheet tiny. Every wrapped text gets its lines."""
    import openpyxl

    from macros.downloads import index
    from macros.downloads.workbook import _wrapped_lines

    checked = 0
    for programme, tool in tools:
        for item in index.tool_downloads(tool, programme.sources[tool.based_on], SITE_URL, int(SOURCE_DATE_EPOCH)):
            if not item.uri.endswith(".xlsx"):
                continue
            book = openpyxl.load_workbook(io.BytesIO(item.produce({})))
            for sheet in book.worksheets:
                rule = next(r for r in sheet.merged_cells.ranges if r.coord.startswith("A3:"))
                assert rule.max_col >= 4 and sheet["A3"].alignment.wrap_text, (tool.id, sheet.title)
                for row in sheet.iter_rows():
                    for cell in row:
                        if (
                            not isinstance(cell.value, str)
                            or cell.value.startswith("=")
                            or not cell.alignment.wrap_text
                        ):
                            continue
                        if cell.coordinate == "A3":
                            width = sum(
                                sheet.column_dimensions[openpyxl.utils.get_column_letter(c)].width or 13
                                for c in range(1, rule.max_col + 1)
                            )
                        else:
                            width = sheet.column_dimensions[cell.column_letter].width or 13
                        size = float(cell.font.size or 11)
                        lines = _wrapped_lines(cell.value, int(max(1.0, width * 11.0 / size - 1)))
                        if lines > 1:
                            height = sheet.row_dimensions[cell.row].height
                            assert height and height >= lines * size * 1.2, (tool.id, sheet.title, cell.coordinate)
                            checked += 1
    assert checked >= 8
