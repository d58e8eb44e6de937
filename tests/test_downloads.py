"""The downloads (issue 4), read back with the real readers: pypdf, poppler (pdftotext, pdftoppm),
python-docx, LibreOffice (recalculation) + openpyxl, and the strict `ical` parser.

Most tests read the strict build of the real site (`site` fixture). The workbook tests use the
fixture project's two numeric tools (canvas-a, rekenblad) and every real tool with a model.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import json
import logging
import re
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from bs4 import BeautifulSoup
from pypdf import PdfReader, PdfWriter

from conftest import ROOT, SOURCE_DATE_EPOCH, ensure_debian_package
from macros.checks.programme import load_programme
from macros.downloads import cache, formula, index, pdf
from macros.downloads.common import DEFAULT_EPOCH, page_url, source_date_epoch, write_zip
from macros.downloads.model import dutch_size
from macros.model import calc
from macros.model import schema as m
from macros.model.calendar_dates import week_monday
from macros.model.numbers import format_number

FIXTURE = Path(__file__).parent / "fixtures" / "mini"
EPOCH = int(SOURCE_DATE_EPOCH)
SITE_URL = "https://impactacademie.github.io/impactacademie/"
A3_LANDSCAPE = (1190.55, 841.89)
A4_PORTRAIT = (595.28, 841.89)
MULTILINE = 1 << 12  # field flag bit 13
TOLERANCE = 0.05


# --- fixtures -----------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def real():
    programme, problems = load_programme(ROOT)
    assert programme is not None, problems
    return programme


@pytest.fixture(scope="module")
def mini_files(mini) -> dict[str, bytes]:
    """The fixture project's downloads, made without the cache."""
    return {b.uri: b.content for b in cache.generate(index.downloads(mini, SITE_URL, EPOCH), None).built}


@pytest.fixture(scope="module")
def poppler() -> dict[str, str]:
    return {name: ensure_debian_package(name, "poppler-utils") for name in ("pdftotext", "pdftoppm")}


@pytest.fixture(scope="module")
def soffice() -> str:
    return ensure_debian_package("soffice", "libreoffice-calc-nogui")


def site_downloads(site: Path, pattern: str) -> list[Path]:
    found = sorted((site / "downloads").rglob(pattern))
    assert found, f"no {pattern} under {site / 'downloads'}"
    return found


def tool_pdf(site: Path, tool_id: str, suffix: str) -> Path:
    return site / "downloads" / "tools" / f"{tool_id}{suffix}"


def words(text: str) -> str:
    """Whitespace folded, so a wrapped line compares with the YAML text."""
    return " ".join(text.split())


def letters(text: str) -> str:
    """Without whitespace and hyphens: a word hyphenated in a narrow table cell still matches."""
    return re.sub(r"[\s\-]", "", text)


def pdf_text(poppler: dict[str, str], path: Path) -> str:
    result = subprocess.run(
        [poppler["pdftotext"], "-raw", "-enc", "UTF-8", str(path), "-"], capture_output=True, text=True, check=True
    )
    return words(result.stdout)


def widgets(page) -> list[dict]:
    """The form widgets of a page: name, field flags and rectangle."""
    found = []
    for ref in page.get("/Annots") or []:
        annot = ref.get_object()
        if annot.get("/Subtype") == "/Widget":
            found.append(
                {
                    "name": str(annot["/T"]),
                    "flags": int(annot.get("/Ff", 0)),
                    "type": annot.get("/FT"),
                    "rect": [float(v) for v in annot["/Rect"]],
                }
            )
    return found


def overlap(a: list[float], b: list[float]) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def expected_block_rect(position: m.Position) -> tuple[float, float, float, float]:
    """The block's rectangle from the YAML grid, computed here from the grid's outer box alone:
    12 equal columns and 8 equal rows with a fixed gutter between them."""
    grid, gutter = pdf.A3_GRID, pdf.GUTTER
    column = (grid.right - grid.left - 11 * gutter) / 12
    row = (grid.top - grid.bottom - 7 * gutter) / 8
    left = grid.left + (position.col - 1) * (column + gutter)
    right = left + position.width * column + (position.width - 1) * gutter
    top = grid.top - (position.row - 1) * (row + gutter)
    bottom = top - position.height * row - (position.height - 1) * gutter
    return left, bottom, right, top


# --- every download is in the site --------------------------------------------------------------


def test_every_download_is_in_the_built_site(site, real):
    items = index.downloads(real, SITE_URL, EPOCH)
    kinds = {d.kind for d in items}
    assert {"canvas", "worksheet", "example", "word", "calendar", "module-bundle", "toolkit"} <= kinds
    for item in items:
        assert (site / item.uri).is_file(), item.uri
    for tool_id in real.tools:
        for suffix in ("-a3.pdf", "-a4.pdf", "-voorbeeld.pdf", ".docx"):
            assert tool_pdf(site, tool_id, suffix).is_file()


def test_tool_pages_have_download_buttons_with_sizes(site, real):
    for tool_id in real.tools:
        page = BeautifulSoup((site / "tools" / tool_id / "index.html").read_text("utf-8"), "lxml")
        buttons = page.select("a.md-button[href*='downloads/tools/']")
        assert len(buttons) >= 4, tool_id
        for button in buttons:
            target = (site / "tools" / tool_id / button["href"]).resolve()
            assert target.is_file(), button["href"]
            assert re.fullmatch(r".+ \((pdf|Word|Excel), \d+ kB\)", button.get_text(strip=True))
            assert f"{dutch_size(target.stat().st_size)})" in button.get_text()
        assert "Canvas A3 (pdf," in page.get_text()


def test_overview_page_links_every_download(site, real):
    page = BeautifulSoup((site / "downloads" / "index.html").read_text("utf-8"), "lxml")
    hrefs = {(site / "downloads" / a["href"]).resolve() for a in page.select("article a[href]")}
    for item in index.downloads(real, SITE_URL, EPOCH):
        assert (site / item.uri).resolve() in hrefs, item.uri
    headings = [h.get_text() for h in page.select("article h2")]
    assert any("Module 1" in h for h in headings) and any("Agenda" in h for h in headings)


def test_programme_days_page_links_each_cohort_calendar(site, real):
    page = BeautifulSoup((site / "programmadagen" / "index.html").read_text("utf-8"), "lxml")
    hrefs = [a["href"] for a in page.select("a.md-button")]
    for cohort in real.cohorts:
        assert f"../downloads/kalender/{cohort.id}.ics" in hrefs


# --- PDFs ---------------------------------------------------------------------------------------


