"""Pure renderers: model objects in, Markdown text out. No file or MkDocs access here."""

from __future__ import annotations

import html
import re
from collections.abc import Callable, Sequence

from macros.downloads.model import DownloadLink
from macros.markdown.reader import outline
from macros.markdown.text import section, slug
from macros.model import paths, prefill, remeasure, scored, weektime
from macros.model import schema as m
from macros.model.calc import Results, display, evaluate_example
from macros.model.calctable import ShownColumn, ShownTable, shown_table
from macros.model.calendar_dates import dutch_date
from macros.model.citations import short_authors
from macros.model.numbers import expand_figures, format_number, format_value
from macros.model.programme import CITATION, Programme
from macros.render import compare, webforms

PHASES = {
    "concept": "Concept (nog niet nagelezen)",
    "review": "In review (wordt nagelezen)",
    "stabiel": "Stabiel (nagelezen en gebruikt)",
}
# What `reviewed:` means in each phase (CONTRIBUTING.md, "De fase van een week"): a page in concept
# has not been reviewed, so its header does not say so.
PHASE_DATES = {
    "concept": "geschreven op {date}",
    "review": "nalezen begonnen op {date}",
    "stabiel": "laatste review op {date}",
}
CONTACT_KINDS = {"PD": "Programmadag", "C": "Coachgesprek", "IV": "Intervisie"}
PARTICIPANTS = {
    "duo": "het duo",
    "team": "het team",
    "belanghebbenden": "belanghebbenden",
    "begeleider": "de begeleider",
    "intervisiegroep": "de intervisiegroep",
    "doelgroep": "de doelgroep",
}


def contact_label(contact_id: str) -> str:
    match = re.fullmatch(r"(PD|C|IV)(\d+)", contact_id)
    if not match:
        raise ValueError(f"onbekend contactmoment {contact_id}")
    return f"{CONTACT_KINDS[match.group(1)]} {match.group(2)}"


# Plain text from YAML (titles, labels, questions, names …) must reach the page as the letters it
# has: these characters would otherwise start Markdown, HTML or template code.
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]#])")


# Sections the search index leaves out (Material's search plugin skips a heading's section with this
# attribute): what repeats elsewhere or no one searches for, so the index of the whole year stays
# small (issue 21): the reading list under a week (the sources page has every source), a tool's
# source list, and its worked example (the example's words are the fictional initiative's).
SEARCH_EXCLUDE = "{ data-search-exclude }"


def plain(text: str) -> str:
    """A plain-text field of YAML as Markdown that shows exactly that text: HTML escaped,
    Markdown and template markers backslash-escaped, on one line. Markdown fields
    (schema.Markdown) are put in as they are; the check lints them like a page."""
    text = html.escape(" ".join(str(text).split("\n")), quote=False)
    text = _MARKDOWN_SPECIAL.sub(r"\\\1", text)
    return _escape_line_start(text)


def _escape_line_start(text: str) -> str:
    """`1. x`, `- x`, `+ x` at the start would make a list."""
    match = re.match(r"^(\s*)(\d+)\.", text)
    if match:
        return f"{match.group(1)}{match.group(2)}\\." + text[match.end() :]
    if re.match(r"^\s*[-+]", text):
        stripped = text.lstrip()
        return text[: len(text) - len(stripped)] + "\\" + stripped
    return text


def title_text(text: str) -> str:
    """A title for the navigation or `page.title`: MkDocs and Material put it into the HTML as it
    is (the theme escapes it once more only inside attributes)."""
    return html.escape(text, quote=False)


def escape_cell(text: str) -> str:
    """Text safe inside a Markdown table cell."""
    return text.replace("|", "\\|").replace("\n", " ")


CRITERIA_HEADING = "Een goed weekproduct…"


def minutes_label(minutes: int | None) -> str:
    return "–" if minutes is None else weektime.duration(minutes)


def week_title(prog: Programme, number: int) -> str:
    return f"Week {number}: {prog.week(number).title}"


def week_link(prog: Programme, number: int, from_uri: str, text: str | None = None) -> str:
    """A link to the week page, or plain text when the week has no page yet (never a dead link)."""
    label = plain(text or week_title(prog, number))
    page = prog.week_pages.get(number)
    if page is None:
        return f"{label} *(gepland)*"
    return f"[{label}]({paths.relative(from_uri, page.page.src_uri)})"


def tool_link(prog: Programme, tool_id: str, from_uri: str) -> str:
    if tool_id in prog.tools:
        return f"[{plain(prog.tools[tool_id].title)}]({paths.relative(from_uri, paths.tool_uri(tool_id))})"
    return f"{plain(prog.plan.planned_tools[tool_id])} *(gepland)*"


def contact_text(contacts: list[str]) -> str:
    return ", ".join(contact_label(c) for c in contacts)


def partner_link(prog: Programme, partner_id: str, from_uri: str) -> str:
    partner = prog.partners[partner_id]
    return f"[{plain(partner.name)}]({paths.relative(from_uri, paths.partner_uri(partner_id))})"


# --- overviews ----------------------------------------------------------------------------------


