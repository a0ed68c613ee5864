"""The ``zuil`` command line: one entry point for every app and tool.

Each command takes ``--data DIR`` (default: ``$ZUIL_DATA`` or the per-user data
folder). Exit status: 0 success, 1 a verdict or check that says no, 2 bad usage
or input a person must fix.
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, NotRequired, TypedDict
from urllib.parse import urlsplit

if TYPE_CHECKING:
    from shared.datadir import DataDir

# Each command imports what it needs when it runs: ``zuil --version`` and ``zuil --help``
# must not pay for the store, pydantic, numpy or Qt (tests/test_cli.py keeps it so).

log = logging.getLogger("zuil.cli")

Handler = Callable[[argparse.Namespace], int]


class UsageError(Exception):
    """Something the person at the terminal can fix; printed without a traceback."""


def _data(args: argparse.Namespace) -> DataDir:
    from shared.datadir import DataDir, default_data_dir

    return DataDir(Path(args.data) if args.data else default_data_dir())


def _print_json(value: Any) -> None:
    json.dump(value, sys.stdout, ensure_ascii=False, indent=2)
    sys.stdout.write("\n")


# -- event ----------


def cmd_event_import(args: argparse.Namespace) -> int:
    """Import an event file."""
    from shared import content, eventfile
    from shared.db import StoreError

    data = _data(args)
    with data.open_store() as store:
        try:
            event = content.import_event(data, store, Path(args.file))
        except eventfile.EventFileError as error:
            print(f"Cannot import {error.source}:", file=sys.stderr)
            for problem in error.problems:
                print(f"  - {problem}", file=sys.stderr)
            return 2
        except StoreError as error:
            print(f"Cannot import {args.file}: {error}", file=sys.stderr)
            return 2
    questions = sum(len(w.questions) for w in event.workshops)
    print(
        f"Imported '{event.event.name}': {len(event.workshops)} workshops, "
        f"{questions} questions, {len(event.agenda)} agenda lines, "
        f"{len(event.polls)} ratings, polls and votes."
    )
    for session in event.sessions:
        print(
            f"Work session {session.code}: {len(session.questions)} questions, "
            f"{len(session.tables)} tables, {len(session.rounds)} rounds."
        )
    return 0


def cmd_event_export(args: argparse.Namespace) -> int:
    """Export the event file (and its images beside it)."""
    from shared import content, eventfile

    data = _data(args)
    with data.open_store() as store:
        if args.file:
            target = content.export_event(data, store, Path(args.file))
            print(f"Wrote {target}")
        else:
            sys.stdout.write(eventfile.dumps(store.export_event()))
    return 0


# -- attendees ----------


def cmd_attendees_import(args: argparse.Namespace) -> int:
    """Import a registration list (CSV or XLSX)."""
    from shared import roster
    from shared.sheets import read_table

    data = _data(args)
    with data.open_store() as store:
        try:
            result = roster.read_table(
                read_table(Path(args.file)),
                known_identities=store.attendee_identities(),
                known_workshops=[w["code"] for w in store.workshops()],
            )
        except (roster.RosterError, OSError) as error:
            raise UsageError(f"Cannot read {args.file}: {error}") from None
        imported = 0
        if result.accepted and not (args.strict and result.rejected):
            imported = len(store.add_attendees(result.accepted))
    if args.json:
        _print_json(
            {
                "imported": imported,
                "rejected": [
                    {"line": r.line, "reason": r.reason, "values": r.values}
                    for r in result.rejected
                ],
                "ignored_columns": result.ignored_columns,
            }
        )
    else:
        print(f"Imported {imported} attendees; rejected {len(result.rejected)} rows.")
        for row in result.rejected:
            print(f"  line {row.line}: {row.reason}")
        if result.ignored_columns:
            print(f"Ignored columns: {', '.join(result.ignored_columns)}")
        if args.strict and result.rejected:
            print("Nothing imported (--strict): fix the rejected rows and import again.")
    return 1 if (args.strict and result.rejected) else 0


def cmd_attendees_list(args: argparse.Namespace) -> int:
    """List attendees."""
    from shared.scoring import display_name

    with _data(args).open_store() as store:
        rows = store.attendees()
    if args.json:
        _print_json(
            [
                {
                    "id": r["id"],
                    "first_name": r["first_name"],
                    "last_name": r["last_name"],
                    "organisation": r["organisation"],
                    "email": r["email"],
                    "phone": r["phone"],
                    "display": r["display"],
                    "kind": r["kind"],
                    "workshops": r["workshops"],
                }
                for r in rows
            ]
        )
        return 0
    for r in rows:
        shown = display_name(r["first_name"], r["last_name"], r["display"]) or "-"
        print(
            f"{r['id']:>5}  {r['first_name']} {r['last_name']}  ({r['organisation']})"
            f"  on screen: {shown}  workshops: {' '.join(r['workshops'])}"
        )
    return 0


# -- tickets ----------


def cmd_tickets_issue(args: argparse.Namespace) -> int:
    """Issue (or reissue) an attendee's ticket and print its token."""
    from shared import qr

    data = _data(args)
    with data.open_store() as store:
        signer = data.signer(store)
        record = store.issue_ticket(args.attendee, signer.key_id, reissue=args.reissue)
        token = data.token(store, record.serial)
    for path in (args.png, args.svg):
        if path:
            qr.save(token, Path(path))
    print(token)
    return 0


