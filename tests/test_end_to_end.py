"""The whole chain as processes: a ticket held up at a pillar, its tip on the wall.

``zuil hub``, ``zuil wall`` and ``zuil kiosk`` run as they do at a venue (offscreen),
paired with codes from ``zuil device pair``. The pillar's camera is an image folder
whose one frame the test swaps: blank paper, then the ticket's QR image as
``zuil tickets issue --png`` writes it, then blank again. An attendee's hand at the
pillar (:mod:`tests.helpers.hand`) posts a tip once it is greeted; the wall's log
says what arrived on its live stream, and ``zuil stats`` counts it. No process may
log an error or a traceback, and no log may hold the tip or the ticket.
"""

from __future__ import annotations

import asyncio
import json
import os
import shutil
from pathlib import Path
from typing import Any

import cv2
import numpy as np
import pytest

from shared.datadir import DataDir
from shared.store import Store
from tests.helpers.apps import app_process, with_hand
from tests.helpers.hubprocess import hub_process, run_zuil, zuil

pytestmark = pytest.mark.anyio

TIP = "Graag meer pauze tussen de sessies"


def show(camera: Path, image: Path) -> None:
    """Put ``image`` in front of the camera, whole: the folder's one frame is replaced at once."""
    staged = camera.parent / f"staged{image.suffix}"
    shutil.copyfile(image, staged)
    os.replace(staged, camera / "frame.png")


def blank_paper(path: Path) -> Path:
    """A frame with nothing to read on it."""
    cv2.imwrite(str(path), np.full((480, 640, 3), 235, np.uint8))
    return path


async def zuil_json(*args: str) -> Any:
    """A ``zuil ... --json`` command's answer (run beside the event loop, not in it)."""
    return json.loads(await asyncio.to_thread(run_zuil, *args, "--json"))


async def test_a_ticket_held_up_at_a_pillar_puts_its_tip_on_the_wall(
    demo_dir: DataDir, demo_store: Store, tmp_path: Path
) -> None:
    demo_store.close()  # the hub process owns the store from here
    data = str(demo_dir.root)
    ticket = tmp_path / "ticket.png"
    token = run_zuil("tickets", "issue", "--attendee", "3", "--png", str(ticket), "--data", data)
    token = token.strip()
    paper = blank_paper(tmp_path / "paper.png")
    camera = tmp_path / "camera"
    camera.mkdir()
    show(camera, paper)
    kiosk_code = (
        await zuil_json("device", "pair", "--kind", "kiosk", "--workshop", "VAST", "--data", data)
    )["code"]
    wall_code = (await zuil_json("device", "pair", "--kind", "wall", "--data", data))["code"]

    async with hub_process(demo_dir, tmp_path / "hub.log") as hub:
        wall_command = zuil(
            "-v", "wall", "--hub", hub.url, "--pair", wall_code, "--windowed",
            "--data", str(tmp_path / "wall"),
        )  # fmt: skip
        async with app_process("wall", wall_command, tmp_path / "wall.log") as wall:
            # from here on whatever the hub shows walls comes on the live stream
            await wall.wait_for(r" zuil\.wall: snapshot shown: 0 items")
            kiosk_command = with_hand(
                TIP, "-v", "kiosk", "--hub", hub.url, "--pair", kiosk_code,
                "--camera", str(camera), "--windowed", "--data", str(tmp_path / "pillar"),
            )  # fmt: skip
            async with app_process("kiosk", kiosk_command, tmp_path / "kiosk.log") as kiosk:
                await kiosk.wait_for(r"^Paired as pillar #\d+ \(VAST\)")
                await kiosk.wait_for(r" tests\.hand: content ready")
                show(camera, ticket)
                screen = await kiosk.wait_for(r" tests\.hand: screen (?!attract)(\w+)")
                assert screen[1] == "home", kiosk.tail()
                show(camera, paper)
                await kiosk.wait_for(r" tests\.hand: tip posted")
                shown = await wall.wait_for(r" zuil\.wall: item shown id=(\S+)")
                await kiosk.wait_for(r" tests\.hand: synced \d+")
                stats = await zuil_json("stats", "--data", data)

    # every process has ended: their logs are whole
    assert (hub.trouble(), wall.trouble(), kiosk.trouble()) == ([], [], [])
    assert (stats["scans"], stats["notes"], stats["photos"]) == (1, 1, 0)
    vast = next(w for w in stats["workshops"] if w["code"] == "VAST")
    assert (vast["scans"], vast["notes"]) == (1, 1)
    with demo_dir.open_store() as store:
        note = store.db.execute("SELECT id, wall, text FROM notes").fetchone()
    assert tuple(note) == (shown[1], "tip", TIP)
    # what the logs keep: ids, never the tip or the ticket
    for log in (hub.log(), wall.log(), kiosk.log()):
        assert TIP not in log
        assert token not in log
