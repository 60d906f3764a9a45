"""One parser and one formatter for numbers and dates, in the user's language (Babel).

Every screen, report, export and importer goes through these functions, so the same
percentage is written the same way everywhere: Turkish ``%12,5`` and ``1.234,5``,
English ``12.5%`` and ``1,234.5``. Parsing is strict: ``"1,234.5"`` is refused in
Turkish (it would otherwise silently become 1.2345) and the error says what was meant.

Missing values (``None``, NaN, NA) are written as :data:`MISSING` ("—"), never as
"None" or "nan".
"""

from __future__ import annotations

import math
from collections.abc import Callable
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from typing import Literal

from babel import Locale
from babel.dates import format_date as _babel_format_date
from babel.numbers import (
    NumberFormatError,
    format_decimal,
    format_percent,
    parse_decimal,
    parse_pattern,
)

Lang = Literal["tr", "en"]
MISSING = "—"
"""What a missing number looks like on every screen and in every report."""

_LOCALE = {"tr": "tr_TR", "en": "en_GB"}


class NumberParseError(ValueError):
    """A text that is not a number in the expected language. ``.text`` is the input."""

    def __init__(self, text: str, lang: str, hint: str = "") -> None:
        self.text = text
        self.lang = lang
        self.hint = hint
        if lang == "tr":
            msg = f"'{text}' bir sayı olarak okunamadı"
        else:
            msg = f"'{text}' could not be read as a number"
        super().__init__(msg + (f" ({hint})" if hint else ""))


def locale_of(lang: str) -> str:
    """Babel locale for a user language ('tr' or 'en'); anything else is Turkish."""
    return _LOCALE.get(lang, _LOCALE["tr"])


def is_missing(value: object) -> bool:
    """True for None, NaN, pandas NA/NaT and empty strings."""
    if value is None:
        return True
    if isinstance(value, str):
        return value.strip() == ""
    try:
        return bool(value != value)  # NaN, NA, NaT compare unequal to themselves
    except (TypeError, ValueError):
        return False


def parse_number(text: object, lang: str = "tr") -> float | None:
    """Read a number the way people of ``lang`` write it; empty -> None.

    Plain machine numbers (``12.5``, ``-3``, ``1e3`` with no thousands separator) are
    accepted in both languages when they are unambiguous: ``12.5`` in Turkish input is
    read as twelve and a half only when it cannot be a Turkish thousands group
    (``1.234`` is one thousand two hundred and thirty-four in Turkish). Anything else
    raises :class:`NumberParseError` naming the text.
    """
    if isinstance(text, bool):
        raise NumberParseError(str(text), lang)
    if isinstance(text, int | float):
        return None if math.isnan(float(text)) else float(text)
    if isinstance(text, Decimal):
        return float(text)
    if is_missing(text):
        return None
    raw = str(text).strip().replace("\u00a0", "").replace("\u202f", "").replace(" ", "")
    negative = raw.startswith(("-", "−"))
    body = raw[1:] if raw[:1] in "-−+" else raw
    if not body:
        raise NumberParseError(str(text), lang)
    try:
        value = parse_decimal(body, locale=locale_of(lang), strict=True)
    except NumberFormatError as exc:
        alt = _machine_number(body, lang)
        if alt is None:
            raise NumberParseError(str(text), lang, _hint(exc, lang)) from exc
        value = alt
    number = float(value)
    if math.isinf(number) or math.isnan(number):
        raise NumberParseError(str(text), lang)
    return -number if negative else number


def _machine_number(body: str, lang: str) -> Decimal | None:
    """``12.5`` / ``1e3`` written by a program, where it cannot mean anything else."""
    if "," in body:
        return None
    if lang == "tr" and "." in body:
        head, _, tail = body.partition(".")
        if len(tail) == 3 and "." not in tail and head.isdigit():
            return None  # "1.234" is a Turkish thousands group; strict parse refused it
    try:
        return Decimal(body)
    except InvalidOperation:
        return None


def _hint(exc: NumberFormatError, lang: str) -> str:
    suggestions = getattr(exc, "suggestions", None) or []
    if not suggestions:
        return ""
    if lang == "tr":
        return "şunu mu demek istediniz: " + " / ".join(suggestions)
    return "did you mean: " + " / ".join(suggestions)


def format_number(value: object, lang: str = "tr", digits: int = 1) -> str:
    """1234.5 -> '1.234,5' (tr) / '1,234.5' (en); missing -> '—'."""
    if is_missing(value):
        return MISSING
    pattern = "#,##0" + ("." + "0" * digits if digits > 0 else "")
    return format_decimal(float(value), format=pattern, locale=locale_of(lang))  # type: ignore[arg-type]


def number_formatter(lang: str = "tr", digits: int = 1) -> Callable[[object], str]:
    """:func:`format_number` with the locale and pattern looked up once, for whole table
    columns (a screen table has thousands of cells; the per-call lookups dominate)."""
    pattern = parse_pattern("#,##0" + ("." + "0" * digits if digits > 0 else ""))
    locale = Locale.parse(locale_of(lang))

    def fmt(value: object) -> str:
        if is_missing(value):
            return MISSING
        return pattern.apply(float(value), locale)  # type: ignore[arg-type]

    return fmt


def format_int(value: object, lang: str = "tr") -> str:
    """12345 -> '12.345' (tr) / '12,345' (en)."""
    return format_number(value, lang, 0)


def format_share(value: object, lang: str = "tr", digits: int = 1) -> str:
    """A proportion (0.125) as a percentage: '%12,5' (tr) / '12.5%' (en)."""
    if is_missing(value):
        return MISSING
    decimals = "." + "0" * digits if digits > 0 else ""
    pattern = f"%#,##0{decimals}" if lang == "tr" else f"#,##0{decimals}%"
    return format_percent(float(value), format=pattern, locale=locale_of(lang))  # type: ignore[arg-type]


def format_percent_points(value: object, lang: str = "tr", digits: int = 1) -> str:
    """A value already in percent (12.5) as a percentage: '%12,5' / '12.5%'."""
    if is_missing(value):
        return MISSING
    return format_share(float(value) / 100.0, lang, digits)  # type: ignore[arg-type]


def format_signed(value: object, lang: str = "tr", digits: int = 1) -> str:
    """A difference with its sign: '+1,5' / '−2,0' (a real minus sign)."""
    if is_missing(value):
        return MISSING
    number = float(value)  # type: ignore[arg-type]
    text = format_number(abs(number), lang, digits)
    if number > 0 and text != format_number(0, lang, digits):
        return "+" + text
    if number < 0 and text != format_number(0, lang, digits):
        return "−" + text
    return text


def format_date(value: date | datetime | str | None, lang: str = "tr", style: str = "long") -> str:
    """1 Aralık 2026 (tr) / 1 December 2026 (en); ISO strings accepted; missing -> '—'."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return MISSING
    if isinstance(value, str):
        value = date.fromisoformat(value[:10])
    if isinstance(value, datetime):
        value = value.date()
    return _babel_format_date(value, format=style, locale=locale_of(lang))


def format_value(value: object, unit: str, lang: str = "tr") -> str:
    """A stored indicator value in its unit: proportions as percentages, per-person
    rates per 1,000, counts as whole numbers, anything else with two decimals."""
    if is_missing(value):
        return MISSING
    if unit == "percent":
        return format_share(value, lang)
    if unit == "per_1000":
        return format_number(float(value) * 1000, lang) + " ‰"  # type: ignore[arg-type]
    if unit == "count":
        return format_int(value, lang)
    return format_number(value, lang, 2)
