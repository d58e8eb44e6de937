"""Cross-reference checks and content lint: everything that needs more than one file."""

from __future__ import annotations

import re
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING

from macros.numbers import format_number
from macros.problems import Problem
from macros.yamlpos import Located

if TYPE_CHECKING:
    from macros.content import Programme

MAX_IMAGE_BYTES = 300 * 1024


def _p(path: str, line: int, field: str, message: str, warning: bool = False) -> Problem:
    return Problem(path, line, field, message, "warning" if warning else "error")


def cross_references(prog: "Programme", located: dict[str, Located],
                     tool_located: dict[str, Located], week_located: dict[int, Located]) -> list[Problem]:
    from macros.content import CITATION, DATA_DIR, WEEK_SECTIONS

    problems: list[Problem] = []
    plan_path = f"{DATA_DIR}/programma.yml"
    plan_loc = located["programma.yml"]
    partners = prog.partners
    complete = prog.plan.require_complete

    # -- the plan: modules numbered 1..n, weeks numbered 1..N without gaps or duplicates
    seen_weeks: dict[int, tuple] = {}
    expected_week = 1
    for mi, mod in enumerate(prog.plan.modules):
        if mod.number != mi + 1:
            problems.append(_p(plan_path, plan_loc.line_of(("modules", mi, "number")), f"modules.{mi}.number",
                               f"module {mod.number} staat op plek {mi + 1}; nummer de modules 1, 2, 3 …"))
        if mod.owner not in partners:
            problems.append(_p(plan_path, plan_loc.line_of(("modules", mi, "owner")), f"modules.{mi}.owner",
                               f"onbekende partner '{mod.owner}' (zie {DATA_DIR}/partners.yml)"))
        for wi, week in enumerate(mod.weeks):
            loc = ("modules", mi, "weeks", wi)
            field = f"modules.{mi}.weeks.{wi}"
            if week.week in seen_weeks:
                problems.append(_p(plan_path, plan_loc.line_of(loc + ("week",)), field + ".week",
                                   f"week {week.week} staat twee keer in het jaarplan"))
                continue
            seen_weeks[week.week] = loc
            if week.week != expected_week:
                problems.append(_p(plan_path, plan_loc.line_of(loc + ("week",)), field + ".week",
                                   f"verwacht week {expected_week}, niet week {week.week}: weken lopen door zonder gat"))
            expected_week = week.week + 1
            for ti, tool_id in enumerate(week.tools):
                if tool_id in prog.tools and tool_id in prog.plan.planned_tools:
                    problems.append(_p(plan_path, plan_loc.line_of(("planned_tools", tool_id)),
                                       f"planned_tools.{tool_id}",
                                       f"tool '{tool_id}' bestaat al in worksheets/{tool_id}.yml; haal hem uit planned_tools"))
                elif tool_id not in prog.tools and tool_id not in prog.plan.planned_tools:
                    problems.append(_p(plan_path, plan_loc.line_of(loc + ("tools", ti)), f"{field}.tools.{ti}",
                                       f"onbekende tool '{tool_id}': maak worksheets/{tool_id}.yml "
                                       f"(python -m macros new-tool {tool_id}) of zet hem in planned_tools"))
                elif tool_id in prog.plan.planned_tools:
                    problems.append(_p(plan_path, plan_loc.line_of(loc + ("tools", ti)), f"{field}.tools.{ti}",
                                       f"tool '{tool_id}' is gepland maar bestaat nog niet", warning=not complete))

    # contact moments: each id once; programme days described in programmadagen.yml
    contact_seen: dict[str, int] = {}
    for w in prog.weeks:
        for c in w.contact:
            if c in contact_seen:
                mi, wi = _week_loc(prog, w.week)
                problems.append(_p(plan_path, plan_loc.line_of(("modules", mi, "weeks", wi, "contact")),
                                   f"modules.{mi}.weeks.{wi}.contact",
                                   f"{c} staat al in week {contact_seen[c]}"))
            contact_seen[c] = w.week
    for kind in ("PD", "C", "IV"):
        numbers = sorted(int(c[len(kind):]) for c in contact_seen if re.fullmatch(kind + r"\d+", c))
        if numbers != list(range(1, len(numbers) + 1)):
            problems.append(_p(plan_path, 1, "contact",
                               f"{kind}-nummers lopen niet door: {', '.join(kind + str(n) for n in numbers)}"))

    unused = sorted(set(prog.plan.planned_tools) - {t for w in prog.weeks for t in w.tools})
    for tool_id in unused:
        problems.append(_p(plan_path, plan_loc.line_of(("planned_tools", tool_id)), f"planned_tools.{tool_id}",
                           f"geplande tool '{tool_id}' hoort bij geen enkele week"))

    # -- data files that point to each other (duplicate ids: content.duplicate_ids, for every list)
    src_path = f"{DATA_DIR}/bronnen.yml"
    partner_path = f"{DATA_DIR}/partners.yml"

    gl_path = f"{DATA_DIR}/begrippen.yml"
    from macros.render import slug
    anchors: dict[str, tuple[str, int]] = {}
    for i, term in enumerate(prog.glossary):
        line = located["begrippen.yml"].line_of(("terms", i, "term"))
        first = anchors.setdefault(slug(term.term), (term.term, line))
        if first[1] != line and first[0].casefold() != term.term.casefold():  # same term: duplicate_ids
            problems.append(_p(gl_path, line, f"terms.{i}.term",
                               f"begrip '{term.term}' krijgt hetzelfde anker (#{slug(term.term)}) als "
                               f"'{first[0]}' op regel {first[1]}; kies een andere schrijfwijze"))
        if term.source and term.source not in prog.sources:
            problems.append(_p(gl_path, located["begrippen.yml"].line_of(("terms", i, "source")),
                               f"terms.{i}.source", f"onbekende bron '{term.source}' (zie {src_path})"))

    pd_path = f"{DATA_DIR}/programmadagen.yml"
    pd_loc = located["programmadagen.yml"]
    for i, day in enumerate(prog.days.values()):
        if day.id not in contact_seen:
            problems.append(_p(pd_path, pd_loc.line_of(("days", i, "id")), f"days.{i}.id",
                               f"{day.id} staat niet in het jaarplan (contact van een week)"))
        if day.host_role not in partners:
            problems.append(_p(pd_path, pd_loc.line_of(("days", i, "host_role")), f"days.{i}.host_role",
                               f"onbekende partner '{day.host_role}'"))
    for c in contact_seen:
        if c.startswith("PD") and c not in prog.days:
            problems.append(_p(pd_path, 1, "days", f"{c} is nog niet beschreven", warning=not complete))

    gd_path = f"{DATA_DIR}/begeleiding.yml"
    gd_loc = located["begeleiding.yml"]
    seen_sessions: set[str] = set()
    for i, session in enumerate(prog.guidance.sessions):
        if session.id not in contact_seen:
            problems.append(_p(gd_path, gd_loc.line_of(("sessions", i, "id")), f"sessions.{i}.id",
                               f"{session.id} staat niet in het jaarplan"))
        seen_sessions.add(session.id)
    if prog.guidance.intervisie is not None:
        iv = prog.guidance.intervisie
        if iv.source not in prog.sources:
            problems.append(_p(gd_path, gd_loc.line_of(("intervisie", "source")), "intervisie.source",
                               f"onbekende bron '{iv.source}' (zie {src_path})"))
        for i, session in enumerate(iv.sessions):
            if session.id not in contact_seen:
                problems.append(_p(gd_path, gd_loc.line_of(("intervisie", "sessions", i, "id")),
                                   f"intervisie.sessions.{i}.id", f"{session.id} staat niet in het jaarplan"))
    described = seen_sessions | {s.id for s in (prog.guidance.intervisie.sessions if prog.guidance.intervisie else [])}
    for c in contact_seen:
        if re.fullmatch(r"(C|IV)\d+", c) and c not in described:
            problems.append(_p(gd_path, 1, "sessions", f"{c} is nog niet beschreven", warning=not complete))

    co_path = f"{DATA_DIR}/cohorten.yml"
    co_loc = located["cohorten.yml"]
    for ci, cohort in enumerate(prog.cohorts):
        for di, day in enumerate(cohort.programme_days):
            loc = ("cohorts", ci, "programme_days", di)
            field = f"cohorts.{ci}.programme_days.{di}"
            if day.id not in contact_seen:
                problems.append(_p(co_path, co_loc.line_of(loc + ("id",)), field + ".id",
                                   f"onbekende programmadag '{day.id}'"))
                continue
            if day.end <= day.start:
                problems.append(_p(co_path, co_loc.line_of(loc + ("end",)), field + ".end",
                                   f"eindtijd {day.end} ligt niet na begintijd {day.start}"))
            from macros.calendar_dates import week_monday
            monday = week_monday(cohort, contact_seen[day.id])
            if not (monday <= day.date < monday.fromordinal(monday.toordinal() + 7)):
                problems.append(_p(co_path, co_loc.line_of(loc + ("date",)), field + ".date",
                                   f"{day.id} hoort in programmaweek {contact_seen[day.id]} "
                                   f"(week van {monday.isoformat()}), niet op {day.date.isoformat()}"))

    # -- tools
    module_numbers = {mod.number for mod in prog.plan.modules}
    for tool_id, tool in prog.tools.items():
        path, loc = prog.tool_files[tool_id], tool_located[tool_id]
        for i, number in enumerate(tool.modules):
            if number not in module_numbers:
                problems.append(_p(path, loc.line_of(("modules", i)), f"modules.{i}", f"onbekende module {number}"))
        for i, key in enumerate(tool.sources):
            if key not in prog.sources:
                problems.append(_p(path, loc.line_of(("sources", i)), f"sources.{i}",
                                   f"onbekende bron '{key}' (zie {src_path})"))
        if tool.based_on not in prog.sources:
            problems.append(_p(path, loc.line_of(("based_on",)), "based_on",
                               f"onbekende bron '{tool.based_on}' (zie {src_path})"))
        if tool.owner not in partners:
            problems.append(_p(path, loc.line_of(("owner",)), "owner",
                               f"onbekende partner '{tool.owner}' (zie {partner_path})"))
        problems += _canvas_problems(tool, path, loc)
        if not prog.weeks_of_tool(tool_id):
            problems.append(_p(path, loc.line_of(("id",)), "id",
                               f"tool '{tool_id}' hoort bij geen enkele week in het jaarplan", warning=True))

    # -- week pages
    for number, wp in prog.week_pages.items():
        loc = week_located[number]
        if number not in seen_weeks:
            problems.append(_p(wp.page.path, loc.line_of(("week",)), "week",
                               f"week {number} staat niet in het jaarplan ({plan_path})"))
        if wp.meta.owner not in partners:
            problems.append(_p(wp.page.path, loc.line_of(("owner",)), "owner",
                               f"onbekende partner '{wp.meta.owner}' (zie {partner_path})"))
        problems += week_sections(wp.page)
    for w in prog.weeks:
        if w.week not in prog.week_pages:
            mi, wi = _week_loc(prog, w.week)
            problems.append(_p(plan_path, plan_loc.line_of(("modules", mi, "weeks", wi, "week")),
                               f"modules.{mi}.weeks.{wi}", f"week {w.week} heeft nog geen pagina",
                               warning=not complete))

    # -- citations in the text of every YAML file (Markdown fields become part of a page)
    yaml_files = {f"{DATA_DIR}/{name}": loc for name, loc in located.items()}
    yaml_files.update({prog.tool_files[t]: loc for t, loc in tool_located.items() if t in prog.tool_files})
    for path, loc in yaml_files.items():
        for where, text in _text_leaves(loc.data):
            for match in CITATION.finditer(text):
                if match.group(1) not in prog.sources:
                    problems.append(_p(path, loc.line_of(where), ".".join(map(str, where)),
                                       f"onbekende bron '[@{match.group(1)}]' (zie {src_path})"))

    # -- citations in every page
    for page in prog.pages:
        for lineno, line in enumerate(page.body.splitlines(), start=page.body_line):
            for match in CITATION.finditer(line):
                if match.group(1) not in prog.sources:
                    problems.append(_p(page.path, lineno, "bron",
                                       f"onbekende bron '[@{match.group(1)}]' (zie {src_path})"))
    return problems


