"""Read the programme: the one place where content files become a typed model.

`read_programme(root)` reads every content file (YAML with line numbers, front matter, Markdown
pages), validates each against its model, and returns the Programme, every problem it found, and
where each value stands (for the checks). macros.checks.programme adds the checks on top.
"""

from __future__ import annotations

import re
import types
import typing
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path, PurePosixPath
from typing import Any

from pydantic import BaseModel, ValidationError

from macros.load.calcmodel import check_model
from macros.load.messages import dutch_message
from macros.load.remeasure import resolve_remeasures
from macros.load.yamlpos import Loc, Located, load_yaml
from macros.markdown.lint import lint_yaml_markdown
from macros.markdown.steps import typed_leads, with_step_leads
from macros.model import schema as m
from macros.model.numbers import FIGURE, expand_figures
from macros.model.problems import Problem
from macros.model.programme import (
    DATA_DIR,
    DATA_FILES,
    IDENTITY_KEYS,
    WEEK_FILE,
    WEEKS_DIR,
    WORKSHEETS_DIR,
    Page,
    Programme,
    WeekPage,
)
from macros.model.weektime import step_leads


@dataclass
class Read:
    """What `read_programme` returns: the programme (None when it cannot be built), the problems
    found while reading, and the parsed YAML of every data file, tool and week page (with lines)."""

    programme: Programme | None
    problems: list[Problem]
    located: dict[str, Located] = field(default_factory=dict)
    tool_located: dict[str, Located] = field(default_factory=dict)
    week_located: dict[int, Located] = field(default_factory=dict)


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


def _model_at(model: type[BaseModel], loc: Loc) -> tuple[type[BaseModel] | None, Any]:
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


def _validation_problems(
    exc: ValidationError, model: type[BaseModel], located: Located, path: str, loc_prefix: Loc = ()
) -> list[Problem]:
    problems = []
    for error in exc.errors():
        # pydantic adds the union member or validator name into loc; drop those that are not keys.
        loc = tuple(
            p for p in error["loc"] if isinstance(p, int) or not p.startswith(("function-", "list[", "str", "float"))
        )
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


@lru_cache(maxsize=65536)  # asked for every text of every YAML file on every build
def is_markdown_field(annotation: Any, loc: Loc) -> bool:
    """Whether the value at `loc` inside `annotation` (a model, list, dict, union …) is a
    Markdown field (schema.Markdown); every other text field is plain text."""
    origin = typing.get_origin(annotation)
    if origin is typing.Annotated:
        base, *meta = typing.get_args(annotation)
        return (not loc and m.MARKDOWN in meta) or is_markdown_field(base, loc)
    if origin in (typing.Union, types.UnionType):
        return any(is_markdown_field(arg, loc) for arg in typing.get_args(annotation))
    if not loc:
        return False
    part, rest = loc[0], loc[1:]
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        info = annotation.model_fields.get(part) if isinstance(part, str) else None
        if info is None:
            return False
        if not rest and m.MARKDOWN in info.metadata:
            return True
        annotated: Any = info.annotation  # a type (hashable), as lru_cache needs
        return annotated is not None and is_markdown_field(annotated, rest)
    if origin is list:
        return isinstance(part, int) and is_markdown_field(typing.get_args(annotation)[0], rest)
    if origin is dict:
        return is_markdown_field(typing.get_args(annotation)[1], rest)
    return False


_TEMPLATE_CODE = re.compile(r"\{\{|\{%|\{#|\}\}|%\}")