def cmd_tickets_pdf(args: argparse.Namespace) -> int:
    """Write print-ready tickets (PDF) for all or some attendees."""
    import os

    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtGui import QGuiApplication

    from kiosk.desk.badges import Badge, write_pdf
    from shared.hub import queries
    from shared.scoring import display_name

    if QGuiApplication.instance() is None:
        QGuiApplication([])
    data = _data(args)
    with data.open_store() as store:
        event = store.event()
        if event is None:
            raise UsageError("no event in this data folder yet")
        signer = data.signer(store)
        wanted = set(args.attendee or [])
        badges = []
        for person in store.attendees():
            if wanted and person["id"] not in wanted:
                continue
            record = store.issue_ticket(person["id"], signer.key_id)
            lines = queries.agenda_lines(store.db, person["id"])
            shown = display_name(person["first_name"], person["last_name"], "full")
            badges.append(
                Badge(
                    token=data.token(store, record.serial),
                    name=shown or person["first_name"],
                    organisation=person["organisation"],
                    lines=lines,
                )
            )
        count = write_pdf(
            Path(args.out),
            badges,
            event=event["name"],
            colour=event["primary_colour"],
            per_page=args.per_page,
        )
    print(f"Wrote {count} tickets to {args.out}")
    return 0


def cmd_tickets_check(args: argparse.Namespace) -> int:
    """Verify a scanned text and print the verdict."""
    from shared.datadir import today, verifier_for

    with _data(args).open_store() as store:
        check = verifier_for(store).check(args.text, today=today())
    lang = args.lang
    if args.json:
        payload = check.payload
        _print_json(
            {
                "verdict": check.verdict.value,
                "attendee_message": check.messages.attendee(lang),
                "staff_message": check.messages.staff(lang),
                "serial": payload.serial if payload and check.valid else None,
                "attendee_id": payload.attendee_id if payload and check.valid else None,
            }
        )
    else:
        print(f"{check.verdict.value}: {check.messages.staff(lang)}")
    return 0 if check.valid else 1


# -- hub and devices ----------


def _public_url(text: str) -> str:
    """The hub's address for phones, checked: ``http(s)://host[:port]`` and nothing more."""
    parts = urlsplit(text.strip())
    if parts.scheme not in ("http", "https") or not parts.hostname or parts.path not in ("", "/"):
        raise UsageError(f"--public-url: not an address like http://192.168.10.5:8700: {text!r}")
    return f"{parts.scheme}://{parts.netloc}"


def cmd_hub(args: argparse.Namespace) -> int:
    """Serve the hub: as the primary (replicating or not), or as a standby that may take over."""
    from shared.hub.replica import Fenced, ReplicaError, Target
    from shared.hub.server import serve

    data = _data(args)
    hubs = [h.rstrip("/") for h in args.hubs.split(",") if h.strip()] if args.hubs else []
    public_url = _public_url(args.public_url) if args.public_url else None
    if public_url is None and args.host in ("0.0.0.0", "::"):
        print(
            "zuil hub: personal links will name 127.0.0.1, which no phone reaches:"
            " give --public-url http://ADDRESS:PORT (the address phones use)",
            file=sys.stderr,
        )
    try:
        if args.standby:
            from shared.hub.standby import Standby

            if not args.primary:
                raise UsageError("--standby needs --primary URL: the hub to watch")
            target = Target.parse(args.standby)
            standby = Standby(
                data, target, " ".join(args.primary), takeover_after=args.takeover_after
            )
            print(f"zuil hub standby: following {target}, watching {args.primary[0]}", flush=True)
            takeover = standby.run()
            print(f"zuil hub standby: taking over ({takeover.reason})", flush=True)
            serve(
                data,
                args.host,
                args.port,
                replicate=target,
                hubs=hubs,
                takeover=takeover,
                public_url=public_url,
            )
            return 0
        if not data.db_path.exists():
            raise UsageError(f"no event in {data.root}: run 'zuil event import FILE' first")
        replicate = Target.parse(args.replicate) if args.replicate else None
        serve(data, args.host, args.port, replicate=replicate, hubs=hubs, public_url=public_url)
    except Fenced as error:
        print(f"zuil hub: refusing to serve: {error}", file=sys.stderr)
        return 3
    except ReplicaError as error:
        raise UsageError(str(error)) from None
    return 0


