"""No route touches SQLite on the event loop's thread: every read and write is awaited.

Every connection the store opens gets a progress handler that notes each
statement step taken on the loop's thread. Then every route of the route table
is called in-process, as a role it lets in and once with a token the hub has
never seen (the device lookup behind it must not run on the loop either).
"""

import re
import threading
import traceback
import uuid
from collections.abc import AsyncGenerator, Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import cv2
import httpx
import numpy as np
import pytest
from sqlite_utils import Database

import shared.db
from shared import protocol
from shared.datadir import DataDir
from shared.hub import cafe, devices, wall
from shared.hub.app import routes
from shared.protocol import Role
from shared.store import Store
from tests.helpers.cafe import add_world_cafe
from tests.helpers.hub import action, auth, batch, in_process, paired_token, ticket_of

pytestmark = pytest.mark.anyio


class LoopGuard:
    """Notes where a statement ran on one thread (the event loop's), once armed."""

    def __init__(self) -> None:
        self.thread = threading.get_ident()
        self.armed = False
        self.where: set[str] = set()

    def connect(self, real: Callable[[Path], Database]) -> Callable[[Path], Database]:
        """A connection factory whose connections report to this guard."""

        def guarded(path: Path) -> Database:
            db = real(path)
            db.conn.set_progress_handler(self._step, 1)
            return db

        return guarded

    def _step(self) -> int:
        if self.armed and threading.get_ident() == self.thread:
            ours = [
                f"{frame.filename}:{frame.lineno} in {frame.name}"
                for frame in traceback.extract_stack()
                if "/shared/" in frame.filename and not frame.filename.endswith("/db.py")
            ]
            self.where.add(ours[-1] if ours else "".join(traceback.format_stack(limit=12)))
        return 0


class Connected:
    """A request whose client stays (all the live stream asks of its request)."""

    async def is_disconnected(self) -> bool:
        return False


FONT = Path(__file__).resolve().parent / "data" / "fonts" / "ComicNeue-Bold.otf"
FONT_LICENCE = FONT.with_name("ComicNeue-LICENSE.txt")


def _png() -> bytes:
    ok, encoded = cv2.imencode(".png", np.full((48, 64, 3), 200, dtype=np.uint8))
    assert ok
    return encoded.tobytes()


