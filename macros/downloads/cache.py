"""Make the downloads, or take them from the cache in `.cache/downloads/` (git-ignored).

The key of a download is a hash of everything its bytes depend on: its inputs (the tool or cohort
as JSON, the site address, the build date), GENERATOR_VERSION, the code of this package, the font
files and the versions of the libraries that write the files; for a bundle also the keys of its
members. A `mkdocs serve` rebuild after editing a week page changes none of these, so it makes no
file at all.
"""

from __future__ import annotations

import hashlib
import json
import os
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path

from macros.downloads import fonts
from macros.downloads.model import Built, Download

GENERATOR_VERSION = "1"
PACKAGE_DIR = Path(__file__).resolve().parent
CODE_FILES = sorted(PACKAGE_DIR.glob("*.py")) + [PACKAGE_DIR.parent / "calendar_dates.py"]
LIBRARIES = ("reportlab", "python-docx", "openpyxl", "icalendar")
MAX_AGE_DAYS = 30


@dataclass
class Stats:
    """What one generation did; `generated` counts producer calls."""

    generated: list[str] = field(default_factory=list)
    cached: list[str] = field(default_factory=list)
    seconds: float = 0.0


@dataclass
class Generation:
    built: list[Built]
    stats: Stats

    def by_uri(self) -> dict[str, Built]:
        return {b.uri: b for b in self.built}


def base_digest() -> str:
    """What every key shares: generator version, this package's code, fonts, library versions."""
    digest = hashlib.sha256(GENERATOR_VERSION.encode())
    for path in CODE_FILES:
        digest.update(path.name.encode() + b"\0" + path.read_bytes())
    digest.update(fonts.font_digest().encode())
    for name in LIBRARIES:
        digest.update(f"{name}={metadata.version(name)}".encode())
    return digest.hexdigest()


def cache_key(download: Download, base: str, member_keys: Mapping[str, str]) -> str:
    payload = {"base": base, "uri": download.uri, "kind": download.kind, "inputs": download.inputs,
               "members": {uri: member_keys[uri] for uri in download.needs}}
    text = json.dumps(payload, sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def generate(items: Sequence[Download], cache_dir: Path | None) -> Generation:
    """Bytes for every download, from the cache when the key is known; `cache_dir=None` makes
    everything afresh. Members must come before the bundles that need them."""
    start = time.perf_counter()
    base = base_digest()
    stats = Stats()
    keys: dict[str, str] = {}
    content: dict[str, bytes] = {}
    built: list[Built] = []
    for item in items:
        key = keys[item.uri] = cache_key(item, base, keys)
        data = _read(cache_dir, key, item)
        if data is None:
            data = item.produce({uri: content[uri] for uri in item.needs})
            _write(cache_dir, key, item, data)
            stats.generated.append(item.uri)
        else:
            stats.cached.append(item.uri)
        content[item.uri] = data
        built.append(Built(item, data))
    if cache_dir is not None:
        prune(cache_dir, {_name(keys[i.uri], i) for i in items})
    stats.seconds = time.perf_counter() - start
    return Generation(built, stats)


def _name(key: str, item: Download) -> str:
    return f"{key}.{item.format}"


def _read(cache_dir: Path | None, key: str, item: Download) -> bytes | None:
    if cache_dir is None:
        return None
    path = cache_dir / _name(key, item)
    try:
        data = path.read_bytes()
        os.utime(path)
        return data
    except OSError:
        return None


def _write(cache_dir: Path | None, key: str, item: Download, data: bytes) -> None:
    """Write atomically (a half-written file never looks like a cache entry); a cache that cannot
    be written only costs time."""
    if cache_dir is None:
        return
    path = cache_dir / _name(key, item)
    try:
        cache_dir.mkdir(parents=True, exist_ok=True)
        temporary = path.with_suffix(f".{os.getpid()}.tmp")
        temporary.write_bytes(data)
        os.replace(temporary, path)
    except OSError:
        pass


def prune(cache_dir: Path, keep: set[str], max_age_days: int = MAX_AGE_DAYS) -> None:
    """Remove entries no build has used for `max_age_days` (another site address, old code)."""
    limit = time.time() - max_age_days * 86400
    try:
        entries = list(cache_dir.iterdir())
    except OSError:
        return
    for path in entries:
        try:
            if path.name not in keep and path.stat().st_mtime < limit:
                path.unlink()
        except OSError:
            pass
