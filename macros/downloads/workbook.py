"""The Excel workbook of a tool with a numeric model (openpyxl).

Sheet "Invullen": labelled, unlocked input cells with data validation (single inputs, and each
table with its rows reserved up to `max_rows`), and locked formula cells that compute every
computed column, total row, computed row and output (the compiled formulas translated to cell
references, every division guarded with the Dutch message of macros.model.calc). Sheet
"Voorbeeld": the same, filled with the worked example. Both sheets are protected without a password: a participant
can only type in the input cells, and can lift the protection in one click if they want to.
"""

from __future__ import annotations

import io
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal

from openpyxl import Workbook
from openpyxl.cell.cell import Cell
from openpyxl.formatting.rule import Rule
from openpyxl.styles import Alignment, Border, Font, PatternFill, Protection, Side
from openpyxl.styles.differential import DifferentialStyle
from openpyxl.styles.numbers import NumberFormat
from openpyxl.utils import column_index_from_string, get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from macros.downloads.common import LANGUAGE, PUBLISHER, ToolMeta, build_datetime, licence_name, normalise_zip
from macros.downloads.formula import Cells, FormulaError, spreadsheet, unwrap
from macros.model import schema as m
from macros.model.calc import TOO_LARGE_RESULT, example_inputs, refusals, shows_total
from macros.model.formula import Compiled, compile_formula, with_row_extremes
from macros.model.numbers import ROUNDING_RULE, format_number

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
# A computed cell that cannot compute holds the message (the value a program or test reads), but
# shows only this marker (a sentence in a narrow cell wrapped over itself). The sentence stands in
# the message cell of the row, where it has room: column D beside a single value, the column
# "Melding" right of the tables.
MARKER = "zie melding"
MESSAGE_HEADER = "Melding"
MESSAGE_WIDTH = 36
ONE_PAGE = 60
STUCK = "Kan niet rekenen: zie de melding in een cel hierboven."
STUCK_TOTAL = "Kan niet optellen: een cel in deze kolom kan niet rekenen."
REFUSED = "Kan niet rekenen: een getal hierboven is te groot of mag niet negatief zijn."


def workbook_file(tool: m.Tool, meta: ToolMeta) -> bytes:
    """The .xlsx of a tool with a `model:`, byte-identical for the same input."""
    if tool.model is None:
        raise ValueError(f"tool '{tool.id}' heeft geen rekenmodel")
    book = Workbook()
    fill_in = book.active
    assert fill_in is not None
    fill_in.title = "Invullen"
    _sheet(fill_in, tool, tool.model, meta, example=False)
    _sheet(book.create_sheet("Voorbeeld"), tool, tool.model, meta, example=True)
    _properties(book, tool, meta)
    buffer = io.BytesIO()
    book.save(buffer)
    return normalise_zip(buffer.getvalue(), meta.epoch, {"docProps/core.xml": _core_xml(buffer.getvalue(), meta)})


# --- where everything stands ----------------------------------------------------------------------


@dataclass
class TableCells:
    """A table on the sheet: the header row, the reserved rows (first..last), the total row, and
    the column letter of every input and computed column."""

    title_row: int
    header_row: int
    first: int
    last: int
    total_row: int | None
    columns: dict[str, str]  # input column id → letter
    computed: dict[str, str]  # computed column id → letter
    note: str = ""  # the column "Melding": the first message of the row

    def letter(self, column_id: str) -> str:
        return self.columns.get(column_id) or self.computed[column_id]

    def range(self, column_id: str) -> str:
        letter = self.letter(column_id)
        return f"{letter}{self.first}:{letter}{self.last}"


@dataclass
class Layout:
    """Every cell of the model on a sheet (the same on both sheets)."""

    inputs: dict[str, str] = field(default_factory=dict)  # id → B5
    tables: dict[str, TableCells] = field(default_factory=dict)
    rows: dict[str, tuple[int, list[str]]] = field(default_factory=dict)  # id → (row, [letter per column])
    outputs: dict[str, str] = field(default_factory=dict)
    input_heading: int | None = None
    output_heading: int = 0
    colophon: int = 0


