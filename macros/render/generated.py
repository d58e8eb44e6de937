"""What the site generates from the model, rendered: the generated pages (source URI → Markdown, from
the table in macros.model.generated), the downloads (through macros.downloads) and the navigation."""

from __future__ import annotations

import logging
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from macros.downloads.model import Built, DownloadLink
from macros.model import generated, paths
from macros.model.programme import Programme
from macros.render import pages as render
from macros.render import printing, timeline

DOWNLOAD_CACHE = Path(".cache") / "downloads"


def build_downloads(prog: Programme, site_url: str, cache: bool = True) -> list[Built]:
    """Every download with its bytes, from `.cache/downloads/` under the project when unchanged."""
    from macros.downloads import cache as download_cache
    from macros.downloads import index
    from macros.model.numbers import format_number

    cache_dir = prog.root / DOWNLOAD_CACHE if cache else None
    generation = download_cache.generate(index.downloads(prog, site_url), cache_dir)
    stats = generation.stats
    logging.getLogger("mkdocs.plugins.impactacademie").debug(
        f"downloads: {len(stats.generated)} gemaakt, {len(stats.cached)} uit de cache "
        f"({format_number(stats.seconds, 2)} s)"
    )
    return generation.built


def generated_pages(prog: Programme, downloads: Sequence[DownloadLink] = ()) -> dict[str, tuple[str, str]]:
    """Every generated page (the table in macros.model.generated), rendered: source URI →
    (Markdown, the repository file to edit for it). `downloads`: the download links a tool page
    shows (with their sizes)."""
    pages: dict[str, tuple[str, str]] = {}
    for page in generated.generated_pages(prog):
        pages[page.uri] = (_render(prog, page, downloads), page.source)
    return pages


def _render(prog: Programme, page: generated.GeneratedPage, downloads: Sequence[DownloadLink]) -> str:
    if page.kind == "module":  # the module, then what happened to the running example in its weeks
        section = timeline.module_section(prog, page.subject, page.uri)
        return render.module_page(prog, page.subject) + ("\n" + section if section else "")
    if page.kind == "tool":
        links = [link for link in downloads if link.owner == page.subject]
        return render.tool_page(prog, prog.tools[page.subject], links)
    if page.kind == "partner":
        return render.partner_page(prog, page.subject)
    if page.kind == "print":
        return printing.print_page(prog)
    return printing.module_handout(prog, page.subject)


def navigation(prog: Programme, nav: list[Any]) -> list[Any]:
    """Extend the hand-written navigation of mkdocs.yml with the generated pages.

    A section whose first page is `modules/index.md`, `tools/index.md`, `partners/index.md` or
    `weken/index.md` gets the generated or planned pages of that folder appended.
    """
    extra: dict[str, list[Any]] = {
        paths.MODULES_INDEX: [
            {render.title_text(f"Module {mod.number}: {mod.title}"): paths.module_uri(mod)} for mod in prog.modules
        ],
        paths.TOOLS_INDEX: [
            {render.title_text(tool.title): paths.tool_uri(tool_id)}
            for tool_id, tool in sorted(prog.tools.items(), key=lambda kv: _first_week(prog, kv[0]))
        ],
        paths.PARTNERS_INDEX: [
            {render.title_text(partner.name): paths.partner_uri(pid)} for pid, partner in prog.partners.items()
        ],
        paths.WEEKS_INDEX: _week_sections(prog),
    }
    result = []
    for item in nav:
        if isinstance(item, dict) and len(item) == 1:
            ((title, children),) = item.items()
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
        pages = [
            {render.title_text(render.week_title(prog, w.week)): prog.week_pages[w.week].page.src_uri}
            for w in module.weeks
            if w.week in prog.week_pages
        ]
        if pages:
            sections.append({render.title_text(f"Module {module.number}: {module.title}"): pages})
    return sections
