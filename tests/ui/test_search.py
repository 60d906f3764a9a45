"""Place search: ASCII-typed Turkish finds the place in the browser's filter."""

from __future__ import annotations

import pandas as pd

from gendermap.ui import search

DISTRICT = pd.DataFrame({"district_code": [470, 465, 480], "district": ["Seferihisar", "Kemalpaşa", "Güzelbahçe"],
                         "province": ["İzmir", "İzmir", "İzmir"]})
MAHALLE = pd.DataFrame({
    "mahalle_code": ["1", "2", "3", "4", "5", None],
    "mahalle": ["Sığacık", "Güney Mah.", "Irmak", "Kemalpaşa", "İnönü", "Ada"],
    "district": ["Seferihisar", "Seferihisar", "Kemalpaşa", "Güzelbahçe", "Kemalpaşa", "Seferihisar"],
    "province": ["İzmir"] * 6,
})


def browser_filter(typed: str, label: str) -> bool:
    """Streamlit's selectbox filter (``filter_mode="fuzzy"``): JavaScript ``toLowerCase`` of
    both, then the typed letters in order (its frontend's subsequence test)."""
    text, at = label.lower(), 0
    for ch in typed.lower():
        at = text.find(ch, at) + 1
        if at == 0:
            return False
    return True


def test_ascii_typed_names_pass_the_browser_filter() -> None:
    labels = search.entries(DISTRICT, MAHALLE, "tr")
    for typed, key in (("sigacik", "m:1"), ("kemalpasa", "d:465"), ("GUNEY", "m:2"), ("güney", "m:2"),
                       ("IRMAK", "m:3"), ("inonu", "m:5"), ("guzelbahce", "d:480")):
        assert browser_filter(typed, labels[key]), (typed, labels[key])
    assert labels["m:1"] == "Sığacık · sigacik · Seferihisar"
    assert labels["d:470"] == "Seferihisar (ilçe, İzmir)"  # no hint when the name is plain ASCII already
    assert "m:None" not in labels and len(labels) == 3 + 5  # a polygon without a code is not a place to go to
    assert labels["m:2"] == "Güney Mah. · guney · Seferihisar"  # the hint without "Mah."
    assert not browser_filter("sigacik", "Sığacık · Seferihisar")  # why the hint is there
