"""Pure renderers for the markup hooks of the browser code: the worksheet form on tool pages, the
"klaar" checkboxes and the weekly product on week pages, progress on module pages and the year
overview, the cohort chooser and the impact dossier.

Every control is hidden (`hidden`) until the scripts in overrides/assets/javascripts/ show it, so a
page reads fully without JavaScript; a <noscript> note says what needs it. The HTML has no blank
lines and no indentation, so Markdown keeps it as one raw block, and no Jinja markers, because the
macros plugin renders generated pages.
"""

from __future__ import annotations

import html
import json
import re
from collections.abc import Mapping, Sequence
from urllib.parse import quote

from macros.markdown.steps import DUO_SECTION, duo_step_lines, duo_steps, section_lines
from macros.model import paths
from macros.model import schema as m
from macros.model.prefill import PrefillSource
from macros.model.programme import Programme
from macros.render import calcforms, scoreforms
from macros.render.browser_data import definition_hash, duo_step_ids, step_aliases

TABLE_ROWS = 3  # empty rows a table block starts with; the script adds more
HINTS = {"list": "Eén punt per regel.", "number": "Vul een getal in, bijvoorbeeld 1.250,50.", "text": "", "table": ""}
PRODUCT_BLOCK = m.Block(
    id="weekproduct",
    label="Jullie weekproduct",
    kind="text",
    question="Schrijf op wat jullie deze week maakten, of waar het staat.",
    position=m.Position(col=1, row=1, width=12, height=8),
)
# Controls that only work with the scripts: hidden without JavaScript (impactacademie.css hides the
# class until the <head> of overrides/main.html marks the page `ia-js`), and there from the first
# paint with it, with the text the script writes for a duo who has done nothing yet, so nothing
# below them moves when the script runs (issue 21: CLS 0).
NEEDS_JS = "ia-needs-js"
# ia-cohort.js writes this sentence too (with a link on "Programmadagen") while no cohort is chosen.
NO_COHORT = "Kies jullie cohort op de pagina Programmadagen. Dan zie je hier de datum van deze week."


def _count(n: int, one: str, many: str) -> str:
    """ "1 stap", "7 stappen": as ia-progress.js writes it (plural)."""
    return f"{n} {one if n == 1 else many}"


def _e(text: str) -> str:
    return html.escape(text, quote=True)


def _attrs(**values: str | int | None) -> str:
    """HTML attributes from keywords (`data_ia_x` → `data-ia-x`); None leaves one out."""
    parts = []
    for key, value in values.items():
        if value is None:
            continue
        name = key.rstrip("_").replace("_", "-")
        parts.append(f'{name}="{_e(str(value))}"')
    return " ".join(parts)


def _one_block(lines: list[str]) -> str:
    """Join HTML lines into one raw block: no blank lines, no indentation."""
    return "\n".join(line.strip() for line in lines if line.strip()) + "\n"


def noscript(text: str) -> str:
    return f'<noscript><p class="ia-noscript">{_e(text)}</p></noscript>'


def status() -> str:
    """A polite live region; the scripts write what changed into it."""
    return '<p class="ia-status" role="status" aria-live="polite" data-ia-status></p>'


def button(action: str, label: str, accessible: str | None = None) -> str:
    """A button the script binds by its action; `accessible` adds context for screen readers."""
    extra = f'<span class="ia-visually-hidden"> {_e(accessible)}</span>' if accessible else ""
    return f'<button type="button" class="md-button" data-ia-action="{_e(action)}">{_e(label)}{extra}</button>'


# --- fields ---------------------------------------------------------------------------------------


