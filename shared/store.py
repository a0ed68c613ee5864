"""The event store: one SQLite file (WAL) written by one thread, read by any.

Every write is a function of a ``sqlite_utils.Database`` run on the writer
thread. Writes that queue up while one runs are committed together (group
commit), each inside its own savepoint so one failing write never takes its
neighbours down. Readers use their own connection per thread. An event loop
waits for its writes with :meth:`Store.submit_async`: after a commit the
writer wakes each loop once for all of that loop's writes.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import queue
import secrets
import sqlite3
import threading
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any, TypeVar

from sqlite_utils import Database

from shared import eventfile, scoring
from shared.migrations import migrations
from shared.roster import NewAttendee, identity
from shared.tickets import EPOCH, LAST_DAY

log = logging.getLogger("zuil.store")

T = TypeVar("T")
WriteJob = Callable[[Database], T]
# a concurrent future for threads, an asyncio one for an event loop
Waiter = Future[Any] | asyncio.Future[Any]

_MAX_BATCH = 256
# A ticket works from this many days before the event (personal links go out early).
TICKET_LEAD_DAYS = 60


def utcnow() -> str:
    """The current UTC time as an ISO string with microseconds (sorts as text)."""
    return datetime.now(UTC).isoformat(timespec="microseconds")


def _minute(timestamp: str) -> str:
    return timestamp[:16]


@dataclass(frozen=True)
class TicketRecord:
    """A ticket as stored (the token is made from it by the hub's signer)."""

    serial: int
    attendee_id: int
    key_id: int
    valid_from: date
    valid_until: date
    issued_at: str
    revoked_at: str | None


class StoreError(Exception):
    """A write that cannot be done, with a message a person can act on."""


class Store:
    """The event store of one data folder.

    Args:
        path: the SQLite file; created and migrated when needed.

    """

    def __init__(self, path: Path) -> None:
        self.path = path
        self._jobs: queue.SimpleQueue[tuple[WriteJob[Any], Waiter] | None] = queue.SimpleQueue()
        self._local = threading.local()
        self._commit_listeners: list[Callable[[], None]] = []
        self._readers: list[Database] = []
        self._readers_lock = threading.Lock()
        ready: Future[None] = Future()
        self._writer = threading.Thread(
            target=self._run_writer, args=(ready,), name="zuil-store-writer", daemon=True
        )
        self._writer.start()
        ready.result()
        self._closed = False

    # -- machinery ----------

    @staticmethod
    def _connect(path: Path) -> Database:
        # Each connection is used by one thread, but closed by close() on another.
        db = Database(sqlite3.connect(str(path), check_same_thread=False))
        db.execute("PRAGMA busy_timeout = 10000")
        db.execute("PRAGMA foreign_keys = ON")
        return db

    def _run_writer(self, ready: Future[None]) -> None:
        try:
            db = self._connect(self.path)
            db.enable_wal()
            # FULL: an action acknowledged to a pillar survives a power cut.
            db.execute("PRAGMA synchronous = FULL")
            migrations.apply(db)
        except BaseException as error:  # reported to the constructor's caller
            ready.set_exception(error)
            return
        ready.set_result(None)
        while True:
            item = self._jobs.get()
            if item is None:
                break
            batch = [item]
            while len(batch) < _MAX_BATCH:
                try:
                    more = self._jobs.get_nowait()
                except queue.Empty:
                    break
                if more is None:
                    self._jobs.put(None)
                    break
                batch.append(more)
            if self._run_batch(db, batch):
                for listener in list(self._commit_listeners):
                    try:
                        listener()
                    except Exception:  # a listener's bug must not stop the writer
                        log.exception("commit listener failed")
        db.close()

    @staticmethod
    def _run_batch(db: Database, batch: list[tuple[WriteJob[Any], Waiter]]) -> bool:
        if len(batch) == 1:
            return Store._run_alone(db, *batch[0])
        outcomes: list[tuple[Waiter, bool, Any]] = []
        conn = db.conn
        try:
            with db.atomic():
                for job, future in batch:
                    if not _claim(future):
                        continue
                    conn.execute("SAVEPOINT job")  # one failing write leaves the others be
                    try:
                        value = job(db)
                    except Exception as error:
                        if conn.in_transaction:
                            conn.execute("ROLLBACK TO job")
                            conn.execute("RELEASE job")
                        outcomes.append((future, False, error))
                    else:
                        conn.execute("RELEASE job")
                        outcomes.append((future, True, value))
        except BaseException as error:  # the commit itself failed: nothing was written
            _settle([(future, False, error) for _, future in batch])
            return False
        _settle(outcomes)
        return True

    @staticmethod
    def _run_alone(db: Database, job: WriteJob[Any], future: Waiter) -> bool:
        """A write that is alone in its transaction: no savepoint, its failure undoes only it.

        Under a steady load most commits hold one job (the hub's sync groups its
        pillars' batches into one), and a savepoint is two statements more, each
        letting go of the GIL and waiting to take it back from a busy event loop.
        """
        if not _claim(future):
            return False
        try:
            with db.atomic():
                value = job(db)
        except BaseException as error:  # the write or its commit failed: nothing was written
            _settle([(future, False, error)])
            return False
        _settle([(future, True, value)])
        return True

    def add_commit_listener(self, listener: Callable[[], None]) -> None:
        """Call ``listener`` on the writer thread after every committed batch of writes."""
        self._commit_listeners.append(listener)

    def submit(self, job: WriteJob[T]) -> Future[T]:
        """Queue a write; the future resolves once it is committed."""
        if self._closed:
            raise StoreError("the store is closed")
        future: Future[T] = Future()
        if threading.current_thread() is self._writer:
            raise StoreError("a write job may not wait for another write job")
        self._jobs.put((job, future))
        return future

    def write(self, job: WriteJob[T]) -> T:
        """Run a write on the writer thread and wait until it is committed."""
        return self.submit(job).result()

    def submit_async(self, job: WriteJob[T]) -> asyncio.Future[T]:
        """Queue a write from the running event loop; await the result once committed.

        Cheaper than wrapping :meth:`submit`'s future: the writer wakes the loop
        once per group commit, not once per write.
        """
        if self._closed:
            raise StoreError("the store is closed")
        future: asyncio.Future[T] = asyncio.get_running_loop().create_future()
        self._jobs.put((job, future))
        return future

    @property
    def db(self) -> Database:
        """This thread's read connection."""
        db: Database | None = getattr(self._local, "db", None)
        if db is None:
            db = self._connect(self.path)
            self._local.db = db
            with self._readers_lock:
                self._readers.append(db)
        return db

    @contextmanager
    def snapshot(self) -> Iterator[Database]:
        """A read connection holding one consistent view for several queries.

        A read that fails hands its connection back closed: a query left half-read
        keeps its statement (the cursor lives on in the exception's traceback), and
        in WAL mode an unfinished statement holds its snapshot, so every later read
        on this thread's connection would see the database as it was then.
        """
        db = self.db
        try:
            with db.atomic():
                yield db
        except BaseException:
            self._discard(db)
            raise

    def _discard(self, db: Database) -> None:
        """Close this thread's read connection; the next read opens a fresh one."""
        self._local.db = None
        with self._readers_lock:
            if db in self._readers:
                self._readers.remove(db)
        db.close()

    def close(self) -> None:
        """Finish queued writes and close every connection."""
        if self._closed:
            return
        self._closed = True
        self._jobs.put(None)
        self._writer.join()
        with self._readers_lock:
            for db in self._readers:
                db.close()
            self._readers.clear()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def scalar(self, sql: str, params: Iterable[Any] = ()) -> Any:
        """The first column of the first row of a query, or None."""
        row = self.db.execute(sql, list(params)).fetchone()
        return row[0] if row else None

    # -- event content ----------

    def event(self) -> dict[str, Any] | None:
        """The event row, or None when no event was imported yet."""
        rows = list(self.db.query("SELECT * FROM event WHERE id = 1"))
        return rows[0] if rows else None

    def import_event(self, content: eventfile.EventFile, media: dict[str, str]) -> None:
        """Put an event file's content in the store, replacing the previous content.

        Workshops are matched by code and questions by position, so ids that
        answers refer to stay stable when an organiser edits and re-imports.

        Args:
            content: the validated event file.
            media: stored file names for the branding images (``logo``, ``map``).

        """
        ev = content.event

        def job(db: Database) -> None:
            current = db.execute("SELECT uid FROM event WHERE id = 1").fetchone()
            uid = current[0] if current else secrets.randbits(32)
            row = {
                "id": 1,
                "uid": uid,
                "name": ev.name,
                "starts": ev.starts.isoformat(),
                "ends": ev.ends.isoformat(),
                "venue": ev.venue,
                "tagline": ev.tagline,
                "info": ev.info,
                "moderation": ev.moderation.value,
                "photo_moderation": ev.photo_moderation.value,
                "feedback_bonus": ev.feedback_bonus,
                "feedback_cap": ev.feedback_cap,
                "primary_colour": ev.branding.primary,
                "secondary_colour": ev.branding.secondary,
                "background_colour": ev.branding.background,
                "logo": media.get("logo"),
                "map": media.get("map"),
            }
            if _changed(db, "event", 1, row):
                db.table("event").upsert(row, pk="id")
            codes: dict[str, int] = {}
            for position, ws in enumerate(content.workshops):
                existing = db.execute(
                    "SELECT id FROM workshops WHERE code = ?", [ws.code]
                ).fetchone()
                values = {
                    "code": ws.code,
                    "position": position,
                    "title": ws.title,
                    "room": ws.room,
                    "starts": ws.starts.isoformat(timespec="minutes") if ws.starts else None,
                    "ends": ws.ends.isoformat(timespec="minutes") if ws.ends else None,
                    "teaser": ws.teaser,
                    "info": ws.info,
                    "map_x": ws.map_x,
                    "map_y": ws.map_y,
                }
                if existing:
                    if _changed(db, "workshops", existing[0], values):
                        db.table("workshops").update(existing[0], values)
                    workshop_id = int(existing[0])
                else:
                    workshop_id = int(db.table("workshops").insert(values).last_pk or 0)
                codes[ws.code.upper()] = workshop_id
                for q_pos, q in enumerate(ws.questions):
                    qrow = {
                        "workshop_id": workshop_id,
                        "position": q_pos,
                        "text": q.text,
                        "kind": q.kind.value,
                        "options": json.dumps(q.options, ensure_ascii=False),
                        "correct": q.correct,
                        "explanation": q.explanation,
                        "points": q.points,
                    }
                    found = db.execute(
                        "SELECT id FROM questions WHERE workshop_id = ? AND position = ?",
                        [workshop_id, q_pos],
                    ).fetchone()
                    if found:
                        if _changed(db, "questions", found[0], qrow):
                            db.table("questions").update(found[0], qrow)
                    else:
                        db.table("questions").insert(qrow)
                db.execute(
                    "DELETE FROM questions WHERE workshop_id = ? AND position >= ? "
                    "AND id NOT IN (SELECT question_id FROM answers)",
                    [workshop_id, len(ws.questions)],
                )
            db.execute("DELETE FROM agenda")
            for position, slot in enumerate(content.agenda):
                db.table("agenda").insert(
                    {
                        "position": position,
                        "starts": slot.starts.isoformat(timespec="minutes"),
                        "ends": slot.ends.isoformat(timespec="minutes") if slot.ends else None,
                        "title": slot.title,
                        "room": slot.room,
                        "workshop_id": codes.get(slot.workshop.upper()) if slot.workshop else None,
                    }
                )

        self.write(job)

    def export_event(self, media_names: dict[str, str] | None = None) -> eventfile.EventFile:
        """The store's content as an event file.

        Args:
            media_names: file names to write for ``logo`` and ``map`` in the file.

        """
        names = media_names or {}
        with self.snapshot() as db:
            ev = next(db.query("SELECT * FROM event WHERE id = 1"), None)
            if ev is None:
                raise StoreError("no event in this data folder yet")
            workshops = list(db.query("SELECT * FROM workshops ORDER BY position, id"))
            questions = list(db.query("SELECT * FROM questions ORDER BY workshop_id, position"))
            agenda = list(
                db.query(
                    "SELECT agenda.*, workshops.code AS code FROM agenda "
                    "LEFT JOIN workshops ON workshops.id = agenda.workshop_id "
                    "ORDER BY agenda.position"
                )
            )
        by_workshop: dict[int, list[dict[str, Any]]] = {}
        for q in questions:
            by_workshop.setdefault(q["workshop_id"], []).append(
                {
                    "text": q["text"],
                    "kind": q["kind"],
                    "options": json.loads(q["options"]),
                    "correct": q["correct"],
                    "explanation": q["explanation"],
                    "points": q["points"],
                }
            )
        data: dict[str, Any] = {
            "event": {
                "name": ev["name"],
                "starts": ev["starts"],
                "ends": ev["ends"],
                "venue": ev["venue"],
                "tagline": ev["tagline"],
                "info": ev["info"],
                "moderation": ev["moderation"],
                "photo_moderation": ev["photo_moderation"],
                "feedback_bonus": ev["feedback_bonus"],
                "feedback_cap": ev["feedback_cap"],
                "branding": {
                    "primary": ev["primary_colour"],
                    "secondary": ev["secondary_colour"],
                    "background": ev["background_colour"],
                    "logo": names.get("logo"),
                    "map": names.get("map"),
                },
            },
            "workshops": [
                {
                    "code": w["code"],
                    "title": w["title"],
                    "room": w["room"],
                    "starts": w["starts"],
                    "ends": w["ends"],
                    "teaser": w["teaser"],
                    "info": w["info"],
                    "map_x": w["map_x"],
                    "map_y": w["map_y"],
                    "questions": by_workshop.get(w["id"], []),
                }
                for w in workshops
            ],
            "agenda": [
                {
                    "starts": a["starts"],
                    "ends": a["ends"],
                    "title": a["title"],
                    "room": a["room"],
                    "workshop": a["code"],
                }
                for a in agenda
            ],
        }
        return eventfile.parse(_drop_none(data), "store")

    def workshops(self) -> list[dict[str, Any]]:
        """All workshops in programme order."""
        return list(self.db.query("SELECT * FROM workshops ORDER BY position, id"))

    def workshop_by_code(self, code: str) -> dict[str, Any] | None:
        """One workshop by its code (case-insensitive), or None."""
        return next(self.db.query("SELECT * FROM workshops WHERE code = ?", [code]), None)

    # -- attendees ----------

    def attendee_identities(self) -> set[str]:
        """The identity keys (see :meth:`NewAttendee.identity`) of everyone registered."""
        rows = self.db.query("SELECT first_name, last_name, organisation, email FROM attendees")
        return {
            identity(r["first_name"], r["last_name"], r["organisation"], r["email"]) for r in rows
        }

    def add_attendees(self, attendees: list[NewAttendee]) -> list[int]:
        """Store attendees in one transaction: all of them, or none.

        Raises:
            StoreError: a workshop code is unknown or an attendee is already registered.

        """

        def job(db: Database) -> list[int]:
            workshops = {
                r["code"].upper(): r["id"] for r in db.query("SELECT id, code FROM workshops")
            }
            now = utcnow()
            ids: list[int] = []
            for attendee in attendees:
                unknown = [c for c in attendee.workshops if c.upper() not in workshops]
                if unknown:
                    raise StoreError(f"unknown workshop code(s): {', '.join(unknown)}")
                if (
                    attendee.email
                    and db.execute(
                        "SELECT 1 FROM attendees WHERE email = ? COLLATE NOCASE", [attendee.email]
                    ).fetchone()
                ):
                    raise StoreError(f"already registered: {attendee.email}")
                cursor = db.execute(
                    "INSERT INTO attendees (first_name, last_name, organisation, email, phone,"
                    " display, kind, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                    [
                        attendee.first_name,
                        attendee.last_name,
                        attendee.organisation,
                        attendee.email,
                        attendee.phone,
                        attendee.display.value,
                        attendee.kind.value,
                        now,
                    ],
                )
                attendee_id = int(cursor.lastrowid or 0)
                for code in dict.fromkeys(c.upper() for c in attendee.workshops):
                    db.execute(
                        "INSERT INTO attendee_workshops (attendee_id, workshop_id) VALUES (?, ?)",
                        [attendee_id, workshops[code]],
                    )
                ids.append(attendee_id)
            return ids

        return self.write(job)

    def attendees(self) -> list[dict[str, Any]]:
        """Every attendee with their workshop codes, by id."""
        rows = list(
            self.db.query(
                "SELECT a.*, (SELECT group_concat(w.code, ' ') FROM attendee_workshops aw"
                " JOIN workshops w ON w.id = aw.workshop_id WHERE aw.attendee_id = a.id)"
                " AS workshops FROM attendees a ORDER BY a.id"
            )
        )
        for row in rows:
            row["workshops"] = (row["workshops"] or "").split()
        return rows

    def attendee(self, attendee_id: int) -> dict[str, Any] | None:
        """One attendee, or None."""
        return next(self.db.query("SELECT * FROM attendees WHERE id = ?", [attendee_id]), None)

    # -- tickets ----------

    def add_ticket_key(self, public_key: bytes) -> int:
        """Record a new public ticket key and return its key id."""

        def job(db: Database) -> int:
            key_id = int(
                db.execute("SELECT coalesce(max(key_id) + 1, 0) FROM ticket_keys").fetchone()[0]
            )
            if key_id > 255:
                raise StoreError("no more ticket key ids")
            db.execute(
                "INSERT INTO ticket_keys (key_id, public_key, created_at) VALUES (?, ?, ?)",
                [key_id, public_key.hex(), utcnow()],
            )
            return key_id

        return self.write(job)

    def public_keys(self) -> dict[int, bytes]:
        """Every public ticket key of the event by key id."""
        return {
            r["key_id"]: bytes.fromhex(r["public_key"])
            for r in self.db.query("SELECT key_id, public_key FROM ticket_keys")
        }

    def revoked_serials(self) -> set[int]:
        """Serials of tickets that were replaced."""
        return {
            r[0] for r in self.db.execute("SELECT serial FROM tickets WHERE revoked_at IS NOT NULL")
        }

    def issue_ticket(self, attendee_id: int, key_id: int, *, reissue: bool = False) -> TicketRecord:
        """Return the attendee's ticket, making one when needed.

        Args:
            attendee_id: whose ticket.
            key_id: the signing key in use.
            reissue: revoke the current ticket and make a new serial (a lost ticket).

        Raises:
            StoreError: no such attendee, or no event yet.

        """
        return self.write(lambda db: _issue(db, attendee_id, key_id, reissue=reissue))

    def issue_tickets(self, attendee_ids: list[int], key_id: int) -> list[TicketRecord]:
        """The current tickets of many attendees, made where missing, in one transaction.

        Raises:
            StoreError: an attendee is unknown, or no event yet (then nothing is issued).

        """
        return self.write(lambda db: [_issue(db, a, key_id, reissue=False) for a in attendee_ids])

    def ticket(self, serial: int) -> TicketRecord | None:
        """One ticket by serial, or None."""
        return _ticket(self.db, serial)

    # -- what attendees do ----------

    def post_note(self, *, wall: str, text: str, workshop_id: int | None, state: str) -> str:
        """Store an anonymous note and return its random id."""
        note_id = secrets.token_hex(16)
        self.write(
            lambda db: db.execute(
                "INSERT INTO notes (id, wall, text, workshop_id, state, created_minute)"
                " VALUES (?, ?, ?, ?, ?, ?)",
                [note_id, wall, text, workshop_id, state, _minute(utcnow())],
            )
        )
        return note_id

    def credit_feedback(self, attendee_id: int, workshop_id: int) -> int:
        """Count one piece of feedback for the bonus; returns the points it now gives.

        Kept apart from the note itself (see :mod:`shared.migrations`): the ledger
        knows that someone gave feedback at a workshop, never which note.
        """

        def job(db: Database) -> int:
            ev = db.execute("SELECT feedback_bonus, feedback_cap FROM event").fetchone()
            bonus, cap = (ev[0], ev[1]) if ev else (None, None)
            return record_credit(
                db,
                attendee_id,
                workshop_id,
                bonus if bonus is not None else scoring.DEFAULT_FEEDBACK_BONUS,
                cap if cap is not None else scoring.DEFAULT_FEEDBACK_CAP,
            )

        return self.write(job)

    def totals(self) -> dict[int, int]:
        """Points per attendee."""
        return {
            r[0]: r[1]
            for r in self.db.execute(
                "SELECT attendee_id, sum(points) FROM points GROUP BY attendee_id"
            )
        }

    # -- figures ----------

    def stats(self) -> dict[str, Any]:
        """Headline counts, and the same counts per workshop."""
        with self.snapshot() as db:

            def count(sql: str) -> int:
                return int(db.execute(sql).fetchone()[0])

            result: dict[str, Any] = {
                "attendees": count("SELECT count(*) FROM attendees"),
                "tickets": count("SELECT count(*) FROM tickets"),
                "scans": count("SELECT count(*) FROM scans"),
                "answers": count("SELECT count(*) FROM answers"),
                "notes": count("SELECT count(*) FROM notes"),
                "photos": count("SELECT count(*) FROM photos"),
            }
            result["workshops"] = list(
                db.query(
                    """
                    SELECT w.code, w.title,
                      (SELECT count(*) FROM attendee_workshops aw
                         WHERE aw.workshop_id = w.id) AS attendees,
                      (SELECT count(*) FROM tickets t JOIN attendee_workshops aw
                         ON aw.attendee_id = t.attendee_id WHERE aw.workshop_id = w.id)
                         AS tickets,
                      (SELECT count(*) FROM scans s WHERE s.workshop_id = w.id) AS scans,
                      (SELECT count(*) FROM answers a JOIN questions q ON q.id = a.question_id
                         WHERE q.workshop_id = w.id) AS answers,
                      (SELECT count(*) FROM notes n WHERE n.workshop_id = w.id) AS notes,
                      (SELECT count(*) FROM photos p WHERE p.workshop_id = w.id) AS photos
                    FROM workshops w ORDER BY w.position, w.id
                    """
                )
            )
        return result


