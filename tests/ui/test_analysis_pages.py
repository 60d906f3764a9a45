"""One analysis on the pages: Sentez and Odak show what `gendermap analyse` writes for the
same non-default settings, and the hot-spot tab shows global Moran's I."""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from tests.ui.test_app import open_page

QUERY = {"method": "gap_only", "weights": "education:3", "province": "35"}


def _analyse(build_dir: Path, out: Path, *options: str) -> Path:
    """``gendermap analyse OPTIONS --out OUT`` on ``build_dir``."""
    from gendermap.cli import main

    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("GENDERMAP_BUILD_DIR", str(build_dir))
        assert main(["analyse", *options, "--out", str(out)]) == 0
    return out


PAGE_OPTIONS = ("--method", "gap_only", "--weights", "education=3", "--province", "35")


@pytest.fixture(scope="module")
def analysed(fixture_build_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    return _analyse(fixture_build_dir, tmp_path_factory.mktemp("analysed"), *PAGE_OPTIONS)


@pytest.fixture(scope="module")
def smoothed(fixture_build_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    return _analyse(fixture_build_dir, tmp_path_factory.mktemp("smoothed"), *PAGE_OPTIONS,
                    "--smoothing", "spatial", "--year", "2023")


def _table(at, starts: str) -> pd.DataFrame:
    return next(d.value for d in at.dataframe if any(str(c).startswith(starts) for c in d.value.columns))


@pytest.mark.slow
def test_sentez_shows_what_analyse_writes(app_env: Path, analysed: Path) -> None:
    at = open_page("sentez", QUERY)
    shown = _table(at, "Sıra (seçili").set_index("TÜİK kodu")
    written = pd.read_parquet(analysed / "synthesis.parquet").query("theme == 'overall'").set_index("mahalle_code")
    assert set(shown.index) == set(written.index) and len(shown) < 144  # one province: the area
    written = written.loc[shown.index]
    assert np.array_equal(shown["Endeks"].astype(float), written["score"])  # the number itself, written 70,4
    assert (shown["Sıra (seçili ağırlıklar)"].astype(int) == written["rank"].astype(int)).all()
    assert (shown["Medyan sıra (belirsizlik analizi)"].astype(int) == written["rank_median"].round().astype(int)).all()
    lo, hi = written["rank_p05"].round().astype(int), written["rank_p95"].round().astype(int)
    assert pd.api.types.is_integer_dtype(shown["Sıra aralığı: alt (%5)"])  # numbers, not "a–b" text
    assert (shown["Sıra aralığı: alt (%5)"] == lo).all() and (shown["Sıra aralığı: üst (%95)"] == hi).all()
    assert any(f"{len(shown)} mahalle arasındadır" in c.value for c in at.caption)
    moran = pd.read_parquet(analysed / "moran.parquet").iloc[0]
    assert any("Genel Moran I" in m.value and f"{moran['I']:.3f}".replace(".", ",") in m.value for m in at.markdown)


@pytest.mark.slow
def test_sentez_smoothing_and_year_from_the_link_reach_the_analysis(
    app_env: Path, analysed: Path, smoothed: Path
) -> None:
    at = open_page("sentez", {**QUERY, "ismooth": "spatial", "iyear": "2023"})
    shown = _table(at, "Sıra (seçili").set_index("TÜİK kodu")
    written = pd.read_parquet(smoothed / "synthesis.parquet").query("theme == 'overall'").set_index("mahalle_code")
    written = written.loc[shown.index]
    assert np.array_equal(shown["Endeks"].astype(float), written["score"])  # the number itself, written 70,4
    plain = pd.read_parquet(analysed / "synthesis.parquet").query("theme == 'overall'").set_index("mahalle_code")
    assert not np.allclose(plain.loc[shown.index, "score"], written["score"])
    captions = " ".join(c.value for c in at.caption)
    assert "Komşu mahallelere doğru" in captions and "2023 itibarıyla" in captions


@pytest.mark.slow
def test_sentez_district_index_is_the_analysis_one(app_env: Path, analysed: Path) -> None:
    """District values on the page move with the method and weights: they are what
    `gendermap analyse` writes for the same settings, not the build's default table."""
    at = open_page("sentez", QUERY)
    shown = next(d.value for d in at.dataframe if "İl" in d.value.columns and "Endeks" in d.value.columns)
    written = pd.read_parquet(analysed / "district_synthesis.parquet").query("theme == 'overall'")
    build = pd.read_parquet(app_env / "district_synthesis.parquet").query("theme == 'overall' and method == 'gap_only'")
    names = {f"İlçe {c}": c for c in written["district_code"]}
    shown = shown.assign(code=shown["İlçe"].map(names)).set_index("code")
    written, build = written.set_index("district_code"), build.set_index("district_code")
    assert len(shown) and set(shown.index) <= set(written.index)
    assert np.array_equal(shown["Endeks"].astype(float), written.loc[shown.index, "score"])
    assert (shown["Sıra aralığı: üst (%95)"] == written.loc[shown.index, "rank_p95"].round().astype(int)).all()
    assert not np.allclose(written["score"], build.loc[written.index, "score"])  # the weights moved them
    assert any("ilçe arasındadır" in c.value for c in at.caption)


@pytest.mark.slow
def test_odak_shows_what_analyse_writes(app_env: Path, analysed: Path) -> None:
    at = open_page("odak", QUERY)
    shown = _table(at, "Öncelik puanı")
    written = pd.read_parquet(analysed / "focus.parquet")
    top = written[written["rank"] <= 5]
    assert list(shown.iloc[:, 1]) == list(top["district"])
    assert np.allclose(shown.iloc[:, 3].astype(float), top["score"].round(1))
    text = " ".join(m.value for m in at.markdown)
    assert all(reason in text for reason in top["reason_tr"])  # every reason in full, no double-click


@pytest.mark.slow
def test_report_made_from_odak_uses_the_pages_numbers(app_env: Path, analysed: Path, executable, tmp_path: Path) -> None:
    import subprocess

    at = open_page("odak", QUERY)
    written = pd.read_parquet(analysed / "focus.parquet")
    first = written.iloc[0]
    at.selectbox(key="focus_report_district").set_value(int(first["district_code"])).run()
    at.button(key="make_focus_report").click().run()
    assert not at.exception, [e.message for e in at.exception]
    pdf = tmp_path / "report.pdf"
    pdf.write_bytes(at.session_state["gm_focus_report"][1])
    text = subprocess.run([executable("pdftotext"), "-layout", str(pdf), "-"], capture_output=True, text=True,
                          check=True).stdout
    flat = " ".join(text.split())
    assert f"{len(written)} ilçe arasında 1. sırada ve sayfada seçilen" in flat
    from gendermap.numbers import format_number

    index = pd.read_parquet(analysed / "district_synthesis.parquet").query("theme == 'overall'")
    mine = index.set_index("district_code").loc[int(first["district_code"])]
    assert f"sentez puanı {format_number(mine['score'], 'tr')}" in flat  # the page's district index
    assert " ".join(str(first["reason_tr"]).split())[:60] in flat


@pytest.mark.slow
def test_odak_with_a_district_filter_ranks_only_that_area(app_env: Path, tmp_path: Path) -> None:
    """Issue 9: the Odak page ignored the district filter. Three districts chosen: the page
    ranks those three (the same ranking `gendermap analyse --districts` writes), the map
    shows only them, all three shortlisted, and the legend counts districts, not mahalle."""
    at = open_page("odak", {"districts": "100,101,110", "cweights": "women:2", "cdirs": "mean_index:higher"})
    shown = _table(at, "Öncelik puanı")
    written = pd.read_parquet(_analyse(app_env, tmp_path, "--districts", "100,101,110", "--method", "eige",
                                       "--criteria-weights", "women=2") / "focus.parquet")
    assert set(written["district_code"]) == {100, 101, 110}
    assert list(shown["İlçe"]) == list(written["district"])  # top 5 of 3 = all, same order
    assert any("3 ilçe arasında sıralandı" in c.value for c in at.caption)
    legend = next(m.value for m in [*at.markdown, *at.html] if "Öncelik puanı (parantez" in m.value)
    # the three districts coloured by score and counted once; no class the map does not show
    assert sum(int(n) for n in re.findall(r"\((\d+)\)</span>", legend)) == 3 and "(0)" not in legend
    assert any("Kısa listedeki ilçe (kalın çerçeve)" in m.value and "(3)" in m.value for m in at.markdown)
    assert at.session_state["w_crit_women"] == 2.0 and at.session_state["w_cdir_mean_index"] is True


@pytest.mark.slow
def test_odak_with_one_district_ranks_its_province_and_keeps_it_in_view(app_env: Path) -> None:
    at = open_page("odak", {"districts": "132", "top": "3"})
    shown = _table(at, "Öncelik puanı")
    assert any("6 ilçe arasında sıralandı" in c.value for c in at.caption)  # Balıkesir's six districts
    assert "İlçe 132" in set(shown["İlçe"]) and len(shown) in (3, 4)
    at.radio(key="w_focus_area").set_value("districts").run()
    assert not at.exception, [e.message for e in at.exception]
    assert at.query_params["farea"] in ("districts", ["districts"])
    assert any("Süzgeçte tek ilçe" in i.value for i in at.info)
