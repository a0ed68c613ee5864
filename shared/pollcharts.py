"""A question's results as a chart: bars with their numbers, small numbers left out.

Pure (no Qt): the console's dashboard and the PDF report draw a :class:`Chart`
the same way, and the data exports take their rows from here too, so every view
shows the same figures. A distribution of fewer than ``min_answers`` (k) answers
is never drawn, whatever the hub sent: the mean, the NPS and the word counts go
with it, and "fewer than k answers" stands in their place, so no single person's
answer can be read off. Tallies typed in from paper are part of every bar and
said as such beside it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from shared.i18n import Lang, Text
from shared.protocol import PollKind, PollResult, WordCount

Tone = Literal["plain", "detractor", "passive", "promoter"]
NPS_TONES: tuple[Tone, Tone, Tone] = ("detractor", "passive", "promoter")

KINDS: dict[str, Text] = {
    "rating": Text("Waardering", "Rating"),
    "recommend": Text("Aanbevelen (NPS)", "Recommend (NPS)"),
    "poll": Text("Peiling", "Poll"),
    "vote": Text("Naamstemming", "Naming vote"),
    "open": Text("Open vraag", "Open question"),
}
STATES: dict[str, Text] = {
    "scheduled": Text("nog niet open", "not open yet"),
    "open": Text("open", "open"),
    "closed": Text("gesloten", "closed"),
}
PHASES: dict[str, Text] = {
    "propose": Text("voorstellen", "proposals"),
    "vote": Text("stemmen", "voting"),
}
SHOWN: dict[str, Text] = {
    "live": Text("live op de muur", "live on the wall"),
    "after_close": Text("op de muur na sluiten", "on the wall once closed"),
    "organiser": Text("alleen voor de organisator", "organiser only"),
}
RATING_QUESTION = Text("Wat vond je van deze workshop?", "What did you think of this workshop?")
RECOMMEND_QUESTION = Text(
    "Hoe waarschijnlijk is het dat je {subject} aanbeveelt aan een collega?",
    "How likely is it that you would recommend {subject} to a colleague?",
)
RECOMMEND_SUBJECT = Text("dit evenement", "this event")
SUPPRESSED = Text(
    "minder dan {k} antwoorden: niet getoond, zodat niemands antwoord te herleiden is",
    "fewer than {k} answers: not shown, so that no one's answer can be traced",
)
SUPPRESSED_SHORT = Text("minder dan {k} antwoorden", "fewer than {k} answers")
ANSWERS = Text("{n} antwoorden", "{n} answers")
ANSWERS_ONE = Text("1 antwoord", "1 answer")
OF_WHICH_PAPER = Text("waarvan {n} op papier", "{n} of them on paper")
ON_PAPER = Text("{n} op papier", "{n} on paper")
WORKSHOP = Text("workshop {code}", "workshop {code}")
EVENT_WIDE = Text("hele evenement", "whole event")
MEAN = Text("gemiddeld {mean} van 5", "on average {mean} out of 5")
NPS = Text("NPS {nps}", "NPS {nps}")
SPLIT = {
    "detractor": Text("criticasters (0-6)", "detractors (0-6)"),
    "passive": Text("passief (7-8)", "passives (7-8)"),
    "promoter": Text("promotors (9-10)", "promoters (9-10)"),
}
STARS = Text("{n} sterren", "{n} stars")
STAR = Text("1 ster", "1 star")
NO_ANSWERS = Text("nog geen antwoorden", "no answers yet")
NO_WORDS = Text("nog geen woorden", "no words yet")
NO_PROPOSALS = Text("nog geen goedgekeurde voorstellen", "no approved proposals yet")
TOP_WORDS = 15  # the bars of an open question: its most used words


@dataclass(frozen=True)
class Bar:
    """One bar: its label, its count (paper included), how much of it came on paper.

    ``share`` is the part of the respondents (0-1; a multiple-choice poll's shares
    may add up to more than 1).
    """

    label: str
    count: int
    share: float
    paper: int = 0
    tone: Tone = "plain"

    def figure(self, lang: Lang) -> str:
        """The bar's numbers as printed beside it: count, share, and the paper part."""
        text = f"{self.count} · {percent(self.share)}"
        if self.paper:
            text += f" ({ON_PAPER(lang, n=self.paper)})"
        return text


