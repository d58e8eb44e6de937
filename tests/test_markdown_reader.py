"""The one Markdown reader (macros/markdown/reader.py) and the functions that read through it, at
the edges where the earlier readers (one per module, line by line with regular expressions)
disagreed with each other or with how the site renders (Python-Markdown with pymdown-extensions).

The tests named `test_site_*` use only the functions that existed before the reader: all but the
CRLF one failed on the earlier code (base b9e4d43: a ```` fence ended at its inner ``` line, `## Kennis ##`
and setext headings were no sections, an indented heading kept its level on the print page, an
admonition title and tab-indented code counted as prose, a link in a code span was rewritten, a
'2024.' line in a paragraph was a step, and a step's key took in its sub-list but not its lazy
continuation line)."""

from __future__ import annotations

from macros.checks.language import prose_units
from macros.markdown.reader import outline, read, split_attrs
from macros.markdown.steps import duo_step_lines, section_lines
from macros.markdown.text import section
from macros.render import printing
from macros.render.browser_data import duo_step_ids

FENCED = "## Een\n\n````markdown\n```\n## Niet\n```\n````\n\nTekst.\n\n## Twee\n\nMeer.\n"
ADMONITION = (
    "## Kennis\n\n"
    '!!! note "Let op"\n'
    "    # Een kop in het blok\n"
    "\n"
    "    Na een lege regel: tekst met een [link](../tools/x.md), geen code.\n"
    "\n"
    "Weer gewone tekst.\n"
)
SETEXT = (
    "Inleiding.\n\nKennis\n------\n\nDe kennis.\n\nAan de slag als duo\n-------------------\n\n1. Eerst.\n2. Dan.\n"
)
TAB_CODE = "## Kennis\n\nTekst.\n\n\tcode [x](../a.md) en nog meer code\n\nEinde.\n"
CODE_SPAN = "Typ `[tekst](../tools/x.md)` zo, of volg [de tool](../tools/x.md).\n"


def mark(path: str, fragment: str) -> str:
    return f"<{path}|{fragment}>"


# --- the reader -----------------------------------------------------------------------------------


def test_headings_skip_code_and_read_attr_lists():
    doc = read(FENCED + "### Drie {#drie .x lang=en}\n")
    assert [(h.level, h.text, h.line) for h in doc.headings] == [(2, "Een", 0), (2, "Twee", 10), (3, "Drie", 13)]
    assert doc.headings[2].attrs == ("#drie", ".x", "lang=en")
    assert doc.headings[2].id == "drie"
    assert [(c.start, c.end, c.fenced, c.info) for c in doc.code] == [(2, 7, True, "markdown")]
    assert all(doc.in_code(i) for i in range(2, 7)) and not doc.in_code(8)


def test_split_attrs_as_attr_list_reads_a_heading():
    assert split_attrs("Kennis {#k .x}") == ("Kennis", ("#k", ".x"))
    assert split_attrs("Kennis {: #k }") == ("Kennis", ("#k",))
    assert split_attrs("Kennis{#k}") == ("Kennis{#k}", ())  # attr_list wants a space first
    assert split_attrs("Kennis") == ("Kennis", ())


def test_closing_hashes_go_as_on_the_site():
    doc = read("## Kennis ##\n\n## C#\n\n## C\\#\n")
    assert [h.text for h in doc.headings] == ["Kennis", "C", "C\\#"]


def test_admonition_body_is_markdown_not_code():
    doc = read(ADMONITION)
    assert [(c.line, c.end, c.marker) for c in doc.containers] == [(2, 6, "!!!")]
    assert doc.code == []
    assert doc.kinds[2] == "container" and doc.kinds[5] == "paragraph"
    inner = doc.headings[1]
    assert (inner.level, inner.text, inner.contained) == (1, "Een kop in het blok", True)
    column = doc.lines[5].index("../tools/x.md")
    assert [(link.line, link.target, link.span) for link in doc.links] == [(5, "../tools/x.md", (column, column + 13))]
    # A heading inside the block does not end the section around it.
    assert [(s.title, s.start, s.end) for s in doc.sections()] == [("Kennis", 1, 8)]


def test_a_container_marker_inside_a_fence_stays_code():
    doc = read("```\n!!! note\n    x\n```\n")
    assert doc.containers == [] and [(c.start, c.end) for c in doc.code] == [(0, 4)]


def test_a_setext_underline_is_not_a_tab():
    doc = read('Titel\n===\n\n=== "Tab"\n\n    In de tab.\n')
    assert [(h.level, h.text, h.setext, h.end) for h in doc.headings] == [(1, "Titel", True, 2)]
    assert [c.marker for c in doc.containers] == ["==="]
    assert doc.kinds[5] == "paragraph"


