"""The editable Word file of a tool (python-docx): title, intent, steps, and per block a real
heading, the guiding question and room to write. A tool with a numeric model gets its tables
filled with the worked example (every figure, computed column, total row and computed row, as
macros.model.calc computes them, written the Dutch way), for a duo that writes a funding
application and replaces the example's figures by their own. Headings use Word's own heading styles, so screen
readers and the navigation pane of Word and LibreOffice find them. A scored block (a self-scan
such as the nulmeting) lists every item with what you see at each score, and a row to write in.
"""

from __future__ import annotations

import io

import docx
from docx.enum.table import WD_ROW_HEIGHT_RULE
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.opc.constants import RELATIONSHIP_TYPE
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor
from docx.text.run import Run as WordRun

from macros.downloads.common import (
    LANGUAGE,
    PUBLISHER,
    Run,
    ToolMeta,
    build_datetime,
    licence_name,
    markdown_runs,
    normalise_zip,
)
from macros.model import schema as m
from macros.model.calc import Results, display, evaluate_example
from macros.model.calctable import shown_table
from macros.model.numbers import ROUNDING_RULE

GREY = RGBColor(0x45, 0x45, 0x45)
BRAND = RGBColor(0x0B, 0x5B, 0x54)
CM_PER_ROW = 1.6  # room to write per canvas row (a block of 2 rows gets 3.2 cm)
FONT = "Arial"
TABLE_ROWS = 5  # empty rows under the column headings of a table block


def _set_a4(document) -> None:
    """A4 with 2 cm margins: python-docx's own template is US Letter, which a Dutch printer
    shrinks or cuts."""
    for section in document.sections:
        section.page_width, section.page_height = Cm(21), Cm(29.7)
        section.left_margin = section.right_margin = Cm(2)
        section.top_margin = section.bottom_margin = Cm(2)


def word_file(tool: m.Tool, meta: ToolMeta) -> bytes:
    """The .docx of a tool, byte-identical for the same input."""
    document = docx.Document()
    _set_a4(document)
    _set_language(document)
    _set_fonts(document)
    _properties(document, tool, meta)
    document.add_heading(tool.title, level=1)
    document.add_paragraph(tool.intent)
    document.add_heading("Stappen", level=2)
    for step in tool.steps:
        add_runs(document.add_paragraph(style="List Number"), markdown_runs(step))
    results = evaluate_example(tool.model) if tool.model is not None else None
    for block in tool.canvas.blocks:
        _block(document, block, tool, results)
    if results is not None:
        note = document.add_paragraph().add_run(ROUNDING_RULE)
        note.font.size = Pt(9)
        note.font.color.rgb = GREY
    _colophon(document, tool, meta)
    buffer = io.BytesIO()
    document.save(buffer)
    return normalise_zip(buffer.getvalue(), meta.epoch)


def add_runs(paragraph, runs: tuple[Run, ...]) -> None:
    """Styled runs (a Markdown field) into a paragraph: bold, italic, the language of a
    `{lang=…}` and links as real hyperlinks; a line break stays a line break."""
    for run in runs:
        if run.link:
            _hyperlink(paragraph, run)
        else:
            _format(paragraph.add_run(run.text), run)


def _format(word_run: WordRun, run: Run) -> None:
    if run.bold:
        word_run.bold = True
    if run.italic:
        word_run.italic = True
    if run.code:
        word_run.font.name = "Courier New"
    if run.lang:
        language = OxmlElement("w:lang")
        language.set(qn("w:val"), run.lang)
        word_run._r.get_or_add_rPr().append(language)


def _hyperlink(paragraph, run: Run) -> None:
    """A link to another site, underlined in the brand colour (the default template has no
    Hyperlink style)."""
    relation = paragraph.part.relate_to(run.link, RELATIONSHIP_TYPE.HYPERLINK, is_external=True)
    link = OxmlElement("w:hyperlink")
    link.set(qn("r:id"), relation)
    paragraph._p.append(link)
    element = OxmlElement("w:r")
    link.append(element)
    word_run = WordRun(element, paragraph)
    word_run.text = run.text
    _format(word_run, run)
    word_run.font.underline = True
    word_run.font.color.rgb = BRAND


