"""The hub's side of ratings, polls and votes: answers counted once, results published.

The write side (:class:`Responses`) runs inside a sync pass: it judges each
:class:`~shared.protocol.ResponseAction` (ticket verified before it gets here,
attendance, once per attendee, open, in range) and keeps who answered apart
from what was answered (see ``shared.migrations.m007_polls``). The read side
builds each question's :class:`~shared.protocol.PollResult` as the organiser or a
wall may see it (:mod:`shared.polls` does the arithmetic).

Walls see what was last published (``poll_published``), never the live tally: a
question's results are published when at least *k* new answers came in since
the last time, or when its state, phase or content changed, a paper tally was
typed in or a moderator changed what it shows. Two looks in a row then never
differ by one answer.
"""

from __future__ import annotations

import hashlib
import json
import os
import sqlite3
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any, Literal

from sqlite_utils import Database

from shared import plaintext, polls, protocol
from shared.datadir import assets_dir
from shared.polls import RESPONDENTS, Counted, Described, Question, Tallies, View
from shared.protocol import LiveEventKind, PollResult

ALREADY_ANSWERED = "this ticket already answered question {poll}"
ALREADY_PROPOSED = "this ticket already made a proposal for question {poll}"
_TEXT_ID_LIMIT = 2**52  # a phone's JavaScript keeps integers exact up to 2**53


# -- what the writer knows of the questions ----------


@dataclass(frozen=True)
class Settings:
    """The questions by id, with the event's *k* and moderation mode, for one revision."""

    revision: int
    questions: dict[int, Question]
    min_answers: int
    moderation: str


def settings(db: Database) -> Settings:
    """The questions as the writer judges answers, re-read only when content changed.

    A vote's approved proposals are part of it: approving one changes the
    content revision too (``m007_polls``' triggers).
    """
    revision = int(db.conn.execute("SELECT value FROM revision").fetchone()[0])
    cached: Settings | None = getattr(db, "_zuil_polls", None)
    if cached is not None and cached.revision == revision:
        return cached
    proposals: dict[int, set[int]] = {}
    for poll_id, text_id in db.conn.execute(
        "SELECT poll_id, id FROM poll_texts WHERE part = 'proposal' AND state = 'visible'"
    ):
        proposals.setdefault(poll_id, set()).add(text_id)
    questions = {}
    for row in db.conn.execute(
        "SELECT id, kind, workshop_id, options, max_choices, comment, opens, closes, manual,"
        " phase FROM polls"
    ):
        poll_id, kind = row[0], row[1]
        questions[poll_id] = Question(
            id=poll_id,
            kind=kind,
            workshop_id=row[2],
            options=len(json.loads(row[3])),
            max_choices=row[4],
            comment=bool(row[5]),
            opens=_moment(row[6]),
            closes=_moment(row[7]),
            manual=row[8],
            phase=polls.phase_of(kind, row[9]),
            proposals=frozenset(proposals.get(poll_id, ())),
        )
    event = db.conn.execute("SELECT min_answers, moderation FROM event").fetchone()
    cached = Settings(
        revision=revision,
        questions=questions,
        min_answers=event[0] if event else 5,
        moderation=event[1] if event else "post",
    )
    db._zuil_polls = cached  # type: ignore[attr-defined]  # kept with its connection
    return cached


def _moment(text: str | None) -> datetime | None:
    try:
        return polls.moment(text)
    except ValueError:  # a time no one can read: the question follows the hand alone
        return None


