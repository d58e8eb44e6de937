"""Progress, cohort dates, online worksheets and the impact dossier, in Debian's Chromium against
the built site (issue 5, "Acceptance"). Everything is stored in the browser; these tests drive the
pages the way a duo would: ticking boxes, typing, following the site's own links, exporting and
importing files.

The local server serves one directory that a test can swap, so a second build of the site (with a
changed worksheet definition) is served on the same origin and sees the same localStorage.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import http.server
import io
import json
import os
import re
import shutil
import threading
from pathlib import Path

import pytest

from conftest import ROOT, XDIST_WORKER, RequestLog, build_site
from macros.model import calendar_dates
from macros.model import schema as models

# One group for pytest-xdist: the tests share this module's server and its two builds of the site
# (for the server's address), so one worker runs them all and builds those once.
pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser_features")]

KEY = "impactacademie"
SPECIAL = "Şükrü zegt: ‘goed’ — ëï"
SCHEMES = {"light": "default", "dark": "slate"}


# --- the programme, from the same model the site is built from -----------------------------------


def text_blocks(tool: models.Tool) -> list[models.Block]:
    return [b for b in tool.canvas.blocks if b.kind == "text"]


def renameable(prog, tool: models.Tool) -> list[models.Block]:
    """Text blocks no other tool takes answers from (prefill): renaming one of those is a make check
    error in the tool that names it, so the site would not build."""
    sources = {(p.tool, p.block) for t in prog.tools.values() for b in t.canvas.blocks for p in b.prefill or ()}
    return [b for b in text_blocks(tool) if (tool.id, b.id) not in sources]


@pytest.fixture(scope="module")
def tool(prog) -> models.Tool:
    """A tool with at least three text blocks (the probleemboom while it has them)."""
    candidates = [t for t in prog.tools.values() if len(text_blocks(t)) >= 3]
    assert candidates, "no tool with three text blocks"
    preferred = [t for t in candidates if t.id == "probleemboom"]
    return (preferred or candidates)[0]


def week_url(prog, number: int) -> str:
    src = prog.week_pages[number].page.src_uri
    return src[:-3] + "/"


def tool_url(tool_id: str) -> str:
    return f"tools/{tool_id}/"


def field_id(tool_id: str, block_id: str) -> str:
    return f"#ia-ws-{tool_id}-{block_id}"


# --- a server whose directory can be swapped -----------------------------------------------------


class Served:
    def __init__(self, directory: Path | None = None):
        self.directory = directory
        self.url = ""


@pytest.fixture(scope="module")
def httpd():
    """The module's server, bound (not yet serving) before the site is built for its address, so
    no other process can take the port in between. The same port each run while it is free (one
    per xdist worker): the downloads carry the site address, so builds for the same address take
    them from the download cache (.cache/downloads/) instead of making them; when it is taken
    (another test run), port 0."""
    holder = Served()

    class Handler(http.server.SimpleHTTPRequestHandler):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, directory=str(holder.directory), **kwargs)

        def log_message(self, *args):
            pass

    worker = int((XDIST_WORKER or "gw0").removeprefix("gw"))
    preferred = 20000 + (int(hashlib.sha256(str(ROOT).encode()).hexdigest(), 16) + worker) % 10000
    try:
        server = http.server.ThreadingHTTPServer(("127.0.0.1", preferred), Handler)
    except OSError:
        server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.holder = holder
    yield server
    server.server_close()


@pytest.fixture(scope="module")
def port(httpd) -> int:
    return httpd.server_address[1]


def build_for(port: int, out: Path, root: Path = ROOT) -> Path:
    """A strict build whose site_url is the local server: Material's instant navigation only
    takes over links that its sitemap lists, with the site's own host, port and path."""
    result = build_site(out, root=root, SITE_URL=f"http://127.0.0.1:{port}/")
    log = result.stdout + result.stderr
    assert result.returncode == 0, f"strict build failed:\n{log}"
    assert "WARNING" not in log, f"the build printed warnings:\n{log}"
    return out


@pytest.fixture(scope="module")
def local_site(tmp_path_factory, port) -> Path:
    return build_for(port, tmp_path_factory.mktemp("local-site"))


@pytest.fixture(scope="module")
def served(httpd, local_site, port):
    holder = httpd.holder
    holder.directory = local_site
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    holder.url = f"http://127.0.0.1:{port}"
    yield holder
    httpd.shutdown()


@pytest.fixture(scope="module")
def server(served):
    """Overrides conftest's server for this module: open_page uses the swappable one."""
    return served.url


# --- page helpers --------------------------------------------------------------------------------


def new_tab(context, url: str):
    """Another page in the same browser context (same localStorage), with its own request log."""
    page = context.new_page()
    page.request_log = RequestLog()
    page.on("request", lambda request: page.request_log.urls.append(request.url))
    page.goto(url, wait_until="networkidle")
    return page


def origin(page) -> str:
    """http://127.0.0.1:port of the page."""
    scheme, _, host = page.url.split("/", 3)[:3]
    return f"{scheme}//{host}"


def assert_local_only(*pages) -> None:
    for page in pages:
        assert page.request_log.urls, "no requests were recorded"
        assert not page.request_log.foreign(), f"requests that leave 127.0.0.1: {page.request_log.foreign()}"


def worksheet_ready(page, tool_id: str):
    return page.wait_for_selector(f"[data-ia-worksheet='{tool_id}'][data-ia-ready]:not([hidden])")


def dossier_ready(page):
    page.wait_for_selector("[data-ia-dossier][data-ia-rendered]:not([hidden])")


def stored(page) -> dict:
    return json.loads(page.evaluate(f"localStorage.getItem('{KEY}') || 'null'") or "null")


def seed(page, state: dict) -> None:
    """Put a stored object into this origin's localStorage and reload."""
    page.evaluate("([key, value]) => localStorage.setItem(key, value)", [KEY, json.dumps(state)])
    page.reload(wait_until="networkidle")


def block(value, label: str, kind: str = "text", history: list[str] | None = None) -> dict:
    return {
        "value": value,
        "label": label,
        "kind": kind,
        "updated": "2027-09-20T10:00:00.000Z",
        "history": history or [],
    }


def empty_state() -> dict:
    return {
        "schema": 1,
        "created": "2027-09-01T10:00:00.000Z",
        "updated": "2027-09-01T10:00:00.000Z",
        "lastExport": None,
        "cohort": None,
        "weeks": {},
        "worksheets": {},
        "products": {},
    }


def download_text(page, selector: str) -> tuple[str, str]:
    with page.expect_download() as info:
        page.click(selector)
    download = info.value
    return download.suggested_filename, Path(download.path()).read_text(encoding="utf-8")


def import_file(page, selector: str, path: Path) -> None:
    with page.expect_file_chooser() as chooser:
        page.click(selector)
    chooser.value.set_files(str(path))


def status_text(page, container: str, needle: str = "") -> str:
    """The announcement in the live region of `container`, once it contains `needle`."""
    page.wait_for_function(
        "([sel, needle]) => { const s = document.querySelector(sel + ' [data-ia-status]');"
        " return s && s.textContent.trim() && s.textContent.includes(needle); }",
        arg=[container, needle],
    )
    return page.inner_text(f"{container} [data-ia-status]")


def comparable(data: dict) -> dict:
    """A stored object without the times that a save or an export sets."""
    return {k: v for k, v in data.items() if k not in ("created", "updated", "lastExport")}


# --- progress --------------------------------------------------------------------------------------


def test_tick_a_week_reload_still_done(open_page, prog):
    number = min(prog.week_pages)
    page = open_page(week_url(prog, number))
    page.wait_for_selector(".ia-week-panel[data-ia-ready]:not([hidden])")
    page.check(".ia-week-panel [data-ia-week-done]")
    assert f"Week {number} staat op klaar" in status_text(page, ".ia-week-panel", "klaar")
    page.focus(f"input[data-ia-step='1'][data-ia-week='{number}']")
    page.keyboard.press("Space")  # by keyboard, like any checkbox
    assert "Stap 1 is klaar" in status_text(page, ".ia-week-panel", "Stap 1")
    page.reload(wait_until="networkidle")
    page.wait_for_selector(".ia-week-panel[data-ia-ready]:not([hidden])")
    assert page.is_checked(".ia-week-panel [data-ia-week-done]")
    assert page.is_checked(f"input[data-ia-step='1'][data-ia-week='{number}']")
    steps = len(page.query_selector_all(f"input[data-ia-step][data-ia-week='{number}']"))
    assert page.inner_text("[data-ia-step-count]") == f"1 van {steps} stappen klaar"
    assert_local_only(page)


def progress_text(page, selector: str) -> str:
    page.wait_for_selector(f"{selector}[data-ia-complete]")
    return page.inner_text(f"{selector} [data-ia-progress-text]")


