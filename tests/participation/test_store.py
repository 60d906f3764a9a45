"""Participation store: moderation, hiding as a version, rate limits, meetings, workshops."""

from __future__ import annotations

from datetime import date

import pandas as pd
import pytest

from gendermap.monitor.auth import ANONYMOUS
from gendermap.monitor.errors import ConflictError, InvalidInput, NotFound, PermissionDenied
from gendermap.monitor.participation_models import Comment, CommentVersion
from gendermap.participation.base import RateLimited
from gendermap.participation.rules import CommentInput, MeetingInput
from gendermap.participation.workshop import workshop_result
from tests.participation.conftest import SYSTEM
from tests.participation.test_workshop import criteria_table

pytestmark = pytest.mark.participation


def comment(**kw) -> CommentInput:
    base = {"text": "Bu mahallede kreş yok.", "kind": "local_knowledge", "district_code": 470,
            "mahalle_code": "41320", "indicator": "childcare", "page": "harita",
            "view_link": "/harita?indicator=childcare"}
    return CommentInput(**{**base, **kw})


def test_comments_are_held_until_a_moderator_publishes(store, people):
    cid = store.submit_comment("v1", comment())
    assert store.published_comments().empty
    queue = store.moderation_queue(people["moder"])
    assert queue.loc[0, "status"] == "pending" and queue.loc[0, "id"] == cid
    store.moderate(people["moder"], cid, "publish")
    shown = store.published_comments(district_code=470)
    assert shown["text"].tolist() == ["Bu mahallede kreş yok."]
    assert store.published_comments(district_code=999).empty
    assert store.comment_counts().to_dict("records") == [{"district_code": 470, "comments": 1}]


@pytest.mark.parametrize("who", ["ayse", "okur", None])
def test_only_moderators_moderate(store, people, who):
    cid = store.submit_comment("v1", comment())
    actor = people[who] if who else ANONYMOUS
    with pytest.raises(PermissionDenied):
        store.moderate(actor, cid, "publish")
    with pytest.raises(PermissionDenied):
        store.moderation_queue(actor)
    with pytest.raises(PermissionDenied):
        store.open_workshop(actor, "Çalıştay")
    with pytest.raises(PermissionDenied):
        store.save_meeting(actor, MeetingInput("Toplantı", date(2026, 11, 20)))
    assert not store.is_moderator(actor)
    assert store.is_moderator(people["moder"])


def test_a_role_forged_in_the_actor_grants_nothing(store, people):
    from dataclasses import replace

    cid = store.submit_comment("v1", comment())
    forged = replace(people["okur"], role="moderator")
    with pytest.raises(PermissionDenied):
        store.moderate(forged, cid, "publish")


def test_hiding_is_a_new_version_and_nothing_is_deleted(store, people):
    cid = store.submit_comment("v1", comment())
    mod = people["moder"]
    assert store.moderate(mod, cid, "publish") == 2
    assert store.moderate(mod, cid, "answer", answer="Teşekkürler, kontrol ediyoruz.") == 3
    assert store.published_comments()["answer"].tolist() == ["Teşekkürler, kontrol ediyoruz."]
    assert store.moderate(mod, cid, "hide", note="kişisel veri içeriyor") == 4
    assert store.published_comments().empty
    history = store.comment_history(mod, cid)
    assert history["status"].tolist() == ["pending", "published", "published", "hidden"]
    assert history["created_by"].tolist()[1:] == ["moder"] * 3
    assert store.count_rows(Comment) == 1 and store.count_rows(CommentVersion) == 4
    queue = store.moderation_queue(mod, status="hidden")
    assert queue.loc[0, "text"] == "Bu mahallede kreş yok."  # the text is kept
    with pytest.raises(ConflictError):
        store.moderate(mod, cid, "publish", expected_version=2)
    with pytest.raises(NotFound):
        store.moderate(mod, 9999, "publish")


def test_names_are_shown_only_when_the_writer_chose(store, people):
    a = store.submit_comment("v1", comment(author_name="Ayşe Y.", organisation="Kadın Kooperatifi",
                                           show_name=True))
    b = store.submit_comment("v2", comment(author_name="Gizli Kişi", organisation="Dernek"))
    for cid in (a, b):
        store.moderate(people["moder"], cid, "publish")
    shown = store.published_comments().set_index("id")
    assert shown.loc[a, "author"] == "Ayşe Y. (Kadın Kooperatifi)"
    assert shown.loc[b, "author"] == ""
    assert "author_name" not in shown.columns and "organisation" not in shown.columns
    assert "Gizli Kişi" not in shown.to_csv()
    assert "Gizli Kişi" in store.moderation_queue(people["moder"]).to_csv()


def test_rate_limits_per_visitor_and_they_pass(store, clock):
    for _ in range(3):
        store.submit_comment("kişi", comment())
    with pytest.raises(RateLimited) as caught:
        store.submit_comment("kişi", comment())
    assert 0 < caught.value.wait_seconds <= 600
    assert "dakika" in str(caught.value)
    store.submit_comment("başka", comment())  # another visitor is not held back
    clock.advance(minutes=11)
    store.submit_comment("kişi", comment())


