import tomllib
import typing
from datetime import UTC, date, datetime
from pathlib import Path
from typing import cast

import pytest
from hypothesis import given

from shared import eventfile, protocol
from shared.datadir import assets_dir
from tests.helpers import events

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


# -- ratings, recommend questions, polls, naming votes and open questions ----------


def test_demo_event_asks_every_kind() -> None:
    event = eventfile.load(DEMO)
    ratings = [p for p in event.polls if p.kind is eventfile.PollKind.RATING]
    assert sorted(str(p.workshop) for p in ratings) == sorted(w.code for w in event.workshops)
    assert all(p.comment and not p.text for p in ratings)  # the standard wording
    [recommend] = [p for p in event.polls if p.kind is eventfile.PollKind.RECOMMEND]
    assert recommend.subject
    assert recommend.workshop is None
    [poll] = [p for p in event.polls if p.kind is eventfile.PollKind.POLL]
    assert 1 < poll.max_choices < len(poll.options)
    [vote] = [p for p in event.polls if p.kind is eventfile.PollKind.VOTE]
    assert vote.text == "Hoe noemen we het nieuwe meldpunt?"
    assert vote.results is eventfile.ResultsShown.AFTER_CLOSE
    assert [p.kind for p in event.polls].count(eventfile.PollKind.OPEN) == 1
    assert event.event.min_answers == eventfile.DEFAULT_MIN_ANSWERS == 5


def test_kinds_and_visibility_are_the_wire_s() -> None:
    assert {k.value for k in eventfile.PollKind} == set(typing.get_args(protocol.PollKind))
    shown = {r.value for r in eventfile.ResultsShown}
    assert shown == set(typing.get_args(protocol.ResultsShown))


def _polls(body: str, head: str = HEAD) -> str:
    shops = '[[workshops]]\ncode = "A"\ntitle = "A"\n'
    return head + shops + body


@pytest.mark.parametrize(
    ("body", "fragment"),
    [
        ('[[polls]]\ncode = "R"\nkind = "rating"\n', "event-wide rating needs a text"),
        (
            '[[polls]]\ncode = "R"\nkind = "rating"\nworkshop = "A"\noptions = ["x", "y"]\n',
            "a rating question has no options",
        ),
        ('[[polls]]\ncode = "N"\nkind = "recommend"\n', "needs a subject"),
        (
            '[[polls]]\ncode = "N"\nkind = "recommend"\nsubject = "dit"\ntext = "Beveel aan?"\n',
            "keeps the standard wording",
        ),
        ('[[polls]]\ncode = "P"\nkind = "poll"\ntext = "q"\noptions = ["x"]\n', "2 to 8 options"),
        (
            '[[polls]]\ncode = "P"\nkind = "poll"\ntext = "q"\noptions = ["x", "X"]\n',
            "options must differ",
        ),
        (
            '[[polls]]\ncode = "P"\nkind = "poll"\ntext = "q"\noptions = ["x", "y"]\n'
            "max_choices = 3\n",
            "only 2 options",
        ),
        ('[[polls]]\ncode = "V"\nkind = "vote"\ntext = "q"\nmax_choices = 2\n', "more than one"),
        ('[[polls]]\ncode = "O"\nkind = "open"\n', "an open question needs a text"),
        ('[[polls]]\ncode = "O"\nkind = "open"\ntext = "q"\ncomment = true\n', "only a rating"),
        ('[[polls]]\ncode = "O"\nkind = "quiz"\ntext = "q"\n', "polls[1].kind"),
        (
            '[[polls]]\ncode = "O"\nkind = "open"\ntext = "q"\nresults = "everyone"\n',
            "polls[1].results",
        ),
        ('[[polls]]\ncode = "O"\nkind = "open"\ntext = "q"\nworkshop = "B"\n', "unknown workshop"),
        (
            '[[polls]]\ncode = "o"\nkind = "open"\ntext = "q"\n'
            '[[polls]]\ncode = "O"\nkind = "open"\ntext = "r"\n',
            "poll codes used twice: O",
        ),
        (
            '[[polls]]\ncode = "R1"\nkind = "rating"\nworkshop = "A"\n'
            '[[polls]]\ncode = "R2"\nkind = "rating"\nworkshop = "a"\n',
            "rated already by 'R1'",
        ),
        ('[[polls]]\ncode = "O"\nkind = "open"\ntext = "q"\nopens = "9 uur"\n', "is not a time"),
        ('[[polls]]\ncode = "O"\nkind = "open"\ntext = "q"\nopens = "24:00"\n', "is not a time"),
        (
            '[[polls]]\ncode = "O"\nkind = "open"\ntext = "q"\nopens = "0001-01-01 00:00"\n',
            "not a day",
        ),
        (
            '[[polls]]\ncode = "O"\nkind = "open"\ntext = "q"\nopens = "2026-01-03 10:00"\n',
            "not on a day of the event",
        ),
        (
            '[[polls]]\ncode = "O"\nkind = "open"\ntext = "q"\nopens = "11:00"\ncloses = "10:59"\n',
            "closes (10:59) before it opens (11:00)",
        ),
    ],
)
def test_invalid_polls(tmp_path: Path, body: str, fragment: str) -> None:
    problems = _problems(tmp_path, _polls(body))
    assert any(fragment in p for p in problems), problems


