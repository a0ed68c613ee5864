"""The organiser's dashboard against a real hub after a scripted day: its figures are the
database's, a workshop filter narrows them, live events refresh them, and the report it
makes is a real PDF."""

from __future__ import annotations

import asyncio
import inspect
import uuid
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import httpx
import pytest
from PySide6.QtGui import QFont
from pytestqt.qtbot import QtBot

from kiosk.desk.app import DeskWindow
from kiosk.desk.client import DeskClient
from kiosk.desk.dashboard import DashboardTab
from shared import protocol
from shared.datadir import DataDir
from shared.hub.server import RunningHub
from shared.i18n import Lang
from shared.protocol import Role
from shared.report import gather
from shared.store import Store
from tests.helpers.day import play_day
from tests.helpers.desk import desk_on_hub
from tests.helpers.hub import paired_token
from tests.helpers.kiosk import expect, until
from tests.helpers.pollresults import sample_polls

SCREENSHOTS = Path(__file__).resolve().parent.parent / "screenshots" / "desk"


@pytest.fixture
def organiser(
    qloop: asyncio.AbstractEventLoop, demo_dir: DataDir, demo_store: Store, tmp_path: Path
) -> Iterator[tuple[DeskWindow, RunningHub]]:
    qloop.run_until_complete(play_day(demo_dir, demo_store))
    with desk_on_hub(qloop, demo_dir, demo_store, tmp_path / "desk", Role.ORGANISER) as opened:
        window = opened[0]
        window.tabs.setCurrentWidget(window.dashboard)
        board = window.dashboard
        qloop.run_until_complete(until(lambda: board.data is not None, board.refreshed))
        qloop.run_until_complete(window.settle())
        yield opened


def test_figures_equal_the_database_and_filter(
    organiser: tuple[DeskWindow, RunningHub], demo_store: Store
) -> None:
    window, _ = organiser
    board = window.dashboard
    with demo_store.snapshot() as db:
        truth = gather(db)
    h = truth.headline
    assert board.figures_shown() == {
        "attendees": h.attendees,
        "scanned": h.scanned,
        "answered": h.answered,
        "gave_feedback": h.gave_feedback,
        "tops": h.tops,
        "tips": h.tips,
        "photos": h.photos,
    }
    assert board.figures["scanned"].text() == str(h.scanned)
    assert board.questions.rowCount() == sum(1 for q in truth.questions if q.answered)
    first = board.questions.item(0, 2)
    last = board.questions.item(board.questions.rowCount() - 1, 2)
    assert first is not None
    assert last is not None
    assert int(first.text().rstrip("%")) >= int(last.text().rstrip("%"))  # most right first
    assert board.board.rowCount() == len(truth.top)
    assert board.pillars.rowCount() >= 3  # two pillars and this console
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    window.grab().save(str(SCREENSHOTS / "dashboard.png"))
    board.set_workshop("ZORG")
    zorg = next(w for w in truth.workshops if w.code == "ZORG")
    assert board.figures_shown()["scanned"] == zorg.scanned
    assert board.figures["tops"].text() == str(len(zorg.tops))
    cells = [board.questions.item(r, 0) for r in range(board.questions.rowCount())]
    assert None not in cells
    workshops = {cell.text() for cell in cells if cell is not None}
    assert workshops == {"ZORG"}
    window.grab().save(str(SCREENSHOTS / "dashboard-zorg.png"))
    board.set_workshop(None)
    assert board.figures_shown()["scanned"] == h.scanned


