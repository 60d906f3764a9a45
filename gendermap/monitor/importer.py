"""CSV/XLSX upload of observations: preview every problem first, then save all or nothing.

Same contract as the mahalle importer: problems are a table
(:mod:`gendermap.problems`: file, row, column, problem, problem_en, severity, code) with
the row number a spreadsheet shows (header = 1). Nothing is saved while any row has an
error, so no row a person sent is silently dropped; when it is clean, the whole file is
saved in ONE transaction together with the original bytes (``import_batch``), so a
failure halfway leaves the database exactly as it was.

Columns (Turkish or English headers): belediye/municipality_code, gösterge/indicator_code,
dönem/period, kadın/value_women, erkek/value_men, toplam/value_total, kaynak/source,
not/note. Numbers may use a decimal comma.
"""

from __future__ import annotations

import hashlib
import io
import math
from dataclasses import dataclass, field
from pathlib import PurePath

import pandas as pd

from gendermap.decoding import TextDecodeError, decode_text
from gendermap.monitor.auth import Actor
from gendermap.monitor.errors import InvalidInput, MonitorError
from gendermap.monitor.models import ImportBatch
from gendermap.monitor.store import MonitorStore, ObservationEntry
from gendermap.monitor.validation import read_number
from gendermap.problems import ERROR, WARNING, Problem, empty_problems, has_errors, problems_frame

HEADERS: dict[str, tuple[str, ...]] = {
    "municipality_code": ("municipality_code", "belediye", "belediye_kodu", "municipality"),
    "indicator_code": ("indicator_code", "gosterge", "gösterge", "gösterge_kodu", "indicator"),
    "period": ("period", "donem", "dönem"),
    "value_women": ("value_women", "kadin", "kadın", "women"),
    "value_men": ("value_men", "erkek", "men"),
    "value_total": ("value_total", "toplam", "total"),
    "source": ("source", "kaynak"),
    "note": ("note", "not", "açıklama", "aciklama"),
}
REQUIRED = ("municipality_code", "indicator_code", "period")
MAX_ROWS = 20_000
PREVIEW_COLUMNS = ["row", "municipality_code", "indicator_code", "period", "value_women",
                   "value_men", "value_total", "source", "note", "action", "expected_version"]


@dataclass
class ImportPreview:
    """What would happen: parsed rows with their action (new, update, unchanged) and problems."""

    filename: str
    content: bytes
    rows: pd.DataFrame
    problems: pd.DataFrame = field(default_factory=empty_problems)

    @property
    def ok(self) -> bool:
        return not has_errors(self.problems)


@dataclass(frozen=True)
class ImportResult:
    batch_id: int
    saved: int
    unchanged: int


def _fold(text: object) -> str:
    return str(text).strip().replace("İ", "i").replace("I", "ı").lower().replace(" ", "_")


def _problem(file: str, row: int, column: str, tr: str, en: str, code: str,
             severity: str = ERROR) -> Problem:
    return Problem(file, row, column, tr, en, severity, code)  # type: ignore[arg-type]


def _cell(value: object) -> object:
    """A whole-number spreadsheet cell as an int (a period 2024, not 2024.0); others as given."""
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def read_table(filename: str, content: bytes) -> tuple[pd.DataFrame | None, list[Problem]]:
    """CSV cells as text; XLSX cells as the spreadsheet holds them (a number cell stays a
    number: as text, 12.345 would read as twelve thousand in Turkish). A file that cannot be
    read is one problem on row 0."""
    name = PurePath(filename).name
    suffix = PurePath(filename).suffix.lower()
    try:
        if suffix in (".xlsx", ".xlsm"):
            frame = pd.read_excel(io.BytesIO(content), dtype=object, engine="openpyxl")
            return frame.map(_cell).fillna(""), []
        if suffix not in (".csv", ".txt"):
            return None, [_problem(name, 0, "", f"dosya türü '{suffix}' desteklenmiyor; CSV ya da XLSX yükleyin",
                                   f"file type '{suffix}' not supported; upload CSV or XLSX", "file_type")]
        problems: list[Problem] = []
        try:
            text, encoding = decode_text(content)  # the project's one decoder
        except TextDecodeError as refused:
            return None, [_problem(name, 0, "", refused.tr, refused.en, refused.code)]
        if encoding == "cp1254":
            problems.append(_problem(name, 0, "", "dosya UTF-8 değil; Windows-1254 (Türkçe) olarak okundu",
                                     "file is not UTF-8; read as Windows-1254", "encoding", WARNING))
        frame = pd.read_csv(io.StringIO(text), dtype=str, keep_default_na=False, sep=None,
                            engine="python")
        return frame, problems
    except Exception as error:  # any reader failure becomes a problem, never a crash
        return None, [_problem(name, 0, "", f"dosya okunamadı: {error}", f"cannot read file: {error}",
                               "unreadable")]


