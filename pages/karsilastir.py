"""Karşılaştır: 2-6 mahalle or districts side by side, and a bivariate map."""

from __future__ import annotations

import streamlit as st

from gendermap.ui import compare as cmp
from gendermap.ui import components as c

build, view = c.page("page.karsilastir", with_map=True)
st.sidebar.header(c.t("f.filters"))
c.place_filters(build)

level, units = cmp.choose_units(build)
frame = cmp.comparison(build.version, level, tuple(units), view.lang)
c.demo_banner(build.synthetic)
if not 2 <= len(units) <= 6:
    st.info(c.t("c.need"))
else:
    cmp.chart(frame)
    c.table_alternative(frame)

st.subheader(c.t("c.bivariate"))
x, x_sex, y, y_sex = cmp.pair(build)
bv = cmp.bivariate(build.version, x, x_sex, y, y_sex, view.provinces, view.districts, view.lang)
left, right = st.columns([3, 1])
with left:
    c.map_view(build, bv.result.paint, key="bivariate_map", tiles=view.tiles, clickable=False)
with right:
    cmp.bivariate_legend(bv, cmp.axis_label(build.catalogue.get(x).label.get(view.lang), x_sex, view.lang),
                         cmp.axis_label(build.catalogue.get(y).label.get(view.lang), y_sex, view.lang))
c.table_alternative(bv.result.table, key="_bivariate")
