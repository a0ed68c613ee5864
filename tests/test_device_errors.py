"""One error type for every device: the hub's refusals and the network's failures map to it."""

from __future__ import annotations

import asyncio
import socket

import httpx
import pytest

from shared.datadir import DataDir
from shared.device.connection import HubConnection, pair
from shared.device.errors import OFFLINE, TIMEOUT, HubError
from shared.protocol import API, Role
from shared.store import Store
from tests.helpers.hub import paired_token, served


def test_the_hubs_refusal_keeps_its_code_message_and_status(
    demo_dir: DataDir, demo_store: Store
) -> None:
    with served(demo_dir, demo_store) as hub:

        async def run() -> tuple[HubError, HubError]:
            with pytest.raises(HubError) as refused:
                await pair(hub.url, "000000", "wall")
            connection = HubConnection(hub.url, "not-a-token", httpx.Timeout(5.0))
            try:
                with pytest.raises(HubError) as unpaired:
                    await connection.call("GET", f"{API}/wall")
            finally:
                await connection.close()
            return refused.value, unpaired.value

        refused, unpaired = asyncio.run(run())
    assert refused.reached
    assert 400 <= refused.status < 500
    assert refused.code
    assert refused.code not in (OFFLINE, TIMEOUT)
    assert "code" in str(refused).lower()
    assert unpaired.status == 401
    assert unpaired.code == "unauthorized"


def test_a_yes_comes_back_as_the_response(demo_dir: DataDir, demo_store: Store) -> None:
    token = paired_token(demo_store, Role.WALL)
    with served(demo_dir, demo_store) as hub:

        async def run() -> int:
            connection = HubConnection(hub.url, token, httpx.Timeout(5.0))
            try:
                return (await connection.call("GET", f"{API}/wall")).status_code
            finally:
                await connection.close()

        assert asyncio.run(run()) == 200


def test_a_hub_out_of_reach_is_offline() -> None:
    async def run() -> HubError:
        connection = HubConnection("http://127.0.0.1:9", "t", httpx.Timeout(2.0))
        try:
            with pytest.raises(HubError) as error:
                await connection.send("GET", "/health")
        finally:
            await connection.close()
        return error.value

    error = asyncio.run(run())
    assert error.code == OFFLINE
    assert not error.reached
    assert error.detail
    assert str(error).startswith("hub not reachable")


def test_a_hub_that_never_answers_times_out() -> None:
    # a socket that takes the connection and says nothing: the true edge of the network
    with socket.socket() as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen()
        port = listener.getsockname()[1]

        async def run() -> HubError:
            connection = HubConnection(f"http://127.0.0.1:{port}", "t", httpx.Timeout(0.2))
            try:
                with pytest.raises(HubError) as error:
                    await connection.send("GET", "/health")
            finally:
                await connection.close()
            return error.value

        error = asyncio.run(run())
    assert error.code == TIMEOUT
    assert not error.reached
