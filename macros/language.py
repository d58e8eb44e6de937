"""Language checks for participant pages: readability (Flesch-Douma, words per sentence) and Dutch
spelling with hunspell-nl against the project's word list."""

from __future__ import annotations

import re
import shutil
import subprocess
from dataclasses import dataclass
from functools import lru_cache

from macros.memo import _store as _seen_texts, memo

MAX_WORDS_PER_SENTENCE = 18.0
MIN_FLESCH_DOUMA = 45.0
MIN_WORDS_FOR_READABILITY = 120  # shorter pages (mostly generated lists) are not scored

_FENCE = re.compile(r"^\s*(```|~~~)")
_SKIP_LINE = re.compile(r"^\s*(\||#|<|!\[|\?\?\?|---|\{\{|\{%|:\s{3})")
_INLINE_DROP = [
    (re.compile(r"(\*{1,2}|_)[^*_]+\1\{:?\s*lang=\"?[a-z-]+\"?\s*\}"), ""),  # *Getting to Yes*{lang=en}
    (re.compile(r"\{\{.*?\}\}"), "12"),                 # a macro yields a number or a name
    (re.compile(r"\{%.*?%\}"), ""),
    (re.compile(r"\[@[^\]]+\]"), ""),                  # citations
    (re.compile(r"`[^`]*`"), ""),                      # inline code
    (re.compile(r"!\[[^\]]*\]\([^)]*\)"), ""),         # images
    (re.compile(r"\[([^\]]*)\]\([^)]*\)(\{[^}]*\})?"), r"\1"),  # links keep their text
    (re.compile(r"<https?://[^>]+>"), ""),
    (re.compile(r"https?://\S+"), ""),
    (re.compile(r"<[^>]+>"), ""),                      # inline HTML tags
    (re.compile(r"\{[:#.][^}]*\}"), ""),               # attribute lists
    (re.compile(r"[*_]{1,3}"), ""),                    # emphasis markers
]
_LIST_MARK = re.compile(r"^\s*(?:[-*+]|\d+\.)\s+")


@dataclass(frozen=True)
class Unit:
    """One sentence group: a paragraph or a list item, with its first line in the file."""
    line: int
    text: str


def prose_units(body: str, first_line: int = 1) -> list[Unit]:
    """The running text of a Markdown body: paragraphs and list items, without code, tables,
    headings, HTML blocks, admonition titles or macros."""
    units: list[Unit] = []
    current: list[str] = []
    start = first_line
    fenced = False

    def flush() -> None:
        nonlocal current
        if current:
            text = " ".join(current).strip()
            if text:
                if not re.search(r"[.!?:;]$", text):
                    text += "."
                units.append(Unit(start, text))
        current = []

    for number, raw in enumerate(body.splitlines(), start=first_line):
        if _FENCE.match(raw):
            fenced = not fenced
            flush()
            continue
        if fenced or not raw.strip() or _SKIP_LINE.match(raw):
            flush()
            continue
        line = raw.strip()
        if line.startswith(">"):
            line = line.lstrip("> ").strip()
        if _LIST_MARK.match(raw):
            flush()
            line = _LIST_MARK.sub("", raw).strip()
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
    return Readability(words, sentences, round(words / sentences, 1),
                       round(textstat.flesch_reading_ease(text), 1) if words else 100.0)


@lru_cache(maxsize=1)
def hunspell_command() -> list[str] | None:
    """`hunspell -d nl_NL -l`, or None when hunspell or the Dutch dictionary is missing."""
    binary = shutil.which("hunspell")
    if binary is None:
        return None
    for name in ("nl_NL", "nl"):
        for folder in ("/usr/share/hunspell", "/usr/share/myspell", "/usr/share/myspell/dicts"):
            if shutil.os.path.exists(f"{folder}/{name}.dic"):
                return [binary, "-d", f"{folder}/{name}", "-l", "-i", "utf-8"]
    return None


def unknown_words(texts: list[str], known: set[str]) -> set[str]:
    """Every word in `texts` that hunspell-nl and the word list do not know. Results are kept per
    text, so a rebuild only sends changed text to hunspell (at most two runs per check)."""
    command = hunspell_command()
    if command is None or not texts:
        return set()
    new = sorted({t for t in texts if ("hunspell", t) not in _seen_texts})
    if new:
        raw = _hunspell(command, new)
        for text in new:
            _seen_texts[("hunspell", text)] = frozenset(
                w for w in raw if re.search(rf"(?<![\w-]){re.escape(w)}(?![\w-])", text))
    found: set[str] = set()
    for text in texts:
        found |= _seen_texts[("hunspell", text)]
    return {w for w in found if w not in known and w.lower() not in known}


def _hunspell(command: list[str], texts: list[str]) -> set[str]:
    result = subprocess.run(command, input="\n".join(texts), capture_output=True, text=True, check=True)
    candidates = set()
    for word in result.stdout.split():
        word = word.strip(".,;:!?'\"()‘’“”")
        if word and not any(ch.isdigit() for ch in word):
            candidates.add(word)

    # Second run on the cleaned words: drops tokens hunspell saw with quotes attached, and a
    # capitalised word at the start of a sentence that hunspell knows in lower case.
    def plain(word: str) -> str:
        if word.startswith("Eé"):  # "Eén" is the capital of "één"
            return "é" + word[1:]
        return word.lower() if word[:1].isupper() and word[1:].islower() else word

    if candidates:
        check = subprocess.run(command, input="\n".join(plain(w) for w in sorted(candidates)),
                               capture_output=True, text=True, check=True)
        still_unknown = set(check.stdout.split())
        candidates = {w for w in candidates if plain(w) in still_unknown}
    return candidates


def locate(units: list[Unit], unknown: set[str]) -> list[tuple[int, str]]:
    """(line, word) for each unknown word that occurs in these units, first occurrence only."""
    found: list[tuple[int, str]] = []
    for word in sorted(unknown):
        pattern = re.compile(rf"(?<![\w-]){re.escape(word)}(?![\w-])")
        line = next((u.line for u in units if pattern.search(u.text)), None)
        if line is not None:
            found.append((line, word))
    return found
