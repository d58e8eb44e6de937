"""Pure renderers for paper: the whole programme on one page, and per module a sheet with only the
duo assignments and the weekly products. Model objects in, Markdown out; no file or MkDocs access.

Week bodies are copied into another page, so three things are rewritten:
- headings move down (a week's `## Kennis` becomes a level-4 heading under the week's title) and get
  an id with a prefix per week (`{#w03-kennis}`), so anchors stay unique on the combined page;
- links are made relative to the new page (`../tools/x.md` from weken/ must still resolve from
  programma/); a link to a week that is on the same page becomes an anchor on that page;
- footnote labels get the same prefix.
Macro calls such as `{{ klusbus('x') }}` stay: the generated page goes through the macros plugin.

Print decisions (the paper part of overrides/assets/stylesheets/impactacademie.css):
- Notes for coaches ("Voor begeleiders", a collapsed block) are left off a printed week page and
  off the whole-programme page: those prints are for the duo. Coaches print all notes at once,
  open, from their own page (paths.COACH_NOTES).
- Other collapsed blocks print open: on paper nobody can click them.
- Links to other sites print their address after the text (`mark_external_links` marks them: in
  the browser instant navigation makes every href absolute, so CSS cannot tell them apart); links
  within the site do not, nor do links whose text is already the address.
- A new sheet before each module and week of the combined pages, and before the duo assignment of
  a week page, so that it can be handed out on its own. No header, tabs, sidebars, footer, search,
  edit or feedback links; 11 pt text; light colours also in dark mode; tables, admonitions, figures
  and canvases are not split; wide tables and code wrap instead of being cut off.
"""

from __future__ import annotations

import html
import posixpath
import re
from collections.abc import Callable
from dataclasses import dataclass, field

from markdown.extensions.toc import slugify as toc_slugify
from markdown.extensions.toc import unique

from macros.markdown.reader import outline, read
from macros.markdown.steps import DUO_SECTION, append_to_section
from macros.markdown.text import section
from macros.model import paths
from macros.model import schema as m
from macros.model.programme import CITATION, Programme
from macros.render import pages as render

# The week-page sections that stay off the participants' print page. The notes for coaches print
# open, all weeks together, from their own page (paths.COACH_NOTES).
LEFT_OUT = ("Voor begeleiders",)
# Classes the print stylesheet uses: a new sheet of paper before each module and each week.
MODULE_CLASS = "ia-print-module"
WEEK_CLASS = "ia-print-week"

_REFERENCE = re.compile(r"^([ \t]{0,3}\[[^\]^][^\]]*\]:[ \t]*<?)([^\s>]+)")
_HTML_ATTR = re.compile(r"""\b(href|src)=(["'])([^"']+)\2""")
_FOOTNOTE = re.compile(r"\[\^([^\]\s]+)\]")
_SCHEME = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*:|^//|^/")


def week_anchor(number: int) -> str:
    """The id of a week's title on a combined page: w03."""
    return f"w{number:02d}"


def module_anchor(number: int) -> str:
    return f"module-{number}"


# --- headings -------------------------------------------------------------------------------------


def plain_heading(text: str) -> str:
    """The text a heading shows, as the toc extension slugifies it: no attribute lists, link
    targets, emphasis, code marks or HTML tags."""
    text = re.sub(r"\{:?[^{}]*\}", "", text)
    text = re.sub(r"!?\[([^\]]*)\]\([^)]*\)", r"\1", text)
    text = re.sub(r"<[^>]+>", "", text)
    text = re.sub(r"[*_`]", "", text)
    return html.unescape(text).strip()


def heading_id(text: str) -> str:
    """The id MkDocs gives a heading without an explicit one."""
    return toc_slugify(plain_heading(text), "-")


@dataclass
class Anchors:
    """Heading ids of one copied body: the id on its own page → the id on the combined page."""

    prefix: str
    ids: dict[str, str] = field(default_factory=dict)

    def get(self, old: str) -> str | None:
        """The new id of a heading, the week's own anchor for '', None when it was not copied."""
        return self.ids.get(old) if old else self.prefix


