"""An attendee's session at the pillar, as a state machine without Qt.

The screens show what the session says; every action is committed to the
outbox before the session reports it done.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from enum import StrEnum
from typing import Literal

from kiosk import polls
from kiosk.content import Content
from kiosk.outbox import Outbox, PhotoDraft, stamp
from shared import protocol, scoring
from shared.i18n import Text
from shared.tickets import MESSAGES, Verdict

MAX_NOTE = protocol.MAX_NOTE_CHARS


class Screen(StrEnum):
    """The screens of the pillar."""

    ATTRACT = "attract"
    HOME = "home"
    WORKSHOP = "workshop"
    QUIZ = "quiz"
    FEEDBACK = "feedback"
    POLAROID = "polaroid"
    POINTS = "points"
    OPINION = "opinion"
    AGENDA = "agenda"
    MAP = "map"
    PASSERBY = "passerby"
    REFUSED = "refused"


NOT_READY = Text(
    "Deze zuil is nog niet klaar. Meld je bij de registratiebalie.",
    "This pillar is not ready yet. Please go to the registration desk.",
)


@dataclass
class Attendee:
    """Who is using the pillar right now (kept only for the session)."""

    id: int
    serial: int
    ticket: str
    first_name: str | None
    info: protocol.AttendeeInfo | None

    @property
    def greeting_name(self) -> str | None:
        """The first name to greet with on the pillar's screen, unless they keep it hidden.

        The pillar stands in a room full of people: an attendee who hides their name
        on screens is greeted without it.
        """
        if self.info is not None and self.info.display == scoring.Display.HIDDEN:
            return None
        return self.first_name


@dataclass(frozen=True)
class AnswerOutcome:
    """What the attendee is told after answering."""

    correct: bool
    points: int
    right_choice: int
    explanation: str
    counted: bool


@dataclass
class Session:
    """The pillar's state: which screen, and who (if anyone) is using it.

    Args:
        content: what the pillar knows of the event.
        outbox: where actions are committed.
        workshop: the pillar's workshop code.
    """

    content: Content
    outbox: Outbox
    workshop: str | None
    screen: Screen = Screen.ATTRACT
    attendee: Attendee | None = None
    message: Text | None = None
    earned: int = 0
    clock: Callable[[], datetime] = field(default=lambda: datetime.now(UTC))
    _quiz: list[protocol.QuestionInfo] = field(default_factory=list)
    _skipped: set[int] = field(default_factory=set)
    _opinion_seen: int = 0  # questions of opinion answered or skipped this visit

    # -- scanning ------------------------------------------------------------------------

    def scan(self, text: str, today: date) -> Screen:
        """A code was shown to the camera (or typed by a wedge scanner)."""
        self.end()
        verifier = self.content.verifier()
        if verifier is None:
            self.message = NOT_READY
            self.screen = Screen.REFUSED
            return self.screen
        check = verifier.check(text, today=today)
        if check.verdict is Verdict.NOT_A_TICKET:
            self.screen = Screen.PASSERBY
            return self.screen
        if not check.valid or check.payload is None:
            self.message = MESSAGES[check.verdict].attendee
            self.screen = Screen.REFUSED
            return self.screen
        info = self.content.attendees.get(check.payload.attendee_id)
        self.attendee = Attendee(
            id=check.payload.attendee_id,
            serial=check.payload.serial,
            ticket=text.strip(),
            first_name=info.first_name if info else None,
            info=info,
        )
        self.outbox.queue(
            protocol.ScanAction(
                **stamp(), workshop=self.workshop or None, ticket=self.attendee.ticket
            )
        )
        self.screen = Screen.HOME
        return self.screen

    def learn_attendee(self) -> bool:
        """Fill in who is here once the content knows them (a walk-in registered just now).

        Returns:
            True when the name or details were new.
        """
        current = self.attendee
        if current is None or current.info is not None:
            return False
        info = self.content.attendees.get(current.id)
        if info is None:
            return False
        self.attendee = dataclasses.replace(current, first_name=info.first_name, info=info)
        return True

    def end(self) -> None:
        """Wipe the session: back to the attract screen, nothing of the attendee kept."""
        self.screen = Screen.ATTRACT
        self.attendee = None
        self.message = None
        self.earned = 0
        self._quiz = []
        self._skipped = set()
        self._opinion_seen = 0

    def open(self, screen: Screen) -> Screen:
        """Go to a screen of the home menu (only with a valid ticket)."""
        if self.attendee is None and screen not in (Screen.ATTRACT, Screen.PASSERBY):
            return self.screen
        if screen is Screen.QUIZ:
            self._quiz = self.open_questions()
        if screen is Screen.OPINION:  # a fresh round: what was skipped is asked again
            self._skipped = set()
            self._opinion_seen = 0
        self.screen = screen
        return screen

    # -- what the pillar shows ------------------------------------------------------------

    @property
    def workshop_info(self) -> protocol.WorkshopInfo | None:
        """The pillar's workshop."""
        return self.content.workshop_by_code(self.workshop)

    def open_questions(self) -> list[protocol.QuestionInfo]:
        """This workshop's questions the attendee has not answered yet (here or elsewhere)."""
        if self.attendee is None:
            return []
        done = self.outbox.answered(self.attendee.id)
        return [q for q in self.content.quiz(self.workshop_info) if q.id not in done]

    @property
    def question(self) -> protocol.QuestionInfo | None:
        """The question on screen, if any are left."""
        return self._quiz[0] if self._quiz else None

    @property
    def quiz_size(self) -> int:
        """How many questions this workshop has."""
        return len(self.content.quiz(self.workshop_info))

    def answer(self, choice: int) -> AnswerOutcome:
        """Answer the question on screen; committed before the outcome is shown.

        Raises:
            RuntimeError: no question is on screen.
        """
        question = self.question
        if self.attendee is None or question is None:
            raise RuntimeError("no question to answer")
        counted = question.id not in self.outbox.answered(self.attendee.id)
        self.outbox.queue(
            protocol.AnswerAction(
                **stamp(),
                workshop=self.workshop or None,
                ticket=self.attendee.ticket,
                question_id=question.id,
                choice=choice,
            )
        )
        self.outbox.mark_answered(self.attendee.id, [question.id])
        correct = choice == question.correct
        points = scoring.answer_points(correct, question.points) if counted else 0
        self.earned += points
        self._quiz = self._quiz[1:]
        return AnswerOutcome(correct, points, question.correct, question.explanation, counted)

    # -- questions of opinion ---------------------------------------------------------------

    def opinion_questions(self, *, with_skipped: bool = False) -> list[protocol.PollInfo]:
        """What the attendee may answer here now, in the order asked.

        Open questions of this pillar's workshop (the attendee scanned in here) and
        event-wide ones, less those answered (at this pillar, or at another one as
        the hub told after the scan) and (unless ``with_skipped``: what a next round
        on the screen asks) those skipped in this round. An answer given meanwhile
        at a pillar that was offline is not known: the hub refuses the second one.
        """
        if self.attendee is None:
            return []
        done = self.outbox.responded(self.attendee.id)
        return [
            p
            for p in self.opinion_open_here()
            if (p.id, polls.part_of(p)) not in done and (with_skipped or p.id not in self._skipped)
        ]

    def opinion_open_here(self) -> list[protocol.PollInfo]:
        """The questions of opinion this pillar asks now, whoever comes (in the order asked)."""
        at = self.clock()
        workshop = self.workshop_info
        return [
            p
            for p in polls.ordered(self.content.polls.values(), workshop)
            if polls.askable(p, workshop, at)
        ]

    def opinion_asked_here(self) -> bool:
        """Whether this pillar asks any question of opinion today (open now or not)."""
        return bool(polls.ordered(self.content.polls.values(), self.workshop_info))

    def opinion_given(self) -> bool:
        """Whether the attendee answered any question of opinion at this pillar."""
        return self.attendee is not None and bool(self.outbox.responded(self.attendee.id))

    @property
    def opinion(self) -> protocol.PollInfo | None:
        """The question of opinion on screen, if any is left."""
        left = self.opinion_questions()
        return left[0] if left else None

    @property
    def opinion_progress(self) -> tuple[int, int]:
        """The question on screen's number and how many there are this visit."""
        left = len(self.opinion_questions())
        return self._opinion_seen + 1, self._opinion_seen + left

    def respond(self, poll: protocol.PollInfo, choices: Sequence[int], text: str = "") -> None:
        """Answer a question of opinion; committed to the outbox before this returns.

        Raises:
            ValueError: the answer does not fit the question, or it is not askable here now.
            RuntimeError: no session.
        """
        if self.attendee is None:
            raise RuntimeError("no session")
        if poll.id not in {p.id for p in self.opinion_questions()}:
            raise ValueError("not a question to answer here now")
        picks, words = polls.checked(poll, choices, text, self.clock())
        self.outbox.queue(
            protocol.ResponseAction(
                **stamp(),
                workshop=self.workshop or None,
                ticket=self.attendee.ticket,
                poll_id=poll.id,
                choices=picks,
                text=words,
            )
        )
        self.outbox.mark_responded(self.attendee.id, poll.id, polls.part_of(poll))
        self._opinion_seen += 1

    def skip(self, poll: protocol.PollInfo) -> None:
        """Leave a question of opinion for now (it is asked again at a next visit)."""
        if poll.id not in self._skipped:
            self._skipped.add(poll.id)
            self._opinion_seen += 1

    def pending_bonus(self) -> int:
        """Bonus points of this attendee still waiting in the outbox (credits leave later)."""
        if self.attendee is None:
            return 0
        bonus = self.content.event.feedback_bonus if self.content.event else 0
        return bonus * self.outbox.pending_credits(self.attendee.ticket)

    def _credit(self) -> int:
        assert self.attendee is not None
        event = self.content.event
        bonus = event.feedback_bonus if event else scoring.DEFAULT_FEEDBACK_BONUS
        cap = event.feedback_cap if event else scoring.DEFAULT_FEEDBACK_CAP
        workshop = self.workshop or ""
        count = self.outbox.count_feedback(self.attendee.id, workshop)
        earned = scoring.feedback_points(count, bonus, cap) - scoring.feedback_points(
            count - 1, bonus, cap
        )
        self.outbox.add_feedback_credit(self.attendee.ticket, self.workshop)
        self.earned += earned
        return earned

    def post_note(self, wall: str, text: str) -> int:
        """Post an anonymous top or tip; returns the bonus it earned.

        Raises:
            ValueError: empty or too long.
        """
        cleaned = text.strip()
        if not cleaned:
            raise ValueError("empty note")
        if len(cleaned) > MAX_NOTE:
            raise ValueError("note too long")
        if self.attendee is None:
            raise RuntimeError("no session")
        self.outbox.queue(
            protocol.NoteAction(
                **stamp(), workshop=self.workshop or None, wall=which_wall(wall), text=cleaned
            )
        )
        return self._credit()

    def post_photo(self, wall: str, path: str, caption: str, consent: bool) -> int:
        """Post an anonymous polaroid (the file is uploaded later); returns the bonus.

        Raises:
            ValueError: no consent, or the caption is too long.
        """
        if not consent:
            raise ValueError("consent needed")
        if len(caption) > protocol.MAX_CAPTION_CHARS:
            raise ValueError("caption too long")
        if self.attendee is None:
            raise RuntimeError("no session")
        draft = PhotoDraft(
            **stamp(),
            workshop=self.workshop or None,
            wall=which_wall(wall),
            caption=caption.strip(),
            consent=True,
        )
        self.outbox.queue(draft, photo_path=path)
        return self._credit()


def which_wall(wall: str) -> Literal["top", "tip"]:
    """The wall a post goes to.

    Raises:
        ValueError: there is no such wall.
    """
    if wall == "top":
        return "top"
    if wall == "tip":
        return "tip"
    raise ValueError(f"no wall {wall!r}")
