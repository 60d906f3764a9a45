"""The view (what the user is looking at), kept in session state and in the URL.

Why a single ``View`` and its own keys: a copied link must reopen the same map, and
moving between pages must not lose the choices. Streamlit drops the state of widgets
that a page does not draw, so the canonical values live under :data:`VIEW` and widget
keys (``w_<field>``) are re-seeded from it on every page.

URL parameters (all optional, unknown values ignored with a note):
``lang``, ``province`` (codes, comma separated), ``districts`` (district codes),
``theme``, ``indicator``, ``sex`` (F/M/T/gap), ``scheme``, ``classes``, ``smooth`` (the map's
smoothing: 0, global or spatial; 1 from older links means global),
``reliable`` (0/1), ``method``, ``weights`` (``name:weight,...``, a name is a theme id or an
index indicator id; weight 1 is left out), ``mahalle`` (code),
``compare`` (codes), ``tiles`` (0/1), ``year`` (the map's vintage; absent: the indicator's
reference vintage), ``ismooth`` (the index's smoothing on Sentez/Odak: 0, global or spatial),
``iyear`` (the index as of this year; absent: each indicator's reference vintage).

Odak (focus districts), so a shared link reproduces a shortlist: ``cweights`` (focus-criteria
weights ``id:weight,...``, 0-3, only those differing from the default), ``cdirs`` (criteria
directions ``id:higher|lower,...``, only those differing from the default), ``top`` (districts
in the shortlist, 3-15), ``farea`` (``districts``: rank only the districts of the filter;
``provinces``: all districts of their provinces; absent: districts when two or more are
chosen, else provinces). The method is ``method`` above.

Karşılaştır (bivariate map): ``bvx`` / ``bvy`` (first / second indicator id) and ``bvxsex`` /
``bvysex`` (F/M/T/gap for each axis). An indicator id the catalogue does not know is
reported by the page.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import asdict, dataclass, fields, replace
from typing import Any

import streamlit as st

from gendermap.smoothing import KINDS

VIEW = "gm_view"
"""Session-state key of the canonical :class:`View`."""
URL_NOTES = "gm_url_notes"
"""Session-state key: URL parameters that could not be used (shown once, never silent)."""
FOCUS = "gm_focus"
"""Session-state key: mahalle code the user searched for; the map zooms to it once."""

SEXES = ("F", "M", "T", "gap")
FOCUS_AREAS = ("districts", "provinces")
DIRECTIONS = ("higher", "lower")
TOP_RANGE = (3, 15)
METHODS = ("eige", "gap_only", "minmax")
SCHEMES = ("quantiles", "equalinterval", "fisherjenks", "naturalbreaks", "prettybreaks")


@dataclass(frozen=True)
class View:
    lang: str = "tr"
    provinces: tuple[int, ...] = (35, 10)
    districts: tuple[int, ...] = ()
    theme: str = ""
    indicator: str = ""
    sex: str = "F"
    scheme: str = "quantiles"
    classes: int = 5
    smooth: str = "none"
    reliable: bool = False
    method: str = "eige"
    weights: tuple[tuple[str, float], ...] = ()
    mahalle: str = ""
    compare: tuple[str, ...] = ()
    tiles: bool = False
    year: int = 0
    criteria: tuple[tuple[str, float], ...] = ()
    directions: tuple[tuple[str, str], ...] = ()
    top: int = 5
    focus_area: str = ""
    bv_x: str = ""
    bv_x_sex: str = "F"
    bv_y: str = ""
    bv_y_sex: str = "F"
    index_smooth: str = "none"
    index_year: int = 0

    def weight_map(self) -> dict[str, float]:
        return dict(self.weights)


def _ints(text: str) -> tuple[int, ...]:
    return tuple(int(p) for p in text.split(",") if p.strip())


class ParamError(ValueError):
    """A URL parameter's value that cannot be used, said in Turkish and in English."""

    def __init__(self, tr: str, en: str) -> None:
        super().__init__(tr)
        self.texts = {"tr": tr, "en": en}


def _bool(text: str) -> bool:
    if text not in ("0", "1"):
        raise ParamError("0 ya da 1 olmalı", "must be 0 or 1")
    return text == "1"


