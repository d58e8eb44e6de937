"""The timeline of De Klusbus (docs/_data/klusbus.yml, `timeline:`) against itself and the pages.
The timeline is the truth about what happened in which week: its events stand in the order of the
weeks, the page of an event's week names who took part and the organisation, a page
quotes only events it has (`klusbus_event('id')`, `klusbus_week('id')`), and a week page never quotes
an event from a later week (it has not happened yet). The loader already refuses
unknown keys, a week outside 1-40 and a duplicate id; macros.checks.templates finds the quotes."""

from __future__ import annotations

import difflib
import re
from collections.abc import Mapping

from macros.load.yamlpos import Located
from macros.model.problems import Problem, problem
from macros.model.programme import DATA_DIR, Programme

KLUSBUS = f"{DATA_DIR}/klusbus.yml"
MACROS = ("klusbus_event", "klusbus_week")


def timeline_order(prog: Programme, located: Mapping[str, Located]) -> list[Problem]:
    """An event that stands after an event of a later week: the timeline reads as the year goes."""
    loc = located.get("klusbus.yml")
    problems: list[Problem] = []
    latest = None
    for i, event in enumerate(prog.example.timeline):
        if latest is not None and event.week < latest.week:
            where = ("timeline", i, "week")
            problems.append(
                Problem(
                    KLUSBUS,
                    loc.line_of(where) if loc else 1,
                    ".".join(map(str, where)),
                    f"'{event.id}' (week {event.week}) staat na '{latest.id}' (week {latest.week}); "
                    "zet de tijdlijn op volgorde van de weken",
                )
            )
        else:
            latest = event
    return problems


def timeline_names(prog: Programme, located: Mapping[str, Located]) -> list[Problem]:
    """Who and which organisation an event names must be on the page of its week (when that week has
    a page): a person or an organisation or network the page does not mention is an error (the
    timeline and the page tell another story, as with the network the maps of module 2 forgot).
    A page that quotes the event with klusbus_event('id') names them all."""
    loc = located.get("klusbus.yml")
    problems: list[Problem] = []
    for i, event in enumerate(prog.example.timeline):
        page = prog.week_pages.get(event.week)
        if page is None:
            continue
        body = " ".join(page.page.body.split())
        if re.search(rf"klusbus_event\(\s*['\"]{re.escape(event.id)}['\"]\s*\)", body):
            continue  # the page quotes the event itself, names and all
        named: list[tuple[tuple[str | int, ...], str, bool]] = [
            (("who", j), name, False) for j, name in enumerate(event.who)
        ]
        if event.organisation:
            named.append((("organisation",), event.organisation.removesuffix("(fictief)").strip(), True))
        # (the flag says which message: who, or the network or organisation; both are errors)
        for key, name, organisation in named:
            if name in body:
                continue
            where = ("timeline", i, *key)
            what = "noemt niet wie" if not organisation else "noemt het netwerk of de organisatie niet"
            problems.append(
                problem(
                    KLUSBUS,
                    loc.line_of(where) if loc else 1,
                    ".".join(map(str, where)),
                    f"'{event.id}' (week {event.week}) noemt '{name}', maar {page.page.path} {what}: "
                    f"'{name}' staat er niet in. Vertel het op die pagina, of pas de tijdlijn aan",
                )
            )
    return problems


def week_of_page(prog: Programme, path: str) -> int | None:
    """The programme week of a week page (its repository path), None for any other page."""
    for number, week_page in prog.week_pages.items():
        if week_page.page.path == path:
            return number
    return None


def quote_problem(prog: Programme, page_week: int | None, event_id: str) -> str | None:
    """Why a page (of week `page_week`, None when it is no week page) may not quote this event, or
    None when it may."""
    events = {event.id: event for event in prog.example.timeline}
    event = events.get(event_id)
    if event is None:
        message = f"onbekende gebeurtenis '{event_id}' van De Klusbus"
        close = difflib.get_close_matches(event_id, list(events), n=1, cutoff=0.6)
        if close:
            message += f"; bedoel je '{close[0]}'?"
        return message + f" (zie timeline in {KLUSBUS})"
    if page_week is not None and event.week > page_week:
        return (
            f"week {page_week} noemt gebeurtenis '{event_id}' uit week {event.week}: die is dan nog niet "
            f"gebeurd. Noem haar op een pagina van week {event.week} of later; of klopt de week in "
            f"{KLUSBUS} niet? Pas die dan aan"
        )
    return None
