"""The checks of the hand-written pages: the sections of a week page and their length, images (alt
text, file, size), links within the site, and no script, event handler or code link in the
content."""

from __future__ import annotations

import re
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING

from macros.model.problems import Problem
from macros.model.problems import problem as _p

if TYPE_CHECKING:
    from macros.model.programme import Page, Programme

MAX_IMAGE_BYTES = 300 * 1024


def week_sections(page: Page) -> list[Problem]:
    """A week page has every section of WEEK_SECTIONS, in that order, none of them empty or shorter
    than MIN_SECTION_WORDS, and MIN_WEEK_WORDS in all."""
    from macros.markdown.text import section_words
    from macros.model.programme import MIN_SECTION_WORDS, MIN_WEEK_WORDS, WEEK_SECTIONS

    problems: list[Problem] = []
    lines = page.body.splitlines()
    headings = _headings(page.body, level=2)
    found = [(i, title) for i, title in headings if title in WEEK_SECTIONS]
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
    ends = [i for i, _ in headings[1:]] + [len(lines)]
    # `ends` has one more item than `headings` when there are none (the end of the page).
    for (start, title), end in zip(headings, ends, strict=False):
        words = section_words("\n".join(lines[start + 1 : end]))
        total += words
        minimum = MIN_SECTION_WORDS.get(title)
        if minimum is None:
            continue
        where = (page.path, page.body_line + start, f"sections.{title}")
        if words == 0:
            problems.append(_p(*where, f"sectie '{title}' is leeg; schrijf hier minstens {minimum} woorden"))
        elif words < minimum:
            problems.append(_p(*where, f"sectie '{title}' heeft {words} woorden; schrijf er minstens {minimum}"))
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


_HEADING = re.compile(r"^(#{1,6})\s+(.+?)\s*(?:\{[^}]*\})?\s*#*\s*$")


def _headings(body: str, level: int) -> list[tuple[int, str]]:
    found = []
    fenced = False
    for i, line in enumerate(body.splitlines()):
        if line.lstrip().startswith(("```", "~~~")):
            fenced = not fenced
        if fenced:
            continue
        match = _HEADING.match(line)
        if match and len(match.group(1)) == level:
            found.append((i, match.group(2).strip()))
    return found


# --- content lint -------------------------------------------------------------------------------

_IMAGE = re.compile(r"!\[([^\]]*)\]\(([^)\s]+)(?:\s+\"[^\"]*\")?\)")
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
_LINK = re.compile(r"(?<!!)\[[^\]]*\]\(([^)\s]+)(?:\s+\"[^\"]*\")?\)")


def lint_pages(prog: Programme) -> list[Problem]:
    """Lint every hand-written page: images, scripts, links."""
    from macros.model.generated import generated_uris

    problems: list[Problem] = []
    docs = prog.root / "docs"
    known = {p.src_uri for p in prog.pages} | set(generated_uris(prog))
    for page in prog.pages:
        problems += _handlers(page)
        fenced = False
        lines = page.body.splitlines()
        for index, line in enumerate(lines):
            following = lines[index + 1] if index + 1 < len(lines) else ""
            if line.lstrip().startswith("|") and re.match(r"^\s*\|?\s*:?-{3,}", following):
                cells = [c.strip() for c in line.strip().strip("|").split("|")]
                if any(not c for c in cells):
                    problems.append(
                        _p(
                            page.path,
                            page.body_line + index,
                            "tabel",
                            "een tabel heeft een lege kolomkop; geef elke kolom een naam "
                            "(schermlezers lezen de kop voor)",
                        )
                    )
        for lineno, line in enumerate(lines, start=page.body_line):
            # The fence line itself opens the block, so look at it before skipping fenced text.
            if _MERMAID.match(line):
                message = "mermaid-diagrammen laden code van een andere website; gebruik een afbeelding"
                problems.append(_p(page.path, lineno, "html", message))
            if line.lstrip().startswith(("```", "~~~")):
                fenced = not fenced
            if fenced:
                continue
            for match in _IMAGE.finditer(line):
                alt, target = match.groups()
                if not alt.strip():
                    problems.append(
                        _p(
                            page.path,
                            lineno,
                            "afbeelding",
                            f"afbeelding '{target}' heeft geen alt-tekst: schrijf ![wat je ziet]({target})",
                        )
                    )
                problems += _image_file(docs, page, lineno, target)
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
            for match in _LINK.finditer(line):
                target = match.group(1)
                problem = _dead_link(page, target, known)
                if problem:
                    problems.append(_p(page.path, lineno, "link", problem))
    return problems


_MERMAID = re.compile(r"^\s*(```|~~~)\s*mermaid")


def _unfenced(body: str) -> str:
    """The body with fenced code blanked out (lines kept, so offsets still give line numbers)."""
    out = []
    fenced = False
    for line in body.split("\n"):
        if line.lstrip().startswith(("```", "~~~")):
            fenced = not fenced
            out.append("")
            continue
        out.append("" if fenced else line)
    return "\n".join(out)


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
