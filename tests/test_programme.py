"""shared/programme.py: ratings, polls and votes into the store and back, ids kept by code."""

from __future__ import annotations

import tempfile
from pathlib import Path

import pytest
from hypothesis import given, settings

from shared import eventfile, programme, protocol
from shared.db import StoreError
from shared.hub import queries
from shared.store import Store
from tests.helpers import events


def _ids(store: Store) -> dict[str, int]:
    return {p["code"]: p["id"] for p in store.read(programme.polls)}


def _without(content: eventfile.EventFile, code: str) -> eventfile.EventFile:
    return content.model_copy(update={"polls": [p for p in content.polls if p.code != code]})


@settings(max_examples=30)
@given(events.event_files())
def test_every_event_round_trips_through_the_store(content: eventfile.EventFile) -> None:
    # the branding files as the data folder would name them (font, licence, board image)
    branding = content.event.branding
    media = {k: v for k in ("font", "font_licence", "board_image") if (v := getattr(branding, k))}
    with tempfile.TemporaryDirectory() as folder, Store(Path(folder) / "z.db") as store:
        store.import_event(content, media)
        exported = store.export_event(media)
        assert exported == content
        revs = store.scalar("SELECT group_concat(rev) FROM polls")
        store.import_event(exported, media)  # unchanged: no question takes a new revision
        assert store.scalar("SELECT group_concat(rev) FROM polls") == revs
        assert store.export_event(media) == content


def test_the_demo_s_questions_are_stored_with_their_workshops(demo_store: Store) -> None:
    polls = demo_store.read(programme.polls)
    assert [p["code"] for p in polls][:5] == ["VAST-R", "ZORG-R", "JONG-R", "BEDR-R", "WEER-R"]
    shops = {w["id"]: w["code"] for w in demo_store.workshops()}
    assert all(shops[p["workshop_id"] or 0] == p["code"][:-2] for p in polls[:5])
    phases = {p["kind"]: p["phase"] for p in polls}
    assert phases["vote"] == "propose"  # a naming vote starts by taking proposals
    assert phases["poll"] is None
    assert all(p["manual"] is None and p["opens"] is None for p in polls)


def test_times_are_stored_in_utc_and_written_back_on_the_venue_s_clock(
    demo_store: Store,
) -> None:
    content = demo_store.export_event()
    first_day = content.event.starts
    timed = content.polls[-1].model_copy(
        update={"opens": "09:15", "closes": f"{first_day.isoformat()} 17:45"}
    )
    demo_store.import_event(content.model_copy(update={"polls": [*content.polls[:-1], timed]}), {})
    opens, closes = demo_store.db.execute(
        "SELECT opens, closes FROM polls WHERE code = 'WOLK'"
    ).fetchone()
    assert opens == eventfile.poll_moment("09:15", first_day).isoformat()
    assert opens.endswith("+00:00")
    assert closes.endswith("+00:00")
    again = demo_store.export_event().polls[-1]
    assert (again.opens, again.closes) == ("09:15", "17:45")  # the first day: HH:MM


def test_reimport_keeps_ids_by_code_and_leaves_the_console_s_hand(demo_store: Store) -> None:
    before = _ids(demo_store)
    demo_store.db.execute(
        "UPDATE polls SET manual = 'closed', phase = 'vote' WHERE code = 'MELDPUNT'"
    )
    content = demo_store.export_event()
    renamed = [
        p.model_copy(update={"text": "Hoe heet het meldpunt straks?"}) if p.kind == "vote" else p
        for p in reversed(content.polls)
    ]
    rev = demo_store.scalar("SELECT rev FROM polls WHERE code = 'WOLK'")
    demo_store.import_event(content.model_copy(update={"polls": renamed}), {})
    assert _ids(demo_store) == before
    row = demo_store.db.execute(
        "SELECT manual, phase, text, position FROM polls WHERE code = 'MELDPUNT'"
    ).fetchone()
    assert row == ("closed", "vote", "Hoe heet het meldpunt straks?", 1)
    # only the moved and edited rows take a new revision, so pillars pull just those
    moved = demo_store.scalar("SELECT rev FROM polls WHERE code = 'WOLK'")
    assert moved > rev
    assert [p.code for p in demo_store.export_event().polls] == [p.code for p in renamed]


def test_an_unanswered_question_goes_an_answered_one_is_kept(demo_store: Store) -> None:
    content = demo_store.export_event()
    ids = _ids(demo_store)
    demo_store.import_event(_without(content, "WOLK"), {})
    assert "WOLK" not in _ids(demo_store)
    tombstone = demo_store.scalar(
        "SELECT count(*) FROM tombstones WHERE kind = 'polls' AND key = ?", [ids["WOLK"]]
    )
    assert tombstone == 1  # pillars drop it on their next pull
    for code, table, row in [
        ("VAST-R", "poll_answered", "(?, 'answer', 7)"),
        ("VOLGEND-JAAR", "poll_tally", "(?, 'paper', 3, 2)"),
        ("MELDPUNT", "poll_texts", "(12345, ?, 'proposal', 'Vrij', 'pending', '2026-11-24 10:00')"),
    ]:
        demo_store.db.execute(f"INSERT INTO {table} VALUES {row}", [ids[code]])
    for code in ("VAST-R", "VOLGEND-JAAR", "MELDPUNT"):
        with pytest.raises(StoreError, match=f"'{code}' has answers and cannot be removed"):
            demo_store.import_event(_without(content, code), {})
    assert set(_ids(demo_store)) == {p.code for p in content.polls} - {"WOLK"}


def test_an_answered_question_keeps_its_kind(demo_store: Store) -> None:
    content = demo_store.export_event()
    ids = _ids(demo_store)
    as_poll = eventfile.Poll.model_validate(eventfile.new_poll(eventfile.PollKind.POLL, "WOLK"))
    as_vote = eventfile.Poll.model_validate(eventfile.new_poll(eventfile.PollKind.VOTE, "WOLK"))
    voting = content.model_copy(update={"polls": [*content.polls[:-1], as_vote]})
    demo_store.import_event(voting, {})
    assert demo_store.scalar("SELECT phase FROM polls WHERE code = 'WOLK'") == "propose"
    assert _ids(demo_store)["WOLK"] == ids["WOLK"]
    demo_store.db.execute("INSERT INTO poll_answered VALUES (?, 'proposal', 9)", [ids["WOLK"]])
    with pytest.raises(StoreError, match="has answers as a vote: it cannot become a poll"):
        demo_store.import_event(
            content.model_copy(update={"polls": [*content.polls[:-1], as_poll]}), {}
        )
    assert demo_store.scalar("SELECT kind FROM polls WHERE code = 'WOLK'") == "vote"


def test_min_answers_reaches_the_pillars(demo_store: Store) -> None:
    content = demo_store.export_event()
    assert content.event.min_answers == 5
    stricter = content.event.model_copy(update={"min_answers": 8})
    demo_store.import_event(content.model_copy(update={"event": stricter}), {})
    reply = demo_store.read(queries.content_since, 0, protocol.Role.KIOSK)
    assert reply.event is not None
    assert reply.event.min_answers == 8
    assert demo_store.export_event().event.min_answers == 8
