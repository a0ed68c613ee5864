"""Exactly-once sync and scoring at the hub."""

import asyncio
import random
import threading
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
import pytest

from shared.datadir import DataDir
from shared.hub import service, sync
from shared.hub.service import Hub
from shared.protocol import Role
from shared.store import Store
from tests.helpers.hub import (
    action,
    auth,
    batch,
    in_process,
    paired_token,
    served,
    ticket_of,
    totals,
)

pytestmark = pytest.mark.anyio


def count(store: Store, table: str) -> int:
    return int(store.scalar(f"SELECT count(*) FROM {table}"))


async def test_same_batch_twice_applies_once(demo_dir: DataDir, demo_store: Store) -> None:
    kiosk = paired_token(demo_store, Role.KIOSK, "VAST")
    ticket = ticket_of(demo_dir, demo_store, 3)
    body = batch(
        action("scan", ticket=ticket),
        action("answer", ticket=ticket, question_id=1, choice=0),
        action("note", wall="top", text="Goed verhaal"),
        action("credit", ticket=ticket),
    )
    async with in_process(demo_dir, demo_store) as (_, client):
        first = (await client.post("/api/sync", json=body, headers=auth(kiosk))).json()
        second = (await client.post("/api/sync", json=body, headers=auth(kiosk))).json()
    assert [r["fate"] for r in first["results"]] == ["applied"] * 4
    assert [r["fate"] for r in second["results"]] == ["duplicate"] * 4
    assert (
        count(demo_store, "scans"),
        count(demo_store, "answers"),
        count(demo_store, "notes"),
    ) == (
        1,
        1,
        1,
    )
    assert totals(demo_store)[3] == 15
    # the same id twice inside one batch is applied once too
    twice = action("note", wall="tip", text="dubbel")
    async with in_process(demo_dir, demo_store) as (_, client):
        result = (
            await client.post("/api/sync", json=batch(twice, twice), headers=auth(kiosk))
        ).json()
    assert [r["fate"] for r in result["results"]] == ["applied", "duplicate"]


async def test_a_resent_action_behind_new_ones_leaves_each_applied_once(
    demo_dir: DataDir, demo_store: Store
) -> None:
    # The ledger is not looked up before a pass: a note is written, then the ledger
    # (or the answers table) refuses the resent id, and the pass is undone and redone.
    kiosk = paired_token(demo_store, Role.KIOSK, "VAST")
    ticket = ticket_of(demo_dir, demo_store, 3)
    old = [action("scan", ticket=ticket), action("answer", ticket=ticket, question_id=1, choice=0)]
    items = "SELECT count(*) FROM live_events WHERE kind IN ('item.visible', 'item.pending')"
    async with in_process(demo_dir, demo_store) as (_, client):
        await client.post("/api/sync", json=batch(*old), headers=auth(kiosk))
        for resent in old:
            note = action("note", wall="top", text=f"Na de {resent['kind']}")
            body = batch(note, action("scan", ticket=ticket), resent)
            reply = await client.post("/api/sync", json=body, headers=auth(kiosk))
            assert [r["fate"] for r in reply.json()["results"]] == [
                "applied",
                "applied",
                "duplicate",
            ]
    assert count(demo_store, "notes") == 2
    assert demo_store.scalar(items) == 2
    assert (count(demo_store, "scans"), count(demo_store, "answers")) == (3, 1)
    assert count(demo_store, "applied_actions") == 6


async def test_two_kiosks_racing_overlapping_batches(demo_dir: DataDir, demo_store: Store) -> None:
    kiosks = [paired_token(demo_store, Role.KIOSK, code) for code in ("VAST", "ZORG")]
    tickets = [ticket_of(demo_dir, demo_store, i) for i in range(1, 11)]
    actions = [action("scan", ticket=random.choice(tickets)) for _ in range(300)]
    rng = random.Random(5)
    batches = []
    for _ in range(40):
        start = rng.randrange(0, 280)
        batches.append(batch(*actions[start : start + rng.randrange(5, 60)]))
    with served(demo_dir, demo_store) as running:
        async with httpx.AsyncClient(base_url=running.url, timeout=30) as client:

            async def send(i: int) -> list[str]:
                response = await client.post(
                    "/api/sync", json=batches[i], headers=auth(kiosks[i % 2])
                )
                assert response.status_code == 200
                return [r["fate"] for r in response.json()["results"]]

            fates = await asyncio.gather(*(send(i) for i in range(len(batches))))
            everything = batch(*actions)
            final = (
                await client.post("/api/sync", json=everything, headers=auth(kiosks[0]))
            ).json()
    applied = sum(f.count("applied") for f in fates) + sum(
        r["fate"] == "applied" for r in final["results"]
    )
    assert applied == len(actions)
    assert count(demo_store, "scans") == len(actions)
    assert count(demo_store, "applied_actions") == len(actions)


