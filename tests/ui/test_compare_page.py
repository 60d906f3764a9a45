"""Karşılaştır: the bivariate pair comes from and goes to the link, the legend says which
sex each axis maps, a district filter picks the first units, and a bad link is noted."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.ui.test_app import open_page


def _legend(at) -> str:  # type: ignore[no-untyped-def]
    return next(m.value for m in at.markdown if "↑" in m.value)


@pytest.mark.slow
def test_bivariate_pair_from_the_link(app_env: Path) -> None:
    at = open_page("karsilastir", {"bvx": "illiteracy_15", "bvxsex": "gap", "bvy": "neet_15_24", "bvysex": "M"})
    assert at.selectbox(key="w_bv_x").value == "illiteracy_15" and at.selectbox(key="w_bv_x_sex").value == "gap"
    assert at.selectbox(key="w_bv_y").value == "neet_15_24" and at.selectbox(key="w_bv_y_sex").value == "M"
    legend = _legend(at)
    assert "Fark (kadın − erkek)" in legend and "Erkekler" in legend and "Kadınlar" not in legend


@pytest.mark.slow
def test_bivariate_choice_goes_to_the_link(app_env: Path) -> None:
    at = open_page("karsilastir")
    assert "Kadınlar" in _legend(at)  # default: women's values on both axes, and the legend says so
    at.selectbox(key="w_bv_y_sex").set_value("T").run()
    flat = {k: v[0] if isinstance(v, list) else v for k, v in dict(at.query_params).items()}
    assert flat["bvysex"] == "T" and "bvxsex" not in flat  # women: the default, left out of the link
    assert flat["bvx"] == at.selectbox(key="w_bv_x").value and flat["bvy"] == at.selectbox(key="w_bv_y").value
    assert "Toplam" in _legend(at)


@pytest.mark.slow
def test_unknown_indicator_in_the_link_is_noted(app_env: Path) -> None:
    at = open_page("karsilastir", {"bvx": "no_such_indicator"})
    assert any("no_such_indicator" in i.value for i in at.info)


@pytest.mark.slow
def test_district_filter_chooses_the_first_mahalle(app_env: Path) -> None:
    at = open_page("karsilastir", {"districts": "121"})
    chosen = at.multiselect(key="w_compare_mahalle").value
    assert len(chosen) == 2
    from gendermap.ui import data

    build = data.load()
    assert build is not None
    districts = build.mahalle.set_index("mahalle_code").loc[chosen, "district_code"]
    assert set(districts) == {121}
