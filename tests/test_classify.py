"""Classification: value classes, special classes kept apart, palettes, legend and table."""

from __future__ import annotations

import re

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from gendermap import palettes
from gendermap.classify import (
    ENGLISH,
    SCHEMES,
    SPECIAL_CLASSES,
    NumberFormat,
    classify,
)

HEX = re.compile(r"^#[0-9a-f]{6}$")

# indicator values: rates, ratios, gaps, scores; 3 decimals keep Fisher-Jenks' sums of squares
# within float precision (far smaller differences make it return unordered bins, refused below)
finite = st.floats(min_value=-1e4, max_value=1e4, allow_nan=False).map(lambda x: round(x, 3))
maybe_value = st.one_of(finite, st.just(float("nan")))
flag = st.sampled_from(["ok", "unreliable", "suppressed", "no_data", "no_residents", None])
cases = st.integers(1, 40).flatmap(
    lambda n: st.tuples(st.lists(maybe_value, min_size=n, max_size=n),
                        st.lists(flag, min_size=n, max_size=n))
)
schemes_with_k = st.sampled_from(["quantiles", "equalinterval", "fisherjenks", "naturalbreaks",
                                  "maximumbreaks", "prettybreaks"])


@settings(max_examples=150, deadline=None)
@given(case=cases, scheme=schemes_with_k, k=st.integers(1, 9))
def test_counts_add_up_and_specials_stay_apart(case, scheme, k):
    values, flags = case
    c = classify(values, scheme, k=k, special=flags)
    status = np.asarray(c.status)
    # every unit is in exactly one value class or one special class
    assert c.n_classified + sum(c.special_counts.values()) == len(values)
    assert c.n_classified == int((status == "value").sum())
    # special classes are never counted in a value class
    assert np.all(c.class_index[status != "value"] == -1)
    assert np.all(c.class_index[status == "value"] >= 0)
    for key in SPECIAL_CLASSES:
        assert c.special_counts[key] == int((status == key).sum())
    # counts are what the per-unit classes say
    assert list(c.counts) == np.bincount(c.class_index[c.class_index >= 0],
                                         minlength=c.k).tolist()
    assert len(c.bins) == len(c.labels) == len(c.colours) == len(c.counts) == c.k
    assert c.k <= k
    # unreliable units are still classified by value
    assert np.all(status[c.unreliable] == "value")
    assert all(HEX.match(col) for col in c.colours)


@settings(max_examples=150, deadline=None)
@given(values=st.lists(finite, min_size=1, max_size=60), k=st.integers(1, 9))
def test_quantile_bins_monotone_and_cover_the_values(values, k):
    c = classify(values, "quantiles", k=k)
    bins = np.asarray(c.bins)
    assert np.all(np.diff(bins) > 0)
    assert bins[-1] == max(values)
    assert c.lower == min(values)
    # a value sits in class i iff bins[i-1] < value <= bins[i]
    y = np.asarray(values)
    upper = bins[c.class_index]
    assert np.all(y <= upper)
    below = np.where(c.class_index > 0, bins[np.maximum(c.class_index - 1, 0)], -np.inf)
    assert np.all(y > below)


def test_few_unique_values_reduce_k_with_a_note():
    c = classify([1, 1, 1, 2, 2], "fisher_jenks", k=5)
    assert c.k == 2 and c.counts == (3, 2)
    assert any("2 distinct values" in n for n in c.notes)
    one = classify([4.0, 4.0, 4.0], "equal_interval", k=5)
    assert one.k == 1 and one.counts == (3,) and one.labels == ("4,00",)
    assert any("1 distinct values" in n for n in one.notes)


def test_nothing_to_classify_gives_no_value_classes():
    c = classify([np.nan, np.nan], k=5, special=["suppressed", None])
    assert c.k == 0 and c.counts == () and c.colours == ()
    assert dict(c.special_counts) == {"no_data": 1, "suppressed": 1, "no_residents": 0}


def test_bad_scheme_lists_valid_schemes():
    with pytest.raises(ValueError, match="Scheme must be in the set") as exc:
        classify([1.0, 2.0], "jenks")
    for name in SCHEMES:
        assert name in str(exc.value)


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"scheme": "userdefined"}, "needs bins"),
        ({"scheme": "userdefined", "bins": [3, 2]}, "strictly increasing"),
        ({"scheme": "quantiles", "bins": [1, 2]}, "only used with scheme 'userdefined'"),
        ({"k": 0}, "k must be"),
        ({"special": ["ok", "broken", "ok"]}, "Unknown flag.*'broken'"),
        ({"special": ["ok"]}, "1 entries but there are 3"),
        ({"palette": ["#000000"]}, "1 colours given for 3 classes"),
        ({"palette": "jet"}, "Palette must be in the set"),
    ],
)
def test_invalid_input_is_refused_with_a_message(kwargs, message):
    with pytest.raises(ValueError, match=message):
        classify([1.0, 2.0, 3.0], **{"k": 3, **kwargs})


def test_unusable_library_bins_are_refused_with_advice():
    y = [0.0, 0.0, 3.1e-08, -620145.86, 0.0, 3.3e-290, 996487.65, 4.0, 5.8e-88, 3.0, 2.0, 1.0]
    try:
        c = classify(y, "fisherjenks", k=9)
    except ValueError as exc:
        assert "choose 'quantiles'" in str(exc)
    else:  # a fixed mapclassify is welcome too, as long as its bins are ordered
        assert np.all(np.diff(c.bins) > 0)


