"""What a download is: the plain data the index, the cache and the page renderers share.

Light on purpose (no reportlab, python-docx or openpyxl): `macros.render` imports it.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any, Literal

Format = Literal["pdf", "docx", "xlsx", "ics", "zip"]
Kind = Literal["canvas", "worksheet", "example", "word", "workbook", "calendar", "module-bundle", "toolkit"]

# A producer gets the bytes of the downloads it needs (for bundles) and returns its own bytes.
Producer = Callable[[Mapping[str, bytes]], bytes]

FORMAT_NAMES: dict[str, str] = {"pdf": "pdf", "docx": "Word", "xlsx": "Excel", "ics": "ics", "zip": "zip"}


@dataclass(frozen=True)
class Download:
    """One file of the site under `downloads/`.

    `inputs` is everything the producer reads, as JSON-able data: the cache key is its hash.
    `needs` are the URIs of other downloads whose bytes the producer gets (a bundle's members).
    """

    uri: str  # relative to docs/, e.g. downloads/tools/verandertheorie-a3.pdf
    title: str  # short, for a button: "Canvas A3"
    label: str  # full: "Canvas A3 (invulbare pdf)"
    format: Format
    kind: Kind
    owner: str  # the tool id, cohort id, "module-1" or "toolkit"
    inputs: Any
    produce: Producer = field(compare=False, repr=False)
    needs: tuple[str, ...] = ()

    @property
    def filename(self) -> str:
        return self.uri.rsplit("/", 1)[-1]


@dataclass(frozen=True)
class Built:
    """A download with its bytes."""

    download: Download
    content: bytes

    @property
    def uri(self) -> str:
        return self.download.uri

    @property
    def size(self) -> int:
        return len(self.content)

    def link(self) -> DownloadLink:
        d = self.download
        return DownloadLink(d.uri, d.title, d.label, d.format, len(self.content), d.kind, d.owner)


@dataclass(frozen=True)
class DownloadLink:
    """What a page needs to link a download: no bytes, no producer."""

    uri: str
    title: str
    label: str
    format: str
    size: int
    kind: str = ""
    owner: str = ""

    @property
    def button_text(self) -> str:
        """'Canvas A3 (pdf, 43 kB)'."""
        return f"{self.title} ({FORMAT_NAMES.get(self.format, self.format)}, {dutch_size(self.size)})"


@dataclass(frozen=True)
class Moment:
    """A contact moment of the plan, as a cohort's calendar needs it."""

    contact_id: str  # PD1, C3, IV2
    week: int  # the programme week
    title: str  # "Programmadag 1: Kick-off"
    description: str
    url: str  # the week page (or the overview page) on the site


def dutch_size(size: int) -> str:
    """A file size the Dutch way: '43 kB', '1,2 MB' (1 kB = 1000 bytes, at least 1 kB)."""
    from macros.model.numbers import format_number

    if size < 999_500:
        return f"{format_number(max(1, round(size / 1000)))} kB"
    return f"{format_number(size / 1_000_000, 1)} MB"
