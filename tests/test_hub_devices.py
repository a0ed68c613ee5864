from datetime import UTC, datetime, timedelta

import pytest

from shared.hub import devices
from shared.protocol import Role
from shared.store import Store, StoreError


def test_pair_once_then_authenticate(demo_store: Store) -> None:
    device_id, code = devices.create_pairing(demo_store, Role.KIOSK, workshop="vast", name="Zuil 1")
    assert len(code) == 9
    assert code[4] == "-"
    paired = devices.pair(demo_store, code.lower().replace("-", " "))
    assert paired is not None
    device, token = paired
    assert (device.id, device.role, device.workshop_code) == (device_id, Role.KIOSK, "VAST")
    assert devices.pair(demo_store, code) is None
    assert devices.authenticate(demo_store, token) == device
    stored = demo_store.scalar("SELECT token_hash FROM devices WHERE id = ?", [device_id])
    assert token not in stored
    assert devices.revoke(demo_store, device_id)
    assert devices.authenticate(demo_store, token) is None
    assert not devices.revoke(demo_store, device_id)


def test_expired_code_is_refused(demo_store: Store) -> None:
    device_id, code = devices.create_pairing(demo_store, Role.WALL)
    past = (datetime.now(UTC) - timedelta(minutes=1)).isoformat()
    demo_store.write(
        lambda db: db.execute(
            "UPDATE devices SET pairing_expires = ? WHERE id = ?", [past, device_id]
        )
    )
    assert devices.pair(demo_store, code) is None


def test_unknown_workshop(demo_store: Store) -> None:
    with pytest.raises(StoreError, match="NOPE"):
        devices.create_pairing(demo_store, Role.KIOSK, workshop="NOPE")


def test_confusable_characters_are_forgiven() -> None:
    assert devices.normalise_code("o1l-I") == "0111"
