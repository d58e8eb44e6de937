"""Language checks for participant pages: readability (Flesch-Douma, words per sentence) and Dutch
spelling against the shipped OpenTaal dictionary (spylls) and the project's word list."""

from __future__ import annotations

import hashlib
import json
import re
import sys
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

from macros.load import cachefile
from macros.markdown.reader import read
from macros.model.memo import memo

if TYPE_CHECKING:
    from spylls.hunspell import Dictionary

MAX_WORDS_PER_SENTENCE = 18.0
MIN_FLESCH_DOUMA = 45.0
MIN_WORDS_FOR_READABILITY = 120  # shorter pages (mostly generated lists) are not scored

# Lines of a paragraph that are not running text: a `#` line (a heading in Python-Markdown), HTML,
# an image, a macro or template tag, a definition (def_list) and table-like or rule-like lines.
_SKIP_LINE = re.compile(r"^\s*(\||#|<|!\[|\?\?\?|---|\{\{|\{%|:\s{3})")
_INLINE_DROP = [
    (re.compile(r"(\*{1,2}|_)[^*_]+\1\{:?\s*lang=\"?[a-z-]+\"?\s*\}"), ""),  # *Getting to Yes*{lang=en}
    (re.compile(r"\{\{.*?\}\}"), "12"),  # a macro yields a number or a name
    (re.compile(r"\{%.*?%\}"), ""),
    (re.compile(r"\[@[^\]]+\]"), ""),  # citations
    (re.compile(r"`[^`]*`"), ""),  # inline code
    (re.compile(r"!\[[^\]]*\]\([^)]*\)"), ""),  # images
    (re.compile(r"\[([^\]]*)\]\([^)]*\)(\{[^}]*\})?"), r"\1"),  # links keep their text
    (re.compile(r"<https?://[^>]+>"), ""),
    (re.compile(r"https?://\S+"), ""),
    (re.compile(r"<[^>]+>"), ""),  # inline HTML tags
    (re.compile(r"\{[:#.][^}]*\}"), ""),  # attribute lists
    (re.compile(r"[*_]{1,3}"), ""),  # emphasis markers
]
_LIST_MARK = re.compile(r"^\s*(?:[-*+]|\d+\.)\s+")


@dataclass(frozen=True)
class Unit:
    """One sentence group: a paragraph or a list item, with its first line in the file."""

    line: int
    text: str


def prose_units(body: str, first_line: int = 1) -> list[Unit]:
    """The running text of a Markdown body: paragraphs and list items (each item starts a unit), as
    the reader finds them (macros/markdown/reader.py: no code, tables, headings, HTML blocks or
    admonition titles), without lines of macros, images or inline HTML. Kept per text in the
    process memo (a rebuild of `mkdocs serve` reads the same texts again)."""
    return list(memo("prose units", (body, first_line), lambda: tuple(_prose_units(body, first_line))))


def _prose_units(body: str, first_line: int) -> list[Unit]:
    doc = read(body)
    item_starts = {p.start for p in doc.paragraphs if p.item}
    units: list[Unit] = []
    current: list[str] = []
    start = first_line

    def flush() -> None:
        nonlocal current
        if current:
            text = " ".join(current).strip()
            if text:
                if not re.search(r"[.!?:;]$", text):
                    text += "."
                units.append(Unit(start, text))
        current = []

    for index, raw in enumerate(doc.lines):
        number = first_line + index
        if doc.kinds[index] != "paragraph" or _SKIP_LINE.match(raw):
            flush()
            continue
        line = raw.strip()
        if line.startswith(">"):
            line = line.lstrip("> ").strip()
        if index in item_starts:
            flush()
            line = _LIST_MARK.sub("", line).strip()
        for pattern, replacement in _INLINE_DROP:
            line = pattern.sub(replacement, line)
        if not current:
            start = number
        current.append(line)
    flush()
    return units


@dataclass(frozen=True)
class Readability:
    words: int
    sentences: int
    words_per_sentence: float
    flesch_douma: float


def readability(units: list[Unit]) -> Readability:
    text = " ".join(u.text for u in units)
    return memo("readability", text, lambda: _readability(text))


