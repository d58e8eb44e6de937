"""The check of the template code in pages: every `{{ … }}` and `{% … %}` as mkdocs-macros will read
it: valid, known macros (macros.render.macros) with fitting arguments, known names,
`klusbus('id')` with an id from klusbus.yml, and `klusbus_event('id')` / `klusbus_week('id')` with
an event of its timeline that a week page may quote (macros.checks.timeline)."""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import cache, partial
from pathlib import Path
from typing import TYPE_CHECKING, Any

from macros.model.memo import memo
from macros.model.problems import Problem
from macros.model.problems import problem as _p

if TYPE_CHECKING:
    from jinja2 import nodes

    from macros.model.programme import Programme


def _macro_options(root: Path) -> dict[str, Any]:
    """The options of the macros plugin in mkdocs.yml (the Jinja markers a page uses); the
    project's own mkdocs.yml when `root` has none (the test fixture)."""
    import yaml

    class _Loader(yaml.SafeLoader):
        pass

    _Loader.add_multi_constructor("!", lambda loader, suffix, node: None)  # !ENV and friends
    for config in (root / "mkdocs.yml", Path(__file__).resolve().parents[2] / "mkdocs.yml"):
        if config.exists():
            plugins = (yaml.load(config.read_text(encoding="utf-8"), Loader=_Loader) or {}).get("plugins") or {}
            if isinstance(plugins, dict):
                return plugins.get("macros") or {}
    return {}


@cache  # the installed plugin's source does not change while the process runs
def _builtin_macros() -> frozenset[str]:
    """The macros mkdocs-macros itself defines (now(), context() …), read from its source."""
    import inspect

    from mkdocs_macros import context

    source = inspect.getsource(context)
    return frozenset(re.findall(r"@env\.macro\s+def (\w+)", source)) | frozenset(
        re.findall(r"env\.macro\((\w+)", source)
    )


@cache
def _builtin_variables() -> frozenset[str]:
    """The variables mkdocs-macros gives every page (config, page, navigation …): the keys it
    assigns to its `variables` in its code (read with ast, so examples in docstrings do not count)."""
    import ast
    import inspect

    from mkdocs_macros import context, plugin

    names: set[str] = set()
    for module in (context, plugin):
        for node in ast.walk(ast.parse(inspect.getsource(module))):
            if (
                isinstance(node, ast.Subscript)
                and isinstance(node.ctx, ast.Store)
                and isinstance(node.slice, ast.Constant)
                and isinstance(node.slice.value, str)
                and isinstance(node.value, (ast.Attribute, ast.Name))
                and getattr(node.value, "attr", getattr(node.value, "id", "")) == "variables"
            ):
                names.add(node.slice.value)
    return frozenset(names)


def _extra_variables(root: Path) -> set[str]:
    """mkdocs-macros also gives every key of `extra:` in mkdocs.yml as a variable."""
    import yaml

    class _Loader(yaml.SafeLoader):
        pass

    _Loader.add_multi_constructor("!", lambda loader, suffix, node: None)
    for config in (root / "mkdocs.yml", Path(__file__).resolve().parents[2] / "mkdocs.yml"):
        if config.exists():
            extra = (yaml.load(config.read_text(encoding="utf-8"), Loader=_Loader) or {}).get("extra") or {}
            return set(extra) if isinstance(extra, dict) else set()
    return set()


