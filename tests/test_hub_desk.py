"""The hub's desk endpoints: the registration list, bulk tickets and desk lookups."""

from __future__ import annotations

import json
import shutil
import uuid
from collections.abc import Mapping
from datetime import date
from pathlib import Path

import pytest

from shared import attendees, protocol
from shared.datadir import DataDir
from shared.protocol import Role
from shared.store import Store
from shared.tickets import decode
from tests.helpers.hub import action, auth, batch, in_process, paired_token, ticket_of

pytestmark = pytest.mark.anyio

ROWS = [
    {"first_name": "Anouk", "last_name": "Visser", "organisation": "Gemeente Ede"},
    {"first_name": "", "last_name": "Leeg"},
    {"first_name": "Bram", "last_name": "Kok", "email": "geen-adres"},
    {"first_name": "Cor", "last_name": "<b>Vet</b>", "workshops": "NOPE"},
    {"first_name": "Dewi", "last_name": "Smit 🙂", "workshops": "VAST, ZORG", "display": "full"},
    {"first_name": "Anouk", "last_name": "Visser", "organisation": "Gemeente Ede"},
]


async def test_roster_preview_then_import(demo_dir: DataDir, demo_store: Store) -> None:
    desk = paired_token(demo_store, Role.DESK)
    before = len(demo_store.attendees())
    async with in_process(demo_dir, demo_store) as (_, client):
        preview = await client.post("/api/roster", json={"rows": ROWS}, headers=auth(desk))
        assert preview.status_code == 200, preview.text
        outcome = protocol.RosterOutcome.model_validate(preview.json())
        assert outcome.accepted == 2
        assert outcome.imported == 0
        assert {r.line: r.reason.split(":")[0] for r in outcome.rejected} == {
            3: "first_name",
            4: "email",
            5: "unknown workshop code(s)",
            7: "duplicate attendee",
        }
        assert len(demo_store.attendees()) == before  # a preview stores nothing
        done = await client.post(
            "/api/roster", json={"rows": ROWS, "commit": True}, headers=auth(desk)
        )
        assert done.json()["imported"] == 2
        again = await client.post(
            "/api/roster", json={"rows": ROWS, "commit": True}, headers=auth(desk)
        )
        assert again.json()["imported"] == 0  # now every row is a duplicate
    people = {p["last_name"]: p for p in demo_store.attendees()}
    assert people["Smit 🙂"]["workshops"] == ["VAST", "ZORG"]
    assert len(demo_store.attendees()) == before + 2


async def test_roster_refuses_hostile_bodies(demo_dir: DataDir, demo_store: Store) -> None:
    desk = paired_token(demo_store, Role.DESK)
    async with in_process(demo_dir, demo_store) as (_, client):
        for body in (
            {"rows": [{"salary": "1"}]},
            {"rows": [{"first_name": "x" * 5000}]},
            {"rows": "not a list"},
            {"rows": [{"first_name": "a", "last_name": "b"}] * 20_001},
        ):
            response = await client.post("/api/roster", json=body, headers=auth(desk))
            assert response.status_code in (413, 422)
            assert set(response.json()) == {"error"}


async def test_bulk_tickets_issue_where_missing(demo_dir: DataDir, demo_store: Store) -> None:
    desk = paired_token(demo_store, Role.DESK)
    async with in_process(demo_dir, demo_store) as (hub, client):
        response = await client.post("/api/tickets/bulk", json={}, headers=auth(desk))
        tickets = [protocol.IssuedTicket.model_validate(t) for t in response.json()]
        assert len(tickets) == len(demo_store.attendees())
        assert all(hub.check(t.token).valid for t in tickets)
        assert any(t.agenda for t in tickets)
        again = await client.post("/api/tickets/bulk", json={"ids": [1, 2]}, headers=auth(desk))
        assert [t["serial"] for t in again.json()] == [t.serial for t in tickets[:2]]
        missing = await client.post("/api/tickets/bulk", json={"ids": [1, 999]}, headers=auth(desk))
        assert missing.status_code == 404


