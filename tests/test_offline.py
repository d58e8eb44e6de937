"""The offline site (macros/site/offline.py, mkdocs-offline.yml): a deterministic ZIP that works from the
file system in Chromium, search included, without a single request to another host; and the main
site that serves it and links to it."""

from __future__ import annotations

import io
import subprocess
import sys
import zipfile
from pathlib import Path
from typing import Any

import pytest
import yaml
from bs4 import BeautifulSoup

from conftest import ROOT, build_env, build_site, shared_folder
from macros.site import offline

ZIP_NAME = "impactacademie-offline.zip"
# The tests that use the ZIP: one xdist group, so one worker runs them and none waits for the ZIP
# that another is making (offline_zip is shared through conftest.shared_folder either way).
OFFLINE_ZIP_GROUP = pytest.mark.xdist_group("offline_zip")


def _make_offline_zip(folder: Path) -> dict[str, Any]:
    result = subprocess.run(
        [sys.executable, "-m", "macros", "offline", "--out", str(folder / ZIP_NAME)],
        cwd=ROOT,
        env=build_env(),
        capture_output=True,
        text=True,
        timeout=600,
    )
    return {"returncode": result.returncode, "stdout": result.stdout, "stderr": result.stderr}


@pytest.fixture(scope="session")
def offline_zip(tmp_path_factory) -> Path:
    """`python -m macros offline`, as `make offline` and CI run it: once per test run, shared by
    the xdist workers (conftest.shared_folder)."""
    folder, made = shared_folder(tmp_path_factory, "offline", _make_offline_zip)
    assert made["returncode"] == 0, made["stdout"] + made["stderr"]
    assert "WARNING" not in made["stderr"], made["stderr"]
    return folder / ZIP_NAME


