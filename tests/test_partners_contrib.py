"""What partners are promised (issue 15, "Partners"): the writing guide in the repository, the limits
of the checks documented with the numbers the code uses, one answer to who approves the year plan,
the review phases explained, CODEOWNERS made from the plan (each module's files to its owner), and
a mail link to the editors for readers without a GitHub account."""

from __future__ import annotations

import dataclasses
import os
import re
import textwrap
from typing import get_args
from urllib.parse import parse_qs, unquote, urlsplit

import jinja2
import pytest
import yaml
from bs4 import BeautifulSoup

from conftest import ROOT, build_site
from macros.checks import language
from macros.checks.programme import load_programme
from macros.model import codeowners as co
from macros.model import programme as model_programme
from macros.model import schema as m
from macros.model.numbers import format_number

PROGRAMME, _ = load_programme(ROOT)
CONTRIBUTING = (ROOT / "CONTRIBUTING.md").read_text(encoding="utf-8")
README = (ROOT / "README.md").read_text(encoding="utf-8")
GUIDE = (ROOT / "SCHRIJFWIJZER.md").read_text(encoding="utf-8")
PARTNERS_PAGE = (ROOT / "docs" / "partners" / "index.md").read_text(encoding="utf-8")
APPROVAL_ANCHOR = "CONTRIBUTING.md#wie-keurt-het-jaarplan-goed"


def soup(path):
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def github_anchor(heading: str) -> str:
    """The anchor GitHub gives a Markdown heading: lower case, punctuation dropped, spaces to '-'."""
    return re.sub(r"[^\w\- ]", "", heading.strip().lower()).replace(" ", "-")


def anchors(markdown: str) -> set[str]:
    return {github_anchor(h) for h in re.findall(r"^#{1,6} (.+)$", markdown, flags=re.MULTILINE)}


# --- the writing guide ------------------------------------------------------------------------


def test_writing_guide_is_in_the_repository_and_linked_from_contributing():
    assert "[SCHRIJFWIJZER.md](SCHRIJFWIJZER.md)" in CONTRIBUTING
    assert "staat bij de redactie" not in CONTRIBUTING, "the guide is published, not kept by the editors"
    for part in ("## Zinnen en woorden", "## Eén woordenschat", "## Feiten, bronnen", "## De toon van de opdracht"):
        assert part in GUIDE, part


def test_the_vocabulary_contributing_names_is_the_guide_s_vocabulary():
    """CONTRIBUTING's short list of words is a summary of the guide's table, never a second list."""
    short = re.search(r"Gebruik overal dezelfde woorden: (.+?)\.\n", CONTRIBUTING.replace("\n  ", " ")).group(1)
    table = [line for line in GUIDE.splitlines() if line.startswith("| ") and "---" not in line][1:]
    site_words = " ".join(line.split("|")[2] for line in table)
    for word in (w.strip() for w in short.split(",")):
        assert word in site_words, f"'{word}' is in CONTRIBUTING.md but not in the guide's vocabulary"


def test_relative_links_of_the_repository_documents_resolve():
    for name, text in {"SCHRIJFWIJZER.md": GUIDE, "CONTRIBUTING.md": CONTRIBUTING, "README.md": README}.items():
        prose = re.sub(r"`[^`\n]*`", "", re.sub(r"^```.*?^```", "", text, flags=re.DOTALL | re.MULTILINE))
        for target in re.findall(r"\]\(([^)\s]+)\)", prose):
            if re.match(r"^[a-z]+:|^#|^\{\{", target) or "…" in target:
                continue
            path, _, anchor = target.partition("#")
            assert (ROOT / path).exists(), f"{name}: link to {target}"
            if anchor and path.endswith(".md"):
                assert anchor in anchors((ROOT / path).read_text(encoding="utf-8")), f"{name}: anchor of {target}"


# --- the limits of the checks ------------------------------------------------------------------

LIMITS = {
    # constant name → (value in the code, the module the row must name)
    "MAX_WORDS_PER_SENTENCE": (language.MAX_WORDS_PER_SENTENCE, "macros/checks/language.py"),
    "MIN_FLESCH_DOUMA": (language.MIN_FLESCH_DOUMA, "macros/checks/language.py"),
    "MIN_WORDS_FOR_READABILITY": (language.MIN_WORDS_FOR_READABILITY, "macros/checks/language.py"),
    "MIN_WEEK_WORDS": (model_programme.MIN_WEEK_WORDS, "macros/model/programme.py"),
    "MAX_WORDLIST": (m.MAX_WORDLIST, "macros/model/schema.py"),
}


