"""The coach's workspace in Chromium (issue 20, docs/begeleiding/werkplek.md, ia-coach.js).

Three generated duo files: a dossier of this site version, one of an older schema (schema 1, before
step ids) and a malformed one. The coach loads them, names a duo, reads a weekly product next to
its criteria, ticks criteria and writes feedback (kept after a reload), exports the feedback of ONE
duo, loads a newer file of the same duo (its dossier updates, the coach's work stays), and removes
one duo while the other stays. The coach's storage is its own key: the duo's key stays empty.
"""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest

from conftest import ensure_debian_package
from macros.markdown.blocks import markdown_text

pytestmark = [pytest.mark.browser]

PAGE = "begeleiding/werkplek/"
READY = "[data-ia-coach][data-ia-rendered]:not([hidden])"
COACH_KEY = "impactacademie-begeleider"
DUO_KEY = "impactacademie"
KLUSBUS_PRODUCT = "Onze verandertheorie op A3, besproken met het hele team."
OTHER_PRODUCT = "Alleen voor duo B: het buurtcentrum wil een eigen moestuin."


def block(value, label: str, kind: str = "text") -> dict:
    return {"value": value, "label": label, "kind": kind, "updated": "2027-09-20T10:00:00.000Z", "history": []}


def sheet(blocks: dict) -> dict:
    return {"definition": "", "conflicts": {}, "blocks": blocks}


def dossier_file(data: dict) -> str:
    return json.dumps(
        {
            "format": "impactacademie",
            "kind": "dossier",
            "schema": data["schema"],
            "exported": "2027-10-01T10:00:00.000Z",
            "site": "http://127.0.0.1/",
            "data": data,
        }
    )


def klusbus(updated: str = "2027-09-30T10:00:00.000Z", weeks_done: int = 3) -> dict:
    """A dossier of this site version (schema 2), in the example cohort."""
    return {
        "schema": 2,
        "created": "2027-09-06T09:00:00.000Z",
        "updated": updated,
        "lastExport": None,
        "cohort": {"id": "voorbeeldcohort-2027"},
        "weeks": {str(n): {"done": True, "steps": {}} for n in range(1, weeks_done + 1)},
        "worksheets": {
            "verandertheorie": sheet(
                {"langetermijndoel": block("Ouderen wonen veilig thuis.", "Doel op lange termijn")}
            )
        },
        "products": {
            "1": sheet({"weekproduct": block("De nulmeting staat in de map.", "Jullie weekproduct")}),
            "3": sheet({"weekproduct": block(KLUSBUS_PRODUCT, "Jullie weekproduct")}),
        },
    }


def older_duo() -> dict:
    """A dossier of schema 1 (steps by number), without a cohort."""
    return {
        "schema": 1,
        "created": "2027-09-07T09:00:00.000Z",
        "updated": "2027-09-20T10:00:00.000Z",
        "lastExport": None,
        "cohort": None,
        "weeks": {"2": {"done": True, "steps": {"1": True, "3": True}}},
        "worksheets": {},
        "products": {"2": sheet({"weekproduct": block(OTHER_PRODUCT, "Jullie weekproduct")})},
    }


def write(folder: Path, name: str, text: str) -> str:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return str(path)


def rows(page) -> list[dict]:
    return page.eval_on_selector_all(
        "[data-ia-coach-duo]",
        "rows => rows.map(r => ({name: r.querySelector('[data-ia-coach-name]').value,"
        " weeks: r.querySelector('[data-ia-coach-weeks]').textContent,"
        " products: r.querySelector('[data-ia-coach-products]').textContent,"
        " next: r.querySelector('[data-ia-coach-next]').textContent}))",
    )


