"""The event file: an event's content as plain TOML that organisers can edit.

``load`` reads and validates a file (errors name the place and the problem),
``dump`` writes one back; both go through the same pydantic models, so an
exported file always imports again.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Iterable, Mapping
from datetime import UTC, date, datetime, time
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any, NotRequired, Self, TypedDict
from zoneinfo import ZoneInfo

import tomli_w
from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    ValidationError,
    model_validator,
)

from shared.i18n import Lang, Text
from shared.protocol import BoardSurface
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

# Poll times in the file are the venue's clock; the store keeps them in UTC.
EVENT_ZONE = ZoneInfo("Europe/Amsterdam")
DEFAULT_MIN_ANSWERS = 5
MAX_POLL_OPTIONS = 8


class Moderation(StrEnum):
    """Whether items show before (post) or only after (pre) a moderator looks."""

    PRE = "pre"
    POST = "post"


class QuestionKind(StrEnum):
    """Multiple choice (2-6 options) or true/false."""

    CHOICE = "choice"
    TRUE_FALSE = "truefalse"


class PollKind(StrEnum):
    """What a question of the day asks (``shared.protocol.PollKind`` names the same).

    A rating is 1-5 stars (for a workshop, with an optional comment), a recommend
    question the standard 0-10 scale scored as NPS, a poll single or multiple choice,
    a naming vote proposals first and then one vote among the approved ones, an open
    question a word cloud.
    """

    RATING = "rating"
    RECOMMEND = "recommend"
    POLL = "poll"
    VOTE = "vote"
    OPEN = "open"


class ResultsShown(StrEnum):
    """Who sees a question's results (``shared.protocol.ResultsShown``)."""

    LIVE = "live"
    AFTER_CLOSE = "after_close"
    ORGANISER = "organiser"


def _poll_time_text(value: object) -> object:
    """TOML's own times and Excel's date-times as the file's text form."""
    if isinstance(value, datetime):
        return f"{value:%Y-%m-%d %H:%M}"
    if isinstance(value, time):
        return f"{value:%H:%M}"
    return value


_POLL_TIME = re.compile(r"(?:(\d{4})-(\d\d)-(\d\d)[ T])?(\d{1,2}):(\d\d)")


def _check_poll_time(value: str) -> str:
    """``HH:MM`` (on the event's first day) or ``YYYY-MM-DD HH:MM``, written the one way."""
    found = _POLL_TIME.fullmatch(value.strip())
    if found is None:
        raise ValueError(f"{value!r} is not a time: write HH:MM or YYYY-MM-DD HH:MM")
    year, month, day, hour, minute = found.groups()
    try:
        clock = time(int(hour), int(minute))
        when = date(int(year), int(month), int(day)) if year else None
    except ValueError as error:
        raise ValueError(f"{value!r} is not a time: {error}") from None
    if when is not None and not FIRST_DAY <= when <= LAST_DAY:
        raise ValueError(f"{value!r} is not a day an event can be on")
    return f"{clock:%H:%M}" if when is None else f"{when.isoformat()} {clock:%H:%M}"


PollTime = Annotated[str, BeforeValidator(_poll_time_text), AfterValidator(_check_poll_time)]
"""When a question opens or closes: ``"HH:MM"`` on the event's first day, or
``"YYYY-MM-DD HH:MM"``; the venue's clock (:data:`EVENT_ZONE`)."""


def poll_moment(text: str, first_day: date) -> datetime:
    """The moment (in UTC) a poll time of the file names; ``HH:MM`` is on ``first_day``."""
    day_text, _, clock = _check_poll_time(text).rpartition(" ")
    day = date.fromisoformat(day_text) if day_text else first_day
    local = datetime.combine(day, time.fromisoformat(clock), EVENT_ZONE)
    return local.astimezone(UTC)


def poll_time_text(moment: datetime, first_day: date) -> str:
    """A stored moment as the file writes it: ``HH:MM`` when on ``first_day``."""
    local = moment.astimezone(EVENT_ZONE)
    return f"{local:%H:%M}" if local.date() == first_day else f"{local:%Y-%m-%d %H:%M}"


