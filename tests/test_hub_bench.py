"""The benchmark itself runs end to end (the figures are judged by `zuil bench hub`, not here)."""

import shutil
from typing import Literal

import pytest

from shared.hub import bench

Figure = Literal[
    "ingest_per_s",
    "raw_sqlite_per_s",
    "requests_per_s",
    "bare_uvicorn_per_s",
    "p50_ms",
    "p99_ms",
    "fanout_p95_ms",
    "pillars_at_100ms",
]

KEYS: set[Figure] = {
    "ingest_per_s",
    "raw_sqlite_per_s",
    "requests_per_s",
    "bare_uvicorn_per_s",
    "p50_ms",
    "p99_ms",
    "fanout_p95_ms",
    "pillars_at_100ms",
}


@pytest.mark.slow
@pytest.mark.skipif(shutil.which("wrk") is None, reason="wrk is installed by ./dev")
def test_quick_bench_reports_all_eight_figures() -> None:
    figures = bench.run(quick=True)
    assert set(figures) >= KEYS
    for key in KEYS:
        assert figures[key] > 0, key
    assert "BELOW TARGET" in bench.report(figures) or "ok" in bench.report(figures)
