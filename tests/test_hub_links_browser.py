"""The personal link page in a real headless browser (Debian's chromium, driven by Playwright).

The page is opened as a phone would: its QR must scan as a valid ticket, it must
load nothing from anywhere but the hub, and revoked or wrong links get a polite
page with the right status.
"""

import shutil
from pathlib import Path

import cv2
import httpx
import pytest

from shared.datadir import DataDir
from shared.protocol import Role
from shared.scan.decode import Decoder
from shared.store import Store
from tests.helpers.hub import auth, paired_token, served, ticket_of

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
playwright = pytest.importorskip("playwright.sync_api")

SCREENSHOTS = Path(__file__).resolve().parent.parent / "screenshots" / "links"


@pytest.mark.slow
@pytest.mark.skipif(CHROMIUM is None, reason="Debian's chromium is installed by ./dev")
def test_phone_page_in_chromium(demo_dir: DataDir, demo_store: Store, tmp_path: Path) -> None:
    ticket = ticket_of(demo_dir, demo_store, 4)
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    with served(demo_dir, demo_store) as hub, playwright.sync_playwright() as driver:
        browser = driver.chromium.launch(
            executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"]
        )
        try:
            phone = browser.new_context(
                viewport={"width": 412, "height": 915}, device_scale_factor=2, is_mobile=True
            )
            page = phone.new_page()
            requested: list[str] = []
            page.on("request", lambda request: requested.append(request.url))
            response = page.goto(f"{hub.url}/t/{ticket}?lang=nl")
            assert response is not None
            assert response.status == 200
            body = page.inner_text("body")
            person = demo_store.attendee(4)
            assert person is not None
            assert f"{person['first_name']} {person['last_name']}" in body
            assert "Jouw programma" in body
            assert "Plenaire afsluiting" in body
            assert all(url.startswith(hub.url) for url in requested)  # nothing from elsewhere
            shot = SCREENSHOTS / "phone-nl.png"
            page.screenshot(path=str(shot), full_page=True)
            frame = cv2.imread(str(shot))
            assert frame is not None
            [text] = Decoder().decode(frame, thorough=True).texts
            assert text == ticket
            assert hub.hub.check(text).valid
            english = page.goto(f"{hub.url}/t/{ticket}?lang=en")
            assert english is not None
            assert page.locator("html").get_attribute("lang") == "en"
            page.screenshot(path=str(SCREENSHOTS / "phone-en.png"), full_page=True)
            wrong = page.goto(f"{hub.url}/t/ZU1NOTATICKET")
            assert wrong is not None
            assert wrong.status == 404
            assert "<" not in page.inner_text("body")  # a polite text page, not an error dump
            desk = paired_token(demo_store, Role.DESK)
            reprint = httpx.post(  # the desk's reprint of a lost ticket
                f"{hub.url}/api/attendees/4/ticket", json={"reissue": True}, headers=auth(desk)
            )
            assert reprint.status_code == 200, reprint.text
            revoked = page.goto(f"{hub.url}/t/{ticket}")
            assert revoked is not None
            assert revoked.status == 410
            page.screenshot(path=str(SCREENSHOTS / "phone-revoked.png"))
        finally:
            browser.close()
