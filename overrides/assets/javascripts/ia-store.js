/* ImpactAcademie in the browser: storage and shared helpers (window.IA).
 *
 * Everything a duo enters (progress, cohort, worksheets, weekly products) lives in ONE
 * localStorage key of this origin. Nothing is sent anywhere; only files the user exports leave
 * the browser. The stored object carries a schema version; older objects are migrated on load,
 * after a backup copy of the original has been stored under another key.
 *
 * Stored object (schema 1):
 *   { schema: 1, created, updated, lastExport,              ISO timestamps (lastExport may be null)
 *     cohort: null | {id} | {start: "YYYY-MM-DD", breaks: ["YYYY-MM-DD", …]},
 *     weeks: {"3": {done: true, steps: {"1": true, "4": true}}},
 *     worksheets: {"<tool id>": SHEET},  products: {"<week>": SHEET} }
 *   SHEET = { definition: "<hash of the canvas definition when last saved>",
 *             blocks: {"<block id>": BLOCK}, conflicts: {"<block id>": [VERSION, …]} }
 *   BLOCK = { value, label, kind, updated, history: ["<hash of an earlier value>", …] }
 *   VERSION = { value, label, updated, source }      (a second version kept by an import)
 *   value: a string for text, list (one item per line) and number; rows of strings for table.
 *
 * Merge rules (import): see mergeBlock below. A block filled on one side only is taken; when
 * one side's value is an earlier version of the other (its hash is in the other's history), the
 * newer one wins; otherwise the local value stays and the imported one is kept as a conflict
 * VERSION, shown next to the field until the duo chooses. Weeks and steps are done when either
 * side marked them done.
 */
