"""Polaroid uploads: prove it is an image, re-encode to a clean JPEG, keep it by hash."""

from __future__ import annotations

import os
import struct

# OpenCV's own guard against decompression bombs (must be set before import); photos
# are refused by their header first (see image_size).
os.environ.setdefault("OPENCV_IO_MAX_IMAGE_PIXELS", str(50_000_000))

import cv2
import numpy as np

# Largest photo taken, in pixels: a 40-megapixel camera; decoded, 120 MB.
MAX_PIXELS = 40_000_000
MAX_SIDE = 1600
JPEG_QUALITY = 85
_SIGNATURES = (b"\xff\xd8\xff", b"\x89PNG\r\n\x1a\n")


class PhotoError(ValueError):
    """An upload that is not a usable photo; the message says why."""


class TooManyPixels(PhotoError):
    """A photo larger than :data:`MAX_PIXELS` (a decompression bomb, or no photo of a day)."""


# JPEG frame headers (SOF0-SOF15, but for DHT, JPG and DAC) hold the image's size.
_JPEG_FRAMES = {0xC0 + n for n in range(16)} - {0xC4, 0xC8, 0xCC}
# JPEG markers that stand alone, without a length: TEM and the restart markers.
_JPEG_BARE = {0x01, *range(0xD0, 0xD8)}


def image_size(data: bytes) -> tuple[int, int] | None:
    """Width and height from a PNG's or JPEG's header, without decoding a pixel.

    A few hundred kB of PNG can hold 20,000 x 20,000 pixels: asking its size
    from its header is how it is refused before 1.2 GB are allocated for it.

    Returns:
        The size, or None when the header is not one of a PNG or JPEG.
    """
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        if data[12:16] != b"IHDR" or len(data) < 24:
            return None
        width, height = struct.unpack(">II", data[16:24])
        return width, height
    if not data.startswith(b"\xff\xd8"):
        return None
    position = 2
    while position + 4 <= len(data):
        if data[position] != 0xFF:  # a segment's length was wrong: on to the next marker,
            position = data.find(b"\xff", position)  # as decoders (libjpeg) do
            if position < 0:
                return None
            continue
        marker = data[position + 1]
        if marker == 0xFF:  # fill byte before a marker
            position += 1
            continue
        if marker in _JPEG_BARE:
            position += 2
            continue
        if marker in (0xD9, 0xDA):  # end of image, or the scan: no frame header came
            return None
        (length,) = struct.unpack(">H", data[position + 2 : position + 4])
        if marker in _JPEG_FRAMES:
            if position + 9 > len(data):
                return None
            height, width = struct.unpack(">HH", data[position + 5 : position + 9])
            return width, height
        position += 2 + length
    return None


def reencode(data: bytes) -> tuple[bytes, int, int]:
    """Decode a JPEG or PNG and return a fresh JPEG (longest side ≤ 1600 px) and its size.

    Re-encoding drops every byte the pillar sent but the pixels: EXIF (with GPS
    and camera serials), comments, trailing data. The EXIF orientation is
    applied first, so the photo stands the right way up.

    Raises:
        TooManyPixels: more pixels than :data:`MAX_PIXELS`, by its header.
        PhotoError: not a JPEG or PNG, undecodable, or absurd dimensions.
    """
    if not data.startswith(_SIGNATURES):
        raise PhotoError("not a JPEG or PNG image")
    size = image_size(data)
    if size is None:
        raise PhotoError("the image cannot be decoded")
    if size[0] * size[1] > MAX_PIXELS:
        raise TooManyPixels(
            f"the image has {size[0]} x {size[1]} pixels; at most {MAX_PIXELS:,} are taken"
        )
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