def year_overview(prog: Programme, from_uri: str) -> str:
    """All weeks of the year: module, title, tool, weekly product and contact moments."""
    out = [webforms.year_progress(prog)]
    for module in prog.modules:
        out.append(f"## Module {module.number}: {plain(module.title)} {{#module-{module.number}}}\n")
        out.append(
            f"[Over deze module]({paths.relative(from_uri, paths.module_uri(module))}) · "
            f"weken {module.weeks[0].week}–{module.weeks[-1].week}\n"
        )
        out.append(webforms.module_progress(prog, module))
        out.append("| Week | Titel | Tool | Weekproduct | Contactmoment |")
        out.append("|---:|---|---|---|---|")
        for week in module.weeks:
            title = week_link(prog, week.week, from_uri, week.title)
            if week.leadership:
                title += " (leiderschap)"
            tools = ", ".join(tool_link(prog, t, from_uri) for t in week.tools) or "–"
            out.append(
                f"| {week.week} | {escape_cell(title)} | {escape_cell(tools)} | "
                f"{escape_cell(plain(week.product))} | {contact_text(week.contact) or '–'} |"
            )
        out.append("")
    return "\n".join(out)


def year_summary(prog: Programme) -> str:
    """One sentence with the counts, computed from the plan."""
    counts = {kind: len(prog.contacts(kind)) for kind in CONTACT_KINDS}
    leadership = sum(1 for w in prog.weeks if w.leadership)
    return (
        f"Het programma heeft {len(prog.weeks)} weken in {len(prog.modules)} modules, "
        f"{counts['PD']} programmadagen, {counts['C']} coachgesprekken, "
        f"{counts['IV']} intervisies en {leadership} leiderschapsweken."
    )


def modules_index(prog: Programme, from_uri: str, level: int = 2) -> str:
    out = []
    for module in prog.modules:
        first, last = module.weeks[0].week, module.weeks[-1].week
        out.append(
            f"{'#' * level} [Module {module.number}: {plain(module.title)}]"
            f"({paths.relative(from_uri, paths.module_uri(module))})\n"
        )
        out.append(f"Weken {first}–{last} · {module.summary}\n")
    return "\n".join(out)


def weeks_index(prog: Programme, from_uri: str) -> str:
    out = []
    for module in prog.modules:
        out.append(f"## Module {module.number}: {plain(module.title)}\n")
        for week in module.weeks:
            out.append(f"- {week_link(prog, week.week, from_uri)}")
        out.append("")
    return "\n".join(out)


def module_page(prog: Programme, module: m.Module) -> str:
    uri = paths.module_uri(module)
    first, last = module.weeks[0].week, module.weeks[-1].week
    days = [c for w in module.weeks for c in w.contact if c.startswith("PD")]
    out = [
        f"# Module {module.number}: {plain(module.title)}\n",
        f"{module.summary}\n",
        '<div class="ia-facts" markdown>\n',
        f"- **Weken:** {first}–{last} ({len(module.weeks)} weken)",
        f"- **Programmadag:** {', '.join(contact_label(d) for d in days) or 'geen'}",
        f"- **Eigenaar:** {partner_link(prog, module.owner, uri)}",
        "\n</div>\n",
        f"[Alle opdrachten voor het duo en de weekproducten, om af te drukken]"
        f"({paths.relative(uri, paths.handout_uri(module))})\n",
        "## Weken\n",
        webforms.module_progress(prog, module),
        "| Week | Titel | Tool | Weekproduct | Contactmoment |",
        "|---:|---|---|---|---|",
    ]
    for week in module.weeks:
        tool_links = ", ".join(tool_link(prog, t, uri) for t in week.tools) or "–"
        out.append(
            f"| {week.week} | {escape_cell(week_link(prog, week.week, uri, week.title))} | "
            f"{escape_cell(tool_links)} | {escape_cell(plain(week.product))} | {contact_text(week.contact) or '–'} |"
        )
    out.append("")
    tools = [t for w in module.weeks for t in w.tools if t in prog.tools]
    if tools:
        out.append("## Tools van deze module\n")
        for tool_id in dict.fromkeys(tools):
            out.append(f"- {tool_link(prog, tool_id, uri)}: {plain(prog.tools[tool_id].intent)}")
        out.append("")
    return "\n".join(out)


def tool_index(prog: Programme, from_uri: str) -> str:
    """Every tool, existing or planned, filterable by module, time and who takes part."""
    rows = []
    for week in prog.weeks:
        for tool_id in week.tools:
            rows.append((week.week, tool_id))
    seen: set[str] = set()
    out = [
        '<div class="ia-tool-filter" data-ia-filter hidden>',
        '<label>Module <select data-ia-filter-module><option value="">alle</option>',
    ]
    for module in prog.modules:
        out.append(f'<option value="{module.number}">{module.number}: {html.escape(module.title)}</option>')
    out.append("</select></label>")
    out.append(
        '<label>Tijd <select data-ia-filter-time><option value="">elke duur</option>'
        '<option value="60">tot 1 uur</option><option value="120">tot 2 uur</option>'
        '<option value="240">tot 4 uur</option></select></label>'
    )
    out.append('<label>Wie doet mee <select data-ia-filter-who><option value="">iedereen</option>')
    for key, label in PARTICIPANTS.items():
        out.append(f'<option value="{key}">{label}</option>')
    out.append("</select></label>")
    out.append('<p class="ia-filter-count" role="status" aria-live="polite"></p></div>\n')
    out.append("| Tool | Module | Week | Tijd | Wie doet mee |")
    out.append("|---|---|---:|---|---|")
    for number, tool_id in rows:
        if tool_id in seen:
            continue
        seen.add(tool_id)
        module = prog.module_of(number)
        weeks = ", ".join(str(w) for w in prog.weeks_of_tool(tool_id))
        if tool_id in prog.tools:
            tool = prog.tools[tool_id]
            who = ", ".join(PARTICIPANTS[p] for p in tool.participants)
            minutes = weektime.tool_minutes(prog, tool)
            attrs = (
                f'{{ data-module="{" ".join(str(n) for n in tool.modules)}" '
                f'data-minutes="{minutes or ""}" data-who="{" ".join(tool.participants)}" }}'
            )
            out.append(
                f"| {tool_link(prog, tool_id, from_uri)}{attrs} | {module.number} | {weeks} | "
                f"{minutes_label(minutes)} | {who} |"
            )
        else:
            out.append(f"| {escape_cell(tool_link(prog, tool_id, from_uri))} | {module.number} | {weeks} | – | – |")
    out.append("")
    return "\n".join(out)


