/* Calculating worksheets: the browser side of a tool's numeric model (issue 14).
 *
 * Python is the only parser of formulas: macros/render/calcforms.py puts the model, with every
 * formula compiled to JSON, into the page (the attribute data-ia-model). This
 * script only interprets that JSON (no eval, no Function):
 *   {"num": 1.5} · {"ref": "id"} · {"op": "+|-|*|/", "a": X, "b": Y} · {"neg": X} ·
 *   {"fn": "round|min|max|abs|sum", "args": [X…]} · {"total": "T", "col": "c"|null} ·
 *   {"column": "T"} · {"previous": "r", "start": X} · and only as the arguments of min or max
 *   {"cells": "T", "col": "c"}: max(T.c, …) is the largest cell of those columns, empty cells left
 *   out (an empty row is no 0 for min), 0 without any number, as MAX and MIN in a spreadsheet
 *
 * The same rules as the Python side (macros/model/numbers.py parse_dutch, evaluate_model):
 * - Dutch input: 1.250,50 · € 1.250 · 1250 · -250 · 12% · 12,5 % · 1 250; a clear Dutch message on
 *   12,5,0 · 1.25.0 · letters · 1,2.3. Both sides run tests/fixtures/dutch_numbers.json.
 * - Calculations use the values as typed, unrounded; only the display rounds (euro: 2 decimals
 *   when the value has cents, else whole euros; procent: 1 decimal). A total is the rounded sum.
 * - An empty cell counts as 0 in sums; a division by an empty or 0 value gives a message, never a
 *   number, never NaN or ∞. |value| > 1e12 is refused. A value below an input's `min` is refused.
 *
 * The form (webforms.py) stores what the duo types through ia-worksheet.js, as every worksheet
 * does; this script never stores anything. It recalculates on input, on page load and after an
 * import (ia-worksheet.js calls IA.calc.update after it wrote the fields).
 * Scored tables (a self-scan, macros/render/scoreforms.py) are checked here too, with or without a
 * model: a score is a whole number of the block's scale, and the difference column shows how far
 * two scores lie apart.
 * Runs in Node too (tests/js/calc.test.js): without a document only the pure part is used.
 */
