"""One sentence per indicator and area, written and spoken."""

from __future__ import annotations

import re

from gendermap.publish.sentences import (
    TEMPLATES,
    alt_text,
    index_sentence,
    indicator_sentence,
    spoken_tr,
)


def test_the_issue_example() -> None:
    s = indicator_sentence("Seferihisar", "higher_education_25", "Yükseköğretim mezunu (25+)", "percent",
                           (0.211, "ok"), (0.246, "ok"))
    assert s.text == "Seferihisar'da 25 yaş üstü kadınların %21,1'i yükseköğretim mezunu; erkeklerde %24,6."
    assert "yüzde yirmi bir virgül biri" in s.spoken and "yüzde yirmi dört virgül altı" in s.spoken
    assert not re.search(r"\d", s.spoken)


def test_english() -> None:
    s = indicator_sentence("Seferihisar", "higher_education_25", "Higher education (25+)", "percent",
                           (0.211, "ok"), (0.246, "ok"), "en")
    assert s.text == ("In Seferihisar, 21.1% of women aged 25+ have a higher-education degree; "
                      "among men, 24.6%.")


def test_every_template_names_the_place_and_both_values() -> None:
    for ind in TEMPLATES:
        for lang in ("tr", "en"):
            s = indicator_sentence("Ödemiş", ind, "x", "percent", (0.3, "ok"), (0.25, "ok"), lang)
            assert "Ödemiş" in s.text
            assert ("%30,0'ı" in s.text and "%25,0" in s.text) if lang == "tr" else ("30.0%" in s.text and "25.0%" in s.text)
            if lang == "tr":
                assert s.text.startswith("Ödemiş'te") and not re.search(r"\d", s.spoken)


def test_withheld_values_are_said_not_hidden() -> None:
    s = indicator_sentence("Kınık", "neet_15_24", "NEET oranı", "percent", (None, "suppressed"), (0.2, "ok"))
    assert s.text == "Kınık'ta NEET oranı: kadınlarda gizlendi (küçük sayı), erkeklerde %20,0."
    s = indicator_sentence("Kınık", "neet_15_24", "İstihdam", "percent", (0.3, "ok"), (None, "no_data"))
    assert s.text == "Kınık'ta istihdam: kadınlarda %30,0, erkeklerde veri yok."
    s = indicator_sentence("Kınık", "neet_15_24", "NEET", "percent", (None, "suppressed"), (None, "no_data"))
    assert "yayımlanabilir bir değer yok" in s.text


def test_demo_is_said_in_the_context() -> None:
    s = indicator_sentence("Urla", "employment_15_64", "x", "percent", (0.3, "ok"), (0.6, "ok"),
                           why="Neden önemli.", year=2023, source="TÜİK", synthetic=True)
    assert "örnek veri" in s.context and "iki bin yirmi üç" in s.spoken_context


def test_index_sentence() -> None:
    s = index_sentence("Çeşme", 62.34, 12, 50)
    assert s.text == "Çeşme'nin toplumsal cinsiyet eşitliği endeksi 100 üzerinden 62,3; 50 ilçe arasında 12. sırada."
    assert "on ikinci sırada" in s.spoken and "altmış iki virgül üç" in s.spoken
    assert "No index score" in index_sentence("Çeşme", None, None, None, "en").text


def test_spoken_ranges_and_units() -> None:
    assert spoken_tr("15–64 yaş, 500 m, 1 km") == "on beş ile altmış dört yaş, beş yüz metre, bir kilometre"


def test_alt_text_marks_demo() -> None:
    assert alt_text("T", "S.", "Urla", True, "tr").endswith("ÖRNEK VERİ / DEMO DATA.")


def test_province_index_names_its_least_and_most_equal_district() -> None:
    s = index_sentence("İzmir", None, None, None, spread=(("Kınık", 58.14), ("Karşıyaka", 80.2)))
    assert s.text == ("İzmir'de ilçelerin toplumsal cinsiyet eşitliği endeksi 100 üzerinden 58,1 (Kınık) "
                      "ile 80,2 (Karşıyaka) arasında.")
    assert "elli sekiz virgül bir" in s.spoken
