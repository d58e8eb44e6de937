"""The MkDocs adapter: what the hook and the macros call. Each function is a few lines that hand
over to the model and the renderers; the state of one build is the loaded programme."""

from __future__ import annotations

import hashlib
import html
import logging
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any

from macros.checks.programme import language_problems, other_problems
from macros.load.programme import read_programme
from macros.markdown import reader
from macros.markdown.steps import DUO_SECTION, append_to_section, with_step_leads
from macros.model import paths
from macros.model.memo import memo
from macros.model.problems import ContentError, Problem
from macros.model.programme import Programme
from macros.model.weektime import step_leads
from macros.render import generated, webforms
from macros.render import pages as render
from macros.render.macros import page_macros
from macros.site import navcache, pagecache, process, stored

if TYPE_CHECKING:
    from macros.checks.pagesafety import Allowed

log = logging.getLogger("mkdocs.plugins.impactacademie")

ROOT = Path(__file__).resolve().parents[2]


class State:
    programme: Programme | None = None
    downloads: list = []  # DownloadLink of every download of this build (set in on_files)
    allowed: Allowed | None = None  # of this build's theme and configuration
    language: process.Pending[list[Problem]] | None = None  # the language check, running beside the build
    parallel = False  # `mkdocs build`: the checks that nothing built depends on run in child processes
    scanner: process.Worker | None = None  # the page-safety scan of this build, in a child process
    files: process.Pending | None = None  # downloads and generated pages, made in a child process
    root: Path = ROOT  # the project of this build (its mkdocs.yml's folder)
    warm = False  # this process has pages of an earlier build with these settings (macros/site/stored.py)


def repository(config: Any) -> tuple[str, str]:
    extra = config["extra"]
    return str(extra["repository"]).rstrip("/"), str(extra.get("branch", "main"))


def load(root: Path = ROOT, parallel: bool = False, site_url: str = "", warm: bool = False) -> Programme:
    """Load the programme; raise ContentError with every error, log the warnings. With `parallel`
    (`mkdocs build`), the language check runs in a child process beside the build
    (macros/site/process.py): its problems come with the other errors when there are any, and
    otherwise at the end of the build (`finish`). So do the downloads, unless the build is `warm`
    (macros/site/stored.py had the last build's work): they then take less time here than a
    child takes to start up beside two other processes on two cores."""
    read = read_programme(root)
    if read.programme is None:
        report(read.problems)
        raise ContentError([p for p in read.problems if p.severity == "error"])  # report raises first on errors
    if parallel:
        language = process.in_child(partial(language_problems, read))
        if not warm:  # the downloads and generated pages meanwhile, for on_files (dropped when the checks fail)
            State.files = process.in_child(partial(made_files, read.programme, site_url, child=True))
    else:
        language = process.Pending(value=language_problems(read))
    problems = read.problems + other_problems(read)
    if language.in_child and not any(p.severity == "error" for p in problems):
        State.language = language
    else:
        problems += language.result()
    report(problems)
    return read.programme


def report(problems: list[Problem]) -> None:
    """Log the warnings; raise ContentError with the errors."""
    problems = sorted(set(problems))
    errors = [p for p in problems if p.severity == "error"]
    warnings = [p for p in problems if p.severity == "warning"]
    for warning in warnings:
        log.debug(str(warning))
    if warnings:
        log.info(f"inhoud: {len(warnings)} waarschuwing(en); zie `python -m macros check`")
    if errors:
        raise ContentError(errors)


def finish() -> None:
    """At the end of a build: the problems of the language check that ran beside it."""
    language, State.language = State.language, None
    if language is not None:
        report(language.result())


def on_config(config: Any, parallel: bool = False) -> Any:
    repo, branch = repository(config)
    config["edit_uri"] = f"{repo}/edit/{branch}/docs/"
    State.allowed = None
    State.language = None
    State.parallel, State.scanner, State.files = parallel, None, None
    pagecache.install()  # a page whose Markdown did not change is not converted again
    macros_plugin = config["plugins"].get("macros")
    if getattr(macros_plugin, "_env", None) is not None:  # its on_config ran (hooks come after plugins)
        pagecache.compile_pages(macros_plugin.env)  # a page's Markdown is compiled as Jinja once
    root = Path(config["config_file_path"]).resolve().parent
    State.root = root
    documents, pages = stored.load(root)  # what the last `mkdocs build` worked out (parsed Markdown, pages)
    if parallel and (documents or pages):
        log.debug(f"stored: {documents} Markdown texts and {pages} pages from the last build (.cache/build)")
    State.warm = pagecache.has_pages_for(config)  # pages of a build with these Markdown settings
    try:
        State.programme = load(root, parallel, config["site_url"] or "", State.warm)
    except ContentError as exc:
        from mkdocs.exceptions import PluginError

        raise PluginError(str(exc)) from None
    if config["nav"]:
        config["nav"] = generated.navigation(State.programme, config["nav"])
    return config


