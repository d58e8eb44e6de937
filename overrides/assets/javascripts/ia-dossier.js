/* The impact dossier (docs/dossier/index.md, container from macros/render/webforms.py): every weekly
 * product and filled worksheet of this device in programme order, printable to PDF, exported and
 * imported as one JSON file with the progress. Import merges (see ia-store.js); second versions
 * of a block are shown next to each other. Shows when the last export was made and reminds after
 * 14 days, because some browsers delete site data after about a week without a visit.
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

  function blockView(label, kind, stored, columns, conflicts, note, earlier) {
    var children = [IA.el("p", { className: "ia-label", text: label })];
    if (note) children.push(IA.el("p", { className: "ia-renamed", text: note }));
    if (!IA.isEmpty(stored.value)) children.push(IA.worksheet.valueNode(kind, stored.value, columns));
    return IA.el("div", { className: "ia-dossier-block" },
      children.concat(versions(kind, conflicts, columns), earlierViews(earlier)));
  }

  /* One filled worksheet: the blocks of the current definition in canvas order, then answers
     from an earlier version under their old label. */
  function sheetView(tool, id, sheet) {
    var section = IA.el("section", { className: "ia-dossier-sheet", "data-ia-dossier-sheet": id });
    var title = tool ? tool.title : id;
    section.appendChild(IA.el("h4", {}, [tool && tool.url ? IA.el("a", { href: IA.url(tool.url), text: title })
      : title]));
    var known = {};
    (tool ? tool.blocks : []).forEach(function (block) {
      known[block.id] = true;
      var stored = sheet.blocks[block.id];
      var conflicts = sheet.conflicts[block.id];
      var earlier = (sheet.earlier || {})[block.id];
      if ((!stored || IA.isEmpty(stored.value)) && !(conflicts || []).length && !(earlier || []).length) return;
      var note = stored && stored.label && stored.label !== block.label ? "Dit blok heette eerder: " + stored.label + "." : "";
      section.appendChild(blockView(block.label, block.kind, stored || { value: "" }, block.columns, conflicts, note, earlier));
    });
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
    var steps = Math.min(IA.stepsDone(week.number, week.step_ids), week.steps || Infinity);
    var product = state.products[String(week.number)];
    var sheets = week.tools.filter(function (t) {
      var tool = data.tools[t];
      var sheet = state.worksheets[t];
      return tool && tool.weeks[0] === week.number && hasAnswers(sheet);
    });
    var productFilled = hasAnswers(product);
    if (!progress.done && !steps && !productFilled && !sheets.length) return null;
    var section = IA.el("section", { className: "ia-dossier-week", "data-ia-dossier-week": week.number });
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
      section.appendChild(sheetView(data.tools[t], t, state.worksheets[t]));
    });
    return section;
  }

  function renderContent(box, data) {
    /* Answers that no longer fit their block move aside first (see IA.reconcileSheet). */
    Object.keys(IA.get().worksheets).forEach(function (t) {
      if (data.tools[t]) IA.reconcileSheet("worksheets", t, data.tools[t].blocks);
    });
    data.weeks.forEach(function (w) { IA.resolveSteps(w.number, w.step_ids); });
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
    data.modules.forEach(function (module) {
      var weeks = data.weeks.filter(function (w) { return w.module === module.number; })
        .map(function (w) { return weekView(data, w, state); }).filter(Boolean);
      if (!weeks.length) return;
      var section = IA.el("section", { className: "ia-dossier-module" }, [
        IA.el("h2", { text: "Module " + module.number + ": " + module.title })].concat(weeks));
      content.appendChild(section);
    });
    var placed = {};
    data.weeks.forEach(function (w) {
      w.tools.forEach(function (t) { if (data.tools[t] && data.tools[t].weeks[0] === w.number) placed[t] = true; });
    });
    var others = Object.keys(state.worksheets).filter(function (t) {
      return !placed[t] && hasAnswers(state.worksheets[t]);
    });
    if (others.length) {
      content.appendChild(IA.el("section", { className: "ia-dossier-module" }, [
        IA.el("h2", { text: "Overige werkbladen" })].concat(others.map(function (t) {
        return sheetView(data.tools[t] || null, t, state.worksheets[t]);
      }))));
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
        box.setAttribute("data-ia-rendered", "");
      }).catch(function () {
        box.querySelector("[data-ia-dossier-content]").textContent =
          "Het overzicht van het programma kon niet laden. Herlaad de pagina.";
      });
    });
  }

  IA.subscribe(function () { render(); });
  IA.onPage(render);
})();
