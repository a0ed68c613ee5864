"""Anonymity is structural: nothing in the store links a note or photo to a person."""

from shared.store import Store

PERSONAL = {"attendee_id", "serial", "device_id", "ticket", "first_name", "email", "phone"}
ANONYMOUS = {"notes", "photos"}


def _columns(store: Store, table: str) -> set[str]:
    return {row["name"] for row in store.db.query(f"PRAGMA table_info({table})")}


def test_notes_and_photos_have_no_personal_columns(demo_store: Store) -> None:
    for table in ANONYMOUS:
        columns = _columns(demo_store, table)
        assert columns, table
        assert not columns & PERSONAL, (table, columns & PERSONAL)
        assert not any("attendee" in c or "device" in c or "ticket" in c for c in columns)


def test_no_table_joins_a_note_or_photo_to_a_person(demo_store: Store) -> None:
    for table in demo_store.db.table_names():
        columns = _columns(demo_store, table)
        refers_to_feedback = any(c in {"note_id", "photo_id", "sha256"} for c in columns)
        if table in ANONYMOUS:
            continue
        assert not (refers_to_feedback and columns & PERSONAL), table
        # no foreign key from a personal table into notes or photos
        for fk in demo_store.db.query(f"PRAGMA foreign_key_list({table})"):
            assert fk["table"] not in ANONYMOUS, table


def test_insertion_order_cannot_be_lined_up(demo_store: Store) -> None:
    """WITHOUT ROWID tables keyed by random ids keep no order of arrival."""
    for table in ANONYMOUS | {"points"}:
        sql = demo_store.scalar("SELECT sql FROM sqlite_master WHERE name = ?", [table])
        assert "WITHOUT ROWID" in sql.upper(), table
    ledger = _columns(demo_store, "points")
    assert not any("time" in c or c.endswith("_at") for c in ledger)


def test_posting_feedback_leaves_no_trace_linking_note_and_attendee(demo_store: Store) -> None:
    ids = []
    for attendee in (3, 7, 11):
        ids.append(
            demo_store.post_note(wall="tip", text=f"tip {attendee}", workshop_id=1, state="visible")
        )
        demo_store.credit_feedback(attendee, 1)
    # Look for any row anywhere that mentions a note id: only the notes table may.
    for table in demo_store.db.table_names():
        for row in demo_store.db.query(f"SELECT * FROM [{table}]"):
            text = " ".join(str(v) for v in row.values())
            for note_id in ids:
                if note_id in text:
                    assert table == "notes", table
    # The notes keep only minute precision, nothing finer to correlate.
    minutes = {r["created_minute"] for r in demo_store.db.query("SELECT * FROM notes")}
    assert all(len(m) == 16 for m in minutes)
