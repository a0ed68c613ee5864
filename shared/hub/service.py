"""The hub's operations, without HTTP: what each endpoint does, testable on its own.

The HTTP layer (:mod:`shared.hub.app`) only parses, checks roles and calls in
here. Writes go to the store's writer thread; slow reads and image work run in
worker threads, so the event loop never blocks.
"""

from __future__ import annotations

import asyncio
import logging
import secrets
import threading
import time
from collections import OrderedDict
from datetime import UTC, date, datetime
from functools import partial
from operator import itemgetter
from typing import Any, TypeVar

from sqlite_utils import Database

from shared import __version__, protocol, qr
from shared.datadir import DataDir, assets_dir, today, verifier_for
from shared.eventfile import EventFile
from shared.hub import devices, links, queries, sync
from shared.hub.devices import Device
from shared.hub.live import LiveFeed
from shared.hub.messaging import (
    Channel,
    MessagingSettings,
    Messenger,
    Recipient,
    SettingsError,
    load_settings,
)
from shared.hub.photos import reencode
from shared.hub.sync import BatchOutcome, Incoming
from shared.hub.wordfilter import WordFilter, load_words, save_words
from shared.roster import AttendeeKind, NewAttendee, read_rows
from shared.store import Store, StoreError, utcnow
from shared.tickets import Check, TicketSigner, TicketVerifier, Verdict

log = logging.getLogger("zuil.hub")
T = TypeVar("T")

STATS_INTERVAL = 1.0  # leaderboard and counters reach the walls at most once a second
AUTH_CACHE_S = 5.0  # how long a known device token is trusted without asking SQLite
# a pillar's last contact and clock are written at most this often (its outbox size at once)
TOUCH_INTERVAL_S = 1.0
_CHECK_CACHE = 20_000


def image_suffix(data: bytes) -> str | None:
    """The file suffix of an image by its first bytes, or None when it is none we take."""
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return ".png"
    if data.startswith(b"\xff\xd8\xff"):
        return ".jpg"
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return ".webp"
    head = data[:1024].lstrip().lower()
    if head.startswith((b"<svg", b"<?xml")) and b"<svg" in head:
        return ".svg"
    return None


class NotFound(LookupError):
    """The thing asked for does not exist."""


class _SyncGroup:
    """Batches that arrived while the writer was busy, applied in one write job.

    The event loop adds batches until the writer takes the group (:meth:`close`);
    a batch that comes later opens the next group.
    """

    def __init__(self, lock: threading.Lock) -> None:
        self.batches: list[Incoming] = []
        self.closed = False
        self.done: asyncio.Future[list[BatchOutcome]]
        self._lock = lock

    def close(self) -> list[Incoming]:
        """Take the batches (on the writer thread): no more may join."""
        with self._lock:
            self.closed = True
            return list(self.batches)


