"""`make serve` behaviour: the site answers on loopback and one YAML edit reaches every page that
shows that fact, without a restart."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import urllib.request

import pytest

from conftest import ROOT, build_env, free_port, wait_for

# One group for pytest-xdist: both tests use the module's one `mkdocs serve` (served_copy).
pytestmark = pytest.mark.xdist_group("serve")

COPY = ("docs", "worksheets", "macros", "overrides", "mkdocs.yml")


def fetch(url: str) -> str | None:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.read().decode("utf-8")
    except OSError:
        return None


@pytest.fixture(scope="module")
def served_copy(tmp_path_factory):
    """One `mkdocs serve` of a copy of the project for the tests of this module: each makes its own
    edit (a YAML fact, a model function) and neither edit touches what the other looks at."""
    tmp_path = tmp_path_factory.mktemp("serve")
    project = tmp_path / "project"
    for name in COPY:
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(source, project / name, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            project.mkdir(exist_ok=True)
            shutil.copy(source, project / name)
    port = free_port()
    log = open(tmp_path / "serve.log", "w")
    process = subprocess.Popen(
        [sys.executable, "-m", "mkdocs", "serve", "--dev-addr", f"127.0.0.1:{port}", "--livereload"],
        cwd=project,
        env=build_env(SITE_URL=f"http://127.0.0.1:{port}/"),
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        # The first build takes about 15 s on an idle 2-core machine; a busy one (CI with other work)
        # took over 60 s, so the wait is generous: this test is about serving, not about speed.
        started = wait_for(lambda: process.poll() is not None or fetch(base + "/") is not None, 180)
        assert started and process.poll() is None, (tmp_path / "serve.log").read_text()
        yield project, base
    finally:
        process.terminate()
        process.wait(timeout=20)
        log.close()


def test_yaml_edit_reaches_every_page_without_restart(served_copy):
    project, base = served_copy
    pages = ["/programma/", "/modules/1-impactvisie/", "/weken/"]
    old = "Uitzoomen: het maatschappelijk probleem"
    new = "Uitzoomen: het probleem achter de vraag"
    for page in pages:
        assert old in (fetch(base + page) or ""), page
    plan = project / "docs" / "_data" / "programma.yml"
    plan.write_text(plan.read_text(encoding="utf-8").replace(old, new), encoding="utf-8")
    assert wait_for(lambda: all(new in (fetch(base + p) or "") for p in pages), 90), [
        p for p in pages if new not in (fetch(base + p) or "")
    ]
    assert all(old not in fetch(base + p) for p in pages)


def test_python_edit_deep_in_the_model_reaches_the_pages_without_restart(served_copy):
    """The hook reloads every loaded `macros.*` module in the order of their imports (no hand-kept
    list): a changed function of the model layer, which the renderers import by name, shows on the
    next rebuild."""
    project, base = served_copy
    page = "/weken/week-01/"
    # a page in concept shows the date it was written (macros.render.pages PHASE_DATES)
    reviewed = re.search(r"(geschreven op|laatste review op) (\d+ [a-z]+ \d{4})", fetch(base + page) or "")
    assert reviewed, "the week header shows its date (macros.render.pages.week_header)"
    expected = f"{reviewed.group(1)} {reviewed.group(2).upper()}"
    module = project / "macros" / "model" / "calendar_dates.py"
    code = module.read_text(encoding="utf-8")
    old = 'text = f"{day.day} {MONTHS[day.month - 1]} {day.year}"'
    assert old in code
    module.write_text(
        code.replace(old, 'text = f"{day.day} {MONTHS[day.month - 1].upper()} {day.year}"'), encoding="utf-8"
    )
    assert wait_for(lambda: expected in (fetch(base + page) or ""), 90), expected
