"""The event file: an event's content as plain TOML that organisers can edit.

``load`` reads and validates a file (errors name the place and the problem),
``dump`` writes one back; both go through the same pydantic models, so an
exported file always imports again.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Mapping
from datetime import date, time
from enum import StrEnum
from pathlib import Path
from typing import Annotated, NotRequired, Self, TypedDict

import tomli_w
from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from shared.scoring import DEFAULT_FEEDBACK_BONUS, DEFAULT_FEEDBACK_CAP, DEFAULT_QUESTION_POINTS

# The days an event may fall on: what a ticket's validity can hold (shared.tickets),
# narrowed to what is not a typo.
FIRST_DAY = date(2020, 1, 1)
LAST_DAY = date(2149, 12, 31)
EventDay = Annotated[date, Field(ge=FIRST_DAY, le=LAST_DAY)]

_COLOUR = r"^#[0-9a-fA-F]{6}$"
_CODE = r"^[A-Za-z0-9][A-Za-z0-9_-]{0,15}$"

Short = Annotated[str, Field(min_length=1, max_length=200)]
Long = Annotated[str, Field(max_length=20_000)]


class Moderation(StrEnum):
    """Whether items show before (post) or only after (pre) a moderator looks."""

    PRE = "pre"
    POST = "post"


class QuestionKind(StrEnum):
    """Multiple choice (2-6 options) or true/false."""

    CHOICE = "choice"
    TRUE_FALSE = "truefalse"


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True, frozen=True)


class Branding(_Model):
    """Colours and images of the event; image paths are relative to the event file."""

    primary: str = Field("#00689E", pattern=_COLOUR)
    secondary: str = Field("#F5A800", pattern=_COLOUR)
    background: str = Field("#F4F1EA", pattern=_COLOUR)
    logo: str | None = None
    map: str | None = None


class Question(_Model):
    """One quiz question.

    For ``truefalse`` questions ``options`` stays empty and ``correct`` is 0 for
    true, 1 for false; screens show the words in their own language.
    """

    text: Annotated[str, Field(min_length=1, max_length=500)]
    kind: QuestionKind = QuestionKind.CHOICE
    options: list[Annotated[str, Field(min_length=1, max_length=200)]] = []
    correct: int = Field(ge=0)
    explanation: Long = ""
    points: int = Field(DEFAULT_QUESTION_POINTS, ge=0, le=1000)

    @model_validator(mode="after")
    def _check_options(self) -> Self:
        if self.kind is QuestionKind.TRUE_FALSE:
            if self.options:
                raise ValueError("a true/false question has no options")
            count = 2
        else:
            count = len(self.options)
            if not 2 <= count <= 6:
                raise ValueError(f"needs 2 to 6 options, has {count}")
            if len({o.casefold() for o in self.options}) != count:
                raise ValueError("options must differ")
        if self.correct >= count:
            raise ValueError(f"correct is {self.correct}, but there are only {count} options")
        return self


class Workshop(_Model):
    """A workshop and the pillar that stands at it."""

    code: str = Field(pattern=_CODE)
    title: Short
    room: Annotated[str, Field(max_length=200)] = ""
    starts: time | None = None
    ends: time | None = None
    teaser: Long = ""
    info: Long = ""
    map_x: float | None = Field(None, ge=0, le=1)
    map_y: float | None = Field(None, ge=0, le=1)
    questions: list[Question] = []


class AgendaSlot(_Model):
    """A line of the day's programme; ``workshop`` names a workshop code, if any."""

    starts: time
    ends: time | None = None
    title: Short
    room: Annotated[str, Field(max_length=200)] = ""
    workshop: str | None = None


class CafeQuestion(_Model):
    """A question of a work session, worked on at the tables."""

    code: str = Field(pattern=_CODE)
    text: Annotated[str, Field(min_length=1, max_length=500)]


class CafeTable(_Model):
    """A table of a work session, with its host if it has one."""

    code: str = Field(pattern=_CODE)
    name: Short
    host: Annotated[str, Field(max_length=200)] = ""


