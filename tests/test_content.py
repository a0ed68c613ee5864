"""shared/content.py: an event file into a data folder, and the demo's move onto today."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from shared import content, eventfile
from shared.datadir import DataDir

EVENT = """
[event]
name = "Twee dagen"
starts = 2026-06-11
ends = 2026-06-12

[[polls]]
code = "DAG2"
kind = "open"
text = "Wat neem je mee?"
opens = "2026-06-12 09:00"
closes = "2026-06-12 17:30"

[[polls]]
code = "DAG1"
kind = "vote"
text = "Hoe noemen we het?"
closes = "16:00"
"""


def test_questions_move_with_the_event_onto_the_day_held(tmp_path: Path) -> None:
    source = tmp_path / "event.toml"
    source.write_text(EVENT, encoding="utf-8")
    data = DataDir(tmp_path / "data")
    with data.open_store() as store:
        held = content.import_event(data, store, source, on_day=date(2027, 3, 2))
        assert [(p.opens, p.closes) for p in held.polls] == [("09:00", "17:30"), (None, "16:00")]
        stored = store.db.execute("SELECT opens, closes FROM polls ORDER BY position").fetchall()
        first_day = date(2027, 3, 2)
        assert stored == [
            (
                eventfile.poll_moment("09:00", first_day).isoformat(),
                eventfile.poll_moment("17:30", first_day).isoformat(),
            ),
            (None, eventfile.poll_moment("16:00", first_day).isoformat()),
        ]
        # the file's own days, when not moved
        kept = content.import_event(data, store, source)
        assert kept.polls[0].opens == "2026-06-12 09:00"
        assert store.export_event().polls[0].opens == "2026-06-12 09:00"


def test_a_move_that_puts_closing_before_opening_is_named(tmp_path: Path) -> None:
    source = tmp_path / "event.toml"
    source.write_text(
        EVENT.replace('opens = "2026-06-12 09:00"', 'opens = "2026-06-11 18:00"'), encoding="utf-8"
    )
    data = DataDir(tmp_path / "data")
    with data.open_store() as store, pytest.raises(eventfile.EventFileError, match="before it"):
        content.import_event(data, store, source, on_day=date(2027, 3, 2))
