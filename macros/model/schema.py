"""Typed models of every content kind. pydantic does the checking; `extra="forbid"` catches typos.

Field names are English (like the code); the messages partners see are Dutch (see `validate.py`).
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Annotated, Literal, NamedTuple

from pydantic import BaseModel, ConfigDict, Field, HttpUrl, field_validator, model_validator

Slug = Annotated[str, Field(pattern=r"^[a-z0-9]+(-[a-z0-9]+)*$", description="kleine letters, cijfers en -")]
SourceKey = Annotated[
    str,
    Field(
        pattern=r"^[a-z][a-z0-9]*(-[a-z0-9]+)*$",
        description="bronsleutel: kleine letters, cijfers en -, bijvoorbeeld weiss1995",
    ),
]
ContactId = Annotated[
    str,
    Field(
        pattern=r"^(PD|C|IV)[1-9][0-9]?$",
        description="PD1–PD7 (programmadag), C1–C12 (coachgesprek), IV1–IV9 (intervisie)",
    ),
]
Text = Annotated[str, Field(min_length=1)]


class _MarkdownText:
    """Marks a text field whose value is Markdown (emphasis, links to other sites, citations): the
    renderers put it into the page as it is, and the check lints it like a page (no HTML, no
    `javascript:`). Every other text field is plain text: the renderers escape it."""

    def __repr__(self) -> str:
        return "MARKDOWN"


MARKDOWN = _MarkdownText()
Markdown = Annotated[str, Field(min_length=1), MARKDOWN]
MarkdownOrEmpty = Annotated[str, MARKDOWN]
Clock = Annotated[str, Field(pattern=r"^([01][0-9]|2[0-3]):[0-5][0-9]$", description="tijd als UU:MM")]

Phase = Literal["concept", "review", "stabiel"]
Participant = Literal["duo", "team", "belanghebbenden", "begeleider", "intervisiegroep", "doelgroep"]
BlockKind = Literal["text", "list", "number", "table", "results"]

# A reproduced canvas layout must carry one of these licences (compatible with CC BY-SA 4.0).
ALLOWED_LICENCES = ("CC-BY-SA-4.0", "CC-BY-4.0", "CC0-1.0", "CC-BY-SA-3.0", "CC-BY-3.0")


def licence_name(spdx: str) -> str:
    """'CC-BY-SA-4.0' → 'CC BY-SA 4.0'."""
    parts = spdx.split("-")
    if parts[0] == "CC" and len(parts) >= 3:
        return f"CC {'-'.join(parts[1:-1])} {parts[-1]}"
    return spdx


# Front-matter keys that MkDocs or Material read themselves; allowed next to our own (PageMeta).
THEME_META_KEYS = ("title", "description", "hide", "search", "render_macros", "template", "icon")
# What Material can hide on a page (`hide:` in the front matter).
HideItem = Literal["navigation", "toc", "footer", "tags", "feedback", "path"]


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)


# --- the year plan ---------------------------------------------------------------------------


class PlanWeek(Strict):
    week: int = Field(ge=1, le=52, description="weeknummer in het programma (1–40)")
    title: Text = Field(description="werktitel van de week")
    leadership: bool = Field(False, description="leiderschapsweek (lijn impactvisionair)")
    tools: list[Slug] = Field(default_factory=list, description="tool-id's (worksheets/<id>.yml)")
    product: Text = Field(description="het weekproduct van het duo")
    contact: list[ContactId] = Field(default_factory=list, description="contactmomenten in deze week")


class Module(Strict):
    number: int = Field(ge=1, le=12)
    slug: Slug
    title: Text
    summary: Markdown = Field(description="wat dit module oplevert, in twee of drie zinnen")
    owner: Slug = Field(description="partner-id van de eigenaar (partners.yml)")
    weeks: list[PlanWeek] = Field(min_length=1)


class Plan(Strict):
    require_complete: bool = Field(
        False, description="true: elke geplande week en tool moet af zijn (anders alleen waarschuwingen)"
    )
    modules: list[Module] = Field(min_length=1)
    planned_tools: dict[Slug, Text] = Field(
        default_factory=dict, description="tools die nog geen worksheets/<id>.yml hebben: id → werktitel"
    )


# --- week pages ------------------------------------------------------------------------------


class SearchMeta(Strict):
    exclude: bool = Field(False, description="true: de pagina staat niet in de zoekresultaten")
    boost: float | None = Field(None, gt=0, description="hoger dan 1: hoger in de zoekresultaten")


class _PageMetaBase(BaseModel):
    """Front-matter keys every page may have: those MkDocs and Material read, and ours."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    description: str | None = Field(None, description="korte beschrijving voor zoekmachines")
    hide: list[HideItem] | None = Field(None, description="wat Material op deze pagina verbergt")
    search: SearchMeta | None = None
    render_macros: bool | None = Field(None, description="false: {{ … }} staat letterlijk op de pagina")
    language_check: bool | None = Field(None, description="false: geen spelling- en leesbaarheidscontrole")
    template: str | None = None
    icon: str | None = None


