"""The wall benchmark runs end to end (figures are judged by `zuil bench wall`, not here)."""

import pytest

from wall import bench


@pytest.mark.slow
def test_quick_wall_bench_reports_its_figures(qloop: object) -> None:
    figures = bench.run(quick=True)
    for key in (
        "frame_ms_1080p_median",
        "frame_ms_1080p_p95",
        "frame_ms_4k_median",
        "cpu_ms_per_frame_1080p",
        "cpu_ms_per_frame_4k",
        "frame_ms_1080p_chart_p95",
        "frame_ms_4k_chart_p95",
        "cpu_ms_per_frame_4k_chart",
    ):
        assert figures[key] > 0, key
    assert figures["targets"]["frame_ms_1080p_median"] == 4.0
    assert figures["notes_measured"] == 8
    assert "hub_to_wall_ms_p95" in bench.report(figures)
    assert "frame_ms_4k_chart_p95" in bench.report(figures)
