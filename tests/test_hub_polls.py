"""Ratings, polls and votes at the hub: who may answer, once; results published by k."""

from __future__ import annotations

import json
import random
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
import pytest

from shared.datadir import DataDir
from shared.hub import polls as hub_polls
from shared.protocol import PollResult, Role
from shared.store import Store
from tests.helpers.hub import action, auth, batch, in_process, paired_token, ticket_of
from tests.helpers.polls import add_poll, response, without_sample_polls

pytestmark = pytest.mark.anyio


def fates(reply: httpx.Response) -> list[tuple[str, str | None]]:
    assert reply.status_code == 200, reply.text
    return [(r["fate"], r["reason"]) for r in reply.json()["results"]]


def tally(store: Store, poll_id: int, source: str = "digital") -> dict[int, int]:
    return {
        r[0]: r[1]
        for r in store.db.execute(
            "SELECT value, count FROM poll_tally WHERE poll_id = ? AND source = ?",
            [poll_id, source],
        )
    }


def results_events(store: Store) -> list[PollResult]:
    return [
        PollResult.model_validate(json.loads(r[0])["results"])
        for r in store.db.execute(
            "SELECT payload FROM live_events WHERE kind = 'results' ORDER BY seq"
        )
    ]


async def sync(client: httpx.AsyncClient, token: str, *actions: dict[str, Any]) -> httpx.Response:
    return await client.post("/api/sync", json=batch(*actions), headers=auth(token))


async def test_a_rating_counts_once_from_a_ticket_scanned_at_its_workshop(
    demo_dir: DataDir, demo_store: Store
) -> None:
    rating = add_poll(demo_store, "R-VAST", "rating", "VAST", comment=True)
    vast = paired_token(demo_store, Role.KIOSK, "VAST")
    zorg = paired_token(demo_store, Role.KIOSK, "ZORG")
    there, elsewhere, nowhere = (ticket_of(demo_dir, demo_store, a) for a in (3, 4, 5))
    async with in_process(demo_dir, demo_store) as (_, client):
        await sync(client, vast, action("scan", ticket=there))
        await sync(client, zorg, action("scan", ticket=elsewhere))
        first = response(there, rating, 4, text="Heel leerzaam")
        reply = await sync(
            client,
            vast,
            first,
            response(elsewhere, rating, 5),
            response(nowhere, rating, 5),
            # scanned earlier in the same batch: attendance proven
            action("scan", ticket=ticket_of(demo_dir, demo_store, 6)),
            response(ticket_of(demo_dir, demo_store, 6), rating, 2),
        )
        assert fates(reply) == [
            ("applied", None),
            ("rejected", "this ticket was not scanned at the question's workshop"),
            ("rejected", "this ticket was not scanned at the question's workshop"),
            ("applied", None),
            ("applied", None),
        ]
        # the same ticket at another pillar that was offline too: refused, the rest goes on
        second = response(there, rating, 1)
        reply = await sync(client, zorg, second, action("scan", ticket=there))
        assert fates(reply) == [
            ("rejected", f"this ticket already answered question {rating}"),
            ("applied", None),
        ]
        # the first one sent again is a duplicate, not a second answer
        assert fates(await sync(client, vast, first)) == [("duplicate", None)]
        board = (
            await client.get("/api/dashboard", headers=auth(paired_token(demo_store, Role.DESK)))
        ).json()
    assert tally(demo_store, rating) == {-1: 2, 4: 1, 2: 1}
    assert demo_store.scalar("SELECT count(*) FROM poll_answered") == 2
    assert [r["text"] for r in demo_store.db.query("SELECT text FROM poll_texts")] == [
        "Heel leerzaam"
    ]
    health = {p["workshop"]: p for p in board["pillars"] if p["kind"] == "kiosk"}
    assert health["VAST"]["refused"] == 2
    assert health["ZORG"]["refused"] == 1
    assert health["ZORG"]["last_refusal"] == f"this ticket already answered question {rating}"


