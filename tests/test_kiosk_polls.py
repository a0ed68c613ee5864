"""Which questions of opinion a pillar asks, when, and what an answer to each may be."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kiosk import polls
from shared import protocol

NOW = datetime(2026, 6, 11, 10, 0, tzinfo=UTC)
VAST = protocol.WorkshopInfo.model_construct(id=1, code="VAST", title="Vastgoed")


def poll(**fields: object) -> protocol.PollInfo:
    values: dict[str, object] = {"id": 1, "code": "Q1", "position": 0, "kind": "rating"}
    return protocol.PollInfo.model_validate(values | fields)


def test_the_console_s_hand_wins_over_the_times() -> None:
    later, earlier = NOW + timedelta(hours=1), NOW - timedelta(hours=1)
    assert polls.state_at(poll(), NOW) == "open"
    assert polls.state_at(poll(opens=later), NOW) == "scheduled"
    assert polls.state_at(poll(closes=earlier), NOW) == "closed"
    assert polls.state_at(poll(closes=NOW), NOW) == "closed"  # closes at, not after
    assert polls.state_at(poll(opens=NOW, closes=later), NOW) == "open"
    assert polls.state_at(poll(opens=later, manual="open"), NOW) == "open"
    assert polls.state_at(poll(manual="closed"), NOW) == "closed"


def test_a_workshop_s_question_is_asked_at_its_pillar_only() -> None:
    ours, theirs, everyone = poll(workshop="vast"), poll(workshop="ZORG"), poll(workshop=None)
    assert polls.askable(ours, VAST, NOW)
    assert not polls.askable(theirs, VAST, NOW)
    assert polls.askable(everyone, VAST, NOW)
    assert polls.askable(everyone, None, NOW)  # a pillar in the hall asks the event's
    assert not polls.askable(ours, None, NOW)


def test_a_vote_is_asked_once_there_is_something_to_do() -> None:
    proposing = poll(kind="vote", text="Hoe noemen we het?")
    assert polls.phase_of(proposing) == "propose"
    assert polls.part_of(proposing) == "proposal"
    voting = proposing.model_copy(update={"phase": "vote"})
    assert polls.part_of(voting) == "answer"
    assert not polls.askable(voting, VAST, NOW)  # no approved proposals yet
    one = [protocol.ProposalInfo(id=7, text="Meldpunt")]
    assert not polls.askable(voting.model_copy(update={"proposals": one}), VAST, NOW)
    two = [*one, protocol.ProposalInfo(id=9, text="De Bel")]
    assert polls.askable(voting.model_copy(update={"proposals": two}), VAST, NOW)
    assert not polls.askable(poll(kind="poll", options=[]), VAST, NOW)
    assert polls.part_of(poll(kind="poll", options=["a"])) == "answer"


def test_the_workshop_s_rating_leads_then_the_event_s_in_order() -> None:
    asked = polls.ordered(
        [
            poll(id=1, code="NPS", kind="recommend", position=0),
            poll(id=2, code="OPEN", kind="open", position=1, workshop="VAST"),
            poll(id=3, code="ZORG", kind="rating", position=0, workshop="ZORG"),
            poll(id=4, code="R", kind="rating", position=5, workshop="VAST"),
            poll(id=5, code="POLL", kind="poll", position=0, options=["a"]),
        ],
        VAST,
    )
    assert [p.code for p in asked] == ["R", "OPEN", "NPS", "POLL"]


def test_answers_are_checked_as_the_hub_will() -> None:
    rating = poll(kind="rating", comment=True)
    assert polls.checked(rating, [4], "  Goed \u0007 gedaan ", NOW) == ([4], "Goed  gedaan")
    for wrong in ([], [0], [6], [3, 4]):
        with pytest.raises(ValueError, match="one value from 1 to 5"):
            polls.checked(rating, wrong, "", NOW)
    with pytest.raises(ValueError, match="no comment"):
        polls.checked(poll(kind="rating"), [4], "mooi", NOW)
    with pytest.raises(ValueError, match="at most 280"):
        polls.checked(rating, [4], "x" * 281, NOW)
    with pytest.raises(ValueError, match="closed"):
        polls.checked(poll(kind="rating", manual="closed"), [4], "", NOW)
    recommend = poll(kind="recommend")
    assert polls.checked(recommend, [0], "", NOW) == ([0], "")
    assert polls.checked(recommend, [10], "", NOW) == ([10], "")
    with pytest.raises(ValueError, match="one value from 0 to 10"):
        polls.checked(recommend, [11], "", NOW)
    with pytest.raises(ValueError, match="no comment"):
        polls.checked(recommend, [9], "top", NOW)
    several = poll(kind="poll", options=["a", "b", "c"], max_choices=2)
    assert polls.checked(several, [0, 2], "", NOW) == ([0, 2], "")
    for wrong, why in (
        ([], "1 to 2 choices"),
        ([0, 1, 2], "1 to 2 choices"),
        ([1, 1], "twice"),
        ([3], "out of range"),
        ([-1], "from 0"),
    ):
        with pytest.raises(ValueError, match=why):
            polls.checked(several, wrong, "", NOW)
    with pytest.raises(ValueError, match="takes a text"):
        polls.checked(poll(kind="open"), [], "   ", NOW)
    assert polls.checked(poll(kind="open"), [], "Samen", NOW) == ([], "Samen")
    proposing = poll(kind="vote")
    assert polls.checked(proposing, [], "Meldpunt", NOW) == ([], "Meldpunt")
    with pytest.raises(ValueError, match="at most 60"):
        polls.checked(proposing, [], "x" * (polls.MAX_PROPOSAL_CHARS + 1), NOW)
    with pytest.raises(ValueError, match="proposals now, not votes"):
        polls.checked(proposing, [7], "", NOW)
    proposals = [protocol.ProposalInfo(id=7, text="A"), protocol.ProposalInfo(id=9, text="B")]
    voting = poll(kind="vote", phase="vote", proposals=proposals)
    assert polls.checked(voting, [9], "", NOW) == ([9], "")
    with pytest.raises(ValueError, match="not among the approved"):
        polls.checked(voting, [8], "", NOW)


@given(st.lists(st.integers(-3, 14), max_size=4), st.text(max_size=300))
def test_whatever_is_checked_the_wire_takes(choices: list[int], text: str) -> None:
    proposals = [protocol.ProposalInfo(id=7, text="A"), protocol.ProposalInfo(id=9, text="B")]
    for question in (
        poll(kind="rating", comment=True),
        poll(kind="recommend"),
        poll(kind="poll", options=["a", "b", "c"], max_choices=2),
        poll(kind="open"),
        poll(kind="vote"),
        poll(kind="vote", phase="vote", proposals=proposals),
    ):
        try:
            picks, words = polls.checked(question, choices, text, NOW)
        except ValueError:
            continue
        action = protocol.ResponseAction(
            id=uuid.UUID(int=1),
            at=NOW,
            ticket="ZU1" + "A" * 132,
            poll_id=question.id,
            choices=picks,
            text=words,
        )
        assert action.text == words  # the wire leaves a checked text as it is


def test_the_standard_wording() -> None:
    recommend = poll(kind="recommend", text="Zou je ons aanraden?", subject="de Innovatiemaand")
    assert polls.wording(recommend, "nl") == (
        "Hoe waarschijnlijk is het dat je de Innovatiemaand aanbeveelt aan een collega?"
    )
    assert polls.wording(recommend, "en") == (
        "How likely is it that you would recommend de Innovatiemaand to a colleague?"
    )
    unnamed = poll(kind="recommend")
    assert "Zuidas Dag" in polls.wording(unnamed, "nl", event_name="Zuidas Dag")
    assert "dit evenement" in polls.wording(unnamed, "nl")
    rating = poll(kind="rating", workshop="VAST")
    assert polls.wording(rating, "nl") == "Wat vond je van deze workshop?"
    assert polls.wording(rating, "en") == "What did you think of this workshop?"
    assert polls.about(rating, "nl", workshop_title="Vastgoed") == "Vastgoed"
    assert polls.wording(poll(kind="rating", text="Hoe was de lunch?"), "en") == (
        "Hoe was de lunch?"
    )
    assert "muur" in polls.results_note(poll(results="after_close"), "nl")
