"""District reports end to end: content, PDF text layer and pages, HTML, bad requests."""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date

import pandas as pd
import pytest

from gendermap import DEMO_LABEL
from gendermap.numbers import MISSING
from gendermap.report.api import build_report, report_filename
from gendermap.report.content import MapBlock, ReportError, TableBlock, assemble, find_district
from report.fixtures import HOSTILE_NAMES
from report.fixtures import report_text as _text

DAY = date(2024, 5, 17)


@pytest.fixture(scope="module")
def seferihisar_pdf(report_data, tmp_path_factory):
    path = tmp_path_factory.mktemp("pdf") / "seferihisar.pdf"
    path.write_bytes(build_report("Seferihisar", "tr", "pdf", report_data, made_on=DAY))
    return path


def test_find_district_is_turkish_case_insensitive(report_data):
    assert find_district(report_data.mahalle, "KARŞIYAKA")["district_code"] == 102
    assert find_district(report_data.mahalle, "karsiyaka")["district_code"] == 102
    assert find_district(report_data.mahalle, "İzmir/Seferihisar")["district_code"] == 101
    assert find_district(report_data.mahalle, "201")["district"] == "Ayvalık"


def test_unknown_district_suggests_close_names(report_data):
    with pytest.raises(ReportError, match="Seferihisar"):
        assemble(report_data, "Seferhisar")
    with pytest.raises(ReportError, match="Bilinmeyen ilçe"):
        assemble(report_data, "Atlantis")


def test_district_without_data_says_so(report_data):
    with pytest.raises(ReportError, match="eşleşen mahalle yok"):
        assemble(report_data, "Boşilçe")
    no_rows = replace(report_data, indicators=report_data.indicators.iloc[0:0], synthesis=report_data.synthesis.iloc[0:0])
    with pytest.raises(ReportError, match="gösterge verisi yok"):
        assemble(no_rows, "Gömeç")


def test_content_has_every_section_and_all_mahalle(report_data):
    report = assemble(report_data, "Seferihisar", "tr", DAY)
    tables = [b for b in report.blocks if isinstance(b, TableBlock)]
    everything = next(b for b in tables if b.title == "Tüm mahalleler")
    assert len(everything.rows) == 16
    assert {r[0] for r in everything.rows} >= set(HOSTILE_NAMES)
    top = next(b for b in tables if b.title.startswith("En yüksek"))
    bottom = next(b for b in tables if b.title.startswith("En düşük"))
    assert len(top.rows) == len(bottom.rows) == 10
    top_scores = [float(r[3].replace(",", ".")) for r in top.rows]
    assert top_scores == sorted(top_scores, reverse=True)
    bottom_scores = [float(r[3].replace(",", ".")) for r in bottom.rows]
    assert bottom_scores == sorted(bottom_scores)
    all_scores = [float(r[3].replace(",", ".")) for r in everything.rows]
    assert top_scores[0] == max(all_scores) and bottom_scores[0] == min(all_scores)
    # one map for the index, one per theme, and hot spots
    assert [m.key for m in report.maps] == ["index_overall", "index_education", "index_work", "hotspots"]
    assert report.synthetic


def test_score_sentence_matches_district_scores(report_data):
    report = assemble(report_data, "Seferihisar", "en", DAY)
    table = report_data.district_synthesis
    me = table[(table["method"] == "eige") & (table["theme"] == "overall")].set_index("district_code").loc[101]
    text = " ".join(getattr(b, "text", "") for b in report.blocks)
    assert f"ranks {int(me['rank_median'])} of the 4 districts" in text
    assert f"between {int(me['rank_p05'])} and {int(me['rank_p95'])}" in text


def test_unreliable_mahalle_is_flagged_in_table(report_data):
    report = assemble(report_data, "Seferihisar", "tr", DAY)
    everything = next(b for b in report.blocks if isinstance(b, TableBlock) and b.title == "Tüm mahalleler")
    row = next(r for r in everything.rows if r[1] == "101005")
    assert "güvenilmez" in row[-1]


