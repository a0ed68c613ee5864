"""Personal links by e-mail and SMS: real clients, only the far end replaced.

The e-mail goes through smtplib with STARTTLS and a login to aiosmtpd on
127.0.0.1; the SMS through httpx to a local HTTP server standing in for a
Dutch gateway, including one that fails, one that refuses and one that hangs.
"""

from __future__ import annotations

import json
from email.message import Message
from pathlib import Path

import cv2
import numpy as np
import pytest

from shared import protocol
from shared.datadir import DataDir
from shared.hub.messaging import (
    MessagingSettings,
    Recipient,
    SettingsError,
    SmsSettings,
    build_sms,
    load_settings,
)
from shared.protocol import Role
from shared.scan.decode import Decoder
from shared.store import Store
from tests.helpers.farend import Gateway, Smtp, sms_gateway, smtp_server
from tests.helpers.hub import auth, in_process, paired_token

pytestmark = pytest.mark.anyio

PACE = "[sending]\nper_second = 200\nattempts = 3\ntimeout_s = 0.5\nbackoff_s = 0.01\n"


def settings_file(data: DataDir, smtp: Smtp | None, gateway: Gateway | None, mode: str) -> None:
    text = PACE
    if smtp is not None:
        text += (
            "[email]\nhost = '127.0.0.1'\n"
            f"port = {smtp.port}\nsecurity = 'starttls'\nusername = 'balie'\n"
            f"password = 'geheim'\nsender = 'Congres <balie@havenstad.example>'\n"
            f"ca_file = '{smtp.ca_file}'\n"
        )
    if gateway is not None:
        text += (
            f"[sms]\nurl = '{gateway.url(mode)}'\n"
            "headers = { Authorization = 'Bearer sms-sleutel' }\n"
            """body = '{"to": "$phone", "message": "$text"}'\n"""
        )
    (data.root / "messaging.toml").write_text(text, encoding="utf-8")


async def test_links_by_email_over_starttls(
    demo_dir: DataDir, demo_store: Store, tmp_path: Path
) -> None:
    desk = paired_token(demo_store, Role.DESK)
    with smtp_server(tmp_path) as smtp:
        refused = demo_store.attendees()[0]["email"]
        assert refused is not None
        smtp.mailbox.refuse.add(refused)
        settings_file(demo_dir, smtp, None, "ok")
        async with in_process(demo_dir, demo_store) as (hub, client):
            await hub.start_messenger()
            try:
                info = (await client.get("/api/links/settings", headers=auth(desk))).json()
                assert (info["email"], info["sms"], info["problem"]) == (True, False, "")
                sent = await client.post(
                    "/api/links/send", json={"channel": "email"}, headers=auth(desk)
                )
                queued = sent.json()["queued"]
                assert queued == sum(1 for a in demo_store.attendees() if a["email"])
                assert hub.messenger is not None
                await hub.messenger.idle()
                statuses = [
                    protocol.Delivery.model_validate(d)
                    for d in (await client.get("/api/links", headers=auth(desk))).json()
                ]
                failed = [d for d in statuses if d.status == "failed"]
                assert [d.address for d in failed] == [refused]
                assert failed[0].reason.startswith("address refused: 550")
                assert failed[0].attempts == 1  # a refused address is not retried
                assert sum(d.status == "sent" for d in statuses) == queued - 1
                assert len(smtp.mailbox.messages) == queued - 1
                parts = smtp.mailbox.messages[0].get_payload()
                assert isinstance(parts, list)
                text_part, png_part = parts[0], parts[1]
                assert isinstance(text_part, Message)
                assert isinstance(png_part, Message)
                body_bytes = text_part.get_payload(decode=True)
                assert isinstance(body_bytes, bytes)
                body = body_bytes.decode()
                link = next(line for line in body.splitlines() if "/t/" in line).strip()
                token = link.rsplit("/", 1)[1]
                assert hub.check(token).valid
                png = png_part.get_payload(decode=True)
                assert isinstance(png, bytes)
                image = cv2.imdecode(np.frombuffer(png, np.uint8), cv2.IMREAD_GRAYSCALE)
                assert image is not None
                assert Decoder().decode(image, thorough=True).texts == (token,)
                again = await client.post(
                    "/api/links/send", json={"channel": "email"}, headers=auth(desk)
                )
                assert again.json()["queued"] == 1  # only the failed one
                resend = await client.post(
                    "/api/links/send",
                    json={"channel": "email", "ids": [failed[0].attendee_id], "resend": True},
                    headers=auth(desk),
                )
                assert resend.json()["queued"] == 1
            finally:
                await hub.stop_messenger()


