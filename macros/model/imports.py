"""The imports of a Python module, read from its source with `ast`: the one reader behind the
reload order of `mkdocs serve` (macros/site/hooks.py), the code in the key of the download cache
(macros/downloads/cache.py) and the layer check (tests/test_architecture.py). Pure: the caller
reads the file; each caller decides which of the names it counts."""

from __future__ import annotations

import ast
from dataclasses import dataclass


@dataclass(frozen=True)
class Imported:
    """One import statement: `import a.b` is Imported("a.b"), `from a import b, c` is
    Imported("a", ("b", "c")); a relative `from . import x` has its package filled in."""

    module: str
    names: tuple[str, ...] = ()

    def dotted(self) -> list[str]:
        """The module and `module.name` for each imported name (it may be a module): what Python
        may load for this statement. `from a import *` gives only `a`."""
        return [self.module] + [f"{self.module}.{name}" for name in self.names if name != "*"]


def module_package(name: str, is_package: bool) -> str:
    """The package a relative import of module `name` starts from: the module itself when it is a
    package (an `__init__.py`), else the package it is in."""
    return name if is_package else name.rpartition(".")[0]


def parse(
    source: str | bytes, package: str, *, type_checking: bool = False, in_functions: bool = True
) -> list[Imported]:
    """Every import statement of `source`, in the order of the code, a relative one resolved from
    `package` (module_package). Those under `if TYPE_CHECKING:` only with `type_checking` (their
    `else:` always counts); those inside functions (and lambdas) unless `in_functions` is False."""
    found: list[Imported] = []

    def visit(node: ast.AST) -> None:
        for child in ast.iter_child_nodes(node):
            if not type_checking and isinstance(child, ast.If) and _is_type_checking(child.test):
                for other in child.orelse:
                    visit_one(other)
                continue
            visit_one(child)

    def visit_one(node: ast.AST) -> None:
        if not in_functions and isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)):
            return
        if isinstance(node, ast.Import):
            found.extend(Imported(alias.name) for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            module = node.module or ""
            if node.level:
                parts = package.split(".") if package else []
                parts = parts[: len(parts) - node.level + 1]
                module = ".".join(parts + ([module] if module else []))
            found.append(Imported(module, tuple(alias.name for alias in node.names)))
        visit(node)

    visit(ast.parse(source))
    return found


def _is_type_checking(test: ast.expr) -> bool:
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )
