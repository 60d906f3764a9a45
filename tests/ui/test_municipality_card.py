"""The mahalle panel names the district municipality's published work and links to İzleme."""

from __future__ import annotations

from pathlib import Path

import geopandas as gpd
import pytest
from streamlit.testing.v1 import AppTest

from gendermap.monitor import Actor, MonitorStore
from gendermap.monitor.assessment import AssessmentService, load
from gendermap.monitor.assessment.service import publish

APP = str(Path(__file__).resolve().parents[2] / "app.py")
SYSTEM = Actor.system_actor("test")


@pytest.mark.slow
@pytest.mark.monitoring
def test_panel_shows_the_municipalitys_published_needs_analysis(app_env: Path, tmp_path: Path, monkeypatch) -> None:
    url = f"sqlite:///{tmp_path / 'm.sqlite'}"
    monkeypatch.setenv("GENDERMAP_DB_URL", url)
    mahalle = gpd.read_file(app_env / "gendermap.gpkg", layer="mahalle")
    coded = mahalle[mahalle["mahalle_code"].notna() & mahalle["populated"].astype(bool)]
    first = coded.iloc[0]
    store = MonitorStore(url)
    store.add_municipality(SYSTEM, "ornek", "Örnek <Belediyesi>", "İzmir", int(first["district_code"]))
    questionnaire = load()
    service = AssessmentService(store, questionnaire)
    service.save(SYSTEM, "ornek", "2026", {q.code: q.options[-1].tr for q in questionnaire.questions if q.scored})
    publish(service, SYSTEM, "ornek", "2026")
    store.close()
    at = AppTest.from_file(APP, default_timeout=240)
    at.query_params["mahalle"] = str(first["mahalle_code"])
    at.run()
    assert not at.exception
    assert any("Örnek &lt;Belediyesi&gt;: eşitlik çalışmaları" in m.value for m in at.markdown)
    assert any("İhtiyaç analizi (2026): genel puan 100 / 100." in c.value for c in at.caption)
    other = coded[coded["district_code"] != first["district_code"]].iloc[0]
    at = AppTest.from_file(APP, default_timeout=240)
    at.query_params["mahalle"] = str(other["mahalle_code"])
    at.run()
    assert at.subheader and not any("eşitlik çalışmaları" in m.value for m in at.markdown)
