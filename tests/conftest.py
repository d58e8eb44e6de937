"""Shared fixtures: one strict build of the real site per test run, a local web server for it,
and one Debian Chromium through Playwright per test process (never a downloaded browser; each test
opens its own contexts in it).

Tests that only read the built site use `site`; none builds the real site again for that. The
whole-site scans (LinkChecker, the Nu Html Checker) are marked `scan`: `make test` runs them,
`make test-fast` leaves them out, as it does the `browser` tests.

`make test` runs the tests in parallel with pytest-xdist (`-n auto --dist loadgroup`): the
workers share one build of the site and one offline ZIP (`shared_folder`, behind a file lock in the
run's own temporary folder), each serves the site on a port of its own (port 0) and has its own
Chromium. Tests that share an expensive module fixture (a build of their own, a `mkdocs serve`)
carry one `pytest.mark.xdist_group`: one worker runs them all and makes the fixture once (the
scheduler MarkGroups below, as pytest-xdist 3.8.0 does not group under pytest 9.2). A group only
saves time: no test depends on another, so the tests pass in any worker and in any order."""

from __future__ import annotations

import functools
import http.server
import json
import os
import shutil
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from filelock import FileLock

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
SOURCE_DATE_EPOCH = "1767225600"  # 2026-01-01: builds in tests are reproducible too
# Tests expect this fixed date whatever the caller set (make sets the last commit's time).
os.environ["SOURCE_DATE_EPOCH"] = SOURCE_DATE_EPOCH


def build_env(**extra: str) -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        NO_MKDOCS_2_WARNING="1",
        DISABLE_MKDOCS_2_WARNING="true",
        SOURCE_DATE_EPOCH=env.get("SOURCE_DATE_EPOCH", SOURCE_DATE_EPOCH),
    )
    env.update(extra)
    return env


def build_site(
    site_dir: Path, root: Path = ROOT, flags: tuple[str, ...] = (), **env: str
) -> subprocess.CompletedProcess:
    """`mkdocs build --strict` into site_dir, exactly as CI and `make build` run it (with `flags`
    added, such as --verbose)."""
    return subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", *flags, "--site-dir", str(site_dir)],
        cwd=root,
        env=build_env(**env),
        capture_output=True,
        text=True,
        timeout=300,
    )


# "gw0", "gw1", … in a pytest-xdist worker; None when the tests run in one process.
XDIST_WORKER = os.environ.get("PYTEST_XDIST_WORKER")


def shared_folder(
    tmp_path_factory: pytest.TempPathFactory, name: str, make: Callable[[Path], dict[str, Any]]
) -> tuple[Path, dict[str, Any]]:
    """A folder that `make(folder)` fills once per test run, however many xdist workers ask for it,
    with what `make` returned (JSON: a build's exit code and log, which each worker asserts on).

    Under xdist the folder lies in the run's base temporary folder, the parent of every worker's
    own one (pytest-of-<user>/pytest-<n>/, new for each run): the first worker makes it while
    holding a file lock, the others wait for the lock and take what it made. In one process it is
    a folder of the session, as any `tmp_path_factory.mktemp`."""
    if XDIST_WORKER is None:
        folder = tmp_path_factory.mktemp(name)
        return folder, make(folder)
    run = tmp_path_factory.getbasetemp().parent / "shared"
    run.mkdir(exist_ok=True)
    folder, summary = run / name, run / f"{name}.json"
    with FileLock(str(run / f"{name}.lock")):
        if summary.is_file():
            return folder, json.loads(summary.read_text(encoding="utf-8"))
        if folder.exists():  # a worker that stopped half-way (an exception in `make`)
            shutil.rmtree(folder)
        folder.mkdir()
        made = make(folder)
        summary.write_text(json.dumps(made), encoding="utf-8")
    return folder, made


# The session's build runs with this hash seed; test_build.py builds once more with another one and
# compares the bytes.
SITE_HASH_SEED = "1"


def _build_the_site(out: Path) -> dict[str, Any]:
    result = build_site(out, PYTHONHASHSEED=SITE_HASH_SEED)
    return {"returncode": result.returncode, "log": result.stdout + result.stderr}


@pytest.fixture(scope="session")
def site(tmp_path_factory) -> Path:
    """The real site, built once per test run (shared by the xdist workers); tests only read it."""
    out, build = shared_folder(tmp_path_factory, "site", _build_the_site)
    log = build["log"]
    assert build["returncode"] == 0, f"strict build failed:\n{log}"
    assert "WARNING" not in log, f"the build printed warnings:\n{log}"
    return out


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(config, items):
    """Under xdist, the whole-site scans first: they keep their worker waiting while an outside
    tool crawls in its own process, which must not happen in the last minute of the run. pytest-xdist
    hands out the groups first (the largest first), then single tests in this order. In one process
    the order stays as it is: there LinkChecker crawls in the background from the server's start.

    Each worker also writes the xdist_group of every test to the run's folder, for MarkGroups."""
    if XDIST_WORKER is None:
        return
    items.sort(key=lambda item: item.get_closest_marker("scan") is None)
    if config.getvalue("loadgroup"):
        groups = {}
        for item in items:
            names = sorted(
                {str(m.args[0] if m.args else m.kwargs.get("name")) for m in item.iter_markers("xdist_group")}
            )
            if names:
                groups[item.nodeid] = "_".join(names)
        # Every worker writes the same map; os.replace makes each write whole.
        target = _groups_file(config)
        partial = target.with_name(f"{target.name}.{XDIST_WORKER}")
        partial.write_text(json.dumps(groups, sort_keys=True), encoding="utf-8")
        os.replace(partial, target)


