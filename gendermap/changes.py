"""What an import will change, told before anything is stored.

Pure: frames in, a frame out. The rule is the one the build applies
(:func:`gendermap.demo.apply_real_over_demo`): within an indicator-year real and
demonstration values are never mixed, so once any real row exists for it, every mahalle
the real rows do not cover has no data. New rows replace stored rows with the same key
(mahalle, indicator, year, sex); other stored rows stay.

One row per indicator-year of the new rows (:data:`CHANGE_COLUMNS`):

``mahalle``         coded mahalle known to the map
``real_before``     mahalle with real values now;  ``demo_before`` with demonstration values now
``real_after``      mahalle with real values after the import
``becomes_real``    mahalle that get real values for the first time (``from_demo`` of them
                    replace a demonstration value)
``updated``         mahalle whose earlier real values the import replaces
``demo_after``      mahalle that keep demonstration values (0 once any real value exists)
``loses_demo``      mahalle whose demonstration values go and that get no real value:
                    they become "no data"
``no_data_after``   mahalle with no value at all after the import
"""

from __future__ import annotations

from collections.abc import Iterable

import pandas as pd

__all__ = ["CHANGE_COLUMNS", "CHANGE_LABELS", "KEY", "import_changes"]

KEY = ["mahalle_code", "indicator", "year", "sex"]
UNIT = ["mahalle_code", "indicator", "year"]
CHANGE_COLUMNS = [
    "indicator", "year", "mahalle", "real_before", "demo_before", "real_after", "becomes_real",
    "from_demo", "updated", "demo_after", "loses_demo", "no_data_after",
]

CHANGE_LABELS: dict[str, tuple[str, str]] = {
    "indicator": ("Gösterge", "Indicator"),
    "year": ("Yıl", "Year"),
    "mahalle": ("Haritadaki mahalle", "Mahalle on the map"),
    "real_before": ("Şu an gerçek değerli", "Real values now"),
    "demo_before": ("Şu an örnek verili", "Demo values now"),
    "real_after": ("Sonra gerçek değerli", "Real values after"),
    "becomes_real": ("İlk kez gerçek değer alan", "Get real values for the first time"),
    "from_demo": ("Örnek verinin yerine gerçek değer alan", "Real values replacing demo values"),
    "updated": ("Önceki gerçek değeri yenilenen", "Earlier real values replaced"),
    "demo_after": ("Örnek verisi kalan", "Keep demo values"),
    "loses_demo": ("Örnek verisi gidip 'veri yok' olan", "Lose demo values and get no data"),
    "no_data_after": ("Sonra 'veri yok'", "No data after"),
}
"""Column headers of the preview (Turkish, English), for the app and the command line."""


def _keys(frame: pd.DataFrame, columns: list[str]) -> pd.DataFrame:
    out = frame[columns].copy()
    out["mahalle_code"] = out["mahalle_code"].astype(str)
    out["year"] = pd.to_numeric(out["year"]).astype("int64")
    return out


def _units(frame: pd.DataFrame) -> set[tuple[str, str, int]]:
    keys = _keys(frame, UNIT).drop_duplicates()
    return set(keys.itertuples(index=False, name=None))


def import_changes(
    published: pd.DataFrame,
    stored: pd.DataFrame,
    new: pd.DataFrame,
    codes: Iterable[str] | None = None,
) -> pd.DataFrame:
    """Per indicator-year of ``new``: how many mahalle get real values, keep or lose
    demonstration values, and become "no data" (see the module docstring).

    ``published`` is the current indicator table (``mahalle_code``, ``indicator``,
    ``year``, ``synthetic``): its synthetic rows are the demonstration values shown now.
    ``stored`` and ``new`` are tidy rows (at least :data:`KEY`). ``codes`` are the coded
    mahalle of the map (default: every code in ``published``).
    """
    if new.empty:
        return pd.DataFrame(columns=CHANGE_COLUMNS)
    demo = published[published["synthetic"].astype(bool)]
    universe = {str(c) for c in (codes if codes is not None else published["mahalle_code"].dropna())}
    real_now = _units(stored) if len(stored) else set()
    real_new = _units(new)
    demo_now = _units(demo)
    records = []
    pairs = sorted({(i, y) for _, i, y in real_new})
    for indicator, year in pairs:
        def of(units: set[tuple[str, str, int]], i: str = indicator, y: int = year) -> set[str]:
            return {m for m, ui, uy in units if ui == i and uy == y}

        before_real, incoming = of(real_now), of(real_new)
        before_demo = set() if before_real else of(demo_now)
        after_real = before_real | incoming
        after_demo: set[str] = set()  # any real row ends the demonstration values of the indicator-year
        known = universe | after_real | before_demo
        records.append({
            "indicator": indicator,
            "year": year,
            "mahalle": len(universe),
            "real_before": len(before_real),
            "demo_before": len(before_demo),
            "real_after": len(after_real),
            "becomes_real": len(incoming - before_real),
            "from_demo": len(incoming & before_demo),
            "updated": len(incoming & before_real),
            "demo_after": len(after_demo),
            "loses_demo": len(before_demo - after_real),
            "no_data_after": len(known - after_real - after_demo),
        })
    return pd.DataFrame(records, columns=CHANGE_COLUMNS)