async def test_refused_answers_say_why(demo_dir: DataDir, demo_store: Store) -> None:
    now = datetime.now(UTC)
    rating = add_poll(demo_store, "R", "rating", "VAST")
    recommend = add_poll(demo_store, "NPS", "recommend", subject="deze dag")
    poll = add_poll(demo_store, "P", "poll", options=["a", "b", "c"], max_choices=2)
    closed = add_poll(demo_store, "C", "rating", "VAST", manual="closed")
    later = add_poll(
        demo_store, "L", "poll", options=["a"], opens=(now + timedelta(hours=1)).isoformat()
    )
    kiosk = paired_token(demo_store, Role.KIOSK, "VAST")
    ticket = ticket_of(demo_dir, demo_store, 3)
    revoked = ticket_of(demo_dir, demo_store, 4)
    demo_store.issue_ticket(4, demo_dir.signer(demo_store).key_id, reissue=True)
    async with in_process(demo_dir, demo_store) as (_, client):
        await sync(client, kiosk, action("scan", ticket=ticket))
        reply = await sync(
            client,
            kiosk,
            response(ticket, 999_999, 3),
            response(ticket, rating, 6),
            response(ticket, rating, 0),
            response(ticket, rating, 3, text="geen plek voor commentaar"),
            response(ticket, recommend, 11),
            response(ticket, recommend, 3, 4),
            response(ticket, poll, 3),
            response(ticket, poll, 0, 1, 2),
            response(ticket, poll, 1, 1),
            response(ticket, closed, 3),
            response(ticket, later, 0),
            response(revoked, poll, 0),
        )
    assert fates(reply) == [
        ("rejected", "unknown question 999999"),
        ("rejected", "a rating takes one value from 1 to 5"),
        ("rejected", "a rating takes one value from 1 to 5"),
        ("rejected", f"question {rating} takes no comment"),
        ("rejected", "a recommend takes one value from 0 to 10"),
        ("rejected", "a recommend takes one value from 0 to 10"),
        ("rejected", "choice out of range (the poll has 3 options)"),
        ("rejected", "a poll answer takes 1 to 2 choices"),
        ("rejected", "the same choice twice"),
        ("rejected", f"question {closed} is closed"),
        ("rejected", f"question {later} is not open yet"),
        ("rejected", "ticket: revoked"),
    ]
    assert demo_store.scalar("SELECT count(*) FROM poll_answered") == 0
    assert demo_store.scalar("SELECT count(*) FROM poll_tally") == 0


async def test_closed_is_judged_at_the_answers_time_on_the_hubs_clock(
    demo_dir: DataDir, demo_store: Store
) -> None:
    hub_now = datetime.now(UTC)
    closes = hub_now - timedelta(minutes=2)
    poll = add_poll(demo_store, "P", "poll", options=["ja", "nee"], closes=closes.isoformat())
    kiosk = paired_token(demo_store, Role.KIOSK, "VAST")
    early, late = (ticket_of(demo_dir, demo_store, a) for a in (3, 4))
    # the pillar's clock runs an hour behind; it was offline and sends now
    behind = hub_now - timedelta(hours=1)
    body = {
        "device_clock": behind.isoformat(),
        "actions": [
            {**action("scan", ticket=early), "at": (behind - timedelta(minutes=9)).isoformat()},
            {**action("scan", ticket=late), "at": (behind - timedelta(minutes=9)).isoformat()},
            {**response(early, poll, 0), "at": (behind - timedelta(minutes=5)).isoformat()},
            {**response(late, poll, 1), "at": behind.isoformat()},
        ],
    }
    async with in_process(demo_dir, demo_store) as (_, client):
        reply = await client.post("/api/sync", json=body, headers=auth(kiosk))
    assert fates(reply)[2:] == [("applied", None), ("rejected", f"question {poll} is closed")]


async def test_an_event_wide_question_takes_anyone_scanned_anywhere(
    demo_dir: DataDir, demo_store: Store
) -> None:
    recommend = add_poll(demo_store, "NPS", "recommend")
    kiosk = paired_token(demo_store, Role.KIOSK, "ZORG")
    scanned, unscanned = (ticket_of(demo_dir, demo_store, a) for a in (3, 4))
    async with in_process(demo_dir, demo_store) as (_, client):
        await sync(client, kiosk, action("scan", ticket=scanned, workshop="WEER"))
        reply = await sync(
            client, kiosk, response(scanned, recommend, 9), response(unscanned, recommend, 9)
        )
    assert fates(reply) == [
        ("applied", None),
        ("rejected", "this ticket was not scanned at the event"),
    ]


