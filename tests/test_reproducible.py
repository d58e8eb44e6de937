"""Same result on every machine (issue 12): the spelling check needs no system package and fails
loudly when its dictionary is gone, the system packages are listed in one place, the downloads
cache key covers every input of the bytes, and numbers are written the Dutch way everywhere."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from macros import language

ROOT = Path(__file__).resolve().parent.parent
FIXTURE = Path(__file__).parent / "fixtures" / "mini"


# --- spelling -------------------------------------------------------------------------------------

@pytest.fixture
def fresh_spelling():
    """Forget what the spelling check has cached, before and after the test."""
    from macros import memo

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
    monkeypatch.setattr(Path, "exists", lambda self: False if str(self).startswith("/usr/share/") else real_exists(self))
    unknown = language.unknown_words(["Dit is een initatief van jullie organisatie.",
                                      "Eén duo maakt een begroting."], set())
    assert unknown == {"initatief"}


def test_missing_dictionary_is_an_error_with_the_fix(fresh_spelling, monkeypatch, tmp_path, capsys):
    """A missing dictionary fails `make check` with a Dutch message and the install line."""
    from macros.cli import check

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


def test_no_test_skips_when_a_tool_or_dictionary_is_missing():
    """A check that quietly skips is a defect: no skip mentions hunspell or a dictionary."""
    offenders = []
    for path in sorted((ROOT / "tests").glob("*.py")):
        for number, line in enumerate(path.read_text("utf-8").splitlines(), 1):
            if re.search(r"skip\(|skipif|importorskip", line) \
                    and re.search(r"hunspell|spylls|woordenboek|dictionary", line, re.I) \
                    and path.name != Path(__file__).name:
                offenders.append(f"{path.name}:{number}: {line.strip()}")
    assert not offenders, offenders


# --- system packages in one place ----------------------------------------------------------------

PACKAGES = ROOT / ".ci" / "packages.txt"


def packages() -> list[str]:
    return [line.split("#")[0].strip() for line in PACKAGES.read_text("utf-8").splitlines()
            if line.split("#")[0].strip()]


def test_system_packages_are_listed_once_and_used_everywhere():
    listed = packages()
    assert len(listed) == len(set(listed))
    for needed in ("chromium", "poppler-utils", "libreoffice-calc-nogui", "make", "python3-venv", "git",
                   "default-jre-headless", "npm"):
        assert needed in listed, needed
    run = (ROOT / ".ci" / "run").read_text("utf-8")
    workflow = (ROOT / ".github" / "workflows" / "site.yml").read_text("utf-8")
    readme = (ROOT / "README.md").read_text("utf-8")
    for name, text in (("run", run), ("workflow", workflow), ("README", readme)):
        assert ".ci/packages.txt" in text or (name == "run" and "packages.txt" in text), name
        # No second list: no package of the list is named in an apt-get line of its own.
        for line in text.splitlines():
            if "apt-get install" in line and "packages.txt" not in line:
                assert not any(re.search(rf"(?<![\w-]){re.escape(p)}(?![\w-])", line)
                               for p in listed if p != "chromium"), f"{name}: {line.strip()}"
