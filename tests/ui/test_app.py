"""Streamlit AppTest: every page loads, and the main interactions change what is shown."""

from __future__ import annotations

import io
import json
import re
from pathlib import Path

import geopandas as gpd
import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from gendermap import DEMO_LABEL

APP = str(Path(__file__).resolve().parents[2] / "app.py")
PAGES = ["harita", "sentez", "karsilastir", "odak", "veri", "yontem"]
TITLES = ["Harita", "Sentez", "Karşılaştır", "Odak ilçeler", "Veri", "Yöntem"]


def open_page(page: str, query: dict[str, str] | None = None) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=240)
    for k, v in (query or {}).items():
        at.query_params[k] = v
    if page != "harita":
        at.switch_page(f"pages/{page}.py")
    at.run()
    assert not at.exception, [e.message for e in at.exception]
    return at


@pytest.mark.slow
@pytest.mark.parametrize(("page", "title"), list(zip(PAGES, TITLES, strict=True)))
def test_every_page_loads_with_title_and_demo_banner(app_env: Path, page: str, title: str) -> None:
    at = open_page(page)
    assert [t.value for t in at.title] == [title]
    assert any(DEMO_LABEL in w.value for w in at.warning)


@pytest.mark.slow
def test_english_switch(app_env: Path) -> None:
    at = open_page("harita")
    at.sidebar.toggle[0].set_value(True).run()
    assert [t.value for t in at.title] == ["Map"]
    assert at.query_params["lang"] in ("en", ["en"])


@pytest.mark.slow
def test_district_filter_changes_the_mapped_data(app_env: Path) -> None:
    at = open_page("harita")
    assert not at.dataframe  # the table waits behind its switch
    at.toggle(key="gm_table_map.table").set_value(True).run()
    before = at.dataframe[0].value
    districts = at.sidebar.multiselect[1]
    label = districts.options[0]  # fixture districts are named "İlçe <code>"
    districts.select(int(label.split()[-1])).run()
    after = at.dataframe[0].value
    assert 0 < len(after) < len(before)
    assert set(after["İlçe"]) == {label}
    assert at.query_params["districts"]


@pytest.mark.slow
def test_indicator_change_changes_legend_and_url(app_env: Path) -> None:
    at = open_page("harita")
    legend_before = [m.value for m in [*at.markdown, *at.html] if "Lejant" in m.value or "aria-label" in m.value]
    box = at.sidebar.selectbox[1]
    box.select_index(1 if box.index == 0 else 0).run()
    legend_after = [m.value for m in [*at.markdown, *at.html] if "aria-label" in m.value]
    assert legend_before != legend_after
    assert "indicator" in at.query_params


@pytest.mark.slow
def test_url_reopens_the_view(app_env: Path) -> None:
    at = open_page("harita", {"sex": "M", "classes": "4", "lang": "en"})
    assert [t.value for t in at.title] == ["Map"]
    assert at.sidebar.radio[0].value == "M"
    assert at.radio(key="w_classes").value == 4


@pytest.mark.slow
def test_weights_change_ranks(app_env: Path) -> None:
    def ranks(at: AppTest) -> pd.Series:
        table = next(d.value for d in at.dataframe if any(str(c).startswith("Sıra (seçili") for c in d.value.columns))
        col = next(c for c in table.columns if str(c).startswith("Sıra (seçili"))
        return table.set_index("TÜİK kodu")[col]

    at = open_page("sentez")
    before = ranks(at)
    at.sidebar.select_slider[0].set_value(0.0).run()
    at.sidebar.select_slider[1].set_value(3.0).run()
    after = ranks(at)
    assert not before.sort_index().equals(after.sort_index())
    assert "weights" in at.query_params


def _ranks(at: AppTest) -> pd.Series:
    table = next(d.value for d in at.dataframe if any(str(c).startswith("Sıra (seçili") for c in d.value.columns))
    col = next(c for c in table.columns if str(c).startswith("Sıra (seçili"))
    return table.set_index("TÜİK kodu")[col].sort_index()


@pytest.mark.slow
def test_indicator_weight_changes_ranks_and_survives_the_url(app_env: Path) -> None:
    at = open_page("sentez")
    before = _ranks(at)
    at.select_slider(key="w_wi_illiteracy_15").set_value(0.0).run()
    assert not at.exception
    after = _ranks(at)
    assert not before.equals(after)
    assert "illiteracy_15:0" in "".join(at.query_params["weights"])
    again = open_page("sentez", {"weights": "illiteracy_15:0"})
    assert again.select_slider(key="w_wi_illiteracy_15").value == 0.0
    assert _ranks(again).equals(after)
    reset = open_page("sentez", {"weights": "illiteracy_15:1"})
    assert _ranks(reset).equals(before)


@pytest.mark.slow
@pytest.mark.parametrize(
    ("weights", "message"),
    [
        ("demography:0,education:0,family:0,participation:0,services:0,work:0", "Tüm tema ağırlıkları sıfır"),
        ("older_living_alone:0", "tüm göstergelerinin ağırlığı sıfır"),
    ],
)
def test_impossible_weights_show_a_message(app_env: Path, weights: str, message: str) -> None:
    at = open_page("sentez", {"weights": weights})
    assert not at.exception
    assert any(message in w.value for w in at.warning)
    assert not any(str(c).startswith("Sıra (seçili") for d in at.dataframe for c in d.value.columns)
    at.select_slider(key="w_wt_family").set_value(1.0).run() if "family" in weights else \
        at.select_slider(key="w_wi_older_living_alone").set_value(1.0).run()
    assert not at.exception
    assert not any(message in w.value for w in at.warning)
    assert len(_ranks(at)) > 0


