"""CSV and XLSX exports of the dashboard tables, labelled when they hold demo values.

Every row built on a demonstration value carries "ÖRNEK VERİ / DEMO DATA" in a
``veri_durumu`` column, and the XLSX gets a note sheet saying so, so the label travels
with the file. The files are written by :mod:`gendermap.tabular`, the project's one
writer: text a spreadsheet would run as a formula (``=``, ``+``, ``-``, ``@``, tab or
carriage return first, also after leading spaces) gets an apostrophe (CSV injection).
"""

from __future__ import annotations

import pandas as pd

from gendermap import DEMO_LABEL
from gendermap.tabular import write_csv, write_xlsx

LABEL_COLUMN = "veri_durumu"
NOTE = (
    "Bu dosyadaki işaretli değerler örnek veridir, gerçek değildir. / "
    "Marked values are demonstration data, not real."
)


def labelled(frame: pd.DataFrame) -> pd.DataFrame:
    """Copy with the demo label column first and times as naive UTC (Excel has no zones)."""
    out = frame.copy()
    demo = out["demo"].astype(bool) if "demo" in out else pd.Series(False, index=out.index)
    out = out.drop(columns=[c for c in ("demo",) if c in out])
    out.insert(0, LABEL_COLUMN, [DEMO_LABEL if d else "" for d in demo])
    for column in out.columns:
        if isinstance(out[column].dtype, pd.DatetimeTZDtype):
            out[column] = out[column].dt.tz_convert("UTC").dt.tz_localize(None)
    return out


def to_csv(frame: pd.DataFrame) -> bytes:
    """For Turkish Excel: UTF-8 with BOM, ';' separated, decimal comma."""
    return write_csv(labelled(frame), excel_tr=True)


def to_xlsx(sheets: dict[str, pd.DataFrame]) -> bytes:
    """One sheet per table, plus a 'Not' sheet with the demo label when any row is demo."""
    any_demo = any(bool(f["demo"].any()) for f in sheets.values() if "demo" in f and len(f))
    out = {name: labelled(frame) for name, frame in sheets.items()}
    if any_demo:
        out["Not"] = pd.DataFrame({"Not": [DEMO_LABEL, NOTE]})
    return write_xlsx(out)
