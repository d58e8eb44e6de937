/* Unit tests of the calculating worksheets (ia-calc.js) without a browser: Dutch numbers (the
 * vectors shared with Python's parse_dutch), Dutch display, and the interpreter of the compiled
 * formulas with every edge case of issue 14 (division by 0, empty cells, negative counts, very
 * large numbers, running balances, cycles).
 * Run: node --test tests/js/   (tests/test_calc_js.py runs it with the pinned Node 22).
 */
"use strict";

const { test } = require("node:test");
const assert = require("node:assert/strict");
const fs = require("node:fs");
const path = require("node:path");
const vm = require("node:vm");

const ROOT = path.resolve(__dirname, "..", "..");
const SCRIPT = path.join(ROOT, "overrides", "assets", "javascripts", "ia-calc.js");
const VECTORS = path.join(ROOT, "tests", "fixtures", "dutch_numbers.json");

/* ia-calc.js in a fresh context without a document: only its pure part runs. */
function loadCalc() {
  const context = { console };
  context.window = context;
  vm.createContext(context);
  vm.runInContext(fs.readFileSync(SCRIPT, "utf-8"), context, { filename: SCRIPT });
  return context.IA.calc;
}

const calc = loadCalc();
const plain = (value) => JSON.parse(JSON.stringify(value));

/* --- Dutch numbers ----------------------------------------------------------------------------- */

test("every shared vector of tests/fixtures/dutch_numbers.json parses as in Python", () => {
  const vectors = JSON.parse(fs.readFileSync(VECTORS, "utf-8"));
  assert.ok(vectors.length >= 20, "too few vectors");
  for (const vector of vectors) {
    const parsed = calc.parseDutch(vector.in);
    assert.equal(parsed.text, vector.out, `parseDutch(${JSON.stringify(vector.in)})`);
    assert.equal(parsed.error, vector.error, `message of parseDutch(${JSON.stringify(vector.in)})`);
    if (vector.out !== null) assert.equal(parsed.value, Number(vector.out));
    else assert.equal(parsed.value, null);
  }
});

test("the examples of the spec are read the Dutch way", () => {
  const read = (text) => calc.parseDutch(text).text;
  assert.equal(read("1.250,50"), "1250.5");
  assert.equal(read("€ 1.250"), "1250");
  assert.equal(read("1 250"), "1250");
  assert.equal(read("1,250"), "1.25", "a comma is the decimal sign");
  assert.equal(read("12,5 %"), "12.5");
  assert.equal(read("-250"), "-250");
  assert.equal(read("€ -250"), "-250");
  assert.equal(read(""), null);
  assert.equal(calc.parseDutch("").error, null, "an empty cell is no error");
  for (const bad of ["12,5,0", "1.25.0", "abc", "1,2.3", "1e13", "10000000000000", "Infinity", "NaN", "0x10"]) {
    const parsed = calc.parseDutch(bad);
    assert.equal(parsed.value, null, bad);
    assert.match(parsed.error, /getal|komma|punt/, bad);
  }
});

/* --- Dutch display ----------------------------------------------------------------------------- */