async def test_results_reach_walls_only_k_answers_at_a_time(
    demo_dir: DataDir, demo_store: Store
) -> None:
    without_sample_polls(demo_store)  # only this test's questions are published
    rating = add_poll(demo_store, "R", "rating", "VAST")
    secret = add_poll(demo_store, "S", "rating", "VAST", results="organiser")
    kiosk = paired_token(demo_store, Role.KIOSK, "VAST")
    wall = paired_token(demo_store, Role.WALL)
    tickets = [ticket_of(demo_dir, demo_store, a) for a in range(1, 13)]
    async with in_process(demo_dir, demo_store) as (hub, client):
        await sync(client, kiosk, *(action("scan", ticket=t) for t in tickets))
        await hub.flush_figures()  # every question is published once as it opens
        first = results_events(demo_store)
        assert [(r.id, r.n, r.distribution) for r in first] == [(rating, 0, None)]
        for stars, ticket in zip([5, 4, 4, 3], tickets, strict=False):
            await sync(client, kiosk, response(ticket, rating, stars), response(ticket, secret, 1))
        assert len(results_events(demo_store)) == 1  # four new answers: nothing yet
        snapshot = (await client.get("/api/wall", headers=auth(wall))).json()
        assert [(r["n"], r["distribution"]) for r in snapshot["results"]] == [(0, None)]
        await sync(client, kiosk, response(tickets[4], rating, 2))
        await hub.flush_figures()  # (a sync publishes a question at most once a second)
        fifth = results_events(demo_store)[-1]
        assert (fifth.n, fifth.distribution, fifth.mean) == (5, [0, 1, 1, 2, 1], 3.6)
        assert fifth.comments == []
        for ticket in tickets[5:9]:
            await sync(client, kiosk, response(ticket, rating, 1))
        await hub.flush_figures()
        assert len(results_events(demo_store)) == 2
        snapshot = (await client.get("/api/wall", headers=auth(wall))).json()
        assert [r["n"] for r in snapshot["results"]] == [5]  # what was published, not the tally
        published = (await client.get("/api/polls/published", headers=auth(wall))).json()
        assert [r["n"] for r in published] == [5]
        # closing by hand publishes at once
        organiser = paired_token(demo_store, Role.ORGANISER)
        closed = await client.put(
            f"/api/polls/{rating}/control", json={"manual": "closed"}, headers=auth(organiser)
        )
        assert closed.json()["state"] == "closed"
        assert closed.json()["n"] == 9
        desk = paired_token(demo_store, Role.DESK)
        everything = (await client.get("/api/polls/results", headers=auth(desk))).json()
    last = results_events(demo_store)[-1]
    assert (last.state, last.n) == ("closed", 9)
    # the organiser-only question never reached the live log, but the organiser sees it
    assert all(r.id != secret for r in results_events(demo_store))
    assert {r["id"]: r["n"] for r in everything} == {rating: 9, secret: 4}
    assert {r["id"]: r["distribution"] for r in everything}[secret] is None  # 4 < k
    # every live event is timed to the minute
    for (at,) in demo_store.db.execute("SELECT at FROM live_events WHERE kind = 'results'"):
        assert datetime.fromisoformat(at).second == 0
        assert datetime.fromisoformat(at).microsecond == 0


async def test_after_close_walls_see_how_many_until_it_closed(
    demo_dir: DataDir, demo_store: Store
) -> None:
    poll = add_poll(demo_store, "P", "poll", options=["ja", "nee"], results="after_close")
    kiosk = paired_token(demo_store, Role.KIOSK, "VAST")
    wall = paired_token(demo_store, Role.WALL)
    tickets = [ticket_of(demo_dir, demo_store, a) for a in range(1, 7)]
    async with in_process(demo_dir, demo_store) as (_, client):
        await sync(client, kiosk, *(action("scan", ticket=t) for t in tickets))
        await sync(client, kiosk, *(response(t, poll, i % 2) for i, t in enumerate(tickets)))
        snapshot = (await client.get("/api/wall", headers=auth(wall))).json()
        assert [(r["n"], r["distribution"]) for r in snapshot["results"]] == [(6, None)]
        organiser = paired_token(demo_store, Role.ORGANISER)
        await client.put(
            f"/api/polls/{poll}/control", json={"manual": "closed"}, headers=auth(organiser)
        )
        snapshot = (await client.get("/api/wall", headers=auth(wall))).json()
    assert [(r["n"], r["distribution"]) for r in snapshot["results"]] == [(6, [3, 3])]


