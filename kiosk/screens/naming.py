"""A naming vote: a proposal typed on the touch keyboard, later a vote among the approved.

While the vote takes proposals an attendee may make one; once the console moves
it to voting, they choose one of the proposals an editor approved.
"""

from __future__ import annotations

from PySide6.QtWidgets import QStackedWidget, QVBoxLayout

from kiosk import texts as T
from kiosk.polls import MAX_PROPOSAL_CHARS, phase_of
from kiosk.screens.choices import Choices
from kiosk.screens.panel import Answer, AnswerPanel
from kiosk.widgets import PlainLabel, TextEntry
from shared import protocol


class VoteChoices(Choices):
    """The approved proposals, one to be chosen."""

    def one(self, lang: str) -> str:
        """A vote names one proposal."""
        return T.VOTE_CHOOSE(lang)


class NamingPanel(AnswerPanel):
    """The proposal field while the vote takes proposals; the approved ones once it votes."""

    def __init__(self) -> None:
        super().__init__()
        self.propose_hint = PlainLabel(role="hint")
        self.proposal = TextEntry(MAX_PROPOSAL_CHARS, most=140)
        self.proposal.changed.connect(self.changed.emit)
        proposing = AnswerPanel()
        layout = QVBoxLayout(proposing)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.propose_hint)
        layout.addWidget(self.proposal)
        layout.addStretch(1)
        self.proposing = proposing
        self.voting = VoteChoices()
        self.voting.changed.connect(self.changed.emit)
        self.pages = QStackedWidget()
        self.pages.addWidget(self.proposing)
        self.pages.addWidget(self.voting)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(self.pages)

    @property
    def voting_now(self) -> bool:
        """Whether the vote on show takes votes (not proposals)."""
        return self.poll is not None and phase_of(self.poll) == "vote"

    def load(self, poll: protocol.PollInfo) -> None:
        """An empty proposal, or the approved proposals with none chosen."""
        super().load(poll)
        self.proposal.clear()
        if self.voting_now:
            proposals = poll.proposals
            self.voting.show_options([p.text for p in proposals], [p.id for p in proposals], 1)
            self.pages.setCurrentWidget(self.voting)
        else:
            self.pages.setCurrentWidget(self.proposing)
            self.proposal.editor.setFocus()

    def answer(self) -> Answer | None:
        """The proposal id voted for, or the proposal's text."""
        if self.voting_now:
            return self.voting.answer()
        text = self.proposal.text().strip()
        return ([], text) if text else None

    def set_lang(self, lang: str) -> None:
        """Retranslate."""
        super().set_lang(lang)
        self.propose_hint.setText(T.VOTE_PROPOSE(lang))
        self.proposal.set_texts(T.VOTE_PLACEHOLDER(lang), T.TEXT_COUNT(lang))
        self.voting.set_lang(lang)

    def set_touch_keyboard(self, shown: bool) -> None:
        """The keyboard under the proposal, or a real one."""
        self.proposal.keyboard.setVisible(shown)
