/* Cohort dates: choose a cohort (from docs/_data/cohorten.yml, through assets/ia-programme.json)
 * or a custom start date with break weeks. Week pages, the programme-days page and the year
 * overview then show real dates and "Ga naar deze week". With a custom start date the chooser
 * offers an .ics calendar built here in the browser. Without a chosen cohort nothing changes.
 * The date logic is the twin of macros/model/calendar_dates.py (week_monday).
 */
(function () {
  "use strict";

  var IA = window.IA;
  var CONTACT = { PD: "Programmadag", C: "Coachgesprek", IV: "Intervisie" };

  /* --- the date logic ---------------------------------------------------------------------- */

  /* The chosen cohort as {id, name, start: Date (a Monday), breaks: {iso: true}, days: [...]},
     or null when none is chosen (or the chosen one no longer exists). `choice` is another state's
     cohort (a duo's, in the coach's workspace); without it, this browser's. */
  function chosen(data, choice) {
    var pick = choice === undefined ? IA.get().cohort : choice;   /* `choice`: a duo's cohort, for a coach */
    if (!pick) return null;
    if (pick.id) {
      var found = (data.cohorts || []).filter(function (c) { return c.id === pick.id; })[0];
      if (!found) return null;
      return make(found.id, found.name, found.start, found.breaks, found.programme_days || []);
    }
    if (pick.start) return make("eigen", "jullie eigen startdatum", pick.start, pick.breaks || [], []);
    return null;
  }

  function make(id, name, start, breaks, days) {
    var first = IA.parseDate(start);
    if (!first) return null;
    var set = {};
    (breaks || []).forEach(function (b) {
      var d = IA.parseDate(b);
      if (d) set[IA.isoDate(IA.mondayOf(d))] = true;
    });
    return { id: id, name: name, start: IA.mondayOf(first), breaks: set, days: days };
  }

  /* The Monday of programme week `week`; break weeks are skipped. */
  function weekMonday(cohort, week) {
    var monday = cohort.start;
    var number = 0;
    for (var guard = 0; guard < 520; guard += 1) {
      if (!cohort.breaks[IA.isoDate(monday)]) {
        number += 1;
        if (number === week) return monday;
      }
      monday = IA.addDays(monday, 7);
    }
    return null;
  }

  /* Where `today` falls: {week: n}, {breakBefore: n}, {before: true} or {after: true}. */
  function whereIs(cohort, today, total) {
    var monday = IA.mondayOf(today);
    if (monday < cohort.start) return { before: true };
    var cursor = cohort.start;
    var number = 0;
    while (cursor <= monday) {
      if (cohort.breaks[IA.isoDate(cursor)]) {
        if (cursor.getTime() === monday.getTime()) return { breakBefore: number + 1 };
      } else {
        number += 1;
        if (cursor.getTime() === monday.getTime()) return number <= total ? { week: number } : { after: true };
      }
      cursor = IA.addDays(cursor, 7);
    }
    return { after: true };
  }

  function contactLabel(id) {
    var m = /^(PD|C|IV)(\d+)$/.exec(id);
    return m ? CONTACT[m[1]] + " " + m[2] : id;
  }

  function weekOf(data, number) {
    return data.weeks.filter(function (w) { return w.number === number; })[0] || null;
  }

  /* --- .ics, built in the browser ---------------------------------------------------------- */

  function icsText(text) {
    return String(text).replace(/\\/g, "\\\\").replace(/;/g, "\\;").replace(/,/g, "\\,").replace(/\r?\n/g, "\\n");
  }

  /* Fold lines longer than 75 octets (RFC 5545), counting UTF-8 bytes. */
  function fold(line) {
    var out = [];
    var current = "";
    var bytes = 0;
    Array.from(line).forEach(function (ch) {
      var size = new TextEncoder().encode(ch).length;
      if (bytes + size > (out.length ? 74 : 75)) {
        out.push(current);
        current = "";
        bytes = 0;
      }
      current += ch;
      bytes += size;
    });
    out.push(current);
    return out.join("\r\n ");
  }

  function compact(date) {
    return IA.isoDate(date).replace(/-/g, "");
  }

  /* One all-day event per programme week (Monday to Friday), with the weekly product and the
     contact moments. Stable UIDs, so a second import updates instead of duplicating. */
  function buildIcs(data, cohort) {
    var stamp = compact(cohort.start) + "T000000Z";
    var lines = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//ImpactAcademie//Programma//NL",
      "CALSCALE:GREGORIAN", "METHOD:PUBLISH", "X-WR-CALNAME:" + icsText("ImpactAcademie")];
    data.weeks.forEach(function (week) {
      var monday = weekMonday(cohort, week.number);
      if (!monday) return;
      var about = "Weekproduct: " + week.product + ".";
      if (week.contact.length) about += " Contactmoment: " + week.contact.map(contactLabel).join(", ") + ".";
      lines.push("BEGIN:VEVENT",
        "UID:week-" + (week.number < 10 ? "0" : "") + week.number + "-" + compact(cohort.start) + "@impactacademie",
        "DTSTAMP:" + stamp,
        "DTSTART;VALUE=DATE:" + compact(monday),
        "DTEND;VALUE=DATE:" + compact(IA.addDays(monday, 5)),
        "SUMMARY:" + icsText("ImpactAcademie week " + week.number + ": " + week.title),
        "DESCRIPTION:" + icsText(about));
      if (week.url) lines.push("URL:" + IA.url(week.url));
      lines.push("TRANSP:TRANSPARENT", "END:VEVENT");
    });
    lines.push("END:VCALENDAR");
    return lines.map(fold).join("\r\n") + "\r\n";
  }

  /* --- what pages show --------------------------------------------------------------------- */

  function link(href, text) {
    return IA.el("a", { href: href, text: text });
  }

  function fill(node, parts) {
    node.textContent = "";
    parts.forEach(function (part) {
      node.appendChild(typeof part === "string" ? document.createTextNode(part) : part);
    });
  }

  function dayText(day) {
    var date = IA.parseDate(day.date);
    return IA.dutchDate(date, true) + ", van " + day.start + " tot " + day.end + " uur, in " + day.place;
  }

  /* Week pages: the dates of this week for the chosen cohort. */
  function renderWeekDates(data, cohort) {
    document.querySelectorAll("[data-ia-week] [data-ia-week-date]").forEach(function (node) {
      var number = Number(node.closest("[data-ia-week]").getAttribute("data-ia-week"));
      if (!cohort) {
        fill(node, ["Kies jullie cohort op de pagina ", link(IA.url(data.pages.programme_days) + "#cohort-kiezen",
          "Programmadagen"), ". Dan zie je hier de datum van deze week."]);
        return;
      }
      var monday = weekMonday(cohort, number);
      var parts = ["Voor " + cohort.name + " is dit de week van " + IA.dutchDate(monday, true) + "."];
      var week = weekOf(data, number);
      (week ? week.contact : []).filter(function (c) { return /^PD/.test(c); }).forEach(function (id) {
        var day = cohort.days.filter(function (d) { return d.id === id; })[0];
        parts.push(day ? " " + contactLabel(id) + " is op " + dayText(day) + "."
          : " " + contactLabel(id) + " valt in deze week.");
      });
      fill(node, [parts.join("")]);
    });
  }

  /* The programme-days page: the date of every programme day for the chosen cohort. */
  function renderDays(data, cohort) {
    document.querySelectorAll("[data-ia-day]").forEach(function (node) {
      var id = node.getAttribute("data-ia-day");
      if (!cohort) {
        node.hidden = true;
        return;
      }
      var day = cohort.days.filter(function (d) { return d.id === id; })[0];
      var info = data.programme_days.filter(function (d) { return d.id === id; })[0];
      var text;
      if (day) {
        text = "Voor " + cohort.name + ": " + dayText(day) + ".";
      } else if (info) {
        text = "Voor " + cohort.name + ": in de week van " + IA.dutchDate(weekMonday(cohort, info.week), true) +
          " (week " + info.week + ").";
      } else {
        node.hidden = true;
        return;
      }
      node.textContent = text;
      node.hidden = false;
    });
  }

  /* "Ga naar deze week": the programme week of today for the chosen cohort. */
  function renderCurrent(data, cohort) {
    var here = document.querySelector("[data-ia-week]");
    var herePage = here ? Number(here.getAttribute("data-ia-week")) : null;
    document.querySelectorAll("[data-ia-current-week]").forEach(function (node) {
      if (!cohort) {
        node.hidden = true;
        return;
      }
      var where = whereIs(cohort, new Date(), data.weeks.length);
      var parts;
      if (where.before) {
        parts = ["Voor " + cohort.name + " begint het programma op " + IA.dutchDate(cohort.start, true) + "."];
      } else if (where.after) {
        parts = ["Het programma van " + cohort.name + " is afgelopen."];
      } else {
        var number = where.week || where.breakBefore;
        var week = weekOf(data, number);
        parts = [where.week ? "Nu is het week " + number + " van het programma. "
          : "Nu is het een pauzeweek. Daarna volgt week " + number + ". "];
        if (herePage === number && where.week) {
          parts = ["Dit is de week van nu voor " + cohort.name + "."];
        } else if (week && week.url) {
          parts.push(link(IA.url(week.url), "Ga naar deze week"));
          parts[parts.length - 1].setAttribute("aria-label", "Ga naar deze week: week " + number + ", " + week.title);
        } else {
          parts.push(link(IA.url(data.pages.year) + "#module-" + (week ? week.module : 1),
            "Week " + number + " in het jaaroverzicht"));
        }
      }
      fill(node, parts);
      node.hidden = false;
    });
  }

  /* --- the chooser on the programme-days page ---------------------------------------------- */

  function breakRow(list, value) {
    var index = list.children.length + 1;
    var id = "ia-break-" + index + "-" + Date.now().toString(36);
    var input = IA.el("input", { type: "date", id: id, "data-ia-break": "" });
    input.value = value || "";
    var remove = IA.el("button", { type: "button", className: "md-button ia-small" }, [
      "Verwijder", IA.el("span", { className: "ia-visually-hidden", text: " pauzeweek " + index })]);
    var item = IA.el("li", {}, [IA.el("label", { for: id, text: "Pauzeweek " + index }), " ", input, " ", remove]);
    list.appendChild(item);
    return { item: item, input: input, remove: remove };
  }

  function storedBreaks(list) {
    var seen = {};
    list.querySelectorAll("[data-ia-break]").forEach(function (input) {
      var d = IA.parseDate(input.value);
      if (d) seen[IA.isoDate(IA.mondayOf(d))] = true;
    });
    return Object.keys(seen).sort();
  }

  function bindChooser(box) {
    if (box.dataset.iaReady) return;
    box.dataset.iaReady = "1";
    var select = box.querySelector("[data-ia-cohort-select]");
    var start = box.querySelector("[data-ia-cohort-start]");
    var list = box.querySelector("[data-ia-breaks]");

    function saveCustom(message) {
      IA.update(function (s) {
        s.cohort = { start: start.value || "", breaks: storedBreaks(list) };
      }, "cohort");
      if (IA.saveProblem()) IA.say(box, "Niet opgeslagen. Lees de melding bovenaan de pagina.");
      else if (message) IA.say(box, message);
    }

    function wire(row) {
      row.input.addEventListener("change", function () {
        var d = IA.parseDate(row.input.value);
        saveCustom(d ? "Pauzeweek bewaard: de week van " + IA.dutchDate(IA.mondayOf(d), true) + "." : "");
      });
      row.remove.addEventListener("click", function () {
        var next = row.item.nextElementSibling || row.item.previousElementSibling;
        row.item.remove();
        Array.prototype.forEach.call(list.children, function (li, i) {
          li.querySelector("label").textContent = "Pauzeweek " + (i + 1);
          li.querySelector(".ia-visually-hidden").textContent = " pauzeweek " + (i + 1);
        });
        saveCustom("Pauzeweek verwijderd.");
        (next ? next.querySelector("input") : box.querySelector("[data-ia-action='add-break']")).focus();
      });
    }

    select.addEventListener("change", function () {
      var value = select.value;
      IA.update(function (s) {
        if (!value) s.cohort = null;
        else if (value === "eigen") s.cohort = { start: start.value || "", breaks: storedBreaks(list) };
        else s.cohort = { id: value };
      }, "cohort");
      var name = select.options[select.selectedIndex].text;
      IA.say(box, IA.saveProblem() ? "Niet opgeslagen. Lees de melding bovenaan de pagina."
        : !value ? "Geen cohort gekozen. De pagina's tonen geen datums."
        : value === "eigen" ? "Vul de eerste dag van week 1 in."
          : "Cohort gekozen: " + name + ". De weekpagina's tonen nu de datums.");
    });
    start.addEventListener("change", function () {
      var d = IA.parseDate(start.value);
      saveCustom(d ? "Week 1 begint op " + IA.dutchDate(IA.mondayOf(d), true) + "." : "");
    });
    box.querySelector("[data-ia-action='add-break']").addEventListener("click", function () {
      var row = breakRow(list, "");
      wire(row);
      row.input.focus();
    });
    box.querySelector("[data-ia-action='ics']").addEventListener("click", function () {
      IA.data().then(function (data) {
        var cohort = chosen(data);
        if (!cohort) {
          IA.say(box, "Vul eerst de eerste dag van week 1 in.");
          start.focus();
          return;
        }
        IA.download("impactacademie-" + IA.isoDate(cohort.start) + ".ics", buildIcs(data, cohort), "text/calendar");
        IA.say(box, "De agenda is gedownload: " + data.weeks.length + " weken.");
      });
    });
    box._iaWire = wire;
    box.hidden = false;
  }

  /* Put the stored choice into the chooser (unless the user is typing in it). */
  function renderChooser(box) {
    if (box.contains(document.activeElement) && document.activeElement.tagName === "INPUT") return;
    var pick = IA.get().cohort;
    var select = box.querySelector("[data-ia-cohort-select]");
    var custom = box.querySelector("[data-ia-cohort-custom]");
    var start = box.querySelector("[data-ia-cohort-start]");
    var list = box.querySelector("[data-ia-breaks]");
    var value = !pick ? "" : pick.id ? pick.id : "eigen";
    if (pick && pick.id && !Array.prototype.some.call(select.options, function (o) { return o.value === pick.id; })) {
      value = "";
    }
    select.value = value;
    custom.hidden = value !== "eigen";
    if (value === "eigen") {
      start.value = pick.start || "";
      var wanted = (pick.breaks || []).join(",");
      if (storedBreaks(list).join(",") !== wanted) {
        list.textContent = "";
        (pick.breaks || []).forEach(function (b) { box._iaWire(breakRow(list, b)); });
      }
    }
  }

  function render() {
    var boxes = document.querySelectorAll("[data-ia-cohort]");
    boxes.forEach(bindChooser);
    boxes.forEach(renderChooser);
    if (!document.querySelector("[data-ia-week-date], [data-ia-day], [data-ia-current-week]")) return;
    IA.data().then(function (data) {
      var cohort = chosen(data);
      renderWeekDates(data, cohort);
      renderDays(data, cohort);
      renderCurrent(data, cohort);
    }).catch(function () { /* without the data file the pages simply show no dates */ });
  }

  IA.cohort = { chosen: chosen, weekMonday: weekMonday, whereIs: whereIs, buildIcs: buildIcs,
    contactLabel: contactLabel };
  IA.subscribe(function () { render(); });
  IA.onPage(render);
})();
