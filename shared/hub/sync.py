"""The write side of the hub: applying pillar actions exactly once, moderation, live events.

Everything here runs as a write job on the store's writer thread, so two
pillars racing with the same action id cannot both apply it: the
``applied_actions`` table decides, inside the same transaction as the action.
"""

from __future__ import annotations

import hashlib
import json
import logging
import sqlite3
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any
from uuid import UUID

from sqlite_utils import Database

from shared import plaintext, protocol, scoring
from shared.db import padded, power_chunks
from shared.hub import cafe, polls, queries
from shared.hub.wordfilter import WordFilter
from shared.protocol import Fate, LiveEventKind, ResultRow
from shared.tickets import Check, TicketPayload, Verdict

log = logging.getLogger("zuil.hub.sync")

# Pillar clocks more than this far off are not trusted for the order of answers.
MAX_CLOCK_SKEW = timedelta(hours=12)
# An action said to be older than this (on the hub's clock) is dated when it arrived:
# no outbox holds an action that long, so its time is wrong, not the action.
MAX_ACTION_AGE = timedelta(days=31)
# rows in one INSERT statement at most (SQLite takes up to 32,766 values in one); a power
# of two, as every statement's row count is (see insert_rows)
ROWS_PER_INSERT = 512


@dataclass
class BatchOutcome:
    """What one sync batch did, for the reply and for the live stream."""

    results: list[ResultRow] = field(default_factory=list)
    scored: bool = False
    counted: bool = False
    refused: int = 0  # actions refused (not duplicates), for the pillar's health
    last_refusal: str | None = None


def append_event(db: Database, event: protocol.LiveEvent) -> int:
    """Add an event to the live log inside the current write; returns its sequence number.

    Stored whole, in the form the live stream sends: a field left out because it
    was None once made a nameless standing unreadable, and stopped every wall.
    """
    payload = event.model_dump_json(exclude={"seq"})
    cursor = db.execute(
        "INSERT INTO live_events (kind, payload, at) VALUES (?, ?, ?)",
        [event.kind.value, payload, event.at.isoformat()],
    )
    return int(cursor.lastrowid or 0)


def read_events(
    db: Database, after: int, limit: int = 500, *, reported: set[int] | None = None
) -> list[protocol.LiveEvent]:
    """Live events after sequence number ``after``, in order.

    An event that cannot be read back is left out, so one bad row never stops the
    walls behind it; it is logged once per ``reported`` set (the hub keeps one),
    not on every reconnect.
    """
    rows = db.execute(
        "SELECT seq, payload FROM live_events WHERE seq > ? ORDER BY seq LIMIT ?",
        [after, limit],
    ).fetchall()
    events: list[protocol.LiveEvent] = []
    for seq, payload in rows:
        try:
            events.append(protocol.LiveEvent.model_validate({**json.loads(payload), "seq": seq}))
        except (ValueError, TypeError) as error:  # ValidationError is a ValueError
            if reported is None or seq not in reported:
                log.error("live event %d cannot be read and is left out: %s", seq, error)
                if reported is not None:
                    reported.add(seq)
    return events


def last_event(db: Database) -> int:
    """The newest live event's sequence number (0 when none)."""
    return int(db.execute("SELECT coalesce(max(seq), 0) FROM live_events").fetchone()[0])


def initial_state(mode: str, flagged: list[str]) -> str:
    """A new note's or photo's moderation state.

    Post-moderation shows it at once unless the word filter held it; pre-moderation
    always waits for a moderator.
    """
    return "visible" if mode == "post" and not flagged else "pending"


def minute_of(at: datetime) -> datetime:
    """A moment cut to its minute: all an item's live event may say of when it came.

    The live log keeps its events beside the scans' and answers' figures; a note's
    event timed to the microsecond would point at the scan just before it.
    """
    return at.replace(second=0, microsecond=0)


def _show(db: Database, item_id: str, at: datetime) -> None:
    row = queries.item(db, item_id)
    if row is not None:
        append_event(
            db,
            protocol.LiveEvent(
                seq=0,
                kind=LiveEventKind.ITEM_VISIBLE,
                at=minute_of(at),
                item=queries.wall_item(row),
            ),
        )


def _announce(db: Database, item_id: str, state: str, at: datetime) -> None:
    """A new item: walls get it when visible; moderators learn (by id only) that one waits."""
    if state == "visible":
        _show(db, item_id, at)
    else:
        append_event(
            db,
            protocol.LiveEvent(
                seq=0, kind=LiveEventKind.ITEM_PENDING, at=minute_of(at), item_id=item_id
            ),
        )