def _prefill(block: m.Block, found: Sequence[PrefillSource]) -> str:
    """Where a prefilled block takes its answers from: a note, and a list of the earlier blocks that
    ia-worksheet.js fills with what this browser holds (with a button to add one again)."""
    if not found:
        return ""
    # one name per tool, also when two of its blocks are sources
    names = ", ".join(
        dict.fromkeys(f"{s.tool_title} ({'week ' + str(s.week) if s.week else 'geen week'})" for s in found)
    )
    items = "".join(
        "<li "
        + _attrs(
            data_ia_source=f"{s.tool}/{s.block}",
            data_ia_source_kind=s.kind,
            data_ia_source_columns=json.dumps(list(s.columns), ensure_ascii=False) if s.columns else None,
            data_ia_source_label=f"{s.tool_title}: {s.block_label}",
        )
        + f'><p class="ia-label">{"Week " + str(s.week) + " · " if s.week else ""}'
        f'<a href="../{_e(s.tool)}/">{_e(s.tool_title)}</a>: {_e(s.block_label)}</p>'
        '<div class="ia-prefill-value" data-ia-source-value></div></li>'
        for s in found
    )
    return (
        f'<p class="ia-prefill-note">Leeg blok? Dan zet de browser hier jullie antwoorden uit {_e(names)}. '
        "Pas de tekst daarna aan. Jullie eigen tekst wordt nooit overschreven.</p>"
        f'<details class="ia-prefill" data-ia-prefill><summary>Uit jullie eerdere werk: {_e(block.label)}</summary>'
        f'<ul class="ia-prefill-list">{items}</ul></details>'
    )


def field(prefix: str, block: m.Block, prefill: Sequence[PrefillSource] = ()) -> str:
    """One labelled field for a canvas block, with the guiding question as its description.

    text → textarea; list → textarea with one item per line; number → number input; table → a
    table of text inputs under the block's column headers. Every input has a print mirror that
    shows the whole answer on paper (a printed textarea cuts long text off)."""
    base = f"{prefix}-{block.id}"
    help_id = f"{base}-help"
    hint = HINTS[block.kind]
    question = _e(block.question) + (f' <span class="ia-hint">{_e(hint)}</span>' if hint else "")
    earlier = _prefill(block, prefill)
    wrap = _attrs(
        class_=f"ia-field ia-field--{block.kind}",
        data_ia_block=block.id,
        data_ia_kind=block.kind,
        data_ia_label=block.label,
    )
    # second versions from an import, and answers for an earlier form of the block (ia-worksheet.js)
    conflict = (
        '<div class="ia-conflict" data-ia-conflict hidden></div><div class="ia-earlier" data-ia-earlier hidden></div>'
    )
    if block.kind == "table" and block.items is not None:
        return scoreforms.scored_field(prefix, block)  # fixed rows with scores (a self-scan)
    if block.kind == "table":
        columns = block.columns or ["Antwoord"]
        head = "".join(f'<th scope="col">{_e(c)}</th>' for c in columns)
        rows = []
        for row in range(1, TABLE_ROWS + 1):
            cells = "".join(
                f'<td><input type="text" {_attrs(aria_label=f"{c}, rij {row}", data_ia_cell=i)}>'
                f'<span class="ia-print" aria-hidden="true"></span></td>'
                for i, c in enumerate(columns)
            )
            rows.append(f"<tr>{cells}</tr>")
        return _one_block(
            [
                f'<fieldset {wrap} aria-describedby="{help_id}">',
                f'<legend class="ia-label">{_e(block.label)}</legend>',
                f'<p class="ia-help" id="{help_id}">{question}</p>',
                earlier,
                f'<div class="ia-table-wrap"><table class="ia-table"><thead><tr>{head}</tr></thead>',
                f"<tbody>{''.join(rows)}</tbody></table></div>",
                button("add-row", "Rij toevoegen", f"aan {block.label}"),
                conflict,
                "</fieldset>",
            ]
        )
    if block.kind == "number":
        # text, not type="number": a duo types the Dutch way (1.250,50); the value is kept as typed
        control = (
            f'<input type="text" inputmode="decimal" autocomplete="off" id="{base}" '
            f'aria-describedby="{help_id}" data-ia-input>'
        )
    else:
        height = 3 if block.kind == "text" else 4
        control = f'<textarea id="{base}" rows="{height}" aria-describedby="{help_id}" data-ia-input></textarea>'
    return _one_block(
        [
            f"<div {wrap}>",
            f'<label class="ia-label" for="{base}">{_e(block.label)}</label>',
            f'<p class="ia-help" id="{help_id}">{question}</p>',
            earlier,
            control,
            '<div class="ia-print" aria-hidden="true"></div>',
            conflict,
            "</div>",
        ]
    )


