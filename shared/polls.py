"""Ratings, recommend questions, polls, naming votes and open questions, without a database.

What a question's state is at a moment, whether an answer to it is acceptable, and
how its tallies become the results every view shows (:func:`result`): the mean
of a rating, the NPS of a recommend question, the words of an open question,
and the small numbers that are never shown (fewer than *k* answers).

Times of a question (``opens``, ``closes``) are stored as ISO 8601 text; one
without a zone is taken as UTC, as the wire takes a device's moments.
"""

from __future__ import annotations

import functools
import itertools
import re
import unicodedata
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Literal

from shared.protocol import (
    MAX_POLL_TEXT,
    RATING_VALUES,
    RECOMMEND_VALUES,
    PollKind,
    PollResult,
    PollState,
    ResultsShown,
    VotePhase,
    WordCount,
)

RESPONDENTS = -1
"""The tally value that counts respondents (a poll may take several choices each)."""
WORDS_SHOWN = 60  # an open question's cloud holds at most this many words
MIN_WORD = 2  # shorter words are left out of a cloud
STOPWORD_LANGUAGES = ("nl", "en")

View = Literal["organiser", "wall"]
"""Who looks: the organiser (console, report, ``zuil results``) or a wall or phone."""


def moment(text: str | None) -> datetime | None:
    """A stored time of a question as a moment (None stays None; no zone means UTC).

    Raises:
        ValueError: the text is no ISO 8601 time.
    """
    if not text:
        return None
    parsed = datetime.fromisoformat(text)
    return parsed if parsed.tzinfo is not None else parsed.replace(tzinfo=UTC)


def state_at(
    at: datetime, opens: datetime | None, closes: datetime | None, manual: str | None
) -> PollState:
    """A question's state at ``at``: the console's hand wins, else its times decide."""
    if manual == "open":
        return "open"
    if manual == "closed":
        return "closed"
    if opens is not None and at < opens:
        return "scheduled"
    if closes is not None and at >= closes:
        return "closed"
    return "open"


def phase_of(kind: PollKind, phase: str | None) -> VotePhase | None:
    """A vote's phase (proposals first until the console says otherwise); None for others."""
    if kind != "vote":
        return None
    return "vote" if phase == "vote" else "propose"


# -- scores ----------


def nps(distribution: Sequence[int]) -> int | None:
    """The Net Promoter Score of eleven counts (scores 0-10): % 9-10 minus % 0-6.

    Rounded half away from zero to a whole number from -100 to +100; None
    without answers.
    """
    total = sum(distribution)
    if total == 0:
        return None
    promoters = sum(distribution[9:11])
    detractors = sum(distribution[0:7])
    # exact in integers: 100 * (p - d) / total, rounded half away from zero
    numerator = 100 * (promoters - detractors)
    whole, rest = divmod(abs(numerator), total)
    if 2 * rest >= total:
        whole += 1
    return whole if numerator >= 0 else -whole


def mean(values: Sequence[int], distribution: Sequence[int]) -> float | None:
    """The mean of counted values (``distribution[i]`` answers gave ``values[i]``), to 2 places."""
    total = sum(distribution)
    if total == 0:
        return None
    return round(sum(v * c for v, c in zip(values, distribution, strict=True)) / total, 2)


# -- words ----------

_WORD = re.compile(r"[^\W\d_](?:[\w'’-]*\w)?")


def _plain(word: str) -> str:
    """A word as clouds and stop-word lists compare it: lower case, accents kept."""
    return unicodedata.normalize("NFC", word.casefold()).replace("’", "'")


@functools.lru_cache(maxsize=1 << 16)
def words_of(text: str) -> frozenset[str]:
    """The distinct words of one answer that a cloud may show (kept: a cloud is redrawn often).

    An answer's words are read once, not on every recount after each new answer.
    """
    return frozenset(w for w in (_plain(w) for w in _WORD.findall(text)) if len(w) >= MIN_WORD)


def load_stopwords(data_root: Path | None, assets: Path) -> frozenset[str]:
    """The stop words of every language: the data folder's own ``stopwords/`` copy wins.

    Args:
        data_root: the event's data folder (its ``stopwords/nl.txt`` and ``en.txt``,
            where present, replace the shipped ones); None for the shipped lists only.
        assets: the shipped assets folder (``assets/stopwords/``).
    """
    words: set[str] = set()
    for language in STOPWORD_LANGUAGES:
        own = data_root / "stopwords" / f"{language}.txt" if data_root else None
        path = own if own is not None and own.exists() else assets / "stopwords" / f"{language}.txt"
        if path.exists():
            for line in path.read_text(encoding="utf-8").splitlines():
                line = line.strip()
                if line and not line.startswith("#"):
                    words.add(_plain(line))
    return frozenset(words)


