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
    # 487 MB before unused Qt parts, GTK and debug info were left out; OpenCV with its
    # FFmpeg and OpenBLAS (about 180 MB) is most of what is left; the litestream binary
    # (the hub's replication, a static Go program) adds 39 MB
    assert figures["bundle_mb"] <= 460, "the bundle grew: what does build_installer.trim miss?"
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
    assert set(results) >= {"version", "hub", "zxing", "zbar", "bundle", "kiosk", "wall", "desk"}


# -- what the bundle leaves out (fast: no build) ----------


@pytest.mark.parametrize(
    "dest",
    [
        "PySide6/Qt/plugins/platforms/libqeglfs.so",
        "PySide6/Qt/plugins/platformthemes/libqgtk3.so",
        "PySide6/Qt/plugins/platforminputcontexts/libqtvirtualkeyboardplugin.so",
        "PySide6/Qt/plugins/imageformats/libqtiff.so",
        "PySide6/Qt/plugins/tls/libqopensslbackend.so",
        "PySide6/Qt/plugins/generic/libqevdevtouchplugin.so",
        "PySide6/Qt/translations/qtbase_nl.qm",
        "numpy/_core/tests/test_umath.py",
    ],
)
def test_unused_qt_parts_and_test_folders_are_left_out(dest: str) -> None:
    assert build_installer.unneeded(dest)


@pytest.mark.parametrize(
    "dest",
    [
        "PySide6/Qt/plugins/platforms/libqxcb.so",
        "PySide6/Qt/plugins/platforms/libqwayland.so",
        "PySide6/Qt/plugins/platforms/libqoffscreen.so",
        "PySide6/Qt/plugins/platforms/qwindows.dll",
        "PySide6/Qt/plugins/printsupport/libcupsprintersupport.so",
        "PySide6/Qt/plugins/imageformats/libqjpeg.so",
        "PySide6/Qt/plugins/imageformats/libqsvg.so",
        "PySide6/Qt/plugins/imageformats/libqwebp.so",
        "PySide6/Qt/plugins/platforminputcontexts/libcomposeplatforminputcontextplugin.so",
        "PySide6/Qt/lib/libQt6Charts.so.6",
        "PySide6/Qt/lib/libQt6Pdf.so.6",
        "PySide6/QtPdf.abi3.so",
        "cv2/cv2.abi3.so",
        "libzbar.so.0",
        "assets/demo/event.toml",
        "shared/hub/templates/phone/base.html",
        "shared/hub/static/phone.js",
    ],
)
def test_what_the_apps_use_stays(dest: str) -> None:
    assert not build_installer.unneeded(dest)


def test_no_test_or_lint_tool_goes_into_the_bundle() -> None:
    dev_only = {"pytest", "hypothesis", "schemathesis", "playwright", "mypy", "ruff", "aiosmtpd"}
    assert dev_only <= set(build_installer.EXCLUDES)


@pytest.mark.skipif(
    not sys.platform.startswith("linux") or shutil.which("objdump") is None,
    reason="reads ELF files with objdump",
)
def test_a_library_only_a_dropped_plugin_linked_goes_too() -> None:
    """Real files: python links libpython's dependencies; a fake 'plugin' list decides."""
    import sysconfig

    libpython = Path(sysconfig.get_config_var("LIBDIR") or "") / str(
        sysconfig.get_config_var("LDLIBRARY")
    )
    if not libpython.is_file() or libpython.suffix == ".a":
        pytest.skip("this Python has no shared libpython")
    needed = build_installer.needed_libraries(str(libpython))
    assert needed  # libpython links at least libc
    libc = next(name for name in needed if name.startswith("libc.so"))
    libc_path = "/lib/x86_64-linux-gnu/" + libc  # the source is not read for a leaf
    plugin = ("PySide6/Qt/plugins/tls/libpython-as-plugin.so", str(libpython), "BINARY")
    library = (libc, libc_path, "BINARY")
    loaded_by_ctypes = ("libzbar.so.0", libc_path, "BINARY")
    assert build_installer.orphans([library, loaded_by_ctypes], [plugin]) == {libc}
    # the same library stays while something kept still links it
    kept_plugin = ("PySide6/Qt/plugins/platforms/libpython-as-xcb.so", str(libpython), "BINARY")
    assert build_installer.orphans([library, kept_plugin], [plugin]) == set()
