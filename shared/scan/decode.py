"""QR decoding: zxing-cpp and pyzbar behind one function, in the order measured best.

Measured on 96 generated hard webcam cases at 1280x720 (``zuil bench scan``
repeats it): zxing-cpp read 90 at 1.1 ms per frame, pyzbar (QR only) 55 at
19 ms, the two together all 96. zxing-cpp misses only strong glare, which
pyzbar reads, and in most of those frames zxing-cpp still *sees* a symbol it
cannot decode (in 13 of 200 random strong-glare tickets it saw none; the
periodic sweep read them all). Hence:

1. zxing-cpp on the full grey frame (≈1 ms; with or without a code);
2. when it saw a symbol but read nothing: pyzbar on that symbol's crop (cheap);
3. otherwise pyzbar on the whole frame only on every ``sweep_every``-th empty
   frame (and always in ``thorough`` mode, as ``zuil scan`` uses), so an empty
   frame costs ≈1 ms on average and a glare case is still caught within a few
   frames.

Texts come back exactly as encoded (zxing's plain text mode; pyzbar's bytes
as UTF-8, else Latin-1, never a guessed charset). A missing native zbar
library leaves zxing-cpp working, with one logged warning.
"""

from __future__ import annotations

import logging
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import cv2
import numpy as np

log = logging.getLogger("zuil.scan.decode")

ZXING = "zxing"
ZBAR = "zbar"


@dataclass(frozen=True)
class Decoded:
    """What one frame held.

    Attributes:
        texts: the decoded texts, in the order found, without repeats.
        engine: the engine that found them (None when nothing was found).
        ms: time spent decoding.
        seen: an engine saw a QR symbol, whether or not it could read it.
    """

    texts: tuple[str, ...]
    engine: str | None
    ms: float
    seen: bool = False


def _bytes_to_text(data: bytes) -> str:
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("latin-1")


def _load_zxing() -> Callable[..., list[Any]] | None:
    try:
        import zxingcpp
    except ImportError as error:
        log.warning("zxing-cpp is not available (%s); decoding with pyzbar only", error)
        return None

    def read(gray: np.ndarray, errors: bool = False) -> list[Any]:
        return list(
            zxingcpp.read_barcodes(
                gray,
                formats=zxingcpp.BarcodeFormat.QRCode,  # type: ignore[arg-type]
                text_mode=zxingcpp.TextMode.Plain,
                return_errors=errors,
            )
        )

    return read


def _use_bundled_zbar() -> None:
    """In a frozen bundle, point pyzbar at the ``libzbar.so.0`` shipped beside it.

    pyzbar finds zbar with ``ctypes.util.find_library``, which only looks at the
    system's library paths; venue PCs need not have zbar installed.
    """
    bundle = getattr(sys, "_MEIPASS", None)
    if not bundle or sys.platform == "win32":  # the Windows wheel carries its own DLLs
        return
    shipped = Path(bundle) / ("libzbar.0.dylib" if sys.platform == "darwin" else "libzbar.so.0")
    if shipped.exists():
        from pyzbar import zbar_library

        zbar_library.find_library = lambda name: str(shipped)


def _load_zbar() -> Callable[[np.ndarray], list[str]] | None:
    _use_bundled_zbar()
    try:
        from pyzbar import pyzbar
        from pyzbar.pyzbar import ZBarSymbol
    except (ImportError, OSError) as error:
        log.warning("the zbar library is not available (%s); decoding with zxing-cpp only", error)
        return None

    def read(gray: np.ndarray) -> list[str]:
        return [_bytes_to_text(r.data) for r in pyzbar.decode(gray, symbols=[ZBarSymbol.QRCODE])]

    return read


def gray(frame: np.ndarray) -> np.ndarray:
    """A frame as one contiguous 8-bit grey channel."""
    if frame.ndim == 3:
        if frame.shape[2] == 4:
            frame = cv2.cvtColor(frame, cv2.COLOR_BGRA2GRAY)
        else:
            frame = cv2.cvtColor(frame, cv2.COLOR_BGR2GRAY)
    if frame.dtype != np.uint8:
        low, high = float(frame.min()), float(frame.max())
        span = (high - low) or 1.0
        frame = ((frame.astype(np.float64) - low) * (255 / span)).astype(np.uint8)
    return np.ascontiguousarray(frame)


class Decoder:
    """Finds QR texts in frames.

    Args:
        engines: which engines to use, in order (``zxing``, ``zbar``).
        sweep_every: run the slow full-frame pyzbar pass on every n-th empty frame.
    """

    def __init__(self, engines: Sequence[str] = (ZXING, ZBAR), sweep_every: int = 4) -> None:
        self._zxing = _load_zxing() if ZXING in engines else None
        self._zbar = _load_zbar() if ZBAR in engines else None
        if self._zxing is None and self._zbar is None:
            raise RuntimeError("no QR decoder available: install zxing-cpp or the zbar library")
        self.sweep_every = max(sweep_every, 1)
        self._empty = 0

    @property
    def engines(self) -> list[str]:
        """The engines that loaded."""
        return [name for name, fn in ((ZXING, self._zxing), (ZBAR, self._zbar)) if fn]

    def decode(self, frame: np.ndarray, *, thorough: bool = False) -> Decoded:
        """Decode one frame (BGR, BGRA or grey).

        Args:
            frame: the image.
            thorough: try every engine on the whole frame before giving up.
        """
        started = time.perf_counter()
        image = gray(frame)
        seen = False
        if self._zxing is not None:
            results = self._zxing(image, errors=self._zbar is not None)
            texts = [r.text for r in results if r.valid]
            if texts:
                return self._found(texts, ZXING, started)
            seen = any(not r.valid for r in results)
        self._empty += 1
        if self._zbar is not None and (
            seen or thorough or self._zxing is None or self._empty % self.sweep_every == 0
        ):
            for scaled in _pyramid(image, full=seen or thorough or self._zxing is None):
                texts = self._zbar(scaled)
                if texts:
                    return self._found(texts, ZBAR, started)
        return Decoded((), None, (time.perf_counter() - started) * 1000, seen)

    def _found(self, texts: list[str], engine: str, started: float) -> Decoded:
        self._empty = 0
        unique = tuple(dict.fromkeys(texts))
        return Decoded(unique, engine, (time.perf_counter() - started) * 1000, True)


def _pyramid(image: np.ndarray, full: bool) -> list[np.ndarray]:
    """Half size first (pyzbar: 4x cheaper, and it reads glare better there), then full size.

    The periodic sweep of empty frames stops at half size; the full-size pass is
    for frames where a symbol was seen, and for thorough decoding.
    """
    height, width = image.shape[:2]
    if width <= 800:
        return [image]
    half = cv2.resize(image, (width // 2, height // 2), interpolation=cv2.INTER_AREA)
    return [half, image] if full else [half]
