/* Progress: a week is marked done with its "klaar" checkbox, and so is each numbered step of its
 * duo assignment. Week pages show the steps done; module pages and the year overview show how
 * many weeks (and steps) are done and mark the finished weeks in their tables.
 * Stored in IA state as weeks: {"3": {done: true, steps: {"s-1a2b3c4d": true}}}: a step is keyed
 * by its id (the week panel's data-ia-step-ids, step_ids in the programme data), a hash of the
 * step's text, so a step inserted above it moves no tick. Ticks stored by number (schema 1) are
 * mapped to ids by IA.resolveSteps the first time a page knows the ids, and so are ticks stored
 * under an id from before issue 15 (data-ia-step-aliases, step_aliases: "old:new").
 */
(function () {
  "use strict";

  var IA = window.IA;

  function weekState(number) {
    return IA.get().weeks[String(number)] || { done: false, steps: {} };
  }

  /* The step ids of a week page, in step order (from the week panel). */
  function stepIds(panel) {
    var ids = (panel.getAttribute("data-ia-step-ids") || "").split(" ").filter(Boolean);
    return ids.length === Number(panel.getAttribute("data-ia-steps")) ? ids : [];
  }

  /* {old id: id now} of a week page's steps (from the week panel: "old:new old:new"). */
  function stepAliases(panel) {
    var aliases = {};
    (panel.getAttribute("data-ia-step-aliases") || "").split(" ").forEach(function (pair) {
      var parts = pair.split(":");
      if (parts.length === 2) aliases[parts[0]] = parts[1];
    });
    return aliases;
  }

  /* The key of a step checkbox: its step id, or its number on a page without ids. */
  function stepKey(panel, box) {
    var number = box.getAttribute("data-ia-step");
    return stepIds(panel)[Number(number) - 1] || number;
  }

  function stepsDone(number, ids) {
    return IA.stepsDone(number, ids);
  }

  function plural(n, one, many) {
    return n + " " + (n === 1 ? one : many);
  }

  /* --- week pages -------------------------------------------------------------------------- */

  function setWeek(number, change) {
    IA.update(function (s) {
      var week = s.weeks[String(number)] = s.weeks[String(number)] || { done: false, steps: {} };
      week.steps = week.steps || {};
      change(week);
    }, "progress");
  }

  function bindWeek(panel) {
    if (panel.dataset.iaReady) return;
    panel.dataset.iaReady = "1";
    var number = Number(panel.getAttribute("data-ia-week"));
    var done = panel.querySelector("[data-ia-week-done]");
    done.addEventListener("change", function () {
      var value = done.checked;
      setWeek(number, function (week) { week.done = value; });
      IA.say(panel, IA.saveProblem() ? "Niet opgeslagen. Lees de melding bovenaan de pagina." :
        value ? "Week " + number + " staat op klaar." : "Week " + number + " staat niet meer op klaar.");
    });
    document.querySelectorAll("input[data-ia-step][data-ia-week='" + number + "']").forEach(function (box) {
      var step = box.getAttribute("data-ia-step");
      box.addEventListener("change", function () {
        var value = box.checked;
        var key = stepKey(panel, box);
        setWeek(number, function (week) {
          if (value) week.steps[key] = true;
          else delete week.steps[key];
        });
        var total = Number(panel.getAttribute("data-ia-steps"));
        IA.say(panel, IA.saveProblem() ? "Niet opgeslagen. Lees de melding bovenaan de pagina." :
          "Stap " + step + (value ? " is klaar. " : " is niet meer klaar. ") +
          stepsDone(number, stepIds(panel)) + " van " + total + " stappen klaar.");
      });
      box.closest(".ia-step-check").hidden = false;
    });
    panel.hidden = false;
  }

  function renderWeek(panel) {
    var number = Number(panel.getAttribute("data-ia-week"));
    var total = Number(panel.getAttribute("data-ia-steps"));
    IA.resolveSteps(number, stepIds(panel), stepAliases(panel));
    var state = weekState(number);
    panel.querySelector("[data-ia-week-done]").checked = !!state.done;
    document.querySelectorAll("input[data-ia-step][data-ia-week='" + number + "']").forEach(function (box) {
      box.checked = (state.steps || {})[stepKey(panel, box)] === true;
      box.closest("li") && box.closest("li").classList.toggle("ia-step-done", box.checked);
    });
    var count = panel.querySelector("[data-ia-step-count]");
    if (count) {
      var done = stepsDone(number, stepIds(panel));
      count.textContent = done + " van " + plural(total, "stap", "stappen") + " klaar";
      var bar = panel.querySelector("progress");
      if (bar) bar.value = done;
    }
    panel.classList.toggle("ia-week-panel--done", !!state.done);
  }

  /* --- module pages and the year overview -------------------------------------------------- */

  function followingTable(node) {
    var next = node.nextElementSibling;
    while (next && !next.matches("table, .md-typeset__scrollwrap, .md-typeset__table, h2, h3, [data-ia-progress]")) {
      next = next.nextElementSibling;
    }
    if (!next || next.matches("h2, h3, [data-ia-progress]")) return null;
    return next.matches("table") ? next : next.querySelector("table");
  }

  /* "klaar" after the title of each finished week in the table under the progress block. */
  function markTable(block, weeks) {
    var table = followingTable(block);
    if (!table || !table.tBodies[0]) return;
    Array.prototype.forEach.call(table.tBodies[0].rows, function (row) {
      var number = Number((row.cells[0] || {}).textContent);
      var old = row.querySelector(".ia-done-badge");
      if (old) old.remove();
      if (weeks.indexOf(number) >= 0 && weekState(number).done && row.cells[1]) {
        row.cells[1].appendChild(IA.el("span", { className: "ia-done-badge", text: "klaar" }));
      }
    });
  }

  function renderProgress(block, data) {
    var weeks = block.getAttribute("data-ia-progress").split(" ").map(Number);
    var done = weeks.filter(function (n) { return weekState(n).done; }).length;
    var steps = 0;
    var stepsTotal = 0;
    if (data) {
      data.weeks.forEach(function (w) {
        if (weeks.indexOf(w.number) < 0) return;
        IA.resolveSteps(w.number, w.step_ids, w.step_aliases);
        stepsTotal += w.steps;
        steps += Math.min(stepsDone(w.number, w.step_ids), w.steps);
      });
    }
    var line = block.querySelector("[data-ia-progress-text]");
    var text = done + " van " + plural(weeks.length, "week", "weken") + " klaar";
    if (stepsTotal) {
      text += " · " + steps + " van " + plural(stepsTotal, "stap", "stappen") + " klaar";
    } else if (!data && line.textContent.indexOf(" · ") >= 0) {
      /* The steps come with the programme data, a moment later: until then the line keeps its
         steps part as the page has it, so it does not get one line shorter and then longer again
         (on a phone that moved the text below it twice). */
      text += line.textContent.slice(line.textContent.indexOf(" · "));
    }
    line.textContent = text;
    var bar = block.querySelector("progress");
    if (bar) bar.value = done;
    block.hidden = false;
    if (data) block.setAttribute("data-ia-complete", "");
    markTable(block, weeks);
  }

  function render() {
    document.querySelectorAll(".ia-week-panel[data-ia-week]").forEach(function (panel) {
      bindWeek(panel);
      renderWeek(panel);
    });
    var blocks = document.querySelectorAll("[data-ia-progress]");
    if (!blocks.length) return;
    blocks.forEach(function (block) { renderProgress(block, null); });
    IA.data().then(function (data) {
      document.querySelectorAll("[data-ia-progress]").forEach(function (block) { renderProgress(block, data); });
    }).catch(function () { /* weeks only */ });
  }

  IA.progress = { weekState: weekState, stepsDone: stepsDone };
  IA.subscribe(function () { render(); });
  IA.onPage(render);
})();
