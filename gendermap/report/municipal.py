"""The district report's section on the district municipality's own equality work: its
published monitoring values (latest value, women/men gap, target status) and its published
needs-analysis scores. Only what the municipality made public is shown; the section is
absent for a district whose municipality is not in the network or published nothing.
"""

from __future__ import annotations

from typing import Any

from gendermap import DEMO_LABEL
from gendermap.numbers import format_int
from gendermap.report.blocks import Block, Bullets, Heading, Note, TableBlock, Text

TEXT = {
    "tr": {"title": "Belediyenin eşitlik çalışmaları", "intro": "{name} tarafından yayımlanan "
           "cinsiyete duyarlı göstergeler ve belediyenin toplumsal cinsiyet eşitliği ihtiyaç "
           "analizi.", "monitoring": "İzlenen göstergeler", "indicator": "Gösterge",
           "period": "Dönem", "value": "Son değer", "target": "Hedef durumu",
           "assessment": "İhtiyaç analizi ({round})", "overall": "Genel puan: {score} / 100.",
           "theme": "Tema", "score": "Puan", "answered": "Yanıtlanan", "gaps": "Gelişmeye açık alanlar",
           "demo": "Bu bölümdeki izleme değerleri örnek veridir."},
    "en": {"title": "The municipality's equality work", "intro": "Gender-sensitive indicators "
           "published by {name}, and the municipality's gender-equality needs analysis.",
           "monitoring": "Monitored indicators", "indicator": "Indicator", "period": "Period",
           "value": "Latest value", "target": "Target status", "assessment": "Needs analysis ({round})",
           "overall": "Overall score: {score} / 100.", "theme": "Theme", "score": "Score",
           "answered": "Answered", "gaps": "Areas to improve",
           "demo": "The monitoring values in this section are demonstration data."},
}
STATUS = {
    "tr": {"on_track": "hedefe doğru", "off_track": "hedefin gerisinde", "no_data": "veri yetersiz",
           "no_target": "hedef yok"},
    "en": {"on_track": "on track", "off_track": "off track", "no_data": "not enough data",
           "no_target": "no target"},
}


def municipal_blocks(summary: Any, lang: str = "tr") -> list[Block]:
    """Blocks for a :class:`gendermap.monitor.assessment.summary.MunicipalitySummary`."""
    from gendermap.monitor.labels import fmt_number

    t = TEXT["en" if lang == "en" else "tr"]
    blocks: list[Block] = [Heading(t["title"], anchor="municipality"),
                           Text(t["intro"].format(name=summary.name))]
    cards = summary.cards
    if len(cards):
        if summary.demo:
            blocks.append(Note(f"{DEMO_LABEL} — {t['demo']}", tone="demo"))
        rows = tuple(
            (str(r[f"label_{'en' if lang == 'en' else 'tr'}"]) + (" *" if r["demo"] else ""),
             str(r["latest_period"] or "—"), fmt_number(r["headline"], r["unit"], lang),
             STATUS["en" if lang == "en" else "tr"].get(str(r["target_status"]), str(r["target_status"])))
            for r in cards.to_dict("records")
        )
        blocks.append(TableBlock(t["monitoring"], (t["indicator"], t["period"], t["value"], t["target"]),
                                 rows, numeric=(2,), widths=(3, 1, 1, 1.4),
                                 note=f"* {DEMO_LABEL}" if summary.demo else ""))
    if summary.assessment is not None:
        result = summary.assessment
        blocks.append(Heading(t["assessment"].format(round=summary.assessment_round), level=2))
        blocks.append(Text(t["overall"].format(score=format_int(result.overall, lang))))
        themes = tuple((str(r.label), format_int(r.score, lang), f"{r.answered} / {r.total}")
                       for r in result.themes.itertuples())
        blocks.append(TableBlock("", (t["theme"], t["score"], t["answered"]), themes, numeric=(1, 2)))
        if result.gaps:
            blocks.append(Heading(t["gaps"], level=2))
            blocks.append(Bullets(tuple(result.gaps)))
    return blocks
