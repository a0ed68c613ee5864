"""The scan pipeline: capture on one thread, decode on another, newest frame wins.

Frames that arrive while a frame is being decoded replace each other; the
decoder always takes the newest and never works through a backlog. A
watchdog reopens a source that broke or stalled and reports it. Decoded texts
pass a debounce (the same ticket held up fires once; a different one fires at
once) and then the ticket verifier. Callbacks run on the pipeline's threads:
the Qt layer turns them into queued signals.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum

import numpy as np

from shared.i18n import Text
from shared.scan.decode import Decoder
from shared.scan.frames import FrameSource
from shared.tickets import Check, Verdict

log = logging.getLogger("zuil.scan")

# What a misread could be: a text that is no ticket, or one whose signature fails. Such
# a text fires only when a second frame reads it too, within CONFIRM_S; a ticket whose
# signature holds (valid or not) cannot be a misread and fires at once.
DOUBTFUL = frozenset({Verdict.NOT_A_TICKET, Verdict.TAMPERED})
CONFIRM_S = 0.5


class CameraState(StrEnum):
    """What the camera is doing, for the staff indicator."""

    STARTING = "starting"
    RUNNING = "running"
    LOST = "lost"
    STALLED = "stalled"
    STOPPED = "stopped"


STATE_TEXT = {
    CameraState.STARTING: Text("Camera start…", "Camera starting…"),
    CameraState.RUNNING: Text("Camera werkt", "Camera running"),
    CameraState.LOST: Text(
        "Camera weg: opnieuw openen… ({detail})", "Camera lost: reopening… ({detail})"
    ),
    CameraState.STALLED: Text(
        "Camera geeft geen beeld meer: opnieuw openen…", "Camera froze: reopening…"
    ),
    CameraState.STOPPED: Text("Camera gestopt", "Camera stopped"),
}


@dataclass(frozen=True)
class CameraStatus:
    """A change of the camera's state; ``detail`` says what went wrong, for staff."""

    state: CameraState
    detail: str = ""

    def text(self, lang: str = "nl") -> str:
        """The status for the staff screen."""
        return STATE_TEXT[self.state](lang, detail=self.detail)


@dataclass(frozen=True)
class ScanEvent:
    """A text held up to the camera, once per appearance.

    Attributes:
        text: exactly as encoded in the QR code.
        check: the ticket verdict (None when the pipeline has no verifier).
        engine: the decoder engine that read it.
        captured_at: ``time.monotonic()`` when the frame was captured.
        decided_at: ``time.monotonic()`` when the verdict was ready.
        frame: the number of the frame (from the source's start) it was read in.
    """

    text: str
    check: Check | None
    engine: str | None
    captured_at: float
    decided_at: float
    frame: int

    @property
    def latency_ms(self) -> float:
        """From the frame's capture to the verdict."""
        return (self.decided_at - self.captured_at) * 1000


class Debouncer:
    """Lets each text through once per appearance.

    A text fires when it was not seen in the last ``hold`` seconds; every frame
    it is seen in keeps it quiet for another ``hold``. Different texts are
    independent, so a new ticket fires at once.

    Args:
        hold: seconds a text must be gone before it fires again.
    """

    def __init__(self, hold: float = 2.0) -> None:
        self.hold = hold
        self._seen: dict[str, float] = {}

    def feed(self, texts: tuple[str, ...] | list[str], now: float) -> list[str]:
        """The texts of this frame that fire."""
        fired = [t for t in texts if now - self._seen.get(t, -1e18) > self.hold]
        for text in texts:
            self._seen[text] = now
        if len(self._seen) > 256:
            self._seen = {t: s for t, s in self._seen.items() if now - s <= self.hold}
        return fired

    def reset(self) -> None:
        """Forget what was seen (a new session may scan the same ticket again)."""
        self._seen.clear()

    def forget(self, text: str) -> None:
        """Forget one text: its next sighting fires again."""
        self._seen.pop(text, None)