class PageMeta(_PageMetaBase):
    """The front matter of every page that is not a week page."""

    title: str | None = Field(None, description="de titel in de navigatie en het tabblad")


StepWho = Literal["ieder", "samen", "belanghebbende", "duos", "intervisie", "coachgesprek"]
StepWhen = Literal["voor", "op", "na"]


class WeekStep(Strict):
    """The time of one numbered step of "Aan de slag als duo": who does it, how long, and in a
    programme-day week whether it is before, on or after the day. The page shows it as the bold
    start of the step ("**Samen, ± 30 minuten.**"); the week header adds the steps up."""

    who: StepWho = Field(
        description=(
            "ieder (ieder apart), samen, belanghebbende (samen met een belanghebbende), duos (met "
            "andere duo's), intervisie of coachgesprek (tijdens dat contactmoment: telt niet apart)"
        )
    )
    minutes: int = Field(ge=5, le=240, description="minuten per persoon")
    when: StepWhen | None = Field(None, description="in een week met een programmadag: voor, op of na de dag")
    note: Text | None = Field(None, description="wat na de minuten komt, bijvoorbeeld 'voor jullie profiel'")


class ShortOnTime(Strict):
    step: int = Field(ge=1, description="het nummer van de stap die in elk geval moet gebeuren")
    text: Markdown = Field(description="één of twee zinnen: waarom deze stap, en wat kan wachten")


class WeekMeta(_PageMetaBase):
    """The front matter of a week page. Title, tools and product live in the plan, not here."""

    week: int = Field(ge=1, le=52)
    owner: Slug = Field(description="partner-id van de eigenaar")
    phase: Phase = Field(description="concept, review of stabiel")
    reviewed: dt.date = Field(
        description=(
            "datum bij de fase: concept = geschreven, review = nalezen begonnen, stabiel = laatste review (JJJJ-MM-DD)"
        )
    )
    steps: list[WeekStep] = Field(
        default_factory=list, description="de tijd van elke stap van 'Aan de slag als duo', in volgorde"
    )
    short_on_time: ShortOnTime | None = Field(None, description="'Weinig tijd?': de ene stap die moet gebeuren")
    criteria: list[Markdown] = Field(
        default_factory=list, description="'Een goed weekproduct…': drie of vier criteria die je kunt nagaan"
    )


# --- sources, partners, glossary -------------------------------------------------------------


class Source(Strict):
    key: SourceKey
    authors: Text
    year: int | None = Field(None, ge=1800, le=2100, description="jaar van uitgave; leeg = zonder jaar")
    title: Text
    publisher: Text = Field(description="uitgever, tijdschrift of organisatie")
    url: HttpUrl | None = None
    note: Markdown | None = Field(None, description="korte toelichting voor de literatuurlijst")


class Sources(Strict):
    sources: list[Source]


class Partner(Strict):
    id: Slug
    name: Text
    role: Text = Field(description="de rol in het programma")
    description: Markdown = Field(description="wat deze partner doet en bijdraagt")
    url: HttpUrl | None = None
    github: (
        Annotated[
            str,
            Field(
                pattern=r"^@[A-Za-z0-9-]+(/[A-Za-z0-9_.-]+)?$",
                description="GitHub-gebruiker of -team voor reviews, bv. @org/team",
            ),
        ]
        | None
    ) = None