@pytest.mark.slow
def test_geopackage_download_reads_back(app_env: Path) -> None:
    """One click: the button names the area and the day; the file it makes reads back."""
    from datetime import date

    from gendermap.ui import data, datapage, state

    at = open_page("veri")
    assert not at.exception
    labels = [b.label for b in at.get("download_button")]
    assert any(label.endswith(f"-{date.today().isoformat()}.gpkg") for label in labels), labels
    build = data.load()
    assert build is not None
    view = state.View()
    content, _, _, sidecar = datapage.export_file(build.version, "gpkg", view.provinces, view.districts, view.method)
    frame = gpd.read_file(io.BytesIO(content))
    assert len(frame) == 144
    assert (frame["data_label"] == DEMO_LABEL).all()
    meta = json.loads(sidecar)
    assert meta["synthetic"] is True and meta["demo_label"] == DEMO_LABEL


def test_download_name_is_the_area_and_the_day(app_env: Path) -> None:
    from datetime import date

    from gendermap.ui import data, datapage, state

    build = data.load()
    assert build is not None
    one = int(build.district["district_code"].iloc[0])
    day = date(2026, 12, 1)
    name = datapage.download_name(build, state.View(districts=(one,)), "gpkg", day)
    assert name.endswith("-2026-12-01.gpkg") and re.fullmatch(r"[a-z0-9-]+\.gpkg", name), name
    assert datapage.download_name(build, state.View(provinces=(35,)), "csv", day) == "izmir-2026-12-01.csv"


@pytest.mark.slow
def test_choices_survive_moving_between_pages(app_env: Path) -> None:
    at = open_page("harita")
    at.sidebar.radio[0].set_value("M").run()
    at.sidebar.multiselect[0].set_value([35]).run()
    at.switch_page("pages/sentez.py").run()
    assert not at.exception
    assert at.sidebar.multiselect[0].value == [35]
    at.switch_page("pages/harita.py").run()
    assert at.sidebar.radio[0].value == "M"
    assert at.sidebar.multiselect[0].value == [35]
    at.toggle(key="gm_table_map.table").set_value(True).run()
    assert set(at.dataframe[0].value["İl"]) == {"İzmir"}


@pytest.mark.slow
def test_map_table_sorts_numbers_as_numbers(app_env: Path) -> None:
    """Values stay numbers (a Styler writes them the Turkish way), so sorting is numeric."""
    at = open_page("harita")
    at.toggle(key="gm_table_map.table").set_value(True).run()
    table = at.dataframe[0].value
    value_col = next(c for c in table.columns if str(c).startswith("Değer"))
    assert pd.api.types.is_float_dtype(table[value_col])
    assert pd.api.types.is_integer_dtype(table["Sıra"]) if "Sıra" in table else True


@pytest.mark.slow
def test_search_opens_a_mahalle_and_a_district(app_env: Path) -> None:
    at = open_page("harita")
    options = at.selectbox(key="gm_search").options
    m = next(i for i, o in enumerate(options) if " · " in o and "(ilçe, " not in o)  # a mahalle
    at.selectbox(key="gm_search").select_index(m).run()
    assert at.query_params["mahalle"]
    from gendermap.ui.views import markdown_text

    name = markdown_text(options[m].split(" · ")[0])  # the heading writes the name literally
    assert any(name in h.value for h in at.subheader)  # the panel is open
    d = next(i for i, o in enumerate(options) if "(ilçe, " in o)
    at.selectbox(key="gm_search").select_index(d).run()
    assert at.query_params["districts"]
    assert at.sidebar.multiselect[1].value  # the district filter follows the search


def test_turkish_excel_csv_has_turkish_headers_semicolons_and_a_dictionary(app_env: Path) -> None:
    from gendermap.ui import data, datapage, state

    build = data.load()
    assert build is not None
    view = state.View()
    table, dictionary = datapage.turkish_excel(build.version, view.provinces, view.districts, view.method)
    text = table.decode("utf-8-sig")
    header = text.splitlines()[0].split(";")
    assert header[:3] == ["Poligon no", "Mahalle kodu", "Mahalle"]
    assert any(h.endswith("– Kadın (%)") for h in header)
    assert not any("_F" in h for h in header)  # no English column ids
    assert re.search(r";\d+,\d+", text)  # decimal commas
    words = dictionary.decode("utf-8-sig")
    assert words.splitlines()[0] == "Sütun;Açıklama;Birim;Kaynak"
    assert "ÖRNEK VERİ" in words


@pytest.mark.slow
@pytest.mark.parametrize(("page", "preloads"), [("harita", True), ("sentez", True), ("veri", False), ("yontem", False)])
def test_only_pages_with_a_map_preload_its_geometry(app_env: Path, page: str, preloads: bool) -> None:
    at = open_page(page)
    found = any('rel="preload"' in m.value and ".json.gz" in m.value for m in at.markdown)
    assert found == preloads