def week_sections(page) -> list[Problem]:
    """A week page has every section of WEEK_SECTIONS, in that order, none of them empty or shorter
    than MIN_SECTION_WORDS, and MIN_WEEK_WORDS in all."""
    from macros.content import MIN_SECTION_WORDS, MIN_WEEK_WORDS, WEEK_SECTIONS, section_words

    problems: list[Problem] = []
    lines = page.body.splitlines()
    headings = _headings(page.body, level=2)
    found = [(i, title) for i, title in headings if title in WEEK_SECTIONS]
    titles = [title for _, title in found]
    missing = [s for s in WEEK_SECTIONS if s not in titles]
    if missing:
        problems.append(_p(page.path, page.body_line, "sections",
                           f"sectie(s) ontbreken: {', '.join(missing)} (elke week heeft: {', '.join(WEEK_SECTIONS)})"))
    present = [s for s in WEEK_SECTIONS if s in titles]
    for (i, title), expected in zip(found, present):
        if title != expected:
            problems.append(_p(page.path, page.body_line + i, "sections",
                               f"secties staan niet in de goede volgorde: hier hoort '{expected}', niet '{title}' "
                               f"(volgorde: {', '.join(WEEK_SECTIONS)})"))
            break
    total = 0
    ends = [i for i, _ in headings[1:]] + [len(lines)]
    for (start, title), end in zip(headings, ends):
        words = section_words("\n".join(lines[start + 1:end]))
        total += words
        minimum = MIN_SECTION_WORDS.get(title)
        if minimum is None:
            continue
        where = (page.path, page.body_line + start, f"sections.{title}")
        if words == 0:
            problems.append(_p(*where, f"sectie '{title}' is leeg; schrijf hier minstens {minimum} woorden"))
        elif words < minimum:
            problems.append(_p(*where, f"sectie '{title}' heeft {words} woorden; schrijf er minstens {minimum}"))
    if total < MIN_WEEK_WORDS:
        problems.append(_p(page.path, page.body_line, "sections",
                           f"de weekpagina heeft {total} woorden; schrijf er minstens {MIN_WEEK_WORDS}"))
    return problems


