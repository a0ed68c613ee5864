"""A whole world café through a real hub on 127.0.0.1: three table pillars, two walls.

The pillars are the kiosk's own outbox and hub client; one of them is offline
for the first two rounds and sends its ideas while the facilitator sorts. The
session runs gather (two rounds on the plan) -> sort (two duplicates merged,
one idea hidden, a typo edited, a cluster) -> vote (a ticket's fourth dot
refused, a second ballot refused) -> harvest. Two walls follow the live stream
throughout, and what they received is checked: no text of a question before
its reveal (nor of the hidden idea, ever), each facilitator change once.
"""

from __future__ import annotations

import asyncio
import json
import logging
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
import pytest

from kiosk.client import HubClient
from kiosk.outbox import Outbox
from shared.datadir import DataDir
from shared.hub import cafequeries
from shared.protocol import Role
from shared.store import Store
from tests.helpers.cafe import add_world_cafe
from tests.helpers.clock import let_time_pass, moving_outbox
from tests.helpers.hub import SseReader, auth, paired_token, served, ticket_of

pytestmark = pytest.mark.anyio
WAIT_S = 15.0


@dataclass
class Wall:
    """A wall on the live stream: every event it received, in order."""

    events: list[dict[str, Any]] = field(default_factory=list)
    changed: asyncio.Condition = field(default_factory=asyncio.Condition)

    async def follow(self, client: httpx.AsyncClient, token: str, after: int) -> None:
        headers = {**auth(token), "Last-Event-ID": str(after)}
        async with client.stream("GET", "/api/live", headers=headers) as stream:
            reader = SseReader(stream)
            while True:
                for event in await reader.read(1):
                    self.events.append(
                        {
                            "seq": int(event["id"]),
                            "kind": event["event"],
                            **json.loads(event["data"]),
                        }
                    )
                async with self.changed:
                    self.changed.notify_all()

    async def until(self, done: Callable[[list[dict[str, Any]]], bool]) -> None:
        async with self.changed:
            await asyncio.wait_for(self.changed.wait_for(lambda: done(self.events)), WAIT_S)

    def ideas(self, start: int = 0) -> list[dict[str, Any]]:
        return [e["idea"] for e in self.events[start:] if e["kind"] == "idea"]


@dataclass
class Pillar:
    """A table pillar: its outbox, its client (to nowhere while offline) and its token."""

    table: str
    table_id: int
    token: str
    outbox: Outbox
    client: HubClient

    def idea(self, question_id: int, text: str) -> None:
        self.outbox.add(
            "idea", {"question_id": question_id, "table_id": self.table_id, "text": text}
        )

    async def push(self) -> int:
        let_time_pass(self.outbox)
        return await self.client.push()


@asynccontextmanager
async def following(
    client: httpx.AsyncClient, tokens: list[str], after: int
) -> AsyncIterator[list[Wall]]:
    walls = [Wall() for _ in tokens]
    tasks = [
        asyncio.create_task(w.follow(client, t, after)) for w, t in zip(walls, tokens, strict=True)
    ]
    try:
        yield walls
    finally:
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)


def _leaks(events: list[dict[str, Any]], texts: dict[str, int], hidden: set[str]) -> list[str]:
    """Texts that went out before their question was revealed, or at all when hidden."""
    revealed: set[int] = set()
    found = []
    for event in events:
        if event["kind"] == "cafe":
            revealed |= {q["id"] for q in event["cafe"]["session"]["questions"] if q["revealed"]}
        body = json.dumps(event, ensure_ascii=False)
        for text, question in texts.items():
            if text in body and (question not in revealed or text in hidden):
                found.append(f"{event['seq']} {event['kind']}: {text}")
        if event["kind"] == "idea":
            assert event["idea"]["question_id"] in revealed, event
    return found


