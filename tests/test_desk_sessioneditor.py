"""The content editor's work sessions page against a real hub on 127.0.0.1: a session built
by hand (questions, tables, a round with a plan) saved and pulled back as content, a problem
shown as it is typed, and a removal the hub refuses because ideas refer to it."""

from __future__ import annotations

import asyncio
import itertools
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QTableWidget, QWidget
from pytestqt.qtbot import QtBot

from kiosk.desk.app import DeskWindow
from kiosk.desk.sessioneditor import SessionEditor, numbered_code, rotation
from shared import eventfile, protocol
from shared.datadir import DataDir, assets_dir
from shared.hub.server import RunningHub
from shared.i18n import Lang
from shared.protocol import Role
from shared.store import Store
from tests.helpers.desk import desk_on_hub
from tests.helpers.hub import auth, paired_token
from tests.helpers.kiosk import expect

SCREENSHOTS = Path(__file__).resolve().parent.parent / "screenshots" / "desk"
CAFE = assets_dir() / "demo" / "world-cafe.toml"


@pytest.fixture
def editor(
    qloop: asyncio.AbstractEventLoop, demo_dir: DataDir, demo_store: Store, tmp_path: Path
) -> Iterator[tuple[DeskWindow, RunningHub]]:
    with desk_on_hub(qloop, demo_dir, demo_store, tmp_path / "desk", Role.ORGANISER) as opened:
        window = opened[0]
        loaded = expect(window.editor.loaded)
        window.tabs.setCurrentWidget(window.editor)  # the editor loads when first opened
        qloop.run_until_complete(asyncio.wait_for(loaded, 30))
        window.editor.pages.setCurrentWidget(window.editor.sessions)
        yield opened


def type_cell(table: QTableWidget, row: int, column: int, text: str) -> None:
    """Change a cell as the organiser's typing does (the table says its item changed)."""
    item = table.item(row, column)
    assert item is not None
    table.setCurrentCell(row, column)
    item.setText(text)


def click(widget: QWidget) -> None:
    QTest.mouseClick(widget, Qt.MouseButton.LeftButton)


def laid_out(qtbot: QtBot, page: SessionEditor) -> None:
    """Wait until the page's parts stand one below the other, none over another."""
    parts: list[QWidget] = [page.list, page.add_button, page.problem, page.code, page.title]
    parts += [page.dots, page.dots_per_idea, page.questions, page.add_question_button]
    parts += [page.tables, page.add_table_button, page.rounds, page.add_round_button]
    parts += [page.minutes, page.everywhere, page.plan_label, *page.plan.values()]

    def apart() -> bool:
        shown = [(p.mapTo(page, p.rect().topLeft()).y(), p) for p in parts if not p.isHidden()]
        spans = [(top, top + p.height()) for top, p in shown]
        shown_plan = all(c.isVisible() for c in page.plan.values())  # shown once laid out
        return shown_plan and all(a[1] <= b[0] for a, b in itertools.pairwise(spans))

    qtbot.waitUntil(apart)


