"""The Excel workbook of a tool with a numeric model (openpyxl).

Sheet "Invullen": labelled, unlocked input cells with data validation, and locked formula cells
that compute each output (the YAML formula translated to cell references). Sheet "Voorbeeld": the
same, filled with the worked example. Both sheets are protected without a password: a participant
can only type in the input cells, and can lift the protection in one click if they want to.
"""

from __future__ import annotations

import io
import re

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Protection, Side
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from macros.downloads import formula
from macros.downloads.common import LANGUAGE, PUBLISHER, ToolMeta, build_datetime, licence_name, normalise_zip
from macros.model import schema as m

INPUT_FILL = PatternFill("solid", fgColor="FFF4CC")  # light yellow: type here
OUTPUT_FILL = PatternFill("solid", fgColor="E6EFEE")  # the brand tint: computed
BRAND = "0B5B54"
THIN = Side(style="thin", color="9DBFBB")
BOX = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
FIRST_INPUT_ROW = 5
FONT = "Arial"
# Cells keep their numbers (they calculate); the format shows them the Dutch way. [$-413] marks the
# format as Dutch (Netherlands), so LibreOffice shows 1.500.000 and € 1.234,57 in any language;
# Excel takes the separators from the computer, which in the Netherlands gives the same.
DUTCH = "[$-413]"
UNIT_FORMATS = {"euro": f'{DUTCH}"€" #,##0.00', "procent": f'{DUTCH}0.0"%"'}
NUMBER_FORMAT = f"{DUTCH}#,##0.##"


def workbook_file(tool: m.Tool, meta: ToolMeta) -> bytes:
    """The .xlsx of a tool with a `model:`, byte-identical for the same input."""
    if tool.model is None:
        raise ValueError(f"tool '{tool.id}' heeft geen rekenmodel")
    book = Workbook()
    fill_in = book.active
    fill_in.title = "Invullen"
    _sheet(fill_in, tool, tool.model, meta, example=False)
    _sheet(book.create_sheet("Voorbeeld"), tool, tool.model, meta, example=True)
    _properties(book, tool, meta)
    buffer = io.BytesIO()
    book.save(buffer)
    return normalise_zip(buffer.getvalue(), meta.epoch, {"docProps/core.xml": _core_xml(buffer.getvalue(), meta)})


def cell_map(model: m.NumericModel) -> dict[str, str]:
    """Input and output id → its value cell (B5, B6, …): inputs first, outputs after a blank row."""
    cells = {item.id: f"B{FIRST_INPUT_ROW + i}" for i, item in enumerate(model.inputs)}
    first_output = FIRST_INPUT_ROW + len(model.inputs) + 2
    cells.update({item.id: f"B{first_output + i}" for i, item in enumerate(model.outputs)})
    return cells


def _sheet(sheet: Worksheet, tool: m.Tool, model: m.NumericModel, meta: ToolMeta, example: bool) -> None:
    cells = cell_map(model)
    title = f"{tool.title}: voorbeeld van {tool.example.initiative}" if example else tool.title
    sheet["A1"] = title
    sheet["A1"].font = Font(bold=True, size=16, color=BRAND)
    sheet["A2"] = (
        "Zo rekende het voorbeeld. Vul je eigen getallen in op het blad Invullen."
        if example
        else "Vul de gele cellen in kolom B in. De groene cellen rekenen zelf."
    )
    _heading(sheet, FIRST_INPUT_ROW - 1, "Invoer")
    for item in model.inputs:
        row = int(cells[item.id][1:])
        _label(sheet, row, item.label, item.unit)
        cell = sheet.cell(row=row, column=2, value=item.example if example else None)
        _input_cell(cell, item)
    _validation(sheet, model, cells)
    first_output = FIRST_INPUT_ROW + len(model.inputs) + 2
    _heading(sheet, first_output - 1, "Uitkomst")
    for output in model.outputs:
        row = int(cells[output.id][1:])
        _label(sheet, row, output.label, output.unit)
        _output_cell(sheet.cell(row=row, column=2), output, cells, guard=not example)
    _colophon(sheet, tool, meta, first_output + len(model.outputs) + 1)
    _layout(sheet)


def _heading(sheet: Worksheet, row: int, text: str) -> None:
    for column, value in enumerate((text, "Waarde", "Eenheid"), start=1):
        cell = sheet.cell(row=row, column=column, value=value)
        cell.font = Font(bold=True, color="FFFFFF")
        cell.fill = PatternFill("solid", fgColor=BRAND)


