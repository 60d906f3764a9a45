"""The mahalle the project knows, for judging the codes and names a file gives."""

from __future__ import annotations

import difflib
import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from gendermap.names import ascii_key, name_key

__all__ = ["MahalleReference", "load_reference"]


@dataclass(frozen=True)
class MahalleReference:
    """Known mahalle codes and names of the build, for checking and resolving rows.

    ``codes`` maps every TÜİK code (also codes merged into another polygon by the alias
    table) to the code that keys the map; ``names`` maps (province, district, mahalle)
    name keys to codes (a set: one name may be ambiguous).
    """

    codes: Mapping[str, str]
    names: Mapping[tuple[str, str, str], frozenset[str]]
    loose: Mapping[tuple[str, str, str], frozenset[str]]
    labels: Mapping[tuple[str, str], tuple[str, ...]] = field(default_factory=dict)

    @classmethod
    def from_frame(cls, frame: pd.DataFrame) -> MahalleReference:
        """From the build's mahalle layer (``mahalle_code``, ``tuik_codes``, ``mahalle``,
        ``district``, ``province``); rows without a code (islands) are skipped."""
        codes: dict[str, str] = {}
        names: dict[tuple[str, str, str], set[str]] = {}
        loose: dict[tuple[str, str, str], set[str]] = {}
        labels: dict[tuple[str, str], list[str]] = {}
        for rec in frame.to_dict("records"):
            code = rec.get("mahalle_code")
            if code is None or (isinstance(code, float) and math.isnan(code)):
                continue
            code = str(code)
            codes[code] = code
            for other in str(rec.get("tuik_codes") or "").split(";"):
                if other.strip():
                    codes.setdefault(other.strip(), code)
            p, d, m = (str(rec.get(k) or "") for k in ("province", "district", "mahalle"))
            names.setdefault((name_key(p), name_key(d), name_key(m)), set()).add(code)
            loose.setdefault((ascii_key(p), ascii_key(d), ascii_key(m)), set()).add(code)
            labels.setdefault((ascii_key(p), ascii_key(d)), []).append(m)
        return cls(
            codes=codes,
            names={k: frozenset(v) for k, v in names.items()},
            loose={k: frozenset(v) for k, v in loose.items()},
            labels={k: tuple(v) for k, v in labels.items()},
        )

    def resolve(self, province: str, district: str, mahalle: str) -> tuple[set[str], str]:
        """Codes for a name triple, and close names in that district when none matches."""
        exact = self.names.get((name_key(province), name_key(district), name_key(mahalle)))
        if exact:
            return set(exact), ""
        near = self.loose.get((ascii_key(province), ascii_key(district), ascii_key(mahalle)))
        if near:
            return set(near), ""
        candidates = self.labels.get((ascii_key(province), ascii_key(district)), ())
        close = difflib.get_close_matches(mahalle, candidates, n=3, cutoff=0.6)
        return set(), ", ".join(close)


def load_reference(gpkg_path: str | Path) -> MahalleReference | None:
    """The build's mahalle layer as a :class:`MahalleReference`, or None before a build."""
    path = Path(gpkg_path)
    if not path.exists():
        return None
    import pyogrio

    columns = ["mahalle_code", "tuik_codes", "mahalle", "district", "province"]
    frame = pyogrio.read_dataframe(path, layer="mahalle", columns=columns, read_geometry=False)
    return MahalleReference.from_frame(pd.DataFrame(frame))

