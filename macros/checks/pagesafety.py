"""The last check on every built page: no code on it that the theme did not put there.

Text from YAML is escaped or linted before it reaches a page (macros/render/, macros/checks/);
this check reads the HTML that MkDocs wrote and rejects any `<script>`, `on…=` event handler or
`javascript:`/`vbscript:`/`data:` URL that does not come from the theme or from the site's own
configuration. What is allowed is derived, never typed by hand:

- script files: every `.js` file of the theme's folders (Material's templates and `overrides/`),
  every `extra_javascript` entry and every `extra.polyfills` entry of mkdocs.yml;
- inline scripts: the `<script>` elements written in the theme's templates, with their template
  code (`{{ … }}`) standing for any text; and data blocks (`type="application/json"`);
- event handlers and code URLs: only those written literally in the theme's templates.

`unsafe_html` is pure (HTML in, findings out); `problem` traces a finding to the file and line it
came from. macros/site/adapter.py calls both from the MkDocs hook `on_post_page`, so a strict build fails.
"""

from __future__ import annotations

import os
import posixpath
import re
from dataclasses import dataclass
from functools import lru_cache
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

from macros.model.problems import Problem

# Attributes whose value the browser loads or follows as a URL.
URL_ATTRIBUTES = frozenset(
    {
        "href",
        "src",
        "action",
        "formaction",
        "xlink:href",
        "data",
        "poster",
        "background",
        "cite",
        "ping",
        "srcset",
        "lowsrc",
        "dynsrc",
        "manifest",
    }
)
CODE_SCHEMES = ("javascript", "vbscript", "data")
# Script types that hold data, not code: the browser never runs them.
DATA_SCRIPT_TYPES = frozenset({"application/json", "application/ld+json"})
# Elements whose content is text, never tags (HTML's RCDATA): `<title>` may show an escaped `<`.
_RCDATA = re.compile(r"(<(title|textarea)\b[^>]*>)(.*?)(</\2\s*>)", re.IGNORECASE | re.DOTALL)
_TEMPLATE_CODE = re.compile(r"(\{\{.*?\}\}|\{%.*?%\}|\{#.*?#\})", re.DOTALL)
_TEMPLATE_SCRIPT = re.compile(r"<script\b([^>]*)>(.*?)</script>", re.IGNORECASE | re.DOTALL)
_TEMPLATE_HANDLER = re.compile(r"\s(on[a-z]+)=\"([^\"{}]*)\"", re.IGNORECASE)
_TEMPLATE_URL = re.compile(r"\b([a-z:]+)=\"((?:javascript|vbscript|data):[^\"{}]*)\"", re.IGNORECASE)


@dataclass(frozen=True)
class Allowed:
    """What the theme and the site's configuration put on a page."""

    scripts: frozenset[str] = frozenset()  # script files, relative to the site root
    inline: tuple[re.Pattern[str], ...] = ()  # inline script bodies of the templates
    handlers: frozenset[tuple[str, str]] = frozenset()  # (attribute, value) written in the templates
    urls: frozenset[tuple[str, str]] = frozenset()  # (attribute, code URL) written in the templates


@dataclass(frozen=True)
class Finding:
    kind: str  # "script", "handler" or "url"
    what: str  # Dutch, for the message
    needles: tuple[str, ...]  # text to look for in the sources, most specific first
    line: int  # line in the built HTML


def _template_files(dirs: tuple[str, ...]) -> tuple[tuple[str, str, int], ...]:
    """The templates and scripts of the theme's folders: (folder, path in it, modification time),
    without walking the icon sets (`.icons`: some ten thousand SVG files, no templates or scripts).
    The key of `_template_allowances`, so an edited template counts in the next build of `mkdocs
    serve` (which keeps this module loaded while only content changes, macros/site/hooks.py)."""
    out: list[tuple[str, str, int]] = []
    for directory in dirs:
        if not Path(directory).is_dir():
            continue
        for folder, subfolders, names in os.walk(directory):
            subfolders[:] = sorted(d for d in subfolders if d != ".icons")
            for name in sorted(names):
                if name.endswith((".html", ".js")):
                    path = Path(folder, name)
                    out.append((directory, path.relative_to(directory).as_posix(), path.stat().st_mtime_ns))
    return tuple(out)


