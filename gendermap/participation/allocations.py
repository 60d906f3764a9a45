"""Reading a workshop's budget allocations: who gave how many of their 100 points to what.

Why a problems table and not an exception: a moderator who typed thirty participants'
sheets into a spreadsheet needs every mistake at once, with the row a spreadsheet shows.
Pure: takes the file's bytes (the caller reads the file), returns a tidy frame and the
project's problems table (:mod:`gendermap.problems`). Bounded: the size and the row count
are capped before anything is parsed further.

Columns: ``participant, criterion, points`` and optionally ``direction``
(``higher_is_priority`` / ``lower_is_priority``, or ``yüksek``/``düşük``, ``high``/``low``)
for criteria whose direction is a matter of opinion. Turkish headers ``katılımcı, ölçüt,
puan, yön`` are accepted too; ``,`` or ``;`` separators; UTF-8 (with or without BOM) or
Windows-1254 (:func:`gendermap.decoding.decode_text`).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence

import pandas as pd

from gendermap.decoding import TextDecodeError, decode_text
from gendermap.focus import CRITERIA, Criterion
from gendermap.numbers import NumberParseError, parse_number
from gendermap.problems import Problem, problems_frame

__all__ = [
    "ALLOCATION_COLUMNS",
    "BUDGET",
    "MAX_BYTES",
    "MAX_PARTICIPANTS",
    "MAX_ROWS",
    "OPINION_CRITERIA",
    "parse_allocations",
    "validate_allocations",
]

BUDGET = 100.0
"""Points each participant distributes (the budget-allocation method)."""
TOLERANCE = 0.01
MAX_BYTES = 2 * 1024 * 1024
MAX_ROWS = 20_000
MAX_PARTICIPANTS = 500
MAX_NAME = 80
OPINION_CRITERIA: tuple[str, ...] = ("index_spread", "women", "coverage", "unreliable_share")
"""Criteria whose direction is a matter of opinion (is thin evidence a reason to go first
or to wait?); the others have one direction that follows from what they measure."""
ALLOCATION_COLUMNS = ["participant", "criterion", "points", "direction"]

_HEADERS = {
    "participant": "participant", "katılımcı": "participant", "katilimci": "participant",
    "criterion": "criterion", "ölçüt": "criterion", "olcut": "criterion",
    "points": "points", "puan": "points",
    "direction": "direction", "yön": "direction", "yon": "direction",
}
_DIRECTION_WORDS = {
    "higher_is_priority": "higher_is_priority", "lower_is_priority": "lower_is_priority",
    "high": "higher_is_priority", "higher": "higher_is_priority", "yüksek": "higher_is_priority",
    "yuksek": "higher_is_priority", "low": "lower_is_priority", "lower": "lower_is_priority",
    "düşük": "lower_is_priority", "dusuk": "lower_is_priority",
}


def _fold(text: str) -> str:
    return text.strip().replace("I", "ı").replace("İ", "i").lower()


def parse_allocations(
    data: bytes, filename: str, specs: Sequence[Criterion] = CRITERIA
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Bytes of an allocations CSV -> (allocations, problems).

    ``allocations`` has one row per (participant, criterion) given, columns
    :data:`ALLOCATION_COLUMNS` (``direction`` None where not given). When ``problems`` has
    any error the allocations must not be used (:func:`validate_allocations` checks the
    budget of each participant too).
    """
    problems: list[Problem] = []

    def bad(row: int, column: str, tr: str, en: str, code: str) -> None:
        problems.append(Problem(filename, row, column, tr, en, code=code))

    empty = pd.DataFrame(columns=ALLOCATION_COLUMNS)
    if len(data) > MAX_BYTES:
        bad(0, "", f"Dosya çok büyük ({len(data) // 1024} KB); en fazla {MAX_BYTES // 1024} KB.",
            f"The file is too large ({len(data) // 1024} KB); at most {MAX_BYTES // 1024} KB.",
            "too_large")
        return empty, problems_frame(problems)
    try:
        text, _ = decode_text(data)
    except TextDecodeError as exc:
        bad(0, "", exc.tr, exc.en, exc.code)
        return empty, problems_frame(problems)
    first = text.split("\n", 1)[0]
    sep = ";" if first.count(";") > first.count(",") else ","
    reader = csv.reader(io.StringIO(text), delimiter=sep)
    try:
        header = next(reader)
    except StopIteration:
        header = []
    except csv.Error as exc:
        bad(1, "", f"Başlık satırı okunamadı: {exc}.", f"The header row cannot be read: {exc}.",
            "bad_csv")
        return empty, problems_frame(problems)
    columns = [_HEADERS.get(_fold(h)) for h in header]
    missing = [c for c in ("participant", "criterion", "points") if c not in columns]
    if not header or missing:
        bad(1, ", ".join(missing) or "", "Gerekli sütun(lar) yok: " + ", ".join(missing or
            ["participant", "criterion", "points"]) + ". Başlık satırı participant,criterion,"
            "points (katılımcı,ölçüt,puan) olmalı.",
            "Missing column(s): " + ", ".join(missing or ["participant", "criterion", "points"])
            + ". The header must be participant,criterion,points.", "missing_column")
        return empty, problems_frame(problems)
    known = {c.id: c for c in specs}
    position = {name: columns.index(name) for name in ALLOCATION_COLUMNS if name in columns}
    rows: list[dict[str, object]] = []
    seen: dict[tuple[str, str], int] = {}
    for number, cells in enumerate(reader, start=2):
        if number - 1 > MAX_ROWS:
            bad(number, "", f"En fazla {MAX_ROWS} satır okunur; dosyanın geri kalanı okunmadı.",
                f"At most {MAX_ROWS} rows are read; the rest of the file was not read.",
                "too_many_rows")
            break
        if not any(c.strip() for c in cells):
            continue

        def cell(name: str, cells: list[str] = cells) -> str:
            i = position.get(name)
            return cells[i].strip() if i is not None and i < len(cells) else ""

        who, crit, raw_points, raw_dir = (cell("participant"), cell("criterion"), cell("points"),
                                          cell("direction"))
        ok = True
        if not who:
            bad(number, "participant", "Katılımcı boş; bir ad ya da numara yazın (anonim olabilir: "
                "K1, K2...).", "Participant is empty; give a name or a number (K1, K2...).",
                "empty_participant")
            ok = False
        elif len(who) > MAX_NAME:
            bad(number, "participant", f"Katılımcı adı {MAX_NAME} karakterden uzun.",
                f"Participant name longer than {MAX_NAME} characters.", "long_participant")
            ok = False
        if crit not in known:
            bad(number, "criterion", f"Bilinmeyen ölçüt '{crit[:60]}'. Ölçütler: "
                + ", ".join(known) + ".", f"Unknown criterion '{crit[:60]}'. Criteria are: "
                + ", ".join(known) + ".", "unknown_criterion")
            ok = False
        points: float | None = None
        try:
            points = parse_number(raw_points, "tr")
        except NumberParseError:
            bad(number, "points", f"Puan bir sayı değil: '{raw_points[:30]}'.",
                f"Points are not a number: '{raw_points[:30]}'.", "not_a_number")
            ok = False
        else:
            if points is None:
                bad(number, "points", "Puan boş.", "Points are empty.", "empty_points")
                ok = False
            elif not 0 <= points <= BUDGET:
                bad(number, "points", f"Puan 0 ile {BUDGET:.0f} arasında olmalı; {raw_points}.",
                    f"Points must be between 0 and {BUDGET:.0f}; got {raw_points}.",
                    "points_range")
                ok = False
        direction: str | None = None
        if raw_dir:
            direction = _DIRECTION_WORDS.get(_fold(raw_dir))
            if direction is None:
                bad(number, "direction", f"Yön anlaşılmadı: '{raw_dir[:30]}' (yüksek ya da düşük "
                    "yazın).", f"Direction not understood: '{raw_dir[:30]}' (write high or low).",
                    "bad_direction")
                ok = False
            elif crit in known and crit not in OPINION_CRITERIA and \
                    direction != known[crit].direction:
                bad(number, "direction", f"'{crit}' ölçütünün yönü görüşe bağlı değil; boş bırakın.",
                    f"The direction of '{crit}' is not a matter of opinion; leave it empty.",
                    "fixed_direction")
                ok = False
        key = (who, crit)
        if ok and key in seen:
            bad(number, "criterion", f"'{who}' bu ölçüte {seen[key]}. satırda zaten puan verdi.",
                f"'{who}' already gave points to this criterion on row {seen[key]}.",
                "duplicate")
            ok = False
        if ok:
            seen[key] = number
            rows.append({"participant": who, "criterion": crit, "points": points,
                         "direction": direction, "_row": number})
    frame = pd.DataFrame(rows, columns=[*ALLOCATION_COLUMNS, "_row"])
    frame["direction"] = frame["direction"].astype(object).where(frame["direction"].notna(), None)
    budget_problems = _budget_problems(frame, filename)
    if frame["participant"].nunique() > MAX_PARTICIPANTS:
        bad(0, "participant", f"En fazla {MAX_PARTICIPANTS} katılımcı.",
            f"At most {MAX_PARTICIPANTS} participants.", "too_many_participants")
    if not problems and frame.empty:
        bad(0, "", "Dosyada hiç puan satırı yok.", "The file has no allocation rows.", "empty")
    return (frame.drop(columns="_row").reset_index(drop=True),
            problems_frame([*problems, *budget_problems]))


def _budget_problems(frame: pd.DataFrame, filename: str) -> list[Problem]:
    out = []
    for who, rows in frame.groupby("participant", sort=False):
        total = float(rows["points"].sum())
        if abs(total - BUDGET) > TOLERANCE:
            out.append(Problem(
                filename, int(rows["_row"].iloc[0]), "points",
                f"'{who}' katılımcısının puanları toplamı {total:g}; {BUDGET:.0f} olmalı.",
                f"The points of participant '{who}' add up to {total:g}; they must add up to "
                f"{BUDGET:.0f}.", code="budget"))
    return out


def validate_allocations(frame: pd.DataFrame, filename: str = "") -> pd.DataFrame:
    """Problems of an allocations frame built in code (the app's form): the budget rule."""
    f = frame.copy()
    f["_row"] = 0
    return problems_frame(_budget_problems(f, filename))
