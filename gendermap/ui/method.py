"""Yöntem page: how every indicator and the index are computed, sources, licences, limits.

The indicator part is generated from the catalogue (the same entries that drive maps and
exports), so the page cannot drift from what the app computes. Catalogue text is escaped
by Streamlit's markdown only when we pass it as plain text, so it is escaped here.
"""

from __future__ import annotations

import streamlit as st

from gendermap import DEMO_LABEL
from gendermap.catalogue import Catalogue
from gendermap.maps import escape

SECTIONS: dict[str, tuple[str, str]] = {
    "data": (
        """**Veriler nereden geliyor?** Mahalle sınırları açık kaynaklı bir derlemeden (cagriozkurt/TurkeyGeoJSON,
MIT lisansı, 2021), mahalle nüfusları TÜİK ADNKS 2023 sonuçlarından, ilçelerin kadın/erkek nüfusu ve seçmen
sayıları TÜİK'ten gelir. Mahalle düzeyinde cinsiyete göre sayıları yayımlayan erişilebilir bir kaynak
olmadığından, mahalle göstergeleri **örnek verilerdir**: gerçek toplam nüfusa ve gerçek ilçe kadın/erkek
dağılımına göre ayarlanmış, tekrarlanabilir biçimde üretilmiş sayılar. Bunlar her harita, tablo, rapor ve
indirmede "{demo}" olarak işaretlenir. Belediyeler ve kuruluşlar gerçek sayıları 'Veri' sayfasından yükleyebilir.""",
        """**Where do the data come from?** Mahalle boundaries come from an open compilation
(cagriozkurt/TurkeyGeoJSON, MIT licence, 2021), mahalle populations from TÜİK's 2023 address-based register,
district populations and voters by sex from TÜİK. No reachable source publishes mahalle counts by sex, so the
mahalle indicators are **demonstration values**: reproducible numbers calibrated to the real total population
and the real district sex ratios. Every map, table, report and download built on them says "{demo}".
Municipalities and organisations can upload real counts on the 'Data' page.""",
    ),
    "rates": (
        """**Oranlar ve güvenilirlik.** Her oran sayılardan hesaplanır (pay / payda) ve %95 Wilson aralığıyla
verilir. Paydası küçük (30'dan az) ya da göreli standart hatası yüksek (%30'dan fazla) değerler "dikkatli
yorumlayın" olarak işaretlenir ve haritada soluk, kesikli kenarlı çizilir. Bir sayı 5'ten küçükse değer kişilerin
tanınmasını önlemek için gizlenir. İsteğe bağlı **Bayes düzeltmesi** küçük mahallelerin oranlarını genel orana
ya da komşu mahallelerin oranına doğru çeker (genel ve mekânsal ampirik Bayes, GeoDa/PySAL yöntemi); haritada ham
değer ve aralığı düzeltilmiş değerin kendi aralığının yanında kalır, Sentez'de endeks de düzeltilmiş oranlardan
hesaplanabilir.""",
        """**Rates and reliability.** Every rate is computed from counts (numerator / denominator) with a 95 %
Wilson interval. Values with a small denominator (under 30) or a high relative standard error (over 30 %) are
flagged "interpret with care" and drawn faded with a dashed outline. When a count is under 5 the value is
suppressed so nobody can be identified. Optional **Bayes smoothing** pulls small mahalle towards the overall rate
or towards their neighbours' rate (global and spatial empirical Bayes, as in GeoDa/PySAL); the map keeps the raw
value and its interval beside the smoothed value's own interval, and on Sentez the index can be computed from
smoothed rates.""",
    ),
    "index": (
        """**Eşitlik endeksi.** Üç yöntem sunulur. *EIGE tarzı*: Avrupa Toplumsal Cinsiyet Eşitliği Enstitüsü
endeksindeki gibi, kadın–erkek farkı Γ = |x_K / x̄ − 1| ve başarı düzeltmesi α ile 1 + 99·α·(1 − Γ) puanı;
temalar içinde aritmetik, temalar arasında geometrik ortalama. *Yalnız fark*: başarı düzeltmesi olmadan
(Permanyer 2015'in eleştirisine yanıt). *En küçük–en büyük*: göstergeler 0–100'e ölçeklenir. Ağırlıklar sizin
seçiminizdir; **sıra belirsizliği** ağırlıklar ve yöntemler rastgele değiştirilerek (Monte Carlo, OECD/JRC
el kitabı) her mahallenin medyan sırasını ve %5–95 aralığını verir. Geniş aralık, sıranın seçimlere bağlı
olduğunu gösterir.""",
        """**Equality index.** Three methods are offered. *EIGE-style*: as in the European Institute for Gender
Equality's index, the gap Γ = |x_W / x̄ − 1| and the correcting coefficient α give 1 + 99·α·(1 − Γ); arithmetic
mean within themes, geometric across themes. *Gap only*: without the achievement correction (answering Permanyer
2015). *Min–max*: indicators scaled 0–100. The weights are your choice; **rank uncertainty** varies weights and
methods at random (Monte Carlo, OECD/JRC handbook) and gives each mahalle's median rank and 5–95 % interval.
A wide interval means the rank depends on those choices.""",
    ),
    "limits": (
        """**Sınırlar.** Sınırlar 2021 tarihlidir; sonradan kurulan ya da adı değişen birkaç mahalle eşleştirme
raporunda listelenir. Haritadaki sınırlar hızlı çizim için sadeleştirilmiştir (komşu sınırlar ortak kalır);
indirilen dosyalar tam çözünürlüklüdür. Örnek veriler gerçek durumu göstermez; karar için kullanmayın.""",
        """**Limits.** Boundaries date from 2021; a few mahalle created or renamed since are listed in the match
report. Map borders are simplified for fast drawing (neighbours keep shared borders); downloads are full
resolution. Demonstration values do not describe reality; do not use them for decisions.""",
    ),
}


