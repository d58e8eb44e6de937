"""The navigation memo of macros/site/navcache.py: each page's navigation is rendered once per
navigation and page address, a rebuild after an edit of a page's text renders none again, and an
edit of a title, the navigation template or the configuration renders every one again. The pages
are byte for byte what Material's own partials/nav.html gives."""

from __future__ import annotations

import shutil
from pathlib import Path

import material
import pytest
from mkdocs.commands import build
from mkdocs.config import load_config

from conftest import ROOT
from macros.site import navcache

MATERIAL_TEMPLATES = Path(material.__file__).resolve().parent / "templates"

CONFIG = """\
site_name: Test
site_url: http://example.org/
theme:
  name: material
  language: nl
  features: [navigation.tabs, navigation.sections, navigation.indexes, navigation.prune]
{custom_dir}
hooks:
  - navhook.py
nav:
  - Start: index.md
  - Weken:
      - weken/index.md
      - weken/week-01.md
      - weken/week-02.md
  - Over: over.md
"""

HOOK = """\
from macros.site import navcache


def on_env(env, config, files):
    env.globals["ia_nav"] = navcache.cached_nav
    return env
"""

PAGES = {
    "index.md": "# Start\n\nWelkom.\n",
    "weken/index.md": "# Weken\n\nAlle weken.\n",
    "weken/week-01.md": "# Week 1\n\nDe eerste week.\n",
    "weken/week-02.md": "# Week 2\n\nDe tweede week.\n",
    "over.md": "# Over\n\nOver de site.\n",
}


def make_project(root: Path, cached: bool) -> Path:
    root.mkdir(parents=True)
    custom = "  custom_dir: overrides" if cached else ""
    (root / "mkdocs.yml").write_text(CONFIG.format(custom_dir=custom), encoding="utf-8")
    (root / "navhook.py").write_text(HOOK, encoding="utf-8")
    for name, text in PAGES.items():
        (root / "docs" / name).parent.mkdir(parents=True, exist_ok=True)
        (root / "docs" / name).write_text(text, encoding="utf-8")
    if cached:
        (root / "overrides" / "partials").mkdir(parents=True)
        for name in ("nav.html", "ia-nav.html"):
            shutil.copy(ROOT / "overrides" / "partials" / name, root / "overrides" / "partials" / name)
    return root


def build_site(project: Path, out: Path) -> dict[str, str]:
    config = load_config(str(project / "mkdocs.yml"), site_dir=str(out))
    build.build(config)
    return {p.relative_to(out).as_posix(): p.read_text("utf-8") for p in sorted(out.rglob("*.html"))}


def nav_of(page_html: str) -> str:
    start = page_html.index('<nav class="md-nav md-nav--primary')
    return page_html[start : page_html.index('data-md-type="toc"', start)]


@pytest.fixture
def fresh_cache():
    navcache.Cache.nav, navcache.Cache.fingerprint, navcache.Cache.pages = None, "", {}
    yield navcache.Cache


def test_the_pages_are_those_of_materials_own_navigation(tmp_path, fresh_cache):
    ours = build_site(make_project(tmp_path / "ours", cached=True), tmp_path / "site-ours")
    material_own = build_site(make_project(tmp_path / "material", cached=False), tmp_path / "site-material")
    assert ours.keys() == material_own.keys() and len(ours) >= 6
    for name in ours:
        assert ours[name] == material_own[name], name
    assert "Week 2" in nav_of(ours["weken/week-01/index.html"])
    assert len(fresh_cache.pages) == len(PAGES) + 1  # and the 404 page (no page: address None)


def test_an_edit_of_a_text_renders_no_navigation_again(tmp_path, fresh_cache):
    project = make_project(tmp_path / "p", cached=True)
    first = build_site(project, tmp_path / "site1")
    kept = dict(fresh_cache.pages)
    (project / "docs" / "over.md").write_text("# Over\n\nOver de site, nu langer.\n", encoding="utf-8")
    second = build_site(project, tmp_path / "site2")
    assert "nu langer" in second["over/index.html"]
    assert fresh_cache.pages.keys() == kept.keys()
    assert all(fresh_cache.pages[k] is kept[k] for k in kept)  # the same strings: not rendered again
    assert {k: nav_of(v) for k, v in first.items() if k != "404.html"} == {
        k: nav_of(v) for k, v in second.items() if k != "404.html"
    }


@pytest.mark.parametrize(
    "edit, expected",
    [
        # a title in the front matter: the link text in every page's navigation
        (lambda p: (p / "docs/weken/week-02.md").write_text("---\ntitle: Week twee\n---\n\n# Week 2\n"), "Week twee"),
        # the navigation template itself
        (
            lambda p: (p / "overrides/partials/ia-nav.html").write_text(
                (p / "overrides/partials/ia-nav.html").read_text().replace("</nav>", "<!-- nieuw --></nav>")
            ),
            "<!-- nieuw -->",
        ),
        # the configuration
        (
            lambda p: (p / "mkdocs.yml").write_text((p / "mkdocs.yml").read_text().replace("Test", "Testsite")),
            "Testsite",
        ),
    ],
    ids=["front matter title", "navigation template", "mkdocs.yml"],
)
def test_what_the_navigation_shows_renders_every_navigation_again(tmp_path, fresh_cache, edit, expected):
    project = make_project(tmp_path / "p", cached=True)
    build_site(project, tmp_path / "site1")
    fingerprint = fresh_cache.fingerprint
    edit(project)
    second = build_site(project, tmp_path / "site2")
    assert fresh_cache.fingerprint != fingerprint
    # with navigation.prune, only the pages of the tab "Weken" carry the link to week 2
    for name in ("weken/index.html", "weken/week-01/index.html", "weken/week-02/index.html"):
        assert expected in nav_of(second[name]), name


def test_the_navigation_is_materials_own_unchanged():
    """partials/ia-nav.html is Material's partials/nav.html after its header lines (a Jinja comment
    with whitespace control); when Material changes its nav.html, this fails."""
    ours = (ROOT / "overrides" / "partials" / "ia-nav.html").read_text("utf-8")
    theirs = (MATERIAL_TEMPLATES / "partials" / "nav.html").read_text("utf-8")
    body = ours.split("-#}\n", 2)[2]
    assert body == theirs.split("-#}\n", 1)[1]
