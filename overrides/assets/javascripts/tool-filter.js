/* Tool index filter: show tools by module, time and who takes part.
   Progressive enhancement: without JavaScript the full table shows and the filter stays hidden.
   Loaded by ia-store.js where a page has the filter; runs on every page swap (IA.onPage). */
(function () {
  "use strict";

  function setup() {
    var box = document.querySelector("[data-ia-filter]");
    if (!box || box.dataset.iaReady) return;
    box.dataset.iaReady = "1";
    var table = box.parentElement.querySelector("table");
    if (!table) return;
    var module = box.querySelector("[data-ia-filter-module]");
    var time = box.querySelector("[data-ia-filter-time]");
    var who = box.querySelector("[data-ia-filter-who]");
    var status = box.querySelector(".ia-filter-count");
    var rows = Array.prototype.slice.call(table.tBodies[0].rows);

    function apply() {
      var shown = 0;
      rows.forEach(function (row) {
        var link = row.querySelector("a[data-module]");
        var ok = true;
        if (module.value || time.value || who.value) {
          if (!link) {
            ok = false; /* planned tools have no data yet */
          } else {
            if (module.value && link.dataset.module.split(" ").indexOf(module.value) < 0) ok = false;
            if (time.value && Number(link.dataset.minutes) > Number(time.value)) ok = false;
            if (who.value && link.dataset.who.split(" ").indexOf(who.value) < 0) ok = false;
          }
        }
        row.hidden = !ok;
        if (ok) shown += 1;
      });
      status.textContent = shown === 1 ? "1 tool" : shown + " tools";
    }

    [module, time, who].forEach(function (select) {
      select.addEventListener("change", apply);
    });
    box.hidden = false;
    apply();
  }

  if (window.IA) window.IA.onPage(setup);
})();
