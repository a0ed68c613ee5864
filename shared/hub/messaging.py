"""Sending personal links: e-mail over SMTP (STARTTLS or TLS) and SMS through an HTTP gateway.

The hub sends, not the desk: the queue survives a closed laptop and a hub
restart (statuses live in the ``deliveries`` table), and the ticket keys never
leave the hub. The settings are a TOML file in the data folder,
``DATA/messaging.toml``; see ``docs/messaging.md``. Templates use ``$name``
placeholders (``string.Template``), so braces in a JSON body need no escaping.

Each channel has one worker: it sends at most ``per_second`` messages a second,
retries what may pass later (timeouts, refused connections, 4xx from SMTP, 5xx
from the gateway) with growing pauses, and fails at once what never will
(a refused recipient, a 4xx from the gateway), with the reason kept.
"""

from __future__ import annotations

import asyncio
import dataclasses
import json
import logging
import smtplib
import ssl
import tomllib
import urllib.parse
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass, field
from email.message import EmailMessage
from email.utils import formatdate, make_msgid
from pathlib import Path
from string import Template
from typing import Literal, TypeVar

import httpx

log = logging.getLogger("zuil.hub.messaging")

Channel = Literal["email", "sms"]


class SettingsError(ValueError):
    """``messaging.toml`` cannot be used; the message names the key."""


class SendError(Exception):
    """One message could not be sent.

    Args:
        reason: why, for the desk's status column.
        permanent: True when trying again cannot help.
    """

    def __init__(self, reason: str, *, permanent: bool) -> None:
        super().__init__(reason)
        self.reason = reason
        self.permanent = permanent


DEFAULT_SUBJECT = "Je persoonlijke link voor $event / Your personal link"
DEFAULT_BODY = """Beste $first_name,

Hieronder staat je persoonlijke link voor $event. Open hem op je telefoon en laat
de QR-code zien bij een zuil; daar vind je ook je agenda en je punten.

$link

(English: this is your personal link for $event. Open it on your phone and show
the QR code at a pillar.)
"""
DEFAULT_SMS = "$event: je persoonlijke link / your personal link: $link"


@dataclass(frozen=True)
class EmailSettings:
    """How to reach the SMTP server and what to write."""

    host: str
    sender: str
    port: int = 587
    security: Literal["starttls", "tls", "none"] = "starttls"
    username: str = ""
    password: str = ""
    subject: str = DEFAULT_SUBJECT
    body: str = DEFAULT_BODY
    ca_file: str = ""


@dataclass(frozen=True)
class SmsSettings:
    """How to reach the SMS gateway: its URL, headers (auth) and request body template."""

    url: str
    body: str
    method: str = "POST"
    content_type: str = "application/json"
    headers: dict[str, str] = field(default_factory=dict)
    text: str = DEFAULT_SMS


@dataclass(frozen=True)
class MessagingSettings:
    """Both channels (either may be off) and the pace of sending."""

    email: EmailSettings | None = None
    sms: SmsSettings | None = None
    per_second: float = 2.0
    attempts: int = 3
    timeout_s: float = 15.0
    backoff_s: float = 2.0


_Settings = TypeVar("_Settings", "EmailSettings", "SmsSettings")


def _section(
    data: Mapping[str, object], name: str, cls: type[_Settings], required: tuple[str, ...]
) -> _Settings | None:
    raw = data.get(name)
    if raw is None:
        return None
    if not isinstance(raw, dict):
        raise SettingsError(f"[{name}] must be a table")
    known = {f.name for f in dataclasses.fields(cls)}
    unknown = sorted(set(raw) - known)
    if unknown:
        raise SettingsError(f"[{name}]: unknown key(s) {', '.join(unknown)}")
    missing = [k for k in required if not raw.get(k)]
    if missing:
        raise SettingsError(f"[{name}]: missing {', '.join(missing)}")
    try:
        return cls(**raw)
    except TypeError as error:
        raise SettingsError(f"[{name}]: {error}") from None


def load_settings(path: Path) -> MessagingSettings:
    """Read ``messaging.toml``; a missing file means both channels are off.

    Raises:
        SettingsError: the file is not valid TOML or a key is wrong.
    """
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return MessagingSettings()
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as error:
        raise SettingsError(f"{path.name}: {error}") from None
    email = _section(data, "email", EmailSettings, ("host", "sender"))
    sms = _section(data, "sms", SmsSettings, ("url", "body"))
    if email is not None and email.security not in ("starttls", "tls", "none"):
        raise SettingsError("[email] security must be starttls, tls or none")
    if sms is not None and not sms.url.startswith(("http://", "https://")):
        raise SettingsError("[sms] url must start with http:// or https://")
    pace = data.get("sending", {})
    try:
        settings = MessagingSettings(
            email=email,
            sms=sms,
            per_second=float(pace.get("per_second", 2.0)),
            attempts=int(pace.get("attempts", 3)),
            timeout_s=float(pace.get("timeout_s", 15.0)),
            backoff_s=float(pace.get("backoff_s", 2.0)),
        )
    except (TypeError, ValueError, AttributeError) as error:
        raise SettingsError(f"[sending]: {error}") from None
    if settings.per_second <= 0 or settings.attempts < 1 or settings.timeout_s <= 0:
        raise SettingsError("[sending]: per_second and timeout_s must be > 0, attempts ≥ 1")
    return settings


