"""wall/canvas.py: repainting only what changed adds up to the whole board."""

from __future__ import annotations

import time
from collections.abc import Iterator
from typing import Literal

import pytest
from PySide6.QtCore import QPoint, QRect
from PySide6.QtGui import QColor, QImage, QRegion
from pytestqt.qtbot import QtBot

from shared import protocol
from shared.device.link import Link
from wall import canvas as canvas_module
from wall.canvas import WallCanvas
from wall.scene import Overlay

SIZE = (960, 540)


def item(
    number: int, wall: Literal["top", "tip"], kind: Literal["note", "photo"]
) -> protocol.WallItem:
    return protocol.WallItem(
        id=f"i{number}",
        type=kind,
        wall=wall,
        text=f"Notitie {number}: " + "meer koffie " * (number % 5),
        workshop="VAST",
        workshop_title=None,
        photo="p" if kind == "photo" else None,
        minute="2026-12-01T10:00",
    )


@pytest.fixture
def frames(qtbot: QtBot, monkeypatch: pytest.MonkeyPatch) -> Iterator[tuple[WallCanvas, QImage]]:
    """A canvas whose repaints go into one image, only where it asks, as on a screen."""
    monkeypatch.setattr(canvas_module, "HIGHLIGHT_S", 0.3)  # the whole life of an item, quickly
    canvas = WallCanvas("both", capacity=12)
    canvas.resize(*SIZE)
    photo = QImage(320, 240, QImage.Format.Format_RGB32)
    photo.fill(QColor("#5D8AA8"))
    canvas.set_photo("p", photo)
    screen = QImage(*SIZE, QImage.Format.Format_ARGB32_Premultiplied)
    screen.fill(QColor("#FF00FF"))  # what was never painted shows

    def update(*args: QRegion | QRect) -> None:
        if not args:
            canvas.render(screen, QPoint(0, 0))
            return
        region = QRegion(args[0])
        # render() puts the region's top-left at the offset given
        canvas.render(screen, region.boundingRect().topLeft(), region)

    monkeypatch.setattr(canvas, "update", update)
    yield canvas, screen
    canvas.deleteLater()


def from_scratch(canvas: WallCanvas) -> QImage:
    """The board drawn anew, every item from its place: the truth to compare with."""
    canvas._layer = None  # the cached layer is rebuilt, not trusted
    whole = QImage(*SIZE, QImage.Format.Format_ARGB32_Premultiplied)
    canvas.render(whole, QPoint(0, 0))
    return whole


def settled(canvas: WallCanvas) -> bool:
    return (
        not canvas._tick.isActive()
        and not canvas.queue
        and all(v.settled and not v.glowing for v in canvas.views.values())
    )


def test_region_repaints_add_up_to_a_full_repaint(
    frames: tuple[WallCanvas, QImage], qtbot: QtBot
) -> None:
    canvas, screen = frames
    for number in range(30):  # more than the boards hold: the oldest retire
        wall: Literal["top", "tip"] = "top" if number % 2 else "tip"
        canvas.add(item(number, wall, "photo" if number % 7 == 6 else "note"), animate=False)
    canvas.update()
    qtbot.waitUntil(lambda: settled(canvas), timeout=20_000)
    for number in range(30, 42):  # arrivals with their entrance, glow and retirements
        canvas.add(item(number, "top" if number % 3 else "tip", "note"))
    canvas.remove("i29")  # moderation hides one while the others arrive
    canvas.remove("i31")
    qtbot.waitUntil(lambda: settled(canvas), timeout=20_000)

    assert "i29" not in canvas.views
    assert "i41" in canvas.views
    assert screen == from_scratch(canvas)


def test_a_scene_over_the_board_stays_while_items_arrive(
    frames: tuple[WallCanvas, QImage], qtbot: QtBot
) -> None:
    canvas, screen = frames
    for number in range(10):
        canvas.add(item(number, "tip", "note"), animate=False)
    canvas.update()  # the window shown: painted whole once
    canvas.set_overlay(Overlay("Top 5", ["1.  Anna  —  50"]))
    for number in range(10, 16):
        canvas.add(item(number, "top", "note"))
    qtbot.waitUntil(lambda: settled(canvas), timeout=20_000)
    assert screen == from_scratch(canvas)


