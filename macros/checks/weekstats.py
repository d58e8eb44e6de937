"""Figures of each week page: words of lesson text, readability, sources cited. Used by the
`python -m macros stats` command and by the tests of the content issues."""

from __future__ import annotations

import statistics
from dataclasses import dataclass

from macros.checks import language
from macros.markdown.reader import read
from macros.markdown.text import section
from macros.model.numbers import format_number
from macros.model.programme import CITATION, MIN_WEEK_WORDS, WEEK_SECTIONS, Programme

MIN_WORDS = MIN_WEEK_WORDS  # one floor for the check and the content tests (macros/model/programme.py)
MIN_KNOWLEDGE_SOURCES = 2


@dataclass(frozen=True)
class WeekStats:
    week: int
    path: str
    words: int
    flesch_douma: float
    words_per_sentence: float
    knowledge_sources: tuple[str, ...]
    all_sources: tuple[str, ...]
    sections: tuple[str, ...]


def week_stats(prog: Programme, number: int) -> WeekStats:
    page = prog.week_pages[number].page
    units = language.prose_units(page.body, page.body_line)
    score = language.readability(units)
    knowledge = section(page.body, "Kennis")
    headings = tuple(s.title for s in read(page.body).sections(level=2))
    return WeekStats(
        week=number,
        path=page.path,
        words=score.words,
        flesch_douma=score.flesch_douma,
        words_per_sentence=score.words_per_sentence,
        knowledge_sources=tuple(dict.fromkeys(m.group(1) for m in CITATION.finditer(knowledge))),
        all_sources=tuple(dict.fromkeys(m.group(1) for m in CITATION.finditer(page.body))),
        sections=tuple(h for h in headings if h in WEEK_SECTIONS),
    )


def module_medians(stats: list[WeekStats]) -> tuple[float, float]:
    """Median words per sentence and median Flesch-Douma over a module's weeks."""
    return (
        round(statistics.median(s.words_per_sentence for s in stats), 1),
        round(statistics.median(s.flesch_douma for s in stats), 1),
    )


def table(prog: Programme) -> str:
    lines = [
        "| Week | Woorden | Flesch-Douma | Woorden per zin | Bronnen in Kennis | Alle bronnen |",
        "|---:|---:|---:|---:|---|---|",
    ]
    for number in sorted(prog.week_pages):
        s = week_stats(prog, number)
        lines.append(
            f"| {s.week} | {format_number(s.words)} | {format_number(s.flesch_douma)} | "
            f"{format_number(s.words_per_sentence)} | "
            f"{', '.join(s.knowledge_sources)} | {', '.join(s.all_sources)} |"
        )
    for module in prog.modules:
        stats = [week_stats(prog, w.week) for w in module.weeks if w.week in prog.week_pages]
        if stats:
            wps, fd = module_medians(stats)
            lines.append(
                f"\nModule {module.number}: mediaan {format_number(wps)} woorden per zin, "
                f"Flesch-Douma {format_number(fd)} "
                f"({len(stats)} van {len(module.weeks)} weken)"
            )
    return "\n".join(lines)