def made_files(prog: Programme, site_url: str, child: bool = False) -> tuple[list, list, dict[str, Any], list, dict]:
    """The downloads (from the cache when unchanged), their links and the generated pages. In
    `mkdocs build` this runs in a child process (`child`), whose own log would bypass MkDocs' count
    of warnings: its log records come back with the rest, for on_files to log, and so do the
    Markdown texts it parsed, for the next build (macros/site/stored.py)."""
    if child:
        known = reader.keys()
        with process.Captured() as captured:
            built, links, pages, _, _ = made_files(prog, site_url)
        return built, links, pages, captured.records, reader.read_since(known)
    built = generated.build_downloads(prog, site_url)  # canvases, templates, calendars
    links = [item.link() for item in built]
    return built, links, generated.generated_pages(prog, links), [], {}


def on_files(files: Any, config: Any) -> Any:
    from mkdocs.structure.files import File

    prog = State.programme
    assert prog is not None
    repo, branch = repository(config)
    EDIT_SOURCES.clear()  # the module may outlive a build (macros/site/hooks.py)
    SOURCES.clear()
    made, State.files = State.files, None
    if made is not None:
        built, links, pages, records, parsed = made.result()
    else:
        built, links, pages, records, parsed = made_files(prog, config["site_url"] or "")
    process.replay(records)
    reader.adopt(parsed)
    State.downloads = links
    for item in built:
        files.append(File.generated(config, item.uri, content=item.content))
    for uri, (markdown, source) in pages.items():
        file = File.generated(config, uri, content=markdown)
        file.edit_uri = None
        files.append(file)
        EDIT_SOURCES[uri] = f"{repo}/edit/{branch}/{source}"
        SOURCES[uri] = source
    from macros.render import browser_data  # the data of the browser code (progress, worksheets, dossier)

    use_directory_urls = bool(config["use_directory_urls"])
    compact_assets(files, config)
    data = browser_data.programme_json(prog, use_directory_urls)
    files.append(File.generated(config, browser_data.JSON_URI, content=data))
    files.append(File.generated(config, browser_data.SCRIPT_URI, content=browser_data.script_of(data)))
    return files


def on_nav(config: Any, files: Any) -> None:
    """`mkdocs build`: a child process converts half of the pages meanwhile (macros/site/pagecache.py),
    unless an earlier build's pages for these settings and files were there to start with."""
    if State.parallel:
        pagecache.prefetch(config, files, child=not pagecache.has_pages_for(config, files))


def compact_assets(files: Any, config: Any) -> None:
    """The site's own scripts and style sheet (overrides/assets/) go out without comments and
    indentation, on the same lines (macros/render/compact.py); Material's files are minified
    already. Kept per text in the process memo (a rebuild of `mkdocs serve`)."""
    from mkdocs.structure.files import File

    from macros.render.compact import compact_css, compact_js

    custom_dir = config["theme"].custom_dir
    if not custom_dir:
        return
    assets = Path(custom_dir).resolve() / "assets"  # this project's overrides/, not the package's
    compactors = {".js": compact_js, ".css": compact_css}
    for file in list(files):
        source = Path(file.abs_src_path) if file.abs_src_path else None
        if source is None or source.suffix not in compactors or not source.resolve().is_relative_to(assets):
            continue
        text = source.read_text(encoding="utf-8")
        compact = compactors[source.suffix]
        files.remove(file)
        files.append(
            File.generated(config, file.src_uri, content=memo("compact", (source.suffix, text), partial(compact, text)))
        )


def on_env(env: Any) -> Any:
    env.bytecode_cache = pagecache.TEMPLATES  # the theme's templates compiled once per process
    env.globals["ia_nav"] = navcache.cached_nav
    return env


EDIT_SOURCES: dict[str, str] = {}
SOURCES: dict[str, str] = {}  # generated page → the repository file it is made from


def on_page_markdown(markdown: str, page: Any, config: Any) -> str:
    """Week pages get their header and pager from the plan; every page gets its citations."""
    prog = State.programme
    assert prog is not None
    uri = page.file.src_uri
    repo, _ = repository(config)
    page.meta["feedback_url"] = feedback_url(repo, config["site_url"] or "", page.url, uri)
    if isinstance(page.meta.get("description"), str):
        # Material writes it into <meta content="…"> as it is: a quote would end the attribute.
        page.meta["description"] = html.escape(page.meta["description"], quote=True)
    if uri in EDIT_SOURCES:
        page.edit_url = EDIT_SOURCES[uri]
    number = page.meta.get("week")
    week = prog.week_pages.get(number) if isinstance(number, int) else None
    if week is not None and week.page.src_uri == uri:
        page.meta["title"] = render.title_text(render.week_title(prog, number))
        markdown = with_step_leads(markdown, step_leads(prog, number))
        markdown = append_to_section(markdown, DUO_SECTION, render.duo_extras(prog, number))
        markdown = webforms.week_markup(markdown, number, prog.week(number).product)
        markdown = render.week_header(prog, number, uri) + "\n" + markdown
    markdown, cited = render.replace_citations(prog, markdown, uri)
    if week is not None and week.page.src_uri == uri:
        markdown += "\n\n" + render.further_reading(prog, cited) + "\n" + render.week_pager(prog, number, uri)
    return markdown


