"""Where the desk's file dialogs start: the folder staff last used, else a sensible one.

A report, a list or a ticket PDF to save starts in the folder last saved to, else
in the desk's ``reports`` folder beside its data (made when first needed), never in
whatever folder the desk happened to be started from, nor in root's home. A file to
open (a registration list, an image, a font) starts in the folder last opened from,
else in the user's Documents (or home). Both folders are kept in the desk's
settings, so the next day starts where the last one ended.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QSettings, QStandardPaths
from PySide6.QtWidgets import QFileDialog

AskPath = Callable[[str, str, bool], str]
"""Asks for a file: (title, suggested name or path, save) -> the path, or '' when cancelled."""
AskFolder = Callable[[str], str]
"""Asks for a folder: (title) -> the folder, or '' when cancelled."""
Dialog = Callable[[str, str, str, str, bool], str]
"""The system dialog: (title, start path, filters, filter chosen, save) -> path or ''."""

SAVED_IN = "files/saved_in"
OPENED_FROM = "files/opened_from"

FILE_FILTERS = (
    "CSV of Excel (*.csv *.xlsx)",
    "PDF (*.pdf)",
    "TOML (*.toml)",
    "Lettertype · Font (*.ttf *.otf)",
    "Tekst · Text (*.txt)",
    "Alle bestanden · All files (*)",
)


def dialog_filters(suggested: str) -> tuple[str, str]:
    """The file dialog's filters and the one that fits the suggested name."""
    suffix = Path(suggested).suffix.lower()
    chosen = next(
        (f for f in FILE_FILTERS if suffix and f"*{suffix}" in f),
        FILE_FILTERS[0],
    )
    return ";;".join(FILE_FILTERS), chosen


def system_dialog(title: str, start: str, filters: str, chosen: str, save: bool) -> str:
    """Qt's file dialog for saving or opening ('' when cancelled)."""
    if save:
        return QFileDialog.getSaveFileName(None, title, start, filters, chosen)[0]
    return QFileDialog.getOpenFileName(None, title, start, filters, chosen)[0]


def documents() -> Path:
    """The user's Documents folder when there is one, else their home."""
    found = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    return Path(found) if found and Path(found).is_dir() else Path.home()


class FileAsker:
    """Asks staff for a file or a folder, starting where they last were.

    Called as an :data:`AskPath`; the tabs that save or open files share one.

    Args:
        settings: the desk's settings, where the last folders are kept.
        reports: where saving starts the first time (made when first needed).
        dialog: the file dialog (Qt's; tests pass their own).
        folder_dialog: the folder dialog (Qt's; tests pass their own).
    """

    def __init__(
        self,
        settings: QSettings,
        reports: Path,
        dialog: Dialog = system_dialog,
        folder_dialog: Callable[[str, str], str] | None = None,
    ) -> None:
        self.settings = settings
        self.reports = reports
        self.dialog = dialog
        self.folder_dialog = folder_dialog or (
            lambda title, start: QFileDialog.getExistingDirectory(None, title, start)
        )

    def folder(self, save: bool) -> Path:
        """Where a dialog to save (or to open) starts now."""
        kept = self.settings.value(SAVED_IN if save else OPENED_FROM)
        if isinstance(kept, str) and kept and Path(kept).is_dir():
            return Path(kept)
        if not save:
            return documents()
        try:
            self.reports.mkdir(parents=True, exist_ok=True)
        except OSError:
            return documents()  # a read-only data folder: saving starts where the user works
        return self.reports

    def start(self, suggested: str, save: bool) -> Path:
        """The path a dialog opens at: the suggested name in :meth:`folder`.

        A suggested path with a folder of its own (the desk's tickets) keeps it.
        """
        name = Path(suggested)
        if name.is_absolute():
            return name
        return self.folder(save) / name if suggested else self.folder(save)

    def remember(self, chosen: str, save: bool) -> None:
        """Start the next dialog of this kind in the folder of ``chosen`` ('' is forgotten)."""
        if chosen:
            self.settings.setValue(SAVED_IN if save else OPENED_FROM, str(Path(chosen).parent))
            self.settings.sync()

    def __call__(self, title: str, suggested: str, save: bool) -> str:
        """Ask for a file to save (``save``) or to open; '' when staff cancel."""
        filters, chosen_filter = dialog_filters(suggested)
        chosen = self.dialog(title, str(self.start(suggested, save)), filters, chosen_filter, save)
        self.remember(chosen, save)
        return chosen

    def ask_folder(self, title: str) -> str:
        """Ask for a folder to open (a session's data folder, say); '' when cancelled.

        The next dialog starts beside it, where the next session's folder likely is.
        """
        chosen = self.folder_dialog(title, str(self.folder(save=False)))
        self.remember(chosen, save=False)
        return chosen


def ask_path_with_dialog(title: str, suggested: str, save: bool) -> str:
    """Ask for a file in the user's Documents (or home), remembering nothing.

    For a tab on its own; the desk gives its tabs a :class:`FileAsker`.
    """
    filters, chosen = dialog_filters(suggested)
    start = documents() / suggested if suggested else documents()
    return system_dialog(title, str(start), filters, chosen, save)


def ask_folder_with_dialog(title: str) -> str:
    """Ask for a folder, starting in the user's Documents (or home)."""
    return QFileDialog.getExistingDirectory(None, title, str(documents()))