def lint_templates(prog: Programme) -> list[Problem]:
    """Every `{{ … }}` and `{% … %}` of every page, as the macros plugin will read it: valid
    template code, known macros only, and `klusbus('id')` with an id from klusbus.yml. Without this a
    mistake stops the build with a traceback, or shows an empty figure."""
    import difflib

    import jinja2
    from jinja2 import nodes

    from macros.checks import timeline
    from macros.load.programme import unknown_figure
    from macros.render.calc import model_problem as calc_model_problem
    from macros.render.macros import page_macros as macro_table

    options = _macro_options(prog.root)
    env = jinja2.Environment(
        **{
            key: options[f"j2_{key}"]
            for key in (
                "block_start_string",
                "block_end_string",
                "variable_start_string",
                "variable_end_string",
                "comment_start_string",
                "comment_end_string",
            )
            if f"j2_{key}" in options
        }
    )
    delimiters = repr(sorted((key, value) for key, value in options.items() if key.startswith("j2_")))

    def parsed(body: str) -> tuple[Any, frozenset[str]]:
        """The template tree of a page and the names it uses, kept per text (macros/model/memo.py):
        a rebuild of `mkdocs serve` parses only the pages that changed. The tree is only read."""
        from jinja2 import meta

        tree = env.parse(body)
        return tree, frozenset(meta.find_undeclared_variables(tree))

    functions = macro_table(lambda: prog, lambda: (), lambda: None)
    page_macros = set(functions)
    known = page_macros | _builtin_macros() | set(env.globals)
    variables = known | _builtin_variables() | _extra_variables(prog.root)
    figures = prog.example.figures
    problems: list[Problem] = []
    for page in prog.pages:
        if page.meta.get("render_macros") is False or not re.search(r"\{[{%]", page.body):
            continue
        try:
            tree, undeclared = memo("template", (delimiters, page.body), partial(parsed, page.body))
        except jinja2.TemplateSyntaxError as exc:
            problems.append(
                _p(
                    page.path,
                    page.body_line + (exc.lineno or 1) - 1,
                    "macro",
                    f"de code tussen {{{{ … }}}} of {{% … %}} klopt niet ({exc.message}); wil je de "
                    f"tekens letterlijk laten zien, zet het stuk dan tussen {{% raw %}} en {{% endraw %}}",
                )
            )
            continue
        unknown_names = set(undeclared) - variables - set(page.meta)
        for name_node in tree.find_all(nodes.Name):
            if name_node.ctx == "load" and name_node.name in unknown_names:
                unknown_names.discard(name_node.name)
                if name_node.name in {c.node.name for c in tree.find_all(nodes.Call) if isinstance(c.node, nodes.Name)}:
                    continue  # an unknown macro: reported below
                close = difflib.get_close_matches(name_node.name, sorted(variables), n=1, cutoff=0.6)
                hint = f"; bedoel je '{close[0]}'?" if close else ""
                problems.append(
                    _p(
                        page.path,
                        page.body_line + name_node.lineno - 1,
                        "macro",
                        f"onbekende naam '{name_node.name}'{hint}; zo stopt het bouwen van de site",
                    )
                )
        for call in tree.find_all(nodes.Call):
            if not isinstance(call.node, nodes.Name):
                continue
            name, line = call.node.name, page.body_line + call.lineno - 1
            if name not in known:
                close = difflib.get_close_matches(name, sorted(page_macros), n=1, cutoff=0.6)
                hint = (
                    f"; bedoel je '{close[0]}'?"
                    if close
                    else f"; de macro's van de site: {', '.join(sorted(page_macros))}"
                )
                problems.append(_p(page.path, line, "macro", f"onbekende macro '{name}'{hint}"))
            elif name in page_macros and not _arguments_fit(functions[name], call):
                problems.append(
                    _p(
                        page.path,
                        line,
                        "macro",
                        f"macro '{name}' krijgt {_signature(functions[name])}, niet wat hier staat",
                    )
                )
            elif name == "klusbus":
                figure_id = _one_id(call)
                if figure_id is None:
                    problems.append(
                        _p(
                            page.path,
                            line,
                            "klusbus",
                            "klusbus() krijgt één id; schrijf het id tussen aanhalingstekens, "
                            "bijvoorbeeld {{ klusbus('vrijwilligers') }}",
                        )
                    )
                elif figure_id not in figures:
                    problems.append(_p(page.path, line, "klusbus", unknown_figure(figure_id, figures)))
            elif name == "bedrag":
                amount_id = _one_id(call)
                if amount_id is None:
                    problems.append(
                        _p(
                            page.path,
                            line,
                            "bedrag",
                            "bedrag() krijgt één id uit docs/_data/bedragen.yml, tussen aanhalingstekens",
                        )
                    )
                elif amount_id not in prog.amounts.amounts:
                    close = difflib.get_close_matches(amount_id, list(prog.amounts.amounts), n=1, cutoff=0.6)
                    hint = f"; bedoel je '{close[0]}'?" if close else ""
                    problems.append(
                        _p(
                            page.path,
                            line,
                            "bedrag",
                            f"onbekend bedrag '{amount_id}'{hint} (zie docs/_data/bedragen.yml)",
                        )
                    )
            elif name in timeline.MACROS:
                event_id = _one_id(call)
                if event_id is None:
                    problems.append(
                        _p(
                            page.path,
                            line,
                            name,
                            f"{name}() krijgt één id uit de tijdlijn; schrijf het id tussen aanhalingstekens, "
                            f"bijvoorbeeld {{{{ {name}('meting-start') }}}}",
                        )
                    )
                else:
                    message = timeline.quote_problem(prog, timeline.week_of_page(prog, page.path), event_id)
                    if message:
                        problems.append(_p(page.path, line, name, message))
            elif name == "calc_value":
                values = [a.value if isinstance(a, nodes.Const) else None for a in call.args]
                message = calc_model_problem(prog, *values) if len(values) == 2 else None
                if message:
                    problems.append(_p(page.path, line, "calc_value", message))
    return problems


def _one_id(call: nodes.Call) -> str | None:
    """The id of a call like klusbus('id'): one string literal and nothing else, or None."""
    from jinja2 import nodes

    args = call.args
    if len(args) != 1 or call.kwargs or not isinstance(args[0], nodes.Const) or not isinstance(args[0].value, str):
        return None
    return args[0].value


def _arguments_fit(function: Callable[..., object], call: nodes.Call) -> bool:
    """Whether a call's arguments bind to the macro (its first parameter is the page)."""
    import inspect

    if call.dyn_args is not None or call.dyn_kwargs is not None:
        return True
    try:
        inspect.signature(function).bind(None, *call.args, **{kw.key: kw.value for kw in call.kwargs})
    except TypeError:
        return False
    return True


def _signature(function: Callable[..., object]) -> str:
    import inspect

    params = list(inspect.signature(function).parameters.values())[1:]
    if not params:
        return "geen argumenten"
    return "als argumenten: " + ", ".join(
        p.name if p.default is inspect.Parameter.empty else f"{p.name} (mag weg)" for p in params
    )