def reading_list(prog: Programme) -> str:
    out = []
    for source in sorted(prog.sources.values(), key=lambda s: (s.authors.lower(), s.year or 0)):
        out.append(reference_item(source))
    return "\n".join(out) + "\n"


def reference(source: m.Source) -> str:
    title = f"*{plain(source.title)}*"
    text = f"{plain(source.authors)} ({source.year or 'z.j.'}). {title}. {plain(source.publisher)}."
    if source.url:
        text += f" <{source.url}>"
    return text


def reference_item(source: m.Source) -> str:
    note = f" {source.note}" if source.note else ""
    return f'- <span id="bron-{source.key}"></span>{reference(source)}{note}'


def citation(prog: Programme, key: str, locator: str | None, from_uri: str) -> str:
    source = prog.sources[key]
    text = f"{plain(short_authors(source.authors))}, {source.year or 'z.j.'}"
    if locator:
        text += f", {plain(locator)}"
    return f"([{text}]({paths.relative(from_uri, paths.READING_LIST)}#bron-{key}))"


def replace_citations(prog: Programme, markdown: str, from_uri: str) -> tuple[str, list[str]]:
    """Turn `[@key]` and `[@key, p. 12]` into links to the reading list; return the keys in order."""
    cited: list[str] = []

    def sub(match: re.Match) -> str:
        key, locator = match.group(1), match.group(2)
        if key not in cited:
            cited.append(key)
        return citation(prog, key, locator, from_uri)

    return CITATION.sub(sub, markdown), cited


def further_reading(prog: Programme, keys: list[str]) -> str:
    if not keys:
        return ""
    out = [f"## Verder lezen {SEARCH_EXCLUDE}\n"]
    for key in keys:
        out.append(f"- {reference(prog.sources[key])}")
    return "\n".join(out) + "\n"


def glossary(prog: Programme) -> str:
    out = []
    for term in sorted(prog.glossary, key=lambda t: t.term.lower()):
        anchor = slug(term.term)
        english = f" (Engels: *{plain(term.english)}*)" if term.english else ""
        source = f" [@{term.source}]" if term.source else ""
        out.append(f"{plain(term.term)} {{#{anchor}}}\n:   {term.definition}{english}{source}\n")
    return "\n".join(out)


# --- week pages ---------------------------------------------------------------------------------


def week_header(prog: Programme, number: int, from_uri: str) -> str:
    """Title and facts at the top of a week page, from the plan and the page's front matter."""
    week = prog.week(number)
    module = prog.module_of(number)
    meta = prog.week_pages[number].meta
    tools = ", ".join(tool_link(prog, t, from_uri) for t in week.tools) or "geen"
    lines = [
        f"# {plain(week_title(prog, number))}\n",
        '<div class="ia-facts" markdown>\n',
        f"- **Module {module.number}:** [{plain(module.title)}]({paths.relative(from_uri, paths.module_uri(module))})",
        f"- **Tool:** {tools}",
        f"- **Weekproduct:** {plain(week.product)}",
    ]
    if week.contact:
        lines.append(f"- **Contactmoment:** {contact_text(week.contact)}")
    if number in prog.week_pages and prog.week_pages[number].meta.steps:
        lines.append(f"- **Tijd deze week:** {week_time_text(prog, number)}")
    if week.leadership:
        lines.append("- **Leiderschapsweek** (lijn impactvisionair)")
    lines.append(
        f"- **Fase:** {PHASES[meta.phase]} · {PHASE_DATES[meta.phase].format(date=dutch_date(meta.reviewed))} · "
        f"eigenaar {partner_link(prog, meta.owner, from_uri)}"
    )
    lines.append("\n</div>\n")
    return "\n".join(lines)


def week_time_text(prog: Programme, number: int) -> str:
    """'± 3 uur en 45 minuten per persoon: opdracht 1 uur en 55 minuten, coachgesprek 1: 1 uur en 50
    minuten'; in a programme-day week the day comes first ('Programmadag 1 (6 uur), en daarnaast
    ± …'). macros/model/weektime.py adds it up from the steps and the contact moments."""
    time = weektime.week_time(prog, number)
    parts = [f"opdracht {weektime.duration(time.assignment)}"]
    parts += [f"{c.name}: {weektime.duration(c.minutes)}" for c in time.contacts if not c.programme_day]
    days = [c for c in time.contacts if c.programme_day]
    text = f"± {weektime.duration(time.outside_days)} per persoon: " + ", ".join(parts)
    if days:  # the day first, then what the week asks besides it
        day = " en ".join(f"{c.name} ({weektime.duration(c.minutes)})" for c in days)
        text = f"{day[0].upper()}{day[1:]}, en daarnaast {text}"
    return text


