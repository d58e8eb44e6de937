"""The one reader of Markdown structure: a page body (or a Markdown field) parsed once, with
markdown-it-py, into headings, sections, code, list items, links, tables, HTML and paragraphs, each
with its lines. Every check, statistic, print renderer and browser-data builder that needs to know
where a section starts, whether a line is code or which text is a link asks this module.

Line numbers are indexes into `Document.lines` (0-based; the lines of the text split at `\\n`,
`\\r\\n` or `\\r`); a range is `start` up to, not including, `end`.

The site renders with Python-Markdown and pymdown-extensions (mkdocs.yml), markdown-it-py follows
CommonMark. Where that matters for structure, the text is prepared first so that the reader agrees
with the site, without moving any line:
- admonitions (`!!! note`), collapsible blocks (`??? info`, `???+`) and tabs (`=== "Tab"`): the
  marker line is a container, its body (the lines indented four spaces more) is read as Markdown one
  level up, not as indented code;
- an HTML block with the `markdown` attribute (md_in_html) on a line of its own: its content is
  Markdown;
- headings take pymdown's attribute list (`## Kennis {#kennis .x}`, attr_list) apart from their text,
  and lose trailing `#` signs also without a space before them (`## C#` reads "C", as on the site);
- a `#` line indented by one to three spaces is not a heading (Python-Markdown wants the `#` first);
- a list item numbered `1)` is not a step (Python-Markdown only knows `1.`): see `Item.delimiter`.
Known differences that remain (none occurs in the content): a `#Titel` without a space is a heading
in Python-Markdown, not here; a list directly under a paragraph line (no empty line) is a list here,
text in Python-Markdown; a nested list needs four spaces of indent in Python-Markdown; a multi-line
paragraph above `---` is a whole setext heading here; footnote definitions are read as paragraphs.
"""

from __future__ import annotations

import re
from collections import OrderedDict
from dataclasses import dataclass, field
from typing import Any

from markdown_it import MarkdownIt
from markdown_it.token import Token

_MD = MarkdownIt("commonmark", {"html": True}).enable("table")
# The same parser without the inline pass: the blocks only, for `outline`.
_MD_BLOCKS = MarkdownIt("commonmark", {"html": True}).enable("table")
_MD_BLOCKS.core.ruler.disable("inline")

# pymdown block containers: admonition, details, tabbed.
_CONTAINER = re.compile(r"""^([ ]*)(!!!(?= ?[\w-])|\?\?\?\+?(?= ?[\w"-])|={3}!?\+?(?= +"))""")
# An HTML block whose content Python-Markdown reads as Markdown (md_in_html), alone on its line.
_MD_IN_HTML = re.compile(
    r"""^[ ]{0,3}<[a-zA-Z][a-zA-Z0-9-]*\b[^<>]*\smarkdown(?:=(?:"[^"]*"|'[^']*'|\S+))?[^<>]*>\s*$"""
)
# attr_list on a heading, as Python-Markdown's attr_list.HEADER_RE reads it (one or more spaces first).
_HEADER_ATTRS = re.compile(r"[ ]+\{:?[ ]*([^}\n ][^\n]*)\}[ ]*$")
# An inline link or image as typed: [text](target "title"), with one level of nested brackets.
_INLINE_LINK = re.compile(
    r"(!?)(\[(?:[^\[\]]|\[[^\[\]]*\])*\])\(([ \t]*<?)([^()\s<>]+)(>?(?:[ \t]+(?:\"[^\"]*\"|'[^']*'))?[ \t]*)\)"
)
_LINE_BREAK = re.compile(r"\r\n|\r|\n")


@dataclass(frozen=True)
class Heading:
    """A heading: its level, its text without the attribute list (inline Markdown as typed), the
    attribute list split in parts (`#id`, `.class`, `key=value`), its first line and the line after
    it (two lines for a setext heading). `contained`: inside a list, quote or pymdown block, so it
    does not start a section of the page."""

    level: int
    text: str
    attrs: tuple[str, ...]
    line: int
    end: int
    setext: bool = False
    contained: bool = False

    @property
    def id(self) -> str | None:
        """The explicit id of the attribute list (`{#kennis}`), None without one."""
        return next((a[1:] for a in self.attrs if a.startswith("#")), None)


@dataclass(frozen=True)
class Section:
    """A heading and its body: `start` is the line after the heading, `end` the line of the next
    heading of the same or a higher level (or the end of the text)."""

    heading: Heading
    start: int
    end: int

    @property
    def title(self) -> str:
        return self.heading.text

    @property
    def level(self) -> int:
        return self.heading.level