def _readability(text: str) -> Readability:
    import textstat

    textstat.set_lang("nl")
    words = textstat.lexicon_count(text)
    sentences = max(1, textstat.sentence_count(text))
    return Readability(
        words, sentences, round(words / sentences, 1), round(textstat.flesch_reading_ease(text), 1) if words else 100.0
    )


# The Dutch dictionary ships with the project, so the spelling check gives the same answer on every
# machine: OpenTaal 2.20 (nl.aff and nl.dic as in Debian's hunspell-nl 2:2.20.19-2, licence in
# dictionaries/LICENSE-OpenTaal.txt), read by spylls (pure Python, pinned in pyproject.toml). No
# system hunspell is used. Updating it: replace both files and these digests in one commit.
DICTIONARY_DIR = Path(__file__).resolve().parents[1] / "dictionaries"
DICTIONARY = DICTIONARY_DIR / "nl"
DICTIONARY_SHA256 = {
    "nl.aff": "8b6ee59821b306c829b42faf4350b71a23a415b46621d9ae0c3164a2c94ed1e1",
    "nl.dic": "9e5c975c2b501f55ea5a704e72d0727e9ae6f55980cc37a0290c40098d59414a",
}
INSTALL_LINE = "make install (of: .venv/bin/python -m pip install -e '.[test]')"


class DictionaryMissing(RuntimeError):
    """The spelling check cannot run: never a silent pass."""


def _verified_files() -> tuple[Path, Path]:
    """The .aff and .dic files of the shipped dictionary; DictionaryMissing (in Dutch, with the fix)
    when one is missing or is not the pinned version, or when spylls is not installed."""
    aff, dic = DICTIONARY.with_suffix(".aff"), DICTIONARY.with_suffix(".dic")
    missing = [str(p) for p in (aff, dic) if not p.is_file()]
    if missing:
        raise DictionaryMissing(
            f"het Nederlandse woordenboek ontbreekt ({', '.join(missing)}); de spellingcontrole kan "
            f"niet draaien. Zet de bestanden terug (git checkout -- macros/dictionaries/) en "
            f"installeer opnieuw: {INSTALL_LINE}"
        )
    changed = [
        p.name for p in (aff, dic) if hashlib.sha256(p.read_bytes()).hexdigest() != DICTIONARY_SHA256.get(p.name)
    ]
    if changed:
        raise DictionaryMissing(
            f"het Nederlandse woordenboek is niet de vastgezette versie ({', '.join(changed)} is "
            f"veranderd); zet het terug (git checkout -- macros/dictionaries/) of werk "
            f"DICTIONARY_SHA256 in macros/checks/language.py bij"
        )
    try:
        import spylls.hunspell  # noqa: F401
    except ImportError as exc:
        raise DictionaryMissing(
            f"spylls ontbreekt ({exc}); zonder spylls kan de spellingcontrole het woordenboek niet "
            f"lezen. Installeer het: {INSTALL_LINE}"
        ) from exc
    return aff, dic


@lru_cache(maxsize=1)
def dictionary() -> Dictionary:
    """The shipped OpenTaal dictionary in spylls; DictionaryMissing (in Dutch, with the fix) when
    spylls or a dictionary file is missing (see _verified_files)."""
    _verified_files()
    from spylls.hunspell import Dictionary

    return Dictionary.from_files(str(DICTIONARY))


# Reading the dictionary into spylls takes one to two seconds, in every build and every `python -m
# macros` process. The answers (word → known) are therefore kept on disk, in one JSON file per
# version of everything an answer depends on: the pinned dictionary files, the spylls version, the
# Python version and this module's code (_lookup, _plain). A process whose words are all in that
# file does not read the dictionary at all; the dictionary files are still verified first (a
# missing or changed dictionary stays an error). A file that cannot be read, is not this format or
# whose checksum does not match its words is ignored (the words are looked up afresh) and
# replaced; a file that cannot be written only costs time. None switches the store off.
SPELLING_CACHE_DIR: Path | None = Path(__file__).resolve().parents[2] / ".cache" / "spelling"
SPELLING_CACHE_MAX_WORDS = 200_000


def _store_path(directory: Path) -> Path:
    from importlib import metadata

    try:
        spylls_version = metadata.version("spylls")
    except metadata.PackageNotFoundError:
        spylls_version = "missing"
    parts = [
        f"dictionary:{json.dumps(DICTIONARY_SHA256, sort_keys=True)}",
        f"spylls:{spylls_version}",
        f"python:{sys.version}",  # str.lower() and friends follow Python's Unicode tables
        f"code:{hashlib.sha256(Path(__file__).read_bytes()).hexdigest()}",
    ]
    return directory / f"{hashlib.sha256(chr(10).join(parts).encode()).hexdigest()}.json"


