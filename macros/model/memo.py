"""A process-wide memo for expensive, pure checks (spelling, readability).

The hook reloads the other macros modules on every `mkdocs serve` rebuild; this one is not in
that list, so its store survives and a rebuild re-checks only the text that changed."""

from __future__ import annotations

from collections.abc import Callable, Hashable
from typing import TypeVar

T = TypeVar("T")
_store: dict[tuple[str, Hashable], object] = {}
MAX_ENTRIES = 50_000


def memo(kind: str, key: Hashable, compute: Callable[[], T]) -> T:
    slot = (kind, key)
    if slot not in _store:
        if len(_store) >= MAX_ENTRIES:
            _store.clear()
        _store[slot] = compute()
    return _store[slot]  # type: ignore[return-value]


def clear() -> None:
    _store.clear()
