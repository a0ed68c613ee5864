"""QR images of tickets and links (segno), as PNG or SVG, or as a matrix of modules."""

from __future__ import annotations

import functools
import io
import logging
import multiprocessing
import os
from collections.abc import Generator, Sequence
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path

import numpy as np
import numpy.typing as npt
import segno
from segno import encoder

# Level M: a ticket token fits version 6 (41x41 modules) and survives smudges and glare.
ERROR_LEVEL = "m"

# A run this long is shared with worker processes; shorter ones are done before those
# would have started. The first HEAD codes are made here while the workers start.
PARALLEL_FROM = 256
HEAD = 96
CHUNK = 32

log = logging.getLogger("zuil.qr")

_N3 = bytes((1, 0, 1, 1, 1, 0, 1))  # the finder-like 1:1:3:1:1 run the mask rules penalise


def make(text: str, *, mask: int | None = None) -> segno.QRCode:
    """The QR code of ``text`` at level M (segno picks the compact alphanumeric mode)."""
    return segno.make(text, error=ERROR_LEVEL, micro=False, boost_error=False, mask=mask)


def png_bytes(text: str, *, scale: int = 10, border: int = 4) -> bytes:
    """A PNG image of the QR code of ``text``."""
    buffer = io.BytesIO()
    make(text).save(buffer, kind="png", scale=scale, border=border)
    return buffer.getvalue()


def save(text: str, path: Path, *, scale: int = 10, border: int = 4) -> None:
    """Write the QR code of ``text`` as PNG or SVG, chosen by the file's suffix."""
    make(text).save(str(path), scale=scale, border=border)


Matrix = npt.NDArray[np.bool_]


def modules(text: str) -> Matrix:
    """The QR code of ``text`` as a square of modules (True is dark), without quiet zone.

    The very symbol :func:`make` gives, mask included, at a quarter of the cost:
    segno scores its eight data masks module by module in Python, which is four
    fifths of its time for a ticket; here the symbol is encoded once (mask 0) and
    the eight candidates are scored at once with numpy by segno's own rules
    (ISO/IEC 18004 7.8.3, ties to the lowest mask), so printing thousands of
    tickets does not wait on the masks.
    """
    first = np.array(make(text, mask=0).matrix, dtype=np.uint8)
    width = first.shape[0]
    region, reserved, masks = _layout(width)
    data = first ^ masks[0]  # the codewords as placed, before any mask
    candidates = np.where(region, data ^ masks, reserved)
    best = int(np.argmin(_penalties(candidates)))
    return np.where(region, candidates[best], _finished(width, best)).astype(bool)


def modules_each(
    texts: Sequence[str], *, workers: int | None = None
) -> Generator[Matrix, None, None]:
    """:func:`modules` of each text, in order, yielded as each is ready.

    Encoding is pure Python, so threads would only queue for the interpreter: a long
    run is shared with worker processes (spawned, which works the same on every
    platform and in the frozen app), and this process makes the first few codes while
    they start. Should the workers fail to start or die, the rest is made here.

    Args:
        texts: what to encode.
        workers: how many worker processes (default: one per core, at most four).
    """
    count = min(os.cpu_count() or 1, 4) if workers is None else workers
    if count < 2 or len(texts) < PARALLEL_FROM:
        yield from map(modules, texts)
        return
    try:
        pool = ProcessPoolExecutor(count, mp_context=multiprocessing.get_context("spawn"))
        rest = pool.map(modules, texts[HEAD:], chunksize=CHUNK)
    except (OSError, RuntimeError) as error:  # e.g. no process semaphores where we run
        log.warning("QR codes made in one process: %s", error)
        yield from map(modules, texts)
        return
    done = HEAD
    finished = False
    try:
        yield from map(modules, texts[:HEAD])
        for matrix in rest:
            yield matrix
            done += 1
        finished = True
    except BrokenProcessPool as error:
        log.warning("QR worker stopped (%s); making the rest in one process", error)
        yield from map(modules, texts[done:])
    finally:
        # Idle workers after a whole run leave at once (and their CPU time is counted);
        # a run given up midway does not wait for codes nobody will draw.
        pool.shutdown(wait=finished, cancel_futures=True)


