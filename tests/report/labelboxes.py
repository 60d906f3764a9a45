"""The names a matplotlib map wrote (report maps and the map picture) and whether any two overlap."""

from __future__ import annotations

import matplotlib.pyplot as plt
from matplotlib.figure import Figure
from matplotlib.text import Text
from matplotlib.transforms import Bbox

from gendermap.report.maplabels import HALO, LABEL_GID


def drawn_names(fig: Figure) -> dict[str, Bbox]:
    """Each name written on the figure and its box in pixels, the white halo included (closes the figure)."""
    try:
        fig.canvas.draw()
        renderer = fig.canvas.get_renderer()  # type: ignore[attr-defined]
        pad = HALO / 72 * fig.dpi / 2
        return {t.get_text(): t.get_window_extent(renderer).padded(pad)
                for t in fig.findobj(Text) if t.get_gid() == LABEL_GID and t.get_visible()}
    finally:
        plt.close(fig)


def clashes(boxes: dict[str, Bbox]) -> list[tuple[str, str]]:
    """Pairs of names whose boxes overlap."""
    names = sorted(boxes)
    return [(a, b) for i, a in enumerate(names) for b in names[i + 1:] if boxes[a].overlaps(boxes[b])]
