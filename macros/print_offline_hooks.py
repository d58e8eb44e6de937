"""MkDocs hooks for paper and offline use (listed in mkdocs.yml after macros/hooks.py). Thin: hand
over to macros.offline (the offline site and its ZIP) and macros.printing (printed links)."""

import importlib
import sys

_MODULES = ("macros.printing", "macros.offline")


def _offline():
    return sys.modules["macros.offline"]


def on_config(config):
    for name in _MODULES:
        if name in sys.modules:
            importlib.reload(sys.modules[name])
        else:
            importlib.import_module(name)
    return _offline().on_config(config)


def on_files(files, config):
    return _offline().on_files(files, config)


def on_page_markdown(markdown, page, config, files):
    return _offline().on_page_markdown(markdown, page)


def on_page_content(html, page, config, files):
    return sys.modules["macros.printing"].mark_external_links(html)
