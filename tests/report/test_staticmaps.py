"""The report's maps write mahalle names that never overlap (the same placement as the map picture)."""

from __future__ import annotations

from datetime import date

import geopandas as gpd
import numpy as np
import pytest
import shapely
from matplotlib.transforms import Bbox

from gendermap.config import get_settings
from gendermap.report.blocks import MapBlock
from gendermap.report.staticmaps import draw_map
from tests.conftest import need
from tests.report.labelboxes import clashes, drawn_names


def _drawn_names(block: MapBlock) -> dict[str, Bbox]:
    return drawn_names(draw_map(block, "tr", dpi=150))


def test_crowded_names_do_not_overlap_and_some_are_written() -> None:
    """64 mahalle in a 2 × 32 strip with names wider than a mahalle: the old placement wrote
    all 64 at their centres, over each other; now the ones with room are written, apart."""
    cells = [shapely.box(26.8 + 0.01 * (i % 32), 38.2 + 0.01 * (i // 32), 26.81 + 0.01 * (i % 32),
                         38.21 + 0.01 * (i // 32)) for i in range(64)]
    frame = gpd.GeoDataFrame({"score": np.linspace(10, 90, 64), "name": [f"Yenimahalle {i}" for i in range(64)]},
                             geometry=cells, crs="EPSG:4326")
    frame.loc[3, "name"] = None  # no name asked for: none written
    boxes = _drawn_names(MapBlock(key="k", title="", caption="", frame=frame, column="score", label="name"))
    assert clashes(boxes) == []
    assert 5 <= len(boxes) < 63
    assert "Yenimahalle 3" not in boxes


def test_names_outside_a_close_up_are_left_out() -> None:
    """A close-up (``extent``) writes only names that fit wholly inside the map."""
    cells = [shapely.box(26.8 + 0.05 * i, 38.2, 26.84 + 0.05 * i, 38.24) for i in range(6)]
    frame = gpd.GeoDataFrame({"score": [1.0, 2, 3, 4, 5, 6], "name": [f"M{i}" for i in range(6)]},
                             geometry=cells, crs="EPSG:4326")
    block = MapBlock(key="k", title="", caption="", frame=frame, column="score", label="name",
                     extent=(26.795, 38.195, 26.895, 38.245))
    assert set(_drawn_names(block)) == {"M0", "M1"}


@pytest.fixture(scope="module")
def real_data():  # type: ignore[no-untyped-def]
    cfg = get_settings()
    needed = [cfg.gpkg_path, cfg.synthesis_path, cfg.build_dir / "hotspots.parquet",
              cfg.build_dir / "focus.parquet", cfg.build_dir / "district_synthesis.parquet"]
    need(all(p.exists() for p in needed), "run `gendermap build` first (build/ lacks report inputs)")
    from gendermap.cli.report import load_data

    return load_data()


@pytest.mark.data
@pytest.mark.slow
@pytest.mark.parametrize(("district", "key", "at_least"), [
    ("Karabağlar", "index_overall_zoom", 15),  # 58 names in the close-up of a dense centre
    ("Konak", "index_overall", 6),  # the ten lowest of 112 mahalle, several in the dense centre
    ("Seferihisar", "index_overall", 12),  # 21 mahalle, all named (the old placement overlapped two pairs)
])
def test_real_report_map_names_do_not_overlap(real_data, district: str, key: str, at_least: int) -> None:  # type: ignore[no-untyped-def]
    from gendermap.report.content import assemble

    maps = {m.key: m for m in assemble(real_data, district, "tr", date(2026, 12, 1)).maps}
    need(key in maps, f"the {district} report has no {key} map in this build")
    boxes = _drawn_names(maps[key])
    assert clashes(boxes) == []
    assert len(boxes) >= at_least
