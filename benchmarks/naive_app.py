"""The baseline for bench_app.py: a naive streamlit-folium page of the same data.

Full-resolution polygons in a ``folium.GeoJson`` with a style function and tooltip,
rebuilt and re-sent on every change, as most examples do. Only the Leaflet
URLs are pointed at the app's static copies so it can run offline like the app.
"""

from __future__ import annotations

from pathlib import Path

import folium
import geopandas as gpd
import pandas as pd
import streamlit as st
from streamlit_folium import st_folium

from gendermap.config import get_settings
from gendermap.maps import LEAFLET, STATIC_URL
from gendermap.ui.assets import ensure_static

st.set_page_config(layout="wide")
ensure_static(Path(__file__).parent / "static")  # Streamlit serves the static/ beside the script
s = get_settings()


@st.cache_data
def frames() -> tuple[gpd.GeoDataFrame, pd.DataFrame]:
    mahalle = gpd.read_file(s.gpkg_path, layer="mahalle").to_crs(4326)
    mahalle["mahalle_code"] = mahalle["mahalle_code"].astype("string")
    ind = pd.read_parquet(s.indicators_path)
    ind["mahalle_code"] = ind["mahalle_code"].astype("string")
    return mahalle, ind[ind["sex"] == "F"]


def start() -> None:
    st.title("Başlangıç")


def harita() -> None:
    st.title("Harita")
    mahalle, ind = frames()
    choice = st.selectbox("Gösterge", sorted(ind["indicator"].unique()), key="naive_indicator")
    values = ind[ind["indicator"] == choice].drop_duplicates("mahalle_code").set_index("mahalle_code")["value"]
    gdf = mahalle[["mahalle", "district", "mahalle_code", "geometry"]].copy()
    gdf["value"] = gdf["mahalle_code"].map(values).astype(float)
    bins = gdf["value"].quantile([0.2, 0.4, 0.6, 0.8]).tolist()
    colours = ["#ffffcc", "#a1dab4", "#41b6c4", "#2c7fb8", "#253494"]


    def style(feature):  # noqa: ANN001, ANN202
        v = feature["properties"]["value"]
        if v is None:
            return {"fillColor": "#d9d9d9", "weight": 0.5, "color": "#fff"}
        return {"fillColor": colours[sum(v > b for b in bins)], "fillOpacity": 0.85, "weight": 0.5, "color": "#fff"}


    m = folium.Map(location=[39, 27.5], zoom_start=8, tiles=None)
    m.default_js, m.default_css = [("leaflet", STATIC_URL + LEAFLET[0])], [("leaflet_css", STATIC_URL + LEAFLET[1])]
    folium.GeoJson(gdf, style_function=style, tooltip=folium.GeoJsonTooltip(["mahalle", "district", "value"])).add_to(m)
    st_folium(m, height=520, use_container_width=True, returned_objects=[])


st.navigation([st.Page(start, title="Başlangıç", url_path="baslangic", default=True),
               st.Page(harita, title="Harita", url_path="harita")], position="top").run()