def _block(document, block: m.Block, tool: m.Tool, results: Results | None) -> None:
    document.add_heading(block.label, level=2)
    question = document.add_paragraph()
    question.paragraph_format.keep_with_next = True
    run = question.add_run(block.question)
    run.italic = True
    run.font.color.rgb = GREY
    model = tool.model
    if model is not None and results is not None:
        tables = {t.id: t for t in model.tables}
        inputs = {i.id: i for i in model.inputs}
        if block.kind == "table" and block.id in tables:
            _caption(document, tool)
            _model_table(document, model, tables[block.id], results)
            return
        if block.kind == "number" and block.id in inputs:
            _caption(document, tool)
            item = inputs[block.id]
            _figures(document, [(item.label, display(results.inputs[item.id], item.unit))])
            return
        if block.kind == "results":
            _caption(document, tool)
            _figures(document, [(o.label, display(results.outputs[o.id], o.unit)) for o in model.outputs])
            return
    if block.kind == "table" and block.items is not None and block.scores is not None and block.columns:
        _scored_table(document, block.items, block.scores, block.columns)
    elif block.kind == "table" and block.columns:
        _table(document, block.columns)
    else:
        _writing_box(document, block)


def _writing_box(document, block: m.Block) -> None:
    """One empty bordered cell, as high as the block is on the canvas."""
    table = document.add_table(rows=1, cols=1)
    table.style = "Table Grid"
    row = table.rows[0]
    row.height = Cm(max(2.0, CM_PER_ROW * block.position.height))
    row.height_rule = WD_ROW_HEIGHT_RULE.AT_LEAST
    _keep_row_together(row)
    if block.kind == "list":
        cell = row.cells[0]
        cell.paragraphs[0].style = document.styles["List Bullet"]
        for _ in range(2):
            cell.add_paragraph("", style="List Bullet")


def _table(document, columns: list[str]) -> None:
    table = document.add_table(rows=1 + TABLE_ROWS, cols=len(columns))
    table.style = "Table Grid"
    for cell, heading in zip(table.rows[0].cells, columns, strict=True):
        cell.paragraphs[0].add_run(heading).bold = True
    _repeat_header(table.rows[0])
    for row in table.rows[1:]:
        row.height = Cm(1.2)
        row.height_rule = WD_ROW_HEIGHT_RULE.AT_LEAST
        _keep_row_together(row)


def _scored_table(document, items: list[m.ScoreItem], scores: m.Scores, columns: list[str]) -> None:
    """A scored block (a self-scan such as the nulmeting): per item a row over the whole width with
    the item and what you see at each score, and under it a row to write in, under the block's
    columns and the difference column."""
    headings = columns + ([scores.difference.label] if scores.difference else [])
    table = document.add_table(rows=1 + 2 * len(items), cols=len(headings))
    table.style = "Table Grid"
    for cell, heading in zip(table.rows[0].cells, headings, strict=True):
        cell.paragraphs[0].add_run(heading).bold = True
    _repeat_header(table.rows[0])
    for n, item in enumerate(items):
        about, write = table.rows[1 + 2 * n], table.rows[2 + 2 * n]
        cell = about.cells[0].merge(about.cells[-1])
        cell.paragraphs[0].add_run(item.label).bold = True
        for score, level in enumerate(item.levels, start=scores.min):
            paragraph = cell.add_paragraph()
            paragraph.add_run(f"{score}  ").bold = True
            paragraph.add_run(level).font.size = Pt(9)
        _keep_row_together(about)
        for paragraph in cell.paragraphs:
            paragraph.paragraph_format.keep_with_next = True
        write.height = Cm(1.2)
        write.height_rule = WD_ROW_HEIGHT_RULE.AT_LEAST
        _keep_row_together(write)


def _caption(document, tool: m.Tool) -> None:
    text = f"Ingevuld met het voorbeeld van {tool.example.initiative}. Vervang de getallen door die van jullie."
    run = document.add_paragraph().add_run(text)
    run.font.size = Pt(9)
    run.font.color.rgb = GREY


