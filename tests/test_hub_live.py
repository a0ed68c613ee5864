"""The live stream over a real uvicorn server: resume with Last-Event-ID, no gap, no duplicate."""

import asyncio
import contextlib
import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import httpx
import pytest

from shared.datadir import DataDir
from shared.hub import devices
from shared.protocol import Role
from shared.store import Store
from tests.helpers.hub import SseReader, action, auth, batch, paired_token, read_sse, served

pytestmark = pytest.mark.anyio
ITEMS = ("item.visible",)


async def post_notes(client: httpx.AsyncClient, kiosk: str, texts: list[str]) -> None:
    for text in texts:
        response = await client.post(
            "/api/sync", json=batch(action("note", wall="tip", text=text)), headers=auth(kiosk)
        )
        assert response.json()["results"][0]["fate"] == "applied"


def note_texts(events: list[dict[str, str]]) -> list[str]:
    return [
        json.loads(e["data"])["item"]["text"] for e in events if e.get("event") == "item.visible"
    ]


async def test_disconnect_and_resume_with_last_event_id(
    demo_dir: DataDir, demo_store: Store
) -> None:
    kiosk = paired_token(demo_store, Role.KIOSK, "VAST")
    wall = paired_token(demo_store, Role.WALL)
    with served(demo_dir, demo_store) as running:
        async with httpx.AsyncClient(base_url=running.url, timeout=10) as client:
            await post_notes(client, kiosk, ["een", "twee"])
            async with client.stream("GET", "/api/live", headers=auth(wall)) as stream:
                first = await read_sse(stream, 2, ITEMS)
            assert note_texts(first) == ["een", "twee"]
            last_id = first[-1]["id"]
            # while the wall is away, more happens
            await post_notes(client, kiosk, ["drie", "vier", "vijf"])
            headers = {**auth(wall), "Last-Event-ID": last_id}
            async with client.stream("GET", "/api/live", headers=headers) as stream:
                reader = SseReader(stream)
                missed = await reader.read(3, ITEMS)
                assert note_texts(missed) == ["drie", "vier", "vijf"]
                # and what happens while connected arrives live
                await post_notes(client, kiosk, ["zes"])
                live = await reader.read(1, ITEMS)
    assert note_texts(live) == ["zes"]
    ids = [int(e["id"]) for e in first + missed + live]
    assert ids == sorted(set(ids))


async def test_hidden_item_reaches_the_stream(demo_dir: DataDir, demo_store: Store) -> None:
    kiosk = paired_token(demo_store, Role.KIOSK, "VAST")
    wall = paired_token(demo_store, Role.WALL)
    desk = paired_token(demo_store, Role.DESK)
    with served(demo_dir, demo_store) as running:
        async with httpx.AsyncClient(base_url=running.url, timeout=10) as client:
            await post_notes(client, kiosk, ["weg ermee"])
            snapshot = (await client.get("/api/wall", headers=auth(wall))).json()
            [item] = snapshot["items"]
            headers = {**auth(wall), "Last-Event-ID": str(snapshot["last_event"])}
            async with client.stream("GET", "/api/live", headers=headers) as stream:
                await client.post(
                    f"/api/moderation/moderate?id={item['id']}&action=hide", headers=auth(desk)
                )
                [hidden] = await asyncio.wait_for(read_sse(stream, 1, ("item.hidden",)), 5)
    assert hidden["event"] == "item.hidden"
    assert json.loads(hidden["data"])["item_id"] == item["id"]