@dataclass(frozen=True)
class Code:
    """Fenced (``` or ~~~, fence lines included) or indented code."""

    start: int
    end: int
    fenced: bool
    info: str = ""


@dataclass(frozen=True)
class Item:
    """A list item. `number` is its number in an ordered list, `delimiter` "." or ")" (ordered) or
    the bullet; `depth` 0 for a list that is not inside another list; `contained` when the list is
    inside a quote or a pymdown container; `paragraph` the lines of its first paragraph."""

    line: int
    end: int
    ordered: bool
    number: int | None
    delimiter: str
    depth: int
    indent: int
    contained: bool
    paragraph: tuple[int, int] | None


@dataclass(frozen=True)
class Link:
    """A link or an image. `target` is the address as typed when the reader found it in the line
    (`span`: its columns there), else the address as markdown-it normalised it; `kind` is "inline"
    (`[text](target)` on one line), "autolink" (`<https://…>`) or "other" (a reference link, or a
    link whose text runs over more than one line)."""

    line: int
    target: str
    image: bool
    kind: str
    span: tuple[int, int] | None = None
    text: str = ""


@dataclass(frozen=True)
class Paragraph:
    """A paragraph (also in a list item, quote, table-free container). `item`: the first paragraph
    of a list item."""

    start: int
    end: int
    item: bool = False


@dataclass(frozen=True)
class Table:
    """A table: its lines and the text of its header cells."""

    start: int
    end: int
    header: tuple[str, ...]


@dataclass(frozen=True)
class Container:
    """A pymdown block (admonition, collapsible block, tab): the marker line, the end of its body
    and the body as Markdown one level up (four spaces less; blocks inside it as typed)."""

    line: int
    end: int
    marker: str
    body: str = field(default="", compare=False, repr=False)


@dataclass
class Document:
    """A parsed text. `kinds` gives per line what the reader found there: "blank", "heading",
    "code", "html", "table", "hr", "paragraph", "container" (a pymdown marker line) or "other"
    (such as a reference definition). `read` caches documents and hands the same one to every
    caller: read it, never change it (copy `lines` before editing them)."""

    text: str
    lines: list[str]
    headings: list[Heading] = field(default_factory=list)
    code: list[Code] = field(default_factory=list)
    items: list[Item] = field(default_factory=list)
    links: list[Link] = field(default_factory=list)
    paragraphs: list[Paragraph] = field(default_factory=list)
    tables: list[Table] = field(default_factory=list)
    containers: list[Container] = field(default_factory=list)
    html_lines: set[int] = field(default_factory=set)
    kinds: list[str] = field(default_factory=list)

    def in_code(self, line: int) -> bool:
        return self.kinds[line] == "code"

    def in_fence(self, line: int) -> bool:
        """In fenced code (fence lines included); the safety checks skip only this, as an indented
        block that markdown-it reads as code may be text in Python-Markdown (in a list)."""
        return any(c.fenced and c.start <= line < c.end for c in self.code)

    def sections(self, level: int = 2) -> list[Section]:
        """Every section with a heading of `level`; it ends at the next heading of that level or a
        higher one (a lower number). Headings inside a list, quote or pymdown block do not count."""
        out = []
        outline = [h for h in self.headings if not h.contained]
        for k, heading in enumerate(outline):
            if heading.level != level:
                continue
            end = next((h.line for h in outline[k + 1 :] if h.level <= level), len(self.lines))
            out.append(Section(heading, heading.end, end))
        return out

    def section(self, title: str, level: int = 2) -> Section | None:
        """The first section with this title at this level, None when there is none."""
        return next((s for s in self.sections(level) if s.title == title), None)

    def parts(self, level: int = 2) -> list[tuple[Heading | None, int, int]]:
        """The text cut at every heading of `level` or higher: (heading, first line, end line),
        the heading line included; the text before the first such heading has None."""
        cuts = [h for h in self.headings if h.level <= level and not h.contained]
        out: list[tuple[Heading | None, int, int]] = [(None, 0, cuts[0].line if cuts else len(self.lines))]
        for k, heading in enumerate(cuts):
            out.append((heading, heading.line, cuts[k + 1].line if k + 1 < len(cuts) else len(self.lines)))
        return out

    def text_of(self, start: int, end: int) -> str:
        return "\n".join(self.lines[start:end])

    def links_on(self, line: int) -> list[Link]:
        return [link for link in self.links if link.line == line]


