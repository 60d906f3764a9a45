"""Streamlit AppTest for the Geri bildirim and Çalıştay pages: comment, moderate, hostile
text shown as text, a workshop run from submission to adoption."""

from __future__ import annotations

import shutil
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from gendermap.focus import CRITERIA
from gendermap.participation.store import ParticipationStore
from gendermap.ui.monitoring import TOKEN
from tests.participation.conftest import PASSWORD, SYSTEM
from tests.ui.conftest import fixture_build_dir  # noqa: F401  (fixture)

pytestmark = [pytest.mark.participation, pytest.mark.slow]
APP = str(Path(__file__).resolve().parents[2] / "app.py")
HOSTILE = "<script>alert('x')</script> **kalın** [tık](javascript:alert(1))"


@pytest.fixture
def env(fixture_build_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch):  # noqa: F811
    build = tmp_path / "build"
    shutil.copytree(fixture_build_dir, build)
    if not (build / "focus.parquet").exists():  # older fixture builds had no focus table
        rng = np.random.default_rng(5)
        focus = pd.DataFrame({c.id: rng.random(8) for c in CRITERIA})
        focus.insert(0, "district_code", range(1, 9))
        focus.insert(1, "district", [f"İlçe {i}" for i in range(1, 9)])
        focus.insert(2, "province", "İzmir")
        focus["synthetic"] = True
        focus.to_parquet(build / "focus.parquet")
    url = f"sqlite:///{tmp_path / 'app.sqlite'}"
    monkeypatch.setenv("GENDERMAP_BUILD_DIR", str(build))
    monkeypatch.setenv("GENDERMAP_DB_URL", url)
    store = ParticipationStore(url)
    store.add_user(SYSTEM, "moder", PASSWORD, "moderator")
    yield store
    store.close()


def page(name: str, token: str | None = None, **query: str) -> AppTest:
    """The page through app.py (navigation as in the app), run once."""
    at = AppTest.from_file(APP, default_timeout=240)
    for k, v in query.items():
        at.query_params[k] = v
    if token:
        at.session_state[TOKEN] = token
    at.switch_page(f"pages/{name}")
    return at.run()


def _markdown_texts(at: AppTest) -> list[str]:
    return [m.value for m in at.markdown] + [c.value for c in at.caption]


def test_comment_moderate_publish_and_hostile_text_stays_text(env: ParticipationStore) -> None:
    at = page("geri_bildirim.py")
    assert not at.exception, at.exception
    assert any("KVKK" in c.value for c in at.caption)
    form_area = next(a for a in at.text_area if a.label == "Yorumunuz")
    form_area.input(HOSTILE)
    at.button(key="FormSubmitter:gm_comment-Gönder").click().run()
    assert not at.exception, at.exception
    assert any("moderatör" in s.value for s in at.success)
    queue = env.moderation_queue(SYSTEM)
    assert queue["text"].tolist() == [HOSTILE] and queue["status"].tolist() == ["pending"]
    assert not any(HOSTILE == t.value for t in at.text)  # not public yet

    mod = page("geri_bildirim.py", env.sign_in("moder", PASSWORD).token)
    assert not mod.exception, mod.exception
    mod.button(key="FormSubmitter:gm_mod_form-Uygula").click().run()  # default action: publish
    assert not mod.exception, mod.exception
    assert env.published_comments()["text"].tolist() == [HOSTILE]
    mod.run()
    assert any(t.value == HOSTILE for t in mod.text)  # shown literally through st.text
    assert not any("<script>" in m for m in _markdown_texts(mod))


def test_workshop_from_submission_to_adoption(env: ParticipationStore) -> None:
    code = env.open_workshop(SYSTEM, "Deneme çalıştayı")
    at = page("calistay.py", kod=code)
    assert not at.exception, at.exception
    at.slider(key="gm_ws_women").set_value(60)
    at.slider(key="gm_ws_coverage").set_value(40).run()
    assert any("100 / 100" in s.value for s in at.success)
    at.radio(key="gm_ws_dir_coverage").set_value("lower_is_priority")
    next(b for b in at.button if b.label == "Puanlarımı gönder").click().run()
    assert not at.exception, at.exception
    alloc = env.allocations(code)
    assert alloc.set_index("criterion").loc["coverage", "direction"] == "lower_is_priority"

    mod = page("calistay.py", env.sign_in("moder", PASSWORD).token)
    assert not mod.exception, mod.exception
    assert any("ÖRNEK VERİ" in w.value for w in mod.warning)
    next(b for b in mod.button if b.label == "Sonucu kaydet").click().run()
    assert not mod.exception, mod.exception
    next(b for b in mod.button if b.label.startswith("Bu sonucu")).click().run()
    assert not mod.exception, mod.exception
    adopted = env.adopted_result()
    assert adopted is not None and adopted.participants == 1
    assert {d.label for d in mod.get("download_button")} >= {"Uzlaşı sıralaması (CSV)"}


def test_published_comments_beside_the_map_on_the_mahalle_panel_and_counted_on_odak(
        env: ParticipationStore) -> None:
    import geopandas as gpd

    from gendermap.config import get_settings
    from gendermap.participation.rules import CommentInput

    places = gpd.read_file(get_settings().gpkg_path, layer="mahalle")
    place = places.dropna(subset=["mahalle_code"]).iloc[0]
    code, district = str(place["mahalle_code"]), int(place["district_code"])
    mine = env.submit_comment("v", CommentInput(text="Mahalle yorumu", kind="local_knowledge",
                                                mahalle_code=code, district_code=district))
    env.submit_comment("w", CommentInput(text="Bekleyen yorum", kind="question",
                                         mahalle_code=code, district_code=district))
    env.moderate(SYSTEM, mine, "publish")
    at = page("harita.py", mahalle=code)
    assert not at.exception, at.exception
    shown = [t.value for t in at.text]
    assert "Mahalle yorumu" in shown and "Bekleyen yorum" not in shown
    odak = page("odak.py")
    assert not odak.exception, odak.exception
    counts = [d.value for d in odak.dataframe if "yayımlanmış yorum" in d.value.columns]
    assert counts and counts[0]["yayımlanmış yorum"].tolist() == [1]


@pytest.mark.parametrize(("name", "words"), [
    ("geri_bildirim.py", ["Write a comment", "Feedback meetings"]),
    ("calistay.py", ["Join a workshop", "Run the workshop"]),
])
def test_pages_in_english(env: ParticipationStore, name: str, words: list[str]) -> None:
    at = page(name, lang="en")
    assert not at.exception, at.exception
    shown = " ".join([h.value for h in at.header] + [e.label for e in at.expander]
                     + [c.value for c in at.caption])
    for word in words:
        assert word in shown
