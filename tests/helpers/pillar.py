"""A pillar in its own process: the kiosk's outbox and hub client, driven over a pipe.

The process holds the non-Qt core of a pillar (:mod:`kiosk.outbox` and
:mod:`kiosk.client`), so a test can take its network away, kill it with SIGKILL
like a power cut and start it again on the same outbox file. The test writes one
JSON command a line to its stdin; the pillar answers each with one JSON line.

Run as ``python -m tests.helpers.pillar OUTBOX HUB_URL TOKEN``.
"""

from __future__ import annotations

import asyncio
import json
import logging
import os
import signal
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from tests.helpers.clock import HELD_S

# Nothing listens here: a pillar pointed at it is a pillar whose network is gone.
UNREACHABLE = "http://127.0.0.1:9"
REPO = Path(__file__).resolve().parents[2]


@dataclass(frozen=True)
class Pushed:
    """What one push did, as the pillar saw it.

    Attributes:
        answered: actions the hub answered for (applied, duplicate or rejected).
        queued: actions still in the outbox afterwards.
        online: whether the hub was reached.
        error: the pillar's last error ('' when none).
        rejected: ``(kind, reason)`` of each action the hub rejected, from the pillar's log.
    """

    answered: int
    queued: int
    online: bool
    error: str
    rejected: list[tuple[str, str]] = field(default_factory=list)


class Pillar:
    """Drives one pillar process from an async test.

    Args:
        outbox: the pillar's SQLite file (kept across restarts).
        hub_url: the hub.
        token: the pillar's bearer token.
        log: where the process's stderr goes.
    """

    def __init__(self, outbox: Path, hub_url: str, token: str, log: Path) -> None:
        self.outbox, self.hub_url, self.token, self.log = outbox, hub_url, token, log
        self._process: asyncio.subprocess.Process | None = None
        # how far the pillar's clock is moved on: each push comes after every hold
        # (notes wait for a minute boundary, credits a few more) of what was added before
        self.later = 0.0

    async def start(self) -> None:
        """Start the process (again, after a kill: on the same outbox file)."""
        with self.log.open("ab") as err:
            self._process = await asyncio.create_subprocess_exec(
                sys.executable,
                "-m",
                "tests.helpers.pillar",
                str(self.outbox),
                self.hub_url,
                self.token,
                stdin=asyncio.subprocess.PIPE,
                stdout=asyncio.subprocess.PIPE,
                stderr=err,
                env={**os.environ, "PYTHONPATH": str(REPO), "PYTHONUNBUFFERED": "1"},
            )
        await self._call({"op": "ready"})

    async def _send(self, command: dict[str, Any]) -> asyncio.StreamReader:
        """Write a command; the stream its answer comes on."""
        process = self._process
        assert process is not None, "the pillar was not started"
        assert process.stdin is not None
        assert process.stdout is not None
        process.stdin.write(json.dumps(command).encode() + b"\n")
        await process.stdin.drain()
        return process.stdout

    async def _call(self, command: dict[str, Any], timeout: float = 60.0) -> dict[str, Any]:
        answers = await self._send(command)
        line = await asyncio.wait_for(answers.readline(), timeout)
        if not line:
            assert self._process is not None
            code = await self._process.wait()
            raise RuntimeError(f"the pillar process ended ({code}); see {self.log}")
        reply: dict[str, Any] = json.loads(line)
        return reply

    async def add(self, actions: list[dict[str, Any]]) -> list[str]:
        """Commit actions to the outbox, as the screens do; returns their ids.

        Each action is ``{"kind", "fields"}`` with an optional ``photo_path``.
        """
        reply = await self._call({"op": "add", "actions": actions})
        ids: list[str] = reply["ids"]
        return ids

    async def push(self) -> Pushed:
        """Send what the outbox holds, as the pillar's sync loop does."""
        self.later += HELD_S
        reply = await self._call({"op": "push", "later": self.later})
        reply["rejected"] = [tuple(r) for r in reply["rejected"]]
        return Pushed(**reply)

    async def queued(self) -> int:
        """How many actions wait in the outbox."""
        return int((await self._call({"op": "count"}))["queued"])

    async def network(self, up: bool) -> None:
        """Take the pillar's network away (False) or give it back."""
        await self._call({"op": "network", "up": up})

    async def push_and_lose_power(self) -> int:
        """Push, and die by SIGKILL once the hub answered, before the outbox forgets.

        Returns:
            The process's return code (``-SIGKILL``).
        """
        self.later += HELD_S
        answers = await self._send({"op": "push_and_die", "later": self.later})
        assert await asyncio.wait_for(answers.read(), 60) == b"", "it answered, and lived"
        assert self._process is not None
        return await self._process.wait()

    async def kill(self) -> int:
        """SIGKILL from outside, whatever the pillar is doing; returns the return code."""
        assert self._process is not None
        self._process.kill()
        return await self._process.wait()

    async def stop(self) -> None:
        """End the process the polite way (its stdin closes)."""
        process = self._process
        if process is None or process.returncode is not None:
            return
        assert process.stdin is not None
        process.stdin.close()
        try:
            await asyncio.wait_for(process.wait(), 30)
        except TimeoutError:
            process.kill()
            await process.wait()


# -- the pillar process ----------


class _Rejections(logging.Handler):
    """Collects the pillar's own log lines about actions the hub rejected."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.seen: list[tuple[str, str]] = []

    def emit(self, record: logging.LogRecord) -> None:
        if record.msg == "hub rejected a %s action: %s":
            assert isinstance(record.args, tuple)
            kind, reason = record.args
            self.seen.append((str(kind), str(reason)))

    def take(self) -> list[tuple[str, str]]:
        seen, self.seen = self.seen, []
        return seen


async def _serve(outbox_path: Path, hub_url: str, token: str) -> None:
    from kiosk.client import HubClient
    from kiosk.outbox import Outbox, Release

    rejections = _Rejections()
    logging.getLogger("zuil.kiosk.sync").addHandler(rejections)
    later = 0.0  # seconds the pillar's clock is ahead, as the test moves it
    outbox = Outbox(outbox_path, Release(clock=lambda: time.time() + later))
    client = HubClient(hub_url, token, outbox)
    out = sys.stdout
    while True:
        line = await asyncio.to_thread(sys.stdin.readline)
        if not line:
            break
        command = json.loads(line)
        op = command["op"]
        reply: dict[str, Any] = {}
        if op == "add":
            reply["ids"] = [
                outbox.add(a["kind"], a["fields"], photo_path=a.get("photo_path"))
                for a in command["actions"]
            ]
        elif op == "network":
            await client.close()
            client = HubClient(hub_url if command["up"] else UNREACHABLE, token, outbox)
        elif op in ("push", "push_and_die"):
            later = command["later"]
            if op == "push_and_die":

                def lose_power(ids: list[str], keep: object = None) -> None:
                    os.kill(os.getpid(), signal.SIGKILL)

                outbox.done = lose_power  # type: ignore[method-assign]
            answered = await client.push()
            reply = {
                "answered": answered,
                "queued": outbox.count(),
                "online": client.status.online,
                "error": client.status.last_error,
                "rejected": rejections.take(),
            }
        elif op == "count":
            reply["queued"] = outbox.count()
        out.write(json.dumps(reply) + "\n")
        out.flush()
    await client.close()
    outbox.close()


if __name__ == "__main__":
    asyncio.run(_serve(Path(sys.argv[1]), sys.argv[2], sys.argv[3]))