async def test_lookup_names_the_attendee_only_for_signed_tickets(
    demo_dir: DataDir, demo_store: Store
) -> None:
    desk = paired_token(demo_store, Role.DESK)
    token = ticket_of(demo_dir, demo_store, 3)
    async with in_process(demo_dir, demo_store) as (_, client):
        found = (
            await client.post("/api/tickets/lookup", json={"ticket": token}, headers=auth(desk))
        ).json()
        assert found["verdict"] == "valid"
        assert found["attendee"]["id"] == 3
        await client.post("/api/attendees/3/ticket", json={"reissue": True}, headers=auth(desk))
        old = (
            await client.post("/api/tickets/lookup", json={"ticket": token}, headers=auth(desk))
        ).json()
        assert old["verdict"] == "revoked"
        assert old["attendee"]["id"] == 3
        forged = token[:-4] + ("AAAA" if not token.endswith("AAAA") else "BBBB")
        for text in (forged, "", "<script>", "ZU1" + "A" * 300):
            reply = await client.post(
                "/api/tickets/lookup", json={"ticket": text}, headers=auth(desk)
            )
            assert reply.status_code == 200
            assert reply.json()["attendee"] is None
            assert reply.json()["verdict"] != "valid"


async def test_content_edits_reach_a_kiosks_next_pull(demo_dir: DataDir, demo_store: Store) -> None:
    organiser = paired_token(demo_store, Role.ORGANISER)
    kiosk = paired_token(demo_store, Role.KIOSK, "VAST")
    async with in_process(demo_dir, demo_store) as (_, client):
        first = (await client.get("/api/content", headers=auth(kiosk))).json()
        content = (await client.get("/api/event", headers=auth(organiser))).json()
        content["workshops"][0]["questions"][0]["text"] = "Nieuwe <vraag> van de organisator?"
        content["workshops"][0]["title"] = "Vastgoed & witwassen"
        saved = await client.put("/api/event", json=content, headers=auth(organiser))
        assert saved.status_code == 200, saved.text
        changed = (
            await client.get(f"/api/content?cursor={first['cursor']}", headers=auth(kiosk))
        ).json()
        assert [q["text"] for q in changed["questions"]] == ["Nieuwe <vraag> van de organisator?"]
        assert [w["title"] for w in changed["workshops"]] == ["Vastgoed & witwassen"]
        assert changed["event"] is None or changed["event"]["logo"] == first["event"]["logo"]
        broken = dict(content)
        broken["workshops"] = [dict(content["workshops"][0])]
        broken["workshops"][0]["questions"] = [
            {"text": "Eén optie", "options": ["a"], "correct": 0}
        ]
        refused = await client.put("/api/event", json=broken, headers=auth(organiser))
        assert refused.status_code == 422
        assert "options" in refused.text
        desk = paired_token(demo_store, Role.DESK)
        forbidden = await client.put("/api/event", json=content, headers=auth(desk))
        assert forbidden.status_code == 403


async def test_an_answered_question_cannot_go_a_broken_one_is_named(
    demo_dir: DataDir, demo_store: Store
) -> None:
    organiser = paired_token(demo_store, Role.ORGANISER)
    async with in_process(demo_dir, demo_store) as (_, client):
        content = (await client.get("/api/event", headers=auth(organiser))).json()
        assert [p["code"] for p in content["polls"]][-1] == "WOLK"
        poll_id = demo_store.scalar("SELECT id FROM polls WHERE code = 'VAST-R'")
        demo_store.db.execute("INSERT INTO poll_tally VALUES (?, 'paper', 4, 12)", [poll_id])
        fewer = {**content, "polls": content["polls"][1:]}
        refused = await client.put("/api/event", json=fewer, headers=auth(organiser))
        assert refused.status_code == 409
        assert "'VAST-R' has answers" in refused.json()["error"]["message"]
        broken = {**content, "polls": [*content["polls"], {"code": "X", "kind": "poll"}]}
        refused = await client.put("/api/event", json=broken, headers=auth(organiser))
        assert refused.status_code == 422
        assert "a poll question needs a text" in refused.text
        unanswered = {**content, "polls": content["polls"][:-1]}
        saved = await client.put("/api/event", json=unanswered, headers=auth(organiser))
        assert saved.status_code == 200, saved.text
        assert [p["code"] for p in saved.json()["polls"]] == [
            p["code"] for p in content["polls"][:-1]
        ]


