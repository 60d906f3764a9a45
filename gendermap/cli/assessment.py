"""``gendermap assessment``: the municipal needs analysis offline.

``template`` writes the workbook to fill in, ``import`` stores a filled-in workbook for a
municipality (all answers or none; problems printed with their rows), ``publish`` makes a
round's scores public, ``report`` writes the PDF. Runs as the local operator (recorded as ``--by``), like ``gendermap monitor``.
"""

from __future__ import annotations

import argparse
import os
import sys
from datetime import date
from pathlib import Path


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--db", help="SQLAlchemy URL (default: GENDERMAP_DB_URL or var/monitoring.sqlite)")
    parser.add_argument("--by", default=os.environ.get("USER", "cli"), help="name recorded as author")
    sub = parser.add_subparsers(dest="action", required=True, metavar="ACTION")
    tpl = sub.add_parser("template", help="write the workbook to fill in (XLSX)")
    tpl.add_argument("--out", type=Path, required=True)
    imp = sub.add_parser("import", help="store a filled-in workbook for a municipality")
    imp.add_argument("file", type=Path)
    imp.add_argument("--municipality", required=True, help="municipality code or name, e.g. seferihisar")
    imp.add_argument("--round", default=str(date.today().year), help="the round (year), default this year")
    pub = sub.add_parser("publish", help="make a round's scores public (district summary and report)")
    pub.add_argument("--municipality", required=True)
    pub.add_argument("--round", required=True)
    rep = sub.add_parser("report", help="write a municipality's needs-analysis report (PDF)")
    rep.add_argument("--municipality", required=True)
    rep.add_argument("--round", help="default: the latest round with answers")
    rep.add_argument("--out", type=Path, required=True)
    rep.add_argument("--lang", choices=["tr", "en"], default="tr")


def run(args: argparse.Namespace) -> int:
    from gendermap.monitor import Actor, MonitorError, open_store
    from gendermap.monitor.assessment import AssessmentService, load, workbook
    from gendermap.monitor.assessment.pdf import report_pdf
    from gendermap.monitor.assessment.service import publish, resolve_municipality
    from gendermap.monitor.starter import ensure_seeded
    from gendermap.numbers import format_int

    questionnaire = load()
    if args.action == "template":
        args.out.write_bytes(workbook.template(questionnaire))
        print(f"Yazıldı: {args.out} ({len(questionnaire.questions)} soru, "
              f"{len(questionnaire.themes)} tema, anket sürümü {questionnaire.version})")
        return 0
    store = open_store(args.db)
    try:
        ensure_seeded(store)
        service = AssessmentService(store, questionnaire)
        actor = Actor.system_actor(f"cli:{args.by}")
        code, name = resolve_municipality(store, args.municipality)
        if args.action == "import":
            try:
                data = args.file.read_bytes()
            except OSError:
                print(f"Hata: {args.file} okunamadı.", file=sys.stderr)
                return 1
            read = workbook.read(questionnaire, data, args.file.name)
            if len(read.problems):
                print(read.problems[["file", "row", "column", "problem"]].to_string(index=False))
            if not read.ok:
                print("Hiçbir yanıt kaydedilmedi: önce sorunları düzeltin.", file=sys.stderr)
                return 1
            saved = service.save(actor, code, args.round, read.answers)
            result = service.result(actor, code, args.round)
            print(f"{name}, {args.round}: {saved.saved} yanıt kaydedildi, {saved.unchanged} değişmedi.")
            for row in result.themes.itertuples():
                print(f"  {row.label}: {format_int(row.score)} ({row.answered}/{row.total} soru)")
        elif args.action == "publish":
            count = publish(service, actor, code, args.round)
            print(f"{name}, {args.round}: {count} yanıt sürümü yayımlandı.")
        else:
            rounds = service.rounds(actor, code)
            round_ = args.round or (rounds[-1] if rounds else str(date.today().year))
            result = service.result(actor, code, round_, args.lang)
            earlier = [r for r in rounds if r < round_]
            previous = service.result(actor, code, earlier[-1], args.lang) if earlier else None
            answers = service.answers(actor, code, round_)
            free = {c: a for c, a in zip(answers["question_code"], answers["answer"], strict=True)
                    if a and c in questionnaire.codes and not questionnaire.question(c).scored}
            args.out.write_bytes(report_pdf(questionnaire, result, name, round_, args.lang,
                                            previous=previous, free_text=free))
            print(f"Yazıldı: {args.out}")
    except MonitorError as error:
        print(f"Hata: {error}", file=sys.stderr)
        return 1
    finally:
        store.close()
    return 0