def _text_leaves(data, loc: tuple = ()):
    """(key path, text) of every string in parsed YAML."""
    if isinstance(data, dict):
        for key, value in data.items():
            yield from _text_leaves(value, loc + (key,))
    elif isinstance(data, list):
        for i, value in enumerate(data):
            yield from _text_leaves(value, loc + (i,))
    elif isinstance(data, str):
        yield loc, data


def _week_loc(prog: "Programme", number: int) -> tuple[int, int]:
    for mi, mod in enumerate(prog.plan.modules):
        for wi, w in enumerate(mod.weeks):
            if w.week == number:
                return mi, wi
    return 0, 0


def _canvas_problems(tool, path: str, loc: Located) -> list[Problem]:
    from macros.models import CANVAS_COLUMNS, CANVAS_ROWS

    problems: list[Problem] = []
    cells: dict[tuple[int, int], str] = {}
    for i, block in enumerate(tool.canvas.blocks):
        pos = block.position
        base = ("canvas", "blocks", i, "position")
        if pos.col + pos.width - 1 > CANVAS_COLUMNS or pos.row + pos.height - 1 > CANVAS_ROWS:
            problems.append(_p(path, loc.line_of(base), f"canvas.blocks.{i}.position",
                               f"blok '{block.id}' past niet op het canvas ({CANVAS_COLUMNS} kolommen × {CANVAS_ROWS} rijen)"))
            continue
        for c in range(pos.col, pos.col + pos.width):
            for r in range(pos.row, pos.row + pos.height):
                if (c, r) in cells:
                    problems.append(_p(path, loc.line_of(base), f"canvas.blocks.{i}.position",
                                       f"blok '{block.id}' overlapt met blok '{cells[(c, r)]}'"))
                    break
                cells[(c, r)] = block.id
            else:
                continue
            break
        if block.kind == "table" and not block.columns:
            problems.append(_p(path, loc.line_of(("canvas", "blocks", i)), f"canvas.blocks.{i}.columns",
                               f"blok '{block.id}' is een tabel maar heeft geen columns"))
        if block.id not in tool.example.values:
            problems.append(_p(path, loc.line_of(("example", "values")), f"example.values.{block.id}",
                               f"het voorbeeld mist een waarde voor blok '{block.id}'"))
        else:
            problems += _example_shape(block, tool.example.values[block.id], path, loc)
    block_ids = {b.id for b in tool.canvas.blocks}
    for key in tool.example.values:
        if key not in block_ids:
            problems.append(_p(path, loc.line_of(("example", "values", key)), f"example.values.{key}",
                               f"'{key}' is geen blok van dit canvas"))
    if tool.model is not None:
        known = {i.id for i in tool.model.inputs}
        for j, out in enumerate(tool.model.outputs):
            unknown = sorted(out.names() - known - _FUNCTIONS)
            if unknown:
                problems.append(_p(path, loc.line_of(("model", "outputs", j, "formula")),
                                   f"model.outputs.{j}.formula",
                                   f"onbekende invoer in de formule: {', '.join(unknown)}"))
            known.add(out.id)
        problems += _model_problems(tool.model, path, loc)
    return problems


