"""The same number reads the same way on every screen, legend, report and monitoring card."""

from __future__ import annotations

import numpy as np
import pytest

from gendermap.classify import ENGLISH, NumberFormat, classify, number_format
from gendermap.focus import _fmt as focus_fmt
from gendermap.monitor.labels import fmt_gap, fmt_number
from gendermap.monitor.validation import parse_number
from gendermap.numbers import MISSING, format_share
from gendermap.report.i18n import fmt_date, fmt_num, fmt_value


@pytest.mark.parametrize(("lang", "share"), [("tr", "%12,5"), ("en", "12.5%")])
def test_one_percentage_everywhere(lang: str, share: str) -> None:
    assert format_share(0.125, lang) == share
    assert number_format("percent", lang).format(0.125) == share  # map legend and tooltips
    assert fmt_value(0.125, "percent", lang) == share  # reports
    assert fmt_number(12.5, "percent", lang) == share  # monitoring cards, tables and PDF (points)
    legend = classify([0.1, 0.125, 0.2, 0.3], "userdefined", bins=[0.125, 0.3], fmt=number_format("percent", lang))
    assert share in legend.labels[0]


def test_focus_reasons_use_the_same_writer() -> None:
    assert focus_fmt(0.87, "share", "tr") == "%87" and focus_fmt(0.87, "share", "en") == "87%"
    assert focus_fmt(71205, "count", "tr") == "71.205" and focus_fmt(71205, "count", "en") == "71,205"
    assert focus_fmt(50.784, "index", "tr") == "50,8"


def test_legend_numbers_and_missing() -> None:
    assert NumberFormat().format(12345.678) == "12.345,68"
    assert ENGLISH.format(12345.678) == "12,345.68"
    assert NumberFormat().format(float("nan")) == MISSING
    assert number_format("per_1000", "tr").format(0.0125) == "12,5 ‰"
    assert number_format("count", "en").format(1234567) == "1,234,567"
    assert number_format("percent", "tr", gap=True).format(-3.26) == "-3,3 puan"
    assert number_format("percent", "en", gap=True).format(1.5) == "1.5 pp"


def test_report_numbers_and_dates() -> None:
    from datetime import date

    assert fmt_num(1234.5, "tr") == "1.234,5" and fmt_num(1234.5, "en") == "1,234.5"
    assert fmt_num(None, "tr") == MISSING and fmt_value(np.nan, "percent", "en") == MISSING
    assert fmt_date(date(2026, 12, 1), "tr") == "1 Aralık 2026"
    assert fmt_date(date(2026, 12, 1), "en") == "1 December 2026"


def test_monitoring_labels() -> None:
    assert fmt_number(1234, "count", "tr") == "1.234" and fmt_number(None, "count", "tr") == MISSING
    assert fmt_number(3.35, "number", "en") == "3.4" and fmt_number(3.35, "number", "tr") == "3,4"
    assert fmt_gap(0.48, "ratio", "tr") == "K/E 0,48" and fmt_gap(0.48, "ratio", "en") == "F/M 0.48"
    assert fmt_gap(-12.3, "points", "tr") == "−12,3 puan" and fmt_gap(4, "points", "en") == "+4.0 pts"


@pytest.mark.parametrize(
    ("text", "value"),
    [("12,5", 12.5), ("1.234,5", 1234.5), ("1.234", 1234.0), ("12.5", 12.5), ("", None), (7, 7.0)],
)
def test_monitoring_entry_reads_turkish_numbers(text: object, value: float | None) -> None:
    assert parse_number(text) == (value, None)


@pytest.mark.parametrize("text", ["1,234.5", "1; DROP TABLE", "abc", True])
def test_monitoring_entry_refuses_what_it_would_misread(text: object) -> None:
    value, problem = parse_number(text)
    assert value is None and problem and str(text) in problem
