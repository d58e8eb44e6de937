/* The coach's feedback in the duo's browser (issue 20): a duo imports the feedback file its coach
 * wrote in the workspace (ia-coach.js) through the dossier's import, and sees it read-only and
 * dated beside the weekly product (week page), beside the worksheet (tool page) and in its own
 * dossier. Loaded by ia-store.js only where that can show: the dossier page, and week and tool
 * pages once this browser holds feedback.
 */
(function () {
  "use strict";

  var IA = window.IA;
  if (!IA) return;

  var FEEDBACK_TEXT_MAX = 20000;

  function now() {
    return new Date().toISOString();
  }

  function isObject(value) {
    return value !== null && typeof value === "object" && !Array.isArray(value);
  }

  /* Feedback a duo imported (a coach's feedback file) lives under its own key, never in the duo's
     answers: read-only, dated, shown beside the weekly product (week page) and in the dossier.
     { schema: 1, weeks: { "<week>": { coach: "<name in the file>", title, criteria: [{text, met}],
     feedback, updated, received } } } */
  var FEEDBACK_KEY = "impactacademie:feedback";
  var TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,3})?Z$/;

  function refused(text) {
    var error = new Error(text);
    error.iaRefusal = true;
    return error;
  }

  function text(value, max, what) {
    if (typeof value !== "string" || value.length > max) throw refused(what + " in dit feedbackbestand klopt niet.");
    return value;
  }

  /* A feedback file, checked completely (it comes from outside). Throws with a Dutch message. */
  function parseFeedback(raw) {
    var file;
    try {
      file = JSON.parse(String(raw).replace(/^\uFEFF/, ""));
    } catch {
      throw refused("Dit bestand is geen JSON-bestand van de ImpactAcademie.");
    }
    if (!isObject(file) || file.format !== "impactacademie" || file.kind !== "feedback") {
      throw refused("Dit is geen feedbackbestand van een begeleider.");
    }
    if (typeof file.schema !== "number" || file.schema > IA.SCHEMA) {
      throw refused("Dit bestand komt van een nieuwere versie van de site. Herlaad de pagina en probeer het opnieuw.");
    }
    var name = text(file.name, 200, "De naam");
    if (!isObject(file.weeks) || Object.keys(file.weeks).length > 200) throw refused("De weken in dit feedbackbestand kloppen niet.");
    var weeks = {};
    Object.keys(file.weeks).forEach(function (week) {
      if (!/^[1-9][0-9]{0,2}$/.test(week)) throw refused(JSON.stringify(week).slice(0, 40) + " is geen week.");
      var item = file.weeks[week];
      if (!isObject(item) || !Array.isArray(item.criteria) || item.criteria.length > 50) {
        throw refused("Week " + week + " in dit feedbackbestand klopt niet.");
      }
      if (typeof item.updated !== "string" || !TIME.test(item.updated)) throw refused("De datum bij week " + week + " klopt niet.");
      weeks[week] = {
        coach: name,
        title: text(item.title === undefined ? "" : item.title, 500, "De titel van week " + week),
        criteria: item.criteria.map(function (c) {
          if (!isObject(c) || typeof c.met !== "boolean") throw refused("Een punt bij week " + week + " klopt niet.");
          return { text: text(c.text, 2000, "Een punt bij week " + week), met: c.met };
        }),
        feedback: text(item.feedback, FEEDBACK_TEXT_MAX, "De feedback bij week " + week),
        updated: item.updated
      };
    });
    return weeks;
  }

  function storedFeedback() {
    try {
      var raw = window.localStorage.getItem(FEEDBACK_KEY);
      if (raw === null) return {};
      var parsed = JSON.parse(raw);
      return isObject(parsed) && parsed.schema === 1 && isObject(parsed.weeks) ? parsed.weeks : {};
    } catch {
      return {};
    }
  }

  /* Import a feedback file: a week's feedback is replaced by a newer one, never by an older one.
     Throws (Dutch) and changes nothing when the file is wrong or cannot be stored. */
  function importFeedback(raw) {
    var incoming = parseFeedback(raw);
    var weeks = storedFeedback();
    var taken = 0;
    var received = now();
    Object.keys(incoming).forEach(function (week) {
      if (weeks[week] && weeks[week].updated > incoming[week].updated) return;
      weeks[week] = incoming[week];
      weeks[week].received = received;
      taken += 1;
    });
    try {
      window.localStorage.setItem(FEEDBACK_KEY, JSON.stringify({ schema: 1, weeks: weeks }));
    } catch {
      throw refused("Bewaren lukte niet: de opslag van deze browser is vol of geblokkeerd. Er is niets veranderd.");
    }
    renderFeedback();
    return taken === 1 ? "Feedback van jullie begeleider bij 1 week opgeslagen."
      : "Feedback van jullie begeleider bij " + taken + " weken opgeslagen.";
  }

  /* The coach's feedback on one week, read-only, or null. */
  function feedbackNode(week) {
    var item = storedFeedback()[String(week)];
    if (!item) return null;
    var date = new Date(item.updated);
    var met = item.criteria.filter(function (c) { return c.met; });
    var open = item.criteria.filter(function (c) { return !c.met; });
    var parts = [IA.el("p", { className: "ia-coach-feedback-title" }, [IA.el("strong", { text: "Feedback van jullie begeleider" }),
      " (" + item.coach + ", " + (isNaN(date.getTime()) ? "" : IA.dutchDate(date)) + ")"])];
    if (item.feedback.trim()) parts.push(IA.el("p", { className: "ia-value", text: item.feedback }));
    if (met.length) {
      parts.push(IA.el("p", { text: "Al goed:" }), IA.el("ul", {}, met.map(function (c) { return IA.el("li", { text: c.text }); })));
    }
    if (open.length) {
      parts.push(IA.el("p", { text: "Nog niet, of niet gezien:" }),
        IA.el("ul", {}, open.map(function (c) { return IA.el("li", { text: c.text }); })));
    }
    return IA.el("aside", { className: "ia-coach-feedback", "data-ia-coach-feedback-week": String(week),
      "aria-label": "Feedback van jullie begeleider bij week " + week }, parts);
  }

  /* Week pages: the feedback beside the weekly product. Tool pages: beside the worksheet, the
     feedback on the weeks whose product it is. */
  function renderFeedback() {
    document.querySelectorAll("[data-ia-feedback]").forEach(function (holder) {
      var node = feedbackNode(holder.getAttribute("data-ia-feedback"));
      holder.textContent = "";
      if (node) holder.appendChild(node);
      holder.hidden = !node;
    });
    var sheets = document.querySelectorAll("[data-ia-worksheet]");
    if (!sheets.length || !Object.keys(storedFeedback()).length) return;
    IA.data().then(function (programme) {
      sheets.forEach(function (box) {
        var tool = programme.tools[box.getAttribute("data-ia-worksheet")];
        var holder = box.nextElementSibling && box.nextElementSibling.hasAttribute("data-ia-feedback-tool")
          ? box.nextElementSibling : null;
        if (!holder) {
          holder = IA.el("div", { className: "ia-feedback-holder", "data-ia-feedback-tool": box.getAttribute("data-ia-worksheet") });
          box.parentNode.insertBefore(holder, box.nextSibling);
        }
        holder.textContent = "";
        (tool ? tool.weeks : []).forEach(function (week) {
          var node = feedbackNode(week);
          if (node) holder.appendChild(node);
        });
      });
    }).catch(function () { /* without the data file there is no feedback beside the worksheet */ });
  }

  IA.feedback = { parse: parseFeedback, importText: importFeedback, node: feedbackNode, KEY: FEEDBACK_KEY,
    TEXT_MAX: FEEDBACK_TEXT_MAX };
  IA.onPage(renderFeedback);
})();