# What the worked example of a block of each kind holds, in Dutch, for the message.
_EXAMPLE_SHAPES = {"text": "een tekst", "list": "een lijst (regels die beginnen met '- ')",
                   "number": "een getal", "table": "een tabel (een lijst van rijen: - [cel, cel])"}
_KIND_NAMES = {"text": "een tekst", "list": "een lijst", "number": "een getal", "table": "een tabel"}


def _example_shape(block, value, path: str, loc: Located) -> list[Problem]:
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
    if shape != block.kind:
        return [_p(path, loc.line_of(where), ".".join(where),
                   f"blok '{block.id}' is {_KIND_NAMES[block.kind]} (kind: {block.kind}); schrijf het voorbeeld als "
                   f"{_EXAMPLE_SHAPES[block.kind]}")]
    problems = []
    if shape == "table" and block.columns:
        for r, row in enumerate(value):
            if len(row) != len(block.columns):
                problems.append(_p(path, loc.line_of(where + (r,)), ".".join(map(str, where + (r,))),
                                   f"rij {r + 1} heeft {len(row)} cel(len); de tabel heeft {len(block.columns)} "
                                   f"kolommen ({', '.join(block.columns)})"))
    return problems


def _model_problems(model, path: str, loc: Located) -> list[Problem]:
    """Formulas the workbook can hold: allowed syntax only, unique ids, and the worked example's
    inputs giving the hand-computed `expected` of every output."""
    from macros.downloads import formula

    problems: list[Problem] = []
    # An output with the id of an input (duplicates within one list: content.duplicate_ids).
    ids = [i.id for i in model.inputs] + [o.id for o in model.outputs]
    for i, item_id in enumerate(ids):
        if i >= len(model.inputs) and item_id in ids[:len(model.inputs)]:
            kind, index = ("inputs", i) if i < len(model.inputs) else ("outputs", i - len(model.inputs))
            problems.append(_p(path, loc.line_of(("model", kind, index, "id")), f"model.{kind}.{index}.id",
                               f"id '{item_id}' komt twee keer voor in het rekenmodel"))
    values: dict[str, float] | None = {i.id: i.example for i in model.inputs}
    for j, out in enumerate(model.outputs):
        where = ("model", "outputs", j)
        try:
            formula.parse(out.formula)
        except formula.FormulaError as error:
            problems.append(_p(path, loc.line_of(where + ("formula",)), f"model.outputs.{j}.formula", str(error)))
            values = None
            continue
        if values is None or not formula.names(out.formula) <= values.keys():
            values = None
            continue
        try:
            values[out.id] = formula.evaluate(out.formula, values)
        except formula.FormulaError as error:
            problems.append(_p(path, loc.line_of(where + ("formula",)), f"model.outputs.{j}.formula",
                               f"{error} (met de voorbeeldwaarden)"))
            values = None
            continue
        if abs(values[out.id] - out.expected) > 0.005 + 1e-9 * abs(out.expected):
            problems.append(_p(path, loc.line_of(where + ("expected",)), f"model.outputs.{j}.expected",
                               f"het voorbeeld geeft {format_number(round(values[out.id], 6))} met deze formule, "
                               f"niet {format_number(out.expected)}: "
                               f"controleer de formule of de verwachte uitkomst"))
    return problems


