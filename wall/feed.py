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

    async def photo(self, name: str) -> bytes | None:
        """A photo's JPEG bytes."""
        try:
            return (await self.call("GET", f"{API}/photos/{name}.jpg")).content
        except HubError:
            return None
