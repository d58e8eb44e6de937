"""Every download of the programme, with what it is made from.

`downloads(prog, site_url)` lists them: per tool a canvas (A3), a worksheet (A4), the worked
example, a Word file and, with a numeric model, an Excel workbook; per cohort a calendar; per module
with tools a ZIP of its canvases; and the whole toolkit as one ZIP. Nothing is generated here: each
Download carries its inputs (for the cache key) and a producer.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import asdict
from functools import partial
from typing import TYPE_CHECKING, Any

from macros.downloads.common import ToolMeta, cite_markdown, markdown_text, page_url, reference_text, source_date_epoch
from macros.downloads.model import Download, Moment
from macros.model import paths
from macros.model import schema as m

if TYPE_CHECKING:
    from macros.model.programme import Programme

TOOLS_DIR = "downloads/tools"
CALENDAR_DIR = "downloads/kalender"
MODULES_DIR = "downloads/modules"
TOOLKIT = "downloads/toolkit.zip"
CONTACT_NAMES = {"PD": "Programmadag", "C": "Coachgesprek", "IV": "Intervisie"}


def downloads(prog: Programme, site_url: str, epoch: int | None = None) -> list[Download]:
    """All downloads, members before the bundles that hold them."""
    epoch = source_date_epoch() if epoch is None else epoch
    items: list[Download] = []
    for tool_id in sorted(prog.tools):
        tool = prog.tools[tool_id]
        items += tool_downloads(tool, prog.sources[tool.based_on], site_url, epoch, prog.sources)
    for cohort in prog.cohorts:
        items.append(calendar_download(prog, cohort, site_url, epoch))
    for module in prog.modules:
        canvases = [
            d for tool_id in tools_of_module(prog, module) for d in items if d.owner == tool_id and d.kind == "canvas"
        ]
        if canvases:
            items.append(module_bundle(module, canvases, epoch))
    tool_files = [d for d in items if d.owner in prog.tools]
    if tool_files:
        items.append(toolkit_bundle(tool_files, epoch))
    return items


def tools_of_module(prog: Programme, module: m.Module) -> list[str]:
    """The existing tools of a module: those of its weeks in week order, then those that name the
    module themselves."""
    found = [t for week in module.weeks for t in week.tools if t in prog.tools]
    found += sorted(t for t, tool in prog.tools.items() if module.number in tool.modules)
    return list(dict.fromkeys(found))


# --- tools --------------------------------------------------------------------------------------


def tool_meta(tool: m.Tool, source: m.Source, site_url: str, epoch: int) -> ToolMeta:
    return ToolMeta(reference_text(source), page_url(site_url, paths.tool_uri(tool.id)), epoch)


# The Markdown fields of a tool (models: `Markdown`); the others are plain text. A test compares
# this list with the models.
TOOL_MARKDOWN_FIELDS = ("when", "steps", "tips", "example.values")


def tool_downloads(
    tool: m.Tool, source: m.Source, site_url: str, epoch: int, sources: Mapping[str, m.Source] | None = None
) -> list[Download]:
    """The files of a tool; `sources` (bronnen.yml by key) fills in its citations."""
    tool = cited_tool(tool, sources or {source.key: source}, site_url)
    meta = tool_meta(tool, source, site_url, epoch)
    inputs = {"tool": tool.model_dump(mode="json"), "meta": asdict(meta)}
    base = f"{TOOLS_DIR}/{tool.id}"

    def item(suffix: str, title: str, label: str, fmt: Any, kind: Any, render: Callable) -> Download:
        return Download(
            f"{base}{suffix}", title, label, fmt, kind, tool.id, inputs, partial(_render, render, tool, meta)
        )

    items = [
        item("-a3.pdf", "Canvas A3", "Canvas A3 (invulbare pdf)", "pdf", "canvas", _canvas),
        item("-a4.pdf", "Werkblad A4", "Werkblad A4 (invulbare pdf)", "pdf", "worksheet", _worksheet),
        item("-voorbeeld.pdf", "Voorbeeld", "Uitgewerkt voorbeeld (pdf)", "pdf", "example", _example),
        item(".docx", "Werkblad", "Werkblad om te bewerken (Word)", "docx", "word", _word),
    ]
    if tool.model is not None:
        items.append(item(".xlsx", "Rekenblad", "Rekenblad met formules (Excel)", "xlsx", "workbook", _workbook))
    return items


def cited_tool(tool: m.Tool, sources: Mapping[str, m.Source], site_url: str) -> m.Tool:
    """The tool with the citations in its Markdown fields written out as on the pages, linked to
    the reading list of the site: the files only have to render Markdown."""
    reading_list = page_url(site_url, paths.READING_LIST) if site_url else ""

    def cite(value: Any) -> Any:
        if isinstance(value, str):
            return cite_markdown(value, sources, reading_list)
        if isinstance(value, list):
            return [cite(item) for item in value]
        return value

    values = {block: cite(value) for block, value in tool.example.values.items()}
    return tool.model_copy(
        update={
            "when": cite(tool.when),
            "steps": cite(tool.steps),
            "tips": cite(tool.tips),
            "example": tool.example.model_copy(update={"values": values}),
        }
    )


def _render(render: Callable, tool: m.Tool, meta: ToolMeta, _members: Mapping[str, bytes]) -> bytes:
    return render(tool, meta)


# The renderers are imported when a file is made, not before: a build that finds everything in
# the cache never loads reportlab, python-docx or openpyxl.
def _canvas(tool: m.Tool, meta: ToolMeta) -> bytes:
    from macros.downloads import pdf

    return pdf.canvas_a3(tool, meta)


def _worksheet(tool: m.Tool, meta: ToolMeta) -> bytes:
    from macros.downloads import pdf

    return pdf.worksheet_a4(tool, meta)


def _example(tool: m.Tool, meta: ToolMeta) -> bytes:
    from macros.downloads import pdf

    return pdf.example_pdf(tool, meta)


def _word(tool: m.Tool, meta: ToolMeta) -> bytes:
    from macros.downloads import word

    return word.word_file(tool, meta)


def _workbook(tool: m.Tool, meta: ToolMeta) -> bytes:
    from macros.downloads import workbook

    return workbook.workbook_file(tool, meta)


# --- calendars ----------------------------------------------------------------------------------


def calendar_download(prog: Programme, cohort: m.Cohort, site_url: str, epoch: int) -> Download:
    moments = [
        moment(prog, kind, contact_id, week, site_url)
        for kind in ("PD", "C", "IV")
        for contact_id, week in prog.contacts(kind)
    ]
    inputs = {"cohort": cohort.model_dump(mode="json"), "moments": [asdict(mo) for mo in moments], "epoch": epoch}
    return Download(
        f"{CALENDAR_DIR}/{cohort.id}.ics",
        "Zet in je agenda",
        f"{cohort.name}: agenda (ics)",
        "ics",
        "calendar",
        cohort.id,
        inputs,
        partial(_calendar, cohort, tuple(moments), epoch),
    )


def _calendar(cohort: m.Cohort, moments: tuple, epoch: int, _members: Mapping[str, bytes]) -> bytes:
    from macros.downloads import ics

    return ics.calendar_file(cohort, moments, epoch)


def moment(prog: Programme, kind: str, contact_id: str, week: int, site_url: str) -> Moment:
    """A contact moment with its Dutch title, description and link."""
    number = contact_id[len(kind) :]
    name = f"{CONTACT_NAMES[kind]} {number}"
    product = prog.week(week).product
    if kind == "PD":
        day = prog.days.get(contact_id)
        title = f"{name}: {day.title}" if day else name
        goal = markdown_text(cite_markdown(day.goal, prog.sources, "")) if day else ""
        text = (f"{goal} " if goal else "") + f"Week {week} van het programma."
        fallback = page_url(site_url, paths.PROGRAMME_DAYS) + (f"#{contact_id.lower()}" if day else "")
    elif kind == "C":
        session = next((s for s in prog.guidance.sessions if s.id == contact_id), None)
        title = f"{name}: {session.title}" if session else name
        text = f"Plan dit gesprek met jullie begeleider in week {week}. Weekproduct van die week: {product}."
        fallback = page_url(site_url, paths.COACHING) + f"#{contact_id.lower()}"
    else:
        iv = prog.guidance.intervisie
        theme = next((s.theme for s in (iv.sessions if iv else []) if s.id == contact_id), None)
        title = f"{name}: {theme}" if theme else name
        text = f"Intervisie met jullie groep in week {week}. Weekproduct van die week: {product}."
        fallback = page_url(site_url, paths.COACHING)
    week_page = prog.week_pages.get(week)
    url = page_url(site_url, week_page.page.src_uri) if week_page else fallback
    return Moment(contact_id, week, title, f"{text} Meer: {url}", url)


# --- bundles ------------------------------------------------------------------------------------


def module_bundle(module: m.Module, canvases: list[Download], epoch: int) -> Download:
    members = {d.filename: d.uri for d in canvases}
    return Download(
        f"{MODULES_DIR}/module-{module.number}-canvassen.zip",
        f"Canvassen module {module.number}",
        f"Alle canvassen van module {module.number}: {module.title} (zip)",
        "zip",
        "module-bundle",
        f"module-{module.number}",
        {"members": members, "epoch": epoch},
        partial(_bundle, members, epoch),
        needs=tuple(sorted(members.values())),
    )


def toolkit_bundle(files: list[Download], epoch: int) -> Download:
    members = {f"{d.owner}/{d.filename}": d.uri for d in files}
    return Download(
        TOOLKIT,
        "De hele toolkit",
        "De hele toolkit: alle bestanden van alle tools (zip)",
        "zip",
        "toolkit",
        "toolkit",
        {"members": members, "epoch": epoch},
        partial(_bundle, members, epoch),
        needs=tuple(sorted(members.values())),
    )


def _bundle(members: Mapping[str, str], epoch: int, built: Mapping[str, bytes]) -> bytes:
    from macros.downloads.bundle import zip_bundle

    return zip_bundle({name: built[uri] for name, uri in members.items()}, epoch)
