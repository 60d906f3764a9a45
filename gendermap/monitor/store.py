"""The monitoring store: every read and write of monitoring data goes through here.

One facade over modules split by the reason they change:

- :mod:`~gendermap.monitor.versioning`: engine, transactions, append-only version rows
  and optimistic concurrency (``expected_version``; the UNIQUE constraint settles races);
- :mod:`~gendermap.monitor.accounts`: users, sign-in, sessions and the role check every
  write makes on the server side (roles come from the database, never from the caller);
- :mod:`~gendermap.monitor.registry`: municipalities, units and indicator definitions;
- :mod:`~gendermap.monitor.observations`: values and targets;
- :mod:`~gendermap.monitor.publication`: what viewers may see.

All SQL is built with SQLAlchemy expressions (bound parameters only).
"""

from __future__ import annotations

from gendermap.monitor.observations import (
    OBSERVATION_COLUMNS,
    TARGET_COLUMNS,
    ObservationEntry,
    Observations,
)
from gendermap.monitor.publication import Publishing
from gendermap.monitor.registry import IndicatorSpec

__all__ = [
    "OBSERVATION_COLUMNS",
    "TARGET_COLUMNS",
    "IndicatorSpec",
    "MonitorStore",
    "ObservationEntry",
]


class MonitorStore(Observations, Publishing):
    """Services over one database. Thread-safe: each call uses its own ORM session."""