_FUNCTIONS = {"round", "min", "max", "abs", "sum"}

_HEADING = re.compile(r"^(#{1,6})\s+(.+?)\s*(?:\{[^}]*\})?\s*#*\s*$")


def _headings(body: str, level: int) -> list[tuple[int, str]]:
    found = []
    fenced = False
    for i, line in enumerate(body.splitlines()):
        if line.lstrip().startswith(("```", "~~~")):
            fenced = not fenced
        if fenced:
            continue
        match = _HEADING.match(line)
        if match and len(match.group(1)) == level:
            found.append((i, match.group(2).strip()))
    return found


# --- content lint -------------------------------------------------------------------------------

_IMAGE = re.compile(r"!\[([^\]]*)\]\(([^)\s]+)(?:\s+\"[^\"]*\")?\)")
_HTML_IMG = re.compile(r"<img\b[^>]*>", re.IGNORECASE)
_SCRIPT = re.compile(r"<\s*script\b", re.IGNORECASE)
_TAG = re.compile(r"<[a-z][a-z0-9-]*\b[^>]*>", re.IGNORECASE)  # may span lines
_HANDLER_ATTR = re.compile(r"\son[a-z]+\s*=", re.IGNORECASE)
_JS_URL = re.compile(r"javascript:", re.IGNORECASE)
# Link or image targets, HTML href/src values and autolinks with a scheme that runs code or embeds a
# document: never in the content.
_UNSAFE_URL = re.compile(r"""(?:\]\(\s*<?|\b(?:href|src|action|formaction|data|poster)\s*=\s*["']?\s*|<)"""
                         r"""(data|vbscript):""", re.IGNORECASE)
_LINK = re.compile(r"(?<!!)\[[^\]]*\]\(([^)\s]+)(?:\s+\"[^\"]*\")?\)")


def lint_pages(prog: "Programme") -> list[Problem]:
    """Lint every hand-written page: images, scripts, links."""
    from macros.site_files import generated_paths

    problems: list[Problem] = []
    docs = prog.root / "docs"
    known = {p.src_uri for p in prog.pages} | set(generated_paths(prog))
    for page in prog.pages:
        problems += _handlers(page)
        fenced = False
        lines = page.body.splitlines()
        for index, line in enumerate(lines):
            following = lines[index + 1] if index + 1 < len(lines) else ""
            if line.lstrip().startswith("|") and re.match(r"^\s*\|?\s*:?-{3,}", following):
                cells = [c.strip() for c in line.strip().strip("|").split("|")]
                if any(not c for c in cells):
                    problems.append(_p(page.path, page.body_line + index, "tabel",
                                       "een tabel heeft een lege kolomkop; geef elke kolom een naam "
                                       "(schermlezers lezen de kop voor)"))
        for lineno, line in enumerate(lines, start=page.body_line):
            if line.lstrip().startswith(("```", "~~~")):
                fenced = not fenced
            if fenced:
                continue
            for match in _IMAGE.finditer(line):
                alt, target = match.groups()
                if not alt.strip():
                    problems.append(_p(page.path, lineno, "afbeelding",
                                       f"afbeelding '{target}' heeft geen alt-tekst: schrijf ![wat je ziet]({target})"))
                problems += _image_file(docs, page, lineno, target)
            for tag in _HTML_IMG.findall(line):
                if not re.search(r'\balt\s*=\s*"[^"]+"', tag):
                    problems.append(_p(page.path, lineno, "afbeelding", "<img> zonder alt-tekst"))
            if _SCRIPT.search(line):
                problems.append(_p(page.path, lineno, "html", "<script> is niet toegestaan in de inhoud"))
            if _JS_URL.search(line):
                problems.append(_p(page.path, lineno, "html", "javascript:-links zijn niet toegestaan"))
            for match in _UNSAFE_URL.finditer(line):
                problems.append(_p(page.path, lineno, "html",
                                   f"{match.group(1).lower()}:-links zijn niet toegestaan; link naar een bestand in docs/ "
                                   f"of naar een website (https://…)"))
            for match in _LINK.finditer(line):
                target = match.group(1)
                problem = _dead_link(page, target, known)
                if problem:
                    problems.append(_p(page.path, lineno, "link", problem))
            if _MERMAID.match(line):
                problems.append(_p(page.path, lineno, "html",
                                   "mermaid-diagrammen laden code van een andere website; gebruik een afbeelding"))
    return problems