def cmd_hub_promote(args: argparse.Namespace) -> int:
    """Tell the standby on this data folder to take over now."""
    from shared.hub.standby import request_promotion

    path = request_promotion(_data(args))
    print(f"asked the standby to take over ({path}); it does within a second or two")
    return 0


def cmd_device_pair(args: argparse.Namespace) -> int:
    """Make a one-time pairing code for a device."""
    from shared import qr
    from shared.hub import devices
    from shared.protocol import Role

    with _data(args).open_store() as store:
        device_id, code = devices.create_pairing(
            store, Role(args.kind), workshop=args.workshop, name=args.name
        )
    if args.png:
        qr.save(code, Path(args.png), scale=12)
    if args.json:
        _print_json({"device_id": device_id, "code": code, "kind": args.kind})
        return 0
    print(f"Pairing code for {args.kind} #{device_id}: {code}   (valid 24 hours, works once)")
    if not args.png:
        qr.make(code).terminal(compact=True)
    return 0


def cmd_device_revoke(args: argparse.Namespace) -> int:
    """Revoke a device's token."""
    from shared.hub import devices

    with _data(args).open_store() as store:
        if not devices.revoke(store, args.id):
            raise UsageError(f"no active device with id {args.id}")
    print(f"Revoked device #{args.id}.")
    return 0


def cmd_device_list(args: argparse.Namespace) -> int:
    """List devices."""
    from shared.hub import devices

    with _data(args).open_store() as store:
        rows = devices.list_devices(store)
    if args.json:
        _print_json(rows)
        return 0
    for r in rows:
        state = "revoked" if r["revoked_at"] else "paired" if r["paired"] else "waiting"
        print(
            f"{r['id']:>4}  {r['kind']:<9} {state:<8} {r['workshop'] or '-':<6}"
            f" {r['name'] or ''}  last seen {r['last_seen'] or '-'}"
        )
    return 0


# -- apps ----------


def cmd_kiosk(args: argparse.Namespace) -> int:
    """Start a pillar."""
    from kiosk.main import kiosk_data_dir, run, selftest

    data = kiosk_data_dir(args.data)
    if args.selftest:
        return selftest(data)
    pin = args.pin or os.environ.get("ZUIL_PIN")
    return run(data, args.hub, args.camera, args.windowed, args.pair, pin, args.table)


def cmd_wall(args: argparse.Namespace) -> int:
    """Start a wall screen."""
    from wall.main import run, selftest, wall_data_dir

    if args.selftest:
        return selftest()
    return run(wall_data_dir(args.data), args.hub, args.pair, args.show, args.screen, args.windowed)


def cmd_desk(args: argparse.Namespace) -> int:
    """Start the registration desk."""
    from kiosk.desk.main import desk_data_dir, run, selftest

    if args.selftest:
        return selftest()
    return run(desk_data_dir(args.data), args.hub, args.pair, not args.maximized, args.camera)


# -- scanning ----------


class ScannedImage(TypedDict):
    """What ``zuil scan`` found in one image (``--json`` prints a list of these)."""

    file: str
    texts: list[str]
    engine: str | None
    ms: float | None
    error: NotRequired[str]  # the file could not be read, or is not an image
    verdicts: NotRequired[list[str]]  # with --verify: each text's verdict


def cmd_scan(args: argparse.Namespace) -> int:
    """Decode image files and print what each holds."""
    import cv2
    import numpy as np

    from shared.datadir import today, verifier_for
    from shared.scan.decode import Decoder

    try:
        decoder = Decoder(engines=[args.engine]) if args.engine else Decoder()
    except RuntimeError as error:
        raise UsageError(str(error)) from None
    verifier = None
    if args.verify:
        store = _data(args).open_store()
        try:
            verifier = verifier_for(store)
        finally:
            store.close()
    results: list[ScannedImage] = []
    for name in args.images:
        entry: ScannedImage = {"file": name, "texts": [], "engine": None, "ms": None}
        try:
            raw = np.fromfile(name, dtype=np.uint8)
            frame = cv2.imdecode(raw, cv2.IMREAD_COLOR) if raw.size else None
        except OSError as error:
            frame, entry["error"] = None, f"cannot read: {error.strerror}"
        if frame is None:
            entry.setdefault("error", "not an image (PNG, JPEG or WebP)")
        else:
            decoded = decoder.decode(frame, thorough=True)
            entry["texts"] = list(decoded.texts)
            entry["engine"] = decoded.engine
            entry["ms"] = round(decoded.ms, 2)
            if verifier is not None:
                entry["verdicts"] = [
                    verifier.check(t, today=today()).verdict.value for t in decoded.texts
                ]
        results.append(entry)
    if args.json:
        _print_json(results)
    else:
        for entry in results:
            if "error" in entry:
                print(f"{entry['file']}: {entry['error']}")
                continue
            if not entry["texts"]:
                print(f"{entry['file']}: no QR code ({entry['ms']} ms)")
            for i, text in enumerate(entry["texts"]):
                verdict = f"  [{entry['verdicts'][i]}]" if "verdicts" in entry else ""
                print(f"{entry['file']}: {text}{verdict}  ({entry['engine']}, {entry['ms']} ms)")
    return 0 if all("error" not in e for e in results) else 2


