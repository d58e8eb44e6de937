"""Downloads generated at build time from the same YAML as the site: canvases (PDF), Word and Excel
templates, calendars (.ics) and ZIP bundles.

Every renderer is a pure function: model objects in, bytes out. `index.downloads(prog, site_url)`
lists every download of the programme; `cache.generate(...)` builds them, cached by their inputs.
This package file stays light: the site imports `model` for download links without loading
reportlab, python-docx or openpyxl.
"""
