"""The Markdown-to-HTML conversion of a page, kept between the builds of one process (issue 21: the
rebuild in `mkdocs serve`).

MkDocs converts every page again on every rebuild, also the pages an edit did not touch; that is
about 3 of the 7 seconds of a rebuild. The conversion (mkdocs.structure.pages.Page.render) is a
function of the page's Markdown after the macros and the hook, of where the page lives, of the
site's files (links are resolved and checked against them) and of the Markdown configuration, and
of nothing else: the site uses no extension that reads other files (no snippets). `install` wraps
Page.render so that the same inputs give the result of the first conversion again, with the
warnings it logged then (a dead link stays a warning, and an error under --strict).

What the conversion sets on the page is kept and restored: the HTML, the table of contents, the
title from the first heading, the anchor ids, and the links to anchors of other pages (by their
files' paths, mapped to this build's files). A single `mkdocs build` converts each page once and
only fills the memo.

Material's search plugin divides each page's HTML into sections with its own HTML parser, again
on every build; `install` also swaps that parser for one that keeps the sections per HTML text
(`_SECTIONS`) and hands the plugin a copy, which it then indexes as before.

The theme's templates are compiled once per process as well (`TEMPLATES`, a Jinja bytecode cache in
memory, given to each build's template environment in `on_env`): Jinja compares each template's
source with the one the code was compiled from, so an edited template is compiled again. The macros
plugin compiles every page's Markdown as a Jinja template (`from_string`) on every build, which has
no name and so no bytecode cache: `compile_pages` gives its environment a `from_string` that keeps
the compiled code per source text and per what compiling depends on in that environment
(`_compile_settings`: delimiters, options, extensions, and how each filter and test is called).
The template is made anew for each build from that code, with that build's globals.

`mkdocs build` converts half of the pages in a second process (`prefetch`, from on_nav): a child
process (macros/site/process.py) reads and converts the second half of the pages, as MkDocs
would, while this process does the first half. When this process reaches the second half, it
takes the child's conversions into the memo, and each of those pages finds its own there, under
the same key. Meanwhile the child divides its pages into search sections, which this process takes
when Material's search plugin first asks. A page whose Markdown came out different here than in
the child (nothing should, but the key would notice) is simply converted here; so is every page
when the child fails. `mkdocs build --verbose` logs what the child did."""

from __future__ import annotations

import hashlib
import logging
import pickle
import time
from collections import OrderedDict
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import jinja2

MAX_PAGES = 512  # four builds of this site (128 pages): a serve session needs one, a test process a few


@dataclass(frozen=True)
class Converted:
    content: str
    toc: bytes  # pickled: each page gets its own copy (pickle.loads is 4× faster than copy.deepcopy)
    title: str | None
    anchors: frozenset[str] | None
    links_to_anchors: dict[str, dict[str, str]] | None
    records: tuple[logging.LogRecord, ...]


_MEMO: OrderedDict[tuple[str, ...], Converted] = OrderedDict()


class _Used:
    """What this build asked of the memo (for macros/site/stored.py): page keys and HTML texts; and
    the page keys `remember` took."""

    pages: set[tuple[str, ...]] = set()
    sections: set[str] = set()
    remembered: set[tuple[str, ...]] = set()


def remember(pages: dict[tuple[str, ...], Converted], sections: dict[str, bytes]) -> None:
    """Take conversions and search sections of an earlier process (macros/site/stored.py) as if
    this process had made them; from now on, `kept` tells which of them a build used."""
    for key, found in pages.items():
        if key not in _MEMO and len(_MEMO) < MAX_PAGES:
            _MEMO[key] = found
    for text, kept_sections in sections.items():
        if text not in _SECTIONS and len(_SECTIONS) < MAX_PAGES:
            _SECTIONS[text] = kept_sections
    _Used.pages, _Used.sections, _Used.remembered = set(), set(), set(pages)


def used() -> tuple[set[tuple[str, ...]], set[str]]:
    """The keys of the conversions and search sections used since `remember` that are in memory,
    and those `remember` took for other Markdown settings (`config_key`): the offline site
    (mkdocs-offline.yml) and the site itself are built one after the other (`make build`, CI), and
    neither should push the other's pages out."""
    pages = {key for key in _Used.pages if key in _MEMO}
    settings = {key[-1] for key in pages}
    others = {key for key in _Used.remembered if key in _MEMO and key[-1] not in settings}
    texts = {text for text in _Used.sections if text in _SECTIONS}
    texts |= {_MEMO[key].content for key in others if _MEMO[key].content in _SECTIONS}
    return pages | others, texts