@dataclass
class _Attended:
    """Who was scanned where, read from the scans table as it grows (by rowid).

    A question of a workshop takes answers only from attendees scanned there; an
    event-wide one from anyone scanned anywhere. Kept by the writer beside its
    connection, so a batch of answers costs no lookup in the (unindexed by
    attendee) scans table: only the rows added since the last batch are read.
    """

    last_rowid: int = 0
    pairs: set[tuple[int, int | None]] = field(default_factory=set)
    anyone: set[int] = field(default_factory=set)

    def refresh(self, db: Database) -> None:
        newest = int(db.conn.execute("SELECT coalesce(max(rowid), 0) FROM scans").fetchone()[0])
        if newest < self.last_rowid:  # scans were removed (a purge): read them all again
            self.last_rowid = 0
            self.pairs.clear()
            self.anyone.clear()
        if newest == self.last_rowid:
            return
        for attendee_id, workshop_id in db.conn.execute(
            "SELECT attendee_id, workshop_id FROM scans WHERE rowid > ? AND rowid <= ?",
            [self.last_rowid, newest],
        ):
            self.pairs.add((attendee_id, workshop_id))
            self.anyone.add(attendee_id)
        self.last_rowid = newest


def _attended(db: Database) -> _Attended:
    found: _Attended | None = getattr(db, "_zuil_attended", None)
    if found is None:
        found = _Attended()
        db._zuil_attended = found  # type: ignore[attr-defined]  # kept with its connection
    found.refresh(db)
    return found


def text_id(action_id: bytes) -> int:
    """A poll text's id, made from its action's (random) id: the same on every hub.

    Below 2**52, so a phone's JavaScript keeps it exact.
    """
    digest = hashlib.sha256(b"zuil-poll-text:" + action_id).digest()
    return int.from_bytes(digest[:8], "big") % (_TEXT_ID_LIMIT - 1) + 1