def test_a3_canvas_fields_match_the_yaml_grid(site, real):
    for tool_id, tool in real.tools.items():
        reader = PdfReader(tool_pdf(site, tool_id, "-a3.pdf"))
        assert len(reader.pages) == 1
        box = reader.pages[0].mediabox
        assert (float(box.width), float(box.height)) == pytest.approx(A3_LANDSCAPE, abs=TOLERANCE)
        found = {w["name"]: w for w in widgets(reader.pages[0])}
        tables = [  # a block of the numeric model or a plain table: a field per cell
            b
            for b in tool.canvas.blocks
            if (pdf.shows_model(tool, b) or pdf.is_plain_table(tool, b)) and b.id not in found
        ]
        cells = {n for n in found if any(n.startswith(f"{b.id}-") for b in tables)}
        assert sorted(set(found) - cells) == sorted(b.id for b in tool.canvas.blocks if b not in tables), tool_id
        for block in tables:  # a block of the numeric model: a field per cell (tests/test_calc_pdf.py)
            left, bottom, right, top = expected_block_rect(block.position)
            mine = [found[n] for n in cells if n.startswith(f"{block.id}-")]
            assert mine, f"{tool_id}.{block.id}: no field"
            for w in mine:
                x0, y0, x1, y1 = w["rect"]
                assert left <= x0 < x1 <= right and bottom <= y0 < y1 <= top, (tool_id, w["name"])
        for block in tool.canvas.blocks:
            if block in tables:
                continue
            field = found[block.id]
            assert field["type"] == "/Tx" and field["flags"] & MULTILINE, (tool_id, block.id)
            left, bottom, right, top = expected_block_rect(block.position)
            x0, y0, x1, y1 = field["rect"]
            inset = pdf.FIELD_INSET
            assert (x0, y0, x1) == pytest.approx((left + inset, bottom + inset, right - inset), abs=TOLERANCE)
            assert bottom + inset < y1 <= top, (tool_id, block.id)
            assert y1 - y0 >= 0.3 * (top - bottom), f"{tool_id}.{block.id}: too little room to write"
        rects = [w["rect"] for w in found.values()]
        assert not any(overlap(a, b) for i, a in enumerate(rects) for b in rects[i + 1 :]), tool_id


def owner(name: str, ids: set[str]) -> str:
    """The block a field belongs to: its own name, or the longest block id it starts with (the
    cells of a model table are `<block>-r1-<column>`)."""
    return name if name in ids else max((i for i in ids if name.startswith(f"{i}-")), key=len, default=name)


def test_a4_worksheet_has_one_field_per_block(site, real):
    for tool_id, tool in real.tools.items():
        reader = PdfReader(tool_pdf(site, tool_id, "-a4.pdf"))
        ids = {b.id for b in tool.canvas.blocks}
        names = []
        for page in reader.pages:
            assert (float(page.mediabox.width), float(page.mediabox.height)) == pytest.approx(
                A4_PORTRAIT, abs=TOLERANCE
            )
            page_widgets = widgets(page)
            rects = [w["rect"] for w in page_widgets]
            assert not any(overlap(a, b) for i, a in enumerate(rects) for b in rects[i + 1 :]), tool_id
            for w in page_widgets:
                if w["name"] in ids:  # not a cell of a table of the numeric model (tests/test_calc_pdf.py)
                    assert w["flags"] & MULTILINE and w["rect"][3] - w["rect"][1] >= 50
                assert 0 <= w["rect"][0] < w["rect"][2] <= A4_PORTRAIT[0]
                assert 0 <= w["rect"][1] < w["rect"][3] <= A4_PORTRAIT[1]
            names += [owner(w["name"], ids) for w in page_widgets]
        assert list(dict.fromkeys(names)) == [b.id for b in tool.canvas.blocks], tool_id


def test_fields_use_the_embedded_form_font(site, real):
    for tool_id in real.tools:
        for suffix in ("-a3.pdf", "-a4.pdf"):
            reader = PdfReader(tool_pdf(site, tool_id, suffix))
            form = reader.trailer["/Root"]["/AcroForm"]
            assert str(form["/DA"]).startswith("/DejaVu 0 Tf")
            font = form["/DR"]["/Font"]["/DejaVu"].get_object()
            assert "/FontFile2" in font["/FontDescriptor"], "the form font must be embedded"
            assert not [name for name, f in reader.get_fields().items() if "/MaxLen" in f], (tool_id, suffix)


def test_pdftotext_finds_every_label_and_question(site, real, poppler):
    for tool_id, tool in real.tools.items():
        for suffix in ("-a3.pdf", "-a4.pdf", "-voorbeeld.pdf"):
            text = pdf_text(poppler, tool_pdf(site, tool_id, suffix))
            assert words(tool.title) in text
            for block in tool.canvas.blocks:
                assert words(block.label) in text, (tool_id, suffix, block.label)
                assert words(block.question) in text, (tool_id, suffix, block.question)
            assert "CC BY-SA 4.0" in text and f"tools/{tool_id}/" in text


def test_pdftoppm_renders_every_page(site, poppler, tmp_path):
    for path in site_downloads(site, "*.pdf"):
        pages = len(PdfReader(path).pages)
        out = tmp_path / path.stem
        subprocess.run([poppler["pdftoppm"], "-r", "20", "-png", str(path), str(out)], check=True, capture_output=True)
        images = sorted(tmp_path.glob(f"{path.stem}-*.png"))
        assert len(images) == pages, path.name
        assert all(image.stat().st_size > 500 for image in images), path.name


def test_every_font_is_embedded(site):
    for path in site_downloads(site, "*.pdf"):
        reader = PdfReader(path)
        for page in reader.pages:
            for font in (page["/Resources"].get("/Font") or {}).values():
                font = font.get_object()
                descriptor = font.get("/FontDescriptor")
                assert descriptor is not None and "/FontFile2" in descriptor.get_object(), (
                    path.name,
                    font["/BaseFont"],
                )


def test_a3_canvas_stays_under_100_kb(site):
    """Under 100 KB, or, for a canvas with many fillable fields (twelve months of receipts and
    payments: 166 fields), 66 KB plus 0.4 KB per field: each field costs about 310 bytes, and the
    rest (the embedded font subset, the drawing) is 45-63 KB for every canvas of the programme.
    So a second font or an image still fails, whatever the number of fields."""
    for path in site_downloads(site, "*-a3.pdf"):
        fields = len(PdfReader(path).pages[0].get("/Annots") or [])
        limit = max(100_000, 66_000 + 400 * fields)
        assert path.stat().st_size < limit, f"{path.name}: {path.stat().st_size} bytes, {fields} fields"


def example_texts(value: m.ExampleValue) -> list[str]:
    if isinstance(value, (int, float)):
        return [format_number(value)]  # a number block's example, written the Dutch way (1.200)
    if isinstance(value, list):
        return [cell for item in value for cell in (item if isinstance(item, list) else [item])]
    return [str(value)]