# -- benchmarks ----------


def cmd_bench(args: argparse.Namespace) -> int:
    """Run a benchmark and print its figures beside their limits."""
    import importlib

    modules = {
        "hub": "shared.hub.bench",
        "phone": "shared.hub.phonebench",
        "scan": "shared.scan.bench",
        "wall": "wall.bench",
        "tickets": "kiosk.desk.bench",
        "start": "shared.startbench",
        "soak": "shared.hub.soak",
        "standby": "shared.hub.standbybench",
    }
    if args.target not in modules:
        raise UsageError(f"no benchmark called {args.target!r}")
    options: dict[str, float | Path | None] = {}  # the soak's own
    if args.target == "soak":
        options = {"minutes": args.minutes, "trace": args.trace}
    elif args.minutes is not None or args.trace is not None:
        raise UsageError("--minutes and --trace are for the soak")
    chosen = importlib.import_module(modules[args.target])
    figures = chosen.run(quick=args.quick, **options)
    if args.json:
        _print_json(figures)
    else:
        print(chosen.report(figures))
    return 0 if figures["passed"] else 1


# -- report and purge ----------


def cmd_report(args: argparse.Namespace) -> int:
    """Write the event report (PDF) and its data (XLSX or a folder of CSV files)."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtWidgets import QApplication

    from kiosk.desk.report import write_data, write_pdf
    from shared.i18n import Lang
    from shared.report import gather

    if QApplication.instance() is None:
        QApplication([])
    data = _data(args)
    if args.session:
        return _session_report(args, data)
    with data.open_store() as store:
        if store.event() is None:
            raise UsageError("no event in this data folder yet")
        with store.snapshot() as db:
            report = gather(db)
            # what each recommend question names, for its standard wording
            subjects = {
                int(r[0]): str(r[1]) for r in db.execute("SELECT id, subject FROM polls") if r[1]
            }
    logo = data.media_path(str(report.event["logo"])) if report.event.get("logo") else None
    font = data.media_path(str(report.event["font"])) if report.event.get("font") else None
    if args.out:
        pages = write_pdf(
            report,
            Path(args.out),
            lang=Lang(args.lang),
            photos_dir=data.photos_dir,
            logo=logo,
            font=font,
            subjects=subjects,
        )
        print(f"Wrote the report ({pages} pages) to {args.out}")
    if args.data_out:
        written = write_data(report, Path(args.data_out))
        print(f"Wrote the data to {', '.join(str(p) for p in written)}")
    if not args.out and not args.data_out:
        raise UsageError("say where: --out report.pdf and/or --data-out data.xlsx|FOLDER")
    return 0


def _session_report(args: argparse.Namespace, data: DataDir) -> int:
    """``zuil report --session CODE``: a work session's report and its data."""
    from kiosk.desk.cafereport import write_pdf
    from shared import cafereport
    from shared.i18n import Lang
    from shared.ui.theme import HouseStyle

    with data.open_store() as store:
        event = store.event()
        with store.snapshot() as db:
            report = cafereport.gather(db, args.session)
    if report is None:
        raise UsageError(f"no work session with code {args.session!r} in this data folder")
    style = (
        HouseStyle(event["primary_colour"], event["secondary_colour"]).checked()
        if event is not None
        else None
    )
    if args.out:
        pages = write_pdf(report, Path(args.out), lang=Lang(args.lang), style=style)
        print(f"Wrote the report of {report.code} ({pages} pages) to {args.out}")
    if args.data_out:
        written = cafereport.write_data(report, Path(args.data_out))
        print(f"Wrote the data to {', '.join(str(p) for p in written)}")
    if not args.out and not args.data_out:
        raise UsageError("say where: --out report.pdf and/or --data-out data.xlsx|FOLDER")
    return 0


