"""What a ``zuil`` command imports: the import graph, read in a fresh interpreter."""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Iterable

_LOADED_AFTER = """
import contextlib, io, json, sys
from shared.launch.cli import main
with contextlib.redirect_stdout(io.StringIO()) as out:
    try:
        code = main(sys.argv[1:])
    except SystemExit as done:  # --help and --version end through argparse
        code = done.code or 0
assert code == 0, code
assert out.getvalue().strip(), "printed nothing"
print(json.dumps(sorted(sys.modules)))
"""


def modules_loaded_by(args: list[str], timeout: float = 60) -> set[str]:
    """Every module loaded once ``zuil ARGS`` has run (it must succeed and print)."""
    result = subprocess.run(
        [sys.executable, "-c", _LOADED_AFTER, *args],
        capture_output=True,
        text=True,
        timeout=timeout,
        check=True,
    )
    return set(json.loads(result.stdout))


def loaded_among(loaded: set[str], packages: Iterable[str]) -> list[str]:
    """Those of ``packages`` that were loaded, themselves or any module inside them."""
    return sorted({p for p in packages for name in loaded if name == p or name.startswith(p + ".")})
