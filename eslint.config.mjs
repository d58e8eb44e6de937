// ESLint for the site's JavaScript: the theme's scripts (overrides/assets/javascripts/) and the unit
// tests of the browser store (tests/js/). Run by tests/test_lint_js.py and `make lint`.
//
// ESLint, @eslint/js and globals are pinned in tests/node_tools.py and installed into .cache/node/
// (git-ignored), not into a node_modules/ here, so they are loaded from there.
import { createRequire } from "node:module";

const require = createRequire(new URL("./.cache/node/package.json", import.meta.url));
const js = require("@eslint/js");
const globals = require("globals");

export default [
  {
    // Material's own scripts and everything generated or installed.
    ignores: [".cache/**", ".venv/**", "site/**", "build/**", "macros/vendor/**", "docs/**"],
  },
  js.configs.recommended,
  {
    // Classic browser scripts, loaded by ia-store.js where a page uses them (FEATURES): each is an
    // IIFE in strict mode that shares only window.IA. No modules, no build step. The newest
    // syntax in use is `catch {` without a binding (ES2019): newer syntax is an error here, so
    // raising ecmaVersion is a decision about which browsers the site supports.
    files: ["overrides/assets/javascripts/**/*.js"],
    languageOptions: {
      ecmaVersion: 2019,
      sourceType: "script",
      globals: {
        ...globals.browser,
        // Material's observable of page loads (instant navigation); the scripts test for it.
        document$: "readonly",
      },
    },
    rules: {
      // An unused function argument often documents the callback's signature.
      "no-unused-vars": ["error", { args: "none" }],
    },
  },
  {
    // node --test files (CommonJS) that load the store into a vm context.
    files: ["tests/js/**/*.js"],
    languageOptions: {
      ecmaVersion: "latest",
      sourceType: "commonjs",
      globals: { ...globals.node },
    },
  },
  {
    files: ["eslint.config.mjs"],
    languageOptions: {
      sourceType: "module",
      globals: { ...globals.node },
    },
  },
];
