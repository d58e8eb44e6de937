"""Load and check the whole programme: the one place where content becomes a typed model.

`load_programme(root)` reads every content file, validates each against its model, checks every
cross-reference, and returns the model plus all problems at once (errors and warnings).
"""

from __future__ import annotations

import re
import typing
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError

from macros import models as m
from macros.messages import dutch_message
from macros.numbers import expand_figures
from macros.problems import Problem
from macros.yamlpos import Located, load_yaml

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
}

# The sections every week page has, in this order ("Verder lezen" is generated from citations).
WEEK_SECTIONS = ("Waarom deze week", "Leerdoelen", "Kennis", "Aan de slag als duo", "Voorbeeld",
                 "Reflectie", "Kernpunten", "Voor begeleiders")

CITATION = re.compile(r"\[@([A-Za-z0-9-]+)(?:,\s*([^\]]+))?\]")


@dataclass
class Page:
    """A Markdown page in docs/, split into front matter and body."""

    path: str           # relative to the project root, e.g. docs/weken/week-01.md
    src_uri: str        # relative to docs/, e.g. weken/week-01.md
    meta: dict[str, Any]
    body: str
    body_line: int      # the file line on which the body starts


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
        found = [(c, w.week) for w in self.weeks for c in w.contact
                 if re.fullmatch(prefix + r"[0-9]+", c)]
        return found


# --- helpers ------------------------------------------------------------------------------------

def _inner_model(annotation: Any) -> type[BaseModel] | None:
    """The BaseModel inside list[X], dict[k, X], X | None, …"""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in typing.get_args(annotation):
        found = _inner_model(arg)
        if found is not None:
            return found
    return None


def _model_at(model: type[BaseModel], loc: tuple) -> tuple[type[BaseModel] | None, Any]:
    """Walk `loc` through the model's fields; return the model that owns the last key, and the
    FieldInfo of the last key (for its description)."""
    current: type[BaseModel] | None = model
    info = None
    for i, part in enumerate(loc):
        if current is None:
            return None, None
        if isinstance(part, int):
            continue
        fields = current.model_fields
        if part not in fields:
            return current, None
        info = fields[part]
        if i == len(loc) - 1:
            return current, info
        current = _inner_model(info.annotation)
    return current, info


def _validation_problems(exc: ValidationError, model: type[BaseModel], located: Located,
                         path: str, loc_prefix: tuple = ()) -> list[Problem]:
    problems = []
    for error in exc.errors():
        # pydantic adds the union member or validator name into loc; drop those that are not keys.
        loc = tuple(p for p in error["loc"] if isinstance(p, int) or not p.startswith(("function-", "list[", "str", "float")))
        owner, info = _model_at(model, loc)
        allowed = list(owner.model_fields) if owner is not None else None
        description = info.description if info is not None else None
        if error["type"] == "string_pattern_mismatch" and info is not None:
            metadata = [md for md in getattr(info, "metadata", [])]
            description = description or next((getattr(md, "description", None) for md in metadata), None)
        message = dutch_message(error, allowed, description)
        field_name = ".".join(str(p) for p in loc_prefix + loc) or "-"
        problems.append(Problem(path, located.line_of(loc), field_name, message))
    return problems


def validate_located(model: type[BaseModel], located: Located, path: str) -> tuple[Any, list[Problem]]:
    """Validate parsed YAML against `model`; map every error to its line."""
    data = located.data
    if data is None:
        data = {}
    if not isinstance(data, dict):
        return None, [Problem(path, located.line_of(()), "-", "verwacht een blok met velden (sleutel: waarde)")]
    try:
        return model.model_validate(data), []
    except ValidationError as exc:
        return None, _validation_problems(exc, model, located, path)


def split_front_matter(text: str) -> tuple[str | None, str, int]:
    """Return (front matter text or None, body, line on which the body starts)."""
    if not text.startswith("---\n") and not text.startswith("---\r\n"):
        return None, text, 1
    lines = text.splitlines(keepends=True)
    for i in range(1, len(lines)):
        if lines[i].rstrip() in ("---", "..."):
            return "".join(lines[1:i]), "".join(lines[i + 1:]), i + 2
    return None, text, 1


def read_page(root: Path, file: Path) -> tuple[Page | None, Located | None, list[Problem]]:
    rel = file.relative_to(root).as_posix()
    src_uri = file.relative_to(root / "docs").as_posix()
    text = file.read_text(encoding="utf-8")
    fm, body, body_line = split_front_matter(text)
    if fm is None:
        return Page(rel, src_uri, {}, body, body_line), None, []
    located, problems = load_yaml(fm, rel, offset=1)
    if located is None:
        return None, None, problems
    meta = located.data if isinstance(located.data, dict) else {}
    if located.data is not None and not isinstance(located.data, dict):
        problems.append(Problem(rel, 2, "-", "front matter moet velden bevatten (sleutel: waarde)"))
    return Page(rel, src_uri, meta, body, body_line), located, problems


# --- the loader ---------------------------------------------------------------------------------

