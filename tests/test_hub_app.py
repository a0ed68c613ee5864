"""The hub's HTTP API in-process: roles, error shape, content, hostile input."""

import io
import json
import logging
import struct
import zlib
from typing import Any

import cv2
import numpy as np
import pytest

from shared import protocol
from shared.datadir import DataDir
from shared.hub import devices, photos
from shared.hub import http as hub_http
from shared.protocol import Role
from shared.store import Store
from tests.helpers.hub import action, auth, batch, in_process, paired_token, ticket_of

pytestmark = pytest.mark.anyio

# Which roles may use each route; the test below proves every other role is refused.
ALLOWED: dict[tuple[str, str], set[Role]] = {
    ("GET", "/api/content"): set(Role),
    ("POST", "/api/sync"): {Role.KIOSK},
    ("POST", "/api/photos"): {Role.KIOSK},
    ("GET", "/api/photos/{name}"): {Role.WALL, Role.DESK, Role.ORGANISER},
    ("GET", "/api/media/{name}"): set(Role),
    ("GET", "/api/wall"): {Role.WALL, Role.DESK, Role.ORGANISER},
    ("GET", "/api/live"): {Role.WALL, Role.DESK, Role.ORGANISER},
    ("GET", "/api/leaderboard"): set(Role),
    ("GET", "/api/now"): set(Role),
    ("POST", "/api/points"): set(Role),
    ("GET", "/api/stats"): {Role.WALL, Role.DESK, Role.ORGANISER},
    ("GET", "/api/moderation/items"): {Role.DESK, Role.ORGANISER},
    ("POST", "/api/moderation/moderate"): {Role.DESK, Role.ORGANISER},
    ("GET", "/api/moderation/settings"): {Role.DESK, Role.ORGANISER},
    ("PUT", "/api/moderation/settings"): {Role.DESK, Role.ORGANISER},
    ("GET", "/api/moderation/words"): {Role.DESK, Role.ORGANISER},
    ("PUT", "/api/moderation/words"): {Role.DESK, Role.ORGANISER},
    ("GET", "/api/attendees"): {Role.DESK, Role.ORGANISER},
    ("POST", "/api/attendees"): {Role.DESK, Role.ORGANISER},
    ("POST", "/api/attendees/{attendee_id}/ticket"): {Role.DESK, Role.ORGANISER},
    ("POST", "/api/attendees/kept"): {Role.DESK, Role.ORGANISER},
    ("POST", "/api/tickets/{serial}/printed"): {Role.DESK, Role.ORGANISER},
    ("GET", "/api/tickets/{serial}/qr"): {Role.DESK, Role.ORGANISER},
    ("POST", "/api/tickets/lookup"): {Role.DESK, Role.ORGANISER},
    ("POST", "/api/tickets/bulk"): {Role.DESK, Role.ORGANISER},
    ("POST", "/api/roster"): {Role.DESK, Role.ORGANISER},
    ("GET", "/api/links/settings"): {Role.DESK, Role.ORGANISER},
    ("GET", "/api/links"): {Role.DESK, Role.ORGANISER},
    ("POST", "/api/links/send"): {Role.DESK, Role.ORGANISER},
    ("GET", "/api/report"): {Role.DESK, Role.ORGANISER},
    ("GET", "/api/dashboard"): {Role.DESK, Role.ORGANISER},
    ("GET", "/api/event"): {Role.ORGANISER},
    ("PUT", "/api/event"): {Role.ORGANISER},
    ("POST", "/api/purge"): {Role.ORGANISER},
    ("PUT", "/api/event/{field}"): {Role.ORGANISER},
    ("GET", "/api/polls/published"): {Role.WALL, Role.DESK, Role.ORGANISER},
    ("GET", "/api/polls/results"): {Role.DESK, Role.ORGANISER},
    ("GET", "/api/polls/{poll_id}/results"): {Role.DESK, Role.ORGANISER},
    ("GET", "/api/polls/texts"): {Role.DESK, Role.ORGANISER},
    ("PUT", "/api/polls/texts/{text_id}"): {Role.DESK, Role.ORGANISER},
    ("PUT", "/api/polls/{poll_id}/paper"): {Role.DESK, Role.ORGANISER},
    ("PUT", "/api/polls/{poll_id}/control"): {Role.ORGANISER},
    # work sessions (tests/test_hub_cafe.py)
    ("PUT", "/api/table"): {Role.KIOSK},
    ("GET", "/api/table"): {Role.KIOSK},
    ("GET", "/api/cafe"): {Role.WALL, Role.DESK, Role.ORGANISER},
    ("GET", "/api/cafe/{session_id}"): {Role.ORGANISER},
    ("GET", "/api/cafe/{session_id}/wall"): {Role.WALL, Role.DESK, Role.ORGANISER},
    ("POST", "/api/cafe/{session_id}/phase/{phase}"): {Role.ORGANISER},
    ("POST", "/api/cafe/{session_id}/rounds/{round_id}/{op}"): {Role.ORGANISER},
    ("POST", "/api/cafe/{session_id}/questions/{question_id}/reveal"): {Role.ORGANISER},
    ("POST", "/api/cafe/{session_id}/questions/{question_id}/clusters"): {Role.ORGANISER},
    ("PUT", "/api/cafe/{session_id}/clusters/{cluster_id}"): {Role.ORGANISER},
    ("DELETE", "/api/cafe/{session_id}/clusters/{cluster_id}"): {Role.ORGANISER},
    ("PATCH", "/api/cafe/{session_id}/ideas/{idea_id}"): {Role.ORGANISER},
}
# the phone companion: open, or with the session cookie (tests/test_hub_phone.py)
PHONE = {
    ("GET", "/t/{token}"),
    ("GET", "/T/{token}"),
    ("GET", "/p"),
    ("GET", "/p/agenda"),
    ("GET", "/p/map"),
    ("GET", "/p/map/image"),
    ("GET", "/p/cafe/{code}"),
    ("GET", "/p/me"),
    ("POST", "/p/actions"),
    ("POST", "/p/act"),
    ("GET", "/p/static/{name}"),
    ("GET", "/p/theme.css"),
    ("GET", "/p/font"),
    ("GET", "/w/{code}"),
}
OPEN = {("GET", "/health"), ("POST", "/api/pair"), *PHONE}


