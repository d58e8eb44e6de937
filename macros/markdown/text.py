"""The Markdown of a page as text: one `## ` section of a body (found by the reader,
macros/markdown/reader.py), the anchor slug of a term, and the words of a piece of a page. Pure
functions on strings; used by the checks, the statistics and the renderers."""

from __future__ import annotations

import re

from macros.markdown.reader import outline


def slug(text: str) -> str:
    import unicodedata

    normal = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    return re.sub(r"[^a-z0-9]+", "-", normal).strip("-")


def section(body: str, title: str) -> str:
    """The Markdown of one `## title` section of a page body (without its heading), '' when the
    page has none. The section ends at the next heading of level 1 or 2 (macros/markdown/reader.py)."""
    doc = outline(body)
    found = doc.section(title, level=2)
    return doc.text_of(found.start, found.end).strip() if found else ""


_COMMENT = re.compile(r"<!--.*?-->", re.DOTALL)
_WORD = re.compile(r"\w+")


def section_words(markdown: str) -> int:
    """The words of a piece of a page: HTML comments left out, a macro counts as one word."""
    text = _COMMENT.sub(" ", markdown)
    text = re.sub(r"\{\{.*?\}\}", " 12 ", text, flags=re.DOTALL)
    text = re.sub(r"\]\([^)]*\)", "]", text)  # a link counts by its text, not its address
    return len(_WORD.findall(text))