def test_progress_totals_agree_on_module_page_and_year_overview(open_page, prog):
    module = prog.modules[0]
    weeks = [w.week for w in module.weeks]
    with_page = [n for n in weeks if n in prog.week_pages]
    page = open_page("programma/")
    state = empty_state()
    state["weeks"] = {
        str(with_page[0]): {"done": True, "steps": {"1": True, "2": True}},
        str(with_page[-1]): {"done": False, "steps": {"1": True}},
    }
    if len(with_page) > 2:
        state["weeks"][str(with_page[1])] = {"done": True, "steps": {}}
    seed(page, state)
    done = sum(1 for n, w in state["weeks"].items() if w["done"])
    steps = sum(len(w["steps"]) for w in state["weeks"].values())
    year = progress_text(page, f"[data-ia-progress='{' '.join(map(str, weeks))}']")
    total = progress_text(page, f"[data-ia-progress='{' '.join(str(w.week) for w in prog.weeks)}']")
    assert year.startswith(f"{done} van {len(weeks)} weken klaar · {steps} van "), year
    assert total.startswith(f"{done} van {len(prog.weeks)} weken klaar"), total
    # the finished weeks are marked in the module's table of the year overview
    badges = page.locator(f"#module-{module.number} ~ * table").first.locator(".ia-done-badge")
    assert badges.count() == done

    page.click(f"article a[href$='modules/{module.number}-{module.slug}/']")  # the site's own link
    page.wait_for_url(re.compile(rf"modules/{module.number}-{module.slug}/$"))
    # Instant navigation changes the address before it swaps the content: wait for the module's own
    # heading, or the year overview's progress (still on screen, already complete) is read instead.
    page.wait_for_function(
        "title => (document.querySelector('article h1') || {}).textContent?.includes(title)", arg=module.title
    )
    on_module = progress_text(page, "[data-ia-progress]")
    assert on_module == year, (on_module, year)
    assert page.locator(".ia-done-badge").count() == done
    assert_local_only(page)


# --- worksheets ----------------------------------------------------------------------------------


def test_worksheet_answer_survives_navigation_reload_and_new_tab(open_page, prog, tool):
    target = text_blocks(tool)[0]
    page = open_page(tool_url(tool.id))
    worksheet_ready(page, tool.id)
    page.fill(field_id(tool.id, target.id), SPECIAL)
    page.evaluate("window.__iaSamePage = 'ja'")  # survives instant navigation, not a reload

    week = prog.weeks_of_tool(tool.id)[0]
    page.click(f".ia-facts a[href*='{week_url(prog, week)}']")
    page.wait_for_url(re.compile(re.escape(week_url(prog, week)) + "$"))
    page.wait_for_selector(".ia-week-panel[data-ia-ready]")
    assert page.evaluate("window.__iaSamePage") == "ja", "the site's link did a full page load"

    page.click(f".ia-facts a[href$='{tool_url(tool.id)}']")
    page.wait_for_url(re.compile(re.escape(tool_url(tool.id)) + "$"))
    worksheet_ready(page, tool.id)
    assert page.evaluate("window.__iaSamePage") == "ja", "instant navigation was not used"
    assert page.input_value(field_id(tool.id, target.id)) == SPECIAL

    page.reload(wait_until="networkidle")
    worksheet_ready(page, tool.id)
    assert page.input_value(field_id(tool.id, target.id)) == SPECIAL

    other = new_tab(page.context, page.url)
    worksheet_ready(other, tool.id)
    assert other.input_value(field_id(tool.id, target.id)) == SPECIAL
    assert_local_only(page, other)


def test_a_tool_page_fetches_no_programme_data(open_page, prog):
    """The worksheet's link to the impact dossier is written when the site is built: a tool page
    (here the calculating one with the largest form) fetches no assets/ia-programme.json for it
    (37 KB gzip, more than Material's bundle; issue 21), and the link still leads to the dossier."""
    tool = max((t for t in prog.tools.values() if t.model), key=lambda t: len(t.canvas.blocks))
    page = open_page(tool_url(tool.id))
    worksheet_ready(page, tool.id)
    page.wait_for_load_state("networkidle")
    assert not [url for url in page.request_log.urls if "ia-programme" in url], page.request_log.urls
    page.click("a[data-ia-link='dossier']")
    dossier_ready(page)
    assert page.url.split("#")[0].endswith("/dossier/"), page.url


def test_worksheet_markdown_export_and_import(open_page, tool, tmp_path):
    """The worksheet on its own: export as Markdown, empty it, import the file again."""
    page = open_page(tool_url(tool.id))
    worksheet_ready(page, tool.id)
    values = {}
    for b in tool.canvas.blocks:
        if b.kind == "table":
            page.fill(f"[data-ia-block='{b.id}'] tbody tr:first-child input[data-ia-cell='0']", "cel | met streep")
        elif b.kind == "number":
            page.fill(field_id(tool.id, b.id), "12.5")
        elif b.kind == "list":
            page.fill(field_id(tool.id, b.id), "een\ntwee")
        else:
            page.fill(field_id(tool.id, b.id), f"{SPECIAL}\n# geen kop")
    before = stored(page)["worksheets"][tool.id]["blocks"]
    values = {k: v["value"] for k, v in before.items()}

    name, text = download_text(page, "[data-ia-worksheet] [data-ia-action='export-md']")
    assert name.endswith(".md") and text.startswith(f"# {tool.title}")
    page.once("dialog", lambda d: d.accept())
    page.click("[data-ia-worksheet] [data-ia-action='clear']")
    assert "Het werkblad is leeg" in status_text(page, "[data-ia-worksheet]", "leeg")
    assert tool.id not in stored(page)["worksheets"]

    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    import_file(page, "[data-ia-worksheet] [data-ia-action='import']", path)
    status_text(page, "[data-ia-worksheet]", "Import klaar")
    after = {k: v["value"] for k, v in stored(page)["worksheets"][tool.id]["blocks"].items()}
    assert after == values
    assert_local_only(page)


# --- export, clear, import; merging a second member's export --------------------------------------


def fill_dossier_data(page, prog, tool) -> None:
    """Fill things through the pages: a week, its steps and weekly product, and the worksheet."""
    number = prog.weeks_of_tool(tool.id)[0]
    page.goto(f"{origin(page)}/{week_url(prog, number)}", wait_until="networkidle")
    page.wait_for_selector(".ia-week-panel[data-ia-ready]")
    page.check(".ia-week-panel [data-ia-week-done]")
    page.check(f"input[data-ia-step='2'][data-ia-week='{number}']")
    page.fill(f"#ia-product-{number}-weekproduct", "Onze probleemanalyse staat in de gedeelde map.")
    page.click(f".ia-facts a[href$='{tool_url(tool.id)}']")
    worksheet_ready(page, tool.id)
    a, b = text_blocks(tool)[:2]
    page.fill(field_id(tool.id, a.id), SPECIAL)
    page.fill(field_id(tool.id, b.id), "Tweede antwoord.\nMet een tweede regel.")
    table = next((x for x in tool.canvas.blocks if x.kind == "table"), None)
    if table:
        page.fill(f"[data-ia-block='{table.id}'] tbody tr:nth-child(1) input[data-ia-cell='0']", "rij een")
        page.click(f"[data-ia-block='{table.id}'] [data-ia-action='add-row']")
        rows = page.locator(f"[data-ia-block='{table.id}'] tbody tr")
        rows.nth(rows.count() - 1).locator("input[data-ia-cell='1']").fill("laatste rij")


def test_export_clear_import_is_identical(open_page, prog, tool, tmp_path):
    page = open_page("")
    fill_dossier_data(page, prog, tool)
    page.click(".md-tabs__link:has-text('Programma')")  # the navigation: Programma → Impactdossier
    page.locator(".md-sidebar--primary a[href$='dossier/']:visible").first.click()
    dossier_ready(page)
    name, first = download_text(page, "[data-ia-dossier] [data-ia-action='export-json']")
    assert name.endswith(".json")
    exported = json.loads(first)
    assert exported["format"] == "impactacademie" and exported["kind"] == "dossier"
    assert exported["data"]["worksheets"][tool.id]["blocks"][text_blocks(tool)[0].id]["value"] == SPECIAL
    page.wait_for_selector("[data-ia-last-export]:has-text('Laatste export')")

    page.once("dialog", lambda d: d.accept())
    page.click("[data-ia-dossier] [data-ia-action='clear']")
    assert "Alles is gewist" in status_text(page, "[data-ia-dossier]", "gewist")
    assert stored(page) is None
    page.wait_for_selector(".ia-empty")

    path = tmp_path / name
    path.write_text(first, encoding="utf-8")
    import_file(page, "[data-ia-dossier] [data-ia-action='import']", path)
    page.wait_for_selector("[data-ia-dossier-sheet]")
    _, second = download_text(page, "[data-ia-dossier] [data-ia-action='export-json']")
    assert comparable(json.loads(second)["data"]) == comparable(exported["data"])

    page.click(f"[data-ia-dossier] a[href$='{tool_url(tool.id)}']")  # the dossier links to the tool page
    worksheet_ready(page, tool.id)
    assert page.input_value(field_id(tool.id, text_blocks(tool)[0].id)) == SPECIAL
    assert_local_only(page)