def test_a_session_built_by_hand_is_saved_and_pulled_back(
    editor: tuple[DeskWindow, RunningHub],
    demo_store: Store,
    qloop: asyncio.AbstractEventLoop,
    qtbot: QtBot,
) -> None:
    window, hub = editor
    tab = window.editor
    page = tab.sessions
    assert page.list.count() == 0  # the demo congress has no work session
    assert not page.question_box.isEnabled()
    click(page.add_button)
    assert page.list.count() == 1
    assert page.code.text() == "SESSIE"
    assert page.problem.isHidden()  # a new session is valid as it is
    page.code.setText("")
    QTest.keyClicks(page.code, "CAFE")
    page.title.setText("Wijkcafé Oost")  # QTest types no é
    page.title.textEdited.emit("Wijkcafé Oost")
    page.dots.setValue(5)
    page.dots_per_idea.setValue(2)
    assert page.list.currentItem().text() == "CAFE · Wijkcafé Oost"

    type_cell(page.questions, 0, 0, "GROEN")
    type_cell(page.questions, 0, 1, "Hoe maken we de wijk groener?")
    click(page.add_question_button)
    type_cell(page.questions, 1, 0, "SAMEN")
    type_cell(page.questions, 1, 1, "Wie doet er mee, en hoe?")
    type_cell(page.tables, 0, 1, "Tafel Linde")
    type_cell(page.tables, 0, 2, "Fatima")
    click(page.add_table_button)
    assert [t["code"] for t in page.current()["tables"]] == ["T1", "T2"]  # type: ignore[index]
    type_cell(page.tables, 1, 1, "Tafel Eik")

    click(page.add_round_button)  # the first round: each table its own question
    assert page.current_round() == {"minutes": 20, "plan": {"T1": "GROEN", "T2": "SAMEN"}}
    page.minutes.setValue(25)
    combo = page.plan["T2"]
    combo.setCurrentIndex(combo.findData("GROEN"))
    combo.activated.emit(combo.currentIndex())
    click(page.add_round_button)  # the second: moved on, then made every question everywhere
    assert page.current_round() == {"minutes": 20, "plan": {"T1": "SAMEN", "T2": "GROEN"}}
    page.everywhere.setChecked(True)
    assert page.plan == {}
    assert page.plan_label.isHidden()
    assert page.rounds.item(1).text() == "Ronde 2 · 20 min · alle vragen overal"
    page.rounds.setCurrentRow(0)
    assert page.rounds.item(0).text() == "Ronde 1 · 25 min · 2 tafel(s) met een vraag"
    assert page.plan["T2"].currentData() == "GROEN"
    assert page.problem.isHidden()

    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    for lang in (Lang.NL, Lang.EN):
        window.retranslate(lang)
        page.rounds.setCurrentRow(0)
        laid_out(qtbot, page)
        window.grab().save(str(SCREENSHOTS / f"editor-sessions-{lang}.png"))
        page.scroll_area.ensureWidgetVisible(page.round_box)
        laid_out(qtbot, page)
        window.grab().save(str(SCREENSHOTS / f"editor-sessions-rounds-{lang}.png"))
        page.scroll_area.ensureWidgetVisible(page.list)
    assert page.add_round_button.text() == "Add a round"
    assert page.plan_label.text() == "Which question at which table"
    window.retranslate(Lang.NL)

    async def save() -> None:
        saved = expect(tab.saved)
        tab.save()
        await asyncio.wait_for(saved, 30)

    qloop.run_until_complete(save())
    expected: eventfile.WorkSessionDraft = {
        "code": "CAFE",
        "title": "Wijkcafé Oost",
        "dots": 5,
        "dots_per_idea": 2,
        "questions": [
            {"code": "GROEN", "text": "Hoe maken we de wijk groener?"},
            {"code": "SAMEN", "text": "Wie doet er mee, en hoe?"},
        ],
        "tables": [
            {"code": "T1", "name": "Tafel Linde", "host": "Fatima"},
            {"code": "T2", "name": "Tafel Eik", "host": ""},
        ],
        "rounds": [
            {"minutes": 25, "plan": {"T1": "GROEN", "T2": "GROEN"}},
            {"minutes": 20, "plan": None},
        ],
    }
    # the editor shows what the hub stored, and a new pull of the content says the same
    assert page.sessions == [expected]
    assert page.list.currentItem().text() == "CAFE · Wijkcafé Oost"
    stored = demo_store.export_event({}).sessions
    assert [s.model_dump(mode="json") for s in stored] == [expected]
    reloaded = expect(tab.loaded)
    tab.load()
    qloop.run_until_complete(asyncio.wait_for(reloaded, 30))
    assert tab.sessions.sessions == [expected]
    wall = paired_token(demo_store, Role.WALL)
    reply = httpx.get(f"{hub.url}/api/content", headers=auth(wall))
    [pulled] = protocol.ContentResponse.model_validate_json(reply.content).sessions
    questions = {q.id: q.code for q in pulled.questions}
    tables = {t.id: t.code for t in pulled.tables}
    assert (pulled.code, pulled.title, pulled.dots, pulled.dots_per_idea) == (
        "CAFE",
        "Wijkcafé Oost",
        5,
        2,
    )
    assert [(t.code, t.name, t.host) for t in pulled.tables] == [
        ("T1", "Tafel Linde", "Fatima"),
        ("T2", "Tafel Eik", ""),
    ]
    assert [
        (
            r.minutes,
            None if r.plan is None else {tables[t]: questions[q] for t, q in r.plan.items()},
        )
        for r in pulled.rounds
    ] == [(25, {"T1": "GROEN", "T2": "GROEN"}), (20, None)]


