"""The inbox (originals byte for byte) and the build facts an import is judged against.

Why files here and rows elsewhere: the rows and the import history live in the
monitoring database (:mod:`gendermap.monitor.mapdata`), one transaction per import; the
file a person brought is kept as it came, in ``<var_dir>/inbox/``, named by time, sha256
and the (sanitised) name the person gave, and the database's history entry points at it.
Nothing is copied before the person was allowed to store (a check alone writes nothing).
"""

from __future__ import annotations

import hashlib
import re
import shutil
from datetime import datetime
from pathlib import Path

import pandas as pd

from gendermap.config import Settings

__all__ = [
    "inbox_dir",
    "keep_original",
    "mahalle_provinces",
    "published_units",
    "safe_name",
    "sha256_of",
]

def safe_name(name: str, limit: int, fallback: str) -> str:
    """A file name with no folder parts or markup, kept to its last ``limit`` characters."""
    return re.sub(r"[^\w.\-]+", "_", Path(name).name)[-limit:] or fallback


def sha256_of(source: Path | bytes) -> str:
    digest = hashlib.sha256()
    if isinstance(source, bytes):
        digest.update(source)
        return digest.hexdigest()
    with source.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def inbox_dir(settings: Settings) -> Path:
    return settings.var_dir / "inbox"


def keep_original(source: Path | bytes, name: str, sha: str, now: datetime, settings: Settings) -> Path:
    """Copy the original (a path on disk or an upload's bytes) into the inbox, byte for byte."""
    inbox = inbox_dir(settings)
    inbox.mkdir(parents=True, exist_ok=True)
    target = inbox / f"{now:%Y%m%dT%H%M%S%fZ}_{sha[:16]}_{safe_name(name, 80, 'file')}"
    if isinstance(source, bytes):
        target.write_bytes(source)
    else:
        shutil.copyfile(source, target)
    return target


def mahalle_provinces(gpkg_path: Path) -> pd.Series:
    """Every coded mahalle of the build -> its province code (empty before a build)."""
    if not gpkg_path.exists():
        return pd.Series(dtype="int64", name="province_code")
    import pyogrio

    frame = pyogrio.read_dataframe(gpkg_path, layer="mahalle", columns=["mahalle_code", "province_code"],
                                   read_geometry=False)
    frame = pd.DataFrame(frame).dropna(subset=["mahalle_code"]).drop_duplicates("mahalle_code")
    return frame.set_index(frame["mahalle_code"].astype(str))["province_code"].astype("int64")


def published_units(indicators_path: Path) -> pd.DataFrame:
    """(mahalle_code, indicator, year, synthetic) of the published indicator table: which
    values the maps show now, demonstration or real (empty before a build)."""
    columns = ["mahalle_code", "indicator", "year", "synthetic"]
    if not indicators_path.exists():
        return pd.DataFrame(columns=columns)
    return pd.read_parquet(indicators_path, columns=columns).drop_duplicates()