def assert_error_shape(response: Any) -> None:
    body = response.json()
    assert set(body) == {"error"}
    assert body["error"]["code"]
    assert body["error"]["message"]


async def test_route_table_is_covered(demo_dir: DataDir, demo_store: Store) -> None:
    async with in_process(demo_dir, demo_store) as (_, client):
        table = set(client._transport.app.state.routes_table)  # type: ignore[attr-defined]
    assert table == set(ALLOWED) | OPEN


async def test_every_route_checks_token_and_role(demo_dir: DataDir, demo_store: Store) -> None:
    tokens = {role: paired_token(demo_store, role, "VAST") for role in Role}
    revoked = paired_token(demo_store, Role.ORGANISER)
    revoked_id = devices.list_devices(demo_store)[-1]["id"]
    devices.revoke(demo_store, revoked_id)
    async with in_process(demo_dir, demo_store) as (_, client):
        for (method, path), allowed in ALLOWED.items():
            url = path.format(
                name="x",
                attendee_id=1,
                serial=1,
                field="logo",
                session_id=1,
                phase="gather",
                round_id=1,
                op="start",
                question_id=1,
                cluster_id=1,
                idea_id=1,
                poll_id=1,
                text_id=1,
            )
            for headers in ({}, auth("wrong"), auth(revoked), {"Authorization": "Basic abc"}):
                response = await client.request(method, url, headers=headers)
                assert response.status_code == 401, (method, path, headers)
                assert_error_shape(response)
            for role in set(Role) - allowed:
                response = await client.request(method, url, headers=auth(tokens[role]))
                assert response.status_code == 403, (method, path, role)
                assert_error_shape(response)


