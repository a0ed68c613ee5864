"""The pillar's calls to the hub: content pull, outbox push, photos, points.

A thin layer over :class:`shared.device.connection.HubConnection` (the timeouts,
the resend of a request that lost its connection, :class:`HubError`).

Network trouble is expected at a venue: every call turns it into a status for
the staff indicator and leaves the outbox as it was, to try again later.

A batch the hub itself fails on (a 5xx, or a reply that cannot be read) is
another matter: sent again as it is, it would fail again and hold up all that
is queued behind it. It is sent again in halves, halved until the action the
hub fails on stands alone; that one is parked in the outbox as stuck, for staff
to retry, and the rest flows. The hub applies each action id once, so sending
an action again in a half is harmless.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import httpx
from pydantic import ValidationError

from kiosk.content import Content
from kiosk.outbox import Outbox, Pending, PhotoDraft, Stored
from shared import protocol
from shared.device.connection import HubConnection, pair
from shared.device.errors import HubError, error_message
from shared.protocol import API

log = logging.getLogger("zuil.kiosk.sync")

TIMEOUT = httpx.Timeout(5.0, connect=2.0)  # an attendee waits for a few calls


@dataclass
class SyncStatus:
    """How the pillar's link to the hub is doing, for staff."""

    online: bool = False
    last_contact: datetime | None = None
    clock_offset_s: float | None = None
    queued: int = 0
    stuck: int = 0
    last_error: str = ""
    unpaired: bool = False


# What one batch holds: the outbox's actions, as the wire has them. A row that
# cannot be read as an action goes as it was stored: the hub rejects it alone.
Outgoing = protocol.AnyAction | Stored


def outgoing(item: Pending, photo: str | None = None) -> Outgoing:
    """The action to send for an outbox row (``photo``: the hub's name for its upload)."""
    action = item.action
    if isinstance(action, PhotoDraft):
        return action.with_photo(photo) if photo else dict(item.body)
    if action is None:
        return {**item.body, "photo": photo} if photo else dict(item.body)
    return action


def ident(action: Outgoing) -> str:
    """An outgoing action's id, as the outbox keys it."""
    return str(action.get("id")) if isinstance(action, dict) else str(action.id)


def kind_of(action: Outgoing) -> str:
    """An outgoing action's kind, for the log."""
    return str(action.get("kind")) if isinstance(action, dict) else action.kind


def wire(action: Outgoing) -> Stored:
    """An outgoing action's JSON form."""
    if isinstance(action, dict):
        return action
    return action.model_dump(mode="json", exclude_none=True)


@dataclass(frozen=True)
class Failed:
    """A batch the hub did not take.

    Attributes:
        reason: why, for the log and the outbox.
        whole: refused as a whole, whatever it holds (halves would fare the same).
    """

    reason: str
    whole: bool = False