def limits_row(name: str) -> str:
    rows = [line for line in CONTRIBUTING.splitlines() if line.startswith("|") and f"`{name}`" in line]
    assert len(rows) == 1, f"CONTRIBUTING.md has no (single) row for {name}"
    return rows[0]


@pytest.mark.parametrize("name", sorted(LIMITS))
def test_contributing_quotes_each_limit_as_the_code_has_it(name):
    value, module = LIMITS[name]
    row = limits_row(name)
    assert module in row, f"the row of {name} must say where it lives: {module}"
    numbers = re.findall(r"\d+(?:,\d+)?", row.split("|")[2])
    assert format_number(value) in numbers, f"{name} is {format_number(value)} in {module}; CONTRIBUTING says {row}"


def test_contributing_quotes_every_section_minimum():
    row = limits_row("MIN_SECTION_WORDS")
    assert "macros/model/programme.py" in row
    for section, minimum in model_programme.MIN_SECTION_WORDS.items():
        assert re.search(rf"\b{re.escape(section)} {minimum}\b", row), f"{section}: {minimum} (MIN_SECTION_WORDS)"


def test_contributing_names_the_image_limit_and_the_spelling_route():
    from macros.checks.pages import MAX_IMAGE_BYTES

    assert f"{MAX_IMAGE_BYTES // 1024} KB" in limits_row("MAX_IMAGE_BYTES")
    assert "docs/_data/woordenlijst.yml" in CONTRIBUTING
    categories = get_args(m.Word.model_fields["category"].annotation)
    for category in categories:
        assert f"`{category}`" in CONTRIBUTING, f"word list category {category}"
    example = re.search(r"```yaml\n(\s*- \{word: .+?\n)\s*```", CONTRIBUTING, flags=re.DOTALL).group(1)
    entries = yaml.safe_load(textwrap.dedent(example))
    assert len(entries) == 2
    for entry in entries:
        m.Word.model_validate(entry)  # the example is a valid entry of the word list
    # The message of the spelling check points to the same file.
    assert "docs/_data/woordenlijst.yml" in (ROOT / "macros" / "checks" / "prose.py").read_text(encoding="utf-8")


# --- phases and approval ------------------------------------------------------------------------


def test_every_phase_is_explained_with_its_date():
    for phase in get_args(m.Phase):
        rows = [line for line in CONTRIBUTING.splitlines() if line.startswith(f"| `{phase}` |")]
        assert len(rows) == 1, f"CONTRIBUTING.md explains phase {phase} once"
        assert "De dag" in rows[0], f"phase {phase}: which date goes in reviewed:"
    concept = next(line for line in CONTRIBUTING.splitlines() if line.startswith("| `concept` |"))
    assert "review" not in concept.split("|")[5], "a concept page has not been reviewed"
    partner_rows = [
        line for line in PARTNERS_PAGE.splitlines() if re.match(r"^\| (Concept|In review|Stabiel) \|", line)
    ]
    assert len(partner_rows) == len(get_args(m.Phase))


def test_a_concept_week_header_does_not_say_reviewed():
    from macros.render import pages as render

    number = next(n for n, wp in sorted(PROGRAMME.week_pages.items()) if wp.meta.phase == "concept")
    header = render.week_header(PROGRAMME, number, PROGRAMME.week_pages[number].page.src_uri)
    assert "review" not in header.lower(), header


def test_one_answer_to_who_approves_the_year_plan():
    assert "### Wie keurt het jaarplan goed?" in CONTRIBUTING
    answer = CONTRIBUTING.split("### Wie keurt het jaarplan goed?")[1].split("\n### ")[0]
    assert "De redactie keurt elke wijziging in het jaarplan (`docs/_data/programma.yml`) goed." in answer
    for name, text in {"README.md": README, "docs/partners/index.md": PARTNERS_PAGE}.items():
        assert APPROVAL_ANCHOR in text, f"{name} links to the one answer"
        assert "keurt" in text and "redactie" in text, name
    # No page says the approval is someone else's, or shared ("samen met de redactie").
    for path in [*(ROOT / "docs").rglob("*.md"), ROOT / "README.md", ROOT / "CONTRIBUTING.md"]:
        text = path.read_text(encoding="utf-8")
        assert not re.search(r"beslist (hij|zij|de partner)[^.]*samen met de redactie", text), path