async def test_pairing_code_works_once(demo_dir: DataDir, demo_store: Store) -> None:
    _, code = devices.create_pairing(demo_store, Role.WALL)
    async with in_process(demo_dir, demo_store) as (_, client):
        first = await client.post("/api/pair", json={"code": code.lower(), "name": "Wall 1"})
        assert first.status_code == 200
        assert first.json()["role"] == "wall"
        again = await client.post("/api/pair", json={"code": code})
        assert again.status_code == 403
        assert_error_shape(again)
        health = await client.get("/health")
        assert health.json()["event"] == "Samen Sterk tegen Ondermijning"


async def test_openapi_lists_every_route(demo_dir: DataDir, demo_store: Store) -> None:
    async with in_process(demo_dir, demo_store) as (_, client):
        spec = (await client.get("/openapi.json")).json()
    for method, path in ALLOWED:
        assert method.lower() in spec["paths"][path]


async def test_content_pull_with_cursor_and_roles(demo_dir: DataDir, demo_store: Store) -> None:
    kiosk = paired_token(demo_store, Role.KIOSK, "VAST")
    wall = paired_token(demo_store, Role.WALL)
    desk = paired_token(demo_store, Role.DESK)
    async with in_process(demo_dir, demo_store) as (_, client):
        full = (await client.get("/api/content", headers=auth(kiosk))).json()
        assert len(full["workshops"]) == 5
        assert len(full["questions"]) == 25
        assert len(full["attendees"]) == 40
        assert full["event"]["name"]
        assert "last_name" not in full["attendees"][0]
        wall_view = (await client.get("/api/content", headers=auth(wall))).json()
        assert wall_view["questions"] == []
        assert wall_view["attendees"] == []
        cursor = full["cursor"]
        nothing = (await client.get(f"/api/content?cursor={cursor}", headers=auth(kiosk))).json()
        assert nothing["workshops"] == []
        assert nothing["event"] is None
        # a reissue revokes the old serial: pillars learn it on their next pull
        old = demo_store.issue_ticket(4, 0).serial
        issued = await client.post(
            "/api/attendees/4/ticket", json={"reissue": True}, headers=auth(desk)
        )
        assert issued.status_code == 200
        changed = (await client.get(f"/api/content?cursor={cursor}", headers=auth(kiosk))).json()
        assert changed["revoked"] == [old]
        assert changed["workshops"] == []
        demo_store.write(lambda db: db.execute("UPDATE workshops SET title = 'Nieuw' WHERE id = 2"))
        edited = (
            await client.get(f"/api/content?cursor={changed['cursor']}", headers=auth(kiosk))
        ).json()
        assert [w["title"] for w in edited["workshops"]] == ["Nieuw"]


async def test_every_pillar_pulling_from_zero_sees_each_change_to_attendees(
    demo_dir: DataDir, demo_store: Store
) -> None:
    # a pull's reply is kept for the devices that pull the same: never stale, never another's
    kiosk = paired_token(demo_store, Role.KIOSK, "VAST")
    wall = paired_token(demo_store, Role.WALL)
    async with in_process(demo_dir, demo_store) as (_, client):

        async def attendees(token: str = kiosk) -> dict[int, dict[str, Any]]:
            reply = (await client.get("/api/content", headers=auth(token))).json()
            return {a["id"]: a for a in reply["attendees"]}

        first = await attendees()
        assert first
        assert first == await attendees()
        assert await attendees(wall) == {}  # the same cursor and revision, not a pillar
        demo_store.write(
            lambda db: db.execute("UPDATE attendees SET display = 'hidden' WHERE id = 4")
        )
        renamed = await attendees()
        assert renamed[4]["display"] == "hidden" != first[4]["display"]
        assert renamed[4]["screen_name"] != first[4]["screen_name"]
        # a workshop's new code reaches the lists that name it, though no attendee changed
        demo_store.write(
            lambda db: db.execute("UPDATE workshops SET code = 'VAST2' WHERE code = 'VAST'")
        )
        recoded = await attendees()
        assert any("VAST2" in a["workshops"] for a in recoded.values())
        assert not any("VAST" in a["workshops"] for a in recoded.values())


