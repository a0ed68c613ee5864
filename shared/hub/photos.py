"""Polaroid uploads: prove it is an image, re-encode to a clean JPEG, keep it by hash."""

from __future__ import annotations

import os

# Refuse decompression bombs before OpenCV allocates them (must be set before import).
os.environ.setdefault("OPENCV_IO_MAX_IMAGE_PIXELS", str(50_000_000))

import cv2
import numpy as np

MAX_SIDE = 1600
JPEG_QUALITY = 85
_SIGNATURES = (b"\xff\xd8\xff", b"\x89PNG\r\n\x1a\n")


class PhotoError(ValueError):
    """An upload that is not a usable photo; the message says why."""


def reencode(data: bytes) -> tuple[bytes, int, int]:
    """Decode a JPEG or PNG and return a fresh JPEG (longest side ≤ 1600 px) and its size.

    Re-encoding drops every byte the pillar sent but the pixels: EXIF (with GPS
    and camera serials), comments, trailing data. The EXIF orientation is
    applied first, so the photo stands the right way up.

    Raises:
        PhotoError: not a JPEG or PNG, undecodable, or absurd dimensions.
    """
    if not data.startswith(_SIGNATURES):
        raise PhotoError("not a JPEG or PNG image")
    image = cv2.imdecode(np.frombuffer(data, dtype=np.uint8), cv2.IMREAD_COLOR)
    if image is None:
        raise PhotoError("the image cannot be decoded")
    height, width = image.shape[:2]
    if min(height, width) < 16:
        raise PhotoError("the image is too small")
    scale = MAX_SIDE / max(height, width)
    if scale < 1:
        image = cv2.resize(
            image, (round(width * scale), round(height * scale)), interpolation=cv2.INTER_AREA
        )
        height, width = image.shape[:2]
    ok, encoded = cv2.imencode(".jpg", image, [cv2.IMWRITE_JPEG_QUALITY, JPEG_QUALITY])
    if not ok:
        raise PhotoError("the image cannot be encoded")
    return encoded.tobytes(), width, height
