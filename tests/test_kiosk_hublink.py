"""The pillar's one link to the hub: pairing, sync rounds, the media cache, fresh points."""

from __future__ import annotations

import asyncio
from pathlib import Path

from kiosk.content import Content
from kiosk.hublink import HubLink
from shared.datadir import DataDir
from shared.device.pairing import PairingStore
from shared.hub import devices
from shared.protocol import Role
from shared.store import Store
from tests.helpers.clock import let_time_pass, moving_outbox
from tests.helpers.hub import served, ticket_of


def test_pairing_syncs_what_waited_and_is_kept(
    demo_dir: DataDir, demo_store: Store, tmp_path: Path
) -> None:
    _, code = devices.create_pairing(demo_store, Role.KIOSK, workshop="ZORG")
    ticket = ticket_of(demo_dir, demo_store, 2)
    outbox = moving_outbox(tmp_path / "kiosk.db")
    outbox.add("note", {"wall": "top", "text": "geschreven voor het koppelen"})
    let_time_pass(outbox)
    content = Content()
    rounds: list[int] = []
    pulls: list[bool] = []

    def link_for() -> HubLink:
        return HubLink(
            tmp_path,
            outbox,
            content,
            None,
            on_content=lambda: pulls.append(True),
            on_round=rounds.append,
        )

    link = link_for()
    assert link.client is None
    assert link.status is None
    with served(demo_dir, demo_store) as hub:

        async def run() -> None:
            pairing = await link.pair(hub.url, code)
            assert pairing.workshop == "ZORG"
            assert rounds == [1]  # the round after pairing took the note along
            assert pulls == [True]
            assert outbox.count() == 0
            assert link.online
            assert content.event is not None
            logo = await link.media(content.event.logo)
            assert logo is not None
            assert logo.read_bytes()[:4] == b"\x89PNG"
            assert logo.parent == tmp_path / "media"
            outbox.add("scan", {"ticket": ticket, "workshop": "ZORG"})
            points = await link.fresh_points(ticket)  # after the round that carries the scan
            assert points is not None
            assert outbox.count() == 0
            again = link_for()  # as after a restart: the pairing is found
            assert again.client is not None
            assert again.pairing == pairing
            await again.close()
            await link.close()

        asyncio.run(run())
    assert PairingStore(tmp_path, "kiosk").load() == link.pairing
    assert outbox.get("workshop") == "ZORG"
