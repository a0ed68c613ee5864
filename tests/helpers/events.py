"""Hypothesis strategies for event files with ratings, polls and votes.

Each question is drawn valid for its kind (the model's cross-field rules cannot be read
off its field types, as ``tests/helpers/wire.py`` does for the wire). Texts are drawn
from an alphabet a spreadsheet can hold, so the same draw goes through TOML, XLSX and
the store.
"""

from __future__ import annotations

from datetime import date, timedelta

from hypothesis import assume
from hypothesis import strategies as st

from shared import eventfile
from shared.eventfile import MAX_POLL_OPTIONS, EventFile, PollKind, ResultsShown

CODE = st.from_regex(r"[A-Za-z0-9][A-Za-z0-9_-]{0,15}", fullmatch=True)
# letters in and beyond Latin-1, digits, punctuation (formula starts among them), spaces
TEXT = st.text(
    st.characters(
        categories=("L", "Nd", "P", "Zs", "Sm", "So"),
        include_characters="=+-@'\"",
        exclude_characters="\x00",
        max_codepoint=0x1F600,
    ),
    max_size=60,
).map(str.strip)
WORDS = TEXT.filter(bool)


@st.composite
def poll_drafts(
    draw: st.DrawFn, code: str, workshops: list[str], first_day: date, days: int
) -> eventfile.PollDraft:
    """One valid question of any kind, with the file's text form of its times."""
    kind = draw(st.sampled_from(list(PollKind)))
    workshop = draw(st.none() | st.sampled_from(workshops)) if workshops else None
    if kind is PollKind.VOTE and draw(st.booleans()):
        workshop = None
    poll = eventfile.new_poll(kind, code, workshop)
    poll["results"] = draw(st.sampled_from([r.value for r in ResultsShown]))
    if kind is PollKind.RATING:
        poll["comment"] = draw(st.booleans())
        poll["text"] = draw(WORDS if workshop is None else TEXT)
    elif kind is PollKind.RECOMMEND:
        poll["subject"] = draw(WORDS)
    elif kind is PollKind.POLL:
        options = draw(
            st.lists(WORDS, min_size=2, max_size=MAX_POLL_OPTIONS, unique_by=str.casefold)
        )
        poll["text"] = draw(WORDS)
        poll["options"] = options
        poll["max_choices"] = draw(st.integers(1, len(options)))
    else:
        poll["text"] = draw(WORDS)
    # two moments on the event's days, in order; the first day's written as HH:MM
    stamps = sorted(
        draw(st.lists(st.tuples(st.integers(0, days), st.integers(0, 24 * 60 - 1)), max_size=2))
    )
    assume(len(set(stamps)) == len(stamps))
    texts = []
    for offset, minute in stamps:
        clock = f"{minute // 60:02d}:{minute % 60:02d}"
        day = first_day + timedelta(days=offset)
        texts.append(clock if offset == 0 else f"{day.isoformat()} {clock}")
    opening: bool = draw(st.booleans())
    if len(texts) == 2:
        poll["opens"], poll["closes"] = texts
    elif texts and opening:
        poll["opens"] = texts[0]
    elif texts:
        poll["closes"] = texts[0]
    return poll


FILE_NAME = st.from_regex(r"[A-Za-z0-9][A-Za-z0-9 _-]{0,20}", fullmatch=True)
# the house style alone, or with the event's own font and its licence beside it
FONTS: st.SearchStrategy[dict[str, str]] = st.just({}) | st.builds(
    lambda font, suffix, licence: {
        "font": f"fonts/{font}{suffix}",
        "font_licence": f"fonts/{licence}.txt",
    },
    FILE_NAME,
    st.sampled_from([".ttf", ".otf", ".TTF"]),
    FILE_NAME,
)
# the wall's board: the default, a surface named, or an image of the event's own
BOARDS: st.SearchStrategy[dict[str, str]] = (
    st.just({})
    | st.builds(lambda board: {"board": board}, st.sampled_from(["cork", "felt", "plain"]))
    | st.builds(lambda name: {"board_image": f"images/{name}.jpg"}, FILE_NAME)
)
BRANDINGS: st.SearchStrategy[dict[str, str]] = st.builds(lambda a, b: a | b, FONTS, BOARDS)


@st.composite
def event_files(draw: st.DrawFn) -> EventFile:
    """A small valid event with workshops and questions of every kind."""
    starts = draw(st.dates(min_value=date(2024, 1, 1), max_value=date(2032, 12, 31)))
    days = draw(st.integers(0, 2))
    codes = draw(st.lists(CODE, max_size=3, unique_by=str.upper))
    poll_codes = draw(st.lists(CODE, max_size=6, unique_by=str.upper))
    polls = [draw(poll_drafts(code, codes, starts, days)) for code in poll_codes]
    rated = [p["workshop"] for p in polls if p["kind"] == "rating" and p["workshop"]]
    assume(len({str(w).upper() for w in rated}) == len(rated))
    data = {
        "event": {
            "name": draw(WORDS),
            "starts": starts.isoformat(),
            "ends": (starts + timedelta(days=days)).isoformat(),
            "min_answers": draw(st.integers(1, 1000)),
            "branding": draw(BRANDINGS),
        },
        "workshops": [{"code": c, "title": draw(WORDS)} for c in codes],
        "polls": polls,
    }
    try:
        return eventfile.parse(data, "drawn")
    except eventfile.EventFileError as error:
        # only a local time the clocks skip may be refused (a spring night)
        if all("clocks change" in p for p in error.problems):
            assume(False)
        raise
