"""The phone companion, in-process through the real app: sessions, pages, actions, limits."""

import asyncio
import logging
import re
import uuid
from datetime import UTC, datetime
from typing import Any

import httpx
import pytest

from shared import door
from shared.datadir import DataDir, today
from shared.hub import phone, phonepolls
from shared.hub.phone import phone_of
from shared.hub.phonesession import COOKIE, RateLimit, Sessions
from shared.protocol import Role
from shared.store import Store
from tests.helpers.hub import action, auth, batch, in_process, paired_token, ticket_of, totals
from tests.helpers.phone import cafe_gathered, cafe_in_vote, sort_and_vote

pytestmark = pytest.mark.anyio


@pytest.fixture(autouse=True)
def _answers_at_once(monkeypatch: pytest.MonkeyPatch) -> None:
    """Phones' answers are held to the next minute; here they go at once (one test waits)."""
    monkeypatch.setattr(phone, "until_release", lambda: 0.0)


BASE = "http://hub.test"


async def sign_in(client: httpx.AsyncClient, ticket: str) -> str:
    """Open a personal link; the session cookie is kept in the client. Returns its CSRF."""
    link = await client.get(f"/t/{ticket}")
    assert link.status_code == 303, link.text
    assert link.headers["location"] == "/p"
    home = await client.get("/p")
    assert home.status_code == 200, home.text
    found = re.search(r'name="zuil-csrf" content="([0-9a-f]+)"', home.text)
    assert found is not None
    return found.group(1)


def post(csrf: str) -> dict[str, str]:
    return {"X-CSRF-Token": csrf, "Origin": BASE}


def door_of(store: Store, workshop: str) -> str:
    """Today's door code of a new pillar of ``workshop`` (what its QR code carries)."""
    token = paired_token(store, Role.KIOSK, workshop)
    return door.door_code(door.token_hash(token), workshop, today())


def phone_action(kind: str, **fields: Any) -> dict[str, Any]:
    return {
        "id": str(uuid.uuid4()),
        "at": datetime.now(UTC).isoformat(),
        "kind": kind,
        "workshop": "VAST",
        **fields,
    }


def actions(*items: dict[str, Any]) -> dict[str, Any]:
    return {"clock": datetime.now(UTC).isoformat(), "actions": list(items)}


def question_ids(store: Store, code: str) -> list[int]:
    return [
        r[0]
        for r in store.db.execute(
            "SELECT q.id FROM questions q JOIN workshops w ON w.id = q.workshop_id"
            " WHERE w.code = ? ORDER BY q.position",
            [code],
        )
    ]


async def test_a_link_opens_a_session_and_the_token_leaves_the_address(
    demo_dir: DataDir, demo_store: Store
) -> None:
    ticket = ticket_of(demo_dir, demo_store, 1)
    async with in_process(demo_dir, demo_store) as (_, client):
        link = await client.get(f"/t/{ticket}")
        cookie = link.headers["set-cookie"]
        home = await client.get("/p")
        english = await client.get("/p?lang=en")
        upper = await client.get(f"/T/{ticket}")
    assert link.status_code == 303
    assert link.headers["location"] == "/p"
    assert ticket not in link.headers["location"]
    assert link.headers["referrer-policy"] == "no-referrer"
    assert cookie.startswith(f"{COOKIE}=")
    assert "httponly" in cookie.lower()
    assert "samesite=lax" in cookie.lower()
    assert "Hallo Anna" in home.text
    assert "Punten" in home.text
    assert "<svg" in home.text  # the ticket's QR code, to show at a pillar
    assert ticket not in home.text  # only drawn, never as text or in a link
    assert "Hello Anna" in english.text
    assert upper.status_code == 303  # the URL form printed in a ticket's QR code


async def test_every_page_has_the_security_headers(demo_dir: DataDir, demo_store: Store) -> None:
    ticket = ticket_of(demo_dir, demo_store, 1)
    cafe_in_vote(demo_store)
    async with in_process(demo_dir, demo_store) as (_, client):
        await sign_in(client, ticket)
        for path in (
            "/p",
            "/p/agenda",
            "/p/map",
            "/p/cafe/CAFE",
            "/w/VAST",
            "/p/me",
            "/p/static/phone.js",
            "/p/theme.css",
        ):
            page = await client.get(path)
            assert page.status_code == 200, path
            csp = page.headers["content-security-policy"]
            assert "script-src 'self'" in csp
            assert "frame-ancestors 'none'" in csp
            assert "unsafe-inline" not in csp
            assert page.headers["referrer-policy"] == "no-referrer"
            assert page.headers["x-frame-options"] == "DENY"
            if path.endswith((".js", ".css")):
                continue
            assert "<script>" not in page.text
            assert "onclick" not in page.text


async def test_replaced_and_wrong_links_get_a_polite_page(
    demo_dir: DataDir, demo_store: Store
) -> None:
    old = ticket_of(demo_dir, demo_store, 3)
    desk = paired_token(demo_store, Role.DESK)
    async with in_process(demo_dir, demo_store) as (_, client):
        await sign_in(client, old)
        reissued = await client.post(
            "/api/attendees/3/ticket", json={"reissue": True}, headers=auth(desk)
        )
        assert reissued.status_code == 200
        session_after = await client.get("/p")  # the session of the replaced ticket ends too
        forgotten = await client.get("/p")  # ...and its cookie is gone
        replaced = await client.get(f"/t/{old}")
        for garbage in ("nonsense", old[:-4] + "AAAA", "ZU1" + "A" * 132, "%3Cb%3E", "x" * 400):
            wrong = await client.get(f"/t/{garbage}")
            assert wrong.status_code == 404, garbage
            assert "registratiebalie" in wrong.text
        too_long = await client.get(f"/t/{'x' * 401}")
    assert replaced.status_code == 410
    assert "vervangen" in replaced.text
    assert session_after.status_code == 410
    assert "vervangen" in session_after.text
    assert forgotten.status_code == 401
    assert too_long.status_code == 422