@dataclass(frozen=True)
class Recipient:
    """Everything one message needs."""

    attendee_id: int
    first_name: str
    last_name: str
    email: str | None
    phone: str | None
    event: str
    link: str
    qr_png: bytes = b""

    def values(self) -> dict[str, str]:
        """The template placeholders."""
        return {
            "first_name": self.first_name,
            "last_name": self.last_name,
            "event": self.event,
            "link": self.link,
            "email": self.email or "",
            "phone": self.phone or "",
        }


def render(template: str, values: dict[str, str], escape: Callable[[str], str] = str) -> str:
    """Fill a ``$name`` template; unknown placeholders and stray ``$`` stay as written."""
    return Template(template).safe_substitute({k: escape(v) for k, v in values.items()})


def build_email(settings: EmailSettings, recipient: Recipient) -> EmailMessage:
    """The e-mail: plain text with the link, the ticket QR attached as a PNG."""
    if not recipient.email:
        raise SendError("no e-mail address", permanent=True)
    values = recipient.values()
    message = EmailMessage()
    message["From"] = settings.sender
    message["To"] = recipient.email
    message["Subject"] = render(settings.subject, values).replace("\n", " ")
    message["Date"] = formatdate(localtime=True)
    message["Message-ID"] = make_msgid(domain="zuil.local")
    message.set_content(render(settings.body, values))
    if recipient.qr_png:
        message.add_attachment(
            recipient.qr_png, maintype="image", subtype="png", filename="ticket.png"
        )
    return message


def _send_smtp(settings: EmailSettings, timeout: float, message: EmailMessage) -> None:
    context = ssl.create_default_context(cafile=settings.ca_file or None)
    try:
        server: smtplib.SMTP
        if settings.security == "tls":
            server = smtplib.SMTP_SSL(
                settings.host, settings.port, timeout=timeout, context=context
            )
        else:
            server = smtplib.SMTP(settings.host, settings.port, timeout=timeout)
        with server:
            server.ehlo()
            if settings.security == "starttls":
                server.starttls(context=context)
                server.ehlo()
            if settings.username:
                server.login(settings.username, settings.password)
            server.send_message(message)
    except smtplib.SMTPRecipientsRefused as error:
        raise SendError(f"address refused: {_smtp_reason(error)}", permanent=True) from None
    except smtplib.SMTPAuthenticationError as error:
        raise SendError(f"login refused: {_smtp_reason(error)}", permanent=True) from None
    except smtplib.SMTPResponseException as error:
        permanent = 500 <= error.smtp_code < 600
        reason = f"SMTP {error.smtp_code}: {_smtp_reason(error)}"
        raise SendError(reason, permanent=permanent) from None
    except smtplib.SMTPNotSupportedError as error:
        raise SendError(f"server: {error}", permanent=True) from None
    except ssl.SSLError as error:
        raise SendError(f"TLS: {error.reason or error}", permanent=True) from None
    except TimeoutError:
        raise SendError("timeout", permanent=False) from None
    except (OSError, smtplib.SMTPException) as error:
        raise SendError(f"connection: {error}", permanent=False) from None


def _smtp_reason(error: Exception) -> str:
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        code, text = next(iter(error.recipients.values()))
        return f"{code} {text.decode('utf-8', 'replace')}"
    if isinstance(error, smtplib.SMTPResponseException):
        raw = error.smtp_error
        return raw.decode("utf-8", "replace") if isinstance(raw, bytes) else str(raw)
    return str(error)


async def send_email(settings: EmailSettings, timeout: float, recipient: Recipient) -> None:
    """Send one e-mail (smtplib in a worker thread).

    Raises:
        SendError: it was not accepted by the server.
    """
    message = build_email(settings, recipient)
    await asyncio.to_thread(_send_smtp, settings, timeout, message)


def build_sms(settings: SmsSettings, recipient: Recipient) -> tuple[str, bytes]:
    """The gateway request body (with the SMS text inside) and its content type."""
    if not recipient.phone:
        raise SendError("no phone number", permanent=True)
    values = recipient.values()
    text = render(settings.text, values)
    values["text"] = text
    escape: Callable[[str], str]
    if "json" in settings.content_type:

        def escape(value: str) -> str:
            return json.dumps(value, ensure_ascii=False)[1:-1]

    elif "x-www-form-urlencoded" in settings.content_type:
        escape = urllib.parse.quote_plus
    else:
        escape = str
    return settings.content_type, render(settings.body, values, escape).encode("utf-8")