@functools.cache
def _layout(
    width: int,
) -> tuple[npt.NDArray[np.bool_], npt.NDArray[np.uint8], npt.NDArray[np.uint8]]:
    """For a symbol size: its data region, its other modules as scored, and the 8 masks.

    Built with segno's own function-pattern code, so the region and the reserved
    format and version areas (light while the masks are scored) are exactly its.
    """
    matrix = encoder.make_matrix(width, width)  # type: ignore[no-untyped-call]
    encoder.add_finder_patterns(matrix, width, width)  # type: ignore[no-untyped-call]
    encoder.add_alignment_patterns(matrix, width, width)  # type: ignore[no-untyped-call]
    function = np.array(matrix, dtype=np.uint8)
    region = function > 1
    function[-8, 8] = 0  # the dark module is outside the data and light while scoring
    i, j = np.indices((width, width))
    rules = [
        (i + j) % 2 == 0,
        i % 2 == 0,
        j % 3 == 0,
        (i + j) % 3 == 0,
        (i // 2 + j // 3) % 2 == 0,
        (i * j) % 2 + (i * j) % 3 == 0,
        ((i * j) % 2 + (i * j) % 3) % 2 == 0,
        ((i + j) % 2 + (i * j) % 3) % 2 == 0,
    ]
    masks = (np.array(rules) & region).astype(np.uint8)
    return region, np.where(region, 0, function).astype(np.uint8), masks


@functools.cache
def _finished(width: int, mask: int) -> npt.NDArray[np.uint8]:
    """The modules outside the data region of a finished symbol of this size and mask.

    Finder, timing and alignment patterns, format and version information do not
    depend on the text, so any text of the same version gives them.
    """
    version = (width - 17) // 4
    code = segno.make(
        "0", version=version, error=ERROR_LEVEL, micro=False, boost_error=False, mask=mask
    )
    return np.array(code.matrix, dtype=np.uint8)


def _penalties(candidates: npt.NDArray[np.uint8]) -> list[int]:
    """Each candidate symbol's penalty score (N1 + N2 + N3 + N4), by segno's rules."""
    count, width, _ = candidates.shape
    # Every row and every column of every candidate, each ended by a 2 so no run
    # or pattern reaches into the next line.
    lines = np.concatenate([candidates, candidates.transpose(0, 2, 1)], axis=1)
    padded = np.full((count, 2 * width, width + 1), 2, dtype=np.uint8)
    padded[:, :, :width] = lines
    # N1: a run of five or more like modules in a line scores its length minus 2, that
    # is one for each five-module window in it and two more for the run itself.
    same = padded[:, :, 1:] == padded[:, :, :-1]
    fives = same[:, :, :-3] & same[:, :, 1:-2] & same[:, :, 2:-1] & same[:, :, 3:]
    first = fives.copy()
    first[:, :, 1:] &= ~same[:, :, :-4]  # a window that starts its run
    n1 = fives.sum(axis=(1, 2)) + 2 * first.sum(axis=(1, 2))
    # N2: each 2x2 block of one colour scores 3.
    c = candidates
    corner = c[:, 1:, 1:]
    blocks = (corner == c[:, 1:, :-1]) & (corner == c[:, :-1, 1:]) & (corner == c[:, :-1, :-1])
    n2 = 3 * blocks.sum(axis=(1, 2))
    dark = c.sum(axis=(1, 2))
    scores = []
    for k in range(count):
        n3 = _finder_like(padded[k].tobytes(), width)
        # N4: 10 for each 5 % the dark share strays from half (float, as segno has it).
        percent = float(dark[k]) / (width**2)
        n4 = 10 * int(abs(percent * 100 - 50) / 5)
        scores.append(int(n1[k]) + int(n2[k]) + n3 + n4)
    return scores


def _finder_like(lines: bytes, width: int) -> int:
    """N3: 40 for each 1:1:3:1:1 run with four light modules (or the edge) on a side.

    Walks the lines as segno does, including where it resumes after a hit, so an
    overlapping second pattern is counted (or not) exactly as it counts it.
    """
    score = 0
    stride = width + 1
    index = lines.find(_N3)
    while index != -1:
        start = index - index % stride  # where this line begins
        local = index - start
        after = index + 7
        if (
            local in (0, width - 7)
            or not any(lines[max(index - 4, start) : index])
            or not any(lines[after : min(after + 4, start + width)])
        ):
            score += 40
        else:
            after = index + 4
        index = lines.find(_N3, after)
    return score
