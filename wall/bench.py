"""``zuil bench wall``: frame time of the real wall scene, and hub-to-wall latency.

The wall canvas renders offscreen at 1920x1080 and 3840x2160 with 300
post-its and 60 polaroids on the board while 10 new items a second arrive and
animate (one in six a polaroid, whose photo follows it from the hub); each
frame (animation step plus paint) is timed against the 16.7 ms of a 60 Hz
screen, and the process's CPU time per frame is given beside it. The same runs
again with a live chart over the board: a word cloud whose results change every
half second (k = 5 answers at 10 a second), drawn on the wall's worker thread and
faded in. The work session's board is timed the same way while it is sorted (see
:mod:`wall.cafebench`). Then a real hub on 127.0.0.1 applies notes and the time
until a real wall (following the live stream) has each in its scene is taken.
"""

from __future__ import annotations

import asyncio
import os
import statistics
import tempfile
import time
import uuid
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Literal, TypedDict

import numpy as np

from wall.cafebench import measure_cafe_frames

BUDGET_MS = 1000 / 60
TARGETS = {
    "frame_ms_1080p_median": 4.0,
    "frame_ms_1080p_p95": BUDGET_MS,
    "frame_ms_4k_p95": BUDGET_MS,
    "frame_ms_1080p_chart_p95": BUDGET_MS,
    "frame_ms_4k_chart_p95": BUDGET_MS,
    "hub_to_wall_ms_p95": 250.0,
    "frame_ms_cafe_1080p_p95": BUDGET_MS,
    "frame_ms_cafe_4k_p95": BUDGET_MS,
}


class Figures(TypedDict):
    """What :func:`run` measured (printed as JSON by ``zuil bench wall --json``)."""

    frame_ms_1080p_median: float
    frame_ms_1080p_p95: float
    frame_ms_4k_median: float
    frame_ms_4k_p95: float
    cpu_ms_per_frame_1080p: float
    cpu_ms_per_frame_4k: float
    frame_ms_1080p_chart_median: float
    frame_ms_1080p_chart_p95: float
    frame_ms_4k_chart_median: float
    frame_ms_4k_chart_p95: float
    cpu_ms_per_frame_1080p_chart: float
    cpu_ms_per_frame_4k_chart: float
    hub_to_wall_ms_p95: float | None
    hub_to_wall_ms_median: float | None
    frame_ms_cafe_1080p_median: float
    frame_ms_cafe_1080p_p95: float
    frame_ms_cafe_4k_p95: float
    cafe_change_ms_p95: float
    frames: int
    notes_measured: int
    targets: dict[str, float]
    passed: bool


def _p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[max(int(len(ordered) * 0.95) - 1, 0)]


CHART_EVERY_S = 0.5  # new results of the live chart: k = 5 answers at 10 a second


