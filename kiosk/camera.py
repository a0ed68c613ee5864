"""The camera as Qt sees it: the scan pipeline's callbacks turned into queued signals."""

from __future__ import annotations

import threading

import numpy as np
from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QImage

from kiosk.widgets import frame_to_image
from shared.scan.decode import Decoder
from shared.scan.frames import FrameSource
from shared.scan.pipeline import CameraStatus, ScanEvent, ScanPipeline


class Camera(QObject):
    """Runs a :class:`ScanPipeline` and reports to the UI thread.

    Signals:
        frame_ready(QImage): a preview frame, at display rate.
        code_scanned(object): a :class:`ScanEvent` (raw text; the session verifies it).
        status_changed(object): a :class:`CameraStatus` for the staff indicator.
    """

    frame_ready = Signal(QImage)
    code_scanned = Signal(object)
    status_changed = Signal(object)

    def __init__(self, source: FrameSource, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.source = source
        self.paused = False
        self._latest: np.ndarray | None = None
        self._lock = threading.Lock()
        self.pipeline = ScanPipeline(
            source,
            Decoder(),
            self._on_scan,
            on_preview=self._on_preview,
            on_status=self.status_changed.emit,
            preview_fps=25,
        )

    def start(self) -> None:
        """Start the capture and decode threads."""
        self.pipeline.start()

    def stop(self) -> None:
        """Stop them and release the camera."""
        self.pipeline.stop()

    def latest_frame(self) -> np.ndarray | None:
        """A copy of the newest frame (for the polaroid)."""
        with self._lock:
            return None if self._latest is None else self._latest.copy()

    def forget(self) -> None:
        """Let the same ticket start a new session right away (after a session ends)."""
        self.pipeline.debouncer.reset()

    def _on_preview(self, frame: np.ndarray) -> None:
        with self._lock:
            self._latest = frame
        self.frame_ready.emit(frame_to_image(frame))

    def _on_scan(self, event: ScanEvent) -> None:
        if not self.paused:
            self.code_scanned.emit(event)


__all__ = ["Camera", "CameraStatus", "ScanEvent"]
