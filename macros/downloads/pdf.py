"""PDF downloads of a tool (reportlab): the fillable A3 canvas, the fillable A4 worksheet and the
worked example (filled, without form fields).

Pure functions: a Tool and its ToolMeta in, bytes out. The A3 canvas lays the blocks out on a grid
of 12 columns × 8 rows under a title band; each block has its label, its guiding question and one
multi-line form field named after the block id.

A block that shows a tool's numeric model (issue 14) is drawn as a table instead: a model table
with its row names, columns, computed columns (shaded: the online form and the workbook compute
them) and total row, one single-line field per typed cell (`<block>-r<n>-<column>`, the row name
`<block>-r<n>-naam`); the results block with one field per output (`<block>-<output>`) and per
cell of a computed row (`<block>-<row>-<n>`). Where the block is too small for rows of
TABLE_ROW points, it keeps its one multi-line field. The worked example fills every figure in,
typed and computed, as macros.model.calc.display writes it (60 in a procent column is 60,0%), as
the tool page, the Word file and the dossier show it. Under the results block stands the
rounding rule (macros.model.numbers.ROUNDING_RULE), as on the form, in the workbook and in Word;
only a results block too small for it goes without.

A plain table block (columns, not the numeric model, not scored) is drawn blank with its column
headings, lines between the columns and ruled rows, one field per cell (`<block>-r<n>-<column
number>`); where fewer than two rows fit, it keeps its one multi-line field.

A scored block (`items` and `scores`, a self-scan such as the nulmeting) names its items on the A3
canvas (the descriptions per score do not fit there) and shows on the A4 worksheet
every item with what you see at each score, side by side, between its question and its field; in
the worked example its table gets the item of each row as a first column.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import io
import re
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field

import pyphen
from reportlab import rl_config
from reportlab.lib.colors import HexColor, white
from reportlab.lib.pagesizes import A3, A4, landscape
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfdoc, pdfmetrics
from reportlab.pdfgen.canvas import Canvas

from macros.downloads import fonts
from macros.downloads.common import (
    BRAND,
    HYPHENATION_LANGUAGE,
    LANGUAGE,
    PUBLISHER,
    Run,
    ToolMeta,
    licence_name,
    markdown_blocks,
    markdown_runs,
    plain_runs,
    runs_text,
)
from macros.model import calc, scored
from macros.model import schema as m
from macros.model.numbers import ROUNDING_RULE, format_number

A3_PAGE = landscape(A3)
A4_PAGE = A4
MARGIN = 10 * mm
BAND_HEIGHT = 66.0
FOOTER_HEIGHT = 26.0
GAP = 8.0
GUTTER = 6.0
FIELD_INSET = 4.0  # the field sits this far inside the block (left, right, bottom)
PAD = 6.0  # text inside a block starts this far from its edge

# Contrast (WCAG): white on BRAND 8.0:1, BRAND on TINT 6.8:1, GREY on white 9.6:1, on TINT 8.2:1.
BRAND_COLOUR = HexColor(BRAND)  # title band, labels, block frames
TINT = HexColor("#e6efee")  # block header background
LINE = HexColor("#9dbfbb")  # frames on the A4 worksheet, table rules
GREY = HexColor("#454545")  # guiding questions, footer
INK = HexColor("#1a1a1a")

LABEL_SIZE = 11.0
QUESTION_SIZES = (8.5, 8.0, 7.5, 7.0, 6.5)
EXAMPLE_SIZES = (10.0, 9.5, 9.0, 8.5, 8.0, 7.5, 7.0, 6.5, 6.0)
LEADING = 1.22
MIN_FIELD_HEIGHT = 18.0
MULTILINE = 4096


@dataclass(frozen=True)
class Box:
    left: float
    bottom: float
    right: float
    top: float

    @property
    def width(self) -> float:
        return self.right - self.left

    @property
    def height(self) -> float:
        return self.top - self.bottom


A3_GRID = Box(MARGIN, MARGIN + FOOTER_HEIGHT, A3_PAGE[0] - MARGIN, A3_PAGE[1] - MARGIN - BAND_HEIGHT - GAP)


def block_box(position: m.Position, grid: Box = A3_GRID) -> Box:
    """The rectangle of a block on the grid: 12 columns × 8 rows with GUTTER between cells."""
    col_w = (grid.width - (m.CANVAS_COLUMNS - 1) * GUTTER) / m.CANVAS_COLUMNS
    row_h = (grid.height - (m.CANVAS_ROWS - 1) * GUTTER) / m.CANVAS_ROWS
    left = grid.left + (position.col - 1) * (col_w + GUTTER)
    top = grid.top - (position.row - 1) * (row_h + GUTTER)
    width = position.width * col_w + (position.width - 1) * GUTTER
    height = position.height * row_h + (position.height - 1) * GUTTER
    return Box(left, top - height, left + width, top)


# --- text ---------------------------------------------------------------------------------------


def text_width(text: str, font: str, size: float) -> float:
    return pdfmetrics.stringWidth(text, font, size)


def wrap(text: str, font: str, size: float, width: float) -> list[str]:
    """Lines of at most `width` points; a word longer than a line is split between letters."""
    lines: list[str] = []
    for paragraph in text.split("\n"):
        line = ""
        for word in paragraph.split():
            for piece in _split_long_word(word, font, size, width):
                candidate = f"{line} {piece}" if line else piece
                if text_width(candidate, font, size) <= width or not line:
                    line = candidate
                else:
                    lines.append(line)
                    line = piece
        lines.append(line)
    return lines


def _split_long_word(word: str, font: str, size: float, width: float) -> list[str]:
    """A word wider than a line: hyphenated the Dutch way where possible, else between letters
    (one letter a line at the least, also in a column of no width)."""
    pieces = []
    while len(word) > 1 and text_width(word, font, size) > width:
        head, tail = _hyphenate(word, font, size, width)
        pieces.append(head)
        word = tail
    return pieces + [word]


def _hyphenate(word: str, font: str, size: float, width: float) -> tuple[str, str]:
    for head, tail in _hyphenator().iterate(word):
        if text_width(head + "-", font, size) <= width:
            return head + "-", tail
    cut = 1
    while cut < len(word) - 1 and text_width(word[: cut + 1] + "-", font, size) <= width:
        cut += 1
    return word[:cut] + "-", word[cut:]


@functools.lru_cache(maxsize=1)
def _hyphenator() -> pyphen.Pyphen:
    return pyphen.Pyphen(lang=HYPHENATION_LANGUAGE)


def draw(canvas: Canvas, x: float, y: float, text: str, size: float, bold: bool = False, align: str = "left") -> None:
    """Draw one line of text in DejaVu Sans (bold) at `size`."""
    canvas.setFont(fonts.BOLD if bold else regular(canvas, text), size)
    if align == "right":
        canvas.drawRightString(x, y, text)
    else:
        canvas.drawString(x, y, text)


# --- styled text (Markdown fields) ---------------------------------------------------------------

# A line of styled text: runs (common.Run). Italic is DejaVu Sans slanted by the text matrix, as
# DejaVu Sans Oblique is drawn (11°), so no extra font file is needed.
RichLine = tuple[Run, ...]
SLANT = 0.19


def _run_font(run: Run, bold: bool) -> str:
    return fonts.BOLD if bold or run.bold else fonts.REGULAR


def _runs_width(runs: Sequence[Run], size: float, bold: bool) -> float:
    return sum(text_width(run.text, _run_font(run, bold), size) for run in runs)


def _restyle(run: Run, text: str) -> Run:
    return Run(text, run.bold, run.italic, run.code, run.link, run.lang)


def _words(runs: Sequence[Run]) -> list[list[Run]]:
    """The words of one line of runs; a word may change style inside (`*impact*.`)."""
    words: list[list[Run]] = []
    current: list[Run] = []
    for run in runs:
        for token in re.split(r"(\s+)", run.text):
            if not token:
                continue
            if token.isspace():
                if current:
                    words.append(current)
                current = []
            else:
                current.append(_restyle(run, token))
    if current:
        words.append(current)
    return words


def _split_long_runs(word: list[Run], size: float, width: float, bold: bool) -> list[list[Run]]:
    """A word wider than a line, hyphenated like plain text (in the style it starts with)."""
    if _runs_width(word, size, bold) <= width:
        return [word]
    first = word[0]
    pieces = _split_long_word("".join(r.text for r in word), _run_font(first, bold), size, width)
    return [[_restyle(first, piece)] for piece in pieces]


def rich_wrap(runs: Sequence[Run], size: float, width: float, bold: bool = False) -> list[RichLine]:
    """Styled runs as lines of at most `width` points; a "\\n" in a run starts a new line."""
    paragraphs: list[list[Run]] = [[]]
    for run in runs:
        for i, part in enumerate(run.text.split("\n")):
            if i:
                paragraphs.append([])
            if part:
                paragraphs[-1].append(_restyle(run, part))
    space = text_width(" ", fonts.REGULAR, size)
    lines: list[RichLine] = []
    for paragraph in paragraphs:
        line: list[Run] = []
        used = 0.0
        for word in _words(paragraph):
            for piece in _split_long_runs(word, size, width, bold):
                needed = _runs_width(piece, size, bold)
                if line and used + space + needed > width:
                    lines.append(_merge(line))
                    line, used = [], 0.0
                if line:
                    # The space takes the style around it when both sides share it (a link).
                    joined = line[-1].same_style(piece[0])
                    line.append(_restyle(line[-1], " ") if joined else Run(" "))
                    used += space
                line += piece
                used += needed
        lines.append(_merge(line))
    return lines


def _merge(runs: list[Run]) -> RichLine:
    merged: list[Run] = []
    for run in runs:
        if merged and merged[-1].same_style(run):
            merged[-1] = _restyle(run, merged[-1].text + run.text)
        else:
            merged.append(run)
    return tuple(merged)


def draw_runs(canvas: Canvas, x: float, y: float, line: RichLine, size: float, bold: bool = False) -> None:
    """Draw one line of styled runs from `x`: bold in DejaVu Sans Bold, italic slanted, a link
    underlined in the brand colour with a clickable area."""
    for run in line:
        font = fonts.BOLD if bold or run.bold else regular(canvas, run.text)
        width = text_width(run.text, font, size)
        if run.link:
            canvas.saveState()
            canvas.setFillColor(BRAND_COLOUR)
            canvas.setStrokeColor(BRAND_COLOUR)
            canvas.setLineWidth(0.5)
            canvas.line(x, y - 0.12 * size, x + width, y - 0.12 * size)
        if run.italic:
            text = canvas.beginText()
            text.setFont(font, size)
            text.setTextTransform(1, 0, SLANT, 1, x, y)
            text.textOut(run.text)
            canvas.drawText(text)
        else:
            canvas.setFont(font, size)
            canvas.drawString(x, y, run.text)
        if run.link:
            canvas.restoreState()
            canvas.linkURL(run.link, (x, y - 0.25 * size, x + width, y + 0.85 * size), relative=0, thickness=0)
        x += width


# --- a document ---------------------------------------------------------------------------------


@contextlib.contextmanager
def _settings() -> Iterator[None]:
    """Plain deflate streams (no ASCII85: smaller files) while a PDF is made."""
    before = rl_config.useA85
    rl_config.useA85 = 0
    try:
        yield
    finally:
        rl_config.useA85 = before


def _new_canvas(
    buffer: io.BytesIO, page: tuple[float, float], tool: m.Tool, title: str, epoch: int, form: bool = True
) -> Canvas:
    """A canvas with fixed dates; `form`: with the form font (for fillable files)."""
    fonts.register()
    canvas = Canvas(buffer, pagesize=page, invariant=1, pageCompression=1, lang=LANGUAGE, initialFontName=fonts.BOLD)
    _fix_timestamp(canvas, epoch)
    if form:
        _embed_form_font(canvas)
    canvas.setTitle(title)
    canvas.setAuthor(PUBLISHER)
    canvas.setCreator(PUBLISHER)
    canvas.setSubject(tool.intent)
    canvas.setKeywords(f"{tool.id}, ImpactAcademie, canvas")
    return canvas


def _fix_timestamp(canvas: Canvas, epoch: int) -> None:
    """Dates and document ID from `epoch`, whatever SOURCE_DATE_EPOCH the process has."""
    doc = canvas._doc
    stamp = doc._timeStamp
    stamp.t = float(epoch)
    stamp.lt = time.gmtime(epoch)
    stamp.YMDhms = tuple(stamp.lt)[:6]
    stamp.dhh = stamp.dmm = 0
    stamp.tzname = "UTC"
    doc.signature = hashlib.md5(usedforsecurity=False)
    doc.signature.update(b"a reportlab document")
    doc.signature.update(ascii(stamp.t).encode())


class _FormResources(pdfdoc.PDFObject):
    """Resources naming the embedded form font FIELD_RESOURCE: the form's /DR, and the resources
    of each field's appearance. Written at save time, when the font has its object number."""

    def __init__(self, internal_name: str, procset: bool = False):
        self.internal_name = internal_name
        self.procset = procset

    def format(self, document) -> bytes:
        reference = pdfdoc.PDFObjectReference(self.internal_name).format(document).decode()
        procset = "/ProcSet [/PDF /Text] " if self.procset else ""
        return f"<< {procset}/Font << /{fonts.FIELD_RESOURCE} {reference} >> >>".encode()


