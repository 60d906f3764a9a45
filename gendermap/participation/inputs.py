"""What the workshop ranks: the build's focus criteria per district (``focus.parquet``).

The build computes the district criteria with :func:`gendermap.focus.district_criteria` for
the default index; a workshop re-weights those same criteria, so its ranking and the Odak
page's default ranking are the same function over the same table.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from gendermap.config import Settings, get_settings
from gendermap.participation.workshop import criteria_from_focus


class NoFocusTable(FileNotFoundError):
    """The build has no focus table; the message says what to do, in Turkish and English."""


@dataclass(frozen=True)
class FocusInputs:
    criteria: pd.DataFrame
    synthetic: bool
    version: str


def focus_inputs(settings: Settings | None = None) -> FocusInputs:
    """The district criteria of the current build, whether they rest on demo values, and a
    version string (the file's modification time) for caches."""
    settings = settings or get_settings()
    path = settings.build_dir / "focus.parquet"
    if not path.exists():
        raise NoFocusTable(
            "Odak ilçe ölçütleri yok: önce verileri derleyin ('gendermap build'). "
            "(The focus criteria are missing: build the data first.)"
        )
    table = pd.read_parquet(path)
    synthetic = bool(table["synthetic"].astype(bool).any()) if "synthetic" in table else False
    return FocusInputs(criteria_from_focus(table), synthetic, str(path.stat().st_mtime_ns))