def _label(sheet: Worksheet, row: int, label: str, unit: str) -> None:
    sheet.cell(row=row, column=1, value=label)
    sheet.cell(row=row, column=3, value=unit)


def _input_cell(cell, item: m.ModelInput) -> None:
    cell.protection = Protection(locked=False)
    cell.fill = INPUT_FILL
    cell.border = BOX
    cell.number_format = UNIT_FORMATS.get(item.unit, NUMBER_FORMAT)


def _output_cell(cell, item: m.ModelOutput, cells: dict[str, str], guard: bool) -> None:
    """The formula of an output; on the fill-in sheet, empty instead of an error while inputs are
    missing (a division by an empty cell)."""
    expression = formula.to_spreadsheet(item.formula, cells)
    cell.value = f'=IFERROR({expression[1:]},"")' if guard else expression
    cell.protection = Protection(locked=True)
    cell.fill = OUTPUT_FILL
    cell.border = BOX
    cell.font = Font(bold=True)
    cell.number_format = UNIT_FORMATS.get(item.unit, NUMBER_FORMAT)


def _validation(sheet: Worksheet, model: m.NumericModel, cells: dict[str, str]) -> None:
    """Inputs are numbers; 0 or more unless the example itself is negative."""
    positive = [cells[i.id] for i in model.inputs if i.minimum() is not None]
    anything = [cells[i.id] for i in model.inputs if i.minimum() is None]
    if positive:
        rule = DataValidation(
            type="decimal",
            operator="greaterThanOrEqual",
            formula1="0",
            allow_blank=True,
            showErrorMessage=True,
            errorTitle="Geen geldig getal",
            error="Vul een getal in van 0 of meer, zonder tekst of eenheid.",
        )
        for cell in positive:
            rule.add(cell)
        sheet.add_data_validation(rule)
    if anything:
        rule = DataValidation(
            type="decimal",
            operator="between",
            formula1="-1E+15",
            formula2="1E+15",
            allow_blank=True,
            showErrorMessage=True,
            errorTitle="Geen geldig getal",
            error="Vul een getal in, zonder tekst of eenheid.",
        )
        for cell in anything:
            rule.add(cell)
        sheet.add_data_validation(rule)


def _colophon(sheet: Worksheet, tool: m.Tool, meta: ToolMeta, row: int) -> None:
    lines = (
        f"Gebaseerd op: {meta.based_on}",
        f"Licentie: {licence_name(tool.licence)} · {PUBLISHER}",
        f"Uitleg en stappen: {meta.page_url}",
    )
    for offset, text in enumerate(lines, start=1):
        cell = sheet.cell(row=row + offset, column=1, value=text)
        cell.font = Font(size=9, color="454545")


def _layout(sheet: Worksheet) -> None:
    """Readable on screen and on one A4 page wide: Arial, wrapped labels, fit to width."""
    sheet.column_dimensions["A"].width = 42
    sheet.column_dimensions["B"].width = 16
    sheet.column_dimensions["C"].width = 10
    for row in sheet.iter_rows():
        for cell in row:
            if cell.value is not None or cell.fill.fill_type:
                old = cell.font
                cell.font = Font(name=FONT, size=old.size, bold=old.bold, italic=old.italic, color=old.color)
    for row in sheet.iter_rows(min_row=FIRST_INPUT_ROW - 1, max_col=1):
        row[0].alignment = Alignment(wrap_text=True, vertical="center")
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.orientation = "portrait"
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.protection.sheet = True
    sheet.protection.selectLockedCells = False
    sheet.protection.selectUnlockedCells = False
    sheet.sheet_view.showGridLines = False


def _properties(book: Workbook, tool: m.Tool, meta: ToolMeta) -> None:
    moment = build_datetime(meta.epoch).replace(tzinfo=None)
    properties = book.properties
    properties.title = tool.title
    properties.subject = tool.intent
    properties.creator = PUBLISHER
    properties.lastModifiedBy = PUBLISHER
    properties.language = LANGUAGE
    properties.keywords = f"{tool.id}, ImpactAcademie, rekenblad"
    properties.created = moment
    properties.modified = moment


def _core_xml(data: bytes, meta: ToolMeta) -> bytes:
    """openpyxl writes the time of saving as dcterms:modified: put the build date back."""
    import zipfile

    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        core = archive.read("docProps/core.xml").decode("utf-8")
    stamp = build_datetime(meta.epoch).strftime("%Y-%m-%dT%H:%M:%SZ")
    core = re.sub(r"(<dcterms:modified[^>]*>)[^<]*(</dcterms:modified>)", rf"\g<1>{stamp}\g<2>", core)
    return core.encode("utf-8")
