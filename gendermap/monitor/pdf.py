"""Printable PDF summary of one municipality's monitoring indicators.

Built with the shared report primitives (:mod:`gendermap.report.pdf`): DejaVu fonts so
Turkish letters stay text, every data-derived string escaped, and the
"ÖRNEK VERİ / DEMO DATA" mark on every page when any value shown is a demo value.
Trend lines are drawn with matplotlib (Agg) as small multiples, one per indicator.
"""

from __future__ import annotations

import io
from datetime import date

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import pandas as pd  # noqa: E402

from gendermap import DEMO_LABEL  # noqa: E402
from gendermap.monitor.dashboard import trend  # noqa: E402
from gendermap.monitor.labels import COLUMNS, FRESHNESS, STATUS, fmt_gap, fmt_number  # noqa: E402
from gendermap.numbers import format_date  # noqa: E402
from gendermap.report import pdf as rp  # noqa: E402

TEXT = {
    "tr": {"title": "Yerel eşitlik izleme özeti", "made": "Hazırlanma tarihi",
           "intro": "Göstergelerin son değerleri, kadın/erkek farkı, hedef durumu ve güncelliği.",
           "trends": "Eğilimler", "demo": "Bu belgedeki işaretli değerler örnek veridir; gerçek "
           "değildir.", "method": "Hedef durumu: son değer hedefi karşılıyorsa ya da son beş "
           "değerden geçen doğru hedef dönemine kadar hedefe ulaşıyorsa 'hedefe doğru'. Sayımlarda "
           "değer kadınların payıdır (%), K/E farkı kadın/erkek oranıdır (1 = eşitlik)."},
    "en": {"title": "Local equality monitoring summary", "made": "Prepared on",
           "intro": "Latest values, the F/M gap, target status and freshness of the indicators.",
           "trends": "Trends", "demo": "Marked values in this document are demonstration data, "
           "not real.", "method": "Target status: 'on track' when the latest value meets the "
           "target, or a straight line through the last five values reaches it by the due "
           "period. For counts the value is the women's share (%), the F/M gap the "
           "women-to-men ratio (1 = parity)."},
}


def _trend_png(observations: pd.DataFrame, indicators: pd.DataFrame, cards: pd.DataFrame,
               municipality: str, lang: str) -> bytes | None:
    codes = cards.loc[cards["n_periods"] > 0, "indicator_code"].tolist()
    if not codes:
        return None
    cols = 2
    rows = (len(codes) + cols - 1) // cols
    fig, axes = plt.subplots(rows, cols, figsize=(7.2, 1.9 * rows), squeeze=False)
    labels = cards.set_index("indicator_code")[f"label_{lang}"]
    for ax, code in zip(axes.flat, codes, strict=False):
        series = trend(observations, indicators, municipality, code)
        ax.plot(range(len(series)), series["headline"], marker="o", color="#7b2d8b", lw=1.5)
        ax.set_xticks(range(len(series)), series["period"], fontsize=6, rotation=45)
        ax.tick_params(axis="y", labelsize=6)
        ax.set_title(str(labels[code])[:60], fontsize=7)
        target = cards.set_index("indicator_code").loc[code, "target_value"]
        if target is not None and not pd.isna(target):
            ax.axhline(float(target), color="#d95f02", ls="--", lw=1)
    for ax in list(axes.flat)[len(codes):]:
        ax.axis("off")
    fig.tight_layout()
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=150)
    plt.close(fig)
    return buffer.getvalue()


def summary_pdf(cards: pd.DataFrame, observations: pd.DataFrame, indicators: pd.DataFrame,
                municipality: str, municipality_name: str, lang: str = "tr",
                made_on: date | None = None) -> bytes:
    """The PDF bytes of one municipality's summary (cards from :func:`dashboard.cards`)."""
    text, cols = TEXT[lang], COLUMNS[lang]
    mine = cards[cards["municipality_code"] == municipality]
    demo = bool(mine["demo"].any())
    made_on = made_on or date.today()
    story = [
        rp.para(municipality_name, "title"),
        rp.para(text["title"], "subtitle"),
        rp.para(f"{text['made']}: {format_date(made_on, lang)}", "small"),
        rp.spacer(3),
        rp.para(text["intro"]),
    ]
    if demo:
        story += [rp.spacer(2), rp.note_box(f"{DEMO_LABEL} — {text['demo']}", tone="demo")]
    rows = [
        [
            r["label_" + lang] + (" *" if r["demo"] else ""),
            r["latest_period"] or "–",
            fmt_number(r["headline"], r["unit"], lang),
            fmt_gap(r["gap"], r["gap_kind"], lang),
            fmt_number(r["target_value"], r["unit"], lang)
            + (f" ({r['target_due']})" if r["target_due"] else ""),
            STATUS[lang][r["target_status"]],
            FRESHNESS[lang][r["freshness"]],
        ]
        for r in mine.to_dict("records")
    ]
    header = [cols["label"], cols["latest_period"], cols["headline"], cols["gap"],
              cols["target_value"], cols["target_status"], cols["freshness"]]
    story += [rp.spacer(4), rp.table(header, rows, numeric=[2, 3, 4])]
    if demo:
        story.append(rp.para(f"* {DEMO_LABEL}", "small"))
    story += [rp.spacer(2), rp.para(text["method"], "small")]
    png = _trend_png(observations, indicators, mine, municipality, lang)
    if png:
        story += [rp.page_break(), rp.para(text["trends"], "h1"), rp.image(png)]
    return rp.build_pdf(story, title=f"{municipality_name} — {text['title']}", demo=demo,
                        page_label="Sayfa {page}" if lang == "tr" else "Page {page}",
                        made_on=made_on)
