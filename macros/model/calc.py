"""Evaluate a numeric model (`model:` of a tool): the one reference computation that the browser
form (ia-calc.js), the workbook (LibreOffice) and the checks are all tested against.

`evaluate_model(model, inputs, tables)` computes every computed column, total row, computed row
and output. Where it cannot compute, a cell carries a Dutch message instead of a number, never a
wrong number:

- calculations use the values as typed, unrounded; only the display rounds (euro: cents when there
  are cents, procent: one decimal). A total is the sum of the unrounded cells (a spreadsheet does
  the same), so a total can differ by a cent from the sum of the rounded cells shown;
- an empty cell counts as 0 in a sum; dividing by an empty cell or by 0 gives a message;
- `max(T.c, …)` and `min(T.c, …)` leave empty cells out (an empty row is no 0 for min); without
  any number in those columns they give 0, as MAX and MIN in a spreadsheet;
- below `min` (negative people, hours or counts) or beyond 10^12 gives a message;
- a message travels on to every result that uses the cell;
- a table row without any number is left blank (its computed cells too).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal, DivisionByZero, InvalidOperation, localcontext
from typing import Any

from macros.model import schema as m
from macros.model.formula import Compiled, column_args, compile_formula, row_args, walk, with_row_extremes
from macros.model.numbers import LIMIT, format_number, format_value

TableRows = Sequence[tuple[str, Sequence[Decimal | None]]]

TOO_LARGE_RESULT = "De uitkomst is groter dan 1.000.000.000.000; controleer de getallen."


@dataclass(frozen=True)
class Cell:
    """One value: a number, empty (None without message), or a Dutch message why there is none."""

    value: Decimal | None
    message: str | None = None

    @property
    def ok(self) -> bool:
        return self.message is None


EMPTY = Cell(None)


@dataclass
class TableResult:
    labels: list[str]
    cells: list[list[Cell]]  # the input cells, checked: row × column
    computed: dict[str, list[Cell]] = field(default_factory=dict)  # computed column id → one per row
    totals: dict[str, Cell] = field(default_factory=dict)  # column id (input or computed) → the total


@dataclass
class Results:
    inputs: dict[str, Cell]
    tables: dict[str, TableResult]
    rows: dict[str, list[Cell]]  # computed row id → one per column of its table
    outputs: dict[str, Cell]

    def messages(self) -> list[str]:
        """Every message once, in the order of the model."""
        found: list[str] = []
        cells: list[Cell] = list(self.inputs.values())
        for table in self.tables.values():
            cells += [c for row in table.cells for c in row]
            cells += [c for column in table.computed.values() for c in column]
            cells += list(table.totals.values())
        cells += [c for row in self.rows.values() for c in row] + list(self.outputs.values())
        for cell in cells:
            if cell.message and cell.message not in found:
                found.append(cell.message)
        return found


class ModelError(ValueError):
    """A model that cannot be evaluated at all (a cycle, an unknown id); the load checks report
    these with file and line before anything evaluates."""


# --- the compiled model -----------------------------------------------------------------------


def compiled(model: m.NumericModel) -> dict[str, Compiled]:
    """Every formula of the model, compiled: keys `out:id`, `col:table.column`, `row:id`."""
    rows = {r.id for r in model.rows}
    found = {f"out:{o.id}": with_row_extremes(compile_formula(o.formula), rows) for o in model.outputs}
    for table in model.tables:
        found.update({f"col:{table.id}.{c.id}": compile_formula(c.formula) for c in table.computed})
    found.update({f"row:{r.id}": compile_formula(r.formula) for r in model.rows})
    return found


def dependencies(model: m.NumericModel, key: str, formula: Compiled) -> set[str]:
    """The outputs (`out:x`) and computed columns (`col:T.c`) a formula needs first. Inside a
    computed row, the rows it uses in the same column (`row:r`; previous() uses the column before)."""
    outputs = {o.id for o in model.outputs}
    tables = {t.id: t for t in model.tables}
    rows = {r.id for r in model.rows}
    own_table = tables.get(key[4:].split(".")[0]) if key.startswith("col:") else None
    own_computed = {c.id for c in own_table.computed} if own_table else set()
    found: set[str] = set()
    for node in walk(formula):
        if "ref" in node:
            name = node["ref"]
            if own_table is not None and name in own_computed:
                found.add(f"col:{own_table.id}.{name}")
            elif own_table is not None and name in {c.id for c in own_table.columns}:
                continue
            elif name in outputs:
                found.add(f"out:{name}")
            elif key.startswith("row:") and name in rows:
                found.add(f"row:{name}")
        elif "total" in node and node["total"] in tables and node["col"]:
            if node["col"] in {c.id for c in tables[node["total"]].computed}:
                found.add(f"col:{node['total']}.{node['col']}")
        elif "cells" in node and node["cells"] in tables:
            if node["col"] in {c.id for c in tables[node["cells"]].computed}:
                found.add(f"col:{node['cells']}.{node['col']}")
        elif "row" in node and node["row"] in rows:  # min(r) or max(r) over a computed row
            found.add(f"row:{node['row']}")
    if key.startswith("row:"):  # a previous() start value is evaluated in the first column only
        for node in walk(formula):
            if "previous" in node and "ref" in node["start"] and node["start"]["ref"] in rows:
                found.add(f"row:{node['start']['ref']}")
    return found


def evaluation_order(model: m.NumericModel) -> list[str]:
    """Every formula key in an order where each comes after what it needs; ModelError naming the
    circle when there is one. Computed rows come last (nothing else may use them)."""
    formulas = compiled(model)
    needs = {key: dependencies(model, key, formula) & formulas.keys() for key, formula in formulas.items()}
    order: list[str] = []
    state: dict[str, int] = {}

    def visit(key: str, path: list[str]) -> None:
        if state.get(key) == 2:
            return
        if state.get(key) == 1:
            circle = path[path.index(key) :] + [key]
            raise ModelError("de formules rekenen in een kring: " + " → ".join(k.split(":", 1)[1] for k in circle))
        state[key] = 1
        for need in sorted(needs[key]):
            visit(need, path + [key])
        state[key] = 2
        order.append(key)

    for key in sorted(formulas, key=lambda k: (k.startswith("row:"), list(formulas).index(k))):
        visit(key, [])
    return order


# --- the example --------------------------------------------------------------------------------


def example_inputs(
    model: m.NumericModel,
) -> tuple[dict[str, Decimal | None], dict[str, list[tuple[str, list[Decimal | None]]]]]:
    """The worked example's inputs and table rows (the loader has put the Klusbus figures in)."""
    inputs: dict[str, Decimal | None] = {}
    for item in model.inputs:
        if isinstance(item.example, m.KlusbusRef):
            raise ModelError(f"het voorbeeld van '{item.id}' is nog niet uit klusbus.yml gelezen")
        inputs[item.id] = _decimal(item.example)
    tables: dict[str, list[tuple[str, list[Decimal | None]]]] = {}
    for table in model.tables:
        if isinstance(table.example, m.KlusbusRef):
            raise ModelError(f"het voorbeeld van '{table.id}' is nog niet uit klusbus.yml gelezen")
        rows: list[tuple[str, list[Decimal | None]]] = []
        for row in table.example:
            if any(isinstance(v, m.KlusbusRef) for v in row.values):
                raise ModelError(
                    f"een cijfer in rij '{row.label}' van '{table.id}' is nog niet uit klusbus.yml gelezen"
                )
            rows.append((row.label, [None if isinstance(v, m.KlusbusRef) else _decimal(v) for v in row.values]))
        tables[table.id] = rows
    return inputs, tables