def sections(lang: str) -> None:
    for tr, en in SECTIONS.values():
        st.markdown((en if lang == "en" else tr).replace("{demo}", DEMO_LABEL))


def indicators(catalogue: Catalogue, lang: str) -> None:
    """One expander per theme; per indicator: definition, why, source, licence, year, demo flag."""
    en = lang == "en"
    for theme_id, theme in catalogue.themes.items():
        entries = catalogue.in_theme(theme_id)
        if not entries:
            continue
        with st.expander(theme.label.get(lang)):
            st.markdown(escape(theme.description.get(lang)))
            for ind in entries:
                den = ind.denominator.get(lang) if ind.denominator else "–"
                lines = [
                    f"#### {escape(ind.label.get(lang))}" + (f" · `{DEMO_LABEL}`" if ind.synthetic else ""),
                    escape(ind.description.get(lang)),
                    f"- {'Why it matters' if en else 'Neden önemli'}: {escape(ind.why.get(lang))}",
                    f"- {'Numerator' if en else 'Pay'}: {escape(ind.numerator.get(lang))}; "
                    f"{'denominator' if en else 'payda'}: {escape(den)}",
                    f"- {'Better when' if en else 'Daha iyi'}: "
                    + (("higher" if en else "yüksekse") if ind.direction == "higher_is_better" else ("lower" if en else "düşükse"))
                    + f" · {'in the index' if en else 'endekste'}: {'✔' if ind.in_index else '–'}",
                    f"- {'Source' if en else 'Kaynak'}: {escape(ind.source)} ({ind.year}); "
                    f"{'licence' if en else 'lisans'}: {escape(ind.licence)}",
                ]
                if ind.defined_by:
                    lines.append(f"- {'Defined by a user' if en else 'Kullanıcı tanımlı'}: {escape(ind.defined_by)}")
                st.markdown("\n".join(lines))
