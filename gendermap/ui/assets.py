"""Files the browser fetches from the app itself: Leaflet and the map geometry.

Why: the app must work with no internet. Streamlit serves ``<app dir>/static`` at
``/app/static`` when ``server.enableStaticServing`` is on (set in .streamlit/config.toml
and by ``gendermap serve``). Leaflet 1.9.3 is copied there from the XStatic package on PyPI; the simplified geometry is
written there once per data version, so the browser downloads and caches it once.
``static/`` is generated, never committed.
"""

from __future__ import annotations

import gzip
import json
import os
import shutil
import tempfile
from pathlib import Path
from typing import Any

import geopandas as gpd

from gendermap import geometry
from gendermap.config import ROOT
from gendermap.maps import STATIC_URL, escape

STATIC_DIR = ROOT / "static"


def _copy_tree(src: Path, dest: Path, names: list[str]) -> None:
    dest.mkdir(parents=True, exist_ok=True)
    for name in names:
        s, d = src / name, dest / name
        if s.is_dir():
            if not d.exists():
                shutil.copytree(s, d)
        elif not d.exists() or d.stat().st_size != s.stat().st_size:
            shutil.copyfile(s, d)


def ensure_static(static_dir: Path = STATIC_DIR) -> Path:
    """Copy Leaflet from the XStatic package into ``static/vendor`` (idempotent)."""
    import xstatic.pkg.leaflet as xleaflet

    vendor = static_dir / "vendor"
    _copy_tree(Path(xleaflet.BASE_DIR), vendor / "leaflet", ["leaflet.js", "leaflet.css", "images"])
    return vendor


def geometry_payload(
    mahalle: gpd.GeoDataFrame,
    district: gpd.GeoDataFrame,
    tolerance: float = geometry.DEFAULT_TOLERANCE,
    step: float = geometry.DEFAULT_STEP,
    outline_tolerance: float = geometry.OUTLINE_TOLERANCE,
    coarse_tolerance: float = geometry.COARSE_TOLERANCE,
) -> dict[str, Any]:
    """The JSON the map fetches: encoded shapes, label points and escaped names, in row order.

    ``coarse`` holds the same mahalle simplified at ``coarse_tolerance`` (~30 % of the
    vertices): a map showing a whole province or both, where that tolerance is under a
    pixel, is drawn from them (the first paint's largest step is projecting every vertex)
    and takes the detailed shapes when it is zoomed in past it.

    Label points (``pts``, quantised like the shapes) are points inside each polygon
    (``representative_point``, unlike a centroid never outside a crescent-shaped mahalle);
    the map writes district names and, zoomed in, mahalle names there -- no tiles needed.
    """
    mah = geometry.encode_coverage(mahalle.geometry.values, tolerance, step)
    coarse = geometry.encode_coverage(mahalle.geometry.values, coarse_tolerance, step)
    dis = geometry.encode_coverage(district.geometry.values, outline_tolerance, step)
    return {
        "step": step,
        "mahalle": {
            "shapes": mah["shapes"],
            "coarse": coarse["shapes"],
            "coarse_tolerance": coarse_tolerance,
            "names": [escape(n) for n in mahalle["mahalle"]],
            "districts": [escape(n) for n in mahalle["district"]],
            "pts": label_points(mahalle.geometry.values, step),
        },
        "district": {
            "shapes": dis["shapes"],
            "names": [escape(n) for n in district["district"]],
            "pts": label_points(district.geometry.values, step),
        },
    }


def label_points(geoms: Any, step: float) -> list[list[int] | None]:
    """A point inside each geometry on the quantisation grid, None for an empty one."""
    import shapely

    out: list[list[int] | None] = []
    for g in geoms:
        if g is None or shapely.is_empty(g):
            out.append(None)
            continue
        p = shapely.point_on_surface(g)
        out.append([round(p.x / step), round(p.y / step)])
    return out


GEOMETRY_FORMAT = 3
"""Bumped when :func:`geometry_payload` changes shape, so a cached file of an older app is not reused."""


def geometry_target(version: str, static_dir: Path = STATIC_DIR) -> Path:
    return static_dir / "geo" / f"{version}-g{GEOMETRY_FORMAT}.json"


def existing_geometry(version: str, static_dir: Path = STATIC_DIR) -> tuple[str, int] | None:
    """(URL, bytes) of the geometry already written for this data version, if any.

    Encoding the coverage takes seconds; a restarted server reuses the file it wrote.
    """
    target = geometry_target(version, static_dir)
    if target.exists() and target.stat().st_size > 0:
        _write_gzip(target)
        return f"{STATIC_URL}/geo/{target.name}", target.stat().st_size
    return None


def _write_gzip(target: Path) -> None:
    """``<target>.gz`` beside the JSON (once): what the map fetches (``js/loaders.js``).

    Why: Streamlit gzips every ``/app/static`` response again on each request, in the
    server process (~0.2-0.7 s of CPU for this file, while the first visitor's script runs
    and their other files wait). A ``.gz`` file is sent as it is (``application/gzip`` is
    never recompressed); the browser unpacks it with ``DecompressionStream``.
    """
    gz = target.with_name(target.name + ".gz")
    if gz.exists() and gz.stat().st_mtime >= target.stat().st_mtime:
        return
    data = gzip.compress(target.read_bytes(), compresslevel=9, mtime=0)
    fd, tmp = tempfile.mkstemp(dir=target.parent, suffix=".tmp")
    with os.fdopen(fd, "wb") as fh:
        fh.write(data)
    os.chmod(tmp, 0o644)
    os.replace(tmp, gz)


def write_geometry(
    payload: dict[str, Any], version: str, static_dir: Path = STATIC_DIR
) -> tuple[str, int]:
    """Write the payload as ``static/geo/<version>-g<format>.json`` (atomically); returns (URL, bytes)."""
    target = geometry_target(version, static_dir)
    geo_dir = target.parent
    geo_dir.mkdir(parents=True, exist_ok=True)
    text = json.dumps(payload, separators=(",", ":"), ensure_ascii=False)
    data = text.encode("utf-8")
    if not target.exists() or target.stat().st_size != len(data):
        fd, tmp = tempfile.mkstemp(dir=geo_dir, suffix=".tmp")
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        os.chmod(tmp, 0o644)
        os.replace(tmp, target)
    _write_gzip(target)
    return f"{STATIC_URL}/geo/{target.name}", len(data)