async def send_sms(
    settings: SmsSettings, timeout: float, recipient: Recipient, client: httpx.AsyncClient
) -> None:
    """Send one SMS through the gateway.

    Raises:
        SendError: the gateway did not accept it.
    """
    content_type, body = build_sms(settings, recipient)
    try:
        response = await client.request(
            settings.method,
            settings.url,
            content=body,
            headers={"Content-Type": content_type, **settings.headers},
            timeout=timeout,
        )
    except httpx.TimeoutException:
        raise SendError("timeout", permanent=False) from None
    except httpx.HTTPError as error:
        raise SendError(f"connection: {error}", permanent=False) from None
    if response.is_success:
        return
    detail = response.text[:120].strip().replace("\n", " ")
    reason = f"gateway {response.status_code}" + (f": {detail}" if detail else "")
    permanent = 400 <= response.status_code < 500 and response.status_code not in (408, 429)
    raise SendError(reason, permanent=permanent)


Lookup = Callable[[int], Awaitable[Recipient | None]]
Record = Callable[[int, Channel, str, str, int], Awaitable[None]]


class Messenger:
    """The sending queue: one worker per channel, paced, with retries.

    Args:
        settings: what to send and how.
        lookup: the recipient for an attendee id (None when they are gone).
        record: stores a status (attendee id, channel, status, reason, attempts).
        sleep: how to wait (tests may speed it up; real time by default).
    """

    def __init__(
        self,
        settings: MessagingSettings,
        lookup: Lookup,
        record: Record,
        sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
    ) -> None:
        self.settings = settings
        self._lookup = lookup
        self._record = record
        self._sleep = sleep
        self._queues: dict[Channel, asyncio.Queue[int]] = {}
        self._pending: dict[Channel, set[int]] = {"email": set(), "sms": set()}
        self._tasks: list[asyncio.Task[None]] = []
        self._client: httpx.AsyncClient | None = None

    def enabled(self, channel: Channel) -> bool:
        """Whether the channel is configured."""
        return (self.settings.email if channel == "email" else self.settings.sms) is not None

    def start(self) -> None:
        """Start the workers on the running loop."""
        self._client = httpx.AsyncClient(follow_redirects=False)
        for channel in ("email", "sms"):
            queue: asyncio.Queue[int] = asyncio.Queue()
            self._queues[channel] = queue
            self._tasks.append(asyncio.create_task(self._work(channel, queue)))

    async def stop(self) -> None:
        """Stop the workers (what is queued stays queued in the store)."""
        for task in self._tasks:
            task.cancel()
        await asyncio.gather(*self._tasks, return_exceptions=True)
        self._tasks.clear()
        if self._client is not None:
            await self._client.aclose()

    def enqueue(self, channel: Channel, attendee_ids: list[int]) -> None:
        """Queue attendees (those already waiting are not queued twice)."""
        queue = self._queues[channel]
        for attendee_id in attendee_ids:
            if attendee_id not in self._pending[channel]:
                self._pending[channel].add(attendee_id)
                queue.put_nowait(attendee_id)

    async def idle(self) -> None:
        """Wait until both queues are worked off."""
        await asyncio.gather(*(q.join() for q in self._queues.values()))

    async def _work(self, channel: Channel, queue: asyncio.Queue[int]) -> None:
        interval = 1.0 / self.settings.per_second
        loop = asyncio.get_running_loop()
        next_at = 0.0
        while True:
            attendee_id = await queue.get()
            try:
                delay = next_at - loop.time()
                if delay > 0:
                    await self._sleep(delay)
                next_at = loop.time() + interval
                await self._deliver(channel, attendee_id)
            except asyncio.CancelledError:
                raise
            except Exception:  # a bug must not stop the queue
                log.exception("sending to attendee %s failed unexpectedly", attendee_id)
                await self._record(attendee_id, channel, "failed", "internal error", 0)
            finally:
                self._pending[channel].discard(attendee_id)
                queue.task_done()

    async def _deliver(self, channel: Channel, attendee_id: int) -> None:
        recipient = await self._lookup(attendee_id)
        if recipient is None:
            await self._record(attendee_id, channel, "failed", "attendee or ticket gone", 0)
            return
        attempts = 0
        reason = f"{channel} is not configured"
        while attempts < self.settings.attempts:
            attempts += 1
            await self._record(attendee_id, channel, "sending", "", attempts)
            try:
                await self._send_one(channel, recipient)
            except SendError as error:
                reason = error.reason
                log.info("attempt %d to attendee %s failed: %s", attempts, attendee_id, reason)
                if error.permanent:
                    break
                if attempts < self.settings.attempts:
                    await self._sleep(self.settings.backoff_s * 2 ** (attempts - 1))
                continue
            await self._record(attendee_id, channel, "sent", "", attempts)
            return
        await self._record(attendee_id, channel, "failed", reason, attempts)

    async def _send_one(self, channel: Channel, recipient: Recipient) -> None:
        timeout = self.settings.timeout_s
        if channel == "email":
            if self.settings.email is None:
                raise SendError("e-mail is not configured", permanent=True)
            await send_email(self.settings.email, timeout, recipient)
        else:
            if self.settings.sms is None or self._client is None:
                raise SendError("SMS is not configured", permanent=True)
            await send_sms(self.settings.sms, timeout, recipient, self._client)
