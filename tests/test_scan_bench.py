"""The scan benchmark runs end to end (figures are judged by `zuil bench scan`, not here)."""

import pytest

from shared.scan import bench


@pytest.mark.slow
def test_quick_scan_bench_reports_its_figures() -> None:
    figures = bench.run(quick=True)
    for key in (
        "decode_ms_720p_median",
        "decode_ms_720p_noqr_median",
        "hard_read_rate",
        "frame_to_verdict_ms_p95",
    ):
        assert figures[key] >= 0, key
    assert figures["scan_events"] == figures["appearances"]
    assert figures["false_accepts"] == 0
    assert "hard_read_rate" in bench.report(figures)
