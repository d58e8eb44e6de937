"""The programme as data for the browser code (progress, cohort dates, worksheets, dossier).

One pure renderer, `programme_json`, turns the same model that builds the pages into
`assets/ia-programme.json`. The scripts in overrides/assets/javascripts/ read that file, so weeks,
steps, canvas blocks and cohort dates have one source of truth. Nothing here reads files or
MkDocs state.

A tool with a numeric model (issue 14) also carries `model`: the same compiled model the form
embeds (macros.model.calc.browser_model), so the dossier computes its tables, totals and results
with ia-calc.js exactly as the form does. `calc_rule` is the form's rounding rule. Computed values
are never stored; the model is not part of the definition hash (it describes no stored answer).
"""

from __future__ import annotations

import hashlib
import json
import re
from typing import Any

from macros.markdown.blocks import markdown_text
from macros.markdown.reader import Item, outline
from macros.markdown.steps import TYPED_LEAD, duo_step_items, duo_steps
from macros.model import paths, remeasure
from macros.model import schema as m
from macros.model.calc import browser_model
from macros.model.programme import Programme
from macros.render import compare
from macros.render.calcforms import ROUNDING_RULE
from macros.render.step_aliases import STEP_ALIASES

# Where the generated files live in the built site (relative to the site root). The script holds
# the same data for the offline site: a page opened from the file system cannot fetch JSON.
JSON_URI = "assets/ia-programme.json"
SCRIPT_URI = "assets/ia-programme.js"
# The version of the JSON layout (not of the programme): the scripts check it.
JSON_SCHEMA = 1


def page_url(src_uri: str, use_directory_urls: bool = True) -> str:
    """The URL of a built page relative to the site root, the way MkDocs computes it:
    `weken/week-01.md` → `weken/week-01/`, `tools/index.md` → `tools/`, `index.md` → ``."""
    stem = src_uri[:-3] if src_uri.endswith(".md") else src_uri
    if not use_directory_urls:
        return stem + ".html"
    if stem == "index":
        return ""
    if stem.endswith("/index"):
        return stem[: -len("index")]
    return stem + "/"


def _step_text(lines: list[str], item: Item) -> str:
    """The first paragraph of one numbered step, without its number."""
    start, end = item.paragraph or (item.line, item.line + 1)
    parts = [line.strip() for line in lines[start:end]]
    parts[0] = re.sub(r"^\d+\.\s*", "", parts[0], count=1)
    return " ".join(parts)


def step_id(text: str) -> str:
    """`s-` and 8 hex digits of a hash of a step's text: the key of its "klaar" tick in the browser.
    The number of the step, line breaks, upper case and link targets do not count, so inserting,
    moving or re-wrapping steps keeps every tick on its step; rewriting the text gives a new key.
    Nor does the lead the page writes from the time data ("**Samen, ± 30 minuten.**"): new minutes
    or another who keep the tick. (Before issue 15 the lead was typed and counted: STEP_ALIASES.)"""
    normal = TYPED_LEAD.sub("", text.strip(), count=1)
    normal = re.sub(r"\]\([^)]*\)", "]", normal)
    normal = " ".join(normal.split()).casefold()
    return "s-" + hashlib.sha256(normal.encode("utf-8")).hexdigest()[:8]


def duo_step_ids(markdown: str) -> list[str]:
    """The ids of the numbered steps of the duo assignment, in order (see step_id); a step with the
    same text as an earlier one gets `-2`, `-3` …"""
    lines = outline(markdown).lines
    ids: list[str] = []
    seen: dict[str, int] = {}
    for item in duo_step_items(markdown):
        base = step_id(_step_text(lines, item))
        seen[base] = seen.get(base, 0) + 1
        ids.append(base if seen[base] == 1 else f"{base}-{seen[base]}")
    return ids


def step_aliases(ids: list[str]) -> dict[str, str]:
    """The ids a tick of these steps may still be stored under (from before issue 15), each with
    the id it has now; the scripts move such a tick (IA.resolveSteps)."""
    current = set(ids)
    return {old: new for old, new in sorted(STEP_ALIASES.items()) if new in current}


def block_definition(block: m.Block) -> dict[str, Any]:
    """What the browser needs of one canvas block (no layout: the form is one column)."""
    data: dict[str, Any] = {"id": block.id, "label": block.label, "question": block.question, "kind": block.kind}
    if block.kind == "table":
        data["columns"] = list(block.columns or [])
    if block.items is not None:  # a scored table: the dossier names the item of each stored row
        data["items"] = [item.label for item in block.items]
    return data


def definition_hash(tool: m.Tool) -> str:
    """A short fingerprint of a tool's canvas definition. It changes when a block is added,
    removed, renamed or gets another kind or columns; stored answers carry it."""
    blocks = [block_definition(b) for b in tool.canvas.blocks]
    text = json.dumps(blocks, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:12]


def _first_week(prog: Programme, tool_id: str) -> int:
    weeks = prog.weeks_of_tool(tool_id)
    return weeks[0] if weeks else 10_000


