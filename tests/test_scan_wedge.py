from shared.scan.wedge import WedgeBuffer


def test_fast_burst_with_enter_is_a_scan() -> None:
    buffer = WedgeBuffer()
    for i, ch in enumerate("ZU1ABCDEF"):
        buffer.key(ch, i * 0.005)
    assert buffer.enter(0.05) == "ZU1ABCDEF"
    assert buffer.pending == 0


def test_person_typing_is_not_a_scan() -> None:
    buffer = WedgeBuffer()
    for i, ch in enumerate("hallo wereld"):
        buffer.key(ch, i * 0.2)
    assert buffer.enter(3.0) is None


def test_pause_inside_resets_and_short_codes_are_ignored() -> None:
    buffer = WedgeBuffer()
    buffer.key("x", 0.0)
    buffer.key("y", 1.0)  # a pause: starts over from "y"
    for i, ch in enumerate("ABC"):
        buffer.key(ch, 1.01 + i * 0.005)
    assert buffer.enter(1.05) is None  # "yABC" is too short for a scanner
    assert WedgeBuffer().enter(0.0) is None