def test_clearing_asks_for_confirmation(open_page, prog, tool):
    page = open_page(tool_url(tool.id))
    worksheet_ready(page, tool.id)
    page.fill(field_id(tool.id, text_blocks(tool)[0].id), "blijft staan")
    messages = []
    page.once("dialog", lambda d: (messages.append(d.message), d.dismiss()))
    page.click("[data-ia-worksheet] [data-ia-action='clear']")
    assert messages and "leegmaken" in messages[0]
    assert "Niets gewist" in status_text(page, "[data-ia-worksheet]", "Niets")
    assert page.input_value(field_id(tool.id, text_blocks(tool)[0].id)) == "blijft staan"


def test_import_of_second_member_merges_and_shows_the_conflict(open_page, browser, served, tool, tmp_path):
    shared, mine, theirs = text_blocks(tool)[:3]
    # Member B on another device (another browser context: its own storage) fills two blocks.
    other = browser.new_context()
    try:
        page_b = new_tab(other, f"{served.url}/{tool_url(tool.id)}")
        worksheet_ready(page_b, tool.id)
        page_b.fill(field_id(tool.id, shared.id), "Versie van lid B")
        page_b.fill(field_id(tool.id, theirs.id), "Alleen lid B vulde dit in.")
        page_b.goto(f"{served.url}/dossier/", wait_until="networkidle")
        dossier_ready(page_b)
        name, text = download_text(page_b, "[data-ia-dossier] [data-ia-action='export-json']")
        assert_local_only(page_b)
    finally:
        other.close()

    # Member A fills the same block differently and another block of its own, then imports.
    page = open_page(tool_url(tool.id))
    worksheet_ready(page, tool.id)
    page.fill(field_id(tool.id, shared.id), "Versie van lid A")
    page.fill(field_id(tool.id, mine.id), "Alleen lid A vulde dit in.")
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    page.click("a[data-ia-link='dossier']")
    dossier_ready(page)
    import_file(page, "[data-ia-dossier] [data-ia-action='import']", path)
    message = status_text(page, "[data-ia-dossier]", "Import klaar")
    assert "1 blok heeft nu twee versies" in message, message

    sheet = page.locator(f"[data-ia-dossier-sheet='{tool.id}']")
    sheet.wait_for()
    content = sheet.inner_text()
    for answer in ("Versie van lid A", "Versie van lid B", "Alleen lid A vulde dit in.", "Alleen lid B vulde dit in."):
        assert answer in content, (answer, content)
    assert sheet.locator(".ia-version").count() == 1
    assert "Tweede versie" in sheet.locator(".ia-version").inner_text()

    # On the tool page both versions stand at the block, and the duo chooses.
    page.click(f"[data-ia-dossier-sheet='{tool.id}'] h4 a")
    worksheet_ready(page, tool.id)
    field = f"[data-ia-block='{shared.id}']"
    assert page.input_value(field_id(tool.id, shared.id)) == "Versie van lid A"
    assert "Versie van lid B" in page.inner_text(f"{field} [data-ia-conflict]")
    assert page.input_value(field_id(tool.id, theirs.id)) == "Alleen lid B vulde dit in."
    page.click(f"{field} [data-ia-conflict] button:has-text('Gebruik deze versie')")
    assert page.input_value(field_id(tool.id, shared.id)) == "Versie van lid B"
    assert page.is_hidden(f"{field} [data-ia-conflict]")
    assert_local_only(page)


def test_reimporting_an_older_export_is_no_conflict(open_page, tool, tmp_path):
    """A file that went to the other member and back is recognised as an earlier version."""
    target = text_blocks(tool)[0]
    page = open_page(tool_url(tool.id))
    worksheet_ready(page, tool.id)
    page.fill(field_id(tool.id, target.id), "Eerste versie")
    name, text = download_text(page, "[data-ia-worksheet] [data-ia-action='export-json']")
    page.fill(field_id(tool.id, target.id), "Eerste versie, later verbeterd")
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    import_file(page, "[data-ia-worksheet] [data-ia-action='import']", path)
    assert "twee versies" not in status_text(page, "[data-ia-worksheet]", "Import klaar")
    assert page.input_value(field_id(tool.id, target.id)) == "Eerste versie, later verbeterd"
    assert not stored(page)["worksheets"][tool.id]["conflicts"]


# --- a changed worksheet definition --------------------------------------------------------------


def link_or_copy(source: str, target: str) -> None:
    try:
        os.link(source, target)
    except OSError:  # another file system
        shutil.copy2(source, target)


@pytest.fixture(scope="module")
def renamed_site(tmp_path_factory, prog, tool, port):
    """The site built from a copy of the project in which one block of the tool is renamed."""
    project = tmp_path_factory.mktemp("project") / "p"
    top = {
        ".git",
        ".venv",
        "site",
        "build",
        ".pytest_cache",
        ".mypy_cache",
        ".ruff_cache",
        "bench-results",
        ".cache",
    }  # only at the top: macros/site/ is code

    def ignore(folder: str, names: list[str]) -> set[str]:
        skipped = {n for n in names if n == "__pycache__" or n.endswith(".egg-info")}
        return skipped | (top & set(names) if Path(folder) == ROOT else set())

    shutil.copytree(ROOT, project, ignore=ignore)
    # The download cache, as hard links (no copying; a write replaces a file, never changes one):
    # only the renamed tool's files are made again. .cache/node/ (npm tools) is not needed.
    cache = ROOT / ".cache" / "downloads"
    if cache.is_dir():
        shutil.copytree(cache, project / ".cache" / "downloads", copy_function=link_or_copy)
    block = renameable(prog, tool)[0]
    sheet = project / "worksheets" / f"{tool.id}.yml"
    text = sheet.read_text(encoding="utf-8")
    text, count = re.subn(rf"(\n\s*- id: ){re.escape(block.id)}(\n\s*label: ).*", r"\1hernoemd\2Nieuwe naam", text)
    assert count == 1, "could not rename the block"
    text, count = re.subn(rf"(\n    ){re.escape(block.id)}:", r"\1hernoemd:", text)
    assert count == 1, "could not rename the example value"
    sheet.write_text(text, encoding="utf-8")
    return build_for(port, tmp_path_factory.mktemp("renamed-site"), root=project)


def test_changed_definition_keeps_old_answers_visible(open_page, served, local_site, renamed_site, prog, tool):
    renamed = renameable(prog, tool)[0]
    kept = next(b for b in text_blocks(tool) if b.id != renamed.id)
    page = open_page(tool_url(tool.id))
    worksheet_ready(page, tool.id)
    page.fill(field_id(tool.id, renamed.id), "Antwoord bij het oude blok")
    page.fill(field_id(tool.id, kept.id), "Antwoord bij een blok dat blijft")
    old_definition = page.get_attribute("[data-ia-worksheet]", "data-ia-definition")
    served.directory = renamed_site
    try:
        page.reload(wait_until="networkidle")
        worksheet_ready(page, tool.id)
        assert page.get_attribute("[data-ia-worksheet]", "data-ia-definition") != old_definition
        assert page.is_visible(field_id(tool.id, "hernoemd"))
        assert page.input_value(field_id(tool.id, "hernoemd")) == ""
        assert page.input_value(field_id(tool.id, kept.id)) == "Antwoord bij een blok dat blijft"
        legacy = page.locator("[data-ia-legacy]")
        assert legacy.is_visible()
        item = legacy.locator(f"[data-ia-legacy-block='{renamed.id}']")
        assert item.locator(".ia-label").inner_text() == renamed.label
        assert "Antwoord bij het oude blok" in item.inner_text()

        page.click("a[data-ia-link='dossier']")
        dossier_ready(page)
        sheet = page.locator(f"[data-ia-dossier-sheet='{tool.id}']")
        assert renamed.label in sheet.inner_text() and "Antwoord bij het oude blok" in sheet.inner_text()

        # the old answer stays until the duo removes it, after a question (issue 12)
        page.go_back(wait_until="networkidle")
        worksheet_ready(page, tool.id)
        drop = item.locator("button:has-text('Verwijder dit antwoord')")
        page.once("dialog", lambda d: d.dismiss())
        drop.click()
        assert "Niets verwijderd" in status_text(page, "[data-ia-worksheet]", "Niets")
        assert renamed.id in stored(page)["worksheets"][tool.id]["blocks"]
        page.once("dialog", lambda d: d.accept())
        drop.click()
        assert "is verwijderd" in status_text(page, "[data-ia-worksheet]", "is verwijderd")
        assert renamed.id not in stored(page)["worksheets"][tool.id]["blocks"]
        assert page.is_hidden("[data-ia-legacy]")
        assert_local_only(page)
    finally:
        served.directory = local_site


# --- the dossier: programme order and print ------------------------------------------------------


def long_answer() -> str:
    words = []
    n = 0
    while len(" ".join(words)) < 1990:
        n += 1
        words.append(f"woord{n:03d}")
    return (" ".join(words) + " EINDE")[-2000:].lstrip()


