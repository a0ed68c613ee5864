"""The desk's connection to the hub: one typed method per desk endpoint (async httpx).

Every failure becomes a :class:`~shared.device.errors.HubError` with a message staff
can read (the hub's own message where it sent one), never a traceback.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any, TypeVar
from uuid import uuid4

import httpx
from pydantic import BaseModel, TypeAdapter

from kiosk.desk.kept import KeptWalkIns
from shared import protocol
from shared.device.connection import HubConnection
from shared.eventfile import EventFile
from shared.protocol import API

log = logging.getLogger("zuil.desk")
M = TypeVar("M", bound=BaseModel)
TIMEOUT = httpx.Timeout(15.0, connect=3.0)  # bulk calls (every ticket, the report) take a while


class DeskClient(HubConnection):
    """Staff calls to the hub.

    Args:
        base_url: the hub.
        token: the desk's bearer token.
    """

    def __init__(self, base_url: str, token: str, kept: KeptWalkIns | None = None) -> None:
        super().__init__(base_url, token, TIMEOUT)
        self.kept = kept
        # the hub that answered last (its identity): a new one may have missed the last
        # walk-ins, so it gets the kept ones first
        self.hub_id: str | None = None
        self.on_replayed: Callable[[list[protocol.ReplayedWalkIn]], None] | None = None

    async def _call(
        self, method: str, url: str, *, again: bool = False, **kwargs: Any
    ) -> httpx.Response:
        """The hub's answer (below 400); a new hub first gets the kept walk-ins.

        Only the answer tells which hub gave it: when it is a new one, a read (a GET,
        or ``again``: a lookup, a walk-in under its desk id) is asked again after the
        kept walk-ins arrived, so it sees them.
        """
        response = await self.call(method, url, **kwargs)
        hub_id = response.headers.get(protocol.HUB_HEADER)
        if hub_id and hub_id != self.hub_id:
            met_before, self.hub_id = self.hub_id is not None, hub_id
            if met_before and await self.send_kept() and (again or method == "GET"):
                response = await self.call(method, url, **kwargs)
        return response

    async def send_kept(self) -> list[protocol.ReplayedWalkIn]:
        """Send the kept walk-ins to the hub (a new one); what it made of each.

        Raises:
            HubError: the hub did not take them (they stay kept for the next new hub).
        """
        kept = self.kept.all() if self.kept is not None else []
        if not kept:
            return []
        log.warning("a new hub answers (%s): sending %d kept walk-ins", self.hub_id, len(kept))
        response = await self.call(
            "POST", f"{API}/attendees/kept", json=[k.model_dump(mode="json") for k in kept]
        )
        replies = TypeAdapter(list[protocol.ReplayedWalkIn]).validate_json(response.content)
        if self.on_replayed is not None:
            self.on_replayed(replies)
        return replies

    async def _get(self, model: type[M], url: str, **params: Any) -> M:
        response = await self._call("GET", url, params=params)
        return model.model_validate_json(response.content)

    async def _list(self, item: type[M], method: str, url: str, **kwargs: Any) -> list[M]:
        response = await self._call(method, url, **kwargs)
        return TypeAdapter(list[item]).validate_json(response.content)  # type: ignore[valid-type]

    # -- event ----------

    async def content(self) -> protocol.ContentResponse:
        """The event, workshops, agenda and map (branding for tickets)."""
        return await self._get(protocol.ContentResponse, f"{API}/content")

    async def media(self, name: str) -> bytes:
        """A media file (logo, map)."""
        return (await self._call("GET", f"{API}/media/{name}")).content

    # -- attendees and tickets ----------

    async def search(self, query: str, limit: int = 200) -> list[protocol.AttendeeSummary]:
        """Attendees matching a query (name, organisation, e-mail)."""
        return await self._list(
            protocol.AttendeeSummary, "GET", f"{API}/attendees", params={"q": query, "limit": limit}
        )

    async def everyone(self) -> list[protocol.AttendeeSummary]:
        """The whole registration list."""
        return await self.search("", limit=100_000)

    async def register(self, walk_in: protocol.WalkIn) -> protocol.IssuedTicket:
        """Register a walk-in; returns their new ticket (kept a while for a new hub)."""
        if walk_in.client_id is None:
            walk_in = walk_in.model_copy(update={"client_id": uuid4()})
        response = await self._call(
            "POST", f"{API}/attendees", json=walk_in.model_dump(mode="json"), again=True
        )
        ticket = protocol.IssuedTicket.model_validate_json(response.content)
        if self.kept is not None:
            self.kept.add(walk_in, ticket)
        return ticket

    async def ticket(self, attendee_id: int, *, reissue: bool = False) -> protocol.IssuedTicket:
        """An attendee's current ticket; ``reissue`` revokes it and makes a new one."""
        response = await self._call(
            "POST", f"{API}/attendees/{attendee_id}/ticket", json={"reissue": reissue}
        )
        return protocol.IssuedTicket.model_validate_json(response.content)

    async def tickets(self, ids: list[int] | None = None) -> list[protocol.IssuedTicket]:
        """Current tickets of many attendees (all when ``ids`` is None)."""
        return await self._list(
            protocol.IssuedTicket, "POST", f"{API}/tickets/bulk", json={"ids": ids}
        )

    async def printed(self, serial: int) -> None:
        """Note that a ticket was printed."""
        await self._call("POST", f"{API}/tickets/{serial}/printed")

    async def lookup(self, text: str) -> protocol.LookupResult:
        """Whose ticket a scanned text is, and its verdict."""
        response = await self._call(
            "POST", f"{API}/tickets/lookup", json={"ticket": text[:400]}, again=True
        )
        return protocol.LookupResult.model_validate_json(response.content)

    async def roster(
        self, rows: list[dict[str, str]], *, first_line: int = 2, commit: bool = False
    ) -> protocol.RosterOutcome:
        """Check (``commit`` False) or import a mapped registration list."""
        body = {"rows": rows, "first_line": first_line, "commit": commit}
        response = await self._call("POST", f"{API}/roster", json=body)
        return protocol.RosterOutcome.model_validate_json(response.content)

    # -- personal links ----------

    async def messaging(self) -> protocol.MessagingInfo:
        """Which channels the hub can send on."""
        return await self._get(protocol.MessagingInfo, f"{API}/links/settings")

    async def deliveries(self) -> list[protocol.Delivery]:
        """Every delivery's status."""
        return await self._list(protocol.Delivery, "GET", f"{API}/links")

    async def send_links(
        self, channel: protocol.Channel, ids: list[int] | None = None, *, resend: bool = False
    ) -> int:
        """Queue personal links; returns how many were queued."""
        body = protocol.SendLinks(channel=channel, ids=ids, resend=resend).model_dump()
        response = await self._call("POST", f"{API}/links/send", json=body)
        return int(response.json()["queued"])

    # -- the organiser's view ----------

    async def dashboard(self) -> protocol.Dashboard:
        """The live figures, scans over time and pillar health."""
        return await self._get(protocol.Dashboard, f"{API}/dashboard")

    async def report(self) -> protocol.Report:
        """The report's content as it stands now."""
        return await self._get(protocol.Report, f"{API}/report")

    async def purge(self) -> protocol.PurgeResponse:
        """Remove personal data on the hub (organisers; after the event)."""
        response = await self._call("POST", f"{API}/purge", json={"confirm": "JA"})
        return protocol.PurgeResponse.model_validate_json(response.content)

    # -- ratings, polls and votes ----------

    async def poll_results(self) -> list[protocol.PollResult]:
        """Every question's results now, as the organiser sees them."""
        return await self._list(protocol.PollResult, "GET", f"{API}/polls/results")

    async def poll_texts(self, state: str, poll_id: int | None = None) -> list[protocol.PollText]:
        """Comments, open answers and proposals in a state (pending, visible, hidden, all)."""
        params: dict[str, str | int] = {"state": state}
        if poll_id is not None:
            params["poll"] = poll_id
        return await self._list(protocol.PollText, "GET", f"{API}/polls/texts", params=params)

    async def moderate_poll_text(
        self, text_id: int, edit: protocol.PollTextEdit
    ) -> protocol.PollText:
        """Show, hide or correct a comment, open answer or proposal; returns it as stored."""
        response = await self._call(
            "PUT", f"{API}/polls/texts/{text_id}", json=edit.model_dump(exclude_none=True)
        )
        return protocol.PollText.model_validate_json(response.content)

    async def paper_tally(self, poll_id: int, tally: protocol.PaperTally) -> protocol.PollResult:
        """Replace a question's tally from paper or a show of hands; its results now."""
        response = await self._call("PUT", f"{API}/polls/{poll_id}/paper", json=tally.model_dump())
        return protocol.PollResult.model_validate_json(response.content)

    async def control_poll(
        self, poll_id: int, control: protocol.PollControl
    ) -> protocol.PollResult:
        """Open or close a question by hand (or leave it to its times), set a vote's phase."""
        response = await self._call(
            "PUT", f"{API}/polls/{poll_id}/control", json=control.model_dump()
        )
        return protocol.PollResult.model_validate_json(response.content)

    # -- event content (organisers) ----------

    async def event_content(self) -> EventFile:
        """The event's content, as the event file has it."""
        return await self._get(EventFile, f"{API}/event")

    async def put_event_content(self, content: EventFile) -> EventFile:
        """Replace the event's content; returns it as stored."""
        response = await self._call("PUT", f"{API}/event", json=content.model_dump(mode="json"))
        return EventFile.model_validate_json(response.content)

    async def put_branding(self, field: str, data: bytes) -> str:
        """Replace the logo or the venue map; returns the stored file name."""
        response = await self._call("PUT", f"{API}/event/{field}", content=data)
        return str(response.json()[field])

    # -- moderation ----------

    async def items(self, state: str) -> list[protocol.ModerationItem]:
        """Notes and photos in a state: pending, visible, hidden or all."""
        return await self._list(
            protocol.ModerationItem, "GET", f"{API}/moderation/items", params={"state": state}
        )

    async def moderate(self, item_id: str, action: str) -> str:
        """Approve, hide or restore an item; returns its new state."""
        response = await self._call(
            "POST", f"{API}/moderation/moderate", params={"id": item_id, "action": action}
        )
        return str(response.json()["state"])

    async def settings(self) -> protocol.ModerationSettings:
        """The event's moderation modes."""
        return await self._get(protocol.ModerationSettings, f"{API}/moderation/settings")

    async def set_settings(self, settings: protocol.ModerationSettings) -> None:
        """Change the moderation modes."""
        await self._call("PUT", f"{API}/moderation/settings", json=settings.model_dump())

    async def words(self) -> list[str]:
        """The word list that holds notes back."""
        return (await self._get(protocol.WordList, f"{API}/moderation/words")).words

    async def set_words(self, words: list[str]) -> list[str]:
        """Replace the word list; returns it as stored."""
        response = await self._call("PUT", f"{API}/moderation/words", json={"words": words})
        return protocol.WordList.model_validate_json(response.content).words

    async def photo(self, name: str) -> bytes:
        """A photo's JPEG bytes (for the moderation queue)."""
        return (await self._call("GET", f"{API}/photos/{name}.jpg")).content
