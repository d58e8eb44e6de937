/* The impact dossier (docs/dossier/index.md, container from macros/render/webforms.py): every weekly
 * product and filled worksheet of this device in programme order, printable to PDF, exported and
 * imported as one JSON file with the progress. Import merges (see ia-store.js); second versions
 * of a block are shown next to each other. Shows when the last export was made and reminds after
 * 14 days, because some browsers delete site data after about a week without a visit.
 * A calculating worksheet (a tool with `model` in assets/ia-programme.json, issue 14) shows what the
 * duo typed and, computed here by ia-calc.js (IA.calc.evaluate, the form's interpreter), its
 * computed columns, total rows, outputs and computed rows, in Dutch and with the form's messages.
 * Computed values are never stored: the dossier recomputes them from the typed values every time.
 */
(function () {
  "use strict";

  var IA = window.IA;
  var REMIND_DAYS = 14;
  var DAY_MS = 24 * 60 * 60 * 1000;

  function filledBlocks(sheet) {
    return Object.keys((sheet && sheet.blocks) || {}).filter(function (id) {
      return !IA.isEmpty(sheet.blocks[id].value);
    });
  }

  /* Blocks with something to show: an answer, a second version or an earlier answer. */
  function hasAnswers(sheet) {
    return !!sheet && (filledBlocks(sheet).length > 0 || Object.keys(sheet.conflicts || {}).length > 0 ||
      Object.keys(sheet.earlier || {}).length > 0);
  }

  function hasContent(state) {
    var sheets = ["worksheets", "products"].some(function (group) {
      return Object.keys(state[group]).some(function (id) { return hasAnswers(state[group][id]); });
    });
    var weeks = Object.keys(state.weeks).some(function (n) {
      var w = state.weeks[n];
      return w.done || Object.keys(w.steps || {}).length || Object.keys(w.oldSteps || {}).length;
    });
    return sheets || weeks;
  }

  /* --- the content --------------------------------------------------------------------------- */

  function versions(kind, list, columns) {
    return (list || []).map(function (version) {
      return IA.el("div", { className: "ia-version" }, [
        IA.el("p", { className: "ia-version-title" }, [IA.el("strong", { text: "Tweede versie" }),
          " uit " + (version.source || "een import") + ". Kies op de pagina van de tool welke jullie houden."]),
        IA.worksheet.valueNode(kind, version.value, columns)
      ]);
    });
  }

  /* Answers for an earlier form of a block (another kind or other table columns). */
  function earlierViews(list) {
    return (list || []).map(function (old) {
      return IA.el("div", { className: "ia-version ia-earlier-item" }, [
        IA.el("p", { className: "ia-version-title" }, [IA.el("strong", { text: "Eerder antwoord" }),
          " bij een vorige vorm van dit blok" + (old.label ? " (" + old.label + ")" : "") +
          ". Verwijder het op de pagina van de tool als jullie het niet meer nodig hebben."]),
        IA.worksheet.valueNode(old.kind, old.value, old.columns)
      ]);
    });
  }


  /* --- calculating worksheets (issue 14) ------------------------------------------------------- */

  /* The typed values of a sheet, read as the form reads its fields (ia-calc.js typed()): a model
     input is the number block with its id, a model table the table block with its id. Returns
     {model, result} computed by IA.calc.evaluate, or null when the tool has no model, ia-calc.js
     is missing, or nothing of the model was typed. */
  function calculation(tool, sheet) {
    if (!tool || !tool.model || !IA.calc || !sheet) return null;
    var model = tool.model;
    var kinds = {};
    tool.blocks.forEach(function (b) { kinds[b.id] = b.kind; });
    var inputs = {};
    var tables = {};
    var typed = false;
    (model.inputs || []).forEach(function (d) {
      var stored = sheet.blocks[d.id];
      if (kinds[d.id] !== "number" || !stored || typeof stored.value !== "string") return;
      inputs[d.id] = stored.value;
      if (!IA.isEmpty(stored.value)) typed = true;
    });
    (model.tables || []).forEach(function (t) {
      var stored = sheet.blocks[t.id];
      if (kinds[t.id] !== "table" || !stored || !Array.isArray(stored.value)) return;
      tables[t.id] = stored.value;
      if (!IA.isEmpty(stored.value)) typed = true;
    });
    if (!typed) return null;
    return { model: model, tables: tables, result: IA.calc.evaluate(model, inputs, tables) };
  }

  /* A computed value: the number in Dutch (IA.calc.formatValue, as the form shows it), or the
     message instead of a number. */
  function computedNode(cell, unit, attrs) {
    var error = !!(cell && cell.error);
    var text = error ? cell.error : cell && cell.value !== null && cell.value !== undefined
      ? IA.calc.formatValue(cell.value, unit) : "";
    attrs.className = "ia-calc-value" + (error ? " ia-calc-error" : "");
    attrs.text = text;
    return IA.el("span", attrs);
  }

  /* The message next to a typed value (a parse message, or a refused number), as on the form. */
  function typedMessage(cell) {
    var message = cell && (cell.note || cell.error);
    return message ? IA.el("span", { className: "ia-calc-msg", text: message }) : null;
  }

  /* A typed value as the dossier shows it (read-only, like the tool page, Word and the example
     PDF): a number written by IA.calc.formatValue for its unit, as macros/model/calc.py display()
     does (60% → 60,0%, 35 000 → € 35.000); a text that is no number exactly as typed. The form's
     fields and what is stored keep what was typed. */
  function typedText(value, unit) {
    var text = value === null || value === undefined ? "" : String(value);
    var parsed = IA.calc.parseDutch(text);
    return parsed.error || parsed.value === null ? text : IA.calc.formatValue(parsed.value, unit);
  }

  function blankRow(row) {
    return !Array.isArray(row) || row.every(function (c) { return !String(c === null || c === undefined ? "" : c).trim(); });
  }

  /* A model table: row names as typed, typed cells by typedText, computed columns, the total row.
     Rows the duo left completely empty are left out (they compute nothing). */
  function calcTableNode(t, rows, table) {
    var head = [IA.el("th", { scope: "col", text: t.rows_label })]
      .concat(t.columns.map(function (c) { return IA.el("th", { scope: "col", className: "ia-num", text: c.label }); }))
      .concat((t.computed || []).map(function (c) {
        return IA.el("th", { scope: "col", className: "ia-num ia-computed", text: c.label });
      }));
    var body = [];
    rows.forEach(function (row, r) {
      if (blankRow(row)) return;
      var cells = [IA.el("th", { scope: "row", text: String(row[0] === null || row[0] === undefined ? "" : row[0]) })];
      t.columns.forEach(function (c, j) {
        cells.push(IA.el("td", { className: "ia-num", "data-ia-dossier-cell": String(j + 1) }, [
          IA.el("span", { className: "ia-calc-typed", text: typedText(row[j + 1], c.unit) }),
          typedMessage(table.cells[r] && table.cells[r][j])]));
      });
      (t.computed || []).forEach(function (c) {
        cells.push(IA.el("td", { className: "ia-num ia-computed" }, [
          computedNode(table.computed[c.id][r], c.unit, { "data-ia-dossier-out": c.id })]));
      });
      body.push(IA.el("tr", { "data-ia-dossier-row": String(r) }, cells));
    });
    var parts = [IA.el("thead", {}, [IA.el("tr", {}, head)]), IA.el("tbody", {}, body)];
    if (t.total_row) {
      var totals = [IA.el("th", { scope: "row", text: t.total_row })];
      t.columns.concat(t.computed || []).forEach(function (c) {
        totals.push(IA.el("td", { className: "ia-num" + (c.formula ? " ia-computed" : "") }, c.total
          ? [computedNode(table.totals[c.id], c.unit, { "data-ia-dossier-total": c.id })] : []));
      });
      parts.push(IA.el("tfoot", {}, [IA.el("tr", {}, totals)]));
    }
    return IA.el("div", { className: "ia-table-wrap ia-dossier-calc-wrap", "data-ia-label": t.label }, [IA.el("table", {
      className: "ia-value-table ia-dossier-calc-table", "data-ia-dossier-table": t.id }, parts)]);
  }

  /* The outputs and computed rows (the form's results block, macros/render/calcforms.py results). */
  function resultsView(label, calculated, rule) {
    var model = calculated.model;
    var result = calculated.result;
    var items = (model.outputs || []).map(function (o) {
      return IA.el("div", { className: "ia-result" }, [IA.el("dt", { text: o.label }),
        IA.el("dd", {}, [computedNode(result.outputs[o.id], o.unit, { "data-ia-dossier-output": o.id })])]);
    });
    var children = [IA.el("p", { className: "ia-label", text: label })];
    if (items.length) children.push(IA.el("dl", { className: "ia-results-list" }, items));
    var tables = {};
    (model.tables || []).forEach(function (t) { tables[t.id] = t; });
    var overs = [];
    (model.rows || []).forEach(function (r) { if (overs.indexOf(r.over) < 0) overs.push(r.over); });
    overs.forEach(function (over) {
      var table = tables[over];
      if (!table) return;
      var head = [IA.el("th", { scope: "col", text: "Uitkomst" })].concat(table.columns.map(function (c) {
        return IA.el("th", { scope: "col", className: "ia-num", text: c.label });
      }));
      var body = model.rows.filter(function (r) { return r.over === over; }).map(function (r) {
        return IA.el("tr", {}, [IA.el("th", { scope: "row", text: r.label })].concat(table.columns.map(function (_, j) {
          return IA.el("td", { className: "ia-num" }, [computedNode((result.rows[r.id] || [])[j], r.unit,
            { "data-ia-dossier-rowout": r.id, "data-ia-col": String(j) })]);
        })));
      });
      children.push(IA.el("div", { className: "ia-table-wrap ia-dossier-calc-wrap", "data-ia-label": table.label }, [IA.el("table", {
        className: "ia-value-table ia-dossier-calc-table ia-dossier-calc-rows" }, [
        IA.el("caption", { text: table.label }), IA.el("thead", {}, [IA.el("tr", {}, head)]),
        IA.el("tbody", {}, body)])]));
    });
    if (rule) children.push(IA.el("p", { className: "ia-calc-rule", text: rule }));
    return IA.el("div", { className: "ia-dossier-block ia-dossier-results", "data-ia-dossier-results": "" }, children);
  }

  /* A table that scrolls sideways (a phone) must be reachable by keyboard (WCAG 2.1.1), as
     ia-tables.js does for the site's other tables: it gets tabindex=0 and a name. */
  function scrollable(root) {
    root.querySelectorAll(".ia-dossier-calc-wrap").forEach(function (wrap) {
      if (wrap.scrollWidth > wrap.clientWidth + 1) {
        wrap.setAttribute("tabindex", "0");
        wrap.setAttribute("role", "region");
        wrap.setAttribute("aria-label", "Tabel: " + wrap.getAttribute("data-ia-label"));
      } else {
        wrap.removeAttribute("tabindex");
        wrap.removeAttribute("role");
        wrap.removeAttribute("aria-label");
      }
    });
  }

  /* `computed(value)`: the node for the current value of a calculating block, or null. */
  function blockView(label, kind, stored, columns, conflicts, note, earlier, computed) {
    var children = [IA.el("p", { className: "ia-label", text: label })];
    if (note) children.push(IA.el("p", { className: "ia-renamed", text: note }));
    if (!IA.isEmpty(stored.value)) {
      children.push((computed && computed(stored.value)) || IA.worksheet.valueNode(kind, stored.value, columns));
    }
    return IA.el("div", { className: "ia-dossier-block" },
      children.concat(versions(kind, conflicts, columns), earlierViews(earlier)));
  }

  /* How a block of a calculating worksheet shows its current value: a model table with its computed
     columns and total row; a model input by typedText, with the form's message when it is no number. */
  function calcView(calculated, block) {
    if (!calculated) return null;
    var model = calculated.model;
    if (block.kind === "table") {
      var t = (model.tables || []).filter(function (x) { return x.id === block.id; })[0];
      if (!t || !calculated.tables[t.id]) return null;
      return function (value) { return calcTableNode(t, value, calculated.result.tables[t.id]); };
    }
    var input = (model.inputs || []).filter(function (x) { return x.id === block.id; })[0];
    if (block.kind === "number" && input && calculated.result.inputs[block.id]) {
      return function (value) {
        var message = typedMessage(calculated.result.inputs[block.id]);
        var node = IA.el("p", { className: "ia-value", "data-ia-dossier-input": block.id }, [typedText(value, input.unit)]);
        return message ? IA.el("div", {}, [node, message]) : node;
      };
    }
    return null;
  }

  /* A scored table (a self-scan such as the nulmeting): its stored rows under the names of their
     items (the block's `items` in assets/ia-programme.json; a row is stored by its place). */
  function itemsView(block) {
    if (block.kind !== "table" || !block.items) return null;
    return function (value) { return IA.worksheet.valueNode("table", value, block.columns, block.items); };
  }

  /* One filled worksheet: the blocks of the current definition in canvas order, then answers
     from an earlier version under their old label. */
  /* One worksheet as the dossier shows it; `state` is the dossier it belongs to (this browser's,
     or a duo's that a coach opened). */
  function sheetView(tool, id, sheet, rule, state) {
    var section = IA.el("section", { className: "ia-dossier-sheet", "data-ia-dossier-sheet": id });
    var title = tool ? tool.title : id;
    section.appendChild(IA.el("h4", {}, [tool && tool.url ? IA.el("a", { href: IA.url(tool.url), text: title })
      : title]));
    var known = {};
    var calculated = calculation(tool, sheet);
    var blocks = tool ? tool.blocks : [];
    blocks.forEach(function (block) {
      known[block.id] = true;
      if (block.kind === "results") {
        if (calculated) section.appendChild(resultsView(block.label, calculated, rule));
        return;
      }
      var stored = sheet.blocks[block.id];
      var conflicts = sheet.conflicts[block.id];
      var earlier = (sheet.earlier || {})[block.id];
      if ((!stored || IA.isEmpty(stored.value)) && !(conflicts || []).length && !(earlier || []).length) return;
      var note = stored && stored.label && stored.label !== block.label ? "Dit blok heette eerder: " + stored.label + "." : "";
      section.appendChild(blockView(block.label, block.kind, stored || { value: "" }, block.columns, conflicts, note, earlier,
        calcView(calculated, block) || itemsView(block)));
    });
    /* a form without a results block shows the results at its end (webforms._calc_parts) */
    if (calculated && !blocks.some(function (b) { return b.kind === "results"; })) {
      section.appendChild(resultsView("Uitkomsten", calculated, rule));
    }
    /* a re-measurement: both measurements side by side, as on the tool page (macros/render/compare.py) */
    if (tool && tool.compare) {
      var compared = IA.worksheet.comparisonNode(tool.compare, state.worksheets[tool.compare.baseline] || null,
        sheet, tool.compare.before + " en " + tool.compare.after.toLowerCase() + " naast elkaar: de scores per " +
        "thema, gemiddeld over de onderdelen");
      if (compared) section.appendChild(compared);
    }
    var old = filledBlocks(sheet).filter(function (b) { return !known[b]; });
    Object.keys(sheet.earlier || {}).forEach(function (b) {
      if (!known[b] && old.indexOf(b) < 0) old.push(b);
    });
    if (old.length) {
      section.appendChild(IA.el("p", { className: "ia-legacy-title" }, [IA.el("strong", {
        text: tool ? "Uit een eerdere versie van dit werkblad:" : "Dit werkblad staat niet meer op de site:" })]));
      old.forEach(function (b) {
        var stored = sheet.blocks[b] || { value: "", label: b, kind: "text" };
        section.appendChild(blockView(stored.label || b, stored.kind, stored, stored.columns || null, sheet.conflicts[b], "",
          (sheet.earlier || {})[b]));
      });
    }
    return section;
  }

  function weekView(data, week, state) {
    var progress = state.weeks[String(week.number)] || {};
    var steps = Math.min(IA.stepsDone(week.number, week.step_ids, state), week.steps || Infinity);
    var product = state.products[String(week.number)];
    var sheets = week.tools.filter(function (t) {
      var tool = data.tools[t];
      var sheet = state.worksheets[t];
      return tool && tool.weeks[0] === week.number && hasAnswers(sheet);
    });
    var productFilled = hasAnswers(product);
    if (!progress.done && !steps && !productFilled && !sheets.length) return null;
    var section = IA.el("section", { className: "ia-dossier-week", "data-ia-dossier-week": week.number,
      id: "dossier-week-" + week.number });
    var title = "Week " + week.number + ": " + week.title;
    section.appendChild(IA.el("h3", {}, [week.url ? IA.el("a", { href: IA.url(week.url), text: title }) : title]));
    var status = progress.done ? "klaar" : week.steps ? steps + " van " + week.steps + " stappen klaar" : "nog niet klaar";
    section.appendChild(IA.el("p", { className: "ia-dossier-meta" }, [
      IA.el("strong", { text: "Weekproduct: " }), week.product + ". ",
      IA.el("strong", { text: "Stand: " }), status + "."]));
    if (productFilled) {
      var stored = product.blocks.weekproduct;
      section.appendChild(blockView("Jullie weekproduct", "text", stored || { value: "" }, null,
        product.conflicts.weekproduct, "", (product.earlier || {}).weekproduct));
    }
    sheets.forEach(function (t) {
      section.appendChild(sheetView(data.tools[t], t, state.worksheets[t], data.calc_rule, state));
    });
    /* the coach's feedback, in the duo's own dossier only (never in the coach's view of it) */
    var feedback = state === IA.get() && IA.feedback ? IA.feedback.node(week.number) : null;
    if (feedback) section.appendChild(feedback);
    return section;
  }

  function renderContent(box, data) {
    /* Answers that no longer fit their block move aside first (see IA.reconcileSheet). */
    Object.keys(IA.get().worksheets).forEach(function (t) {
      if (data.tools[t]) IA.reconcileSheet("worksheets", t, data.tools[t].blocks);
    });
    data.weeks.forEach(function (w) { IA.resolveSteps(w.number, w.step_ids, w.step_aliases); });
    var state = IA.get();
    var content = box.querySelector("[data-ia-dossier-content]");
    content.textContent = "";
    if (!hasContent(state)) {
      var first = data.weeks[0];
      content.appendChild(IA.el("p", { className: "ia-empty" }, ["Er staat nog niets in jullie dossier op dit " +
        "apparaat. Begin bij ", first && first.url ? IA.el("a", { href: IA.url(first.url), text: "week 1" }) : "week 1",
        ", of importeer een dossier dat jullie eerder hebben geëxporteerd."]));
      return;
    }
    var done = data.weeks.filter(function (w) { return (state.weeks[String(w.number)] || {}).done; }).length;
    content.appendChild(IA.el("p", { className: "ia-dossier-summary", text: done + " van " + data.weeks.length +
      " weken staan op klaar." }));
    var contents = [];
    var toc = IA.el("nav", { className: "ia-dossier-toc", "aria-labelledby": "dossier-inhoud" });
    content.appendChild(toc);
    data.modules.forEach(function (module) {
      var weeks = data.weeks.filter(function (w) { return w.module === module.number; })
        .map(function (w) { return weekView(data, w, state); }).filter(Boolean);
      if (!weeks.length) return;
      var heading = "Module " + module.number + ": " + module.title;
      var section = IA.el("section", { className: "ia-dossier-module", id: "dossier-module-" + module.number }, [
        IA.el("h2", { text: heading })].concat(weeks));
      content.appendChild(section);
      contents.push(IA.el("li", {}, [IA.el("a", { href: "#" + section.id, text: heading }),
        IA.el("ul", {}, weeks.map(function (week) {
          return IA.el("li", {}, [IA.el("a", { href: "#" + week.id, text: week.querySelector("h3").textContent })]);
        }))]));
    });
    var placed = {};
    data.weeks.forEach(function (w) {
      w.tools.forEach(function (t) { if (data.tools[t] && data.tools[t].weeks[0] === w.number) placed[t] = true; });
    });
    var others = Object.keys(state.worksheets).filter(function (t) {
      return !placed[t] && hasAnswers(state.worksheets[t]);
    });
    if (others.length) {
      contents.push(IA.el("li", {}, [IA.el("a", { href: "#dossier-overige", text: "Overige werkbladen" })]));
      content.appendChild(IA.el("section", { className: "ia-dossier-module", id: "dossier-overige" }, [
        IA.el("h2", { text: "Overige werkbladen" })].concat(others.map(function (t) {
        return sheetView(data.tools[t] || null, t, state.worksheets[t], data.calc_rule, state);
      }))));
    }
    /* A table of contents of what this dossier holds: on screen and on paper. */
    if (contents.length) {
      toc.appendChild(IA.el("h2", { id: "dossier-inhoud", text: "Inhoud" }));
      toc.appendChild(IA.el("ul", {}, contents));
    } else {
      toc.remove();
    }
  }

  /* --- backup status and reminder ------------------------------------------------------------- */

  function renderBackup(box) {
    var state = IA.get();
    var holder = box.querySelector("[data-ia-backup]");
    holder.textContent = "";
    var notice = IA.notice();
    if (notice) holder.appendChild(IA.el("p", { className: "ia-notice", text: notice }));
    var last = state.lastExport ? new Date(state.lastExport) : null;
    holder.appendChild(IA.el("p", { "data-ia-last-export": "", text: last
      ? "Laatste export: " + IA.dutchTime(state.lastExport) + "."
      : "Jullie hebben dit dossier op dit apparaat nog niet geëxporteerd." }));
    var age = last ? (Date.now() - last.getTime()) / DAY_MS : null;
    if (hasContent(state) && (age === null || age > REMIND_DAYS)) {
      holder.appendChild(IA.el("div", { className: "admonition warning ia-reminder", "data-ia-reminder": "" }, [
        IA.el("p", { className: "admonition-title", text: "Maak een export" }),
        IA.el("p", { text: (age === null ? "Er is nog geen export van jullie antwoorden."
          : "Jullie laatste export is meer dan " + REMIND_DAYS + " dagen oud.") +
          " Sommige browsers wissen gegevens van een site na ongeveer een week zonder bezoek. " +
          "Exporteer het dossier en bewaar het bestand op een veilige plek." })
      ]));
    }
    var persist = IA.el("p", { className: "ia-persist" });
    holder.appendChild(persist);
    IA.persisted().then(function (yes) {
      persist.textContent = yes ? "Deze browser bewaart jullie antwoorden, ook als er weinig ruimte is." : "";
    });
  }

  /* --- whole-dossier Markdown ------------------------------------------------------------------ */

  function dossierMarkdown(data) {
    var state = IA.get();
    var out = ["# Impactdossier", ""];
    data.weeks.forEach(function (week) {
      var product = state.products[String(week.number)];
      var tools = week.tools.filter(function (t) {
        return data.tools[t] && data.tools[t].weeks[0] === week.number && state.worksheets[t] &&
          filledBlocks(state.worksheets[t]).length;
      });
      var done = (state.weeks[String(week.number)] || {}).done;
      if (!done && !(product && filledBlocks(product).length) && !tools.length) return;
      out.push("## Week " + week.number + ": " + week.title, "", "Weekproduct: " + week.product +
        (done ? " (klaar)" : ""), "");
      if (product && product.blocks.weekproduct && !IA.isEmpty(product.blocks.weekproduct.value)) {
        out.push(IA.valueToMarkdown("text", product.blocks.weekproduct.value), "");
      }
      tools.forEach(function (t) {
        var tool = data.tools[t];
        out.push(IA.sheetToMarkdown(tool.title, t, tool.definition, tool.blocks, state.worksheets[t], 3), "");
      });
    });
    return out.join("\n").replace(/\n{3,}/g, "\n\n");
  }

  /* --- binding --------------------------------------------------------------------------------- */

  /* All or nothing (IA.importFile): a file that is wrong, or that cannot be written, changes nothing. */
  function importFile(box, text, name) {
    if (IA.feedback && /"kind"\s*:\s*"feedback"/.test(text.slice(0, 400))) {   /* a coach's feedback file */
      var said = IA.feedback.importText(text);
      render();
      return said;
    }
    var source = "het bestand " + name + " (" + IA.dutchDate(new Date()) + ")";
    var report = IA.importFile(text, source);
    var parts = ["Import klaar.", report.taken === 1 ? "1 blok overgenomen." : report.taken + " blokken overgenomen."];
    if (report.weeks) parts.push(report.weeks === 1 ? "1 week op klaar gezet." : report.weeks + " weken op klaar gezet.");
    if (report.conflicts) {
      parts.push(report.conflicts === 1 ? "1 blok heeft nu twee versies. Die staan hieronder bij elkaar."
        : report.conflicts + " blokken hebben nu twee versies. Die staan hieronder bij elkaar.");
    }
    if (report.earlier) {
      parts.push(report.earlier === 1 ? "1 antwoord past niet meer in zijn blok; het staat bij de eerdere antwoorden."
        : report.earlier + " antwoorden passen niet meer in hun blok; ze staan bij de eerdere antwoorden.");
    }
    return parts.join(" ");
  }

  function bind(box) {
    if (box.dataset.iaReady) return;
    box.dataset.iaReady = "1";
    var file = box.querySelector("[data-ia-file]");
    box.addEventListener("click", function (event) {
      var button = event.target.closest("[data-ia-action]");
      if (!button) return;
      var action = button.getAttribute("data-ia-action");
      if (action === "print") {
        window.print();
      } else if (action === "export-json") {
        IA.download("impactdossier-" + IA.isoDate(new Date()) + ".json", IA.exportDossier(), "application/json");
        IA.say(box, "Het dossier is geëxporteerd. Bewaar het bestand op een veilige plek.");
      } else if (action === "export-md") {
        IA.data().then(function (data) {
          IA.download("impactdossier-" + IA.isoDate(new Date()) + ".md", dossierMarkdown(data), "text/markdown");
          IA.say(box, "Het dossier is geëxporteerd als Markdown-bestand.");
        });
      } else if (action === "import") {
        file.click();
      } else if (action === "clear") {
        if (!window.confirm("Wil je echt alles wissen? Alle antwoorden, het weekproduct, de voortgang en het " +
          "cohort verdwijnen van dit apparaat. Exporteer eerst als je ze wilt bewaren.")) {
          IA.say(box, "Niets gewist.");
          return;
        }
        IA.say(box, IA.clearAll() ? "Alles is gewist op dit apparaat."
          : "Wissen lukte niet. Lees de melding bovenaan de pagina.");
      }
    });
    file.addEventListener("change", function () {
      var chosen = file.files && file.files[0];
      if (!chosen) return;
      IA.readFile(chosen).then(function (text) {
        IA.say(box, importFile(box, text, chosen.name));
      }).catch(function (error) {
        IA.say(box, "Importeren lukte niet. " + (error && error.message ? error.message : ""));
      }).then(function () { file.value = ""; });
    });
    box.hidden = false;
  }

  function render() {
    document.querySelectorAll("[data-ia-dossier]").forEach(function (box) {
      bind(box);
      renderBackup(box);
      IA.data().then(function (data) {
        renderContent(box, data);
        scrollable(box);
        box.setAttribute("data-ia-rendered", "");
      }).catch(function () {
        box.querySelector("[data-ia-dossier-content]").textContent =
          "Het overzicht van het programma kon niet laden. Herlaad de pagina.";
      });
    });
  }

  /* --- the organiser bundles the evaluations of a cohort (docs/cohort/evaluaties.md) ------------- */
  /* Files from duos are untrusted: each is read with the duo's own import check (IA.parseFile) or
     the worksheet's Markdown reader; a file that fails is named and left out, the others stay.
     Nothing is stored: the bundle lives in this page until it is closed or emptied. */

  var bundle = [];

  function bundleTool(data) {
    var id = Object.keys(data.tools).filter(function (t) { return data.tools[t].send; })[0];
    return id ? { id: id, tool: data.tools[id] } : null;
  }

  function evaluationIn(text, name, found) {
    var blocks;
    if (/^\s*\{/.test(text)) {
      var parsed = IA.parseFile(text);
      var sheet = parsed.kind === "dossier" ? parsed.data.worksheets[found.id]
        : parsed.group === "worksheets" && parsed.id === found.id ? parsed.sheet : null;
      if (!sheet || !Object.keys(sheet.blocks || {}).length) {
        throw new Error("In " + name + " staat geen " + found.tool.title.toLowerCase() + ".");
      }
      blocks = {};
      Object.keys(sheet.blocks).forEach(function (b) { blocks[b] = sheet.blocks[b].value; });
      return blocks;
    }
    var read = IA.markdownToSheet(text, found.tool.blocks, {});
    if ((read.id && read.id !== found.id) || !Object.keys(read.values).length) {
      throw new Error("In " + name + " staat geen " + found.tool.title.toLowerCase() + ".");
    }
    blocks = {};
    found.tool.blocks.forEach(function (b) {
      if (Object.prototype.hasOwnProperty.call(read.values, b.id)) blocks[b.id] = IA.normalize(b.kind, read.values[b.id]);
    });
    return blocks;
  }

  function scoreIn(cell, scale) {
    var text = String(cell === null || cell === undefined ? "" : cell).trim();
    if (!/^[0-9]+$/.test(text)) return null;
    var value = Number(text);
    return value >= scale.min && value <= scale.max ? value : null;
  }

  function meanText(values) {
    if (!values.length) return "\u2013";
    var mean = Math.floor(values.reduce(function (a, b) { return a + b; }, 0) / values.length * 10 + 0.5) / 10;
    return mean.toFixed(1).replace(".", ",") + " (" + values.length + ")";
  }

  /* Per scored block: per item the mean of each score column over all duos, with how many scored. */
  function scoredView(block, scale) {
    var head = [IA.el("th", { scope: "col", text: "Onderdeel" })].concat(scale.scores.map(function (c) {
      return IA.el("th", { scope: "col", className: "ia-num", text: block.columns[c] });
    }));
    var rows = (block.items || []).map(function (item, r) {
      var cells = [IA.el("th", { scope: "row", text: item })];
      scale.scores.forEach(function (c) {
        var values = [];
        bundle.forEach(function (entry) {
          var rows = entry.blocks[block.id];
          var v = Array.isArray(rows) && Array.isArray(rows[r]) ? scoreIn(rows[r][c], scale) : null;
          if (v !== null) values.push(v);
        });
        cells.push(IA.el("td", { className: "ia-num", text: meanText(values) }));
      });
      return IA.el("tr", { "data-ia-bundle-item": String(r) }, cells);
    });
    return IA.el("table", { className: "ia-bundle-table", "data-ia-bundle-block": block.id }, [
      IA.el("caption", { text: block.label + ": gemiddelde score (aantal duo's met een score)" }),
      IA.el("thead", {}, [IA.el("tr", {}, head)]), IA.el("tbody", {}, rows)]);
  }

  /* Every other answer, per duo, as the duo wrote it. */
  function answersView(block) {
    var items = [];
    bundle.forEach(function (entry, i) {
      var value = entry.blocks[block.id];
      if (value === undefined || IA.isEmpty(value)) return;
      items.push(IA.el("div", { className: "ia-bundle-answer" }, [IA.el("p", { className: "ia-label", text: "Duo " + (i + 1) }),
        IA.worksheet.valueNode(block.kind, value, block.columns || null, block.items)]));
    });
    return items.length ? IA.el("div", { "data-ia-bundle-block": block.id }, [IA.el("h3", { text: block.label })].concat(items))
      : null;
  }

  function renderBundle(box, found) {
    var content = box.querySelector("[data-ia-bundle-content]");
    content.textContent = "";
    if (!bundle.length) {
      content.appendChild(IA.el("p", { className: "ia-empty", text: "Nog geen evaluaties geopend. Kies " +
        "\u201cBestanden openen\u201d en kies de bestanden die de duo's jullie stuurden." }));
      return;
    }
    content.appendChild(IA.el("p", { className: "ia-bundle-summary", text: bundle.length === 1 ? "1 evaluatie geopend."
      : bundle.length + " evaluaties geopend." }));
    content.appendChild(IA.el("ol", { className: "ia-bundle-files" }, bundle.map(function (entry, i) {
      return IA.el("li", { text: "Duo " + (i + 1) + ": " + entry.name });
    })));
    found.tool.blocks.forEach(function (block) {
      var scale = found.tool.send[block.id];
      if (scale) content.appendChild(scoredView(block, scale));
    });
    found.tool.blocks.forEach(function (block) {
      var scale = found.tool.send[block.id];
      var view = scale ? null : answersView(block);
      if (view) content.appendChild(view);
    });
  }

  function csvCell(text) {
    var value = String(text === null || text === undefined ? "" : text).replace(/\r?\n/g, " / ");
    if (/^[=+\-@\t\r]/.test(value)) value = "'" + value; /* a spreadsheet never runs a cell as a formula */
    return /[";\n]/.test(value) ? "\"" + value.replace(/"/g, "\"\"") + "\"" : value;
  }

  /* One row per duo, one column per answer; semicolons, as Dutch spreadsheets expect. */
  function bundleCsv(found) {
    var head = ["Duo", "Bestand"];
    var columns = [];
    found.tool.blocks.forEach(function (block) {
      if (block.items) {
        block.items.forEach(function (item, r) {
          block.columns.forEach(function (c, j) {
            head.push(block.label + " \u2013 " + item + " \u2013 " + c);
            columns.push(function (blocks) { var rows = blocks[block.id]; return Array.isArray(rows) && rows[r] ? rows[r][j] : ""; });
          });
        });
      } else {
        head.push(block.label);
        columns.push(function (blocks) {
          var value = blocks[block.id];
          if (Array.isArray(value)) return value.map(function (row) { return row.join(" | "); }).join(" / ");
          return value === undefined ? "" : value;
        });
      }
    });
    var lines = [head.map(csvCell).join(";")];
    bundle.forEach(function (entry, i) {
      lines.push(["Duo " + (i + 1), entry.name].concat(columns.map(function (f) { return f(entry.blocks); })).map(csvCell).join(";"));
    });
    return "\ufeff" + lines.join("\r\n") + "\r\n";
  }

  function bindBundle(box) {
    if (box.dataset.iaReady) return;
    box.dataset.iaReady = "1";
    var input = box.querySelector("[data-ia-bundle-file]");
    IA.data().then(function (data) {
      var found = bundleTool(data);
      if (!found) return;
      box.addEventListener("click", function (event) {
        var button = event.target.closest("[data-ia-action]");
        if (!button) return;
        var action = button.getAttribute("data-ia-action");
        if (action === "bundle-open") {
          input.click();
        } else if (action === "bundle-csv") {
          if (!bundle.length) {
            IA.say(box, "Er is nog niets om te downloaden. Open eerst de evaluaties.");
            return;
          }
          IA.download("evaluaties-" + IA.isoDate(new Date()) + ".csv", bundleCsv(found), "text/csv");
          IA.say(box, "De bundel is gedownload als CSV-bestand.");
        } else if (action === "bundle-clear") {
          bundle = [];
          renderBundle(box, found);
          IA.say(box, "De bundel is leeg.");
        }
      });
      input.addEventListener("change", function () {
        var files = Array.prototype.slice.call(input.files || []);
        Promise.all(files.map(function (file) {
          return IA.readFile(file).then(function (text) {
            return { name: file.name, blocks: evaluationIn(text, file.name, found) };
          }).catch(function (error) {
            return { name: file.name, error: error && error.message ? error.message : "onbekende fout" };
          });
        })).then(function (results) {
          var added = results.filter(function (r) { return !r.error; });
          var refused = results.filter(function (r) { return r.error; });
          bundle = bundle.concat(added);
          renderBundle(box, found);
          var parts = [added.length === 1 ? "1 evaluatie toegevoegd." : added.length + " evaluaties toegevoegd."];
          refused.forEach(function (r) { parts.push("Niet gelezen: " + r.name + ". " + r.error); });
          IA.say(box, parts.join(" "));
          input.value = "";
        });
      });
      renderBundle(box, found);
      box.hidden = false;
      box.setAttribute("data-ia-rendered", "");
    });
  }

  IA.onPage(function () { document.querySelectorAll("[data-ia-bundle]").forEach(bindBundle); });

  /* The coach's workspace (ia-coach.js) shows a duo's week as the dossier does. */
  IA.dossier = { weekView: weekView };

  IA.subscribe(function () { render(); });
  window.addEventListener("resize", function () { document.querySelectorAll("[data-ia-dossier]").forEach(scrollable); });
  IA.onPage(render);
})();