def _embed_form_font(canvas: Canvas) -> str:
    """Embed the form font (fonts.field_layout: code → character) in this document; return its
    internal name. Page text whose letters it has is drawn with it too (one font less)."""
    font = fonts.field_font()
    doc = canvas._doc
    table = fonts.field_layout()
    state = font._assignState(doc)
    state.subsets = [table]
    state.assignments = {char: code for code, char in enumerate(table) if char or code == 0}
    state.nextCode = 256
    state.frozen = 1
    canvas._ia_form_font = True
    return _form_font_name(canvas)


def _form_font_name(canvas: Canvas) -> str:
    return fonts.field_font().getSubsetInternalName(0, canvas._doc)[1:]


def _use_for_fields(canvas: Canvas) -> None:
    """Make the form font the default appearance of every field, so typed ş, ğ, ł and ç render in
    any reader that regenerates the field."""
    internal = _form_font_name(canvas)
    canvas.acroForm.makeFont = lambda name: ("null", fonts.FIELD_RESOURCE)  # no Helvetica
    canvas.acroForm.extras["DR"] = _FormResources(internal)
    canvas.acroForm.extras["DA"] = pdfdoc.PDFString(_default_appearance())


def regular(canvas: Canvas, text: str) -> str:
    """The font for regular page text: the form font when the document has it and it has every
    letter, else DejaVu Sans."""
    if getattr(canvas, "_ia_form_font", False) and all(c in _FIELD_SET for c in text):
        return fonts.FIELD_FONT
    return fonts.REGULAR


