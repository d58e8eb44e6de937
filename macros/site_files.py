"""What the site generates from the model: pages (source URI → Markdown) and the navigation."""

from __future__ import annotations

import logging
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from macros import paths, printing, render
from macros.content import DATA_DIR, WORKSHEETS_DIR, Programme
from macros.downloads.model import Built, DownloadLink

DOWNLOAD_CACHE = Path(".cache") / "downloads"


def build_downloads(prog: Programme, site_url: str, cache: bool = True) -> list[Built]:
    """Every download with its bytes, from `.cache/downloads/` under the project when unchanged."""
    from macros.downloads import cache as download_cache, index
    from macros.numbers import format_number

    cache_dir = prog.root / DOWNLOAD_CACHE if cache else None
    generation = download_cache.generate(index.downloads(prog, site_url), cache_dir)
    stats = generation.stats
    logging.getLogger("mkdocs.plugins.impactacademie").debug(
        f"downloads: {len(stats.generated)} gemaakt, {len(stats.cached)} uit de cache ({format_number(stats.seconds, 2)} s)")
    return generation.built


def generated_pages(prog: Programme, downloads: Sequence[DownloadLink] = ()) -> dict[str, tuple[str, str]]:
    """Every generated page: source URI → (Markdown, the repository file to edit for it).
    `downloads`: the download links a tool page shows (with their sizes)."""
    pages: dict[str, tuple[str, str]] = {}
    for module in prog.modules:
        pages[paths.module_uri(module)] = (render.module_page(prog, module), f"{DATA_DIR}/programma.yml")
    for tool_id, tool in prog.tools.items():
        links = [link for link in downloads if link.owner == tool_id]
        pages[paths.tool_uri(tool_id)] = (render.tool_page(prog, tool, links), f"{WORKSHEETS_DIR}/{tool_id}.yml")
    for partner_id in prog.partners:
        pages[paths.partner_uri(partner_id)] = (render.partner_page(prog, partner_id), f"{DATA_DIR}/partners.yml")
    # For paper (macros/printing.py): the whole programme, and the duo assignments per module.
    pages[paths.PRINT_PAGE] = (printing.print_page(prog), f"{DATA_DIR}/programma.yml")
    for module in prog.modules:
        pages[paths.handout_uri(module)] = (printing.module_handout(prog, module), f"{DATA_DIR}/programma.yml")
    return pages


def generated_paths(prog: Programme) -> list[str]:
    """The source URIs of generated pages, without rendering them."""
    uris = [paths.module_uri(mod) for mod in prog.modules]
    uris += [paths.tool_uri(t) for t in prog.tools]
    uris += [paths.partner_uri(p) for p in prog.partners]
    uris += [paths.PRINT_PAGE] + [paths.handout_uri(mod) for mod in prog.modules]
    return uris


def navigation(prog: Programme, nav: list[Any]) -> list[Any]:
    """Extend the hand-written navigation of mkdocs.yml with the generated pages.

    A section whose first page is `modules/index.md`, `tools/index.md`, `partners/index.md` or
    `weken/index.md` gets the generated or planned pages of that folder appended.
    """
    extra: dict[str, list[Any]] = {
        paths.MODULES_INDEX: [{render.title_text(f"Module {mod.number}: {mod.title}"): paths.module_uri(mod)}
                              for mod in prog.modules],
        paths.TOOLS_INDEX: [{render.title_text(tool.title): paths.tool_uri(tool_id)}
                            for tool_id, tool in sorted(prog.tools.items(), key=lambda kv: _first_week(prog, kv[0]))],
        paths.PARTNERS_INDEX: [{render.title_text(partner.name): paths.partner_uri(pid)}
                               for pid, partner in prog.partners.items()],
        paths.WEEKS_INDEX: _week_sections(prog),
    }
    result = []
    for item in nav:
        if isinstance(item, dict) and len(item) == 1:
            (title, children), = item.items()
            if isinstance(children, list) and children and children[0] in extra:
                children = list(children) + extra[children[0]]
            result.append({title: children})
        else:
            result.append(item)
    return result


def _first_week(prog: Programme, tool_id: str) -> int:
    weeks = prog.weeks_of_tool(tool_id)
    return weeks[0] if weeks else 10_000


def _week_sections(prog: Programme) -> list[Any]:
    sections = []
    for module in prog.modules:
        pages = [{render.title_text(render.week_title(prog, w.week)): prog.week_pages[w.week].page.src_uri}
                 for w in module.weeks if w.week in prog.week_pages]
        if pages:
            sections.append({render.title_text(f"Module {module.number}: {module.title}"): pages})
    return sections