RATING_WORDING = Text("Wat vond je van deze workshop?", "What did you think of this workshop?")
RECOMMEND_WORDING = Text(
    "Hoe waarschijnlijk is het dat je {subject} aanbeveelt aan een collega?",
    "How likely is it that you would recommend {subject} to a colleague?",
)
"""The standard recommend question: kept word for word, so results compare (NPS)."""


def asked_text(kind: str, text: str, subject: str, lang: Lang | str) -> str:
    """The words a question is asked in: its own ``text``, or the standard wording.

    A recommend question always takes the standard wording, naming ``subject``; a
    rating without a text asks about its workshop.
    """
    if kind == PollKind.RECOMMEND:
        return RECOMMEND_WORDING(lang, subject=subject)
    if kind == PollKind.RATING and not text:
        return RATING_WORDING(lang)
    return text


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True, frozen=True)


FONT_SUFFIXES = (".ttf", ".otf")


def is_font(data: bytes) -> bool:
    """Whether ``data`` starts like a TrueType or OpenType font file."""
    return data[:4] in (b"\x00\x01\x00\x00", b"OTTO", b"true")


class Branding(_Model):
    """Colours, images and font of the event; file paths are relative to the event file.

    ``font`` names a TrueType or OpenType font file the event ships with (every app
    then draws its text in it); its licence must travel with it, so ``font_licence``
    names the licence's text file beside it (e.g. ``fonts/OFL.txt``).

    ``board`` is the surface of the wall's board (``cork``, ``felt`` or ``plain``, in
    the background colour); ``board_image`` names an image of the event's own that
    the wall shows as its board instead.
    """

    primary: str = Field("#00689E", pattern=_COLOUR)
    secondary: str = Field("#F5A800", pattern=_COLOUR)
    background: str = Field("#F4F1EA", pattern=_COLOUR)
    logo: str | None = None
    map: str | None = None
    font: Annotated[str, Field(min_length=1, max_length=500)] | None = None
    font_licence: Annotated[str, Field(min_length=1, max_length=500)] | None = None
    board: BoardSurface = "cork"
    board_image: str | None = None

    @model_validator(mode="after")
    def _check_font(self) -> Self:
        if self.font is not None:
            if not self.font.lower().endswith(FONT_SUFFIXES):
                raise ValueError(f"font: not a .ttf or .otf font file name: {self.font!r}")
            if self.font_licence is None:
                raise ValueError(
                    "font_licence: a font travels with its licence: "
                    'name the licence file beside it (e.g. font_licence = "fonts/OFL.txt")'
                )
        elif self.font_licence is not None:
            raise ValueError("font_licence: names a licence, but there is no font")
        return self


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


