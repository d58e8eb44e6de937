"""The shape of macros/: sub-packages in layers, imports in one direction only, no circle anywhere
(issue 13). The graph is read from the real code: every `import` and `from … import` of every
module, at the top and inside functions, and also those under `if TYPE_CHECKING:` (no exemption:
a type-only import upwards is still a wrong dependency). The generic reload of `mkdocs serve`
(macros/site/hooks.py) is checked here too."""

from __future__ import annotations

import ast
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from conftest import ROOT
from macros.model import imports

MACROS = ROOT / "macros"

# The layers, top first. A module may import from its own sub-package and from any layer below its
# own; never from a layer above. Sub-packages on one row are independent: neither imports the other.
LAYERS: list[tuple[str, ...]] = [
    ("macros.site",),  # MkDocs hooks, the adapter, the offline build, the CLI
    ("macros.checks",),  # every check; load + check at once (load_programme)
    ("macros.render",),  # pages, overviews, print, web forms, browser data, macros
    ("macros.load", "macros.downloads"),  # content files → model | model → PDF, Word, Excel, .ics, ZIP
    ("macros.markdown",),  # pure functions on Markdown text
    ("macros.model",),  # typed content, the programme, problems, URIs, generated pages
]
# The package itself (`define_env` for mkdocs-macros) and `python -m macros` sit above every layer.
ENTRY_POINTS = {"macros", "macros.__main__"}