def cmd_results(args: argparse.Namespace) -> int:
    """Print every question's results as the console shows them (small numbers left out)."""
    from datetime import UTC, datetime

    from shared.hub import cafequeries
    from shared.hub.polls import results

    data = _data(args)
    if not data.db_path.exists():
        raise UsageError(f"no event data in {data.root}")
    with data.open_store() as store, store.snapshot() as db:
        found = results(db, datetime.now(UTC))
        cafe = cafequeries.results(db)  # the work sessions' questions, kind "cafe"
    if args.json:
        _print_json([*(r.model_dump(mode="json") for r in found), *cafe])
        return 0
    if not found and not cafe:
        print("No questions in this event.")
    for r in found:
        where = r.workshop or "event"
        line = f"{r.code:<12} {r.kind:<9} {where:<8} {r.state:<9} n={r.n}"
        if r.paper_n:
            line += f" (paper {r.paper_n})"
        if r.mean is not None:
            line += f"  mean {r.mean}"
        if r.nps is not None:
            line += f"  NPS {r.nps:+d}"
        print(line)
        if r.n < r.min_answers:
            print(f"    fewer than {r.min_answers} answers: not shown")
        elif r.distribution is not None:
            for label, count in zip(r.labels, r.distribution, strict=True):
                print(f"    {count:>6}  {label}")
        elif r.words:
            print("    " + ", ".join(f"{w.word} {w.count}" for w in r.words[:20]))
    for q in cafe:
        print(f"{q['code']:<12} {'cafe':<9} {q['session']:<8} {q['state']:<9} ideas={q['count']}")
        if not q["revealed"]:
            print("    not revealed yet: the ideas are not shown")
            continue
        for idea in q["ideas"]:
            dots = "" if idea["dots"] is None else f"{idea['dots']:>3}  "
            where = idea["table"] + (f", {idea['cluster']}" if idea["cluster"] else "")
            print(f"    {dots}{idea['text']}  ({where})")
        if q["hidden"]:
            print(f"    {q['hidden']} hidden")
    return 0


def cmd_purge(args: argparse.Namespace) -> int:
    """Remove personal data after the event; aggregates and anonymous notes stay."""
    from shared.purge import purge_personal

    if not args.personal:
        raise UsageError("say what to purge: --personal")
    data = _data(args)
    if not data.db_path.exists():
        raise UsageError(f"no event data in {data.root}")
    if not args.yes:
        print(
            f"This removes every name, e-mail address and phone number from {data.root},\n"
            "revokes all tickets and devices, and deletes ticket PDFs and QR images.\n"
            "Stop the hub first. Make the report before, if you want names in the top 5.\n"
            "Type JA (or YES) to continue: ",
            end="",
            flush=True,
        )
        if sys.stdin.readline().strip().upper() not in ("JA", "YES"):
            print("Nothing was changed.")
            return 1
    result = purge_personal(data)
    print(
        f"Purged {result.attendees} attendees, revoked {result.tickets_revoked} tickets and "
        f"{result.devices_revoked} devices, forgot {result.deliveries} deliveries, deleted "
        f"{result.hidden_photos} hidden photos and {len(result.removed)} files or folders,"
        f" and forgot who gave {result.answered} answers, ballots and joins."
    )
    return 0


# -- stats and demo ----------


def cmd_stats(args: argparse.Namespace) -> int:
    """Print headline counts and the counts per workshop."""
    from shared.hub.standby import read_state
    from shared.protocol import HubRunState

    data = _data(args)
    with data.open_store() as store:
        stats = store.stats()
    # which hub serves, its replica's lag, its standby: from the hub running on this folder
    serving = read_state(data)
    if args.json:
        shown = None if serving is None else serving.model_dump(mode="json")
        _print_json({**stats, "serving": shown})
        return 0
    print(
        "attendees {attendees}  tickets {tickets}  scans {scans}  answers {answers}"
        "  notes {notes}  photos {photos}".format(**stats)
    )
    if serving is not None:
        replication = serving.replication if isinstance(serving, HubRunState) else None
        standby = replication.standby if replication is not None else None
        print(
            f"hub {serving.hub_id} ({serving.role})"
            f"  replica lag {replication.lag_s if replication is not None else None} s"
            f"  standby {standby.state if standby is not None else 'none'}"
        )
    for w in stats["workshops"]:
        print(
            f"  {w['code']:<6} {w['title'][:40]:<40} scans {w['scans']:>4}  answers"
            f" {w['answers']:>4}  notes {w['notes']:>4}  photos {w['photos']:>4}"
        )
    return 0