class Poll(_Model):
    """A rating, recommend question, poll, naming vote or open question.

    ``workshop`` (a workshop code) asks it at that workshop only, of those scanned
    there; without, it is asked event-wide. ``text`` empty means the standard wording
    (a rating asks "Wat vond je van deze workshop?"); a recommend question always keeps
    the standard wording and names what is recommended in ``subject``. ``opens`` and
    ``closes`` are the venue's clock (the console can open or close by hand too);
    ``results`` says who sees the results, after close by default for a vote.
    """

    code: str = Field(pattern=_CODE)
    kind: PollKind
    workshop: str | None = Field(None, pattern=_CODE)
    text: Annotated[str, Field(max_length=500)] = ""
    subject: Annotated[str, Field(max_length=200)] = ""
    options: list[Annotated[str, Field(min_length=1, max_length=200)]] = []
    max_choices: int = Field(1, ge=1, le=MAX_POLL_OPTIONS)
    comment: bool = False
    opens: PollTime | None = None
    closes: PollTime | None = None
    results: ResultsShown = ResultsShown.LIVE

    @model_validator(mode="before")
    @classmethod
    def _default_results(cls, data: Any) -> Any:
        if isinstance(data, Mapping) and data.get("results") in (None, ""):
            shown = ResultsShown.AFTER_CLOSE if data.get("kind") == "vote" else ResultsShown.LIVE
            return {**data, "results": shown}
        return data

    @model_validator(mode="after")
    def _check_kind(self) -> Self:
        kind = self.kind
        if kind is not PollKind.POLL:
            if self.options:
                raise ValueError(f"{a_kind(kind.value)} question has no options (only a poll has)")
            if self.max_choices != 1:
                raise ValueError("only a poll takes more than one choice")
        if self.comment and kind is not PollKind.RATING:
            raise ValueError("only a rating takes a comment")
        if self.subject and kind is not PollKind.RECOMMEND:
            raise ValueError("only a recommend question has a subject")
        if kind is PollKind.RECOMMEND:
            if self.text:
                raise ValueError(
                    "a recommend question keeps the standard wording (so results compare): "
                    "leave text empty and name what is recommended in subject"
                )
            if not self.subject:
                raise ValueError("a recommend question needs a subject, e.g. 'deze kennisdag'")
        elif kind is PollKind.RATING:
            if not self.text and self.workshop is None:
                raise ValueError(
                    "an event-wide rating needs a text (the standard one asks about a workshop)"
                )
        elif not self.text:
            raise ValueError(f"{a_kind(kind.value)} question needs a text")
        if kind is PollKind.POLL:
            count = len(self.options)
            if not 2 <= count <= MAX_POLL_OPTIONS:
                raise ValueError(f"a poll needs 2 to {MAX_POLL_OPTIONS} options, has {count}")
            if len({o.casefold() for o in self.options}) != count:
                raise ValueError("options must differ")
            if self.max_choices > count:
                raise ValueError(
                    f"max_choices is {self.max_choices}, but there are only {count} options"
                )
        return self


def a_kind(kind: str) -> str:
    """A kind of question with its article, for messages: "a poll", "an open"."""
    return ("an " if kind[:1] in ("a", "e", "i", "o", "u") else "a ") + kind


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
    # results of fewer answers than this are not shown, so no one's answer can be read off
    min_answers: int = Field(DEFAULT_MIN_ANSWERS, ge=1, le=1000)
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
    polls: list[Poll] = []
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
        problems = list(_poll_problems(self.polls, codes, self.event))
        if problems:
            raise ValueError("\n".join(problems))  # one line each, see parse
        return self


def _poll_problems(polls: list[Poll], workshops: list[str], event: Event) -> Iterable[str]:
    """What is wrong between the polls and the rest of the event, one text per problem."""
    codes = [p.code.upper() for p in polls]
    duplicates = sorted({c for c in codes if codes.count(c) > 1})
    if duplicates:
        yield f"poll codes used twice: {', '.join(duplicates)}"
    rated: dict[str, str] = {}
    for number, poll in enumerate(polls, start=1):
        where = f"polls[{number}]"
        if poll.workshop is not None:
            if poll.workshop.upper() not in workshops:
                yield f"{where}: unknown workshop {poll.workshop!r}"
            elif poll.kind is PollKind.RATING:
                earlier = rated.setdefault(poll.workshop.upper(), poll.code)
                if earlier != poll.code:
                    yield f"{where}: workshop {poll.workshop!r} is rated already by {earlier!r}"
        moments: dict[str, datetime] = {}
        for name, text in (("opens", poll.opens), ("closes", poll.closes)):
            if text is None:
                continue
            moment = poll_moment(text, event.starts)
            local = moment.astimezone(EVENT_ZONE)
            if f"{local:%H:%M}" != text[-5:]:  # a local time the clocks skip
                yield f"{where}.{name}: {text} does not exist on that day (the clocks change)"
            elif not event.starts <= local.date() <= event.ends:
                yield f"{where}.{name}: {text} is not on a day of the event"
            moments[name] = moment
        if "opens" in moments and "closes" in moments and moments["closes"] <= moments["opens"]:
            yield f"{where}: closes ({poll.closes}) before it opens ({poll.opens})"


