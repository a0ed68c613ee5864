"""kiosk/desk/badges.py: printed tickets, rasterised like a cheap printer, scan as valid."""

import json
import shutil
from pathlib import Path

import pytest

from kiosk.desk.bench import read_pdf
from shared.datadir import DataDir, today, verifier_for
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
