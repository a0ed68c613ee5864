"""``zuil bench hub``: the hub's throughput and latency, each beside its limit, in one run.

Every figure is measured against a real ``zuil hub`` process on 127.0.0.1 and
compared with the limit measured the same way in the same run:

- ``ingest_per_s`` (batches of 500 scans over HTTP) vs ``raw_sqlite_per_s``
  (sqlite-utils ``insert_all`` of the same rows, same batch size and durability),
  taken in turns;
- ``requests_per_s`` (one action per request, 16 connections, wrk) vs
  ``bare_uvicorn_per_s`` (a bare ASGI endpoint answering a constant, same client);
- ``fanout_p95_ms``: from the hub applying a note to its arrival at each of 10
  live-stream subscribers.
"""

from __future__ import annotations

import asyncio
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import httpx
from sqlite_utils import Database

from shared import demo
from shared.datadir import DataDir
from shared.hub import devices
from shared.protocol import Role

TARGETS = {"ingest_ratio": 0.5, "requests_ratio": 0.5, "fanout_p95_ms": 50.0}
BATCH = 500

_BARE_APP = """
async def app(scope, receive, send):
    if scope["type"] != "http":
        return
    more = True
    while more:
        message = await receive()
        more = message.get("more_body", False)
    await send({"type": "http.response.start", "status": 200,
                "headers": [(b"content-type", b"application/json")]})
    await send({"type": "http.response.body", "body": b'{"ok":true}'})
"""

_WRK_SCRIPT = """
math.randomseed(os.time() + math.floor(os.clock() * 1000000))
local hex = "0123456789abcdef"
local function uuid4()
  local parts = {}
  for i = 1, 32 do
    local v = math.random(1, 16)
    if i == 13 then v = 5 elseif i == 17 then v = math.random(9, 12) end
    parts[i] = hex:sub(v, v)
  end
  local s = table.concat(parts)
  return s:sub(1, 8) .. "-" .. s:sub(9, 12) .. "-" .. s:sub(13, 16) .. "-" .. s:sub(17, 20)
    .. "-" .. s:sub(21, 32)
end
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Authorization"] = "Bearer %(token)s"
request = function()
  local body = '{"device_clock":"%(now)s","actions":[{"id":"' .. uuid4() ..
    '","kind":"scan","at":"%(now)s","ticket":"%(ticket)s"}]}'
  return wrk.format("POST", "%(path)s", nil, body)
end
"""


def _now() -> str:
    return datetime.now(UTC).isoformat()


