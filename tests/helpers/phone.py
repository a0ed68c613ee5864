"""A world café brought to its dot voting, for the phone's ballots: by the hub's own hand.

The facilitator's steps (a round started, the ideas of a table taken as a sync
applies them, a cluster made, an idea merged and one hidden, the vote opened)
run the hub's write functions in the store's writer, as its routes do.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from shared import protocol
from shared.hub import cafe
from shared.store import Store
from tests.helpers.cafe import Cafe, add_world_cafe


@dataclass(frozen=True)
class Voting:
    """The sample world café in its vote phase, and its ideas' ids by text."""

    cafe: Cafe
    ideas: dict[str, int]


IDEAS = {
    "KLANT": ["Bellen", "Mailen", "Langsgaan", "Appen", "Verborgen", "Dubbel"],
    "SUCCES": ["Iedereen doet mee", "Klanten merken het"],
}


def cafe_gathered(store: Store) -> Voting:
    """Add the sample café and gather :data:`IDEAS` at table T1 in a round on every question."""
    room = add_world_cafe(store)
    now = datetime.now(UTC)

    def gather(db: Any) -> None:
        cafe.control_round(db, room.id, room.rounds[-1], "start", now)  # every question
        changes = cafe.Changes()
        for question, texts in IDEAS.items():
            for text in texts:
                action = protocol.IdeaAction(
                    id=uuid.uuid4(),
                    at=now,
                    question_id=room.questions[question],
                    table_id=room.tables["T1"],
                    text=text,
                )
                reason = cafe.apply_idea(db, action, now, now.isoformat(), changes)
                assert reason is None, reason

    store.write(gather)
    ideas = {r[1]: r[0] for r in store.db.execute("SELECT id, text FROM ideas")}
    return Voting(room, ideas)


def sort_and_vote(store: Store, gathered: Voting, *, harvest: bool = False) -> Voting:
    """Sort the gathered ideas as a facilitator would, then open the vote (and close it).

    ``Verborgen`` is hidden, ``Dubbel`` merged into ``Appen``, and ``Bellen`` and
    ``Mailen`` clustered as "Contact op afstand", so a ballot shows what is left.
    """
    room, ideas = gathered.cafe, gathered.ideas
    now = datetime.now(UTC)

    def sort_then_vote(db: Any) -> None:
        cafe.set_phase(db, room.id, "sort", now)
        group = cafe.add_cluster(
            db,
            room.id,
            room.questions["KLANT"],
            protocol.ClusterEdit(label="Contact op afstand"),
            now,
        )
        for text in ("Bellen", "Mailen"):
            cafe.edit_idea(db, room.id, ideas[text], protocol.IdeaEdit(cluster_id=group.id), now)
        cafe.edit_idea(db, room.id, ideas["Verborgen"], protocol.IdeaEdit(state="hidden"), now)
        edit = protocol.IdeaEdit(merged_into=ideas["Appen"])
        cafe.edit_idea(db, room.id, ideas["Dubbel"], edit, now)
        cafe.set_phase(db, room.id, "vote", now)
        if harvest:
            cafe.set_phase(db, room.id, "harvest", now)

    store.write(sort_then_vote)
    return gathered


def cafe_in_vote(store: Store) -> Voting:
    """The sample café with :data:`IDEAS` gathered and sorted, its dot voting open."""
    return sort_and_vote(store, cafe_gathered(store))