_FIELD_SET = frozenset(fonts.FIELD_CHARACTERS)


def _default_appearance() -> str:
    """Font size 0 = auto: the text shrinks to fit the field instead of being cut off."""
    return f"/{fonts.FIELD_RESOURCE} 0 Tf 0.1 g"


def _text_field(canvas: Canvas, name: str, box: Box, tooltip: str, multiline: bool = True) -> None:
    """One text field (multi-line unless told) without a length limit (reportlab's default is 100
    characters), border or fill (the block is the frame), in the embedded form font."""
    canvas.acroForm.textfield(
        name=name,
        tooltip=tooltip,
        x=box.left,
        y=box.bottom,
        width=box.width,
        height=box.height,
        fieldFlags="multiline" if multiline else "",
        maxlen=0,
        borderWidth=0,
        borderColor=None,
        fillColor=None,
        textColor=None,
        forceBorder=False,
    )
    doc = canvas._doc
    widget = doc.idToObject[canvas.acroForm.fields[-1].name]
    widget.dict["DA"] = pdfdoc.PDFString(_default_appearance())
    appearance = doc.idToObject[widget.dict["AP"].dict["N"].name]
    appearance.dictionary["Resources"] = _FormResources(_form_font_name(canvas), procset=True)


def _save(canvas: Canvas, buffer: io.BytesIO) -> bytes:
    canvas.save()
    return buffer.getvalue()


# --- shared page parts --------------------------------------------------------------------------


def _title_band(canvas: Canvas, box: Box, title: str, lines: Sequence[str]) -> None:
    canvas.setFillColor(BRAND_COLOUR)
    canvas.roundRect(box.left, box.bottom, box.width, box.height, 4, stroke=0, fill=1)
    canvas.setFillColor(white)
    size = 22.0 if box.height >= 50 else 14.0
    while size > 12 and text_width(title, fonts.BOLD, size) > box.width - 2 * 12:
        size -= 1
    y = box.top - 12 - size
    draw(canvas, box.left + 12, y, title, size, bold=True)
    for line in lines:
        y -= 13
        draw(canvas, box.left + 12, y, line, 9.5)


def _band_lines(text: str, width: float, limit: int) -> list[str]:
    lines = wrap(text, fonts.REGULAR, 9.5, width)
    if len(lines) > limit:
        lines = lines[:limit]
        lines[-1] = lines[-1].rstrip(".") + " …"
    return lines


def _footer(
    canvas: Canvas, page: tuple[float, float], tool: m.Tool, meta: ToolMeta, note: str = "", side: float = MARGIN
) -> None:
    """Source, licence and page address on the left, a page number (`note`) on the right."""
    width = page[0] - 2 * side - (text_width(note, fonts.REGULAR, 7) + 12 if note else 0)
    lines = wrap(f"Gebaseerd op: {meta.based_on}", fonts.REGULAR, 7, width)
    lines += wrap(
        f"Licentie van het canvas: {licence_name(tool.licence)} · {PUBLISHER} · {meta.page_url}",
        fonts.REGULAR,
        7,
        width,
    )
    canvas.setFillColor(GREY)
    y = MARGIN + 8.5 * (len(lines) - 1) + 2
    for line in lines:
        draw(canvas, side, y, line, 7)
        y -= 8.5
    if note:
        draw(canvas, page[0] - side, MARGIN + 2, note, 7, align="right")


# --- block header: label and guiding question ---------------------------------------------------


@dataclass(frozen=True)
class Header:
    label_lines: list[str]
    label_size: float
    question_lines: list[str]
    question_size: float

    @property
    def height(self) -> float:
        return (
            PAD
            + len(self.label_lines) * self.label_size * LEADING
            + 2
            + len(self.question_lines) * self.question_size * LEADING
            + 3
        )


def fit_header(block: m.Block, box: Box, share: float = 0.62) -> Header:
    """The largest question size whose header leaves the field at least 1 - share of the block
    (and MIN_FIELD_HEIGHT); the smallest size otherwise."""
    width = box.width - 2 * PAD
    label = wrap(block.label, fonts.BOLD, LABEL_SIZE, width)
    header = Header(label, LABEL_SIZE, [], QUESTION_SIZES[-1])
    for size in QUESTION_SIZES:
        header = Header(label, LABEL_SIZE, wrap(block.question, fonts.REGULAR, size, width), size)
        if header.height <= min(box.height * share, box.height - FIELD_INSET - MIN_FIELD_HEIGHT):
            return header
    return header


def _draw_header(canvas: Canvas, header: Header, box: Box) -> float:
    """Draw label and question from the top of `box`; return the y below them."""
    y = box.top - PAD
    canvas.setFillColor(BRAND_COLOUR)
    for line in header.label_lines:
        y -= header.label_size * LEADING
        draw(canvas, box.left + PAD, y + 0.22 * header.label_size, line, header.label_size, bold=True)
    y -= 2
    canvas.setFillColor(GREY)
    for line in header.question_lines:
        y -= header.question_size * LEADING
        draw(canvas, box.left + PAD, y + 0.22 * header.question_size, line, header.question_size)
    return box.top - header.height


def writing_area(block: m.Block, box: Box) -> Box:
    """Where one writes in a block of the A3 canvas: the form field's rectangle."""
    header = fit_header(block, box)
    return Box(box.left + FIELD_INSET, box.bottom + FIELD_INSET, box.right - FIELD_INSET, box.top - header.height)


def _draw_block(canvas: Canvas, block: m.Block, box: Box) -> Box:
    canvas.setStrokeColor(BRAND_COLOUR)
    canvas.setLineWidth(0.8)
    canvas.setFillColor(TINT)
    canvas.roundRect(box.left, box.bottom, box.width, box.height, 5, stroke=1, fill=1)
    header = fit_header(block, box)
    _draw_header(canvas, header, box)
    area = writing_area(block, box)
    canvas.setFillColor(white)
    canvas.roundRect(area.left, area.bottom, area.width, area.height, 3, stroke=0, fill=1)
    return area


def _tooltip(block: m.Block) -> str:
    return f"{block.label}: {block.question}"


# --- numeric models: tables and results (issue 14) ---------------------------------------------

TABLE_ROW = 15.0  # a typed row of a model table: room for a single-line field
MAX_TABLE_ROW = 24.0  # a blank table with few rows spreads them out, up to this height
PLAIN_TABLE_MAX_ROWS = 12  # a plain table (not the numeric model) gets at most this many ruled rows
PLAIN_TABLE_ROW = 22.0  # and each at least this high: about 8 mm, a line of handwriting
TABLE_SIZES = (7.5, 7.0, 6.5, 6.0)
RULE_SIZES = (7.0, 6.0)  # the rounding rule under the results block
RULE_GAP = 3.0
MIN_EXAMPLE_ROW = 8.0  # the example's rows shrink to this before the block falls back to text
A4_TABLE_ROWS = 10  # typed rows of a model table on the A4 worksheet (fewer when max_rows is lower)
COMPUTED_NOTE = "Grijs: dat rekenen het online werkblad en de spreadsheet uit."


def _model_table(tool: m.Tool, block: m.Block) -> m.ModelTable | None:
    if tool.model is None or block.kind != "table":
        return None
    return next((t for t in tool.model.tables if t.id == block.id), None)


