"""One number parser and formatter (Babel), both languages."""

from __future__ import annotations

import math
from datetime import date

import pytest

from gendermap import numbers as nb


@pytest.mark.parametrize(("value", "lang", "text"), [
    (0.125, "tr", "%12,5"), (0.125, "en", "12.5%"), (None, "tr", "—"), (math.nan, "en", "—"),
])
def test_share(value, lang, text):
    assert nb.format_share(value, lang) == text


@pytest.mark.parametrize(("value", "lang", "text"), [
    (1234.5, "tr", "1.234,5"), (1234.5, "en", "1,234.5"), (-0.26, "tr", "-0,3"),
])
def test_number(value, lang, text):
    assert nb.format_number(value, lang) == text


def test_int_and_signed():
    assert nb.format_int(12345, "tr") == "12.345"
    assert nb.format_signed(1.5, "tr") == "+1,5"
    assert nb.format_signed(-2, "en") == "−2.0"
    assert nb.format_signed(0.01, "en") == "0.0"


@pytest.mark.parametrize(("text", "lang", "value"), [
    ("1.234,5", "tr", 1234.5), ("1,234.5", "en", 1234.5), ("12,5", "tr", 12.5),
    ("12.5", "tr", 12.5), ("-3", "tr", -3.0), ("", "tr", None), ("1 234,5", "tr", 1234.5),
    ("1234", "en", 1234.0),
])
def test_parse(text, lang, value):
    assert nb.parse_number(text, lang) == value


@pytest.mark.parametrize(("text", "lang"), [("1,234.5", "tr"), ("abc", "en"), ("1.2.3", "en"), ("inf", "en")])
def test_parse_refuses_ambiguous_or_foreign(text, lang):
    with pytest.raises(nb.NumberParseError) as err:
        nb.parse_number(text, lang)
    assert text in str(err.value)


def test_turkish_thousands_group_is_not_a_decimal_point():
    assert nb.parse_number("1.234", "tr") == 1234.0


def test_dates_and_values():
    assert nb.format_date(date(2026, 12, 1), "tr") == "1 Aralık 2026"
    assert nb.format_date("2026-12-01", "en") == "1 December 2026"
    assert nb.format_value(0.211, "percent", "tr") == "%21,1"
    assert nb.format_value(None, "count", "tr") == "—"


def test_number_formatter_writes_like_format_number() -> None:
    from gendermap.numbers import MISSING, format_number, number_formatter

    values = [0.0, -0.05, 1234.5, 12.345, 1e6, -98765.4321, float("nan"), None]
    for lang in ("tr", "en"):
        for digits in (0, 1, 2):
            fmt = number_formatter(lang, digits)
            assert [fmt(v) for v in values] == [format_number(v, lang, digits) for v in values]
    assert number_formatter("tr", 1)(1234.5) == "1.234,5" and number_formatter("tr")(None) == MISSING
