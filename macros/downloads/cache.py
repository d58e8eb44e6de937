"""Make the downloads, or take them from the cache in `.cache/downloads/` (git-ignored).

The key of a download is a hash of everything its bytes depend on: its inputs (the tool or cohort
as JSON, the site address, the build date), GENERATOR_VERSION, and `key_inputs()`:

- the code of every module of `macros` that a producer runs: this package and everything it
  imports, found by following the real imports (`import_closure`), so no hand-kept list can drift;
- the libraries those modules import, with the libraries they need, by installed version;
- the data the producers read: the fonts, the hyphenation patterns, the time zone;
- the Python and zlib versions (zlib compresses the PDFs, Word and Excel files and ZIPs).

For a bundle also the keys of its members. A `mkdocs serve` rebuild after editing a week page
changes none of these, so it makes no file at all.
"""

from __future__ import annotations

import functools
import hashlib
import json
import os
import re
import sys
import time
import zlib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path

from macros.downloads import fonts
from macros.downloads.common import HYPHENATION_LANGUAGE, TIMEZONE
from macros.downloads.model import Built, Download
from macros.model import imports

GENERATOR_VERSION = "3"  # 3: Markdown fields rendered (emphasis, links, citations), not shown raw
PACKAGE_DIR = Path(__file__).resolve().parent
MACROS_DIR = PACKAGE_DIR.parent
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
    """What every key shares: the generator version and `key_inputs()`."""
    digest = hashlib.sha256(GENERATOR_VERSION.encode())
    for name, value in key_inputs():
        digest.update(name.encode() + b"\0" + value.encode() + b"\n")
    return digest.hexdigest()


def key_inputs() -> list[tuple[str, str]]:
    """(name, value) for everything the bytes of a download depend on besides its own inputs."""
    inputs = [("python", sys.version), ("zlib", zlib.ZLIB_RUNTIME_VERSION)]
    for path in producing_files():
        name = path.relative_to(MACROS_DIR).as_posix()
        inputs.append((f"code:{name}", hashlib.sha256(path.read_bytes()).hexdigest()))
    inputs.append(("fonts", fonts.font_digest()))
    for name, path in sorted(data_files().items()):
        inputs.append((f"data:{name}", hashlib.sha256(path.read_bytes()).hexdigest()))
    for name in libraries():
        try:
            version = metadata.version(name)
        except metadata.PackageNotFoundError:
            version = "missing"
        inputs.append((f"library:{name}", version))
    return inputs


def producing_files() -> list[Path]:
    """Every module of `macros` that making a download can run: the modules of this package and
    all they import (also inside functions), with the `__init__.py` of their packages."""
    return import_closure(sorted(PACKAGE_DIR.glob("*.py")), MACROS_DIR)[0]


def libraries() -> list[str]:
    """The distributions the producing modules import, with the distributions those need."""
    tops = import_closure(sorted(PACKAGE_DIR.glob("*.py")), MACROS_DIR)[1]
    owners = _packages_distributions()
    wanted = [dist for top in sorted(tops) for dist in owners.get(top, [top])]
    found: dict[str, str] = {}
    while wanted:
        name = wanted.pop()
        key = re.sub(r"[-_.]+", "-", name).lower()
        if key in found:
            continue
        try:
            requires = metadata.distribution(name).requires or []
        except metadata.PackageNotFoundError:
            requires = []
        found[key] = name
        for requirement in requires:
            if "extra ==" in requirement:
                continue  # an optional extra: only counted when a producer imports it
            match = re.match(r"[A-Za-z0-9][A-Za-z0-9._-]*", requirement)
            if match:
                wanted.append(match.group(0))
    return sorted(found.values(), key=str.lower)