async def test_markup_in_a_name_is_escaped(demo_dir: DataDir, demo_store: Store) -> None:
    demo_store.write(
        lambda db: db.execute(
            "UPDATE attendees SET first_name = '<script>alert(1)</script>' WHERE id = 2"
        )
    )
    ticket = ticket_of(demo_dir, demo_store, 2)
    async with in_process(demo_dir, demo_store) as (_, client):
        await sign_in(client, ticket)
        page = await client.get("/p")
    assert "<script>alert(1)</script>" not in page.text
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page.text


async def test_a_workshop_without_a_session_shows_the_teaser_only(
    demo_dir: DataDir, demo_store: Store
) -> None:
    info = demo_store.db.execute("SELECT info FROM workshops WHERE code = 'VAST'").fetchone()[0]
    async with in_process(demo_dir, demo_store) as (_, client):
        page = await client.get("/w/VAST")
        home = await client.get("/p")
        dots = await client.get("/p/cafe/CAFE")
        unknown = await client.get("/w/NOPE")
        client.cookies.set(COOKIE, "v1.a.ZU1AAAA.1.bm9wZQ")
        forged = await client.get("/w/VAST")
    assert page.status_code == 200
    assert "Vastgoed en witwassen" in page.text
    assert "registratiebalie" in page.text
    assert info[:40] not in page.text
    assert "Welk signaal" not in page.text  # no quiz
    assert 'name="zuil-csrf"' not in page.text
    assert home.status_code == 401
    assert dots.status_code == 401
    assert unknown.status_code == 404
    assert info[:40] not in forged.text
    assert demo_store.db.execute("SELECT count(*) FROM scans").fetchone()[0] == 0


async def test_opening_a_workshop_with_a_session_counts_as_one_visit(
    demo_dir: DataDir, demo_store: Store
) -> None:
    ticket = ticket_of(demo_dir, demo_store, 1)
    pillar = door_of(demo_store, "VAST")
    other = door_of(demo_store, "ZORG")
    async with in_process(demo_dir, demo_store) as (hub, client):
        await sign_in(client, ticket)
        typed = await client.get("/w/VAST")  # typed, or a wrong code: no visit
        await client.get(f"/w/VAST?d={other}")
        await client.get(f"/w/VAST?d={'0' * 16}")
        assert demo_store.db.execute("SELECT count(*) FROM scans").fetchone()[0] == 0
        page = await client.get(f"/w/vast?d={pillar}")  # the pillar's own QR code
        await client.get(f"/w/VAST?d={pillar}")
        phone_of(hub).state.visits.clear()  # a restarted hub forgets; the ledger does not
        await client.get(f"/w/VAST?d={pillar}")
        home = await client.get("/p")
    assert "Welk signaal wijst het sterkst" in typed.text  # a session sees the workshop
    assert "Welk signaal wijst het sterkst" in page.text
    assert "Wet Bibob helpt" in page.text.replace("\n", " ")  # the gated info
    scans = demo_store.db.execute(
        "SELECT attendee_id, device_id, w.code FROM scans s"
        " JOIN workshops w ON w.id = s.workshop_id"
    ).fetchall()
    assert scans == [(1, None, "VAST")]
    assert '<a href="/w/VAST">Vastgoed en witwassen</a>' in home.text


async def test_an_answer_counts_once_however_often_it_is_sent(
    demo_dir: DataDir, demo_store: Store
) -> None:
    ticket = ticket_of(demo_dir, demo_store, 1)
    first, second = question_ids(demo_store, "VAST")[:2]
    answer = phone_action("answer", question_id=first, choice=0)
    async with in_process(demo_dir, demo_store) as (_, client):
        csrf = await sign_in(client, ticket)
        sent = await client.post("/p/actions", json=actions(answer), headers=post(csrf))
        again = await client.post("/p/actions", json=actions(answer), headers=post(csrf))
        other = phone_action("answer", question_id=first, choice=1)  # a second tab's answer
        later = await client.post("/p/actions", json=actions(other), headers=post(csrf))
        wrong = phone_action("answer", question_id=second, choice=1)
        false = await client.post("/p/actions", json=actions(wrong), headers=post(csrf))
        page = await client.get("/w/VAST")
    reply = sent.json()
    assert sent.status_code == 200, sent.text
    assert reply["results"][0]["fate"] == "applied"
    assert reply["results"][0]["outcome"]["correct"] is True
    assert reply["results"][0]["outcome"]["points"] == 10
    assert reply["figures"]["points"] == 10
    assert again.json()["results"][0]["fate"] == "duplicate"
    assert again.json()["results"][0]["outcome"]["counted"] is True  # still its outcome
    assert later.json()["results"][0]["outcome"]["counted"] is False
    assert false.json()["results"][0]["outcome"]["correct"] is False
    assert totals(demo_store) == {1: 10}
    assert demo_store.db.execute("SELECT count(*) FROM answers").fetchone()[0] == 3
    assert "Goed!" in page.text
    assert "Helaas" in page.text


async def test_a_question_answered_at_a_pillar_does_not_count_again_on_the_phone(
    demo_dir: DataDir, demo_store: Store
) -> None:
    ticket = ticket_of(demo_dir, demo_store, 1)
    question = question_ids(demo_store, "VAST")[0]
    pillar = paired_token(demo_store, Role.KIOSK, workshop="VAST")
    async with in_process(demo_dir, demo_store) as (_, client):
        synced = await client.post(
            "/api/sync",
            json=batch(action("answer", ticket=ticket, question_id=question, choice=1)),
            headers=auth(pillar),
        )
        assert synced.json()["results"][0]["fate"] == "applied"
        csrf = await sign_in(client, ticket)
        page = await client.get("/w/VAST")
        answer = phone_action("answer", question_id=question, choice=0)
        reply = await client.post("/p/actions", json=actions(answer), headers=post(csrf))
    outcome = reply.json()["results"][0]["outcome"]
    assert outcome["counted"] is False
    assert outcome["points"] == 0
    assert totals(demo_store) == {1: 0}
    assert f'id="q{question}" method="post"' not in page.text  # shown as answered, no form


