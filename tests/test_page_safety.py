"""Content that reaches the page (issue 12): text from YAML is escaped or rendered as Markdown, and
after each page is built a check rejects any script, `on*` attribute or `javascript:`/`data:` URL
that the theme did not put there, naming the source file and line."""

from __future__ import annotations

import os
import re
import shutil
from pathlib import Path

import markdown
import pytest
import yaml

from macros.checks import pagesafety
from macros.checks.programme import load_programme
from macros.render import pages as render

ROOT = Path(__file__).resolve().parent.parent
FIXTURE = Path(__file__).parent / "fixtures" / "mini"
HOSTILE = '<img src=x onerror="alert(1)"> *nadruk* [link](https://example.org) {{ config }} | pijp'


# --- the allow-list, derived from the theme and mkdocs.yml ------------------------------------------


@pytest.fixture(scope="module")
def config():
    from mkdocs.config import load_config

    return load_config(str(ROOT / "mkdocs.yml"))


@pytest.fixture(scope="module")
def allowed(config):
    return pagesafety.theme_allowances(config)


def material_script(name: str) -> str:
    """An inline script exactly as Material's template writes it (no template code inside)."""
    import material

    text = (Path(material.__file__).parent / "templates" / "partials" / "javascripts" / name).read_text("utf-8")
    return re.search(r"<script>.*?</script>", text, re.DOTALL).group(0)


def page(body: str, head: str = "") -> str:
    return f"<!doctype html><html><head>{head}</head><body><article>{body}</article></body></html>"


def kinds(html: str, allowed, url: str = "weken/week-01/") -> list[str]:
    return [finding.kind for finding in pagesafety.unsafe_html(html, allowed, url)]


def test_the_theme_and_the_site_scripts_are_allowed(allowed):
    head = (
        '<script src="../../assets/javascripts/bundle.a5f9d56c.min.js"></script>'
        '<script src="../../assets/javascripts/ia-store.js"></script>'
        '<script id="__config" type="application/json">{"base": "../.."}</script>'
        '<script>__md_scope=new URL("../..",location),__md_hash=e=>[...e].reduce(((e,_)=>(e<<5)-e+_.charCodeAt(0)),0),'
        '__md_get=(e,_=localStorage,t=__md_scope)=>JSON.parse(_.getItem(t.pathname+"."+e)),'
        '__md_set=(e,_,t=localStorage,a=__md_scope)=>{try{t.setItem(a.pathname+"."+e,JSON.stringify(_))}catch(e){}}</script>'
    )
    body = material_script("palette.html") + material_script("announce.html") + '<a href="../tools/">Tools</a>'
    assert kinds(page(body, head), allowed) == []


def test_a_script_from_the_content_is_rejected(allowed):
    assert kinds(page("<p>Hallo</p><script>alert(1)</script>"), allowed) == ["script"]


def test_site_absolute_script_paths_resolve_against_the_site_address(allowed):
    html = page('<script src="/impactacademie/assets/javascripts/ia-store.js"></script>')
    assert [f.kind for f in pagesafety.unsafe_html(html, allowed, "weken/week-01/", "/impactacademie/")] == []
    assert [f.kind for f in pagesafety.unsafe_html(html, allowed, "weken/week-01/", "/")] == ["script"]


def test_a_script_file_the_site_does_not_load_is_rejected(allowed):
    assert kinds(page('<script src="../../assets/javascripts/kwaad.js"></script>'), allowed) == ["script"]
    assert kinds(page('<script src="https://example.org/x.js"></script>'), allowed) == ["script"]


def test_a_theme_script_with_other_code_is_rejected(allowed):
    body = material_script("palette.html").replace("</script>", "alert(1)</script>")
    assert kinds(page(body), allowed) == ["script"]


@pytest.mark.parametrize(
    "body",
    [
        '<span onmouseover="x()">klik</span>',
        '<img alt="x" src="a.png"\n  ONERROR=alert(1)>',
        '<svg><a onclick="x()"><text>t</text></a></svg>',
    ],
)
def test_event_handlers_are_rejected(allowed, body):
    assert kinds(page(body), allowed) == ["handler"]


