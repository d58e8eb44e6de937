"""Anchors of the built site: every link to `page#fragment` inside the site must find an element
with that id (or an `<a name>`) on the page it points to.

LinkChecker checks that every linked file exists (tests/test_build.py). Its own anchor plugin
downloads and parses a page again for every link with a fragment: over 85 pages with tables of
contents that took 9 minutes of one core, against 8 seconds without it. This module reads each HTML
file of the site once, so the anchor check takes seconds and grows with the number of pages.

`check_anchors(site)` counts the links it checked and returns one `BrokenAnchor` per link whose
fragment is missing, with the page and line of the link. Links to another host, to a file that is
not HTML, and to a page that does not exist are left to LinkChecker (a missing page is its error,
not a second one here).
"""

from __future__ import annotations

from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

BASE = "http://site.invalid/"  # a base URL only for resolving relative links


@dataclass(frozen=True)
class BrokenAnchor:
    page: str  # the page with the link, relative to the site folder
    line: int
    href: str
    target: str  # the page the link points to, relative to the site folder

    def __str__(self) -> str:
        return f"{self.page}:{self.line}: link {self.href!r}: {self.target} has no id {self.fragment!r}"

    @property
    def fragment(self) -> str:
        return unquote(urlsplit(self.href).fragment)


class _Page(HTMLParser):
    """The ids of one page and its links (href, line)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.ids: set[str] = set()
        self.links: list[tuple[str, int]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if values.get("id"):
            self.ids.add(values["id"] or "")
        if tag == "a" and values.get("name"):
            self.ids.add(values["name"] or "")
        href = values.get("href")
        if tag in ("a", "area") and href and "#" in href:
            self.links.append((href, self.getpos()[0]))

    handle_startendtag = handle_starttag


def _url_of(relative: str) -> str:
    """The URL path of an HTML file: `weken/week-01/index.html` is served as `weken/week-01/`."""
    if relative == "index.html":
        return BASE
    if relative.endswith("/index.html"):
        return BASE + relative[: -len("index.html")]
    return BASE + relative


def _file_of(url: str, pages: dict[str, _Page]) -> str | None:
    """The HTML file a resolved URL serves, or None when it is not a page of this site."""
    parts = urlsplit(url)
    if f"{parts.scheme}://{parts.netloc}/" != BASE:
        return None
    path = unquote(parts.path)[1:]
    for candidate in (path, path + "index.html", path + "/index.html"):
        if candidate in pages:
            return candidate
    return None


def read_pages(site: Path) -> dict[str, _Page]:
    pages: dict[str, _Page] = {}
    for file in sorted(site.rglob("*.html")):
        parser = _Page()
        parser.feed(file.read_text(encoding="utf-8", errors="replace"))
        parser.close()
        pages[file.relative_to(site).as_posix()] = parser
    return pages


@dataclass(frozen=True)
class AnchorReport:
    checked: int  # links with a fragment to a page of this site
    broken: list[BrokenAnchor]


def check_anchors(site: Path) -> AnchorReport:
    pages = read_pages(site)
    checked, broken = 0, []
    for name, page in pages.items():
        base = _url_of(name)
        for href, line in page.links:
            resolved = urljoin(base, href)
            fragment = unquote(urlsplit(resolved).fragment)
            target = _file_of(resolved.split("#", 1)[0], pages)
            if not fragment or target is None:
                continue
            checked += 1
            if fragment not in pages[target].ids:
                broken.append(BrokenAnchor(name, line, href, target))
    return AnchorReport(checked, broken)
