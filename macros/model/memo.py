"""A process-wide memo for expensive, pure checks (spelling, readability).

The hook reloads the macros modules only when a file of the package changed (macros/site/hooks.py),
so after an edit of the content the store survives and a rebuild of `mkdocs serve` re-checks only
the text that changed. The keys are the texts themselves: an answer can never be stale."""

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
