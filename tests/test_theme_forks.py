"""The theme partials in overrides/ that take the place of one of Material's own templates.

Each such file starts with a line that says which Material version it was taken from:

    {#- forked from mkdocs-material 9.8.2 partials/nav-item.html -#}

("replaces" instead of "forked from" when the file is new code, not an edited copy). When the
installed Material differs from that version, Material's own file may have changed and our copy
would silently keep the old one: the test fails until someone compares the two and updates the
line. The line is a Jinja comment with whitespace control, so the built HTML does not change.
"""

from __future__ import annotations

import re
from importlib.metadata import version
from pathlib import Path

import material
import pytest

from conftest import ROOT

OVERRIDES = ROOT / "overrides"
MATERIAL_TEMPLATES = Path(material.__file__).resolve().parent / "templates"
HEADER = re.compile(r"\{#- (forked from|replaces) mkdocs-material (\S+) (\S+\.html) -#\}")


def overridden_templates() -> list[Path]:
    """Every template in overrides/ that has the same path as one of Material's templates."""
    return sorted(
        path for path in OVERRIDES.rglob("*.html") if (MATERIAL_TEMPLATES / path.relative_to(OVERRIDES)).is_file()
    )


def test_the_forks_are_found() -> None:
    names = {path.relative_to(OVERRIDES).as_posix() for path in overridden_templates()}
    assert "partials/nav-item.html" in names, names


@pytest.mark.parametrize("path", overridden_templates(), ids=lambda p: p.relative_to(OVERRIDES).as_posix())
def test_fork_was_taken_from_the_installed_material(path: Path) -> None:
    name = path.relative_to(OVERRIDES).as_posix()
    first_line = path.read_text("utf-8").partition("\n")[0]
    match = HEADER.fullmatch(first_line)
    assert match, (
        f"overrides/{name} takes the place of Material's {name}, but its first line does not "
        f"say from which version: start it with "
        f"{{#- forked from mkdocs-material {version('mkdocs-material')} {name} -#}}"
    )
    assert match[3] == name, f"overrides/{name}: the first line names {match[3]}"
    installed = version("mkdocs-material")
    assert match[2] == installed, (
        f"Material is {installed}, the fork in overrides/{name} was taken from {match[2]}: compare "
        f"the partial with the new one ({MATERIAL_TEMPLATES / name}) and update the header"
    )


def _declarations(css: str, selector: str) -> set[str]:
    """The `property:value` pairs (whitespace and quotes left out) of the first rule for `selector`."""
    compact = re.sub(r"\s+", "", re.sub(r"/\*.*?\*/", "", css, flags=re.S)).replace('"', "")
    start = compact.index(selector + "{") + len(selector) + 1
    return {d for d in compact[start : compact.index("}", start)].split(";") if d}


def test_the_dark_scheme_copied_from_material_is_the_installed_one() -> None:
    """overrides/main.html leaves Material's palette.css out (one render-blocking request less,
    issue 21); impactacademie.css carries its dark scheme instead. A new Material may change it."""
    palette = next((MATERIAL_TEMPLATES / "assets" / "stylesheets").glob("palette.*.min.css")).read_text("utf-8")
    ours = (OVERRIDES / "assets" / "stylesheets" / "impactacademie.css").read_text("utf-8")
    theirs = _declarations(palette, "@mediascreen{[data-md-color-scheme=slate]")
    copied = _declarations(ours, "@mediascreen{[data-md-color-scheme=slate]")
    assert len(theirs) > 40 and copied == theirs, sorted(theirs ^ copied)
    main_css = next((MATERIAL_TEMPLATES / "assets" / "stylesheets").glob("main.*.min.css")).name
    assert f"assets/stylesheets/{main_css}" in (OVERRIDES / "main.html").read_text("utf-8")
