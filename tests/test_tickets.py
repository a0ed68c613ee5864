import base64
import json
import string
from datetime import date, timedelta
from pathlib import Path

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from hypothesis import given, settings
from hypothesis import strategies as st

from shared import qr, tickets
from shared.tickets import TicketSigner, TicketVerifier, Verdict

DAY = date(2026, 11, 24)
VECTORS = json.loads((Path(__file__).parent / "data" / "ticket_vectors.json").read_text())


def make_signer(event_id: int = 0x0BADCAFE, key_id: int = 0) -> TicketSigner:
    return TicketSigner(tickets.generate_private_key(), event_id=event_id, key_id=key_id)


SIGNER = make_signer()
VERIFIER = TicketVerifier(event_id=SIGNER.event_id, public_keys={0: SIGNER.public_key})
TOKEN = SIGNER.sign(
    attendee_id=42, serial=1234567, valid_from=DAY - timedelta(days=60), valid_until=DAY
)


def test_round_trip_is_valid_and_carries_ids() -> None:
    check = VERIFIER.check(TOKEN, today=DAY)
    assert check.verdict is Verdict.VALID
    assert check.payload is not None
    assert (check.payload.attendee_id, check.payload.serial) == (42, 1234567)


def test_token_is_short_alphanumeric_qr_text() -> None:
    assert len(TOKEN) == tickets.TOKEN_LENGTH == 135
    assert TOKEN.startswith("ZU1")
    assert set(TOKEN[3:]) <= set(string.ascii_uppercase + "234567")
    code = qr.make(TOKEN)
    assert code.mode == "alphanumeric"
    assert code.error == "M"
    assert code.version == 6


def test_every_single_character_change_is_rejected() -> None:
    alphabet = string.ascii_uppercase + string.digits + "abc=-:/ "
    for position in range(len(TOKEN)):
        for ch in alphabet:
            if ch == TOKEN[position]:
                continue
            mutated = TOKEN[:position] + ch + TOKEN[position + 1 :]
            assert VERIFIER.check(mutated, today=DAY).verdict is not Verdict.VALID, (position, ch)


def test_every_single_bit_flip_of_the_bytes_is_rejected() -> None:
    raw = base64.b32decode(TOKEN[3:] + "=" * (-len(TOKEN[3:]) % 8))
    for index in range(len(raw)):
        for bit in range(8):
            changed = bytearray(raw)
            changed[index] ^= 1 << bit
            text = "ZU1" + base64.b32encode(bytes(changed)).decode().rstrip("=")
            verdict = VERIFIER.check(text, today=DAY).verdict
            assert verdict in {Verdict.TAMPERED, Verdict.OTHER_EVENT, Verdict.NOT_A_TICKET}


def test_spare_padding_bits_are_not_a_second_spelling() -> None:
    # The last character carries 1 data bit and 4 spare bits; 'Q' and 'R' differ in a spare bit.
    body = TOKEN[:-1]
    last = TOKEN[-1]
    index = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567".index(last)
    sibling = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"[index ^ 1]
    assert VERIFIER.check(body + sibling, today=DAY).verdict is Verdict.NOT_A_TICKET


def test_lower_case_and_truncated_tokens_are_not_tickets() -> None:
    assert VERIFIER.check(TOKEN.lower(), today=DAY).verdict is Verdict.NOT_A_TICKET
    assert VERIFIER.check(TOKEN[:-1], today=DAY).verdict is Verdict.NOT_A_TICKET
    assert VERIFIER.check(TOKEN + "A", today=DAY).verdict is Verdict.NOT_A_TICKET


def test_other_events_key_is_rejected() -> None:
    other = make_signer(event_id=SIGNER.event_id)  # same event id, another key pair
    token = other.sign(attendee_id=42, serial=1, valid_from=DAY, valid_until=DAY)
    assert VERIFIER.check(token, today=DAY).verdict is Verdict.TAMPERED
    foreign = make_signer(event_id=7)
    token = foreign.sign(attendee_id=42, serial=1, valid_from=DAY, valid_until=DAY)
    assert VERIFIER.check(token, today=DAY).verdict is Verdict.OTHER_EVENT


def test_unknown_key_id_is_other_event() -> None:
    rotated = TicketSigner(tickets.generate_private_key(), event_id=SIGNER.event_id, key_id=1)
    token = rotated.sign(attendee_id=1, serial=2, valid_from=DAY, valid_until=DAY)
    assert VERIFIER.check(token, today=DAY).verdict is Verdict.OTHER_EVENT
    both = TicketVerifier(
        event_id=SIGNER.event_id, public_keys={0: SIGNER.public_key, 1: rotated.public_key}
    )
    assert both.check(token, today=DAY).valid
    assert both.check(TOKEN, today=DAY).valid


def test_revoked_serial_is_rejected() -> None:
    verifier = TicketVerifier(
        event_id=SIGNER.event_id, public_keys={0: SIGNER.public_key}, revoked={1234567}
    )
    assert verifier.check(TOKEN, today=DAY).verdict is Verdict.REVOKED


def test_validity_window_is_inclusive() -> None:
    assert VERIFIER.check(TOKEN, today=DAY).valid
    assert VERIFIER.check(TOKEN, today=DAY - timedelta(days=60)).valid
    assert VERIFIER.check(TOKEN, today=DAY + timedelta(days=1)).verdict is Verdict.NOT_VALID_NOW
    early = DAY - timedelta(days=61)
    assert VERIFIER.check(TOKEN, today=early).verdict is Verdict.NOT_VALID_NOW


