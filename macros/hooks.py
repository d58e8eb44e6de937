"""MkDocs hooks (listed in mkdocs.yml). Thin: reload the package so `mkdocs serve` picks up Python
edits, then hand over to macros.site."""

import importlib
import sys

_MODULES = ("macros.problems", "macros.yamlpos", "macros.messages", "macros.models",
            "macros.numbers", "macros.calendar_dates", "macros.paths",
            # the downloads, dependencies first (macros.render and macros.site_files use them)
            "macros.downloads", "macros.downloads.model", "macros.downloads.common", "macros.downloads.formula",
            "macros.downloads.fonts", "macros.downloads.pdf", "macros.downloads.word", "macros.downloads.workbook",
            "macros.downloads.ics", "macros.downloads.bundle", "macros.downloads.index", "macros.downloads.cache",
            "macros.content", "macros.checks", "macros.pagesafety",
            "macros.browser_data", "macros.webforms", "macros.render", "macros.printing", "macros.site_files",
            "macros.site")


def _site():
    return sys.modules["macros.site"]


def on_startup(command, dirty):
    importlib.import_module("macros.site")


def on_config(config):
    for name in _MODULES:
        if name in sys.modules:
            importlib.reload(sys.modules[name])
        else:
            importlib.import_module(name)
    return _site().on_config(config)


def on_files(files, config):
    return _site().on_files(files, config)


def on_page_markdown(markdown, page, config, files):
    return _site().on_page_markdown(markdown, page, config)


def on_post_page(output, page, config):
    return _site().on_post_page(output, page, config)


def on_post_template(output_content, template_name, config):
    return _site().strip_toggle_autocomplete(output_content)
