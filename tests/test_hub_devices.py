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


class Clock:
    """A clock the test moves by hand."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_pairing_guard_lets_an_address_in_again_after_its_window() -> None:
    clock = Clock()
    guard = devices.PairingGuard(limit=3, window_s=60, clock=clock)
    assert [guard.admit("a") for _ in range(3)] == [None, None, None]
    clock.now += 20
    assert guard.admit("a") == 40
    assert guard.admit("b") is None  # each address has its own count
    clock.now += 39.5
    assert guard.admit("a") == 1  # never "retry after 0 s"
    clock.now += 0.5
    assert guard.admit("a") is None


def test_pairing_guard_does_not_count_a_right_code() -> None:
    guard = devices.PairingGuard(limit=2, window_s=60, clock=Clock())
    for _ in range(5):
        assert guard.admit("a") is None
        guard.succeeded("a")
    assert guard.admit("a") is None
    assert guard.admit("a") is None
    assert guard.admit("a") is not None


def test_pairing_guard_remembers_a_bounded_number_of_addresses() -> None:
    clock = Clock()
    guard = devices.PairingGuard(limit=1, window_s=60, max_addresses=100, clock=clock)
    for n in range(10_000):
        guard.admit(f"10.0.{n // 256}.{n % 256}")
        clock.now += 0.001
    assert len(guard) == 100
    assert guard.admit("10.0.39.15") is not None  # the newest are kept
    clock.now += 60
    guard.admit("192.0.2.1")
    assert len(guard) == 1  # expired windows go as soon as a new one opens
