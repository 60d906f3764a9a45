"""``gendermap workshop``: focus criteria chosen together (budget allocation).

    gendermap workshop result --allocations puanlar.csv --out sonuc/
        -> sonuc/consensus.csv (district_code, district, province, rank, score, rank_min,
           rank_max, synthetic) and sonuc/weights.csv (per criterion median, mean, spread...)
    gendermap workshop list                 # sessions opened in the app
    gendermap workshop adopt CODE           # its saved result becomes the shortlist that
                                            # 'gendermap report --shortlist' uses

A file with problems prints the problems table (file, row, column, problem) and writes
nothing; exit status 1.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path


def add_arguments(parser: argparse.ArgumentParser) -> None:
    sub = parser.add_subparsers(dest="action", metavar="ACTION", required=True)
    result = sub.add_parser("result", help="aggregate an allocations CSV and rank the districts")
    result.add_argument("--allocations", type=Path, required=True,
                        help="CSV with columns participant,criterion,points[,direction]")
    result.add_argument("--out", type=Path, required=True, help="folder for consensus.csv and weights.csv")
    result.add_argument("--lang", choices=["tr", "en"], default="tr")
    sub.add_parser("list", help="saved workshop sessions")
    adopt = sub.add_parser("adopt", help="make a session's saved result the focus shortlist")
    adopt.add_argument("code", help="the session code")
    adopt.add_argument("--version", type=int, help="which saved version (default: the latest)")


def _err(message: str) -> int:
    print(f"gendermap workshop: {message}", file=sys.stderr)
    return 1


def run(args: argparse.Namespace) -> int:
    if args.action == "result":
        return _result(args)
    return _stored(args)


def _result(args: argparse.Namespace) -> int:
    from gendermap.cli.validate import format_problems
    from gendermap.participation.allocations import parse_allocations
    from gendermap.participation.inputs import NoFocusTable, focus_inputs
    from gendermap.participation.workshop import CONSENSUS_COLUMNS, workshop_result
    from gendermap.problems import has_errors
    from gendermap.tabular import write_csv

    path: Path = args.allocations
    if not path.is_file():
        return _err(f"dosya bulunamadı / file not found: {path.name}")
    allocations, problems = parse_allocations(path.read_bytes(), path.name)
    if not problems.empty:
        print(format_problems(problems, args.lang))
    if has_errors(problems):
        return _err("dosyada hata var, sonuç yazılmadı." if args.lang == "tr"
                    else "the file has errors; nothing was written.")
    try:
        inputs = focus_inputs()
    except NoFocusTable as exc:
        return _err(str(exc))
    result = workshop_result(inputs.criteria, allocations)
    args.out.mkdir(parents=True, exist_ok=True)
    consensus = result.consensus[CONSENSUS_COLUMNS].assign(synthetic=inputs.synthetic)
    write_csv(consensus, args.out / "consensus.csv")
    write_csv(result.weights.assign(synthetic=inputs.synthetic), args.out / "weights.csv")
    ranks = result.participant_ranks.astype("Int64").reset_index()
    write_csv(ranks, args.out / "participant_ranks.csv")
    if inputs.synthetic:
        print("ÖRNEK VERİ / DEMO DATA: ölçütler örnek değerlerden hesaplandı "
              "(the criteria rest on demonstration values).", file=sys.stderr)
    top = ", ".join(result.shortlist(5)["district"])
    print(f"{result.participants} katılımcı / participants; {len(consensus)} ilçe sıralandı / "
          f"districts ranked; ilk 5 / top 5: {top}")
    print(f"{args.out / 'consensus.csv'}, {args.out / 'weights.csv'}, "
          f"{args.out / 'participant_ranks.csv'}")
    return 0



def _stored(args: argparse.Namespace) -> int:
    from gendermap.monitor.auth import Actor
    from gendermap.monitor.errors import MonitorError
    from gendermap.participation.store import ParticipationStore

    me = Actor.system_actor()
    store = ParticipationStore()
    try:
        if args.action == "list":
            sessions = store.workshops(me)
            print(sessions.to_string(index=False) if len(sessions)
                  else "Kayıtlı çalıştay yok / no workshops.")
            return 0
        version = store.adopt_result(me, args.code, args.version)
        print(f"{args.code} sürüm {version}: odak kısa listesi olarak kabul edildi "
              "(adopted as the focus shortlist).")
        return 0
    except MonitorError as exc:
        return _err(str(exc))
    finally:
        store.close()
