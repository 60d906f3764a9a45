"""``gendermap embed``: one self-contained HTML map for another web site, or an iframe snippet.

    gendermap embed --district Seferihisar --indicator higher_education_25 --out harita.html
    gendermap embed --province İzmir --indicator employment_15_64 --sex gap --out izmir.html
    gendermap embed --district Seferihisar --indicator higher_education_25 \\
        --iframe https://harita.example.org --width 100% --height 480

The HTML file makes no network request (Leaflet inlined, no tiles). Errors a person can
fix (unknown district or indicator, no build) print one clear message and exit 1.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path


def add_arguments(parser: argparse.ArgumentParser) -> None:
    where = parser.add_mutually_exclusive_group(required=True)
    where.add_argument("--district", help="ilçe adı (district name, 'İl/İlçe' or code)")
    where.add_argument("--province", help="il adı (province name or code) for a whole province")
    parser.add_argument("--indicator", required=True, help="gösterge kimliği (indicator id), or 'index'")
    parser.add_argument("--sex", choices=("F", "M", "T", "gap"), default="F")
    parser.add_argument("--lang", choices=("tr", "en"), default="tr")
    parser.add_argument("--scheme", default="quantiles", help="classification scheme (as in the app)")
    parser.add_argument("--classes", type=int, default=5)
    parser.add_argument("--year", type=int, help="vintage (default: the indicator's reference year, as in the app)")
    parser.add_argument("--out", type=Path, help="HTML file to write (default: <area>-<indicator>.html)")
    parser.add_argument("--iframe", metavar="APP_URL", help="print an <iframe> for the app's live map at this address instead")
    parser.add_argument("--width", default="100%")
    parser.add_argument("--height", type=int, default=620)


def _err(message: str) -> int:
    print(f"gendermap embed: {message}", file=sys.stderr)
    return 1


def run(args: argparse.Namespace) -> int:
    from gendermap.publish import PublishError, find_area, inputs
    from gendermap.publish.embed import district_outlines, iframe_snippet, render_embed
    from gendermap.publish.mapdata import INDEX, area_map, index_map

    try:
        data = inputs.load()
        area = find_area(data.mahalle, district=args.district, province=args.province)
        if args.iframe:
            params = {"lang": args.lang, "indicator": args.indicator, "sex": args.sex,
                      "scheme": args.scheme, "classes": str(args.classes), "province": str(area.province_code)}
            if args.year:
                params["year"] = str(args.year)
            if area.kind == "district":
                params["districts"] = str(area.code)
            print(iframe_snippet(args.iframe, params, args.width, args.height, title=f"gendermap · {area.name}"))
            return 0
        if args.indicator == INDEX:
            if data.synthesis is None:
                raise PublishError("Sentez endeksi yok: 'gendermap build' çalıştırın. (no synthesis: run the build)")
            synthetic = any(i.synthetic for i in data.catalogue.indicators if i.in_index)
            amap = index_map(data.mahalle, data.synthesis, area, args.lang, synthetic=synthetic,
                             scheme=args.scheme, k=args.classes)
        else:
            amap = area_map(data.mahalle, data.indicators, data.catalogue, area, args.indicator, args.sex,
                            args.lang, scheme=args.scheme, k=args.classes, year=args.year)
        geoms = data.mahalle.geometry.values[amap.rows]
        outlines = None
        if area.kind == "province":
            outlines = district_outlines(geoms, data.mahalle["district_code"].to_numpy()[amap.rows])
        html = render_embed(amap, geoms, args.lang, outlines=outlines)
    except (PublishError, ValueError) as exc:
        return _err(str(exc))
    out = args.out or Path(f"{area.slug}-{args.indicator}-{args.sex}.html")
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(html, encoding="utf-8")
    print(f"{out} ({len(html.encode('utf-8')) / 1024:.0f} KB, {amap.painted} mahalle)")
    return 0