def test_dossier_shows_answers_in_programme_order(open_page, prog):
    tools = [t for w in prog.weeks for t in w.tools if t in prog.tools]
    order = list(dict.fromkeys(tools))
    assert len(order) >= 3
    state = empty_state()
    for tool_id in reversed(order):  # stored in the opposite order
        first = prog.tools[tool_id].canvas.blocks[0]
        value = [["a", "b"]] if first.kind == "table" else f"Antwoord voor {tool_id}"
        state["worksheets"][tool_id] = {
            "definition": "",
            "blocks": {first.id: block(value, first.label, first.kind)},
            "conflicts": {},
        }
    page = open_page("dossier/")
    seed(page, state)
    dossier_ready(page)
    shown = page.eval_on_selector_all("[data-ia-dossier-sheet]", "els => els.map(e => e.dataset.iaDossierSheet)")
    assert shown == order
    weeks = page.eval_on_selector_all("[data-ia-dossier-week]", "els => els.map(e => Number(e.dataset.iaDossierWeek))")
    assert weeks == sorted(weeks)
    # the table of contents lists every module and week shown, in order, each linking to its section
    toc = page.eval_on_selector_all(".ia-dossier-toc a", "els => els.map(a => a.getAttribute('href'))")
    sections = page.eval_on_selector_all(
        ".ia-dossier-module[id], .ia-dossier-week[id]", "els => els.map(e => '#' + e.id)"
    )
    assert toc == sections
    assert [h for h in toc if h.startswith("#dossier-week-")] == [f"#dossier-week-{w}" for w in weeks]
    assert_local_only(page)


def test_dossier_print_keeps_a_2000_character_answer_whole(open_page, tool):
    answer = long_answer()
    assert len(answer) == 2000
    target = text_blocks(tool)[0]
    state = empty_state()
    state["worksheets"][tool.id] = {
        "definition": "",
        "blocks": {target.id: block(answer, target.label)},
        "conflicts": {},
    }
    page = open_page("dossier/")
    seed(page, state)
    dossier_ready(page)
    page.emulate_media(media="print")
    value = page.locator(f"[data-ia-dossier-sheet='{tool.id}'] .ia-value").first
    assert value.is_visible()
    assert value.inner_text() == answer
    clipped = value.evaluate(
        "el => el.scrollHeight > el.clientHeight + 1 || getComputedStyle(el).overflow !== 'visible'"
    )
    assert not clipped
    assert not page.is_visible(".ia-toolbar") and not page.is_visible(".md-header")
    pdf = page.pdf(format="A4", print_background=True)
    from pypdf import PdfReader

    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages)
    squashed = re.sub(r"\s+", "", text)
    assert re.sub(r"\s+", "", answer) in squashed

    # the tool page prints the same answer from its print mirror, not the cut-off textarea
    page.emulate_media(media="screen")
    page.goto(f"{origin(page)}/{tool_url(tool.id)}", wait_until="networkidle")
    worksheet_ready(page, tool.id)
    page.emulate_media(media="print")
    mirror = page.locator(f"[data-ia-block='{target.id}'] .ia-print")
    assert mirror.is_visible() and mirror.inner_text() == answer
    assert not page.is_visible(field_id(tool.id, target.id))
    assert page.is_visible("#uitgewerkt-voorbeeld-de-klusbus-fictief, h2:has-text('Uitgewerkt voorbeeld')")
    # "Afdrukken" prints the worksheet alone (the class is set while the print dialog is open)
    page.evaluate("document.documentElement.classList.add('ia-print-sheet')")
    assert mirror.is_visible() and page.is_visible("article h1")
    assert not page.is_visible("h2:has-text('Uitgewerkt voorbeeld')")
    assert_local_only(page)


def iso_days_ago(days: int) -> str:
    moment = dt.datetime.now(dt.UTC) - dt.timedelta(days=days)
    return moment.strftime("%Y-%m-%dT%H:%M:%S.000Z")


@pytest.mark.parametrize("last_export, reminded", [(None, True), (20, True), (3, False)])
def test_dossier_shows_last_export_and_reminds_after_14_days(open_page, tool, last_export, reminded):
    state = empty_state()
    target = text_blocks(tool)[0]
    state["worksheets"][tool.id] = {
        "definition": "",
        "blocks": {target.id: block("iets", target.label)},
        "conflicts": {},
    }
    state["lastExport"] = None if last_export is None else iso_days_ago(last_export)
    page = open_page("dossier/")
    seed(page, state)
    dossier_ready(page)
    text = page.inner_text("[data-ia-last-export]")
    assert ("Laatste export:" in text) == (last_export is not None), text
    assert page.locator("[data-ia-reminder]").count() == (1 if reminded else 0)
    if reminded:
        assert "Exporteer" in page.inner_text("[data-ia-reminder]")


# --- data safety ---------------------------------------------------------------------------------


def test_old_storage_is_migrated_and_a_backup_kept(open_page, tool):
    """Schema 0 (the unversioned prototype) becomes schema 1; the original stays as a backup."""
    target = text_blocks(tool)[0]
    old = {"weken": {"1": True}, "werkbladen": {tool.id: {target.id: "Uit de eerste versie"}}}
    page = open_page(tool_url(tool.id))
    seed(page, old)
    worksheet_ready(page, tool.id)
    assert page.input_value(field_id(tool.id, target.id)) == "Uit de eerste versie"
    page.fill(field_id(tool.id, text_blocks(tool)[1].id), "nieuw")
    data = stored(page)
    assert data["schema"] == 2 and data["weeks"]["1"]["done"] is True
    backups = page.evaluate("Object.keys(localStorage).filter(k => k.startsWith('impactacademie:reservekopie:'))")
    assert backups == ["impactacademie:reservekopie:schema-0"]
    page.reload(wait_until="networkidle")  # a second page load writes no second backup
    worksheet_ready(page, tool.id)
    assert (
        page.evaluate("Object.keys(localStorage).filter(k => k.startsWith('impactacademie:reservekopie:'))") == backups
    )
    assert json.loads(page.evaluate("k => localStorage.getItem(k)", backups[0])) == old


def test_storage_persistence_is_requested(open_page, tool):
    page = open_page(tool_url(tool.id))
    page.add_init_script("""
        window.__iaPersist = 0;
        if (navigator.storage) {
          navigator.storage.persist = () => { window.__iaPersist += 1; return Promise.resolve(true); };
          navigator.storage.persisted = () => Promise.resolve(window.__iaPersist > 0);
        }""")
    page.reload(wait_until="networkidle")
    worksheet_ready(page, tool.id)
    assert page.evaluate("window.__iaPersist") == 0  # asked when something is stored, not before
    page.fill(field_id(tool.id, text_blocks(tool)[0].id), "bewaar dit")
    assert page.evaluate("window.__iaPersist") == 1
    page.click("a[data-ia-link='dossier']")
    dossier_ready(page)
    page.wait_for_selector(".ia-persist:has-text('bewaart')")


def test_pages_read_fully_without_javascript(browser, served, prog, tool):
    context = browser.new_context(java_script_enabled=False)
    try:
        number = min(prog.week_pages)
        page = new_tab(context, f"{served.url}/{week_url(prog, number)}")
        assert page.is_hidden(".ia-week-panel") and page.is_hidden(".ia-product")
        assert page.locator(".ia-step-check").count() and all(
            not page.locator(".ia-step-check").nth(i).is_visible()
            for i in range(page.locator(".ia-step-check").count())
        )
        steps = page.locator("#aan-de-slag-als-duo + ol > li")
        assert steps.count() >= 1 and steps.first.is_visible()
        page.goto(f"{served.url}/{tool_url(tool.id)}", wait_until="networkidle")
        assert page.is_hidden("[data-ia-worksheet]")
        assert page.is_visible(".ia-noscript:has-text('JavaScript')")
        assert page.is_visible("h2:has-text('Uitgewerkt voorbeeld')")
        page.goto(f"{served.url}/dossier/", wait_until="networkidle")
        assert page.is_hidden("[data-ia-dossier]") and page.is_visible(".ia-noscript")
        page.goto(f"{served.url}/programmadagen/", wait_until="networkidle")
        assert page.is_hidden("[data-ia-cohort]") and page.is_visible(".ia-noscript")
        assert_local_only(page)
    finally:
        context.close()


# --- cohort dates --------------------------------------------------------------------------------


def test_choosing_a_cohort_shows_dates_on_a_week_page_and_a_programme_day(open_page, prog):
    assert prog.cohorts, "no cohort in docs/_data/cohorten.yml"
    cohort = prog.cohorts[0]
    day = cohort.programme_days[0]
    week = prog.contact_week(day.id)
    page = open_page("programmadagen/")
    page.wait_for_selector("[data-ia-cohort][data-ia-ready]:not([hidden])")
    assert page.is_hidden(f"[data-ia-day='{day.id}']")  # nothing shown without a cohort
    page.select_option("[data-ia-cohort-select]", cohort.id)
    assert cohort.name in status_text(page, "[data-ia-cohort]", "Cohort gekozen")
    expected_day = calendar_dates.dutch_date(day.date, weekday=True)
    page.wait_for_selector(f"[data-ia-day='{day.id}']:not([hidden])")
    assert expected_day in page.inner_text(f"[data-ia-day='{day.id}']")

    if week in prog.week_pages:
        page.goto(f"{origin(page)}/{week_url(prog, week)}", wait_until="networkidle")
        expected_week = calendar_dates.dutch_date(calendar_dates.week_monday(cohort, week), weekday=True)
        page.wait_for_function("() => document.querySelector('[data-ia-week-date]').textContent.includes('week van')")
        text = page.inner_text("[data-ia-week-date]")
        assert expected_week in text and expected_day in text, text
    # a later week (after the break weeks, if any) on its own page
    later = max(prog.week_pages)
    page.goto(f"{origin(page)}/{week_url(prog, later)}", wait_until="networkidle")
    expected = calendar_dates.dutch_date(calendar_dates.week_monday(cohort, later), weekday=True)
    page.wait_for_function("() => document.querySelector('[data-ia-week-date]').textContent.includes('week van')")
    assert expected in page.inner_text("[data-ia-week-date]")
    assert_local_only(page)


