"""kiosk/desk/folders.py: the desk's file dialogs start in its reports folder, then where
staff last saved or opened, across a restart."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QFileDialog

from kiosk.desk.folders import FileAsker, dialog_filters, documents
from shared.datadir import DataDir
from shared.protocol import Role
from shared.store import Store
from tests.helpers.desk import desk_on_hub


class Dialog:
    """A file dialog that notes where it opened and answers what it is told."""

    def __init__(self) -> None:
        self.opened_at: list[str] = []
        self.answers: list[str] = []

    def __call__(self, title: str, start: str, filters: str, chosen: str, save: bool) -> str:
        self.opened_at.append(start)
        return self.answers.pop(0) if self.answers else ""


def settings(folder: Path) -> QSettings:
    return QSettings(str(folder / "desk.ini"), QSettings.Format.IniFormat)


def test_saving_starts_in_the_reports_folder_then_where_staff_saved(tmp_path: Path) -> None:
    reports = tmp_path / "desk" / "reports"
    dialog = Dialog()
    ask = FileAsker(settings(tmp_path), reports, dialog)
    elsewhere = tmp_path / "verslagen"
    elsewhere.mkdir()
    dialog.answers = [str(elsewhere / "dag1.pdf")]
    assert ask("Verslag", "verslag.pdf", True) == str(elsewhere / "dag1.pdf")
    assert reports.is_dir()
    assert ask("Verslag", "verslag.pdf", True) == ""  # cancelled: nothing remembered
    again = FileAsker(settings(tmp_path), reports, dialog)  # the desk started again
    again("Gegevens", "gegevens.xlsx", True)
    assert dialog.opened_at == [
        str(reports / "verslag.pdf"),  # the first time: the reports folder, not home
        str(elsewhere / "verslag.pdf"),
        str(elsewhere / "gegevens.xlsx"),
    ]


def test_opening_starts_in_documents_and_is_remembered_apart(tmp_path: Path) -> None:
    dialog = Dialog()
    ask = FileAsker(settings(tmp_path), tmp_path / "reports", dialog)
    downloads = tmp_path / "Downloads"
    downloads.mkdir()
    dialog.answers = [str(downloads / "aanmeldingen.xlsx")]
    ask("Importeren", "", False)
    assert dialog.opened_at == [str(documents())]
    ask("Importeren", "", False)
    assert dialog.opened_at[-1] == str(downloads)
    ask("Verslag", "verslag.pdf", True)  # saving has its own folder
    assert dialog.opened_at[-1] == str(tmp_path / "reports" / "verslag.pdf")


def test_a_suggestion_with_its_own_folder_keeps_it(tmp_path: Path) -> None:
    ask = FileAsker(settings(tmp_path), tmp_path / "reports", Dialog())
    ticket = tmp_path / "desk" / "tickets" / "ticket-12.pdf"
    assert ask.start(str(ticket), True) == ticket


def test_a_folder_gone_since_is_not_where_a_dialog_starts(tmp_path: Path) -> None:
    dialog = Dialog()
    ask = FileAsker(settings(tmp_path), tmp_path / "reports", dialog)
    stick = tmp_path / "usb"
    stick.mkdir()
    ask.remember(str(stick / "verslag.pdf"), True)
    assert ask.folder(True) == stick
    stick.rmdir()  # the USB stick was pulled
    assert ask.folder(True) == tmp_path / "reports"


def test_a_folder_picked_starts_the_next_pick_beside_it(tmp_path: Path) -> None:
    starts: list[str] = []
    session = tmp_path / "sessies" / "havenstad"
    session.mkdir(parents=True)

    def pick(title: str, start: str) -> str:
        starts.append(start)
        return str(session)

    ask = FileAsker(settings(tmp_path), tmp_path / "reports", Dialog(), pick)
    assert ask.ask_folder("Sessiemap") == str(session)
    ask.ask_folder("Sessiemap")
    assert starts == [str(documents()), str(tmp_path / "sessies")]


def test_a_file_dialog_offers_the_type_of_the_suggested_name() -> None:
    filters, chosen = dialog_filters("verslag.pdf")
    assert chosen == "PDF (*.pdf)"
    assert chosen in filters.split(";;")
    assert dialog_filters("gegevens.xlsx")[1] == "CSV of Excel (*.csv *.xlsx)"
    assert dialog_filters("")[1] == "CSV of Excel (*.csv *.xlsx)"


def test_the_desks_report_dialog_opens_in_its_reports_folder(
    qloop: asyncio.AbstractEventLoop,
    demo_dir: DataDir,
    demo_store: Store,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    opened_at: list[str] = []

    def save_dialog(*args: object) -> tuple[str, str]:
        opened_at.append(str(args[2]))  # parent, caption, dir, filter, selected filter
        return "", ""  # staff cancel

    monkeypatch.setattr(QFileDialog, "getSaveFileName", save_dialog)
    folder = tmp_path / "desk"
    with desk_on_hub(qloop, demo_dir, demo_store, folder, Role.ORGANISER) as (desk, _):
        desk.dashboard.report_button.click()
        desk.compare.report_button.click()
    assert opened_at == [
        str(folder / "reports" / "verslag.pdf"),
        str(folder / "reports" / "werksessie.pdf"),
    ]