def test_pdf_text_fonts_demo_mark_and_pages(seferihisar_pdf, poppler, tmp_path):
    text = poppler.text(seferihisar_pdf)
    for word in ("Seferihisar", "İzmir", "Özet", "Kaynaklar ve lisanslar", "Yöntem özeti", "Odak ilçe ölçütleri"):
        assert word in text, word
    assert "Çğıİöşü" in text  # Turkish letters of the mahalle names in the text layer
    for name in HOSTILE_NAMES:
        assert name in text, name
    assert all(f["emb"] == "yes" for f in poppler.fonts(seferihisar_pdf))
    pages = poppler.page_count(seferihisar_pdf)
    assert pages >= 6
    for page in range(1, pages + 1):
        assert DEMO_LABEL in poppler.text(seferihisar_pdf, page), page
    pngs = poppler.render(seferihisar_pdf, tmp_path)
    assert len(pngs) == pages
    assert all(poppler.ink(p) > 0.005 for p in pngs)


def test_english_pdf(report_data, poppler, tmp_path):
    path = tmp_path / "en.pdf"
    path.write_bytes(build_report("Ayvalık", "en", "pdf", report_data, made_on=DAY))
    text = poppler.text(path)
    assert "Ayvalık" in text and "Balıkesir" in text
    # its own province and both provinces together, never the other province alone (issue 11)
    assert "Largest gaps against the province" in text
    assert "Largest gaps against both provinces" in text and "Largest gaps against İzmir" not in text
    assert "Methodology summary" in text


def test_html_is_self_contained_escaped_and_same_content(report_data):
    html = build_report("Seferihisar", "tr", "html", report_data, made_on=DAY).decode("utf-8")
    assert "<script" not in html.lower()
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "a &amp; b &lt;b&gt;" in html
    assert not re.search(r"""(src|href)=["']?(https?:)?//""", html)
    assert html.count("data:image/png;base64,") == 4
    assert DEMO_LABEL in html
    assert "Tüm mahalleler" in html and "Kaynaklar ve lisanslar" in html


def test_no_demo_mark_when_nothing_is_synthetic(report_data, poppler, tmp_path):
    real = replace(
        report_data,
        indicators=report_data.indicators.assign(synthetic=False),
        catalogue=report_data.catalogue.model_copy(
            update={"indicators": [e.model_copy(update={"synthetic": False, "demo": None}) for e in report_data.catalogue.indicators]}
        ),
    )
    path = tmp_path / "real.pdf"
    path.write_bytes(build_report("Karşıyaka", "tr", "pdf", real, made_on=DAY))
    assert DEMO_LABEL not in poppler.text(path)


def test_unknown_format_and_missing_data():
    with pytest.raises(ReportError, match="veri yok"):
        build_report("Seferihisar", "tr", "pdf", None)


def test_maps_are_pngs_with_content(report_data):
    from gendermap.report.staticmaps import render_map

    report = assemble(report_data, "Seferihisar", "tr", DAY)
    for block in report.maps:
        assert isinstance(block, MapBlock)
        png = render_map(block, "tr", demo=True, dpi=60)
        assert png[:8] == b"\x89PNG\r\n\x1a\n"


def test_report_filename_is_ascii():
    assert report_filename("Karşıyaka", "tr", "pdf") == "rapor-karsiyaka-tr.pdf"
    assert report_filename("İzmir Seferihisar", "en", "html") == "report-izmir-seferihisar-en.html"


def test_cli_unknown_district_is_a_message_not_a_traceback(monkeypatch, capsys, report_data):
    from gendermap.cli import main
    from gendermap.cli import report as cli_report

    monkeypatch.setattr(cli_report, "load_data", lambda progress=None: report_data)
    assert main(["report", "--district", "Seferhisar", "--out", "x.pdf"]) == 1
    err = capsys.readouterr().err
    assert "Bilinmeyen ilçe" in err and "Seferihisar" in err and "Traceback" not in err


