"""Every type that crosses the wire between hub and devices, defined once.

The hub validates requests with these models and the kiosk, wall and desk
clients build requests and read replies with the same ones, so there is no
hand-written JSON anywhere.

Unlike the rest of the code, this module's annotations are not postponed (no
``from __future__ import annotations``): every app imports the whole wire at start,
and pydantic takes the annotations Python has made faster than it evaluates their
text again, field by field (about a tenth of the time this module takes to import).
"""

from dataclasses import dataclass
from datetime import UTC, date, datetime
from enum import StrEnum
from typing import Annotated, Any, Literal
from uuid import UUID

from annotated_types import Ge, Le
from pydantic import AfterValidator, BaseModel, ConfigDict, Field, TypeAdapter, ValidationError
from typing_extensions import TypedDict

from shared import plaintext
from shared.scoring import Display

API = "/api"
MAX_NOTE_CHARS = 500
MAX_CAPTION_CHARS = 140
MAX_BATCH = 500
MAX_JSON_BYTES = 2 * 1024 * 1024
MAX_PHOTO_BYTES = 12 * 1024 * 1024


# SQLite keeps integers in 64 signed bits: a larger one sent on to it is an OverflowError.
SQLITE_INT_MAX = 2**63 - 1

Id = Annotated[int, Ge(1), Le(SQLITE_INT_MAX)]
"""A row id or ticket serial as a device may send it: anything else can name no row."""
Count = Annotated[int, Ge(0), Le(SQLITE_INT_MAX)]
"""A number of things, as SQLite can store it."""


def _utc(value: datetime) -> datetime:
    """A moment without a time zone is read as UTC, so it can be compared with the hub's."""
    return value if value.tzinfo is not None else value.replace(tzinfo=UTC)


Moment = Annotated[datetime, AfterValidator(_utc)]
"""A moment a device reports; any year may come in (a pillar's clock can be far off)."""


class Wire(BaseModel):
    """Base of every wire type: unknown fields are an error, never silently dropped."""

    model_config = ConfigDict(extra="forbid", frozen=True)


# -- errors ----------


class ErrorDetail(Wire):
    """One problem of a rejected request: where in the body, and what is wrong there."""

    where: str
    problem: str


class ErrorInfo(Wire):
    """What went wrong, for a program (``code``) and for a person (``message``)."""

    code: str
    message: str
    details: list[ErrorDetail] = []


class ErrorBody(Wire):
    """The one error shape of every endpoint."""

    error: ErrorInfo


# -- devices ----------


class Role(StrEnum):
    """What a paired device may do."""

    KIOSK = "kiosk"
    WALL = "wall"
    DESK = "desk"
    ORGANISER = "organiser"


class PairRequest(Wire):
    """A device trades a one-time pairing code for its token."""

    code: Annotated[str, Field(min_length=4, max_length=40)]
    # a device's name is shown on the dashboard: no NUL or escape in it
    name: Annotated[str, AfterValidator(plaintext.without_controls), Field(max_length=100)] = ""


class PairResponse(Wire):
    """The device's bearer token (shown once) and what it was paired as."""

    token: str
    device_id: int
    role: Role
    workshop: str | None
    event_id: int
    # every address of the event's hubs (the primary and its standby), to switch to the
    # one that answers; empty from a hub that knows only the address it was reached at
    hubs: list[Annotated[str, Field(max_length=200)]] = []


HUB_HEADER = "X-Zuil-Hub"  # every answer of a hub names the hub that gave it


class Health(Wire):
    """The hub is up, and which event it serves (``hub_id``: which hub answers)."""

    status: Literal["ok"] = "ok"
    version: str
    event: str | None
    time: datetime
    hub_id: str | None = None
    role: Literal["primary", "promoted"] = "primary"
    hubs: list[str] = []


# -- content ----------


# the wall's board: cork with its specks, felt with its fibres, or plain colour
BoardSurface = Literal["cork", "felt", "plain"]


class EventInfo(Wire):
    """The event and its branding; ``font`` is the stored name of the event's own font.

    Devices fetch ``logo``, ``map``, ``font`` and ``board_image`` from
    ``/api/media/{name}``; without a font every app draws in its house font. A wall
    draws its board as ``board`` says (cork, felt or plain) unless the event has an
    image of its own for it (``board_image``).
    """

    uid: int
    name: str
    tagline: str
    info: str
    venue: str
    starts: date
    ends: date
    moderation: str
    photo_moderation: str
    feedback_bonus: int
    feedback_cap: int
    min_answers: int = 5  # fewer answers than this: a distribution is not shown
    primary_colour: str
    secondary_colour: str
    background_colour: str
    logo: str | None
    map: str | None
    font: str | None = None
    board: BoardSurface = "cork"
    board_image: str | None = None


class WorkshopInfo(Wire):
    """A workshop; ``info`` is the gated text shown only after a valid scan."""

    id: int
    code: str
    position: int
    title: str
    room: str
    starts: str | None
    ends: str | None
    teaser: str
    info: str
    map_x: float | None
    map_y: float | None