test("values are shown the Dutch way, rounded half away from zero", () => {
  assert.equal(calc.formatValue(185000, "euro"), "€ 185.000");
  assert.equal(calc.formatValue(185000 / 240, "euro"), "€ 770,83");
  assert.equal(calc.formatValue(-1500, "euro"), "€ -1.500");
  assert.equal(calc.formatValue(12.5, "euro"), "€ 12,50");
  assert.equal(calc.formatValue(1.005, "euro"), "€ 1,01", "the decimal 1.005, not the binary 1.00499…");
  assert.equal(calc.formatValue(0.1 + 0.2, "euro"), "€ 0,30");
  assert.equal(calc.formatValue(1234567.891, "euro"), "€ 1.234.567,89");
  assert.equal(calc.formatValue(999.995, "euro"), "€ 1.000", "rounded to cents first, then whole euros stay whole");
  assert.equal(calc.formatValue(2.5, ""), "2,5");
  assert.equal(calc.formatValue(12.5, "procent"), "12,5%");
  assert.equal(calc.formatValue(100 / 3, "procent"), "33,3%");
  assert.equal(calc.formatValue(50, "procent"), "50,0%");
  assert.equal(calc.formatValue(240, "personen"), "240");
  assert.equal(calc.formatValue(1200 / 240, ""), "5");
  assert.equal(calc.formatValue(2.345, "uren"), "2,35");
  assert.equal(calc.formatValue(1e12, "euro"), "€ 1.000.000.000.000");
  assert.equal(calc.formatNumber(2.5, 0), "3");
  assert.equal(calc.formatNumber(-2.5, 0), "-3");
  assert.equal(calc.formatNumber(-0.001, 2), "0,00", "no minus sign on a zero");
  assert.equal(calc.roundHalfAway(2.675, 2), 2.68);
  assert.equal(calc.roundHalfAway(-2.5, 0), -3);
});

/* --- the interpreter ---------------------------------------------------------------------------- */

const ref = (id) => ({ ref: id });
const op = (o, a, b) => ({ op: o, a, b });
const num = (n) => ({ num: n });

/* The cost-price model of the spec, compiled by hand the way macros/model/formula.py compiles it. */
const COST = {
  inputs: [
    { id: "huishoudens", label: "Huishoudens die jullie per jaar helpen", unit: "personen", min: 0 },
    { id: "klussen", label: "Klussen per jaar", unit: "aantal", min: 0 },
  ],
  tables: [{
    id: "kosten", label: "Kosten per jaar", unit: "euro", rows_label: "Kostenpost", max_rows: 20, total_row: "Totaal",
    columns: [{ id: "bedrag", label: "Bedrag per jaar", unit: "euro", min: null },
      { id: "deel", label: "Deel voor de klusdienst", unit: "procent", min: 0 }],
    computed: [{ id: "klusdienst", label: "Voor de klusdienst", unit: "euro",
      formula: op("/", op("*", ref("bedrag"), ref("deel")), num(100)) },
    { id: "aandeel", label: "Aandeel", unit: "procent",
      formula: op("*", op("/", ref("bedrag"), { total: "kosten", col: "bedrag" }), num(100)) }],
  }],
  rows: [],
  outputs: [
    { id: "integraal", label: "Integrale kosten", unit: "euro", formula: { total: "kosten", col: "klusdienst" } },
    { id: "per_huishouden", label: "Kostprijs per huishouden", unit: "euro",
      formula: op("/", ref("integraal"), ref("huishoudens")) },
    { id: "per_klus", label: "Kostprijs per klus", unit: "euro", formula: op("/", ref("integraal"), ref("klussen")) },
  ],
};

const COST_ROWS = [["Coördinator", "60.000", "100"], ["Bus en brandstof", "€ 25.000", "80%"], ["", "", ""],
  ["Huur", "12.000,00", "50"]];

const tableOf = (r, id) => r.tables[id];
const values = (cells) => plain(cells.map((c) => c.value));

test("the cost-price model computes every cell, total and output", () => {
  const r = calc.evaluate(COST, { huishoudens: "240", klussen: "1.200" }, { kosten: COST_ROWS });
  const kosten = tableOf(r, "kosten");
  assert.deepEqual(values(kosten.computed.klusdienst), [60000, 20000, null, 6000]);
  assert.equal(kosten.totals.bedrag.value, 97000);
  assert.equal(kosten.totals.klusdienst.value, 86000);
  assert.equal(calc.formatValue(kosten.computed.aandeel[0].value, "procent"), "61,9%");
  assert.equal(calc.formatValue(kosten.totals.aandeel.value, "procent"), "100,0%");
  assert.equal(r.outputs.integraal.value, 86000);
  assert.equal(calc.formatValue(r.outputs.per_huishouden.value, "euro"), "€ 358,33");
  assert.equal(calc.formatValue(r.outputs.per_klus.value, "euro"), "€ 71,67");
  assert.deepEqual(plain(kosten.computed.klusdienst[2]), { value: null, error: null }, "a blank row shows nothing");
});