def test_example_pdf_holds_the_example_and_is_read_only(site, real, poppler):
    for tool_id, tool in real.tools.items():
        path = tool_pdf(site, tool_id, "-voorbeeld.pdf")
        reader = PdfReader(path)
        fields = reader.get_fields() or {}
        assert all(int(f.get("/Ff", 0)) & 1 for f in fields.values()), "fields must be flattened or read-only"
        text = letters(pdf_text(poppler, path))
        assert letters(tool.example.initiative) in text
        tables = {t.id: t for t in tool.model.tables} if tool.model is not None else {}
        results = calc.evaluate_example(tool.model) if tool.model is not None else None
        for block in tool.canvas.blocks:
            if block.kind == "results":
                continue  # label and figure in two columns: tests/test_calc_pdf.py checks each figure
            parts = example_texts(tool.example.values[block.id])
            if block.id in tables and results is not None:  # typed figures as calc.display writes them
                table, result = tables[block.id], results.tables[block.id]
                parts = list(result.labels) + [
                    calc.display(c, table.unit_of(col))
                    for row in result.cells
                    for c, col in zip(row, table.columns, strict=True)
                ]
                assert "60,0%" in parts or tool_id != "kostprijsmodel", parts  # not the example's own 60%
            elif results is not None and block.id in results.inputs:
                unit = next(i.unit for i in tool.model.inputs if i.id == block.id)
                parts = [calc.display(results.inputs[block.id], unit)]
            for part in parts:
                assert letters(part) in text, (tool_id, block.id, part)


def test_long_example_text_continues_instead_of_being_cut(mini, poppler, tmp_path):
    tool = mini.tools["canvas-a"]
    long_text = " ".join(f"Zin {i} van een heel lang verhaal over De Klusbus en de buurt." for i in range(400))
    values = dict(tool.example.values, links=long_text)
    tool = tool.model_copy(update={"example": tool.example.model_copy(update={"values": values})})
    item = next(
        d for d in index.tool_downloads(tool, mini.sources[tool.based_on], SITE_URL, EPOCH) if d.kind == "example"
    )
    path = tmp_path / "long.pdf"
    path.write_bytes(item.produce({}))
    assert len(PdfReader(path).pages) >= 2
    text = pdf_text(poppler, path)
    assert "Zin 0 van" in text and "Zin 399 van een heel lang verhaal over De Klusbus en de buurt." in text
    assert "Lees verder op de volgende pagina." in text


def test_typed_letters_survive_filling_and_reading_back(mini_files, poppler, tmp_path, caplog):
    """Fill every field with pypdf as a participant would type; the value reads back unchanged,
    pypdf can encode it with the embedded form font (no '?' substitutes), and poppler renders it."""
    value = "Coöperatie ş ğ ł ç\nİstanbul, Łódź, Şişli, Brașov, Dvořák: € 12,50"
    for suffix in ("-a3.pdf", "-a4.pdf"):
        writer = PdfWriter(clone_from=io.BytesIO(mini_files[f"downloads/tools/canvas-a{suffix}"]))
        with caplog.at_level(logging.WARNING, logger="pypdf"):
            for page in writer.pages:
                names = [w["name"] for w in widgets(page)]
                writer.update_page_form_field_values(page, {n: value for n in names}, auto_regenerate=False)
        assert not [r for r in caplog.records if "not supported by font encoding" in r.getMessage()]
        out = tmp_path / f"filled{suffix}"
        writer.write(out)
        fields = PdfReader(out).get_fields()
        assert {name: fields[name]["/V"] for name in ("links", "rechts")} == {"links": value, "rechts": value}
        appearance = PdfReader(out).pages[0]["/Annots"][0].get_object()["/AP"]["/N"].get_object()
        assert "/DejaVu" in appearance["/Resources"]["/Font"]
        assert b"?" not in appearance.get_data()
        subprocess.run(
            [poppler["pdftoppm"], "-r", "30", "-png", str(out), str(tmp_path / f"f{suffix}")],
            check=True,
            capture_output=True,
        )


# --- Word ---------------------------------------------------------------------------------------


def test_word_files_have_real_headings(site, real):
    import docx

    for tool_id, tool in real.tools.items():
        document = docx.Document(str(tool_pdf(site, tool_id, ".docx")))
        headings = {p.style.name: [] for p in document.paragraphs}
        for paragraph in document.paragraphs:
            headings[paragraph.style.name].append(paragraph.text)
        assert headings["Heading 1"] == [tool.title]
        for block in tool.canvas.blocks:
            assert block.label in headings["Heading 2"], (tool_id, block.label)
        text = "\n".join(p.text for p in document.paragraphs)
        for block in tool.canvas.blocks:
            assert block.question in text
        for section in document.sections:  # A4, not python-docx's US Letter
            assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297), tool_id
        properties = document.core_properties
        assert properties.title == tool.title and properties.language == "nl-NL"
        assert properties.created == properties.modified
        assert properties.created.replace(tzinfo=None) == dt.datetime.fromtimestamp(EPOCH, dt.UTC).replace(tzinfo=None)


# --- Excel --------------------------------------------------------------------------------------


def recalculate(soffice: str, sources: list[Path], out: Path) -> None:
    """Let LibreOffice open, recalculate and save each workbook (the real spreadsheet engine)."""
    profile = out / "profile"
    subprocess.run(
        [soffice, f"-env:UserInstallation=file://{profile}", "--headless", "--convert-to", "xlsx", "--outdir", str(out)]
        + [str(s) for s in sources],
        check=True,
        capture_output=True,
        timeout=300,
    )


def test_workbook_recalculated_by_libreoffice_gives_the_expected_outputs(mini, mini_files, soffice, tmp_path):
    import openpyxl

    from macros.downloads.workbook import cell_map

    tool = mini.tools["canvas-a"]
    model = tool.model
    cells = cell_map(model)
    original = tmp_path / "canvas-a.xlsx"
    original.write_bytes(mini_files["downloads/tools/canvas-a.xlsx"])
    book = openpyxl.load_workbook(original)
    for item in model.inputs:
        book["Invullen"][cells[item.id]] = item.example  # the fill-in sheet, as a participant would
    book.save(tmp_path / "ingevuld.xlsx")
    out = tmp_path / "out"
    recalculate(soffice, [original, tmp_path / "ingevuld.xlsx"], out)
    for name, sheets in (("canvas-a", ("Voorbeeld",)), ("ingevuld", ("Invullen", "Voorbeeld"))):
        values = openpyxl.load_workbook(out / f"{name}.xlsx", data_only=True)
        for sheet in sheets:
            for item in model.outputs:
                assert values[sheet][cells[item.id]].value == pytest.approx(item.expected), (name, sheet, item.id)
    empty = openpyxl.load_workbook(out / "canvas-a.xlsx", data_only=True)["Invullen"]
    # an empty sheet shows no spreadsheet error but the Dutch message (issue 14)
    assert empty[cells["per_deelnemer"]].value == "Vul eerst ‘Deelnemers’ in; delen door 0 kan niet."


