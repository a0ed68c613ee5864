"""wall/charts.py: the numbers a chart shows, every kind in every state, in the event's font."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from PySide6.QtCore import QPointF, QRectF
from PySide6.QtGui import QColor, QFont, QFontInfo, QImage, QPainter

from shared import protocol
from shared.ui.qt import font_family_of
from shared.ui.theme import roles
from wall import charts, scene
from wall.canvas import _scenes


@given(st.lists(st.integers(0, 500), min_size=1, max_size=11))
def test_shares_add_up_to_a_hundred(counts: list[int]) -> None:
    shares = charts.percentages(counts)
    assert sum(shares) == (100 if sum(counts) else 0)
    for count, share in zip(counts, shares, strict=True):
        assert abs(share - 100 * count / max(sum(counts), 1)) < 1


def test_numbers_as_the_room_reads_them() -> None:
    assert charts.decimal(3.75, "nl") == "3,8"
    assert charts.decimal(3.75, "en") == "3.8"
    assert [charts.signed(v) for v in (32, 0, -12)] == ["+32", "0", "−12"]


def result(**changes: object) -> protocol.PollResult:
    base = protocol.PollResult(
        id=1, code="Q", kind="poll", state="open", n=10, distribution=[6, 4], paper=[3, 0]
    )
    return base.model_copy(update=changes)


def test_paper_is_marked_and_counted() -> None:
    shown = result(paper_n=3)
    assert charts.paper_share(shown, 0) == 0.5
    assert charts.paper_share(shown, 1) == 0.0
    assert charts.answered(shown, "nl") == "10 antwoorden · waarvan 3 op papier"
    assert charts.answered(result(n=1, kind="vote"), "en") == "1 vote"


def test_the_standard_wording_keeps_the_whole_question() -> None:
    recommend = result(kind="recommend", text="")
    assert charts.question(recommend, "nl", "de Pier") == (
        "Hoe waarschijnlijk is het dat je de Pier aanbeveelt aan een collega?"
    )
    assert charts.question(recommend, "en", "de Pier") == (
        "How likely is it that you would recommend de Pier to a colleague?"
    )
    assert charts.question(result(kind="rating"), "en") == "What did you think of this workshop?"


@pytest.mark.usefixtures("qapp")
@pytest.mark.parametrize("kind", ["rating", "recommend", "poll", "vote", "open"])
@pytest.mark.parametrize("n", [0, 3, 40])
@pytest.mark.parametrize("state", ["open", "closed"])
def test_every_kind_draws_in_every_state(kind: str, n: int, state: str) -> None:
    sizes = {"rating": 5, "recommend": 11, "poll": 3, "vote": 3, "open": 0}
    shown = protocol.PollResult(
        id=1,
        code="Q",
        kind=kind,  # type: ignore[arg-type]
        state=state,  # type: ignore[arg-type]
        phase="vote" if kind == "vote" else None,
        n=n,
        labels=["<b>een</b>", "\u202etwee", "drie"] if kind in ("poll", "vote") else [],
        distribution=[n // max(sizes[kind], 1)] * sizes[kind] if n >= 5 and sizes[kind] else None,
        mean=3.2 if kind == "rating" and n >= 5 else None,
        nps=-20 if kind == "recommend" and n >= 5 else None,
        words=[protocol.WordCount(word="samen", count=n)] if kind == "open" and n >= 5 else None,
    )
    image = QImage(1600, 700, QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(QColor("#000000"))
    painter = QPainter(image)
    colours = charts.ChartColours.of(roles())
    charts.ChartPainter().draw(painter, QRectF(0, 0, 1600, 700), shown, "nl", colours)
    painter.end()
    drawn = {image.pixel(x, y) for x in range(0, 1600, 16) for y in range(0, 700, 8)}
    assert len(drawn) > 2  # something is there, whatever the state


@pytest.mark.usefixtures("qapp")
def test_a_poll_with_many_options_shows_the_most_chosen_in_their_order(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    drawn: list[str] = []
    original = charts.write

    def record(painter: QPainter, box: QRectF, flags: int, line: str) -> None:
        drawn.append(line)
        original(painter, box, flags, line)

    monkeypatch.setattr(charts, "write", record)
    counts = [1, 9, 2, 8, 3, 7, 4, 6, 5, 0]
    shown = result(n=45, labels=[f"optie {i}" for i in range(10)], distribution=counts, paper=None)
    image = QImage(1600, 700, QImage.Format.Format_ARGB32_Premultiplied)
    painter = QPainter(image)
    charts.ChartPainter().draw(
        painter, QRectF(0, 0, 1600, 700), shown, "nl", charts.ChartColours.of(roles())
    )
    painter.end()
    labels = [t for t in drawn if t.startswith("optie")]
    assert labels == [f"optie {i}" for i in (1, 2, 3, 4, 5, 6, 7, 8)]


FONT_FILE = Path(__file__).resolve().parent / "data" / "fonts" / "ComicNeue-Bold.otf"


class RecordingPainter(QPainter):
    """A painter that remembers every font it is given."""

    def __init__(self, device: QImage) -> None:
        super().__init__(device)
        self.fonts: list[QFont] = []

    def setFont(self, font: QFont | str | Sequence[str]) -> None:
        self.fonts.append(QFont(font))
        super().setFont(font)


def every_kind() -> list[protocol.PollResult]:
    """A result of each kind, and each message a chart may show instead."""
    shown = [
        result(kind="rating", n=12, distribution=[1, 1, 2, 4, 4], paper=None, mean=3.8),
        result(kind="recommend", n=11, distribution=[1] * 11, paper=None, nps=0),
        result(n=10, labels=["ja", "nee"]),
        result(kind="vote", state="closed", phase="vote", n=10, labels=["Oor", "Tafel"]),
        result(
            kind="open",
            n=9,
            distribution=None,
            paper=None,
            words=[protocol.WordCount(word="samen", count=5)],
        ),
        result(n=2, distribution=None, paper=None),  # fewer than k
        result(kind="vote", phase="propose", n=2, distribution=None, labels=["Oor"]),
        result(kind="vote", phase="vote", n=9, distribution=None, labels=["Oor", "Tafel"]),
    ]
    return shown


@pytest.mark.usefixtures("qapp")
def test_every_chart_is_set_in_the_event_s_font() -> None:
    family = font_family_of(FONT_FILE.read_bytes())
    assert family == "Comic Neue"
    colours = charts.ChartColours.of(roles())
    for shown in every_kind():
        image = QImage(1600, 700, QImage.Format.Format_ARGB32_Premultiplied)
        painter = RecordingPainter(image)
        try:
            area = QRectF(0, 0, 1600, 700)
            charts.ChartPainter().draw(painter, area, shown, "nl", colours, family)
        finally:
            painter.end()
        assert painter.fonts, shown.kind
        # every text of the chart, and the font Qt really found for it
        assert {QFontInfo(f).family() for f in painter.fonts} == {family}, shown.kind


@pytest.mark.usefixtures("qapp")
def test_the_event_s_font_on_the_wall_s_worker_thread() -> None:
    """Drawn where the wall draws its scenes: the family registered on the main thread is found."""
    family = font_family_of(FONT_FILE.read_bytes())
    assert family is not None

    def scene_of(result: protocol.PollResult, font: str | None) -> QImage:
        """The result's scene, cut to its chart (the title and count are the scene's own)."""
        look = scene.Look(1.0, QPointF(), 1.0, roles(), "nl", font)
        overlay = scene.Overlay("Welke naam?", result=result)
        image, at = scene.paint(overlay, look, charts.ChartPainter())
        inner = scene.panel_of(overlay).adjusted(56, 30, -56, -26)
        chart = QRectF(
            inner.left(),
            inner.top() + scene.CHART_TOP,
            inner.width(),
            inner.height() - scene.CHART_TOP - 70,  # above the count of answers
        ).translated(-at)
        return image.copy(chart.toRect())

    for shown in every_kind()[:5]:
        on_worker = _scenes().submit(scene_of, shown, family).result()
        assert on_worker == scene_of(shown, family), shown.kind  # as on the main thread
        house = _scenes().submit(scene_of, shown, None).result()
        assert on_worker != house, shown.kind  # and not in the house font