# --- tool pages -----------------------------------------------------------------------------------


def _block_field(prefix: str, block: m.Block, tool: m.Tool, prefill: Sequence[PrefillSource] = ()) -> str:
    """A canvas block's field; the blocks of a numeric model calculate (macros/render/calcforms.py)."""
    if tool.model is not None:
        calculating = calcforms.field(prefix, block, tool.model)
        if calculating is not None:
            return calculating + "\n"
    if block.kind == "results":
        return ""  # a results block without a model shows nothing (the load check reports it)
    return field(prefix, block, prefill)


def _calc_parts(prefix: str, tool: m.Tool) -> list[str]:
    """The compiled model, and the results when the canvas has no results block of its own."""
    if tool.model is None:
        return []
    parts = [calcforms.model_holder(tool.model)]
    if not any(b.kind == "results" for b in tool.canvas.blocks):
        parts.append(calcforms.results(prefix, None, tool.model))
    return parts


def worksheet_form(
    tool: m.Tool, prefill: Mapping[str, Sequence[PrefillSource]] | None = None, after: Sequence[str] = ()
) -> str:
    """The online worksheet of a tool: one field per canvas block, in canvas order; `prefill`: per
    block, the earlier worksheets it takes answers from (macros/model/prefill.py); `after`: HTML
    below the blocks (the comparison of a re-measurement, macros/render/compare.py)."""
    prefill = prefill or {}
    prefix = f"ia-ws-{tool.id}"
    form = _one_block(
        [
            "<div "
            + _attrs(
                class_="ia-worksheet",
                data_ia_worksheet=tool.id,
                data_ia_definition=definition_hash(tool),
                data_ia_title=tool.title,
                data_ia_calc_prefix=prefix if tool.model is not None else None,
            )
            + " hidden>",
            f'<p class="ia-print-only ia-print-title">Werkblad: {_e(tool.title)}</p>',
            '<div class="ia-toolbar" role="group" aria-label="Werkblad bewaren en delen">',
            button("print", "Afdrukken"),
            button("export-json", "Exporteren", "als JSON-bestand"),
            button("export-md", "Exporteren als Markdown"),
            button("import", "Importeren", "uit een JSON- of Markdown-bestand"),
            '<input type="file" accept=".json,.md,.markdown,.txt,application/json,text/markdown,text/plain" '
            'data-ia-file hidden aria-label="Bestand om te importeren">',
            button("clear", "Leegmaken", "dit werkblad"),
            *(
                [
                    # ia-worksheet.js writes the answers into the link (subject and body) at every change
                    f'<a class="md-button" data-ia-mail href="mailto:?subject={_e(quote(tool.title))}">'
                    "Mail naar de organisator</a>"
                ]
                if tool.send_to_organiser
                else []
            ),
            "</div>",
            status(),
            '<div class="ia-legacy" data-ia-legacy hidden></div>',
            *[_block_field(prefix, block, tool, prefill.get(block.id, ())) for block in tool.canvas.blocks],
            *_calc_parts(prefix, tool),
            *after,
            "</div>",
        ]
    )
    return "\n".join(
        [
            # the form repeats the canvas's labels and questions: not in the search index (issue 21;
            # Material's search skips a heading's section with this attribute)
            "## Het werkblad online invullen { data-search-exclude }\n",
            noscript("Online invullen kan alleen als JavaScript aan staat. Gebruik anders het canvas op papier."),
            "",
            # Markdown, so that MkDocs writes and checks the link (the online site and the offline
            # one have different addresses); only with the scripts, as the worksheet itself.
            "Jullie antwoorden blijven op dit apparaat. De browser bewaart ze vanzelf. Alles samen staat in "
            f"jullie [impactdossier]({paths.relative(paths.tool_uri(tool.id), paths.DOSSIER)})"
            '{ data-ia-link="dossier" }.\n'
            f"{{: .ia-privacy .{NEEDS_JS} }}",
            "",
            form,
        ]
    )


# --- week pages -----------------------------------------------------------------------------------


