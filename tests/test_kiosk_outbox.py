import json
import sqlite3
import uuid
from pathlib import Path

import pytest

from kiosk.outbox import CREDIT_MINUTES, RELEASE_JITTER_S, Outbox, Release
from shared import protocol
from tests.helpers.clock import Clock, let_time_pass, moving_outbox


def test_actions_survive_a_reopen(tmp_path: Path) -> None:
    box = Outbox(tmp_path / "k.db")
    first = box.add("scan", {"ticket": "A"})
    box.add("scan", {"ticket": "T"})
    box.close()
    again = Outbox(tmp_path / "k.db")
    due = again.due()
    assert due[0].id == first
    assert uuid.UUID(first).version == 4
    assert due[0].body["kind"] == "scan"
    assert due[0].body["at"]
    again.done([first])
    assert again.count() == 1
    again.failed([due[1].id], "offline")
    assert again.due()[0].attempts == 1


def test_credit_leaves_later(tmp_path: Path) -> None:
    box = Outbox(tmp_path / "k.db")
    box.add_feedback_credit("TICKET", "VAST")
    assert box.count() == 1
    assert box.due() == []  # not yet: it waits for a later minute boundary
    assert box.pending_credits("TICKET") == 1
    assert box.pending_credits("OTHER") == 0


def released_at(box: Outbox, clock: Clock, anonymous: bool, until: float) -> dict[str, float]:
    """When each held action first comes due, moving the clock a second at a time."""
    seen: dict[str, float] = {}
    while clock.now < until:
        for pending in box.due(anonymous=anonymous):
            seen.setdefault(pending.id, clock.now)
        clock.advance(1)
    return seen


def test_anonymous_items_leave_together_at_the_next_minute_boundary(tmp_path: Path) -> None:
    clock = Clock(start=1_800_000_000.0 + 12.5)  # 12.5 s into a minute
    box = Outbox(tmp_path / "k.db", Release(clock=clock))
    scan = box.add("scan", {"ticket": "T"})
    assert [p.id for p in box.due()] == [scan]  # what names a ticket leaves at once
    notes = [box.add("note", {"wall": "top", "text": f"n{i}"}) for i in range(3)]
    clock.advance(30)  # still the same minute: one more, with the same release
    notes.append(box.add("photo", {"wall": "top", "consent": True}, photo_path="p.jpg"))
    credits = [box.add_feedback_credit("T", "VAST") for _ in notes]
    assert box.due(anonymous=True) == []
    start = clock.now
    seen = released_at(box, clock, True, start + 10 * 60)
    boundary = 1_800_000_060.0
    assert set(seen) == set(notes)
    assert len(set(seen.values())) == 1, "one minute's items leave at one moment"
    assert (
        boundary + RELEASE_JITTER_S[0] <= min(seen.values()) <= boundary + RELEASE_JITTER_S[1] + 1
    )
    assert all(p.kind != "credit" for p in box.due(anonymous=True))
    clock.now = start
    credit_seen = released_at(box, clock, False, start + 10 * 60)
    assert set(credit_seen) == set(credits) | {scan}
    for credit in credits:
        minutes = (credit_seen[credit] - boundary) // 60
        assert CREDIT_MINUTES[0] <= minutes <= CREDIT_MINUTES[1], "a credit never beside its note"


def test_anonymous_items_come_shuffled(tmp_path: Path) -> None:
    box = moving_outbox(tmp_path / "k.db")
    ids = [box.add("note", {"wall": "top", "text": f"n{i}"}) for i in range(12)]
    let_time_pass(box)
    orders = {tuple(p.id for p in box.due(anonymous=True)) for _ in range(5)}
    assert all(sorted(order) == sorted(ids) for order in orders)
    assert len(orders) > 1, "the order they were written in shows"


def test_settings_and_answered(tmp_path: Path) -> None:
    box = Outbox(tmp_path / "k.db")
    box.put("hub", "http://127.0.0.1:1")
    box.put_json("content", {"a": [1, "é"]})
    assert box.get("hub") == "http://127.0.0.1:1"
    assert box.get_json("content") == {"a": [1, "é"]}
    box.put("hub", None)
    assert box.get("hub") is None
    box.mark_answered(3, [1, 2, 2])
    assert box.answered(3) == {1, 2}
    assert box.count_feedback(3, "VAST") == 1
    assert box.count_feedback(3, "VAST") == 2