async def test_hostile_sync_input_never_5xx(demo_dir: DataDir, demo_store: Store) -> None:
    kiosk = paired_token(demo_store, Role.KIOSK, "VAST")
    ticket = ticket_of(demo_dir, demo_store, 1)
    headers = {**auth(kiosk), "Content-Type": "application/json"}
    async with in_process(demo_dir, demo_store) as (_, client):
        bodies: list[bytes] = [
            b"{not json",
            b"",
            b"[]",
            b'{"device_clock": 5, "actions": "x"}',
            json.dumps(
                {"device_clock": "2026-01-01T00:00:00Z", "actions": [], "extra": 1}
            ).encode(),
            json.dumps(batch(*[action("note", wall="tip", text="x")] * 501)).encode(),
            b'{"device_clock": "2026-01-01T00:00:00Z", "actions": ['
            + b"[" * 5000
            + b"]" * 5000
            + b"]}",
        ]
        for body in bodies:
            response = await client.post("/api/sync", content=body, headers=headers)
            assert 400 <= response.status_code < 500, body[:60]
            assert_error_shape(response)
        # one bad action is rejected on its own; the good ones in its batch apply
        items = [
            action("note", wall="tip", text="x" * 10_000),
            action("note", wall="top", text="<script>alert(1)</script>\u202e\x07 😀 <b>top</b>"),
            action("note", wall="sideways", text="x"),
            action("note", wall="tip", text="x", extra="field"),
            {
                "id": "not-a-uuid",
                "kind": "note",
                "at": "2026-01-01T00:00:00Z",
                "wall": "tip",
                "text": "x",
            },
            {"kind": "teleport"},
            "just a string",
            action("scan", ticket="ZU1" + "A" * 132),
            action("scan", ticket=ticket[:-5] + "AAAAA"),
            action("answer", ticket=ticket, question_id=999_999, choice=0),
            action("answer", ticket=ticket, question_id=1, choice=5),
            action("photo", wall="top", photo="0" * 64, consent=True),
            action("scan", ticket=ticket, workshop="NOPE"),
            action("scan", ticket=ticket),
        ]
        response = await client.post("/api/sync", json=batch(*items), headers=auth(kiosk))
        assert response.status_code == 200
        fates = [(r["index"], r["fate"], r["reason"]) for r in response.json()["results"]]
        assert [f[0] for f in fates] == list(range(len(items)))
        by_index = {i: (fate, reason) for i, fate, reason in fates}
        assert by_index[0][0] == "rejected"
        assert "text" in by_index[0][1]
        assert by_index[1] == ("applied", None)
        assert by_index[13] == ("applied", None)
        for index in range(2, 13):
            assert by_index[index][0] == "rejected", index
            assert by_index[index][1], index
        assert "tampered" in by_index[8][1] or "not_a_ticket" in by_index[8][1]
        stored = demo_store.scalar("SELECT text FROM notes")
        # stored as typed, but for the control character (see test_note_text_loses_controls)
        assert stored == "<script>alert(1)</script>\u202e 😀 <b>top</b>"


async def test_photo_upload_checks_and_reencodes(demo_dir: DataDir, demo_store: Store) -> None:
    kiosk = paired_token(demo_store, Role.KIOSK, "VAST")
    wall = paired_token(demo_store, Role.WALL)
    image = np.zeros((3000, 2000, 3), dtype=np.uint8)
    cv2.rectangle(image, (100, 100), (1900, 2900), (40, 160, 220), -1)
    ok, jpeg = cv2.imencode(".jpg", image)
    assert ok
    exif = b"\xff\xe1\x00\x16Exif\x00\x00GPS-SECRET-POSITION"
    with_exif = jpeg.tobytes()[:2] + exif + jpeg.tobytes()[2:]
    async with in_process(demo_dir, demo_store) as (_, client):
        stored = await client.post("/api/photos", content=with_exif, headers=auth(kiosk))
        assert stored.status_code == 200, stored.text
        info = stored.json()
        assert (info["width"], info["height"]) == (1067, 1600)
        # a copy of the file tells no more of when it came than the photos table: its minute
        assert (demo_dir.photos_dir / f"{info['photo']}.jpg").stat().st_mtime % 60 == 0
        fetched = await client.get(f"/api/photos/{info['photo']}.jpg", headers=auth(wall))
        assert fetched.status_code == 200
        assert b"GPS-SECRET" not in fetched.content
        assert fetched.content.startswith(b"\xff\xd8")
        for bad in (b"GIF89a....", b"\xff\xd8\xff" + b"\x00" * 100, b"", b"%PDF-1.4"):
            response = await client.post("/api/photos", content=bad, headers=auth(kiosk))
            assert response.status_code == 415, bad[:10]
            assert_error_shape(response)
        huge = b"\xff\xd8\xff" + bytes(30 * 1024 * 1024)
        response = await client.post("/api/photos", content=huge, headers=auth(kiosk))
        assert response.status_code == 413
        assert_error_shape(response)
        for name in ("../zuil.db", "x.jpg", "A" * 64 + ".jpg"):
            response = await client.get(f"/api/photos/{name}", headers=auth(wall))
            assert response.status_code == 404