def shows_model(tool: m.Tool, block: m.Block) -> bool:
    """Whether a block is drawn as a table of the numeric model (not as one text field)."""
    return _model_table(tool, block) is not None or (block.kind == "results" and tool.model is not None)


@dataclass(frozen=True)
class _Column:
    heading: str
    kind: str  # "name" (row names), "input" (typed numbers), "computed"
    id: str = ""
    unit: str = ""


def _columns(table: m.ModelTable) -> list[_Column]:
    return (
        [_Column(table.rows_label, "name")]
        + [_Column(c.label, "input", c.id, table.unit_of(c)) for c in table.columns]
        + [_Column(c.label, "computed", c.id, c.unit) for c in table.computed]
    )


def _widths(headings: Sequence[str], width: float, size: float, first: float = 0.3) -> list[float]:
    """The first column (names) `first` of the width, at least its longest word; the others share
    the rest, each at least as wide as the longest word of its heading."""
    least = [max(text_width(w, fonts.BOLD, size) for w in (h.split() or [""])) + 6 for h in headings]
    name = max(width * first, least[0]) if len(headings) > 1 else width
    rest = [max(least[j], (width - name) / max(1, len(headings) - 1)) for j in range(1, len(headings))]
    if rest and sum(rest) > width - name:
        rest = [w * (width - name) / sum(rest) for w in rest]
    return [name, *rest]


def _cell_text(
    canvas: Canvas, x: float, width: float, y: float, text: str, size: float, right: bool, bold: bool
) -> None:
    while text and size > 5 and text_width(text, fonts.BOLD if bold else fonts.REGULAR, size) > width - 4:
        size -= 0.5
    if right:
        draw(canvas, x + width - 2, y, text, size, bold=bold, align="right")
    else:
        draw(canvas, x + 2, y, text, size, bold=bold)


def _table_lines(
    canvas: Canvas,
    columns: Sequence[_Column],
    widths: Sequence[float],
    left: float,
    top: float,
    head_lines: Sequence[Sequence[str]],
    size: float,
) -> float:
    """The bold headings (numbers right-aligned) and the rule under them; returns the y below."""
    head = max(len(lines) for lines in head_lines) * size * LEADING + 3
    canvas.setFillColor(INK)
    x = left
    for column, width, lines in zip(columns, widths, head_lines, strict=True):
        y = top
        for line in lines:
            y -= size * LEADING
            _cell_text(canvas, x, width, y + 0.22 * size, line, size, column.kind != "name", True)
        x += width
    canvas.setStrokeColor(BRAND_COLOUR)
    canvas.setLineWidth(0.8)
    canvas.line(left, top - head, left + sum(widths), top - head)
    return top - head


def _shade(
    canvas: Canvas, columns: Sequence[_Column], widths: Sequence[float], left: float, top: float, bottom: float
) -> None:
    """Computed columns shaded from `top` to `bottom`."""
    canvas.setFillColor(TINT)
    x = left
    for column, width in zip(columns, widths, strict=True):
        if column.kind == "computed":
            canvas.rect(x, bottom, width, top - bottom, stroke=0, fill=1)
        x += width


def _separators(canvas: Canvas, widths: Sequence[float], left: float, top: float, bottom: float) -> None:
    """Thin lines between the columns, so a number on paper stays in its column."""
    canvas.setStrokeColor(LINE)
    canvas.setLineWidth(0.4)
    x = left
    for width in widths[:-1]:
        x += width
        canvas.line(x, top, x, bottom)


def _rule(canvas: Canvas, left: float, right: float, y: float, strong: bool = False) -> None:
    canvas.setStrokeColor(BRAND_COLOUR if strong else LINE)
    canvas.setLineWidth(0.8 if strong else 0.4)
    canvas.line(left, y, right, y)