def yaml_text(
    data: Any, model: type[BaseModel], located: Located, path: str, figures: Mapping[str, m.Figure] | None
) -> tuple[Any, list[Problem]]:
    """Every text of a YAML file as the pages show it: `{{ klusbus('id') }}` filled in (an unknown
    id is an error), no other template code, and Markdown fields linted like a page. Returns the
    data with the figures filled in."""
    problems: list[Problem] = []

    def text(value: str, where: Loc) -> str:
        field_name = ".".join(map(str, where)) or "-"
        line = located.line_of(where)
        if _TEMPLATE_CODE.search(FIGURE.sub("", value)):
            problems.append(
                Problem(
                    path,
                    line,
                    field_name,
                    "in YAML-tekst werkt alleen {{ klusbus('…') }} (een cijfer van De Klusbus); "
                    "haal de andere {{ … }} of {% … %} weg",
                )
            )
        if figures is not None:
            value, unknown = expand_figures(value, figures)
            for figure_id in unknown:
                problems.append(Problem(path, line, field_name, unknown_figure(figure_id, figures)))
        if is_markdown_field(model, where):
            problems.extend(Problem(path, line, field_name, message) for message in lint_yaml_markdown(value))
        return value

    def walk(value: Any, where: Loc) -> Any:
        if isinstance(value, str):
            return text(value, where)
        if isinstance(value, list):
            return [walk(item, where + (i,)) for i, item in enumerate(value)]
        if isinstance(value, dict):
            return {key: walk(item, where + (key,)) for key, item in value.items()}
        return value

    return walk(data, ()), problems


def unknown_figure(figure_id: str, figures: Mapping[str, m.Figure]) -> str:
    """The message for `{{ klusbus('x') }}` with an id that klusbus.yml does not have."""
    import difflib

    message = f"onbekend Klusbus-cijfer '{figure_id}'"
    close = difflib.get_close_matches(figure_id, list(figures), n=1, cutoff=0.6)
    if close:
        message += f"; bedoel je '{close[0]}'?"
    return message + f" (zie {DATA_DIR}/klusbus.yml)"


def timeline_figures(example: m.RunningExample, located: Located) -> tuple[m.RunningExample, list[Problem]]:
    """The timeline's texts with `{{ klusbus('id') }}` filled in: klusbus.yml is read before its own
    figures are known, so this comes after. An unknown figure is an error on the event's text."""
    path = f"{DATA_DIR}/klusbus.yml"
    problems: list[Problem] = []
    events = []
    for i, event in enumerate(example.timeline):
        text, unknown = expand_figures(event.text, example.figures)
        where = ("timeline", i, "text")
        problems += [
            Problem(path, located.line_of(where), ".".join(map(str, where)), unknown_figure(figure_id, example.figures))
            for figure_id in unknown
        ]
        events.append(event.model_copy(update={"text": text}))
    return example.model_copy(update={"timeline": events}), problems


def duplicate_ids(located: Located, path: str) -> list[Problem]:
    """In every list of items (mappings) of a YAML file: an identity key (IDENTITY_KEYS) whose value
    an earlier item already has. The error is on the second one and names the line of the first."""
    problems: list[Problem] = []

    def walk(value: Any, where: Loc) -> None:
        if isinstance(value, dict):
            for key, item in value.items():
                walk(item, where + (key,))
            return
        if not isinstance(value, list):
            return
        seen: dict[tuple[str, Any], int] = {}
        for i, item in enumerate(value):
            walk(item, where + (i,))
            if not isinstance(item, dict):
                continue
            for key in IDENTITY_KEYS:
                ident = item.get(key)
                if ident is None or isinstance(ident, (dict, list)):
                    continue
                norm = ident.casefold() if isinstance(ident, str) else ident
                line = located.line_of(where + (i, key))
                if (key, norm) in seen:
                    problems.append(
                        Problem(
                            path,
                            line,
                            ".".join(map(str, where + (i, key))),
                            f"{key} '{ident}' staat er twee keer (eerst op regel {seen[(key, norm)]})",
                        )
                    )
                else:
                    seen[(key, norm)] = line

    walk(located.data, ())
    return problems


def split_front_matter(text: str) -> tuple[str | None, str, int]:
    """Return (front matter text or None, body, line on which the body starts)."""
    if not text.startswith("---\n") and not text.startswith("---\r\n"):
        return None, text, 1
    lines = text.splitlines(keepends=True)
    for i in range(1, len(lines)):
        if lines[i].rstrip() in ("---", "..."):
            return "".join(lines[1:i]), "".join(lines[i + 1 :]), i + 2
    return None, text, 1


