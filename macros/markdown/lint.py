"""What a Markdown field of a YAML file (schema.Markdown) may contain: the lint the loader runs on
every such text, as Dutch messages. Links, images and HTML are the ones the reader finds
(macros/markdown/reader.py: not in code); code links are looked for in the whole text."""

from __future__ import annotations

import re

from macros.markdown.reader import read


def lint_yaml_markdown(text: str) -> list[str]:
    """What a Markdown field of a YAML file may not contain, as Dutch messages: HTML, code links
    (javascript:, data:), images, and links within the site (the same text shows on pages in
    different folders, and in the downloads, where a relative link cannot work)."""
    doc = read(text)
    messages = []
    if doc.html_lines:
        messages.append(
            "HTML is niet toegestaan in YAML-tekst; gebruik Markdown, bijvoorbeeld *nadruk* of [tekst](https://…)"
        )
    for scheme in ("javascript", "vbscript", "data"):
        if re.search(rf"(\]\(|<|\b){scheme}:", text, re.IGNORECASE) and (
            scheme != "data" or re.search(r"(\]\(\s*<?|<)data:", text, re.IGNORECASE)
        ):
            messages.append(f"{scheme}:-links zijn niet toegestaan")
    if any(link.image for link in doc.links):
        messages.append("een afbeelding hoort niet in YAML-tekst; zet de afbeelding (met alt-tekst) in een pagina")
    for link in doc.links:
        target = link.target
        if link.image or link.kind == "autolink":
            continue
        if not re.match(r"^(https?://|mailto:)", target) and not re.match(
            r"^(javascript|vbscript|data):", target, re.I
        ):
            messages.append(
                f"link '{target}': een link in YAML-tekst wijst naar een website (https://…); "
                f"een link binnen de site hoort in een pagina"
            )
    return messages