@pytest.mark.parametrize(
    ("mode", "status", "reason", "attempts"),
    [
        ("ok", "sent", "", 1),
        ("busy", "failed", "gateway 503", 3),
        ("refuse", "failed", "gateway 400", 1),
        ("hang", "failed", "timeout", 3),
    ],
)
async def test_links_by_sms_gateway(
    demo_dir: DataDir, demo_store: Store, mode: str, status: str, reason: str, attempts: int
) -> None:
    desk = paired_token(demo_store, Role.DESK)
    with sms_gateway() as gateway:
        settings_file(demo_dir, None, gateway, mode)
        async with in_process(demo_dir, demo_store) as (hub, client):
            await hub.start_messenger()
            try:
                phones = [a for a in demo_store.attendees() if a["phone"]][:2]
                sent = await client.post(
                    "/api/links/send",
                    json={"channel": "sms", "ids": [a["id"] for a in phones]},
                    headers=auth(desk),
                )
                assert sent.json() == {"queued": 2}
                assert hub.messenger is not None
                await hub.messenger.idle()
                statuses = (await client.get("/api/links", headers=auth(desk))).json()
            finally:
                gateway.release.set()
                await hub.stop_messenger()
    assert [(d["status"], d["attempts"]) for d in statuses] == [(status, attempts)] * 2
    assert all(d["reason"].startswith(reason) for d in statuses)
    assert len(gateway.received) == 2 * attempts
    first = gateway.received[0]
    assert first["auth"] == "Bearer sms-sleutel"
    payload = json.loads(first["body"])
    assert payload["to"] in {a["phone"] for a in phones}
    assert "/t/" in payload["message"]


async def test_sending_needs_a_configured_channel(demo_dir: DataDir, demo_store: Store) -> None:
    desk = paired_token(demo_store, Role.DESK)
    async with in_process(demo_dir, demo_store) as (hub, client):
        await hub.start_messenger()
        try:
            reply = await client.post(
                "/api/links/send", json={"channel": "sms"}, headers=auth(desk)
            )
            assert reply.status_code == 409
            assert "messaging.toml" in reply.json()["error"]["message"]
        finally:
            await hub.stop_messenger()
    (demo_dir.root / "messaging.toml").write_text("[email]\nhost = 'x'\n", encoding="utf-8")
    async with in_process(demo_dir, demo_store) as (hub, client):
        await hub.start_messenger()  # a broken file leaves sending off and says why
        try:
            info = (await client.get("/api/links/settings", headers=auth(desk))).json()
            assert info["email"] is False
            assert "sender" in info["problem"]
        finally:
            await hub.stop_messenger()


def test_hostile_names_keep_the_gateway_body_valid_json() -> None:
    sms = SmsSettings(url="http://127.0.0.1:1/x", body='{"to": "$phone", "text": "$text"}')
    for name in ('"}, "to": "+3197', "$phone ${x} \\", "a\nb\u202e", "🙂" * 50, "<b>x</b>"):
        recipient = Recipient(1, name, name, None, "+31612345678", name, "http://hub/t/X")
        content_type, body = build_sms(sms, recipient)
        parsed = json.loads(body)
        assert parsed["to"] == "+31612345678"
        assert name in parsed["text"]
        assert content_type == "application/json"


def test_settings_are_checked(tmp_path: Path) -> None:
    path = tmp_path / "messaging.toml"
    assert load_settings(path) == MessagingSettings()
    for text, named in (
        ("[email\n", "messaging.toml"),
        ("[email]\nhost = 'x'\nsender = 'y'\nsecurty = 'tls'\n", "securty"),
        ("[email]\nhost = 'x'\n", "sender"),
        ("[email]\nhost = 'x'\nsender = 'y'\nsecurity = 'plain'\n", "security"),
        ("[sms]\nurl = 'ftp://x'\nbody = 'b'\n", "url"),
        ("[sending]\nper_second = 0\n", "per_second"),
        ("[sending]\nattempts = 'many'\n", "sending"),
        ("email = 3\n", "[email]"),
    ):
        path.write_text(text, encoding="utf-8")
        with pytest.raises(SettingsError, match=named.replace("[", r"\[")):
            load_settings(path)
