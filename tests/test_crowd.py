"""shared/launch/crowd.py: the demo's crowd answers through real pillars' outboxes and
clients to a real hub on 127.0.0.1, and the hub counts what it applied, once each."""

from __future__ import annotations

import random
from datetime import UTC, datetime
from pathlib import Path

import pytest

from shared.datadir import DataDir
from shared.hub import polls as hub_polls
from shared.launch.crowd import CROWD_SIZE, Crowd, members, pair_pillars
from shared.store import Store
from tests.helpers.hub import served

pytestmark = pytest.mark.anyio


def counted(store: Store) -> dict[str, int]:
    """How many answered each question (digital), by code."""
    return {
        r[0]: r[1]
        for r in store.db.execute(
            "SELECT p.code, count(a.attendee_id) FROM polls p LEFT JOIN poll_answered a"
            " ON a.poll_id = p.id AND a.part = 'answer' GROUP BY p.id"
        )
    }


async def test_a_crowd_answers_once_each_and_votes_once_proposals_are_approved(
    demo_dir: DataDir, demo_store: Store, tmp_path: Path
) -> None:
    store = demo_store
    workshops = [w["code"] for w in store.workshops()]
    people = members(demo_dir, store, CROWD_SIZE)
    assert len(people) == CROWD_SIZE
    assert len({m.ticket for m in people}) == CROWD_SIZE
    with served(demo_dir, store) as hub:
        pillars = await pair_pillars(store, hub.url, tmp_path / "crowd", workshops)
        progress: list[int] = []
        crowd = Crowd(
            hub.url,
            pillars,
            people,
            seconds=0,
            rng=random.Random(18),
            on_progress=lambda done, of: progress.append(done),
        )
        try:
            played = await crowd.play()
            assert played.attendees == CROWD_SIZE
            assert progress == list(range(1, CROWD_SIZE + 1))
            assert all(p.outbox.count() == 0 for p in pillars.values())  # all sent, none stuck
            answers = counted(store)
            # every response the crowd queued was applied: they came once, all were there
            assert sum(answers.values()) == played.by_kind["response"] - store.scalar(
                "SELECT count(*) FROM poll_answered WHERE part = 'proposal'"
            )
            assert answers["AANBEVELEN"] >= CROWD_SIZE * 0.7
            assert answers["WOLK"] >= CROWD_SIZE * 0.7
            ratings = sum(n for code, n in answers.items() if code.endswith("-R"))
            assert ratings >= CROWD_SIZE * 0.7  # each rated the workshop they were scanned at
            mode = store.scalar("SELECT moderation FROM event")
            held = "pending" if mode == "pre" else "visible"  # moderated like notes
            states = {
                r[0]: r[1]
                for r in store.db.execute(
                    "SELECT state, count(*) FROM poll_texts WHERE part = 'proposal' GROUP BY state"
                )
            }
            assert states.get(held, 0) >= 3
            assert set(states) == {held}
            assert answers["MELDPUNT"] == 0
            with store.snapshot() as db:
                nps = next(
                    r for r in hub_polls.results(db, datetime.now(UTC)) if r.code == "AANBEVELEN"
                )
            assert nps.n == answers["AANBEVELEN"]
            assert nps.distribution is not None
            assert sum(nps.distribution) == nps.n

            # the desk approves the proposals and opens the voting; the crowd comes back
            store.db.execute("UPDATE poll_texts SET state = 'visible' WHERE part = 'proposal'")
            store.db.execute("UPDATE polls SET phase = 'vote' WHERE code = 'MELDPUNT'")
            store.db.conn.commit()
            again = Crowd(hub.url, pillars, people, seconds=0, rng=random.Random(19))
            await again.play()
            assert all(p.outbox.count() == 0 for p in pillars.values())  # refusals never block
            after = counted(store)
            assert after["MELDPUNT"] >= CROWD_SIZE * 0.7
            # what they had answered already was refused: each still counted once
            for code, n in after.items():
                assert n >= answers[code]
                assert n <= CROWD_SIZE
                respondents = store.scalar(
                    "SELECT coalesce(sum(t.count), 0) FROM poll_tally t JOIN polls p"
                    " ON p.id = t.poll_id WHERE p.code = ? AND t.value = -1",
                    [code],
                )
                assert respondents == n, code
            refused = store.scalar("SELECT sum(refused) FROM devices WHERE name LIKE 'crowd %'")
            assert refused > 0
        finally:
            await crowd.close()