def _load_data_file(root: Path, name: str, model: type[BaseModel]) -> tuple[Any, Located | None, list[Problem]]:
    path = f"{DATA_DIR}/{name}"
    file = root / path
    if not file.exists():
        return None, None, [Problem(path, 1, "-", "bestand ontbreekt")]
    located, problems = load_yaml(file.read_text(encoding="utf-8"), path)
    if located is None:
        return None, None, problems
    value, problems = validate_located(model, located, path)
    return value, located, problems


def _expand_example(tool: m.Tool, figures: dict, path: str, loc: Located) -> tuple[m.Tool, list[Problem]]:
    """Fill in `{{ klusbus('id') }}` in the worked example, so its figures match klusbus.yml."""
    problems: list[Problem] = []

    def expand(value: Any, where: tuple) -> Any:
        if isinstance(value, str):
            text, unknown = expand_figures(value, figures)
            for figure_id in unknown:
                problems.append(Problem(path, loc.line_of(where), ".".join(map(str, where)),
                                        f"onbekend Klusbus-cijfer '{figure_id}' (zie {DATA_DIR}/klusbus.yml)"))
            return text
        if isinstance(value, list):
            return [expand(item, where + (i,)) for i, item in enumerate(value)]
        return value

    values = {key: expand(value, ("example", "values", key)) for key, value in tool.example.values.items()}
    example = tool.example.model_copy(update={"values": values})
    return tool.model_copy(update={"example": example}), problems


def load_programme(root: Path) -> tuple[Programme | None, list[Problem]]:
    """Load and check everything. Returns the programme (None when it cannot be built) and every
    problem found, errors and warnings together."""
    from macros import checks  # local import: checks needs Programme

    root = Path(root)
    problems: list[Problem] = []
    loaded: dict[str, Any] = {}
    located: dict[str, Located] = {}
    for name, model in DATA_FILES.items():
        value, loc, found = _load_data_file(root, name, model)
        problems += found
        loaded[name] = value
        if loc is not None:
            located[name] = loc

    tools: dict[str, m.Tool] = {}
    tool_files: dict[str, str] = {}
    tool_located: dict[str, Located] = {}
    for file in sorted((root / WORKSHEETS_DIR).glob("*.yml")):
        rel = file.relative_to(root).as_posix()
        loc, found = load_yaml(file.read_text(encoding="utf-8"), rel)
        problems += found
        if loc is None:
            continue
        tool, found = validate_located(m.Tool, loc, rel)
        problems += found
        if tool is None:
            continue
        if tool.id != file.stem:
            problems.append(Problem(rel, loc.line_of(("id",)), "id",
                                    f"id '{tool.id}' hoort gelijk te zijn aan de bestandsnaam '{file.stem}'"))
            continue
        tools[tool.id] = tool
        tool_files[tool.id] = rel
        tool_located[tool.id] = loc

    pages: list[Page] = []
    week_pages: dict[int, WeekPage] = {}
    week_located: dict[int, Located] = {}
    for file in sorted((root / "docs").rglob("*.md")):
        if DATA_DIR in file.relative_to(root).as_posix():
            continue
        page, loc, found = read_page(root, file)
        problems += found
        if page is None:
            continue
        pages.append(page)
        if "week" not in page.meta or loc is None:
            continue
        if "title" in page.meta:
            problems.append(Problem(page.path, loc.line_of(("title",)), "title",
                                    "de titel van een week staat in docs/_data/programma.yml; haal 'title' hier weg"))
            continue
        for key in ("tools", "product", "module", "contact"):
            if key in page.meta:
                problems.append(Problem(page.path, loc.line_of((key,)), key,
                                        f"'{key}' van een week staat in docs/_data/programma.yml; haal het hier weg"))
        meta, found = validate_located(m.WeekMeta, loc, page.path)
        problems += found
        if meta is None:
            continue
        if meta.week in week_pages:
            problems.append(Problem(page.path, loc.line_of(("week",)), "week",
                                    f"week {meta.week} heeft al een pagina: {week_pages[meta.week].page.path}"))
            continue
        week_pages[meta.week] = WeekPage(page, meta)
        week_located[meta.week] = loc

    if any(loaded[name] is None for name in DATA_FILES):
        return None, sorted(set(problems))

    figures = loaded["klusbus.yml"].figures
    for tool_id, tool in list(tools.items()):
        tools[tool_id], found = _expand_example(tool, figures, tool_files[tool_id], tool_located[tool_id])
        problems += found

    programme = Programme(
        root=root,
        plan=loaded["programma.yml"],
        sources={s.key: s for s in loaded["bronnen.yml"].sources},
        partners={p.id: p for p in loaded["partners.yml"].partners},
        glossary=list(loaded["begrippen.yml"].terms),
        days={d.id: d for d in loaded["programmadagen.yml"].days},
        cohorts=list(loaded["cohorten.yml"].cohorts),
        example=loaded["klusbus.yml"],
        guidance=loaded["begeleiding.yml"],
        wordlist={w.word for w in loaded["woordenlijst.yml"].words},
        tools=tools,
        tool_files=tool_files,
        week_pages=week_pages,
        pages=pages,
    )
    problems += checks.cross_references(programme, located, tool_located, week_located)
    problems += checks.lint_pages(programme)
    problems += checks.lint_language(programme, located, tool_located)
    return programme, sorted(set(problems))
