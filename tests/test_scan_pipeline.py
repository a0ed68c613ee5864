import threading
import time
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path

import numpy as np
import pytest

from shared import tickets
from shared.scan.decode import Decoded, Decoder
from shared.scan.frames import SourceError, VideoFileSource, VirtualCamera, write_video
from shared.scan.pipeline import CameraState, CameraStatus, Debouncer, ScanEvent, ScanPipeline

TODAY = date.today()
SIGNER = tickets.TicketSigner(tickets.generate_private_key(), event_id=9, key_id=0)
VERIFIER = tickets.TicketVerifier(event_id=9, public_keys={0: SIGNER.public_key})


def token(attendee: int) -> str:
    return SIGNER.sign(
        attendee_id=attendee, serial=attendee * 11, valid_from=TODAY, valid_until=TODAY
    )


class Collector:
    def __init__(self) -> None:
        self.events: list[ScanEvent] = []
        self.statuses: list[CameraStatus] = []
        self.changed = threading.Condition()

    def scan(self, event: ScanEvent) -> None:
        with self.changed:
            self.events.append(event)
            self.changed.notify_all()

    def status(self, status: CameraStatus) -> None:
        with self.changed:
            self.statuses.append(status)
            self.changed.notify_all()

    def wait_for(self, predicate: Callable[[], bool], timeout: float = 20) -> None:
        with self.changed:
            assert self.changed.wait_for(predicate, timeout), "timed out"


def run_video(path: Path, collector: Collector) -> ScanPipeline:
    source = VideoFileSource(path, realtime=False)
    pipeline = ScanPipeline(
        source,
        Decoder(),
        collector.scan,
        verify=lambda t: VERIFIER.check(t, today=TODAY),
        on_status=collector.status,
        debounce=0.5,
    )
    # paced like a camera, but faster than real time so the test is short
    source.realtime = True
    pipeline.start()
    return pipeline


def play_to_end(path: Path, collector: Collector) -> None:
    """Run the pipeline on a video until the file ended, then stop it."""
    pipeline = run_video(path, collector)
    source = pipeline.source
    assert isinstance(source, VideoFileSource)
    deadline = time.monotonic() + 30
    while not source.ended and time.monotonic() < deadline:
        time.sleep(0.05)
    pipeline.stop()


def test_debouncer() -> None:
    d = Debouncer(hold=1.0)
    assert d.feed(["a"], 0.0) == ["a"]
    assert d.feed(["a"], 0.5) == []
    assert d.feed(["a", "b"], 1.2) == ["b"]
    assert d.feed(["a"], 3.0) == ["a"]
    d.reset()
    assert d.feed(["a"], 3.1) == ["a"]


def test_ticket_held_two_seconds_fires_once(tmp_path: Path) -> None:
    path = tmp_path / "one.avi"
    write_video(path, [(None, 0.5), (token(1), 2.0), (None, 0.5)])
    collector = Collector()
    play_to_end(path, collector)
    assert [e.text for e in collector.events] == [token(1)]
    assert collector.events[0].check is not None
    assert collector.events[0].check.valid


def test_two_tickets_in_succession_fire_twice(tmp_path: Path) -> None:
    path = tmp_path / "two.avi"
    write_video(path, [(token(1), 1.0), (token(2), 1.0), (None, 0.3)])
    collector = Collector()
    pipeline = run_video(path, collector)
    collector.wait_for(lambda: len(collector.events) >= 2)
    pipeline.stop()
    assert [e.text for e in collector.events] == [token(1), token(2)]


class FlakySource:
    """A camera that breaks after some frames, then works again when reopened."""

    name = "flaky"
    fps = 30.0

    def __init__(self, fail_after: int, hang: bool = False) -> None:
        self.fail_after = fail_after
        self.hang = hang
        self.opens = 0
        self.reads = 0
        self._closed = threading.Event()

    def open(self) -> None:
        self.opens += 1
        self.reads = 0
        self._closed.clear()

    def read(self) -> np.ndarray | None:
        time.sleep(1 / self.fps)
        self.reads += 1
        if self.opens == 1 and self.reads > self.fail_after:
            if self.hang:
                self._closed.wait(30)  # a frozen driver: only close() wakes it
                raise SourceError("frozen")
            raise SourceError("USB camera unplugged")
        return np.full((120, 160, 3), 128, np.uint8)

    def close(self) -> None:
        self._closed.set()