def test_workbook_numbers_look_dutch_in_libreoffice(mini, mini_files, soffice, tmp_path):
    """Cells keep numbers; their number format shows them the Dutch way (1.500.000, € 1.234,57)
    whatever the language of the spreadsheet program. LibreOffice saves the cells as shown."""
    import openpyxl

    from macros.downloads.workbook import cell_map

    tool = mini.tools["canvas-a"]
    cells = cell_map(tool.model)
    book = openpyxl.load_workbook(io.BytesIO(mini_files["downloads/tools/canvas-a.xlsx"]))
    sheet = book["Invullen"]
    kosten, deelnemers = (cells[item.id] for item in tool.model.inputs)
    sheet[kosten] = 1234567.891
    sheet[deelnemers] = 1500000
    assert isinstance(sheet[kosten].value, float)
    book.active = book.sheetnames.index("Invullen")
    book.save(tmp_path / "groot.xlsx")
    out = tmp_path / "out"
    subprocess.run(
        [
            soffice,
            f"-env:UserInstallation=file://{out / 'profile'}",
            "--headless",
            "--convert-to",
            "csv:Text - txt - csv (StarCalc):59,34,76,1,,0,false,true,true",
            "--outdir",
            str(out),
            str(tmp_path / "groot.xlsx"),
        ],
        check=True,
        capture_output=True,
        timeout=300,
    )
    shown = (out / "groot.csv").read_text("utf-8")
    assert "€ 1.234.567,89" in shown and "1.500.000" in shown and ";0,82;" in shown, shown
    assert not re.search(
        r"\d,\d{3}(?!\d)|\d\.\d{2}(?!\d)", shown.replace("1.234.567,89", "").replace("1.500.000", "")
    ), shown


def test_workbook_cells_are_labelled_locked_and_validated(mini, mini_files):
    import openpyxl

    from macros.downloads.workbook import cell_map

    model = mini.tools["canvas-a"].model
    cells = cell_map(model)
    book = openpyxl.load_workbook(io.BytesIO(mini_files["downloads/tools/canvas-a.xlsx"]))
    assert book.sheetnames == ["Invullen", "Voorbeeld"]
    for sheet in book:
        assert sheet.protection.sheet and not sheet.protection.password
        validated = {str(c) for rule in sheet.data_validations.dataValidation for c in rule.sqref.ranges}
        for item in model.inputs:
            cell = sheet[cells[item.id]]
            assert not cell.protection.locked
            assert sheet.cell(row=cell.row, column=1).value == item.label
            assert cells[item.id] in validated
        for item in model.outputs:
            cell = sheet[cells[item.id]]
            assert cell.protection.locked and str(cell.value).startswith("=")
            assert sheet.cell(row=cell.row, column=1).value == item.label
        rule = sheet.data_validations.dataValidation[0]
        assert rule.type == "decimal" and rule.error and "getal" in rule.error
    assert book["Voorbeeld"][cells["kosten"]].value == 100


def test_every_workbook_in_the_site_recalculates(site, real, soffice, tmp_path):
    """For real tools with a numeric model: the Voorbeeld sheet of the built site gives `expected`."""
    import openpyxl

    from macros.downloads.workbook import cell_map

    tools = [t for t in real.tools.values() if t.model is not None]
    assert sorted(p.stem for p in (site / "downloads" / "tools").glob("*.xlsx")) == sorted(t.id for t in tools)
    if not tools:
        return
    recalculate(soffice, [tool_pdf(site, t.id, ".xlsx") for t in tools], tmp_path)
    for tool in tools:
        values = openpyxl.load_workbook(tmp_path / f"{tool.id}.xlsx", data_only=True)["Voorbeeld"]
        cells = cell_map(tool.model)
        for item in tool.model.outputs:  # to the cent
            assert values[cells[item.id]].value == pytest.approx(item.expected, abs=0.005), (tool.id, item.id)


# --- calendars ----------------------------------------------------------------------------------


def test_calendars_pass_the_strict_parser_and_match_the_cohort(site, real):
    from ical.calendar_stream import IcsCalendarStream

    zone = ZoneInfo("Europe/Amsterdam")
    for cohort in real.cohorts:
        text = (site / "downloads" / "kalender" / f"{cohort.id}.ics").read_text("utf-8")
        calendar = IcsCalendarStream.calendar_from_ics(text)
        events = {e.uid: e for e in calendar.events}
        coaching, intervisie = real.contacts("C"), real.contacts("IV")
        assert len(calendar.events) == len(events) == len(cohort.programme_days) + len(coaching) + len(intervisie)
        for day in cohort.programme_days:
            event = events[f"{cohort.id}-{day.id.lower()}@impactacademie"]
            hours, minutes = map(int, day.start.split(":"))
            assert event.dtstart == dt.datetime.combine(day.date, dt.time(hours, minutes), tzinfo=zone)
            hours, minutes = map(int, day.end.split(":"))
            assert event.dtend == dt.datetime.combine(day.date, dt.time(hours, minutes), tzinfo=zone)
            assert event.location == day.place
        for contact_id, week in coaching + intervisie:
            event = events[f"{cohort.id}-{contact_id.lower()}@impactacademie"]
            monday = week_monday(cohort, week)
            assert (event.dtstart, event.dtend) == (monday, monday + dt.timedelta(days=5)), contact_id
            assert event.url and event.url.startswith("https://")
        assert "BEGIN:VTIMEZONE" in text and "TZID:Europe/Amsterdam" in text
        assert f"DTSTAMP:{dt.datetime.fromtimestamp(EPOCH, dt.UTC):%Y%m%dT%H%M%SZ}" in text


# --- bundles ------------------------------------------------------------------------------------


def test_bundles_are_deterministic_zips_of_the_downloads(site, real):
    stamp = dt.datetime.fromtimestamp(EPOCH, dt.UTC).timetuple()[:6]
    for path in site_downloads(site, "*.zip"):
        with zipfile.ZipFile(path) as archive:
            infos = archive.infolist()
            names = [i.filename for i in infos]
            assert names == sorted(names) and names, path.name
            for info in infos:
                assert info.date_time == stamp and info.extra == b"" and info.external_attr == 0o100644 << 16
                source = site / "downloads" / "tools" / Path(info.filename).name
                assert archive.read(info) == source.read_bytes(), (path.name, info.filename)
    for module in real.modules:
        tools = index.tools_of_module(real, module)
        bundle = site / "downloads" / "modules" / f"module-{module.number}-canvassen.zip"
        if tools:
            assert zipfile.ZipFile(bundle).namelist() == sorted(f"{t}-a3.pdf" for t in tools)
    toolkit = zipfile.ZipFile(site / "downloads" / "toolkit.zip").namelist()
    assert len(toolkit) == len(list((site / "downloads" / "tools").iterdir()))


# --- reproducible bytes -------------------------------------------------------------------------

DIGESTS = """
import hashlib, json, sys
from pathlib import Path
from macros.checks.programme import load_programme
from macros.downloads import cache, index
out = {}
for root in sys.argv[1:]:
    prog, _ = load_programme(Path(root))
    for b in cache.generate(index.downloads(prog, "https://example.org/ia/", 1767225600), None).built:
        out[root + ":" + b.uri] = hashlib.sha256(b.content).hexdigest()
print(json.dumps(out, sort_keys=True))
"""