async def test_moderation_flow_and_word_filter(demo_dir: DataDir, demo_store: Store) -> None:
    kiosk = paired_token(demo_store, Role.KIOSK, "ZORG")
    desk = paired_token(demo_store, Role.DESK)
    async with in_process(demo_dir, demo_store) as (_, client):
        items = [
            action("note", wall="tip", text="Meer pauzes graag"),
            action("note", wall="tip", text="Wat een K.U.T workshop"),
        ]
        await client.post("/api/sync", json=batch(*items), headers=auth(kiosk))
        wall = (await client.get("/api/wall", headers=auth(desk))).json()
        assert [i["text"] for i in wall["items"]] == ["Meer pauzes graag"]
        queue = (await client.get("/api/moderation/items", headers=auth(desk))).json()
        assert len(queue) == 1
        assert queue[0]["flagged"] == ["kut"]
        held = queue[0]["item"]["id"]
        response = await client.post(
            f"/api/moderation/moderate?id={held}&action=approve", headers=auth(desk)
        )
        assert response.json()["state"] == "visible"
        visible = (await client.get("/api/wall", headers=auth(desk))).json()["items"]
        assert len(visible) == 2
        for item in visible:
            await client.post(
                f"/api/moderation/moderate?id={item['id']}&action=hide", headers=auth(desk)
            )
        assert (await client.get("/api/wall", headers=auth(desk))).json()["items"] == []
        missing = await client.post(
            f"/api/moderation/moderate?id={'0' * 32}&action=hide", headers=auth(desk)
        )
        assert missing.status_code == 404
        # pre-moderation: nothing shows until approved
        settings = {"moderation": "pre", "photo_moderation": "pre"}
        await client.put("/api/moderation/settings", json=settings, headers=auth(desk))
        await client.post(
            "/api/sync", json=batch(action("note", wall="top", text="Top dag")), headers=auth(kiosk)
        )
        assert (await client.get("/api/wall", headers=auth(desk))).json()["items"] == []
        words = await client.put(
            "/api/moderation/words", json={"words": ["pauze*"]}, headers=auth(desk)
        )
        assert words.json()["words"] == ["pauze*"]


async def test_a_pillar_is_shown_the_latest_notes_the_walls_show(
    demo_dir: DataDir, demo_store: Store
) -> None:
    kiosk = paired_token(demo_store, Role.KIOSK, "ZORG")
    desk = paired_token(demo_store, Role.DESK)

    async def now() -> protocol.NowResponse:
        reply = await client.get("/api/now", headers=auth(kiosk))
        assert reply.status_code == 200, reply.text
        return protocol.NowResponse.model_validate_json(reply.content)

    async with in_process(demo_dir, demo_store) as (_, client):
        assert (await now()).notes == []
        texts = ["Meer pauzes graag", "Heldere sprekers", "Koffie op tijd", "Goede zaal"]
        await client.post(
            "/api/sync",
            json=batch(*(action("note", wall="tip", text=t) for t in texts)),
            headers=auth(kiosk),
        )
        shown = await now()
        assert len(shown.notes) == 3  # the latest three, as the walls show them
        assert {n.text for n in shown.notes} <= set(texts)
        assert all(n.workshop == "ZORG" and n.type == "note" for n in shown.notes)
        # hidden by the desk: off the walls, and off the pillars too
        gone = shown.notes[0]
        await client.post(f"/api/moderation/moderate?id={gone.id}&action=hide", headers=auth(desk))
        assert gone.text not in {n.text for n in (await now()).notes}
        # pre-moderation: a note waiting for the desk is not shown anywhere yet
        settings = {"moderation": "pre", "photo_moderation": "pre"}
        await client.put("/api/moderation/settings", json=settings, headers=auth(desk))
        await client.post(
            "/api/sync", json=batch(action("note", wall="top", text="Top dag")), headers=auth(kiosk)
        )
        assert "Top dag" not in {n.text for n in (await now()).notes}
        wall = (await client.get("/api/wall", headers=auth(desk))).json()
        assert {n.text for n in (await now()).notes} <= {i["text"] for i in wall["items"]}