(function () {
  "use strict";

  var IA = window.IA = window.IA || {};
  var MAX = 1e12;
  /* The texts of parse_dutch (macros/model/numbers.py): the same words on both sides. */
  var MESSAGES = {
    notANumber: "Dit is geen getal. Schrijf alleen cijfers, zoals 1.250,50 of 12,5%.",
    twoCommas: "Er staat meer dan één komma in. Gebruik één komma voor de decimalen, zoals 12,5.",
    badDots: "De punten staan niet goed. Een punt scheidt duizendtallen (1.250); decimalen komen na een komma (12,5).",
    dotAfterComma: "Na de komma kan geen punt of spatie meer komen. Schrijf bijvoorbeeld 1.250,50.",
    tooLarge: "Dit getal is te groot om mee te rekenen (meer dan 1.000.000.000.000)."
  };

  /* --- Dutch numbers ----------------------------------------------------------------------------- */

  var GROUPED = /^[0-9]{1,3}([. ][0-9]{3})+$/;

  function fail(message) {
    return { value: null, text: null, error: message };
  }

  /* "1250.50" → "1250.5", "-0" → "0": the `out` of tests/fixtures/dutch_numbers.json. */
  function canonical(negative, whole, fraction) {
    whole = whole.replace(/^0+(?=\d)/, "");
    fraction = fraction.replace(/0+$/, "");
    var text = whole + (fraction ? "." + fraction : "");
    if (negative && /[1-9]/.test(text)) text = "-" + text;
    return text;
  }

  /* A number typed the Dutch way, step for step as macros/model/numbers.py parse_dutch reads it:
     → {value: Number, text: "1250.5", error: null}; empty → {value: null, text: null, error: null};
     not a number → {value: null, text: null, error: "<Dutch message>"}. A % or € is only read past:
     the unit comes from the cell (12% is 12, in percentage points). */
  function parseDutch(input) {
    var body = String(input === null || input === undefined ? "" : input)
      .replace(/[\u00a0\u202f]/g, " ").replace(/\u2212/g, "-").trim();
    if (!body) return { value: null, text: null, error: null };
    var negative = false;
    if (body.charAt(0) === "\u20ac") body = body.slice(1).trim();
    if (body.charAt(0) === "-" || body.charAt(0) === "+") {
      negative = body.charAt(0) === "-";
      body = body.slice(1).trim();
    }
    if (body.charAt(0) === "\u20ac") body = body.slice(1).trim();
    if (body.charAt(body.length - 1) === "%") body = body.slice(0, -1).trim();
    if (!body || !/^[0-9., ]+$/.test(body) || !/^[0-9]/.test(body)) return fail(MESSAGES.notANumber);
    var at = body.indexOf(",");
    var whole = at < 0 ? body : body.slice(0, at);
    var decimals = at < 0 ? "" : body.slice(at + 1);
    if (decimals.indexOf(",") >= 0) return fail(MESSAGES.twoCommas);
    if (at >= 0 && !/^[0-9]+$/.test(decimals)) return fail(decimals ? MESSAGES.dotAfterComma : MESSAGES.notANumber);
    if (!/^[0-9]+$/.test(whole)) {
      if (!GROUPED.test(whole) || (whole.indexOf(".") >= 0 && whole.indexOf(" ") >= 0)) return fail(MESSAGES.badDots);
      whole = whole.replace(/[. ]/g, "");
    }
    var text = canonical(negative, whole, decimals);
    var value = Number(text);
    if (!isFinite(value) || Math.abs(value) > MAX) return fail(MESSAGES.tooLarge);
    return { value: value, text: text, error: null };
  }

  /* --- Dutch display ----------------------------------------------------------------------------- */

  /* The decimal digits of a finite number, cleaned of binary noise (15 significant digits, what a
     double holds reliably): 0.1 + 0.2 → "0.3", 1.005 → "1.005". Returns {negative, whole, fraction}. */
  function decimalParts(value) {
    var text = Number(value.toPrecision(15)).toString();
    if (/e/i.test(text)) {
      text = Number(text).toFixed(20).replace(/0+$/, "").replace(/\.$/, "");
    }
    var negative = text.charAt(0) === "-";
    if (negative) text = text.slice(1);
    var dot = text.indexOf(".");
    return { negative: negative, whole: dot < 0 ? text : text.slice(0, dot), fraction: dot < 0 ? "" : text.slice(dot + 1) };
  }

  /* Round half away from zero (Python's ROUND_HALF_UP on Decimal, Excel's ROUND) on the decimal
     digits, not on the binary value: round(1.005, 2) = 1.01. */
  function roundParts(parts, decimals) {
    var digits = (parts.whole + (parts.fraction + new Array(decimals + 1).join("0")).slice(0, decimals)).split("");
    var next = parts.fraction.charAt(decimals);
    if (next && next >= "5") {
      var i = digits.length - 1;
      while (i >= 0) {
        if (digits[i] === "9") {
          digits[i] = "0";
          i -= 1;
        } else {
          digits[i] = String(Number(digits[i]) + 1);
          break;
        }
      }
      if (i < 0) digits.unshift("1");
    }
    var all = digits.join("");
    var whole = all.slice(0, all.length - decimals).replace(/^0+(?=\d)/, "") || "0";
    var fraction = all.slice(all.length - decimals);
    var zero = /^0*$/.test(whole + fraction);
    return { negative: parts.negative && !zero, whole: whole, fraction: fraction };
  }

  /* a + b or a - b on the decimal digits the operands show (decimalParts), as Python's Decimal
     adds them: 186999.745 - 186000 is 999.745, not the double's 999.7449999999953 (which would
     show € 999,74 where Python and the spreadsheet show € 999,75). */
  function addDecimal(a, b) {
    var result = a + b;
    if (!isFinite(result) || !isFinite(a) || !isFinite(b)) return result;
    var places = Math.max(decimalParts(a).fraction.length, decimalParts(b).fraction.length);
    return places > 100 ? result : Number(result.toFixed(places));
  }

  function roundHalfAway(value, decimals) {
    var r = roundParts(decimalParts(value), decimals || 0);
    return Number((r.negative ? "-" : "") + r.whole + (r.fraction ? "." + r.fraction : ""));
  }

  /* 1.500.000 · 1.234,57 · -12,5: grouped by dots, decimal comma, exactly `decimals` decimals. */
  function formatNumber(value, decimals) {
    var r = roundParts(decimalParts(value), decimals);
    var whole = r.whole.replace(/\B(?=(\d{3})+(?!\d))/g, ".");
    return (r.negative ? "-" : "") + whole + (decimals ? "," + r.fraction : "");
  }

  /* Trailing zeros of the decimals off: 2,50 → 2,5; 5,00 → 5. */
  function trimmed(text) {
    return text.indexOf(",") < 0 ? text : text.replace(/0+$/, "").replace(/,$/, "");
  }

  /* A computed value for people, by unit, as macros/model/calc.py display() shows it: euro →
     € 185.000 or € 1.234,57 (rounded to cents; whole euros stay whole); procent → 12,5% (one
     decimal); other units → 240 or 2,35 (at most two decimals). */
  function formatValue(value, unit) {
    if (unit === "procent") return formatNumber(value, 1) + "%";
    var cents = trimmed(formatNumber(value, 2));
    return unit === "euro" ? "\u20ac " + (cents.indexOf(",") < 0 ? cents : formatNumber(value, 2)) : cents;
  }

  /* --- the model: interpreter of the compiled formulas ------------------------------------------ */
  /* A cell is {value: Number|null, error: null|"<Dutch>"} (value null without error: empty), the
     same as Cell in macros/model/calc.py, and so are the messages. `note` is the message shown
     next to the typed cell itself (a parse message), when it differs from the one that travels. */

  var EMPTY = { value: null, error: null };
  var TOO_LARGE_RESULT = "De uitkomst is groter dan 1.000.000.000.000; controleer de getallen.";

  function number(value) {
    return isFinite(value) ? { value: value, error: null } : { value: null, error: TOO_LARGE_RESULT };
  }

  function failed(message) {
    return { value: null, error: message };
  }

  function quoted(label) {
    return "\u2018" + label + "\u2019";
  }

  function bounded(cell) {
    if (!cell.error && cell.value !== null && Math.abs(cell.value) > MAX) return failed(TOO_LARGE_RESULT);
    return cell;
  }

  /* What the duo typed in one cell, checked: parse, then the bounds of macros/model/calc.py _checked. */
  /* the message for a number outside its bounds (macros/model/calc.py refusals) */
  function outsideMessage(label, min, max) {
    var low = min === null || min === undefined ? null : min;
    var high = max === null || max === undefined ? null : max;
    var shown = function (n) { return trimmed(formatNumber(n, 10)); };
    if (low !== null && high !== null) {
      return quoted(label) + " moet tussen " + shown(low) + " en " + shown(high) + " liggen.";
    }
    if (high !== null) return quoted(label) + " mag hoogstens " + shown(high) + " zijn.";
    if (low === 0) return quoted(label) + " kan niet negatief zijn; vul 0 of meer in.";
    return quoted(label) + " moet minstens " + shown(low) + " zijn.";
  }

  function checked(text, label, min, max) {
    var parsed = parseDutch(text);
    /* the parse message stands next to the cell; what uses the cell says which cell to fix */
    if (parsed.error) return { value: null, error: "Verbeter eerst " + quoted(label) + ".", note: parsed.error };
    if (parsed.value === null) return EMPTY;
    if ((min !== null && min !== undefined && parsed.value < min) ||
        (max !== null && max !== undefined && parsed.value > max)) {
      return failed(outsideMessage(label, min, max));
    }
    return { value: parsed.value, error: null };
  }

  function sum(cells) {
    var total = 0;
    for (var i = 0; i < cells.length; i += 1) {
      if (cells[i].error) return cells[i];
      total = addDecimal(total, cells[i].value || 0);
    }
    return bounded(number(total));
  }

  /* "Vul eerst ‘Huishoudens’ in; delen door 0 kan niet." (macros/model/calc.py divide_message) */
  function divideMessage(name, empty, label) {
    if (name === null) return quoted(label) + ": delen door 0 kan niet.";
    if (empty) return "Vul eerst " + quoted(name) + " in; delen door 0 kan niet.";
    if (name.indexOf("het totaal") === 0) return "H" + name.slice(1) + " is 0; delen door 0 kan niet.";
    return quoted(name) + " is 0; delen door 0 kan niet.";
  }

  /* evaluate(model, inputs {id: "typed"}, tables {id: [["row name", "typed", …], …]}) →
     { inputs: {id: cell}, tables: {T: {labels, cells: [[cell]], computed: {c: [cell]}, totals: {c: cell}}},
       rows: {r: [cell per column]}, outputs: {id: cell} }: evaluate_model of macros/model/calc.py. */
  function evaluate(model, typedInputs, typedTables) {
    var byId = { tables: {}, rows: {}, outputs: {} };
    var labels = {};
    (model.inputs || []).forEach(function (d) { labels[d.id] = d.label; });
    (model.outputs || []).forEach(function (d) { byId.outputs[d.id] = d; labels[d.id] = d.label; });
    (model.rows || []).forEach(function (d) { byId.rows[d.id] = d; labels[d.id] = d.label; });
    (model.tables || []).forEach(function (d) { byId.tables[d.id] = d; });
    var result = { inputs: {}, tables: {}, rows: {}, outputs: {} };
    var values = {};
    (model.inputs || []).forEach(function (d) {
      result.inputs[d.id] = values[d.id] = checked((typedInputs || {})[d.id], d.label, d.min, d.max);
    });
    (model.tables || []).forEach(function (t) {
      var table = result.tables[t.id] = { labels: [], cells: [], computed: {}, totals: {}, blank: [] };
      ((typedTables || {})[t.id] || []).forEach(function (row) {
        row = Array.isArray(row) ? row : [];
        var label = String(row[0] === null || row[0] === undefined ? "" : row[0]).trim();
        var cells = t.columns.map(function (c, j) {
          return checked(row[j + 1], label ? c.label + " (" + label + ")" : c.label, c.min, c.max);
        });
        table.labels.push(label);
        table.cells.push(cells);
        table.blank.push(cells.every(function (c) { return c.value === null && !c.error; }));
      });
      t.columns.forEach(function (c, j) {
        table.totals[c.id] = sum(table.cells.map(function (row) { return row[j]; }));
      });
    });

    var busy = {};

    function circle(label) {
      return failed(quoted(label) + " rekent met zichzelf; dat kan niet.");
    }

    function computedColumn(t, c) {
      var table = result.tables[t.id];
      if (table.computed[c.id]) return table.computed[c.id];
      if (busy["col:" + t.id + "." + c.id]) return null;
      busy["col:" + t.id + "." + c.id] = true;
      var cells = table.cells.map(function (rowCells, i) {
        if (table.blank[i]) return EMPTY;
        var label = table.labels[i] ? c.label + " (" + table.labels[i] + ")" : c.label;
        return bounded(run(c.formula, { label: label, table: t, rowIndex: i }));
      });
      busy["col:" + t.id + "." + c.id] = false;
      table.computed[c.id] = cells;
      table.totals[c.id] = sum(cells);
      return cells;
    }

    function output(o) {
      if (result.outputs[o.id]) return result.outputs[o.id];
      if (busy["out:" + o.id]) return circle(o.label);
      busy["out:" + o.id] = true;
      var cell = bounded(run(o.formula, { label: o.label }));
      busy["out:" + o.id] = false;
      result.outputs[o.id] = values[o.id] = cell;
      return cell;
    }

    function rowCell(r, j) {
      var cells = result.rows[r.id] = result.rows[r.id] || [];
      if (cells[j]) return cells[j];
      if (busy["row:" + r.id + ":" + j]) return circle(r.label);
      busy["row:" + r.id + ":" + j] = true;
      var cell = bounded(run(r.formula, { label: r.label, column: j }));
      busy["row:" + r.id + ":" + j] = false;
      cells[j] = cell;
      return cell;
    }

    /* [cell, name]: the value of a name, and what it is called (for "delen door 0"). */
    function lookup(name, scope) {
      if (scope.table) {
        var t = scope.table;
        for (var j = 0; j < t.columns.length; j += 1) {
          if (t.columns[j].id === name) return [result.tables[t.id].cells[scope.rowIndex][j], t.columns[j].label];
        }
        var own = (t.computed || []).filter(function (c) { return c.id === name; })[0];
        if (own) {
          var cells = computedColumn(t, own);
          return [cells ? cells[scope.rowIndex] : circle(own.label), own.label];
        }
      }
      if (scope.column !== undefined && byId.rows[name]) return [rowCell(byId.rows[name], scope.column), labels[name]];
      if (Object.prototype.hasOwnProperty.call(result.inputs, name)) return [result.inputs[name], labels[name]];
      if (byId.outputs[name]) return [output(byId.outputs[name]), labels[name]];
      return [failed("Onbekend in de berekening: " + name + "."), null];
    }

    function total(tableId, column) {
      var t = byId.tables[tableId];
      if (!t) return [failed("Onbekende tabel in de berekening: " + tableId + "."), null];
      var table = result.tables[t.id];
      if (column === null || column === undefined) {
        return [sum(t.columns.map(function (c) { return table.totals[c.id]; })), "het totaal van " + quoted(t.label)];
      }
      var computed = (t.computed || []).filter(function (c) { return c.id === column; })[0];
      if (computed && !computedColumn(t, computed)) return [circle(computed.label), null];
      var def = computed || t.columns.filter(function (c) { return c.id === column; })[0];
      if (!def) return [failed("Onbekende kolom in de berekening: " + column + "."), null];
      return [table.totals[column], "het totaal van " + quoted(def.label)];
    }

    function has(node, key) {
      return Object.prototype.hasOwnProperty.call(node, key);
    }

    function described(node, scope) {
      if (node === null || typeof node !== "object") return [failed("Onbekend in de berekening."), null];
      if (has(node, "num")) return [number(Number(node.num)), null];
      if (has(node, "ref")) return lookup(node.ref, scope);
      if (has(node, "total")) return total(node.total, node.col);
      if (has(node, "column")) {
        var source = result.tables[node.column];
        if (!source || scope.column === undefined) return [failed("Onbekend in de berekening."), null];
        return [sum(source.cells.map(function (row) { return row[scope.column] || EMPTY; })), null];
      }
      if (has(node, "previous")) {
        if (scope.column === undefined || !byId.rows[node.previous]) return [failed("Onbekend in de berekening."), null];
        if (scope.column === 0) return [run(node.start, scope), null];
        return [rowCell(byId.rows[node.previous], scope.column - 1), null];
      }
      if (has(node, "neg")) {
        var inner = run(node.neg, scope);
        return [inner.error ? inner : number(-(inner.value || 0)), null];
      }
      if (has(node, "op")) return [operation(node, scope), null];
      if (has(node, "fn")) {
        var args = node.args || [];
        if ((node.fn === "max" || node.fn === "min") && args.length && args.every(function (a) {
          return a !== null && typeof a === "object" && has(a, "cells");
        })) return [extreme(node.fn, args), null];
        if ((node.fn === "max" || node.fn === "min") && args.length && args.every(function (a) {
          return a !== null && typeof a === "object" && has(a, "row");
        })) return [rowExtreme(node.fn, args), null];
        return [call(node.fn, args.map(function (a) { return run(a, scope); })), null];
      }
      return [failed("Onbekend in de berekening."), null];
    }

    function run(node, scope) {
      return described(node, scope)[0];
    }

    function operation(node, scope) {
      var left = run(node.a, scope);
      var right = described(node.b, scope);
      if (left.error) return left;
      if (right[0].error) return right[0];
      var a = left.value || 0;
      var b = right[0].value || 0;
      if (node.op === "+") return number(addDecimal(a, b));
      if (node.op === "-") return number(addDecimal(a, -b));
      if (node.op === "*") return number(a * b);
      if (node.op !== "/") return failed("Onbekend in de berekening.");
      if (b === 0) return failed(divideMessage(right[1], right[0].value === null, scope.label));
      return number(a / b);
    }

    /* The cells of column `column` of table `tableId` (typed or computed), or null when unknown. */
    function columnCells(tableId, column) {
      var t = byId.tables[tableId];
      if (!t) return null;
      var table = result.tables[t.id];
      for (var j = 0; j < t.columns.length; j += 1) {
        if (t.columns[j].id === column) return table.cells.map(function (row) { return row[j]; });
      }
      var computed = (t.computed || []).filter(function (c) { return c.id === column; })[0];
      if (!computed) return null;
      return computedColumn(t, computed) || [circle(computed.label)];
    }

    /* max or min over table columns (macros/model/calc.py extreme): empty cells left out, a
       message passes on, 0 without any number. */
    /* max or min of cells (macros/model/calc.py extreme_of): empty cells are left out, the first
       message passes on, 0 without any number. */
    function extremeOf(name, cells) {
      var values = [];
      for (var i = 0; i < cells.length; i += 1) {
        if (cells[i].error) return cells[i];
        if (cells[i].value !== null) values.push(cells[i].value);
      }
      if (!values.length) return number(0);
      return number(name === "max" ? Math.max.apply(Math, values) : Math.min.apply(Math, values));
    }

    function extreme(name, args) {
      var all = [];
      for (var a = 0; a < args.length; a += 1) {
        var cells = columnCells(args[a].cells, args[a].col);
        if (!cells) return failed("Onbekende kolom in de berekening: " + args[a].col + ".");
        all = all.concat(cells);
      }
      return extremeOf(name, all);
    }

    /* max or min over the cells of computed rows, in an output: min(eindsaldo), the tightest month. */
    function rowExtreme(name, args) {
      var cells = [];
      for (var a = 0; a < args.length; a += 1) {
        var r = byId.rows[args[a].row];
        if (!r || !byId.tables[r.over]) return failed("Onbekende rij in de berekening: " + args[a].row + ".");
        for (var j = 0; j < byId.tables[r.over].columns.length; j += 1) cells.push(rowCell(r, j));
      }
      return extremeOf(name, cells);
    }

    function call(name, args) {
      for (var i = 0; i < args.length; i += 1) if (args[i].error) return args[i];
      var v = args.map(function (c) { return c.value || 0; });
      if (name === "round") return number(roundHalfAway(v[0], v.length > 1 ? v[1] : 0));
      if (name === "min") return number(Math.min.apply(Math, v));
      if (name === "max") return number(Math.max.apply(Math, v));
      if (name === "abs") return number(Math.abs(v[0]));
      if (name === "sum") return number(v.reduce(addDecimal, 0));
      return failed("Onbekend in de berekening.");
    }

    (model.tables || []).forEach(function (t) {
      (t.computed || []).forEach(function (c) { computedColumn(t, c); });
    });
    (model.outputs || []).forEach(output);
    (model.rows || []).forEach(function (r) {
      var over = byId.tables[r.over];
      (over ? over.columns : []).forEach(function (_, j) { rowCell(r, j); });
    });
    return result;
  }

  /* --- the form (markup: macros/render/calcforms.py) --------------------------------------------- */

  function modelOf(box) {
    if (box._iaModel !== undefined) return box._iaModel;
    var holder = box.querySelector("[data-ia-model]");
    var model = null;
    if (holder) {
      try {
        model = JSON.parse(holder.getAttribute("data-ia-model"));
      } catch {
        model = null;
      }
    }
    box._iaModel = model;
    return model;
  }

  function each(root, selector, fn) {
    Array.prototype.forEach.call(root.querySelectorAll(selector), fn);
  }

  /* What the duo typed, read from the fields (the same values ia-worksheet.js stores). */
  function typed(box) {
    var inputs = {};
    var tables = {};
    each(box, "[data-ia-calc-input]", function (field) {
      inputs[field.getAttribute("data-ia-calc-input")] = field.querySelector("[data-ia-input]").value;
    });
    each(box, "[data-ia-calc-table]", function (field) {
      tables[field.getAttribute("data-ia-calc-table")] = Array.prototype.map.call(field.querySelectorAll("tbody tr"),
        function (row) {
          return Array.prototype.map.call(row.querySelectorAll("input[data-ia-cell]"), function (input) {
            return input.value;
          });
        });
    });
    return { inputs: inputs, tables: tables };
  }

  /* A message next to a field: linked from the input by aria-describedby, read politely. */
  function showMessage(input, holder, id, message) {
    holder.id = id;
    holder.textContent = message || "";
    var described = (input.getAttribute("aria-describedby") || "").split(" ").filter(function (part) {
      return part && part !== id;
    });
    if (message) {
      described.push(id);
      input.setAttribute("aria-invalid", "true");
    } else {
      input.removeAttribute("aria-invalid");
    }
    if (described.length) input.setAttribute("aria-describedby", described.join(" "));
    else input.removeAttribute("aria-describedby");
  }

  /* A computed value in an <output>: the number in Dutch, or the message instead of a number. */
  function showValue(output, cell, unit) {
    var text = "";
    var error = false;
    if (cell && cell.error) {
      text = cell.error;
      error = true;
    } else if (cell && cell.value !== null) {
      text = formatValue(cell.value, unit);
    }
    if (output.textContent !== text) output.textContent = text;
    output.classList.toggle("ia-calc-error", error);
  }

  /* --- scored tables: a self-scan such as the nulmeting (markup: macros/render/scoreforms.py) ----- */

  /* A typed score: a whole number from min to max → {value, error}; empty → {value: null, error: null}. */
  function parseScore(text, min, max) {
    var parsed = parseDutch(text);
    if (parsed.value === null && !parsed.error) return { value: null, error: null };
    if (parsed.error || parsed.value % 1 !== 0 || parsed.value < min || parsed.value > max) {
      return { value: null, error: "Vul een heel getal in van " + min + " tot en met " + max + "." };
    }
    return { value: parsed.value, error: null };
  }

  /* How far two typed scores lie apart ("" until both are valid scores). */
  function scoreDifference(a, b) {
    return a.value === null || b.value === null ? "" : String(Math.abs(a.value - b.value));
  }

  /* Every scored table in `box`: a message next to a score that is not on the scale, and the
     difference column. Nothing is stored here (ia-worksheet.js stores what was typed). */
  function scores(box) {
    each(box, "[data-ia-block] table.ia-scored-table", function (table) {
      var block = table.closest("[data-ia-block]").getAttribute("data-ia-block");
      Array.prototype.forEach.call(table.querySelectorAll("tbody tr"), function (row, r) {
        var cells = {};
        each(row, "input[data-ia-score]", function (input) {
          var index = input.getAttribute("data-ia-cell");
          var score = parseScore(input.value, Number(input.getAttribute("data-ia-min")),
            Number(input.getAttribute("data-ia-max")));
          cells[index] = score;
          showMessage(input, input.parentNode.querySelector("[data-ia-msg]"),
            "ia-score-" + block + "-r" + (r + 1) + "-c" + index + "-msg", score.error);
        });
        each(row, "output[data-ia-diff]", function (output) {
          var pair = output.getAttribute("data-ia-diff").split(" ");
          var text = cells[pair[0]] && cells[pair[1]] ? scoreDifference(cells[pair[0]], cells[pair[1]]) : "";
          if (output.textContent !== text) output.textContent = text;
        });
      });
    });
  }

  function update(box) {
    scores(box);
    var model = modelOf(box);
    if (!model) return null;
    var values = typed(box);
    var result = evaluate(model, values.inputs, values.tables);
    var prefix = box.getAttribute("data-ia-calc-prefix") || "ia-calc";
    each(box, "[data-ia-calc-input]", function (field) {
      var id = field.getAttribute("data-ia-calc-input");
      var cell = result.inputs[id];
      showMessage(field.querySelector("[data-ia-input]"), field.querySelector("[data-ia-msg]"),
        prefix + "-" + id + "-msg", cell && (cell.note || cell.error));
    });
    (model.tables || []).forEach(function (t) {
      var field = box.querySelector("[data-ia-calc-table='" + t.id + "']");
      var table = result.tables[t.id];
      if (!field) return;
      Array.prototype.forEach.call(field.querySelectorAll("tbody tr"), function (row, r) {
        each(row, "input[data-ia-num]", function (input) {
          var j = Number(input.getAttribute("data-ia-cell")) - 1;
          var cell = table.cells[r] && table.cells[r][j];
          showMessage(input, input.parentNode.querySelector("[data-ia-msg]"),
            prefix + "-" + t.id + "-r" + (r + 1) + "-c" + (j + 1) + "-msg", cell && (cell.note || cell.error));
        });
        (t.computed || []).forEach(function (c) {
          var output = row.querySelector("output[data-ia-out='" + c.id + "']");
          if (output) showValue(output, table.computed[c.id][r], c.unit);
        });
      });
      each(field, "output[data-ia-total]", function (output) {
        showValue(output, table.totals[output.getAttribute("data-ia-total")], output.getAttribute("data-ia-unit") || "");
      });
    });
    each(box, "output[data-ia-output]", function (output) {
      var id = output.getAttribute("data-ia-output");
      var def = (model.outputs || []).filter(function (o) { return o.id === id; })[0];
      showValue(output, result.outputs[id], def ? def.unit : "");
    });
    each(box, "output[data-ia-row]", function (output) {
      var id = output.getAttribute("data-ia-row");
      var def = (model.rows || []).filter(function (r) { return r.id === id; })[0];
      var cells = result.rows[id] || [];
      showValue(output, cells[Number(output.getAttribute("data-ia-col"))], def ? def.unit : "");
    });
    return result;
  }

  IA.calc = {
    MESSAGES: MESSAGES, MAX: MAX,
    parseDutch: parseDutch, formatNumber: formatNumber, formatValue: formatValue, roundHalfAway: roundHalfAway,
    evaluate: evaluate, update: update, parseScore: parseScore, scoreDifference: scoreDifference
  };
})();