def layout(model: m.NumericModel) -> Layout:
    """Inputs first, then each table with its reserved rows, total row and the computed rows over
    it, then the outputs; a blank row between the parts."""
    place = Layout()
    row = FIRST_INPUT_ROW - 1
    if model.inputs:
        place.input_heading = row
        for i, item in enumerate(model.inputs):
            place.inputs[item.id] = f"B{row + 1 + i}"
        row += len(model.inputs) + 2
    note = get_column_letter(2 + _widest(model))  # one message column for all tables
    for table in model.tables:
        letters = [get_column_letter(2 + j) for j in range(len(table.columns) + len(table.computed))]
        cells = TableCells(
            title_row=row,
            header_row=row + 1,
            first=row + 2,
            last=row + 1 + table.max_rows,
            total_row=row + 2 + table.max_rows if table.total_row else None,
            columns={c.id: letters[j] for j, c in enumerate(table.columns)},
            computed={c.id: letters[len(table.columns) + j] for j, c in enumerate(table.computed)},
            note=note,
        )
        place.tables[table.id] = cells
        row = (cells.total_row or cells.last) + 1
        for computed_row in model.rows:
            if computed_row.over == table.id:
                place.rows[computed_row.id] = (row, list(cells.columns.values()))
                row += 1
        row += 1
    place.output_heading = row
    for i, output in enumerate(model.outputs):
        place.outputs[output.id] = f"B{row + 1 + i}"
    place.colophon = row + len(model.outputs) + 2
    return place


def _widest(model: m.NumericModel) -> int:
    """The number of value columns of the widest table (at least 2: value and unit)."""
    return max([len(t.columns) + len(t.computed) for t in model.tables] + [2])


def message_column(model: m.NumericModel) -> str:
    """The column of the messages: right of the widest table (D without tables)."""
    return get_column_letter(2 + _widest(model))


def cell_map(model: m.NumericModel) -> dict[str, str]:
    """Input and output id → its value cell (B5, B6, …)."""
    place = layout(model)
    return place.inputs | place.outputs


# --- one sheet ----------------------------------------------------------------------------------


def _sheet(sheet: Worksheet, tool: m.Tool, model: m.NumericModel, meta: ToolMeta, example: bool) -> None:
    place = layout(model)
    inputs, tables = example_inputs(model) if example else ({}, {})
    title = f"{tool.title}: voorbeeld van {tool.example.initiative}" if example else tool.title
    sheet["A1"] = title
    sheet["A1"].font = Font(bold=True, size=16, color=BRAND)
    sheet["A2"] = (
        "Zo rekende het voorbeeld. Vul je eigen getallen in op het blad Invullen."
        if example
        else "Vul de gele cellen in. De groene cellen rekenen zelf."
    )
    sheet["A3"] = ROUNDING_RULE
    sheet["A3"].font = Font(size=9, color="454545")
    if place.input_heading is not None:
        _heading(sheet, place.input_heading, ("Invoer", "Waarde", "Eenheid"))
        for item in model.inputs:
            cell = sheet[place.inputs[item.id]]
            _label(sheet, cell.row, item.label, item.unit)
            value = inputs.get(item.id)
            cell.value = None if value is None else _number(value)
            _input_cell(cell, item.unit)
            _input_message(sheet[f"D{cell.row}"], cell.coordinate, item)
    for table in model.tables:
        _table(sheet, model, table, place, tables.get(table.id, []))
    _heading(sheet, place.output_heading, ("Uitkomst", "Waarde", "Eenheid"))
    for output in model.outputs:
        cell = sheet[place.outputs[output.id]]
        _label(sheet, cell.row, output.label, output.unit)
        _formula_cell(cell, _output_formula(model, place, output), output.unit)
        _message_cell(sheet[f"D{cell.row}"], [cell.coordinate])
    _validation(sheet, model, place)
    _colophon(sheet, tool, meta, place.colophon)
    _layout(sheet, place, model)


def _number(value: Decimal) -> int | float:
    return int(value) if value == value.to_integral_value() else float(value)