@contextmanager
def _hub_process(data: Path) -> Iterator[str]:
    process = subprocess.Popen(
        [sys.executable, "-m", "shared", "hub", "--port", "0", "--data", str(data)],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    try:
        assert process.stdout is not None
        line = process.stdout.readline()
        if not line:
            raise RuntimeError("the hub did not start")
        yield line.rsplit(" ", 1)[-1].strip()
    finally:
        process.terminate()
        process.wait(10)
        if process.stdout:
            process.stdout.close()


@contextmanager
def _bare_uvicorn(folder: Path) -> Iterator[str]:
    (folder / "bare_app.py").write_text(_BARE_APP, encoding="utf-8")
    code = (
        "import sys, uvicorn\n"
        "from shared.hub.server import bind\n"
        "sock = bind('127.0.0.1', 0)\n"
        "print(sock.getsockname()[1], flush=True)\n"
        "from bare_app import app\n"
        "uvicorn.Server(uvicorn.Config(app, log_config=None, access_log=False,"
        " timeout_keep_alive=30)).run(sockets=[sock])\n"
    )
    process = subprocess.Popen(
        [sys.executable, "-c", code],
        cwd=folder,
        env={**os.environ, "PYTHONPATH": os.pathsep.join([str(folder), *sys.path])},
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    try:
        assert process.stdout is not None
        port = process.stdout.readline().strip()
        yield f"http://127.0.0.1:{port}"
    finally:
        process.terminate()
        process.wait(10)
        if process.stdout:
            process.stdout.close()


def _scan_bodies(ticket: str, count: int) -> list[bytes]:
    bodies = []
    for start in range(0, count, BATCH):
        now = _now()
        actions = [
            {"id": str(uuid.uuid4()), "kind": "scan", "at": now, "ticket": ticket}
            for _ in range(min(BATCH, count - start))
        ]
        bodies.append(json.dumps({"device_clock": now, "actions": actions}).encode())
    return bodies


class RawScans:
    """The ingest limit: sqlite-utils ``insert_all`` of scan rows, without HTTP or checks.

    Same rows as the hub writes, same batch size and durability (WAL,
    ``synchronous=FULL``, a transaction a batch).

    Args:
        path: the database file to create.
    """

    def __init__(self, path: Path) -> None:
        self.db = Database(path)
        self.db.enable_wal()
        self.db.execute("PRAGMA synchronous = FULL")
        self.db.execute(
            "CREATE TABLE scans (id TEXT PRIMARY KEY, serial INTEGER, attendee_id INTEGER,"
            " workshop_id INTEGER, device_id INTEGER, scanned_at TEXT, received_at TEXT)"
        )

    def insert(self, count: int) -> float:
        """Insert ``count`` new rows in batches; returns the seconds it took."""
        now = _now()
        rows = [
            {
                "id": str(uuid.uuid4()),
                "serial": 1234567,
                "attendee_id": 3,
                "workshop_id": 1,
                "device_id": 1,
                "scanned_at": now,
                "received_at": now,
            }
            for _ in range(count)
        ]
        started = time.perf_counter()
        for start in range(0, count, BATCH):
            with self.db.atomic():
                self.db.table("scans").insert_all(rows[start : start + BATCH], batch_size=BATCH)
        return time.perf_counter() - started

    def close(self) -> None:
        """Close the database."""
        self.db.close()


async def measure_ingest(
    url: str, token: str, ticket: str, folder: Path, count: int, rounds: int = 4
) -> dict[str, float]:
    """Actions per second for batches of 500 scans sent one after another, beside the limit.

    The hub and the raw limit take turns, ``count / rounds`` actions each a
    turn, so a slow patch of a shared machine falls on both alike, and both
    tables grow alike (a random-key index slows as it grows).
    """
    headers = {"Authorization": f"Bearer {token}", "Content-Type": "application/json"}
    share = count // rounds
    raw = RawScans(folder / "raw.db")
    hub_s = raw_s = 0.0
    try:
        async with httpx.AsyncClient(base_url=url, timeout=60) as client:
            await client.post("/api/sync", content=_scan_bodies(ticket, 10)[0], headers=headers)
            for _ in range(rounds):
                raw_s += raw.insert(share)
                bodies = _scan_bodies(ticket, share)
                started = time.perf_counter()
                for body in bodies:
                    response = await client.post("/api/sync", content=body, headers=headers)
                    response.raise_for_status()
                hub_s += time.perf_counter() - started
    finally:
        raw.close()
    done = share * rounds
    return {"ingest_per_s": done / hub_s, "raw_sqlite_per_s": done / raw_s}


def _wrk(url: str, path: str, script: Path, seconds: int) -> dict[str, float]:
    output = subprocess.run(
        ["wrk", "-t1", "-c16", f"-d{seconds}s", "--latency", "-s", str(script), url + path],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    rate = float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))  # type: ignore[union-attr]

    def latency(label: str) -> float:
        match = re.search(rf"\s{label}%\s+([\d.]+)(us|ms|s)\b", output)
        if not match:
            return float("nan")
        value, unit = float(match.group(1)), match.group(2)
        return value / 1000 if unit == "us" else value * 1000 if unit == "s" else value

    errors = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", output)
    if errors:
        raise RuntimeError(f"wrk saw {errors.group(1)} error responses:\n{output}")
    return {"rate": rate, "p50": latency("50"), "p99": latency("99")}


def measure_requests(
    hub_url: str, bare_url: str, token: str, ticket: str, folder: Path, seconds: int
) -> dict[str, float]:
    """Single-action sync requests per second (wrk, 16 connections) vs a bare endpoint."""
    if shutil.which("wrk") is None:
        raise RuntimeError("wrk is not installed (Debian: apt-get install wrk)")
    values = {"token": token, "ticket": ticket, "now": _now()}
    hub_script = folder / "hub.lua"
    hub_script.write_text(_WRK_SCRIPT % {**values, "path": "/api/sync"}, encoding="utf-8")
    bare_script = folder / "bare.lua"
    bare_script.write_text(_WRK_SCRIPT % {**values, "path": "/"}, encoding="utf-8")
    # Taken in turns, so a slow patch of a shared machine falls on both alike.
    rounds = 3
    span = max(seconds // rounds, 2)
    bare, hub = [], []
    for _ in range(rounds):
        bare.append(_wrk(bare_url, "/", bare_script, span))
        hub.append(_wrk(hub_url, "/api/sync", hub_script, span))
    return {
        "requests_per_s": statistics.fmean(r["rate"] for r in hub),
        "bare_uvicorn_per_s": statistics.fmean(r["rate"] for r in bare),
        "p50_ms": statistics.median(r["p50"] for r in hub),
        "p99_ms": max(r["p99"] for r in hub),
    }


async def measure_fanout(url: str, kiosk: str, walls: list[str], notes: int) -> float:
    """p95 of the time from a note's application to its arrival at each subscriber, in ms."""
    delays: list[float] = []
    ready = asyncio.Event()
    connected = 0

    async def subscribe(client: httpx.AsyncClient, token: str) -> None:
        nonlocal connected
        seen = 0
        headers = {"Authorization": f"Bearer {token}", "Last-Event-ID": str(start_event)}
        async with client.stream("GET", "/api/live", headers=headers) as stream:
            connected += 1
            if connected == len(walls):
                ready.set()
            async for line in stream.aiter_lines():
                if line.startswith("data:") and '"item.visible"' in line:
                    arrived = time.time()
                    event = json.loads(line[5:])
                    delays.append(arrived - datetime.fromisoformat(event["at"]).timestamp())
                    seen += 1
                    if seen == notes:
                        return

    async with httpx.AsyncClient(base_url=url, timeout=30) as client:
        snapshot = await client.get("/api/wall", headers={"Authorization": f"Bearer {walls[0]}"})
        start_event = snapshot.json()["last_event"]
        tasks = [asyncio.create_task(subscribe(client, token)) for token in walls]
        await asyncio.wait_for(ready.wait(), 10)
        headers = {"Authorization": f"Bearer {kiosk}"}
        for number in range(notes):
            body = {
                "device_clock": _now(),
                "actions": [
                    {
                        "id": str(uuid.uuid4()),
                        "kind": "note",
                        "at": _now(),
                        "wall": "top",
                        "text": f"Bench {number}",
                    }
                ],
            }
            await client.post("/api/sync", json=body, headers=headers)
            await asyncio.sleep(0.05)
        await asyncio.wait_for(asyncio.gather(*tasks), 30)
    delays.sort()
    return delays[max(int(len(delays) * 0.95) - 1, 0)] * 1000


def run(quick: bool = False) -> dict[str, Any]:
    """Run every measurement and return the figures with their targets."""
    count = 5_000 if quick else 20_000
    seconds = 6 if quick else 12
    with tempfile.TemporaryDirectory(prefix="zuil-bench-") as tmp:
        folder = Path(tmp)
        data = DataDir(folder / "data")
        demo.prepare(data)
        with data.open_store() as store:
            tokens = {}
            for name, role, workshop in [("kiosk", Role.KIOSK, "VAST")] + [
                (f"wall{i}", Role.WALL, None) for i in range(10)
            ]:
                _, code = devices.create_pairing(store, role, workshop=workshop)
                paired = devices.pair(store, code)
                assert paired is not None
                tokens[name] = paired[1]
            record = store.issue_ticket(1, data.signer(store).key_id)
            ticket = data.token(store, record.serial)
            store.write(lambda db: db.execute("UPDATE event SET moderation = 'post'"))
        with _hub_process(data.root) as url, _bare_uvicorn(folder) as bare_url:
            ingest = asyncio.run(measure_ingest(url, tokens["kiosk"], ticket, folder, count))
            requests = measure_requests(url, bare_url, tokens["kiosk"], ticket, folder, seconds)
            walls = [tokens[f"wall{i}"] for i in range(10)]
            fanout = asyncio.run(measure_fanout(url, tokens["kiosk"], walls, 20 if quick else 50))
    figures: dict[str, Any] = {
        **{k: round(v) for k, v in ingest.items()},
        **{k: round(v, 2) for k, v in requests.items()},
        "fanout_p95_ms": round(fanout, 2),
    }
    figures["ingest_ratio"] = round(figures["ingest_per_s"] / figures["raw_sqlite_per_s"], 3)
    figures["requests_ratio"] = round(figures["requests_per_s"] / figures["bare_uvicorn_per_s"], 3)
    figures["targets"] = TARGETS
    figures["passed"] = (
        figures["ingest_ratio"] >= TARGETS["ingest_ratio"]
        and figures["requests_ratio"] >= TARGETS["requests_ratio"]
        and figures["fanout_p95_ms"] <= TARGETS["fanout_p95_ms"]
    )
    figures["machine"] = {"cpus": os.cpu_count(), "python": sys.version.split()[0]}
    return figures


def report(figures: dict[str, Any]) -> str:
    """The figures as a small table a person can read."""

    def verdict(ok: bool) -> str:
        return "ok" if ok else "BELOW TARGET"

    lines = [
        f"{'figure':<24}{'value':>12}   {'limit':<34}{'target':<16}",
        f"{'ingest_per_s':<24}{figures['ingest_per_s']:>12}   "
        f"{'raw_sqlite_per_s ' + str(figures['raw_sqlite_per_s']):<34}"
        f"{'>= 50% (' + format(figures['ingest_ratio'], '.0%') + ')':<16}"
        f"{verdict(figures['ingest_ratio'] >= TARGETS['ingest_ratio'])}",
        f"{'requests_per_s':<24}{figures['requests_per_s']:>12}   "
        f"{'bare_uvicorn_per_s ' + str(figures['bare_uvicorn_per_s']):<34}"
        f"{'>= 50% (' + format(figures['requests_ratio'], '.0%') + ')':<16}"
        f"{verdict(figures['requests_ratio'] >= TARGETS['requests_ratio'])}",
        f"{'p50_ms / p99_ms':<24}{str(figures['p50_ms']) + ' / ' + str(figures['p99_ms']):>12}"
        "   (16 connections, one action per request)",
        f"{'fanout_p95_ms':<24}{figures['fanout_p95_ms']:>12}   {'10 live subscribers':<34}"
        f"{'<= 50 ms':<16}{verdict(figures['fanout_p95_ms'] <= TARGETS['fanout_p95_ms'])}",
    ]
    return "\n".join(lines)
