"""Feedback meeting minutes (toplantı tutanağı) as a Turkish PDF, and the records and
published comments as CSV/XLSX.

Built with the shared PDF primitives (:mod:`gendermap.report.pdf`: embedded DejaVu, every
text escaped) and the one spreadsheet writer (:mod:`gendermap.tabular`: formula-like text
neutralised), because meeting notes and comments are typed by people and may contain
anything. Dates through :func:`gendermap.numbers.format_date`.
"""

from __future__ import annotations

from datetime import date

import pandas as pd
from reportlab.lib.units import mm

from gendermap.numbers import format_date
from gendermap.participation.rules import KIND_LABELS
from gendermap.report import pdf as rp
from gendermap.tabular import write_csv, write_xlsx

__all__ = ["meetings_csv", "meetings_xlsx", "minutes_pdf"]

TEXT = {
    "tr": {"title": "Geri bildirim toplantısı tutanağı", "many": "Geri bildirim toplantıları",
           "date": "Tarih", "place": "Yer", "orgs": "Katılan kurumlar", "comments":
           "Görüşler ve yorumlar", "decisions": "Alınan kararlar", "version": "Kayıt sürümü",
           "by": "kaydeden", "none": "Kayıtlı toplantı yok.", "empty": "—", "published":
           "Haritalarda yayımlanan yorumlar", "page": "Sayfa {page}"},
    "en": {"title": "Feedback meeting minutes", "many": "Feedback meetings", "date": "Date",
           "place": "Place", "orgs": "Organisations present", "comments": "Views and comments",
           "decisions": "Decisions", "version": "Record version", "by": "recorded by",
           "none": "No meetings recorded.", "empty": "—", "published":
           "Comments published on the maps", "page": "Page {page}"},
}
COLUMNS = {
    "tr": {"id": "no", "title": "başlık", "held_on": "tarih", "place": "yer",
           "organisations": "katılan kurumlar", "comments": "görüşler", "decisions": "kararlar",
           "version": "sürüm", "created_by": "kaydeden", "created_at": "kayıt zamanı"},
    "en": {"id": "no", "title": "title", "held_on": "date", "place": "place",
           "organisations": "organisations present", "comments": "views", "decisions": "decisions",
           "version": "version", "created_by": "recorded by", "created_at": "recorded at"},
}
COMMENT_COLUMNS = {
    "tr": {"id": "no", "created_at": "tarih", "kind": "tür", "text": "yorum", "author": "yazan",
           "answer": "yanıt", "indicator": "gösterge", "district_code": "ilçe kodu",
           "mahalle_code": "mahalle kodu", "view_link": "bağlantı"},
    "en": {"id": "no", "created_at": "date", "kind": "kind", "text": "comment", "author": "by",
           "answer": "answer", "indicator": "indicator", "district_code": "district code",
           "mahalle_code": "mahalle code", "view_link": "link"},
}


def _meeting_story(m: pd.Series, lang: str) -> list:
    t = TEXT[lang]
    facts = [
        (t["date"], format_date(m["held_on"], lang)),
        (t["place"], m["place"] or t["empty"]),
        (t["version"], f"{int(m['version'])} ({t['by']} {m['created_by']})"),
    ]
    orgs = [o.strip() for o in str(m["organisations"] or "").splitlines() if o.strip()]
    story = [rp.para(m["title"], "title"), rp.para(t["title"], "subtitle"), rp.spacer(2),
             rp.kv_table(facts), rp.spacer(4), rp.para(t["orgs"], "h2")]
    story += [rp.para(f"• {o}") for o in orgs] or [rp.para(t["empty"])]
    for key in ("comments", "decisions"):
        story += [rp.spacer(3), rp.para(t[key], "h2"), rp.para(m[key] or t["empty"])]
    return story


def minutes_pdf(meetings: pd.DataFrame, lang: str = "tr", comments: pd.DataFrame | None = None,
                made_on: date | None = None) -> bytes:
    """One minute per meeting (each from a new page); published comments at the end if given."""
    t = TEXT[lang]
    story: list = []
    for i, (_, m) in enumerate(meetings.iterrows()):
        if i:
            story.append(rp.page_break())
        story += _meeting_story(m, lang)
    if meetings.empty:
        story += [rp.para(t["many"], "title"), rp.para(t["none"])]
    if comments is not None and not comments.empty:
        cols = COMMENT_COLUMNS[lang]
        rows = [[format_date(r["created_at"], lang, "short"),
                 KIND_LABELS.get(r["kind"], (r["kind"], r["kind"]))[0 if lang == "tr" else 1],
                 r["text"], r["author"] or "—", r["answer"] or "—"]
                for _, r in comments.iterrows()]
        story += [rp.page_break(), rp.para(t["published"], "h1"),
                  rp.table([cols["created_at"], cols["kind"], cols["text"], cols["author"],
                            cols["answer"]], rows, font_size=7.5,
                           col_widths=[20 * mm, 24 * mm, 70 * mm, 30 * mm,
                                       rp.CONTENT_WIDTH - 144 * mm])]
    title = meetings["title"].iloc[0] if len(meetings) == 1 else t["many"]
    return rp.build_pdf(story, title=str(title), subject=t["title"], page_label=t["page"],
                        made_on=made_on or date.today())


def _readable(meetings: pd.DataFrame, lang: str) -> pd.DataFrame:
    cols = COLUMNS[lang]
    out = meetings[[c for c in cols if c in meetings.columns]].copy()
    if "created_at" in out:
        out["created_at"] = pd.to_datetime(out["created_at"], utc=True).dt.strftime("%Y-%m-%d %H:%M UTC")
    out["held_on"] = out["held_on"].astype(str)
    return out.rename(columns=cols)


def meetings_csv(meetings: pd.DataFrame, lang: str = "tr") -> bytes:
    """The meeting records as a CSV a Turkish Excel opens in columns."""
    return write_csv(_readable(meetings, lang), excel_tr=lang == "tr")


def meetings_xlsx(meetings: pd.DataFrame, comments: pd.DataFrame | None = None,
                  lang: str = "tr") -> bytes:
    """Meeting records and (if given) published comments, one sheet each."""
    sheets = {"toplantilar" if lang == "tr" else "meetings": _readable(meetings, lang)}
    if comments is not None:
        c = comments[[k for k in COMMENT_COLUMNS[lang] if k in comments.columns]].copy()
        if "created_at" in c:
            c["created_at"] = pd.to_datetime(c["created_at"], utc=True).dt.strftime("%Y-%m-%d")
        sheets["yorumlar" if lang == "tr" else "comments"] = c.rename(columns=COMMENT_COLUMNS[lang])
    return write_xlsx(sheets)