async def test_a_note_is_anonymous_and_its_credit_comes_apart(
    demo_dir: DataDir, demo_store: Store
) -> None:
    ticket = ticket_of(demo_dir, demo_store, 1)
    note = phone_action("note", wall="tip", text="Meer pauzes graag")
    credit = phone_action("credit")
    async with in_process(demo_dir, demo_store) as (_, client):
        csrf = await sign_in(client, ticket)
        first = await client.post("/p/actions", json=actions(note), headers=post(csrf))
        assert first.json()["results"][0]["fate"] == "applied"
        assert totals(demo_store) == {}
        second = await client.post("/p/actions", json=actions(credit, note), headers=post(csrf))
    fates = [r["fate"] for r in second.json()["results"]]
    assert fates == ["applied", "duplicate"]
    notes = list(demo_store.db.query("SELECT * FROM notes"))
    assert len(notes) == 1
    assert notes[0]["text"] == "Meer pauzes graag"
    assert set(notes[0]) == {
        "id",
        "wall",
        "text",
        "workshop_id",
        "state",
        "created_minute",
        "flagged",
    }
    assert totals(demo_store) == {1: 5}


async def test_bad_actions_are_rejected_one_by_one(demo_dir: DataDir, demo_store: Store) -> None:
    ticket = ticket_of(demo_dir, demo_store, 1)
    good = phone_action("answer", question_id=question_ids(demo_store, "VAST")[0], choice=0)
    no_choice = phone_action("answer", question_id=1)
    blank = phone_action("note", wall="top", text="   ")
    v1 = {**phone_action("credit"), "id": str(uuid.uuid1())}
    nowhere = phone_action("credit", workshop="NOPE")
    async with in_process(demo_dir, demo_store) as (_, client):
        csrf = await sign_in(client, ticket)
        reply = await client.post(
            "/p/actions",
            json=actions(good, no_choice, blank, v1, nowhere, {"id": "x"}),
            headers=post(csrf),
        )
        empty = await client.post("/p/actions", json=actions(), headers=post(csrf))
        junk = await client.post("/p/actions", content=b"{", headers=post(csrf))
    fates = [r["fate"] for r in reply.json()["results"]]
    assert fates == ["applied", "rejected", "rejected", "rejected", "rejected", "rejected"]
    assert empty.status_code == 422
    assert junk.status_code == 422


async def test_posts_need_the_sessions_csrf_token_and_its_origin(
    demo_dir: DataDir, demo_store: Store
) -> None:
    ticket = ticket_of(demo_dir, demo_store, 1)
    other = ticket_of(demo_dir, demo_store, 2)
    note = phone_action("note", wall="top", text="Top dag")
    async with in_process(demo_dir, demo_store) as (_, client):
        csrf = await sign_in(client, ticket)
        missing = await client.post("/p/actions", json=actions(note))
        foreign = await client.post(
            "/p/actions", json=actions(note), headers={**post(csrf), "Origin": "http://evil.test"}
        )
        async with httpx.AsyncClient(transport=client._transport, base_url=BASE) as second:
            their_csrf = await sign_in(second, other)
        crossed = await client.post("/p/actions", json=actions(note), headers=post(their_csrf))
        form = await client.post(
            "/p/act", data={"kind": "note", "workshop": "VAST", "wall": "top", "text": "x"}
        )
        nobody = await httpx.AsyncClient(transport=client._transport, base_url=BASE).post(
            "/p/actions", json=actions(note), headers=post(csrf)
        )
    assert missing.status_code == 403
    assert foreign.status_code == 403
    assert crossed.status_code == 403
    assert form.status_code == 403
    assert "verlopen" in form.text
    assert nobody.status_code == 401
    assert demo_store.db.execute("SELECT count(*) FROM notes").fetchone()[0] == 0


async def test_a_form_works_without_the_script(demo_dir: DataDir, demo_store: Store) -> None:
    ticket = ticket_of(demo_dir, demo_store, 1)
    question = question_ids(demo_store, "VAST")[0]
    async with in_process(demo_dir, demo_store) as (_, client):
        csrf = await sign_in(client, ticket)
        page = await client.get("/w/VAST")
        form_id = re.search(r'name="id" value="([0-9a-f-]{36})"', page.text)
        assert form_id is not None
        fields = {
            "csrf": csrf,
            "id": form_id.group(1),
            "kind": "answer",
            "workshop": "VAST",
            "question_id": str(question),
            "choice": "0",
        }
        posted = await client.post("/p/act", data=fields, headers={"Origin": BASE})
        # a browser posting a form from a no-referrer page keeps its origin: "null"
        twice = await client.post("/p/act", data=fields, headers={"Origin": "null"})
    assert posted.status_code == 303
    assert posted.headers["location"] == "/w/VAST#quiz"
    assert twice.status_code == 303
    assert demo_store.db.execute("SELECT count(*) FROM answers").fetchone()[0] == 1
    assert totals(demo_store) == {1: 10}


