"""Paper: the whole-programme page and the duo assignments per module (macros/render/printing.py, unit
tests on the small fixture programme), how they come out of the real build, and the print layout
of a long week page in Chromium (nothing cut off, chrome and coach notes left out)."""

from __future__ import annotations

import dataclasses
import re
import subprocess
from collections import Counter
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from conftest import ensure_debian_package
from macros.checks import language
from macros.checks.programme import load_programme
from macros.model import paths
from macros.model.programme import Page, WeekPage
from macros.render import printing

FIXTURE = Path(__file__).parent / "fixtures" / "mini"

WEEK_2 = """
## Waarom deze week

Na [week 1](week-01.md) en [de kennis van week 1](week-01.md#kennis) lees je [hieronder](#kennis).
Zie ook de [tool](../tools/canvas-a.md "Canvas"), [het jaar](../programma/index.md#module-1) en
<https://example.org/bron>. Een voetnoot[^1].

[ref]: ../over/bronnen.md#bron-weiss1995

## Kennis

### Theory of change {lang=en}

Tekst met <a href="../tools/canvas-a.md">een HTML-link</a>.

### Voorbeeld

### Voorbeeld

```
## Geen kop: dit is code
[geen link](week-01.md)
```

## Aan de slag als duo

1. **Samen, ± 30 minuten.** Open de [tool](../tools/canvas-a.md). Lees [de kennis](#kennis).

Jullie weekproduct is een plan.

## Voor begeleiders

??? info "Notities voor begeleiders"
    Alleen voor begeleiders.

[^1]: De voetnoot.
"""


@pytest.fixture(scope="module")
def prog():
    programme, problems = load_programme(FIXTURE)
    assert programme is not None, problems
    week_1 = programme.week_pages[1]
    page = Page("docs/weken/week-02.md", "weken/week-02.md", {"week": 2}, WEEK_2, 6)
    meta = week_1.meta.model_copy(update={"week": 2})
    return dataclasses.replace(programme, week_pages={1: week_1, 2: WeekPage(page, meta)})


# --- headings, links, sections (pure) -----------------------------------------------------------


def test_heading_ids_match_mkdocs():
    assert printing.heading_id("Wat: ook *negatieve* effecten") == "wat-ook-negatieve-effecten"
    assert printing.heading_id("Theory of change {lang=en}") == "theory-of-change"
    assert printing.heading_id("[Link](x.md) en `code`") == "link-en-code"


def test_shift_headings_prefixes_ids_and_keeps_attributes():
    used: set[str] = set()
    text, anchors = printing.shift_headings(
        "## Kennis\n\n### Theory of change {lang=en}\n\n### Vraag\n\n### Vraag\n\n## Eigen {#mijn-id .x}\n"
        "```\n## code\n```\n",
        2,
        "w03",
        used,
        classes=("c",),
    )
    lines = [line for line in text.splitlines() if line.startswith("#")]
    assert lines == [
        "#### Kennis {#w03-kennis .c}",
        "##### Theory of change {#w03-theory-of-change lang=en}",
        "##### Vraag {#w03-vraag}",
        "##### Vraag {#w03-vraag_1}",
        "#### Eigen {#w03-mijn-id .x}",
        "## code",
    ]
    assert anchors.get("vraag_1") == "w03-vraag_1" and anchors.get("mijn-id") == "w03-mijn-id"
    assert anchors.get("") == "w03" and anchors.get("elders") is None
    assert used == {"w03-kennis", "w03-theory-of-change", "w03-vraag", "w03-vraag_1", "w03-mijn-id"}


def test_headings_never_go_below_level_six():
    text, _ = printing.shift_headings("##### Diep\n", 3, "w01", set())
    assert text == "###### Diep {#w01-diep}"


def test_rewrite_links_from_weeks_to_programme(prog):
    own = printing.Anchors("w02", {"kennis": "w02-kennis"})
    inline = {"weken/week-01.md": printing.Anchors("w01", {"kennis": "w01-kennis"})}
    text = printing.rewrite_links(WEEK_2, printing.mover("weken/week-02.md", "programma/afdrukken.md", own, inline))
    assert "[week 1](#w01)" in text
    assert "[de kennis van week 1](#w01-kennis)" in text
    assert "[hieronder](#w02-kennis)" in text
    assert '[tool](../tools/canvas-a.md "Canvas")' in text
    assert "[het jaar](index.md#module-1)" in text
    assert "<https://example.org/bron>" in text
    assert "[ref]: ../over/bronnen.md#bron-weiss1995" in text
    assert '<a href="../tools/canvas-a.md">' in text
    assert "[geen link](week-01.md)" in text  # fenced code stays as it is


