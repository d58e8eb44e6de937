"""Byte-for-byte comparison of the built site and the offline ZIP between two git revisions, or a
revision and the working tree: the acceptance check of a change that must not change behaviour
(such as the move of macros/ into layers, issue 13).

    .venv/bin/python tests/compare_builds.py BEFORE [AFTER]   # AFTER: a revision; default the working tree
    .venv/bin/python tests/compare_builds.py HEAD~1 HEAD      # what the last commit changed in the output

A revision is checked out in a temporary git worktree (nothing in this checkout changes). Both
sides are built with `mkdocs build --strict` and `python -m macros offline`, with the same
SOURCE_DATE_EPOCH and a fresh download cache. Prints the number of files compared and every
difference; exits 1 when there is one. Not part of `make test` (two full builds, a few minutes).
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
EPOCH = "1767225600"


def build(project: Path, out: Path) -> tuple[Path, Path]:
    """The site folder and the offline ZIP of the project in `project`, built into `out`."""
    env = dict(
        os.environ,
        NO_MKDOCS_2_WARNING="1",
        DISABLE_MKDOCS_2_WARNING="true",
        PYTHONDONTWRITEBYTECODE="1",
        SOURCE_DATE_EPOCH=EPOCH,
        PYTHONPATH=str(project),
    )
    env.pop("OFFLINE_ZIP", None)
    site, offline = out / "site", out / "offline.zip"
    for command in (
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(site)],
        [sys.executable, "-m", "macros", "offline", "--out", str(offline)],
    ):
        result = subprocess.run(command, cwd=project, env=env, capture_output=True, text=True)
        if result.returncode != 0:
            sys.exit(f"{' '.join(command[2:4])} failed in {project}:\n{result.stdout}{result.stderr}")
    return site, offline


def files(site: Path) -> dict[str, bytes]:
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in sorted(site.rglob("*")) if p.is_file()}


def members(archive: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(archive) as zf:
        return {info.filename: zf.read(info) for info in zf.infolist()}


def differences(what: str, before: dict[str, bytes], after: dict[str, bytes]) -> list[str]:
    out = [f"{what}: only before: {name}" for name in sorted(set(before) - set(after))]
    out += [f"{what}: only after: {name}" for name in sorted(set(after) - set(before))]
    out += [f"{what}: differs: {name}" for name in sorted(set(before) & set(after)) if before[name] != after[name]]
    return out


def built(revision: str | None, out: Path) -> tuple[dict[str, bytes], dict[str, bytes], bytes]:
    """The files of the site, the members of the offline ZIP and the ZIP itself, of `revision`
    (None: the working tree)."""
    if revision is None:
        site, offline = build(ROOT, out)
    else:
        tree = out / "tree"
        subprocess.run(
            ["git", "worktree", "add", "--detach", str(tree), revision], cwd=ROOT, check=True, capture_output=True
        )
        try:
            site, offline = build(tree, out)
        finally:
            subprocess.run(["git", "worktree", "remove", "--force", str(tree)], cwd=ROOT, capture_output=True)
    return files(site), members(offline), offline.read_bytes()


def main(before: str = "HEAD", after: str | None = None) -> int:
    with tempfile.TemporaryDirectory(prefix="compare-builds-") as tmp:
        site_a, zip_a, archive_a = built(before, Path(tmp, "before"))
        site_b, zip_b, archive_b = built(after, Path(tmp, "after"))
    found = differences("site", site_a, site_b) + differences("offline ZIP", zip_a, zip_b)
    if archive_a != archive_b:
        found.append("offline ZIP: the archives differ as files")
    print(
        f"{before} → {after or 'working tree'}: site {len(site_a)} files before, {len(site_b)} after; "
        f"offline ZIP {len(zip_a)} members before, {len(zip_b)} after; differences: {len(found)}"
    )
    print(*found, sep="\n")
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:3]))