@dataclass
class Incoming:
    """A pillar's batch on its way to the writer, with what the event loop found out first.

    Attributes:
        device_id: the sending pillar; None for a phone (its actions name no device).
        device_workshop: its workshop, for actions that name none.
        device_clock: the pillar's clock when it sent the batch.
        outbox: how many actions the pillar still holds.
        actions: the batch's valid actions with their positions.
        checks: the ticket verdict of every ticket text in the batch.
        received_at: the hub's clock when the batch arrived.
        photo_sizes: width and height of each uploaded photo the batch names.
        touch_device: record the pillar's clock offset, outbox size and last contact.
        invalid: actions of the batch refused before it got here (not even read).
    """

    device_id: int | None
    device_workshop: int | None
    device_clock: datetime
    outbox: int
    actions: list[tuple[int, protocol.AnyAction]]
    checks: dict[str, Check]
    received_at: datetime
    photo_sizes: dict[str, tuple[int, int]] = field(default_factory=dict)
    touch_device: bool = True
    invalid: list[str] = field(default_factory=list)


def apply_batches(
    db: Database, batches: list[Incoming], *, new_id: Any, word_filter: WordFilter
) -> list[BatchOutcome]:
    """Apply pillars' batches, in order; each action id is applied at most once, ever.

    The batches are applied as if one after the other (an id twice, in one batch
    or two, is applied the first time and a duplicate after), but in one pass
    with one insert per table for all of them. Pillars syncing at the same
    moment then cost the writer a few statements, not a few each: every
    statement lets go of the GIL, and taking it back from a busy event loop
    cost more than the statement.

    The ledger is not looked up first: almost every action reaches the hub
    once, and the ledger's primary key (and the answers table's, also keyed by
    the action id) refuses an id it holds. When it does (a pillar sent again
    what was applied), the pass is rolled back and done again knowing which
    ids the ledger holds.

    Args:
        db: the writer's connection (inside the writer's transaction).
        batches: the batches, in the order they arrived.
        new_id: makes a note's or photo's id from its action's id (:func:`item_id`).
        word_filter: holds matching notes for review.

    Returns:
        What became of each batch, in the same order.
    """
    settings = _settings(db)
    every_id = [str(a.id) for batch in batches for _, a in batch.actions]
    # Only scans, in one ledger insert (a power of two of them, see insert_rows): a
    # refused insert writes nothing, and the device rows are written alike the second
    # time, so there is nothing to undo.
    count = len(every_id)
    one_insert = count <= ROWS_PER_INSERT and count & (count - 1) == 0
    undo = not one_insert or not all(
        isinstance(a, protocol.ScanAction) for batch in batches for _, a in batch.actions
    )
    if undo:
        db.conn.execute("SAVEPOINT apply_batches")
    one_pass = _Pass(db, settings, new_id, word_filter, set())
    try:
        outcomes = _apply_pass(one_pass, batches, every_id)
    except sqlite3.IntegrityError as error:
        if not str(error).endswith(_KEYED_BY_ACTION) and not str(error).startswith(_ANSWERED):
            raise
        if undo:
            db.conn.execute("ROLLBACK TO apply_batches")
        known = _known(db.conn, every_id)
        one_pass = _Pass(db, settings, new_id, word_filter, known, careful=True)
        outcomes = _apply_pass(one_pass, batches, every_id)
    if undo:
        db.conn.execute("RELEASE apply_batches")
    _note_refusals(db, batches, outcomes)
    if one_pass.responses is not None and one_pass.responses.touched:
        polls.publish(db, one_pass.responses.touched, max(b.received_at for b in batches))
    return outcomes


def _note_refusals(db: Database, batches: list[Incoming], outcomes: list[BatchOutcome]) -> None:
    """Count each pillar's refused actions, with the last reason, for its health."""
    for batch, outcome in zip(batches, outcomes, strict=True):
        refused = outcome.refused + len(batch.invalid)
        if refused and batch.device_id is not None:
            reason = outcome.last_refusal or batch.invalid[-1]
            db.conn.execute(
                "UPDATE devices SET refused = refused + ?, last_refusal = ? WHERE id = ?",
                [refused, reason[:200], batch.device_id],
            )