@pytest.mark.slow
def test_generators_give_identical_bytes_in_two_processes():
    processes = []  # both at once: each takes one core
    for seed, epoch in (("1", "1"), ("4242", "2000000000")):
        env = dict(__import__("os").environ, PYTHONHASHSEED=seed, SOURCE_DATE_EPOCH=epoch)
        processes.append(
            subprocess.Popen(
                [sys.executable, "-c", DIGESTS, str(ROOT), str(FIXTURE)],
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                text=True,
                env=env,
            )
        )
    runs = []
    for process in processes:
        stdout, stderr = process.communicate(timeout=600)
        assert process.returncode == 0, stderr
        runs.append(json.loads(stdout))
    assert runs[0].keys() == runs[1].keys() and len(runs[0]) > 10
    assert [k for k in runs[0] if runs[0][k] != runs[1][k]] == []


def test_office_files_and_pdfs_carry_the_build_date(mini_files):
    for uri, data in mini_files.items():
        if uri.endswith((".docx", ".xlsx")):
            with zipfile.ZipFile(io.BytesIO(data)) as archive:
                assert {i.date_time for i in archive.infolist()} == {
                    dt.datetime.fromtimestamp(EPOCH, dt.UTC).timetuple()[:6]
                }
                core = archive.read("docProps/core.xml").decode()
                assert core.count("2026-01-01T00:00:00Z") == 2, core
        if uri.endswith(".pdf"):
            assert PdfReader(io.BytesIO(data)).metadata["/CreationDate"].startswith("D:20260101000000")


# --- the cache ----------------------------------------------------------------------------------


@pytest.fixture
def project(tmp_path) -> Path:
    target = tmp_path / "project"
    shutil.copytree(FIXTURE, target)
    return target


def test_second_generation_reads_everything_from_the_cache(project, monkeypatch):
    from macros.downloads import bundle, ics, word, workbook

    cache_dir = project / ".cache" / "downloads"
    prog, _ = load_programme(project)
    first = cache.generate(index.downloads(prog, SITE_URL, EPOCH), cache_dir)
    assert first.stats.cached == [] and len(first.stats.generated) == len(first.built)

    def forbidden(*args, **kwargs):
        raise AssertionError("a generator ran although its inputs did not change")

    for module, names in (
        (pdf, ("canvas_a3", "worksheet_a4", "example_pdf")),
        (word, ("word_file",)),
        (workbook, ("workbook_file",)),
        (ics, ("calendar_file",)),
        (bundle, ("zip_bundle",)),
    ):
        for name in names:
            monkeypatch.setattr(module, name, forbidden)
    # A week page changes, as in `mkdocs serve`: the programme is loaded again, no download changes.
    week = project / "docs" / "weken" / "week-01.md"
    week.write_text(week.read_text("utf-8") + "\nNog een zin.\n", encoding="utf-8")
    prog, _ = load_programme(project)
    second = cache.generate(index.downloads(prog, SITE_URL, EPOCH), cache_dir)
    assert second.stats.generated == [] and len(second.stats.cached) == len(first.built)
    assert [b.content for b in second.built] == [b.content for b in first.built]


def test_a_changed_tool_regenerates_only_its_files_and_the_bundles(project):
    cache_dir = project / ".cache" / "downloads"
    prog, _ = load_programme(project)
    cache.generate(index.downloads(prog, SITE_URL, EPOCH), cache_dir)
    tool_file = project / "worksheets" / "canvas-a.yml"
    tool_file.write_text(tool_file.read_text("utf-8").replace("title: Canvas A", "title: Canvas Anders"), "utf-8")
    prog, _ = load_programme(project)
    again = cache.generate(index.downloads(prog, SITE_URL, EPOCH), cache_dir)
    assert sorted(again.stats.generated) == sorted(
        [u for u in again.by_uri() if u.startswith("downloads/tools/canvas-a")]
        + ["downloads/modules/module-1-canvassen.zip", "downloads/toolkit.zip"]
    )
    untouched = ["downloads/kalender/test.ics"] + [
        u for u in again.by_uri() if u.startswith("downloads/tools/rekenblad")
    ]
    assert sorted(again.stats.cached) == sorted(untouched)


def test_generators_work_after_serve_reloads_the_modules(mini):
    """`mkdocs serve` reloads every module of macros/ before each rebuild (macros/site/hooks.py);
    reportlab keeps its fonts across that, and the files must not change."""
    import importlib

    from macros.site import hooks

    def made() -> list[bytes]:
        from macros.downloads import index as fresh

        return [d.produce({}) for d in fresh.downloads(mini, SITE_URL, EPOCH) if d.format == "pdf"]

    before = made()
    for _ in range(2):
        for name in hooks.reload_order():
            if name.startswith("macros.downloads"):
                importlib.reload(sys.modules[name])
        assert made() == before


def test_another_site_address_or_build_date_is_another_key(mini):
    base = cache.base_digest()
    keys = {}
    for url, epoch in ((SITE_URL, EPOCH), ("http://127.0.0.1:8000/", EPOCH), (SITE_URL, EPOCH + 1)):
        item = index.downloads(mini, url, epoch)[0]
        keys[(url, epoch)] = cache.cache_key(item, base, {})
    assert len(set(keys.values())) == 3


# --- units --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text, cells, expected",
    [
        (
            "kosten / deelnemers",
            {"kosten": "B5", "deelnemers": "B6"},
            '=IF(ISBLANK(B6),"Vul eerst ‘deelnemers’ in; delen door 0 kan niet.",'
            'IF(B6=0,"‘deelnemers’ is 0; delen door 0 kan niet.",B5/B6))',
        ),
        ("round(a * (1 + b), 2)", {"a": "B5", "b": "B6"}, "=ROUND((B5*(1+B6)),2)"),
        ("sum(a, b) - max(a, 0) + abs(-b)", {"a": "B5", "b": "B6"}, "=(SUM(B5,B6)-MAX(B5,0))+ABS(-(B6))"),
        ("round(a)", {"a": "B5"}, "=ROUND(B5,0)"),
        ("a / (b - 1)", {"a": "B5", "b": "B6"}, '=IF((B6-1)=0,"‘de uitkomst’: delen door 0 kan niet.",B5/(B6-1))'),
    ],
)
def test_formula_to_spreadsheet(text, cells, expected):
    assert formula.to_spreadsheet(text, cells) == expected


def test_dutch_sizes_and_addresses():
    assert [dutch_size(n) for n in (10, 43_210, 999_000, 1_234_567)] == ["1 kB", "43 kB", "999 kB", "1,2 MB"]
    assert page_url("https://x.org/ia/", "weken/week-01.md") == "https://x.org/ia/weken/week-01/"
    assert page_url("https://x.org/ia/", "programmadagen/index.md") == "https://x.org/ia/programmadagen/"
    assert source_date_epoch({}) == DEFAULT_EPOCH == 315532800
    assert source_date_epoch({"SOURCE_DATE_EPOCH": "1767225600"}) == 1767225600


def test_zip_is_the_same_whatever_the_order_of_writing():
    from macros.downloads.bundle import zip_bundle

    a = zip_bundle({"b.txt": b"2", "a.txt": b"1"}, EPOCH)
    b = zip_bundle({"a.txt": b"1", "b.txt": b"2"}, EPOCH)
    assert (
        a == b
        and hashlib.sha256(a).digest() == hashlib.sha256(write_zip([("a.txt", b"1"), ("b.txt", b"2")], EPOCH)).digest()
    )