class Hub:
    """One venue's hub over one data folder.

    Args:
        data: the event's data folder (holds the private ticket key).
        store: its open store.
        base_url: how devices reach the hub, for personal links.
    """

    def __init__(self, data: DataDir, store: Store, base_url: str = "") -> None:
        self.data = data
        self.store = store
        self.base_url = base_url.rstrip("/")
        self.signer: TicketSigner = data.signer(store)
        self._verifier: TicketVerifier = verifier_for(store)
        self._checks: OrderedDict[tuple[str, date], Check] = OrderedDict()
        self.words_path = data.root / "words.txt"
        self.word_filter = WordFilter(
            load_words(self.words_path, sorted((assets_dir() / "wordfilter").glob("*.txt")))
        )
        self.feed: LiveFeed | None = None
        self.messenger: Messenger | None = None
        self._auth: dict[str, tuple[Device, float]] = {}
        # device id -> (when its row was last written, the outbox size written); writer only
        self._touched: dict[int, tuple[float, int]] = {}
        # the batches waiting for the writer, applied together (see _apply)
        self._group: _SyncGroup | None = None
        self._group_lock = threading.Lock()
        self.messaging_problem = ""
        # live events that could not be read back, each logged once (see sync.read_events)
        self.unreadable_events: set[int] = set()
        self._dirty = False
        self._last_emit = 0.0
        self._last_board: list[protocol.Standing] | None = None
        self._last_counters: protocol.Counters | None = None
        store.add_commit_listener(self._on_commit)

    # -- plumbing ----------

    def attach(self, loop: asyncio.AbstractEventLoop) -> LiveFeed:
        """Bind the live feed to the event loop the HTTP server runs on."""
        self.feed = LiveFeed(loop)
        return self.feed

    def _on_commit(self) -> None:
        if self.feed is not None:
            self.feed.poke()

    async def write(self, job: Any) -> Any:
        """Run a write job on the store's writer thread without blocking the loop."""
        return await self.store.submit_async(job)

    async def read(self, fn: Any, *args: Any, **kwargs: Any) -> Any:
        """Run a read function with a worker thread's connection."""

        def run() -> Any:
            with self.store.snapshot() as db:
                return fn(db, *args, **kwargs)

        return await asyncio.to_thread(run)

    def health(self) -> protocol.Health:
        """The hub is alive; which event it serves."""
        event = self.store.event()
        return protocol.Health(
            version=__version__, event=event["name"] if event else None, time=datetime.now(UTC)
        )

    # -- tickets ----------

    def check(self, text: str) -> Check:
        """Verify a ticket text (cached: a pillar sends the same ticket many times)."""
        day = today()
        key = (text, day)
        found = self._checks.get(key)
        if found is None:
            found = self._verifier.check(text, today=day)
            self._checks[key] = found
            if len(self._checks) > _CHECK_CACHE:
                self._checks.popitem(last=False)
        return found

    def _refresh_verifier(self) -> None:
        self._verifier = verifier_for(self.store)
        self._checks.clear()

    # -- devices ----------

    def authenticate(self, token: str) -> Device | None:
        """The device behind a bearer token (known tokens are remembered for a few seconds).

        Every request names its token; looking each up in SQLite on the event loop
        cost more than the rest of a pillar's sync. A token revoked by this hub
        (purge) is forgotten at once; one revoked from the command line stops
        working within ``AUTH_CACHE_S``.
        """
        now = time.monotonic()
        cached = self._auth.get(token)
        if cached is not None and cached[1] > now:
            return cached[0]
        found = devices.authenticate(self.store, token)
        if found is not None:
            if len(self._auth) > 10_000:
                self._auth.clear()
            self._auth[token] = (found, now + AUTH_CACHE_S)
        else:
            self._auth.pop(token, None)
        return found

    def forget_device(self, device_id: int) -> None:
        """Trust none of a device's remembered tokens any more (it was found revoked)."""
        for token in [t for t, (d, _) in self._auth.items() if d.id == device_id]:
            self._auth.pop(token, None)

    async def pair(self, request: protocol.PairRequest) -> protocol.PairResponse | None:
        """Trade a pairing code for a token."""
        paired = await asyncio.to_thread(devices.pair, self.store, request.code, request.name)
        if paired is None:
            return None
        device, token = paired
        return protocol.PairResponse(
            token=token,
            device_id=device.id,
            role=device.role,
            workshop=device.workshop_code,
            event_id=self.signer.event_id,
        )

    # -- content ----------

    async def content(self, device: Device, cursor: int) -> protocol.ContentResponse:
        """What changed since the device's cursor."""
        result: protocol.ContentResponse = await self.read(
            queries.content_since, max(cursor, 0), device.role
        )
        return result

    # -- sync ----------

    async def sync(self, device: Device, batch: protocol.SyncBatch) -> bytes:
        """Apply a pillar's batch exactly once; the reply (a :class:`~protocol.SyncResponse`).

        Returns:
            The reply as JSON: each action's fate, by position.
        """
        received_at = datetime.now(UTC)
        actions = batch.actions
        rejected: list[protocol.ResultRow] = [
            {"index": i, "id": action_id, "fate": protocol.Fate.REJECTED, "reason": why}
            for i, action_id, why in batch.invalid
        ]
        # a pillar's outbox names few tickets many times: each is checked once
        checks = {
            ticket: self.check(ticket)
            for ticket in {a.ticket for _, a in actions if isinstance(a, protocol.TICKETED)}
        }
        wanted = {a.photo for _, a in actions if isinstance(a, protocol.PhotoAction)}
        sizes: dict[str, tuple[int, int]] = {}
        if wanted:
            marks = ",".join("?" * len(wanted))
            sizes = {
                r[0]: (r[1], r[2])
                for r in self.store.db.execute(
                    f"SELECT sha256, width, height FROM photo_files WHERE sha256 IN ({marks})",
                    list(wanted),
                )
            }

        incoming = Incoming(
            device_id=device.id,
            device_workshop=device.workshop_id,
            device_clock=batch.device_clock,
            outbox=batch.outbox,
            actions=actions,
            checks=checks,
            received_at=received_at,
            photo_sizes=sizes,
        )
        outcome = await self._apply(incoming)
        results = outcome.results  # in the order of the actions
        if rejected:
            results = sorted(results + rejected, key=itemgetter("index"))
        return protocol.sync_reply(received_at, results)

    async def _apply(self, incoming: Incoming) -> BatchOutcome:
        """Apply a batch together with every other batch that comes in before the writer is free.

        Batches join the open group; its write job applies them all in one pass
        (:func:`sync.apply_batches`). Should that pass fail, it is rolled back
        and each of its batches is applied alone, so one bad batch never takes
        its neighbours down.
        """
        with self._group_lock:
            group = self._group
            if group is None or group.closed:
                group = self._group = _SyncGroup(self._group_lock)
                group.done = self.store.submit_async(partial(self._apply_group_of, group))
            position = len(group.batches)
            group.batches.append(incoming)
        try:
            outcomes: list[BatchOutcome] = await asyncio.shield(group.done)
        except Exception:
            if len(group.batches) == 1:
                raise
            log.warning("a group of %d batches failed; applying each alone", len(group.batches))
            outcomes = await self.write(lambda db: self._apply_group(db, [incoming]))
            return outcomes[0]
        return outcomes[position]

    def _apply_group_of(self, group: _SyncGroup, db: Database) -> list[BatchOutcome]:
        return self._apply_group(db, group.close())

    def _apply_group(self, db: Database, batches: list[Incoming]) -> list[BatchOutcome]:
        """The write job of a group of batches (on the writer thread)."""
        now = time.monotonic()
        for incoming in batches:
            touched = self._touched.get(incoming.device_id)
            outbox = incoming.outbox
            incoming.touch_device = (
                touched is None or now - touched[0] >= TOUCH_INTERVAL_S or touched[1] != outbox
            )
            if incoming.touch_device:
                self._touched[incoming.device_id] = (now, outbox)
        outcomes = sync.apply_batches(
            db, batches, new_id=lambda: secrets.token_hex(16), word_filter=self.word_filter
        )
        if any(o.scored or o.counted for o in outcomes):
            self._dirty = True
            if time.monotonic() - self._last_emit >= STATS_INTERVAL:
                self._emit_figures(db)
        return outcomes

    def _emit_figures(self, db: Database) -> None:
        """Add leaderboard and counter events if they changed (inside a write job)."""
        self._dirty = False
        self._last_emit = time.monotonic()
        now = datetime.now(UTC)
        board = queries.leaderboard(db, 10)
        if board != self._last_board:
            self._last_board = board
            sync.append_event(
                db,
                protocol.LiveEvent(
                    seq=0, kind=protocol.LiveEventKind.LEADERBOARD, at=now, leaderboard=board
                ),
            )
        counters = queries.counters(db)
        if counters != self._last_counters:
            self._last_counters = counters
            sync.append_event(
                db,
                protocol.LiveEvent(
                    seq=0, kind=protocol.LiveEventKind.STATS, at=now, stats=counters
                ),
            )

    async def flush_figures(self) -> None:
        """Send figures that changed since the last event (called every second)."""
        if self._dirty and time.monotonic() - self._last_emit >= STATS_INTERVAL:
            await self.write(self._emit_figures)

    # -- photos ----------

    async def store_photo(self, data: bytes) -> protocol.PhotoStored:
        """Check, re-encode and keep an uploaded photo.

        Raises:
            PhotoError: not a usable image.
        """
        jpeg, width, height = await asyncio.to_thread(reencode, data)
        name = await asyncio.to_thread(self.data.store_file, jpeg, ".jpg", self.data.photos_dir)
        sha = name.removesuffix(".jpg")
        await self.write(
            lambda db: db.execute(
                "INSERT OR IGNORE INTO photo_files (sha256, width, height, bytes)"
                " VALUES (?, ?, ?, ?)",
                [sha, width, height, len(jpeg)],
            )
        )
        return protocol.PhotoStored(photo=sha, width=width, height=height, bytes=len(jpeg))

    # -- walls and figures ----------

    async def wall_snapshot(self) -> protocol.WallSnapshot:
        """What walls show now, and the event id to follow the live stream from."""

        def build(db: Database) -> protocol.WallSnapshot:
            return protocol.WallSnapshot(
                last_event=sync.last_event(db),
                items=[queries.wall_item(r) for r in queries.items(db)],
                leaderboard=queries.leaderboard(db, 10),
                stats=queries.stats(db),
            )

        result: protocol.WallSnapshot = await self.read(build)
        return result

    async def points(self, ticket: str) -> protocol.PointsResponse | None:
        """An attendee's points by their ticket; None if the ticket is not valid."""
        check = self.check(ticket)
        if not check.valid or check.payload is None:
            return None
        result: protocol.PointsResponse = await self.read(
            queries.points_of, check.payload.attendee_id
        )
        return result

    async def personal_page(self, token: str, lang: str | None, accept: str | None) -> Any:
        """The personal link page for a token (a polite page when it is not valid)."""
        check = self.check(token)
        chosen = links.language(lang, accept)
        return await self.read(lambda db: links.render(db, check, token, chosen))

    # -- moderation ----------

    async def moderation_queue(self, states: tuple[str, ...]) -> list[protocol.ModerationItem]:
        """Notes and photos in the given states, newest first."""
        rows: list[dict[str, Any]] = await self.read(queries.items, states)
        return [
            protocol.ModerationItem(
                item=queries.wall_item(r), state=r["state"], flagged=r["flagged"].split()
            )
            for r in reversed(rows)
        ]

    async def moderate(self, item_id: str, action: str) -> str:
        """Approve, hide or restore an item.

        Raises:
            NotFound: no such note or photo.
        """
        state: str | None = await self.write(
            lambda db: sync.moderate(db, item_id, action, datetime.now(UTC))
        )
        if state is None:
            raise NotFound(f"no note or photo {item_id}")
        return state

    def moderation_settings(self) -> protocol.ModerationSettings:
        """The event's moderation modes."""
        event = self.store.event() or {}
        return protocol.ModerationSettings(
            moderation=event.get("moderation", "post"),
            photo_moderation=event.get("photo_moderation", "pre"),
        )

    async def set_moderation(self, settings: protocol.ModerationSettings) -> None:
        """Change the moderation modes."""
        await self.write(
            lambda db: db.execute(
                "UPDATE event SET moderation = ?, photo_moderation = ? WHERE id = 1",
                [settings.moderation, settings.photo_moderation],
            )
        )

    async def set_words(self, words: list[str]) -> None:
        """Replace the word list (also on disk, for the next start)."""
        await asyncio.to_thread(save_words, self.words_path, words)
        self.word_filter = WordFilter(words)

    # -- desk: attendees and tickets ----------

    async def search(self, query: str, limit: int) -> list[protocol.AttendeeSummary]:
        """Attendees matching a query, with their ticket status."""
        result: list[protocol.AttendeeSummary] = await self.read(
            lambda db: queries.attendee_summaries(db, query, limit=limit)
        )
        return result

    async def register(self, walk_in: protocol.WalkIn) -> protocol.IssuedTicket:
        """Register a walk-in and issue their ticket.

        Raises:
            ValueError: the details are not acceptable (the message says why).
            StoreError: a workshop is unknown or the e-mail is already registered.
        """
        attendee = NewAttendee.model_validate(
            {**walk_in.model_dump(), "kind": AttendeeKind.WALK_IN, "workshops": walk_in.workshops}
        )
        [attendee_id] = await asyncio.to_thread(self.store.add_attendees, [attendee])
        return await self.issue(attendee_id, reissue=False)

    async def issue(self, attendee_id: int, *, reissue: bool) -> protocol.IssuedTicket:
        """Issue an attendee's ticket; ``reissue`` revokes the current one first.

        Raises:
            NotFound: no such attendee.
        """
        try:
            record = await asyncio.to_thread(
                self.store.issue_ticket, attendee_id, self.signer.key_id, reissue=reissue
            )
        except StoreError as error:
            raise NotFound(str(error)) from None
        if reissue:
            self._refresh_verifier()
        token = await asyncio.to_thread(self.data.token, self.store, record.serial)
        [summary] = await self.read(
            lambda db: queries.attendee_summaries(db, attendee_id=attendee_id)
        )
        agenda = await self.read(queries.agenda_lines, attendee_id)
        return protocol.IssuedTicket(
            attendee=summary,
            serial=record.serial,
            token=token,
            link=f"{self.base_url}/t/{token}",
            valid_from=record.valid_from,
            valid_until=record.valid_until,
            agenda=agenda,
        )

    async def issue_many(self, ids: list[int] | None) -> list[protocol.IssuedTicket]:
        """Current tickets for many attendees (all when ``ids`` is None), made where missing.

        Raises:
            NotFound: an attendee id is unknown (nothing is issued then).
        """
        if ids is None:
            ids = [r[0] for r in self.store.db.execute("SELECT id FROM attendees ORDER BY id")]
        try:
            records = await asyncio.to_thread(self.store.issue_tickets, ids, self.signer.key_id)
        except StoreError as error:
            raise NotFound(str(error)) from None

        def details(
            db: Database,
        ) -> tuple[dict[int, protocol.AttendeeSummary], dict[int, list[str]]]:
            summaries = {s.id: s for s in queries.attendee_summaries(db, limit=1_000_000)}
            return summaries, {a: queries.agenda_lines(db, a) for a in ids}

        summaries, agendas = await self.read(details)
        tokens = await asyncio.to_thread(
            lambda: [self.data.token(self.store, r.serial) for r in records]
        )
        return [
            protocol.IssuedTicket(
                attendee=summaries[record.attendee_id],
                serial=record.serial,
                token=token,
                link=f"{self.base_url}/t/{token}",
                valid_from=record.valid_from,
                valid_until=record.valid_until,
                agenda=agendas[record.attendee_id],
            )
            for record, token in zip(records, tokens, strict=True)
        ]

    async def lookup(self, ticket: str) -> protocol.LookupResult:
        """A ticket scanned at the desk: its verdict and whose it is."""
        check = self.check(ticket.strip())
        attendee = None
        signed = (Verdict.VALID, Verdict.REVOKED, Verdict.NOT_VALID_NOW)
        if check.payload is not None and check.verdict in signed:
            attendee_id = check.payload.attendee_id
            found = await self.read(
                lambda db: queries.attendee_summaries(db, attendee_id=attendee_id)
            )
            attendee = found[0] if found else None
        return protocol.LookupResult(verdict=check.verdict.value, attendee=attendee)

    # -- event content (the organiser's console) ----------

    def _branding_files(self) -> dict[str, str]:
        """The stored file names of the event's logo and map."""
        event = self.store.event() or {}
        return {k: event[k] for k in ("logo", "map") if event.get(k)}

    async def event_content(self) -> EventFile:
        """The event's content as the event file has it (images by their stored names)."""
        names = self._branding_files()
        result: EventFile = await asyncio.to_thread(self.store.export_event, names)
        return result

    async def replace_content(self, content: EventFile) -> EventFile:
        """Replace the event's content; pillars get it on their next pull.

        The logo and map stay as stored (they are uploaded as files, not in here).
        """
        await asyncio.to_thread(self.store.import_event, content, self._branding_files())
        return await self.event_content()

    async def purge_personal(self) -> protocol.PurgeResponse:
        """Remove personal data after the event (every device token goes too, this one's too)."""
        from dataclasses import asdict

        from shared.purge import purge_personal

        result = await asyncio.to_thread(purge_personal, self.data, self.store)
        self._refresh_verifier()
        self._auth.clear()  # every device token was revoked
        return protocol.PurgeResponse(**asdict(result))

    async def set_branding_image(self, field: str, data: bytes) -> str:
        """Replace the event's logo or venue map; returns the stored file name.

        Raises:
            ValueError: not a PNG, JPEG, WebP or SVG image.
        """
        suffix = image_suffix(data)
        if suffix is None:
            raise ValueError("not a PNG, JPEG, WebP or SVG image")
        name = await asyncio.to_thread(self.data.store_file, data, suffix)
        column = {"logo": "logo", "map": "map"}[field]
        await self.write(
            lambda db: db.execute(f"UPDATE event SET {column} = ? WHERE id = 1", [name])
        )
        return name

    # -- the registration list ----------

    async def import_roster(self, body: protocol.RosterRows) -> protocol.RosterOutcome:
        """Check a mapped registration list and, when ``commit``, store the accepted rows.

        Raises:
            StoreError: the list changed underneath (someone registered meanwhile).
        """
        identities = await asyncio.to_thread(self.store.attendee_identities)
        codes = [w["code"] for w in await asyncio.to_thread(self.store.workshops)]
        rows = [{str(k): v for k, v in row.items()} for row in body.rows]
        result = read_rows(
            rows, first_line=body.first_line, known_identities=identities, known_workshops=codes
        )
        imported = 0
        if body.commit and result.accepted:
            imported = len(await asyncio.to_thread(self.store.add_attendees, result.accepted))
        return protocol.RosterOutcome(
            accepted=len(result.accepted),
            rejected=[
                protocol.RejectedRowInfo(line=r.line, reason=r.reason, values=r.values)
                for r in result.rejected
            ],
            imported=imported,
        )

    # -- personal links by e-mail and SMS ----------

    def start_messenger(self) -> None:
        """Start sending (on the server's loop) and re-queue what a restart interrupted."""
        try:
            settings = load_settings(self.data.root / "messaging.toml")
            self.messaging_problem = ""
        except SettingsError as error:
            log.error("personal links cannot be sent: %s", error)
            settings, self.messaging_problem = MessagingSettings(), str(error)
        self.messenger = Messenger(settings, self._recipient, self._record_delivery)
        self.messenger.start()
        for channel in ("email", "sms"):
            waiting = [
                r[0]
                for r in self.store.db.execute(
                    "SELECT attendee_id FROM deliveries WHERE channel = ?"
                    " AND status IN ('queued', 'sending') ORDER BY updated_at, attendee_id",
                    [channel],
                )
            ]
            if waiting:
                self.messenger.enqueue(channel, waiting)

    async def stop_messenger(self) -> None:
        """Stop sending; the queue stays in the store."""
        if self.messenger is not None:
            await self.messenger.stop()

    def messaging_info(self) -> protocol.MessagingInfo:
        """Which channels are configured."""
        settings = self.messenger.settings if self.messenger else None
        return protocol.MessagingInfo(
            email=bool(settings and settings.email),
            sms=bool(settings and settings.sms),
            sender=settings.email.sender if settings and settings.email else "",
            problem=self.messaging_problem,
        )

    async def deliveries(self) -> list[protocol.Delivery]:
        """Every delivery's status."""
        result: list[protocol.Delivery] = await self.read(queries.deliveries)
        return result

    async def send_links(self, request: protocol.SendLinks) -> int:
        """Queue personal links; returns how many were queued.

        Raises:
            ValueError: the channel is not configured.
        """
        if self.messenger is None or not self.messenger.enabled(request.channel):
            raise ValueError(f"{request.channel} is not configured in messaging.toml")
        column = "email" if request.channel == "email" else "phone"
        channel = request.channel

        def job(db: Database) -> list[int]:
            rows = db.execute(
                f"SELECT a.id, d.status FROM attendees a LEFT JOIN deliveries d"
                f" ON d.attendee_id = a.id AND d.channel = ?"
                f" WHERE a.{column} IS NOT NULL AND a.{column} != '' ORDER BY a.id",
                [channel],
            ).fetchall()
            wanted = None if request.ids is None else set(request.ids)
            chosen = [
                attendee_id
                for attendee_id, status in rows
                if (wanted is None or attendee_id in wanted)
                and (request.resend or status not in ("sent", "queued", "sending"))
            ]
            now = utcnow()
            db.conn.executemany(
                "INSERT INTO deliveries (attendee_id, channel, status, reason, attempts,"
                " updated_at) VALUES (?, ?, 'queued', '', 0, ?) ON CONFLICT"
                " (attendee_id, channel) DO UPDATE SET status = 'queued', reason = '',"
                " attempts = 0, updated_at = excluded.updated_at",
                [(a, channel, now) for a in chosen],
            )
            return chosen

        chosen: list[int] = await self.write(job)
        self.messenger.enqueue(channel, chosen)
        return len(chosen)

    async def _recipient(self, attendee_id: int) -> Recipient | None:
        person = self.store.attendee(attendee_id)
        event = self.store.event()
        if person is None or event is None:
            return None
        record = await asyncio.to_thread(self.store.issue_ticket, attendee_id, self.signer.key_id)
        token = await asyncio.to_thread(self.data.token, self.store, record.serial)
        return Recipient(
            attendee_id=attendee_id,
            first_name=person["first_name"],
            last_name=person["last_name"],
            email=person["email"],
            phone=person["phone"],
            event=event["name"],
            link=f"{self.base_url}/t/{token}",
            qr_png=qr.png_bytes(token),
        )

    async def _record_delivery(
        self, attendee_id: int, channel: Channel, status: str, reason: str, attempts: int
    ) -> None:
        await self.write(
            lambda db: db.execute(
                "INSERT INTO deliveries (attendee_id, channel, status, reason, attempts,"
                " updated_at) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (attendee_id, channel)"
                " DO UPDATE SET status = excluded.status, reason = excluded.reason,"
                " attempts = excluded.attempts, updated_at = excluded.updated_at",
                [attendee_id, channel, status, reason[:300], attempts, utcnow()],
            )
        )

    async def mark_printed(self, serial: int) -> None:
        """Note that a ticket was printed."""
        await self.write(
            lambda db: db.execute(
                "UPDATE tickets SET printed_at = ? WHERE serial = ?", [utcnow(), serial]
            )
        )

    async def ticket_qr(self, serial: int, kind: str) -> bytes:
        """The QR image (PNG or SVG) of a current ticket.

        Raises:
            NotFound: no such ticket, or it was revoked.
        """
        record = self.store.ticket(serial)
        if record is None or record.revoked_at is not None:
            raise NotFound(f"no current ticket {serial}")
        token = await asyncio.to_thread(self.data.token, self.store, serial)
        if kind == "svg":
            import io

            buffer = io.BytesIO()
            qr.make(token).save(buffer, kind="svg", scale=8, border=4)
            return buffer.getvalue()
        return qr.png_bytes(token)
