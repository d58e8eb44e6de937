"""Same result on every machine (issue 12): the spelling check needs no system package and fails
loudly when its dictionary is gone, the system packages are listed in one place, the downloads
cache key covers every input of the bytes, and numbers are written the Dutch way everywhere."""

from __future__ import annotations

import functools
import json
import os
import re
import time
from importlib import metadata
from pathlib import Path

import pytest

from macros.checks import language

ROOT = Path(__file__).resolve().parent.parent
FIXTURE = Path(__file__).parent / "fixtures" / "mini"


# --- spelling -------------------------------------------------------------------------------------


@pytest.fixture
def fresh_spelling(monkeypatch):
    """Forget what the spelling check has cached, before and after the test, and keep no answers
    on disk (SPELLING_CACHE_DIR off): each lookup goes to the dictionary."""
    from macros.model import memo

    monkeypatch.setattr(language, "SPELLING_CACHE_DIR", None)

    def forget():
        memo.clear()
        for name in ("dictionary", "hunspell_command"):
            cached = getattr(language, name, None)
            if hasattr(cached, "cache_clear"):
                cached.cache_clear()

    forget()
    yield
    forget()


def test_spelling_works_without_system_hunspell(fresh_spelling, monkeypatch, tmp_path):
    """No hunspell on the PATH and no /usr/share/hunspell: the check still finds the typo."""
    import shutil

    monkeypatch.setenv("PATH", str(tmp_path))
    real_exists = Path.exists
    monkeypatch.setattr(shutil, "which", lambda *a, **k: None)
    monkeypatch.setattr(
        Path, "exists", lambda self: False if str(self).startswith("/usr/share/") else real_exists(self)
    )
    unknown = language.unknown_words(
        ["Dit is een initatief van jullie organisatie.", "Eén duo maakt een begroting."], set()
    )
    assert unknown == {"initatief"}


def test_missing_dictionary_is_an_error_with_the_fix(fresh_spelling, monkeypatch, tmp_path, capsys):
    """A missing dictionary fails `make check` with a Dutch message and the install line."""
    from macros.site.cli import check

    monkeypatch.setattr(language, "DICTIONARY", tmp_path / "weg" / "nl", raising=False)
    assert check(FIXTURE, False) == 1
    out = capsys.readouterr()
    text = out.out + out.err
    assert "woordenboek" in text and "ontbreekt" in text, text
    assert "pip install -e" in text or "make install" in text, text


def test_missing_dictionary_raises_in_code(fresh_spelling, monkeypatch, tmp_path):
    monkeypatch.setattr(language, "DICTIONARY", tmp_path / "weg" / "nl", raising=False)
    with pytest.raises(getattr(language, "DictionaryMissing", Exception), match="ontbreekt"):
        language.unknown_words(["Een zin."], set())


def test_shipped_dictionary_is_the_pinned_one():
    import hashlib

    for path, digest in language.DICTIONARY_SHA256.items():
        assert hashlib.sha256((language.DICTIONARY_DIR / path).read_bytes()).hexdigest() == digest


def test_a_changed_dictionary_is_an_error(fresh_spelling, monkeypatch, tmp_path):
    import shutil

    for name in ("nl.aff", "nl.dic"):
        shutil.copy(language.DICTIONARY_DIR / name, tmp_path / name)
    with (tmp_path / "nl.dic").open("a", encoding="utf-8") as handle:
        handle.write("initatief\n")
    monkeypatch.setattr(language, "DICTIONARY", tmp_path / "nl")
    with pytest.raises(language.DictionaryMissing, match="vastgezette versie"):
        language.unknown_words(["Een initatief."], set())


# --- the spelling answers kept on disk (language.SPELLING_CACHE_DIR) ----------------------------

SPELLING_TEXTS = ["Dit is een initatief van jullie organisatie.", "Eén duo maakt een begroting voor Klusbus."]
SPELLING_UNKNOWN = {"initatief", "Klusbus"}


def _new_process():
    """What a new process has: no answers in memory. (The dictionary read stays in memory: it is
    the pinned one; a test that must not read it replaces `dictionary`, _no_dictionary.)"""
    from macros.model import memo

    memo.clear()