def test_form_font_keeps_latin1_at_its_own_codes():
    from macros.downloads import fonts

    table = fonts.field_layout()
    assert all(table[c] == c for c in range(32, 127)) and all(table[c] == c for c in range(160, 256))
    assert table[10] == 10 and table[13] == 13
    assert set("şğłçİıŞĞŁ€ąęćńśźżčřšžőűășț") <= set(fonts.FIELD_CHARACTERS)


# --- the calculating tools: LibreOffice against Python, to the cent (issue 14) -------------------


def _numeric_tools(*programmes) -> list[m.Tool]:
    return [t for p in programmes for t in p.tools.values() if t.model is not None]


def _sheet_inputs(sheet, model, place):
    """What a sheet's input cells hold, as evaluate_model takes it."""
    from decimal import Decimal

    def number(value):
        if value is None or value == "":
            return None
        assert isinstance(value, (int, float)), value
        return Decimal(repr(value))

    inputs = {i.id: number(sheet[place.inputs[i.id]].value) for i in model.inputs}
    tables = {}
    for table in model.tables:
        cells = place.tables[table.id]
        tables[table.id] = [
            (
                sheet.cell(row=row, column=1).value or "",
                [number(sheet[f"{cells.columns[c.id]}{row}"].value) for c in table.columns],
            )
            for row in range(cells.first, cells.last + 1)
        ]
    return inputs, tables


def _compare_sheet(sheet, model) -> tuple[int, list[str], list[str]]:
    """Every computed cell of the sheet (as LibreOffice computed it) against evaluate_model on the
    same inputs: a number to the cent, a message where Python has one, blank where Python is."""
    from macros.downloads.workbook import REFUSED, STUCK, STUCK_TOTAL, layout, message_column
    from macros.model.calc import evaluate_model, shows_total, to_cents

    place = layout(model)
    results = evaluate_model(model, *_sheet_inputs(sheet, model, place))
    wrong: list[str] = []
    compared = 0
    note = message_column(model)
    stuck: list[str] = []  # a general message where Python names the cause

    def messages_in_row(row: int, note: str) -> list[str]:
        """The messages of the computed cells of a row (not its label, not the message cell)."""
        return [
            c.value
            for c in sheet[row]
            if c.column_letter not in ("A", note) and isinstance(c.value, str) and c.value.endswith(".")
        ]

    def check(where: str, cell, note: str) -> None:
        """`note`: the column whose cell in this row shows the row's first message as a sentence."""
        nonlocal compared
        compared += 1
        value = sheet[where].value
        if cell.message:
            generic = (STUCK, STUCK_TOTAL, REFUSED)  # a cell that uses a cell with a message
            if not (isinstance(value, str) and value) or (value not in generic and value != cell.message):
                wrong.append(f"{sheet.title}!{where}: LibreOffice {value!r}, Python {cell.message!r}")
            shown = sheet[f"{note}{sheet[where].row}"].value
            if not (isinstance(shown, str) and shown in messages_in_row(sheet[where].row, note)):
                wrong.append(f"{sheet.title}!{where}: the message of the row is not shown in {note}: {shown!r}")
            if value in generic:
                stuck.append(f"{sheet.title}!{where}: {value!r}, Python {cell.message!r}")
        elif cell.value is None:
            if value not in (None, ""):
                wrong.append(f"{sheet.title}!{where}: LibreOffice {value!r}, Python blank")
        elif not isinstance(value, (int, float)) or to_cents(Decimal(repr(value))) != to_cents(cell.value):
            wrong.append(f"{sheet.title}!{where}: LibreOffice {value!r}, Python {cell.value}")

    from decimal import Decimal

    for item in model.inputs:  # the message next to a refused input, exactly as Python words it
        where = f"D{sheet[place.inputs[item.id]].row}"
        if results.inputs[item.id].message:
            compared += 1
            if sheet[where].value != results.inputs[item.id].message:
                wrong.append(
                    f"{sheet.title}!{where}: {sheet[where].value!r}, Python {results.inputs[item.id].message!r}"
                )
        elif sheet[where].value not in (None, ""):
            wrong.append(f"{sheet.title}!{where}: {sheet[where].value!r} next to an accepted input")
    for output in model.outputs:
        check(place.outputs[output.id], results.outputs[output.id], "D")
    for table in model.tables:
        cells, result = place.tables[table.id], results.tables[table.id]
        for column in table.computed:
            for i, cell in enumerate(result.computed[column.id]):
                check(f"{cells.computed[column.id]}{cells.first + i}", cell, note)
        if cells.total_row is not None:
            units = {c.id: table.unit_of(c) for c in table.columns} | {c.id: c.unit for c in table.computed}
            for column_id, unit in units.items():
                if shows_total(unit):
                    check(f"{cells.letter(column_id)}{cells.total_row}", result.totals[column_id], note)
    for row in model.rows:
        number, letters = place.rows[row.id]
        for j, cell in enumerate(results.rows[row.id]):
            check(f"{letters[j]}{number}", cell, note)
    return compared, wrong, stuck


def _fill(book, model, inputs, tables) -> None:
    """Type values into the Invullen sheet as a participant would."""
    from macros.downloads.workbook import layout

    place = layout(model)
    sheet = book["Invullen"]
    for item in model.inputs:
        value = inputs.get(item.id)
        sheet[place.inputs[item.id]] = None if value is None else float(value)
    for table in model.tables:
        cells = place.tables[table.id]
        for i, (label, values) in enumerate(tables.get(table.id, [])):
            sheet.cell(row=cells.first + i, column=1, value=label)
            for column, value in zip(table.columns, values, strict=True):
                sheet[f"{cells.columns[column.id]}{cells.first + i}"] = None if value is None else float(value)


def _with_extremes(tool: m.Tool) -> m.Tool:
    """The fixture's rekenblad with max() and min() over a column that may not be negative (the
    share, min 0, and at most 100: filled with 10^12, both refuse it) and over an amount column
    that may: filled with -5, Python refuses the share's
    extremes, and the workbook must too (MAX would give -5)."""
    assert tool.model is not None
    extra = [
        m.ModelOutput(
            id="grootste_deel", label="Grootste deel", unit="procent", formula="max(kosten.deel)", expected=100
        ),
        m.ModelOutput(
            id="kleinste_deel", label="Kleinste deel", unit="procent", formula="min(kosten.deel)", expected=40
        ),
        m.ModelOutput(
            id="grootste_bedrag", label="Grootste bedrag", unit="euro", formula="max(kosten.bedrag)", expected=150000
        ),
        # over computed rows (the tightest month of a cash flow), and an output that divides by it
        m.ModelOutput(id="laagste_saldo", label="Laagste saldo", unit="euro", formula="min(eindsaldo)", expected=0),
        m.ModelOutput(id="hoogste", label="Hoogste", unit="euro", formula="max(saldo, eindsaldo)", expected=0),
        m.ModelOutput(id="per_laagste", label="Per laagste", unit="", formula="1000 / laagste_saldo", expected=0),
    ]
    kosten = tool.model.tables[0]
    columns = [c.model_copy(update={"max": 100.0}) if c.id == "deel" else c for c in kosten.columns]
    tables = [kosten.model_copy(update={"columns": columns}), *tool.model.tables[1:]]
    model = tool.model.model_copy(update={"outputs": [*tool.model.outputs, *extra], "tables": tables})
    return tool.model_copy(update={"id": "rekenblad-uitersten", "model": model})


