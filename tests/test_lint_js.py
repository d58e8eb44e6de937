"""ESLint on the site's JavaScript: the theme's scripts (overrides/assets/javascripts/) and the
unit tests of the browser store (tests/js/), with the rules in eslint.config.mjs. ESLint is pinned
in tests/node_tools.py and runs on its pinned Node 22 (both installed into .cache/node/ on first
use). `make lint` runs this test too.

This test never skips: without npm it fails and says how to install it. An error fails the test
with ESLint's report; a warning is shown in the test summary.
"""

from __future__ import annotations

import json
import subprocess
import warnings

import pytest

import node_tools
from conftest import ROOT

# The tests that may install the npm tools of tests/node_tools.py into .cache/node/ on first use
# share one xdist group: one worker runs them, so two `npm install`s never write there at once.
pytestmark = pytest.mark.xdist_group("npm_tools")

CONFIG = ROOT / "eslint.config.mjs"
LINTED = ["overrides/assets/javascripts", "tests/js"]


def eslint(*args: str) -> subprocess.CompletedProcess[str]:
    try:
        command = node_tools.eslint_command()
    except node_tools.ToolMissing as error:
        pytest.fail(f"ESLint is missing: {error}", pytrace=False)
    return subprocess.run(
        [*command, "--config", str(CONFIG), "--no-warn-ignored", *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )


def test_javascript_passes_eslint() -> None:
    result = eslint("--format", "json", *LINTED)
    try:
        report = json.loads(result.stdout)
    except ValueError:
        pytest.fail(f"ESLint did not run (exit {result.returncode}):\n{result.stdout}{result.stderr}", pytrace=False)
    assert len(report) >= 7, f"ESLint checked only {[r['filePath'] for r in report]}"
    errors = sum(r["errorCount"] + r["fatalErrorCount"] for r in report)
    if errors or result.returncode != 0:
        # The same findings once more, in ESLint's own readable format.
        readable = eslint(*LINTED)
        pytest.fail(
            f"ESLint found {errors} error(s) (settings: eslint.config.mjs):\n{readable.stdout}{readable.stderr}",
            pytrace=False,
        )
    for file in report:
        for message in file["messages"]:
            name = file["filePath"].removeprefix(f"{ROOT}/")
            warnings.warn(
                f"ESLint: {name}:{message['line']}:{message['column']}: {message['message']} ({message['ruleId']})",
                stacklevel=1,
            )


def test_eslint_checks_every_script_of_the_theme() -> None:
    """No script is left out by an `ignores` or `files` pattern of the configuration."""
    scripts = sorted((ROOT / "overrides" / "assets" / "javascripts").glob("*.js"))
    assert scripts
    for script in scripts:
        result = eslint("--print-config", str(script.relative_to(ROOT)))
        assert result.returncode == 0, f"{script.name}: {result.stdout}{result.stderr}"
        config = json.loads(result.stdout)
        assert config["languageOptions"]["sourceType"] == "script", script.name
        assert config["rules"]["no-undef"][0] == 2, (script.name, config["rules"]["no-undef"])
