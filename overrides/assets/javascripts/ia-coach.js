/* The coach's workspace (docs/begeleiding/werkplek.md, issue 20): a coach opens the dossier files
 * of several duos, follows them through the year, ticks the criteria of each weekly product
 * ("Een goed weekproduct…") and writes feedback, which leaves as one file per duo.
 *
 * Care with other people's data:
 * - The workspace lives under its OWN localStorage key (KEY below), never the duo's (IA.KEY): a
 *   coach who also keeps a dossier in the same browser never mixes the two.
 * - Files from duos are untrusted: each is read with the duo's own import check (IA.parseFile),
 *   and a file that is wrong, of a newer site version or of the wrong kind changes nothing.
 * - A feedback file carries the feedback for ONE duo and nothing of any other.
 * - "Verwijderen" removes one duo; "Alles verwijderen" removes the whole workspace.
 *
 * Stored object (schema 1):
 *   { schema: 1, duos: { "<id>": DUO }, groups: { "<id>": <intervisie group number> } }
 *   DUO = { id, name, file, loaded, data, review: { "<week>": REVIEW }, sessions: { "C3": SESSION }, log: [LOG] }
 *     id: the duo's dossier `created` time (the same browser's dossier keeps it, so a newer file
 *         of the same duo finds its row); data: the duo's dossier (schema 2, IA.migrate-checked).
 *   REVIEW = { met: [true|false, …] (per criterion of the week), feedback: "text", updated }
 *   SESSION = { agreements: "one per line: wat; wie; wanneer", updated } (the prep sheet of a coaching session)
 *   LOG = { id: hash of date and text, date: "YYYY-MM-DD", text } (the coach's dated notes on a duo)
 * The whole workspace leaves as one file ("Werkplek exporteren", kind "werkplek") and merges into the
 * workspace of another device of the coach: newer dossiers, reviews and agreements win; log entries
 * add up.
 * The coach's own notes (review) are never touched by loading a newer file of the same duo.
 */
