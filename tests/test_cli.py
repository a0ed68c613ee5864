"""The ``zuil`` command, run as a real subprocess."""

import argparse
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from shared.datadir import DataDir
from shared.launch.cli import build_parser
from tests.helpers.imports import loaded_among, modules_loaded_by


def zuil(
    *args: str, data: Path | None = None, check: bool = True
) -> subprocess.CompletedProcess[str]:
    command = [sys.executable, "-m", "shared", *args]
    if data is not None:
        command += ["--data", str(data)]
    env = {**os.environ, "PYTHONIOENCODING": "utf-8"}
    result = subprocess.run(command, capture_output=True, text=True, env=env, timeout=120)
    if check:
        assert result.returncode == 0, result.stderr
    return result


def test_version() -> None:
    assert zuil("--version").stdout.startswith("zuil ")


def test_help_everywhere() -> None:
    parser = build_parser()
    commands = next(a for a in parser._actions if a.dest == "command")
    assert isinstance(commands, argparse._SubParsersAction)
    for sub in commands.choices.values():
        assert sub.format_help()
        for action in sub._actions:
            if action.dest == "action":
                assert isinstance(action, argparse._SubParsersAction)
                for inner in action.choices.values():
                    assert "--data" in inner.format_help()
    assert "demo" in zuil("--help").stdout


def test_demo_prepare_then_stats(tmp_path: Path) -> None:
    out = zuil("demo", "--prepare", data=tmp_path).stdout
    assert "40 attendees" in out
    stats = json.loads(zuil("stats", "--json", data=tmp_path).stdout)
    assert stats["attendees"] == 40
    assert len(stats["workshops"]) == 5
    for key in ("tickets", "scans", "answers", "notes", "photos"):
        assert key in stats
        assert all(key in w for w in stats["workshops"])
    again = zuil("demo", "--prepare", data=tmp_path).stdout
    assert "Reused" in again


def test_issue_then_check(demo_dir: DataDir, tmp_path: Path) -> None:
    png = tmp_path / "t.png"
    token = zuil(
        "tickets", "issue", "--attendee", "5", "--png", str(png), data=demo_dir.root
    ).stdout.strip()
    assert png.read_bytes().startswith(b"\x89PNG")
    verdict = json.loads(zuil("tickets", "check", token, "--json", data=demo_dir.root).stdout)
    assert verdict["verdict"] == "valid"
    for position in (0, 3, 50, 134):
        changed = (
            token[:position] + ("B" if token[position] != "B" else "C") + token[position + 1 :]
        )
        result = zuil("tickets", "check", changed, "--json", data=demo_dir.root, check=False)
        assert result.returncode == 1
        assert json.loads(result.stdout)["verdict"] != "valid"


def test_reissue_revokes(demo_dir: DataDir) -> None:
    old = zuil("tickets", "issue", "--attendee", "6", data=demo_dir.root).stdout.strip()
    new = zuil(
        "tickets", "issue", "--attendee", "6", "--reissue", data=demo_dir.root
    ).stdout.strip()
    assert old != new
    result = zuil("tickets", "check", old, "--json", data=demo_dir.root, check=False)
    assert json.loads(result.stdout)["verdict"] == "revoked"
    assert zuil("tickets", "check", new, data=demo_dir.root).stdout.startswith("valid")


def test_check_hostile_text(demo_dir: DataDir) -> None:
    for text in ("https://example.nl", "", "\u202e<script>", "ZU1" * 60):
        result = zuil("tickets", "check", text, "--json", data=demo_dir.root, check=False)
        assert result.returncode == 1
        assert json.loads(result.stdout)["verdict"] in {"not_a_ticket", "tampered"}


def test_unknown_attendee_is_a_clear_error(demo_dir: DataDir) -> None:
    result = zuil("tickets", "issue", "--attendee", "999", data=demo_dir.root, check=False)
    assert result.returncode == 2
    assert "no attendee" in result.stderr
    assert "Traceback" not in result.stderr


def test_attendees_list_json(demo_dir: DataDir) -> None:
    people = json.loads(zuil("attendees", "list", "--json", data=demo_dir.root).stdout)
    assert len(people) == 40
    assert {"id", "first_name", "last_name"} <= set(people[0])