def week_panel(number: int, steps: int, step_ids: list[str] | None = None) -> str:
    """Dates for the chosen cohort, step progress and the "klaar" checkbox of one week.
    `step_ids` (browser_data.duo_step_ids) are the keys the script stores the step ticks under;
    the aliases (browser_data.step_aliases) the keys some were stored under before issue 15."""
    label = f"ia-week-{number}-progress"
    ids = " ".join(step_ids) if step_ids else None
    aliases = " ".join(f"{old}:{new}" for old, new in step_aliases(step_ids or []).items()) or None
    attrs = _attrs(
        class_=f"ia-week-panel {NEEDS_JS}",
        data_ia_week=number,
        data_ia_steps=steps,
        data_ia_step_ids=ids,
        data_ia_step_aliases=aliases,
    )
    lines = [
        "<div " + attrs + ">",
        # what the script writes while no cohort is chosen (ia-cohort.js, with a link): the line is
        # there from the first paint, so nothing below it moves (issue 21: CLS 0)
        f'<p class="ia-week-date" data-ia-week-date>{NO_COHORT}</p>',
        '<p class="ia-current" data-ia-current-week hidden></p>',
    ]
    if steps:
        lines += [
            f'<p class="ia-week-progress"><span id="{label}" data-ia-step-count>'
            f"0 van {_count(steps, 'stap', 'stappen')} klaar</span> "
            f'<progress max="{steps}" value="0" aria-labelledby="{label}"></progress></p>'
        ]
    lines += [
        '<p><label class="ia-check"><input type="checkbox" data-ia-week-done> Deze week is klaar</label></p>',
        status(),
        "</div>",
    ]
    return _one_block(lines)


def step_check(number: int, step: int) -> str:
    """The inline "klaar" checkbox in front of one numbered step of the duo assignment."""
    return (
        f'<label class="ia-step-check {NEEDS_JS}"><input type="checkbox" data-ia-week="{number}" '
        f'data-ia-step="{step}"><span class="ia-visually-hidden">Stap {step} </span>klaar</label>'
    )


def product_form(number: int, product: str) -> str:
    """The weekly product of the week: a text field that ends up in the impact dossier."""
    block = PRODUCT_BLOCK.model_copy(
        update={
            "label": f"Jullie weekproduct: {product}",
            "question": "Schrijf op wat jullie maakten, of waar het staat. Dit komt in jullie impactdossier.",
        }
    )
    return _one_block(
        [
            "<div " + _attrs(class_=f"ia-product {NEEDS_JS}", data_ia_product=number) + ">",
            field(f"ia-product-{number}", block),
            status(),
            "</div>",
            # the coach's feedback on this week, once the duo imported it (ia-feedback.js)
            f'<div class="ia-feedback-holder" data-ia-feedback="{number}" hidden></div>',
        ]
    )


EXAMPLE_SECTION = "Voorbeeld"  # the week's worked example (macros/model/programme.py WEEK_SECTIONS)


def week_markup(markdown: str, number: int, product: str) -> str:
    """A week page body with the week panel on top, a "klaar" checkbox in front of every numbered
    step of the duo assignment, and the weekly product field at the end of that section."""
    lines = markdown.splitlines()
    steps = duo_step_lines(markdown)
    for count, index in enumerate(steps, start=1):
        match = re.match(r"^(\d+\.\s+)(.*)$", lines[index])
        assert match is not None
        lines[index] = match.group(1) + step_check(number, count) + " " + match.group(2)
    found = section_lines(markdown, DUO_SECTION)
    if found is not None:
        end = found[1]
        lines[end:end] = ["", product_form(number, product).rstrip("\n"), ""]
    # The worked example tells De Klusbus's (fictional) story: the search index leaves it out, so
    # the whole year's index stays small (issue 21); the module pages' timeline stays findable.
    lines = [f"{line} {{ data-search-exclude }}" if line.strip() == f"## {EXAMPLE_SECTION}" else line for line in lines]
    return week_panel(number, len(steps), duo_step_ids(markdown)) + "\n" + "\n".join(lines) + "\n"


# --- progress on module pages and the year overview ------------------------------------------------


