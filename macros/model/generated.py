"""The one table of generated pages: every page the site makes from the model (module pages, tool
pages, partner pages, the print page and the handouts), each with its source URI and the
repository file to edit for it. The checks read the URIs from it, the renderers render each row
(macros.render.generated); no other list of generated pages exists."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Literal

from macros.model import paths
from macros.model.programme import DATA_DIR, WORKSHEETS_DIR

if TYPE_CHECKING:
    from macros.model.programme import Programme

Kind = Literal["module", "tool", "partner", "print", "handout"]


@dataclass(frozen=True)
class GeneratedPage:
    uri: str  # the source URI, relative to docs/
    kind: Kind
    subject: Any  # the module (module, handout), the tool or partner id; None for the print page
    source: str  # the repository file to edit for it


def generated_pages(prog: Programme) -> list[GeneratedPage]:
    """Every generated page, in the order the site adds them."""
    plan = f"{DATA_DIR}/programma.yml"
    pages = [GeneratedPage(paths.module_uri(module), "module", module, plan) for module in prog.modules]
    pages += [
        GeneratedPage(paths.tool_uri(tool_id), "tool", tool_id, f"{WORKSHEETS_DIR}/{tool_id}.yml")
        for tool_id in prog.tools
    ]
    pages += [
        GeneratedPage(paths.partner_uri(partner_id), "partner", partner_id, f"{DATA_DIR}/partners.yml")
        for partner_id in prog.partners
    ]
    # For paper (macros/render/printing.py): the whole programme, and the duo assignments per module.
    pages.append(GeneratedPage(paths.PRINT_PAGE, "print", None, plan))
    pages += [GeneratedPage(paths.handout_uri(module), "handout", module, plan) for module in prog.modules]
    return pages


def generated_uris(prog: Programme) -> list[str]:
    """The source URIs of generated pages, without rendering them."""
    return [page.uri for page in generated_pages(prog)]
