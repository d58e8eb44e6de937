"""The fonts of the PDFs: DejaVu Sans and DejaVu Sans Bold, shipped in macros/fonts/ (licence in
LICENSE-DejaVu.txt) so every machine builds the same bytes.

Page text uses reportlab's own subsets. Form fields need more: a viewer, or pypdf when it fills a
field, draws the typed text with the font named in the form's default appearance (/DA). reportlab
only offers the 14 standard fonts there, whose encoding has no ş, ğ or İ. So the form gets its own
embedded DejaVu subset (`FIELD_CHARACTERS`, one 8-bit font): Latin-1 at its own codes and the
letters of Turkish, Polish, Czech, Slovak, Hungarian, Romanian and Croatian names in the free codes.
"""

from __future__ import annotations

import functools
import hashlib
from pathlib import Path

FONT_DIR = Path(__file__).resolve().parent.parent / "fonts"
REGULAR = "DejaVuSans"
BOLD = "DejaVuSans-Bold"
FILES = {REGULAR: FONT_DIR / "DejaVuSans.ttf", BOLD: FONT_DIR / "DejaVuSans-Bold.ttf"}
FIELD_FONT = "IAFieldFont"  # the reportlab name of the form font
FIELD_RESOURCE = "DejaVu"  # its name in the form's /DR and /DA

# Codes 10 and 13 (line breaks in a field value) map to the space glyph: a reader that checks
# whether the font can encode a multi-line value (pypdf does) then says yes.
LINE_BREAKS = (10, 13)
_LATIN1 = [c for c in range(32, 127)] + [c for c in range(160, 256)]
_EXTRA = (
    "€„…‘’“”•–—"  # punctuation from word processors
    "ğĞıİşŞ"  # Turkish
    "ąĄćĆęĘłŁńŃśŚźŹżŻ"  # Polish
    "čČďĎěĚňŇřŘšŠťŤůŮžŽ"  # Czech, Slovak
    "őŐűŰ"  # Hungarian
    "ăĂșȘțȚ"  # Romanian
    "đĐ"
)  # Croatian
# The codes that Latin-1 leaves free: control codes and 127–159.
_FREE_CODES = [c for c in range(1, 32) if c not in LINE_BREAKS] + list(range(127, 160))


def field_layout() -> list[int]:
    """The code → Unicode table of the form font (256 entries, index = code)."""
    if len(_EXTRA) > len(_FREE_CODES):
        raise ValueError(f"{len(_EXTRA)} extra characters, only {len(_FREE_CODES)} free codes")
    table = [0] * 256
    for code in LINE_BREAKS:
        table[code] = code
    for code in _LATIN1:
        table[code] = code
    for code, char in zip(_FREE_CODES, _EXTRA, strict=False):  # fewer extra characters than free codes
        table[code] = ord(char)
    return table


FIELD_CHARACTERS = "".join(chr(c) for c in field_layout() if c >= 32)


@functools.lru_cache(maxsize=1)
def font_digest() -> str:
    """The hash of the font files: part of every cache key."""
    digest = hashlib.sha256()
    for name in sorted(FILES):
        digest.update(FILES[name].read_bytes())
    return digest.hexdigest()


@functools.lru_cache(maxsize=1)
def register() -> None:
    """Register DejaVu Sans (regular, bold) and the form font with reportlab, once per process.
    reportlab keeps the first font registered under a name, also after `mkdocs serve` reloads
    this module; `field_font` therefore always asks reportlab's registry."""
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    registered = set(pdfmetrics.getRegisteredFontNames())
    for name, path in FILES.items():
        if name not in registered:
            pdfmetrics.registerFont(TTFont(name, str(path)))
    field_font()


def field_font():
    """The TTFont of the form font (registered once per process); `pdf._embed_form_font` sets its
    codes per document. One object only: two objects of the same face in one PDF clash."""
    from reportlab.pdfbase import pdfmetrics

    if FIELD_FONT in pdfmetrics.getRegisteredFontNames():
        return pdfmetrics.getFont(FIELD_FONT)
    font = _make_field_font()
    pdfmetrics.registerFont(font)
    return font


def _make_field_font():
    from reportlab.pdfbase.ttfonts import TTFont

    font = TTFont(FIELD_FONT, str(FILES[REGULAR]))
    font.face.name = b"DejaVuSansForm"  # its own PDF name, apart from the page text's subsets
    space = font.face.charToGlyph[32]
    for code in LINE_BREAKS:
        font.face.charToGlyph[code] = space
        font.face.charWidths[code] = font.face.charWidths.get(32, font.face.defaultWidth)
    missing = [c for c in FIELD_CHARACTERS if ord(c) not in font.face.charToGlyph]
    if missing:
        raise ValueError(f"DejaVu Sans mist tekens voor de formuliervelden: {''.join(missing)}")
    return font
