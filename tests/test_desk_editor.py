"""The organiser's content editor against a real hub: edit a question, see the pillar preview,
save, and a pillar's next pull brings the change; broken content is refused with the place."""

from __future__ import annotations

import asyncio
import itertools
import json
from collections.abc import Iterator
from datetime import date, datetime, timedelta
from pathlib import Path

import httpx
import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtTest import QTest
from pytestqt.qtbot import QtBot

from kiosk.desk.app import DeskWindow
from kiosk.desk.polleditor import PollEditor
from shared import eventfile, programme
from shared.datadir import DataDir
from shared.eventbook import read_workbook
from shared.hub.server import RunningHub
from shared.i18n import Lang
from shared.protocol import Role
from shared.store import Store
from tests.helpers.desk import desk_on_hub
from tests.helpers.hub import paired_token
from tests.helpers.kiosk import expect

FONTS = Path(__file__).resolve().parent / "data" / "fonts"
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
    tab.message.connect(lambda said, error: messages.append((said(Lang.NL), error)))
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
    room = tmp_path / "zaal.png"
    room.write_bytes(sorted((demo_dir.root / "demo-tickets").glob("*.png"))[-1].read_bytes())
    # the wall's board: felt, under an image of the event's own
    assert tab.board.currentData() == "cork"
    tab.board.setCurrentIndex(tab.board.findData("felt"))
    tab.board.activated.emit(tab.board.currentIndex())

    async def upload_and_save() -> None:
        said = expect(tab.message)
        tab.upload_image("logo", logo)
        words, error = await asyncio.wait_for(said, 30)
        assert not error, words(Lang.NL)
        said = expect(tab.message)
        tab.upload_image("board_image", room)
        words, error = await asyncio.wait_for(said, 30)
        assert not error, words(Lang.NL)
        said = expect(tab.message)
        tab.upload_font(FONTS / "ComicNeue-Bold.otf", FONTS / "ComicNeue-LICENSE.txt")
        words, error = await asyncio.wait_for(said, 30)
        assert not error, words(Lang.NL)
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
    assert event["board"] == "felt"
    assert event["board_image"] is not None
    assert demo_dir.media_path(event["board_image"]).read_bytes() == room.read_bytes()
    window.retranslate(Lang.EN)
    assert tab.board.currentText() == "felt"
    assert tab.board_button.text() == "The wall's own background…"
    # the event's own font, with its licence beside it
    assert event["font"] is not None
    assert event["font_licence"] is not None
    font_bytes = (FONTS / "ComicNeue-Bold.otf").read_bytes()
    assert demo_dir.media_path(event["font"]).read_bytes() == font_bytes
    licence = (FONTS / "ComicNeue-LICENSE.txt").read_bytes()
    assert demo_dir.media_path(event["font_licence"]).read_bytes() == licence


def _laid_out(qtbot: QtBot, polls: PollEditor) -> None:
    """Wait until the form's shown fields stand one below the other, none over another."""
    fields = [polls.code, polls.kind, polls.where, polls.text, polls.subject, polls.options]
    fields += [polls.max_choices, polls.comment, polls.opens, polls.closes, polls.results]

    def apart() -> bool:
        shown = [f.geometry() for f in fields if not f.isHidden()]
        return all(a.bottom() < b.top() for a, b in itertools.pairwise(shown))

    qtbot.waitUntil(apart)


