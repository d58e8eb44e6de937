/* ImpactAcademie in the browser: storage and shared helpers (window.IA).
 *
 * Everything a duo enters (progress, cohort, worksheets, weekly products) lives in ONE
 * localStorage key of this origin. Nothing is sent anywhere; only files the user exports leave
 * the browser. The stored object carries a schema version; older objects are migrated on load,
 * after a backup copy of the original has been stored under ONE fixed key per reason
 * (`impactacademie:reservekopie:schema-1`, `…:onleesbaar`, `…:ongeldig`), written once: page
 * loads never add keys (a different unreadable original gets `…:onleesbaar-<hash>`). When a
 * backup cannot be written, the original is not overwritten.
 *
 * Stored object (schema 2):
 *   { schema: 2, created, updated, lastExport,              ISO timestamps (lastExport may be null)
 *     cohort: null | {id} | {start: "YYYY-MM-DD" | "", breaks: ["YYYY-MM-DD", …]},
 *     weeks: {"3": {done: true, steps: {"s-1a2b3c4d": true}, oldSteps: {"4": true}}},
 *     worksheets: {"<tool id>": SHEET},  products: {"<week>": SHEET} }
 *   steps are keyed by the step's id (data-ia-step-ids of the week panel, step_ids in
 *   assets/ia-programme.json: a hash of the step's text, so inserting a step moves no tick).
 *   oldSteps: ticks of schema 1, keyed by step number, until a page that knows the step ids maps
 *   them (resolveSteps); a number without a step stays there.
 *   SHEET = { definition: "<hash of the canvas definition when last saved>",
 *             blocks: {"<block id>": BLOCK}, conflicts: {"<block id>": [VERSION, …]},
 *             earlier: {"<block id>": [EARLIER, …]} }
 *   BLOCK = { value, label, kind, columns (tables), updated, history: ["<hash of an earlier value>", …] }
 *   VERSION = { value, label, kind, columns, updated, source }  (a second version kept by an import)
 *   EARLIER = { value, label, kind, columns, updated, source }  (an answer for an earlier form of
 *             the block: another kind or other table columns; shown as "eerdere antwoorden" next
 *             to the field until the duo removes it)
 *   value: a string for text, list (one item per line) and number (one line, as typed: "1.250,50",
 *   "€ 1.250", "12,5%"; the calculating form, ia-calc.js, reads it the Dutch way and shows a message
 *   next to the field when it is no number; before issue 14 it was "" or a number with a dot);
 *   rows of strings for table.
 *   Tool and block ids follow the site's id pattern (macros/model/schema.py Slug); weeks are numbers.
 *
 * Imports are untrusted: parseFile checks a whole file (format, schema, known groups, ids, every
 * value against its kind, sizes) before anything changes, and names what is wrong in Dutch.
 * importFile merges into a COPY of the state and swaps it in only after the copy was written.
 *
 * Merge rules (import): see mergeBlock below. A block filled on one side only is taken; when
 * one side's value is an earlier version of the other (its hash is in the other's history), the
 * newer one wins; otherwise the local value stays and the imported one is kept as a conflict
 * VERSION, shown next to the field until the duo chooses. A value of another kind (or other
 * table columns) is kept as EARLIER. Weeks and steps are done when either side marked them done.
 *
 * Writes: save() returns false when the browser refuses (quota, private mode, blocked storage);
 * saveProblem() then holds a Dutch message, listeners hear "storage-error", and every page shows
 * it with a "Bewaar als bestand" button (the dossier export). Runs in Node too (tests/js/).
 */
