"""Work sessions at the hub: ideas, joins and dots in sync, the facilitator's hand, the walls."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
import pytest

from shared.datadir import DataDir
from shared.hub import cafe, cafequeries
from shared.protocol import Role
from shared.store import Store
from tests.helpers.cafe import Cafe, add_world_cafe
from tests.helpers.hub import action, auth, batch, in_process, paired_token, ticket_of

pytestmark = pytest.mark.anyio


class Room:
    """A café in the demo event, with a pillar per table, a wall and the facilitator."""

    def __init__(self, data: DataDir, store: Store) -> None:
        self.data, self.store = data, store
        self.cafe: Cafe = add_world_cafe(store)
        self.pillars = {code: paired_token(store, Role.KIOSK) for code in self.cafe.tables}
        self.wall = paired_token(store, Role.WALL)
        self.organiser = paired_token(store, Role.ORGANISER)
        self.base = f"/api/cafe/{self.cafe.id}"

    async def bind(self, client: httpx.AsyncClient) -> None:
        for code, token in self.pillars.items():
            body = {"table_id": self.cafe.tables[code]}
            reply = await client.put("/api/table", json=body, headers=auth(token))
            assert reply.status_code == 200, reply.text

    async def send(self, client: httpx.AsyncClient, table: str, *actions: Any) -> list[Any]:
        reply = await client.post(
            "/api/sync", json=batch(*actions), headers=auth(self.pillars[table])
        )
        assert reply.status_code == 200, reply.text
        return [(r["fate"], r["reason"]) for r in reply.json()["results"]]

    def idea(self, table: str, question: str, text: str) -> dict[str, Any]:
        return action(
            "idea",
            question_id=self.cafe.questions[question],
            table_id=self.cafe.tables[table],
            text=text,
        )

    async def do(self, client: httpx.AsyncClient, method: str, path: str, **kw: Any) -> Any:
        reply = await client.request(method, self.base + path, headers=auth(self.organiser), **kw)
        assert reply.status_code == 200, reply.text
        return reply.json()

    def events(self) -> list[dict[str, Any]]:
        return [
            {"kind": r["kind"], **json.loads(r["payload"])}
            for r in self.store.db.query("SELECT kind, payload FROM live_events ORDER BY seq")
        ]

    def ideas(self) -> dict[str, int]:
        return {r["text"]: r["id"] for r in self.store.db.query("SELECT id, text FROM ideas")}


APPLIED = ("applied", None)


async def test_ideas_come_only_in_a_running_round_at_a_table_on_that_question(
    demo_dir: DataDir, demo_store: Store
) -> None:
    room = Room(demo_dir, demo_store)
    async with in_process(demo_dir, demo_store) as (hub, client):
        [early] = await room.send(client, "T1", room.idea("T1", "SUCCES", "te vroeg"))
        assert early == ("rejected", "no round was running when the idea was written")
        now = datetime.now(UTC)
        hub.clock = lambda: now - timedelta(minutes=10)  # the round began ten minutes ago
        status = await room.do(client, "POST", f"/rounds/{room.cafe.rounds[0]}/start")
        hub.clock = lambda: datetime.now(UTC)
        assert status["session"]["phase"] == "gather"
        assert status["session"]["rounds"][0]["state"] == "running"
        assert status["session"]["rounds"][0]["ends_at"]
        fates = await room.send(
            client,
            "T1",
            room.idea("T1", "SUCCES", "Iedereen komt terug"),
            room.idea("T1", "LEREN", "verkeerde vraag"),
            room.idea("T2", "LEREN", "Feedback durven geven"),
            action("idea", question_id=999, table_id=room.cafe.tables["T1"], text="x"),
            room.idea("T1", "SUCCES", "   "),
        )
        assert fates == [
            APPLIED,
            ("rejected", "in round 1 this table works on another question"),
            APPLIED,
            ("rejected", "unknown work-session question 999"),
            ("rejected", "empty idea"),
        ]
        # the round's last idea, written before the end, arrives after it: it still counts
        late = room.idea("T3", "KLANT", "Klanten laten meepraten")
        late["at"] = (now - timedelta(minutes=6)).isoformat()
        hub.clock = lambda: now - timedelta(minutes=5)  # and ended five minutes ago
        await room.do(client, "POST", f"/rounds/{room.cafe.rounds[0]}/end")
        hub.clock = lambda: datetime.now(UTC)
        assert await room.send(client, "T3", late) == [APPLIED]
        [after] = await room.send(client, "T3", room.idea("T3", "KLANT", "na de ronde"))
        assert after[0] == "rejected"
        await room.do(client, "POST", "/phase/vote")
        [too_late] = await room.send(client, "T1", room.idea("T1", "SUCCES", "stemmen al"))
        assert too_late == ("rejected", "too late for ideas: the session is in its vote phase")
    rows = list(demo_store.db.query("SELECT * FROM ideas ORDER BY text"))
    assert [r["text"] for r in rows] == [
        "Feedback durven geven",
        "Iedereen komt terug",
        "Klanten laten meepraten",
    ]
    assert {r["round_id"] for r in rows} == {room.cafe.rounds[0]}
    assert all(0 < r["id"] < 2**52 and len(r["created_minute"]) == 16 for r in rows)


async def test_a_table_sees_its_own_ideas_and_walls_only_counts_until_revealed(
    demo_dir: DataDir, demo_store: Store
) -> None:
    room = Room(demo_dir, demo_store)
    async with in_process(demo_dir, demo_store) as (_, client):
        unbound = await client.get("/api/table", headers=auth(room.pillars["T1"]))
        assert unbound.status_code == 409
        nowhere = await client.put(
            "/api/table", json={"table_id": 999}, headers=auth(room.pillars["T1"])
        )
        assert nowhere.status_code == 404
        await room.bind(client)
        unbind = await client.put("/api/table", json={}, headers=auth(room.pillars["T3"]))
        assert unbind.json() == {"table_id": None}
        again = await client.get("/api/table", headers=auth(room.pillars["T3"]))
        assert again.status_code == 409
        await room.bind(client)
        await room.do(client, "POST", f"/rounds/{room.cafe.rounds[3]}/start")  # every question
        await room.send(client, "T1", room.idea("T1", "SUCCES", "geheim van tafel een"))
        await room.send(client, "T2", room.idea("T2", "SUCCES", "geheim van tafel twee"))
        await room.send(client, "T2", room.idea("T2", "KLANT", "klant centraal"))

        async def table_texts(code: str) -> list[str]:
            reply = await client.get("/api/table", headers=auth(room.pillars[code]))
            return sorted(i["text"] for i in reply.json()["ideas"])

        assert await table_texts("T1") == ["geheim van tafel een"]
        assert await table_texts("T2") == ["geheim van tafel twee", "klant centraal"]
        assert await table_texts("T3") == []
        wall = (await client.get(f"{room.base}/wall", headers=auth(room.wall))).json()
        assert wall["ideas"] == []
        counts = {(c["question_id"], c["table_id"]): c["ideas"] for c in wall["status"]["counts"]}
        assert counts == {
            (room.cafe.questions["SUCCES"], room.cafe.tables["T1"]): 1,
            (room.cafe.questions["SUCCES"], room.cafe.tables["T2"]): 1,
            (room.cafe.questions["KLANT"], room.cafe.tables["T2"]): 1,
        }
        everything = json.dumps(room.events())
        assert "geheim" not in everything
        assert "klant centraal" not in everything
        assert [e["kind"] for e in room.events()].count("cafe") >= 4

        await room.do(client, "POST", f"/questions/{room.cafe.questions['SUCCES']}/reveal")
        assert await table_texts("T3") == ["geheim van tafel een", "geheim van tafel twee"]
        wall = (await client.get(f"{room.base}/wall", headers=auth(room.wall))).json()
        assert sorted(i["text"] for i in wall["ideas"]) == [
            "geheim van tafel een",
            "geheim van tafel twee",
        ]
        ideas = [e["idea"] for e in room.events() if e["kind"] == "idea"]
        assert sorted(i["text"] for i in ideas) == ["geheim van tafel een", "geheim van tafel twee"]
        assert "klant centraal" not in json.dumps(room.events())
        # revealing again sends nothing twice
        before = len(room.events())
        await room.do(client, "POST", f"/questions/{room.cafe.questions['SUCCES']}/reveal")
        assert len(room.events()) == before
        # a new idea on a revealed question reaches the walls at once
        await room.send(client, "T3", room.idea("T3", "SUCCES", "trots zijn"))
        assert room.events()[-2]["idea"]["text"] == "trots zijn"
        assert room.events()[-1]["kind"] == "cafe"


async def test_facilitator_sorts_and_each_change_reaches_the_walls_once(
    demo_dir: DataDir, demo_store: Store
) -> None:
    room = Room(demo_dir, demo_store)
    question = room.cafe.questions["SUCCES"]
    async with in_process(demo_dir, demo_store) as (_, client):
        await room.do(client, "POST", f"/rounds/{room.cafe.rounds[3]}/start")
        await room.send(
            client,
            "T1",
            room.idea("T1", "SUCCES", "Elkaar kennen"),
            room.idea("T1", "SUCCES", "Elkaar kenen"),
            room.idea("T1", "SUCCES", "scheldwoord"),
            room.idea("T1", "LEREN", "Presenteren"),
        )
        ids = room.ideas()
        await room.do(client, "POST", "/phase/sort")
        status = await room.do(client, "GET", "")
        assert status["status"]["session"]["rounds"][3]["state"] == "done"
        # before the reveal a change goes to nobody: no text on the stream
        await room.do(client, "PATCH", f"/ideas/{ids['scheldwoord']}", json={"state": "hidden"})
        assert "scheldwoord" not in json.dumps(room.events())
        cluster = await room.do(
            client, "POST", f"/questions/{question}/clusters", json={"label": "Verbinding"}
        )
        assert cluster["position"] == 0
        assert "Verbinding" not in json.dumps(room.events())  # a label can tell the ideas
        await room.do(client, "POST", f"/questions/{question}/reveal")
        shown = [e["idea"]["text"] for e in room.events() if e["kind"] == "idea"]
        assert sorted(shown) == ["Elkaar kenen", "Elkaar kennen"]  # the hidden one stays out
        assert room.events()[-3]["cafe"]["clusters"][0]["label"] == "Verbinding"

        start = len(room.events())
        edit = await room.do(
            client,
            "PATCH",
            f"/ideas/{ids['Elkaar kennen']}",
            json={"cluster_id": cluster["id"], "tags": ["netwerk"]},
        )
        assert edit["cluster_id"] == cluster["id"]
        await room.do(
            client,
            "PATCH",
            f"/ideas/{ids['Elkaar kenen']}",
            json={"merged_into": ids["Elkaar kennen"]},
        )
        await room.do(
            client, "PATCH", f"/ideas/{ids['Elkaar kennen']}", json={"text": "Elkaar echt kennen"}
        )
        changes = [e for e in room.events()[start:] if e["kind"] == "idea"]
        assert [(c["idea"]["id"], c["idea"]["text"]) for c in changes] == [
            (ids["Elkaar kennen"], "Elkaar kennen"),
            (ids["Elkaar kenen"], "Elkaar kenen"),
            (ids["Elkaar kennen"], "Elkaar echt kennen"),
        ]
        assert changes[1]["idea"]["merged_into"] == ids["Elkaar kennen"]
        # the same edit again changes nothing and sends nothing
        count = len(room.events())
        await room.do(
            client, "PATCH", f"/ideas/{ids['Elkaar kennen']}", json={"text": "Elkaar echt kennen"}
        )
        assert len(room.events()) == count
        # hiding a revealed idea: the walls drop it, and its text does not travel
        await room.do(client, "PATCH", f"/ideas/{ids['Elkaar kenen']}", json={"state": "hidden"})
        hidden = [e for e in room.events()[count:] if e["kind"] == "idea"]
        assert [(h["idea"]["state"], h["idea"]["text"]) for h in hidden] == [("hidden", "")]
        # shown again: back with its text
        count = len(room.events())
        await room.do(client, "PATCH", f"/ideas/{ids['Elkaar kenen']}", json={"state": "visible"})
        await room.do(client, "PATCH", f"/ideas/{ids['Elkaar kenen']}", json={"state": "hidden"})
        back = [e["idea"]["text"] for e in room.events()[count:] if e["kind"] == "idea"]
        assert back == ["Elkaar kenen", ""]

        async def refused(method: str, path: str, body: Any, status: int) -> None:
            reply = await client.request(
                method, room.base + path, json=body, headers=auth(room.organiser)
            )
            assert reply.status_code == status, (path, reply.text)
            assert reply.json()["error"]["message"]

        await refused("PATCH", f"/ideas/{ids['Presenteren']}", {"cluster_id": cluster["id"]}, 422)
        await refused(
            "PATCH", f"/ideas/{ids['Presenteren']}", {"merged_into": ids["Elkaar kennen"]}, 422
        )
        await refused("PATCH", "/ideas/12345", {"text": "x"}, 404)
        await refused("PATCH", f"/ideas/{ids['Presenteren']}", {"text": ""}, 422)
        await refused("POST", f"/rounds/{room.cafe.rounds[0]}/start", None, 409)  # sorting
        await refused("POST", f"/rounds/{room.cafe.rounds[3]}/pause", None, 409)  # done
        await refused("POST", f"/rounds/{room.cafe.rounds[0]}/restart", None, 422)
        await refused("POST", "/phase/later", None, 422)
        await refused("PUT", "/clusters/999", {"label": "x"}, 404)
        other = await client.post("/api/cafe/999/phase/vote", headers=auth(room.organiser))
        assert other.status_code == 404

        renamed = await room.do(
            client, "PUT", f"/clusters/{cluster['id']}", json={"label": "Samen"}
        )
        assert renamed["label"] == "Samen"
        count = len(room.events())
        await room.do(client, "DELETE", f"/clusters/{cluster['id']}")
        after = room.events()[count:]
        assert after[0]["kind"] == "cafe"
        assert after[0]["cafe"]["clusters"] == []
        assert [e["idea"]["cluster_id"] for e in after[1:]] == [None]
        view = await room.do(client, "GET", "")
        assert view["hidden"] == 2
        assert len(view["ideas"]) == 4  # the facilitator sees every idea


async def test_dots_one_ballot_per_ticket_and_question_hidden_until_the_harvest(
    demo_dir: DataDir, demo_store: Store
) -> None:
    room = Room(demo_dir, demo_store)
    question = room.cafe.questions["KLANT"]
    voters = {n: ticket_of(demo_dir, demo_store, n) for n in (3, 4, 5)}

    def dots(ticket: str, *ideas: int, on: int = question) -> dict[str, Any]:
        return action("dots", ticket=ticket, question_id=on, ideas=list(ideas))

    async with in_process(demo_dir, demo_store) as (_, client):
        await room.do(client, "POST", f"/rounds/{room.cafe.rounds[3]}/start")
        texts = ["Bellen", "Mailen", "Langsgaan", "Appen", "Verborgen"]
        await room.send(client, "T3", *(room.idea("T3", "KLANT", t) for t in texts))
        await room.send(client, "T3", room.idea("T3", "LEREN", "Ander"))
        ids = room.ideas()
        a, b, c, d = (ids[t] for t in texts[:4])
        [early] = await room.send(client, "T1", dots(voters[3], a))
        assert early == ("rejected", "dot voting is not open: the session is in its gather phase")
        await room.do(client, "POST", "/phase/sort")
        await room.do(client, "PATCH", f"/ideas/{ids['Verborgen']}", json={"state": "hidden"})
        await room.do(client, "PATCH", f"/ideas/{d}", json={"merged_into": c})
        await room.do(client, "POST", "/phase/vote")
        ballot = dots(voters[3], a, b, c)
        fates = await room.send(
            client,
            "T1",
            dots(voters[4], a, b, c, c),  # a fourth dot
            dots(voters[4], a, a),  # two on one idea
            dots(voters[4], ids["Verborgen"]),
            dots(voters[4], d),
            dots(voters[4], ids["Ander"]),
            ballot,
            dots(voters[3], b),  # a second ballot
            dots(voters[4], a, c),
            dots("geen ticket", a),
        )
        assert fates == [
            ("rejected", "4 dots, but a ticket has 3 per question"),
            ("rejected", "2 dots on one idea, but one idea takes at most 1"),
            ("rejected", f"idea {ids['Verborgen']} is hidden"),
            ("rejected", f"idea {d} was merged into idea {c}"),
            ("rejected", f"idea {ids['Ander']} is not an idea of this question"),
            APPLIED,
            ("rejected", "this ticket already spent its dots on this question"),
            APPLIED,
            ("rejected", "ticket: not_a_ticket"),
        ]
        # the same ballot sent again (a pillar that missed the reply) is a duplicate
        reply = await client.post("/api/sync", json=batch(ballot), headers=auth(room.pillars["T2"]))
        assert reply.json()["results"][0]["fate"] == "duplicate"
        view = await room.do(client, "GET", "")
        assert {i["dots"] for i in view["ideas"]} == {None}  # hidden while the vote runs
        assert "dots" not in json.dumps([e.get("idea") for e in room.events()]).replace(
            '"dots": null', ""
        )
        late_merge = await client.patch(
            f"{room.base}/ideas/{b}", json={"merged_into": a}, headers=auth(room.organiser)
        )
        assert late_merge.status_code == 409
        await room.do(client, "POST", "/phase/harvest")
        view = await room.do(client, "GET", "")
        got = {i["text"]: i["dots"] for i in view["ideas"] if i["question_id"] == question}
        assert got == {"Bellen": 2, "Mailen": 1, "Langsgaan": 2, "Appen": 0, "Verborgen": 0}
        harvest = [e["idea"] for e in room.events() if e["kind"] == "idea" and e["idea"]["dots"]]
        assert {i["text"]: i["dots"] for i in harvest} == {"Bellen": 2, "Mailen": 1, "Langsgaan": 2}
    voted = list(demo_store.db.query("SELECT * FROM cafe_voted"))
    assert sorted(r["attendee_id"] for r in voted) == [3, 4]
    assert set(voted[0]) == {"question_id", "attendee_id"}
    assert {tuple(sorted(r)) for r in demo_store.db.query("SELECT * FROM idea_dots")} == {
        ("count", "idea_id")
    }


async def test_joins_count_once_per_round_at_the_first_table(
    demo_dir: DataDir, demo_store: Store
) -> None:
    room = Room(demo_dir, demo_store)
    tickets = [ticket_of(demo_dir, demo_store, n) for n in (3, 4, 5)]

    def join(ticket: str, table: str) -> dict[str, Any]:
        return action("join", ticket=ticket, table_id=room.cafe.tables[table])

    async with in_process(demo_dir, demo_store) as (_, client):
        # before the first round: they join the first round
        assert await room.send(client, "T1", join(tickets[0], "T1"), join(tickets[0], "T1")) == [
            APPLIED,
            APPLIED,
        ]
        await room.do(client, "POST", f"/rounds/{room.cafe.rounds[0]}/start")
        await room.send(client, "T2", join(tickets[1], "T2"), join(tickets[1], "T3"))
        await room.do(client, "POST", f"/rounds/{room.cafe.rounds[1]}/start")
        await room.send(client, "T2", join(tickets[0], "T2"), join(tickets[2], "T3"))
        [bad] = await room.send(client, "T2", action("join", ticket=tickets[2], table_id=999))
        assert bad == ("rejected", "unknown work-session table 999")
        status = await room.do(client, "GET", "")
    first, second = room.cafe.rounds[:2]
    assert status["status"]["participants"] == {str(first): 2, str(second): 2}
    assert status["status"]["session"]["rounds"][0]["state"] == "done"  # ended by the next
    counts = {
        (r["round_id"], r["table_id"]): r["count"]
        for r in demo_store.db.query("SELECT * FROM cafe_join_counts")
    }
    t = room.cafe.tables
    assert counts == {
        (first, t["T1"]): 1,
        (first, t["T2"]): 1,
        (second, t["T2"]): 1,
        (second, t["T3"]): 1,
    }


async def test_the_round_clock_pauses_and_resumes(demo_dir: DataDir, demo_store: Store) -> None:
    room = Room(demo_dir, demo_store)
    first = room.cafe.rounds[0]
    async with in_process(demo_dir, demo_store) as (hub, client):
        started = await room.do(client, "POST", f"/rounds/{first}/start")
        paused = await room.do(client, "POST", f"/rounds/{first}/pause")
        info = paused["session"]["rounds"][0]
        assert info["state"] == "paused"
        assert info["ends_at"] is None
        assert 19 * 60 < info["left_s"] <= 20 * 60
        resumed = await room.do(client, "POST", f"/rounds/{first}/resume")
        assert (
            resumed["session"]["rounds"][0]["ends_at"] >= started["session"]["rounds"][0]["ends_at"]
        )
        kinds = [e["kind"] for e in room.events()]
        assert kinds.count("cafe") == 3
        # pillars pull the running round as content
        kiosk = paired_token(demo_store, Role.KIOSK)
        content = (await client.get("/api/content", headers=auth(kiosk))).json()
        [session] = content["sessions"]
        assert session["rounds"][0]["state"] == "running"
        listed = (await client.get("/api/cafe", headers=auth(room.wall))).json()
        assert listed[0]["session"]["id"] == room.cafe.id
        assert hub is not None


async def test_results_list_cafe_questions_and_revealed_ideas(
    demo_dir: DataDir, demo_store: Store
) -> None:
    room = Room(demo_dir, demo_store)
    async with in_process(demo_dir, demo_store) as (_, client):
        await room.do(client, "POST", f"/rounds/{room.cafe.rounds[0]}/start")
        await room.send(
            client, "T1", room.idea("T1", "SUCCES", "Groei"), room.idea("T1", "SUCCES", "Weg")
        )
        await room.send(client, "T2", room.idea("T2", "LEREN", "Nog geheim"))
        ids = room.ideas()
        cluster = await room.do(
            client,
            "POST",
            f"/questions/{room.cafe.questions['SUCCES']}/clusters",
            json={"label": "Doel"},
        )
        await room.do(client, "PATCH", f"/ideas/{ids['Groei']}", json={"cluster_id": cluster["id"]})
        await room.do(client, "PATCH", f"/ideas/{ids['Weg']}", json={"state": "hidden"})
        await room.do(client, "POST", f"/questions/{room.cafe.questions['SUCCES']}/reveal")
    found = {r["code"]: r for r in demo_store.read(cafequeries.results)}
    assert set(found) == {"CAFE/SUCCES", "CAFE/LEREN", "CAFE/KLANT", "CAFE/BEWUST"}
    succes, leren = found["CAFE/SUCCES"], found["CAFE/LEREN"]
    assert succes["kind"] == "cafe"
    assert succes["state"] == "gather"
    assert succes["ideas"] == [
        {"text": "Groei", "table": "Tafel Zee", "cluster": "Doel", "dots": None}
    ]
    assert succes["hidden"] == 1
    assert "ideas" not in leren
    assert leren["count"] == 1
    assert "Nog geheim" not in json.dumps(list(found.values()))


def test_an_idea_id_fits_javascript_and_is_the_same_on_every_hub() -> None:
    import uuid

    ids = [uuid.uuid4() for _ in range(2000)]
    made = [cafe.idea_id(i) for i in ids]
    assert all(0 < m < 2**52 for m in made)
    assert made == [cafe.idea_id(i) for i in ids]
    assert len(set(made)) == len(made)


async def test_a_table_the_plan_leaves_out_sits_the_round_out(
    demo_dir: DataDir, demo_store: Store
) -> None:
    room = Room(demo_dir, demo_store)
    t, q = room.cafe.tables, room.cafe.questions
    plan = json.dumps({str(t["T1"]): q["BEWUST"]})
    demo_store.write(
        lambda db: db.execute(
            "UPDATE cafe_rounds SET plan = ? WHERE id = ?", [plan, room.cafe.rounds[0]]
        )
    )
    async with in_process(demo_dir, demo_store) as (_, client):
        await room.do(client, "POST", f"/rounds/{room.cafe.rounds[0]}/start")
        fates = await room.send(
            client, "T2", room.idea("T1", "BEWUST", "mag"), room.idea("T2", "BEWUST", "mag niet")
        )
    assert fates == [APPLIED, ("rejected", "in round 1 this table sits out")]
