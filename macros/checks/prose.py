"""The language check: spelling of every page and of the prose of the YAML files (the shipped
OpenTaal dictionary plus the word list), and the readability of every page. The reading of Dutch
itself (prose units, dictionary, Flesch-Douma) is macros.checks.language."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from macros.checks import language
from macros.load.yamlpos import Loc, Located
from macros.model.numbers import format_number
from macros.model.problems import Problem
from macros.model.problems import problem as _p
from macros.model.programme import DATA_DIR

if TYPE_CHECKING:
    from macros.model.programme import Programme


# Keys whose text participants read: spelling is checked in YAML too.
PROSE_KEYS = {
    "title",
    "summary",
    "product",
    "intent",
    "when",
    "steps",
    "tips",
    "label",
    "question",
    "values",
    "definition",
    "description",
    "role",
    "goal",
    "preparation",
    "bring",
    "item",
    "columns",
    "text",
    "levels",
}


# Keys that never hold prose, even inside a prose key: {klusbus: id} (a table cell in klusbus.yml),
# and the id, unit and formula of a column of a model table (under `columns`, beside its label).
NAME_KEYS = {"klusbus", "id", "unit", "formula", "over"}


def _prose_leaves(data: Any, loc: Loc = (), inside: bool = False) -> Iterator[tuple[Loc, str]]:
    if isinstance(data, dict):
        for key, value in data.items():
            if key in NAME_KEYS:
                continue
            yield from _prose_leaves(value, loc + (key,), inside or key in PROSE_KEYS)
    elif isinstance(data, list):
        for i, value in enumerate(data):
            yield from _prose_leaves(value, loc + (i,), inside)
    elif isinstance(data, str) and inside:
        yield loc, data


def lint_language(prog: Programme, located: dict[str, Located], tool_located: dict[str, Located]) -> list[Problem]:
    """Spelling (the shipped OpenTaal dictionary + word list) of pages and YAML prose; readability
    of every page. A missing dictionary is an error, never a silent pass."""

    texts: dict[str, list[language.Unit]] = {}
    for page in prog.pages:
        if page.meta.get("language_check") is False:
            continue
        texts[page.path] = language.prose_units(page.body, page.body_line)
    files = {
        f"{DATA_DIR}/{name}": loc for name, loc in located.items() if name not in ("woordenlijst.yml", "bronnen.yml")
    }
    files.update({prog.tool_files[t]: loc for t, loc in tool_located.items() if t in prog.tools})
    for path, loc in files.items():
        units = []
        for where, text in _prose_leaves(loc.data):
            units += [language.Unit(loc.line_of(where), u.text) for u in language.prose_units(text, 1)]
        texts[path] = units

    problems: list[Problem] = []
    try:
        unknown = language.unknown_words([u.text for units in texts.values() for u in units], prog.wordlist)
    except language.DictionaryMissing as exc:
        unknown = set()
        problems.append(_p("macros/dictionaries/nl.dic", 1, "spelling", str(exc)))
    for path, units in sorted(texts.items()):
        for line, word in language.locate(units, unknown):
            problems.append(
                _p(
                    path,
                    line,
                    "spelling",
                    f"'{word}' staat niet in het woordenboek (OpenTaal); verbeter het, "
                    f"of zet het in docs/_data/woordenlijst.yml als het goed is",
                )
            )
        if not path.endswith(".md"):
            continue
        score = language.readability(units)
        first = next((p.body_line for p in prog.pages if p.path == path), 1)
        if score.words >= language.MIN_WORDS_FOR_READABILITY:
            if score.words_per_sentence > language.MAX_WORDS_PER_SENTENCE:
                problems.append(
                    _p(
                        path,
                        first,
                        "leesbaarheid",
                        f"gemiddeld {format_number(score.words_per_sentence)} woorden per zin; maximaal "
                        f"{format_number(language.MAX_WORDS_PER_SENTENCE)}: maak zinnen korter",
                    )
                )
            if score.flesch_douma < language.MIN_FLESCH_DOUMA:
                problems.append(
                    _p(
                        path,
                        first,
                        "leesbaarheid",
                        f"Flesch-Douma {format_number(score.flesch_douma)}; minimaal "
                        f"{format_number(language.MIN_FLESCH_DOUMA)}: "
                        f"gebruik kortere zinnen en woorden",
                    )
                )
    return problems