def shift_headings(
    markdown: str, levels: int, prefix: str, used: set[str], classes: tuple[str, ...] = ()
) -> tuple[str, Anchors]:
    """Move every heading down `levels` (at most to level 6) and give it the id `prefix-<id>`,
    unique among `used` (which is updated). The headings are the reader's (macros/markdown/reader.py):
    none in code; a setext heading becomes a `#` heading. The first heading gets `classes`."""
    doc = outline(markdown)
    anchors = Anchors(prefix)
    own_ids: set[str] = set()
    out = list(doc.lines)
    first = True
    for heading in doc.headings:
        line = out[heading.line]
        indent = line[: len(line) - len(line.lstrip())]
        if not heading.setext and not line.lstrip().startswith("#"):
            continue  # a heading that shares its line with a list marker: left as it is
        old = heading.id or unique(heading_id(heading.text), own_ids)
        own_ids.add(old)
        new = unique(f"{prefix}-{old}", used)
        anchors.ids[old] = new
        rest = [a for a in heading.attrs if not a.startswith("#")]
        if first:
            rest = [f".{c}" for c in classes] + rest
            first = False
        level = min(6, heading.level + levels)
        out[heading.line] = f"{indent}{'#' * level} {heading.text} {{#{new}{''.join(' ' + a for a in rest)}}}"
        if heading.setext:
            out[heading.end - 1] = None  # type: ignore[call-overload]  # the underline goes
    return "\n".join(line for line in out if line is not None), anchors


def title_heading(text: str, level: int, anchor: str, classes: tuple[str, ...] = ()) -> str:
    extra = "".join(f" .{c}" for c in classes)
    return f"{'#' * level} {text} {{#{anchor}{extra}}}\n"


# --- links ----------------------------------------------------------------------------------------

# A link target → its new form; receives the target without its fragment, and the fragment.
Retarget = Callable[[str, str], str]


def rewrite_links(markdown: str, retarget: Retarget) -> str:
    """Apply `retarget` to every link and image target the reader finds (macros/markdown/reader.py:
    not in code, not in a code span), to reference definitions outside code and to href/src
    attributes of raw HTML. Absolute URLs, site-absolute paths and other schemes (mailto:) are left
    alone."""

    def new(url: str) -> str:
        if _SCHEME.match(url):
            return url
        path, _, fragment = url.partition("#")
        return retarget(path, fragment)

    doc = read(markdown)
    out = []
    for index, line in enumerate(doc.lines):
        if doc.in_code(index):
            out.append(line)
            continue
        spans = sorted((link.span for link in doc.links_on(index) if link.span), reverse=True)
        for start, end in spans:
            line = line[:start] + new(line[start:end]) + line[end:]
        line = _REFERENCE.sub(lambda mt: mt.group(1) + new(mt.group(2)), line)
        if index in doc.html_lines:
            line = _HTML_ATTR.sub(lambda mt: f"{mt.group(1)}={mt.group(2)}{new(mt.group(3))}{mt.group(2)}", line)
        out.append(line)
    return "\n".join(out)


def mover(from_uri: str, to_uri: str, own: Anchors, inline: dict[str, Anchors] | None = None) -> Retarget:
    """A Retarget for Markdown copied from the page `from_uri` into the page `to_uri`.

    A link to a heading that was copied too (`#x` of the page itself: `own`; or of a page whose
    body is on the new page as well: `inline`, source URI → its anchors) becomes an anchor on the
    new page. Any other relative link, such as one to a section that was left out, goes to the
    original page, relative to `to_uri`."""
    inline = dict(inline or {})
    inline[from_uri] = own
    base = posixpath.dirname(from_uri)

    def retarget(path: str, fragment: str) -> str:
        target = posixpath.normpath(posixpath.join(base, path)) if path else from_uri
        anchor = inline[target].get(fragment) if target in inline else None
        if anchor is not None:
            return "#" + anchor
        link = paths.relative(to_uri, target)
        return f"{link}#{fragment}" if fragment else link

    return retarget


def prefix_footnotes(markdown: str, prefix: str) -> str:
    """`[^1]` → `[^w03-1]` outside code, so footnotes of different weeks do not collide."""
    doc = outline(markdown)
    return "\n".join(
        line if i < len(doc.lines) and doc.in_code(i) else _FOOTNOTE.sub(lambda mt: f"[^{prefix}-{mt.group(1)}]", line)
        for i, line in enumerate(markdown.split("\n"))
    )


# --- sections of a week page ----------------------------------------------------------------------


def split_sections(body: str) -> list[tuple[str | None, str]]:
    """A page body as (title of its `## ` section, Markdown of that section including its heading),
    cut at every heading of level 1 or 2 (macros/markdown/reader.py); text before the first section,
    and a part under a level-1 heading, have the title None."""
    doc = outline(body)
    out: list[tuple[str | None, str]] = []
    for heading, start, end in doc.parts(level=2):
        title = heading.text if heading is not None and heading.level == 2 else None
        text = doc.text_of(start, end).strip("\n")
        if title is not None or text.strip():
            out.append((title, text))
    return out


def without_sections(body: str, titles: tuple[str, ...]) -> str:
    return "\n\n".join(text for title, text in split_sections(body) if title not in titles)


def only_section(body: str, title: str) -> str:
    """The `## title` section without its heading, or '' when the page has none."""
    return section(body, title)


