"""The arithmetic of ratings, polls and votes: state, NPS, mean, words, small numbers."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from shared import polls
from shared.datadir import assets_dir
from shared.polls import Described, Question, Tallies
from shared.protocol import PollKind, ResultsShown

NOW = datetime(2026, 5, 1, 10, 0, tzinfo=UTC)
HOUR = timedelta(hours=1)


@pytest.mark.parametrize(
    ("opens", "closes", "manual", "state"),
    [
        (None, None, None, "open"),
        (NOW + HOUR, None, None, "scheduled"),
        (NOW, None, None, "open"),
        (None, NOW, None, "closed"),
        (None, NOW + HOUR, None, "open"),
        (NOW - HOUR, NOW - HOUR / 2, None, "closed"),
        # the console's hand wins over the times, both ways
        (NOW + HOUR, None, "open", "open"),
        (None, NOW - HOUR, "open", "open"),
        (NOW - HOUR, NOW + HOUR, "closed", "closed"),
    ],
)
def test_state_at(
    opens: datetime | None, closes: datetime | None, manual: str | None, state: str
) -> None:
    assert polls.state_at(NOW, opens, closes, manual) == state


def test_a_time_without_a_zone_is_utc() -> None:
    assert polls.moment("2026-05-01T10:00:00") == NOW
    assert polls.moment("2026-05-01T12:00:00+02:00") == NOW
    assert polls.moment(None) is None
    with pytest.raises(ValueError, match="Invalid isoformat"):
        polls.moment("om tien uur")


def scores(**counts: int) -> list[int]:
    """Eleven counts from keywords like s9=3."""
    return [counts.get(f"s{i}", 0) for i in range(11)]


@pytest.mark.parametrize(
    ("distribution", "expected"),
    [
        (scores(s9=3, s10=7), 100),  # all promoters
        (scores(s0=2, s6=5, s3=1), -100),  # all detractors
        (scores(s7=4, s8=1), 0),  # all passives
        (scores(), None),  # no answers
        (scores(s10=1, s0=1, s8=1), 0),
        (scores(s10=2, s5=1), 33),  # 66.67 - 33.33 = 33.33
        (scores(s10=1, s5=2), -33),
        (scores(s10=5, s6=2, s7=1), 38),  # 62.5 - 25 = 37.5: half away from zero
        (scores(s10=2, s6=5, s7=1), -38),  # 25 - 62.5 = -37.5
    ],
)
def test_nps(distribution: list[int], expected: int | None) -> None:
    assert polls.nps(distribution) == expected


@given(st.lists(st.integers(0, 1000), min_size=11, max_size=11))
def test_nps_stays_in_its_range_and_rounds_the_percentages(distribution: list[int]) -> None:
    score = polls.nps(distribution)
    total = sum(distribution)
    if total == 0:
        assert score is None
        return
    assert score is not None
    assert -100 <= score <= 100
    exact = 100 * (sum(distribution[9:]) - sum(distribution[:7])) / total
    assert abs(score - exact) <= 0.5


def test_mean() -> None:
    assert polls.mean([1, 2, 3, 4, 5], [0, 1, 1, 2, 1]) == 3.6
    assert polls.mean([1, 2, 3, 4, 5], [0, 0, 0, 0, 0]) is None
    assert polls.mean([1, 2, 3, 4, 5], [1, 0, 0, 0, 2]) == 3.67


def test_words_count_each_answer_once_without_stop_words() -> None:
    stop = frozenset({"de", "en", "the"})
    found = polls.words(
        ["Snel en snel", "De wijk, de WIJK!", "snelle hulp", "the 112 hulp", "café Café", "x"],
        stop,
    )
    assert [(w.word, w.count) for w in found] == [
        ("hulp", 2),
        ("café", 1),
        ("snel", 1),
        ("snelle", 1),
        ("wijk", 1),
    ]


def test_the_shipped_stop_words_and_a_folders_own(tmp_path: Path) -> None:
    shipped = polls.load_stopwords(None, assets_dir())
    assert {"de", "het", "een", "the", "and", "of"} <= shipped
    assert not any(w.startswith("#") for w in shipped)
    (tmp_path / "stopwords").mkdir()
    (tmp_path / "stopwords" / "en.txt").write_text("Workshop\n", encoding="utf-8")
    own = polls.load_stopwords(tmp_path, assets_dir())
    assert "workshop" in own
    assert "the" not in own
    assert "het" in own


RATING = Question(id=1, kind="rating", workshop_id=2, comment=True)
POLL = Question(id=2, kind="poll", workshop_id=None, options=3, max_choices=2)
VOTE = Question(id=3, kind="vote", workshop_id=None, phase="propose", proposals=frozenset({77}))


def test_judge_counts_respondents_and_values() -> None:
    assert polls.judge(RATING, [4], " Mooi ", NOW) == polls.Counted(
        "answer", (-1, 4), ("comment", "Mooi")
    )
    assert polls.judge(POLL, [2, 0], "", NOW) == polls.Counted("answer", (-1, 0, 2))
    assert polls.judge(VOTE, [], "Loket Oost", NOW) == polls.Counted(
        "proposal", (), ("proposal", "Loket Oost")
    )
    voting = Question(**{**VOTE.__dict__, "phase": "vote"})
    assert polls.judge(voting, [77], "", NOW) == polls.Counted("answer", (-1, 77))
    assert polls.judge(voting, [78], "", NOW) == "proposal 78 is not among the approved ones"
    assert polls.judge(voting, [], "Nog een naam", NOW) == "a vote names one proposal and no text"
    opened = Question(id=5, kind="open", workshop_id=None)
    assert polls.judge(opened, [], "   ", NOW) == "an open answer takes a text"


def described(
    kind: PollKind, shown: ResultsShown = "live", options: tuple[str, ...] = ()
) -> Described:
    return Described(
        id=9, code="Q", kind=kind, workshop=None, text="", shown=shown, options=options
    )


def test_fewer_than_k_answers_show_how_many_and_nothing_else() -> None:
    tallies = Tallies(digital={-1: 4, 5: 3, 1: 1}, paper={})
    four = polls.result(described("rating"), "open", None, tallies, 5, texts=["fijn"])
    assert four is not None
    assert (four.n, four.distribution, four.mean, four.paper) == (4, None, None, None)
    five = polls.result(
        described("rating"),
        "open",
        None,
        Tallies(digital={-1: 4, 5: 3, 1: 1}, paper={-1: 1, 3: 1}),
        5,
    )
    assert five is not None
    assert (five.n, five.paper_n, five.distribution, five.mean) == (5, 1, [1, 0, 1, 0, 3], 3.8)
    assert five.paper == [0, 0, 1, 0, 0]
    # k is the event's: 3 shows three
    three = polls.result(described("rating"), "open", None, Tallies(digital={-1: 3, 2: 3}), 3)
    assert three is not None
    assert three.distribution == [0, 3, 0, 0, 0]
    cloud = polls.result(
        described("open"), "open", None, Tallies(digital={-1: 2}), 5, texts=["a b", "b c"]
    )
    assert cloud is not None
    assert cloud.words is None


def test_what_a_wall_may_see() -> None:
    tallies = Tallies(digital={-1: 6, 0: 4, 1: 2})
    options = ("ja", "nee")
    assert (
        polls.result(
            described("poll", "organiser", options), "closed", None, tallies, 5, view="wall"
        )
        is None
    )
    before = polls.result(
        described("poll", "after_close", options), "open", None, tallies, 5, view="wall"
    )
    assert before is not None
    assert (before.n, before.distribution) == (6, None)
    after = polls.result(
        described("poll", "after_close", options), "closed", None, tallies, 5, view="wall"
    )
    assert after is not None
    assert after.distribution == [4, 2]
    live = polls.result(described("poll", "live", options), "open", None, tallies, 5, view="wall")
    assert live is not None
    assert live.distribution == [4, 2]
    rated = polls.result(
        described("rating"),
        "open",
        None,
        Tallies(digital={-1: 5, 4: 5}),
        5,
        texts=["top"],
        view="wall",
    )
    assert rated is not None
    assert rated.comments == []
    organiser = polls.result(
        described("rating"), "open", None, Tallies(digital={-1: 5, 4: 5}), 5, texts=["top"]
    )
    assert organiser is not None
    assert organiser.comments == ["top"]


def test_paper_values() -> None:
    assert polls.paper_values("rating", [0, 1, 0, 2, 0], None, [1, 2, 3, 4, 5]) == {
        2: 1,
        4: 2,
        -1: 3,
    }
    assert polls.paper_values("poll", [3, 2], 4, [0, 1], max_choices=2) == {0: 3, 1: 2, -1: 4}
    assert polls.paper_values("poll", [3, 2], 4, [0, 1]) == (
        "one choice each: the respondents are the sum of the counts"
    )
    assert polls.paper_values("poll", [3, 2], 2, [0, 1], max_choices=2) == (
        "2 respondents cannot have given these counts"
    )
    assert polls.paper_values("open", [], None, []) == "an open question takes no paper tally"
    assert polls.paper_values("vote", [2, 0], None, [501, 77]) == {501: 2, -1: 2}