def test_a_parked_action_is_kept_but_not_due(tmp_path: Path) -> None:
    box = Outbox(tmp_path / "k.db")
    first = box.add("answer", {"ticket": "T", "question_id": 1, "choice": 0})
    second = box.add("scan", {"ticket": "T"})
    box.park(first, "hub error 500")
    assert [p.id for p in box.due()] == [second]
    assert box.count() == 2  # parked, not lost
    assert box.stuck() == 1
    box.close()
    again = Outbox(tmp_path / "k.db")
    assert again.stuck() == 1  # and still parked after a restart
    parked = again.pending()[0]
    assert (parked.id, parked.attempts, parked.retry) == (first, 1, False)
    assert again.release_stuck() == 1
    assert again.stuck() == 0
    assert [(p.id, p.retry) for p in again.due()] == [(first, True), (second, False)]
    again.done([first])
    assert again.count() == 1


def test_a_file_from_before_parking_opens(tmp_path: Path) -> None:
    path = tmp_path / "k.db"
    old = sqlite3.connect(path)
    old.execute(
        "CREATE TABLE outbox (id TEXT PRIMARY KEY, kind TEXT NOT NULL, body TEXT NOT NULL,"
        " photo_path TEXT, not_before REAL NOT NULL DEFAULT 0,"
        " attempts INTEGER NOT NULL DEFAULT 0, last_error TEXT)"
    )
    old.execute(
        "INSERT INTO outbox (id, kind, body) VALUES ('a', 'note', ?)",
        ['{"id": "a", "kind": "note"}'],
    )
    old.commit()
    old.close()
    box = Outbox(path)
    assert [p.id for p in box.due(anonymous=True)] == ["a"]  # held by nobody: due at once
    assert box.stuck() == 0
    box.park("a", "hub error 500")
    assert box.due(anonymous=True) == []


def test_actions_come_back_as_the_wires_models(tmp_path: Path) -> None:
    from datetime import UTC, datetime

    from kiosk.outbox import PhotoDraft, stamp
    from shared import protocol

    box = moving_outbox(tmp_path / "k.db")
    note = protocol.NoteAction(**stamp(), wall="tip", text="Goed!", workshop="VAST")
    box.queue(note)
    draft = PhotoDraft(**stamp(), wall="top", caption="", consent=True)
    box.queue(draft, photo_path=str(tmp_path / "p.jpg"))
    let_time_pass(box)
    first, second = sorted(box.due(anonymous=True), key=lambda p: p.kind)
    assert first.action == note
    assert first.body == note.model_dump(mode="json", exclude_none=True)  # the model's JSON
    assert second.action == draft
    box.set_photo(second.id, "a" * 64)
    sent = next(p.action for p in box.due(anonymous=True) if p.kind == "photo")
    assert isinstance(sent, protocol.PhotoAction)
    assert sent == draft.with_photo("a" * 64)
    assert sent.at == draft.at.astimezone(UTC)
    assert datetime.now(UTC) >= sent.at


def test_a_file_written_before_still_loads(tmp_path: Path) -> None:
    # rows as pillars stored them before the outbox held models: plain JSON bodies
    box = Outbox(tmp_path / "k.db")
    box.close()
    db = sqlite3.connect(tmp_path / "k.db")
    scan = {"id": str(uuid.uuid4()), "kind": "scan", "at": "2026-05-04T09:00:00+00:00"}
    scan["ticket"] = "T"
    photo: dict[str, object] = {"id": str(uuid.uuid4()), "kind": "photo"}
    photo["at"] = "2026-05-04T09:01:00+00:00"
    photo |= {"wall": "top", "caption": "é", "consent": True, "workshop": "VAST"}
    broken = {"id": str(uuid.uuid4()), "kind": "note", "at": "then"}
    for body, path in ((scan, None), (photo, "/tmp/p.jpg"), (broken, None)):
        db.execute(
            "INSERT INTO outbox (id, kind, body, photo_path) VALUES (?, ?, ?, ?)",
            [body["id"], body["kind"], json.dumps(body), path],
        )
    db.commit()
    db.close()
    again = Outbox(tmp_path / "k.db")
    loaded = again.pending()
    assert [str(p.action.id) if p.action else None for p in loaded] == [
        scan["id"],
        photo["id"],
        None,  # unreadable: still held, sent as stored for the hub to refuse on its own
    ]
    assert loaded[1].action is not None
    assert loaded[1].action.kind == "photo"
    assert loaded[2].body == broken


