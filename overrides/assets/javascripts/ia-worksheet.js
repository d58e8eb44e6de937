/* Online worksheets on tool pages ([data-ia-worksheet]) and the weekly product on week pages
 * ([data-ia-product]). The form markup comes from macros/render/webforms.py, generated from the same
 * canvas definition as the PDF; this script autosaves every change in IA state, keeps a print
 * mirror of every field (printed textareas cut long text off), shows answers from an earlier
 * version of the worksheet under their old label, shows second versions from an import, and
 * exports/imports the worksheet as JSON or Markdown.
 * When a block keeps its id but changes kind or table columns, the stored answer is moved aside
 * (IA.reconcileSheet) and shown as "Eerdere antwoorden" next to the new field until the duo
 * removes it; answers of removed blocks stay under the worksheet, also until the duo removes them.
 * "Opgeslagen" is said only after a write that worked (IA.save returns true).
 */
(function () {
  "use strict";

  var IA = window.IA;
  var SAVED_DELAY = 1500;

  /* --- one sheet container ------------------------------------------------------------------ */

  function sheetInfo(box) {
    if (box.hasAttribute("data-ia-worksheet")) {
      return { group: "worksheets", id: box.getAttribute("data-ia-worksheet"),
        definition: box.getAttribute("data-ia-definition") || "", title: box.getAttribute("data-ia-title") || "" };
    }
    var week = box.getAttribute("data-ia-product");
    return { group: "products", id: week, definition: "", title: "Weekproduct van week " + week };
  }

  function fields(box) {
    return Array.prototype.slice.call(box.querySelectorAll("[data-ia-block]"));
  }

  function blockMeta(field) {
    /* computed columns (calculating worksheets, ia-calc.js) are shown, never stored */
    var columns = Array.prototype.map.call(field.querySelectorAll("thead th:not([data-ia-computed])"), function (th) {
      return th.textContent;
    });
    return { id: field.getAttribute("data-ia-block"), kind: field.getAttribute("data-ia-kind"),
      label: field.getAttribute("data-ia-label"), columns: columns };
  }

  function definitions(box) {
    return fields(box).map(blockMeta);
  }

  /* --- reading and writing fields ----------------------------------------------------------- */

  function readField(field) {
    if (field.getAttribute("data-ia-kind") === "table") {
      return Array.prototype.map.call(field.querySelectorAll("tbody tr"), function (row) {
        return Array.prototype.map.call(row.querySelectorAll("input[data-ia-cell]"), function (input) {
          return input.value;
        });
      });
    }
    return field.querySelector("[data-ia-input]").value;
  }

  function addRow(field) {
    var body = field.querySelector("tbody");
    var last = body.rows[body.rows.length - 1];
    var row = last.cloneNode(true);
    var number = body.rows.length + 1;
    row.querySelectorAll("input[data-ia-cell]").forEach(function (input) {
      input.value = "";
      input.setAttribute("aria-label", input.getAttribute("aria-label").replace(/rij \d+$/, "rij " + number));
    });
    row.querySelectorAll(".ia-print, [data-ia-msg], output").forEach(function (span) { span.textContent = ""; });
    body.appendChild(row);
    return row;
  }

  function writeField(field, value) {
    var kind = field.getAttribute("data-ia-kind");
    if (kind === "table") {
      var rows = Array.isArray(value) ? value : [];
      var body = field.querySelector("tbody");
      while (body.rows.length < rows.length) addRow(field);
      Array.prototype.forEach.call(body.rows, function (row, r) {
        row.querySelectorAll("input[data-ia-cell]").forEach(function (input, c) {
          var text = (rows[r] || [])[c] || "";
          if (input !== document.activeElement && input.value !== text) input.value = text;
        });
      });
      return;
    }
    var input = field.querySelector("[data-ia-input]");
    var textValue = typeof value === "string" ? value : "";
    if (input !== document.activeElement && input.value !== textValue) input.value = textValue;
  }

  /* Print mirrors: the whole answer as text, shown instead of the field on paper. A mirror that
     already says it is left alone: a page opens with hundreds of empty table cells, and writing
     each one made the browser restyle them all. */
  function setText(node, text) {
    if (node.textContent !== text) node.textContent = text;
  }

  function mirror(field) {
    var kind = field.getAttribute("data-ia-kind");
    if (kind === "table") {
      field.querySelectorAll("input[data-ia-cell]").forEach(function (input) {
        setText(input.nextElementSibling, input.value);
      });
      return;
    }
    var input = field.querySelector("[data-ia-input]");
    var text = input.value;
    if (kind === "list") {
      text = text.split("\n").filter(function (l) { return l.trim(); })
        .map(function (l) { return "• " + l.trim(); }).join("\n");
    }
    setText(field.querySelector(".ia-print"), text);
  }

  function autosize(field) {
    autosizeAll([field]);
  }

  /* The text areas of these fields as high as their text: all writes, one read (one layout of the
     page, not one per field: a tool page has up to twenty fields, issue 21), all writes. */
  function autosizeAll(list) {
    var areas = list.map(function (field) { return field.querySelector("textarea"); })
      .filter(function (area) { return area; });
    /* an empty area keeps the height of its rows, and needs no layout at all (a new duo's page) */
    areas = areas.filter(function (area) {
      if (area.value) return true;
      area.style.height = "";
      return false;
    });
    if (!areas.length) return;
    areas.forEach(function (area) { area.style.height = "auto"; });
    var heights = areas.map(function (area) { return area.scrollHeight; });
    areas.forEach(function (area, i) { area.style.height = Math.max(heights[i] + 4, 48) + "px"; });
  }

  /* --- showing stored extras: renamed blocks, earlier versions, second versions ------------- */

  /* A stored value as the page shows it. `items` (a scored table, a self-scan): the name of each
     stored row, in a first column; rows are stored by their place. */
  function valueNode(kind, value, columns, items) {
    if (kind === "table" && Array.isArray(value)) {
      var named = Array.isArray(items) && items.length > 0;
      var headings = (columns && columns.length ? columns : (value[0] || []).map(function (_, i) {
        return "Kolom " + (i + 1);
      }));
      var head = IA.el("tr", {}, (named ? ["Onderdeel"] : []).concat(headings).map(function (c) {
        return IA.el("th", { scope: "col", text: c });
      }));
      var rows = value.map(function (row, r) {
        var cells = row.map(function (c) { return IA.el("td", { text: c }); });
        if (named) cells.unshift(IA.el("th", { scope: "row", text: items[r] || "" }));
        return IA.el("tr", {}, cells);
      });
      return IA.el("table", { className: "ia-value-table" }, [IA.el("thead", {}, [head]), IA.el("tbody", {}, rows)]);
    }
    if (kind === "list") {
      return IA.el("ul", { className: "ia-value" }, String(value).split("\n").filter(function (l) {
        return l.trim();
      }).map(function (l) { return IA.el("li", { text: l.trim() }); }));
    }
    return IA.el("p", { className: "ia-value", text: String(value) });
  }

  function renderRenamed(field, stored) {
    var note = field.querySelector(".ia-renamed");
    var label = field.getAttribute("data-ia-label");
    if (stored && stored.label && stored.label !== label && !IA.isEmpty(stored.value)) {
      if (!note) {
        note = IA.el("p", { className: "ia-renamed" });
        field.querySelector(".ia-help").after(note);
      }
      note.textContent = "Dit blok heette eerder: " + stored.label + ".";
    } else if (note) {
      note.remove();
    }
  }

  function renderConflicts(box, field, sheet) {
    var info = sheetInfo(box);
    var holder = field.querySelector("[data-ia-conflict]");
    var meta = blockMeta(field);
    var versions = (sheet && sheet.conflicts && sheet.conflicts[meta.id]) || [];
    holder.textContent = "";
    holder.hidden = !versions.length;
    versions.forEach(function (version, index) {
      var use = IA.el("button", { type: "button", className: "md-button ia-small" }, ["Gebruik deze versie",
        IA.el("span", { className: "ia-visually-hidden", text: " voor " + meta.label })]);
      var drop = IA.el("button", { type: "button", className: "md-button ia-small" }, ["Verwijder deze versie",
        IA.el("span", { className: "ia-visually-hidden", text: " van " + meta.label })]);
      use.addEventListener("click", function () {
        IA.update(function () {
          var current = IA.sheetOf(info.group, info.id, true);
          IA.setBlock(info.group, info.id, info.definition, meta.id, version.value, meta);
          current.conflicts[meta.id].splice(index, 1);
          if (!current.conflicts[meta.id].length) delete current.conflicts[meta.id];
        }, "choice");
        IA.say(box, "De andere versie staat nu in " + meta.label + ".");
        field.querySelector("[data-ia-input], input[data-ia-cell]").focus();
      });
      drop.addEventListener("click", function () {
        IA.update(function () {
          var current = IA.sheetOf(info.group, info.id, true);
          current.conflicts[meta.id].splice(index, 1);
          if (!current.conflicts[meta.id].length) delete current.conflicts[meta.id];
        }, "choice");
        IA.say(box, "De tweede versie van " + meta.label + " is verwijderd.");
        field.querySelector("[data-ia-input], input[data-ia-cell]").focus();
      });
      holder.appendChild(IA.el("div", { className: "ia-version" }, [
        IA.el("p", { className: "ia-version-title" }, [IA.el("strong", { text: "Tweede versie" }),
          " uit " + (version.source || "een import") + ". Dit blok is op twee plekken veranderd. " +
          "Hierboven staat de versie van dit apparaat. Kies welke versie jullie houden."]),
        valueNode(meta.kind, version.value, meta.columns),
        IA.el("p", { className: "ia-version-actions" }, [use, " ", drop])
      ]));
    });
  }

  function focusField(field) {
    var input = field.querySelector("[data-ia-input], input[data-ia-cell]");
    if (input) input.focus();
  }

  function afterDrop(box, done) {
    IA.say(box, IA.saveProblem() ? "Niet opgeslagen. Lees de melding bovenaan de pagina." : done);
  }

  /* Answers for an earlier form of this block (another kind or other columns), next to the field. */
  function renderEarlier(box, field, sheet) {
    var info = sheetInfo(box);
    var meta = blockMeta(field);
    var holder = field.querySelector("[data-ia-earlier]");
    var list = (sheet && sheet.earlier && sheet.earlier[meta.id]) || [];
    if (!holder) {
      if (!list.length) return;  /* made only when there is something to show */
      holder = IA.el("div", { className: "ia-earlier", "data-ia-earlier": "" });
      field.appendChild(holder);
    }
    holder.textContent = "";
    holder.hidden = !list.length;
    if (!list.length) return;
    holder.appendChild(IA.el("p", { className: "ia-version-title" }, [IA.el("strong", { text: "Eerdere antwoorden" }),
      ". Dit blok is veranderd. " + (list.length === 1 ? "Dit antwoord hoort" : "Deze antwoorden horen") +
      " bij de vorige vorm van het blok. Neem over wat jullie nodig hebben. Het blijft bewaard tot jullie het verwijderen."]));
    list.forEach(function (old, index) {
      var drop = IA.el("button", { type: "button", className: "md-button ia-small", "data-ia-drop-earlier": String(index) },
        ["Verwijder dit eerdere antwoord", IA.el("span", { className: "ia-visually-hidden", text: " van " + meta.label })]);
      drop.addEventListener("click", function () {
        if (!window.confirm("Wil je dit eerdere antwoord verwijderen? Het verdwijnt van dit apparaat.")) {
          IA.say(box, "Niets verwijderd.");
          return;
        }
        IA.dropOldAnswer(info.group, info.id, meta.id, index);
        afterDrop(box, "Het eerdere antwoord bij " + meta.label + " is verwijderd.");
        focusField(field);
      });
      holder.appendChild(IA.el("div", { className: "ia-version ia-earlier-item", "data-ia-earlier-item": String(index) }, [
        IA.el("p", { className: "ia-label", text: old.label || meta.label }),
        valueNode(old.kind, old.value, old.columns),
        IA.el("p", { className: "ia-version-actions" }, [drop])
      ]));
    });
  }

  function renderLegacy(box, sheet) {
    var holder = box.querySelector("[data-ia-legacy]");
    if (!holder) return;
    var known = {};
    fields(box).forEach(function (f) { known[f.getAttribute("data-ia-block")] = true; });
    var old = Object.keys((sheet && sheet.blocks) || {}).filter(function (id) {
      return !known[id] && !IA.isEmpty(sheet.blocks[id].value);
    });
    holder.textContent = "";
    holder.hidden = !old.length;
    if (!old.length) return;
    holder.appendChild(IA.el("h3", { text: "Antwoorden uit een eerdere versie van dit werkblad" }));
    holder.appendChild(IA.el("p", { text: "Dit werkblad is veranderd. Deze antwoorden horen bij een blok dat " +
      "nu anders heet of niet meer bestaat. Ze blijven bewaard. Neem over wat jullie nog nodig hebben." }));
    var info = sheetInfo(box);
    old.forEach(function (id) {
      var block = sheet.blocks[id];
      var drop = IA.el("button", { type: "button", className: "md-button ia-small", "data-ia-drop-legacy": id },
        ["Verwijder dit antwoord", IA.el("span", { className: "ia-visually-hidden", text: " bij " + (block.label || id) })]);
      drop.addEventListener("click", function () {
        if (!window.confirm("Wil je dit antwoord verwijderen? Het verdwijnt van dit apparaat.")) {
          IA.say(box, "Niets verwijderd.");
          return;
        }
        IA.dropOldAnswer(info.group, info.id, id, null);
        afterDrop(box, "Het antwoord bij " + (block.label || id) + " is verwijderd.");
        var first = fields(box)[0];
        if (first) focusField(first);
      });
      holder.appendChild(IA.el("div", { className: "ia-legacy-item", "data-ia-legacy-block": id }, [
        IA.el("p", { className: "ia-label", text: block.label || id }),
        valueNode(block.kind, block.value, block.columns || null),
        IA.el("p", { className: "ia-version-actions" }, [drop])
      ]));
    });
  }

  /* --- answers from earlier worksheets (a block with prefill, macros/model/prefill.py) -------- */

  function sourceOf(item) {
    var parts = item.getAttribute("data-ia-source").split("/");
    var sheet = IA.sheetOf("worksheets", parts[0], false);
    var stored = sheet && sheet.blocks[parts[1]];
    return { kind: item.getAttribute("data-ia-source-kind"), value: stored ? stored.value : "",
      columns: JSON.parse(item.getAttribute("data-ia-source-columns") || "null"),
      label: item.getAttribute("data-ia-source-label") };
  }

  function filledRows(rows) {
    return (Array.isArray(rows) ? rows : []).filter(function (row) {
      return Array.isArray(row) && row.some(function (c) { return String(c).trim(); });
    });
  }

  /* An earlier answer as the target block holds it: a table keeps its rows (the check makes sure
     the widths agree); text and lists take a table row per line, its cells joined by " – ". */
  function converted(kind, value) {
    if (kind === "table") return filledRows(value);
    if (Array.isArray(value)) {
      return filledRows(value).map(function (row) {
        return row.map(function (c) { return String(c).trim(); }).filter(Boolean).join(" – ");
      }).join("\n");
    }
    var text = String(value).trim();
    if (kind === "list") return text.split("\n").map(function (l) { return l.trim(); }).filter(Boolean).join("\n");
    return text;
  }

  function joined(kind, current, addition) {
    if (kind === "table") return filledRows(current).concat(addition);
    if (IA.isEmpty(current)) return addition;
    return String(current).replace(/\s+$/, "") + (kind === "text" ? "\n\n" : "\n") + addition;
  }

  function contains(kind, current, addition) {
    if (kind === "table") {
      var have = filledRows(current).map(function (row) { return JSON.stringify(row); });
      return addition.every(function (row) { return have.indexOf(JSON.stringify(row)) >= 0; });
    }
    return String(current).indexOf(addition) >= 0;
  }

  /* A prefilled block the duo never touched (nothing stored, not even an emptied answer) takes
     the earlier answers this browser holds. Returns true when it saved: that save renders again. */
  function prefillUntouched(box, info) {
    var sheet = IA.sheetOf(info.group, info.id, false);
    var fills = [];
    fields(box).forEach(function (field) {
      var id = field.getAttribute("data-ia-block");
      if (!field.querySelector("[data-ia-prefill]") || (sheet && sheet.blocks[id])) return;
      var kind = field.getAttribute("data-ia-kind");
      var value = kind === "table" ? [] : "";
      field.querySelectorAll("[data-ia-source]").forEach(function (item) {
        var source = sourceOf(item);
        if (!IA.isEmpty(source.value)) value = joined(kind, value, converted(kind, source.value));
      });
      if (!IA.isEmpty(value)) fills.push({ field: field, value: value });
    });
    if (!fills.length) return false;
    IA.update(function () {
      fills.forEach(function (fill) {
        var meta = blockMeta(fill.field);
        IA.setBlock(info.group, info.id, info.definition, meta.id, fill.value, meta);
      });
    }, "prefill");
    return true;
  }

  function renderPrefill(box, field) {
    var info = sheetInfo(box);
    var meta = blockMeta(field);
    field.querySelectorAll("[data-ia-source]").forEach(function (item) {
      var holder = item.querySelector("[data-ia-source-value]");
      var source = sourceOf(item);
      holder.textContent = "";
      if (IA.isEmpty(source.value)) {
        holder.appendChild(IA.el("p", { className: "ia-value", text: "Nog niet ingevuld in deze browser." }));
        return;
      }
      var add = IA.el("button", { type: "button", className: "md-button ia-small", "data-ia-prefill-add": "" },
        ["Zet dit in het blok", IA.el("span", { className: "ia-visually-hidden", text: " " + meta.label })]);
      add.addEventListener("click", function () {
        var current = readField(field);
        var addition = converted(meta.kind, sourceOf(item).value);
        if (contains(meta.kind, current, addition)) {
          IA.say(box, "Dit staat al in " + meta.label + ".");
          return;
        }
        IA.setBlock(info.group, info.id, info.definition, meta.id, joined(meta.kind, current, addition), meta);
        var saved = IA.save("choice");
        IA.say(box, saved ? "Toegevoegd aan " + meta.label + "." : "Niet opgeslagen. Lees de melding bovenaan de pagina.");
        focusField(field);
      });
      holder.appendChild(valueNode(Array.isArray(source.value) ? "table" : source.kind, source.value, source.columns));
      holder.appendChild(IA.el("p", { className: "ia-version-actions" }, [add]));
    });
  }

  /* --- two measurements side by side (a tool with remeasure, macros/render/compare.py) --------- */

  function oneDecimal(value) { return Math.floor(value * 10 + 0.5) / 10; }

  function decimal(value, signed) {
    if (value === null) return "\u2013";
    var text = Math.abs(value).toFixed(1).replace(".", ",");
    if (text === "0,0") return text;
    if (signed) return (value > 0 ? "+" : "\u2212") + text;
    return (value < 0 ? "\u2212" : "") + text;
  }

  /* The mean of the whole scores within the scale in one column of a scored table (model/remeasure.py means). */
  function meanOf(block, rows, index) {
    var values = [];
    (Array.isArray(rows) ? rows : []).forEach(function (row) {
      if (!Array.isArray(row) || index >= row.length) return;
      var text = String(row[index] === null || row[index] === undefined ? "" : row[index]).trim();
      if (!/^[0-9]+$/.test(text)) return;
      var value = Number(text);
      if (value >= block.min && value <= block.max) values.push(value);
    });
    if (!values.length) return null;
    return oneDecimal(values.reduce(function (a, b) { return a + b; }, 0) / values.length);
  }

  function valueOf(sheet, id) {
    var stored = sheet && sheet.blocks && sheet.blocks[id];
    return stored ? stored.value : [];
  }

  function bar(value, maximum, kind, label) {
    var node = IA.el("span", { className: "ia-bar ia-bar--" + kind, title: label + ": " + decimal(value) });
    node.style.width = (value === null ? 0 : oneDecimal(100 * value / maximum)) + "%";
    return node;
  }

  /* The comparison table (the same markup as compare.comparison_table), or null without any score. */
  function comparisonNode(config, before, after, caption) {
    var rows = [];
    var any = false;
    config.blocks.forEach(function (block) {
      block.scores.forEach(function (score, i) {
        var first = meanOf(block, valueOf(before, block.id), score.index);
        var second = meanOf(block, valueOf(after, block.id), score.index);
        if (first !== null || second !== null) any = true;
        var change = first === null || second === null ? null : oneDecimal(second - first);
        var cells = [];
        if (i === 0) cells.push(IA.el("th", { scope: "rowgroup", rowspan: String(block.scores.length), text: block.label }));
        cells.push(IA.el("td", { text: score.who }));
        [decimal(first), decimal(second), decimal(change, true)].forEach(function (text) {
          cells.push(IA.el("td", { className: "ia-num", text: text }));
        });
        cells.push(IA.el("td", { className: "ia-bars-cell" }, [IA.el("span", { className: "ia-bars", "aria-hidden": "true" },
          [bar(first, block.max, "before", config.before), bar(second, block.max, "after", config.after)])]));
        rows.push(IA.el("tr", { "data-ia-compare-row": block.id }, cells));
      });
    });
    if (!any) return null;
    var head = ["Thema", "Wie", config.before, config.after, "Verschil", "Grafiek"].map(function (text) {
      return IA.el("th", { scope: "col", text: text });
    });
    return IA.el("div", { className: "ia-compare" }, [
      IA.el("p", { className: "ia-compare-legend", "aria-hidden": "true" }, [
        IA.el("span", { className: "ia-bar ia-bar--before ia-bar--key" }), " " + config.before + " ",
        IA.el("span", { className: "ia-bar ia-bar--after ia-bar--key" }), " " + config.after]),
      IA.el("table", { className: "ia-compare-table" }, [IA.el("caption", { text: caption }),
        IA.el("thead", {}, [IA.el("tr", {}, head)]), IA.el("tbody", {}, rows)])
    ]);
  }

  function renderCompare(box, sheet) {
    var holder = box.querySelector("[data-ia-compare]");
    if (!holder) return;
    var config = JSON.parse(holder.getAttribute("data-ia-compare"));
    var node = comparisonNode(config, IA.sheetOf("worksheets", config.baseline, false), sheet,
      "Jullie scores per thema, gemiddeld over de onderdelen");
    holder.textContent = "";
    holder.appendChild(node || IA.el("p", { className: "ia-value", text: "De vergelijking verschijnt als jullie " +
      "scores op dit apparaat staan: de eerste meting (" + config.before.toLowerCase() + ") en deze meting." }));
  }

  /* `setup`: the page's first render, which hands the sums to a task of their own (IA.later). */
  function render(box, setup) {
    var info = sheetInfo(box);
    IA.reconcileSheet(info.group, info.id, definitions(box));
    if (prefillUntouched(box, info)) return;
    var sheet = IA.sheetOf(info.group, info.id, false);
    var all = fields(box);
    all.forEach(function (field) {
      var stored = sheet && sheet.blocks[field.getAttribute("data-ia-block")];
      writeField(field, stored ? stored.value : (field.getAttribute("data-ia-kind") === "table" ? [] : ""));
      mirror(field);
      renderRenamed(field, stored);
      renderConflicts(box, field, sheet);
      renderEarlier(box, field, sheet);
      renderPrefill(box, field);
    });
    autosizeAll(all);
    renderLegacy(box, sheet);
    renderDerived(box);
    if (IA.calc && setup) IA.later(function () { IA.calc.update(box); });
    else if (IA.calc) IA.calc.update(box);
  }

  function renderDerived(box) {
    var info = sheetInfo(box);
    var sheet = IA.sheetOf(info.group, info.id, false);
    renderCompare(box, sheet);
    renderMail(box, info, sheet);
  }

  /* "Mail naar de organisator" (a tool with send_to_organiser): the answers as Markdown in the mail's
     body. Nothing is sent by the site: the duo's own mail program opens with the text. */
  function renderMail(box, info, sheet) {
    var link = box.querySelector("[data-ia-mail]");
    if (!link) return;
    var text = IA.sheetToMarkdown(info.title, info.id, info.definition, definitions(box), sheet);
    link.href = "mailto:?subject=" + encodeURIComponent(info.title) + "&body=" + encodeURIComponent(text);
  }

  /* --- import -------------------------------------------------------------------------------- */

  function slug(text) {
    return String(text).toLowerCase().normalize("NFKD").replace(/[\u0300-\u036f]/g, "")
      .replace(/[^a-z0-9]+/g, "-").replace(/^-|-$/g, "") || "blok";
  }

  function importText(box, text, name) {
    var info = sheetInfo(box);
    var source = "het bestand " + name + " (" + IA.dutchDate(new Date()) + ")";
    var report;
    if (/^\s*\{/.test(text)) {
      report = IA.importFile(text, source, { group: info.group, id: info.id });
    } else {
      var defs = definitions(box);
      var sheet = IA.sheetOf(info.group, info.id, false);
      var oldLabels = {};
      Object.keys((sheet && sheet.blocks) || {}).forEach(function (id) { oldLabels[sheet.blocks[id].label] = id; });
      var parsed = IA.markdownToSheet(text, defs, oldLabels);
      if (parsed.id && parsed.id !== info.id) {
        throw new Error("Dit bestand hoort bij een ander werkblad: " + parsed.id + ".");
      }
      var time = new Date().toISOString();
      var blocks = {};
      defs.forEach(function (b) {
        if (Object.prototype.hasOwnProperty.call(parsed.values, b.id)) {
          blocks[b.id] = { value: IA.normalize(b.kind, parsed.values[b.id]), label: b.label, kind: b.kind,
            updated: time, history: [] };
          /* the table's own header from the file: a table from an older worksheet never shifts;
             a header the export made up ("Kolom 1" …) says nothing, then the row width counts */
          var header = (parsed.columns || {})[b.id];
          var madeUp = header && header.every(function (c) { return /^Kolom \d+$/.test(c); });
          if (b.kind === "table" && header && header.length && !madeUp) blocks[b.id].columns = header;
        }
      });
      parsed.unknown.forEach(function (extra) {
        blocks["md-" + slug(extra.label)] = { value: extra.value, label: extra.label, kind: "text", updated: time, history: [] };
      });
      if (!Object.keys(blocks).length) throw new Error("In dit bestand staan geen antwoorden voor dit werkblad.");
      report = IA.importBlocks(info.group, info.id, blocks, source);
    }
    var parts = ["Import klaar."];
    parts.push(report.taken === 1 ? "1 blok overgenomen." : report.taken + " blokken overgenomen.");
    if (report.conflicts) {
      parts.push(report.conflicts === 1 ? "1 blok heeft nu twee versies; kies welke jullie houden."
        : report.conflicts + " blokken hebben nu twee versies; kies welke jullie houden.");
    }
    if (report.earlier) {
      parts.push(report.earlier === 1 ? "1 antwoord past niet meer in zijn blok; het staat bij de eerdere antwoorden."
        : report.earlier + " antwoorden passen niet meer in hun blok; ze staan bij de eerdere antwoorden.");
    }
    return parts.join(" ");
  }

  /* --- binding ------------------------------------------------------------------------------- */

  function bind(box) {
    if (box.dataset.iaReady) return;
    box.dataset.iaReady = "1";
    var info = sheetInfo(box);
    var savedTimer = null;

    box.addEventListener("input", function (event) {
      var field = event.target.closest("[data-ia-block]");
      if (!field) return;
      var meta = blockMeta(field);
      var changed = IA.setBlock(info.group, info.id, info.definition, meta.id, readField(field), meta);
      mirror(field);
      autosize(field);
      if (IA.calc) IA.calc.update(box);
      if (!changed) return;
      renderDerived(box); /* the comparison and the mail follow every keystroke (render skips this box) */
      box._iaSaving = true;
      var saved = IA.save("sheet");
      box._iaSaving = false;
      clearTimeout(savedTimer);
      if (!saved) {
        if (!box._iaFailed) IA.say(box, "Niet opgeslagen. Lees de melding bovenaan de pagina.");
        box._iaFailed = true;
        return;
      }
      box._iaFailed = false;
      savedTimer = setTimeout(function () { IA.say(box, "Opgeslagen op dit apparaat."); }, SAVED_DELAY);
    });
    box.addEventListener("click", function (event) {
      var button = event.target.closest("[data-ia-action]");
      if (!button || !box.contains(button)) return;
      act(box, info, button.getAttribute("data-ia-action"), button);
    });
    var file = box.querySelector("[data-ia-file]");
    if (file) {
      file.addEventListener("change", function () {
        var chosen = file.files && file.files[0];
        if (!chosen) return;
        IA.readFile(chosen).then(function (text) {
          IA.say(box, importText(box, text, chosen.name));
        }).catch(function (error) {
          IA.say(box, "Importeren lukte niet. " + (error && error.message ? error.message : ""));
        }).then(function () { file.value = ""; });
      });
    }
    box.hidden = false;
  }

  function act(box, info, action, button) {
    if (action === "add-row") {
      var field = button.closest("[data-ia-block]");
      var most = Number(field.getAttribute("data-ia-max-rows")) || Infinity;
      if (field.querySelector("tbody").rows.length >= most) {
        IA.say(box, "Deze tabel heeft al " + most + " rijen. Meer rijen kan niet.");
        return;
      }
      var row = addRow(field);
      if (IA.calc) IA.calc.update(box);
      row.querySelector("input").focus();
      IA.say(box, "Rij " + field.querySelector("tbody").rows.length + " toegevoegd.");
    } else if (action === "print") {
      printSheet();
    } else if (action === "export-json") {
      IA.download("werkblad-" + info.id + "-" + IA.isoDate(new Date()) + ".json",
        IA.exportSheet(info.group, info.id, info), "application/json");
      IA.say(box, "Het werkblad is geëxporteerd als JSON-bestand.");
    } else if (action === "export-md") {
      var sheet = IA.sheetOf(info.group, info.id, false);
      IA.download("werkblad-" + info.id + "-" + IA.isoDate(new Date()) + ".md",
        IA.sheetToMarkdown(info.title, info.id, info.definition, definitions(box), sheet), "text/markdown");
      IA.say(box, "Het werkblad is geëxporteerd als Markdown-bestand.");
    } else if (action === "import") {
      box.querySelector("[data-ia-file]").click();
    } else if (action === "clear") {
      if (!window.confirm("Wil je dit werkblad echt leegmaken? Alle antwoorden op dit werkblad verdwijnen " +
        "van dit apparaat. Exporteer het eerst als je het wilt bewaren.")) {
        IA.say(box, "Niets gewist.");
        return;
      }
      IA.update(function (s) { delete s[info.group][info.id]; }, "clear-sheet");
      IA.say(box, IA.saveProblem() ? "Niet opgeslagen. Lees de melding bovenaan de pagina." : "Het werkblad is leeg.");
    }
  }

  /* Print only the worksheet (the page's other sections stay on screen). */
  function printSheet() {
    var root = document.documentElement;
    root.classList.add("ia-print-sheet");
    var done = function () {
      root.classList.remove("ia-print-sheet");
      window.removeEventListener("afterprint", done);
    };
    window.addEventListener("afterprint", done);
    window.print();
  }

  /* Every worksheet and weekly product of the page. On a page's first setup ("page") each one is
     bound and rendered in a setup step of its own (IA.later: a page can hold several long ones). */
  function renderAll(source) {
    document.querySelectorAll("[data-ia-worksheet], [data-ia-product]").forEach(function (box) {
      if (source === "page") {
        IA.later(function () {
          bind(box);
          render(box, true);
        });
        return;
      }
      bind(box);
      if (source === "sheet" && box._iaSaving) return;
      render(box);
    });
  }

  /* Mirrors must be current when the browser prints (also through the browser's own menu). */
  window.addEventListener("beforeprint", function () {
    document.querySelectorAll("[data-ia-worksheet] [data-ia-block], [data-ia-product] [data-ia-block]")
      .forEach(mirror);
  });

  IA.worksheet = { valueNode: valueNode, comparisonNode: comparisonNode };
  IA.subscribe(function (state, source) { renderAll(source); });
  IA.onPage(function () { renderAll("page"); });
})();
