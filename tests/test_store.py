"""Imported map data in the monitoring database: originals kept byte for byte, one
transaction per import, rejected files change nothing, who may store, history, revert.

Runs on SQLite and (through scripts/with-postgres.sh) on PostgreSQL.
"""

from __future__ import annotations

import hashlib
from dataclasses import replace
from pathlib import Path

import pandas as pd
import pytest

from gendermap import ingest
from gendermap.config import Settings
from gendermap.io.importers import MahalleReference
from gendermap.monitor.auth import ANONYMOUS, Actor
from gendermap.monitor.errors import PermissionDenied
from gendermap.monitor.mapdata import MapDataStore
from gendermap.monitor.models import MapImportRow
from tests.monitor.conftest import PASSWORD, open_store, pg_schema_url  # noqa: F401 (fixture)

pytestmark = pytest.mark.monitoring

BAD = Path(__file__).parent / "bad_inputs"
SYSTEM = Actor.system_actor("test")


@pytest.fixture(autouse=True)
def fast_password_hashing(monkeypatch: pytest.MonkeyPatch) -> None:
    from argon2 import PasswordHasher

    from gendermap.monitor import auth

    monkeypatch.setattr(auth, "_HASHER", PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1))


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def backend(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture
def data(backend: str, request: pytest.FixtureRequest, tmp_path: Path) -> MapDataStore:
    store = open_store(backend, tmp_path, request)
    store.add_municipality(SYSTEM, "seferihisar", "Seferihisar", "İzmir")
    store.add_user(SYSTEM, "yonetici", PASSWORD, "admin")
    store.add_user(SYSTEM, "ayse", PASSWORD, "editor", "seferihisar")
    store.add_user(SYSTEM, "okur", PASSWORD, "viewer")
    store.add_user(SYSTEM, "izmirli", PASSWORD, "data_editor", provinces=["35"])
    store.add_user(SYSTEM, "balikesirli", PASSWORD, "data_editor", provinces=["Balıkesir"])
    yield MapDataStore(store)
    store.close()


@pytest.fixture
def admin(data: MapDataStore) -> Actor:
    return data.store.sign_in("yonetici", PASSWORD)


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return replace(Settings(), var_dir=tmp_path / "var", build_dir=tmp_path / "build")


@pytest.fixture
def provinces(settings: Settings) -> None:
    """A build that knows the two mahalle are in İzmir (35)."""
    import geopandas as gpd
    from shapely.geometry import box

    settings.build_dir.mkdir(parents=True)
    gpd.GeoDataFrame({"mahalle_code": ["41320", "41328"], "province_code": [35, 35]},
                     geometry=[box(0, 0, 1, 1), box(1, 0, 2, 1)], crs=4326).to_file(settings.gpkg_path, layer="mahalle")


@pytest.fixture
def reference() -> MahalleReference:
    return MahalleReference.from_frame(pd.DataFrame([
        {"mahalle_code": "41320", "tuik_codes": "41320", "mahalle": "Atatürk Mah.", "district": "Aliağa", "province": "İzmir"},
        {"mahalle_code": "41328", "tuik_codes": "41328", "mahalle": "B.Hayrettin Paşa Mah.", "district": "Aliağa", "province": "İzmir"},
    ]))


def _write(path: Path, rows: list[str]) -> Path:
    path.write_text("mahalle_code;indicator;year;sex;numerator;denominator\n" + "\n".join(rows) + "\n", encoding="utf-8")
    return path


def _import(who, path, settings, data, reference, **options):
    checked = ingest.check_file(path, settings, data, reference=reference, **options)
    return ingest.store(who, checked, settings, data)


def test_accepted_file_is_stored_and_original_kept(admin, data, settings, reference):
    done = _import(admin, BAD / "semicolon_decimal_comma_ok.csv", settings, data, reference)
    assert done.status == "accepted" and done.replaced == 0 and done.created_by == "yonetici"
    assert done.inbox_path is not None
    original = (BAD / "semicolon_decimal_comma_ok.csv").read_bytes()
    assert done.inbox_path.read_bytes() == original
    assert done.inbox_path.parent == settings.var_dir / "inbox"
    rows = data.current_rows()
    assert len(rows) == 4 and set(rows["import_id"]) == {done.import_id}
    assert rows.set_index(["indicator", "sex"]).loc[("higher_education_25", "F"), "value"] == pytest.approx(0.245)
    log = data.history().iloc[0]
    assert log[["file_name", "status", "accepted", "rejected", "created_by"]].tolist() == [
        "semicolon_decimal_comma_ok.csv", "accepted", 4, 0, "yonetici"]
    assert log["sha256"] == hashlib.sha256(original).hexdigest() and log["size"] == len(original)
    assert log["inbox_name"] == done.inbox_path.name and log["sha256"][:16] in log["inbox_name"]
    assert set(log["indicator_years"].split(";")) == set(
        f"{i}:{y}" for i, y in rows[["indicator", "year"]].drop_duplicates().itertuples(index=False))


def test_rejected_file_changes_nothing_stored(admin, data, settings, reference, tmp_path):
    _import(admin, BAD / "semicolon_decimal_comma_ok.csv", settings, data, reference)
    before = data.current_rows()
    for name in ("zip_slip.zip", "empty.csv", "wrong_encoding_double_utf8.csv", "header_only.csv", "negative_count.csv"):
        done = _import(admin, BAD / name, settings, data, reference)
        assert done.status == "rejected" and done.accepted == 0, name
        assert done.inbox_path is not None and done.inbox_path.read_bytes() == (BAD / name).read_bytes()
    # strict: one bad row refuses the whole file, even the good row with a new value for a stored key
    mixed = _write(tmp_path / "mixed.csv", ["41320;illiteracy_15;2023;K;999;3450", "41320;illiteracy_15;2023;E;-1;3380"])
    assert _import(admin, mixed, settings, data, reference, strict=True).status == "rejected"
    pd.testing.assert_frame_equal(data.current_rows(), before)
    log = data.history()
    assert (log["status"] == "rejected").sum() == 6
    assert [p["code"] for p in data.problems(int(log.iloc[0]["id"]))] == ["negative"]


def test_partial_import_stores_good_rows_and_lists_bad_ones(admin, data, settings, reference, tmp_path):
    mixed = _write(tmp_path / "mixed.csv", ["41320;illiteracy_15;2023;K;120;3450", "41320;illiteracy_15;2023;E;-1;3380"])
    done = _import(admin, mixed, settings, data, reference)
    assert done.status == "partial"
    assert data.current_rows()["sex"].tolist() == ["F"]
    log = data.history().iloc[0]
    assert (log["accepted"], log["rejected"]) == (1, 1)
    assert ingest.problems(data, done.import_id)["row"].tolist() == [3]


def test_reimport_replaces_same_keys_and_revert_restores_exactly(admin, data, settings, reference, tmp_path):
    first = _write(tmp_path / "a.csv", ["41320;illiteracy_15;2023;K;120;3450", "41328;illiteracy_15;2023;K;10;300"])
    _import(admin, first, settings, data, reference)
    after_first = data.current_rows()
    second = _write(tmp_path / "b.csv", ["41320;illiteracy_15;2023;K;130;3450"])
    done = _import(admin, second, settings, data, reference)
    assert done.replaced == 1
    rows = data.current_rows().set_index("mahalle_code")
    assert rows.loc["41320", "numerator"] == 130 and rows.loc["41328", "numerator"] == 10
    assert "replaced 1 earlier row" in data.history().iloc[0]["note"]
    # undo the second: exactly the rows after the first import count again
    assert ingest.revert(admin, done.import_id, data) == 1
    pd.testing.assert_frame_equal(data.current_rows(), after_first)
    log = data.history().set_index("id")
    assert log.loc[done.import_id, "reverted_by"] == "yonetici" and pd.notna(log.loc[done.import_id, "reverted_at"])
    # and the first: nothing stored counts, so the demo values come back in the build
    ingest.revert(admin, int(log.index.min()), data)
    assert data.current_rows().empty
    # nothing was deleted: every stored row is still in the database
    with data.store.transaction() as session:
        assert session.query(MapImportRow).count() == 3


def test_failure_inside_the_transaction_rolls_everything_back(admin, data, settings, reference, monkeypatch):
    _import(admin, BAD / "semicolon_decimal_comma_ok.csv", settings, data, reference)
    before, log_before = data.current_rows(), data.history()
    from gendermap.monitor import mapdata

    def boom(rows, import_id):
        raise RuntimeError("disk full")

    monkeypatch.setattr(mapdata, "_records", boom)
    with pytest.raises(RuntimeError, match="disk full"):
        _import(admin, BAD / "semicolon_decimal_comma_ok.csv", settings, data, reference)
    pd.testing.assert_frame_equal(data.current_rows(), before)
    assert len(data.history()) == len(log_before)


def test_too_large_file_logged_not_copied(admin, data, settings, reference, tmp_path):
    big = tmp_path / "big.csv"
    big.write_bytes(b"x" * 2000)
    done = _import(admin, big, settings, data, reference, max_bytes=1000)
    assert done.status == "rejected" and done.inbox_path is None
    assert data.history().iloc[0]["status"] == "rejected"


def test_empty_store(data):
    frame = data.current_rows()
    assert frame.empty and list(frame.columns)[:7] == [
        "mahalle_code", "indicator", "year", "sex", "numerator", "denominator", "value"]
    assert data.history().empty


def test_upload_bytes_keep_the_users_file_name(admin, data, settings, reference):
    raw = (BAD / "semicolon_decimal_comma_ok.csv").read_bytes()
    checked = ingest.check_bytes(raw, "../../Kadın verisi <script>.csv", settings, data, reference=reference)
    done = ingest.store(admin, checked, settings, data)
    assert done.status == "accepted"
    assert done.inbox_path is not None and done.inbox_path.parent == settings.var_dir / "inbox"
    assert done.inbox_path.read_bytes() == raw
    assert done.inbox_path.name.endswith("Kadın_verisi_script_.csv")  # no path parts, no markup
    assert len(data.current_rows()) == 4


def test_two_processes_see_the_same_rows_and_import_at_once(admin, data, settings, reference, backend,
                                                            request, tmp_path):
    """A second app process (its own engine on the same database) sees every import, and
    imports made at the same moment by both are each stored whole, none lost."""
    import threading

    _import(admin, BAD / "semicolon_decimal_comma_ok.csv", settings, data, reference)
    other = MapDataStore(open_store(backend, tmp_path, request))
    try:
        pd.testing.assert_frame_equal(other.current_rows(), data.current_rows())
        files = []
        for i in range(6):
            files.append(_write(tmp_path / f"p{i}.csv", [f"4132{0 if i % 2 else 8};illiteracy_15;{2010 + i};K;{i + 1};300"]))
        checked = [ingest.check_file(f, settings, data, reference=reference) for f in files]
        errors: list[BaseException] = []

        def run(store: MapDataStore, items: list) -> None:
            try:
                for item in items:
                    ingest.store(admin, item, settings, store)
            except BaseException as exc:  # noqa: BLE001 - reported below
                errors.append(exc)

        threads = [threading.Thread(target=run, args=(data, checked[0::2])),
                   threading.Thread(target=run, args=(other, checked[1::2]))]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        assert not errors, errors
        log = other.history()
        assert len(log) == 7 and sorted(log["id"]) == list(range(1, 8))
        rows = data.current_rows()
        assert set(rows["year"]) >= set(range(2010, 2016)) and len(rows) == 4 + 6
    finally:
        other.store.close()


# ---------------------------------------------------------------------------- who may store
@pytest.mark.security
def test_anonymous_may_check_but_not_store(data, settings, reference):
    checked = ingest.check_file(BAD / "semicolon_decimal_comma_ok.csv", settings, data, reference=reference)
    assert checked.result.accepted == 4 and checked.status == "accepted"  # the check works for anyone
    with pytest.raises(PermissionDenied, match="giriş yapmalı"):
        ingest.store(ANONYMOUS, checked, settings, data)
    forged = Actor("yonetici", role="admin")  # a role typed into an Actor by hand counts for nothing
    with pytest.raises(PermissionDenied):
        ingest.store(forged, checked, settings, data)
    assert data.current_rows().empty and data.history().empty
    assert not (settings.var_dir / "inbox").exists()  # not even the original was written


@pytest.mark.security
@pytest.mark.parametrize("username", ["okur", "ayse", "balikesirli"])
def test_viewers_monitoring_editors_and_other_province_editors_may_not_store(
        data, settings, reference, provinces, username):
    who = data.store.sign_in(username, PASSWORD)
    checked = ingest.check_file(BAD / "semicolon_decimal_comma_ok.csv", settings, data, reference=reference)
    assert checked.provinces == (35,)
    with pytest.raises(PermissionDenied, match="yetkiniz yok"):
        ingest.store(who, checked, settings, data)
    assert data.history().empty and not (settings.var_dir / "inbox").exists()
    allowed, why = data.may_write(who, checked.provinces)
    assert not allowed and "yetkiniz yok" in why


@pytest.mark.security
def test_data_editor_stores_for_their_province_and_history_records_who(data, settings, reference, provinces):
    who = data.store.sign_in("izmirli", PASSWORD)
    done = _import(who, BAD / "semicolon_decimal_comma_ok.csv", settings, data, reference)
    assert done.status == "accepted" and done.created_by == "izmirli"
    log = data.history().iloc[0]
    assert (log["created_by"], log["provinces"]) == ("izmirli", "35")
    with pytest.raises(PermissionDenied):  # the other province's editor cannot undo it
        ingest.revert(data.store.sign_in("balikesirli", PASSWORD), done.import_id, data)
    ingest.revert(who, done.import_id, data)
    assert data.history().iloc[0]["reverted_by"] == "izmirli"


@pytest.mark.security
def test_rows_of_an_unknown_province_need_rights_for_every_province(data, settings, reference):
    """Without a build the provinces of the rows are unknown: a one-province editor may not
    store them, an admin may."""
    checked = ingest.check_file(BAD / "semicolon_decimal_comma_ok.csv", settings, data, reference=reference)
    assert checked.provinces == (0,)
    with pytest.raises(PermissionDenied):
        ingest.store(data.store.sign_in("izmirli", PASSWORD), checked, settings, data)
    assert ingest.store(data.store.sign_in("yonetici", PASSWORD), checked, settings, data).status == "accepted"


@pytest.mark.security
def test_revert_needs_a_writer_and_history_records_who(admin, data, settings, reference):
    done = _import(admin, BAD / "semicolon_decimal_comma_ok.csv", settings, data, reference)
    for who in (ANONYMOUS, data.store.sign_in("okur", PASSWORD), data.store.sign_in("ayse", PASSWORD)):
        with pytest.raises(PermissionDenied):
            ingest.revert(who, done.import_id, data)
    assert len(data.current_rows()) == 4
    ingest.revert(admin, done.import_id, data)
    log = data.history().iloc[0]
    assert (log["created_by"], log["reverted_by"]) == ("yonetici", "yonetici")


@pytest.mark.security
def test_signed_out_admin_is_refused(admin, data, settings, reference):
    checked = ingest.check_file(BAD / "semicolon_decimal_comma_ok.csv", settings, data, reference=reference)
    data.store.sign_out(admin)
    with pytest.raises(Exception, match="yeniden giriş"):
        ingest.store(admin, checked, settings, data)
    assert data.history().empty


def test_provinces_of_rows_come_from_the_build_or_the_new_mahalle_label():
    built = pd.Series({"41320": 35, "10001": 10})
    new = pd.DataFrame({"mahalle_code": ["990001", "990002"], "province": ["İzmir", "Manisa"],
                        "district": ["Seferihisar", "Akhisar"], "mahalle": ["Yeni Mah.", "Öteki Mah."]})
    codes = pd.Series(["41320", "41320", "990001"])
    assert ingest._provinces(codes, built, new) == (35,)
    assert ingest._provinces(pd.Series(["10001", "990002"]), built, new) == (0, 10)  # unknown province: 0


def test_an_older_installations_rows_are_carried_in_once(settings):
    """var/imports.sqlite of the previous version: its rows count after the upgrade, the
    file stays (renamed), and a second opening carries nothing twice."""
    import sqlalchemy as sa

    from gendermap.monitor.mapdata import open_for, stored_rows

    settings.var_dir.mkdir(parents=True)
    legacy = sa.create_engine(f"sqlite:///{settings.var_dir / 'imports.sqlite'}")
    with legacy.begin() as conn:
        conn.execute(sa.text("CREATE TABLE import_log (id INTEGER PRIMARY KEY, file_name TEXT, sha256 TEXT, "
                             "inbox_path TEXT, imported_at TEXT, status TEXT)"))
        conn.execute(sa.text("CREATE TABLE imported_rows (mahalle_code TEXT, indicator TEXT, year INTEGER, sex TEXT, "
                             "numerator INTEGER, denominator INTEGER, value REAL, import_id INTEGER)"))
        conn.execute(sa.text("INSERT INTO import_log VALUES (1, 'okuma.csv', 'x', 'var/inbox/a_okuma.csv', '2026', 'accepted')"))
        conn.execute(sa.text("INSERT INTO imported_rows VALUES ('41320', 'illiteracy_15', 2023, 'F', 120, 3450, NULL, 1),"
                             " ('41320', 'illiteracy_15', 2023, 'M', 25, 3380, NULL, 1)"))
    legacy.dispose()
    settings = replace(settings, db_url=f"sqlite:///{settings.var_dir / 'monitoring.sqlite'}")
    rows = stored_rows(settings)
    assert rows[["mahalle_code", "sex", "numerator"]].values.tolist() == [["41320", "F", 120], ["41320", "M", 25]]
    assert not (settings.var_dir / "imports.sqlite").exists() and (settings.var_dir / "imports.sqlite.moved").exists()
    data = open_for(settings)
    try:
        log = data.history()
        assert len(log) == 1 and log.iloc[0]["created_by"] == "sistem" and "okuma.csv" in log.iloc[0]["note"]
    finally:
        data.store.close()
    assert len(stored_rows(settings)) == 2


def test_refreshes_of_one_build_run_one_at_a_time(settings, monkeypatch):
    """Another process holding the build's refresh lock makes a refresh wait for it."""
    import fcntl
    import threading
    import time

    from gendermap import pipeline

    started: list[float] = []
    monkeypatch.setattr(pipeline, "refresh_indicators", lambda s: started.append(time.monotonic()) or ())
    settings.build_dir.mkdir(parents=True)
    with open(settings.build_dir / ".refresh.lock", "a+b") as held:
        fcntl.flock(held, fcntl.LOCK_EX)
        worker = threading.Thread(target=ingest.refresh, args=(settings,))
        worker.start()
        time.sleep(0.3)
        assert started == []  # still waiting
        released = time.monotonic()
        fcntl.flock(held, fcntl.LOCK_UN)
    worker.join(5)
    assert len(started) == 1 and started[0] >= released
