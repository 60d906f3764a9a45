"""The embed file: same classes as the app, escaped, self-contained, under 2 MB."""

from __future__ import annotations

import re

import numpy as np
import pytest

from gendermap import DEMO_LABEL
from gendermap.publish import PublishError, find_area
from gendermap.publish.embed import iframe_snippet, payload, render_embed, script_json
from gendermap.publish.mapdata import area_map
from tests.ui.fixture_build import EVIL


def _district_with_evil(data):  # type: ignore[no-untyped-def]
    row = data.mahalle[data.mahalle["mahalle"] == EVIL].iloc[0]
    return find_area(data.mahalle, district=str(row["district_code"]))


@pytest.mark.parametrize("sex", ["F", "M", "gap"])
def test_same_classes_as_the_app_map(pub_data, sex: str) -> None:  # type: ignore[no-untyped-def]
    from gendermap.ui import views

    area = _district_with_evil(pub_data)
    places, cat = pub_data.mahalle, pub_data.catalogue
    amap = area_map(places, pub_data.indicators, cat, area, "higher_education_25", sex)
    ind = cat.get("higher_education_25")
    table = views.indicator_table(places, pub_data.indicators, ind.id, sex)
    cls = views.classify_table(table, ind, sex, "quantiles", 5, "tr", populated=places["populated"])
    assert amap.colours == list(cls.unit_colours()[amap.rows])
    mask = views.visible_mask(places, (area.province_code,), (area.code,))
    assert amap.rows.tolist() == np.flatnonzero(mask).tolist()
    assert [r.colour for r in amap.legend if r.kind == "value"] == list(cls.colours)
    assert [r.label for r in amap.legend if r.kind == "value"] == list(cls.labels)  # same words too
    shown = [t for t, s in zip(amap.tips, cls.status[amap.rows], strict=True) if s == "value"]
    assert all(("puan" in t) == (sex == "gap") for t in shown)


def test_escaped_and_self_contained(pub_data) -> None:  # type: ignore[no-untyped-def]
    area = _district_with_evil(pub_data)
    amap = area_map(pub_data.mahalle, pub_data.indicators, pub_data.catalogue, area, "employment_15_64")
    assert EVIL in amap.names
    html = render_embed(amap, pub_data.mahalle.geometry.values[amap.rows])
    assert EVIL not in html  # neither in the table (autoescaped) nor in the script data
    assert "&lt;img src=x onerror=alert(1)&gt;" in html
    assert DEMO_LABEL in html
    from gendermap.publish.embed import leaflet_assets

    ours = html.replace(leaflet_assets()[0], "")  # Leaflet's own attribution link is never drawn
    assert not re.search(r"""(src|href)\s*=\s*["']?(https?:)?//""", ours)
    assert "sourceMappingURL" not in html
    assert html.count("<script") == 2


def test_script_json_cannot_close_the_script() -> None:
    text = script_json({"n": "</script><script>alert(1)</script><!--", "s": "\u2028"})
    assert "<" not in text and ">" not in text and "\u2028" not in text


def test_payload_aligned_with_rows(pub_data) -> None:  # type: ignore[no-untyped-def]
    area = find_area(pub_data.mahalle, province="İzmir")
    amap = area_map(pub_data.mahalle, pub_data.indicators, pub_data.catalogue, area, "neet_15_24", "gap")
    data = payload(amap, pub_data.mahalle.geometry.values[amap.rows])
    assert len(data["shapes"]) == len(data["colours"]) == len(data["names"]) == amap.painted
    assert all(len(s) for s in data["shapes"])


