"""The checks of the hand-written pages: the sections of a week page and their length, images (alt
text, file, size), links within the site, and no script, event handler or code link in the
content."""

from __future__ import annotations

import re
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING

from macros.markdown.reader import read
from macros.markdown.text import section_words
from macros.model.problems import Problem
from macros.model.problems import problem as _p

if TYPE_CHECKING:
    from macros.model.programme import Page, Programme

MAX_IMAGE_BYTES = 300 * 1024


def week_sections(page: Page) -> list[Problem]:
    """A week page has every section of WEEK_SECTIONS, in that order, none of them empty or shorter
    than MIN_SECTION_WORDS, and MIN_WEEK_WORDS in all."""
    from macros.model.programme import MIN_SECTION_WORDS, MIN_WEEK_WORDS, WEEK_SECTIONS

    problems: list[Problem] = []
    doc = read(page.body)
    sections = doc.sections(level=2)
    found = [(s.heading.line, s.title) for s in sections if s.title in WEEK_SECTIONS]
    titles = [title for _, title in found]
    missing = [s for s in WEEK_SECTIONS if s not in titles]
    if missing:
        problems.append(
            _p(
                page.path,
                page.body_line,
                "sections",
                f"sectie(s) ontbreken: {', '.join(missing)} (elke week heeft: {', '.join(WEEK_SECTIONS)})",
            )
        )
    present = [s for s in WEEK_SECTIONS if s in titles]
    # `found` may name a section twice, so it can be the longer one: up to the end of `present` is enough.
    for (i, title), expected in zip(found, present, strict=False):
        if title != expected:
            problems.append(
                _p(
                    page.path,
                    page.body_line + i,
                    "sections",
                    f"secties staan niet in de goede volgorde: hier hoort '{expected}', niet '{title}' "
                    f"(volgorde: {', '.join(WEEK_SECTIONS)})",
                )
            )
            break
    total = 0
    for sec in sections:
        words = section_words(doc.text_of(sec.start, sec.end))
        total += words
        minimum = MIN_SECTION_WORDS.get(sec.title)
        if minimum is None:
            continue
        where = (page.path, page.body_line + sec.heading.line, f"sections.{sec.title}")
        if words == 0:
            problems.append(_p(*where, f"sectie '{sec.title}' is leeg; schrijf hier minstens {minimum} woorden"))
        elif words < minimum:
            problems.append(_p(*where, f"sectie '{sec.title}' heeft {words} woorden; schrijf er minstens {minimum}"))
    if total < MIN_WEEK_WORDS:
        problems.append(
            _p(
                page.path,
                page.body_line,
                "sections",
                f"de weekpagina heeft {total} woorden; schrijf er minstens {MIN_WEEK_WORDS}",
            )
        )
    return problems


# --- content lint -------------------------------------------------------------------------------

_HTML_IMG = re.compile(r"<img\b[^>]*>", re.IGNORECASE)
_SCRIPT = re.compile(r"<\s*script\b", re.IGNORECASE)
_TAG = re.compile(r"<[a-z][a-z0-9-]*\b[^>]*>", re.IGNORECASE)  # may span lines
_HANDLER_ATTR = re.compile(r"\son[a-z]+\s*=", re.IGNORECASE)
_JS_URL = re.compile(r"javascript:", re.IGNORECASE)
# Link or image targets, HTML href/src values and autolinks with a scheme that runs code or embeds a
# document: never in the content.
_UNSAFE_URL = re.compile(
    r"""(?:\]\(\s*<?|\b(?:href|src|action|formaction|data|poster)\s*=\s*["']?\s*|<)"""
    r"""(data|vbscript):""",
    re.IGNORECASE,
)


