from pathlib import Path

import pytest

from shared import eventfile
from shared.datadir import assets_dir

DEMO = assets_dir() / "demo" / "event.toml"


def test_demo_event_is_valid_and_rich() -> None:
    event = eventfile.load(DEMO)
    assert len(event.workshops) == 5
    for workshop in event.workshops:
        assert len(workshop.questions) >= 5
        assert all(q.explanation for q in workshop.questions)
        assert workshop.teaser
        assert workshop.info
    assert event.agenda


def test_dump_load_round_trip(tmp_path: Path) -> None:
    event = eventfile.load(DEMO)
    path = tmp_path / "again.toml"
    path.write_text(eventfile.dumps(event), encoding="utf-8")
    assert eventfile.load(path) == event


def _problems(tmp_path: Path, text: str) -> list[str]:
    path = tmp_path / "bad.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(eventfile.EventFileError) as info:
        eventfile.load(path)
    return info.value.problems


HEAD = '[event]\nname = "X"\nstarts = 2026-01-02\nends = 2026-01-02\n'


def test_errors_name_the_row_and_the_problem(tmp_path: Path) -> None:
    text = HEAD + (
        '[[workshops]]\ncode = "A"\ntitle = "A"\n'
        '[[workshops]]\ncode = "B"\ntitle = "B"\n'
        '[[workshops.questions]]\ntext = "q"\noptions = ["1","2","3","4","5","6","7"]\n'
        "correct = 0\n"
    )
    assert _problems(tmp_path, text) == ["workshops[2].questions[1]: needs 2 to 6 options, has 7"]


@pytest.mark.parametrize(
    ("body", "fragment"),
    [
        (
            '[[workshops]]\ncode = "A"\ntitle = "A"\n[[workshops.questions]]\ntext = "q"\n'
            'options = ["a","b"]\ncorrect = 2\n',
            "only 2 options",
        ),
        (
            '[[workshops]]\ncode = "A"\ntitle = "A"\n[[workshops.questions]]\ntext = "q"\n'
            'kind = "truefalse"\noptions = ["a","b"]\ncorrect = 0\n',
            "no options",
        ),
        (
            '[[workshops]]\ncode = "A"\ntitle = "A"\n[[workshops]]\ncode = "a"\ntitle = "B"\n',
            "used twice",
        ),
        ('[[agenda]]\nstarts = 09:00:00\ntitle = "x"\nworkshop = "NOPE"\n', "unknown workshop"),
        ('[[workshops]]\ncode = "has space"\ntitle = "A"\n', "workshops[1].code"),
        ('[[workshops]]\ncode = "A"\ntitle = "A"\ncolour = "red"\n', "workshops[1].colour"),
    ],
)
def test_invalid_content(tmp_path: Path, body: str, fragment: str) -> None:
    problems = _problems(tmp_path, HEAD + body)
    assert any(fragment in p for p in problems), problems


def test_not_toml_and_dates_backwards(tmp_path: Path) -> None:
    assert "not valid TOML" in _problems(tmp_path, "[event\n")[0]
    text = '[event]\nname = "X"\nstarts = 2026-01-02\nends = 2026-01-01\n'
    assert "ends before it starts" in _problems(tmp_path, text)[0]
    path = tmp_path / "binary.toml"
    path.write_bytes(b"\xff\xfe\x00garbage")
    with pytest.raises(eventfile.EventFileError, match="cannot read"):
        eventfile.load(path)


@pytest.mark.parametrize(
    ("starts", "ends"), [("1999-06-01", "1999-06-01"), ("2026-01-01", "2999-01-01")]
)
def test_event_dates_out_of_range(tmp_path: Path, starts: str, ends: str) -> None:
    text = f'[event]\nname = "X"\nstarts = {starts}\nends = {ends}\n'
    problems = _problems(tmp_path, text)
    assert any(p.startswith("event.") and "equal to" in p for p in problems), problems


CAFE = assets_dir() / "demo" / "world-cafe.toml"


def test_world_cafe_sample_holds_the_four_questions_at_three_tables(tmp_path: Path) -> None:
    event = eventfile.load(CAFE)
    [session] = event.sessions
    assert [q.text for q in session.questions] == [
        "Wanneer zijn we als community succesvol?",
        "Wat zijn persoonlijke leerdoelen?",
        "Wat kunnen we van elkaar leren als het gaat over klantbehoeften en -contact?",
        "Hoe kunnen we (samen) werken aan organisatiebewustzijn?",
    ]
    assert len(session.tables) == 3
    assert session.dots == 3
    assert session.rounds[0].plan == {"T1": "SUCCES", "T2": "LEREN", "T3": "KLANT"}
    assert session.rounds[-1].plan is None  # every question at every table
    path = tmp_path / "again.toml"
    path.write_text(eventfile.dumps(event), encoding="utf-8")
    assert eventfile.load(path) == event


SESSION = (
    '[[sessions]]\ncode = "S"\ntitle = "Sessie"\n'
    '[[sessions.questions]]\ncode = "Q1"\ntext = "Vraag?"\n'
    '[[sessions.tables]]\ncode = "T1"\nname = "Tafel"\n'
)


@pytest.mark.parametrize(
    ("body", "fragment"),
    [
        (SESSION + '[[sessions.rounds]]\nplan = { T9 = "Q1" }\n', "unknown table 'T9'"),
        (SESSION + '[[sessions.rounds]]\nplan = { T1 = "Q9" }\n', "unknown question 'Q9'"),
        (SESSION + "[[sessions.rounds]]\nminutes = 0\n", "sessions[1].rounds[1].minutes"),
        (SESSION + '[[sessions.tables]]\ncode = "t1"\nname = "B"\n', "table codes used twice"),
        (
            SESSION.replace('title = "Sessie"', 'title = "S"\ndots = 2\ndots_per_idea = 3'),
            "dots_per_idea (3) is more than dots (2)",
        ),
        (SESSION + SESSION, "work session codes used twice: S"),
        (
            '[[sessions]]\ncode = "S"\ntitle = "S"\n[[sessions.tables]]\ncode = "T"\nname = "T"\n',
            "sessions[1].questions",
        ),
    ],
)
def test_invalid_work_session(tmp_path: Path, body: str, fragment: str) -> None:
    problems = _problems(tmp_path, HEAD + body)
    assert any(fragment in p for p in problems), problems