def record_credit(db: Database, attendee_id: int, workshop_id: int, bonus: int, cap: int) -> int:
    """Count one more piece of feedback in the ledger (inside a write); returns its points now."""
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


def _drop_none(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _drop_none(v) for k, v in value.items() if v is not None}
    if isinstance(value, list):
        return [_drop_none(v) for v in value]
    return value


def _new_serial(db: Database) -> int:
    # Random, so a serial says nothing about how many tickets were issued before it.
    while True:
        serial = secrets.randbelow(2**32 - 1) + 1
        if not db.execute("SELECT 1 FROM tickets WHERE serial = ?", [serial]).fetchone():
            return serial


def _ticket(db: Database, serial: int) -> TicketRecord | None:
    row = db.execute(
        "SELECT serial, attendee_id, key_id, valid_from, valid_until, issued_at, revoked_at"
        " FROM tickets WHERE serial = ?",
        [serial],
    ).fetchone()
    if row is None:
        return None
    return TicketRecord(
        serial=row[0],
        attendee_id=row[1],
        key_id=row[2],
        valid_from=date.fromisoformat(row[3]),
        valid_until=date.fromisoformat(row[4]),
        issued_at=row[5],
        revoked_at=row[6],
    )


def _changed(db: Database, table: str, pk: object, values: dict[str, Any]) -> bool:
    """Whether a stored row differs from ``values``.

    Unchanged rows keep their revision, so pillars do not pull what was not edited.
    """
    row = next(db.query(f"SELECT * FROM {table} WHERE id = ?", [pk]), None)
    return row is None or any(row.get(k) != v for k, v in values.items())


