"""The questions of opinion at the pillar's window: rate, recommend, choose, propose, vote.

The window runs offline here (no hub paired): everything an attendee answers is
committed to the outbox as the wire's ResponseAction, to leave when a hub is there.
The flow against a real hub is in ``test_kiosk_app``.
"""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from pathlib import Path

import pytest

from kiosk import app as kiosk_app
from kiosk.screens.choices import ChoicesPanel
from kiosk.screens.naming import NamingPanel
from kiosk.screens.openanswer import OpenPanel
from kiosk.screens.opinion import OpinionScreen
from kiosk.screens.quiz import QuizScreen
from kiosk.screens.scale import ScalePanel
from kiosk.screens.stars import StarsPanel
from kiosk.screens.welcome import HomeScreen
from kiosk.session import Screen
from shared import protocol
from shared.datadir import DataDir
from shared.hub import queries
from shared.protocol import Role
from shared.store import Store
from tests.helpers.hub import ticket_of

SCREENSHOTS = Path(__file__).resolve().parent.parent / "screenshots" / "kiosk"

PROPOSALS = [
    protocol.ProposalInfo(id=4_503_599_627_370_001, text="Het Loket"),
    protocol.ProposalInfo(id=4_503_599_627_370_002, text="De Luisterpaal"),
    protocol.ProposalInfo(id=4_503_599_627_370_003, text="Stadsoor"),
]


def questions(*, voting: bool = False) -> list[protocol.PollInfo]:
    """One question of each kind, as a hub hands them out (the demo's wording)."""
    return [
        protocol.PollInfo(
            id=1, code="R-VAST", position=0, kind="rating", workshop="VAST", comment=True
        ),
        protocol.PollInfo(id=2, code="R-ZORG", position=0, kind="rating", workshop="ZORG"),
        protocol.PollInfo(
            id=3, code="NPS", position=1, kind="recommend", subject="de Havenstad Dag"
        ),
        protocol.PollInfo(
            id=4,
            code="THEMA",
            position=2,
            kind="poll",
            text="Welke thema's wil je volgend jaar terugzien?",
            options=["Wonen", "Mobiliteit", "Klimaat en groen", "Werk en inkomen", "Zorg"],
            max_choices=2,
        ),
        protocol.PollInfo(
            id=5,
            code="NAAM",
            position=3,
            kind="vote",
            text="Hoe noemen we het nieuwe meldpunt?",
            phase="vote" if voting else "propose",
            results="after_close",
            proposals=PROPOSALS if voting else [],
        ),
        protocol.PollInfo(
            id=6,
            code="WOORD",
            position=4,
            kind="open",
            text="Welk woord past bij deze dag?",
        ),
    ]


@pytest.fixture
def window(
    qloop: asyncio.AbstractEventLoop, demo_store: Store, tmp_path: Path
) -> Iterator[kiosk_app.KioskWindow]:
    pillar = kiosk_app.KioskWindow(kiosk_app.KioskConfig(data=tmp_path / "kiosk"), None)
    with demo_store.snapshot() as db:
        pillar.content.merge(queries.content_since(db, 0, Role.KIOSK))
    pillar.content.polls.clear()  # these tests' own questions, one of each kind
    pillar.content.merge(protocol.ContentResponse(cursor=pillar.content.cursor, polls=questions()))
    pillar.session.workshop = "VAST"
    pillar.resize(1920, 1080)
    pillar.show()
    pillar._apply_theme()
    yield pillar
    pillar.quit()
    # deleted at a safe point of the loop, as the demo's windows are
    pillar.deleteLater()
    qloop.run_until_complete(asyncio.sleep(0))


def opinion_of(window: kiosk_app.KioskWindow) -> OpinionScreen:
    screen = window.screens[Screen.OPINION]
    assert isinstance(screen, OpinionScreen)
    return screen


