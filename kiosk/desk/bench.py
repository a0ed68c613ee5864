"""``zuil bench tickets``: the bulk ticket PDF for 2,800 attendees, and whether every QR reads.

Renders the real PDF, rasterises it at 150 dpi with pdftoppm (as a cheap
office printer or a scan would), and decodes every page with the project's
own decoder: each ticket must verify ``valid``.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path
from typing import Any

TARGETS = {"bulk_pdf_s": 30.0, "bulk_qr_read_rate": 1.0}


def read_pdf(pdf: Path, folder: Path, dpi: int = 150) -> set[str]:
    """Every QR text on the PDF's pages, rasterised at ``dpi``."""
    import cv2

    from shared.scan.decode import Decoder

    if shutil.which("pdftoppm") is None:
        raise RuntimeError("pdftoppm is not installed (Debian: apt-get install poppler-utils)")
    subprocess.run(["pdftoppm", "-r", str(dpi), "-png", str(pdf), str(folder / "page")], check=True)
    decoder = Decoder()
    found: set[str] = set()
    for page in sorted(folder.glob("page-*.png")):
        frame = cv2.imread(str(page))
        if frame is not None:
            found.update(decoder.decode(frame, thorough=True).texts)
    return found


def run(quick: bool = False) -> dict[str, Any]:
    """Render and read back the bulk PDF; figures with targets."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtWidgets import QApplication

    from kiosk.desk.badges import Badge, write_pdf
    from shared.tickets import TicketSigner, TicketVerifier, generate_private_key

    if QApplication.instance() is None:  # the widgets flavour, like every app of ours
        QApplication([])
    count = 400 if quick else 2_800
    signer = TicketSigner(generate_private_key(), event_id=11, key_id=0)
    verifier = TicketVerifier(event_id=11, public_keys={0: signer.public_key})
    today = date.today()
    badges = [
        Badge(
            token=signer.sign(
                attendee_id=i,
                serial=100_000 + i,
                valid_from=today,
                valid_until=today + timedelta(1),
            ),
            name=f"Deelnemer {i} van der Meer",
            organisation="Gemeente Havenstad",
            lines=["10:30 Vastgoed en witwassen", "11:45 Jongeren in de drugshandel"],
        )
        for i in range(count)
    ]
    with tempfile.TemporaryDirectory(prefix="zuil-bench-tickets-") as tmp:
        pdf = Path(tmp) / "tickets.pdf"
        started = time.perf_counter()
        write_pdf(pdf, badges, event="Samen Sterk tegen Ondermijning")
        seconds = time.perf_counter() - started
        size = pdf.stat().st_size
        found = read_pdf(pdf, Path(tmp))
    tokens = {b.token for b in badges}
    readable = {t for t in found & tokens if verifier.check(t, today=today).valid}
    figures: dict[str, Any] = {
        "tickets": count,
        "bulk_pdf_s": round(seconds, 2),
        "pdf_mb": round(size / 1e6, 1),
        "bulk_qr_read_rate": round(len(readable) / count, 4),
        "targets": TARGETS,
    }
    figures["passed"] = seconds <= TARGETS["bulk_pdf_s"] and figures["bulk_qr_read_rate"] >= 1.0
    return figures


def report(f: dict[str, Any]) -> str:
    """A table a person can read."""
    pdf_ok = "ok" if f["bulk_pdf_s"] <= 30 else "BELOW TARGET"
    read_ok = "ok" if f["bulk_qr_read_rate"] >= 1.0 else "BELOW TARGET"
    return "\n".join(
        [
            f"{'bulk_pdf_s':<22}{f['bulk_pdf_s']:>8}   <= 30 s for {f['tickets']} tickets  {pdf_ok}"
            f"  ({f['pdf_mb']} MB)",
            f"{'bulk_qr_read_rate':<22}{f['bulk_qr_read_rate']:>8}   1.0 at 150 dpi  {read_ok}",
        ]
    )
