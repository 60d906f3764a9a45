"""Benchmark: hostile and large uploads checked within 60 s and 1 GB each (issue 10).

Generates the files at run time in a temporary folder (nothing hostile is kept in the
repository), then runs ``gendermap validate FILE --format csv`` on each in a fresh
process and records its wall time, peak memory (the child's max RSS) and exit status:

- ``valid_max_rows.csv``: valid tidy rows up to the row limit (1,000,000 rows, ~38 MB):
  every mahalle × indicators × years × sexes, all accepted
- ``valid_50mb_over_rows.csv``: ~50 MB of such rows, past the row limit: refused whole
- ``bad_lines_50mb.csv``: ~50 MB, four million lines with the wrong number of fields (past the row limit)
- ``million_bad_lines.csv``: just under the row limit, every line with bad counts: the
  problems table keeps the first 1,000 and counts the rest; checking stops at 20,000
  problems and the file is refused
- ``medas_by_sex.txt``: a MEDAS export by sex of every mahalle for many years
- ``lying.zip``: a zip whose headers say 100 bytes for a member of 1 GB of zeros
- ``ratio_bomb.zip``: a zip honestly declaring 1 GB in a few MB
- ``bomb.xlsx``: an XLSX whose sheet expands to 1 GB
- ``zero_link.csv``: a symbolic link to ``/dev/zero``

    .venv/bin/python benchmarks/bench_upload.py [--keep DIR]
"""

from __future__ import annotations

import argparse
import io
import json
import os
import struct
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BUDGET_SECONDS = 60.0
BUDGET_BYTES = 1024**3
TARGET = 50 * 1024 * 1024 - 4096


def _codes() -> list[str]:
    from gendermap.config import get_settings
    from gendermap.io.importers import load_reference

    reference = load_reference(get_settings().gpkg_path)
    if reference is None:
        return [str(40000 + i) for i in range(2400)]
    return sorted(set(reference.codes.values()))


def valid_csv(path: Path, max_rows: int | None = None) -> None:
    """Tidy rows, every key unique, women + men = total: accepted, not a problem each.
    At most ``max_rows`` rows (the importer's row limit: ~38 MB of such rows)."""
    from gendermap.io.importers.limits import MAX_ROWS

    limit = max_rows if max_rows is not None else MAX_ROWS
    rows = 0
    indicators = ["illiteracy_15", "upper_secondary_25", "higher_education_25", "widowed_65", "early_marriage_15_19",
                  "aged_65_plus", "older_living_alone", "preschool_3_5", "registered_voters", "employment_15_64"]
    size = 0
    codes = _codes()
    with path.open("w", encoding="utf-8") as out:
        out.write("mahalle_code;indicator;year;sex;numerator;denominator\n")
        for year in range(2007, 2026):
            for indicator in indicators:
                for code in codes:
                    block = f"{code};{indicator};{year};K;10;300\n{code};{indicator};{year};E;20;310\n{code};{indicator};{year};T;30;610\n"
                    if size + len(block) > TARGET or rows + 3 > limit:
                        return
                    out.write(block)
                    size += len(block)
                    rows += 3