def test_text_limits_and_cleaning(store):
    with pytest.raises(InvalidInput) as caught:
        store.submit_comment("v", comment(text="x" * 2001, kind="spam", author_name="a" * 200))
    columns = {c for c, _ in caught.value.problems}
    assert columns == {"text", "kind", "author_name"}
    with pytest.raises(InvalidInput):
        store.submit_comment("v", comment(text="  \u0000\u200b  "))
    cid = store.submit_comment("v", comment(text="  <b>kalın</b>\u0007 metin  "))
    queue = store.moderation_queue(SYSTEM)
    assert queue.set_index("id").loc[cid, "text"] == "<b>kalın</b> metin"  # kept as typed, unescaped


def test_meeting_records_are_versioned(store, people):
    mod = people["moder"]
    entry = MeetingInput("Seferihisar geri bildirim toplantısı", date(2026, 11, 20), "Belediye",
                         "Kadın Dayanışma Derneği\nMuhtarlar", "Kreş verisi eksik.",
                         "Kreş göstergesi eklenecek.")
    mid, v = store.save_meeting(mod, entry)
    assert v == 1
    with pytest.raises(ConflictError):
        store.save_meeting(mod, entry, mid, expected_version=0)
    store.save_meeting(mod, MeetingInput(**{**entry.__dict__, "decisions": "İki karar."}), mid, 1)
    m = store.meetings()
    assert len(m) == 1 and m.loc[0, "version"] == 2 and m.loc[0, "decisions"] == "İki karar."
    with pytest.raises(InvalidInput):
        store.save_meeting(mod, MeetingInput("", date(2026, 1, 1)))


def test_workshop_session_submissions_results_and_adoption(store, people):
    mod = people["moder"]
    code = store.open_workshop(mod, "Balıkesir çalıştayı")
    assert len(code) == 6 and store.workshop(code.lower())["status"] == "open"
    store.submit_allocation(code, "tel-1", "", {"women": 100})
    store.submit_allocation(code, "tel-2", "Sevgi", {"mean_index": 60, "coverage": 40},
                            {"coverage": "lower_is_priority"})
    assert store.submit_allocation(code, "tel-2", "Sevgi", {"mean_index": 100}) == 2
    with pytest.raises(InvalidInput):
        store.submit_allocation(code, "tel-3", "", {"women": 90})
    with pytest.raises(InvalidInput):
        store.submit_allocation(code, "tel-3", "", {"nope": 100})
    alloc = store.allocations(code)
    anonymous = sorted(set(alloc["participant"]) - {"Sevgi"})
    assert len(anonymous) == 1 and anonymous[0].startswith("anonim-")
    assert alloc.groupby("participant")["points"].sum().eq(100).all()
    assert len(alloc[alloc["participant"] == "Sevgi"]) == 1  # the latest submission counts
    result = workshop_result(criteria_table(), alloc)
    assert store.save_result(mod, code, result, synthetic=True, shortlist_size=3) == 1
    assert store.adopted_result() is None
    store.adopt_result(mod, code)
    adopted = store.adopted_result()
    assert adopted is not None and adopted.participants == 2 and adopted.synthetic
    pd.testing.assert_frame_equal(adopted.consensus.reset_index(drop=True),
                                  result.consensus.reset_index(drop=True), check_dtype=False)
    assert len(adopted.shortlist()) >= 3
    store.set_workshop_status(mod, code, "closed")
    with pytest.raises(InvalidInput):
        store.submit_allocation(code, "tel-4", "", {"women": 100})
    listed = store.workshops(mod)
    assert listed.loc[0, "participants"] == 2 and bool(listed.loc[0, "adopted"])
    with pytest.raises(NotFound):
        store.workshop("YOKYOK")


def test_workshop_submissions_are_rate_limited(store, people):
    code = store.open_workshop(people["moder"], "Ç")
    for _ in range(10):
        store.submit_allocation(code, "aynı", "", {"women": 100})
        store.clock.advance(seconds=1)
    with pytest.raises(RateLimited):
        store.submit_allocation(code, "aynı", "", {"women": 100})


def test_moderators_import_checked_allocation_files(store, people):
    from gendermap.participation.allocations import parse_allocations

    code = store.open_workshop(people["moder"], "Kâğıt formlar")
    frame, problems = parse_allocations(
        "katılımcı;ölçüt;puan\nA;women;100\nB;coverage;50\nB;mean_index;50\n".encode(), "f.csv")
    assert problems.empty
    with pytest.raises(PermissionDenied):
        store.import_allocations(people["okur"], code, frame, "f.csv")
    assert store.import_allocations(people["moder"], code, frame, "f.csv") == 2
    assert store.allocations(code).groupby("participant")["points"].sum().to_dict() == {
        "A": 100.0, "B": 100.0}
    bad = frame.assign(points=[100.0, 50.0, 40.0])
    with pytest.raises(InvalidInput):
        store.import_allocations(people["moder"], code, bad, "f.csv")


def test_two_people_with_one_name_are_two_participants(store, people):
    code = store.open_workshop(people["moder"], "Aynı ad")
    store.submit_allocation(code, "telefon-1", "Ayşe", {"women": 100})
    store.submit_allocation(code, "telefon-2", "Ayşe", {"coverage": 100})
    store.clock.advance(seconds=1)
    store.submit_allocation(code, "telefon-1", "Ayşe", {"mean_index": 100})  # her own again
    alloc = store.allocations(code)
    assert alloc["participant"].nunique() == 2
    assert sorted(alloc["criterion"]) == ["coverage", "mean_index"]