def test_the_board_redrawn_later_still_shows_what_lands_meanwhile(
    frames: tuple[WallCanvas, QImage], qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    canvas, screen = frames
    for number in range(6):
        canvas.add(item(number, "tip", "note"), animate=False)
    canvas.update()
    qtbot.waitUntil(lambda: settled(canvas), timeout=20_000)
    # a change of the whole board (here: the hub went away) redraws the cached layer,
    # at most twice a second: make that wait long enough to land an item meanwhile
    monkeypatch.setattr(canvas_module, "REBUILD_EVERY_S", 3.0)
    canvas._last_rebuild = time.monotonic()
    canvas.set_link(Link.UNREACHABLE)
    canvas.add(item(6, "top", "note"))
    qtbot.waitUntil(lambda: "i6" in canvas.views and settled(canvas), timeout=20_000)
    assert canvas._layer_dirty  # the layer is still the old one
    meanwhile = QImage(*SIZE, QImage.Format.Format_ARGB32_Premultiplied)
    canvas.render(meanwhile, QPoint(0, 0))

    # the rebuild comes by itself, offline indicator and all, though nothing moves
    qtbot.waitUntil(lambda: not canvas._layer_dirty, timeout=20_000)
    qtbot.waitUntil(lambda: settled(canvas), timeout=20_000)
    after = from_scratch(canvas)
    assert screen == after
    box = canvas.views["i6"].box.toAlignedRect()
    assert meanwhile.copy(box) == after.copy(box)  # the new item was there all along


def test_arrivals_and_their_photos_leave_the_cached_layer_standing(
    frames: tuple[WallCanvas, QImage], qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    canvas, screen = frames
    for number in range(29):  # full boards: every arrival retires the oldest
        wall: Literal["top", "tip"] = "top" if number % 2 else "tip"
        canvas.add(item(number, wall, "photo" if number % 7 == 6 else "note"), animate=False)
    waiting = item(29, "top", "photo").model_copy(update={"photo": "later"})
    canvas.add(waiting, animate=False)  # its image has not come yet
    canvas.update()
    qtbot.waitUntil(lambda: settled(canvas), timeout=20_000)
    rebuilds: list[float] = []
    rebuild = canvas._rebuild

    def counted_rebuild() -> None:
        rebuilds.append(0)
        rebuild()

    monkeypatch.setattr(canvas, "_rebuild", counted_rebuild)
    asked_whole: list[bool] = []
    on_screen = canvas.update

    def update(*args: QRegion | QRect) -> None:
        asked_whole.append(not args)
        on_screen(*args)

    monkeypatch.setattr(canvas, "update", update)
    late = QImage(320, 240, QImage.Format.Format_RGB32)
    late.fill(QColor("#C0392B"))
    arrivals = [item(number, "top" if number % 2 else "tip", "note") for number in range(30, 40)]
    photo = item(40, "top", "photo").model_copy(update={"photo": "late"})
    for arrival in [*arrivals, photo]:
        canvas.add(arrival)
    qtbot.waitUntil(lambda: "i40" in canvas.views, timeout=20_000)
    canvas.set_photo("late", late)  # the image comes from the hub after its polaroid
    assert canvas.views["i29"].in_layer
    canvas.set_photo("later", late)  # and that of one that rests on the board
    qtbot.waitUntil(lambda: settled(canvas), timeout=20_000)

    # each arrival is painted onto the layer, each leaving or new photo repaired where
    # it lies: the layer of the whole board is never drawn again, nor the whole window
    assert rebuilds == []
    assert not any(asked_whole)
    assert not canvas._moving  # at rest: the tick and the paint look at none of them
    assert screen == from_scratch(canvas)


def poll_result(n: int) -> protocol.PollResult:
    return protocol.PollResult(
        id=1,
        code="P",
        kind="poll",
        text="Welk onderwerp?",
        state="open",
        n=n,
        labels=["Vastgoed", "Zorg", "Jeugd"],
        distribution=[n // 2, n // 3, n - n // 2 - n // 3],
    )


def test_a_live_chart_follows_its_results_and_leaves_no_trace(
    frames: tuple[WallCanvas, QImage], qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(canvas_module, "LIVE_EVERY_S", 0.3)
    canvas, screen = frames
    for number in range(10):
        canvas.add(item(number, "tip", "note"), animate=False)
    canvas.update()
    canvas.set_overlay(Overlay("Welk onderwerp?", result=poll_result(5)))
    assert canvas.scene_fading  # drawn off the frames' thread first
    qtbot.waitUntil(lambda: not canvas.scene_fading, timeout=10_000)
    first = QImage(screen)
    for n in (10, 15, 20):  # new results while items land: the chart is drawn anew
        canvas.set_overlay(Overlay("Welk onderwerp?", result=poll_result(n)))
        canvas.add(item(n, "top", "note"))
        qtbot.waitUntil(lambda: not canvas.scene_fading, timeout=10_000)
    qtbot.waitUntil(lambda: settled(canvas), timeout=20_000)
    assert screen != first
    assert screen == from_scratch(canvas)
    canvas.set_overlay(None)
    qtbot.waitUntil(lambda: settled(canvas) and not canvas.scene_fading, timeout=20_000)
    assert canvas._overlay_image is None
    assert screen == from_scratch(canvas)


def test_a_scene_replaced_before_it_was_drawn_is_never_shown(
    frames: tuple[WallCanvas, QImage], qtbot: QtBot
) -> None:
    canvas, _ = frames
    canvas.set_overlay(Overlay("Eerst", result=poll_result(5)))
    with qtbot.waitSignal(canvas.scene_settled, timeout=10_000) as settled_on:
        canvas.set_overlay(Overlay("Daarna", ["1.  Anna  —  50"]))
    assert not canvas.scene_fading  # told once the fade ended, not as it began
    assert settled_on.args == [canvas.overlay]
    assert canvas.overlay is not None
    assert canvas.overlay.title == "Daarna"
    assert canvas._overlay_image is not None
    # the panel of a plain scene is narrower than a result scene's
    assert canvas._overlay_image.width() < SIZE[0] * 0.7


def test_new_results_fade_in_only_where_the_chart_changed(
    frames: tuple[WallCanvas, QImage], qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    from wall.scene import live_area

    monkeypatch.setattr(canvas_module, "LIVE_EVERY_S", 0.0)
    canvas, screen = frames
    canvas.update()  # the board, once
    canvas.set_overlay(Overlay("Welk onderwerp?", result=poll_result(30)))
    qtbot.waitUntil(lambda: not canvas.scene_fading, timeout=10_000)
    with qtbot.waitSignal(canvas.scene_shown, timeout=10_000):
        canvas.set_overlay(Overlay("Welk onderwerp?", result=poll_result(35)))
    assert canvas._live is not None
    assert canvas.overlay is not None
    chart = canvas._widget_rect(live_area(canvas.overlay)).toAlignedRect()
    changed = sum(part.width() * part.height() for part in canvas._live)  # type: ignore[attr-defined]  # iterable at run time
    assert 0 < changed < chart.width() * chart.height() / 2
    assert chart.contains(canvas._live.boundingRect())
    with qtbot.waitSignal(canvas.scene_settled, timeout=10_000):
        pass
    assert screen == from_scratch(canvas)


def test_items_landing_beneath_a_scene_are_there_once_it_goes(
    frames: tuple[WallCanvas, QImage], qtbot: QtBot
) -> None:
    canvas, screen = frames
    canvas.update()  # the board, once
    with qtbot.waitSignal(canvas.scene_settled, timeout=10_000):
        canvas.set_overlay(Overlay("Welk onderwerp?", result=poll_result(5)))
    hidden = canvas._covered(time.monotonic())
    assert hidden is not None  # the panel is opaque: what lands beneath it is not repainted
    assert hidden.boundingRect().width() > SIZE[0] * 0.7
    shown = QImage(screen)
    for number in range(8):
        canvas.add(item(number, "top" if number % 2 else "tip", "note"))
    qtbot.waitUntil(lambda: settled(canvas), timeout=20_000)
    area = hidden.boundingRect()
    assert screen.copy(area) == shown.copy(area)
    assert screen == from_scratch(canvas)
    with qtbot.waitSignal(canvas.scene_settled, timeout=10_000):
        canvas.set_overlay(None)
    assert canvas._covered(time.monotonic()) is None
    assert screen == from_scratch(canvas)
