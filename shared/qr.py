"""QR images of tickets and links (segno), as PNG or SVG."""

from __future__ import annotations

import io
from pathlib import Path

import segno

# Level M: a ticket token fits version 6 (41x41 modules) and survives smudges and glare.
ERROR_LEVEL = "m"


def make(text: str) -> segno.QRCode:
    """The QR code of ``text`` at level M (segno picks the compact alphanumeric mode)."""
    return segno.make(text, error=ERROR_LEVEL, micro=False, boost_error=False)


def png_bytes(text: str, *, scale: int = 10, border: int = 4) -> bytes:
    """A PNG image of the QR code of ``text``."""
    buffer = io.BytesIO()
    make(text).save(buffer, kind="png", scale=scale, border=border)
    return buffer.getvalue()


def save(text: str, path: Path, *, scale: int = 10, border: int = 4) -> None:
    """Write the QR code of ``text`` as PNG or SVG, chosen by the file's suffix."""
    make(text).save(str(path), scale=scale, border=border)
