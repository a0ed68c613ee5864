"""The demo's crowd: some forty attendees answering the questions over a minute.

Each crowd member walks up to the pillar of one of their workshops, has their
ticket scanned, rates the workshop (now and then with a comment), gives the
recommend score, answers the poll, proposes a name or votes (whichever the naming
vote's phase asks) and gives a word for the cloud. It all goes as a pillar sends
it: into the pillar's own outbox, then to the real hub by the pillar's own client
(with one paired pillar per workshop), so the hub checks and counts it as any
answer and the wall's charts move as the answers come in. A question that is
closed, or that this attendee already answered, is refused by the hub as it
would be at a real pillar.
"""

from __future__ import annotations

import asyncio
import logging
import random
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from kiosk.client import HubClient
from kiosk.outbox import Outbox, Release
from shared import polls, protocol
from shared.datadir import DataDir
from shared.device.connection import pair
from shared.hub import devices
from shared.protocol import API, Role
from shared.store import Store

log = logging.getLogger("zuil.demo.crowd")

CROWD_SIZE = 40
CROWD_SECONDS = 60.0
# A pillar holds answers to the next minute boundary of its clock (kiosk.outbox.Release);
# the crowd's pillars run theirs this many times as fast, so a minute's answers reach
# the wall every few seconds of the demo, held and shuffled as a real pillar's are.
CROWD_CLOCK_SPEED = 10.0


def crowd_clock() -> float:
    """The crowd's pillars' clock: seconds since the epoch, :data:`CROWD_CLOCK_SPEED` fast."""
    return time.time() * CROWD_CLOCK_SPEED


NAMES = (
    "Meldpunt Havenstad",
    "De Signaalbalie",
    "Zeg het maar",
    "Het Open Oor",
    "Meldpunt Ondermijning",
    "De Vuurtoren",
)
WORDS = (
    "samenwerken",
    "signalen",
    "weerbaarheid",
    "vertrouwen",
    "netwerk",
    "alertheid",
    "samenwerken",
    "integriteit",
    "signalen",
    "lef",
)
COMMENTS = (
    "Heel praktisch, direct toepasbaar.",
    "Goede voorbeelden uit de eigen gemeente.",
    "Graag meer tijd voor vragen.",
    "Leerzaam, ik neem het mee naar mijn team.",
)
STARS = (1, 2, 3, 3, 4, 4, 4, 4, 5, 5, 5)  # a crowd that liked the day, mostly
SCORES = (3, 5, 6, 7, 7, 8, 8, 8, 9, 9, 9, 10, 10)


@dataclass(frozen=True)
class Member:
    """One attendee of the crowd: their ticket and the workshops they came for."""

    ticket: str
    workshops: tuple[str, ...]


@dataclass
class Played:
    """What a crowd did: attendees who came, actions queued, how many the hub applied."""

    attendees: int = 0
    queued: int = 0
    answered: int = 0
    by_kind: dict[str, int] = field(default_factory=dict)


@dataclass
class Pillar:
    """A crowd pillar at one workshop: its outbox and its client to the hub."""

    workshop: str
    outbox: Outbox
    client: HubClient


def members(data: DataDir, store: Store, count: int = CROWD_SIZE, skip: int = 0) -> list[Member]:
    """Tickets of ``count`` registered attendees (after the first ``skip``), with workshops."""
    signer = data.signer(store)
    chosen = store.attendees()[skip : skip + count]
    codes = {w["id"]: w["code"] for w in store.workshops()}
    crowd = []
    for person in chosen:
        record = store.issue_ticket(person["id"], signer.key_id)
        registered = tuple(
            codes[row[0]]
            for row in store.db.execute(
                "SELECT workshop_id FROM attendee_workshops WHERE attendee_id = ?",
                [person["id"]],
            )
            if row[0] in codes
        )
        crowd.append(Member(data.token(store, record.serial), registered))
    return crowd


async def pair_pillars(
    store: Store, hub: str, folder: Path, workshops: list[str]
) -> dict[str, Pillar]:
    """A paired pillar (outbox and client) for each workshop, as a venue would set them up."""
    folder.mkdir(parents=True, exist_ok=True)
    pillars = {}
    for code in workshops:
        _, pairing = devices.create_pairing(store, Role.KIOSK, workshop=code, name=f"crowd {code}")
        token = (await pair(hub, pairing, f"crowd {code}")).token
        outbox = Outbox(folder / f"crowd-{code}.sqlite", Release(clock=crowd_clock))
        pillars[code] = Pillar(code, outbox, HubClient(hub, token, outbox))
    return pillars


