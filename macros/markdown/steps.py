"""The numbered steps of "Aan de slag als duo" on a week page: where they are (the "klaar" boxes,
the step ids and the progress count use them), and their bold start ("**Samen, ± 30 minuten.**")
written in from the week's time data (front matter `steps`, macros/model/weektime.py), so the
minutes on the page and in the week header come from one place."""

from __future__ import annotations

import re

from macros.markdown.reader import Item, outline

# The section of a week page whose numbered steps get a "klaar" checkbox.
DUO_SECTION = "Aan de slag als duo"
# A lead typed by hand, as the pages had it before the time data: "**Samen, ± 30 minuten.**"
TYPED_LEAD = re.compile(r"^\*\*[^*]*±\s*\d+\s*minuten[^*]*\*\*")


def section_lines(markdown: str, title: str) -> tuple[int, int] | None:
    """(first line, end line) of the body of the `## title` section, as line indexes; None when the
    page has no such section. The reader's sections (macros/markdown/reader.py): headings inside
    code do not count, the section ends at the next heading of level 1 or 2."""
    found = outline(markdown).section(title, level=2)
    return (found.start, found.end) if found else None


def duo_step_items(markdown: str) -> list[Item]:
    """The top-level numbered steps of the duo assignment of a week page: items `1.` (not `1)`) at
    the start of their line, with their text on that line (webforms.week_markup puts the "klaar"
    checkbox between the number and the text), not inside a quote, block or other list."""
    found = section_lines(markdown, DUO_SECTION)
    if found is None:
        return []
    start, end = found
    return [
        item
        for item in outline(markdown).items
        if start <= item.line < end
        and item.ordered
        and item.delimiter == "."
        and item.depth == 0
        and item.indent == 0
        and not item.contained
        and item.paragraph is not None
        and item.paragraph[0] == item.line
    ]


def duo_step_lines(markdown: str) -> list[int]:
    """Line indexes of the top-level numbered steps in the duo assignment of a week page."""
    return [item.line for item in duo_step_items(markdown)]


def duo_steps(markdown: str) -> int:
    """How many numbered steps the duo assignment of a week page has."""
    return len(duo_step_items(markdown))


def with_step_leads(markdown: str, leads: list[str]) -> str:
    """The page with each numbered step starting with its lead (`leads` in step order). Steps
    beyond the leads stay as they are (the check names the difference); nothing moves to another
    line, so line numbers in messages stay right."""
    lines = markdown.split("\n")
    for line, lead in zip(duo_step_lines(markdown), leads, strict=False):
        match = re.match(r"^(\d+\.\s+)(.*)$", lines[line])
        if match:
            lines[line] = f"{match.group(1)}{lead} {match.group(2)}".rstrip()
    return "\n".join(lines)


def typed_leads(markdown: str) -> list[int]:
    """Line indexes of steps that still start with a lead typed by hand."""
    lines = markdown.split("\n")
    found = []
    for line in duo_step_lines(markdown):
        text = re.sub(r"^\d+\.\s+", "", lines[line])
        if TYPED_LEAD.match(text):
            found.append(line)
    return found


def append_to_section(markdown: str, title: str, text: str) -> str:
    """The page with `text` at the end of its `## title` section (unchanged without that section)."""
    found = section_lines(markdown, title)
    if found is None or not text:
        return markdown
    lines = markdown.split("\n")
    end = found[1]
    while end > found[0] and not lines[end - 1].strip():
        end -= 1
    lines[end:end] = ["", text.rstrip("\n"), ""]
    return "\n".join(lines)
