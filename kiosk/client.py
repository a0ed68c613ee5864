"""The pillar's connection to the hub: pairing, content pull, outbox push (async httpx).

Network trouble is expected at a venue: every call turns it into a status for
the staff indicator and leaves the outbox as it was, to try again later.
"""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import httpx

from kiosk.content import Content
from kiosk.outbox import Outbox, now_iso
from shared import protocol
from shared.protocol import API

log = logging.getLogger("zuil.kiosk.sync")

TIMEOUT = httpx.Timeout(5.0, connect=2.0)


@dataclass
class SyncStatus:
    """How the pillar's link to the hub is doing, for staff."""

    online: bool = False
    last_contact: datetime | None = None
    clock_offset_s: float | None = None
    queued: int = 0
    last_error: str = ""
    unpaired: bool = False


class HubError(Exception):
    """The hub answered with an error a person can act on.

    Args:
        message: the hub's own message (English), or what went wrong on the way.
        code: the hub's error code (``unauthorized``, ``invalid``...), ``offline`` when the
            hub was out of reach, ``timeout`` when it did not answer in time; screens
            show their own words for it, in their language.
    """

    def __init__(self, message: str, code: str = "") -> None:
        super().__init__(message)
        self.code = code


async def pair(base_url: str, code: str, name: str = "") -> protocol.PairResponse:
    """Trade a pairing code for this pillar's token.

    Raises:
        HubError: the code was refused or the hub cannot be reached.
    """
    try:
        async with httpx.AsyncClient(base_url=base_url, timeout=TIMEOUT) as client:
            response = await client.post(f"{API}/pair", json={"code": code, "name": name})
    except httpx.HTTPError as error:
        raise HubError(f"hub not reachable: {error}", "offline") from None
    if response.status_code != 200:
        raise HubError(error_message(response), error_code(response))
    return protocol.PairResponse.model_validate_json(response.content)


def load_pairing(folder: Path, name: str) -> dict[str, str]:
    """A device's stored pairing (``hub`` and ``token``) from ``folder/name.json``."""
    try:
        return dict(json.loads((folder / f"{name}.json").read_text(encoding="utf-8")))
    except (OSError, ValueError):
        return {}


def save_pairing(folder: Path, name: str, hub: str, token: str) -> None:
    """Remember a device's pairing (readable by its owner only)."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{name}.json"
    path.write_text(json.dumps({"hub": hub, "token": token}), encoding="utf-8")
    path.chmod(0o600)


def error_code(response: httpx.Response) -> str:
    """The hub's error code in an error reply ('' when it sent none)."""
    try:
        return protocol.ErrorBody.model_validate_json(response.content).error.code
    except ValueError:
        return ""


def error_message(response: httpx.Response) -> str:
    """The hub's human message in an error reply (or the HTTP status)."""
    try:
        return protocol.ErrorBody.model_validate_json(response.content).error.message
    except ValueError:
        return f"HTTP {response.status_code}"


class HubClient:
    """One shared ``httpx.AsyncClient`` to the hub, with explicit timeouts.

    Args:
        base_url: the hub.
        token: this pillar's bearer token.
        outbox: the pillar's outbox.
    """

    def __init__(self, base_url: str, token: str, outbox: Outbox) -> None:
        self.outbox = outbox
        self.status = SyncStatus(queued=outbox.count())
        self._client = httpx.AsyncClient(
            base_url=base_url, timeout=TIMEOUT, headers={"Authorization": f"Bearer {token}"}
        )

    async def close(self) -> None:
        """Close the connection pool."""
        await self._client.aclose()

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

    async def _request(self, method: str, url: str, **kwargs: object) -> httpx.Response | None:
        try:
            response = await self._client.request(method, url, **kwargs)  # type: ignore[arg-type]
        except httpx.HTTPError as error:
            self._offline(error)
            return None
        if response.status_code == 401:
            self.status.unpaired = True
            self._offline("this pillar's token was refused: pair it again")
            return None
        if response.status_code >= 500:
            self._offline(f"hub error {response.status_code}")
            return None
        return response

    async def pull(self, content: Content) -> bool:
        """Fetch what changed since the content's cursor; True if anything changed."""
        response = await self._request("GET", f"{API}/content", params={"cursor": content.cursor})
        if response is None or response.status_code != 200:
            return False
        changed = content.merge(protocol.ContentResponse.model_validate_json(response.content))
        board = await self._request("GET", f"{API}/leaderboard", params={"limit": 5})
        if board is not None and board.status_code == 200:
            top = [protocol.Standing.model_validate(s) for s in board.json()]
            changed = changed or top != content.top
            content.top = top
        self._contact()
        self.outbox.put_json("content", content.to_json())
        return changed

    async def push(self, batch_size: int = 200) -> int:
        """Send what the outbox holds (photos uploaded first); returns how many were answered."""
        answered = 0
        while True:
            due = self.outbox.due(batch_size)
            if not due:
                break
            actions = []
            for item in due:
                body = dict(item.body)
                if item.photo_path is not None:
                    uploaded = await self._upload(item.id, item.photo_path)
                    if uploaded is None:
                        break  # the hub is out of reach: try again later, in order
                    if not uploaded:
                        continue  # refused for good: dropped, with an error in the log
                    body["photo"] = uploaded
                actions.append(body)
            if not actions:
                break
            request = {"device_clock": now_iso(), "outbox": self.outbox.count(), "actions": actions}
            response = await self._request("POST", f"{API}/sync", json=request)
            if response is None:
                self.outbox.failed([a["id"] for a in actions], self.status.last_error)
                break
            if response.status_code != 200:
                # the batch itself was refused: keep it, say why, try again later
                self.outbox.failed([a["id"] for a in actions], error_message(response))
                self.status.last_error = error_message(response)
                break
            result = protocol.SyncResponse.model_validate_json(response.content)
            self._contact(result.received_at)
            for r in result.results:
                if r.fate is protocol.Fate.REJECTED:
                    log.warning("hub rejected a %s action: %s", actions[r.index]["kind"], r.reason)
            done = [actions[r.index]["id"] for r in result.results]
            self.outbox.done(done)
            answered += len(done)
            if len(due) < batch_size:
                break
        self.status.queued = self.outbox.count()
        return answered

    async def _upload(self, action_id: str, path: str) -> str | None:
        """Upload a photo: its name at the hub, "" if dropped for good, None if offline."""
        try:
            data = Path(path).read_bytes()
        except OSError as error:
            log.error("photo %s is gone (%s); the photo action is dropped", path, error)
            self.outbox.done([action_id])
            return ""
        response = await self._request(
            "POST", f"{API}/photos", content=data, headers={"Content-Type": "image/jpeg"}
        )
        if response is None:
            return None
        if response.status_code != 200:
            log.error("the hub refused a photo: %s", error_message(response))
            self.outbox.done([action_id])
            return ""
        stored = protocol.PhotoStored.model_validate_json(response.content)
        self.outbox.set_photo(action_id, stored.photo)
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