def test_md_in_html_content_is_markdown():
    doc = read('<div class="grid" markdown>\n\n- [Tools](tools/index.md)\n\n    Uitleg.\n\n</div>\n')
    assert [link.target for link in doc.links] == ["tools/index.md"]
    assert 0 in doc.html_lines and doc.code == []


def test_setext_headings_are_sections():
    doc = read(SETEXT)
    assert [(s.title, s.start, s.end) for s in doc.sections()] == [("Kennis", 4, 7), ("Aan de slag als duo", 9, 12)]


def test_a_section_at_the_end_runs_to_the_last_line():
    doc = read("## Een\n\nA.\n\n## Twee\n\nB.\nC.")
    assert [(s.title, s.start, s.end) for s in doc.sections()] == [("Een", 1, 4), ("Twee", 5, 8)]
    assert doc.section("Drie") is None


def test_crlf_reads_as_lf():
    lf = read(SETEXT + ADMONITION)
    crlf = read((SETEXT + ADMONITION).replace("\n", "\r\n"))
    assert crlf.lines == lf.lines
    assert (crlf.headings, crlf.sections(), crlf.links, crlf.kinds) == (lf.headings, lf.sections(), lf.links, lf.kinds)


def test_a_tab_indented_block_is_code():
    doc = read(TAB_CODE)
    assert [(c.start, c.end, c.fenced) for c in doc.code] == [(4, 5, False)]
    assert doc.links == []


def test_list_items_depth_number_and_first_paragraph():
    doc = read("1. Een\n   verder.\n\n    - Sub\n        1. Diep\n2) Twee\n\n> 1. In een citaat\n")
    items = [(i.line, i.number, i.delimiter, i.depth, i.contained, i.paragraph) for i in doc.items]
    assert items == [
        (0, 1, ".", 0, False, (0, 2)),
        (3, None, "-", 1, False, (3, 4)),
        (4, 1, ".", 2, False, (4, 5)),
        (5, 2, ")", 0, False, (5, 6)),
        (7, 1, ".", 0, True, (7, 8)),
    ]


def test_links_images_and_code_spans():
    doc = read(CODE_SPAN + '[![Logo](img/logo.png "titel")](https://example.org) <https://example.org/a>\n')
    found = [(link.line, link.target, link.image, link.kind, link.text) for link in doc.links]
    assert found == [
        (0, "../tools/x.md", False, "inline", "de tool"),
        (1, "https://example.org", False, "inline", "Logo"),
        (1, "img/logo.png", True, "inline", "Logo"),
        (1, "https://example.org/a", False, "autolink", "https://example.org/a"),
    ]
    assert CODE_SPAN[slice(*doc.links[0].span or (0, 0))] == "../tools/x.md"
    assert doc.links[0].span == (CODE_SPAN.rindex("../tools/x.md"), CODE_SPAN.rindex("../tools/x.md") + 13)


def test_tables_with_their_header():
    doc = read("| Stap | |\n|---|---|\n| a | b |\n\n```\n| x | |\n|---|---|\n```\n")
    assert [(t.start, t.end, t.header) for t in doc.tables] == [(0, 3, ("Stap", ""))]


# --- the functions that read through it: each failed on the earlier code ---------------------------


def test_site_a_longer_fence_hides_a_shorter_one():
    """The old readers flipped 'fenced' at every ``` line, so a ```` fence that shows a ``` fence
    ended early and its `## Niet` became a section."""
    assert [title for title, _ in printing.split_sections(FENCED)] == ["Een", "Twee"]
    assert section(FENCED, "Een").endswith("Tekst.")
    assert section_lines(FENCED, "Twee") == (11, 13)


def test_site_closing_hashes_do_not_hide_a_section():
    body = "## Kennis ##\n\nDe kennis.\n"
    assert section(body, "Kennis") == "De kennis."
    assert printing.only_section(body, "Kennis") == "De kennis."


def test_site_setext_heading_is_a_section():
    assert section(SETEXT, "Kennis") == "De kennis."
    assert section_lines(SETEXT, "Aan de slag als duo") == (9, 12)
    assert [title for title, _ in printing.split_sections(SETEXT)] == [None, "Kennis", "Aan de slag als duo"]
    shifted, anchors = printing.shift_headings(SETEXT, 2, "w01", set())
    assert "#### Kennis {#w01-kennis}\n\nDe kennis." in shifted and "------" not in shifted
    assert anchors.ids == {"kennis": "w01-kennis", "aan-de-slag-als-duo": "w01-aan-de-slag-als-duo"}


def test_site_heading_inside_an_admonition_moves_down_too():
    shifted, anchors = printing.shift_headings(ADMONITION, 2, "w01", set())
    assert "    ### Een kop in het blok {#w01-een-kop-in-het-blok}" in shifted.splitlines()
    assert "een-kop-in-het-blok" in anchors.ids


