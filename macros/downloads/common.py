"""Shared by the renderers: build dates, deterministic ZIP files, the text of a tool's footer, and
the one converter of YAML text (plain or Markdown) into styled runs that every file draws."""

from __future__ import annotations

import datetime as dt
import functools
import io
import os
import re
import zipfile
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from html.parser import HTMLParser

from macros.model import schema as m
from macros.model.citations import citation_text
from macros.model.numbers import format_number

# 1980-01-01: the earliest date a ZIP entry can carry; used when SOURCE_DATE_EPOCH is not set.
DEFAULT_EPOCH = 315532800
BRAND = "#0b5b54"
PUBLISHER = "ImpactAcademie"
LANGUAGE = "nl-NL"
HYPHENATION_LANGUAGE = "nl_NL"  # pyphen's patterns for the PDFs (part of the cache key)
TIMEZONE = "Europe/Amsterdam"  # of the calendars (its zoneinfo data is part of the cache key)
ZIP_MODE = 0o100644  # a regular file, rw-r--r--


def source_date_epoch(environ: Mapping[str, str] | None = None) -> int:
    """SOURCE_DATE_EPOCH (reproducible builds), or 1980-01-01 when it is not set or not a number."""
    value = (os.environ if environ is None else environ).get("SOURCE_DATE_EPOCH", "").strip()
    try:
        return max(int(value), DEFAULT_EPOCH)
    except ValueError:
        return DEFAULT_EPOCH


def build_datetime(epoch: int) -> dt.datetime:
    return dt.datetime.fromtimestamp(epoch, tz=dt.UTC)


def zip_time(epoch: int) -> tuple[int, int, int, int, int, int]:
    moment = build_datetime(max(epoch, DEFAULT_EPOCH))
    return (moment.year, moment.month, moment.day, moment.hour, moment.minute, moment.second // 2 * 2)


def write_zip(members: Iterable[tuple[str, bytes]], epoch: int) -> bytes:
    """A ZIP archive with the members in the given order, one fixed timestamp, fixed permissions and
    no extra fields: the same members always give the same bytes."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in members:
            info = zipfile.ZipInfo(name, date_time=zip_time(epoch))
            info.compress_type = zipfile.ZIP_DEFLATED
            info.create_system = 3
            info.external_attr = ZIP_MODE << 16
            info.extra = b""
            archive.writestr(info, data, compress_type=zipfile.ZIP_DEFLATED, compresslevel=6)
    return buffer.getvalue()


def normalise_zip(data: bytes, epoch: int, patch: Mapping[str, bytes] | None = None) -> bytes:
    """Rewrite an Office file (a ZIP) with fixed timestamps; keep the member order (the content
    types first, as Office expects). `patch` replaces members by name."""
    patch = patch or {}
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        members = [
            (info.filename, patch.get(info.filename, archive.read(info.filename))) for info in archive.infolist()
        ]
    return write_zip(members, epoch)


# --- text of a tool -------------------------------------------------------------------------------


@dataclass(frozen=True)
class ToolMeta:
    """What a tool's files say besides the tool itself: the source it is based on, the address
    of its page, and the build date."""

    based_on: str  # "Anderson, A. A. (2005). The Community Builder's Approach …"
    page_url: str  # https://…/tools/verandertheorie/
    epoch: int


def reference_text(source: m.Source) -> str:
    """A plain-text reference (no Markdown): 'Weiss, C. H. (1995). Title. Publisher.'"""
    title = source.title.rstrip(".")
    return f"{source.authors} ({source.year or 'z.j.'}). {title}. {source.publisher.rstrip('.')}."


def licence_name(spdx: str) -> str:
    """'CC-BY-SA-4.0' → 'CC BY-SA 4.0'."""
    parts = spdx.split("-")
    if parts[0] == "CC" and len(parts) >= 3:
        return f"CC {'-'.join(parts[1:-1])} {parts[-1]}"
    return spdx


def page_url(site_url: str, src_uri: str) -> str:
    """The address of a page (directory URLs): 'weken/week-01.md' → '<site>/weken/week-01/'."""
    path = src_uri[:-3] if src_uri.endswith(".md") else src_uri
    if path == "index" or path.endswith("/index"):
        path = path[: -len("index")]
    else:
        path += "/"
    base = site_url if site_url.endswith("/") or not site_url else site_url + "/"
    return base + path


def example_lines(value: m.ExampleValue, block: m.Block) -> list[str]:
    """The worked example of one block as plain lines: text as is, lists as bullets, tables as
    'column: value' rows."""
    if isinstance(value, list) and value and isinstance(value[0], list):
        columns = block.columns or []
        rows = []
        for row in value:
            cells = [f"{columns[i]}: {cell}" if i < len(columns) else str(cell) for i, cell in enumerate(row)]
            rows.append("• " + " · ".join(cells))
        return rows
    if isinstance(value, list):
        return [f"• {item}" for item in value]
    if isinstance(value, (int, float)):
        return [format_number(value)]
    return [str(value)]


# --- Markdown from YAML as text -------------------------------------------------------------------
#
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


# --- citations ------------------------------------------------------------------------------------


_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]#])")  # & and < stay: Markdown keeps them as text


def cite_markdown(text: str, sources: Mapping[str, m.Source], reading_list_url: str) -> str:
    """A Markdown field with each `[@key]` / `[@key, p. 12]` replaced as on the pages:
    '([Kania & Kramer, 2011](<reading list>#bron-kania2011))', the link to the site's reading list.
    An unknown key (the check reports it) keeps its key as text."""
    from macros.model.programme import CITATION

    def sub(match: re.Match) -> str:
        key, locator = match.group(1), match.group(2)
        source = sources.get(key)
        label = citation_text(source, locator) if source else key
        label = _MARKDOWN_SPECIAL.sub(r"\\\1", label)
        if source is None or not reading_list_url:
            return f"({label})"
        return f"([{label}]({reading_list_url}#bron-{key}))"

    return CITATION.sub(sub, text)