def printed_alone(page, node: str, pdf: Path) -> str:
    """What 'Afdrukken' puts on paper: the part `node` (a JS expression) printed alone to an A4 PDF,
    read back with pdftotext (-layout)."""
    page.evaluate(f"() => IA.coach.printSheet({node})")
    page.emulate_media(media="print")
    page.pdf(path=str(pdf), format="A4")
    page.emulate_media(media="screen")
    pdftotext = ensure_debian_package("pdftotext", "poppler-utils")
    return subprocess.run([pdftotext, "-layout", str(pdf), "-"], capture_output=True, text=True, check=True).stdout


def status(page, text: str) -> str:
    return page.wait_for_selector(f"[data-ia-coach] [data-ia-status]:has-text('{text}')").inner_text()


def test_a_coach_follows_duos_and_gives_feedback(open_page, prog, tmp_path):
    criteria = [markdown_text(c) for c in prog.week_pages[3].meta.criteria]
    assert len(criteria) >= 3
    files = [
        write(tmp_path, "klusbus.json", dossier_file(klusbus())),
        write(tmp_path, "duo-b-oud.json", dossier_file(older_duo())),
        write(tmp_path, "kapot.json", '{"format": "impactacademie", "kind": "dossier", "schema": 2, "data": {"we'),
    ]
    page = open_page(PAGE)
    page.wait_for_selector(READY)
    page.on("dialog", lambda dialog: dialog.accept())

    # load: two duos, the malformed file named and left out
    page.set_input_files("[data-ia-coach-file]", files)
    text = status(page, "toegevoegd")
    assert "2 duo's toegevoegd." in text and "Niet gelezen: kapot.json." in text
    shown = rows(page)
    assert len(shown) == 2
    mine = next(r for r in shown if r["weeks"].startswith("3 van"))
    other = next(r for r in shown if r is not mine)
    assert mine["weeks"] == f"3 van {len(prog.weeks)}" and mine["products"] == "2"
    assert other["weeks"] == f"1 van {len(prog.weeks)}" and other["next"] == "Geen cohort gekozen"
    assert mine["next"] != "Geen cohort gekozen"
    assert "gegevens van 2 duo's" in page.inner_text("[data-ia-coach-privacy]")

    # name the duo; read week 3 next to its criteria; tick two and write feedback
    page.fill(f"[data-ia-coach-name='{klusbus()['created']}']", "De Klusbus (fictief)")
    page.keyboard.press("Tab")
    status(page, "De naam is bewaard.")
    page.click(f"button[data-ia-action='coach-show'][data-ia-duo='{klusbus()['created']}']")
    page.wait_for_selector("#ia-coach-duo-title:has-text('De Klusbus (fictief)')")
    page.select_option("[data-ia-coach-week]", "3")
    page.wait_for_selector("[data-ia-coach-review='3']")
    assert KLUSBUS_PRODUCT in page.inner_text(".ia-coach-product")
    assert OTHER_PRODUCT not in page.inner_text("[data-ia-coach-detail]")
    labels = page.eval_on_selector_all(".ia-coach-criteria label", "els => els.map(e => e.textContent)")
    assert labels == criteria
    page.check("[data-ia-coach-criterion='0']")
    page.check("[data-ia-coach-criterion='2']")
    page.fill("[data-ia-coach-feedback]", "Mooi: het doel staat er. Wie in de buurt heeft jullie keten al gezien?")
    page.wait_for_selector("[data-ia-coach-updated]:has-text('Bewaard op')")

    # after a reload the workspace is as the coach left it; the duo's own key holds nothing
    page.reload(wait_until="networkidle")
    page.wait_for_selector(READY)
    assert page.evaluate("k => localStorage.getItem(k)", DUO_KEY) is None
    stored = json.loads(page.evaluate("k => localStorage.getItem(k)", COACH_KEY))
    assert set(stored["duos"]) == {klusbus()["created"], older_duo()["created"]}
    page.click(f"button[data-ia-action='coach-show'][data-ia-duo='{klusbus()['created']}']")
    page.select_option("[data-ia-coach-week]", "3")
    ticks = page.eval_on_selector_all("[data-ia-coach-criterion]", "els => els.map(e => e.checked)")
    assert ticks == [True, False, True] + [False] * (len(criteria) - 3)
    assert page.input_value("[data-ia-coach-feedback]").startswith("Mooi: het doel staat er.")

    # the feedback file of one duo: its weeks, criteria and text, nothing of the other duo
    with page.expect_download() as download:
        page.click(f"button[data-ia-action='coach-feedback'][data-ia-duo='{klusbus()['created']}']")
    name = download.value.suggested_filename
    raw = Path(download.value.path()).read_text(encoding="utf-8")
    assert name.startswith("feedback-de-klusbus-fictief-") and name.endswith(".json")
    feedback = json.loads(raw)
    assert feedback["kind"] == "feedback" and feedback["duo"] == klusbus()["created"]
    assert feedback["name"] == "De Klusbus (fictief)"
    assert list(feedback["weeks"]) == ["3"]
    assert [c["met"] for c in feedback["weeks"]["3"]["criteria"]] == ticks
    assert [c["text"] for c in feedback["weeks"]["3"]["criteria"]] == criteria
    assert older_duo()["created"] not in raw and OTHER_PRODUCT not in raw and KLUSBUS_PRODUCT not in raw

    # a newer file of the same duo: its dossier updates, the name and the feedback stay
    newer = write(tmp_path, "klusbus-later.json", dossier_file(klusbus("2027-10-20T10:00:00.000Z", weeks_done=4)))
    page.set_input_files("[data-ia-coach-file]", [newer])
    status(page, "1 duo bijgewerkt.")
    mine = next(r for r in rows(page) if r["name"] == "De Klusbus (fictief)")
    assert mine["weeks"] == f"4 van {len(prog.weeks)}"
    # an older file of the same duo changes nothing
    page.set_input_files("[data-ia-coach-file]", [files[0]])
    status(page, "is ouder dan het dossier dat er al staat")
    assert next(r for r in rows(page) if r["name"] == "De Klusbus (fictief)")["weeks"] == f"4 van {len(prog.weeks)}"

    # a file of a newer site version, and a single worksheet, are refused and change nothing
    future = klusbus()
    future["schema"] = 99
    single = json.dumps(
        {
            "format": "impactacademie",
            "kind": "werkblad",
            "schema": 2,
            "group": "worksheets",
            "id": "verandertheorie",
            "sheet": sheet({}),
        }
    )
    page.set_input_files(
        "[data-ia-coach-file]",
        [write(tmp_path, "nieuw.json", dossier_file(future)), write(tmp_path, "blad.json", single)],
    )
    text = status(page, "Niet gelezen")
    assert "nieuw.json" in text and "nieuwere versie" in text and "blad.json. Dit is één werkblad" in text
    assert len(rows(page)) == 2

    # remove the other duo: De Klusbus and the coach's feedback stay
    page.click(f"button[data-ia-action='coach-remove'][data-ia-duo='{older_duo()['created']}']")
    status(page, "is verwijderd van dit apparaat")
    assert [r["name"] for r in rows(page)] == ["De Klusbus (fictief)"]
    stored = json.loads(page.evaluate("k => localStorage.getItem(k)", COACH_KEY))
    assert list(stored["duos"]) == [klusbus()["created"]]
    assert stored["duos"][klusbus()["created"]]["review"]["3"]["met"][:3] == [True, False, True]

    # remove everything
    page.click("button[data-ia-action='coach-clear']")
    status(page, "Alles is verwijderd")
    assert rows(page) == [] and page.evaluate("k => localStorage.getItem(k)", COACH_KEY) is None


