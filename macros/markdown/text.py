"""The Markdown of a page as text: one `## ` section of a body, the anchor slug of a term, and the
words of a piece of a page. Pure functions on strings; used by the checks, the statistics and the
renderers."""

from __future__ import annotations

import re


def slug(text: str) -> str:
    import unicodedata

    normal = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    return re.sub(r"[^a-z0-9]+", "-", normal).strip("-")


def section(body: str, title: str) -> str:
    """The Markdown of one `## title` section of a page body (without its heading)."""
    lines = body.splitlines()
    out: list[str] = []
    inside = False
    fenced = False
    for line in lines:
        if line.lstrip().startswith(("```", "~~~")):
            fenced = not fenced
        if not fenced and re.match(r"^##\s", line):
            if inside:
                break
            inside = re.sub(r"\s*\{[^}]*\}\s*$", "", line[3:]).strip() == title
            continue
        if inside:
            out.append(line)
    return "\n".join(out).strip()


_COMMENT = re.compile(r"<!--.*?-->", re.DOTALL)
_WORD = re.compile(r"\w+")


def section_words(markdown: str) -> int:
    """The words of a piece of a page: HTML comments left out, a macro counts as one word."""
    text = _COMMENT.sub(" ", markdown)
    text = re.sub(r"\{\{.*?\}\}", " 12 ", text, flags=re.DOTALL)
    text = re.sub(r"\]\([^)]*\)", "]", text)  # a link counts by its text, not its address
    return len(_WORD.findall(text))
