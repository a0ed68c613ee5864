"""``zuil bench soak``: does the hub's memory stay put under a steady load for hours?

A real ``zuil hub`` process on 127.0.0.1, over a fresh demo data folder, gets
the load of a congress day for ``--minutes``: pillars syncing small batches of
scans, answers and notes every few seconds, walls following the live stream
(one of them reconnecting now and then), and the wall, desk and organiser
reading their screens. The hub's resident memory (``VmRSS``) is sampled every
few seconds; its growth per hour is the slope of a least-squares line through
the samples after the first minute (start-up and first-touch caches settle in
that minute).

With ``--trace FILE`` the hub runs under :mod:`tracemalloc`: it takes a
snapshot after the first minute and one at the end, and the biggest growth
between them, by traceback, is written to FILE. Memory that C code allocates
outside Python's allocator (SQLite's page cache, for one) is not in it; the
thread count and the anonymous/file split of the RSS are reported for that.
"""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import json
import os
import random
import signal
import statistics
import subprocess
import sys
import tempfile
import time
import tracemalloc
import uuid
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import TypedDict

import httpx

from shared import demo
from shared.datadir import DataDir
from shared.hub import devices
from shared.protocol import Role

TARGETS = {"growth_mb_per_hour": 10.0}


class Sample(TypedDict):
    """The hub's memory (MB) and threads at ``t`` seconds into the run."""

    t: float
    rss_mb: float
    anon_mb: float
    file_mb: float
    shmem_mb: float
    threads: int


class Machine(TypedDict):
    """Where the figures were measured."""

    cpus: int | None
    python: str


class Figures(TypedDict):
    """What :func:`run` measured (printed as JSON by ``zuil bench soak --json``)."""

    minutes: float
    growth_mb_per_hour: float
    anon_growth_mb_per_hour: float
    rss_start_mb: float
    rss_end_mb: float
    rss_peak_mb: float
    threads_start: int
    threads_end: int
    actions: int
    actions_per_s: float
    requests: int
    live_events: int
    live_reconnects: int
    errors: dict[str, int]
    traced: bool
    samples: list[Sample]
    targets: dict[str, float]
    passed: bool
    machine: Machine


class SyncBody(TypedDict):
    """A pillar's sync request as the soak sends it."""

    device_clock: str
    outbox: int
    actions: list[dict[str, object]]  # raw JSON actions: see Load._batch


WARMUP_S = 60.0  # left out of the fit: imports, first-touch caches, thread pools filling
PILLARS = 4
SUBSCRIBERS = 3
SYNC_EVERY_S = 2.0  # a pillar's sync interval under load (its outbox drains in small batches)
READ_EVERY_S = 3.0
RECONNECT_EVERY_S = 60.0  # one wall drops its stream and resumes with Last-Event-ID
TRACE_FRAMES = 20

# Runs the hub with tracemalloc on; SIGUSR1 writes a snapshot (to a temporary name, then
# renamed, so the soak sees only whole files) and, beside it, what C code holds: SQLite's
# own allocations and glibc's heap (in use and free, summed over every arena).
_TRACED_HUB = """
import ctypes, ctypes.util, json, os, signal, sys, tracemalloc
tracemalloc.start(int(sys.argv[1]))
folder = sys.argv[2]
taken = 0

class MallInfo2(ctypes.Structure):
    _fields_ = [(name, ctypes.c_size_t) for name in (
        "arena", "ordblks", "smblks", "hblks", "hblkhd", "usmblks", "fsmblks", "uordblks",
        "fordblks", "keepcost")]

def c_memory():
    found = {}
    try:
        import _sqlite3
        lib = ctypes.CDLL(_sqlite3.__file__)
        lib.sqlite3_memory_used.restype = ctypes.c_int64
        found["sqlite_bytes"] = lib.sqlite3_memory_used()
    except (OSError, AttributeError):
        pass
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c"))
        libc.mallinfo2.restype = MallInfo2
        info = libc.mallinfo2()
        found["malloc_in_use_bytes"] = info.uordblks
        found["malloc_free_bytes"] = info.fordblks
        found["malloc_mmapped_bytes"] = info.hblkhd
    except (OSError, AttributeError):
        pass
    found["python_traced_bytes"] = tracemalloc.get_traced_memory()[0]
    return found

def dump(signum, frame):
    global taken
    taken += 1
    path = os.path.join(folder, f"snapshot-{taken}")
    with open(path + ".json", "w") as out:
        json.dump(c_memory(), out)
    tracemalloc.take_snapshot().dump(path + ".part")
    os.replace(path + ".part", path + ".pickle")

signal.signal(signal.SIGUSR1, dump)
from shared.launch.cli import main
sys.exit(main(sys.argv[3:]))
"""


