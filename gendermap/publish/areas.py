"""Which area a publication is about: one district or one province, found by a typed name.

Names come from people ("seferihisar", "SEFERİHİSAR", "İzmir/Seferihisar", a district
code); they are matched with the project's Turkish-aware keys (:mod:`gendermap.names`),
and a name that matches nothing gets close suggestions in Turkish and English.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass

import numpy as np
import pandas as pd

from gendermap.names import ascii_key, name_key


class PublishError(ValueError):
    """A request a publication cannot serve (unknown area, indicator, no data): a message for people."""


@dataclass(frozen=True)
class Area:
    """A district (``kind = "district"``) or a province; ``code`` is its build code."""

    kind: str
    code: int
    name: str
    province: str
    province_code: int

    def mask(self, places: pd.DataFrame) -> np.ndarray:
        """Rows of the mahalle table inside this area."""
        column = "district_code" if self.kind == "district" else "province_code"
        return (places[column].astype("int64") == self.code).to_numpy()

    @property
    def slug(self) -> str:
        """An ASCII file-name part: "izmir-seferihisar", "balikesir"."""
        parts = [self.province] if self.kind == "province" else [self.province, self.name]
        # only [a-z0-9-]: a name from data can never make a path ("../", "/", NUL)
        return "-".join(re.sub(r"[^a-z0-9]+", "-", ascii_key(p)).strip("-") or "x" for p in parts)


def districts_of(places: pd.DataFrame) -> pd.DataFrame:
    cols = ["district_code", "district", "province", "province_code"]
    return places[cols].drop_duplicates("district_code").sort_values(["province_code", "district"])


def all_districts(places: pd.DataFrame) -> list[Area]:
    """Every district, by province then name."""
    return [
        Area("district", int(str(r.district_code)), str(r.district), str(r.province), int(str(r.province_code)))
        for r in districts_of(places).itertuples()
    ]


def _unknown(kind: str, name: str, known: list[str]) -> PublishError:
    keys = {name_key(k): k for k in known}
    close = difflib.get_close_matches(name_key(name), list(keys), n=4, cutoff=0.6)
    hint = f" Bunu mu demek istediniz: {', '.join(keys[c] for c in close)}?" if close else ""
    what = "ilçe" if kind == "district" else "il"
    return PublishError(f"Bilinmeyen {what}: '{name}'.{hint} (unknown {kind})")


def find_area(places: pd.DataFrame, *, district: str | None = None, province: str | None = None) -> Area:
    """The area a person named; :class:`PublishError` with suggestions otherwise."""
    table = districts_of(places)
    if district is not None:
        text = str(district).strip()
        rows = table
        if text.isdigit():
            hit = rows[rows["district_code"].astype(str) == text]
        else:
            prov = province
            if "/" in text:
                prov, text = (p.strip() for p in text.split("/", 1))
            if prov:
                rows = rows[rows["province"].map(name_key) == name_key(prov)]
            hit = rows[rows["district"].map(name_key) == name_key(text)]
            if hit.empty:
                hit = rows[rows["district"].map(ascii_key) == ascii_key(text)]
        if len(hit) > 1:
            options = ", ".join(f"{r.province}/{r.district}" for r in hit.itertuples())
            raise PublishError(f"'{district}' birden çok ilde var; ili de yazın: {options} (name the province)")
        if hit.empty:
            raise _unknown("district", text, table["district"].astype(str).tolist())
        r = hit.iloc[0]
        return Area("district", int(str(r["district_code"])), str(r["district"]), str(r["province"]), int(str(r["province_code"])))
    if province is not None:
        text = str(province).strip()
        provinces = table.drop_duplicates("province_code")
        if text.isdigit():
            hit = provinces[provinces["province_code"].astype(str) == text]
        else:
            hit = provinces[provinces["province"].map(ascii_key) == ascii_key(text)]
        if hit.empty:
            raise _unknown("province", text, provinces["province"].astype(str).tolist())
        r = hit.iloc[0]
        return Area("province", int(str(r["province_code"])), str(r["province"]), str(r["province"]), int(str(r["province_code"])))
    raise PublishError("Bir ilçe ya da il adı verin. (give a district or a province)")