def test_cli_all_shows_progress(monkeypatch, capsys, report_data, tmp_path):
    from gendermap.cli import main
    from gendermap.cli import report as cli_report

    monkeypatch.setattr(cli_report, "load_data", lambda progress=None: report_data)
    assert main(["report", "--all", "--format", "html", "--out", str(tmp_path)]) == 0
    err = capsys.readouterr().err
    assert "[1/5]" in err and "[5/5]" in err and "skipped" in err  # Boşilçe has no data
    assert len(list(tmp_path.glob("*.html"))) == 4


def test_gap_sentences_name_largest_gap(report_data):
    report = assemble(report_data, "Seferihisar", "tr", DAY)
    bullets = [b for b in report.blocks if type(b).__name__ == "Bullets"]
    assert bullets and all(len(b.items) <= 3 for b in bullets[:2])
    assert "İzmir genelinde" in bullets[0].items[0]
    assert isinstance(report_data.district_synthesis, pd.DataFrame)


def test_district_score_is_read_from_the_build_table_not_recomputed(report_data):
    table = report_data.district_synthesis.copy()
    mine = (table["district_code"] == 101) & (table["method"] == "eige") & (table["theme"] == "overall")
    table.loc[mine, ["score", "rank_median", "rank_p05", "rank_p95"]] = [12.34, 4, 3, 4]
    report = assemble(replace(report_data, district_synthesis=table), "Seferihisar", "en", DAY)
    text = _text(report)
    assert "synthesis score of 12.3" in text and "ranks 4 of the 4 districts" in text
    missing = assemble(replace(report_data, district_synthesis=None), "Seferihisar", "en", DAY)
    assert "No synthesis score could be computed" in _text(missing)


def test_theme_scores_table_ranks_each_theme(report_data):
    report = assemble(report_data, "Seferihisar", "en", DAY)
    themes = next(b for b in report.blocks if isinstance(b, TableBlock) and b.title == "District score by theme")
    assert [r[0] for r in themes.rows] == ["Education", "Work and care"]
    assert all(r[2].endswith("/ 4") for r in themes.rows)


def test_hot_spots_come_from_the_lisa_table(report_data):
    lisa = report_data.hotspots
    eige = lisa[(lisa["method"] == "eige") & lisa["mahalle_code"].str.startswith("101")]
    ll = set(eige.loc[eige["cluster"] == "LL", "mahalle_code"])
    assert ll  # the fixture's low corner is found by LISA with FDR
    report = assemble(report_data, "Seferihisar", "en", DAY)
    hot = next(m for m in report.maps if m.key == "hotspots")
    drawn = hot.frame.set_index("mahalle_code")["cluster"]
    assert set(drawn[drawn == "LL"].index) == ll
    assert hot.frame.loc[hot.frame["cluster"] == "LL", "name"].notna().all()  # named on the map
    listed = next(b for b in report.blocks if isinstance(b, TableBlock) and b.title == "Mahalle in significant clusters")
    assert {r[1] for r in listed.rows if r[2].startswith("Low–low")} == ll
    assert f"{len(ll)} lie in an inequality cluster" in _text(report)
    # a district without clusters says so in words
    quiet = assemble(report_data, "Ayvalık", "en", DAY)
    assert "None of the district's 16 mahalle is in a significant cluster" in _text(quiet)
    # no hot-spot table at all: the section says to run the build
    none = assemble(replace(report_data, hotspots=None), "Seferihisar", "tr", DAY)
    assert "build/hotspots.parquet yok" in _text(none)
    assert "hotspots" not in [m.key for m in none.maps]


def test_focus_section_shows_rank_reason_and_criteria(report_data):
    focus = report_data.focus.set_index("district_code")
    report = assemble(report_data, "Seferihisar", "tr", DAY)
    text = _text(report)
    me = focus.loc[101]
    assert f"{len(focus)} ilçe arasında {int(me['rank'])}. sırada ve varsayılan odak ilçe listesinde (ilk 2)" in text
    assert me["reason_tr"] in text
    table = next(b for b in report.blocks if isinstance(b, TableBlock) and b.columns[0] == "Ölçüt")
    labels = [r[0] for r in table.rows]
    assert "Eşitsizlik kümelerindeki (LISA) mahalle" in labels  # capitalised the Turkish way
    clusters = table.rows[labels.index("Eşitsizlik kümelerindeki (LISA) mahalle")]
    assert clusters[1] == str(int(me["inequality_clusters"])) and clusters[2] == "1 / 4"
    other = assemble(report_data, "Karşıyaka", "en", DAY)
    assert "is not on the default focus-district shortlist (top 2)" in _text(other)
    missing = assemble(replace(report_data, focus=None), "Seferihisar", "en", DAY)
    assert "No focus-district criteria found" in _text(missing)