# The primary keys that are an action's own id: a clash with one means the ledger holds it.
_KEYED_BY_ACTION = (
    "UNIQUE constraint failed: applied_actions.id",
    "UNIQUE constraint failed: answers.id",
    # a note's or photo's id is made from its action's (item_id)
    "UNIQUE constraint failed: notes.id",
    "UNIQUE constraint failed: photos.id",
    # a poll text's id is made from its action's (polls.text_id)
    "UNIQUE constraint failed: poll_texts.id",
    # an idea's id is made from its action's (cafe.idea_id)
    "UNIQUE constraint failed: ideas.id",
)


# An attendee's earlier answer to a question: not looked up first either (a second
# answer is rare: two pillars offline at once), but refused by poll_answered's key.
_ANSWERED = "UNIQUE constraint failed: poll_answered."


def _known(conn: sqlite3.Connection, ids: list[str]) -> set[str]:
    """Which of these action ids the ledger holds."""
    known: set[str] = set()
    for start in range(0, len(ids), ROWS_PER_INSERT):
        chunk = padded(ids[start : start + ROWS_PER_INSERT])
        marks = ",".join("?" * len(chunk))
        rows = conn.execute(f"SELECT id FROM applied_actions WHERE id IN ({marks})", chunk)
        known.update(r[0] for r in rows)
    return known


def _apply_pass(
    one_pass: _Pass, batches: list[Incoming], every_id: list[str]
) -> list[BatchOutcome]:
    """Apply the batches in one pass; IntegrityError when an action id is refused."""
    outcomes: list[BatchOutcome] = []
    position = 0
    for batch in batches:
        ids = every_id[position : position + len(batch.actions)]
        position += len(ids)
        outcomes.append(one_pass.apply(batch, ids))
    conn = one_pass.db.conn
    insert_rows(conn, "applied_actions (id, kind)", one_pass.applied)
    insert_rows(
        conn,
        "scans (id, serial, attendee_id, workshop_id, device_id, scanned_at, received_at)",
        one_pass.scans,
    )
    if one_pass.responses is not None:
        one_pass.responses.write()
    if batches:  # the walls' idea counts, once the ledger took every action
        cafe.announce(one_pass.db, one_pass.sessions, batches[-1].received_at)
    return outcomes