@pytest.fixture
def spelling_store(monkeypatch, tmp_path) -> Path:
    """The store in a folder of the test's own; the memo and dictionary forgotten around the test."""
    folder = tmp_path / "spelling"
    monkeypatch.setattr(language, "SPELLING_CACHE_DIR", folder)
    _new_process()
    yield folder
    _new_process()


def _no_dictionary(monkeypatch) -> None:
    def refuse():
        raise AssertionError("the dictionary was read although every answer is stored")

    monkeypatch.setattr(language, "dictionary", refuse)


def test_a_second_process_takes_the_spelling_answers_from_the_store(spelling_store, monkeypatch):
    assert language.unknown_words(SPELLING_TEXTS, set()) == SPELLING_UNKNOWN
    (stored,) = spelling_store.glob("*.json")
    words = json.loads(stored.read_text("utf-8"))["words"]
    assert words["initatief"] is False and words["begroting"] is True and words["Eén"] is True
    _new_process()
    with monkeypatch.context() as patch:
        _no_dictionary(patch)
        assert language.unknown_words(SPELLING_TEXTS, set()) == SPELLING_UNKNOWN
        # The word list still applies to stored answers.
        assert language.unknown_words(SPELLING_TEXTS, {"klusbus"}) == {"initatief"}
    # A word that is not stored yet is looked up and added.
    _new_process()
    assert language.unknown_words(["Een nieuw woordd."], set()) == {"woordd"}
    words = json.loads(stored.read_text("utf-8"))["words"]
    assert words["woordd"] is False and words["initatief"] is False


def test_a_missing_or_changed_dictionary_is_an_error_even_with_every_answer_stored(
    spelling_store, monkeypatch, tmp_path
):
    import shutil

    assert language.unknown_words(["Een initatief."], set()) == {"initatief"}
    _new_process()
    with monkeypatch.context() as patch:
        patch.setattr(language, "DICTIONARY", tmp_path / "weg" / "nl")
        with pytest.raises(language.DictionaryMissing, match="ontbreekt"):
            language.unknown_words(["Een initatief."], set())
    for name in ("nl.aff", "nl.dic"):
        shutil.copy(language.DICTIONARY_DIR / name, tmp_path / name)
    with (tmp_path / "nl.dic").open("a", encoding="utf-8") as handle:
        handle.write("initatief\n")
    monkeypatch.setattr(language, "DICTIONARY", tmp_path / "nl")
    with pytest.raises(language.DictionaryMissing, match="vastgezette versie"):
        language.unknown_words(["Een initatief."], set())


def _stored_file(folder: Path) -> Path:
    (path,) = folder.glob("*.json")
    return path


@pytest.mark.parametrize(
    "damage",
    [
        "garbage",
        "empty",
        "truncated",
        "not an object",
        "no checksum",
        "flipped answer",
        "answer not a boolean",
        "folder in its place",
    ],
)
def test_a_damaged_store_changes_no_answer_and_is_replaced(spelling_store, monkeypatch, damage):
    """Whatever is wrong with the file, the check gives the dictionary's answers (here: the store
    claims every word is known or unknown, or cannot be read) and writes a good file again."""
    assert language.unknown_words(SPELLING_TEXTS, set()) == SPELLING_UNKNOWN
    path = _stored_file(spelling_store)
    good = json.loads(path.read_text("utf-8"))
    if damage == "garbage":
        path.write_bytes(b"\x00\xff not json")
    elif damage == "empty":
        path.write_bytes(b"")
    elif damage == "truncated":
        path.write_text(path.read_text("utf-8")[:-40], encoding="utf-8")
    elif damage == "not an object":
        path.write_text(json.dumps(list(good["words"])), encoding="utf-8")
    elif damage == "no checksum":
        path.write_text(json.dumps({"words": {w: not v for w, v in good["words"].items()}}), encoding="utf-8")
    elif damage == "flipped answer":
        words = dict(good["words"], initatief=True, begroting=False)
        path.write_text(json.dumps({"sha256": good["sha256"], "words": words}), encoding="utf-8")
    elif damage == "answer not a boolean":
        words = dict(good["words"], initatief=1)
        path.write_text(json.dumps({"sha256": language._words_digest(words), "words": words}), encoding="utf-8")
    elif damage == "folder in its place":
        path.unlink()
        path.mkdir()
    _new_process()
    assert language.unknown_words(SPELLING_TEXTS, set()) == SPELLING_UNKNOWN
    if damage == "folder in its place":
        assert path.is_dir()  # could not be replaced: the check still answered
        return
    assert json.loads(path.read_text("utf-8")) == good  # replaced by a good file
    _new_process()
    with monkeypatch.context() as patch:
        _no_dictionary(patch)
        assert language.unknown_words(SPELLING_TEXTS, set()) == SPELLING_UNKNOWN


