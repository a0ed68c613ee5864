"""After the event: remove personal data, keep every aggregate and anonymous note.

``zuil purge --personal`` blanks names, e-mail addresses and phone numbers,
revokes every ticket (so no token works any more) and every device token,
forgets the personal-link deliveries and the live log (it holds leaderboard
names), deletes the images of photos the report leaves out, and removes the
files in the data folder that hold personal data (ticket PDFs and QR images,
device caches). SQLite keeps
deleted rows in free pages and in the WAL, so the purge runs with
``secure_delete`` on, then ``VACUUM`` and a truncating WAL checkpoint: the
data is gone from the files, not just from the tables.

It also forgets who answered a rating, poll or vote, spent their dots or joined
a table (kept only to count each person once) and the desk's walk-in ids.

What stays: attendee rows without names (the participation figures count
them), scans, quiz answers and points (by pseudonymous id), the counts of every
rating, poll and vote, every idea, every note and approved
photo, and the top 5 exactly as it was published (names only as attendees
allowed on screens), frozen so a report made afterwards is the same.
"""

from __future__ import annotations

import json
import shutil
import sqlite3
from dataclasses import dataclass, field
from pathlib import Path

from sqlite_utils import Database

from shared.datadir import DataDir
from shared.report import top_five
from shared.store import Store, utcnow

# Files and folders under a data folder that hold personal data or tokens.
PERSONAL_PATHS = (
    "demo-tickets",  # QR images of the demo tickets
    "desk/tickets",  # tickets printed to PDF at the desk
    "desk/desk.json",  # the desk's device token
    "wall/wall.json",  # a wall's device token
    "kiosk/kiosk.db",  # a pillar's cached attendee names and its outbox
    "kiosk/kiosk.db-wal",
    "kiosk/kiosk.db-shm",
)


# Who answered a rating, poll or vote, spent their dots or joined a table: never what.
ANSWERED_TABLES = ("poll_answered", "cafe_voted", "cafe_joined")


@dataclass
class PurgeResult:
    """What the purge did."""

    attendees: int = 0
    tickets_revoked: int = 0
    devices_revoked: int = 0
    deliveries: int = 0
    hidden_photos: int = 0
    answered: int = 0
    removed: list[str] = field(default_factory=list)


def purge_rows(db: Database, result: PurgeResult, photos_dir: Path) -> list[Path]:
    """Inside one write: freeze the top 5, then blank and delete. Returns photo files to delete."""
    db.execute("PRAGMA secure_delete = ON")
    top = [s.model_dump() for s in top_five(db)]
    db.execute(
        "INSERT INTO report_frozen (key, value) VALUES ('top', ?)"
        " ON CONFLICT (key) DO NOTHING",  # a second purge keeps the first, published list
        [json.dumps(top, ensure_ascii=False)],
    )
    now = utcnow()
    result.attendees = db.execute(
        "UPDATE attendees SET first_name = '', last_name = '', email = NULL, phone = NULL"
        " WHERE first_name != '' OR last_name != '' OR email IS NOT NULL OR phone IS NOT NULL"
    ).rowcount
    result.tickets_revoked = db.execute(
        "UPDATE tickets SET revoked_at = ? WHERE revoked_at IS NULL", [now]
    ).rowcount
    result.devices_revoked = db.execute(
        "UPDATE devices SET token_hash = NULL, pairing_hash = NULL, pairing_expires = NULL,"
        " revoked_at = coalesce(revoked_at, ?)",
        [now],
    ).rowcount
    result.deliveries = db.execute("DELETE FROM deliveries").rowcount
    db.execute("DELETE FROM live_events")
    # Who answered a question, spent dots or joined a table was kept only to count each
    # person once while the event ran; the counts themselves stay.
    result.answered = sum(db.execute(f"DELETE FROM {table}").rowcount for table in ANSWERED_TABLES)
    db.execute("DELETE FROM walk_ins")
    # Photos the report leaves out lose their image and caption; the row stays, so the
    # report still counts what moderation hid.
    hidden = {r[0] for r in db.execute("SELECT sha256 FROM photos WHERE state != 'visible'")}
    result.hidden_photos = db.execute(
        "UPDATE photos SET caption = '' WHERE state != 'visible'"
    ).rowcount
    shown = {r[0] for r in db.execute("SELECT sha256 FROM photos WHERE state = 'visible'")}
    for sha in hidden - shown:
        db.execute("DELETE FROM photo_files WHERE sha256 = ?", [sha])
    return [photos_dir / f"{sha}.jpg" for sha in hidden - shown]


def purge_personal(data: DataDir, store: Store | None = None) -> PurgeResult:
    """Remove the personal data of an event from its data folder.

    Args:
        data: the event's data folder.
        store: the running hub's store; None opens one (the hub must then be stopped).
    """
    if store is None:
        with data.open_store() as own:
            return purge_personal(data, own)
    result = PurgeResult()
    doomed = store.write(purge_rows, result, data.photos_dir)
    remove_files(data, result, doomed)
    return result


def remove_files(data: DataDir, result: PurgeResult, doomed: list[Path]) -> None:
    """After :func:`purge_rows`: remove the files, then rewrite the database file without them.

    Args:
        data: the event's data folder.
        result: what was removed, added to.
        doomed: the photo files :func:`purge_rows` let go.
    """
    for photo in doomed:
        if photo.exists():
            photo.unlink()
            result.removed.append(str(photo.relative_to(data.root)))
    for relative in PERSONAL_PATHS:
        path = data.root / relative
        if path.is_dir():
            shutil.rmtree(path)
            result.removed.append(relative + "/")
        elif path.exists():
            path.unlink()
            result.removed.append(relative)
    # Deleted rows live on in free pages and the WAL: rewrite the file, empty the WAL.
    connection = sqlite3.connect(data.db_path, isolation_level=None, timeout=30)
    try:
        connection.execute("PRAGMA secure_delete = ON")
        connection.execute("VACUUM")
        connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        connection.close()