@dataclass
class _Pass:
    """What the batches of one :func:`apply_batches` pass share.

    Attributes:
        db: the writer's connection.
        settings: moderation, bonus rules and workshop ids.
        new_id: makes a note's or photo's id from its action's id.
        word_filter: holds matching notes for review.
        known: the action ids the ledger held before this pass, and those applied in it.
        careful: look up each answer's attendee in ``poll_answered`` (the pass after one
            that a second answer made fail).
        scans: scan rows to insert at the end of the pass.
        scanned: (attendee, workshop) of those scans, for the answers after them.
        applied: ledger rows (id, kind) to insert at the end of the pass.
        responses: the pass's answers to questions (made at the first one).
        sessions: the work sessions whose counts the pass changed.
    """

    db: Database
    settings: _Settings
    new_id: Any
    word_filter: WordFilter
    known: set[str]
    careful: bool = False
    scans: list[tuple[Any, ...]] = field(default_factory=list)
    scanned: set[tuple[int, int | None]] = field(default_factory=set)
    applied: list[tuple[str, str]] = field(default_factory=list)
    responses: polls.Responses | None = None
    sessions: cafe.Changes = field(default_factory=cafe.Changes)

    def apply(self, batch: Incoming, ids: list[str]) -> BatchOutcome:
        """Apply one batch (``ids``: its action ids as text) after those before it."""
        db, known = self.db, self.known
        workshops = self.settings.workshops
        results: list[ResultRow] = []
        outcome = BatchOutcome(results=results)
        received_at = batch.received_at
        offset = received_at - batch.device_clock
        # a pillar's clock far off: its actions are dated when they arrive (see _when)
        trusted = abs(offset) <= MAX_CLOCK_SKEW
        received = received_at.isoformat()
        if batch.touch_device and batch.device_id is not None:
            db.conn.execute(
                "UPDATE devices SET clock_offset_ms = ?, last_seen = ?, outbox = ? WHERE id = ?",
                [
                    # as far off as it is, so the dashboard shows it (±10,000 years fit)
                    int(offset / timedelta(milliseconds=1)),
                    received,
                    batch.outbox,
                    batch.device_id,
                ],
            )
        device_id, device_workshop = batch.device_id, batch.device_workshop
        # what each ticket text of the batch comes to: its payload, or why not
        tickets = {text: _verdict(check) for text, check in batch.checks.items()}
        not_a_ticket = (None, f"ticket: {Verdict.NOT_A_TICKET.value}")
        scans, scanned, applied = self.scans, self.scanned, self.applied
        for action_id, (index, action) in zip(ids, batch.actions, strict=True):
            if action_id in known:
                results.append(
                    {"index": index, "id": action.id, "fate": Fate.DUPLICATE, "reason": None}
                )
                continue
            reason: str | None = None
            payload: TicketPayload | None = None
            workshop_id = device_workshop
            if action_id[14] != "4":  # the UUID's version digit
                reason = "action id must be a random (v4) UUID"
            elif action.workshop is not None:
                workshop_id = workshops.get(action.workshop.upper())
                if workshop_id is None:
                    reason = f"unknown workshop {action.workshop!r}"
            if reason is None and isinstance(action, protocol.TICKETED):
                payload, reason = tickets.get(action.ticket, not_a_ticket)
            if reason is None and isinstance(action, protocol.ResponseAction):
                assert payload is not None
                if self.responses is None:
                    self.responses = polls.Responses(db, self.word_filter.matches, self.careful)
                reason = self.responses.apply(
                    action,
                    payload.attendee_id,
                    _moment(action.at, offset if trusted else None, received_at),
                    received,
                    scanned,
                )
            elif reason is None:
                at = _when(action.at, offset if trusted else None, received_at)
                if isinstance(action, protocol.ScanAction):
                    assert payload is not None
                    scans.append(
                        (
                            action_id,
                            payload.serial,
                            payload.attendee_id,
                            workshop_id,
                            device_id,
                            at,
                            received,
                        )
                    )
                    scanned.add((payload.attendee_id, workshop_id))
                    outcome.counted = True
                else:
                    reason = self._apply_other(
                        outcome, batch, action, payload, workshop_id, at, received
                    )
            if reason is not None:
                outcome.refused += 1
                outcome.last_refusal = reason
                results.append(
                    {"index": index, "id": action.id, "fate": Fate.REJECTED, "reason": reason}
                )
                continue
            applied.append((action_id, action.kind))
            known.add(action_id)
            results.append({"index": index, "id": action.id, "fate": Fate.APPLIED, "reason": None})
        return outcome

    def _apply_other(
        self,
        outcome: BatchOutcome,
        batch: Incoming,
        action: protocol.AnyAction,
        payload: TicketPayload | None,
        workshop_id: int | None,
        at: str,
        received: str,
    ) -> str | None:
        """Apply an action that is not a scan; returns why not, or None when applied.

        ``at`` is when the pillar took it (on the hub's clock), ``received`` when the
        batch arrived, both as stored.
        """
        db = self.db
        moderation, photo_moderation, bonus, cap = self.settings.event
        if isinstance(action, protocol.AnswerAction):
            assert payload is not None
            reason = _apply_answer(db, action, payload.attendee_id, batch.device_id, at, received)
            outcome.scored = outcome.scored or reason is None
            outcome.counted = True
            return reason
        if isinstance(action, protocol.CreditAction):
            assert payload is not None
            if workshop_id is None:
                return "feedback credit needs a workshop"
            record_credit(db, payload.attendee_id, workshop_id, bonus, cap)
            outcome.scored = True
            return None
        if isinstance(action, protocol.NoteAction):
            text = action.text.strip()
            if plaintext.is_blank(text):
                return "empty note"
            self._add_item(
                outcome,
                batch,
                received,
                action.id,
                "notes",
                moderation,
                text,
                wall=action.wall,
                text=text,
                workshop_id=workshop_id,
            )
            return None
        if isinstance(action, protocol.IdeaAction | protocol.JoinAction | protocol.DotsAction):
            return self._apply_cafe(action, payload, at, received)
        assert isinstance(action, protocol.PhotoAction)
        size = batch.photo_sizes.get(action.photo)
        if not action.consent:
            return "no consent from the people in the photo"
        if size is None:
            return "photo not uploaded"
        caption = action.caption.strip()
        if plaintext.is_blank(caption):
            caption = ""  # the photo still goes up, without a caption nobody could see
        self._add_item(
            outcome,
            batch,
            received,
            action.id,
            "photos",
            photo_moderation,
            caption,
            sha256=action.photo,
            caption=caption,
            wall=action.wall,
            workshop_id=workshop_id,
            width=size[0],
            height=size[1],
        )
        return None

    def _apply_cafe(
        self,
        action: protocol.IdeaAction | protocol.JoinAction | protocol.DotsAction,
        payload: TicketPayload | None,
        at: str,
        received: str,
    ) -> str | None:
        """Apply a work session's action (:mod:`shared.hub.cafe`); returns why not, or None."""
        when = datetime.fromisoformat(at)
        if isinstance(action, protocol.IdeaAction):
            return cafe.apply_idea(self.db, action, when, received, self.sessions)
        assert payload is not None
        if isinstance(action, protocol.JoinAction):
            return cafe.apply_join(self.db, action, payload.attendee_id, when, self.sessions)
        return cafe.apply_dots(self.db, action, payload.attendee_id, str(action.id))

    def _add_item(
        self,
        outcome: BatchOutcome,
        batch: Incoming,
        received: str,
        action_id: UUID,
        table: str,
        moderation: str,
        filtered: str,
        **columns: Any,
    ) -> None:
        """Add a note or photo: shown, or held by the moderation mode or the word filter.

        Args:
            outcome: its batch's outcome.
            batch: the batch it came in.
            received: when the batch arrived, as stored.
            action_id: the action's id, which the item's id is made from.
            table: ``notes`` or ``photos``.
            moderation: the event's moderation mode for it.
            filtered: the text the word filter reads.
            **columns: the rest of its row.
        """
        flagged = self.word_filter.matches(filtered)
        state = initial_state(moderation, flagged)
        item_id = self.new_id(action_id)
        row = {
            "id": item_id,
            **columns,
            "state": state,
            "created_minute": received[:16],
            "flagged": " ".join(flagged),
        }
        self.db.execute(
            f"INSERT INTO {table} ({', '.join(row)}) VALUES ({', '.join('?' * len(row))})",
            list(row.values()),
        )
        _announce(self.db, item_id, state, batch.received_at)
        outcome.counted = True