_MERMAID = re.compile(r"^\s*(```|~~~)\s*mermaid")


def _unfenced(body: str) -> str:
    """The body with fenced code blanked out (lines kept, so offsets still give line numbers)."""
    out = []
    fenced = False
    for line in body.split("\n"):
        if line.lstrip().startswith(("```", "~~~")):
            fenced = not fenced
            out.append("")
            continue
        out.append("" if fenced else line)
    return "\n".join(out)


def _handlers(page) -> list[Problem]:
    """Event-handler attributes (onclick=…) in HTML tags of a page, also when a tag spans lines."""
    text = _unfenced(page.body)
    problems = []
    for tag in _TAG.finditer(text):
        for attr in _HANDLER_ATTR.finditer(tag.group(0)):
            line = page.body_line + text.count("\n", 0, tag.start() + attr.start() + 1)
            problems.append(_p(page.path, line, "html",
                               f"event-handlers ({attr.group(0).strip().rstrip('=').strip()}=…) zijn niet "
                               f"toegestaan in de inhoud"))
    return problems


# --- macros in pages ({{ klusbus('…') }} and the other macros of macros/site.py) ------------------

def _macro_options(root: Path) -> dict:
    """The options of the macros plugin in mkdocs.yml (the Jinja markers a page uses); the
    project's own mkdocs.yml when `root` has none (the test fixture)."""
    import yaml

    class _Loader(yaml.SafeLoader):
        pass

    _Loader.add_multi_constructor("!", lambda loader, suffix, node: None)  # !ENV and friends
    for config in (root / "mkdocs.yml", Path(__file__).resolve().parent.parent / "mkdocs.yml"):
        if config.exists():
            plugins = (yaml.load(config.read_text(encoding="utf-8"), Loader=_Loader) or {}).get("plugins") or {}
            if isinstance(plugins, dict):
                return plugins.get("macros") or {}
    return {}


def _builtin_macros() -> set[str]:
    """The macros mkdocs-macros itself defines (now(), context() …), read from its source."""
    import inspect

    from mkdocs_macros import context

    source = inspect.getsource(context)
    return set(re.findall(r"@env\.macro\s+def (\w+)", source)) | set(re.findall(r"env\.macro\((\w+)", source))


def _builtin_variables() -> set[str]:
    """The variables mkdocs-macros gives every page (config, page, navigation …): the keys it
    assigns to its `variables` in its code (read with ast, so examples in docstrings do not count)."""
    import ast
    import inspect

    from mkdocs_macros import context, plugin

    names: set[str] = set()
    for module in (context, plugin):
        for node in ast.walk(ast.parse(inspect.getsource(module))):
            if isinstance(node, ast.Subscript) and isinstance(node.ctx, ast.Store) \
                    and isinstance(node.slice, ast.Constant) and isinstance(node.slice.value, str) \
                    and isinstance(node.value, (ast.Attribute, ast.Name)) \
                    and getattr(node.value, "attr", getattr(node.value, "id", "")) == "variables":
                names.add(node.slice.value)
    return names


def _extra_variables(root: Path) -> set[str]:
    """mkdocs-macros also gives every key of `extra:` in mkdocs.yml as a variable."""
    import yaml

    class _Loader(yaml.SafeLoader):
        pass

    _Loader.add_multi_constructor("!", lambda loader, suffix, node: None)
    for config in (root / "mkdocs.yml", Path(__file__).resolve().parent.parent / "mkdocs.yml"):
        if config.exists():
            extra = (yaml.load(config.read_text(encoding="utf-8"), Loader=_Loader) or {}).get("extra") or {}
            return set(extra) if isinstance(extra, dict) else set()
    return set()


