"""The render layer: the model into Markdown, HTML and JSON: the pages and overviews, the print
pages, the web forms, the data of the browser code, the table of page macros and the generated
pages with the navigation. Knows nothing of MkDocs; imports model, markdown, load and downloads."""