_EXAMPLES: dict[int, tuple[m.NumericModel, Results]] = {}  # id(model) → (model, its example's results)
MAX_EXAMPLES = 256


def evaluate_example(model: m.NumericModel) -> Results:
    """The results of the model's own worked example. A build asks this about 100 times for its 9
    models (pages, downloads, checks), so each model object is evaluated once: models are never
    changed in place (the loader makes a changed model with model_copy, a new object), and the
    model is kept with its results so that its id cannot be reused by another object. The results
    are shared: read them, do not change them."""
    kept = _EXAMPLES.get(id(model))
    if kept is not None and kept[0] is model:
        return kept[1]
    results = evaluate_model(model, *example_inputs(model))
    if len(_EXAMPLES) >= MAX_EXAMPLES:
        _EXAMPLES.clear()
    _EXAMPLES[id(model)] = (model, results)
    return results


def _decimal(value: float | int | Decimal | None) -> Decimal | None:
    if value is None:
        return None
    return value if isinstance(value, Decimal) else Decimal(repr(value))


# --- evaluation ---------------------------------------------------------------------------------


def refusals(label: str, bounds: m.Bounds) -> tuple[str, str | None]:
    """The messages for a typed number beyond 10^12, and outside `bounds` (None: no bound)."""
    too_large = f"‘{label}’: dit getal is te groot om mee te rekenen (meer dan 1.000.000.000.000)."
    low, high = bounds
    if low is not None and high is not None:
        return too_large, f"‘{label}’ moet tussen {format_number(low)} en {format_number(high)} liggen."
    if high is not None:
        return too_large, f"‘{label}’ mag hoogstens {format_number(high)} zijn."
    if low is None:
        return too_large, None
    if low == 0:
        return too_large, f"‘{label}’ kan niet negatief zijn; vul 0 of meer in."
    return too_large, f"‘{label}’ moet minstens {format_number(low)} zijn."