# --- CODEOWNERS ---------------------------------------------------------------------------------


def effective_owner(text: str, path: str) -> str | None:
    """Who GitHub asks for a file: the last matching line wins (only `*` and /exact/paths here)."""
    owner = None
    for line in text.splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        pattern, *owners = line.split()
        assert pattern == "*" or pattern.startswith("/"), line
        if pattern == "*" or pattern == "/" + path:
            owner = " ".join(owners)
    return owner


def with_handles(**handles: str):
    """The real programme, with GitHub handles given to some partners."""
    partners = {
        pid: p.model_copy(update={"github": handles[pid]}) if pid in handles else p
        for pid, p in PROGRAMME.partners.items()
    }
    return dataclasses.replace(PROGRAMME, partners=partners)


def test_codeowners_is_up_to_date():
    assert PROGRAMME is not None
    on_disk = (ROOT / co.PATH).read_text(encoding="utf-8")
    assert on_disk == co.codeowners(PROGRAMME), f"{co.PATH} is out of date: run `{co.COMMAND}`"


def test_codeowners_routes_each_module_s_files_to_its_owner():
    prog = with_handles(**{"kennispartner-impact": "@impactacademie/impact"})
    text = co.codeowners(prog)
    editors = PROGRAMME.partners[co.EDITORS].github
    module_1, module_2 = prog.module(1), prog.module(2)
    assert module_1.owner == "kennispartner-impact"
    for week in module_1.weeks:
        assert effective_owner(text, co.week_path(prog, week.week)) == "@impactacademie/impact", week.week
        for tool in week.tools:
            assert effective_owner(text, co.tool_path(prog, tool)) == "@impactacademie/impact", tool
    # A partner without a handle: its module goes to the editors, as does the year plan.
    for week in module_2.weeks:
        assert effective_owner(text, co.week_path(prog, week.week)) == editors
    assert effective_owner(text, "docs/_data/programma.yml") == editors
    assert effective_owner(text, "mkdocs.yml") == editors
    # The file on disk is now out of date: the up-to-date test fails on such a change.
    assert text != (ROOT / co.PATH).read_text(encoding="utf-8")


def test_codeowners_routes_a_week_page_before_it_exists():
    # the year is complete: take the page of the last week away, as before it was written
    missing = PROGRAMME.weeks[-1].week
    unwritten = dataclasses.replace(
        PROGRAMME, week_pages={n: p for n, p in PROGRAMME.week_pages.items() if n != missing}
    )
    assert co.week_path(unwritten, missing) == f"docs/weken/week-{missing:02d}.md"
    owner = PROGRAMME.module_of(missing).owner
    prog = dataclasses.replace(with_handles(**{owner: "@impactacademie/later"}), week_pages=unwritten.week_pages)
    assert effective_owner(co.codeowners(prog), f"docs/weken/week-{missing:02d}.md") == "@impactacademie/later"


def test_codeowners_names_only_handles_from_partners_yml():
    handles = {p.github for p in PROGRAMME.partners.values() if p.github}
    text = (ROOT / co.PATH).read_text(encoding="utf-8")
    named = {token for line in text.splitlines() if not line.startswith("#") for token in line.split()[1:]}
    assert named and named <= handles, named - handles


def test_the_owner_a_page_shows_is_the_owner_of_its_module():
    assert co.disagreements(PROGRAMME) == []
    number, week_page = next(iter(sorted(PROGRAMME.week_pages.items())))
    changed = dataclasses.replace(week_page, meta=week_page.meta.model_copy(update={"owner": "redactie"}))
    prog = dataclasses.replace(PROGRAMME, week_pages={**PROGRAMME.week_pages, number: changed})
    [message] = co.disagreements(prog)
    assert message.startswith(f"{week_page.page.path}: owner: 'redactie'"), message


# --- the mail link to the editors ---------------------------------------------------------------


