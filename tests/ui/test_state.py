"""The view round-trips through URL parameters; bad parameters are reported, not fatal."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from gendermap.ui.state import METHODS, SCHEMES, SEXES, View, from_params, to_params


def test_default_view_has_no_parameters() -> None:
    assert to_params(View()) == {}


@given(
    lang=st.sampled_from(["tr", "en"]),
    provinces=st.sampled_from([(35,), (10,), (35, 10)]),
    districts=st.lists(st.integers(1, 3000), max_size=4).map(tuple),
    sex=st.sampled_from(SEXES),
    scheme=st.sampled_from(SCHEMES),
    classes=st.integers(2, 9),
    method=st.sampled_from(METHODS),
    weights=st.lists(st.tuples(st.sampled_from(["work", "education", "x_1"]), st.sampled_from([0.0, 0.25, 2.5])), max_size=3, unique_by=lambda w: w[0]).map(tuple),
    smooth=st.sampled_from(["none", "global", "spatial"]),
    index_smooth=st.sampled_from(["none", "global", "spatial"]),
    index_year=st.sampled_from([0, 2023, 2025]),
)
def test_roundtrip(lang, provinces, districts, sex, scheme, classes, method, weights, smooth, index_smooth,  # noqa: ANN001
                   index_year) -> None:  # noqa: ANN001
    view = View(lang=lang, provinces=provinces, districts=districts, sex=sex, scheme=scheme, classes=classes,
                method=method, weights=weights, smooth=smooth, indicator="neet_15_24", mahalle="41320",
                index_smooth=index_smooth, index_year=index_year)
    back, notes = from_params(to_params(view))
    assert notes == []
    assert back == view


def test_smoothing_links_old_and_new() -> None:
    """``smooth=1`` from links made when the map had one kind of smoothing still means global."""
    assert from_params({"smooth": "1"})[0].smooth == "global"
    assert from_params({"smooth": "0"})[0].smooth == "none"
    assert from_params({"smooth": "spatial", "ismooth": "global"})[0] == View(smooth="spatial", index_smooth="global")
    assert to_params(View(smooth="spatial", index_smooth="global", index_year=2025)) == {
        "smooth": "spatial", "ismooth": "global", "iyear": "2025"}
    view, notes = from_params({"smooth": "kernel"})
    assert view.smooth == "none" and notes and notes[0].startswith("smooth=kernel")


def test_bad_parameters_are_reported_and_ignored() -> None:
    view, notes = from_params({"sex": "X", "classes": "many", "weights": "work:99", "lang": "en", "other": "1"})
    assert view.lang == "en" and view.sex == "F" and view.classes == 5 and view.weights == ()
    assert len(notes) == 3 and any(n.startswith("sex=X") for n in notes)


@given(
    criteria=st.lists(st.tuples(st.sampled_from(["mean_index", "women", "coverage"]), st.sampled_from([0.0, 0.25, 3.0])),
                      max_size=3, unique_by=lambda w: w[0]).map(tuple),
    directions=st.lists(st.tuples(st.sampled_from(["mean_index", "inequality_clusters"]), st.sampled_from(["higher", "lower"])),
                        max_size=2, unique_by=lambda w: w[0]).map(tuple),
    top=st.integers(3, 15),
    area=st.sampled_from(["", "districts", "provinces"]),
    bv=st.tuples(st.sampled_from(["", "neet_15_24", "literacy"]), st.sampled_from(SEXES),
                 st.sampled_from(["", "employment_rate"]), st.sampled_from(SEXES)),
)
def test_focus_and_bivariate_choices_roundtrip(criteria, directions, top, area, bv) -> None:  # noqa: ANN001
    """Odak's criteria, directions, shortlist length and area and Karşılaştır's bivariate
    pair survive a copied link."""
    view = View(districts=(470,), method="minmax", criteria=criteria, directions=directions, top=top, focus_area=area,
                bv_x=bv[0], bv_x_sex=bv[1], bv_y=bv[2], bv_y_sex=bv[3])
    back, notes = from_params(to_params(view))
    assert notes == []
    assert back == view


def test_focus_link_is_readable() -> None:
    view = View(criteria=(("women", 2.0), ("coverage", 0.25)), directions=(("mean_index", "higher"),), top=8,
                focus_area="districts", bv_x="neet_15_24", bv_x_sex="gap")
    assert to_params(view) == {"cweights": "women:2,coverage:0.25", "cdirs": "mean_index:higher", "top": "8",
                               "farea": "districts", "bvx": "neet_15_24", "bvxsex": "gap"}


def test_bad_focus_and_bivariate_parameters_are_reported() -> None:
    view, notes = from_params({"cweights": "women:2,nosuch:1", "cdirs": "mean_index:up", "top": "40",
                               "farea": "world", "bvxsex": "X", "bvysex": "M"})
    assert view.criteria == () and view.directions == () and view.top == 5 and view.focus_area == ""
    assert view.bv_x_sex == "F" and view.bv_y_sex == "M"
    assert [n.split("=")[0] for n in notes] == ["cweights", "cdirs", "top", "farea", "bvxsex"]
    assert "nosuch" in notes[0]


def test_link_notes_are_in_the_links_language_never_pythons_words() -> None:
    _, notes = from_params({"sex": "X", "classes": "many", "year": "1800", "lang": "en"})
    assert notes == ["sex=X: valid values: F, M, T, gap", "classes=many: not a number or a known value",
                     "year=1800: must be a year 1900-2100"]
    _, notes = from_params({"sex": "X", "classes": "many"})
    assert notes == ["sex=X: geçerli değerler: F, M, T, gap", "classes=many: sayı ya da tanınan bir değer değil"]
