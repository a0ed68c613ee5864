"""The apps (``zuil wall``, ``zuil kiosk``) as real processes, offscreen, their log in a file.

A test waits on what an app says in its log (with a deadline), never on time; every
process started here is ended when its ``with`` block ends, on failure too.
"""

from __future__ import annotations

import asyncio
import re
import subprocess
import sys
from collections.abc import AsyncIterator, Sequence
from contextlib import asynccontextmanager
from dataclasses import dataclass
from pathlib import Path

from tests.helpers.hubprocess import env, trouble_in

POLL_S = 0.05


def with_hand(tip: str, *args: str) -> list[str]:
    """``zuil ARGS`` with an attendee's hand at the pillar (see :mod:`tests.helpers.hand`)."""
    return [sys.executable, "-m", "tests.helpers.hand", tip, *args]


@dataclass
class AppProcess:
    """A running app: its process and the file its output (stdout and stderr) goes to."""

    name: str
    process: asyncio.subprocess.Process
    log_path: Path

    def log(self) -> str:
        """What the app has said so far."""
        return self.log_path.read_text(encoding="utf-8", errors="replace")

    async def wait_for(self, pattern: str, timeout: float = 30.0) -> re.Match[str]:
        """The first match of ``pattern`` (a regex, per line) in the log, once it is there.

        Raises:
            AssertionError: the app ended first, or ``timeout`` seconds passed; the
                message holds the end of the log.
        """
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        while True:
            found = re.search(pattern, self.log(), re.MULTILINE)
            if found is not None:
                return found
            if self.process.returncode is not None:
                raise AssertionError(
                    f"{self.name} ended ({self.process.returncode}) before {pattern!r}:\n"
                    + self.tail()
                )
            if loop.time() > deadline:
                raise AssertionError(f"{self.name}: no {pattern!r} in {timeout} s:\n" + self.tail())
            await asyncio.sleep(POLL_S)

    def trouble(self) -> list[str]:
        """What the log says went wrong (see :func:`tests.helpers.hubprocess.trouble_in`)."""
        return trouble_in(self.log())

    def tail(self, lines: int = 40) -> str:
        """The last lines of the log, for a failure message."""
        return "\n".join(self.log().splitlines()[-lines:])


@asynccontextmanager
async def app_process(
    name: str, command: Sequence[str], log_path: Path
) -> AsyncIterator[AppProcess]:
    """Run ``command`` offscreen until the block ends, then end it (SIGTERM, then SIGKILL).

    The output goes to a file rather than a pipe: a pipe nobody reads fills up and
    stops the app.
    """
    with log_path.open("wb") as out:
        process = await asyncio.create_subprocess_exec(
            *command,
            stdin=subprocess.DEVNULL,
            stdout=out,
            stderr=subprocess.STDOUT,
            env={**env(), "QT_QPA_PLATFORM": "offscreen"},
        )
    try:
        yield AppProcess(name, process, log_path)
    finally:
        if process.returncode is None:
            process.terminate()
            try:
                await asyncio.wait_for(process.wait(), 15)
            except TimeoutError:
                process.kill()
                await process.wait()
