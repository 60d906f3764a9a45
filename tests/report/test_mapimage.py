"""The map picture draws the colours it is handed (no second classification), legend, demo mark,
and names that never overlap."""

from __future__ import annotations

import io

import geopandas as gpd
import numpy as np
import pytest
import shapely
from matplotlib.transforms import Bbox
from PIL import Image

from gendermap.config import get_settings
from gendermap.report.mapimage import MapPicture, draw_picture, render_picture
from tests.conftest import need
from tests.report.labelboxes import clashes, drawn_names


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


# -- names never overlap (issue 11: İzmir's centre printed Karabağlar over Gaziemir) --------------------------

def _drawn_names(pic: MapPicture) -> dict[str, Bbox]:
    return drawn_names(draw_picture(pic, "tr"))


def _assert_apart(boxes: dict[str, Bbox]) -> None:
    assert clashes(boxes) == []


def _painted(mahalle: gpd.GeoDataFrame, districts: gpd.GeoDataFrame | None = None) -> MapPicture:
    return MapPicture(mahalle=mahalle, fills=["#b2abd2"] * len(mahalle), weak=[False] * len(mahalle), legend=[],
                      title="Ad", subtitle="", source="", legend_title="", districts=districts)


def test_dense_district_names_do_not_overlap() -> None:
    """A fixture shaped like İzmir: a 3 × 3 block of 5 km districts (the centre) beside one
    60 km district; 160 mahalle, so district names are written, at 7 pt bold, ~60 px apart."""
    central = ["Konak", "Karabağlar", "Bayraklı", "Bornova", "Buca", "Gaziemir", "Balçova", "Narlıdere",
               "Karşıyaka"]
    x0, y0, side = 27.10, 38.40, 0.06  # ~5 km: wide enough to be named (6 % of the map)
    squares = [shapely.box(x0 + side * (i % 3), y0 + side * (i // 3), x0 + side * (i % 3 + 1),
                           y0 + side * (i // 3 + 1)) for i in range(9)]
    big = shapely.box(x0 - 0.70, y0 - 0.40, x0, y0 + 0.10)
    districts = gpd.GeoDataFrame({"district": [*central, "Menderes"]}, geometry=[*squares, big], crs="EPSG:4326")
    cells = [shapely.box(x0 + side / 4 * (i % 12), y0 + side / 4 * (i // 12), x0 + side / 4 * (i % 12 + 1),
                         y0 + side / 4 * (i // 12 + 1)) for i in range(144)]
    cells += [shapely.box(x0 - 0.70 + 0.175 * (i % 4), y0 - 0.40 + 0.125 * (i // 4), x0 - 0.525 + 0.175 * (i % 4),
                          y0 - 0.275 + 0.125 * (i // 4)) for i in range(16)]
    mahalle = gpd.GeoDataFrame({"mahalle": [f"M{i}" for i in range(len(cells))]}, geometry=cells, crs="EPSG:4326")
    boxes = _drawn_names(_painted(mahalle, districts))
    _assert_apart(boxes)
    assert "Menderes" in boxes  # the biggest district is named first
    assert 3 <= len(boxes) < 10  # the centre is too tight for all nine: some names were left out


def test_dense_mahalle_names_do_not_overlap() -> None:
    """64 mahalle in a 2 × 32 strip (one district): names at 5.5 pt, wider than a mahalle."""
    cells = [shapely.box(26.8 + 0.01 * (i % 32), 38.2 + 0.01 * (i // 32), 26.81 + 0.01 * (i % 32),
                         38.21 + 0.01 * (i // 32)) for i in range(64)]
    names = [f"Yeni Mahalle {i} Mah." for i in range(64)]
    boxes = _drawn_names(_painted(gpd.GeoDataFrame({"mahalle": names}, geometry=cells, crs="EPSG:4326")))
    _assert_apart(boxes)
    assert 5 <= len(boxes) < 64


@pytest.fixture(scope="module")
def real_shapes() -> tuple[gpd.GeoDataFrame, gpd.GeoDataFrame]:
    gpkg = get_settings().gpkg_path
    need(gpkg.exists(), "run `gendermap build` first (no build/gendermap.gpkg)")
    return gpd.read_file(gpkg, layer="mahalle"), gpd.read_file(gpkg, layer="district")


@pytest.mark.data
@pytest.mark.slow
@pytest.mark.parametrize("where", ["İzmir", "Karabağlar"])
def test_real_izmir_names_do_not_overlap(real_shapes, where: str) -> None:  # type: ignore[no-untyped-def]
    """The real build: all İzmir (district names; the centre is dense) and Karabağlar alone
    (58 mahalle names, most in a few km²)."""
    mahalle, districts = real_shapes
    in_izmir = (mahalle["province"] == "İzmir") if where == "İzmir" else (mahalle["district"] == where)
    fills = [("#b2abd2" if shown else None) for shown in in_izmir]
    pic = MapPicture(mahalle=mahalle, fills=fills, weak=[False] * len(mahalle), legend=[], title=where, subtitle="",
                     source="", legend_title="", districts=districts,
                     districts_shown=list(districts["province"] == "İzmir"))
    boxes = _drawn_names(pic)
    _assert_apart(boxes)
    if where == "İzmir":
        assert {"Bornova", "Buca", "Bergama", "Ödemiş"} <= set(boxes)
    else:
        assert "Tırazlı Mah." in boxes and len(boxes) >= 15
