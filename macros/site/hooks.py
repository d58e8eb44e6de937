"""The MkDocs hooks: the one hook module, listed in mkdocs.yml. Thin on purpose: MkDocs loads this
file once, so on every `on_config` (each rebuild of `mkdocs serve`) it reloads every loaded
`macros.*` module, dependencies first (the order comes from the modules' own imports), when a file
of the package changed since the last reload, and then hands each event to macros.site.adapter (the
site) and macros.site.offline (the offline ZIP).

A rebuild after an edit of the content (a page, a worksheet, a template) reloads nothing, so what
the modules keep in memory stays: the reader's parsed texts (macros/markdown/reader.py), the
spelling and readability answers (macros/model/memo.py), the HTML of every page whose Markdown
did not change (macros/site/pagecache.py) and each page's navigation (macros/site/navcache.py).
Those memos are keyed by what they read (the texts, the navigation and its templates), so they
cannot be stale; a cache that reads files keys them as well (the theme's templates in
macros/checks/pagesafety.py). An edit of the code or the dictionaries reloads everything, as
every rebuild did before (issue 21: the rebuild in `mkdocs serve`). The parsed texts and the pages'
HTML also go from one `mkdocs build` to the next through `.cache/build/` (macros/site/stored.py).
How the process itself runs (the garbage collector, serve's watcher) is in macros/site/process.py."""

from __future__ import annotations

import graphlib
import importlib
import sys
from pathlib import Path
from types import ModuleType

from macros.model import imports

PACKAGE = "macros"


def _adapter() -> ModuleType:
    return sys.modules["macros.site.adapter"]


def _offline() -> ModuleType:
    return sys.modules["macros.site.offline"]


def imported_modules(name: str, path: Path, known: set[str]) -> set[str]:
    """The modules in `known` that module `name` (file `path`) imports, at the top or inside
    functions (not under `if TYPE_CHECKING:`), with the packages on the way."""
    package = imports.module_package(name, path.name == "__init__.py")
    found: set[str] = set()
    for imported in imports.parse(path.read_bytes(), package):
        for dotted in imported.dotted():
            while dotted:
                if dotted in known:
                    found.add(dotted)
                dotted = dotted.rpartition(".")[0]
    found.discard(name)
    return found


def reload_order(names: list[str] | None = None) -> list[str]:
    """The loaded `macros.*` modules (or `names`), each after every module it imports."""
    if names is None:
        names = [
            name
            for name, module in sys.modules.items()
            if name.startswith(PACKAGE + ".") and name != PACKAGE + ".__main__" and getattr(module, "__file__", None)
        ]
    known = set(names)
    sorter: graphlib.TopologicalSorter[str] = graphlib.TopologicalSorter()
    for name in sorted(known):
        sorter.add(name, *sorted(imported_modules(name, Path(sys.modules[name].__file__ or ""), known)))
    return list(sorter.static_order())


def package_files() -> tuple[tuple[str, int, int], ...]:
    """Every file of the package (code, dictionaries, schemas, fonts) with its modification time
    and size: what the loaded modules were made from."""
    base = Path(__file__).resolve().parents[1]
    out = []
    for path in base.rglob("*"):
        if "__pycache__" in path.parts or not path.is_file():
            continue
        stat = path.stat()
        out.append((path.relative_to(base).as_posix(), stat.st_mtime_ns, stat.st_size))
    return tuple(sorted(out))


class Command:
    name = ""  # the MkDocs command of this process (on_startup): "build", "serve", "gh-deploy"


class Loaded:
    files: tuple[tuple[str, int, int], ...] | None = None  # package_files() at the last reload


def reload_package() -> bool:
    """Reload every loaded `macros.*` module in dependency order when a file of the package changed
    since the last reload (always the first time, unless on_startup just read them), so that
    `mkdocs serve` runs the code as it is now on disk; then make sure the site's modules are
    loaded. True when it reloaded."""
    files = package_files()
    changed = files != Loaded.files
    if changed:
        for name in reload_order():
            importlib.reload(sys.modules[name])
        Loaded.files = files
    importlib.import_module("macros.site.adapter")
    importlib.import_module("macros.site.offline")
    importlib.import_module("macros.site.process")
    return changed


def on_startup(command, dirty):
    Command.name = command
    importlib.import_module("macros.site.process").fewer_collections(command)
    importlib.import_module("macros.site.adapter")
    importlib.import_module("macros.site.offline")
    # Every module was read from disk just now, when MkDocs loaded the plugins and this hook: the
    # first on_config need not reload them (about 0.4 s: parsing every module's imports, then
    # compiling every module again).
    Loaded.files = package_files()


def on_config(config):
    reload_package()
    # the language check beside the build: only in a one-off build (macros/site/process.py)
    config = _adapter().on_config(config, parallel=Command.name == "build")
    return _offline().on_config(config)


def on_files(files, config):
    files = _adapter().on_files(files, config)
    return _offline().on_files(files, config)


def on_nav(nav, config, files):
    _adapter().on_nav(config, files)
    return nav


def on_env(env, config, files):
    return _adapter().on_env(env)


def on_serve(server, config, builder):
    process = sys.modules["macros.site.process"]
    process.freeze_after_first_build()
    return process.faster_polling(server)


def on_page_markdown(markdown, page, config, files):
    markdown = _adapter().on_page_markdown(markdown, page, config)
    return _offline().on_page_markdown(markdown, page)


def on_page_content(html, page, config, files):
    return sys.modules["macros.render.printing"].mark_external_links(html)


def on_post_build(config):
    _adapter().on_post_build(config)


def on_post_page(output, page, config):
    return _adapter().on_post_page(output, page, config)


def on_post_template(output_content, template_name, config):
    return _adapter().strip_toggle_autocomplete(output_content)
