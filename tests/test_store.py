import sqlite3
import threading
from functools import partial
from pathlib import Path

import pytest
from sqlite_utils import Database

from shared import eventfile, scoring
from shared.datadir import DataDir
from shared.hub.sync import record_credit
from shared.roster import NewAttendee
from shared.store import Store, StoreError
from tests.helpers.hub import totals


def test_wal_and_migrated(tmp_path: Path) -> None:
    with Store(tmp_path / "z.db") as store:
        assert store.scalar("PRAGMA journal_mode") == "wal"
        assert store.scalar("SELECT count(*) FROM _sqlite_migrations") >= 2


def _insert(db: Database, n: int) -> None:
    db.execute("INSERT INTO t VALUES (?)", [n])


def test_writes_from_many_threads_are_serialised(tmp_path: Path) -> None:
    with Store(tmp_path / "z.db") as store:
        store.write(lambda db: db.execute("CREATE TABLE t (n INTEGER)"))

        def worker(base: int) -> None:
            for i in range(50):
                store.write(partial(_insert, n=base + i))

        threads = [threading.Thread(target=worker, args=(k * 1000,)) for k in range(8)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        assert store.scalar("SELECT count(DISTINCT n) FROM t") == 400


def hold_writer(store: Store) -> threading.Event:
    """Keep the writer busy until the returned event is set, so writes queue up behind it."""
    started, release = threading.Event(), threading.Event()

    def busy(db: object) -> None:
        started.set()
        release.wait(10)

    store.submit(busy)
    started.wait(10)
    return release


def test_a_failing_write_does_not_take_its_batch_down(tmp_path: Path) -> None:
    with Store(tmp_path / "z.db") as store:
        store.write(lambda db: db.execute("CREATE TABLE t (n INTEGER UNIQUE)"))
        release = hold_writer(store)  # the twenty are committed together
        futures = [store.submit(partial(_insert, n=n % 5)) for n in range(20)]
        release.set()
        failures = 0
        for future in futures:
            try:
                future.result()
            except sqlite3.IntegrityError:
                failures += 1
        assert failures == 15
        assert store.scalar("SELECT count(*) FROM t") == 5


def test_a_failing_write_leaves_nothing_behind(tmp_path: Path) -> None:
    with Store(tmp_path / "z.db") as store:
        store.write(lambda db: db.execute("CREATE TABLE t (n INTEGER)"))

        def half(db: Database) -> None:
            db.execute("INSERT INTO t VALUES (1)")
            raise RuntimeError("boom")

        with pytest.raises(RuntimeError, match="boom"):
            store.write(half)
        assert store.scalar("SELECT count(*) FROM t") == 0


def test_a_write_cancelled_before_its_turn_is_not_run(tmp_path: Path) -> None:
    with Store(tmp_path / "z.db") as store:
        store.write(lambda db: db.execute("CREATE TABLE t (n INTEGER)"))
        release = hold_writer(store)
        cancelled = store.submit(lambda db: db.execute("INSERT INTO t VALUES (1)"))
        assert cancelled.cancel()
        release.set()
        store.write(lambda db: db.execute("INSERT INTO t VALUES (2)"))
        assert store.scalar("SELECT n FROM t") == 2


def test_closed_store_refuses_writes(tmp_path: Path) -> None:
    store = Store(tmp_path / "z.db")
    store.close()
    with pytest.raises(StoreError):
        store.write(lambda db: None)


def test_reimport_keeps_ids_stable(demo_dir: DataDir, demo_store: Store) -> None:
    before = {w["code"]: w["id"] for w in demo_store.workshops()}
    questions = demo_store.scalar("SELECT group_concat(id) FROM questions ORDER BY id")
    exported = demo_store.export_event()
    demo_store.import_event(exported, {})
    assert {w["code"]: w["id"] for w in demo_store.workshops()} == before
    assert demo_store.scalar("SELECT group_concat(id) FROM questions ORDER BY id") == questions


def test_export_import_round_trip(demo_store: Store, tmp_path: Path) -> None:
    exported = demo_store.export_event()
    text = eventfile.dumps(exported)
    path = tmp_path / "e.toml"
    path.write_text(text, encoding="utf-8")
    assert eventfile.load(path) == exported
    assert len(exported.workshops) == 5
    assert all(len(w.questions) >= 5 for w in exported.workshops)


def test_add_attendees_is_all_or_nothing(demo_store: Store) -> None:
    count = demo_store.scalar("SELECT count(*) FROM attendees")
    good = NewAttendee(first_name="Nieuw", last_name="Mens", workshops=("VAST",))
    bad = NewAttendee(first_name="Fout", last_name="Code", workshops=("NOPE",))
    with pytest.raises(StoreError, match="NOPE"):
        demo_store.add_attendees([good, bad])
    assert demo_store.scalar("SELECT count(*) FROM attendees") == count
    [new_id] = demo_store.add_attendees([good])
    new = demo_store.attendee(new_id)
    assert new is not None
    assert new["first_name"] == "Nieuw"


def test_duplicate_email_refused(demo_store: Store) -> None:
    email = demo_store.attendees()[0]["email"]
    assert email is not None
    with pytest.raises(StoreError, match="already registered"):
        demo_store.add_attendees([NewAttendee(first_name="X", last_name="Y", email=email.upper())])


def test_reissue_revokes_the_old_serial(demo_dir: DataDir, demo_store: Store) -> None:
    signer = demo_dir.signer(demo_store)
    first = demo_store.issue_ticket(1, signer.key_id)
    assert demo_store.issue_ticket(1, signer.key_id) == first
    second = demo_store.issue_ticket(1, signer.key_id, reissue=True)
    assert second.serial != first.serial
    assert demo_store.revoked_serials() == {first.serial}
    with pytest.raises(StoreError, match="no attendee"):
        demo_store.issue_ticket(99999, signer.key_id)


def test_content_revisions_advance_on_change(demo_store: Store) -> None:
    rev = demo_store.scalar("SELECT value FROM revision")
    workshop = demo_store.workshops()[0]
    demo_store.write(
        lambda db: db.execute("UPDATE workshops SET title = 'X' WHERE id = ?", [workshop["id"]])
    )
    assert demo_store.scalar("SELECT rev FROM workshops WHERE id = ?", [workshop["id"]]) > rev
    demo_store.write(lambda db: db.execute("DELETE FROM agenda WHERE position = 0"))
    assert demo_store.scalar("SELECT count(*) FROM tombstones WHERE kind = 'agenda'") == 1


def test_stats_counts_the_demo(demo_store: Store) -> None:
    stats = demo_store.stats()
    assert stats["attendees"] == 40
    assert stats["tickets"] == 40
    assert len(stats["workshops"]) == 5
    assert sum(w["attendees"] for w in stats["workshops"]) == 120  # three workshops each


def test_feedback_credit_is_capped_per_workshop(demo_store: Store) -> None:
    bonus, cap = scoring.DEFAULT_FEEDBACK_BONUS, scoring.DEFAULT_FEEDBACK_CAP
    assert demo_store.write(record_credit, 1, 1, bonus, cap) == 5
    assert demo_store.write(record_credit, 1, 1, bonus, cap) == 10
    assert demo_store.write(record_credit, 1, 1, bonus, cap) == 10
    assert demo_store.write(record_credit, 1, 2, bonus, cap) == 5
    assert totals(demo_store)[1] == 15