async def test_organiser_purges_from_the_console(demo_dir: DataDir, demo_store: Store) -> None:
    organiser = paired_token(demo_store, Role.ORGANISER)
    async with in_process(demo_dir, demo_store) as (_, client):
        unconfirmed = await client.post(
            "/api/purge", json={"confirm": "ok"}, headers=auth(organiser)
        )
        assert unconfirmed.status_code == 422
        assert demo_store.scalar("SELECT count(*) FROM attendees WHERE email IS NOT NULL") > 0
        done = await client.post("/api/purge", json={"confirm": "JA"}, headers=auth(organiser))
        assert done.status_code == 200, done.text
        assert done.json()["attendees"] == 40
        assert demo_store.scalar("SELECT count(*) FROM attendees WHERE email IS NOT NULL") == 0
        after = await client.get("/api/dashboard", headers=auth(organiser))
        assert after.status_code == 401  # every device token went, the console's too


async def test_organiser_replaces_logo_and_map(demo_dir: DataDir, demo_store: Store) -> None:
    organiser = paired_token(demo_store, Role.ORGANISER)
    kiosk = paired_token(demo_store, Role.KIOSK, "VAST")
    png = (demo_dir.root / "demo-tickets").glob("*.png").__next__().read_bytes()
    async with in_process(demo_dir, demo_store) as (_, client):
        first = (await client.get("/api/content", headers=auth(kiosk))).json()
        reply = await client.put("/api/event/map", content=png, headers=auth(organiser))
        assert reply.status_code == 200, reply.text
        name = reply.json()["map"]
        pulled = (
            await client.get(f"/api/content?cursor={first['cursor']}", headers=auth(kiosk))
        ).json()
        assert pulled["event"]["map"] == name
        media = await client.get(f"/api/media/{name}", headers=auth(kiosk))
        assert media.content == png
        for bad in (b"", b"GIF89a....", b"<html><script>x</script></html>"):
            for field in ("logo", "board_image"):
                refused = await client.put(
                    f"/api/event/{field}", content=bad, headers=auth(organiser)
                )
                assert refused.status_code == 415
                assert refused.json()["error"]["code"] == "not_an_image"
        # the wall's board: an image of the event's own, which the walls pull with the rest
        walls = paired_token(demo_store, Role.WALL)
        before = (await client.get("/api/content", headers=auth(walls))).json()
        board = await client.put("/api/event/board_image", content=png, headers=auth(organiser))
        assert board.status_code == 200, board.text
        pulled = (
            await client.get(f"/api/content?cursor={before['cursor']}", headers=auth(walls))
        ).json()
        assert pulled["event"]["board_image"] == board.json()["board_image"]
        assert pulled["event"]["board"] == "cork"
        exported = (await client.get("/api/event", headers=auth(organiser))).json()
        assert exported["event"]["branding"]["board_image"] == board.json()["board_image"]
        wrong = await client.put("/api/event/agenda", content=png, headers=auth(organiser))
        assert wrong.status_code in (404, 422)


FONTS = Path(__file__).resolve().parent / "data" / "fonts"


