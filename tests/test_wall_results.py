"""wall/results.py: what a wall may show of a question's results, and whose turn it is."""

from __future__ import annotations

from shared import protocol
from wall.results import ResultBook, for_the_wall, suppressed


def result(poll_id: int = 1, **changes: object) -> protocol.PollResult:
    base = protocol.PollResult(
        id=poll_id,
        code=f"Q{poll_id}",
        kind="rating",
        state="open",
        n=12,
        distribution=[1, 1, 2, 4, 4],
        mean=3.75,
        comments=["Heel goed"],
    )
    return base.model_copy(update=changes)


def test_an_organiser_only_question_never_reaches_the_wall() -> None:
    assert for_the_wall(result(shown="organiser")) is None
    book = ResultBook()
    book.take(result())
    assert book.take(result(shown="organiser")) is None
    assert book.results == {}
    assert book.next() is None


def test_after_close_shows_only_how_many_until_the_close() -> None:
    waiting = for_the_wall(result(shown="after_close"))
    assert waiting is not None
    assert (waiting.n, waiting.distribution, waiting.mean) == (12, None, None)
    assert suppressed(waiting)
    closed = for_the_wall(result(shown="after_close", state="closed"))
    assert closed is not None
    assert closed.distribution == [1, 1, 2, 4, 4]
    assert not suppressed(closed)


def test_a_distribution_below_k_is_dropped_even_if_a_hub_sent_one() -> None:
    few = for_the_wall(result(n=4, min_answers=5))
    assert few is not None
    assert (few.distribution, few.mean, few.words, few.paper) == (None, None, None, None)
    assert suppressed(few)
    cloud = for_the_wall(
        result(kind="open", n=4, distribution=None, words=[protocol.WordCount(word="a", count=4)])
    )
    assert cloud is not None
    assert cloud.words is None
    exactly_k = for_the_wall(result(n=5, min_answers=5))
    assert exactly_k is not None
    assert exactly_k.distribution is not None


def test_comments_stay_with_the_organiser() -> None:
    shown = for_the_wall(result())
    assert shown is not None
    assert shown.comments == []


def test_what_changed_comes_first_then_each_takes_its_turn() -> None:
    book = ResultBook()
    book.replace([result(1), result(2), result(3)])
    assert [book.next().id for _ in range(3)] == [1, 2, 3]  # type: ignore[union-attr]
    assert [book.next().id for _ in range(4)] == [1, 2, 3, 1]  # type: ignore[union-attr]
    book.take(result(3, n=13))
    book.take(result(2, n=13))
    book.take(result(2, n=13))  # the same again: not news
    assert [book.next().id for _ in range(2)] == [3, 2]  # type: ignore[union-attr]
    book.take(result(1, n=13))
    book.seen(1)  # shown live as it came in
    assert book.next().id != 1 or len(book.results) == 1  # type: ignore[union-attr]


def test_questions_take_turns_in_the_event_order() -> None:
    book = ResultBook()
    book.replace([result(9), result(2), result(5)])
    assert [book.next().id for _ in range(6)] == [9, 2, 5, 9, 2, 5]  # type: ignore[union-attr]


def test_a_question_no_one_answered_waits_unless_it_asks_for_proposals() -> None:
    book = ResultBook()
    book.replace([result(1, n=0), result(2, kind="vote", phase="propose", n=0), result(3)])
    assert [book.next().id for _ in range(4)] == [2, 3, 2, 3]  # type: ignore[union-attr]
    book.replace([result(1, n=0)])
    assert book.next() is None


def test_a_snapshot_starts_afresh() -> None:
    book = ResultBook()
    book.take(result(7))
    book.replace([result(1)])
    assert list(book.results) == [1]
    assert book.next().id == 1  # type: ignore[union-attr]
