"""shared/purge.py: after a scripted day, personal data is gone from every file of the data
folder, while the report made afterwards says exactly what it said before."""

from __future__ import annotations

import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

import pytest

from shared.datadir import DataDir, today, verifier_for
from shared.protocol import Report, Role
from shared.purge import purge_personal
from shared.report import gather
from shared.store import Store
from tests.helpers.day import play_day
from tests.helpers.hub import action, auth, batch, in_process, paired_token, ticket_of
from tests.helpers.polls import response

pytestmark = pytest.mark.anyio


def report_of(data: DataDir) -> Report:
    with data.open_store() as store, store.snapshot() as db:
        return gather(db).model_copy(update={"made_at": datetime(2026, 11, 24, tzinfo=UTC)})


def every_file(root: Path) -> bytes:
    return b"\n".join(p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file())


async def test_purge_keeps_the_report_and_forgets_the_people(
    demo_dir: DataDir, demo_store: Store
) -> None:
    await play_day(demo_dir, demo_store)
    people = demo_store.attendees()
    token = ticket_of(demo_dir, demo_store, people[0]["id"])
    printed = demo_dir.root / "desk" / "tickets"
    printed.mkdir(parents=True)
    (printed / f"ticket-1-{people[0]['first_name']}.pdf").write_bytes(b"%PDF " + token.encode())
    demo_store.close()
    before = report_of(demo_dir)
    published = {s.name for s in before.top if s.name is not None}
    everything = every_file(demo_dir.root)
    first_email = people[0]["email"]
    assert first_email is not None
    assert first_email.encode() in everything  # the check below can see names...

    result = purge_personal(demo_dir)

    assert result.attendees == 50
    assert result.hidden_photos == 1
    assert "desk/tickets/" in result.removed
    assert "demo-tickets/" in result.removed
    after = report_of(demo_dir)
    assert after == before  # the same report, to the letter
    leftover = every_file(demo_dir.root)
    for person in people:
        full = f"{person['first_name']} {person['last_name']}"
        for secret in (person["email"], person["phone"], full, person["last_name"]):
            if not secret or any(secret in name for name in published):
                continue  # absent, or a name the attendee allowed on the walls' top 5
            assert secret.encode() not in leftover, secret
    assert token.encode() not in leftover
    assert not list(demo_dir.root.glob("*.db-wal")) or all(
        p.stat().st_size == 0 for p in demo_dir.root.glob("*.db-wal")
    )
    with demo_dir.open_store() as store:
        assert verifier_for(store).check(token, today=today()).verdict.value == "revoked"
        assert store.scalar("SELECT count(*) FROM deliveries") == 0
        assert store.scalar("SELECT count(*) FROM devices WHERE token_hash IS NOT NULL") == 0
    again = purge_personal(demo_dir)  # a second purge changes nothing
    assert again.attendees == 0
    assert report_of(demo_dir) == before


def test_purge_asks_first(demo_dir: DataDir) -> None:
    command = [sys.executable, "-m", "shared", "purge", "--personal", "--data", str(demo_dir.root)]
    refused = subprocess.run(command, input="nee\n", capture_output=True, text=True, timeout=60)
    assert refused.returncode == 1
    assert "Nothing was changed" in refused.stdout
    with demo_dir.open_store() as store:
        assert store.scalar("SELECT count(*) FROM attendees WHERE email IS NOT NULL") > 0
    done = subprocess.run(command, input="JA\n", capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert "Purged 40 attendees" in done.stdout
    with demo_dir.open_store() as store:
        assert store.scalar("SELECT count(*) FROM attendees WHERE email IS NOT NULL") == 0
    scripted = subprocess.run([*command, "--yes"], capture_output=True, text=True, timeout=60)
    assert scripted.returncode == 0


async def test_purge_forgets_who_answered_and_keeps_the_counts(
    demo_dir: DataDir, demo_store: Store
) -> None:
    rating = demo_store.scalar("SELECT id FROM polls WHERE code = 'VAST-R'")
    kiosk = paired_token(demo_store, Role.KIOSK, "VAST")
    tickets = [ticket_of(demo_dir, demo_store, a) for a in range(1, 7)]
    async with in_process(demo_dir, demo_store) as (_, client):
        for stars, ticket in enumerate(tickets, start=1):
            body = batch(action("scan", ticket=ticket), response(ticket, rating, stars % 5 + 1))
            assert (await client.post("/api/sync", json=body, headers=auth(kiosk))).is_success
    demo_store.close()
    before = report_of(demo_dir)
    with demo_dir.open_store() as store:
        assert store.scalar("SELECT count(*) FROM poll_answered") == 6
        tally = store.db.execute("SELECT * FROM poll_tally ORDER BY value").fetchall()

    result = purge_personal(demo_dir)

    assert result.answered == 6
    with demo_dir.open_store() as store:
        assert store.scalar("SELECT count(*) FROM poll_answered") == 0
        assert store.db.execute("SELECT * FROM poll_tally ORDER BY value").fetchall() == tally
    assert report_of(demo_dir).polls == before.polls