async def test_organiser_sets_the_event_font_only_with_its_licence(
    demo_dir: DataDir, demo_store: Store
) -> None:
    organiser = paired_token(demo_store, Role.ORGANISER)
    kiosk = paired_token(demo_store, Role.KIOSK, "VAST")
    font = (FONTS / "ComicNeue-Bold.otf").read_bytes()
    licence = (FONTS / "ComicNeue-LICENSE.txt").read_bytes()
    async with in_process(demo_dir, demo_store) as (_, client):
        alone = await client.put("/api/event/font", content=font, headers=auth(organiser))
        assert alone.status_code == 409, alone.text
        assert alone.json()["error"]["code"] == "no_licence"
        for bad in (b"", b"\xff\xfe\x00binary"):
            refused = await client.put(
                "/api/event/font_licence", content=bad, headers=auth(organiser)
            )
            assert refused.status_code == 415, refused.text
        kept = await client.put("/api/event/font_licence", content=licence, headers=auth(organiser))
        assert kept.status_code == 200, kept.text
        png = next((demo_dir.root / "demo-tickets").glob("*.png")).read_bytes()
        not_a_font = await client.put("/api/event/font", content=png, headers=auth(organiser))
        assert not_a_font.status_code == 415
        assert not_a_font.json()["error"]["code"] == "not_a_font"
        reply = await client.put("/api/event/font", content=font, headers=auth(organiser))
        assert reply.status_code == 200, reply.text
        name = reply.json()["font"]
        assert name.endswith(".otf")
        # the pillars learn its name with the event, and fetch it like the logo
        pulled = (await client.get("/api/content", headers=auth(kiosk))).json()
        assert pulled["event"]["font"] == name
        fetched = await client.get(f"/api/media/{name}", headers=auth(kiosk))
        assert fetched.content == font
        # the exported event names both, so it imports again with its licence
        exported = (await client.get("/api/event", headers=auth(organiser))).json()
        assert exported["event"]["branding"]["font"] == name
        assert exported["event"]["branding"]["font_licence"] == kept.json()["font_licence"]
        # the phone pages take it from the hub itself, never from elsewhere
        css = (await client.get("/p/theme.css")).text
        assert '@font-face { font-family: "zuil-event"; src: url("/p/font")' in css
        served = await client.get("/p/font")
        assert served.status_code == 200
        assert served.content == font
        assert "font-src 'self'" in served.headers["content-security-policy"]


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("GET", "/api/tickets/{}/qr?kind=png"),
        ("POST", "/api/tickets/{}/printed"),
        ("POST", "/api/attendees/{}/ticket"),
    ],
)
@pytest.mark.parametrize("number", [2**63, 10**30, 0, -1])
async def test_ids_beyond_sqlite_are_refused(
    demo_dir: DataDir, demo_store: Store, method: str, path: str, number: int
) -> None:
    desk = paired_token(demo_store, Role.DESK)
    async with in_process(demo_dir, demo_store) as (_, client):
        response = await client.request(method, path.format(number), json={}, headers=auth(desk))
    assert response.status_code == 422, response.text
    assert response.json()["error"]["code"] == "invalid"


async def test_bulk_ids_beyond_sqlite_are_refused(demo_dir: DataDir, demo_store: Store) -> None:
    desk = paired_token(demo_store, Role.DESK)
    async with in_process(demo_dir, demo_store) as (_, client):
        response = await client.post(
            "/api/tickets/bulk", json={"ids": [1, 2**63]}, headers=auth(desk)
        )
    assert response.status_code == 422, response.text
    assert response.json()["error"]["code"] == "invalid"


async def test_bulk_without_ids_issues_everyone(demo_dir: DataDir, demo_store: Store) -> None:
    desk = paired_token(demo_store, Role.DESK)
    async with in_process(demo_dir, demo_store) as (_, client):
        response = await client.post("/api/tickets/bulk", json={}, headers=auth(desk))
    assert response.status_code == 200, response.text
    issued = [protocol.IssuedTicket.model_validate(t) for t in response.json()]
    assert {t.attendee.id for t in issued} == {a["id"] for a in demo_store.attendees()}


