"""The hub's server: the address it gives phones in links (``--public-url``)."""

from __future__ import annotations

import json
import re
from pathlib import Path

import httpx
import pytest

from shared.datadir import DataDir
from shared.launch.cli import UsageError, _public_url
from shared.store import Store
from tests.helpers.hubprocess import hub_process, run_zuil

pytestmark = pytest.mark.anyio

PUBLIC = "http://192.0.2.7:8700"  # a documentation address: nothing ever connects to it


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        ("http://192.0.2.7:8700", "http://192.0.2.7:8700"),
        ("http://192.0.2.7:8700/", "http://192.0.2.7:8700"),
        (" https://zuil.example.nl ", "https://zuil.example.nl"),
        ("http://[2001:db8::7]:8700", "http://[2001:db8::7]:8700"),
    ],
)
def test_a_public_url_is_kept_as_scheme_and_address(given: str, expected: str) -> None:
    assert _public_url(given) == expected


@pytest.mark.parametrize(
    "given", ["192.0.2.7:8700", "ftp://192.0.2.7", "http://", "http://192.0.2.7/zuil", "zuil"]
)
def test_anything_else_is_refused_with_the_expected_form(given: str) -> None:
    with pytest.raises(UsageError, match=re.escape("http://192.168.10.5:8700")):
        _public_url(given)


async def test_links_name_the_public_url_not_the_bound_address(
    demo_dir: DataDir, demo_store: Store, tmp_path: Path
) -> None:
    """A hub bound to every interface still hands out links phones can open."""
    demo_store.close()
    code = json.loads(
        run_zuil("device", "pair", "--kind", "desk", "--json", "--data", str(demo_dir.root))
    )["code"]
    extra = ["--host", "0.0.0.0", "--public-url", PUBLIC + "/"]
    async with hub_process(demo_dir, tmp_path / "hub.log", extra) as hub:
        url = hub.url.replace("0.0.0.0", "127.0.0.1")
        async with httpx.AsyncClient(base_url=url, timeout=10) as client:
            token = (await client.post("/api/pair", json={"code": code})).json()["token"]
            issued = await client.post(
                "/api/attendees/9/ticket", json={}, headers={"Authorization": f"Bearer {token}"}
            )
    assert issued.status_code == 200, issued.text
    assert issued.json()["link"].startswith(f"{PUBLIC}/t/")
    assert hub.trouble() == []
