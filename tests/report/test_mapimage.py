"""The map picture draws the colours it is handed (no second classification), legend, demo mark."""

from __future__ import annotations

import io

import geopandas as gpd
import numpy as np
import shapely
from PIL import Image

from gendermap.report.mapimage import MapPicture, render_picture


def _squares() -> gpd.GeoDataFrame:
    # four 2 km squares near Seferihisar, in a row (lon/lat like the build)
    cells = [shapely.box(26.80 + 0.03 * i, 38.18, 26.82 + 0.03 * i, 38.20) for i in range(4)]
    return gpd.GeoDataFrame({"mahalle": ["Sığacık", "Ürkmez", "Doğanbey", "Gizli"]}, geometry=cells, crs="EPSG:4326")


def _picture(demo: bool) -> MapPicture:
    legend = [{"label": "düşük", "colour": "#ff0000", "count": 1, "kind": "value"},
              {"label": "yüksek", "colour": "#0000ff", "count": 1, "kind": "value"},
              {"label": "Veri yok", "colour": "#00ff00", "count": 1, "kind": "special"}]
    return MapPicture(mahalle=_squares(), fills=["#ff0000", "#0000ff", "#00ff00", None], weak=[False, False, False, False],
                      legend=legend, title="Gösterge — Fark", subtitle="Seferihisar", source="Kaynak: test",
                      legend_title="Lejant", demo=demo)


def _count(img: np.ndarray, rgb: tuple[int, int, int]) -> int:
    return int((np.abs(img[:, :, :3].astype(int) - np.array(rgb)).sum(axis=2) < 30).sum())


def test_picture_shows_the_colours_it_is_given_and_not_the_hidden_polygon() -> None:
    png = render_picture(_picture(demo=False), "tr")
    img = np.asarray(Image.open(io.BytesIO(png)).convert("RGB"))
    assert img.shape[:2] == (1050, 1500)
    red, blue, green = _count(img, (255, 0, 0)), _count(img, (0, 0, 255)), _count(img, (0, 255, 0))
    assert red > 20_000 and blue > 20_000 and green > 20_000  # three polygons painted, big
    # the hidden fourth square is outside the picture's extent: the three fill the map the same
    assert abs(red - blue) < 0.1 * red and abs(blue - green) < 0.1 * blue


def test_demo_mark_only_with_demo_values() -> None:
    def marks(demo: bool) -> int:
        img = np.asarray(Image.open(io.BytesIO(render_picture(_picture(demo), "en"))).convert("RGB"))
        return _count(img[:120, 1000:], (179, 38, 30))  # the mark's red, top right

    assert marks(True) > 200
    assert marks(False) == 0


def test_legend_keys_of_special_classes_are_dashed_like_their_polygons() -> None:
    from gendermap.report.mapimage import _handles

    keys = _handles(_picture(demo=False).legend)
    assert [k.get_linestyle() for k in keys] == ["solid", "solid", "--"]
    assert [k.get_label().split("  ")[0] for k in keys] == ["düşük", "yüksek", "Veri yok"]


def test_faint_polygons_have_the_colour_the_screen_shows() -> None:
    from dataclasses import replace

    from gendermap.palettes import SPECIAL_OPACITY, as_drawn

    png = render_picture(replace(_picture(demo=False), weak=[False, False, True, False]), "tr")
    img = np.asarray(Image.open(io.BytesIO(png)).convert("RGB"))
    seen = as_drawn("#00ff00", SPECIAL_OPACITY)
    rgb = tuple(int(seen[i : i + 2], 16) for i in (1, 3, 5))
    assert _count(img, rgb) > 20_000  # half green over the map's grey, not over the white page
    assert _count(img, (255, 0, 0)) > 20_000