def _issue(db: Database, attendee_id: int, key_id: int, *, reissue: bool) -> TicketRecord:
    """Inside a write job: the attendee's current ticket, made (or remade) when needed."""
    ev = db.execute("SELECT starts, ends FROM event WHERE id = 1").fetchone()
    if ev is None:
        raise StoreError("no event in this data folder yet")
    if not db.execute("SELECT 1 FROM attendees WHERE id = ?", [attendee_id]).fetchone():
        raise StoreError(f"no attendee with id {attendee_id}")
    current = db.execute(
        "SELECT serial FROM tickets WHERE attendee_id = ? AND revoked_at IS NULL",
        [attendee_id],
    ).fetchone()
    if current and not reissue:
        return _existing_ticket(db, int(current[0]))
    now = utcnow()
    if current:
        db.execute("UPDATE tickets SET revoked_at = ? WHERE serial = ?", [now, current[0]])
    serial = _new_serial(db)
    # Within what a ticket can hold, whatever the event's dates: an event stored before
    # its dates were checked (eventfile.FIRST_DAY) must not stop every walk-in.
    lead, day = timedelta(days=TICKET_LEAD_DAYS), timedelta(days=1)
    valid_from = max(date.fromisoformat(ev[0]), EPOCH + lead) - lead
    valid_until = max(min(date.fromisoformat(ev[1]), LAST_DAY - day) + day, valid_from)
    db.execute(
        "INSERT INTO tickets (serial, attendee_id, key_id, valid_from, valid_until,"
        " issued_at) VALUES (?, ?, ?, ?, ?, ?)",
        [serial, attendee_id, key_id, valid_from.isoformat(), valid_until.isoformat(), now],
    )
    return _existing_ticket(db, serial)


