"""The facilitator's console against a real hub on 127.0.0.1: rounds, phases, reveal, sorting.

Ideas come in as table pillars send them (``POST /api/sync``); the facilitator
runs the rounds, sorts by keyboard and by drag and drop, and every change is
checked in the store and in the live log the walls read: one event per change.
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import httpx
import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from kiosk.desk.app import DeskWindow
from kiosk.desk.cafeclient import clock_offset
from shared.datadir import DataDir
from shared.i18n import Lang
from shared.protocol import Role
from shared.store import Store
from tests.helpers.cafe import Cafe, add_world_cafe
from tests.helpers.console import drop, select
from tests.helpers.desk import desk_on_hub
from tests.helpers.hub import action, auth, batch, paired_token, ticket_of
from tests.helpers.kiosk import until

SCREENSHOTS = Path(__file__).resolve().parent.parent / "screenshots" / "desk"

SUCCES = [
    "Als nieuwe leden binnen een maand iemand kennen",
    "Als nieuwe leden snel iemand kennen",
    "Als we elkaar ook buiten de bijeenkomsten opzoeken",
    "Als er meer vrijwiligers zijn",  # a typo, fixed by the facilitator
    "Als die ene collega eindelijk zijn mond houdt",  # breaks the rules: hidden
    "Als kennis gedeeld wordt in plaats van bewaard",
]
LEREN = ["Beter leren luisteren", "Presenteren zonder dia's"]


class Rig:
    def __init__(self, desk: DeskWindow, url: str, data: DataDir, store: Store, cafe: Cafe) -> None:
        self.desk, self.url, self.data, self.store, self.cafe = desk, url, data, store, cafe
        self.tab = desk.facilitator

    async def shot(self, name: str) -> None:
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        await asyncio.sleep(0)  # one turn of the loop: Qt lays out what changed, then it is drawn
        self.desk.grab().save(str(SCREENSHOTS / f"{name}.png"))

    def idea_events(self, idea_id: int) -> int:
        """How many IDEA events for an idea are in the live log the walls read."""
        return sum(
            1
            for (payload,) in self.store.read(
                lambda db: db.execute(
                    "SELECT payload FROM live_events WHERE kind = 'idea'"
                ).fetchall()
            )
            if json.loads(payload)["idea"]["id"] == idea_id
        )

    def ids(self) -> dict[str, int]:
        return {i.text: i.id for i in self.tab.ideas()}


@pytest.fixture
def rig(
    qloop: asyncio.AbstractEventLoop, demo_dir: DataDir, demo_store: Store, tmp_path: Path
) -> Iterator[Rig]:
    cafe = add_world_cafe(demo_store)
    with desk_on_hub(qloop, demo_dir, demo_store, tmp_path / "desk", Role.ORGANISER) as (
        desk,
        hub,
    ):
        rig = Rig(desk, hub.url, demo_dir, demo_store, cafe)
        desk.resize(1600, 1000)
        desk.tabs.setCurrentWidget(rig.tab)
        qloop.run_until_complete(until(lambda: rig.tab.view is not None, rig.tab.loaded))
        yield rig


async def post_ideas(rig: Rig, table: str, question: str, texts: list[str]) -> None:
    """A table pillar sends its ideas, as its outbox would."""
    token = paired_token(rig.store, Role.KIOSK)
    actions = [
        action(
            "idea",
            question_id=rig.cafe.questions[question],
            table_id=rig.cafe.tables[table],
            text=text,
        )
        for text in texts
    ]
    async with httpx.AsyncClient(base_url=rig.url, timeout=10) as client:
        reply = await client.post("/api/sync", json=batch(*actions), headers=auth(token))
    assert [r["fate"] for r in reply.json()["results"]] == ["applied"] * len(texts)


def cluster_of(rig: Rig, text: str) -> int | None:
    return next(i.cluster_id for i in rig.tab.ideas() if i.text == text)


def test_rounds_phases_reveal_and_sorting_by_keyboard_and_drag(
    rig: Rig, qloop: asyncio.AbstractEventLoop
) -> None:
    tab = rig.tab
    first = rig.cafe.rounds[0]

    async def session() -> None:
        assert tab.phase_label.text() == "Fase: Klaar om te beginnen"
        assert tab._chosen_round() == first
        assert tab.timer_label.text() == "Geen ronde bezig"
        await rig.shot("cafe-ready")
        changed = until(
            lambda: tab.session is not None and tab.session.rounds[0].state == "running", tab.loaded
        )
        QTest.mouseClick(tab.round_buttons["start"], Qt.MouseButton.LeftButton)
        await changed
        assert tab.session is not None
        assert tab.session.phase == "gather"
        assert (
            tab.timer_label.text().startswith("Ronde 1: nog 19:")
            or tab.timer_label.text() == "Ronde 1: nog 20:00"
        )
        await post_ideas(rig, "T1", "SUCCES", SUCCES)
        await post_ideas(rig, "T2", "LEREN", LEREN)
        # the counts reach the console over the live stream
        await until(lambda: len(tab.ideas()) == len(SUCCES), tab.loaded)
        assert "Tafel Zee: 6" in tab.counts_label.text()
        QTest.mouseClick(tab.round_buttons["pause"], Qt.MouseButton.LeftButton)
        await until(lambda: "gepauzeerd" in tab.timer_label.text(), tab.loaded)
        QTest.mouseClick(tab.round_buttons["resume"], Qt.MouseButton.LeftButton)
        await until(lambda: tab.round_buttons["pause"].isEnabled(), tab.loaded)
        QTest.mouseClick(tab.round_buttons["end"], Qt.MouseButton.LeftButton)
        await until(lambda: tab.timer_label.text() == "Geen ronde bezig", tab.loaded)
        QTest.mouseClick(tab.phase_buttons["sort"], Qt.MouseButton.LeftButton)
        await until(lambda: tab.session is not None and tab.session.phase == "sort", tab.loaded)
        ids = rig.ids()

        # N: a new cluster, named in the field, takes the idea chosen
        select(tab, ids[SUCCES[0]])
        QTest.keyClick(tab.tree, Qt.Key.Key_N)
        assert tab.new_field.hasFocus()
        QTest.keyClicks(tab.new_field, "Nieuwe leden")
        QTest.keyClick(tab.new_field, Qt.Key.Key_Return)
        await until(lambda: cluster_of(rig, SUCCES[0]) is not None, tab.loaded)
        tab.tree.clearSelection()  # an empty cluster: nothing chosen goes into it
        tab.new_field.setText("Samen leren")
        QTest.mouseClick(tab.new_button, Qt.MouseButton.LeftButton)
        await until(lambda: len(tab.clusters()) == 2, tab.loaded)
        nieuw, samen = (c.id for c in tab.clusters())
        assert cluster_of(rig, SUCCES[0]) == nieuw
        # 2: into the second cluster; Alt+Up: one cluster back
        select(tab, ids[SUCCES[5]])
        QTest.keyClick(tab.tree, Qt.Key.Key_2)
        await until(lambda: cluster_of(rig, SUCCES[5]) == samen, tab.loaded)
        select(tab, ids[SUCCES[2]])
        QTest.keyClick(tab.tree, Qt.Key.Key_Up, Qt.KeyboardModifier.AltModifier)
        await until(lambda: cluster_of(rig, SUCCES[2]) == samen, tab.loaded)
        QTest.keyClick(tab.tree, Qt.Key.Key_0)  # and out of every cluster again
        await until(lambda: cluster_of(rig, SUCCES[2]) is None, tab.loaded)
        # reveal: the walls get every idea of the question once, from now on each change
        QTest.mouseClick(tab.reveal_button, Qt.MouseButton.LeftButton)
        await until(lambda: tab.question is not None and tab.question.revealed, tab.loaded)
        assert {rig.idea_events(i) for i in ids.values()} == {1}
        # M: the duplicate merged into the first chosen
        select(tab, ids[SUCCES[0]], ids[SUCCES[1]])
        QTest.keyClick(tab.tree, Qt.Key.Key_M)
        await until(lambda: any(i.merged_into == ids[SUCCES[0]] for i in tab.ideas()), tab.loaded)
        merged = tab.tree.item_for(("idea", ids[SUCCES[1]]))
        assert merged is not None
        assert merged.parent() is tab.tree.item_for(("idea", ids[SUCCES[0]]))
        # H: hidden; E: a typo fixed in the field, Enter saves
        select(tab, ids[SUCCES[4]])
        QTest.keyClick(tab.tree, Qt.Key.Key_H)
        await until(lambda: any(i.state == "hidden" for i in tab.ideas()), tab.loaded)
        select(tab, ids[SUCCES[3]])
        QTest.keyClick(tab.tree, Qt.Key.Key_E)
        # M, H and E came faster than a person types: the desk's scanner filter holds such a
        # burst back a moment before it hands the keys on, so wait for the focus to move
        app = QApplication.instance()
        assert isinstance(app, QApplication)
        await until(tab.edit_field.hasFocus, app.focusChanged, timeout=5)
        tab.edit_field.setText("Als er meer vrijwilligers zijn")
        QTest.keyClick(tab.edit_field, Qt.Key.Key_Return)
        await until(lambda: "Als er meer vrijwilligers zijn" in rig.ids(), tab.loaded)
        select(tab, ids[SUCCES[3]])
        QTest.keyClick(tab.tree, Qt.Key.Key_T)
        tab.tags_field.setText("vrijwilligers, werving")
        QTest.keyClick(tab.tags_field, Qt.Key.Key_Return)
        await until(
            lambda: any(i.tags == ["vrijwilligers", "werving"] for i in tab.ideas()), tab.loaded
        )
        # drag and drop: onto a cluster moves, onto an idea merges
        target = tab.tree.item_for(("cluster", samen))
        assert target is not None
        drop(tab, [ids[SUCCES[3]]], target)
        await until(lambda: cluster_of(rig, "Als er meer vrijwilligers zijn") == samen, tab.loaded)
        onto = tab.tree.item_for(("idea", ids[SUCCES[5]]))
        assert onto is not None
        drop(tab, [ids[SUCCES[2]]], onto)
        await until(lambda: any(i.merged_into == ids[SUCCES[5]] for i in tab.ideas()), tab.loaded)
        select(tab, ids[SUCCES[2]])
        QTest.keyClick(tab.tree, Qt.Key.Key_U)  # and loose again
        await until(lambda: all(i.merged_into != ids[SUCCES[5]] for i in tab.ideas()), tab.loaded)
        # a cluster renamed in the same field (E), one made and removed again (Del)
        cluster_row = tab.tree.item_for(("cluster", nieuw))
        assert cluster_row is not None
        tab.tree.setCurrentItem(cluster_row)
        tab.tree.setFocus()
        QTest.keyClick(tab.tree, Qt.Key.Key_E)
        assert tab.edit_field.text() == "Nieuwe leden"
        tab.edit_field.setText("Nieuwe leden welkom")
        QTest.keyClick(tab.edit_field, Qt.Key.Key_Return)
        await until(lambda: tab.clusters()[0].label == "Nieuwe leden welkom", tab.loaded)
        tab.tree.clearSelection()
        tab.new_field.setText("Weg ermee")
        QTest.keyClick(tab.new_field, Qt.Key.Key_Return)
        await until(lambda: len(tab.clusters()) == 3, tab.loaded)
        gone = tab.tree.item_for(("cluster", tab.clusters()[2].id))
        assert gone is not None
        tab.tree.setCurrentItem(gone)
        tab.tree.setFocus()
        QTest.keyClick(tab.tree, Qt.Key.Key_Delete)
        await until(lambda: len(tab.clusters()) == 2, tab.loaded)
        select(tab, ids[SUCCES[3]])
        await rig.shot("cafe-sorting-nl")
        rig.desk.retranslate(Lang.EN)
        await rig.shot("cafe-sorting-en")
        rig.desk.retranslate(Lang.NL)

    qloop.run_until_complete(session())
    ids = rig.ids()
    # every change after the reveal reached the walls once: the reveal, then one per change
    assert rig.idea_events(ids[SUCCES[1]]) == 2  # revealed, merged
    assert rig.idea_events(ids[SUCCES[4]]) == 2  # revealed, hidden
    assert rig.idea_events(ids["Als er meer vrijwilligers zijn"]) == 4  # text, tags, moved
    assert rig.idea_events(ids[SUCCES[2]]) == 3  # revealed, merged, loose again
    rows = dict(rig.store.read(lambda db: db.execute("SELECT text, state FROM ideas").fetchall()))
    assert rows["Als er meer vrijwilligers zijn"] == "visible"
    assert rows[SUCCES[4]] == "hidden"
    assert "Als er meer vrijwiligers zijn" not in rows


def test_vote_then_harvest_shows_the_dots(rig: Rig, qloop: asyncio.AbstractEventLoop) -> None:
    tab = rig.tab

    async def session() -> None:
        await rig.desk.facilitator.cafe.round(rig.cafe.id, rig.cafe.rounds[0], "start")
        await post_ideas(rig, "T1", "SUCCES", SUCCES[:3])
        await until(lambda: len(tab.ideas()) == 3, tab.loaded)
        QTest.mouseClick(tab.phase_buttons["vote"], Qt.MouseButton.LeftButton)
        await until(lambda: tab.session is not None and tab.session.phase == "vote", tab.loaded)
        assert tab.session is not None
        assert all(q.revealed for q in tab.session.questions)  # nobody votes unseen
        ids = rig.ids()
        token = paired_token(rig.store, Role.KIOSK)
        ballots = [
            action(
                "dots",
                ticket=ticket_of(rig.data, rig.store, n),
                question_id=rig.cafe.questions["SUCCES"],
                ideas=[ids[SUCCES[0]], ids[SUCCES[n % 3]]],
            )
            for n in (1, 2, 4)
        ]
        async with httpx.AsyncClient(base_url=rig.url, timeout=10) as client:
            reply = await client.post("/api/sync", json=batch(*ballots), headers=auth(token))
        assert [r["fate"] for r in reply.json()["results"]] == ["applied"] * 3
        tab.load()
        await until(lambda: not tab._loading, tab.loaded)
        assert all(i.dots is None for i in tab.ideas())  # hidden until the vote closes
        QTest.mouseClick(tab.phase_buttons["harvest"], Qt.MouseButton.LeftButton)
        await until(lambda: all(i.dots is not None for i in tab.ideas()), tab.loaded)
        item = tab.tree.item_for(("idea", ids[SUCCES[0]]))
        assert item is not None
        assert item.text(3) == "3"
        await rig.shot("cafe-harvest")

    qloop.run_until_complete(session())


def test_the_round_timer_follows_the_hubs_clock_not_the_laptops() -> None:
    now = datetime(2026, 11, 26, 10, 0, 0, tzinfo=UTC)
    assert clock_offset("Thu, 26 Nov 2026 10:05:00 GMT", now) == 300.0  # the laptop is slow
    assert clock_offset("Thu, 26 Nov 2026 09:59:59 GMT", now) == 0.0  # within a second
    assert clock_offset("not a date", now) == 0.0
    assert clock_offset(None, now) == 0.0


def test_a_plain_desk_is_told_only_an_organiser_runs_a_session(
    qloop: asyncio.AbstractEventLoop, demo_dir: DataDir, demo_store: Store, tmp_path: Path
) -> None:
    add_world_cafe(demo_store)
    with desk_on_hub(qloop, demo_dir, demo_store, tmp_path / "desk", Role.DESK) as (desk, _):
        tab = desk.facilitator
        messages: list[str] = []
        tab.message.connect(lambda said, _error: messages.append(said(Lang.NL)))
        desk.tabs.setCurrentWidget(tab)
        qloop.run_until_complete(until(lambda: tab.refused, tab.message))
        assert tab.empty.text().startswith("Een werksessie leiden kan alleen")
        assert tab.view is None
        assert messages


def test_after_the_harvest_no_round_waits(rig: Rig, qloop: asyncio.AbstractEventLoop) -> None:
    tab = rig.tab

    def lines() -> list[str]:
        return [tab.round_list.item(n).text() for n in range(tab.round_list.count())]

    async def session() -> None:
        await rig.desk.facilitator.cafe.round(rig.cafe.id, rig.cafe.rounds[0], "start")
        await post_ideas(rig, "T1", "SUCCES", SUCCES[:2])
        await until(lambda: len(tab.ideas()) == 2, tab.loaded)
        assert sum("wacht" in line for line in lines()) == 3
        QTest.mouseClick(tab.phase_buttons["harvest"], Qt.MouseButton.LeftButton)
        await until(lambda: tab.session is not None and tab.session.phase == "harvest", tab.loaded)

    qloop.run_until_complete(session())
    assert lines() == [
        "Ronde 1 · 20 min · klaar",
        "Ronde 2 · 20 min · niet gespeeld",
        "Ronde 3 · 20 min · niet gespeeld",
        "Ronde 4 · 15 min · niet gespeeld",
    ]
    assert tab.timer_label.text() == "Geoogst · 1 van 4 rondes gespeeld"
    assert not any(button.isEnabled() for button in tab.round_buttons.values())
    qloop.run_until_complete(rig.shot("cafe-harvested-rounds"))
    rig.desk.retranslate(Lang.EN)
    assert "Round 2 · 20 min · not played" in lines()
    assert tab.timer_label.text() == "Harvested · 1 of 4 rounds played"
