"""One pairing file for every device, and pairings kept the old ways still read."""

from __future__ import annotations

import json
import stat
from pathlib import Path

import pytest

from kiosk.outbox import Outbox
from shared.device.pairing import FILE, Pairing, PairingStore


@pytest.mark.parametrize("kind", ["kiosk", "desk", "wall"])
def test_a_pairing_is_kept_for_its_owner_only(tmp_path: Path, kind: str) -> None:
    store = PairingStore(tmp_path / kind, kind)
    assert store.load() is None
    pairing = Pairing("http://hub:8000", "secret", 7, "ZORG" if kind == "kiosk" else None)
    store.save(pairing)
    assert PairingStore(tmp_path / kind, kind).load() == pairing
    assert stat.S_IMODE((tmp_path / kind / FILE).stat().st_mode) == 0o600


def test_a_pillar_paired_in_its_outbox_stays_paired(tmp_path: Path) -> None:
    outbox = Outbox(tmp_path / "kiosk.db")  # as pillars kept it before
    for key, value in {"hub": "http://hub:8000", "token": "t0k", "device": "3"}.items():
        outbox.put(key, value)
    outbox.put("workshop", "VAST")
    outbox.close()
    pairing = PairingStore(tmp_path, "kiosk").load()
    assert pairing == Pairing("http://hub:8000", "t0k", 3, "VAST")
    assert json.loads((tmp_path / FILE).read_text())["token"] == "t0k"  # moved, once


@pytest.mark.parametrize("kind", ["desk", "wall"])
def test_a_desk_or_wall_paired_in_its_json_stays_paired(tmp_path: Path, kind: str) -> None:
    old = {"hub": "http://hub:8000", "token": "t0k"}
    (tmp_path / f"{kind}.json").write_text(json.dumps(old))
    assert PairingStore(tmp_path, kind).load() == Pairing("http://hub:8000", "t0k")
    (tmp_path / f"{kind}.json").unlink()
    assert PairingStore(tmp_path, kind).load() == Pairing("http://hub:8000", "t0k")


def test_an_unpaired_pillar_with_an_outbox_is_unpaired(tmp_path: Path) -> None:
    Outbox(tmp_path / "kiosk.db").close()
    assert PairingStore(tmp_path, "kiosk").load() is None
    assert not (tmp_path / FILE).exists()


def test_an_unreadable_pairing_asks_to_pair_again(tmp_path: Path) -> None:
    (tmp_path / FILE).write_text("{not json")
    assert PairingStore(tmp_path, "wall").load() is None
    (tmp_path / FILE).write_text(json.dumps({"hub": "http://hub:8000"}))
    assert PairingStore(tmp_path, "wall").load() is None
