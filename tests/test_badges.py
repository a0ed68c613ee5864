"""kiosk/desk/badges.py: printed tickets, rasterised like a cheap printer, scan as valid."""

import json
import multiprocessing
import shutil
from datetime import date
from pathlib import Path

import cv2
import numpy as np
import pytest
from pytestqt.qtbot import QtBot

from kiosk.desk.badges import MM, QR_MM, QUIET, Badge, single_ticket_box, write_pdf
from kiosk.desk.bench import read_pdf
from shared import qr
from shared.datadir import DataDir, today, verifier_for
from shared.tickets import TicketSigner, TicketVerifier, generate_private_key, printed_text
from tests.test_cli import zuil


@pytest.mark.slow
@pytest.mark.skipif(shutil.which("pdftoppm") is None, reason="poppler-utils is installed by ./dev")
@pytest.mark.parametrize("layout", [[], ["--per-page"]], ids=["sheets", "per-page"])
def test_every_printed_ticket_scans_valid(
    demo_dir: DataDir, tmp_path: Path, layout: list[str]
) -> None:
    pdf = tmp_path / "tickets.pdf"
    out = zuil("tickets", "pdf", "--out", str(pdf), *layout, data=demo_dir.root).stdout
    assert "40 tickets" in out
    found = read_pdf(pdf, tmp_path)
    with demo_dir.open_store() as store:
        verifier = verifier_for(store)
        valid = {t for t in found if verifier.check(t, today=today()).valid}
    assert len(valid) == 40
    people = json.loads(zuil("attendees", "list", "--json", data=demo_dir.root).stdout)
    assert len(people) == 40


def test_one_attendee_and_hostile_names(demo_dir: DataDir, tmp_path: Path) -> None:
    with demo_dir.open_store() as store:
        store.write(
            lambda db: db.execute(
                "UPDATE attendees SET first_name = '<b>\u202eVet</b>' WHERE id = 5"
            )
        )
    pdf = tmp_path / "one.pdf"
    out = zuil("tickets", "pdf", "--out", str(pdf), "--attendee", "5", data=demo_dir.root).stdout
    assert "1 tickets" in out
    assert pdf.read_bytes().startswith(b"%PDF")


@pytest.mark.skipif(shutil.which("pdftoppm") is None, reason="poppler-utils is installed by ./dev")
@pytest.mark.parametrize("dpi", [150, 100])
def test_vector_qr_reads_at_its_printed_size(qapp: object, tmp_path: Path, dpi: int) -> None:
    signer = TicketSigner(generate_private_key(), event_id=3, key_id=0)
    day = date(2026, 6, 11)
    token = signer.sign(attendee_id=8, serial=900, valid_from=day, valid_until=day)
    pdf = tmp_path / "one.pdf"
    badge = Badge(token=token, name="Ans de Vries", organisation="Gemeente Havenstad")
    assert write_pdf(pdf, [badge], event="Samen Sterk", per_page=True) == 1
    assert b"/Subtype /Image" not in pdf.read_bytes()  # vector modules, not a scaled picture
    assert read_pdf(pdf, tmp_path, dpi=dpi) == {token}
    # The symbol (without its light margin) is as large on the page as the layout says.
    page = cv2.imread(str(next(tmp_path.glob("page-*.png"))), cv2.IMREAD_GRAYSCALE)
    assert page is not None
    px = dpi / 25.4
    box = single_ticket_box(595.28)
    top, left, side = (box.bottom() / MM - 4 - QR_MM) * px, (box.x() / MM + 3) * px, QR_MM * px
    crop = page[round(top) : round(top + side), round(left) : round(left + side)]
    rows, cols = np.nonzero(crop < 128)
    side_mm = QR_MM * 41 / (41 + 2 * QUIET)  # a ticket is version 6: 41 modules
    for extent in (rows.max() - rows.min() + 1, cols.max() - cols.min() + 1):
        assert abs(extent / px - side_mm) < 0.5


@pytest.mark.skipif(shutil.which("pdftoppm") is None, reason="poppler-utils is installed by ./dev")
def test_a_desk_printed_ticket_holds_its_link_and_still_scans_at_a_pillar(
    qapp: object, tmp_path: Path
) -> None:
    signer = TicketSigner(generate_private_key(), event_id=3, key_id=0)
    day = date(2026, 6, 11)
    token = signer.sign(attendee_id=8, serial=900, valid_from=day, valid_until=day)
    text = printed_text(token, f"http://192.168.100.200:8700/t/{token}")
    assert text.startswith("HTTP://192.168.100.200:8700/T/ZU1")
    pdf = tmp_path / "one.pdf"
    badge = Badge(token=text, name="Ans de Vries", organisation="Gemeente Havenstad")
    assert write_pdf(pdf, [badge], event="Samen Sterk", per_page=True) == 1
    [found] = read_pdf(pdf, tmp_path, dpi=100)
    assert found == text  # what a phone's camera opens
    verifier = TicketVerifier(event_id=3, public_keys={0: signer.public_key})
    assert verifier.check(found, today=day).valid  # what a pillar checks, offline


def test_a_long_run_counts_each_ticket_in_turn_and_can_be_given_up_midway(
    qtbot: QtBot, tmp_path: Path
) -> None:
    signer = TicketSigner(generate_private_key(), event_id=3, key_id=0)
    day = date(2026, 6, 11)
    badges = [
        Badge(
            token=signer.sign(attendee_id=i, serial=i, valid_from=day, valid_until=day),
            name=f"Deelnemer {i}",
        )
        for i in range(qr.PARALLEL_FROM + 64)
    ]
    counted: list[int] = []
    assert write_pdf(tmp_path / "all.pdf", badges, event="E", progress=counted.append) == len(
        badges
    )
    assert counted == list(range(1, len(badges) + 1))

    class Cancelled(Exception):
        pass

    def cancel_midway(count: int) -> None:
        if count == qr.HEAD + 10:  # past the first few: the workers are at it
            assert multiprocessing.active_children()
            raise Cancelled

    with pytest.raises(Cancelled):
        write_pdf(tmp_path / "half.pdf", badges, event="E", progress=cancel_midway)
    qtbot.waitUntil(lambda: not multiprocessing.active_children(), timeout=10_000)