def progress_block(weeks: list[int], heading: str, slug: str, steps: int = 0) -> str:
    """Progress over some weeks ("3 van 6 weken klaar · 12 van 40 stappen klaar"; `steps`: the
    steps of those weeks together); the script also marks the finished weeks in the table that
    follows. The text is the script's for a duo who has done nothing yet."""
    text_id = f"ia-progress-{slug}"
    text = f"0 van {_count(len(weeks), 'week', 'weken')} klaar"
    if steps:
        text += f" · 0 van {_count(steps, 'stap', 'stappen')} klaar"
    return _one_block(
        [
            "<div " + _attrs(class_=f"ia-progress {NEEDS_JS}", data_ia_progress=" ".join(map(str, weeks))) + ">",
            f'<p><strong>{_e(heading)}:</strong> <span id="{text_id}" data-ia-progress-text>{_e(text)}</span></p>',
            f'<progress max="{len(weeks)}" value="0" aria-labelledby="{text_id}"></progress>',
            "</div>",
        ]
    )


def _steps(prog: Programme, weeks: Sequence[int]) -> int:
    """The steps of the duo assignment of these weeks together (as ia-programme.json counts them)."""
    return sum(duo_steps(prog.week_pages[w].page.body) for w in weeks if w in prog.week_pages)


def module_progress(prog: Programme, module: m.Module) -> str:
    weeks = [w.week for w in module.weeks]
    return progress_block(
        weeks, f"Jullie voortgang in module {module.number}", f"module-{module.number}", _steps(prog, weeks)
    )


def year_progress(prog: Programme) -> str:
    """The total of the year and "Ga naar deze week" for the chosen cohort."""
    weeks = [w.week for w in prog.weeks]
    return _one_block(
        [
            progress_block(weeks, "Jullie voortgang dit jaar", "jaar", _steps(prog, weeks)),
            '<p class="ia-current" data-ia-current-week hidden></p>',
        ]
    )


# --- cohort ---------------------------------------------------------------------------------------


def cohort_chooser(prog: Programme) -> str:
    """Choose a cohort from the data, or a custom start date with break weeks."""
    options = ['<option value="">Geen cohort gekozen</option>']
    options += [f'<option value="{_e(c.id)}">{_e(c.name)}</option>' for c in prog.cohorts]
    options.append('<option value="eigen">Eigen startdatum</option>')
    return "\n".join(
        [
            "## Jullie cohort kiezen {#cohort-kiezen}\n",
            noscript(
                "Een cohort kiezen kan alleen als JavaScript aan staat. De datums per cohort staan "
                "onderaan deze pagina."
            ),
            "",
            _one_block(
                [
                    f'<div class="ia-cohort {NEEDS_JS}" data-ia-cohort>',
                    "<p>Kies jullie cohort. Dan zie je hier en op elke weekpagina de echte datums. "
                    "Jullie keuze blijft op dit apparaat.</p>",
                    '<p><label class="ia-label" for="ia-cohort-select">Cohort</label>',
                    f'<select id="ia-cohort-select" data-ia-cohort-select>{"".join(options)}</select></p>',
                    '<div class="ia-cohort-custom" data-ia-cohort-custom hidden>',
                    '<p><label class="ia-label" for="ia-cohort-start">Eerste dag van week 1</label>',
                    '<input type="date" id="ia-cohort-start" aria-describedby="ia-cohort-start-help" '
                    "data-ia-cohort-start>",
                    '<span class="ia-help" id="ia-cohort-start-help">Een week begint op maandag.</span></p>',
                    '<fieldset class="ia-breaks"><legend class="ia-label">Pauzeweken</legend>',
                    '<p class="ia-help">Kies een dag in elke week zonder programma, bijvoorbeeld in een vakantie.</p>',
                    '<ul class="ia-break-list" data-ia-breaks></ul>',
                    button("add-break", "Pauzeweek toevoegen"),
                    "</fieldset>",
                    "<p>" + button("ics", "Agenda downloaden", "als .ics-bestand met alle weken") + "</p>",
                    "</div>",
                    '<p class="ia-current" data-ia-current-week hidden></p>',
                    status(),
                    "</div>",
                ]
            ).rstrip("\n"),
            "",
        ]
    )


