"""The hub's HTTP API fuzzed from its own OpenAPI description (schemathesis), as every role.

Each operation gets a freshly served demo hub and a few generated requests, valid
and not, each sent without a token and as a kiosk, wall, desk and organiser: once
as generated, once more with the ids, tickets and names of real rows put in, so
it reaches past the 404s, and once with its numbers and times at their extremes.
No request may cost a 5xx, and every error answers in the one error shape.
Kept to a few examples per operation, for CI.
"""

from __future__ import annotations

import copy
import random
import re
import struct
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

import cv2
import httpx
import numpy as np
import pytest
import requests
import schemathesis
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from schemathesis import APIOperation, GenerationMode
from schemathesis import Case as AnyCase
from schemathesis.core.result import Ok

from shared import protocol
from shared.datadir import DataDir
from shared.protocol import Role
from shared.store import Store
from tests.helpers.hub import action, auth, batch, paired_token, served, ticket_of
from tests.test_hub_app import ALLOWED, OPEN

# streams never end: a generated request would wait on one for good
STREAMS = {("GET", "/api/live")}
OPERATIONS = sorted((set(ALLOWED) | OPEN) - STREAMS)
EXAMPLES = 6
ROLES: list[Role | None] = [None, *Role]
IMAGE_UPLOADS = {"/api/photos", "/api/event/{field}"}


# schemathesis's own operation type; these tests read its path and label only
Case = AnyCase[APIOperation[Any, Any, Any, Any]]


@dataclass
class Known:
    """Real rows of the demo hub, to put into generated requests."""

    attendees: list[int]
    serials: list[int]
    tickets: list[str]
    questions: list[int]
    items: list[str]
    photos: list[str]
    media: list[str]
    workshops: list[str]
    event: dict[str, Any]
    tokens: dict[Role, str] = field(default_factory=dict)


def _png() -> bytes:
    image = np.full((48, 64, 3), 200, dtype=np.uint8)
    ok, encoded = cv2.imencode(".png", image)
    assert ok
    return encoded.tobytes()


def _pair_all(store: Store) -> dict[Role, str]:
    return {
        role: paired_token(store, role, "VAST" if role is Role.KIOSK else None) for role in Role
    }


def _known(url: str, data: DataDir, store: Store) -> Known:
    """Pair every role, issue tickets, post a note and a photo, upload a logo."""
    tokens = _pair_all(store)
    attendees = [r["id"] for r in store.attendees()][:5]
    tickets = [ticket_of(data, store, a) for a in attendees]
    serials = [int(r[0]) for r in store.db.execute("SELECT serial FROM tickets")]
    with httpx.Client(base_url=url, timeout=10) as client:
        kiosk, organiser = auth(tokens[Role.KIOSK]), auth(tokens[Role.ORGANISER])
        photo = client.post("/api/photos", content=_png(), headers=kiosk).json()["photo"]
        synced = client.post(
            "/api/sync",
            json=batch(
                action("note", wall="top", text="Mooi verhaal"),
                action("photo", wall="tip", photo=photo, consent=True, caption="Zaal"),
            ),
            headers=kiosk,
        )
        assert [r["fate"] for r in synced.json()["results"]] == ["applied", "applied"]
        logo = client.put("/api/event/logo", content=_png(), headers=organiser).json()["logo"]
        event = client.get("/api/event", headers=organiser).json()
    return Known(
        attendees=attendees,
        serials=serials,
        tickets=tickets,
        questions=[int(r[0]) for r in store.db.execute("SELECT id FROM questions")],
        items=[
            str(r[0]) for r in store.db.execute("SELECT id FROM notes UNION SELECT id FROM photos")
        ],
        photos=[photo],
        media=[logo],
        workshops=[str(r[0]) for r in store.db.execute("SELECT code FROM workshops")],
        event=event,
        tokens=tokens,
    )


def _real_action(item: Any, known: Known, pick: random.Random) -> Any:
    if not isinstance(item, dict):
        return item
    real = {
        "ticket": pick.choice(known.tickets),
        "question_id": pick.choice(known.questions),
        "photo": pick.choice(known.photos),
        "workshop": pick.choice(known.workshops),
    }
    return {k: real.get(k, v) for k, v in item.items()}


def make_real(case: Case, known: Known, pick: random.Random) -> None:
    """Put real ids, tickets and file names where the request names one."""
    real_path = {
        "attendee_id": pick.choice(known.attendees),
        "serial": pick.choice(known.serials),
        "token": pick.choice(known.tickets),
        "code": pick.choice(known.workshops),
        "name": "phone.js"
        if case.operation.path.startswith("/p/")
        else pick.choice(
            known.media if case.operation.path.startswith("/api/media") else known.photos
        )
        + (".jpg" if case.operation.path.startswith("/api/photos") else ""),
    }
    for name in list(case.path_parameters or {}):
        if name in real_path:
            case.path_parameters[name] = real_path[name]
    if case.query and "id" in case.query:
        case.query["id"] = pick.choice(known.items)
    if case.operation.path in IMAGE_UPLOADS:
        case.body = _png()
    if case.operation.path == "/api/event" and isinstance(case.body, dict):
        generated = case.body.get("event")
        # the hub's own content, with the generated dates
        content = copy.deepcopy(known.event)
        if isinstance(generated, dict) and pick.random() < 0.5:
            dates = {k: generated[k] for k in ("starts", "ends") if k in generated}
            content["event"].update(dates)
        case.body = content
    body = case.body
    if isinstance(body, dict):
        ids = body.get("ids")
        if isinstance(ids, list):
            body["ids"] = list(pick.sample(known.attendees, k=min(len(ids), 3)))
        if isinstance(body.get("ticket"), str):
            body["ticket"] = pick.choice(known.tickets)
        generated_actions = body.get("actions")
        if isinstance(generated_actions, list):
            # one real action of each kind first: generated ones are rarely valid
            ticket = pick.choice(known.tickets)
            body["actions"] = [
                action("scan", ticket=ticket),
                action("answer", ticket=ticket, question_id=pick.choice(known.questions), choice=0),
                action("note", wall="top", text="Goed"),
                action("photo", wall="tip", photo=known.photos[0], consent=True, caption="Hal"),
                action("credit", ticket=ticket),
                *(_real_action(a, known, pick) for a in generated_actions),
            ]
            body.setdefault("outbox", 1)


