"""The checks layer: everything `python -m macros check` and the build report about the content
(cross-references, pages, templates, language, week statistics, the safety of built HTML), and
`load_programme`, which loads and checks at once. Never imports macros.site."""