def _words_digest(words: dict[str, bool]) -> str:
    text = json.dumps(words, sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _read_store(path: Path) -> dict[str, bool]:
    """The stored answers, or {} when the file is missing, unreadable or fails its checksum."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        words = data["words"]
        if not (
            isinstance(words, dict)
            and all(isinstance(k, str) and isinstance(v, bool) for k, v in words.items())
            and data["sha256"] == _words_digest(words)
        ):
            return {}
        return words
    except (OSError, ValueError, TypeError, KeyError):
        return {}


def _write_store(path: Path, words: dict[str, bool]) -> None:
    """Add `words` to the stored answers, atomically (macros/load/cachefile.py); another process's
    answers written meanwhile are kept. Files of other versions (an older language.py, spylls or
    dictionary) go after a month."""
    merged = _read_store(path)
    if len(merged) + len(words) > SPELLING_CACHE_MAX_WORDS:
        merged = {}
    merged.update(words)
    data = json.dumps({"sha256": _words_digest(merged), "words": merged}).encode("utf-8")
    if cachefile.replace(path, data):
        cachefile.prune(path, "*.json")


# A token with a slash or an @ is an address or a path (hunspell skips these too); a word with a
# digit or an underscore is a code, an escape or a name in code, not Dutch.
_ADDRESS = re.compile(r"[/@]|\w\.\w")
_TOKEN = re.compile(r"[\w'’-]+")


def words_of(text: str) -> frozenset[str]:
    """The words of a text that spelling applies to: no numbers, addresses, paths or file names.
    Kept per text (macros/model/memo.py): a rebuild splits only the texts that changed."""
    return memo("words", text, lambda: _words_of(text))


def _words_of(text: str) -> frozenset[str]:
    found: set[str] = set()
    for chunk in text.split():
        if _ADDRESS.search(chunk.strip(".,;:!?'\"()‘’“”")):
            continue
        for token in _TOKEN.findall(chunk):
            word = token.strip("'’-")
            if word and not any(ch.isdigit() or ch == "_" for ch in word):
                found.add(word)
    return frozenset(found)


def _plain(word: str) -> str:
    """A capitalised word at the start of a sentence may be known in lower case."""
    if word.startswith("Eé"):  # "Eén" is the capital of "één"
        return "é" + word[1:]
    return word.lower() if word[:1].isupper() and word[1:].islower() else word


def _lookup(word: str) -> bool:
    lookup = dictionary().lookup
    return bool(lookup(word) or (_plain(word) != word and lookup(_plain(word))))


def unknown_words(texts: list[str], known: set[str]) -> set[str]:
    """Every word in `texts` that the Dutch dictionary and the word list do not know. Results are
    kept per word (in the process and in SPELLING_CACHE_DIR), so a rebuild only looks up new words.
    Raises DictionaryMissing, never skips."""
    _verified_files()
    found = {w for text in texts for w in words_of(text)}
    candidates = sorted(w for w in found if w not in known and w.lower() not in known)
    path = _store_path(SPELLING_CACHE_DIR) if SPELLING_CACHE_DIR is not None else None
    stored = _read_store(path) if path is not None and candidates else {}

    def answer(word: str) -> bool:
        return memo("spelling", word, lambda: stored[word] if word in stored else _lookup(word))

    answers = {w: answer(w) for w in candidates}
    if path is not None:
        new = {w: known_ for w, known_ in answers.items() if stored.get(w) is not known_}
        if new:
            _write_store(path, new)
    return {w for w, known_ in answers.items() if not known_}


def locate(units: list[Unit], unknown: set[str]) -> list[tuple[int, str]]:
    """(line, word) for each unknown word that occurs in these units, first occurrence only."""
    found: list[tuple[int, str]] = []
    for word in sorted(unknown):
        pattern = re.compile(rf"(?<![\w-]){re.escape(word)}(?![\w-])")
        line = next((u.line for u in units if pattern.search(u.text)), None)
        if line is not None:
            found.append((line, word))
    return found