def preview_import(store: MonitorStore, actor: Actor, filename: str, content: bytes) -> ImportPreview:
    """Validate an uploaded file against the store without saving anything."""
    name = PurePath(filename).name
    empty = pd.DataFrame(columns=PREVIEW_COLUMNS)
    frame, problems = read_table(filename, content)
    if frame is None:
        return ImportPreview(name, content, empty, problems_frame(problems))
    renames: dict[str, str] = {}
    for column in frame.columns:
        folded = _fold(column)
        for canonical, aliases in HEADERS.items():
            if folded in {_fold(a) for a in aliases}:
                renames[column] = canonical
    frame = frame.rename(columns=renames)
    missing = [c for c in REQUIRED if c not in frame.columns]
    if missing:
        problems.append(_problem(name, 1, ", ".join(missing),
                                 f"gerekli sütun yok: {', '.join(missing)}",
                                 f"required column missing: {', '.join(missing)}", "missing_column"))
    for column in frame.columns:
        if column not in HEADERS:
            problems.append(_problem(name, 1, str(column), f"sütun '{column}' tanınmadı; yok sayılacak",
                                     f"unknown column '{column}' will be ignored", "unknown_column",
                                     WARNING))
    if len(frame) > MAX_ROWS:
        problems.append(_problem(name, 0, "", f"en çok {MAX_ROWS} satır yüklenebilir ({len(frame)})",
                                 f"at most {MAX_ROWS} rows ({len(frame)})", "too_many_rows"))
    if len(frame) == 0:
        problems.append(_problem(name, 0, "", "dosyada veri satırı yok", "no data rows", "empty"))
    if missing or len(frame) > MAX_ROWS:
        return ImportPreview(name, content, empty, problems_frame(problems))

    me = store.whoami(actor)
    rows: list[dict] = []
    seen: dict[tuple[str, str, str], int] = {}
    with store.read() as session:
        for index, record in enumerate(frame.to_dict("records")):
            row = index + 2
            values: dict[str, float | None] = {}
            bad_number = False
            for column in ("value_women", "value_men", "value_total"):
                value, issue, issue_en = read_number(record.get(column))
                values[column] = value
                if issue:
                    bad_number = True
                    problems.append(_problem(name, row, column, issue, issue_en or issue, "not_a_number"))
            entry = ObservationEntry(
                municipality_code=str(record["municipality_code"]).strip(),
                indicator_code=str(record["indicator_code"]).strip(),
                period=str(record["period"]).strip(),
                value_women=values["value_women"], value_men=values["value_men"],
                value_total=values["value_total"],
                source=str(record.get("source", "") or ""), note=str(record.get("note", "") or ""),
            )
            key = (entry.municipality_code, entry.indicator_code, entry.period)
            if key in seen:
                problems.append(_problem(name, row, "period",
                                         f"aynı belediye, gösterge ve dönem {seen[key]}. satırda da var",
                                         f"duplicate of row {seen[key]}", "duplicate"))
            seen.setdefault(key, row)
            if not me.system and me.role != "admin" and entry.municipality_code != me.municipality_code:
                problems.append(_problem(name, row, "municipality_code",
                                         f"'{entry.municipality_code}' için veri girme yetkiniz yok",
                                         "no right to enter data for this municipality", "permission"))
            found, completed = store.observation_problems(session, entry)
            for column, message in found:
                if bad_number and column.startswith("value_") and "gerekli" in message:
                    continue  # already reported as not a number
                problems.append(_problem(name, row, column, message, message, "invalid"))
            latest = store.latest_observation(session, key) if not found else None
            action, expected = "new", 0
            if latest is not None:
                expected = latest.version
                same = latest.status == "active" and all(
                    getattr(latest, c) == completed.get(c) for c in ("value_women", "value_men", "value_total")
                ) and latest.source == entry.source and latest.note == entry.note
                action = "unchanged" if same else "update"
            rows.append({"row": row, **{k: getattr(entry, k) for k in PREVIEW_COLUMNS[1:9]},
                         "action": action, "expected_version": expected})
    return ImportPreview(name, content, pd.DataFrame(rows, columns=PREVIEW_COLUMNS),
                         problems_frame(problems))


def commit_import(store: MonitorStore, actor: Actor, preview: ImportPreview) -> ImportResult:
    """Save a clean preview in one transaction (all rows and the original file, or nothing).

    Raises :class:`InvalidInput` when the preview has errors and
    :class:`~gendermap.monitor.errors.ConflictError` when someone changed a value
    after the preview; in both cases nothing is saved.
    """
    if not preview.ok:
        errors = preview.problems[preview.problems["severity"] == ERROR]
        raise InvalidInput([(f"satır {r.row} {r.column}", str(r.problem)) for r in errors.itertuples()])
    todo = preview.rows[preview.rows["action"] != "unchanged"]
    author = store.whoami(actor).username
    with store.transaction() as session:
        batch = ImportBatch(filename=preview.filename, sha256=hashlib.sha256(preview.content).hexdigest(),
                            content=preview.content, rows_saved=len(todo),
                            created_at=store.clock(), created_by=author)
        session.add(batch)
        session.flush()
        for record in todo.to_dict("records"):
            entry = ObservationEntry(
                record["municipality_code"], record["indicator_code"], record["period"],
                _none(record["value_women"]), _none(record["value_men"]), _none(record["value_total"]),
                source=record["source"], note=record["note"],
            )
            try:
                store.save_observation(actor, entry, int(record["expected_version"]),
                                       session=session, import_id=batch.id)
            except MonitorError as error:
                error.args = (f"satır {record['row']}: {error}",)
                raise
        batch_id = batch.id
    return ImportResult(batch_id=batch_id, saved=len(todo), unchanged=len(preview.rows) - len(todo))


def _none(value: object) -> float | None:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return None
    return float(value)  # type: ignore[arg-type]


def template_csv() -> bytes:
    """An empty upload template with the Turkish headers and one example row."""
    header = "belediye;gösterge;dönem;kadın;erkek;toplam;kaynak;not\n"
    example = "seferihisar;staff_women;2025;250;480;730;İK kayıtları;\n"
    return (header + example).encode("utf-8-sig")