def test_the_workspace_page_has_no_axe_violations(open_page, tmp_path):
    from test_accessibility import check, settle

    page = open_page(PAGE)
    page.wait_for_selector(READY)
    page.set_input_files("[data-ia-coach-file]", [write(tmp_path, "klusbus.json", dossier_file(klusbus()))])
    status(page, "toegevoegd")
    page.click(f"button[data-ia-action='coach-show'][data-ia-duo='{klusbus()['created']}']")
    page.select_option("[data-ia-coach-week]", "3")
    page.wait_for_selector("[data-ia-coach-review='3']")
    settle(page)
    check(page, "the coach's workspace with a duo open")


def coach_feedback(open_page, tmp_path) -> tuple[str, dict]:
    """A feedback file made on the coach's page: week 3 of De Klusbus, criteria 1 and 2 ticked."""
    page = open_page(PAGE)
    page.wait_for_selector(READY)
    page.set_input_files("[data-ia-coach-file]", [write(tmp_path, "klusbus.json", dossier_file(klusbus()))])
    status(page, "toegevoegd")
    page.fill(f"[data-ia-coach-name='{klusbus()['created']}']", "De Klusbus (fictief)")
    page.keyboard.press("Tab")
    page.click(f"button[data-ia-action='coach-show'][data-ia-duo='{klusbus()['created']}']")
    page.select_option("[data-ia-coach-week]", "3")
    page.check("[data-ia-coach-criterion='0']")
    page.check("[data-ia-coach-criterion='1']")
    page.fill("[data-ia-coach-feedback]", "Sterk: het doel gaat over ouderen, niet over klussen.")
    page.wait_for_selector("[data-ia-coach-updated]:has-text('Bewaard op')")
    with page.expect_download() as download:
        page.click(f"button[data-ia-action='coach-feedback'][data-ia-duo='{klusbus()['created']}']")
    raw = Path(download.value.path()).read_text(encoding="utf-8")
    return write(tmp_path, "feedback.json", raw), json.loads(raw)