def test_live_note_refreshes_and_report_is_made(
    organiser: tuple[DeskWindow, RunningHub],
    demo_store: Store,
    qloop: asyncio.AbstractEventLoop,
    tmp_path: Path,
) -> None:
    window, hub = organiser
    board = window.dashboard
    before = int(board.figures["tips"].text())
    kiosk = paired_token(demo_store, Role.KIOSK, "VAST")

    async def post_and_report() -> str:
        now = datetime.now(UTC).isoformat()
        note = {
            "id": str(uuid.uuid4()),
            "kind": "note",
            "at": now,
            "wall": "tip",
            "text": "Nog een tip vanaf de zuil",
        }
        async with httpx.AsyncClient(base_url=hub.url) as client:
            reply = await client.post(
                "/api/sync",
                json={"device_clock": now, "actions": [note]},
                headers={"Authorization": f"Bearer {kiosk}"},
            )
            assert reply.status_code == 200
        await until(lambda: board.figures["tips"].text() == str(before + 1), board.refreshed)
        written = expect(board.report_written)
        board.make_report(tmp_path / "verslag.pdf")
        (path,) = await asyncio.wait_for(written, 60)
        return str(path)

    path = qloop.run_until_complete(post_and_report())
    pdf = Path(path).read_bytes()
    assert pdf.startswith(b"%PDF")
    assert len(pdf) > 20_000  # with the photos in it


def test_purge_button_after_the_event(
    organiser: tuple[DeskWindow, RunningHub], demo_store: Store, qloop: asyncio.AbstractEventLoop
) -> None:
    window, _ = organiser
    board = window.dashboard
    board.confirm_purge = lambda: False  # staff typed something else
    board.purge()
    assert demo_store.scalar("SELECT count(*) FROM attendees WHERE email IS NOT NULL") > 0
    board.confirm_purge = lambda: True

    async def purge() -> str:
        said = expect(board.message)
        board.purge()
        words, error = await asyncio.wait_for(said, 60)
        assert not error
        return str(words(Lang.NL))

    assert qloop.run_until_complete(purge()).startswith("Gewist: 50 deelnemers")
    assert demo_store.scalar("SELECT count(*) FROM attendees WHERE email IS NOT NULL") == 0


@pytest.mark.parametrize(
    ("hub", "said"),
    [
        (None, None),
        (protocol.ServingHub(hub_id="a1b2c3d4e5f6"), None),  # one hub, no replica: quiet
        (
            protocol.ServingHub(
                hub_id="a1b2c3d4e5f6", replica="/mnt/replica", lag_s=0.31, standby="following"
            ),
            "Hub a1b2c3d4: de hoofdhub  ·  replica loopt 0.3 s achter"
            "  ·  reserve-hub: volgt mee, paraat",
        ),
        (
            protocol.ServingHub(
                hub_id="ffee0011", role="promoted", took_over_at="2026-12-02T11:04:05+00:00"
            ),
            "Hub ffee0011: de reserve-hub, nam het over om 11:04:05  ·  niet gerepliceerd"
            "  ·  geen reserve-hub gezien",
        ),
    ],
)
def test_the_console_says_which_hub_serves(
    qtbot: QtBot, hub: protocol.ServingHub | None, said: str | None
) -> None:
    tab = DashboardTab(DeskClient("http://127.0.0.1:9", "token"))
    qtbot.addWidget(tab)
    tab.show_hub(hub)
    assert tab.hub_status.isVisibleTo(tab) == (said is not None)
    if said is not None:
        assert tab.hub_status.text() == said


def dashboard_with_polls() -> protocol.Dashboard:
    headline = protocol.Headline(
        attendees=50, scanned=40, answered=30, gave_feedback=8, scans=60, answers=90,
        tops=4, tips=3, photos=0, hidden=0,
    )  # fmt: skip
    workshops = [
        protocol.WorkshopResult(
            code=code,
            title=title,
            room="",
            starts="",
            registered=25,
            scanned=20,
            answered=15,
            gave_feedback=4,
            questions=[],
            tops=[],
            tips=[],
            photos=[],
            hidden=0,
        )
        for code, title in (("VAST", "Vastgoed"), ("ZORG", "Zorgfraude"), ("JONG", "Jongeren"))
    ]
    report = protocol.Report(
        event={"name": "Samen Sterk", "min_answers": 5},
        made_at=datetime.now(UTC),
        headline=headline,
        workshops=workshops,
        top=[],
        polls=sample_polls(),
    )
    return protocol.Dashboard(report=report, timeline=[], latest=[], pillars=[])