def has_pages_for(config: Any, files: Any = None) -> bool:
    """Whether the memo holds conversions made with this build's Markdown settings (and, given
    `files`, with this build's files): then the pages need no child process (macros/site/adapter.py)."""
    settings = config_key(config)
    wanted = files_key(files) if files is not None else None
    return any(key[-1] == settings and (wanted is None or key[-2] == wanted) for key in _MEMO)


def kept() -> tuple[dict[tuple[str, ...], Converted], dict[str, bytes]]:
    """The conversions (log records made portable) and search sections used since `remember`."""
    pages, sections = used()
    return {key: _portable(_MEMO[key]) for key in pages}, {text: _SECTIONS[text] for text in sections}


class _Files:
    """The key of the last `files` seen (one per build), and that object itself."""

    files: Any = None
    key: str = ""


class _Capture(logging.Handler):
    """The warnings and errors logged while a page converts."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        if not any(r is record for r in self.records):
            self.records.append(record)


def files_key(files: Any) -> str:
    """The site's files as link resolution sees them: source path, output path, URL, and whether
    the file is a page."""
    if _Files.files is not files:
        digest = hashlib.sha256()
        for file in sorted(files, key=lambda f: f.src_uri):
            digest.update(f"{file.src_uri}\0{file.dest_uri}\0{file.url}\0{file.is_documentation_page()}\n".encode())
        _Files.files, _Files.key = files, digest.hexdigest()
    return _Files.key


def config_key(config: Any) -> str:
    return repr(
        (
            config["markdown_extensions"],
            config["mdx_configs"],
            config["use_directory_urls"],
            config["site_url"],
            config["validation"],
        )
    )


def page_key(page: Any, config: Any, files: Any) -> tuple[str, ...]:
    file = page.file
    return (page.markdown, file.src_uri, file.dest_uri, file.url, files_key(files), config_key(config))


class _Prefetch:
    parts: Any = None  # process.Parts from the child: first [(key, Converted)], then [(text, sections)]
    converted = False  # the first part was taken
    uris: frozenset[str] = frozenset()  # the pages the child converts
    received = 0  # conversions the child sent
    waited = 0.0  # seconds this process waited for them
    sections = 0  # pages divided into search sections by the child
    again: list[str] = []  # the child's pages this process still had to convert itself


def prefetch(config: Any, files: Any, child: bool = True) -> None:
    """Let a child process convert the second half of the pages (see the module's docstring); with
    `child` False (the pages are here already), no page."""
    from macros.site import process

    pages = [file for file in files.documentation_pages()]
    chosen = pages[len(pages) // 2 :] if child else []
    _Prefetch.uris = frozenset(file.src_uri for file in chosen)
    _Prefetch.received, _Prefetch.again, _Prefetch.converted, _Prefetch.sections = 0, [], False, 0
    _Prefetch.parts = process.in_child_parts(lambda: _convert(chosen, config, files)) if chosen else None


def prefetched() -> str:
    """What the child did for this build, for the log (`mkdocs build --verbose`); "" without it."""
    if not _Prefetch.uris:
        return ""
    again = ", ".join(_Prefetch.again) or "none"
    done = f"{_Prefetch.received} of {len(_Prefetch.uris)} pages ({_Prefetch.waited:.2f} s waited)"
    divided = f"divided {_Prefetch.sections} into search sections"
    return f"pagecache: the child converted {done} and {divided}; converted again here: {again}"


def _convert(chosen: list[Any], config: Any, files: Any) -> Iterator[list[Any]]:
    """In the child: each page read and converted as MkDocs' build does (the first answer), then
    divided into search sections as Material's search plugin will (`section_parser`; the second).
    Nothing is shown from here: the parent logs each page's messages itself."""
    from material.plugins.search import plugin as search
    from mkdocs.commands.build import _populate_page
    from mkdocs.structure.pages import Page

    from macros.site.process import Captured

    with Captured():
        found = []
        for file in chosen:
            if file.page is None:
                Page(None, file, config)
            _populate_page(file.page, config, files)
            key = page_key(file.page, config, files)
            if key in _MEMO:
                found.append((key, _portable(_MEMO[key])))
        yield found
        sections = []
        for file in chosen:
            if not (file.page.meta.get("search") or {}).get("exclude"):
                parser = search.Parser()
                parser.feed(file.page.content)
                parser.close()
                if file.page.content in _SECTIONS:
                    sections.append((file.page.content, _SECTIONS[file.page.content]))
        yield sections


def _portable(found: Converted) -> Converted:
    """The conversion with its log records made picklable: the message written out, no traceback."""
    from macros.site.process import portable

    records = tuple(portable(record) for record in found.records)
    return Converted(found.content, found.toc, found.title, found.anchors, found.links_to_anchors, records)


def _take_prefetched() -> None:
    """The child's conversions into the memo (waiting for them if need be)."""
    _Prefetch.converted = True
    start = time.perf_counter()
    try:
        pages = _Prefetch.parts.next()
    except RuntimeError as exc:  # the pages are converted here instead, as without the child
        _give_up(exc)
        return
    _Prefetch.received, _Prefetch.waited = len(pages), time.perf_counter() - start
    for key, found in pages:
        _MEMO[key] = found
        if len(_MEMO) > MAX_PAGES:
            _MEMO.popitem(last=False)


def _take_sections() -> None:
    """The child's search sections into `_SECTIONS`; then the child is done."""
    try:
        sections = _Prefetch.parts.next()
    except RuntimeError as exc:  # the sections are made here instead
        _give_up(exc)
        return
    _Prefetch.sections = len(sections)
    for text, kept in sections:
        _SECTIONS[text] = kept
        if len(_SECTIONS) > MAX_PAGES:
            _SECTIONS.popitem(last=False)
    end_prefetch()


def _give_up(exc: Exception) -> None:
    logging.getLogger("mkdocs.plugins.impactacademie").debug(f"pagecache: {exc}")
    end_prefetch()


def end_prefetch() -> None:
    """Stop the child, whatever it still has to say (end of the build)."""
    parts, _Prefetch.parts = _Prefetch.parts, None
    if parts is not None:
        parts.close()


def render(original: Any, page: Any, config: Any, files: Any) -> None:
    """Page.render through the memo."""
    if page.markdown is None:
        original(page, config, files)
        return
    if _Prefetch.parts is not None and not _Prefetch.converted and page.file.src_uri in _Prefetch.uris:
        _take_prefetched()
    key = page_key(page, config, files)
    _Used.pages.add(key)
    found = _MEMO.get(key)
    if found is None:
        if page.file.src_uri in _Prefetch.uris:
            _Prefetch.again.append(page.file.src_uri)
        capture = _Capture()
        loggers = [logging.getLogger(), logging.getLogger("mkdocs"), logging.getLogger("markdown")]
        for logger in loggers:
            logger.addHandler(capture)
        try:
            original(page, config, files)
        finally:
            for logger in loggers:
                logger.removeHandler(capture)
        links = page.links_to_anchors
        found = Converted(
            content=page.content,
            toc=_pickled(page.toc),
            title=page._title_from_render,
            anchors=frozenset(page.present_anchor_ids) if page.present_anchor_ids is not None else None,
            links_to_anchors=(
                {target.src_uri: dict(anchors) for target, anchors in links.items()} if links is not None else None
            ),
            records=tuple(capture.records),
        )
        _MEMO[key] = found
        if len(_MEMO) > MAX_PAGES:
            _MEMO.popitem(last=False)
        return
    _MEMO.move_to_end(key)
    for record in found.records:  # the warnings of the conversion, as the first time
        logging.getLogger(record.name).handle(record)
    page.content = found.content
    page.toc = pickle.loads(found.toc)
    page._title_from_render = found.title
    page.present_anchor_ids = set(found.anchors) if found.anchors is not None else None
    if found.links_to_anchors is not None:
        page.links_to_anchors = {
            target: dict(anchors)
            for src_uri, anchors in found.links_to_anchors.items()
            if (target := files.get_file_from_path(src_uri)) is not None
        }


_SECTIONS: OrderedDict[str, bytes] = OrderedDict()  # HTML text → its sections, pickled


def _pickled(value: Any) -> bytes:
    return pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)


