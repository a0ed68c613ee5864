"""``zuil bench tickets``: the bulk ticket PDF for 2,800 attendees, and whether every QR reads.

Renders the real PDF, rasterises it at 150 dpi with pdftoppm (as a cheap
office printer or a scan would), and decodes every page with the project's
own decoder: each ticket must verify ``valid``. The time is wall-clock, as the
desk's user waits it; the CPU seconds (this process and its QR workers) are
printed beside it, since on a shared machine they are the steadier figure.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path
from typing import TypedDict

TARGETS = {"bulk_pdf_s": 10.0, "bulk_qr_read_rate": 1.0}


class Figures(TypedDict):
    """What :func:`run` measured (printed as JSON by ``zuil bench tickets --json``)."""

    tickets: int
    bulk_pdf_s: float
    bulk_pdf_cpu_s: float
    pdf_mb: float
    bulk_qr_read_rate: float
    targets: dict[str, float]
    passed: bool


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


def _cpu_seconds() -> float:
    """CPU time of this process and of its children that have ended (the QR workers)."""
    try:
        import resource
    except ImportError:  # Windows: this process only
        return time.process_time()
    own = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def run(quick: bool = False) -> Figures:
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
        cpu_before = _cpu_seconds()
        started = time.perf_counter()
        write_pdf(pdf, badges, event="Samen Sterk tegen Ondermijning")
        seconds = time.perf_counter() - started
        cpu = _cpu_seconds() - cpu_before
        size = pdf.stat().st_size
        found = read_pdf(pdf, Path(tmp))
    tokens = {b.token for b in badges}
    readable = {t for t in found & tokens if verifier.check(t, today=today).valid}
    read_rate = round(len(readable) / count, 4)
    return {
        "tickets": count,
        "bulk_pdf_s": round(seconds, 2),
        "bulk_pdf_cpu_s": round(cpu, 2),
        "pdf_mb": round(size / 1e6, 1),
        "bulk_qr_read_rate": read_rate,
        "targets": TARGETS,
        "passed": seconds <= TARGETS["bulk_pdf_s"] and read_rate >= 1.0,
    }


def report(f: Figures) -> str:
    """A table a person can read."""
    target = f["targets"]["bulk_pdf_s"]
    pdf_ok = "ok" if f["bulk_pdf_s"] <= target else "BELOW TARGET"
    read_ok = "ok" if f["bulk_qr_read_rate"] >= 1.0 else "BELOW TARGET"
    return "\n".join(
        [
            f"{'bulk_pdf_s':<22}{f['bulk_pdf_s']:>8}   <= {target:g} s for {f['tickets']} tickets"
            f"  {pdf_ok}  ({f['bulk_pdf_cpu_s']} s CPU, {f['pdf_mb']} MB)",
            f"{'bulk_qr_read_rate':<22}{f['bulk_qr_read_rate']:>8}   1.0 at 150 dpi  {read_ok}",
        ]
    )
