"""Cards, audio and the series folder on the fixture build (escaped, demo-marked, complete)."""

from __future__ import annotations

import io
import shutil

import pandas as pd
import pytest
import soundfile
from PIL import Image

from gendermap import DEMO_LABEL
from gendermap.publish import find_area
from gendermap.publish.cards import Card, render_card
from gendermap.publish.series import plan
from tests.conftest import need
from tests.ui.fixture_build import EVIL


def _area(data):  # type: ignore[no-untyped-def]
    code = data.mahalle.loc[data.mahalle["mahalle"] == EVIL, "district_code"].iloc[0]
    return find_area(data.mahalle, district=str(code))


def test_plan_has_the_index_and_every_index_indicator(pub_data) -> None:  # type: ignore[no-untyped-def]
    items = plan(pub_data, _area(pub_data))
    ids = [i.indicator_id for i in items]
    in_index = [i.id for i in pub_data.catalogue.indicators if i.in_index and i.level == "mahalle"]
    assert ids == ["index", *in_index]
    area = _area(pub_data)
    assert all(area.name in i.sentence.text for i in items)


def test_sentence_number_is_the_builds_district_value(pub_data) -> None:  # type: ignore[no-untyped-def]
    from gendermap.numbers import format_share

    area = _area(pub_data)
    item = next(i for i in plan(pub_data, area) if i.indicator_id == "employment_15_64")
    d = pub_data.district_indicators
    row = d[(d["district_code"] == area.code) & (d["indicator"] == "employment_15_64") & (d["sex"] == "M")]
    assert format_share(float(row["value"].iloc[0]), "tr") in item.sentence.text


@pytest.mark.parametrize(("size", "pixels"), [("square", (1080, 1080)), ("wide", (1200, 675))])
def test_card_size(pub_data, size: str, pixels: tuple[int, int]) -> None:  # type: ignore[no-untyped-def]
    item = plan(pub_data, _area(pub_data))[1]
    png = render_card(Card(item.amap, pub_data.mahalle.geometry.values[item.amap.rows], item.sentence.text, "x"), size)
    with Image.open(io.BytesIO(png)) as img:
        assert img.size == pixels


@pytest.mark.slow
def test_series_cli_writes_everything(pub_env, tmp_path) -> None:  # type: ignore[no-untyped-def]
    need(shutil.which("espeak-ng") is not None, "espeak-ng not installed (scripts/sysdeps.sh)")
    from gendermap.cli import main
    from gendermap.publish import inputs

    data = inputs.load()
    area = _area(data)
    out = tmp_path / "seri"
    assert main(["series", "--district", str(area.code), "--out", str(out)]) == 0
    table = pd.read_csv(out / "series.csv", encoding="utf-8-sig")
    assert len(table) >= 12
    assert table["sentence"].str.contains(area.name, regex=False).all()
    for r in table.itertuples():
        with Image.open(out / r.square) as img:
            assert img.size == (1080, 1080)
        info = soundfile.info(str(out / r.ogg))
        assert info.format == "OGG" and info.subtype == "VORBIS" and info.duration >= 2
        assert soundfile.info(str(out / r.wav)).duration >= 2
    html = (out / "index.html").read_text(encoding="utf-8")
    assert DEMO_LABEL in html and "<img src=x" not in html and html.count("<img ") == len(table)


@pytest.mark.data
@pytest.mark.slow
def test_seferihisar_series_on_the_real_build(tmp_path) -> None:  # type: ignore[no-untyped-def]
    """Issue 12's check: >= 12 square cards, >= 2 s of audio each, sentences naming Seferihisar."""
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]
    need((root / "build" / "indicators.parquet").exists(), "no real build: run `gendermap build`")
    need(shutil.which("espeak-ng") is not None, "espeak-ng not installed (scripts/sysdeps.sh)")
    from gendermap.cli import main

    out = tmp_path / "seferihisar"
    assert main(["series", "--district", "Seferihisar", "--out", str(out)]) == 0
    table = pd.read_csv(out / "series.csv", encoding="utf-8-sig")
    squares = sorted(out.glob("*-square.png"))
    assert len(table) == len(squares) >= 12
    for png in squares:
        with Image.open(png) as img:
            assert img.size == (1080, 1080)
    assert table["sentence"].str.contains("Seferihisar", regex=False).all()
    assert (table["seconds"] >= 2).all()
    assert all(soundfile.info(str(out / name)).duration >= 2 for name in table["ogg"])
    assert "Seferihisar'da 25 yaş üstü kadınların %" in " ".join(table["sentence"])


@pytest.mark.slow
def test_all_districts_with_progress(pub_env, tmp_path, monkeypatch, capsys) -> None:  # type: ignore[no-untyped-def]
    """--all: one folder per district and a progress line each (cards stubbed: drawn in other tests)."""
    from gendermap.cli import main
    from gendermap.publish import cards, inputs
    from gendermap.publish.areas import all_districts

    monkeypatch.setattr(cards, "render_card", lambda card, size="square": b"\x89PNG")
    assert main(["series", "--all", "--no-audio", "--out", str(tmp_path)]) == 0
    areas = all_districts(inputs.load().mahalle)
    err = capsys.readouterr().err
    assert all(f"[{i}/{len(areas)}]" in err for i in range(1, len(areas) + 1))
    for area in areas:
        table = pd.read_csv(tmp_path / area.slug / "series.csv", encoding="utf-8-sig")
        assert table["sentence"].str.contains(area.name, regex=False).all()


@pytest.mark.parametrize("lang", ["tr", "en"])
def test_speech_in_both_languages(tmp_path, lang: str) -> None:  # type: ignore[no-untyped-def]
    need(shutil.which("espeak-ng") is not None, "espeak-ng not installed (scripts/sysdeps.sh)")
    from gendermap.publish.audio import speak

    text = ("Seferihisarda kadınların yüzde yirmi bir virgül biri yükseköğretim mezunu." if lang == "tr"
            else "In Seferihisar, 21.1% of women aged 25+ have a higher-education degree.")
    result = speak(text, tmp_path / "a.wav", tmp_path / "a.ogg", lang)
    assert result.seconds >= 2
    info = soundfile.info(str(result.ogg))
    assert (info.format, info.subtype) == ("OGG", "VORBIS") and abs(info.duration - result.seconds) < 0.2


def test_text_that_looks_like_an_option_is_only_read(tmp_path) -> None:  # type: ignore[no-untyped-def]
    need(shutil.which("espeak-ng") is not None, "espeak-ng not installed (scripts/sysdeps.sh)")
    from gendermap.publish.audio import speak

    result = speak(f"--help -w {tmp_path / 'x.wav'} " + EVIL, tmp_path / "b.wav", tmp_path / "b.ogg")
    assert result.seconds > 1 and not (tmp_path / "x.wav").exists()
