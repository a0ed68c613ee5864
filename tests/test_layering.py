"""The layering is a checked rule: the import contracts hold, and a stray import breaks them."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
LINT_IMPORTS = Path(sys.executable).parent / "lint-imports"


def lint_imports(root: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(root)}
    return subprocess.run(
        [str(LINT_IMPORTS), "--no-cache"],
        cwd=root,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_the_three_rules_are_declared() -> None:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    contracts = {c["id"]: c for c in config["tool"]["importlinter"]["contracts"]}
    assert contracts["apps-independent"]["modules"] == ["kiosk", "wall"]
    assert contracts["shared-knows-no-app"]["forbidden_modules"] == ["kiosk", "wall"]
    assert "PySide6" in contracts["shared-core-without-qt"]["forbidden_modules"]


def test_the_contracts_are_kept() -> None:
    result = lint_imports(ROOT)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "3 kept, 0 broken" in result.stdout


@pytest.mark.parametrize(
    ("module", "stray", "contract"),
    [
        ("wall/layout.py", "import kiosk.texts", "do not import each other"),
        ("kiosk/desk/texts.py", "import wall.layout", "do not import each other"),
        ("shared/scoring.py", "import kiosk.texts", "shared imports no app"),
        ("shared/device/connection.py", "import wall.layout", "shared imports no app"),
        ("shared/device/feed.py", "import PySide6.QtCore", "never imports Qt"),
    ],
)
def test_a_stray_import_breaks_a_contract(
    tmp_path: Path, module: str, stray: str, contract: str
) -> None:
    for package in ("shared", "kiosk", "wall"):
        shutil.copytree(
            ROOT / package, tmp_path / package, ignore=shutil.ignore_patterns("__pycache__")
        )
    shutil.copy(ROOT / "pyproject.toml", tmp_path)
    path = tmp_path / module
    path.write_text(path.read_text(encoding="utf-8") + f"\n{stray}\n", encoding="utf-8")
    result = lint_imports(tmp_path)
    assert result.returncode != 0
    broken = [line for line in result.stdout.splitlines() if " BROKEN" in line]
    # an app importing shared may now reach the other app through it: that breaks too
    assert any(contract in line for line in broken), result.stdout