class QuestionInfo(Wire):
    """A quiz question (kiosks and organisers only)."""

    id: int
    workshop_id: int
    position: int
    text: str
    kind: str
    options: list[str]
    correct: int
    explanation: str
    points: int


class AgendaInfo(Wire):
    """A line of the programme."""

    id: int
    position: int
    starts: str
    ends: str | None
    title: str
    room: str
    workshop_id: int | None


class AttendeeInfo(Wire):
    """What a pillar knows of an attendee: enough to greet and show their agenda."""

    id: int
    first_name: str
    display: Display
    screen_name: str | None
    workshops: list[str]


class PublicKey(Wire):
    """One public ticket key (hex of the raw 32 bytes)."""

    key_id: int
    public_key: str


class Deleted(Wire):
    """A row that was removed since the cursor."""

    kind: str
    key: int


# -- ratings, polls and votes ----------

PollKind = Literal["rating", "recommend", "poll", "vote", "open"]
"""A rating is 1-5 stars for a workshop (with an optional comment), a recommend question
the standard 0-10 scale scored as NPS, a poll single or multiple choice, a naming vote
first proposals (moderated) then one vote among the approved ones, an open question a
word cloud."""
ResultsShown = Literal["live", "after_close", "organiser"]
"""Who sees a question's results: everyone as they come in, everyone once it closed,
or the organiser only."""
PollState = Literal["scheduled", "open", "closed"]
VotePhase = Literal["propose", "vote"]
MAX_POLL_TEXT = 280
RATING_VALUES = range(1, 6)
RECOMMEND_VALUES = range(0, 11)


class ProposalInfo(Wire):
    """An approved proposal of a naming vote; its ``id`` is what a vote names."""

    id: Id
    text: str


class PollInfo(Wire):
    """A rating, recommend question, poll, naming vote or open question, as pillars get it.

    ``text`` empty means the standard wording in the screen's language (for ``rating``
    and ``recommend``; ``subject`` is what the recommend question names). ``opens`` and
    ``closes`` bound it in time; ``manual`` is the console's hand, which wins over the
    times. A vote's ``phase`` says whether it takes proposals or votes.
    """

    id: Id
    code: str
    position: int
    kind: PollKind
    workshop: str | None = None
    text: str = ""
    subject: str = ""
    options: list[str] = []
    max_choices: int = 1
    comment: bool = False
    opens: Moment | None = None
    closes: Moment | None = None
    manual: Literal["open", "closed"] | None = None
    phase: VotePhase | None = None
    results: ResultsShown = "live"
    proposals: list[ProposalInfo] = []


# -- work sessions (world café, brainstorm) ----------

SessionPhase = Literal["ready", "gather", "sort", "vote", "harvest"]
"""A work session moves from *gather* (ideas come in, each table sees its own), to *sort*
(the facilitator clusters, merges, edits, hides), *vote* (dot voting) and *harvest*."""
RoundState = Literal["waiting", "running", "paused", "done"]


class CafeQuestionInfo(Wire):
    """A work-session question; ``revealed``: walls and every table may see its ideas."""

    id: Id
    position: int
    code: str
    text: str
    revealed: bool = False


class CafeTableInfo(Wire):
    """A table of a work session, with its host if it has one."""

    id: Id
    position: int
    code: str
    name: str
    host: str = ""


class CafeRoundInfo(Wire):
    """A round: its length, which question each table works on, and its clock.

    ``plan`` maps table ids to question ids; None means every question at every table.
    While running, ``ends_at`` is when time is up; while paused, ``left_s`` what is left.
    """

    id: Id
    position: int
    minutes: Annotated[int, Field(ge=1, le=240)]
    plan: dict[int, int] | None = None
    state: RoundState = "waiting"
    ends_at: Moment | None = None
    left_s: int | None = None


class WorkSessionInfo(Wire):
    """A work session as table pillars, walls and the facilitator get it."""

    id: Id
    code: str
    title: str
    dots: Annotated[int, Field(ge=1, le=20)] = 3
    dots_per_idea: Annotated[int, Field(ge=1, le=20)] = 1
    phase: SessionPhase = "ready"
    questions: list[CafeQuestionInfo] = []
    tables: list[CafeTableInfo] = []
    rounds: list[CafeRoundInfo] = []


class ContentResponse(Wire):
    """What changed since the device's cursor; ``cursor`` is the one to send next time."""

    cursor: int
    event: EventInfo | None = None
    workshops: list[WorkshopInfo] = []
    questions: list[QuestionInfo] = []
    agenda: list[AgendaInfo] = []
    keys: list[PublicKey] = []
    revoked: list[int] = []
    attendees: list[AttendeeInfo] = []
    polls: list[PollInfo] = []
    sessions: list[WorkSessionInfo] = []
    deleted: list[Deleted] = []


# -- sync ----------

# Text a person typed: control characters (NUL among them) are dropped on arrival, as
# SQLite and Python would not even agree on its length; the lengths are checked after.
_PLAIN = AfterValidator(plaintext.without_controls)
Uuid4 = Annotated[UUID, Field(description="client-made, random (version 4)")]
Ticket = Annotated[str, Field(min_length=1, max_length=400)]