def split_lines(text: str) -> list[str]:
    """The lines of a text, as markdown-it counts them (a line break at the end ends the last line)."""
    lines = _LINE_BREAK.split(text)
    if lines and lines[-1] == "":
        lines.pop()
    return lines


def split_attrs(text: str) -> tuple[str, tuple[str, ...]]:
    """'Kennis {#x .y lang=en}' → ('Kennis', ('#x', '.y', 'lang=en')), as attr_list reads a heading."""
    match = _HEADER_ATTRS.search(text)
    if not match:
        return text, ()
    return text[: match.start()], tuple(match.group(1).split())


def read(text: str) -> Document:
    """The structure of a Markdown text (cached: the checks and renderers read the same pages)."""
    return _cached(text, True)


def outline(text: str) -> Document:
    """The block structure of a Markdown text: as `read`, without the inline pass, so without
    `links` and without lines that only have inline HTML; headings, sections, items, code, tables
    and containers are the same. About half the work of `read`, for the callers that look only at
    blocks (the steps of a week page, its sections in print), which often read a text that was
    just changed. A text that was `read` already gives that document (with its links)."""
    return _cached(text, False)


# One programme has about 3,200 distinct Markdown texts (pages, and every Markdown field of the YAML),
# and the checks read them several times: 512 entries thrashed (a second load took 2.35 s of CPU,
# with room for all 0.77 s). Bounded, because `mkdocs serve` reads new texts after every edit (and
# keeps this module between rebuilds, macros/site/hooks.py). Keyed by (text, inline pass).
_DOCUMENTS: OrderedDict[tuple[str, bool], Document] = OrderedDict()
MAX_DOCUMENTS = 8192
# The keys asked for since `remember` (macros/site/stored.py keeps those documents for the next build).
_USED: set[tuple[str, bool]] = set()


def _cached(text: str, inline: bool) -> Document:
    for key in ((text, True),) if inline else ((text, True), (text, False)):
        found = _DOCUMENTS.get(key)
        if found is not None:
            _DOCUMENTS.move_to_end(key)
            _USED.add(key)
            return found
    doc = _read(text, inline)
    _DOCUMENTS[(text, inline)] = doc
    _USED.add((text, inline))
    if len(_DOCUMENTS) > MAX_DOCUMENTS:
        _DOCUMENTS.popitem(last=False)
    return doc


def remember(documents: dict[tuple[str, bool], Document]) -> None:
    """Take documents read before (by an earlier process: macros/site/stored.py) as if this
    process had read them; from now on, `used` tells which documents this process asked for."""
    for key, doc in documents.items():
        if key not in _DOCUMENTS and len(_DOCUMENTS) < MAX_DOCUMENTS:
            _DOCUMENTS[key] = doc
    _USED.clear()


def adopt(documents: dict[tuple[str, bool], Document]) -> None:
    """Take documents that a child process of this build read (`read_since` there) as used here."""
    for key, doc in documents.items():
        if key not in _DOCUMENTS:
            _DOCUMENTS[key] = doc
            if len(_DOCUMENTS) > MAX_DOCUMENTS:
                _DOCUMENTS.popitem(last=False)
        _USED.add(key)


def read_since(known: set[tuple[str, bool]]) -> dict[tuple[str, bool], Document]:
    """The documents used since `remember` that are not among the keys `known` (from `keys()`)."""
    return {key: doc for key, doc in used().items() if key not in known}


def keys() -> set[tuple[str, bool]]:
    """The keys of every document in memory now."""
    return set(_DOCUMENTS)


def used() -> dict[tuple[str, bool], Document]:
    """The documents asked for since `remember` (or since this module was loaded) that are still
    in memory, keyed by (text, inline pass)."""
    return {key: _DOCUMENTS[key] for key in _USED if key in _DOCUMENTS}


def _read(text: str, inline: bool) -> Document:
    lines = split_lines(text)
    prepared, containers, html_openers, tokens = _prepare(lines, _MD if inline else _MD_BLOCKS)
    doc = Document(text, lines, containers=containers, html_lines=set(html_openers))
    kinds = ["blank" if not line.strip() else "other" for line in lines]
    for container in containers:
        kinds[container.line] = "container"
    for line in html_openers:
        kinds[line] = "html"
    _walk(tokens, doc, kinds, prepared)
    doc.kinds = kinds
    return doc


