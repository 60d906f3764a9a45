"""Colour-blind-safe palettes for choropleths, as lists of hex colours.

Levels (a share, a rate, an index) get a *sequential* palette: one hue family, light to dark.
Gaps and ratios get a *diverging* palette centred on parity (F/M ratio 1, gap 0): classes
below parity in one hue, classes above in another, and the class that contains parity in
the neutral centre colour, so a reader sees "equal" as the absence of colour.

Only palettes that ColorBrewer marks colour-blind safe, plus the viridis family (perceptually
uniform and colour-blind safe by construction). ColorBrewer tables come from ``branca`` (the
folium companion that ships them); viridis from matplotlib. Special classes (no data,
suppressed, no residents) have fixed neutrals that no palette here uses, and that stay
apart from every palette colour by a visible colour difference (CIEDE2000, :func:`delta_e`),
also as the map draws them (faint, over the map's grey background: :func:`as_drawn`).
"""

from __future__ import annotations

import math
from functools import lru_cache

SEQUENTIAL: tuple[str, ...] = (
    "YlGnBu", "PuBu", "YlOrRd", "Blues", "Purples", "Greens", "viridis", "cividis", "magma",
)
"""Sequential palettes (levels). The first is the default."""

DIVERGING: tuple[str, ...] = ("PuOr", "BrBG", "RdBu", "PiYG")
"""Diverging palettes (gaps, ratios) that stay readable with red-green colour blindness."""

SPECIAL_COLOURS: dict[str, str] = {
    "no_data": "#d9d9d9",  # light grey: nothing to show
    "suppressed": "#969696",  # mid grey: a value exists but is withheld
    "no_residents": "#bdb0a2",  # warm grey "land" tint: nobody lives there
}
"""Fill colours of the special classes, kept apart from every value palette.

"No residents" (islands, ports, free zones) was white, which on the map looked like the
near-white parity class of a diverging palette (#f7f7f7): a reader took an empty port for
"equal". A cartographer leaves such land outside the statistical surface in a neutral land
tint, so it is a warm grey-beige here: low in chroma (it reads as "not a value", never as a
class), darker than the parity white and the no-data grey, warmer than both greys. Its
CIEDE2000 distance to every palette colour is above 10 flat and above 8 as the map draws it
(tests/test_palettes.py); the value palettes stay the unchanged colour-blind-safe ones."""

SPECIAL_OPACITY = 0.5
VALUE_OPACITY = 0.85
MAP_BACKGROUND = "#dddddd"
"""How the app's map draws a polygon (``gendermap.maps`` script): a special class or an
unreliable value faint (0.5) with a dashed grey outline, a value at 0.85, over Leaflet's grey
background when there are no tiles. Used to check colour differences as they are seen."""

OUTLINE_COLOUR = "#303030"
"""The district outline wherever one is drawn: the app's map (sent to ``js/coverage.js`` by
``gendermap.maps.map_data``), the published embed, the report's map picture, and the Odak
legend's key for it. One colour, written here only (tests/test_palettes.py checks)."""

BIVARIATE: tuple[str, ...] = (
    # 3 x 3 "DkBlue2"-style scheme (Stevens): rows = first indicator low->high, cols = second
    "#e8e8e8", "#b0d5df", "#64acbe",
    "#e4acac", "#ad9ea5", "#627f8c",
    "#c85a5a", "#985356", "#574249",
)
"""Joshua Stevens' blue-red bivariate scheme, readable with the common colour-vision deficiencies."""

BIVARIATE_NO_DATA = "#888888"
"""No data on the bivariate map: a mid grey, not the light grey of the other maps. Every
standard bivariate scheme has a light grey low/low corner (#e8e8e8 here) that the light
no-data grey matched (CIEDE2000 2.5 as drawn); the grid's diagonal is grey too, so no grey
is far from all nine cells, and this one sits in the lightness gap between the middle cell
and the dark corner (distance above 7 as drawn, above 11 flat; tests/test_palettes.py)."""

UNRELIABLE_PATTERN = "hatch"
"""How maps mark a classified but unreliable value: a hatch over the class colour."""

_MPL = {"viridis", "cividis", "magma"}
_MAX_BREWER_SIDE = 5  # ColorBrewer diverging tables stop at 11 classes = 5 + centre + 5


def _invalid(name: str, valid: tuple[str, ...]) -> ValueError:
    return ValueError(f"Invalid palette: '{name}'\nPalette must be in the set: {list(valid)}")


@lru_cache(maxsize=256)
def _brewer(name: str, n: int) -> tuple[str, ...]:
    """n colours of a ColorBrewer scheme; below 3 classes, picked from the 3-class table."""
    from branca.utilities import color_brewer

    if n >= 3:
        return tuple(c.lower() for c in color_brewer(name, n))
    three = [c.lower() for c in color_brewer(name, 3)]
    return (three[1],) if n == 1 else (three[0], three[2])


@lru_cache(maxsize=256)
def _matplotlib(name: str, n: int) -> tuple[str, ...]:
    from matplotlib import colormaps
    from matplotlib.colors import to_hex

    cmap = colormaps[name]
    if n == 1:
        return (to_hex(cmap(0.5)),)
    # light (high end of the map) to dark, stopping short of both extremes
    return tuple(to_hex(cmap(0.92 - 0.84 * i / (n - 1))) for i in range(n))


def sequential(k: int, name: str = SEQUENTIAL[0], reverse: bool = False) -> list[str]:
    """``k`` hex colours from light (low values) to dark (high values); ``reverse`` flips it."""
    if name not in SEQUENTIAL:
        raise _invalid(name, SEQUENTIAL)
    if k < 1:
        raise ValueError(f"A palette needs at least one class; got k={k}.")
    colours = list(_matplotlib(name, k) if name in _MPL else _brewer(name, k))
    return colours[::-1] if reverse else colours


