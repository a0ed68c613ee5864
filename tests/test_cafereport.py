"""shared/cafereport.py and kiosk/desk/cafereport.py: a work session's report, its text
checked against every idea, rendered to PDF, rasterised and read back; its data as XLSX/CSV."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from openpyxl import load_workbook

from kiosk.desk.cafereport import write_pdf
from shared import eventfile
from shared.cafereport import TOP, build, every_idea, shown_state, write_data
from shared.datadir import assets_dir
from shared.i18n import Lang
from shared.launch import cli
from shared.store import Store
from tests.helpers.cafeview import TIED, view, with_dots

SCREENSHOTS = Path(__file__).resolve().parent.parent / "screenshots" / "report"


def test_every_visible_idea_once_the_hidden_counted() -> None:
    seen = view("harvest", {1, 2, 3, 4}, organiser=True)
    report = build(seen, event="Community dag")
    visible = [i for i in seen.ideas if i.state == "visible"]
    hidden = [i for i in seen.ideas if i.state == "hidden"]
    assert hidden
    rows = every_idea(report)
    assert sorted(idea.text for _, _, idea, _ in rows) == sorted(i.text for i in visible)
    assert report.hidden == len(hidden)
    assert sum(q.hidden for q in report.questions) == len(hidden)
    # the merged duplicate stands under the idea it went into
    merged = next(i for i in visible if i.merged_into is not None)
    into = next(i for i in visible if i.id == merged.merged_into)
    assert any(idea.text == merged.text and parent == into.text for _, _, idea, parent in rows)
    for q, question in zip(report.questions, seen.status.session.questions, strict=True):
        standing = [
            i for i in visible if i.question_id == question.id and i.merged_into is None and i.dots
        ]
        best = sorted(standing, key=lambda i: (-(i.dots or 0), i.minute, i.id))[:TOP]
        assert [i.text for i in q.top] == [i.text for i in best]
        assert q.dots == sum(
            i.dots or 0 for i in visible if i.question_id == question.id and i.merged_into is None
        )
        # grouped by cluster (the facilitator's order, the unsorted last), then by table
        labels = [c.label for c in q.clusters]
        assert labels == sorted(labels, key=lambda label: label == "")
        for cluster in q.clusters:
            tables = [t.table for t in cluster.tables]
            assert tables == [t for t in report.tables if t in tables]
    rounds = {r.number: r for r in report.rounds}
    assert rounds[1].participants == 13
    assert rounds[2].ideas == sum(1 for i in seen.ideas if i.round == 2)
    assert report.participants == 14
    assert sum(n for _, n in report.per_table) == len(visible)
    assert [name for name, _ in report.per_table] == report.tables


def test_a_round_never_started_is_not_played_once_harvested() -> None:
    assert shown_state("gather", "waiting") == "waiting"
    assert shown_state("vote", "waiting") == "waiting"  # the facilitator may go back to gather
    assert shown_state("harvest", "waiting") == "unplayed"
    assert shown_state("harvest", "done") == "done"
    harvested = build(view("harvest", {1, 2, 3, 4}, organiser=True))
    assert [(r.number, r.state, r.played) for r in harvested.rounds] == [
        (1, "done", True),
        (2, "done", True),
        (3, "unplayed", False),
    ]
    assert [r.number for r in harvested.played] == [1, 2]
    running = build(view("gather", {1}, organiser=True))
    assert [r.state for r in running.rounds] == ["done", "running", "waiting"]
    assert [r.number for r in running.played] == [1, 2]


def test_before_the_vote_closes_no_dots_and_no_top() -> None:
    report = build(view("vote", {1, 2, 3, 4}, organiser=True))
    assert not report.voted
    assert all(q.dots is None and not q.top for q in report.questions)


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils is installed by ./dev")
@pytest.mark.parametrize("lang", [Lang.NL, Lang.EN])
def test_pdf_holds_every_idea_verbatim_and_no_hidden_one(
    tmp_path: Path, qapp: object, lang: Lang
) -> None:
    seen = view("harvest", {1, 2, 3, 4}, organiser=True)
    report = build(seen, event="Community dag")
    pdf = tmp_path / "sessie.pdf"
    pages = write_pdf(report, pdf, lang=lang)
    assert pages >= 6  # cover, figures and the top, four questions, the method
    text = subprocess.run(
        ["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    flat = " ".join(text.split())
    for idea in seen.ideas:
        if idea.state == "hidden":
            assert idea.text not in flat
        else:
            assert idea.text in flat, idea.text
    for question in seen.status.session.questions:
        assert question.text in flat
    hidden = "1 idee is door de facilitator verborgen" if lang is Lang.NL else "1 idea was hidden"
    assert hidden in flat
    # two rounds were played; the third, never started, is named so and not counted
    nl = lang is Lang.NL
    assert ("2 rondes" if nl else "2 rounds") in flat
    assert ("Ronde 3: 15 min · niet gespeeld" if nl else "Round 3: 15 min · not played") in flat
    assert ("Ronde 2: 20 min · 14 deelnemers" if nl else "Round 2: 20 min · 14 attendees") in flat
    method = "Over de methode" if lang is Lang.NL else "About the method"
    assert method in flat
    page = "pagina" if lang is Lang.NL else "page"
    assert f"{page} {pages} {'van' if lang is Lang.NL else 'of'} {pages}" in flat
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    prefix = f"cafe-{lang.value}"
    for old in SCREENSHOTS.glob(f"{prefix}-*.png"):
        old.unlink()
    subprocess.run(
        ["pdftoppm", "-r", "60", "-png", "-l", "4", str(pdf), str(SCREENSHOTS / prefix)],
        check=True,
    )
    assert len(list(SCREENSHOTS.glob(f"{prefix}-*.png"))) == 4


def test_data_as_xlsx_and_csv(tmp_path: Path) -> None:
    report = build(view("harvest", {1, 2, 3, 4}, organiser=True))
    [workbook] = write_data(report, tmp_path / "sessie.xlsx")
    book = load_workbook(workbook)
    assert book.sheetnames == ["sessie", "ideeen", "vragen", "top", "tafels", "deelname"]
    ideas = [row[5] for row in book["ideeen"].iter_rows(min_row=2, values_only=True)]
    assert sorted(ideas) == sorted(idea.text for _, _, idea, _ in every_idea(report))
    written = write_data(report, tmp_path / "csv")
    assert sorted(p.name for p in written) == [
        "deelname.csv",
        "ideeen.csv",
        "sessie.csv",
        "tafels.csv",
        "top.csv",
        "vragen.csv",
    ]


def test_zuil_report_session_from_a_data_folder(
    tmp_path: Path, qapp: object, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "data"
    folder.mkdir()
    with Store(folder / "zuil.db") as store:
        store.import_event(eventfile.load(assets_dir() / "demo" / "world-cafe.toml"), {})
    argv = ["report", "--data", str(folder), "--session"]
    assert cli.main([*argv, "NOPE", "--out", str(tmp_path / "x.pdf")]) == 2
    assert "no work session with code 'NOPE'" in capsys.readouterr().err
    data = tmp_path / "csv"
    assert cli.main([*argv, "CAFE", "--data-out", str(data), "--lang", "en"]) == 0
    rounds = (data / "deelname.csv").read_text(encoding="utf-8").splitlines()
    assert len(rounds) == 1 + 4  # the header and the sample's four rounds, none run yet


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils is installed by ./dev")
def test_ideas_with_equal_dots_share_their_place(tmp_path: Path, qapp: object) -> None:
    report = build(with_dots(view("harvest", {1, 2, 3, 4}, organiser=True), TIED))
    first = report.questions[0]
    expected = [
        (1, "Als leden elkaar buiten de bijeenkomsten opzoeken"),  # 8 dots, posted first
        (1, "Tevredenheidsscore boven de 8"),  # 8 dots too: first as well, not second
        (3, "Als nieuwe leden binnen een maand iets bijdragen"),  # 6: the third place
        (3, "Meer jonge collega's erbij"),  # tied for the third: in the top too
    ]
    assert [(i.place, i.text) for i in first.top] == expected
    [workbook] = write_data(report, tmp_path / "sessie.xlsx")
    rows = load_workbook(workbook)["top"].iter_rows(min_row=2, values_only=True)
    assert [(int(place), text) for code, place, text, _, _ in rows if code == "V1"] == expected
    pdf = tmp_path / "sessie.pdf"
    write_pdf(report, pdf)
    text = subprocess.run(
        ["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    flat = " ".join(text.split())
    for place, idea in expected:
        assert f"{place}. {idea}" in flat
    assert "2. Tevredenheidsscore" not in flat
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    subprocess.run(
        [
            "pdftoppm",
            "-r",
            "60",
            "-png",
            "-f",
            "3",
            "-l",
            "3",
            str(pdf),
            str(SCREENSHOTS / "cafe-ties"),
        ],
        check=True,
    )
