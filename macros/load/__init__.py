"""The load layer: content files into the model. YAML with line numbers, front matter, the Dutch
messages of validation errors, and `read_programme`. Imports only macros.model and macros.markdown."""