def test_a_write_removes_stores_of_other_versions_unused_for_30_days(spelling_store):
    spelling_store.mkdir(parents=True)
    old, recent = spelling_store / ("0" * 64 + ".json"), spelling_store / ("1" * 64 + ".json")
    for path in (old, recent):
        path.write_text("{}", encoding="utf-8")
    month = time.time() - 31 * 86400
    os.utime(old, (month, month))
    assert language.unknown_words(["Een initatief."], set()) == {"initatief"}
    assert sorted(p.name for p in spelling_store.iterdir()) == sorted(
        [recent.name, language._store_path(spelling_store).name]
    )


def test_a_store_that_cannot_be_written_only_costs_time(spelling_store, monkeypatch):
    spelling_store.parent.joinpath("blocked").write_text("", encoding="utf-8")
    monkeypatch.setattr(language, "SPELLING_CACHE_DIR", spelling_store.parent / "blocked" / "spelling")
    assert language.unknown_words(SPELLING_TEXTS, set()) == SPELLING_UNKNOWN
    assert not list(spelling_store.parent.glob("blocked*/**/*.tmp"))


def test_the_store_is_another_file_for_another_dictionary_spylls_python_or_code(spelling_store, monkeypatch):
    import sys

    """The file's name is a digest of everything an answer depends on."""
    original = language._store_path(spelling_store)
    with monkeypatch.context() as patch:
        patch.setattr(language, "DICTIONARY_SHA256", dict(language.DICTIONARY_SHA256, **{"nl.dic": "0" * 64}))
        assert language._store_path(spelling_store) != original
    real_version = metadata.version
    with monkeypatch.context() as patch:
        patch.setattr(metadata, "version", lambda n: "0.0.0-changed" if n == "spylls" else real_version(n))
        assert language._store_path(spelling_store) != original
    with monkeypatch.context() as patch:
        patch.setattr(sys, "version", sys.version + " changed")
        assert language._store_path(spelling_store) != original
    module = Path(language.__file__).resolve()
    real_read = Path.read_bytes
    with monkeypatch.context() as patch:
        patch.setattr(
            Path, "read_bytes", lambda self: real_read(self) + (b"#" if Path(self).resolve() == module else b"")
        )
        assert language._store_path(spelling_store) != original
    assert language._store_path(spelling_store) == original


def test_processes_writing_the_store_at_once_keep_a_readable_file(spelling_store):
    """Two processes each add forty words, one write each, at the same time: the file is whole
    after every write (os.replace) and every word in it carries its own answer. (The processes
    answer with a stand-in for the dictionary, which would only make this test slow.)"""
    import subprocess
    import sys

    script = (
        "import sys, pathlib\n"
        "from macros.checks import language\n"
        "language.SPELLING_CACHE_DIR = pathlib.Path(sys.argv[1])\n"
        "language._lookup = lambda word: not word.endswith('x')\n"
        "for n in range(40):\n"
        "    word = sys.argv[2] + 'abcdefghij'[n % 10] + 'klmnopqrst'[n // 10] + 'xy'[n % 2]\n"
        "    assert language.unknown_words([word], set()) == ({word} if n % 2 == 0 else set())\n"
        "    assert language._read_store(language._store_path(language.SPELLING_CACHE_DIR))\n"
    )
    runs = [
        subprocess.Popen([sys.executable, "-c", script, str(spelling_store), prefix], cwd=ROOT, stderr=subprocess.PIPE)
        for prefix in ("woord", "zin")
    ]
    errors = [run.communicate(timeout=120)[1] for run in runs]
    assert [run.returncode for run in runs] == [0, 0], errors
    path = _stored_file(spelling_store)
    words = language._read_store(path)
    assert words and words == json.loads(path.read_text("utf-8"))["words"]
    assert all(words[w] == (not w.endswith("x")) for w in words), words
    assert not list(spelling_store.glob("*.tmp"))


