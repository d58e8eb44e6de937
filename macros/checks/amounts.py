"""The yearly amounts of docs/_data/bedragen.yml against the sources and the year of now: every
amount names a source that exists in bronnen.yml and has an address (a page that quotes an amount
of an earlier year links there for today's amount), and no amount claims a year after `current_year`.
Quoting an unknown amount on a page is found by macros.checks.templates."""

from __future__ import annotations

from collections.abc import Mapping

from macros.load.yamlpos import Located
from macros.model.problems import Problem
from macros.model.programme import DATA_DIR, Programme

AMOUNTS = f"{DATA_DIR}/bedragen.yml"


def check_amounts(prog: Programme, located: Mapping[str, Located]) -> list[Problem]:
    loc = located.get("bedragen.yml")
    problems: list[Problem] = []

    def line(*where: str) -> int:
        return loc.line_of(("amounts", *where)) if loc else 1

    for amount_id, item in prog.amounts.amounts.items():
        source = prog.sources.get(item.source)
        if source is None:
            problems.append(
                Problem(
                    AMOUNTS,
                    line(amount_id, "source"),
                    f"amounts.{amount_id}.source",
                    f"onbekende bron '{item.source}': zet hem in {DATA_DIR}/bronnen.yml",
                )
            )
        elif source.url is None:
            problems.append(
                Problem(
                    AMOUNTS,
                    line(amount_id, "source"),
                    f"amounts.{amount_id}.source",
                    f"bron '{item.source}' heeft geen url: een bedrag wijst naar de officiële pagina",
                )
            )
        if item.year > prog.amounts.current_year:
            problems.append(
                Problem(
                    AMOUNTS,
                    line(amount_id, "year"),
                    f"amounts.{amount_id}.year",
                    f"{item.year} ligt na current_year ({prog.amounts.current_year})",
                )
            )
    return problems
