"""kiosk/workshoplink.py: the pillar's own QR code, for its workshop's page on a phone."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import cv2
import httpx
from pytestqt.qtbot import QtBot

from kiosk.screens.welcome import AttractScreen
from kiosk.session import Screen
from kiosk.workshoplink import WorkshopLink, workshop_url
from shared import door
from shared.datadir import DataDir
from shared.launch.demo import Demo
from shared.scan.decode import Decoder
from shared.store import Store
from tests.helpers.hub import ticket_of
from tests.helpers.kiosk import until
from tests.test_kiosk_app import demo  # noqa: F401  (the running demo: hub, pillar, desk)


@dataclass
class Paired:
    """What the widget reads of the pillar's client: its hub and its token."""

    base_url: str
    token: str


def read_codes(widget: WorkshopLink, folder: Path) -> list[str]:
    """The QR codes a camera would read off the widget as drawn."""
    path = folder / "link.png"
    widget.grab().save(str(path))
    frame = cv2.imread(str(path))
    assert frame is not None
    padded = cv2.copyMakeBorder(frame, 40, 40, 40, 40, cv2.BORDER_CONSTANT, value=(255, 255, 255))
    return list(Decoder().decode(padded, thorough=True).texts)


def test_the_address_of_a_workshops_phone_page() -> None:
    assert workshop_url("http://192.168.1.5:8700/", "vast") == "http://192.168.1.5:8700/w/VAST"
    assert workshop_url(None, "VAST") is None
    assert workshop_url("http://hub", None) is None
    assert workshop_url("http://hub", "") is None
    key = door.token_hash("pillar-token")
    day = date(2026, 6, 11)
    with_door = workshop_url("http://hub", "vast", key, day)
    assert with_door == f"http://hub/w/VAST?d={door.door_code(key, 'VAST', day)}"


def test_the_code_shows_only_with_a_hub_and_a_workshop(qtbot: QtBot, tmp_path: Path) -> None:
    link = WorkshopLink()
    qtbot.addWidget(link)
    link.show_for("VAST", "nl")
    assert link.isHidden()
    link.link_to(Paired("http://192.168.1.5:8700", "pillar-token"))  # type: ignore[arg-type]
    link.show_for("VAST", "nl")
    assert not link.isHidden()
    assert link.caption.text() == "Ook op je telefoon"
    code = door.door_code(door.token_hash("pillar-token"), "VAST", date.today())
    assert read_codes(link, tmp_path) == [f"http://192.168.1.5:8700/w/VAST?d={code}"]
    link.show_for("VAST", "en")
    assert link.caption.text() == "Also on your phone"
    link.show_for(None, "nl")
    assert link.isHidden()


def test_the_attract_screen_shows_the_code_of_its_hub_and_workshop(
    demo: Demo,  # noqa: F811
    qloop: asyncio.AbstractEventLoop,
    demo_dir: DataDir,
    demo_store: Store,
    tmp_path: Path,
) -> None:
    window = demo.kiosk
    attract = window.screens[Screen.ATTRACT]
    assert isinstance(attract, AttractScreen)

    async def arrived() -> None:
        await until(lambda: attract.phone_link.url is not None, window.content_updated)

    qloop.run_until_complete(arrived())
    url = attract.phone_link.url
    assert url is not None
    assert url.startswith(f"{demo.hub.url}/w/VAST?d=")
    assert read_codes(attract.phone_link, tmp_path) == [url]
    page = httpx.get(url)  # what a phone without the attendee's session sees there
    assert page.status_code == 200
    assert "Vastgoed en witwassen" in page.text
    assert "registratiebalie" in page.text
    scans = demo_store.scalar("SELECT count(*) FROM scans")
    with httpx.Client(base_url=demo.hub.url) as phone:  # and with a session: a visit
        phone.get(f"/t/{ticket_of(demo_dir, demo_store, 9)}")
        assert "Welk signaal" in phone.get(url).text
    assert demo_store.scalar("SELECT count(*) FROM scans") == scans + 1