def test_no_test_skips_when_a_tool_or_dictionary_is_missing():
    """A check that quietly skips is a defect: no skip mentions hunspell or a dictionary."""
    offenders = []
    for path in sorted((ROOT / "tests").glob("*.py")):
        for number, line in enumerate(path.read_text("utf-8").splitlines(), 1):
            if (
                re.search(r"skip\(|skipif|importorskip", line)
                and re.search(r"hunspell|spylls|woordenboek|dictionary", line, re.I)
                and path.name != Path(__file__).name
            ):
                offenders.append(f"{path.name}:{number}: {line.strip()}")
    assert not offenders, offenders


# --- system packages in one place ----------------------------------------------------------------

PACKAGES = ROOT / ".ci" / "packages.txt"


def packages() -> list[str]:
    return [
        line.split("#")[0].strip() for line in PACKAGES.read_text("utf-8").splitlines() if line.split("#")[0].strip()
    ]


def test_system_packages_are_listed_once_and_used_everywhere():
    listed = packages()
    assert len(listed) == len(set(listed))
    for needed in (
        "chromium",
        "poppler-utils",
        "libreoffice-calc-nogui",
        "make",
        "python3-venv",
        "git",
        "default-jre-headless",
        "npm",
    ):
        assert needed in listed, needed
    run = (ROOT / ".ci" / "run").read_text("utf-8")
    workflow = (ROOT / ".github" / "workflows" / "site.yml").read_text("utf-8")
    readme = (ROOT / "README.md").read_text("utf-8")
    for name, text in (("run", run), ("workflow", workflow), ("README", readme)):
        assert ".ci/packages.txt" in text or (name == "run" and "packages.txt" in text), name
        # No second list: no package of the list is named in an apt-get line of its own.
        for line in text.splitlines():
            if "apt-get install" in line and "packages.txt" not in line:
                assert not any(
                    re.search(rf"(?<![\w-]){re.escape(p)}(?![\w-])", line) for p in listed if p != "chromium"
                ), f"{name}: {line.strip()}"


# --- the downloads cache key ---------------------------------------------------------------------

from macros.downloads import cache, fonts  # noqa: E402

MACROS = ROOT / "macros"


def _forget_key_caches():
    fonts.font_digest.cache_clear()
    for name in dir(cache):
        if hasattr(getattr(cache, name), "cache_clear"):
            getattr(cache, name).cache_clear()


@pytest.fixture
def fresh_key():
    """Forget what the key has memoised, before and after the test.

    The installed distributions do not change within a test, so the map of import names to
    distributions (`packages_distributions()`, a read of every installed package's file list,
    most of the time of a key) is read once per test instead of once per key. That can only make
    a key change less, never more: a test that finds a changed key finds it without this too."""
    _forget_key_caches()
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(metadata, "packages_distributions", functools.cache(metadata.packages_distributions))
        yield
    _forget_key_caches()


def test_producing_modules_come_from_the_import_graph():
    files = {p.relative_to(MACROS).as_posix() for p in cache.producing_files()}
    for name in (
        "downloads/pdf.py",
        "downloads/word.py",
        "downloads/workbook.py",
        "downloads/ics.py",
        "downloads/bundle.py",
        "downloads/index.py",
        "downloads/common.py",
        "model/schema.py",
        "model/paths.py",
        "model/calendar_dates.py",
        "model/numbers.py",
        "__init__.py",
        "model/__init__.py",
        "downloads/__init__.py",
    ):
        assert name in files, name
    # Only what the producers import: the site's pages and checks are not part of a download.
    for name in ("checks/references.py", "render/pages.py", "site/adapter.py", "checks/language.py"):
        assert name not in files, name


