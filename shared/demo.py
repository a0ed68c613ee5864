"""The Dutch sample event: a data folder ready for the demo and the tests."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path

from shared import content, qr, roster
from shared.datadir import DataDir, assets_dir, today
from shared.store import Store

log = logging.getLogger("zuil.demo")


@dataclass(frozen=True)
class DemoSummary:
    """What :func:`prepare` made."""

    data_dir: Path
    event_name: str
    workshops: int
    questions: int
    attendees: int
    tickets: int
    ticket_images: Path
    created: bool


def demo_assets() -> Path:
    """The folder with the demo event file, attendee list and images."""
    return assets_dir() / "demo"


def prepare(data: DataDir) -> DemoSummary:
    """Fill ``data`` with the demo event, held today, and a ticket for every attendee.

    A folder that already holds an event is left as it is (its tickets are
    still written out), so running the demo twice keeps what happened in it.
    """
    source = demo_assets()
    with data.open_store() as store:
        created = store.event() is None
        if created:
            content.import_event(data, store, source / "event.toml", on_day=today())
            codes = [w["code"] for w in store.workshops()]
            result = roster.read_csv(source / "attendees.csv", known_workshops=codes)
            if result.rejected:
                raise RuntimeError(f"demo attendee list has rejected rows: {result.rejected}")
            store.add_attendees(result.accepted)
        images = _write_tickets(data, store)
        event = store.event()
        return DemoSummary(
            data_dir=data.root,
            event_name=event["name"] if event else "",
            workshops=len(store.workshops()),
            questions=int(store.scalar("SELECT count(*) FROM questions")),
            attendees=int(store.scalar("SELECT count(*) FROM attendees")),
            tickets=int(store.scalar("SELECT count(*) FROM tickets WHERE revoked_at IS NULL")),
            ticket_images=images,
            created=created,
        )


def _write_tickets(data: DataDir, store: Store) -> Path:
    folder = data.root / "demo-tickets"
    folder.mkdir(parents=True, exist_ok=True)
    signer = data.signer(store)
    for attendee in store.attendees():
        record = store.issue_ticket(attendee["id"], signer.key_id)
        path = folder / f"{attendee['id']:03d}-{_slug(attendee['first_name'])}.png"
        if not path.exists():
            qr.save(data.token(store, record.serial), path, scale=8)
    return folder


def _slug(name: str) -> str:
    return "".join(ch for ch in name.lower() if ch.isalnum()) or "ticket"
