"""The hub's core, without HTTP: its database access, devices, tickets and live figures.

What each endpoint does lives with its group of routes (:mod:`shared.hub.public`,
:mod:`shared.hub.pillar`, :mod:`shared.hub.wall`, :mod:`shared.hub.desk`,
:mod:`shared.hub.organiser`); they all reach the store through :meth:`Hub.read`
and :meth:`Hub.write`, the one read path and the one write path: reads run in a
worker thread, writes on the store's writer thread, so the event loop never
touches SQLite and never blocks.
"""

from __future__ import annotations

import asyncio
import logging
import secrets
import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from datetime import UTC, date, datetime
from typing import TYPE_CHECKING, Concatenate, Literal, ParamSpec, TypeVar

from sqlite_utils import Database

from shared import attendees, protocol, qr, ticketbook
from shared.attendees import AttendeeRow
from shared.datadir import DataDir, assets_dir, today, verifier_in
from shared.db import LoopAccess
from shared.hub import devices, polls, queries, sync
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
from shared.hub.sync import BatchOutcome, Incoming
from shared.hub.wordfilter import WordFilter, load_words
from shared.programme import EventRow
from shared.programme import event as event_row
from shared.store import Store, utcnow
from shared.ticketbook import TicketRecord
from shared.tickets import Check, TicketSigner, TicketVerifier

if TYPE_CHECKING:
    from shared.hub.replica import Replicator

log = logging.getLogger("zuil.hub")
P = ParamSpec("P")
T = TypeVar("T")

