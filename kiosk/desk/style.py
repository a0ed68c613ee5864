"""The desk's and console's look: one Qt style sheet from the shared colour roles.

Staff work at a laptop with mouse and keyboard, so sizes are a laptop's, not a
pillar's; keyboard focus is always visible. Each tab carries an icon beside its
name.
"""

from __future__ import annotations

from PySide6.QtGui import QIcon

from shared.protocol import EventInfo
from shared.ui.icons import Icon
from shared.ui.qt import qicon
from shared.ui.theme import Roles, family_rule, house_style, roles

# the desk's tabs in their order (walk-in, find, list, links, moderation, votes, dashboard,
# content, sessions compared, work session)
TAB_ICONS = (
    Icon.WALK_IN,
    Icon.SEARCH,
    Icon.PEOPLE,
    Icon.TICKET,
    Icon.MODERATION,
    Icon.VOTE,
    Icon.RESULTS,
    Icon.SETTINGS,
    Icon.AGENDA_DONE,  # work sessions: their report, and a series compared
    Icon.IDEA,
)


def desk_roles(event: EventInfo | None) -> Roles:
    """The colour roles of the event's house style (the default one before content arrives)."""
    return roles(house_style(event))


def tab_icon(index: int, r: Roles) -> QIcon:
    """The icon of the desk's tab at ``index``, drawn in the brand colour."""
    return qicon(TAB_ICONS[index], r.brand, 24)


def stylesheet(r: Roles, family: str | None = None) -> str:
    """The Qt style sheet of the desk and console; ``family`` is the event's own font, if any."""
    # CSS reads better one rule per line.
    return f"""
    QMainWindow, QTabWidget::pane, QScrollArea, QScrollArea > QWidget > QWidget {{ background: {r.surface}; }}
    QWidget {{ color: {r.on_surface}; font-size: 15px; {family_rule(family)} }}
    QToolBar {{ background: {r.primary}; border: none; padding: 4px; spacing: 8px; }}
    QToolBar QLabel {{ color: {r.on_primary}; background: transparent; }}
    QToolBar QPushButton {{ background: {r.card}; color: {r.on_card}; }}
    QTabBar::tab {{ background: {r.surface}; color: {r.on_surface}; padding: 8px 8px; border: 1px solid {r.outline}; border-bottom: none; border-top-left-radius: 8px; border-top-right-radius: 8px; margin-right: 2px; }}
    QTabBar::scroller {{ width: 64px; }}
    QTabBar QToolButton {{ background: {r.card}; color: {r.on_card}; border: 1px solid {r.outline}; border-radius: 6px; margin: 2px 1px; }}
    QTabBar QToolButton:hover {{ border-color: {r.focus}; }}
    QTabBar QToolButton:disabled {{ background: {r.surface}; }}
    QTabBar::tab:selected {{ background: {r.card}; color: {r.brand}; font-weight: 700; border-top: 3px solid {r.primary}; }}
    QTabBar::tab:focus {{ outline: none; border: 2px solid {r.focus}; }}
    QPushButton {{ background: {r.primary}; color: {r.on_primary}; border: 2px solid {r.primary}; border-radius: 8px; padding: 6px 14px; min-height: 24px; font-weight: 600; }}
    QPushButton:hover {{ border-color: {r.focus}; }}
    QPushButton:focus {{ border: 3px solid {r.focus}; }}
    QPushButton:pressed {{ background: {r.accent}; color: {r.on_accent}; border-color: {r.accent}; }}
    QPushButton:checked {{ background: {r.accent}; color: {r.on_accent}; border-color: {r.on_accent}; }}
    QPushButton:disabled {{ background: {r.disabled}; color: {r.on_disabled}; border-color: {r.disabled}; }}
    QLineEdit, QPlainTextEdit, QTextEdit, QComboBox, QSpinBox, QDateEdit, QDateTimeEdit, QTimeEdit {{ background: {r.card}; color: {r.on_card}; border: 1px solid {r.outline}; border-radius: 6px; padding: 4px 6px; }}
    QLineEdit:focus, QPlainTextEdit:focus, QTextEdit:focus, QComboBox:focus, QSpinBox:focus, QDateEdit:focus, QDateTimeEdit:focus, QTimeEdit:focus {{ border: 2px solid {r.focus}; }}
    QTableView, QTableWidget, QListView, QListWidget, QTreeView {{ background: {r.card}; color: {r.on_card}; alternate-background-color: {r.surface}; border: 1px solid {r.outline}; selection-background-color: {r.primary}; selection-color: {r.on_primary}; }}
    QTableView:focus, QTableWidget:focus, QListView:focus, QListWidget:focus, QTreeView:focus {{ border: 2px solid {r.focus}; }}
    QHeaderView::section {{ background: {r.surface}; color: {r.on_surface}; font-weight: 700; padding: 4px 6px; border: none; border-bottom: 2px solid {r.outline}; }}
    QGroupBox {{ border: 1px solid {r.outline}; border-radius: 8px; margin-top: 14px; padding: 8px; background: {r.card}; }}
    QGroupBox::title {{ subcontrol-origin: margin; left: 10px; color: {r.brand}; font-weight: 700; }}
    QCheckBox:focus, QRadioButton:focus {{ color: {r.brand}; }}
    QLabel#empty {{ color: {r.muted}; font-size: 18px; padding: 24px; }}
    QLabel#pollasked {{ color: {r.brand}; font-weight: 600; }}
    QLabel#pollhint {{ color: {r.muted}; }}
    QLabel#pollproblem {{ background: {r.danger}; color: {r.on_danger}; border-radius: 6px; padding: 4px 8px; }}
    QLabel#sessionproblem {{ background: {r.danger}; color: {r.on_danger}; border-radius: 6px; padding: 4px 8px; }}
    QLabel#sessionhint {{ color: {r.muted}; }}
    QStatusBar {{ background: {r.card}; color: {r.on_card}; }}
    """
