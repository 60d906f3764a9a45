"""``gendermap feedback``: comments on the maps and feedback meetings, from the command line.

    gendermap feedback export --out tutanak.pdf     # Turkish PDF minutes of every meeting
    gendermap feedback export --out toplantilar.xlsx  # meetings + published comments
    gendermap feedback export --out toplantilar.csv --meeting 3
    gendermap feedback meetings                     # the meeting records
    gendermap feedback queue [--status pending]     # comments waiting for moderation
    gendermap feedback moderate 12 publish|hide|answer [--answer TEXT] [--note TEXT]

The command line acts as the local operator (full rights), like ``gendermap monitor``; in
the app only signed-in moderators may moderate.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

FORMATS = ("pdf", "csv", "xlsx")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    sub = parser.add_subparsers(dest="action", metavar="ACTION", required=True)
    export = sub.add_parser("export", help="meeting minutes as PDF, CSV or XLSX (by --out's suffix)")
    export.add_argument("--out", type=Path, required=True, help="file ending .pdf, .csv or .xlsx")
    export.add_argument("--meeting", type=int, help="only this meeting (its number)")
    export.add_argument("--lang", choices=["tr", "en"], default="tr")
    export.add_argument("--no-comments", action="store_true",
                        help="leave the published comments out (PDF, XLSX)")
    sub.add_parser("meetings", help="list the meeting records")
    queue = sub.add_parser("queue", help="comments and their moderation status")
    queue.add_argument("--status", choices=["pending", "published", "hidden"])
    mod = sub.add_parser("moderate", help="publish, hide or answer a comment (a new version)")
    mod.add_argument("comment", type=int)
    mod.add_argument("what", choices=["publish", "hide", "answer", "pending"])
    mod.add_argument("--answer", help="the public answer")
    mod.add_argument("--note", default="", help="a note for moderators (why)")


def _err(message: str) -> int:
    print(f"gendermap feedback: {message}", file=sys.stderr)
    return 1


def run(args: argparse.Namespace) -> int:
    from gendermap.monitor.auth import Actor
    from gendermap.monitor.errors import MonitorError
    from gendermap.participation.store import ParticipationStore

    me = Actor.system_actor()
    store = ParticipationStore()
    try:
        if args.action == "export":
            return _export(store, args)
        if args.action == "meetings":
            m = store.meetings()
            print(m[["id", "version", "held_on", "title", "place"]].to_string(index=False)
                  if len(m) else "Kayıtlı toplantı yok / no meetings recorded.")
            return 0
        if args.action == "queue":
            q = store.moderation_queue(me, args.status)
            print(q[["id", "created_at", "status", "kind", "district_code", "text"]].to_string(
                index=False, max_colwidth=60) if len(q) else "Yorum yok / no comments.")
            return 0
        version = store.moderate(me, args.comment, args.what, answer=args.answer, note=args.note)
        print(f"yorum {args.comment}: sürüm {version} ({args.what})")
        return 0
    except MonitorError as exc:
        return _err(str(exc))
    finally:
        store.close()


def _export(store, args: argparse.Namespace) -> int:
    from gendermap.participation.minutes import meetings_csv, meetings_xlsx, minutes_pdf

    fmt = args.out.suffix.lower().lstrip(".")
    if fmt not in FORMATS:
        return _err(f"dosya uzantısı .pdf, .csv ya da .xlsx olmalı (got '{args.out.suffix}').")
    meetings = store.meetings()
    if args.meeting is not None:
        meetings = meetings[meetings["id"] == args.meeting]
        if meetings.empty:
            return _err(f"{args.meeting} numaralı toplantı yok / no such meeting.")
    comments = None if args.no_comments else store.published_comments()
    if fmt == "pdf":
        data = minutes_pdf(meetings, args.lang, comments)
    elif fmt == "csv":
        data = meetings_csv(meetings, args.lang)
    else:
        data = meetings_xlsx(meetings, comments, args.lang)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_bytes(data)
    print(f"{args.out} ({len(meetings)} toplantı / meetings, {len(data) // 1024} KB)")
    return 0
