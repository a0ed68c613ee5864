"""The desk's kept walk-ins: what the hub acknowledged, for a while, readable by the desk only."""

from __future__ import annotations

import stat
import uuid
from datetime import date
from pathlib import Path

from kiosk.desk.kept import KEEP_S, KeptWalkIns
from shared import protocol
from shared.tickets import TicketSigner, generate_private_key


class Clock:
    """A clock the test moves."""

    def __init__(self) -> None:
        self.now = 1_000_000.0

    def __call__(self) -> float:
        return self.now


def issued(attendee_id: int, serial: int) -> protocol.IssuedTicket:
    """A ticket as the hub would issue it, signed for real."""
    signer = TicketSigner(generate_private_key(), key_id=3, event_id=7)
    token = signer.sign(
        attendee_id=attendee_id,
        serial=serial,
        valid_from=date(2026, 10, 1),
        valid_until=date(2026, 12, 3),
    )
    summary = protocol.AttendeeSummary.model_validate(
        {
            "id": attendee_id,
            "first_name": "Ilse",
            "last_name": "de Laat",
            "organisation": "",
            "email": None,
            "phone": None,
            "display": "initial",
            "kind": "walkin",
            "workshops": [],
            "serial": serial,
            "issued_at": None,
            "printed_at": None,
            "last_scan_at": None,
            "last_scan_workshop": None,
        }
    )
    return protocol.IssuedTicket(
        attendee=summary,
        serial=serial,
        token=token,
        link="",
        valid_from=date(2026, 10, 1),
        valid_until=date(2026, 12, 3),
    )


def walk_in() -> protocol.WalkIn:
    return protocol.WalkIn(first_name="Ilse", last_name="de Laat", client_id=uuid.uuid4())


def test_a_walk_in_is_kept_with_the_ticket_it_was_printed_with(tmp_path: Path) -> None:
    kept = KeptWalkIns(tmp_path / "walk-ins.json")
    person = walk_in()
    kept.add(person, issued(41, 123456))
    [one] = KeptWalkIns(tmp_path / "walk-ins.json").all()  # read back from the file
    assert one.walk_in == person
    assert (one.attendee_id, one.serial, one.key_id) == (41, 123456, 3)
    assert (one.valid_from, one.valid_until) == (date(2026, 10, 1), date(2026, 12, 3))
    mode = stat.S_IMODE((tmp_path / "walk-ins.json").stat().st_mode)
    assert mode == 0o600, oct(mode)


def test_walk_ins_leave_the_file_when_their_time_is_up(tmp_path: Path) -> None:
    clock = Clock()
    kept = KeptWalkIns(tmp_path / "walk-ins.json", clock=clock)
    kept.add(walk_in(), issued(41, 1))
    clock.now += KEEP_S / 2
    kept.add(walk_in(), issued(42, 2))
    assert [k.attendee_id for k in kept.all()] == [41, 42]
    clock.now += KEEP_S / 2 + 1
    assert [k.attendee_id for k in kept.all()] == [42]
    clock.now += KEEP_S
    assert kept.all() == []
    assert not (tmp_path / "walk-ins.json").exists()  # no personal details left behind


def test_a_walk_in_without_the_desks_id_is_not_kept(tmp_path: Path) -> None:
    kept = KeptWalkIns(tmp_path / "walk-ins.json")
    kept.add(protocol.WalkIn(first_name="Ilse", last_name="de Laat"), issued(41, 1))
    assert kept.all() == []


def test_a_damaged_file_loses_what_it_held_and_the_desk_goes_on(tmp_path: Path) -> None:
    (tmp_path / "walk-ins.json").write_text("{niet: json", encoding="utf-8")
    kept = KeptWalkIns(tmp_path / "walk-ins.json")
    assert kept.all() == []
    kept.add(walk_in(), issued(41, 1))
    assert len(kept.all()) == 1


def test_a_folder_that_refuses_costs_the_keeping_not_the_walk_in(tmp_path: Path) -> None:
    blocked = tmp_path / "file"
    blocked.write_text("", encoding="utf-8")  # a file where the folder should be
    kept = KeptWalkIns(blocked / "walk-ins.json")
    kept.add(walk_in(), issued(41, 1))
    assert kept.all() == []
    made = KeptWalkIns(tmp_path / "new" / "desk" / "walk-ins.json")
    made.add(walk_in(), issued(41, 1))
    assert len(made.all()) == 1