def test_every_numeric_workbook_computes_what_python_computes(mini, real, soffice, tmp_path):
    """For every tool with a model (the fixture's and the real ones): the workbook as downloaded
    (empty Invullen sheet, the example on Voorbeeld), the example typed into Invullen, and a hostile
    fillings (every input 0, so every division by an input must give the Dutch message; every cell
    10^12, so sums and products are refused as too large; every cell -5, so negative people, hours
    and shares are refused and a deficit is not), each
    recalculated by LibreOffice and compared cell for cell with evaluate_model: every output, every
    computed column cell of every reserved row, every total and every computed row."""
    import openpyxl

    from macros.downloads.common import ToolMeta
    from macros.downloads.workbook import workbook_file
    from macros.model.calc import TOO_LARGE_RESULT, example_inputs

    tools = _numeric_tools(mini, real) + [_with_extremes(mini.tools["rekenblad"])]
    assert {"canvas-a", "rekenblad"} <= {t.id for t in tools}
    meta = ToolMeta("Bron", SITE_URL, EPOCH)
    files: list[Path] = []
    owner: dict[str, m.Tool] = {}
    for tool in tools:
        original = tmp_path / f"{tool.id}.xlsx"
        original.write_bytes(workbook_file(tool, meta))
        inputs, tables = example_inputs(tool.model)
        limit = 10**12  # the largest number a cell takes; sums and products of it are too large
        huge = {t: [(label, [limit] * len(values)) for label, values in rows] for t, rows in tables.items()}
        negative = {t: [(label, [-5] * len(values)) for label, values in rows] for t, rows in tables.items()}
        fillings = {
            "voorbeeld": (inputs, tables),
            "nul": (dict.fromkeys(inputs, 0), tables),
            "groot": (dict.fromkeys(inputs, limit), huge),
            "negatief": (dict.fromkeys(inputs, -5), negative),
        }
        for name, (values, rows) in fillings.items():
            book = openpyxl.load_workbook(original)
            _fill(book, tool.model, values, rows)
            book.save(tmp_path / f"{tool.id}-{name}.xlsx")
        names = [original.name] + [f"{tool.id}-{name}.xlsx" for name in fillings]
        files += [tmp_path / name for name in names]
        owner.update(dict.fromkeys(names, tool))
    out = tmp_path / "out"
    recalculate(soffice, files, out)
    total, wrong, messages, too_large, refused = 0, [], 0, 0, 0
    for path in files:
        book = openpyxl.load_workbook(out / path.name, data_only=True)
        tool = owner[path.name]
        for sheet in ("Invullen", "Voorbeeld"):
            compared, found, stuck = _compare_sheet(book[sheet], tool.model)
            if path.name == f"{tool.id}.xlsx":  # as downloaded: every message says what to fill in
                wrong += [f"{path.name}: general message {s}" for s in stuck]
            total += compared
            wrong += [f"{path.name}: {w}" for w in found]
            messages += sum(1 for row in book[sheet].iter_rows() for c in row if str(c.value).endswith("kan niet."))
            too_large += sum(1 for row in book[sheet].iter_rows() for c in row if c.value == TOO_LARGE_RESULT)
            refused += sum(
                1
                for row in book[sheet].iter_rows()
                for c in row
                if str(c.value).endswith("negatief zijn; vul 0 of meer in.")
            )
    print(f"\n{total} computed cells compared in {len(files)} workbooks × 2 sheets ({len(tools)} tools)")
    assert not wrong, "\n".join(wrong[:40])
    assert messages > 0, "the hostile and empty sheets show the Dutch division messages"
    assert too_large > 0, "the sheets filled with 10^12 say that results are too large"
    assert refused > 0, "the sheets filled with -5 refuse negative people, hours and shares"
    assert total >= 200


def test_a_workbook_message_shows_as_a_marker_with_the_sentence_beside_it(real, soffice, tmp_path):
    """A computed cell that cannot compute shows a short red marker; the sentence stands on the
    same line in the message column, where it has room (it used to wrap over itself in a narrow
    cell). Printed as LibreOffice prints it: the blank funding-mix sheet, whose shares divide by 0.
    Euro and procent show once: in the number, not again as a unit beside it."""
    from macros.downloads.common import ToolMeta
    from macros.downloads.workbook import MARKER, workbook_file

    pdftotext = ensure_debian_package("pdftotext", "poppler-utils")
    source = tmp_path / "financieringsmix.xlsx"
    source.write_bytes(workbook_file(real.tools["financieringsmix"], ToolMeta("Bron", SITE_URL, EPOCH)))
    subprocess.run(
        [soffice, f"-env:UserInstallation=file://{tmp_path / 'profile'}", "--headless", "--convert-to", "pdf"]
        + ["--outdir", str(tmp_path), str(source)],
        check=True,
        capture_output=True,
        timeout=300,
    )
    text = subprocess.run(
        [pdftotext, "-layout", str(tmp_path / "financieringsmix.pdf"), "-"], capture_output=True, text=True, check=True
    ).stdout
    lines = text.splitlines()
    marked = [line for line in lines if MARKER in line]
    assert len(marked) == 4, text  # the four shares of the blank Invullen sheet
    for line in marked:
        assert re.search(r"‘Alle inkomsten (nu|over drie jaar)’ is 0; delen door 0 kan niet\.$", line.strip()), line
    assert not [line for line in lines if "delen door" in line and MARKER not in line], text
    assert not re.search(r"€ [\d.,]+ €|%\s+%", text), text


def test_numeric_workbooks_are_small_and_reproducible(mini, real):
    from macros.downloads.common import ToolMeta
    from macros.downloads.workbook import workbook_file

    meta = ToolMeta("Bron", SITE_URL, EPOCH)
    for tool in _numeric_tools(mini, real):
        data = workbook_file(tool, meta)
        assert data == workbook_file(tool, meta), tool.id
        assert len(data) < 50_000, (tool.id, len(data))
        print(f"{tool.id}.xlsx: {len(data)} bytes")


