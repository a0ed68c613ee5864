"""The personal link page in a real headless browser: its QR must scan as a valid ticket."""

import shutil
import subprocess
from pathlib import Path

import cv2
import pytest

from shared.datadir import DataDir
from shared.scan.decode import Decoder
from shared.store import Store
from tests.helpers.hub import served, ticket_of

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")


@pytest.mark.slow
@pytest.mark.skipif(CHROMIUM is None, reason="Debian's chromium is installed by ./dev")
def test_phone_page_qr_scans_valid(demo_dir: DataDir, demo_store: Store, tmp_path: Path) -> None:
    assert CHROMIUM is not None
    ticket = ticket_of(demo_dir, demo_store, 4)
    shot = tmp_path / "phone.png"
    with served(demo_dir, demo_store) as hub:
        subprocess.run(
            [
                CHROMIUM,
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                f"--user-data-dir={tmp_path / 'profile'}",
                "--window-size=412,915",
                f"--screenshot={shot}",
                f"{hub.url}/t/{ticket}?lang=nl",
            ],
            check=True,
            capture_output=True,
            timeout=120,
        )
        check = hub.hub.check
        frame = cv2.imread(str(shot))
        assert frame is not None
        [text] = Decoder().decode(frame, thorough=True).texts
        assert text == ticket
        assert check(text).valid
