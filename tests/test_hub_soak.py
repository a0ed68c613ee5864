"""The soak runs end to end through the command (the growth is judged by `zuil bench soak`)."""

import json
import os
import subprocess
import sys
import tracemalloc
from pathlib import Path

import pytest

from shared.hub import soak


@pytest.mark.slow
def test_a_short_soak_reports_its_figures_as_json() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "shared", "bench", "soak", "--minutes", "0.1", "--json"],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode in (0, 1), done.stderr  # 1: the target was missed, still a report
    figures = json.loads(done.stdout)
    assert figures["passed"] is (done.returncode == 0)
    assert figures["errors"] == {}
    assert figures["actions"] > 0
    assert figures["requests"] > 0
    assert figures["live_events"] > 0  # the walls' streams carried the notes
    assert len(figures["samples"]) >= 3
    assert all(s["rss_mb"] > 0 and s["threads"] > 0 for s in figures["samples"])
    assert isinstance(figures["growth_mb_per_hour"], float)
    assert "growth_mb_per_hour" in soak.report(figures)


def test_the_trace_names_what_grew_between_two_snapshots(tmp_path: Path) -> None:
    tracemalloc.start(5)
    try:
        tracemalloc.take_snapshot().dump(str(tmp_path / "snapshot-1.pickle"))
        kept = [f"grown {i}" * 20 for i in range(2_000)]
        tracemalloc.take_snapshot().dump(str(tmp_path / "snapshot-2.pickle"))
    finally:
        tracemalloc.stop()
    for number, used in ((1, 1_000), (2, 5_000)):
        (tmp_path / f"snapshot-{number}.json").write_text(json.dumps({"sqlite_bytes": used}))
    out = tmp_path / "growth.txt"
    soak.write_trace(tmp_path / "snapshot-1.pickle", tmp_path / "snapshot-2.pickle", out)
    text = out.read_text(encoding="utf-8")
    assert "(+4,000)" in text  # SQLite's own memory, beside Python's
    assert "growth by traceback" in text
    assert __file__ in text.split("growth by traceback")[1]  # the list above is named
    assert kept


def test_growth_is_the_slope_of_the_fitted_line_per_hour() -> None:
    assert soak.growth_per_hour([(0.0, 100.0), (1800.0, 101.0), (3600.0, 102.0)]) == 2.0
    assert soak.growth_per_hour([(60.0, 100.0)]) == 0.0


def test_memory_of_reads_this_process() -> None:
    found = soak.memory_of(os.getpid())
    assert found["VmRSS"] > 0
    assert found["Threads"] >= 1


def test_the_traced_hub_starts_the_real_command() -> None:
    # the traced hub is a script run with -c: a wrong import in it only shows in a --trace run
    done = subprocess.run(
        [sys.executable, "-c", soak._TRACED_HUB, "1", os.devnull, "--version"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("zuil")
