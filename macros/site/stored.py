"""What a build worked out from the content, kept on disk for the next build: in `.cache/build/`
under the project (git-ignored), as the downloads (`.cache/downloads/`) and the spelling answers
(`.cache/spelling/`) are.

Two memos of a process are kept, both keyed by everything their answer depends on, so a changed
text is simply not found:
- the reader's parsed Markdown (macros/markdown/reader.py): about 3,000 texts, every page and every
  Markdown field of the YAML, which the checks read before the first page is built;
- each page's conversion to HTML and its search sections (macros/site/pagecache.py), keyed by the
  page's Markdown after the macros, its place, the site's files and the Markdown settings.

`save` (at the end of `mkdocs build`) writes what this build used, and only when that differs from
what `load` (at the start of every build) found; `mkdocs serve` loads but does not write after
every edit. One file per memo and per version of everything an answer depends on: the Python
version, the versions of the packages that parse, convert and divide (markdown-it-py, Markdown,
pymdown-extensions, MkDocs, Material) and the code of the module that makes the answer. Files of
other versions are removed after 30 days. Each file starts with the SHA-256 of the rest: a file
that is cut short, changed or of another format is ignored (everything is worked out afresh, as
in the first build) and replaced by the next `save`. A file that cannot be written only costs time.
The folder holds only what this project's own builds wrote; it is never taken from outside."""

from __future__ import annotations

import hashlib
import pickle
import sys
from importlib import metadata
from pathlib import Path
from typing import Any

from macros.load import cachefile
from macros.markdown import reader
from macros.site import pagecache

FOLDER = Path(".cache") / "build"
_DIGEST = hashlib.sha256().digest_size


def _version(code: Path, *packages: str) -> str:
    parts = [
        f"python:{sys.version}",
        f"pickle:{pickle.HIGHEST_PROTOCOL}",
        f"code:{hashlib.sha256(code.read_bytes()).hexdigest()}",
    ]
    for package in packages:
        try:
            parts.append(f"{package}:{metadata.version(package)}")
        except metadata.PackageNotFoundError:
            parts.append(f"{package}:missing")
    return hashlib.sha256("\n".join(parts).encode()).hexdigest()[:32]


def paths(root: Path) -> tuple[Path, Path]:
    """The files of the reader's documents and of the pages, for this version, under `root`."""
    folder = root / FOLDER
    documents = _version(Path(reader.__file__), "markdown-it-py")
    pages = _version(Path(pagecache.__file__), "Markdown", "pymdown-extensions", "mkdocs", "mkdocs-material")
    return folder / f"markdown-{documents}.pickle", folder / f"pages-{pages}.pickle"


class _Loaded:
    roots: dict[Path, tuple[int, int]] = {}  # the projects loaded in this process, with what they gave
    documents: set[Any] = set()  # the keys that came from the files
    pages: set[Any] = set()
    sections: set[Any] = set()


def load(root: Path) -> tuple[int, int]:
    """Give the memos what the project's last `mkdocs build` kept, once per process (a reload of
    the package starts again): how many documents and pages that was (nothing from a file that is
    missing or fails its checks)."""
    if root in _Loaded.roots:
        return _Loaded.roots[root]
    documents_path, pages_path = paths(root)
    documents = _read(documents_path, _documents_ok)
    pages, sections = _read(pages_path, _pages_ok) or ({}, {})
    reader.remember(documents or {})
    pagecache.remember(pages, sections)
    _Loaded.documents, _Loaded.pages, _Loaded.sections = set(documents or {}), set(pages), set(sections)
    _Loaded.roots[root] = (len(documents or {}), len(pages))
    return _Loaded.roots[root]


def save(root: Path) -> bool:
    """Write what this build used, when it differs from what `load` found. False when nothing was
    written (nothing changed, or the file could not be written)."""
    documents_path, pages_path = paths(root)
    documents = reader.used()
    pages, sections = pagecache.used()
    wrote = False
    if set(documents) != _Loaded.documents:
        wrote |= _write(documents_path, documents)
        _Loaded.documents = set(documents)
    if pages != _Loaded.pages or sections != _Loaded.sections:
        wrote |= _write(pages_path, pagecache.kept())
        _Loaded.pages, _Loaded.sections = pages, sections
    return wrote


def _documents_ok(value: Any) -> bool:
    return isinstance(value, dict) and all(
        isinstance(key, tuple)
        and len(key) == 2
        and isinstance(key[0], str)
        and isinstance(key[1], bool)
        and isinstance(doc, reader.Document)
        and doc.text == key[0]
        for key, doc in value.items()
    )


def _pages_ok(value: Any) -> bool:
    if not (isinstance(value, tuple) and len(value) == 2 and all(isinstance(part, dict) for part in value)):
        return False
    pages, sections = value
    return all(
        isinstance(key, tuple) and all(isinstance(part, str) for part in key) and isinstance(found, pagecache.Converted)
        for key, found in pages.items()
    ) and all(isinstance(text, str) and isinstance(kept, bytes) for text, kept in sections.items())


def _read(path: Path, valid: Any) -> Any:
    """The value in `path` when the file is whole and `valid(value)`; else None."""
    try:
        data = path.read_bytes()
    except OSError:
        return None
    digest, payload = data[:_DIGEST], data[_DIGEST:]
    if len(digest) < _DIGEST or hashlib.sha256(payload).digest() != digest:
        return None
    try:
        value = pickle.loads(payload)
    except Exception:  # a file of another format is ignored, whatever pickle makes of it
        return None
    return value if valid(value) else None


def _write(path: Path, value: Any) -> bool:
    """Write `value` with its checksum, atomically (macros/load/cachefile.py)."""
    payload = pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)
    if not cachefile.replace(path, hashlib.sha256(payload).digest() + payload):
        return False
    cachefile.prune(path, path.name.split("-", 1)[0] + "-*.pickle")
    return True
