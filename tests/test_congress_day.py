"""A congress day end to end: a real hub process, pillar processes, walls and a desk on its stream.

200 attendees with the sample event's mix of name choices (about a quarter hidden),
walk-ins, a lost ticket, three pillars (one offline for a while, one losing power
twice), moderation switched from post to pre halfway, two walls and the desk
following the live stream (one wall away for half the day). At the end every
screen must hold what the database holds, and the hub must not have failed once.
"""

from __future__ import annotations

import itertools
import json
import random
import sqlite3
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
import pytest
from sqlite_utils import Database

from kiosk.desk.client import DeskClient
from shared import protocol, scoring
from shared.datadir import DataDir
from shared.hub import queries
from shared.protocol import Role
from tests.helpers.day import jpeg
from tests.helpers.follow import Follower
from tests.helpers.hub import auth, paired_token
from tests.helpers.hubprocess import HubProcess, hub_process, run_zuil
from tests.helpers.pillar import Pillar

pytestmark = pytest.mark.anyio

PILLARS = ("VAST", "ZORG", "WEER")
WORKSHOPS = ("VAST", "ZORG", "WEER", "JONG", "BEDR")
# the sample event's mix of name choices: 10 full, 19 initials, 11 hidden out of 40
DISPLAYS = (("volledig", 10), ("initiaal", 19), ("verborgen", 11))
DISPLAY = {
    "volledig": scoring.Display.FULL,
    "initiaal": scoring.Display.INITIAL,
    "verborgen": scoring.Display.HIDDEN,
}
FIRST = ("Anna", "Bram", "Chantal", "Daan", "Eva", "Fatima", "Gert", "Hanneke", "Ilse", "Joost")
LAST = ("de Vries", "Jansen", "van den Berg", "Bakker", "El Amrani", "Visser", "ter Horst", "Smit")
TOPS = (
    "Heldere casus, direct toepasbaar 👍",
    "<b>Goede</b> sprekers & praktijkvoorbeelden",
    "Zorgfraude herkennen: eye-opener!",
    "Mooie quiz 🎉🎉",
    "Ik ga dit *morgen* toepassen",
    "Top! 😀 <i>echt</i>",
)
TIPS = (
    "Meer tijd voor vragen uit de zaal",
    "De zaal was te warm 🙂",
    "Dit is een <script>alert(1)</script> test",
    "Graag de slides achteraf delen",
    "Koffie 🍵 was op…",
    "Minder sheets, meer 'casus' & \"praktijk\"",
)
HOSTILE = "<script>"


@dataclass(frozen=True)
class Size:
    """How big a day: attendees on the list, rounds of visits, walk-ins."""

    attendees: int = 200
    rounds: int = 4
    walk_ins: int = 6


@dataclass
class Ledger:
    """What the day did, by the script's own count: what the hub must end up holding."""

    applied: dict[str, str] = field(default_factory=dict)  # action id: kind
    refused: dict[str, str] = field(default_factory=dict)
    points: Counter[int] = field(default_factory=Counter)
    credits: Counter[tuple[int, str]] = field(default_factory=Counter)
    names: dict[int, str | None] = field(default_factory=dict)

    def board(self, limit: int = 10) -> list[protocol.Standing]:
        """The leaderboard these points make, names as each attendee allowed."""
        totals = Counter(self.points)
        for (attendee, _), count in self.credits.items():
            totals[attendee] += scoring.feedback_points(count)
        return [
            protocol.Standing(rank=s.rank, name=self.names[s.attendee_id], points=s.points)
            for s in scoring.leaderboard(totals, limit=limit)
        ]


@dataclass(frozen=True)
class Seen:
    """What the screens showed at the end of the day, to hold against the data folder."""

    dashboard: protocol.Dashboard
    visible: set[str]