class _Action(Wire):
    id: Uuid4
    at: Moment
    workshop: Annotated[str, Field(max_length=16)] | None = None


class ScanAction(_Action):
    """A ticket was scanned at the pillar."""

    kind: Literal["scan"] = "scan"
    ticket: Ticket


class AnswerAction(_Action):
    """A quiz question was answered."""

    kind: Literal["answer"] = "answer"
    ticket: Ticket
    question_id: Id
    choice: Annotated[int, Field(ge=0, le=5)]


class NoteAction(_Action):
    """An anonymous post-it: no ticket, on purpose."""

    kind: Literal["note"] = "note"
    wall: Literal["top", "tip"]
    text: Annotated[str, _PLAIN, Field(min_length=1, max_length=MAX_NOTE_CHARS)]


class PhotoAction(_Action):
    """An anonymous polaroid, uploaded first; ``photo`` names the stored file."""

    kind: Literal["photo"] = "photo"
    wall: Literal["top", "tip"]
    photo: Annotated[str, Field(pattern=r"^[0-9a-f]{64}$")]
    caption: Annotated[str, _PLAIN, Field(max_length=MAX_CAPTION_CHARS)] = ""
    consent: bool


class CreditAction(_Action):
    """The feedback bonus for an attendee, sent apart from the note or photo it was for."""

    kind: Literal["credit"] = "credit"
    ticket: Ticket


class ResponseAction(_Action):
    """An answer to a rating, recommend question, poll, naming vote or open question.

    ``choices`` holds the stars (1-5), the recommend score (0-10), the chosen option
    indexes of a poll, or the one proposal id voted for; ``text`` a rating's comment,
    an open answer or a naming proposal. The hub stores who answered apart from what
    was answered (see ``shared.migrations.m007_polls``).
    """

    kind: Literal["response"] = "response"
    ticket: Ticket
    poll_id: Id
    choices: Annotated[list[Count], Field(max_length=20)] = []
    text: Annotated[str, _PLAIN, Field(max_length=MAX_POLL_TEXT)] = ""


MAX_IDEA_CHARS = 280


class IdeaAction(_Action):
    """An idea posted at a work session's table: no ticket, on purpose (a table is a group)."""

    kind: Literal["idea"] = "idea"
    question_id: Id
    table_id: Id
    text: Annotated[str, _PLAIN, Field(min_length=1, max_length=MAX_IDEA_CHARS)]


class JoinAction(_Action):
    """An attendee scanned to join a table, so the report can count participants."""

    kind: Literal["join"] = "join"
    ticket: Ticket
    table_id: Id


class DotsAction(_Action):
    """A ticket's dots on one work-session question's ideas, spent all at once.

    One ballot per ticket per question: the hub keeps that the ticket voted apart from
    which ideas got the dots, so each idea id may appear as often as the session allows
    on one idea, and no more ids than the session's dots.
    """

    kind: Literal["dots"] = "dots"
    ticket: Ticket
    question_id: Id
    ideas: Annotated[list[Id], Field(min_length=1, max_length=20)]


AnyAction = (
    ScanAction
    | AnswerAction
    | NoteAction
    | PhotoAction
    | CreditAction
    | ResponseAction
    | IdeaAction
    | JoinAction
    | DotsAction
)
# the actions that name a ticket, and are applied only when it verifies
TICKETED = (ScanAction, AnswerAction, CreditAction, ResponseAction, JoinAction, DotsAction)
Action = Annotated[AnyAction, Field(discriminator="kind")]


ACTION: TypeAdapter[AnyAction] = TypeAdapter(Action)


class SyncRequest(Wire):
    """A batch of actions from a pillar's outbox, with the pillar's clock at sending.

    Actions are checked one by one (see :data:`ACTION`), so one malformed action
    is rejected on its own and never blocks the rest of a pillar's outbox.
    """

    device_clock: Moment
    outbox: Count = 0
    actions: Annotated[list[Any], Field(max_length=MAX_BATCH)]


class _StrictBatch(Wire):
    device_clock: Moment
    outbox: Count = 0
    actions: Annotated[list[Action], Field(max_length=MAX_BATCH)]


@dataclass(frozen=True)
class SyncBatch:
    """A sync request after parsing: the valid actions by position, and the rejects.

    Made of values pydantic has checked already, so not a model: building one
    checked every action again (9 of the 16 us a one-action request took to parse).

    Attributes:
        device_clock: the pillar's clock when it sent the batch.
        outbox: how many actions the pillar still holds.
        actions: each valid action with its position in the batch.
        invalid: position, id (if readable) and reason of each malformed action.
    """

    device_clock: datetime
    outbox: int
    actions: list[tuple[int, AnyAction]]
    invalid: list[tuple[int, UUID | None, str]]