async def test_desk_registers_a_walk_in(demo_dir: DataDir, demo_store: Store) -> None:
    desk = paired_token(demo_store, Role.DESK)
    async with in_process(demo_dir, demo_store) as (hub, client):
        walk_in = {"first_name": "Oploper", "last_name": "de Jong", "workshops": ["VAST"]}
        response = await client.post("/api/attendees", json=walk_in, headers=auth(desk))
        assert response.status_code == 200, response.text
        issued = protocol.IssuedTicket.model_validate(response.json())
        assert issued.attendee.kind == "walkin"
        assert hub.check(issued.token).valid
        assert issued.link.endswith(issued.token)
        found = (await client.get("/api/attendees?q=oploper", headers=auth(desk))).json()
        assert [a["id"] for a in found] == [issued.attendee.id]
        qr = await client.get(f"/api/tickets/{issued.serial}/qr?kind=png", headers=auth(desk))
        assert qr.content.startswith(b"\x89PNG")
        for bad in (
            {"first_name": "", "last_name": "x"},
            {"first_name": "x" * 500, "last_name": "y"},
            {"first_name": "a", "last_name": "b", "workshops": ["NOPE"]},
            {"first_name": "a", "last_name": "\u202eb"},
        ):
            response = await client.post("/api/attendees", json=bad, headers=auth(desk))
            assert response.status_code in (409, 422), bad
            assert_error_shape(response)
        wild = await client.get("/api/attendees?q=%25_%5C", headers=auth(desk))
        assert wild.json() == []


async def test_logs_never_hold_tokens(
    demo_dir: DataDir, demo_store: Store, caplog: pytest.LogCaptureFixture
) -> None:
    kiosk = paired_token(demo_store, Role.KIOSK, "VAST")
    ticket = ticket_of(demo_dir, demo_store, 2)
    caplog.set_level(logging.DEBUG)
    async with in_process(demo_dir, demo_store) as (_, client):
        await client.post(
            "/api/sync", json=batch(action("scan", ticket=ticket)), headers=auth(kiosk)
        )
        await client.post("/api/points", json={"ticket": ticket}, headers=auth(kiosk))
        await client.get(f"/t/{ticket}")
    hub_records = [r for r in caplog.records if r.name.startswith(("zuil", "uvicorn"))]
    assert hub_records
    text = " ".join(r.getMessage() for r in hub_records)
    assert ticket not in text
    assert kiosk not in text
    assert "Bram" not in text


def test_redact() -> None:
    from shared.hub.app import redact

    assert redact("/t/ZU1ABC/x") == "/t/…/x"
    assert redact("/T/ZU1ABC") == "/t/…"
    assert redact("/api/sync") == "/api/sync"


async def test_photo_bytes_io_helper_is_real() -> None:
    # the upload path reads the raw body: a PNG works as well as a JPEG
    buffer = io.BytesIO()
    ok, png = cv2.imencode(".png", np.full((40, 60, 3), 200, dtype=np.uint8))
    assert ok
    buffer.write(png.tobytes())
    from shared.hub.photos import reencode

    jpeg, width, height = reencode(buffer.getvalue())
    assert (width, height) == (60, 40)
    assert jpeg.startswith(b"\xff\xd8")


