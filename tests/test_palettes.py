"""Palettes: sizes, order light-to-dark, a neutral centre for diverging maps."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st
from matplotlib.colors import to_rgb

from gendermap import palettes


def lightness(colour: str) -> float:
    r, g, b = to_rgb(colour)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


@given(k=st.integers(1, 12), name=st.sampled_from(palettes.SEQUENTIAL))
def test_sequential_goes_light_to_dark(k, name):
    colours = palettes.sequential(k, name)
    assert len(colours) == k == len(set(colours))
    light = [lightness(c) for c in colours]
    assert light == sorted(light, reverse=True)
    assert palettes.sequential(k, name, reverse=True) == colours[::-1]


@given(below=st.integers(0, 7), above=st.integers(0, 7), name=st.sampled_from(palettes.DIVERGING))
def test_diverging_has_neutral_centre_and_symmetric_intensity(below, above, name):
    colours = palettes.diverging(below, above, True, name)
    assert len(colours) == below + above + 1
    assert colours[below] == palettes.neutral(name)
    # the same distance from parity is equally intense on both sides
    side = min(below, above)
    full = palettes.diverging(max(below, above), max(below, above), True, name)
    assert colours[below - side : below] == full[max(below, above) - side : max(below, above)]
    without = palettes.diverging(below, above, False, name) if below + above else []
    assert palettes.neutral(name) not in without


def test_unknown_palette_names_the_valid_ones():
    with pytest.raises(ValueError, match="YlGnBu"):
        palettes.sequential(3, "rainbow")
    with pytest.raises(ValueError, match="PuOr"):
        palettes.diverging(1, 1, name="YlGnBu")
    with pytest.raises(ValueError, match="at least one class"):
        palettes.diverging(0, 0, centre=False)


def test_special_colours_are_not_in_any_value_palette():
    used = {c for n in palettes.SEQUENTIAL for k in range(1, 10) for c in palettes.sequential(k, n)}
    used |= {c for n in palettes.DIVERGING for k in range(0, 6) for c in palettes.diverging(k, k, True, n)}
    assert not used & set(palettes.SPECIAL_COLOURS.values())


def _every_value_colour() -> set[str]:
    used = {c for n in palettes.SEQUENTIAL for k in range(1, 10) for c in palettes.sequential(k, n)}
    return used | {
        c for n in palettes.DIVERGING for below in range(6) for above in range(6) for centre in (True, False)
        if below + above + int(centre) for c in palettes.diverging(below, above, centre, n)
    }


@pytest.mark.parametrize(
    ("lab1", "lab2", "expected"),
    [  # from the CIEDE2000 test data of Sharma, Wu & Dalal (2005)
        ((50.0, 2.6772, -79.7751), (50.0, 0.0, -82.7485), 2.0425),
        ((50.0, 0.0, 0.0), (50.0, -1.0, 2.0), 2.3669),
        ((50.0, 2.5, 0.0), (50.0, 0.0, -2.5), 4.3065),
        ((50.0, 2.5, 0.0), (73.0, 25.0, -18.0), 27.1492),
        ((60.2574, -34.0099, 36.2677), (60.4626, -34.1751, 39.4387), 1.2644),
        ((2.0776, 0.0795, -1.135), (0.9033, -0.0636, -0.5514), 0.9082),
    ],
)
def test_delta_e_matches_the_published_ciede2000_pairs(lab1, lab2, expected):
    assert palettes.delta_e_lab(lab1, lab2) == pytest.approx(expected, abs=1e-4)
    assert palettes.delta_e_lab(lab2, lab1) == pytest.approx(expected, abs=1e-4)


def test_as_drawn_blends_over_the_map_background():
    assert palettes.as_drawn("#ffffff", 0.5, "#000000") == "#808080"
    assert palettes.as_drawn("#123456", 1.0) == "#123456"
    assert palettes.as_drawn("#123456", 0.0) == palettes.MAP_BACKGROUND


def test_no_residents_is_apart_from_every_value_colour_flat_and_as_drawn():
    """The QA finding: white "no residents" next to the #f7f7f7 parity class (ΔE 0.6 on the map)."""
    nores = palettes.SPECIAL_COLOURS["no_residents"]
    seen = palettes.as_drawn(nores, palettes.SPECIAL_OPACITY)
    for colour in _every_value_colour():
        assert palettes.delta_e(nores, colour) > 10, colour  # legend, PNG, report, card
        assert palettes.delta_e(seen, palettes.as_drawn(colour, palettes.VALUE_OPACITY)) > 8, colour  # the map
    for name in palettes.DIVERGING:  # the parity class, the colour it was mistaken for
        assert palettes.delta_e(nores, palettes.neutral(name)) > 15


def test_special_classes_differ_from_each_other():
    specials = list(palettes.SPECIAL_COLOURS.values())
    for i, a in enumerate(specials):
        for b in specials[i + 1 :]:
            assert palettes.delta_e(a, b) > 8, (a, b)
            faint = palettes.SPECIAL_OPACITY
            assert palettes.delta_e(palettes.as_drawn(a, faint), palettes.as_drawn(b, faint)) > 4, (a, b)


def test_bivariate_no_data_is_apart_from_every_cell():
    """The QA finding: the light no-data grey next to the light grey low/low corner (ΔE 2.5 drawn)."""
    seen = palettes.as_drawn(palettes.BIVARIATE_NO_DATA, palettes.SPECIAL_OPACITY)
    for cell in palettes.BIVARIATE:
        assert palettes.delta_e(palettes.BIVARIATE_NO_DATA, cell) > 11, cell
        assert palettes.delta_e(seen, palettes.as_drawn(cell, palettes.VALUE_OPACITY)) > 7, cell
    nores = palettes.as_drawn(palettes.SPECIAL_COLOURS["no_residents"], palettes.SPECIAL_OPACITY)
    assert palettes.delta_e(seen, nores) > 6
    for cell in palettes.BIVARIATE:
        assert palettes.delta_e(palettes.SPECIAL_COLOURS["no_residents"], cell) > 8, cell


def test_the_district_outline_colour_is_written_once():
    """App map, embed, report picture and the Odak legend take it from palettes; none keeps a copy."""
    from pathlib import Path

    root = Path(palettes.__file__).parent
    copies = [p.relative_to(root).as_posix() for p in sorted(root.rglob("*")) if p.suffix in {".py", ".js", ".html"}
              and palettes.OUTLINE_COLOUR.lower() in p.read_text(encoding="utf-8").lower()]
    assert copies == ["palettes.py"]