def test_questions_of_the_day_edited_checked_and_saved(
    editor: tuple[DeskWindow, RunningHub],
    demo_store: Store,
    qloop: asyncio.AbstractEventLoop,
    qtbot: QtBot,
) -> None:
    window, _ = editor
    tab = window.editor
    polls = tab.polls
    tab.pages.setCurrentWidget(polls)
    codes = [p["code"] for p in polls.polls]
    assert polls.list.count() == len(codes) == 9
    polls.list.setCurrentRow(codes.index("MELDPUNT"))
    assert polls.kind.currentData() == "vote"
    assert polls.results.currentData() == "after_close"
    assert polls.where.currentData() is None  # event-wide
    assert polls.options.isHidden()  # only a poll has options
    assert "voor" in polls.hint.text()  # proposals first
    polls.list.setCurrentRow(codes.index("AANBEVELEN"))
    assert polls.asked.text() == (
        "Op de zuil: “Hoe waarschijnlijk is het dat je deze kennisdag aanbeveelt aan een collega?”"
    )
    assert polls.text.isHidden()  # the standard wording, always
    assert not polls.subject.isHidden()
    polls.list.setCurrentRow(codes.index("VAST-R"))
    assert polls.where.currentData() == "VAST"
    assert polls.comment.isChecked()
    assert polls.text.placeholderText() == "Wat vond je van deze workshop?"

    # a new poll: chosen, added, filled in; a problem shows beside the form at once
    polls.new_kind.setCurrentIndex(polls.new_kind.findData("poll"))
    QTest.mouseClick(polls.add_button, Qt.MouseButton.LeftButton)
    assert polls.list.count() == 10
    assert polls.code.text() == "PEILING"
    polls.text.setPlainText("Welke zaal vond je het prettigst?")
    polls.options.setPlainText("Zaal Maas")
    assert not polls.problem.isHidden()
    assert "a poll needs 2 to 8 options, has 1" in polls.problem.text()
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    _laid_out(qtbot, polls)
    window.grab().save(str(SCREENSHOTS / "editor-polls-problem.png"))
    polls.options.setPlainText("Zaal Maas\nZaal Waal\n\nZaal IJssel\n")
    polls.max_choices.setValue(2)
    polls.opens.setText("10:00")
    polls.opens.textEdited.emit("10:00")
    assert polls.problem.isHidden()
    polls.code.setText("wolk")  # taken: codes are the same whatever their case
    polls.code.textEdited.emit("wolk")
    assert polls.problem.text() == "poll codes used twice: WOLK"
    polls.code.setText("PEILING")
    polls.code.textEdited.emit("PEILING")
    polls.closes.setText("9:30")
    polls.closes.textEdited.emit("9:30")
    assert polls.problem.text() == "polls[10]: closes (09:30) before it opens (10:00)"
    assert polls.list.currentItem().text() == "PEILING · peiling (meerkeuze) · het hele evenement"
    _laid_out(qtbot, polls)
    window.grab().save(str(SCREENSHOTS / "editor-polls.png"))

    # the whole event is checked on saving: closing before opening is named by its place
    messages: list[tuple[str, bool]] = []
    tab.message.connect(lambda said, error: messages.append((said(Lang.NL), error)))
    tab.save()
    assert messages[-1][1]
    assert "polls[10]: closes (09:30) before it opens (10:00)" in messages[-1][0]
    assert tab.content is not None
    day = tab.content["event"]["starts"]  # the demo is held today
    polls.closes.setText(f"{day} 16:30")
    polls.closes.textEdited.emit(f"{day} 16:30")

    # another kind keeps what still fits; a removed rating comes back with one click
    polls.list.setCurrentRow(codes.index("WOLK"))
    polls.kind.setCurrentIndex(polls.kind.findData("vote"))
    polls.kind.activated.emit(polls.kind.currentIndex())
    assert polls.current() == {
        **eventfile.new_poll(eventfile.PollKind.VOTE, "WOLK"),
        "text": "Welk woord komt bij je op bij 'ondermijning'?",
    }
    polls.list.setCurrentRow(codes.index("ZORG-R"))
    QTest.mouseClick(polls.remove_button, Qt.MouseButton.LeftButton)
    assert "ZORG-R" not in [p["code"] for p in polls.polls]
    QTest.mouseClick(polls.ratings_button, Qt.MouseButton.LeftButton)
    assert polls.hint.text() == "Waardering toegevoegd: ZORG-R"
    assert polls.polls[-1]["code"] == "ZORG-R"
    assert polls.list.currentRow() == polls.list.count() - 1
    QTest.mouseClick(polls.ratings_button, Qt.MouseButton.LeftButton)
    assert polls.hint.text() == "Elke workshop heeft al een waardering."
    tab.min_answers.setValue(7)

    async def save() -> None:
        saved = expect(tab.saved)
        tab.save()
        await asyncio.wait_for(saved, 30)

    qloop.run_until_complete(save())
    stored = {p["code"]: p for p in demo_store.read(programme.polls)}
    assert list(stored)[-2:] == ["PEILING", "ZORG-R"]
    new = stored["PEILING"]
    assert json.loads(new["options"]) == ["Zaal Maas", "Zaal Waal", "Zaal IJssel"]
    opens = eventfile.poll_moment("10:00", date.fromisoformat(day))
    assert (new["max_choices"], new["opens"]) == (2, opens.isoformat())
    assert new["opens"] is not None
    assert datetime.fromisoformat(new["opens"]).utcoffset() == timedelta(0)
    assert (stored["WOLK"]["kind"], stored["WOLK"]["phase"]) == ("vote", "propose")
    event = demo_store.event()
    assert event is not None
    assert event["min_answers"] == 7
    assert polls.list.count() == 10  # the stored content, shown again

    # English, every label of the section
    window.retranslate(Lang.EN)
    assert polls.ratings_button.text() == "A rating for every workshop"
    polls.list.setCurrentRow(0)
    assert polls.asked.text() == "On the pillar: “What did you think of this workshop?”"
    _laid_out(qtbot, polls)
    window.grab().save(str(SCREENSHOTS / "editor-polls-en.png"))


def test_an_answered_question_removed_is_refused_by_the_hub(
    editor: tuple[DeskWindow, RunningHub], demo_store: Store, qloop: asyncio.AbstractEventLoop
) -> None:
    window, _ = editor
    polls = window.editor.polls
    poll_id = demo_store.scalar("SELECT id FROM polls WHERE code = 'VAST-R'")
    demo_store.db.execute("INSERT INTO poll_answered VALUES (?, 'answer', 3)", [poll_id])
    polls.list.setCurrentRow(0)
    polls.remove_poll()

    async def save() -> tuple[str, bool]:
        said = expect(window.editor.message)
        window.editor.save()
        words, error = await asyncio.wait_for(said, 30)
        return words(Lang.NL), error

    text, error = qloop.run_until_complete(save())
    assert error
    assert "'VAST-R' has answers and cannot be removed" in text
    assert demo_store.scalar("SELECT count(*) FROM polls") == 9