class CafeRound(_Model):
    """A round: its length and which question each table works on.

    ``plan`` maps table codes to question codes; without a plan every table works on
    every question. A table the plan leaves out sits the round out.
    """

    minutes: int = Field(20, ge=1, le=240)
    plan: dict[str, str] | None = None


class WorkSession(_Model):
    """A world café or brainstorm: its questions, tables, rounds and dot voting.

    ``dots`` is how many dots each ticket spends on a question's ideas,
    ``dots_per_idea`` how many of them one idea may get.
    """

    code: str = Field(pattern=_CODE)
    title: Short
    dots: int = Field(3, ge=1, le=20)
    dots_per_idea: int = Field(1, ge=1, le=20)
    questions: Annotated[list[CafeQuestion], Field(min_length=1)]
    tables: Annotated[list[CafeTable], Field(min_length=1)]
    rounds: list[CafeRound] = []

    @model_validator(mode="after")
    def _check_codes(self) -> Self:
        for kind, items in (("question", self.questions), ("table", self.tables)):
            codes = [item.code.upper() for item in items]
            twice = sorted({c for c in codes if codes.count(c) > 1})
            if twice:
                raise ValueError(f"{kind} codes used twice: {', '.join(twice)}")
        if self.dots_per_idea > self.dots:
            raise ValueError(
                f"dots_per_idea ({self.dots_per_idea}) is more than dots ({self.dots})"
            )
        questions = {q.code.upper() for q in self.questions}
        tables = {t.code.upper() for t in self.tables}
        for number, round_ in enumerate(self.rounds, start=1):
            for table, question in (round_.plan or {}).items():
                if table.upper() not in tables:
                    raise ValueError(f"round {number} names unknown table {table!r}")
                if question.upper() not in questions:
                    raise ValueError(f"round {number} names unknown question {question!r}")
        return self


class Event(_Model):
    """The event itself."""

    name: Short
    starts: EventDay
    ends: EventDay
    venue: Annotated[str, Field(max_length=200)] = ""
    tagline: Annotated[str, Field(max_length=500)] = ""
    info: Long = ""
    moderation: Moderation = Moderation.POST
    photo_moderation: Moderation = Moderation.PRE
    feedback_bonus: int = Field(DEFAULT_FEEDBACK_BONUS, ge=0, le=1000)
    feedback_cap: int = Field(DEFAULT_FEEDBACK_CAP, ge=0, le=100)
    branding: Branding = Field(default_factory=lambda: Branding.model_validate({}))

    @model_validator(mode="after")
    def _check_dates(self) -> Self:
        if self.ends < self.starts:
            raise ValueError("the event ends before it starts")
        return self


class EventFile(_Model):
    """A whole event file."""

    event: Event
    workshops: list[Workshop] = []
    agenda: list[AgendaSlot] = []
    sessions: list[WorkSession] = []

    @model_validator(mode="after")
    def _check_sessions(self) -> Self:
        codes = [s.code.upper() for s in self.sessions]
        twice = sorted({c for c in codes if codes.count(c) > 1})
        if twice:
            raise ValueError(f"work session codes used twice: {', '.join(twice)}")
        return self

    @model_validator(mode="after")
    def _check_references(self) -> Self:
        codes = [w.code.upper() for w in self.workshops]
        duplicates = sorted({c for c in codes if codes.count(c) > 1})
        if duplicates:
            raise ValueError(f"workshop codes used twice: {', '.join(duplicates)}")
        for number, slot in enumerate(self.agenda, start=1):
            if slot.workshop is not None and slot.workshop.upper() not in codes:
                raise ValueError(f"agenda line {number} names unknown workshop {slot.workshop!r}")
        return self


# -- the same content as plain data, before it is checked ----------


class BrandingDraft(TypedDict):
    """:class:`Branding` as plain data (``model_dump(mode="json")``)."""

    primary: str
    secondary: str
    background: str
    logo: str | None
    map: str | None