def test_table_workbook_cells_are_locked_unlocked_and_formulas(mini, mini_files):
    import openpyxl

    from macros.downloads.workbook import STUCK, layout

    tool = mini.tools["rekenblad"]
    place = layout(tool.model)
    book = openpyxl.load_workbook(io.BytesIO(mini_files["downloads/tools/rekenblad.xlsx"]))
    assert book.sheetnames == ["Invullen", "Voorbeeld"]
    kosten = place.tables["kosten"]
    for sheet in book:
        assert sheet.protection.sheet and not sheet.protection.password
        for row in range(kosten.first, kosten.last + 1):
            for letter in ("A", *kosten.columns.values()):
                assert not sheet[f"{letter}{row}"].protection.locked, (sheet.title, letter, row)
            for letter in kosten.computed.values():
                cell = sheet[f"{letter}{row}"]
                assert cell.protection.locked and str(cell.value).startswith("=IFERROR("), cell.value
        assert kosten.last - kosten.first + 1 == 8  # max_rows reserved
        total = sheet[f"{kosten.columns['bedrag']}{kosten.total_row}"]
        column_sum = f"SUM(B{kosten.first}:B{kosten.last})"
        assert total.value.startswith(f'=IF((COUNTIF(B{kosten.first}:B{kosten.last},">1E+12")')
        assert f"IF(ISTEXT({column_sum}),{column_sum},IF(ABS({column_sum})>1E+12," in total.value
        assert total.protection.locked
        assert sheet[f"{kosten.columns['deel']}{kosten.total_row}"].value is None  # no total of percentages
        assert (
            '"Vul eerst ‘Huishoudens per jaar’ in; delen door 0 kan niet."'
            in sheet[place.outputs["per_huishouden"]].value
        )
        assert sheet[f"{kosten.columns['bedrag']}{kosten.first}"].number_format.endswith('"€" #,##0.00')
        assert sheet[f"{kosten.columns['deel']}{kosten.first}"].number_format.endswith('0.0"%"')
    voorbeeld = book["Voorbeeld"]
    assert voorbeeld[f"A{kosten.first}"].value == "Huur werkplaats"
    assert voorbeeld[f"B{kosten.first}"].value == 12000
    assert book["Invullen"][f"B{kosten.first}"].value is None
    eindsaldo_row, letters = place.rows["eindsaldo"]
    expected = f"{letters[0]}{eindsaldo_row}+{letters[1]}{eindsaldo_row - 1}"  # previous column + saldo
    formula = voorbeeld[f"{letters[1]}{eindsaldo_row}"].value
    assert formula.startswith(f"=IFERROR(IF(ISTEXT({expected}),{expected},") and formula.endswith(f'"{STUCK}")')


def test_word_file_shows_the_example_tables_with_dutch_figures(mini, mini_files):
    """The Word file of a calculating tool: each model table with the example's figures, its
    computed columns, the total row and the computed rows, all as evaluate_model computes them."""
    import docx

    from macros.model.numbers import ROUNDING_RULE

    document = docx.Document(io.BytesIO(mini_files["downloads/tools/rekenblad.docx"]))
    tables = {t.rows[0].cells[0].text: [[c.text for c in r.cells] for r in t.rows] for t in document.tables}
    assert tables["Kostenpost"] == [
        ["Kostenpost", "Bedrag per jaar", "Deel voor de klusdienst", "Voor de klusdienst", "Aandeel"],
        ["Huur werkplaats", "€ 12.000", "50,0%", "€ 6.000", "5,2%"],
        ["Loonkosten", "€ 150.000", "60,0%", "€ 90.000", "77,6%"],
        ["Bus en gereedschap", "€ 18.000", "100,0%", "€ 18.000", "15,5%"],
        ["Verzekering", "€ 5.000", "40,0%", "€ 2.000", "1,7%"],
        ["Totaal", "€ 185.000", "", "€ 116.000", ""],
    ]
    assert tables["Bron"][-2:] == [
        ["Saldo van de maand", "€ 250", "€ 0", "€ 1.250,50"],
        ["Saldo aan het eind van de maand", "€ 1.250", "€ 1.250", "€ 2.500,50"],
    ]
    assert ["Kostprijs per huishouden", "€ 483,33"] in tables["Kosten van de klusdienst"]
    assert tables["Huishoudens per jaar"] == [["Huishoudens per jaar", "240"]]
    text = "\n".join(p.text for p in document.paragraphs)
    assert ROUNDING_RULE in text  # the one wording, word for word
    assert "Ingevuld met het voorbeeld van De Klusbus (fictief)" in text


def test_impactplan_worksheet_and_example_each_fit_one_page(real, poppler, tmp_path):
    """Week 39's impact plan is a plan on one page: the fillable A4 worksheet has one page with
    every block's label and field, and the worked example fits its A3 page without a continuation.
    The A4 field heights follow the blocks' areas on the A3 canvas (pdf.a4_field_height), so a
    bigger or an extra block pushes the worksheet onto a second page and this test fails."""
    from macros.downloads.common import ToolMeta

    tool = real.tools["impactplan"]
    meta = ToolMeta("Bron", SITE_URL, EPOCH)
    worksheet = tmp_path / "impactplan-a4.pdf"
    worksheet.write_bytes(pdf.worksheet_a4(tool, meta))
    reader = PdfReader(worksheet)
    assert len(reader.pages) == 1
    ids = {b.id for b in tool.canvas.blocks}
    assert {owner(str(f["/T"]), ids) for f in reader.get_fields().values()} == ids
    text = subprocess.run([poppler["pdftotext"], str(worksheet), "-"], capture_output=True, text=True).stdout
    for block in tool.canvas.blocks:
        assert block.label in text
    assert "pagina 1 van 1" in text
    subprocess.run([poppler["pdftoppm"], "-r", "40", "-png", str(worksheet), str(tmp_path / "a4")], check=True)
    assert [p.name for p in tmp_path.glob("a4*.png")] == ["a4-1.png"]

    example = PdfReader(io.BytesIO(pdf.example_pdf(tool, meta)))
    assert len(example.pages) == 1
    assert "Lees verder" not in example.pages[0].extract_text()


def test_plain_tables_are_drawn_with_their_columns_and_rows(site, real, poppler):
    """A table block that is not the numeric model and not scored (the "Drie wegen" of week 34, an
    agenda plan) prints with its column headings and ruled rows, a field per cell, on the A3 canvas
    and the A4 worksheet: writing by hand keeps to the columns."""
    seen = 0
    for tool_id, tool in real.tools.items():
        for block in (b for b in tool.canvas.blocks if pdf.is_plain_table(tool, b)):
            for suffix in ("-a3.pdf", "-a4.pdf"):
                path = tool_pdf(site, tool_id, suffix)
                names = {w["name"] for page in PdfReader(path).pages for w in widgets(page)}
                if block.id in names:  # too small for two rows: one field, as before
                    continue
                seen += 1
                columns = block.columns or []
                rows = {int(n.split("-r", 1)[1].split("-")[0]) for n in names if n.startswith(f"{block.id}-r")}
                assert len(rows) >= 2, (tool_id, block.id, suffix)
                for row in rows:
                    assert {f"{block.id}-r{row}-{j + 1}" for j in range(len(columns))} <= names, (tool_id, block.id)
                text = pdf_text(poppler, path)
                for heading in columns:
                    assert words(heading) in text, (tool_id, block.id, suffix, heading)
    assert seen >= 10, "hardly any plain table was drawn as a table"
