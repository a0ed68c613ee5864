"""wall/scene.py and the quiz facts of wall/app.py: every text whole and inside its panel.

The scenes are drawn at 1080p and 4K, landscape and portrait, with the longest
question texts the hub accepts; each text must fit the place it is drawn in (a
text that does not is cut off at its box) and nothing may reach beyond the panel.
The quiz facts give a share only from *k* answers on. The pictures land in
``screenshots/wall/`` (``facts-<size>-<lang>.png``) to be looked at.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QPointF, QRectF
from PySide6.QtGui import QColor, QFontMetricsF, QImage, QPainter

from shared import protocol
from shared.ui.theme import roles
from wall import charts, scene
from wall.app import quiz_facts, scenes
from wall.charts import ChartPainter
from wall.layout import LOGICAL_H, LOGICAL_W
from wall.render import blank

SCREENSHOTS = Path(__file__).resolve().parent.parent / "screenshots" / "wall"
SCREENS = [(1920, 1080), (3840, 2160), (1080, 1920), (2160, 3840)]
# near the longest a question (500 characters) and an answer (200) may be
BIBOB = (
    "Welke gemeentelijke instantie is volgens de Wet bevordering integriteitsbeoordelingen"
    " door het openbaar bestuur (Wet Bibob) bevoegd om een vergunningsaanvraag voor een"
    " horecagelegenheid in een kwetsbaar winkelgebied te weigeren wanneer er ernstig gevaar"
    " bestaat dat de vergunning mede zal worden gebruikt om uit strafbare feiten verkregen"
    " vermogensvoordelen te benutten, en welke adviesinstantie kan daarbij worden"
    " ingeschakeld om de aanvraag te beoordelen?"
)
SCHUUR = (
    "Hoeveel procent van de ondervraagde ondernemers in het buitengebied gaf in het"
    " onderzoek naar ondermijnende criminaliteit aan ooit benaderd te zijn met het verzoek"
    " om een leegstaande schuur of loods te verhuren aan onbekenden die contant wilden"
    " betalen, en hoeveel van hen hebben daarvan melding gemaakt bij de politie, de"
    " gemeente of bij Meld Misdaad Anoniem? Kies het antwoord dat het dichtst in de buurt"
    " komt van de uitkomst."
)
COMPOUND = "Wat is een " + "drugsafvaldumpingsbestrijdingssamenwerkingsovereenkomst" * 2 + "?"
ANSWERS = (
    "Het college van burgemeester en wethouders, op advies van het Landelijk Bureau Bibob"
    " van het ministerie van Justitie en Veiligheid, na een eigen onderzoek van de gemeente",
    "Ongeveer een kwart; van hen maakte minder dan een op de tien melding bij de politie",
)


def stat(
    number: int, text: str, answered: int, right: int, answer: str = "Ja"
) -> protocol.QuestionStat:
    return protocol.QuestionStat(
        question_id=number,
        workshop="VAST",
        text=text,
        right_answer=answer,
        answered=answered,
        right=right,
        share_right=right / answered if answered else 0.0,
    )


def stats(*questions: protocol.QuestionStat, k: int = 5) -> protocol.Stats:
    counters = protocol.Counters(scans=9, answers=9, tops=0, tips=0, photos=0)
    return protocol.Stats(counters=counters, questions=list(questions), feedback=[], min_answers=k)


def look(width: int, height: int, lang: str = "nl") -> scene.Look:
    """The board's scale and letterbox on a screen of ``width`` x ``height``."""
    scale = min(width / LOGICAL_W, height / LOGICAL_H)
    offset = QPointF((width - LOGICAL_W * scale) / 2, (height - LOGICAL_H * scale) / 2)
    return scene.Look(scale, offset, 1.0, roles(), lang)


@pytest.fixture
def written(monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, QRectF, QRectF]]:
    """Every text a scene draws: the text, the box it is drawn in, the room it needs there."""
    drawn: list[tuple[str, QRectF, QRectF]] = []
    real = charts.write

    def write(painter: QPainter, box: QRectF, flags: int, line: str) -> None:
        needed = QFontMetricsF(painter.font()).boundingRect(box, flags, line)
        drawn.append((line, QRectF(box), needed))
        real(painter, box, flags, line)

    monkeypatch.setattr(scene, "write", write)
    return drawn


def check_whole_and_inside(overlay: scene.Overlay, drawn: list[tuple[str, QRectF, QRectF]]) -> None:
    panel = scene.panel_of(overlay)
    assert drawn
    for line, box, needed in drawn:
        # the text fits its box (drawText cuts off what does not) ...
        assert needed.height() <= box.height() + 0.5, line[:40]
        assert needed.left() >= box.left() - 0.5, line[:40]
        assert needed.right() <= box.right() + 0.5, line[:40]
        # ... and the box lies on the panel
        assert panel.contains(box), line[:40]


def paint(overlay: scene.Overlay, width: int, height: int, lang: str = "nl") -> QImage:
    """The scene over a grey screen of ``width`` x ``height``, as the wall shows it."""
    image, at = scene.paint(overlay, look(width, height, lang), ChartPainter())
    screen = blank(width, height, 1.0, QColor("#808080"))
    painter = QPainter(screen)
    painter.drawImage(at, image)
    painter.end()
    return screen


