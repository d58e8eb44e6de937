"""The conversion memo of macros/site/pagecache.py: a second build in one process (a rebuild of
`mkdocs serve`) converts only the pages whose inputs changed, and gives what a first build gives,
warnings and anchor checks included."""

from __future__ import annotations

import logging
from pathlib import Path

import jinja2
import pytest
from mkdocs.commands import build
from mkdocs.config import load_config
from mkdocs.exceptions import Abort
from mkdocs.structure.pages import Page

from macros.site import pagecache

CONFIG = """\
site_name: Test
site_url: http://example.org/
theme:
  name: mkdocs
markdown_extensions:
  - toc:
      permalink: true
validation:
  anchors: warn
"""


@pytest.fixture
def project(tmp_path: Path) -> Path:
    (tmp_path / "mkdocs.yml").write_text(CONFIG, encoding="utf-8")
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "index.md").write_text("# Start\n\nZie [het doel](doel.md#doel-a).\n", encoding="utf-8")
    (docs / "doel.md").write_text("# Doel\n\n## Doel A\n\nTekst.\n", encoding="utf-8")
    return tmp_path


@pytest.fixture
def conversions(monkeypatch):
    """The pages the original Page.render converts, by source path."""
    pagecache.clear()
    seen: list[str] = []
    original = Page.__dict__.get("_ia_original_render") or Page.render

    def counting(self, config, files):
        seen.append(self.file.src_uri)
        original(self, config, files)

    monkeypatch.setattr(Page, "_ia_original_render", counting, raising=False)
    monkeypatch.setattr(Page, "render", Page.render)
    pagecache.install()
    yield seen
    pagecache.clear()


def build_site(project: Path, out: Path, strict: bool = False) -> None:
    config = load_config(str(project / "mkdocs.yml"), site_dir=str(out), strict=strict)
    build.build(config)


def test_a_second_build_converts_only_the_changed_page_and_gives_the_same_site(project, conversions, tmp_path):
    build_site(project, tmp_path / "one")
    assert sorted(conversions) == ["doel.md", "index.md"]
    conversions.clear()
    build_site(project, tmp_path / "two")
    assert conversions == []
    for page in ("index.html", "doel/index.html"):
        assert (tmp_path / "one" / page).read_bytes() == (tmp_path / "two" / page).read_bytes(), page

    (project / "docs" / "doel.md").write_text("# Doel\n\n## Doel A\n\nNieuwe tekst.\n", encoding="utf-8")
    build_site(project, tmp_path / "three")
    assert conversions == ["doel.md"]
    assert "Nieuwe tekst." in (tmp_path / "three" / "doel" / "index.html").read_text("utf-8")


def test_a_cached_page_still_warns_and_its_anchor_links_are_checked_against_the_new_pages(
    project, conversions, tmp_path, caplog
):
    (project / "docs" / "index.md").write_text(
        "# Start\n\nZie [het doel](doel.md#doel-a) en [weg](weg.md).\n", encoding="utf-8"
    )
    with caplog.at_level(logging.WARNING):
        build_site(project, tmp_path / "one")
    assert "weg.md" in caplog.text
    caplog.clear()
    conversions.clear()
    with caplog.at_level(logging.WARNING), pytest.raises(Abort):
        build_site(project, tmp_path / "two", strict=True)  # the dead link of the cached page fails --strict
    assert conversions == [] and "weg.md" in caplog.text

    (project / "docs" / "doel.md").write_text("# Doel\n\n## Doel B\n\nTekst.\n", encoding="utf-8")
    caplog.clear()
    with caplog.at_level(logging.WARNING):
        build_site(project, tmp_path / "three")
    assert conversions == ["doel.md"]  # index.md comes from the memo …
    assert "doel-a" in caplog.text  # … and its link to the anchor that is gone is reported


