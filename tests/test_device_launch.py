"""The one launcher: trouble with the hub ends a device's start with one clear line."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest

from kiosk.desk.main import run as run_desk
from shared.datadir import DataDir
from shared.device.errors import HubError
from shared.device.launch import Role, Window, launch
from shared.device.pairing import FILE, Pairing, PairingStore
from shared.store import Store
from tests.helpers.hub import served
from wall.main import run as run_wall

ROLE = Role("zuil test", "wall", name="test", noun="test screen")


def test_a_refused_code_is_a_message_not_a_traceback(
    qloop: asyncio.AbstractEventLoop,
    demo_dir: DataDir,
    demo_store: Store,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    with served(demo_dir, demo_store) as hub:
        status = run_wall(tmp_path, hub.url, "000000", "both", None, windowed=True)
    assert status == 2
    err = capsys.readouterr().err
    assert err.startswith("zuil wall: ")
    assert "code" in err.lower()
    assert "Traceback" not in err
    assert not (tmp_path / FILE).exists()


def test_a_hub_out_of_reach_is_a_message(
    qloop: asyncio.AbstractEventLoop, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    status = run_desk(tmp_path, "http://127.0.0.1:9", "123456", windowed=True)
    assert status == 2
    assert "zuil desk: " in capsys.readouterr().err


def test_pairing_needs_a_hub_and_a_device_needs_a_pairing(
    qloop: asyncio.AbstractEventLoop, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    def never(*_: object) -> Window:
        raise AssertionError("no window without a pairing")

    assert launch(ROLE, tmp_path, None, "123456", never) == 2
    assert "--pair needs --hub" in capsys.readouterr().err
    assert launch(ROLE, tmp_path, None, None, never) == 2
    assert "not paired yet" in capsys.readouterr().err


def test_a_window_that_cannot_reach_the_hub_ends_the_start(
    qloop: asyncio.AbstractEventLoop, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    PairingStore(tmp_path, "wall").save(Pairing("http://hub.test", "t0k"))
    seen: list[Pairing | None] = []

    def refused(_app: object, pairing: Pairing | None) -> Window:
        seen.append(pairing)
        raise HubError("this device's token was refused", "unauthorized", 401)

    assert launch(ROLE, tmp_path, "http://other.test", None, refused) == 2
    # the hub given wins; the stored one stays, to try when the given one is silent
    assert seen == [Pairing("http://other.test", "t0k", hubs=("http://hub.test",))]
    assert "zuil test: " in capsys.readouterr().err