def _table(
    sheet: Worksheet,
    model: m.NumericModel,
    table: m.ModelTable,
    place: Layout,
    rows: list[tuple[str, list[Decimal | None]]],
) -> None:
    cells = place.tables[table.id]
    sheet.cell(row=cells.title_row, column=1, value=table.label).font = Font(bold=True, size=12, color=BRAND)
    headers = [table.rows_label] + [c.label for c in table.columns] + [c.label for c in table.computed]
    headers += [""] * (column_index_from_string(cells.note) - 1 - len(headers)) + [MESSAGE_HEADER]
    _heading(sheet, cells.header_row, tuple(headers))
    for i in range(table.max_rows):
        row = cells.first + i
        label, values = rows[i] if i < len(rows) else ("", [])
        name = sheet.cell(row=row, column=1, value=label or None)
        name.protection = Protection(locked=False)
        name.fill = INPUT_FILL
        name.border = BOX
        for j, column in enumerate(table.columns):
            cell = sheet[f"{cells.columns[column.id]}{row}"]
            value = values[j] if j < len(values) else None
            cell.value = None if value is None else _number(value)
            _input_cell(cell, table.unit_of(column))
        first, last = cells.columns[table.columns[0].id], cells.columns[table.columns[-1].id]
        for computed in table.computed:
            expression = _computed_formula(model, place, table, computed, row)
            guarded = f'IF(COUNT({first}{row}:{last}{row})=0,"",{expression})'
            target = sheet[f"{cells.computed[computed.id]}{row}"]
            _formula_cell(target, f"=IFERROR({guarded},{_text(STUCK)})", computed.unit)
        _message_cell(sheet[f"{cells.note}{row}"], [f"{cells.computed[c.id]}{row}" for c in table.computed])
    if cells.total_row is not None:
        assert table.total_row is not None
        label = sheet.cell(row=cells.total_row, column=1, value=table.total_row)
        label.font = Font(bold=True)
        for column in table.columns:
            if shows_total(table.unit_of(column)):
                test = _range_refused(cells.range(column.id), table.bounds(column))
                total = "=" + _refused([test], _bound(f"SUM({cells.range(column.id)})"))
                _formula_cell(sheet[f"{cells.columns[column.id]}{cells.total_row}"], total, table.unit_of(column))
        for computed_column in table.computed:
            if shows_total(computed_column.unit):
                total = "=" + _computed_total(cells, computed_column.id)
                letter = cells.computed[computed_column.id]
                _formula_cell(sheet[f"{letter}{cells.total_row}"], total, computed_column.unit)
        ids = [c.id for c in table.columns] + [c.id for c in table.computed]
        shown = [f"{cells.letter(i)}{cells.total_row}" for i in ids]
        _message_cell(sheet[f"{cells.note}{cells.total_row}"], shown)
    for computed_row in model.rows:
        if computed_row.over != table.id:
            continue
        row, letters = place.rows[computed_row.id]
        sheet.cell(row=row, column=1, value=computed_row.label).font = Font(bold=True)
        for j, letter in enumerate(letters):
            expression = _row_formula(model, place, computed_row, j)
            _formula_cell(sheet[f"{letter}{row}"], f"=IFERROR({expression},{_text(STUCK)})", computed_row.unit)
        _message_cell(sheet[f"{place.tables[table.id].note}{row}"], [f"{letter}{row}" for letter in letters])


def _computed_total(cells: TableCells, column_id: str) -> str:
    """SUM of a computed column, or the message when a cell in it could not compute (SUM would
    skip a text and give a wrong number)."""
    cell_range = cells.range(column_id)
    return f"IF({_texts(cell_range)},{_text(STUCK_TOTAL)},{_bound(f'SUM({cell_range})')})"


# --- formulas -----------------------------------------------------------------------------------


def _scalars(model: m.NumericModel, place: Layout) -> dict[str, tuple[str, str, bool]]:
    found = {i.id: (_absolute(place.inputs[i.id]), i.label, True) for i in model.inputs}
    found.update({o.id: (_absolute(place.outputs[o.id]), o.label, False) for o in model.outputs})
    return found


def _absolute(reference: str) -> str:
    letters = "".join(c for c in reference if c.isalpha())
    return f"${letters}${reference[len(letters) :]}"