# -- the same content as plain data, before it is checked ----------


class BrandingDraft(TypedDict):
    """:class:`Branding` as plain data (``model_dump(mode="json")``)."""

    primary: str
    secondary: str
    background: str
    logo: str | None
    map: str | None
    font: NotRequired[str | None]
    font_licence: NotRequired[str | None]
    board: NotRequired[BoardSurface]
    board_image: NotRequired[str | None]


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


class PollDraft(TypedDict):
    """:class:`Poll` as plain data; ``kind`` and ``results`` as their values."""

    code: str
    kind: str
    workshop: str | None
    text: str
    subject: str
    options: list[str]
    max_choices: int
    comment: bool
    opens: str | None
    closes: str | None
    results: str


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
    min_answers: int
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
    polls: list[PollDraft]
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
    return "".join(parts)


def parse(data: Mapping[str, object], source: str = "event file") -> EventFile:
    """Validate a parsed TOML document, or an :class:`EventFileDraft`.

    Raises:
        EventFileError: with one line per problem, e.g.
            ``workshops[2].questions[1]: needs 2 to 6 options, has 7``.

    """
    try:
        return EventFile.model_validate(data)
    except ValidationError as error:
        problems = []
        for e in error.errors():
            where = _where(tuple(e["loc"]))
            for line in re.sub(r"^Value error, ", "", e["msg"]).split("\n"):
                # a problem between parts of the file names its own places
                problems.append(f"{where}: {line}" if e["loc"] else line)
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


# -- editing helpers on plain data ----------


def free_code(base: str, taken: Iterable[str]) -> str:
    """A poll code from ``base`` (cut to fit) that none of ``taken`` is (case-insensitive)."""
    used = {t.upper() for t in taken}
    stem = re.sub(r"[^A-Za-z0-9_-]", "", base)[:16] or "P"
    if not stem[0].isalnum():
        stem = ("P" + stem)[:16]
    candidate, number = stem, 1
    while candidate.upper() in used:
        number += 1
        suffix = f"-{number}"
        candidate = stem[: 16 - len(suffix)] + suffix
    return candidate


def new_poll(kind: PollKind, code: str, workshop: str | None = None) -> PollDraft:
    """A question of ``kind`` that validates as it is, ready to be edited."""
    draft: PollDraft = {
        "code": code,
        "kind": kind.value,
        "workshop": workshop,
        "text": "",
        "subject": "",
        "options": [],
        "max_choices": 1,
        "comment": False,
        "opens": None,
        "closes": None,
        "results": (ResultsShown.AFTER_CLOSE if kind is PollKind.VOTE else ResultsShown.LIVE).value,
    }
    if kind is PollKind.RATING:
        draft["comment"] = True
        if workshop is None:
            draft["text"] = "Wat vond je van deze dag?"
    elif kind is PollKind.RECOMMEND:
        draft["subject"] = "deze dag"
    elif kind is PollKind.POLL:
        draft["text"] = "Nieuwe vraag?"
        draft["options"] = ["Ja", "Nee"]
    elif kind is PollKind.VOTE:
        draft["text"] = "Hoe noemen we het?"
    else:
        draft["text"] = "Wat neem je mee van vandaag?"
    return draft


def add_ratings(content: EventFileDraft) -> list[str]:
    """Give every workshop without a rating one (1-5 stars with a comment), at the end.

    Returns:
        The codes of the ratings added.
    """
    rated = {
        str(p["workshop"]).upper()
        for p in content["polls"]
        if p["kind"] == PollKind.RATING.value and p["workshop"]
    }
    added: list[str] = []
    for workshop in content["workshops"]:
        if workshop["code"].upper() in rated:
            continue
        code = free_code(f"{workshop['code']}-R", [p["code"] for p in content["polls"]])
        content["polls"].append(new_poll(PollKind.RATING, code, workshop["code"]))
        added.append(code)
    return added