async def test_wrong_pairing_codes_are_limited_per_address(
    demo_dir: DataDir, demo_store: Store, caplog: pytest.LogCaptureFixture
) -> None:
    import asyncio

    import httpx

    from shared.hub.app import create_app
    from shared.hub.service import Hub

    caplog.set_level(logging.INFO, "zuil.hub.devices")
    _, code = devices.create_pairing(demo_store, Role.WALL)
    _, other_code = devices.create_pairing(demo_store, Role.WALL)
    hub = Hub(demo_dir, demo_store, base_url="http://hub.test")
    app = create_app(hub)
    hub.attach(asyncio.get_running_loop())

    def client_at(address: str) -> httpx.AsyncClient:
        transport = httpx.ASGITransport(app=app, client=(address, 40000))
        return httpx.AsyncClient(transport=transport, base_url="http://hub.test")

    async with client_at("192.0.2.1") as guesser, client_at("192.0.2.2") as neighbour:
        for n in range(devices.PAIR_FAILURES):
            wrong = await guesser.post("/api/pair", json={"code": f"AAAA-AA{n:02d}"})
            assert wrong.status_code == 403
        # now even the right code waits: a guess that hits must not count
        refused = [
            await guesser.post("/api/pair", json={"code": c}) for c in ("AAAA-AAAA", code, code)
        ]
        # another address is not held up by the guesser
        paired = await neighbour.post("/api/pair", json={"code": other_code})
    assert [r.status_code for r in refused] == [429, 429, 429]
    body = protocol.ErrorBody.model_validate_json(refused[0].content)
    assert body.error.code == "too_many_attempts"
    wait = int(refused[0].headers["Retry-After"])
    assert 1 <= wait <= devices.PAIR_WINDOW_S
    assert f"{wait} s" in body.error.message
    assert paired.status_code == 200
    # the refusals are logged once for the address, and no code is in the log
    [logged] = [r for r in caplog.records if r.name == "zuil.hub.devices"]
    assert "192.0.2.1" in logged.getMessage()
    assert code not in caplog.text
    assert "AAAA" not in caplog.text