async def test_event_dates_out_of_range_are_refused(demo_dir: DataDir, demo_store: Store) -> None:
    organiser = paired_token(demo_store, Role.ORGANISER)
    async with in_process(demo_dir, demo_store) as (_, client):
        content = (await client.get("/api/event", headers=auth(organiser))).json()
        for starts, ends in (("1999-06-01", "1999-06-02"), ("2026-06-02", "2026-06-01")):
            content["event"] |= {"starts": starts, "ends": ends}
            refused = await client.put("/api/event", json=content, headers=auth(organiser))
            assert refused.status_code == 422, refused.text
            assert refused.json()["error"]["code"] == "invalid"
            assert "event" in refused.json()["error"]["message"]


@pytest.mark.parametrize(
    ("starts", "ends"), [("1999-06-01", "1999-06-02"), ("0001-01-01", "9999-12-31")]
)
async def test_walk_ins_get_a_ticket_whatever_the_stored_dates(
    demo_dir: DataDir, demo_store: Store, starts: str, ends: str
) -> None:
    # as stored by an older hub, before event dates were checked
    demo_store.db.execute("UPDATE event SET starts = ?, ends = ? WHERE id = 1", [starts, ends])
    desk = paired_token(demo_store, Role.DESK)
    walk_in = {"first_name": "Ilse", "last_name": "de Laat"}
    async with in_process(demo_dir, demo_store) as (_, client):
        response = await client.post("/api/attendees", json=walk_in, headers=auth(desk))
        everyone = await client.post("/api/tickets/bulk", json={}, headers=auth(desk))
    assert response.status_code == 200, response.text
    issued = protocol.IssuedTicket.model_validate(response.json())
    assert issued.valid_from <= issued.valid_until
    # and the tickets of all, issued where missing
    assert everyone.status_code == 200, everyone.text
    assert len(everyone.json()) == len(demo_store.attendees())


