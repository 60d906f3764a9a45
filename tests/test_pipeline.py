"""The build end to end: on a tiny raw dataset written here, and on the real mirror."""

from __future__ import annotations

import hashlib
import json
import shutil
import subprocess
import sys
from pathlib import Path

import geopandas as gpd
import pandas as pd
import pyogrio
import pytest
from shapely.geometry import box, mapping

from gendermap import pipeline, schemas
from gendermap.config import ROOT, Settings
from gendermap.io.fetch import DEFAULT_BASE_URL, REGISTRY_COLUMNS
from gendermap.pipeline import FLOOR_MAHALLE, FLOOR_POPULATION, BuildValidationError, build

GEO = "o/geo/c0ffee/geojson/separate/"
BOW = [(0, 0), (1, 1), (1, 0), (0, 1), (0, 0)]


def _feature(geom: dict, **props) -> bytes:
    return json.dumps({"type": "FeatureCollection", "features": [
        {"type": "Feature", "properties": props, "geometry": geom}]}).encode()


def _tiny_raw() -> dict[str, tuple[int, str, bytes]]:
    """relpath -> (source, kind, bytes): 2 districts, 4 quarters (one island, one invalid)."""
    files: dict[str, tuple[int, str, bytes]] = {}
    towns = [(455, "Aliağa", box(0, 0, 2, 2)), (128, "Ayvalık", box(10, 10, 12, 12))]
    for tid, name, geom in towns:
        city = 35 if tid == 455 else 10
        files[GEO + f"towns/Town_{tid}.geojson"] = (1, "town", _feature(mapping(geom), name=name, cityId=city, id=tid))
    quarters = [
        (1, "Atatürk Mh.", 455, 35, mapping(box(0, 0, 1, 1))),
        (2, "Camlik Mh.", 455, 35, {"type": "Polygon", "coordinates": [[[1 + x, y] for x, y in BOW]]}),
        (3, "Kırıklar Mh.", 128, 10, mapping(box(10, 10, 11, 11))),
        (4, "Tavşan Adası", 128, 10, mapping(box(11, 11, 12, 12))),
    ]
    for qid, name, tid, city, geom in quarters:
        files[GEO + f"quarters/Quarter_{qid}.geojson"] = (
            1, "quarter", _feature(geom, name=name, cityId=city, townId=tid, quarterId=qid, districtName="Semt"))
    mahalle = (
        "İzmir(Aliağa/Aliağa Bel./Atatürk Mah.)-41320|8758.0|\n"
        "İzmir(Aliağa/Aliağa Bel./Çamlık Mah.)-41321|100.0|\n"
        "Balıkesir(Ayvalık/Ayvalık Bel./Kırklar Mah.)-500|40.0|\n"
        "Adana(Aladağ/Aladağ Bel./Akören Mah.)-176887|980.0|\n"
    )
    files["o/pop/c0ffee/mahalle.csv"] = (2, "tuik_mahalle", b"\xef\xbb\xbf" + mahalle.encode())
    voters = "age,male,female,all,city,district\n18-24,5,6,11,İzmir,Aliağa\n18-24,2,2,4,Balıkesir,Ayvalık\n"
    files["o/vot/c0ffee/data.csv"] = (3, "voters", voters.encode())
    pop = {"data": [
        {"il_adi": "İzmir", "ilceler": [{"ilce_adi": "ALİAĞA", "nufus": "1.003", "erkek_nufus": "500", "kadin_nufus": "503"}]},
        {"il_adi": "Balıkesir", "ilceler": [{"ilce_adi": "AYVALIK", "nufus": "95", "erkek_nufus": "40", "kadin_nufus": "50"}]},
    ]}
    files["o/ilce/c0ffee/il-ilce.json"] = (4, "district_population", json.dumps(pop).encode())
    return files


@pytest.fixture
def tiny_settings(tmp_path: Path) -> Settings:
    mirror = tmp_path / "mirror"
    data = tmp_path / "data"
    (data / "boundaries").mkdir(parents=True)
    rows = []
    for rel, (source, kind, content) in _tiny_raw().items():
        (mirror / rel).parent.mkdir(parents=True, exist_ok=True)
        (mirror / rel).write_bytes(content)
        rows.append((source, kind, DEFAULT_BASE_URL + rel, hashlib.sha256(content).hexdigest(), len(content)))
    pd.DataFrame(rows, columns=list(REGISTRY_COLUMNS)).to_csv(data / "registry.csv", index=False)
    (data / "boundaries" / "aliases.csv").write_text(
        "province,district,mahalle_code,tuik_name,quarter_id,polygon_name,kind,reason\n"
        "Balıkesir,Ayvalık,500,Kırklar Mah.,3,Kırıklar Mh.,rename,spelling\n",
        encoding="utf-8",
    )
    (data / "indicators").mkdir()
    shutil.copy(ROOT / "data" / "indicators" / "catalogue.yaml", data / "indicators" / "catalogue.yaml")
    return Settings(
        data_dir=data, build_dir=tmp_path / "build", var_dir=tmp_path / "var", mirror=mirror,
        cache_dir=tmp_path / "cache",
    )


