"""One plain sentence per indicator and area, with its number -- written and spoken.

Pure: values in, text out (no files, no rendering). The card prints :attr:`Sentence.text`,
the audio reads :attr:`Sentence.spoken` (numbers in words, the Turkish way), the series
table stores both, so a figure is phrased once. Numbers are written by
:mod:`gendermap.numbers` (``%21,1`` / ``21.1%``) and take the suffix their spoken last word
asks for (:mod:`gendermap.publish.numwords`): "Seferihisar'da 25 yaş üstü kadınların
%21,1'i yükseköğretim mezunu; erkeklerde %24,6."
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

from gendermap.numbers import MISSING, format_int, format_number, format_share
from gendermap.publish.numwords import genitive, locative, number_words, ordinal_words, with_suffix

# indicator id -> (Turkish, English); {loc} "Seferihisar'da", {area}, {f} women's value
# (Turkish: with its possessive suffix), {m} men's value
TEMPLATES: dict[str, tuple[str, str]] = {
    "aged_65_plus": ("{loc} kadınların {f} 65 yaş ve üstünde; erkeklerde {m}.",
                     "In {area}, {f} of women are aged 65 or over; among men, {m}."),
    "older_living_alone": ("{loc} 65 yaş ve üstü kadınların {f} yalnız yaşıyor; erkeklerde {m}.",
                           "In {area}, {f} of women aged 65+ live alone; among men, {m}."),
    "illiteracy_15": ("{loc} 15 yaş ve üstü kadınların {f} okuryazar değil; erkeklerde {m}.",
                      "In {area}, {f} of women aged 15+ cannot read or write; among men, {m}."),
    "upper_secondary_25": ("{loc} 25 yaş üstü kadınların {f} en az lise mezunu; erkeklerde {m}.",
                           "In {area}, {f} of women aged 25+ have at least upper-secondary education; among men, {m}."),
    "higher_education_25": ("{loc} 25 yaş üstü kadınların {f} yükseköğretim mezunu; erkeklerde {m}.",
                            "In {area}, {f} of women aged 25+ have a higher-education degree; among men, {m}."),
    "preschool_3_5": ("{loc} 3–5 yaş kız çocukların {f} okul öncesi eğitime kayıtlı; erkek çocuklarda {m}.",
                      "In {area}, {f} of girls aged 3–5 are enrolled in preschool; among boys, {m}."),
    "early_marriage_15_19": ("{loc} 15–19 yaş kızların {f} evlenmiş; erkeklerde {m}.",
                             "In {area}, {f} of girls aged 15–19 have been married; among boys, {m}."),
    "widowed_65": ("{loc} 65 yaş ve üstü kadınların {f} eşini kaybetmiş; erkeklerde {m}.",
                   "In {area}, {f} of women aged 65+ are widowed; among men, {m}."),
    "registered_voters": ("{loc} 18 yaş ve üstü kadınların {f} seçmen olarak kayıtlı; erkeklerde {m}.",
                          "In {area}, {f} of women aged 18+ are registered voters; among men, {m}."),
    "council_seats": ("{loc} muhtar ve ihtiyar heyeti koltuklarının {f} kadınlarda; erkeklerde {m}.",
                      "In {area}, women hold {f} of the seats of muhtars and councils of elders; men hold {m}."),
    "employment_15_64": ("{loc} 15–64 yaş kadınların {f} çalışıyor; erkeklerde {m}.",
                         "In {area}, {f} of women aged 15–64 are employed; among men, {m}."),
    "neet_15_24": ("{loc} 15–24 yaş genç kadınların {f} ne eğitimde ne istihdamda; erkeklerde {m}.",
                   "In {area}, {f} of young women aged 15–24 are neither in education nor in employment; among men, {m}."),
    "homemaker_15_64": ("{loc} 15–64 yaş kadınların {f} ev işleri nedeniyle işgücü dışında; erkeklerde {m}.",
                        "In {area}, {f} of women aged 15–64 are outside the labour force because of housework; among men, {m}."),
    "family_physician_visit": ("{loc} 18 yaş ve üstü kadınların {f} son 12 ayda aile hekimine başvurmuş; erkeklerde {m}.",
                               "In {area}, {f} of women aged 18+ visited a family physician in the last 12 months; among men, {m}."),
    "health_centre_1km": ("{loc} kadınların {f} bir aile sağlığı merkezine 1 km içinde oturuyor; erkeklerde {m}.",
                          "In {area}, {f} of women live within 1 km of a family health centre; among men, {m}."),
    "transit_500m": ("{loc} kadınların {f} bir toplu taşıma durağına 500 m içinde oturuyor; erkeklerde {m}.",
                     "In {area}, {f} of women live within 500 m of a public transport stop; among men, {m}."),
}
GENERIC = ("{loc} {label}: kadınlarda {f}, erkeklerde {m}.", "{label} in {area}: women {f}, men {m}.")
WITHHELD = ("{loc} {label} için yayımlanabilir bir değer yok (küçük sayılar gizlenir).",
            "{label}: no value can be published for {area} (small numbers are withheld).")
DEMO = ("Bu rakamlar gösterim amaçlı örnek verilerdir, gerçek ölçüm değildir.",
        "These figures are demonstration values, not real measurements.")


@dataclass(frozen=True)
class Sentence:
    """What a card says and an audio file reads; ``spoken`` has every number in words."""

    text: str
    spoken: str
    context: str
    spoken_context: str


def _shown(value: float | None, flag: str | None) -> bool:
    return value is not None and math.isfinite(value) and flag not in ("suppressed", "no_data")


def _value(value: float, unit: str, lang: str) -> str:
    if unit == "percent":
        return format_share(value, lang)
    if unit == "count":
        return format_int(value, lang)
    if unit == "per_1000":
        return format_number(value * 1000, lang) + " ‰"
    return format_number(value, lang, 2)


def _missing(flag: str | None, lang: str) -> str:
    if flag == "suppressed":
        return "withheld (small numbers)" if lang == "en" else "gizlendi (küçük sayı)"
    return "no data" if lang == "en" else "veri yok"


def _with_suffix(written: str) -> str:
    """'%21,1' -> "%21,1'i" (Turkish only)."""
    number = written.lstrip("%").split(" ")[0]
    try:
        return f"{written}'{with_suffix(number)}"
    except ValueError:
        return written


def spoken_tr(text: str) -> str:
    """Numbers in words for the Turkish voice: "%21,1'i" -> "yüzde yirmi bir virgül biri"."""
    out = re.sub(r"%(\d[\d.]*(?:,\d+)?)'(\w+)", lambda m: f"yüzde {number_words(m.group(1))}{m.group(2)}", text)
    out = re.sub(r"%(\d[\d.]*(?:,\d+)?)", lambda m: f"yüzde {number_words(m.group(1))}", out)
    out = re.sub(r"(\d+)–(\d+)", r"\1 ile \2", out)
    out = re.sub(r"(\d+)\. sırada", lambda m: f"{ordinal_words(int(m.group(1)))} sırada", out)
    out = re.sub(r"(\d+) km\b", r"\1 kilometre", out)
    out = re.sub(r"(\d+) m\b", r"\1 metre", out)
    out = re.sub(r"\d[\d.]*(?:,\d+)?", lambda m: number_words(m.group(0)), out)
    return out.replace("'", "").replace("’", "").replace(MISSING, "")


def _context(why: str, year: object, source: str, synthetic: bool, lang: str) -> str:
    if lang == "en":
        text = f"{why} Figures for {year}; source: {source}."
    else:
        text = f"{why} Veriler {year} yılına ait; kaynak: {source}."
    return text + (" " + DEMO[lang == "en"] if synthetic else "")


def indicator_sentence(
    area: str, indicator_id: str, label: str, unit: str,
    women: tuple[float | None, str | None], men: tuple[float | None, str | None],
    lang: str = "tr", *, why: str = "", year: object = "", source: str = "", synthetic: bool = False,
) -> Sentence:
    """The sentence for one indicator in one area; ``women``/``men`` are (value, flag)."""
    en = lang == "en"
    (fv, ff), (mv, mf) = women, men
    loc = f"{area}'{locative(area)}"
    if not _shown(fv, ff) and not _shown(mv, mf):
        template = WITHHELD[en]
        f = m = MISSING
    elif not (_shown(fv, ff) and _shown(mv, mf)):  # one side withheld: say so, plainly
        template = GENERIC[en]
        f = _value(fv, unit, lang) if _shown(fv, ff) else _missing(ff, lang)  # type: ignore[arg-type]
        m = _value(mv, unit, lang) if _shown(mv, mf) else _missing(mf, lang)  # type: ignore[arg-type]
    else:
        f, m = _value(fv, unit, lang), _value(mv, unit, lang)  # type: ignore[arg-type]
        template = TEMPLATES.get(indicator_id, GENERIC)[en] if unit == "percent" else GENERIC[en]
        if not en and template != GENERIC[0]:
            f = _with_suffix(f)
    if not en and label[1:2].islower():  # mid-sentence, but keep acronyms (NEET) as they are
        label = label[:1].replace("İ", "i").replace("I", "ı").lower() + label[1:]
    text = template.format(loc=loc, area=area, label=label, f=f, m=m)
    text = text[0].upper() + text[1:]
    context = _context(why, year, source, synthetic, lang)
    spoken = text if en else spoken_tr(text)
    return Sentence(text, spoken, context, context if en else spoken_tr(context))


def index_sentence(
    area: str, score: float | None, rank: int | None, n: int | None, lang: str = "tr", *, synthetic: bool = False,
    spread: tuple[tuple[str, float], tuple[str, float]] | None = None,
) -> Sentence:
    """The synthesis index of a district: score out of 100 and rank among the districts; for a
    province (no score of its own), ``spread``: its least and most equal district with their scores."""
    en = lang == "en"
    if spread is not None:
        (low_name, low), (high_name, high) = spread
        lo, hi = format_number(low, lang, 1), format_number(high, lang, 1)
        text = (f"In {area}, the districts' gender equality index ranges from {lo} ({low_name}) to {hi} "
                f"({high_name}) out of 100." if en else
                f"{area}'{locative(area)} ilçelerin toplumsal cinsiyet eşitliği endeksi 100 üzerinden "
                f"{lo} ({low_name}) ile {hi} ({high_name}) arasında.")
    elif score is None or not math.isfinite(score):
        text = (f"No index score can be computed for {area}." if en
                else f"{area}'{genitive(area)} endeks puanı hesaplanamadı.")
    else:
        s = format_number(score, lang, 1)
        rank_text = ""
        if rank is not None and n:
            rank_text = (f", rank {rank} of {n} districts" if en else f"; {n} ilçe arasında {rank}. sırada")
        text = (f"{area}'s gender equality index is {s} out of 100{rank_text}." if en
                else f"{area}'{genitive(area)} toplumsal cinsiyet eşitliği endeksi 100 üzerinden {s}{rank_text}.")
    if en:
        why = ("The index combines the gaps between women and men in education, work, family, "
               "participation and services; 100 means full equality at the best level seen.")
    else:
        why = ("Endeks eğitim, çalışma, aile, katılım ve hizmetlerde kadınlarla erkekler arasındaki "
               "farkları birleştirir; 100 en iyi düzeyde tam eşitlik demektir.")
    context = why + (" " + DEMO[en] if synthetic else "")
    return Sentence(text, text if en else spoken_tr(text), context, context if en else spoken_tr(context))


def alt_text(title: str, sentence: str, area: str, synthetic: bool, lang: str) -> str:
    """Alternative text of a card image for people who cannot see it."""
    if lang == "en":
        text = f"Card: {title}. {sentence} Map of {area} with each mahalle coloured by its value."
    else:
        text = f"Kart: {title}. {sentence} {area} haritası, her mahalle değerine göre renklendirilmiş."
    return text + (" ÖRNEK VERİ / DEMO DATA." if synthetic else "")