def _groups_file(config) -> Path:
    """The run's map of test → xdist_group: in the controller's temporary folder, which is the
    parent of every worker's."""
    base = config._tmp_path_factory.getbasetemp()
    return (base.parent if XDIST_WORKER else base) / "xdist-groups.json"


@pytest.hookimpl(tryfirst=True, optionalhook=True)  # optional: also without xdist
def pytest_xdist_make_scheduler(config, log):
    """`--dist loadgroup` with the groups read from the marks (MarkGroups)."""
    if config.getvalue("dist") != "loadgroup":
        return None
    from xdist.scheduler import LoadGroupScheduling

    class MarkGroups(LoadGroupScheduling):
        """pytest-xdist 3.8.0 groups the tests of one xdist_group by adding `@group` to their node
        id, through a field that pytest 9.2 no longer reads (pytest-xdist issue 1386), so under
        pytest 9.2 it does not group at all. This scheduler takes the group of each test from the
        map the workers wrote while collecting (pytest_collection_modifyitems) and is otherwise
        xdist's own. Once xdist adds the suffix again, the map holds the suffixed ids: the same."""

        groups: dict[str, str] | None = None

        def _split_scope(self, nodeid: str) -> str:
            if self.groups is None:
                try:
                    self.groups = json.loads(_groups_file(self.config).read_text(encoding="utf-8"))
                except FileNotFoundError:  # no worker wrote a map: xdist's own grouping
                    self.groups = {}
            group = self.groups.get(nodeid)
            return f"group:{group}" if group else super()._split_scope(nodeid)

    return MarkGroups(config, log)


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):  # silence the access log
        pass

    def end_headers(self):
        # LinkChecker limits itself to about 3 requests a second per host, unless the server
        # answers with this header; then its `maxrequestspersecond` applies (test_build.py).
        self.send_header("LinkChecker", "test-server")
        super().end_headers()


@pytest.fixture(scope="session")
def server(site, request, tmp_path_factory):
    handler = functools.partial(_QuietHandler, directory=str(site))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    url = f"http://127.0.0.1:{httpd.server_address[1]}"
    # LinkChecker takes seconds of one core: when this session runs its test in one process, it
    # starts now and crawls while the other tests run (on the other core); its test then reads the
    # report. Under xdist every worker lists every test, and the other worker is the other core: the
    # test starts LinkChecker itself, in the worker that runs it (a worker may end before another
    # one's tests do, so no worker may crawl another's server).
    if XDIST_WORKER is None and any(
        item.get_closest_marker("scan") and item.name == LinkChecker.TEST for item in request.session.items
    ):
        LinkChecker.start(url, tmp_path_factory.mktemp("linkchecker"))
    yield url
    LinkChecker.stop()
    httpd.shutdown()


class LinkChecker:
    """LinkChecker over the served site, run once per session in the background (see `server`)."""

    TEST = "test_no_broken_links_or_anchors"
    # No [AnchorCheck]: that plugin parses a page again for every link with a fragment (9 minutes of
    # one core over 85 pages, against 8 seconds without it). macros/site/anchors.py checks anchors.
    CONFIG = "[checking]\nmaxrequestspersecond=1000\n"
    process: subprocess.Popen | None = None
    url = ""
    output: Path | None = None

    @classmethod
    def start(cls, url: str, folder: Path) -> None:
        if cls.process is not None and cls.url == url:
            return
        config = folder / "linkcheckerrc"
        # The test server sends LinkChecker's header, so this rate applies instead of ~3 a second.
        config.write_text(cls.CONFIG, encoding="utf-8")
        cls.url, cls.output = url, folder / "report.txt"
        with cls.output.open("w", encoding="utf-8") as out:
            cls.process = subprocess.Popen(
                [
                    str(Path(sys.executable).parent / "linkchecker"),
                    "--config",
                    str(config),
                    "--no-status",
                    "--no-robots",
                    "-o",
                    "text",
                    f"{url}/",
                ],
                stdout=out,
                stderr=subprocess.STDOUT,
                text=True,
            )

    @classmethod
    def report(cls, url: str, folder: Path, timeout: float = 600) -> tuple[int, str]:
        """(exit code, report) of LinkChecker on `url`: the run started by `server`, or a new one."""
        cls.start(url, folder)
        returncode = cls.process.wait(timeout=timeout)
        return returncode, cls.output.read_text(encoding="utf-8")

    @classmethod
    def stop(cls) -> None:
        if cls.process is not None and cls.process.poll() is None:
            cls.process.kill()
            cls.process.wait()
        cls.process = None


