"""Markdown fields of the YAML files as styled text for the downloads: Python-Markdown (the site's
own renderer, with the inline extensions of mkdocs.yml) turns a field into HTML, which is read back
into paragraphs and list items of runs (bold, italic, code, a link to another site, a language)
that every file format draws its own way. The structure of page bodies is the reader's
(macros/markdown/reader.py); this module knows the inline Markdown a YAML field may hold."""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable
from dataclasses import dataclass
from html.parser import HTMLParser

# Text from YAML is plain text, or, in the fields typed `Markdown` (models), Markdown. The files
# render a Markdown field with Python-Markdown and the page's rules for the inline subset YAML may
# hold (emphasis, links to other sites, `{lang=…}` through attr_list; no HTML, images or in-site
# links: macros/markdown/lint.py); citations `[@key]` are filled in before (index.py). The HTML is
# read back into runs that each producer draws its own way. A plain field is one plain run.

# The extensions of mkdocs.yml that change inline text; the others only make block structures
# (admonitions, tables, tabs …) that a YAML field does not contain.
MARKDOWN_EXTENSIONS = ("attr_list",)
_LINK_TARGET = re.compile(r"^(https?://|mailto:)", re.IGNORECASE)


@dataclass(frozen=True)
class Run:
    """A piece of text in one style. `link` is an address on another site, `lang` a language tag
    (`*collective impact*{lang=en}`)."""

    text: str
    bold: bool = False
    italic: bool = False
    code: bool = False
    link: str = ""
    lang: str = ""

    def same_style(self, other: Run) -> bool:
        return (self.bold, self.italic, self.code, self.link, self.lang) == (
            other.bold,
            other.italic,
            other.code,
            other.link,
            other.lang,
        )


@dataclass(frozen=True)
class TextBlock:
    """A paragraph or a list item; `marker` is "•" or "3." for the first paragraph of an item,
    `level` the list depth (0: not in a list)."""

    runs: tuple[Run, ...]
    marker: str = ""
    level: int = 0


def markdown_blocks(text: str) -> list[TextBlock]:
    """A Markdown field as paragraphs and list items of styled runs."""
    reader = _RunReader()
    reader.feed(_markdown().reset().convert(text))
    reader.close()
    reader.flush()
    return reader.blocks


# What would start a block (a list, heading or quote) at the start of a text; in a table cell the
# pages read it as text, so `inline` escapes it.
_BLOCK_START = re.compile(r"^(\s*)(\d+\.|[-+*](?=\s)|#|>)")


def markdown_runs(text: str, inline: bool = False) -> tuple[Run, ...]:
    """A Markdown field as one flow of runs: blocks separated by a line break, list items with
    their marker. `inline`: the text of a table cell, one line without blocks, as on the pages."""
    if inline:
        text = _BLOCK_START.sub(
            lambda m: m.group(1) + m.group(2)[:-1] + "\\" + m.group(2)[-1], " ".join(text.split("\n"))
        )
    out: list[Run] = []
    for block in markdown_blocks(text):
        if out:
            out.append(Run("\n"))
        if block.marker:
            out.append(Run(block.marker + " "))
        out += block.runs
    return tuple(out)


def plain_runs(text: str) -> tuple[Run, ...]:
    """A plain-text field: exactly its letters, no markup."""
    return (Run(text),) if text else ()


def runs_text(runs: Iterable[Run]) -> str:
    return "".join(run.text for run in runs)


def markdown_text(text: str) -> str:
    """A Markdown field as plain text (for calendars, spreadsheet cells and document properties)."""
    return runs_text(markdown_runs(text))


@functools.lru_cache(maxsize=1)
def _markdown():
    import markdown

    return markdown.Markdown(extensions=list(MARKDOWN_EXTENSIONS))


class _RunReader(HTMLParser):
    """Python-Markdown's HTML → TextBlocks. Unknown elements give their text only."""

    BLOCKS = frozenset(
        {
            "p",
            "li",
            "ul",
            "ol",
            "h1",
            "h2",
            "h3",
            "h4",
            "h5",
            "h6",
            "blockquote",
            "pre",
            "div",
            "dl",
            "dt",
            "dd",
            "table",
            "tr",
            "td",
            "th",
            "hr",
        }
    )
    VOID = frozenset({"br", "hr", "img", "input", "wbr"})

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.blocks: list[TextBlock] = []
        self._runs: list[Run] = []
        self._styles: list[tuple[str, dict]] = []
        self._lists: list[list] = []  # [tag, last number]
        self._marker = ""

    def _style(self) -> dict:
        style: dict = {}
        for _, change in self._styles:
            style.update(change)
        return style

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {name: value or "" for name, value in attrs}
        if tag in ("ul", "ol"):
            self.flush()
            start = int(values["start"]) if values.get("start", "").isdigit() else 1
            self._lists.append([tag, start - 1])
        elif tag == "li":
            self.flush()
            if not self._lists:
                self._lists.append(["ul", 0])
            current = self._lists[-1]
            current[1] += 1
            self._marker = "•" if current[0] == "ul" else f"{current[1]}."
        elif tag in self.BLOCKS:
            self.flush()
        if tag == "br":
            self._runs.append(Run("\n", **self._style()))
        if tag in self.VOID:
            return
        change: dict = {}
        if tag in ("em", "i"):
            change["italic"] = True
        elif tag in ("strong", "b"):
            change["bold"] = True
        elif tag == "code":
            change["code"] = True
        elif tag == "a":
            href = values.get("href", "").strip()
            change["link"] = href if _LINK_TARGET.match(href) else ""
        if values.get("lang"):
            change["lang"] = values["lang"]
        self._styles.append((tag, change))

    def handle_endtag(self, tag: str) -> None:
        if tag in self.BLOCKS:
            self.flush()
        if tag in ("ul", "ol") and self._lists:
            self._lists.pop()
        for i in range(len(self._styles) - 1, -1, -1):
            if self._styles[i][0] == tag:
                del self._styles[i:]
                break

    def handle_data(self, data: str) -> None:
        text = re.sub(r"\s+", " ", data)
        if text:
            self._runs.append(Run(text, **self._style()))

    def flush(self) -> None:
        """End the current block: trim its spaces, merge runs of one style."""
        runs: list[Run] = []
        for run in self._runs:
            if runs and runs[-1].same_style(run):
                runs[-1] = Run(runs[-1].text + run.text, run.bold, run.italic, run.code, run.link, run.lang)
            else:
                runs.append(run)
        self._runs = []
        while runs and not runs[0].text.lstrip(" "):
            runs.pop(0)
        while runs and not runs[-1].text.rstrip(" "):
            runs.pop()
        if not runs:
            return
        first, last = runs[0], runs[-1]
        runs[0] = Run(first.text.lstrip(" "), first.bold, first.italic, first.code, first.link, first.lang)
        last = runs[-1]
        runs[-1] = Run(last.text.rstrip(" "), last.bold, last.italic, last.code, last.link, last.lang)
        runs = [
            Run(r.text.replace(" \n", "\n").replace("\n ", "\n"), r.bold, r.italic, r.code, r.link, r.lang)
            for r in runs
        ]
        self.blocks.append(TextBlock(tuple(runs), self._marker, len(self._lists)))
        self._marker = ""
