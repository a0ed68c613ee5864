"""kiosk/client.py against a real hub on 127.0.0.1, including a pillar killed mid-day."""

from __future__ import annotations

import asyncio
import os
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

import cv2
import numpy as np
import pytest

from kiosk.client import HubClient, HubError, pair
from kiosk.content import Content
from kiosk.outbox import Outbox
from shared.datadir import DataDir
from shared.hub import devices
from shared.protocol import Role
from shared.store import Store
from tests.helpers.hub import served, ticket_of


def test_pair_push_pull_and_photo(demo_dir: DataDir, demo_store: Store, tmp_path: Path) -> None:
    _, code = devices.create_pairing(demo_store, Role.KIOSK, workshop="ZORG")
    ticket = ticket_of(demo_dir, demo_store, 2)
    photo = tmp_path / "p.jpg"
    cv2.imwrite(str(photo), np.full((600, 800, 3), 120, np.uint8))
    with served(demo_dir, demo_store) as hub:

        async def run() -> None:
            paired = await pair(hub.url, code)
            assert paired.workshop == "ZORG"
            with pytest.raises(HubError, match="code"):
                await pair(hub.url, code)
            outbox = Outbox(tmp_path / "k.db")
            client = HubClient(hub.url, paired.token, outbox)
            content = Content()
            assert await client.pull(content)
            assert content.verifier() is not None
            outbox.add("scan", {"ticket": ticket, "workshop": "ZORG"})
            outbox.add("note", {"wall": "top", "text": "Goed!", "workshop": "ZORG"})
            outbox.add(
                "photo",
                {"wall": "top", "caption": "", "consent": True, "workshop": "ZORG"},
                photo_path=str(photo),
            )
            assert await client.push() == 3
            assert outbox.count() == 0
            assert client.status.online
            assert client.status.clock_offset_s is not None
            await client.close()
            outbox.close()

        asyncio.run(run())
    assert demo_store.scalar("SELECT count(*) FROM scans") == 1
    assert demo_store.scalar("SELECT count(*) FROM notes") == 1
    assert demo_store.scalar("SELECT count(*) FROM photos") == 1


def test_unreachable_hub_keeps_the_outbox(tmp_path: Path) -> None:
    outbox = Outbox(tmp_path / "k.db")
    outbox.add("note", {"wall": "top", "text": "x"})

    async def run() -> None:
        client = HubClient("http://127.0.0.1:9", "token", outbox)
        assert await client.push() == 0
        assert not await client.pull(Content())
        assert not client.status.online
        assert client.status.last_error
        await client.close()

    asyncio.run(run())
    assert outbox.count() == 1
    assert outbox.due()[0].attempts == 1


KILLED = textwrap.dedent(
    """
    import os, signal, sys
    from pathlib import Path
    from kiosk.outbox import Outbox
    box = Outbox(Path(sys.argv[1]))
    box.add("scan", {"ticket": sys.argv[2]})
    box.add("note", {"wall": "tip", "text": "geschreven, toen viel de stroom uit"})
    box.add("answer", {"ticket": sys.argv[2], "question_id": 1, "choice": 0})
    os.kill(os.getpid(), signal.SIGKILL)  # the power cut: before any sync
    """
)


def test_killed_pillar_delivers_after_restart(
    demo_dir: DataDir, demo_store: Store, tmp_path: Path
) -> None:
    _, code = devices.create_pairing(demo_store, Role.KIOSK, workshop="VAST")
    paired = devices.pair(demo_store, code)
    assert paired is not None
    ticket = ticket_of(demo_dir, demo_store, 6)
    db = tmp_path / "kiosk.db"
    result = subprocess.run(
        [sys.executable, "-c", KILLED, str(db), ticket],
        env={**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parent.parent)},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == -signal.SIGKILL
    with served(demo_dir, demo_store) as hub:

        async def restart() -> int:
            outbox = Outbox(db)
            assert outbox.count() == 3
            client = HubClient(hub.url, paired[1], outbox)
            delivered = await client.push()
            again = await client.push()
            await client.close()
            outbox.close()
            return delivered + again

        assert asyncio.run(restart()) == 3
    assert demo_store.scalar("SELECT count(*) FROM scans") == 1
    assert demo_store.scalar("SELECT count(*) FROM notes") == 1
    assert demo_store.scalar("SELECT count(*) FROM answers") == 1