def parse_sync(body: bytes) -> SyncBatch:
    """Parse a sync request body: one fast pass when all is well, action by action if not.

    Raises:
        pydantic.ValidationError: the request itself (not one action) is malformed.
    """
    try:
        strict = _StrictBatch.model_validate_json(body)
    except ValidationError:
        pass
    else:
        return SyncBatch(strict.device_clock, strict.outbox, list(enumerate(strict.actions)), [])
    request = SyncRequest.model_validate_json(body)
    actions: list[tuple[int, AnyAction]] = []
    invalid: list[tuple[int, UUID | None, str]] = []
    for index, item in enumerate(request.actions):
        try:
            actions.append((index, ACTION.validate_python(item)))
        except ValidationError as error:
            problem = error.errors()[0]
            where = ".".join(str(p) for p in problem["loc"])
            try:
                action_id = UUID(str(item.get("id"))) if isinstance(item, dict) else None
            except ValueError:
                action_id = None
            invalid.append((index, action_id, f"invalid {where}: {problem['msg']}"[:300]))
    return SyncBatch(request.device_clock, request.outbox, actions, invalid)


class Fate(StrEnum):
    """What became of one action."""

    APPLIED = "applied"
    DUPLICATE = "duplicate"
    REJECTED = "rejected"


class ActionResult(Wire):
    """One action's fate (by position in the batch); ``reason`` says why it was rejected."""

    index: int
    id: UUID | None
    fate: Fate
    reason: str | None = None


class SyncResponse(Wire):
    """Each action's fate, and the hub's clock when it received the batch."""

    received_at: datetime
    results: list[ActionResult]


class ResultRow(TypedDict):
    """An :class:`ActionResult` as the hub writes it: a plain dict, not a model."""

    index: int
    id: UUID | None
    fate: Fate
    reason: str | None


class _SyncReply(TypedDict):
    received_at: datetime
    results: list[ResultRow]


_SYNC_REPLY: TypeAdapter[_SyncReply] = TypeAdapter(_SyncReply)


def sync_reply(received_at: datetime, results: list[ResultRow]) -> bytes:
    """A :class:`SyncResponse` as JSON, written from plain rows.

    The same bytes as the model's ``model_dump_json`` (tested), without a model
    per action: a 500-action reply took 2.6 ms built from models, 0.9 ms from rows.
    """
    return _SYNC_REPLY.serializer.to_json({"received_at": received_at, "results": results})


class PhotoStored(Wire):
    """An uploaded photo after re-encoding."""

    photo: str
    width: int
    height: int
    bytes: int


# -- live stream and walls ----------


class WallItem(Wire):
    """A note or photo as walls show it."""

    id: str
    type: Literal["note", "photo"]
    wall: Literal["top", "tip"]
    text: str
    workshop: str | None = None
    workshop_title: str | None = None
    photo: str | None = None
    width: int | None = None
    height: int | None = None
    minute: str


class Standing(Wire):
    """A line of the leaderboard, with the name only as the attendee allows."""

    rank: int
    name: str | None = None
    points: int


class QuestionStat(Wire):
    """How one question was answered (first answers only), as walls may see it.

    ``right`` and ``share_right`` are None while fewer than the event's
    ``min_answers`` answered (see :class:`Stats`): a share of one or two answers
    would tell the room what those few people answered.
    """

    question_id: int
    workshop: str
    text: str
    right_answer: str
    answered: int
    right: int | None
    share_right: float | None


class WallCount(Wire):
    """Feedback counts of one workshop."""

    workshop: str
    tops: int
    tips: int


class Counters(Wire):
    """Live counters for the wall's scene and the dashboard."""

    scans: int
    answers: int
    tops: int
    tips: int
    photos: int


class Stats(Wire):
    """Quiz and feedback figures; ``min_answers`` is the event's *k* their shares wait for."""

    counters: Counters
    questions: list[QuestionStat]
    feedback: list[WallCount]
    min_answers: int = 5


class WordCount(Wire):
    """A word of an open question's cloud and how many answers used it."""

    word: str
    count: int


class PollResult(Wire):
    """A question's results as the console, wall and report show them.

    ``distribution`` counts per value (rating: 1-5 stars; recommend: 0-10; poll: per
    option; vote: per approved proposal, named in ``labels``), paper tallies included;
    it is None while fewer than ``min_answers`` answered, so no one's answer can be
    read off. ``paper`` holds the tallies the desk typed in (None when none were).
    """

    id: int
    code: str
    kind: PollKind
    workshop: str | None = None
    text: str = ""
    state: PollState
    phase: VotePhase | None = None
    shown: ResultsShown = "live"
    n: int
    min_answers: int = 5
    labels: list[str] = []
    distribution: list[int] | None = None
    paper: list[int] | None = None
    paper_n: int = 0
    mean: float | None = None
    nps: int | None = None
    words: list[WordCount] | None = None
    comments: list[str] = []  # visible comments or open answers: organiser views only


class PollText(Wire):
    """A rating's comment, an open answer or a naming proposal, moderated like a note."""

    id: Id
    poll_id: Id
    part: Literal["comment", "open", "proposal"]
    text: str
    minute: str
    state: Literal["pending", "visible", "hidden"]


class PollTextEdit(Wire):
    """A moderator's decision on a text; ``text`` set: the corrected wording."""

    state: Literal["visible", "hidden"]
    text: Annotated[str, _PLAIN, Field(min_length=1, max_length=MAX_POLL_TEXT)] | None = None