async def test_a_naming_vote_takes_proposals_then_votes_among_the_approved(
    demo_dir: DataDir, demo_store: Store
) -> None:
    demo_store.write(lambda db: db.execute("UPDATE event SET moderation = 'pre'"))
    vote = add_poll(demo_store, "NAAM", "vote", results="after_close")
    kiosk = paired_token(demo_store, Role.KIOSK, "VAST")
    desk = paired_token(demo_store, Role.DESK)
    organiser = paired_token(demo_store, Role.ORGANISER)
    tickets = [ticket_of(demo_dir, demo_store, a) for a in range(1, 8)]
    async with in_process(demo_dir, demo_store) as (_, client):
        await sync(client, kiosk, *(action("scan", ticket=t) for t in tickets))
        reply = await sync(
            client,
            kiosk,
            response(tickets[0], vote, text="Meldpunt Zuid"),
            response(tickets[1], vote, text="De Klaagmuur"),
            response(tickets[2], vote, text="Loket 3"),
            response(tickets[0], vote, text="Nog een"),
            response(tickets[3], vote, 1),
        )
        assert fates(reply) == [
            ("applied", None),
            ("applied", None),
            ("applied", None),
            ("rejected", f"this ticket already made a proposal for question {vote}"),
            ("rejected", f"question {vote} takes proposals now, not votes"),
        ]
        held = demo_store.db.execute(
            "SELECT payload FROM live_events WHERE kind = 'item.pending'"
        ).fetchall()
        assert len(held) == 1  # desks learn that texts wait: not which, not whose
        assert json.loads(held[0][0])["item_id"] is None
        pending = (await client.get("/api/polls/texts", headers=auth(desk))).json()
        assert sorted(t["text"] for t in pending) == ["De Klaagmuur", "Loket 3", "Meldpunt Zuid"]
        ids = {t["text"]: t["id"] for t in pending}
        assert all(0 < i < 2**52 for i in ids.values())
        cursor = (await client.get("/api/content", headers=auth(kiosk))).json()["cursor"]
        for text, edit in [
            ("Meldpunt Zuid", {"state": "visible"}),
            ("De Klaagmuur", {"state": "visible", "text": "De Klaagmuur!"}),
            ("Loket 3", {"state": "hidden"}),
        ]:
            moderated = await client.put(
                f"/api/polls/texts/{ids[text]}", json=edit, headers=auth(desk)
            )
            assert moderated.status_code == 200
        content = (await client.get(f"/api/content?cursor={cursor}", headers=auth(kiosk))).json()
        [info] = content["polls"]
        assert [p["text"] for p in info["proposals"]] == ["De Klaagmuur!", "Meldpunt Zuid"]
        assert info["phase"] == "propose"
        phase = await client.put(
            f"/api/polls/{vote}/control", json={"phase": "vote"}, headers=auth(organiser)
        )
        assert phase.json()["phase"] == "vote"
        reply = await sync(
            client,
            kiosk,
            response(tickets[3], vote, ids["Meldpunt Zuid"]),
            response(tickets[4], vote, ids["Loket 3"]),
            response(tickets[4], vote, ids["De Klaagmuur"]),
            response(tickets[5], vote, text="Te laat"),
            response(tickets[0], vote, ids["Meldpunt Zuid"]),  # proposed and votes too
        )
        assert [f for f, _ in fates(reply)] == [
            "applied",
            "rejected",
            "applied",
            "rejected",
            "applied",
        ]
        assert fates(reply)[1][1] == f"proposal {ids['Loket 3']} is not among the approved ones"
        result = (await client.get(f"/api/polls/{vote}/results", headers=auth(desk))).json()
    assert result["labels"] == ["De Klaagmuur!", "Meldpunt Zuid"]
    assert result["n"] == 3
    assert result["distribution"] is None  # 3 < k


