"""The people of the event in the store: who registered, and for which workshops.

Functions of a connection: reads for :meth:`shared.db.Engine.read`, writes
(:func:`add`) for :meth:`shared.db.Engine.write`.
"""

from __future__ import annotations

from typing import TypedDict, cast

from sqlite_utils import Database

from shared.db import StoreError, utcnow
from shared.roster import NewAttendee, identity


class AttendeeRow(TypedDict):
    """A row of the ``attendees`` table; ``display`` and ``kind`` as their enums' values."""

    id: int
    first_name: str
    last_name: str
    organisation: str
    email: str | None
    phone: str | None
    display: str
    kind: str
    created_at: str
    rev: int


class Registered(AttendeeRow):
    """An attendee with the codes of their workshops."""

    workshops: list[str]


class WorkshopCounts(TypedDict):
    """One workshop's figures in :func:`stats`."""

    code: str
    title: str
    attendees: int
    tickets: int
    scans: int
    answers: int
    notes: int
    photos: int


class Counts(TypedDict):
    """Headline counts of the event, and the same per workshop."""

    attendees: int
    tickets: int
    scans: int
    answers: int
    notes: int
    photos: int
    workshops: list[WorkshopCounts]


def identities(db: Database) -> set[str]:
    """The identity keys (see :meth:`NewAttendee.identity`) of everyone registered."""
    rows = db.query("SELECT first_name, last_name, organisation, email FROM attendees")
    return {identity(r["first_name"], r["last_name"], r["organisation"], r["email"]) for r in rows}


ID_FLOOR = "attendees"  # the row of ``id_floor`` under new attendee ids


def raise_id_floor(db: Database, gap: int) -> int:
    """Let new attendee ids start ``gap`` past the highest one now; the new floor.

    A standby that takes over does this: the primary may have registered walk-ins it
    did not ship, and their printed tickets name their ids, which must stay free for
    the desk to send them again (see :func:`add`'s ``ids``).
    """
    floor = int(db.execute("SELECT coalesce(max(id), 0) FROM attendees").fetchone()[0]) + gap
    db.execute(
        "INSERT INTO id_floor (name, value) VALUES (?, ?)"
        " ON CONFLICT (name) DO UPDATE SET value = max(value, excluded.value)",
        [ID_FLOOR, floor],
    )
    return floor


def _next_id(db: Database) -> int | None:
    """The id the next attendee gets when a floor is above every id; None: SQLite's own."""
    row = db.execute(
        "SELECT f.value FROM id_floor f WHERE f.name = ?"
        " AND f.value >= (SELECT coalesce(max(id), 0) FROM attendees)",
        [ID_FLOOR],
    ).fetchone()
    return int(row[0]) + 1 if row else None


def add(db: Database, attendees: list[NewAttendee], ids: list[int] | None = None) -> list[int]:
    """Store attendees (inside one write: all of them, or none).

    Args:
        db: the writer's connection.
        attendees: who to register.
        ids: the id each must get (a walk-in sent again to a new hub); None: new ids.

    Raises:
        StoreError: a workshop code is unknown, an attendee is already registered, or
            a given id is taken.

    """
    workshops = {r["code"].upper(): r["id"] for r in db.query("SELECT id, code FROM workshops")}
    now = utcnow()
    wanted = ids if ids is not None else [None] * len(attendees)
    if len(wanted) != len(attendees):
        raise ValueError("one id per attendee")
    added: list[int] = []
    for attendee, given in zip(attendees, wanted, strict=True):
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
        if (
            given is not None
            and db.execute("SELECT 1 FROM attendees WHERE id = ?", [given]).fetchone()
        ):
            raise StoreError(f"attendee id {given} is taken")
        cursor = db.execute(
            "INSERT INTO attendees (id, first_name, last_name, organisation, email, phone,"
            " display, kind, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [
                given if given is not None else _next_id(db),
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
        added.append(attendee_id)
    return added


def everyone(db: Database) -> list[Registered]:
    """Every attendee with their workshop codes, by id."""
    rows = list(
        db.query(
            "SELECT a.*, (SELECT group_concat(w.code, ' ') FROM attendee_workshops aw"
            " JOIN workshops w ON w.id = aw.workshop_id WHERE aw.attendee_id = a.id)"
            " AS workshops FROM attendees a ORDER BY a.id"
        )
    )
    for row in rows:
        row["workshops"] = (row["workshops"] or "").split()
    return cast(list[Registered], rows)


def ids(db: Database) -> list[int]:
    """Every attendee's id, in order."""
    return [int(r[0]) for r in db.execute("SELECT id FROM attendees ORDER BY id")]


def one(db: Database, attendee_id: int) -> AttendeeRow | None:
    """One attendee, or None."""
    row = next(db.query("SELECT * FROM attendees WHERE id = ?", [attendee_id]), None)
    return cast(AttendeeRow | None, row)


_PER_WORKSHOP = """
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


def stats(db: Database) -> Counts:
    """Headline counts, and the same counts per workshop (in one snapshot)."""

    def count(sql: str) -> int:
        return int(db.execute(sql).fetchone()[0])

    return {
        "attendees": count("SELECT count(*) FROM attendees"),
        "tickets": count("SELECT count(*) FROM tickets"),
        "scans": count("SELECT count(*) FROM scans"),
        "answers": count("SELECT count(*) FROM answers"),
        "notes": count("SELECT count(*) FROM notes"),
        "photos": count("SELECT count(*) FROM photos"),
        "workshops": cast(list[WorkshopCounts], list(db.query(_PER_WORKSHOP))),
    }
