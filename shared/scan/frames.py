"""Frame sources behind one interface: a webcam, a video file, an image folder, a virtual camera.

A source is opened, read frame by frame (``None`` means no frame right now, an
exception means the source broke), and closed. The capture thread of
:mod:`shared.scan.pipeline` owns it; nothing here touches Qt.
"""

from __future__ import annotations

import dataclasses
import logging
import threading
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

import cv2
import numpy as np

from shared.scan import scenes
from shared.scan.scenes import Pose

log = logging.getLogger("zuil.scan.frames")

IMAGE_SUFFIXES = {".png", ".jpg", ".jpeg", ".webp", ".bmp"}


class SourceError(RuntimeError):
    """A source that cannot be opened or stopped giving frames; the message is for staff."""


class FrameSource(Protocol):
    """Anything that gives camera frames (BGR ``uint8`` arrays)."""

    name: str
    fps: float

    def open(self) -> None:
        """Start giving frames (again, after a close)."""

    def read(self) -> np.ndarray | None:
        """The next frame, or None if none is ready; raises ``SourceError`` when broken."""

    def close(self) -> None:
        """Release the device or file."""


class CameraSource:
    """A webcam by index (``0``) or device name/path (``/dev/video2``), via OpenCV.

    Args:
        device: index or name.
        width: requested frame width.
        height: requested frame height.
    """

    def __init__(self, device: int | str, width: int = 1280, height: int = 720) -> None:
        self.device = device
        self.name = f"camera {device}"
        self.fps = 30.0
        self._size = (width, height)
        self._capture: cv2.VideoCapture | None = None

    def open(self) -> None:
        """Open the camera with the platform's usual backend."""
        capture = cv2.VideoCapture(self.device)
        if not capture.isOpened():
            capture.release()
            raise SourceError(f"{self.name} cannot be opened")
        capture.set(cv2.CAP_PROP_FRAME_WIDTH, self._size[0])
        capture.set(cv2.CAP_PROP_FRAME_HEIGHT, self._size[1])
        capture.set(cv2.CAP_PROP_BUFFERSIZE, 1)  # the newest frame, not a queue of old ones
        self.fps = capture.get(cv2.CAP_PROP_FPS) or 30.0
        self._capture = capture

    def read(self) -> np.ndarray | None:
        """Block until the camera delivers a frame."""
        if self._capture is None:
            raise SourceError(f"{self.name} is not open")
        ok, frame = self._capture.read()
        if not ok:
            raise SourceError(f"{self.name} stopped giving frames")
        return frame

    def close(self) -> None:
        """Release the camera."""
        if self._capture is not None:
            self._capture.release()
            self._capture = None


class VideoFileSource:
    """A video file played at its own frame rate (or as fast as read, ``realtime=False``).

    Args:
        path: the file.
        loop: start again at the end instead of ending.
        realtime: pace frames by the file's frame rate, like a camera.
    """

    def __init__(self, path: Path, *, loop: bool = False, realtime: bool = True) -> None:
        self.path = path
        self.name = f"video {path.name}"
        self.fps = 30.0
        self.loop = loop
        self.realtime = realtime
        self._capture: cv2.VideoCapture | None = None
        self._next = 0.0
        self.frame_index = -1
        self.ended = False

    def open(self) -> None:
        """Open the file."""
        capture = cv2.VideoCapture(str(self.path))
        if not capture.isOpened():
            raise SourceError(f"{self.name} cannot be opened")
        self.fps = capture.get(cv2.CAP_PROP_FPS) or 30.0
        self._capture = capture
        self._next = time.monotonic()
        self.frame_index = -1
        self.ended = False

    def read(self) -> np.ndarray | None:
        """The next frame, at the file's pace; None once the file ended."""
        if self._capture is None:
            raise SourceError(f"{self.name} is not open")
        if self.realtime:
            delay = self._next - time.monotonic()
            if delay > 0:
                time.sleep(delay)
            self._next = max(self._next + 1 / self.fps, time.monotonic() - 1 / self.fps)
        ok, frame = self._capture.read()
        if not ok:
            if self.loop:
                self._capture.set(cv2.CAP_PROP_POS_FRAMES, 0)
                self.frame_index = -1
                ok, frame = self._capture.read()
            if not ok:
                self.ended = True
                time.sleep(1 / self.fps)
                return None
        self.frame_index += 1
        return frame

    def close(self) -> None:
        """Close the file."""
        if self._capture is not None:
            self._capture.release()
            self._capture = None


class ImageFolderSource:
    """The images of a folder, in name order, as frames at ``fps`` (looping).

    Args:
        folder: the folder.
        fps: frames per second.
    """

    def __init__(self, folder: Path, fps: float = 10.0) -> None:
        self.folder = folder
        self.name = f"images {folder.name}"
        self.fps = fps
        self._files: list[Path] = []
        self._index = 0

    def open(self) -> None:
        """List the images."""
        self._files = sorted(p for p in self.folder.iterdir() if p.suffix.lower() in IMAGE_SUFFIXES)
        if not self._files:
            raise SourceError(f"no images in {self.folder}")
        self._index = 0

    def read(self) -> np.ndarray | None:
        """The next image (unreadable files are skipped)."""
        time.sleep(1 / self.fps)
        path = self._files[self._index % len(self._files)]
        self._index += 1
        frame = cv2.imread(str(path), cv2.IMREAD_COLOR)
        if frame is None:
            log.warning("skipping unreadable image %s", path.name)
        return frame

    def close(self) -> None:
        """Nothing to release."""


