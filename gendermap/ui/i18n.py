"""Interface strings, Turkish first, English on the switch.

Why one table: every page reads the same words, and a missing English string shows
the Turkish one rather than a key. Data labels (indicator names, themes) come from the
catalogue in the chosen language; only the interface's own words live here.
"""

from __future__ import annotations

import streamlit as st

from gendermap.ui import state

STRINGS: dict[str, tuple[str, str]] = {
    # navigation
    "page.harita": ("Harita", "Map"),
    "page.sentez": ("Sentez", "Synthesis"),
    "page.karsilastir": ("Karşılaştır", "Compare"),
    "page.odak": ("Odak ilçeler", "Focus districts"),
    "page.veri": ("Veri", "Data"),
    "page.yontem": ("Yöntem", "Method"),
    "page.izleme": ("İzleme", "Monitoring"),
    "page.veri_girisi": ("Veri girişi", "Data entry"),
    "page.giris": ("Giriş", "Sign in"),
    "page.ihtiyac": ("İhtiyaç analizi", "Needs analysis"),
    "page.geri_bildirim": ("Geri bildirim", "Feedback"),
    "page.calistay": ("Çalıştay", "Workshop"),
    "page.gostergeler": ("Göstergeler", "Indicators"),
    "app.title": ("Toplumsal cinsiyet eşitsizliği haritası", "Gender inequality map"),
    "app.subtitle": ("İzmir ve Balıkesir, mahalle düzeyinde", "İzmir and Balıkesir, by neighbourhood"),
    "lang.switch": ("English", "English"),
    "demo.banner": (
        "ÖRNEK VERİ / DEMO DATA — Mahalle değerleri gösterim için üretilmiş örnek verilerdir (gerçek nüfusa ve "
        "ilçelerin kadın/erkek dağılımına göre ayarlı). Gerçek verilerinizi 'Veri' sayfasından yükleyebilirsiniz.",
        "ÖRNEK VERİ / DEMO DATA — Mahalle values are generated demonstration values (calibrated to real "
        "populations and district sex ratios). Upload real data on the 'Data' page.",
    ),
    "nobuild": (
        "Harita verisi henüz hazır değil. Komut satırında `gendermap build` çalıştırın; "
        "ardından bu sayfayı yenileyin.",
        "The map data is not built yet. Run `gendermap build` on the command line, then reload.",
    ),
    "url.notes": ("Bağlantıdaki bazı ayarlar kullanılamadı:", "Some settings in the link could not be used:"),
    "nav.not_found": ("Aradığınız sayfa bulunamadı; Harita açıldı.", "The page you asked for was not found; the map is open instead."),
    # filters
    "f.filters": ("Süzgeçler", "Filters"),
    "f.loading": ("Süzgeçler harita çizilince gelir…", "The filters follow once the map is drawn…"),
    "f.province": ("İl", "Province"),
    "f.districts": ("İlçeler (boş: hepsi)", "Districts (empty: all)"),
    "f.choose": ("Seçin…", "Choose…"),
    "syn.w.expander": ("Gösterge ağırlıkları", "Indicator weights"),
    "syn.w.note": ("Tema içinde göstergelerin göreli ağırlığı; 0 göstergeyi endeksten çıkarır.",
             "Relative weight of an indicator inside its theme; 0 leaves it out of the index."),
    "syn.w.old_build": ("Bu derlemede gösterge puanları yok (indicator_scores.parquet); gösterge ağırlıkları için "
                  "`gendermap build` yeniden çalıştırılmalı.",
                  "This build has no indicator scores (indicator_scores.parquet); rerun `gendermap build` "
                  "to weight indicators."),
    "syn.w.all_zero": ("Tüm tema ağırlıkları sıfır: endeks hesaplanamaz. En az bir temaya sıfırdan büyük ağırlık verin.",
                 "All theme weights are zero: the index cannot be computed. Give at least one theme a positive weight."),
    "syn.w.theme_zero": ("“{theme}” temasının ağırlığı var ama tüm göstergelerinin ağırlığı sıfır: bir göstergeye "
                   "sıfırdan büyük ağırlık verin ya da tema ağırlığını 0 yapın.",
                   "Theme “{theme}” has a weight but all its indicators weigh zero: give one indicator a "
                   "positive weight or set the theme weight to 0."),
    "syn.w.invalid": ("Ağırlıklar kullanılamadı: {error}", "The weights cannot be used: {error}"),
    "f.all_districts": ("Tüm ilçeler", "All districts"),
    "f.theme": ("Tema", "Theme"),
    "f.indicator": ("Gösterge", "Indicator"),
    "f.sex": ("Kimin için", "For whom"),
    "sex.F": ("Kadınlar", "Women"),
    "sex.M": ("Erkekler", "Men"),
    "sex.T": ("Toplam", "Total"),
    "sex.gap": ("Fark (kadın − erkek)", "Gap (women − men)"),
    "f.scheme": ("Sınıflama", "Classification"),
    "scheme.quantiles": ("Eşit sayılı (dilimler)", "Quantiles"),
    "scheme.equalinterval": ("Eşit aralıklı", "Equal interval"),
    "scheme.fisherjenks": ("Doğal kırılmalar (Fisher-Jenks)", "Natural breaks (Fisher-Jenks)"),
    "scheme.naturalbreaks": ("Doğal kırılmalar (k-ortalama)", "Natural breaks (k-means)"),
    "scheme.prettybreaks": ("Yuvarlak sınırlar", "Pretty breaks"),
    "f.classes": ("Sınıf sayısı", "Number of classes"),
    "f.smooth": ("Küçük mahalleleri dengele (Bayes düzeltmesi)", "Stabilise small mahalle (Bayes smoothing)"),
    "smooth.none": ("Düzeltme yok (yayımlanan değerler)", "No smoothing (published values)"),
    "smooth.global": ("Genel ortalamaya doğru (genel Bayes)", "Towards the overall rate (global Bayes)"),
    "smooth.spatial": ("Komşu mahallelere doğru (mekânsal Bayes)", "Towards neighbouring mahalle (spatial Bayes)"),
    "tip.smoothed": ("düzeltilmiş", "smoothed"),
    "tip.raw": ("ham değer", "raw value"),
    "f.reliable": ("Yalnız güvenilir değerler", "Reliable values only"),
    "f.tiles": ("OpenStreetMap altlığı (internet gerekir)", "OpenStreetMap background (needs internet)"),
    # map and panel
    "map.table": ("Tablo olarak göster", "Show as a table"),
    "map.table.lisa": ("Sıcak noktaları tablo olarak göster", "Show the hot spots as a table"),
    "map.region": ("Harita", "Map"),
    "map.click": ("Ayrıntı için haritada bir mahalleye tıklayın.", "Click a mahalle on the map for details."),
    "legend.title": ("Lejant", "Legend"),
    "png.save": ("Harita resmi (PNG)", "Map picture (PNG)"),
    "png.help": ("Bu haritayı lejant ve kaynağıyla indirir: {name}", "Downloads this map with its legend and source: {name}"),
    "png.source": ("Kaynak", "Source"),
    "legend.nodata": ("Veri yok / gizlendi", "No data / suppressed"),
    "panel.title": ("Mahalle ayrıntısı", "Mahalle details"),
    "panel.close": ("Kapat", "Close"),
    "panel.municipality": ("{name}: eşitlik çalışmaları", "{name}: equality work"),
    "panel.monitored": ("Yayımlanmış izleme göstergesi: {n}; hedefe doğru: {on}, hedefin gerisinde: {off}.",
                        "Published monitoring indicators: {n}; on track: {on}, off track: {off}."),
    "panel.assessment": ("İhtiyaç analizi ({round}): genel puan {score} / 100.",
                         "Needs analysis ({round}): overall score {score} / 100."),
    "panel.to_monitoring": ("İzleme sayfasında aç", "Open in Monitoring"),
    "panel.report": ("İlçe raporunu indir (PDF)", "Download the district report (PDF)"),
    "panel.making": ("İlçe raporu hazırlanıyor…", "Preparing the district report…"),
    "panel.reading": ("Derleme tabloları okunuyor…", "Reading the build tables…"),
    "panel.rendering": ("PDF yazılıyor…", "Writing the PDF…"),
    "panel.ready": ("Rapor hazır", "Report ready"),
    "col.mahalle": ("Mahalle", "Mahalle"),
    "col.district": ("İlçe", "District"),
    "col.province": ("İl", "Province"),
    "col.value": ("Değer", "Value"),
    "col.interval": ("%95 aralık", "95% interval"),
    "col.flag": ("Güvenilirlik", "Reliability"),
    "col.rank": ("İl içi sıra", "Rank in province"),
    "col.class": ("Sınıf", "Class"),
    "col.indicator": ("Gösterge", "Indicator"),
    "col.district_value": ("İlçe", "District"),
    "col.province_value": ("İl", "Province"),
    "col.code": ("TÜİK kodu", "TÜİK code"),
    "flag.ok": ("güvenilir", "reliable"),
    "flag.unreliable": ("dikkatli yorumlayın", "interpret with care"),
    "flag.suppressed": ("gizlendi (küçük sayı)", "suppressed (small numbers)"),
    "flag.no_data": ("veri yok", "no data"),
    "flag.no_residents": ("yerleşik nüfus yok", "no residents"),
    "rank.of": ("{rank} / {n}", "{rank} of {n}"),
    # synthesis
    "s.method": ("Yöntem", "Method"),
    "method.eige": ("EIGE tarzı (fark × başarı)", "EIGE-style (gap × achievement)"),
    "method.gap_only": ("Yalnız fark", "Gap only"),
    "method.minmax": ("En küçük–en büyük ölçekleme", "Min–max scaling"),
    "s.weights": ("Tema ağırlıkları", "Theme weights"),
    "s.weights.note": (
        "Ağırlıklar temaların endekse katkısını değiştirir (0 = temayı dışarıda bırak); göstergelerin "
        "ağırlıkları aşağıdaki bölümde. Gösterge puanları derlemede tüm sayılardan hesaplanır.",
        "Weights change how much each theme counts (0 = leave it out); indicator weights are in the "
        "section below. Indicator scores come from the build, computed from all counts.",
    ),
    "s.smooth": ("Endeks için Bayes düzeltmesi", "Bayes smoothing for the index"),
    "s.smooth.using": ("Oranlar: {kind}.", "Rates: {kind}."),
    "s.year": ("Endeks yılı", "Index year"),
    "s.year.reference": ("Her göstergenin ana yılı", "Each indicator's main year"),
    "s.year.note": (
        "Bir yıl seçilince her gösterge o yıla kadarki en son yılıyla girer; o yıla kadar verisi olmayan "
        "gösterge dışarıda kalır. Bir göstergede yıllar karıştırılmaz: o yılda verisi olmayan mahalle için "
        "gösterge eksik sayılır.",
        "With a year chosen, each indicator counts with its latest year up to it; an indicator with no data "
        "up to that year is left out. Years are never mixed within an indicator: a mahalle missing from "
        "that year is missing for it.",
    ),
    "s.year.using": ("Endeks {year} itibarıyla.", "Index as of {year}."),
    "s.year.older": ("Daha eski yılla girenler: {items}.", "Counted with an earlier year: {items}."),
    "s.year.left_out": ("Dışarıda kalanlar: {items}.", "Left out: {items}."),
    "s.index": ("Eşitlik endeksi (yüksek = daha eşit)", "Equality index (higher = more equal)"),
    "s.uncertainty": ("Sıra belirsizliği (%5–%95 aralığının genişliği)", "Rank uncertainty (width of the 5–95% interval)"),
    "s.lisa": ("Sıcak / soğuk noktalar (LISA)", "Hot / cold spots (LISA)"),
    # tab labels: short, so three fit on a 390 px phone (the maps keep the long titles above)
    "s.tab.index": ("Endeks", "Index"),
    "s.tab.uncertainty": ("Sıra belirsizliği", "Rank uncertainty"),
    "s.tab.lisa": ("Sıcak noktalar", "Hot spots"),
    "s.score": ("Endeks", "Index"),
    "s.rank": ("Sıra (seçili ağırlıklar)", "Rank (chosen weights)"),
    "s.rank_mc": ("Medyan sıra (belirsizlik analizi)", "Median rank (uncertainty analysis)"),
    "s.rank_low": ("Sıra aralığı: alt (%5)", "Rank interval: low (5%)"),
    "s.rank_high": ("Sıra aralığı: üst (%95)", "Rank interval: high (95%)"),
    "s.districts": ("İlçe endeksi (aynı yöntem ve ağırlıklarla)", "District index (same method and weights)"),
    "s.districts.note": ("İlçe puanı, ilçedeki mahallelerin toplanmış sayılarından hesaplanır (mahalle puanlarının "
                         "ortalaması değildir); sıralar, puanı olan {n} ilçe arasındadır (iki il birlikte).",
                         "A district's score is computed from the pooled counts of its mahalle (not an average of "
                         "mahalle scores); ranks are out of the {n} districts with a score (both provinces)."),
    "s.width": ("Aralık genişliği", "Interval width"),
    # rank-table headers short enough for a phone (the long ones above are their tooltips)
    "s.rank.short": ("Sıra", "Rank"),
    "s.rank_low.short": ("Alt {p5}", "Low {p5}"),
    "s.rank_high.short": ("Üst {p95}", "High {p95}"),
    "s.score.short": ("Endeks", "Index"),
    "s.width.short": ("Genişlik", "Width"),
    "s.rank_mc.short": ("Medyan", "Median"),
    "s.lisa.HH": ("Yüksek–yüksek (daha eşit küme)", "High–high (more equal cluster)"),
    "s.lisa.LL": ("Düşük–düşük (eşitsizlik kümesi)", "Low–low (inequality cluster)"),
    "s.lisa.HL": ("Yüksek–düşük", "High–low"),
    "s.lisa.LH": ("Düşük–yüksek", "Low–high"),
    "s.lisa.ns": ("Anlamlı değil", "Not significant"),
    "s.lisa.note": ("Yerel Moran I, 9.999 permütasyon, yanlış keşif oranı düzeltmesiyle (p ≤ 0,05); komşuluk "
                    "seçili alandaki nüfuslu mahalleler arasında. Kırmızı: birbirine komşu eşitsiz mahalleler.",
                    "Local Moran's I, 9,999 permutations, false discovery rate corrected (p ≤ 0.05); neighbours "
                    "among the populated mahalle of the chosen area. Red: neighbouring mahalle that are all less equal."),
    "s.moran": ("Genel Moran I = {i} (p = {p}; {n} mahalle, {islands} komşusuz; {perms} permütasyon): pozitif "
                "değer, benzer endeksli mahallelerin yan yana olduğunu gösterir.",
                "Global Moran's I = {i} (p = {p}; {n} mahalle, {islands} without neighbours; {perms} permutations): "
                "a positive value means mahalle with similar index values sit side by side."),
    "s.moran.none": ("Genel Moran I hesaplanamadı (alanda yeterli komşu mahalle yok).",
                     "Global Moran's I could not be computed (too few neighbouring mahalle in the area)."),
    "s.rank_area": ("Sıralar ve %5–%95 sıra aralıkları seçili alandaki {n} mahalle arasındadır (1 = en eşit); "
                    "aralık, seçtiğiniz ağırlıklar ve yöntem çevresinde 1.000 Monte Carlo çekilişinden gelir.",
                    "Ranks and 5–95% rank intervals are out of the {n} mahalle of the chosen area (1 = most equal); "
                    "the interval comes from 1,000 Monte Carlo draws around your weights and method."),
    "s.nosynth": ("Sentez sonuçları henüz yok (gendermap build).", "No synthesis results yet (gendermap build)."),
    # compare
    "c.units": ("Karşılaştırılacak mahalleler (2–6)", "Mahalle to compare (2–6)"),
    "c.level": ("Düzey", "Level"),
    "c.level.mahalle": ("Mahalle", "Mahalle"),
    "c.level.district": ("İlçe", "District"),
    "c.need": ("En az 2, en fazla 6 birim seçin.", "Choose between 2 and 6 units."),
    "c.parity": ("Eşitlik çizgisi (kadın/erkek = 1)", "Parity line (women/men = 1)"),
    "c.bivariate": ("İki göstergeli harita", "Bivariate map"),
    "c.x": ("Birinci gösterge", "First indicator"),
    "c.y": ("İkinci gösterge", "Second indicator"),
    "c.x.sex": ("Birinci göstergede", "First indicator shows"),
    "c.y.sex": ("İkinci göstergede", "Second indicator shows"),
    "c.bv.unknown": ("Bağlantıdaki gösterge bilinmiyor, ilk gösterge kullanıldı: {ids}", "Indicator in the link is unknown, the first one is used: {ids}"),
    "c.bv.note": ("Her eksen, haritada gösterilen mahallelerde üçte birlik dilimlere (düşük, orta, yüksek) ayrılır; "
                  "koyu köşe: iki gösterge de yüksek.",
                  "Each axis is cut into thirds (low, middle, high) over the mahalle shown; dark corner: both indicators high."),
    "c.bv.nodata": ("Veri yok (en az bir göstergede)", "No data (for at least one indicator)"),
    "c.bv.noresidents": ("Yerleşik nüfus yok", "No residents"),
    "c.unit": ("Birim", "Unit"),
    "c.indicator": ("Gösterge", "Indicator"),
    "c.ratio": ("Kadın / erkek", "Women / men"),
    # focus
    "o.criteria": ("Ölçütler ve ağırlıkları", "Criteria and weights"),
    "o.shortlist": ("Öncelikli ilçeler", "Priority districts"),
    "o.top": ("Kısa listede kaç ilçe", "Districts in the shortlist"),
    "o.criterion": ("Ölçüt", "Criterion"),
    "o.weight": ("Ağırlık (0 = kullanma)", "Weight (0 = leave out)"),
    "o.higher": ("Yüksek değer öncelik", "Higher value = priority"),
    "o.score": ("Öncelik puanı (0–100)", "Priority score (0–100)"),
    "o.rank": ("Sıra", "Rank"),
    "o.others": ("Diğer ilçeler", "Other districts"),
    "o.reasons": ("Gerekçe", "Reasons"),
    "o.report.pick": ("Rapor için ilçe", "District for the report"),
    "o.report": ("Bu sayfanın ayarlarıyla ilçe raporu (PDF)", "District report with this page's settings (PDF)"),
    "o.crit.note": ("Ağırlıklar ve yönler bağlantıda saklanır; indirilen dosyanın Ayarlar sayfası listenin nasıl yapıldığını yazar.",
                    "Weights and directions are kept in the link; the Settings sheet of the download says how the list was made."),
    "o.crit.default": ("varsayılan", "default"),
    "o.area": ("Hangi ilçeler arasında sıralansın?", "Rank among which districts?"),
    "o.area.districts": ("Yalnız süzgeçte seçili ilçeler", "Only the districts chosen in the filter"),
    "o.area.provinces": ("Bu ilçelerin illerindeki tüm ilçeler", "All districts of their provinces"),
    "o.area.one": ("Süzgeçte tek ilçe var: tek başına sıralanınca karşılaştırma yapılamaz; illerindeki ilçeler arasında sıralayın.",
                   "The filter holds one district: ranked alone it is compared with nothing; rank it among its province's districts."),
    "o.area.caption": ("{n} ilçe arasında sıralandı: {area}. Yöntem: {method}.", "Ranked among {n} districts: {area}. Method: {method}."),
    "o.mark": ("süzgeçte seçili", "chosen in the filter"),
    "o.all_zero": ("Bütün ölçütlerin ağırlığı 0: sıralama için en az bir ölçüte ağırlık verin.",
                   "Every criterion weighs 0: give at least one criterion a weight to rank."),
    "o.details": ("Gerekçeler (tam metin)", "Reasons (full text)"),
    "o.legend.title": ("Öncelik puanı (parantez içinde ilçe sayısı)", "Priority score (number of districts in brackets)"),
    "o.map.tip": ("İlçe {rank}. sırada ({n} ilçe arasında) · öncelik puanı {score}",
                  "District ranked {rank} of {n} · priority score {score}"),
    "o.map.unranked": ("İlçe sıralanamadı (ölçüt verisi yok)", "District not ranked (no criteria data)"),
    "o.map.short": ("kısa listede", "on the shortlist"),
    "o.map.outline": ("Kısa listedeki ilçe (kalın çerçeve)", "Shortlisted district (thick outline)"),
    "o.legend.mahalle": ("Kısa listedeki ilçelerde {n} mahalle var.", "The shortlisted districts hold {n} mahalle."),
    "o.set.sheet": ("Ayarlar", "Settings"),
    "o.set.list": ("Odak ilçeler", "Focus districts"),
    "o.set.label": ("Veri etiketi", "Data label"),
    "o.set.setting": ("Ayar", "Setting"),
    "o.set.value": ("Değer", "Value"),
    "o.set.made": ("Oluşturulma tarihi", "Made on"),
    "o.set.version": ("Veri sürümü", "Data version"),
    "o.set.data": ("Veri", "Data"),
    "o.set.real": ("Kaynak verisi (örnek değil)", "Source data (not demo)"),
    "o.set.method": ("Endeks yöntemi", "Index method"),
    "o.set.index_weights": ("Endeks ağırlıkları (tema / gösterge)", "Index weights (theme / indicator)"),
    "o.set.all_one": ("hepsi 1 (varsayılan)", "all 1 (default)"),
    "o.set.area": ("Sıralama alanı", "Ranking area"),
    "o.set.n": ("Sıralanan ilçe sayısı", "Districts ranked"),
    "o.set.top": ("Kısa listedeki ilçe sayısı", "Districts in the shortlist"),
    "o.set.criterion": ("Ölçüt: {label}", "Criterion: {label}"),
    "o.set.weight_dir": ("ağırlık {w} · {d}", "weight {w} · {d}"),
    "o.set.higher": ("yüksek değer = öncelik", "higher value = priority"),
    "o.set.lower": ("düşük değer = öncelik", "lower value = priority"),
    "o.set.unused": ("kullanılmadı (ağırlık 0)", "not used (weight 0)"),
    "o.set.link": ("Bağlantı parametreleri (aynı listeyi yeniden açar)", "Link parameters (reopen the same list)"),
    "o.set.provinces": ("{names} (tüm ilçeler)", "{names} (all districts)"),
    # data
    "d.download": ("Süzgece uyan veriyi indir", "Download the filtered data"),
    "d.format": ("Biçim", "Format"),
    "d.prepare": ("Dosyayı hazırla", "Prepare the file"),
    "d.save": ("İndir", "Download"),
    "d.match": ("Eşleştirme raporu", "Match report"),
    "d.quality": ("Veri kalitesi özeti", "Data quality summary"),
    "d.upload": ("Kendi verinizi yükleyin", "Upload your own data"),
    "d.upload.help": (
        "Şablon tablosu (CSV, XLSX), TÜİK MEDAS çıktısı (TXT, XLS, XLSX), harita dosyası (GeoJSON, "
        "GeoPackage) ya da bunların ZIP'i. Herkes dosyasını kontrol edebilir; önce sorunlar ve "
        "kaydedilirse neyin değişeceği gösterilir. Kaydetmek için yetkili bir hesapla giriş gerekir.",
        "Template table (CSV, XLSX), TÜİK MEDAS export (TXT, XLS, XLSX), map file (GeoJSON, "
        "GeoPackage) or a ZIP of those. Anyone may check a file; its problems and what storing it "
        "would change come first. Storing needs a sign-in with an account that may store data.",
    ),
    "up.indicator": ("Gösterge (dosyada yazmıyorsa)", "Indicator (if the file does not say)"),
    "up.year": ("Yıl (dosyada yazmıyorsa)", "Year (if the file does not say)"),
    "up.fromfile": ("Dosyada yazdığı gibi", "As in the file"),
    "up.check": ("Dosyayı kontrol et", "Check the file"),
    "up.busy": ("Bir dosya kontrol ediliyor; bitince yenisini başlatabilirsiniz.",
                "A file is being checked; you can start another when it is done."),
    "up.checking": ("{name} kontrol ediliyor… {s} sn", "Checking {name}… {s} s"),
    "up.failed": ("Dosya kontrol edilirken beklenmeyen bir hata oldu; hiçbir şey kaydedilmedi. Lütfen yeniden deneyin.",
                  "An unexpected error stopped the check; nothing was stored. Please try again."),
    "up.summary": ("{ok} satır kullanılabilir, {bad} satır reddedildi.", "{ok} rows usable, {bad} rows rejected."),
    "up.unusable": ("Bu dosyadan kaydedilecek satır yok; kayıtlı hiçbir şey değişmez. Sorunlar yukarıda.",
                    "Nothing in this file can be stored; nothing stored changes. See the problems above."),
    "up.changes": ("Kaydedilirse ne değişir (mahalle sayısı)", "What storing it would change (number of mahalle)"),
    "up.signin": ("Giriş yap", "Sign in"),
    "up.count": ("Mahalle sayısı", "Number of mahalle"),
    "up.changes.help": (
        "Bir gösterge ve yıl için gerçek değerler kaydedilince o gösterge-yılın örnek verileri kalkar "
        "(gerçek ve örnek değerler karıştırılmaz); dosyada olmayan mahalleler 'veri yok' görünür. "
        "Kaydı geri alırsanız önceki değerler, örnek veriler dahil, geri gelir.",
        "Once real values are stored for an indicator and year, that indicator-year's demo values go "
        "(real and demo values are never mixed); mahalle missing from the file show 'no data'. "
        "Undoing the import brings the earlier values back, demo values included.",
    ),
    "up.error": ("hata", "error"),
    "up.warning": ("uyarı", "warning"),
    "up.col.file": ("Dosya", "File"),
    "up.col.row": ("Satır", "Row"),
    "up.col.column": ("Sütun", "Column"),
    "up.col.severity": ("Önem", "Severity"),
    "up.col.problem": ("Sorun", "Problem"),
    "up.history": ("İçe aktarma geçmişi", "Import history"),
    "up.nohistory": ("Henüz içe aktarılmış dosya yok.", "No file has been imported yet."),
    "up.history.signin": ("İçe aktarma geçmişini görmek için giriş yapın.", "Sign in to see the import history."),
    "up.st.accepted": ("kaydedildi", "stored"),
    "up.st.partial": ("kısmen kaydedildi", "partly stored"),
    "up.st.rejected": ("reddedildi", "rejected"),
    "up.h.id": ("No", "No"),
    "up.h.when": ("Tarih", "When"),
    "up.h.who": ("Kim", "Who"),
    "up.h.file": ("Dosya", "File"),
    "up.h.status": ("Durum", "Status"),
    "up.h.rows": ("Satır", "Rows"),
    "up.h.what": ("Gösterge ve yıl", "Indicator and year"),
    "up.h.reverted": ("Geri alındı", "Reverted"),
    "up.revert.pick": ("Geri alınacak içe aktarma", "Import to undo"),
    "up.revert": ("Geri al", "Undo"),
    "up.reverted": ("#{id} geri alındı: {n} satır artık sayılmıyor; önceki değerler (örnek veriler dahil) geri geldi.",
                    "#{id} undone: {n} rows no longer count; the earlier values (demo values included) are back."),
    "d.accept": ("Geçerli satırları kaydet", "Store the valid rows"),
    "d.storing": ("Kaydediliyor ve göstergeler yeniden hesaplanıyor…", "Storing and recomputing the indicators…"),
    "d.stored": (
        "{n} satır kaydedildi (içe aktarma #{id}); haritalar artık bu gerçek verileri gösteriyor.",
        "{n} rows stored (import #{id}); the maps now show these real values.",
    ),
    "d.rejected": (
        "Dosya reddedildi; kayıtlı hiçbir şey değişmedi. Sorunlar yukarıda.",
        "The file was rejected; nothing stored has changed. See the problems above.",
    ),
    "d.norefresh": ("Değişiklik kaydedildi, ama haritalar henüz yeniden hesaplanamadı (harita verisi eksik). "
                    "Sistem yöneticisi harita verisini yeniden oluşturduğunda görünecek.",
                    "The change is stored, but the maps could not be recomputed yet (map data missing). "
                    "It will show once the administrator rebuilds the map data."),
    "d.problems": ("Sorunlar", "Problems"),
    "d.noproblems": ("Sorun bulunmadı.", "No problems found."),
    # method
    "y.intro": (
        "Bu sayfa her göstergenin ve endeksin nasıl hesaplandığını, kaynaklarını ve sınırlarını açıklar.",
        "This page explains how each indicator and the index are computed, their sources and limits.",
    ),
    "none": ("(yok)", "(none)"),
    "error.unexpected": (
        "Beklenmeyen bir hata oluştu; sayfayı yenileyip yeniden deneyin. Sürerse yöneticiye "
        "şu hata kodunu iletin: {code}",
        "Something went wrong; reload the page and try again. If it persists, give the "
        "administrator this error code: {code}",
    ),
    # years (gendermap.ui.years)
    "year.label": ("Yıl", "Year"),
    "year.only": ("Yıl: {year}", "Year: {year}"),
    "year.option": ("{year} ({n} mahalle)", "{year} ({n} mahalle)"),
    "change.title": ("Yıllar arası değişim", "Change between years"),
    "change.from": ("Önceki yıl", "Earlier year"),
    "change.to": ("Sonraki yıl", "Later year"),
    "change.mahalle": ("Mahalle", "Mahalle"),
    "change.district": ("İlçe", "District"),
    "change.province": ("İl", "Province"),
    "change.change": ("Değişim", "Change"),
    "change.relative": ("Değişim (oran)", "Relative change"),
    "change.note": (
        "Bir yılda değeri olmayan ya da gizlenen mahallenin değişimi hesaplanmaz (boş kalır); sıfır sayılmaz.",
        "A mahalle without a value, or with a withheld value, in either year has no change (left empty), never zero.",
    ),
    # embed (maps on other web sites; gendermap.ui.embed_ui)
    "embed.button": ("Sitenize ekleyin", "Embed on your site"),
    "embed.pick": (
        "Gömülebilir dosya için bir ilçe ya da tek bir il seçin.",
        "Choose one district or a single province for an embeddable file.",
    ),
    "embed.published": (
        "Dosya yayımlanan değerleri gösterir (düzleştirme ve güvenilirlik süzgeci uygulanmaz).",
        "The file shows the published values (no smoothing, no reliability filter).",
    ),
    "embed.make": ("Tek dosyalık haritayı hazırla (internet gerekmez)", "Prepare the one-file map (works offline)"),
    "embed.save": ("HTML dosyasını indir", "Download the HTML file"),
    "embed.live": (
        "**Canlı harita** — bu kodu sitenize yapıştırın:",
        "**Live map** — paste this code into your site:",
    ),
    "embed.width": ("Genişlik (piksel ya da %)", "Width (pixels or %)"),
    "embed.height": ("Yükseklik (piksel)", "Height (pixels)"),
    "col.ci_low": ("95 % aralık alt", "95 % interval low"),
    "col.ci_high": ("95 % aralık üst", "95 % interval high"),
    "col.value_smoothed": ("Düzeltilmiş değer", "Smoothed value"),
    "col.value_raw": ("Ham değer", "Raw value"),
    "col.ci_low_raw": ("Ham değer aralığı alt", "Raw value interval low"),
    "col.ci_high_raw": ("Ham değer aralığı üst", "Raw value interval high"),
    "d.excel_tr": ("Türkçe Excel: noktalı virgül, ondalık virgül, Türkçe başlıklar; sütunların anlamı veri sözlüğünde.",
                   "Turkish Excel: semicolons, decimal commas, Turkish headers; the data dictionary explains each column."),
    "landing.gaps": ("Bu alandaki en büyük üç kadın–erkek farkı", "The three largest women–men gaps in this area"),
    "search.label": ("Mahalle ya da ilçe ara", "Search a mahalle or district"),
    "search.placeholder": ("Adını yazın…", "Type a name…"),
    "search.district": ("ilçe", "district"),
}


def lang() -> str:
    return state.current().lang


def t(key: str, **fmt: object) -> str:
    """The string for ``key`` in the session's language (Turkish if English is missing)."""
    tr, en = STRINGS.get(key, (key, key))
    text = en if lang() == "en" and en else tr
    return text.format(**fmt) if fmt else text


def tr_en(key: str, language: str) -> str:
    """Non-session lookup (tests, exports)."""
    tr, en = STRINGS[key]
    return en if language == "en" else tr


def language_switch(rerun: bool = False) -> None:
    """An "English" toggle at the top of the sidebar; changes the view's language.

    With ``rerun`` the script starts again at once after a change, so what was drawn
    before the switch (the navigation) is relabelled in the same user action.
    """
    key = state.seed("lang_en", state.current().lang == "en")
    st.sidebar.toggle(STRINGS["lang.switch"][0], key=key, on_change=state.touch, args=(key,))
    wanted = "en" if st.session_state[key] else "tr"
    if wanted != state.current().lang:
        state.update(lang=wanted)
        if rerun:
            st.rerun()