def test_the_duo_imports_the_coach_feedback_and_sees_it_beside_the_product(open_page, prog, tmp_path):
    path, feedback = coach_feedback(open_page, tmp_path)
    criteria = [markdown_text(c) for c in prog.week_pages[3].meta.criteria]

    duo = open_page("dossier/")  # the duo's own browser: its dossier, then the coach's file
    duo.evaluate("([k, v]) => localStorage.setItem(k, v)", [DUO_KEY, json.dumps(klusbus())])
    duo.reload(wait_until="networkidle")
    duo.wait_for_selector("[data-ia-dossier-week='3']")
    before = duo.evaluate("k => localStorage.getItem(k)", DUO_KEY)
    duo.set_input_files("[data-ia-dossier] [data-ia-file]", path)
    duo.wait_for_selector("[data-ia-dossier] [data-ia-status]:has-text('Feedback van jullie begeleider bij 1 week')")
    aside = duo.wait_for_selector("[data-ia-dossier-week='3'] [data-ia-coach-feedback-week='3']")
    text = aside.inner_text()
    assert "Sterk: het doel gaat over ouderen" in text and "De Klusbus (fictief)" in text
    assert criteria[0] in text and criteria[2] in text
    assert duo.evaluate("k => localStorage.getItem(k)", DUO_KEY) == before, "the feedback changed the duo's answers"

    # on the week page, beside the weekly product, read-only
    duo.goto(duo.url.replace("dossier/", "weken/week-03/"), wait_until="networkidle")
    holder = duo.wait_for_selector("[data-ia-feedback='3']:not([hidden]) [data-ia-coach-feedback-week='3']")
    assert "Sterk: het doel gaat over ouderen" in holder.inner_text()
    assert holder.query_selector("textarea, input") is None
    assert duo.input_value("[data-ia-product='3'] textarea") == KLUSBUS_PRODUCT

    # on the page of the week's tool, beside the worksheet
    tool = prog.weeks[2].tools[0]
    duo.goto(duo.url.replace("weken/week-03/", f"tools/{tool}/"), wait_until="networkidle")
    beside = duo.wait_for_selector(f"[data-ia-feedback-tool='{tool}'] [data-ia-coach-feedback-week='3']")
    assert "Sterk: het doel gaat over ouderen" in beside.inner_text()
    duo.goto(duo.url.replace(f"tools/{tool}/", "weken/week-03/"), wait_until="networkidle")

    # an older feedback file never replaces a newer one; a hostile one is refused and changes nothing
    older = json.loads(json.dumps(feedback))
    older["weeks"]["3"]["feedback"] = "Oude tekst."
    older["weeks"]["3"]["updated"] = "2020-01-01T10:00:00.000Z"
    hostile = json.loads(json.dumps(feedback))
    hostile["weeks"]["3"]["criteria"] = [{"text": "<img src=x onerror=alert(1)>", "met": "ja"}]
    duo.goto(duo.url.replace("weken/week-03/", "dossier/"), wait_until="networkidle")
    duo.set_input_files("[data-ia-dossier] [data-ia-file]", write(tmp_path, "oud.json", json.dumps(older)))
    duo.wait_for_selector("[data-ia-dossier] [data-ia-status]:has-text('bij 0 weken')")
    duo.set_input_files("[data-ia-dossier] [data-ia-file]", write(tmp_path, "vijandig.json", json.dumps(hostile)))
    duo.wait_for_selector("[data-ia-dossier] [data-ia-status]:has-text('Importeren lukte niet')")
    stored = json.loads(duo.evaluate("() => localStorage.getItem('impactacademie:feedback')"))
    assert stored["weeks"]["3"]["feedback"].startswith("Sterk:")
    assert duo.query_selector("[data-ia-dossier] img") is None


