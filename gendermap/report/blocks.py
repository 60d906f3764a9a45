"""The pieces a report is made of: headings, text, tables, maps, notes (and the error a
request that cannot be served raises). Plain frozen dataclasses: :mod:`~gendermap.report.render`
(PDF) and :mod:`~gendermap.report.html` walk them in order, so both carry the same content."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Literal

import geopandas as gpd

HOTSPOT_CLASSES = ("HH", "LL", "HL", "LH")
"""Significant LISA cluster types (``hotspots.parquet``); any other value is drawn apart."""


class ReportError(ValueError):
    """A request the report cannot serve (unknown district, no data): a message for people."""


# ---------------------------------------------------------------- blocks
@dataclass(frozen=True)
class Heading:
    text: str
    level: int = 1
    anchor: str = ""


@dataclass(frozen=True)
class Text:
    text: str
    style: Literal["body", "small", "lead"] = "body"


@dataclass(frozen=True)
class Bullets:
    items: tuple[str, ...]


@dataclass(frozen=True)
class Facts:
    """Key/value pairs (cover facts, sources)."""

    pairs: tuple[tuple[str, str], ...]


@dataclass(frozen=True)
class Figures:
    """A row of key numbers: (label, value, note)."""

    items: tuple[tuple[str, str, str], ...]


@dataclass(frozen=True)
class TableBlock:
    title: str
    columns: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    numeric: tuple[int, ...] = ()
    widths: tuple[float, ...] = ()  # relative widths; empty = equal
    note: str = ""
    highlight: tuple[int, ...] = ()


@dataclass(frozen=True)
class MapBlock:
    """A static map to draw: ``frame[column]`` over the district's mahalle.

    ``kind`` is ``index`` (a continuous score, classified) or ``hotspots`` (the ``cluster``
    values of ``hotspots.parquet``).
    """

    key: str
    title: str
    caption: str
    frame: gpd.GeoDataFrame
    column: str
    kind: Literal["index", "hotspots"] = "index"
    legend_title: str = ""
    scheme: str = "quantiles"
    k: int = 5
    label: str = ""  # column of names to write on the map (empty/NA: no name)
    extent: tuple[float, float, float, float] | None = None  # zoom to (minx, miny, maxx, maxy), frame CRS
    mark: tuple[float, float, float, float] | None = None  # outline this box (where a zoom map looks)


@dataclass(frozen=True)
class Note:
    text: str
    tone: Literal["accent", "demo"] = "accent"


@dataclass(frozen=True)
class NewPage:
    pass


Block = Heading | Text | Bullets | Facts | Figures | TableBlock | MapBlock | Note | NewPage


@dataclass(frozen=True)
class Report:
    lang: str
    district: str
    province: str
    district_code: int
    title: str
    subtitle: str
    made_on: date
    synthetic: bool
    blocks: tuple[Block, ...]
    footer: str = ""

    @property
    def maps(self) -> list[MapBlock]:
        return [b for b in self.blocks if isinstance(b, MapBlock)]
