"""Where every page of the programme lives (source URIs relative to docs/), and relative links."""

from __future__ import annotations

import posixpath

from macros.model import schema as m

YEAR_OVERVIEW = "programma/index.md"
KEY_POINTS = "programma/kernpunten.md"
MODULES_INDEX = "modules/index.md"
WEEKS_INDEX = "weken/index.md"
TOOLS_INDEX = "tools/index.md"
DOWNLOADS = "downloads/index.md"
PARTNERS_INDEX = "partners/index.md"
PROGRAMME_DAYS = "programmadagen/index.md"
COACHING = "begeleiding/index.md"
COACH_NOTES = "begeleiding/notities.md"
READING_LIST = "over/bronnen.md"
GLOSSARY = "over/begrippen.md"
DOSSIER = "dossier/index.md"  # hand-written; the scripts fill it with the impact dossier
PRINT_PAGE = "programma/afdrukken.md"  # generated: the whole programme on one page (macros/render/printing.py)


def module_uri(module: m.Module) -> str:
    return f"modules/{module.number}-{module.slug}.md"


def handout_uri(module: m.Module) -> str:
    """The generated sheet with the duo assignments of a module (macros/render/printing.py)."""
    return f"modules/{module.number}-{module.slug}-opdrachten.md"


def tool_uri(tool_id: str) -> str:
    return f"tools/{tool_id}.md"


def partner_uri(partner_id: str) -> str:
    return f"partners/{partner_id}.md"


def relative(from_uri: str, to_uri: str) -> str:
    """A Markdown link from one source page to another (MkDocs resolves and validates it)."""
    anchor = ""
    if "#" in to_uri:
        to_uri, anchor = to_uri.split("#", 1)
        anchor = "#" + anchor
    if not to_uri:
        return anchor
    base = posixpath.dirname(from_uri)
    return posixpath.relpath(to_uri, base or ".") + anchor