async def grouped(hub: Hub, store: Store, client: httpx.AsyncClient, sent: list[Any]) -> list[Any]:
    """Post batches while the writer is busy, so they reach it as one group; the replies."""
    release = threading.Event()
    busy = store.submit(lambda db: release.wait(10))
    try:
        posts = [asyncio.create_task(client.post("/api/sync", json=b, headers=h)) for b, h in sent]
        for _ in range(1000):  # until every batch has joined the waiting group
            if hub._group is not None and len(hub._group.batches) == len(sent):
                break
            await asyncio.sleep(0.005)
    finally:
        release.set()
    busy.result(10)
    return list(await asyncio.gather(*posts))


async def test_resent_scans_behind_new_ones_are_applied_once(
    demo_dir: DataDir, demo_store: Store
) -> None:
    # Scans alone, or more than one ledger insert's worth of them in a group:
    # the first with nothing to undo, the second undoing the insert that went in.
    kiosk = paired_token(demo_store, Role.KIOSK, "VAST")
    ticket = ticket_of(demo_dir, demo_store, 3)
    old = action("scan", ticket=ticket)
    new = [action("scan", ticket=ticket) for _ in range(sync.ROWS_PER_INSERT + 50)]
    new_seven = [action("scan", ticket=ticket) for _ in range(6)]
    async with in_process(demo_dir, demo_store) as (hub, client):
        await client.post("/api/sync", json=batch(old), headers=auth(kiosk))
        alone = await client.post("/api/sync", json=batch(new[0], old), headers=auth(kiosk))
        assert [r["fate"] for r in alone.json()["results"]] == ["applied", "duplicate"]
        # seven scans go in as 4 + 2 + 1 rows: the last refused, the first six undone
        # and applied again, once
        seven = await client.post("/api/sync", json=batch(*new_seven, old), headers=auth(kiosk))
        assert [r["fate"] for r in seven.json()["results"]] == ["applied"] * 6 + ["duplicate"]
        sent = [(batch(*new[1:401]), auth(kiosk)), (batch(*new[401:], old), auth(kiosk))]
        replies = await grouped(hub, demo_store, client, sent)
    assert [r["fate"] for r in replies[0].json()["results"]] == ["applied"] * 400
    later = len(new) - 401
    assert [r["fate"] for r in replies[1].json()["results"]] == ["applied"] * later + ["duplicate"]
    assert count(demo_store, "scans") == count(demo_store, "applied_actions") == len(new) + 7


