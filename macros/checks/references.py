"""The checks across files: every reference from one file to another (weeks, tools, partners,
sources, contact moments, canvases and examples of the tools) resolves, and each week page is
where the plan says."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from macros.load.yamlpos import Loc, Located
from macros.model.problems import Problem
from macros.model.problems import problem as _p
from macros.model.weektime import FORMS as SESSION_FORMS  # the coaching session's forms: used every session

if TYPE_CHECKING:
    from macros.model import schema as m
    from macros.model.programme import Programme

from macros.checks.pages import week_sections


def cross_references(
    prog: Programme, located: dict[str, Located], tool_located: dict[str, Located], week_located: dict[int, Located]
) -> list[Problem]:
    from macros.model.programme import CITATION, DATA_DIR

    problems: list[Problem] = []
    plan_path = f"{DATA_DIR}/programma.yml"
    plan_loc = located["programma.yml"]
    partners = prog.partners
    complete = prog.plan.require_complete

    # -- the plan: modules numbered 1..n, weeks numbered 1..N without gaps or duplicates
    seen_weeks: dict[int, Loc] = {}
    expected_week = 1
    for mi, mod in enumerate(prog.plan.modules):
        if mod.number != mi + 1:
            problems.append(
                _p(
                    plan_path,
                    plan_loc.line_of(("modules", mi, "number")),
                    f"modules.{mi}.number",
                    f"module {mod.number} staat op plek {mi + 1}; nummer de modules 1, 2, 3 …",
                )
            )
        if mod.owner not in partners:
            problems.append(
                _p(
                    plan_path,
                    plan_loc.line_of(("modules", mi, "owner")),
                    f"modules.{mi}.owner",
                    f"onbekende partner '{mod.owner}' (zie {DATA_DIR}/partners.yml)",
                )
            )
        for wi, week in enumerate(mod.weeks):
            loc = ("modules", mi, "weeks", wi)
            field = f"modules.{mi}.weeks.{wi}"
            if week.week in seen_weeks:
                problems.append(
                    _p(
                        plan_path,
                        plan_loc.line_of(loc + ("week",)),
                        field + ".week",
                        f"week {week.week} staat twee keer in het jaarplan",
                    )
                )
                continue
            seen_weeks[week.week] = loc
            if week.week != expected_week:
                problems.append(
                    _p(
                        plan_path,
                        plan_loc.line_of(loc + ("week",)),
                        field + ".week",
                        f"verwacht week {expected_week}, niet week {week.week}: weken lopen door zonder gat",
                    )
                )
            expected_week = week.week + 1
            for ti, tool_id in enumerate(week.tools):
                if tool_id in prog.tools and tool_id in prog.plan.planned_tools:
                    problems.append(
                        _p(
                            plan_path,
                            plan_loc.line_of(("planned_tools", tool_id)),
                            f"planned_tools.{tool_id}",
                            f"tool '{tool_id}' bestaat al in worksheets/{tool_id}.yml; haal hem uit planned_tools",
                        )
                    )
                elif tool_id not in prog.tools and tool_id not in prog.plan.planned_tools:
                    problems.append(
                        _p(
                            plan_path,
                            plan_loc.line_of(loc + ("tools", ti)),
                            f"{field}.tools.{ti}",
                            f"onbekende tool '{tool_id}': maak worksheets/{tool_id}.yml "
                            f"(python -m macros new-tool {tool_id}) of zet hem in planned_tools",
                        )
                    )
                elif tool_id in prog.plan.planned_tools:
                    problems.append(
                        _p(
                            plan_path,
                            plan_loc.line_of(loc + ("tools", ti)),
                            f"{field}.tools.{ti}",
                            f"tool '{tool_id}' is gepland maar bestaat nog niet",
                            warning=not complete,
                        )
                    )

    # contact moments: each id once; programme days described in programmadagen.yml
    contact_seen: dict[str, int] = {}
    for w in prog.weeks:
        for c in w.contact:
            if c in contact_seen:
                mi, wi = _week_loc(prog, w.week)
                problems.append(
                    _p(
                        plan_path,
                        plan_loc.line_of(("modules", mi, "weeks", wi, "contact")),
                        f"modules.{mi}.weeks.{wi}.contact",
                        f"{c} staat al in week {contact_seen[c]}",
                    )
                )
            contact_seen[c] = w.week
    for kind in ("PD", "C", "IV"):
        numbers = sorted(int(c[len(kind) :]) for c in contact_seen if re.fullmatch(kind + r"\d+", c))
        if numbers != list(range(1, len(numbers) + 1)):
            problems.append(
                _p(
                    plan_path,
                    1,
                    "contact",
                    f"{kind}-nummers lopen niet door: {', '.join(kind + str(n) for n in numbers)}",
                )
            )

    unused = sorted(set(prog.plan.planned_tools) - {t for w in prog.weeks for t in w.tools})
    for tool_id in unused:
        problems.append(
            _p(
                plan_path,
                plan_loc.line_of(("planned_tools", tool_id)),
                f"planned_tools.{tool_id}",
                f"geplande tool '{tool_id}' hoort bij geen enkele week",
            )
        )

    # -- data files that point to each other (duplicate ids: content.duplicate_ids, for every list)
    src_path = f"{DATA_DIR}/bronnen.yml"
    partner_path = f"{DATA_DIR}/partners.yml"

    gl_path = f"{DATA_DIR}/begrippen.yml"
    from macros.markdown.text import slug

    anchors: dict[str, tuple[str, int]] = {}
    for i, term in enumerate(prog.glossary):
        line = located["begrippen.yml"].line_of(("terms", i, "term"))
        first = anchors.setdefault(slug(term.term), (term.term, line))
        if first[1] != line and first[0].casefold() != term.term.casefold():  # same term: duplicate_ids
            problems.append(
                _p(
                    gl_path,
                    line,
                    f"terms.{i}.term",
                    f"begrip '{term.term}' krijgt hetzelfde anker (#{slug(term.term)}) als "
                    f"'{first[0]}' op regel {first[1]}; kies een andere schrijfwijze",
                )
            )
        if term.source and term.source not in prog.sources:
            problems.append(
                _p(
                    gl_path,
                    located["begrippen.yml"].line_of(("terms", i, "source")),
                    f"terms.{i}.source",
                    f"onbekende bron '{term.source}' (zie {src_path})",
                )
            )

    pd_path = f"{DATA_DIR}/programmadagen.yml"
    pd_loc = located["programmadagen.yml"]
    for i, day in enumerate(prog.days.values()):
        if day.id not in contact_seen:
            problems.append(
                _p(
                    pd_path,
                    pd_loc.line_of(("days", i, "id")),
                    f"days.{i}.id",
                    f"{day.id} staat niet in het jaarplan (contact van een week)",
                )
            )
        if day.host_role not in partners:
            problems.append(
                _p(
                    pd_path,
                    pd_loc.line_of(("days", i, "host_role")),
                    f"days.{i}.host_role",
                    f"onbekende partner '{day.host_role}'",
                )
            )
    for c in contact_seen:
        if c.startswith("PD") and c not in prog.days:
            problems.append(_p(pd_path, 1, "days", f"{c} is nog niet beschreven", warning=not complete))

    gd_path = f"{DATA_DIR}/begeleiding.yml"
    gd_loc = located["begeleiding.yml"]
    seen_sessions: set[str] = set()
    for i, session in enumerate(prog.guidance.sessions):
        if session.id not in contact_seen:
            problems.append(
                _p(
                    gd_path,
                    gd_loc.line_of(("sessions", i, "id")),
                    f"sessions.{i}.id",
                    f"{session.id} staat niet in het jaarplan",
                )
            )
        seen_sessions.add(session.id)
    if prog.guidance.intervisie is not None:
        iv = prog.guidance.intervisie
        if iv.source not in prog.sources:
            problems.append(
                _p(
                    gd_path,
                    gd_loc.line_of(("intervisie", "source")),
                    "intervisie.source",
                    f"onbekende bron '{iv.source}' (zie {src_path})",
                )
            )
        for i, iv_session in enumerate(iv.sessions):
            if iv_session.id not in contact_seen:
                problems.append(
                    _p(
                        gd_path,
                        gd_loc.line_of(("intervisie", "sessions", i, "id")),
                        f"intervisie.sessions.{i}.id",
                        f"{iv_session.id} staat niet in het jaarplan",
                    )
                )
    described = seen_sessions | {s.id for s in (prog.guidance.intervisie.sessions if prog.guidance.intervisie else [])}
    for c in contact_seen:
        if re.fullmatch(r"(C|IV)\d+", c) and c not in described:
            problems.append(_p(gd_path, 1, "sessions", f"{c} is nog niet beschreven", warning=not complete))

    co_path = f"{DATA_DIR}/cohorten.yml"
    co_loc = located["cohorten.yml"]
    for ci, cohort in enumerate(prog.cohorts):
        for di, cohort_day in enumerate(cohort.programme_days):
            loc = ("cohorts", ci, "programme_days", di)
            field = f"cohorts.{ci}.programme_days.{di}"
            if cohort_day.id not in contact_seen:
                problems.append(
                    _p(
                        co_path,
                        co_loc.line_of(loc + ("id",)),
                        field + ".id",
                        f"onbekende programmadag '{cohort_day.id}'",
                    )
                )
                continue
            if cohort_day.end <= cohort_day.start:
                problems.append(
                    _p(
                        co_path,
                        co_loc.line_of(loc + ("end",)),
                        field + ".end",
                        f"eindtijd {cohort_day.end} ligt niet na begintijd {cohort_day.start}",
                    )
                )
            from macros.model.calendar_dates import week_monday

            monday = week_monday(cohort, contact_seen[cohort_day.id])
            if not (monday <= cohort_day.date < monday.fromordinal(monday.toordinal() + 7)):
                problems.append(
                    _p(
                        co_path,
                        co_loc.line_of(loc + ("date",)),
                        field + ".date",
                        f"{cohort_day.id} hoort in programmaweek {contact_seen[cohort_day.id]} "
                        f"(week van {monday.isoformat()}), niet op {cohort_day.date.isoformat()}",
                    )
                )

    # -- tools
    module_numbers = {mod.number for mod in prog.plan.modules}
    for tool_id, tool in prog.tools.items():
        path, tool_loc = prog.tool_files[tool_id], tool_located[tool_id]
        for i, number in enumerate(tool.modules):
            if number not in module_numbers:
                problems.append(
                    _p(path, tool_loc.line_of(("modules", i)), f"modules.{i}", f"onbekende module {number}")
                )
        for i, key in enumerate(tool.sources):
            if key not in prog.sources:
                problems.append(
                    _p(
                        path,
                        tool_loc.line_of(("sources", i)),
                        f"sources.{i}",
                        f"onbekende bron '{key}' (zie {src_path})",
                    )
                )
        if tool.based_on not in prog.sources:
            problems.append(
                _p(
                    path,
                    tool_loc.line_of(("based_on",)),
                    "based_on",
                    f"onbekende bron '{tool.based_on}' (zie {src_path})",
                )
            )
        if tool.owner not in partners:
            problems.append(
                _p(
                    path,
                    tool_loc.line_of(("owner",)),
                    "owner",
                    f"onbekende partner '{tool.owner}' (zie {partner_path})",
                )
            )
        problems += _canvas_problems(tool, path, tool_loc)
        problems += _prefill_problems(prog, tool, path, tool_loc)
        problems += _remeasure_problems(prog, tool, path, tool_loc)
        if not prog.weeks_of_tool(tool_id) and tool_id not in SESSION_FORMS:
            problems.append(
                _p(
                    path,
                    tool_loc.line_of(("id",)),
                    "id",
                    f"tool '{tool_id}' hoort bij geen enkele week in het jaarplan",
                    warning=not complete,
                )
            )

    # -- week pages
    for number, wp in prog.week_pages.items():
        page_loc = week_located[number]
        if number not in seen_weeks:
            problems.append(
                _p(
                    wp.page.path,
                    page_loc.line_of(("week",)),
                    "week",
                    f"week {number} staat niet in het jaarplan ({plan_path})",
                )
            )
        if wp.meta.owner not in partners:
            problems.append(
                _p(
                    wp.page.path,
                    page_loc.line_of(("owner",)),
                    "owner",
                    f"onbekende partner '{wp.meta.owner}' (zie {partner_path})",
                )
            )
        problems += week_sections(wp.page)
    for w in prog.weeks:
        if w.week not in prog.week_pages:
            mi, wi = _week_loc(prog, w.week)
            problems.append(
                _p(
                    plan_path,
                    plan_loc.line_of(("modules", mi, "weeks", wi, "week")),
                    f"modules.{mi}.weeks.{wi}",
                    f"week {w.week} heeft nog geen pagina",
                    warning=not complete,
                )
            )

    # -- citations in the text of every YAML file (Markdown fields become part of a page)
    yaml_files = {f"{DATA_DIR}/{name}": loc for name, loc in located.items()}
    yaml_files.update({prog.tool_files[t]: loc for t, loc in tool_located.items() if t in prog.tool_files})
    for path, file_loc in yaml_files.items():
        for where, text in _text_leaves(file_loc.data):
            for bad in _malformed_citations(text):
                problems.append(_p(path, file_loc.line_of(where), ".".join(map(str, where)), bad))
            for match in CITATION.finditer(text):
                if match.group(1) not in prog.sources:
                    problems.append(
                        _p(
                            path,
                            file_loc.line_of(where),
                            ".".join(map(str, where)),
                            f"onbekende bron '[@{match.group(1)}]' (zie {src_path})",
                        )
                    )

    # -- citations in every page
    for page in prog.pages:
        for lineno, source_line in enumerate(page.body.splitlines(), start=page.body_line):
            for bad in _malformed_citations(source_line):
                problems.append(_p(page.path, lineno, "bron", bad))
            for match in CITATION.finditer(source_line):
                if match.group(1) not in prog.sources:
                    problems.append(
                        _p(page.path, lineno, "bron", f"onbekende bron '[@{match.group(1)}]' (zie {src_path})")
                    )
    return problems


_BRACKETED = re.compile(r"\[@[^\]\n]*\]")


def _malformed_citations(text: str) -> list[str]:
    """A bracket that starts like a citation but is not one ([@a; @b], [@ a]): the page would
    show it as raw text, so it is an error that says how to write it."""
    from macros.model.programme import CITATION

    found = []
    for match in _BRACKETED.finditer(text):
        if CITATION.fullmatch(match.group(0)) is None:
            found.append(
                f"'{match.group(0)}' is geen bronverwijzing die de site kent: schrijf één bron per haakje, "
                "zoals [@bron] of [@bron, p. 12]; meer bronnen: [@bron1] [@bron2]"
            )
    return found


def _text_leaves(data: Any, loc: Loc = ()) -> Iterator[tuple[Loc, str]]:
    """(key path, text) of every string in parsed YAML."""
    if isinstance(data, dict):
        for key, value in data.items():
            yield from _text_leaves(value, loc + (key,))
    elif isinstance(data, list):
        for i, value in enumerate(data):
            yield from _text_leaves(value, loc + (i,))
    elif isinstance(data, str):
        yield loc, data


def _week_loc(prog: Programme, number: int) -> tuple[int, int]:
    for mi, mod in enumerate(prog.plan.modules):
        for wi, w in enumerate(mod.weeks):
            if w.week == number:
                return mi, wi
    return 0, 0


def _canvas_problems(tool: m.Tool, path: str, loc: Located) -> list[Problem]:
    from macros.model.schema import CANVAS_COLUMNS, CANVAS_ROWS

    problems: list[Problem] = []
    cells: dict[tuple[int, int], str] = {}
    # blocks a re-measurement takes from its baseline tool come after the tool's own blocks; a problem
    # with their place is reported at `remeasure:` (they are not in this file)
    own = sum(1 for i in range(len(tool.canvas.blocks)) if ("canvas", "blocks", i) in loc.lines)
    for i, block in enumerate(tool.canvas.blocks):
        pos = block.position
        base: Loc = ("canvas", "blocks", i, "position") if i < own else ("remeasure", "blocks")
        origin = f" (uit '{tool.remeasure.tool}' via remeasure)" if i >= own and tool.remeasure else ""
        if pos.col + pos.width - 1 > CANVAS_COLUMNS or pos.row + pos.height - 1 > CANVAS_ROWS:
            problems.append(
                _p(
                    path,
                    loc.line_of(base),
                    f"canvas.blocks.{i}.position" if i < own else "remeasure.blocks",
                    f"blok '{block.id}'{origin} past niet op het canvas "
                    f"({CANVAS_COLUMNS} kolommen × {CANVAS_ROWS} rijen)",
                )
            )
            continue
        for c in range(pos.col, pos.col + pos.width):
            for r in range(pos.row, pos.row + pos.height):
                if (c, r) in cells:
                    problems.append(
                        _p(
                            path,
                            loc.line_of(base),
                            f"canvas.blocks.{i}.position" if i < own else "remeasure.blocks",
                            f"blok '{block.id}'{origin} overlapt met blok '{cells[(c, r)]}'",
                        )
                    )
                    break
                cells[(c, r)] = block.id
            else:
                continue
            break
        if block.kind == "table" and not block.columns:
            problems.append(
                _p(
                    path,
                    loc.line_of(("canvas", "blocks", i)),
                    f"canvas.blocks.{i}.columns",
                    f"blok '{block.id}' is een tabel maar heeft geen columns",
                )
            )
        if block.id not in tool.example.values:
            problems.append(
                _p(
                    path,
                    loc.line_of(("example", "values")),
                    f"example.values.{block.id}",
                    f"het voorbeeld mist een waarde voor blok '{block.id}'",
                )
            )
        else:
            problems += _example_shape(block, tool.example.values[block.id], path, loc)
    block_ids = {b.id for b in tool.canvas.blocks}
    for key in tool.example.values:
        if key not in block_ids:
            problems.append(
                _p(
                    path,
                    loc.line_of(("example", "values", key)),
                    f"example.values.{key}",
                    f"'{key}' is geen blok van dit canvas",
                )
            )
    return problems


def _prefill_problems(prog: Programme, tool: m.Tool, path: str, loc: Located) -> list[Problem]:
    """Every `prefill` names an existing block of a tool that the duo used before, whose answer fits."""
    from macros.model.prefill import mismatch

    problems: list[Problem] = []
    first = min(prog.weeks_of_tool(tool.id), default=None)
    for i, block in enumerate(tool.canvas.blocks):
        for j, ref in enumerate(block.prefill or ()):
            where = ("canvas", "blocks", i, "prefill", j)
            field = f"canvas.blocks.{i}.prefill.{j}"
            other = prog.tools.get(ref.tool)
            if ref.tool == tool.id:
                message = f"blok '{block.id}' kan zich niet vullen uit zijn eigen werkblad"
                problems.append(_p(path, loc.line_of(where + ("tool",)), field + ".tool", message))
                continue
            if other is None:
                message = f"onbekende tool '{ref.tool}': er is geen worksheets/{ref.tool}.yml"
                problems.append(_p(path, loc.line_of(where + ("tool",)), field + ".tool", message))
                continue
            source = next((b for b in other.canvas.blocks if b.id == ref.block), None)
            if source is None:
                names = ", ".join(b.id for b in other.canvas.blocks)
                message = f"tool '{ref.tool}' heeft geen blok '{ref.block}' (wel: {names})"
                problems.append(_p(path, loc.line_of(where + ("block",)), field + ".block", message))
                continue
            reason = mismatch(tool, block, other, source)
            if reason:
                problems.append(_p(path, loc.line_of(where), field, reason))
                continue
            earlier = min(prog.weeks_of_tool(other.id), default=None)
            if first is not None and earlier is not None and earlier > first:
                message = (
                    f"tool '{ref.tool}' komt pas in week {earlier}, na week {first} van deze tool: "
                    "een blok vult zich alleen uit eerder werk"
                )
                problems.append(_p(path, loc.line_of(where + ("tool",)), field + ".tool", message))
    return problems


def _remeasure_problems(prog: Programme, tool: m.Tool, path: str, loc: Located) -> list[Problem]:
    """A re-measurement comes after its first measurement (macros/load/remeasure.py checks the rest)."""
    if tool.remeasure is None or tool.remeasure.tool not in prog.tools:
        return []
    first = min(prog.weeks_of_tool(tool.remeasure.tool), default=None)
    later = min(prog.weeks_of_tool(tool.id), default=None)
    if first is None or later is None or first < later:
        return []
    message = f"de eerste meting ('{tool.remeasure.tool}', week {first}) moet vóór deze tool komen (week {later})"
    return [_p(path, loc.line_of(("remeasure", "tool")), "remeasure.tool", message)]


# What the worked example of a block of each kind holds, in Dutch, for the message.
_EXAMPLE_SHAPES = {
    "text": "een tekst",
    "list": "een lijst (regels die beginnen met '- ')",
    "number": "een getal",
    "table": "een tabel (een lijst van rijen: - [cel, cel])",
    "results": "een lijst",
}
_KIND_NAMES = {
    "text": "een tekst",
    "list": "een lijst",
    "number": "een getal",
    "table": "een tabel",
    "results": "de uitkomsten van het rekenmodel",
}


def _example_shape(block: m.Block, value: m.ExampleValue, path: str, loc: Located) -> list[Problem]:
    """The example value of a block has the block's shape, so the tool page shows all of it: a
    table has a cell for every column in every row."""
    where = ("example", "values", block.id)
    if isinstance(value, list) and value and all(isinstance(row, list) for row in value):
        shape = "table"
    elif isinstance(value, list):
        shape = "list"
    elif isinstance(value, (int, float)):
        shape = "number"
    else:
        shape = "text"
    if shape != block.kind and not (block.kind == "results" and shape == "list"):
        return [
            _p(
                path,
                loc.line_of(where),
                ".".join(where),
                f"blok '{block.id}' is {_KIND_NAMES[block.kind]} (kind: {block.kind}); schrijf het voorbeeld als "
                f"{_EXAMPLE_SHAPES[block.kind]}",
            )
        ]
    problems = []
    if shape == "table" and block.columns and isinstance(value, list):  # a table is a list of rows
        for r, row in enumerate(value):
            if len(row) != len(block.columns):
                problems.append(
                    _p(
                        path,
                        loc.line_of(where + (r,)),
                        ".".join(map(str, where + (r,))),
                        f"rij {r + 1} heeft {len(row)} cel(len); de tabel heeft {len(block.columns)} "
                        f"kolommen ({', '.join(block.columns)})",
                    )
                )
    if shape == "table" and isinstance(value, list):
        problems += _scored_example(path, loc, block, value, where)
    return problems


def _scored_example(path: str, loc: Located, block: m.Block, rows: list[Any], where: Loc) -> list[Problem]:
    """A scored table (items, scores; a self-scan): one example row per item, in the same order,
    and every score a whole number of the scale (the form accepts nothing else)."""
    if block.items is None or block.scores is None or not block.columns:
        return []
    problems = []
    if len(rows) != len(block.items):
        problems.append(
            _p(
                path,
                loc.line_of(where),
                ".".join(map(str, where)),
                f"het voorbeeld heeft {len(rows)} rij(en); blok '{block.id}' heeft {len(block.items)} onderdelen "
                f"(items): één rij per onderdeel, in dezelfde volgorde",
            )
        )
    scale = range(block.scores.min, block.scores.max + 1)
    for r, row in enumerate(rows):
        for name in block.scores.columns:
            j = block.columns.index(name)
            cell = str(row[j]).strip() if isinstance(row, list) and j < len(row) else ""
            if cell and not (cell.isdigit() and int(cell) in scale):
                problems.append(
                    _p(
                        path,
                        loc.line_of(where + (r, j)),
                        ".".join(map(str, where + (r, j))),
                        f"'{name}' is een score: een heel getal van {block.scores.min} tot en met "
                        f"{block.scores.max} (nu '{cell}')",
                    )
                )
    return problems


def owner_agreement(
    prog: Programme, week_located: dict[int, Located], tool_located: dict[str, Located]
) -> list[Problem]:
    """A week page or tool whose `owner:` is not the owner of its module in programma.yml: the page
    would name one partner while CODEOWNERS asks another to review it."""
    from macros.model.codeowners import mismatches

    problems = []
    for found in mismatches(prog):
        loc = week_located.get(found.week) if found.week is not None else tool_located.get(found.tool or "")
        line = loc.line_of(("owner",)) if loc is not None else 1
        what = (
            f"week {found.week} hoort bij module {found.module}"
            if found.week is not None
            else (f"module {found.module} gebruikt deze tool het eerst")
        )
        problems.append(
            _p(
                found.path,
                line,
                "owner",
                f"'{found.owner}' is niet de eigenaar: {what}, en die is van '{found.expected}' "
                f"(docs/_data/programma.yml); schrijf owner: {found.expected}",
            )
        )
    return problems