def tool_time(prog: Programme, tool: m.Tool, from_uri: str) -> str:
    """A tool's time: the assignment of its week, linked, or its own minutes."""
    for number in prog.weeks_of_tool(tool.id):
        page = prog.week_pages.get(number)
        if page is not None and page.meta.steps:
            minutes = weektime.assignment_minutes(page.meta.steps)
            link = week_link(prog, number, from_uri, f"week {number}")
            return f"± {weektime.duration(minutes)} per persoon: de opdracht van {link}"
    return minutes_label(tool.minutes)


def duo_extras(prog: Programme, number: int) -> str:
    """What closes "Aan de slag als duo": "Weinig tijd?" and "Een goed weekproduct…" (the criteria
    the coach notes and the session forms use too), from the week page's front matter."""
    page = prog.week_pages.get(number)
    if page is None:
        return ""
    meta, out = page.meta, []
    if meta.short_on_time is not None:
        out.append(f"**Weinig tijd?** Doe in elk geval stap {meta.short_on_time.step}. {meta.short_on_time.text}\n")
    if meta.criteria:
        out.append(f"### {CRITERIA_HEADING} {{#een-goed-weekproduct}}\n")
        out.append(f"Jullie weekproduct ({plain(prog.week(number).product)}) is goed als:\n")
        out += [f"- {criterion}" for criterion in meta.criteria]
        out.append("")
    return "\n".join(out)


def week_pager(prog: Programme, number: int, from_uri: str) -> str:
    numbers = [w.week for w in prog.weeks]
    i = numbers.index(number)
    parts = []
    if i > 0:
        parts.append(f"Vorige: {week_link(prog, numbers[i - 1], from_uri)}")
    if i + 1 < len(numbers):
        parts.append(f"Volgende: {week_link(prog, numbers[i + 1], from_uri)}")
    return '<nav class="ia-pager" aria-label="Weken" markdown>\n\n' + " · ".join(parts) + "\n\n</nav>\n"


# --- tool and partner pages ---------------------------------------------------------------------


def tool_page(prog: Programme, tool: m.Tool, downloads: Sequence[DownloadLink] = ()) -> str:
    """The page of a tool; `downloads`: its files (canvas, worksheet, …) with their sizes."""
    uri = paths.tool_uri(tool.id)
    weeks = prog.weeks_of_tool(tool.id)
    out = [
        f"# {plain(tool.title)}\n",
        f'<p class="ia-intent">{html.escape(tool.intent)}</p>\n',
        '<div class="ia-facts" markdown>\n',
        f"- **Tijd:** {tool_time(prog, tool, uri)}",
        f"- **Wie doet mee:** {', '.join(PARTICIPANTS[p] for p in tool.participants)}",
        "- **Week:** " + (", ".join(week_link(prog, w, uri) for w in weeks) or "–"),
        f"- **Gebaseerd op:** {reference_link(prog, tool.based_on, uri)}",
        f"- **Licentie van het canvas:** {m.licence_name(tool.licence)}",
        f"- **Eigenaar:** {partner_link(prog, tool.owner, uri)}",
        "\n</div>\n",
        download_section(downloads, uri),
        "## Wanneer en waarom\n",
        tool.when + "\n",
        "## Stappen\n",
    ]
    out += [f"{i}. {step}" for i, step in enumerate(tool.steps, start=1)]
    out += ["", "## Tips en valkuilen\n"]
    out += [f"- {tip}" for tip in tool.tips]
    out += [
        "",
        "## Het canvas\n",
        "Elk blok van het canvas heeft een hulpvraag. Schrijf per blok kort en concreet.\n",
        "| Blok | Hulpvraag |",
        "|---|---|",
    ]
    out += [f"| {escape_cell(plain(b.label))} | {escape_cell(plain(b.question))} |" for b in tool.canvas.blocks]
    measured = remeasure.weeks(prog, tool) if tool.remeasure is not None else None
    below = [compare.holder(tool, measured)] if measured is not None else []
    out += ["", webforms.worksheet_form(tool, prefill.sources(prog, tool), below)]
    out += ["", f"## Uitgewerkt voorbeeld: {plain(tool.example.initiative)} {SEARCH_EXCLUDE}\n"]
    results = evaluate_example(tool.model) if tool.model is not None else None
    for block in tool.canvas.blocks:
        shown = model_example(tool, block, results)
        if shown is not None:
            out.append(shown + "\n")
            continue
        value = tool.example.values[block.id]
        out.append(f"**{plain(block.label)}**\n")
        out.append(_example_value(value, block) + "\n")
    if measured is not None and tool.remeasure is not None and tool.remeasure.tool in prog.tools:
        baseline = prog.tools[tool.remeasure.tool]
        side_by_side = remeasure.compare(tool, baseline.example.values, tool.example.values, measured)
        caption = f"{plain(tool.example.initiative)}: de scores per thema, gemiddeld over de onderdelen"
        out.append(
            f"**{compare.week_label(measured[0], 'Eerste meting')} en "
            f"{compare.week_label(measured[1], 'nieuwe meting').lower()} naast elkaar**\n"
        )
        out.append(compare.comparison_table(side_by_side, caption) + "\n")
    out.append(f"## Bronnen {SEARCH_EXCLUDE}\n")
    out += [f"- {reference(prog.sources[key])}" for key in tool.sources]
    return "\n".join(out) + "\n"