# --- the whole programme ------------------------------------------------------------------------


def _weeks_with_pages(prog: Programme, module: m.Module) -> list[m.PlanWeek]:
    return [w for w in module.weeks if w.week in prog.week_pages]


def print_page(prog: Programme) -> str:
    """Every written week in programme order, for printing: the facts of each week (as on its
    page), its body without the notes for coaches, and at the end the sources that were cited."""
    uri = paths.PRINT_PAGE
    used: set[str] = set()
    weeks = [w.week for module in prog.modules for w in _weeks_with_pages(prog, module)]
    # First pass: the new ids of every week's headings, so links between weeks can point here.
    bodies: dict[int, str] = {}
    anchors: dict[str, Anchors] = {}
    for number in weeks:
        page = prog.week_pages[number].page
        body = append_to_section(page.body, DUO_SECTION, render.duo_extras(prog, number))
        body = without_sections(body, LEFT_OUT)
        body, found = shift_headings(body, 2, week_anchor(number), used)
        bodies[number] = body
        anchors[page.src_uri] = found
    out = [
        "---",
        "search:",
        "  exclude: true",
        "hide:",
        "  - toc",
        "---",
        "",
        "# Het hele programma\n",
        "Op deze pagina staan alle uitgewerkte weken onder elkaar. Zo kunnen jullie het hele "
        "programma in één keer afdrukken of bewaren als pdf. Kies daarvoor in je browser Afdrukken. "
        "Elke week begint op een nieuw vel.\n",
        "De notities voor begeleiders staan hier niet bij. Die staan samen op de pagina "
        f"[notities voor begeleiders]({paths.relative(uri, paths.COACH_NOTES)}). "
        "De opdrachten voor het duo staan per module ook op een eigen pagina: zie de pagina van "
        "elke module.\n",
    ]
    if not weeks:
        out.append("Er zijn nog geen weken uitgewerkt.\n")
        return "\n".join(out)
    out.append('<nav class="ia-print-contents" aria-label="Weken op deze pagina" markdown>\n')
    for module in prog.modules:
        listed = _weeks_with_pages(prog, module)
        if listed:
            out.append(f"- [Module {module.number}: {render.plain(module.title)}](#{module_anchor(module.number)})")
            out += [f"    - [{render.plain(render.week_title(prog, w.week))}](#{week_anchor(w.week)})" for w in listed]
    out.append("\n</nav>\n")
    cited: list[str] = []
    for module in prog.modules:
        listed = _weeks_with_pages(prog, module)
        if not listed:
            continue
        out.append(
            title_heading(
                f"Module {module.number}: {render.plain(module.title)}",
                2,
                module_anchor(module.number),
                (MODULE_CLASS,),
            )
        )
        out.append(f"{module.summary}\n")
        for week in listed:
            page = prog.week_pages[week.week].page
            prefix = week_anchor(week.week)
            header = render.week_header(prog, week.week, uri)
            header = _heading_to(header, 3, prefix, (WEEK_CLASS,))
            body = rewrite_links(bodies[week.week], mover(page.src_uri, uri, anchors[page.src_uri], anchors))
            body = prefix_footnotes(body, prefix)
            for key, _ in CITATION.findall(body):
                if key not in cited and key in prog.sources:
                    cited.append(key)
            out += [header, body, ""]
    if cited:
        out.append(title_heading("Bronnen", 2, "bronnen", (MODULE_CLASS,)))
        out.append(
            "De bronnen die in deze weken staan. Alle bronnen van de site staan in de "
            f"[literatuurlijst]({paths.relative(uri, paths.READING_LIST)}).\n"
        )
        out += [
            f"- {render.reference(prog.sources[key])}"
            for key in sorted(cited, key=lambda k: (prog.sources[k].authors.lower(), prog.sources[k].year or 0))
        ]
        out.append("")
    return "\n".join(out)


def _heading_to(markdown: str, level: int, anchor: str, classes: tuple[str, ...]) -> str:
    """The first heading of `markdown` (a week header's `# Week 3: …`) at `level`, with an id."""
    doc = outline(markdown)
    if not doc.headings:
        return markdown
    heading = doc.headings[0]
    lines = markdown.split("\n")  # keeps a line break at the end
    lines[heading.line : heading.end] = [title_heading(heading.text, level, anchor, classes).rstrip("\n")]
    return "\n".join(lines)


# --- per module: the duo assignments and weekly products -------------------------------------------