def _model_table_block(
    canvas: Canvas,
    block: m.Block,
    table: m.ModelTable,
    area: Box,
    results: calc.Results | None,
) -> bool:
    """Draw a model table into `area`: blank with a field per typed cell, or (with `results`) the
    worked example with every figure. False (nothing drawn) when it does not fit."""
    columns = _columns(table)
    left, width = area.left + PAD, area.width - 2 * PAD
    for size in TABLE_SIZES if results is None else EXAMPLE_SIZES:
        widths = _widths([c.heading for c in columns], width, size)
        head_lines = [wrap(c.heading, fonts.BOLD, size, w - 4) for c, w in zip(columns, widths, strict=True)]
        head = max(len(lines) for lines in head_lines) * size * LEADING + 3
        note = 0.0 if results is not None or not table.computed else size * LEADING + 2
        room = area.height - 2 * PAD - head - note
        totals = 1 if table.total_row else 0
        if results is None:
            count = min(table.max_rows, int(room // TABLE_ROW) - totals)
            row = min(MAX_TABLE_ROW, room / max(1, count + totals))  # fewer rows: more room to write
            if count >= 2:
                break
        else:
            labels = [wrap(label, fonts.REGULAR, size, widths[0] - 4) for label in results.tables[table.id].labels]
            count = len(labels)
            row = min(size * 1.7, room / max(1, count + totals))
            heights = [max(row, len(lines) * size * LEADING + 3) for lines in labels]  # long names wrap
            if row >= max(MIN_EXAMPLE_ROW, size * 1.3) and sum(heights) + totals * row <= room:
                break
    else:
        return False
    if results is None:
        heights = [row] * count
    top = area.top - PAD
    bottom = top - head - sum(heights) - totals * row
    _shade(canvas, columns, widths, left, top, bottom)
    y = _table_lines(canvas, columns, widths, left, top, head_lines, size)
    _separators(canvas, widths, left, y, bottom)
    result = results.tables[table.id] if results is not None else None
    for n, height in enumerate(heights):
        if n:
            _rule(canvas, left, left + sum(widths), y)
        x = left
        for column, w in zip(columns, widths, strict=True):
            if result is None:
                if column.kind != "computed":
                    name = f"{block.id}-r{n + 1}-{column.id or 'naam'}"
                    box = Box(x + 1, y - row + 1.5, x + w - 1, y - 1.5)
                    _text_field(canvas, name, box, f"{column.heading}, rij {n + 1}", multiline=False)
            elif column.kind == "name":
                canvas.setFillColor(INK)
                for i, line in enumerate(labels[n]):
                    draw(canvas, x + 2, y - (i + 1) * size * LEADING + 0.22 * size - 1, line, size)
            else:
                text = _example_cell(table, result, n, column)
                canvas.setFillColor(INK)
                _cell_text(canvas, x, w, y - size * LEADING + 0.22 * size - 1, text, size, True, False)
            x += w
        y -= height
    if table.total_row:
        _rule(canvas, left, left + sum(widths), y, strong=True)
        x = left
        for column, w in zip(columns, widths, strict=True):
            text = table.total_row if column.kind == "name" else ""
            if result is not None and column.kind != "name" and calc.shows_total(column.unit):
                text = calc.display(result.totals[column.id], column.unit)
            canvas.setFillColor(INK)
            _cell_text(canvas, x, w, y - row + 0.3 * row, text, size, column.kind != "name", True)
            x += w
        y -= row
    if note:
        canvas.setFillColor(GREY)
        draw(canvas, left, y - size * LEADING + 0.22 * size, COMPUTED_NOTE, size - 0.5)
    return True


def _example_cell(table: m.ModelTable, result: calc.TableResult, n: int, column: _Column) -> str:
    """A figure of the worked example as calc.display writes it, typed cells too (60 in a procent
    column is 60,0%), as the tool page, the Word file and the dossier show it."""
    if column.kind == "name":
        return result.labels[n]
    if column.kind == "input":
        j = next(i for i, c in enumerate(table.columns) if c.id == column.id)
        return calc.display(result.cells[n][j], column.unit)
    return calc.display(result.computed[column.id][n], column.unit)


def _results_block(
    canvas: Canvas, block: m.Block, model: m.NumericModel, area: Box, results: calc.Results | None
) -> bool:
    """The outputs (label, then a field or the example's figure) and the computed rows as a table.
    False (nothing drawn) when it does not fit."""
    left, width = area.left + PAD, area.width - 2 * PAD
    tables = {t.id: t for t in model.tables}
    overs = list(dict.fromkeys(r.over for r in model.rows))
    # the rounding rule under the results (smaller before the results shrink); only a block too
    # small for it goes without
    sizes = TABLE_SIZES if results is None else EXAMPLE_SIZES
    attempts: list[tuple[float, float | None]] = [(size, r) for size in sizes for r in RULE_SIZES]
    attempts += [(size, None) for size in sizes]
    for size, rule_size in attempts:
        rule = wrap(ROUNDING_RULE, fonts.REGULAR, rule_size, width) if rule_size else []
        label_width = width * 0.6
        labels = [wrap(o.label, fonts.REGULAR, size, label_width - 4) for o in model.outputs]
        heights = [
            max(TABLE_ROW if results is None else size * LEADING + 4, len(ls) * size * LEADING + 4) for ls in labels
        ]
        grids = []
        for over in overs:
            headings = ["", *(c.label for c in tables[over].columns)]
            widths = _widths(headings, width, size, 0.34)
            head_lines = [wrap(h, fonts.BOLD, size, w - 4) for h, w in zip(headings, widths, strict=True)]
            rows = [r for r in model.rows if r.over == over]
            row_lines = [wrap(r.label, fonts.REGULAR, size, widths[0] - 4) for r in rows]
            row_heights = [max(TABLE_ROW if results is None else 0, len(ls) * size * LEADING + 4) for ls in row_lines]
            grids.append((over, widths, head_lines, rows, row_lines, row_heights))
        needed = sum(heights) + sum(max(len(h) for h in g[2]) * size * LEADING + 3 + sum(g[5]) + 6 for g in grids)
        needed += rule_height(rule, rule_size) if rule_size else 0
        if needed <= area.height - 2 * PAD:
            break
    else:
        return False
    y = area.top - PAD
    for output, lines, height in zip(model.outputs, labels, heights, strict=True):
        canvas.setFillColor(INK)
        ly = y
        for line in lines:
            ly -= size * LEADING
            draw(canvas, left, ly + 0.22 * size, line, size)
        value_box = Box(left + label_width, y - height + 1.5, left + width, y - 1.5)
        if results is None:
            canvas.setFillColor(white)
            canvas.rect(value_box.left, value_box.bottom, value_box.width, value_box.height, stroke=0, fill=1)
            _text_field(canvas, f"{block.id}-{output.id}", value_box, output.label, multiline=False)
        else:
            text = calc.display(results.outputs[output.id], output.unit)
            canvas.setFillColor(INK)
            _cell_text(
                canvas, value_box.left, value_box.width, y - size * LEADING + 0.22 * size, text, size, True, True
            )
        y -= height
        _rule(canvas, left, left + width, y)
    for over, widths, head_lines, rows, row_lines, row_heights in grids:
        y -= 6
        table = tables[over]
        columns = [_Column("", "name")] + [_Column(c.label, "input", c.id) for c in table.columns]
        y = _table_lines(canvas, columns, widths, left, y, head_lines, size)
        _separators(canvas, widths, left, y, y - sum(row_heights))
        for row, lines, height in zip(rows, row_lines, row_heights, strict=True):
            canvas.setFillColor(INK)
            ly = y
            for line in lines:
                ly -= size * LEADING
                draw(canvas, left + 2, ly + 0.22 * size, line, size)
            x = left + widths[0]
            for j, w in enumerate(widths[1:]):
                if results is None:
                    box = Box(x + 1, y - height + 1.5, x + w - 1, y - 1.5)
                    tip = f"{row.label}, {table.columns[j].label}"
                    _text_field(canvas, f"{block.id}-{row.id}-{j + 1}", box, tip, multiline=False)
                else:
                    text = calc.display(results.rows[row.id][j], row.unit)
                    canvas.setFillColor(INK)
                    _cell_text(canvas, x, w, y - size * LEADING + 0.22 * size, text, size, True, False)
                x += w
            y -= height
            _rule(canvas, left, left + sum(widths), y)
    if rule_size:
        y -= RULE_GAP
        canvas.setFillColor(GREY)
        for line in rule:
            y -= rule_size * LEADING
            draw(canvas, left, y + 0.22 * rule_size, line, rule_size)
    return True


def rule_height(lines: Sequence[str], size: float) -> float:
    """Room for the rounding rule (wrapped into `lines` at `size`) under the results."""
    return RULE_GAP + len(lines) * size * LEADING


def _model_block(canvas: Canvas, tool: m.Tool, block: m.Block, area: Box, results: calc.Results | None) -> bool:
    """Draw a block that shows the numeric model into `area`; False when it does not fit there."""
    table = _model_table(tool, block)
    if table is not None:
        return _model_table_block(canvas, block, table, area, results)
    assert tool.model is not None
    return _results_block(canvas, block, tool.model, area, results)


def _model_height(tool: m.Tool, block: m.Block) -> float | None:
    """Room a model block needs on the A4 worksheet (blank), or None for other blocks."""
    if not shows_model(tool, block):
        return None
    assert tool.model is not None
    table = _model_table(tool, block)
    if table is not None:
        rows = min(table.max_rows, A4_TABLE_ROWS) + (1 if table.total_row else 0)
        return 2 * PAD + 3 * TABLE_SIZES[0] * LEADING + 3 + rows * TABLE_ROW + 2 * TABLE_SIZES[0] * LEADING
    lines = len(tool.model.outputs) + sum(2 for _ in dict.fromkeys(r.over for r in tool.model.rows))
    rule = wrap(ROUNDING_RULE, fonts.REGULAR, RULE_SIZES[0], A4_CONTENT_WIDTH - 4 - 2 * PAD)
    return 2 * PAD + (lines + len(tool.model.rows)) * (TABLE_ROW + 4) + 12 + rule_height(rule, RULE_SIZES[0])


def is_plain_table(tool: m.Tool, block: m.Block) -> bool:
    """A table block that is neither a table of the numeric model nor a scored table: on the blank
    canvas and worksheet it gets its column headings and ruled rows, one field per cell."""
    return block.kind == "table" and bool(block.columns) and block.items is None and not shows_model(tool, block)


def _plain_table_block(canvas: Canvas, block: m.Block, area: Box) -> bool:
    """A blank plain table in `area`: the headings, lines between the columns and the rows, and a
    field per cell (`<block>-r<n>-<column number>`), so a duo writing by hand or typing keeps to the
    columns. False (nothing drawn) when fewer than two rows fit."""
    headings = list(block.columns or [])
    columns = [_Column(h, "name") for h in headings]
    left, width = area.left + PAD, area.width - 2 * PAD
    for size in TABLE_SIZES:
        widths = _widths(headings, width, size, first=max(0.25, 1 / len(headings)))
        head_lines = [wrap(h, fonts.BOLD, size, w - 4) for h, w in zip(headings, widths, strict=True)]
        head = max(len(lines) for lines in head_lines) * size * LEADING + 3
        room = area.height - 2 * PAD - head
        count = min(PLAIN_TABLE_MAX_ROWS, int(room // PLAIN_TABLE_ROW))
        if count >= 2:
            break
    else:
        return False
    row = room / count
    top = area.top - PAD
    y = _table_lines(canvas, columns, widths, left, top, head_lines, size)
    _separators(canvas, widths, left, y, y - count * row)
    for n in range(count):
        if n:
            _rule(canvas, left, left + sum(widths), y)
        x = left
        for j, (heading, w) in enumerate(zip(headings, widths, strict=True)):
            box = Box(x + 1, y - row + 1.5, x + w - 1, y - 1.5)
            _text_field(
                canvas, f"{block.id}-r{n + 1}-{j + 1}", box, f"{heading}, rij {n + 1}", multiline=row >= 2 * TABLE_ROW
            )
            x += w
        y -= row
    return True


def _blank_block(canvas: Canvas, tool: m.Tool, block: m.Block, area: Box) -> None:
    """What a duo fills in: a model block, a plain table's cells, or one multi-line field."""
    if shows_model(tool, block) and _model_block(canvas, tool, block, area, None):
        return
    if is_plain_table(tool, block) and _plain_table_block(canvas, block, area):
        return
    _text_field(canvas, block.id, area, _tooltip(block))


def _example_results(tool: m.Tool) -> calc.Results | None:
    return calc.evaluate_example(tool.model) if tool.model is not None else None


# --- the A3 canvas ------------------------------------------------------------------------------


def canvas_a3(tool: m.Tool, meta: ToolMeta) -> bytes:
    """The fillable A3 landscape canvas."""
    with _settings():
        buffer = io.BytesIO()
        canvas = _new_canvas(buffer, A3_PAGE, tool, f"{tool.title}: canvas (A3)", meta.epoch)
        _use_for_fields(canvas)
        _a3_band(
            canvas,
            tool,
            tool.title,
            tool.intent,
            f"Vul dit canvas in op je computer, of druk het af op A3 en schrijf erop. "
            f"Uitleg en stappen: {meta.page_url}",
        )
        for block in tool.canvas.blocks:
            area = _draw_block(canvas, a3_block(block), block_box(block.position))
            _blank_block(canvas, tool, block, area)
        _footer(canvas, A3_PAGE, tool, meta)
        canvas.showPage()
        return _save(canvas, buffer)


A3_SCALE_NOTE = "Wat je ziet bij elke score, staat in het werkblad (A4) en online."


def a3_block(block: m.Block) -> m.Block:
    """A block as the A3 canvas shows it: a scored block (a self-scan) names its items under the
    question, numbered, and where the descriptions per score are (they do not fit on A3)."""
    if block.items is None:
        return block
    items = " ".join(f"({n}) {item.label}." for n, item in enumerate(block.items, start=1))
    return block.model_copy(update={"question": f"{block.question} Onderdelen: {items} {A3_SCALE_NOTE}"})


def _a3_band(canvas: Canvas, tool: m.Tool, title: str, first: str, second: str) -> None:
    box = Box(MARGIN, A3_PAGE[1] - MARGIN - BAND_HEIGHT, A3_PAGE[0] - MARGIN, A3_PAGE[1] - MARGIN)
    width = box.width - 24
    lines = _band_lines(first, width, 1) + _band_lines(second, width, 1)
    _title_band(canvas, box, title, lines)


# --- the A4 worksheet ---------------------------------------------------------------------------

A4_CONTENT_WIDTH = A4_PAGE[0] - 2 * 15 * mm
A4_LEFT = 15 * mm
A4_FIRST_BAND = 84.0
A4_NEXT_BAND = 30.0
A4_BOTTOM = MARGIN + FOOTER_HEIGHT + 12
A4_LABEL_SIZE = 12.0
A4_QUESTION_SIZE = 9.0


@dataclass
class _Placed:
    block: m.Block
    top: float
    label: list[str]
    question: list[str]
    field_height: float
    scale: float = 0.0  # the height of the descriptions per score of a scored block (scale_height)

    @property
    def header_height(self) -> float:
        return (
            len(self.label) * A4_LABEL_SIZE * LEADING
            + 2
            + len(self.question) * A4_QUESTION_SIZE * LEADING
            + 4
            + self.scale
        )


# A scored block (`items` and `scores`, a self-scan such as the nulmeting): on the A4 worksheet,
# every item with what you see at each score, side by side, between the question and the field.
SCALE_ITEM_HEADING = scored.ITEM_HEADING
SCALE_LABEL_SIZE = 8.5
SCALE_SIZE = 7.5
SCALE_GAP = 8.0


@dataclass(frozen=True)
class ScaleItem:
    """One item of a scored block, wrapped: its label and, per score, the number and its lines."""

    label: list[str]
    levels: list[tuple[str, list[str]]]

    @property
    def height(self) -> float:
        lines = max(len(text) for _, text in self.levels)
        return len(self.label) * SCALE_LABEL_SIZE * LEADING + lines * SCALE_SIZE * LEADING + 5


def scale_items(block: m.Block, width: float) -> list[ScaleItem]:
    """The items of a scored block wrapped for `width` points; [] for any other block."""
    if block.items is None or block.scores is None:
        return []
    count = block.scores.max - block.scores.min + 1
    column = (width - SCALE_GAP * (count - 1)) / count
    number = text_width("4  ", fonts.BOLD, SCALE_SIZE)
    found = []
    for item in block.items:
        levels = [
            (str(block.scores.min + i), wrap(level, fonts.REGULAR, SCALE_SIZE, column - number))
            for i, level in enumerate(item.levels)
        ]
        found.append(ScaleItem(wrap(item.label, fonts.BOLD, SCALE_LABEL_SIZE, width), levels))
    return found


def scale_height(block: m.Block, width: float) -> float:
    return sum(item.height for item in scale_items(block, width))


def _draw_scale(canvas: Canvas, block: m.Block, left: float, top: float, width: float) -> float:
    """Draw the items of a scored block from `top`; return the y below them."""
    items = scale_items(block, width)
    if not items:
        return top
    count = len(items[0].levels)
    column = (width - SCALE_GAP * (count - 1)) / count
    number = text_width("4  ", fonts.BOLD, SCALE_SIZE)
    y = top
    for item in items:
        bottom = y - item.height
        canvas.setFillColor(BRAND_COLOUR)
        for line in item.label:
            y -= SCALE_LABEL_SIZE * LEADING
            draw(canvas, left, y + 0.22 * SCALE_LABEL_SIZE, line, SCALE_LABEL_SIZE, bold=True)
        canvas.setFillColor(GREY)
        for j, (score, lines) in enumerate(item.levels):
            x = left + j * (column + SCALE_GAP)
            line_y = y
            for k, line in enumerate(lines):
                line_y -= SCALE_SIZE * LEADING
                if k == 0:
                    draw(canvas, x, line_y + 0.22 * SCALE_SIZE, score, SCALE_SIZE, bold=True)
                draw(canvas, x + number, line_y + 0.22 * SCALE_SIZE, line, SCALE_SIZE)
        y = bottom
    return y


@dataclass
class _Page:
    blocks: list[_Placed] = field(default_factory=list)


def a4_field_height(block: m.Block) -> float:
    """Room in proportion to the block's area on the A3 canvas (between 56 and 240 points)."""
    box = block_box(block.position)
    return max(56.0, min(240.0, 0.55 * box.width * box.height / A4_CONTENT_WIDTH))


def _a4_top(first: bool) -> float:
    return A4_PAGE[1] - MARGIN - (A4_FIRST_BAND if first else A4_NEXT_BAND) - 14


def _needed(placed: _Placed) -> float:
    return placed.header_height + placed.field_height + 16


def _plan_a4(tool: m.Tool) -> list[_Page]:
    """Blocks in YAML order, page by page. A block that almost fits shrinks to the space left
    (to 70%); the fields of a full page then share its free space, so no page looks half empty."""
    pages = [_Page()]
    room = _a4_top(True) - A4_BOTTOM
    for block in tool.canvas.blocks:
        placed = _Placed(
            block,
            0.0,
            wrap(block.label, fonts.BOLD, A4_LABEL_SIZE, A4_CONTENT_WIDTH),
            wrap(block.question, fonts.REGULAR, A4_QUESTION_SIZE, A4_CONTENT_WIDTH),
            _model_height(tool, block) or a4_field_height(block),
            scale_height(block, A4_CONTENT_WIDTH),
        )
        squeezed = room - placed.header_height - 16
        if _needed(placed) > room and squeezed >= max(56.0, 0.7 * placed.field_height):
            placed.field_height = squeezed
        if _needed(placed) > room and pages[-1].blocks:
            pages.append(_Page())
            room = _a4_top(False) - A4_BOTTOM
        pages[-1].blocks.append(placed)
        room -= _needed(placed)
    for number, page in enumerate(pages):
        _settle(page, first=number == 0, last=number == len(pages) - 1)
    return pages


def _settle(page: _Page, first: bool, last: bool) -> None:
    """Give each block its top; on a full page, share the free space among the fields."""
    top = _a4_top(first)
    free = top - A4_BOTTOM - sum(_needed(p) for p in page.blocks)
    extra = 0.0 if last else max(0.0, free) / len(page.blocks)
    for placed in page.blocks:
        placed.field_height += extra
        placed.top = top
        top -= _needed(placed)


def worksheet_a4(tool: m.Tool, meta: ToolMeta) -> bytes:
    """The fillable A4 portrait worksheet: the blocks under each other, one field each."""
    fonts.register()
    pages = _plan_a4(tool)
    with _settings():
        buffer = io.BytesIO()
        canvas = _new_canvas(buffer, A4_PAGE, tool, f"{tool.title}: werkblad (A4)", meta.epoch)
        _use_for_fields(canvas)
        for number, page in enumerate(pages, start=1):
            _a4_band(canvas, tool, meta, first=number == 1)
            for placed in page.blocks:
                _draw_a4_block(canvas, tool, placed)
            _footer(canvas, A4_PAGE, tool, meta, f"pagina {number} van {len(pages)}", side=A4_LEFT)
            canvas.showPage()
        return _save(canvas, buffer)


def _a4_band(canvas: Canvas, tool: m.Tool, meta: ToolMeta, first: bool) -> None:
    height = A4_FIRST_BAND if first else A4_NEXT_BAND
    box = Box(A4_LEFT, A4_PAGE[1] - MARGIN - height, A4_PAGE[0] - A4_LEFT, A4_PAGE[1] - MARGIN)
    if not first:
        _title_band(canvas, box, f"{tool.title} (vervolg)", [])
        return
    text = f"{tool.intent} Schrijf in de vakken: op je computer, of op papier."
    _title_band(canvas, box, tool.title, _band_lines(text, box.width - 24, 3))


def _draw_a4_block(canvas: Canvas, tool: m.Tool, placed: _Placed) -> None:
    y = placed.top
    canvas.setFillColor(BRAND_COLOUR)
    for line in placed.label:
        y -= A4_LABEL_SIZE * LEADING
        draw(canvas, A4_LEFT, y + 0.22 * A4_LABEL_SIZE, line, A4_LABEL_SIZE, bold=True)
    y -= 2
    canvas.setFillColor(GREY)
    for line in placed.question:
        y -= A4_QUESTION_SIZE * LEADING
        draw(canvas, A4_LEFT, y + 0.22 * A4_QUESTION_SIZE, line, A4_QUESTION_SIZE)
    y -= 4
    y = _draw_scale(canvas, placed.block, A4_LEFT, y, A4_CONTENT_WIDTH)
    box = Box(A4_LEFT, y - placed.field_height, A4_LEFT + A4_CONTENT_WIDTH, y)
    canvas.setStrokeColor(LINE)
    canvas.setLineWidth(0.8)
    canvas.roundRect(box.left, box.bottom, box.width, box.height, 4, stroke=1, fill=0)
    inner = Box(box.left + 2, box.bottom + 2, box.right - 2, box.top - 2)
    _blank_block(canvas, tool, placed.block, inner)


# --- the worked example -------------------------------------------------------------------------


@dataclass(frozen=True)
class _Line:
    """One line of example text, or one table row (cells of wrapped lines of styled runs)."""

    cells: tuple[tuple[RichLine, ...], ...]
    widths: tuple[float, ...]
    size: float
    bold: bool = False
    rule: bool = False  # a thin line above (table rows)
    indent: float = 0.0

    @property
    def height(self) -> float:
        return max(len(c) for c in self.cells) * self.size * LEADING + (3 if self.rule else 0)


def _example_items(value: m.ExampleValue, block: m.Block) -> list[tuple[str, tuple[Run, ...], int]]:
    """(list marker, runs, list depth) of the paragraphs and list items of a worked example that
    is not a table. Text is Markdown (models: MarkdownOrEmpty); a number is written the Dutch way."""
    if isinstance(value, list):
        return [("•", markdown_runs(str(item)), 1) for item in value]
    if isinstance(value, (int, float)):
        return [("", plain_runs(format_number(value)), 0)]
    return [(b.marker, b.runs, b.level) for b in markdown_blocks(str(value))] or [("", (), 0)]


def example_flow(value: m.ExampleValue, block: m.Block, width: float, size: float) -> list[_Line]:
    """The worked example of a block as lines at font size `size` in `width` points."""
    if isinstance(value, list) and value and isinstance(value[0], list):
        return _table_flow(value, block, width, size)
    lines: list[_Line] = []
    step = text_width("• ", fonts.REGULAR, size)
    for marker, runs, level in _example_items(value, block):
        base = max(0, level - 1) * step
        prefix = f"{marker} " if marker else ""
        indent = base + (text_width(prefix, fonts.REGULAR, size) if prefix else (step if level else 0.0))
        for i, line in enumerate(rich_wrap(runs, size, width - indent)):
            if i == 0 and prefix:
                lines.append(_Line((((Run(prefix),) + line,),), (width,), size, indent=base))
            else:
                lines.append(_Line(((line,),), (width,), size, indent=indent))
    return lines


def _table_flow(rows: list, block: m.Block, width: float, size: float) -> list[_Line]:
    """A table: the column headings (plain text) in bold, the cells (Markdown) as styled runs. A
    scored table (`items`, a self-scan) gets the item of each row as its first column."""
    columns = list(block.columns or [])
    if block.items is not None:  # each item named first, the difference computed (macros/model/scored.py)
        columns, rows = scored.shown_scored(block, rows)
    count = max(len(columns), max(len(r) for r in rows))
    columns += [""] * (count - len(columns))
    header = [plain_runs(c) for c in columns]
    body = [[markdown_runs(str(c), inline=True) for c in r] + [()] * (count - len(r)) for r in rows]
    table = [[runs_text(c) for c in row] for row in [header] + body]
    widths = column_widths(table, size, width - 6 * (count - 1))

    def row(cells: Sequence[tuple[Run, ...]], bold: bool) -> _Line:
        wrapped = tuple(tuple(rich_wrap(c, size, w, bold)) for c, w in zip(cells, widths, strict=True))
        return _Line(wrapped, widths, size, bold=bold, rule=not bold)

    return [row(header, True)] + [row(r, False) for r in body]


def column_widths(table: list[list[str]], size: float, width: float) -> tuple[float, ...]:
    """Each column as wide as its longest word, and the rest of the width shared in proportion to
    how much text the column has (the header row in bold)."""

    def widest_word(j: int) -> float:
        return max(
            text_width(word, fonts.BOLD if i == 0 else fonts.REGULAR, size) + 2
            for i, row in enumerate(table)
            for word in (row[j].split() or [""])
        )

    count = len(table[0])
    least = [widest_word(j) for j in range(count)]
    if sum(least) >= width:
        return tuple(width * w / sum(least) for w in least)
    amount = [sum(text_width(row[j], fonts.REGULAR, size) for row in table) + 1 for j in range(count)]
    spare = width - sum(least)
    return tuple(least[j] + spare * amount[j] / sum(amount) for j in range(count))


def _draw_line(canvas: Canvas, line: _Line, left: float, top: float) -> float:
    """Draw one line or table row with its top at `top`; return the y below it."""
    y = top
    if line.rule:
        canvas.setStrokeColor(LINE)
        canvas.setLineWidth(0.4)
        canvas.line(left, y - 1, left + sum(line.widths) + 6 * (len(line.widths) - 1), y - 1)
        y -= 3
    canvas.setFillColor(INK)
    x = left + line.indent
    for cell, width in zip(line.cells, line.widths, strict=True):
        cy = y
        for text in cell:
            cy -= line.size * LEADING
            draw_runs(canvas, x, cy + 0.22 * line.size, text, line.size, bold=line.bold)
        x += width + 6
    return top - line.height


def _fit_example(value: m.ExampleValue, block: m.Block, area: Box) -> tuple[list[_Line], bool]:
    """The lines at the largest size that fits; at the smallest size, the lines that fit and
    whether some were left over (they continue on an extra page)."""
    width, height = area.width - 2 * PAD, area.height - 2 * PAD - 10
    lines: list[_Line] = []
    for size in EXAMPLE_SIZES:
        lines = example_flow(value, block, width, size)
        if sum(line.height for line in lines) <= height + 10:
            return lines, False
    fitting, used = [], 0.0
    for line in lines:
        if used + line.height > height:
            break
        fitting.append(line)
        used += line.height
    return fitting, True


def example_pdf(tool: m.Tool, meta: ToolMeta) -> bytes:
    """The worked example (De Klusbus) on the A3 canvas, as text: nothing to fill in. What does
    not fit a block continues on an extra page, so no text is ever cut off."""
    with _settings():
        buffer = io.BytesIO()
        canvas = _new_canvas(buffer, A3_PAGE, tool, f"{tool.title}: uitgewerkt voorbeeld", meta.epoch, form=False)
        _a3_band(
            canvas,
            tool,
            f"{tool.title}: uitgewerkt voorbeeld",
            f"Zo vulde {tool.example.initiative} dit canvas in. Het voorbeeld is verzonnen.",
            f"Het lege canvas en de uitleg staan op {meta.page_url}",
        )
        results = _example_results(tool)
        overflow = [block for block in tool.canvas.blocks if _example_block(canvas, tool, block, results)]
        _footer(canvas, A3_PAGE, tool, meta)
        canvas.showPage()
        if overflow:
            _continuation(canvas, tool, meta, overflow)
        return _save(canvas, buffer)


def _example_block(canvas: Canvas, tool: m.Tool, block: m.Block, results: calc.Results | None) -> bool:
    """Draw one filled block; True when its text continues on the extra page."""
    area = _draw_block(canvas, block, block_box(block.position))
    if results is not None and shows_model(tool, block) and _model_block(canvas, tool, block, area, results):
        return False
    lines, more = _fit_example(_example_value(tool, block, results), block, area)
    y = area.top - PAD
    for line in lines:
        y = _draw_line(canvas, line, area.left + PAD, y)
    if more:
        canvas.setFillColor(BRAND_COLOUR)
        draw(canvas, area.left + PAD, area.bottom + PAD, "Lees verder op de volgende pagina.", 7.5, bold=True)
    return more


def _example_value(tool: m.Tool, block: m.Block, results: calc.Results | None) -> m.ExampleValue:
    """What a block of the example shows as text; a number block of a model input, and the typed
    cells of a model table that did not fit as a table, as calc.display writes them (€ 1.000,
    60,0%), as the tool page and Word do."""
    value = tool.example.values.get(block.id, "")
    if results is None or tool.model is None:
        return value
    inputs = {i.id: i for i in tool.model.inputs}
    if block.kind == "number" and block.id in inputs:
        return calc.display(results.inputs[block.id], inputs[block.id].unit)
    table = _model_table(tool, block)
    if table is not None:
        result = results.tables[table.id]
        return [
            [label, *(calc.display(cell, table.unit_of(c)) for cell, c in zip(cells, table.columns, strict=True))]
            for label, cells in zip(result.labels, result.cells, strict=True)
        ] or value
    return value


def _continuation(canvas: Canvas, tool: m.Tool, meta: ToolMeta, blocks: list[m.Block]) -> None:
    """The full text of the blocks that did not fit, in two columns, on as many pages as needed."""
    column_gap = 24.0
    width = (A3_GRID.width - column_gap) / 2
    columns = [A3_GRID.left, A3_GRID.left + width + column_gap]
    flow: list[_Line] = []
    for block in blocks:
        flow += [
            _Line(((line,),), (width,), 12.0, bold=True)
            for line in rich_wrap(plain_runs(block.label), 12.0, width, bold=True)
        ]
        flow += example_flow(_example_value(tool, block, _example_results(tool)), block, width, 10.0)
        flow.append(_Line((((Run(" "),),),), (width,), 8.0))
    column, y = 0, None
    for line in flow:
        if y is None or y - line.height < A3_GRID.bottom:
            if y is not None and column == 0:
                column = 1
            else:
                if y is not None:
                    _footer(canvas, A3_PAGE, tool, meta)
                    canvas.showPage()
                _a3_band(
                    canvas,
                    tool,
                    f"{tool.title}: uitgewerkt voorbeeld (vervolg)",
                    "De tekst van de blokken die niet op het canvas pasten.",
                    "",
                )
                column = 0
            y = A3_GRID.top
        y = _draw_line(canvas, line, columns[column], y)
    _footer(canvas, A3_PAGE, tool, meta)
    canvas.showPage()


__all__ = [
    "canvas_a3",
    "worksheet_a4",
    "example_pdf",
    "block_box",
    "writing_area",
    "A3_GRID",
    "A3_PAGE",
    "A4_PAGE",
    "GUTTER",
    "FIELD_INSET",
    "MULTILINE",
    "Box",
]