def cmd_demo(args: argparse.Namespace) -> int:
    """Prepare the demo data folder, then serve the hub on it (the apps join as they arrive)."""
    from shared import demo

    if args.session:
        return _session_demo(args)
    data = _data(args)
    summary = demo.prepare(data)
    verb = "Prepared" if summary.created else "Reused"
    print(
        f"{verb} the demo event '{summary.event_name}' in {summary.data_dir}:\n"
        f"  {summary.workshops} workshops, {summary.questions} questions,"
        f" {summary.attendees} attendees, {summary.tickets} tickets\n"
        f"  ticket QR images: {summary.ticket_images}",
        flush=True,
    )
    if args.prepare:
        return 0
    if args.headless:
        from shared.hub.server import serve

        print("Press Ctrl+C to stop.", flush=True)
        serve(data, args.host, args.port)
        return 0
    from shared.launch.demo import run

    print(
        "Opening the pillar (workshop VAST, virtual camera), the wall, the desk and the demo"
        " control window; tickets the desk prints to PDF appear as buttons in the control"
        " window. Close the pillar with Ctrl+Shift+S, PIN 2580, 'Zuil afsluiten'.",
        flush=True,
    )
    return run(data, args.port, args.camera)


def _session_demo(args: argparse.Namespace) -> int:
    """``zuil demo --session NAME``: a sample work session in its own data folder."""
    from shared.datadir import DataDir
    from shared.launch import cafedemo

    data = DataDir(_data(args).root / args.session)
    try:
        name, attendees = cafedemo.prepare(data, args.session)
    except ValueError as error:
        raise UsageError(str(error)) from None
    print(
        f"Prepared the work session '{name}' in {data.root}: {attendees} attendees with tickets.",
        flush=True,
    )
    if args.prepare:
        return 0
    if args.headless:
        from shared.hub.server import serve

        print("Press Ctrl+C to stop.", flush=True)
        serve(data, args.host, args.port)
        return 0
    print(
        "Opening a pillar in table mode per table, the facilitator's console (the desk's"
        " 'Werksessie' tab), the wall and the demo control window, which holds tickets up at"
        " a table and plays a round of ideas.",
        flush=True,
    )
    return cafedemo.run(data, args.port)


# -- parser ----------


class _Version(argparse.Action):
    """``--version``: looks the version up only when asked (package metadata is slow to load)."""

    def __call__(self, parser: argparse.ArgumentParser, *args: Any, **kwargs: Any) -> None:
        from shared import __version__

        print(f"zuil {__version__}")
        parser.exit()