@dataclass
class Responses:
    """The answers of one sync pass: judged one by one, written together at its end.

    An earlier answer of the same attendee is not looked up unless ``careful``:
    ``poll_answered``'s key refuses it when the pass is written, and the pass is
    then done again, carefully (see ``shared.hub.sync.apply_batches``).

    Attributes:
        db: the writer's connection.
        word_filter_matches: the word filter (holds texts for review, as for notes).
        careful: look up every answer's attendee in ``poll_answered``.
        answered: (poll id, part, attendee id) rows to insert.
        tally: counts to add per (poll id, value).
        texts: poll texts to insert.
        touched: the questions that got an answer.
    """

    db: Database
    word_filter_matches: Any
    careful: bool = False
    known: Settings = field(init=False)
    attended: _Attended = field(init=False)
    answered: list[tuple[int, str, int]] = field(default_factory=list)
    tally: dict[tuple[int, int], int] = field(default_factory=dict)
    texts: list[tuple[int, int, str, str, str, str]] = field(default_factory=list)
    touched: set[int] = field(default_factory=set)
    _seen: set[tuple[int, str, int]] = field(default_factory=set)
    _proposed: dict[int, set[str]] = field(default_factory=dict)  # a vote's names, as compared

    def __post_init__(self) -> None:
        # neither changes within a pass: the content is not edited in a sync's write, and
        # the pass's own scans are handed in apart (``scanned``)
        self.known = settings(self.db)
        self.attended = _attended(self.db)

    def apply(
        self,
        action: protocol.ResponseAction,
        attendee_id: int,
        at: datetime,
        received: str,
        scanned: set[tuple[int, int | None]],
    ) -> str | None:
        """Count one answer; returns why not, or None when it counts.

        Args:
            action: the answer.
            attendee_id: whose ticket it names (verified).
            at: when it was given, on the hub's clock.
            received: when its batch arrived, as stored.
            scanned: (attendee, workshop) of the scans earlier in this pass.
        """
        known = self.known
        question = known.questions.get(action.poll_id)
        if question is None:
            return f"unknown question {action.poll_id}"
        if question.workshop_id is not None:
            pair = (attendee_id, question.workshop_id)
            if pair not in scanned and pair not in self.attended.pairs:
                return "this ticket was not scanned at the question's workshop"
        elif attendee_id not in self.attended.anyone and not any(
            a == attendee_id for a, _ in scanned
        ):
            return "this ticket was not scanned at the event"
        counted = polls.judge(question, action.choices, action.text, at)
        if isinstance(counted, str):
            return counted
        key = (question.id, counted.part, attendee_id)
        if key in self._seen or (
            self.careful
            and self.db.conn.execute(
                "SELECT 1 FROM poll_answered WHERE poll_id = ? AND part = ? AND attendee_id = ?",
                key,
            ).fetchone()
        ):
            template = ALREADY_PROPOSED if counted.part == "proposal" else ALREADY_ANSWERED
            return template.format(poll=question.id)
        self._count(action, key, counted, known.moderation, received)
        return None

    def _count(
        self,
        action: protocol.ResponseAction,
        key: tuple[int, str, int],
        counted: Counted,
        moderation: str,
        received: str,
    ) -> None:
        self._seen.add(key)
        self.answered.append(key)
        poll_id = key[0]
        for value in counted.values:
            self.tally[(poll_id, value)] = self.tally.get((poll_id, value), 0) + 1
        if counted.text is not None:
            part, text = counted.text
            if part == "proposal" and not self._new_proposal(poll_id, text):
                self.touched.add(poll_id)
                return  # the same name again: one proposal, so its votes are not split
            state = "visible" if moderation == "post" else "pending"
            if self.word_filter_matches(text):
                state = "pending"
            self.texts.append((text_id(action.id.bytes), poll_id, part, text, state, received[:16]))
        self.touched.add(poll_id)

    def _new_proposal(self, poll_id: int, text: str) -> bool:
        """Whether ``text`` names a new proposal for the vote (and remember it if so).

        Names are the same when they differ in case and spacing only; one proposed
        before (waiting, approved or hidden by a moderator) is not proposed again.
        """
        made = self._proposed.get(poll_id)
        if made is None:
            made = self._proposed[poll_id] = {
                plaintext.folded(r[0])
                for r in self.db.conn.execute(
                    "SELECT text FROM poll_texts WHERE poll_id = ? AND part = 'proposal'",
                    [poll_id],
                )
            }
        name = plaintext.folded(text)
        if name in made:
            return False
        made.add(name)
        return True

    def write(self) -> None:
        """Insert what the pass counted: who answered, the counts, the texts.

        Three tables, none of which names both: ``poll_answered`` (who), ``poll_tally``
        (how many of each value, no order) and ``poll_texts`` (random ids, minutes).
        """
        conn = self.db.conn
        _insert(
            conn, "INSERT INTO poll_answered (poll_id, part, attendee_id) VALUES", self.answered
        )
        _insert(
            conn,
            "INSERT INTO poll_tally (poll_id, source, value, count) VALUES",
            [(poll_id, "digital", value, count) for (poll_id, value), count in self.tally.items()],
            " ON CONFLICT (poll_id, source, value) DO UPDATE SET count = count + excluded.count",
        )
        _insert(
            conn,
            "INSERT INTO poll_texts (id, poll_id, part, text, state, created_minute) VALUES",
            self.texts,
        )
        waiting = [row for row in self.texts if row[4] == "pending"]
        if waiting:
            # desks reload their queue; walls ignore it. No id, and the minute only, as
            # for a held note
            from shared.hub.sync import append_event  # sync imports this module

            minute = polls.moment(waiting[0][5])
            assert minute is not None
            append_event(
                self.db,
                protocol.LiveEvent(seq=0, kind=LiveEventKind.ITEM_PENDING, at=minute),
            )


def _insert(
    conn: sqlite3.Connection, head: str, rows: Sequence[tuple[Any, ...]], tail: str = ""
) -> None:
    """Insert rows with one statement per 256 of them."""
    if not rows:
        return
    marks = "(" + ",".join("?" * len(rows[0])) + ")"
    for start in range(0, len(rows), 256):
        chunk = rows[start : start + 256]
        conn.execute(
            f"{head} {','.join([marks] * len(chunk))}{tail}",
            [value for row in chunk for value in row],
        )


# -- results ----------


