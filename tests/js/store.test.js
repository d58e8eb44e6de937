/* Unit tests of the browser store (ia-store.js) without a browser: hostile and broken imports,
 * changed worksheets, step ticks, failing storage and round trips with ş ğ ł ë and emoji.
 * Run: node --test tests/js/   (tests/test_store_js.py runs it with the pinned Node 22).
 */
"use strict";

const { test } = require("node:test");
const assert = require("node:assert/strict");
const { load, plain, block, schema1State, dossierFile, sheetFile, MemoryStorage, KEY } = require("./harness");

const SOURCE = "het bestand test.json (30 september 2027)";
const SPECIAL = "Şükrü, Ağrı en Łódź: ‘goed’ — ëï 🙂 👩🏽‍💻 🇳🇱";
const DECOMPOSED = "Zoe\u0308 en Noe\u0308l";  /* ë as e + combining diaeresis: must stay as typed */

function fresh(items) {
  return load({ items: items || { [KEY]: JSON.stringify(schema1State()) } });
}

/* The import as the pages run it. Before issue 12 the pages parsed and merged themselves. */
function importText(env, text, target) {
  const IA = env.IA;
  if (typeof IA.importFile === "function") return IA.importFile(text, SOURCE, target);
  const file = IA.parseFile(text);
  let report;
  IA.update(function () {
    if (file.kind === "dossier") {
      report = IA.mergeState(file.data, SOURCE);
    } else if (file.kind === "werkblad") {
      report = { taken: 0, conflicts: 0, weeks: 0 };
      IA.mergeSheet(file.group || "worksheets", file.id, file.sheet, SOURCE, report);
    } else {
      throw new Error("Dit soort bestand kan het dossier niet lezen.");
    }
  }, "import");
  return report;
}

/* The import is refused with a Dutch message matching `pattern`, and nothing changed: not the
   stored bytes, not the state in memory, not Object.prototype of the page. */