def lint_pages(prog: Programme) -> list[Problem]:
    """Lint every hand-written page: images, scripts, links."""
    from macros.model.generated import generated_uris

    problems: list[Problem] = []
    docs = prog.root / "docs"
    known = {p.src_uri for p in prog.pages} | set(generated_uris(prog))
    for page in prog.pages:
        problems += _handlers(page)
        doc = read(page.body)
        for table in doc.tables:
            if any(not cell.strip() for cell in table.header):
                problems.append(
                    _p(
                        page.path,
                        page.body_line + table.start,
                        "tabel",
                        "een tabel heeft een lege kolomkop; geef elke kolom een naam (schermlezers lezen de kop voor)",
                    )
                )
        for code in doc.code:
            # A mermaid fence: its first line opens the code block.
            if code.fenced and code.info.startswith("mermaid"):
                message = "mermaid-diagrammen laden code van een andere website; gebruik een afbeelding"
                problems.append(_p(page.path, page.body_line + code.start, "html", message))
        for index, line in enumerate(doc.lines):
            lineno = page.body_line + index
            if doc.in_fence(index):
                continue
            for link in doc.links_on(index):
                if link.image:
                    if not link.text.strip():
                        problems.append(
                            _p(
                                page.path,
                                lineno,
                                "afbeelding",
                                f"afbeelding '{link.target}' heeft geen alt-tekst: "
                                f"schrijf ![wat je ziet]({link.target})",
                            )
                        )
                    problems += _image_file(docs, page, lineno, link.target)
            for tag in _HTML_IMG.findall(line):
                if not re.search(r'\balt\s*=\s*"[^"]+"', tag):
                    problems.append(_p(page.path, lineno, "afbeelding", "<img> zonder alt-tekst"))
            if _SCRIPT.search(line):
                problems.append(_p(page.path, lineno, "html", "<script> is niet toegestaan in de inhoud"))
            if _JS_URL.search(line):
                problems.append(_p(page.path, lineno, "html", "javascript:-links zijn niet toegestaan"))
            for match in _UNSAFE_URL.finditer(line):
                problems.append(
                    _p(
                        page.path,
                        lineno,
                        "html",
                        f"{match.group(1).lower()}:-links zijn niet toegestaan; link naar een bestand in docs/ "
                        f"of naar een website (https://…)",
                    )
                )
            for link in doc.links_on(index):
                if not link.image and link.kind != "autolink":
                    problem = _dead_link(page, link.target, known)
                    if problem:
                        problems.append(_p(page.path, lineno, "link", problem))
    return problems


def _unfenced(body: str) -> str:
    """The body with fenced code (fence lines included) blanked out; lines kept, so offsets still
    give line numbers."""
    doc = read(body)
    return "\n".join("" if doc.in_fence(i) else line for i, line in enumerate(body.split("\n")))


def _handlers(page: Page) -> list[Problem]:
    """Event-handler attributes (onclick=…) in HTML tags of a page, also when a tag spans lines."""
    text = _unfenced(page.body)
    problems = []
    for tag in _TAG.finditer(text):
        for attr in _HANDLER_ATTR.finditer(tag.group(0)):
            line = page.body_line + text.count("\n", 0, tag.start() + attr.start() + 1)
            problems.append(
                _p(
                    page.path,
                    line,
                    "html",
                    f"event-handlers ({attr.group(0).strip().rstrip('=').strip()}=…) zijn niet toegestaan in de inhoud",
                )
            )
    return problems


def _image_file(docs: Path, page: Page, lineno: int, target: str) -> list[Problem]:
    if re.match(r"^[a-z]+:", target):
        return [
            _p(
                page.path,
                lineno,
                "afbeelding",
                f"afbeelding van een andere website ({target}): zet het bestand in docs/",
            )
        ]
    file = (docs / PurePosixPath(page.src_uri).parent / target.split("#")[0]).resolve()
    if not file.exists():
        return [_p(page.path, lineno, "afbeelding", f"afbeelding '{target}' bestaat niet")]
    if file.stat().st_size > MAX_IMAGE_BYTES:
        return [
            _p(
                page.path,
                lineno,
                "afbeelding",
                f"afbeelding '{target}' is {file.stat().st_size // 1024} KB; maximaal {MAX_IMAGE_BYTES // 1024} KB",
            )
        ]
    return []


def _dead_link(page: Page, target: str, known: set[str]) -> str | None:
    if re.match(r"^[a-z][a-z0-9+.-]*:", target) or target.startswith("#") or target.startswith("{{"):
        return None
    path = target.split("#")[0].split("?")[0]
    if not path.endswith(".md"):
        return None
    resolved = PurePosixPath(page.src_uri).parent / path
    parts: list[str] = []
    for part in resolved.parts:
        if part == "..":
            if parts:
                parts.pop()
        elif part != ".":
            parts.append(part)
    uri = "/".join(parts)
    if uri not in known:
        return f"dode link: '{target}' bestaat niet"
    return None