def test_rewrite_links_to_another_folder():
    own = printing.Anchors("w02", {"stap": "w02-stap"})
    text = printing.rewrite_links(
        "[a](../tools/x.md) [b](week-01.md#y) ![c](../img/p.png) [d](mailto:a@b.nl) "
        "[e](#stap) [f](#kennis) [g](week-02.md#stap)",
        printing.mover("weken/week-02.md", "modules/1-x-opdrachten.md", own),
    )
    assert text == (
        "[a](../tools/x.md) [b](../weken/week-01.md#y) ![c](../img/p.png) [d](mailto:a@b.nl) "
        "[e](#w02-stap) [f](../weken/week-02.md#kennis) [g](#w02-stap)"
    )
    deeper = printing.rewrite_links("[a](../tools/x.md)", printing.mover("weken/week-02.md", "a/b/c.md", own))
    assert deeper == "[a](../../tools/x.md)"


def test_footnotes_get_the_week_prefix():
    assert printing.prefix_footnotes("a[^1] b\n\n[^1]: c", "w04") == "a[^w04-1] b\n\n[^w04-1]: c"


def test_sections():
    body = "Intro\n\n## Een\n\ntekst\n\n## Twee {#twee}\n\n```\n## niet\n```\n"
    assert [title for title, _ in printing.split_sections(body)] == [None, "Een", "Twee"]
    assert printing.only_section(body, "Twee") == "```\n## niet\n```"
    assert "## Een" not in printing.without_sections(body, ("Een",))
    assert printing.only_section(body, "Drie") == ""


# --- the pages (pure) ---------------------------------------------------------------------------


def test_print_page(prog):
    text = printing.print_page(prog)
    assert text.startswith("---\nsearch:\n  exclude: true\n")
    assert "# Het hele programma" in text
    assert "## Module 1: Eerste module {#module-1 .ia-print-module}" in text
    assert "### Week 1: Begin {#w01 .ia-print-week}" in text
    assert "### Week 2: Verder {#w02 .ia-print-week}" in text
    assert text.index("{#w01 ") < text.index("{#w02 ")
    assert "#### Waarom deze week {#w02-waarom-deze-week}" in text
    assert "[week 1](#w01)" in text and "[hieronder](#w02-kennis)" in text
    # notes for coaches stay off; citations stay (the build links them to the reading list)
    assert "Voor begeleiders" not in text.replace("notities voor begeleiders", "")
    assert "Alleen voor begeleiders" not in text
    assert "[@weiss1995]" in text and "[^w02-1]" in text
    assert "## Bronnen {#bronnen .ia-print-module}" in text
    assert "[notities voor begeleiders](../begeleiding/notities.md)" in text
    ids = re.findall(r"\{#([^ }]+)", text)
    assert len(ids) == len(set(ids)), Counter(ids).most_common(3)


def test_print_page_without_weeks(prog):
    empty = dataclasses.replace(prog, week_pages={})
    assert "Er zijn nog geen weken uitgewerkt." in printing.print_page(empty)


def test_module_handout(prog):
    module = prog.modules[0]
    text = printing.module_handout(prog, module)
    assert paths.handout_uri(module) == "modules/1-eerste-opdrachten.md"
    assert "# Opdrachten voor het duo: module 1" in text
    assert "## Week 1: Begin {#w01 .ia-print-week}" in text
    assert "- **Weekproduct:** Een plan" in text
    assert "Open de [tool](../tools/canvas-a.md). Lees [de kennis](../weken/week-02.md#kennis)." in text
    assert "Waarom deze week" not in text and "Alleen voor begeleiders" not in text
    assert "[uitleg bij deze week](../weken/week-02.md)" in text


def test_module_handout_of_a_planned_week(prog):
    planned = dataclasses.replace(prog, week_pages={1: prog.week_pages[1]})
    text = printing.module_handout(planned, planned.modules[0])
    assert "Deze week is nog niet uitgewerkt." in text
    assert "- **Tool:** Geplande tool B *(gepland)*" in text


def test_print_and_offline_section(prog):
    without = printing.print_and_offline(prog, paths.YEAR_OVERVIEW, None)
    assert "[Het hele programma op één pagina](afdrukken.md)" in without
    assert "[module 1](../modules/1-eerste-opdrachten.md)" in without
    assert "zip" not in without
    with_zip = printing.print_and_offline(prog, paths.YEAR_OVERVIEW, "downloads/impactacademie-offline.zip")
    assert "(../downloads/impactacademie-offline.zip)" in with_zip


