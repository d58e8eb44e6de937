"""The Markdown layer: the one reader of Markdown structure (reader.py: headings, sections, code,
list items, links, tables and paragraphs with their lines), and pure functions on Markdown text
built on it (sections, slugs, word counts, the lint of Markdown in YAML, the styled runs of a YAML
field). Imports only macros.model."""
