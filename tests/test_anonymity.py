"""Anonymity is structural: nothing in the store links a note or photo to a person."""

import json
from typing import Any

import pytest

from shared import scoring
from shared.datadir import DataDir
from shared.protocol import Role
from shared.store import Store
from tests.helpers.hub import action, auth, batch, in_process, paired_token, ticket_of, totals

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


def _dump(store: Store) -> dict[str, list[dict[str, Any]]]:
    """Every row of every table, as read back."""
    return {
        table: list(store.db.query(f"SELECT * FROM [{table}]")) for table in store.db.table_names()
    }


def _written(
    before: dict[str, list[dict[str, Any]]], after: dict[str, list[dict[str, Any]]]
) -> dict[str, list[dict[str, Any]]]:
    """The rows each table gained or changed between two dumps."""
    return {
        table: fresh
        for table, rows in after.items()
        if (fresh := [row for row in rows if row not in before.get(table, [])])
    }


@pytest.mark.anyio
async def test_feedback_through_sync_leaves_nothing_linking_note_and_attendee(
    demo_dir: DataDir, demo_store: Store
) -> None:
    """A note and its feedback credit, sent by a pillar, as the product stores them.

    The worst case on purpose: each note and its credit in one batch (a pillar
    holds the credit back a random while). Every table the sync touched is
    looked at: only ``notes`` (and the walls' live log) holds a note, neither
    names a person, and no row that names a person holds a note's id or text.
    """
    kiosk = paired_token(demo_store, Role.KIOSK, "VAST")
    people = {3: "", 7: "", 11: ""}
    tickets = {a: ticket_of(demo_dir, demo_store, a) for a in people}
    serials = {str(demo_store.issue_ticket(a, 0).serial) for a in people}
    before = _dump(demo_store)
    async with in_process(demo_dir, demo_store) as (_, client):
        for attendee, ticket in tickets.items():
            people[attendee] = f"koffie was op om {attendee} uur"
            body = batch(
                action("note", wall="tip", text=people[attendee], workshop="VAST"),
                action("credit", ticket=ticket, workshop="VAST"),
            )
            reply = await client.post("/api/sync", json=body, headers=auth(kiosk))
            assert [r["fate"] for r in reply.json()["results"]] == ["applied", "applied"]
    written = _written(before, _dump(demo_store))

    notes = written["notes"]
    assert sorted(n["text"] for n in notes) == sorted(people.values())
    assert totals(demo_store)[3] == scoring.DEFAULT_FEEDBACK_BONUS  # the credit did count
    note_marks = [n["id"] for n in notes] + list(people.values())
    person_marks = [*tickets.values(), *serials]
    for table, rows in written.items():
        for row in rows:
            text = " ".join(str(v) for v in row.values())
            if table not in ("notes", "live_events"):
                # no row outside the notes (and the walls' copy of them) holds a note
                assert not any(mark in text for mark in note_marks), (table, row)
            else:
                # and what holds a note names nobody: no column, no ticket, no serial
                assert not set(row) & PERSONAL, (table, row)
                assert not any(mark in text for mark in person_marks), (table, row)
                if table == "live_events":
                    assert not PERSONAL & set(json.loads(row["payload"]).get("item") or {})
    # The ledger knows someone gave feedback at a workshop: not which note, not when.
    assert {tuple(sorted(r)) for r in written["points"]} == {
        ("attendee_id", "count", "kind", "points", "ref")
    }
    # Order cannot line them up: what a note or a credit wrote sits in tables keyed by
    # random ids or by person (WITHOUT ROWID), and a note keeps only its minute.
    for table in set(written) & (ANONYMOUS | {"points", "applied_actions"}):
        sql = demo_store.scalar("SELECT sql FROM sqlite_master WHERE name = ?", [table])
        assert "WITHOUT ROWID" in sql.upper(), table
    assert all(len(n["created_minute"]) == 16 for n in notes)


# -- ratings, polls and votes ----------

# who answered a question: the one table that names an attendee beside a question
ANSWERED = {"poll_answered": {"poll_id", "part", "attendee_id"}}
# what was answered: counts, texts and what walls were shown; none may name anyone
ANSWERS = {"poll_tally", "poll_texts", "poll_published"}