def live_result(answers: int) -> Any:
    """The open question of the live chart after ``answers`` answers: a word cloud growing.

    The heaviest chart to draw: its words are laid out anew (in place) each time.
    """
    from shared import protocol

    words = [
        "samenwerking",
        "inspirerend",
        "signalen",
        "netwerk",
        "leerzaam",
        "vertrouwen",
        "praktijk",
        "lef",
        "energie",
        "ondermijning",
        "delen",
        "buurt",
        "koffie",
        "ketenaanpak",
        "durven",
        "verbinding",
        "alert",
        "helder",
        "moed",
        "kennis",
        "aanpak",
        "wijk",
        "lokaal",
        "slim",
        "samen",
        "veilig",
        "open",
        "eerlijk",
    ]
    counts = [
        protocol.WordCount(word=word, count=max(answers // (rank + 2), 1))
        for rank, word in enumerate(words[: 4 + answers // 6])
    ]
    return protocol.PollResult(
        id=1,
        code="WOORD",
        kind="open",
        text="Welk woord past bij vandaag?",
        state="open",
        n=answers,
        words=counts,
    )


def measure_frames(
    width: int, height: int, seconds: float, chart: bool = False
) -> tuple[list[float], float]:
    """Frame times (ms) with 360 items on the board and 10 arrivals a second.

    One arrival in six is a photo, whose image comes in a few frames after the
    polaroid lands, as a wall fetches it from the hub. With ``chart`` a result
    scene is shown over the board whose results change every :data:`CHART_EVERY_S`
    (a word cloud growing): each new chart is asked for within the frame timed,
    drawn on the wall's worker thread meanwhile and cross-faded in.

    Returns:
        The frame times, and the CPU milliseconds a frame took on average over the
        run (what the process did, not what the machine did meanwhile), arrivals
        and their images included.
    """
    from PySide6.QtCore import QPoint
    from PySide6.QtGui import QColor, QImage
    from PySide6.QtWidgets import QApplication

    from shared import protocol
    from wall.canvas import WallCanvas
    from wall.scene import Overlay

    app = QApplication.instance()
    assert app is not None
    canvas = WallCanvas("both", capacity=180)
    canvas.resize(width, height)
    photo = QImage(320, 240, QImage.Format.Format_RGB32)
    photo.fill(QColor("#5D8AA8"))
    words = "goed beter meer koffie pauze spreker zaal uitleg praktijk dank vragen tijd".split()  # noqa: SIM905
    rng = np.random.default_rng(1)

    def item(
        number: int, kind: Literal["note", "photo"], wall: Literal["top", "tip"], photo: str = "p"
    ) -> protocol.WallItem:
        text = " ".join(rng.choice(words, int(rng.integers(2, 14))))
        return protocol.WallItem(
            id=f"b{number}",
            type=kind,
            wall=wall,
            text=text,
            workshop="VAST",
            workshop_title=None,
            photo=photo if kind == "photo" else None,
            minute="2026-11-24T10:00",
        )

    canvas.set_photo("p", photo)
    for number in range(360):
        kind: Literal["note", "photo"] = "photo" if number % 6 == 5 else "note"
        canvas.add(item(number, kind, "top" if number % 2 else "tip"), animate=False)
    canvas._rebuild()
    # Qt repaints the union of what was asked: a region from the animation tick, the
    # whole window when the canvas calls update() without one (an item landing).
    whole = {"asked": False}
    ask_region = canvas.update

    def update(*args: object) -> None:
        if not args:
            whole["asked"] = True
        ask_region(*args)

    canvas.update = update  # type: ignore[method-assign]
    target = QImage(width, height, QImage.Format.Format_ARGB32_Premultiplied)
    # the first frame draws every item at this size and builds the layer: a wall does
    # that once, when it opens, so it is not a frame of the running wall
    answers = 40
    if chart:
        canvas.set_overlay(Overlay(live_result(answers).text, result=live_result(answers)))
        while canvas.scene_fading:  # the first scene, drawn and faded in before the clock
            canvas._on_tick_timeout()
            time.sleep(0.01)
    canvas.render(target, QPoint(0, 0))
    canvas._on_tick_timeout()
    canvas.render(target, QPoint(0, 0))
    times: list[float] = []
    next_chart = time.monotonic() + CHART_EVERY_S
    fetching: dict[str, str] = {}  # photos on their way from the hub: name, its item
    landed: dict[str, int] = {}  # how many frames ago their polaroid landed
    next_arrival = time.monotonic()
    number = 1000
    cpu_start = time.process_time()
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        frame_start = time.monotonic()
        while frame_start >= next_arrival:  # a late frame meets a burst, as from the hub
            kind = "photo" if number % 6 == 5 else "note"
            canvas.add(item(number, kind, "top" if number % 2 else "tip", f"f{number}"))
            if kind == "photo":
                fetching[f"f{number}"] = f"b{number}"
            number += 1
            next_arrival += 0.1
        app.processEvents()  # the pacing timer lands queued items
        for name, item_id in list(fetching.items()):
            if item_id in canvas.views:
                landed[name] = landed.get(name, 0) + 1
                if landed[name] > 3:  # the hub answers a few frames after the landing
                    canvas.set_photo(name, photo)
                    del fetching[name]
        started = time.perf_counter()
        if chart and frame_start >= next_chart:
            answers += 5
            result = live_result(answers)
            canvas.set_overlay(Overlay(result.text, result=result))
            next_chart += CHART_EVERY_S
        canvas._on_tick_timeout()
        # repaint what the canvas asked to update, as Qt does for a window on screen
        if whole["asked"]:
            canvas.render(target, QPoint(0, 0))
        elif not canvas.last_update.isEmpty():
            # render() puts the region's top-left at the offset given
            region = canvas.last_update
            canvas.render(target, region.boundingRect().topLeft(), region)
        whole["asked"] = False
        times.append((time.perf_counter() - started) * 1000)
        spare = BUDGET_MS / 1000 - (time.monotonic() - frame_start)
        if spare > 0:
            time.sleep(spare)
    cpu_ms = (time.process_time() - cpu_start) * 1000 / max(len(times), 1)
    canvas.close()
    canvas.deleteLater()
    app.processEvents()
    return times, cpu_ms


def measure_hub_to_wall(notes: int) -> list[float]:
    """Milliseconds from sending a note to the hub to a live wall having it in its scene."""
    import httpx
    from PySide6.QtWidgets import QApplication

    from shared import demo
    from shared.datadir import DataDir
    from shared.device.qtloop import event_loop
    from shared.hub import devices
    from shared.hub.server import start_in_thread
    from shared.protocol import Role
    from wall.app import WallConfig, WallWindow

    app = QApplication.instance()
    assert isinstance(app, QApplication)
    loop = event_loop(app)
    latencies: list[float] = []
    with tempfile.TemporaryDirectory(prefix="zuil-bench-wall-") as tmp:
        data = DataDir(Path(tmp) / "data")
        demo.prepare(data)
        with data.open_store() as store:
            hub = start_in_thread(data, store)
            tokens = {}
            for role, workshop in ((Role.KIOSK, "VAST"), (Role.WALL, None)):
                _, code = devices.create_pairing(store, role, workshop=workshop)
                paired = devices.pair(store, code)
                assert paired is not None
                tokens[role] = paired[1]
            wall = WallWindow(
                WallConfig(
                    data=Path(tmp) / "wall", hub=hub.url, token=tokens[Role.WALL], windowed=True
                )
            )
            applied: dict[str, float] = {}
            # when each note was sent: its live event is timed to the minute only
            sent: dict[str, float] = {}

            def on_event(event: Any) -> None:
                if event.item is not None and event.item.text in sent:
                    applied[event.item.id] = sent[event.item.text]

            def on_shown(item_id: str) -> None:
                if item_id in applied:
                    latencies.append((time.time() - applied[item_id]) * 1000)

            wall.event_applied.connect(on_event)
            wall.canvas.item_shown.connect(on_shown)

            async def drive() -> None:
                wall.start()
                while wall.feed.last_event is None:
                    await asyncio.sleep(0.05)
                async with httpx.AsyncClient(base_url=hub.url) as client:
                    for number in range(notes):
                        now = datetime.now(UTC).isoformat()
                        action = {
                            "id": str(uuid.uuid4()),
                            "kind": "note",
                            "at": now,
                            "wall": "top",
                            "text": f"Meting {number}",
                        }
                        sent[action["text"]] = time.time()
                        await client.post(
                            "/api/sync",
                            json={"device_clock": now, "actions": [action]},
                            headers={"Authorization": f"Bearer {tokens[Role.KIOSK]}"},
                        )
                        await asyncio.sleep(0.3)
                deadline = time.monotonic() + 10
                while len(latencies) < notes and time.monotonic() < deadline:
                    await asyncio.sleep(0.05)
                await wall.aclose()

            loop.run_until_complete(drive())
            wall.close()
            wall.deleteLater()
            hub.stop()
    return latencies


def run(quick: bool = False) -> Figures:
    """Every wall figure, with targets."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtWidgets import QApplication

    if QApplication.instance() is None:
        QApplication([])
    seconds = 2.0 if quick else 5.0
    hd, hd_cpu = measure_frames(1920, 1080, seconds)
    uhd, uhd_cpu = measure_frames(3840, 2160, seconds)
    hd_chart, hd_chart_cpu = measure_frames(1920, 1080, seconds, chart=True)
    uhd_chart, uhd_chart_cpu = measure_frames(3840, 2160, seconds, chart=True)
    cafe_hd, cafe_changes = measure_cafe_frames(1920, 1080, seconds)
    cafe_uhd, cafe_uhd_changes = measure_cafe_frames(3840, 2160, seconds)
    latency = measure_hub_to_wall(8 if quick else 25)
    hd_median, hd_p95 = round(statistics.median(hd), 2), round(_p95(hd), 2)
    uhd_p95 = round(_p95(uhd), 2)
    hd_chart_p95, uhd_chart_p95 = round(_p95(hd_chart), 2), round(_p95(uhd_chart), 2)
    latency_p95 = round(_p95(latency), 1) if latency else None
    return {
        "frame_ms_1080p_median": hd_median,
        "frame_ms_1080p_p95": hd_p95,
        "frame_ms_4k_median": round(statistics.median(uhd), 2),
        "frame_ms_4k_p95": uhd_p95,
        # steadier than the clock on a busy machine: the process's own time
        "cpu_ms_per_frame_1080p": round(hd_cpu, 2),
        "cpu_ms_per_frame_4k": round(uhd_cpu, 2),
        "frame_ms_1080p_chart_median": round(statistics.median(hd_chart), 2),
        "frame_ms_1080p_chart_p95": hd_chart_p95,
        "frame_ms_4k_chart_median": round(statistics.median(uhd_chart), 2),
        "frame_ms_4k_chart_p95": uhd_chart_p95,
        # the worker thread's drawing of each chart included
        "cpu_ms_per_frame_1080p_chart": round(hd_chart_cpu, 2),
        "cpu_ms_per_frame_4k_chart": round(uhd_chart_cpu, 2),
        "hub_to_wall_ms_p95": latency_p95,
        "hub_to_wall_ms_median": round(statistics.median(latency), 1) if latency else None,
        "frame_ms_cafe_1080p_median": round(statistics.median(cafe_hd), 2),
        "frame_ms_cafe_1080p_p95": round(_p95(cafe_hd), 2),
        "frame_ms_cafe_4k_p95": round(_p95(cafe_uhd), 2),
        # a change taken in (layout, new images, the layer's repair): once, not every frame
        "cafe_change_ms_p95": round(_p95(cafe_changes + cafe_uhd_changes), 1),
        "frames": len(hd)
        + len(uhd)
        + len(hd_chart)
        + len(uhd_chart)
        + len(cafe_hd)
        + len(cafe_uhd),
        "notes_measured": len(latency),
        "targets": TARGETS,
        "passed": bool(
            latency_p95 is not None
            and hd_median <= TARGETS["frame_ms_1080p_median"]
            and hd_p95 <= BUDGET_MS
            and uhd_p95 <= BUDGET_MS
            and hd_chart_p95 <= BUDGET_MS
            and uhd_chart_p95 <= BUDGET_MS
            and latency_p95 <= TARGETS["hub_to_wall_ms_p95"]
            and _p95(cafe_hd) <= BUDGET_MS
            and _p95(cafe_uhd) <= BUDGET_MS
        ),
    }


def report(f: Figures) -> str:
    """A table a person can read."""

    def ok(value: float | None, limit: float) -> str:
        return "ok" if value is not None and value <= limit else "BELOW TARGET"

    return "\n".join(
        [
            f"{'figure':<28}{'value':>10}   target",
            f"{'frame_ms_1080p_median':<28}{f['frame_ms_1080p_median']:>10}"
            f"   <= {TARGETS['frame_ms_1080p_median']:g} ms  "
            + ok(f["frame_ms_1080p_median"], TARGETS["frame_ms_1080p_median"]),
            f"{'frame_ms_1080p_p95':<28}{f['frame_ms_1080p_p95']:>10}   <= 16.7 ms (60 Hz)  "
            + ok(f["frame_ms_1080p_p95"], BUDGET_MS),
            f"{'frame_ms_4k_median':<28}{f['frame_ms_4k_median']:>10}",
            f"{'frame_ms_4k_p95':<28}{f['frame_ms_4k_p95']:>10}   <= 16.7 ms (60 Hz)  "
            + ok(f["frame_ms_4k_p95"], BUDGET_MS),
            f"{'frame_ms_1080p_chart_median':<28}{f['frame_ms_1080p_chart_median']:>10}"
            "   with a live chart",
            f"{'frame_ms_1080p_chart_p95':<28}{f['frame_ms_1080p_chart_p95']:>10}"
            "   <= 16.7 ms (60 Hz)  " + ok(f["frame_ms_1080p_chart_p95"], BUDGET_MS),
            f"{'frame_ms_4k_chart_median':<28}{f['frame_ms_4k_chart_median']:>10}"
            "   with a live chart",
            f"{'frame_ms_4k_chart_p95':<28}{f['frame_ms_4k_chart_p95']:>10}"
            "   <= 16.7 ms (60 Hz)  " + ok(f["frame_ms_4k_chart_p95"], BUDGET_MS),
            f"{'cpu_ms_per_frame_1080p':<28}{f['cpu_ms_per_frame_1080p']:>10}   CPU",
            f"{'cpu_ms_per_frame_4k':<28}{f['cpu_ms_per_frame_4k']:>10}   CPU",
            f"{'cpu_ms_per_frame_1080p_chart':<28}{f['cpu_ms_per_frame_1080p_chart']:>10}"
            "   CPU, the chart's drawing included",
            f"{'cpu_ms_per_frame_4k_chart':<28}{f['cpu_ms_per_frame_4k_chart']:>10}"
            "   CPU, the chart's drawing included",
            f"{'hub_to_wall_ms_p95':<28}{f['hub_to_wall_ms_p95']!s:>10}   <= 250 ms  "
            + ok(f["hub_to_wall_ms_p95"], 250.0)
            + f"  ({f['notes_measured']} notes)",
            f"{'frame_ms_cafe_1080p_p95':<28}{f['frame_ms_cafe_1080p_p95']:>10}"
            "   <= 16.7 ms (60 Hz)  "
            + ok(f["frame_ms_cafe_1080p_p95"], BUDGET_MS)
            + f"  (median {f['frame_ms_cafe_1080p_median']})",
            f"{'frame_ms_cafe_4k_p95':<28}{f['frame_ms_cafe_4k_p95']:>10}   <= 16.7 ms (60 Hz)  "
            + ok(f["frame_ms_cafe_4k_p95"], BUDGET_MS),
            f"{'cafe_change_ms_p95':<28}{f['cafe_change_ms_p95']:>10}   per change, not per frame",
        ]
    )