def test_attendees_import_reports_rejected_rows(demo_dir: DataDir, tmp_path: Path) -> None:
    csv = tmp_path / "list.csv"
    csv.write_text(
        "voornaam;achternaam;e-mail\nNieuw;Persoon;n@p.nl\n;Zonder;x@y.nl\n", encoding="utf-8"
    )
    report = json.loads(zuil("attendees", "import", str(csv), "--json", data=demo_dir.root).stdout)
    assert report["imported"] == 1
    assert report["rejected"][0]["line"] == 3
    strict = zuil("attendees", "import", str(csv), "--strict", data=demo_dir.root, check=False)
    assert strict.returncode == 1
    assert "Nothing imported" in strict.stdout
    garbage = tmp_path / "garbage.csv"
    garbage.write_bytes(b"\x00\x01\x02")
    result = zuil("attendees", "import", str(garbage), data=demo_dir.root, check=False)
    assert result.returncode == 2
    assert "Traceback" not in result.stderr


def test_event_export_import_round_trip(demo_dir: DataDir, tmp_path: Path) -> None:
    target = tmp_path / "out" / "event.toml"
    zuil("event", "export", str(target), data=demo_dir.root)
    assert (tmp_path / "out" / "event-map.png").exists()
    fresh = tmp_path / "fresh"
    out = zuil("event", "import", str(target), data=fresh).stdout
    assert "5 workshops" in out
    first = zuil("event", "export", data=demo_dir.root).stdout
    second = zuil("event", "export", data=fresh).stdout
    assert first == second


def test_a_world_cafe_imports_and_exports_as_a_workbook(tmp_path: Path) -> None:
    from shared.datadir import assets_dir

    sample = assets_dir() / "demo" / "world-cafe.toml"
    out = zuil("event", "import", str(sample), data=tmp_path / "d").stdout
    assert "Work session CAFE: 4 questions, 3 tables, 4 rounds." in out
    book = tmp_path / "cafe.xlsx"
    zuil("event", "export", str(book), data=tmp_path / "d")
    again = zuil("event", "import", str(book), data=tmp_path / "e").stdout
    assert "Work session CAFE: 4 questions, 3 tables, 4 rounds." in again
    first = zuil("event", "export", data=tmp_path / "d").stdout
    assert first == zuil("event", "export", data=tmp_path / "e").stdout


def test_event_import_of_a_broken_file(tmp_path: Path) -> None:
    bad = tmp_path / "bad.toml"
    bad.write_text('[event]\nname = ""\nstarts = 2026-01-01\nends = 2026-01-01\n', encoding="utf-8")
    result = zuil("event", "import", str(bad), data=tmp_path / "d", check=False)
    assert result.returncode == 2
    assert "event.name" in result.stderr


@pytest.mark.parametrize("args", [["tickets", "check"], ["nonsense"], ["tickets", "issue"]])
def test_bad_usage_exits_2(args: list[str], tmp_path: Path) -> None:
    assert zuil(*args, check=False).returncode == 2


# What ``zuil --version`` and ``zuil --help`` may not load: each of these costs tens of
# milliseconds or more at start-up, and none is needed to print a version or the help.
HEAVY_MODULES = (
    "PySide6",
    "numpy",
    "cv2",
    "sqlite_utils",
    "fastapi",
    "starlette",
    "uvicorn",
    "pydantic",
    "httpx",
    "cryptography",
    "openpyxl",
    "segno",
    "qasync",
    "shared.store",
    "shared.protocol",
    "kiosk",
    "wall",
)


@pytest.mark.parametrize("args", [["--version"], ["--help"], ["kiosk", "--help"]])
def test_start_up_imports_stay_small(args: list[str]) -> None:
    # The import graph, not the clock: a heavy import at start-up shows up here on any machine.
    heavy = loaded_among(modules_loaded_by(args), HEAVY_MODULES)
    assert heavy == [], f"zuil {' '.join(args)} imports {heavy}"


