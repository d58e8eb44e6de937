"""The anchor check of the built site (macros/site/anchors.py) on small sites written here."""

from __future__ import annotations

from pathlib import Path

from macros.site.anchors import check_anchors


def write_site(root: Path, pages: dict[str, str]) -> Path:
    for name, body in pages.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(f"<!doctype html>\n<html><body>\n{body}\n</body></html>\n", encoding="utf-8")
    return root


def test_links_to_existing_ids_pass(tmp_path):
    site = write_site(
        tmp_path,
        {
            "index.html": '<a href="weken/week-01/#kennis">1</a> <a href="#top">top</a> <p id="top"></p>',
            "weken/week-01/index.html": '<h2 id="kennis">Kennis</h2><a href="../week-02/#stap-1">2</a>',
            "weken/week-02/index.html": '<li id="stap-1"></li><a href="../../#top">home</a>',
        },
    )
    report = check_anchors(site)
    assert report.checked == 4
    assert report.broken == []


def test_a_missing_id_is_reported_with_page_and_line(tmp_path):
    site = write_site(
        tmp_path,
        {
            "index.html": '<p id="a"></p>\n<a href="#b">b</a>',
            "weken/week-01/index.html": '<a href="../../#a">ok</a>\n\n<a href="/index.html#c">c</a>',
        },
    )
    broken = check_anchors(site).broken
    assert [(b.page, b.line, b.fragment, b.target) for b in broken] == [
        ("index.html", 4, "b", "index.html"),
        ("weken/week-01/index.html", 5, "c", "index.html"),
    ]
    assert "weken/week-01/index.html:5" in str(broken[1]) and "'c'" in str(broken[1])


def test_name_attributes_encoded_fragments_and_pages_without_slash(tmp_path):
    site = write_site(
        tmp_path,
        {
            "index.html": '<a href="over#co%C3%B6peratie">x</a> <a href="over/#oud">y</a>',
            "over/index.html": '<h2 id="coöperatie"></h2><a name="oud"></a>',
        },
    )
    report = check_anchors(site)
    assert report.checked == 2 and report.broken == []


def test_other_hosts_other_files_and_missing_pages_are_left_to_linkchecker(tmp_path):
    site = write_site(
        tmp_path,
        {
            "index.html": (
                '<a href="https://example.org/#nee">extern</a> <a href="tool.pdf#page=2">pdf</a>'
                ' <a href="bestaat-niet/#x">weg</a> <a href="#">leeg</a>'
            ),
        },
    )
    report = check_anchors(site)
    assert report.checked == 0 and report.broken == []