async def test_too_many_posts_get_a_clear_429(demo_dir: DataDir, demo_store: Store) -> None:
    ticket = ticket_of(demo_dir, demo_store, 1)
    async with in_process(demo_dir, demo_store) as (hub, client):
        phone_of(hub).state.per_session = RateLimit(3, 0.001)
        csrf = await sign_in(client, ticket)
        notes = [phone_action("note", wall="top", text=f"top {n}") for n in range(3)]
        allowed = await client.post("/p/actions", json=actions(*notes), headers=post(csrf))
        refused = await client.post(
            "/p/actions", json=actions(phone_action("credit")), headers=post(csrf)
        )
        form = await client.post(
            "/p/act",
            data={
                "csrf": csrf,
                "id": str(uuid.uuid4()),
                "kind": "note",
                "workshop": "VAST",
                "wall": "top",
                "text": "nog een",
            },
            headers={"Origin": BASE},
        )
    assert allowed.status_code == 200
    assert refused.status_code == 429
    assert refused.json()["error"]["code"] == "too_many_requests"
    assert int(refused.headers["retry-after"]) >= 1
    assert form.status_code == 429
    assert "Even geduld" in form.text
    assert demo_store.db.execute("SELECT count(*) FROM notes").fetchone()[0] == 3


async def test_another_tickets_session_never_reads_this_ones(
    demo_dir: DataDir, demo_store: Store
) -> None:
    anna = ticket_of(demo_dir, demo_store, 1)
    bram = ticket_of(demo_dir, demo_store, 2)
    question = question_ids(demo_store, "ZORG")[0]
    voting = cafe_in_vote(demo_store)
    rating, poll = poll_id(demo_store, "ZORG-R"), poll_id(demo_store, "VOLGEND-JAAR")
    klant = voting.cafe.questions["KLANT"]
    pillar = door_of(demo_store, "ZORG")
    async with in_process(demo_dir, demo_store) as (_, client):
        csrf = await sign_in(client, anna)
        await client.get(f"/w/ZORG?d={pillar}")
        answer = phone_action("answer", workshop="ZORG", question_id=question, choice=0)
        mind = [respond(rating, 5, workshop="ZORG"), respond(poll, 2)]
        dots = ballot(klant, voting.ideas["Bellen"])
        sent = await client.post(
            "/p/actions", json=actions(answer, *mind, dots), headers=post(csrf)
        )
        assert [f for f, _ in fates(sent)] == ["applied"] * 4
        mine = {path: (await client.get(path)).text for path in ROUTES}
        client.cookies.clear()
        await sign_in(client, bram)
        await client.get(f"/w/ZORG?d={pillar}")  # there too, so asked the same questions
        theirs = {path: (await client.get(path)).text for path in ROUTES}
    anna_agenda = [
        r["title"]
        for r in demo_store.db.query(
            "SELECT a.title FROM agenda a"
            " JOIN attendee_workshops aw ON aw.workshop_id = a.workshop_id"
            " WHERE aw.attendee_id = 1 AND a.workshop_id NOT IN"
            " (SELECT workshop_id FROM attendee_workshops WHERE attendee_id = 2)"
        )
    ]
    assert anna_agenda
    assert "Anna" in mine["/p"]
    for path, text in theirs.items():
        assert "Hallo Anna" not in text, path
        assert '<dd id="points">10<' not in text, path
        for title in anna_agenda:
            if path == "/p/agenda":
                assert title not in text, path
    assert httpx.Response(200, text=theirs["/p/me"]).json()["points"] == 0
    assert 'id="q' + str(question) + '" method="post"' in theirs["/w/ZORG"]  # not answered
    # what Anna answered, rated and voted on is hers: Bram is asked it all
    assert f'<form class="poll" id="poll-{rating}"' not in mine["/w/ZORG"]
    assert f'<form class="poll" id="poll-{rating}"' in theirs["/w/ZORG"]
    assert f'<form class="poll" id="poll-{poll}"' not in mine["/p"]
    assert f'<form class="poll" id="poll-{poll}"' in theirs["/p"]
    assert f'id="dots-{klant}"' not in mine["/p/cafe/CAFE"]
    assert f'id="dots-{klant}"' in theirs["/p/cafe/CAFE"]
    assert "Gestemd op 1 van 4 vragen" in mine["/p"]
    assert "Gestemd op 0 van 4 vragen" in theirs["/p"]


ROUTES = ("/p", "/p/agenda", "/p/map", "/p/me", "/w/ZORG", "/w/VAST", "/p/cafe/CAFE")


def test_session_cookies_are_signed_and_expire() -> None:
    sessions = Sessions(b"k" * 32, max_age_s=100)
    cookie = sessions.open("ZU1TOKEN", now=1000)
    read = sessions.read(cookie, now=1050)
    assert read is not None
    assert read.token == "ZU1TOKEN"
    assert sessions.read(cookie, now=1101) is None  # expired
    assert Sessions(b"x" * 32).read(cookie, now=1050) is None  # another hub's secret
    body, _, mac = cookie.rpartition(".")
    assert sessions.read(body.replace("ZU1TOKEN", "ZU1OTHER") + "." + mac, now=1050) is None
    assert sessions.read("garbage", now=1050) is None
    assert sessions.read(None) is None
    assert sessions.csrf(read) != sessions.csrf(
        sessions.read(sessions.open("ZU1TOKEN"), now=None) or read
    )


def test_a_visit_id_is_a_stable_random_looking_v4_uuid() -> None:
    sessions = Sessions(b"k" * 32)
    one = sessions.visit_id(7, "vast", "2026-03-12")
    assert one == sessions.visit_id(7, "VAST", "2026-03-12")
    assert one.version == 4
    assert one != sessions.visit_id(7, "VAST", "2026-03-13")
    assert one != sessions.visit_id(8, "VAST", "2026-03-12")


def test_a_rate_limit_refills() -> None:
    limit = RateLimit(burst=2, per_s=1)
    assert limit.take("a", now=0) == 0
    assert limit.take("a", now=0) == 0
    assert limit.take("a", now=0) == pytest.approx(1.0)
    assert limit.take("b", now=0) == 0
    assert limit.take("a", now=1.0) == 0


