"""A series for one area: a card per index indicator plus the index, audio, index.html, series.csv.

:func:`plan` decides what each card says from the build's tables (pure: frames in,
items out): the map is the app's map of women's values (:func:`~.mapdata.area_map`), the
sentence's numbers are the build's pooled district values (``district_indicators`` /
``province_indicators``) and the index is ``district_synthesis`` with the report's rank
(``rank_median`` among the districts that have a score) -- the same figures the app and the
district report show. :func:`write_series` renders and writes the files.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
from jinja2 import Environment

from gendermap import DEMO_LABEL
from gendermap.publish.areas import Area
from gendermap.publish.inputs import PublishData
from gendermap.publish.mapdata import INDEX, AreaMap, area_map, index_map
from gendermap.publish.sentences import Sentence, alt_text, index_sentence, indicator_sentence
from gendermap.publish.texts import platform, tr_en


@dataclass(frozen=True)
class SeriesItem:
    number: int
    indicator_id: str
    title: str
    sentence: Sentence
    alt: str
    amap: AreaMap

    @property
    def stem(self) -> str:
        return f"{self.number:02d}-{self.indicator_id.replace('_', '-')}"


def area_values(data: PublishData, area: Area, indicator: str,
                year: int | None = None) -> dict[str, tuple[float | None, str | None, int | None]]:
    """(value, flag, year) by sex from the build's pooled district or province table, in ``year``
    (the card's map vintage; without it, the latest year of the table)."""
    table = data.district_indicators if area.kind == "district" else data.province_indicators
    key = "district_code" if area.kind == "district" else "province_code"
    out: dict[str, tuple[float | None, str | None, int | None]] = {}
    if table is None:
        return out
    rows = table[(table[key].astype("int64") == area.code) & (table["indicator"] == indicator)]
    if rows.empty:
        return out
    rows = rows[rows["year"] == (year if year is not None and (rows["year"] == year).any() else rows["year"].max())]
    for sex, value, flag, yr in zip(rows["sex"], pd.to_numeric(rows["value"], errors="coerce"), rows["flag"],
                                    rows["year"], strict=True):
        out[str(sex)] = (None if pd.isna(value) else float(value), str(flag), int(yr))
    return out


def _index_item(data: PublishData, area: Area, lang: str, number: int) -> SeriesItem | None:
    if data.synthesis is None:
        return None
    synthetic = any(i.synthetic for i in data.catalogue.indicators if i.in_index)
    amap = index_map(data.mahalle, data.synthesis, area, lang, synthetic=synthetic)
    score = rank = n = None
    table = data.district_synthesis
    if area.kind == "district" and table is not None:
        rows = table[(table["method"] == "eige") & (table["theme"] == "overall")]
        me = rows[rows["district_code"].astype("int64") == area.code]
        if len(me) and pd.notna(me["score"].iloc[0]):
            score = float(me["score"].iloc[0])
            n = int(rows["score"].notna().sum())
            rank = int(me["rank_median"].iloc[0]) if pd.notna(me["rank_median"].iloc[0]) else None
    spread = None
    if area.kind == "province" and table is not None:
        rows = table[(table["method"] == "eige") & (table["theme"] == "overall")].dropna(subset=["score"])
        names = data.mahalle.drop_duplicates("district_code").set_index("district_code")
        mine = rows[rows["district_code"].map(names["province_code"]) == area.code].sort_values("score")
        if len(mine):
            low, high = mine.iloc[0], mine.iloc[-1]
            spread = ((str(names.at[low["district_code"], "district"]), float(low["score"])),
                      (str(names.at[high["district_code"], "district"]), float(high["score"])))
    sentence = index_sentence(area.name, score, rank, n, lang, synthetic=synthetic, spread=spread)
    return SeriesItem(number, INDEX, amap.title, sentence,
                      alt_text(amap.title, sentence.text, area.name, synthetic, lang), amap)


def plan(data: PublishData, area: Area, lang: str = "tr") -> list[SeriesItem]:
    """The index card first, then every index indicator in catalogue order."""
    items: list[SeriesItem] = []
    first = _index_item(data, area, lang, 1)
    if first is not None:
        items.append(first)
    for ind in data.catalogue.indicators:
        if not (ind.in_index and ind.level == "mahalle"):
            continue
        amap = area_map(data.mahalle, data.indicators, data.catalogue, area, ind.id, "F", lang)
        values = area_values(data, area, ind.id, int(amap.year) if amap.year.isdigit() else None)
        f = values.get("F", (None, "no_data", None))
        m = values.get("M", (None, "no_data", None))
        year = f[2] or m[2] or ind.year
        synthetic = bool(ind.synthetic) or amap.synthetic
        sentence = indicator_sentence(
            area.name, ind.id, ind.label.get(lang), ind.unit, (f[0], f[1]), (m[0], m[1]), lang,
            why=ind.why.get(lang) if ind.why else "", year=year, source=ind.source, synthetic=synthetic,
        )
        title = ind.label.get(lang)
        items.append(SeriesItem(len(items) + 1, ind.id, title, sentence,
                                alt_text(title, sentence.text, area.name, synthetic, lang), amap))
    return items


_INDEX_HTML = """<!doctype html>
<html lang="{{ lang }}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{ heading }}</title>
<style>
body { font: 16px/1.45 "DejaVu Sans", Arial, sans-serif; color: #1f2430; margin: 0 auto; max-width: 1100px; padding: 16px; }
.demo { background: #fff3cd; color: #664d03; border: 1px solid #c9a227; padding: 6px 10px; font-weight: bold; }
ol { list-style: none; padding: 0; display: grid; grid-template-columns: repeat(auto-fill, minmax(320px, 1fr)); gap: 20px; }
li { border: 1px solid #ddd; border-radius: 6px; padding: 10px; }
img { width: 100%; height: auto; display: block; }
audio { width: 100%; margin-top: 6px; }
.files { font-size: 13px; color: #4a4f5c; }
</style></head>
<body>
<h1>{{ heading }}</h1>
{% if demo %}<p class="demo" role="note">{{ demo_label }} — {{ demo_note }}</p>{% endif %}
<ol>
{% for r in rows %}<li>
<h2 style="font-size:17px;margin:0 0 6px">{{ r.title }}</h2>
<img src="{{ r.square }}" alt="{{ r.alt }}" width="1080" height="1080" loading="lazy">
<p>{{ r.sentence }}</p>
{% if r.ogg %}<audio controls preload="none"><source src="{{ r.ogg }}" type="audio/ogg"><source src="{{ r.wav }}" type="audio/wav"></audio>{% endif %}
<p class="files"><a href="{{ r.square }}">1080×1080</a> · <a href="{{ r.wide }}">1200×675</a>{% if r.ogg %} · <a href="{{ r.ogg }}">OGG</a> · <a href="{{ r.wav }}">WAV</a>{% endif %}</p>
</li>
{% endfor %}</ol>
<p class="files">{{ platform }}</p>
</body></html>
"""


def write_series(
    data: PublishData,
    area: Area,
    out: Path,
    lang: str = "tr",
    *,
    audio: bool = True,
    address: str | None = None,
    progress: Callable[[str], None] | None = None,
) -> pd.DataFrame:
    """Write cards (square and wide), audio (WAV + OGG), index.html and series.csv into ``out``.

    Returns the series table (one row per card). Existing files of the same names are replaced.
    """
    from gendermap.publish.cards import Card, render_card
    from gendermap.tabular import write_csv

    out.mkdir(parents=True, exist_ok=True)
    items = plan(data, area, lang)
    address = address or platform(lang)
    speaker = None
    if audio:
        from gendermap.publish.audio import speak

        speaker = speak
    rows = []
    for item in items:
        t0 = time.perf_counter()
        geoms = data.mahalle.geometry.values[item.amap.rows]
        card = Card(item.amap, geoms, item.sentence.text, address, lang)
        files = {}
        for size in ("square", "wide"):
            name = f"{item.stem}-{size}.png"
            (out / name).write_bytes(render_card(card, size))
            files[size] = name
        spoken = item.sentence.spoken + " " + item.sentence.spoken_context
        row: dict[str, object] = {
            "number": item.number, "indicator": item.indicator_id, "title": item.title,
            "sentence": item.sentence.text, "alt_text": item.alt, "square": files["square"],
            "wide": files["wide"], "wav": "", "ogg": "", "seconds": math.nan,
            "spoken": spoken,
            "synthetic": item.amap.synthetic,
            "data_label": DEMO_LABEL if item.amap.synthetic else "",
        }
        if speaker is not None:
            result = speaker(spoken, out / f"{item.stem}.wav", out / f"{item.stem}.ogg", lang)
            row.update(wav=result.wav.name, ogg=result.ogg.name, seconds=round(result.seconds, 1))
        rows.append(row)
        if progress:
            progress(f"{item.stem} {time.perf_counter() - t0:.1f} s")
    table = pd.DataFrame(rows)
    write_csv(table, out / "series.csv")
    synthetic = bool(table["synthetic"].any()) if len(table) else False
    heading = f"{area.name} — " + ("visual and audio series" if lang == "en" else "görsel ve işitsel seri")
    html = Environment(autoescape=True).from_string(_INDEX_HTML).render(
        lang=lang, heading=heading, demo=synthetic, demo_label=DEMO_LABEL,
        demo_note=tr_en("demo.note", lang), rows=rows, platform=address,
    )
    (out / "index.html").write_text(html, encoding="utf-8")
    return table