class PollControl(Wire):
    """The console's hand on a question: open or close it now, and a vote's phase.

    ``manual`` None leaves the question to its times.
    """

    manual: Literal["open", "closed"] | None = None
    phase: VotePhase | None = None


class PaperTally(Wire):
    """Tallies of a paper vote or a show of hands, per value as in ``PollResult.labels``.

    ``respondents`` is how many people took part (for a multiple-choice poll; else the
    sum of the counts).
    """

    counts: Annotated[list[Count], Field(max_length=200)]
    respondents: Count | None = None


class ClusterInfo(Wire):
    """A cluster the facilitator made of one question's ideas."""

    id: Id
    question_id: Id
    label: str
    position: int


class IdeaInfo(Wire):
    """An idea as the facilitator, a revealed wall and the report see it.

    ``dots`` is None until the vote closed; a merged idea names the idea it went into.
    """

    id: Id
    question_id: Id
    table_id: Id
    round: int | None = None
    text: str
    cluster_id: int | None = None
    tags: list[str] = []
    state: Literal["visible", "hidden"] = "visible"
    merged_into: int | None = None
    minute: str
    dots: int | None = None


class IdeaEdit(Wire):
    """The facilitator's change to an idea: each field set is changed, the rest kept.

    ``cluster_id`` 0 takes the idea out of its cluster.
    """

    text: Annotated[str, _PLAIN, Field(min_length=1, max_length=MAX_IDEA_CHARS)] | None = None
    cluster_id: Count | None = None
    tags: (
        Annotated[list[Annotated[str, Field(min_length=1, max_length=40)]], Field(max_length=10)]
        | None
    ) = None
    state: Literal["visible", "hidden"] | None = None
    merged_into: Id | None = None


class CafeCount(Wire):
    """How many ideas one table posted on one question (what walls see while private)."""

    question_id: Id
    table_id: Id
    ideas: int


class CafeStatus(Wire):
    """A work session now: its phase and rounds, and the idea counts per table.

    ``clusters``: the clusters of revealed questions (a label can tell what the ideas
    say), so walls follow the facilitator's sorting from the live stream alone.
    """

    session: WorkSessionInfo
    counts: list[CafeCount]
    participants: dict[int, int] = {}  # round id -> attendees who scanned to join
    clusters: list[ClusterInfo] = []


class ClusterEdit(Wire):
    """A cluster made or renamed by the facilitator; ``position`` None keeps its place."""

    label: Annotated[str, _PLAIN, Field(min_length=1, max_length=80)]
    position: Count | None = None


class TableBinding(Wire):
    """Bind the asking pillar to a work session's table (None: to no table)."""

    table_id: Id | None = None


class CafeView(Wire):
    """Everything a wall (revealed ideas only) or the facilitator (all) shows of a session."""

    status: CafeStatus
    clusters: list[ClusterInfo]
    ideas: list[IdeaInfo]
    hidden: int = 0


class LiveEventKind(StrEnum):
    """What a live event says; walls react to each."""

    ITEM_VISIBLE = "item.visible"
    ITEM_HIDDEN = "item.hidden"
    ITEM_PENDING = "item.pending"  # held for a moderator: id only, walls ignore it
    LEADERBOARD = "leaderboard"
    STATS = "stats"
    RESULTS = "results"  # a question's published results (see PollResult)
    CAFE = "cafe"  # a work session's phase, round, timer or counts changed (CafeStatus)
    IDEA = "idea"  # a revealed idea appeared, was edited, clustered, merged or hidden


class LiveEvent(Wire):
    """One event of the live stream (the SSE ``id`` is ``seq``)."""

    seq: int
    kind: LiveEventKind
    at: datetime  # an item's event says the minute only: a finer time points at a scan
    item: WallItem | None = None
    item_id: str | None = None
    leaderboard: list[Standing] | None = None
    stats: Counters | None = None
    results: PollResult | None = None
    cafe: CafeStatus | None = None
    idea: IdeaInfo | None = None


class WallSnapshot(Wire):
    """Everything a wall shows now, and the live event id to resume from."""

    last_event: int
    items: list[WallItem]
    leaderboard: list[Standing]
    stats: Stats
    results: list[PollResult] = []  # each question's results as last published to walls


class PointsRequest(Wire):
    """An attendee's ticket, to look up their points (in the body: never in a URL)."""

    ticket: Ticket


class NowResponse(Wire):
    """What is happening now, for a pillar's attract screen: the top and the latest notes.

    The notes are those most lately on the walls (the latest minute first), as walls
    show them: anonymous, and only once moderation let them through.
    """

    top: list[Standing]
    notes: list[WallItem]


class PointsResponse(Wire):
    """An attendee's points and rank, the top of the leaderboard, and questions answered.

    ``responded`` names the ratings, polls and votes this ticket answered (anywhere),
    ``proposed`` the naming votes it made a proposal for: never what it answered.
    """

    points: int
    rank: int | None
    top: list[Standing]
    answered: list[int]
    responded: list[int] = []
    proposed: list[int] = []