def words(
    texts: Iterable[str], stopwords: frozenset[str], limit: int = WORDS_SHOWN
) -> list[WordCount]:
    """The words of open answers, each counted once per answer that used it, most used first.

    Stop words, numbers and one-letter words are left out; ties go alphabetically.
    """
    return top_words(Counter(itertools.chain.from_iterable(map(words_of, texts))), stopwords, limit)


def top_words(
    counts: Mapping[str, int], stopwords: frozenset[str], limit: int = WORDS_SHOWN
) -> list[WordCount]:
    """The most used words of counts per word (see :func:`words_of`), stop words left out."""
    ranked = sorted(
        ((w, c) for w, c in counts.items() if c > 0 and w not in stopwords),
        key=lambda item: (-item[1], item[0]),
    )
    return [WordCount(word=word, count=count) for word, count in ranked[:limit]]


# -- answers ----------


@dataclass(frozen=True)
class Question:
    """What the hub needs of a question to judge and count an answer.

    Attributes:
        id: its row id.
        kind: rating, recommend, poll, vote or open.
        workshop_id: the workshop it belongs to; None for the whole event.
        options: a poll's number of options.
        max_choices: how many options one answer may take.
        comment: whether a rating takes a comment.
        opens: when it opens by its times.
        closes: when it closes by its times.
        manual: the console's hand (``open``, ``closed``) or None.
        phase: a vote's phase, or None.
        proposals: a vote's approved (visible) proposal ids.
    """

    id: int
    kind: PollKind
    workshop_id: int | None
    options: int = 0
    max_choices: int = 1
    comment: bool = False
    opens: datetime | None = None
    closes: datetime | None = None
    manual: str | None = None
    phase: VotePhase | None = None
    proposals: frozenset[int] = field(default_factory=frozenset)

    def state(self, at: datetime) -> PollState:
        """Its state at ``at``."""
        return state_at(at, self.opens, self.closes, self.manual)


@dataclass(frozen=True)
class Counted:
    """An accepted answer, as the hub stores it.

    Attributes:
        part: ``answer`` (a value, a comment, an open answer) or ``proposal``.
        values: the tally values to count (respondents included).
        text: the text to moderate (comment, open answer, proposal) and its part.
    """

    part: Literal["answer", "proposal"]
    values: tuple[int, ...]
    text: tuple[Literal["comment", "open", "proposal"], str] | None = None


def judge(question: Question, choices: Sequence[int], text: str, at: datetime) -> Counted | str:
    """What an answer to ``question`` given at ``at`` counts as, or why it is refused."""
    state = question.state(at)
    if state != "open":
        return f"question {question.id} is {'not open yet' if state == 'scheduled' else 'closed'}"
    text = text.strip()
    kind = question.kind
    if kind in ("rating", "recommend"):
        allowed = RATING_VALUES if kind == "rating" else RECOMMEND_VALUES
        if len(choices) != 1 or choices[0] not in allowed:
            return f"a {kind} takes one value from {allowed.start} to {allowed.stop - 1}"
        if text and not (kind == "rating" and question.comment):
            return f"question {question.id} takes no comment"
        return Counted("answer", (RESPONDENTS, choices[0]), ("comment", text) if text else None)
    if kind == "poll":
        if text:
            return f"question {question.id} takes no text"
        if not 1 <= len(choices) <= question.max_choices:
            return f"a poll answer takes 1 to {question.max_choices} choices"
        if len(set(choices)) != len(choices):
            return "the same choice twice"
        if any(choice >= question.options for choice in choices):
            return f"choice out of range (the poll has {question.options} options)"
        return Counted("answer", (RESPONDENTS, *sorted(choices)))
    if kind == "open":
        if choices:
            return f"question {question.id} takes a text, no choices"
        if not text or len(text) > MAX_POLL_TEXT:
            return "an open answer takes a text"
        return Counted("answer", (RESPONDENTS,), ("open", text))
    # a naming vote
    if question.phase == "vote":
        if text or len(choices) != 1:
            return "a vote names one proposal and no text"
        if choices[0] not in question.proposals:
            return f"proposal {choices[0]} is not among the approved ones"
        return Counted("answer", (RESPONDENTS, choices[0]))
    if choices:
        return f"question {question.id} takes proposals now, not votes"
    if not text:
        return "a proposal takes a text"
    return Counted("proposal", (), ("proposal", text))


# -- results ----------


@dataclass(frozen=True)
class Tallies:
    """A question's counts per tally value, digital and paper apart."""

    digital: Mapping[int, int] = field(default_factory=dict)
    paper: Mapping[int, int] = field(default_factory=dict)


