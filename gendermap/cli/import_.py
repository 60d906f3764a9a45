"""``gendermap import``: check a file, show what it changes, store it; undo.

    gendermap import FILE                  check, preview, store as the local operator
    gendermap import FILE --user NAME      ... as an account (password asked, or GENDERMAP_PASSWORD)
    gendermap import FILE --preview        check and preview only (nothing written)
    gendermap import --history             every import: who, when, file, rows, indicator-years
    gendermap import --revert ID [--user NAME]

Whoever runs the command on the server is its operator (like ``gendermap monitor`` and
``gendermap users``: the database file is theirs anyway) and is recorded as
``cli:<login name>``; ``--user`` stores as an account instead, whose rights the storing
service checks (admins, data editors of the rows' provinces). In the app, storing always
needs such an account.
Exit status: 0 when every row was stored (or the preview found no error), 1 when anything
was rejected or refused, 2 for a wrong command.
"""

from __future__ import annotations

import argparse
import getpass
import os

import pandas as pd

from gendermap import ingest
from gendermap.changes import CHANGE_LABELS
from gendermap.cli.validate import add_common_arguments, format_problems, summary
from gendermap.config import Settings, get_settings
from gendermap.monitor.auth import Actor
from gendermap.monitor.errors import MonitorError
from gendermap.monitor.mapdata import MapDataStore, open_for
from gendermap.numbers import format_int

_STATUS = {
    "tr": {"accepted": "içe aktarıldı", "partial": "kısmen içe aktarıldı", "rejected": "reddedildi"},
    "en": {"accepted": "imported", "partial": "partly imported", "rejected": "rejected"},
}
SHOWN = ("real_after", "becomes_real", "from_demo", "updated", "demo_after", "loses_demo", "no_data_after")
HISTORY_HEADERS = {
    "tr": ["no", "tarih", "kim", "dosya", "durum", "satır", "gösterge-yıl", "geri alındı"],
    "en": ["id", "when", "who", "file", "status", "rows", "indicator-years", "reverted"],
}


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("file", nargs="?", help="CSV/TXT/XLS/XLSX, TÜİK MEDAS export, GeoJSON/GeoPackage, or a zip of those")
    add_common_arguments(parser)
    parser.add_argument("--user", help="store or revert as this account (password from GENDERMAP_PASSWORD or "
                        "asked); default: the local operator, recorded as cli:<login name>")
    parser.add_argument("--preview", action="store_true", help="check and show what would change; store nothing")
    parser.add_argument("--history", action="store_true", help="list every import (who, when, file, rows)")
    parser.add_argument("--revert", type=int, metavar="ID", help="undo import ID (its rows stop counting)")
    parser.add_argument("--strict", action="store_true",
                        help="store nothing when any row is rejected (default: store the accepted rows)")
    parser.add_argument("--no-refresh", action="store_true",
                        help="do not recompute the indicator tables of the build after storing or reverting")


def changes_table(changes: pd.DataFrame, lang: str) -> str:
    """The preview as aligned text, with the counts in the language's number format."""
    pick = 1 if lang == "en" else 0
    lines = []
    for rec in changes.to_dict("records"):
        lines.append(f"{rec['indicator']} {rec['year']}:")
        for key in SHOWN:
            lines.append(f"  {CHANGE_LABELS[key][pick]}: {format_int(int(rec[key]), lang)}")
    return "\n".join(lines)


def _sign_in(data: MapDataStore, user: str | None, lang: str) -> Actor | None:
    if not user:
        operator = f"cli:{os.environ.get('USER') or getpass.getuser() or 'operator'}"
        print(f"yerel işletmen olarak: {operator}" if lang == "tr" else f"as the local operator: {operator}")
        return Actor.system_actor(operator)
    password = os.environ.get("GENDERMAP_PASSWORD")
    if password is None:
        password = getpass.getpass("Parola: " if lang == "tr" else "Password: ")
    try:
        return data.store.sign_in(user, password)
    except MonitorError as exc:
        print(str(exc))
        return None