# -- moderation ----------


class ModerationItem(Wire):
    """A note or photo with its moderation state."""

    item: WallItem
    state: Literal["pending", "visible", "hidden"]
    flagged: list[str] = []


class ModerationSettings(Wire):
    """The event's moderation modes."""

    moderation: Literal["pre", "post"]
    photo_moderation: Literal["pre", "post"]


class WordList(Wire):
    """Words that hold a note for review, one per entry (``*`` at the end: prefix)."""

    words: Annotated[list[Annotated[str, Field(max_length=60)]], Field(max_length=5000)]


# -- desk: attendees and tickets ----------


class AttendeeKind(StrEnum):
    """Registered before the day, or a walk-in ("oploper") at the desk."""

    REGISTERED = "registered"
    WALK_IN = "walkin"


class AttendeeSummary(Wire):
    """An attendee as the desk sees them, with their ticket status."""

    id: int
    first_name: str
    last_name: str
    organisation: str
    email: str | None
    phone: str | None
    display: Display
    kind: AttendeeKind
    workshops: list[str]
    serial: int | None
    issued_at: str | None
    printed_at: str | None
    last_scan_at: str | None
    last_scan_workshop: str | None


class WalkIn(Wire):
    """A walk-in registered at the desk."""

    first_name: str
    last_name: str
    organisation: str = ""
    email: str | None = None
    phone: str | None = None
    display: Display = Display.INITIAL
    workshops: list[str] = []
    client_id: Uuid4 | None = None  # the desk's own id for it: sent twice, registered once


class KeptWalkIn(Wire):
    """A walk-in as the desk keeps it after the hub acknowledged it, to send a new hub.

    A standby that took over may miss the last seconds of the primary; the walk-in's
    printed ticket names ``attendee_id`` and ``serial``, so the new hub registers them
    under those when they are free.
    """

    walk_in: WalkIn
    attendee_id: Id
    serial: Id
    key_id: Annotated[int, Ge(0), Le(255)]
    valid_from: date
    valid_until: date


class TicketRequest(Wire):
    """Issue a ticket; ``reissue`` revokes the current one first (a lost ticket)."""

    reissue: bool = False


class IssuedTicket(Wire):
    """A ticket as issued: the token is what goes in the QR code."""

    attendee: AttendeeSummary
    serial: int
    token: str
    link: str
    valid_from: date
    valid_until: date
    agenda: list[str] = []


class ReplayedWalkIn(Wire):
    """What a new hub made of a kept walk-in; ``ticket`` set: print this one instead."""

    client_id: UUID
    fate: Fate
    reason: str | None = None
    ticket: IssuedTicket | None = None


class TicketLookup(Wire):
    """A ticket scanned at the desk: the verdict and, when it names one, the attendee."""

    ticket: Annotated[str, Field(max_length=400)]


class LookupResult(Wire):
    """What the desk learns from a scanned ticket."""

    verdict: str
    attendee: AttendeeSummary | None = None


class BulkTickets(Wire):
    """Tickets for many attendees at once (issued where missing); all when ``ids`` is None."""

    ids: Annotated[list[Id], Field(max_length=100_000)] | None = None


# -- desk: the registration list ----------

MAX_ROSTER_ROWS = 20_000
RosterField = Literal[
    "first_name", "last_name", "organisation", "email", "phone", "display", "workshops"
]


class RosterRows(Wire):
    """A registration list read at the desk, already mapped to attendee fields.

    ``commit`` False only checks (the preview); True imports the accepted rows, all
    in one transaction.
    """

    rows: Annotated[
        list[dict[RosterField, Annotated[str, Field(max_length=2000)]]],
        Field(max_length=MAX_ROSTER_ROWS),
    ]
    first_line: Annotated[int, Field(ge=1)] = 2
    commit: bool = False


class RejectedRowInfo(Wire):
    """A row that will not be (or was not) imported, and why."""

    line: int
    reason: str
    values: dict[str, str]


class RosterOutcome(Wire):
    """The preview or the result of an import."""

    accepted: int
    rejected: list[RejectedRowInfo]
    imported: int = 0


# -- desk: personal links by e-mail and SMS ----------

Channel = Literal["email", "sms"]


class SendLinks(Wire):
    """Queue personal links; all attendees with an address when ``ids`` is None.

    ``resend`` also queues those already sent.
    """

    channel: Channel
    ids: Annotated[list[Id], Field(max_length=100_000)] | None = None
    resend: bool = False


class Delivery(Wire):
    """Where one attendee's personal link stands on one channel."""

    attendee_id: int
    name: str
    channel: Channel
    address: str | None
    status: Literal["queued", "sending", "sent", "failed"]
    reason: str = ""
    attempts: int = 0
    updated_at: str


class MessagingInfo(Wire):
    """Which channels the hub can send on (configured in ``DATA/messaging.toml``)."""

    email: bool
    sms: bool
    sender: str = ""
    problem: str = ""


# -- the report and the organiser's dashboard ----------


