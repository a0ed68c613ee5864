"""kiosk/client.py against a real hub on 127.0.0.1, including a pillar killed mid-day."""

from __future__ import annotations

import asyncio
import os
import shutil
import signal
import socket
import subprocess
import sys
import textwrap
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import cv2
import numpy as np
import pytest

from kiosk.client import HubClient, HubError, pair
from kiosk.content import Content
from shared import protocol
from shared.datadir import DataDir
from shared.hub import devices, pillar
from shared.hub import sync as hub_sync
from shared.hub.devices import Device
from shared.hub.server import start_in_thread
from shared.hub.service import Hub
from shared.protocol import Role
from shared.store import Store
from tests.helpers.clock import let_time_pass, moving_outbox
from tests.helpers.hub import paired_token, served, ticket_of


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
            outbox = moving_outbox(tmp_path / "k.db")
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
            let_time_pass(outbox)  # notes and photos leave at the next minute boundary
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
    assert not photo.exists(), "the pillar kept its copy of a delivered photo"


def test_unreachable_hub_keeps_the_outbox(tmp_path: Path) -> None:
    outbox = moving_outbox(tmp_path / "k.db")
    outbox.add("note", {"wall": "top", "text": "x"})
    let_time_pass(outbox)

    async def run() -> None:
        client = HubClient("http://127.0.0.1:9", "token", outbox)
        assert await client.push() == 0
        assert not await client.pull(Content())
        assert not client.status.online
        assert client.status.last_error
        await client.close()

    asyncio.run(run())
    assert outbox.count() == 1
    assert outbox.due(anonymous=True)[0].attempts == 1


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
            outbox = moving_outbox(db)
            assert outbox.count() == 3
            let_time_pass(outbox)
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


def test_a_new_hub_gets_the_kept_actions_in_the_round_it_is_met(
    demo_dir: DataDir, demo_store: Store, tmp_path: Path
) -> None:
    """A standby that missed the last note gets it again before the pillar's round ends."""
    token = paired_token(demo_store, Role.KIOSK, workshop="ZORG")
    demo_store.close()
    behind = DataDir(tmp_path / "behind")  # the standby's copy: the pairing, not the note
    shutil.copytree(demo_dir.root, behind.root)
    with socket.socket() as probe:  # one address for both hubs, as a failover gives it
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    outbox = moving_outbox(tmp_path / "k.db")

    async def push(data: DataDir, text: str) -> int:
        with data.open_store() as store:
            hub = start_in_thread(data, store, port=port)
            try:
                client = HubClient(hub.url, token, outbox)
                outbox.add("note", {"wall": "top", "text": text, "workshop": "ZORG"})
                let_time_pass(outbox)
                delivered = await client.push()
                await client.close()
                return delivered
            finally:
                hub.stop()

    assert asyncio.run(push(demo_dir, "Eerste")) == 1
    assert asyncio.run(push(behind, "Tweede")) == 1  # the new hub answers this round's only batch
    with behind.open_store() as store:
        texts = sorted(r[0] for r in store.db.execute("SELECT text FROM notes"))
    assert texts == ["Eerste", "Tweede"]
    outbox.close()


@dataclass
class Trouble:
    """What a test hub receives, and the one action id it fails on (while ``broken``).

    Attributes:
        mode: ``error``: the hub's write of a batch holding the poison raises after
            applying it (so it is rolled back) and the pillar gets a 500;
            ``unreadable``: the hub applies the batch, but the pillar gets a reply
            it cannot read; ``none``: the hub works.
        poison: the action id the hub fails on.
        broken: the hub fails (False once it is mended).
        sent: the action ids of each batch the hub received.
    """

    mode: str
    poison: str = ""
    broken: bool = True
    sent: list[list[str]] = field(default_factory=list)

    def holds_poison(self, ids: list[str]) -> bool:
        return self.broken and self.poison in ids