def test_custom_start_date_gives_dates_current_week_and_ics(open_page, prog, tmp_path):
    start = dt.date(2027, 1, 4)
    breaks = [dt.date(2027, 1, 18)]
    custom = models.Cohort(id="eigen", name="eigen", start=start, breaks=breaks)
    page = open_page("programmadagen/")
    page.clock.set_fixed_time(dt.datetime(2027, 1, 27, 12, 0))  # a Wednesday in programme week 3
    page.reload(wait_until="networkidle")
    page.wait_for_selector("[data-ia-cohort][data-ia-ready]:not([hidden])")
    page.select_option("[data-ia-cohort-select]", "eigen")
    page.fill("[data-ia-cohort-start]", start.isoformat())
    page.dispatch_event("[data-ia-cohort-start]", "change")
    page.click("[data-ia-action='add-break']")
    page.fill("[data-ia-break]", "2027-01-20")  # any day of the break week
    page.dispatch_event("[data-ia-break]", "change")
    assert stored(page)["cohort"] == {"start": "2027-01-04", "breaks": ["2027-01-18"]}

    current = page.locator("[data-ia-cohort] [data-ia-current-week]")
    current.wait_for(state="visible")
    assert "week 3" in current.inner_text()
    first_day, first_week = prog.contacts("PD")[0]
    expected = calendar_dates.dutch_date(calendar_dates.week_monday(custom, first_week), weekday=True)
    assert expected in page.inner_text(f"[data-ia-day='{first_day}']")

    name, text = download_text(page, "[data-ia-action='ics']")
    assert name.endswith(".ics")
    from icalendar import Calendar

    events = [e for e in Calendar.from_ical(text).walk("VEVENT")]
    assert len(events) == len(prog.weeks)
    by_week = {int(re.search(r"week (\d+):", str(e["SUMMARY"])).group(1)): e for e in events}
    for number in (1, 2, 3, len(prog.weeks)):
        assert by_week[number].decoded("DTSTART") == calendar_dates.week_monday(custom, number)

    if 3 in prog.week_pages:
        link = current.locator("a")
        assert link.inner_text() == "Ga naar deze week"
        link.click()
        page.wait_for_url(re.compile(re.escape(week_url(prog, 3)) + "$"))
        page.wait_for_selector("[data-ia-week] [data-ia-current-week]:not([hidden])")
        assert "week van nu" in page.inner_text("[data-ia-week] [data-ia-current-week]")
    assert_local_only(page)


def test_nothing_breaks_without_a_cohort(open_page, prog):
    number = min(prog.week_pages)
    page = open_page(week_url(prog, number))
    errors = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.reload(wait_until="networkidle")
    page.wait_for_function(
        "() => document.querySelector('[data-ia-week-date]').textContent.includes('Kies jullie cohort')"
    )
    assert page.is_hidden("[data-ia-week] [data-ia-current-week]")
    page.click("[data-ia-week-date] a")  # "Kies jullie cohort op de pagina Programmadagen"
    page.wait_for_selector("[data-ia-cohort][data-ia-ready]")
    assert page.input_value("[data-ia-cohort-select]") == ""
    slots = page.locator("[data-ia-day]")
    assert all(slots.nth(i).is_hidden() for i in range(slots.count()))
    page.goto(f"{origin(page)}/programma/", wait_until="networkidle")
    page.wait_for_selector("[data-ia-progress][data-ia-complete]")
    assert page.is_hidden("[data-ia-current-week]")
    assert not errors, errors
    assert_local_only(page)


# --- accessibility with filled data ---------------------------------------------------------------


def filled_state(prog, tool) -> dict:
    """Progress, a cohort, a weekly product, a worksheet with a second version and an answer from
    an earlier version: every state the pages can show."""
    state = empty_state()
    number = prog.weeks_of_tool(tool.id)[0]
    a, b = text_blocks(tool)[:2]
    state["cohort"] = {"id": prog.cohorts[0].id} if prog.cohorts else None
    state["weeks"] = {str(number): {"done": True, "steps": {"1": True, "2": True}}}
    state["products"] = {
        str(number): {
            "definition": "",
            "blocks": {"weekproduct": block("De analyse staat in de gedeelde map.", "Jullie weekproduct")},
            "conflicts": {},
        }
    }
    blocks = {
        a.id: block(SPECIAL, a.label),
        b.id: block(long_answer(), b.label),
        "oud-blok": block("Een antwoord uit een eerdere versie.", "Een oud blok"),
    }
    for x in tool.canvas.blocks:
        if x.kind == "list":
            blocks[x.id] = block("een\ntwee", x.label, "list")
        if x.kind == "table":
            blocks[x.id] = block([["a", "b"], ["c", "d"]], x.label, "table")
    state["worksheets"] = {
        tool.id: {
            "definition": "",
            "blocks": blocks,
            "conflicts": {
                a.id: [
                    {
                        "value": "Versie van lid B",
                        "label": a.label,
                        "updated": "2027-09-21T10:00:00.000Z",
                        "source": "het bestand lid-b.json (21 september 2027)",
                    }
                ]
            },
        }
    }
    # an answer from when block b was a table (schema 2 keeps it as an earlier answer)
    state["schema"] = 2
    state["worksheets"][tool.id]["earlier"] = {
        b.id: [
            {
                "value": [["oude cel", "nog een"]],
                "label": b.label,
                "kind": "table",
                "columns": ["Wie", "Wat"],
                "updated": "2027-09-19T10:00:00.000Z",
                "source": "",
            }
        ]
    }
    return state


def axe_violations(page) -> list[dict]:
    from axe_playwright_python.sync_playwright import Axe

    page.wait_for_function("() => document.getAnimations().every(a => a.playState !== 'running')", timeout=10_000)
    return Axe().run(page).response["violations"]


@pytest.mark.parametrize("scheme", SCHEMES)
@pytest.mark.parametrize("kind", ["week", "tool", "dossier"])
def test_axe_with_filled_data(open_page, prog, tool, kind, scheme):
    number = prog.weeks_of_tool(tool.id)[0]
    path = {"week": week_url(prog, number), "tool": tool_url(tool.id), "dossier": "dossier/"}[kind]
    page = open_page(path, scheme)
    seed(page, filled_state(prog, tool))
    assert page.get_attribute("body", "data-md-color-scheme") == SCHEMES[scheme]
    if kind == "week":
        page.wait_for_selector(".ia-week-panel[data-ia-ready]:not([hidden])")
        page.wait_for_function("() => document.querySelector('[data-ia-week-date]').textContent.trim()")
        assert page.is_checked(".ia-week-panel [data-ia-week-done]")
    elif kind == "tool":
        worksheet_ready(page, tool.id)
        page.wait_for_selector("[data-ia-conflict]:not([hidden])")
        page.wait_for_selector("[data-ia-legacy]:not([hidden])")
        page.wait_for_selector("[data-ia-earlier]:not([hidden])")
    else:
        dossier_ready(page)
        page.wait_for_selector(".ia-version")
    violations = axe_violations(page)
    summary = [(v["id"], v["impact"], [n["target"] for n in v["nodes"][:3]]) for v in violations]
    assert not violations, summary
    assert_local_only(page)


# --- reliability (issue 12): failed writes, changed blocks, step ids, hostile imports -------------

FAIL_WRITES = """
    (() => {
      const real = Storage.prototype.setItem;
      Storage.prototype.setItem = function (key, value) {
        if (window.__iaFailWrites) {
          throw new DOMException("The quota has been exceeded.", "QuotaExceededError");
        }
        return real.call(this, key, value);
      };
    })();"""