async def test_open_answers_make_a_cloud_of_their_visible_words(
    demo_dir: DataDir, demo_store: Store
) -> None:
    question = add_poll(demo_store, "WOORD", "open")
    kiosk = paired_token(demo_store, Role.KIOSK, "VAST")
    desk = paired_token(demo_store, Role.DESK)
    tickets = [ticket_of(demo_dir, demo_store, a) for a in range(1, 7)]
    answers = [
        "Samen en snel",
        "snel, SNEL en dichtbij",
        "Dichtbij de wijk",
        "de wijk is van ons",
        "Samenwerking",
        "Samen",
    ]
    async with in_process(demo_dir, demo_store) as (_, client):
        await sync(client, kiosk, *(action("scan", ticket=t) for t in tickets))
        reply = await sync(
            client,
            kiosk,
            *(response(t, question, text=a) for t, a in zip(tickets, answers, strict=True)),
            response(tickets[0], question, 1),
        )
        assert fates(reply)[-1] == ("rejected", f"question {question} takes a text, no choices")
        result = (await client.get(f"/api/polls/{question}/results", headers=auth(desk))).json()
        assert result["n"] == 6
        assert result["distribution"] is None
        assert [(w["word"], w["count"]) for w in result["words"]] == [
            ("dichtbij", 2),
            ("samen", 2),
            ("snel", 2),
            ("wijk", 2),
            ("samenwerking", 1),
        ]
        # a hidden answer leaves the cloud
        texts = (await client.get("/api/polls/texts?state=visible", headers=auth(desk))).json()
        hide = next(t["id"] for t in texts if t["text"] == "Samenwerking")
        await client.put(f"/api/polls/texts/{hide}", json={"state": "hidden"}, headers=auth(desk))
        result = (await client.get(f"/api/polls/{question}/results", headers=auth(desk))).json()
    assert "samenwerking" not in [w["word"] for w in result["words"]]
    assert results_events(demo_store)[-1].words is not None  # the walls' cloud followed


def test_a_data_folders_own_stopwords_win(demo_dir: DataDir, demo_store: Store) -> None:
    shipped = demo_store.read(hub_polls.stopwords)
    assert {"de", "en", "the", "and"} <= shipped
    (demo_dir.root / "stopwords").mkdir()
    (demo_dir.root / "stopwords" / "nl.txt").write_text("# eigen lijst\nwijk\n", encoding="utf-8")
    own = demo_store.read(hub_polls.stopwords)
    assert "wijk" in own
    assert "de" not in own  # the Dutch list replaced
    assert "the" in own  # the English one still shipped


async def test_paper_tallies_add_up_marked_as_paper(demo_dir: DataDir, demo_store: Store) -> None:
    poll = add_poll(demo_store, "P", "poll", options=["koffie", "thee", "water"], max_choices=2)
    rating = add_poll(demo_store, "R", "rating", "VAST")
    kiosk = paired_token(demo_store, Role.KIOSK, "VAST")
    desk = paired_token(demo_store, Role.DESK)
    wall = paired_token(demo_store, Role.WALL)
    ticket = ticket_of(demo_dir, demo_store, 3)
    async with in_process(demo_dir, demo_store) as (_, client):
        await sync(client, kiosk, action("scan", ticket=ticket), response(ticket, poll, 0, 2))
        put = await client.put(
            f"/api/polls/{poll}/paper",
            json={"counts": [4, 6, 1], "respondents": 8},
            headers=auth(desk),
        )
        assert put.status_code == 200, put.text
        result = put.json()
        assert (result["n"], result["paper_n"]) == (9, 8)
        assert result["distribution"] == [5, 6, 2]
        assert result["paper"] == [4, 6, 1]
        # typed again: replaced, not added
        again = await client.put(
            f"/api/polls/{poll}/paper",
            json={"counts": [1, 1, 1], "respondents": 2},
            headers=auth(desk),
        )
        assert (again.json()["n"], again.json()["distribution"]) == (3, None)
        snapshot = (await client.get("/api/wall", headers=auth(wall))).json()
        assert [(r["n"], r["paper_n"]) for r in snapshot["results"] if r["id"] == poll] == [(3, 2)]
        for body, problem in [
            ({"counts": [1, 2]}, "a paper tally of this question has 3 counts, not 2"),
            (
                {"counts": [5, 1, 1], "respondents": 3},
                "3 respondents cannot have given these counts",
            ),
        ]:
            bad = await client.put(f"/api/polls/{poll}/paper", json=body, headers=auth(desk))
            assert (bad.status_code, bad.json()["error"]["message"]) == (422, problem)
        stars = await client.put(
            f"/api/polls/{rating}/paper", json={"counts": [0, 1, 2, 3, 4]}, headers=auth(desk)
        )
        assert (stars.json()["n"], stars.json()["mean"]) == (10, 4.0)
        missing = await client.put(
            "/api/polls/4242/paper", json={"counts": [1]}, headers=auth(desk)
        )
        assert missing.status_code == 404
        assert (
            await client.put(f"/api/polls/{poll}/paper", json={"counts": []}, headers=auth(wall))
        ).status_code == 403
    assert tally(demo_store, poll, "paper") == {-1: 2, 0: 1, 1: 1, 2: 1}