def _totals(model: m.NumericModel, place: Layout) -> Callable[[str, str | None], tuple[str, str]]:
    tables = {t.id: t for t in model.tables}

    def total(table_id: str, column_id: str | None) -> tuple[str, str]:
        table, cells = tables[table_id], place.tables[table_id]
        if column_id is None:
            first, last = cells.columns[table.columns[0].id], cells.columns[table.columns[-1].id]
            expression = _bound(f"SUM(${first}${cells.first}:${last}${cells.last})")
            return expression, f"het totaal van ‘{table.label}’"
        labels = {c.id: c.label for c in table.columns} | {c.id: c.label for c in table.computed}
        letter = cells.letter(column_id)
        fixed = f"${letter}${cells.first}:${letter}${cells.last}"
        if column_id in cells.computed:
            expression = f"IF({_texts(fixed)},{_text(STUCK_TOTAL)},{_bound(f'SUM({fixed})')})"
        else:
            expression = _bound(f"SUM({fixed})")
        return expression, f"het totaal van ‘{labels[column_id]}’"

    return total


def _ranges(place: Layout) -> Callable[[str, str], str]:
    """The $-anchored range of column `column_id` of a table over its reserved rows, for max() and
    min() over columns."""

    def cells(table_id: str, column_id: str) -> str:
        table = place.tables[table_id]
        letter = table.letter(column_id)
        return f"${letter}${table.first}:${letter}${table.last}"

    return cells


def _no_column(_: str) -> str:
    raise FormulaError("column() kan alleen in een berekende rij")


def _row_range(place: Layout) -> Callable[[str], str]:
    """The $-anchored cells of a computed row, for min(r) and max(r) in an output."""

    def cells(row_id: str) -> str:
        row, letters = place.rows[row_id]
        return f"${letters[0]}${row}:${letters[-1]}${row}"

    return cells


def _output_formula(model: m.NumericModel, place: Layout, output: m.ModelOutput) -> str:
    scalars = _scalars(model, place)
    cells = Cells(
        scalars.__getitem__,
        _totals(model, place),
        _no_column,
        lambda _: None,
        output.label,
        cells=_ranges(place),
        rows=_row_range(place),
    )
    formula = with_row_extremes(compile_formula(output.formula), {r.id for r in model.rows})
    expression = _refused(_conditions(model, place, formula), _bound(unwrap(spreadsheet(formula, cells))))
    return f"=IFERROR({expression},{_text(STUCK)})"


def _refused(conditions: list[str], expression: str) -> str:
    """REFUSED instead of a number when a typed number the formula uses directly is refused
    (outside its bounds or beyond 10^12): evaluate_model gives no number then either. The data
    validation stops typing such a number, but not pasting it."""
    if not conditions:
        return expression
    test = conditions[0] if len(conditions) == 1 else f"OR({','.join(conditions)})"
    return f"IF({test},{_text(REFUSED)},{expression})"


def _outside(cell: str, bounds: m.Bounds) -> list[str]:
    """Excel tests that `cell` lies outside `bounds` (none when there is no bound)."""
    low, high = bounds
    return ([] if low is None else [f"{cell}<{low:g}"]) + ([] if high is None else [f"{cell}>{high:g}"])


def _cell_refused(cell: str, bounds: m.Bounds) -> str:
    tests = [f"ABS({cell})>1E+12", *_outside(cell, bounds)]
    return tests[0] if len(tests) == 1 else f"OR({','.join(tests)})"


def _range_refused(cell_range: str, bounds: m.Bounds) -> str:
    counts = [f'COUNTIF({cell_range},">1E+12")', f'COUNTIF({cell_range},"<-1E+12")']
    low, high = bounds
    if low is not None:
        counts.append(f'COUNTIF({cell_range},"<{low:g}")')
    if high is not None:
        counts.append(f'COUNTIF({cell_range},">{high:g}")')
    return f"({'+'.join(counts)})>0"