def module_name(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def all_modules() -> dict[str, Path]:
    return {module_name(p): p for p in sorted(MACROS.rglob("*.py")) if "vendor" not in p.parts}


def imports_of(name: str, path: Path, known: set[str]) -> set[str]:
    """The modules of macros/ that this module imports, anywhere in its code (read by
    macros.model.imports, also under TYPE_CHECKING). `from a import b` counts as a.b when a.b is a
    module, else as a."""
    package = imports.module_package(name, path.name == "__init__.py")
    found: set[str] = set()
    for imported in imports.parse(path.read_bytes(), package, type_checking=True):
        module = imported.module
        targets = [f"{module}.{alias}" if f"{module}.{alias}" in known else module for alias in imported.names]
        for target in targets or [module]:
            while target and target not in known:
                target = target.rpartition(".")[0]
            if target and target != name:
                found.add(target)
    return found


def import_graph() -> dict[str, set[str]]:
    modules = all_modules()
    known = set(modules)
    return {name: imports_of(name, path, known) for name, path in modules.items()}


def layer_of(name: str) -> tuple[int, str] | None:
    for rank, row in enumerate(LAYERS):
        for package in row:
            if name == package or name.startswith(package + "."):
                return rank, package
    return None


GRAPH = import_graph()


def test_every_module_is_in_a_layer():
    loose = [name for name in GRAPH if name not in ENTRY_POINTS and layer_of(name) is None]
    assert not loose, f"modules outside every layer: {loose}; put each in one of {LAYERS}"


def test_the_graph_is_read_from_the_code():
    """The reader sees imports inside functions and under TYPE_CHECKING (guards the test itself)."""
    assert "macros.site.adapter" in GRAPH["macros"]  # inside define_env
    assert "macros.model.programme" in GRAPH["macros.downloads.index"]  # under TYPE_CHECKING
    assert "macros.site.cli" in GRAPH["macros.__main__"]


def test_imports_go_down_only():
    wrong = []
    for name, targets in GRAPH.items():
        if name in ENTRY_POINTS:
            continue
        rank, package = layer_of(name)
        for target in sorted(targets):
            if target in ENTRY_POINTS:
                wrong.append(f"{name} imports the entry point {target}")
                continue
            target_rank, target_package = layer_of(target)
            if target_package == package:
                continue
            if target_rank < rank:
                wrong.append(f"{name} ({package}) imports {target}, a layer above")
            elif target_rank == rank:
                wrong.append(f"{name} ({package}) imports {target} of {target_package}, an independent package")
    assert not wrong, "\n".join(wrong)


def test_no_circle_anywhere():
    """Not between modules either, also not within one sub-package."""
    import graphlib

    sorter = graphlib.TopologicalSorter({name: targets for name, targets in GRAPH.items()})
    try:
        sorter.prepare()
    except graphlib.CycleError as exc:
        pytest.fail(f"import circle: {' → '.join(exc.args[1])}")


def test_only_the_site_layer_knows_mkdocs():
    knows = []
    for name, path in all_modules().items():
        if layer_of(name) and layer_of(name)[1] == "macros.site":
            continue
        package = imports.module_package(name, path.name == "__init__.py")
        modules = [i.module for i in imports.parse(path.read_bytes(), package, type_checking=True)]
        if any(m.split(".")[0] in ("mkdocs", "material", "mkdocs_macros") for m in modules):
            knows.append(name)
    # The template check reads mkdocs-macros' own names of the variables it offers to a page.
    assert set(knows) <= {"macros.checks.templates"}, knows


def test_every_module_says_what_it_owns():
    missing = [name for name, path in all_modules().items() if not ast.get_docstring(ast.parse(path.read_bytes()))]
    assert not missing, f"modules without a docstring: {missing}"


def test_one_hook_module():
    import yaml

    config = yaml.load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"), Loader=yaml.BaseLoader)
    assert config["hooks"] == ["macros/site/hooks.py"]
    assert sorted(p.name for p in MACROS.rglob("*hooks*.py")) == ["hooks.py"]


def test_reload_order_follows_the_imports():
    from macros.site import hooks

    names = [n for n in GRAPH if n not in ENTRY_POINTS]
    for name in names:
        __import__(name)
    order = hooks.reload_order(names)
    assert sorted(order) == sorted(names)
    position = {name: i for i, name in enumerate(order)}
    late = [
        (name, target)
        for name in names
        for target in GRAPH[name]
        if target in position and position[target] > position[name]
    ]
    assert not late, late


def test_reload_picks_up_an_edit_deep_in_the_model(tmp_path):
    """In a copy of macros/: change a function of the model layer that a renderer imports by name,
    reload as the hook does, and the renderer runs the new code (so the model was reloaded first)."""
    import shutil

    shutil.copytree(MACROS, tmp_path / "macros", ignore=shutil.ignore_patterns("__pycache__"))
    script = textwrap.dedent(r"""
        import datetime, pathlib, sys
        sys.path.insert(0, sys.argv[1])
        from macros.site import adapter, hooks
        from macros.render import pages
        assert pages.__file__.startswith(sys.argv[1]), pages.__file__
        day = datetime.date(2026, 11, 27)
        assert pages.dutch_date(day) == "27 november 2026"
        module = pathlib.Path(sys.argv[1], "macros", "model", "calendar_dates.py")
        module.write_text(module.read_text().replace('text = f"{day.day}', 'text = "X" + f"{day.day}'))
        hooks.reload_package()
        print(pages.dutch_date(day))
    """)
    result = subprocess.run([sys.executable, "-c", script, str(tmp_path)], capture_output=True, text=True, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "X27 november 2026", result.stdout


def test_pyproject_lists_every_sub_package():
    import tomllib

    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    listed = config["tool"]["setuptools"]["packages"]
    packages = sorted(module_name(p) for p in MACROS.rglob("__init__.py"))
    assert sorted(listed) == packages


def test_the_import_reader():
    """macros.model.imports, the one reader behind this test, the reload order and the download
    cache key: relative imports resolved, TYPE_CHECKING only on request (its `else:` always),
    imports inside functions unless left out."""
    source = (
        "import a.b\nfrom . import c\nfrom ..d import e, f\n"
        "if TYPE_CHECKING:\n    import g\nelse:\n    import h\n"
        "def later():\n    import i\n"
    )
    read = imports.parse(source, "p.q")
    assert read == [
        imports.Imported("a.b"),
        imports.Imported("p.q", ("c",)),
        imports.Imported("p.d", ("e", "f")),
        imports.Imported("h"),
        imports.Imported("i"),
    ]
    assert [i.module for i in imports.parse(source, "p.q", type_checking=True)] == ["a.b", "p.q", "p.d", "g", "h", "i"]
    assert [i.module for i in imports.parse(source, "p.q", in_functions=False)] == ["a.b", "p.q", "p.d", "h"]
    assert imports.Imported("p.d", ("e", "*")).dotted() == ["p.d", "p.d.e"]


def test_reload_only_when_a_file_of_the_package_changed(tmp_path):
    """In a copy of macros/: the first reload loads everything; the next, with nothing changed, keeps
    every module (and what it holds in memory, such as the reader's parsed texts); a changed file
    of the package (here a dictionary, no Python) reloads everything again."""
    import shutil

    shutil.copytree(MACROS, tmp_path / "macros", ignore=shutil.ignore_patterns("__pycache__"))
    script = textwrap.dedent(r"""
        import os, pathlib, sys
        sys.path.insert(0, sys.argv[1])
        from macros.site import adapter, hooks
        from macros.markdown import reader
        assert hooks.reload_package() is True
        reader = sys.modules["macros.markdown.reader"]
        reader.read("## Een\n\nTekst.\n")
        cached = len(reader._DOCUMENTS)
        assert cached == 1, cached
        assert hooks.reload_package() is False
        assert sys.modules["macros.markdown.reader"] is reader and len(reader._DOCUMENTS) == 1
        files = pathlib.Path(sys.argv[1], "macros").rglob("*")
        some = next(p for p in files if p.is_file() and p.suffix not in (".py", ".pyc"))
        stat = some.stat()
        os.utime(some, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000_000))
        assert hooks.reload_package() is True
        assert len(sys.modules["macros.markdown.reader"]._DOCUMENTS) == 0
        print("ok")
    """)
    result = subprocess.run([sys.executable, "-c", script, str(tmp_path)], capture_output=True, text=True, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "ok", result.stdout


def test_the_first_build_after_startup_reloads_nothing(tmp_path):
    """on_startup has just imported the package from disk, so the first on_config keeps every module
    (a clean build saved about 0.4 s of parsing and compiling); a later change still reloads."""
    import shutil

    shutil.copytree(MACROS, tmp_path / "macros", ignore=shutil.ignore_patterns("__pycache__"))
    script = textwrap.dedent(r"""
        import os, pathlib, sys
        sys.path.insert(0, sys.argv[1])
        from macros.site import hooks
        hooks.on_startup(command="build", dirty=False)
        state = sys.modules["macros.site.adapter"].State  # a reload makes the class again
        assert hooks.reload_package() is False
        assert sys.modules["macros.site.adapter"].State is state
        some = pathlib.Path(sys.argv[1], "macros", "model", "memo.py")
        stat = some.stat()
        os.utime(some, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000_000))
        assert hooks.reload_package() is True
        assert sys.modules["macros.site.adapter"].State is not state
        print("ok")
    """)
    result = subprocess.run([sys.executable, "-c", script, str(tmp_path)], capture_output=True, text=True, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "ok", result.stdout
