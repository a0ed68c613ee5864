"""Tickets in the store: the event's signing keys and every ticket issued, current or revoked.

Functions of a connection: reads for :meth:`shared.db.Engine.read`, writes
(:func:`add_key`, :func:`issue`, :func:`issue_many`, :func:`restore`) for
:meth:`shared.db.Engine.write`.
The token a ticket becomes is made from its record by the hub's signer.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import date, timedelta

from sqlite_utils import Database

from shared.db import StoreError, utcnow
from shared.tickets import EPOCH, LAST_DAY

# A ticket works from this many days before the event (personal links go out early).
TICKET_LEAD_DAYS = 60


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


def add_key(db: Database, public_key: bytes) -> int:
    """Record a new public ticket key and return its key id."""
    key_id = int(db.execute("SELECT coalesce(max(key_id) + 1, 0) FROM ticket_keys").fetchone()[0])
    if key_id > 255:
        raise StoreError("no more ticket key ids")
    db.execute(
        "INSERT INTO ticket_keys (key_id, public_key, created_at) VALUES (?, ?, ?)",
        [key_id, public_key.hex(), utcnow()],
    )
    return key_id


def public_keys(db: Database) -> dict[int, bytes]:
    """Every public ticket key of the event by key id."""
    return {
        r["key_id"]: bytes.fromhex(r["public_key"])
        for r in db.query("SELECT key_id, public_key FROM ticket_keys")
    }


def revoked_serials(db: Database) -> set[int]:
    """Serials of tickets that were replaced."""
    return {r[0] for r in db.execute("SELECT serial FROM tickets WHERE revoked_at IS NOT NULL")}


def ticket(db: Database, serial: int) -> TicketRecord | None:
    """One ticket by serial, or None."""
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


def issue(db: Database, attendee_id: int, key_id: int, *, reissue: bool = False) -> TicketRecord:
    """The attendee's current ticket, made (or remade) when needed (inside a write).

    Args:
        db: the writer's connection.
        attendee_id: whose ticket.
        key_id: the signing key in use.
        reissue: revoke the current ticket and make a new serial (a lost ticket).

    Raises:
        StoreError: no such attendee, or no event yet.

    """
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
        return _existing(db, int(current[0]))
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
    return _existing(db, serial)


def restore(db: Database, kept: TicketRecord) -> TicketRecord:
    """Store a ticket another hub issued, under its own serial (inside a write).

    A walk-in the desk sends again to a standby that took over keeps the ticket it
    was printed with; that needs its serial free and its key known here.

    Raises:
        StoreError: the serial is taken, or the key is unknown.

    """
    if db.execute("SELECT 1 FROM tickets WHERE serial = ?", [kept.serial]).fetchone():
        raise StoreError(f"ticket serial {kept.serial} is taken")
    if not db.execute("SELECT 1 FROM ticket_keys WHERE key_id = ?", [kept.key_id]).fetchone():
        raise StoreError(f"ticket key {kept.key_id} is unknown here")
    db.execute(
        "INSERT INTO tickets (serial, attendee_id, key_id, valid_from, valid_until,"
        " issued_at) VALUES (?, ?, ?, ?, ?, ?)",
        [
            kept.serial,
            kept.attendee_id,
            kept.key_id,
            kept.valid_from.isoformat(),
            kept.valid_until.isoformat(),
            kept.issued_at,
        ],
    )
    return _existing(db, kept.serial)


def issue_many(db: Database, attendee_ids: list[int], key_id: int) -> list[TicketRecord]:
    """The current tickets of many attendees, made where missing (inside one write).

    Raises:
        StoreError: an attendee is unknown, or no event yet (then nothing is issued).

    """
    return [issue(db, a, key_id) for a in attendee_ids]


def _new_serial(db: Database) -> int:
    # Random, so a serial says nothing about how many tickets were issued before it.
    while True:
        serial = secrets.randbelow(2**32 - 1) + 1
        if not db.execute("SELECT 1 FROM tickets WHERE serial = ?", [serial]).fetchone():
            return serial


def _existing(db: Database, serial: int) -> TicketRecord:
    found = ticket(db, serial)
    if found is None:
        raise StoreError(f"ticket {serial} vanished")
    return found