class Day:
    """The day's script: who does what where; each pillar's actions go through its process."""

    def __init__(self, size: Size, questions: dict[str, list[tuple[int, int]]], tmp: Path) -> None:
        self.size = size
        self.rng = random.Random(2026)
        self.questions = questions  # workshop: [(question id, right choice)]
        self.ledger = Ledger()
        self.tickets: dict[int, str] = {}
        self.tmp = tmp
        self.photos = 0
        self.pending: dict[str, list[tuple[dict[str, Any], str, bool]]] = {p: [] for p in PILLARS}
        self.answered: set[tuple[int, int]] = set()

    def roster(self) -> list[dict[str, str]]:
        """The registration list, as the desk maps it."""
        words = [w for w, n in DISPLAYS for _ in range(n)]
        rows = []
        for n in range(self.size.attendees):
            rows.append(
                {
                    "first_name": f"{self.rng.choice(FIRST)}{n}",
                    "last_name": self.rng.choice(LAST),
                    "organisation": "Gemeente Havenstad",
                    "email": f"deelnemer{n}@havenstad.example",
                    "display": self.rng.choice(words),
                    "workshops": " ".join(self.rng.sample(WORKSHOPS, 2)),
                }
            )
        return rows

    def visit(
        self,
        pillar: str,
        attendee: int,
        *,
        ticket: str | None = None,
        answers: float = 0.7,
        right: float = 0.6,
        feedback: int | None = None,
        valid: bool = True,
    ) -> None:
        """An attendee at a pillar: a scan, maybe the quiz, maybe notes and a photo."""
        ticket = ticket or self.tickets[attendee]
        self._act(pillar, "scan", {"ticket": ticket}, valid)
        if self.rng.random() < answers:
            for question, correct in self.questions[pillar]:
                good = self.rng.random() < right
                choice = correct if good else (correct + 1) % 2
                fields = {"ticket": ticket, "question_id": question, "choice": choice}
                self._act(pillar, "answer", fields, valid)
                if valid and (attendee, question) not in self.answered:
                    # only the first answer counts, wherever it was given
                    self.answered.add((attendee, question))
                    if good:
                        self.ledger.points[attendee] += scoring.DEFAULT_QUESTION_POINTS
        posts = feedback if feedback is not None else int(self.rng.random() < 0.4)
        for _ in range(posts):
            wall = self.rng.choice(("top", "tip"))
            if self.rng.random() < 0.08:
                path = self.tmp / f"photo-{self.photos}.jpg"
                path.write_bytes(jpeg(self.photos))
                self.photos += 1
                caption = {"wall": wall, "caption": f"<i>{pillar}</i> 📸", "consent": True}
                self._act(pillar, "photo", caption, True, photo_path=str(path))
            else:
                text = self.rng.choice(TOPS if wall == "top" else TIPS)
                self._act(pillar, "note", {"wall": wall, "text": text}, True)
            self._act(pillar, "credit", {"ticket": ticket}, valid)
            if valid:
                self.ledger.credits[(attendee, pillar)] += 1

    def _act(
        self,
        pillar: str,
        kind: str,
        fields: dict[str, Any],
        valid: bool,
        photo_path: str | None = None,
    ) -> None:
        action: dict[str, Any] = {"kind": kind, "fields": fields}
        if photo_path is not None:
            action["photo_path"] = photo_path
        self.pending[pillar].append((action, kind, valid))

    async def hand_over(self, pillar: str, process: Pillar) -> int:
        """Commit this pillar's new actions to its outbox (as its screens do); how many."""
        todo, self.pending[pillar] = self.pending[pillar], []
        if not todo:
            return 0
        ids = await process.add([a for a, _, _ in todo])
        for action_id, (_, kind, valid) in zip(ids, todo, strict=True):
            (self.ledger.applied if valid else self.ledger.refused)[action_id] = kind
        return len(ids)


async def test_congress_day(demo_dir: DataDir, tmp_path: Path) -> None:
    await play(demo_dir, tmp_path, Size())


@pytest.mark.slow
async def test_long_congress_day(demo_dir: DataDir, tmp_path: Path) -> None:
    await play(demo_dir, tmp_path, Size(attendees=600, rounds=8, walk_ins=20))


async def play(data: DataDir, tmp: Path, size: Size) -> None:
    """Play a day against a hub process on ``data``, then hold every screen against the data."""
    with data.open_store() as store:
        tokens = Tokens(
            pillars={code: paired_token(store, Role.KIOSK, code) for code in PILLARS},
            walls=(paired_token(store, Role.WALL), paired_token(store, Role.WALL)),
            desk=paired_token(store, Role.DESK),
            organiser=paired_token(store, Role.ORGANISER),
        )
        questions = {
            code: [
                (r["id"], r["correct"])
                for r in store.db.query(
                    "SELECT q.id, q.correct FROM questions q JOIN workshops w"
                    " ON w.id = q.workshop_id WHERE w.code = ? ORDER BY q.position",
                    [code],
                )
            ]
            for code in PILLARS
        }
    day = Day(size, questions, tmp)
    async with hub_process(data, tmp / "hub.log") as hub:
        venue = Venue(day, hub, tokens, tmp)
        try:
            seen = await venue.run()
        except Exception as error:
            # what the hub logged says more than what its clients saw
            trouble = hub.trouble()
            if trouble:
                raise AssertionError(
                    f"the day failed ({error!r}); the hub logged:\n" + "\n".join(trouble[:5])
                ) from error
            raise
    trouble = hub.trouble()  # read after it stopped: a failing shutdown counts too
    assert not trouble, "the hub logged:\n" + "\n".join(trouble[:10])
    check_data(day, seen, data, hub)