(function () {
  "use strict";

  var KEY = "impactacademie";
  var SCHEMA = 1;
  var FORMAT = "impactacademie";
  var HISTORY_MAX = 100;
  var MONTHS = ["januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus",
    "september", "oktober", "november", "december"];
  var WEEKDAYS = ["zondag", "maandag", "dinsdag", "woensdag", "donderdag", "vrijdag", "zaterdag"];

  /* The site root, from this script's own address (instant navigation keeps it valid). */
  var script = document.currentScript;
  var ROOT = script && script.src
    ? script.src.replace(/assets\/javascripts\/ia-store\.js(?:[?#].*)?$/, "")
    : location.origin + "/";

  var state = null;
  var readOnly = false;     /* the stored data comes from a newer site version: do not overwrite */
  var listeners = [];
  var notice = "";          /* a problem found while loading, shown by the dossier */
  var editing = {};         /* blocks edited since this page loaded or since the last export */
  var persistAsked = false;
  var dataPromise = null;

  /* --- small helpers ------------------------------------------------------------------------ */

  function now() {
    return new Date().toISOString();
  }

  function clone(value) {
    return value === undefined ? undefined : JSON.parse(JSON.stringify(value));
  }

  function emptyState() {
    var time = now();
    return { schema: SCHEMA, created: time, updated: time, lastExport: null, cohort: null,
      weeks: {}, worksheets: {}, products: {} };
  }

  /* FNV-1a over the JSON text: a short fingerprint of a value (not for security). */
  function hash(value) {
    var text = JSON.stringify(value === undefined ? null : value);
    var h = 0x811c9dc5;
    for (var i = 0; i < text.length; i += 1) {
      h ^= text.charCodeAt(i);
      h = Math.imul(h, 0x01000193) >>> 0;
    }
    return ("0000000" + h.toString(16)).slice(-8);
  }

  function isEmpty(value) {
    if (value === undefined || value === null) return true;
    if (Array.isArray(value)) {
      return value.every(function (row) {
        return Array.isArray(row) ? row.every(function (c) { return !String(c).trim(); }) : !String(row).trim();
      });
    }
    return !String(value).trim();
  }

  function sameValue(a, b) {
    return JSON.stringify(a === undefined ? null : a) === JSON.stringify(b === undefined ? null : b);
  }

  /* Tables: trim cells, drop empty rows at the end. Other kinds: the text as typed. */
  function normalize(kind, value) {
    if (kind !== "table") return value === undefined || value === null ? "" : String(value);
    var rows = (Array.isArray(value) ? value : []).map(function (row) {
      return (Array.isArray(row) ? row : []).map(function (cell) { return String(cell || "").trim(); });
    });
    while (rows.length && rows[rows.length - 1].every(function (c) { return !c; })) rows.pop();
    return rows;
  }

  /* --- schema versions ---------------------------------------------------------------------- */

  /* Each migration turns schema N into N + 1. Schema 0 is the unversioned prototype
     {weken: {"1": true}, werkbladen: {"tool": {"block": "text"}}} from the research notes. */
  var MIGRATIONS = {
    0: function (old) {
      var next = emptyState();
      var time = now();
      Object.keys(old.weken || {}).forEach(function (week) {
        if (old.weken[week]) next.weeks[week] = { done: true, steps: {} };
      });
      Object.keys(old.werkbladen || {}).forEach(function (tool) {
        var sheet = { definition: "", blocks: {}, conflicts: {} };
        var blocks = old.werkbladen[tool] || {};
        Object.keys(blocks).forEach(function (id) {
          sheet.blocks[id] = { value: String(blocks[id]), label: id, kind: "text", updated: time, history: [] };
        });
        next.worksheets[tool] = sheet;
      });
      return next;
    }
  };

  function migrate(data) {
    if (!data || typeof data !== "object") return emptyState();
    var version = typeof data.schema === "number" ? data.schema : 0;
    if (version > SCHEMA) {
      throw new Error("newer");
    }
    while (version < SCHEMA) {
      data = MIGRATIONS[version](data);
      version = data.schema;
    }
    ["weeks", "worksheets", "products"].forEach(function (key) {
      if (!data[key] || typeof data[key] !== "object") data[key] = {};
    });
    return data;
  }

  /* --- loading and saving ------------------------------------------------------------------- */

  function backup(raw, why) {
    try {
      localStorage.setItem(KEY + ":reservekopie:" + why + ":" + now(), raw);
    } catch { /* storage full: the original stays under KEY anyway */ }
  }

  function load() {
    var raw = null;
    try {
      raw = localStorage.getItem(KEY);
    } catch {
      notice = "Deze browser laat de site niets bewaren. Jullie antwoorden blijven alleen staan tot je de pagina sluit.";
    }
    if (!raw) return emptyState();
    var parsed;
    try {
      parsed = JSON.parse(raw);
    } catch {
      backup(raw, "onleesbaar");
      notice = "De bewaarde gegevens waren beschadigd. Er staat een reservekopie in de browser; het dossier begint opnieuw.";
      return emptyState();
    }
    var version = typeof parsed.schema === "number" ? parsed.schema : 0;
    try {
      var migrated = migrate(parsed);
      if (version !== SCHEMA) backup(raw, "schema-" + version);
      return migrated;
    } catch {
      notice = "Deze gegevens komen van een nieuwere versie van de site. Herlaad de pagina.";
      readOnly = true;
      return emptyState();
    }
  }

  function get() {
    if (!state) state = load();
    return state;
  }

  function notify(source) {
    listeners.slice().forEach(function (listener) {
      try {
        listener(state, source || "");
      } catch (error) {
        if (window.console) console.error(error);
      }
    });
  }

  function save(source) {
    if (readOnly) return false;
    state.updated = now();
    try {
      localStorage.setItem(KEY, JSON.stringify(state));
    } catch {
      notice = "Bewaren lukte niet: de opslag van de browser is vol. Exporteer jullie dossier.";
      notify(source);
      return false;
    }
    askPersist();
    notify(source);
    return true;
  }

  /* Change the state in `change(state)` and save; `source` tells listeners who changed it. */
  function update(change, source) {
    get();
    var result = change(state);
    save(source);
    return result;
  }

  function subscribe(listener) {
    listeners.push(listener);
  }

  /* Ask once per page load that the browser keeps this site's data (Chromium may grant it). */
  function askPersist() {
    if (persistAsked || !navigator.storage || !navigator.storage.persist) return;
    persistAsked = true;
    navigator.storage.persist().catch(function () { return false; });
  }

  function persisted() {
    if (!navigator.storage || !navigator.storage.persisted) return Promise.resolve(false);
    return navigator.storage.persisted().catch(function () { return false; });
  }

  function clearAll() {
    state = emptyState();
    editing = {};
    try {
      localStorage.removeItem(KEY);
    } catch { /* nothing stored */ }
    notify("clear");
  }

  /* Another tab changed the data: read it again. */
  window.addEventListener("storage", function (event) {
    if (event.key !== KEY && event.key !== null) return;
    state = null;
    get();
    notify("other-tab");
  });

  /* --- worksheets (also used for the weekly products) --------------------------------------- */

  function sheetOf(group, id, create) {
    var all = get()[group];
    if (!all[id] && create) all[id] = { definition: "", blocks: {}, conflicts: {} };
    var sheet = all[id];
    if (sheet) {
      sheet.blocks = sheet.blocks || {};
      sheet.conflicts = sheet.conflicts || {};
    }
    return sheet || null;
  }

  function remember(block, value) {
    var h = hash(value);
    block.history = (block.history || []).filter(function (x) { return x !== h; });
    block.history.push(h);
    if (block.history.length > HISTORY_MAX) block.history = block.history.slice(-HISTORY_MAX);
  }

  /* Set one block of a sheet (in memory; call save()). Returns true when something changed.
     The first change in an editing session records the earlier value's hash, so a later import
     knows that value is older than this one. */
  function setBlock(group, id, definition, blockId, value, meta) {
    value = normalize(meta.kind, value);
    var sheet = sheetOf(group, id, !isEmpty(value));
    if (!sheet) return false;
    if (definition) sheet.definition = definition;
    var block = sheet.blocks[blockId];
    if (!block) {
      if (isEmpty(value)) return false;
      sheet.blocks[blockId] = { value: value, label: meta.label, kind: meta.kind, updated: now(), history: [] };
      editing[group + "/" + id + "/" + blockId] = true;
      return true;
    }
    if (sameValue(block.value, value)) return false;
    var session = group + "/" + id + "/" + blockId;
    if (!editing[session] && !isEmpty(block.value)) remember(block, block.value);
    editing[session] = true;
    block.value = value;
    block.label = meta.label;
    block.kind = meta.kind;
    block.updated = now();
    return true;
  }

  /* Mark every current value as sent: the next edit starts a new session, so a file that goes
     back and forth between the two duo members is recognised as an earlier version. */
  function markExported(data) {
    ["worksheets", "products"].forEach(function (group) {
      Object.keys(data[group] || {}).forEach(function (id) {
        var blocks = data[group][id].blocks || {};
        Object.keys(blocks).forEach(function (blockId) {
          if (!isEmpty(blocks[blockId].value)) remember(blocks[blockId], blocks[blockId].value);
        });
      });
    });
    editing = {};
  }

  /* --- merging an import -------------------------------------------------------------------- */

  function addVersion(sheet, blockId, version) {
    var list = sheet.conflicts[blockId] = sheet.conflicts[blockId] || [];
    var known = list.some(function (v) { return sameValue(v.value, version.value); });
    if (known) return false;
    list.push(version);
    return true;
  }

  function mergeBlock(sheet, blockId, incoming, source, report) {
    var local = sheet.blocks[blockId];
    if (!incoming || isEmpty(incoming.value)) return;
    if (!local || (isEmpty(local.value) && (local.history || []).indexOf(hash(incoming.value)) < 0)) {
      sheet.blocks[blockId] = clone(incoming);
      report.taken += 1;
      return;
    }
    if (sameValue(local.value, incoming.value)) {
      (incoming.history || []).forEach(function (h) {
        if ((local.history || []).indexOf(h) < 0) (local.history = local.history || []).push(h);
      });
      return;
    }
    var localHistory = local.history || [];
    var incomingHistory = incoming.history || [];
    var incomingIsOlder = localHistory.indexOf(hash(incoming.value)) >= 0;
    var localIsOlder = incomingHistory.indexOf(hash(local.value)) >= 0;
    if (incomingIsOlder && !localIsOlder) return;
    if (localIsOlder && !incomingIsOlder) {
      var merged = clone(incoming);
      localHistory.forEach(function (h) {
        if (merged.history.indexOf(h) < 0) merged.history.push(h);
      });
      sheet.blocks[blockId] = merged;
      report.taken += 1;
      return;
    }
    if (addVersion(sheet, blockId, { value: clone(incoming.value), label: incoming.label,
      updated: incoming.updated, source: source })) {
      report.conflicts += 1;
    }
  }

  function mergeSheet(group, id, incoming, source, report) {
    if (!incoming) return;
    var all = get()[group];
    if (!all[id]) {
      all[id] = clone(incoming);
      all[id].blocks = all[id].blocks || {};
      all[id].conflicts = all[id].conflicts || {};
      report.taken += Object.keys(all[id].blocks).filter(function (b) {
        return !isEmpty(all[id].blocks[b].value);
      }).length;
      return;
    }
    var sheet = sheetOf(group, id, true);
    if (!sheet.definition) sheet.definition = incoming.definition || "";
    Object.keys(incoming.blocks || {}).forEach(function (blockId) {
      mergeBlock(sheet, blockId, incoming.blocks[blockId], source, report);
    });
    Object.keys(incoming.conflicts || {}).forEach(function (blockId) {
      (incoming.conflicts[blockId] || []).forEach(function (version) {
        var current = sheet.blocks[blockId];
        if (current && sameValue(current.value, version.value)) return;
        if (addVersion(sheet, blockId, clone(version))) report.conflicts += 1;
      });
    });
  }

  /* Merge a whole stored object (from a dossier file) into this device's data. */
  function mergeState(incoming, source) {
    var report = { taken: 0, conflicts: 0, weeks: 0 };
    var local = get();
    if (!local.cohort && incoming.cohort) local.cohort = clone(incoming.cohort);
    Object.keys(incoming.weeks || {}).forEach(function (week) {
      var theirs = incoming.weeks[week] || {};
      var mine = local.weeks[week] = local.weeks[week] || { done: false, steps: {} };
      mine.steps = mine.steps || {};
      if (theirs.done && !mine.done) {
        mine.done = true;
        report.weeks += 1;
      }
      Object.keys(theirs.steps || {}).forEach(function (step) {
        if (theirs.steps[step]) mine.steps[step] = true;
      });
    });
    ["worksheets", "products"].forEach(function (group) {
      Object.keys(incoming[group] || {}).forEach(function (id) {
        mergeSheet(group, id, incoming[group][id], source, report);
      });
    });
    return report;
  }

  /* --- files ------------------------------------------------------------------------------- */

  function envelope(kind, extra) {
    var file = { format: FORMAT, kind: kind, schema: SCHEMA, exported: now(), site: ROOT };
    Object.keys(extra).forEach(function (key) { file[key] = extra[key]; });
    return file;
  }

  /* The whole dossier and progress as one file. Also records the export time. */
  function exportDossier() {
    var data = get();
    markExported(data);
    data.lastExport = now();
    save("export");
    return JSON.stringify(envelope("dossier", { data: clone(data) }), null, 1);
  }

  function exportSheet(group, id, info) {
    var sheet = sheetOf(group, id, false) || { definition: info.definition, blocks: {}, conflicts: {} };
    markExported({ worksheets: { x: sheet } });
    save("export");
    return JSON.stringify(envelope("werkblad", { group: group, id: id, title: info.title,
      definition: info.definition, sheet: clone(sheet) }), null, 1);
  }

  /* Read an exported file (any schema we know). Returns {kind, data|sheet, …} or throws an Error
     with a Dutch message. */
  function parseFile(text) {
    var file;
    try {
      file = JSON.parse(text);
    } catch {
      throw new Error("Dit bestand is geen JSON-bestand van de ImpactAcademie.");
    }
    if (!file || file.format !== FORMAT) {
      throw new Error("Dit bestand komt niet van de ImpactAcademie-site.");
    }
    if (typeof file.schema === "number" && file.schema > SCHEMA) {
      throw new Error("Dit bestand komt van een nieuwere versie van de site. Herlaad de pagina en probeer het opnieuw.");
    }
    if (file.kind === "dossier") {
      file.data = migrate(file.data);
    }
    return file;
  }

  function download(name, text, type) {
    var blob = new Blob([text], { type: type + ";charset=utf-8" });
    var url = URL.createObjectURL(blob);
    var link = document.createElement("a");
    link.href = url;
    link.download = name;
    link.hidden = true;
    document.body.appendChild(link);
    link.click();
    setTimeout(function () {
      URL.revokeObjectURL(url);
      link.remove();
    }, 1000);
  }

  function readFile(file) {
    if (file.text) return file.text();
    return new Promise(function (resolve, reject) {
      var reader = new FileReader();
      reader.onload = function () { resolve(String(reader.result)); };
      reader.onerror = function () { reject(reader.error); };
      reader.readAsText(file, "utf-8");
    });
  }

  /* --- Markdown ------------------------------------------------------------------------------ */

  function escapeLine(line) {
    return /^\s*(#|\\#)/.test(line) ? line.replace(/^(\s*)/, "$1\\") : line;
  }

  function mdCell(text) {
    return String(text).replace(/\\/g, "\\\\").replace(/\|/g, "\\|").replace(/\n/g, " ");
  }

  /* One block value as Markdown. */
  function valueToMarkdown(kind, value, columns) {
    if (isEmpty(value)) return "";
    if (kind === "table") {
      var rows = Array.isArray(value) ? value : [];
      var width = Math.max((columns || []).length, rows.reduce(function (n, r) { return Math.max(n, r.length); }, 0));
      var head = [];
      for (var i = 0; i < width; i += 1) head.push(mdCell((columns || [])[i] || "Kolom " + (i + 1)));
      var out = ["| " + head.join(" | ") + " |", "|" + head.map(function () { return "---|"; }).join("")];
      rows.forEach(function (row) {
        var cells = [];
        for (var j = 0; j < width; j += 1) cells.push(mdCell(row[j] || ""));
        out.push("| " + cells.join(" | ") + " |");
      });
      return out.join("\n");
    }
    if (kind === "list") {
      return String(value).split("\n").filter(function (l) { return l.trim(); })
        .map(function (l) { return "- " + l.trim(); }).join("\n");
    }
    return String(value).split("\n").map(escapeLine).join("\n");
  }

  /* A worksheet as Markdown: `## label` per block; blocks from an earlier version and second
     versions from an import follow, so nothing is lost in the file. */
  function sheetToMarkdown(title, id, definition, blocks, sheet, level) {
    var h = level || 1;
    var hashes = new Array(h + 1).join("#");
    var lines = [hashes + " " + title, "", "<!-- impactacademie werkblad: " + id +
      (definition ? ", versie " + definition : "") + " -->", ""];
    var known = {};
    sheet = sheet || { blocks: {}, conflicts: {} };
    blocks.forEach(function (b) {
      known[b.id] = true;
      var stored = (sheet.blocks || {})[b.id];
      lines.push(hashes + "# " + b.label, "");
      var text = stored ? valueToMarkdown(b.kind, stored.value, b.columns) : "";
      if (text) lines.push(text, "");
      ((sheet.conflicts || {})[b.id] || []).forEach(function (v) {
        lines.push("*Tweede versie (" + (v.source || "import") + "):*", "");
        lines.push(valueToMarkdown(b.kind, v.value, b.columns), "");
      });
    });
    Object.keys(sheet.blocks || {}).forEach(function (blockId) {
      if (known[blockId]) return;
      var old = sheet.blocks[blockId];
      if (isEmpty(old.value)) return;
      lines.push(hashes + "# " + old.label + " (eerdere versie)", "");
      lines.push(valueToMarkdown(old.kind, old.value, null), "");
    });
    return lines.join("\n").replace(/\n{3,}/g, "\n\n").trim() + "\n";
  }

  function splitRow(line) {
    var body = line.trim().replace(/^\|/, "").replace(/\|$/, "");
    var cells = [];
    var current = "";
    for (var i = 0; i < body.length; i += 1) {
      var ch = body[i];
      if (ch === "\\" && i + 1 < body.length) {
        current += body[i + 1];
        i += 1;
      } else if (ch === "|") {
        cells.push(current.trim());
        current = "";
      } else {
        current += ch;
      }
    }
    cells.push(current.trim());
    return cells;
  }

  function markdownToValue(kind, text) {
    var lines = text.split("\n");
    if (kind === "table") {
      var rows = lines.filter(function (l) { return /^\s*\|/.test(l); });
      rows = rows.filter(function (l) { return !/^\s*\|?\s*:?-{3,}/.test(l); }).slice(1);
      return rows.map(splitRow);
    }
    if (kind === "list") {
      return lines.filter(function (l) { return l.trim(); })
        .map(function (l) { return l.replace(/^\s*[-*+]\s+/, "").trim(); }).join("\n");
    }
    return lines.map(function (l) { return l.replace(/^(\s*)\\(#)/, "$1$2"); }).join("\n").trim();
  }

  /* Read a worksheet exported as Markdown: returns {id, values: {blockId: value}, unknown: [{label, value}]}.
     Headings are matched to blocks by their label (then by an earlier stored label). */
  function markdownToSheet(text, blocks, oldLabels) {
    text = text.replace(/\r\n?/g, "\n");
    var idMatch = text.match(/<!--\s*impactacademie werkblad:\s*([a-z0-9-]+)/);
    var sections = [];
    var current = null;
    var level = null;
    text.split("\n").forEach(function (line) {
      var heading = line.match(/^(#{1,6})\s+(.*?)\s*$/);
      if (heading && (level === null || heading[1].length <= level) && heading[1].length >= 2) {
        level = level === null ? heading[1].length : level;
        if (heading[1].length === level) {
          current = { label: heading[2], lines: [] };
          sections.push(current);
          return;
        }
      }
      if (current) current.lines.push(line);
    });
    var byLabel = {};
    blocks.forEach(function (b) { byLabel[b.label.toLowerCase()] = b; });
    Object.keys(oldLabels || {}).forEach(function (label) {
      var b = blocks.filter(function (x) { return x.id === oldLabels[label]; })[0];
      if (b && !byLabel[label.toLowerCase()]) byLabel[label.toLowerCase()] = b;
    });
    var values = {};
    var unknown = [];
    sections.forEach(function (section) {
      var body = section.lines.join("\n");
      var second = body.search(/^\*Tweede versie/m);
      if (second >= 0) body = body.slice(0, second);
      var label = section.label.replace(/\s*\(eerdere versie\)$/, "");
      var block = byLabel[label.toLowerCase()];
      if (block) {
        values[block.id] = markdownToValue(block.kind, body.trim());
      } else if (body.trim()) {
        unknown.push({ label: label, value: body.trim() });
      }
    });
    return { id: idMatch ? idMatch[1] : null, values: values, unknown: unknown };
  }

  /* --- dates (Dutch, local time) -------------------------------------------------------------- */

  function parseDate(text) {
    var m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(String(text || ""));
    if (!m) return null;
    var d = new Date(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
    return isNaN(d.getTime()) ? null : d;
  }

  function isoDate(date) {
    var m = date.getMonth() + 1;
    var d = date.getDate();
    return date.getFullYear() + "-" + (m < 10 ? "0" : "") + m + "-" + (d < 10 ? "0" : "") + d;
  }

  function addDays(date, days) {
    return new Date(date.getFullYear(), date.getMonth(), date.getDate() + days);
  }

  function mondayOf(date) {
    return addDays(date, -((date.getDay() + 6) % 7));
  }

  /* `1 juli 2021`, or `donderdag 1 juli 2021` (the twin of macros/calendar_dates.dutch_date). */
  function dutchDate(date, weekday) {
    var text = date.getDate() + " " + MONTHS[date.getMonth()] + " " + date.getFullYear();
    return weekday ? WEEKDAYS[date.getDay()] + " " + text : text;
  }

  function dutchTime(iso) {
    var d = new Date(iso);
    var mm = d.getMinutes();
    return dutchDate(d) + " om " + d.getHours() + ":" + (mm < 10 ? "0" : "") + mm + " uur";
  }

  /* --- page helpers -------------------------------------------------------------------------- */

  /* The same data as a script (assets/ia-programme.js): pages opened from the file system (the
     offline site) cannot fetch, but they can load a script. */
  function loadScript() {
    return new Promise(function (resolve, reject) {
      var tag = document.createElement("script");
      tag.src = ROOT + "assets/ia-programme.js";
      tag.onload = function () {
        if (window.IA_PROGRAMME) resolve(window.IA_PROGRAMME);
        else reject(new Error("no data"));
      };
      tag.onerror = function () { reject(new Error("no data")); };
      document.head.appendChild(tag);
    });
  }

  /* The programme (weeks, tools, cohorts …) that the build wrote to assets/ia-programme.json. */
  function programme() {
    if (window.IA_PROGRAMME) return Promise.resolve(window.IA_PROGRAMME);
    if (!dataPromise) {
      var loading = location.protocol === "file:" ? loadScript()
        : fetch(ROOT + "assets/ia-programme.json", { credentials: "same-origin" })
          .then(function (response) {
            if (!response.ok) throw new Error(String(response.status));
            return response.json();
          })
          .catch(loadScript);
      dataPromise = loading.catch(function (error) {
        dataPromise = null;
        throw error;
      });
    }
    return dataPromise;
  }

  function siteUrl(path) {
    return ROOT + (path || "");
  }

  /* Announce a status change in the live region of `box` (empty first, so a repeat is read too). */
  function say(box, text) {
    var region = box && (box.matches && box.matches("[data-ia-status]") ? box : box.querySelector("[data-ia-status]"));
    if (!region) return;
    region.textContent = "";
    setTimeout(function () { region.textContent = text; }, 50);
  }

  function el(tag, attrs, children) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (key) {
      if (key === "text") node.textContent = attrs[key];
      else if (key === "className") node.className = attrs[key];
      else if (attrs[key] !== null && attrs[key] !== undefined && attrs[key] !== false) node.setAttribute(key, attrs[key]);
    });
    (children || []).forEach(function (child) {
      if (child === null || child === undefined) return;
      node.appendChild(typeof child === "string" ? document.createTextNode(child) : child);
    });
    return node;
  }

  /* Run `setup` now and after every page swap of Material's instant navigation. */
  function onPage(setup) {
    function run() {
      try {
        setup();
      } catch (error) {
        if (window.console) console.error(error);
      }
    }
    if (typeof window.document$ !== "undefined" && window.document$.subscribe) {
      window.document$.subscribe(run);
    } else if (document.readyState === "loading") {
      document.addEventListener("DOMContentLoaded", run);
    } else {
      run();
    }
  }

  window.IA = {
    SCHEMA: SCHEMA, KEY: KEY, ROOT: ROOT,
    get: get, save: save, update: update, subscribe: subscribe, clearAll: clearAll,
    persisted: persisted, askPersist: askPersist,
    notice: function () { return notice; },
    hash: hash, isEmpty: isEmpty, sameValue: sameValue, normalize: normalize, clone: clone, migrate: migrate,
    sheetOf: sheetOf, setBlock: setBlock, mergeState: mergeState, mergeSheet: mergeSheet,
    exportDossier: exportDossier, exportSheet: exportSheet, parseFile: parseFile,
    download: download, readFile: readFile,
    valueToMarkdown: valueToMarkdown, sheetToMarkdown: sheetToMarkdown, markdownToSheet: markdownToSheet,
    parseDate: parseDate, isoDate: isoDate, addDays: addDays, mondayOf: mondayOf,
    dutchDate: dutchDate, dutchTime: dutchTime,
    data: programme, url: siteUrl, say: say, el: el, onPage: onPage
  };
})();