@pytest.mark.parametrize("scheme", SCHEMES)
def test_a_failed_save_is_visible_and_offers_a_file(open_page, tool, tmp_path, scheme):
    """Storage full: an alert on the page with "Bewaar als bestand" (the dossier export); the
    worksheet never says "Opgeslagen"; the answer is in the file. axe-clean in light and dark."""
    target = text_blocks(tool)[0]
    page = open_page(tool_url(tool.id), scheme)
    page.add_init_script(FAIL_WRITES)
    page.reload(wait_until="networkidle")
    worksheet_ready(page, tool.id)
    page.evaluate("window.__iaFailWrites = true")
    page.fill(field_id(tool.id, target.id), SPECIAL)
    alert = page.locator("#ia-storage-problem[role='alert']")
    alert.wait_for(state="visible")
    assert "Bewaren lukte niet" in alert.inner_text()
    assert "Niet opgeslagen" in status_text(page, "[data-ia-worksheet]", "Niet opgeslagen")
    page.wait_for_timeout(2000)  # longer than the delay of "Opgeslagen"
    assert "Opgeslagen" not in page.inner_text("[data-ia-worksheet] [data-ia-status]")
    assert stored(page) is None
    name, text = download_text(page, "#ia-storage-problem button:has-text('Bewaar als bestand')")
    assert name.startswith("impactdossier-") and name.endswith(".json")
    assert json.loads(text)["data"]["worksheets"][tool.id]["blocks"][target.id]["value"] == SPECIAL
    page.wait_for_selector("#ia-storage-problem [role='status']:has-text('downloads')")
    violations = axe_violations(page)
    assert not violations, [(v["id"], [n["target"] for n in v["nodes"][:3]]) for v in violations]
    # storage works again: the next change is saved, the alert goes, "Opgeslagen" comes
    page.evaluate("window.__iaFailWrites = false")
    page.fill(field_id(tool.id, target.id), SPECIAL + " en meer")
    alert.wait_for(state="detached")
    assert "Opgeslagen" in status_text(page, "[data-ia-worksheet]", "Opgeslagen")
    assert stored(page)["worksheets"][tool.id]["blocks"][target.id]["value"] == SPECIAL + " en meer"
    assert_local_only(page)


def test_a_block_that_changed_kind_keeps_the_old_answer_until_removed(open_page, tool):
    """The stored answer of a text block is a table (the block was a table before): the field stays
    empty, the table shows as an earlier answer, typing keeps it, only "Verwijder" removes it."""
    target = text_blocks(tool)[0]
    state = empty_state()
    state["worksheets"][tool.id] = {
        "definition": "oud",
        "conflicts": {},
        "blocks": {target.id: block([["Gemeente", "hoog"], ["Buurthuis", SPECIAL]], target.label, "table")},
    }
    page = open_page(tool_url(tool.id))
    seed(page, state)
    worksheet_ready(page, tool.id)
    field = f"[data-ia-block='{target.id}']"
    earlier = page.locator(f"{field} [data-ia-earlier]")
    earlier.wait_for(state="visible")
    assert "Eerdere antwoorden" in earlier.inner_text() and SPECIAL in earlier.inner_text()
    assert page.input_value(field_id(tool.id, target.id)) == ""
    page.fill(field_id(tool.id, target.id), "Het nieuwe antwoord")
    data = stored(page)["worksheets"][tool.id]
    assert data["blocks"][target.id]["value"] == "Het nieuwe antwoord"
    assert data["earlier"][target.id][0]["value"] == [["Gemeente", "hoog"], ["Buurthuis", SPECIAL]]
    page.reload(wait_until="networkidle")
    worksheet_ready(page, tool.id)
    assert SPECIAL in page.inner_text(f"{field} [data-ia-earlier]")
    page.once("dialog", lambda d: d.dismiss())
    page.click(f"{field} [data-ia-earlier] button:has-text('Verwijder')")
    assert "Niets verwijderd" in status_text(page, "[data-ia-worksheet]", "Niets")
    assert stored(page)["worksheets"][tool.id]["earlier"][target.id]
    page.once("dialog", lambda d: d.accept())
    page.click(f"{field} [data-ia-earlier] button:has-text('Verwijder')")
    assert "verwijderd" in status_text(page, "[data-ia-worksheet]", "is verwijderd")
    assert page.is_hidden(f"{field} [data-ia-earlier]")
    assert target.id not in stored(page)["worksheets"][tool.id].get("earlier", {})
    assert page.input_value(field_id(tool.id, target.id)) == "Het nieuwe antwoord"
    assert_local_only(page)


def test_step_ticks_are_stored_by_step_id_and_old_numbered_ticks_are_mapped(open_page, prog):
    number = min(prog.week_pages)
    page = open_page(week_url(prog, number))
    state = empty_state()  # schema 1: ticks by step number
    state["weeks"] = {str(number): {"done": False, "steps": {"2": True, "99": True}}}
    seed(page, state)
    page.wait_for_selector(".ia-week-panel[data-ia-ready]:not([hidden])")
    ids = page.get_attribute(".ia-week-panel", "data-ia-step-ids").split()
    assert len(ids) == int(page.get_attribute(".ia-week-panel", "data-ia-steps")) >= 3
    assert page.is_checked(f"input[data-ia-step='2'][data-ia-week='{number}']")
    assert not page.is_checked(f"input[data-ia-step='1'][data-ia-week='{number}']")
    week = stored(page)["weeks"][str(number)]
    assert week["steps"] == {ids[1]: True}
    assert week["oldSteps"] == {"99": True}  # no such step: kept, not dropped
    page.check(f"input[data-ia-step='3'][data-ia-week='{number}']")
    assert stored(page)["weeks"][str(number)]["steps"] == {ids[1]: True, ids[2]: True}
    assert page.inner_text("[data-ia-step-count]").startswith("2 van ")
    assert_local_only(page)


def test_a_hostile_import_is_refused_in_dutch_and_changes_nothing(open_page, tool, tmp_path):
    target = text_blocks(tool)[0]
    page = open_page(tool_url(tool.id))
    worksheet_ready(page, tool.id)
    page.fill(field_id(tool.id, target.id), "Mijn antwoord")
    before = page.evaluate(f"localStorage.getItem('{KEY}')")
    hostile = (
        '{"format":"impactacademie","kind":"dossier","schema":1,"data":{"schema":1,"weeks":{},'
        '"products":{},"worksheets":{"__proto__":{"definition":"","conflicts":{},"blocks":{"'
        + target.id
        + '":{"value":"x","label":"x","kind":"text","updated":"","history":[]}}},"'
        + tool.id
        + '":{"definition":"","conflicts":{},"blocks":{"'
        + target.id
        + '":{"value":{"tekst":"x"},"label":"x","kind":"text","updated":"","history":[]}}}}}}'
    )
    path = tmp_path / "kapot.json"
    path.write_text(hostile, encoding="utf-8")
    page.click("a[data-ia-link='dossier']")
    dossier_ready(page)
    import_file(page, "[data-ia-dossier] [data-ia-action='import']", path)
    message = status_text(page, "[data-ia-dossier]", "Importeren lukte niet")
    assert "__proto__" in message and "niet" in message, message
    assert page.evaluate(f"localStorage.getItem('{KEY}')") == before
    assert page.evaluate("({}).blocks === undefined && Object.keys(Object.prototype).length === 0")
    assert_local_only(page)


def test_storage_switched_off_is_shown_before_anything_is_typed(browser, served, tool):
    """A browser that blocks this site's storage: the page says so at once, with the file action."""
    context = browser.new_context()
    try:
        context.add_init_script("""
            Object.defineProperty(window, "localStorage", {
              get() { throw new DOMException("Access is denied for this document.", "SecurityError"); }
            });""")
        page = new_tab(context, f"{served.url}/{tool_url(tool.id)}")
        worksheet_ready(page, tool.id)
        alert = page.locator("#ia-storage-problem[role='alert']")
        alert.wait_for(state="visible")
        assert "niets bewaren" in alert.inner_text()
        assert alert.locator("button:has-text('Bewaar als bestand')").is_visible()
        assert_local_only(page)
    finally:
        context.close()


def test_built_week_pages_and_programme_data_agree_on_step_ids(local_site, prog):
    """The week page (rendered Markdown) and assets/ia-programme.json (the page source) must key the
    same steps the same way, or module pages would not count ticks made on the week page. A step
    whose text uses template code ({{ … }}) would break this: this test then names the week."""
    from bs4 import BeautifulSoup

    data = json.loads((local_site / "assets" / "ia-programme.json").read_text(encoding="utf-8"))
    checked = 0
    for week in data["weeks"]:
        if not week["url"]:
            continue
        html = (local_site / week["url"] / "index.html").read_text(encoding="utf-8")
        panel = BeautifulSoup(html, "lxml").select_one(".ia-week-panel")
        assert panel["data-ia-step-ids"].split() == week["step_ids"], f"week {week['number']}"
        checked += 1
    assert checked == len(prog.week_pages)


# --- a block that takes over earlier answers (prefill) -------------------------------------------


def prefilled(prog, kinds: tuple[str, ...], source_kinds: tuple[str, ...], least: int):
    """(tool, block, sources) of the first prefilled block of a kind in `kinds` with `least`
    sources of `source_kinds` (the impact report of week 33 has them)."""
    from macros.model import prefill

    for tool in sorted(prog.tools.values(), key=lambda t: min(prog.weeks_of_tool(t.id), default=99)):
        found = prefill.sources(prog, tool)
        for block in tool.canvas.blocks:
            usable = [s for s in found.get(block.id, []) if s.kind in source_kinds]
            if block.kind in kinds and len(usable) >= least:
                return tool, block, usable
    pytest.fail(f"no tool has a {kinds} block with {least} prefill sources of {source_kinds}")