def test_the_prep_sheet_of_a_session_gathers_products_open_criteria_and_questions(open_page, prog, tmp_path):
    sessions = dict(prog.contacts("C"))
    looked_back = list(range(sessions["C2"] + 1, sessions["C3"] + 1))
    reviewed = looked_back[0]
    criteria = [markdown_text(c) for c in prog.week_pages[reviewed].meta.criteria]
    guide = next(s for s in prog.guidance.sessions if s.id == "C3")
    data = klusbus(weeks_done=looked_back[-2])  # C3's own week not done yet: C3 is the session to prepare
    data["products"] = {
        str(looked_back[0]): sheet({"weekproduct": block("Stakeholderkaart op A3.", "Jullie weekproduct")})
    }

    page = open_page(PAGE)
    page.wait_for_selector(READY)
    page.set_input_files("[data-ia-coach-file]", [write(tmp_path, "klusbus.json", dossier_file(data))])
    status(page, "toegevoegd")
    page.click(f"button[data-ia-action='coach-show'][data-ia-duo='{data['created']}']")
    page.select_option("[data-ia-coach-week]", str(reviewed))
    page.check("[data-ia-coach-criterion='1']")
    page.wait_for_selector("[data-ia-coach-updated]:has-text('Bewaard op')")
    prep = page.wait_for_selector("[data-ia-coach-prep='C3']")
    assert page.input_value("[data-ia-coach-session]") == "C3"
    weeks = page.eval_on_selector_all("[data-ia-prep-week]", "els => els.map(e => Number(e.dataset.iaPrepWeek))")
    assert weeks == looked_back
    first = page.inner_text(f"[data-ia-prep-week='{reviewed}']")
    assert "Weekproduct ingevuld" in first and f"1 van {len(criteria)} punten gehaald" in first
    assert "Nog niet door jou bekeken" in page.inner_text(f"[data-ia-prep-week='{looked_back[1]}']")
    open_items = page.eval_on_selector_all("ul[data-ia-prep-open] li", "els => els.map(e => e.textContent)")
    assert open_items == [f"Week {reviewed}: {c}" for i, c in enumerate(criteria) if i != 1]
    questions = page.eval_on_selector_all("[data-ia-prep-questions] li", "els => els.map(e => e.textContent)")
    assert questions == [markdown_text(q) for q in guide.questions]
    page.fill(
        "[data-ia-coach-agreements='C3']",
        "Drie belanghebbenden bellen; Samira; week 10\nMeetplan aanpassen; Kees; week 11",
    )

    # printed: the prep sheet alone, on A4
    printed = printed_alone(page, "document.querySelector('[data-ia-coach-prep]')", tmp_path / "prep.pdf")
    assert "Voorbereiding coachgesprek 3" in printed and "Meetplan aanpassen; Kees; week 11" in printed
    assert "Dossiers openen" not in printed and "Werkplek voor begeleiders" not in printed
    assert printed.count("\f") <= 1, "the prep sheet takes more than one A4"
    assert prep.is_visible()

    # the session report form, filled, into the duo's browser
    with page.expect_download() as download:
        page.click("button[data-ia-action='coach-report']")
    report = write(tmp_path, "verslag.json", Path(download.value.path()).read_text(encoding="utf-8"))
    duo = open_page("tools/coachgesprek-verslag/")
    duo.wait_for_selector("[data-ia-worksheet='coachgesprek-verslag'][data-ia-ready]")
    duo.set_input_files("[data-ia-worksheet='coachgesprek-verslag'] [data-ia-file]", report)
    duo.wait_for_selector("[data-ia-worksheet='coachgesprek-verslag'] [data-ia-status]:has-text('Import klaar')")
    assert duo.input_value("#ia-ws-coachgesprek-verslag-gesprek").startswith("Coachgesprek 3, in week")
    cells = duo.eval_on_selector_all(
        "[data-ia-worksheet='coachgesprek-verslag'] [data-ia-block='afspraken'] tbody tr",
        "rows => rows.map(r => [...r.querySelectorAll('input, textarea')].map(i => i.value))",
    )
    assert cells[:2] == [
        ["Drie belanghebbenden bellen", "Samira", "week 10"],
        ["Meetplan aanpassen", "Kees", "week 11"],
    ]