def lint_templates(prog: "Programme") -> list[Problem]:
    """Every `{{ … }}` and `{% … %}` of every page, as the macros plugin will read it: valid
    template code, known macros only, and `klusbus('id')` with an id from klusbus.yml. Without this a
    mistake stops the build with a traceback, or shows an empty figure."""
    import difflib

    import jinja2
    from jinja2 import nodes

    from macros.content import unknown_figure
    from macros.site import macros_for_pages

    options = _macro_options(prog.root)
    env = jinja2.Environment(
        **{key: options[f"j2_{key}"] for key in ("block_start_string", "block_end_string",
                                                  "variable_start_string", "variable_end_string",
                                                  "comment_start_string", "comment_end_string")
           if f"j2_{key}" in options})
    functions = macros_for_pages()
    page_macros = set(functions)
    known = page_macros | _builtin_macros() | set(env.globals)
    variables = known | _builtin_variables() | _extra_variables(prog.root)
    figures = prog.example.figures
    problems: list[Problem] = []
    for page in prog.pages:
        if page.meta.get("render_macros") is False or not re.search(r"\{[{%]", page.body):
            continue
        try:
            tree = env.parse(page.body)
        except jinja2.TemplateSyntaxError as exc:
            problems.append(_p(page.path, page.body_line + (exc.lineno or 1) - 1, "macro",
                               f"de code tussen {{{{ … }}}} of {{% … %}} klopt niet ({exc.message}); wil je de "
                               f"tekens letterlijk laten zien, zet het stuk dan tussen {{% raw %}} en {{% endraw %}}"))
            continue
        from jinja2 import meta

        unknown_names = meta.find_undeclared_variables(tree) - variables - set(page.meta)
        for name_node in tree.find_all(nodes.Name):
            if name_node.ctx == "load" and name_node.name in unknown_names:
                unknown_names.discard(name_node.name)
                if name_node.name in {c.node.name for c in tree.find_all(nodes.Call) if isinstance(c.node, nodes.Name)}:
                    continue  # an unknown macro: reported below
                close = difflib.get_close_matches(name_node.name, sorted(variables), n=1, cutoff=0.6)
                hint = f"; bedoel je '{close[0]}'?" if close else ""
                problems.append(_p(page.path, page.body_line + name_node.lineno - 1, "macro",
                                   f"onbekende naam '{name_node.name}'{hint}; zo stopt het bouwen van de site"))
        for call in tree.find_all(nodes.Call):
            if not isinstance(call.node, nodes.Name):
                continue
            name, line = call.node.name, page.body_line + call.lineno - 1
            if name not in known:
                close = difflib.get_close_matches(name, sorted(page_macros), n=1, cutoff=0.6)
                hint = f"; bedoel je '{close[0]}'?" if close else f"; de macro's van de site: {', '.join(sorted(page_macros))}"
                problems.append(_p(page.path, line, "macro", f"onbekende macro '{name}'{hint}"))
            elif name in page_macros and not _arguments_fit(functions[name], call):
                problems.append(_p(page.path, line, "macro",
                                   f"macro '{name}' krijgt {_signature(functions[name])}, niet wat hier staat"))
            elif name == "klusbus":
                args = call.args
                if len(args) != 1 or call.kwargs or not isinstance(args[0], nodes.Const) \
                        or not isinstance(args[0].value, str):
                    problems.append(_p(page.path, line, "klusbus",
                                       "klusbus() krijgt één id; schrijf het id tussen aanhalingstekens, "
                                       "bijvoorbeeld {{ klusbus('vrijwilligers') }}"))
                elif args[0].value not in figures:
                    problems.append(_p(page.path, line, "klusbus", unknown_figure(args[0].value, figures)))
    return problems


def _arguments_fit(function, call) -> bool:
    """Whether a call's arguments bind to the macro (its first parameter is the page)."""
    import inspect

    if call.dyn_args is not None or call.dyn_kwargs is not None:
        return True
    try:
        inspect.signature(function).bind(None, *call.args, **{kw.key: kw.value for kw in call.kwargs})
    except TypeError:
        return False
    return True


def _signature(function) -> str:
    import inspect

    params = list(inspect.signature(function).parameters.values())[1:]
    if not params:
        return "geen argumenten"
    return "als argumenten: " + ", ".join(
        p.name if p.default is inspect.Parameter.empty else f"{p.name} (mag weg)" for p in params)


# --- Markdown in YAML text (models.Markdown fields) ------------------------------------------------

_YAML_HTML = re.compile(r"<(?!(?:https?|mailto):)[a-z!/?][^>]*>", re.IGNORECASE)
_YAML_LINK = re.compile(r"(?<!!)\[[^\]]*\]\(\s*<?([^)\s>]*)")
_YAML_IMAGE = re.compile(r"!\[[^\]]*\]\(")


def lint_yaml_markdown(text: str) -> list[str]:
    """What a Markdown field of a YAML file may not contain, as Dutch messages: HTML, code links
    (javascript:, data:), images, and links within the site (the same text shows on pages in
    different folders, and in the downloads, where a relative link cannot work)."""
    messages = []
    if _YAML_HTML.search(text):
        messages.append("HTML is niet toegestaan in YAML-tekst; gebruik Markdown, bijvoorbeeld *nadruk* "
                        "of [tekst](https://…)")
    for scheme in ("javascript", "vbscript", "data"):
        if re.search(rf"(\]\(|<|\b){scheme}:", text, re.IGNORECASE) and (
                scheme != "data" or re.search(r"(\]\(\s*<?|<)data:", text, re.IGNORECASE)):
            messages.append(f"{scheme}:-links zijn niet toegestaan")
    if _YAML_IMAGE.search(text):
        messages.append("een afbeelding hoort niet in YAML-tekst; zet de afbeelding (met alt-tekst) in een pagina")
    for match in _YAML_LINK.finditer(text):
        target = match.group(1)
        if not re.match(r"^(https?://|mailto:)", target) and not re.match(r"^(javascript|vbscript|data):", target, re.I):
            messages.append(f"link '{target}': een link in YAML-tekst wijst naar een website (https://…); "
                            f"een link binnen de site hoort in een pagina")
    return messages