def test_build_writes_the_contract(tiny_settings: Settings) -> None:
    stages: list[str] = []
    result = build(tiny_settings, progress=lambda stage, done, total, detail: stages.append(stage))
    assert result.ok, result.alias_problems
    assert stages.count("fetch") >= 8
    assert stages[-4:] == ["indicators", "analysis", "validate", "write"]
    assert set(pyogrio.list_layers(result.gpkg_path)[:, 0]) == {"mahalle", "district"}
    mahalle = gpd.read_file(result.gpkg_path, layer="mahalle").set_index("quarter_id")
    assert mahalle.crs.to_epsg() == 4326
    assert mahalle.loc[1, ["mahalle_code", "match_method", "population_2023"]].tolist() == ["41320", "exact", 8758]
    assert mahalle.loc[2, "mahalle_code"] == "41321" and mahalle.loc[2, "match_method"] == "ascii"
    assert mahalle.loc[2].geometry.is_valid  # the bow-tie was repaired
    assert mahalle.loc[3, "match_method"] == "alias"
    island = mahalle.loc[4]
    assert not island["populated"] and pd.isna(island["mahalle_code"])
    assert island["unpopulated_reason"].startswith("island")
    assert mahalle.loc[1, "district"] == "Aliağa" and mahalle.loc[3, "province"] == "Balıkesir"
    district = gpd.read_file(result.gpkg_path, layer="district").set_index("district_code")
    assert district.loc[455, "population_2023"] == 8858
    report = pd.read_csv(result.match_report_path, dtype={"mahalle_code": str})
    assert set(zip(report["side"], report["status"], strict=True)) == {
        ("tuik", "matched_ascii"), ("tuik", "matched_alias"), ("polygon", "unmatched")}
    inputs = pd.read_parquet(result.district_inputs_path)
    assert result.district_problems["problem"].str.contains("toplam").any()  # 40 + 50 != 95 is reported
    assert set(inputs["measure"]) == {"population", "registered_voters"}
    rates = {p.province: (p.mahalle_rate, p.population_rate) for p in result.provinces}
    assert rates == {"İzmir": (1.0, 1.0), "Balıkesir": (1.0, 1.0)}
    names = {p.name for p in result.indicator_paths}
    assert names == {"indicators.parquet", "district_indicators.parquet",
                     "district_indicator_scores.parquet", "indicator_scores.parquet",
                     "province_indicators.parquet"}
    indicators = pd.read_parquet(tiny_settings.indicators_path)
    populated = set(mahalle.loc[mahalle["populated"], "mahalle_code"])
    assert set(indicators["mahalle_code"]) == populated and indicators["synthetic"].all()
    assert {p.name for p in result.analysis_paths} == {
        "synthesis.parquet", "hotspots.parquet", "moran.parquet", "focus.parquet", "district_synthesis.parquet"}
    hotspots = pd.read_parquet(tiny_settings.build_dir / "hotspots.parquet")
    assert set(hotspots["mahalle_code"]) == populated and set(hotspots["method"]) == {"eige", "gap_only", "minmax"}
    assert set(hotspots["cluster"]) <= {"island", "not_significant"}  # 3 mahalle: no LISA, said so
    focus = pd.read_parquet(tiny_settings.build_dir / "focus.parquet")
    assert set(focus["district_code"]) == {455, 128} and focus["rank"].notna().all()
    assert focus["reason_tr"].str.contains("sırada").all() and focus["synthetic"].all()


def test_build_refuses_a_tampered_raw_file(tiny_settings: Settings) -> None:
    from gendermap.io.fetch import ChecksumMismatchError

    assert tiny_settings.mirror is not None
    target = tiny_settings.mirror / "o/pop/c0ffee/mahalle.csv"
    target.write_bytes(target.read_bytes() + b"x")
    with pytest.raises(ChecksumMismatchError, match="mahalle.csv"):
        build(tiny_settings)
    assert not tiny_settings.gpkg_path.exists()


