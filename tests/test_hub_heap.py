"""The hub's C heap: threads share few malloc arenas, and free pages go back to the system."""

import subprocess
import sys
import threading

import pytest

from shared.hub import heap

glibc = pytest.mark.skipif(heap._glibc() is None, reason="arenas and trimming are glibc's")

# Threads that each allocate, then the number of arenas glibc reports (malloc_info's <heap>s).
_COUNT_ARENAS = """
import ctypes, os, sys, tempfile, threading
from shared.hub import heap
if sys.argv[1] == "limited":
    assert heap.limit_arenas()
def work(ready, go):
    kept = [bytearray(4096) for _ in range(64)]  # above pymalloc's 512 bytes: malloc's own
    ready.wait()
    go.wait()
readies = [threading.Event() for _ in range(8)]
go = threading.Event()
threads = [threading.Thread(target=lambda r=r: (work(r, go))) for r in readies]
for t in threads:
    t.start()
for r in readies:
    r.set()
libc = ctypes.CDLL(None)
libc.fopen.restype = ctypes.c_void_p
path = os.path.join(tempfile.mkdtemp(), "info.xml")
stream = libc.fopen(path.encode(), b"w")
libc.malloc_info(0, ctypes.c_void_p(stream))
libc.fclose(ctypes.c_void_p(stream))
go.set()
for t in threads:
    t.join()
print(open(path).read().count("<heap nr="))
"""


def _arenas(mode: str) -> int:
    done = subprocess.run(
        [sys.executable, "-c", _COUNT_ARENAS, mode],
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    return int(done.stdout.strip())


@glibc
def test_the_hubs_threads_share_at_most_two_arenas() -> None:
    assert _arenas("free") > heap.ARENAS  # without the limit each thread takes its own
    assert _arenas("limited") <= heap.ARENAS


@glibc
def test_trimming_runs_until_stopped() -> None:
    stop = threading.Event()
    thread = heap.trim_every(0.01, stop)
    assert thread is not None
    assert thread.is_alive()
    heap.trim()  # callable between passes, from any thread
    stop.set()
    thread.join(5)
    assert not thread.is_alive()
