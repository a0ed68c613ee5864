"""shared/pollcharts.py: what the dashboard and the report draw for a question, small
numbers left out whatever the hub sent."""

from __future__ import annotations

import pytest

from shared.i18n import Lang
from shared.pollcharts import (
    chart,
    grouped,
    is_suppressed,
    nps_of,
    nps_split,
    ordered,
    summary_row,
    value_rows,
    word_rows,
)
from shared.protocol import PollResult, WordCount


def rating(n: int, distribution: list[int] | None, **extra: object) -> PollResult:
    return PollResult.model_validate(
        {
            "id": 1,
            "code": "R-VAST",
            "kind": "rating",
            "workshop": "VAST",
            "state": "open",
            "n": n,
            "distribution": distribution,
            "mean": 3.6,
            **extra,
        }
    )


def test_a_rating_with_enough_answers_is_drawn_five_stars_first() -> None:
    result = rating(10, [1, 1, 2, 3, 3], paper=[0, 0, 1, 1, 0], paper_n=2)
    drawn = chart(result, Lang.NL)
    assert not drawn.suppressed
    assert [b.label for b in drawn.bars] == [
        "5 sterren",
        "4 sterren",
        "3 sterren",
        "2 sterren",
        "1 ster",
    ]
    assert [b.count for b in drawn.bars] == [3, 3, 2, 1, 1]
    assert drawn.headline == "gemiddeld 3,6 van 5"
    assert drawn.bars[1].figure(Lang.NL) == "3 · 30% (1 op papier)"
    assert "10 antwoorden, waarvan 2 op papier" in drawn.facts
    english = chart(result, Lang.EN)
    assert english.headline == "on average 3.6 out of 5"
    assert english.bars[1].figure(Lang.EN) == "3 · 30% (1 on paper)"


@pytest.mark.parametrize("n", [1, 4])
def test_fewer_than_k_answers_draw_nothing_even_if_the_hub_sent_numbers(n: int) -> None:
    # a hub that sent a distribution for 4 answers must still not have it drawn
    result = rating(n, [0, 0, 0, 0, n], nps=None)
    assert is_suppressed(result)
    for lang, said in ((Lang.NL, "minder dan 5 antwoorden"), (Lang.EN, "fewer than 5 answers")):
        drawn = chart(result, lang)
        assert drawn.bars == ()
        assert drawn.headline == ""  # the mean of one answer is that answer
        assert said in drawn.note
    assert value_rows(result) == []
    row = summary_row(result)
    assert row[-1] == "nee"
    assert row[9] == ""  # no mean in the export either


def test_k_is_the_events_own() -> None:
    assert is_suppressed(rating(7, [1, 1, 1, 2, 2], min_answers=8))
    assert not is_suppressed(rating(8, [1, 1, 2, 2, 2], min_answers=8))
    assert "minder dan 8 antwoorden" in chart(rating(7, None, min_answers=8), Lang.NL).note


@pytest.mark.parametrize(
    ("distribution", "nps"),
    [
        ([0] * 9 + [3, 4], 100),  # all promoters
        ([2, 1, 0, 0, 0, 0, 4] + [0] * 4, -100),  # all detractors
        ([0] * 7 + [5, 5, 0, 0], 0),  # all passives
        ([0] * 11, None),  # nobody
        ([1, 0, 0, 0, 0, 0, 0, 1, 0, 1, 0], 0),
        ([0, 0, 0, 0, 0, 0, 1, 1, 0, 1, 0], 0),
        ([0, 0, 0, 0, 0, 0, 1, 0, 0, 1, 1], 33),
    ],
)
def test_nps_arithmetic(distribution: list[int], nps: int | None) -> None:
    assert nps_of(distribution) == nps
    assert sum(nps_split(distribution)) == sum(distribution)


def test_recommend_shows_its_split_and_signed_score() -> None:
    distribution = [0, 0, 0, 1, 0, 1, 1, 2, 2, 3, 2]  # 3 detractors, 4 passives, 5 promoters
    result = PollResult(
        id=2, code="NPS", kind="recommend", state="closed", n=12, distribution=distribution, nps=17
    )
    drawn = chart(result, Lang.EN)
    assert drawn.headline == "NPS +17"
    assert [b.count for b in drawn.split] == [3, 4, 5]
    assert [b.label for b in drawn.split] == [
        "detractors (0-6)",
        "passives (7-8)",
        "promoters (9-10)",
    ]
    assert len(drawn.bars) == 11  # the full 0-10 scale, always
    assert drawn.title == "How likely is it that you would recommend this event to a colleague?"
    negative = chart(result.model_copy(update={"nps": -4}), Lang.NL)
    assert negative.headline == "NPS −4"


def test_a_poll_shares_are_of_respondents_and_a_vote_is_ranked() -> None:
    poll = PollResult(
        id=3,
        code="LUNCH",
        kind="poll",
        text="Wat wil je bij de lunch?",
        state="open",
        n=10,
        labels=["soep", "broodjes", "salade"],
        distribution=[6, 7, 2],
    )
    bars = chart(poll, Lang.NL).bars
    assert [(b.label, b.count, b.figure(Lang.NL)) for b in bars] == [
        ("soep", 6, "6 · 60%"),
        ("broodjes", 7, "7 · 70%"),
        ("salade", 2, "2 · 20%"),
    ]
    vote = PollResult(
        id=4,
        code="NAAM",
        kind="vote",
        state="closed",
        phase="vote",
        n=9,
        labels=["Meldpunt Oost", "De Klaagmuur", "Zeg het maar"],
        distribution=[2, 3, 4],
    )
    assert [b.label for b in chart(vote, Lang.NL).bars] == [
        "Zeg het maar",
        "De Klaagmuur",
        "Meldpunt Oost",
    ]
    assert value_rows(vote)[2] == ["NAAM", "vote", "Zeg het maar", 4, 0]


def test_an_open_question_draws_its_words_and_hides_them_under_k() -> None:
    words = [WordCount(word="koffie", count=4), WordCount(word="samen", count=6)]
    result = PollResult(id=5, code="WOORD", kind="open", state="open", n=8, words=words)
    assert [(b.label, b.count) for b in chart(result, Lang.NL).bars] == [
        ("samen", 6),
        ("koffie", 4),
    ]
    assert word_rows(result) == [["WOORD", "samen", 6], ["WOORD", "koffie", 4]]
    few = result.model_copy(update={"n": 3})
    assert chart(few, Lang.NL).bars == ()
    assert word_rows(few) == []


def test_event_wide_questions_come_first() -> None:
    results = [
        rating(6, [1, 1, 1, 1, 2], code="R-ZORG", workshop="ZORG"),
        PollResult(id=9, code="OPEN", kind="open", state="open", n=0),
        rating(6, [1, 1, 1, 1, 2]),
        PollResult(id=8, code="NPS", kind="recommend", state="open", n=0),
    ]
    assert [r.code for r in ordered(results)] == ["NPS", "OPEN", "R-VAST", "R-ZORG"]


def test_no_answers_yet_says_so() -> None:
    drawn = chart(rating(0, None), Lang.EN)
    assert drawn.suppressed
    assert drawn.bars == ()
    assert drawn.note == "no answers yet"


def test_the_same_answer_is_listed_once_with_its_count() -> None:
    answers = ["lef", "Signalen", "netwerk", "signalen ", "lef", "signalen"]
    assert grouped(answers) == ["Signalen (3×)", "lef (2×)", "netwerk"]