@pytest.mark.parametrize(
    "link",
    [
        f"http://192.0.2.1:8700/t/{TOKEN}",
        f"https://hub.example/t/{TOKEN}/",
        f"  {TOKEN}\n",
        f"HTTP://192.0.2.1:8700/T/{TOKEN}",  # the form printed in a ticket's QR code
        f"Http://Hub.Example/T/{TOKEN}",
    ],
)
def test_personal_link_and_scanner_whitespace_are_accepted(link: str) -> None:
    assert VERIFIER.check(link, today=DAY).valid


@pytest.mark.parametrize(
    "text",
    [
        "",
        "https://www.example.nl/",
        "WIFI:S:venue;T:WPA;P:secret;;",
        "ZU1",
        "ZU1" + "A" * 132,
        f"http://hub/x/{TOKEN}",
        f"http://hub/t/{TOKEN.lower()}",
        f"javascript:alert(1)//{TOKEN}",
        "\x00" * 200,
        "ZU1" + "\u00c9" * 132,
    ],
)
def test_non_tickets(text: str) -> None:
    assert VERIFIER.check(text, today=DAY).verdict in {Verdict.NOT_A_TICKET, Verdict.TAMPERED}
    assert not VERIFIER.check(text, today=DAY).valid


@settings(max_examples=2000, deadline=None)
@given(st.text(max_size=300))
def test_random_text_is_never_valid(text: str) -> None:
    assert not VERIFIER.check(text, today=DAY).valid


@settings(max_examples=1500, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.integers(0, len(TOKEN) - 1),
            st.sampled_from("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"),
        ),
        min_size=1,
        max_size=6,
    )
)
def test_mutated_tokens_are_never_valid(edits: list[tuple[int, str]]) -> None:
    chars = list(TOKEN)
    for position, ch in edits:
        chars[position] = ch
    mutated = "".join(chars)
    if mutated != TOKEN:
        assert not VERIFIER.check(mutated, today=DAY).valid


def test_messages_exist_for_every_verdict_in_both_languages() -> None:
    for verdict in Verdict:
        messages = tickets.MESSAGES[verdict]
        for text in (messages.attendee, messages.staff):
            assert text("nl")
            assert text("nl") != text("en")


def test_vectors() -> None:
    key = Ed25519PrivateKey.from_private_bytes(bytes.fromhex(VECTORS["private_key_seed_hex"]))
    for v in VECTORS["vectors"]:
        signer = TicketSigner(key, event_id=v["event_id"], key_id=v["key_id"])
        assert signer.public_key.hex() == VECTORS["public_key_hex"]
        start, until = date.fromisoformat(v["valid_from"]), date.fromisoformat(v["valid_until"])
        token = signer.sign(
            attendee_id=v["attendee_id"], serial=v["serial"], valid_from=start, valid_until=until
        )
        assert token == v["token"]
        verifier = TicketVerifier(
            event_id=v["event_id"],
            public_keys={v["key_id"]: bytes.fromhex(VECTORS["public_key_hex"])},
        )
        check = verifier.check(token, today=start)
        assert check.valid
        assert check.payload == tickets.TicketPayload(
            event_id=v["event_id"],
            key_id=v["key_id"],
            attendee_id=v["attendee_id"],
            serial=v["serial"],
            valid_from=start,
            valid_until=until,
        )


def test_out_of_range_fields_are_refused_when_signing() -> None:
    with pytest.raises(ValueError, match="serial"):
        SIGNER.sign(attendee_id=1, serial=2**32, valid_from=DAY, valid_until=DAY)
    with pytest.raises(ValueError, match="date"):
        SIGNER.sign(attendee_id=1, serial=1, valid_from=date(1999, 1, 1), valid_until=DAY)


def test_private_key_pem_round_trip() -> None:
    key = tickets.generate_private_key()
    again = tickets.private_key_from_pem(tickets.private_key_to_pem(key))
    assert (
        TicketSigner(again, event_id=1, key_id=0).public_key
        == TicketSigner(key, event_id=1, key_id=0).public_key
    )


def test_a_printed_ticket_holds_its_link_in_upper_case_in_alphanumeric_mode() -> None:
    text = tickets.printed_text(TOKEN, f"http://192.0.2.1:8700/t/{TOKEN}")
    assert text == f"HTTP://192.0.2.1:8700/T/{TOKEN}"
    assert VERIFIER.check(text, today=DAY).valid  # a pillar reads it offline
    code = qr.make(text)
    assert code.mode == "alphanumeric"
    assert code.version == 7


@pytest.mark.parametrize(
    "link",
    [
        None,
        "",
        "http://hub_name:8700/t/" + TOKEN,  # "_" has no place in alphanumeric mode
        "http://192.0.2.1:8700/p/" + TOKEN,
        "http://192.0.2.1:8700/t/" + TOKEN + "?x=1",
        "http://192.0.2.1:8700/t/"
        + SIGNER.sign(attendee_id=1, serial=2, valid_from=DAY, valid_until=DAY),
    ],
)
def test_a_ticket_without_a_usable_link_prints_the_bare_token(link: str | None) -> None:
    assert tickets.printed_text(TOKEN, link) == TOKEN