def _now() -> str:
    return datetime.now(UTC).isoformat()


def memory_of(pid: int) -> dict[str, int]:
    """A process's resident memory in kB (``VmRSS`` and its parts) and its thread count."""
    wanted = {"VmRSS", "RssAnon", "RssFile", "RssShmem", "Threads"}
    found: dict[str, int] = {}
    with open(f"/proc/{pid}/status", encoding="ascii") as status:
        for line in status:
            name, _, value = line.partition(":")
            if name in wanted:
                found[name] = int(value.split()[0])
    return found


def growth_per_hour(samples: list[tuple[float, float]]) -> float:
    """The slope of the least-squares line through ``(seconds, MB)`` samples, in MB per hour."""
    if len(samples) < 2:
        return 0.0
    times = [t for t, _ in samples]
    values = [v for _, v in samples]
    if max(times) == min(times):
        return 0.0
    slope, _ = statistics.linear_regression(times, values)
    return slope * 3600


@dataclass
class Setup:
    """The data folder and the devices the load comes from."""

    data: DataDir
    pillars: list[tuple[str, list[int]]]  # token, its workshop's question ids
    walls: list[str]
    desk: str
    organiser: str
    tickets: list[str]


def prepare(folder: Path) -> Setup:
    """A fresh demo data folder with paired pillars, walls, a desk and an organiser."""
    data = DataDir(folder / "data")
    demo.prepare(data)
    with data.open_store() as store:
        questions: dict[int, list[int]] = {}
        for question_id, workshop_id in store.db.execute(
            "SELECT id, workshop_id FROM questions ORDER BY id"
        ):
            questions.setdefault(workshop_id, []).append(question_id)
        workshops = store.workshops()
        pillars = []
        for number in range(PILLARS):
            workshop = workshops[number % len(workshops)]
            _, code = devices.create_pairing(store, Role.KIOSK, workshop=workshop["code"])
            paired = devices.pair(store, code)
            assert paired is not None
            pillars.append((paired[1], questions.get(workshop["id"], [])))

        def token(role: Role) -> str:
            _, code = devices.create_pairing(store, role)
            paired = devices.pair(store, code)
            assert paired is not None
            return paired[1]

        walls = [token(Role.WALL) for _ in range(SUBSCRIBERS)]
        desk, organiser = token(Role.DESK), token(Role.ORGANISER)
        signer = data.signer(store)
        tickets = [
            data.token(store, store.issue_ticket(a["id"], signer.key_id).serial)
            for a in store.attendees()
        ]
        # notes go straight to the walls, so the live stream carries them
        store.write(lambda db: db.execute("UPDATE event SET moderation = 'post'"))
    return Setup(data, pillars, walls, desk, organiser, tickets)


