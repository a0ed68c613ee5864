"""build_installer.py: the real PyInstaller build, unpacked elsewhere and run without Python.

Slow (a minute or two): it builds the whole bundle. ``.ci/run`` runs it; on a
laptop skip it with ``./dev test -m "not slow"``.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import tarfile
from pathlib import Path

import pytest

import build_installer

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.slow
@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the Linux package is tested")
def test_build_unpack_and_run_without_python(tmp_path: Path) -> None:
    out = tmp_path / "dist"
    result = subprocess.run(
        [sys.executable, str(ROOT / "build_installer.py"), "--out", str(out)],
        capture_output=True,
        text=True,
        timeout=1800,
        check=False,
    )
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    figures = json.loads(result.stdout.strip().splitlines()[-1])
    archive = Path(figures["archive"])
    assert (
        archive.name == f"zuil-{build_installer.version()}-{build_installer.platform_tag()}.tar.gz"
    )
    print(
        f"bundle {figures['bundle_mb']} MB, archive {figures['archive_mb']} MB, "
        f"PyInstaller {figures['build_s']} s"
    )
    # another machine: unpack somewhere else, no virtualenv, no PYTHONPATH, no source tree
    venue = tmp_path / "venue"
    with tarfile.open(archive) as tar:
        tar.extractall(venue, filter="tar")
    [unpacked] = list(venue.iterdir())
    shutil.rmtree(out / "zuil")  # the build folder is gone: only the unpacked copy can run
    assert {p.name for p in unpacked.glob("*.desktop")} == {
        "zuil-kiosk.desktop",
        "zuil-wall.desktop",
        "zuil-desk.desktop",
        "zuil-hub.desktop",
    }
    assert (unpacked / "DEPLOY.md").exists()
    assert (unpacked / "_internal" / "libzbar.so.0").exists()
    results = build_installer.smoke_test(unpacked)
    assert set(results) >= {"version", "hub", "zxing", "zbar", "kiosk", "wall", "desk"}
