"""Programme weeks to calendar dates for a cohort (start date plus break weeks)."""

from __future__ import annotations

import datetime as dt

from macros.model.schema import Cohort

MONTHS = (
    "januari",
    "februari",
    "maart",
    "april",
    "mei",
    "juni",
    "juli",
    "augustus",
    "september",
    "oktober",
    "november",
    "december",
)
WEEKDAYS = ("maandag", "dinsdag", "woensdag", "donderdag", "vrijdag", "zaterdag", "zondag")


def week_monday(cohort: Cohort, week: int) -> dt.date:
    """The Monday of programme week `week` for this cohort; break weeks are skipped."""
    if week < 1:
        raise ValueError("programmaweken beginnen bij 1")
    breaks = set(cohort.breaks)
    monday = cohort.start
    number = 0
    while True:
        if monday not in breaks:
            number += 1
            if number == week:
                return monday
        monday += dt.timedelta(days=7)


def dutch_date(day: dt.date, weekday: bool = False) -> str:
    """`1 juli 2021`, or `donderdag 1 juli 2021`."""
    text = f"{day.day} {MONTHS[day.month - 1]} {day.year}"
    return f"{WEEKDAYS[day.weekday()]} {text}" if weekday else text
