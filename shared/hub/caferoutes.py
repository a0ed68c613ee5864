"""The work sessions' routes: the facilitator's console, the walls' view and the table pillars.

The facilitator (the organiser role) moves a session through its phases, runs
its rounds, reveals questions, clusters and edits ideas, and sees every idea;
walls (and the desk) see the revealed ideas and the counts; a pillar bound to a
table (``PUT /api/table``) sees its own table's ideas besides the revealed ones.
Each change is written, and announced to the walls, by :mod:`shared.hub.cafe`.
"""

# No "from __future__ import annotations": FastAPI reads the handlers' annotations, whose
# role dependencies are local names.
from collections.abc import Awaitable, Callable
from typing import Annotated, TypeVar

from fastapi import Path as PathParam

from shared import protocol
from shared.hub import cafe, cafequeries
from shared.hub.devices import Device
from shared.hub.http import ApiError, Roles, Route
from shared.hub.service import Hub
from shared.protocol import API, SessionPhase

T = TypeVar("T")
SessionId = Annotated[int, PathParam(ge=1, le=protocol.SQLITE_INT_MAX)]
ItemId = Annotated[int, PathParam(ge=1, le=protocol.SQLITE_INT_MAX)]


async def _refusing(call: Awaitable[T]) -> T:
    """Await a change; a refusal becomes its HTTP error."""
    try:
        return await call
    except cafe.Refused as refused:
        raise ApiError(refused.status, refused.code, refused.message) from None


def _found(value: T | None, what: str) -> T:
    if value is None:
        raise ApiError(404, "not_found", f"No {what}.")
    return value


async def table_view(hub: Hub, device: Device) -> protocol.CafeView:
    """What a table pillar shows: its own table's ideas and the revealed ones.

    Raises:
        ApiError: 409 when the pillar is bound to no table.
    """
    found = await hub.read(cafequeries.table_view, device.id)
    if found is None:
        raise ApiError(409, "not_bound", "This pillar is bound to no table (PUT /api/table).")
    return found


def routes(hub: Hub, roles: Roles) -> list[Route]:
    """The work sessions' routes of ``hub``."""
    KIOSK, VIEWERS, ORGANISER = roles.KIOSK, roles.VIEWERS, roles.ORGANISER

    def write(fn: Callable[..., T], *args: object) -> Awaitable[T]:
        return _refusing(hub.write(fn, *args))

    async def put_table(
        body: protocol.TableBinding, me: Annotated[Device, KIOSK]
    ) -> protocol.TableBinding:
        return await write(cafe.bind_table, me.id, body.table_id)

    async def get_table(me: Annotated[Device, KIOSK]) -> protocol.CafeView:
        return await table_view(hub, me)

    async def list_sessions(me: Annotated[Device, VIEWERS]) -> list[protocol.CafeStatus]:
        infos = await hub.read(cafequeries.sessions)
        found = [await hub.read(cafequeries.status, info.id) for info in infos]
        return [s for s in found if s is not None]

    async def facilitator_view(
        session_id: SessionId, me: Annotated[Device, ORGANISER]
    ) -> protocol.CafeView:
        view = await hub.read(cafequeries.view, session_id, "facilitator")
        return _found(view, f"work session {session_id}")

    async def wall_view(session_id: SessionId, me: Annotated[Device, VIEWERS]) -> protocol.CafeView:
        view = await hub.read(cafequeries.view, session_id, "wall")
        return _found(view, f"work session {session_id}")

    async def post_phase(
        session_id: SessionId, phase: SessionPhase, me: Annotated[Device, ORGANISER]
    ) -> protocol.CafeStatus:
        return await write(cafe.set_phase, session_id, phase, hub.clock())

    async def post_round(
        session_id: SessionId,
        round_id: ItemId,
        op: cafe.RoundOp,
        me: Annotated[Device, ORGANISER],
    ) -> protocol.CafeStatus:
        return await write(cafe.control_round, session_id, round_id, op, hub.clock())

    async def post_reveal(
        session_id: SessionId, question_id: ItemId, me: Annotated[Device, ORGANISER]
    ) -> protocol.CafeStatus:
        return await write(cafe.reveal, session_id, question_id, hub.clock())

    async def post_cluster(
        session_id: SessionId,
        question_id: ItemId,
        body: protocol.ClusterEdit,
        me: Annotated[Device, ORGANISER],
    ) -> protocol.ClusterInfo:
        return await write(cafe.add_cluster, session_id, question_id, body, hub.clock())

    async def put_cluster(
        session_id: SessionId,
        cluster_id: ItemId,
        body: protocol.ClusterEdit,
        me: Annotated[Device, ORGANISER],
    ) -> protocol.ClusterInfo:
        return await write(cafe.edit_cluster, session_id, cluster_id, body, hub.clock())

    async def delete_cluster(
        session_id: SessionId, cluster_id: ItemId, me: Annotated[Device, ORGANISER]
    ) -> protocol.CafeStatus:
        return await write(cafe.delete_cluster, session_id, cluster_id, hub.clock())

    async def patch_idea(
        session_id: SessionId,
        idea_id: ItemId,
        body: protocol.IdeaEdit,
        me: Annotated[Device, ORGANISER],
    ) -> protocol.IdeaInfo:
        return await write(cafe.edit_idea, session_id, idea_id, body, hub.clock())

    base = f"{API}/cafe/{{session_id}}"
    return [
        Route("PUT", f"{API}/table", put_table, protocol.TableBinding),
        Route("GET", f"{API}/table", get_table, protocol.CafeView),
        Route("GET", f"{API}/cafe", list_sessions, list[protocol.CafeStatus]),
        Route("GET", base, facilitator_view, protocol.CafeView),
        Route("GET", f"{base}/wall", wall_view, protocol.CafeView),
        Route("POST", f"{base}/phase/{{phase}}", post_phase, protocol.CafeStatus),
        Route("POST", f"{base}/rounds/{{round_id}}/{{op}}", post_round, protocol.CafeStatus),
        Route("POST", f"{base}/questions/{{question_id}}/reveal", post_reveal, protocol.CafeStatus),
        Route(
            "POST", f"{base}/questions/{{question_id}}/clusters", post_cluster, protocol.ClusterInfo
        ),
        Route("PUT", f"{base}/clusters/{{cluster_id}}", put_cluster, protocol.ClusterInfo),
        Route("DELETE", f"{base}/clusters/{{cluster_id}}", delete_cluster, protocol.CafeStatus),
        Route("PATCH", f"{base}/ideas/{{idea_id}}", patch_idea, protocol.IdeaInfo),
    ]
