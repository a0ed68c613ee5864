from datetime import date
from pathlib import Path

import pytest

from kiosk.content import Content
from kiosk.outbox import Outbox
from kiosk.session import Screen, Session
from shared.datadir import DataDir
from shared.hub import queries
from shared.protocol import Role
from shared.store import Store
from tests.helpers.clock import let_time_pass, moving_outbox
from tests.helpers.hub import ticket_of

TODAY = date.today()


@pytest.fixture
def session(demo_dir: DataDir, demo_store: Store, tmp_path: Path) -> Session:
    content = Content()
    with demo_store.snapshot() as db:
        content.merge(queries.content_since(db, 0, Role.KIOSK))
    return Session(content, moving_outbox(tmp_path / "k.db"), "VAST")


def test_valid_scan_greets_and_logs(session: Session, demo_dir: DataDir, demo_store: Store) -> None:
    ticket = ticket_of(demo_dir, demo_store, 1)
    assert session.scan(ticket, TODAY) is Screen.HOME
    assert session.attendee is not None
    assert session.attendee.first_name == "Anna"
    assert [d.kind for d in session.outbox.due()] == ["scan"]


def test_passerby_revoked_and_tampered(
    session: Session, demo_dir: DataDir, demo_store: Store
) -> None:
    assert session.scan("https://example.nl", TODAY) is Screen.PASSERBY
    assert session.attendee is None
    ticket = ticket_of(demo_dir, demo_store, 2)
    session.content.revoked.add(demo_store.issue_ticket(2, 0).serial)
    assert session.scan(ticket, TODAY) is Screen.REFUSED
    assert session.message is not None
    assert "registratiebalie" in session.message("nl")
    assert session.scan(ticket[:-3] + "AAA", TODAY) is Screen.REFUSED
    assert session.outbox.count() == 0
    assert session.open(Screen.QUIZ) is Screen.REFUSED  # no gated content without a ticket


def test_not_ready_without_content(tmp_path: Path) -> None:
    lone = Session(Content(), Outbox(tmp_path / "k.db"), None)
    assert lone.scan("ZU1" + "A" * 132, TODAY) is Screen.REFUSED
    assert lone.message is not None


def test_quiz_answered_twice_scores_once(
    session: Session, demo_dir: DataDir, demo_store: Store
) -> None:
    ticket = ticket_of(demo_dir, demo_store, 3)
    session.scan(ticket, TODAY)
    session.open(Screen.QUIZ)
    first = session.question
    assert first is not None
    outcome = session.answer(first.correct)
    assert (outcome.correct, outcome.points, outcome.counted) == (True, 10, True)
    assert session.question is not None
    assert session.question.id != first.id
    while session.question is not None:
        session.answer(0)
    session.end()
    session.scan(ticket, TODAY)
    session.open(Screen.QUIZ)
    assert session.question is None  # all answered on this pillar
    assert session.open_questions() == []


def test_notes_and_photos(
    session: Session, demo_dir: DataDir, demo_store: Store, tmp_path: Path
) -> None:
    session.scan(ticket_of(demo_dir, demo_store, 4), TODAY)
    assert session.post_note("tip", "  <b>meer</b> koffie 😀  ") == 5
    assert session.post_note("top", "goed") == 5
    assert session.post_note("top", "nog een") == 0  # the bonus counts twice per workshop
    with pytest.raises(ValueError, match="empty"):
        session.post_note("top", "   ")
    with pytest.raises(ValueError, match="too long"):
        session.post_note("top", "x" * 501)
    with pytest.raises(ValueError, match="consent"):
        session.post_photo("top", str(tmp_path / "p.jpg"), "", consent=False)
    assert [d.kind for d in session.outbox.due()] == ["scan"]  # the rest waits a minute or more
    let_time_pass(session.outbox)
    notes = {d.body["text"]: d.body for d in session.outbox.due(anonymous=True)}
    assert set(notes) == {"<b>meer</b> koffie 😀", "goed", "nog een"}
    assert not any("ticket" in note for note in notes.values())
    assert session.pending_bonus() == 15


def test_end_wipes_the_session(session: Session, demo_dir: DataDir, demo_store: Store) -> None:
    session.scan(ticket_of(demo_dir, demo_store, 5), TODAY)
    session.end()
    assert session.attendee is None
    assert session.screen is Screen.ATTRACT


def test_an_attendee_who_hides_their_name_is_greeted_without_it(
    session: Session, demo_dir: DataDir, demo_store: Store
) -> None:
    hidden = demo_store.scalar("SELECT min(id) FROM attendees WHERE display = 'hidden'")
    shown = demo_store.scalar("SELECT min(id) FROM attendees WHERE display != 'hidden'")
    session.scan(ticket_of(demo_dir, demo_store, hidden), TODAY)
    assert session.attendee is not None
    assert session.attendee.first_name  # known to the pillar, for the session only
    assert session.attendee.greeting_name is None  # never on the public screen
    session.end()
    session.scan(ticket_of(demo_dir, demo_store, shown), TODAY)
    assert session.attendee is not None
    assert session.attendee.greeting_name == session.attendee.first_name
