"""``zuil bench standby``: replication's cost, the replica's lag, a standby's takeover.

- ``ingest_per_s_off`` / ``ingest_per_s_on``: batches of 500 scans over HTTP to a hub
  without and with ``--replicate`` (a folder), the two hubs taking turns, so a
  slow patch of a shared machine falls on both alike;
- ``lag_p95_s``: the replica's lag (how long the oldest write the replica lacks
  has waited: :class:`~shared.hub.replica.LagMeter`), sampled every 10 ms while
  the replicating hub ingests;
- ``takeover_s``: from ``kill -9`` of the primary to the first sync the standby
  accepts, with the default settings (silent 10 s, then take over). Target: 30 s;
  the benchmark fails (exit 1) when it is missed.
"""

from __future__ import annotations

import asyncio
import json
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TypedDict

import httpx

from shared import demo
from shared.datadir import DataDir
from shared.hub import devices, replica
from shared.hub.bench import _scan_bodies
from shared.hub.standby import TAKEOVER_AFTER_S
from shared.protocol import Health, Role

TARGETS = {"takeover_s": 30.0}


class Figures(TypedDict):
    """What :func:`run` measured (printed as JSON by ``zuil bench standby --json``)."""

    takeover_s: float
    takeover_after_s: float
    lag_p95_s: float
    lag_max_s: float
    lag_samples: int
    ingest_per_s_off: int
    ingest_per_s_on: int
    ingest_ratio_on_off: float
    targets: dict[str, float]
    passed: bool


def _port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@contextmanager
def _zuil(args: list[str], log: Path) -> Iterator[subprocess.Popen[bytes]]:
    with log.open("ab") as out:
        process = subprocess.Popen(
            [sys.executable, "-m", "shared", *args], stdout=out, stderr=subprocess.STDOUT
        )
    try:
        yield process
    finally:
        if process.poll() is None:
            process.terminate()
            try:
                process.wait(30)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


def _wait_health(url: str, limit: float = 60.0) -> Health:
    end = time.monotonic() + limit
    while time.monotonic() < end:
        try:
            response = httpx.get(f"{url}/health", timeout=1.0)
            if response.status_code == 200:
                return Health.model_validate_json(response.content)
        except httpx.HTTPError:
            pass
        time.sleep(0.05)
    raise RuntimeError(f"no hub answered at {url}")


def _p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(len(ordered) * 0.95))] if ordered else 0.0


async def _ingest(
    urls: dict[str, str],
    token: str,
    ticket: str,
    count: int,
    rounds: int,
    sampling: threading.Event,
) -> dict[str, float]:
    """Actions per second of each hub, in turns; ``sampling`` is set while the replicating one's."""
    headers = {"Authorization": f"Bearer {token}", "Content-Type": "application/json"}
    share = count // rounds
    seconds = dict.fromkeys(urls, 0.0)
    async with httpx.AsyncClient(timeout=60) as client:
        for url in urls.values():  # warm up both
            await client.post(
                f"{url}/api/sync", content=_scan_bodies(ticket, 10)[0], headers=headers
            )
        for _ in range(rounds):
            for name, url in urls.items():
                bodies = _scan_bodies(ticket, share)
                if name == "on":
                    sampling.set()
                started = time.perf_counter()
                for body in bodies:
                    response = await client.post(f"{url}/api/sync", content=body, headers=headers)
                    response.raise_for_status()
                seconds[name] += time.perf_counter() - started
                sampling.clear()
    return {name: share * rounds / spent for name, spent in seconds.items()}


def _first_sync(url: str, token: str, ticket: str, limit: float) -> float:
    """Post a one-scan sync until the hub at ``url`` accepts one; when it did (monotonic)."""
    headers = {"Authorization": f"Bearer {token}", "Content-Type": "application/json"}
    end = time.monotonic() + limit
    while time.monotonic() < end:
        body = json.dumps(
            {
                "device_clock": time.strftime("%Y-%m-%dT%H:%M:%S+00:00", time.gmtime()),
                "actions": [
                    {
                        "id": str(uuid.uuid4()),
                        "kind": "scan",
                        "at": time.strftime("%Y-%m-%dT%H:%M:%S+00:00", time.gmtime()),
                        "ticket": ticket,
                    }
                ],
            }
        ).encode()
        try:
            response = httpx.post(f"{url}/api/sync", content=body, headers=headers, timeout=1.0)
            if response.status_code == 200:
                return time.monotonic()
        except httpx.HTTPError:
            pass
        time.sleep(0.05)
    raise RuntimeError("the standby never accepted a sync")