def reference_link(prog: Programme, key: str, from_uri: str) -> str:
    """'Anderson (2005), The Community Builder's …' linked to the reading list."""
    source = prog.sources[key]
    target = paths.relative(from_uri, paths.READING_LIST) + f"#bron-{key}"
    return f"[{plain(short_authors(source.authors))} ({source.year or 'z.j.'}), *{plain(source.title)}*]({target})"


def model_example(tool: m.Tool, block: m.Block, results: Results | None) -> str | None:
    """The worked example of a block that shows the numeric model, as HTML from evaluate_example
    (what the form, the example PDF and the Word file show): a model table with its typed and
    computed columns, total row and computed rows; a model input; the outputs. None for other blocks."""
    model = tool.model
    if model is None or results is None:
        return None
    table = next((t for t in model.tables if t.id == block.id), None) if block.kind == "table" else None
    if table is not None:
        return example_table(block.label, shown_table(model, table, results))
    item = next((i for i in model.inputs if i.id == block.id), None) if block.kind == "number" else None
    if item is not None:
        return f"**{plain(block.label)}**\n\n{_figure(display(results.inputs[item.id], item.unit))}"
    if block.kind == "results":
        lines = [f"- {o.label}: **{_figure(display(results.outputs[o.id], o.unit))}**" for o in model.outputs]
        return f"**{plain(block.label)}**\n\n" + "\n".join(lines)
    return None


def _figure(text: str) -> str:
    """A figure in running text: € and the number stay on one line (a message stays as it is)."""
    return html.escape(text.replace("€ ", "€\u00a0"), quote=False)


def example_table(caption: str, table: ShownTable) -> str:
    """A model table as one HTML block (no blank lines, so Markdown leaves it alone): the caption
    names it, column and row headers have their scope (the row names `ia-example-name`, which stay
    in view on a phone), figures sit right-aligned in `ia-num` cells,
    computed columns carry `ia-computed`, the total row and computed rows sit in the table foot.
    The table itself has no class: Material styles it and lets it scroll sideways on a phone."""
    e = html.escape

    def cell(text: str, column: ShownColumn) -> str:
        kind = "ia-num ia-computed" if column.computed else "ia-num"
        return f'<td class="{kind}">{e(text)}</td>'

    head = [f'<th scope="col" class="ia-example-name">{e(table.rows_label)}</th>']
    head += [
        f'<th scope="col" class="{"ia-num ia-computed" if c.computed else "ia-num"}">{e(c.label)}</th>'
        for c in table.columns
    ]
    body: list[str] = []
    foot: list[str] = []
    for row in table.rows:
        cells = "".join(cell(text, column) for text, column in zip(row.cells, table.columns, strict=True))
        line = (
            f'<tr class="ia-example-{row.kind}"><th scope="row" class="ia-example-name">{e(row.label)}</th>{cells}</tr>'
        )
        (body if row.kind == "row" else foot).append(line)
    return "".join(
        [
            f'<table><caption class="ia-example-caption">{e(caption)}</caption>',
            f"<thead><tr>{''.join(head)}</tr></thead>",
            f"<tbody>{''.join(body)}</tbody>",
            f"<tfoot>{''.join(foot)}</tfoot>" if foot else "",
            "</table>",
        ]
    )


def _example_value(value: m.ExampleValue, block: m.Block) -> str:
    if isinstance(value, list) and value and isinstance(value[0], list):
        cols: list[str] = block.columns or [""] * len(value[0])
        if block.items is not None:  # a scored table: each item named first, the difference computed
            cols, value = scored.shown_scored(block, value)
        rows = ["| " + " | ".join(escape_cell(plain(c)) for c in cols) + " |", "|" + "---|" * len(cols)]
        rows += ["| " + " | ".join(escape_cell(str(c)) for c in row) + " |" for row in value]
        return "\n".join(rows)
    if isinstance(value, list):
        return "\n".join(f"- {item}" for item in value)
    if isinstance(value, (int, float)):
        return format_number(value)
    return str(value)


# --- downloads (the links and sizes come from macros.downloads, computed by the adapter) --------


def download_button(link: DownloadLink, from_uri: str) -> str:
    """`[Canvas A3 (pdf, 64 kB)](../downloads/tools/x-a3.pdf){ .md-button }`."""
    return f"[{link.button_text}]({paths.relative(from_uri, link.uri)}){{ .md-button }}"


def download_item(link: DownloadLink, from_uri: str) -> str:
    """`- [Canvas A3 (invulbare pdf)](…) · 64 kB` for a list."""
    from macros.downloads.model import dutch_size

    return f"- [{link.label}]({paths.relative(from_uri, link.uri)}) · {dutch_size(link.size)}"


def download_section(links: Sequence[DownloadLink], from_uri: str) -> str:
    """The Downloads section of a tool page; empty when there is nothing to download."""
    if not links:
        return ""
    buttons = " ".join(download_button(link, from_uri) for link in links)
    overview = paths.relative(from_uri, paths.DOWNLOADS)
    return (
        "## Downloads {#downloads data-search-exclude}\n\n" + buttons + "\n\n"
        "Het canvas (A3) en het werkblad (A4) kun je afdrukken of op je computer invullen. "
        "Het bestand voor Word kun je zelf aanpassen. "
        f"Alle bestanden van alle tools staan op de pagina [Downloads]({overview}).\n"
    )


