"""Files a build keeps under `.cache/` for the next one (the spelling answers, macros/checks/language.py;
the parsed Markdown and the pages, macros/site/stored.py): written whole or not at all, and the
files of other versions removed once nobody has written them for a month."""

from __future__ import annotations

import os
import time
from pathlib import Path

MAX_AGE_DAYS = 30


def replace(path: Path, data: bytes) -> bool:
    """Write `data` to `path` atomically (os.replace: a reader sees the old file or the new one,
    never half of one). False when it could not be written: a cache that is not written only
    costs time."""
    temporary = path.with_name(f"{path.name}.{os.getpid()}.tmp")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        temporary.write_bytes(data)
        os.replace(temporary, path)
    except OSError:
        try:
            temporary.unlink(missing_ok=True)
        except OSError:
            pass
        return False
    return True


def prune(current: Path, pattern: str, max_age_days: int = MAX_AGE_DAYS) -> None:
    """Remove the files matching `pattern` beside `current` (other versions of it) that have not
    been written for `max_age_days`, as the downloads cache does."""
    limit = time.time() - max_age_days * 86400
    try:
        for other in current.parent.glob(pattern):
            if other != current and other.stat().st_mtime < limit:
                other.unlink()
    except OSError:
        pass