def run(quick: bool = False) -> Figures:
    """Measure ingest with and without replication, the replica's lag and a takeover."""
    count, rounds = (20_000, 4) if quick else (100_000, 10)
    with tempfile.TemporaryDirectory(prefix="zuil-standby-bench-") as tmp:
        folder = Path(tmp)
        off, on, backup = (DataDir(folder / n) for n in ("off", "on", "standby"))
        target = folder / "replica"
        demo.prepare(off)
        with off.open_store() as store:
            _, code = devices.create_pairing(store, Role.KIOSK, workshop="VAST")
            paired = devices.pair(store, code)
            assert paired is not None
            token = paired[1]
            ticket = off.token(store, store.issue_ticket(1, off.signer(store).key_id).serial)
        shutil.copytree(off.root, on.root)
        urls = {"off": f"http://127.0.0.1:{_port()}", "on": f"http://127.0.0.1:{_port()}"}
        standby_url = f"http://127.0.0.1:{_port()}"
        lags: list[float] = []
        sampling, stop = threading.Event(), threading.Event()

        def sample() -> None:
            meter = replica.LagMeter(on.db_path, target)
            while not stop.wait(0.01):
                lag = meter.look()
                if sampling.is_set():
                    lags.append(lag)

        sampler = threading.Thread(target=sample, daemon=True)
        sampler.start()
        hub_off = ["hub", "--data", str(off.root), "--port", urls["off"].rsplit(":", 1)[1]]
        hub_on = [
            "hub",
            "--data",
            str(on.root),
            "--port",
            urls["on"].rsplit(":", 1)[1],
            "--replicate",
            str(target),
        ]
        with _zuil(hub_off, folder / "off.log"), _zuil(hub_on, folder / "on.log") as primary:
            _wait_health(urls["off"])
            _wait_health(urls["on"])
            try:
                ingest = asyncio.run(_ingest(urls, token, ticket, count, rounds, sampling))
            except httpx.HTTPStatusError:
                for name in ("off", "on"):  # the hub's own words on what failed
                    print((folder / f"{name}.log").read_text(errors="replace")[-3000:])
                raise
            stop.set()
            standby_args = [
                "hub",
                "--data",
                str(backup.root),
                "--port",
                standby_url.rsplit(":", 1)[1],
                "--standby",
                str(target),
                "--primary",
                urls["on"],
            ]
            with _zuil(standby_args, folder / "standby.log"):
                end = time.monotonic() + 60
                while time.monotonic() < end:
                    state = replica.read_standby_state(replica.Target(target))
                    if state is not None and state.state == "following":
                        break
                    time.sleep(0.1)
                else:
                    raise RuntimeError("the standby never followed the replica")
                killed = time.monotonic()
                primary.send_signal(signal.SIGKILL)
                primary.wait(10)
                accepted = _first_sync(standby_url, token, ticket, 120)
    takeover = accepted - killed
    return {
        "takeover_s": round(takeover, 2),
        "takeover_after_s": TAKEOVER_AFTER_S,
        "lag_p95_s": round(_p95(lags), 3),
        "lag_max_s": round(max(lags, default=0.0), 3),
        "lag_samples": len(lags),
        "ingest_per_s_off": round(ingest["off"]),
        "ingest_per_s_on": round(ingest["on"]),
        "ingest_ratio_on_off": round(ingest["on"] / ingest["off"], 3),
        "targets": TARGETS,
        "passed": takeover <= TARGETS["takeover_s"],
    }


def report(figures: Figures) -> str:
    """The figures as a table, each beside its target."""
    ok = "ok" if figures["passed"] else "MISSED"
    return "\n".join(
        [
            f"{'takeover_s':<22}{figures['takeover_s']:>10}   target <= "
            f"{TARGETS['takeover_s']} s  {ok}  (silent {figures['takeover_after_s']} s first)",
            f"{'lag_p95_s':<22}{figures['lag_p95_s']:>10}   (max {figures['lag_max_s']},"
            f" {figures['lag_samples']} samples under ingest)",
            f"{'ingest_per_s_off':<22}{figures['ingest_per_s_off']:>10}",
            f"{'ingest_per_s_on':<22}{figures['ingest_per_s_on']:>10}   "
            f"({figures['ingest_ratio_on_off']} of off)",
        ]
    )