@lru_cache(maxsize=8)
def _template_allowances(
    files: tuple[tuple[str, str, int], ...],
) -> tuple[frozenset[str], tuple[re.Pattern[str], ...], frozenset[tuple[str, str]], frozenset[tuple[str, str]]]:
    scripts: set[str] = set()
    inline: dict[str, re.Pattern[str]] = {}
    handlers: set[tuple[str, str]] = set()
    urls: set[tuple[str, str]] = set()
    for directory, rel, _ in files:
        if rel.endswith(".js"):
            scripts.add(rel)
            continue
        text = Path(directory, rel).read_text(encoding="utf-8", errors="replace")
        for attrs, body in _TEMPLATE_SCRIPT.findall(text):
            kind = re.search(r"\btype\s*=\s*[\"']?([^\"'\s>]+)", attrs)
            if re.search(r"\bsrc\s*=", attrs) or (kind and kind.group(1).lower() in DATA_SCRIPT_TYPES):
                continue  # script files and data blocks are checked by their src and type
            if not _TEMPLATE_CODE.sub("", body).strip():
                continue  # nothing but template code: it would allow any script
            parts = _TEMPLATE_CODE.split(body.strip())
            pattern = "".join(".*?" if i % 2 else re.escape(part) for i, part in enumerate(parts))
            inline.setdefault(pattern, re.compile(pattern, re.DOTALL))
        handlers.update((name.lower(), value) for name, value in _TEMPLATE_HANDLER.findall(text))
        urls.update((name.lower(), value) for name, value in _TEMPLATE_URL.findall(text))
    return frozenset(scripts), tuple(inline.values()), frozenset(handlers), frozenset(urls)


def theme_allowances(config: Any) -> Allowed:
    """The allow-list of one MkDocs configuration: its theme's folders and its own scripts."""
    dirs = tuple(str(d) for d in config["theme"].dirs)
    scripts, inline, handlers, urls = _template_allowances(_template_files(dirs))
    own = {str(getattr(item, "path", item)) for item in config["extra_javascript"]}
    own |= {str(item) for item in (config["extra"].get("polyfills") or [])}
    return Allowed(scripts | frozenset(own), inline, handlers, urls)


def _scheme(url: str) -> str | None:
    """The code scheme of a URL as a browser reads it (spaces and control characters ignored)."""
    compact = re.sub(r"[\x00-\x20]", "", url).lower()
    for scheme in CODE_SCHEMES:
        if compact.startswith(scheme + ":"):
            return scheme
    return None


def _resolve(src: str, page_url: str, site_path: str = "/") -> str:
    """A script's src relative to the site root, from the page's URL (`weken/week-01/`) and the
    path of the site's address (`/impactacademie/`, for a src that starts with /)."""
    if re.match(r"^[a-z][a-z0-9+.-]*:|^//", src, re.IGNORECASE):
        return src
    src = src.split("#")[0].split("?")[0]
    if src.startswith("/"):
        prefix = "/" + site_path.strip("/") + "/" if site_path.strip("/") else "/"
        return src[len(prefix) :] if src.startswith(prefix) else src
    base = page_url if page_url.endswith("/") or not page_url else posixpath.dirname(page_url)
    resolved = posixpath.normpath(posixpath.join(base, src)) if src else ""
    return "" if resolved == "." else resolved


