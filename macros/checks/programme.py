"""Load and check the whole programme: `load_programme(root)` reads every content file
(macros.load), runs every check across them, and returns the model plus all problems at once
(errors and warnings). What `python -m macros check` and the tests call.

The build (macros/site/adapter.py) takes the same steps one by one, so that the language check,
the slowest and the only one no page depends on, can run beside the rest of the build:
`read_programme`, then `language_problems` and `other_problems` of what was read."""

from __future__ import annotations

from pathlib import Path

from macros.checks import amounts, calc, pages, prose, references, templates, timeline, weektime
from macros.load.programme import Read, read_programme
from macros.model.problems import Problem
from macros.model.programme import Programme


def load_programme(root: Path) -> tuple[Programme | None, list[Problem]]:
    """Load and check everything. Returns the programme (None when it cannot be built) and every
    problem found, errors and warnings together."""
    read = read_programme(Path(root))
    if read.programme is None:
        return None, sorted(set(read.problems))
    return read.programme, sorted(set(read.problems + other_problems(read) + language_problems(read)))


def other_problems(read: Read) -> list[Problem]:
    """Every check across the files except the language check; the pages depend on these (a
    reference to an unknown tool, a template call the page cannot make)."""
    programme = read.programme
    assert programme is not None
    problems = references.cross_references(programme, read.located, read.tool_located, read.week_located)
    problems += references.owner_agreement(programme, read.week_located, read.tool_located)
    problems += calc.model_figures(programme, read.located, read.tool_located)
    problems += amounts.check_amounts(programme, read.located)
    problems += timeline.timeline_order(programme, read.located)
    problems += timeline.timeline_names(programme, read.located)
    problems += weektime.check_week_time(programme, read.week_located, read.tool_located, read.located)
    problems += pages.lint_pages(programme)
    problems += templates.lint_templates(programme)
    return problems


def language_problems(read: Read) -> list[Problem]:
    """Spelling and readability (macros/checks/prose.py): about a third of the checking time of a
    clean build; nothing that is built depends on it."""
    assert read.programme is not None
    return prose.lint_language(read.programme, read.located, read.tool_located)