class Crowd:
    """Plays a crowd of attendees answering through the pillars.

    Args:
        hub: the hub's URL.
        pillars: a paired pillar per workshop.
        people: who comes.
        seconds: over how long they come (0: all at once, for tests).
        rng: the chance behind their answers.
        on_progress: called with (attendees so far, of how many) as each one is done.
    """

    def __init__(
        self,
        hub: str,
        pillars: dict[str, Pillar],
        people: list[Member],
        *,
        seconds: float = CROWD_SECONDS,
        rng: random.Random | None = None,
        on_progress: Callable[[int, int], None] | None = None,
    ) -> None:
        self.hub = hub
        self.pillars = pillars
        self.people = people
        self.seconds = seconds
        self.rng = rng or random.Random()
        self.on_progress = on_progress
        self.playing = False

    async def questions(self, pillar: Pillar) -> list[protocol.PollInfo]:
        """The questions as the pillar pulls them (a vote with its approved proposals)."""
        reply = await pillar.client.call("GET", f"{API}/content")
        return protocol.ContentResponse.model_validate_json(reply.content).polls

    def answers(
        self, member: Member, workshop: str, questions: list[protocol.PollInfo]
    ) -> list[tuple[str, dict[str, object]]]:
        """What one attendee does at the pillar of ``workshop``: a scan, then their answers."""
        rng = self.rng
        actions: list[tuple[str, dict[str, object]]] = [
            ("scan", {"ticket": member.ticket, "workshop": workshop})
        ]
        now = datetime.now(UTC)
        for q in questions:
            if q.workshop not in (None, workshop):
                continue
            if polls.state_at(now, q.opens, q.closes, q.manual) != "open":
                continue
            if rng.random() < 0.1:
                continue  # skipping is always allowed
            fields: dict[str, object] = {"ticket": member.ticket, "poll_id": q.id}
            if q.kind == "rating":
                fields["choices"] = [rng.choice(STARS)]
                if q.comment and rng.random() < 0.25:
                    fields["text"] = rng.choice(COMMENTS)
            elif q.kind == "recommend":
                fields["choices"] = [rng.choice(SCORES)]
            elif q.kind == "poll" and q.options:
                how_many = rng.randint(1, max(1, min(q.max_choices, len(q.options))))
                # the first options a little more popular, so the bars differ
                weights = [len(q.options) - n + 1 for n in range(len(q.options))]
                chosen: set[int] = set()
                while len(chosen) < how_many:
                    chosen.add(rng.choices(range(len(q.options)), weights)[0])
                fields["choices"] = sorted(chosen)
            elif q.kind == "vote":
                if (q.phase or "propose") == "propose":
                    if rng.random() > 0.3:
                        continue  # not everyone has a name in mind
                    fields["text"] = rng.choice(NAMES)
                elif q.proposals:
                    weights = [len(q.proposals) - n + 1 for n in range(len(q.proposals))]
                    fields["choices"] = [rng.choices(q.proposals, weights)[0].id]
                else:
                    continue
            elif q.kind == "open":
                fields["text"] = rng.choice(WORDS)
            else:
                continue
            actions.append(("response", {**fields, "workshop": workshop}))
        return actions

    async def play(self) -> Played:
        """Let the crowd come, one by one over :attr:`seconds`, and answer."""
        played = Played()
        if self.playing or not self.pillars:
            return played
        self.playing = True
        try:
            moments = sorted(self.rng.uniform(0, self.seconds) for _ in self.people)
            started = asyncio.get_running_loop().time()
            codes = sorted(self.pillars)
            for n, (member, moment) in enumerate(zip(self.people, moments, strict=True)):
                wait = started + moment - asyncio.get_running_loop().time()
                if wait > 0:
                    await asyncio.sleep(wait)
                options = [c for c in member.workshops if c in self.pillars] or codes
                pillar = self.pillars[self.rng.choice(options)]
                questions = await self.questions(pillar)
                for kind, fields in self.answers(member, pillar.workshop, questions):
                    pillar.outbox.add(kind, fields)
                    played.queued += 1
                    played.by_kind[kind] = played.by_kind.get(kind, 0) + 1
                played.answered += await pillar.client.push()
                played.attendees += 1
                if self.on_progress is not None:
                    self.on_progress(n + 1, len(self.people))
            # the answers held to the last boundary leave too (refused ones never block);
            # a hub out of reach leaves them queued, as at a real pillar
            last = asyncio.get_running_loop().time() + 2 * 60 / CROWD_CLOCK_SPEED + 5
            while any(p.outbox.count() for p in self.pillars.values()):
                if asyncio.get_running_loop().time() > last:
                    break
                await asyncio.sleep(0.5)
                for pillar in self.pillars.values():
                    played.answered += await pillar.client.push()
        finally:
            self.playing = False
        log.info("crowd: %s", played)
        return played

    async def close(self) -> None:
        """Close the pillars' connections and outboxes."""
        for pillar in self.pillars.values():
            await pillar.client.close()
            pillar.outbox.close()
