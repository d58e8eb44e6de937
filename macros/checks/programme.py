"""Load and check the whole programme: `load_programme(root)` reads every content file
(macros.load), runs every check across them, and returns the model plus all problems at once
(errors and warnings). What `python -m macros check`, the build and the tests call."""

from __future__ import annotations

from pathlib import Path

from macros.checks import amounts, calc, pages, prose, references, templates, timeline, weektime
from macros.load.programme import read_programme
from macros.model.problems import Problem
from macros.model.programme import Programme


def load_programme(root: Path) -> tuple[Programme | None, list[Problem]]:
    """Load and check everything. Returns the programme (None when it cannot be built) and every
    problem found, errors and warnings together."""
    read = read_programme(Path(root))
    problems = list(read.problems)
    programme = read.programme
    if programme is None:
        return None, sorted(set(problems))
    problems += references.cross_references(programme, read.located, read.tool_located, read.week_located)
    problems += references.owner_agreement(programme, read.week_located, read.tool_located)
    problems += calc.model_figures(programme, read.located, read.tool_located)
    problems += amounts.check_amounts(programme, read.located)
    problems += timeline.timeline_order(programme, read.located)
    problems += timeline.timeline_names(programme, read.located)
    problems += weektime.check_week_time(programme, read.week_located, read.tool_located, read.located)
    problems += pages.lint_pages(programme)
    problems += templates.lint_templates(programme)
    problems += prose.lint_language(programme, read.located, read.tool_located)
    return programme, sorted(set(problems))