class Partners(Strict):
    partners: list[Partner] = Field(min_length=1)


class Term(Strict):
    term: Text
    definition: Markdown
    source: SourceKey | None = None
    english: str | None = Field(None, description="de Engelse term, als deelnemers die tegenkomen")


class Glossary(Strict):
    terms: list[Term]


# --- programme days, coaching, intervisie, cohorts ---------------------------------------------


class AgendaItem(Strict):
    start: Clock
    end: Clock
    item: Text


class ProgrammeDay(Strict):
    id: Annotated[str, Field(pattern=r"^PD[1-9]$")]
    title: Text
    goal: Markdown
    agenda: list[AgendaItem] = Field(min_length=1)
    preparation: list[Markdown] = Field(min_length=1)
    bring: list[Markdown] = Field(default_factory=list)
    host_role: Slug = Field(description="partner-id van de rol die de dag host")


class ProgrammeDays(Strict):
    days: list[ProgrammeDay]


class CoachingSession(Strict):
    id: Annotated[str, Field(pattern=r"^C[1-9][0-9]?$")]
    title: Text
    purpose: Markdown = Field(description="waarom dit gesprek, in twee of drie zinnen")
    questions: list[Markdown] = Field(min_length=2, description="vragen die de begeleider kan stellen")


class Role(Strict):
    name: Text
    task: Markdown


class MethodStep(Strict):
    title: Text
    minutes: int = Field(ge=1, le=240)
    description: Markdown


class IntervisieSession(Strict):
    id: Annotated[str, Field(pattern=r"^IV[1-9][0-9]?$")]
    theme: Text = Field(description="het thema van deze intervisie, passend bij de weken ervoor")


class Intervisie(Strict):
    method: Text = Field(description="de naam van de methode")
    source: SourceKey
    summary: Markdown
    group: Text = Field(description="wie er meedoet, bijvoorbeeld 3 of 4 duo's")
    roles: list[Role] = Field(min_length=2)
    steps: list[MethodStep] = Field(min_length=3)
    sessions: list[IntervisieSession] = Field(default_factory=list)


class Guidance(Strict):
    """docs/_data/begeleiding.yml: the coaching sessions and the intervisie method."""

    session_minutes: int = Field(60, ge=15, le=180, description="hoe lang een coachgesprek duurt")
    sessions: list[CoachingSession] = Field(default_factory=list)
    intervisie: Intervisie | None = None


class CohortDay(Strict):
    id: Annotated[str, Field(pattern=r"^PD[1-9]$")]
    date: dt.date
    start: Clock
    end: Clock
    place: Text


class Cohort(Strict):
    id: Slug
    name: Text
    start: dt.date = Field(description="maandag van programmaweek 1")
    breaks: list[dt.date] = Field(default_factory=list, description="maandagen van pauzeweken")
    programme_days: list[CohortDay] = Field(default_factory=list)

    @field_validator("start")
    @classmethod
    def _monday(cls, value: dt.date) -> dt.date:
        if value.weekday() != 0:
            raise ValueError(f"{value.isoformat()} is geen maandag; een programmaweek begint op maandag")
        return value

    @field_validator("breaks")
    @classmethod
    def _break_mondays(cls, values: list[dt.date]) -> list[dt.date]:
        for value in values:
            if value.weekday() != 0:
                raise ValueError(f"pauzeweek {value.isoformat()} is geen maandag")
        return values


class Cohorts(Strict):
    cohorts: list[Cohort] = Field(default_factory=list)


# --- tools (worksheets/<id>.yml) ----------------------------------------------------------------

CANVAS_COLUMNS = 12
CANVAS_ROWS = 8


class Position(Strict):
    col: int = Field(ge=1, le=CANVAS_COLUMNS)
    row: int = Field(ge=1, le=CANVAS_ROWS)
    width: int = Field(ge=1, le=CANVAS_COLUMNS)
    height: int = Field(ge=1, le=CANVAS_ROWS)