async def test_the_console_controls_only_what_a_question_has(
    demo_dir: DataDir, demo_store: Store
) -> None:
    rating = add_poll(demo_store, "R", "rating", "VAST", closes="2000-01-01T00:00:00+00:00")
    organiser = paired_token(demo_store, Role.ORGANISER)
    desk = paired_token(demo_store, Role.DESK)
    async with in_process(demo_dir, demo_store) as (_, client):
        phase = await client.put(
            f"/api/polls/{rating}/control", json={"phase": "vote"}, headers=auth(organiser)
        )
        assert (phase.status_code, phase.json()["error"]["message"]) == (
            422,
            "only a naming vote has a phase",
        )
        assert (
            await client.put(f"/api/polls/{rating}/control", json={}, headers=auth(desk))
        ).status_code == 403
        opened = await client.put(
            f"/api/polls/{rating}/control", json={"manual": "open"}, headers=auth(organiser)
        )
        assert opened.json()["state"] == "open"
        kept = await client.put(f"/api/polls/{rating}/control", json={}, headers=auth(organiser))
        assert kept.json()["state"] == "open"  # a body without "manual" leaves the hand be
        left = await client.put(
            f"/api/polls/{rating}/control", json={"manual": None}, headers=auth(organiser)
        )
        assert left.json()["state"] == "closed"  # back to its times
        missing = await client.put("/api/polls/4242/control", json={}, headers=auth(organiser))
        assert missing.status_code == 404
        empty = await client.put(
            "/api/polls/texts/12", json={"state": "visible", "text": " "}, headers=auth(desk)
        )
        assert empty.status_code in (404, 422)


async def test_pillars_get_the_questions_with_their_changes(
    demo_dir: DataDir, demo_store: Store
) -> None:
    opens = "2030-05-01T09:00:00+02:00"
    poll = add_poll(
        demo_store, "P", "poll", options=["a", "b"], max_choices=2, opens=opens, text="Wat kies je?"
    )
    rating = add_poll(demo_store, "R", "rating", "ZORG", comment=True)
    kiosk = paired_token(demo_store, Role.KIOSK, "VAST")
    async with in_process(demo_dir, demo_store) as (_, client):
        content = (await client.get("/api/content", headers=auth(kiosk))).json()
        infos = {p["code"]: p for p in content["polls"]}
        assert datetime.fromisoformat(infos["P"]["opens"]) == datetime(2030, 5, 1, 7, tzinfo=UTC)
        assert (infos["P"]["options"], infos["P"]["max_choices"]) == (["a", "b"], 2)
        assert (infos["R"]["workshop"], infos["R"]["comment"]) == ("ZORG", True)
        demo_store.write(lambda db: db.execute("DELETE FROM polls WHERE id = ?", [rating]))
        later = (
            await client.get(f"/api/content?cursor={content['cursor']}", headers=auth(kiosk))
        ).json()
    assert later["polls"] == []
    assert {"kind": "polls", "key": rating} in later["deleted"]
    assert poll != rating


