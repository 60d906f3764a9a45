"""``gendermap series``: cards, audio, index.html and series.csv for an area.

    gendermap series --district Seferihisar --out seri/
    gendermap series --district Seferihisar --out series-en/ --lang en --no-audio
    gendermap series --all --out seriler/        # every district, one folder each, with progress

One card per index indicator plus the index (1080×1080 and 1200×675 PNG), each read aloud
(WAV and OGG Vorbis, espeak-ng). Errors a person can fix print one clear message and exit 1;
``--all`` reports a district that fails and carries on.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path


def add_arguments(parser: argparse.ArgumentParser) -> None:
    where = parser.add_mutually_exclusive_group(required=True)
    where.add_argument("--district", help="ilçe adı (district name, 'İl/İlçe' or code)")
    where.add_argument("--province", help="il adı (province name or code)")
    where.add_argument("--all", action="store_true", help="every district, one folder each under --out")
    parser.add_argument("--out", type=Path, required=True, help="folder to write into")
    parser.add_argument("--lang", choices=("tr", "en"), default="tr")
    parser.add_argument("--audio", action=argparse.BooleanOptionalAction, default=True,
                        help="read every card aloud (WAV + OGG; needs espeak-ng)")
    parser.add_argument("--address", default=os.environ.get("GENDERMAP_PUBLIC_URL"),
                        help="platform address printed on every card (default: $GENDERMAP_PUBLIC_URL)")


def _err(message: str) -> int:
    print(f"gendermap series: {message}", file=sys.stderr)
    return 1


def run(args: argparse.Namespace) -> int:
    from gendermap.publish import PublishError, find_area, inputs
    from gendermap.publish.areas import all_districts
    from gendermap.publish.audio import AudioError, available
    from gendermap.publish.series import write_series

    if args.audio and not available():
        return _err("Ses için espeak-ng gerekli (scripts/sysdeps.sh kurar); sessiz seri için --no-audio. "
                    "(espeak-ng is needed for audio; use --no-audio)")
    try:
        data = inputs.load()
        areas = (all_districts(data.mahalle) if args.all
                 else [find_area(data.mahalle, district=args.district, province=args.province)])
    except PublishError as exc:
        return _err(str(exc))
    failed = 0
    start = time.perf_counter()
    for i, area in enumerate(areas, 1):
        folder = args.out / area.slug if args.all else args.out
        t0 = time.perf_counter()
        label = f"[{i}/{len(areas)}] {area.province}/{area.name}" if args.all else area.name

        def step(msg: str, label: str = label) -> None:
            print(f"{label}: {msg}", file=sys.stderr, flush=True)

        try:
            table = write_series(data, area, folder, args.lang, audio=args.audio, address=args.address,
                                 progress=None if args.all else step)
        except (PublishError, AudioError, ValueError) as exc:
            failed += 1
            step(f"ATLANDI / skipped: {exc}")
            continue
        step(f"{len(table)} kart / cards -> {folder} ({time.perf_counter() - t0:.0f} s)")
    print(f"{len(areas) - failed}/{len(areas)} seri {args.out} içinde ({time.perf_counter() - start:.0f} s)")
    return 1 if failed else 0
