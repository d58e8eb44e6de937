"""Text from YAML in the downloads: Markdown fields are rendered (emphasis, links, citations,
`{lang=…}`), plain-text fields are shown exactly as written. A participant prints these files: no
`*…*`, `{lang=en}`, `[…](…)` or `[@key]` may survive.

Reads the files back with the real readers: python-docx for Word, pypdf and pdftotext for PDF.
"""

from __future__ import annotations

import io
import re
import shutil
import subprocess
from pathlib import Path

import docx
import pytest
from docx.oxml.ns import qn
from pypdf import PdfReader

from conftest import ROOT, SOURCE_DATE_EPOCH, ensure_debian_package
from macros.checks.programme import load_programme
from macros.downloads import cache, common, index

FIXTURE = Path(__file__).parent / "fixtures" / "mini"
EPOCH = int(SOURCE_DATE_EPOCH)
SITE_URL = "https://impactacademie.github.io/impactacademie/"
READING_LIST = SITE_URL + "over/bronnen/"

# Markdown syntax that must not reach a participant.
RAW_MARKDOWN = [
    re.compile(p)
    for p in (
        r"\*\*",
        r"(?<![\w*])\*[^*\s][^*\n]*\*(?![\w*])",
        r"\{\s*lang=",
        r"\]\(",
        r"\[@",
        r"(?<!\w)_[^_\s][^_\n]*_(?!\w)",
    )
]

# The fixture tool with Markdown in every Markdown field the downloads show, and characters that
# are special in Markdown, HTML and reportlab's markup in its plain-text fields.
MARKDOWN_TOOL = """\
id: canvas-a
title: "Canvas A & <b>B</b>"
intent: "Ik wil a < b & c > d testen."
modules: [1]
when: Gebruik dit *altijd*.
minutes: 60
participants: [duo]
steps:
  - Lees **dit eerst** en *dat*{lang=en}.
  - Zie [de gids](https://example.org/gids) [@weiss1995, p. 12].
tips:
  - Een tip.
sources: [weiss1995]
based_on: anderson2005
licence: CC-BY-SA-4.0
owner: redactie
canvas:
  blocks:
    - id: links
      label: "Links & <rechts>"
      question: "Wat staat *hier* links?"
      position: {col: 1, row: 1, width: 6, height: 8}
    - id: rechts
      label: Rechts
      question: Wat staat rechts?
      kind: list
      position: {col: 7, row: 1, width: 6, height: 8}
model:
  inputs:
    - {id: kosten, label: Kosten, unit: euro, example: 100}
    - {id: deelnemers, label: Deelnemers, example: 4}
  outputs:
    - {id: per_deelnemer, label: Kosten per deelnemer, formula: kosten / deelnemers, expected: 25}
example:
  initiative: De Klusbus (fictief)
  values:
    links: "We hebben {{ klusbus('vrijwilligers') }} vrijwilligers en *veel* **zin**. Zie [de site](https://example.org/klusbus) [@anderson2005]."
    rechts: ["*een* punt", "twee & drie"]
"""  # noqa: E501 - the long Markdown line of `links` is the test: every kind of run in one field


def tool_files(prog, tool_id: str) -> dict[str, bytes]:
    items = [d for d in index.downloads(prog, SITE_URL, EPOCH) if d.owner == tool_id]
    return {b.uri.rsplit("/", 1)[-1]: b.content for b in cache.generate(items, None).built}


def word_text(data: bytes) -> str:
    document = docx.Document(io.BytesIO(data))
    return "\n".join(p.text for p in document.paragraphs)


def _flag(properties, name: str) -> bool:
    """Whether the run properties `properties` (w:rPr, or None) switch on `name` (w:b, w:i)."""
    element = properties.find(qn(name)) if properties is not None else None
    return element is not None and element.get(qn("w:val")) not in ("0", "false")


def word_runs(data: bytes) -> list[tuple[str, bool, bool, str]]:
    """(text, bold, italic, language) of every run, also inside hyperlinks."""
    document = docx.Document(io.BytesIO(data))
    found = []
    for r in document.element.body.iter(qn("w:r")):
        text = "".join(t.text or "" for t in r.iter(qn("w:t")))
        properties = r.find(qn("w:rPr"))
        language = properties.find(qn("w:lang")) if properties is not None else None
        found.append(
            (
                text,
                _flag(properties, "w:b"),
                _flag(properties, "w:i"),
                language.get(qn("w:val")) if language is not None else "",
            )
        )
    return found


def word_links(data: bytes) -> dict[str, str]:
    """Visible text → target of every hyperlink of the document."""
    document = docx.Document(io.BytesIO(data))
    links = {}
    for link in document.element.body.iter(qn("w:hyperlink")):
        text = "".join(t.text or "" for t in link.iter(qn("w:t")))
        links[text] = document.part.rels[link.get(qn("r:id"))].target_ref
    return links