def section_parser(original: type) -> type:
    """Material's search Parser, with the sections of an HTML text kept (the plugin feeds the whole
    page and closes the parser once)."""

    class KeptSections(original):
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            self._ia_fed: list[str] = []

        def feed(self, data: str) -> None:
            self._ia_fed.append(data)

        def close(self) -> None:
            text = "".join(self._ia_fed)
            _Used.sections.add(text)
            found = _SECTIONS.get(text)
            if found is None and _Prefetch.parts is not None and _Prefetch.converted:
                _take_sections()  # the sections of the child's pages, once
                found = _SECTIONS.get(text)
            if found is None:
                super().feed(text)
                super().close()
                sections: list[Any] = getattr(self, "data")  # noqa: B009 (untyped in Material)
                _SECTIONS[text] = _pickled(sections)
                if len(_SECTIONS) > MAX_PAGES:
                    _SECTIONS.popitem(last=False)
            else:
                _SECTIONS.move_to_end(text)
                self.data = pickle.loads(found)

    KeptSections._ia_original = original
    return KeptSections


def install() -> None:
    """Wrap MkDocs' Page.render and Material's search parser once (a reload of this module wraps
    the originals again)."""
    from material.plugins.search import plugin as search
    from mkdocs.structure.pages import Page

    search.Parser = section_parser(getattr(search.Parser, "_ia_original", search.Parser))

    original = getattr(Page, "_ia_original_render", None)
    if original is None:
        original = Page.render
        Page._ia_original_render = original  # type: ignore[attr-defined]

    def cached_render(self: Any, config: Any, files: Any) -> None:
        render(original, self, config, files)

    cached_render.__doc__ = original.__doc__
    Page.render = cached_render  # type: ignore[method-assign]


