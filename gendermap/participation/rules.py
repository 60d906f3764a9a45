"""What a comment, a meeting record and a workshop submission may contain, and how often.

Why limits at all: the comment form is open to anyone, so length and frequency are bounded
(per visitor and for the whole site) and every text is checked before it reaches the
database. Messages are Turkish (with English) because people read them. Pure.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from datetime import date, timedelta

from gendermap.monitor.participation_models import COMMENT_KINDS

__all__ = [
    "COMMENT_KINDS",
    "KIND_LABELS",
    "KVKK_NOTICE",
    "LIMITS",
    "CommentInput",
    "MeetingInput",
    "RateLimit",
    "clean_text",
    "comment_problems",
    "meeting_problems",
]

KIND_LABELS: dict[str, tuple[str, str]] = {
    "correction": ("Veri düzeltmesi", "Data correction"),
    "local_knowledge": ("Yerel bilgi", "Local knowledge"),
    "proposal": ("Öneri", "Proposal"),
    "question": ("Soru", "Question"),
}

KVKK_NOTICE = {
    "tr": ("KVKK aydınlatma: Yorumunuzu, seçtiğiniz türü, ilgili harita görünümünü ve (yazarsanız) "
           "adınızı ve kurumunuzu, yorumlar moderatörce incelenip haritada yayımlanabilsin diye "
           "saklıyoruz. Adınız ve kurumunuz yalnızca \"adım görünsün\" kutusunu işaretlerseniz "
           "yayımlanır; aksi hâlde yalnızca moderatörler görür. Kötüye kullanımı sınırlamak için "
           "tarayıcı oturumunuzdan türetilmiş, geri çevrilemeyen bir kod tutulur; IP adresiniz "
           "saklanmaz. Hiçbir yorum silinmez, gizlenebilir. Kişisel veri yazmayın."),
    "en": ("Privacy notice (KVKK): we store your comment, its kind, the map view it is about and "
           "(if you give them) your name and organisation, so that moderators can review it and "
           "publish it beside the map. Your name and organisation are published only if you tick "
           "\"show my name\"; otherwise only moderators see them. To limit abuse we keep a "
           "one-way code derived from your browser session; your IP address is not stored. "
           "Comments are never deleted, they can be hidden. Do not write personal data."),
}


@dataclass(frozen=True)
class Limits:
    text: int = 2000
    name: int = 120
    organisation: int = 160
    link: int = 2000
    answer: int = 2000
    meeting_title: int = 200
    meeting_place: int = 200
    meeting_text: int = 20_000
    participant: int = 80


LIMITS = Limits()


@dataclass(frozen=True)
class RateLimit:
    """At most ``count`` actions in ``window`` (per visitor, or for everyone)."""

    count: int
    window: timedelta


VISITOR_COMMENT_LIMITS = (RateLimit(3, timedelta(minutes=10)), RateLimit(20, timedelta(days=1)))
SITE_COMMENT_LIMIT = RateLimit(300, timedelta(hours=1))
VISITOR_SUBMISSION_LIMIT = RateLimit(10, timedelta(hours=1))


def clean_text(value: object) -> str:
    """Text as stored: NFC, control characters (other than new lines and tabs) removed,
    surrounding blanks stripped. Escaping is for display, never done here."""
    text = unicodedata.normalize("NFC", str(value or ""))
    return "".join(ch for ch in text if ch in "\n\t" or unicodedata.category(ch)[0] != "C").strip()


@dataclass(frozen=True)
class CommentInput:
    """What a visitor sends with the comment form (the view it is about comes from the URL)."""

    text: str
    kind: str
    author_name: str = ""
    organisation: str = ""
    show_name: bool = False
    view_link: str = ""
    page: str = ""
    indicator: str = ""
    province_code: int | None = None
    district_code: int | None = None
    mahalle_code: str | None = None

    def cleaned(self) -> CommentInput:
        return CommentInput(
            text=clean_text(self.text), kind=self.kind, author_name=clean_text(self.author_name),
            organisation=clean_text(self.organisation), show_name=bool(self.show_name),
            view_link=clean_text(self.view_link), page=clean_text(self.page)[:32],
            indicator=clean_text(self.indicator)[:64], province_code=self.province_code,
            district_code=self.district_code,
            mahalle_code=clean_text(self.mahalle_code)[:32] or None if self.mahalle_code else None,
        )


def _too_long(column: str, value: str, limit: int) -> list[tuple[str, str]]:
    if len(value) > limit:
        return [(column, f"en fazla {limit} karakter olabilir ({len(value)} yazıldı) / "
                         f"at most {limit} characters ({len(value)} given)")]
    return []


def comment_problems(c: CommentInput) -> list[tuple[str, str]]:
    """(column, message) for every problem of a cleaned comment; empty when it may be saved."""
    out: list[tuple[str, str]] = []
    if not c.text:
        out.append(("text", "yorum boş / the comment is empty"))
    if c.kind not in COMMENT_KINDS:
        out.append(("kind", "yorum türü seçin / choose a kind: " + ", ".join(COMMENT_KINDS)))
    if c.show_name and not (c.author_name or c.organisation):
        out.append(("author_name", "adınızın görünmesini istediniz ama ad ya da kurum yazmadınız / "
                                   "you asked to show your name but gave none"))
    out += _too_long("text", c.text, LIMITS.text)
    out += _too_long("author_name", c.author_name, LIMITS.name)
    out += _too_long("organisation", c.organisation, LIMITS.organisation)
    out += _too_long("view_link", c.view_link, LIMITS.link)
    return out


@dataclass(frozen=True)
class MeetingInput:
    """A feedback meeting record (geri bildirim toplantısı)."""

    title: str
    held_on: date
    place: str = ""
    organisations: str = ""
    comments: str = ""
    decisions: str = ""

    def cleaned(self) -> MeetingInput:
        return MeetingInput(clean_text(self.title), self.held_on, clean_text(self.place),
                            clean_text(self.organisations), clean_text(self.comments),
                            clean_text(self.decisions))


def meeting_problems(m: MeetingInput) -> list[tuple[str, str]]:
    out: list[tuple[str, str]] = []
    if not m.title:
        out.append(("title", "başlık boş / the title is empty"))
    if not isinstance(m.held_on, date):
        out.append(("held_on", "tarih geçersiz / the date is not valid"))
    out += _too_long("title", m.title, LIMITS.meeting_title)
    out += _too_long("place", m.place, LIMITS.meeting_place)
    for name in ("organisations", "comments", "decisions"):
        out += _too_long(name, getattr(m, name), LIMITS.meeting_text)
    return out
