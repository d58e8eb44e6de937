/* Loads the site's browser store (ia-store.js) into a fresh Node vm context, the way a page loads
 * classic scripts: with an in-memory localStorage and a minimal window/document. No browser, no DOM library.
 */
"use strict";

const fs = require("node:fs");
const path = require("node:path");
const vm = require("node:vm");

const ROOT = path.resolve(__dirname, "..", "..");
const SCRIPTS = path.join(ROOT, "overrides", "assets", "javascripts");
const KEY = "impactacademie";

/* The store: the one script every page loads (overrides/main.html, before Material's bundle); it
   loads the site's other scripts where a page uses them. */
function storeScripts() {
  return ["ia-store.js"];
}

function domError(name, message) {
  const error = new Error(message || name);
  error.name = name;
  return error;
}

/* localStorage in memory. `quota` (characters of keys and values, like browsers count UTF-16
   units) makes setItem throw QuotaExceededError; `failWrites` makes every write throw it. */
class MemoryStorage {
  constructor(items, options) {
    this.items = new Map(Object.entries(items || {}));
    this.options = Object.assign({ quota: Infinity, failWrites: false, failName: "QuotaExceededError" }, options);
    this.writes = 0;
  }
  get length() { return this.items.size; }
  key(i) { return Array.from(this.items.keys())[i] ?? null; }
  getItem(key) { return this.items.has(String(key)) ? this.items.get(String(key)) : null; }
  used(except) {
    let total = 0;
    for (const [k, v] of this.items) if (k !== except) total += k.length + v.length;
    return total;
  }
  setItem(key, value) {
    key = String(key);
    value = String(value);
    if (this.options.failWrites) throw domError(this.options.failName, "The quota has been exceeded.");
    if (this.used(key) + key.length + value.length > this.options.quota) {
      throw domError("QuotaExceededError", "The quota has been exceeded.");
    }
    this.writes += 1;
    this.items.set(key, value);
  }
  removeItem(key) { this.items.delete(String(key)); }
  clear() { this.items.clear(); }
  /* Every key and value: compare before and after to prove nothing changed. */
  dump() { return JSON.stringify(Array.from(this.items.entries()).sort()); }
  keys() { return Array.from(this.items.keys()); }
}

/* A fresh page: returns {IA, window, storage, proto, events, run}. `blocked` makes every access to
   window.localStorage throw SecurityError (storage switched off). */
function load(options) {
  options = options || {};
  const storage = options.storage || new MemoryStorage(options.items);
  const events = [];
  const context = {
    console,
    setTimeout, clearTimeout,
    location: { origin: "http://127.0.0.1:8000", protocol: "http:", href: "http://127.0.0.1:8000/" },
    navigator: {},
    document: {
      currentScript: null,
      readyState: "complete",
      body: null,
      addEventListener() {},
      querySelector() { return null; },
      querySelectorAll() { return []; },
    },
    addEventListener(type, listener) { events.push({ type, listener }); },
    removeEventListener() {},
  };
  if (options.blocked) {
    Object.defineProperty(context, "localStorage", {
      get() { throw domError("SecurityError", "Access is denied for this document."); },
    });
  } else {
    context.localStorage = storage;
  }
  context.window = context;
  vm.createContext(context);
  for (const name of storeScripts()) {
    const file = path.join(SCRIPTS, name);
    context.document.currentScript = { src: "http://127.0.0.1:8000/assets/javascripts/" + name };
    vm.runInContext(fs.readFileSync(file, "utf-8"), context, { filename: file });
  }
  context.document.currentScript = null;
  return {
    IA: context.IA,
    window: context,
    storage,
    events,
    /* Object.prototype of the page: hostile files must not add anything to it. */
    proto: vm.runInContext("Object.prototype", context),
    run: (code) => vm.runInContext(code, context),
  };
}

/* A plain copy (objects of the vm context have other prototypes than the test's own). */
function plain(value) {
  return value === undefined ? undefined : JSON.parse(JSON.stringify(value));
}

function block(value, label, kind, extra) {
  return Object.assign({ value, label, kind: kind || "text", updated: "2027-09-20T10:00:00.000Z", history: [] },
    extra || {});
}

/* A stored object of schema 1 (the format of the site before issue 12). */
function schema1State() {
  return {
    schema: 1, created: "2027-09-01T10:00:00.000Z", updated: "2027-09-02T10:00:00.000Z", lastExport: null,
    cohort: null,
    weeks: { "3": { done: true, steps: { "1": true, "4": true } } },
    worksheets: {
      probleemboom: { definition: "abc123def456", conflicts: {}, blocks: {
        kern: block("Şükrü zegt: ‘goed’ — ëï", "Kernprobleem"),
        oorzaken: block("een\ntwee", "Oorzaken", "list"),
        partners: block([["Gemeente", "hoog"], ["Buurthuis", "laag"]], "Partners", "table"),
      } },
    },
    products: { "3": { definition: "", conflicts: {}, blocks: { weekproduct: block("Staat in de map.", "Jullie weekproduct") } } },
  };
}

function dossierFile(data, extra) {
  return JSON.stringify(Object.assign({ format: "impactacademie", kind: "dossier", schema: data.schema,
    exported: "2027-09-30T10:00:00.000Z", site: "http://127.0.0.1:8000/", data }, extra || {}));
}

function sheetFile(group, id, sheet, extra) {
  return JSON.stringify(Object.assign({ format: "impactacademie", kind: "werkblad", schema: 1,
    exported: "2027-09-30T10:00:00.000Z", site: "http://127.0.0.1:8000/", group, id, title: id,
    definition: "", sheet }, extra || {}));
}

module.exports = { load, plain, block, schema1State, dossierFile, sheetFile, MemoryStorage, KEY, storeScripts };