def labels_and_values(
    kind: PollKind, options: Sequence[str], proposals: Sequence[tuple[int, str]]
) -> tuple[list[str], list[int]]:
    """What a result's distribution counts: a label and its tally value each, in order.

    Args:
        kind: the question's kind.
        options: a poll's options.
        proposals: a vote's approved proposals as (id, text), in the order shown.
    """
    if kind == "rating":
        return [str(v) for v in RATING_VALUES], list(RATING_VALUES)
    if kind == "recommend":
        return [str(v) for v in RECOMMEND_VALUES], list(RECOMMEND_VALUES)
    if kind == "poll":
        return list(options), list(range(len(options)))
    if kind == "vote":
        return [text for _, text in proposals], [pid for pid, _ in proposals]
    return [], []


@dataclass(frozen=True)
class Described:
    """A question as its results name it (the rest of a :class:`~shared.protocol.PollResult`)."""

    id: int
    code: str
    kind: PollKind
    workshop: str | None
    text: str
    shown: ResultsShown
    options: Sequence[str] = ()


def result(
    question: Described,
    state: PollState,
    phase: VotePhase | None,
    tallies: Tallies,
    min_answers: int,
    *,
    proposals: Sequence[tuple[int, str]] = (),
    texts: Sequence[str] = (),
    word_counts: Mapping[str, int] | None = None,
    stopwords: frozenset[str] = frozenset(),
    view: View = "organiser",
) -> PollResult | None:
    """A question's results as ``view`` may see them; None when it may see none.

    Fewer than ``min_answers`` answers (digital and paper together): no
    distribution, mean, NPS, paper counts or words, only how many answered.
    A wall sees an ``after_close`` question's count only until it closed, and
    never an ``organiser`` one; only the organiser sees comments.

    Args:
        question: the question.
        state: its state now.
        phase: a vote's phase.
        tallies: its counts.
        min_answers: the event's *k*.
        proposals: a vote's approved proposals (id, text).
        texts: visible comments or open answers.
        word_counts: the words of those open answers counted already (see
            :func:`words_of`); None counts them from ``texts``.
        stopwords: left out of an open question's words.
        view: who looks.
    """
    if view == "wall" and question.shown == "organiser":
        return None
    labels, values = labels_and_values(question.kind, question.options, proposals)
    digital_n = tallies.digital.get(RESPONDENTS, 0)
    paper_n = tallies.paper.get(RESPONDENTS, 0)
    n = digital_n + paper_n
    has_paper = bool(tallies.paper)
    distribution = [tallies.digital.get(v, 0) + tallies.paper.get(v, 0) for v in values]
    found = PollResult(
        id=question.id,
        code=question.code,
        kind=question.kind,
        workshop=question.workshop,
        text=question.text,
        state=state,
        phase=phase,
        shown=question.shown,
        n=n,
        min_answers=min_answers,
        labels=labels,
        paper_n=paper_n,
        comments=list(texts) if view == "organiser" and question.kind == "rating" else [],
    )
    hidden = n < min_answers or (
        view == "wall" and question.shown == "after_close" and state != "closed"
    )
    if hidden:
        return found
    return found.model_copy(
        update={
            "distribution": distribution if question.kind != "open" else None,
            "paper": [tallies.paper.get(v, 0) for v in values] if has_paper else None,
            "mean": mean(values, distribution) if question.kind == "rating" else None,
            "nps": nps(distribution) if question.kind == "recommend" else None,
            "words": (
                (
                    words(texts, stopwords)
                    if word_counts is None
                    else top_words(word_counts, stopwords)
                )
                if question.kind == "open"
                else None
            ),
            "comments": list(texts) if view == "organiser" else [],
        }
    )


def paper_values(
    kind: PollKind,
    counts: Sequence[int],
    respondents: int | None,
    values: Sequence[int],
    max_choices: int = 1,
) -> dict[int, int] | str:
    """A paper tally as tally values, or why it cannot be taken.

    Args:
        kind: the question's kind (an open question takes none).
        counts: per label, as in :func:`labels_and_values`.
        respondents: how many took part (a multiple-choice poll); None: the sum.
        values: the tally value of each label.
        max_choices: how many options one person could choose.
    """
    if kind == "open":
        return "an open question takes no paper tally"
    if len(counts) != len(values):
        return f"a paper tally of this question has {len(values)} counts, not {len(counts)}"
    total = sum(counts)
    if respondents is None:
        respondents = total
    elif max_choices == 1 and respondents != total:
        return "one choice each: the respondents are the sum of the counts"
    elif counts and (respondents < max(counts) or respondents * max_choices < total):
        return f"{respondents} respondents cannot have given these counts"
    tally = {v: c for v, c in zip(values, counts, strict=True) if c}
    if respondents:
        tally[RESPONDENTS] = respondents
    return tally
