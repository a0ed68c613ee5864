"""The hub process's C heap: glibc's allocator kept from hoarding freed memory over a day.

Under a steady load nothing in Python grows (``zuil bench soak --trace``: the
traced heap stays within a few kB between minute 1 and the end) and SQLite's
own memory stops at its caches' sizes, yet the resident memory crept up some
100 MB an hour. About half of it was memory glibc had been given back and kept:
every thread that allocates gets an arena of its own (up to eight per core),
and the hub has nine such threads (the event loop, the store's writer, the
worker threads of the reads, each with its SQLite connection). Buffers of
every size come and go in each of them (request and reply bodies, SQLite's
pages and statements, a wall snapshot a little bigger each time), and freed
chunks between live ones cannot be handed back to the system, so each arena's
footprint only grows.

Two things hold it back (measured: 104 -> 51 MB an hour in five minutes, see
docs/performance.md): few arenas (:func:`limit_arenas`, before the threads
start), and a periodic :func:`trim`, which returns the free pages inside each
arena to the system (``malloc_trim`` does that in the middle of the heap too,
not only at its top). Both are glibc's; elsewhere they do nothing.
"""

from __future__ import annotations

import ctypes
import logging
import sys
import threading

log = logging.getLogger("zuil.hub.heap")

ARENAS = 2  # the event loop and the writer do nearly all the allocating; readers share
TRIM_EVERY_S = 60.0  # one pass takes a few ms at the hub's size
_M_ARENA_MAX = -8  # mallopt parameter, from glibc's malloc.h


def _glibc() -> ctypes.CDLL | None:
    """The process's C library when it is glibc, else None."""
    if not sys.platform.startswith("linux"):
        return None
    try:
        libc = ctypes.CDLL(None)
    except OSError:
        return None
    if not all(hasattr(libc, f) for f in ("gnu_get_libc_version", "mallopt", "malloc_trim")):
        return None  # another C library (musl has its own allocator, without arenas)
    return libc


def limit_arenas(count: int = ARENAS) -> bool:
    """Let threads share ``count`` malloc arenas; call before the threads start.

    Returns:
        Whether the limit was set (False: not glibc).
    """
    libc = _glibc()
    return bool(libc is not None and libc.mallopt(_M_ARENA_MAX, count))


def trim() -> bool:
    """Give the free pages of every malloc arena back to the system.

    Returns:
        Whether any memory was given back (False too when not glibc).
    """
    libc = _glibc()
    return bool(libc is not None and libc.malloc_trim(0))


def trim_every(seconds: float, stop: threading.Event) -> threading.Thread | None:
    """Trim the heap every ``seconds`` on a thread of its own, until ``stop`` is set.

    Returns:
        The thread, or None when the C library is not glibc (nothing to trim).
    """
    if _glibc() is None:
        return None

    def run() -> None:
        while not stop.wait(seconds):
            try:
                trim()
            except Exception:  # never take the hub down over housekeeping
                log.exception("could not trim the heap")

    thread = threading.Thread(target=run, name="zuil-heap-trim", daemon=True)
    thread.start()
    return thread