def item_id(action_id: UUID) -> str:
    """A note's or photo's id, made from its action's (random) id, not of it.

    The same on every hub: a pillar that sends a note again to a standby that took
    over (it had not reached the standby's replica) makes the same item, and a wall
    that showed it already shows it once.
    """
    return hashlib.sha256(b"zuil-item:" + action_id.bytes).hexdigest()[:32]


def _when(at: datetime, offset: timedelta | None, received_at: datetime) -> str:
    """When a pillar took an action, on the hub's clock, as stored (see :func:`_moment`)."""
    return _moment(at, offset, received_at).isoformat(timespec="microseconds")


def _moment(at: datetime, offset: timedelta | None, received_at: datetime) -> datetime:
    """When a pillar took an action, on the hub's clock.

    Args:
        at: the time the pillar gave it.
        offset: how far the pillar's clock is behind the hub's; None when not trusted.
        received_at: when its batch arrived, used when the pillar's time is unusable.
    """
    moment = received_at
    if offset is not None:
        try:
            corrected = at + offset
        except OverflowError:  # beyond year 9999 or before year 1
            corrected = received_at
        if received_at - MAX_ACTION_AGE <= corrected <= received_at + MAX_CLOCK_SKEW:
            moment = corrected
    return moment


def _verdict(check: Check) -> tuple[TicketPayload | None, str | None]:
    """A ticket check as (payload, None) when it may be used, else (None, why not)."""
    if check.payload is None or check.verdict is not Verdict.VALID:
        return None, f"ticket: {check.verdict.value}"
    return check.payload, None


def insert_rows(conn: sqlite3.Connection, into: str, rows: list[tuple[Any, ...]]) -> None:
    """Insert rows with one statement for up to :data:`ROWS_PER_INSERT` of them.

    ``executemany`` steps SQLite once per row, and lets go of the GIL each time:
    with the event loop busy, taking it back cost more than the row itself.

    Args:
        conn: the writer's connection.
        into: the table and its columns, as in ``INSERT INTO {into} VALUES …``.
        rows: the rows, all as wide as the column list.
    """
    if not rows:
        return
    marks = "(" + ",".join("?" * len(rows[0])) + ")"
    for chunk in power_chunks(rows, ROWS_PER_INSERT):
        conn.execute(
            f"INSERT INTO {into} VALUES {','.join([marks] * len(chunk))}",
            [value for row in chunk for value in row],
        )


