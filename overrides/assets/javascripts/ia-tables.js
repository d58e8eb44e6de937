/* Wide tables scroll sideways on small screens. A scrollable region must be reachable by keyboard
   (WCAG 2.1.1), so each table wrapper that overflows gets tabindex=0 and an accessible name. */
(function () {
  "use strict";

  /* "Tabel: <section heading>", with the block's bold name when a worked example gives one
     (<p><strong>Impactvisie</strong></p> above the table). Landmarks need unique names (axe
     landmark-unique): a name already used on the page gets a number. */
  function label(wrap, used) {
    var heading = wrap.closest("article") && wrap.previousElementSibling;
    var part = heading && heading.tagName === "P" && heading.children.length === 1 &&
      heading.firstElementChild.tagName === "STRONG" && heading.textContent.trim() === heading.firstElementChild.textContent.trim()
      ? heading.textContent.trim() : "";
    while (heading && !/^H[2-4]$/.test(heading.tagName)) heading = heading.previousElementSibling;
    var name = (heading ? "Tabel: " + heading.textContent.replace("¶", "").trim() : "Tabel") + (part ? " – " + part : "");
    var unique = name;
    for (var n = 2; used[unique]; n++) unique = name + " (" + n + ")";
    used[unique] = true;
    return unique;
  }

  function update() {
    var used = {};
    document.querySelectorAll("[role='region'][aria-label]").forEach(function (region) {
      used[region.getAttribute("aria-label")] = true;
    });
    /* all reads first, then the writes: one layout, not one per table */
    var wraps = Array.prototype.slice.call(document.querySelectorAll(".md-typeset__scrollwrap"));
    var scrolling = wraps.map(function (wrap) { return wrap.scrollWidth > wrap.clientWidth + 1; });
    wraps.forEach(function (wrap, i) {
      var scrolls = scrolling[i];
      if (scrolls && !wrap.hasAttribute("tabindex")) {
        wrap.setAttribute("tabindex", "0");
        wrap.setAttribute("role", "region");
        wrap.setAttribute("aria-label", label(wrap, used));
      } else if (!scrolls && wrap.getAttribute("tabindex") === "0") {
        wrap.removeAttribute("tabindex");
        wrap.removeAttribute("role");
        wrap.removeAttribute("aria-label");
      }
    });
  }

  if (window.IA) window.IA.onPage(update);
  window.addEventListener("resize", update);
})();