@dataclass(frozen=True)
class Chart:
    """What a view draws for one question.

    Attributes:
        code: the question's code.
        kind: rating, recommend, poll, vote or open.
        title: the question as asked.
        facts: kind, where, state and how many answered (paper said apart).
        headline: the key figure (mean, NPS), empty when there is none or it is hidden.
        bars: one per value, option, proposal or (open question) word; empty when hidden.
        split: the NPS's detractors, passives and promoters (recommend only).
        note: why nothing is drawn (too few answers, no words yet), else empty.
        suppressed: True while fewer than k answered.
    """

    code: str
    kind: PollKind
    title: str
    facts: str
    headline: str
    bars: tuple[Bar, ...]
    split: tuple[Bar, ...]
    note: str
    suppressed: bool


def percent(share: float) -> str:
    """A share as a whole percentage."""
    return f"{round(share * 100)}%"


def decimal(value: float, lang: Lang) -> str:
    """One decimal, with a decimal comma in Dutch."""
    text = f"{value:.1f}"
    return text.replace(".", ",") if lang is Lang.NL else text


def signed(value: int) -> str:
    """An NPS as it is written: +23, 0, −12."""
    return f"+{value}" if value > 0 else ("0" if value == 0 else f"−{-value}")


def is_suppressed(result: PollResult) -> bool:
    """True while too few answered for the distribution (or words) to be shown.

    Judged here as well as at the hub: a view never draws fewer than k answers.
    """
    if result.n < result.min_answers:
        return True
    if result.kind == "open":
        return result.words is None
    return result.distribution is None


def question_text(result: PollResult, lang: Lang, subject: str = "") -> str:
    """The question as asked: its own text, or the standard wording of its kind.

    ``subject`` is what a recommend question names (the event file's ``subject``).
    """
    if result.text:
        return result.text
    if result.kind == "rating":
        return RATING_QUESTION(lang)
    if result.kind == "recommend":
        return RECOMMEND_QUESTION(lang, subject=subject or RECOMMEND_SUBJECT(lang))
    return result.code


def value_labels(result: PollResult, lang: Lang) -> list[str]:
    """The name of each value of the distribution, in its order."""
    if result.kind == "rating":
        return [STAR(lang) if n == 1 else STARS(lang, n=n) for n in range(1, 6)]
    if result.kind == "recommend":
        return [str(n) for n in range(11)]
    size = len(result.distribution or result.labels)
    return [result.labels[i] if i < len(result.labels) else str(i + 1) for i in range(size)]


def answers(n: int, lang: Lang) -> str:
    """'12 answers', '1 answer'."""
    return ANSWERS_ONE(lang) if n == 1 else ANSWERS(lang, n=n)


def facts(result: PollResult, lang: Lang) -> str:
    """Kind, where, state (and a vote's phase), and how many answered."""
    where = WORKSHOP(lang, code=result.workshop) if result.workshop else EVENT_WIDE(lang)
    state = STATES[result.state](lang)
    if result.kind == "vote" and result.phase and result.state == "open":
        state += f" ({PHASES[result.phase](lang)})"
    count = answers(result.n, lang)
    if result.paper_n:
        count += f", {OF_WHICH_PAPER(lang, n=result.paper_n)}"
    return " · ".join((KINDS[result.kind](lang), where, state, count))


def nps_split(distribution: list[int]) -> tuple[int, int, int]:
    """Detractors (0-6), passives (7-8) and promoters (9-10) of a 0-10 distribution."""
    return sum(distribution[:7]), sum(distribution[7:9]), sum(distribution[9:11])


def nps_of(distribution: list[int]) -> int | None:
    """The NPS: % promoters minus % detractors, rounded, -100..+100 (None without answers)."""
    detractors, _, promoters = nps_split(distribution)
    total = sum(distribution)
    if not total:
        return None
    return round(100 * (promoters - detractors) / total)


def _tone(kind: PollKind, index: int) -> Tone:
    if kind != "recommend":
        return "plain"
    return "detractor" if index <= 6 else ("passive" if index <= 8 else "promoter")


def _share(count: int, total: int) -> float:
    return count / total if total else 0.0