def bad_lines_csv(path: Path) -> None:
    line = "41320,bozuk\n"
    with path.open("w", encoding="utf-8") as out:
        out.write("mahalle_code;indicator;year;sex;numerator;denominator\n")
        out.write(line * (TARGET // len(line)))


def million_bad_lines(path: Path) -> None:
    """Just under the row limit, every line bad: checking stops at the problem limit."""
    with path.open("w", encoding="utf-8") as out:
        out.write("mahalle_code;indicator;year;sex;numerator;denominator\n")
        out.write("41320;illiteracy_15;2023;K;bozuk;sayı\n" * 999_990)


def medas_text(path: Path) -> None:
    from gendermap.config import get_settings
    from gendermap.io.importers import load_reference

    reference = load_reference(get_settings().gpkg_path)
    places = sorted(reference.places.items()) if reference is not None else []
    lines = ["||Sütunlar||", "Satırlar||Belediye, köy ve mahalle nüfusları||", "||Erkek|Kadın|", "||||"]
    for year in range(2007, 2024):
        for i, (code, place) in enumerate(places):
            lines.append(f"{year if i == 0 else ''}|{place.province}({place.district}/{place.district} Bel./{place.mahalle})-{code}|{1000 + i % 97}.0|{990 + i % 89}.0|")
    lines.append("|||")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8-sig")


def _zeros_zip(path: Path, size: int, member: str = "veri.csv") -> None:
    chunk = b"0" * (1 << 20)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        with archive.open(member, "w") as handle:
            for _ in range(size // len(chunk)):
                handle.write(chunk)


def lying_zip(path: Path) -> None:
    """1 GB of zeros whose local and central headers both claim 100 bytes."""
    _zeros_zip(path, 1024**3)
    data = bytearray(path.read_bytes())
    struct.pack_into("<I", data, 22, 100)  # local header: uncompressed size
    central = data.rfind(b"PK\x01\x02")
    struct.pack_into("<I", data, central + 24, 100)  # central directory: uncompressed size
    path.write_bytes(bytes(data))


def ratio_bomb(path: Path) -> None:
    _zeros_zip(path, 1024**3)


def bomb_xlsx(path: Path) -> None:
    """A real workbook whose first sheet's XML expands to 1 GB."""
    import openpyxl

    book = openpyxl.Workbook()
    book.active.append(["mahalle_code", "indicator", "year", "sex", "numerator", "denominator"])
    buffer = io.BytesIO()
    book.save(buffer)
    source = zipfile.ZipFile(io.BytesIO(buffer.getvalue()))
    row = b'<row><c t="inlineStr"><is><t>41320</t></is></c></row>'
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as out:
        for info in source.infolist():
            if info.filename == "xl/worksheets/sheet1.xml":
                with out.open(info.filename, "w", force_zip64=True) as handle:
                    handle.write(b'<?xml version="1.0"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>')
                    block = row * ((1 << 20) // len(row))
                    for _ in range(1024):
                        handle.write(block)
                    handle.write(b"</sheetData></worksheet>")
            else:
                out.writestr(info, source.read(info))


def zero_link(path: Path) -> None:
    path.symlink_to("/dev/zero")


def over_rows_csv(path: Path) -> None:
    """~50 MB of valid rows, more than the row limit: refused whole, quickly."""
    valid_csv(path, max_rows=10**9)


FILES = {
    "valid_max_rows.csv": valid_csv,
    "valid_50mb_over_rows.csv": over_rows_csv,
    "bad_lines_50mb.csv": bad_lines_csv,
    "million_bad_lines.csv": million_bad_lines,
    "medas_by_sex.txt": medas_text,
    "lying.zip": lying_zip,
    "ratio_bomb.zip": ratio_bomb,
    "bomb.xlsx": bomb_xlsx,
    "zero_link.csv": zero_link,
}


def measure(path: Path) -> dict[str, object]:
    """Run ``gendermap validate`` on ``path`` in a fresh process: seconds, peak RSS, exit."""
    started = time.perf_counter()
    with open(os.devnull, "wb") as sink:
        child = subprocess.Popen([sys.executable, "-m", "gendermap", "validate", str(path), "--format", "csv"],
                                 cwd=ROOT, stdout=sink, stderr=subprocess.PIPE)
        stderr = child.stderr.read() if child.stderr else b""
        _, status, usage = os.wait4(child.pid, 0)
    seconds = time.perf_counter() - started
    peak = usage.ru_maxrss * 1024  # kilobytes on Linux
    traceback = b"Traceback" in stderr
    return {
        "file": path.name,
        "bytes": path.lstat().st_size,
        "seconds": round(seconds, 2),
        "peak_rss_mb": round(peak / 2**20, 1),
        "exit": os.waitstatus_to_exitcode(status),
        "traceback": traceback,
        "within_budget": seconds <= BUDGET_SECONDS and peak <= BUDGET_BYTES and not traceback,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--keep", type=Path, help="write the files here and keep them")
    parser.add_argument("--only", nargs="*", choices=sorted(FILES))
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="gendermap-upload-") as tmp:
        folder = args.keep or Path(tmp)
        folder.mkdir(parents=True, exist_ok=True)
        runs = []
        for name in args.only or list(FILES):
            path = folder / name
            if path.exists() or path.is_symlink():
                path.unlink()
            made = time.perf_counter()
            FILES[name](path)
            result = measure(path)
            result["generate_seconds"] = round(time.perf_counter() - made - float(result["seconds"]), 2)  # type: ignore[arg-type]
            runs.append(result)
            print(json.dumps(result), file=sys.stderr, flush=True)
    report = {
        "benchmark": "gendermap validate on hostile and large uploads",
        "budget_seconds": BUDGET_SECONDS,
        "budget_rss_mb": BUDGET_BYTES // 2**20,
        "cpus": os.cpu_count(),
        "runs": runs,
        "all_within_budget": all(r["within_budget"] for r in runs),
    }
    print(json.dumps(report, ensure_ascii=False, indent=2))
    return 0 if report["all_within_budget"] else 1


if __name__ == "__main__":
    raise SystemExit(main())
