"""The calendar of a cohort (.ics, icalendar): programme days with date, time and place, and the
coaching sessions and intervisie as all-day "week of" events (Monday to Friday of that programme
week). Stable UIDs, so a re-import updates events instead of doubling them.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from zoneinfo import ZoneInfo

from icalendar import Calendar, Event

from macros.downloads.common import PUBLISHER, TIMEZONE, build_datetime
from macros.downloads.model import Moment
from macros.model import schema as m
from macros.model.calendar_dates import week_monday

DOMAIN = "impactacademie"


def uid(cohort: m.Cohort, contact_id: str) -> str:
    return f"{cohort.id}-{contact_id.lower()}@{DOMAIN}"


def calendar_file(cohort: m.Cohort, moments: Sequence[Moment], epoch: int) -> bytes:
    """The .ics of one cohort, byte-identical for the same input."""
    calendar = Calendar()
    calendar.add("prodid", f"-//{PUBLISHER}//Programma {cohort.id}//NL")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", f"{PUBLISHER}: {cohort.name}")
    calendar.add("x-wr-timezone", TIMEZONE)
    stamp = build_datetime(epoch)
    days = {day.id: day for day in cohort.programme_days}
    for moment in moments:
        event = (
            _programme_day(cohort, days[moment.contact_id], moment)
            if moment.contact_id in days
            else _week_event(cohort, moment)
        )
        if event is not None:
            event.add("dtstamp", stamp)
            calendar.add_component(event)
    first, last = _span(cohort, moments)
    calendar.add_missing_timezones(first_date=first, last_date=last)
    return calendar.to_ical()


def _programme_day(cohort: m.Cohort, day: m.CohortDay, moment: Moment) -> Event:
    zone = ZoneInfo(TIMEZONE)
    event = _event(cohort, moment)
    event.add("dtstart", dt.datetime.combine(day.date, _clock(day.start), tzinfo=zone))
    event.add("dtend", dt.datetime.combine(day.date, _clock(day.end), tzinfo=zone))
    event.add("location", day.place)
    return event


def _week_event(cohort: m.Cohort, moment: Moment) -> Event | None:
    """An all-day event from Monday to Friday of the programme week (the end date is exclusive)."""
    if moment.contact_id.startswith("PD"):
        return None  # a programme day without a date in this cohort
    monday = week_monday(cohort, moment.week)
    event = _event(cohort, moment)
    event.add("dtstart", monday)
    event.add("dtend", monday + dt.timedelta(days=5))
    event.add("transp", "TRANSPARENT")
    return event


def _event(cohort: m.Cohort, moment: Moment) -> Event:
    event = Event()
    event.add("uid", uid(cohort, moment.contact_id))
    event.add("summary", moment.title)
    event.add("description", moment.description)
    event.add("url", moment.url)
    return event


def _clock(text: str) -> dt.time:
    hours, minutes = text.split(":")
    return dt.time(int(hours), int(minutes))


def _span(cohort: m.Cohort, moments: Sequence[Moment]) -> tuple[dt.date, dt.date]:
    """The years the time zone definition must cover: from the start to a year after the last event."""
    last = max(
        [week_monday(cohort, mo.week) for mo in moments] + [d.date for d in cohort.programme_days] + [cohort.start]
    )
    return dt.date(cohort.start.year - 1, 1, 1), dt.date(last.year + 1, 12, 31)
