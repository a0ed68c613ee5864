"""The event store: one data folder's SQLite file, as the command line and the tools use it.

The engine (writer thread, group commit, read connections) is
:class:`shared.db.Engine`; what the rows mean lives in modules named for what
they hold: :mod:`shared.programme` (the event, workshops, questions, agenda),
:mod:`shared.attendees` and :mod:`shared.ticketbook`. A :class:`Store` is an
engine that applies the migrations, with a blocking method for each thing a
script asks often. The hub never blocks: it awaits the same functions through
:class:`shared.db.LoopAccess`.
"""

from __future__ import annotations

from pathlib import Path

from shared import attendees, eventfile, programme, ticketbook
from shared.attendees import AttendeeRow, Counts, Registered
from shared.db import Engine, StoreError, utcnow
from shared.migrations import migrations
from shared.programme import EventRow, WorkshopRow
from shared.roster import NewAttendee
from shared.ticketbook import TICKET_LEAD_DAYS, TicketRecord

__all__ = ["TICKET_LEAD_DAYS", "Store", "StoreError", "TicketRecord", "utcnow"]


class Store(Engine):
    """The event store of one data folder.

    Args:
        path: the SQLite file; created and migrated when needed.
        replicated: Litestream replicates the file and does the checkpoints.

    """

    def __init__(self, path: Path, *, replicated: bool = False) -> None:
        super().__init__(path, prepare=migrations.apply, autocheckpoint=not replicated)

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- event content ----------

    def event(self) -> EventRow | None:
        """The event row, or None when no event was imported yet."""
        return self.read(programme.event)

    def import_event(self, content: eventfile.EventFile, media: dict[str, str]) -> None:
        """Put an event file's content in the store (see :func:`shared.programme.import_event`)."""
        self.write(programme.import_event, content, media)

    def export_event(self, media_names: dict[str, str] | None = None) -> eventfile.EventFile:
        """The store's content as an event file (see :func:`shared.programme.export_event`)."""
        return self.read(programme.export_event, media_names)

    def workshops(self) -> list[WorkshopRow]:
        """All workshops in programme order."""
        return self.read(programme.workshops)

    # -- attendees ----------

    def attendee_identities(self) -> set[str]:
        """The identity keys of everyone registered."""
        return self.read(attendees.identities)

    def add_attendees(self, new: list[NewAttendee]) -> list[int]:
        """Store attendees in one transaction: all of them, or none.

        Raises:
            StoreError: a workshop code is unknown or an attendee is already registered.

        """
        return self.write(attendees.add, new)

    def attendees(self) -> list[Registered]:
        """Every attendee with their workshop codes, by id."""
        return self.read(attendees.everyone)

    def attendee(self, attendee_id: int) -> AttendeeRow | None:
        """One attendee, or None."""
        return self.read(attendees.one, attendee_id)

    def stats(self) -> Counts:
        """Headline counts, and the same counts per workshop."""
        return self.read(attendees.stats)

    # -- tickets ----------

    def add_ticket_key(self, public_key: bytes) -> int:
        """Record a new public ticket key and return its key id."""
        return self.write(ticketbook.add_key, public_key)

    def public_keys(self) -> dict[int, bytes]:
        """Every public ticket key of the event by key id."""
        return self.read(ticketbook.public_keys)

    def revoked_serials(self) -> set[int]:
        """Serials of tickets that were replaced."""
        return self.read(ticketbook.revoked_serials)

    def issue_ticket(self, attendee_id: int, key_id: int, *, reissue: bool = False) -> TicketRecord:
        """Return the attendee's ticket, making one when needed.

        Args:
            attendee_id: whose ticket.
            key_id: the signing key in use.
            reissue: revoke the current ticket and make a new serial (a lost ticket).

        Raises:
            StoreError: no such attendee, or no event yet.

        """
        return self.write(ticketbook.issue, attendee_id, key_id, reissue=reissue)

    def issue_tickets(self, attendee_ids: list[int], key_id: int) -> list[TicketRecord]:
        """The current tickets of many attendees, made where missing, in one transaction.

        Raises:
            StoreError: an attendee is unknown, or no event yet (then nothing is issued).

        """
        return self.write(ticketbook.issue_many, attendee_ids, key_id)

    def ticket(self, serial: int) -> TicketRecord | None:
        """One ticket by serial, or None."""
        return self.read(ticketbook.ticket, serial)
