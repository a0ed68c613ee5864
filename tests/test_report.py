"""shared/report.py and kiosk/desk/report.py: the report of a scripted day, checked against
the database, rendered to PDF, rasterised and read back."""

from __future__ import annotations

import shutil
import subprocess
import unicodedata
from pathlib import Path
from random import Random

import pytest
from openpyxl import load_workbook

from kiosk.desk.report import write_data, write_pdf
from shared.datadir import DataDir
from shared.i18n import Lang
from shared.launch.crowd import Crowd, members, pair_pillars
from shared.pollcharts import signed
from shared.protocol import Report
from shared.report import gather
from shared.store import Store
from tests.helpers.day import NOTES, Day, play_day
from tests.helpers.hub import served
from tests.helpers.pollresults import sample_polls

SCREENSHOTS = Path(__file__).resolve().parent.parent / "screenshots" / "report"
pytestmark = pytest.mark.anyio


@pytest.fixture
async def day(demo_dir: DataDir, demo_store: Store) -> Day:
    return await play_day(demo_dir, demo_store)


def without_emoji(text: str) -> str:
    return " ".join("".join(c for c in text if unicodedata.category(c) != "So").split())


def report_of(store: Store) -> Report:
    with store.snapshot() as db:
        return gather(db)


async def test_figures_equal_the_database(day: Day, demo_store: Store) -> None:
    report = report_of(demo_store)
    h = report.headline
    assert h.attendees == 50
    assert h.scanned == len(day.scanned["VAST"] | day.scanned["ZORG"])
    assert h.gave_feedback == len(day.credited)
    assert h.tops + h.tips == len(day.notes) - day.hidden_notes
    assert h.photos == day.photos
    assert h.hidden == day.hidden_notes + day.hidden_photos
    by_code = {w.code: w for w in report.workshops}
    for code in ("VAST", "ZORG"):
        w = by_code[code]
        assert w.scanned == len(day.scanned[code])
        expected = {t for c, _, t in day.notes if c == code} - {
            "Dit is een <script>alert(1)</script> test"
        }
        assert {n.text for n in (*w.tops, *w.tips)} == expected
        answered = demo_store.scalar(
            "SELECT count(DISTINCT a.attendee_id) FROM answers a JOIN questions q"
            " ON q.id = a.question_id JOIN workshops w ON w.id = q.workshop_id WHERE w.code = ?",
            [code],
        )
        assert w.answered == answered
        for q in w.questions:
            right = demo_store.scalar(
                "SELECT count(*) FROM answers a JOIN questions q ON q.id = a.question_id"
                " WHERE q.text = ? AND a.correct = 1",
                [q.text],
            )
            assert q.right == right  # one answer per attendee here, so first = all
        assert (
            w.hardest
            == sorted(
                [q for q in w.questions if q.answered], key=lambda q: (q.share_right, -q.answered)
            )[:3]
        )
    assert by_code["JONG"].scanned == 0
    assert [s.rank for s in report.top] == sorted(s.rank for s in report.top)
    assert len(report.top) >= 5


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils is installed by ./dev")
async def test_pdf_holds_every_note_and_no_hidden_one(
    day: Day, demo_dir: DataDir, demo_store: Store, tmp_path: Path, qapp: object
) -> None:
    report = report_of(demo_store)
    pdf = tmp_path / "verslag.pdf"
    logo_name = report.event["logo"]
    assert isinstance(logo_name, str)
    logo = demo_dir.media_path(logo_name)
    pages = write_pdf(report, pdf, photos_dir=demo_dir.photos_dir, logo=logo)
    assert pages >= 4  # cover and figures, two+ workshops, the method note
    text = subprocess.run(
        ["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    flat = " ".join(text.split())
    for code in NOTES:
        for _, note in NOTES[code]:
            if "<script>" in note:
                assert note not in flat  # hidden by moderation: left out...
            else:
                # ...every other note verbatim, markup as text (an emoji is drawn from the
                # colour emoji font as an image, so text extraction cannot see it)
                assert without_emoji(note) in flat, note
    hidden = report.headline.hidden
    assert hidden >= 1
    if hidden == 1:
        assert "1 bijdrage is door de moderatie verborgen" in flat  # one, in the singular
    else:
        assert f"{hidden} bijdragen zijn door de moderatie verborgen" in flat
    assert "Over de methode" in flat
    # every page but the cover carries the event's name and its number
    assert f"pagina 2 van {pages}" in flat
    assert f"pagina {pages} van {pages}" in flat
    assert "pagina 1 van" not in flat
    assert flat.count(str(report.event["name"])) >= pages - 1  # the running header
    assert "Deelname per workshop" in flat  # the participation chart, with its title
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    for old in SCREENSHOTS.glob("page-*.png"):
        old.unlink()
    subprocess.run(
        ["pdftoppm", "-r", "60", "-png", "-l", "3", str(pdf), str(SCREENSHOTS / "page")],
        check=True,
    )
    assert len(list(SCREENSHOTS.glob("page-*.png"))) == 3


async def test_data_as_xlsx_and_csv(day: Day, demo_store: Store, tmp_path: Path) -> None:
    report = report_of(demo_store)
    [workbook] = write_data(report, tmp_path / "data.xlsx")
    book = load_workbook(workbook)
    assert book.sheetnames[:5] == ["samenvatting", "workshops", "vragen", "bijdragen", "top5"]
    notes = [row[3] for row in book["bijdragen"].iter_rows(min_row=2, values_only=True)]
    assert len(notes) == report.headline.tops + report.headline.tips
    assert "<b>Goede</b> sprekers & praktijkvoorbeelden" in notes
    written = write_data(report, tmp_path / "csv")
    assert sorted(p.name for p in written) == [
        "bijdragen.csv",
        "peilingen.csv",
        "reacties.csv",
        "samenvatting.csv",
        "top5.csv",
        "uitslagen.csv",
        "vragen.csv",
        "woorden.csv",
        "workshops.csv",
    ]


def with_polls(report: Report) -> Report:
    return report.model_copy(update={"polls": sample_polls()})


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils is installed by ./dev")
@pytest.mark.parametrize("lang", [Lang.NL, Lang.EN])
async def test_poll_charts_carry_their_numbers_and_hide_small_ones(
    day: Day, demo_store: Store, tmp_path: Path, qapp: object, lang: Lang
) -> None:
    report = with_polls(report_of(demo_store))
    pdf = tmp_path / "verslag.pdf"
    pages = write_pdf(report, pdf, lang=lang)
    text = subprocess.run(
        ["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    flat = " ".join(text.split())
    # the charts are drawn as vectors: their numbers are text in the PDF
    assert "NPS +17" in flat
    assert ("gemiddeld 3,8 van 5" if lang is Lang.NL else "on average 3.8 out of 5") in flat
    assert "5 · 42%" in flat  # four stars for VAST: 5 of 12
    assert "Zeg het maar" in flat
    assert ("(3 op papier)" if lang is Lang.NL else "(3 on paper)") in flat
    assert "samenwerken" in flat
    assert "Meer tijd voor vragen graag" in flat
    # ZORG had 3 ratings, all five stars: neither the stars nor the mean may show
    small = "minder dan 5 antwoorden: niet" if lang is Lang.NL else "fewer than 5 answers: not"
    assert flat.count(small) == 1
    assert ("gemiddeld 5,0" if lang is Lang.NL else "on average 5.0") not in flat
    assert "3 · 100%" not in flat
    folder = SCREENSHOTS / f"polls-{lang}"
    folder.mkdir(parents=True, exist_ok=True)
    for old in folder.glob("page-*.png"):
        old.unlink()
    subprocess.run(
        ["pdftoppm", "-r", "70", "-png", "-f", "3", "-l", "6", str(pdf), str(folder / "page")],
        check=True,
    )
    assert pages >= 6


async def test_poll_data_in_xlsx_without_small_numbers(
    day: Day, demo_store: Store, tmp_path: Path
) -> None:
    report = with_polls(report_of(demo_store))
    [workbook] = write_data(report, tmp_path / "data.xlsx")
    book = load_workbook(workbook)
    assert book.sheetnames[-4:] == ["peilingen", "uitslagen", "woorden", "reacties"]
    overview = {row[0]: row for row in book["peilingen"].iter_rows(min_row=2, values_only=True)}
    assert set(overview) == {"NPS", "LUNCH", "NAAM", "WOORD", "R-VAST", "R-ZORG"}
    # cells are written as text (see shared.sheets.safe_cell)
    assert overview["R-ZORG"][7] == "3"  # how many answered is no secret...
    assert overview["R-ZORG"][9] in (None, "")  # ...their mean is
    assert overview["R-ZORG"][11] == "nee"
    assert overview["NPS"][10] == "17"
    values = list(book["uitslagen"].iter_rows(min_row=2, values_only=True))
    assert not [row for row in values if row[0] == "R-ZORG"]
    assert ("LUNCH", "poll", "Vastgoed", "9", "3") in values
    assert ("R-VAST", "rating", "4", "5", "0") in values
    words = list(book["woorden"].iter_rows(min_row=2, values_only=True))
    assert words[0] == ("WOORD", "samenwerken", "5")
    texts = [row[3] for row in book["reacties"].iter_rows(min_row=2, values_only=True)]
    assert "Heel praktisch" in texts
    written = write_data(report, tmp_path / "csv")
    assert {"peilingen.csv", "uitslagen.csv", "woorden.csv", "reacties.csv"} <= {
        p.name for p in written
    }


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils is installed by ./dev")
async def test_report_of_a_crowd_played_through_the_real_hub(
    demo_dir: DataDir, demo_store: Store, tmp_path: Path, qapp: object
) -> None:
    store = demo_store
    workshops = [w["code"] for w in store.workshops()]
    with served(demo_dir, store) as hub:
        pillars = await pair_pillars(store, hub.url, tmp_path / "crowd", workshops)
        crowd = Crowd(hub.url, pillars, members(demo_dir, store), seconds=0, rng=Random(5))
        try:
            await crowd.play()
        finally:
            await crowd.close()
    report = report_of(store)
    by_code = {p.code: p for p in report.polls}
    assert set(by_code) == {
        "VAST-R", "ZORG-R", "JONG-R", "BEDR-R", "WEER-R",
        "AANBEVELEN", "VOLGEND-JAAR", "MELDPUNT", "WOLK",
    }  # fmt: skip
    small = [p for p in report.polls if 0 < p.n < p.min_answers]
    pdf = tmp_path / "verslag.pdf"
    write_pdf(report, pdf, subjects={by_code["AANBEVELEN"].id: "deze kennisdag"})
    flat = " ".join(
        subprocess.run(
            ["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True
        ).stdout.split()
    )
    assert "aanbeveelt aan een collega" in flat
    assert f"NPS {signed(by_code['AANBEVELEN'].nps or 0)}" in flat
    assert "Over welke onderwerpen wil je volgend jaar meer weten?" in flat
    assert flat.count("minder dan 5 antwoorden: niet getoond") == len(small)
    folder = SCREENSHOTS / "crowd-nl"
    folder.mkdir(parents=True, exist_ok=True)
    for old in folder.glob("page-*.png"):
        old.unlink()
    subprocess.run(
        ["pdftoppm", "-r", "70", "-png", "-f", "3", "-l", "5", str(pdf), str(folder / "page")],
        check=True,
    )
