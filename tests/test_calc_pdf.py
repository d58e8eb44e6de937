"""The PDFs of a calculating tool (issue 14), on the fixture tool `rekenblad` (tests/fixtures/mini):
the A3 canvas and the A4 worksheet print each model table as a table (row names, columns, computed
columns, total row) with a single-line field per typed cell, and the results block with a field per
output and per cell of a computed row; the worked example shows every figure, computed by
evaluate_model and written the Dutch way; poppler renders every page."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
from pypdf import PdfReader

from conftest import SOURCE_DATE_EPOCH, ensure_debian_package
from macros.checks.programme import load_programme
from macros.downloads import index, pdf
from macros.model import calc
from macros.model import schema as m

FIXTURE = Path(__file__).parent / "fixtures" / "mini"
SITE_URL = "https://impactacademie.github.io/impactacademie/"
MULTILINE = 1 << 12


@pytest.fixture(scope="module")
def tool() -> m.Tool:
    programme, problems = load_programme(FIXTURE)
    assert programme is not None, problems
    found = programme.tools["rekenblad"]
    assert found.model is not None and found.model.tables and found.model.rows
    return found


@pytest.fixture(scope="module")
def files(tool, tmp_path_factory) -> dict[str, Path]:
    programme, _ = load_programme(FIXTURE)
    assert programme is not None
    folder = tmp_path_factory.mktemp("calc-pdf")
    out = {}
    for item in index.tool_downloads(tool, programme.sources[tool.based_on], SITE_URL, int(SOURCE_DATE_EPOCH)):
        if item.uri.endswith(".pdf"):
            path = folder / Path(item.uri).name
            path.write_bytes(item.produce({}))
            out[item.kind] = path
    assert {"canvas", "worksheet", "example"} <= set(out), sorted(out)
    return out


@pytest.fixture(scope="module")
def poppler() -> dict[str, str]:
    return {name: ensure_debian_package(name, "poppler-utils") for name in ("pdftotext", "pdftoppm")}


def widgets(reader: PdfReader) -> list[dict]:
    found = []
    for number, page in enumerate(reader.pages):
        for ref in page.get("/Annots") or []:
            annot = ref.get_object()
            if annot.get("/Subtype") == "/Widget":
                rect = [float(v) for v in annot["/Rect"]]
                found.append(
                    {"name": str(annot["/T"]), "flags": int(annot.get("/Ff", 0)), "rect": rect, "page": number}
                )
    return found


def text_of(poppler, path: Path) -> str:
    result = subprocess.run(
        [poppler["pdftotext"], "-raw", "-enc", "UTF-8", str(path), "-"], capture_output=True, text=True, check=True
    )
    return " ".join(result.stdout.split())


def overlap(a: list[float], b: list[float]) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


@pytest.mark.parametrize("kind", ["canvas", "worksheet"])
def test_model_tables_have_a_field_per_typed_cell(tool, files, kind):
    found = widgets(PdfReader(files[kind]))
    names = [w["name"] for w in found]
    assert len(names) == len(set(names)), "field names repeat"
    for table in tool.model.tables:
        cells = [w for w in found if w["name"].startswith(f"{table.id}-r")]
        rows = {w["name"].split("-")[1] for w in cells}
        assert len(rows) >= 2, (kind, table.id, rows)
        assert len(cells) == len(rows) * (1 + len(table.columns)), (kind, table.id)
        for n in rows:
            assert {w["name"] for w in cells if w["name"].split("-")[1] == n} == {
                f"{table.id}-{n}-{c}" for c in ["naam", *(c.id for c in table.columns)]
            }
        for w in cells:
            assert not w["flags"] & MULTILINE, w["name"]
            assert w["rect"][3] - w["rect"][1] >= 10, f"{w['name']}: too low to type in"
        computed = [w for w in found if any(w["name"].endswith(f"-{c.id}") for c in table.computed)]
        assert not computed, "computed cells are not typed"
        assert table.id not in names, "a model table has no one big field"
    results = next(b for b in tool.canvas.blocks if b.kind == "results")
    for output in tool.model.outputs:
        assert f"{results.id}-{output.id}" in names
    for row in tool.model.rows:
        over = next(t for t in tool.model.tables if t.id == row.over)
        for j in range(len(over.columns)):
            assert f"{results.id}-{row.id}-{j + 1}" in names
    number = next(b for b in tool.canvas.blocks if b.kind == "number")
    text_blocks = [b for b in tool.canvas.blocks if b.kind in ("text", "list", "number")]
    for block in text_blocks:
        field = next(w for w in found if w["name"] == block.id)
        assert field["flags"] & MULTILINE, block.id
    assert number.id in names
    for page in {w["page"] for w in found}:
        rects = [w["rect"] for w in found if w["page"] == page]
        assert not any(overlap(a, b) for i, a in enumerate(rects) for b in rects[i + 1 :]), kind


def test_the_canvas_cells_lie_inside_their_block(tool, files):
    found = widgets(PdfReader(files["canvas"]))
    for block in tool.canvas.blocks:
        box = pdf.block_box(block.position)
        mine = [w for w in found if w["name"] == block.id or w["name"].startswith(f"{block.id}-")]
        assert mine, block.id
        for w in mine:
            x0, y0, x1, y1 = w["rect"]
            assert box.left <= x0 < x1 <= box.right and box.bottom <= y0 < y1 <= box.top, (block.id, w["name"])


def test_the_printed_tables_name_rows_columns_and_totals(tool, files, poppler):
    for kind in ("canvas", "worksheet"):
        text = text_of(poppler, files[kind])
        for table in tool.model.tables:
            for heading in [table.rows_label, *(c.label for c in table.columns), *(c.label for c in table.computed)]:
                assert heading in text, (kind, heading)
            if table.total_row:
                assert table.total_row in text, (kind, table.total_row)
        for item in [*tool.model.outputs, *tool.model.rows]:
            assert item.label in text, (kind, item.label)


def test_the_example_shows_every_figure_in_dutch(tool, files, poppler):
    reader = PdfReader(files["example"])
    assert not (reader.get_fields() or {}), "the example has nothing to fill in"
    text = text_of(poppler, files["example"])
    results = calc.evaluate_example(tool.model)
    figures = []
    for table in tool.model.tables:
        result = results.tables[table.id]
        figures += result.labels
        for c in table.computed:
            figures += [calc.display(cell, c.unit) for cell in result.computed[c.id]]
        units = [(c.id, table.unit_of(c)) for c in table.columns] + [(c.id, c.unit) for c in table.computed]
        figures += [calc.display(result.totals[c], unit) for c, unit in units if calc.shows_total(unit)]
        for j, column in enumerate(table.columns):  # typed cells as display() writes them: 50,0%, not 50%
            figures += [calc.display(row[j], table.unit_of(column)) for row in result.cells if row[j].value is not None]
    for row in tool.model.rows:
        figures += [calc.display(cell, row.unit) for cell in results.rows[row.id]]
    figures += [f"{o.label} {calc.display(results.outputs[o.id], o.unit)}" for o in tool.model.outputs]
    assert {"Kostprijs per huishouden € 483,33", "€ 116.000", "€ 2.500,50", "50,0%", "€ 1.250,50"} <= set(figures)
    missing = [f for f in figures if f not in text]
    assert not missing, f"not in the example PDF: {missing}"
    assert not any(word in text for word in ("nan", "inf", "e+", "None"))


def test_poppler_renders_every_page(files, poppler, tmp_path):
    for kind, path in files.items():
        subprocess.run([poppler["pdftoppm"], "-r", "20", "-png", str(path), str(tmp_path / kind)], check=True)
        images = list(tmp_path.glob(f"{kind}-*.png"))
        assert len(images) == len(PdfReader(path).pages) and all(i.stat().st_size > 500 for i in images), kind


def test_a_model_table_too_small_for_its_block_shows_its_figures_as_text_by_display(tool, poppler, tmp_path):
    """Where the example's model table does not fit its block, the block (or the page after it)
    lists the rows as text: typed figures by display() too (50,0%, not the example's own 50%)."""
    programme, _ = load_programme(FIXTURE)
    assert programme is not None
    blocks = [
        b.model_copy(update={"position": b.position.model_copy(update={"width": 4, "height": 1})})
        if b.id == "kosten"
        else b
        for b in tool.canvas.blocks
    ]
    small = tool.model_copy(update={"canvas": tool.canvas.model_copy(update={"blocks": blocks})})
    item = next(
        d
        for d in index.tool_downloads(small, programme.sources[tool.based_on], SITE_URL, int(SOURCE_DATE_EPOCH))
        if d.kind == "example"
    )
    path = tmp_path / "small.pdf"
    path.write_bytes(item.produce({}))
    text = " ".join(text_of(poppler, path).split())
    assert "Huur werkplaats" in text and "Lees verder op de volgende pagina." in text
    assert all(f in text for f in ("50,0%", "60,0%", "100,0%", "40,0%")), text


def test_wrap_ends_in_a_column_narrower_than_one_letter():
    """A model table squeezed into a narrow block can give a column of no width (or less): wrap
    must still end, one letter a line, instead of splitting an empty word for ever (the example
    PDF of a width-1 table block never finished)."""
    from macros.downloads import fonts

    fonts.register()
    for width in (0.0, -12.0, 2.0):
        lines = pdf.wrap("Kostenpost", fonts.REGULAR, 8.0, width)
        assert "".join(line.rstrip("-") for line in lines) == "Kostenpost", lines