def _conditions(
    model: m.NumericModel,
    place: Layout,
    formula: Compiled,
    table: m.ModelTable | None = None,
    row: int | None = None,
    column: int | None = None,
) -> list[str]:
    """The refusal tests of every typed number a formula uses directly: inputs, cells of the same
    row (in a computed column), input columns in total() and in max() / min() over columns, the
    current column in column(). A start
    value of previous() counts in the first column only, as evaluate_model reads it."""
    inputs = {i.id: i for i in model.inputs}
    tables = {t.id: t for t in model.tables}
    found: list[str] = []

    def add(test: str) -> None:
        if test not in found:
            found.append(test)

    def visit(node: Compiled) -> None:
        if "ref" in node:
            name = node["ref"]
            own = {c.id: c for c in table.columns} if table is not None else {}
            if name in own and table is not None and row is not None:
                add(_cell_refused(f"{place.tables[table.id].columns[name]}{row}", table.bounds(own[name])))
            elif name in inputs:
                add(_cell_refused(_absolute(place.inputs[name]), inputs[name].bounds()))
        elif "total" in node or "cells" in node:  # total(T), total(T.c), and T.c in max() / min()
            target = tables[node.get("total") or node["cells"]]
            cells = place.tables[target.id]
            for c in target.columns:
                if node["col"] in (None, c.id):
                    add(_range_refused(cells.range(c.id), target.bounds(c)))
        elif "column" in node and column is not None:
            target = tables[node["column"]]
            c = target.columns[column]
            add(_range_refused(place.tables[target.id].range(c.id), target.bounds(c)))
        elif "previous" in node:
            if column == 0:
                visit(node["start"])
            return
        for child in _children(node):
            visit(child)

    visit(formula)
    return found


def _children(node: Compiled) -> list[Compiled]:
    if "op" in node:
        return [node["a"], node["b"]]
    if "neg" in node:
        return [node["neg"]]
    if "fn" in node:
        return list(node["args"])
    return []


def _computed_formula(
    model: m.NumericModel, place: Layout, table: m.ModelTable, column: m.ComputedColumn, row: int
) -> str:
    scalars = _scalars(model, place)
    cells = place.tables[table.id]
    labels = {c.id: (c.label, True) for c in table.columns} | {c.id: (c.label, False) for c in table.computed}

    def ref(name: str) -> tuple[str, str, bool]:
        if name in labels:
            return f"{cells.letter(name)}{row}", labels[name][0], labels[name][1]
        return scalars[name]

    lookup = Cells(ref, _totals(model, place), _no_column, lambda _: None, column.label, cells=_ranges(place))
    formula = compile_formula(column.formula)
    conditions = _conditions(model, place, formula, table=table, row=row)
    return _refused(conditions, _bound(unwrap(spreadsheet(formula, lookup))))


def _row_formula(model: m.NumericModel, place: Layout, computed_row: m.ModelRow, j: int) -> str:
    scalars = _scalars(model, place)
    tables = {t.id: t for t in model.tables}
    over = tables[computed_row.over]

    def ref(name: str) -> tuple[str, str, bool]:
        if name in place.rows:
            row, letters = place.rows[name]
            label = next(r.label for r in model.rows if r.id == name)
            return f"{letters[j]}{row}", label, False
        return scalars[name]

    def column(table_id: str) -> str:
        cells = place.tables[table_id]
        return _bound(f"SUM({cells.range(over.columns[j].id)})")

    def previous(name: str) -> str | None:
        if j == 0:
            return None
        row, letters = place.rows[name]
        return f"{letters[j - 1]}{row}"

    lookup = Cells(ref, _totals(model, place), column, previous, computed_row.label, cells=_ranges(place))
    formula = compile_formula(computed_row.formula)
    conditions = _conditions(model, place, formula, column=j)
    return _refused(conditions, _bound(unwrap(spreadsheet(formula, lookup))))


def _bound(expression: str) -> str:
    """The value, or evaluate_model's message when it is beyond 10^12 (either sign); a message
    (text) passes unchanged."""
    e = expression
    return f"IF(ISTEXT({e}),{e},IF(ABS({e})>1E+12,{_text(TOO_LARGE_RESULT)},{e}))"


def _texts(cell_range: str) -> str:
    """True when a cell of the range holds a message (a text that is not ""): no wildcards, which
    spreadsheet programs read differently."""
    return f"SUMPRODUCT(ISTEXT({cell_range})*(LEN({cell_range})>0))>0"


def _text(message: str) -> str:
    return '"' + message.replace('"', '""') + '"'


# --- cells ----------------------------------------------------------------------------------------


