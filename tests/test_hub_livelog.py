"""The live log: every event stored reads back unchanged, and one bad row stops nobody."""

import json
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from shared.hub import sync
from shared.protocol import LiveEvent
from shared.store import Store
from tests.helpers.wire import model_strategy


@settings(max_examples=150, suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(events=st.lists(model_strategy(LiveEvent), min_size=1, max_size=5))
def test_every_live_event_reads_back_as_stored(events: list[LiveEvent]) -> None:
    with tempfile.TemporaryDirectory() as folder, Store(Path(folder) / "zuil.db") as store:
        seqs = store.write(lambda db: [sync.append_event(db, e) for e in events])
        with store.snapshot() as db:
            back = sync.read_events(db, 0)
    assert back == [e.model_copy(update={"seq": s}) for e, s in zip(events, seqs, strict=True)]


def _raw_event(store: Store, payload: dict[str, object]) -> None:
    store.write(
        lambda db: db.execute(
            "INSERT INTO live_events (kind, payload, at) VALUES (?, ?, ?)",
            [payload["kind"], json.dumps(payload), payload["at"]],
        )
    )


def test_an_event_stored_without_its_empty_fields_still_reads(tmp_path: Path) -> None:
    # what hubs wrote before events were stored whole: a hidden name left out
    with Store(tmp_path / "zuil.db") as store:
        _raw_event(
            store,
            {
                "kind": "leaderboard",
                "at": "2026-03-12T09:30:00+00:00",
                "leaderboard": [{"rank": 1, "points": 10}],
            },
        )
        with store.snapshot() as db:
            [event] = sync.read_events(db, 0)
    assert event.leaderboard is not None
    assert event.leaderboard[0].name is None


def test_an_unreadable_event_is_left_out_and_logged_once(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    reported: set[int] = set()
    with Store(tmp_path / "zuil.db") as store:
        _raw_event(store, {"kind": "stats", "at": "2026-03-12T09:30:00+00:00", "nonsense": 1})
        _raw_event(store, {"kind": "stats", "at": "2026-03-12T09:31:00+00:00"})
        for _ in range(3):
            with store.snapshot() as db:
                events = sync.read_events(db, 0, reported=reported)
            assert [e.seq for e in events] == [2]
    assert reported == {1}
    assert len([r for r in caplog.records if r.name == "zuil.hub.sync"]) == 1


def test_a_failed_read_leaves_no_stale_view_behind(tmp_path: Path) -> None:
    """A read that raises half-way must not pin its connection to an old snapshot.

    Its cursor lives on in the exception's traceback; in WAL mode an unfinished
    statement holds its snapshot, and every later read on that thread saw the
    database as it was (the walls' ``last_event`` stood still).
    """
    with Store(tmp_path / "zuil.db") as store:
        for n in range(3):
            _raw_event(store, {"kind": "stats", "at": f"2026-03-12T09:3{n}:00+00:00"})

        def half_read(db: object) -> None:
            rows = store.db.execute("SELECT seq FROM live_events")
            for _ in rows:
                raise ValueError("broken row")

        failures = []
        for _ in range(3):
            try:
                with store.snapshot() as db:
                    half_read(db)
            except ValueError as error:
                failures.append(error)  # kept, as a log handler or the traceback would
        _raw_event(store, {"kind": "stats", "at": "2026-03-12T09:40:00+00:00"})
        with store.snapshot() as db:
            assert sync.last_event(db) == 4