async def test_a_decompression_bomb_is_refused_by_its_header(
    demo_dir: DataDir, demo_store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    kiosk = paired_token(demo_store, Role.KIOSK, "VAST")
    bomb = png_of_size(20_000, 20_000)
    assert len(bomb) < 1_000_000
    decoded: list[bytes] = []

    def imdecode(*_: object) -> None:
        decoded.append(b"")

    monkeypatch.setattr("shared.hub.photos.cv2.imdecode", imdecode)
    async with in_process(demo_dir, demo_store) as (_, client):
        response = await client.post("/api/photos", content=bomb, headers=auth(kiosk))
    assert response.status_code == 413, response.text
    assert response.json()["error"]["code"] == "too_many_pixels"
    assert not decoded  # refused before a pixel was decoded


def png_of_size(width: int, height: int) -> bytes:
    """A valid PNG of black rows, compressed as far as zlib goes (a bomb when large)."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)  # 8-bit grey
    squeezer = zlib.compressobj(9)
    row = bytes(width + 1)
    pixels = b"".join(squeezer.compress(row) for _ in range(height)) + squeezer.flush()
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", pixels) + chunk(b"IEND", b"")
    )


@pytest.mark.parametrize(("width", "height"), [(64, 48), (6000, 6000)])
async def test_photos_within_the_pixel_limit_are_taken(
    demo_dir: DataDir, demo_store: Store, width: int, height: int
) -> None:
    kiosk = paired_token(demo_store, Role.KIOSK, "VAST")
    async with in_process(demo_dir, demo_store) as (_, client):
        response = await client.post(
            "/api/photos", content=png_of_size(width, height), headers=auth(kiosk)
        )
    assert response.status_code == 200, response.text
    assert max(response.json()["width"], response.json()["height"]) <= photos.MAX_SIDE


async def test_an_invisible_caption_is_dropped_and_the_photo_kept(
    demo_dir: DataDir, demo_store: Store
) -> None:
    kiosk = paired_token(demo_store, Role.KIOSK, "VAST")
    async with in_process(demo_dir, demo_store) as (_, client):
        stored = await client.post("/api/photos", content=png_of_size(64, 48), headers=auth(kiosk))
        photo = action(
            "photo", wall="top", photo=stored.json()["photo"], consent=True, caption="\u200b\x00"
        )
        response = await client.post("/api/sync", json=batch(photo), headers=auth(kiosk))
    assert response.json()["results"][0]["fate"] == "applied"
    assert demo_store.scalar("SELECT caption FROM photos") == ""


async def test_live_stream_positions_beyond_sqlite(demo_dir: DataDir, demo_store: Store) -> None:
    wall = paired_token(demo_store, Role.WALL)
    async with in_process(demo_dir, demo_store) as (_, client):
        response = await client.get(f"/api/live?after={2**63}", headers=auth(wall))
    assert response.status_code == 422, response.text
    assert_error_shape(response)
    # a Last-Event-ID past 64 bits reads from the end, as one past the last event does
    assert hub_http.event_id(str(10**30)) == protocol.SQLITE_INT_MAX


async def test_the_access_log_does_not_date_pillars_notes_or_photos(
    demo_dir: DataDir, demo_store: Store, caplog: pytest.LogCaptureFixture
) -> None:
    kiosk = paired_token(demo_store, Role.KIOSK, "VAST")
    caplog.set_level(logging.INFO, "zuil.hub.access")
    ok, jpeg = cv2.imencode(".jpg", np.full((60, 80, 3), 128, dtype=np.uint8))
    assert ok
    async with in_process(demo_dir, demo_store) as (_, client):
        note = await client.post(
            "/api/sync", json=batch(action("note", wall="top", text="Top!")), headers=auth(kiosk)
        )
        photo = await client.post("/api/photos", content=jpeg.tobytes(), headers=auth(kiosk))
        refused = await client.post("/api/photos", content=b"GIF89a", headers=auth(kiosk))
        await client.get("/api/content", headers=auth(kiosk))
    assert (note.status_code, photo.status_code, refused.status_code) == (200, 200, 415)
    lines = [r.getMessage() for r in caplog.records if r.name == "zuil.hub.access"]
    assert [line.split()[:3] for line in lines] == [
        ["POST", "/api/photos", "415"],  # trouble is still logged
        ["GET", "/api/content", "200"],
    ]


async def test_a_quiz_share_reaches_walls_only_from_k_answers(
    demo_dir: DataDir, demo_store: Store
) -> None:
    kiosk = paired_token(demo_store, Role.KIOSK, "VAST")
    wall = paired_token(demo_store, Role.WALL)
    k = demo_store.db.execute("SELECT min_answers FROM event").fetchone()[0]
    assert k == 5
    async with in_process(demo_dir, demo_store) as (_, client):
        content = (await client.get("/api/content", headers=auth(kiosk))).json()
        question = content["questions"][0]["id"]

        async def answer(attendee: int) -> None:
            ticket = ticket_of(demo_dir, demo_store, attendee)
            body = batch(
                action("scan", ticket=ticket),
                action("answer", ticket=ticket, question_id=question, choice=0),
            )
            reply = await client.post("/api/sync", json=body, headers=auth(kiosk))
            assert [r["fate"] for r in reply.json()["results"]] == ["applied"] * 2

        async def on_walls() -> list[dict[str, Any]]:
            snapshot = (await client.get("/api/wall", headers=auth(wall))).json()["stats"]
            stats = (await client.get("/api/stats", headers=auth(wall))).json()
            assert snapshot == stats
            assert stats["min_answers"] == k
            return [q for q in stats["questions"] if q["question_id"] == question]

        await answer(1)
        # one answer: how many answered, never how many of them were right
        [one] = await on_walls()
        assert (one["answered"], one["right"], one["share_right"]) == (1, None, None)
        for attendee in range(2, k + 1):
            await answer(attendee)
        [five] = await on_walls()
        assert five["answered"] == k
        assert five["right"] is not None
        assert five["share_right"] == five["right"] / k