def _checked(value: Decimal | None, label: str, bounds: m.Bounds) -> Cell:
    if value is None:
        return EMPTY
    too_large, outside = refusals(label, bounds)
    if abs(value) > LIMIT:
        return Cell(None, too_large)
    low, high = bounds
    if (low is not None and value < Decimal(repr(low))) or (high is not None and value > Decimal(repr(high))):
        return Cell(None, outside)
    return Cell(value)


class _Scope:
    """What names mean while one formula is evaluated."""

    def __init__(
        self,
        evaluation: _Evaluation,
        label: str,
        row: dict[str, Cell] | None = None,
        row_labels: dict[str, str] | None = None,
        column: int | None = None,
    ):
        self.evaluation = evaluation
        self.label = label  # what is being computed, for a message
        self.row = row or {}  # inside a computed column: the cells of the current table row
        self.row_labels = row_labels or {}
        self.column = column  # inside a computed row: the index of the current column


class _Evaluation:
    def __init__(self, model: m.NumericModel, inputs: Mapping[str, Decimal | None], tables: Mapping[str, TableRows]):
        self.model = model
        self.tables_by_id = {t.id: t for t in model.tables}
        self.labels: dict[str, str] = {i.id: i.label for i in model.inputs}
        self.labels.update({o.id: o.label for o in model.outputs})
        self.labels.update({r.id: r.label for r in model.rows})
        self.values: dict[str, Cell] = {
            i.id: _checked(_decimal(inputs.get(i.id)), i.label, i.bounds()) for i in model.inputs
        }
        self.inputs = dict(self.values)
        self.tables: dict[str, TableResult] = {}
        for table in model.tables:
            labels, cells = [], []
            for label, values in tables.get(table.id, ()):
                padded = list(values)[: len(table.columns)] + [None] * (len(table.columns) - len(values))
                labels.append(label)
                cells.append(
                    [
                        _checked(_decimal(v), f"{c.label} ({label})" if label else c.label, table.bounds(c))
                        for v, c in zip(padded, table.columns, strict=True)
                    ]
                )
            result = TableResult(labels, cells)
            for j, column in enumerate(table.columns):
                result.totals[column.id] = _sum(row[j] for row in cells)
            self.tables[table.id] = result
        self.rows: dict[str, list[Cell]] = {}

    # -- names --

    def lookup(self, name: str, scope: _Scope) -> tuple[Cell, str]:
        if name in scope.row:
            return scope.row[name], scope.row_labels.get(name, name)
        if scope.column is not None and name in self.rows:
            return self.rows[name][scope.column], self.labels[name]
        if name in self.values:
            return self.values[name], self.labels.get(name, name)
        raise ModelError(f"onbekende id in de formule: {name}")

    def total(self, table_id: str, column: str | None) -> tuple[Cell, str]:
        table = self.tables_by_id.get(table_id)
        if table is None:
            raise ModelError(f"onbekende tabel in de formule: {table_id}")
        result = self.tables[table_id]
        if column is None:
            return _sum(result.totals[c.id] for c in table.columns), f"het totaal van ‘{table.label}’"
        if column not in result.totals:
            raise ModelError(f"tabel '{table_id}' heeft geen kolom '{column}'")
        names = {c.id: c.label for c in table.columns} | {c.id: c.label for c in table.computed}
        return result.totals[column], f"het totaal van ‘{names[column]}’"

    def column_cells(self, table_id: str, column: str) -> list[Cell]:
        """Every cell of column `column` (input or computed) of a table, one per row."""
        table = self.tables_by_id.get(table_id)
        if table is None:
            raise ModelError(f"onbekende tabel in de formule: {table_id}")
        result = self.tables[table_id]
        inputs = [c.id for c in table.columns]
        if column in inputs:
            return [row[inputs.index(column)] for row in result.cells]
        if column in result.computed:
            return result.computed[column]
        raise ModelError(f"tabel '{table_id}' heeft geen kolom '{column}'")

    def extreme(self, name: str, args: list[Compiled]) -> Cell:
        """max or min over the cells of table columns: empty cells left out, a message passes on,
        0 when there is no number at all (what MAX and MIN of a spreadsheet give)."""
        return self.extreme_of(name, [cell for arg in args for cell in self.column_cells(arg["cells"], arg["col"])])

    @staticmethod
    def extreme_of(name: str, cells: list[Cell]) -> Cell:
        """max or min of cells: empty ones left out, the first message passes on, 0 without numbers."""
        values: list[Decimal] = []
        for cell in cells:
            if not cell.ok:
                return cell
            if cell.value is not None:
                values.append(cell.value)
        if not values:
            return Cell(Decimal(0))
        return Cell(max(values) if name == "max" else min(values))

    # -- expressions --

    def value(self, node: Compiled, scope: _Scope) -> Cell:
        return self.described(node, scope)[0]

    def described(self, node: Compiled, scope: _Scope) -> tuple[Cell, str | None]:
        """The value of a node, and what it is called (for 'delen door 0' messages)."""
        if "num" in node:
            return Cell(_decimal(node["num"])), None
        if "ref" in node:
            return self.lookup(node["ref"], scope)
        if "total" in node:
            return self.total(node["total"], node["col"])
        if "column" in node:
            assert scope.column is not None
            table = self.tables[node["column"]]
            return _sum(row[scope.column] for row in table.cells), None
        if "previous" in node:
            assert scope.column is not None
            if scope.column == 0:
                return self.value(node["start"], scope), None
            return self.rows[node["previous"]][scope.column - 1], None
        if "neg" in node:
            cell = self.value(node["neg"], scope)
            return (cell if not cell.ok else Cell(-(cell.value or Decimal(0)))), None
        if "op" in node:
            return self.operation(node, scope), None
        if "cells" in node:
            raise ModelError("tabel.kolom kan alleen in max() of min() staan")
        over_columns = column_args(node)
        if over_columns is not None:
            return self.extreme(node["fn"], over_columns), None
        over_rows = row_args(node)
        if over_rows is not None:
            return self.extreme_of(node["fn"], [cell for r in over_rows for cell in self.rows[r]]), None
        args = [self.value(a, scope) for a in node["args"]]
        return _function(node["fn"], args), None

    def operation(self, node: Compiled, scope: _Scope) -> Cell:
        left = self.value(node["a"], scope)
        right, name = self.described(node["b"], scope)
        for cell in (left, right):
            if not cell.ok:
                return cell
        a, b = left.value or Decimal(0), right.value or Decimal(0)
        op = node["op"]
        if op == "+":
            return Cell(a + b)
        if op == "-":
            return Cell(a - b)
        if op == "*":
            return Cell(a * b)
        if b == 0:
            return Cell(None, divide_message(name, right.value is None, scope.label))
        return Cell(a / b)

    # -- the model --

    def run(self) -> Results:
        formulas = compiled(self.model)
        order = evaluation_order(self.model)
        # Outputs that use a computed row (min(eindsaldo)), and the outputs that use those, come
        # after the rows; the rows are computed column by column, after everything else they use.
        needs = {key: dependencies(self.model, key, formulas[key]) for key in order}
        late: set[str] = set()
        for key in order:
            if key.startswith("out:") and any(n.startswith("row:") or n in late for n in needs[key]):
                late.add(key)
        for key in order:
            if key not in late and not key.startswith("row:"):
                self.formula(key, formulas[key])
        for row in self.model.rows:
            self.rows[row.id] = []
        columns = {r.id: len(self.tables_by_id[r.over].columns) for r in self.model.rows}
        for j in range(max(columns.values(), default=0)):
            for key in (k for k in order if k.startswith("row:")):
                row = next(r for r in self.model.rows if r.id == key[4:])
                if j < columns[row.id]:
                    self.rows[row.id].append(_bounded(self.value(formulas[key], _Scope(self, row.label, column=j))))
        for key in order:
            if key in late:
                self.formula(key, formulas[key])
        outputs = {o.id: self.values[o.id] for o in self.model.outputs}
        return Results(self.inputs, self.tables, self.rows, outputs)

    def formula(self, key: str, formula: Compiled) -> None:
        """An output or a computed column (not a computed row)."""
        kind, name = key.split(":", 1)
        if kind == "out":
            output = next(o for o in self.model.outputs if o.id == name)
            self.values[name] = _bounded(self.value(formula, _Scope(self, output.label)))
        elif kind == "col":
            self.computed_column(name, formula)

    def computed_column(self, name: str, formula: Compiled) -> None:
        table_id, column_id = name.split(".", 1)
        table = self.tables_by_id[table_id]
        column = next(c for c in table.computed if c.id == column_id)
        result = self.tables[table_id]
        cells: list[Cell] = []
        for i, row_cells in enumerate(result.cells):
            if all(c.value is None and c.ok for c in row_cells):
                cells.append(EMPTY)  # a row without numbers stays blank
                continue
            row = {c.id: cell for c, cell in zip(table.columns, row_cells, strict=True)}
            row.update({c: v[i] for c, v in result.computed.items()})
            labels = {c.id: c.label for c in table.columns} | {c.id: c.label for c in table.computed}
            label = f"{column.label} ({result.labels[i]})" if result.labels[i] else column.label
            cells.append(_bounded(self.value(formula, _Scope(self, label, row, labels))))
        result.computed[column_id] = cells
        result.totals[column_id] = _sum(cells)


