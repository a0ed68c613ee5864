"""A world café as the hub would describe it: the issue's four questions, three tables, ideas.

Built from the wire models only, so the wall's and the report's tests can draw a
session in any phase without a hub; the end-to-end tests use a real one.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from shared import protocol

QUESTIONS = (
    "Wanneer zijn we als community succesvol?",
    "Wat zijn persoonlijke leerdoelen?",
    "Wat kunnen we van elkaar leren als het gaat over klantbehoeften en -contact?",
    "Hoe kunnen we (samen) werken aan organisatiebewustzijn?",
)
TABLES = ("Tafel Noord", "Tafel Oost", "Tafel Zuid")
HOSTS = ("Anouk", "Bram", "")  # a table may have no host
IDEAS = {
    1: [
        "Als nieuwe leden binnen een maand iets bijdragen",
        "Iedereen kent minstens vijf anderen bij naam",
        "We delen elke maand een succesverhaal",
        "Als leden elkaar buiten de bijeenkomsten opzoeken",
        "Meer jonge collega's erbij",
        "We delen elke maand een succesverhaal",
        "Als de community zonder trekker doordraait",
        "Klanten merken dat we samenwerken",
        "Tevredenheidsscore boven de 8",
        "Kennisdeling via een gezamenlijke wiki",
    ],
    2: [
        "Beter leren presenteren",
        "Feedback durven vragen",
        "Leren timeboxen",
        "Netwerken zonder ongemak",
        "Meer weten van data-analyse",
        "Leren coachen in plaats van oplossen",
        "Mijn eigen grenzen bewaken",
    ],
    3: [
        "Klantreizen samen tekenen",
        "Luisteren zonder meteen een oplossing te geven",
        "Elkaars klantgesprekken bijwonen",
        "Klachten als cadeautje zien",
        "Een gedeelde lijst met veelgestelde vragen",
        "Samen naar klantbehoeften kijken per kwartaal",
    ],
    4: [
        "Een kaart van wie wat doet in de organisatie",
        "Stages bij een andere afdeling",
        "Lunchsessies met de directie",
        "Organisatiebewustzijnsprogramma voor nieuwkomers",
        "Een maandelijkse nieuwsbrief in gewone taal",
    ],
}
CLUSTERS = {1: ("Verbinding", "Zichtbaarheid"), 3: ("Samen doen",)}


def session(phase: protocol.SessionPhase, revealed: set[int]) -> protocol.WorkSessionInfo:
    """The session: four questions (those in ``revealed`` shown), three tables, three rounds.

    *ready*: no round ran yet; *gather*: the second round runs; later: two rounds done.
    """
    now = datetime.now(UTC)
    ready = phase == "ready"
    rounds = [
        protocol.CafeRoundInfo(
            id=1,
            position=1,
            minutes=20,
            plan={1: 1, 2: 2, 3: 3},
            state="waiting" if ready else "done",
        ),
        protocol.CafeRoundInfo(
            id=2,
            position=2,
            minutes=20,
            plan={1: 2, 2: 3, 3: 4},
            state="waiting" if ready else "running" if phase == "gather" else "done",
            ends_at=now + timedelta(minutes=12, seconds=34) if phase == "gather" else None,
        ),
        protocol.CafeRoundInfo(id=3, position=3, minutes=15, state="waiting"),
    ]
    return protocol.WorkSessionInfo(
        id=1,
        code="CAFE",
        title="World café: community van de toekomst",
        dots=3,
        phase=phase,
        questions=[
            protocol.CafeQuestionInfo(
                id=n, position=n, code=f"V{n}", text=text, revealed=n in revealed
            )
            for n, text in enumerate(QUESTIONS, 1)
        ],
        tables=[
            protocol.CafeTableInfo(id=n, position=n, code=f"T{n}", name=name, host=host)
            for n, (name, host) in enumerate(zip(TABLES, HOSTS, strict=True), 1)
        ],
        rounds=rounds,
    )


def ideas(with_dots: bool = False) -> list[protocol.IdeaInfo]:
    """Every idea of the sample, a table each in turn; the second duplicate merged, one hidden."""
    result = []
    number = 100
    for question, texts in IDEAS.items():
        clusters = CLUSTERS.get(question, ())
        for n, text in enumerate(texts):
            number += 1
            cluster = (question * 10 + n % len(clusters) + 1) if clusters and n % 3 else None
            merged = 103 if number == 106 else None
            result.append(
                protocol.IdeaInfo(
                    id=number,
                    question_id=question,
                    table_id=n % 3 + 1,
                    round=n % 2 + 1,
                    text=text,
                    cluster_id=cluster,
                    state="hidden" if number == 110 else "visible",
                    merged_into=merged,
                    minute=f"2026-12-02T10:{n:02d}",
                    dots=((number * 7) % 9 if merged is None else 0) if with_dots else None,
                )
            )
    return result


def clusters() -> list[protocol.ClusterInfo]:
    """The facilitator's clusters of questions 1 and 3."""
    return [
        protocol.ClusterInfo(id=question * 10 + n, question_id=question, label=label, position=n)
        for question, labels in CLUSTERS.items()
        for n, label in enumerate(labels, 1)
    ]


def view(
    phase: protocol.SessionPhase, revealed: set[int], *, organiser: bool = False
) -> protocol.CafeView:
    """The session as a wall (revealed ideas, never hidden ones) or the facilitator sees it."""
    every = [] if phase == "ready" else ideas(with_dots=phase == "harvest")
    counts: dict[tuple[int, int], int] = {}
    for idea in every:
        key = (idea.question_id, idea.table_id)
        counts[key] = counts.get(key, 0) + 1
    shown = [i for i in every if organiser or (i.question_id in revealed and i.state == "visible")]
    return protocol.CafeView(
        status=protocol.CafeStatus(
            session=session(phase, revealed),
            counts=[
                protocol.CafeCount(question_id=q, table_id=t, ideas=n)
                for (q, t), n in sorted(counts.items())
            ],
            participants={1: 13, 2: 14, 3: 0},
            clusters=[c for c in clusters() if c.question_id in revealed],
        ),
        clusters=clusters(),
        ideas=shown,
        hidden=sum(1 for i in every if i.state == "hidden"),
    )


# question 1 at harvest with ties: two ideas share the first place, two the third
TIED = {104: 8, 109: 8, 105: 6, 101: 6, 102: 3}


def with_dots(seen: protocol.CafeView, dots: dict[int, int]) -> protocol.CafeView:
    """The same view, some ideas with other dots (ties, say)."""
    return seen.model_copy(
        update={
            "ideas": [
                i.model_copy(update={"dots": dots[i.id]}) if i.id in dots else i for i in seen.ideas
            ]
        }
    )
