"""The model layer, the lowest: typed content (the pydantic schema of every content file), the
Programme and its pages, problems, the URIs and the table of generated pages, numbers and dates in
Dutch. Pure: no file is read and nothing above it is imported."""
