"""A table pillar's own calls to the hub: being bound to its table, and the table's ideas.

The ideas a table posts go through the outbox like every action; these two calls
only say which table this pillar is (so the hub gives it that table's ideas and
no other's while the session gathers) and fetch what the hub has for it. Both
fail quietly: a table pillar works on offline with what it last had.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from shared import protocol
from shared.device.errors import HubError
from shared.protocol import API

if TYPE_CHECKING:
    from kiosk.client import HubClient

log = logging.getLogger("zuil.kiosk.table")

TABLE_URL = f"{API}/table"


async def bind(client: HubClient, table_id: int | None) -> bool:
    """Tell the hub which table this pillar is at (None: none); True when it took it."""
    body = protocol.TableBinding(table_id=table_id).model_dump(mode="json")
    try:
        await client.call("PUT", TABLE_URL, json=body)
    except HubError as error:
        log.info("could not bind this pillar to table %s: %s", table_id, error)
        return False
    return True


async def table_view(client: HubClient) -> protocol.CafeView | None:
    """The work session as this table may see it (None when the hub cannot say now)."""
    try:
        response = await client.call("GET", TABLE_URL)
    except HubError as error:
        log.info("could not fetch this table's ideas: %s", error)
        return None
    if response.status_code != 200 or not response.content:
        return None
    return protocol.CafeView.model_validate_json(response.content)