@pytest.mark.parametrize(
    "body",
    [
        '<a href="javascript:alert(1)">klik</a>',
        '<a href="&#106;avascript:alert(1)">klik</a>',
        '<a href=" JaVa\tScript:alert(1)">klik</a>',
        '<img alt="x" src="data:image/svg+xml;base64,PHN2Zz4=">',
        '<iframe src="data:text/html,x"></iframe>',
        '<form action="javascript:x()"></form>',
        '<a href="vbscript:x">x</a>',
    ],
)
def test_code_urls_are_rejected(allowed, body):
    assert kinds(page(body), allowed) == ["url"]


def test_ordinary_links_and_text_are_allowed(allowed):
    body = (
        '<p>Over data: wat je meet. Zie <a href="https://example.org/javascript">uitleg</a> en '
        '<a href="mailto:a@b.nl">mail</a>.</p><pre><code>&lt;script&gt;alert(1)&lt;/script&gt;</code></pre>'
    )
    assert kinds(page(body), allowed) == []


def test_allow_list_comes_from_the_theme_and_the_config(allowed, config):
    for script in config["extra_javascript"]:
        assert str(script) in allowed.scripts
    # the site's own scripts are files of the theme folder: overrides/main.html loads ia-store.js,
    # which loads the others where a page uses them
    for script in (ROOT / "overrides" / "assets" / "javascripts").glob("*.js"):
        assert f"assets/javascripts/{script.name}" in allowed.scripts
    assert "assets/javascripts/bundle.a5f9d56c.min.js" in allowed.scripts
    assert len(allowed.inline) >= 4  # Material's own inline scripts, read from its templates


def test_finding_is_traced_to_the_source_line(tmp_path):
    (tmp_path / "docs" / "weken").mkdir(parents=True)
    (tmp_path / "docs" / "weken" / "week-01.md").write_text(
        '---\nweek: 1\n---\n\nTekst.\n\n<a href="&#106;avascript:alert(1)">klik</a>\n', encoding="utf-8"
    )
    finding = pagesafety.unsafe_html(
        page('<a href="&#106;avascript:alert(1)">klik</a>'), pagesafety.Allowed(), "weken/week-01/"
    )[0]
    problem = pagesafety.problem(finding, tmp_path, ["docs/weken/week-01.md"], "weken/week-01/")
    assert (problem.path, problem.line, problem.field) == ("docs/weken/week-01.md", 7, "html")
    assert "javascript:" in problem.message and "weken/week-01/" in problem.message


# --- text from YAML on the page ---------------------------------------------------------------------


def page_markdown() -> markdown.Markdown:
    """Python-Markdown with the extensions of mkdocs.yml: the rules every page is rendered with."""

    class _Loader(yaml.SafeLoader):
        pass

    _Loader.add_multi_constructor("!", lambda loader, suffix, node: None)
    config = yaml.load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"), Loader=_Loader)
    names, options = [], {}
    for item in config["markdown_extensions"]:
        name, opts = next(iter(item.items())) if isinstance(item, dict) else (item, {})
        names.append(name)
        options[name] = opts or {}
    return markdown.Markdown(extensions=names, extension_configs=options)


def html_of(md_text: str) -> str:
    return page_markdown().convert(md_text)


def tags(html: str) -> list[tuple[str, dict]]:
    """Every element of some HTML with its attributes (the text of <title> is text, as in HTML)."""
    from html.parser import HTMLParser

    found = []

    class Collect(HTMLParser):
        def handle_starttag(self, tag, attrs):
            found.append((tag, dict(attrs)))

    Collect().feed(re.sub(r"<title>.*?</title>", "", html, flags=re.DOTALL))
    return found


def handlers_and_images(html: str) -> list:
    return [(tag, attrs) for tag, attrs in tags(html) if tag == "img" or any(name.startswith("on") for name in attrs)]