def _parse(lines: list[str], parser: MarkdownIt) -> list[Token]:
    return parser.parse("\n".join(lines) + "\n")


def _prepare(lines: list[str], parser: MarkdownIt) -> tuple[list[str], list[Container], list[int], list[Token]]:
    """The lines as markdown-it should read them to agree with the site: pymdown containers opened
    (marker line blank, body moved four columns left), md_in_html openers blank; and the tokens of
    those lines. Markers in code stay: the text is parsed again after each container, so a marker
    inside a fence is seen as code. A text without a line that looks like a marker (most of them)
    is parsed once."""
    out = list(lines)
    containers: list[Container] = []
    openers: list[int] = []
    start = 0
    while True:
        tokens = _parse(out, parser)
        candidates = [i for i in range(start, len(out)) if _CONTAINER.match(out[i]) or _MD_IN_HTML.match(out[i])]
        if not candidates:
            return out, containers, openers, tokens
        code = _code_lines(tokens)
        found = next((i for i in candidates if i not in code), None)
        if found is None:
            return out, containers, openers, tokens
        match = _CONTAINER.match(out[found])
        if match is None:
            openers.append(found)
            out[found] = ""
            start = found + 1
            continue
        indent = len(match.group(1))
        body = indent + 4
        end = found + 1
        last = found + 1
        while end < len(out):
            line = out[end].expandtabs(4) if out[end][:body].strip() == "" else out[end]
            if not line.strip():
                end += 1
                continue
            if len(line) - len(line.lstrip(" ")) < body:
                break
            out[end] = line[:indent] + line[body:]
            end += 1
            last = end
        containers.append(Container(found, last, match.group(2), "\n".join(out[found + 1 : last])))
        out[found] = ""
        start = found + 1


def _code_lines(tokens: list[Token]) -> set[int]:
    return {i for t in tokens if t.type in ("fence", "code_block") and t.map for i in range(*t.map)}


def _walk(tokens: list[Token], doc: Document, kinds: list[str], prepared: list[str]) -> None:
    lists: list[bool] = []  # ordered?
    quotes = 0
    item_stack: list[dict[str, Any]] = []
    row_line = 0

    def contained(line: int) -> bool:
        return quotes > 0 or any(c.line < line < c.end for c in doc.containers)

    def mark(start: int, end: int, kind: str) -> None:
        for i in range(start, min(end, len(kinds))):
            kinds[i] = kind

    i = 0
    while i < len(tokens):
        token = tokens[i]
        kind = token.type
        if kind in ("bullet_list_open", "ordered_list_open"):
            lists.append(kind == "ordered_list_open")
        elif kind in ("bullet_list_close", "ordered_list_close"):
            lists.pop()
        elif kind == "blockquote_open":
            quotes += 1
        elif kind == "blockquote_close":
            quotes -= 1
        elif kind == "list_item_open" and token.map:
            line = token.map[0]
            text = doc.lines[line]
            item_stack.append(
                {
                    "line": line,
                    "end": token.map[1],
                    "ordered": lists[-1],
                    "number": int(token.info) if token.info else None,
                    "delimiter": token.markup,
                    "depth": len(lists) - 1,
                    "indent": len(text) - len(text.lstrip(" ")),
                    "contained": contained(line),
                    "paragraph": None,
                    "index": len(doc.items),
                }
            )
            doc.items.append(None)  # type: ignore[arg-type]  # filled in at list_item_close
        elif kind == "list_item_close":
            data = item_stack.pop()
            index = data.pop("index")
            doc.items[index] = Item(**data)
        elif kind == "heading_open" and token.map:
            inline = tokens[i + 1]
            start, end = token.map
            setext = token.markup in ("=", "-")
            if not setext and prepared[start].startswith(" ") and not item_stack and not quotes:
                # Python-Markdown reads "  ## x" as text, not as a heading.
                mark(start, end, "paragraph")
                doc.paragraphs.append(Paragraph(start, end))
            else:
                content = inline.content if setext else re.sub(r"(?<!\\)#+$", "", inline.content).rstrip()
                text, attrs = split_attrs(content)
                inside = bool(item_stack) or contained(start)
                doc.headings.append(Heading(int(token.tag[1]), text.strip(), attrs, start, end, setext, inside))
                mark(start, end, "heading")
            _inline(inline, start, doc)
        elif kind == "paragraph_open" and token.map:
            start, end = token.map
            first = bool(item_stack) and item_stack[-1]["paragraph"] is None and item_stack[-1]["line"] == start
            if first:
                item_stack[-1]["paragraph"] = (start, end)
            doc.paragraphs.append(Paragraph(start, end, first))
            mark(start, end, "paragraph")
            _inline(tokens[i + 1], start, doc)
        elif kind in ("fence", "code_block") and token.map:
            start, end = token.map
            doc.code.append(Code(start, end, kind == "fence", token.info.strip()))
            mark(start, end, "code")
        elif kind == "html_block" and token.map:
            mark(token.map[0], token.map[1], "html")
            doc.html_lines.update(range(*token.map))
        elif kind == "hr" and token.map:
            mark(token.map[0], token.map[1], "hr")
        elif kind == "table_open" and token.map:
            header: list[str] = []
            j = i + 1
            while tokens[j].type != "thead_close":
                if tokens[j].type == "inline":
                    header.append(tokens[j].content)
                j += 1
            doc.tables.append(Table(token.map[0], token.map[1], tuple(header)))
            mark(token.map[0], token.map[1], "table")
        elif kind == "tr_open" and token.map:
            row_line = token.map[0]
        elif kind == "inline" and tokens[i - 1].type in ("th_open", "td_open"):
            _inline(token, row_line, doc)
        i += 1


