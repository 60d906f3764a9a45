"""Report wording in Turkish (first) and English.

Why a table and not gettext: the report has about a hundred phrases, the app keeps its
own strings under :mod:`gendermap.ui`, and a missing key must fail loudly in tests
rather than print a raw key to a municipality. Numbers and dates are written by
:mod:`gendermap.numbers` (re-exported here under the names the report modules use), so
a report writes ``%12,5`` exactly as the app does.
"""

from __future__ import annotations

from gendermap.numbers import format_date as fmt_date
from gendermap.numbers import format_int as fmt_int
from gendermap.numbers import format_number as fmt_num
from gendermap.numbers import format_share as fmt_share
from gendermap.numbers import format_value as fmt_value

__all__ = ["LANGS", "check_lang", "fmt_date", "fmt_int", "fmt_num", "fmt_share", "fmt_value", "t"]

LANGS = ("tr", "en")

_S: dict[str, tuple[str, str]] = {
    # key: (Turkish, English)
    "report_title": ("İlçe raporu", "District report"),
    "subtitle": (
        "Mahalle düzeyinde toplumsal cinsiyet eşitliği göstergeleri",
        "Neighbourhood-level gender equality indicators",
    ),
    "page": ("Sayfa {page}", "Page {page}"),
    "footer": ("gendermap · {district}, {province} · {date}", "gendermap · {district}, {province} · {date}"),
    "district": ("İlçe", "District"),
    "province": ("İl", "Province"),
    "date": ("Rapor tarihi", "Report date"),
    "mahalle_count": ("Mahalle sayısı", "Neighbourhoods (mahalle)"),
    "vintages": ("Veri yılları", "Data vintages"),
    "sources": ("Kaynaklar", "Sources"),
    "method": ("Bileşik endeks yöntemi", "Composite index method"),
    "method_eige": ("EIGE tipi (fark × düzeltme katsayısı)", "EIGE-style (gap × correcting coefficient)"),
    "method_gap_only": ("Yalnızca fark", "Gap only"),
    "method_minmax": ("En küçük–en büyük normalleştirme", "Min–max normalisation"),
    "more_sources": (
        "{n} gösterge kaynağı ('Kaynaklar ve lisanslar' bölümünde)",
        "{n} indicator sources (see 'Sources and licences')",
    ),
    "demo_notice": (
        "Bu rapordaki bazı değerler ÖRNEK VERİ'dir: hiçbir açık kaynak mahalle düzeyinde "
        "cinsiyete göre sayım yayımlamadığı için gerçek toplamlara ve ilçe paylarına göre "
        "üretilmiş gösterim değerleridir. Karar almak için kullanmayın; belediyenin kendi "
        "verisi içe aktarıldığında bu uyarı kalkar.",
        "Some values in this report are DEMO DATA: no open source publishes mahalle counts "
        "by sex, so they are demonstration values calibrated to real totals and district "
        "margins. Do not use them for decisions; the notice disappears once the "
        "municipality's own data are imported.",
    ),
    # sections
    "sec_summary": ("Özet", "Summary"),
    "sec_maps": ("Haritalar", "Maps"),
    "sec_tables": ("Mahalle tabloları", "Neighbourhood tables"),
    "sec_indicators": ("Göstergeler: ilçe ve il karşılaştırması", "Indicators: district and province"),
    "sec_focus": ("Odak ilçe ölçütleri", "Focus-district criteria"),
    "sec_method": ("Yöntem özeti", "Methodology summary"),
    "sec_sources": ("Kaynaklar ve lisanslar", "Sources and licences"),
    # summary
    "pop_by_sex": ("Cinsiyete göre nüfus", "Population by sex"),
    "women": ("Kadın", "Women"),
    "men": ("Erkek", "Men"),
    "total": ("Toplam", "Total"),
    "pop_source": ("Kaynak: {source}, {year}", "Source: {source}, {year}"),
    "pop_sentence": (
        "{district} ilçesinde {year} yılında {total} kişi yaşıyor: {women} kadın ({share}) ve {men} erkek.",
        "In {year}, {total} people lived in {district}: {women} women ({share}) and {men} men.",
    ),
    "pop_sentence_total": (
        "{district} ilçesinin {year} nüfusu {total} kişidir; cinsiyete göre döküm bulunamadı.",
        "{district} had {total} inhabitants in {year}; no breakdown by sex was found.",
    ),
    "score": ("Sentez puanı", "Synthesis score"),
    "rank": ("İlçeler arasında sıra", "Rank among districts"),
    "rank_interval": ("Sıra aralığı (%5–%95)", "Rank interval (5–95 %)"),
    "score_sentence": (
        "{district} ilçesinin sentez puanı {score} (100 tam eşitlik). İki ildeki {n} ilçe "
        "arasında {rank}. sırada; yöntem ve ağırlık belirsizliği hesaba katıldığında sırası "
        "{low} ile {high} arasında değişiyor (1 = en eşit).",
        "{district} has a synthesis score of {score} (100 = full equality). It ranks "
        "{rank} of the {n} districts in both provinces; allowing for uncertainty in method "
        "and weights its rank lies between {low} and {high} (1 = most equal).",
    ),
    "score_missing": (
        "Bu ilçe için sentez puanı hesaplanamadı (yeterli veri yok).",
        "No synthesis score could be computed for this district (not enough data).",
    ),
    "gaps_province": ("İl geneline göre en büyük farklar", "Largest gaps against the province"),
    "gaps_both": ("İki ilin (İzmir ve Balıkesir) geneline göre en büyük farklar",
                  "Largest gaps against both provinces (İzmir and Balıkesir)"),
    "both_provinces": ("İki il", "Both provinces"),
    "gap_sentence": (
        "{label}: ilçede {value}, {where} genelinde {ref} — {diff} {dir}.",
        "{label}: {value} in the district, {ref} across {where} — {diff} {dir}.",
    ),
    "gap_better": ("daha iyi", "better"),
    "gap_worse": ("daha kötü", "worse"),
    "gap_points": ("{d} puan", "{d} points"),
    "gaps_none": ("Karşılaştırılabilir gösterge yok.", "No comparable indicators."),
    "women_value": ("kadınlar", "women"),
    # maps
    "map_overall": ("Sentez endeksi", "Synthesis index"),
    "map_theme": ("Tema endeksi: {theme}", "Theme index: {theme}"),
    "map_hotspots": ("Sıcak ve soğuk noktalar (yerel Moran I)", "Hot and cold spots (local Moran's I)"),
    "maps_intro": (
        "Endeks 0–100 arasıdır; daha yüksek = daha eşit. Her haritada sınıflar ilçenin "
        "mahallelerinin eşit sayılı (kantil) dilimleridir: renkler ilçe içindeki farkları "
        "gösterir. İki ildeki tüm mahallelerle karşılaştırma için tablolardaki sıraya bakın. "
        "Gri: veri yok.",
        "The index runs from 0 to 100; higher = more equal. On each map the classes are "
        "quantiles of the district's mahalle: colours show differences within the district. "
        "For comparisons with every mahalle of both provinces use the ranks in the tables. "
        "Grey: no data.",
    ),
    "map_caption": (
        "Sınıflar: ilçe içi kantiller, daha yüksek = daha eşit.",
        "Classes: quantiles within the district, higher = more equal.",
    ),
    "map_zoom": ("{title}: yakın plan", "{title}: close-up"),
    "map_zoom_mark": (
        "Kesikli çerçeve: bir sonraki yakın plan haritasının alanı.",
        "Dashed frame: the area of the close-up map that follows.",
    ),
    "map_zoom_caption": (
        "Mahallelerin çoğunun bulunduğu sık dokulu alan; renk sınıfları tüm ilçe haritasıyla aynı, "
        "sığan tüm mahalle adları yazılıdır.",
        "The dense area where most mahalle lie; colour classes as on the whole-district map, "
        "every mahalle named where its name fits.",
    ),
    "map_names_all": (
        "Haritaya sığan tüm mahalle adları yazılıdır (sığmayanlar yazılmaz; tablolarda hepsi var).",
        "Every mahalle whose name fits is named on the map (a name with no room is left out; "
        "the tables list all).",
    ),
    "map_names_bottom": (
        "Adı yazılı olanlar: en düşük puanlı on mahalleden adı sığanlar.",
        "Named on the map: the ten lowest-scoring mahalle, where the name fits.",
    ),
    "map_hot_caption": (
        "Sentez endeksinin yerel Moran (LISA) kümeleri: komşuluk ortak sınır ya da köşe (Queen), "
        "iki ilin tüm mahalleleri birlikte; 999 permütasyon, yanlış keşif oranı (FDR) düzeltmeli p ≤ 0,05.",
        "Local Moran (LISA) clusters of the synthesis index: neighbours share an edge or corner "
        "(Queen), all mahalle of both provinces together; 999 permutations, false-discovery-rate "
        "(FDR) adjusted p ≤ 0.05.",
    ),
    "hot_legend": ("Yerel Moran kümesi", "Local Moran cluster"),
    "hot_missing": (
        "Sıcak nokta analizi bulunamadı (build/hotspots.parquet yok); 'gendermap build' çalıştırın.",
        "No hot-spot analysis found (build/hotspots.parquet missing); run 'gendermap build'.",
    ),
    "hot_sentence": (
        "İlçenin {n} mahallesinden {parts}. Diğerleri FDR düzeltmesinden sonra anlamlı değil: "
        "endeksleri komşularınınkiyle rastlantıdan daha çok benzeşmiyor.",
        "Of the district's {n} mahalle, {parts}. The others are not significant after the FDR "
        "correction: their index is no more alike their neighbours' than chance would give.",
    ),
    "hot_part_ll": ("{k} tanesi eşitsizlik kümesinde (düşük–düşük)", "{k} {verb} in an inequality cluster (low–low)"),
    "hot_part_hh": ("{k} tanesi eşitlik kümesinde (yüksek–yüksek)", "{k} {verb} in an equality cluster (high–high)"),
    "hot_part_out": (
        "{k} tanesi komşularından belirgin biçimde ayrılıyor (aykırı)",
        "{k} {verb} clearly from {its} neighbours (outlier)",
    ),
    "and": ("ve", "and"),
    "hot_none": (
        "İlçenin {n} mahallesinin hiçbiri FDR düzeltmesinden sonra anlamlı bir kümede değil: "
        "endeksleri komşularınınkiyle rastlantının açıklayabileceğinden daha çok benzeşmiyor ya "
        "da ayrışmıyor. Bu bir sonuçtur: ilçede mekânsal olarak yoğunlaşmış bir eşitsizlik "
        "odağı görülmüyor.",
        "None of the district's {n} mahalle is in a significant cluster after the FDR "
        "correction: their index is no more alike (or unlike) their neighbours' than chance "
        "would explain. That is a finding: no spatially concentrated focus of inequality shows "
        "in this district.",
    ),
    "tbl_hot": ("Anlamlı kümelerdeki mahalleler", "Mahalle in significant clusters"),
    "col_cluster": ("Küme", "Cluster"),
    "hot_hh": ("Yüksek–yüksek: eşitlik kümesi", "High–high: equality cluster"),
    "hot_ll": ("Düşük–düşük: eşitsizlik kümesi", "Low–low: inequality cluster"),
    "hot_hl": ("Yüksek–düşük: eşitsiz komşular arasında daha eşit", "High–low: more equal among less equal"),
    "hot_lh": ("Düşük–yüksek: eşit komşular arasında daha eşitsiz", "Low–high: less equal among more equal"),
    "hot_not_significant": ("Anlamlı değil", "Not significant"),
    "hot_island": ("Komşusu yok (ada)", "No neighbours (island)"),
    "hot_no_data": ("Veri yok", "No data"),
    "hot_no_residents": ("Yerleşik nüfus yok", "No residents"),
    "hot_no_geometry": ("Sınır yok", "No boundary"),
    "no_data": ("Veri yok", "No data"),
    "north": ("K", "N"),
    "attribution": (
        "Sınırlar: TurkeyGeoJSON (MIT, 2021) · Nüfus: TÜİK ADNKS 2023 · gendermap",
        "Boundaries: TurkeyGeoJSON (MIT, 2021) · Population: TÜİK ABPRS 2023 · gendermap",
    ),
    "tbl_themes": ("Temalara göre ilçe puanı", "District score by theme"),
    "col_theme": ("Tema", "Theme"),
    "tbl_themes_note": (
        "Temalar için sıra, puana göre düz sıradır (1 = en eşit); belirsizlik aralığı yalnızca "
        "genel endeks için hesaplanır.",
        "Theme ranks are plain ranks by score (1 = most equal); the uncertainty interval is "
        "computed for the overall index only.",
    ),
    # tables
    "tbl_all": ("Tüm mahalleler", "All neighbourhoods"),
    "tbl_top": ("En yüksek puanlı on mahalle", "Ten highest-scoring neighbourhoods"),
    "tbl_bottom": ("En düşük puanlı on mahalle", "Ten lowest-scoring neighbourhoods"),
    "col_mahalle": ("Mahalle", "Neighbourhood"),
    "col_code": ("TÜİK kodu", "TÜİK code"),
    "col_pop": ("Nüfus", "Population"),
    "col_score": ("Endeks", "Index"),
    "col_rank": ("Sıra", "Rank"),
    "col_interval": ("Sıra aralığı", "Rank interval"),
    "col_flags": ("Güvenilirlik", "Reliability"),
    "col_indicator": ("Gösterge", "Indicator"),
    "col_unit": ("Birim", "Unit"),
    "col_district_w": ("İlçe K", "District W"),
    "col_district_m": ("İlçe E", "District M"),
    "col_province_w": ("İl K", "Province W"),
    "col_other_w": ("{other} K", "{other} W"),
    "col_diff": ("Fark (K)", "Gap (W)"),
    "flags_ok": ("iyi", "good"),
    "flag_unreliable": ("{n} güvenilmez", "{n} unreliable"),
    "flag_suppressed": ("{n} gizlenmiş", "{n} suppressed"),
    "flag_no_data": ("{n} veri yok", "{n} no data"),
    "flag_unstable": ("sıra kararsız", "rank unstable"),
    "tbl_rank_note": (
        "Sıra, iki ildeki tüm mahalleler arasındadır (1 = en eşit); aralık, yöntem ve ağırlık "
        "seçimlerinin Monte Carlo analizinden %5–%95 dilimidir. Güvenilirlik: küçük payda veya "
        "yüksek göreli standart hata nedeniyle işaretlenen gösterge sayısı.",
        "Ranks are among all neighbourhoods of both provinces (1 = most equal); the interval is "
        "the 5–95 % range of a Monte Carlo analysis over method and weight choices. Reliability: "
        "number of indicators flagged for a small denominator or a high relative standard error.",
    ),
    "tbl_ind_note": (
        "K: kadın, E: erkek. Fark: ilçedeki kadın değeri eksi il genelindeki kadın değeri; "
        "yön, göstergenin 'daha iyi' tanımına göre ↑ iyi, ↓ kötü (yalnızca endeksteki göstergeler). "
        "–: veri yok ya da gizlilik kuralı gereği gösterilmiyor (bir toplam, gizlenmiş küçük bir "
        "hücreyi çıkarma yoluyla açığa vurabilecekse).",
        "W: women, M: men. Gap: the district's value for women minus the province's; "
        "↑ better, ↓ worse according to each indicator's direction (indicators in the index only). "
        "–: no data, or withheld by disclosure control (a total that would let a suppressed "
        "small cell be recovered by subtraction).",
    ),
    "unit_percent": ("%", "%"),
    "unit_per_1000": ("‰", "per 1000"),
    "unit_ratio": ("oran", "ratio"),
    "unit_count": ("sayı", "count"),
    # focus
    "focus_intro": (
        "Odak ilçe sıralaması, {n} ilçeyi aşağıdaki ölçütlerle karşılaştırır: her ölçüt ilçeler "
        "arasında 0–1 aralığına getirilir (1 = en öncelikli), ağırlıklarla 0–100 öncelik "
        "puanında birleştirilir. Varsayılan ağırlıklar kullanılmıştır; uygulamada değiştirilebilir.",
        "The focus-district ranking compares the {n} districts on the criteria below: each "
        "criterion is scaled 0–1 across districts (1 = most priority) and combined with weights "
        "into a 0–100 priority score. Default weights are used; the app lets you change them.",
    ),
    "focus_intro_page": (
        "Odak ilçe sıralaması, {n} ilçeyi aşağıdaki ölçütlerle karşılaştırır: her ölçüt ilçeler "
        "arasında 0–1 aralığına getirilir (1 = en öncelikli), ağırlıklarla 0–100 öncelik "
        "puanında birleştirilir. Ağırlıklar, raporun yapıldığı sayfada seçilenlerdir.",
        "The focus-district ranking compares the {n} districts on the criteria below: each "
        "criterion is scaled 0–1 across districts (1 = most priority) and combined with weights "
        "into a 0–100 priority score. The weights are those chosen on the page the report was made from.",
    ),
    "focus_selected_page": (
        "{district}, öncelik puanı {score} ile {n} ilçe arasında {rank}. sırada ve sayfada seçilen "
        "ayarlarla odak ilçe listesinde (ilk {k}).",
        "{district} ranks {rank} of {n} districts with a priority score of {score} and is on "
        "the focus-district shortlist for the page's settings (top {k}).",
    ),
    "focus_not_selected_page": (
        "{district}, öncelik puanı {score} ile {n} ilçe arasında {rank}. sırada; sayfada seçilen "
        "ayarlarla odak ilçe listesinde (ilk {k}) değil.",
        "{district} ranks {rank} of {n} districts with a priority score of {score}; it is not "
        "on the focus-district shortlist for the page's settings (top {k}).",
    ),
    "focus_selected": (
        "{district}, öncelik puanı {score} ile {n} ilçe arasında {rank}. sırada ve varsayılan "
        "odak ilçe listesinde (ilk {k}).",
        "{district} ranks {rank} of {n} districts with a priority score of {score} and is on "
        "the default focus-district shortlist (top {k}).",
    ),
    "focus_not_selected": (
        "{district}, öncelik puanı {score} ile {n} ilçe arasında {rank}. sırada; varsayılan "
        "odak ilçe listesinde (ilk {k}) değil.",
        "{district} ranks {rank} of {n} districts with a priority score of {score}; it is not "
        "on the default focus-district shortlist (top {k}).",
    ),
    "focus_unranked": (
        "{district} sıralanamadı: ölçütlerin hiçbiri için veri yok.",
        "{district} could not be ranked: no criterion has data.",
    ),
    "focus_missing": (
        "Odak ilçe ölçütleri bulunamadı (build/focus.parquet yok ya da bu ilçeyi içermiyor); "
        "'gendermap build' çalıştırın.",
        "No focus-district criteria found (build/focus.parquet missing or without this "
        "district); run 'gendermap build'.",
    ),
    "focus_note": (
        "Sıra: ilçenin bu ölçütte önceliğe göre yeri (1 = en öncelikli). Puan: ölçütün 0–100 "
        "öncelik puanına katkısı; koyu satırlar en çok katkı verenler. Ağırlığı 0 olan ölçüt "
        "yalnızca bilgi içindir.",
        "Position: the district's place on this criterion in order of priority (1 = most "
        "priority). Points: the criterion's contribution to the 0–100 priority score; bold rows "
        "contribute most. A criterion with weight 0 is shown for information only.",
    ),
    "col_criterion": ("Ölçüt", "Criterion"),
    "col_value": ("Değer", "Value"),
    "col_position": ("Sıra", "Position"),
    "col_weight": ("Ağırlık", "Weight"),
    "col_points": ("Puan", "Points"),
    "yes": ("evet", "yes"),
    "no": ("hayır", "no"),
    # method
    "method_text": (
        "Her gösterge mahalle düzeyinde sayılardan (pay ve payda, cinsiyete göre) hesaplanır; "
        "oranlar asla tek başına saklanmaz. Paydası küçük ya da göreli standart hatası yüksek "
        "oranlar işaretlenir veya gizlenir, bu işaret her tablo ve haritada taşınır.\n"
        "Sentez endeksi EIGE Toplumsal Cinsiyet Eşitliği Endeksi yöntemini izler: her gösterge "
        "için kadın-erkek farkı Γ = |x_K / x̄ − 1|, düzeltme katsayısı α = x̄ / max x̄, gösterge "
        "puanı 1 + 99·α·(1 − Γ); tema içinde aritmetik, temalar arasında geometrik ortalama. "
        "Permanyer'in (2015) eleştirisi nedeniyle yalnızca farka dayalı bir değişken de hesaplanır.\n"
        "Belirsizlik, OECD/JRC Bileşik Göstergeler El Kitabı'ndaki gibi ağırlık ve yöntem "
        "seçimleri üzerinde Monte Carlo ile ölçülür: her birim için medyan sıra ve %5–%95 "
        "sıra aralığı. Sıcak noktalar, yerel Moran I (LISA) ile permütasyon p değerleri ve "
        "yanlış keşif oranı düzeltmesiyle bulunur.",
        "Every indicator is computed from mahalle counts (numerator and denominator, by sex); "
        "rates are never stored alone. Rates with a small denominator or a high relative "
        "standard error are flagged or suppressed, and the flag is carried into every table and map.\n"
        "The synthesis index follows the EIGE Gender Equality Index: for each indicator the gap "
        "Γ = |x_W / x̄ − 1|, the correcting coefficient α = x̄ / max x̄, the score "
        "1 + 99·α·(1 − Γ); arithmetic mean within a theme, geometric across themes. Because of "
        "Permanyer's (2015) critique a gap-only variant is computed beside it.\n"
        "Uncertainty is measured as in the OECD/JRC Handbook on Constructing Composite "
        "Indicators, by Monte Carlo over weights and method choices: a median rank and a "
        "5–95 % rank interval per unit. Hot spots come from local Moran's I (LISA) with "
        "permutation p-values and a false-discovery-rate correction.",
    ),
    "col_source": ("Kaynak", "Source"),
    "col_year": ("Yıl", "Year"),
    "col_licence": ("Lisans", "Licence"),
    "col_synthetic": ("Örnek veri", "Demo data"),
    "base_sources": ("Temel veriler", "Base data"),
}