def diverging(
    n_below: int, n_above: int, centre: bool = True, name: str = DIVERGING[0],
    reverse: bool = False,
) -> list[str]:
    """Colours for ``n_below`` classes below parity, an optional neutral centre class, and
    ``n_above`` classes above, in that order.

    Both sides come from one odd-sized table around its neutral middle, so classes at the
    same distance from parity are equally intense whether or not the sides are balanced.
    ``reverse`` swaps which hue means "below".
    """
    if name not in DIVERGING:
        raise _invalid(name, DIVERGING)
    if n_below < 0 or n_above < 0 or n_below + n_above + int(centre) < 1:
        raise ValueError(
            f"A diverging palette needs non-negative class counts and at least one class; "
            f"got n_below={n_below}, n_above={n_above}, centre={centre}."
        )
    side = max(n_below, n_above, 1)
    table = list(_brewer(name, 2 * side + 1))
    if side > _MAX_BREWER_SIDE:  # branca interpolates past 11 classes; keep the exact centre
        table[side] = _brewer(name, 11)[5]
    if reverse:
        table = table[::-1]
    below = table[side - n_below : side]
    above = table[side + 1 : side + 1 + n_above]
    return below + ([table[side]] if centre else []) + above


def neutral(name: str = DIVERGING[0]) -> str:
    """The centre (parity) colour of a diverging palette."""
    return diverging(0, 0, centre=True, name=name)[0]


def _lab(colour: str) -> tuple[float, float, float]:
    """CIELAB (D65) of a hex colour."""
    h = colour.lstrip("#")
    rgb = [int(h[i : i + 2], 16) / 255 for i in (0, 2, 4)]
    r, g, b = (c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in rgb)
    x = (0.4124564 * r + 0.3575761 * g + 0.1804375 * b) / 0.95047
    y = 0.2126729 * r + 0.7151522 * g + 0.0721750 * b
    z = (0.0193339 * r + 0.1191920 * g + 0.9503041 * b) / 1.08883

    def f(t: float) -> float:
        return t ** (1 / 3) if t > 216 / 24389 else (24389 / 27 * t + 16) / 116

    fx, fy, fz = f(x), f(y), f(z)
    return 116 * fy - 16, 500 * (fx - fy), 200 * (fy - fz)


def delta_e_lab(lab1: tuple[float, float, float], lab2: tuple[float, float, float]) -> float:
    """CIEDE2000 colour difference of two CIELAB colours (Sharma, Wu & Dalal 2005).

    About 1 is just noticeable side by side; neighbouring classes of a 5-class ColorBrewer
    palette are 10-20 apart."""
    (l1, a1, b1), (l2, a2, b2) = lab1, lab2
    c_mean = (math.hypot(a1, b1) + math.hypot(a2, b2)) / 2
    g = 0.5 * (1 - math.sqrt(c_mean**7 / (c_mean**7 + 25**7)))
    a1, a2 = (1 + g) * a1, (1 + g) * a2
    c1, c2 = math.hypot(a1, b1), math.hypot(a2, b2)
    h1, h2 = math.degrees(math.atan2(b1, a1)) % 360, math.degrees(math.atan2(b2, a2)) % 360
    dh = 0.0 if c1 * c2 == 0 else (h2 - h1 + 180) % 360 - 180
    d_hue = 2 * math.sqrt(c1 * c2) * math.sin(math.radians(dh / 2))
    l_bar, c_bar = (l1 + l2) / 2, (c1 + c2) / 2
    if c1 * c2 == 0:
        h_bar = h1 + h2
    elif abs(h1 - h2) <= 180:
        h_bar = (h1 + h2) / 2
    else:
        h_bar = (h1 + h2 + 360) / 2 if h1 + h2 < 360 else (h1 + h2 - 360) / 2
    t = (1 - 0.17 * math.cos(math.radians(h_bar - 30)) + 0.24 * math.cos(math.radians(2 * h_bar))
         + 0.32 * math.cos(math.radians(3 * h_bar + 6)) - 0.20 * math.cos(math.radians(4 * h_bar - 63)))
    s_l = 1 + 0.015 * (l_bar - 50) ** 2 / math.sqrt(20 + (l_bar - 50) ** 2)
    s_c, s_h = 1 + 0.045 * c_bar, 1 + 0.015 * c_bar * t
    r_t = (-2 * math.sqrt(c_bar**7 / (c_bar**7 + 25**7))
           * math.sin(math.radians(60 * math.exp(-(((h_bar - 275) / 25) ** 2)))))
    dl, dc, dhh = (l2 - l1) / s_l, (c2 - c1) / s_c, d_hue / s_h
    return math.sqrt(dl**2 + dc**2 + dhh**2 + r_t * dc * dhh)


def delta_e(colour1: str, colour2: str) -> float:
    """CIEDE2000 difference of two hex colours (:func:`delta_e_lab`)."""
    return delta_e_lab(_lab(colour1), _lab(colour2))


def as_drawn(colour: str, opacity: float, background: str = MAP_BACKGROUND) -> str:
    """The hex colour a fill of ``opacity`` shows over ``background`` (plain alpha blending)."""
    fg, bg = (colour.lstrip("#"), background.lstrip("#"))
    mixed = (opacity * int(fg[i : i + 2], 16) + (1 - opacity) * int(bg[i : i + 2], 16) for i in (0, 2, 4))
    return "#" + "".join(f"{round(v):02x}" for v in mixed)
