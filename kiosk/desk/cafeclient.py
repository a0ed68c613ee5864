"""The facilitator's calls to the hub for a work session (the organiser role).

One typed method per route of the hub's work sessions: the sessions now, one
session with every idea, its phase, its rounds, revealing a question, clusters
and the change to an idea. Failures are :class:`~shared.device.errors.HubError`
with the hub's own message, as for every desk call.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from email.utils import parsedate_to_datetime

from pydantic import TypeAdapter

from kiosk.desk.client import DeskClient
from shared import protocol
from shared.protocol import API

CLOCK_SLACK_S = 2.0  # the Date header says whole seconds: a smaller difference is no offset


def clock_offset(date_header: str | None, now: datetime) -> float:
    """How far the hub's clock is ahead of this one, from a reply's ``Date`` header.

    Round timers end at the hub's time; a console on a laptop whose clock is off
    would count down wrongly. The header has whole seconds only, so a difference
    within :data:`CLOCK_SLACK_S` counts as none.
    """
    if not date_header:
        return 0.0
    try:
        hub = parsedate_to_datetime(date_header)
    except (TypeError, ValueError):
        return 0.0
    if hub.tzinfo is None:
        hub = hub.replace(tzinfo=UTC)
    offset = (hub - now).total_seconds()
    return offset if abs(offset) > CLOCK_SLACK_S else 0.0


_STATUSES: TypeAdapter[list[protocol.CafeStatus]] = TypeAdapter(list[protocol.CafeStatus])


class CafeClient:
    """Work-session calls over the desk's connection.

    Args:
        client: the desk's connection (paired as organiser for the changes).
    """

    def __init__(self, client: DeskClient) -> None:
        self.client = client
        self.clock_offset_s = 0.0  # the hub's clock minus this one (see clock_offset)

    def hub_now(self) -> datetime:
        """The hub's time now, as far as the last reply said."""
        return datetime.now(UTC) + timedelta(seconds=self.clock_offset_s)

    @staticmethod
    def _base(session_id: int) -> str:
        return f"{API}/cafe/{session_id}"

    async def sessions(self) -> list[protocol.CafeStatus]:
        """Every work session now: phase, rounds, counts."""
        response = await self.client.call("GET", f"{API}/cafe")
        return _STATUSES.validate_json(response.content)

    async def view(self, session_id: int) -> protocol.CafeView:
        """A session with every idea, hidden and merged ones too (the facilitator's view)."""
        response = await self.client.call("GET", self._base(session_id))
        self.clock_offset_s = clock_offset(response.headers.get("date"), datetime.now(UTC))
        return protocol.CafeView.model_validate_json(response.content)

    async def phase(self, session_id: int, phase: protocol.SessionPhase) -> protocol.CafeStatus:
        """Move the session to a phase."""
        response = await self.client.call("POST", f"{self._base(session_id)}/phase/{phase}")
        return protocol.CafeStatus.model_validate_json(response.content)

    async def round(self, session_id: int, round_id: int, op: str) -> protocol.CafeStatus:
        """Start, pause, resume or end a round (``op``)."""
        url = f"{self._base(session_id)}/rounds/{round_id}/{op}"
        response = await self.client.call("POST", url)
        return protocol.CafeStatus.model_validate_json(response.content)

    async def reveal(self, session_id: int, question_id: int) -> protocol.CafeStatus:
        """Show a question's ideas on the walls and at every table."""
        url = f"{self._base(session_id)}/questions/{question_id}/reveal"
        response = await self.client.call("POST", url)
        return protocol.CafeStatus.model_validate_json(response.content)

    async def add_cluster(
        self, session_id: int, question_id: int, label: str
    ) -> protocol.ClusterInfo:
        """A new cluster for a question's ideas."""
        url = f"{self._base(session_id)}/questions/{question_id}/clusters"
        body = protocol.ClusterEdit(label=label).model_dump(mode="json")
        response = await self.client.call("POST", url, json=body)
        return protocol.ClusterInfo.model_validate_json(response.content)

    async def rename_cluster(
        self, session_id: int, cluster_id: int, label: str
    ) -> protocol.ClusterInfo:
        """Give a cluster another label."""
        url = f"{self._base(session_id)}/clusters/{cluster_id}"
        body = protocol.ClusterEdit(label=label).model_dump(mode="json")
        response = await self.client.call("PUT", url, json=body)
        return protocol.ClusterInfo.model_validate_json(response.content)

    async def delete_cluster(self, session_id: int, cluster_id: int) -> protocol.CafeStatus:
        """Remove a cluster (its ideas stay, in no cluster)."""
        url = f"{self._base(session_id)}/clusters/{cluster_id}"
        response = await self.client.call("DELETE", url)
        return protocol.CafeStatus.model_validate_json(response.content)

    async def edit(
        self, session_id: int, idea_id: int, edit: protocol.IdeaEdit
    ) -> protocol.IdeaInfo:
        """Change an idea: text, cluster (0: none), tags, hidden or shown, merged."""
        url = f"{self._base(session_id)}/ideas/{idea_id}"
        body = edit.model_dump(mode="json", exclude_none=True)
        response = await self.client.call("PATCH", url, json=body)
        return protocol.IdeaInfo.model_validate_json(response.content)
