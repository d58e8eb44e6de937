"""Shared fixtures: one strict build of the real site per test session, a local web server for it,
and one Debian Chromium through Playwright for the whole session (never a downloaded browser; each
test opens its own contexts in it).

Tests that only read the built site use `site`; none builds the real site again for that. The
whole-site scans (LinkChecker, the Nu Html Checker) are marked `scan`: `make test` runs them,
`make test-fast` leaves them out, as it does the `browser` tests."""

from __future__ import annotations

import functools
import http.server
import os
import shutil
import subprocess
import sys
import threading
from pathlib import Path

import pytest

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


def build_site(site_dir: Path, root: Path = ROOT, **env: str) -> subprocess.CompletedProcess:
    """`mkdocs build --strict` into site_dir, exactly as CI and `make build` run it."""
    return subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(site_dir)],
        cwd=root,
        env=build_env(**env),
        capture_output=True,
        text=True,
        timeout=300,
    )


# The session's build runs with this hash seed; test_build.py builds once more with another one and
# compares the bytes.
SITE_HASH_SEED = "1"


@pytest.fixture(scope="session")
def site(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("site")
    result = build_site(out, PYTHONHASHSEED=SITE_HASH_SEED)
    log = result.stdout + result.stderr
    assert result.returncode == 0, f"strict build failed:\n{log}"
    assert "WARNING" not in log, f"the build printed warnings:\n{log}"
    return out


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
    # LinkChecker takes a minute of one core: when this session runs its test, it starts now and
    # crawls while the other tests run (on the other core); its test then reads the report.
    if any(item.get_closest_marker("scan") and item.name == LinkChecker.TEST for item in request.session.items):
        LinkChecker.start(url, tmp_path_factory.mktemp("linkchecker"))
    yield url
    LinkChecker.stop()
    httpd.shutdown()


class LinkChecker:
    """LinkChecker over the served site, run once per session in the background (see `server`)."""

    TEST = "test_no_broken_links_or_anchors"
    CONFIG = "[checking]\nmaxrequestspersecond=1000\n\n[AnchorCheck]\n"
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
