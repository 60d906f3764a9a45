"""Store services on SQLite and PostgreSQL: versions, conflicts, roles, publication."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from gendermap.monitor.auth import ANONYMOUS, Actor
from gendermap.monitor.db import current_revision
from gendermap.monitor.errors import (
    ConflictError,
    InvalidInput,
    PermissionDenied,
    SessionExpired,
)
from gendermap.monitor.models import Observation
from gendermap.monitor.store import MonitorStore, ObservationEntry

from .conftest import PASSWORD, SYSTEM

pytestmark = pytest.mark.monitoring


def entry(women=120.0, men=280.0, total=None, period="2023", muni="seferihisar", **kw):
    return ObservationEntry(muni, "staff", period, women, men, total, **kw)


def test_schema_is_at_head_and_reopening_is_harmless(store: MonitorStore) -> None:
    from alembic.script import ScriptDirectory

    from gendermap.monitor.db import alembic_config

    heads = ScriptDirectory.from_config(alembic_config()).get_heads()
    assert len(heads) == 1, f"migrations must form one line, found heads {heads}"
    assert current_revision(store.engine) == heads[0]
    MonitorStore(engine=store.engine)  # upgrade again: nothing to do, no error
    assert store.is_empty()


def test_edit_creates_versions_and_history_keeps_all(world: MonitorStore) -> None:
    ayse = world.sign_in("ayse", PASSWORD)
    assert world.save_observation(ayse, entry(), 0) == 1
    assert world.save_observation(ayse, entry(women=130.0, note="düzeltme"), 1) == 2
    history = world.observation_history(ayse, "seferihisar", "staff", "2023")
    assert list(history["version"]) == [1, 2]
    assert list(history["value_women"]) == [120.0, 130.0]
    assert list(history["created_by"]) == ["ayse", "ayse"]
    assert history["value_total"].tolist() == [400.0, 410.0]  # total derived from women + men
    current = world.observations(ayse, include_drafts=True)
    assert current["value_women"].tolist() == [130.0]


def test_withdrawal_is_a_version_and_hides_the_value(world: MonitorStore) -> None:
    ayse = world.sign_in("ayse", PASSWORD)
    world.save_observation(ayse, entry(), 0)
    assert world.withdraw_observation(ayse, "seferihisar", "staff", "2023", 1, "yanlış dosya") == 2
    assert world.observations(ayse, include_drafts=True).empty
    history = world.observation_history(ayse, "seferihisar", "staff", "2023")
    assert history["status"].tolist() == ["active", "withdrawn"]
    assert world.count_rows(Observation) == 2  # nothing deleted


def test_second_writer_gets_a_conflict_and_loses_nothing(world: MonitorStore) -> None:
    ayse = world.sign_in("ayse", PASSWORD)
    fatma = world.sign_in("fatma", PASSWORD)
    world.save_observation(ayse, entry(), 0)
    # Both open version 1; Ayşe saves first.
    world.save_observation(ayse, entry(women=125.0), 1)
    with pytest.raises(ConflictError) as info:
        world.save_observation(fatma, entry(women=127.0), 1)
    assert info.value.current_version == 2
    assert info.value.current["value_women"] == 125.0
    assert "sürüm" in str(info.value)
    # Fatma saves again on top of the current version: both changes are in the history.
    world.save_observation(fatma, entry(women=127.0), info.value.current_version)
    history = world.observation_history(ayse, "seferihisar", "staff", "2023")
    assert history["value_women"].tolist() == [120.0, 125.0, 127.0]
    assert history["created_by"].tolist() == ["ayse", "ayse", "fatma"]


def test_new_value_conflicts_when_someone_created_it_first(world: MonitorStore) -> None:
    ayse = world.sign_in("ayse", PASSWORD)
    fatma = world.sign_in("fatma", PASSWORD)
    world.save_observation(ayse, entry(), 0)
    with pytest.raises(ConflictError):
        world.save_observation(fatma, entry(women=1.0), 0)


def test_editor_only_for_own_municipality(world: MonitorStore) -> None:
    kemal = world.sign_in("kemal", PASSWORD)
    with pytest.raises(PermissionDenied, match="kendi belediyeniz"):
        world.save_observation(kemal, entry(), 0)
    world.save_observation(kemal, entry(muni="kemalpasa"), 0)


@pytest.mark.parametrize("who", ["okur", None])
def test_viewers_and_anonymous_cannot_write(world: MonitorStore, who: str | None) -> None:
    actor = world.sign_in(who, PASSWORD) if who else ANONYMOUS
    with pytest.raises(PermissionDenied):
        world.save_observation(actor, entry(), 0)
    with pytest.raises(PermissionDenied):
        world.publish(actor)


def test_forged_actor_is_refused_by_the_service(world: MonitorStore) -> None:
    forged = Actor("admin", role="admin", token="made-up-token")
    with pytest.raises(SessionExpired):
        world.save_observation(forged, entry(), 0)
    no_token = Actor("admin", role="admin")
    with pytest.raises(PermissionDenied):
        world.define_indicator(no_token, world_spec(), 0)


def world_spec():
    from .conftest import BUDGET

    return BUDGET


def test_role_change_takes_effect_immediately(world: MonitorStore) -> None:
    ayse = world.sign_in("ayse", PASSWORD)
    admin = world.sign_in("admin", PASSWORD)
    world.set_role(admin, "ayse", "viewer")
    with pytest.raises(PermissionDenied):
        world.save_observation(ayse, entry(), 0)
    with pytest.raises(PermissionDenied):
        world.add_user(ayse, "x", PASSWORD, "admin")


def test_viewers_see_published_versions_only(world: MonitorStore) -> None:
    ayse = world.sign_in("ayse", PASSWORD)
    admin = world.sign_in("admin", PASSWORD)
    kemal = world.sign_in("kemal", PASSWORD)
    world.save_observation(ayse, entry(), 0)
    assert world.observations().empty
    assert world.observations(kemal, include_drafts=True).empty  # not his municipality
    assert world.publish(admin, "seferihisar") == 1
    world.save_observation(ayse, entry(women=150.0), 1)  # a draft on top
    public = world.observations()
    assert public["value_women"].tolist() == [120.0] and public["published"].all()
    draft = world.observations(ayse, include_drafts=True)
    assert draft["value_women"].tolist() == [150.0] and not draft["published"].any()
    viewer_history = world.observation_history(ANONYMOUS, "seferihisar", "staff")
    assert viewer_history["version"].tolist() == [1]
    assert world.publish(admin) == 1
    assert world.observations()["value_women"].tolist() == [150.0]


def test_targets_versioned_and_checked(world: MonitorStore) -> None:
    ayse = world.sign_in("ayse", PASSWORD)
    assert world.set_target(ayse, "seferihisar", "staff", 40.0, "2026", 0) == 1
    with pytest.raises(ConflictError):
        world.set_target(ayse, "seferihisar", "staff", 45.0, "2026", 0)
    with pytest.raises(InvalidInput, match="100"):
        world.set_target(ayse, "seferihisar", "staff", 140.0, "2026", 1)  # a share
    with pytest.raises(PermissionDenied):
        world.set_target(ayse, "kemalpasa", "staff", 40.0, "2026", 0)
    world.set_target(ayse, "seferihisar", "staff", 45.0, "2027", 1)
    targets = world.targets(ayse, include_drafts=True)
    assert targets[["value", "due_period", "version"]].values.tolist() == [[45.0, "2027", 2]]


@pytest.mark.parametrize(
    ("kwargs", "column"),
    [
        ({"women": -1.0}, "value_women"),
        ({"women": 1.5}, "value_women"),
        ({"women": None}, "value_women"),
        ({"total": 100.0}, "value_total"),  # women + men > total
        ({"period": "2023-Q1"}, "period"),
        ({"period": "yirmi"}, "period"),
    ],
)
def test_invalid_entries_are_refused_with_the_column(world, kwargs, column) -> None:
    ayse = world.sign_in("ayse", PASSWORD)
    with pytest.raises(InvalidInput) as info:
        world.save_observation(ayse, entry(**kwargs), 0)
    assert column in [c for c, _ in info.value.problems]
    assert world.count_rows(Observation) == 0


def test_hostile_text_is_stored_verbatim_and_tables_survive(world: MonitorStore) -> None:
    admin = world.sign_in("admin", PASSWORD)
    world.add_municipality(admin, "x'); DROP TABLE observation;--", "<script>alert(1)</script>", "İzmir")
    ayse = world.sign_in("ayse", PASSWORD)
    note = "1; DROP TABLE observation; <script>alert('x')</script>"
    world.save_observation(ayse, entry(note=note, source="' OR 1=1 --"), 0)
    with world.transaction() as session:
        stored = session.scalars(select(Observation)).one()
    assert stored.note == note and stored.source == "' OR 1=1 --"
    names = world.municipalities()["name"].tolist()
    assert "<script>alert(1)</script>" in names


def test_indicator_definitions_are_versioned(world: MonitorStore) -> None:
    from dataclasses import replace

    from .conftest import STAFF

    admin = world.sign_in("admin", PASSWORD)
    world.define_indicator(admin, replace(STAFF, label_en="Staff (headcount)"), 1)
    with pytest.raises(ConflictError):
        world.define_indicator(admin, replace(STAFF, label_en="stale"), 1)
    assert world.indicator_history("staff")["label_en"].tolist() == ["Municipal staff", "Staff (headcount)"]
    world.define_indicator(admin, replace(STAFF, status="retired"), 2)
    assert "staff" not in world.indicators()["code"].tolist()
    assert "staff" in world.indicators(include_retired=True)["code"].tolist()
    ayse = world.sign_in("ayse", PASSWORD)
    with pytest.raises(Exception, match="etkin gösterge"):
        world.save_observation(ayse, entry(), 0)


def test_units_belong_to_a_municipality(world: MonitorStore) -> None:
    unit_id = world.add_unit(SYSTEM, "seferihisar", "ik", "İnsan Kaynakları Müdürlüğü", "HR")
    other = world.add_unit(SYSTEM, "kemalpasa", "ik", "İnsan Kaynakları Müdürlüğü", "HR")
    assert world.units("seferihisar")["id"].tolist() == [unit_id]
    ayse = world.sign_in("ayse", PASSWORD)
    world.save_observation(ayse, entry(unit_id=unit_id), 0)
    with pytest.raises(InvalidInput, match="birim"):
        world.save_observation(ayse, entry(unit_id=other, period="2022"), 0)


def test_racing_writers_exactly_one_wins(world: MonitorStore) -> None:
    """Eight threads save on top of the same version at once: one version 2, seven conflicts."""
    import threading

    editors = [world.sign_in(name, PASSWORD) for name in ("ayse", "fatma")]
    world.save_observation(editors[0], entry(), 0)
    barrier = threading.Barrier(8)
    outcomes: list[str] = []

    def write(i: int) -> None:
        barrier.wait()
        try:
            world.save_observation(editors[i % 2], entry(women=float(100 + i)), 1)
            outcomes.append("saved")
        except ConflictError:
            outcomes.append("conflict")
        except Exception as error:  # pragma: no cover - reported by the assert below
            outcomes.append(repr(error))

    threads = [threading.Thread(target=write, args=(i,)) for i in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(outcomes) == ["conflict"] * 7 + ["saved"]
    assert world.observation_history(SYSTEM, "seferihisar", "staff", "2023")["version"].tolist() == [1, 2]


def test_migrations_match_the_models(store: MonitorStore) -> None:
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext

    from gendermap.monitor.models import Base

    with store.engine.connect() as connection:
        diff = compare_metadata(MigrationContext.configure(connection), Base.metadata)
    assert diff == []


def test_admin_lists_users_of_every_role(world: MonitorStore) -> None:
    """Users without provinces (admins, editors) beside a data editor: the admin's user
    list (the Giriş page's admin tools) must not trip over the empty province field."""
    world.add_user(SYSTEM, "veri", PASSWORD, "data_editor", provinces=["İzmir", "Balıkesir"])
    admin = world.sign_in("admin", PASSWORD)
    users = world.list_users(admin).set_index("username")
    assert users.loc["ayse", "provinces"] == "" and users.loc["admin", "provinces"] == ""
    assert set(users.loc["veri", "provinces"].split(", ")) == {"İzmir", "Balıkesir"}