def downloads_overview(prog: Programme, links: Sequence[DownloadLink], from_uri: str) -> str:
    """Every download, grouped: per module its tools and their files, then the bundles and the
    calendars. A tool of one module is listed under it; a tool of several under 'Voor elke module'."""
    by_owner: dict[str, list[DownloadLink]] = {}
    for link in links:
        by_owner.setdefault(link.owner, []).append(link)
    out: list[str] = []
    for module in prog.modules:
        tools = [
            t
            for t in dict.fromkeys(t for w in module.weeks for t in w.tools)
            if t in prog.tools and prog.tools[t].modules == [module.number] and t in by_owner
        ]
        tools += sorted(
            t for t, tool in prog.tools.items() if tool.modules == [module.number] and t in by_owner and t not in tools
        )
        if tools:
            out.append(f"## Module {module.number}: {plain(module.title)}\n")
            out += _tool_downloads(prog, tools, by_owner, from_uri)
    shared = sorted(t for t, tool in prog.tools.items() if len(tool.modules) > 1 and t in by_owner)
    if shared:
        out.append("## Voor elke module\n")
        out += _tool_downloads(prog, shared, by_owner, from_uri)
    bundles = [link for link in links if link.kind in ("module-bundle", "toolkit")]
    if bundles:
        out.append("## Alles in één keer\n")
        out.append("Een zip-bestand met de canvassen van een module, of met alle bestanden van alle tools.\n")
        out += [download_item(link, from_uri) for link in bundles] + [""]
    calendars = [link for link in links if link.kind == "calendar"]
    if calendars:
        days = paths.relative(from_uri, paths.PROGRAMME_DAYS)
        out.append("## Agenda's\n")
        out.append(
            f"Zet de [programmadagen]({days}), coachgesprekken en intervisies van jullie cohort in je eigen agenda.\n"
        )
        out += [download_item(link, from_uri) for link in calendars] + [""]
    return "\n".join(out) or "Er zijn nog geen downloads.\n"


DOWNLOAD_COLUMNS = {
    "canvas": "Canvas A3",
    "worksheet": "Werkblad A4",
    "example": "Voorbeeld",
    "word": "Word",
    "workbook": "Excel",
}


def _tool_downloads(
    prog: Programme, tools: list[str], by_owner: dict[str, list[DownloadLink]], from_uri: str
) -> list[str]:
    """One table row per tool, one column per kind of file: `[pdf, 64 kB](…)`."""
    from macros.downloads.model import FORMAT_NAMES, dutch_size

    kinds = [k for k in DOWNLOAD_COLUMNS if any(link.kind == k for t in tools for link in by_owner[t])]
    out = ["| Tool | " + " | ".join(DOWNLOAD_COLUMNS[k] for k in kinds) + " |", "|---" * (len(kinds) + 1) + "|"]
    for tool_id in tools:
        cells = {
            link.kind: f"[{FORMAT_NAMES[link.format]}, {dutch_size(link.size)}]({paths.relative(from_uri, link.uri)})"
            for link in by_owner[tool_id]
        }
        out.append(
            f"| {escape_cell(tool_link(prog, tool_id, from_uri))} | "
            + " | ".join(cells.get(k, "–") for k in kinds)
            + " |"
        )
    return out + [""]


def calendar_links(cohort: m.Cohort, calendars: Sequence[DownloadLink], from_uri: str) -> str:
    """The button to a cohort's calendar, for the programme days page; empty when there is none."""
    links = [link for link in calendars if link.owner == cohort.id and link.kind == "calendar"]
    if not links:
        return ""
    return (
        " ".join(download_button(link, from_uri) for link in links) + "\n\n"
        "Met dit bestand zet je alle programmadagen, coachgesprekken en intervisies in je eigen agenda.\n"
    )


def partner_page(prog: Programme, partner_id: str) -> str:
    partner = prog.partners[partner_id]
    uri = paths.partner_uri(partner_id)
    out = [f"# {plain(partner.name)}\n", f"**Rol:** {plain(partner.role)}\n", partner.description + "\n"]
    if partner.url:
        out.append(f"Website: <{partner.url}>\n")
    owned_modules = [mod for mod in prog.modules if mod.owner == partner_id]
    owned_weeks = [n for n, wp in sorted(prog.week_pages.items()) if wp.meta.owner == partner_id]
    owned_tools = [t for t, tool in prog.tools.items() if tool.owner == partner_id]
    out.append("## Wat deze partner beheert\n")
    if not (owned_modules or owned_weeks or owned_tools):
        out.append("Deze partner beheert nu geen modules, weken of tools.\n")
    if owned_modules:
        out.append("**Modules**\n")
        out += [
            f"- [Module {mod.number}: {plain(mod.title)}]({paths.relative(uri, paths.module_uri(mod))})"
            for mod in owned_modules
        ]
        out.append("")
    if owned_weeks:
        out.append("**Weken**\n")
        out += [f"- {week_link(prog, n, uri)}" for n in owned_weeks]
        out.append("")
    if owned_tools:
        out.append("**Tools**\n")
        out += [f"- {tool_link(prog, t, uri)}" for t in owned_tools]
        out.append("")
    return "\n".join(out)


