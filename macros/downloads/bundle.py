"""ZIP bundles of other downloads: the canvases of a module, and the whole toolkit."""

from __future__ import annotations

from collections.abc import Mapping

from macros.downloads.common import write_zip


def zip_bundle(members: Mapping[str, bytes], epoch: int) -> bytes:
    """A ZIP of `members` (name in the archive → bytes): sorted by name, one fixed timestamp,
    fixed permissions, no extra fields. The same members always give the same bytes."""
    return write_zip(sorted(members.items()), epoch)