# What a fuzzer outside tried first: numbers past 64 bits and dates at the ends of time.
EXTREME_NUMBERS = [2**63, 10**20, -(2**63) - 1, -1, 0]
EXTREME_MOMENTS = ["0001-01-01T00:00:00Z", "9999-12-31T23:59:59-05:00", "2026-06-01T09:00:00"]
EXTREME_DAYS = ["0001-01-01", "1999-06-01", "9999-12-31"]
_MOMENT = re.compile(r"^\d{4}-\d\d-\d\dT")
_DAY = re.compile(r"^\d{4}-\d\d-\d\d$")
# a PNG header of 2**31-1 pixels square: a decompression bomb stops at its header
BOMB = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"
    + struct.pack(">IIBBBBB", 2**31 - 1, 2**31 - 1, 8, 2, 0, 0, 0)
    + b"\x00" * 4
)


def _extreme(value: Any, pick: random.Random) -> Any:
    if isinstance(value, bool):
        return value
    if isinstance(value, int):
        return pick.choice(EXTREME_NUMBERS)
    if isinstance(value, str) and _DAY.match(value):
        return pick.choice(EXTREME_DAYS)
    if isinstance(value, str) and _MOMENT.match(value):
        # now and then a pillar clock a minute fast (trusted), with action times that are not
        return pick.choice(
            [*EXTREME_MOMENTS, (datetime.now(UTC) + timedelta(minutes=1)).isoformat()]
        )
    if isinstance(value, list):
        return [_extreme(v, pick) for v in value]
    if isinstance(value, dict):
        return {k: _extreme(v, pick) for k, v in value.items()}
    return value


def make_extreme(case: Case, pick: random.Random) -> None:
    """Every number and moment in the request at an edge SQLite or datetime cannot take."""
    for part in (case.path_parameters, case.query):
        if part:
            for name, value in part.items():
                part[name] = _extreme(value, pick)
    if isinstance(case.body, dict | list):
        case.body = _extreme(case.body, pick)
    elif case.operation.path in IMAGE_UPLOADS:
        case.body = BOMB


def check(response: Any, case: Case, role: Role | None) -> None:
    """No 5xx; an error in the one error shape (the phone's pages answer in HTML)."""
    where = f"{case.operation.label} as {role}: {case.as_curl_command()}"
    assert response.status_code < 500, f"{response.status_code} {response.text[:300]}\n{where}"
    if response.status_code < 400:
        return
    content_type = " ".join(response.headers.get("content-type", []))
    if not case.operation.path.startswith("/api") and content_type.startswith("text/html"):
        return  # a phone page: a polite page in HTML
    protocol.ErrorBody.model_validate_json(response.content)


@pytest.fixture
def hub_url(demo_dir: DataDir, demo_store: Store) -> Iterator[str]:
    with served(demo_dir, demo_store) as running:
        yield running.url


def test_every_operation_is_fuzzed(hub_url: str) -> None:
    schema = schemathesis.openapi.from_url(f"{hub_url}/openapi.json")
    results = list(schema.get_all_operations())
    operations = [result.ok() for result in results if isinstance(result, Ok)]
    assert len(operations) == len(results)  # every operation's schema reads
    described = {(operation.method.upper(), operation.path) for operation in operations}
    assert described == set(OPERATIONS) | STREAMS


@pytest.mark.parametrize(("method", "path"), OPERATIONS, ids=[f"{m} {p}" for m, p in OPERATIONS])
def test_no_request_breaks_the_hub(
    demo_dir: DataDir, demo_store: Store, hub_url: str, method: str, path: str
) -> None:
    known = _known(hub_url, demo_dir, demo_store)
    operation = schemathesis.openapi.from_url(f"{hub_url}/openapi.json")[path][method]
    cases = st.one_of(
        operation.as_strategy(GenerationMode.POSITIVE),
        operation.as_strategy(GenerationMode.NEGATIVE),
    )
    session = requests.Session()

    def send(case: Case) -> None:
        for role in ROLES:
            headers = auth(known.tokens[role]) if role is not None else None
            response = case.call(base_url=hub_url, session=session, headers=headers)
            check(response, case, role)
            if (method, path) == ("POST", "/api/purge") and response.status_code == 200:
                known.tokens = _pair_all(demo_store)  # the purge revoked every device

    @settings(
        max_examples=EXAMPLES,
        derandomize=True,
        database=None,
        deadline=None,
        phases=[Phase.explicit, Phase.generate],
        suppress_health_check=list(HealthCheck),
    )
    @given(case=cases, seed=st.integers(0, 2**16))
    def fuzz(case: Case, seed: int) -> None:
        send(case)
        pick = random.Random(seed)
        make_real(case, known, pick)
        send(case)
        make_extreme(case, pick)
        send(case)

    fuzz()