def day_date(contact_id: str) -> str:
    """The date of one programme day for the chosen cohort (filled in by the script)."""
    return f'<p class="ia-day-date" data-ia-day="{_e(contact_id)}" hidden></p>\n'


# --- the impact dossier ---------------------------------------------------------------------------


def evaluation_bundle() -> str:
    """The organiser's page: open the evaluation files of a cohort's duos and see them side by side
    (ia-dossier.js). The files stay in the organiser's browser: nothing is stored or sent."""
    return "\n".join(
        [
            noscript("Evaluaties bundelen werkt alleen als JavaScript aan staat."),
            "",
            _one_block(
                [
                    '<div class="ia-bundle" data-ia-bundle hidden>',
                    '<div class="ia-toolbar" role="group" aria-label="Evaluaties bundelen">',
                    button("bundle-open", "Bestanden openen", "met evaluaties van duo's"),
                    '<input type="file" multiple accept=".json,.md,.markdown,.txt,application/json,text/markdown,'
                    'text/plain" data-ia-bundle-file hidden aria-label="Bestanden met evaluaties">',
                    button("bundle-csv", "Downloaden als CSV", "voor een spreadsheet"),
                    button("bundle-clear", "Leegmaken", "deze bundel"),
                    "</div>",
                    status(),
                    '<div class="ia-bundle-content" data-ia-bundle-content></div>',
                    "</div>",
                ]
            ).rstrip("\n"),
            "",
        ]
    )


def coach_workspace() -> str:
    """The coach's workspace (ia-coach.js): open the dossier files of several duos, follow them
    through the year and give feedback per weekly product. It lives in the coach's own storage,
    apart from any duo data in the same browser; nothing is sent."""
    return "\n".join(
        [
            noscript("De werkplek voor begeleiders werkt alleen als JavaScript aan staat."),
            "",
            _one_block(
                [
                    '<div class="ia-coach" data-ia-coach hidden>',
                    '<div class="ia-toolbar" role="group" aria-label="Duo\'s in de werkplek">',
                    button("coach-open", "Dossiers openen", "van duo's, als JSON-bestand"),
                    '<input type="file" multiple accept=".json,application/json" data-ia-coach-file hidden '
                    'aria-label="Dossiers van duo\'s">',
                    button("coach-export", "Werkplek exporteren", "als één bestand, voor je andere apparaat"),
                    button("coach-clear", "Alles verwijderen", "alle duo's en je notities van dit apparaat"),
                    "</div>",
                    status(),
                    '<p class="ia-coach-privacy" data-ia-coach-privacy></p>',
                    '<div class="ia-coach-overview" data-ia-coach-overview></div>',
                    '<div class="ia-coach-detail" data-ia-coach-detail></div>',
                    '<div class="ia-coach-intervisie-holder" data-ia-coach-intervisie-holder></div>',
                    "</div>",
                ]
            ).rstrip("\n"),
            "",
        ]
    )


def dossier() -> str:
    """The container of the impact dossier page; the script fills it from this device's storage."""
    return "\n".join(
        [
            noscript(
                "Het impactdossier werkt alleen als JavaScript aan staat. Het leest jullie antwoorden uit deze browser."
            ),
            "",
            _one_block(
                [
                    '<div class="ia-dossier" data-ia-dossier hidden>',
                    '<div class="ia-dossier-tools">',
                    '<div class="ia-toolbar" role="group" aria-label="Impactdossier bewaren en delen">',
                    button("print", "Afdrukken of opslaan als PDF"),
                    button("export-json", "Alles exporteren", "als één JSON-bestand"),
                    button("export-md", "Exporteren als Markdown"),
                    button("import", "Importeren", "uit een JSON-bestand"),
                    '<input type="file" accept=".json,application/json" data-ia-file hidden '
                    'aria-label="Bestand om te importeren">',
                    button("clear", "Alles wissen", "op dit apparaat"),
                    "</div>",
                    status(),
                    '<div class="ia-backup" data-ia-backup></div>',
                    "</div>",
                    '<div class="ia-dossier-content" data-ia-dossier-content></div>',
                    "</div>",
                ]
            ).rstrip("\n"),
            "",
        ]
    )