@dataclass(frozen=True)
class Tokens:
    """The devices' bearer tokens, paired before the hub starts."""

    pillars: dict[str, str]
    walls: tuple[str, str]
    desk: str
    organiser: str


class Venue:
    """The hub's clients on the day: three pillar processes, two walls, the desk."""

    def __init__(self, day: Day, hub: HubProcess, tokens: Tokens, tmp: Path) -> None:
        self.day, self.hub, self.tokens = day, hub, tokens
        self.desk = DeskClient(hub.url, tokens.desk)
        self.wall_a = Follower("wall A", hub.url, tokens.walls[0])
        self.wall_b = Follower("wall B", hub.url, tokens.walls[1])
        self.desk_screen = Follower("desk", hub.url, tokens.desk, snapshot=False)
        self.screens = (self.wall_a, self.wall_b, self.desk_screen)
        self.pillars = {
            code: Pillar(tmp / f"{code}.db", hub.url, token, tmp / f"{code}.log")
            for code, token in tokens.pillars.items()
        }
        self.people: list[int] = []
        self.visits: dict[int, list[str]] = {}
        self.champions: list[int] = []
        self.lost = 0

    async def run(self) -> Seen:
        """The whole day, from opening the doors to the last check of the screens."""
        for screen in self.screens:
            screen.start()
        try:
            for pillar in self.pillars.values():
                await pillar.start()
            await self.register()
            rounds = self.day.size.rounds
            for r in range(rounds):
                await self.happenings(r)
                self.day_round(r)
                if r == rounds - 1:
                    await self.pillars["WEER"].network(True)
                    self.wall_b.start()  # resumes after the last event it saw
                for code in PILLARS:
                    await self.sync(code, r)
                await moderate(self.desk, self.day.rng, pre=r >= rounds // 2, last=r == rounds - 1)
            for pillar in self.pillars.values():
                again = await pillar.push()
                assert (again.answered, again.queued) == (0, 0)
            return await self.evening()
        finally:
            for screen in self.screens:
                await screen.stop()
            for pillar in self.pillars.values():
                await pillar.stop()
            await self.desk.close()

    async def register(self) -> None:
        """The registration list, checked first as the desk does, imported, and ticketed."""
        day, ledger = self.day, self.day.ledger
        rows = day.roster()
        preview = await self.desk.roster(rows)
        assert (preview.accepted, preview.rejected, preview.imported) == (len(rows), [], 0)
        imported = await self.desk.roster(rows, commit=True)
        assert imported.imported == len(rows)
        by_mail = {a.email: a.id for a in await self.desk.everyone()}
        self.people = [by_mail[row["email"]] for row in rows]
        for attendee, row in zip(self.people, rows, strict=True):
            first, last, display = row["first_name"], row["last_name"], DISPLAY[row["display"]]
            ledger.names[attendee] = scoring.display_name(first, last, display)
            self.visits[attendee] = [w for w in row["workshops"].split() if w in PILLARS]
        for issued in await self.desk.tickets(self.people):
            day.tickets[issued.attendee.id] = issued.token
        hidden = [a for a in self.people if ledger.names[a] is None]
        assert len(hidden) > len(rows) // 6
        # the champions hide their names: nameless lines at the top of the leaderboard
        self.champions = hidden[:3]
        self.lost = next(a for a in self.people if a not in self.champions)

    async def happenings(self, r: int) -> None:
        """What happens at the start of round ``r`` besides the visits."""
        day = self.day
        if r == 0:
            for champion in self.champions:
                for code in PILLARS:
                    day.visit(code, champion, answers=1.0, right=1.0, feedback=2)
        if r == 1:
            # wall B loses its line; the WEER pillar its network
            await self.wall_b.stop()
            await self.pillars["WEER"].network(False)
            # a lost ticket: reissued, the old one is refused from now on
            old = day.tickets[self.lost]
            day.tickets[self.lost] = (await self.desk.ticket(self.lost, reissue=True)).token
            assert day.tickets[self.lost] != old
            day.visit("VAST", self.lost, ticket=old, answers=1.0, feedback=1, valid=False)
            day.visit("ZORG", self.lost, answers=1.0, feedback=1)
            for n in range(day.size.walk_ins):
                choice = (scoring.Display.HIDDEN, scoring.Display.FULL)[n % 2]
                walk_in = protocol.WalkIn(
                    first_name=f"Loper{n}",
                    last_name="van Binnen",
                    organisation="Provincie",
                    display=choice,
                    workshops=["VAST"],
                )
                issued = await self.desk.register(walk_in)
                day.tickets[issued.attendee.id] = issued.token
                day.ledger.names[issued.attendee.id] = scoring.display_name(
                    walk_in.first_name, walk_in.last_name, choice
                )
                day.visit("VAST", issued.attendee.id)
        if r == day.size.rounds // 2:
            async with httpx.AsyncClient(base_url=self.hub.url, timeout=10) as organiser:
                switched = await organiser.put(
                    f"{protocol.API}/moderation/settings",
                    json={"moderation": "pre", "photo_moderation": "pre"},
                    headers=auth(self.tokens.organiser),
                )
            assert switched.status_code == 200, switched.text

    def day_round(self, r: int) -> None:
        """This round's share of the attendees visits the pillars of their workshops."""
        for attendee in self.people[r :: self.day.size.rounds]:
            if attendee in self.champions:
                continue
            for code in self.visits[attendee]:
                # the lost ticket's owner answers once, with the new ticket
                self.day.visit(code, attendee, answers=0.0 if attendee == self.lost else 0.7)

    async def sync(self, code: str, r: int) -> None:
        """A pillar commits this round's actions, and sends them if it can."""
        day, pillar = self.day, self.pillars[code]
        added = await day.hand_over(code, pillar)
        if code == "ZORG" and r == 1:
            # power lost while the hub's answer was on its way: all of it is sent again
            assert await pillar.push_and_lose_power() < 0
            await pillar.start()
            assert await pillar.queued() == added
            redone = await pillar.push()
            assert (redone.answered, redone.queued, redone.rejected) == (added, 0, [])
            # and power lost with actions on disk that never left
            day.visit("ZORG", day.rng.choice(self.people), answers=1.0, feedback=2)
            added = await day.hand_over(code, pillar)
            assert await pillar.kill() < 0
            await pillar.start()
            assert await pillar.queued() == added
        pushed = await pillar.push()
        if code == "WEER" and 1 <= r < day.size.rounds - 1:
            assert not pushed.online, pushed
            assert pushed.answered == 0, pushed
            assert pushed.queued >= added, pushed
            return
        assert pushed.online, pushed
        assert pushed.queued == 0, pushed
        if code == "VAST" and r == 1:
            kinds = Counter(kind for kind, _ in pushed.rejected)
            assert kinds == Counter(day.ledger.refused.values()), pushed.rejected
            assert all("revoked" in why.lower() for _, why in pushed.rejected), pushed
        else:
            assert pushed.rejected == [], pushed.rejected

    async def evening(self) -> Seen:
        """Every screen must now show the day as the hub holds it."""
        tokens = self.tokens
        async with httpx.AsyncClient(base_url=self.hub.url, timeout=15) as client:
            answer = await client.get(f"{protocol.API}/wall", headers=auth(tokens.walls[0]))
            assert answer.status_code == 200
            final = protocol.WallSnapshot.model_validate_json(answer.content)
            items = {i.id: i for i in final.items}
            queue = {i.item.id for i in await self.desk.items("pending")}

            def caught_up(screen: Follower) -> bool:
                return (
                    (screen.last_event or 0) >= final.last_event
                    and screen.items == items
                    and screen.leaderboard == final.leaderboard
                    and screen.counters == final.stats.counters
                )

            for screen in self.screens:
                await screen.until(caught_up)
                assert rising(screen.seqs), f"{screen.name} saw an event twice"
            assert self.desk_screen.pending == queue
            assert self.wall_b.snapshots == 1, "wall B did not resume by event id"
            assert self.wall_b.connections >= 2
            assert final.leaderboard == self.day.ledger.board()
            assert any(s.name is None for s in final.leaderboard), "no nameless line on the board"
            board = await client.get(
                f"{protocol.API}/leaderboard", params={"limit": 10}, headers=auth(tokens.walls[1])
            )
            assert [protocol.Standing.model_validate(s) for s in board.json()] == final.leaderboard
            stats = await client.get(f"{protocol.API}/stats", headers=auth(tokens.walls[1]))
            assert protocol.Stats.model_validate_json(stats.content) == final.stats
        return Seen(dashboard=await self.desk.dashboard(), visible=set(items))


def rising(seqs: list[int]) -> bool:
    """Whether every event id is higher than the one before (none seen twice)."""
    return all(a < b for a, b in itertools.pairwise(seqs))


async def moderate(desk: DeskClient, rng: random.Random, *, pre: bool, last: bool) -> None:
    """The desk's pass over the queue: hostile notes hidden, most others approved.

    Args:
        desk: the desk's client.
        rng: the day's chance.
        pre: whether notes are held for review now (else only flagged ones are).
        last: the last pass of the day, which also takes a photo off the walls.
    """
    queue = await desk.items("pending")
    held_notes = [e for e in queue if e.item.type == "note" and not e.flagged]
    assert bool(held_notes) == pre, "notes are not held as the moderation mode says"
    for n, entry in enumerate(queue):
        if HOSTILE in entry.item.text:
            assert await desk.moderate(entry.item.id, "hide") == "hidden"
        elif n % 3 != 2:
            assert await desk.moderate(entry.item.id, "approve") == "visible"
    visible = await desk.items("visible")
    for entry in visible:
        if HOSTILE in entry.item.text:
            assert await desk.moderate(entry.item.id, "hide") == "hidden"
    photos = [e for e in visible if e.item.type == "photo"]
    if last:
        assert photos
        assert await desk.moderate(rng.choice(photos).item.id, "hide") == "hidden"


def check_data(day: Day, seen: Seen, data: DataDir, hub: HubProcess) -> None:
    """What the data folder holds: each action once, and the figures every screen showed."""
    ledger = day.ledger
    kinds = Counter(ledger.applied.values())
    db = Database(sqlite3.connect(data.db_path))
    try:

        def count(sql: str) -> int:
            return int(db.execute(sql).fetchone()[0])

        applied = dict(db.execute("SELECT id, kind FROM applied_actions").fetchall())
        assert applied == ledger.applied, "an action was lost, doubled or wrongly refused"
        stored = {
            kind: count(f"SELECT count(*) FROM {table}")
            for table, kind in (
                ("scans", "scan"),
                ("answers", "answer"),
                ("notes", "note"),
                ("photos", "photo"),
            )
        }
        assert stored == {k: kinds[k] for k in stored}
        visible = {
            r[0]
            for r in db.execute(
                "SELECT id FROM notes WHERE state = 'visible'"
                " UNION SELECT id FROM photos WHERE state = 'visible'"
            )
        }
        assert visible == seen.visible
        hidden = count(
            "SELECT (SELECT count(*) FROM notes WHERE state = 'hidden')"
            " + (SELECT count(*) FROM photos WHERE state = 'hidden')"
        )
        attendees = count("SELECT count(*) FROM attendees")
        scanned = count("SELECT count(DISTINCT attendee_id) FROM scans")
        board = queries.leaderboard(db, 10)
        counters = queries.counters(db)
    finally:
        db.close()
    assert hidden > 0
    assert board == ledger.board()
    headline = seen.dashboard.report.headline
    assert headline == protocol.Headline(
        attendees=attendees,
        scanned=scanned,
        answered=len({attendee for attendee, _ in day.answered}),
        gave_feedback=len({attendee for attendee, _ in ledger.credits}),
        scans=kinds["scan"],
        answers=len(day.answered),  # first answers only
        tops=counters.tops,
        tips=counters.tips,
        photos=counters.photos,
        hidden=hidden,
    )
    assert counters.scans == kinds["scan"]
    assert counters.answers == kinds["answer"]
    kiosks = [p for p in seen.dashboard.pillars if p.kind == "kiosk" and p.last_seen]
    assert {p.workshop for p in kiosks} >= set(PILLARS)
    cli = json.loads(run_zuil("stats", "--json", "--data", str(data.root)))
    assert {k: cli[f"{k}s"] for k in stored} == stored
    assert cli["attendees"] == attendees
    statuses = Counter(status for _, _, status in hub.access())
    assert statuses[200] > 0, "the hub's access log is empty"
    assert not [s for s in statuses if s >= 500], statuses
