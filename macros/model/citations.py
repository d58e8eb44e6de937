"""How a source is named in running text: the short author list and the year ('Kania & Kramer,
2011', 'Mitchell e.a., 1997, p. 12'). The one rule for the pages (macros.render.pages) and the
downloads (macros.downloads.common), so a citation reads the same on screen and on paper."""

from __future__ import annotations

import re

from macros.model.schema import Source


def short_authors(authors: str) -> str:
    """'Mitchell, R. K., Agle, B. R. & Wood, D. J.' → 'Mitchell e.a.'; two authors → 'A & B'."""
    names = [part.strip() for part in re.split(r"\s*&\s*|,\s*(?=[A-Z][a-zà-ÿ'-]+,)", authors)]
    surnames = [n.split(",")[0].strip() for n in names if n]
    if len(surnames) == 1:
        return surnames[0]
    if len(surnames) == 2:
        return f"{surnames[0]} & {surnames[1]}"
    return f"{surnames[0]} e.a."


def citation_text(source: Source, locator: str | None = None) -> str:
    """The text of a citation without brackets or markup: 'Kania & Kramer, 2011', with ', p. 12'
    when a locator is given."""
    text = f"{short_authors(source.authors)}, {source.year or 'z.j.'}"
    return f"{text}, {locator}" if locator else text
