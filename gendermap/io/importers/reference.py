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
class Place:
    """Where a TÜİK code lies: province, district and mahalle name as TÜİK writes them."""

    province: str
    district: str
    mahalle: str


@dataclass(frozen=True)
class MahalleReference:
    """Known mahalle codes and names of the build, for checking and resolving rows.

    ``codes`` maps every TÜİK code on the map (also codes merged into another polygon by
    the alias table) to the code that keys the map; ``members`` lists, for a map code
    that holds several TÜİK codes, all of them (their counts are summed into the polygon);
    ``unjoined`` are 2023 TÜİK codes the build knows but has no polygon for (the match
    report and ``known_unmatched.csv``); ``places`` says where every known code lies.
    ``names`` maps (province, district, mahalle) name keys to codes (a set: one name may
    be ambiguous); ``districts`` are the (province, district) name keys covered, and
    ``provinces`` the covered provinces by name key.
    """

    codes: Mapping[str, str]
    names: Mapping[tuple[str, str, str], frozenset[str]]
    loose: Mapping[tuple[str, str, str], frozenset[str]]
    labels: Mapping[tuple[str, str], tuple[str, ...]] = field(default_factory=dict)
    members: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    unjoined: frozenset[str] = frozenset()
    places: Mapping[str, Place] = field(default_factory=dict)
    districts: frozenset[tuple[str, str]] = frozenset()
    provinces: Mapping[str, str] = field(default_factory=dict)

    @classmethod
    def from_frame(cls, frame: pd.DataFrame, unjoined: pd.DataFrame | None = None) -> MahalleReference:
        """From the build's mahalle layer (``mahalle_code``, ``tuik_codes``, ``mahalle``,
        ``district``, ``province``; rows without a code, islands, are skipped) and the TÜİK
        rows of the match report (``mahalle_code``, ``province``, ``district``, ``name``,
        ``status``): names of merged codes, and the codes with no polygon."""
        codes: dict[str, str] = {}
        names: dict[tuple[str, str, str], set[str]] = {}
        loose: dict[tuple[str, str, str], set[str]] = {}
        labels: dict[tuple[str, str], list[str]] = {}
        members: dict[str, tuple[str, ...]] = {}
        places: dict[str, Place] = {}
        districts: set[tuple[str, str]] = set()
        provinces: dict[str, str] = {}
        for rec in frame.to_dict("records"):
            p, d, m = (str(rec.get(k) or "") for k in ("province", "district", "mahalle"))
            if p:
                provinces.setdefault(name_key(p), p)
                districts.add((name_key(p), name_key(d)))
            code = rec.get("mahalle_code")
            if code is None or (isinstance(code, float) and math.isnan(code)):
                continue
            code = str(code)
            codes[code] = code
            places[code] = Place(p, d, m)
            merged = [c.strip() for c in str(rec.get("tuik_codes") or "").split(";") if c.strip()]
            for other in merged:
                codes.setdefault(other, code)
                places.setdefault(other, Place(p, d, m))
            if len(set(merged) | {code}) > 1:
                members[code] = tuple(sorted(set(merged) | {code}))
            names.setdefault((name_key(p), name_key(d), name_key(m)), set()).add(code)
            loose.setdefault((ascii_key(p), ascii_key(d), ascii_key(m)), set()).add(code)
            labels.setdefault((ascii_key(p), ascii_key(d)), []).append(m)
        without_polygon: set[str] = set()
        for rec in (unjoined.to_dict("records") if unjoined is not None else []):
            code = str(rec.get("mahalle_code") or "").split(".")[0].strip()
            if not code:
                continue
            place = Place(*(str(rec.get(k) or "") for k in ("province", "district", "name")))
            places[code] = place  # TÜİK's own name, also for codes merged into a polygon
            if code not in codes:
                without_polygon.add(code)
        return cls(
            codes=codes,
            names={k: frozenset(v) for k, v in names.items()},
            loose={k: frozenset(v) for k, v in loose.items()},
            labels={k: tuple(v) for k, v in labels.items()},
            members=members,
            unjoined=frozenset(without_polygon),
            places=places,
            districts=frozenset(districts),
            provinces=provinces,
        )

    def covers(self, province: str, district: str | None = None) -> bool:
        """The province (and district) is one the project maps."""
        if district is None:
            return name_key(province) in self.provinces
        return (name_key(province), name_key(district)) in self.districts

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
    """The build's mahalle layer (and the match report beside it) as a
    :class:`MahalleReference`, or None before a build."""
    path = Path(gpkg_path)
    if not path.exists():
        return None
    import pyogrio

    columns = ["mahalle_code", "tuik_codes", "mahalle", "district", "province"]
    frame = pyogrio.read_dataframe(path, layer="mahalle", columns=columns, read_geometry=False)
    report_path = path.parent / "match_report.csv"
    unjoined = None
    if report_path.is_file():
        report = pd.read_csv(report_path, dtype=str, keep_default_na=False)
        unjoined = report[report["side"] == "tuik"]
    return MahalleReference.from_frame(pd.DataFrame(frame), unjoined)
