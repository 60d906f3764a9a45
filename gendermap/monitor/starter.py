"""The starter indicator set for the pilot municipalities, with demonstration values.

Why demonstration values: no public source publishes these municipal figures by sex,
so the platform ships deterministic, plausible numbers so people can see what the
dashboard does. Every value and target seeded here has ``demo=True`` and is shown
with "ÖRNEK VERİ / DEMO DATA" (:data:`gendermap.DEMO_LABEL`) wherever it appears.
Real entries by the municipalities replace them version by version.

Charter articles refer to the European Charter for Equality of Women and Men in Local
Life (CEMR, 2006): 9 gender assessment, 11 employer role, 13 education and lifelong
learning, 15 social care and services, 16 childcare, 18 social inclusion, 22 gender-based
violence, 2 political representation.
"""

from __future__ import annotations

import numpy as np

from gendermap.monitor.auth import Actor
from gendermap.monitor.store import IndicatorSpec, MonitorStore, ObservationEntry

MUNICIPALITIES = [
    # code, name, province, district_code on the map (the boundaries' townId)
    ("seferihisar", "Seferihisar Belediyesi", "İzmir", 470),
    ("kemalpasa", "Kemalpaşa Belediyesi", "İzmir", 465),
]
UNITS = [
    ("ik", "İnsan Kaynakları ve Eğitim Müdürlüğü", "Human Resources and Training Directorate"),
    ("sosyal", "Sosyal Destek Hizmetleri Müdürlüğü", "Social Support Services Directorate"),
    ("kadin", "Kadın ve Aile Hizmetleri Müdürlüğü", "Women and Family Services Directorate"),
    ("strateji", "Strateji Geliştirme Müdürlüğü", "Strategy Development Directorate"),
    ("kultur", "Kültür ve Sosyal İşler Müdürlüğü", "Culture and Social Affairs Directorate"),
]


def _spec(code, tr, en, unit, by_sex, frequency, article, plan, desc_tr, desc_en) -> IndicatorSpec:
    return IndicatorSpec(code=code, label_tr=tr, label_en=en, unit=unit,
                         direction="higher_is_better", by_sex=by_sex, frequency=frequency,
                         charter_article=article, action_plan_item=plan,
                         description_tr=desc_tr, description_en=desc_en)


INDICATORS: list[tuple[IndicatorSpec, str]] = [
    (_spec("staff_women", "Belediye personelinde kadınların payı", "Women's share among municipal staff",
           "count", True, "annual", 11, "Eylem planı 1.1",
           "Kadrolu, sözleşmeli ve şirket personeli; kadın ve erkek sayısı.",
           "Permanent, contract and company staff; headcount of women and men."), "ik"),
    (_spec("managers_women", "Yöneticiler arasında kadınların payı", "Women's share among managers",
           "count", True, "annual", 11, "Eylem planı 1.2",
           "Müdür, müdür yardımcısı ve şef kadrolarındaki kadın ve erkek sayısı.",
           "Directors, deputy directors and heads of section, by sex."), "ik"),
    (_spec("social_support_women", "Sosyal yardım alanlar arasında kadınların payı",
           "Women's share among beneficiaries of social support", "count", True, "annual", 15,
           "Eylem planı 3.1", "Yıl içinde en az bir sosyal destek alan kişiler, cinsiyete göre.",
           "People receiving at least one social support in the year, by sex."), "sosyal"),
    (_spec("vocational_women", "Meslek edindirme kursu katılımcıları arasında kadınların payı",
           "Women's share among vocational course participants", "count", True, "annual", 13,
           "Eylem planı 2.1", "Kursu tamamlayanlar, cinsiyete göre.",
           "Participants who completed a course, by sex."), "kultur"),
    (_spec("childcare_places", "Belediye kreş ve gündüz bakım kapasitesi",
           "Municipal childcare places", "count", False, "annual", 16, "Eylem planı 2.3",
           "Yıl sonunda belediyenin işlettiği kreş ve gündüz bakımevlerindeki çocuk kapasitesi.",
           "Places in municipal nurseries and day-care centres at year end."), "kadin"),
    (_spec("counselling_contacts", "Kadın danışma merkezine başvurular",
           "Contacts with the women's counselling centre", "count", False, "quarterly", 22,
           "Eylem planı 4.2", "Danışma merkezine yapılan yüz yüze ve telefon başvuruları.",
           "In-person and telephone contacts with the counselling centre."), "kadin"),
    (_spec("budget_gender_analysis", "Toplumsal cinsiyet analizi yapılan bütçe kalemlerinin payı",
           "Share of budget lines with a gender analysis", "percent", False, "annual", 9,
           "Eylem planı 5.1", "Performans programındaki harcama kalemlerinin yüzdesi.",
           "Per cent of spending lines of the performance programme."), "strateji"),
    (_spec("council_women", "Belediye meclisinde kadın üyelerin payı",
           "Women's share among municipal council members", "count", True, "annual", 2,
           None, "Seçilmiş meclis üyeleri, cinsiyete göre.", "Elected council members, by sex."),
     "strateji"),
]

YEARS = list(range(2019, 2025))
QUARTERS = [f"{y}-Q{q}" for y in (2023, 2024) for q in (1, 2, 3, 4)]

