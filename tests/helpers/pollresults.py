"""Results of every kind of question, as the hub sends them, for the console's and
the report's tests."""

from __future__ import annotations

from shared.protocol import PollResult, WordCount


def sample_polls() -> list[PollResult]:
    """Every kind of question, one with paper tallies, one under k (as the hub may send)."""
    return [
        PollResult(
            id=1,
            code="NPS",
            kind="recommend",
            text="Hoe waarschijnlijk is het dat je deze dag aanbeveelt aan een collega?",
            state="closed",
            n=23,
            distribution=[0, 0, 1, 0, 1, 2, 1, 4, 5, 6, 3],
            nps=17,
        ),
        PollResult(
            id=2,
            code="LUNCH",
            kind="poll",
            text="Welke onderwerpen wil je volgend jaar terugzien?",
            state="open",
            n=14,
            labels=["Vastgoed", "Zorgfraude", "Jongeren"],
            distribution=[9, 6, 8],
            paper=[3, 1, 2],
            paper_n=4,
        ),
        PollResult(
            id=3,
            code="NAAM",
            kind="vote",
            text="Hoe noemen we het nieuwe meldpunt?",
            state="closed",
            phase="vote",
            shown="after_close",
            n=17,
            labels=["Meldpunt Oost", "Zeg het maar", "De Signaalbalie"],
            distribution=[4, 8, 5],
        ),
        PollResult(
            id=4,
            code="WOORD",
            kind="open",
            text="Welk woord past bij vandaag?",
            state="open",
            n=9,
            words=[WordCount(word="samenwerken", count=5), WordCount(word="leerzaam", count=3)],
            comments=["Samenwerken loont", "Leerzaam en samenwerken"],
        ),
        PollResult(
            id=5,
            code="R-VAST",
            kind="rating",
            workshop="VAST",
            state="open",
            n=12,
            distribution=[0, 1, 3, 5, 3],
            mean=3.8,
            comments=["Heel praktisch", "Meer tijd voor vragen graag"],
        ),
        PollResult(
            id=6,
            code="R-ZORG",
            kind="rating",
            workshop="ZORG",
            state="open",
            n=3,  # fewer than k: whatever came with it must not be shown
            distribution=[0, 0, 0, 0, 3],
            mean=5.0,
        ),
    ]