def _inline(inline: Token, line: int, doc: Document) -> None:
    """Links, images and inline HTML of one inline token that starts on `line`."""
    found: list[tuple[int, str, bool, str, str]] = []  # line, href, image, kind, text
    open_link: list[str] | None = None  # the text of the link being read
    for child in inline.children or []:
        if child.type in ("softbreak", "hardbreak"):
            line += 1
        elif child.type == "link_open":
            kind = "autolink" if child.markup == "autolink" else "inline"
            found.append((line, str(child.attrs.get("href", "")), False, kind, ""))
            open_link, open_index = [], len(found) - 1
        elif child.type == "link_close" and open_link is not None:
            number, href, _, kind, _ = found[open_index]
            found[open_index] = (number, href, False, kind, "".join(open_link))
            open_link = None
        elif child.type == "image":
            found.append((line, str(child.attrs.get("src", "")), True, "inline", child.content))
            if open_link is not None:
                open_link.append(child.content)
        elif child.type == "html_inline":
            doc.html_lines.add(line)
        elif open_link is not None and child.type in ("text", "code_inline"):
            open_link.append(child.content)
    by_line: dict[int, list[tuple[int, int, str, bool]]] = {}
    for number, href, image, kind, text in found:
        if kind == "autolink":
            doc.links.append(Link(number, href, image, kind, text=text))
            continue
        if number not in by_line:
            by_line[number] = _typed_links(doc.lines[number]) if number < len(doc.lines) else []
        candidates = by_line[number]
        match = next((c for c in candidates if c[3] == image and _MD.normalizeLink(c[2]) == href), None)
        if match is None:
            doc.links.append(Link(number, href, image, "other", text=text))
            continue
        by_line[number] = [c for c in candidates if c[:2] != match[:2]]
        doc.links.append(Link(number, match[2], image, "inline", (match[0], match[1]), text))


def _typed_links(line: str) -> list[tuple[int, int, str, bool]]:
    """Every `[text](target)` and `![alt](target)` that starts somewhere in the line outside a code
    span (also one inside another, such as an image in a link): (start, end of the target, target,
    image)."""
    spans = _code_spans(line)
    found = []
    for start in (k for k, ch in enumerate(line) if ch in "[!"):
        if any(a <= start < b for a, b in spans):
            continue
        match = _INLINE_LINK.match(line, start)
        if match and (match.group(1) or line[start] == "["):
            found.append((match.start(4), match.end(4), match.group(4), bool(match.group(1))))
    return found


_BACKTICKS = re.compile(r"(?<!\\)`+")


def _code_spans(line: str) -> list[tuple[int, int]]:
    """The columns of the code spans in a line: a run of backticks up to the next run of the same
    length (CommonMark); a run without a partner is text."""
    runs = [(m.start(), m.end()) for m in _BACKTICKS.finditer(line)]
    spans = []
    k = 0
    while k < len(runs):
        start, end = runs[k]
        partner = next((j for j in range(k + 1, len(runs)) if runs[j][1] - runs[j][0] == end - start), None)
        if partner is None:
            k += 1
            continue
        spans.append((start, runs[partner][1]))
        k = partner + 1
    return spans