def inject(monkeypatch: pytest.MonkeyPatch, mode: str) -> Trouble:
    """Make the real hub record each batch and fail on the poison as ``mode`` says."""
    trouble = Trouble(mode)
    real_sync, real_apply = pillar.sync_batch, hub_sync.apply_batches

    async def spy(hub: Hub, device: Device, batch: protocol.SyncBatch) -> bytes:
        ids = [str(a.id) for _, a in batch.actions]
        trouble.sent.append(ids)
        reply = await real_sync(hub, device, batch)
        if trouble.mode == "unreadable" and trouble.holds_poison(ids):
            return reply[: len(reply) // 2]
        return reply

    def apply(db: Any, batches: list[Any], **kwargs: Any) -> Any:
        outcomes = real_apply(db, batches, **kwargs)
        ids = [str(a.id) for batch in batches for _, a in batch.actions]
        if trouble.mode == "error" and trouble.holds_poison(ids):
            raise RuntimeError("the hub cannot apply this action")
        return outcomes

    monkeypatch.setattr(pillar, "sync_batch", spy)
    monkeypatch.setattr(hub_sync, "apply_batches", apply)
    return trouble


@pytest.fixture(params=["error", "unreadable"])
def trouble(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> Trouble:
    """The real hub, failing on any batch that holds one chosen action."""
    return inject(monkeypatch, request.param)


def notes_at_hub(store: Store) -> dict[str, int]:
    """How many times each note text was stored at the hub."""
    return dict(store.db.execute("SELECT text, count(*) FROM notes GROUP BY text").fetchall())


def test_poison_action_is_parked_and_the_rest_flows(
    demo_dir: DataDir, demo_store: Store, tmp_path: Path, trouble: Trouble
) -> None:
    token = paired_token(demo_store, Role.KIOSK, workshop="ZORG")
    outbox = moving_outbox(tmp_path / "k.db")
    ids = [outbox.add("note", {"wall": "top", "text": f"note {i}"}) for i in range(20)]
    trouble.poison = ids[11]
    let_time_pass(outbox)
    with served(demo_dir, demo_store) as hub:

        async def run() -> None:
            client = HubClient(hub.url, token, outbox)
            assert await client.push() == 19
            assert outbox.count() == 1
            assert outbox.stuck() == 1
            assert client.status.stuck == 1
            assert client.status.queued == 1
            assert outbox.due(anonymous=True) == []
            assert [p.id for p in outbox.pending()] == [trouble.poison]
            sent = len(trouble.sent)
            assert await client.push() == 0  # a parked action is not sent again by itself
            assert len(trouble.sent) == sent
            trouble.broken = False  # the hub is mended
            assert outbox.release_stuck() == 1
            assert await client.push() == 1
            assert outbox.count() == 0
            assert client.status.stuck == 0
            await client.close()

        asyncio.run(run())
    assert notes_at_hub(demo_store) == {f"note {i}": 1 for i in range(20)}
    assert demo_store.scalar("SELECT count(*) FROM applied_actions") == 20
    outbox.close()


def test_a_retried_action_that_fails_again_is_parked_again(
    demo_dir: DataDir, demo_store: Store, tmp_path: Path, trouble: Trouble
) -> None:
    token = paired_token(demo_store, Role.KIOSK, workshop="ZORG")
    outbox = moving_outbox(tmp_path / "k.db")
    ids = [outbox.add("note", {"wall": "tip", "text": f"note {i}"}) for i in range(3)]
    trouble.poison = ids[0]
    let_time_pass(outbox)
    with served(demo_dir, demo_store) as hub:

        async def run() -> None:
            client = HubClient(hub.url, token, outbox)
            assert await client.push() == 2
            assert outbox.release_stuck() == 1
            assert await client.push() == 0  # alone, with nothing else to show the hub works
            assert outbox.stuck() == 1
            assert outbox.count() == 1
            await client.close()

        asyncio.run(run())
    held = {} if trouble.mode == "error" else {"note 0": 1}  # applied, the reply lost
    assert notes_at_hub(demo_store) == {**held, "note 1": 1, "note 2": 1}


def test_hub_failing_on_every_batch_parks_nothing(
    demo_dir: DataDir, demo_store: Store, tmp_path: Path, trouble: Trouble
) -> None:
    token = paired_token(demo_store, Role.KIOSK, workshop="ZORG")
    outbox = moving_outbox(tmp_path / "k.db")
    for i in range(20):
        trouble.poison = outbox.add("note", {"wall": "top", "text": f"note {i}"})
    trouble.holds_poison = lambda ids: True  # type: ignore[method-assign]
    let_time_pass(outbox)
    with served(demo_dir, demo_store) as hub:

        async def run() -> None:
            client = HubClient(hub.url, token, outbox)
            assert await client.push() == 0
            assert not client.status.online
            assert client.status.last_error
            await client.close()

        asyncio.run(run())
    assert outbox.count() == 20
    assert outbox.stuck() == 0  # the hub is broken, not these actions: all stay queued
    assert len(trouble.sent) <= (20).bit_length() + 3  # a few halvings, then it waits
    assert all(p.attempts == 1 for p in outbox.pending())
    if trouble.mode == "error":
        assert notes_at_hub(demo_store) == {}
    else:  # applied, each once, and answered for as duplicates once replies can be read
        assert set(notes_at_hub(demo_store).values()) == {1}


def test_unreachable_hub_splits_nothing(tmp_path: Path) -> None:
    outbox = moving_outbox(tmp_path / "k.db")
    for i in range(20):
        outbox.add("note", {"wall": "top", "text": f"note {i}"})
    let_time_pass(outbox)
    requests = 0

    async def run() -> None:
        nonlocal requests
        client = HubClient("http://127.0.0.1:9", "token", outbox)
        send = client.client.send

        async def counted(*args: Any, **kwargs: Any) -> Any:
            nonlocal requests
            requests += 1
            return await send(*args, **kwargs)

        client.client.send = counted  # type: ignore[method-assign]
        assert await client.push() == 0
        assert await client.push() == 0
        await client.close()

    asyncio.run(run())
    assert requests == 2  # one batch per push, whole
    assert outbox.count() == 20
    assert outbox.stuck() == 0
    assert all(p.attempts == 2 for p in outbox.pending())


def test_pushes_run_one_at_a_time(
    demo_dir: DataDir, demo_store: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    trouble = inject(monkeypatch, "none")
    token = paired_token(demo_store, Role.KIOSK, workshop="ZORG")
    outbox = moving_outbox(tmp_path / "k.db")
    ids = [outbox.add("note", {"wall": "top", "text": f"note {i}"}) for i in range(20)]
    let_time_pass(outbox)
    with served(demo_dir, demo_store) as hub:

        async def run() -> list[int]:
            client = HubClient(hub.url, token, outbox)
            answered = await asyncio.gather(client.push(), client.push())
            await client.close()
            return list(answered)

        assert sorted(asyncio.run(run())) == [0, 20]
    sent = [i for batch in trouble.sent for i in batch]
    assert sorted(sent) == sorted(ids)  # each action went to the hub once
    assert outbox.count() == 0


def test_photo_the_hub_fails_on_is_parked(
    demo_dir: DataDir, demo_store: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    token = paired_token(demo_store, Role.KIOSK, workshop="ZORG")
    good, bad = tmp_path / "good.jpg", tmp_path / "bad.jpg"
    cv2.imwrite(str(good), np.full((600, 800, 3), 120, np.uint8))
    cv2.imwrite(str(bad), np.full((600, 800, 3), 30, np.uint8))
    poison = bad.read_bytes()
    broken = True
    real_store = pillar.store_photo

    async def store_photo(hub: Hub, data: bytes) -> protocol.PhotoStored:
        if broken and data == poison:
            raise RuntimeError("the hub cannot store this photo")
        return await real_store(hub, data)

    monkeypatch.setattr(pillar, "store_photo", store_photo)
    outbox = moving_outbox(tmp_path / "k.db")
    photo = {"wall": "top", "caption": "", "consent": True}
    outbox.add("note", {"wall": "top", "text": "voor"})
    stuck = outbox.add("photo", photo, photo_path=str(bad))
    outbox.add("photo", photo, photo_path=str(good))
    outbox.add("note", {"wall": "top", "text": "na"})
    let_time_pass(outbox)
    with served(demo_dir, demo_store) as hub:

        async def run() -> None:
            nonlocal broken
            client = HubClient(hub.url, token, outbox)
            assert await client.push() == 3
            assert [p.id for p in outbox.pending()] == [stuck]
            assert outbox.stuck() == 1
            broken = False
            outbox.release_stuck()
            assert await client.push() == 1
            assert outbox.count() == 0
            await client.close()

        asyncio.run(run())
    assert notes_at_hub(demo_store) == {"voor": 1, "na": 1}
    assert demo_store.scalar("SELECT count(*) FROM photos") == 2
