"""The Markdown layer: pure functions on Markdown text (sections, slugs, word counts, the lint of
Markdown in YAML). Imports only macros.model."""
