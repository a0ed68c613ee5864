"""Writing a polaroid to the pillar's folder as a JPEG, until the outbox has uploaded it."""

from __future__ import annotations

import uuid
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import numpy as np

QUALITY = 90  # sharp enough for a wall, small enough for a venue's network


def save_jpeg(frame: np.ndarray, folder: Path) -> Path | None:
    """Write a camera frame (BGR) as a new JPEG in ``folder``; None when it cannot be encoded."""
    import cv2  # loaded with the camera, never for the first screen

    ok, jpeg = cv2.imencode(".jpg", frame, [cv2.IMWRITE_JPEG_QUALITY, QUALITY])
    if not ok:
        return None
    folder.mkdir(parents=True, exist_ok=True)
    # a random name: one made of the moment would date the photo beside the scans
    path = folder / f"{uuid.uuid4().hex}.jpg"
    path.write_bytes(jpeg.tobytes())
    return path