def stopwords(db: Database) -> frozenset[str]:
    """The stop words for this data folder's word clouds (its own ``stopwords/`` wins).

    The folder is the database's; the lists are read again when a file changed.
    """
    row = db.conn.execute("PRAGMA database_list").fetchone()
    root = Path(row[2]).parent if row and row[2] else None
    assets = assets_dir()
    files = [assets / "stopwords" / f"{lang}.txt" for lang in polls.STOPWORD_LANGUAGES]
    if root is not None:
        files += [root / "stopwords" / f"{lang}.txt" for lang in polls.STOPWORD_LANGUAGES]
    stamp = tuple(_mtime(path) for path in files)
    key = (root, stamp)
    if _STOPWORDS.get("key") != key:
        _STOPWORDS["key"] = key
        _STOPWORDS["words"] = polls.load_stopwords(root, assets)
    words: frozenset[str] = _STOPWORDS["words"]
    return words


_STOPWORDS: dict[str, Any] = {}


def _mtime(path: Path) -> float:
    try:
        return os.stat(path).st_mtime
    except OSError:
        return 0.0


_POLL_COLUMNS = (
    "SELECT p.id, p.code, p.position, p.kind, w.code AS workshop, p.text, p.subject, p.options,"
    " p.max_choices, p.comment, p.opens, p.closes, p.manual, p.phase, p.results, p.rev"
    " FROM polls p LEFT JOIN workshops w ON w.id = p.workshop_id"
)


def _proposals(db: Database, poll_id: int) -> list[tuple[int, str]]:
    """A vote's approved proposals, in the order every view lists them."""
    return [
        (r[0], r[1])
        for r in db.execute(
            "SELECT id, text FROM poll_texts WHERE poll_id = ? AND part = 'proposal'"
            " AND state = 'visible' ORDER BY text COLLATE NOCASE, id",
            [poll_id],
        )
    ]


def _tallies(db: Database, poll_id: int) -> Tallies:
    digital: dict[int, int] = {}
    paper: dict[int, int] = {}
    for source, value, count in db.execute(
        "SELECT source, value, count FROM poll_tally WHERE poll_id = ?", [poll_id]
    ):
        (digital if source == "digital" else paper)[value] = count
    return Tallies(digital=digital, paper=paper)


def _held(tallies: Tallies, digital: dict[int, int] | None) -> Tallies:
    """The tallies with the answers' counts held at ``digital`` (None: as they are)."""
    return tallies if digital is None else Tallies(digital=digital, paper=tallies.paper)


def event_k(db: Database) -> int:
    """The event's *k* (``min_answers``): fewer answers than this are never shown on a wall."""
    row = db.execute("SELECT min_answers FROM event").fetchone()
    return int(row[0]) if row else 5


def _result_of(
    db: Database,
    row: dict[str, Any],
    now: datetime,
    view: View,
    min_answers: int,
    digital: dict[int, int] | None = None,
) -> PollResult | None:
    """A question's results; ``digital``: the answers' counts as last published instead."""
    kind = row["kind"]
    proposals = _proposals(db, row["id"]) if kind == "vote" else []
    texts: list[str] = []
    part = {"rating": "comment", "open": "open"}.get(kind)
    if part is not None and (kind == "open" or view == "organiser"):
        if view == "organiser":
            texts = [
                text
                for _, text in sorted(
                    db.conn.execute(
                        "SELECT created_minute, text FROM poll_texts WHERE poll_id = ?"
                        " AND part = ? AND state = 'visible'",
                        [row["id"], part],
                    )
                )
            ]
        else:  # a wall's cloud, recounted after answers: from the index alone, no order
            texts = [
                r[0]
                for r in db.conn.execute(
                    "SELECT text FROM poll_texts INDEXED BY poll_texts_visible"
                    " WHERE poll_id = ? AND part = ? AND state = 'visible'",
                    [row["id"], part],
                )
            ]
    return polls.result(
        Described(
            id=row["id"],
            code=row["code"],
            kind=kind,
            workshop=row["workshop"],
            text=row["text"],
            shown=row["results"],
            options=json.loads(row["options"]),
        ),
        polls.state_at(now, _moment(row["opens"]), _moment(row["closes"]), row["manual"]),
        polls.phase_of(kind, row["phase"]),
        _held(_tallies(db, row["id"]), digital),
        min_answers,
        proposals=proposals,
        texts=texts,
        stopwords=stopwords(db) if kind == "open" else frozenset(),
        view=view,
    )