def test_special_classes_are_drawn_faint_and_dashed_as_in_the_app(pub_data) -> None:  # type: ignore[no-untyped-def]
    """No data, suppressed and no residents are outlined dashed (map and legend), so the
    "no residents" tint is never taken for a value class such as the parity class."""
    from gendermap.palettes import SPECIAL_COLOURS

    places = pub_data.mahalle.copy()
    places.loc[places.index[:2], "populated"] = False
    area = find_area(places, province="İzmir")
    amap = area_map(places, pub_data.indicators, pub_data.catalogue, area, "neet_15_24", "gap")
    assert amap.special[:2] == [True, True] and amap.colours[:2] == [SPECIAL_COLOURS["no_residents"]] * 2
    assert amap.special == [c in SPECIAL_COLOURS.values() for c in amap.colours]
    data = payload(amap, places.geometry.values[amap.rows])
    assert data["special"] == [i for i, s in enumerate(amap.special) if s]
    html = render_embed(amap, places.geometry.values[amap.rows])
    specials = [r for r in amap.legend if r.kind == "special"]
    assert specials and html.count('class="gm-sw sp"') == len(specials)


def test_unknown_area_and_indicator_say_so(pub_data) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(PublishError, match="Bilinmeyen ilçe"):
        find_area(pub_data.mahalle, district="Atlantis")
    area = find_area(pub_data.mahalle, province="izmir")
    with pytest.raises(PublishError, match="Bilinmeyen gösterge"):
        area_map(pub_data.mahalle, pub_data.indicators, pub_data.catalogue, area, "nope")


def test_iframe_snippet_escapes_and_bounds_size() -> None:
    snippet = iframe_snippet("https://harita.example.org/", {"indicator": 'x"><script>', "districts": "128"}, "640", 480)
    assert snippet.startswith('<iframe src="https://harita.example.org/gomulu?indicator=x%22%3E%3Cscript%3E')
    assert 'width="640" height="480"' in snippet
    with pytest.raises(ValueError):
        iframe_snippet("https://a.org", {}, "640px;onload=x", 480)
    with pytest.raises(ValueError):
        iframe_snippet("https://a.org", {}, "100%", 50)


def test_cli_writes_the_file(pub_env, tmp_path) -> None:  # type: ignore[no-untyped-def]
    from gendermap.cli import main

    out = tmp_path / "map.html"
    assert main(["embed", "--province", "Balıkesir", "--indicator", "index", "--out", str(out)]) == 0
    assert out.stat().st_size < 2 * 1024 * 1024
    assert main(["embed", "--district", "Nowhere", "--indicator", "index", "--out", str(out)]) == 1


@pytest.mark.data
@pytest.mark.slow
@pytest.mark.parametrize("province", ["İzmir", "Balıkesir"])
def test_whole_province_stays_under_2_mb(tmp_path, province: str) -> None:  # type: ignore[no-untyped-def]
    from pathlib import Path

    from gendermap.cli import main
    from tests.conftest import need

    need((Path(__file__).resolve().parents[2] / "build" / "indicators.parquet").exists(), "no real build")
    out = tmp_path / "province.html"
    assert main(["embed", "--province", province, "--indicator", "employment_15_64", "--sex", "gap",
                 "--out", str(out)]) == 0
    assert out.stat().st_size < 2 * 1024 * 1024


def test_slug_is_a_safe_file_name() -> None:
    from gendermap.publish import Area

    assert Area("district", 1, "../../etc/Şile<script>", "İzmir", 35).slug == "izmir-etcsilescript"
    assert Area("province", 35, "İzmir", "İzmir", 35).slug == "izmir"
    assert Area("district", 1, "Karşıyaka", "İzmir", 35).slug == "izmir-karsiyaka"


def test_embed_outlines_districts_in_the_app_colour(pub_data) -> None:  # type: ignore[no-untyped-def]
    from gendermap.palettes import OUTLINE_COLOUR
    from gendermap.publish import embed

    area = find_area(pub_data.mahalle, province="İzmir")
    amap = area_map(pub_data.mahalle, pub_data.indicators, pub_data.catalogue, area, "neet_15_24", "gap")
    assert payload(amap, pub_data.mahalle.geometry.values[amap.rows])["outline"] == OUTLINE_COLOUR
    assert "color: D.outline" in embed._TEMPLATE and OUTLINE_COLOUR not in embed._TEMPLATE
