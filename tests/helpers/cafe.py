"""A world café in a test's store: the sample session added to the demo congress."""

from __future__ import annotations

from dataclasses import dataclass

from shared import eventfile
from shared.datadir import assets_dir
from shared.hub import cafequeries
from shared.store import Store

WORLD_CAFE = assets_dir() / "demo" / "world-cafe.toml"


@dataclass(frozen=True)
class Cafe:
    """The ids of the sample session: its questions, tables and rounds by code and number."""

    id: int
    questions: dict[str, int]
    tables: dict[str, int]
    rounds: list[int]


def add_world_cafe(store: Store) -> Cafe:
    """Add the sample world café (``assets/demo/world-cafe.toml``) to the store's event."""
    sessions = eventfile.load(WORLD_CAFE).sessions
    current = store.export_event()
    event = store.event()
    media = {k: v for k in ("logo", "map") if event and (v := event[k])}
    store.import_event(current.model_copy(update={"sessions": sessions}), media)
    [info] = store.read(cafequeries.sessions)
    return Cafe(
        id=info.id,
        questions={q.code: q.id for q in info.questions},
        tables={t.code: t.id for t in info.tables},
        rounds=[r.id for r in info.rounds],
    )
