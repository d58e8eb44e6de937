"""What a build keeps on disk for the next one (macros/site/stored.py): the reader's parsed Markdown
and the pages' conversions. A text that did not change is not parsed again, a changed one is; a
damaged or foreign file is ignored; the site is the same byte for byte."""

from __future__ import annotations

import hashlib
import re
from collections import OrderedDict

import pytest

from macros.markdown import reader
from macros.site import pagecache, stored

TEXTS = [
    "# Titel\n\nEen alinea met een [link](../weken/week-01.md).\n",
    "## Aan de slag als duo\n\n1. Eerste stap.\n2. Tweede stap.\n\n!!! tip\n    Een tip.\n",
    "| Blok | Vraag |\n|---|---|\n| a | b |\n",
]


@pytest.fixture
def fresh(monkeypatch):
    """Empty memos and nothing loaded yet, as in a new process."""
    monkeypatch.setattr(reader, "_DOCUMENTS", OrderedDict())
    monkeypatch.setattr(reader, "_USED", set())
    monkeypatch.setattr(pagecache, "_MEMO", OrderedDict())
    monkeypatch.setattr(pagecache, "_SECTIONS", OrderedDict())
    monkeypatch.setattr(pagecache._Used, "pages", set())
    monkeypatch.setattr(pagecache._Used, "sections", set())
    monkeypatch.setattr(pagecache._Used, "remembered", set())
    monkeypatch.setattr(stored._Loaded, "roots", {})
    monkeypatch.setattr(stored._Loaded, "documents", set())
    monkeypatch.setattr(stored._Loaded, "pages", set())
    monkeypatch.setattr(stored._Loaded, "sections", set())


def _new_process(monkeypatch):
    monkeypatch.setattr(reader, "_DOCUMENTS", OrderedDict())
    monkeypatch.setattr(reader, "_USED", set())
    monkeypatch.setattr(stored._Loaded, "roots", {})


def _new_pages_process(monkeypatch):
    monkeypatch.setattr(pagecache, "_MEMO", OrderedDict())
    monkeypatch.setattr(pagecache, "_SECTIONS", OrderedDict())
    monkeypatch.setattr(stored._Loaded, "roots", {})


def _no_parsing(monkeypatch):
    def refuse(text, inline):
        raise AssertionError(f"parsed again: {text[:40]!r}")

    monkeypatch.setattr(reader, "_read", refuse)


def test_the_next_process_reads_the_same_documents_without_parsing(fresh, monkeypatch, tmp_path):
    expected = [reader.read(text) for text in TEXTS] + [reader.outline("# Alleen blokken\n")]
    assert stored.save(tmp_path)
    _new_process(monkeypatch)
    assert stored.load(tmp_path)[0] == len(expected)
    _no_parsing(monkeypatch)
    assert [reader.read(text) for text in TEXTS] + [reader.outline("# Alleen blokken\n")] == expected


def test_a_changed_text_is_parsed_afresh(fresh, monkeypatch, tmp_path):
    reader.read(TEXTS[0])
    stored.save(tmp_path)
    _new_process(monkeypatch)
    stored.load(tmp_path)
    changed = TEXTS[0].replace("Een alinea", "Een andere alinea")
    assert reader.read(changed).links[0].line == 2
    assert (changed, True) in reader.used()


