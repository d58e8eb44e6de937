"""Shared fixtures: one strict build of the real site per test session, a local web server for it,
and Debian's Chromium through Playwright (never a downloaded browser)."""

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
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"]
SOURCE_DATE_EPOCH = "1767225600"  # 2026-01-01: builds in tests are reproducible too
# Tests expect this fixed date whatever the caller set (make sets the last commit's time).
os.environ["SOURCE_DATE_EPOCH"] = SOURCE_DATE_EPOCH


def build_env(**extra: str) -> dict[str, str]:
    env = dict(os.environ)
    env.update(NO_MKDOCS_2_WARNING="1", DISABLE_MKDOCS_2_WARNING="true",
               SOURCE_DATE_EPOCH=env.get("SOURCE_DATE_EPOCH", SOURCE_DATE_EPOCH))
    env.update(extra)
    return env


def build_site(site_dir: Path, root: Path = ROOT, **env: str) -> subprocess.CompletedProcess:
    """`mkdocs build --strict` into site_dir, exactly as CI and `make build` run it."""
    return subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(site_dir)],
        cwd=root, env=build_env(**env), capture_output=True, text=True, timeout=300)


@pytest.fixture(scope="session")
def site(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("site")
    result = build_site(out)
    log = result.stdout + result.stderr
    assert result.returncode == 0, f"strict build failed:\n{log}"
    assert "WARNING" not in log, f"the build printed warnings:\n{log}"
    return out


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):  # noqa: D401 - silence the access log
        pass


@pytest.fixture(scope="session")
def server(site):
    handler = functools.partial(_QuietHandler, directory=str(site))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()


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
    pytest.fail(f"'{binary}' ontbreekt. Installeer het Debian-pakket: sudo apt-get install {package}",
                pytrace=False)


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
        return [u for u in self.urls
                if not u.startswith(("http://127.0.0.1", "data:", "blob:", "about:"))]


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
        assert not context.pages or all(not p.request_log.foreign() for p in context.pages), \
            [p.request_log.foreign() for p in context.pages]
        context.close()