class ScanPipeline:
    """Camera frames in, scan events out.

    Args:
        source: where frames come from.
        decoder: the QR decoder.
        on_scan: called with each :class:`ScanEvent` (on the decode thread).
        verify: turns a text into a ticket verdict; None to skip verification.
        on_preview: called with frames for the screen, at most ``preview_fps`` a second.
        on_status: called when the camera's state changes.
        debounce: seconds a ticket must be gone before it fires again.
        stall_timeout: seconds without a frame before the watchdog reopens the source.
        preview_fps: the preview's frame rate.
    """

    def __init__(
        self,
        source: FrameSource,
        decoder: Decoder,
        on_scan: Callable[[ScanEvent], None],
        *,
        verify: Callable[[str], Check] | None = None,
        on_preview: Callable[[np.ndarray], None] | None = None,
        on_status: Callable[[CameraStatus], None] | None = None,
        debounce: float = 2.0,
        stall_timeout: float = 3.0,
        preview_fps: float = 30.0,
    ) -> None:
        self.source = source
        self.decoder = decoder
        self.verify = verify
        self.debouncer = Debouncer(debounce)
        self._doubted: dict[str, float] = {}  # read once, not yet confirmed: when
        self.stall_timeout = stall_timeout
        self._on_scan = on_scan
        self._on_preview = on_preview
        self._on_status = on_status
        self._preview_interval = 1 / preview_fps
        self._latest: tuple[np.ndarray, float, int] | None = None
        self._ready = threading.Condition()
        self._stop = threading.Event()
        self._generation = 0
        self._last_frame = time.monotonic()
        self._frames = 0
        self._threads: list[threading.Thread] = []
        self.state = CameraState.STOPPED
        self.dropped = 0
        self.decoded = 0
        self.reopened = 0

    # -- life cycle --------------------------------------------------------------------

    def start(self) -> None:
        """Start capturing and decoding."""
        self._stop.clear()
        self._set_state(CameraStatus(CameraState.STARTING))
        self._start_capture()
        for target, name in ((self._decode_loop, "decode"), (self._watchdog, "watchdog")):
            thread = threading.Thread(target=target, name=f"zuil-scan-{name}", daemon=True)
            thread.start()
            self._threads.append(thread)

    def stop(self) -> None:
        """Stop every thread and close the source."""
        self._stop.set()
        with self._ready:
            self._ready.notify_all()
        for thread in self._threads:
            thread.join(timeout=5)
        self._threads.clear()
        self._close_source()
        self._set_state(CameraStatus(CameraState.STOPPED))

    def _start_capture(self) -> None:
        self._generation += 1
        self._last_frame = time.monotonic()
        thread = threading.Thread(
            target=self._capture_loop,
            args=(self._generation,),
            name=f"zuil-scan-capture-{self._generation}",
            daemon=True,
        )
        thread.start()
        self._threads.append(thread)

    def _set_state(self, status: CameraStatus) -> None:
        if status.state is self.state and status.state is not CameraState.LOST:
            return
        self.state = status.state
        log.info("camera %s: %s %s", self.source.name, status.state.value, status.detail)
        if self._on_status is not None:
            self._on_status(status)

    def _close_source(self) -> None:
        try:
            self.source.close()
        except Exception:
            log.exception("closing %s failed", self.source.name)

    # -- capture -------------------------------------------------------------------------

    def _capture_loop(self, generation: int) -> None:
        backoff = 0.2
        opened = False
        last_preview = 0.0
        while not self._stop.is_set() and generation == self._generation:
            if not opened:
                try:
                    self.source.open()
                except Exception as error:  # a camera that is gone: keep trying, tell staff
                    self._set_state(CameraStatus(CameraState.LOST, str(error)))
                    self._stop.wait(backoff)
                    backoff = min(backoff * 2, 5.0)
                    continue
                opened = True
                self._last_frame = time.monotonic()
            try:
                frame = self.source.read()
            except Exception as error:
                if generation != self._generation or self._stop.is_set():
                    return
                self._set_state(CameraStatus(CameraState.LOST, str(error)))
                self._close_source()
                self.reopened += 1
                opened = False
                self._stop.wait(backoff)
                backoff = min(backoff * 2, 5.0)
                continue
            if frame is None or generation != self._generation:
                continue
            now = time.monotonic()
            self._last_frame = now
            backoff = 0.2
            if self.state is not CameraState.RUNNING:
                self._set_state(CameraStatus(CameraState.RUNNING))
            with self._ready:
                if self._latest is not None:
                    self.dropped += 1  # newest wins: the older frame was never decoded
                self._frames += 1
                self._latest = (frame, now, self._frames)
                self._ready.notify()
            if self._on_preview is not None and now - last_preview >= self._preview_interval:
                last_preview = now
                self._on_preview(frame)

    def _watchdog(self) -> None:
        while not self._stop.wait(min(self.stall_timeout / 3, 1.0)):
            if self.state is not CameraState.RUNNING:
                continue
            if time.monotonic() - self._last_frame > self.stall_timeout:
                self._set_state(CameraStatus(CameraState.STALLED))
                self.reopened += 1
                # the stuck thread may never return from read(): closing the source
                # usually wakes it; a new generation takes over either way
                self._close_source()
                self._start_capture()

    # -- decode ------------------------------------------------------------------------------

    def _confirmed(self, text: str, seen_at: float) -> bool:
        """Whether a doubtful text was read in another frame just before this one.

        A camera shows a QR code that is really there for many frames; a misread of
        a ticket sliding into view (measured: "276" once in many runs) lasts one.
        """
        first = self._doubted.pop(text, None)
        if first is not None and seen_at - first <= CONFIRM_S:
            return True
        self._doubted[text] = seen_at
        if len(self._doubted) > 256:
            self._doubted = {t: s for t, s in self._doubted.items() if seen_at - s <= CONFIRM_S}
        self.debouncer.forget(text)  # so that its next sighting asks again
        return False

    def _decode_loop(self) -> None:
        while not self._stop.is_set():
            with self._ready:
                while self._latest is None and not self._stop.is_set():
                    self._ready.wait(0.5)
                if self._stop.is_set():
                    return
                assert self._latest is not None
                frame, captured_at, number = self._latest
                self._latest = None
            try:
                decoded = self.decoder.decode(frame)
            except Exception:
                log.exception("decoding a frame failed")
                continue
            self.decoded += 1
            if not decoded.texts:
                continue
            for text in self.debouncer.feed(decoded.texts, captured_at):
                check = self.verify(text) if self.verify is not None else None
                if (
                    check is not None
                    and check.verdict in DOUBTFUL
                    and not self._confirmed(text, captured_at)
                ):
                    continue
                self._on_scan(
                    ScanEvent(
                        text=text,
                        check=check,
                        engine=decoded.engine,
                        captured_at=captured_at,
                        decided_at=time.monotonic(),
                        frame=number,
                    )
                )