def result(
    db: Database, poll_id: int, now: datetime, view: View = "organiser"
) -> PollResult | None:
    """One question's results now, as ``view`` may see them (None: unknown, or not for it)."""
    row = next(db.query(_POLL_COLUMNS + " WHERE p.id = ?", [poll_id]), None)
    if row is None:
        return None
    return _result_of(db, row, now, view, event_k(db))


def results(db: Database, now: datetime, view: View = "organiser") -> list[PollResult]:
    """Every question's results now, as ``view`` may see them, in the event's order."""
    min_answers = event_k(db)
    found = []
    for row in db.query(_POLL_COLUMNS + " ORDER BY p.position, p.id"):
        one = _result_of(db, row, now, view, min_answers)
        if one is not None:
            found.append(one)
    return found


def published(db: Database) -> list[PollResult]:
    """What walls were last shown of each question they may see, in the event's order."""
    return [
        PollResult.model_validate_json(r[0])
        for r in db.execute(
            "SELECT pp.result FROM poll_published pp JOIN polls p ON p.id = pp.poll_id"
            " WHERE pp.result IS NOT NULL AND p.results != 'organiser'"
            " ORDER BY p.position, p.id"
        )
    ]


# -- publication ----------


def _respondents(db: Database, poll_id: int) -> int:
    return int(
        db.execute(
            "SELECT coalesce(sum(count), 0) FROM poll_tally WHERE poll_id = ? AND value = ?",
            [poll_id, RESPONDENTS],
        ).fetchone()[0]
    )


PUBLISH_EVERY_S = 1.0  # new answers alone republish a question at most this often


def publish(
    db: Database,
    poll_ids: Iterable[int],
    now: datetime,
    *,
    force: bool = False,
    paced: bool = True,
) -> list[int]:
    """Publish the results of these questions where due (inside a write); the ids published.

    Due: never published, its state, phase or content changed, at least *k* new
    answers since the last time, or ``force`` (a paper tally, a moderator's
    change, the console's hand). New answers alone publish a question at most
    once in ``PUBLISH_EVERY_S`` when ``paced`` (a sync's write; the hub's
    figures task publishes what waited, see :func:`stale`). An ``organiser``
    question is recorded as published without a live event: walls never see it.
    """
    from shared.hub.sync import append_event, minute_of  # sync imports this module

    min_answers = event_k(db)
    done = []
    for poll_id in sorted(set(poll_ids)):
        row = next(db.query(_POLL_COLUMNS + " WHERE p.id = ?", [poll_id]), None)
        if row is None:
            continue
        state = polls.state_at(now, _moment(row["opens"]), _moment(row["closes"]), row["manual"])
        phase = polls.phase_of(row["kind"], row["phase"])
        n = _respondents(db, poll_id)
        last = db.execute(
            "SELECT n, state, phase, rev, tally FROM poll_published WHERE poll_id = ?",
            [poll_id],
        ).fetchone()
        changed = last is None or tuple(last[1:4]) != (state, phase, row["rev"])
        if not (force or changed or n - last[0] >= min_answers):
            continue
        # A moderator's change, a paper tally or the console's hand publishes at once,
        # but the answers' counts stay as last published until k new ones came (or it
        # closed): the two looks around the change never differ by a single answer.
        held: dict[int, int] | None = None
        if (
            last is not None
            and last[4] is not None
            and n - last[0] < min_answers
            and state != "closed"
        ):
            held = {int(v): c for v, c in json.loads(last[4] or "{}").items()}
            n = last[0]
        clock = time.monotonic()
        if (
            paced
            and not (force or changed)
            and clock - _published_at(db).get(poll_id, -1e9) < (PUBLISH_EVERY_S)
        ):
            continue
        _published_at(db)[poll_id] = clock
        shown = _result_of(db, row, now, "wall", min_answers, held)
        tally = held if held is not None else dict(_tallies(db, poll_id).digital)
        db.execute(
            "INSERT INTO poll_published (poll_id, n, state, phase, rev, result, tally)"
            " VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (poll_id) DO UPDATE SET n = excluded.n,"
            " state = excluded.state, phase = excluded.phase, rev = excluded.rev,"
            " result = excluded.result, tally = excluded.tally",
            [
                poll_id,
                n,
                state,
                phase,
                row["rev"],
                shown.model_dump_json() if shown else None,
                json.dumps(tally),
            ],
        )
        if shown is not None:
            append_event(
                db,
                protocol.LiveEvent(
                    seq=0, kind=LiveEventKind.RESULTS, at=minute_of(now), results=shown
                ),
            )
        done.append(poll_id)
    return done


