"""Where a device keeps its pairing: one small JSON file in its data folder.

Every device kind uses the same file, ``pairing.json`` (hub, token, device id,
workshop, and every hub of the event), readable by its owner only. A file from
before an event could have a standby hub has no ``hubs``: it reads as the one hub.
Devices paired before the file existed kept their pairing elsewhere (a pillar in
``kiosk.db``'s settings, a desk or wall in ``desk.json`` / ``wall.json``); that is
read once and written here, so a device paired yesterday stays paired.
"""

from __future__ import annotations

import json
import logging
import sqlite3
from dataclasses import asdict, dataclass, replace
from pathlib import Path

log = logging.getLogger("zuil.device.pairing")

FILE = "pairing.json"


@dataclass(frozen=True)
class Pairing:
    """What the hub gave a device when it was paired.

    Attributes:
        hub: the hub's base URL.
        token: the device's bearer token.
        device_id: the hub's number for the device, when known.
        workshop: the workshop the hub assigned to a pillar, if any.
        hubs: every address of the event's hubs (the primary and its standby).
    """

    hub: str
    token: str
    device_id: int | None = None
    workshop: str | None = None
    hubs: tuple[str, ...] = ()

    @property
    def addresses(self) -> str:
        """The hub, then the event's other hubs, as one string for a connection."""
        return hubs_text(self.hub, self.hubs)

    def at(self, hub: str) -> Pairing:
        """The same pairing, preferring ``hub`` (the command line's)."""
        return replace(self, hub=hub, hubs=tuple(dict.fromkeys([*self.hubs, self.hub])))


def hubs_text(first: str, others: tuple[str, ...] | list[str]) -> str:
    """Addresses as :class:`~shared.device.connection.HubConnection` takes them, ``first`` first."""
    seen = [first.rstrip("/")]
    for other in others:
        if other.rstrip("/") not in seen:
            seen.append(other.rstrip("/"))
    return " ".join(seen)


class PairingStore:
    """A device's pairing, in its data folder.

    Args:
        folder: the device's own data folder (``DATA/kiosk``, ``DATA/desk``...).
        kind: ``kiosk``, ``desk`` or ``wall``: where an older pairing may be found.
    """

    def __init__(self, folder: Path, kind: str) -> None:
        self.folder = folder
        self.kind = kind
        self.path = folder / FILE

    def load(self) -> Pairing | None:
        """The stored pairing, or None when the device is not paired (or the file is unreadable)."""
        try:
            raw = json.loads(self.path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            return self._migrate()
        except (OSError, ValueError) as error:
            log.warning("the pairing in %s cannot be read (%s): pair again", self.path, error)
            return None
        return _pairing(raw)

    def save(self, pairing: Pairing) -> None:
        """Remember a pairing (readable by the device's owner only)."""
        self.folder.mkdir(parents=True, exist_ok=True)
        temporary = self.path.with_suffix(".tmp")
        temporary.touch(mode=0o600)
        temporary.chmod(0o600)
        temporary.write_text(json.dumps(asdict(pairing)), encoding="utf-8")
        temporary.replace(self.path)  # whole or not at all

    def _migrate(self) -> Pairing | None:
        """The pairing from where this kind of device kept it before, stored anew."""
        found = self._old_kiosk_db() if self.kind == "kiosk" else self._old_json()
        if found is not None:
            log.info("pairing of this %s moved into %s", self.kind, self.path)
            self.save(found)
        return found

    def _old_json(self) -> Pairing | None:
        try:
            raw = json.loads((self.folder / f"{self.kind}.json").read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None
        return _pairing(raw)

    def _old_kiosk_db(self) -> Pairing | None:
        path = self.folder / "kiosk.db"
        if not path.exists():
            return None
        try:
            db = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
            try:
                rows = dict(db.execute("SELECT key, value FROM settings").fetchall())
            finally:
                db.close()
        except sqlite3.Error:
            return None
        device = rows.get("device")
        return _pairing(
            {
                "hub": rows.get("hub"),
                "token": rows.get("token"),
                "device_id": int(device) if device and device.isdigit() else None,
                "workshop": rows.get("workshop"),
            }
        )


def _pairing(raw: object) -> Pairing | None:
    """A pairing from stored JSON, or None when it lacks the hub or the token."""
    if not isinstance(raw, dict):
        return None
    hub, token = raw.get("hub"), raw.get("token")
    if not isinstance(hub, str) or not isinstance(token, str) or not hub or not token:
        return None
    device = raw.get("device_id")
    workshop = raw.get("workshop")
    hubs = raw.get("hubs")
    return Pairing(
        hub=hub,
        token=token,
        device_id=device if isinstance(device, int) else None,
        workshop=workshop if isinstance(workshop, str) and workshop else None,
        hubs=tuple(h for h in hubs if isinstance(h, str) and h) if isinstance(hubs, list) else (),
    )