def test_gpkg_is_read_by_ogrinfo(tiny_settings: Settings, executable) -> None:
    ogrinfo = executable("ogrinfo")
    result = build(tiny_settings)
    out = subprocess.run([ogrinfo, "-ro", "-so", "-al", str(result.gpkg_path)], capture_output=True, text=True, check=True)
    assert "Layer name: mahalle" in out.stdout and "Layer name: district" in out.stdout
    assert "mahalle_code: String" in out.stdout and "Feature Count: 4" in out.stdout
    assert "Warning" not in out.stderr


@pytest.mark.data
@pytest.mark.slow
def test_real_build_meets_coverage_floors(mirror: Path, tmp_path: Path) -> None:
    """The real build from the mirror; coverage recomputed from the gpkg against TÜİK."""
    env = {"GENDERMAP_MIRROR": str(mirror), "GENDERMAP_BUILD_DIR": str(tmp_path), "PATH": "/usr/bin:/bin"}
    done = subprocess.run([sys.executable, "-m", "gendermap", "build", "-q"], env=env, cwd=ROOT,
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    mahalle = gpd.read_file(tmp_path / "gendermap.gpkg", layer="mahalle")
    from gendermap.io.medas import read_medas

    tuik_path = next(mirror.glob("furkanipek/turkiye-veritabani/*/rawData/20240301/nufus/mahalle.csv"))
    tuik = read_medas(tuik_path).data
    codes = set(";".join(mahalle["tuik_codes"].dropna()).split(";"))
    for province, count in (("İzmir", 1360), ("Balıkesir", 1166)):
        t = tuik[tuik["province"] == province]
        matched = t["mahalle_code"].isin(codes)
        assert matched.mean() >= FLOOR_MAHALLE
        assert t.loc[matched, "total"].sum() / t["total"].sum() >= FLOOR_POPULATION
        assert (mahalle["province"] == province).sum() == count  # no polygon dropped
    assert mahalle["mahalle_code"].dropna().is_unique
    assert mahalle.geometry.is_valid.all()
    assert mahalle.loc[~mahalle["populated"], "unpopulated_reason"].notna().all()
    assert "İzmir" in done.stdout and "Balıkesir" in done.stdout
    ogrinfo = shutil.which("ogrinfo")
    if ogrinfo is not None:  # the reader test proper is test_gpkg_is_read_by_ogrinfo
        out = subprocess.run([ogrinfo, "-ro", "-so", str(tmp_path / "gendermap.gpkg"), "mahalle"],
                             capture_output=True, text=True, check=True)
        assert "Feature Count: 2526" in out.stdout and "Warning" not in out.stderr


def test_validate_outputs_collects_every_failure(tiny_settings: Settings) -> None:
    from gendermap.pipeline import (
        build_district_layer,
        build_mahalle_layer,
        fetch_raw,
        load_boundaries,
        load_district_inputs,
        load_tuik,
        validate_outputs,
    )

    raw = fetch_raw(tiny_settings)
    quarters, districts = load_boundaries(raw)
    tuik = load_tuik(raw, districts)
    mahalle, result = build_mahalle_layer(quarters, tuik, tiny_settings)
    district = build_district_layer(districts, tuik)
    inputs = load_district_inputs(raw, districts).data
    assert validate_outputs(mahalle, district, result.report, inputs).empty
    broken = mahalle.copy()
    broken.loc[1, "mahalle_code"] = broken.loc[0, "mahalle_code"]  # duplicate key
    broken.loc[2, "geometry"] = None
    broken.loc[0, "populated"] = True
    broken.loc[0, "population_2023"] = pd.NA
    failures = validate_outputs(broken, district, result.report, inputs.assign(count=-1))
    assert {"mahalle", "district_inputs"} <= set(failures["table"])
    checks = " ".join(failures["check"])
    assert "field_uniqueness" in checks or "unique" in checks
    assert "populated_has_code" in checks
    assert "valid polygon" in checks
    assert (failures.loc[failures["table"] == "district_inputs", "column"] == "count").any()


def _snapshot(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())}


def test_every_build_output_has_a_schema(tiny_settings: Settings) -> None:
    build(tiny_settings)
    files = {p.name for p in tiny_settings.build_dir.iterdir()}
    stems = {name.rsplit(".", 1)[0] for name in files} - {"gendermap"}
    layers = set(pyogrio.list_layers(tiny_settings.gpkg_path)[:, 0])
    assert stems | layers == set(schemas.OUTPUTS)
    assert len(files) == 14
    assert not [p for p in tiny_settings.build_dir.parent.iterdir() if p.name.startswith(".build.")]