def read_text(file: Path, rel: str) -> tuple[str | None, list[Problem]]:
    """The text of a content file, or the line where it stops being UTF-8."""
    data = file.read_bytes()
    try:
        return data.decode("utf-8"), []
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        return None, [
            Problem(
                rel,
                line,
                "-",
                "het bestand is niet in UTF-8 opgeslagen (hier staat een teken dat "
                "niet klopt); sla het op als UTF-8, in je editor onder 'Codering'",
            )
        ]


def read_page(root: Path, file: Path) -> tuple[Page | None, Located | None, list[Problem]]:
    rel = file.relative_to(root).as_posix()
    src_uri = file.relative_to(root / "docs").as_posix()
    text, problems = read_text(file, rel)
    if text is None:
        return None, None, problems
    fm, body, body_line = split_front_matter(text)
    if fm is None:
        if text.startswith(("---\n", "---\r\n")):
            return (
                None,
                None,
                [
                    Problem(
                        rel,
                        1,
                        "-",
                        "het blok bovenaan (front matter) sluit niet af: zet er een regel met alleen --- onder",
                    )
                ],
            )
        return Page(rel, src_uri, {}, body, body_line), None, []
    located, problems = load_yaml(fm, rel, offset=1)
    if located is None:
        return None, None, problems
    meta = located.data if isinstance(located.data, dict) else {}
    if located.data is not None and not isinstance(located.data, dict):
        problems.append(Problem(rel, 2, "-", "front matter moet velden bevatten (sleutel: waarde)"))
    return Page(rel, src_uri, meta, body, body_line), located, problems


# --- the loader ---------------------------------------------------------------------------------


def _load_data_file(
    root: Path, name: str, model: type[BaseModel], figures: Mapping[str, m.Figure] | None
) -> tuple[Any, Located | None, list[Problem]]:
    path = f"{DATA_DIR}/{name}"
    file = root / path
    if not file.exists():
        return None, None, [Problem(path, 1, "-", "bestand ontbreekt")]
    text, problems = read_text(file, path)
    if text is None:
        return None, None, problems
    located, problems = load_yaml(text, path)
    if located is None:
        return None, None, problems
    return _validate_yaml(located, model, path, figures)


def _validate_yaml(
    located: Located, model: type[BaseModel], path: str, figures: Mapping[str, m.Figure] | None
) -> tuple[Any, Located, list[Problem]]:
    """Duplicate ids, the texts (figures, template code, Markdown) and the model of one YAML file."""
    problems = duplicate_ids(located, path)
    expanded, found = yaml_text(located.data, model, located, path, figures)
    problems += found
    value, found = validate_located(model, Located(expanded, located.lines, located.offset), path)
    return value, located, problems + found