def _published_at(db: Database) -> dict[int, float]:
    """When each question was last published by this writer (monotonic seconds)."""
    found: dict[int, float] | None = getattr(db, "_zuil_published_at", None)
    if found is None:
        found = {}
        db._zuil_published_at = found  # type: ignore[attr-defined]  # kept with its connection
    return found


def stale(db: Database, now: datetime) -> list[int]:
    """The questions whose published results are not theirs any more.

    A question opens and closes by its times with no one touching it, and a sync
    may leave *k* new answers unpublished for a moment (:data:`PUBLISH_EVERY_S`):
    the hub asks this twice a second and publishes those (:func:`publish`).
    """
    min_answers = event_k(db)
    found = []
    for row in db.execute(
        "SELECT p.id, p.kind, p.opens, p.closes, p.manual, p.phase, p.rev,"
        " pp.state, pp.phase, pp.rev, pp.poll_id, pp.n,"
        " (SELECT coalesce(sum(t.count), 0) FROM poll_tally t"
        "   WHERE t.poll_id = p.id AND t.value = -1)"
        " FROM polls p LEFT JOIN poll_published pp ON pp.poll_id = p.id"
    ):
        state = polls.state_at(now, _moment(row[2]), _moment(row[3]), row[4])
        phase = polls.phase_of(row[1], row[5])
        if (
            row[10] is None
            or (state, phase, row[6]) != (row[7], row[8], row[9])
            or row[12] - row[11] >= min_answers
        ):
            found.append(int(row[0]))
    return found


# -- content for pillars ----------


def infos(db: Database, cursor: int) -> list[protocol.PollInfo]:
    """The questions that changed after ``cursor``, with a vote's approved proposals."""
    found = []
    for row in db.query(_POLL_COLUMNS + " WHERE p.rev > ? ORDER BY p.position, p.id", [cursor]):
        kind = row["kind"]
        found.append(
            protocol.PollInfo(
                id=row["id"],
                code=row["code"],
                position=row["position"],
                kind=kind,
                workshop=row["workshop"],
                text=row["text"],
                subject=row["subject"],
                options=json.loads(row["options"]),
                max_choices=row["max_choices"],
                comment=bool(row["comment"]),
                opens=_moment(row["opens"]),
                closes=_moment(row["closes"]),
                manual=row["manual"],
                phase=polls.phase_of(kind, row["phase"]),
                results=row["results"],
                proposals=[
                    protocol.ProposalInfo(id=pid, text=text)
                    for pid, text in (_proposals(db, row["id"]) if kind == "vote" else [])
                ],
            )
        )
    return found


# -- the desk's and the organiser's hands ----------


class PollError(ValueError):
    """The console asked for something a question cannot take (the message says why)."""


TextState = Literal["pending", "visible", "hidden"]