def test_no_table_holds_both_who_answered_and_what(demo_store: Store) -> None:
    """Every table of the schema: one that names a person holds no answer, and back."""
    answer_columns = {"value", "count", "text", "choices", "choice", "result", "stars"}
    for table in demo_store.db.table_names():
        columns = _columns(demo_store, table)
        about_polls = "poll_id" in columns or any(
            fk["table"] in ({"polls"} | ANSWERS)
            for fk in demo_store.db.query(f"PRAGMA foreign_key_list({table})")
        )
        if not about_polls:
            continue
        if table in ANSWERED:
            assert columns == ANSWERED[table], table
        else:
            assert table in ANSWERS, f"{table} refers to questions: who or what must be clear"
            assert not columns & PERSONAL, (table, columns & PERSONAL)
            assert not any("attendee" in c or "device" in c or "ticket" in c for c in columns)
        assert not columns & answer_columns or not columns & PERSONAL, table
    # no order of arrival and no time finer than the minute beside an answer
    for table in ("poll_answered", "poll_tally", "poll_texts"):
        sql = demo_store.scalar("SELECT sql FROM sqlite_master WHERE name = ?", [table])
        assert "WITHOUT ROWID" in sql.upper(), table
        columns = _columns(demo_store, table)
        assert not any("time" in c or c.endswith("_at") for c in columns), table


@pytest.mark.anyio
async def test_answers_through_sync_leave_nothing_linking_answer_and_attendee(
    demo_dir: DataDir, demo_store: Store
) -> None:
    """Ratings with comments, a poll, open answers and proposals, as the hub stores them.

    Each attendee answers alone in a batch of their own (the worst case: no one
    else's answer in the same write). Afterwards: the rows that name an attendee
    hold no value or text, the rows that hold a value or text name no one, and
    the walls' live log moved only k answers at a time.
    """
    from tests.helpers.polls import add_poll, response

    rating = add_poll(demo_store, "R", "rating", "VAST", comment=True)
    poll = add_poll(demo_store, "P", "poll", options=["thee", "koffie", "water"], max_choices=2)
    cloud = add_poll(demo_store, "O", "open")
    vote = add_poll(demo_store, "V", "vote")
    kiosk = paired_token(demo_store, Role.KIOSK, "VAST")
    people = list(range(1, 13))
    tickets = {a: ticket_of(demo_dir, demo_store, a) for a in people}
    serials = {str(demo_store.issue_ticket(a, 0).serial) for a in people}
    before = _dump(demo_store)
    texts: list[str] = []
    async with in_process(demo_dir, demo_store) as (_, client):
        await client.post(
            "/api/sync",
            json=batch(*(action("scan", ticket=t) for t in tickets.values())),
            headers=auth(kiosk),
        )
        for attendee, ticket in tickets.items():
            comment, answer, name = (
                f"opmerking {attendee}",
                f"antwoord nummer{attendee}",
                f"naam{attendee}",
            )
            texts += [comment, answer, name]
            body = batch(
                response(ticket, rating, attendee % 5 + 1, text=comment),
                response(ticket, poll, attendee % 3),
                response(ticket, cloud, text=answer),
                response(ticket, vote, text=name),
            )
            reply = await client.post("/api/sync", json=body, headers=auth(kiosk))
            assert [r["fate"] for r in reply.json()["results"]] == ["applied"] * 4
    written = _written(before, _dump(demo_store))
    assert len(written["poll_answered"]) == 4 * len(people)
    answer_marks = [*texts]
    person_marks = [*tickets.values(), *serials]
    for table, rows in written.items():
        for row in rows:
            text = " ".join(str(v) for v in row.values())
            if table in ANSWERED:
                assert set(row) == ANSWERED[table]
            elif set(row) & PERSONAL:
                # whatever else names a person (scans, the ledger of points) holds no answer
                assert not any(mark in text for mark in answer_marks), (table, row)
                assert table not in ANSWERS
            else:
                assert not any(mark in text for mark in person_marks), (table, row)
    # texts keep the minute only; counts keep no time at all
    assert all(len(t["created_minute"]) == 16 for t in written["poll_texts"])
    assert {tuple(sorted(r)) for r in written["poll_tally"]} == {
        ("count", "poll_id", "source", "value")
    }
    # the live log moved by k answers at least between two looks at a question
    k = demo_store.scalar("SELECT min_answers FROM event")
    last: dict[int, tuple[int, str, str | None]] = {}
    for (payload,) in demo_store.db.execute(
        "SELECT payload FROM live_events WHERE kind = 'results' ORDER BY seq"
    ):
        event = json.loads(payload)
        shown = event["results"]
        assert event["at"][17:19] == "00"
        assert "." not in event["at"]
        seen = last.get(shown["id"])
        same_state = seen is not None and (shown["state"], shown["phase"]) == seen[1:]
        if seen is not None and same_state and shown["n"] != seen[0]:
            # (a question published again for a new proposal keeps its n)
            assert shown["n"] - seen[0] >= k, shown
        last[shown["id"]] = (shown["n"], shown["state"], shown["phase"])
    assert {poll, rating} <= set(last)


# -- work sessions: ideas are a table's, dots are kept apart from who spent them ----------