class _Templates(jinja2.BytecodeCache):
    """Compiled templates by name and source checksum, in memory."""

    def __init__(self) -> None:
        self.code: dict[str, bytes] = {}

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        found = self.code.get(bucket.key)
        if found is not None:
            bucket.bytecode_from_string(found)  # Jinja drops it when the checksum differs

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        self.code[bucket.key] = bucket.bytecode_to_string()


TEMPLATES = _Templates()

# Compiled code of the pages' Markdown as Jinja templates, by (settings, source text).
_CODE: OrderedDict[tuple[Any, str], Any] = OrderedDict()


def _compile_settings(env: jinja2.Environment) -> tuple[Any, ...]:
    """What Jinja's code generation reads from the environment besides the source: the syntax,
    the options, the extensions, and the way each filter and test is passed its arguments
    (jinja2.compiler reads `_PassArg` of each function; a missing filter fails at compile time)."""
    from jinja2.utils import _PassArg

    def calls(functions: dict[str, Any]) -> tuple[tuple[str, str], ...]:
        return tuple(sorted((name, repr(_PassArg.from_obj(f))) for name, f in functions.items()))

    return (
        env.block_start_string,
        env.block_end_string,
        env.variable_start_string,
        env.variable_end_string,
        env.comment_start_string,
        env.comment_end_string,
        env.line_statement_prefix,
        env.line_comment_prefix,
        env.trim_blocks,
        env.lstrip_blocks,
        env.newline_sequence,
        env.keep_trailing_newline,
        env.optimized,
        env.is_async,
        repr(env.autoescape),
        repr(_PassArg.from_obj(env.finalize)) if env.finalize else None,
        tuple(sorted(env.extensions)),
        calls(env.filters),
        calls(env.tests),
    )


def compile_pages(env: jinja2.Environment) -> None:
    """Give the macros plugin's environment a `from_string` that compiles each source once per
    process (it renders the page's Markdown with it; the result is the same template)."""

    def from_string(source: Any, globals: Any = None, template_class: Any = None) -> jinja2.Template:
        if not isinstance(source, str):
            return jinja2.Environment.from_string(env, source, globals, template_class)
        key = (_compile_settings(env), source)
        code = _CODE.get(key)
        if code is None:
            code = env.compile(source)  # a syntax error raises here, as before, and is not kept
            _CODE[key] = code
            if len(_CODE) > MAX_PAGES:
                _CODE.popitem(last=False)
        else:
            _CODE.move_to_end(key)
        cls = template_class or env.template_class
        return cls.from_code(env, code, env.make_globals(globals), None)

    env.from_string = from_string  # type: ignore[method-assign]


def clear() -> None:
    TEMPLATES.code.clear()
    _CODE.clear()
    _SECTIONS.clear()
    _MEMO.clear()
    _Files.files, _Files.key = None, ""
