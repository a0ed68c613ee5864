"""The start-up benchmark runs end to end (figures are judged by `zuil bench start`, not here)."""

import os

import pytest

from shared import startbench


@pytest.mark.slow
def test_quick_start_bench_reports_its_figures() -> None:
    figures = startbench.run(quick=True)
    for seconds in (figures["version_s"], figures["help_s"], figures["kiosk_s"], figures["wall_s"]):
        assert seconds is not None
        assert seconds > 0
    # the apps tell when their first screen was drawn; that is what is held to the target
    for drawn, whole in (
        (figures["kiosk_drawn_s"], figures["kiosk_s"]),
        (figures["wall_drawn_s"], figures["wall_s"]),
    ):
        assert drawn is not None
        assert whole is not None
        assert 0 < drawn <= whole
    assert isinstance(figures["passed"], bool)
    table = startbench.report(figures)
    for what in startbench.WHAT.values():
        assert what in table


def test_a_command_that_fails_is_reported_not_timed() -> None:
    with pytest.raises(RuntimeError, match="exited 2"):
        startbench.time_command(["no-such-command"], dict(os.environ))