def pdf_text(data: bytes, pdftotext: str, tmp_path: Path) -> str:
    path = tmp_path / "file.pdf"
    path.write_bytes(data)
    result = subprocess.run([pdftotext, "-layout", str(path), "-"], capture_output=True, text=True, check=True)
    return result.stdout


def pdf_fragments(data: bytes) -> list[tuple[str, str, bool]]:
    """(text, font, slanted) of every piece of page text, as pypdf reads it."""
    found = []
    for page in PdfReader(io.BytesIO(data)).pages:

        def visit(text, cm, tm, font, size):
            if text.strip():
                found.append((text, str((font or {}).get("/BaseFont", "")), abs(tm[2]) > 0.05))

        page.extract_text(visitor_text=visit)
    return found


def pdf_link_targets(data: bytes) -> set[str]:
    targets = set()
    for page in PdfReader(io.BytesIO(data)).pages:
        for annotation in page.get("/Annots") or []:
            action = annotation.get_object().get("/A")
            if action and "/URI" in action:
                targets.add(str(action["/URI"]))
    return targets


def raw_markdown(text: str) -> list[str]:
    return [m.group(0) for pattern in RAW_MARKDOWN for m in pattern.finditer(text)]


@pytest.fixture(scope="module")
def pdftotext() -> str:
    return ensure_debian_package("pdftotext", "poppler-utils")


@pytest.fixture(scope="module")
def real():
    programme, problems = load_programme(ROOT)
    assert programme is not None, problems
    return programme


@pytest.fixture(scope="module")
def markdown_files(tmp_path_factory) -> dict[str, bytes]:
    project = tmp_path_factory.mktemp("markdown") / "project"
    shutil.copytree(FIXTURE, project)
    (project / "worksheets" / "canvas-a.yml").write_text(MARKDOWN_TOOL, encoding="utf-8")
    prog, problems = load_programme(project)
    assert prog is not None, problems
    return tool_files(prog, "canvas-a")


# --- the real tool with Markdown ----------------------------------------------------------------


def test_word_file_of_collective_impact_check_has_no_markdown(real):
    data = tool_files(real, "collective-impact-check")["collective-impact-check.docx"]
    text = word_text(data)
    assert "collective impact" in text
    assert raw_markdown(text) == [], raw_markdown(text)
    emphasised = [r for r in word_runs(data) if r[0] == "collective impact"]
    assert emphasised and all(italic and language.startswith("en") for _, _, italic, language in emphasised)


def test_no_download_of_a_real_tool_shows_markdown(real, pdftotext, tmp_path):
    for tool_id in sorted(real.tools):
        for name, data in tool_files(real, tool_id).items():
            if name.endswith(".pdf"):
                text = pdf_text(data, pdftotext, tmp_path)
            elif name.endswith(".docx"):
                text = word_text(data)
            else:
                continue
            assert raw_markdown(text) == [], (name, raw_markdown(text))


# --- every kind of Markdown, and plain text with special characters ----------------------------


def test_word_renders_emphasis_links_citations_and_language(markdown_files):
    data = markdown_files["canvas-a.docx"]
    text = word_text(data)
    assert raw_markdown(text.replace("*hier*", "")) == [], raw_markdown(text)
    runs = word_runs(data)
    assert ("dit eerst", True, False, "") in runs
    assert any(t == "dat" and italic and lang == "en" for t, _, italic, lang in runs), runs
    assert "Zie de gids (Weiss, 1995, p. 12)." in text
    links = word_links(data)
    assert links["de gids"] == "https://example.org/gids"
    assert links["Weiss, 1995, p. 12"] == READING_LIST + "#bron-weiss1995"


def test_pdf_example_renders_emphasis_links_and_citations(markdown_files, pdftotext, tmp_path):
    data = markdown_files["canvas-a-voorbeeld.pdf"]
    text = pdf_text(data, pdftotext, tmp_path)
    flat = " ".join(text.split())
    assert raw_markdown(flat.replace("*hier*", "")) == [], raw_markdown(flat)
    assert "vrijwilligers en veel zin. Zie de site (Anderson, 2005)." in flat
    assert "• een punt" in flat and "• twee & drie" in flat
    fragments = pdf_fragments(data)
    assert any("zin" in t and "Bold" in font for t, font, _ in fragments), fragments
    assert any("veel" in t and slanted and "Bold" not in font for t, font, slanted in fragments), fragments
    assert not any("De Klusbus" in t and slanted for t, _, slanted in fragments)
    assert {"https://example.org/klusbus", READING_LIST + "#bron-anderson2005"} <= pdf_link_targets(data)