async def test_batches_reaching_the_writer_together_are_applied_as_one_after_the_other(
    demo_dir: DataDir, demo_store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    kiosks = [paired_token(demo_store, Role.KIOSK, code) for code in ("VAST", "ZORG", "JONG")]
    ticket = ticket_of(demo_dir, demo_store, 4)
    scans = [action("scan", ticket=ticket) for _ in range(5)]
    sent = [
        (batch(scans[0], scans[1], scans[1]), auth(kiosks[0])),  # an id twice in one batch
        (batch(scans[1], scans[2], action("note", wall="tip", text="Samen")), auth(kiosks[1])),
        (batch(scans[0], scans[3], scans[4]), auth(kiosks[2])),
    ]
    passes: list[int] = []
    apply_batches = sync.apply_batches

    def counted(db: Any, batches: list[sync.Incoming], **kwargs: Any) -> Any:
        passes.append(len(batches))
        return apply_batches(db, batches, **kwargs)

    monkeypatch.setattr(sync, "apply_batches", counted)
    async with in_process(demo_dir, demo_store) as (hub, client):
        for kiosk in kiosks:  # known tokens: the batches join the group in the order sent
            assert (await client.get("/api/content", headers=auth(kiosk))).status_code == 200
        replies = await grouped(hub, demo_store, client, sent)
    assert passes == [3]
    assert [[r["fate"] for r in reply.json()["results"]] for reply in replies] == [
        ["applied", "applied", "duplicate"],
        ["duplicate", "applied", "applied"],
        ["duplicate", "applied", "applied"],
    ]
    assert [r["index"] for r in replies[1].json()["results"]] == [0, 1, 2]
    assert (count(demo_store, "scans"), count(demo_store, "notes")) == (5, 1)
    assert count(demo_store, "applied_actions") == 6
    seen = demo_store.db.execute(
        "SELECT w.code FROM devices d JOIN workshops w ON w.id = d.workshop_id"
        " WHERE d.kind = 'kiosk' AND d.last_seen IS NOT NULL ORDER BY w.code"
    ).fetchall()
    assert [r[0] for r in seen] == ["JONG", "VAST", "ZORG"]


async def test_a_batch_that_breaks_its_group_fails_alone(
    demo_dir: DataDir, demo_store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    kiosk = paired_token(demo_store, Role.KIOSK, "VAST")
    ticket = ticket_of(demo_dir, demo_store, 5)
    apply_batches = sync.apply_batches

    def breaks_on_boom(db: Any, batches: list[sync.Incoming], **kwargs: Any) -> Any:
        outcomes = apply_batches(db, batches, **kwargs)  # written, then undone by the failure
        for incoming in batches:
            if any(getattr(a, "text", "") == "boom" for _, a in incoming.actions):
                raise RuntimeError("a bug that one batch brings out")
        return outcomes

    monkeypatch.setattr(sync, "apply_batches", breaks_on_boom)
    good = [
        batch(action("scan", ticket=ticket), action("note", wall="top", text=f"Goed {i}"))
        for i in range(2)
    ]
    bad = batch(action("scan", ticket=ticket), action("note", wall="top", text="boom"))
    sent = [(good[0], auth(kiosk)), (bad, auth(kiosk)), (good[1], auth(kiosk))]
    async with in_process(demo_dir, demo_store) as (hub, client):
        replies = await grouped(hub, demo_store, client, sent)
    assert [r.status_code for r in replies] == [200, 500, 200]
    assert replies[1].json()["error"]["code"] == "internal"
    for reply in (replies[0], replies[2]):
        assert [r["fate"] for r in reply.json()["results"]] == ["applied", "applied"]
    assert (count(demo_store, "scans"), count(demo_store, "notes")) == (2, 2)
    assert count(demo_store, "applied_actions") == 4
    texts = {r[0] for r in demo_store.db.execute("SELECT text FROM notes")}
    assert texts == {"Goed 0", "Goed 1"}


async def test_client_that_times_out_and_resends(demo_dir: DataDir, demo_store: Store) -> None:
    kiosk = paired_token(demo_store, Role.KIOSK, "VAST")
    ticket = ticket_of(demo_dir, demo_store, 2)
    body = batch(*[action("scan", ticket=ticket) for _ in range(400)])
    with served(demo_dir, demo_store) as running:
        async with httpx.AsyncClient(base_url=running.url) as client:
            timed_out = 0
            for _ in range(3):
                try:
                    await client.post(
                        "/api/sync", json=body, headers=auth(kiosk), timeout=httpx.Timeout(0.0005)
                    )
                except httpx.TimeoutException:
                    timed_out += 1
            final = await client.post("/api/sync", json=body, headers=auth(kiosk), timeout=30)
    assert final.status_code == 200
    assert {r["fate"] for r in final.json()["results"]} <= {"applied", "duplicate"}
    assert count(demo_store, "scans") == 400


async def test_first_answer_counts_across_pillars(demo_dir: DataDir, demo_store: Store) -> None:
    a = paired_token(demo_store, Role.KIOSK, "VAST")
    b = paired_token(demo_store, Role.KIOSK, "VAST")
    ticket = ticket_of(demo_dir, demo_store, 5)
    now = datetime.now(UTC)
    early_wrong = action("answer", ticket=ticket, question_id=1, choice=1)
    early_wrong["at"] = (now - timedelta(minutes=5)).isoformat()
    late_right = action("answer", ticket=ticket, question_id=1, choice=0)
    async with in_process(demo_dir, demo_store) as (_, client):
        await client.post("/api/sync", json=batch(late_right), headers=auth(a))
        assert totals(demo_store)[5] == 10
        # pillar B was offline: its earlier (wrong) answer arrives later and is the one that counts
        await client.post("/api/sync", json=batch(early_wrong), headers=auth(b))
        assert totals(demo_store).get(5, 0) == 0
        points = (await client.post("/api/points", json={"ticket": ticket}, headers=auth(a))).json()
    assert points["answered"] == [1]
    assert points["points"] == 0


async def test_pillar_clock_offset_is_corrected(demo_dir: DataDir, demo_store: Store) -> None:
    kiosk = paired_token(demo_store, Role.KIOSK, "VAST")
    ticket = ticket_of(demo_dir, demo_store, 6)
    skew = timedelta(minutes=7)
    pillar_now = datetime.now(UTC) - skew
    scan = action("scan", ticket=ticket)
    scan["at"] = pillar_now.isoformat()
    body = {"device_clock": pillar_now.isoformat(), "outbox": 3, "actions": [scan]}
    async with in_process(demo_dir, demo_store) as (_, client):
        await client.post("/api/sync", json=body, headers=auth(kiosk))
    scanned = datetime.fromisoformat(demo_store.scalar("SELECT scanned_at FROM scans"))
    assert abs(scanned - datetime.now(UTC)) < timedelta(seconds=30)
    offset = demo_store.scalar("SELECT clock_offset_ms FROM devices WHERE kind = 'kiosk'")
    assert abs(offset - skew.total_seconds() * 1000) < 30_000
    assert demo_store.scalar("SELECT outbox FROM devices WHERE kind = 'kiosk'") == 3


async def test_pillar_row_is_written_once_a_second_and_at_once_when_its_outbox_changes(
    demo_dir: DataDir, demo_store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    kiosk = paired_token(demo_store, Role.KIOSK, "VAST")
    monkeypatch.setattr(service, "TOUCH_INTERVAL_S", 3600.0)

    def sent(minutes_behind: int, outbox: int) -> dict[str, object]:
        clock = datetime.now(UTC) - timedelta(minutes=minutes_behind)
        return {"device_clock": clock.isoformat(), "outbox": outbox, "actions": []}

    def row() -> tuple[int, int]:
        found = demo_store.db.execute(
            "SELECT clock_offset_ms, outbox FROM devices WHERE kind = 'kiosk'"
        ).fetchone()
        return round(found[0] / 60_000), found[1]

    async with in_process(demo_dir, demo_store) as (_, client):
        await client.post("/api/sync", json=sent(5, 4), headers=auth(kiosk))
        assert row() == (5, 4)
        await client.post("/api/sync", json=sent(9, 4), headers=auth(kiosk))
        assert row() == (5, 4)  # within the interval, nothing new to tell
        await client.post("/api/sync", json=sent(9, 0), headers=auth(kiosk))
        assert row() == (9, 0)  # the outbox emptied: written at once
        monkeypatch.setattr(service, "TOUCH_INTERVAL_S", 0.0)
        await client.post("/api/sync", json=sent(2, 0), headers=auth(kiosk))
        assert row() == (2, 0)


async def test_feedback_bonus_capped_and_anonymous(demo_dir: DataDir, demo_store: Store) -> None:
    kiosk = paired_token(demo_store, Role.KIOSK, "JONG")
    ticket = ticket_of(demo_dir, demo_store, 7)
    async with in_process(demo_dir, demo_store) as (_, client):
        for text in ("een", "twee", "drie"):
            await client.post(
                "/api/sync",
                json=batch(action("note", wall="top", text=text), action("credit", ticket=ticket)),
                headers=auth(kiosk),
            )
    assert totals(demo_store)[7] == 10
    assert count(demo_store, "notes") == 3
    kinds = {r[0] for r in demo_store.db.execute("SELECT kind FROM applied_actions")}
    assert kinds == {"note", "credit"}
    for column in ("id", "kind"):
        assert column in {
            r["name"] for r in demo_store.db.query("PRAGMA table_info(applied_actions)")
        }
    assert len(list(demo_store.db.query("PRAGMA table_info(applied_actions)"))) == 2


async def test_revoked_and_non_v4_ids_are_rejected(demo_dir: DataDir, demo_store: Store) -> None:
    kiosk = paired_token(demo_store, Role.KIOSK, "VAST")
    desk = paired_token(demo_store, Role.DESK)
    old = ticket_of(demo_dir, demo_store, 8)
    time_based = action("note", wall="tip", text="x")
    time_based["id"] = "6ba7b810-9dad-11d1-80b4-00c04fd430c8"  # version 1 leaks time and order
    async with in_process(demo_dir, demo_store) as (_, client):
        await client.post("/api/attendees/8/ticket", json={"reissue": True}, headers=auth(desk))
        result = (
            await client.post(
                "/api/sync", json=batch(action("scan", ticket=old), time_based), headers=auth(kiosk)
            )
        ).json()
    assert [(r["fate"], r["reason"]) for r in result["results"]] == [
        ("rejected", "ticket: revoked"),
        ("rejected", "action id must be a random (v4) UUID"),
    ]


def test_initial_state_follows_mode_and_filter() -> None:
    from shared.hub.sync import initial_state

    assert initial_state("post", []) == "visible"
    assert initial_state("post", ["kut"]) == "pending"
    assert initial_state("pre", []) == "pending"


async def test_an_outbox_count_beyond_sqlite_is_refused(
    demo_dir: DataDir, demo_store: Store
) -> None:
    kiosk = paired_token(demo_store, Role.KIOSK, "VAST")
    async with in_process(demo_dir, demo_store) as (_, client):
        response = await client.post(
            "/api/sync", json=batch() | {"outbox": 10**20}, headers=auth(kiosk)
        )
    assert response.status_code == 422, response.text
    assert response.json()["error"]["code"] == "invalid"
    assert "outbox" in response.json()["error"]["message"]


@pytest.mark.parametrize(
    "clock",
    [
        "0001-01-01T00:00:00+01:00",
        "9999-12-31T23:59:59-05:00",
        "1970-01-01T00:00:00Z",
        "2001-06-01T09:00:00",  # no time zone: read as UTC
    ],
)
async def test_actions_from_a_far_off_clock_apply_on_the_hubs_clock(
    demo_dir: DataDir, demo_store: Store, clock: str
) -> None:
    kiosk = paired_token(demo_store, Role.KIOSK, "VAST")
    ticket = ticket_of(demo_dir, demo_store, 6)
    scan = action("scan", ticket=ticket) | {"at": clock}
    answer = action("answer", ticket=ticket, question_id=1, choice=0) | {"at": clock}
    body = {"device_clock": clock, "actions": [scan, answer]}
    async with in_process(demo_dir, demo_store) as (_, client):
        response = await client.post("/api/sync", json=body, headers=auth(kiosk))
    assert response.status_code == 200, response.text
    assert [r["fate"] for r in response.json()["results"]] == ["applied", "applied"]
    received = datetime.fromisoformat(response.json()["received_at"])
    for table, column in (("scans", "scanned_at"), ("answers", "answered_at")):
        stored = datetime.fromisoformat(demo_store.scalar(f"SELECT {column} FROM {table}"))
        assert stored == received


@pytest.mark.parametrize("at", ["0001-01-01T00:00:00Z", "9999-12-31T23:59:59-05:00"])
async def test_an_action_with_an_absurd_time_applies_when_it_arrived(
    demo_dir: DataDir, demo_store: Store, at: str
) -> None:
    kiosk = paired_token(demo_store, Role.KIOSK, "VAST")
    ticket = ticket_of(demo_dir, demo_store, 6)
    body = batch(action("scan", ticket=ticket) | {"at": at})
    async with in_process(demo_dir, demo_store) as (_, client):
        response = await client.post("/api/sync", json=body, headers=auth(kiosk))
    assert response.status_code == 200, response.text
    assert response.json()["results"][0]["fate"] == "applied"
    scanned = demo_store.scalar("SELECT scanned_at FROM scans")
    assert datetime.fromisoformat(scanned) == datetime.fromisoformat(response.json()["received_at"])


async def test_a_far_off_clock_is_recorded_as_far_off(demo_dir: DataDir, demo_store: Store) -> None:
    kiosk = paired_token(demo_store, Role.KIOSK, "VAST")
    behind = timedelta(days=400)
    body = {"device_clock": (datetime.now(UTC) - behind).isoformat(), "actions": []}
    async with in_process(demo_dir, demo_store) as (_, client):
        await client.post("/api/sync", json=body, headers=auth(kiosk))
    offset = demo_store.scalar("SELECT clock_offset_ms FROM devices WHERE kind = 'kiosk'")
    assert abs(offset - behind.total_seconds() * 1000) < 30_000


async def test_invisible_notes_are_refused_and_controls_dropped(
    demo_dir: DataDir, demo_store: Store
) -> None:
    kiosk = paired_token(demo_store, Role.KIOSK, "VAST")
    invisible = action("note", wall="top", text="\u200b\u200d\u2060\ufeff\u3164")
    nul_only = action("note", wall="tip", text="\x00\x00")
    with_nul = action("note", wall="tip", text="goed\x00 verhaal\x1b")
    async with in_process(demo_dir, demo_store) as (_, client):
        response = await client.post(
            "/api/sync", json=batch(invisible, nul_only, with_nul), headers=auth(kiosk)
        )
    assert response.status_code == 200, response.text
    fates = [(r["fate"], r["reason"]) for r in response.json()["results"]]
    assert fates[0] == ("rejected", "empty note")
    assert fates[1][0] == "rejected"
    assert fates[1][1].startswith("invalid note.text:")  # nothing left once NULs are gone
    assert fates[2] == ("applied", None)
    assert demo_store.db.execute("SELECT text, length(text) FROM notes").fetchall() == [
        ("goed verhaal", 12)
    ]