def test_results_as_the_console_shows_them(demo_dir: DataDir) -> None:
    from shared.store import Store
    from tests.helpers.polls import add_poll

    with Store(demo_dir.db_path) as store:
        rating = add_poll(store, "R-VAST", "rating", "VAST")
        recommend = add_poll(store, "NPS", "recommend", manual="closed")
        # counts as the hub keeps them: respondents (-1) and per value, digital and paper
        rows = [(rating, "digital", -1, 3), (rating, "digital", 4, 3)]
        rows += [(recommend, "digital", -1, 6), (recommend, "digital", 10, 4)]
        rows += [(recommend, "digital", 3, 2), (recommend, "paper", -1, 1)]
        rows += [(recommend, "paper", 8, 1)]
        store.write(
            lambda db: db.conn.executemany("INSERT INTO poll_tally VALUES (?, ?, ?, ?)", rows)
        )
    found = json.loads(zuil("results", "--json", data=demo_dir.root).stdout)
    # the sample event brings questions of its own; these two are this test's
    found = [r for r in found if r["id"] in (rating, recommend)]
    assert [r["id"] for r in found] == [rating, recommend]
    first, second = found
    assert {"id", "kind", "workshop", "state", "n", "distribution", "mean", "nps", "paper"} <= set(
        first
    )
    # three answers: fewer than k (5), nothing of them shown
    assert (first["kind"], first["workshop"], first["state"], first["n"]) == (
        "rating",
        "VAST",
        "open",
        3,
    )
    assert (first["distribution"], first["mean"]) == (None, None)
    assert (second["kind"], second["workshop"], second["state"]) == ("recommend", None, "closed")
    assert (second["n"], second["paper_n"], second["nps"]) == (7, 1, 29)  # (4 - 2) / 7
    assert second["distribution"] == [0, 0, 0, 2, 0, 0, 0, 0, 1, 0, 4]
    assert second["paper"] == [0] * 8 + [1, 0, 0]
    text = zuil("results", data=demo_dir.root).stdout
    assert "fewer than 5 answers" in text
    assert "NPS +29" in text


def test_results_list_the_work_sessions_questions_and_their_harvest(demo_dir: DataDir) -> None:
    import uuid
    from datetime import UTC, datetime

    from shared import protocol
    from shared.hub import cafe
    from shared.store import Store
    from tests.helpers.cafe import add_world_cafe

    with Store(demo_dir.db_path) as store:
        room = add_world_cafe(store)
        now = datetime.now(UTC)
        store.write(cafe.control_round, room.id, room.rounds[3], "start", now)
        changes = cafe.Changes()
        for text, table in (("Samen leren", "T1"), ("Elkaar helpen", "T2"), ("Nog dicht", "T3")):
            question = room.questions["BEWUST" if text == "Nog dicht" else "LEREN"]
            idea = protocol.IdeaAction(
                id=uuid.uuid4(),
                at=now,
                question_id=question,
                table_id=room.tables[table],
                text=text,
            )
            assert store.write(cafe.apply_idea, idea, now, now.isoformat(), changes) is None
        store.write(cafe.reveal, room.id, room.questions["LEREN"], now)
    found = json.loads(zuil("results", "--json", data=demo_dir.root).stdout)
    cafes = {r["code"]: r for r in found if r["kind"] == "cafe"}
    assert list(cafes) == ["CAFE/SUCCES", "CAFE/LEREN", "CAFE/KLANT", "CAFE/BEWUST"]
    leren, bewust = cafes["CAFE/LEREN"], cafes["CAFE/BEWUST"]
    assert leren["state"] == "gather"
    assert leren["ideas"] == [
        {"text": "Elkaar helpen", "table": "Tafel Duin", "cluster": None, "dots": None},
        {"text": "Samen leren", "table": "Tafel Zee", "cluster": None, "dots": None},
    ]
    assert "ideas" not in bewust
    assert bewust["count"] == 1
    text = zuil("results", data=demo_dir.root).stdout
    assert "Samen leren  (Tafel Zee)" in text
    assert "Nog dicht" not in text


@pytest.mark.skipif(
    subprocess.run(["which", "pdftotext"], capture_output=True).returncode != 0,
    reason="poppler-utils is installed by ./dev",
)
def test_report_names_the_recommend_question_subject_and_exports_every_question(
    demo_dir: DataDir, tmp_path: Path
) -> None:
    pdf, sheets = tmp_path / "verslag.pdf", tmp_path / "data"
    said = zuil("report", "--out", str(pdf), "--data-out", str(sheets), data=demo_dir.root)
    assert "Wrote the report" in said.stdout
    text = subprocess.run(
        ["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    flat = " ".join(text.split())
    # the sample event's recommend question, in its standard wording with its subject
    assert "Hoe waarschijnlijk is het dat je deze kennisdag aanbeveelt aan een collega?" in flat
    assert "nog geen antwoorden" in flat  # nobody answered yet: nothing drawn
    overview = (sheets / "peilingen.csv").read_text(encoding="utf-8")
    for code in ("AANBEVELEN", "VOLGEND-JAAR", "MELDPUNT", "WOLK", "VAST-R"):
        assert code in overview