# (size of the population the count covers, women's share at start, yearly change)
_SHAPES = {
    "staff_women": (620, 0.27, 0.012),
    "managers_women": (42, 0.18, 0.025),
    "social_support_women": (2400, 0.58, 0.004),
    "vocational_women": (380, 0.66, -0.005),
    "council_women": (31, 0.13, 0.02),
}
TARGETS = {
    "staff_women": (40.0, "2027"),
    "managers_women": (35.0, "2027"),
    "vocational_women": (70.0, "2026"),
    "childcare_places": (400.0, "2026"),
    "budget_gender_analysis": (50.0, "2027"),
    "council_women": (33.0, "2029"),
}


def demo_entries(municipality: str, index: int, seed: int) -> list[ObservationEntry]:
    """Deterministic demonstration values for one municipality (``demo=True``)."""
    rng = np.random.default_rng([seed, index])
    scale = 1.0 if index == 0 else 1.7  # Kemalpaşa is the larger municipality
    out: list[ObservationEntry] = []
    note = "Örnek veri: gerçek değer değildir / demonstration value, not real"
    size: float
    for code, (size, share0, change) in _SHAPES.items():
        size = float(size) if code == "council_women" else size * scale
        for t, year in enumerate(YEARS):
            growth = 0.0 if code == "council_women" else 0.03  # the council has fixed seats
            total = int(round(size * (1 + growth * t) * (1 if growth == 0 else rng.uniform(0.95, 1.05))))
            share = min(max(share0 + change * t * (1 + 0.4 * index) + rng.normal(0, 0.01), 0.02), 0.95)
            women = int(round(total * share))
            out.append(ObservationEntry(municipality, code, str(year), float(women),
                                        float(total - women), float(total), source="ÖRNEK VERİ",
                                        note=note, demo=True))
    for t, year in enumerate(YEARS):
        places = int(round((120 + 35 * t) * scale * rng.uniform(0.9, 1.1)))
        out.append(ObservationEntry(municipality, "childcare_places", str(year), None, None,
                                    float(places), "ÖRNEK VERİ", note, demo=True))
        share = round(min(4 + (6 + 3 * index) * t + rng.normal(0, 1.5), 100) if t else 0.0, 1)
        out.append(ObservationEntry(municipality, "budget_gender_analysis", str(year), None, None,
                                    float(max(share, 0.0)), "ÖRNEK VERİ", note, demo=True))
    for t, quarter in enumerate(QUARTERS):
        contacts = int(round((90 + 6 * t) * scale * rng.uniform(0.8, 1.2)))
        out.append(ObservationEntry(municipality, "counselling_contacts", quarter, None, None,
                                    float(contacts), "ÖRNEK VERİ", note, demo=True))
    return out


def seed_demo(store: MonitorStore, actor: Actor | None = None, seed: int = 20231231) -> int:
    """Create the pilot municipalities, units, starter indicators and demo values, and
    publish them. Idempotent: what exists already is left alone. Returns values added."""
    actor = actor or Actor.system_actor("örnek-veri")
    known = set(store.municipalities()["code"])
    for code, name, province, district_code in MUNICIPALITIES:
        if code not in known:
            store.add_municipality(actor, code, name, province, district_code)
    unit_ids: dict[tuple[str, str], int] = {}
    for code, *_ in MUNICIPALITIES:
        unit_ids.update(copy_starter_units(store, actor, code))
    defined = set(store.indicators(include_retired=True)["code"])
    for spec, _ in INDICATORS:
        if spec.code not in defined:
            store.define_indicator(actor, spec, 0)
    unit_of = {spec.code: unit for spec, unit in INDICATORS}
    added = 0
    for index, (code, *_) in enumerate(MUNICIPALITIES):
        existing = store.observations(actor, code, include_drafts=True)
        have = set(zip(existing["indicator_code"], existing["period"], strict=True))
        for entry in demo_entries(code, index, seed):
            if (entry.indicator_code, entry.period) in have:
                continue
            if store.current_version(code, entry.indicator_code, entry.period):
                continue  # withdrawn on purpose: do not bring it back
            unit_id = unit_ids[(code, unit_of[entry.indicator_code])]
            store.save_observation(actor, _with_unit(entry, unit_id), 0)
            added += 1
        targets = store.targets(actor, code, include_drafts=True)
        for indicator, (value, due) in TARGETS.items():
            if indicator not in set(targets["indicator_code"]):
                store.set_target(actor, code, indicator, value, due, 0,
                                 note="Örnek hedef / demonstration target", demo=True)
    store.publish(actor)
    return added


def _with_unit(entry: ObservationEntry, unit_id: int) -> ObservationEntry:
    from dataclasses import replace

    return replace(entry, unit_id=unit_id)


def copy_starter_units(store: MonitorStore, actor: Actor, municipality: str) -> dict[tuple[str, str], int]:
    """Give a municipality the starter set's units (directorates) it does not have yet.

    The starter indicators themselves are shared by the whole network, so a new
    municipality can enter values for them as soon as its units exist. No demonstration
    values are copied: a real municipality starts with its own numbers.
    Returns {(municipality, unit code): unit id} for the starter units.
    """
    units = store.units(municipality)
    ids = {(municipality, str(r["code"])): int(r["id"]) for r in units.to_dict("records")}
    for unit_code, tr, en in UNITS:
        if (municipality, unit_code) not in ids:
            ids[(municipality, unit_code)] = store.add_unit(actor, municipality, unit_code, tr, en)
    return {k: v for k, v in ids.items() if k[1] in {u[0] for u in UNITS}}


def ensure_seeded(store: MonitorStore) -> bool:
    """Seed the demo set on first run (empty store); True when it did."""
    if not store.is_empty():
        return False
    seed_demo(store)
    return True