test("a division by an empty or 0 input gives a message naming it, never a number", () => {
  for (const typed of ["", "0", "0,00", "  "]) {
    const r = calc.evaluate(COST, { huishoudens: typed, klussen: "1200" }, { kosten: COST_ROWS });
    const out = r.outputs.per_huishouden;
    assert.equal(out.value, null, typed);
    assert.match(out.error, /delen door 0 kan niet/i, typed);
    assert.match(out.error, /‘Huishoudens die jullie per jaar helpen’/, typed);
    assert.equal(r.outputs.per_klus.value, 86000 / 1200, "other outputs still compute");
  }
  const empty = calc.evaluate(COST, { huishoudens: "" }, { kosten: COST_ROWS });
  assert.equal(empty.outputs.per_huishouden.error, "Vul eerst ‘Huishoudens die jullie per jaar helpen’ in; delen door 0 kan niet.");
  const zero = calc.evaluate(COST, { huishoudens: "0" }, { kosten: COST_ROWS });
  assert.equal(zero.outputs.per_huishouden.error, "‘Huishoudens die jullie per jaar helpen’ is 0; delen door 0 kan niet.");
});

test("a share of a total of 0 gives a message, and a row without numbers stays blank", () => {
  const r = calc.evaluate(COST, { huishoudens: "240" }, { kosten: [["Huur", "0", "50"], ["Bus", "", ""]] });
  const kosten = tableOf(r, "kosten");
  assert.equal(kosten.totals.bedrag.value, 0);
  assert.equal(kosten.computed.aandeel[0].error, "Het totaal van ‘Bedrag per jaar’ is 0; delen door 0 kan niet.");
  assert.equal(kosten.totals.aandeel.error, kosten.computed.aandeel[0].error);
  assert.deepEqual(plain(kosten.computed.aandeel[1]), { value: null, error: null }, "a named row without numbers is blank");
  assert.equal(r.outputs.integraal.value, 0);
  const none = calc.evaluate(COST, {}, {});
  assert.equal(none.outputs.integraal.value, 0);
  assert.ok(none.outputs.per_huishouden.error);
});

test("hostile input gives a Dutch message on the cell and on everything that uses it", () => {
  for (const bad of ["12,5,0", "twaalf", "1.25.0", "1e13", "10000000000000"]) {
    const r = calc.evaluate(COST, { huishoudens: "240" }, { kosten: [["Huur", bad, "100"], ["Bus", "100", "100"]] });
    const kosten = tableOf(r, "kosten");
    const cell = kosten.cells[0][0];
    assert.equal(cell.value, null, bad);
    assert.equal(cell.note, calc.parseDutch(bad).error, "the message next to the cell is the parse message");
    assert.equal(cell.error, "Verbeter eerst ‘Bedrag per jaar (Huur)’.", "the message that travels names the cell");
    assert.equal(kosten.computed.klusdienst[0].error, cell.error, bad);
    assert.equal(kosten.computed.klusdienst[1].value, 100, "other rows still compute");
    assert.equal(kosten.totals.bedrag.error, cell.error, bad);
    assert.equal(r.outputs.per_huishouden.error, cell.error, bad);
    assert.equal(r.outputs.per_huishouden.value, null);
  }
});

