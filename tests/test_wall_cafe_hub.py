"""A world café through a real hub on 127.0.0.1, as a wall shows it and the report tells it.

Three table pillars post ideas; the wall shows only counts while the questions are
private (checked on every live event the wall received, not only on what it drew),
the texts once the facilitator reveals a question, the sorting as it happens (each
change reaching the wall once), and the top ideas with their dots at harvest. The
report is then made from the hub's own data, and holds every idea the hub kept.
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from openpyxl import load_workbook

from kiosk.desk.cafecompare import CompareTab
from kiosk.desk.client import DeskClient
from shared import cafereport, protocol
from shared.datadir import DataDir
from shared.hub.server import RunningHub, start_in_thread
from shared.i18n import Lang
from shared.launch import cli
from shared.protocol import Role
from shared.store import Store
from tests.helpers.cafe import Cafe, add_world_cafe
from tests.helpers.hub import action, auth, batch, paired_token, ticket_of
from tests.helpers.kiosk import until
from wall.app import WallConfig, WallWindow

SCREENSHOTS = Path(__file__).resolve().parent.parent / "screenshots" / "wall"
IDEAS = {
    ("T1", "SUCCES"): ["Nieuwe leden dragen binnen een maand bij", "We vieren elk succes samen"],
    ("T2", "LEREN"): ["Feedback durven vragen", "Leren timeboxen", "Leren timeboxen!"],
    ("T3", "KLANT"): ["Klantreizen samen tekenen", "Klachten als cadeautje zien", "Spam spam"],
}


class Room:
    def __init__(self, data: DataDir, store: Store, tmp: Path) -> None:
        self.data, self.store = data, store
        self.cafe: Cafe = add_world_cafe(store)
        self.hub: RunningHub = start_in_thread(data, store)
        self.pillars = {code: paired_token(store, Role.KIOSK) for code in self.cafe.tables}
        self.organiser = paired_token(store, Role.ORGANISER)
        self.wall = WallWindow(
            WallConfig(
                data=tmp / "wall",
                hub=self.hub.url,
                token=paired_token(store, Role.WALL),
                windowed=True,
            )
        )
        self.seen: list[protocol.LiveEvent] = []
        self.wall.event_applied.connect(self.seen.append)
        self.client = httpx.AsyncClient(base_url=self.hub.url)

    async def send(self, table: str, *actions: Any) -> list[Any]:
        reply = await self.client.post(
            "/api/sync", json=batch(*actions), headers=auth(self.pillars[table])
        )
        assert reply.status_code == 200, reply.text
        return [(r["fate"], r["reason"]) for r in reply.json()["results"]]

    async def do(self, method: str, path: str, **kw: Any) -> Any:
        reply = await self.client.request(
            method, f"/api/cafe/{self.cafe.id}{path}", headers=auth(self.organiser), **kw
        )
        assert reply.status_code == 200, reply.text
        return reply.json()

    def ideas(self) -> dict[str, int]:
        return {r["text"]: r["id"] for r in self.store.db.query("SELECT id, text FROM ideas")}

    def shot(self, name: str) -> None:
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        self.wall.grab().save(str(SCREENSHOTS / f"cafe-hub-{name}.png"))


@pytest.fixture
def room(
    qloop: asyncio.AbstractEventLoop, demo_dir: DataDir, demo_store: Store, tmp_path: Path
) -> Iterator[Room]:
    room = Room(demo_dir, demo_store, tmp_path)
    room.wall.resize(1920, 1080)
    try:
        yield room
    finally:
        qloop.run_until_complete(room.client.aclose())
        qloop.run_until_complete(room.wall.aclose())
        room.wall.close()
        room.wall.deleteLater()
        room.hub.stop()
        qloop.run_until_complete(asyncio.sleep(0))


def test_a_world_cafe_on_the_wall_and_in_the_report(
    room: Room, qloop: asyncio.AbstractEventLoop, tmp_path: Path
) -> None:
    wall, board = room.wall, room.wall.cafe_board
    every_text = [t for texts in IDEAS.values() for t in texts]

    def columns() -> dict[str, Any]:
        return {c.question.code: c for c in board.columns}

    def on_wall(text: str) -> bool:
        return board.state is not None and any(
            board.state.ideas[i].text == text for i in board.views if i in board.state.ideas
        )

    async def flow() -> None:
        wall.start()
        # before the first round: the session's opening, not the tip and top walls
        await until(lambda: wall.stack.currentWidget() is board, wall.session_shown)
        await until(lambda: bool(board.columns), board.laid_out)
        assert {c.mode for c in board.columns} == {"opening"}
        room.shot("opening")
        await room.do("POST", f"/rounds/{room.cafe.rounds[0]}/start")
        await until(lambda: {c.mode for c in board.columns} == {"counts"}, board.laid_out)
        assert wall.stack.currentWidget() is board

        # gather: each table on its own question; the wall counts, it never reads
        for (table, question), texts in IDEAS.items():
            ideas = [
                action(
                    "idea",
                    question_id=room.cafe.questions[question],
                    table_id=room.cafe.tables[table],
                    text=t,
                )
                for t in texts
            ]
            assert {f for f, _ in await room.send(table, *ideas)} == {"applied"}
        await until(
            lambda: [columns()[q].total for q in ("SUCCES", "LEREN", "KLANT")] == [2, 3, 3],
            board.laid_out,
        )
        assert all(c.mode == "counts" for c in board.columns)
        assert board.state is not None
        assert not board.state.ideas
        assert not board.views
        stream = json.dumps([e.model_dump(mode="json") for e in room.seen])
        assert not [t for t in every_text if t in stream]  # not on the live stream at all
        assert columns()["LEREN"].counts[1].ideas == 3  # T2's stack
        room.shot("gather")

        # reveal: the texts of one question come, the others stay private
        await room.do("POST", f"/rounds/{room.cafe.rounds[0]}/end")
        await room.do("POST", "/phase/sort")
        for code in ("SUCCES", "LEREN", "KLANT"):
            await room.do("POST", f"/questions/{room.cafe.questions[code]}/reveal")
            if code == "SUCCES":
                await until(
                    lambda: all(on_wall(t) for t in IDEAS[("T1", "SUCCES")]), board.laid_out
                )
                assert not any(on_wall(t) for t in IDEAS[("T2", "LEREN")])
                assert columns()["LEREN"].mode == "counts"
        await until(lambda: all(on_wall(t) for t in every_text), board.laid_out)

        # sort: a cluster, a move, a merge, a typo and a hide; each reaches the wall once
        ids = room.ideas()
        klant = room.cafe.questions["KLANT"]
        cluster = await room.do(
            "POST", f"/questions/{klant}/clusters", json={"label": "Samen met de klant"}
        )
        since = len(room.seen)
        moved = ids["Klantreizen samen tekenen"]
        await room.do("PATCH", f"/ideas/{moved}", json={"cluster_id": cluster["id"]})
        await room.do(
            "PATCH",
            f"/ideas/{ids['Leren timeboxen!']}",
            json={"merged_into": ids["Leren timeboxen"]},
        )
        await room.do("PATCH", f"/ideas/{ids['Spam spam']}", json={"state": "hidden"})
        await room.do(
            "PATCH",
            f"/ideas/{ids['Feedback durven vragen']}",
            json={"text": "Feedback durven vragen en geven"},
        )
        await until(
            lambda: (
                not on_wall("Spam spam")
                and not on_wall("Leren timeboxen!")
                and on_wall("Feedback durven vragen en geven")
                and [h.label for h in columns()["KLANT"].headings][:1] == ["Samen met de klant"]
            ),
            board.laid_out,
            board.settled,
        )
        await until(lambda: not board.moving, board.settled)
        changes = [e for e in room.seen[since:] if e.kind is protocol.LiveEventKind.IDEA]
        # the move, the merge, the hide and the typo: each one event on the wall, no more
        touched = [e.idea.id for e in changes if e.idea]
        for text in ("Leren timeboxen!", "Spam spam", "Feedback durven vragen"):
            assert touched.count(ids[text]) == 1, text
        assert touched.count(moved) == 1
        assert columns()["LEREN"].merged == {ids["Leren timeboxen"]: 1}
        heading = columns()["KLANT"].headings[0]
        assert heading.rect.y < board.views[moved].spot.cy
        room.shot("sort")

        # vote, then harvest: the top ideas with their dots
        await room.do("POST", "/phase/vote")
        voters = [ticket_of(room.data, room.store, n) for n in (3, 4, 5)]
        for ticket in voters:
            fates = await room.send(
                "T3",
                action("dots", ticket=ticket, question_id=klant, ideas=[moved]),
            )
            assert fates == [("applied", None)]
        assert board.state is not None
        assert all(i.dots is None for i in board.state.ideas.values())  # hidden while voting
        await room.do("POST", "/phase/harvest")
        await until(lambda: columns()["KLANT"].mode == "harvest", board.laid_out)
        await until(lambda: not board.moving, board.settled)
        top = columns()["KLANT"].spots
        first = min(top, key=lambda i: top[i].rank)
        assert first == moved
        assert board.state.ideas[moved].dots == 3
        room.shot("harvest")

        # the console makes the report over the wire the moment the session is harvested
        console = CompareTab(DeskClient(room.hub.url, room.organiser), Lang.NL)
        try:
            pages = await console.write_report(tmp_path / "werksessie.pdf")
        finally:
            await console.client.close()
            console.deleteLater()
        assert pages is not None
        assert pages >= 6
        written = load_workbook(tmp_path / "werksessie.xlsx")
        sheet = {row[5] for row in written["ideeen"].iter_rows(min_row=2, values_only=True)}
        visible = room.store.db.query("SELECT text FROM ideas WHERE state = 'visible'")
        assert sheet == {r["text"] for r in visible}

    qloop.run_until_complete(flow())

    # the report, from the hub's data the moment the session ended
    report = room.store.read(cafereport.gather, "CAFE")
    assert report is not None
    kept = {
        r["text"] for r in room.store.db.query("SELECT text FROM ideas WHERE state = 'visible'")
    }
    assert {idea.text for _, _, idea, _ in cafereport.every_idea(report)} == kept
    assert "Spam spam" not in kept
    assert report.hidden == 1
    [klant] = [q for q in report.questions if q.code == "KLANT"]
    assert klant.top[0].text == "Klantreizen samen tekenen"
    assert klant.top[0].dots == 3
    assert report.rounds[0].ideas == 8
    pdf, data = tmp_path / "cafe.pdf", tmp_path / "cafe.xlsx"
    argv = ["report", "--data", str(room.data.root), "--session", "CAFE"]
    assert cli.main([*argv, "--out", str(pdf), "--data-out", str(data)]) == 0
    assert pdf.stat().st_size > 0
    assert data.stat().st_size > 0


def test_a_wall_that_starts_during_a_session_shows_it(
    room: Room, qloop: asyncio.AbstractEventLoop
) -> None:
    wall, board = room.wall, room.wall.cafe_board

    async def flow() -> None:
        await room.do("POST", f"/rounds/{room.cafe.rounds[0]}/start")
        idea = action(
            "idea",
            question_id=room.cafe.questions["SUCCES"],
            table_id=room.cafe.tables["T1"],
            text="Al geschreven voor de muur aanging",
        )
        assert await room.send("T1", idea) == [("applied", None)]
        wall.start()
        await until(lambda: wall.stack.currentWidget() is board, wall.session_shown)
        await until(lambda: bool(board.columns) and board.columns[0].total == 1, board.laid_out)
        assert board.state is not None
        assert not board.state.ideas  # counted, not read

    qloop.run_until_complete(flow())
