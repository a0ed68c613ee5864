"""One SQLite file (WAL) written by one thread, read by any: the engine under the event store.

Every write is a function of a ``sqlite_utils.Database`` run on the writer
thread. Writes that queue up while one runs are committed together (group
commit), each inside its own savepoint so one failing write never takes its
neighbours down. Readers use their own connection per thread. An event loop
waits for its writes with :meth:`Engine.submit_async`: after a commit the
writer wakes each loop once for all of that loop's writes.

What the rows mean lives elsewhere (:mod:`shared.store` and the modules it
names): here is only how a read or a write reaches the file. Both take a
function whose first argument is the connection, and its further arguments::

    engine.write(tickets_table.issue, attendee_id, key_id)   # a thread waits
    await hub.db.read(queries.leaderboard, 10)             # an event loop waits
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import queue
import sqlite3
import threading
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Concatenate, ParamSpec, TypeVar

from sqlite_utils import Database

log = logging.getLogger("zuil.db")

P = ParamSpec("P")
T = TypeVar("T")
WriteJob = Callable[[Database], T]
# a concurrent future for threads, an asyncio one for an event loop
Waiter = Future[Any] | asyncio.Future[Any]

_MAX_BATCH = 256
# Threads an event loop's reads run on, each keeping its read connection (with its statement
# and page caches) for good. A fixed few, not asyncio's default executor: that one added a
# thread, and so a connection, whenever reads came together, and a hub's memory crept up
# with them over a day (docs/performance.md).
READERS = 4
# A read connection's page cache, in kB. In WAL mode a reader drops its cache at the start
# of a read whenever another connection has committed since, which under load is every
# read: a bigger cache saves nothing and holds up to its size per reader between reads.
READER_CACHE_KIB = 256


def power_chunks(items: Sequence[T], largest: int) -> Iterator[Sequence[T]]:
    """``items`` in pieces whose sizes are powers of two, at most ``largest`` (one too).

    A statement with one ``?`` group per row differs with every row count, and
    each connection keeps its last 128 statements prepared: with any count
    allowed, a day's varied batch sizes filled that cache with ever larger
    statements (a prepared 200-row insert is about 100 kB), and the hub's memory
    crept up for hours. Powers of two bound the distinct statements per table to
    about ten.
    """
    start = 0
    size = largest
    while start < len(items):
        while size > len(items) - start:
            size //= 2
        yield items[start : start + size]
        start += size


def padded(values: list[T]) -> list[T]:
    """``values`` with its last repeated up to the next power of two, for an ``IN (…)`` list.

    The same rows match (``IN`` is a set), and the statement is one of a few
    (see :func:`power_chunks`).
    """
    if not values:
        return values
    size = 1 << (len(values) - 1).bit_length()
    return values + [values[-1]] * (size - len(values))


class StoreError(Exception):
    """A write that cannot be done, with a message a person can act on."""


def utcnow() -> str:
    """The current UTC time as an ISO string with microseconds, as rows store it (sorts as text)."""
    return datetime.now(UTC).isoformat(timespec="microseconds")


def connect(path: Path) -> Database:
    """A connection as every thread of the engine uses it (busy timeout, foreign keys)."""
    # Each connection is used by one thread, but closed by close() on another.
    db = Database(sqlite3.connect(str(path), check_same_thread=False))
    db.execute("PRAGMA busy_timeout = 10000")
    db.execute("PRAGMA foreign_keys = ON")
    return db


def _bind(fn: Callable[Concatenate[Database, P], T], *args: Any, **kwargs: Any) -> WriteJob[T]:
    """``fn`` with its further arguments bound: a function of the connection alone."""
    if not args and not kwargs:
        return fn
    return lambda db: fn(db, *args, **kwargs)


class Engine:
    """The writer thread, group commit and per-thread read connections of one SQLite file.

    Args:
        path: the SQLite file; created when needed.
        prepare: run once on the writer's connection before any write (migrations).
        autocheckpoint: let SQLite checkpoint the log after commits (its default). Off
            while Litestream replicates the file: it checkpoints itself, between its
            reads of the log, so no change is checkpointed away before it was shipped.

    """

    def __init__(
        self,
        path: Path,
        prepare: Callable[[Database], None] | None = None,
        *,
        autocheckpoint: bool = True,
    ) -> None:
        self.path = path
        self.autocheckpoint = autocheckpoint
        self._jobs: queue.SimpleQueue[tuple[WriteJob[Any], Waiter] | None] = queue.SimpleQueue()
        self._local = threading.local()
        self._commit_listeners: list[Callable[[], None]] = []
        self._readers: list[Database] = []
        self._readers_lock = threading.Lock()
        ready: Future[None] = Future()
        self._writer = threading.Thread(
            target=self._run_writer, args=(ready, prepare), name="zuil-store-writer", daemon=True
        )
        self._writer.start()
        ready.result()
        self._closed = False

    # -- the writer ----------

    def _run_writer(self, ready: Future[None], prepare: Callable[[Database], None] | None) -> None:
        try:
            db = connect(self.path)
            db.enable_wal()
            # FULL: an action acknowledged to a pillar survives a power cut.
            db.execute("PRAGMA synchronous = FULL")
            if not self.autocheckpoint:
                db.execute("PRAGMA wal_autocheckpoint = 0")
            if prepare is not None:
                prepare(db)
        except BaseException as error:  # reported to the constructor's caller
            ready.set_exception(error)
            return
        ready.set_result(None)
        while True:
            item = self._jobs.get()
            if item is None:
                break
            batch = [item]
            while len(batch) < _MAX_BATCH:
                try:
                    more = self._jobs.get_nowait()
                except queue.Empty:
                    break
                if more is None:
                    self._jobs.put(None)
                    break
                batch.append(more)
            if self._run_batch(db, batch, self.autocheckpoint):
                for listener in list(self._commit_listeners):
                    try:
                        listener()
                    except Exception:  # a listener's bug must not stop the writer
                        log.exception("commit listener failed")
        db.close()

    @staticmethod
    def _run_batch(
        db: Database, batch: list[tuple[WriteJob[Any], Waiter]], alone_in_file: bool = True
    ) -> bool:
        if len(batch) == 1:
            return Engine._run_alone(db, *batch[0], alone_in_file)
        outcomes: list[tuple[Waiter, bool, Any]] = []
        conn = db.conn
        try:
            with _transaction(db, alone_in_file):
                for job, future in batch:
                    if not _claim(future):
                        continue
                    conn.execute("SAVEPOINT job")  # one failing write leaves the others be
                    try:
                        value = job(db)
                    except Exception as error:
                        if conn.in_transaction:
                            conn.execute("ROLLBACK TO job")
                            conn.execute("RELEASE job")
                        outcomes.append((future, False, error))
                    else:
                        conn.execute("RELEASE job")
                        outcomes.append((future, True, value))
        except BaseException as error:  # the commit itself failed: nothing was written
            _settle([(future, False, error) for _, future in batch])
            return False
        _settle(outcomes)
        return True

    @staticmethod
    def _run_alone(
        db: Database, job: WriteJob[Any], future: Waiter, alone_in_file: bool = True
    ) -> bool:
        """A write that is alone in its transaction: no savepoint, its failure undoes only it.

        Under a steady load most commits hold one job (the hub's sync groups its
        pillars' batches into one), and a savepoint is two statements more, each
        letting go of the GIL and waiting to take it back from a busy event loop.
        """
        if not _claim(future):
            return False
        try:
            with _transaction(db, alone_in_file):
                value = job(db)
        except BaseException as error:  # the write or its commit failed: nothing was written
            _settle([(future, False, error)])
            return False
        _settle([(future, True, value)])
        return True

    def add_commit_listener(self, listener: Callable[[], None]) -> None:
        """Call ``listener`` on the writer thread after every committed batch of writes."""
        self._commit_listeners.append(listener)

    # -- writes ----------

    def submit(
        self, fn: Callable[Concatenate[Database, P], T], *args: P.args, **kwargs: P.kwargs
    ) -> Future[T]:
        """Queue a write ``fn(db, *args)``; the future resolves once it is committed."""
        if self._closed:
            raise StoreError("the store is closed")
        if threading.current_thread() is self._writer:
            raise StoreError("a write job may not wait for another write job")
        future: Future[T] = Future()
        self._jobs.put((_bind(fn, *args, **kwargs), future))
        return future

    def write(
        self, fn: Callable[Concatenate[Database, P], T], *args: P.args, **kwargs: P.kwargs
    ) -> T:
        """Run ``fn(db, *args)`` on the writer thread and wait until it is committed."""
        return self.submit(fn, *args, **kwargs).result()

    def submit_async(
        self, fn: Callable[Concatenate[Database, P], T], *args: P.args, **kwargs: P.kwargs
    ) -> asyncio.Future[T]:
        """Queue a write from the running event loop; await the result once committed.

        Cheaper than wrapping :meth:`submit`'s future: the writer wakes the loop
        once per group commit, not once per write.
        """
        if self._closed:
            raise StoreError("the store is closed")
        future: asyncio.Future[T] = asyncio.get_running_loop().create_future()
        self._jobs.put((_bind(fn, *args, **kwargs), future))
        return future

    # -- reads ----------

    @property
    def db(self) -> Database:
        """This thread's read connection."""
        db: Database | None = getattr(self._local, "db", None)
        if db is None:
            db = connect(self.path)
            db.execute(f"PRAGMA cache_size = -{READER_CACHE_KIB}")
            self._local.db = db
            with self._readers_lock:
                self._readers.append(db)
        return db

    @contextmanager
    def snapshot(self) -> Iterator[Database]:
        """A read connection holding one consistent view for several queries.

        A read that fails hands its connection back closed: a query left half-read
        keeps its statement (the cursor lives on in the exception's traceback), and
        in WAL mode an unfinished statement holds its snapshot, so every later read
        on this thread's connection would see the database as it was then.
        """
        db = self.db
        try:
            with db.atomic():
                yield db
        except BaseException:
            self._discard(db)
            raise

    def read(
        self, fn: Callable[Concatenate[Database, P], T], *args: P.args, **kwargs: P.kwargs
    ) -> T:
        """``fn(db, *args)`` in one snapshot of this thread's read connection."""
        with self.snapshot() as db:
            return fn(db, *args, **kwargs)

    def scalar(self, sql: str, params: Iterable[Any] = ()) -> Any:
        """The first column of the first row of a query, or None."""
        row = self.db.execute(sql, list(params)).fetchone()
        return row[0] if row else None

    def _discard(self, db: Database) -> None:
        """Close this thread's read connection; the next read opens a fresh one."""
        self._local.db = None
        with self._readers_lock:
            if db in self._readers:
                self._readers.remove(db)
        db.close()

    # -- the end ----------

    def close(self) -> None:
        """Finish queued writes and close every connection."""
        if self._closed:
            return
        self._closed = True
        self._jobs.put(None)
        self._writer.join()
        with self._readers_lock:
            for db in self._readers:
                db.close()
            self._readers.clear()


class LoopAccess:
    """An engine as an event loop uses it: every read and write awaited, the loop never blocks.

    Reads run in a worker thread (its own connection, one snapshot); writes on
    the writer thread. There is no other way from a coroutine to the file.

    Args:
        engine: the engine.

    """

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self._readers = ThreadPoolExecutor(READERS, thread_name_prefix="zuil-hub-read")

    async def read(
        self, fn: Callable[Concatenate[Database, P], T], *args: P.args, **kwargs: P.kwargs
    ) -> T:
        """``fn(db, *args)`` in one snapshot, on one of the reader threads."""

        def run() -> T:
            return self.engine.read(fn, *args, **kwargs)

        return await asyncio.get_running_loop().run_in_executor(self._readers, run)

    def open_readers(self) -> None:
        """Start every reader thread and open its connection now, not under the first load.

        Each task waits for the others, so each runs on a thread of its own.
        """
        together = threading.Barrier(READERS)

        def open_one() -> None:
            self.engine.db  # noqa: B018 -- opens this thread's read connection
            together.wait(timeout=30)

        for opened in [self._readers.submit(open_one) for _ in range(READERS)]:
            opened.result()

    async def write(
        self, fn: Callable[Concatenate[Database, P], T], *args: P.args, **kwargs: P.kwargs
    ) -> T:
        """``fn(db, *args)`` on the writer thread, once it is committed."""
        return await self.engine.submit_async(fn, *args, **kwargs)


@contextmanager
def _transaction(db: Database, alone_in_file: bool) -> Iterator[None]:
    """One write transaction of the writer.

    Alone in the file, the writer's transactions begin as reads (``BEGIN``) and
    become writes at their first change. Litestream writes to the file too (its
    own bookkeeping, and its checkpoints): a transaction that read first and
    then finds another write in between cannot become a write, and SQLite says
    "database is locked" at once, without waiting. So beside Litestream each
    transaction takes the write lock first (``BEGIN IMMEDIATE``, which waits
    its turn within the busy timeout).
    """
    if alone_in_file:
        with db.atomic():
            yield
        return
    conn = db.conn
    conn.execute("BEGIN IMMEDIATE")
    try:
        yield
    except BaseException:
        if conn.in_transaction:
            conn.execute("ROLLBACK")
        raise
    conn.execute("COMMIT")


def _claim(future: Waiter) -> bool:
    """Mark a write as started; False when its waiter cancelled it already."""
    if isinstance(future, Future):
        return future.set_running_or_notify_cancel()
    return not future.cancelled()  # racy but harmless: settling checks again


def _settle(outcomes: list[tuple[Waiter, bool, Any]]) -> None:
    """Hand each write's result to whoever waits: threads at once, each event loop in one go."""
    loops: dict[asyncio.AbstractEventLoop, list[tuple[Waiter, bool, Any]]] = {}
    for outcome in outcomes:
        future = outcome[0]
        if isinstance(future, Future):
            _resolve(*outcome)
        else:
            loops.setdefault(future.get_loop(), []).append(outcome)
    for loop, settled in loops.items():
        with contextlib.suppress(RuntimeError):  # a closed loop: nobody waits any more
            loop.call_soon_threadsafe(_settle_on_loop, settled)


def _settle_on_loop(settled: list[tuple[Waiter, bool, Any]]) -> None:
    for outcome in settled:
        _resolve(*outcome)


def _resolve(future: Waiter, ok: bool, value: Any) -> None:
    if future.done():  # cancelled by its waiter
        return
    if ok:
        future.set_result(value)
    else:
        future.set_exception(value)
