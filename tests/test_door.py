"""shared/door.py: a pillar's door code, made offline, checked by the hub."""

from datetime import date

from shared import door
from shared.protocol import Role
from shared.store import Store
from tests.helpers.hub import paired_token

DAY = date(2026, 6, 11)


def test_the_pillars_key_is_the_hash_the_hub_keeps(demo_store: Store) -> None:
    token = paired_token(demo_store, Role.KIOSK, "VAST")
    stored = demo_store.db.execute("SELECT token_hash FROM devices").fetchall()
    assert (door.token_hash(token),) in stored


def test_a_door_code_is_one_pillars_for_one_workshop_and_one_day() -> None:
    key = door.token_hash("pillar-token")
    code = door.door_code(key, "vast", DAY)
    assert len(code) == door.LENGTH
    assert code == door.door_code(key, "VAST", DAY)
    assert door.valid(code, [door.token_hash("other"), key], "VAST", [DAY])
    assert not door.valid(code, [door.token_hash("other")], "VAST", [DAY])
    assert not door.valid(code, [key], "ZORG", [DAY])
    assert not door.valid(code, [key], "VAST", [date(2026, 6, 12)])
    assert not door.valid(code[:-1], [key], "VAST", [DAY])
    assert not door.valid(None, [key], "VAST", [DAY])
    assert not door.valid(code, [], "VAST", [DAY])