def test_a_problem_shows_as_it_is_typed_and_saving_refuses_it(
    editor: tuple[DeskWindow, RunningHub], demo_store: Store, qtbot: QtBot
) -> None:
    window, _ = editor
    tab = window.editor
    page = tab.sessions
    tab.import_file(CAFE)  # four questions, three tables, four rounds
    assert page.list.count() == 1
    assert page.problem.isHidden()
    # a code typed over: the plans follow it
    type_cell(page.tables, 0, 0, "ZEE")
    type_cell(page.questions, 0, 0, "SUC")
    assert page.problem.isHidden()
    assert page.sessions[0]["rounds"][0]["plan"] == {"ZEE": "SUC", "T2": "LEREN", "T3": "KLANT"}
    assert page.plan["ZEE"].currentData() == "SUC"
    type_cell(page.questions, 0, 0, "SUCCES")
    # a table removed that the first round's plan puts at a question: named at once
    page.tables.setCurrentCell(0, 0)
    click(page.remove_table_button)
    assert not page.problem.isHidden()
    assert page.problem.text() == "sessions[1]: round 1 names unknown table 'ZEE'"
    assert page.plan["ZEE"].currentData() == "SUCCES"  # the unknown table shows, to fix
    assert page.plan_names["ZEE"].text() == "ZEE (onbekende tafel)"
    assert page.plan_names["T2"].text() == "T2 · Tafel Duin"
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    laid_out(qtbot, page)
    window.grab().save(str(SCREENSHOTS / "editor-sessions-problem.png"))
    messages: list[tuple[str, bool]] = []
    tab.message.connect(lambda said, error: messages.append((said(Lang.NL), error)))
    tab.save()
    assert messages[-1][1]
    assert "sessions[1]: round 1 names unknown table 'ZEE'" in messages[-1][0]
    assert demo_store.export_event({}).sessions == []  # nothing reached the hub
    # a dot limit above the dots is the next problem; each is fixed where it shows
    page.dots_per_idea.setValue(4)
    assert "dots_per_idea (4) is more than dots (3)" in page.problem.text()
    page.dots_per_idea.setValue(1)
    for number in (1, 2, 3):
        page.rounds.setCurrentRow(number - 1)
        combo = page.plan["ZEE"]  # the unknown table sits out, and leaves the plan
        combo.setCurrentIndex(combo.findData(None))
        combo.activated.emit(combo.currentIndex())
    assert page.problem.isHidden()
    assert page.sessions[0]["rounds"][0]["plan"] == {"T2": "LEREN", "T3": "KLANT"}
    assert "ZEE" not in page.plan
    # removing the only table is named too
    for _ in range(2):
        page.tables.setCurrentCell(0, 0)
        click(page.remove_table_button)
    assert "sessions[1].tables: List should have at least 1 item" in page.problem.text()
    window.retranslate(Lang.EN)
    assert page.remove_table_button.text() == "Remove the table"
    assert not page.problem.isHidden()


def test_removing_a_table_with_ideas_is_refused_by_the_hub(
    editor: tuple[DeskWindow, RunningHub], demo_store: Store, qloop: asyncio.AbstractEventLoop
) -> None:
    window, _ = editor
    tab = window.editor
    page = tab.sessions
    demo_store.import_event(
        demo_store.export_event({}).model_copy(update={"sessions": eventfile.load(CAFE).sessions}),
        {},
    )
    question = demo_store.scalar("SELECT id FROM cafe_questions WHERE code = 'KLANT'")
    table = demo_store.scalar("SELECT id FROM cafe_tables WHERE code = 'T3'")
    demo_store.db.execute(
        "INSERT INTO ideas (id, question_id, table_id, text, state, created_minute)"
        " VALUES (7, ?, ?, 'Een buurtapp', 'visible', '2026-11-26T10:00')",
        [question, table],
    )
    demo_store.db.conn.commit()
    reloaded = expect(tab.loaded)
    tab.load()
    qloop.run_until_complete(asyncio.wait_for(reloaded, 30))
    assert page.list.count() == 1
    page.tables.setCurrentCell(2, 0)
    click(page.remove_table_button)
    for number in range(3):  # the rounds' plans no longer name T3
        page.rounds.setCurrentRow(number)
        page.set_plan("T3", None)
    assert page.problem.isHidden()

    async def save() -> tuple[str, bool]:
        said = expect(tab.message)
        tab.save()
        words, error = await asyncio.wait_for(said, 30)
        return words(Lang.NL), error

    text, error = qloop.run_until_complete(save())
    assert error
    assert text.startswith("Dat botst met wat er al is")
    assert "work session 'CAFE': table 'T3' has ideas, dots or joins and cannot be removed" in text
    assert [t.code for t in demo_store.export_event({}).sessions[0].tables] == ["T1", "T2", "T3"]


def test_new_codes_and_plans() -> None:
    assert numbered_code("T", ["t1", "T3"]) == "T2"
    assert numbered_code("V", []) == "V1"
    session = eventfile.load(CAFE).sessions[0].model_dump(mode="json")
    assert rotation(session, 0) == {"T1": "SUCCES", "T2": "LEREN", "T3": "KLANT"}  # type: ignore[arg-type]
    assert rotation(session, 3) == {"T1": "BEWUST", "T2": "SUCCES", "T3": "LEREN"}  # type: ignore[arg-type]