def build_parser() -> argparse.ArgumentParser:
    """The full argument parser (also used to generate the CLI reference)."""
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument(
        "--data",
        metavar="DIR",
        help="the event's data folder (default: $ZUIL_DATA or the per-user data folder)",
    )
    parser = argparse.ArgumentParser(
        prog="zuil",
        description="zuil: touchscreen pillars, live walls and a desk for a congress day.",
    )
    parser.add_argument(
        "--version", action=_Version, nargs=0, help="show program's version number and exit"
    )
    parser.add_argument("-v", "--verbose", action="store_true", help="log more")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)

    def add(
        group: argparse._SubParsersAction[argparse.ArgumentParser],
        name: str,
        handler: Handler,
        help_text: str,
    ) -> argparse.ArgumentParser:
        sub = group.add_parser(name, parents=[common], help=help_text, description=help_text)
        sub.set_defaults(handler=handler)
        return sub

    event = commands.add_parser("event", help="import or export the event file")
    event_cmds = event.add_subparsers(dest="action", metavar="ACTION", required=True)
    p = add(event_cmds, "import", cmd_event_import, "Import an event file (TOML or XLSX).")
    p.add_argument("file", help="the event file (.toml) or workbook (.xlsx)")
    p = add(event_cmds, "export", cmd_event_export, "Export the event file (TOML or XLSX).")
    p.add_argument(
        "file", nargs="?", help="write here, .toml or .xlsx (images beside it); default: stdout"
    )

    attendees = commands.add_parser("attendees", help="the registration list")
    att_cmds = attendees.add_subparsers(dest="action", metavar="ACTION", required=True)
    p = add(att_cmds, "import", cmd_attendees_import, "Import a registration list (CSV or XLSX).")
    p.add_argument("file", help="CSV or XLSX with a header row (Dutch or English column names)")
    p.add_argument("--strict", action="store_true", help="import nothing if any row is rejected")
    p.add_argument("--json", action="store_true", help="print the report as JSON")
    p = add(att_cmds, "list", cmd_attendees_list, "List the attendees.")
    p.add_argument("--json", action="store_true", help="print JSON")

    tickets = commands.add_parser("tickets", help="issue and check tickets")
    t_cmds = tickets.add_subparsers(dest="action", metavar="ACTION", required=True)
    p = add(t_cmds, "issue", cmd_tickets_issue, "Issue an attendee's ticket; print its token.")
    p.add_argument("--attendee", type=int, required=True, metavar="ID", help="attendee id")
    p.add_argument("--reissue", action="store_true", help="revoke the current ticket, make new")
    p.add_argument("--png", metavar="FILE", help="also write the QR code as PNG")
    p.add_argument("--svg", metavar="FILE", help="also write the QR code as SVG")
    p = add(t_cmds, "pdf", cmd_tickets_pdf, "Write print-ready tickets (PDF).")
    p.add_argument("--out", required=True, metavar="FILE", help="the PDF to write")
    p.add_argument("--attendee", type=int, action="append", metavar="ID", help="only these")
    p.add_argument("--per-page", action="store_true", help="one ticket per A4 page")
    p = add(t_cmds, "check", cmd_tickets_check, "Verify a scanned text; print the verdict.")
    p.add_argument("text", help="the token or personal link")
    p.add_argument("--json", action="store_true", help="print JSON (key 'verdict')")
    p.add_argument("--lang", choices=["nl", "en"], default="nl", help="message language")

    p = add(commands, "hub", cmd_hub, "Serve the hub (HTTP API and live stream).")
    p.add_argument(
        "--host", default="127.0.0.1", help="address to bind (0.0.0.0: all; default %(default)s)"
    )
    p.add_argument("--port", type=int, default=8700, help="port (default %(default)s; 0: any free)")
    p.add_argument(
        "--public-url",
        metavar="URL",
        help="the address phones reach the hub at, in personal links and printed tickets"
        " (default: the bound address)",
    )
    p.add_argument(
        "--replicate",
        metavar="TARGET",
        help="stream the event to a replica: a folder (another disk, a share), s3:// or sftp://",
    )
    p.add_argument(
        "--standby",
        metavar="TARGET",
        help="be the standby: follow the replica folder TARGET, take over when the primary is gone",
    )
    p.add_argument(
        "--primary",
        metavar="URL",
        action="append",
        help="standby: the primary hub to watch (repeat for each of its addresses)",
    )
    p.add_argument(
        "--takeover-after",
        type=float,
        default=10.0,
        metavar="S",
        help="standby: take over after the primary was silent this long (default %(default)s)",
    )
    p.add_argument(
        "--hubs",
        metavar="URL,URL",
        help="every address of the event's hubs (primary, standby): devices get them at pairing",
    )
    hub_cmds = p.add_subparsers(dest="action", metavar="ACTION")
    add(hub_cmds, "promote", cmd_hub_promote, "Make the standby on this data folder take over.")

    device = commands.add_parser("device", help="pair and revoke devices")
    d_cmds = device.add_subparsers(dest="action", metavar="ACTION", required=True)
    p = add(d_cmds, "pair", cmd_device_pair, "Make a one-time pairing code for a device.")
    p.add_argument("--kind", required=True, choices=["kiosk", "wall", "desk", "organiser"])
    p.add_argument("--workshop", metavar="CODE", help="the pillar's workshop (kiosks)")
    p.add_argument("--name", default="", help="a name to recognise the device by")
    p.add_argument("--png", metavar="FILE", help="write the code as a QR image")
    p.add_argument("--json", action="store_true", help="print JSON")
    p = add(d_cmds, "revoke", cmd_device_revoke, "Revoke a device's token.")
    p.add_argument("id", type=int, help="device id (see 'zuil device list')")
    p = add(d_cmds, "list", cmd_device_list, "List devices and their state.")
    p.add_argument("--json", action="store_true", help="print JSON")

    p = add(commands, "kiosk", cmd_kiosk, "Start a pillar (the touchscreen kiosk).")
    p.add_argument("--hub", metavar="URL", help="the hub, e.g. http://192.168.1.10:8700")
    p.add_argument("--pair", metavar="CODE", help="pair with the hub using this code first")
    p.add_argument(
        "--camera",
        default="0",
        metavar="SOURCE",
        help="webcam index or device, a video file, an image folder, or 'virtual' (default 0)",
    )
    p.add_argument("--windowed", action="store_true", help="a normal window, not fullscreen")
    p.add_argument("--pin", metavar="DIGITS", help="the staff PIN (default: $ZUIL_PIN, else 2580)")
    p.add_argument(
        "--table",
        metavar="CODE",
        help="table mode: the pillar is this work-session table (TABLE or SESSION/TABLE)",
    )
    p.add_argument("--selftest", action="store_true", help="build the first screen offscreen, exit")

    p = add(commands, "wall", cmd_wall, "Start a wall screen (klaagmuur and jubelmuur).")
    p.add_argument("--hub", metavar="URL", help="the hub, e.g. http://192.168.1.10:8700")
    p.add_argument("--pair", metavar="CODE", help="pair with the hub using this code first")
    p.add_argument("--show", choices=["both", "klaag", "jubel"], default="both", help="which wall")
    p.add_argument("--screen", type=int, metavar="N", help="the screen to fill (0, 1, ...)")
    p.add_argument("--windowed", action="store_true", help="a normal window, not fullscreen")
    p.add_argument("--selftest", action="store_true", help="build the board offscreen, exit")

    p = add(commands, "desk", cmd_desk, "Start the registration desk (staff).")
    p.add_argument("--hub", metavar="URL", help="the hub, e.g. http://192.168.1.10:8700")
    p.add_argument("--pair", metavar="CODE", help="pair with the hub using this code first")
    p.add_argument("--maximized", action="store_true", help="fill the screen")
    p.add_argument(
        "--camera", metavar="SOURCE", help="a webcam (index or device) that reads tickets too"
    )
    p.add_argument("--selftest", action="store_true", help="build the first screen offscreen, exit")

    p = add(commands, "scan", cmd_scan, "Decode QR codes in image files.")
    p.add_argument("images", nargs="+", metavar="IMAGE", help="PNG, JPEG or WebP files")
    p.add_argument("--json", action="store_true", help="print JSON: file, texts, engine, ms")
    p.add_argument("--verify", action="store_true", help="add the ticket verdict of each text")
    p.add_argument(
        "--engine", choices=["zxing", "zbar"], help="use only this decoder (to check one works)"
    )

    p = add(commands, "bench", cmd_bench, "Measure performance against its limits.")
    p.add_argument(
        "target",
        choices=["hub", "phone", "scan", "wall", "tickets", "start", "soak", "standby"],
        help="what to measure",
    )
    p.add_argument("--json", action="store_true", help="print JSON")
    p.add_argument("--quick", action="store_true", help="a shorter run (for smoke tests)")
    p.add_argument("--minutes", type=float, help="soak: how long the steady load runs (default 10)")
    p.add_argument(
        "--trace",
        type=Path,
        metavar="FILE",
        help="soak: run the hub under tracemalloc, write its growth after minute 1 to FILE",
    )

    p = add(commands, "report", cmd_report, "Write the event report (PDF) and its data.")
    p.add_argument("--out", metavar="PDF", help="the report as PDF")
    p.add_argument(
        "--data-out", metavar="PATH", help="the data: an .xlsx workbook, or a folder for CSV files"
    )
    p.add_argument("--lang", choices=["nl", "en"], default="nl", help="language (default nl)")
    p.add_argument("--session", metavar="CODE", help="the report of this work session (world café)")

    p = add(
        commands,
        "results",
        cmd_results,
        "Every question's results (ratings, polls, votes, work sessions).",
    )
    p.add_argument(
        "--json",
        action="store_true",
        help="print JSON: id, kind, workshop, state, n, distribution, mean, nps, paper...",
    )

    p = add(commands, "purge", cmd_purge, "Remove personal data after the event.")
    p.add_argument("--personal", action="store_true", help="names, e-mail, phone, tokens")
    p.add_argument("--yes", action="store_true", help="do not ask (for scripts)")

    p = add(commands, "stats", cmd_stats, "Counts of attendees, tickets, scans, answers, notes.")
    p.add_argument("--json", action="store_true", help="print JSON")

    p = add(commands, "demo", cmd_demo, "Run the whole system on the Dutch sample event.")
    p.add_argument("--prepare", action="store_true", help="only prepare the data folder, exit")
    p.add_argument("--host", default="127.0.0.1", help="hub address (default %(default)s)")
    p.add_argument("--port", type=int, default=8700, help="hub port (default %(default)s)")
    p.add_argument(
        "--camera",
        default="virtual",
        metavar="SOURCE",
        help="the pillar's camera: 'virtual' (default), a webcam index such as 0, or a video",
    )
    p.add_argument("--headless", action="store_true", help="serve only the hub, no windows")
    p.add_argument(
        "--session",
        metavar="NAME",
        help="a sample work session instead of the congress: 'world-cafe' (in DATA/NAME)",
    )
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the ``zuil`` command."""
    parser = build_parser()
    args = parser.parse_args(argv)
    logging.basicConfig(
        level=logging.DEBUG if args.verbose else logging.WARNING,
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
    )
    try:
        return int(args.handler(args))
    except UsageError as error:
        print(f"zuil: {error}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130
    except Exception as error:
        from shared.store import StoreError  # loaded already if the command used the store

        if not isinstance(error, StoreError):
            raise
        print(f"zuil: {error}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
