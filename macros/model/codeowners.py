"""Who reviews which file: .github/CODEOWNERS, made from the year plan and the partners.

The owner of a module is `modules[].owner` in docs/_data/programma.yml (one source). Its files are
the week pages of its weeks (docs/weken/week-NN.md, also before they exist, so a new page is routed
from its first pull request) and the tool files its weeks name (worksheets/<id>.yml; a tool named in
several modules belongs to the first). A tool that no week names keeps the `owner:` of its own file.
Each owner is reached through its `github:` handle in docs/_data/partners.yml; an owner without a
handle is routed to the editors (the partner `redactie`), never to an invented person. Everything
else, the year plan included, goes to the editors. Pure: `python -m macros codeowners` writes the
text, tests/test_partners_contrib.py compares it with the file.
"""

from __future__ import annotations

from dataclasses import dataclass

from macros.model.programme import DATA_DIR, WEEKS_DIR, WORKSHEETS_DIR, Programme

PATH = ".github/CODEOWNERS"
EDITORS = "redactie"  # the partner id of the editors: the fallback reviewer and owner of the year plan
COMMAND = "python -m macros codeowners"


@dataclass(frozen=True)
class Route:
    """One file and the partner that owns it, with the module it belongs to (None: no module)."""

    path: str  # relative to the project root
    owner: str  # partner id
    module: int | None


def week_path(prog: Programme, number: int) -> str:
    """The file of a week page: the real one when it exists, else where `new-week` puts it."""
    if number in prog.week_pages:
        return prog.week_pages[number].page.path
    return f"docs/{WEEKS_DIR}/week-{number:02d}.md"


def tool_path(prog: Programme, tool_id: str) -> str:
    return prog.tool_files.get(tool_id, f"{WORKSHEETS_DIR}/{tool_id}.yml")


def routes(prog: Programme) -> list[Route]:
    """Every file a partner owns, module by module in plan order, then tools outside the plan."""
    out: list[Route] = []
    seen_tools: set[str] = set()
    for module in prog.modules:
        out += [Route(week_path(prog, w.week), module.owner, module.number) for w in module.weeks]
        for week in module.weeks:
            for tool_id in week.tools:
                if tool_id not in seen_tools:
                    seen_tools.add(tool_id)
                    out.append(Route(tool_path(prog, tool_id), module.owner, module.number))
    for tool_id, tool in sorted(prog.tools.items()):
        if tool_id not in seen_tools:
            out.append(Route(tool_path(prog, tool_id), tool.owner, None))
    return out


def handle(prog: Programme, partner_id: str) -> str | None:
    """The GitHub user or team that reviews for this partner: its own handle, else the editors'."""
    partner = prog.partners.get(partner_id)
    if partner is not None and partner.github:
        return partner.github
    editors = prog.partners.get(EDITORS)
    return editors.github if editors is not None else None


def _who(prog: Programme, partner_id: str) -> str:
    partner = prog.partners.get(partner_id)
    if partner is not None and partner.github:
        return partner_id
    return f"{partner_id} (no github: handle in partners.yml, so the editors review)"


def codeowners(prog: Programme) -> str:
    """The text of .github/CODEOWNERS. In CODEOWNERS the last matching line wins, so the catch-all
    line comes first."""
    lines = [
        f"# Made by `{COMMAND}` from {DATA_DIR}/programma.yml (modules[].owner) and",
        f"# {DATA_DIR}/partners.yml (github:): do not edit by hand (macros/model/codeowners.py).",
        "# A module's week pages and tools go to the module's owner; an owner without a GitHub handle",
        "# is routed to the editors. The last matching line wins.",
        "",
    ]
    editors = handle(prog, EDITORS)
    if editors:
        lines += [
            f"# Everything else, the year plan included: {EDITORS}",
            f"*  {editors}",
            f"/{DATA_DIR}/programma.yml  {editors}",
        ]
    current: tuple[int | None, str] | None = None
    for route in routes(prog):
        owner = handle(prog, route.owner)
        if owner is None:
            continue
        if (route.module, route.owner) != current:
            current = (route.module, route.owner)
            if route.module is None:
                title = "Tools outside the year plan"
            else:
                title = f"Module {route.module}: {prog.module(route.module).title}"
            lines += ["", f"# {title}: {_who(prog, route.owner)}"]
        lines.append(f"/{route.path}  {owner}")
    return "\n".join(lines) + "\n"


@dataclass(frozen=True)
class Mismatch:
    """A file whose own `owner:` is not the owner of its module: a week page (`week`) or a tool (`tool`)."""

    path: str
    owner: str
    expected: str
    module: int
    week: int | None = None
    tool: str | None = None

    def message(self) -> str:
        where = (
            f"week {self.week} is in module {self.module}"
            if self.week is not None
            else (f"module {self.module} names it first")
        )
        return f"owner: '{self.owner}', but {where}, owned by '{self.expected}' ({DATA_DIR}/programma.yml)"


def mismatches(prog: Programme) -> list[Mismatch]:
    """Files whose own `owner:` names another partner than the one CODEOWNERS routes them to (what
    the page shows and who reviews it must be the same)."""
    out = []
    for route in routes(prog):
        if route.module is None:
            continue
        for number, week_page in prog.week_pages.items():
            if week_page.page.path == route.path and week_page.meta.owner != route.owner:
                out.append(Mismatch(route.path, week_page.meta.owner, route.owner, route.module, week=number))
        for tool_id, file in prog.tool_files.items():
            tool = prog.tools.get(tool_id)
            if file == route.path and tool is not None and tool.owner != route.owner:
                out.append(Mismatch(route.path, tool.owner, route.owner, route.module, tool=tool_id))
    return out


def disagreements(prog: Programme) -> list[str]:
    """One line per file whose owner disagrees with its module's (see mismatches)."""
    return [f"{m.path}: {m.message()}" for m in mismatches(prog)]
