"""Pillars in table mode at a world café, against a real hub on 127.0.0.1.

Three table pillars (``--table T1`` and so on) take ideas without a scan, show
their own table's ideas only while the session gathers, count who joins, and in
the vote let a scanned ticket spend its dots; the facilitator's changes reach
them through the hub as they would at a venue.
"""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from dataclasses import dataclass
from functools import partial
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from pytestqt.qtbot import QtBot

from kiosk.app import KioskConfig, KioskWindow
from kiosk.desk.cafeclient import CafeClient
from kiosk.desk.client import DeskClient
from kiosk.hublink import pair_and_store
from kiosk.outbox import Release
from kiosk.screens.table import TableScreen
from kiosk.table import Mode, TableSpot, TableState, Voter
from kiosk.tablemode import BALLOT_IDLE_S
from shared import protocol
from shared.datadir import DataDir
from shared.hub import devices
from shared.hub.server import RunningHub, start_in_thread
from shared.protocol import Role
from shared.store import Store
from tests.helpers.cafe import Cafe, add_world_cafe
from tests.helpers.clock import Clock, let_time_pass
from tests.helpers.hub import paired_token, ticket_of
from tests.helpers.kiosk import until

SCREENSHOTS = Path(__file__).resolve().parent.parent / "screenshots" / "kiosk"
TABLES = ("T1", "T2", "T3")


@dataclass
class Rig:
    hub: RunningHub
    cafe: Cafe
    pillars: dict[str, KioskWindow]
    organiser: CafeClient
    data: DataDir
    store: Store

    def screen(self, code: str) -> TableScreen:
        return self.pillars[code].table_mode.screen

    async def shot(self, code: str, name: str) -> None:
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        await asyncio.sleep(0)  # one turn of the loop: Qt lays out what changed, then it is drawn
        self.pillars[code].grab().save(str(SCREENSHOTS / f"{name}.png"))


def open_table(
    loop: asyncio.AbstractEventLoop, store: Store, hub: RunningHub, folder: Path, code: str
) -> KioskWindow:
    _, pairing = devices.create_pairing(store, Role.KIOSK, name=f"tafel {code}")
    loop.run_until_complete(pair_and_store(folder, hub.url, pairing))
    window = KioskWindow(KioskConfig(data=folder, hub=hub.url, windowed=True, table=code), None)
    # ideas leave at the next minute boundary, like notes: the tests move the pillar's clock
    window.outbox.release = Release(clock=Clock())
    window.start()
    window.resize(1920, 1080)
    return window


@pytest.fixture
def rig(
    qloop: asyncio.AbstractEventLoop, demo_dir: DataDir, demo_store: Store, tmp_path: Path
) -> Iterator[Rig]:
    cafe = add_world_cafe(demo_store)
    hub = start_in_thread(demo_dir, demo_store)
    pillars = {code: open_table(qloop, demo_store, hub, tmp_path / code, code) for code in TABLES}
    organiser = CafeClient(DeskClient(hub.url, paired_token(demo_store, Role.ORGANISER)))
    rig = Rig(hub, cafe, pillars, organiser, demo_dir, demo_store)
    try:
        for window in pillars.values():
            qloop.run_until_complete(until(partial(is_bound, window), window.sync_finished))
        yield rig
    finally:
        qloop.run_until_complete(organiser.client.close())
        for window in pillars.values():
            window.quit()
        hub.stop()
        for window in pillars.values():
            window.deleteLater()
        qloop.run_until_complete(asyncio.sleep(0))


def is_bound(window: KioskWindow) -> bool:
    return window.table_mode.table.bound_to is not None


def writing(window: KioskWindow) -> bool:
    return window.table_mode.table.state(window.table_mode.hub_now()).mode is Mode.WRITING


def sent(window: KioskWindow) -> bool:
    return window.outbox.count() == 0


def write(screen: TableScreen, text: str) -> None:
    screen.editor.setPlainText(text)
    assert screen.send.isEnabled()
    QTest.mouseClick(screen.send, Qt.MouseButton.LeftButton)


