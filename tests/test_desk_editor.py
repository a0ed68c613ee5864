"""The organiser's content editor against a real hub: edit a question, see the pillar preview,
save, and a pillar's next pull brings the change; broken content is refused with the place."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtTest import QTest

from kiosk.desk.app import DeskWindow
from shared import programme
from shared.datadir import DataDir
from shared.eventbook import read_workbook
from shared.hub.server import RunningHub
from shared.protocol import Role
from shared.store import Store
from tests.helpers.desk import desk_on_hub
from tests.helpers.hub import paired_token
from tests.helpers.kiosk import expect

SCREENSHOTS = Path(__file__).resolve().parent.parent / "screenshots" / "desk"


@pytest.fixture
def editor(
    qloop: asyncio.AbstractEventLoop, demo_dir: DataDir, demo_store: Store, tmp_path: Path
) -> Iterator[tuple[DeskWindow, RunningHub]]:
    with desk_on_hub(qloop, demo_dir, demo_store, tmp_path / "desk", Role.ORGANISER) as opened:
        window = opened[0]
        loaded = expect(window.editor.loaded)
        window.tabs.setCurrentWidget(window.editor)  # the editor loads when first opened
        qloop.run_until_complete(asyncio.wait_for(loaded, 30))
        yield opened


def test_edit_preview_save_and_the_pillar_pulls_it(
    editor: tuple[DeskWindow, RunningHub],
    demo_store: Store,
    qloop: asyncio.AbstractEventLoop,
    tmp_path: Path,
) -> None:
    window, hub = editor
    tab = window.editor
    assert tab.workshops.count() == 5
    assert tab.questions.count() == 5
    kiosk = paired_token(demo_store, Role.KIOSK, "VAST")

    async def before() -> int:
        async with httpx.AsyncClient(base_url=hub.url) as client:
            reply = await client.get("/api/content", headers={"Authorization": f"Bearer {kiosk}"})
            return int(reply.json()["cursor"])

    cursor = qloop.run_until_complete(before())
    tab.text.setPlainText("Wie <b>toetst</b> een vergunning aan de Wet Bibob?")
    assert tab.preview.question.text() == "Wie <b>toetst</b> een vergunning aan de Wet Bibob?"
    assert tab.preview.question.textFormat() == Qt.TextFormat.PlainText
    tab.options[1].setText("De burgemeester")
    tab.options[1].textEdited.emit("De burgemeester")
    assert tab.preview.options[1].text() == "De burgemeester"
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    window.grab().save(str(SCREENSHOTS / "editor.png"))

    async def save_and_pull() -> list[str]:
        saved = expect(tab.saved)
        tab.save()
        await asyncio.wait_for(saved, 30)
        async with httpx.AsyncClient(base_url=hub.url) as client:
            reply = await client.get(
                f"/api/content?cursor={cursor}", headers={"Authorization": f"Bearer {kiosk}"}
            )
        return [q["text"] for q in reply.json()["questions"]]

    assert qloop.run_until_complete(save_and_pull()) == [
        "Wie <b>toetst</b> een vergunning aan de Wet Bibob?"
    ]
    workbook = tmp_path / "evenement.xlsx"
    tab.export_file(workbook)
    qloop.run_until_complete(tab.tasks.settle())
    exported = read_workbook(workbook)
    assert exported.workshops[0].questions[0].options[1] == "De burgemeester"


def test_broken_content_is_refused_with_the_place(
    editor: tuple[DeskWindow, RunningHub], demo_store: Store, qloop: asyncio.AbstractEventLoop
) -> None:
    window, _ = editor
    tab = window.editor
    before = demo_store.scalar("SELECT text FROM questions ORDER BY id LIMIT 1")
    for field in tab.options:
        field.setText("")
        field.textEdited.emit("")
    messages: list[tuple[str, bool]] = []
    tab.message.connect(lambda text, error: messages.append((text, error)))
    tab.save()
    assert messages
    text, error = messages[-1]
    assert error
    assert "workshops[1].questions[1]" in text
    assert demo_store.scalar("SELECT text FROM questions ORDER BY id LIMIT 1") == before


def test_map_positions_images_agenda_and_workshop_details(
    editor: tuple[DeskWindow, RunningHub],
    demo_dir: DataDir,
    demo_store: Store,
    qloop: asyncio.AbstractEventLoop,
    tmp_path: Path,
) -> None:
    window, _ = editor
    tab = window.editor
    tab.pages.setCurrentIndex(1)
    assert not tab.map.image.isNull()  # the event's venue map came from the hub
    tab.workshops.setCurrentRow(1)  # ZORG
    area = tab.map._area()
    QTest.mouseClick(
        tab.map,
        Qt.MouseButton.LeftButton,
        pos=QPoint(int(area.width() * 0.25), int(area.height() * 0.75)),
    )
    assert tab.map.points["ZORG"] == pytest.approx((0.25, 0.75), abs=0.01)
    tab.workshop_fields["starts"].setText("10:45")
    tab.workshop_fields["starts"].editingFinished.emit()
    tab.info.setPlainText("Achtergrond <i>na</i> de scan")
    tab.pages.setCurrentIndex(2)
    tab.add_slot()
    last = tab.agenda.rowCount() - 1
    item = tab.agenda.item(last, 2)
    assert item is not None
    item.setText("Afsluitende borrel <3")
    window.grab().save(str(SCREENSHOTS / "editor-agenda.png"))
    tab.pages.setCurrentIndex(1)
    window.grab().save(str(SCREENSHOTS / "editor-map.png"))
    logo = tmp_path / "logo.png"
    logo.write_bytes(next((demo_dir.root / "demo-tickets").glob("*.png")).read_bytes())

    async def upload_and_save() -> None:
        said = expect(tab.message)
        tab.upload_image("logo", logo)
        text, error = await asyncio.wait_for(said, 30)
        assert not error, text
        saved = expect(tab.saved)
        tab.save()
        await asyncio.wait_for(saved, 30)

    qloop.run_until_complete(upload_and_save())
    zorg = demo_store.read(programme.workshop_by_code, "ZORG")
    assert zorg is not None
    assert (zorg["map_x"], zorg["map_y"]) == pytest.approx((0.25, 0.75), abs=0.01)
    assert zorg["starts"] == "10:45"
    assert zorg["info"] == "Achtergrond <i>na</i> de scan"
    titles = [r[0] for r in demo_store.db.execute("SELECT title FROM agenda ORDER BY position")]
    assert titles[-1] == "Afsluitende borrel <3"
    event = demo_store.event()
    assert event is not None
    assert event["logo"] is not None
    assert demo_dir.media_path(event["logo"]).read_bytes() == logo.read_bytes()