def test_province_values_come_from_the_build_table_only(report_data):
    """One province-value rule (indicators.province_indicators, in the build): the report shows
    that table and pools nothing itself; without it the province columns say "—"."""
    values = report_data.province_indicators.copy()
    hide = (values["province_code"] == 35) & (values["indicator"] == "literacy") & (values["sex"] == "F")
    values.loc[hide, "value"] = float("nan")
    values["flag"] = values["flag"].astype(str).where(~hide, "suppressed")
    report = assemble(replace(report_data, province_indicators=values), "Seferihisar", "en", DAY)
    table = next(b for b in report.blocks if isinstance(b, TableBlock) and b.columns[0] == "Indicator")
    literacy = next(r for r in table.rows if r[0] == "Literacy rate")
    assert literacy[1] != MISSING and literacy[3] == MISSING  # district shown, İzmir value withheld
    assert literacy[4] != MISSING  # Balıkesir unaffected
    bare = assemble(replace(report_data, province_indicators=None), "Seferihisar", "en", DAY)
    table = next(b for b in bare.blocks if isinstance(b, TableBlock) and b.columns[0] == "Indicator")
    literacy = next(r for r in table.rows if r[0] == "Literacy rate")
    assert literacy[1] != MISSING and literacy[3] == MISSING and literacy[4] == MISSING


def test_report_from_a_page_uses_the_pages_analysis(report_data):
    """A report made from a page is handed the page's analysis: its focus rank, score,
    reason and criteria weights, not the build's defaults."""
    from gendermap.analysis import AnalysisSettings, analysis
    from gendermap.report.content import with_analysis

    settings = AnalysisSettings(method="gap_only", criteria_weights={"women": 3.0, "mean_index": 0.0},
                                n_draws=100, permutations=999, shortlist=2)
    result = analysis(report_data.extra["analysis_tables"], settings)
    page = with_analysis(report_data, result)
    assert page.method == "gap_only"
    text = _text(assemble(page, "Seferihisar", "tr", DAY))
    me = result.focus.set_index("district_code").loc[101]
    assert me["reason_tr"] in text
    assert f"{len(result.focus)} ilçe arasında {int(me['rank'])}. sırada" in text
    assert "sayfada seçilen" in text and "varsayılan" not in text
    table = next(b for b in assemble(page, "Seferihisar", "en", DAY).blocks
                 if isinstance(b, TableBlock) and b.columns[0] == "Criterion")
    weights = {r[0]: r[3] for r in table.rows}
    assert weights["Number of women"] == "3.0" and weights["Population-weighted mean equality index"] == "0.0"


def test_cli_shortlist_writes_the_shortlisted_districts(monkeypatch, capsys, report_data, tmp_path):
    from gendermap.cli import main
    from gendermap.cli import report as cli_report

    monkeypatch.setattr(cli_report, "load_data", lambda progress=None: report_data)
    assert main(["report", "--shortlist", "--format", "html", "--out", str(tmp_path)]) == 0
    err = capsys.readouterr().err
    expected = report_data.focus.loc[report_data.focus["shortlisted"], "district"].tolist()
    assert "[2/2]" in err and ", ".join(expected) in err
    assert len(list(tmp_path.glob("*.html"))) == 2
    monkeypatch.setattr(cli_report, "load_data", lambda progress=None: replace(report_data, focus=None))
    assert main(["report", "--shortlist", "--out", str(tmp_path)]) == 1
    assert "gendermap build" in capsys.readouterr().err