def sent(window: kiosk_app.KioskWindow) -> list[protocol.ResponseAction]:
    """The answers queued, by question (held answers sit in the outbox in no order)."""
    answers = [
        p.action for p in window.outbox.pending() if isinstance(p.action, protocol.ResponseAction)
    ]
    return sorted(answers, key=lambda a: a.poll_id)


def test_an_attendee_answers_every_kind_and_skips_one(
    window: kiosk_app.KioskWindow, demo_dir: DataDir, demo_store: Store
) -> None:
    ticket = ticket_of(demo_dir, demo_store, 3)
    window.handle_code(ticket)
    assert window.session.screen is Screen.HOME
    home = window.screens[Screen.HOME]
    assert isinstance(home, HomeScreen)
    assert home.buttons["opinion"].isVisible()
    assert "5" in home.buttons["opinion"].label.text()  # rating, NPS, poll, proposal, word
    home.buttons["opinion"].click()
    screen = opinion_of(window)
    assert window.session.screen in (Screen.OPINION,)  # (mypy holds it at HOME from above)
    # the workshop's rating first: send waits for a star, the comment is optional
    assert isinstance(screen.panel, StarsPanel)
    assert screen.question.text() == "Wat vond je van deze workshop?"
    assert screen.title.text() == "Jouw mening · vraag 1 van 5"
    assert not screen.send_button.isEnabled()
    stars = screen.panel
    stars.stars[3].click()
    assert [s.lit for s in stars.stars] == [True, True, True, True, False]
    assert stars.word.text() == "4 van 5 sterren: goed"
    assert not stars.comment.isVisible()
    stars.comment_button.click()
    assert stars.comment.isVisible()
    for key in "Leerzaam!":
        stars.comment.keyboard.key_typed.emit(key)
    screen.send_button.click()
    assert screen.thanks.isVisible()
    # the recommend question: the standard wording, the whole scale, nothing coloured
    assert isinstance(screen.panel, ScalePanel)
    assert screen.question.text() == (
        "Hoe waarschijnlijk is het dat je de Havenstad Dag aanbeveelt aan een collega?"
    )
    assert [b.text() for b in screen.panel.numbers] == [str(n) for n in range(11)]
    screen.skip_button.click()  # skipping is always possible
    assert not screen.thanks.isVisible()
    # the poll: two at most; a third waits until one is taken back
    poll = screen.panel
    assert isinstance(poll, ChoicesPanel)
    poll.buttons[4].click()
    poll.buttons[0].click()
    assert not poll.buttons[2].isEnabled()
    poll.buttons[0].click()
    poll.buttons[2].click()
    assert poll.answer() == ([2, 4], "")
    assert poll.buttons[2].label.text() == "✓ Klimaat en groen"
    screen.send_button.click()
    # the naming vote takes proposals
    naming = screen.panel
    assert isinstance(naming, NamingPanel)
    assert not naming.voting_now
    naming.proposal.editor.setPlainText("  Het Oor  ")
    screen.send_button.click()
    # the word for the cloud
    assert isinstance(screen.panel, OpenPanel)
    screen.panel.entry.editor.setPlainText("samen")
    assert screen.title.text() == "Jouw mening · vraag 5 van 5"
    screen.send_button.click()
    assert screen.poll is None
    assert screen.end_title.text() == "Bedankt voor je mening!"
    assert screen.end.isVisible()
    assert not screen.send_button.isVisible()
    assert [(a.poll_id, a.choices, a.text, a.ticket) for a in sent(window)] == [
        (1, [4], "Leerzaam!", ticket),
        (4, [2, 4], "", ticket),
        (5, [], "Het Oor", ticket),
        (6, [], "samen", ticket),
    ]
    # back on the menu: one left (the skipped one), asked again from there
    screen.back_button.click()
    assert "1" in home.buttons["opinion"].label.text()
    home.buttons["opinion"].click()
    assert isinstance(screen.panel, ScalePanel)
    assert screen.title.text() == "Jouw mening · vraag 1 van 1"