def _weight_pairs(text: str, top: float, name: Callable[[str], str] = str.strip,
                  what: tuple[str, str] = ("ağırlık", "weight")) -> tuple[tuple[str, float], ...]:
    """``name:weight,...`` -> pairs; a weight outside 0..``top`` or a name given twice is refused."""
    out = []
    for part in text.split(","):
        if not part.strip():
            continue
        key, _, value = part.partition(":")
        w = float(value)
        if not 0 <= w <= top:
            raise ParamError(f"{what[0]} 0-{top:g} arasında olmalı: {part}", f"{what[1]} must be 0-{top:g}: {part}")
        out.append((name(key.strip()), w))
    if len({n for n, _ in out}) != len(out):
        raise ParamError("bir ad iki kez verilmiş", "a name is given twice")
    return tuple(out)


def _weights(text: str) -> tuple[tuple[str, float], ...]:
    return _weight_pairs(text, 10)


def _criterion(name: str) -> str:
    from gendermap.focus import CRITERIA  # pure module; imported late to keep this one light

    known = [c.id for c in CRITERIA]
    if name not in known:
        raise ParamError(f"bilinmeyen ölçüt {name!r}; ölçütler: {', '.join(known)}",
                         f"unknown criterion {name!r}; criteria: {', '.join(known)}")
    return name


def _criteria_weights(text: str) -> tuple[tuple[str, float], ...]:
    return _weight_pairs(text, 3, _criterion, ("ölçüt ağırlığı", "criterion weight"))


def _directions(text: str) -> tuple[tuple[str, str], ...]:
    out = []
    for part in text.split(","):
        if not part.strip():
            continue
        name, _, value = part.partition(":")
        if value not in DIRECTIONS:
            raise ParamError(f"yön higher ya da lower olmalı: {part}", f"direction must be higher or lower: {part}")
        out.append((_criterion(name.strip()), value))
    if len({n for n, _ in out}) != len(out):
        raise ParamError("bir ölçüt iki kez verilmiş", "a criterion is given twice")
    return tuple(out)


def _top(text: str) -> int:
    n = int(text)
    if not TOP_RANGE[0] <= n <= TOP_RANGE[1]:
        raise ParamError(f"{TOP_RANGE[0]}-{TOP_RANGE[1]} arasında olmalı", f"must be {TOP_RANGE[0]}-{TOP_RANGE[1]}")
    return n


SMOOTHING = KINDS
"""Smoothing choices of the map and of the index (:data:`gendermap.smoothing.KINDS`)."""


def _smoothing(text: str) -> str:
    """``0``/``none``, ``global`` (or ``1``, the old on/off switch) or ``spatial``."""
    kind = {"0": "none", "1": "global"}.get(text, text)
    if kind not in SMOOTHING:
        raise ParamError("0, global ya da spatial olmalı", "must be 0, global or spatial")
    return kind


def _year(text: str) -> int:
    year = int(text)
    if not 1900 <= year <= 2100:
        raise ParamError("1900-2100 arasında bir yıl olmalı", "must be a year 1900-2100")
    return year


def _choice(options: tuple[str, ...]):
    def parse(text: str) -> str:
        if text not in options:
            raise ParamError(f"geçerli değerler: {', '.join(options)}", f"valid values: {', '.join(options)}")
        return text

    return parse


_PARSERS: dict[str, tuple[str, Any]] = {
    # url name: (View field, parser)
    "lang": ("lang", _choice(("tr", "en"))),
    "province": ("provinces", _ints),
    "districts": ("districts", _ints),
    "theme": ("theme", str),
    "indicator": ("indicator", str),
    "sex": ("sex", _choice(SEXES)),
    "scheme": ("scheme", _choice(SCHEMES)),
    "classes": ("classes", lambda t: max(2, min(9, int(t)))),
    "smooth": ("smooth", _smoothing),
    "reliable": ("reliable", _bool),
    "method": ("method", _choice(METHODS)),
    "weights": ("weights", _weights),
    "mahalle": ("mahalle", str),
    "compare": ("compare", lambda t: tuple(p for p in t.split(",") if p)),
    "tiles": ("tiles", _bool),
    "year": ("year", _year),
    "cweights": ("criteria", _criteria_weights),
    "cdirs": ("directions", _directions),
    "top": ("top", _top),
    "farea": ("focus_area", _choice(FOCUS_AREAS)),
    "bvx": ("bv_x", str),
    "bvxsex": ("bv_x_sex", _choice(SEXES)),
    "bvy": ("bv_y", str),
    "bvysex": ("bv_y_sex", _choice(SEXES)),
    "ismooth": ("index_smooth", _smoothing),
    "iyear": ("index_year", _year),
}