def partners_index(prog: Programme, from_uri: str) -> str:
    out = ["| Partner | Rol |", "|---|---|"]
    for pid, partner in prog.partners.items():
        out.append(f"| {partner_link(prog, pid, from_uri)} | {escape_cell(plain(partner.role))} |")
    return "\n".join(out) + "\n"


# --- programme days and contact moments ---------------------------------------------------------


def programme_days(prog: Programme, from_uri: str, calendars: Sequence[DownloadLink] = ()) -> str:
    """The seven programme days: week and module from the plan, dates per cohort; `calendars`:
    the links to each cohort's .ics."""
    from macros.model.calendar_dates import dutch_date

    out = ["| Programmadag | Week | Module |", "|---|---:|---|"]
    for contact_id, number in prog.contacts("PD"):
        module = prog.module_of(number)
        day = prog.days.get(contact_id)
        label = contact_label(contact_id) + (f": {plain(day.title)}" if day else "")
        out.append(
            f"| {escape_cell(label)} | {number} | "
            f"[{module.number}: {escape_cell(plain(module.title))}]"
            f"({paths.relative(from_uri, paths.module_uri(module))}) |"
        )
    out.append("")
    out.append(webforms.cohort_chooser(prog))
    for contact_id, number in prog.contacts("PD"):
        day = prog.days.get(contact_id)
        if day is None:
            continue
        module = prog.module_of(number)
        out.append(f"## {contact_label(contact_id)}: {plain(day.title)} {{#{contact_id.lower()}}}\n")
        out.append(webforms.day_date(contact_id))
        moment = "de start van" if module.weeks[0].week == number else "in"
        out.append(
            f"Week {number}, {moment} module {module.number}. Host: {partner_link(prog, day.host_role, from_uri)}.\n"
        )
        out.append(f"**Doel.** {day.goal}\n")
        out.append("| Tijd | Programma |")
        out.append("|---|---|")
        out += [f"| {a.start}–{a.end} | {escape_cell(plain(a.item))} |" for a in day.agenda]
        out.append("\n**Voorbereiding voor het duo**\n")
        out += [f"- {item}" for item in day.preparation]
        if day.bring:
            out.append("\n**Neem mee**\n")
            out += [f"- {item}" for item in day.bring]
        out.append("")
    if prog.cohorts:
        out.append("## Datums per cohort\n")
    for cohort in prog.cohorts:
        out.append(f"### {plain(cohort.name)} {{#cohort-{cohort.id}}}\n")
        intro = f"Week 1 begint op {dutch_date(cohort.start, weekday=True)}."
        if cohort.breaks:
            intro += " Pauzeweken: " + ", ".join(f"week van {dutch_date(d)}" for d in cohort.breaks) + "."
        out.append(intro + "\n")
        out.append("| Programmadag | Datum | Tijd | Plaats |")
        out.append("|---|---|---|---|")
        for cohort_day in cohort.programme_days:
            out.append(
                f"| {contact_label(cohort_day.id)} | {dutch_date(cohort_day.date, weekday=True)} | "
                f"{cohort_day.start}–{cohort_day.end} uur | {escape_cell(plain(cohort_day.place))} |"
            )
        out.append("")
        out.append(calendar_links(cohort, calendars, from_uri))
    return "\n".join(out)


def contact_overview(prog: Programme, kind: str, from_uri: str) -> str:
    """Coaching sessions (C) or intervisie (IV): when they happen and what the duo brings."""
    out = [f"| {CONTACT_KINDS[kind]} | Week | Het weekproduct van die week |", "|---|---|---|"]
    for contact_id, number in prog.contacts(kind):
        week = prog.week(number)
        out.append(
            f"| {contact_label(contact_id)} | {escape_cell(week_link(prog, number, from_uri))} | "
            f"{escape_cell(plain(week.product))} |"
        )
    return "\n".join(out) + "\n"


def figure(prog: Programme, figure_id: str) -> str:
    """A figure of the running example, written the Dutch way (€ 2.100, 12,5)."""
    fig = prog.example.figures[figure_id]
    return plain(format_value(fig.value, fig.unit))


def amount(prog: Programme, amount_id: str) -> str:
    """A yearly amount with its year: '€ 2.100 (in 2026)'; from an earlier year also where today's
    amount stands: '€ 2.100 (bedrag voor 2024; [het bedrag van nu](…))' (docs/_data/bedragen.yml)."""
    item = prog.amounts.amounts[amount_id]
    shown = plain(format_value(item.value, item.unit))
    if item.year >= prog.amounts.current_year:
        return f"{shown} (in {item.year})"
    url = prog.sources[item.source].url if item.source in prog.sources else None
    now = f"[het bedrag van nu]({url})" if url else "kijk bij de bron voor het bedrag van nu"
    return f"{shown} (bedrag voor {item.year}; {now})"


def _dedent_admonition(text: str) -> str:
    """The body of a `??? info "…"` block that opens the text (and what follows it), or the text
    itself when it does not open with one (macros/markdown/reader.py)."""
    doc = outline(text)
    first = doc.containers[0] if doc.containers else None
    if first is None or first.line != 0:
        return text
    return "\n".join([first.body, *doc.lines[first.end :]]).strip()