def test_a_build_that_fails_validation_writes_nothing(
    tiny_settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    build(tiny_settings)
    before = _snapshot(tiny_settings.build_dir)
    compute = pipeline.compute_indicators

    def doubled_year(settings, mahalle, inputs, contiguity=None):  # the same year twice would be summed by a reader
        tables = compute(settings, mahalle, inputs, contiguity)
        tables["indicators"] = pd.concat([tables["indicators"], tables["indicators"].head(1)], ignore_index=True)
        return tables

    monkeypatch.setattr(pipeline, "compute_indicators", doubled_year)
    with pytest.raises(BuildValidationError) as caught:
        build(tiny_settings)
    assert set(caught.value.failures["table"]) == {"indicators"}
    assert "one_row_per_key" in set(caught.value.failures["check"])
    with pytest.raises(BuildValidationError):
        pipeline.refresh_indicators(tiny_settings)
    assert _snapshot(tiny_settings.build_dir) == before
    assert not [p for p in tiny_settings.build_dir.parent.iterdir() if p.name.startswith(".build.")]


def test_a_write_that_breaks_midway_leaves_the_previous_build(
    tiny_settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    build(tiny_settings)
    before = _snapshot(tiny_settings.build_dir)
    real = pd.DataFrame.to_parquet

    def disk_full(self, path, *args, **kwargs):
        if str(path).endswith("focus.parquet"):
            raise OSError(28, "No space left on device")
        return real(self, path, *args, **kwargs)

    monkeypatch.setattr(pd.DataFrame, "to_parquet", disk_full)
    with pytest.raises(OSError, match="No space"):
        build(tiny_settings)
    assert _snapshot(tiny_settings.build_dir) == before
    assert not [p for p in tiny_settings.build_dir.parent.iterdir() if p.name.startswith(".build.")]


def test_refresh_swaps_in_a_complete_build(tiny_settings: Settings, monkeypatch: pytest.MonkeyPatch) -> None:
    build(tiny_settings)
    (tiny_settings.build_dir / "notes").mkdir()
    (tiny_settings.build_dir / "notes" / "kept.txt").write_text("x", encoding="utf-8")
    gpkg = tiny_settings.gpkg_path.read_bytes()
    neighbours = pd.read_parquet(tiny_settings.build_dir / pipeline.CONTIGUITY_FILE)

    def not_again(mahalle):
        raise AssertionError("refresh intersected the polygons again instead of reading the stored neighbours")

    monkeypatch.setattr(pipeline, "mahalle_contiguity", not_again)
    paths = pipeline.refresh_indicators(tiny_settings)
    assert {p.name for p in paths} == {f"{n}.parquet" for n in (*pipeline.INDICATOR_TABLES, *pipeline.ANALYSIS_TABLES)} | {
        pipeline.CONTIGUITY_FILE}
    pd.testing.assert_frame_equal(pd.read_parquet(tiny_settings.build_dir / pipeline.CONTIGUITY_FILE), neighbours)
    assert tiny_settings.gpkg_path.read_bytes() == gpkg
    assert (tiny_settings.build_dir / "district_inputs.parquet").exists()
    assert (tiny_settings.build_dir / "notes" / "kept.txt").read_text(encoding="utf-8") == "x"


def test_analyse_without_options_reproduces_the_build(
    tiny_settings: Settings, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """`gendermap analyse` runs the build's analysis: no options, the same tables exactly."""
    from gendermap.cli import main

    build(tiny_settings)
    monkeypatch.setenv("GENDERMAP_BUILD_DIR", str(tiny_settings.build_dir))
    out = tmp_path / "analysed"
    assert main(["analyse", "--out", str(out)]) == 0
    for name in ("synthesis", "hotspots", "moran", "focus"):
        pd.testing.assert_frame_equal(
            pd.read_parquet(out / f"{name}.parquet"), pd.read_parquet(tiny_settings.build_dir / f"{name}.parquet"))
    assert main(["analyse", "--method", "gap_only", "--weights", "education=3", "--out", str(out)]) == 0
    moved = pd.read_parquet(out / "synthesis.parquet")
    assert set(moved["method"]) == {"gap_only"} and pd.read_parquet(out / "focus.parquet")["method"].eq("gap_only").all()
    smoothed = tmp_path / "smoothed"
    assert main(["analyse", "--method", "eige", "--smoothing", "spatial", "--year", "2025", "--draws", "50",
                 "--permutations", "99", "--out", str(smoothed)]) == 0
    assert set(pd.read_parquet(smoothed / "synthesis.parquet")["method"]) == {"eige"}
    assert main(["analyse", "--year", "1900", "--out", str(out)]) == 1
    assert main(["analyse", "--weights", "education=3,5", "--out", str(out)]) == 1
    assert main(["analyse", "--province", "Ankara", "--out", str(out)]) == 1
    err = capsys.readouterr().err
    assert "AD=SAYI" in err and "'Ankara' bulunamadı" in err