async def synced(window: KioskWindow) -> None:
    """Every idea held for the minute has left, and the hub's view for the table is back."""
    let_time_pass(window.outbox)
    window.sync_now()
    await until(
        lambda: window.outbox.count() == 0 and not window.table_mode._fetching,
        window.sync_finished,
        window.table_mode.view_loaded,
    )
    await until(lambda: True, window.table_mode.view_loaded)


def test_tables_write_their_own_question_and_see_their_own_ideas(
    rig: Rig, qloop: asyncio.AbstractEventLoop
) -> None:
    t1, t2 = rig.pillars["T1"], rig.pillars["T2"]
    first = rig.cafe.rounds[0]

    async def round_one() -> None:
        for window in rig.pillars.values():
            assert window.table_mode.table.state().mode is Mode.WAITING
        await rig.organiser.round(rig.cafe.id, first, "start")
        for window in rig.pillars.values():
            window.pull_now()
            await until(partial(writing, window), window.content_updated, window.sync_finished)
        screen = rig.screen("T1")
        assert screen.question.text() == "Wanneer zijn we als community succesvol?"
        assert rig.screen("T2").question.text() == "Wat zijn persoonlijke leerdoelen?"
        write(screen, "Als nieuwe leden binnen een maand iemand kennen")
        write(screen, "Als we elkaar ook buiten de bijeenkomsten opzoeken")
        notes = screen._notes()
        assert len(notes) == 2
        assert all(n.idea.pending for n in notes)
        assert rig.store.scalar("SELECT count(*) FROM ideas") == 0  # held for the minute
        write(rig.screen("T2"), "Beter leren luisteren naar wat een klant niet zegt")
        await synced(t1)
        await synced(t2)
        assert rig.store.scalar("SELECT count(*) FROM ideas") == 3
        mine = t1.table_mode.table.ideas(rig.cafe.questions["SUCCES"])
        assert [(i.pending, i.id is not None) for i in mine] == [(False, True)] * 2
        # private first: the hub gave T1 its own ideas only, none of T2's
        assert t1.table_mode.table.view is not None
        texts = {i.text for i in t1.table_mode.table.view.ideas}
        assert "Beter leren luisteren naar wat een klant niet zegt" not in texts
        await rig.shot("T1", "table-writing")
        t1._on_language_clicked()
        await rig.shot("T1", "table-writing-en")
        t1._on_language_clicked()
        t1.resize(1080, 1920)  # a pillar standing upright: the post-its under the writing
        await rig.shot("T1", "table-writing-portrait")
        t1.resize(1920, 1080)

    qloop.run_until_complete(round_one())


async def mode_is(window: KioskWindow, mode: Mode) -> None:
    """Wait until the table's screen is in ``mode`` (the pillar pulls at every round)."""
    window.pull_now()
    await until(
        lambda: window.table_mode.screen.state.mode is mode,
        window.table_mode.shown,
        timeout=30,
    )


def test_an_offline_table_catches_up_and_a_join_counts_once_per_round(
    rig: Rig, qloop: asyncio.AbstractEventLoop
) -> None:
    t1, t2, t3 = (rig.pillars[code] for code in TABLES)
    first = rig.cafe.rounds[0]
    ticket = ticket_of(rig.data, rig.store, 5)

    async def play() -> None:
        await rig.organiser.round(rig.cafe.id, first, "start")
        for window in (t1, t2, t3):
            await mode_is(window, Mode.WRITING)
        assert t3.client is not None
        t3.client.switch("http://127.0.0.1:9")  # the venue's network drops at table 3
        write(rig.screen("T3"), "Klantvragen samen terugkijken")
        write(rig.screen("T3"), "Een maatjessysteem voor nieuwe collega's")
        let_time_pass(t3.outbox)
        t3.sync_now()
        await until(lambda: not t3.link.busy, t3.sync_finished)
        assert t3.outbox.count() == 2
        assert [i.pending for i in t3.table_mode.table.ideas(rig.cafe.questions["KLANT"])] == [
            True,
            True,
        ]
        t1.handle_code(ticket)
        assert rig.screen("T1").line().startswith("Welkom aan tafel")
        t1.handle_code(ticket)
        assert rig.screen("T1").line().startswith("Je zat in deze ronde al")
        t2.handle_code(ticket)  # the same person at another table: counted once for the round
        for window in (t1, t2):
            window.sync_now()
            await until(partial(sent, window), window.sync_finished)
        await rig.organiser.round(rig.cafe.id, first, "end")
        await mode_is(t1, Mode.WAITING)
        t3.client.switch(rig.hub.url)  # back: what it held arrives, written in time
        await synced(t3)
        assert t3.outbox.count() == 0
        ideas = t3.table_mode.table.ideas(rig.cafe.questions["KLANT"])
        assert [i.pending for i in ideas] == [False, False]

    qloop.run_until_complete(play())
    assert rig.store.scalar("SELECT count(*) FROM ideas WHERE round_id = ?", [first]) == 2
    assert (
        rig.store.scalar("SELECT sum(count) FROM cafe_join_counts WHERE round_id = ?", [first]) == 1
    )
    qloop.run_until_complete(rig.shot("T1", "table-waiting"))


