"""The map picture is drawn from the map's own paint: same colour per polygon as the classification."""

from __future__ import annotations

from datetime import date

import numpy as np

from gendermap.maps import HIDDEN, NO_DATA, NO_DATA_COLOUR, Paint
from gendermap.palettes import SPECIAL_COLOURS
from gendermap.ui import mapimage


def test_fills_follow_the_paint() -> None:
    paint = Paint(colours=["#a", "#b", "#s"], classes=[0, 1, 2, HIDDEN, NO_DATA], n_value=2, unreliable=[1])
    fills, weak = mapimage.fills_of(paint)
    assert fills == ["#a", "#b", "#s", None, NO_DATA_COLOUR]
    assert weak == [False, True, True, False, True]  # unreliable, special class, no data are faint


def test_picture_of_the_map_uses_the_maps_classification(app_env) -> None:  # type: ignore[no-untyped-def]
    from gendermap.ui import components, data, state, views

    build = data.load()
    assert build is not None
    district = int(build.district["district_code"].iloc[0])
    view = state.View(districts=(district,), indicator=components.first_indicator(build.version), sex="gap")
    result = components.thematic(build.version, view.indicator, "gap", view.scheme, view.classes, "none", False,
                                 view.provinces, view.districts, "", "tr", None)
    ind = build.catalogue.get(view.indicator)
    table = views.indicator_table(build.mahalle, build.indicators, view.indicator, "gap")
    cls = views.classify_table(table, ind, "gap", view.scheme, view.classes, "tr")
    fills, _ = mapimage.fills_of(result.paint)
    shown = views.visible_mask(build.mahalle, view.provinces, view.districts)
    expected = [c or SPECIAL_COLOURS.get(s, NO_DATA_COLOUR) for c, s in zip(cls.unit_colours(), cls.status, strict=True)]
    assert [f for f, s in zip(fills, shown, strict=True) if s] == [e for e, s in zip(expected, shown, strict=True) if s]
    assert all(f is None for f, s in zip(fills, shown, strict=True) if not s)
    png = mapimage.map_png(build, view, result.paint, result.legend, result.title, result.synthetic, date(2026, 12, 1))
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    assert mapimage.area_name(build, view) == str(build.district["district"].iloc[0])
    assert "1 Aralık 2026" in mapimage.source_line(build, view.indicator, "tr", date(2026, 12, 1))
    assert np.asarray(shown).sum() < len(shown)  # the test filters: a picture of part of the map