class HubClient(HubConnection):
    """The pillar's calls to the hub over one connection, with explicit timeouts.

    Args:
        base_url: the hub.
        token: this pillar's bearer token.
        outbox: the pillar's outbox.
    """

    def __init__(self, base_url: str, token: str, outbox: Outbox) -> None:
        super().__init__(base_url, token, TIMEOUT, posts_repeatable=True)
        self.outbox = outbox
        self.status = SyncStatus(queued=outbox.count(), stuck=outbox.stuck())
        # the hub that answered last (its identity): one that differs is a standby that
        # took over, and gets again what the last one acknowledged (Outbox.kept)
        self.hub_id: str | None = outbox.get("hub_id")
        self._replay = False
        # one push at a time: two would both send the rows neither has seen answered yet
        self._pushing = asyncio.Lock()

    def _offline(self, error: Exception | str) -> None:
        self.status.online = False
        self.status.last_error = str(error)[:200] or type(error).__name__
        log.info("hub unreachable: %s", self.status.last_error)

    def _contact(self, hub_time: datetime | None = None) -> None:
        self.status.online = True
        self.status.last_error = ""
        self.status.last_contact = datetime.now(UTC)
        if hub_time is not None:
            self.status.clock_offset_s = (hub_time - datetime.now(UTC)).total_seconds()

    async def _reach(self, method: str, url: str, **kwargs: object) -> httpx.Response | None:
        """The hub's response, or None when it is out of reach or refuses this pillar."""
        try:
            response = await self.send(method, url, **kwargs)
        except HubError as error:
            self._offline(error.detail or str(error))
            return None
        self._met(response.headers.get(protocol.HUB_HEADER))
        if response.status_code == 401:
            self.status.unpaired = True
            self._offline("this pillar's token was refused: pair it again")
            return None
        return response

    def _met(self, hub_id: str | None) -> None:
        """Note which hub answered; a new one (a standby that took over) gets the kept actions."""
        if not hub_id or hub_id == self.hub_id:
            return
        if self.hub_id is not None:
            log.warning(
                "a new hub answers (%s, was %s): sending kept actions again", hub_id, self.hub_id
            )
            self._replay = True
        self.hub_id = hub_id
        self.outbox.put("hub_id", hub_id)

    async def _send_kept(self) -> None:
        """Send the new hub what the last one acknowledged; it applies each action id once."""
        kept = self.outbox.kept()
        for start in range(0, len(kept), protocol.MAX_BATCH):
            batch: list[Outgoing] = list(kept[start : start + protocol.MAX_BATCH])
            reply = await self._send(batch)
            if not isinstance(reply, protocol.SyncResponse):
                return  # out of reach or failing: again at the next round
            applied = sum(r.fate is protocol.Fate.APPLIED for r in reply.results)
            log.warning(
                "sent %d kept actions again: %d were new to this hub", len(reply.results), applied
            )
        self._replay = False

    async def _request(self, method: str, url: str, **kwargs: object) -> httpx.Response | None:
        response = await self._reach(method, url, **kwargs)
        if response is not None and response.status_code >= 500:
            self._offline(f"hub error {response.status_code}")
            return None
        return response

    async def pull(self, content: Content) -> bool:
        """Fetch what changed since the content's cursor; True if anything changed."""
        response = await self._request("GET", f"{API}/content", params={"cursor": content.cursor})
        if response is None or response.status_code != 200:
            return False
        changed = content.merge(protocol.ContentResponse.model_validate_json(response.content))
        # what is happening now, for the attract screen: the top 5, the latest notes
        now = await self._request("GET", f"{API}/now")
        if now is not None and now.status_code == 200:
            shown = protocol.NowResponse.model_validate_json(now.content)
            changed = changed or (shown.top, shown.notes) != (content.top, content.notes)
            content.top, content.notes = shown.top, shown.notes
        self._contact()
        self.outbox.put_json("content", content.to_json())
        return changed

    async def push(self, batch_size: int = 200) -> int:
        """Send what the outbox holds (photos uploaded first); returns how many were answered.

        Pushes run one at a time: a second waits for the first, then sends what is left.
        """
        async with self._pushing:
            answered = await self._push(batch_size)
        self.status.queued = self.outbox.count()
        self.status.stuck = self.outbox.stuck()
        return answered

    async def _push(self, batch_size: int) -> int:
        """Send the actions due: first those that may name a ticket, then answers, then notes.

        The answers to questions of opinion and the anonymous items (notes, photos
        and their uploads) go in batches of their own, shuffled, after the scans
        they depend on: nothing sent with them marks whose they are, and their order
        says nothing of who came when (see :class:`kiosk.outbox.Release`).
        """
        answered = 0
        self.outbox.forget_kept()
        for anonymous, opinions in ((False, False), (False, True), (True, False)):
            delivered, go_on = await self._push_group(
                batch_size, anonymous=anonymous, opinions=opinions
            )
            answered += delivered
            if not go_on:
                break
        if self._replay:  # the new hub answered this round's last batch: no round's wait
            await self._send_kept()
        return answered

    async def _push_group(
        self, batch_size: int, *, anonymous: bool, opinions: bool = False
    ) -> tuple[int, bool]:
        """Send the due actions of one group; how many were answered, and whether to go on."""
        answered = 0
        go_on = True
        while True:
            if self._replay:  # a new hub: what the last one acknowledged goes again first
                await self._send_kept()
            due = self.outbox.due(batch_size, anonymous=anonymous, opinions=opinions)
            if not due:
                break
            retry = {p.id for p in due if p.retry}
            actions: list[Outgoing] = []
            photos_failed: list[tuple[Outgoing, str]] = []
            for item in due:
                if item.photo_path is not None:
                    uploaded = await self._upload(item.id, item.photo_path)
                    if uploaded is None:
                        go_on = False
                        break  # the hub is out of reach: try again later, in order
                    if isinstance(uploaded, Failed):
                        # the hub fails on it
                        photos_failed.append((outgoing(item), uploaded.reason))
                        continue
                    if not uploaded:
                        continue  # refused for good: dropped, with an error in the log
                    actions.append(outgoing(item, uploaded))
                else:
                    actions.append(outgoing(item))
            delivered, took = await self._deliver(actions, retry) if actions else (0, False)
            answered += delivered
            self._set_aside(photos_failed, retry, took_some=took)
            if actions and not took:
                go_on = False
            if not took or len(due) < batch_size:
                break
        return answered, go_on

    async def _deliver(self, actions: list[Outgoing], retry: set[str]) -> tuple[int, bool]:
        """Send one batch, in halves where the hub fails on it.

        An action the hub still fails on alone is parked, but only once the hub
        took some other part of the batch (or staff asked for this one more try):
        when nothing gets through, the hub is failing on everything, not on one
        action, and the batch stays queued as it is for when the hub is mended.

        Args:
            actions: the batch, oldest first.
            retry: ids of actions staff released from the stuck ones.

        Returns:
            How many actions the hub answered for, and whether to go on with the
            next batch (False when the hub is out of reach or failing on everything).
        """
        parts = [actions]
        alone: list[tuple[Outgoing, str]] = []  # failed on its own, with why
        answered = 0
        took_some = False
        # halving one bad action out of n costs about log2(n) failed sends; more than
        # that with nothing getting through means the hub fails on every batch
        blind = len(actions).bit_length() + 2
        while parts:
            part = parts.pop(0)
            reply = await self._send(part)
            if isinstance(reply, protocol.SyncResponse):
                took_some = True
                answered += self._settle(part, reply)
                continue
            if reply is None or reply.whole:
                # out of reach, or refused as a whole (not by what it holds): keep it all
                left = [a for p in (part, *parts) for a in p] + [a for a, _ in alone]
                self.outbox.failed([ident(a) for a in left], self.status.last_error)
                return answered, False
            if len(part) > 1:
                half = len(part) // 2
                log.warning(
                    "the hub failed on a batch of %d actions (%s): sending it in halves",
                    len(part),
                    reply.reason,
                )
                parts[:0] = [part[:half], part[half:]]
            else:
                alone.append((part[0], reply.reason))
            if not took_some:
                blind -= 1
                if blind < 0:
                    break
        why = alone[-1][1] if alone else "hub error"
        self.outbox.failed([ident(a) for p in parts for a in p], why)
        self._set_aside(alone, retry, took_some)
        if not took_some:
            self._offline(why)
        return answered, took_some

    def _set_aside(
        self, alone: list[tuple[Outgoing, str]], retry: set[str], took_some: bool
    ) -> None:
        """Park the actions the hub failed on alone, once it is known to take others.

        Args:
            alone: each action the hub failed on by itself, with why.
            retry: ids of actions staff released from the stuck ones: parked again at once.
            took_some: the hub took other actions meanwhile, so it is these that fail.
        """
        for action, why in alone:
            if took_some or ident(action) in retry:
                log.error(
                    "the hub fails on a %s action alone (%s): set aside as stuck for staff",
                    kind_of(action),
                    why,
                )
                self.outbox.park(ident(action), why)
            else:
                self.outbox.failed([ident(action)], why)

    async def _send(self, actions: list[Outgoing]) -> protocol.SyncResponse | Failed | None:
        """POST one batch: the hub's reply, why it failed, or None when it is out of reach."""
        request = protocol.SyncRequest(
            device_clock=datetime.now(UTC),
            outbox=self.outbox.count(),
            actions=[wire(a) for a in actions],
        )
        response = await self._reach("POST", f"{API}/sync", json=request.model_dump(mode="json"))
        if response is None:
            return None
        if response.status_code >= 500:
            return Failed(f"hub error {response.status_code}: {error_message(response)}")
        if response.status_code in (413, 422):
            # too big or too many for the hub: smaller parts get through
            return Failed(f"HTTP {response.status_code}: {error_message(response)}")
        if response.status_code != 200:
            # the batch itself was refused, whatever it holds: say why, try again later
            self.status.last_error = error_message(response)
            return Failed(error_message(response), whole=True)
        try:
            result = protocol.SyncResponse.model_validate_json(response.content)
        except ValidationError as error:
            return Failed(f"unreadable reply: {error.errors()[0]['msg']}"[:200])
        if any(not 0 <= r.index < len(actions) for r in result.results):
            return Failed("unreadable reply: an answer for an action not sent")
        return result

    def _settle(self, actions: list[Outgoing], result: protocol.SyncResponse) -> int:
        """Forget what the hub answered for; returns how many."""
        self._contact(result.received_at)
        for r in result.results:
            if r.fate is protocol.Fate.REJECTED:
                log.warning("hub rejected a %s action: %s", kind_of(actions[r.index]), r.reason)
        done = [ident(actions[r.index]) for r in result.results]
        took = [
            action
            for r in result.results
            if r.fate is not protocol.Fate.REJECTED
            and not isinstance(action := actions[r.index], dict)  # no model reads it: nor the hub
        ]
        self.outbox.done(done, keep=took)
        return len(done)

    async def _upload(self, action_id: str, path: str) -> str | Failed | None:
        """Upload a photo: its name at the hub, "" if dropped for good, None if offline.

        A 5xx or an unreadable reply is returned as :class:`Failed`: the hub fails
        on this photo, and it waits (or is parked) while the rest goes on.
        """
        try:
            data = Path(path).read_bytes()
        except OSError as error:
            log.error("photo %s is gone (%s); the photo action is dropped", path, error)
            self.outbox.done([action_id])
            return ""
        response = await self._reach(
            "POST", f"{API}/photos", content=data, headers={"Content-Type": "image/jpeg"}
        )
        if response is None:
            return None
        if response.status_code >= 500:
            return Failed(f"hub error {response.status_code}: {error_message(response)}")
        if response.status_code != 200:
            log.error("the hub refused a photo: %s", error_message(response))
            self.outbox.done([action_id])
            return ""
        try:
            stored = protocol.PhotoStored.model_validate_json(response.content)
        except ValidationError as error:
            return Failed(f"unreadable reply: {error.errors()[0]['msg']}"[:200])
        self.outbox.set_photo(action_id, stored.photo)
        # the hub has it: the pillar's copy goes
        with contextlib.suppress(OSError):
            Path(path).unlink()
        return stored.photo

    async def media(self, name: str) -> bytes | None:
        """A branding image (logo, venue map) from the hub, or None."""
        response = await self._request("GET", f"{API}/media/{name}")
        if response is None or response.status_code != 200:
            return None
        return response.content

    async def points(self, ticket: str) -> protocol.PointsResponse | None:
        """An attendee's points from the hub, or None when it cannot be asked now."""
        response = await self._request("POST", f"{API}/points", json={"ticket": ticket})
        if response is None or response.status_code != 200:
            return None
        self._contact()
        return protocol.PointsResponse.model_validate_json(response.content)


__all__ = ["Failed", "HubClient", "HubError", "SyncStatus", "pair"]