async def test_no_route_touches_sqlite_on_the_event_loop(
    demo_dir: DataDir, monkeypatch: pytest.MonkeyPatch
) -> None:
    guard = LoopGuard()
    monkeypatch.setattr(shared.db, "connect", guard.connect(shared.db.connect))
    with Store(demo_dir.db_path) as store:
        tokens = {
            role: paired_token(store, role, "VAST" if role is Role.KIOSK else None) for role in Role
        }
        ticket = ticket_of(demo_dir, store, 3)
        serial = store.issue_ticket(3, demo_dir.signer(store).key_id).serial
        _, code = devices.create_pairing(store, Role.WALL)
        found: dict[str, Any] = {}
        rating = store.scalar("SELECT id FROM polls WHERE code = 'VAST-R'")
        store.db.execute(
            "INSERT INTO poll_texts (id, poll_id, part, text, state, created_minute)"
            " VALUES (777, ?, 'comment', 'Mooi', 'pending', '2026-12-03T00:00')",
            [rating],
        )
        store.db.conn.commit()
        room = add_world_cafe(store)
        now = datetime.now(UTC)
        store.write(cafe.control_round, room.id, room.rounds[3], "start", now)
        idea = protocol.IdeaAction(
            id=uuid.uuid4(),
            at=now,
            question_id=room.questions["LEREN"],
            table_id=room.tables["T1"],
            text="Samen leren",
        )
        assert store.write(cafe.apply_idea, idea, now, now.isoformat(), cafe.Changes()) is None
        [idea_id] = [r[0] for r in store.db.execute("SELECT id FROM ideas")]
        session = f"/api/cafe/{room.id}"

        def fill(response: httpx.Response) -> None:
            if response.request.url.path == "/api/photos":
                found["photo"] = response.json()["photo"]
            elif response.request.url.path == "/api/event/logo":
                found["logo"] = response.json()["logo"]
            elif response.request.url.path == "/api/moderation/items":
                found["item"] = response.json()[0]["item"]["id"]
            elif response.request.url.path == "/p":
                csrf = re.search(r'name="zuil-csrf" content="([0-9a-f]+)"', response.text)
                found["csrf"] = csrf.group(1) if csrf else ""
            elif response.request.method == "GET" and response.request.url.path == "/api/event":
                found["event"] = response.json()
            elif response.request.method == "POST" and response.request.url.path.endswith(
                "/clusters"
            ):
                found["cluster"] = response.json()["id"]

        # (method, path as the table has it): the role that calls it and the request
        calls: list[tuple[str, str, Role | None, Callable[[], dict[str, Any]]]] = [
            ("GET", "/health", None, dict),
            ("POST", "/api/pair", None, lambda: {"json": {"code": code}}),
            ("GET", "/api/content", Role.KIOSK, dict),
            (
                "POST",
                "/api/photos",
                Role.KIOSK,
                lambda: {"content": _png(), "headers": {"Content-Type": "image/png"}},
            ),
            (
                "POST",
                "/api/sync",
                Role.KIOSK,
                lambda: {
                    "json": batch(
                        action("scan", ticket=ticket),
                        action("note", wall="tip", text="meer koffie"),
                        action("credit", ticket=ticket),
                        action("photo", wall="top", photo=found["photo"], consent=True),
                    )
                },
            ),
            ("POST", "/api/points", Role.KIOSK, lambda: {"json": {"ticket": ticket}}),
            ("GET", "/api/photos/{name}", Role.WALL, lambda: {"name": f"{found['photo']}.jpg"}),
            ("GET", "/api/wall", Role.WALL, dict),
            ("GET", "/api/leaderboard", Role.WALL, dict),
            ("GET", "/api/now", Role.KIOSK, dict),
            ("GET", "/api/stats", Role.WALL, dict),
            ("GET", "/api/moderation/items", Role.DESK, lambda: {"params": {"state": "all"}}),
            (
                "POST",
                "/api/moderation/moderate",
                Role.DESK,
                lambda: {"params": {"id": found["item"], "action": "hide"}},
            ),
            ("GET", "/api/moderation/settings", Role.DESK, dict),
            (
                "PUT",
                "/api/moderation/settings",
                Role.DESK,
                lambda: {"json": {"moderation": "post", "photo_moderation": "pre"}},
            ),
            ("GET", "/api/moderation/words", Role.DESK, dict),
            ("PUT", "/api/moderation/words", Role.DESK, lambda: {"json": {"words": ["kaas"]}}),
            ("GET", "/api/attendees", Role.DESK, lambda: {"params": {"q": "a"}}),
            (
                "POST",
                "/api/attendees",
                Role.DESK,
                lambda: {"json": {"first_name": "Nieuw", "last_name": "Binnen"}},
            ),
            (
                "POST",
                "/api/attendees/kept",
                Role.DESK,
                lambda: {
                    "json": [
                        {
                            "walk_in": {
                                "first_name": "Kept",
                                "last_name": "Binnen",
                                "client_id": "6f1c1f43-8a43-4a8e-9f55-0d1c2b3a4e5f",
                            },
                            "attendee_id": 900_001,
                            "serial": 4_000_000_001,
                            "key_id": 0,
                            "valid_from": "2026-01-01",
                            "valid_until": "2026-12-31",
                        }
                    ]
                },
            ),
            (
                "POST",
                "/api/attendees/{attendee_id}/ticket",
                Role.DESK,
                lambda: {"attendee_id": 5, "json": {"reissue": True}},
            ),
            ("POST", "/api/tickets/{serial}/printed", Role.DESK, lambda: {"serial": serial}),
            (
                "GET",
                "/api/tickets/{serial}/qr",
                Role.DESK,
                lambda: {"serial": serial, "params": {"kind": "svg"}},
            ),
            ("POST", "/api/tickets/lookup", Role.DESK, lambda: {"json": {"ticket": ticket}}),
            ("POST", "/api/tickets/bulk", Role.DESK, lambda: {"json": {"ids": [1, 2]}}),
            (
                "POST",
                "/api/roster",
                Role.DESK,
                lambda: {
                    "json": {
                        "rows": [{"first_name": "Anouk", "last_name": "Visser"}],
                        "commit": True,
                    }
                },
            ),
            ("GET", "/api/links/settings", Role.DESK, dict),
            ("GET", "/api/links", Role.DESK, dict),
            ("POST", "/api/links/send", Role.DESK, lambda: {"json": {"channel": "email"}}),
            ("GET", "/api/report", Role.DESK, dict),
            ("GET", "/api/dashboard", Role.DESK, dict),
            (
                "PUT",
                "/api/event/{field}",
                Role.ORGANISER,
                lambda: {
                    "field": "logo",
                    "content": _png(),
                    "headers": {"Content-Type": "image/png"},
                },
            ),
            ("GET", "/api/media/{name}", Role.KIOSK, lambda: {"name": found["logo"]}),
            (
                "PUT",
                "/api/event/{field}",
                Role.ORGANISER,
                lambda: {"field": "font_licence", "content": FONT_LICENCE.read_bytes()},
            ),
            (
                "PUT",
                "/api/event/{field}",
                Role.ORGANISER,
                lambda: {"field": "font", "content": FONT.read_bytes()},
            ),
            ("GET", "/api/event", Role.ORGANISER, dict),
            ("PUT", "/api/event", Role.ORGANISER, lambda: {"json": found["event"]}),
            # the phone companion (the client keeps the session cookie from the link on)
            ("GET", "/t/{token}", None, lambda: {"url": f"/t/{ticket}", "follow_redirects": True}),
            ("GET", "/T/{token}", None, lambda: {"url": f"/T/{ticket}", "follow_redirects": True}),
            ("GET", "/p", None, dict),
            ("GET", "/p/agenda", None, dict),
            ("GET", "/p/map", None, dict),
            ("GET", "/p/map/image", None, dict),
            ("GET", "/p/me", None, dict),
            ("GET", "/p/static/{name}", None, lambda: {"name": "phone.js"}),
            ("GET", "/p/theme.css", None, dict),
            ("GET", "/p/font", None, dict),
            ("GET", "/w/{code}", None, lambda: {"code": "VAST"}),
            ("GET", "/p/cafe/{code}", None, lambda: {"code": "CAFE"}),
            (
                "POST",
                "/p/actions",
                None,
                lambda: {
                    "json": {
                        "clock": datetime.now(UTC).isoformat(),
                        "actions": [
                            {
                                "id": str(uuid.uuid4()),
                                "at": datetime.now(UTC).isoformat(),
                                "kind": "note",
                                "workshop": "VAST",
                                "wall": "top",
                                "text": "Top",
                            }
                        ],
                    },
                    "headers": {"X-CSRF-Token": found["csrf"]},
                },
            ),
            (
                "POST",
                "/p/act",
                None,
                lambda: {
                    "data": {
                        "csrf": found["csrf"],
                        "id": str(uuid.uuid4()),
                        "kind": "answer",
                        "workshop": "VAST",
                        "question_id": "1",
                        "choice": "0",
                    },
                    "follow_redirects": True,
                },
            ),
            ("GET", "/api/polls/published", Role.WALL, dict),
            ("GET", "/api/polls/results", Role.DESK, dict),
            (
                "GET",
                "/api/polls/{poll_id}/results",
                Role.DESK,
                lambda: {"url": f"/api/polls/{rating}/results"},
            ),
            ("GET", "/api/polls/texts", Role.DESK, dict),
            (
                "PUT",
                "/api/polls/texts/{text_id}",
                Role.DESK,
                lambda: {"url": "/api/polls/texts/777", "json": {"state": "visible"}},
            ),
            (
                "PUT",
                "/api/polls/{poll_id}/paper",
                Role.DESK,
                lambda: {"url": f"/api/polls/{rating}/paper", "json": {"counts": [0, 0, 0, 1, 2]}},
            ),
            (
                "PUT",
                "/api/polls/{poll_id}/control",
                Role.ORGANISER,
                lambda: {"url": f"/api/polls/{rating}/control", "json": {"manual": "open"}},
            ),
            ("GET", "/api/cafe", Role.WALL, dict),
            ("GET", "/api/cafe/{session_id}", Role.ORGANISER, lambda: {"url": session}),
            ("GET", "/api/cafe/{session_id}/wall", Role.WALL, lambda: {"url": f"{session}/wall"}),
            (
                "PUT",
                "/api/table",
                Role.KIOSK,
                lambda: {"json": {"table_id": room.tables["T1"]}},
            ),
            ("GET", "/api/table", Role.KIOSK, dict),
            (
                "POST",
                "/api/cafe/{session_id}/phase/{phase}",
                Role.ORGANISER,
                lambda: {"url": f"{session}/phase/gather"},
            ),
            (
                "POST",
                "/api/cafe/{session_id}/rounds/{round_id}/{op}",
                Role.ORGANISER,
                lambda: {"url": f"{session}/rounds/{room.rounds[3]}/pause"},
            ),
            (
                "POST",
                "/api/cafe/{session_id}/questions/{question_id}/reveal",
                Role.ORGANISER,
                lambda: {"url": f"{session}/questions/{room.questions['LEREN']}/reveal"},
            ),
            (
                "POST",
                "/api/cafe/{session_id}/questions/{question_id}/clusters",
                Role.ORGANISER,
                lambda: {
                    "url": f"{session}/questions/{room.questions['LEREN']}/clusters",
                    "json": {"label": "Leren"},
                },
            ),
            (
                "PUT",
                "/api/cafe/{session_id}/clusters/{cluster_id}",
                Role.ORGANISER,
                lambda: {
                    "url": f"{session}/clusters/{found['cluster']}",
                    "json": {"label": "Van elkaar leren"},
                },
            ),
            (
                "PATCH",
                "/api/cafe/{session_id}/ideas/{idea_id}",
                Role.ORGANISER,
                lambda: {
                    "url": f"{session}/ideas/{idea_id}",
                    "json": {"cluster_id": found["cluster"]},
                },
            ),
            (
                "DELETE",
                "/api/cafe/{session_id}/clusters/{cluster_id}",
                Role.ORGANISER,
                lambda: {"url": f"{session}/clusters/{found['cluster']}"},
            ),
            # last: it revokes every device
            ("POST", "/api/purge", Role.ORGANISER, lambda: {"json": {"confirm": "JA"}}),
        ]
        async with in_process(demo_dir, store) as (hub, client):
            table = {(r.method, r.path) for r in routes(hub)}
            live = ("GET", f"{protocol.API}/live")
            assert {(m, p) for m, p, _, _ in calls} | {live} == table
            guard.armed = True
            await hub.start_messenger()  # what a restart left queued is read back
            # the live stream (httpx's ASGI transport waits for a whole body, so the
            # route's stream is read here as the route hands it out)
            refused = await client.get("/api/live", headers=auth("nooit-gezien"))
            assert refused.status_code == 401
            device = await hub.authenticate(tokens[Role.WALL])
            assert device is not None
            stream = wall._stream(hub, wall.live_tail(hub), Connected(), device, 0)  # type: ignore[arg-type]
            assert isinstance(stream, AsyncGenerator)
            assert (await anext(stream)).startswith(b"retry")  # the log was read
            await stream.aclose()
            for method, path, role, make in calls:
                request = make()
                fields = {
                    k: request.pop(k)
                    for k in ("name", "attendee_id", "serial", "field", "token", "code")
                    if k in request
                }
                url = request.pop("url", None) or path.format(**fields)
                headers = request.pop("headers", {})
                if role is not None:
                    never_seen = await client.request(
                        method, url, headers={**headers, **auth("nooit-gezien")}, **request
                    )
                    assert never_seen.status_code == 401, (path, never_seen.text)
                    headers = {**headers, **auth(tokens[role])}
                response = await client.request(method, url, headers=headers, **request)
                assert response.status_code < 300 or path == "/api/links/send", (
                    path,
                    response.text,
                )
                fill(response)
            await hub.stop_messenger()
            guard.armed = False
    assert not guard.where, "SQLite on the event loop:\n" + "\n".join(sorted(guard.where))
