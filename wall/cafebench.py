"""``zuil bench wall``'s work-session scene: the session board while the facilitator sorts.

Four revealed questions with 120 ideas in clusters; five times a second the
facilitator moves an idea to another cluster (the column lays out again and the
post-its on their way animate) and five times a second a new idea is revealed,
while the round's clock runs. Each frame (animation step plus the repaint of what
changed) is timed as the tip and top board's are; the time to take in one change
(the layout, the new post-its' images, the repair of the cached layer) is given
apart, as it happens once per change and not every frame.
"""

from __future__ import annotations

import time
from typing import Any

from shared import protocol

BUDGET_MS = 1000 / 60
QUESTIONS = 4
IDEAS = 120
CLUSTERS = 3  # per question
CHANGE_EVERY_S = 0.1
WORDS = [
    "samen",
    "leren",
    "klant",
    "community",
    "delen",
    "succes",
    "feedback",
    "netwerk",
    "organisatie",
    "tijd",
    "collega's",
    "bewustzijn",
    "kennis",
    "vragen",
    "luisteren",
]


def _view(ideas: int) -> protocol.CafeView:
    session = protocol.WorkSessionInfo(
        id=1,
        code="BENCH",
        title="World café",
        phase="sort",
        questions=[
            protocol.CafeQuestionInfo(
                id=q, position=q, code=f"V{q}", text=f"Vraag {q}: wat leren we?", revealed=True
            )
            for q in range(1, QUESTIONS + 1)
        ],
        tables=[
            protocol.CafeTableInfo(id=t, position=t, code=f"T{t}", name=f"Tafel {t}")
            for t in range(1, 4)
        ],
        rounds=[protocol.CafeRoundInfo(id=1, position=1, minutes=20, state="done")],
    )
    clusters = [
        protocol.ClusterInfo(id=q * 10 + c, question_id=q, label=f"Cluster {c}", position=c)
        for q in range(1, QUESTIONS + 1)
        for c in range(1, CLUSTERS + 1)
    ]
    return protocol.CafeView(
        status=protocol.CafeStatus(session=session, counts=[], clusters=clusters),
        clusters=clusters,
        ideas=[_idea(n) for n in range(ideas)],
    )


def _idea(n: int, cluster: int | None = None) -> protocol.IdeaInfo:
    question = n % QUESTIONS + 1
    text = " ".join(WORDS[(n * 7 + k) % len(WORDS)] for k in range(2 + n % 6))
    return protocol.IdeaInfo(
        id=1000 + n,
        question_id=question,
        table_id=n % 3 + 1,
        text=text,
        cluster_id=cluster if cluster is not None else question * 10 + n % CLUSTERS + 1,
        minute="2026-11-26T10:00",
    )


def measure_cafe_frames(width: int, height: int, seconds: float) -> tuple[list[float], list[float]]:
    """Frame times (ms) of the session board while it is sorted, and each change's time (ms)."""
    from PySide6.QtCore import QPoint
    from PySide6.QtGui import QImage, QRegion
    from PySide6.QtWidgets import QApplication

    from wall.cafeboard import CafeBoard

    app = QApplication.instance()
    assert app is not None
    board = CafeBoard()
    board.resize(width, height)
    board.set_view(_view(IDEAS))
    pending = [QRegion()]
    whole = [False]
    ask = board.update

    def update(*args: Any) -> None:  # Qt repaints the union of what was asked
        if not args:
            whole[0] = True
        else:
            part = args[0] if isinstance(args[0], QRegion) else QRegion(args[0])
            pending[0] = pending[0].united(part)
        ask(*args)

    board.update = update  # type: ignore[method-assign]
    target = QImage(width, height, QImage.Format.Format_ARGB32_Premultiplied)
    board.render(target, QPoint(0, 0))  # the first frame draws everything: not a running one
    frames: list[float] = []
    changes: list[float] = []
    number = IDEAS
    moves = 0
    next_change = time.monotonic()
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        frame_start = time.monotonic()
        while frame_start >= next_change:
            started = time.perf_counter()
            state = board.state
            assert state is not None
            if moves % 2:  # a new idea revealed
                board.apply_idea(_idea(number))
                number += 1
            else:  # the facilitator moves one to the next cluster
                idea = state.ideas[1000 + (moves * 13) % IDEAS]
                cluster = (idea.cluster_id or 0) % 10 % CLUSTERS + 1
                board.apply_idea(
                    idea.model_copy(update={"cluster_id": idea.question_id * 10 + cluster})
                )
            board.flush()  # laid out now: the change's whole cost
            moves += 1
            changes.append((time.perf_counter() - started) * 1000)
            next_change += CHANGE_EVERY_S
        app.processEvents()
        started = time.perf_counter()
        board._on_tick_timeout()
        board._on_clock_timeout()
        if whole[0]:
            board.render(target, QPoint(0, 0))
        elif not pending[0].isEmpty():
            region = pending[0]
            board.render(target, region.boundingRect().topLeft(), region)
        pending[0], whole[0] = QRegion(), False
        frames.append((time.perf_counter() - started) * 1000)
        spare = BUDGET_MS / 1000 - (time.monotonic() - frame_start)
        if spare > 0:
            time.sleep(spare)
    board.close()
    board.deleteLater()
    app.processEvents()
    return frames, changes