class ScoreItem(Strict):
    """One fixed row of a scored table (a self-scan such as the nulmeting): what is scored, and what
    you would see at every score of the scale, from low to high. The duo does not add rows."""

    id: Slug = Field(description="vast id van dit onderdeel; blijft gelijk, zodat een nameting kan vergelijken")
    label: Text = Field(description="het onderdeel dat het duo een score geeft")
    levels: list[Text] = Field(
        min_length=2, max_length=10, description="wat je ziet bij elke score, van de laagste naar de hoogste"
    )


class ScoreDifference(Strict):
    """A column the form computes (never stored): how far two score columns lie apart."""

    label: Text = Field("Verschil", description="kop van de berekende kolom")
    between: list[Text] = Field(min_length=2, max_length=2, description="de twee scorekolommen (koppen uit columns)")


class Scores(Strict):
    """Which columns of a scored table hold a score, and the scale: whole numbers from min to max."""

    columns: list[Text] = Field(min_length=1, description="de kolommen met een score (koppen uit columns)")
    min: int = Field(1, ge=0, le=10, description="de laagste score")
    max: int = Field(4, ge=1, le=10, description="de hoogste score")
    difference: ScoreDifference | None = Field(None, description="een berekende kolom met het verschil")


class Prefill(Strict):
    """A block of an earlier worksheet whose answer this block takes over in the duo's browser."""

    tool: Slug = Field(description="id van de eerdere tool (worksheets/<id>.yml)")
    block: Slug = Field(description="id van het blok in die tool")


class Block(Strict):
    id: Slug
    label: Text
    question: Text = Field(description="de hulpvraag bij dit blok")
    kind: BlockKind = "text"
    columns: list[Text] | None = Field(None, description="kolomkoppen, alleen bij kind: table")
    items: list[ScoreItem] | None = Field(
        None,
        description=(
            "vaste rijen, alleen bij kind: table met scores: het duo vult per onderdeel de kolommen in. "
            "Een rij wordt bewaard op zijn plaats: zet een nieuw onderdeel achteraan"
        ),
    )
    scores: Scores | None = Field(None, description="welke kolommen een score zijn, en de schaal (bij items)")
    prefill: list[Prefill] | None = Field(
        None,
        min_length=1,
        description=(
            "blokken uit eerdere werkbladen: in de browser vult een leeg blok zich met wat het duo daar "
            "schreef, en het duo kan het er later bij zetten; eigen tekst wordt nooit overschreven"
        ),
    )
    position: Position

    @model_validator(mode="after")
    def _scored_table(self) -> Block:
        if self.items is None and self.scores is None:
            return self
        if self.kind != "table" or not self.columns:
            raise ValueError("items en scores horen bij een blok met kind: table en columns")
        if self.items is None or self.scores is None:
            raise ValueError("items en scores horen bij elkaar: geef ze allebei")
        unknown = [c for c in self.scores.columns if c not in self.columns]
        if unknown:
            raise ValueError(f"scores.columns: '{unknown[0]}' staat niet in columns ({', '.join(self.columns)})")
        if self.scores.min >= self.scores.max:
            raise ValueError(f"scores: min ({self.scores.min}) moet kleiner zijn dan max ({self.scores.max})")
        difference = self.scores.difference
        if difference is not None:
            outside = [c for c in difference.between if c not in self.scores.columns]
            if outside:
                raise ValueError(f"scores.difference.between: '{outside[0]}' is geen kolom uit scores.columns")
            if difference.between[0] == difference.between[1]:
                raise ValueError("scores.difference.between: kies twee verschillende kolommen")
        count = self.scores.max - self.scores.min + 1
        seen: set[str] = set()
        for item in self.items:
            if item.id in seen:
                raise ValueError(f"items: het id '{item.id}' staat er twee keer in")
            seen.add(item.id)
            if len(item.levels) != count:
                raise ValueError(
                    f"items: '{item.id}' heeft {len(item.levels)} beschrijvingen; de schaal "
                    f"{self.scores.min} tot {self.scores.max} vraagt er {count}, één per score"
                )
        return self


class Canvas(Strict):
    blocks: list[Block] = Field(min_length=1)


_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")