def read_programme(root: Path) -> Read:
    """Read and validate every content file. The checks across files come on top of this
    (macros.checks.programme.load_programme)."""
    root = Path(root)
    problems: list[Problem] = []
    loaded: dict[str, Any] = {}
    located: dict[str, Located] = {}
    # The running example first: every other text may use its figures.
    for name in sorted(DATA_FILES, key=lambda n: n != "klusbus.yml"):
        example = loaded.get("klusbus.yml")
        value, loc, found = _load_data_file(root, name, DATA_FILES[name], example.figures if example else None)
        problems += found
        loaded[name] = value
        if loc is not None:
            located[name] = loc
    if loaded.get("klusbus.yml") is not None and "klusbus.yml" in located:
        loaded["klusbus.yml"], found = timeline_figures(loaded["klusbus.yml"], located["klusbus.yml"])
        problems += found
    figures = loaded["klusbus.yml"].figures if loaded.get("klusbus.yml") else None

    tools: dict[str, m.Tool] = {}
    tool_files: dict[str, str] = {}
    tool_located: dict[str, Located] = {}
    for file in sorted((root / WORKSHEETS_DIR).glob("*.yml")):
        rel = file.relative_to(root).as_posix()
        text, found = read_text(file, rel)
        problems += found
        if text is None:
            continue
        loc, found = load_yaml(text, rel)
        problems += found
        if loc is None:
            continue
        tool, loc, found = _validate_yaml(loc, m.Tool, rel, figures)
        problems += found
        if tool is None:
            continue
        if tool.id != file.stem:
            problems.append(
                Problem(
                    rel,
                    loc.line_of(("id",)),
                    "id",
                    f"id '{tool.id}' hoort gelijk te zijn aan de bestandsnaam '{file.stem}'",
                )
            )
            continue
        tool, found = check_model(tool, loc, rel, loaded.get("klusbus.yml"))
        problems += found
        tools[tool.id] = tool
        tool_files[tool.id] = rel
        tool_located[tool.id] = loc
    tools, found = resolve_remeasures(tools, tool_located, tool_files)
    problems += found

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
        in_weeks = (
            PurePosixPath(page.src_uri).parent.as_posix() == WEEKS_DIR and page.src_uri != f"{WEEKS_DIR}/index.md"
        )
        if "week" not in page.meta:
            if in_weeks:
                problems.append(
                    Problem(
                        page.path,
                        1,
                        "week",
                        f"een pagina in docs/{WEEKS_DIR}/ is een weekpagina: zet bovenaan het blok "
                        "met week, owner, phase en reviewed (zie python -m macros new-week), "
                        "of verplaats de pagina",
                    )
                )
            elif loc is not None and isinstance(loc.data, dict):
                problems += validate_located(m.PageMeta, loc, page.path)[1]
            continue
        assert loc is not None
        week_loc = loc
        for key in ("title", "tools", "product", "module", "contact"):
            if key in page.meta:
                what = "de titel" if key == "title" else f"'{key}'"
                problems.append(
                    Problem(
                        page.path,
                        loc.line_of((key,)),
                        key,
                        f"{what} van een week staat in docs/_data/programma.yml; haal '{key}' hier weg",
                    )
                )
                # the rest of the front matter is still checked
                week_loc = Located({k: v for k, v in week_loc.data.items() if k != key}, loc.lines, loc.offset)
        meta, found = validate_located(m.WeekMeta, week_loc, page.path)
        problems += found
        if meta is None:
            continue
        numbered = WEEK_FILE.match(PurePosixPath(page.src_uri).name)
        if in_weeks and numbered and int(numbered.group(1)) != meta.week:
            problems.append(
                Problem(
                    page.path,
                    loc.line_of(("week",)),
                    "week",
                    f"de bestandsnaam {PurePosixPath(page.src_uri).name} hoort bij week "
                    f"{int(numbered.group(1))}, maar hier staat week {meta.week}: "
                    f"pas het nummer of de bestandsnaam aan (week-{meta.week:02d}.md)",
                )
            )
        if meta.week in week_pages:
            problems.append(
                Problem(
                    page.path,
                    loc.line_of(("week",)),
                    "week",
                    f"week {meta.week} heeft al een pagina: {week_pages[meta.week].page.path}",
                )
            )
            continue
        week_pages[meta.week] = WeekPage(page, meta)
        week_located[meta.week] = loc

    if any(loaded[name] is None for name in DATA_FILES):
        return Read(None, problems)

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
        amounts=loaded["bedragen.yml"],
        wordlist={w.word for w in loaded["woordenlijst.yml"].words},
        tools=tools,
        tool_files=tool_files,
        week_pages=week_pages,
        pages=pages,
    )
    for number, week_page in week_pages.items():  # the step leads come from the time data
        page = week_page.page
        for at in typed_leads(page.body):
            problems.append(
                Problem(
                    page.path,
                    page.body_line + at,
                    "steps",
                    "deze stap begint met een tijd die met de hand is getypt: haal '**…, ± … minuten.**' "
                    "weg; de pagina zet de tijd uit 'steps' in de front matter ervoor",
                )
            )
        if any(w.week == number for w in programme.weeks):
            page.body = with_step_leads(page.body, step_leads(programme, number))
    return Read(programme, problems, located, tool_located, week_located)