_NOT_A_VALUE = {"tr": "sayı ya da tanınan bir değer değil", "en": "not a number or a known value"}


def from_params(params: Mapping[str, str]) -> tuple[View, list[str]]:
    """A view from URL parameters, and a note for every parameter that could not be used
    (in the link's language: ``lang``, else Turkish)."""
    values: dict[str, Any] = {}
    notes: list[str] = []
    lang = str(params["lang"]) if params.get("lang") in ("tr", "en") else View().lang
    for name, raw in params.items():
        if name not in _PARSERS:
            continue  # other pages' parameters (e.g. monitoring) are not ours to judge
        attr, parse = _PARSERS[name]
        try:
            values[attr] = parse(str(raw))
        except ParamError as exc:
            notes.append(f"{name}={raw!s}: {exc.texts[lang]}")
        except (ValueError, TypeError):  # int("abc"), float("x"): Python's own words are not the visitor's
            notes.append(f"{name}={raw!s}: {_NOT_A_VALUE[lang]}")
    return replace(View(), **values), notes


def _fmt(value: Any) -> str:
    """A view value as URL text. Machine text, not for people: locale-free on purpose (a
    Turkish decimal comma would split the comma-separated lists); what people read is
    written by :mod:`gendermap.numbers`."""
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, tuple):
        if value and isinstance(value[0], tuple):
            return ",".join(f"{k}:{v:g}" if isinstance(v, float) else f"{k}:{v}" for k, v in value)
        return ",".join(str(v) for v in value)
    return str(value)


def to_params(view: View) -> dict[str, str]:
    """URL parameters for the parts of ``view`` that differ from the default view."""
    default = View()
    by_attr = {attr: name for name, (attr, _) in _PARSERS.items()}
    out = {}
    for f in fields(View):
        if f.name not in by_attr:
            continue
        value = getattr(view, f.name)
        if value != getattr(default, f.name):
            out[by_attr[f.name]] = _fmt(value)
    return out


def current() -> View:
    """The session's view; on a session's first run it comes from the URL."""
    if VIEW not in st.session_state:
        view, notes = from_params(st.query_params.to_dict())
        st.session_state[VIEW] = view
        st.session_state[URL_NOTES] = notes
    return st.session_state[VIEW]


def update(**changes: Any) -> View:
    """Replace fields of the view and write it to the URL."""
    view = replace(current(), **changes)
    st.session_state[VIEW] = view
    sync_url(view)
    return view


def sync_url(view: View) -> None:
    """Make the browser URL show ``view``; other pages' parameters are kept.

    Written in full on every run: a change made just before ``st.rerun()`` may never
    reach the browser, and comparing with the server's copy would then hide it.
    """
    wanted = to_params(view)
    others = {k: v for k, v in st.query_params.to_dict().items() if k not in _PARSERS}
    st.query_params.from_dict({**others, **wanted})


def widget_key(attr: str) -> str:
    return f"w_{attr}"


TOUCHED = "gm_touched"
"""Session-state key: widget keys the user changed in the interaction that started this run."""


def touch(key: str) -> None:
    """``on_change`` callback of every view widget: this run must keep the user's new value."""
    st.session_state.setdefault(TOUCHED, set()).add(key)


def seed(attr: str, value: Any) -> str:
    """Give a widget the view's value before it is drawn; returns its key.

    Streamlit forgets or keeps a widget's state across pages in ways that depend on the
    page, so the view is the truth: the widget is set from it on every run, except in the
    run its own change started (marked by :func:`touch`), when the view follows the widget.
    Pass ``on_change=state.touch, args=(key,)`` to the widget.
    """
    key = widget_key(attr)
    touched = st.session_state.setdefault(TOUCHED, set())
    if key in touched and key in st.session_state:
        touched.discard(key)
    else:
        st.session_state[key] = value
    return key


def as_dict(view: View) -> dict[str, Any]:
    return asdict(view)