def block_field(tool_id: str, block_id: str) -> str:
    return f"[data-ia-worksheet='{tool_id}'] [data-ia-block='{block_id}']"


def test_prefilled_block_takes_earlier_answers_and_never_overwrites_own_text(open_page, prog):
    tool, block, sources = prefilled(prog, ("text",), ("text", "list"), 2)
    first, second = sources[0], sources[1]
    page = open_page(tool_url(first.tool))
    for source, text in ((first, "Eerder antwoord één"), (second, "Eerder antwoord twee")):
        page.goto(f"{page.url.split('/tools/')[0]}/{tool_url(source.tool)}", wait_until="networkidle")
        worksheet_ready(page, source.tool)
        page.fill(field_id(source.tool, source.block), text)
        page.wait_for_function(
            "([key, tool, block]) => { const s = JSON.parse(localStorage.getItem(key) || 'null');"
            " return s && s.worksheets[tool] && s.worksheets[tool].blocks[block]; }",
            arg=[KEY, source.tool, source.block],
        )

    page.goto(f"{page.url.split('/tools/')[0]}/{tool_url(tool.id)}", wait_until="networkidle")
    worksheet_ready(page, tool.id)
    target = field_id(tool.id, block.id)
    page.wait_for_function("sel => document.querySelector(sel).value !== ''", arg=target)
    value = page.input_value(target)
    assert "Eerder antwoord één" in value and "Eerder antwoord twee" in value, value
    assert value.index("Eerder antwoord één") < value.index("Eerder antwoord twee"), "sources keep their order"
    # it is stored as the report's answer, so the dossier and the print show it too
    assert "Eerder antwoord één" in stored(page)["worksheets"][tool.id]["blocks"][block.id]["value"]
    panel = page.locator(f"{block_field(tool.id, block.id)} details.ia-prefill")
    assert "Eerder antwoord twee" in panel.text_content()  # (folded: the duo opens it)

    # the duo's own text stays, whatever happens to the earlier worksheet
    page.fill(target, "Onze eigen tekst")
    page.goto(f"{page.url.split('/tools/')[0]}/{tool_url(first.tool)}", wait_until="networkidle")
    worksheet_ready(page, first.tool)
    page.fill(field_id(first.tool, first.block), "Een nieuwer antwoord")
    page.goto(f"{page.url.split('/tools/')[0]}/{tool_url(tool.id)}", wait_until="networkidle")
    worksheet_ready(page, tool.id)
    assert page.input_value(target) == "Onze eigen tekst"

    # … until the duo adds an earlier answer on purpose, below their own text, once
    panel.locator("summary").click()
    item = panel.locator(f"[data-ia-source='{first.tool}/{first.block}']")
    assert "Een nieuwer antwoord" in item.inner_text()
    item.locator("[data-ia-prefill-add]").click()
    assert status_text(page, f"[data-ia-worksheet='{tool.id}']", "Toegevoegd")
    assert page.input_value(target) == "Onze eigen tekst\n\nEen nieuwer antwoord"
    item.locator("[data-ia-prefill-add]").click()
    assert status_text(page, f"[data-ia-worksheet='{tool.id}']", "staat al in")
    assert page.input_value(target) == "Onze eigen tekst\n\nEen nieuwer antwoord"

    # an emptied block stays empty: the duo chose that
    page.fill(target, "")
    page.reload(wait_until="networkidle")
    worksheet_ready(page, tool.id)
    assert page.input_value(target) == ""
    assert_local_only(page)


def test_prefilled_table_takes_the_rows_of_an_earlier_table(open_page, prog):
    tool, block, sources = prefilled(prog, ("table",), ("table",), 1)
    source = sources[0]
    page = open_page(tool_url(source.tool))
    worksheet_ready(page, source.tool)
    cells = page.locator(f"{block_field(source.tool, source.block)} .ia-table tbody tr").first.locator(
        "input[data-ia-cell]"
    )
    row = [f"cel {i + 1}" for i in range(cells.count())]
    for i, text in enumerate(row):
        cells.nth(i).fill(text)
    page.goto(f"{page.url.split('/tools/')[0]}/{tool_url(tool.id)}", wait_until="networkidle")
    worksheet_ready(page, tool.id)
    # (the list of earlier answers above the table shows the source's rows too: read the form's own table)
    first_row = page.locator(f"{block_field(tool.id, block.id)} .ia-table tbody tr").first.locator(
        "input[data-ia-cell]"
    )
    page.wait_for_function(
        "sel => { const i = document.querySelector(sel); return i && i.value !== ''; }",
        arg=f"{block_field(tool.id, block.id)} .ia-table tbody tr input[data-ia-cell]",
    )
    assert [first_row.nth(i).input_value() for i in range(first_row.count())] == row


def test_every_weekly_product_of_the_year_lands_in_the_dossier(open_page, prog):
    """Issue 19: the dossier is complete. Forty weeks done with a weekly product each: forty sections
    in programme order, each in the table of contents, each with its product."""
    state = empty_state()
    for week in prog.weeks:
        state["weeks"][str(week.week)] = {"done": True, "steps": {}}
        state["products"][str(week.week)] = {
            "definition": "",
            "blocks": {"weekproduct": block(f"Product van week {week.week}", "Jullie weekproduct")},
            "conflicts": {},
        }
    page = open_page("dossier/")
    seed(page, state)
    dossier_ready(page)
    weeks = page.eval_on_selector_all("[data-ia-dossier-week]", "els => els.map(e => Number(e.dataset.iaDossierWeek))")
    assert weeks == [w.week for w in prog.weeks]
    assert len(weeks) == len(prog.weeks)
    toc = page.eval_on_selector_all(".ia-dossier-toc a[href^='#dossier-week-']", "els => els.length")
    assert toc == len(prog.weeks)
    text = page.inner_text("[data-ia-dossier-content]")
    assert all(f"Product van week {w.week}\n" in text + "\n" for w in prog.weeks)
    assert f"{len(prog.weeks)} van {len(prog.weeks)} weken staan op klaar" in text
    assert_local_only(page)


# --- loading: each page loads only the code it uses (issue 21) -------------------------------------


def own_scripts(page) -> set[str]:
    """The site's own script files this page requested (not Material's)."""
    names = {url.rsplit("/", 1)[-1] for url in page.request_log.urls if "/assets/javascripts/" in url}
    return {n for n in names if n.startswith("ia-") or n == "tool-filter.js"}


def own_stylesheets(page) -> set[str]:
    return {
        url.rsplit("/", 1)[-1]
        for url in page.request_log.urls
        if url.endswith(".css") and "/assets/stylesheets/" in url and ".min." not in url
    }


def test_each_page_loads_only_the_scripts_it_uses(open_page, prog):
    calc_tool = next(t for t in prog.tools.values() if t.model)
    plain_tool = next(
        t for t in prog.tools.values() if not t.model and not t.remeasure and not any(b.scores for b in t.canvas.blocks)
    )
    week = min(prog.week_pages)
    expected = {
        "": {"ia-store.js"},
        week_url(prog, week): {"ia-store.js", "ia-cohort.js", "ia-progress.js", "ia-worksheet.js"},
        tool_url(calc_tool.id): {"ia-store.js", "ia-calc.js", "ia-worksheet.js"},
        "tools/": {"ia-store.js", "tool-filter.js"},
        "dossier/": {"ia-store.js", "ia-calc.js", "ia-worksheet.js", "ia-feedback.js", "ia-dossier.js"},
        "begeleiding/werkplek/": {
            "ia-store.js",
            "ia-calc.js",
            "ia-cohort.js",
            "ia-worksheet.js",
            "ia-feedback.js",
            "ia-dossier.js",
            "ia-coach.js",
        },
    }
    for path, scripts in expected.items():
        page = open_page(path)
        page.wait_for_timeout(300)
        if page.locator("article table").count():  # tables that may scroll sideways (ia-tables.js)
            scripts = scripts | {"ia-tables.js"}
        assert own_scripts(page) == scripts, path
        assert own_stylesheets(page) == {"impactacademie.css"}, path  # one style sheet of the site's own
    page = open_page(tool_url(plain_tool.id))
    worksheet_ready(page, plain_tool.id)
    assert "ia-calc.js" not in own_scripts(page) and "ia-coach.js" not in own_scripts(page)