def programme_data(prog: Programme, use_directory_urls: bool = True) -> dict[str, Any]:
    """Weeks, modules, tools, programme days and cohorts, in programme order."""

    def url(src_uri: str) -> str:
        return page_url(src_uri, use_directory_urls)

    weeks = []
    for module in prog.modules:
        for week in module.weeks:
            page = prog.week_pages.get(week.week)
            weeks.append(
                {
                    "number": week.week,
                    "module": module.number,
                    "title": week.title,
                    "product": week.product,
                    "tools": list(week.tools),
                    "contact": list(week.contact),
                    "url": url(page.page.src_uri) if page else None,
                    "steps": duo_steps(page.page.body) if page else 0,
                    "step_ids": duo_step_ids(page.page.body) if page else [],
                    "step_aliases": step_aliases(duo_step_ids(page.page.body)) if page else {},
                    # "Een goed weekproduct…" as plain text: the coach ticks them (ia-coach.js)
                    "criteria": [markdown_text(c) for c in page.meta.criteria] if page else [],
                }
            )
    modules = [
        {
            "number": mod.number,
            "title": mod.title,
            "url": url(paths.module_uri(mod)),
            "weeks": [w.week for w in mod.weeks],
        }
        for mod in prog.modules
    ]
    tools: dict[str, dict[str, Any]] = {}
    for tool_id, tool in sorted(prog.tools.items(), key=lambda kv: (_first_week(prog, kv[0]), kv[0])):
        tools[tool_id] = {
            "title": tool.title,
            "url": url(paths.tool_uri(tool_id)),
            "weeks": prog.weeks_of_tool(tool_id),
            "definition": definition_hash(tool),
            "blocks": [block_definition(b) for b in tool.canvas.blocks],
        }
        if tool.model is not None:
            tools[tool_id]["model"] = browser_model(tool.model)
        if tool.send_to_organiser:  # the organiser bundles these (docs/cohort/evaluaties.md): the scales
            tools[tool_id]["send"] = {
                block.id: {
                    "scores": [block.columns.index(c) for c in block.scores.columns],
                    "min": block.scores.min,
                    "max": block.scores.max,
                }
                for block in tool.canvas.blocks
                if block.scores is not None and block.columns is not None
            }
        if tool.remeasure is not None:  # a re-measurement: the dossier puts both measurements side by side
            tools[tool_id]["compare"] = compare.definition(tool, remeasure.weeks(prog, tool))
    days = []
    for contact_id, number in prog.contacts("PD"):
        day = prog.days.get(contact_id)
        days.append({"id": contact_id, "week": number, "title": day.title if day else None})
    session_weeks = dict(prog.contacts("C"))
    coaching = [  # the coaching sessions with their week and the coach's questions (begeleiding.yml)
        {
            "id": session.id,
            "week": session_weeks.get(session.id),
            "title": session.title,
            "questions": [markdown_text(q) for q in session.questions],
        }
        for session in prog.guidance.sessions
    ]
    guide = prog.guidance.intervisie
    intervisie_weeks = dict(prog.contacts("IV"))
    intervisie = {  # the coach plans the groups and rotates the roles over these sessions (ia-coach.js)
        "roles": [role.name for role in guide.roles] if guide else [],
        "sessions": [
            {"id": session.id, "week": intervisie_weeks.get(session.id), "theme": session.theme}
            for session in (guide.sessions if guide else [])
        ],
    }
    cohorts = [
        {
            "id": c.id,
            "name": c.name,
            "start": c.start.isoformat(),
            "breaks": [d.isoformat() for d in c.breaks],
            "programme_days": [
                {"id": d.id, "date": d.date.isoformat(), "start": d.start, "end": d.end, "place": d.place}
                for d in c.programme_days
            ],
        }
        for c in prog.cohorts
    ]
    return {
        "schema": JSON_SCHEMA,
        "pages": {
            "year": url(paths.YEAR_OVERVIEW),
            "programme_days": url(paths.PROGRAMME_DAYS),
            "dossier": url(paths.DOSSIER),
            "modules": url(paths.MODULES_INDEX),
        },
        "modules": modules,
        "weeks": weeks,
        "tools": tools,
        "calc_rule": ROUNDING_RULE,
        "programme_days": days,
        "coaching": coaching,
        "intervisie": intervisie,
        "cohorts": cohorts,
    }


def programme_json(prog: Programme, use_directory_urls: bool = True) -> str:
    """`assets/ia-programme.json`: the same bytes for the same content (reproducible builds)."""
    return json.dumps(programme_data(prog, use_directory_urls), ensure_ascii=False, separators=(",", ":")) + "\n"


def programme_script(prog: Programme, use_directory_urls: bool = True) -> str:
    """`assets/ia-programme.js`: the same data as a script that sets `window.IA_PROGRAMME`."""
    return script_of(programme_json(prog, use_directory_urls))


def script_of(programme_json_text: str) -> str:
    """The script of `programme_script` from the JSON `programme_json` made (the build makes both)."""
    return "window.IA_PROGRAMME = " + programme_json_text.rstrip("\n") + ";\n"
