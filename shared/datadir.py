"""An event's data folder: the store, the private ticket keys, branding images and photos.

Layout::

    DIR/zuil.db           the event store (SQLite, WAL)
    DIR/keys/ticket-N.pem  private ticket keys (only on the hub; mode 0600)
    DIR/media/SHA.ext      branding images (logo, venue map), content-addressed
    DIR/photos/SHA.jpg     polaroid photos, content-addressed
"""

from __future__ import annotations

import hashlib
import os
import sys
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

import platformdirs

if TYPE_CHECKING:
    from sqlite_utils import Database

    from shared import tickets
    from shared.store import Store
    from shared.ticketbook import TicketRecord

# The store (sqlite-utils, which pulls in numpy) and the ticket crypto are imported by the
# methods that use them: the pillar and the wall only want default_data_dir() at start-up.

ENV_DATA = "ZUIL_DATA"
ENV_ASSETS = "ZUIL_ASSETS"


def default_data_dir() -> Path:
    """``$ZUIL_DATA``, else the per-user data folder (``~/.local/share/zuil`` on Linux)."""
    env = os.environ.get(ENV_DATA)
    return Path(env) if env else Path(platformdirs.user_data_dir("zuil", appauthor=False))


def assets_dir() -> Path:
    """The shipped assets: ``$ZUIL_ASSETS``, a frozen bundle's, or the source tree's."""
    env = os.environ.get(ENV_ASSETS)
    if env:
        return Path(env)
    bundle = getattr(sys, "_MEIPASS", None)
    if bundle:
        return Path(bundle) / "assets"
    return Path(__file__).resolve().parent.parent / "assets"


class DataDir:
    """One event's data folder.

    Args:
        root: the folder; created when first written to.

    """

    def __init__(self, root: Path) -> None:
        self.root = root
        self.db_path = root / "zuil.db"
        self.keys_dir = root / "keys"
        self.media_dir = root / "media"
        self.photos_dir = root / "photos"

    def open_store(self, *, replicated: bool = False) -> Store:
        """Open (and create or migrate) the event store (``replicated``: Litestream checkpoints)."""
        from shared.store import Store

        self.root.mkdir(parents=True, exist_ok=True)
        return Store(self.db_path, replicated=replicated)

    def store_file(self, data: bytes, suffix: str, folder: Path | None = None) -> str:
        """Keep ``data`` under its SHA-256 and return the file name."""
        folder = folder or self.media_dir
        folder.mkdir(parents=True, exist_ok=True)
        name = hashlib.sha256(data).hexdigest() + suffix.lower()
        target = folder / name
        if not target.exists():
            partial = target.with_suffix(target.suffix + ".part")
            partial.write_bytes(data)
            os.replace(partial, target)
        return name

    def media_path(self, name: str) -> Path:
        """Where a stored branding image lives."""
        return self.media_dir / Path(name).name

    def signer(self, store: Store) -> tickets.TicketSigner:
        """The event's current ticket signer, making the first key pair when needed.

        Raises:
            StoreError: no event was imported yet.

        """
        from shared import tickets
        from shared.store import StoreError

        event = store.event()
        if event is None:
            raise StoreError("no event in this data folder yet: run 'zuil event import FILE'")
        self.keys_dir.mkdir(parents=True, exist_ok=True)
        known = store.public_keys()
        for key_id in sorted(known, reverse=True):
            pem = self.keys_dir / f"ticket-{key_id}.pem"
            if pem.exists():
                key = tickets.private_key_from_pem(pem.read_bytes())
                signer = tickets.TicketSigner(key, event_id=event["uid"], key_id=key_id)
                if signer.public_key != known[key_id]:
                    raise StoreError(f"{pem} does not match the event's public key {key_id}")
                return signer
        if known:
            raise StoreError(
                f"no private ticket key in {self.keys_dir}: this folder is not the hub's"
            )
        key = tickets.generate_private_key()
        public = key.public_key().public_bytes_raw()
        key_id = store.add_ticket_key(public)
        pem = self.keys_dir / f"ticket-{key_id}.pem"
        fd = os.open(pem, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "wb") as handle:
            handle.write(tickets.private_key_to_pem(key))
        return tickets.TicketSigner(key, event_id=event["uid"], key_id=key_id)

    def token(self, store: Store, record_serial: int) -> str:
        """The token of a stored ticket (signatures are deterministic, so tokens aren't kept).

        Raises:
            StoreError: no such ticket.

        """
        from shared.store import StoreError

        record = store.ticket(record_serial)
        if record is None:
            raise StoreError(f"no ticket with serial {record_serial}")
        return self.token_for(record, self.signer(store))

    def token_for(self, record: TicketRecord, signer: tickets.TicketSigner) -> str:
        """The token of a ticket record, signed by ``signer`` or the older key that signed it."""
        from shared import tickets

        if record.key_id != signer.key_id:
            pem = self.keys_dir / f"ticket-{record.key_id}.pem"
            key = tickets.private_key_from_pem(pem.read_bytes())
            signer = tickets.TicketSigner(key, event_id=signer.event_id, key_id=record.key_id)
        return signer.sign(
            attendee_id=record.attendee_id,
            serial=record.serial,
            valid_from=record.valid_from,
            valid_until=record.valid_until,
        )


def verifier_for(store: Store) -> tickets.TicketVerifier:
    """A verifier with the store's public keys and revocations.

    Raises:
        StoreError: no event was imported yet.

    """
    return store.read(verifier_in)


def verifier_in(db: Database) -> tickets.TicketVerifier:
    """A verifier with the public keys and revocations of one read connection's snapshot.

    Raises:
        StoreError: no event was imported yet.

    """
    from shared import programme, ticketbook, tickets
    from shared.store import StoreError

    event = programme.event(db)
    if event is None:
        raise StoreError("no event in this data folder yet")
    return tickets.TicketVerifier(
        event_id=event["uid"],
        public_keys=ticketbook.public_keys(db),
        revoked=ticketbook.revoked_serials(db),
    )


def today() -> date:
    """The local calendar day (tickets are valid per day, like the event)."""
    return date.today()
