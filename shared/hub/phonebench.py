"""``zuil bench phone``: attendees' phones on the hub, and what they cost the pillars.

Against a real ``zuil hub`` process on 127.0.0.1 (a fresh demo folder), with
httpx clients as phones, each with its own session:

- ``p50_ms`` / ``p95_ms``: 300 phones arrive within ten seconds (a session break,
  everyone scanning a pillar's QR code), each opens its personal link, then the
  workshop page as that code opens it (``/w/VAST?d=DOOR``: a visit is recorded),
  and a second later answers one of its questions;
  the latencies are those of the page and the answer. Target: p95 ≤ 100 ms.
- ``sync_p95_idle_ms`` / ``sync_p95_loaded_ms``: ten pillars syncing twice a second
  (a scan and an answer each time), alone and then while those phones come in.
  Target: loaded no worse than twice idle.
- ``requests_per_s`` against ``bare_per_s``: the same phones all at once, without a
  pause (three requests each: link, page, answer), against the hub and against a
  bare ASGI endpoint with the same client (the client's own ceiling on this
  machine); printed, no target.
"""

from __future__ import annotations

import asyncio
import json
import os
import random
import re
import ssl
import sys
import tempfile
import time
import uuid
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import httpx

from shared import demo, door
from shared.datadir import DataDir, today
from shared.hub.bench import _bare_uvicorn, _hub_process, _p95, _paired
from shared.protocol import Role

TARGETS = {"p95_ms": 100.0, "sync_ratio": 2.0}
PHONES = 300
SPREAD_S = 10.0  # the phones arrive within this
THINK_S = 1.0  # from the page to the answer
PILLARS = 10
PILLAR_EVERY_S = 0.5
IDLE_S = 6.0
WORKSHOP = "VAST"
_CSRF = re.compile(r'name="zuil-csrf" content="([0-9a-f]+)"')
# one TLS context for every client (none is used on http://): making one per client
# costs the client more than its requests
_TLS = ssl.create_default_context()


def _now() -> str:
    return datetime.now(UTC).isoformat()