def _per_written_week(prog: Programme, from_uri: str, parts: Callable[[m.PlanWeek, str], list[str]]) -> str:
    """Every written week page in programme order, under a heading per module and per week; `parts`
    gives the lines under a week from its plan entry and page body."""
    out = []
    for module in prog.modules:
        weeks = [w for w in module.weeks if w.week in prog.week_pages]
        if not weeks:
            continue
        out.append(f"## Module {module.number}: {plain(module.title)}\n")
        for week in weeks:
            out.append(f"### {week_link(prog, week.week, from_uri)}\n")
            out += parts(week, prog.week_pages[week.week].page.body)
    if not out:
        return "Er zijn nog geen weken uitgewerkt.\n"
    return "\n".join(out)


def key_points(prog: Programme, from_uri: str) -> str:
    """The Kernpunten of every week page, in programme order."""

    def parts(week: m.PlanWeek, body: str) -> list[str]:
        return [expand_figures(section(body, "Kernpunten"), prog.example.figures)[0] + "\n"]

    return _per_written_week(prog, from_uri, parts)


def coach_notes(prog: Programme, from_uri: str) -> str:
    """The notes for coaches of every week page, in programme order, open."""

    def parts(week: m.PlanWeek, body: str) -> list[str]:
        notes = _dedent_admonition(section(body, "Voor begeleiders"))
        contact = f" · {contact_text(week.contact)}" if week.contact else ""
        return [
            f"Weekproduct: {plain(week.product)}{contact}\n",
            expand_figures(notes, prog.example.figures)[0] + "\n",
            criteria_list(prog, week.week),
        ]

    return _per_written_week(prog, from_uri, parts)


# --- coaching and intervisie (docs/_data/begeleiding.yml) ---------------------------------------

COACHING_TOOLS = weektime.FORMS


def coaching_sessions(prog: Programme, from_uri: str) -> str:
    """Every coaching session: week, weekly product, purpose and questions, in programme order."""
    described = {s.id: s for s in prog.guidance.sessions}
    tools = [t for t in COACHING_TOOLS if t in prog.tools]
    out = []
    if tools:
        out.append(
            "Bij elk coachgesprek horen twee formulieren: "
            + " en ".join(tool_link(prog, t, from_uri) for t in tools)
            + ".\n"
        )
    previous = 0
    for contact_id, number in prog.contacts("C"):
        week = prog.week(number)
        session = described.get(contact_id)
        title = f": {plain(session.title)}" if session else ""
        out.append(f"### {contact_label(contact_id)}{title} {{#{contact_id.lower()}}}\n")
        out.append(
            f"In {week_link(prog, number, from_uri, f'week {number}')}. "
            f"Weekproduct van die week: {plain(week.product)}.\n"
        )
        if session:
            out.append(session.purpose + "\n")
            out.append("Vragen voor het gesprek:\n")
            out += [f"- {q}" for q in session.questions]
            out.append("")
        since = [
            w for w in range(previous + 1, number + 1) if prog.week_pages.get(w) and prog.week_pages[w].meta.criteria
        ]
        if since:
            out.append("Is elk weekproduct sinds het vorige gesprek goed? Loop de criteria na:\n")
            for w in since:
                out.append(f"**{week_link(prog, w, from_uri, f'Week {w}')}: {plain(prog.week(w).product)}**\n")
                out.append(criteria_list(prog, w, heading=False))
        previous = number
    return "\n".join(out)


def criteria_list(prog: Programme, number: int, heading: bool = True) -> str:
    """A week's "Een goed weekproduct…" criteria as a list (coach notes and coaching sessions use
    the same ones as the week page); '' when the week has none yet."""
    page = prog.week_pages.get(number)
    if page is None or not page.meta.criteria:
        return ""
    title = [f"**{CRITERIA_HEADING}**\n"] if heading else []
    return "\n".join(title + [f"- {c}" for c in page.meta.criteria]) + "\n"


def intervisie_method(prog: Programme, from_uri: str) -> str:
    iv = prog.guidance.intervisie
    if iv is None:
        return contact_overview(prog, "IV", from_uri)
    total = sum(step.minutes for step in iv.steps)
    out = [
        f"We werken met de **{plain(iv.method)}** [@{iv.source}]. {iv.summary}\n",
        f"**Wie:** {plain(iv.group)}. **Tijd:** {minutes_label(total)}.\n",
        "### Rollen\n",
        "| Rol | Taak |",
        "|---|---|",
    ]
    out += [f"| {escape_cell(plain(r.name))} | {escape_cell(r.task)} |" for r in iv.roles]
    out += ["", "### Stappen\n", "| Stap | Tijd | Wat je doet |", "|---|---|---|"]
    out += [
        f"| {i}. {escape_cell(plain(s.title))} | {s.minutes} min | {escape_cell(s.description)} |"
        for i, s in enumerate(iv.steps, start=1)
    ]
    out += ["", "### De intervisies van het jaar\n", "| Intervisie | Week | Thema |", "|---|---|---|"]
    themes = {s.id: s.theme for s in iv.sessions}
    for contact_id, number in prog.contacts("IV"):
        out.append(
            f"| {contact_label(contact_id)} | {escape_cell(week_link(prog, number, from_uri, f'week {number}'))} | "
            f"{escape_cell(plain(themes.get(contact_id, prog.week(number).product)))} |"
        )
    return "\n".join(out) + "\n"
