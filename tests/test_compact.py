"""The site's scripts and style sheet as the built site serves them (macros/render/compact.py):
without comments and indentation, on the same lines, and with the same meaning. Every script of
overrides/assets/ must give the same syntax tree in ESLint's parser (espree) before and after, and
the style sheet the same rules in Chromium."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest

import node_tools
from conftest import ROOT
from macros.render.compact import compact_css, compact_js

SCRIPTS = sorted((ROOT / "overrides" / "assets" / "javascripts").glob("*.js"))
STYLESHEET = ROOT / "overrides" / "assets" / "stylesheets" / "impactacademie.css"

# Parse each (name, before, after) with espree and say whether the trees (without positions) agree.
SAME_TREE = """
const fs = require("fs");
const espree = require(process.argv[1]);
function strip(node) {
  if (Array.isArray(node)) return node.map(strip);
  if (node && typeof node === "object") {
    const out = {};
    for (const key of Object.keys(node)) {
      if (!["start", "end", "loc", "range"].includes(key)) out[key] = strip(node[key]);
    }
    return out;
  }
  return node;
}
const result = {};
for (const [name, before, after] of JSON.parse(fs.readFileSync(0, "utf8"))) {
  try {
    const tree = (code) => JSON.stringify(strip(espree.parse(code, { ecmaVersion: "latest", sourceType: "script" })));
    result[name] = tree(before) === tree(after) ? "same" : "different";
  } catch (error) {
    result[name] = "error: " + error.message;
  }
}
process.stdout.write(JSON.stringify(result));
"""

TRICKY = {
    "comments": "var a = 1; // one\n/* two\n   lines */ var b = a /* inline */ / 2;\n  // last\n",
    "strings": "var s = '// not a comment', t = \"/* nor this */\", u = 'a\\\n    b';\n",
    "template": "var t = `line\n    // kept, indented\n  ${ {a: `in ${1 + 1}`}.a } /* kept */`;\n  var x = 1;\n",
    "regex": "var r = /\\/\\/[/*]x/g.test(s) ? 1 : 2; // tail\nfunction f(x) { return /a*/.test(x); }\n",
    "division": "var d = (a + b) / 2 / c; // half\nvar e = x.y / z /* ratio */;\n",
    "braces in template": "var h = `${(() => { if (a) { return '}' } return `${'{'}` })()}`;\n",
}


def same_trees(pairs: list[tuple[str, str, str]]) -> dict[str, str]:
    try:
        node = node_tools.node_command()
        node_tools.ensure("eslint")  # espree, ESLint's parser, comes with it
    except node_tools.ToolMissing as error:
        pytest.fail(f"Node or ESLint is missing: {error}", pytrace=False)
    espree = node_tools.NODE_DIR / "node_modules" / "espree"
    result = subprocess.run(
        [*node, "-e", SAME_TREE, str(espree)], input=json.dumps(pairs), capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_tricky_javascript_loses_its_comments_and_indentation_only():
    compacted = {name: compact_js(code) for name, code in TRICKY.items()}
    assert compacted["comments"] == "var a = 1;\n\nvar b = a / 2;\n\n"
    assert compacted["strings"] == TRICKY["strings"]  # a continued string keeps its spaces
    assert "\n    // kept, indented\n" in compacted["template"] and "/* kept */`;\nvar x = 1;" in compacted["template"]
    assert compacted["regex"].startswith("var r = /\\/\\/[/*]x/g.test(s) ? 1 : 2;\n")
    assert compacted["division"] == "var d = (a + b) / 2 / c;\nvar e = x.y / z ;\n"
    for name, code in TRICKY.items():
        assert compacted[name].count("\n") == code.count("\n"), name
    pairs = [(name, TRICKY[name], compacted[name]) for name in TRICKY]
    assert set(same_trees(pairs).values()) == {"same"}, same_trees(pairs)


@pytest.mark.xdist_group("npm_tools")
def test_every_site_script_keeps_its_syntax_tree_and_its_lines():
    pairs = []
    for path in SCRIPTS:
        code = path.read_text("utf-8")
        compacted = compact_js(code)
        assert compacted.count("\n") == code.count("\n"), f"{path.name}: lines moved"
        assert len(compacted) < 0.9 * len(code), f"{path.name}: hardly smaller"
        pairs.append((path.name, code, compacted))
    assert len(pairs) >= 10
    # The check itself sees a change of meaning: indentation dropped inside a template literal.
    naive = "\n".join(line.strip() for line in TRICKY["template"].split("\n"))
    pairs.append(("naive", TRICKY["template"], naive))
    result = same_trees(pairs)
    assert result.pop("naive") == "different"
    assert result == {path.name: "same" for path in SCRIPTS}


def test_css_comments_go_unless_they_glue_two_tokens():
    css = '/* head */\n.a {\n  color: red; /* why */\n  content: "/* text */";\n}\n.b/**/.c { top: 0 }\n'
    assert compact_css(css) == '\n.a {\ncolor: red;\ncontent: "/* text */";\n}\n.b/**/.c { top: 0 }\n'


@pytest.mark.browser
def test_the_style_sheet_has_the_same_rules_in_chromium(browser):
    source = STYLESHEET.read_text("utf-8")
    compacted = compact_css(source)
    assert compacted.count("\n") == source.count("\n")
    assert len(compacted) < 0.85 * len(source)
    page = browser.new_page()
    try:
        rules = []
        for text in (source, compacted):
            page.set_content("<style></style>")
            page.eval_on_selector("style", "(style, text) => { style.textContent = text; }", text)
            rules.append(
                page.evaluate(
                    """() => {
                      const all = [];
                      const walk = (list) => { for (const rule of list) {
                        all.push(rule.cssText); if (rule.cssRules) walk(rule.cssRules); } };
                      walk(document.styleSheets[0].cssRules);
                      return all;
                    }"""
                )
            )
    finally:
        page.close()
    assert len(rules[0]) > 150
    assert rules[0] == rules[1]


def test_the_built_site_serves_the_compact_files(site: Path):
    for source, built, compact in [
        (SCRIPTS[0], site / "assets" / "javascripts" / SCRIPTS[0].name, compact_js),
        (ROOT / "overrides/assets/javascripts/ia-store.js", site / "assets/javascripts/ia-store.js", compact_js),
        (STYLESHEET, site / "assets" / "stylesheets" / STYLESHEET.name, compact_css),
    ]:
        assert built.read_text("utf-8") == compact(source.read_text("utf-8")), built