def module_handout(prog: Programme, module: m.Module) -> str:
    """The duo assignment of every written week of the module and the weekly product of every
    week, one week per sheet of paper."""
    uri = paths.handout_uri(module)
    used: set[str] = set()
    title = f"Opdrachten voor het duo: module {module.number}"
    out = [
        "---",
        "search:",
        "  exclude: true",
        "---",
        "",
        f"# {title}\n",
        f"De opdrachten en weekproducten van module {module.number}, "
        f"[{render.plain(module.title)}]({paths.relative(uri, paths.module_uri(module))}). "
        "Druk deze pagina af en neem hem mee. Elke week begint op een nieuw vel. De uitleg bij "
        "elke opdracht staat op de pagina van de week.\n",
    ]
    for week in module.weeks:
        prefix = week_anchor(week.week)
        out.append(title_heading(render.plain(render.week_title(prog, week.week)), 2, prefix, (WEEK_CLASS,)))
        used.add(prefix)
        tools = ", ".join(render.tool_link(prog, t, uri) for t in week.tools) or "geen"
        facts = [
            '<div class="ia-facts" markdown>\n',
            f"- **Weekproduct:** {render.plain(week.product)}",
            f"- **Tool:** {tools}",
        ]
        if week.contact:
            facts.append(f"- **Contactmoment:** {render.contact_text(week.contact)}")
        if week.week in prog.week_pages and prog.week_pages[week.week].meta.steps:
            facts.append(f"- **Tijd deze week:** {render.week_time_text(prog, week.week)}")
        out += facts + ["\n</div>\n"]
        page = prog.week_pages.get(week.week)
        body = append_to_section(page.page.body, DUO_SECTION, render.duo_extras(prog, week.week)) if page else ""
        duo = only_section(body, DUO_SECTION) if page else ""
        if page is None or not duo:
            out.append(
                "Deze week is nog niet uitgewerkt.\n"
                if page is None
                else "Deze week heeft geen opdracht voor het duo.\n"
            )
            continue
        duo, found = shift_headings(duo, 0, prefix, used)  # its ### stay h3 under the week's h2
        duo = rewrite_links(duo, mover(page.page.src_uri, uri, found))
        out += [
            f"**{DUO_SECTION}** ({render.week_link(prog, week.week, uri, 'uitleg bij deze week')})\n",
            prefix_footnotes(duo, prefix),
            "",
        ]
    return "\n".join(out)


# --- links to the pages above -------------------------------------------------------------------


def print_and_offline(prog: Programme, from_uri: str, offline_zip: str | None) -> str:
    """The section 'Afdrukken en offline' of the year overview: the print page, the sheets per
    module, and the whole site as a ZIP when this build has one (`offline_zip`: its source URI)."""
    out = [
        "## Afdrukken en offline {#afdrukken-en-offline}\n",
        f"- [Het hele programma op één pagina]({paths.relative(from_uri, paths.PRINT_PAGE)}): "
        "alle weken onder elkaar, om af te drukken.",
        "- De opdrachten voor het duo, per module: "
        + ", ".join(
            f"[module {mod.number}]({paths.relative(from_uri, paths.handout_uri(mod))})" for mod in prog.modules
        )
        + ".",
    ]
    if offline_zip:
        out.append(
            f"- [De hele site als zipbestand]({paths.relative(from_uri, offline_zip)}): "
            "pak het bestand uit en open `index.html`. Zo werkt de site ook zonder internet, "
            "met zoeken."
        )
    return "\n".join(out) + "\n"


# --- the printed HTML: links that show their address --------------------------------------------

_LINK = re.compile(r"<a\s([^>]*?)\bhref=\"(https?://[^\"]+)\"([^>]*)>(.*?)</a>", re.DOTALL)
_CLASS = re.compile(r'\bclass="([^"]*)"')
PRINT_URL_CLASS = "ia-print-url"


def mark_external_links(page_html: str) -> str:
    """Give every link to another site whose text is not its own address the class
    `ia-print-url`; the print stylesheet prints the address after such a link. (It cannot tell by
    the href itself: instant navigation makes every href absolute in the browser.)"""

    def mark(match: re.Match) -> str:
        before, href, after, inner = match.groups()
        text = html.unescape(re.sub(r"<[^>]+>", "", inner)).strip().rstrip("/")
        if text == html.unescape(href).rstrip("/"):
            return match.group(0)
        attrs = before + after
        if _CLASS.search(attrs):
            if re.search(r'\bclass="[^"]*\bmd-button\b', attrs):
                return match.group(0)
            before = _CLASS.sub(lambda c: f'class="{c.group(1)} {PRINT_URL_CLASS}"', before)
            after = _CLASS.sub(lambda c: f'class="{c.group(1)} {PRINT_URL_CLASS}"', after)
            return f'<a {before}href="{href}"{after}>{inner}</a>'
        return f'<a {before}href="{href}" class="{PRINT_URL_CLASS}"{after}>{inner}</a>'

    return _LINK.sub(mark, page_html)