def test_a_script_comes_with_the_first_page_that_uses_it(open_page, prog, tool):
    """Instant navigation from a page without worksheets to a tool page: the worksheet code arrives
    then, and the form works (it also finds the calculating code on a calculating tool)."""
    page = open_page("over/")
    page.evaluate("window.__iaSamePage = 'ja'")
    assert own_scripts(page) == {"ia-store.js"}
    page.click("a.md-tabs__link[href$='tools/']")
    page.wait_for_url(re.compile(r"/tools/$"))
    page.click(f"article a[href$='{tool.id}/']")
    worksheet_ready(page, tool.id)
    assert page.evaluate("window.__iaSamePage") == "ja", "instant navigation was not used"
    assert "ia-worksheet.js" in own_scripts(page)
    target = text_blocks(tool)[0]
    page.fill(field_id(tool.id, target.id), "na de navigatie")
    assert stored(page)["worksheets"][tool.id]["blocks"][target.id]["value"] == "na de navigatie"

    calc_tool = next(t for t in prog.tools.values() if t.model)
    page.click("a.md-tabs__link[href$='tools/']")
    page.wait_for_url(re.compile(r"/tools/$"))
    page.click(f"article a[href$='{calc_tool.id}/']")
    worksheet_ready(page, calc_tool.id)
    assert page.evaluate("window.__iaSamePage") == "ja"
    # the model survives the page swap (a <script> data block lost its attributes there) and computes
    assert page.evaluate("IA.calc.update(document.querySelector('[data-ia-worksheet]')) !== null")


def test_the_coachs_feedback_code_comes_only_where_feedback_is_stored(open_page, prog):
    week = week_url(prog, min(prog.week_pages))
    page = open_page(week)
    page.wait_for_selector(".ia-week-panel[data-ia-ready]")
    assert "ia-feedback.js" not in own_scripts(page)
    feedback = {
        "schema": 1,
        "weeks": {
            str(min(prog.week_pages)): {
                "coach": "Anouk",
                "title": "",
                "criteria": [],
                "feedback": "Goed begin.",
                "updated": "2027-09-20T10:00:00.000Z",
                "received": "2027-09-21T10:00:00.000Z",
            }
        },
    }
    page.evaluate("v => localStorage.setItem('impactacademie:feedback', v)", json.dumps(feedback))
    page.reload(wait_until="networkidle")
    page.wait_for_selector(".ia-coach-feedback:has-text('Goed begin.')")
    assert "ia-feedback.js" in own_scripts(page)


def test_the_search_index_comes_when_search_opens(open_page):
    page = open_page("over/")
    page.wait_for_timeout(500)
    assert not [u for u in page.request_log.urls if "search_index" in u], "fetched before anyone searched"
    page.keyboard.press("/")
    page.keyboard.type("verandertheorie")
    page.wait_for_selector(".md-search-result__item", timeout=20_000)
    assert [u for u in page.request_log.urls if u.endswith("search/search_index.json")]


LAYOUT_SHIFTS = """() => new Promise(resolve => {
  const shifts = [];
  new PerformanceObserver(list => {
    for (const entry of list.getEntries()) if (!entry.hadRecentInput) shifts.push(entry.value);
  }).observe({type: "layout-shift", buffered: true});
  setTimeout(() => resolve(shifts), 1000);
})"""


def test_nothing_moves_when_the_scripts_run(browser, served, prog):
    """CLS 0 on a phone: the week panel, the progress blocks and the step checks are there from the
    first paint with the text the scripts write for a new duo. The scripts are held back 300 ms so
    the first paint surely comes before them."""
    context = browser.new_context(viewport={"width": 412, "height": 823})
    try:
        context.route(
            re.compile(r".*/assets/javascripts/ia-(?!store).*\.js$"),
            lambda route: (threading.Event().wait(0.3), route.continue_()),
        )
        for path in (week_url(prog, min(prog.week_pages)), "programma/", "weken/", "programmadagen/"):
            page = context.new_page()
            page.goto(f"{served.url}/{path}", wait_until="networkidle")
            assert page.evaluate(LAYOUT_SHIFTS) == [], path
            page.close()
        page = context.new_page()
        page.goto(f"{served.url}/{week_url(prog, min(prog.week_pages))}", wait_until="networkidle")
        page.wait_for_selector(".ia-week-panel[data-ia-ready]")
        text = page.inner_text(".ia-week-panel")
        assert "Kies jullie cohort op de pagina Programmadagen" in text and "0 van" in text
    finally:
        context.close()


def body_colors(page) -> dict[str, str | None]:
    return page.evaluate(
        "() => Object.fromEntries(['scheme', 'primary', 'accent', 'media']"
        ".map(k => [k, document.body.getAttribute('data-md-color-' + k)]))"
    )


def test_the_dark_mode_toggle_follows_the_system_and_keeps_a_choice(open_page, prog):
    """The site's own palette toggle (overrides/partials/palette.html; Material's palette component
    restyled the whole page two or three times on every load): the system's dark mode is followed
    until the reader chooses, the choice is stored in Material's format and kept on the next page,
    also through instant navigation; one toggle shows at a time."""
    page = open_page("over/", "dark")
    assert body_colors(page)["scheme"] == "slate"
    assert page.locator("[data-ia-palette] label:visible").count() == 1
    assert page.evaluate("document.querySelector('[data-md-component=palette]')") is None
    page.click("[data-ia-palette] label:visible")
    assert body_colors(page)["scheme"] == "default"
    # the switch mark (no transitions while the colours change) goes in the next task
    page.wait_for_function("!document.body.hasAttribute('data-md-color-switching')", timeout=5000)
    saved = page.evaluate("__md_get('__palette')")
    assert saved["color"]["scheme"] == "default" and saved["index"] == 0
    page.click("a.md-tabs__link[href$='tools/']")
    page.wait_for_url(re.compile(r"/tools/$"))
    assert body_colors(page)["scheme"] == "default"
    page.goto(page.url.replace("tools/", week_url(prog, min(prog.week_pages))), wait_until="networkidle")
    assert body_colors(page)["scheme"] == "default"  # the dark system loses against the stored choice
    page.focus("[data-ia-palette] input >> nth=0")  # Enter on the toggle switches too, as in Material
    page.keyboard.press("Enter")
    assert body_colors(page)["scheme"] == "slate"
    assert page.evaluate("__md_get('__palette')")["index"] == 1
    light = open_page("over/", "light")
    assert body_colors(light)["scheme"] == "default"


def test_a_page_load_restyles_the_whole_page_once(browser, served, prog):
    """Material's palette component restyled every element two more times per load; the site's own
    toggle took those away. Two more came from Material's bundle after the first paint: its
    focus-visible polyfill marking <html>, and instant navigation rewriting the style sheets'
    relative addresses as absolute ones; overrides/main.html does both before <body>. So a week page
    is styled as a whole once (Chromium trace, three loads)."""
    for _ in range(3):
        page = browser.new_page(viewport={"width": 412, "height": 823})
        sheets: list[str] = []
        page.on("request", lambda r, sheets=sheets: sheets.append(r.url) if r.resource_type == "stylesheet" else None)
        try:
            browser.start_tracing(page=page, categories=["devtools.timeline"])
            page.goto(f"{served.url}/{week_url(prog, min(prog.week_pages))}", wait_until="networkidle")
            page.wait_for_selector(".ia-week-panel[data-ia-ready]")
            page.wait_for_timeout(500)
            events = json.loads(browser.stop_tracing())["traceEvents"]
            nodes = page.evaluate("document.getElementsByTagName('*').length")
            counts = [e.get("args", {}).get("elementCount", 0) for e in events if e.get("name") == "UpdateLayoutTree"]
            whole = [count for count in counts if count >= 0.8 * nodes]
            assert len(whole) == 1, (nodes, counts)
            assert page.evaluate("document.documentElement.classList.contains('js-focus-visible')")
            # written in full, the style sheets' addresses load nothing again
            assert sheets and len(sheets) == len(set(sheets)), sheets
        finally:
            page.close()


SLICED_SETUPS = """
window.__iaLog = [];
document.addEventListener("DOMContentLoaded", function () {
  var log = window.__iaLog;
  IA.onPage(function () {
    log.push("a");
    setTimeout(function () { log.push("next task"); }, 0);
    var until = Date.now() + 30;
    while (Date.now() < until) { /* a setup with much to do */ }
    IA.later(function () { log.push("a, later 1"); });
    IA.later(function () { log.push("a, later 2"); });
  });
  IA.onPage(function () { log.push("b"); });
});
"""


def test_page_setups_run_in_short_tasks_and_later_work_comes_next(browser, served, prog, tool):
    """A phone stays responsive while a page sets up: a setup that runs longer than a slice ends the
    task, and the work it hands to IA.later runs before the next setup. A calculating tool page
    still computes after its setup was split up."""
    context = browser.new_context()
    try:
        page = context.new_page()
        page.add_init_script(SLICED_SETUPS)
        page.goto(f"{served.url}/{tool_url(tool.id)}", wait_until="networkidle")
        page.wait_for_function("window.__iaLog.length === 5")
        assert page.evaluate("window.__iaLog") == ["a", "next task", "a, later 1", "a, later 2", "b"]

        calc_tool = next(t for t in prog.tools.values() if t.model and t.model.outputs)
        page.goto(f"{served.url}/{tool_url(calc_tool.id)}", wait_until="networkidle")
        worksheet_ready(page, calc_tool.id)
        page.wait_for_function("window.__iaLog.length === 5")
        outputs = page.locator("[data-ia-worksheet] output[data-ia-output]")
        assert outputs.count()
        page.wait_for_function(
            "[...document.querySelectorAll('[data-ia-worksheet] output[data-ia-output]')]"
            ".some(o => o.textContent.trim() !== '')"
        )
    finally:
        context.close()
