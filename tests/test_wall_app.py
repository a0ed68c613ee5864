"""The wall fed by a real hub on 127.0.0.1."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path

import httpx
import pytest
from PySide6.QtGui import QImage

from shared.datadir import DataDir, assets_dir
from shared.device.link import Link
from shared.hub import devices
from shared.hub.server import RunningHub, start_in_thread
from shared.protocol import Role
from shared.store import Store
from tests.helpers.hub import paired_token
from tests.helpers.kiosk import until, wait_signal
from wall.app import WallConfig, WallWindow, scenes
from wall.canvas import FADE_S, STREAM_FAILING, UNPAIRED, UNREACHABLE

SCREENSHOTS = Path(__file__).resolve().parent.parent / "screenshots" / "wall"
ASSETS = assets_dir()


class Rig:
    def __init__(self, data: DataDir, store: Store, tmp: Path) -> None:
        self.data, self.store = data, store
        self.hub: RunningHub = start_in_thread(data, store)
        self.kiosk = self.token(Role.KIOSK, "VAST")
        self.desk = self.token(Role.DESK)
        self.wall = WallWindow(
            WallConfig(
                data=tmp / "wall", hub=self.hub.url, token=self.token(Role.WALL), windowed=True
            )
        )

    def token(self, role: Role, workshop: str | None = None) -> str:
        return paired_token(self.store, role, workshop)

    async def post(self, *texts: str, wall: str = "tip") -> None:
        now = datetime.now(UTC).isoformat()
        actions = [
            {"id": str(uuid.uuid4()), "kind": "note", "at": now, "wall": wall, "text": t}
            for t in texts
        ]
        async with httpx.AsyncClient(base_url=self.hub.url) as client:
            response = await client.post(
                "/api/sync",
                json={"device_clock": now, "actions": actions},
                headers={"Authorization": f"Bearer {self.kiosk}"},
            )
            assert response.status_code == 200

    async def hide(self, item_id: str) -> None:
        async with httpx.AsyncClient(base_url=self.hub.url) as client:
            await client.post(
                f"/api/moderation/moderate?id={item_id}&action=hide",
                headers={"Authorization": f"Bearer {self.desk}"},
            )


@contextmanager
def wall_on_hub(
    qloop: asyncio.AbstractEventLoop, data: DataDir, store: Store, tmp: Path
) -> Iterator[Rig]:
    """A wall window at 1920 x 1080 following a real hub of ``data``, closed after."""
    rig = Rig(data, store, tmp)
    rig.wall.start()
    rig.wall.resize(1920, 1080)
    try:
        yield rig
    finally:
        qloop.run_until_complete(rig.wall.aclose())
        rig.wall.close()
        rig.wall.deleteLater()  # at a safe point, not whenever the garbage collector runs
        rig.hub.stop()
        qloop.run_until_complete(asyncio.sleep(0))


@pytest.fixture
def rig(
    qloop: asyncio.AbstractEventLoop, demo_dir: DataDir, demo_store: Store, tmp_path: Path
) -> Iterator[Rig]:
    with wall_on_hub(qloop, demo_dir, demo_store, tmp_path) as rig:
        yield rig


def shown_texts(rig: Rig) -> list[str]:
    return sorted(v.item.text for v in rig.wall.canvas.views.values() if v.leaving is None)


def test_post_appears_and_hide_fades_out(rig: Rig, qloop: asyncio.AbstractEventLoop) -> None:
    canvas = rig.wall.canvas

    async def flow() -> None:
        await rig.post("Meer pauzes", "<b>Koffie</b> \u202e!")
        await until(lambda: len(canvas.views) == 2, canvas.item_shown)
        [target] = [v.item.id for v in canvas.views.values() if v.item.text == "Meer pauzes"]
        started = qloop.time()
        await rig.hide(target)
        [removed] = await wait_signal(canvas.item_removed, 5)
        assert removed == target
        assert qloop.time() - started < 1.0 + FADE_S  # gone within a second (and its fade)

    qloop.run_until_complete(flow())
    assert shown_texts(rig) == ["<b>Koffie</b> \u202e!"]


def test_disconnect_and_resume_without_gap_or_duplicate(
    rig: Rig, qloop: asyncio.AbstractEventLoop, demo_dir: DataDir, demo_store: Store
) -> None:
    canvas = rig.wall.canvas
    port = int(rig.hub.url.rsplit(":", 1)[1])
    arrivals: list[str] = []
    canvas.item_shown.connect(arrivals.append)

    async def flow() -> None:
        await rig.post("een", "twee")
        await until(lambda: len(arrivals) == 2, canvas.item_shown)
        rig.hub.stop()
        rig.hub = start_in_thread(demo_dir, demo_store, port=port)
        await rig.post("drie", "vier", "vijf")
        await until(lambda: len(arrivals) == 5, canvas.item_shown, timeout=30)

    qloop.run_until_complete(flow())
    assert len(arrivals) == len(set(arrivals)) == 5
    assert shown_texts(rig) == sorted(["een", "twee", "drie", "vier", "vijf"])


def test_scenes_show_names_only_as_allowed(rig: Rig, qloop: asyncio.AbstractEventLoop) -> None:
    from shared import protocol

    board = [
        protocol.Standing(rank=1, name="Anna de Vries", points=50),
        protocol.Standing(rank=2, name=None, points=40),
    ]
    top, facts, counters = scenes(board, None, "nl")
    assert top.lines == ["1.  Anna de Vries  —  50", "2.  Deelnemer  —  40"]
    assert facts.lines == ["Nog geen antwoorden."]
    assert counters.lines[0] == "0 scans"
    assert scenes([], None, "en")[0].lines == [
        "No points yet: scan your ticket at a pillar and take the quiz."
    ]


@pytest.mark.parametrize(
    "size", [(1920, 1080), (3840, 2160), (1080, 1920)], ids=["1080p", "4k", "portrait"]
)
def test_screenshots(rig: Rig, qloop: asyncio.AbstractEventLoop, size: tuple[int, int]) -> None:
    canvas = rig.wall.canvas
    rig.wall.resize(*size)
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)

    async def flow() -> None:
        await rig.post("Heldere uitleg, dank!", "Goed voorbeeld uit de praktijk", wall="top")
        await rig.post("Meer tijd voor vragen", "<i>markup</i> & 😀", "\u202eomgekeerd")
        await until(lambda: len(canvas.views) == 5, canvas.item_shown)
        # the board as the room sees it once the entrances are over
        await until(lambda: all(v.settled for v in canvas.views.values()), canvas.item_settled)

    qloop.run_until_complete(flow())
    image = rig.wall.grab()
    assert (image.width(), image.height()) == size
    image.save(str(SCREENSHOTS / f"wall-{size[0]}x{size[1]}.png"))


def test_the_event_s_logo_and_own_board_come_from_the_hub(
    qloop: asyncio.AbstractEventLoop, demo_dir: DataDir, demo_store: Store, tmp_path: Path
) -> None:
    picture = (ASSETS / "demo" / "venue_map.png").read_bytes()  # any image of the event's own
    name = demo_dir.store_file(picture, ".png")
    demo_store.write(
        lambda db: db.execute(
            "UPDATE event SET board = 'felt', board_image = ? WHERE id = 1", [name]
        )
    )
    with wall_on_hub(qloop, demo_dir, demo_store, tmp_path) as rig:
        canvas = rig.wall.canvas
        qloop.run_until_complete(
            until(lambda: canvas.board_look.picture is not None, rig.wall.branded)
        )
        assert canvas.logo is not None  # the sample event's logo, for the header
        assert canvas.board_look.surface == "felt"
        shown = canvas.board_look.picture
        assert shown is not None
        assert shown.size() == QImage.fromData(picture).size()
        canvas._rebuild()  # now, not at the next of at most two rebuilds a second
        image = rig.wall.grab().toImage()
        image.save(str(SCREENSHOTS / "wall-own-board.png"))
        assert image.pixelColor(18, 55).name() == "#ffffff"  # the logo's card in the header


def test_photo_appears_after_approval(rig: Rig, qloop: asyncio.AbstractEventLoop) -> None:
    import cv2
    import numpy as np

    canvas = rig.wall.canvas
    image = np.zeros((480, 640, 3), np.uint8)
    image[:, :320] = (40, 160, 220)
    ok, jpeg = cv2.imencode(".jpg", image)
    assert ok

    async def flow() -> None:
        async with httpx.AsyncClient(base_url=rig.hub.url) as client:
            kiosk = {"Authorization": f"Bearer {rig.kiosk}"}
            stored = (
                await client.post("/api/photos", content=jpeg.tobytes(), headers=kiosk)
            ).json()
            now = datetime.now(UTC).isoformat()
            action = {
                "id": str(uuid.uuid4()),
                "kind": "photo",
                "at": now,
                "wall": "top",
                "photo": stored["photo"],
                "caption": "Team <b>Vastgoed</b>",
                "consent": True,
            }
            await client.post(
                "/api/sync", json={"device_clock": now, "actions": [action]}, headers=kiosk
            )
            desk = {"Authorization": f"Bearer {rig.desk}"}
            [held] = (await client.get("/api/moderation/items", headers=desk)).json()
            assert canvas.views == {}  # photos wait for approval
            await client.post(
                f"/api/moderation/moderate?id={held['item']['id']}&action=approve", headers=desk
            )
        await until(
            lambda: stored["photo"] in canvas.photos and bool(canvas.views),
            canvas.item_shown,
            canvas.photo_loaded,
            timeout=10,
        )

    qloop.run_until_complete(flow())
    [view] = canvas.views.values()
    assert view.item.type == "photo"
    assert view.item.text == "Team <b>Vastgoed</b>"
    photo = canvas.photos[view.item.photo or ""]
    assert (photo.width(), photo.height()) == (640, 480)


def test_screen_option_places_the_wall(rig: Rig) -> None:
    from PySide6.QtGui import QGuiApplication

    from wall.main import place_on_screen

    screens = QGuiApplication.screens()
    assert place_on_screen(rig.wall, screens, 0)
    assert rig.wall.screen() is screens[0]
    assert rig.wall.geometry() == screens[0].geometry()
    assert not place_on_screen(rig.wall, screens, len(screens))  # no such screen
    assert not place_on_screen(rig.wall, screens, -1)


def test_a_failing_stream_is_told_from_an_unreachable_hub(
    rig: Rig, qloop: asyncio.AbstractEventLoop, monkeypatch: pytest.MonkeyPatch
) -> None:
    from shared.hub import sync

    canvas = rig.wall.canvas
    links: list[Link] = []
    canvas.link_changed.connect(links.append)

    def unreadable(*args: object, **kwargs: object) -> list[object]:
        raise RuntimeError("the live log cannot be read")

    async def flow() -> None:
        await rig.post("een")
        await until(lambda: shown_texts(rig) == ["een"], canvas.item_shown)
        # the hub keeps answering, but its stream fails as it next reads the log
        monkeypatch.setattr(sync, "read_events", unreadable)
        await rig.post("twee")
        await until(lambda: canvas.link is Link.STREAM_FAILING, canvas.link_changed)
        # the wall keeps trying, and follows again once the stream works
        monkeypatch.undo()
        await until(lambda: "twee" in shown_texts(rig), canvas.item_shown, timeout=30)
        assert canvas.link is Link.LIVE
        # now the hub itself goes away
        rig.hub.stop()
        await until(lambda: canvas.link is Link.UNREACHABLE, canvas.link_changed, timeout=30)

    qloop.run_until_complete(flow())
    assert links == [Link.STREAM_FAILING, Link.LIVE, Link.UNREACHABLE]
    assert STREAM_FAILING("nl") == "Live-verbinding hapert — opnieuw proberen…"
    assert UNREACHABLE("nl") == "Hub niet bereikbaar"


def test_a_revoked_wall_says_it_must_be_paired_again(
    rig: Rig, qloop: asyncio.AbstractEventLoop
) -> None:
    canvas = rig.wall.canvas
    [wall_id] = [r[0] for r in rig.store.db.execute("SELECT id FROM devices WHERE kind = 'wall'")]

    async def flow() -> None:
        await rig.post("een")
        await until(lambda: shown_texts(rig) == ["een"], canvas.item_shown)
        assert devices.revoke(rig.store, wall_id)
        await until(lambda: canvas.link is Link.UNPAIRED, canvas.link_changed, timeout=30)

    qloop.run_until_complete(flow())
    assert UNPAIRED("nl") == "Dit scherm is niet meer gekoppeld — koppel het opnieuw"
    assert UNPAIRED("en") == "This screen is no longer paired — pair it again"


def test_results_reach_the_wall_live_and_in_the_snapshot(
    rig: Rig,
    qloop: asyncio.AbstractEventLoop,
    demo_dir: DataDir,
    demo_store: Store,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from shared import protocol
    from tests.helpers.hub import action, ticket_of
    from tests.helpers.polls import add_poll, response
    from wall import canvas as canvas_module

    monkeypatch.setattr(canvas_module, "LIVE_EVERY_S", 0.2)
    options = ["Witwassen via vastgoed", "Zorgfraude", "Jonge aanwas"]
    poll = add_poll(demo_store, "ONDERWERP", "poll", text="Welk onderwerp?", options=options)
    secret = add_poll(demo_store, "GEHEIM", "poll", options=["ja", "nee"], results="organiser")
    wall, canvas = rig.wall, rig.wall.canvas
    scenes_shown: list[protocol.PollResult | None] = []
    canvas.scene_shown.connect(lambda o: scenes_shown.append(o.result if o else None))

    async def answer(attendees: range, choice: int) -> None:
        actions = []
        for attendee in attendees:
            ticket = ticket_of(demo_dir, demo_store, attendee)
            actions += [
                action("scan", ticket=ticket),
                response(ticket, poll, choice),
                response(ticket, secret, 0),
            ]
        now = datetime.now(UTC).isoformat()
        async with httpx.AsyncClient(base_url=rig.hub.url) as client:
            reply = await client.post(
                "/api/sync",
                json={"device_clock": now, "actions": actions},
                headers={"Authorization": f"Bearer {rig.kiosk}"},
            )
        assert reply.status_code == 200
        assert {r["fate"] for r in reply.json()["results"]} == {"applied"}

    def shown_n() -> int:
        result = wall.results.results.get(poll)
        return result.n if result else 0

    async def flow() -> None:
        await until(lambda: wall.feed.last_event is not None, wall.event_applied, timeout=10)
        # the hub publishes the question as it opens, then after every k = 5 new answers
        await until(lambda: poll in wall.results.results, wall.event_applied)
        await answer(range(1, 4), 0)  # three: fewer than k, nothing new for the walls
        few = wall.results.results[poll]
        assert (few.n, few.distribution) == (0, None)
        canvas.set_overlay(wall.result_scene(few))
        await until(lambda: not canvas.scene_fading, canvas.scene_settled, timeout=10)
        canvas.grab().save(str(SCREENSHOTS / "live-poll-few.png"))
        canvas.set_overlay(None)
        await answer(range(4, 7), 0)  # six in all: published with its distribution
        await until(lambda: shown_n() >= 5, wall.event_applied)
        # every other scene of the rotation is a question's results that has answers,
        # each in its turn (the sample event brings questions of its own)
        rotation = [wall.next_scene() for _ in range(2 * len(wall.results.results) + 2)]
        assert [s.result is not None for s in rotation[:4]] == [False, True, False, True]
        [scene] = [s for s in rotation if s.result is not None and s.result.id == poll][:1]
        canvas.set_overlay(scene)
        await until(lambda: not canvas.scene_fading, canvas.scene_settled, timeout=10)
        first = scene.result
        assert first is not None
        assert first.distribution is not None
        await answer(range(7, 13), 1)  # the chart on show follows
        await until(
            lambda: (
                canvas.overlay is not None
                and canvas.overlay.result is not None
                and canvas.overlay.result.n > first.n
                and not canvas.scene_fading
            ),
            wall.event_applied,
            canvas.scene_settled,
            timeout=20,
        )
        canvas.grab().save(str(SCREENSHOTS / "live-poll-shown.png"))

    qloop.run_until_complete(flow())
    assert canvas.overlay is not None
    live = canvas.overlay.result
    assert live is not None
    assert live.distribution is not None
    assert sum(live.distribution) == live.n
    assert live.labels == options
    assert secret not in wall.results.results  # organiser only: never on a wall
    # only this question's scenes were shown: other questions' results changed none
    shown_ids = [r.id for r in scenes_shown if r is not None]
    assert shown_ids == [poll] * len(shown_ids)
    assert len(shown_ids) >= 3  # too few, then its chart, then the chart live

    # a wall that starts now gets the results in its snapshot
    late = WallWindow(
        WallConfig(data=tmp_path / "late", hub=rig.hub.url, token=rig.token(Role.WALL))
    )
    late.start()
    try:
        qloop.run_until_complete(
            until(lambda: poll in late.results.results, late.snapshot_applied, timeout=10)
        )
        assert late.results.results[poll] == wall.results.results[poll]
        assert secret not in late.results.results
    finally:
        qloop.run_until_complete(late.aclose())
        late.close()
        late.deleteLater()


def test_a_naming_vote_that_closes_shows_its_podium_at_once(
    qloop: asyncio.AbstractEventLoop, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from shared import protocol
    from wall import app as app_module

    monkeypatch.setattr(app_module, "SCENE_S", 0.3)
    # no hub needed: the live events are handed to the window as its feed would
    wall = WallWindow(WallConfig(data=tmp_path, hub="http://127.0.0.1:9", token="t"))
    wall.resize(1280, 720)
    vote = protocol.PollResult(
        id=4,
        code="NAAM",
        kind="vote",
        text="Hoe noemen we het nieuwe meldpunt?",
        state="open",
        phase="vote",
        shown="after_close",
        n=30,
        labels=["De Signaaltafel", "Het Oor"],
    )
    shown: list[object] = []
    wall.canvas.scene_shown.connect(shown.append)

    def publish(result: protocol.PollResult) -> None:
        wall._on_feed_event(
            protocol.LiveEvent(
                seq=len(shown) + 1,
                kind=protocol.LiveEventKind.RESULTS,
                at=datetime.now(UTC),
                results=result,
            )
        )

    async def flow() -> None:
        wall.known_polls.add(vote.id)  # its content is known: nothing to fetch
        publish(vote)
        assert wall.canvas.overlay is None  # still running: it waits its turn
        publish(vote.model_copy(update={"state": "closed", "distribution": [18, 12]}))
        await until(lambda: bool(shown), wall.canvas.scene_shown, timeout=10)
        overlay = wall.canvas.overlay
        assert overlay is not None
        assert overlay.result is not None
        assert overlay.result.state == "closed"
        assert overlay.result.distribution == [18, 12]
        # and after its time the board is bare again
        await until(lambda: wall.canvas.overlay is None, wall.canvas.scene_shown, timeout=10)

    try:
        qloop.run_until_complete(flow())
    finally:
        qloop.run_until_complete(wall.tasks.cancel())
        wall.close()
        wall.deleteLater()