@contextmanager
def hub_process(data: Path, trace_dir: Path | None = None) -> Iterator[tuple[str, int]]:
    """A ``zuil hub`` subprocess on 127.0.0.1: its URL and process id."""
    hub_args = ["hub", "--host", "127.0.0.1", "--port", "0", "--data", str(data)]
    if trace_dir is None:
        command = [sys.executable, "-m", "shared", *hub_args]
    else:
        command = [sys.executable, "-c", _TRACED_HUB, str(TRACE_FRAMES), str(trace_dir), *hub_args]
    process = subprocess.Popen(
        command, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True
    )
    try:
        assert process.stdout is not None
        line = process.stdout.readline()
        if not line:
            raise RuntimeError("the hub did not start")
        yield line.rsplit(" ", 1)[-1].strip(), process.pid
    finally:
        process.terminate()
        try:
            process.wait(10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(10)
        if process.stdout:
            process.stdout.close()


@dataclass
class Tally:
    """What the load did, for the report (errors by what failed)."""

    actions: int = 0
    requests: int = 0
    events: int = 0
    reconnects: int = 0
    errors: Counter[str] = field(default_factory=Counter)

    def answered(self, what: str, response: httpx.Response) -> None:
        """Count a request and, when it was not a success, its error."""
        self.requests += 1
        if response.status_code >= 400:
            self.errors[f"{what} {response.status_code}"] += 1


class Load:
    """The steady mixed load, each loop bounded by the deadline and by a count.

    Args:
        url: the hub.
        setup: the devices and tickets.
        seconds: how long the load runs.
    """

    def __init__(self, url: str, setup: Setup, seconds: float) -> None:
        self.url = url
        self.setup = setup
        self.seconds = seconds
        self.deadline = time.monotonic() + seconds
        self.tally = Tally()
        self.random = random.Random(7)

    def _rounds(self, every: float) -> range:
        return range(int(self.seconds / every) + 2)

    async def _pause(self, every: float) -> bool:
        """Sleep about ``every`` seconds (jittered); False once the deadline has passed."""
        left = self.deadline - time.monotonic()
        if left <= 0:
            return False
        await asyncio.sleep(min(left, every * self.random.uniform(0.7, 1.3)))
        return time.monotonic() < self.deadline

    # Raw JSON as it goes out, not protocol models: what the hub receives is what is built.
    def _batch(self, questions: list[int], number: int) -> SyncBody:
        actions: list[dict[str, object]] = []
        for _ in range(self.random.randint(6, 14)):
            ticket = self.random.choice(self.setup.tickets)
            base: dict[str, object] = {"id": str(uuid.uuid4()), "at": _now()}
            if questions and self.random.random() < 0.4:
                actions.append(
                    {
                        **base,
                        "kind": "answer",
                        "ticket": ticket,
                        "question_id": self.random.choice(questions),
                        "choice": self.random.randint(0, 1),
                    }
                )
            else:
                actions.append({**base, "kind": "scan", "ticket": ticket})
        if number % 3 == 0:
            wall = self.random.choice(["top", "tip"])
            actions.append(
                {
                    "id": str(uuid.uuid4()),
                    "at": _now(),
                    "kind": "note",
                    "wall": wall,
                    "text": f"Goede sessie, punt {number}: {uuid.uuid4().hex[:12]}",
                }
            )
        return {"device_clock": _now(), "outbox": len(actions), "actions": actions}

    async def pillar(self, client: httpx.AsyncClient, token: str, questions: list[int]) -> None:
        """A pillar: a small batch every few seconds, plus a content pull now and then."""
        headers = {"Authorization": f"Bearer {token}"}
        await asyncio.sleep(self.random.uniform(0, SYNC_EVERY_S))
        for number in self._rounds(SYNC_EVERY_S):
            body = self._batch(questions, number)
            self.tally.answered("sync", await client.post("/api/sync", json=body, headers=headers))
            self.tally.actions += len(body["actions"])
            if number % 5 == 0:
                response = await client.get("/api/content", params={"cursor": 0}, headers=headers)
                self.tally.answered("content", response)
            if not await self._pause(SYNC_EVERY_S):
                return

    async def subscriber(self, client: httpx.AsyncClient, token: str, reconnects: bool) -> None:
        """A wall following the live stream; ``reconnects``: it drops and resumes every minute."""
        headers = {"Authorization": f"Bearer {token}"}
        snapshot = await client.get("/api/wall", headers=headers)
        self.tally.answered("wall", snapshot)
        after = snapshot.json()["last_event"]
        for _ in self._rounds(RECONNECT_EVERY_S):
            left = self.deadline - time.monotonic()
            if left <= 0:
                return
            span = min(left, RECONNECT_EVERY_S) if reconnects else left
            with contextlib.suppress(TimeoutError):
                async with asyncio.timeout(span):
                    stream_headers = {**headers, "Last-Event-ID": str(after)}
                    async with client.stream("GET", "/api/live", headers=stream_headers) as stream:
                        self.tally.answered("live", stream)
                        async for line in stream.aiter_lines():
                            if line.startswith("id:"):
                                after = int(line[3:])
                                self.tally.events += 1
            self.tally.reconnects += 1

    async def screens(self, client: httpx.AsyncClient) -> None:
        """What walls, the desk and the organiser read: snapshots, dashboard, event."""
        setup = self.setup
        reads = [
            ("wall", "/api/wall", setup.walls[0]),
            ("stats", "/api/stats", setup.walls[-1]),
            ("leaderboard", "/api/leaderboard", setup.walls[0]),
            ("dashboard", "/api/dashboard", setup.desk),
            ("moderation", "/api/moderation/items", setup.desk),
            ("content", "/api/content", setup.organiser),
            ("event", "/api/event", setup.organiser),
        ]
        for what, path, token in itertools.islice(
            itertools.cycle(reads), len(self._rounds(READ_EVERY_S / len(reads)))
        ):
            response = await client.get(path, headers={"Authorization": f"Bearer {token}"})
            self.tally.answered(what, response)
            if not await self._pause(READ_EVERY_S / len(reads)):
                return

    async def run(self) -> Tally:
        """Drive every loop until the deadline."""
        limits = httpx.Limits(max_connections=64, max_keepalive_connections=64)
        timeout = httpx.Timeout(30, read=None)
        async with httpx.AsyncClient(base_url=self.url, timeout=timeout, limits=limits) as client:
            tasks = [
                self.pillar(client, token, questions) for token, questions in self.setup.pillars
            ]
            tasks += [
                self.subscriber(client, token, reconnects=number == 0)
                for number, token in enumerate(self.setup.walls)
            ]
            tasks.append(self.screens(client))
            outcomes = await asyncio.gather(*tasks, return_exceptions=True)
        for outcome in outcomes:
            if isinstance(outcome, BaseException):
                self.tally.errors[f"{type(outcome).__name__}: {outcome}"[:120]] += 1
        return self.tally


async def sample(pid: int, seconds: float, every: float) -> list[Sample]:
    """The hub's memory every ``every`` seconds for ``seconds`` (MB, and its thread count)."""
    samples: list[Sample] = []
    started = time.monotonic()
    for _ in range(int(seconds / every) + 2):
        found = memory_of(pid)
        samples.append(
            {
                "t": round(time.monotonic() - started, 2),
                "rss_mb": round(found["VmRSS"] / 1024, 2),
                "anon_mb": round(found.get("RssAnon", 0) / 1024, 2),
                "file_mb": round(found.get("RssFile", 0) / 1024, 2),
                "shmem_mb": round(found.get("RssShmem", 0) / 1024, 2),
                "threads": found.get("Threads", 0),
            }
        )
        left = seconds - (time.monotonic() - started)
        if left <= 0:
            break
        await asyncio.sleep(min(every, left))
    return samples


def _wait_for(path: Path, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while not path.exists():
        if time.monotonic() > deadline:
            raise RuntimeError(f"the hub wrote no {path.name}")
        time.sleep(0.2)


def write_trace(first: Path, last: Path, out: Path, top: int = 25) -> None:
    """The biggest growth between two tracemalloc snapshots, by traceback and by line."""
    ignore = [tracemalloc.Filter(False, tracemalloc.__file__)]
    before = tracemalloc.Snapshot.load(str(first)).filter_traces(ignore)
    after = tracemalloc.Snapshot.load(str(last)).filter_traces(ignore)
    lines = ["# memory outside and inside Python's allocator (bytes): first -> last"]
    c_before = json.loads(first.with_suffix(".json").read_text(encoding="utf-8"))
    c_after = json.loads(last.with_suffix(".json").read_text(encoding="utf-8"))
    for key, value in c_after.items():
        was = c_before.get(key, 0)
        lines.append(f"{key:<24}{was:>14,} -> {value:>14,}  ({value - was:+,})")
    lines.append("")
    lines.append("# growth by line (size_diff, count_diff)")
    for stat in after.compare_to(before, "lineno")[:top]:
        lines.append(str(stat))
    lines.append("")
    lines.append("# growth by traceback")
    for stat in after.compare_to(before, "traceback")[:top]:
        lines.append(
            f"{stat.size_diff / 1024:+.1f} KiB, {stat.count_diff:+d} blocks"
            f" (now {stat.size / 1024:.1f} KiB in {stat.count} blocks)"
        )
        lines.extend("    " + line for line in stat.traceback.format(limit=TRACE_FRAMES))
    out.write_text("\n".join(lines) + "\n", encoding="utf-8")


async def _soak(
    url: str,
    pid: int,
    setup: Setup,
    seconds: float,
    every: float,
    warmup: float,
    snapshot: Callable[[int], None] | None,
) -> tuple[Tally, list[Sample]]:
    load = Load(url, setup, seconds)
    sampler = asyncio.create_task(sample(pid, seconds, every))
    driver = asyncio.create_task(load.run())
    if snapshot is not None:
        await asyncio.sleep(warmup)
        await asyncio.to_thread(snapshot, 1)
    tally = await driver
    if snapshot is not None:
        await asyncio.to_thread(snapshot, 2)
    return tally, await sampler


def run(quick: bool = False, minutes: float | None = None, trace: Path | None = None) -> Figures:
    """Soak the hub for ``minutes`` (default 10; 1 when ``quick``) and return its figures.

    Args:
        quick: a short run (for smoke tests).
        minutes: how long the load runs (fractions allowed).
        trace: write the hub's tracemalloc growth (after the first minute to the end) here.
    """
    seconds = 60.0 * (minutes if minutes is not None else 1.0 if quick else 10.0)
    warmup = min(WARMUP_S, seconds / 3)
    every = min(2.0, max(0.25, seconds / 120))
    with tempfile.TemporaryDirectory(prefix="zuil-soak-") as tmp:
        folder = Path(tmp)
        setup = prepare(folder)
        trace_dir = folder if trace is not None else None
        with hub_process(setup.data.root, trace_dir) as (url, pid):

            def snapshot(number: int) -> None:
                os.kill(pid, signal.SIGUSR1)
                _wait_for(folder / f"snapshot-{number}.pickle", 120)

            tally, samples = asyncio.run(
                _soak(
                    url,
                    pid,
                    setup,
                    seconds,
                    every,
                    warmup,
                    snapshot if trace_dir is not None else None,
                )
            )
        if trace is not None:
            write_trace(folder / "snapshot-1.pickle", folder / "snapshot-2.pickle", trace)
    settled = [s for s in samples if s["t"] >= warmup] or samples
    growth = round(growth_per_hour([(s["t"], s["rss_mb"]) for s in settled]), 2)
    figures: Figures = {
        "minutes": round(seconds / 60, 2),
        "growth_mb_per_hour": growth,
        "anon_growth_mb_per_hour": round(
            growth_per_hour([(s["t"], s["anon_mb"]) for s in settled]), 2
        ),
        "rss_start_mb": settled[0]["rss_mb"],
        "rss_end_mb": samples[-1]["rss_mb"],
        "rss_peak_mb": max(s["rss_mb"] for s in samples),
        "threads_start": settled[0]["threads"],
        "threads_end": samples[-1]["threads"],
        "actions": tally.actions,
        "actions_per_s": round(tally.actions / seconds, 1),
        "requests": tally.requests,
        "live_events": tally.events,
        "live_reconnects": tally.reconnects,
        "errors": dict(tally.errors),
        # under tracemalloc the RSS is the tracer's too: the trace file is the figure then
        "traced": trace is not None,
        "samples": samples,
        "targets": TARGETS,
        "passed": growth < TARGETS["growth_mb_per_hour"] and not tally.errors,
        "machine": {"cpus": os.cpu_count(), "python": sys.version.split()[0]},
    }
    return figures


def report(f: Figures) -> str:
    """The figures as a small table a person can read."""
    ok = "ok" if f["growth_mb_per_hour"] < TARGETS["growth_mb_per_hour"] else "BELOW TARGET"
    lines = [
        f"{'figure':<24}{'value':>12}   {'context':<44}{'target':<16}",
        f"{'growth_mb_per_hour':<24}{f['growth_mb_per_hour']:>12}   "
        f"{'RSS ' + str(f['rss_start_mb']) + ' -> ' + str(f['rss_end_mb']) + ' MB':<44}"
        f"{'< 10 MB/hour':<16}{ok}",
        f"{'anon_growth_mb_per_hour':<24}{f['anon_growth_mb_per_hour']:>12}   "
        f"{'RssAnon (heap), peak RSS ' + str(f['rss_peak_mb']) + ' MB':<44}",
        f"{'threads':<24}{str(f['threads_start']) + ' -> ' + str(f['threads_end']):>12}",
        f"{'actions_per_s':<24}{f['actions_per_s']:>12}   "
        f"{str(f['actions']) + ' actions in ' + str(f['minutes']) + ' min':<44}",
        f"{'requests':<24}{f['requests']:>12}   "
        f"{str(f['live_events']) + ' live events, ' + str(f['live_reconnects']) + ' resumed':<44}",
        f"{'errors':<24}{sum(f['errors'].values()):>12}   "
        + (", ".join(f"{k}: {v}" for k, v in f["errors"].items()) or "none"),
    ]
    if f["traced"]:
        lines.append("(the hub ran under tracemalloc: its RSS is the tracer's too)")
    return "\n".join(lines)
