"""The table of page macros: every `{{ name(…) }}` a page may call, and what each renders. The site
(macros.site) binds it to the build's programme, downloads and offline ZIP; the template check
(macros.checks.templates) reads its names and signatures. Each macro takes the calling page first
and returns Markdown for that page."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from macros.downloads.model import DownloadLink
from macros.model.programme import Programme
from macros.render import calc, printing, timeline, webforms
from macros.render import pages as render


def page_macros(
    programme: Callable[[], Programme],
    downloads: Callable[[], Sequence[DownloadLink]],
    offline_zip: Callable[[], str | None],
) -> dict[str, Any]:
    """The macros, each reading the programme, the download links and the offline ZIP's URI (None
    when this build has none) when a page calls it."""

    def here(env_page: Any) -> str:
        return env_page.file.src_uri

    def klusbus(page: Any, figure_id: str) -> str:
        return render.figure(programme(), figure_id)

    def bedrag(page: Any, amount_id: str) -> str:
        """A yearly amount from docs/_data/bedragen.yml, with the year it is for."""
        return render.amount(programme(), amount_id)

    def klusbus_event(page: Any, event_id: str) -> str:
        """What happened to De Klusbus: an event of the timeline in klusbus.yml."""
        return timeline.event_text(programme(), event_id)

    def klusbus_week(page: Any, event_id: str) -> str:
        """The week of that event: 'week 6', linked to the week page."""
        return timeline.event_week(programme(), event_id, here(page))

    def print_and_offline(from_uri: str) -> str:
        """The print page, the sheets per module, and the offline ZIP when this build has it."""
        return printing.print_and_offline(programme(), from_uri, offline_zip())

    return {
        "klusbus": klusbus,
        "bedrag": bedrag,
        "klusbus_event": klusbus_event,
        "klusbus_week": klusbus_week,
        "calc_value": lambda page, tool_id, output_id: calc.calc_value(programme(), tool_id, output_id),
        "year_overview": lambda page: render.year_overview(programme(), here(page)),
        "year_summary": lambda page: render.year_summary(programme()),
        "modules_index": lambda page, level=2: render.modules_index(programme(), here(page), level),
        "weeks_index": lambda page: render.weeks_index(programme(), here(page)),
        "tool_index": lambda page: render.tool_index(programme(), here(page)),
        "partners_index": lambda page: render.partners_index(programme(), here(page)),
        "reading_list": lambda page: render.reading_list(programme()),
        "glossary": lambda page: render.glossary(programme()),
        "key_points": lambda page: render.key_points(programme(), here(page)),
        "coach_notes": lambda page: render.coach_notes(programme(), here(page)),
        "programme_days": lambda page: render.programme_days(programme(), here(page), downloads()),
        "downloads_overview": lambda page: render.downloads_overview(programme(), downloads(), here(page)),
        "coaching_sessions": lambda page: render.coaching_sessions(programme(), here(page)),
        "intervisie_method": lambda page: render.intervisie_method(programme(), here(page)),
        "impact_dossier": lambda page: webforms.dossier(),
        "evaluation_bundle": lambda page: webforms.evaluation_bundle(),
        "coach_workspace": lambda page: webforms.coach_workspace(),
        "print_and_offline": lambda page: print_and_offline(here(page)),
    }
