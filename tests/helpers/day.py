"""A scripted congress day, played through the hub's real API (in-process).

Two workshops, 50 attendees: scans, quiz answers (some right, some wrong),
tops and tips (some hostile, some hidden by moderation), photos (one hidden)
and feedback credits. Deterministic, so figures can be checked exactly.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field

import cv2
import numpy as np

from shared.datadir import DataDir
from shared.protocol import Role
from shared.roster import NewAttendee
from shared.store import Store
from tests.helpers.hub import action, auth, batch, in_process, paired_token, ticket_of

WORKSHOPS = ("VAST", "ZORG")
NOTES = {
    "VAST": [
        ("top", "Heldere casus over vastgoed, direct toepasbaar."),
        ("top", "<b>Goede</b> sprekers & praktijkvoorbeelden"),
        ("tip", "Meer tijd voor vragen uit de zaal"),
        ("tip", "De zaal was te warm 🙂"),
        ("tip", "Dit is een <script>alert(1)</script> test"),
    ],
    "ZORG": [
        ("top", "Zorgfraude herkennen: eye-opener!"),
        ("tip", "Graag de slides achteraf delen"),
        ("top", "Mooie quiz, leerzaam"),
    ],
}
HIDE = ("Dit is een <script>alert(1)</script> test",)


@dataclass
class Day:
    """What the script did, to compare with what the report says."""

    scanned: dict[str, set[int]] = field(default_factory=dict)
    notes: list[tuple[str, str, str]] = field(default_factory=list)
    hidden_notes: int = 0
    photos: int = 0
    hidden_photos: int = 0
    credited: set[int] = field(default_factory=set)


def jpeg(seed: int) -> bytes:
    rng = np.random.default_rng(seed)
    image = rng.integers(0, 255, (240, 320, 3), dtype=np.uint8)
    cv2.putText(image, f"polaroid {seed}", (20, 120), cv2.FONT_HERSHEY_SIMPLEX, 1, (255,) * 3, 2)
    ok, data = cv2.imencode(".jpg", image)
    assert ok
    return data.tobytes()


async def play_day(data: DataDir, store: Store) -> Day:
    """Play the day; returns what happened."""
    extra = [
        NewAttendee(first_name=f"Extra{n}", last_name=f"Deelnemer{n}", organisation="Gemeente Ede")
        for n in range(10)
    ]
    store.add_attendees(extra)
    people = [a["id"] for a in store.attendees()]
    assert len(people) == 50
    rng = random.Random(7)
    day = Day()
    desk = paired_token(store, Role.DESK)
    async with in_process(data, store) as (_, client):
        for code, group in zip(WORKSHOPS, (people[:30], people[25:45]), strict=True):
            kiosk = paired_token(store, Role.KIOSK, code)
            questions = [
                q
                for q in store.db.query(
                    "SELECT q.id, q.correct FROM questions q JOIN workshops w"
                    " ON w.id = q.workshop_id WHERE w.code = ? ORDER BY q.position",
                    [code],
                )
            ]
            actions = []
            for attendee in group:
                ticket = ticket_of(data, store, attendee)
                actions.append(action("scan", ticket=ticket))
                day.scanned.setdefault(code, set()).add(attendee)
                if rng.random() < 0.7:
                    for q in questions:
                        right = rng.random() < 0.6
                        choice = q["correct"] if right else (q["correct"] + 1) % 2
                        actions.append(
                            action("answer", ticket=ticket, question_id=q["id"], choice=choice)
                        )
                if rng.random() < 0.3:
                    actions.append(action("credit", ticket=ticket))
                    day.credited.add(attendee)
            for wall, text in NOTES[code]:
                actions.append(action("note", wall=wall, text=text))
                day.notes.append((code, wall, text))
            for n in range(2):
                stored = await client.post(
                    "/api/photos", content=jpeg(len(code) * 10 + n), headers=auth(kiosk)
                )
                assert stored.status_code == 200, stored.text
                actions.append(
                    action(
                        "photo",
                        wall="top",
                        photo=stored.json()["photo"],
                        caption=f"<i>{code}</i> foto {n}",
                        consent=True,
                    )
                )
            for start in range(0, len(actions), 400):
                reply = await client.post(
                    "/api/sync", json=batch(*actions[start : start + 400]), headers=auth(kiosk)
                )
                assert reply.status_code == 200, reply.text
                rejected = [r for r in reply.json()["results"] if r["fate"] == "rejected"]
                assert not rejected, rejected
        items = (await client.get("/api/moderation/items?state=all", headers=auth(desk))).json()
        photos = [i for i in items if i["item"]["type"] == "photo"]
        for entry in items:
            item = entry["item"]
            hide = item["text"] in HIDE or item["id"] == photos[0]["item"]["id"]
            verb = "hide" if hide else "approve"
            if entry["state"] == "visible" and not hide:
                continue
            reply = await client.post(
                f"/api/moderation/moderate?id={item['id']}&action={verb}", headers=auth(desk)
            )
            assert reply.status_code == 200, reply.text
        day.hidden_notes = len(HIDE)
        day.photos = len(photos) - 1
        day.hidden_photos = 1
    return day