def _refresh(settings: Settings, lang: str) -> None:
    """Real counts replace demo values in the maps and reports once the tables are recomputed."""
    from gendermap.pipeline import BuildError

    try:
        paths = ingest.refresh(settings)
    except BuildError as exc:
        print(("göstergeler yeniden hesaplanmadı: " if lang == "tr" else "indicators not recomputed: ") + str(exc))
        return
    print(("göstergeler yeniden hesaplandı: " if lang == "tr" else "indicators recomputed: ")
          + ", ".join(p.name for p in paths))


def _history(data: MapDataStore, lang: str) -> int:
    log = data.history()
    if log.empty:
        print("Henüz içe aktarma yok." if lang == "tr" else "No imports yet.")
        return 0
    table = pd.DataFrame({
        "id": log["id"], "when": log["created_at"].dt.strftime("%Y-%m-%d %H:%M"), "who": log["created_by"],
        "file": log["file_name"], "status": log["status"].map(_STATUS[lang]), "rows": log["accepted"],
        "indicator_years": log["indicator_years"].str.replace(":", " ").str.replace(";", ", "),
        "reverted": [(f"{t:%Y-%m-%d %H:%M} {w}" if pd.notna(t) else "") for t, w in zip(log["reverted_at"],
                                                                                    log["reverted_by"], strict=True)],
    })
    table.columns = HISTORY_HEADERS[lang]
    print(table.to_string(index=False))
    return 0


def _revert(settings: Settings, data: MapDataStore, args: argparse.Namespace) -> int:
    lang = args.lang
    who = _sign_in(data, args.user, lang)
    if who is None:
        return 1
    try:
        rows = ingest.revert(who, args.revert, data)
    except MonitorError as exc:
        print(str(exc))
        return 1
    print(f"içe aktarma #{args.revert} geri alındı ({rows} satır artık sayılmıyor)" if lang == "tr"
          else f"import #{args.revert} reverted ({rows} rows no longer count)")
    if not args.no_refresh:
        _refresh(settings, lang)
    return 0


def run(args: argparse.Namespace) -> int:
    settings = get_settings()
    lang = args.lang
    data = open_for(settings)
    try:
        if args.history:
            return _history(data, lang)
        if args.revert is not None:
            return _revert(settings, data, args)
        if not args.file:
            print("Bir dosya verin, ya da --history / --revert ID" if lang == "tr"
                  else "Give a file, or --history / --revert ID")
            return 2
        who = None if args.preview else _sign_in(data, args.user, lang)
        if who is None and not args.preview:
            return 1
        checked = ingest.check_file(args.file, settings, data, indicator=args.indicator, year=args.year,
                                    strict=args.strict, max_bytes=int(args.max_mb * 1024 * 1024))
        if not checked.problems.empty:
            print(format_problems(checked.problems, lang))
        print(summary(checked.result, lang))
        if len(checked.changes):
            print("Bu dosya kaydedilirse:" if lang == "tr" else "If this file is stored:")
            print(changes_table(checked.changes, lang))
        if args.preview or who is None:
            return 0 if checked.result.ok else 1
        try:
            done = ingest.store(who, checked, settings, data)
        except MonitorError as exc:
            print(str(exc))
            return 1
        print(("içe aktarma" if lang == "tr" else "import") + f" #{done.import_id}: {_STATUS[lang][done.status]}"
              + (f"; {done.replaced} " + ("önceki satırın yerine geçti" if lang == "tr" else "earlier row(s) replaced")
                 if done.replaced else ""))
        if done.inbox_path:
            print(("özgün dosya: " if lang == "tr" else "original kept at: ") + str(done.inbox_path))
        if done.status != "rejected" and not args.no_refresh:
            _refresh(settings, lang)
        return 0 if done.status == "accepted" and checked.result.ok else 1
    finally:
        data.store.close()