def test_dense_town_centre_gets_a_close_up_map():
    import geopandas as gpd
    from shapely.geometry import box

    from gendermap.report.content import core_extent

    big = [box(0, 0, 0.5, 0.5), box(0.5, 0, 1, 0.5)]
    small = [box(0.8 + 0.01 * i, 0.5 + 0.01 * j, 0.81 + 0.01 * i, 0.51 + 0.01 * j) for i in range(5) for j in range(4)]
    town = gpd.GeoDataFrame(geometry=big + small, crs="EPSG:4326")
    x0, y0, x1, y1 = core_extent(town)
    assert 0.78 < x0 < 0.83 and 0.82 < x1 < 0.87 and 0.48 < y0 < 0.52 and y1 < 0.56  # the small ones
    assert (x1 - x0) * (y1 - y0) < 0.05 * 1 * 0.54
    even = gpd.GeoDataFrame(geometry=[box(0.1 * i, 0.1 * j, 0.1 * (i + 1), 0.1 * (j + 1))
                                      for i in range(5) for j in range(4)], crs="EPSG:4326")
    assert core_extent(even) is None


def test_map_names_and_close_up_blocks(report_data):
    report = assemble(report_data, "Seferihisar", "tr", DAY)
    overall = report.maps[0]
    assert overall.frame["name"].notna().all()  # 16 mahalle <= 30: every name on the map
    assert overall.extent is None and overall.mark is None  # an even grid needs no close-up
    assert "<script>alert(1)</script>" in set(overall.frame["name"])  # drawn as text, never markup


def test_mahalle_are_listed_in_turkish_alphabetical_order():
    from gendermap.report.inputs import _sort_name

    names = pd.Series(["Zafer Mah.", "Çıtak Mah.", "Cumhuriyet Mah.", "Şehitler Mah.", "Sahil Mah.",
                       "İnönü Mah.", "Işıklar Mah.", "Mahalle 10", "Mahalle 2", "Ölçek", "Ovacık"])
    ordered = names.sort_values(key=_sort_name).tolist()
    assert ordered == ["Cumhuriyet Mah.", "Çıtak Mah.", "Işıklar Mah.", "İnönü Mah.", "Mahalle 2",
                       "Mahalle 10", "Ovacık", "Ölçek", "Sahil Mah.", "Şehitler Mah.", "Zafer Mah."]


def test_a_partial_newer_vintage_does_not_replace_the_report_year(report_data):
    """A 2030 vintage for one mahalle sits beside the reference year; the report keeps it."""
    ind = report_data.indicators
    first = ind[ind["mahalle_code"] == ind["mahalle_code"].iloc[0]]
    later = first.assign(year=2030, value=first["value"] * 0 + 0.999)
    before = _text(assemble(report_data, "Seferihisar", "tr", DAY))
    after = _text(assemble(replace(report_data, indicators=pd.concat([ind, later], ignore_index=True)),
                           "Seferihisar", "tr", DAY))
    assert after == before and "%99,9" not in after


def test_both_provinces_pool_counts_and_keep_withheld_cells_withheld():
    import numpy as np
    import pandas as pd

    from gendermap.report.sections import both_provinces

    class Entry:
        is_rate = True

    rows = pd.DataFrame([
        {"province_code": 35, "indicator": "a", "year": 2023, "sex": "F", "numerator": 30.0, "denominator": 100.0, "value": 0.3, "flag": "ok"},
        {"province_code": 10, "indicator": "a", "year": 2023, "sex": "F", "numerator": 10.0, "denominator": 300.0, "value": 1 / 30, "flag": "unreliable"},
        {"province_code": 35, "indicator": "a", "year": 2023, "sex": "M", "numerator": np.nan, "denominator": 100.0, "value": np.nan, "flag": "suppressed"},
        {"province_code": 10, "indicator": "a", "year": 2023, "sex": "M", "numerator": 5.0, "denominator": 300.0, "value": 5 / 300, "flag": "ok"},
    ])
    out = both_provinces(rows, {"a": Entry()}).set_index("sex")  # type: ignore[dict-item]
    assert out.at["F", "value"] == 40.0 / 400.0  # pooled counts, not the mean of 0.3 and 0.033
    assert out.at["F", "flag"] == "unreliable"
    assert np.isnan(out.at["M", "value"]) and out.at["M", "flag"] == "suppressed"