@dataclass(frozen=True)
class _Settings:
    revision: int
    event: tuple[str, str, int, int]
    workshops: dict[str, int]


def _settings(db: Database) -> _Settings:
    """Moderation modes, bonus rules and workshop ids, re-read only when content changed."""
    revision = int(db.conn.execute("SELECT value FROM revision").fetchone()[0])
    cached: _Settings | None = getattr(db, "_zuil_settings", None)
    if cached is None or cached.revision != revision:
        event = db.conn.execute(
            "SELECT moderation, photo_moderation, feedback_bonus, feedback_cap FROM event"
        ).fetchone()
        cached = _Settings(
            revision=revision,
            event=tuple(event) if event else ("post", "pre", 5, 2),
            workshops={
                r[0].upper(): r[1] for r in db.conn.execute("SELECT code, id FROM workshops")
            },
        )
        db._zuil_settings = cached  # type: ignore[attr-defined]  # kept with its connection
    return cached


def _apply_answer(
    db: Database,
    action: protocol.AnswerAction,
    attendee_id: int,
    device_id: int | None,
    at: str,
    received: str,
) -> str | None:
    question = db.execute(
        "SELECT kind, options, correct, points FROM questions WHERE id = ?", [action.question_id]
    ).fetchone()
    if question is None:
        return f"unknown question {action.question_id}"
    kind, options, correct_choice, points = question
    count = 2 if kind == "truefalse" else len(json.loads(options))
    if action.choice >= count:
        return f"choice {action.choice} out of range"
    correct = action.choice == correct_choice
    db.execute(
        "INSERT INTO answers (id, attendee_id, question_id, choice, correct, device_id,"
        " answered_at, received_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        [
            str(action.id),
            attendee_id,
            action.question_id,
            action.choice,
            int(correct),
            device_id,
            at,
            received,
        ],
    )
    # Only the first answer counts, wherever it was given: recount this pair.
    first = db.execute(
        "SELECT correct FROM answers WHERE attendee_id = ? AND question_id = ?"
        " ORDER BY answered_at, id LIMIT 1",
        [attendee_id, action.question_id],
    ).fetchone()
    db.execute(
        "INSERT INTO points (attendee_id, kind, ref, count, points) VALUES (?, 'answer', ?, 1, ?)"
        " ON CONFLICT (attendee_id, kind, ref) DO UPDATE SET points = excluded.points",
        [attendee_id, action.question_id, scoring.answer_points(bool(first[0]), points)],
    )
    return None


def moderate(db: Database, item_id: str, action: str, at: datetime) -> str | None:
    """Approve, hide or restore a note or photo; returns its new state, or None if unknown.

    Every change of what walls may show goes into the live log in the same write.
    """
    found = None
    for table in ("notes", "photos"):
        row = db.execute(f"SELECT state FROM {table} WHERE id = ?", [item_id]).fetchone()
        if row:
            found = (table, row[0])
            break
    if found is None:
        return None
    table, state = found[0], str(found[1])
    target = {"approve": "visible", "restore": "visible", "hide": "hidden"}[action]
    if state == target:
        return state
    db.execute(f"UPDATE {table} SET state = ? WHERE id = ?", [target, item_id])
    if target == "visible":
        _show(db, item_id, at)
    else:
        # also when it was only held: every desk's queue must drop it, not just this one's
        append_event(
            db,
            protocol.LiveEvent(
                seq=0, kind=LiveEventKind.ITEM_HIDDEN, at=minute_of(at), item_id=item_id
            ),
        )
    return target


def record_credit(db: Database, attendee_id: int, workshop_id: int, bonus: int, cap: int) -> int:
    """Count one more piece of feedback in the ledger (inside a write); returns its points now.

    Kept apart from the note itself (see :mod:`shared.migrations`): the ledger
    knows that someone gave feedback at a workshop, never which note.
    """
    row = db.execute(
        "SELECT count FROM points WHERE attendee_id = ? AND kind = 'feedback' AND ref = ?",
        [attendee_id, workshop_id],
    ).fetchone()
    count = (row[0] if row else 0) + 1
    points = scoring.feedback_points(count, bonus, cap)
    db.execute(
        "INSERT INTO points (attendee_id, kind, ref, count, points)"
        " VALUES (?, 'feedback', ?, ?, ?) ON CONFLICT (attendee_id, kind, ref)"
        " DO UPDATE SET count = excluded.count, points = excluded.points",
        [attendee_id, workshop_id, count, points],
    )
    return points