def _image_file(docs: Path, page, lineno: int, target: str) -> list[Problem]:
    if re.match(r"^[a-z]+:", target):
        return [_p(page.path, lineno, "afbeelding",
                   f"afbeelding van een andere website ({target}): zet het bestand in docs/")]
    file = (docs / PurePosixPath(page.src_uri).parent / target.split("#")[0]).resolve()
    if not file.exists():
        return [_p(page.path, lineno, "afbeelding", f"afbeelding '{target}' bestaat niet")]
    if file.stat().st_size > MAX_IMAGE_BYTES:
        return [_p(page.path, lineno, "afbeelding",
                   f"afbeelding '{target}' is {file.stat().st_size // 1024} KB; maximaal {MAX_IMAGE_BYTES // 1024} KB")]
    return []


def _dead_link(page, target: str, known: set[str]) -> str | None:
    if re.match(r"^[a-z][a-z0-9+.-]*:", target) or target.startswith("#") or target.startswith("{{"):
        return None
    path = target.split("#")[0].split("?")[0]
    if not path.endswith(".md"):
        return None
    resolved = PurePosixPath(page.src_uri).parent / path
    parts: list[str] = []
    for part in resolved.parts:
        if part == "..":
            if parts:
                parts.pop()
        elif part != ".":
            parts.append(part)
    uri = "/".join(parts)
    if uri not in known:
        return f"dode link: '{target}' bestaat niet"
    return None


# Keys whose text participants read: spelling is checked in YAML too.
PROSE_KEYS = {"title", "summary", "product", "intent", "when", "steps", "tips", "label", "question",
              "values", "definition", "description", "role", "goal", "preparation", "bring", "item",
              "columns"}


def _prose_leaves(data, loc: tuple = (), inside: bool = False):
    if isinstance(data, dict):
        for key, value in data.items():
            yield from _prose_leaves(value, loc + (key,), inside or key in PROSE_KEYS)
    elif isinstance(data, list):
        for i, value in enumerate(data):
            yield from _prose_leaves(value, loc + (i,), inside)
    elif isinstance(data, str) and inside:
        yield loc, data


def lint_language(prog: "Programme", located: dict[str, Located],
                  tool_located: dict[str, Located]) -> list[Problem]:
    """Spelling (the shipped OpenTaal dictionary + word list) of pages and YAML prose; readability
    of every page. A missing dictionary is an error, never a silent pass."""
    from macros import language
    from macros.content import DATA_DIR

    texts: dict[str, list] = {}
    for page in prog.pages:
        if page.meta.get("language_check") is False:
            continue
        texts[page.path] = language.prose_units(page.body, page.body_line)
    files = {f"{DATA_DIR}/{name}": loc for name, loc in located.items()
             if name not in ("woordenlijst.yml", "bronnen.yml")}
    files.update({prog.tool_files[t]: loc for t, loc in tool_located.items() if t in prog.tools})
    for path, loc in files.items():
        units = []
        for where, text in _prose_leaves(loc.data):
            units += [language.Unit(loc.line_of(where), u.text) for u in language.prose_units(text, 1)]
        texts[path] = units

    problems: list[Problem] = []
    try:
        unknown = language.unknown_words([u.text for units in texts.values() for u in units], prog.wordlist)
    except language.DictionaryMissing as exc:
        unknown = set()
        problems.append(_p("macros/dictionaries/nl.dic", 1, "spelling", str(exc)))
    for path, units in sorted(texts.items()):
        for line, word in language.locate(units, unknown):
            problems.append(_p(path, line, "spelling",
                               f"'{word}' staat niet in het woordenboek (OpenTaal); verbeter het, "
                               f"of zet het in docs/_data/woordenlijst.yml als het goed is"))
        if not path.endswith(".md"):
            continue
        score = language.readability(units)
        first = next((p.body_line for p in prog.pages if p.path == path), 1)
        if score.words >= language.MIN_WORDS_FOR_READABILITY:
            if score.words_per_sentence > language.MAX_WORDS_PER_SENTENCE:
                problems.append(_p(path, first, "leesbaarheid",
                                   f"gemiddeld {format_number(score.words_per_sentence)} woorden per zin; maximaal "
                                   f"{format_number(language.MAX_WORDS_PER_SENTENCE)}: maak zinnen korter"))
            if score.flesch_douma < language.MIN_FLESCH_DOUMA:
                problems.append(_p(path, first, "leesbaarheid",
                                   f"Flesch-Douma {format_number(score.flesch_douma)}; minimaal "
                                   f"{format_number(language.MIN_FLESCH_DOUMA)}: "
                                   f"gebruik kortere zinnen en woorden"))
    return problems
