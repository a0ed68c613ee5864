"""Questions for tests, written straight into a store as the event file's import would."""

from __future__ import annotations

import json
from typing import Any

from shared.store import Store
from tests.helpers.hub import action


def without_sample_polls(store: Store) -> None:
    """Remove the sample event's questions (none answered yet): a test's own stand alone."""
    store.write(lambda db: db.execute("DELETE FROM polls"))


def add_poll(
    store: Store, code: str, kind: str, workshop: str | None = None, **columns: Any
) -> int:
    """Add a question (rating, recommend, poll, vote, open); returns its id.

    ``options`` may be a list; every other column as the ``polls`` table has it.
    """
    if "options" in columns:
        columns["options"] = json.dumps(columns["options"])
    if "comment" in columns:
        columns["comment"] = int(columns["comment"])

    def write(db: Any) -> int:
        workshop_id = (
            db.execute("SELECT id FROM workshops WHERE code = ?", [workshop]).fetchone()[0]
            if workshop
            else None
        )
        position = db.execute("SELECT coalesce(max(position), 0) + 1 FROM polls").fetchone()[0]
        row = {"code": code, "kind": kind, "workshop_id": workshop_id, "position": position}
        row.update(columns)
        cursor = db.execute(
            f"INSERT INTO polls ({', '.join(row)}) VALUES ({', '.join('?' * len(row))})",
            list(row.values()),
        )
        return int(cursor.lastrowid)

    return store.write(write)


def response(
    ticket: str, poll_id: int, *choices: int, text: str = "", **fields: Any
) -> dict[str, Any]:
    """A response action (an answer to a question) as a pillar sends it."""
    return action(
        "response", ticket=ticket, poll_id=poll_id, choices=list(choices), text=text, **fields
    )