def _model_table(document, model: m.NumericModel, table: m.ModelTable, results: Results) -> None:
    """The example rows with their figures and computed columns, the total row, and the computed
    rows over this table (macros.model.calctable, as on the tool page); numbers right-aligned, the
    total row and computed rows bold."""
    shown = shown_table(model, table, results)
    headers = [shown.rows_label] + [c.label for c in shown.columns]
    word_table = document.add_table(rows=1 + len(shown.rows), cols=len(headers))
    word_table.style = "Table Grid"
    for cell, heading in zip(word_table.rows[0].cells, headers, strict=True):
        cell.paragraphs[0].add_run(heading).bold = True
    _repeat_header(word_table.rows[0])
    for word_row, line in zip(word_table.rows[1:], shown.rows, strict=True):
        bold = line.kind != "row"
        _keep_row_together(word_row)
        word_row.cells[0].paragraphs[0].add_run(line.label).bold = bold
        for cell, value in zip(word_row.cells[1:], line.cells, strict=True):
            paragraph = cell.paragraphs[0]
            paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
            paragraph.add_run(value).bold = bold


def _figures(document, lines: list[tuple[str, str]]) -> None:
    """Label and value, one per row (an input or the outputs of the model)."""
    word_table = document.add_table(rows=len(lines), cols=2)
    word_table.style = "Table Grid"
    for word_row, (label, value) in zip(word_table.rows, lines, strict=True):
        _keep_row_together(word_row)
        word_row.cells[0].paragraphs[0].add_run(label)
        paragraph = word_row.cells[1].paragraphs[0]
        paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        paragraph.add_run(value).bold = True


def _keep_row_together(row) -> None:
    properties = row._tr.get_or_add_trPr()
    cant_split = OxmlElement("w:cantSplit")
    cant_split.set(qn("w:val"), "true")
    properties.append(cant_split)


def _repeat_header(row) -> None:
    """Mark the first row as a header row (repeated on a new page, read as such by screen readers)."""
    properties = row._tr.get_or_add_trPr()
    header = OxmlElement("w:tblHeader")
    header.set(qn("w:val"), "true")
    properties.append(header)


def _colophon(document, tool: m.Tool, meta: ToolMeta) -> None:
    document.add_paragraph()
    for text in (
        f"Gebaseerd op: {meta.based_on}",
        f"Licentie van het canvas: {licence_name(tool.licence)} · {PUBLISHER}",
        f"Uitleg, stappen en voorbeeld: {meta.page_url}",
    ):
        run = document.add_paragraph().add_run(text)
        run.font.size = Pt(9)
        run.font.color.rgb = GREY
    footer = document.sections[0].footer.paragraphs[0]
    footer.text = f"{tool.title} · {PUBLISHER} · {licence_name(tool.licence)}"


def _set_fonts(document) -> None:
    """Arial everywhere (the template's theme fonts are missing on many computers); headings in the
    brand colour."""
    for fonts in document.styles.element.iter(qn("w:rFonts")):
        for attribute in list(fonts.attrib):
            if attribute.endswith("Theme"):
                del fonts.attrib[attribute]
        for attribute in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
            fonts.set(qn(attribute), FONT)
    document.styles["Normal"].font.name = FONT
    for name, size in (("Heading 1", 20), ("Heading 2", 14)):
        style = document.styles[name]
        style.font.color.rgb = BRAND
        style.font.size = Pt(size)


def _set_language(document) -> None:
    """Dutch as the language of every style, so Word and LibreOffice check Dutch spelling."""
    styles = document.styles.element
    defaults = styles.find(qn("w:docDefaults"))
    run_defaults = defaults.find(qn("w:rPrDefault")).find(qn("w:rPr"))
    language = run_defaults.find(qn("w:lang"))
    if language is None:
        language = OxmlElement("w:lang")
        run_defaults.append(language)
    for attribute in ("w:val", "w:eastAsia", "w:bidi"):
        language.set(qn(attribute), LANGUAGE)
    for element in styles.iter(qn("w:lang")):
        element.set(qn("w:val"), LANGUAGE)


def _properties(document, tool: m.Tool, meta: ToolMeta) -> None:
    properties = document.core_properties
    moment = build_datetime(meta.epoch).replace(tzinfo=None)
    properties.title = tool.title
    properties.subject = tool.intent
    properties.author = PUBLISHER
    properties.last_modified_by = PUBLISHER
    properties.language = LANGUAGE
    properties.keywords = f"{tool.id}, ImpactAcademie, werkblad"
    properties.comments = meta.page_url
    properties.created = moment
    properties.modified = moment
    properties.revision = 1
    properties.category = "werkblad"