class QuestionDraft(TypedDict):
    """:class:`Question` as plain data; ``kind`` is a :class:`QuestionKind` value."""

    text: str
    kind: str
    options: list[str]
    correct: int
    explanation: str
    points: int


class WorkshopDraft(TypedDict):
    """:class:`Workshop` as plain data; times as ``hh:mm[:ss]`` text."""

    code: str
    title: str
    room: str
    starts: str | None
    ends: str | None
    teaser: str
    info: str
    map_x: float | None
    map_y: float | None
    questions: list[QuestionDraft]


class SlotDraft(TypedDict):
    """:class:`AgendaSlot` as plain data."""

    starts: str
    ends: str | None
    title: str
    room: str
    workshop: str | None


class EventDraft(TypedDict):
    """:class:`Event` as plain data; days as ISO text, moderations as their values."""

    name: str
    starts: str
    ends: str
    venue: str
    tagline: str
    info: str
    moderation: str
    photo_moderation: str
    feedback_bonus: int
    feedback_cap: int
    branding: BrandingDraft


class CafeQuestionDraft(TypedDict):
    """:class:`CafeQuestion` as plain data."""

    code: str
    text: str


class CafeTableDraft(TypedDict):
    """:class:`CafeTable` as plain data."""

    code: str
    name: str
    host: str


class CafeRoundDraft(TypedDict):
    """:class:`CafeRound` as plain data: ``plan`` maps table codes to question codes."""

    minutes: int
    plan: dict[str, str] | None


class WorkSessionDraft(TypedDict):
    """:class:`WorkSession` as plain data."""

    code: str
    title: str
    dots: int
    dots_per_idea: int
    questions: list[CafeQuestionDraft]
    tables: list[CafeTableDraft]
    rounds: list[CafeRoundDraft]


class EventFileDraft(TypedDict):
    """:class:`EventFile` as plain data: what an editor changes and :func:`parse` checks."""

    event: EventDraft
    workshops: list[WorkshopDraft]
    agenda: list[SlotDraft]
    sessions: NotRequired[list[WorkSessionDraft]]


class EventFileError(ValueError):
    """An event file that cannot be used; ``problems`` lists each place and what is wrong."""

    def __init__(self, source: str, problems: list[str]) -> None:
        super().__init__(f"{source}: " + "; ".join(problems))
        self.source = source
        self.problems = problems


def _where(loc: tuple[int | str, ...]) -> str:
    parts: list[str] = []
    for item in loc:
        if isinstance(item, int):
            parts.append(f"[{item + 1}]")
        else:
            parts.append(("." if parts else "") + item)
    return "".join(parts) or "(file)"


def parse(data: Mapping[str, object], source: str = "event file") -> EventFile:
    """Validate a parsed TOML document, or an :class:`EventFileDraft`.

    Raises:
        EventFileError: with one line per problem, e.g.
            ``workshops[2].questions[1]: needs 2 to 6 options, has 7``.

    """
    try:
        return EventFile.model_validate(data)
    except ValidationError as error:
        problems = [
            f"{_where(tuple(e['loc']))}: {re.sub(r'^Value error, ', '', e['msg'])}"
            for e in error.errors()
        ]
        raise EventFileError(source, problems) from None


def load(path: Path) -> EventFile:
    """Read and validate an event file.

    Raises:
        EventFileError: the file is unreadable, not TOML, or not a valid event.

    """
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as error:
        raise EventFileError(str(path), [f"cannot read: {error}"]) from None
    except tomllib.TOMLDecodeError as error:
        raise EventFileError(str(path), [f"not valid TOML: {error}"]) from None
    return parse(data, str(path))


def dumps(event_file: EventFile) -> str:
    """Return the TOML text of an event file."""
    data = event_file.model_dump(mode="python", exclude_none=True)
    return tomli_w.dumps(data, multiline_strings=True)