def texts(
    db: Database, states: Sequence[str], poll_id: int | None = None
) -> list[protocol.PollText]:
    """Comments, open answers and proposals in these states, newest minute first."""
    marks = ",".join("?" * len(states))
    where = f"state IN ({marks})" + (" AND poll_id = ?" if poll_id is not None else "")
    params: list[Any] = [*states, *([poll_id] if poll_id is not None else [])]
    return [
        protocol.PollText(
            id=r["id"],
            poll_id=r["poll_id"],
            part=r["part"],
            text=r["text"],
            minute=r["created_minute"],
            state=r["state"],
        )
        for r in db.query(
            f"SELECT * FROM poll_texts WHERE {where} ORDER BY created_minute DESC, id", params
        )
    ]


def moderate_text(
    db: Database, text_id: int, edit: protocol.PollTextEdit, now: datetime
) -> protocol.PollText | None:
    """Show, hide or correct a text (inside a write); None when there is no such text.

    A changed proposal changes its vote's content (pillars list the approved
    ones) and what walls show of it; a changed open answer the cloud.
    """
    row = next(db.query("SELECT * FROM poll_texts WHERE id = ?", [text_id]), None)
    if row is None:
        return None
    text = edit.text.strip() if edit.text is not None else row["text"]
    if not text:
        raise PollError("a text cannot be made empty")
    if (edit.state, text) != (row["state"], row["text"]):
        db.execute(
            "UPDATE poll_texts SET state = ?, text = ? WHERE id = ?", [edit.state, text, text_id]
        )
        if row["part"] in ("open", "proposal"):
            publish(db, [row["poll_id"]], now, force=True)
    return protocol.PollText(
        id=text_id,
        poll_id=row["poll_id"],
        part=row["part"],
        text=text,
        minute=row["created_minute"],
        state=edit.state,
    )


def control(
    db: Database, poll_id: int, hand: protocol.PollControl, now: datetime
) -> PollResult | None:
    """Open or close a question by hand, or leave it to its times; set a vote's phase.

    ``manual`` changes only when the body names it (``null``: back to its times);
    ``phase`` None leaves the phase as it is. Returns the question's
    results (organiser's view), or None when there is no such question.

    Raises:
        PollError: a phase for a question that is no vote.
    """
    row = db.execute("SELECT kind FROM polls WHERE id = ?", [poll_id]).fetchone()
    if row is None:
        return None
    if hand.phase is not None and row[0] != "vote":
        raise PollError("only a naming vote has a phase")
    if "manual" in hand.model_fields_set:
        db.execute("UPDATE polls SET manual = ? WHERE id = ?", [hand.manual, poll_id])
    if hand.phase is not None:
        db.execute("UPDATE polls SET phase = ? WHERE id = ?", [hand.phase, poll_id])
    publish(db, [poll_id], now, force=True)
    return result(db, poll_id, now)


def set_paper(
    db: Database, poll_id: int, tally: protocol.PaperTally, now: datetime
) -> PollResult | None:
    """Replace a question's paper tally (no counts: remove it); its results, or None if unknown.

    Raises:
        PollError: the counts do not fit the question.
    """
    row = db.execute(
        "SELECT kind, options, max_choices FROM polls WHERE id = ?", [poll_id]
    ).fetchone()
    if row is None:
        return None
    kind, options, max_choices = row
    db.execute("DELETE FROM poll_tally WHERE poll_id = ? AND source = 'paper'", [poll_id])
    if tally.counts:
        _, values = polls.labels_and_values(kind, json.loads(options), _proposals(db, poll_id))
        paper = polls.paper_values(
            kind, tally.counts, tally.respondents, values, max_choices if kind == "poll" else 1
        )
        if isinstance(paper, str):
            raise PollError(paper)
        _insert(
            db.conn,
            "INSERT INTO poll_tally (poll_id, source, value, count) VALUES",
            [(poll_id, "paper", value, count) for value, count in paper.items()],
        )
    publish(db, [poll_id], now, force=True)
    return result(db, poll_id, now)