def test_the_dutch_texts_are_known_words(prog):
    """The fixed sentences of these pages pass the site's spelling check (the shipped OpenTaal
    dictionary; a missing dictionary fails here, it never skips)."""
    from conftest import ROOT
    from macros.load.programme import split_front_matter

    real, _ = load_programme(ROOT)
    texts = [
        printing.print_page(dataclasses.replace(prog, week_pages={})),
        printing.module_handout(prog, prog.modules[0]),
        printing.print_and_offline(prog, paths.YEAR_OVERVIEW, "x.zip"),
    ]
    units = [u.text for text in texts for u in language.prose_units(split_front_matter(text)[1])]
    assert language.unknown_words(units, real.wordlist | prog.wordlist) == set()


def test_external_links_are_marked_for_print():
    html = (
        '<p><a href="https://a.nl/x">tekst</a> <a href="https://b.nl/">https://b.nl/</a> '
        '<a class="md-button" href="https://c.nl">knop</a> <a href="../intern/">intern</a> '
        '<a title="t" href="https://d.nl"><em>d</em></a></p>'
    )
    marked = printing.mark_external_links(html)
    assert '<a href="https://a.nl/x" class="ia-print-url">tekst</a>' in marked
    assert '<a href="https://b.nl/">https://b.nl/</a>' in marked
    assert '<a class="md-button" href="https://c.nl">knop</a>' in marked
    assert '<a href="../intern/">intern</a>' in marked
    assert '<a title="t" href="https://d.nl" class="ia-print-url"><em>d</em></a>' in marked


# --- the built site -----------------------------------------------------------------------------


def soup(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "lxml")


def test_print_page_is_built_complete_and_unique(site):
    from conftest import ROOT
    from macros.checks.programme import load_programme as load

    programme, _ = load(ROOT)
    page = soup(site / "programma" / "afdrukken" / "index.html")
    article = page.select_one("article")
    weeks = [h["id"] for h in article.select("h3.ia-print-week")]
    assert weeks == [printing.week_anchor(n) for n in sorted(programme.week_pages)]
    ids = Counter(el["id"] for el in page.find_all(id=True))
    assert [i for i, n in ids.items() if n > 1] == []
    text = article.get_text(" ")
    assert "{{" not in text and "{%" not in text and "[@" not in text  # macros and citations rendered
    assert not article.select("#voor-begeleiders, [id$='-voor-begeleiders']")
    assert article.select_one("a[href^='../../over/bronnen/#bron-']")
    overview = soup(site / "programma" / "index.html")
    assert overview.select_one("nav.md-nav a[href='afdrukken/']"), "not in the navigation"
    assert overview.select_one("article a[href='afdrukken/']"), "not linked from the year overview"


def test_aggregate_pages_are_not_in_the_search_index(site):
    import json

    index = json.loads((site / "search" / "search_index.json").read_text("utf-8"))
    locations = {doc["location"].split("#")[0] for doc in index["docs"]}
    assert "programma/afdrukken/" not in locations
    assert not [loc for loc in locations if loc.endswith("-opdrachten/")]


def test_module_page_links_its_handout(site):
    page = soup(site / "modules" / "1-impactvisie" / "index.html")
    link = page.select_one("article a[href='../1-impactvisie-opdrachten/']")
    assert link is not None
    handout = soup(site / "modules" / "1-impactvisie-opdrachten" / "index.html")
    assert handout.select("article h2.ia-print-week")
    assert "Aan de slag als duo" in handout.select_one("article").get_text()


# --- printed in Chromium ------------------------------------------------------------------------

CLIPPED_JS = """() => {
  const LANDSCAPE_WIDTH = 1009;  // px at 96 dpi: 297 mm minus the 15 mm margins of the print styles
  const box = document.querySelector('.md-content').getBoundingClientRect();
  const found = [];
  for (const el of document.querySelectorAll('.md-content *')) {
    const rects = el.getClientRects();
    if (!rects.length) continue;
    const style = getComputedStyle(el);
    const clipsX = ['auto', 'scroll', 'hidden', 'clip'].includes(style.overflowX);
    const clipsY = ['auto', 'scroll', 'hidden', 'clip'].includes(style.overflowY);
    const name = el.tagName.toLowerCase() + (el.id ? '#' + el.id : '') +
                 (el.className && typeof el.className === 'string' ? '.' + el.className.split(' ')[0] : '');
    if (clipsX && el.scrollWidth > el.clientWidth) found.push('cut off sideways: ' + name);
    if (clipsY && el.scrollHeight > el.clientHeight && el.tagName !== 'TEXTAREA')
      found.push('cut off below: ' + name);
    const r = el.getBoundingClientRect();
    // the print styles put a plain table of ten or more columns on a landscape sheet (@page wide)
    let wide = false;
    for (let up = el; up && !wide; up = up.parentElement) wide = getComputedStyle(up).page === 'wide';
    const right = wide ? box.left + LANDSCAPE_WIDTH : box.right;
    if (r.width && r.right > right + 2) found.push('past the right edge: ' + name);
  }
  return found;
}"""