@pytest.fixture(scope="session")
def offline_site(offline_zip, tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("unzipped")
    with zipfile.ZipFile(offline_zip) as archive:
        archive.extractall(folder)
    return folder / offline.TOP_FOLDER


# --- the ZIP --------------------------------------------------------------------------------------


def test_zip_is_deterministic(tmp_path):
    site = tmp_path / "site"
    (site / "b").mkdir(parents=True)
    (site / "b" / "x.html").write_text("x", encoding="utf-8")
    (site / "a.html").write_text("a", encoding="utf-8")
    first = offline.zip_site(site, 1767225600)
    (site / "a.html").touch()  # a new modification time changes nothing
    assert offline.zip_site(site, 1767225600) == first
    with zipfile.ZipFile(io.BytesIO(first)) as archive:
        infos = archive.infolist()
    assert [i.filename for i in infos] == ["impactacademie/a.html", "impactacademie/b/x.html"]
    assert {i.date_time for i in infos} == {(2026, 1, 1, 0, 0, 0)}
    assert {i.external_attr >> 16 for i in infos} == {0o100644}


@OFFLINE_ZIP_GROUP
def test_zip_members_are_sorted_and_fixed(offline_zip):
    with zipfile.ZipFile(offline_zip) as archive:
        infos = archive.infolist()
    names = [i.filename for i in infos]
    assert names == sorted(names)
    assert all(n.startswith(f"{offline.TOP_FOLDER}/") for n in names)
    assert len({i.date_time for i in infos}) == 1
    assert {i.external_attr >> 16 for i in infos} == {0o100644}
    assert f"{offline.TOP_FOLDER}/index.html" in names
    assert f"{offline.TOP_FOLDER}/search/search_index.js" in names
    assert f"{offline.TOP_FOLDER}/{offline.SHIM_URI}" in names


def test_offline_config_follows_the_main_config():
    """mkdocs-offline.yml repeats the theme features of mkdocs.yml (YAML lists replace, not merge)
    without those that need a server or link to the repository."""
    main = yaml.safe_load((ROOT / "mkdocs.yml").read_text("utf-8").replace("!ENV", ""))
    own = yaml.safe_load((ROOT / offline.CONFIG).read_text("utf-8"))
    wanted = [f for f in main["theme"]["features"] if f not in offline.ONLINE_FEATURES]
    assert own["theme"]["features"] == wanted
    assert own["extra"]["polyfills"] == [offline.SHIM_URI]


@OFFLINE_ZIP_GROUP
def test_offline_site_has_no_repository_links_and_no_foreign_scripts(offline_site):
    for page in [offline_site / "index.html", offline_site / "weken" / "week-01.html"]:
        soup = BeautifulSoup(page.read_text("utf-8"), "lxml")
        assert soup.select_one("a[rel=edit]") is None, page
        assert soup.select_one(".ia-feedback") is None, page
        assert not [a["href"] for a in soup.select("a[href*='github.com']")], page
        scripts = [s["src"] for s in soup.select("script[src]")]
        assert scripts and not [s for s in scripts if s.startswith(("http:", "https:", "//"))], scripts
    shim = (offline_site / offline.SHIM_URI).read_bytes()
    assert shim == offline.SHIM_FILE.read_bytes()
    assert not (offline_site / offline.ZIP_URI).exists(), "the offline site must not contain itself"


@OFFLINE_ZIP_GROUP
@pytest.mark.browser
def test_offline_site_works_from_the_file_system(offline_site, browser, tmp_path):
    """Open index.html from disk, go to a week through the menu, and find it through search."""
    requests: list[str] = []
    errors: list[str] = []
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.on("request", lambda request: requests.append(request.url))
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto((offline_site / "index.html").as_uri())
    assert page.title() == "ImpactAcademie"
    page.click("a.md-tabs__link:has-text('Weken')")
    page.wait_for_load_state("load")
    assert page.url.endswith("/weken/index.html")
    page.click("article a[href$='week-03.html']")
    page.wait_for_load_state("load")
    assert page.url.endswith("/weken/week-03.html")
    assert page.locator("article h1").inner_text().startswith("Week 3:")
    page.keyboard.press("/")
    page.keyboard.type("verandertheorie")
    page.wait_for_selector(".md-search-result__item", timeout=20_000)
    results = page.locator(".md-search-result__item a").evaluate_all("els => els.map(e => e.href)")
    assert any(r.split("?")[0].endswith("weken/week-03.html") for r in results), results
    page.screenshot(path=str(tmp_path / "offline.png"))
    context.close()
    foreign = [u for u in requests if not u.startswith(("file://", "data:", "blob:", "about:"))]
    assert foreign == []
    assert errors == []


@OFFLINE_ZIP_GROUP
def test_offline_site_has_the_whole_year(offline_site):
    """Every week page, every tool with its downloads, and every week in the search index."""
    import json
    import re

    from macros.checks.programme import load_programme

    programme, _ = load_programme(ROOT)
    assert programme is not None
    weeks = sorted(programme.week_pages)
    assert len(weeks) == 40
    for number in weeks:
        assert (offline_site / "weken" / f"week-{number:02d}.html").is_file(), number
    for tool in sorted({t for w in programme.weeks for t in w.tools}):
        assert (offline_site / "tools" / f"{tool}.html").is_file(), tool
        assert (offline_site / "downloads" / "tools" / f"{tool}-a3.pdf").is_file(), tool
    script = (offline_site / "search" / "search_index.js").read_text("utf-8")
    index = json.loads(script[script.index("{") : script.rindex("}") + 1])
    indexed = {int(m.group(1)) for doc in index["docs"] if (m := re.match(r"weken/week-(\d+)\.html", doc["location"]))}
    assert indexed == set(weeks)


@OFFLINE_ZIP_GROUP
@pytest.mark.browser
def test_the_coach_workspace_works_from_the_file_system(offline_site, browser, tmp_path):
    """The coach's workspace in the unzipped site: a duo's dossier file opens and gets a row."""
    import json

    data = {
        "schema": 2,
        "created": "2027-09-06T09:00:00.000Z",
        "updated": "2027-09-30T10:00:00.000Z",
        "lastExport": None,
        "cohort": None,
        "weeks": {"1": {"done": True, "steps": {}}},
        "worksheets": {},
        "products": {},
    }
    dossier = tmp_path / "duo.json"
    dossier.write_text(json.dumps({"format": "impactacademie", "kind": "dossier", "schema": 2, "data": data}), "utf-8")
    errors: list[str] = []
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto((offline_site / "begeleiding" / "werkplek.html").as_uri())
    page.wait_for_selector("[data-ia-coach][data-ia-rendered]:not([hidden])")
    page.set_input_files("[data-ia-coach-file]", str(dossier))
    page.wait_for_selector("[data-ia-coach-duo]")
    assert page.inner_text("[data-ia-coach-weeks]").startswith("1 van 40")
    context.close()
    assert errors == []


# --- the main site with the ZIP ---------------------------------------------------------------------


@OFFLINE_ZIP_GROUP
@pytest.mark.slow
def test_main_site_serves_and_links_the_zip(offline_zip, tmp_path):
    """With OFFLINE_ZIP set (make build, CI), the strict build serves the ZIP and the year overview
    links to it; strict mode checks that link. Without it (site fixture) there is no link at all."""
    site = tmp_path / "site"
    result = build_site(site, OFFLINE_ZIP=str(offline_zip))
    assert result.returncode == 0, result.stdout + result.stderr
    assert "WARNING" not in result.stderr, result.stderr
    assert (site / offline.ZIP_URI).read_bytes() == offline_zip.read_bytes()
    overview = BeautifulSoup((site / "programma" / "index.html").read_text("utf-8"), "lxml")
    link = overview.select_one("article a[href$='.zip']")
    assert link is not None and link["href"] == "../" + offline.ZIP_URI


def test_site_without_the_zip_has_no_link(site):
    overview = BeautifulSoup((site / "programma" / "index.html").read_text("utf-8"), "lxml")
    assert overview.select_one("article a[href$='offline.zip']") is None
    assert overview.select_one("article a[href='afdrukken/']") is not None


def test_missing_zip_fails_the_build(tmp_path):
    result = build_site(tmp_path / "site", OFFLINE_ZIP=str(tmp_path / "missing.zip"))
    assert result.returncode != 0
    assert "OFFLINE_ZIP" in result.stdout + result.stderr
