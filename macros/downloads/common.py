"""Shared by the renderers: build dates, deterministic ZIP files, the text of a tool's footer and
citations; the converter of YAML text (plain or Markdown) into styled runs that every file draws is
macros/markdown/blocks.py, imported here."""

from __future__ import annotations

import datetime as dt
import io
import os
import re
import zipfile
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

# The converter of a Markdown field into styled runs, re-exported (`__all__`): the files import it from here.
from macros.markdown.blocks import (
    MARKDOWN_EXTENSIONS,
    Run,
    TextBlock,
    markdown_blocks,
    markdown_runs,
    markdown_text,
    plain_runs,
    runs_text,
)
from macros.model import schema as m
from macros.model.citations import citation_text
from macros.model.numbers import format_number
from macros.model.schema import licence_name

__all__ = [
    "MARKDOWN_EXTENSIONS",
    "Run",
    "TextBlock",
    "markdown_blocks",
    "markdown_runs",
    "markdown_text",
    "plain_runs",
    "runs_text",
    "licence_name",
]

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
