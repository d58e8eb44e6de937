"""The site navigation of each page, rendered once per navigation instead of once per build.

Material renders the whole navigation (partials/nav.html) into every page: 128 pages, each with the
links of its tab, about a third of the time a rebuild of `mkdocs serve` spends in the theme's
templates (issue 21). A page's navigation is a function of the navigation itself (titles, links,
nesting, the pages' front matter), the configuration and templates it reads, and the page's own
address (the active item, the pruned tabs, the relative links). `cached_nav` keeps the rendered
navigation per page address for as long as that fingerprint stays the same; an edit of a page's
text leaves it the same, an edit of a title, front matter, the navigation, mkdocs.yml or a
navigation template changes it and every page renders its navigation again.

overrides/partials/nav.html calls `ia_nav()`; the navigation itself is Material's nav.html, forked
unchanged into overrides/partials/ia-nav.html."""

from __future__ import annotations

import hashlib
from typing import Any

from jinja2 import Environment, meta, pass_context
from markupsafe import Markup

TEMPLATE = "partials/ia-nav.html"


class Cache:
    nav: Any = None  # the navigation object of the build the fingerprint was made for
    fingerprint: str = ""
    pages: dict[str | None, Markup] = {}  # page address → rendered navigation


def template_sources(env: Environment, name: str) -> list[tuple[str, str]]:
    """`name` and every template it includes, imports or extends with a fixed name, with their
    source text (an include whose name is computed, such as an icon from the front matter, is
    covered by the front matter in the fingerprint)."""
    seen: dict[str, str] = {}
    todo = [name]
    while todo:
        current = todo.pop()
        if current in seen:
            continue
        assert env.loader is not None
        source = env.loader.get_source(env, current)[0]
        seen[current] = source
        todo += [found for found in meta.find_referenced_templates(env.parse(source)) if found]
    return sorted(seen.items())


def _item(item: Any) -> tuple[Any, ...]:
    children = tuple(_item(child) for child in (getattr(item, "children", None) or ()))
    page_meta = getattr(item, "meta", None)
    return (
        type(item).__name__,
        item.title,
        getattr(item, "url", None),
        repr(page_meta),
        repr(getattr(item, "typeset", None)),
        repr(getattr(item, "encrypted", None)),
        children,
    )


def fingerprint(env: Environment, nav: Any, config: Any) -> str:
    """Everything the navigation template reads, except the page: see the module's docstring."""
    parts = (
        tuple(_item(item) for item in nav.items),
        repr(getattr(nav, "homepage", None) and nav.homepage.url),
        repr(dict(config["theme"].items()) if hasattr(config["theme"], "items") else config["theme"]),
        repr(config["extra"]),
        repr([config.get(k) for k in ("site_name", "site_url", "repo_url", "repo_name", "use_directory_urls")]),
        template_sources(env, TEMPLATE),
    )
    return hashlib.sha256(repr(parts).encode("utf-8")).hexdigest()


@pass_context
def cached_nav(context: Any) -> Markup:
    """The rendered navigation for the page being built (see the module's docstring)."""
    env = context.environment
    nav, config, page = context.get("nav"), context.get("config"), context.get("page")
    template = env.get_template(TEMPLATE)
    if "toc.integrate" in (context.get("features") or ()):
        return Markup(template.render(context.get_all()))  # holds the page's own table of contents
    if Cache.nav is not nav:
        made = fingerprint(env, nav, config)
        if made != Cache.fingerprint:
            Cache.pages = {}
            Cache.fingerprint = made
        Cache.nav = nav
    address = getattr(page, "url", None)
    if address not in Cache.pages:
        Cache.pages[address] = Markup(template.render(context.get_all()))
    return Cache.pages[address]
