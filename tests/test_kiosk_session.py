from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest

from kiosk.content import Content
from kiosk.outbox import Outbox
from kiosk.session import Screen, Session
from shared import protocol
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


def _with_polls(session: Session, *polls: protocol.PollInfo) -> None:
    """Only these questions of opinion (none of the demo's)."""
    session.content.polls.clear()
    update = protocol.ContentResponse(cursor=session.content.cursor, polls=list(polls))
    session.content.merge(update)


def _poll(**fields: object) -> protocol.PollInfo:
    values: dict[str, object] = {"id": 1, "code": "Q1", "position": 0, "kind": "rating"}
    return protocol.PollInfo.model_validate(values | fields)


def test_the_questions_of_opinion_of_this_pillar_in_order(
    session: Session, demo_dir: DataDir, demo_store: Store
) -> None:
    now = datetime.now(UTC)
    _with_polls(
        session,
        _poll(id=1, code="RVAST", kind="rating", workshop="VAST", comment=True),
        _poll(id=2, code="RZORG", kind="rating", workshop="ZORG"),
        _poll(id=3, code="NPS", kind="recommend", position=1),
        _poll(id=4, code="LATER", kind="open", position=2, opens=now + timedelta(hours=1)),
        _poll(id=5, code="SHUT", kind="open", position=3, manual="closed"),
        _poll(id=6, code="NAAM", kind="vote", position=4),
    )
    assert session.opinion_questions() == []  # nobody scanned in
    ticket = ticket_of(demo_dir, demo_store, 6)
    session.scan(ticket, TODAY)
    assert session.open(Screen.OPINION) is Screen.OPINION
    assert [p.code for p in session.opinion_questions()] == ["RVAST", "NPS", "NAAM"]
    assert session.opinion_progress == (1, 3)
    rating = session.content.polls[1]
    session.respond(rating, [4], "Heel leerzaam")
    assert session.opinion_progress == (2, 3)
    nps = session.content.polls[3]
    session.skip(nps)
    assert session.opinion is not None
    assert session.opinion.code == "NAAM"
    assert session.opinion_progress == (3, 3)
    session.respond(session.opinion, [], "Het Loket")
    assert session.opinion is None
    assert [p.kind for p in session.outbox.due()] == ["scan"]  # answers wait for the minute
    let_time_pass(session.outbox)
    due = session.outbox.due(opinions=True)
    sent = [p.action for p in due if isinstance(p.action, protocol.ResponseAction)]
    assert len(sent) == len(due)  # a batch of answers only, shuffled
    sent.sort(key=lambda a: a.poll_id)
    assert [(a.poll_id, a.choices, a.text, a.ticket) for a in sent] == [
        (1, [4], "Heel leerzaam", ticket),
        (6, [], "Het Loket", ticket),
    ]
    # a next visit: what was skipped is asked again, what was answered here is not
    session.end()
    session.scan(ticket, TODAY)
    session.open(Screen.OPINION)
    assert [p.code for p in session.opinion_questions()] == ["NPS"]
    assert session.opinion_given()
    # the vote moves on to voting: the attendee who proposed may now vote
    proposals = [
        protocol.ProposalInfo(id=11, text="Het Loket"),
        protocol.ProposalInfo(id=12, text="De Bel"),
    ]
    voting = _poll(id=6, code="NAAM", kind="vote", position=4, phase="vote", proposals=proposals)
    session.content.merge(protocol.ContentResponse(cursor=session.content.cursor, polls=[voting]))
    assert [p.code for p in session.opinion_questions()] == ["NPS", "NAAM"]


def test_an_answer_that_does_not_fit_is_not_queued(
    session: Session, demo_dir: DataDir, demo_store: Store
) -> None:
    _with_polls(
        session,
        _poll(id=1, kind="rating", workshop="VAST"),
        _poll(id=2, code="Z", kind="rating", workshop="ZORG"),
    )
    with pytest.raises(RuntimeError):
        session.respond(session.content.polls[1], [5])
    session.scan(ticket_of(demo_dir, demo_store, 7), TODAY)
    before = session.outbox.count()
    with pytest.raises(ValueError, match="one value from 1 to 5"):
        session.respond(session.content.polls[1], [6])
    with pytest.raises(ValueError, match="no comment"):
        session.respond(session.content.polls[1], [5], "a comment it does not take")
    with pytest.raises(ValueError, match="not a question"):  # not scanned in at that workshop
        session.respond(session.content.polls[2], [5])
    session.respond(session.content.polls[1], [5])
    with pytest.raises(ValueError, match="not a question"):  # once
        session.respond(session.content.polls[1], [5])
    assert session.outbox.count() == before + 1


def test_a_question_closes_on_the_hub_s_time(
    session: Session, demo_dir: DataDir, demo_store: Store
) -> None:
    closes = datetime(2026, 6, 11, 12, 0, tzinfo=UTC)
    _with_polls(session, _poll(id=1, kind="recommend", closes=closes))
    session.scan(ticket_of(demo_dir, demo_store, 8), TODAY)
    session.clock = lambda: closes - timedelta(seconds=1)
    assert session.opinion is not None
    session.clock = lambda: closes
    assert session.opinion is None