STATS_INTERVAL = 1.0  # leaderboard and counters reach the walls at most once a second
AUTH_CACHE_S = 5.0  # how long a known device token is trusted without asking SQLite
# a pillar's last contact and clock are written at most this often (its outbox size at once)
TOUCH_INTERVAL_S = 1.0
_CHECK_CACHE = 20_000


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

    def __init__(
        self,
        data: DataDir,
        store: Store,
        base_url: str = "",
        *,
        hub_id: str = "",
        hubs: list[str] | None = None,
    ) -> None:
        self.data = data
        self.store = store
        # which hub this is: a standby that took over has another, and pillars that meet
        # a new one send again what the last one acknowledged (kiosk/outbox.py)
        self.hub_id = hub_id or secrets.token_hex(8)
        self.hubs = list(hubs or [])  # every address of the event's hubs, for pairing
        self.role: Literal["primary", "promoted"] = "primary"  # promoted: a standby took over
        self.takeover: protocol.TakeoverInfo | None = None  # when and why it took over
        self.replication: Replicator | None = None  # when the hub replicates
        self.db = LoopAccess(store)
        self.base_url = base_url.rstrip("/")
        self.signer: TicketSigner = data.signer(store)
        self._verifier: TicketVerifier = store.read(verifier_in)
        self._checks: OrderedDict[tuple[str, date], Check] = OrderedDict()
        self.content_memo = queries.ContentMemo()
        self.words_path = data.root / "words.txt"
        self.word_filter = WordFilter(
            load_words(self.words_path, sorted((assets_dir() / "wordfilter").glob("*.txt")))
        )
        # the hub's clock for what it stores and announces (a test may run a day on its own)
        self.clock: Callable[[], datetime] = _now
        self.feed: LiveFeed | None = None
        self.messenger: Messenger | None = None
        self._auth: dict[str, tuple[Device, float]] = {}
        # device id -> (when its row was last written, the outbox size written); writer only
        self._touched: dict[int, tuple[float, int]] = {}
        # the batches waiting for the writer, applied together (see apply)
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

    def serving(self) -> protocol.HubServing:
        """Which hub serves, how its replica stands and its standby's state."""
        replication = self.replication.status.public() if self.replication is not None else None
        return protocol.HubServing(
            hub_id=self.hub_id, role=self.role, takeover=self.takeover, replication=replication
        )

    # -- plumbing ----------

    def attach(self, loop: asyncio.AbstractEventLoop) -> LiveFeed:
        """Bind the live feed to the event loop the HTTP server runs on."""
        self.feed = LiveFeed(loop)
        return self.feed

    def _on_commit(self) -> None:
        if self.feed is not None:
            self.feed.poke()

    async def read(
        self, fn: Callable[Concatenate[Database, P], T], *args: P.args, **kwargs: P.kwargs
    ) -> T:
        """The one read path: ``fn(db, *args)`` in one snapshot, on a worker thread."""
        return await self.db.read(fn, *args, **kwargs)

    async def write(
        self, fn: Callable[Concatenate[Database, P], T], *args: P.args, **kwargs: P.kwargs
    ) -> T:
        """The one write path: ``fn(db, *args)`` on the store's writer thread, once committed."""
        return await self.db.write(fn, *args, **kwargs)

    async def event(self) -> EventRow | None:
        """The event row, or None before an event was imported."""
        return await self.read(event_row)

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

    def use_verifier(self, verifier: TicketVerifier) -> None:
        """Check tickets with ``verifier`` from now on (read in the write that revoked some)."""
        self._verifier = verifier
        self._checks.clear()

    def token(self, record: TicketRecord) -> str:
        """The token of a ticket record (signing only: no read)."""
        return self.data.token_for(record, self.signer)

    def link(self, token: str) -> str:
        """The personal link of a ticket token."""
        return f"{self.base_url}/t/{token}"

    # -- devices ----------

    async def authenticate(self, token: str) -> Device | None:
        """The device behind a bearer token (known tokens are remembered for a few seconds).

        Every request names its token; looking each up in SQLite cost more than
        the rest of a pillar's sync. A token revoked by this hub (purge) is
        forgotten at once; one revoked from the command line stops working
        within ``AUTH_CACHE_S``.
        """
        now = time.monotonic()
        cached = self._auth.get(token)
        if cached is not None and cached[1] > now:
            return cached[0]
        found = await self.read(devices.by_token, token)
        if found is not None:
            if len(self._auth) > 10_000:
                self._auth.clear()
            self._auth[token] = (found, time.monotonic() + AUTH_CACHE_S)
        else:
            self._auth.pop(token, None)
        return found

    def forget_device(self, device_id: int) -> None:
        """Trust none of a device's remembered tokens any more (it was found revoked)."""
        for token in [t for t, (d, _) in self._auth.items() if d.id == device_id]:
            self._auth.pop(token, None)

    def forget_devices(self) -> None:
        """Trust no remembered token any more (every one was revoked)."""
        self._auth.clear()

    # -- sync ----------

    async def apply(self, incoming: Incoming) -> BatchOutcome:
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
                group.done = self.store.submit_async(self._apply_group_of, group)
            position = len(group.batches)
            group.batches.append(incoming)
        try:
            outcomes: list[BatchOutcome] = await asyncio.shield(group.done)
        except Exception:
            if len(group.batches) == 1:
                raise
            log.warning("a group of %d batches failed; applying each alone", len(group.batches))
            outcomes = await self.write(self._apply_group, [incoming])
            return outcomes[0]
        return outcomes[position]

    async def apply_together(self, batches: list[Incoming]) -> list[BatchOutcome]:
        """Apply batches in one group, so one commit holds them all (and whatever joins).

        What phones answer in a minute is applied this way (see
        :mod:`shared.hub.phone`): one commit, so its answers hide among each other.
        Should the group's pass fail, these batches are applied again as a group of
        their own.
        """
        if not batches:
            return []
        with self._group_lock:
            group = self._group
            if group is None or group.closed:
                group = self._group = _SyncGroup(self._group_lock)
                group.done = self.store.submit_async(self._apply_group_of, group)
            start = len(group.batches)
            group.batches.extend(batches)
        try:
            outcomes: list[BatchOutcome] = await asyncio.shield(group.done)
        except Exception:
            if len(group.batches) == len(batches):
                raise
            log.warning(
                "a group of %d batches failed; applying a phones' minute alone", len(group.batches)
            )
            return list(await self.write(self._apply_group, batches))
        return outcomes[start : start + len(batches)]

    def _apply_group_of(self, db: Database, group: _SyncGroup) -> list[BatchOutcome]:
        return self._apply_group(db, group.close())

    def _apply_group(self, db: Database, batches: list[Incoming]) -> list[BatchOutcome]:
        """The write job of a group of batches (on the writer thread)."""
        now = time.monotonic()
        for incoming in batches:
            wanted = {a.photo for _, a in incoming.actions if isinstance(a, protocol.PhotoAction)}
            if wanted:  # read here, in the write's own transaction: no read on the event loop
                incoming.photo_sizes = queries.photo_sizes(db, wanted)
            if incoming.device_id is None:  # a phone's: no device row to touch
                incoming.touch_device = False
                continue
            touched = self._touched.get(incoming.device_id)
            outbox = incoming.outbox
            incoming.touch_device = (
                touched is None or now - touched[0] >= TOUCH_INTERVAL_S or touched[1] != outbox
            )
            if incoming.touch_device:
                self._touched[incoming.device_id] = (now, outbox)
        outcomes = sync.apply_batches(
            db, batches, new_id=sync.item_id, word_filter=self.word_filter
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
        now = self.clock()
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

    def figures_changed(self) -> None:
        """Counters changed outside a sync (moderation): send them with the next figures."""
        self._dirty = True

    async def flush_figures(self) -> None:
        """Send figures that changed since the last event (called every second).

        Questions that opened or closed by their times since (or whose content
        changed) have their results published again.
        """
        if self._dirty and time.monotonic() - self._last_emit >= STATS_INTERVAL:
            await self.write(self._emit_figures)
        now = self.clock()
        if await self.read(polls.stale, now):
            await self.write(self._publish_stale, now)

    def _publish_stale(self, db: Database, now: datetime) -> list[int]:
        return polls.publish(db, polls.stale(db, now), now, paced=False)

    # -- personal links by e-mail and SMS ----------

    async def start_messenger(self) -> None:
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
            waiting = await self.read(queries.waiting_deliveries, channel)
            if waiting:
                self.messenger.enqueue(channel, waiting)

    async def stop_messenger(self) -> None:
        """Stop sending; the queue stays in the store."""
        if self.messenger is not None:
            await self.messenger.stop()

    async def _recipient(self, attendee_id: int) -> Recipient | None:
        person, event = await self.read(_person_and_event, attendee_id)
        if person is None or event is None:
            return None
        record = await self.write(ticketbook.issue, attendee_id, self.signer.key_id)
        token = self.token(record)
        return Recipient(
            attendee_id=attendee_id,
            first_name=person["first_name"],
            last_name=person["last_name"],
            email=person["email"],
            phone=person["phone"],
            event=event["name"],
            link=self.link(token),
            qr_png=qr.png_bytes(token),
        )

    async def _record_delivery(
        self, attendee_id: int, channel: Channel, status: str, reason: str, attempts: int
    ) -> None:
        await self.write(_record_delivery, attendee_id, channel, status, reason, attempts)


def _now() -> datetime:
    return datetime.now(UTC)


def _person_and_event(db: Database, attendee_id: int) -> tuple[AttendeeRow | None, EventRow | None]:
    return attendees.one(db, attendee_id), event_row(db)


def _record_delivery(
    db: Database, attendee_id: int, channel: str, status: str, reason: str, attempts: int
) -> None:
    db.execute(
        "INSERT INTO deliveries (attendee_id, channel, status, reason, attempts,"
        " updated_at) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (attendee_id, channel)"
        " DO UPDATE SET status = excluded.status, reason = excluded.reason,"
        " attempts = excluded.attempts, updated_at = excluded.updated_at",
        [attendee_id, channel, status, reason[:300], attempts, utcnow()],
    )