async def test_a_forms_note_gets_its_credit_later_from_the_hub(
    demo_dir: DataDir, demo_store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(phone, "CREDIT_DELAY_S", (0.0, 0.0))
    ticket = ticket_of(demo_dir, demo_store, 1)
    fields = {
        "id": str(uuid.uuid4()),
        "credit_id": str(uuid.uuid4()),
        "kind": "note",
        "workshop": "VAST",
        "wall": "top",
        "text": "Heldere sprekers",
    }
    async with in_process(demo_dir, demo_store) as (hub, client):
        csrf = await sign_in(client, ticket)
        posted = await client.post(
            "/p/act", data={**fields, "csrf": csrf}, headers={"Origin": BASE}
        )
        assert posted.status_code == 303
        assert demo_store.db.execute("SELECT text FROM notes").fetchall() == [("Heldere sprekers",)]
        waiting = list(phone_of(hub).state.credits)
        assert len(waiting) == 1
        await asyncio.gather(*waiting)
    assert totals(demo_store) == {1: 5}
    ledger = dict(demo_store.db.execute("SELECT id, kind FROM applied_actions").fetchall())
    assert ledger[fields["credit_id"]] == "credit"


async def test_the_log_holds_no_token_and_does_not_date_a_phones_note(
    demo_dir: DataDir, demo_store: Store, caplog: pytest.LogCaptureFixture
) -> None:
    ticket = ticket_of(demo_dir, demo_store, 1)
    caplog.set_level(logging.INFO, logger="zuil.hub.access")
    async with in_process(demo_dir, demo_store) as (_, client):
        csrf = await sign_in(client, ticket)
        cookie = client.cookies[COOKIE]
        note = phone_action("note", wall="top", text="Goede zaal")
        posted = await client.post("/p/actions", json=actions(note), headers=post(csrf))
        refused = await client.post("/p/actions", json=actions(note))
    assert posted.status_code == 200
    assert refused.status_code == 403
    lines = [r.getMessage() for r in caplog.records if r.name == "zuil.hub.access"]
    assert any(line.startswith("GET /t/… 303") for line in lines)
    assert [line for line in lines if "/p/actions" in line] == [
        next(line for line in lines if line.startswith("POST /p/actions 403"))
    ]
    text = " ".join(lines)
    assert ticket not in text
    assert cookie not in text


# -- questions of opinion and dot voting ----------


def poll_id(store: Store, code: str) -> int:
    return int(store.db.execute("SELECT id FROM polls WHERE code = ?", [code]).fetchone()[0])


def respond(poll: int, *choices: int, text: str = "", **fields: Any) -> dict[str, Any]:
    """A phone's answer to a question of opinion, as its script sends it."""
    return phone_action("response", poll_id=poll, choices=list(choices), text=text, **fields)


def ballot(question: int, *ideas: int) -> dict[str, Any]:
    item = phone_action("dots", question_id=question, ideas=list(ideas))
    del item["workshop"]
    return item


def fates(reply: httpx.Response) -> list[tuple[str, str | None]]:
    assert reply.status_code == 200, reply.text
    return [(r["fate"], r["refusal"]) for r in reply.json()["results"]]


def tally(store: Store, poll: int) -> dict[int, int]:
    return dict(
        store.db.execute(
            "SELECT value, count FROM poll_tally WHERE poll_id = ? AND source = 'digital'", [poll]
        ).fetchall()
    )


async def test_a_workshops_rating_waits_until_the_phone_was_there_then_counts_once(
    demo_dir: DataDir, demo_store: Store
) -> None:
    ticket = ticket_of(demo_dir, demo_store, 1)
    rating = poll_id(demo_store, "VAST-R")
    pillar = door_of(demo_store, "VAST")
    async with in_process(demo_dir, demo_store) as (_, client):
        csrf = await sign_in(client, ticket)
        typed = await client.get("/w/VAST")  # no door code: not (yet) there
        early = await client.post(
            "/p/actions", json=actions(respond(rating, 4)), headers=post(csrf)
        )
        there = await client.get(f"/w/VAST?d={pillar}")  # the pillar's QR code: a visit
        stars = respond(rating, 4, text="Heldere casussen")
        first = await client.post("/p/actions", json=actions(stars), headers=post(csrf))
        again = await client.post("/p/actions", json=actions(stars), headers=post(csrf))
        second = await client.post(
            "/p/actions", json=actions(respond(rating, 1)), headers=post(csrf)
        )
        after = await client.get("/w/VAST")
        english = await client.get("/w/VAST?lang=en")
    assert f'id="poll-{rating}"' not in typed.text
    assert "Je mening over deze workshop geven kan zodra je hier bent geweest" in typed.text
    assert fates(early) == [("rejected", "not_there")]
    assert f'<form class="poll" id="poll-{rating}"' in there.text  # asked as soon as it opens
    assert "Wat vond je van deze workshop?" in there.text
    assert fates(first) == [("applied", None)]
    assert fates(again) == [("duplicate", None)]
    assert fates(second) == [("rejected", "answered")]
    assert f'<form class="poll" id="poll-{rating}"' not in after.text
    assert "Je hebt deze vraag beantwoord" in after.text
    assert "You have answered this question" in english.text
    assert tally(demo_store, rating) == {-1: 1, 4: 1}  # one respondent, four stars
    comments = demo_store.db.execute("SELECT part, text FROM poll_texts").fetchall()
    assert comments == [("comment", "Heldere casussen")]
    assert demo_store.db.execute("SELECT * FROM poll_answered").fetchall() == [
        (rating, "answer", 1)
    ]


async def test_the_event_wide_questions_wait_on_the_home_page_until_a_scan(
    demo_dir: DataDir, demo_store: Store
) -> None:
    ticket = ticket_of(demo_dir, demo_store, 1)
    recommend, poll, vote, cloud = (
        poll_id(demo_store, c) for c in ("AANBEVELEN", "VOLGEND-JAAR", "MELDPUNT", "WOLK")
    )
    pillar = door_of(demo_store, "ZORG")
    async with in_process(demo_dir, demo_store) as (_, client):
        csrf = await sign_in(client, ticket)
        before = await client.get("/p")
        await client.get(f"/w/ZORG?d={pillar}")
        home = await client.get("/p")
        english = await client.get("/p?lang=en")
        replies = [
            await client.post("/p/actions", json=actions(item), headers=post(csrf))
            for item in (
                respond(recommend, 11),  # out of range
                respond(recommend, 9),
                respond(poll, 0, 1, 2),  # three of at most two
                respond(poll, 4, 1),
                respond(vote, text="Meldpunt Havenstad"),
                respond(vote, text="Nog een voorstel"),
                respond(cloud),  # no text
                respond(cloud, text="Samenwerken tegen ondermijning"),
            )
        ]
        done = await client.get("/p?lang=nl")
    assert "Meedoen kan zodra je er bent" in before.text
    assert f'id="poll-{recommend}"' not in before.text
    for question in (recommend, poll, vote, cloud):
        assert f'<form class="poll" id="poll-{question}"' in home.text
    assert "aanbeveelt aan een collega?" in home.text  # the standard wording, always
    assert "would recommend deze kennisdag to a colleague?" in english.text
    assert "Kies er maximaal 2." in home.text
    assert [fates(r)[0] for r in replies] == [
        ("rejected", "invalid"),
        ("applied", None),
        ("rejected", "invalid"),
        ("applied", None),
        ("applied", None),
        ("rejected", "answered"),
        ("rejected", "invalid"),
        ("applied", None),
    ]
    assert tally(demo_store, recommend) == {-1: 1, 9: 1}
    assert tally(demo_store, poll) == {-1: 1, 1: 1, 4: 1}
    texts = demo_store.db.execute(
        "SELECT part, text, state FROM poll_texts ORDER BY part"
    ).fetchall()
    assert texts == [
        ("open", "Samenwerken tegen ondermijning", "visible"),
        ("proposal", "Meldpunt Havenstad", "visible"),  # moderated afterwards, like notes
    ]
    assert '<form class="poll"' not in done.text
    assert done.text.count("Je hebt deze vraag beantwoord") == 3
    assert "Je voorstel is binnen" in done.text


async def test_a_naming_vote_moves_on_from_proposals_to_votes(
    demo_dir: DataDir, demo_store: Store
) -> None:
    anna, bram = ticket_of(demo_dir, demo_store, 1), ticket_of(demo_dir, demo_store, 2)
    vote = poll_id(demo_store, "MELDPUNT")
    pillar = door_of(demo_store, "VAST")
    async with in_process(demo_dir, demo_store) as (_, client):
        csrf = await sign_in(client, anna)
        await client.get(f"/w/VAST?d={pillar}")
        proposed = await client.post(
            "/p/actions", json=actions(respond(vote, text="Het Loket")), headers=post(csrf)
        )
        client.cookies.clear()
        bram_csrf = await sign_in(client, bram)
        await client.get(f"/w/VAST?d={pillar}")
        await client.post(
            "/p/actions", json=actions(respond(vote, text="Meldpunt Zuil")), headers=post(bram_csrf)
        )
        demo_store.write(lambda db: db.execute("UPDATE poll_texts SET state = 'visible'"))
        [one, other] = sorted(r[0] for r in demo_store.db.execute("SELECT id FROM poll_texts"))
        late_proposal = respond(vote, text="Te laat")
        demo_store.write(
            lambda db: db.execute("UPDATE polls SET phase = 'vote' WHERE id = ?", [vote])
        )
        page = await client.get("/p")
        replies = [
            await client.post("/p/actions", json=actions(item), headers=post(bram_csrf))
            for item in (late_proposal, respond(vote, 999), respond(vote, one))
        ]
        again = await client.post(
            "/p/actions", json=actions(respond(vote, other)), headers=post(bram_csrf)
        )
    assert fates(proposed) == [("applied", None)]
    assert "Het Loket" in page.text
    assert "Meldpunt Zuil" in page.text
    assert f'type="radio" name="choices" value="{one}"' in page.text
    assert [fates(r)[0] for r in replies] == [
        ("rejected", "closed"),  # the proposals are over: said as a question moved on
        ("rejected", "closed"),
        ("applied", None),
    ]
    assert fates(again) == [("rejected", "answered")]
    assert tally(demo_store, vote) == {-1: 1, one: 1}


async def test_a_closed_question_leaves_the_page_and_a_late_answer_is_refused(
    demo_dir: DataDir, demo_store: Store
) -> None:
    ticket = ticket_of(demo_dir, demo_store, 1)
    cloud = poll_id(demo_store, "WOLK")
    pillar = door_of(demo_store, "VAST")
    async with in_process(demo_dir, demo_store) as (_, client):
        csrf = await sign_in(client, ticket)
        await client.get(f"/w/VAST?d={pillar}")
        demo_store.write(
            lambda db: db.execute("UPDATE polls SET manual = 'closed' WHERE id = ?", [cloud])
        )
        page = await client.get("/p")
        late = await client.post(
            "/p/actions", json=actions(respond(cloud, text="te laat")), headers=post(csrf)
        )
    assert f'id="poll-{cloud}"' not in page.text
    assert fates(late) == [("rejected", "closed")]


async def test_dot_voting_on_the_phone_one_ballot_per_question(
    demo_dir: DataDir, demo_store: Store
) -> None:
    gathering = cafe_gathered(demo_store)
    ticket = ticket_of(demo_dir, demo_store, 4)
    question = gathering.cafe.questions["KLANT"]
    async with in_process(demo_dir, demo_store) as (_, client):
        csrf = await sign_in(client, ticket)
        closed = await client.get("/p/cafe/CAFE")
        home_before = await client.get("/p")
        early = await client.post(
            "/p/actions",
            json=actions(ballot(question, gathering.ideas["Bellen"])),
            headers=post(csrf),
        )
        voting = sort_and_vote(demo_store, gathering)
        ideas = voting.ideas
        home = await client.get("/p")
        page = await client.get("/p/cafe/cafe")
        english = await client.get("/p/cafe/CAFE?lang=en")
        bellen, mailen, langs, appen = (
            ideas[t] for t in ("Bellen", "Mailen", "Langsgaan", "Appen")
        )
        replies = [
            await client.post("/p/actions", json=actions(item), headers=post(csrf))
            for item in (
                ballot(question, bellen, mailen, langs, appen),  # a fourth dot
                ballot(question, bellen, bellen),  # two on one idea
                ballot(question, ideas["Verborgen"]),
                ballot(question, ideas["Dubbel"]),
                ballot(question, bellen, langs, appen),
                ballot(question, mailen),  # a second ballot
            )
        ]
        after = await client.get("/p/cafe/CAFE?lang=nl")
        home_after = await client.get("/p")
        unknown = await client.get("/p/cafe/NOPE")
    assert "Het stemmen met stippen is nu niet open" in closed.text
    assert "Bellen" not in closed.text  # the ideas may still be private to their table
    assert "/p/cafe/CAFE" not in home_before.text
    assert fates(early) == [("rejected", "closed")]
    assert '<a href="/p/cafe/CAFE">' in home.text
    assert "Gestemd op 0 van 4 vragen" in home.text
    assert "Contact op afstand" in page.text  # the facilitator's cluster
    for text in ("Bellen", "Mailen", "Langsgaan", "Appen", "Iedereen doet mee"):
        assert f"<span>{text}</span>" in page.text
    assert "Verborgen" not in page.text  # hidden
    assert "Dubbel" not in page.text  # merged into Appen
    assert "Je hebt 3 stippen per vraag" in page.text
    assert "You have 3 dots per question" in english.text
    assert [fates(r)[0] for r in replies] == [
        ("rejected", "invalid"),
        ("rejected", "invalid"),
        ("rejected", "invalid"),
        ("rejected", "invalid"),
        ("applied", None),
        ("rejected", "answered"),
    ]
    assert f'id="dots-{question}"' not in after.text
    assert "Je hebt je stippen voor deze vraag verdeeld" in after.text
    assert "Gestemd op 1 van 4 vragen" in home_after.text
    assert unknown.status_code == 404
    counts = dict(demo_store.db.execute("SELECT idea_id, count FROM idea_dots").fetchall())
    assert counts == {bellen: 1, langs: 1, appen: 1}
    assert demo_store.db.execute("SELECT * FROM cafe_voted").fetchall() == [(question, 4)]


async def test_answers_and_ballots_work_as_forms_without_the_script(
    demo_dir: DataDir, demo_store: Store
) -> None:
    voting = cafe_in_vote(demo_store)
    ticket = ticket_of(demo_dir, demo_store, 1)
    rating, poll = poll_id(demo_store, "VAST-R"), poll_id(demo_store, "VOLGEND-JAAR")
    question = voting.cafe.questions["KLANT"]
    pillar = door_of(demo_store, "VAST")
    async with in_process(demo_dir, demo_store) as (_, client):
        csrf = await sign_in(client, ticket)
        page = await client.get(f"/w/VAST?d={pillar}")
        form_id = re.search(
            rf'id="poll-{rating}".*?name="id" value="([0-9a-f-]{{36}})"', page.text, re.S
        )
        assert form_id is not None
        stars = {
            "csrf": csrf,
            "id": form_id.group(1),
            "kind": "response",
            "workshop": "VAST",
            "poll_id": str(rating),
            "choices": "5",
            "text": "Top",
        }
        rated = await client.post("/p/act", data=stars, headers={"Origin": "null"})
        twice = await client.post("/p/act", data=stars, headers={"Origin": "null"})
        other = await client.post(
            "/p/act", data={**stars, "id": str(uuid.uuid4()), "choices": "2"}, headers=post(csrf)
        )
        empty = await client.post(
            "/p/act",
            data={
                **stars,
                "id": str(uuid.uuid4()),
                "poll_id": str(poll),
                "text": "",
                "choices": "",
            },
            headers=post(csrf),
        )
        fields = [
            ("csrf", csrf),
            ("id", str(uuid.uuid4())),
            ("kind", "response"),
            ("poll_id", str(poll)),
            ("choices", "0"),
            ("choices", "3"),
        ]
        chosen = await client.post("/p/act", content=_encoded(fields), headers=_form_headers())
        dots = [
            ("csrf", csrf),
            ("id", str(uuid.uuid4())),
            ("kind", "dots"),
            ("question_id", str(question)),
            ("ideas", str(voting.ideas["Bellen"])),
            ("ideas", str(voting.ideas["Appen"])),
        ]
        voted = await client.post("/p/act", content=_encoded(dots), headers=_form_headers())
        dots[1] = ("id", str(uuid.uuid4()))
        revoted = await client.post("/p/act", content=_encoded(dots), headers=_form_headers())
    assert rated.status_code == 303
    assert rated.headers["location"] == f"/w/VAST#poll-{rating}"
    assert twice.status_code == 303  # the same form again: once
    assert other.status_code == 409
    assert "Je had deze vraag al beantwoord" in other.text
    assert f'href="/w/VAST#poll-{rating}"' in other.text
    assert empty.status_code == 422
    assert "Kies eerst een antwoord" in empty.text
    assert chosen.status_code == 303
    assert chosen.headers["location"] == f"/p#poll-{poll}"
    assert voted.status_code == 303
    assert voted.headers["location"] == f"/p/cafe/CAFE#cq-{question}"
    assert revoted.status_code == 409
    assert "Je had je stippen voor deze vraag al verdeeld" in revoted.text
    assert tally(demo_store, rating) == {-1: 1, 5: 1}
    assert tally(demo_store, poll) == {-1: 1, 0: 1, 3: 1}
    assert sum(r[0] for r in demo_store.db.execute("SELECT count FROM idea_dots")) == 2


def _encoded(fields: list[tuple[str, str]]) -> bytes:
    from urllib.parse import urlencode

    return urlencode(fields).encode()


def _form_headers() -> dict[str, str]:
    return {"Content-Type": "application/x-www-form-urlencoded", "Origin": BASE}


@pytest.mark.parametrize(
    ("reason", "said"),
    [
        ("this ticket already answered question 3", "answered"),
        ("this ticket already made a proposal for question 3", "answered"),
        ("this ticket already spent its dots on this question", "answered"),
        ("question 3 is closed", "closed"),
        ("question 3 is not open yet", "closed"),
        ("dot voting is not open: the session is in its sort phase", "closed"),
        ("question 3 takes proposals now, not votes", "closed"),
        ("unknown question 3", "closed"),
        ("this ticket was not scanned at the question's workshop", "not_there"),
        ("this ticket was not scanned at the event", "not_there"),
        ("a rating takes one value from 1 to 5", "invalid"),
        ("4 dots, but a ticket has 3 per question", "invalid"),
        (None, "invalid"),
    ],
)
def test_a_refusal_is_sorted_into_what_the_phone_says(reason: str | None, said: str) -> None:
    assert phonepolls.refusal(reason) == said


def test_the_standard_wordings_and_a_questions_own() -> None:
    recommend = {"kind": "recommend", "text": "Eigen tekst", "subject": "", "workshop_id": None}
    assert phonepolls.wording(recommend, "nl", "De Dag") == (
        "Hoe waarschijnlijk is het dat je De Dag aanbeveelt aan een collega?"
    )
    rating = {"kind": "rating", "text": "", "subject": "", "workshop_id": 3}
    assert phonepolls.wording(rating, "en", "X") == "What did you think of this workshop?"
    event_rating = {**rating, "workshop_id": None, "subject": "de lunch"}
    assert phonepolls.wording(event_rating, "nl", "X") == "Wat vond je van de lunch?"
    poll = {"kind": "poll", "text": "Welke?", "subject": "", "workshop_id": None}
    assert phonepolls.wording(poll, "en", "X") == "Welke?"


async def test_phones_answers_wait_for_the_minute_and_go_together(
    demo_dir: DataDir, demo_store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(phone, "until_release", lambda: 0.2)
    anna, bram = ticket_of(demo_dir, demo_store, 1), ticket_of(demo_dir, demo_store, 2)
    poll = poll_id(demo_store, "VOLGEND-JAAR")
    question = question_ids(demo_store, "VAST")[0]
    pillar = door_of(demo_store, "VAST")
    async with in_process(demo_dir, demo_store) as (hub, client):
        together: list[int] = []
        apply_together = hub.apply_together

        async def spy(batches: list[Any]) -> list[Any]:
            together.append(len(batches))
            return await apply_together(batches)

        monkeypatch.setattr(hub, "apply_together", spy)
        first = await sign_in(client, anna)
        await client.get(f"/w/VAST?d={pillar}")
        async with httpx.AsyncClient(transport=client._transport, base_url=BASE) as other:
            second = await sign_in(other, bram)
            await other.get(f"/w/VAST?d={pillar}")
            answer = phone_action("answer", question_id=question, choice=0)
            replies = await asyncio.gather(
                client.post(
                    "/p/actions",
                    json=actions(answer, respond(poll, 1), respond(poll, 2)),
                    headers=post(first),
                ),
                other.post("/p/actions", json=actions(respond(poll, 0)), headers=post(second)),
            )
    assert together == [2]  # one release, both phones' answers in it
    assert fates(replies[0]) == [("applied", None), ("applied", None), ("rejected", "answered")]
    assert replies[0].json()["results"][0]["outcome"]["points"] == 10  # the quiz went at once
    assert fates(replies[1]) == [("applied", None)]
    assert tally(demo_store, poll) == {-1: 2, 0: 1, 1: 1}


def test_a_forms_fields_become_the_item_the_script_would_send() -> None:
    now = datetime.now(UTC).isoformat()
    response = phonepolls.form_item(
        {"kind": ["response"], "id": ["x"], "poll_id": ["7"], "choices": ["1", "3"], "text": [""]},
        now,
    )
    assert response == {
        "id": "x",
        "at": now,
        "kind": "response",
        "poll_id": "7",
        "choices": ["1", "3"],
        "text": "",
    }
    # a session allowing more dots on one idea asks how many, per idea
    dots = phonepolls.form_item(
        {"kind": ["dots"], "id": ["y"], "question_id": ["4"], "dots-11": ["2"], "dots-12": ["0"]},
        now,
    )
    assert dots["ideas"] == ["11", "11"]
    many = phonepolls.form_item({"kind": ["dots"], "dots-11": ["999999"]}, now)
    assert len(many["ideas"]) == 20  # never more than a ballot may hold


async def test_a_forms_nonsense_gets_a_polite_page_not_an_error(
    demo_dir: DataDir, demo_store: Store
) -> None:
    ticket = ticket_of(demo_dir, demo_store, 1)
    async with in_process(demo_dir, demo_store) as (_, client):
        csrf = await sign_in(client, ticket)
        base = {"csrf": csrf, "id": str(uuid.uuid4())}
        pages = [
            await client.post("/p/act", data={**base, **fields}, headers=post(csrf))
            for fields in (
                {"kind": "dots", "question_id": "9" * 30, "ideas": "1"},
                {"kind": "dots", "question_id": "abc", "ideas": "x"},
                {"kind": "response", "poll_id": "-1", "choices": "1"},
                {"kind": "response", "poll_id": "1", "choices": "many"},
            )
        ]
    assert [p.status_code for p in pages] == [409, 409, 409, 409]
    assert all("Dit antwoord kon niet worden verwerkt" in p.text for p in pages)
