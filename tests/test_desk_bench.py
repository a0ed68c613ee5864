"""The tickets benchmark runs end to end (figures are judged by `zuil bench tickets`)."""

import shutil

import pytest

from kiosk.desk import bench


@pytest.mark.slow
@pytest.mark.skipif(shutil.which("pdftoppm") is None, reason="poppler-utils is installed by ./dev")
def test_quick_tickets_bench(qapp: object) -> None:
    figures = bench.run(quick=True)
    assert figures["tickets"] == 400
    assert figures["bulk_qr_read_rate"] == 1.0
    assert "bulk_pdf_s" in bench.report(figures)