def test_every_module_whose_code_runs_in_a_producer_is_in_the_key():
    """Make every download of the fixture in a fresh interpreter and record each file of macros/
    whose code runs while the files are made: all of them must be in the key. (The code that
    computes a download's inputs needs not be: the inputs themselves are in the key.)"""
    import subprocess
    import sys

    script = "\n".join(
        [
            "import sys, pathlib",
            "from macros.checks.programme import load_programme",
            "from macros.downloads import cache, index",
            "prog, _ = load_programme(pathlib.Path(sys.argv[1]))",
            "items = index.downloads(prog, 'https://example.org/', 1767225600)",
            "ran = set()",
            "sys.setprofile(lambda frame, event, arg: ran.add(frame.f_code.co_filename))",
            "built = cache.generate(items, None).built",
            "sys.setprofile(None)",
            "assert len(built) > 5",
            "print(*sorted(ran), sep=chr(10))",
        ]
    )
    result = subprocess.run([sys.executable, "-c", script, str(FIXTURE)], cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    ran = {Path(line).resolve() for line in result.stdout.splitlines() if line.endswith(".py")}
    ran = {p for p in ran if MACROS in p.parents}
    keyed = {p.resolve() for p in cache.producing_files()}
    assert MACROS / "downloads" / "pdf.py" in ran and MACROS / "model" / "calendar_dates.py" in ran
    assert ran <= keyed, sorted(str(p) for p in ran - keyed)


def test_import_closure_follows_imports_inside_functions_but_not_type_checking(tmp_path):
    package = tmp_path / "pkg"
    (package / "sub").mkdir(parents=True)
    (package / "__init__.py").write_text("")
    (package / "sub" / "__init__.py").write_text("")
    (package / "sub" / "a.py").write_text(
        "from pkg import b\nfrom typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from pkg import d\n"
    )
    (package / "b.py").write_text("import json\ndef f():\n    from pkg.c import x\n    import yaml\n")
    (package / "c.py").write_text("from . import e\nx = 1\n")
    (package / "d.py").write_text("")
    (package / "e.py").write_text("")
    files, third_party = cache.import_closure([package / "sub" / "a.py"], package)
    names = sorted(p.relative_to(package).as_posix() for p in files)
    assert names == ["__init__.py", "b.py", "c.py", "e.py", "sub/__init__.py", "sub/a.py"]
    assert third_party == {"yaml"}


def test_the_installed_distributions_are_read_once_per_process(monkeypatch):
    """packages_distributions() (half a second) is read by the first key of a process only; the
    versions are read for every key (test_changing_any_library_version_changes_the_key)."""
    calls = []
    real = metadata.packages_distributions
    monkeypatch.setattr(metadata, "packages_distributions", lambda: calls.append(1) or real())
    _forget_key_caches()
    try:
        first = cache.base_digest()
        assert cache.base_digest() == first
        assert len(calls) == 1
    finally:
        _forget_key_caches()


def test_the_memo_of_parsed_imports_follows_the_bytes(tmp_path):
    """A file's imports are parsed once per content: a changed file is parsed again."""
    package = tmp_path / "pkg"
    package.mkdir()
    (package / "__init__.py").write_text("")
    (package / "a.py").write_text("import yaml\n")
    (package / "b.py").write_text("")
    assert cache.import_closure([package / "a.py"], package)[1] == {"yaml"}
    assert cache.import_closure([package / "a.py"], package)[1] == {"yaml"}
    (package / "a.py").write_text("import lxml\nfrom pkg import b\n")
    files, third_party = cache.import_closure([package / "a.py"], package)
    assert third_party == {"lxml"}
    assert sorted(p.name for p in files) == ["__init__.py", "a.py", "b.py"]
    (package / "a.py").write_text("import yaml\n")
    assert cache.import_closure([package / "a.py"], package) == ([package / "__init__.py", package / "a.py"], {"yaml"})


def _changed_bytes(monkeypatch, target: Path):
    real = Path.read_bytes

    def read_bytes(self):
        data = real(self)
        return data + b"\n# changed\n" if Path(self).resolve() == target.resolve() else data

    monkeypatch.setattr(Path, "read_bytes", read_bytes)


def test_changing_any_input_file_changes_the_key(fresh_key, monkeypatch):
    """Each producing module, each font, the hyphenation patterns and the time zone data."""
    original = cache.base_digest()
    files = list(cache.producing_files()) + list(fonts.FILES.values()) + list(cache.data_files().values())
    names = {p.name for p in files}
    assert {"DejaVuSans.ttf", "hyph_nl_NL.dic", "numbers.py", "schema.py"} <= names, names
    unchanged = []
    for path in files:
        with monkeypatch.context() as patch:
            _changed_bytes(patch, path)
            _forget_key_caches()
            if cache.base_digest() == original:
                unchanged.append(str(path))
    _forget_key_caches()
    assert cache.base_digest() == original
    assert not unchanged, unchanged


def test_changing_any_library_version_changes_the_key(fresh_key, monkeypatch):
    from importlib import metadata

    libraries = cache.libraries()
    for name in ("reportlab", "python-docx", "openpyxl", "icalendar", "pyphen", "babel", "pydantic", "lxml"):
        assert name in {n.lower() for n in libraries}, (name, libraries)
    original = cache.base_digest()
    real = metadata.version
    unchanged = []
    for library in libraries:
        with monkeypatch.context() as patch:
            patch.setattr(metadata, "version", lambda n, lib=library: "0.0.0-changed" if n == lib else real(n))
            _forget_key_caches()
            if cache.base_digest() == original:
                unchanged.append(library)
    assert not unchanged, unchanged


def test_generator_version_python_and_zlib_are_in_the_key(fresh_key, monkeypatch):
    import sys
    import zlib

    original = cache.base_digest()
    monkeypatch.setattr(cache, "GENERATOR_VERSION", "changed")
    assert cache.base_digest() != original
    monkeypatch.undo()
    _forget_key_caches()
    monkeypatch.setattr(sys, "version", sys.version + " changed")
    assert cache.base_digest() != original
    monkeypatch.undo()
    _forget_key_caches()
    monkeypatch.setattr(zlib, "ZLIB_RUNTIME_VERSION", "0.0-changed")
    assert cache.base_digest() != original


def _change(monkeypatch, what: str) -> None:
    from importlib import metadata

    if what == "generator":
        monkeypatch.setattr(cache, "GENERATOR_VERSION", cache.GENERATOR_VERSION + "-changed")
    elif what.startswith("library:"):
        real = metadata.version
        name = what.split(":", 1)[1]
        monkeypatch.setattr(metadata, "version", lambda n: "0.0.0-changed" if n == name else real(n))
    else:
        targets = {
            "module:model/numbers.py": MACROS / "model" / "numbers.py",
            "module:model/schema.py": MACROS / "model" / "schema.py",
            "module:downloads/ics.py": MACROS / "downloads" / "ics.py",
            "font": fonts.FILES[fonts.REGULAR],
            "hyphenation": cache.data_files()["hyphenation"],
            "timezone": cache.data_files()["timezone"],
        }
        _changed_bytes(monkeypatch, targets[what])


@pytest.mark.parametrize(
    "what",
    [
        "module:model/numbers.py",
        "module:model/schema.py",
        "module:downloads/ics.py",
        "font",
        "hyphenation",
        "timezone",
        "library:babel",
        "library:icalendar",
        "library:reportlab",
        "generator",
    ],
)
def test_a_changed_input_rebuilds_the_downloads(fresh_key, monkeypatch, tmp_path, what):
    from macros.checks.programme import load_programme
    from macros.downloads import index

    prog, _ = load_programme(FIXTURE)
    items = [d for d in index.downloads(prog, "https://example.org/", 1767225600) if d.format == "ics"]
    assert items
    cache_dir = tmp_path / "downloads"
    cache.generate(items, cache_dir)
    assert cache.generate(items, cache_dir).stats.generated == []
    _change(monkeypatch, what)
    _forget_key_caches()
    again = cache.generate(items, cache_dir)
    assert again.stats.generated == [d.uri for d in items], what


# --- numbers in Dutch, through one formatter -------------------------------------------------------

from macros.model import numbers  # noqa: E402

EXPONENT = re.compile(r"\d(?:\.\d+)?e[+-]\d+", re.I)
ENGLISH_THOUSANDS = re.compile(r"(?<![\d.,])\d{1,3}(?:,\d{3})+(?:\.\d+)?(?![\d,])")
ENGLISH_DECIMAL = re.compile(r"(?<![\d.])\d+\.\d{1,2}(?![\d.])")


@pytest.mark.parametrize(
    "value, expected",
    [
        (1500000, "1.500.000"),
        (1.5e6, "1.500.000"),
        (1234.567, "1.234,567"),
        (2.2, "2,2"),
        (-1234.5, "-1.234,5"),
        (0, "0"),
        (0.00001, "0,00001"),
        (1e16, "10.000.000.000.000.000"),
        (-0.125, "-0,125"),
    ],
)
def test_format_number(value, expected):
    assert numbers.format_number(value) == expected


@pytest.mark.parametrize(
    "value, decimals, expected",
    [
        (1234.567, 2, "1.234,57"),
        (1.25, 1, "1,3"),
        (1500000, 1, "1.500.000,0"),
        (2.5, 0, "3"),
    ],
)
def test_format_number_with_fixed_decimals(value, decimals, expected):
    assert numbers.format_number(value, decimals) == expected


@pytest.mark.parametrize(
    "value, unit, expected",
    [
        (1500000, "", "1.500.000"),
        (1.5e6, "", "1.500.000"),
        (1234.567, "euro", "€ 1.234,57"),
        (185000, "euro", "€ 185.000"),
        (-1500, "euro", "€ -1.500"),
        (-12.5, "euro", "€ -12,50"),
        (0.125, "procent", "0,125%"),
        (12.5, "procent", "12,5%"),
        (-3, "procent", "-3%"),
        (0.00001, "", "0,00001"),
        (2.5e-7, "", "0,00000025"),
        (2019, "jaar", "2019"),
    ],
)
def test_format_value_is_dutch_for_every_size(value, unit, expected):
    assert numbers.format_value(value, unit) == expected
    assert not EXPONENT.search(numbers.format_value(value, unit))


def test_example_values_on_the_site_and_in_downloads_are_dutch():
    from macros.downloads.common import example_lines
    from macros.model import schema as m
    from macros.render import pages as render

    block = m.Block.model_construct(id="x", columns=None)
    assert render._example_value(1500000.0, block) == "1.500.000"
    assert render._example_value(1234.5, block) == "1.234,5"
    assert example_lines(1500000.0, block) == ["1.500.000"]
    assert example_lines(0.00001, block) == ["0,00001"]


def test_file_sizes_are_dutch():
    from macros.downloads.model import dutch_size

    assert dutch_size(43_210) == "43 kB"
    assert dutch_size(1_234_567) == "1,2 MB"
    assert dutch_size(1_500_000_000) == "1.500,0 MB"


def test_check_messages_write_numbers_the_dutch_way(project_copy, capsys):
    """A wrong expected outcome and the readability scores: Dutch numbers, no 1.5e+06."""
    from macros.site.cli import check

    tool = project_copy / "worksheets" / "canvas-a.yml"
    text = tool.read_text("utf-8")
    text = text.replace("unit: euro, example: 100}", "unit: euro, example: 10000000}")
    text = text.replace("expected: 25}", "expected: 2600000.5}")
    tool.write_text(text, "utf-8")
    assert check(project_copy, False) == 1
    out = capsys.readouterr().out
    assert "geeft 2.500.000 met deze formule, niet 2.600.000,5" in out, out
    assert not EXPONENT.search(out), out


def test_readability_messages_are_dutch(monkeypatch, capsys):
    from macros.site.cli import check

    monkeypatch.setattr(language, "readability", lambda units: language.Readability(500, 20, 25.5, 30.25))
    assert check(FIXTURE, False) == 1
    out = capsys.readouterr().out
    assert "gemiddeld 25,5 woorden per zin" in out and "Flesch-Douma 30,25" in out, out
    assert not ENGLISH_DECIMAL.search(out.replace(".md:", ":").replace(".yml:", ":")), out


def test_week_statistics_are_dutch(monkeypatch):
    from macros.checks import weekstats
    from macros.checks.programme import load_programme

    prog, _ = load_programme(FIXTURE)
    monkeypatch.setattr(language, "readability", lambda units: language.Readability(1500, 100, 15.5, 62.25))
    table = weekstats.table(prog)
    assert "62,25" in table and "15,5" in table and "1.500" in table, table
    assert not ENGLISH_DECIMAL.search(table), table


@pytest.fixture
def project_copy(tmp_path) -> Path:
    import shutil

    target = tmp_path / "project"
    shutil.copytree(FIXTURE, target)
    return target


def foreign_numbers(html: str) -> list[str]:
    """Numbers people read that are not Dutch: 1.5e+06, 62,000 (not in code, scripts or styles)."""
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(html, "lxml")
    for tag in soup(["script", "style", "code", "pre", "svg", "template"]):
        tag.decompose()
    text = soup.get_text(" ")
    return [
        text[max(0, m.start() - 30) : m.end() + 30]
        for pattern in (EXPONENT, ENGLISH_THOUSANDS)
        for m in pattern.finditer(text)
    ]


def test_the_scan_finds_english_and_exponent_numbers():
    assert len(foreign_numbers("<p>Het kost 1.5e+06 euro voor 62,000 mensen.</p>")) == 2
    assert foreign_numbers("<p>1.500.000 en € 1.234,57, 12,5% en 2,2.</p><code>1e+06</code>") == []


def test_no_english_or_exponent_numbers_in_the_built_site(site):
    """Every page of the real build: no 1.5e+06, no 62,000 where people read a number."""
    found = []
    for page in sorted(site.rglob("*.html")):
        found += [f"{page.relative_to(site)}: …{hit}…" for hit in foreign_numbers(page.read_text("utf-8"))]
    assert not found, "\n".join(found[:40])


def test_offline_command_reports_its_size_in_dutch(monkeypatch, tmp_path, capsys):
    from macros.site import offline

    zip_path = tmp_path / "offline.zip"
    with zip_path.open("wb") as handle:
        handle.truncate(1_234_567_890)  # sparse: takes no room on disk
    monkeypatch.setattr(offline, "build_zip", lambda out, site_dir: zip_path)
    assert offline.main(zip_path, None) == 0
    out = capsys.readouterr().out
    assert "(1.234,6 MB)" in out, out


def test_words_of_leaves_out_codes_addresses_and_escapes():
    text = (
        "Klik op \\u201cBewaar als bestand\\u201d. Zie docs/_data/cohorten.yml, https://a.nl/b en "
        "info@example.org. Een e-mail van foto's, hoofd- en bijzaken, stap_2 en 12 weken."
    )
    words = language.words_of(text)
    assert {"Klik", "als", "bestand", "e-mail", "foto's", "hoofd", "bijzaken", "weken"} <= words
    assert not {w for w in words if re.search(r"[\d_/@.]|^u$|cBewaar", w)}, words


def test_validation_messages_write_numbers_the_dutch_way():
    from macros.load.messages import dutch_message

    assert (
        dutch_message({"type": "greater_than", "loc": ("boost",), "ctx": {"gt": 0.5}, "input": -1500000.5})
        == "moet minstens 0,5 zijn (nu -1.500.000,5)"
    )
    assert (
        dutch_message({"type": "less_than_equal", "loc": ("x",), "ctx": {"le": 1500000}, "input": 2.5e6})
        == "mag hoogstens 1.500.000 zijn (nu 2.500.000)"
    )
    assert (
        dutch_message({"type": "greater_than_equal", "loc": ("x",), "ctx": {"ge": 1}, "input": "nul"})
        == "moet minstens 1 zijn (nu 'nul')"
    )


# --- the npm tools of the tests (tests/node_tools.py) -------------------------------------------


def test_two_processes_needing_a_node_tool_install_it_once(tmp_path):
    """ensure() holds a file lock while it checks and installs: of two processes that both find a
    tool missing, one installs it and the other waits and finds it installed (npm stands in here:
    it writes the package's package.json after a pause, as a slow install would)."""
    import subprocess
    import sys

    script = (
        "import json, sys, time, pathlib\n"
        "sys.path.insert(0, 'tests')\n"
        "import node_tools\n"
        "node_tools.NODE_DIR = pathlib.Path(sys.argv[1]) / 'node'\n"
        "def npm_install(wanted):\n"
        "    with open(pathlib.Path(sys.argv[1]) / 'installs.txt', 'a') as log:\n"
        "        log.write(' '.join(wanted) + chr(10))\n"
        "    time.sleep(0.5)\n"
        "    for name in wanted:\n"
        "        folder = node_tools.NODE_DIR / 'node_modules' / name\n"
        "        folder.mkdir(parents=True, exist_ok=True)\n"
        "        (folder / 'package.json').write_text(json.dumps({'version': node_tools.PINS[name]}))\n"
        "node_tools._npm_install = npm_install\n"
        "node_tools.ensure('globals')\n"
        "assert node_tools.installed_version('globals') == node_tools.PINS['globals']\n"
    )
    runs = [
        subprocess.Popen([sys.executable, "-c", script, str(tmp_path)], cwd=ROOT, stderr=subprocess.PIPE)
        for _ in range(2)
    ]
    errors = [run.communicate(timeout=60)[1] for run in runs]
    assert [run.returncode for run in runs] == [0, 0], errors
    assert (tmp_path / "installs.txt").read_text("utf-8").splitlines() == ["globals"]