@pytest.mark.usefixtures("qapp")
@pytest.mark.parametrize("lang", ["nl", "en"])
@pytest.mark.parametrize(("width", "height"), SCREENS)
def test_long_quiz_questions_fit_the_facts_scene_on_every_screen(
    written: list[tuple[str, QRectF, QRectF]], width: int, height: int, lang: str
) -> None:
    facts = quiz_facts(
        stats(stat(1, BIBOB, 40, 36, ANSWERS[0]), stat(2, SCHUUR, 40, 4, ANSWERS[1])), lang
    )
    assert [f.question for f in facts.facts] == [BIBOB, SCHUUR]
    image = paint(facts, width, height, lang)
    check_whole_and_inside(facts, written)
    shown = [line for line, _, _ in written]
    assert BIBOB in shown
    assert SCHUUR in shown
    assert any(ANSWERS[1] in line for line in shown)
    # not shrunk into the unreadable: long as they are, the questions stay room-sized
    question = next(box for line, box, _ in written if line == BIBOB)
    assert question.height() >= 3 * scene.READABLE
    # beyond the panel and its shadow the screen is untouched
    scale, offset = look(width, height).scale, look(width, height).offset
    panel = scene.panel_of(facts).adjusted(-40, -30, 40, 44)
    left = int(offset.x() + panel.left() * scale) - 2
    right = int(offset.x() + panel.right() * scale) + 2
    top = int(offset.y() + panel.top() * scale) - 2
    bottom = int(offset.y() + panel.bottom() * scale) + 2
    grey = QColor("#808080")
    around = [(left, height // 2), (right, height // 2), (width // 2, top), (width // 2, bottom)]
    for x, y in around:
        if 0 <= x < width and 0 <= y < height:  # a shadow may reach the screen's edge
            assert image.pixelColor(x, y) == grey
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    image.save(str(SCREENSHOTS / f"facts-{width}x{height}-{lang}.png"))


@pytest.mark.usefixtures("qapp")
@pytest.mark.parametrize(("width", "height"), [(1920, 1080), (2160, 3840)])
def test_a_word_wider_than_its_place_breaks_inside_it(
    written: list[tuple[str, QRectF, QRectF]], width: int, height: int
) -> None:
    facts = quiz_facts(stats(stat(1, COMPOUND, 12, 9), stat(2, SCHUUR, 12, 2)), "nl")
    paint(facts, width, height)
    check_whole_and_inside(facts, written)


@pytest.mark.usefixtures("qapp")
@pytest.mark.parametrize(("width", "height"), SCREENS)
def test_the_other_scenes_keep_long_lines_whole(
    written: list[tuple[str, QRectF, QRectF]], width: int, height: int
) -> None:
    name = "Maria-Louise van den Heuvel-Vermeulen-Oudshoorn uit Ouderkerk aan den IJssel"
    board = [protocol.Standing(rank=n, name=name, points=100 - n) for n in range(1, 6)]
    few = stats(stat(1, BIBOB, 2, 2))
    for overlay in [*scenes(board, few, "nl"), *scenes(board, few, "en")]:
        written.clear()
        paint(overlay, width, height)
        check_whole_and_inside(overlay, written)


def test_a_share_waits_for_k_answers() -> None:
    # one answer, right: a share would say what that one person answered
    one = stats(stat(1, "Is witwassen strafbaar?", 1, 1))
    for lang, fewer in (("nl", "Minder dan 5 antwoorden"), ("en", "Fewer than 5 answers")):
        facts = quiz_facts(one, lang)
        assert facts.facts == []
        assert facts.lines[0] == fewer
        assert "5" in facts.lines[1]
        assert not any("%" in line for line in facts.lines)
    # as the hub sends it below k: no share at all; the same scene
    hidden = one.model_copy(
        update={
            "questions": [one.questions[0].model_copy(update={"right": None, "share_right": None})]
        }
    )
    assert quiz_facts(hidden, "nl").lines == quiz_facts(one, "nl").lines
    # the event's own k: three answers are enough when it says so
    three = stats(stat(1, "Is witwassen strafbaar?", 3, 2), k=3)
    [only] = quiz_facts(three, "en").facts
    assert (only.share, only.label, only.answered) == (
        "67%",
        "How this question was answered",
        "3 answers",
    )
    # below k beside one at k: only the one with enough answers gives a share
    mixed = stats(stat(1, "Vraag een", 1, 1), stat(2, "Vraag twee", 6, 3))
    assert [f.question for f in quiz_facts(mixed, "nl").facts] == ["Vraag twee"]
    # nobody answered yet
    assert quiz_facts(stats(stat(1, "Vraag", 0, 0)), "en").lines == ["No answers yet."]
    assert quiz_facts(None, "nl").lines == ["Nog geen antwoorden."]


def test_most_right_and_most_wrong() -> None:
    facts = quiz_facts(
        stats(stat(1, "Een", 10, 9), stat(2, "Twee", 8, 2), stat(3, "Drie", 5, 3)), "nl"
    )
    assert [(f.label, f.share, f.question) for f in facts.facts] == [
        ("Meest goed beantwoord", "90%", "Een"),
        ("Meest fout beantwoord", "25%", "Twee"),
    ]
    assert facts.facts[0].answer == "Antwoord: Ja"