@pytest.fixture
def hostile(tmp_path):
    """The fixture with hostile text in plain-text fields of every kind of YAML file."""
    project = tmp_path / "project"
    shutil.copytree(FIXTURE, project)

    def put(rel: str, old: str, new: str) -> None:
        file = project / rel
        text = file.read_text(encoding="utf-8")
        assert old in text, (rel, old)
        file.write_text(text.replace(old, new, 1), encoding="utf-8")

    quoted = "'" + HOSTILE.replace("{{ config }}", "").replace("'", "''") + "'"
    put("worksheets/canvas-a.yml", "title: Canvas A", f"title: {quoted}")
    put("worksheets/canvas-a.yml", "      label: Links", f"      label: {quoted}")
    put("worksheets/canvas-a.yml", "      question: Wat staat links?", f"      question: {quoted}")
    put("docs/_data/programma.yml", "    title: Eerste module", f"    title: {quoted}")
    put("docs/_data/programma.yml", "        product: Een ingevuld canvas", f"        product: {quoted}")
    put("docs/_data/programma.yml", "        title: Begin", f"        title: {quoted}")
    put("docs/_data/bronnen.yml", "    title: Nothing as practical as good theory", f"    title: {quoted}")
    put("docs/_data/begrippen.yml", "  - term: duo", f"  - term: {quoted}")
    put("docs/_data/partners.yml", "    name: Redactie", f"    name: {quoted}")
    put("docs/_data/programmadagen.yml", "    title: Kick-off", f"    title: {quoted}")
    put("docs/_data/cohorten.yml", "place: Lindeburg}", f"place: {quoted}}}")
    programme, problems = load_programme(project)
    assert programme is not None, problems
    return programme


def test_plain_text_is_escaped_everywhere_it_is_rendered(hostile):
    from macros.render import generated, printing

    prog = hostile
    pages = {uri: text for uri, (text, _) in generated.generated_pages(prog).items()}
    pages["over/bronnen.md"] = render.reading_list(prog)
    pages["over/begrippen.md"] = render.glossary(prog)
    pages["programma/index.md"] = render.year_overview(prog, "programma/index.md")
    pages["programmadagen/index.md"] = render.programme_days(prog, "programmadagen/index.md")
    pages["tools/index.md"] = render.tool_index(prog, "tools/index.md")
    pages["partners/index.md"] = render.partners_index(prog, "partners/index.md")
    pages["modules/index.md"] = render.modules_index(prog, "modules/index.md")
    pages["weken/week-01.md"] = render.week_header(prog, 1, "weken/week-01.md")
    pages["programma/afdrukken.md"] = printing.print_page(prog)
    for uri, text in pages.items():
        html = html_of(text)
        assert handlers_and_images(html) == [], uri  # the hostile text shows as text only
    tool = html_of(pages["tools/canvas-a.md"])
    assert "&lt;img src=x onerror=" in tool and "*nadruk*" in tool and "<em>nadruk</em>" not in tool


def test_navigation_and_page_titles_are_escaped(hostile):
    from macros.render import generated

    nav = generated.navigation(
        hostile, [{"Tools": ["tools/index.md"]}, {"Weken": ["weken/index.md"]}, {"Modules": ["modules/index.md"]}]
    )
    titles = [
        title
        for section in nav
        for children in section.values()
        for child in children
        if isinstance(child, dict)
        for title in child
    ]
    nested = [
        t
        for section in nav
        for children in section.values()
        for child in children
        if isinstance(child, dict)
        for sub in child.values()
        if isinstance(sub, list)
        for item in sub
        for t in item
    ]
    assert titles and nested
    for title in titles + nested:
        assert "<img" not in title, title
    assert any("&lt;img" in title for title in titles + nested)


def test_markdown_fields_keep_their_markdown():
    """A Markdown field (schema.Markdown) is rendered as Markdown, as on a page."""
    programme, _ = load_programme(ROOT)
    tool = programme.tools["collective-impact-check"]
    html = html_of(render.tool_page(programme, tool))
    assert '<em lang="en">collective impact</em>' in html


def test_plain_helper():
    assert (
        render.plain("A & B <b> *x* [y](z) {{ c }} \\ `d` #1 _e_")
        == "A &amp; B &lt;b&gt; \\*x\\* \\[y\\](z) \\{\\{ c \\}\\} \\\\ \\`d\\` \\#1 \\_e\\_"
    )
    assert (
        html_of(render.plain("A & B <b> *x* [y](z) \\ `d` #1 _e_"))
        == "<p>A &amp; B &lt;b&gt; *x* [y](z) \\ `d` #1 _e_</p>"
    )


# --- the build -----------------------------------------------------------------------------------


def build_project(project: Path, site_dir: Path):
    """The fixture as a site: the real mkdocs.yml without its navigation (the fixture has only a
    few pages), overrides and macros."""
    from conftest import build_site

    config = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    config = re.sub(r"\nnav:\n(?:[ \t]+.*\n|[ \t]*\n)*", "\n", config)
    (project / "mkdocs.yml").write_text(config, encoding="utf-8")
    if not (project / "overrides").exists():
        shutil.copytree(ROOT / "overrides", project / "overrides")
        shutil.copytree(ROOT / "macros", project / "macros", ignore=shutil.ignore_patterns("__pycache__"))
    return build_site(site_dir, root=project)