def test_a_ticket_spends_its_dots_once_and_a_fourth_dot_is_not_taken(
    rig: Rig, qloop: asyncio.AbstractEventLoop
) -> None:
    t1, t2 = rig.pillars["T1"], rig.pillars["T2"]
    first = rig.cafe.rounds[0]
    succes = rig.cafe.questions["SUCCES"]
    ticket = ticket_of(rig.data, rig.store, 6)
    ideas = [
        "Als nieuwe leden binnen een maand iemand kennen",
        "Als nieuwe leden snel iemand kennen",
        "Als we elkaar ook buiten de bijeenkomsten opzoeken",
        "Als er meer vrijwilligers zijn",
        "Als iedereen zijn eigen koffie meeneemt",
        "Als kennis gedeeld wordt in plaats van bewaard",
    ]

    async def play() -> None:
        await rig.organiser.round(rig.cafe.id, first, "start")
        await mode_is(t1, Mode.WRITING)
        for text in ideas:
            write(rig.screen("T1"), text)
        await synced(t1)
        await rig.organiser.round(rig.cafe.id, first, "end")
        await rig.organiser.phase(rig.cafe.id, "sort")
        await mode_is(t1, Mode.SORTING)
        await rig.shot("T1", "table-sorting")
        view = await rig.organiser.view(rig.cafe.id)
        by_text = {i.text: i.id for i in view.ideas}
        from shared import protocol

        await rig.organiser.edit(
            rig.cafe.id, by_text[ideas[1]], protocol.IdeaEdit(merged_into=by_text[ideas[0]])
        )
        await rig.organiser.edit(rig.cafe.id, by_text[ideas[4]], protocol.IdeaEdit(state="hidden"))
        await rig.organiser.phase(rig.cafe.id, "vote")
        await mode_is(t1, Mode.VOTING)
        await until(lambda: bool(t1.table_mode.table.candidates(succes)), t1.table_mode.view_loaded)
        screen = rig.screen("T1")
        await rig.shot("T1", "table-vote")
        t1.handle_code(ticket)
        assert screen.voter is not None
        t1.last_activity -= BALLOT_IDLE_S  # walked away from the ballot: it is put away
        t1.table_mode.refresh()
        assert screen.voter is None
        t1.handle_code(ticket)
        assert screen.voter is not None
        assert screen.question_id == succes
        shown = set(screen.ballot_buttons)
        assert shown == {by_text[t] for t in (ideas[0], ideas[2], ideas[3], ideas[5])}
        for text in (ideas[0], ideas[2], ideas[3], ideas[5]):  # the fourth is not taken
            QTest.mouseClick(screen.ballot_buttons[by_text[text]], Qt.MouseButton.LeftButton)
        assert sum(screen.dots.values()) == 3
        assert screen.dots[by_text[ideas[5]]] == 0
        assert screen.left_label.text() == "Nog 0 van 3 stippen"
        await rig.shot("T1", "table-ballot")
        t1._on_language_clicked()
        await rig.shot("T1", "table-ballot-en")
        t1._on_language_clicked()
        QTest.mouseClick(screen.cast_button, Qt.MouseButton.LeftButton)
        # the only question with ideas: the ballot is put away, the thanks stay
        assert screen.voter is None
        assert not screen.ballot_buttons
        assert screen.line().startswith("Dank je! Je stippen zijn geteld.")
        let_time_pass(t1.outbox)  # a ballot leaves at the minute boundary, as answers do
        t1.sync_now()
        await until(lambda: t1.outbox.count() == 0, t1.sync_finished)
        # the same ticket at another table, whose pillar does not know it voted: refused
        await mode_is(t2, Mode.VOTING)
        await until(lambda: bool(t2.table_mode.table.candidates(succes)), t2.table_mode.view_loaded)
        t2.handle_code(ticket)
        second = rig.screen("T2")
        assert second.voter is not None
        second.choose(succes)
        second.toggle_dot(by_text[ideas[5]])
        QTest.mouseClick(second.cancel_button, Qt.MouseButton.LeftButton)  # stop: nothing cast
        assert second.voter is None
        assert t2.outbox.count() == 0
        t2.handle_code(ticket)
        second.choose(succes)
        second.toggle_dot(by_text[ideas[5]])
        second._on_cast()
        assert t2.outbox.count() == 1
        let_time_pass(t2.outbox)
        t2.sync_now()
        await until(lambda: t2.outbox.count() == 0, t2.sync_finished)
        await rig.organiser.phase(rig.cafe.id, "harvest")
        await mode_is(t1, Mode.HARVEST)

    qloop.run_until_complete(play())
    assert rig.store.scalar("SELECT count(*) FROM cafe_voted WHERE question_id = ?", [succes]) == 1
    assert rig.store.scalar("SELECT sum(count) FROM idea_dots") == 3
    qloop.run_until_complete(rig.shot("T1", "table-harvest"))


