"""The pillar's own SQLite file: the outbox of actions, the content cache and its settings.

Every attendee action is committed here, with its client-made UUID, before the
screen says it is done; the hub client sends it later and deletes it only once
the hub has answered for it. A pillar killed mid-day resumes from this file.

Actions go in and come out as the wire's own models (:mod:`shared.protocol`); the
row's ``body`` is the model's JSON, as files written before held it too. A
polaroid waits as a :class:`PhotoDraft` until the hub has named its upload.

An action the hub keeps failing on (a 5xx or an unreadable reply, sent alone)
is parked: it stays in this file, marked stuck, and is not sent again until
staff ask for it, so the actions behind it still flow.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import math
import os
import random
import sqlite3
import time
import uuid
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Literal, TypedDict

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from pydantic import BaseModel, ConfigDict, TypeAdapter, ValidationError

from shared import protocol

_SCHEMA = """
CREATE TABLE IF NOT EXISTS outbox (
    id TEXT PRIMARY KEY,
    kind TEXT NOT NULL,
    body TEXT NOT NULL,
    photo_path TEXT,
    not_before REAL NOT NULL DEFAULT 0,
    attempts INTEGER NOT NULL DEFAULT 0,
    last_error TEXT,
    stuck INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE IF NOT EXISTS settings (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS kept (
    id TEXT PRIMARY KEY,
    body TEXT NOT NULL,
    until REAL NOT NULL
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS answered (
    attendee_id INTEGER NOT NULL,
    question_id INTEGER NOT NULL,
    PRIMARY KEY (attendee_id, question_id)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS responded (
    attendee_id INTEGER NOT NULL,
    poll_id INTEGER NOT NULL,
    part TEXT NOT NULL,
    PRIMARY KEY (attendee_id, poll_id, part)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS feedback_given (
    attendee_id INTEGER NOT NULL,
    workshop TEXT NOT NULL,
    count INTEGER NOT NULL,
    PRIMARY KEY (attendee_id, workshop)
) WITHOUT ROWID;
"""

# What an attendee posts anonymously (a table's idea too). Such an action names nobody,
# and its timing must not either: it waits for the next minute boundary on the pillar's
# clock and leaves with the others of that minute, shuffled, in a batch of their own
# (see Release): an idea never leaves beside the join scan made just before it.
ANONYMOUS_KINDS = frozenset({"note", "photo", "idea"})
# An answer to a rating, poll or vote, and a ballot of dots, names its ticket (the hub
# checks who may answer, once) and what was answered. The hub stores the two apart; so
# that neither its timing nor the batch it came in ties them back together, they also
# wait for the next minute boundary and leave with that minute's others, shuffled, in a
# batch of their own.
OPINION_KINDS = frozenset({"response", "dots"})
# How long after a minute boundary the actions held for it leave (one draw per boundary).
RELEASE_JITTER_S = (1.0, 9.0)
# The feedback bonus leaves at a minute boundary this many minutes after the one its
# note or photo left at (drawn anew for each credit): never beside its item.
CREDIT_MINUTES = (1, 3)

# How long an action the hub acknowledged is kept, to send again to a standby hub that
# took over before the replica had it. Kept rows are sealed with a key that lives in the
# pillar's memory only (AES-GCM): a pillar carried off, switched off, holds no readable
# note or answer once the hub has it, and a restarted one drops what it kept. They are
# ordered by a keyed hash of their id (no rowid: not in the order they were made), an
# anonymous action's time only to the minute, and all of them leave on the minute.
KEEP_S = 15 * 60
ANONYMOUS = ("note", "photo", "idea")

# The ``stuck`` column: queued as usual, parked after the hub failed on it alone, or
# released by staff for one more try (parked again at once if the hub fails on it).
QUEUED, STUCK, RETRY = 0, 1, 2


def now_iso() -> str:
    """The pillar's clock as the wire sends it."""
    return datetime.now(UTC).isoformat()


class Stamp(TypedDict):
    """What every new action starts from: its id and the moment it was made."""

    id: uuid.UUID
    at: datetime


# A row's body as stored: an action's wire form, or (damaged, or written by a pillar of
# another version) JSON no action model reads, which is then sent as it stands.
Stored = dict[str, object]


def stamp() -> Stamp:
    """A new action's id (random, version 4) and time, for building one."""
    return {"id": uuid.uuid4(), "at": datetime.now(UTC)}


class PhotoDraft(BaseModel):
    """A polaroid waiting for its upload: the hub names the photo, then it is a PhotoAction."""

    model_config = ConfigDict(extra="forbid")

    id: uuid.UUID
    at: datetime
    workshop: str | None = None
    kind: Literal["photo"] = "photo"
    wall: Literal["top", "tip"]
    caption: str = ""
    consent: bool

    def with_photo(self, photo: str) -> protocol.PhotoAction:
        """The action to send, now that the hub stored the photo as ``photo``."""
        return protocol.PhotoAction(**self.model_dump(), photo=photo)


Queued = protocol.AnyAction | PhotoDraft
_ACTION: TypeAdapter[protocol.AnyAction] = protocol.ACTION


@dataclass(frozen=True)
class Pending:
    """An action waiting in the outbox.

    Attributes:
        body: the stored JSON (the action's wire form).
        action: the action itself, or None when the stored row cannot be read as one.
    """

    id: str
    kind: str
    body: Stored
    photo_path: str | None
    attempts: int
    retry: bool = False  # released by staff from the stuck ones: one more failure parks it
    action: Queued | None = None


def read_action(body: Stored) -> Queued | None:
    """The action a stored body holds (None when it holds none the wire would take)."""
    try:
        if body.get("kind") == "photo" and "photo" not in body:
            return PhotoDraft.model_validate(body)
        return _ACTION.validate_python(body)
    except ValidationError:
        return None


def build(kind: str, fields: Mapping[str, object]) -> Queued:
    """A new action of ``kind`` from plain fields (a fresh id and time are added).

    Args:
        kind: the action's kind.
        fields: its other fields, any at all: the action's model says which it takes.

    Raises:
        ValueError: the fields do not make such an action.
    """
    body = {**stamp(), "kind": kind, **fields}
    if kind == "photo" and "photo" not in fields:
        return PhotoDraft.model_validate(body)
    return _ACTION.validate_python(body)


class Release:
    """When an action may leave the pillar: what keeps feedback apart from its author in time.

    A scan, an answer and the like leave at once. An anonymous note or photo waits
    for the next minute boundary (and a jitter drawn once per boundary), so every
    item written in one minute leaves together; whoever reads the hub's data
    afterwards can tell the minute, not which of that minute's attendees wrote it.
    The feedback credit, which names its ticket, leaves 1 to 3 minute boundaries
    after its item's, so it cannot mark the item's batch either.

    Args:
        clock: seconds since the epoch, as :func:`time.time` gives them (tests move their own).
        rng: the chance for jitters and credit minutes.
    """

    def __init__(
        self, clock: Callable[[], float] = time.time, rng: random.Random | None = None
    ) -> None:
        self.clock = clock
        self.rng = rng or random.SystemRandom()
        self._jitter: dict[int, float] = {}  # minute number: seconds after it

    def not_before(self, kind: str) -> float:
        """When a new action of ``kind`` may leave (seconds since the epoch)."""
        if kind in ANONYMOUS_KINDS or kind in OPINION_KINDS:
            return self._boundary(1)
        if kind == "credit":
            return self._boundary(1 + self.rng.randint(*CREDIT_MINUTES))
        return self.clock()

    def _boundary(self, minutes: int) -> float:
        minute = math.floor(self.clock() / 60) + minutes
        if minute not in self._jitter:
            for old in [m for m in self._jitter if m < minute - 10]:
                del self._jitter[old]
            self._jitter[minute] = self.rng.uniform(*RELEASE_JITTER_S)
        return minute * 60 + self._jitter[minute]


# Rows of these kinds get a random rowid: held a while, they must not sit beside the
# scan or credit (with its ticket) written just before or after them.
_HELD_KINDS = ANONYMOUS_KINDS | OPINION_KINDS | {"credit"}


class Outbox:
    """The pillar's SQLite file.

    Args:
        path: the file; created when missing.
        release: when actions may leave (the anonymity rules, on the pillar's clock).
    """

    def __init__(self, path: Path, release: Release | None = None) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        self.path = path
        self.release = release or Release()
        # seals what the hub acknowledged (see KEEP_S); in memory only, never on disk
        self._keep_key = AESGCM.generate_key(bit_length=128)
        self._db = sqlite3.connect(str(path), isolation_level=None, check_same_thread=False)
        self._db.execute("PRAGMA journal_mode = WAL")
        self._db.execute("PRAGMA synchronous = FULL")  # done means on disk
        # a forgotten action's bytes are overwritten, not left in free space: a note
        # beside the ticket scanned before it would say whose it is
        self._db.execute("PRAGMA secure_delete = ON")
        for statement in _SCHEMA.split(";"):
            if statement.strip():
                self._db.execute(statement)
        columns = {row[1] for row in self._db.execute("PRAGMA table_info(outbox)")}
        if "stuck" not in columns:  # a file from before actions could be parked
            self._db.execute("ALTER TABLE outbox ADD COLUMN stuck INTEGER NOT NULL DEFAULT 0")

    def close(self) -> None:
        """Close the file."""
        self._db.close()

    # -- settings ----------------------------------------------------------------------

    def get(self, key: str, default: str | None = None) -> str | None:
        """A stored setting."""
        row = self._db.execute("SELECT value FROM settings WHERE key = ?", [key]).fetchone()
        return row[0] if row else default

    def put(self, key: str, value: str | None) -> None:
        """Store (or with None: forget) a setting."""
        if value is None:
            self._db.execute("DELETE FROM settings WHERE key = ?", [key])
        else:
            self._db.execute(
                "INSERT INTO settings (key, value) VALUES (?, ?)"
                " ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                [key, value],
            )

    def get_json(self, key: str) -> Any:  # any JSON a setting holds: its reader checks it
        """A stored JSON value, or None."""
        raw = self.get(key)
        return json.loads(raw) if raw is not None else None

    def put_json(self, key: str, value: Any) -> None:
        """Store a JSON value."""
        self.put(key, json.dumps(value, ensure_ascii=False))

    # -- actions --------------------------------------------------------------------------

    def queue(self, action: Queued, *, photo_path: str | None = None) -> str:
        """Commit an action (its JSON, as the wire sends it) and return its id.

        It may leave when :attr:`release` says: at once, or (a note, a photo, a
        feedback credit) at a later minute boundary.

        Args:
            action: the action; a :class:`PhotoDraft` with the ``photo_path`` to upload.
            photo_path: the JPEG to upload before sending a photo action.
        """
        body = action.model_dump_json(exclude_none=True)
        # a held row's place in the table says nothing of when it came (see _HELD_KINDS)
        rowid = random.SystemRandom().getrandbits(62) if action.kind in _HELD_KINDS else None
        self._db.execute(
            "INSERT INTO outbox (rowid, id, kind, body, photo_path, not_before)"
            " VALUES (?, ?, ?, ?, ?, ?)",
            [
                rowid,
                str(action.id),
                action.kind,
                body,
                photo_path,
                self.release.not_before(action.kind),
            ],
        )
        return str(action.id)

    def add(self, kind: str, fields: Mapping[str, object], *, photo_path: str | None = None) -> str:
        """Commit an action built from plain fields (with a new random UUID); returns its id.

        Raises:
            ValueError: the fields do not make an action of ``kind``.
        """
        return self.queue(build(kind, fields), photo_path=photo_path)

    def add_feedback_credit(self, ticket: str, workshop: str | None) -> str:
        """Queue the feedback bonus, to leave minutes after the note or photo it is for."""
        credit = protocol.CreditAction(**stamp(), ticket=ticket, workshop=workshop or None)
        return self.queue(credit)

    def due(
        self, limit: int = 200, *, anonymous: bool = False, opinions: bool = False
    ) -> list[Pending]:
        """The next batch ready to send (photos need their upload first; not stuck ones).

        A batch holds one group only: anonymous items, answers to questions of
        opinion, or the rest. A note sent beside a scan or a credit would be tied to
        its ticket; an answer sent beside a scan, to the moment of that visit.

        Args:
            limit: at most this many.
            anonymous: the notes and photos due, in a random order.
            opinions: the answers to ratings, polls and votes due, in a random order.
                Neither: every other action due, in the order they came (held
                credits anywhere).
        """
        if anonymous and opinions:
            raise ValueError("one group at a time")
        held = sorted(ANONYMOUS_KINDS | OPINION_KINDS)
        if anonymous or opinions:
            kinds = sorted(ANONYMOUS_KINDS if anonymous else OPINION_KINDS)
            where = f"kind IN ({','.join('?' * len(kinds))})"
        else:
            kinds, where = held, f"kind NOT IN ({','.join('?' * len(held))})"
        rows = self._db.execute(
            "SELECT id, kind, body, photo_path, attempts, stuck FROM outbox"
            f" WHERE not_before <= ? AND stuck != ? AND {where} ORDER BY rowid",
            [self.release.clock(), STUCK, *kinds],
        ).fetchall()
        if anonymous or opinions:
            self.release.rng.shuffle(rows)
        return [_pending(r) for r in rows[:limit]]

    def pending(self) -> list[Pending]:
        """Every action held, due or not, stuck ones included, oldest first."""
        rows = self._db.execute(
            "SELECT id, kind, body, photo_path, attempts, stuck FROM outbox ORDER BY rowid"
        ).fetchall()
        return [_pending(r) for r in rows]

    def pending_credits(self, ticket: str) -> int:
        """How many feedback credits for this ticket have not left the pillar yet."""
        return sum(
            1
            for (body,) in self._db.execute("SELECT body FROM outbox WHERE kind = 'credit'")
            if json.loads(body).get("ticket") == ticket
        )

    def count(self) -> int:
        """How many actions wait, due or not, stuck ones included."""
        return int(self._db.execute("SELECT count(*) FROM outbox").fetchone()[0])

    def stuck(self) -> int:
        """How many actions are parked because the hub failed on them."""
        row = self._db.execute("SELECT count(*) FROM outbox WHERE stuck = ?", [STUCK]).fetchone()
        return int(row[0])

    def set_photo(self, action_id: str, photo: str) -> None:
        """Record the hub's name for an uploaded photo in its action."""
        row = self._db.execute("SELECT body FROM outbox WHERE id = ?", [action_id]).fetchone()
        if row:
            body = json.loads(row[0])
            body["photo"] = photo
            self._db.execute(
                "UPDATE outbox SET body = ?, photo_path = NULL WHERE id = ?",
                [json.dumps(body, ensure_ascii=False), action_id],
            )

    def done(self, ids: list[str], keep: list[protocol.AnyAction] | None = None) -> None:
        """Forget actions the hub has answered for (applied, duplicate or rejected).

        Deleted rows are zeroed (``secure_delete``) and the write-ahead log is
        emptied, so the file keeps no note or answer beside its ticket once the
        hub has them: a stolen pillar tells no more than the wall showed.

        Args:
            ids: the actions answered for.
            keep: those the hub took, kept for :data:`KEEP_S` in case a standby hub
                that lacks them takes over (see :meth:`kept`).
        """
        until = (time.time() + KEEP_S) // 60 * 60 + 60  # on the minute: none in order
        with self._transaction():
            self._db.executemany("DELETE FROM outbox WHERE id = ?", [(i,) for i in ids])
            self._db.executemany(
                "INSERT OR IGNORE INTO kept (id, body, until) VALUES (?, ?, ?)",
                [(self._seal_id(str(a.id)), self._seal(_coarse(a)), until) for a in keep or ()],
            )
            self._db.execute("DELETE FROM kept WHERE until <= ?", [time.time()])
        self._db.execute("PRAGMA wal_checkpoint(TRUNCATE)")

    def kept(self) -> list[protocol.AnyAction]:
        """The acknowledged actions still kept (in no meaningful order).

        Rows sealed by an earlier run of the pillar cannot be opened and are left out.
        """
        rows = self._db.execute(
            "SELECT body FROM kept WHERE until > ? ORDER BY id", [time.time()]
        ).fetchall()
        opened = (self._open(body) for (body,) in rows)
        return [action for action in opened if action is not None]

    def _seal(self, action: protocol.AnyAction) -> bytes:
        """``action``'s wire form encrypted with this run's key (a fresh nonce in front)."""
        nonce = os.urandom(12)
        plain = action.model_dump_json(exclude_none=True).encode()
        return nonce + AESGCM(self._keep_key).encrypt(nonce, plain, None)

    def _open(self, sealed: object) -> protocol.AnyAction | None:
        """A sealed action, or None when this run's key does not open it."""
        if not isinstance(sealed, bytes) or len(sealed) < 13:
            return None
        try:
            plain = AESGCM(self._keep_key).decrypt(sealed[:12], sealed[12:], None)
            return _ACTION.validate_json(plain)
        except (InvalidTag, ValidationError):
            return None

    def _seal_id(self, action_id: str) -> str:
        """A kept row's key: the action id hashed with this run's key (no order, no link)."""
        return hmac.new(self._keep_key, action_id.encode(), hashlib.sha256).hexdigest()[:32]

    def forget_kept(self) -> int:
        """Forget the kept actions whose time is up (zeroed, log emptied); returns how many."""
        cursor = self._db.execute("DELETE FROM kept WHERE until <= ?", [time.time()])
        if cursor.rowcount:
            self._db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        return cursor.rowcount

    def _transaction(self) -> _Commit:
        """The connection as a context manager that commits (autocommit mode otherwise)."""
        self._db.execute("BEGIN")
        return _Commit(self._db)

    def failed(self, ids: list[str], error: str) -> None:
        """Note a failed attempt (the actions stay queued)."""
        self._db.executemany(
            "UPDATE outbox SET attempts = attempts + 1, last_error = ? WHERE id = ?",
            [(error[:300], i) for i in ids],
        )

    def park(self, action_id: str, error: str) -> None:
        """Set an action aside: the hub failed on it alone; kept, but not sent again."""
        self._db.execute(
            "UPDATE outbox SET stuck = ?, attempts = attempts + 1, last_error = ? WHERE id = ?",
            [STUCK, error[:300], action_id],
        )

    def release_stuck(self) -> int:
        """Let the parked actions go to the hub once more (staff asked); returns how many."""
        cursor = self._db.execute("UPDATE outbox SET stuck = ? WHERE stuck = ?", [RETRY, STUCK])
        return cursor.rowcount

    # -- what this pillar knows of attendees ---------------------------------------------

    def mark_answered(self, attendee_id: int, question_ids: list[int]) -> None:
        """Remember questions an attendee answered (here or, per the hub, elsewhere)."""
        self._db.executemany(
            "INSERT OR IGNORE INTO answered (attendee_id, question_id) VALUES (?, ?)",
            [(attendee_id, q) for q in question_ids],
        )

    def answered(self, attendee_id: int) -> set[int]:
        """Questions this attendee is known to have answered."""
        return {
            r[0]
            for r in self._db.execute(
                "SELECT question_id FROM answered WHERE attendee_id = ?", [attendee_id]
            )
        }

    def mark_responded(self, attendee_id: int, poll_id: int, part: str) -> None:
        """Remember that an attendee answered a question of opinion here (never what)."""
        self._db.execute(
            "INSERT OR IGNORE INTO responded (attendee_id, poll_id, part) VALUES (?, ?, ?)",
            [attendee_id, poll_id, part],
        )

    def responded(self, attendee_id: int) -> set[tuple[int, str]]:
        """The (question, part) pairs of opinion this attendee answered here."""
        return {
            (int(r[0]), str(r[1]))
            for r in self._db.execute(
                "SELECT poll_id, part FROM responded WHERE attendee_id = ?", [attendee_id]
            )
        }

    def count_feedback(self, attendee_id: int, workshop: str) -> int:
        """Count one more piece of feedback by an attendee here; returns the new count."""
        self._db.execute(
            "INSERT INTO feedback_given (attendee_id, workshop, count) VALUES (?, ?, 1)"
            " ON CONFLICT DO UPDATE SET count = count + 1",
            [attendee_id, workshop],
        )
        row = self._db.execute(
            "SELECT count FROM feedback_given WHERE attendee_id = ? AND workshop = ?",
            [attendee_id, workshop],
        ).fetchone()
        return int(row[0])


class _Commit:
    """Commits a transaction begun by hand on leaving, or rolls it back on an error."""

    def __init__(self, db: sqlite3.Connection) -> None:
        self.db = db

    def __enter__(self) -> sqlite3.Connection:
        return self.db

    def __exit__(self, kind: object, *rest: object) -> None:
        self.db.execute("ROLLBACK" if kind is not None else "COMMIT")


def _coarse(action: protocol.AnyAction) -> protocol.AnyAction:
    """An action to keep: an anonymous one's time only to the minute, as the hub stores it."""
    if action.kind in ANONYMOUS:
        return action.model_copy(update={"at": action.at.replace(second=0, microsecond=0)})
    return action


def _pending(row: tuple[Any, ...]) -> Pending:
    body = json.loads(row[2])
    return Pending(row[0], row[1], body, row[3], row[4], row[5] == RETRY, read_action(body))