# The units of a numeric model. A `procent` value is in percentage points (12 means 12%), so a share
# is written `bedrag / total(kosten.bedrag) * 100`. "" is a plain number.
Unit = Literal["", "euro", "uren", "personen", "procent", "aantal"]
# Units that cannot be negative: their `min` is 0 unless the model says otherwise.
COUNTED_UNITS = ("uren", "personen", "aantal")
ModelId = Annotated[
    str, Field(pattern=r"^[a-z][a-z0-9_]*$", description="kleine letters, cijfers en _, beginnend met een letter")
]


class Bounds(NamedTuple):
    """The numbers a duo may type in an input or a table column: None is no bound."""

    min: float | None
    max: float | None


def _check_bounds(minimum: float | None, maximum: float | None) -> None:
    if minimum is not None and maximum is not None and minimum >= maximum:
        raise ValueError(f"max ({maximum:g}) moet groter zijn dan min ({minimum:g})")


class KlusbusRef(Strict):
    """`{klusbus: id}`: the value comes from docs/_data/klusbus.yml (a figure, or a table)."""

    klusbus: Slug = Field(description="id van een cijfer (figures) of tabel (tables) in docs/_data/klusbus.yml")


class ExampleRow(Strict):
    """One row of an example table: its name and one number per column (empty: null). A number
    that is a figure of De Klusbus is written `{klusbus: id}`, so the figure is the one place to
    change it (macros.load.calcmodel puts the number in)."""

    label: Text
    values: list[float | KlusbusRef | None] = Field(
        min_length=1,
        description="één getal per kolom, in de volgorde van columns; of {klusbus: id} voor een cijfer uit figures",
    )


class ModelInput(Strict):
    id: ModelId
    label: Text
    unit: Unit = ""
    example: float | KlusbusRef = Field(description="waarde in het uitgewerkte voorbeeld, of {klusbus: id}")
    min: float | None = Field(None, description="kleinste toegestane waarde (standaard 0 bij uren, personen, aantal)")
    max: float | None = Field(None, description="grootste toegestane waarde, bijvoorbeeld 5 bij een score van 1 tot 5")

    def minimum(self) -> float | None:
        return self.min if self.min is not None or self.unit not in COUNTED_UNITS else 0.0

    def bounds(self) -> Bounds:
        return Bounds(self.minimum(), self.max)

    @model_validator(mode="after")
    def _bounds(self) -> ModelInput:
        _check_bounds(self.minimum(), self.max)
        return self


class TableColumn(Strict):
    id: ModelId
    label: Text
    unit: Unit | None = Field(None, description="eenheid van deze kolom (standaard die van de tabel)")
    min: float | None = Field(None, description="kleinste toegestane waarde")
    max: float | None = Field(None, description="grootste toegestane waarde, bijvoorbeeld 5 bij een score van 1 tot 5")

    @model_validator(mode="after")
    def _bounds(self) -> TableColumn:
        _check_bounds(self.min, self.max)
        return self


class ComputedColumn(Strict):
    id: ModelId
    label: Text
    unit: Unit = ""
    formula: Text = Field(description="rekenregel per rij, met kolom-id's van deze tabel")


class ModelTable(Strict):
    id: ModelId = Field(description="ook het id van het canvasblok (kind: table) dat de tabel toont")
    label: Text
    unit: Unit = ""
    rows_label: Text = Field(description="kop van de eerste kolom: de namen van de rijen")
    columns: list[TableColumn] = Field(min_length=1, description="vaste kolommen met getallen")
    max_rows: int = Field(20, ge=1, le=60, description="zoveel rijen kan een duo invullen")
    total_row: Text | None = Field(None, description="naam van de totaalrij; leeg = geen totaalrij")
    computed: list[ComputedColumn] = Field(default_factory=list)
    example: KlusbusRef | list[ExampleRow] = Field(description="{klusbus: id} of de rijen zelf")

    def unit_of(self, column: TableColumn) -> str:
        return self.unit if column.unit is None else column.unit

    def minimum(self, column: TableColumn) -> float | None:
        if column.min is not None:
            return column.min
        return 0.0 if self.unit_of(column) in COUNTED_UNITS else None

    def bounds(self, column: TableColumn) -> Bounds:
        return Bounds(self.minimum(column), column.max)

    @model_validator(mode="after")
    def _column_bounds(self) -> ModelTable:
        for column in self.columns:  # a counted unit's minimum 0 applies when `min` is not given
            if column.min is None and column.max is not None:
                _check_bounds(self.minimum(column), column.max)
        return self