def test_a_vote_among_the_approved_proposals(
    window: kiosk_app.KioskWindow, demo_dir: DataDir, demo_store: Store
) -> None:
    window.content.merge(
        protocol.ContentResponse(cursor=window.content.cursor, polls=questions(voting=True))
    )
    window.handle_code(ticket_of(demo_dir, demo_store, 4))
    window.show_screen(Screen.OPINION)
    screen = opinion_of(window)
    while screen.poll is not None and screen.poll.kind != "vote":
        screen.skip_button.click()
    naming = screen.panel
    assert isinstance(naming, NamingPanel)
    assert naming.voting_now
    assert [b.text() for b in naming.voting.buttons] == ["Het Loket", "De Luisterpaal", "Stadsoor"]
    naming.voting.buttons[0].click()
    naming.voting.buttons[2].click()  # one vote: the choice moves
    assert naming.answer() == ([PROPOSALS[2].id], "")
    screen.send_button.click()
    assert [a.choices for a in sent(window)] == [[PROPOSALS[2].id]]


def test_a_question_closed_meanwhile_is_not_sent_and_the_attendee_is_told(
    window: kiosk_app.KioskWindow, demo_dir: DataDir, demo_store: Store
) -> None:
    window.handle_code(ticket_of(demo_dir, demo_store, 8))
    window.show_screen(Screen.OPINION)
    screen = opinion_of(window)
    stars = screen.panel
    assert isinstance(stars, StarsPanel)
    stars.stars[2].click()
    # the console closes the rating while the attendee looks at it
    rating = questions()[0].model_copy(update={"manual": "closed"})
    window.content.merge(protocol.ContentResponse(cursor=window.content.cursor, polls=[rating]))
    screen.send_button.click()
    assert sent(window) == []
    assert screen.thanks.isVisible()
    assert screen.thanks_text.text() == "Die vraag is net gesloten: je antwoord is niet verstuurd."
    assert isinstance(screen.panel, ScalePanel)  # on to the next one
    # and one taken out of the event file altogether
    screen.panel.numbers[7].click()
    gone = protocol.Deleted(kind="polls", key=3)
    window.content.merge(protocol.ContentResponse(cursor=window.content.cursor, deleted=[gone]))
    screen.send_button.click()
    assert sent(window) == []
    assert screen.thanks_text.text().startswith("Die vraag is net gesloten")
    poll = screen.panel
    assert isinstance(poll, ChoicesPanel)
    poll.buttons[0].click()
    screen.send_button.click()
    assert screen.thanks_text.text() == "Bedankt! Je antwoord telt mee."
    assert [a.poll_id for a in sent(window)] == [4]


def test_after_the_quiz_on_to_the_questions_of_opinion(
    window: kiosk_app.KioskWindow, demo_dir: DataDir, demo_store: Store
) -> None:
    window.handle_code(ticket_of(demo_dir, demo_store, 5))
    window.show_screen(Screen.QUIZ)
    quiz = window.screens[Screen.QUIZ]
    assert isinstance(quiz, QuizScreen)
    while window.session.question is not None:
        quiz.answered.emit(0)
        quiz.next_button.click()
    assert quiz.opinion_button.isVisible()
    assert quiz.opinion_button.text() == "Geef je mening (5)"
    quiz.opinion_button.click()
    assert window.session.screen is Screen.OPINION
    assert isinstance(opinion_of(window).panel, StarsPanel)


def test_a_pillar_with_no_questions_shows_no_tile(
    window: kiosk_app.KioskWindow, demo_dir: DataDir, demo_store: Store
) -> None:
    window.content.merge(
        protocol.ContentResponse(
            cursor=window.content.cursor,
            deleted=[protocol.Deleted(kind="polls", key=p.id) for p in questions()],
        )
    )
    window.handle_code(ticket_of(demo_dir, demo_store, 6))
    home = window.screens[Screen.HOME]
    assert isinstance(home, HomeScreen)
    assert not home.buttons["opinion"].isVisible()
    assert home.buttons["map"].isVisible()