IDEAS = {"ideas", "idea_dots"}
# what names a person in a work session: that they voted on a question, joined in a round
WHO = {"cafe_voted": {"question_id", "attendee_id"}, "cafe_joined": {"round_id", "attendee_id"}}


def test_ideas_and_dots_have_no_personal_columns_and_no_order(demo_store: Store) -> None:
    for table in IDEAS:
        columns = _columns(demo_store, table)
        assert columns, table
        assert not columns & PERSONAL, (table, columns & PERSONAL)
        assert not any(c.endswith("_at") or "time" in c for c in columns), table
        sql = demo_store.scalar("SELECT sql FROM sqlite_master WHERE name = ?", [table])
        assert "WITHOUT ROWID" in sql.upper(), table
    # who voted or joined: the person and the question or round, nothing of what or when
    for table, columns in WHO.items():
        assert _columns(demo_store, table) == columns, table
        sql = demo_store.scalar("SELECT sql FROM sqlite_master WHERE name = ?", [table])
        assert "WITHOUT ROWID" in sql.upper(), table
    # no table that names a person points at an idea
    for table in demo_store.db.table_names():
        columns = _columns(demo_store, table)
        if columns & PERSONAL:
            assert "idea_id" not in columns, table
            for fk in demo_store.db.query(f"PRAGMA foreign_key_list({table})"):
                assert fk["table"] not in IDEAS, table


@pytest.mark.anyio
async def test_ideas_joins_and_dots_through_sync_leave_nothing_linking_a_person(
    demo_dir: DataDir, demo_store: Store
) -> None:
    """A table's ideas, its members' joins and their dots, as the product stores them.

    The worst case on purpose: joins, ideas and ballots in one batch from one table.
    Only ``ideas`` (and the walls' live log, once revealed) holds an idea's text, and
    neither names a person; the rows that name a person (who joined, who voted) hold
    no idea's id or text; the dots per idea name nobody.
    """
    from tests.helpers.cafe import add_world_cafe

    cafe = add_world_cafe(demo_store)
    kiosk = paired_token(demo_store, Role.KIOSK)
    organiser = paired_token(demo_store, Role.ORGANISER)
    people = (3, 7, 11)
    tickets = {a: ticket_of(demo_dir, demo_store, a) for a in people}
    serials = {str(demo_store.issue_ticket(a, 0).serial) for a in people}
    question, table = cafe.questions["SUCCES"], cafe.tables["T1"]
    texts = [f"idee nummer {a} van tafel een" for a in people]
    before = _dump(demo_store)
    async with in_process(demo_dir, demo_store) as (_, client):
        base = f"/api/cafe/{cafe.id}"
        started = await client.post(
            f"{base}/rounds/{cafe.rounds[0]}/start", headers=auth(organiser)
        )
        assert started.status_code == 200
        body = batch(
            *(action("join", ticket=tickets[a], table_id=table) for a in people),
            *(action("idea", question_id=question, table_id=table, text=t) for t in texts),
        )
        reply = await client.post("/api/sync", json=body, headers=auth(kiosk))
        assert {r["fate"] for r in reply.json()["results"]} == {"applied"}
        voting = await client.post(f"{base}/phase/vote", headers=auth(organiser))
        assert voting.status_code == 200
        ids = [r["id"] for r in demo_store.db.query("SELECT id FROM ideas ORDER BY text")]
        ballots = batch(
            *(
                action("dots", ticket=tickets[a], question_id=question, ideas=ids[: n + 1])
                for n, a in enumerate(people)
            )
        )
        reply = await client.post("/api/sync", json=ballots, headers=auth(kiosk))
        assert {r["fate"] for r in reply.json()["results"]} == {"applied"}
    written = _written(before, _dump(demo_store))

    assert sorted(i["text"] for i in written["ideas"]) == sorted(texts)
    idea_marks = [str(i) for i in ids] + texts
    person_marks = [*tickets.values(), *serials]
    for name, rows in written.items():
        for row in rows:
            text = " ".join(str(v) for v in row.values())
            if name in WHO:
                assert not any(mark in text for mark in idea_marks), (name, row)
            if name in ("ideas", "idea_dots", "live_events"):
                assert not set(row) & PERSONAL, (name, row)
                assert not any(mark in text for mark in person_marks), (name, row)
    assert {r["attendee_id"] for r in written["cafe_voted"]} == set(people)
    assert sorted(r["count"] for r in written["idea_dots"]) == [1, 2, 3]
    assert all(len(i["created_minute"]) == 16 for i in written["ideas"])
    # the live log says when, to the minute only, for what a table posted
    for row in written["live_events"]:
        if row["kind"] in ("cafe", "idea") and json.loads(row["payload"]).get("idea"):
            assert row["at"].endswith(":00+00:00"), row