function assertRefused(env, text, pattern) {
  env.IA.get();
  const stored = env.storage.dump();
  const memory = JSON.stringify(env.IA.get());
  const protoKeys = Object.getOwnPropertyNames(env.proto).sort().join();
  let caught = null;
  try {
    importText(env, text);
  } catch (error) {
    caught = error;
  }
  assert.ok(caught, "the import was accepted");
  assert.equal(caught.name, "Error", `not a message for people: ${caught.name}: ${caught.message}`);
  assert.match(caught.message, pattern);
  assert.doesNotMatch(caught.message, /undefined|null|Cannot|TypeError|\[object/);
  assert.equal(env.storage.dump(), stored, "the stored data changed");
  assert.equal(JSON.stringify(env.IA.get()), memory, "the data in memory changed");
  assert.equal(Object.getOwnPropertyNames(env.proto).sort().join(), protoKeys, "Object.prototype changed");
  assert.equal(env.run("({}).blocks"), undefined);
  assert.equal(env.run("({}).steps"), undefined);
  return caught.message;
}

function validDossier(change) {
  const data = schema1State();
  if (change) change(data);
  return dossierFile(data);
}

/* --- hostile and broken imports ----------------------------------------------------------------- */

test("a file that is not JSON is refused and nothing changes", () => {
  assertRefused(fresh(), "{ dit is geen json", /geen JSON-bestand/);
});

test("a JSON file from elsewhere is refused", () => {
  assertRefused(fresh(), JSON.stringify({ hello: "world" }), /niet van de ImpactAcademie/);
  assertRefused(fresh(), "null", /niet van de ImpactAcademie/);
  assertRefused(fresh(), "[1, 2]", /niet van de ImpactAcademie/);
});

test("a file from a newer site is refused", () => {
  const text = validDossier((d) => { d.schema = 99; });
  assertRefused(fresh(), text.replace('"schema":99,"exported"', '"schema":99,"exported"'), /nieuwere versie/);
});

test("a schema that is not a whole number is refused", () => {
  assertRefused(fresh(), validDossier((d) => { d.schema = "1"; }), /schema|versie/i);
  assertRefused(fresh(), dossierFile(schema1State(), { schema: 1.5 }), /schema|versie/i);
});

test("an unknown kind of file is refused", () => {
  assertRefused(fresh(), JSON.stringify({ format: "impactacademie", kind: "wachtwoorden", schema: 1 }), /soort bestand/);
});

test("a dossier with an unknown group is refused, naming the group", () => {
  assertRefused(fresh(), validDossier((d) => { d.geheimen = { a: 1 }; }), /geheimen/);
});

test("a tool id __proto__ is refused and pollutes nothing", () => {
  const text = validDossier().replace('"worksheets":{', '"worksheets":{"__proto__":{"definition":"","conflicts":{},"blocks":{"kern":{"value":"x","label":"x","kind":"text","updated":"","history":[]}}},');
  assert.ok(text.includes("__proto__"));
  assertRefused(fresh(), text, /__proto__/);
});

test("a tool id constructor is refused", () => {
  const text = validDossier((d) => {
    d.worksheets.constructor = { definition: "", conflicts: {}, blocks: { kern: block("x", "x") } };
  });
  assertRefused(fresh(), text, /constructor/);
});

test("a block id __proto__ or toString is refused", () => {
  const proto = validDossier().replace('"blocks":{"kern"', '"blocks":{"__proto__":{"value":"x","label":"x","kind":"text","updated":"","history":[]},"kern"');
  assertRefused(fresh(), proto, /__proto__/);
  const named = validDossier((d) => { d.worksheets.probleemboom.blocks.toString = block("x", "x"); });
  assertRefused(fresh(), named, /toString/);
});

test("a week key __proto__, hasOwnProperty or 'drie' is refused", () => {
  const proto = validDossier().replace('"weeks":{', '"weeks":{"__proto__":{"done":true,"steps":{"1":true}},');
  assertRefused(fresh(), proto, /__proto__/);
  assertRefused(fresh(), validDossier((d) => { d.weeks.hasOwnProperty = { done: true, steps: {} }; }), /hasOwnProperty/);
  assertRefused(fresh(), validDossier((d) => { d.weeks.drie = { done: true, steps: {} }; }), /drie/);
});

test("a step key __proto__ or a step that is not true/false is refused", () => {
  const proto = validDossier().replace('"steps":{"1":true', '"steps":{"__proto__":true,"1":true');
  assertRefused(fresh(), proto, /__proto__/);
  assertRefused(fresh(), validDossier((d) => { d.weeks["3"].steps["2"] = "ja"; }), /stap|week 3/i);
  assertRefused(fresh(), validDossier((d) => { d.weeks["3"].done = "klaar"; }), /Week 3/);
});

test("ids that do not match the site's pattern are refused", () => {
  assertRefused(fresh(), validDossier((d) => { d.worksheets["../../etc"] = { definition: "", conflicts: {}, blocks: {} }; }), /\.\.\/\.\.\/etc/);
  assertRefused(fresh(), validDossier((d) => { d.worksheets.probleemboom.blocks["Blok Met Spatie"] = block("x", "x"); }), /Blok Met Spatie/);
  assertRefused(fresh(), sheetFile("worksheets", "Probleem<b>", { definition: "", conflicts: {}, blocks: {} }), /Probleem<b>/);
});

test("a worksheet file for an unknown group is refused", () => {
  assertRefused(fresh(), sheetFile("instellingen", "probleemboom", { definition: "", conflicts: {}, blocks: { kern: block("x", "x") } }), /instellingen/);
});

test("an unknown block kind is refused", () => {
  assertRefused(fresh(), validDossier((d) => { d.worksheets.probleemboom.blocks.kern.kind = "html"; }), /html/);
});

test("a value that does not fit its kind is refused, naming the block", () => {
  assertRefused(fresh(), validDossier((d) => { d.worksheets.probleemboom.blocks.kern.value = { tekst: "x" }; }), /kern/);
  assertRefused(fresh(), validDossier((d) => { d.worksheets.probleemboom.blocks.partners.value = "geen tabel"; }), /partners/);
  assertRefused(fresh(), validDossier((d) => { d.worksheets.probleemboom.blocks.partners.value = [["a", { b: 1 }]]; }), /partners/);
  assertRefused(fresh(), validDossier((d) => { d.worksheets.probleemboom.blocks.oorzaken.value = ["een", "twee"]; }), /oorzaken/);
});

test("a number block keeps what was typed, the Dutch way too; text of several lines is refused", () => {
  assertRefused(fresh(), validDossier((d) => {
    d.worksheets.probleemboom.blocks.aantal = block("veel\nmeer", "Aantal", "number");
  }), /aantal.*getal|getal.*aantal/i);
  const env = fresh({});
  importText(env, validDossier((d) => {
    d.worksheets.probleemboom.blocks.aantal = block(12.5, "Aantal", "number");
    d.worksheets.probleemboom.blocks.prijs = block(" 5,60 ", "Prijs", "number");
    d.worksheets.probleemboom.blocks.bedrag = block("€ 1.250,50", "Bedrag", "number");
    d.worksheets.probleemboom.blocks.fout = block("12,5,0", "Fout", "number");
  }));
  const blocks = env.IA.get().worksheets.probleemboom.blocks;
  assert.equal(blocks.aantal.value, "12.5");
  assert.equal(blocks.prijs.value, "5,60", "12,5 stays 12,5: a dot would read as thousands in Dutch");
  assert.equal(blocks.bedrag.value, "€ 1.250,50");
  assert.equal(blocks.fout.value, "12,5,0", "a typo is kept; the form says what is wrong");
});

test("typing into a number block never moves a half-typed value aside", () => {
  const env = fresh({});
  const meta = { kind: "number", label: "Bedrag" };
  for (const text of ["1", "1.", "1.2", "1.25", "1.250", "1.250,", "1.250,5", "1.250,5x", "1.250,5"]) {
    env.IA.setBlock("worksheets", "probleemboom", "d1", "bedrag", text, meta);
    env.IA.reconcileSheet("worksheets", "probleemboom", [{ id: "bedrag", label: "Bedrag", kind: "number" }]);
  }
  const sheet = env.IA.get().worksheets.probleemboom;
  assert.equal(sheet.blocks.bedrag.value, "1.250,5");
  assert.equal(sheet.earlier.bedrag, undefined);
});

test("a malformed second version, history or cohort is refused", () => {
  assertRefused(fresh(), validDossier((d) => {
    d.worksheets.probleemboom.conflicts.kern = [{ value: ["x"], label: "x", updated: "", source: "b" }];
  }), /kern/);
  assertRefused(fresh(), validDossier((d) => { d.worksheets.probleemboom.blocks.kern.history = [{ x: 1 }]; }), /kern/);
  assertRefused(fresh(), validDossier((d) => { d.cohort = { start: "volgende week", breaks: [] }; }), /cohort/i);
  assertRefused(fresh(), validDossier((d) => { d.worksheets.probleemboom.blocks = []; }), /probleemboom/);
});

test("an answer longer than the limit is refused", () => {
  assertRefused(fresh(), validDossier((d) => { d.worksheets.probleemboom.blocks.kern.value = "x".repeat(300000); }), /kern.*lang|lang.*kern/i);
});

test("one bad sheet refuses the whole file: the good parts are not half imported", () => {
  const env = fresh({});
  const text = validDossier((d) => {
    d.worksheets.stakeholderkaart = { definition: "", conflicts: {}, blocks: { kern: block("goed", "Goed") } };
    d.worksheets.zzz = { definition: "", conflicts: {}, blocks: { kern: block({ slecht: 1 }, "Slecht") } };
  });
  assertRefused(env, text, /zzz/);
  assert.deepEqual(plain(env.IA.get().worksheets), {});
});

test("an import that cannot be written changes nothing and says so", () => {
  const storage = new MemoryStorage({ [KEY]: JSON.stringify(schema1State()) });
  const env = load({ storage });
  env.IA.get();
  storage.options.failWrites = true;
  const other = validDossier((d) => {
    d.worksheets.stakeholderkaart = { definition: "", conflicts: {}, blocks: { kern: block("nieuw", "Nieuw") } };
  });
  const message = assertRefused(env, other, /Bewaren lukte niet/);
  assert.match(message, /bestand/);
  assert.equal(env.IA.get().worksheets.stakeholderkaart, undefined);
});

test("an old schema-0 dossier still imports", () => {
  const env = fresh({});
  const old = { weken: { "2": true }, werkbladen: { probleemboom: { kern: SPECIAL } } };
  const report = importText(env, JSON.stringify({ format: "impactacademie", kind: "dossier", data: old }));
  assert.equal(report.taken, 1);
  assert.equal(env.IA.get().worksheets.probleemboom.blocks.kern.value, SPECIAL);
  assert.equal(env.IA.get().weeks["2"].done, true);
});

/* --- round trips -------------------------------------------------------------------------------- */

function fillSpecial(IA) {
  IA.setBlock("worksheets", "probleemboom", "d1", "kern", SPECIAL + "\n" + DECOMPOSED, { kind: "text", label: "Kern ş" });
  IA.setBlock("worksheets", "probleemboom", "d1", "lijst", "ğ één\nł twee 🙂", { kind: "list", label: "Lijst" });
  IA.setBlock("worksheets", "probleemboom", "d1", "tabel", [["ë | streep", "🇳🇱"], ["", "👩🏽‍💻"]],
    { kind: "table", label: "Tabel", columns: ["Wie", "Wat"] });
  IA.setBlock("worksheets", "probleemboom", "d1", "getal", "12.5", { kind: "number", label: "Getal" });
  IA.save("test");
}

test("export, clear and import give the same data, with ş ğ ł ë and emoji byte for byte", () => {
  const env = fresh({});
  fillSpecial(env.IA);
  const first = JSON.parse(env.IA.exportDossier());
  env.IA.clearAll();
  assert.equal(env.storage.getItem(KEY), null);
  importText(env, JSON.stringify(first));
  const second = JSON.parse(env.IA.exportDossier());
  const strip = (d) => { const c = plain(d); delete c.created; delete c.updated; delete c.lastExport; return c; };
  assert.deepEqual(strip(second.data), strip(first.data));
  const kern = env.IA.get().worksheets.probleemboom.blocks.kern.value;
  assert.equal(kern, SPECIAL + "\n" + DECOMPOSED);
  assert.ok(kern.includes("e\u0308"), "a decomposed ë was silently normalised");
  const stored = JSON.parse(env.storage.getItem(KEY));
  assert.equal(stored.worksheets.probleemboom.blocks.tabel.value[0][0], "ë | streep");
});

test("a worksheet file round trip keeps every character, also in a new browser", () => {
  const env = fresh({});
  fillSpecial(env.IA);
  const text = env.IA.exportSheet("worksheets", "probleemboom", { definition: "d1", title: "Probleemboom" });
  const other = fresh({});
  importText(other, text);
  assert.deepEqual(plain(other.IA.get().worksheets.probleemboom.blocks.kern.value), SPECIAL + "\n" + DECOMPOSED);
  assert.deepEqual(plain(other.IA.get().worksheets.probleemboom.blocks.tabel.value), [["ë | streep", "🇳🇱"], ["", "👩🏽‍💻"]]);
});

test("Markdown round trip keeps ş ğ ł ë, emoji and a | in a table cell", () => {
  const env = fresh({});
  fillSpecial(env.IA);
  const defs = [{ id: "kern", label: "Kern ş", kind: "text" }, { id: "lijst", label: "Lijst", kind: "list" },
    { id: "tabel", label: "Tabel", kind: "table", columns: ["Wie", "Wat"] }, { id: "getal", label: "Getal", kind: "number" }];
  const sheet = env.IA.sheetOf("worksheets", "probleemboom", false);
  const md = env.IA.sheetToMarkdown("Probleemboom", "probleemboom", "d1", defs, sheet);
  const back = env.IA.markdownToSheet(md, defs, {});
  assert.equal(back.id, "probleemboom");
  assert.equal(back.values.kern, SPECIAL + "\n" + DECOMPOSED);
  assert.equal(back.values.lijst, "ğ één\nł twee 🙂");
  assert.deepEqual(plain(back.values.tabel), [["ë | streep", "🇳🇱"], ["", "👩🏽‍💻"]]);
  assert.equal(back.values.getal, "12.5");
});

/* --- a worksheet that changes keeps old answers --------------------------------------------------- */

function earlierOf(env, blockId) {
  const sheet = env.IA.get().worksheets.probleemboom;
  return plain(((sheet.earlier || {})[blockId]) || []);
}

test("a block that changes from text to table never loses the text", () => {
  const env = fresh();
  const changed = env.IA.setBlock("worksheets", "probleemboom", "new", "kern", [["nieuw", "ja"]],
    { kind: "table", label: "Kernprobleem", columns: ["A", "B"] });
  assert.ok(changed);
  env.IA.save("sheet");
  const kept = earlierOf(env, "kern");
  assert.equal(kept.length, 1, "the text answer is gone");
  assert.equal(kept[0].value, "Şükrü zegt: ‘goed’ — ëï");
  assert.equal(kept[0].kind, "text");
  assert.deepEqual(plain(env.IA.get().worksheets.probleemboom.blocks.kern.value), [["nieuw", "ja"]]);
  const stored = JSON.parse(env.storage.getItem(KEY));
  assert.equal(stored.worksheets.probleemboom.earlier.kern[0].value, "Şükrü zegt: ‘goed’ — ëï");
});

test("reconciling with a changed definition moves old values aside before anything is typed", () => {
  const env = fresh();
  const defs = [{ id: "kern", label: "Kernprobleem", kind: "number" },
    { id: "oorzaken", label: "Oorzaken", kind: "table", columns: ["Oorzaak"] },
    { id: "partners", label: "Partners", kind: "table", columns: ["Wie", "Invloed"] }];
  assert.equal(env.IA.reconcileSheet("worksheets", "probleemboom", defs), true);
  const sheet = env.IA.get().worksheets.probleemboom;
  assert.equal(sheet.blocks.kern, undefined);
  assert.equal(sheet.blocks.oorzaken, undefined);
  assert.deepEqual(plain(sheet.blocks.partners.value), [["Gemeente", "hoog"], ["Buurthuis", "laag"]]);
  assert.equal(earlierOf(env, "kern")[0].value, "Şükrü zegt: ‘goed’ — ëï");
  assert.equal(earlierOf(env, "oorzaken")[0].value, "een\ntwee");
  assert.equal(env.IA.reconcileSheet("worksheets", "probleemboom", defs), false, "a second run must change nothing");
  assert.ok(JSON.parse(env.storage.getItem(KEY)).worksheets.probleemboom.earlier.kern);
});

test("a table that gains or loses a column keeps its old rows as they were", () => {
  const env = fresh();
  env.IA.setBlock("worksheets", "probleemboom", "d2", "partners", [["Gemeente", "hoog"]],
    { kind: "table", label: "Partners", columns: ["Wie", "Invloed"] });
  env.IA.save("sheet");
  /* A column is inserted in the middle: the old rows must not shift under other headers. */
  env.IA.reconcileSheet("worksheets", "probleemboom",
    [{ id: "partners", label: "Partners", kind: "table", columns: ["Wie", "Belang", "Invloed"] }]);
  const kept = earlierOf(env, "partners");
  assert.equal(kept.length, 1);
  assert.deepEqual(kept[0].value, [["Gemeente", "hoog"]]);
  assert.deepEqual(kept[0].columns, ["Wie", "Invloed"]);
  assert.equal(env.IA.get().worksheets.probleemboom.blocks.partners, undefined);
  /* Stored without columns (schema 1) and rows of another width: also kept aside. */
  const old = fresh();
  old.IA.reconcileSheet("worksheets", "probleemboom", [{ id: "partners", label: "Partners", kind: "table", columns: ["Wie"] }]);
  assert.deepEqual(earlierOf(old, "partners")[0].value, [["Gemeente", "hoog"], ["Buurthuis", "laag"]]);
});

test("a removed block stays until the duo removes it", () => {
  const env = fresh();
  env.IA.reconcileSheet("worksheets", "probleemboom", [{ id: "kern", label: "Kernprobleem", kind: "text" }]);
  const sheet = env.IA.get().worksheets.probleemboom;
  assert.equal(sheet.blocks.oorzaken.value, "een\ntwee");
  assert.equal(sheet.blocks.partners.value.length, 2);
  env.IA.dropOldAnswer("worksheets", "probleemboom", "oorzaken", null);
  assert.equal(env.IA.get().worksheets.probleemboom.blocks.oorzaken, undefined);
  assert.equal(JSON.parse(env.storage.getItem(KEY)).worksheets.probleemboom.blocks.oorzaken, undefined);
  env.IA.setBlock("worksheets", "probleemboom", "x", "kern", [["a"]], { kind: "table", label: "K", columns: ["A"] });
  env.IA.dropOldAnswer("worksheets", "probleemboom", "kern", 0);
  assert.deepEqual(earlierOf(env, "kern"), []);
});

test("an imported block of another kind is kept as an earlier answer, not mixed into the field", () => {
  const env = fresh();
  env.IA.setBlock("worksheets", "probleemboom", "d2", "kern", [["tabel", "nu"]],
    { kind: "table", label: "Kernprobleem", columns: ["A", "B"] });
  env.IA.save("sheet");
  const before = plain(env.IA.get().worksheets.probleemboom.blocks.kern);
  const file = sheetFile("worksheets", "probleemboom", { definition: "", conflicts: {}, blocks: {
    kern: block("Tekst van lid B", "Kernprobleem") } });
  importText(env, file);
  const sheet = env.IA.get().worksheets.probleemboom;
  assert.deepEqual(plain(sheet.blocks.kern.value), before.value);
  assert.equal((sheet.conflicts.kern || []).length, 0, "a text version was offered for a table field");
  assert.ok(earlierOf(env, "kern").some((e) => e.value === "Tekst van lid B"));
});

test("earlier answers survive export and import", () => {
  const env = fresh();
  env.IA.reconcileSheet("worksheets", "probleemboom", [{ id: "kern", label: "Kernprobleem", kind: "number" }]);
  const text = env.IA.exportDossier();
  const other = fresh({});
  importText(other, text);
  assert.equal(earlierOf(other, "kern")[0].value, "Şükrü zegt: ‘goed’ — ëï");
});

/* --- duo steps ----------------------------------------------------------------------------------- */

const IDS = ["s-aaaaaaaa", "s-bbbbbbbb", "s-cccccccc", "s-dddddddd"];

test("ticks stored by step number become ticks by step id; a new step does not move them", () => {
  const env = fresh();
  env.IA.resolveSteps(3, IDS);
  const week = plain(env.IA.get().weeks["3"]);
  assert.deepEqual(Object.keys(week.steps).sort(), ["s-aaaaaaaa", "s-dddddddd"]);
  assert.equal(env.IA.stepsDone(3, IDS), 2);
  /* A step is inserted at the top: the same two steps stay ticked. */
  const inserted = ["s-nieuw000"].concat(IDS);
  assert.equal(env.IA.resolveSteps(3, inserted), false);
  assert.equal(env.IA.stepsDone(3, inserted), 2);
  assert.ok(!env.IA.get().weeks["3"].steps["s-nieuw000"]);
  assert.deepEqual(Object.keys(JSON.parse(env.storage.getItem(KEY)).weeks["3"].steps).sort(), ["s-aaaaaaaa", "s-dddddddd"]);
});

test("a tick whose step number no longer exists is kept, never dropped", () => {
  const env = fresh();
  env.IA.resolveSteps(3, IDS.slice(0, 2));
  const week = plain(env.IA.get().weeks["3"]);
  assert.deepEqual(week.steps, { "s-aaaaaaaa": true });
  assert.deepEqual(week.oldSteps, { "4": true });
  const again = load({ storage: env.storage });
  assert.deepEqual(plain(again.IA.get().weeks["3"].oldSteps), { "4": true });
});

test("importing a schema-1 file with numbered ticks keeps them next to the id ticks", () => {
  const env = fresh({});
  env.IA.update((s) => { s.weeks["3"] = { done: false, steps: { "s-cccccccc": true } }; }, "progress");
  importText(env, dossierFile(schema1State()));
  env.IA.resolveSteps(3, IDS);
  assert.equal(env.IA.stepsDone(3, IDS), 3);
  assert.equal(env.IA.get().weeks["3"].done, true);
});

test("a tick stored under a step id from before issue 15 moves to the step's id now", () => {
  const env = fresh({});
  env.IA.update((s) => { s.weeks["3"] = { done: false, steps: { "s-01d01d01": true, "s-02d02d02": true, "s-99999999": true } }; }, "progress");
  const aliases = { "s-01d01d01": "s-aaaaaaaa", "s-02d02d02": "s-cccccccc", "s-03d03d03": "s-dddddddd", "s-99999999": "s-elders00" };
  assert.equal(env.IA.resolveSteps(3, IDS, aliases), true);
  const week = plain(env.IA.get().weeks["3"]);
  /* moved: the two whose new id is a step of this week; kept: the one whose new id is not */
  assert.deepEqual(Object.keys(week.steps).sort(), ["s-99999999", "s-aaaaaaaa", "s-cccccccc"]);
  assert.equal(env.IA.stepsDone(3, IDS), 2);
  assert.deepEqual(Object.keys(JSON.parse(env.storage.getItem(KEY)).weeks["3"].steps).sort(), ["s-99999999", "s-aaaaaaaa", "s-cccccccc"]);
  assert.equal(env.IA.resolveSteps(3, IDS, aliases), false, "a second visit moves nothing");
});

/* --- storage that fails -------------------------------------------------------------------------- */

test("a save that hits the quota returns false, reports it and keeps the answer in memory", () => {
  const storage = new MemoryStorage({ [KEY]: JSON.stringify(schema1State()) });
  const env = load({ storage });
  const seen = [];
  env.IA.subscribe((state, source) => seen.push(source));
  env.IA.get();
  const before = storage.getItem(KEY);
  storage.options.quota = storage.used() + 10;
  env.IA.setBlock("worksheets", "probleemboom", "d", "kern", "x".repeat(5000), { kind: "text", label: "Kern" });
  assert.equal(env.IA.save("sheet"), false);
  assert.equal(storage.getItem(KEY), before);
  assert.match(env.IA.saveProblem(), /Bewaren lukte niet/);
  assert.match(env.IA.saveProblem(), /bestand/);
  assert.ok(seen.includes("storage-error"), seen.join());
  assert.equal(env.IA.get().worksheets.probleemboom.blocks.kern.value, "x".repeat(5000));
  assert.match(env.IA.exportDossier(), /x{5000}/, "the export (bewaar als bestand) lost the answer");
  storage.options.quota = Infinity;
  assert.equal(env.IA.save("sheet"), true);
  assert.equal(env.IA.saveProblem(), "");
});

test("storage switched off (private mode, blocked) is reported on every write", () => {
  const env = load({ blocked: true });
  assert.deepEqual(plain(env.IA.get().worksheets), {});
  env.IA.setBlock("worksheets", "probleemboom", "d", "kern", "tekst", { kind: "text", label: "Kern" });
  assert.equal(env.IA.save("sheet"), false);
  assert.match(env.IA.saveProblem(), /bewaar|bestand/i);
  const failing = load({ storage: new MemoryStorage({}, { failWrites: true, failName: "SecurityError" }) });
  failing.IA.setBlock("worksheets", "probleemboom", "d", "kern", "tekst", { kind: "text", label: "Kern" });
  assert.equal(failing.IA.save("sheet"), false);
  assert.match(failing.IA.saveProblem(), /bestand/);
  assert.equal(failing.IA.update((s) => { s.weeks["1"] = { done: true, steps: {} }; }, "progress"), undefined);
  assert.match(failing.IA.saveProblem(), /bestand/);
});

test("a migration backup has one fixed key, written once: page loads do not fill the storage", () => {
  const raw = JSON.stringify(schema1State());
  const storage = new MemoryStorage({ [KEY]: raw });
  for (let i = 0; i < 5; i += 1) load({ storage }).IA.get();
  const backups = storage.keys().filter((k) => k.startsWith(KEY + ":reservekopie"));
  assert.equal(backups.length, 1, backups.join());
  assert.equal(storage.getItem(backups[0]), raw);
  /* Another schema-1 original later does not overwrite the first backup. */
  storage.setItem(KEY, JSON.stringify(Object.assign(schema1State(), { lastExport: "2027-10-01T10:00:00.000Z" })));
  load({ storage }).IA.get();
  assert.equal(storage.keys().filter((k) => k.startsWith(KEY + ":reservekopie")).length, 1);
  assert.equal(storage.getItem(backups[0]), raw);
});

test("unreadable stored data is backed up once and not overwritten without a backup", () => {
  const storage = new MemoryStorage({ [KEY]: "{kapot" });
  for (let i = 0; i < 3; i += 1) {
    const env = load({ storage });
    env.IA.get();
    assert.match(env.IA.notice(), /beschadigd/);
  }
  const backups = storage.keys().filter((k) => k.startsWith(KEY + ":reservekopie"));
  assert.equal(backups.length, 1, backups.join());
  assert.equal(storage.getItem(backups[0]), "{kapot");
});

test("a backup that cannot be written is reported and the original stays", () => {
  const raw = JSON.stringify(schema1State());
  const storage = new MemoryStorage({ [KEY]: raw });
  storage.options.quota = storage.used() + 10;
  const env = load({ storage });
  env.IA.get();
  assert.match(env.IA.saveProblem(), /reservekopie/);
  assert.equal(storage.getItem(KEY), raw);
  assert.equal(env.IA.save("sheet"), false);
  assert.equal(storage.getItem(KEY), raw, "the original was overwritten without a backup");
});

/* --- added after the first fixes ----------------------------------------------------------------- */

test("a table stored without columns and an import of the same table with columns merge as usual", () => {
  const env = fresh();  /* schema 1: partners is a table without columns */
  const file = sheetFile("worksheets", "probleemboom", { definition: "", conflicts: {}, blocks: {
    partners: block([["Gemeente", "laag"], ["Buurthuis", "laag"]], "Partners", "table", { columns: ["Wie", "Invloed"] }) } });
  const report = importText(env, file);
  assert.equal(report.conflicts, 1, JSON.stringify(plain(report)));
  assert.deepEqual(earlierOf(env, "partners"), []);
});

test("stored second versions of another kind (from before schema 2) do not make the stored data unreadable", () => {
  const old = schema1State();
  old.worksheets.probleemboom.conflicts.kern = [{ value: [["een", "twee"]], label: "Kern", updated: "", source: "b" }];
  const env = fresh({ [KEY]: JSON.stringify(old) });
  assert.equal(env.IA.notice(), "");
  assert.deepEqual(plain(env.IA.get().worksheets.probleemboom.conflicts.kern[0].value), [["een", "twee"]]);
  env.IA.reconcileSheet("worksheets", "probleemboom", [{ id: "kern", label: "Kern", kind: "text" }]);
  assert.deepEqual(earlierOf(env, "kern")[0].value, [["een", "twee"]]);
  assert.equal(env.IA.get().worksheets.probleemboom.conflicts.kern, undefined);
});

test("stored data that does not pass the checks is backed up once and named in the notice", () => {
  const bad = schema1State();
  bad.worksheets["Niet Geldig"] = { definition: "", conflicts: {}, blocks: {} };
  const raw = JSON.stringify(bad);
  const storage = new MemoryStorage({ [KEY]: raw });
  for (let i = 0; i < 3; i += 1) {
    const env = load({ storage });
    env.IA.get();
    assert.match(env.IA.notice(), /Niet Geldig/);
  }
  const backups = storage.keys().filter((k) => k.startsWith(KEY + ":reservekopie"));
  assert.deepEqual(backups, [KEY + ":reservekopie:ongeldig"]);
  assert.equal(storage.getItem(backups[0]), raw);
});

test("answers read from Markdown are checked like a file", () => {
  const env = fresh();
  const before = env.storage.dump();
  assert.throws(() => env.IA.importBlocks("worksheets", "probleemboom",
    { aantal: block("heel\nveel", "Aantal", "number") }, SOURCE), /aantal.*getal/);
  assert.throws(() => env.IA.importBlocks("worksheets", "__proto__", { kern: block("x", "x") }, SOURCE), /__proto__/);
  assert.equal(env.storage.dump(), before);
  const report = env.IA.importBlocks("worksheets", "probleemboom", { nieuw: block("ł 🙂", "Nieuw") }, SOURCE);
  assert.equal(report.taken, 1);
  assert.equal(JSON.parse(env.storage.getItem(KEY)).worksheets.probleemboom.blocks.nieuw.value, "ł 🙂");
});

test("clearing everything when storage refuses is reported", () => {
  const storage = new MemoryStorage({ [KEY]: JSON.stringify(schema1State()) });
  const env = load({ storage });
  env.IA.get();
  storage.removeItem = () => { throw Object.assign(new Error("denied"), { name: "SecurityError" }); };
  env.IA.clearAll();
  assert.match(env.IA.saveProblem(), /lukte niet/);
});

test("a second, different unreadable original gets its own backup; the first is never overwritten", () => {
  const storage = new MemoryStorage({ [KEY]: "{kapot" });
  load({ storage }).IA.get();
  storage.setItem(KEY, "{ook kapot");
  for (let i = 0; i < 3; i += 1) load({ storage }).IA.get();
  const backups = storage.keys().filter((k) => k.startsWith(KEY + ":reservekopie")).sort();
  assert.equal(backups.length, 2, backups.join());
  assert.deepEqual(backups.map((k) => storage.getItem(k)).sort(), ["{kapot", "{ook kapot"]);
  assert.equal(storage.getItem(KEY + ":reservekopie:onleesbaar"), "{kapot");
});

test("deeply nested JSON, a step named constructor and a file that is too big are refused", () => {
  assertRefused(fresh(), "[".repeat(200000) + "]".repeat(200000), /JSON|niet van de ImpactAcademie/);
  assertRefused(fresh(), validDossier((d) => { d.weeks["3"].steps = JSON.parse('{"constructor": true}'); }), /constructor/);
  assertRefused(fresh(), " ".repeat(21 * 1024 * 1024) + validDossier(), /te groot/);
});

test("a file saved with a byte order mark (Windows editors) still imports", () => {
  const env = fresh({});
  const report = importText(env, "\uFEFF" + validDossier());
  assert.equal(report.taken, 4);
  assert.equal(env.IA.get().worksheets.probleemboom.blocks.kern.value, "Şükrü zegt: ‘goed’ — ëï");
});

test("a Markdown table from an older worksheet keeps its own columns and never shifts", () => {
  const env = fresh({});
  const old = [{ id: "partners", label: "Partners", kind: "table", columns: ["Wie", "Invloed"] }];
  const now = [{ id: "partners", label: "Partners", kind: "table", columns: ["Wie", "Belang", "Invloed"] }];
  const md = env.IA.sheetToMarkdown("Probleemboom", "probleemboom", "", old,
    { blocks: { partners: block([["Gemeente", "hoog"]], "Partners", "table") }, conflicts: {} });
  const parsed = env.IA.markdownToSheet(md, now, {});
  assert.deepEqual(plain(parsed.columns.partners), ["Wie", "Invloed"]);
  env.IA.importBlocks("worksheets", "probleemboom", { partners: block(parsed.values.partners, "Partners", "table",
    { columns: parsed.columns.partners }) }, SOURCE);
  env.IA.reconcileSheet("worksheets", "probleemboom", now);
  assert.deepEqual(earlierOf(env, "partners")[0].value, [["Gemeente", "hoog"]]);
  assert.deepEqual(earlierOf(env, "partners")[0].columns, ["Wie", "Invloed"]);
  assert.equal(env.IA.get().worksheets.probleemboom.blocks.partners, undefined);
});
