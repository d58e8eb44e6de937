"""The time a week asks of each person: the steps of "Aan de slag als duo" (front matter `steps`
of the week page) and the week's contact moments (programme day, coaching session with its two
forms, intervisie), each from its one source: programmadagen.yml, begeleiding.yml and the forms'
tools. The week header shows it, `make check` holds it to the rule below, and a tool page takes
its time from the week that uses it.

The rule (issue 15): outside a programme day a week asks at most 4 hours per person (a warning
above WARN_MINUTES) and never more than 5 (an error above MAX_MINUTES). Steps done on the
programme day itself or inside a contact moment (intervisie, coaching session) count in that
contact moment, not again as assignment time."""

from __future__ import annotations

from dataclasses import dataclass

from macros.model import schema as m
from macros.model.programme import Programme

WARN_MINUTES = 4 * 60
MAX_MINUTES = 5 * 60
FORMS = ("coachgesprek-voorbereiding", "coachgesprek-verslag")  # the duo fills both per session

WHO = {
    "ieder": "Ieder apart",
    "samen": "Samen",
    "belanghebbende": "Met een belanghebbende",
    "duos": "Met andere duo's",
    "intervisie": "In de intervisie",
    "coachgesprek": "Met de begeleider",
}
WHEN = {"voor": "Vóór de programmadag", "op": "Op de programmadag", "na": "Na de programmadag"}
INSIDE_CONTACT = ("intervisie", "coachgesprek")


@dataclass(frozen=True)
class Contact:
    id: str  # PD1, C2, IV1
    name: str  # programmadag 1, coachgesprek 2, intervisie 1
    minutes: int  # per person
    programme_day: bool


@dataclass(frozen=True)
class WeekTime:
    assignment: int  # minutes per person for the steps, outside contact moments
    contacts: tuple[Contact, ...]

    @property
    def contact(self) -> int:
        return sum(c.minutes for c in self.contacts)

    @property
    def outside_days(self) -> int:
        """What the rule counts: the assignment and every contact moment but a programme day."""
        return self.assignment + sum(c.minutes for c in self.contacts if not c.programme_day)

    @property
    def total(self) -> int:
        return self.assignment + self.contact


def counts(step: m.WeekStep) -> bool:
    """Whether a step adds assignment time: not on the programme day, not inside a contact moment."""
    return step.when != "op" and step.who not in INSIDE_CONTACT


def assignment_minutes(steps: list[m.WeekStep]) -> int:
    """Minutes per person: every step that counts, done apart or together, is each person's time."""
    return sum(s.minutes for s in steps if counts(s))


def _clock(value: str) -> int:
    hours, minutes = value.split(":")
    return int(hours) * 60 + int(minutes)


def contact_minutes(prog: Programme, contact_id: str) -> int:
    """A programme day from its first start to its last end; a coaching session with its two forms;
    an intervisie as long as the method's steps."""
    if contact_id.startswith("PD"):
        agenda = prog.days[contact_id].agenda
        return _clock(agenda[-1].end) - _clock(agenda[0].start)
    if contact_id.startswith("IV"):
        method = prog.guidance.intervisie
        return sum(s.minutes for s in method.steps) if method else 0
    forms = sum(prog.tools[t].minutes or 0 for t in FORMS if t in prog.tools)
    return prog.guidance.session_minutes + forms


def contact_name(contact_id: str) -> str:
    kinds = {"PD": "programmadag", "IV": "intervisie", "C": "coachgesprek"}
    for prefix, name in kinds.items():
        if contact_id.startswith(prefix):
            return f"{name} {contact_id[len(prefix) :]}"
    raise ValueError(f"onbekend contactmoment {contact_id}")


def week_time(prog: Programme, number: int) -> WeekTime:
    page = prog.week_pages.get(number)
    steps = page.meta.steps if page else []
    contacts = tuple(
        Contact(c, contact_name(c), contact_minutes(prog, c), c.startswith("PD")) for c in prog.week(number).contact
    )
    return WeekTime(assignment_minutes(steps), contacts)


def duration(minutes: int) -> str:
    """'45 minuten', '1 uur', '3 uur en 15 minuten'."""
    if minutes < 60:
        return f"{minutes} minuten"
    hours, rest = divmod(minutes, 60)
    return f"{hours} uur" if not rest else f"{hours} uur en {rest} minuten"


def step_lead(step: m.WeekStep, coaching: str | None = None) -> str:
    """The bold start of a step: '**Samen, ± 30 minuten.**', '**Vóór de programmadag, ieder apart,
    ± 45 minuten.**', '**Met de begeleider, in coachgesprek 4, ± 20 minuten.**' (`coaching`: the
    week's coaching session, C4)."""
    who = WHO[step.who]
    if step.who == "coachgesprek" and coaching:
        who += f", in {contact_name(coaching)}"
    if step.when:
        who = f"{WHEN[step.when]}, {who[0].lower()}{who[1:]}"
    note = f" {step.note}" if step.note else ""
    return f"**{who}, ± {step.minutes} minuten{note}.**"


def tool_minutes(prog: Programme, tool: m.Tool) -> int | None:
    """A tool's time: the assignment of the first week that uses it and has its steps; else the
    tool's own `minutes` (tools without a week page, such as the coaching forms)."""
    for number in prog.weeks_of_tool(tool.id):
        page = prog.week_pages.get(number)
        if page is not None and page.meta.steps:
            return assignment_minutes(page.meta.steps)
    return tool.minutes


def step_leads(prog: Programme, number: int) -> list[str]:
    """The lead of every step of a week, in order (the page writes them in: macros.markdown.steps)."""
    page = prog.week_pages.get(number)
    if page is None:
        return []
    coaching = next((c for c in prog.week(number).contact if c.startswith("C")), None)
    return [step_lead(step, coaching) for step in page.meta.steps]