def test_site_admonition_body_after_an_empty_line_is_prose():
    texts = [u.text for u in prose_units(ADMONITION)]
    assert texts == ["Na een lege regel: tekst met een link, geen code.", "Weer gewone tekst."]


def test_site_tab_indented_code_is_not_prose_nor_rewritten():
    assert [u.text for u in prose_units(TAB_CODE)] == ["Tekst.", "Einde."]
    assert printing.rewrite_links(TAB_CODE, mark) == TAB_CODE.rstrip("\n")


def test_site_link_in_a_code_span_stays_as_typed():
    out = printing.rewrite_links(CODE_SPAN, mark)
    assert out == "Typ `[tekst](../tools/x.md)` zo, of volg [de tool](<../tools/x.md|>)."


def test_site_numbered_line_inside_a_paragraph_is_no_step():
    """'2024.' at the start of a line inside a paragraph: text on the site (a list that does not
    start at 1 cannot interrupt a paragraph), a step for the old line-by-line reader."""
    body = "## Aan de slag als duo\n\nLees eerst het plan van\n2024. Dan:\n\n1. Eerst.\n2. Dan.\n"
    assert duo_step_lines(body) == [5, 6]


def test_site_step_text_is_its_first_paragraph_only():
    """A nested list under a step is not part of the step's text, so its key stays when the list
    changes."""
    plain = "## Aan de slag als duo\n\n1. Maak de boom.\n2. Kijk.\n"
    nested = "## Aan de slag als duo\n\n1. Maak de boom.\n   - met oorzaken\n   - en gevolgen\n2. Kijk.\n"
    assert duo_step_lines(nested) == [2, 5]
    assert duo_step_ids(nested) == duo_step_ids(plain)


def test_site_step_lazy_continuation_belongs_to_the_step():
    lazy = "## Aan de slag als duo\n\n1. Maak de boom\nmet oorzaken.\n"
    indented = "## Aan de slag als duo\n\n1. Maak de boom\n   met oorzaken.\n"
    assert duo_step_ids(lazy) == duo_step_ids(indented)


def test_site_crlf_body():
    body = "## Kennis {#k}\r\n\r\nTekst [a](../a.md).\r\n\r\n## Aan de slag als duo\r\n\r\n1. Een.\r\n"
    assert section(body, "Kennis") == "Tekst [a](../a.md)."
    assert duo_step_lines(body) == [6]
    assert printing.rewrite_links(body, mark).splitlines()[2] == "Tekst [a](<../a.md|>)."


def test_site_yaml_lint_reads_code_spans_as_code():
    """HTML and a link inside a code span are text on the site; the old lint reported both."""
    from macros.markdown.lint import lint_yaml_markdown

    assert lint_yaml_markdown("Typ `<b>` of `[tekst](a.md)` niet.") == []
    assert len(lint_yaml_markdown("Zie <b>dit</b> en [tekst](../a.md).")) == 2


def test_container_body_is_one_level_up():
    doc = read('??? info "Notities"\n    **Let op.** Eerst.\n\n    !!! tip\n        Binnen.\n\nNa het blok.\n')
    outer, inner = doc.containers
    assert outer.body == "**Let op.** Eerst.\n\n!!! tip\n    Binnen."
    assert (inner.line, inner.end, inner.body) == (3, 5, "Binnen.")


def test_steps_are_numbered_items_with_their_text_on_the_marker_line():
    body = "## Aan de slag als duo\n\n1. Een.\n2) Twee.\n\n 3. Drie.\n\n> 4. Vier.\n\n5.\n   Vijf.\n"
    assert duo_step_lines(body) == [2]


def test_outline_has_the_blocks_of_read_without_the_links():
    """`outline` skips markdown-it's inline pass: every block the same as `read`, no links."""
    text = ADMONITION + FENCED + "\n1. Stap [een](a.md).\n2. Stap twee.\n\n| A | B |\n|---|---|\n| [x](y.md) | 2 |\n"
    blocks, full = outline(text), read(text)
    assert full.links and not blocks.links
    for name in ("headings", "code", "items", "paragraphs", "tables", "containers", "kinds", "lines"):
        assert getattr(blocks, name) == getattr(full, name), name
    assert [s.title for s in blocks.sections()] == ["Kennis", "Een", "Twee"]
    assert outline(text) is full  # once read in full, that document serves
    other = text + "\nNog een regel.\n"
    assert outline(other) is outline(other) and not outline(other).links
    assert outline(other) is not read(other)
    read_first = read(other + "y")
    assert outline(other + "y") is read_first  # a text read in full serves as its outline
