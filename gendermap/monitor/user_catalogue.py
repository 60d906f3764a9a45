"""Indicators defined by users: proposed, reviewed, edited and retired in the database.

Why in the database and not in the repository: an association that wants "women members
of cooperatives" per mahalle should not have to edit code. The built-in catalogue stays
read-only; user entries are merged with it on load
(:func:`gendermap.io.catalogue_file.load_full_catalogue`), validated by the same rules.

Every step is a new version with who and when (append-only, as everywhere in the store):
a data editor or admin *proposes*; an admin *approves* (the indicator becomes active) or
*rejects*; an edit is a new proposal (an admin's edit is active at once); *retiring*
keeps the history and the imported data, it only takes the indicator off the maps.
The indicator in force is the newest approved version unless a later one retired it.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

import pandas as pd
from sqlalchemy import select
from sqlalchemy.orm import Session

from gendermap.catalogue import Catalogue, CatalogueError, parse_user_entry
from gendermap.monitor.auth import Actor
from gendermap.monitor.errors import ConflictError, InvalidInput, NotFound, PermissionDenied
from gendermap.monitor.models import UserIndicatorVersion
from gendermap.monitor.store import MonitorStore

COLUMNS = ["code", "version", "status", "label_tr", "label_en", "theme", "unit", "year",
           "defined_by", "created_at", "created_by", "note", "pending"]
_PROPOSERS = ("data_editor", "admin")


class UserCatalogue:
    """User indicators over one :class:`MonitorStore` (same database, same accounts)."""

    def __init__(self, store: MonitorStore, builtin: Catalogue) -> None:
        self.store = store
        self.builtin = builtin

    # ------------------------------------------------------------------ roles
    def _who(self, session: Session, actor: Actor, need: str) -> str:
        """The username to record; ``need`` is 'propose' (data editor, admin) or 'admin'."""
        if actor.system:
            return actor.username
        user = self.store._user_of(session, actor)
        if user is None:
            raise PermissionDenied("Gösterge tanımlamak için giriş yapmalısınız.")
        if user.role == "admin" or (need == "propose" and user.role in _PROPOSERS):
            return user.username
        if need == "propose":
            raise PermissionDenied("Gösterge önermek için veri editörü ya da yönetici olmalısınız.")
        raise PermissionDenied("Göstergeleri yalnızca yönetici onaylar ya da kaldırır.")

    def _is_admin(self, session: Session, actor: Actor) -> bool:
        if actor.system:
            return True
        user = self.store._user_of(session, actor)
        return user is not None and user.role == "admin"

    # ------------------------------------------------------------------ checks
    def check(self, entry: Mapping[str, Any], source: str = "gösterge") -> dict[str, Any]:
        """The entry validated by the catalogue's rules; :class:`InvalidInput` otherwise."""
        try:
            parse_user_entry(entry, self.builtin, source=source)
        except CatalogueError as error:
            raise InvalidInput([("indicator", str(error))]) from None
        return dict(entry)

    # ------------------------------------------------------------------ writes
    def propose(self, actor: Actor, entry: Mapping[str, Any], expected_version: int = 0, note: str = "") -> int:
        """A new indicator (expected_version=0) or an edit of one; returns the new version.

        An admin's proposal (and the local operator's, from the command line) is active at
        once; anyone else's waits for an admin's review.
        """
        spec = self.check(entry)
        code = str(spec["id"])
        with self.store.transaction() as session:
            by = self._who(session, actor, "propose")
            versions = self._versions(session, code)
            current = versions[-1].version if versions else 0
            if current != expected_version:
                raise ConflictError(expected_version, current, {"code": code})
            if not versions and self._taken(code):
                raise InvalidInput([("id", f"'{code}' yerleşik bir göstergenin kodu; başka bir kod seçin")])
            status = "active" if self._is_admin(session, actor) else "proposed"
            return self._append(session, code, current, spec, status, by, note)

    def review(self, actor: Actor, code: str, approve: bool, note: str = "") -> int:
        """An admin approves (the newest proposal becomes active) or rejects it."""
        with self.store.transaction() as session:
            by = self._who(session, actor, "admin")
            versions = self._versions(session, code)
            if not versions:
                raise NotFound(f"'{code}' kodlu kullanıcı göstergesi yok.")
            last = versions[-1]
            if last.status != "proposed":
                raise InvalidInput([("status", f"'{code}' için bekleyen bir öneri yok")])
            status = "active" if approve else "rejected"
            return self._append(session, code, last.version, json.loads(last.spec), status, by, note)

    def retire(self, actor: Actor, code: str, note: str = "") -> int:
        """An admin takes an indicator off the maps; history and data stay."""
        with self.store.transaction() as session:
            by = self._who(session, actor, "admin")
            versions = self._versions(session, code)
            if not versions:
                if code in self.builtin:
                    raise InvalidInput([("id", f"'{code}' yerleşik bir gösterge; yerleşik katalog değiştirilemez")])
                raise NotFound(f"'{code}' kodlu kullanıcı göstergesi yok.")
            in_force = _in_force(versions)
            spec = json.loads((in_force or versions[-1]).spec)
            return self._append(session, code, versions[-1].version, spec, "retired", by, note)

    def _append(self, session: Session, code: str, current: int, spec: Mapping[str, Any],
                status: str, by: str, note: str) -> int:
        row = UserIndicatorVersion(code=code, version=current + 1, spec=json.dumps(spec, ensure_ascii=False),
                                   status=status, note=note[:2000], created_at=self.store.clock(),
                                   created_by=by)
        version = self.store._insert_version(session, row, current, {"code": code})
        self.store._audit(session, by, f"user_indicator.{status}", f"{code} v{version}")
        return version

    def _taken(self, code: str) -> bool:
        return code in self.builtin

    @staticmethod
    def _versions(session: Session, code: str) -> list[UserIndicatorVersion]:
        return list(session.scalars(
            select(UserIndicatorVersion).where(UserIndicatorVersion.code == code)
            .order_by(UserIndicatorVersion.version)
        ).all())

    # ------------------------------------------------------------------ reads
    def _all(self) -> dict[str, list[UserIndicatorVersion]]:
        with self.store.read() as session:
            rows = session.scalars(select(UserIndicatorVersion).order_by(
                UserIndicatorVersion.code, UserIndicatorVersion.version)).all()
        grouped: dict[str, list[UserIndicatorVersion]] = {}
        for row in rows:
            grouped.setdefault(row.code, []).append(row)
        return grouped

    def active_entries(self) -> list[tuple[dict[str, Any], str]]:
        """(entry, defined_by) of every indicator in force, for the catalogue merge.

        ``defined_by`` is whoever first proposed it (and who approved it, when another)."""
        out = []
        for versions in self._all().values():
            in_force = _in_force(versions)
            if in_force is not None:
                out.append((json.loads(in_force.spec), _defined_by(versions)))
        return out

    def table(self, include_retired: bool = True) -> pd.DataFrame:
        """One row per user indicator: its state, label and who defined it."""
        rows = []
        for code, versions in self._all().items():
            in_force = _in_force(versions)
            last = versions[-1]
            spec = json.loads((in_force or last).spec)
            status = "active" if in_force is not None else last.status
            if last.status == "retired":
                status = "retired"
            if status == "retired" and not include_retired:
                continue
            rows.append({
                "code": code, "version": last.version, "status": status,
                "label_tr": spec.get("label", {}).get("tr", ""), "label_en": spec.get("label", {}).get("en", ""),
                "theme": spec.get("theme", ""), "unit": spec.get("unit", ""), "year": spec.get("year"),
                "defined_by": _defined_by(versions), "created_at": last.created_at,
                "created_by": last.created_by, "note": last.note,
                "pending": last.status == "proposed",
            })
        return pd.DataFrame(rows, columns=COLUMNS)

    def history(self, code: str) -> pd.DataFrame:
        """Every version of one user indicator: status, who, when, what changed."""
        with self.store.read() as session:
            versions = self._versions(session, code)
        if not versions:
            raise NotFound(f"'{code}' kodlu kullanıcı göstergesi yok.")
        rows: list[dict[str, Any]] = []
        previous: dict[str, Any] = {}
        for v in versions:
            spec = json.loads(v.spec)
            changed = sorted(k for k in set(spec) | set(previous) if spec.get(k) != previous.get(k))
            rows.append({"version": v.version, "status": v.status, "created_at": v.created_at,
                         "created_by": v.created_by, "changed": ", ".join(changed) if previous else "",
                         "note": v.note})
            previous = spec
        return pd.DataFrame(rows)

    def entry(self, code: str) -> dict[str, Any]:
        """The newest definition of a user indicator (in force or pending)."""
        versions = self._all().get(code)
        if not versions:
            raise NotFound(f"'{code}' kodlu kullanıcı göstergesi yok.")
        return dict(json.loads(versions[-1].spec))

    def revision(self) -> str:
        """Changes whenever any user indicator changes (a cache key for the catalogue)."""
        with self.store.read() as session:
            ids = session.scalars(select(UserIndicatorVersion.id)).all()
        return f"u{len(ids)}-{max(ids) if ids else 0}"


def _in_force(versions: list[UserIndicatorVersion]) -> UserIndicatorVersion | None:
    """The newest approved version, unless a later version retired the indicator."""
    for v in reversed(versions):
        if v.status == "retired":
            return None
        if v.status == "active":
            return v
    return None


def _defined_by(versions: list[UserIndicatorVersion]) -> str:
    first = versions[0].created_by
    approvers = [v.created_by for v in versions if v.status == "active" and v.created_by != first]
    return first if not approvers else f"{first} ({approvers[0]})"
