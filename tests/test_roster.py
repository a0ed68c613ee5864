from pathlib import Path

import pytest

from shared import roster
from shared.datadir import assets_dir
from shared.roster import NewAttendee


def test_demo_list_reads_clean() -> None:
    result = roster.read_csv(assets_dir() / "demo" / "attendees.csv")
    assert len(result.accepted) == 40
    assert result.rejected == []


def test_broken_rows_are_reported_with_line_and_reason() -> None:
    text = (
        "voornaam;achternaam;e-mail;telefoon;workshops;opmerking\n"
        "Anna;de Vries;anna@example.nl;06-12345678;VAST;x\n"
        ";Jansen;bram@example.nl;;;\n"
        "Chantal;Berg;not-an-email;;;\n"
        "Daan;Dijk;anna@example.nl;;;\n"
        "Esra;Yilmaz;esra@example.nl;12;;\n"
        "Fleur;Visser;fleur@example.nl;;NOPE;\n"
        ";;;;;\n"
        "Gijs;" + "S" * 500 + ";;;;\n"
        "<b>Hatice</b>;\u202eKaya;hatice@example.nl;;;\n"
    ).encode()
    result = roster.read_csv(text, known_workshops=["VAST"])
    assert [a.first_name for a in result.accepted] == ["Anna"]
    reasons = {r.line: r.reason for r in result.rejected}
    assert "first_name" in reasons[3]
    assert "e-mail" in reasons[4]
    assert reasons[5] == "duplicate attendee"
    assert "phone" in reasons[6]
    assert "NOPE" in reasons[7]
    assert "last_name" in reasons[9]
    assert "control" in reasons[10]
    assert result.ignored_columns == ["opmerking"]
    assert result.accepted[0].phone == "+31612345678"


def test_excel_style_csv_with_bom_and_cp1252() -> None:
    text = "\ufefffirst name,Last Name,Organisation\nJoëlle,Müller,Gemeente\n".encode()
    assert roster.read_csv(text).accepted[0].first_name == "Joëlle"
    text = "voornaam;achternaam\nJoëlle;Müller\n".encode("cp1252")
    assert roster.read_csv(text).accepted[0].last_name == "Müller"


def test_existing_attendees_are_duplicates() -> None:
    known = NewAttendee(first_name="A", last_name="B", email="a@b.nl").identity()
    result = roster.read_csv(b"first_name,last_name,email\nA,B,A@B.NL\n", known_identities=[known])
    assert result.accepted == []
    assert result.rejected[0].reason == "duplicate attendee"


@pytest.mark.parametrize(
    "data",
    [b"", b"naam\nAnna\n", b"PK\x03\x04\x00\x00binary", b"\x80\x81\xff\xfe"],
)
def test_unreadable_files_import_nothing(data: bytes) -> None:
    with pytest.raises(roster.RosterError):
        roster.read_csv(data)


def test_display_words_in_dutch() -> None:
    text = b"voornaam,achternaam,weergave\nA,B,verborgen\nC,D,volledig\nE,F,\n"
    shown = [a.display.value for a in roster.read_csv(text).accepted]
    assert shown == ["hidden", "full", "initial"]


def test_phone_normalisation() -> None:
    assert roster.normalise_phone("06 1234 5678") == "+31612345678"
    assert roster.normalise_phone("0031 6 12345678") == "+31612345678"
    assert roster.normalise_phone("+44 20 7946 0958") == "+442079460958"
    with pytest.raises(ValueError, match="phone"):
        roster.normalise_phone("12")


def test_read_from_path(tmp_path: Path) -> None:
    path = tmp_path / "a.csv"
    path.write_text("voornaam\tachternaam\nA\tB\n", encoding="utf-8")
    assert len(roster.read_csv(path).accepted) == 1
