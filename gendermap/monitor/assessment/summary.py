"""What the public sees of a district municipality's equality work: its published
monitoring values and its published needs-analysis scores (for the map's district panel
and the district report). Nothing unpublished is read here.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import pandas as pd

from gendermap.monitor import dashboard as dash
from gendermap.monitor.assessment.scoring import Assessment
from gendermap.monitor.assessment.service import AssessmentService, published
from gendermap.monitor.auth import ANONYMOUS


@dataclass(frozen=True)
class MunicipalitySummary:
    code: str
    name: str
    cards: pd.DataFrame
    """Dashboard cards from published values only (:func:`gendermap.monitor.dashboard.cards`)."""
    assessment_round: str | None
    assessment: Assessment | None

    @property
    def demo(self) -> bool:
        return bool(self.cards["demo"].any()) if len(self.cards) else False


def district_summary(service: AssessmentService, district_code: int, lang: str = "tr",
                     today: date | None = None) -> MunicipalitySummary | None:
    """The summary of the municipality of a district on the map, or None when the
    district's municipality is not in the network."""
    store = service.store
    municipalities = store.municipalities()
    match = municipalities[municipalities["district_code"] == int(district_code)]
    if match.empty:
        return None
    code, name = str(match["code"].iloc[0]), str(match["name"].iloc[0])
    cards = dash.cards(store.observations(ANONYMOUS), store.indicators(), store.targets(ANONYMOUS),
                       municipalities, today or date.today())
    mine = cards[(cards["municipality_code"] == code) & (cards["n_periods"] > 0)].reset_index(drop=True)
    result = published(service, code, lang)
    return MunicipalitySummary(code, name, mine, result[0] if result else None, result[1] if result else None)


def summaries_for(settings: object, lang: str = "tr") -> dict[int, MunicipalitySummary]:
    """district_code -> the public summary of every network municipality with a district.

    Reads the monitoring database of ``settings`` when it exists (a SQLite file that was
    never created is not created here); no database, no summaries."""
    from gendermap.monitor.db import missing_sqlite_file
    from gendermap.monitor.mapdata import database_url
    from gendermap.monitor.store import MonitorStore

    url = database_url(settings)
    if missing_sqlite_file(url):
        return {}
    store = MonitorStore(url)
    try:
        service = AssessmentService(store)
        codes = store.municipalities()["district_code"].dropna().astype(int).tolist()
        out = {}
        for code in codes:
            found = district_summary(service, code, lang)
            if found is not None and (len(found.cards) or found.assessment is not None):
                out[code] = found
        return out
    finally:
        store.close()