(function () {
  "use strict";

  var IA = window.IA;
  if (!IA || !IA.feedback) return;

  var KEY = "impactacademie-begeleider";
  var SCHEMA = 1;
  var FEEDBACK_TEXT_MAX = IA.feedback.TEXT_MAX;

  var store = null;
  var unreadable = false;    /* the stored workspace cannot be read: show it, never overwrite it */
  var shown = { duo: null, week: null, session: null };

  function now() {
    return new Date().toISOString();
  }

  function blank() {
    return { schema: SCHEMA, duos: {}, groups: {} };
  }

  var DAY = /^\d{4}-\d{2}-\d{2}$/;

  /* A duo's log: dated notes, checked (they may come from a workspace file of another device). */
  function checkLog(raw) {
    if (raw === undefined) return [];
    if (!Array.isArray(raw) || raw.length > 2000) throw new Error("log");
    return raw.map(function (entry) {
      if (!isObject(entry) || typeof entry.id !== "string" || !/^[0-9a-f]{8}$/.test(entry.id) ||
        typeof entry.date !== "string" || !DAY.test(entry.date) || typeof entry.text !== "string" ||
        entry.text.length > FEEDBACK_TEXT_MAX) {
        throw new Error("log entry");
      }
      return { id: entry.id, date: entry.date, text: entry.text };
    });
  }

  function isObject(value) {
    return value !== null && typeof value === "object" && !Array.isArray(value);
  }

  /* --- the coach's own storage ----------------------------------------------------------------- */

  /* A stored workspace, checked: every duo's dossier again with the duo's own checks. Throws. */
  function checked(raw) {
    var parsed = JSON.parse(raw);
    if (!isObject(parsed) || parsed.schema !== SCHEMA || !isObject(parsed.duos)) throw new Error("workspace");
    var next = blank();
    Object.keys(parsed.duos).forEach(function (id) {
      var duo = parsed.duos[id];
      if (!isObject(duo) || duo.id !== id || typeof duo.name !== "string") throw new Error("duo");
      var review = {};
      Object.keys(isObject(duo.review) ? duo.review : {}).forEach(function (week) {
        var r = duo.review[week];
        if (!/^[1-9][0-9]{0,2}$/.test(week) || !isObject(r)) throw new Error("review");
        review[week] = {
          met: Array.isArray(r.met) ? r.met.map(function (m) { return m === true; }) : [],
          feedback: typeof r.feedback === "string" ? r.feedback : "",
          updated: typeof r.updated === "string" ? r.updated : ""
        };
      });
      var sessions = {};
      Object.keys(isObject(duo.sessions) ? duo.sessions : {}).forEach(function (session) {
        var item = duo.sessions[session];
        if (!/^C[1-9][0-9]?$/.test(session) || !isObject(item)) throw new Error("session");
        sessions[session] = { agreements: typeof item.agreements === "string" ? item.agreements : "",
          updated: typeof item.updated === "string" ? item.updated : "" };
      });
      next.duos[id] = { id: id, name: duo.name, file: String(duo.file || ""), loaded: String(duo.loaded || ""),
        data: IA.migrate(duo.data), review: review, sessions: sessions, log: checkLog(duo.log) };
    });
    Object.keys(isObject(parsed.groups) ? parsed.groups : {}).forEach(function (id) {
      var group = parsed.groups[id];
      if (next.duos[id] && typeof group === "number" && group >= 1 && group <= 50 && Math.floor(group) === group) {
        next.groups[id] = group;
      }
    });
    return next;
  }

  function load() {
    if (store) return store;
    var raw;
    try {
      raw = window.localStorage.getItem(KEY);
    } catch {
      raw = null;   /* blocked storage: an empty workspace, and every write says it failed */
    }
    if (raw === null) {
      store = blank();
      return store;
    }
    try {
      store = checked(raw);
    } catch {
      unreadable = true;
      store = blank();
    }
    return store;
  }

  /* Write the workspace; on failure the previous bytes stay and the caller says so. */
  function save() {
    if (unreadable) return false;
    try {
      window.localStorage.setItem(KEY, JSON.stringify(store));
      return true;
    } catch {
      return false;
    }
  }

  var NOT_SAVED = "Bewaren lukte niet: de opslag van deze browser is vol of geblokkeerd. Er is niets veranderd.";

  /* Change the workspace as one step: on a failed write, the workspace is as it was. */
  function change(apply) {
    var before = JSON.stringify(store);
    apply(store);
    if (save()) return true;
    store = JSON.parse(before);
    Object.keys(store.duos).forEach(function (id) { store.duos[id].data = IA.migrate(store.duos[id].data); });
    return false;
  }

  /* --- duos from files ------------------------------------------------------------------------- */

  function duos() {
    return Object.keys(load().duos).map(function (id) { return store.duos[id]; }).sort(function (a, b) {
      return a.name.localeCompare(b.name, "nl") || (a.id < b.id ? -1 : 1);
    });
  }

  /* Read one file: {name, data} or {name, error}. */
  function readDuo(name, text) {
    if (/"kind"\s*:\s*"werkplek"/.test(String(text).slice(0, 400))) return readWorkspace(name, text);
    var file;
    try {
      file = IA.parseFile(text);
    } catch (error) {
      return { name: name, error: error && error.message ? error.message : "Dit bestand kan de site niet lezen." };
    }
    if (file.kind !== "dossier") {
      return { name: name, error: "Dit is één werkblad. Vraag het duo om het hele dossier: " +
        "Alles exporteren op de pagina Impactdossier." };
    }
    return { name: name, data: file.data };
  }

  /* A workspace file of this coach (another device): {name, workspace} or {name, error}. */
  function readWorkspace(name, text) {
    try {
      var file = JSON.parse(String(text).replace(/^\uFEFF/, ""));
      if (!isObject(file) || file.format !== "impactacademie" || file.kind !== "werkplek") throw new Error("kind");
      if (typeof file.schema !== "number" || file.schema > SCHEMA) {
        return { name: name, error: "Dit bestand komt van een nieuwere versie van de site. Herlaad de pagina en probeer het opnieuw." };
      }
      return { name: name, workspace: checked(JSON.stringify(file.workspace)) };
    } catch (error) {
      return { name: name, error: error && error.message === "kind" ? "Dit is geen werkplek van een begeleider."
        : "Deze werkplek kan de site niet lezen. Er is niets veranderd." };
    }
  }

  function newer(a, b) {
    return (a || "") >= (b || "");
  }

  /* Merge a workspace from another device into this one (see the header). */
  function mergeWorkspace(s, other) {
    Object.keys(other.duos).forEach(function (id) {
      var theirs = other.duos[id];
      var mine = s.duos[id];
      if (!mine) {
        s.duos[id] = theirs;
        if (other.groups[id]) s.groups[id] = other.groups[id];
        return;
      }
      if (theirs.data.updated > mine.data.updated) {
        mine.data = theirs.data;
        mine.file = theirs.file;
      }
      Object.keys(theirs.review).forEach(function (week) {
        if (!mine.review[week] || newer(theirs.review[week].updated, mine.review[week].updated)) mine.review[week] = theirs.review[week];
      });
      Object.keys(theirs.sessions).forEach(function (session) {
        if (!mine.sessions[session] || newer(theirs.sessions[session].updated, mine.sessions[session].updated)) {
          mine.sessions[session] = theirs.sessions[session];
        }
      });
      var known = {};
      mine.log.forEach(function (entry) { known[entry.id] = true; });
      theirs.log.forEach(function (entry) { if (!known[entry.id]) mine.log.push(entry); });
    });
  }

  function workspaceFile() {
    return JSON.stringify({ format: "impactacademie", kind: "werkplek", schema: SCHEMA, exported: now(), site: IA.ROOT,
      workspace: load() }, null, 1);
  }

  /* Put read files in the workspace: a new duo gets a row, a newer file of a known duo replaces its
     dossier and keeps the coach's review. Returns the Dutch report. */
  function addDuos(results) {
    var added = 0;
    var updated = 0;
    var older = [];
    var merged = 0;
    var good = results.filter(function (r) { return !r.error; });
    var saved = change(function (s) {
      good.forEach(function (r) {
        if (r.workspace) {
          mergeWorkspace(s, r.workspace);
          merged += 1;
          return;
        }
        var id = r.data.created;
        var known = s.duos[id];
        if (known) {
          if (r.data.updated < known.data.updated) {
            older.push(r.name);
            return;
          }
          known.data = r.data;
          known.file = r.name;
          known.loaded = now();
          updated += 1;
        } else {
          s.duos[id] = { id: id, name: "Duo " + (Object.keys(s.duos).length + 1), file: r.name, loaded: now(),
            data: r.data, review: {}, sessions: {}, log: [] };
          added += 1;
        }
      });
    });
    var parts = [];
    if (!saved && good.length) {
      parts.push(NOT_SAVED);
    } else {
      if (merged) parts.push(merged === 1 ? "De werkplek is samengevoegd." : merged + " werkplekken samengevoegd.");
      if (added) parts.push(added === 1 ? "1 duo toegevoegd." : added + " duo's toegevoegd.");
      if (updated) parts.push(updated === 1 ? "1 duo bijgewerkt." : updated + " duo's bijgewerkt.");
      older.forEach(function (name) {
        parts.push("Niet bijgewerkt: " + name + " is ouder dan het dossier dat er al staat.");
      });
    }
    results.filter(function (r) { return r.error; }).forEach(function (r) {
      parts.push("Niet gelezen: " + r.name + ". " + r.error);
    });
    return parts.join(" ");
  }

  /* --- what a row shows ------------------------------------------------------------------------ */

  function weeksDone(data) {
    return Object.keys(data.weeks).filter(function (w) { return data.weeks[w].done; }).length;
  }

  function filled(sheet) {
    return !!sheet && Object.keys(sheet.blocks).some(function (b) { return !IA.isEmpty(sheet.blocks[b].value); });
  }

  function productsFilled(programme, data) {
    return programme.weeks.filter(function (week) {
      return filled(data.products[String(week.number)]) || week.tools.some(function (t) {
        var tool = programme.tools[t];
        return tool && tool.weeks[0] === week.number && filled(data.worksheets[t]);
      });
    }).length;
  }

  /* 9-9-2027: short enough for a table cell */
  function dayText(date) {
    return date.getDate() + "-" + (date.getMonth() + 1) + "-" + date.getFullYear();
  }

  /* The duo's next contact moment in its own cohort calendar: "Coachgesprek 3, week 9 (maandag …)". */
  function nextContact(programme, data, today) {
    if (!IA.cohort || !data.cohort) return "Geen cohort gekozen";
    var cohort = IA.cohort.chosen(programme, data.cohort);
    if (!cohort) return "Geen cohort gekozen";
    var total = programme.weeks.length;
    var where = IA.cohort.whereIs(cohort, today, total);
    if (where.after) return "Het jaar is voorbij";
    var from = where.week || where.breakBefore || 1;
    for (var n = from; n <= total; n += 1) {
      var week = programme.weeks.filter(function (w) { return w.number === n; })[0];
      if (!week || !week.contact.length) continue;
      var id = week.contact[0];
      var day = (cohort.days || []).filter(function (d) { return d.id === id; })[0];
      var date = day ? IA.parseDate(day.date) : IA.cohort.weekMonday(cohort, n);
      return IA.cohort.contactLabel(id) + ", week " + n + (date ? ", " + (day ? "" : "week van ") + dayText(date) : "");
    }
    return "Geen contactmoment meer";
  }

  function lastChange(data) {
    var date = new Date(data.updated);
    return isNaN(date.getTime()) ? "onbekend" : dayText(date);
  }

  /* --- feedback file ---------------------------------------------------------------------------- */

  function slug(text) {
    return text.toLowerCase().normalize("NFD").replace(/[\u0300-\u036f]/g, "").replace(/[^a-z0-9]+/g, "-")
      .replace(/^-+|-+$/g, "").slice(0, 40) || "duo";
  }

  /* The feedback for ONE duo: the weeks the coach reviewed, with the criteria as text. */
  function feedbackFile(programme, duo) {
    var weeks = {};
    Object.keys(duo.review).sort(function (a, b) { return a - b; }).forEach(function (number) {
      var review = duo.review[number];
      var week = programme.weeks.filter(function (w) { return String(w.number) === number; })[0];
      if (!week) return;
      var ticked = review.met.some(Boolean);
      if (!ticked && !review.feedback.trim()) return;
      weeks[number] = {
        title: week.title,
        criteria: (week.criteria || []).map(function (text, i) { return { text: text, met: review.met[i] === true }; }),
        feedback: review.feedback,
        updated: review.updated
      };
    });
    return JSON.stringify({ format: "impactacademie", kind: "feedback", schema: IA.SCHEMA, exported: now(),
      site: IA.ROOT, duo: duo.id, name: duo.name, weeks: weeks }, null, 1);
  }

  /* --- rendering -------------------------------------------------------------------------------- */

  function button(action, label, extra, duo, attrs) {
    var all = { type: "button", className: "md-button", "data-ia-action": action, "data-ia-duo": duo ? duo.id : null };
    Object.keys(attrs || {}).forEach(function (key) { all[key] = attrs[key]; });
    var node = IA.el("button", all, [label]);
    if (extra) node.appendChild(IA.el("span", { className: "ia-visually-hidden", text: " " + extra }));
    return node;
  }

  function renderPrivacy(box) {
    var node = box.querySelector("[data-ia-coach-privacy]");
    var count = duos().length;
    node.textContent = unreadable
      ? "De werkplek op dit apparaat kan de site niet lezen. De site verandert er niets aan. Kies Alles " +
        "verwijderen om opnieuw te beginnen."
      : count === 0 ? "Er staan nog geen duo's in deze werkplek."
        : "In deze werkplek staan gegevens van " + (count === 1 ? "1 duo" : count + " duo's") + ". Ze blijven op dit " +
          "apparaat, in deze browser. De site stuurt niets weg.";
  }

  function renderOverview(box, programme) {
    var holder = box.querySelector("[data-ia-coach-overview]");
    holder.textContent = "";
    var list = duos();
    if (!list.length) return;
    var today = new Date();
    var total = programme.weeks.length;
    var head = ["Organisatie", "Weken klaar", "Week\u00adproducten", "Volgend contactmoment", "Acties"]
      .map(function (text) { return IA.el("th", { scope: "col", text: text }); });
    var rows = list.map(function (duo) {
      var name = IA.el("input", { type: "text", value: duo.name, "data-ia-coach-name": duo.id,
        "aria-label": "Naam van de organisatie (" + duo.file + ")", maxlength: "120" });
      return IA.el("tr", { "data-ia-coach-duo": duo.id }, [
        IA.el("td", {}, [name, IA.el("span", { className: "ia-help", "data-ia-coach-changed": "",
          text: duo.file + ", gewijzigd " + lastChange(duo.data) })]),
        IA.el("td", { className: "ia-num", "data-ia-coach-weeks": "", text: weeksDone(duo.data) + " van " + total }),
        IA.el("td", { className: "ia-num", "data-ia-coach-products": "", text: String(productsFilled(programme, duo.data)) }),
        IA.el("td", { "data-ia-coach-next": "", text: nextContact(programme, duo.data, today) }),
        IA.el("td", { className: "ia-coach-actions" }, [
          button("coach-show", "Bekijken", duo.name, duo),
          button("coach-feedback", "Feedback exporteren", "voor " + duo.name, duo),
          button("coach-remove", "Verwijderen", duo.name, duo)])
      ]);
    });
    holder.appendChild(IA.el("div", { className: "ia-table-wrap" }, [IA.el("table", { className: "ia-coach-table" }, [
      IA.el("caption", { text: "Jouw duo's" }), IA.el("thead", {}, [IA.el("tr", {}, head)]), IA.el("tbody", {}, rows)])]));
  }

  function weeksWithWork(programme, data) {
    return programme.weeks.filter(function (week) {
      var progress = data.weeks[String(week.number)] || {};
      return progress.done || filled(data.products[String(week.number)]) || week.tools.some(function (t) {
        var tool = programme.tools[t];
        return tool && tool.weeks[0] === week.number && filled(data.worksheets[t]);
      });
    });
  }

  function reviewOf(duo, week) {
    return duo.review[String(week)] || { met: [], feedback: "", updated: "" };
  }

  function renderDetail(box, programme) {
    var holder = box.querySelector("[data-ia-coach-detail]");
    holder.textContent = "";
    var duo = shown.duo && load().duos[shown.duo];
    if (!duo) return;
    var worked = weeksWithWork(programme, duo.data);
    if (!shown.week || !programme.weeks.some(function (w) { return w.number === shown.week; })) {
      shown.week = worked.length ? worked[worked.length - 1].number : 1;
    }
    var select = IA.el("select", { id: "ia-coach-week", "data-ia-coach-week": "" }, programme.weeks.map(function (w) {
      var done = worked.indexOf(w) >= 0;
      var option = IA.el("option", { value: String(w.number),
        text: "Week " + w.number + ": " + w.title + (done ? "" : " (nog niets)") });
      if (w.number === shown.week) option.selected = true;
      return option;
    }));
    var week = programme.weeks.filter(function (w) { return w.number === shown.week; })[0];
    var view = IA.dossier ? IA.dossier.weekView(programme, week, duo.data) : null;
    var review = reviewOf(duo, week.number);
    var criteria = (week.criteria || []).map(function (text, i) {
      var id = "ia-coach-c-" + week.number + "-" + i;
      var tick = IA.el("input", { type: "checkbox", id: id, "data-ia-coach-criterion": String(i) });
      tick.checked = review.met[i] === true;
      return IA.el("li", {}, [tick, " ", IA.el("label", { for: id, text: text })]);
    });
    var feedbackId = "ia-coach-feedback-" + week.number;
    var feedback = IA.el("textarea", { id: feedbackId, rows: "6", "data-ia-coach-feedback": "",
      maxlength: String(FEEDBACK_TEXT_MAX) });
    feedback.value = review.feedback;
    holder.appendChild(IA.el("section", { className: "ia-coach-duo", "data-ia-coach-open": duo.id,
      "aria-labelledby": "ia-coach-duo-title" }, [
      IA.el("h2", { id: "ia-coach-duo-title", text: duo.name }),
      IA.el("p", {}, [IA.el("label", { for: "ia-coach-week", text: "Week " }), select]),
      IA.el("div", { className: "ia-coach-columns" }, [
        IA.el("div", { className: "ia-coach-product" }, [view || IA.el("p", { className: "ia-value",
          text: "Het duo heeft in deze week nog niets ingevuld." })]),
        IA.el("div", { className: "ia-coach-review", "data-ia-coach-review": String(week.number) }, [
          IA.el("h3", { text: "Een goed weekproduct…" }),
          criteria.length ? IA.el("ul", { className: "ia-coach-criteria" }, criteria)
            : IA.el("p", { text: "Deze week heeft geen punten." }),
          IA.el("p", {}, [IA.el("label", { for: feedbackId, className: "ia-label", text: "Jouw feedback bij week " +
            week.number })]),
          feedback,
          IA.el("p", { className: "ia-help", "data-ia-coach-updated": "", text: review.updated
            ? "Bewaard op " + IA.dutchDate(new Date(review.updated)) + "." : "Nog geen feedback bij deze week." })
        ])
      ]),
      IA.el("div", { className: "ia-coach-prep-holder", "data-ia-coach-prep-holder": "" }),
      logView()
    ]));
    renderPrep(box, programme);
    renderLogList(box, programme);
  }

  /* --- preparing a coaching session ------------------------------------------------------------- */

  /* The weeks a session looks back on: after the previous session's week, up to its own. */
  function sessionWeeks(programme, session) {
    var sessions = programme.coaching || [];
    var index = sessions.indexOf(session);
    var from = index > 0 && sessions[index - 1].week ? sessions[index - 1].week + 1 : 1;
    return programme.weeks.filter(function (w) { return w.number >= from && w.number <= session.week; });
  }

  /* The session to prepare first: the first one whose week the duo has not finished. */
  function nextSession(programme, data) {
    var sessions = (programme.coaching || []).filter(function (c) { return c.week; });
    return sessions.filter(function (c) { return !(data.weeks[String(c.week)] || {}).done; })[0] || sessions[sessions.length - 1];
  }

  function agreementRows(text) {
    return text.split("\n").map(function (line) { return line.trim(); }).filter(Boolean).map(function (line) {
      var parts = line.split(";").map(function (p) { return p.trim(); });
      return [parts[0] || "", parts[1] || "", parts.slice(2).join("; ")];
    });
  }

  function prepView(programme, duo, session) {
    var weeks = sessionWeeks(programme, session);
    var stored = (duo.sessions || {})[session.id] || { agreements: "", updated: "" };
    var made = weeks.map(function (week) {
      var review = duo.review[String(week.number)];
      var product = filled(duo.data.products[String(week.number)]) || week.tools.some(function (t) {
        var tool = programme.tools[t];
        return tool && tool.weeks[0] === week.number && filled(duo.data.worksheets[t]);
      });
      var count = (week.criteria || []).length;
      var met = review ? review.met.filter(Boolean).length : 0;
      return IA.el("li", { "data-ia-prep-week": String(week.number) }, [IA.el("strong", { text: "Week " + week.number + ": " +
        week.title + (/[.?!]$/.test(week.title) ? " " : ". ") }), (product ? "Weekproduct ingevuld" : "Nog geen weekproduct") + ". " +
        (review ? met + " van " + count + " punten gehaald." : "Nog niet door jou bekeken.")]);
    });
    var open = [];
    weeks.forEach(function (week) {
      var review = duo.review[String(week.number)];
      if (!review) return;
      (week.criteria || []).forEach(function (text, i) {
        if (!review.met[i]) open.push(IA.el("li", { text: "Week " + week.number + ": " + text }));
      });
    });
    var areaId = "ia-coach-agreements-" + session.id;
    var area = IA.el("textarea", { id: areaId, rows: "5", "data-ia-coach-agreements": session.id, maxlength: "5000",
      "aria-describedby": areaId + "-help" });
    area.value = stored.agreements;
    return IA.el("section", { className: "ia-coach-prep", "data-ia-coach-prep": session.id,
      "aria-labelledby": "ia-coach-prep-title" }, [
      IA.el("h3", { id: "ia-coach-prep-title", text: "Voorbereiding " + IA.cohort.contactLabel(session.id).toLowerCase() +
        ": " + session.title }),
      IA.el("p", { className: "ia-coach-prep-meta", text: duo.name + " · week " + session.week +
        (weeks.length ? " · kijkt terug op week " + weeks[0].number + " tot en met " + weeks[weeks.length - 1].number : "") }),
      IA.el("h4", { text: "Gemaakt sinds het vorige gesprek" }),
      IA.el("ul", { "data-ia-prep-made": "" }, made),
      IA.el("h4", { text: "Punten die nog niet gehaald zijn" }),
      open.length ? IA.el("ul", { "data-ia-prep-open": "" }, open)
        : IA.el("p", { "data-ia-prep-open": "", text: "Geen: je vinkte alle punten aan, of je bekeek deze weken nog niet." }),
      IA.el("h4", { text: "Vragen uit de gids" }),
      IA.el("ol", { "data-ia-prep-questions": "" }, (session.questions || []).map(function (q) { return IA.el("li", { text: q }); })),
      IA.el("h4", {}, [IA.el("label", { for: areaId, text: "Afspraken" })]),
      IA.el("p", { className: "ia-help", id: areaId + "-help", text: "Eén afspraak per regel: wat; wie; wanneer." }),
      area,
      IA.el("div", { className: "ia-print-only ia-coach-prep-print", "data-ia-coach-agreements-print": "",
        text: stored.agreements }),
      IA.el("p", { className: "ia-coach-prep-actions" }, [
        button("coach-print-prep", "Afdrukken", "de voorbereiding op A4"),
        button("coach-report", "Verslagformulier downloaden", "met dit gesprek en de afspraken, voor het duo")])
    ]);
  }

  /* The session report form (tool coachgesprek-verslag) filled with the session and the
     agreements: a worksheet file the duo imports on that tool's page. */
  function reportFile(programme, duo, session) {
    var tool = programme.tools["coachgesprek-verslag"];
    var stored = (duo.sessions || {})[session.id] || { agreements: "" };
    var time = now();
    var labels = {};
    (tool ? tool.blocks : []).forEach(function (b) { labels[b.id] = b; });
    function answer(id, value) {
      var block = labels[id] || { label: id, kind: "text" };
      var item = { value: value, label: block.label, kind: block.kind, updated: time, history: [] };
      if (block.kind === "table" && block.columns) item.columns = block.columns.slice();
      return item;
    }
    var blocks = {};
    blocks.gesprek = answer("gesprek", IA.cohort.contactLabel(session.id) + ", in week " + session.week + ": " + session.title + ".");
    blocks.besproken = answer("besproken", sessionWeeks(programme, session).map(function (w) {
      return "Week " + w.number + ": " + w.title;
    }).join("\n"));
    var rows = agreementRows(stored.agreements);
    if (rows.length) blocks.afspraken = answer("afspraken", rows);
    return JSON.stringify({ format: "impactacademie", kind: "werkblad", schema: IA.SCHEMA, exported: time, site: IA.ROOT,
      group: "worksheets", id: "coachgesprek-verslag", title: tool ? tool.title : "Verslag coachgesprek",
      definition: tool ? tool.definition : "", sheet: { definition: tool ? tool.definition : "", blocks: blocks, conflicts: {} } },
    null, 1);
  }

  /* Print the prep sheet alone: a copy of it as the only thing in the body (impactacademie.css hides the
     rest with html.ia-print-prep), so the page count is the sheet's, not the whole page's. */
  function printPrep(box) {
    printSheet(box.querySelector("[data-ia-coach-prep]"));
  }

  function printSheet(prep) {
    if (!prep) return;
    endPrintPrep();
    var sheet = IA.el("div", { className: "ia-coach-print-copy md-typeset" }, [prep.cloneNode(true)]);
    document.body.appendChild(sheet);
    document.documentElement.classList.add("ia-print-prep");
  }

  function endPrintPrep() {
    document.documentElement.classList.remove("ia-print-prep");
    document.querySelectorAll(".ia-coach-print-copy").forEach(function (node) { node.parentNode.removeChild(node); });
  }

  function renderPrep(box, programme) {
    var holder = box.querySelector("[data-ia-coach-prep-holder]");
    var duo = shown.duo && load().duos[shown.duo];
    if (!holder || !duo) return;
    holder.textContent = "";
    var sessions = (programme.coaching || []).filter(function (c) { return c.week; });
    if (!sessions.length) return;
    var session = sessions.filter(function (c) { return c.id === shown.session; })[0] || nextSession(programme, duo.data);
    shown.session = session.id;
    var select = IA.el("select", { id: "ia-coach-session", "data-ia-coach-session": "" }, sessions.map(function (c) {
      var option = IA.el("option", { value: c.id, text: IA.cohort.contactLabel(c.id) + " (week " + c.week + "): " + c.title });
      if (c.id === session.id) option.selected = true;
      return option;
    }));
    holder.appendChild(IA.el("h3", { text: "Een coachgesprek voorbereiden" }));
    holder.appendChild(IA.el("p", {}, [IA.el("label", { for: "ia-coach-session", text: "Gesprek " }), select]));
    holder.appendChild(prepView(programme, duo, session));
  }

  /* --- the log ------------------------------------------------------------------------------------- */

  /* A duo's log with the agreements of its coaching sessions, newest first, filtered by `query`. */
  function logEntries(programme, duo, query) {
    var entries = duo.log.map(function (e) { return { id: e.id, date: e.date, text: e.text, kind: "note" }; });
    Object.keys(duo.sessions || {}).forEach(function (session) {
      var item = duo.sessions[session];
      if (!item.agreements.trim()) return;
      entries.push({ id: session, date: item.updated.slice(0, 10), kind: "agreements",
        text: "Afspraken " + IA.cohort.contactLabel(session).toLowerCase() + ":\n" + item.agreements.trim() });
    });
    var words = (query || "").toLowerCase().split(/\s+/).filter(Boolean);
    return entries.filter(function (e) {
      var text = (e.date + " " + e.text).toLowerCase();
      return words.every(function (w) { return text.indexOf(w) >= 0; });
    }).sort(function (a, b) { return a.date < b.date ? 1 : a.date > b.date ? -1 : 0; });
  }

  function renderLogList(box, programme) {
    var list = box.querySelector("[data-ia-coach-log-list]");
    var duo = shown.duo && load().duos[shown.duo];
    if (!list || !duo) return;
    var query = box.querySelector("[data-ia-coach-log-search]").value;
    var entries = logEntries(programme, duo, query);
    list.textContent = "";
    if (!entries.length) {
      list.appendChild(IA.el("li", { text: query ? "Niets gevonden." : "Nog geen notities." }));
      return;
    }
    entries.forEach(function (e) {
      var date = IA.parseDate(e.date);
      list.appendChild(IA.el("li", { "data-ia-coach-log-entry": e.id }, [
        IA.el("strong", { text: date ? IA.dutchDate(date) : e.date }), " ",
        IA.el("span", { className: "ia-value", text: e.text }), " ",
        e.kind === "note" ? button("coach-log-remove", "Verwijderen", "de notitie van " + (date ? IA.dutchDate(date) : e.date),
          null, { "data-ia-log": e.id }) : null]));
    });
  }

  function logView() {
    var today = IA.isoDate(new Date());
    return IA.el("section", { className: "ia-coach-log", "aria-labelledby": "ia-coach-log-title" }, [
      IA.el("h3", { id: "ia-coach-log-title", text: "Logboek" }),
      IA.el("p", { className: "ia-help", text: "Notities en afspraken bij dit duo, met een datum. Alleen jij ziet ze." }),
      IA.el("p", {}, [IA.el("label", { for: "ia-coach-log-date", className: "ia-label", text: "Datum " }),
        IA.el("input", { type: "date", id: "ia-coach-log-date", value: today, "data-ia-coach-log-date": "" })]),
      IA.el("p", {}, [IA.el("label", { for: "ia-coach-log-text", className: "ia-label", text: "Notitie" })]),
      IA.el("textarea", { id: "ia-coach-log-text", rows: "3", maxlength: String(FEEDBACK_TEXT_MAX), "data-ia-coach-log-text": "" }),
      IA.el("p", {}, [button("coach-log-add", "Notitie toevoegen")]),
      IA.el("p", {}, [IA.el("label", { for: "ia-coach-log-search", className: "ia-label", text: "Zoeken in het logboek " }),
        IA.el("input", { type: "search", id: "ia-coach-log-search", "data-ia-coach-log-search": "" })]),
      IA.el("ul", { className: "ia-coach-log-list", "data-ia-coach-log-list": "" })
    ]);
  }

  /* --- intervisie ---------------------------------------------------------------------------------- */

  /* Groups of three or four duos, in the order of their names: as many groups as four per group needs. */
  function proposeGroups(list) {
    var count = Math.max(1, Math.ceil(list.length / 4));
    var groups = {};
    var size = Math.floor(list.length / count);
    var extra = list.length % count;
    var at = 0;
    for (var g = 1; g <= count; g += 1) {
      var take = size + (g <= extra ? 1 : 0);
      list.slice(at, at + take).forEach(function (duo) { groups[duo.id] = g; });
      at += take;
    }
    return groups;
  }

  function groupsOf(list) {
    var stored = load().groups || {};
    var proposed = proposeGroups(list);
    var byGroup = {};
    list.forEach(function (duo) {
      var g = stored[duo.id] || proposed[duo.id];
      (byGroup[g] = byGroup[g] || []).push(duo);
    });
    return byGroup;
  }

  /* Who brings the case, who chairs and who keeps time, turn by turn; the coach chairs the first two. */
  function rotation(programme, members) {
    var roles = (programme.intervisie && programme.intervisie.roles) || ["Inbrenger", "Gespreksleider", "Tijdbewaker"];
    var k = members.length;
    return ((programme.intervisie && programme.intervisie.sessions) || []).map(function (session, i) {
      return {
        session: session,
        roles: roles.slice(0, 3),
        people: [
          members[i % k].name,
          i < 2 ? "de begeleider" : members[(i + 1) % k].name,
          k > 2 ? members[(i + 2) % k].name : members[(i + 1) % k].name
        ].slice(0, Math.min(3, roles.length))
      };
    });
  }

  function intervisieView(programme) {
    var list = duos();
    var byGroup = groupsOf(list);
    var numbers = Object.keys(byGroup).map(Number).sort(function (a, b) { return a - b; });
    var most = Math.max(numbers[numbers.length - 1] || 1, Math.ceil(list.length / 3));
    var choose = IA.el("table", { className: "ia-coach-groups" }, [IA.el("caption", { text: "Indeling in groepen" }),
      IA.el("thead", {}, [IA.el("tr", {}, [IA.el("th", { scope: "col", text: "Duo" }), IA.el("th", { scope: "col", text: "Groep" })])]),
      IA.el("tbody", {}, list.map(function (duo) {
        var current = numbers.filter(function (n) { return byGroup[n].indexOf(duo) >= 0; })[0];
        var select = IA.el("select", { "data-ia-coach-group": duo.id, "aria-label": "Groep van " + duo.name }, []);
        for (var n = 1; n <= most; n += 1) {
          var option = IA.el("option", { value: String(n), text: "Groep " + n });
          if (n === current) option.selected = true;
          select.appendChild(option);
        }
        return IA.el("tr", {}, [IA.el("th", { scope: "row", text: duo.name }), IA.el("td", {}, [select])]);
      }))]);
    var schedules = numbers.map(function (n) {
      var members = byGroup[n];
      var warn = members.length < 3 || members.length > 4
        ? IA.el("p", { className: "ia-help", text: "Deze groep heeft " + members.length + " duo's. Intervisie werkt het best met drie of vier." })
        : null;
      var turns = rotation(programme, members);
      return IA.el("section", { className: "ia-coach-schedule", "data-ia-coach-schedule": String(n) }, [
        IA.el("h4", { text: "Groep " + n + ": " + members.map(function (d) { return d.name; }).join(", ") }),
        warn,
        IA.el("table", {}, [
          IA.el("thead", {}, [IA.el("tr", {}, [IA.el("th", { scope: "col", text: "Intervisie" })].concat(
            (turns[0] ? turns[0].roles : []).map(function (r) { return IA.el("th", { scope: "col", text: r }); })))]),
          IA.el("tbody", {}, turns.map(function (t) {
            return IA.el("tr", { "data-ia-coach-turn": t.session.id }, [IA.el("th", { scope: "row",
              text: IA.cohort.contactLabel(t.session.id) + " (week " + t.session.week + "): " + t.session.theme })].concat(
              t.people.map(function (p) { return IA.el("td", { text: p }); })));
          }))
        ])
      ]);
    });
    return IA.el("section", { className: "ia-coach-intervisie", "data-ia-coach-intervisie": "", "aria-labelledby": "ia-coach-iv-title" }, [
      IA.el("h2", { id: "ia-coach-iv-title", text: "Intervisie plannen" }),
      IA.el("p", { text: "De site deelt de duo's in groepen van drie of vier, op volgorde van naam. Kies zelf een andere " +
        "groep als dat beter past. De rollen rouleren: elk duo brengt om de beurt een vraag in. Bij de eerste twee " +
        "keer ben jij gespreksleider." }),
      choose,
      IA.el("div", { className: "ia-coach-plan", "data-ia-coach-plan": "" }, [IA.el("h3", { text: "Rooster voor de intervisie" })].concat(schedules)),
      IA.el("p", {}, [button("coach-print-plan", "Rooster afdrukken"), button("coach-groups-reset", "Opnieuw indelen", "op volgorde van naam")])
    ]);
  }

  function renderIntervisie(box, programme) {
    var holder = box.querySelector("[data-ia-coach-intervisie-holder]");
    if (!holder) return;
    holder.textContent = "";
    if (duos().length) holder.appendChild(intervisieView(programme));
  }

  function render(box, programme) {
    renderPrivacy(box);
    renderOverview(box, programme);
    renderDetail(box, programme);
    renderIntervisie(box, programme);
  }

  /* --- binding ---------------------------------------------------------------------------------- */

  function storeReview(box, duoId, week, criteriaCount) {
    var review = box.querySelector("[data-ia-coach-review='" + week + "']");
    if (!review) return;
    var met = [];
    for (var i = 0; i < criteriaCount; i += 1) {
      var input = review.querySelector("[data-ia-coach-criterion='" + i + "']");
      met.push(!!(input && input.checked));
    }
    var text = review.querySelector("[data-ia-coach-feedback]").value;
    var time = now();
    var ok = change(function (s) {
      if (!s.duos[duoId]) return;
      s.duos[duoId].review[String(week)] = { met: met, feedback: text, updated: time };
    });
    var note = review.querySelector("[data-ia-coach-updated]");
    note.textContent = ok ? "Bewaard op " + IA.dutchDate(new Date(time)) + "." : NOT_SAVED.replace(" Er is niets veranderd.",
      " Je tekst staat nog op het scherm; kopieer hem voordat je de pagina sluit.");
  }

  function bind(box, programme) {
    if (box.dataset.iaReady) return;
    box.dataset.iaReady = "1";
    var input = box.querySelector("[data-ia-coach-file]");
    box.addEventListener("click", function (event) {
      var target = event.target.closest("[data-ia-action]");
      if (!target) return;
      var action = target.getAttribute("data-ia-action");
      var duo = target.getAttribute("data-ia-duo") && load().duos[target.getAttribute("data-ia-duo")];
      if (action === "coach-open") {
        input.click();
      } else if (action === "coach-clear") {
        if (!window.confirm("Wil je echt alle duo's en al je vinkjes en feedback van dit apparaat verwijderen?")) {
          IA.say(box, "Niets verwijderd.");
          return;
        }
        try {
          window.localStorage.removeItem(KEY);
        } catch {
          IA.say(box, "Verwijderen lukte niet: deze browser laat de site niets veranderen.");
          return;
        }
        store = blank();
        unreadable = false;
        shown = { duo: null, week: null, session: null };
        render(box, programme);
        IA.say(box, "Alles is verwijderd van dit apparaat.");
      } else if (action === "coach-show" && duo) {
        shown = { duo: duo.id, week: null, session: null };
        renderDetail(box, programme);
        var title = box.querySelector("#ia-coach-duo-title");
        if (title) {
          title.setAttribute("tabindex", "-1");
          title.focus();
        }
      } else if (action === "coach-feedback" && duo) {
        IA.download("feedback-" + slug(duo.name) + "-" + IA.isoDate(new Date()) + ".json", feedbackFile(programme, duo),
          "application/json");
        IA.say(box, "De feedback voor " + duo.name + " is geëxporteerd. Stuur het bestand naar het duo.");
      } else if (action === "coach-print-prep") {
        printPrep(box);
        var done = function () {
          endPrintPrep();
          window.removeEventListener("afterprint", done);
        };
        window.addEventListener("afterprint", done);
        window.print();
      } else if (action === "coach-report") {
        var current = load().duos[shown.duo];
        var session = (programme.coaching || []).filter(function (c) { return c.id === shown.session; })[0];
        if (!current || !session) return;
        IA.download("verslag-" + session.id.toLowerCase() + "-" + slug(current.name) + ".json",
          reportFile(programme, current, session), "application/json");
        IA.say(box, "Het verslagformulier is gedownload. Het duo importeert het op de pagina van de tool Verslag coachgesprek.");
      } else if (action === "coach-log-add") {
        var dateField = box.querySelector("[data-ia-coach-log-date]");
        var textField = box.querySelector("[data-ia-coach-log-text]");
        var note = textField.value.trim();
        var day = DAY.test(dateField.value) ? dateField.value : IA.isoDate(new Date());
        if (!note) {
          IA.say(box, "Schrijf eerst een notitie.");
          return;
        }
        var entry = { id: IA.hash([day, note, now()]), date: day, text: note };
        if (change(function (s) { if (s.duos[shown.duo]) s.duos[shown.duo].log.push(entry); })) {
          textField.value = "";
          renderLogList(box, programme);
          IA.say(box, "De notitie is bewaard.");
        } else {
          IA.say(box, NOT_SAVED + " Je notitie staat nog in het veld.");
        }
      } else if (action === "coach-log-remove") {
        var logId = target.getAttribute("data-ia-log");
        if (!window.confirm("Wil je deze notitie verwijderen?")) return;
        change(function (s) {
          var d = s.duos[shown.duo];
          if (d) d.log = d.log.filter(function (e) { return e.id !== logId; });
        });
        renderLogList(box, programme);
        IA.say(box, "De notitie is verwijderd.");
      } else if (action === "coach-export") {
        IA.download("werkplek-begeleider-" + IA.isoDate(new Date()) + ".json", workspaceFile(), "application/json");
        IA.say(box, "De werkplek is geëxporteerd. Open het bestand op je andere apparaat met Dossiers openen. " +
          "Er staan gegevens van duo's in: bewaar het veilig.");
      } else if (action === "coach-groups-reset") {
        change(function (s) { s.groups = {}; });
        renderIntervisie(box, programme);
        IA.say(box, "De groepen zijn opnieuw ingedeeld.");
      } else if (action === "coach-print-plan") {
        printSheet(box.querySelector("[data-ia-coach-plan]"));
        var over = function () {
          endPrintPrep();
          window.removeEventListener("afterprint", over);
        };
        window.addEventListener("afterprint", over);
        window.print();
      } else if (action === "coach-remove" && duo) {
        if (!window.confirm("Wil je " + duo.name + " en je feedback voor dit duo van dit apparaat verwijderen?")) {
          IA.say(box, "Niets verwijderd.");
          return;
        }
        var name = duo.name;
        var ok = change(function (s) { delete s.duos[duo.id]; });
        if (ok && shown.duo === duo.id) shown = { duo: null, week: null, session: null };
        render(box, programme);
        IA.say(box, ok ? name + " is verwijderd van dit apparaat." : NOT_SAVED);
      }
    });
    box.addEventListener("change", function (event) {
      var target = event.target;
      if (target.matches("[data-ia-coach-week]")) {
        shown.week = Number(target.value);
        renderDetail(box, programme);
        box.querySelector("[data-ia-coach-week]").focus();
      } else if (target.matches("[data-ia-coach-session]")) {
        shown.session = target.value;
        renderPrep(box, programme);
        box.querySelector("[data-ia-coach-session]").focus();
      } else if (target.matches("[data-ia-coach-group]")) {
        var duoId = target.getAttribute("data-ia-coach-group");
        var number = Number(target.value);
        var list = duos();
        var current = groupsOf(list);
        var ok2 = change(function (s) {
          /* fix every duo's group as shown now, then move this one */
          Object.keys(current).forEach(function (g) { current[g].forEach(function (d) { s.groups[d.id] = Number(g); }); });
          s.groups[duoId] = number;
        });
        renderIntervisie(box, programme);
        var again = box.querySelector("[data-ia-coach-group='" + duoId + "']");
        if (again) again.focus();
        IA.say(box, ok2 ? "De groep is bewaard." : NOT_SAVED);
      } else if (target.matches("[data-ia-coach-criterion]")) {
        var week = Number(target.closest("[data-ia-coach-review]").getAttribute("data-ia-coach-review"));
        var info = programme.weeks.filter(function (w) { return w.number === week; })[0];
        storeReview(box, shown.duo, week, (info.criteria || []).length);
        renderPrep(box, programme);   /* its open criteria follow the ticks */
      } else if (target.matches("[data-ia-coach-name]")) {
        var id = target.getAttribute("data-ia-coach-name");
        var text = target.value.trim() || load().duos[id].name;
        var ok = change(function (s) { if (s.duos[id]) s.duos[id].name = text; });
        IA.say(box, ok ? "De naam is bewaard." : NOT_SAVED);
        renderDetail(box, programme);
        renderIntervisie(box, programme);
      }
    });
    box.addEventListener("input", function (event) {
      var target = event.target;
      if (target.matches("[data-ia-coach-log-search]")) {
        renderLogList(box, programme);
        return;
      }
      if (target.matches("[data-ia-coach-agreements]")) {
        var session = target.getAttribute("data-ia-coach-agreements");
        var text = target.value;
        var time = now();
        var ok = change(function (s) {
          var duo = s.duos[shown.duo];
          if (!duo) return;
          duo.sessions = duo.sessions || {};
          duo.sessions[session] = { agreements: text, updated: time };
        });
        var mirror = target.parentNode.querySelector("[data-ia-coach-agreements-print]");
        if (mirror) mirror.textContent = text;
        if (!ok) IA.say(box, NOT_SAVED);
        renderLogList(box, programme);   /* the agreements are part of the log */
        return;
      }
      if (!target.matches("[data-ia-coach-feedback]")) return;
      var week = Number(target.closest("[data-ia-coach-review]").getAttribute("data-ia-coach-review"));
      var info = programme.weeks.filter(function (w) { return w.number === week; })[0];
      storeReview(box, shown.duo, week, (info.criteria || []).length);
    });
    input.addEventListener("change", function () {
      var files = Array.prototype.slice.call(input.files || []);
      Promise.all(files.map(function (file) {
        return IA.readFile(file).then(function (text) { return readDuo(file.name, text); }, function (error) {
          return { name: file.name, error: error && error.message ? error.message : "Dit bestand kan de site niet lezen." };
        });
      })).then(function (results) {
        var report = addDuos(results);
        render(box, programme);
        IA.say(box, report);
        input.value = "";
      });
    });
    render(box, programme);
    box.hidden = false;
    box.setAttribute("data-ia-rendered", "");
  }

  IA.onPage(function () {
    var boxes = document.querySelectorAll("[data-ia-coach]");
    if (!boxes.length) return;
    IA.data().then(function (programme) {
      boxes.forEach(function (box) { bind(box, programme); });
    });
  });

  IA.coach = { KEY: KEY, feedbackFile: feedbackFile, readDuo: readDuo, printPrep: printPrep, printSheet: printSheet,
    endPrintPrep: endPrintPrep, proposeGroups: proposeGroups };
})();
