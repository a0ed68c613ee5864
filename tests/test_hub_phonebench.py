"""``zuil bench phone`` runs end to end (the figures are judged by the bench, not here)."""

import pytest

from shared.hub import phonebench

KEYS = {
    "phones",
    "requests_per_s",
    "p50_ms",
    "p95_ms",
    "bare_per_s",
    "sync_p95_idle_ms",
    "sync_p95_loaded_ms",
}


@pytest.mark.slow
def test_quick_bench_reports_every_figure_and_every_phone_got_through() -> None:
    figures = phonebench.run(quick=True)
    assert set(figures) >= KEYS
    for key in KEYS:
        assert figures[key] > 0, key
    assert figures["errors"] == []
    assert figures["phones"] == 60
    table = phonebench.report(figures)
    assert "p95 <= 100 ms" in table