@dataclass(frozen=True)
class Held:
    """What someone holds up to the virtual camera: a QR of a text, a printed card, or nothing."""

    text: str | None
    since: float
    card: np.ndarray | None = None


class VirtualCamera:
    """A camera that films a person holding up a QR code, for the demo and tests.

    The code moves, tilts and blurs as if held by hand, comes into view over a
    few frames, and can be swapped or taken away at any time from another thread.

    Args:
        width: frame width.
        height: frame height.
        fps: frames per second.
        seed: makes the backdrop and the motion repeatable.
    """

    def __init__(self, width: int = 1280, height: int = 720, fps: float = 30.0, seed: int = 1):
        self.name = "virtual camera"
        self.fps = fps
        self.size = (width, height)
        self._seed = seed
        self._backdrop = scenes.background(width, height, seed)
        self._held = Held(None, time.monotonic())
        self._lock = threading.Lock()
        self._next = 0.0
        self._count = 0

    def hold(self, text: str | None) -> None:
        """Hold up a code (or take it away: ``None``)."""
        with self._lock:
            self._held = Held(text, time.monotonic())

    def hold_card(self, card: np.ndarray, label: str = "card") -> None:
        """Hold up a printed card: a grey or BGR image of paper (a ticket as printed)."""
        with self._lock:
            self._held = Held(label, time.monotonic(), card)

    @property
    def held(self) -> str | None:
        """The text being held up now."""
        return self._held.text

    def open(self) -> None:
        """Start the clock."""
        self._next = time.monotonic()

    def pose(self, t: float) -> Pose:
        """How the code is held ``t`` seconds after it was raised (slides in, then sways)."""
        entering = min(t / 0.25, 1.0)
        sway = np.sin(t * 1.7)
        return Pose(
            cx=0.5 + 0.04 * sway - (1 - entering) * 0.6,
            cy=0.52 + 0.02 * np.cos(t * 2.3),
            size=0.5,
            roll=6 * sway,
            tilt=0.12 + 0.08 * np.sin(t * 0.9),
            blur=0.6 + 1.2 * abs(np.cos(t * 3.1)) * (1 if t < 0.6 else 0.4),
            noise=3,
        )

    def read(self) -> np.ndarray | None:
        """The next frame, at the camera's pace."""
        delay = self._next - time.monotonic()
        if delay > 0:
            time.sleep(delay)
        self._next = max(self._next + 1 / self.fps, time.monotonic() - 1 / self.fps)
        with self._lock:
            held = self._held
        self._count += 1
        width, height = self.size
        if held.text is None:
            return scenes.render(
                None, width, height, Pose(noise=3), backdrop=self._backdrop, seed=self._count
            )
        pose = self.pose(time.monotonic() - held.since)
        if held.card is not None:
            pose = dataclasses.replace(pose, size=0.75)  # a ticket is held closer than a code
        return scenes.render(
            held.text,
            width,
            height,
            pose,
            backdrop=self._backdrop,
            seed=self._count,
            card=held.card,
        )

    def close(self) -> None:
        """Nothing to release."""


def write_video(
    path: Path,
    timeline: Sequence[tuple[str | None, float]],
    *,
    size: tuple[int, int] = (1280, 720),
    fps: float = 30.0,
    slide_in: bool = True,
) -> list[tuple[int, int, str | None]]:
    """Write a video of codes held up in turn: ``(text or None, seconds)`` per segment.

    With ``slide_in=False`` each code is fully in view from its segment's first
    frame (for measuring the latency from that frame to the verdict).

    Returns:
        The first and last frame index of each segment, with its text.
    """
    writer = cv2.VideoWriter(str(path), cv2.VideoWriter.fourcc(*"MJPG"), fps, size)
    if not writer.isOpened():
        raise SourceError(f"cannot write {path}")
    camera = VirtualCamera(*size, fps=fps)
    backdrop = camera._backdrop
    segments = []
    index = 0
    for text, seconds in timeline:
        frames = round(seconds * fps)
        segments.append((index, index + frames - 1, text))
        for n in range(frames):
            if text is None:
                frame = scenes.render(None, *size, Pose(noise=3), backdrop=backdrop, seed=index)
            else:
                t = n / fps if slide_in else 1.0 + n / fps
                frame = scenes.render(text, *size, camera.pose(t), backdrop=backdrop, seed=index)
            writer.write(frame)
            index += 1
    writer.release()
    return segments


def open_source(spec: str) -> FrameSource:
    """A source from a command-line spec: a webcam, a video, a folder, or ``virtual``.

    ``0`` is the first webcam, ``/dev/video2`` a device, a file a video (looped), a
    folder its images in turn, ``virtual`` the virtual camera.
    """
    if spec == "virtual":
        return VirtualCamera()
    if spec.isdigit():
        return CameraSource(int(spec))
    path = Path(spec)
    if path.is_dir():
        return ImageFolderSource(path)
    if path.is_file() and not str(path).startswith("/dev/"):
        return VideoFileSource(path, loop=True)
    return CameraSource(spec)