# Base data every report rests on (SOURCES.md): (name, year, licence, note tr, note en)
BASE_SOURCES: tuple[tuple[str, str, str, str, str], ...] = (
    (
        "TurkeyGeoJSON (cagriozkurt)",
        "2021",
        "MIT",
        "Mahalle, ilçe ve il sınırları; resmî değildir",
        "Mahalle, district and province boundaries; not official",
    ),
    (
        "TÜİK ADNKS (MEDAS)",
        "2023",
        "Kamu istatistiği",
        "Mahalle nüfusları (toplam)",
        "Mahalle populations (total)",
    ),
    (
        "il-ilce-json (snrylmz)",
        "2021",
        "Kamu istatistiği",
        "İlçe nüfusu, cinsiyete göre",
        "District population by sex",
    ),
    (
        "TÜİK seçim istatistikleri (danyelkoca/tuik)",
        "2018",
        "Kamu istatistiği",
        "İlçe, yaş grubu ve cinsiyete göre seçmen sayıları",
        "Registered voters by district, age group and sex",
    ),
)


def check_lang(lang: str) -> str:
    if lang not in LANGS:
        raise ValueError(f"Unknown language '{lang}'. Use one of: {', '.join(LANGS)}.")
    return lang


def t(key: str, lang: str, **kwargs: object) -> str:
    """The phrase ``key`` in ``lang`` with ``{placeholders}`` filled."""
    tr, en = _S[key]
    text = tr if check_lang(lang) == "tr" else en
    return text.format(**kwargs) if kwargs else text