class _Scanner(HTMLParser):
    def __init__(self, allowed: Allowed, page_url: str, site_path: str):
        super().__init__(convert_charrefs=True)
        self.allowed = allowed
        self.page_url = page_url
        self.site_path = site_path
        self.findings: list[Finding] = []
        self.script: dict[str, str | None] | None = None
        self.script_line = 0
        self.script_text: list[str] = []

    def _raw_value(self, name: str) -> str | None:
        """The attribute as it is written in the HTML (entities and all): what the source has."""
        tag = self.get_starttag_text() or ""
        match = re.search(rf"\s{re.escape(name)}\s*=\s*(\"[^\"]*\"|'[^']*'|[^\s>]+)", tag, re.IGNORECASE)
        return match.group(1).strip("\"'") if match else None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        line = self.getpos()[0]
        for name, value in attrs:
            value = value or ""
            if name.startswith("on") and (name, value) not in self.allowed.handlers:
                self.findings.append(
                    Finding(
                        "handler",
                        f"event-handler {name}=… op <{tag}>",
                        tuple(n for n in (self._raw_value(name), name) if n),
                        line,
                    )
                )
            if name in URL_ATTRIBUTES:
                urls = [part.strip().split(" ")[0] for part in value.split(",")] if name == "srcset" else [value]
                for url in urls:
                    scheme = _scheme(url)
                    if scheme and (name, value) not in self.allowed.urls:
                        raw = self._raw_value(name)
                        self.findings.append(
                            Finding(
                                "url",
                                f"{scheme}:-URL in {name}=… op <{tag}>",
                                tuple(n for n in (raw, url.strip()[:40], f"{scheme}:") if n),
                                line,
                            )
                        )
        if tag == "script":
            self.script = dict(attrs)
            self.script_line = line
            self.script_text = []

    def handle_data(self, data: str) -> None:
        if self.script is not None:
            self.script_text.append(data)

    def handle_endtag(self, tag: str) -> None:
        if tag != "script" or self.script is None:
            return
        script, body = self.script, "".join(self.script_text).strip()
        self.script = None
        src = script.get("src")
        if src is not None:
            target = _resolve(src, self.page_url, self.site_path)
            if target not in self.allowed.scripts and src not in self.allowed.scripts:
                self.findings.append(Finding("script", f'<script src="{src}">', (src, "<script"), self.script_line))
            return
        if (script.get("type") or "").strip().lower() in DATA_SCRIPT_TYPES:
            return
        if any(pattern.fullmatch(body) for pattern in self.allowed.inline):
            return
        first = body.splitlines()[0][:60] if body else ""
        self.findings.append(Finding("script", f"<script> met code '{first}'", (first, "<script"), self.script_line))


def unsafe_html(html: str, allowed: Allowed, page_url: str = "", site_path: str = "/") -> list[Finding]:
    """Every script, event handler and code URL of a built page that `allowed` does not cover.
    `page_url`: the page's URL relative to the site (`weken/week-01/`); `site_path`: the path of
    the site's address (`/impactacademie/`)."""
    # RCDATA content is text: blank it, keeping its lines.
    html = _RCDATA.sub(lambda m: m.group(1) + re.sub(r"[^\n]", " ", m.group(3)) + m.group(4), html)
    scanner = _Scanner(allowed, page_url, site_path)
    scanner.feed(html)
    scanner.close()
    return scanner.findings


def problem(finding: Finding, root: Path, sources: list[str], page_url: str) -> Problem:
    """The finding as a Problem at the first line of the first source that holds one of its
    needles (the page's own file comes first); otherwise at line 1 of the page's own file."""
    for needle in finding.needles:
        for rel in sources:
            file = Path(root) / rel
            if not needle or not file.is_file():
                continue
            for number, line in enumerate(file.read_text(encoding="utf-8", errors="replace").splitlines(), 1):
                if needle in line:
                    return _problem(finding, rel, number, page_url)
    return _problem(finding, sources[0] if sources else "-", 1, page_url)


def _problem(finding: Finding, path: str, line: int, page_url: str) -> Problem:
    return Problem(
        path,
        line,
        "html",
        f"{finding.what} in de gebouwde pagina '{page_url or '/'}': dat is niet toegestaan; alleen het "
        f"thema en de scripts van de site (extra_javascript in mkdocs.yml) zetten code op een pagina",
    )


__all__ = ["Allowed", "Finding", "theme_allowances", "unsafe_html", "problem"]
