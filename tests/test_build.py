"""The built site: strict, Dutch, linked, private, reproducible."""

from __future__ import annotations

import hashlib
import json
import re
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from conftest import ROOT, SITE_HASH_SEED, LinkChecker, build_site
from macros.site.anchors import check_anchors

LOAD_ATTRS = {
    "script": "src",
    "img": "src",
    "iframe": "src",
    "source": "src",
    "audio": "src",
    "video": "src",
    "embed": "src",
    "object": "data",
}
LOADING_RELS = {
    "stylesheet",
    "icon",
    "preload",
    "modulepreload",
    "manifest",
    "apple-touch-icon",
    "prefetch",
    "preconnect",
    "dns-prefetch",
}


def html_files(site: Path) -> list[Path]:
    return sorted(site.rglob("*.html"))


def soup(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "lxml")


def test_every_page_is_dutch(site):
    for page in html_files(site):
        assert soup(page).html.get("lang") == "nl", page


def test_dutch_ui_strings(site):
    home = soup(site / "index.html")
    assert home.select_one("input.md-search__input")["placeholder"] == "Zoeken"
    assert "Inhoudsopgave" in home.get_text()


def test_search_index_is_dutch_and_complete(site):
    index = json.loads((site / "search" / "search_index.json").read_text(encoding="utf-8"))
    assert index["config"]["lang"] == ["nl"]
    locations = {doc["location"] for doc in index["docs"]}
    assert "programma/" in locations and "modules/1-impactvisie/" in locations


def test_generated_pages_exist(site):
    assert (site / "modules" / "1-impactvisie" / "index.html").exists()
    assert (site / "modules" / "7-impactvisionair" / "index.html").exists()
    assert (site / "partners" / "redactie" / "index.html").exists()


def test_year_overview_lists_all_weeks_from_the_plan(site):
    from macros.checks.programme import load_programme

    programme, _ = load_programme(ROOT)
    page = soup(site / "programma" / "index.html")
    rows = [tr for tr in page.select("article table tbody tr")]
    assert len(rows) == len(programme.weeks) == 40
    numbers = [int(tr.find("td").get_text(strip=True)) for tr in rows]
    assert numbers == list(range(1, 41))
    for week, row in zip(programme.weeks, rows, strict=True):
        assert week.product in row.get_text(" ", strip=True)


def test_edit_links_point_at_the_source(site):
    overview = soup(site / "programma" / "index.html").select_one("a[rel=edit]")
    assert overview["href"].endswith("/edit/main/docs/programma/index.md")
    module = soup(site / "modules" / "1-impactvisie" / "index.html").select_one("a[rel=edit]")
    assert module["href"].endswith("/edit/main/docs/_data/programma.yml")


def test_licence_in_every_footer(site):
    for page in html_files(site):
        footer = soup(page).select_one("footer")
        assert footer is not None and "CC BY-SA 4.0" in footer.get_text(), page


def _foreign(url: str) -> bool:
    return bool(re.match(r"^(https?:)?//", url.strip()))


def test_nothing_loads_from_another_host(site):
    """No HTML or CSS makes the browser fetch from another host (links to read are fine)."""
    problems = []
    for page in html_files(site):
        doc = soup(page)
        for tag, attr in LOAD_ATTRS.items():
            for element in doc.find_all(tag):
                if element.get(attr) and _foreign(element[attr]):
                    problems.append(f"{page.relative_to(site)}: <{tag} {attr}={element[attr]}>")
        for link in doc.find_all("link"):
            rels = set(link.get("rel") or [])
            if rels & LOADING_RELS and _foreign(link.get("href", "")):
                problems.append(f"{page.relative_to(site)}: <link rel={rels} href={link['href']}>")
        for style in doc.find_all(style=True):
            if re.search(r"url\(\s*['\"]?(https?:)?//", style["style"]):
                problems.append(f"{page.relative_to(site)}: inline style loads {style['style']}")
    for css in site.rglob("*.css"):
        text = css.read_text(encoding="utf-8", errors="replace")
        for match in re.finditer(r"(?:url\(\s*['\"]?|@import\s+['\"])((?:https?:)?//[^'\")\s]+)", text):
            problems.append(f"{css.relative_to(site)}: {match.group(1)}")
    for js in (ROOT / "overrides").rglob("*.js"):
        if re.search(r"https?://", js.read_text(encoding="utf-8")):
            problems.append(f"{js.relative_to(ROOT)} names another host")
    assert problems == []


@pytest.mark.scan
def test_no_broken_links_or_anchors(site, server, tmp_path):
    """LinkChecker crawls the served site, raw HTML included, and checks that every linked file exists.
    It starts in the background when the server does (conftest.LinkChecker); this test waits for its
    report. The anchors of those links are checked from the built files (macros/site/anchors.py)."""
    returncode, report = LinkChecker.report(server, tmp_path)
    assert returncode == 0, report
    assert re.search(r"\b0 errors found", report), report
    assert re.search(r"\b0 warnings found", report), report
    anchors = check_anchors(site)
    assert anchors.checked > 1000  # the tables of contents, the year plan, the week links
    assert anchors.broken == [], "\n".join(map(str, anchors.broken))


def _digest(site: Path) -> dict[str, str]:
    return {
        p.relative_to(site).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(site.rglob("*"))
        if p.is_file()
    }


@pytest.mark.slow
def test_builds_are_byte_identical(site, tmp_path):
    """The session's build (hash seed SITE_HASH_SEED, in its own folder) and one more with another
    hash seed in another folder."""
    assert SITE_HASH_SEED != "4242"
    second = build_site(tmp_path / "elsewhere" / "b", PYTHONHASHSEED="4242")
    assert second.returncode == 0, second.stderr
    a, b = _digest(site), _digest(tmp_path / "elsewhere" / "b")
    assert a.keys() == b.keys()
    different = sorted(name for name in a if a[name] != b[name])
    assert different == [], different
