"""Command line for partners and CI: `python -m macros check | new-week N | new-tool ID | schema | offline`."""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
from pathlib import Path

from macros.checks.programme import load_programme
from macros.model import schema as m
from macros.model.programme import DATA_DIR, DATA_FILES, WEEK_SECTIONS, WORKSHEETS_DIR

ROOT = Path(__file__).resolve().parents[2]
SCHEMA_DIR = Path(__file__).resolve().parents[1] / "schemas"


def check(root: Path, show_warnings: bool) -> int:
    """Exit 0 when the content is valid, 1 with one line per problem otherwise."""
    programme, problems = load_programme(root)
    errors = [p for p in problems if p.severity == "error"]
    warnings = [p for p in problems if p.severity == "warning"]
    for problem in errors:
        print(problem)
    if show_warnings:
        for problem in warnings:
            print(problem)
    if errors:
        print(f"\n{len(errors)} fout(en) gevonden. Los ze op en draai de controle opnieuw.", file=sys.stderr)
        return 1
    assert programme is not None  # only an error stops the programme from being built
    summary = (
        f"In orde: {len(programme.weeks)} weken, {len(programme.week_pages)} weekpagina's, "
        f"{len(programme.tools)} tools, {len(programme.sources)} bronnen."
    )
    if warnings:
        summary += f" {len(warnings)} waarschuwing(en) over wat nog niet af is"
        summary += "." if show_warnings else " (toon ze met --warnings)."
    print(summary, file=sys.stderr)
    return 0


def new_week(root: Path, number: int, owner: str) -> int:
    programme, problems = load_programme(root)
    if programme is None:
        print("Los eerst de fouten op: python -m macros check", file=sys.stderr)
        return 1
    try:
        week = programme.week(number)
    except KeyError:
        print(f"Week {number} staat niet in {DATA_DIR}/programma.yml. Zet hem daar eerst in.", file=sys.stderr)
        return 1
    if number in programme.week_pages:
        print(f"Week {number} heeft al een pagina: {programme.week_pages[number].page.path}", file=sys.stderr)
        return 1
    target = root / "docs" / "weken" / f"week-{number:02d}.md"
    sections = "\n\n".join(f"## {title}\n" for title in WEEK_SECTIONS)
    target.parent.mkdir(parents=True, exist_ok=True)
    day = any(c.startswith("PD") for c in week.contact)
    when = ", when: voor" if day else ""
    time_data = (
        "# De tijd van elke stap van 'Aan de slag als duo' (zie CONTRIBUTING.md, 'Tijd'):\n"
        f"steps:\n  - {{who: samen, minutes: 30{when}}}\n"
    )
    target.write_text(
        f"---\nweek: {number}\nowner: {owner}\nphase: concept\nreviewed: {dt.date.today().isoformat()}\n"
        f"{time_data}---\n\n"
        f"<!-- De titel, tool en het weekproduct komen uit {DATA_DIR}/programma.yml: "
        f'"{week.title}". Schrijf hieronder elke sectie. -->\n\n{sections}',
        encoding="utf-8",
    )
    print(f"Gemaakt: {target.relative_to(root)}")
    return 0


def new_tool(root: Path, tool_id: str, owner: str) -> int:
    target = root / WORKSHEETS_DIR / f"{tool_id}.yml"
    if target.exists():
        print(f"{target.relative_to(root)} bestaat al", file=sys.stderr)
        return 1
    target.write_text(
        f"""# yaml-language-server: $schema=../macros/schemas/tool.schema.json
# Vul elk veld in en draai daarna: python -m macros check
id: {tool_id}
title:
intent: "Ik wil "
modules: []
when: >-

minutes: 60
participants: [duo]
steps:
  -
tips:
  -
sources: []
based_on:
licence: CC-BY-SA-4.0
owner: {owner}
canvas:
  blocks:
    - id:
      label:
      question:
      kind: text
      position: {{col: 1, row: 1, width: 6, height: 4}}
example:
  initiative: De Klusbus (fictief)
  values: {{}}
""",
        encoding="utf-8",
    )
    print(f"Gemaakt: {target.relative_to(root)}. Haal '{tool_id}' weg uit planned_tools als hij daar staat.")
    return 0


def schema_documents() -> dict[str, dict]:
    documents = {
        Path(name).stem + ".schema.json": model.model_json_schema(mode="validation")
        for name, model in DATA_FILES.items()
    }
    documents["tool.schema.json"] = m.Tool.model_json_schema(mode="validation")
    documents["week.schema.json"] = m.WeekMeta.model_json_schema(mode="validation")
    return documents


def write_schemas(directory: Path = SCHEMA_DIR) -> list[Path]:
    directory.mkdir(parents=True, exist_ok=True)
    written = []
    for name, document in schema_documents().items():
        path = directory / name
        path.write_text(json.dumps(document, indent=2, ensure_ascii=False, sort_keys=True) + "\n", encoding="utf-8")
        written.append(path)
    return written


def write_codeowners(root: Path) -> int:
    from macros.model.codeowners import PATH, codeowners

    programme, _ = load_programme(root)
    if programme is None:
        print("Los eerst de fouten op: python -m macros check", file=sys.stderr)
        return 1
    target = root / PATH
    target.write_text(codeowners(programme), encoding="utf-8")
    print(f"Geschreven: {target.relative_to(root)}")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m macros", description="Controleer en maak inhoud.")
    parser.add_argument("--root", type=Path, default=ROOT, help=argparse.SUPPRESS)
    sub = parser.add_subparsers(dest="command", required=True)
    p_check = sub.add_parser("check", help="controleer alle inhoud")
    p_check.add_argument("--warnings", action="store_true", help="toon ook wat nog niet af is")
    p_week = sub.add_parser("new-week", help="maak een weekpagina uit het jaarplan")
    p_week.add_argument("number", type=int)
    p_week.add_argument("--owner", default="redactie")
    p_tool = sub.add_parser("new-tool", help="maak een leeg tool-bestand")
    p_tool.add_argument("id")
    p_tool.add_argument("--owner", default="redactie")
    sub.add_parser("schema", help="schrijf de JSON Schema's voor editors")
    sub.add_parser("codeowners", help="schrijf .github/CODEOWNERS uit programma.yml en partners.yml")
    sub.add_parser("stats", help="woorden, leesbaarheid en bronnen per week")
    p_offline = sub.add_parser("offline", help="de hele site als zipbestand dat zonder internet werkt")
    p_offline.add_argument("--out", type=Path, default=Path("build/impactacademie-offline.zip"))
    p_offline.add_argument("--site-dir", type=Path, help="bewaar de gebouwde map ook hier")
    args = parser.parse_args(argv)
    root = args.root.resolve()
    if args.command == "check":
        return check(root, args.warnings)
    if args.command == "new-week":
        return new_week(root, args.number, args.owner)
    if args.command == "new-tool":
        return new_tool(root, args.id, args.owner)
    if args.command == "stats":
        from macros.checks.weekstats import table

        programme, _ = load_programme(root)
        if programme is None:
            print("Los eerst de fouten op: python -m macros check", file=sys.stderr)
            return 1
        print(table(programme))
        return 0
    if args.command == "codeowners":
        return write_codeowners(root)
    if args.command == "offline":
        from macros.site import offline

        return offline.main(args.out, args.site_dir)
    for path in write_schemas():
        print(f"Geschreven: {path.relative_to(ROOT)}")
    return 0