(function () {
  "use strict";

  var KEY = "impactacademie";
  var SCHEMA = 2;
  var FORMAT = "impactacademie";
  var HISTORY_MAX = 100;
  var GROUPS = ["worksheets", "products"];
  var KINDS = ["text", "list", "number", "table"];
  var ID = /^[a-z0-9]+(-[a-z0-9]+)*$/;           /* tool and block ids: macros/model/schema.py Slug */
  var WEEK = /^[1-9][0-9]{0,2}$/;
  var STEP_ID = /^s-[0-9a-f]{8}(-[1-9][0-9]?)?$/;
  var HASH = /^[0-9a-f]{8}$/;
  var DATE = /^\d{4}-\d{2}-\d{2}$/;
  var LIMITS = { file: 20 * 1024 * 1024, text: 200000, label: 2000, rows: 2000, cells: 100, versions: 100 };
  var STATE_KEYS = ["schema", "created", "updated", "lastExport", "cohort", "weeks", "worksheets", "products"];
  var MONTHS = ["januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus",
    "september", "oktober", "november", "december"];
  var WEEKDAYS = ["zondag", "maandag", "dinsdag", "woensdag", "donderdag", "vrijdag", "zaterdag"];
  var NEWER = "Dit bestand komt van een nieuwere versie van de site. Herlaad de pagina en probeer het opnieuw.";
  var SAVE_TO_FILE = "Klik op \u201cBewaar als bestand\u201d en bewaar het bestand op een veilige plek.";

  /* The site root, from this script's own address (instant navigation keeps it valid). */
  var script = document.currentScript;
  var ROOT = script && script.src
    ? script.src.replace(/assets\/javascripts\/ia-store\.js(?:[?#].*)?$/, "")
    : location.origin + "/";

  var state = null;
  var readOnly = false;     /* the stored data comes from a newer site version: do not overwrite */
  var guarded = "";         /* the stored original has no backup: do not overwrite it (the reason) */
  var listeners = [];
  var notice = "";          /* a problem found while loading, shown by the dossier */
  var problem = "";         /* the last write failed: why, in Dutch ("" when the last write worked) */
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

  function has(object, key) {
    return Object.prototype.hasOwnProperty.call(object, key);
  }

  function isObject(value) {
    return value !== null && typeof value === "object" && !Array.isArray(value);
  }

  function emptyState() {
    var time = now();
    return { schema: SCHEMA, created: time, updated: time, lastExport: null, cohort: null,
      weeks: {}, worksheets: {}, products: {} };
  }

  function emptySheet() {
    return { definition: "", blocks: {}, conflicts: {}, earlier: {} };
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

  /* --- checking untrusted data (files, and the stored object itself) ----------------------- */

  /* A problem that people read: Dutch, names what is wrong. Other errors are bugs. */
  function Refusal(message) {
    var error = new Error(message);
    error.iaRefusal = true;
    return error;
  }

  /* Data from a newer version of the site: a file is refused, stored data is left alone. */
  function Newer() {
    var error = Refusal(NEWER);
    error.iaNewer = true;
    return error;
  }

  function show(text) {
    text = String(text);
    return "\u201c" + (text.length > 60 ? text.slice(0, 60) + "\u2026" : text) + "\u201d";
  }

  function sheetName(group, id) {
    return group === "products" ? "Het weekproduct van week " + id : "Werkblad " + show(id);
  }

  /* A name that objects already have (constructor, __proto__ …) is never an id. */
  function validName(pattern, name) {
    return pattern.test(name) && !(name in Object.prototype) && name !== "prototype";
  }

  function checkId(group, id, where) {
    var pattern = group === "products" ? WEEK : ID;
    if (!validName(pattern, id)) {
      throw Refusal(where + show(id) + (group === "products" ? " is geen weeknummer." :
        " is geen geldige naam van een werkblad."));
    }
  }

  function checkText(value, where, limit) {
    if (typeof value !== "string") throw Refusal(where + ": dit moet tekst zijn.");
    if (value.length > (limit || LIMITS.text)) {
      throw Refusal(where + ": het antwoord is te lang (meer dan " + (limit || LIMITS.text).toLocaleString("nl-NL") + " tekens).");
    }
    return value;
  }

  function optionalText(value, where, limit) {
    return value === undefined || value === null ? "" : checkText(value, where, limit || LIMITS.label);
  }

  /* A value normalised to the kind of its block, or a Refusal naming the block. */
  function checkValue(kind, value, where) {
    if (kind === "table") {
      if (!Array.isArray(value)) throw Refusal(where + ": dit moet een tabel zijn (rijen met cellen).");
      if (value.length > LIMITS.rows) throw Refusal(where + ": de tabel heeft te veel rijen.");
      var total = 0;
      return normalize("table", value.map(function (row) {
        if (!Array.isArray(row)) throw Refusal(where + ": elke rij van de tabel moet een lijst met cellen zijn.");
        if (row.length > LIMITS.cells) throw Refusal(where + ": een rij van de tabel heeft te veel cellen.");
        return row.map(function (cell) {
          if (typeof cell === "number" && isFinite(cell)) cell = String(cell);
          if (cell === null) cell = "";
          total += checkText(cell, where).length;
          if (total > LIMITS.text) throw Refusal(where + ": het antwoord is te lang.");
          return cell;
        });
      }));
    }
    if (typeof value === "number" && isFinite(value)) value = String(value);
    if (value === null || value === undefined) value = "";
    checkText(value, where);
    if (kind === "number") {
      /* kept as typed (12,5 stays 12,5): the form shows a message when it is no number. Text of
         more than one line was never typed into a number field. */
      if (/[\r\n]/.test(value)) {
        throw Refusal(where + ": dit is geen getal (het is tekst van meer dan één regel).");
      }
      return value.trim();
    }
    return value;
  }

  function checkKind(kind, where) {
    if (KINDS.indexOf(kind) < 0) throw Refusal(where + ": onbekende soort blok " + show(kind) + ".");
    return kind;
  }

  function checkColumns(columns, where) {
    if (columns === undefined || columns === null) return null;
    if (!Array.isArray(columns) || columns.length > LIMITS.cells) throw Refusal(where + ": de kolommen kloppen niet.");
    return columns.map(function (c) { return checkText(c, where, LIMITS.label); });
  }

  /* The kind of a value when a file does not say it (second versions before schema 2). */
  function kindOf(value) {
    return Array.isArray(value) ? "table" : "text";
  }

  function checkAnswer(raw, where, fallbackKind, withHistory) {
    if (!isObject(raw)) throw Refusal(where + ": dit antwoord klopt niet.");
    var kind = checkKind(raw.kind === undefined ? fallbackKind || kindOf(raw.value) : raw.kind, where);
    var answer = { value: checkValue(kind, raw.value, where), label: optionalText(raw.label, where), kind: kind,
      updated: optionalText(raw.updated, where, 100) };
    var columns = checkColumns(raw.columns, where);
    if (columns && kind === "table") answer.columns = columns;
    if (withHistory) {
      var history = raw.history === undefined ? [] : raw.history;
      if (!Array.isArray(history) || !history.every(function (h) { return typeof h === "string" && HASH.test(h); })) {
        throw Refusal(where + ": de geschiedenis van dit antwoord klopt niet.");
      }
      answer.history = history.slice(-HISTORY_MAX);
    } else {
      answer.source = optionalText(raw.source, where);
    }
    return answer;
  }

  function checkList(raw, where, fallbackKind) {
    if (!Array.isArray(raw)) throw Refusal(where + ": dit moet een lijst met versies zijn.");
    if (raw.length > LIMITS.versions) throw Refusal(where + ": te veel versies.");
    return raw.map(function (v) { return checkAnswer(v, where, fallbackKind, false); });
  }

  /* A whole sheet, checked and copied. */
  function checkSheet(group, id, raw) {
    var name = sheetName(group, id);
    if (!isObject(raw)) throw Refusal(name + ": de inhoud klopt niet.");
    var sheet = emptySheet();
    sheet.definition = optionalText(raw.definition, name, 100);
    ["blocks", "conflicts", "earlier"].forEach(function (part) {
      var items = raw[part] === undefined ? {} : raw[part];
      if (!isObject(items)) throw Refusal(name + ": de blokken kloppen niet.");
      Object.keys(items).forEach(function (blockId) {
        if (!validName(ID, blockId)) throw Refusal(name + ": " + show(blockId) + " is geen geldige naam van een blok.");
      });
    });
    Object.keys(raw.blocks || {}).forEach(function (blockId) {
      sheet.blocks[blockId] = checkAnswer(raw.blocks[blockId], name + ", blok " + show(blockId), null, true);
    });
    ["conflicts", "earlier"].forEach(function (part) {
      Object.keys(raw[part] || {}).forEach(function (blockId) {
        /* a version without a kind (before schema 2) has the kind of its value; one that does
           not fit its block is moved aside later (setAside), never refused */
        var list = checkList(raw[part][blockId], name + ", blok " + show(blockId), null);
        if (list.length) sheet[part][blockId] = list;
      });
    });
    return sheet;
  }

  function checkFlag(value, where) {
    if (value === undefined) return false;
    if (typeof value !== "boolean") throw Refusal(where + " moet aan of uit staan.");
    return value;
  }

  function checkWeek(number, raw, version) {
    var where = "Week " + number;
    if (!isObject(raw)) throw Refusal(where + ": de voortgang klopt niet.");
    var week = { done: checkFlag(raw.done, where + ": klaar"), steps: {} };
    var old = {};
    [["steps", raw.steps], ["oldSteps", raw.oldSteps]].forEach(function (pair) {
      var items = pair[1] === undefined ? {} : pair[1];
      if (!isObject(items)) throw Refusal(where + ": de stappen kloppen niet.");
      Object.keys(items).forEach(function (step) {
        var numbered = WEEK.test(step);
        var valid = pair[0] === "oldSteps" || version < 2 ? numbered : numbered || STEP_ID.test(step);
        if (!valid) throw Refusal(where + ": " + show(step) + " is geen stap.");
        if (!checkFlag(items[step], where + ": stap " + show(step))) return;
        if (numbered) old[step] = true;     /* a step number: kept until the step ids are known */
        else week.steps[step] = true;
      });
    });
    if (Object.keys(old).length) week.oldSteps = old;
    return week;
  }

  function checkCohort(raw) {
    if (raw === null || raw === undefined) return null;
    var where = "Het cohort";
    if (!isObject(raw)) throw Refusal(where + " klopt niet.");
    if (raw.id !== undefined) {
      if (typeof raw.id !== "string" || !validName(ID, raw.id)) throw Refusal(where + ": " + show(raw.id) + " is geen cohort.");
      return { id: raw.id };
    }
    var start = raw.start === undefined ? "" : raw.start;
    if (typeof start !== "string" || (start && !DATE.test(start))) {
      throw Refusal(where + ": de startdatum " + show(start) + " is geen datum.");
    }
    var breaks = raw.breaks === undefined ? [] : raw.breaks;
    if (!Array.isArray(breaks) || !breaks.every(function (d) { return typeof d === "string" && DATE.test(d); })) {
      throw Refusal(where + ": de pauzeweken kloppen niet.");
    }
    return { start: start, breaks: breaks.slice() };
  }

  function checkTime(value, where) {
    if (value === undefined || value === null) return null;
    return checkText(value, where, 100);
  }

  /* Schema 0 (the unversioned prototype {weken: {"1": true}, werkbladen: {"tool": {"block": "text"}}}
     from the research notes) as a schema-1 object, checked first. */
  function fromSchema0(old) {
    var next = { schema: 1, weeks: {}, worksheets: {}, products: {}, cohort: null, lastExport: null };
    var time = now();
    var weken = old.weken === undefined ? {} : old.weken;
    var werkbladen = old.werkbladen === undefined ? {} : old.werkbladen;
    if (!isObject(weken) || !isObject(werkbladen)) throw Refusal("De oude gegevens kloppen niet.");
    Object.keys(old).forEach(function (key) {
      if (key !== "weken" && key !== "werkbladen" && key !== "schema") throw Refusal("Onbekend onderdeel " + show(key) + ".");
    });
    Object.keys(weken).forEach(function (week) {
      checkId("products", week, "Week ");
      if (checkFlag(weken[week], "Week " + week)) next.weeks[week] = { done: true, steps: {} };
    });
    Object.keys(werkbladen).forEach(function (tool) {
      checkId("worksheets", tool, "");
      var blocks = werkbladen[tool];
      if (!isObject(blocks)) throw Refusal(sheetName("worksheets", tool) + ": de inhoud klopt niet.");
      var sheet = emptySheet();
      Object.keys(blocks).forEach(function (id) {
        if (!validName(ID, id)) throw Refusal(sheetName("worksheets", tool) + ": " + show(id) + " is geen geldige naam van een blok.");
        sheet.blocks[id] = { value: blocks[id], label: id, kind: "text", updated: time, history: [] };
      });
      next.worksheets[tool] = sheet;
    });
    return next;
  }

  /* Any stored object or dossier we know (schema 0, 1 or 2), checked completely and returned as a
     NEW schema-2 object. Throws a Refusal (Dutch; iaNewer for a newer schema). Never changes `data`. */
  function migrate(data) {
    if (!isObject(data)) throw Refusal("De gegevens in dit bestand kloppen niet.");
    var version = data.schema === undefined ? 0 : data.schema;
    if (typeof version !== "number" || version < 0 || Math.floor(version) !== version) {
      throw Refusal("Het versienummer (schema) van de gegevens klopt niet: " + show(version) + ".");
    }
    if (version > SCHEMA) throw Newer();
    if (version === 0) {
      data = fromSchema0(data);
      version = 1;
    }
    Object.keys(data).forEach(function (key) {
      if (STATE_KEYS.indexOf(key) < 0) throw Refusal("Onbekend onderdeel " + show(key) + ".");
    });
    var time = now();
    var next = { schema: SCHEMA, created: checkTime(data.created, "De datum") || time,
      updated: checkTime(data.updated, "De datum") || time, lastExport: checkTime(data.lastExport, "De datum"),
      cohort: checkCohort(data.cohort), weeks: {}, worksheets: {}, products: {} };
    var weeks = data.weeks === undefined ? {} : data.weeks;
    if (!isObject(weeks)) throw Refusal("De voortgang klopt niet.");
    Object.keys(weeks).forEach(function (week) {
      checkId("products", week, "Week ");
      next.weeks[week] = checkWeek(week, weeks[week], version);
    });
    GROUPS.forEach(function (group) {
      var sheets = data[group] === undefined ? {} : data[group];
      if (!isObject(sheets)) throw Refusal("Het onderdeel " + show(group) + " klopt niet.");
      Object.keys(sheets).forEach(function (id) {
        checkId(group, id, "");
        next[group][id] = checkSheet(group, id, sheets[id]);
      });
    });
    return next;
  }

  /* --- loading and saving ------------------------------------------------------------------- */

  function storage() {
    return window.localStorage;    /* throws when the browser blocks storage for this site */
  }

  /* Dutch for a failed write. */
  function writeProblem(error) {
    var name = error && error.name;
    if (/^(QuotaExceeded|NS_ERROR_DOM_QUOTA)/.test(name || "") || (error && error.code === 22)) {
      return "Bewaren lukte niet: de opslag van de browser is vol. Jullie laatste wijziging staat nog op " +
        "het scherm, maar niet in de browser. " + SAVE_TO_FILE;
    }
    return "Bewaren lukte niet: deze browser laat de site niets bewaren (bijvoorbeeld in een privévenster). " +
      "Jullie antwoorden verdwijnen als je de pagina sluit. " + SAVE_TO_FILE;
  }

  /* One write; returns null or the error. */
  function write(key, text) {
    try {
      storage().setItem(key, text);
      return null;
    } catch (error) {
      return error || new Error("write");
    }
  }

  function read(key) {
    try {
      return storage().getItem(key);
    } catch {
      return null;   /* blocked: the write that follows fails too and says so */
    }
  }

  /* The original before a migration, under one fixed key per reason, written once. Returns true
     when a backup exists afterwards. Data that cannot be read or checked (`perContent`) is not
     migrated but replaced: a different original than the one in the fixed key gets a key of its
     own (with its hash), so it is never overwritten without a backup; the same original again
     writes nothing, so page loads still cannot fill the storage. */
  function backup(raw, why, perContent) {
    var key = KEY + ":reservekopie:" + why;
    var existing = read(key);
    if (existing !== null) {
      if (!perContent || existing === raw) return true;
      key += "-" + hash(raw);
      if (read(key) !== null) return true;
    }
    var error = write(key, raw);
    if (!error) return true;
    guarded = why;
    problem = "Er kon geen reservekopie van jullie oude gegevens worden gemaakt: " +
      writeProblem(error).replace(/^Bewaren lukte niet: /, "");
    return false;
  }

  function load() {
    var raw;
    try {
      raw = storage().getItem(KEY);
    } catch (error) {
      notice = "Deze browser laat de site niets bewaren. Jullie antwoorden blijven alleen staan tot je de pagina sluit.";
      problem = writeProblem(error);
      return emptyState();
    }
    if (!raw) return emptyState();
    var parsed;
    try {
      parsed = JSON.parse(raw);
    } catch {
      notice = "De bewaarde gegevens waren beschadigd. " + (backup(raw, "onleesbaar", true)
        ? "Er staat een reservekopie in de browser; het dossier begint opnieuw."
        : "De site laat ze staan, want er kon geen reservekopie worden gemaakt.");
      return emptyState();
    }
    var version = isObject(parsed) && typeof parsed.schema === "number" ? parsed.schema : 0;
    try {
      var migrated = migrate(parsed);
      if (version !== SCHEMA) backup(raw, "schema-" + version);
      return migrated;
    } catch (error) {
      if (error && error.iaNewer) {
        notice = "Deze gegevens komen van een nieuwere versie van de site. Herlaad de pagina.";
        readOnly = true;
        return emptyState();
      }
      if (!error || !error.iaRefusal) throw error;
      notice = "De bewaarde gegevens klopten niet (" + error.message + ") " + (backup(raw, "ongeldig", true)
        ? "Er staat een reservekopie in de browser; het dossier begint opnieuw."
        : "De site laat ze staan, want er kon geen reservekopie worden gemaakt.");
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
    renderProblem();
  }

  /* Why a write may not happen now ("" when it may). */
  function blocked() {
    if (readOnly) {
      return "Bewaren lukte niet: de gegevens in deze browser komen van een nieuwere versie van de site. " +
        "Herlaad de pagina. " + SAVE_TO_FILE;
    }
    if (guarded) {
      return "Bewaren lukte niet: er is nog geen reservekopie van jullie oude gegevens, dus de site " +
        "overschrijft ze niet. Maak ruimte in de browser en herlaad de pagina. " + SAVE_TO_FILE;
    }
    return "";
  }

  /* Write `data` as the stored object. Returns "" or the Dutch problem. */
  function persist(data) {
    var refused = blocked();
    if (refused) return refused;
    var error = write(KEY, JSON.stringify(data));
    return error ? writeProblem(error) : "";
  }

  /* Save the state; false (and saveProblem(), a "storage-error" for listeners) when the browser
     refused the write. The state in memory keeps the change, so the export still has it. */
  function save(source) {
    get();
    state.updated = now();
    var failed = persist(state);
    if (failed) {
      problem = failed;
      notify("storage-error");
      return false;
    }
    problem = "";
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

  /* All or nothing: `change(copy)` works on a copy; the copy replaces the state only when the
     change did not throw AND the copy was written. Otherwise a Refusal says why; nothing changed. */
  function transact(change, source) {
    get();
    var copy = clone(state);
    var result = change(copy);
    copy.updated = now();
    var failed = persist(copy);
    if (failed) {
      problem = failed;
      notify("storage-error");
      throw Refusal(failed.replace(/\. Jullie laatste wijziging staat nog op het scherm, maar niet in de browser\./, ".") +
        " Er is niets veranderd.");
    }
    problem = "";
    state = copy;
    askPersist();
    notify(source);
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

  /* Remove everything of this device; the state in memory empties only when that worked. */
  function clearAll() {
    try {
      storage().removeItem(KEY);
      state = emptyState();
      editing = {};
    } catch (error) {
      problem = writeProblem(error).replace("Bewaren lukte niet", "Wissen lukte niet");
      notify("storage-error");
      return false;
    }
    notify("clear");
    return true;
  }

  /* Another tab changed the data: read it again. */
  window.addEventListener("storage", function (event) {
    if (event.key !== KEY && event.key !== null) return;
    state = null;
    get();
    notify("other-tab");
  });

  /* --- a failed write, visible on every page ------------------------------------------------- */

  function exportToFile() {
    download("impactdossier-" + isoDate(new Date()) + ".json", exportDossier(), "application/json");
  }

  function renderProblem() {
    if (!document.body || typeof document.getElementById !== "function") return;
    get();  /* a problem found while loading (storage blocked) shows before the first write */
    var box = document.getElementById("ia-storage-problem");
    if (!problem) {
      if (box) box.remove();
      return;
    }
    var host = document.querySelector("article.md-content__inner") || document.querySelector("main") || document.body;
    if (box && box.getAttribute("data-ia-text") === problem && host.contains(box)) return;
    if (box) box.remove();
    var done = el("p", { className: "ia-storage-done", role: "status" });
    var button = el("button", { type: "button", className: "md-button md-button--primary", "data-ia-action": "save-file",
      text: "Bewaar als bestand" });
    button.addEventListener("click", function () {
      exportToFile();
      done.textContent = "";
      setTimeout(function () {
        done.textContent = "Het bestand staat bij je downloads. Bewaar het op een veilige plek.";
      }, 50);
    });
    box = el("div", { id: "ia-storage-problem", className: "admonition warning ia-storage-problem", role: "alert",
      "data-ia-text": problem }, [
      el("p", { className: "admonition-title", text: "Niet bewaard" }),
      el("p", { text: problem }),
      el("p", {}, [button]),
      done]);
    host.insertBefore(box, host.firstChild);
  }

  /* --- worksheets (also used for the weekly products) --------------------------------------- */

  function sheetOf(group, id, create) {
    var all = get()[group];
    return sheetIn(all, id, create);
  }

  function sheetIn(all, id, create) {
    if (!has(all, id) && create) all[id] = emptySheet();
    var sheet = has(all, id) ? all[id] : null;
    if (sheet) {
      sheet.blocks = sheet.blocks || {};
      sheet.conflicts = sheet.conflicts || {};
      sheet.earlier = sheet.earlier || {};
    }
    return sheet;
  }

  function remember(block, value) {
    var h = hash(value);
    block.history = (block.history || []).filter(function (x) { return x !== h; });
    block.history.push(h);
    if (block.history.length > HISTORY_MAX) block.history = block.history.slice(-HISTORY_MAX);
  }

  function storedKind(answer) {
    return answer.kind || kindOf(answer.value);
  }

  /* Does a stored answer fit a block definition {kind, columns}? Another kind does not; a table
     with other columns does not (rows would shift under other headers); a table stored without
     its columns fits only when every row is as wide as the columns. */
  function fits(answer, meta) {
    if (storedKind(answer) !== meta.kind) return false;
    if (meta.kind === "table") {
      if (!Array.isArray(answer.value)) return false;
      var columns = meta.columns || [];
      if (answer.columns) return sameValue(answer.columns, columns) || !columns.length;
      return !columns.length || answer.value.every(function (row) { return row.length === columns.length; });
    }
    /* a number block keeps what was typed, also half-typed or mistyped text ("12,5,", "12a"):
       ia-calc.js says what is wrong next to the field. Moving it aside would put every typo
       under "Eerdere antwoorden". */
    return typeof answer.value === "string";
  }

  /* Can two answers of one block be compared (merged, offered as second versions)? Same kind,
     and for tables the same columns (or, without columns, rows of the same width). */
  function compatible(a, b) {
    if (storedKind(a) !== storedKind(b)) return false;
    if (storedKind(a) !== "table") return true;
    if (a.columns && b.columns) return sameValue(a.columns, b.columns);
    var wa = width(a);
    var wb = width(b);
    return wa === null || wb === null || wa === wb;
  }

  function width(answer) {
    if (answer.columns) return answer.columns.length;
    return Array.isArray(answer.value) && answer.value[0] ? answer.value[0].length : null;
  }

  /* Keep an answer as an earlier answer of the block (once per value and kind). */
  function keepEarlier(sheet, blockId, answer, source) {
    if (isEmpty(answer.value)) return false;
    var list = sheet.earlier[blockId] = sheet.earlier[blockId] || [];
    var kind = storedKind(answer);
    if (list.some(function (e) { return e.kind === kind && sameValue(e.value, answer.value); })) return false;
    var entry = { value: clone(answer.value), label: answer.label || blockId, kind: kind,
      updated: answer.updated || now(), source: source || answer.source || "" };
    if (answer.columns) entry.columns = clone(answer.columns);
    list.push(entry);
    return true;
  }

  /* Move what no longer fits block `meta` aside: the stored value and second versions. */
  function setAside(sheet, meta) {
    var changed = false;
    var stored = sheet.blocks[meta.id];
    if (stored && !fits(stored, meta)) {
      keepEarlier(sheet, meta.id, stored, "");
      delete sheet.blocks[meta.id];
      changed = true;
    }
    var versions = sheet.conflicts[meta.id];
    if (versions) {
      var keep = versions.filter(function (v) {
        if (fits(v, meta)) return true;
        keepEarlier(sheet, meta.id, v, v.source);
        return false;
      });
      if (keep.length !== versions.length) {
        changed = true;
        if (keep.length) sheet.conflicts[meta.id] = keep;
        else delete sheet.conflicts[meta.id];
      }
    }
    return changed;
  }

  /* The worksheet on the page is `blocks` [{id, kind, label, columns}]: move stored answers that
     no longer fit their block aside as earlier answers (nothing is overwritten or shifted).
     Blocks that are gone stay as they are. Saves when something moved; returns true then. */
  function reconcileSheet(group, id, blocks) {
    var sheet = sheetOf(group, id, false);
    if (!sheet) return false;
    var changed = false;
    blocks.forEach(function (meta) {
      if (setAside(sheet, meta)) changed = true;
    });
    if (changed) save("reconcile");
    return changed;
  }

  /* Set one block of a sheet (in memory; call save()). Returns true when something changed.
     The first change in an editing session records the earlier value's hash, so a later import
     knows that value is older than this one. A stored value of another kind or other table
     columns is never overwritten: it is kept as an earlier answer first. */
  function setBlock(group, id, definition, blockId, value, meta) {
    value = normalize(meta.kind, value);
    var sheet = sheetOf(group, id, !isEmpty(value));
    if (!sheet) return false;
    var aside = setAside(sheet, { id: blockId, kind: meta.kind, columns: meta.columns });
    if (definition) sheet.definition = definition;
    var block = sheet.blocks[blockId];
    var session = group + "/" + id + "/" + blockId;
    if (!block) {
      if (isEmpty(value)) return aside;
      block = sheet.blocks[blockId] = { value: value, label: meta.label, kind: meta.kind, updated: now(), history: [] };
      if (meta.kind === "table" && meta.columns && meta.columns.length) block.columns = meta.columns.slice();
      editing[session] = true;
      return true;
    }
    if (sameValue(block.value, value)) return aside;
    if (!editing[session] && !isEmpty(block.value)) remember(block, block.value);
    editing[session] = true;
    block.value = value;
    block.label = meta.label;
    block.kind = meta.kind;
    if (meta.kind === "table" && meta.columns && meta.columns.length) block.columns = meta.columns.slice();
    block.updated = now();
    return true;
  }

  /* The duo removes an earlier answer (index in earlier[blockId]) or, with index null, the
     answer of a block that is no longer on the worksheet. */
  function dropOldAnswer(group, id, blockId, index) {
    return update(function () {
      var sheet = sheetOf(group, id, false);
      if (!sheet) return false;
      if (index === null || index === undefined) {
        if (!has(sheet.blocks, blockId)) return false;
        delete sheet.blocks[blockId];
        delete sheet.conflicts[blockId];
        return true;
      }
      var list = sheet.earlier[blockId] || [];
      if (!list[index]) return false;
      list.splice(index, 1);
      if (!list.length) delete sheet.earlier[blockId];
      return true;
    }, "choice");
  }

  /* Mark every current value as sent: the next edit starts a new session, so a file that goes
     back and forth between the two duo members is recognised as an earlier version. */
  function markExported(data) {
    GROUPS.forEach(function (group) {
      Object.keys(data[group] || {}).forEach(function (id) {
        var blocks = data[group][id].blocks || {};
        Object.keys(blocks).forEach(function (blockId) {
          if (!isEmpty(blocks[blockId].value)) remember(blocks[blockId], blocks[blockId].value);
        });
      });
    });
    editing = {};
  }

  /* --- duo steps ----------------------------------------------------------------------------- */

  /* Map ticks stored by step number (schema 1) to the step ids of the week as it is now. A
     number without a step stays in oldSteps. `aliases` ({old id: id now}, step_aliases in the
     programme data): a tick stored under a step's id from before issue 15 moves to its id now;
     an old id that is not a step of this week now stays as it is. Saves and returns true when
     something moved. */
  function resolveSteps(week, ids, aliases) {
    var w = get().weeks[String(week)];
    if (!w || !ids || !ids.length) return false;
    var changed = false;
    if (aliases && w.steps) {
      Object.keys(w.steps).forEach(function (old) {
        var id = Object.prototype.hasOwnProperty.call(aliases, old) ? aliases[old] : null;
        if (id && id !== old && ids.indexOf(id) >= 0 && STEP_ID.test(id)) {
          if (w.steps[old]) w.steps[id] = true;
          delete w.steps[old];
          changed = true;
        }
      });
    }
    if (!w.oldSteps) {
      if (changed) save("steps");
      return changed;
    }
    Object.keys(w.oldSteps).forEach(function (number) {
      var n = Number(number);
      if (n >= 1 && n <= ids.length && STEP_ID.test(ids[n - 1])) {
        w.steps = w.steps || {};
        if (w.oldSteps[number]) w.steps[ids[n - 1]] = true;
        delete w.oldSteps[number];
        changed = true;
      }
    });
    if (!Object.keys(w.oldSteps).length) delete w.oldSteps;
    if (changed) save("steps");
    return changed;
  }

  /* How many steps of `week` are ticked: of the steps `ids` when given. */
  /* How many steps of `week` are ticked, in this browser's state or in `state` (a duo's dossier
     that a coach opened). */
  function stepsDone(week, ids, state) {
    var w = (state || get()).weeks[String(week)] || {};
    var steps = w.steps || {};
    if (ids && ids.length) return ids.filter(function (id) { return steps[id] === true; }).length;
    var old = w.oldSteps || {};
    return Object.keys(steps).filter(function (k) { return steps[k]; }).length +
      Object.keys(old).filter(function (k) { return old[k]; }).length;
  }

  /* --- merging an import (into a copy: see transact) ----------------------------------------- */

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
    if (!compatible(local, incoming)) {
      if (keepEarlier(sheet, blockId, incoming, source)) report.earlier += 1;
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
      merged.history = merged.history || [];
      localHistory.forEach(function (h) {
        if (merged.history.indexOf(h) < 0) merged.history.push(h);
      });
      sheet.blocks[blockId] = merged;
      report.taken += 1;
      return;
    }
    var version = { value: clone(incoming.value), label: incoming.label, kind: storedKind(incoming),
      updated: incoming.updated, source: source };
    if (incoming.columns) version.columns = clone(incoming.columns);
    if (addVersion(sheet, blockId, version)) report.conflicts += 1;
  }

  /* Merge a checked sheet into the sheets `all` (of a copy of the state). */
  function mergeSheetInto(all, id, incoming, source, report) {
    if (!incoming) return;
    if (!has(all, id)) {
      all[id] = clone(incoming);
      sheetIn(all, id, false);
      report.taken += Object.keys(all[id].blocks).filter(function (b) {
        return !isEmpty(all[id].blocks[b].value);
      }).length;
      return;
    }
    var sheet = sheetIn(all, id, true);
    if (!sheet.definition) sheet.definition = incoming.definition || "";
    Object.keys(incoming.blocks || {}).forEach(function (blockId) {
      mergeBlock(sheet, blockId, incoming.blocks[blockId], source, report);
    });
    Object.keys(incoming.conflicts || {}).forEach(function (blockId) {
      (incoming.conflicts[blockId] || []).forEach(function (version) {
        var current = sheet.blocks[blockId];
        if (current && sameValue(current.value, version.value)) return;
        if (current && !compatible(current, version)) {
          if (keepEarlier(sheet, blockId, version, version.source)) report.earlier += 1;
          return;
        }
        if (addVersion(sheet, blockId, clone(version))) report.conflicts += 1;
      });
    });
    Object.keys(incoming.earlier || {}).forEach(function (blockId) {
      (incoming.earlier[blockId] || []).forEach(function (old) {
        if (keepEarlier(sheet, blockId, old, old.source)) report.earlier += 1;
      });
    });
  }

  /* Merge a whole checked schema-2 object (from a dossier file) into `local` (a copy). */
  function mergeStateInto(local, incoming, source, report) {
    if (!local.cohort && incoming.cohort) local.cohort = clone(incoming.cohort);
    Object.keys(incoming.weeks || {}).forEach(function (week) {
      var theirs = incoming.weeks[week] || {};
      var mine = local.weeks[week] = has(local.weeks, week) ? local.weeks[week] : { done: false, steps: {} };
      mine.steps = mine.steps || {};
      if (theirs.done && !mine.done) {
        mine.done = true;
        report.weeks += 1;
      }
      Object.keys(theirs.steps || {}).forEach(function (step) {
        if (theirs.steps[step]) mine.steps[step] = true;
      });
      Object.keys(theirs.oldSteps || {}).forEach(function (step) {
        if (theirs.oldSteps[step]) (mine.oldSteps = mine.oldSteps || {})[step] = true;
      });
    });
    GROUPS.forEach(function (group) {
      Object.keys(incoming[group] || {}).forEach(function (id) {
        mergeSheetInto(local[group], id, incoming[group][id], source, report);
      });
    });
  }

  function newReport() {
    return { taken: 0, conflicts: 0, weeks: 0, earlier: 0 };
  }

  /* Import a file's text (JSON dossier or worksheet). `target` {group, id} limits it to one sheet
     (the worksheet page). Returns the report; throws an Error with a Dutch message, and then
     nothing changed: not the stored bytes, not the state in memory. */
  function importFile(text, source, target) {
    var file = parseFile(text);
    return guard(function () {
      var report = newReport();
      var incoming;
      if (target) {
        if (file.kind === "werkblad") {
          if (file.id !== target.id || file.group !== target.group) {
            throw Refusal("Dit bestand hoort bij een ander werkblad: " + (file.title || file.id) + ".");
          }
          incoming = file.sheet;
        } else {
          incoming = has(file.data[target.group], target.id) ? file.data[target.group][target.id] : null;
          if (!incoming) throw Refusal("In dit dossier staat dit werkblad nog niet.");
        }
        transact(function (copy) { mergeSheetInto(copy[target.group], target.id, incoming, source, report); }, "import");
      } else if (file.kind === "dossier") {
        transact(function (copy) { mergeStateInto(copy, file.data, source, report); }, "import");
      } else {
        transact(function (copy) { mergeSheetInto(copy[file.group], file.id, file.sheet, source, report); }, "import");
      }
      return report;
    });
  }

  /* Import answers read from elsewhere (the Markdown of a worksheet): {blockId: BLOCK}, checked
     like a file. */
  function importBlocks(group, id, blocks, source) {
    return guard(function () {
      checkId(group, id, "");
      var sheet = checkSheet(group, id, { definition: "", blocks: blocks, conflicts: {} });
      var report = newReport();
      transact(function (copy) { mergeSheetInto(copy[group], id, sheet, source, report); }, "import");
      return report;
    });
  }

  /* Refusals pass; any other error becomes a Dutch message too (nothing changed either way). */
  function guard(run) {
    try {
      return run();
    } catch (error) {
      if (error && error.iaRefusal) throw plainError(error.message);
      if (window.console) console.error(error);
      throw plainError("Dit bestand kan de site niet lezen. Er is niets veranderd.");
    }
  }

  function plainError(message) {
    return new Error(message);
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
    var sheet = sheetOf(group, id, false) || { definition: info.definition, blocks: {}, conflicts: {}, earlier: {} };
    markExported({ worksheets: { x: sheet } });
    save("export");
    return JSON.stringify(envelope("werkblad", { group: group, id: id, title: info.title,
      definition: info.definition, sheet: clone(sheet) }), null, 1);
  }

  /* Read an exported file (any schema we know), checked completely. Returns {kind: "dossier",
     data} with data a new schema-2 object, or {kind: "werkblad", group, id, title, sheet}; throws
     an Error with a Dutch message that names what is wrong. */
  function parseFile(text) {
    return guard(function () {
      if (typeof text !== "string") throw Refusal("Dit bestand kan de site niet lezen.");
      if (text.length > LIMITS.file) throw Refusal("Dit bestand is te groot voor een dossier van de ImpactAcademie.");
      var file;
      try {
        file = JSON.parse(text.replace(/^\uFEFF/, ""));
      } catch {
        throw Refusal("Dit bestand is geen JSON-bestand van de ImpactAcademie.");
      }
      if (!isObject(file) || file.format !== FORMAT) {
        throw Refusal("Dit bestand komt niet van de ImpactAcademie-site.");
      }
      if (file.schema !== undefined && (typeof file.schema !== "number" || file.schema < 0 ||
        Math.floor(file.schema) !== file.schema)) {
        throw Refusal("Het versienummer (schema) van dit bestand klopt niet: " + show(file.schema) + ".");
      }
      if (file.schema > SCHEMA) throw Newer();
      if (file.kind === "dossier") {
        return { kind: "dossier", data: migrate(file.data) };
      }
      if (file.kind === "werkblad") {
        var group = file.group === undefined ? "worksheets" : file.group;
        if (GROUPS.indexOf(group) < 0) throw Refusal(show(group) + " is geen onderdeel dat de site kent.");
        if (typeof file.id !== "string") throw Refusal("In dit bestand staat niet bij welk werkblad het hoort.");
        checkId(group, file.id, "");
        return { kind: "werkblad", group: group, id: file.id, title: optionalText(file.title, "De titel"),
          sheet: checkSheet(group, file.id, file.sheet) };
      }
      throw Refusal("Dit soort bestand kan de site niet lezen.");
    });
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
      ((sheet.earlier || {})[b.id] || []).forEach(function (v) {
        lines.push("*Eerder antwoord (" + (v.label || b.label) + "):*", "");
        lines.push(valueToMarkdown(v.kind, v.value, v.columns), "");
      });
    });
    Object.keys(sheet.blocks || {}).forEach(function (blockId) {
      if (known[blockId]) return;
      var old = sheet.blocks[blockId];
      if (isEmpty(old.value)) return;
      lines.push(hashes + "# " + old.label + " (eerdere versie)", "");
      lines.push(valueToMarkdown(old.kind, old.value, old.columns || null), "");
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

  /* The header cells of the first Markdown table in `text` (null without a table). */
  function markdownColumns(text) {
    var head = text.split("\n").filter(function (l) { return /^\s*\|/.test(l); })[0];
    return head ? splitRow(head) : null;
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

  /* Read a worksheet exported as Markdown: returns {id, values: {blockId: value}, columns: {blockId:
     [header cells]}, unknown: [{label, value}]}.
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
    var columns = {};   /* the header of each table as written in the file: rows never shift */
    var unknown = [];
    sections.forEach(function (section) {
      var body = section.lines.join("\n");
      var second = body.search(/^\*(Tweede versie|Eerder antwoord)/m);
      if (second >= 0) body = body.slice(0, second);
      var label = section.label.replace(/\s*\(eerdere versie\)$/, "");
      var block = byLabel[label.toLowerCase()];
      if (block) {
        values[block.id] = markdownToValue(block.kind, body.trim());
        if (block.kind === "table") columns[block.id] = markdownColumns(body);
      } else if (body.trim()) {
        unknown.push({ label: label, value: body.trim() });
      }
    });
    return { id: idMatch ? idMatch[1] : null, values: values, columns: columns, unknown: unknown };
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

  /* --- the site's other scripts: loaded where a page uses them (issue 21) ----------------------
     Every page loads this script only (overrides/main.html, before Material's bundle). A feature's
     script is fetched the first time a page has its markup (`where`, written by macros/render/),
     with the scripts it `needs`; instant navigation keeps it for later pages. Scripts are inserted
     with async = false: fetched together, run in this list's order. The features register their
     page setup with onPage; it runs once every script the page needs has run, so a setup always
     finds its helpers (IA.calc on a calculating worksheet), also when they arrived later. */
  var FEATURES = [
    { file: "ia-tables.js", where: "article table" },
    { file: "tool-filter.js", where: "[data-ia-filter]" },
    /* calculating worksheets, and scored tables (a message for a score off the scale, the gap) */
    { file: "ia-calc.js", where: "[data-ia-model], table.ia-scored-table" },
    { file: "ia-cohort.js", where: "[data-ia-cohort], [data-ia-week-date], [data-ia-day], [data-ia-current-week]" },
    { file: "ia-progress.js", where: "[data-ia-week], [data-ia-progress]" },
    { file: "ia-worksheet.js", where: "[data-ia-worksheet], [data-ia-product]" },
    /* The coach's feedback: where the duo imports it (the dossier), and beside week products and
       worksheets once this browser holds some. */
    { file: "ia-feedback.js", where: "[data-ia-dossier]" },
    { file: "ia-feedback.js", where: "[data-ia-feedback], [data-ia-worksheet]", when: hasFeedback },
    { file: "ia-dossier.js", where: "[data-ia-dossier], [data-ia-bundle]",
      needs: ["ia-calc.js", "ia-worksheet.js"] },
    { file: "ia-coach.js", where: "[data-ia-coach]",
      needs: ["ia-calc.js", "ia-cohort.js", "ia-worksheet.js", "ia-feedback.js", "ia-dossier.js"] }
  ];
  var ORDER = FEATURES.map(function (f) { return f.file; }).filter(function (file, i, all) { return all.indexOf(file) === i; });
  var loaded = {};          /* file -> a promise of its script having run */
  var setups = [];
  var shown = false;        /* the setups ran for the page shown now */
  var pages = 0;            /* pages shown so far (instant navigation swaps them) */

  function hasFeedback() {
    try {
      return window.localStorage.getItem("impactacademie:feedback") !== null;
    } catch {
      return false;
    }
  }

  /* The scripts this page needs, in ORDER. */
  function featuresOf(doc) {
    var wanted = {};
    FEATURES.forEach(function (f) {
      if (!doc.querySelector(f.where) || (f.when && !f.when())) return;
      (f.needs || []).concat(f.file).forEach(function (file) { wanted[file] = true; });
    });
    return ORDER.filter(function (file) { return wanted[file]; });
  }

  function loadFeature(file) {
    if (!loaded[file]) {
      loaded[file] = new Promise(function (resolve) {
        var tag = document.createElement("script");
        tag.src = ROOT + "assets/javascripts/" + file;
        tag.async = false;
        tag.onload = resolve;
        tag.onerror = function () {
          if (window.console) console.error("ImpactAcademie: " + file + " kon niet laden");
          resolve();
        };
        document.body.appendChild(tag);
      });
    }
    return loaded[file];
  }

  function run(setup) {
    try {
      setup();
    } catch (error) {
      if (window.console) console.error(error);
    }
  }

  /* A page is shown (the first, or one that instant navigation swapped in): load what it needs,
     then run every setup for it. */
  function pageShown() {
    var page = ++pages;
    shown = false;
    Promise.all(featuresOf(document).map(loadFeature)).then(function () {
      /* In a task of its own: this promise resolves in the task that ran the last script it needed,
         and that script's own run plus a slice of the setups would make one long task. */
      setTimeout(function () {
        if (page !== pages) return;   /* the reader went on to another page before this one was ready */
        shown = true;
        runSetups(setups.slice(), page);
      }, 0);
    });
  }

  /* The setups in order, in tasks of at most about SLICE_MS: a phone stays responsive while a page
     with many parts sets up. Lighthouse counts every task over 50 ms as blocking, on a phone it
     takes as four times slower than a laptop; so a task here ends after about 6 ms, which leaves
     room for the style and layout work the browser adds to the same task (a slice of 10 ms came to
     51 ms there). A setup with much to do hands the rest to `later`, which runs it next, in this
     task or the next one. */
  var SLICE_MS = 6;
  var following = null;     /* while a page setup runs: the work it hands to `later` */

  function runSetups(list, page) {
    var started = Date.now();
    while (list.length && page === pages) {
      following = [];
      run(list.shift());
      list.unshift.apply(list, following);
      following = null;
      if (list.length && Date.now() - started > SLICE_MS) {
        setTimeout(function () { runSetups(list, page); }, 0);
        return;
      }
    }
  }

  /* Run `work` after the page setup that calls this (before the setups after it), in a task of its
     own when this one is long enough; outside a page setup, run it now. */
  function later(work) {
    if (following) following.push(work);
    else run(work);
  }

  /* Run `setup` for the page shown now and after every page swap of Material's instant navigation. */
  function onPage(setup) {
    setups.push(setup);
    if (shown) run(setup);
  }

  function startPages() {
    if (typeof window.document$ !== "undefined" && window.document$.subscribe) window.document$.subscribe(pageShown);
    else pageShown();
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", startPages);
  else startPages();

  /* --- search: the index comes when the reader opens search (issue 21) -------------------------
     Material 9.8 fetches search/search_index.json (about 280 KB gzip) on every page load, before
     anyone searches: on a phone on a slow link that competes with the page itself. This holds that
     one request back until the reader opens search (the search field gets focus, the search
     toggle opens or is touched) or the address asks for highlighted search words (?h=). Pages
     opened from the file system are left alone: Material loads the index there only when search
     opens. */
  function deferSearchIndex() {
    if (location.protocol === "file:" || !window.XMLHttpRequest) return;
    var proto = window.XMLHttpRequest.prototype;
    var open = proto.open;
    var send = proto.send;
    var released = /[?&]h=/.test(location.search);
    var waiting = [];
    function release() {
      if (released) return;
      released = true;
      waiting.splice(0).forEach(function (go) { go(); });
    }
    proto.open = function (method, url) {
      this.iaSearchIndex = /(^|\/)search\/search_index\.json([?#]|$)/.test(String(url));
      return open.apply(this, arguments);
    };
    proto.send = function () {
      var request = this;
      var args = arguments;
      if (request.iaSearchIndex && !released) {
        waiting.push(function () { send.apply(request, args); });
        return undefined;
      }
      return send.apply(request, args);
    };
    function inSearch(target) {
      return target && target.closest && target.closest("[data-md-component='search'], label[for='__search']");
    }
    document.addEventListener("focusin", function (event) { if (inSearch(event.target)) release(); });
    document.addEventListener("pointerdown", function (event) { if (inSearch(event.target)) release(); });
    document.addEventListener("change", function (event) {
      if (event.target && event.target.id === "__search" && event.target.checked) release();
    });
  }

  deferSearchIndex();

  window.IA = {
    SCHEMA: SCHEMA, KEY: KEY, ROOT: ROOT,
    get: get, save: save, update: update, transact: transact, subscribe: subscribe, clearAll: clearAll,
    persisted: persisted, askPersist: askPersist,
    notice: function () { return notice; },
    saveProblem: function () { return problem; },
    hash: hash, isEmpty: isEmpty, sameValue: sameValue, normalize: normalize, clone: clone, migrate: migrate,
    sheetOf: sheetOf, setBlock: setBlock, reconcileSheet: reconcileSheet, dropOldAnswer: dropOldAnswer,
    resolveSteps: resolveSteps, stepsDone: stepsDone,
    importFile: importFile, importBlocks: importBlocks,
    exportDossier: exportDossier, exportSheet: exportSheet, exportToFile: exportToFile, parseFile: parseFile,
    download: download, readFile: readFile,
    valueToMarkdown: valueToMarkdown, sheetToMarkdown: sheetToMarkdown, markdownToSheet: markdownToSheet,
    parseDate: parseDate, isoDate: isoDate, addDays: addDays, mondayOf: mondayOf,
    dutchDate: dutchDate, dutchTime: dutchTime,
    data: programme, url: siteUrl, say: say, el: el, onPage: onPage, later: later, features: featuresOf
  };
  onPage(renderProblem);
})();