async def test_approving_a_note_sends_the_walls_new_counters(
    demo_dir: DataDir, demo_store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Counters count what walls show: a note approved after the last figures changes them."""
    from shared.hub import service

    monkeypatch.setattr(service, "STATS_INTERVAL", 0.0)  # figures may go out at once
    demo_store.write(lambda db: db.execute("UPDATE event SET moderation = 'pre'"))
    kiosk, desk = paired_token(demo_store, Role.KIOSK, "VAST"), paired_token(demo_store, Role.DESK)
    async with in_process(demo_dir, demo_store) as (hub, client):
        note = batch(action("note", wall="top", text="Mooie sessie"))
        assert (await client.post("/api/sync", json=note, headers=auth(kiosk))).status_code == 200
        await hub.flush_figures()
        [held] = (await client.get("/api/moderation/items", headers=auth(desk))).json()
        approved = await client.post(
            "/api/moderation/moderate",
            params={"id": held["item"]["id"], "action": "approve"},
            headers=auth(desk),
        )
        assert approved.status_code == 200
        await hub.flush_figures()
    stats = demo_store.db.execute(
        "SELECT payload FROM live_events WHERE kind = 'stats' ORDER BY seq DESC LIMIT 1"
    ).fetchone()
    assert json.loads(stats[0])["stats"]["tops"] == 1


async def test_a_walk_in_sent_twice_under_one_id_is_registered_once(
    demo_dir: DataDir, demo_store: Store
) -> None:
    desk = paired_token(demo_store, Role.DESK)
    walk_in = {"first_name": "Ilse", "last_name": "de Laat", "client_id": str(uuid.uuid4())}
    before = len(demo_store.attendees())
    async with in_process(demo_dir, demo_store) as (_, client):
        first = await client.post("/api/attendees", json=walk_in, headers=auth(desk))
        again = await client.post("/api/attendees", json=walk_in, headers=auth(desk))
    assert first.status_code == again.status_code == 200, again.text
    assert first.json()["serial"] == again.json()["serial"]
    assert len(demo_store.attendees()) == before + 1


def _kept(issued: Mapping[str, object], walk_in: Mapping[str, object]) -> dict[str, object]:
    """The kept walk-in a desk would send, from the ticket it printed."""
    decoded = decode(str(issued["token"]))
    assert decoded is not None
    payload = decoded[0]
    return protocol.KeptWalkIn(
        walk_in=protocol.WalkIn.model_validate(walk_in),
        attendee_id=payload.attendee_id,
        serial=payload.serial,
        key_id=payload.key_id,
        valid_from=payload.valid_from,
        valid_until=payload.valid_until,
    ).model_dump(mode="json")


async def test_kept_walk_ins_keep_their_printed_ticket_on_a_hub_that_missed_them(
    demo_dir: DataDir, demo_store: Store, tmp_path: Path
) -> None:
    """The new hub registers them under the printed id and serial: the ticket scans there."""
    desk = paired_token(demo_store, Role.DESK)
    demo_store.close()
    behind = DataDir(tmp_path / "behind")  # the replica, before the walk-ins
    shutil.copytree(demo_dir.root, behind.root)
    people = [
        {"first_name": "Ilse", "last_name": "de Laat", "email": "ilse@example.nl"},
        {"first_name": "Joost", "last_name": "Bakker"},
        {"first_name": "Mila", "last_name": "Kaya", "email": "mila@example.nl"},
    ]
    walk_ins = [{**p, "client_id": str(uuid.uuid4())} for p in people]
    with demo_dir.open_store() as first_store:
        async with in_process(demo_dir, first_store) as (_, client):
            issued = [
                (await client.post("/api/attendees", json=w, headers=auth(desk))).json()
                for w in walk_ins
            ]
    kept = [_kept(i, w) for i, w in zip(issued, walk_ins, strict=True)]
    with behind.open_store() as store:
        # meanwhile Mila registered herself again at the new hub: her e-mail is taken
        async with in_process(behind, store) as (_, client):
            mila = {"first_name": "Mila", "last_name": "Kaya", "email": "mila@example.nl"}
            assert (await client.post("/api/attendees", json=mila, headers=auth(desk))).is_success
            replies = (
                await client.post("/api/attendees/kept", json=kept, headers=auth(desk))
            ).json()
            again = (await client.post("/api/attendees/kept", json=kept, headers=auth(desk))).json()
            looked = [
                (
                    await client.post(
                        "/api/tickets/lookup", json={"ticket": i["token"]}, headers=auth(desk)
                    )
                ).json()
                for i in issued[:2]
            ]
    # Mila took the id Ilse was printed with, so Ilse's ticket must be printed again
    assert [r["fate"] for r in replies] == ["applied", "applied", "rejected"]
    assert replies[0]["ticket"]["attendee"]["last_name"] == "de Laat"
    assert replies[1]["ticket"] is None
    assert looked[1]["verdict"] == "valid"
    assert looked[1]["attendee"]["id"] == issued[1]["attendee"]["id"]
    assert "already registered" in replies[2]["reason"]
    assert [r["fate"] for r in again] == ["duplicate", "duplicate", "rejected"]


async def test_after_a_takeover_new_ids_leave_room_for_the_missed_walk_ins(
    demo_dir: DataDir, demo_store: Store
) -> None:
    desk = paired_token(demo_store, Role.DESK)
    highest = max(a["id"] for a in demo_store.attendees())
    floor = demo_store.write(attendees.raise_id_floor, 1000)
    assert floor == highest + 1000
    async with in_process(demo_dir, demo_store) as (_, client):
        new = await client.post(
            "/api/attendees", json={"first_name": "Nina", "last_name": "Vos"}, headers=auth(desk)
        )
        printed = demo_dir.signer(demo_store).sign(
            attendee_id=highest + 1,
            serial=4_000_000_001,
            valid_from=date(2026, 1, 1),
            valid_until=date(2026, 12, 31),
        )
        missed = _kept(
            {"token": printed},
            {"first_name": "Otto", "last_name": "Mol", "client_id": str(uuid.uuid4())},
        )
        replay = await client.post("/api/attendees/kept", json=[missed], headers=auth(desk))
    assert new.json()["attendee"]["id"] == floor + 1
    assert replay.json()[0]["fate"] == "applied"
    assert replay.json()[0]["ticket"] is None  # its printed id was still free