@functools.cache
def _packages_distributions() -> Mapping[str, list[str]]:
    """importlib.metadata's map of import names to distributions, read once per process: it reads
    the file list of every installed distribution (about half a second), and what is installed does
    not change while a build runs. (A `mkdocs serve` reloads this module on every rebuild, and with
    it this memo.) The versions themselves are read afresh for every key."""
    return metadata.packages_distributions()


def data_files() -> dict[str, Path]:
    """The data files the producers read besides the fonts: the Dutch hyphenation patterns of the
    PDFs (pyphen) and the time zone of the calendars (zoneinfo)."""
    import pyphen

    files = {"hyphenation": Path(pyphen.LANGUAGES[HYPHENATION_LANGUAGE])}
    zone = _zone_file(TIMEZONE)
    if zone is not None:
        files["timezone"] = zone
    return files


def _zone_file(key: str) -> Path | None:
    """The file zoneinfo reads for `key`: the system's time zone data first, else `tzdata`."""
    import zoneinfo

    for base in zoneinfo.TZPATH:
        path = Path(base, *key.split("/"))
        if path.is_file():
            return path
    try:
        from importlib import resources

        path = Path(str(resources.files("tzdata.zoneinfo").joinpath(*key.split("/"))))
        return path if path.is_file() else None
    except (ImportError, ModuleNotFoundError):
        return None


def import_closure(entries: Sequence[Path], package_dir: Path) -> tuple[list[Path], set[str]]:
    """The modules of the package in `package_dir` that `entries` import, directly or not (also
    imports inside functions; not those under `if TYPE_CHECKING:`), with the `__init__.py` of every
    package on the way; and the top-level names of the other, non-standard modules they import."""
    package_dir = package_dir.resolve()
    top_name = package_dir.name
    seen: set[Path] = set()
    third_party: set[str] = set()
    queue = [Path(e).resolve() for e in entries]
    while queue:
        path = queue.pop()
        if path in seen or not path.is_file():
            continue
        seen.add(path)
        for parent in path.parents:
            if parent == package_dir.parent:
                break
            queue.append(parent / "__init__.py")
        parts = list(path.relative_to(package_dir.parent).with_suffix("").parts)
        package = parts if parts[-1] == "__init__" else parts[:-1]
        if package and package[-1] == "__init__":
            package = package[:-1]
        # A package's __init__.py runs when anything in it is imported, its functions do not (the
        # `define_env` of mkdocs-macros in macros/__init__.py): only its top-level imports count.
        in_functions = path.name != "__init__.py"
        for name in _imported_names(path.read_bytes(), ".".join(package), in_functions):
            first = name.split(".")[0]
            if first == top_name:
                base = package_dir.parent.joinpath(*name.split("."))
                queue += [base.with_suffix(".py"), base / "__init__.py"]
            elif first and first != "__future__" and first not in sys.stdlib_module_names:
                third_party.add(first)
    return sorted(seen), third_party


# The dotted names each source imports, by the sha256 of its bytes (and how it is read): parsing is
# most of the time of a key (every key reads the import graph twice, in producing_files and in
# libraries), and the same bytes always give the same names, so this memo can never be stale.
_IMPORTED_NAMES: dict[tuple[str, str, bool], tuple[str, ...]] = {}


def _imported_names(source: bytes, package: str, in_functions: bool) -> tuple[str, ...]:
    """Every dotted name Python may load for the imports of `source` (imports.parse, `dotted()`)."""
    slot = (hashlib.sha256(source).hexdigest(), package, in_functions)
    if slot not in _IMPORTED_NAMES:
        _IMPORTED_NAMES[slot] = tuple(
            name for imported in imports.parse(source, package, in_functions=in_functions) for name in imported.dotted()
        )
    return _IMPORTED_NAMES[slot]


def cache_key(download: Download, base: str, member_keys: Mapping[str, str]) -> str:
    payload = {
        "base": base,
        "uri": download.uri,
        "kind": download.kind,
        "inputs": download.inputs,
        "members": {uri: member_keys[uri] for uri in download.needs},
    }
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