def flat(text: str) -> str:
    """Text without spaces and hyphens: PDF text breaks lines and words where the page did."""
    return re.sub(r"[\s\-\u00ad]+", "", text)


A4_CONTENT_WIDTH = 680  # px at 96 dpi: 210 mm minus the 15 mm margins of the print styles


@pytest.mark.browser
@pytest.mark.parametrize(
    "path",
    [
        "weken/week-*/",
        "programma/afdrukken/",
        "tools/*/",
        "tools/liquiditeitsbegroting/",  # the widest tables: twelve months and a year total
        "modules/1-impactvisie-opdrachten/",
    ],
)
def test_print_layout_cuts_nothing_off(site, open_page, path, tmp_path):
    if "*" in path:  # the longest page of its kind
        found = max(site.glob(path + "index.html"), key=lambda p: p.stat().st_size)
        path = found.parent.relative_to(site).as_posix() + "/"
    page = open_page(path, "dark")
    page.emulate_media(media="print")
    page.set_viewport_size({"width": A4_CONTENT_WIDTH, "height": 900})
    assert page.evaluate(CLIPPED_JS) == []
    hidden = page.evaluate("""() => ['.md-header', '.md-sidebar--primary', '.md-footer', '.ia-feedback',
        '#voor-begeleiders'].filter(s => { const el = document.querySelector(s);
        return el && el.getClientRects().length > 0; })""")
    assert hidden == [], "shown on paper"
    # The PDF has every heading and the last words of the page.
    pdf = tmp_path / "page.pdf"
    page.pdf(path=str(pdf), format="A4")
    pdftotext = ensure_debian_package("pdftotext", "poppler-utils")
    printed = subprocess.run([pdftotext, "-layout", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    printed = flat(printed)
    # Every cell of the page's tables is on paper: the last column of a wide table was cut off.
    last_cells = page.evaluate("""() => [...document.querySelectorAll('article table')]
        .filter(t => t.getClientRects().length).map(t => [...t.querySelectorAll('tr')].pop())
        .map(r => r && r.lastElementChild ? r.lastElementChild.textContent.trim() : '').filter(Boolean)""")
    cut = [c for c in last_cells if flat(c.split()[-1]) not in printed]  # a cell's lines interleave
    assert cut == [], f"the last cell of a table is not in the PDF: {cut}"
    headings = page.evaluate("""() => [...document.querySelectorAll('article h2, article h3')]
        .filter(h => h.getClientRects().length).map(h => h.textContent.replace('¶', '').trim())""")
    missing = [h for h in headings if flat(h) not in printed]
    assert missing == [], f"headings not in the PDF: {missing}"
    last = page.evaluate("""() => { const items = [...document.querySelectorAll('article p, article li')]
        .filter(e => e.getClientRects().length && e.textContent.trim().length > 20);
        return items[items.length - 1].textContent.trim(); }""")
    words = last.split()[-4:]
    assert flat(" ".join(words)) in printed, f"the end of the page is not in the PDF: {words}"
    # Paper is white, also in dark mode.
    assert page.evaluate("getComputedStyle(document.body).backgroundColor") in (
        "rgb(255, 255, 255)",
        "rgba(0, 0, 0, 0)",
    )


@pytest.mark.browser
def test_printed_links_show_external_addresses_only(site, open_page):
    """(In the browser every href is absolute: instant navigation rewrites them. So the build marks
    the links to other sites, and only those print their address.)"""
    source = soup(site / "over" / "licentie" / "index.html").select("article a[href]")
    external = {a["href"] for a in source if "ia-print-url" in (a.get("class") or [])}
    assert any("creativecommons.org" in href for href in external)
    page = open_page("over/licentie/", "light")
    page.emulate_media(media="print")
    after = page.evaluate("""() => [...document.querySelectorAll('article a')].map(a =>
        [a.getAttribute('href'), getComputedStyle(a, '::after').content])""")
    printed = {href for href, content in after if content not in ("none", "normal")}
    assert printed == external
    assert all(href in content for href, content in after if href in printed)


@pytest.mark.browser
@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("path", ["programma/afdrukken/", "modules/1-impactvisie-opdrachten/"])
def test_print_pages_have_no_axe_violations(site, open_page, path, scheme):
    """The page types of this file, with the checks of tests/test_accessibility.py."""
    from test_accessibility import check, open_checked

    check(open_checked(open_page, path, scheme), f"/{path} ({scheme})")
