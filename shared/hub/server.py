"""Serving the hub with uvicorn: in the foreground (``zuil hub``) or on a thread (demo, tests)."""

from __future__ import annotations

import asyncio
import gc
import logging
import socket
import threading
import time
from dataclasses import dataclass

import uvicorn

from shared import protocol
from shared.datadir import DataDir
from shared.hub import heap
from shared.hub.app import create_app
from shared.hub.replica import Fenced, ReplicationStatus, Replicator, Target, check_fence, identity
from shared.hub.service import Hub
from shared.hub.standby import Takeover, write_state
from shared.store import Store

log = logging.getLogger("zuil.hub")

SHUTDOWN_GRACE_S = 2  # how long a stopping hub lets requests in flight finish


def bind(host: str, port: int) -> socket.socket:
    """A listening TCP socket (port 0: any free port)."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    # proto must say TCP: asyncio sets TCP_NODELAY on accepted connections only when
    # it does, and without it every small reply waits ~40 ms for a delayed ACK.
    sock = socket.socket(family, socket.SOCK_STREAM, socket.IPPROTO_TCP)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    sock.bind((host, port))
    sock.listen(2048)
    sock.set_inheritable(True)
    return sock


def url_of(sock: socket.socket) -> str:
    """The base URL a socket is reached at."""
    host, port = sock.getsockname()[:2]
    if host in ("0.0.0.0", "::"):
        host = "127.0.0.1"
    return f"http://[{host}]:{port}" if ":" in host else f"http://{host}:{port}"


def _config(app: object, sock: socket.socket) -> uvicorn.Config:
    return uvicorn.Config(
        app,  # type: ignore[arg-type]
        fd=None,
        log_config=None,
        access_log=False,  # our own access log redacts tokens
        timeout_keep_alive=30,
        # the walls' live streams never end by themselves: without a limit a stopping
        # hub waited for them all (and kept serving them) until it was killed
        timeout_graceful_shutdown=SHUTDOWN_GRACE_S,
        lifespan="on",
        host=sock.getsockname()[0],
        port=sock.getsockname()[1],
    )


def serve(
    data: DataDir,
    host: str,
    port: int,
    announce: bool = True,
    *,
    replicate: Target | None = None,
    hubs: list[str] | None = None,
    takeover: Takeover | None = None,
    public_url: str | None = None,
) -> None:
    """Run the hub in the foreground until interrupted (or fenced).

    Args:
        data: the data folder.
        host: the address to bind.
        port: the port (0: any free one).
        announce: print where it serves.
        replicate: stream the database to this replica with Litestream.
        hubs: every address of the event's hubs, handed to devices when they pair.
        takeover: this hub is a standby that took over (when and why).
        public_url: the address phones reach the hub at, for personal links and printed
            tickets (default: the address it binds, which says 127.0.0.1 for 0.0.0.0).

    Raises:
        Fenced: a standby took over the replica: this hub must not serve the event.
    """
    heap.limit_arenas()  # before the store's writer and the worker threads start
    hub_id = identity(data)
    if replicate is not None:
        check_fence(replicate, hub_id)  # before the socket: a fenced hub never answers
    sock = bind(host, port)
    stop_trimming = threading.Event()
    fenced: list[str] = []
    with data.open_store(replicated=replicate is not None) as store:
        base_url = public_url.rstrip("/") if public_url else url_of(sock)
        hub = Hub(data, store, base_url=base_url, hub_id=hub_id, hubs=hubs)
        if takeover is not None:
            hub.role, hub.takeover = "promoted", takeover.public()
        server = uvicorn.Server(_config(create_app(hub), sock))
        replicator = None
        if replicate is not None:

            def on_fenced(message: str) -> None:
                fenced.append(message)
                server.should_exit = True  # two hubs never take writes for one event

            def on_tick(status: ReplicationStatus) -> None:
                serving = dict(hub.serving())
                write_state(data, protocol.HubRunState(**serving, written_at=time.time()))

            replicator = Replicator(
                data, store, replicate, hub_id, on_fenced=on_fenced, on_tick=on_tick
            )
            replicator.start()
            hub.replication = replicator
        hub.db.open_readers()  # every read connection there is, before the first request
        settle_heap()
        heap.trim_every(heap.TRIM_EVERY_S, stop_trimming)
        if announce:
            event = store.event()
            name = event["name"] if event else None
            role = " (took over: standby promoted)" if takeover is not None else ""
            print(f"zuil hub serving '{name}' on {url_of(sock)}{role}", flush=True)
        try:
            server.run(sockets=[sock])
        finally:
            stop_trimming.set()
            if replicator is not None:
                replicator.stop()
    if fenced:
        raise Fenced(fenced[0])


def settle_heap() -> None:
    """Keep what start-up made out of the garbage collector's full passes (its own process only).

    The imports and the app are some 80,000 objects that live as long as the
    process. A full collection walked them all: measured under sync load, one
    pass of 80-105 ms, a stall of every request once per ~20,000 actions. Frozen
    (:func:`gc.freeze`), the same pass took 3-4 ms.
    """
    gc.collect()
    gc.freeze()


@dataclass
class RunningHub:
    """A hub served on a background thread; ``stop()`` ends it."""

    url: str
    hub: Hub
    server: uvicorn.Server
    thread: threading.Thread

    def stop(self) -> None:
        """Stop serving and wait for the thread."""
        self.server.should_exit = True
        self.thread.join(timeout=10)


def start_in_thread(
    data: DataDir, store: Store, host: str = "127.0.0.1", port: int = 0
) -> RunningHub:
    """Serve the hub on a thread of its own (the demo and integration tests)."""
    sock = bind(host, port)
    hub = Hub(data, store, base_url=url_of(sock))
    server = uvicorn.Server(_config(create_app(hub), sock))

    def run() -> None:
        asyncio.run(server.serve(sockets=[sock]))

    thread = threading.Thread(target=run, name="zuil-hub", daemon=True)
    thread.start()
    while not server.started and thread.is_alive():
        threading.Event().wait(0.01)
    return RunningHub(url=url_of(sock), hub=hub, server=server, thread=thread)
