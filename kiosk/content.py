"""What a pillar knows of the event: pulled from the hub with a cursor, cached on disk.

That is the event, its workshops, quiz questions and agenda, the ticket keys and
revocations, the attendees, and the questions of opinion (ratings, recommend
questions, polls, naming votes with their approved proposals, open questions).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, NotRequired, TypedDict

from pydantic import TypeAdapter

from shared import protocol
from shared.tickets import TicketVerifier

Dumped = dict[str, object]
"""One wire model's JSON form (``model_dump(mode="json")``)."""


class PublicKeyJson(TypedDict):
    """A ticket key as :class:`protocol.PublicKey` reads it: the key in hex."""

    key_id: int
    public_key: str


class CachedContent(TypedDict):
    """The cache on disk: a :class:`protocol.ContentResponse` of everything, plus more.

    ``top`` and ``notes``: what is happening now (:class:`protocol.NowResponse`).
    """

    cursor: int
    event: Dumped | None
    workshops: list[Dumped]
    questions: list[Dumped]
    agenda: list[Dumped]
    keys: list[PublicKeyJson]
    revoked: list[int]
    attendees: list[Dumped]
    polls: list[Dumped]
    sessions: list[Dumped]
    top: list[Dumped]
    notes: NotRequired[list[Dumped]]


_STANDINGS: TypeAdapter[list[protocol.Standing]] = TypeAdapter(list[protocol.Standing])
_NOTES: TypeAdapter[list[protocol.WallItem]] = TypeAdapter(list[protocol.WallItem])


@dataclass
class Content:
    """The event's content as this pillar last saw it.

    Attributes:
        cursor: the hub's revision this content is current to.
    """

    cursor: int = 0
    event: protocol.EventInfo | None = None
    workshops: dict[int, protocol.WorkshopInfo] = field(default_factory=dict)
    questions: dict[int, protocol.QuestionInfo] = field(default_factory=dict)
    agenda: dict[int, protocol.AgendaInfo] = field(default_factory=dict)
    keys: dict[int, bytes] = field(default_factory=dict)
    revoked: set[int] = field(default_factory=set)
    attendees: dict[int, protocol.AttendeeInfo] = field(default_factory=dict)
    polls: dict[int, protocol.PollInfo] = field(default_factory=dict)
    sessions: dict[int, protocol.WorkSessionInfo] = field(default_factory=dict)
    top: list[protocol.Standing] = field(default_factory=list)
    notes: list[protocol.WallItem] = field(default_factory=list)  # the latest on the walls

    def merge(self, update: protocol.ContentResponse) -> bool:
        """Apply what changed since the cursor; True if anything did."""
        changed = bool(
            update.event
            or update.workshops
            or update.questions
            or update.agenda
            or update.keys
            or update.revoked
            or update.attendees
            or update.polls
            or update.sessions
            or update.deleted
        )
        if update.event:
            self.event = update.event
        for w in update.workshops:
            self.workshops[w.id] = w
        for q in update.questions:
            self.questions[q.id] = q
        for a in update.agenda:
            self.agenda[a.id] = a
        for k in update.keys:
            self.keys[k.key_id] = bytes.fromhex(k.public_key)
        self.revoked.update(update.revoked)
        for person in update.attendees:
            self.attendees[person.id] = person
        for poll in update.polls:
            self.polls[poll.id] = poll
        for session in update.sessions:
            self.sessions[session.id] = session
        tables: dict[str, dict[int, Any]] = {
            "workshops": self.workshops,
            "questions": self.questions,
            "agenda": self.agenda,
            "attendees": self.attendees,
            "ticket_keys": self.keys,
            "polls": self.polls,
            "work_sessions": self.sessions,
        }
        for gone in update.deleted:
            if gone.kind in tables:
                tables[gone.kind].pop(gone.key, None)
        self.cursor = update.cursor
        return changed

    def verifier(self) -> TicketVerifier | None:
        """A verifier for tickets of this event, or None before the first pull."""
        if self.event is None or not self.keys:
            return None
        return TicketVerifier(event_id=self.event.uid, public_keys=self.keys, revoked=self.revoked)

    def workshop_by_code(self, code: str | None) -> protocol.WorkshopInfo | None:
        """A workshop by its code."""
        if code is None:
            return None
        return next((w for w in self.workshops.values() if w.code.upper() == code.upper()), None)

    def quiz(self, workshop: protocol.WorkshopInfo | None) -> list[protocol.QuestionInfo]:
        """A workshop's questions in order."""
        if workshop is None:
            return []
        return sorted(
            (q for q in self.questions.values() if q.workshop_id == workshop.id),
            key=lambda q: q.position,
        )

    def agenda_for(self, attendee: protocol.AttendeeInfo | None) -> list[protocol.AgendaInfo]:
        """The programme: plenary lines plus the attendee's own workshops."""
        codes = {c.upper() for c in attendee.workshops} if attendee else set()
        mine = {w.id for w in self.workshops.values() if w.code.upper() in codes}
        lines = [a for a in self.agenda.values() if a.workshop_id is None or a.workshop_id in mine]
        return sorted(lines, key=lambda a: (a.starts, a.position))

    def to_json(self) -> CachedContent:
        """Everything, for the cache on disk."""
        return {
            "cursor": self.cursor,
            "event": self.event.model_dump(mode="json") if self.event else None,
            "workshops": [w.model_dump(mode="json") for w in self.workshops.values()],
            "questions": [q.model_dump(mode="json") for q in self.questions.values()],
            "agenda": [a.model_dump(mode="json") for a in self.agenda.values()],
            "keys": [{"key_id": k, "public_key": v.hex()} for k, v in self.keys.items()],
            "revoked": sorted(self.revoked),
            "attendees": [a.model_dump(mode="json") for a in self.attendees.values()],
            "polls": [p.model_dump(mode="json") for p in self.polls.values()],
            "sessions": [s.model_dump(mode="json") for s in self.sessions.values()],
            "top": [s.model_dump(mode="json") for s in self.top],
            "notes": [n.model_dump(mode="json") for n in self.notes],
        }

    @classmethod
    def from_json(cls, data: Mapping[str, object] | None) -> Content:
        """The cached content (an empty one if there is none or it is unreadable).

        Args:
            data: :meth:`to_json`'s form as read back from disk, not yet checked.
        """
        content = cls()
        if not data:
            return content
        try:
            content.merge(
                protocol.ContentResponse.model_validate(
                    {k: v for k, v in data.items() if k not in ("top", "notes")}
                )
            )
            content.top = _STANDINGS.validate_python(data.get("top", []))
            content.notes = _NOTES.validate_python(data.get("notes", []))
        except ValueError:
            return cls()
        return content