class ModelRow(Strict):
    id: ModelId
    label: Text
    over: ModelId = Field(description="de tabel over wiens kolommen deze rij rekent")
    unit: Unit = ""
    formula: Text = Field(description="rekenregel per kolom: column(tabel), previous(rij, begin), …")


class ModelOutput(Strict):
    id: ModelId
    label: Text
    unit: Unit = ""
    formula: Text = Field(description="rekenregel met invoer-id's, bijvoorbeeld kosten / deelnemers")
    expected: float = Field(description="met de hand uitgerekende uitkomst van het voorbeeld")

    def names(self) -> set[str]:
        return set(_NAME.findall(self.formula))


class NumericModel(Strict):
    inputs: list[ModelInput] = Field(default_factory=list)
    tables: list[ModelTable] = Field(default_factory=list)
    rows: list[ModelRow] = Field(default_factory=list)
    outputs: list[ModelOutput] = Field(min_length=1)


ExampleValue = MarkdownOrEmpty | float | list[MarkdownOrEmpty] | list[list[MarkdownOrEmpty]]


class Example(Strict):
    initiative: Text = Field(description="altijd met (fictief): De Klusbus (fictief)")
    values: dict[Slug, ExampleValue]

    @field_validator("initiative")
    @classmethod
    def _fictional(cls, value: str) -> str:
        if "(fictief)" not in value:
            raise ValueError("een voorbeeldinitiatief heet altijd '… (fictief)'")
        return value


class Remeasure(Strict):
    """A later measurement with the self-scan of an earlier tool: the nameting of week 40 repeats the
    nulmeting of week 1. The scored tables come back in this worksheet with their ids and rows, so
    the site can put both measurements side by side (macros/model/remeasure.py)."""

    tool: Slug = Field(description="id van de tool met de eerste meting, zoals nulmeting")
    blocks: list[Slug] = Field(
        min_length=1, description="de scoretabellen met vaste rijen (items) die terugkomen; ze houden hun id en plek"
    )


class Tool(Strict):
    id: Slug
    title: Text
    intent: Annotated[str, Field(pattern=r"^Ik wil ", description="begint met 'Ik wil …'")]
    modules: list[int] = Field(min_length=1)
    when: Markdown = Field(description="wanneer en waarom je de tool gebruikt")
    minutes: int | None = Field(
        None,
        ge=5,
        le=24 * 60,
        description=(
            "tijd in minuten, alleen voor een tool zonder weekpagina: anders komt de tijd uit de "
            "stappen van die week (steps in de weekpagina)"
        ),
    )
    participants: list[Participant] = Field(min_length=1)
    steps: list[Markdown] = Field(min_length=2)
    tips: list[Markdown] = Field(min_length=1)
    sources: list[SourceKey] = Field(min_length=1)
    based_on: SourceKey
    licence: str = Field(description="SPDX-id van de licentie van het canvas")
    owner: Slug
    canvas: Canvas
    model: NumericModel | None = None
    send_to_organiser: bool = Field(
        False,
        description=(
            "het werkblad heeft 'Mail naar de organisator': een mail met de antwoorden, zoals de "
            "evaluatie van het jaar; de organisator bundelt ze op de pagina voor organisatoren"
        ),
    )
    remeasure: Remeasure | None = Field(
        None,
        description=(
            "dit werkblad meet opnieuw met de scan van een eerdere tool: die scoretabellen komen na de eigen "
            "blokken, en de site zet de eerste en de nieuwe meting naast elkaar"
        ),
    )
    example: Example

    @field_validator("licence")
    @classmethod
    def _licence_allowed(cls, value: str) -> str:
        if value not in ALLOWED_LICENCES:
            raise ValueError(f"licentie '{value}' staat niet op de lijst; toegestaan: {', '.join(ALLOWED_LICENCES)}")
        return value

    # Duplicate block ids: the loader's duplicate check names both lines (content.duplicate_ids).