test("negative numbers: a deficit in euro is fine, negative persons or shares are refused", () => {
  const r = calc.evaluate(COST, { huishoudens: "-240", klussen: "1200" }, { kosten: [["Tekort", "-1.500", "100"]] });
  assert.equal(tableOf(r, "kosten").cells[0][0].value, -1500);
  assert.equal(r.outputs.integraal.value, -1500);
  assert.equal(r.inputs.huishoudens.error, "‘Huishoudens die jullie per jaar helpen’ kan niet negatief zijn; vul 0 of meer in.");
  assert.equal(r.outputs.per_huishouden.error, r.inputs.huishoudens.error);
  const share = calc.evaluate(COST, { huishoudens: "2" }, { kosten: [["Huur", "10", "-5"]] });
  assert.match(tableOf(share, "kosten").cells[0][1].error, /‘Deel voor de klusdienst \(Huur\)’ kan niet negatief zijn/);
});

test("a result beyond 10^12 is refused", () => {
  const model = { inputs: [{ id: "a", label: "A", unit: "euro", min: null }], tables: [], rows: [],
    outputs: [{ id: "groot", label: "Groot", unit: "euro", formula: op("*", ref("a"), ref("a")) },
      { id: "terug", label: "Terug", unit: "euro", formula: op("/", ref("groot"), ref("a")) }] };
  const r = calc.evaluate(model, { a: "2.000.000" }, {});
  assert.match(r.outputs.groot.error, /groter dan 1\.000\.000\.000\.000/);
  assert.equal(r.outputs.terug.error, r.outputs.groot.error);
  const huge = calc.evaluate(model, { a: "999.999.999.999" }, {});
  assert.match(huge.outputs.groot.error, /groter dan/, "1e24 is a finite double but too large");
  const big = calc.evaluate(model, { a: "1e300" }, {});
  assert.match(big.inputs.a.note, /geen getal/);
  assert.equal(big.inputs.a.error, "Verbeter eerst ‘A’.");
});

test("functions: round half away from zero, min, max, abs, sum, negation", () => {
  const f = (fn, ...args) => ({ fn, args });
  const model = { inputs: [{ id: "x", label: "X", unit: "", min: null }], tables: [], rows: [], outputs: [
    { id: "r", label: "R", formula: f("round", ref("x"), num(1)) },
    { id: "m", label: "M", formula: f("min", ref("x"), num(0)) },
    { id: "n", label: "N", formula: f("max", ref("x"), num(0)) },
    { id: "a", label: "A", formula: f("abs", ref("x")) },
    { id: "s", label: "S", formula: f("sum", ref("x"), num(1), num(2)) },
    { id: "g", label: "G", formula: { neg: ref("x") } },
  ] };
  const r = calc.evaluate(model, { x: "-2,25" }, {});
  assert.deepEqual(["r", "m", "n", "a", "s", "g"].map((id) => r.outputs[id].value), [-2.3, -2.25, 0, 2.25, 0.75, 2.25]);
});

test("max and min over table columns leave empty cells out and pass a message on", () => {
  const cells = (col) => ({ cells: "kosten", col });
  const model = plain(COST);
  model.outputs = [
    { id: "hoogste", label: "Hoogste", unit: "euro", formula: { fn: "max", args: [cells("bedrag")] } },
    { id: "laagste", label: "Laagste", unit: "euro", formula: { fn: "min", args: [cells("bedrag")] } },
    { id: "laagste_klus", label: "Laagste klus", unit: "euro", formula: { fn: "min", args: [cells("klusdienst")] } },
    { id: "beide", label: "Beide", unit: "", formula: { fn: "max", args: [cells("bedrag"), cells("deel")] } },
  ];
  const r = calc.evaluate(model, {}, { kosten: COST_ROWS });
  /* the empty third row is no 0: the smallest amount is 12.000, the smallest computed cell 6.000 */
  assert.deepEqual(["hoogste", "laagste", "laagste_klus", "beide"].map((id) => r.outputs[id].value),
    [60000, 12000, 6000, 60000]);
  const none = calc.evaluate(model, {}, { kosten: [["Leeg", "", ""]] });
  assert.equal(none.outputs.laagste.value, 0, "without any number: 0, as MIN in a spreadsheet");
  const typo = calc.evaluate(model, {}, { kosten: [["Huur", "12.000", "50"], ["Bus", "12,5,0", "80"]] });
  assert.equal(typo.outputs.hoogste.error, "Verbeter eerst \u2018Bedrag per jaar (Bus)\u2019.");
  const unknown = calc.evaluate({ inputs: [], tables: [], rows: [], outputs: [
    { id: "x", label: "X", formula: { fn: "max", args: [{ cells: "weg", col: "a" }] } }] }, {}, {});
  assert.match(unknown.outputs.x.error, /Onbekende kolom/);
});

