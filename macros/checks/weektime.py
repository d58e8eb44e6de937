"""The time data of every week page (front matter `steps`, `short_on_time`, `criteria`) against
its page and the rule (macros/model/weektime.py): one entry per numbered step, no minutes typed
by hand in a step, at most 4 hours per person outside a programme day (a warning) and never more
than 5 (an error), the steps of a programme-day week placed before, on or after the day, a
"Weinig tijd?" step that exists, three or four criteria for the weekly product; and a tool's time
taken from its week, never typed a second time."""

from __future__ import annotations

import re
from collections.abc import Mapping

from macros.load.yamlpos import Located
from macros.markdown.steps import DUO_SECTION, duo_step_lines
from macros.model.problems import Problem
from macros.model.programme import DATA_DIR, Programme
from macros.model.weektime import MAX_MINUTES, WARN_MINUTES, duration, week_time

MIN_CRITERIA, MAX_CRITERIA = 3, 4


def check_week_time(
    prog: Programme,
    week_located: Mapping[int, Located],
    tool_located: Mapping[str, Located],
    located: Mapping[str, Located] | None = None,
) -> list[Problem]:
    planned = {w.week for w in prog.weeks}
    problems: list[Problem] = []
    for number in sorted(prog.week_pages):
        if number in planned:  # a week outside the plan: the plan check names it
            problems += _week_problems(prog, number, week_located.get(number))
    return problems + _tool_minutes(prog, tool_located) + day_references(prog, (located or {}).get(DAYS_FILE))


DAYS_FILE = "programmadagen.yml"
# "stap 2 van week 1", "stap 3 en 4 van week 1", "stap 1-5 van week 7"
STEP_REFERENCE = re.compile(r"\bstap(?:pen)? (\d+)(?:\s*(?:en|[-–])\s*(\d+))? van week (\d+)")
# The part of the day a step must have: the agenda is the day itself, the preparation comes before.
PART_WHEN = {"agenda": ("op", "na"), "preparation": ("voor",), "bring": ("voor", "op")}


def day_references(prog: Programme, loc: Located | None) -> list[Problem]:
    """A programme day and its week refer to each other instead of doing the same work twice: every
    "stap N van week W" in the day's agenda, preparation or what to bring must be a step of that
    week with the matching when (the agenda: op, or na for what comes after the day; the
    preparation: voor), and the day's minutes are not typed a second time ('± 20 minuten')."""
    path = f"{DATA_DIR}/{DAYS_FILE}"
    problems: list[Problem] = []
    days = list(prog.days.values())
    for i, day in enumerate(days):
        texts: list[tuple[str, int, str, tuple[str | int, ...]]] = [
            ("agenda", j, item.item, ("days", i, "agenda", j, "item")) for j, item in enumerate(day.agenda)
        ]
        texts += [("preparation", j, t, ("days", i, "preparation", j)) for j, t in enumerate(day.preparation)]
        texts += [("bring", j, t, ("days", i, "bring", j)) for j, t in enumerate(day.bring)]
        for part, j, text, where in texts:
            line = loc.line_of(where) if loc else 1
            field = f"days.{i}.{part}.{j}"
            if re.search(r"±\s*\d+\s*minuten", text) and STEP_REFERENCE.search(text):
                problems.append(
                    Problem(
                        path, line, field, "de tijd van een stap staat in de week (steps): haal '± … minuten' hier weg"
                    )
                )
            for match in STEP_REFERENCE.finditer(text):
                first, last, number = int(match.group(1)), int(match.group(2) or match.group(1)), int(match.group(3))
                page = prog.week_pages.get(number)
                if page is None:
                    problems.append(
                        Problem(path, line, field, f"'{match.group(0)}': week {number} heeft nog geen pagina")
                    )
                    continue
                steps = page.meta.steps
                for n in range(first, last + 1):
                    if not 1 <= n <= len(steps):
                        problems.append(
                            Problem(path, line, field, f"'{match.group(0)}': week {number} heeft {len(steps)} stappen")
                        )
                    elif steps[n - 1].when not in PART_WHEN[part]:
                        problems.append(
                            Problem(
                                path,
                                line,
                                field,
                                f"'{match.group(0)}': stap {n} staat in week {number} als "
                                f"'{steps[n - 1].when or 'zonder when'}', maar hoort bij {part} van {day.id} "
                                f"({' of '.join(PART_WHEN[part])})",
                            )
                        )
    return problems