def test_staff_put_the_pillar_at_another_table_or_at_none(
    rig: Rig, qloop: asyncio.AbstractEventLoop
) -> None:
    window = rig.pillars["T1"]
    staff = window.staff

    async def choose() -> None:
        window.open_staff()
        staff.pin_edit.setText(window.config.pin)
        staff._check_pin()
        labels = [staff.table.itemText(n) for n in range(staff.table.count())]
        assert labels[0] == "— geen tafel: gewone zuil —"
        assert labels[1:] == [
            "CAFE/T1 · Tafel Zee · World café: klantcontact en organisatiebewustzijn",
            "CAFE/T2 · Tafel Duin · World café: klantcontact en organisatiebewustzijn",
            "CAFE/T3 · Tafel Polder · World café: klantcontact en organisatiebewustzijn",
        ]
        await rig.shot("T1", "table-staff")
        staff.table.setCurrentIndex(0)
        staff.table.activated.emit(0)
        staff.closed.emit()
        assert not window.table_mode.active
        assert window.session.screen.value == "attract"
        assert window.stack.currentWidget() is window.screens[window.session.screen]
        window.open_staff()
        index = staff.table.findData("CAFE/T2")
        staff.table.setCurrentIndex(index)
        staff.table.activated.emit(index)
        staff.closed.emit()
        assert window.stack.currentWidget() is window.table_mode.screen
        await until(
            lambda: window.table_mode.table.bound_to == rig.cafe.tables["T2"], window.sync_finished
        )
        assert window.header.text().endswith("Tafel Duin")

    qloop.run_until_complete(choose())
    assert window.outbox.get("table") == "CAFE/T2"  # kept for the next start


def test_a_round_without_a_plan_offers_every_question(
    rig: Rig, qloop: asyncio.AbstractEventLoop
) -> None:
    t1 = rig.pillars["T1"]
    screen = rig.screen("T1")
    last = rig.cafe.rounds[-1]  # the sample's last round: every question at every table
    bewust = rig.cafe.questions["BEWUST"]

    async def play() -> None:
        await rig.organiser.round(rig.cafe.id, last, "start")
        await mode_is(t1, Mode.WRITING)
        assert len(screen.choice_buttons) == 4
        assert screen.question.text() == "Wanneer zijn we als community succesvol?"
        QTest.mouseClick(screen.choice_buttons[bewust], Qt.MouseButton.LeftButton)
        assert screen.question.text() == "Hoe kunnen we (samen) werken aan organisatiebewustzijn?"
        write(screen, "Een lunch met een willekeurige collega")
        await rig.shot("T1", "table-all-questions")
        await synced(t1)
        assert [i.text for i in t1.table_mode.table.ideas(bewust)] == [
            "Een lunch met een willekeurige collega"
        ]
        assert t1.table_mode.table.ideas(rig.cafe.questions["SUCCES"]) == []

    qloop.run_until_complete(play())
    assert rig.store.scalar("SELECT question_id FROM ideas") == bewust


