from pathlib import Path

import pytest
from sqlite_utils import Database

from shared.migrations import migrations
from shared.store import Store


def test_upgrade_from_first_schema_keeps_data(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    db = Database(path)
    migrations.apply(db, stop_before="m002_revisions")
    db.execute(
        "INSERT INTO event (id, uid, name, starts, ends, primary_colour, secondary_colour,"
        " background_colour) VALUES (1, 99, 'Oud', '2026-01-01', '2026-01-01', '#000000',"
        " '#000000', '#ffffff')"
    )
    db.execute("INSERT INTO workshops (id, code, position, title) VALUES (1, 'A', 0, 'Een')")
    db.execute(
        "INSERT INTO attendees (id, first_name, last_name, created_at)"
        " VALUES (1, 'Oud', 'Lid', '2026-01-01')"
    )
    db.close()
    with Store(path) as store:
        event = store.event()
        assert event is not None
        assert event["name"] == "Oud"
        assert store.workshops()[0]["title"] == "Een"
        attendee = store.attendee(1)
        assert attendee is not None
        assert attendee["first_name"] == "Oud"
        # old rows got a revision, so a device's first pull sees them
        assert store.scalar("SELECT rev FROM workshops WHERE id = 1") > 0
        names = [m.name for m in migrations.applied(store.db)]
        assert names == [m.name for m in migrations._migrations]


def test_a_failed_migration_is_rolled_back(tmp_path: Path) -> None:
    from sqlite_utils.migrations import Migrations

    broken = Migrations("broken")

    @broken()
    def m1(db: Database) -> None:
        db.execute("CREATE TABLE half (x)")
        raise RuntimeError("fails halfway")

    db = Database(tmp_path / "b.db")
    with pytest.raises(RuntimeError, match="halfway"):
        broken.apply(db)
    assert "half" not in db.table_names()


def test_scans_survive_losing_their_primary_key(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    db = Database(path)
    migrations.apply(db, stop_before="m006_scans_keyed_by_ledger")
    db.execute("INSERT INTO workshops (id, code, position, title) VALUES (1, 'A', 0, 'Een')")
    rows = [
        (f"00000000-0000-4000-8000-00000000000{n}", 100 + n, n, 1, 7, f"2026-01-0{n}", "r")
        for n in range(1, 4)
    ]
    db.conn.executemany("INSERT INTO scans VALUES (?, ?, ?, ?, ?, ?, ?)", rows)
    db.conn.commit()
    db.close()
    with Store(path) as store:
        assert [tuple(r) for r in store.db.execute("SELECT * FROM scans ORDER BY id")] == rows
        scans = store.db.table("scans")
        assert scans.pks == ["rowid"]  # the ledger keeps ids unique
        assert [i.name for i in scans.indexes] == ["scans_workshop"]


def test_work_sessions_come_to_a_store_with_an_event(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    db = Database(path)
    migrations.apply(db, stop_before="m009_work_sessions")
    db.execute("INSERT INTO workshops (id, code, position, title) VALUES (1, 'A', 0, 'Een')")
    db.execute("INSERT INTO devices (id, kind, created_at) VALUES (3, 'kiosk', '2026-01-01')")
    db.conn.commit()
    db.close()
    with Store(path) as store:
        assert store.workshops()[0]["title"] == "Een"
        assert store.scalar("SELECT cafe_table_id FROM devices WHERE id = 3") is None
        for table in ("ideas", "idea_dots", "cafe_voted", "cafe_joined", "cafe_join_counts"):
            sql = store.scalar("SELECT sql FROM sqlite_master WHERE name = ?", [table])
            assert "WITHOUT ROWID" in sql.upper(), table