@pytest.fixture
def project(tmp_path) -> Path:
    target = tmp_path / "project"
    shutil.copytree(FIXTURE, target)
    return target


def test_clean_fixture_builds_without_findings(project, tmp_path):
    result = build_project(project, tmp_path / "site")
    log = result.stdout + result.stderr
    assert result.returncode == 0, log
    assert "html:" not in log


def test_build_fails_on_an_encoded_script_url_and_names_the_line(project, tmp_path):
    week = project / "docs" / "weken" / "week-01.md"
    text = week.read_text(encoding="utf-8")
    week.write_text(
        text.replace("Wat leerden jullie?", 'Wat leerden jullie? <a href="&#106;avascript:alert(1)">klik</a>'),
        encoding="utf-8",
    )
    line = next(i for i, text in enumerate(week.read_text(encoding="utf-8").splitlines(), 1) if "&#106;" in text)
    result = build_project(project, tmp_path / "site")
    log = result.stdout + result.stderr
    assert result.returncode != 0, log
    assert f"docs/weken/week-01.md:{line}: html:" in log, log


@pytest.fixture(scope="module")
def edited_site(tmp_path_factory) -> Path:
    """One build of the fixture with both edits below (a hostile tool title, a page description
    with quotes): each changes its own page, and the build must succeed with both."""
    tmp_path = tmp_path_factory.mktemp("edited")
    project = tmp_path / "project"
    shutil.copytree(FIXTURE, project)
    tool = project / "worksheets" / "canvas-a.yml"
    tool.write_text(
        tool.read_text(encoding="utf-8").replace(
            "title: Canvas A", "title: '<img src=x onerror=\"alert(1)\"> Canvas A'"
        ),
        encoding="utf-8",
    )
    index = project / "docs" / "index.md"
    index.write_text("---\ndescription: 'Over \"impact\" en <b> & meer'\n---\n\n" + index.read_text("utf-8"), "utf-8")
    result = build_project(project, tmp_path / "site")
    assert result.returncode == 0, result.stdout + result.stderr
    return tmp_path / "site"


@pytest.mark.xdist_group("page_safety_edited")  # one build of edited_site for both tests
def test_hostile_plain_text_builds_escaped(edited_site):
    for built in edited_site.rglob("*.html"):
        html = built.read_text(encoding="utf-8")
        assert [t for t in handlers_and_images(html) if t[0] != "img" or "onerror" in str(t)] == [], built
    tool = (edited_site / "tools" / "canvas-a" / "index.html").read_text(encoding="utf-8")
    assert '&lt;img src=x onerror="alert(1)"&gt; Canvas A' in tool


@pytest.mark.xdist_group("page_safety_edited")
def test_page_description_with_quotes_stays_one_attribute(edited_site):
    """Material writes `page.meta.description` into an attribute as it is: a quote would end it."""
    metas = [
        attrs
        for tag, attrs in tags((edited_site / "index.html").read_text("utf-8"))
        if tag == "meta" and attrs.get("name") == "description"
    ]
    assert metas == [{"name": "description", "content": 'Over "impact" en <b> & meer'}]


def test_an_edited_template_counts_in_the_next_build(tmp_path):
    """`mkdocs serve` keeps this module loaded while only content changes (macros/site/hooks.py):
    the allow-list of a theme folder follows an edit of its templates."""
    theme = tmp_path / "theme"
    (theme / ".icons").mkdir(parents=True)
    template = theme / "main.html"
    template.write_text("<script>eenScript()</script>", encoding="utf-8")
    (theme / ".icons" / "x.html").write_text("<script>uitDeIconen()</script>", encoding="utf-8")

    class Config(dict):
        pass

    config = Config(theme=type("Theme", (), {"dirs": [str(theme)]})(), extra_javascript=[], extra={})
    html = page("<script>tweedeScript()</script>")
    assert kinds(html, pagesafety.theme_allowances(config)) == ["script"]
    template.write_text("<script>eenScript()</script><script>tweedeScript()</script>", encoding="utf-8")
    stat = template.stat()
    os.utime(template, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000_000))
    assert kinds(html, pagesafety.theme_allowances(config)) == []
    assert kinds(page("<script>uitDeIconen()</script>"), pagesafety.theme_allowances(config)) == ["script"]