def test_zuil_kiosk_table_starts_at_the_table_and_remembers_it(
    qloop: asyncio.AbstractEventLoop, tmp_path: Path
) -> None:
    from kiosk.main import open_pillar

    folder = tmp_path / "kiosk"
    for table in ("T2", None):  # given once on the command line, then remembered
        window = open_pillar(folder, None, "virtual", windowed=True, pin=None, table=table)
        try:
            assert window.table_mode.active
            assert window.table_mode.table.code == "T2"
            assert window.stack.currentWidget() is window.table_mode.screen
            # not paired yet, so no content names the table: the screen says so
            assert window.table_mode.screen.state.mode is Mode.NO_TABLE
            assert window.table_mode.screen.message_text.text().startswith(
                "Deze zuil hoort (nog) bij geen tafel"
            )
        finally:
            window.quit()
            window.deleteLater()
            qloop.run_until_complete(asyncio.sleep(0))


def test_a_ballot_keeps_each_questions_dots_and_casts_them_all(qtbot: QtBot) -> None:
    questions = [
        protocol.CafeQuestionInfo(id=q, position=q, code=f"Q{q}", text=f"Vraag {q}", revealed=True)
        for q in (1, 2)
    ]
    table = protocol.CafeTableInfo(id=1, position=1, code="T1", name="Tafel Zee")
    session = protocol.WorkSessionInfo(
        id=1,
        code="CAFE",
        title="World café",
        dots=3,
        phase="vote",
        questions=questions,
        tables=[table],
    )
    ideas = [
        protocol.IdeaInfo(
            id=10 * q + n,
            question_id=q,
            table_id=1,
            text=f"Idee {q}.{n}",
            minute="2026-12-03T10:00",
        )
        for q in (1, 2)
        for n in (1, 2, 3)
    ]
    screen = TableScreen()
    qtbot.addWidget(screen)
    screen.show_state(
        TableState(Mode.VOTING, TableSpot(session, table), questions=questions), {}, ideas
    )
    screen.open_ballot(Voter(7, "ticket"), set())
    assert screen.question_id == 1
    for idea in (11, 12, 13):
        QTest.mouseClick(screen.ballot_buttons[idea], Qt.MouseButton.LeftButton)
    assert screen.left_label.text() == "Nog 0 van 3 stippen"
    screen.choose(2)  # another question: its own budget of dots
    assert screen.left_label.text() == "Nog 3 van 3 stippen"
    QTest.mouseClick(screen.ballot_buttons[21], Qt.MouseButton.LeftButton)
    assert screen.left_label.text() == "Nog 2 van 3 stippen"
    screen.choose(1)  # back: the dots placed there are still there
    assert screen.left_label.text() == "Nog 0 van 3 stippen"
    assert screen.dots == {11: 1, 12: 1, 13: 1}
    assert all(screen.ballot_buttons[i].isChecked() for i in (11, 12, 13))
    screen.choose(2)
    assert screen.dots == {21: 1}
    casts: list[tuple[int, list[int]]] = []

    def committed(question: int, chosen: list[int]) -> None:  # as the table mode answers
        casts.append((question, chosen))
        screen.ballot_cast(question)

    screen.cast.connect(committed)
    assert screen.cast_button.isEnabled()
    QTest.mouseClick(screen.cast_button, Qt.MouseButton.LeftButton)
    assert sorted(casts) == [(1, [11, 12, 13]), (2, [21])]  # every question's ballot
    assert screen.voter is None  # both questions cast: the ballot is put away
    screen.open_ballot(Voter(8, "other"), set())  # the next ticket starts from nothing
    assert screen.dots == {}
    assert screen.left_label.text() == "Nog 3 van 3 stippen"