def test_plain_text_fields_are_shown_exactly(markdown_files, pdftotext, tmp_path):
    """A title with & and <b> and a question with *…* are plain text: no markup, no emphasis."""
    word = word_text(markdown_files["canvas-a.docx"])
    assert "Canvas A & <b>B</b>" in word and "Ik wil a < b & c > d testen." in word
    assert "Links & <rechts>" in word and "Wat staat *hier* links?" in word
    for name in ("canvas-a-a3.pdf", "canvas-a-a4.pdf", "canvas-a-voorbeeld.pdf"):
        flat = " ".join(pdf_text(markdown_files[name], pdftotext, tmp_path).split())
        assert "Canvas A & <b>B</b>" in flat, name
        assert "Links & <rechts>" in flat, name
    flat = " ".join(pdf_text(markdown_files["canvas-a-a4.pdf"], pdftotext, tmp_path).split())
    assert "Ik wil a < b & c > d testen." in flat and "Wat staat *hier* links?" in flat


# --- the converter ------------------------------------------------------------------------------


def test_converter_follows_the_page_rules():
    runs = common.markdown_runs("Een *schuine*{lang=en} en **vette** [link](https://e.org/?a=1&b=2) & a < b > c.")
    assert common.runs_text(runs) == "Een schuine en vette link & a < b > c."
    styled = {r.text: r for r in runs}
    assert styled["schuine"].italic and styled["schuine"].lang == "en"
    assert styled["vette"].bold and styled["link"].link == "https://e.org/?a=1&b=2"
    # Not emphasis on the pages either: spaces around, a backslash, an underscore inside a word.
    assert (
        common.runs_text(common.markdown_runs(r"5 * 3 * 2, \*niet\*, snake_case_naam"))
        == "5 * 3 * 2, *niet*, snake_case_naam"
    )
    # Only links to other sites become links.
    assert common.markdown_runs("[x](javascript:alert(1))")[0].link == ""


def test_converter_keeps_paragraphs_and_lists():
    blocks = common.markdown_blocks("Eerst dit.\n\n- een\n- *twee*\n\n1. drie")
    assert [(b.marker, common.runs_text(b.runs)) for b in blocks] == [
        ("", "Eerst dit."),
        ("•", "een"),
        ("•", "twee"),
        ("•", "drie"),
    ]


def test_citations_in_downloads_read_as_on_the_pages(real):
    """The short reference of every source is the text of the page's citation link."""
    from macros.render import pages as render

    for key, source in real.sources.items():
        page = render.citation(real, key, "p. 3", "index.md")
        link_text = re.fullmatch(r"\(\[(.*)\]\([^)]*\)\)", page).group(1)
        shown = common.runs_text(common.markdown_runs(link_text))
        assert shown == common.citation_text(source, "p. 3"), key


def test_the_downloads_know_every_markdown_field_of_a_tool():
    """index.py resolves citations in the Markdown fields of a tool: it must know all of them."""
    import typing

    from macros.load import programme as content
    from macros.model import schema as m

    fields = {
        name
        for name in m.Tool.model_fields
        if content.is_markdown_field(m.Tool, (name,)) or content.is_markdown_field(m.Tool, (name, 0))
    }
    fields |= {
        "example." + name
        for name in m.Example.model_fields
        if any(content.is_markdown_field(m.Example, (name, *loc)) for loc in ((), ("x",), ("x", 0), ("x", 0, 0)))
    }
    assert fields == set(index.TOOL_MARKDOWN_FIELDS), typing.cast(object, fields)


def test_a_table_cell_is_inline_text_as_on_the_pages():
    """The pages put a table cell into a Markdown table row: '2. Doelgroep' stays text there."""
    for cell in ("2. Doelgroep bereikt", "- niet", "# geen kop", "> geen citaat"):
        assert common.runs_text(common.markdown_runs(cell, inline=True)) == cell
    assert common.markdown_runs("*ja* 2. x", inline=True)[0].italic


def test_calendar_shows_a_markdown_goal_as_text(tmp_path):
    project = tmp_path / "project"
    shutil.copytree(FIXTURE, project)
    days = project / "docs" / "_data" / "programmadagen.yml"
    days.write_text(
        days.read_text("utf-8").replace(
            "goal: Kennismaken.", 'goal: "*Kennismaken* met [de buurt](https://example.org/) [@weiss1995]."'
        ),
        "utf-8",
    )
    prog, problems = load_programme(project)
    assert prog is not None, problems
    moment = index.moment(prog, "PD", "PD1", 1, SITE_URL)
    assert moment.description.startswith("Kennismaken met de buurt (Weiss, 1995). Week 1"), moment.description