def _p50(values: list[float]) -> float:
    return sorted(values)[len(values) // 2] if values else float("inf")


async def _phone(
    url: str,
    page_path: str,
    ticket: str,
    question: int,
    start_s: float,
    think_s: float,
    timings: list[float],
    errors: list[str],
) -> None:
    """One phone: its link, the workshop page, and an answer."""
    await asyncio.sleep(start_s)
    async with httpx.AsyncClient(base_url=url, timeout=30, verify=_TLS) as client:
        link = await client.get(f"/t/{ticket}")
        if link.status_code != 303:
            errors.append(f"link {link.status_code}")
            return
        started = time.perf_counter()
        page = await client.get(page_path)
        timings.append((time.perf_counter() - started) * 1000)
        found = _CSRF.search(page.text)
        if page.status_code != 200 or found is None:
            errors.append(f"page {page.status_code}")
            return
        await asyncio.sleep(think_s)
        body = {
            "clock": _now(),
            "actions": [
                {
                    "id": str(uuid.uuid4()),
                    "at": _now(),
                    "kind": "answer",
                    "workshop": WORKSHOP,
                    "question_id": question,
                    "choice": random.randint(0, 1),
                }
            ],
        }
        started = time.perf_counter()
        reply = await client.post("/p/actions", json=body, headers={"X-CSRF-Token": found.group(1)})
        timings.append((time.perf_counter() - started) * 1000)
        if reply.status_code != 200 or reply.json()["results"][0]["fate"] != "applied":
            errors.append(f"answer {reply.status_code} {reply.text[:80]}")


async def _phones(
    url: str,
    page_path: str,
    tickets: list[str],
    questions: list[int],
    count: int,
    spread_s: float,
    think_s: float,
) -> tuple[list[float], list[str], float]:
    """``count`` phones arriving within ``spread_s``; their timings, errors and duration."""
    timings: list[float] = []
    errors: list[str] = []
    started = time.perf_counter()
    await asyncio.gather(
        *(
            _phone(
                url,
                page_path,
                tickets[n % len(tickets)],
                questions[n % len(questions)],
                spread_s * n / count,
                think_s,
                timings,
                errors,
            )
            for n in range(count)
        )
    )
    return timings, errors, time.perf_counter() - started


async def _bare(url: str, count: int) -> float:
    """Requests a second of ``count`` clients, three requests each, against a bare endpoint."""

    async def one() -> None:
        async with httpx.AsyncClient(base_url=url, timeout=30, verify=_TLS) as client:
            await client.get("/")
            await client.get("/w")
            await client.post("/p", json={})

    started = time.perf_counter()
    await asyncio.gather(*(one() for _ in range(count)))
    return 3 * count / (time.perf_counter() - started)


async def _pillars(
    url: str, tokens: list[str], ticket: str, question: int, seconds: float
) -> list[float]:
    """Pillars syncing a scan and an answer every half second; their sync latencies (ms)."""
    timings: list[float] = []

    async def one(token: str) -> None:
        headers = {"Authorization": f"Bearer {token}", "Content-Type": "application/json"}
        async with httpx.AsyncClient(
            base_url=url, timeout=30, headers=headers, verify=_TLS
        ) as client:
            await asyncio.sleep(random.uniform(0, PILLAR_EVERY_S))
            deadline = time.monotonic() + seconds
            while time.monotonic() < deadline:
                now = _now()
                body = json.dumps(
                    {
                        "device_clock": now,
                        "actions": [
                            {"id": str(uuid.uuid4()), "kind": "scan", "at": now, "ticket": ticket},
                            {
                                "id": str(uuid.uuid4()),
                                "kind": "answer",
                                "at": now,
                                "ticket": ticket,
                                "question_id": question,
                                "choice": 0,
                            },
                        ],
                    }
                )
                started = time.perf_counter()
                reply = await client.post("/api/sync", content=body)
                timings.append((time.perf_counter() - started) * 1000)
                reply.raise_for_status()
                await asyncio.sleep(PILLAR_EVERY_S)

    await asyncio.gather(*(one(t) for t in tokens))
    return timings


async def _measure(
    url: str,
    bare_url: str,
    pillars: list[str],
    tickets: list[str],
    questions: list[int],
    phones: int,
    spread_s: float,
) -> dict[str, Any]:
    ticket, question = tickets[0], questions[0]
    idle = await _pillars(url, pillars, ticket, question, IDLE_S)
    loaded_task = asyncio.create_task(
        _pillars(url, pillars, ticket, question, spread_s + THINK_S + 1)
    )
    # the page as the pillar's QR code opens it, door code and all (a visit is recorded)
    code = door.door_code(door.token_hash(pillars[0]), WORKSHOP, today())
    page_path = f"/w/{WORKSHOP}?d={code}"
    timings, errors, _ = await _phones(
        url, page_path, tickets, questions, phones, spread_s, THINK_S
    )
    loaded = await loaded_task
    _, burst_errors, seconds = await _phones(url, page_path, tickets, questions, phones, 0.0, 0.0)
    bare = await _bare(bare_url, phones)
    return {
        "phones": phones,
        # each phone's three requests (link, page, answer), all phones at once
        "requests_per_s": round(3 * phones / seconds, 1),
        "p50_ms": round(_p50(timings), 2),
        "p95_ms": round(_p95(timings), 2),
        "bare_per_s": round(bare, 1),
        "sync_p95_idle_ms": round(_p95(idle), 2),
        "sync_p95_loaded_ms": round(_p95(loaded), 2),
        "errors": errors + burst_errors,
    }


def run(quick: bool = False) -> dict[str, Any]:
    """Run the measurements and return the figures with their targets."""
    phones = 60 if quick else PHONES
    spread_s = 3.0 if quick else SPREAD_S
    with tempfile.TemporaryDirectory(prefix="zuil-bench-phone-") as tmp:
        folder = Path(tmp)
        data = DataDir(folder / "data")
        demo.prepare(data)
        with data.open_store() as store:
            signer = data.signer(store)
            tickets = [
                data.token(store, store.issue_ticket(r["id"], signer.key_id).serial)
                for r in store.attendees()
            ]
            questions = [
                row[0]
                for row in store.db.execute(
                    "SELECT q.id FROM questions q JOIN workshops w ON w.id = q.workshop_id"
                    " WHERE w.code = ?",
                    [WORKSHOP],
                )
            ]
            pillars = [_paired(store, Role.KIOSK, WORKSHOP) for _ in range(PILLARS)]
        with _hub_process(data.root) as url, _bare_uvicorn(folder) as bare_url:
            figures = asyncio.run(
                _measure(url, bare_url, pillars, tickets, questions, phones, spread_s)
            )
    idle = max(figures["sync_p95_idle_ms"], 0.001)
    figures["sync_ratio"] = round(figures["sync_p95_loaded_ms"] / idle, 2)
    figures["targets"] = TARGETS
    figures["passed"] = (
        not figures["errors"]
        and figures["p95_ms"] <= TARGETS["p95_ms"]
        and figures["sync_ratio"] <= TARGETS["sync_ratio"]
    )
    figures["machine"] = {"cpus": os.cpu_count(), "python": sys.version.split()[0]}
    return figures


def report(figures: dict[str, Any]) -> str:
    """The figures as a small table a person can read."""

    def verdict(ok: bool) -> str:
        return "ok" if ok else "BELOW TARGET"

    p95_ok = figures["p95_ms"] <= TARGETS["p95_ms"]
    sync_ok = figures["sync_ratio"] <= TARGETS["sync_ratio"]
    lines = [
        f"{'figure':<22}{'value':>12}   {'beside':<36}{'target':<14}",
        f"{'phones':<22}{figures['phones']:>12}   {'arriving within 10 s (quick: 3 s)':<36}",
        f"{'p50_ms / p95_ms':<22}"
        f"{str(figures['p50_ms']) + ' / ' + str(figures['p95_ms']):>12}   "
        f"{'workshop page and answer':<36}{'p95 <= 100 ms':<14}{verdict(p95_ok)}",
        f"{'sync_p95_loaded_ms':<22}{figures['sync_p95_loaded_ms']:>12}   "
        f"{'idle ' + str(figures['sync_p95_idle_ms']) + ' ms (10 pillars)':<36}"
        f"{'<= 2x idle':<14}{verdict(sync_ok)} ({figures['sync_ratio']}x)",
        f"{'requests_per_s':<22}{figures['requests_per_s']:>12}   "
        f"{'bare_per_s ' + str(figures['bare_per_s']):<36}{'printed':<14}",
    ]
    if figures["errors"]:
        lines.append(f"errors: {len(figures['errors'])}, first: {figures['errors'][0]}")
    return "\n".join(lines)