def _heading(sheet: Worksheet, row: int, texts: tuple[str, ...]) -> None:
    for column, value in enumerate(texts, start=1):
        cell = sheet.cell(row=row, column=column, value=value)
        cell.font = Font(bold=True, color="FFFFFF")
        cell.fill = PatternFill("solid", fgColor=BRAND)
        cell.alignment = Alignment(wrap_text=True, vertical="center")


def _label(sheet: Worksheet, row: int, label: str, unit: str) -> None:
    sheet.cell(row=row, column=1, value=label)
    # Euro and procent show in the number itself (€ 1.250,00, 12,5%); other units stand beside it.
    sheet.cell(row=row, column=3, value=None if unit in UNIT_FORMATS else unit)


def _input_cell(cell: Cell, unit: str) -> None:
    cell.protection = Protection(locked=False)
    cell.fill = INPUT_FILL
    cell.border = BOX
    cell.number_format = UNIT_FORMATS.get(unit, NUMBER_FORMAT)


def _input_message(cell: Cell, value: str, item: m.ModelInput) -> None:
    """Next to an input: evaluate_model's message when the number is refused, else nothing."""
    too_large, outside = refusals(item.label, item.bounds())
    tests = _outside(value, item.bounds())
    test = "" if not tests else tests[0] if len(tests) == 1 else f"OR({','.join(tests)})"
    below = "" if outside is None or not test else f"IF({test},{_text(outside)},"
    cell.value = f'=IF(ABS({value})>1E+12,{_text(too_large)},{below}""{")" if below else ""})'
    cell.protection = Protection(locked=True)
    cell.font = Font(color="B00020")
    cell.alignment = Alignment(vertical="center")  # not wrapped: it runs on over the empty cells


def _message_cell(cell: Cell, sources: list[str]) -> None:
    """The first message among `sources` (computed cells of the same row) as a sentence, or nothing.
    A formula that gives "" is text too, so only a text with a length counts. Not wrapped: a long
    sentence runs on over the empty cells to its right."""
    expression = '""'
    for source in reversed(sources):
        expression = f"IF(AND(ISTEXT({source}),LEN({source})>0),{source},{expression})"
    cell.value = f"={expression}"
    cell.protection = Protection(locked=True)
    cell.font = Font(color="B00020")
    cell.alignment = Alignment(vertical="center")


# A message in a computed cell shows as MARKER in red: a conditional format with a text section in
# its number format (a "" of an empty row is text too, so a plain format cannot tell them apart).
MESSAGE_STYLE = DifferentialStyle(
    numFmt=NumberFormat(numFmtId=200, formatCode=f'0;-0;0;"{MARKER}"'), font=Font(color="B00020")
)


def _marked(cell: Cell) -> None:
    test = f"AND(ISTEXT({cell.coordinate}),LEN({cell.coordinate})>0)"
    cell.parent.conditional_formatting.add(cell.coordinate, Rule(type="expression", dxf=MESSAGE_STYLE, formula=[test]))


def _formula_cell(cell: Cell, expression: str, unit: str) -> None:
    cell.value = expression
    cell.protection = Protection(locked=True)
    cell.fill = OUTPUT_FILL
    cell.border = BOX
    cell.font = Font(bold=True)
    cell.number_format = UNIT_FORMATS.get(unit, NUMBER_FORMAT)
    cell.alignment = Alignment(horizontal="right")
    _marked(cell)


def _validation(sheet: Worksheet, model: m.NumericModel, place: Layout) -> None:
    """Input cells take numbers only: 0 or more where the unit counts (people, hours) or `min` says
    so, at most `max` where the model says so, any number up to 10^12 elsewhere (a deficit is
    negative). One rule per pair of bounds; the rule without bounds comes last."""
    groups: dict[m.Bounds, list[str]] = {}
    for item in model.inputs:
        groups.setdefault(item.bounds(), []).append(place.inputs[item.id])
    for table in model.tables:
        cells = place.tables[table.id]
        for column in table.columns:
            groups.setdefault(table.bounds(column), []).append(cells.range(column.id))

    def order(bounds: m.Bounds) -> tuple[bool, float, float]:
        low, high = bounds
        return (low is None and high is None, -1e12 if low is None else low, 1e12 if high is None else high)

    for bounds in sorted(groups, key=order):
        low, high = bounds
        if low is not None and high is not None:
            allowed = f"van {format_number(low)} tot en met {format_number(high)}"
        elif low is not None:
            allowed = f"van {format_number(low)} of meer"
        elif high is not None:
            allowed = f"van hoogstens {format_number(high)}"
        else:
            allowed = ""
        rule = DataValidation(
            type="decimal",
            operator="between",
            formula1="-1E+12" if low is None else repr(low),
            formula2="1E+12" if high is None else repr(high),
            allow_blank=True,
            showErrorMessage=True,
            errorTitle="Geen geldig getal",
            error=f"Vul een getal in{' ' + allowed if allowed else ''}, zonder tekst of eenheid.",
        )
        for cell_range in groups[bounds]:
            rule.add(cell_range)
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