def test_a_delivered_note_leaves_no_bytes_beside_its_ticket(tmp_path: Path) -> None:
    # a stolen pillar: its file and write-ahead log read byte by byte, deleted rows too
    box = Outbox(tmp_path / "k.db")
    ticket = "ZU1TICKETOFTHEAUTHOR"
    ids = [
        box.add("scan", {"ticket": ticket}),
        box.add("note", {"wall": "tip", "text": "Een zeer herkenbare tip"}),
        box.add("scan", {"ticket": "ZU1TICKETOFTHENEXTONE"}),
    ]
    box.done(ids[:2])
    raw = b"".join(p.read_bytes() for p in tmp_path.glob("k.db*"))
    assert b"Een zeer herkenbare tip" not in raw
    assert ticket.encode() not in raw
    assert box.count() == 1  # what is not delivered stays
    box.close()


def test_what_the_hub_took_is_kept_sealed_and_only_for_this_run(tmp_path: Path) -> None:
    outbox = moving_outbox(tmp_path / "k.db")
    note = outbox.add("note", {"wall": "tip", "text": "Geheim-kenmerk-4711"})
    let_time_pass(outbox)
    [due] = outbox.due(anonymous=True)
    assert isinstance(due.action, protocol.NoteAction)
    outbox.done([note], keep=[due.action])
    to_the_minute = due.action.at.replace(second=0, microsecond=0)
    assert outbox.kept() == [due.action.model_copy(update={"at": to_the_minute})]
    outbox.close()
    stored = b"".join(p.read_bytes() for p in tmp_path.glob("k.db*"))
    assert b"Geheim-kenmerk-4711" not in stored  # sealed on disk
    assert note.encode() not in stored  # nor its action id
    again = Outbox(tmp_path / "k.db")  # the pillar restarted: its key is gone
    assert again.kept() == []
    again.close()


def test_a_delivered_answer_of_opinion_leaves_only_that_it_was_given(tmp_path: Path) -> None:
    # the pillar remembers who answered a question here (not to ask twice), never what
    box = Outbox(tmp_path / "k.db")
    ticket = "ZU1TICKETOFTHERATER"
    sent = box.add(
        "response", {"ticket": ticket, "poll_id": 4, "choices": [2], "text": "Een zeer herkenbare"}
    )
    box.mark_responded(17, 4, "answer")
    box.mark_responded(17, 4, "answer")
    box.mark_responded(17, 9, "proposal")
    assert box.responded(17) == {(4, "answer"), (9, "proposal")}
    assert box.responded(18) == set()
    box.done([sent])
    raw = b"".join(p.read_bytes() for p in tmp_path.glob("k.db*"))
    assert b"Een zeer herkenbare" not in raw
    assert ticket.encode() not in raw
    columns = {
        row[1] for row in sqlite3.connect(tmp_path / "k.db").execute("PRAGMA table_info(responded)")
    }
    assert columns == {"attendee_id", "poll_id", "part"}
    box.close()


def test_answers_leave_at_the_minute_in_shuffled_batches_of_their_own(tmp_path: Path) -> None:
    """An answer never leaves beside the scan of its visit, nor in the order it was given."""
    clock = Clock(start=1_800_000_000.0 + 12.5)
    box = Outbox(tmp_path / "k.db", Release(clock=clock))
    scans = [box.add("scan", {"ticket": f"T{i}"}) for i in range(8)]
    answers = [
        box.add("response", {"ticket": f"T{i}", "poll_id": 1, "choices": [i % 5 + 1]})
        for i in range(8)
    ]
    box.add("note", {"wall": "top", "text": "n"})
    assert [p.id for p in box.due()] == scans  # the scans go at once, alone
    assert box.due(opinions=True) == []
    clock.advance(60)  # past the boundary and its jitter
    assert [p.id for p in box.due()] == scans
    orders = {tuple(p.id for p in box.due(opinions=True)) for _ in range(5)}
    assert all(sorted(order) == sorted(answers) for order in orders)
    assert len(orders) > 1, "the order they were given in shows"
    assert {p.kind for p in box.due(anonymous=True)} == {"note"}
    with pytest.raises(ValueError, match="one group"):
        box.due(anonymous=True, opinions=True)
