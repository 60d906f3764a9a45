""""Sitenize ekleyin / Embed": the map for other web sites, and the map-only live route.

Why here: Streamlit code lives only in ``gendermap.ui``. The file an association downloads
is :func:`gendermap.publish.embed.render_embed` of the same view (the app's classes, no
network); the ``<iframe>`` points at ``/gomulu`` (``pages/gomulu.py``), which draws the
live map alone -- no sidebar, no navigation -- from the same URL parameters as the Harita
page, so a link and an embed show the same thing.
"""

from __future__ import annotations

from urllib.parse import urlsplit

import streamlit as st

from gendermap import DEMO_LABEL
from gendermap.maps import escape
from gendermap.publish import Area, PublishError, find_area
from gendermap.ui import components, data, nav, state, views
from gendermap.ui.i18n import t

_HIDE_CHROME = """<style>
[data-testid="stHeader"], [data-testid="stSidebar"], [data-testid="stSidebarCollapsedControl"],
[data-testid="stToolbar"], [data-testid="stDecoration"], footer { display: none !important; }
.block-container { padding: 0.4rem 0.6rem 0 0.6rem !important; max-width: 100% !important; }
</style>"""


def _area(build: data.Build, view: state.View) -> Area | None:
    """One district, or one whole province; None when the view shows more."""
    try:
        if len(view.districts) == 1:
            return find_area(build.mahalle, district=str(view.districts[0]))
        if not view.districts and len(view.provinces) == 1:
            return find_area(build.mahalle, province=str(view.provinces[0]))
    except PublishError:
        return None
    return None


def _params(view: state.View, year: int | None) -> dict[str, str]:
    params = {"lang": view.lang, "indicator": view.indicator, "sex": view.sex, "scheme": view.scheme,
              "classes": str(view.classes), "province": ",".join(str(p) for p in view.provinces)}
    if year:
        params["year"] = str(year)
    if view.districts:
        params["districts"] = ",".join(str(d) for d in view.districts)
    return params


def _base_url() -> str:
    try:
        parts = urlsplit(str(st.context.url))
        return f"{parts.scheme}://{parts.netloc}" if parts.netloc else "http://127.0.0.1:8501"
    except Exception:  # noqa: BLE001 - outside a browser session (AppTest) there is no URL
        return "http://127.0.0.1:8501"


def embed_panel(build: data.Build, view: state.View, year: int | None = None) -> None:
    """A popover under the legend: the self-contained HTML file and the iframe snippet of the
    view in ``year`` (the map's vintage)."""
    from gendermap.publish.embed import iframe_snippet, render_embed
    from gendermap.publish.mapdata import area_map

    with st.popover(t("embed.button"), use_container_width=True):
        area = _area(build, view)
        if area is None:
            st.info(t("embed.pick"))
        else:
            key = ("embed", build.version, view.indicator, view.sex, view.scheme, view.classes, area, view.lang, year)
            if view.smooth != "none" or view.reliable:
                st.caption(t("embed.published"))
            if st.button(t("embed.make"), key="gm_embed_make"):
                try:
                    amap = area_map(build.mahalle, build.indicators, build.catalogue, area, view.indicator,
                                    view.sex, view.lang, scheme=view.scheme, k=view.classes, year=year)
                    html = render_embed(amap, build.mahalle.geometry.values[amap.rows], view.lang)
                    st.session_state["gm_embed"] = (key, html.encode("utf-8"))
                except (PublishError, ValueError) as exc:
                    st.error(str(exc))
            made = st.session_state.get("gm_embed")
            if made and made[0] == key:
                st.download_button(t("embed.save"), made[1], file_name=f"{area.slug}-{view.indicator}.html",
                                   mime="text/html", key="gm_embed_dl")
        st.markdown(t("embed.live"))
        width = st.selectbox(t("embed.width"), ["100%", "640", "800", "1000"], key="gm_embed_w")
        height = st.slider(t("embed.height"), 300, 1000, 620, 20, key="gm_embed_h")
        st.code(iframe_snippet(_base_url(), _params(view, year), width, height, title=t("app.title")),
                language="html", wrap_lines=True)


def live_map() -> None:
    """The map alone, for ``<iframe>``: same URL parameters as the Harita page."""
    if not nav.IN_APP.get():
        st.set_page_config(page_title=nav.PAGE_CONFIG["page_title"], page_icon=nav.PAGE_CONFIG["page_icon"],
                           layout="wide", initial_sidebar_state="collapsed")
    st.markdown(_HIDE_CHROME, unsafe_allow_html=True)
    build = data.load()
    if build is None:
        st.warning(t("nobuild"))
        return
    view = state.current()
    ids = [i.id for i in build.catalogue.at_level("mahalle")]
    if view.indicator not in ids:
        first = views.best_covered_indicator(build.indicators, build.catalogue)
        view = state.update(indicator=first.id if first else ids[0])
    result = components.thematic(
        build.version, view.indicator, view.sex, view.scheme, view.classes, view.smooth,
        view.reliable, view.provinces, view.districts, "", view.lang, view.year or None,
    )
    badge = (f' <span style="background:#fff3cd;color:#664d03;border:1px solid #c9a227;padding:1px 6px;'
             f'font-weight:bold;font-size:.85rem">{escape(DEMO_LABEL)}</span>' if result.synthetic else "")
    st.markdown(f"<b>{escape(result.title)}</b>{badge}", unsafe_allow_html=True)
    components.map_view(build, result.paint, key="gomulu_map", tiles=view.tiles, clickable=False)
    with st.expander(t("legend.title")):
        components.legend(result.legend, result.title)