async def test_small_numbers_are_left_out_of_every_view(
    demo_dir: DataDir, demo_store: Store
) -> None:
    rating = add_poll(demo_store, "R", "rating", "VAST")
    recommend = add_poll(demo_store, "NPS", "recommend")
    kiosk = paired_token(demo_store, Role.KIOSK, "VAST")
    desk = paired_token(demo_store, Role.DESK)
    wall = paired_token(demo_store, Role.WALL)
    tickets = [ticket_of(demo_dir, demo_store, a) for a in range(1, 6)]

    async def views(client: httpx.AsyncClient) -> list[dict[str, Any]]:
        """Every place a question's results are shown, for both questions."""
        seen: list[dict[str, Any]] = []
        seen += (await client.get("/api/wall", headers=auth(wall))).json()["results"]
        seen += (await client.get("/api/polls/published", headers=auth(wall))).json()
        seen += (await client.get("/api/polls/results", headers=auth(desk))).json()
        for poll_id in (rating, recommend):
            seen.append(
                (await client.get(f"/api/polls/{poll_id}/results", headers=auth(desk))).json()
            )
        seen += (await client.get("/api/dashboard", headers=auth(desk))).json()["report"]["polls"]
        seen += (await client.get("/api/report", headers=auth(desk))).json()["polls"]
        seen += [r.model_dump(mode="json") for r in results_events(demo_store)]
        return seen

    async with in_process(demo_dir, demo_store) as (hub, client):
        await sync(client, kiosk, *(action("scan", ticket=t) for t in tickets))
        await sync(
            client,
            kiosk,
            *(response(t, rating, 5) for t in tickets[:4]),
            *(response(t, recommend, 10) for t in tickets[:4]),
        )
        await hub.flush_figures()
        four = await views(client)
        assert len(four) >= 2 * 6 + 2  # six views of both, and each one's live event
        for shown in four:
            assert shown["n"] in (0, 4)
            assert shown["distribution"] is None
            assert (shown["mean"], shown["nps"], shown["paper"]) == (None, None, None)
        await sync(
            client, kiosk, response(tickets[4], rating, 3), response(tickets[4], recommend, 3)
        )
        await hub.flush_figures()
        five = [v for v in await views(client) if v["n"] == 5]
    assert {(v["id"], tuple(v["distribution"])) for v in five} == {
        (rating, (0, 0, 1, 0, 4)),
        (recommend, (0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 4)),
    }
    assert {(v["id"], v["mean"], v["nps"]) for v in five} == {
        (rating, 4.6, None),
        (recommend, None, 60),
    }


async def test_a_ticket_learns_which_questions_it_answered_not_how(
    demo_dir: DataDir, demo_store: Store
) -> None:
    rating = add_poll(demo_store, "R", "rating", "VAST")
    vote = add_poll(demo_store, "V", "vote")
    other = add_poll(demo_store, "O", "open")
    kiosk = paired_token(demo_store, Role.KIOSK, "VAST")
    ticket = ticket_of(demo_dir, demo_store, 3)
    async with in_process(demo_dir, demo_store) as (_, client):
        await sync(
            client,
            kiosk,
            action("scan", ticket=ticket),
            response(ticket, rating, 4),
            response(ticket, vote, text="Het Loket"),
        )
        points = (
            await client.post("/api/points", json={"ticket": ticket}, headers=auth(kiosk))
        ).json()
    assert (points["responded"], points["proposed"]) == ([rating], [vote])
    assert other not in points["responded"]


@pytest.mark.parametrize("seed", [1, 2, 3])
async def test_offline_pillars_resending_never_count_a_ticket_twice(
    demo_dir: DataDir, demo_store: Store, seed: int
) -> None:
    """Two pillars that were offline, each with answers of the same tickets, sent in bits.

    Whatever the order, resends and overlaps: each ticket counts once per question,
    the counts agree with who answered, and every action gets a fate.
    """
    rng = random.Random(seed)
    rating = add_poll(demo_store, "R", "rating", "VAST")
    poll = add_poll(demo_store, "P", "poll", options=["a", "b", "c"], max_choices=3)
    pillars = [paired_token(demo_store, Role.KIOSK, "VAST") for _ in range(2)]
    tickets = [ticket_of(demo_dir, demo_store, a) for a in range(1, 16)]
    outboxes: list[list[dict[str, Any]]] = [[], []]
    for ticket in tickets:
        for outbox in rng.sample(outboxes, rng.randint(1, 2)):  # one pillar or both
            outbox.append(action("scan", ticket=ticket))
            outbox.append(response(ticket, rating, rng.randint(1, 5)))
            outbox.append(response(ticket, poll, *rng.sample(range(3), rng.randint(1, 3))))
    seen: dict[str, list[str]] = {}  # action id: its fate at each sending
    async with in_process(demo_dir, demo_store) as (_, client):
        for _ in range(12):
            which = rng.randrange(2)
            outbox = outboxes[which]
            if not outbox:
                continue
            start = rng.randrange(len(outbox))
            chunk = outbox[start : start + rng.randint(1, 12)]
            if rng.random() < 0.3:  # a resend of something sent before, in the same batch
                chunk = chunk + chunk[:2]
            for row, sent in zip(
                fates_of(await sync(client, pillars[which], *chunk)), chunk, strict=True
            ):
                seen.setdefault(sent["id"], []).append(row)
        for which, outbox in enumerate(outboxes):  # everything, once more, at the end
            for sent, row in zip(
                outbox, fates_of(await sync(client, pillars[which], *outbox)), strict=True
            ):
                seen.setdefault(sent["id"], []).append(row)
    answered = {
        poll_id: count
        for poll_id, count in demo_store.db.execute(
            "SELECT poll_id, count(*) FROM poll_answered GROUP BY poll_id"
        )
    }
    assert answered == {rating: len(tickets), poll: len(tickets)}
    assert tally(demo_store, rating)[-1] == len(tickets)
    assert sum(v for k, v in tally(demo_store, rating).items() if k > 0) == len(tickets)
    assert tally(demo_store, poll)[-1] == len(tickets)
    # an action is applied once at most, and a duplicate every time after
    for history in seen.values():
        if "applied" in history:
            after = history[history.index("applied") + 1 :]
            assert set(after) <= {"duplicate"}, history