def results_page(qtbot: QtBot, lang: Lang) -> DashboardTab:
    """A dashboard showing its page of questions and votes, from :func:`dashboard_with_polls`."""
    tab = DashboardTab(DeskClient("http://127.0.0.1:9", "token"), lang)
    qtbot.addWidget(tab)
    tab.resize(1400, 1100)
    tab.data = dashboard_with_polls()
    tab._fill_filter()
    tab.show_data()
    tab.views.setCurrentIndex(1)
    return tab


@pytest.mark.parametrize("lang", [Lang.NL, Lang.EN])
def test_results_page_draws_each_question_and_hides_small_numbers(qtbot: QtBot, lang: Lang) -> None:
    tab = results_page(qtbot, lang)
    cards = tab.result_cards
    assert list(cards) == ["NPS", "LUNCH", "NAAM", "WOORD", "R-VAST", "R-ZORG"]
    nps = cards["NPS"].chart
    assert nps.headline == "NPS +17"
    assert [b.count for b in nps.split] == [5, 9, 9]
    lunch = cards["LUNCH"].chart
    assert "4 " in lunch.facts  # four of the answers came on paper, said so
    assert any(b.paper for b in lunch.bars)
    # ZORG's three ratings (all five stars) are neither drawn nor averaged
    zorg = cards["R-ZORG"].chart
    assert zorg.suppressed
    assert zorg.bars == ()
    assert zorg.headline == ""
    assert ("minder dan 5 antwoorden" if lang is Lang.NL else "fewer than 5 answers") in zorg.note
    assert cards["R-VAST"].comments.text().splitlines()[1:] == [
        "• Heel praktisch",
        "• Meer tijd voor vragen graag",
    ]
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    tab.grab().save(str(SCREENSHOTS / f"dashboard-results-{lang}.png"))
    tab.set_workshop("ZORG")  # narrowed to one workshop: its questions only
    assert list(tab.result_cards) == ["R-ZORG"]
    tab.grab().save(str(SCREENSHOTS / f"dashboard-results-zorg-{lang}.png"))
    tab.set_workshop("JONG")
    assert tab.result_cards == {}
    assert tab.results_empty.isVisibleTo(tab)


def test_the_charts_are_drawn_in_the_event_s_font(
    qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    from PySide6.QtGui import QFontInfo

    from kiosk.desk import charts
    from shared.ui.qt import font_family_of

    data = (Path(__file__).resolve().parent / "data" / "fonts" / "ComicNeue-Bold.otf").read_bytes()
    family = font_family_of(data)
    assert family == "Comic Neue"
    drawn_in: list[str] = []
    real = charts.paint_chart

    def paint_chart(*args: Any, **kwargs: Any) -> None:
        call = inspect.signature(real).bind(*args, **kwargs)
        call.apply_defaults()
        drawn_in.append(call.arguments["family"])
        real(*args, **kwargs)

    monkeypatch.setattr(charts, "paint_chart", paint_chart)
    tab = results_page(qtbot, Lang.NL)
    card = tab.result_cards["LUNCH"]
    house = card.view.grab().toImage()
    assert drawn_in
    assert QFontInfo(QFont(drawn_in[-1])).family() != family
    tab.set_family(family)
    card = tab.result_cards["LUNCH"]
    drawn_in.clear()
    branded = card.view.grab().toImage()
    # every question's chart, its title, facts, bars and figures, in the event's font
    assert drawn_in
    assert set(drawn_in) == {family}
    assert branded != house
    assert QFontInfo(tab.participation.titleFont()).family() == family
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    tab.grab().save(str(SCREENSHOTS / "dashboard-results-event-font.png"))