def ensure_debian_package(binary: str, package: str) -> str:
    """Return the path of `binary`; as root on Debian, install `package` when it is missing.
    Otherwise fail with a message that says how to install it (never skip)."""
    found = shutil.which(binary) or (binary if Path(binary).exists() else None)
    if found:
        return found
    if hasattr(os, "geteuid") and os.geteuid() == 0 and shutil.which("apt-get"):
        env = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
        subprocess.run(["apt-get", "update", "-qq"], check=True, env=env)
        subprocess.run(["apt-get", "install", "-y", "-qq", package], check=True, env=env)
        found = shutil.which(binary) or (binary if Path(binary).exists() else None)
        if found:
            return found
    pytest.fail(f"'{binary}' ontbreekt. Installeer het Debian-pakket: sudo apt-get install {package}", pytrace=False)


def chromium_path() -> str:
    wanted = os.environ.get("CHROMIUM")
    if wanted:
        if not Path(wanted).exists():
            pytest.fail(f"CHROMIUM={wanted} bestaat niet", pytrace=False)
        return wanted
    return ensure_debian_package("/usr/bin/chromium", "chromium")


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    executable = chromium_path()
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


class RequestLog:
    """Every request a page makes; tests assert none leaves 127.0.0.1."""

    def __init__(self):
        self.urls: list[str] = []

    def foreign(self) -> list[str]:
        return [u for u in self.urls if not u.startswith(("http://127.0.0.1", "data:", "blob:", "about:"))]


@pytest.fixture
def open_page(browser, server):
    """open_page(path, scheme='light') → a Playwright page on the local site, with its request log."""
    contexts = []

    def _open(path: str = "", scheme: str = "light"):
        context = browser.new_context(color_scheme=scheme, viewport={"width": 1280, "height": 900})
        contexts.append(context)
        page = context.new_page()
        log = RequestLog()
        page.on("request", lambda request: log.urls.append(request.url))
        page.goto(f"{server}/{path}", wait_until="networkidle")
        page.request_log = log
        return page

    yield _open
    for context in contexts:
        assert not context.pages or all(not p.request_log.foreign() for p in context.pages), [
            p.request_log.foreign() for p in context.pages
        ]
        context.close()


# --- the site's own programme, for tests that read one tool's definition and example ----------------


@pytest.fixture(scope="session")
def prog():
    """The site's own programme (a test module may define its own `prog`)."""
    return real_programme()


@functools.cache
def real_programme():
    """The site's own programme (docs/_data, worksheets/, the week pages), loaded once per test
    process; it has no errors."""
    from macros.checks.programme import load_programme

    programme, problems = load_programme(ROOT)
    assert programme is not None, problems
    return programme


# --- a copy of the mini fixture project that a test may break (test_content_errors, test_calc) ---

MINI = ROOT / "tests" / "fixtures" / "mini"


@pytest.fixture(scope="module")
def mini():
    """The mini fixture programme, loaded and checked: it has no errors."""
    from macros.checks.programme import load_programme

    programme, problems = load_programme(MINI)
    assert programme is not None, problems
    assert not [p for p in problems if p.severity == "error"], problems
    return programme


@pytest.fixture
def project(tmp_path) -> Path:
    target = tmp_path / "project"
    shutil.copytree(MINI, target)
    return target


def edit(root: Path, rel: str, old: str, new: str) -> None:
    file = root / rel
    text = file.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {rel}"
    file.write_text(text.replace(old, new, 1), encoding="utf-8")


def errors(root: Path) -> list:
    """The errors (not the warnings) of the programme at `root`."""
    from macros.checks.programme import load_programme

    _, problems = load_programme(root)
    return [p for p in problems if p.severity == "error"]


def assert_error(root: Path, rel: str, line: int, field: str, fragment: str) -> None:
    """One error at rel:line in `field` whose message holds `fragment` (the list of errors if not)."""
    found = errors(root)
    for problem in found:
        if problem.path == rel and problem.line == line and problem.field == field and fragment in problem.message:
            return
    listing = "\n".join(str(p) for p in found) or "(no errors)"
    pytest.fail(f"expected {rel}:{line}: {field}: …{fragment}…\ngot:\n{listing}")


def line_of(root: Path, rel: str, needle: str) -> int:
    """The 1-based line of the first line containing `needle` (what an error must point at)."""
    for number, line in enumerate((root / rel).read_text(encoding="utf-8").splitlines(), start=1):
        if needle in line:
            return number
    raise AssertionError(f"{needle!r} not in {rel}")


def free_port() -> int:
    """A TCP port on loopback that nothing listens on now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def wait_for(predicate: Callable[[], object], seconds: float, interval: float = 0.3) -> bool:
    """Ask `predicate` every `interval` seconds until it is true (True) or `seconds` have passed."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(interval)
    return False