def render_feedback(**extra: str) -> str:
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(ROOT / "overrides"), autoescape=False)
    page = {
        "meta": {"feedback_url": "https://github.com/o/r/issues/new?template=fout-melden.yml"},
        "title": "Week 3: Onze verandertheorie & meer",
        "canonical_url": "https://o.github.io/r/weken/week-03/",
        "url": "weken/week-03/",
    }
    return env.get_template("partials/feedback.html").render(
        page=page, config={"extra": extra, "site_name": "ImpactAcademie"}
    )


def mail_link(html: str):
    links = BeautifulSoup(html, "html.parser").select('a[href^="mailto:"]')
    return links[0] if len(links) == 1 else None


def test_no_mail_link_without_an_address():
    html = render_feedback(editors_email="")
    assert "Reageer of verbeter deze pagina" in html
    assert mail_link(html) is None and "mailto:" not in html
    assert mail_link(render_feedback()) is None


def test_mail_link_fills_in_the_page_and_a_template():
    link = mail_link(render_feedback(editors_email="redactie@voorbeeld.test"))
    assert link is not None and link.get_text() == "Mail de redactie over deze pagina"
    url = urlsplit(link["href"])
    assert url.scheme == "mailto" and url.path == "redactie@voorbeeld.test"
    assert "+" not in url.query, "mailto: encodes a space as %20, never +"
    query = {k: v[0] for k, v in parse_qs(url.query, keep_blank_values=True).items()}
    assert set(query) == {"subject", "body"}
    assert query["subject"] == "Reactie op de pagina: Week 3: Onze verandertheorie & meer"
    assert "%0D%0A" in url.query and not re.search(r"(?<!%0D)%0A", url.query), "line breaks are CRLF"
    body = unquote(url.query.split("body=")[1]).replace("\r\n", "\n")
    assert "Week 3: Onze verandertheorie & meer\nhttps://o.github.io/r/weken/week-03/\n" in body
    assert "Wat klopt er niet, of wat kan beter?" in body


def test_mail_address_is_set_once_in_mkdocs_yml_and_off_by_default():
    config = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    assert len(re.findall(r"^\s+editors_email:", config, flags=re.MULTILINE)) == 1
    assert re.search(r'^\s+editors_email: !ENV \[EDITORS_EMAIL, ""\]$', config, flags=re.MULTILINE)
    for doc in (README, CONTRIBUTING):
        assert "editors_email" in doc and "EDITORS_EMAIL" in doc


def test_default_site_has_no_mail_link(site):
    if os.environ.get("EDITORS_EMAIL"):
        pytest.skip("EDITORS_EMAIL is set in this environment")
    page = soup(site / "weken" / "week-01" / "index.html")
    assert page.select_one(".ia-feedback a") is not None
    assert page.select_one('a[href^="mailto:"]') is None


@pytest.fixture(scope="module")
def site_with_mail(tmp_path_factory):
    out = tmp_path_factory.mktemp("site-with-mail")
    result = build_site(out, EDITORS_EMAIL="redactie@voorbeeld.test")
    assert result.returncode == 0, result.stdout + result.stderr
    return out


@pytest.mark.slow
def test_every_content_page_has_the_mail_link(site_with_mail):
    pages = [p for p in sorted(site_with_mail.rglob("index.html")) if "assets" not in p.parts]
    assert len(pages) > 50
    for path in pages:
        doc = soup(path)
        feedback = doc.select_one("aside.ia-feedback")
        assert feedback is not None, path
        links = feedback.select("a")
        assert [a.get_text() for a in links] == ["Reageer of verbeter deze pagina", "Mail de redactie over deze pagina"]
        url = urlsplit(links[1]["href"])
        query = {k: v[0] for k, v in parse_qs(url.query).items()}
        title = doc.select_one("title").get_text().rsplit(" - ", 1)[0]
        address = doc.select_one('link[rel="canonical"]')["href"]
        assert url.path == "redactie@voorbeeld.test", path
        assert address in query["body"], path
        assert query["subject"].startswith("Reactie op de pagina: "), path
        assert query["subject"] == f"Reactie op de pagina: {title}", path
        # The aside loads nothing: no element with a source, only links to follow.
        assert not feedback.select("[src], [srcset], link, script, img, iframe"), path
    partners = soup(site_with_mail / "partners" / "index.html")
    assert partners.select_one('article a[href="mailto:redactie@voorbeeld.test"]') is not None
