/* Progress: a week is marked done with its "klaar" checkbox, and so is each numbered step of its
 * duo assignment. Week pages show the steps done; module pages and the year overview show how
 * many weeks (and steps) are done and mark the finished weeks in their tables.
 * Stored in IA state as weeks: {"3": {done: true, steps: {"1": true}}}.
 */
(function () {
  "use strict";

  var IA = window.IA;

  function weekState(number) {
    return IA.get().weeks[String(number)] || { done: false, steps: {} };
  }

  function stepsDone(number) {
    var steps = weekState(number).steps || {};
    return Object.keys(steps).filter(function (k) { return steps[k]; }).length;
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
      IA.say(panel, value ? "Week " + number + " staat op klaar." : "Week " + number + " staat niet meer op klaar.");
    });
    document.querySelectorAll("input[data-ia-step][data-ia-week='" + number + "']").forEach(function (box) {
      var step = box.getAttribute("data-ia-step");
      box.addEventListener("change", function () {
        var value = box.checked;
        setWeek(number, function (week) {
          if (value) week.steps[step] = true;
          else delete week.steps[step];
        });
        var total = Number(panel.getAttribute("data-ia-steps"));
        IA.say(panel, "Stap " + step + (value ? " is klaar. " : " is niet meer klaar. ") +
          stepsDone(number) + " van " + total + " stappen klaar.");
      });
      box.closest(".ia-step-check").hidden = false;
    });
    panel.hidden = false;
  }

  function renderWeek(panel) {
    var number = Number(panel.getAttribute("data-ia-week"));
    var total = Number(panel.getAttribute("data-ia-steps"));
    var state = weekState(number);
    panel.querySelector("[data-ia-week-done]").checked = !!state.done;
    document.querySelectorAll("input[data-ia-step][data-ia-week='" + number + "']").forEach(function (box) {
      box.checked = !!(state.steps || {})[box.getAttribute("data-ia-step")];
      box.closest("li") && box.closest("li").classList.toggle("ia-step-done", box.checked);
    });
    var count = panel.querySelector("[data-ia-step-count]");
    if (count) {
      var done = stepsDone(number);
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
        stepsTotal += w.steps;
        steps += Math.min(stepsDone(w.number), w.steps);
      });
    }
    var text = done + " van " + plural(weeks.length, "week", "weken") + " klaar";
    if (stepsTotal) text += " · " + steps + " van " + plural(stepsTotal, "stap", "stappen") + " klaar";
    block.querySelector("[data-ia-progress-text]").textContent = text;
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
