"""Pure parts behind the map page: legend counts of what is shown, label points, landing gaps."""

from __future__ import annotations

import numpy as np
import pandas as pd
import shapely

from gendermap.catalogue import Catalogue
from gendermap.classify import classify
from gendermap.config import ROOT
from gendermap.io.catalogue_file import load_catalogue
from gendermap.ui import assets, landing, views


def test_legend_counts_only_the_shown_polygons() -> None:
    values = pd.Series([0.1, 0.2, 0.3, 0.4, 0.5, np.nan])
    cls = classify(values, "quantiles", 5, special=pd.Series(["ok"] * 5 + ["suppressed"]))
    everything = views.legend_rows(cls, "tr")
    assert sum(r["count"] for r in everything) == 6
    shown = np.array([True, True, False, False, False, False])
    rows = views.legend_rows(cls, "tr", shown)
    value_rows = [r for r in rows if r["kind"] == "value"]
    assert len(value_rows) == len([r for r in everything if r["kind"] == "value"])  # bins stay visible
    assert sum(r["count"] for r in rows) == 2
    assert all(r["kind"] == "value" for r in rows)  # the suppressed polygon is not shown: no row for it


def test_label_points_lie_inside_concave_polygons() -> None:
    crescent = shapely.box(0, 0, 10, 10).difference(shapely.box(2, 2, 10, 8))
    pts = assets.label_points([crescent, shapely.Polygon()], step=0.01)
    assert pts[1] is None
    x, y = pts[0]
    assert crescent.contains(shapely.Point(x * 0.01, y * 0.01))


def _catalogue() -> Catalogue:
    return load_catalogue(ROOT / "data" / "indicators" / "catalogue.yaml")


def test_largest_gaps_are_ranked_by_size_and_say_who_is_behind() -> None:
    cat = _catalogue()
    ids = [i.id for i in cat.indicators if i.unit == "percent" and i.by_sex][:4]
    rows = []
    for ind, (f, m) in zip(ids, [(0.30, 0.70), (0.50, 0.52), (0.80, 0.60), (0.10, 0.11)], strict=True):
        for sex, v in (("F", f), ("M", m)):
            rows.append({"district_code": 470, "indicator": ind, "year": 2023, "sex": sex, "value": v,
                         "flag": "ok", "synthetic": True})
    rows.append({"district_code": 471, "indicator": ids[0], "year": 2023, "sex": "F", "value": 0.0,
                 "flag": "ok", "synthetic": True})  # another district: not in the area
    gaps = landing.largest_gaps(pd.DataFrame(rows), "district_code", {470: "Seferihisar"}, [470], cat, "tr")
    assert [g.indicator for g in gaps] == [ids[0], ids[2], ids[1]]
    assert round(gaps[0].gap_points, 6) == -40.0
    first = cat.get(ids[0])
    assert gaps[0].against_women == (first.direction == "higher_is_better")
    text = landing.sentence(gaps[0], "tr")
    assert text.startswith("Seferihisar — ") and "%30" in text and "40,0 puan" in text
    assert "40.0 points" in landing.sentence(gaps[0], "en")


def test_largest_gaps_skip_withheld_values() -> None:
    cat = _catalogue()
    ind = next(i.id for i in cat.indicators if i.unit == "percent" and i.by_sex)
    rows = pd.DataFrame([
        {"province_code": 35, "indicator": ind, "year": 2023, "sex": "F", "value": np.nan, "flag": "suppressed", "synthetic": True},
        {"province_code": 35, "indicator": ind, "year": 2023, "sex": "M", "value": 0.5, "flag": "ok", "synthetic": True},
    ])
    assert landing.largest_gaps(rows, "province_code", {35: "İzmir"}, [35], cat, "tr") == []


def test_compare_starts_inside_the_filter(app_env) -> None:  # type: ignore[no-untyped-def]
    from gendermap.ui import compare, data, state

    build = data.load()
    assert build is not None
    one = int(build.district["district_code"].iloc[-1])
    units = compare.default_units(build, state.View(districts=(one,)), "mahalle")
    assert len(units) == 2
    inside = set(build.mahalle.loc[build.mahalle["district_code"] == one, "mahalle_code"].astype(str))
    assert set(units) <= inside
    assert compare.default_units(build, state.View(districts=(one,)), "district") == [str(one)]


