"""shared/qr.py: the fast module matrix is segno's symbol, in one process or shared out."""

import multiprocessing
import random
import string

import numpy as np
import pytest

from shared import qr


def texts(seed: int, per_length: int) -> list[str]:
    """Alphanumeric and byte-mode texts from a few characters up to version 15 or so."""
    rng = random.Random(seed)
    alphanumeric = string.ascii_uppercase + string.digits + " $%*+-./:"
    found = []
    for length in (1, 7, 20, 40, 77, 100, 135, 180, 260, 400):
        for _ in range(per_length):
            found.append("".join(rng.choice(alphanumeric) for _ in range(length)))
            found.append("".join(rng.choice(string.printable) for _ in range(length // 2 + 1)))
    return found


def segno_symbol(text: str) -> np.ndarray:
    return np.array(qr.make(text).matrix, dtype=bool)


def test_modules_are_the_symbol_segno_makes() -> None:
    sample = texts(seed=7, per_length=12)
    versions = {int(qr.make(t).version) for t in sample}  # never a Micro QR ("M1")
    assert min(versions) == 1
    assert max(versions) >= 10  # a version with version information too
    masks = {qr.make(t).mask for t in sample}
    assert masks == set(range(8))  # every mask chosen somewhere, so every rule took part
    for text in sample:
        assert np.array_equal(qr.modules(text), segno_symbol(text)), text


@pytest.mark.parametrize("text", ["ZU1" + "A" * 132, "ZU1" + "AB2" * 44, "0" * 300])
def test_regular_texts_with_many_finder_like_runs(text: str) -> None:
    # Long runs and repeats make the penalty rules (and their ties) matter most.
    assert np.array_equal(qr.modules(text), segno_symbol(text))


def test_a_long_run_is_shared_with_workers_and_comes_back_in_order() -> None:
    sample = [f"ZU1{i:06d}" + "Q" * 120 for i in range(qr.PARALLEL_FROM + 40)]
    seen_workers = False
    made = []
    for index, matrix in enumerate(qr.modules_each(sample, workers=2)):
        if index == qr.HEAD:
            seen_workers = bool(multiprocessing.active_children())
        made.append(matrix)
    assert seen_workers
    assert len(made) == len(sample)
    for text, matrix in zip(sample, made, strict=True):
        assert np.array_equal(matrix, segno_symbol(text)), text


def test_a_short_run_stays_in_this_process() -> None:
    sample = texts(seed=3, per_length=1)[:10]
    made = list(qr.modules_each(sample, workers=2))
    assert not multiprocessing.active_children()
    assert [m.shape for m in made] == [segno_symbol(t).shape for t in sample]