def test_poll_times_are_the_venue_s_clock(tmp_path: Path) -> None:
    head = '[event]\nname = "X"\nstarts = 2026-03-28\nends = 2026-03-29\n'
    body = (
        '[[polls]]\ncode = "O"\nkind = "open"\ntext = "q"\n'
        "opens = 09:30:00\ncloses = 2026-03-29T16:05:00\n"
    )
    path = tmp_path / "event.toml"
    path.write_text(_polls(body, head), encoding="utf-8")
    [poll] = eventfile.load(path).polls
    assert (poll.opens, poll.closes) == ("09:30", "2026-03-29 16:05")  # one way of writing
    first = date(2026, 3, 28)
    assert eventfile.poll_moment("09:30", first) == datetime(2026, 3, 28, 8, 30, tzinfo=UTC)
    # summer time from the night of 29 March: an hour less off UTC
    later = eventfile.poll_moment("2026-03-29 16:05", first)
    assert later == datetime(2026, 3, 29, 14, 5, tzinfo=UTC)
    assert eventfile.poll_time_text(later, first) == "2026-03-29 16:05"
    assert eventfile.poll_time_text(eventfile.poll_moment("23:59", first), first) == "23:59"
    skipped = '[[polls]]\ncode = "O"\nkind = "open"\ntext = "q"\nopens = "2026-03-29 02:30"\n'
    problems = _problems(tmp_path, _polls(skipped, head))
    assert any("does not exist on that day" in p for p in problems), problems


def test_votes_default_to_results_after_close_others_live() -> None:
    vote = eventfile.Poll.model_validate({"code": "V", "kind": "vote", "text": "Naam?"})
    assert vote.results is eventfile.ResultsShown.AFTER_CLOSE
    shown = eventfile.Poll.model_validate({"code": "O", "kind": "open", "text": "Woord?"})
    assert shown.results is eventfile.ResultsShown.LIVE
    told = {"code": "V", "kind": "vote", "text": "Naam?", "results": "live"}
    assert eventfile.Poll.model_validate(told).results is eventfile.ResultsShown.LIVE


def test_a_rating_for_every_workshop_that_has_none() -> None:
    draft = cast(eventfile.EventFileDraft, eventfile.load(DEMO).model_dump(mode="json"))
    draft["polls"] = [p for p in draft["polls"] if p["code"] != "ZORG-R"]
    draft["polls"].append(eventfile.new_poll(eventfile.PollKind.OPEN, "zorg-r"))
    assert eventfile.add_ratings(draft) == ["ZORG-R-2"]
    assert eventfile.add_ratings(draft) == []
    checked = eventfile.parse(draft)
    added = checked.polls[-1]
    assert (added.kind, added.workshop, added.comment) == ("rating", "ZORG", True)
    for kind in eventfile.PollKind:  # a new question of each kind validates as it is
        eventfile.Poll.model_validate(eventfile.new_poll(kind, "N"))


@pytest.mark.parametrize(
    ("base", "taken", "code"),
    [
        ("VAST-R", [], "VAST-R"),
        ("VAST-R", ["vast-r", "VAST-R-2"], "VAST-R-3"),
        ("ABCDEFGHIJKLMNOP-R", ["ABCDEFGHIJKLMNOP"], "ABCDEFGHIJKLMN-2"),
        ("-x y", [], "P-xy"),
    ],
)
def test_free_codes_fit_the_pattern(base: str, taken: list[str], code: str) -> None:
    assert eventfile.free_code(base, taken) == code


@given(events.event_files())
def test_every_event_round_trips_through_toml(content: eventfile.EventFile) -> None:
    again = eventfile.parse(tomllib.loads(eventfile.dumps(content)))
    assert again == content


@pytest.mark.parametrize(
    ("written", "kept"), [("9:05", "09:05"), ("2026-01-02T09:05", "2026-01-02 09:05")]
)
def test_poll_times_are_written_one_way(written: str, kept: str) -> None:
    poll = {"code": "O", "kind": "open", "text": "q", "opens": written}
    assert eventfile.Poll.model_validate(poll).opens == kept


def test_the_standard_wording_in_both_languages() -> None:
    recommend = eventfile.asked_text("recommend", "", "deze kennisdag", "nl")
    assert (
        recommend == "Hoe waarschijnlijk is het dat je deze kennisdag aanbeveelt aan een collega?"
    )
    assert eventfile.asked_text("recommend", "", "zuil", "en") == (
        "How likely is it that you would recommend zuil to a colleague?"
    )
    assert eventfile.asked_text("rating", "", "", "en") == "What did you think of this workshop?"
    assert eventfile.asked_text("rating", "Hoe was de lunch?", "", "en") == "Hoe was de lunch?"
    assert eventfile.asked_text("open", "Eén woord?", "", "nl") == "Eén woord?"


def test_each_poll_problem_on_its_own_line(tmp_path: Path) -> None:
    body = (
        '[[polls]]\ncode = "A1"\nkind = "open"\ntext = "q"\nworkshop = "NOPE"\n'
        '[[polls]]\ncode = "A2"\nkind = "open"\ntext = "q"\nopens = "12:00"\ncloses = "11:00"\n'
    )
    assert _problems(tmp_path, _polls(body)) == [
        "polls[1]: unknown workshop 'NOPE'",
        "polls[2]: closes (11:00) before it opens (12:00)",
    ]


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
