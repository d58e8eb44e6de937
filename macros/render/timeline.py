"""The timeline of the running example (docs/_data/klusbus.yml, `timeline:`) on the pages: one
event's text ({{ klusbus_event('id') }}), its week as a link to the week page
({{ klusbus_week('id') }}), and the table "Week | Wat gebeurde er" of a module's weeks on the
module page. The check that pages quote only known events, never from a later week, is
macros.checks.timeline."""

from __future__ import annotations

from collections.abc import Sequence

from macros.model import schema as m
from macros.model.programme import Programme
from macros.render.pages import escape_cell, plain, week_link


def events(prog: Programme) -> dict[str, m.TimelineEvent]:
    """The events of the timeline by id."""
    return {event.id: event for event in prog.example.timeline}


def event_text(prog: Programme, event_id: str) -> str:
    """What happened (an event of the timeline), as plain text."""
    return plain(events(prog)[event_id].text)


def event_week(prog: Programme, event_id: str, from_uri: str) -> str:
    """'week 6' for an event: a link to that week's page; plain text on that page itself, and
    '(gepland)' when the week has no page yet, like every week link."""
    number = events(prog)[event_id].week
    page = prog.week_pages.get(number)
    if page is not None and page.page.src_uri == from_uri:
        return plain(f"week {number}")
    return week_link(prog, number, from_uri, f"week {number}")


def timeline_table(prog: Programme, weeks: Sequence[int], from_uri: str) -> str:
    """The events in these weeks, in the order of the timeline, as a table "Week | Wat gebeurde
    er"; '' when none of the weeks has an event."""
    wanted = set(weeks)
    rows = [
        f"| {escape_cell(week_link(prog, e.week, from_uri, f'week {e.week}'))} | {escape_cell(plain(e.text))} |"
        for e in prog.example.timeline
        if e.week in wanted
    ]
    if not rows:
        return ""
    return "\n".join(["| Week | Wat gebeurde er |", "|---:|---|", *rows, ""])


def module_section(prog: Programme, module: m.Module, from_uri: str) -> str:
    """The section of a module page with what happened to the running example in its weeks; ''
    when the timeline has nothing in them."""
    table = timeline_table(prog, [w.week for w in module.weeks], from_uri)
    if not table:
        return ""
    name = plain(prog.example.name)
    return "\n".join(
        [
            f"## {name} in deze module\n",
            f"{name} is het voorbeeld dat het hele jaar meeloopt. Zo gingen deze weken bij "
            "Samira en Kees. Op elke weekpagina staat meer, onder Voorbeeld.\n",
            table,
        ]
    )