def test_an_edited_template_is_compiled_again(project, conversions, tmp_path):
    """The theme's templates are compiled once per process (pagecache.TEMPLATES); an edit counts."""
    overrides = project / "overrides"
    overrides.mkdir()
    (overrides / "main.html").write_text('{% extends "base.html" %}{% block footer %}Voet een{% endblock %}', "utf-8")
    (project / "hook.py").write_text(  # the site's on_env, as macros/site/hooks.py hands it over
        "from macros.site import adapter\n\n\ndef on_env(env, config, files):\n    return adapter.on_env(env)\n",
        "utf-8",
    )
    config = project / "mkdocs.yml"
    text = config.read_text("utf-8").replace("  name: mkdocs\n", "  name: mkdocs\n  custom_dir: overrides\n")
    config.write_text(text + "hooks:\n  - hook.py\n", "utf-8")
    pagecache.TEMPLATES.code.clear()
    build_site(project, tmp_path / "one")
    assert "Voet een" in (tmp_path / "one" / "index.html").read_text("utf-8")
    assert pagecache.TEMPLATES.code  # compiled templates are kept
    (overrides / "main.html").write_text('{% extends "base.html" %}{% block footer %}Voet twee{% endblock %}', "utf-8")
    build_site(project, tmp_path / "two")
    page = (tmp_path / "two" / "index.html").read_text("utf-8")
    assert "Voet twee" in page and "Voet een" not in page


def test_the_search_index_is_the_same_and_follows_an_edit(project, conversions, tmp_path):
    """Material's search parser keeps the sections per HTML text; the index of a second build is
    byte for byte the first one's, and an edited page is indexed anew."""
    config = project / "mkdocs.yml"
    config.write_text(config.read_text("utf-8").replace("  name: mkdocs\n", "  name: material\n"), "utf-8")
    config.write_text(config.read_text("utf-8") + "plugins:\n  - search\n", "utf-8")
    build_site(project, tmp_path / "one")
    kept = len(pagecache._SECTIONS)
    assert kept >= 2
    build_site(project, tmp_path / "two")
    assert len(pagecache._SECTIONS) == kept  # nothing parsed anew
    index = "search/search_index.json"
    assert (tmp_path / "one" / index).read_bytes() == (tmp_path / "two" / index).read_bytes()
    (project / "docs" / "doel.md").write_text("# Doel\n\n## Doel A\n\nZoekwoord rozenbottel.\n", encoding="utf-8")
    build_site(project, tmp_path / "three")
    assert "rozenbottel" in (tmp_path / "three" / index).read_text("utf-8")
    assert "rozenbottel" not in (tmp_path / "two" / index).read_text("utf-8")


@pytest.fixture
def compiles(monkeypatch):
    """The sources Jinja compiles, in order."""
    pagecache.clear()
    seen: list[str] = []
    original = jinja2.Environment.compile

    def counting(self, source, *args, **kwargs):
        seen.append(source)
        return original(self, source, *args, **kwargs)

    monkeypatch.setattr(jinja2.Environment, "compile", counting)
    yield seen
    pagecache.clear()


def macros_env(**options) -> jinja2.Environment:
    """An environment as the macros plugin makes one per build, with this build's globals."""
    env = jinja2.Environment(undefined=jinja2.StrictUndefined, **options)
    pagecache.compile_pages(env)
    return env


def test_a_page_is_compiled_once_and_rendered_with_each_builds_globals(compiles):
    source = "Week {{ week }}: {{ title | upper }}"
    first = macros_env()
    first.globals["week"] = 3
    assert first.from_string(source).render(title="netwerk") == "Week 3: NETWERK"
    second = macros_env()
    second.globals["week"] = 4
    assert second.from_string(source).render(title="geld") == "Week 4: GELD"
    assert compiles == [source]
    second.from_string("{{ week }} en meer")
    assert compiles == [source, "{{ week }} en meer"]


def test_what_compiling_depends_on_makes_it_compile_again(compiles):
    source = "{{ 'x' | mark }} {# note #}"
    plain = macros_env()
    plain.filters["mark"] = lambda value: f"<{value}>"
    assert plain.from_string(source).render() == "<x> "
    with_context = macros_env()  # same name, but the filter now takes the context first
    with_context.filters["mark"] = jinja2.pass_context(lambda context, value: f"[{context['who']}:{value}]")
    assert with_context.from_string(source).render(who="coach") == "[coach:x] "
    other_syntax = macros_env(comment_start_string="{##", comment_end_string="##}")
    other_syntax.filters["mark"] = lambda value: value
    assert other_syntax.from_string(source).render() == "x {# note #}"
    assert compiles == [source, source, source]
    missing = macros_env()  # without the filter: the same error as without the memo, every time
    for _ in range(2):
        with pytest.raises(jinja2.TemplateAssertionError, match="No filter named 'mark'"):
            missing.from_string(source)