def duo_named(n: int) -> dict:
    data = older_duo()
    data["schema"] = 2
    data["weeks"] = {}
    data["created"] = f"2027-09-{n + 10:02d}T09:00:00.000Z"
    return data


def test_the_log_is_searchable_and_moves_to_another_device_of_the_coach(open_page, tmp_path):
    page = open_page(PAGE)
    page.wait_for_selector(READY)
    page.set_input_files("[data-ia-coach-file]", [write(tmp_path, "klusbus.json", dossier_file(klusbus()))])
    status(page, "toegevoegd")
    page.click(f"button[data-ia-action='coach-show'][data-ia-duo='{klusbus()['created']}']")
    for day, note in (
        ("2027-09-20", "Kennismaking: Kees twijfelt over de tijd."),
        ("2027-10-04", "Samira wil de planning delen."),
    ):
        page.fill("[data-ia-coach-log-date]", day)
        page.fill("[data-ia-coach-log-text]", note)
        page.click("button[data-ia-action='coach-log-add']")
        status(page, "De notitie is bewaard.")
    page.fill("[data-ia-coach-agreements]", "Planning overdragen; Samira; week 12")
    entries = page.eval_on_selector_all("[data-ia-coach-log-entry]", "els => els.map(e => e.textContent)")
    assert entries[0].startswith("4 oktober 2027 Samira") and entries[1].startswith("20 september 2027 Kennismaking")
    assert any("Afspraken coachgesprek" in e and "Planning overdragen" in e for e in entries)
    page.fill("[data-ia-coach-log-search]", "planning")
    found = page.eval_on_selector_all("[data-ia-coach-log-entry]", "els => els.map(e => e.textContent)")
    assert len(found) == 2 and all("lanning" in e for e in found)
    page.fill("[data-ia-coach-log-search]", "tijd kees")
    assert page.eval_on_selector_all("[data-ia-coach-log-entry]", "els => els.length") == 1

    with page.expect_download() as download:
        page.click("button[data-ia-action='coach-export']")
    exported = write(tmp_path, "werkplek.json", Path(download.value.path()).read_text(encoding="utf-8"))

    # the coach's laptop already knows the duo, with a note of its own: the two merge
    other = open_page(PAGE)
    other.wait_for_selector(READY)
    other.set_input_files("[data-ia-coach-file]", [write(tmp_path, "k2.json", dossier_file(klusbus()))])
    status(other, "toegevoegd")
    other.click(f"button[data-ia-action='coach-show'][data-ia-duo='{klusbus()['created']}']")
    other.fill("[data-ia-coach-log-text]", "Op de laptop: bel het wijkteam.")
    other.click("button[data-ia-action='coach-log-add']")
    status(other, "De notitie is bewaard.")
    other.set_input_files("[data-ia-coach-file]", [exported])
    status(other, "De werkplek is samengevoegd.")
    other.click(f"button[data-ia-action='coach-show'][data-ia-duo='{klusbus()['created']}']")
    texts = other.eval_on_selector_all("[data-ia-coach-log-entry]", "els => els.map(e => e.textContent)")
    assert len(texts) == 4  # two notes from the other device, the agreements, and the laptop's own note
    assert any("bel het wijkteam" in t for t in texts) and any("Kennismaking" in t for t in texts)
    # importing the same file again adds nothing
    other.set_input_files("[data-ia-coach-file]", [exported])
    status(other, "De werkplek is samengevoegd.")
    other.click(f"button[data-ia-action='coach-show'][data-ia-duo='{klusbus()['created']}']")
    assert other.eval_on_selector_all("[data-ia-coach-log-entry]", "els => els.length") == 4


