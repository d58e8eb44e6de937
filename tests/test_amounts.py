"""Yearly amounts (issue 17): amounts from Dutch rules that change every year live in one data file,
docs/_data/bedragen.yml, each with the year it is for and its official source. A page quotes one
with {{ bedrag('id') }}: the year is always named, and an amount of an earlier year than
`current_year` links to the official page for today's amount. Bad input names file, line and field."""

from __future__ import annotations

import pytest

from conftest import ROOT, edit, errors, line_of
from macros.checks.programme import load_programme
from macros.render.pages import amount

AMOUNTS = "docs/_data/bedragen.yml"
WEEK = "docs/weken/week-01.md"
pytestmark = pytest.mark.xdist_group("mini")


def test_an_amount_names_its_year_and_where_todays_amount_stands(mini):
    assert amount(mini, "grens") == "€ 1.500 (bedrag voor 2024; [het bedrag van nu](https://example.org/anderson))"


def test_an_amount_of_this_year_needs_no_link(project):
    edit(project, AMOUNTS, "year: 2024", "year: 2026")
    programme, _ = load_programme(project)
    assert amount(programme, "grens") == "€ 1.500 (in 2026)"


def test_a_page_quotes_a_known_amount_only(project):
    edit(project, WEEK, "1. Doen.", "1. Doen. Een vrijwilliger krijgt ten hoogste {{ bedrag('grens') }}.")
    assert errors(project) == []
    edit(project, WEEK, "{{ bedrag('grens') }}", "{{ bedrag('grenz') }}")
    found = [p for p in errors(project) if p.field == "bedrag"]
    assert found and found[0].path == WEEK and found[0].line == line_of(project, WEEK, "bedrag('grenz')")
    assert "onbekend bedrag 'grenz'; bedoel je 'grens'?" in found[0].message


def test_an_amount_needs_a_source_with_an_address_and_no_future_year(project):
    edit(project, AMOUNTS, "year: 2024", "year: 2027")
    edit(project, AMOUNTS, "source: anderson2005", "source: weiss1995")
    by_field = {p.field: p for p in errors(project)}
    assert by_field["amounts.grens.year"].line == line_of(project, AMOUNTS, "year: 2027")
    assert "2027 ligt na current_year (2026)" in by_field["amounts.grens.year"].message
    assert "heeft geen url" in by_field["amounts.grens.source"].message
    edit(project, AMOUNTS, "source: weiss1995", "source: nergens")
    assert any(p.field == "amounts.grens.source" and "onbekende bron" in p.message for p in errors(project))


def test_a_misspelt_field_in_the_amounts_file_names_its_line(project):
    edit(project, AMOUNTS, "    value: 1500", "    waarde: 1500")
    found = {p.field: p for p in errors(project) if p.path == AMOUNTS}
    assert found["amounts.grens.waarde"].line == line_of(project, AMOUNTS, "waarde:"), found
    assert "onbekend veld 'waarde'" in found["amounts.grens.waarde"].message
    assert found["amounts.grens.value"].message == "verplicht veld ontbreekt"


def test_the_real_amounts_are_sourced_and_dated():
    programme, problems = load_programme(ROOT)
    assert programme is not None and not [p for p in problems if p.path == AMOUNTS]
    assert programme.amounts.current_year == 2026
    for amount_id, item in programme.amounts.amounts.items():
        assert item.year <= programme.amounts.current_year, amount_id
        assert programme.sources[item.source].url, amount_id
        assert str(item.year) in amount(programme, amount_id)