@pytest.mark.parametrize("hang", [False, True], ids=["raises", "stalls"])
def test_watchdog_reopens_a_broken_source(hang: bool) -> None:
    source = FlakySource(fail_after=5, hang=hang)
    collector = Collector()
    pipeline = ScanPipeline(
        source, Decoder(), collector.scan, on_status=collector.status, stall_timeout=0.5
    )
    pipeline.start()
    collector.wait_for(lambda: source.opens >= 2 and pipeline.state is CameraState.RUNNING)
    pipeline.stop()
    states = [s.state for s in collector.statuses]
    assert CameraState.RUNNING in states
    assert (CameraState.STALLED if hang else CameraState.LOST) in states
    assert states[-1] is CameraState.STOPPED
    lost = next(s for s in collector.statuses if s.state in (CameraState.LOST, CameraState.STALLED))
    assert lost.text("nl")
    assert lost.text("en")


def test_newest_frame_wins() -> None:
    class SlowDecoder(Decoder):
        def decode(self, frame: np.ndarray, *, thorough: bool = False) -> Decoded:
            time.sleep(0.1)
            return super().decode(frame, thorough=thorough)

    camera = VirtualCamera(320, 240, fps=60)
    collector = Collector()
    pipeline = ScanPipeline(camera, SlowDecoder(), collector.scan)
    pipeline.start()
    time.sleep(1.0)
    pipeline.stop()
    assert pipeline.dropped > pipeline.decoded  # older frames were dropped, not queued


def test_virtual_camera_shows_what_is_held_up() -> None:
    camera = VirtualCamera(1280, 720, fps=30)
    collector = Collector()
    pipeline = ScanPipeline(
        camera, Decoder(), collector.scan, verify=lambda t: VERIFIER.check(t, today=TODAY)
    )
    pipeline.start()
    time.sleep(0.3)
    assert collector.events == []
    camera.hold(token(3))
    collector.wait_for(lambda: len(collector.events) == 1)
    camera.hold("https://example.nl/")
    collector.wait_for(lambda: len(collector.events) == 2)
    pipeline.stop()
    first, second = collector.events[0].check, collector.events[1].check
    assert first is not None
    assert first.valid
    assert second is not None
    assert second.verdict is tickets.Verdict.NOT_A_TICKET


def test_open_failure_is_reported_and_retried() -> None:
    class Gone:
        name = "camera 7"
        fps = 30.0

        def __init__(self) -> None:
            self.tries = 0

        def open(self) -> None:
            self.tries += 1
            raise SourceError("camera 7 cannot be opened")

        def read(self) -> np.ndarray | None:
            raise AssertionError("never opened")

        def close(self) -> None:
            pass

    gone = Gone()
    collector = Collector()
    pipeline = ScanPipeline(gone, Decoder(), collector.scan, on_status=collector.status)
    pipeline.start()
    collector.wait_for(lambda: gone.tries >= 2)
    pipeline.stop()
    assert any("cannot be opened" in s.detail for s in collector.statuses)


def test_expired_days_are_not_valid(tmp_path: Path) -> None:
    old = SIGNER.sign(
        attendee_id=1,
        serial=1,
        valid_from=TODAY - timedelta(days=9),
        valid_until=TODAY - timedelta(days=8),
    )
    assert VERIFIER.check(old, today=TODAY).verdict is tickets.Verdict.NOT_VALID_NOW


def test_a_text_read_in_one_frame_only_fires_when_it_is_a_ticket(tmp_path: Path) -> None:
    path = tmp_path / "glimpses.avi"
    url = "https://example.org/not-a-ticket"
    # one frame each, fully in view; then the same not-a-ticket held up a while
    write_video(
        path,
        [(None, 0.3), (token(1), 1 / 30), (None, 0.3), (url, 1 / 30), (None, 1.0), (url, 0.5)],
        slide_in=False,
    )
    collector = Collector()
    play_to_end(path, collector)
    # a signed ticket cannot be a misread: one frame is enough; a one-frame glimpse of
    # anything else might be, so only the held-up one fires
    assert [e.text for e in collector.events] == [token(1), url]
    assert collector.events[0].check is not None
    assert collector.events[0].check.valid