class QuestionResult(Wire):
    """One quiz question: how many answered it (first answers only) and how many right."""

    workshop: str
    text: str
    right_answer: str
    answered: int
    right: int

    @property
    def share_right(self) -> float:
        """Right answers as a share of answers (0 when nobody answered)."""
        return self.right / self.answered if self.answered else 0.0


class ReportNote(Wire):
    """A top or tip as posted (verbatim), with the minute it was posted."""

    wall: str
    text: str
    minute: str
    workshop: str | None = None


class ReportPhoto(Wire):
    """An approved polaroid: its file (by hash) and caption."""

    sha256: str
    caption: str
    wall: str


class WorkshopResult(Wire):
    """Everything the report says about one workshop."""

    code: str
    title: str
    room: str
    starts: str
    registered: int
    scanned: int
    answered: int
    gave_feedback: int
    questions: list[QuestionResult]
    tops: list[ReportNote]
    tips: list[ReportNote]
    photos: list[ReportPhoto]
    hidden: int

    @property
    def hardest(self) -> list[QuestionResult]:
        """The questions answered right least often (those someone got wrong, only)."""
        missed = [q for q in self.questions if q.answered and q.share_right < 1]
        return sorted(missed, key=lambda q: (q.share_right, -q.answered))[:3]


class Headline(Wire):
    """The day in figures."""

    attendees: int
    scanned: int
    answered: int
    gave_feedback: int
    scans: int
    answers: int
    tops: int
    tips: int
    photos: int
    hidden: int

    def share(self, part: int) -> float:
        """``part`` as a share of all attendees."""
        return part / self.attendees if self.attendees else 0.0


class Report(Wire):
    """The whole report."""

    event: dict[str, str | int | float]
    made_at: datetime
    headline: Headline
    workshops: list[WorkshopResult]
    top: list[Standing]
    questions: list[QuestionResult] = []
    polls: list[PollResult] = []

    @property
    def most_right(self) -> list[QuestionResult]:
        """Questions answered right most often (by at least half), over the whole event."""
        mostly = [q for q in self.questions if q.answered and q.share_right >= 0.5]
        return sorted(mostly, key=lambda q: (-q.share_right, -q.answered))[:5]

    @property
    def most_wrong(self) -> list[QuestionResult]:
        """Questions answered wrong most often (by more than half): never one of most_right."""
        mostly = [q for q in self.questions if q.answered and q.share_right < 0.5]
        return sorted(mostly, key=lambda q: (q.share_right, -q.answered))[:5]


class PurgeRequest(Wire):
    """Remove personal data now; ``confirm`` must be ``JA`` (or ``YES``)."""

    confirm: Literal["JA", "YES"]


class PurgeResponse(Wire):
    """What the purge removed."""

    attendees: int
    tickets_revoked: int
    devices_revoked: int
    deliveries: int
    hidden_photos: int
    answered: int = 0  # who answered a question, spent dots or joined a table: forgotten
    removed: list[str]


class ScanBucket(Wire):
    """Scans in one quarter of an hour at one workshop (``start`` as ``HH:MM``)."""

    start: str
    workshop: str
    scans: int


class PillarHealth(Wire):
    """How a paired device is doing: last contact, queued actions, clock offset.

    ``refused`` counts the actions the hub refused from it (a closed question, a
    second answer, a revoked ticket...), ``last_refusal`` says why the last one was.
    """

    id: int
    kind: str
    name: str
    workshop: str | None
    last_seen: str | None
    outbox: int | None
    clock_offset_ms: int | None
    refused: int = 0
    last_refusal: str | None = None


class ServingHub(Wire):
    """Which hub serves the event, how far its replica lags and what its standby does.

    Attributes:
        role: ``primary``, or ``promoted``: a standby that took over.
        replica: where the database is replicated to (None: not replicated).
        lag_s: how long the oldest change the replica lacks has waited.
        standby: the standby's state (``following``, ``gone``...; None: none seen).
        took_over_at: when this hub took over, if it did.
        problem: what is wrong with replication, if anything.
    """

    hub_id: str
    role: Literal["primary", "promoted"] = "primary"
    replica: str | None = None
    lag_s: float | None = None
    standby: str | None = None
    took_over_at: str | None = None
    problem: str = ""


StandbyPhase = Literal[
    "starting", "waiting for the replica", "following", "taking over", "promoted"
]
"""Where a standby is: from starting, through following the replica, to having taken over."""


class StandbyNote(Wire):
    """What a standby publishes in the replica folder each second, for the primary to read.

    Attributes:
        hub_id: the standby's own identity.
        host: the PC it runs on.
        state: where it is.
        primary: the first address of the primary it watches.
        primary_silent_s: how long the primary has not answered.
        replica_txid: the last transaction the replica holds.
        at: when it was written (seconds since the epoch).
    """

    hub_id: str
    host: str
    state: StandbyPhase
    primary: str | None
    primary_silent_s: float
    replica_txid: Count
    at: float


class StandbySeen(StandbyNote):
    """A standby's note as the primary read it, and how long ago it was written."""

    seen_s_ago: float


class StandbyGone(Wire):
    """A standby whose note has not changed for too long: it stopped, or its PC did."""

    state: Literal["gone"] = "gone"
    host: str | None
    seen_s_ago: float