def divide_message(name: str | None, empty: bool, label: str) -> str:
    """'Vul eerst ‘Huishoudens’ in; delen door 0 kan niet.' (the workbook shows the same text)."""
    if name is None:
        return f"‘{label}’: delen door 0 kan niet."
    if empty:
        return f"Vul eerst ‘{name}’ in; delen door 0 kan niet."
    if name.startswith("het totaal"):
        return f"{name[0].upper()}{name[1:]} is 0; delen door 0 kan niet."
    return f"‘{name}’ is 0; delen door 0 kan niet."


def _sum(cells: Iterable[Cell]) -> Cell:
    total = Decimal(0)
    for cell in cells:
        if not cell.ok:
            return cell
        total += cell.value or 0
    return _bounded(Cell(total))


def _bounded(cell: Cell) -> Cell:
    if cell.ok and cell.value is not None and abs(cell.value) > LIMIT:
        return Cell(None, TOO_LARGE_RESULT)
    return cell


def _function(name: str, args: list[Cell]) -> Cell:
    for cell in args:
        if not cell.ok:
            return cell
    values = [cell.value or Decimal(0) for cell in args]
    if name == "round":
        digits = int(values[1]) if len(values) > 1 else 0
        return Cell(round_half_away(values[0], digits))
    if name == "min":
        return Cell(min(values))
    if name == "max":
        return Cell(max(values))
    if name == "abs":
        return Cell(abs(values[0]))
    return Cell(sum(values, Decimal(0)))