# Material's base.html puts autocomplete="off" on its two hidden checkbox toggles; HTML allows
# autocomplete only on text-like inputs, so the Nu Html Checker flags every page.
_TOGGLES = ('id="__drawer" autocomplete="off"', 'id="__search" autocomplete="off"')


def strip_toggle_autocomplete(html: str) -> str:
    """The built page without the invalid autocomplete attribute on the drawer/search toggles."""
    for toggle in _TOGGLES:
        html = html.replace(toggle, toggle.replace(' autocomplete="off"', ""))
    return html


def on_post_page(output: str, page: Any, config: Any) -> str:
    """The built page, checked: code that the theme did not put there fails the build (logged as
    an error, so strict mode stops) with the source file and line it came from. In `mkdocs build`
    a child process scans the pages while the build goes on, and the errors come at the end of the
    build (`scanned_pages`, macros/site/process.py)."""
    from macros.checks import pagesafety

    output = strip_toggle_autocomplete(output)
    if State.allowed is None:
        State.allowed = pagesafety.theme_allowances(config)
    from urllib.parse import urlparse

    allowed, base = State.allowed, urlparse(config["site_url"] or "/").path
    if State.parallel:
        if State.scanner is None:
            State.scanner = process.Worker(partial(_page_findings, allowed, base))
        State.scanner.send((output, page.url, page.file.src_uri))
        return output
    # Kept by the page's text (macros/model/memo.py): a rebuild in `mkdocs serve` reads again only
    # the pages that came out different.
    key = (hashlib.sha256(output.encode("utf-8")).hexdigest(), page.url, base, allowed)
    findings = memo("page-safety", key, lambda: pagesafety.unsafe_html(output, allowed, page.url, base))
    _log_findings(findings, page.url, page.file.src_uri, config)
    return output


def _page_findings(allowed: Allowed, base: str, item: tuple[str, str, str]) -> tuple[str, str, list] | None:
    """(page URL, source, findings) of one built page, None when it is safe: the scanner's work."""
    from macros.checks import pagesafety

    output, url, src_uri = item
    findings = pagesafety.unsafe_html(output, allowed, url, base)
    return (url, src_uri, findings) if findings else None


def _log_findings(findings: list, url: str, src_uri: str, config: Any) -> None:
    from macros.checks import pagesafety

    if findings:
        root = Path(config["config_file_path"]).resolve().parent
        for finding in findings:
            log.error(str(pagesafety.problem(finding, root, page_sources(src_uri), url)))


def scanned_pages(config: Any) -> None:
    """The page-safety errors the scanner found in this build, logged."""
    scanner, State.scanner = State.scanner, None
    if scanner is not None:
        for url, src_uri, findings in scanner.answers():
            _log_findings(findings, url, src_uri, config)


def page_sources(src_uri: str) -> list[str]:
    """Where the content of a built page can come from, its own file first: a hand-written page,
    or the YAML file of a generated one; then every data file, tool and page (macros and the
    print pages copy from them)."""
    from macros.model.programme import DATA_DIR, DATA_FILES

    own = SOURCES.get(src_uri, f"docs/{src_uri}")
    others = [f"{DATA_DIR}/{name}" for name in DATA_FILES]
    prog = State.programme
    if prog is not None:
        others += list(prog.tool_files.values()) + [p.path for p in prog.pages]
    return [own] + [path for path in others if path != own]


def feedback_url(repo: str, site_url: str, page_url: str, src_uri: str) -> str:
    """A link that opens the 'report an error' issue form with the page filled in."""
    from urllib.parse import urlencode

    address = site_url.rstrip("/") + "/" + page_url if site_url else page_url
    query = urlencode({"template": "fout-melden.yml", "pagina": address, "bron": src_uri, "title": f"[{src_uri}] "})
    return f"{repo}/issues/new?{query}"


def programme() -> Programme:
    """The programme of the current build (for macros)."""
    if State.programme is None:
        State.programme = load()
    return State.programme


def macros_for_pages() -> dict[str, Any]:
    """The macros a page may call (macros.render.macros), for this build's programme, downloads and
    offline ZIP; each returns Markdown for the calling page."""
    from macros.site import offline

    return page_macros(programme, lambda: State.downloads, lambda: offline.State.zip_uri)


__all__ = ["on_config", "on_files", "on_page_markdown", "on_post_page", "macros_for_pages", "paths"]


def on_post_build(config: Any) -> None:
    """What the children of `mkdocs build` found: the page-safety errors (logged, so strict mode
    stops), then the language check's problems (`finish`). On a language error the build fails and
    leaves no site behind, as when the other checks stop it before the first page."""
    scanned_pages(config)
    if State.parallel:
        pagecache.end_prefetch()
        if pagecache.prefetched():
            log.debug(pagecache.prefetched())
        stored.save(State.root)  # `mkdocs build` only: serve would write it after every edit
    try:
        finish()
    except ContentError as exc:
        from mkdocs.exceptions import PluginError
        from mkdocs.utils import clean_directory

        clean_directory(config["site_dir"])
        raise PluginError(str(exc)) from None