StandbyState = Annotated[StandbySeen | StandbyGone, Field(discriminator="state")]
"""The standby as the primary sees it."""


class ReplicationState(Wire):
    """How the hub's replication stands, for ``zuil stats``.

    Attributes:
        target: where the database is replicated to.
        running: whether Litestream runs.
        lag_s: how long the oldest change the replica lacks has waited.
        restarts: how often Litestream had to be started again.
        files: files copied into the database for the replica.
        error: what is wrong, if anything.
        fenced_by: the hub that took over from this one, if one did.
        standby: the standby's state (None: none seen).
    """

    target: str
    running: bool
    lag_s: float | None
    restarts: Count
    files: Count
    error: str
    fenced_by: str | None
    standby: StandbyState | None


class TakeoverInfo(Wire):
    """Why and when a standby took over (``seconds``: deciding to it being ready to serve)."""

    reason: str
    at: str
    previous: str | None
    seconds: float


class HubServing(Wire):
    """Which hub serves, how it came to (``takeover``) and how its replica stands."""

    hub_id: str
    role: Literal["primary", "promoted"]
    takeover: TakeoverInfo | None
    replication: ReplicationState | None


class HubRunState(HubServing):
    """A running hub's state as it writes it in its data folder for ``zuil stats``."""

    written_at: float


class StandbyRunState(Wire):
    """A running standby's state as it writes it in its data folder for ``zuil stats``."""

    role: Literal["standby"] = "standby"
    hub_id: str
    host: str
    state: StandbyPhase
    primary: str | None
    primary_silent_s: float
    replica_txid: Count
    written_at: float


RunState = Annotated[HubRunState | StandbyRunState, Field(discriminator="role")]
"""What runs on a data folder, as ``zuil stats`` reads it."""
RUN_STATE: TypeAdapter[HubRunState | StandbyRunState] = TypeAdapter(RunState)
STANDBY_STATE: TypeAdapter[StandbySeen | StandbyGone] = TypeAdapter(StandbyState)


class Dashboard(Wire):
    """The organiser's live view: the report's figures, scans over time, pillar health."""

    report: Report
    timeline: list[ScanBucket]
    latest: list[ReportNote]
    pillars: list[PillarHealth]
    hub: ServingHub | None = None


# -- phones ----------

MAX_PHONE_BATCH = 50


class PhoneAction(Wire):
    """One action of an attendee's phone, under the id the phone's browser made for it.

    The hub adds the session's ticket (answers, credits, responses and dots) and
    applies it as the pillar action of the same kind, in the same exactly-once
    ledger: ``answer`` a quiz answer, ``note`` a top or tip (no ticket, as on a
    pillar; its feedback credit is its own ``credit`` action), ``response`` an
    answer to a rating, recommend question, poll, naming vote or open question
    (``poll_id``, ``choices``, ``text``), ``dots`` a ticket's ballot on a
    work-session question (``question_id`` names that question, ``ideas`` the dots).
    ``workshop`` is where it was given; an event-wide question or a ballot names none.
    """

    id: Uuid4
    at: Moment
    kind: Literal["answer", "note", "credit", "response", "dots"]
    workshop: Annotated[str, Field(min_length=1, max_length=16)] | None = None
    question_id: Id | None = None
    choice: Annotated[int, Field(ge=0, le=5)] | None = None
    wall: Literal["top", "tip"] | None = None
    text: Annotated[str, _PLAIN, Field(max_length=MAX_NOTE_CHARS)] | None = None
    poll_id: Id | None = None
    choices: Annotated[list[Count], Field(max_length=20)] | None = None
    ideas: Annotated[list[Id], Field(min_length=1, max_length=20)] | None = None


class PhoneActions(Wire):
    """What a phone's outbox sends at once, with the phone's clock at sending."""

    clock: Moment
    actions: Annotated[list[Any], Field(min_length=1, max_length=MAX_PHONE_BATCH)]


class AnswerOutcome(Wire):
    """How a quiz answer turned out, for the phone to show."""

    question_id: int
    choice: int
    correct: bool
    right_choice: int
    explanation: str
    points: int
    counted: bool


PhoneRefusal = Literal["answered", "closed", "not_there", "invalid"]
"""Why a phone's response or ballot was refused, as the phone says it: already answered
(here or at a pillar), the question or vote is not open, the ticket was not scanned
where the question is asked, or anything else."""


class PhoneResult(Wire):
    """One phone action's fate; an answer's outcome when it was (or had been) applied.

    ``refusal`` sorts a refused response or ballot's ``reason`` into what the page
    tells the attendee.
    """

    id: UUID | None
    fate: Fate
    reason: str | None = None
    outcome: AnswerOutcome | None = None
    refusal: PhoneRefusal | None = None


class PhoneFigures(Wire):
    """What the phone's home page shows live: points, rank and the top of the board."""

    points: int
    rank: int | None
    top: list[Standing]


class PhoneReply(Wire):
    """The reply to a phone's actions: each one's fate, and the attendee's figures now."""

    results: list[PhoneResult]
    figures: PhoneFigures
