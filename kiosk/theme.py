"""The pillar's look: event colours, large type, and a high-contrast variant.

Sizes are in pixels of a 1080p screen: body text 28 px (≥ 24 px), touch
targets ≥ 72 px. Text sits on white or on the event's primary colour only
when that pair passes WCAG AA; otherwise a dark fallback is used.
"""

from __future__ import annotations

from shared.protocol import EventInfo


def _luminance(hex_colour: str) -> float:
    channels = [int(hex_colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(a: str, b: str) -> float:
    """The WCAG contrast ratio of two ``#RRGGBB`` colours."""
    la, lb = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def accessible(colour: str, on: str = "#FFFFFF", fallback: str = "#1B2631") -> str:
    """``colour`` if text on ``on`` background passes AA (4.5:1) with it, else ``fallback``."""
    return colour if contrast(colour, on) >= 4.5 else fallback


def stylesheet(event: EventInfo | None, high_contrast: bool = False, scale: float = 1.0) -> str:
    """The Qt stylesheet for the pillar."""
    primary = accessible(event.primary_colour if event else "#1B4F72")
    accent = event.secondary_colour if event else "#E67E22"
    background = event.background_colour if event else "#F4F1EA"
    text = "#1B2631"
    if high_contrast:
        primary, accent, background, text = "#000000", "#FFD400", "#000000", "#FFFFFF"
    button_text = "#FFFFFF" if not high_contrast else "#FFD400"

    def px(n: float) -> str:
        return f"{round(n * scale)}px"

    # CSS reads better one rule per line.
    return f"""
    QWidget {{ background: {background}; color: {text}; font-size: {px(28)}; }}
    QLabel#title {{ font-size: {px(60)}; font-weight: 700; color: {primary if not high_contrast else text}; }}
    QLabel#subtitle {{ font-size: {px(36)}; font-weight: 600; }}
    QLabel#big {{ font-size: {px(96)}; font-weight: 800; color: {primary if not high_contrast else accent}; }}
    QLabel#hint {{ font-size: {px(28)}; color: {text}; }}
    QLabel#status {{ font-size: {px(18)}; color: {"#5D6D7E" if not high_contrast else text}; }}
    QLabel#idle {{ font-size: {px(32)}; background: {accent}; color: #000000; padding: {px(12)}; }}
    QLabel#camera {{ background: #000000; border: {px(6)} solid {primary}; }}
    QLabel#header {{ font-size: {px(30)}; font-weight: 700; color: #FFFFFF; background: {primary}; padding: {px(14)}; }}
    QWidget#headerbar {{ background: {primary}; }}
    QWidget#headerbar QLabel {{ background: transparent; color: #FFFFFF; }}
    QPushButton {{
        background: {primary}; color: {button_text}; border: {px(3)} solid {primary};
        border-radius: {px(18)}; padding: {px(16)}; font-size: {px(32)}; font-weight: 600;
        min-height: {px(72)};
    }}
    QLabel#buttonlabel, QLabel#buttonlabel-strong {{ background: transparent; color: {button_text}; font-size: {px(32)}; font-weight: 600; }}
    QLabel#buttonlabel:disabled {{ color: #1B2631; }}
    QPushButton:pressed {{ background: {accent}; color: #000000; }}
    QPushButton:disabled {{ background: #AAB7B8; border-color: #AAB7B8; color: #1B2631; }}
    QPushButton#secondary {{ background: {background}; color: {primary if not high_contrast else text}; }}
    QPushButton#choice:checked {{ background: {accent}; color: #000000; border-color: #000000; }}
    QPushButton#right {{ background: #1E8449; border-color: #1E8449; color: #FFFFFF; }}
    QPushButton#wrong {{ background: #922B21; border-color: #922B21; color: #FFFFFF; }}
    QPushButton#key {{ font-size: {px(30)}; padding: {px(4)}; border-radius: {px(10)}; min-height: {px(64)}; }}
    QPushButton#language {{ background: #FFFFFF; color: {primary}; font-size: {px(24)}; min-height: {px(60)}; }}
    QPlainTextEdit, QLineEdit {{
        background: #FFFFFF; color: #1B2631; border: {px(3)} solid {primary};
        border-radius: {px(12)}; padding: {px(12)}; font-size: {px(30)};
    }}
    QCheckBox {{ font-size: {px(28)}; spacing: {px(16)}; }}
    QCheckBox::indicator {{ width: {px(48)}; height: {px(48)}; }}
    QScrollArea {{ border: none; }}
    """