def _week_problems(prog: Programme, number: int, loc: Located | None) -> list[Problem]:
    page, meta = prog.week_pages[number].page, prog.week_pages[number].meta
    problems: list[Problem] = []

    def line(*where: str | int) -> int:
        return loc.line_of(tuple(where)) if loc is not None else 1

    def add(field: str, message: str, at: int | None = None, strict: bool = True) -> None:
        problems.append(Problem(page.path, at or line(field), field, message, "error" if strict else "warning"))

    steps_on_page = len(duo_step_lines(page.body))
    if not meta.steps:
        add(
            "steps",
            f"de tijd van de stappen ontbreekt: zet 'steps:' in de front matter, één regel per stap "
            f"van '{DUO_SECTION}' ({steps_on_page}), bijvoorbeeld '- {{who: samen, minutes: 30}}'",
            at=1,
        )
    elif len(meta.steps) != steps_on_page:
        add(
            "steps",
            f"'{DUO_SECTION}' heeft {steps_on_page} genummerde stappen, maar 'steps' noemt er "
            f"{len(meta.steps)}: één regel per stap, in dezelfde volgorde",
        )
    time = week_time(prog, number)
    programme_day = any(c.programme_day for c in time.contacts)
    if meta.steps:
        detail = (
            f"{duration(time.outside_days)} per persoon buiten de programmadag (opdracht "
            f"{duration(time.assignment)}"
            + "".join(f", {c.name}: {duration(c.minutes)}" for c in time.contacts if not c.programme_day)
            + ")"
        )
        if time.outside_days > MAX_MINUTES:
            add(
                "steps",
                f"te veel tijd: {detail}; het mag niet meer zijn dan {duration(MAX_MINUTES)}",
            )
        elif time.outside_days > WARN_MINUTES:
            add("steps", f"veel tijd: {detail}; de belofte is 3 tot 4 uur", strict=False)
    for i, step in enumerate(meta.steps):
        if step.when and not programme_day:
            add(
                f"steps[{i}].when",
                "alleen een week met een programmadag zet stappen vóór, op of na de dag",
                at=line("steps", i),
            )
        elif programme_day and not step.when:
            add(
                f"steps[{i}].when",
                "in een week met een programmadag zegt elke stap wanneer: when: voor, op of na",
                at=line("steps", i),
            )
    short = meta.short_on_time
    if short is None:
        add("short_on_time", "'Weinig tijd?' ontbreekt: short_on_time: {step: N, text: …}", at=1)
    elif not 1 <= short.step <= max(len(meta.steps), steps_on_page):
        add(
            "short_on_time.step",
            f"stap {short.step} bestaat niet; deze week heeft {steps_on_page} stappen",
            at=line("short_on_time", "step"),
        )
    if not MIN_CRITERIA <= len(meta.criteria) <= MAX_CRITERIA:
        add(
            "criteria",
            f"'Een goed weekproduct…' vraagt {MIN_CRITERIA} of {MAX_CRITERIA} criteria die je kunt nagaan; "
            f"hier staan er {len(meta.criteria)}",
            at=line("criteria") if meta.criteria else 1,
        )
    return problems


def _tool_minutes(prog: Programme, tool_located: Mapping[str, Located]) -> list[Problem]:
    problems: list[Problem] = []
    for tool_id, tool in sorted(prog.tools.items()):
        with_steps = [n for n in prog.weeks_of_tool(tool_id) if n in prog.week_pages and prog.week_pages[n].meta.steps]
        path = prog.tool_files.get(tool_id, f"worksheets/{tool_id}.yml")
        tool_loc = tool_located.get(tool_id)
        if with_steps and tool.minutes is not None:
            problems.append(
                Problem(
                    path,
                    tool_loc.line_of(("minutes",)) if tool_loc else 1,
                    "minutes",
                    f"haal 'minutes' weg: de tijd van deze tool komt uit de stappen van week {with_steps[0]}",
                )
            )
        elif not with_steps and tool.minutes is None:
            problems.append(
                Problem(
                    path, 1, "minutes", "'minutes' ontbreekt: deze tool hoort (nog) bij geen weekpagina met stappen"
                )
            )
    return problems