def test_geometry_is_also_written_gzipped_and_kept_in_step(tmp_path) -> None:  # type: ignore[no-untyped-def]
    import gzip
    import os

    url, size = assets.write_geometry({"step": 0.01, "mahalle": {"shapes": [[[0, 0, 1, 0, 0, 1]]]}}, "v1", tmp_path)
    target = assets.geometry_target("v1", tmp_path)
    gz = target.with_name(target.name + ".gz")
    assert url.endswith(target.name) and size == target.stat().st_size
    assert gzip.decompress(gz.read_bytes()) == target.read_bytes()
    target.write_text('{"step": 0.02}')  # a newer JSON (another app version wrote it): the .gz follows
    os.utime(gz, (1, 1))
    assert assets.existing_geometry("v1", tmp_path) is not None
    assert gzip.decompress(gz.read_bytes()) == b'{"step": 0.02}'


def test_catalogue_parsed_once_per_file_version_and_callers_get_their_own_copy(tmp_path) -> None:  # type: ignore[no-untyped-def]
    from gendermap.io import catalogue_file

    path = tmp_path / "c.yaml"
    path.write_text("a: [1, 2]\n", encoding="utf-8")
    first = catalogue_file._parsed_yaml(path, path.read_text())
    first["a"].append(3)
    assert catalogue_file._parsed_yaml(path, path.read_text()) == {"a": [1, 2]}
    path.write_text("a: [5]\nb: 1\n", encoding="utf-8")
    assert catalogue_file._parsed_yaml(path, path.read_text()) == {"a": [5], "b": 1}


def test_bivariate_no_data_and_no_residents_are_classes_of_their_own(app_env, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """Not the map's light no-data grey (NO_DATA), which matched the grid's grey low/low corner."""
    from dataclasses import replace

    from gendermap import palettes
    from gendermap.ui import compare, data

    build = data.load()
    assert build is not None
    mahalle = build.mahalle.copy()
    mahalle.loc[mahalle.index[:3], "populated"] = False  # e.g. a port: nobody lives there
    monkeypatch.setattr(data, "load", lambda: replace(build, mahalle=mahalle))
    compare.bivariate.clear()
    ids = [i.id for i in build.catalogue.at_level("mahalle") if i.is_rate]
    provinces = tuple(sorted(int(p) for p in mahalle["province_code"].unique()))
    b = compare.bivariate(build.version, ids[0], "F", ids[1], "F", provinces, (), "tr")
    compare.bivariate.clear()
    paint = b.result.paint
    classes = np.asarray(paint.classes)
    assert paint.n_value == 9 and (classes >= 0).all()  # drawn faint and dashed, in colours sent with the paint
    assert list(classes[:3]) == [compare.NO_RESIDENTS] * 3
    assert paint.colours[compare.NO_RESIDENTS] == palettes.SPECIAL_COLOURS["no_residents"]
    assert paint.tips[0] == "yerleşik nüfus yok"
    no_value = classes == compare.NO_VALUE  # the fixture withholds some small counts
    assert no_value.any() and paint.colours[compare.NO_VALUE] == palettes.BIVARIATE_NO_DATA
    assert [(r["label"], r["count"], r["colour"]) for r in b.specials] == [
        ("Veri yok (en az bir göstergede)", int(no_value.sum()), palettes.BIVARIATE_NO_DATA),
        ("Yerleşik nüfus yok", 3, palettes.SPECIAL_COLOURS["no_residents"]),
    ]


def test_legend_swatch_of_a_special_class_is_dashed(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """"No residents" next to a near-white parity class: the border tells them apart too."""
    from gendermap.ui import components

    shown: list[str] = []
    monkeypatch.setattr(components.st, "html", lambda text, **_: shown.append(text))
    components.legend([{"label": "0 ± 1", "colour": "#f7f7f7", "count": 4, "kind": "value"},
                       {"label": "Yerleşik nüfus yok", "colour": "#bdb0a2", "count": 2, "kind": "special"}], "Lejant")
    parity, nobody = shown[0].split("<div style=\"margin:2px 0\">")[1:]
    assert "#f7f7f7" in parity and "border:1px solid" in parity
    assert "#bdb0a2" in nobody and "border:1px dashed" in nobody
