"""The pillar's Qt stylesheet, drawn from the shared colour roles and scale.

Every colour comes from :func:`shared.ui.theme.roles` (the event's house style,
checked for WCAG AA), every size from :data:`shared.ui.theme.SCALE`: body text
28 px at 1080p, touch targets at least 72 px.
"""

from __future__ import annotations

from shared.protocol import EventInfo
from shared.ui.theme import SCALE, Roles, house_style, roles


def stylesheet(event: EventInfo | None, high_contrast: bool = False, scale: float = 1.0) -> str:
    """The Qt stylesheet for the pillar."""
    r: Roles = roles(house_style(event), high_contrast=high_contrast)
    s = SCALE

    def px(n: float) -> str:
        return f"{round(n * scale)}px"

    # CSS reads better one rule per line.
    return f"""
    QWidget {{ background: {r.surface}; color: {r.on_surface}; font-size: {px(s.text_body)}; }}
    QLabel#title {{ font-size: {px(s.text_title)}; font-weight: 700; color: {r.brand}; }}
    QLabel#subtitle {{ font-size: {px(s.text_subtitle)}; font-weight: 600; }}
    QLabel#big {{ font-size: {px(s.text_display)}; font-weight: 800; color: {r.brand}; }}
    QLabel#hint {{ font-size: {px(s.text_body)}; color: {r.on_surface}; }}
    QLabel#status {{ font-size: {px(18)}; color: {r.muted}; }}
    QLabel#idle {{ font-size: {px(32)}; background: {r.accent}; color: {r.on_accent}; padding: {px(12)}; }}
    QWidget#nowpanel {{ background: {r.card}; border-left: {px(8)} solid {r.accent}; border-radius: {px(s.radius_s)}; }}
    QWidget#nowpanel QLabel {{ background: transparent; color: {r.on_card}; }}
    QLabel#camera {{ background: #000000; border: {px(6)} solid {r.primary}; }}
    QLabel#header {{ font-size: {px(30)}; font-weight: 700; color: {r.on_primary}; background: {r.primary}; padding: {px(14)}; }}
    QWidget#headerbar {{ background: {r.primary}; }}
    QWidget#headerbar QLabel {{ background: transparent; color: {r.on_primary}; }}
    QPushButton {{
        background: {r.primary}; color: {r.on_primary}; border: {px(3)} solid {r.outline if high_contrast else r.primary};
        border-radius: {px(s.radius_m)}; padding: {px(s.space_m)}; font-size: {px(s.text_button)}; font-weight: 600;
        min-height: {px(s.target)};
    }}
    QLabel#buttonlabel, QLabel#buttonlabel-strong {{ background: transparent; color: {r.on_primary}; font-size: {px(s.text_button)}; font-weight: 600; }}
    QLabel#buttonlabel:disabled {{ color: {r.on_disabled}; }}
    QLabel#buttonlabel-chosen {{ background: transparent; color: {r.on_accent}; font-size: {px(s.text_button)}; font-weight: 700; }}
    QPushButton:pressed {{ background: {r.accent}; color: {r.on_accent}; }}
    QPushButton:disabled {{ background: {r.disabled}; border-color: {r.disabled}; color: {r.on_disabled}; }}
    QPushButton#secondary {{ background: {r.surface}; color: {r.brand}; }}
    QPushButton#choice:checked {{ background: {r.accent}; color: {r.on_accent}; border-color: {r.on_accent}; }}
    QWidget#verdict-right {{ background: {r.success}; border-radius: {px(s.radius_m)}; }}
    QWidget#verdict-wrong {{ background: {r.card}; border: {px(3)} solid {r.outline}; border-radius: {px(s.radius_m)}; }}
    QWidget#verdict-right QLabel {{ background: transparent; color: {r.on_success}; }}
    QWidget#verdict-wrong QLabel {{ background: transparent; color: {r.on_card}; }}
    QPushButton#right {{ background: {r.success}; border-color: {r.success}; color: {r.on_success}; }}
    QPushButton#wrong {{ background: {r.danger}; border-color: {r.danger}; color: {r.on_danger}; }}
    QPushButton#right QLabel {{ color: {r.on_success}; }}
    QPushButton#wrong QLabel {{ color: {r.on_danger}; }}
    QPushButton#key {{ font-size: {px(30)}; padding: {px(s.space_xs)}; border-radius: {px(s.radius_s)}; min-height: {px(64)}; }}
    QPushButton#language {{ background: {r.card}; color: {r.brand}; font-size: {px(s.text_small)}; min-height: {px(60)}; }}
    QPlainTextEdit, QLineEdit {{
        background: {r.card}; color: {r.on_card}; border: {px(3)} solid {r.primary};
        border-radius: {px(12)}; padding: {px(12)}; font-size: {px(30)};
    }}
    QCheckBox {{ font-size: {px(s.text_body)}; spacing: {px(s.space_m)}; }}
    QCheckBox::indicator {{ width: {px(48)}; height: {px(48)}; }}
    QScrollArea {{ border: none; }}
    """
