"""The Nu Html Checker (npm vnu-jar, run with Java) over every page of the built site: zero errors.
tests/node_tools.py installs the pinned checker into .cache/node/ on first use, and Java (Debian
default-jre-headless) when it is missing and the tests run as root."""

from __future__ import annotations

import json
import subprocess
from collections import Counter

import pytest

from node_tools import ToolMissing, vnu_command


def vnu_messages(site) -> list[dict]:
    try:
        command = vnu_command()
    except ToolMissing as error:
        pytest.fail(str(error), pytrace=False)
    result = subprocess.run(
        [*command, "--format", "json", "--skip-non-html", str(site)], capture_output=True, text=True, timeout=600
    )
    try:  # the checker writes its JSON report to stderr
        return json.loads(result.stderr)["messages"]
    except (ValueError, KeyError):
        pytest.fail(f"vnu gave no report (exit {result.returncode}):\n{result.stdout}{result.stderr}")


@pytest.mark.scan
@pytest.mark.xdist_group("npm_tools")  # may install vnu-jar (tests/test_lint_js.py says why)
def test_every_page_is_valid_html(site):
    messages = vnu_messages(site)
    errors = [m for m in messages if m["type"] == "error" or m.get("subType") == "fatal"]
    pages = len(list(site.rglob("*.html")))
    summary = Counter(f"{m['message'][:140]}" for m in errors).most_common(10)
    where = Counter(m["url"].split(str(site))[-1] for m in errors).most_common(5)
    assert not errors, f"{len(errors)} errors on {pages} pages: {summary}; pages: {where}"
