"""The programme as typed content: where the content lives, the sections of a week page, a page
(front matter and body), and `Programme`, the whole loaded programme with its derived views. Pure
types and constants: no file is read here (macros.load builds a Programme)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from macros.model import schema as m

DATA_DIR = "docs/_data"
WORKSHEETS_DIR = "worksheets"

# The data files and the model of each; one source each.
DATA_FILES: dict[str, type[BaseModel]] = {
    "programma.yml": m.Plan,
    "bronnen.yml": m.Sources,
    "partners.yml": m.Partners,
    "begrippen.yml": m.Glossary,
    "programmadagen.yml": m.ProgrammeDays,
    "cohorten.yml": m.Cohorts,
    "klusbus.yml": m.RunningExample,
    "woordenlijst.yml": m.Wordlist,
    "begeleiding.yml": m.Guidance,
    "bedragen.yml": m.Amounts,
}

# The sections every week page has, in this order ("Verder lezen" is generated from citations).
WEEK_SECTIONS = (
    "Waarom deze week",
    "Leerdoelen",
    "Kennis",
    "Aan de slag als duo",
    "Voorbeeld",
    "Reflectie",
    "Kernpunten",
    "Voor begeleiders",
)
# The least a published week page has: words per section and for the whole page (words as
# `section_words` counts them). The real weeks have two to three times as much; a page below these
# floors is unfinished, such as the one `python -m macros new-week` makes.
MIN_SECTION_WORDS = {
    "Waarom deze week": 60,
    "Leerdoelen": 20,
    "Kennis": 250,
    "Aan de slag als duo": 100,
    "Voorbeeld": 120,
    "Reflectie": 30,
    "Kernpunten": 25,
    "Voor begeleiders": 60,
}
MIN_WEEK_WORDS = 700
# Week pages live here, one per file, named week-NN.md; index.md is the overview.
WEEKS_DIR = "weken"
WEEK_FILE = re.compile(r"^week-(\d+)\.md$")
# List items in data files are told apart by these keys; each must be unique within its list.
IDENTITY_KEYS = ("id", "key", "slug", "term", "word", "number")

CITATION = re.compile(r"\[@([A-Za-z0-9-]+)(?:,\s*([^\]]+))?\]")


@dataclass
class Page:
    """A Markdown page in docs/, split into front matter and body."""

    path: str  # relative to the project root, e.g. docs/weken/week-01.md
    src_uri: str  # relative to docs/, e.g. weken/week-01.md
    meta: dict[str, Any]
    body: str
    body_line: int  # the file line on which the body starts


@dataclass
class WeekPage:
    page: Page
    meta: m.WeekMeta


@dataclass
class Programme:
    root: Path
    plan: m.Plan
    sources: dict[str, m.Source]
    partners: dict[str, m.Partner]
    glossary: list[m.Term]
    days: dict[str, m.ProgrammeDay]
    cohorts: list[m.Cohort]
    example: m.RunningExample
    guidance: m.Guidance = field(default_factory=m.Guidance)
    amounts: m.Amounts = field(default_factory=lambda: m.Amounts(current_year=2026))
    wordlist: set[str] = field(default_factory=set)
    tools: dict[str, m.Tool] = field(default_factory=dict)
    tool_files: dict[str, str] = field(default_factory=dict)
    week_pages: dict[int, WeekPage] = field(default_factory=dict)
    pages: list[Page] = field(default_factory=list)

    # --- derived views (pure; no second source) ---
    @property
    def modules(self) -> list[m.Module]:
        return list(self.plan.modules)

    @property
    def weeks(self) -> list[m.PlanWeek]:
        return [w for mod in self.plan.modules for w in mod.weeks]

    def week(self, number: int) -> m.PlanWeek:
        for w in self.weeks:
            if w.week == number:
                return w
        raise KeyError(f"week {number} staat niet in het jaarplan")

    def module_of(self, number: int) -> m.Module:
        for mod in self.plan.modules:
            if any(w.week == number for w in mod.weeks):
                return mod
        raise KeyError(f"week {number} staat niet in het jaarplan")

    def module(self, number: int) -> m.Module:
        for mod in self.plan.modules:
            if mod.number == number:
                return mod
        raise KeyError(f"module {number} bestaat niet")

    def tool_title(self, tool_id: str) -> str:
        if tool_id in self.tools:
            return self.tools[tool_id].title
        return self.plan.planned_tools[tool_id]

    def weeks_of_tool(self, tool_id: str) -> list[int]:
        return [w.week for w in self.weeks if tool_id in w.tools]

    def contact_week(self, contact_id: str) -> int:
        for w in self.weeks:
            if contact_id in w.contact:
                return w.week
        raise KeyError(f"contactmoment {contact_id} staat niet in het jaarplan")

    def contacts(self, prefix: str) -> list[tuple[str, int]]:
        """All contact moments of one kind (PD, C or IV) with their week, in programme order."""
        found = [(c, w.week) for w in self.weeks for c in w.contact if re.fullmatch(prefix + r"[0-9]+", c)]
        return found