def round_half_away(value: Decimal, digits: int = 0) -> Decimal:
    """ROUND as in Excel and LibreOffice: 2.5 → 3, -2.5 → -3."""
    return value.quantize(Decimal(1).scaleb(-digits), rounding=ROUND_HALF_UP)


def evaluate_model(
    model: m.NumericModel,
    inputs: Mapping[str, Decimal | None],
    tables: Mapping[str, TableRows] | None = None,
) -> Results:
    """Compute every computed column, total, computed row and output of `model` for these inputs
    (id → number or None for empty) and table rows (table id → [(label, [number or None, …])])."""
    with localcontext() as context:
        context.prec = 34
        context.traps[DivisionByZero] = True
        context.traps[InvalidOperation] = True
        return _Evaluation(model, inputs, tables or {}).run()


# --- for people and for the browser -------------------------------------------------------------


def display(cell: Cell, unit: str) -> str:
    """A cell as people read it: € 770,83, 51,4%, 240; the message when there is no number; ''
    when empty. Euro rounds to cents (whole euros stay whole), procent to one decimal."""
    if cell.message:
        return cell.message
    if cell.value is None:
        return ""
    if unit == "procent":
        return format_number(cell.value, 1) + "%"
    if unit == "euro":
        cents = cell.value.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
        return format_value(float(cents), "euro")
    return format_number(round_half_away(cell.value, 2))


