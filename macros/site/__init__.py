"""The site layer, the top: the only place that knows MkDocs. The hook module, the adapter the hook
and the macros call, the offline build and its ZIP, and the command line (`python -m macros`)."""