async def test_a_world_cafe_from_the_first_round_to_the_harvest(
    demo_dir: DataDir, demo_store: Store, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    cafe = add_world_cafe(demo_store)
    q, t, rounds = cafe.questions, cafe.tables, cafe.rounds
    organiser = paired_token(demo_store, Role.ORGANISER)
    walls_tokens = [paired_token(demo_store, Role.WALL) for _ in range(2)]
    tickets = {n: ticket_of(demo_dir, demo_store, n) for n in range(1, 13)}
    texts: dict[str, int] = {}  # every idea written: its question
    caplog.set_level(logging.WARNING, logger="zuil")

    with served(demo_dir, demo_store) as running:
        pillars: dict[str, Pillar] = {}
        for code in ("T1", "T2", "T3"):
            token = paired_token(demo_store, Role.KIOSK)
            outbox = moving_outbox(tmp_path / f"{code}.db")
            url = "http://127.0.0.1:9" if code == "T3" else running.url  # T3 starts offline
            pillars[code] = Pillar(code, t[code], token, outbox, HubClient(url, token, outbox))

        def write(code: str, question: str, text: str) -> None:
            pillars[code].idea(q[question], text)
            texts[text] = q[question]

        async with httpx.AsyncClient(base_url=running.url, timeout=WAIT_S) as client:

            async def facilitate(method: str, path: str, **kw: Any) -> Any:
                reply = await client.request(
                    method, f"/api/cafe/{cafe.id}{path}", headers=auth(organiser), **kw
                )
                assert reply.status_code == 200, reply.text
                return reply.json()

            async def table_texts(code: str) -> set[str]:
                reply = await client.get("/api/table", headers=auth(pillars[code].token))
                assert reply.status_code == 200, reply.text
                return {i["text"] for i in reply.json()["ideas"]}

            for pillar in pillars.values():
                bound = await client.put(
                    "/api/table", json={"table_id": pillar.table_id}, headers=auth(pillar.token)
                )
                assert bound.status_code == 200, bound.text
            snapshot = (await client.get("/api/wall", headers=auth(walls_tokens[0]))).json()

            async with following(client, walls_tokens, snapshot["last_event"]) as walls:
                # -- gather, round 1: T1 on SUCCES, T2 on LEREN, T3 (offline) on KLANT --
                await facilitate("POST", f"/rounds/{rounds[0]}/start")
                for n, code in zip(range(1, 13), ["T1", "T2", "T3"] * 4, strict=True):
                    pillars[code].outbox.add("join", {"ticket": tickets[n], "table_id": t[code]})
                write("T1", "SUCCES", "Elkaar echt kennen")
                write("T1", "SUCCES", "Elkaar ech kennen")  # a duplicate with a typo
                write("T1", "SUCCES", "Nieuwe leden blijven komen")
                write("T2", "LEREN", "Beter presenteren")
                write("T2", "LEREN", "Feedback durven vragen")
                write("T3", "KLANT", "Vragen wat de klant echt wil")
                write("T3", "KLANT", "Klantreizen delen")
                assert await pillars["T1"].push() == 7  # four joins and three ideas
                assert await pillars["T2"].push() == 6
                assert await pillars["T3"].push() == 0  # offline: everything stays
                assert pillars["T3"].outbox.count() == 6
                # private first: each table sees its own, the walls only counts
                assert await table_texts("T1") == {
                    "Elkaar echt kennen",
                    "Elkaar ech kennen",
                    "Nieuwe leden blijven komen",
                }
                assert await table_texts("T2") == {"Beter presenteren", "Feedback durven vragen"}
                assert await table_texts("T3") == set()

                def counted(ideas: int) -> Callable[[list[dict[str, Any]]], bool]:
                    def done(events: list[dict[str, Any]]) -> bool:
                        cafes = [e["cafe"] for e in events if e["kind"] == "cafe"]
                        return bool(cafes) and sum(c["ideas"] for c in cafes[-1]["counts"]) == ideas

                    return done

                for wall in walls:
                    await wall.until(counted(5))

                # -- round 2: T1 on LEREN, T2 on KLANT, T3 (still offline) on BEWUST --
                await facilitate("POST", f"/rounds/{rounds[1]}/start")
                write("T1", "LEREN", "Een mentor voor iedereen")
                write("T2", "KLANT", "Stomme klanten, allemaal idioten")  # breaks the rules
                write("T2", "KLANT", "Samen klantgesprekken oefenen")
                write("T3", "BEWUST", "Weten wie wat doet in de organisatie")
                assert await pillars["T1"].push() == 1
                assert await pillars["T2"].push() == 2
                assert await pillars["T3"].push() == 0
                await facilitate("POST", f"/rounds/{rounds[1]}/end")

                # -- sort: T3 is back; its ideas were written in their rounds, so they count --
                status = await facilitate("POST", "/phase/sort")
                assert status["session"]["phase"] == "sort"
                await pillars["T3"].client.close()
                pillars["T3"].client = HubClient(
                    running.url, pillars["T3"].token, pillars["T3"].outbox
                )
                assert await pillars["T3"].push() == 7
                assert pillars["T3"].outbox.count() == 0
                for wall in walls:
                    await wall.until(counted(11))
                view = await facilitate("GET", "")
                ids = {i["text"]: i["id"] for i in view["ideas"]}
                assert set(ids) == set(texts)
                assert view["status"]["participants"] == {str(rounds[0]): 12}
                by_table = {(i["text"], i["table_id"], i["round"]) for i in view["ideas"]}
                assert ("Klantreizen delen", t["T3"], rounds[0]) in by_table
                assert ("Weten wie wat doet in de organisatie", t["T3"], rounds[1]) in by_table

                await facilitate(
                    "PATCH",
                    f"/ideas/{ids['Stomme klanten, allemaal idioten']}",
                    json={"state": "hidden"},
                )
                verbinding = await facilitate(
                    "POST", f"/questions/{q['SUCCES']}/clusters", json={"label": "Verbinding"}
                )
                await facilitate(
                    "PATCH",
                    f"/ideas/{ids['Elkaar echt kennen']}",
                    json={"cluster_id": verbinding["id"]},
                )
                await facilitate("POST", f"/questions/{q['SUCCES']}/reveal")
                for wall in walls:
                    await wall.until(lambda events: sum(e["kind"] == "idea" for e in events) >= 3)
                # after the reveal: a merge and an edit, each reaching every wall once
                start = [len(w.events) for w in walls]
                await facilitate(
                    "PATCH",
                    f"/ideas/{ids['Elkaar ech kennen']}",
                    json={"merged_into": ids["Elkaar echt kennen"]},
                )
                await facilitate(
                    "PATCH",
                    f"/ideas/{ids['Nieuwe leden blijven komen']}",
                    json={"text": "Nieuwe leden blijven terugkomen", "tags": ["groei"]},
                )
                texts["Nieuwe leden blijven terugkomen"] = q["SUCCES"]

                # -- vote: every question revealed, three dots a ticket --
                await facilitate("POST", "/phase/vote")
                for wall, first in zip(walls, start, strict=True):
                    await wall.until(
                        lambda events: any(
                            e["kind"] == "cafe" and e["cafe"]["session"]["phase"] == "vote"
                            for e in events
                        )
                    )
                    changes = [
                        (i["id"], i["merged_into"], i["text"])
                        for i in wall.ideas(first)
                        if i["question_id"] == q["SUCCES"]
                    ]
                    assert changes == [
                        (ids["Elkaar ech kennen"], ids["Elkaar echt kennen"], "Elkaar ech kennen"),
                        (
                            ids["Nieuwe leden blijven komen"],
                            None,
                            "Nieuwe leden blijven terugkomen",
                        ),
                    ]
                # the tables see every idea now
                assert "Klantreizen delen" in await table_texts("T1")
                ballots = {
                    1: [
                        "Vragen wat de klant echt wil",
                        "Klantreizen delen",
                        "Samen klantgesprekken oefenen",
                    ],
                    2: ["Vragen wat de klant echt wil", "Klantreizen delen"],
                    3: ["Vragen wat de klant echt wil"],
                    4: [
                        "Klantreizen delen",
                        "Samen klantgesprekken oefenen",
                        "Vragen wat de klant echt wil",
                        "Klantreizen delen",
                    ],  # a fourth dot: refused
                }
                for n, chosen in ballots.items():
                    pillars["T2"].outbox.add(
                        "dots",
                        {
                            "ticket": tickets[n],
                            "question_id": q["KLANT"],
                            "ideas": [ids[c] for c in chosen],
                        },
                    )
                pillars["T1"].outbox.add(  # a second ballot of the same ticket, at another table
                    "dots",
                    {
                        "ticket": tickets[1],
                        "question_id": q["KLANT"],
                        "ideas": [ids["Klantreizen delen"]],
                    },
                )
                pillars["T1"].outbox.add(
                    "dots",
                    {
                        "ticket": tickets[5],
                        "question_id": q["SUCCES"],
                        "ideas": [ids["Elkaar echt kennen"], ids["Nieuwe leden blijven komen"]],
                    },
                )
                pillars["T3"].outbox.add(  # a merged idea takes no dots
                    "dots",
                    {
                        "ticket": tickets[6],
                        "question_id": q["SUCCES"],
                        "ideas": [ids["Elkaar ech kennen"]],
                    },
                )
                assert await pillars["T2"].push() == 4
                assert await pillars["T1"].push() == 2
                assert await pillars["T3"].push() == 1
                prefix = "hub rejected a dots action: "
                refused = [
                    r.getMessage().removeprefix(prefix)
                    for r in caplog.records
                    if r.getMessage().startswith(prefix)
                ]
                merged, into = ids["Elkaar ech kennen"], ids["Elkaar echt kennen"]
                assert sorted(refused) == [
                    "4 dots, but a ticket has 3 per question",
                    f"idea {merged} was merged into idea {into}",
                    "this ticket already spent its dots on this question",
                ]
                view = await facilitate("GET", "")
                assert {i["dots"] for i in view["ideas"]} == {None}  # hidden while voting

                # -- harvest --
                await facilitate("POST", "/phase/harvest")
                for wall in walls:
                    await wall.until(
                        lambda events: any(
                            e["kind"] == "idea" and e["idea"]["dots"] == 3 for e in events
                        )
                    )
                wall_view = (
                    await client.get(f"/api/cafe/{cafe.id}/wall", headers=auth(walls_tokens[1]))
                ).json()
        for pillar in pillars.values():
            await pillar.client.close()
            pillar.outbox.close()

    # what the walls received, checked against every idea written
    for wall in walls:
        assert _leaks(wall.events, texts, {"Stomme klanten, allemaal idioten"}) == []
        merged = [i for i in wall.ideas() if i["id"] == ids["Elkaar ech kennen"]]
        assert [i["merged_into"] for i in merged].count(ids["Elkaar echt kennen"]) >= 1
    stored = [
        {"kind": r["kind"], "seq": r["seq"], **json.loads(r["payload"])}
        for r in demo_store.db.query("SELECT seq, kind, payload FROM live_events ORDER BY seq")
    ]
    assert _leaks(stored, texts, {"Stomme klanten, allemaal idioten"}) == []
    assert walls[0].events == walls[1].events

    # the harvest: top ideas with their dots, the hidden one left out and counted
    klant = {i["text"]: i["dots"] for i in wall_view["ideas"] if i["question_id"] == q["KLANT"]}
    assert klant == {
        "Vragen wat de klant echt wil": 3,
        "Klantreizen delen": 2,
        "Samen klantgesprekken oefenen": 1,
    }
    assert wall_view["hidden"] == 1
    results = {r["code"]: r for r in demo_store.read(cafequeries.results)}
    succes = results["CAFE/SUCCES"]
    assert succes["state"] == "harvest"
    assert succes["ideas"] == [
        {"text": "Elkaar echt kennen", "table": "Tafel Zee", "cluster": "Verbinding", "dots": 1},
        {
            "text": "Nieuwe leden blijven terugkomen",
            "table": "Tafel Zee",
            "cluster": None,
            "dots": 1,
        },
    ]
    assert succes["merged"] == 1
    assert results["CAFE/KLANT"]["hidden"] == 1
    every = {i["text"] for r in results.values() for i in r["ideas"]}
    assert every == set(texts) - {
        "Elkaar ech kennen",  # merged
        "Nieuwe leden blijven komen",  # edited
        "Stomme klanten, allemaal idioten",  # hidden
    }