/* A 3-month cash flow: opening balance of month n = closing balance of month n−1. */
const CASH = {
  inputs: [{ id: "beginsaldo", label: "Saldo aan het begin", unit: "euro", min: null }],
  tables: [
    { id: "ontvangsten", label: "Ontvangsten", unit: "euro", rows_label: "Bron", max_rows: 10, total_row: "Totaal",
      columns: [{ id: "jan", label: "jan" }, { id: "feb", label: "feb" }, { id: "mrt", label: "mrt" }], computed: [] },
    { id: "uitgaven", label: "Uitgaven", unit: "euro", rows_label: "Post", max_rows: 10, total_row: "Totaal",
      columns: [{ id: "jan", label: "jan" }, { id: "feb", label: "feb" }, { id: "mrt", label: "mrt" }], computed: [] },
  ],
  rows: [
    { id: "saldo", label: "Saldo van de maand", over: "ontvangsten", unit: "euro",
      formula: op("-", { column: "ontvangsten" }, { column: "uitgaven" }) },
    { id: "eindsaldo", label: "Saldo aan het eind van de maand", over: "ontvangsten", unit: "euro",
      formula: op("+", { previous: "eindsaldo", start: ref("beginsaldo") }, ref("saldo")) },
  ],
  outputs: [{ id: "laagste", label: "Laagste eindsaldo", unit: "euro",
    formula: { fn: "min", args: [{ total: "ontvangsten", col: null }] } }],
};

test("computed rows carry the balance from month to month", () => {
  const r = calc.evaluate(CASH, { beginsaldo: "1.000" }, {
    ontvangsten: [["Gemeente", "5.000", "", "5.000"], ["Fonds", "", "2.500", ""]],
    uitgaven: [["Loon", "4.000", "4.000", "4.000"], ["Bus", "1.500,50", "500", "500"]],
  });
  assert.deepEqual(values(r.rows.saldo), [-500.5, -2000, 500]);
  assert.deepEqual(values(r.rows.eindsaldo), [499.5, -1500.5, -1000.5]);
  assert.equal(tableOf(r, "uitgaven").totals.feb.value, 4500);
  assert.equal(r.outputs.laagste.value, 12500);
  const broken = calc.evaluate(CASH, { beginsaldo: "1.000" }, {
    ontvangsten: [["Gemeente", "5.000", "x", "5.000"]], uitgaven: [] });
  assert.equal(broken.rows.eindsaldo[0].value, 6000);
  assert.ok(broken.rows.saldo[1].error);
  assert.ok(broken.rows.eindsaldo[1].error && broken.rows.eindsaldo[2].error, "an error carries to later months");
});

test("a cycle or an unknown id gives a message, never a crash or a number", () => {
  const model = { inputs: [], tables: [], rows: [], outputs: [
    { id: "a", label: "A", formula: op("+", ref("b"), num(1)) },
    { id: "b", label: "B", formula: op("+", ref("a"), num(1)) },
    { id: "c", label: "C", formula: ref("weg") },
    { id: "d", label: "D", formula: { evil: "constructor" } },
  ] };
  const r = calc.evaluate(model, {}, {});
  assert.match(r.outputs.a.error, /rekent met zichzelf/);
  assert.match(r.outputs.c.error, /Onbekend/);
  assert.ok(r.outputs.d.error);
});