LOOKS = {
    "landscape": ((1920, 1080), "nl", False),
    "landscape-en": ((1920, 1080), "en", False),
    "portrait": ((1080, 1920), "nl", False),
    "portrait-en": ((1080, 1920), "en", False),
    "small": ((1024, 600), "nl", False),
    "landscape-contrast": ((1920, 1080), "nl", True),
}


@pytest.mark.parametrize("look", list(LOOKS))
def test_screenshots_of_the_questions_of_opinion(
    window: kiosk_app.KioskWindow,
    qloop: asyncio.AbstractEventLoop,
    demo_dir: DataDir,
    demo_store: Store,
    look: str,
) -> None:
    """Every panel with something chosen or typed, drawn with the demo's own questions."""
    size, lang, contrast = LOOKS[look]
    window.content.polls.clear()
    with demo_store.snapshot() as db:
        demo = queries.content_since(db, 0, Role.KIOSK).polls
    window.content.merge(protocol.ContentResponse(cursor=window.content.cursor, polls=demo))
    window.resize(*size)
    if lang != window.lang:
        window._on_language_clicked()
    if contrast:
        window._on_staff_contrast_toggled()
    folder = SCREENSHOTS / "opinion" / look
    folder.mkdir(parents=True, exist_ok=True)
    window.handle_code(ticket_of(demo_dir, demo_store, 7))
    screen = opinion_of(window)

    def shot(name: str) -> None:
        window.fade.animation.stop()
        window.fade.hide()
        # the layouts' pending requests, as the pillar's loop handles them before it paints
        qloop.run_until_complete(asyncio.sleep(0))
        image = window.grab()
        assert image.width() == size[0]
        image.save(str(folder / f"{name}.png"))

    shot("20-home-opinion")
    window.show_screen(Screen.OPINION)
    stars = screen.panel
    assert isinstance(stars, StarsPanel)
    shot("21-rating")
    stars.stars[3].click()
    stars.comment_button.click()
    stars.comment.editor.setPlainText("Heel leerzaam, graag meer voorbeelden uit de praktijk")
    shot("22-rating-comment")
    screen.send_button.click()
    scale = screen.panel
    assert isinstance(scale, ScalePanel)
    scale.numbers[8].click()
    shot("23-recommend")
    screen.send_button.click()
    poll = screen.panel
    assert isinstance(poll, ChoicesPanel)
    poll.buttons[1].click()
    poll.buttons[2].click()
    shot("24-poll")
    screen.send_button.click()
    naming = screen.panel
    assert isinstance(naming, NamingPanel)
    naming.proposal.editor.setPlainText("Het Luisteroor")
    shot("25-vote-propose")
    screen.send_button.click()
    words = screen.panel
    assert isinstance(words, OpenPanel)
    words.entry.editor.setPlainText("Samenwerking")
    shot("27-open")
    screen.send_button.click()
    assert screen.poll is None
    shot("28-opinion-thanks")
    # the console moves the naming vote on: the approved proposals to choose from
    vote = next(p for p in demo if p.kind == "vote")
    voting = vote.model_copy(update={"phase": "vote", "proposals": PROPOSALS})
    window.content.merge(protocol.ContentResponse(cursor=window.content.cursor, polls=[voting]))
    window.show_screen(Screen.OPINION)
    assert screen.poll == voting
    naming.voting.buttons[1].click()
    shot("26-vote")
    window.show_screen(Screen.HOME)
    shot("29-home-opinion-done")
    # the console closes the vote while someone is choosing: they are told, nothing is sent
    window.show_screen(Screen.OPINION)
    naming.voting.buttons[0].click()
    closed = voting.model_copy(update={"manual": "closed"})
    window.content.merge(protocol.ContentResponse(cursor=window.content.cursor, polls=[closed]))
    screen.send_button.click()
    assert screen.thanks.isVisible()
    shot("30-opinion-closed-meanwhile")
