"""Turkish numbers in words and the suffixes written numbers and place names take."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from gendermap.publish.numwords import (
    genitive,
    integer_words,
    locative,
    number_words,
    ordinal_words,
    with_suffix,
)


@pytest.mark.parametrize(("n", "words"), [
    (0, "sıfır"), (7, "yedi"), (10, "on"), (21, "yirmi bir"), (100, "yüz"), (101, "yüz bir"),
    (200, "iki yüz"), (1000, "bin"), (1001, "bin bir"), (2023, "iki bin yirmi üç"),
    (11000, "on bir bin"), (100000, "yüz bin"), (1_000_000, "bir milyon"),
    (1_234_567, "bir milyon iki yüz otuz dört bin beş yüz altmış yedi"), (-3, "eksi üç"),
])
def test_integer_words(n: int, words: str) -> None:
    assert integer_words(n) == words


@pytest.mark.parametrize(("text", "words"), [
    ("21,1", "yirmi bir virgül bir"), ("24,6", "yirmi dört virgül altı"), ("1.234", "bin iki yüz otuz dört"),
    ("0,05", "sıfır virgül sıfır beş"), ("100,0", "yüz virgül sıfır"), ("−2,5", "eksi iki virgül beş"),
])
def test_number_words(text: str, words: str) -> None:
    assert number_words(text) == words


def test_not_a_number_is_refused() -> None:
    with pytest.raises(ValueError):
        number_words("12a")


@pytest.mark.parametrize(("text", "suffix"), [
    ("21,1", "i"), ("24,6", "sı"), ("30", "u"), ("40", "ı"), ("100", "ü"), ("20", "si"), ("4,0", "ı"),
    ("31,4", "ü"), ("6,7", "si"), ("2", "si"), ("9", "u"), ("1.000", "i"),
])
def test_possessive_after_a_number(text: str, suffix: str) -> None:
    assert with_suffix(text) == suffix


@pytest.mark.parametrize(("place", "loc", "gen"), [
    ("Seferihisar", "da", "ın"), ("Ödemiş", "te", "in"), ("Çeşme", "de", "nin"), ("Konak", "ta", "ın"),
    ("İzmir", "de", "in"), ("Buca", "da", "nın"), ("Bigadiç", "te", "in"), ("Beydağ", "da", "ın"),
    ("Kınık", "ta", "ın"), ("Bornova", "da", "nın"), ("Güzelbahçe", "de", "nin"), ("Susurluk", "ta", "un"),
    ("Gömeç", "te", "in"), ("Dursunbey", "de", "in"), ("Torbalı", "da", "nın"),
])
def test_place_suffixes(place: str, loc: str, gen: str) -> None:
    assert (locative(place), genitive(place)) == (loc, gen)


@pytest.mark.parametrize(("n", "words"), [
    (1, "birinci"), (2, "ikinci"), (3, "üçüncü"), (4, "dördüncü"), (6, "altıncı"), (9, "dokuzuncu"),
    (10, "onuncu"), (12, "on ikinci"), (35, "otuz beşinci"), (40, "kırkıncı"), (50, "ellinci"),
])
def test_ordinals(n: int, words: str) -> None:
    assert ordinal_words(n) == words


@given(st.integers(min_value=0, max_value=10**12 - 1))
def test_every_number_is_words_only(n: int) -> None:
    words = integer_words(n).split()
    assert words and all(w.isalpha() for w in words)
    text = integer_words(n)
    assert not text.startswith(("bir bin", "bir yüz")) and " bir yüz" not in text  # 1000 is "bin", 100 "yüz"
    assert (" bin" in f" {text}") == (n >= 1000 and (n // 1000) % 1000 > 0)
