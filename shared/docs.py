"""Reference docs generated from code: ``python -m shared.docs`` rewrites them.

A test compares the files with what the code says, so they never drift.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from shared.launch.cli import build_parser

ROOT = Path(__file__).resolve().parent.parent
CLI_DOC = ROOT / "docs" / "cli.md"


def _walk(parser: argparse.ArgumentParser, prefix: str) -> list[tuple[str, str]]:
    found = [(prefix, parser.format_help())]
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for name, sub in action.choices.items():
                found += _walk(sub, f"{prefix} {name}")
    return found


def cli_reference() -> str:
    """The CLI reference in Markdown: every command's ``--help``."""
    # argparse wraps to the terminal's width; fix it so the text is the same everywhere.
    saved = os.environ.get("COLUMNS")
    os.environ["COLUMNS"] = "100"
    try:
        found = _walk(build_parser(), "zuil")
    finally:
        if saved is None:
            del os.environ["COLUMNS"]
        else:
            os.environ["COLUMNS"] = saved
    parts = [
        "# zuil command line\n",
        "Generated from the code by `python -m shared.docs`; a test keeps it current.\n",
    ]
    for name, text in found:
        parts.append(f"\n## `{name}`\n\n```\n{text.rstrip()}\n```\n")
    return "".join(parts)


def main() -> int:
    """Rewrite the generated docs."""
    CLI_DOC.parent.mkdir(exist_ok=True)
    CLI_DOC.write_text(cli_reference(), encoding="utf-8")
    print(f"wrote {CLI_DOC}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
