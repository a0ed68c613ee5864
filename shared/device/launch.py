"""Starting a device from the command line: pair if asked, load the pairing, run the window.

The pillar, the desk and the wall all start the same way; what differs (the
window, what a fresh pairing means to them, whether they may start unpaired) is
given by the app's ``main``. Trouble with the hub ends the start with one clear
line on stderr, never a traceback.
"""

from __future__ import annotations

import logging
import sys
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol, TypeVar

from PySide6.QtWidgets import QApplication

from shared.device.errors import HubError
from shared.device.pairing import Pairing, PairingStore
from shared.device.qtloop import application, event_loop, run_until_quit

log = logging.getLogger("zuil.device.launch")

W = TypeVar("W", bound="Window")


class Window(Protocol):
    """What a device's window offers the launcher (it is shown and started by its opener)."""

    def close(self) -> bool:
        """Close the window."""
        ...


@dataclass(frozen=True)
class Role:
    """How one kind of device starts.

    Attributes:
        command: the command's name, for messages (``zuil wall``).
        kind: where the pairing is kept (``kiosk``, ``desk``, ``wall``).
        name: the name the device gives itself when it pairs.
        noun: what the device is called in the ``Paired as ...`` line.
        needs_pairing: False when the device may start unpaired (staff pair it on screen).
    """

    command: str
    kind: str
    name: str
    noun: str
    needs_pairing: bool = True


def launch(
    role: Role,
    data: Path,
    hub: str | None,
    code: str | None,
    open_window: Callable[[QApplication, Pairing | None], W],
    *,
    on_paired: Callable[[Pairing], None] | None = None,
    cleanup: Callable[[W], Awaitable[None]] | None = None,
) -> int:
    """Pair if asked, load the pairing, open the window and run until it quits.

    Args:
        role: the kind of device.
        data: the device's data folder.
        hub: the hub's URL from the command line, if given.
        code: a pairing code from the command line, if given (needs ``hub``).
        open_window: builds, shows and starts the window for the pairing (None: unpaired).
        on_paired: told of a pairing made here, before the window opens.
        cleanup: awaited with the window once the app has quit.

    Returns:
        The exit status: 0 when the window ran, 2 when the device could not start.
    """
    from shared.device.connection import pair

    app = application()
    loop = event_loop(app)
    store = PairingStore(data, role.kind)
    try:
        if code:
            if not hub:
                return _fail(role, "--pair needs --hub")
            paired = loop.run_until_complete(pair(hub, code, role.name))
            fresh = Pairing(
                hub, paired.token, paired.device_id, paired.workshop, tuple(paired.hubs)
            )
            store.save(fresh)
            if on_paired is not None:
                on_paired(fresh)
            where = f" ({paired.workshop})" if paired.workshop else ""
            print(f"Paired as {role.noun} #{paired.device_id}{where}.")
        pairing = store.load()
        if pairing is None and role.needs_pairing:
            return _fail(role, "not paired yet: run with --hub URL --pair CODE")
        if pairing is not None and hub and hub != pairing.hub:
            pairing = pairing.at(hub)
        window = open_window(app, pairing)
    except HubError as error:
        return _fail(role, f"the hub said no or could not be reached: {error}")
    run_until_quit(app, loop, (lambda: cleanup(window)) if cleanup is not None else None)
    return 0


def _fail(role: Role, message: str) -> int:
    print(f"{role.command}: {message}", file=sys.stderr)
    return 2


__all__ = ["Role", "Window", "launch"]