def _wrapped_lines(text: str, per_line: int) -> int:
    """How many lines a greedy word wrap at per_line characters gives; a word longer than a line (a
    web address) takes as many lines as it needs."""
    lines, used = 1, 0
    for word in text.split():
        if used and used + 1 + len(word) > per_line:
            lines, used = lines + 1, 0
        if used:
            used += 1
        while len(word) > per_line - used:
            word = word[per_line - used :]
            lines, used = lines + 1, 0
        used += len(word)
    return lines


def _row_heights(sheet: Worksheet) -> None:
    """Give every row with wrapped text room for all its lines: spreadsheet programs do not grow a
    row for wrapped text written by openpyxl, so a long cost line or a two-line column header would
    be cut off on screen and on paper. Lines are estimated from the column widths (in characters)."""
    widths: dict[str, float] = {}
    for merged in sheet.merged_cells.ranges:
        widths[merged.coord.split(":")[0]] = sum(
            sheet.column_dimensions[get_column_letter(c)].width or 13 for c in range(merged.min_col, merged.max_col + 1)
        )
    for row in sheet.iter_rows():
        lines = 1.0
        size = 11.0
        for cell in row:
            text = cell.value
            if not isinstance(text, str) or text.startswith("=") or not cell.alignment.wrap_text:
                continue
            width = widths.get(cell.coordinate) or sheet.column_dimensions[cell.column_letter].width or 13
            cell_size = float(cell.font.size or 11)
            per_line = max(1.0, width * 11.0 / cell_size - 1)
            needed = float(sum(_wrapped_lines(part, int(per_line)) for part in text.split("\n")))
            if needed > lines:
                lines, size = needed, cell_size
        if lines > 1:
            sheet.row_dimensions[row[0].row].height = round(lines * size * 1.3 + 2, 1)


def _layout(sheet: Worksheet, place: Layout, model: m.NumericModel) -> None:
    """Readable on screen and on one A4 page wide: Arial, wrapped labels, fit to width."""
    widest = _widest(model)
    sheet.column_dimensions["A"].width = 42
    for j in range(widest):
        sheet.column_dimensions[get_column_letter(2 + j)].width = 16 if j == 0 else 14
    sheet.column_dimensions[message_column(model)].width = MESSAGE_WIDTH
    total_width = sum(sheet.column_dimensions[get_column_letter(c)].width or 13 for c in range(1, widest + 3))
    for row in sheet.iter_rows():
        for cell in row:
            if cell.value is not None or cell.fill.fill_type:
                old = cell.font
                cell.font = Font(name=FONT, size=old.size, bold=old.bold, italic=old.italic, color=old.color)
    for row in sheet.iter_rows(min_row=FIRST_INPUT_ROW - 1, max_col=1):
        row[0].alignment = Alignment(wrap_text=True, vertical="center")
    # The rule under the title wraps over the width of the table instead of running off the page
    # (one long line made "fit to width" print the sheet tiny).
    last = get_column_letter(1 + max(widest, 2))
    sheet.merge_cells(f"A3:{last}3")
    sheet["A3"].alignment = Alignment(wrap_text=True, vertical="top")
    _row_heights(sheet)
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.orientation = "landscape" if total_width > 110 else "portrait"
    sheet.page_setup.fitToWidth = 1
    # A worksheet of up to ONE_PAGE rows prints on one page (the outputs never alone on a second
    # page); a longer one (a year in months) runs on over pages, one page wide.
    sheet.page_setup.fitToHeight = 1 if place.colophon + 3 <= ONE_PAGE else 0
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
