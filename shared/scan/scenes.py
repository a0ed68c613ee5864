"""Synthetic camera frames: a real QR code held up in front of a webcam.

Used by the virtual camera (demo, tests) and to make the hard cases the
decoder is measured on: tilt, blur, glare, low light, small codes and the
moiré of a phone screen. Everything is drawn with OpenCV from a real QR image,
so the decoders see pixels, not shortcuts.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace

import cv2
import numpy as np

from shared import qr


@dataclass(frozen=True)
class Pose:
    """Where and how the code is held in the frame.

    Attributes:
        cx: centre x as a fraction of the frame width.
        cy: centre y as a fraction of the frame height.
        size: the code's side (quiet zone included) as a fraction of the frame height.
        roll: rotation in the image plane, degrees.
        tilt: how much the far edge shrinks, 0 (flat) to 0.6 (steep), left/right.
        pitch: the same top/bottom.
        blur: Gaussian blur sigma in pixels (motion or focus).
        glare: 0..1 strength of a bright reflection over the code.
        light: overall brightness factor (1 normal, 0.25 dim hall).
        noise: sensor noise sigma (grey levels).
        screen: render as a phone screen (bright code, pixel grid, moiré).
    """

    cx: float = 0.5
    cy: float = 0.5
    size: float = 0.55
    roll: float = 0.0
    tilt: float = 0.0
    pitch: float = 0.0
    blur: float = 0.0
    glare: float = 0.0
    light: float = 1.0
    noise: float = 2.0
    screen: bool = False


def code_image(text: str, module_px: int = 8) -> np.ndarray:
    """The QR code of ``text`` as a grey image with a 4-module quiet zone."""
    png = qr.png_bytes(text, scale=module_px, border=4)
    image = cv2.imdecode(np.frombuffer(png, np.uint8), cv2.IMREAD_GRAYSCALE)
    assert image is not None
    return image


def background(width: int, height: int, seed: int = 0) -> np.ndarray:
    """A plausible venue backdrop: a lit wall, some shapes and lettering, no codes."""
    rng = np.random.default_rng(seed)
    y, x = np.mgrid[0:height, 0:width].astype(np.float32)
    base = 110 + 60 * (x / width) - 30 * (y / height)
    frame = np.dstack([base * 0.9, base, base * 1.1]).clip(0, 255).astype(np.uint8)
    for _ in range(14):
        colour = tuple(int(c) for c in rng.integers(30, 230, 3))
        x0, y0 = int(rng.integers(0, width)), int(rng.integers(0, height))
        w = int(rng.integers(width // 20, width // 4))
        h = int(rng.integers(height // 20, height // 3))
        if rng.random() < 0.5:
            cv2.rectangle(frame, (x0, y0), (x0 + w, y0 + h), colour, -1)
        else:
            cv2.ellipse(frame, (x0, y0), (w // 2, h // 2), 0, 0, 360, colour, -1)
    for row in range(4):
        cv2.putText(
            frame,
            "Samen Sterk tegen Ondermijning"[: 10 + row * 5],
            (int(width * 0.05), int(height * (0.15 + row * 0.22))),
            cv2.FONT_HERSHEY_SIMPLEX,
            height / 500,
            (40, 40, 40),
            max(1, height // 300),
            cv2.LINE_AA,
        )
    return cv2.GaussianBlur(frame, (0, 0), 1.2)


def _held_code(code: np.ndarray, screen: bool) -> tuple[np.ndarray, np.ndarray]:
    """The code as a colour card (paper with margin, or a phone screen) and its alpha mask."""
    side = code.shape[0]
    margin = side // 8
    if screen:
        card = np.full((side + 4 * margin, side + 2 * margin, 3), 25, np.uint8)
        card[2 * margin : 2 * margin + side, margin : margin + side] = cv2.cvtColor(
            np.where(code > 128, 235, 20).astype(np.uint8), cv2.COLOR_GRAY2BGR
        )
    else:
        card = np.full((side + 2 * margin, side + 2 * margin, 3), 245, np.uint8)
        inner = cv2.cvtColor(code, cv2.COLOR_GRAY2BGR)
        card[margin : margin + side, margin : margin + side] = inner
    mask = np.full(card.shape[:2], 255, np.uint8)
    return card, mask


def render(
    text: str | None,
    width: int,
    height: int,
    pose: Pose = Pose(),
    *,
    backdrop: np.ndarray | None = None,
    seed: int = 0,
    card: np.ndarray | None = None,
) -> np.ndarray:
    """A BGR camera frame, with the QR code of ``text`` held up as ``pose`` says (or none).

    ``card`` holds up that image instead (a printed ticket), ``pose.size`` tall.
    """
    rng = np.random.default_rng(seed)
    frame = (backdrop if backdrop is not None else background(width, height, seed)).copy()
    if card is not None or text is not None:
        if card is not None:
            if card.ndim == 2:
                card = cv2.cvtColor(card, cv2.COLOR_GRAY2BGR)
            mask = np.full(card.shape[:2], 255, np.uint8)
            target = pose.size * height * card.shape[1] / card.shape[0]
        else:
            code = code_image(text or "")
            card, mask = _held_code(code, pose.screen)
            target = pose.size * height * (card.shape[1] / code.shape[1])
        ch, cw = card.shape[:2]
        scale = target / cw
        half_w, half_h = cw * scale / 2, ch * scale / 2
        corners = np.array(
            [[-half_w, -half_h], [half_w, -half_h], [half_w, half_h], [-half_w, half_h]],
            np.float32,
        )
        # perspective: the far edge shrinks by `tilt` (left/right) and `pitch` (top/bottom)
        corners[1, 1] *= 1 - pose.tilt
        corners[2, 1] *= 1 - pose.tilt
        corners[1, 0] *= 1 - pose.tilt / 3
        corners[2, 0] *= 1 - pose.tilt / 3
        corners[2, 0] *= 1 - pose.pitch
        corners[3, 0] *= 1 - pose.pitch
        corners[2, 1] *= 1 - pose.pitch / 3
        corners[3, 1] *= 1 - pose.pitch / 3
        angle = math.radians(pose.roll)
        rotation = np.array(
            [[math.cos(angle), -math.sin(angle)], [math.sin(angle), math.cos(angle)]], np.float32
        )
        placed = corners @ rotation.T + np.array([pose.cx * width, pose.cy * height], np.float32)
        source = np.array([[0, 0], [cw, 0], [cw, ch], [0, ch]], np.float32)
        matrix = cv2.getPerspectiveTransform(source, placed)
        warped = cv2.warpPerspective(card, matrix, (width, height), flags=cv2.INTER_LINEAR)
        alpha = cv2.warpPerspective(mask, matrix, (width, height), flags=cv2.INTER_LINEAR)
        a = (alpha.astype(np.float32) / 255)[..., None]
        if pose.screen:
            # a phone screen: its pixel grid beats against the camera's (moiré)
            y, x = np.mgrid[0:height, 0:width].astype(np.float32)
            moire = 1 + 0.12 * np.sin(x * 1.9 + y * 0.35) * np.sin(y * 1.7 - x * 0.2)
            warped = (warped.astype(np.float32) * moire[..., None]).clip(0, 255)
        frame = (frame.astype(np.float32) * (1 - a) + warped.astype(np.float32) * a).astype(
            np.uint8
        )
    out = frame.astype(np.float32)
    if pose.glare > 0:
        y, x = np.mgrid[0:height, 0:width].astype(np.float32)
        gx, gy = (pose.cx + 0.08) * width, (pose.cy - 0.1) * height
        radius = pose.size * height * 0.35
        spot = np.exp(-(((x - gx) ** 2 + (y - gy) ** 2) / (2 * radius**2)))
        out += pose.glare * 255 * spot[..., None]
    out *= pose.light
    if pose.blur > 0:
        out = np.asarray(cv2.GaussianBlur(out, (0, 0), pose.blur), dtype=np.float32)
    if pose.noise > 0:
        out += rng.normal(0, pose.noise, out.shape).astype(np.float32)
    return out.clip(0, 255).astype(np.uint8)


def hard_cases(texts: list[str]) -> list[tuple[str, str, Pose]]:
    """The hard webcam cases the decoder is measured on: (kind, text, pose) for each text."""
    base = Pose(size=0.5)
    kinds = {
        "tilt-30": replace(base, tilt=0.30),
        "tilt-45": replace(base, tilt=0.45, roll=8),
        "tilt-50": replace(base, tilt=0.5, pitch=0.1),
        "pitch-40": replace(base, pitch=0.4, roll=-12),
        "blur-2": replace(base, blur=2.0),
        "blur-3": replace(base, blur=3.0, roll=20),
        "glare": replace(base, glare=0.75),
        "glare-strong": replace(base, glare=1.0, tilt=0.15),
        "low-light": replace(base, light=0.3, noise=6),
        "very-low-light": replace(base, light=0.18, noise=8),
        "small": replace(base, size=0.22, cx=0.3, cy=0.4),
        "small-far": replace(base, size=0.17, cx=0.7, cy=0.6, roll=30),
        "screen": replace(base, screen=True),
        "screen-tilted": replace(base, screen=True, tilt=0.3, roll=-15),
        "roll-45": replace(base, roll=45),
        "mix": replace(base, tilt=0.3, blur=1.5, light=0.5, noise=5, roll=10),
    }
    cases = []
    for index, text in enumerate(texts):
        for name, pose in kinds.items():
            jitter = Pose(
                cx=pose.cx + 0.05 * math.sin(index * 1.3),
                cy=pose.cy + 0.05 * math.cos(index * 0.7),
            )
            cases.append((name, text, replace(pose, cx=jitter.cx, cy=jitter.cy)))
    return cases