def _existing_ticket(db: Database, serial: int) -> TicketRecord:
    ticket = _ticket(db, serial)
    if ticket is None:
        raise StoreError(f"ticket {serial} vanished")
    return ticket


def _claim(future: Waiter) -> bool:
    """Mark a write as started; False when its waiter cancelled it already."""
    if isinstance(future, Future):
        return future.set_running_or_notify_cancel()
    return not future.cancelled()  # racy but harmless: settling checks again


def _settle(outcomes: list[tuple[Waiter, bool, Any]]) -> None:
    """Hand each write's result to whoever waits: threads at once, each event loop in one go."""
    loops: dict[asyncio.AbstractEventLoop, list[tuple[Waiter, bool, Any]]] = {}
    for outcome in outcomes:
        future = outcome[0]
        if isinstance(future, Future):
            _resolve(*outcome)
        else:
            loops.setdefault(future.get_loop(), []).append(outcome)
    for loop, settled in loops.items():
        with contextlib.suppress(RuntimeError):  # a closed loop: nobody waits any more
            loop.call_soon_threadsafe(_settle_on_loop, settled)


def _settle_on_loop(settled: list[tuple[Waiter, bool, Any]]) -> None:
    for outcome in settled:
        _resolve(*outcome)


def _resolve(future: Waiter, ok: bool, value: Any) -> None:
    if future.done():  # cancelled by its waiter
        return
    if ok:
        future.set_result(value)
    else:
        future.set_exception(value)