@pytest.mark.parametrize("damage", ["flip", "cut", "foreign", "empty"])
def test_a_damaged_or_foreign_file_is_ignored(fresh, monkeypatch, tmp_path, damage):
    import pickle

    expected = reader.read(TEXTS[1])
    stored.save(tmp_path)
    path = stored.paths(tmp_path)[0]
    data = bytearray(path.read_bytes())
    if damage == "flip":  # one letter of a text: still a valid pickle, only the checksum tells
        at = data.index(b"Eerste stap")
        data[at : at + 6] = b"Eerstf"
    elif damage == "cut":
        data = data[: len(data) // 2]
    elif damage == "foreign":  # a whole file, checksum and all, of something else
        payload = pickle.dumps({("tekst", True): "geen document"})
        data = bytearray(hashlib.sha256(payload).digest() + payload)
    else:
        data = bytearray()
    path.write_bytes(bytes(data))
    _new_process(monkeypatch)
    assert stored.load(tmp_path) == (0, 0)
    assert reader.read(TEXTS[1]) == expected  # parsed afresh
    assert stored.save(tmp_path)  # and the file is whole again
    _new_process(monkeypatch)
    assert stored.load(tmp_path)[0] == 1


def test_nothing_is_written_when_the_build_used_what_it_found(fresh, monkeypatch, tmp_path):
    for text in TEXTS:
        reader.read(text)
    assert stored.save(tmp_path)
    path = stored.paths(tmp_path)[0]
    before = path.stat().st_mtime_ns
    _new_process(monkeypatch)
    stored.load(tmp_path)
    for text in TEXTS:
        reader.read(text)
    assert not stored.save(tmp_path)
    assert path.stat().st_mtime_ns == before
    reader.read("# Nieuw\n")  # one more text: written, with only what this build used
    assert stored.save(tmp_path)
    _new_process(monkeypatch)
    assert stored.load(tmp_path)[0] == len(TEXTS) + 1


def test_another_version_of_the_reader_has_its_own_file(monkeypatch, tmp_path):
    documents, pages = stored.paths(tmp_path)
    other = tmp_path / "reader.py"
    other.write_text("# another reader\n", encoding="utf-8")
    monkeypatch.setattr(reader, "__file__", str(other))
    assert stored.paths(tmp_path) == (documents.with_name(stored.paths(tmp_path)[0].name), pages)
    assert stored.paths(tmp_path)[0] != documents


def test_page_conversions_and_sections_come_back(fresh, monkeypatch, tmp_path):
    converted = pagecache.Converted("<p>x</p>", b"toc", "Titel", frozenset({"a"}), {"b.md": {"c": "d"}}, ())
    pagecache._MEMO[("md", "a.md")] = converted
    pagecache._SECTIONS["<p>x</p>"] = b"sections"
    pagecache._Used.pages.add(("md", "a.md"))
    pagecache._Used.sections.add("<p>x</p>")
    assert stored.save(tmp_path)
    _new_pages_process(monkeypatch)
    assert stored.load(tmp_path)[1] == 1
    assert pagecache._MEMO[("md", "a.md")] == converted
    assert pagecache._SECTIONS["<p>x</p>"] == b"sections"


def _build(project, site, verbose=True):
    from conftest import build_site

    result = build_site(site, project, flags=("--verbose",) if verbose else ())
    assert result.returncode == 0, result.stdout + result.stderr
    return result.stdout + result.stderr


def _files(site):
    return {p.relative_to(site): p.read_bytes() for p in site.rglob("*") if p.is_file()}


def test_a_second_build_takes_the_first_builds_work_and_makes_the_same_site(tmp_path):
    """`mkdocs build` twice: the second finds the parsed texts and the pages of the first, converts
    no page in a child, and writes the same site byte for byte; after an edit, the page shows it."""
    from test_process import _fixture_project

    project = _fixture_project(tmp_path)
    first = _build(project, tmp_path / "first")
    assert "the child converted" in first and "stored:" not in first
    assert list((project / ".cache" / "build").glob("markdown-*.pickle"))
    assert list((project / ".cache" / "build").glob("pages-*.pickle"))
    second = _build(project, tmp_path / "second")
    found = re.search(r"stored: (\d+) Markdown texts and (\d+) pages from the last build", second)
    assert found and int(found[1]) >= 20 and int(found[2]) >= 3, second
    assert "the child converted" not in second
    assert _files(tmp_path / "first") == _files(tmp_path / "second")

    page = project / "docs" / "index.md"
    page.write_text(page.read_text(encoding="utf-8") + "\nDit is een nieuwe zin.\n", encoding="utf-8")
    _build(project, tmp_path / "third", verbose=False)
    assert "Dit is een nieuwe zin." in (tmp_path / "third" / "index.html").read_text(encoding="utf-8")
    assert "Dit is een nieuwe zin." not in (tmp_path / "second" / "index.html").read_text(encoding="utf-8")


def test_a_write_removes_old_files_of_its_own_memo_only(fresh, tmp_path):
    import os
    import time

    folder = tmp_path / stored.FOLDER
    folder.mkdir(parents=True)
    old = time.time() - 40 * 86400
    for name in ("markdown-old.pickle", "markdown-recent.pickle", "pages-old.pickle"):
        (folder / name).write_bytes(b"x")
    for name in ("markdown-old.pickle", "pages-old.pickle"):
        os.utime(folder / name, (old, old))
    reader.read(TEXTS[0])
    assert stored.save(tmp_path)
    left = sorted(p.name for p in folder.iterdir())
    assert "markdown-old.pickle" not in left  # another version of this memo, unused for 40 days
    assert "markdown-recent.pickle" in left  # written lately: another checkout may still use it
    assert "pages-old.pickle" in left  # the pages' file is pruned when the pages' file is written


def test_the_pages_of_the_other_settings_stay_in_the_file(fresh, monkeypatch, tmp_path):
    """`make build` builds the offline site (other Markdown settings) and then the site itself: each
    build keeps the other's pages, so neither starts from nothing the next time."""

    def page(markdown, settings):
        key = (markdown, "a.md", "a/index.html", "a/", "files", settings)
        pagecache._MEMO[key] = pagecache.Converted(f"<p>{markdown}</p>", b"toc", None, None, None, ())
        pagecache._SECTIONS[f"<p>{markdown}</p>"] = b"sections"
        return key

    offline = page("x", "offline")
    pagecache._Used.pages.add(offline)
    pagecache._Used.sections.add("<p>x</p>")
    assert stored.save(tmp_path)  # the offline build
    _new_pages_process(monkeypatch)
    stored.load(tmp_path)
    assert set(pagecache._MEMO) == {offline}
    online = page("y", "online")  # the site itself: uses its own page only
    pagecache._Used.pages.add(online)
    pagecache._Used.sections.add("<p>y</p>")
    assert stored.save(tmp_path)
    _new_pages_process(monkeypatch)
    assert stored.load(tmp_path)[1] == 2
    assert set(pagecache._MEMO) == {offline, online}
    assert set(pagecache._SECTIONS) == {"<p>x</p>", "<p>y</p>"}


def test_pages_for_other_settings_or_files_do_not_count_as_a_head_start(fresh, monkeypatch):
    monkeypatch.setattr(pagecache, "config_key", lambda config: config["settings"])
    monkeypatch.setattr(pagecache, "files_key", lambda files: files)
    pagecache._MEMO[("x", "a.md", "a/index.html", "a/", "files-1", "online")] = None
    assert pagecache.has_pages_for({"settings": "online"})
    assert pagecache.has_pages_for({"settings": "online"}, "files-1")
    assert not pagecache.has_pages_for({"settings": "online"}, "files-2")
    assert not pagecache.has_pages_for({"settings": "offline"})
