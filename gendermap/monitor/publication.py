"""Publication: an admin's decision that the latest versions become public."""

from __future__ import annotations

from sqlalchemy import func, select

from gendermap.monitor.accounts import Accounts
from gendermap.monitor.auth import Actor
from gendermap.monitor.models import (
    Observation,
    Publication,
    Target,
)


class Publishing(Accounts):
    """Marks versions public (a ``publication`` row per version)."""

    # ------------------------------------------------------------------ publication
    def publish(self, actor: Actor, municipality: str | None = None) -> int:
        """Publish the latest version of every observation and target (of one
        municipality, or all); returns how many versions became public."""
        with self.transaction() as session:
            by = self._authorize(session, actor, "admin")
            count = 0
            for model, kind, keys in (
                (
                    Observation,
                    "observation",
                    [Observation.municipality_code, Observation.indicator_code, Observation.period],
                ),
                (Target, "target", [Target.municipality_code, Target.indicator_code]),
            ):
                rn = func.row_number().over(partition_by=keys, order_by=model.version.desc())
                sub = select(model.id, model.municipality_code, rn.label("rn")).subquery()
                done = select(Publication.row_id).where(Publication.kind == kind)
                stmt = select(sub.c.id).where(sub.c.rn == 1, sub.c.id.not_in(done))
                if municipality is not None:
                    stmt = stmt.where(sub.c.municipality_code == municipality)
                for row_id in session.scalars(stmt).all():
                    session.add(
                        Publication(
                            kind=kind, row_id=row_id, published_at=self.clock(), published_by=by
                        )
                    )
                    count += 1
            self._audit(session, by, "publish", f"municipality={municipality} versions={count}")
            return count