def test_intervisie_groups_of_three_or_four_with_rotating_roles(open_page, prog, tmp_path):
    files = [write(tmp_path, f"duo-{n}.json", dossier_file(duo_named(n))) for n in range(1, 8)]
    page = open_page(PAGE)
    page.wait_for_selector(READY)
    page.set_input_files("[data-ia-coach-file]", files)
    assert "7 duo's toegevoegd." in status(page, "toegevoegd.")
    schedules = page.eval_on_selector_all(
        "[data-ia-coach-schedule]", "els => els.map(e => e.querySelectorAll('tbody tr').length)"
    )
    sessions = prog.contacts("IV")
    assert schedules == [len(sessions), len(sessions)]
    heads = page.eval_on_selector_all("[data-ia-coach-schedule] h4", "els => els.map(e => e.textContent)")
    assert [h.count(",") + 1 for h in heads] == [4, 3]
    first = page.eval_on_selector_all(
        "[data-ia-coach-schedule='1'] tbody tr",
        "rows => rows.map(r => [...r.querySelectorAll('td')].map(c => c.textContent))",
    )
    members = heads[0].split(": ", 1)[1].split(", ")
    assert [row[0] for row in first] == [members[i % 4] for i in range(len(sessions))]  # everyone brings a case in turn
    assert [row[1] for row in first[:2]] == ["de begeleider", "de begeleider"]
    assert all(row[1] != row[0] and row[2] not in (row[0], row[1]) for row in first[2:])

    # move the last duo of group 1 to group 2: four and three become three and four, and it stays
    moved = page.eval_on_selector_all("[data-ia-coach-group]", "els => els.map(e => e.dataset.iaCoachGroup)")[3]
    page.select_option(f"[data-ia-coach-group='{moved}']", "2")
    status(page, "De groep is bewaard.")
    page.reload(wait_until="networkidle")
    page.wait_for_selector(READY)
    heads = page.eval_on_selector_all("[data-ia-coach-schedule] h4", "els => els.map(e => e.textContent)")
    assert [h.count(",") + 1 for h in heads] == [3, 4]

    printed = printed_alone(page, "document.querySelector('[data-ia-coach-plan]')", tmp_path / "rooster.pdf")
    assert "Rooster voor de intervisie" in printed and "Groep 2" in printed and "Dossiers openen" not in printed