# --- the running example ------------------------------------------------------------------------


class Figure(Strict):
    label: Text
    value: int | float | str
    unit: Literal["", "euro", "procent", "uur", "personen", "jaar", "weken", "klussen"] = ""
    note: str | None = None
    model: Annotated[str, Field(pattern=r"^[a-z0-9]+(-[a-z0-9]+)*\.[a-z][a-z0-9_]*$")] | None = Field(
        None,
        description="tool.uitkomst: dit cijfer is een uitkomst van dat rekenmodel (de controle rekent het na)",
    )


class Amount(Strict):
    """An amount from a Dutch rule that changes every year (a volunteer allowance, a tax limit): its
    value, the year it is for and the official source that says so. Pages quote it with
    {{ bedrag('id') }}, which always names the year."""

    label: Text = Field(description="wat het bedrag is, bijvoorbeeld 'maximale vrijwilligersvergoeding per jaar'")
    value: int | float = Field(ge=0)
    unit: Literal["euro", "procent"] = "euro"
    year: int = Field(ge=2000, le=2100, description="het jaar waarvoor dit bedrag geldt")
    source: SourceKey = Field(
        description="de officiële bron in bronnen.yml; haar url is de pagina voor het bedrag van nu"
    )


class Amounts(Strict):
    """docs/_data/bedragen.yml: every yearly amount in one place, so a partner updates it once."""

    current_year: int = Field(
        ge=2000, le=2100, description="het jaar van nu: een bedrag van een eerder jaar zegt dat, met een link"
    )
    amounts: dict[Slug, Amount] = Field(default_factory=dict)


class ExampleTable(Strict):
    """A table of the running example (cost lines, income sources): rows of {label, values}."""

    label: Text
    columns: list[Text] = Field(min_length=1, description="wat elke waarde van een rij is, in volgorde")
    rows: list[ExampleRow] = Field(min_length=1)
    note: str | None = None


PROGRAMME_WEEKS = 40


class TimelineEvent(Strict):
    """One dated event of the running example: what happened to De Klusbus in which programme week.
    Pages quote it with {{ klusbus_event('id') }} and {{ klusbus_week('id') }}; the check refuses a
    week page that quotes an event from a later week."""

    id: Slug = Field(description="vast id; pagina's noemen het met {{ klusbus_event('id') }}")
    week: int = Field(
        ge=1, le=PROGRAMME_WEEKS, description=f"de week van het programma waarin het gebeurt (1 tot {PROGRAMME_WEEKS})"
    )
    text: Text = Field(description="wat er gebeurde, in één of twee korte zinnen (B1)")
    who: list[Text] = Field(
        default_factory=list, description="wie het deed: Samira, Kees of een ander die op de pagina's staat"
    )
    organisation: Annotated[str, Field(pattern=r"\(fictief\)$")] | None = Field(
        None, description="het netwerk of de organisatie waar het over gaat; eindigt op '(fictief)'"
    )


class RunningExample(Strict):
    name: Annotated[str, Field(pattern=r"\(fictief\)$", description="eindigt op '(fictief)'")]
    summary: Text
    municipality: Annotated[str, Field(pattern=r"\(fictief\)$", description="eindigt op '(fictief)'")]
    duo: list[Text] = Field(min_length=2, max_length=2, description="de twee deelnemers: naam en rol")
    figures: dict[Slug, Figure]
    tables: dict[Slug, ExampleTable] = Field(default_factory=dict, description="tabellen voor de rekentools")
    timeline: list[TimelineEvent] = Field(
        default_factory=list, description="wat er in welke week gebeurde, op volgorde van de weken"
    )


# --- the project word list (words hunspell-nl does not know) --------------------------------------

MAX_WORDLIST = 300


class Word(Strict):
    word: Annotated[str, Field(min_length=2, pattern=r"^\S+$")]
    category: Literal["naam", "term", "leenwoord"] = Field(
        description="naam (organisatie, persoon, plaats), term (vakterm) of leenwoord"
    )


class Wordlist(Strict):
    words: list[Word] = Field(
        max_length=MAX_WORDLIST, description=f"hoogstens {MAX_WORDLIST} woorden; elk met een categorie"
    )