def shows_total(unit: str) -> bool:
    """Whether the total row shows a column's total: not for procent (a sum of percentages means
    nothing; `total(T.c)` in a formula still adds them up)."""
    return unit != "procent"


def to_cents(value: Decimal) -> Decimal:
    return value.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def browser_model(model: m.NumericModel) -> dict[str, Any]:
    """The model as the browser form needs it (JSON): ids, units, bounds, the compiled formulas
    and the order to evaluate them in. ia-calc.js interprets this; it never evaluates text."""
    formulas = compiled(model)
    return {
        "inputs": [
            {"id": i.id, "label": i.label, "unit": i.unit, "min": i.minimum(), "max": i.max} for i in model.inputs
        ],
        "tables": [
            {
                "id": t.id,
                "label": t.label,
                "rows_label": t.rows_label,
                "max_rows": t.max_rows,
                "total_row": t.total_row,
                "columns": [
                    {
                        "id": c.id,
                        "label": c.label,
                        "unit": t.unit_of(c),
                        "min": t.minimum(c),
                        "max": c.max,
                        "total": shows_total(t.unit_of(c)),
                    }
                    for c in t.columns
                ],
                "computed": [
                    {
                        "id": c.id,
                        "label": c.label,
                        "unit": c.unit,
                        "total": shows_total(c.unit),
                        "formula": formulas[f"col:{t.id}.{c.id}"],
                    }
                    for c in t.computed
                ],
            }
            for t in model.tables
        ],
        "rows": [
            {"id": r.id, "label": r.label, "over": r.over, "unit": r.unit, "formula": formulas[f"row:{r.id}"]}
            for r in model.rows
        ],
        "outputs": [
            {"id": o.id, "label": o.label, "unit": o.unit, "formula": formulas[f"out:{o.id}"]} for o in model.outputs
        ],
        "order": evaluation_order(model),
    }