def chart(result: PollResult, lang: Lang, subject: str = "") -> Chart:
    """The chart of one question's results, in ``lang`` (``subject``: see question_text)."""
    hidden = is_suppressed(result)
    bars: list[Bar] = []
    split: list[Bar] = []
    headline = ""
    note = ""
    if hidden:
        note = NO_ANSWERS(lang) if result.n == 0 else SUPPRESSED(lang, k=result.min_answers)
    elif result.kind == "open":
        words: list[WordCount] = sorted(result.words or [], key=lambda w: (-w.count, w.word))
        bars = [
            Bar(w.word, w.count, _share(w.count, result.n)) for w in words[:TOP_WORDS] if w.count
        ]
        note = "" if bars else NO_WORDS(lang)
    else:
        counts = list(result.distribution or [])
        paper = list(result.paper or [])
        labels = value_labels(result, lang)
        # a poll's shares are of respondents (several choices each); the rest of answers
        total = result.n if result.kind == "poll" else sum(counts)
        for index, count in enumerate(counts):
            on_paper = paper[index] if index < len(paper) else 0
            label = labels[index] if index < len(labels) else str(index + 1)
            bars.append(
                Bar(label, count, _share(count, total), on_paper, _tone(result.kind, index))
            )
        if result.kind == "rating":
            bars.reverse()  # five stars on top, as people read a rating
            if result.mean is not None:
                headline = MEAN(lang, mean=decimal(result.mean, lang))
        elif result.kind == "recommend":
            nps = result.nps if result.nps is not None else nps_of(counts)
            if nps is not None:
                headline = NPS(lang, nps=signed(nps))
            parts = nps_split(counts + [0] * (11 - len(counts)))
            split = [
                Bar(SPLIT[tone](lang), count, _share(count, sum(counts)), tone=tone)
                for tone, count in zip(NPS_TONES, parts, strict=True)
            ]
        elif result.kind == "vote":
            bars.sort(key=lambda b: -b.count)  # the ranking is what a vote is for
            if not bars:
                note = NO_PROPOSALS(lang)
    return Chart(
        code=result.code,
        kind=result.kind,
        title=question_text(result, lang, subject),
        facts=facts(result, lang),
        headline=headline,
        bars=tuple(bars),
        split=tuple(split),
        note=note,
        suppressed=hidden,
    )


def grouped(texts: list[str]) -> list[str]:
    """Texts with the same wording once, with how often they came: 'signalen (6×)'.

    The most frequent first, then in their order; single ones as they are.
    """
    counts: dict[str, int] = {}
    first: dict[str, str] = {}
    for text in texts:
        key = " ".join(text.split()).casefold()
        counts[key] = counts.get(key, 0) + 1
        first.setdefault(key, text)
    order = sorted(counts, key=lambda k: -counts[k])  # stable: ties keep their order
    return [first[k] if counts[k] == 1 else f"{first[k]} ({counts[k]}×)" for k in order]


def ordered(results: list[PollResult]) -> list[PollResult]:
    """Event-wide questions first (recommend, polls, votes, open), then per workshop."""
    rank = {"recommend": 0, "rating": 1, "poll": 2, "vote": 3, "open": 4}
    return sorted(results, key=lambda r: (r.workshop is not None, r.workshop or "", rank[r.kind]))


# -- the data exports (Dutch column names, as the other sheets) ----------

SUMMARY_COLUMNS = [
    "code",
    "soort",
    "workshop",
    "vraag",
    "status",
    "fase",
    "uitslag zichtbaar",
    "antwoorden",
    "waarvan op papier",
    "gemiddelde",
    "nps",
    "verdeling getoond",
]
VALUE_COLUMNS = ["code", "soort", "waarde", "aantal", "waarvan op papier"]
WORD_COLUMNS = ["code", "woord", "aantal"]
TEXT_COLUMNS = ["code", "soort", "workshop", "tekst"]


def summary_row(result: PollResult) -> list[object]:
    """One question's line in the overview sheet (mean and NPS left out while suppressed)."""
    hidden = is_suppressed(result)
    return [
        result.code,
        result.kind,
        result.workshop or "",
        question_text(result, Lang.NL),
        result.state,
        result.phase or "",
        result.shown,
        result.n,
        result.paper_n,
        "" if hidden or result.mean is None else round(result.mean, 2),
        "" if hidden or result.nps is None else result.nps,
        "nee" if hidden else "ja",
    ]


def value_rows(result: PollResult) -> list[list[object]]:
    """Count per value (paper part beside it); none while suppressed."""
    if is_suppressed(result) or result.kind == "open":
        return []
    labels = value_labels(result, Lang.NL)
    paper = result.paper or []
    rows: list[list[object]] = []
    for index, count in enumerate(result.distribution or []):
        value: object = index + 1 if result.kind == "rating" else index
        if result.kind in ("poll", "vote"):
            value = labels[index]
        rows.append(
            [result.code, result.kind, value, count, paper[index] if index < len(paper) else 0]
        )
    return rows


def word_rows(result: PollResult) -> list[list[object]]:
    """An open question's word counts; none while suppressed."""
    if result.kind != "open" or is_suppressed(result):
        return []
    words = sorted(result.words or [], key=lambda w: (-w.count, w.word))
    return [[result.code, w.word, w.count] for w in words]


def text_rows(result: PollResult) -> list[list[object]]:
    """The visible comments (ratings) and answers (open questions)."""
    part = "antwoord" if result.kind == "open" else "opmerking"
    return [[result.code, part, result.workshop or "", text] for text in result.comments]