def test_non_numeric_values_are_refused():
    with pytest.raises(ValueError, match="Values must be numbers"):
        classify(["a", "b"])


def test_user_defined_bins_and_turkish_labels():
    v = pd.Series([0.05, 0.15, 0.25, 0.5], index=["a", "b", "c", "d"])
    c = classify(v, "userdefined", bins=[0.1, 0.2, 0.3], fmt=NumberFormat(share=True, decimals=0))
    assert c.bins == (0.1, 0.2, 0.3, 0.5)
    assert c.counts == (1, 1, 1, 1)
    assert c.labels == ("%5 – %10", "%10 – %20", "%20 – %30", "%30 – %50")
    assert any("above the last bin" in n for n in c.notes)


def test_number_formats():
    assert NumberFormat().format(12345.678) == "12.345,68"
    assert ENGLISH.format(12345.678) == "12,345.68"
    # limits that would print alike get more decimals
    c = classify([0.101, 0.102, 0.103, 0.104], "quantiles", k=2)
    assert len(set(c.labels)) == 2 and "0,102" in c.labels[0]


def test_special_classes_precedence_and_suppressed_value_never_leaks():
    v = pd.Series([0.3, 0.4, np.nan, 0.6, 0.7, np.inf], index=[10, 11, 12, 13, 14, 15])
    flags = pd.Series(["ok", "suppressed", "unreliable", "unreliable", "ok", "ok"], index=v.index)
    c = classify(v, k=2, special=flags, populated=[True, True, True, True, False, True])
    frame = c.to_frame()
    assert list(frame.index) == [10, 11, 12, 13, 14, 15]
    assert frame["status"].tolist() == ["value", "suppressed", "no_data", "value", "no_residents",
                                        "no_data"]
    assert frame["unreliable"].tolist() == [False, False, False, True, False, False]
    assert np.isnan(frame.loc[11, "value"]) and 0.4 not in c.values
    assert frame.loc[11, "colour"] == palettes.SPECIAL_COLOURS["suppressed"]
    assert pd.isna(frame.loc[11, "class"]) and frame.loc[13, "class"] == 2
    assert frame.loc[14, "class_label"] == "Yerleşik nüfus yok"
    assert c.to_frame("en").loc[12, "class_label"] == "No data"


def test_misaligned_special_series_is_refused():
    v = pd.Series([1.0, 2.0], index=["a", "b"])
    with pytest.raises(ValueError, match="same index"):
        classify(v, special=pd.Series(["ok", "ok"], index=["b", "a"]))


def test_legend_matches_map_and_table():
    v = pd.Series(np.arange(10, dtype=float))
    flags = ["ok"] * 7 + ["unreliable", "suppressed", "no_data"]
    c = classify(v, "equalinterval", k=3, special=flags)
    legend = c.legend()
    values = [e for e in legend if e.kind == "value"]
    assert [e.colour for e in values] == list(c.colours)
    assert [e.label for e in values] == list(c.labels)
    assert sum(e.count for e in values) == c.n_classified == 8
    assert [e.key for e in legend if e.kind == "special"] == ["no_data", "suppressed"]
    marker = [e for e in legend if e.kind == "marker"]
    assert len(marker) == 1 and marker[0].count == 1 and marker[0].pattern == "hatch"
    table = c.to_frame()
    assert set(table["colour"]) == {e.colour for e in legend if e.colour}
    frame = c.legend_frame("en", include_empty_special=True)
    assert "No residents" in frame["label"].tolist()


def test_diverging_map_is_neutral_in_the_class_containing_parity():
    gaps = [-9.0, -6.0, -3.0, -1.0, 1.0, 2.0, 5.0, 8.0]
    c = classify(gaps, "userdefined", bins=[-5, -2, 2, 6], centre=0.0, palette="PuOr")
    assert c.counts == (2, 1, 3, 1, 1)
    assert c.colours == tuple(palettes.diverging(2, 2, True, "PuOr"))
    assert c.colours[2] == palettes.neutral("PuOr")
    # parity beyond the data: all classes on one side, no neutral colour
    above = classify([1.1, 1.2, 1.5], "equalinterval", k=3, centre=1.0)
    assert palettes.neutral() not in above.colours
    assert above.colours == tuple(palettes.diverging(0, 3, False))


def test_seeded_natural_breaks_are_reproducible():
    y = np.random.default_rng(3).lognormal(size=300)
    assert classify(y, "natural_breaks").bins == classify(y, "natural_breaks").bins


def test_large_fisher_jenks_uses_a_fixed_sample_and_says_so():
    y = np.random.default_rng(4).lognormal(size=1500)
    state = np.random.get_state()[1].copy()
    a, b = classify(y, "fisherjenks"), classify(y, "fisherjenks")
    assert a.bins == b.bins and a.bins[-1] == y.max() and a.n_classified == 1500
    assert any("sample of 600 of 1500" in n for n in a.notes)
    assert (np.random.get_state()[1] == state).all()  # numpy's global RNG left as it was


def test_per_unit_arrays_are_read_only():
    c = classify([1.0, 2.0, 3.0], k=2)
    with pytest.raises(ValueError):
        c.class_index[0] = 5
