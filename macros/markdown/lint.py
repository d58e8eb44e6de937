"""What a Markdown field of a YAML file (schema.Markdown) may contain: the lint the loader runs on
every such text, as Dutch messages."""

from __future__ import annotations

import re

_YAML_HTML = re.compile(r"<(?!(?:https?|mailto):)[a-z!/?][^>]*>", re.IGNORECASE)
_YAML_LINK = re.compile(r"(?<!!)\[[^\]]*\]\(\s*<?([^)\s>]*)")
_YAML_IMAGE = re.compile(r"!\[[^\]]*\]\(")


def lint_yaml_markdown(text: str) -> list[str]:
    """What a Markdown field of a YAML file may not contain, as Dutch messages: HTML, code links
    (javascript:, data:), images, and links within the site (the same text shows on pages in
    different folders, and in the downloads, where a relative link cannot work)."""
    messages = []
    if _YAML_HTML.search(text):
        messages.append(
            "HTML is niet toegestaan in YAML-tekst; gebruik Markdown, bijvoorbeeld *nadruk* of [tekst](https://…)"
        )
    for scheme in ("javascript", "vbscript", "data"):
        if re.search(rf"(\]\(|<|\b){scheme}:", text, re.IGNORECASE) and (
            scheme != "data" or re.search(r"(\]\(\s*<?|<)data:", text, re.IGNORECASE)
        ):
            messages.append(f"{scheme}:-links zijn niet toegestaan")
    if _YAML_IMAGE.search(text):
        messages.append("een afbeelding hoort niet in YAML-tekst; zet de afbeelding (met alt-tekst) in een pagina")
    for match in _YAML_LINK.finditer(text):
        target = match.group(1)
        if not re.match(r"^(https?://|mailto:)", target) and not re.match(
            r"^(javascript|vbscript|data):", target, re.I
        ):
            messages.append(
                f"link '{target}': een link in YAML-tekst wijst naar een website (https://…); "
                f"een link binnen de site hoort in een pagina"
            )
    return messages
