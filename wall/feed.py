"""The wall's link to the hub: the shared live feed, plus what a wall shows beside it.

The stream itself (snapshot, events resumed by ``Last-Event-ID``, the link
states) is :class:`shared.device.feed.LiveFeed`; the snapshot carries each
question's results as last published to walls, and ``results`` events their
updates (kept by :class:`wall.results.ResultBook`). A wall also fetches the
event's branding and questions, the quiz figures and the photos it shows. Each
of those is None while the hub is out of reach: the wall keeps what it shows.
"""

from __future__ import annotations

import logging

from pydantic import TypeAdapter

from shared import protocol
from shared.device.errors import HubError
from shared.device.feed import LiveFeed
from shared.protocol import API

log = logging.getLogger("zuil.wall.feed")


class WallFeed(LiveFeed):
    """Follows the hub's live stream for a wall, and fetches what its scenes need."""

    async def content(self) -> protocol.ContentResponse | None:
        """The event's content (branding, workshops, questions), or None when out of reach."""
        try:
            response = await self.call("GET", f"{API}/content")
        except HubError:
            return None
        return protocol.ContentResponse.model_validate_json(response.content)

    async def stats(self) -> protocol.Stats | None:
        """Quiz and feedback figures for the scenes."""
        try:
            response = await self.call("GET", f"{API}/stats")
        except HubError:
            return None
        return protocol.Stats.model_validate_json(response.content)

    async def media(self, name: str) -> bytes | None:
        """A branding file's bytes (the event's font), or None when out of reach."""
        try:
            return (await self.call("GET", f"{API}/media/{name}")).content
        except HubError:
            return None

    async def photo(self, name: str) -> bytes | None:
        """A photo's JPEG bytes."""
        try:
            return (await self.call("GET", f"{API}/photos/{name}.jpg")).content
        except HubError:
            return None

    async def cafe(self) -> protocol.CafeView | None:
        """The work session a wall shows (counts, revealed ideas), or None when there is none.

        See :func:`choose_session` for which one.
        """
        try:
            response = await self.call("GET", f"{API}/cafe")
            sessions = SESSIONS.validate_json(response.content)
            chosen = choose_session(sessions)
            if chosen is None:
                return None
            response = await self.call("GET", f"{API}/cafe/{chosen}/wall")
        except HubError as error:
            if error.status not in (0, 404):
                log.info("work session not fetched: %s", error)
            return None
        return protocol.CafeView.model_validate_json(response.content)


SESSIONS: TypeAdapter[list[protocol.CafeStatus]] = TypeAdapter(list[protocol.CafeStatus])


def choose_session(sessions: list[protocol.CafeStatus]) -> int | None:
    """The session a wall follows; None when the event has none.

    One under way (the last in the programme, if several), else the last one
    harvested (the room keeps its outcome in view), else the first yet to begin,
    whose opening the wall shows until its first round starts.
    """
    begun = [s.session for s in sessions if s.session.phase != "ready"]
    if begun:
        return max(enumerate(begun), key=lambda e: (e[1].phase != "harvest", e[0]))[1].id
    return sessions[0].session.id if sessions else None