def fates_of(reply: httpx.Response) -> list[str]:
    return [fate for fate, _ in fates(reply)]


async def test_a_change_by_hand_never_shows_walls_a_single_new_answer(
    demo_dir: DataDir, demo_store: Store
) -> None:
    """A paper tally republishes at once, with the digital answers as last published."""
    without_sample_polls(demo_store)
    rating = add_poll(demo_store, "R", "rating", "VAST")
    kiosk = paired_token(demo_store, Role.KIOSK, "VAST")
    desk = paired_token(demo_store, Role.DESK)
    organiser = paired_token(demo_store, Role.ORGANISER)
    tickets = [ticket_of(demo_dir, demo_store, a) for a in range(1, 8)]
    async with in_process(demo_dir, demo_store) as (hub, client):
        await sync(client, kiosk, *(action("scan", ticket=t) for t in tickets))
        await hub.flush_figures()  # published once as it opens, with nobody
        for ticket in tickets[:5]:
            await sync(client, kiosk, response(ticket, rating, 4))
        await hub.flush_figures()
        assert (results_events(demo_store)[-1].n, results_events(demo_store)[-1].mean) == (5, 4.0)
        await sync(client, kiosk, response(tickets[5], rating, 1))  # one more, alone
        await hub.flush_figures()
        events = len(results_events(demo_store))
        paper = await client.put(
            f"/api/polls/{rating}/paper", json={"counts": [0, 0, 0, 0, 2]}, headers=auth(desk)
        )
        assert paper.is_success, paper.text
        assert len(results_events(demo_store)) == events + 1  # published at once
        after = results_events(demo_store)[-1]
        assert (after.n, after.paper_n, after.distribution) == (7, 2, [0, 0, 0, 5, 2])
        # closing shows everything, the last answer with it
        await client.put(
            f"/api/polls/{rating}/control", json={"manual": "closed"}, headers=auth(organiser)
        )
    closed = results_events(demo_store)[-1]
    assert (closed.state, closed.n, closed.distribution) == ("closed", 8, [1, 0, 0, 5, 2])


async def test_the_same_name_proposed_twice_is_one_proposal(
    demo_dir: DataDir, demo_store: Store
) -> None:
    """Case and spacing aside, a name proposed again joins the first: its votes are not split."""
    vote = add_poll(demo_store, "NAAM", "vote", results="after_close")
    kiosk = paired_token(demo_store, Role.KIOSK, "VAST")
    tickets = [ticket_of(demo_dir, demo_store, a) for a in range(1, 6)]
    async with in_process(demo_dir, demo_store) as (_, client):
        await sync(client, kiosk, *(action("scan", ticket=t) for t in tickets))
        first = await sync(
            client,
            kiosk,
            response(tickets[0], vote, text="Het Open Oor"),
            response(tickets[1], vote, text="het  open OOR"),  # the same pass
            response(tickets[2], vote, text="De Vuurtoren"),
        )
        later = await sync(client, kiosk, response(tickets[3], vote, text=" HET OPEN OOR "))
    assert [f for f, _ in fates(first)] + [f for f, _ in fates(later)] == ["applied"] * 4
    names = [r[0] for r in demo_store.db.execute("SELECT text FROM poll_texts ORDER BY text")]
    assert names == ["De Vuurtoren", "Het Open Oor"]
    proposed = demo_store.scalar(
        "SELECT count(*) FROM poll_answered WHERE poll_id = ? AND part = 'proposal'", [vote]
    )
    assert proposed == 4  # each of them proposed, once