async def test_heartbeats_keep_the_line_alive(
    demo_dir: DataDir, demo_store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    from shared.hub import wall as hub_wall

    monkeypatch.setattr(hub_wall, "HEARTBEAT_S", 0.2)
    wall = paired_token(demo_store, Role.WALL)
    with served(demo_dir, demo_store) as running:
        async with (
            httpx.AsyncClient(base_url=running.url, timeout=10) as client,
            client.stream("GET", "/api/live", headers=auth(wall)) as stream,
        ):
            beats = 0
            async for line in stream.aiter_lines():
                if line.startswith(": heartbeat"):
                    beats += 1
                    if beats == 2:
                        break
    assert beats == 2


async def test_scripted_kiosk_and_wall_against_the_hub_process(
    demo_dir: DataDir, demo_store: Store, tmp_path: Path
) -> None:
    """Done-when: a real `zuil hub` process; a client pairs, pulls, pushes twice; a wall sees."""
    demo_store.close()
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    base = [sys.executable, "-m", "shared"]
    pair = subprocess.run(
        [
            *base,
            "device",
            "pair",
            "--kind",
            "kiosk",
            "--workshop",
            "WEER",
            "--json",
            "--data",
            str(demo_dir.root),
        ],
        capture_output=True,
        text=True,
        check=True,
        env=env,
    )
    code = json.loads(pair.stdout)["code"]
    wall_code = json.loads(
        subprocess.run(
            [*base, "device", "pair", "--kind", "wall", "--json", "--data", str(demo_dir.root)],
            capture_output=True,
            text=True,
            check=True,
            env=env,
        ).stdout
    )["code"]
    token = subprocess.run(
        [*base, "tickets", "issue", "--attendee", "9", "--data", str(demo_dir.root)],
        capture_output=True,
        text=True,
        check=True,
        env=env,
    ).stdout.strip()
    hub = subprocess.Popen(
        [*base, "hub", "--port", "0", "--data", str(demo_dir.root)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )
    try:
        assert hub.stdout is not None
        line = await asyncio.wait_for(asyncio.to_thread(hub.stdout.readline), 30)
        url = line.rsplit(" ", 1)[-1].strip()
        async with httpx.AsyncClient(base_url=url, timeout=10) as client:
            kiosk = (await client.post("/api/pair", json={"code": code})).json()["token"]
            wall = (await client.post("/api/pair", json={"code": wall_code})).json()["token"]
            content = (await client.get("/api/content", headers=auth(kiosk))).json()
            assert len(content["workshops"]) == 5
            body = batch(
                action("scan", ticket=token),
                action("answer", ticket=token, question_id=content["questions"][0]["id"], choice=0),
                action("note", wall="top", text="Heldere workshop!"),
            )
            async with client.stream("GET", "/api/live", headers=auth(wall)) as stream:
                first = (await client.post("/api/sync", json=body, headers=auth(kiosk))).json()
                second = (await client.post("/api/sync", json=body, headers=auth(kiosk))).json()
                events = await asyncio.wait_for(read_sse(stream, 1, ITEMS), 10)
            assert note_texts(events) == ["Heldere workshop!"]
        assert [r["fate"] for r in first["results"]] == ["applied"] * 3
        assert [r["fate"] for r in second["results"]] == ["duplicate"] * 3
    finally:
        hub.terminate()
        _, hub_log = hub.communicate(timeout=10)
        assert hub.stdout is not None
        hub.stdout.close()
    stats = json.loads(
        subprocess.run(
            [*base, "stats", "--json", "--data", str(demo_dir.root)],
            capture_output=True,
            text=True,
            check=True,
            env=env,
        ).stdout
    )
    assert (stats["scans"], stats["answers"], stats["notes"]) == (1, 1, 1)
    assert token not in hub_log


def paired_device(store: Store, role: Role) -> tuple[int, str]:
    """A newly paired device's id and bearer token."""
    device_id, code = devices.create_pairing(store, role)
    paired = devices.pair(store, code)
    assert paired is not None
    return device_id, paired[1]


async def revoke_from_the_command_line(data: DataDir, device_id: int) -> None:
    """``zuil device revoke`` in a process of its own: nothing in the hub hears of it."""
    command = [sys.executable, "-m", "shared", "device", "revoke", str(device_id)]
    await asyncio.to_thread(
        subprocess.run,
        [*command, "--data", str(data.root)],
        check=True,
        capture_output=True,
        env={**os.environ, "PYTHONUNBUFFERED": "1"},
    )


async def test_revoking_a_wall_ends_its_open_stream(demo_dir: DataDir, demo_store: Store) -> None:
    kiosk = paired_token(demo_store, Role.KIOSK, "VAST")
    wall_id, wall = paired_device(demo_store, Role.WALL)
    with served(demo_dir, demo_store) as running:
        async with httpx.AsyncClient(base_url=running.url, timeout=30) as client:
            await post_notes(client, kiosk, ["voor"])
            async with client.stream("GET", "/api/live", headers=auth(wall)) as stream:
                reader = SseReader(stream)
                assert note_texts(await reader.read(1, ITEMS)) == ["voor"]
                await revoke_from_the_command_line(demo_dir, wall_id)
                # the stream ends by itself, though no event wakes it
                await asyncio.wait_for(reader.read(1_000), 15)
            again = await client.get("/api/live", headers=auth(wall))
    assert again.status_code == 401


async def test_no_event_written_after_the_revocation_reaches_the_stream(
    demo_dir: DataDir, demo_store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    from shared.hub import wall as hub_wall

    # the stream only notices when the next event wakes it: both are in the log by then
    monkeypatch.setattr(hub_wall, "DEVICE_CHECK_S", 60.0)
    kiosk = paired_token(demo_store, Role.KIOSK, "VAST")
    wall_id, wall = paired_device(demo_store, Role.WALL)
    with served(demo_dir, demo_store) as running:
        async with httpx.AsyncClient(base_url=running.url, timeout=30) as client:
            await post_notes(client, kiosk, ["voor"])
            async with client.stream("GET", "/api/live", headers=auth(wall)) as stream:
                reader = SseReader(stream)
                assert note_texts(await reader.read(1, ITEMS)) == ["voor"]
                await revoke_from_the_command_line(demo_dir, wall_id)
                await post_notes(client, kiosk, ["na"])
                rest = await asyncio.wait_for(reader.read(1_000), 15)
    assert note_texts(rest) == []


async def test_a_purge_ends_every_open_stream(
    demo_dir: DataDir, demo_store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    from shared.hub import wall as hub_wall

    # revoked by this hub: the purge's own commit ends the streams, no later check needed
    monkeypatch.setattr(hub_wall, "DEVICE_CHECK_S", 60.0)
    organiser = paired_token(demo_store, Role.ORGANISER)
    wall = paired_token(demo_store, Role.WALL)
    with served(demo_dir, demo_store) as running:
        async with (
            httpx.AsyncClient(base_url=running.url, timeout=30) as client,
            client.stream("GET", "/api/live", headers=auth(wall)) as stream,
            client.stream("GET", "/api/live", headers=auth(organiser)) as own,
        ):
            walls, mine = SseReader(stream), SseReader(own)
            purged = await client.post(
                "/api/purge", json={"confirm": "JA"}, headers=auth(organiser)
            )
            assert purged.status_code == 200
            await asyncio.wait_for(asyncio.gather(walls.read(1_000), mine.read(1_000)), 15)


async def test_many_streams_share_one_read_of_the_log_per_commit(
    demo_dir: DataDir, demo_store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Each stream reading the log itself on every commit cost a busy hub more than its syncs."""
    from shared.hub import sync
    from shared.hub import wall as hub_wall

    monkeypatch.setattr(hub_wall, "DEVICE_CHECK_S", 60.0)  # no timed reads in between
    reads: list[int] = []
    read_events = sync.read_events

    def counted(*args: Any, **kwargs: Any) -> Any:
        reads.append(1)
        return read_events(*args, **kwargs)

    monkeypatch.setattr(sync, "read_events", counted)
    streams, notes = 20, 5
    kiosk = paired_token(demo_store, Role.KIOSK, "VAST")
    walls = [paired_token(demo_store, Role.WALL) for _ in range(streams)]
    with served(demo_dir, demo_store) as running:
        async with (
            httpx.AsyncClient(base_url=running.url, timeout=30) as client,
            contextlib.AsyncExitStack() as opened,
        ):
            readers = [
                SseReader(
                    await opened.enter_async_context(
                        client.stream("GET", "/api/live", headers=auth(wall))
                    )
                )
                for wall in walls
            ]
            # every stream has caught up (its first read is its own)
            await post_notes(client, kiosk, ["nul"])
            await asyncio.gather(*(reader.read(1, ITEMS) for reader in readers))
            reads.clear()
            seen: list[list[str]] = [[] for _ in readers]
            for number in range(notes):
                await post_notes(client, kiosk, [f"noot {number}"])
                got = await asyncio.gather(*(reader.read(1, ITEMS) for reader in readers))
                for texts, events in zip(seen, got, strict=True):
                    texts.extend(note_texts(events))
    assert all(texts == [f"noot {n}" for n in range(notes)] for texts in seen)
    # one read per commit (the note's, now and then the figures'), not one per stream
    assert len(reads) <= 2 * notes < streams


async def test_a_resume_from_before_the_shared_memory_reads_the_log_itself(
    demo_dir: DataDir, demo_store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    from shared.hub import wall as hub_wall

    monkeypatch.setattr(hub_wall, "LIVE_KEEP", 2)  # the streams' memory holds two events
    kiosk = paired_token(demo_store, Role.KIOSK, "VAST")
    wall = paired_token(demo_store, Role.WALL)
    texts = [f"noot {n}" for n in range(8)]
    with served(demo_dir, demo_store) as running:
        async with (
            httpx.AsyncClient(base_url=running.url, timeout=30) as client,
            client.stream("GET", "/api/live", headers=auth(wall)) as following,
        ):
            reader = SseReader(following)
            await post_notes(client, kiosk, texts[:1])
            [first] = [e for e in await reader.read(1, ITEMS) if e["event"] in ITEMS]
            await post_notes(client, kiosk, texts[1:])
            # the open stream keeps the shared memory going, and gets everything
            everything = await reader.read(len(texts) - 1, ITEMS)
            headers = {**auth(wall), "Last-Event-ID": first["id"]}
            async with client.stream("GET", "/api/live", headers=headers) as resumed:
                missed = await asyncio.wait_for(read_sse(resumed, len(texts) - 1, ITEMS), 15)
    assert note_texts(everything) == texts[1:]
    assert note_texts(missed) == texts[1:]
    ids = [int(e["id"]) for e in missed]
    assert ids == sorted(set(ids))


async def test_a_wall_on_the_stream_is_seen_though_it_sends_nothing(
    demo_dir: DataDir, demo_store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    from shared.hub import wall as hub_wall

    monkeypatch.setattr(hub_wall, "HEARTBEAT_S", 0.2)
    monkeypatch.setattr(hub_wall, "SEEN_EVERY_S", 0.3)
    wall = paired_token(demo_store, Role.WALL)
    [device] = [d for d in devices.list_devices(demo_store) if d["kind"] == "wall"]
    paired_at = device["last_seen"]
    with served(demo_dir, demo_store) as running:
        async with (
            httpx.AsyncClient(base_url=running.url, timeout=10) as client,
            client.stream("GET", "/api/live", headers=auth(wall)) as stream,
        ):
            seen = []
            async for line in stream.aiter_lines():
                if line.startswith(": heartbeat"):
                    [now] = [d for d in devices.list_devices(demo_store) if d["kind"] == "wall"]
                    seen.append(now["last_seen"])
                    if len(set(seen)) >= 2:
                        break
    assert seen[0] is not None
    assert paired_at is None or seen[0] > paired_at
    assert len(set(seen)) >= 2  # noted again while it follows
