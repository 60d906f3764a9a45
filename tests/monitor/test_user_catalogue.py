"""Indicators defined by users: same rules as the catalogue, review, versions, retire, kit."""

from __future__ import annotations

import copy
from pathlib import Path

import pytest

from gendermap.catalogue import CatalogueError, merge_user_indicators, parse_user_entry
from gendermap.io.catalogue_file import load_catalogue

REPO = Path(__file__).resolve().parents[2]
BUILTIN = load_catalogue(REPO / "data" / "indicators" / "catalogue.yaml")
ENTRY = {
    "id": "coop_women_members", "theme": "cooperatives",
    "theme_label": {"tr": "Kooperatifler", "en": "Cooperatives"},
    "label": {"tr": "Kadın kooperatifi üyeleri", "en": "Members of women's cooperatives"},
    "description": {"tr": "Üye kadınların 18 yaş üstü kadınlara oranı.", "en": "Members among women 18+."},
    "why": {"tr": "Ekonomik örgütlenme.", "en": "Economic organisation."},
    "numerator": {"tr": "Üye kadınlar", "en": "Women members"},
    "denominator": {"tr": "18 yaş üstü kadınlar", "en": "Women aged 18+"},
    "by_sex": False, "unit": "percent", "direction": "higher_is_better",
    "source": "Belediye kayıtları", "year": 2025, "licence": "CC BY 4.0",
}


def entry(**changes):
    out = copy.deepcopy(ENTRY)
    out.update(changes)
    return out


def test_a_user_indicator_joins_the_catalogue_with_its_author_and_new_theme():
    merged = merge_user_indicators(BUILTIN, [(entry(), "ayse")])
    added = merged.get("coop_women_members")
    assert added.defined_by == "ayse" and not added.synthetic and added.level == "mahalle"
    assert merged.themes["cooperatives"].label.tr == "Kooperatifler"
    assert len(merged.ids) == len(BUILTIN.ids) + 1
    assert all(e.defined_by is None for e in BUILTIN.indicators)  # the built-in one is untouched


@pytest.mark.parametrize(("changes", "expected"), [
    ({"id": "illiteracy_15"}, "yerleşik bir göstergenin kodu"),
    ({"theme": "brand_new", "theme_label": None}, "theme_label"),
    ({"unit": "kilos"}, "unit"),
    ({"synthetic": True}, "synthetic: false"),
    ({"unit": "count", "in_index": True}, "in_index"),
    ({"denominator": None}, "denominator"),
])
def test_user_entries_obey_the_catalogue_rules(changes, expected):
    with pytest.raises(CatalogueError) as err:
        parse_user_entry(entry(**changes), BUILTIN)
    assert expected in str(err.value)


def test_an_existing_theme_needs_no_label():
    indicator, theme = parse_user_entry(entry(theme="education", theme_label=None), BUILTIN)
    assert theme is None and indicator.theme == "education"


def test_two_user_indicators_with_one_id_are_refused():
    with pytest.raises(Exception, match="appears twice"):
        merge_user_indicators(BUILTIN, [(entry(), "a"), (entry(), "b")])


# ---------------------------------------------------------------------- the service
@pytest.mark.monitoring
class TestReview:
    @pytest.fixture
    def users(self, world):
        from gendermap.monitor.user_catalogue import UserCatalogue
        from tests.monitor.conftest import SYSTEM

        world.add_user(SYSTEM, "veri", "doğru-parola-123", "data_editor", provinces=["İzmir"])
        return UserCatalogue(world, BUILTIN)

    def test_proposal_waits_for_an_admin_then_is_in_force(self, world, users):
        from tests.monitor.conftest import PASSWORD

        editor = world.sign_in("veri", "doğru-parola-123")
        users.propose(editor, entry())
        assert users.active_entries() == []
        assert bool(users.table().set_index("code").loc["coop_women_members", "pending"])
        admin = world.sign_in("admin", PASSWORD)
        users.review(admin, "coop_women_members", approve=True)
        [(spec, who)] = users.active_entries()
        assert spec["id"] == "coop_women_members" and who == "veri (admin)"

    def test_an_edit_is_a_version_and_the_approved_one_stays_in_force(self, world, users):
        from gendermap.monitor import ConflictError
        from tests.monitor.conftest import PASSWORD

        admin = world.sign_in("admin", PASSWORD)
        editor = world.sign_in("veri", "doğru-parola-123")
        users.propose(admin, entry())  # an admin's definition is active at once
        users.propose(editor, entry(year=2026), expected_version=1)
        assert users.active_entries()[0][0]["year"] == 2025
        with pytest.raises(ConflictError):
            users.propose(editor, entry(year=2027), expected_version=1)
        users.review(admin, "coop_women_members", approve=True)
        assert users.active_entries()[0][0]["year"] == 2026
        history = users.history("coop_women_members")
        assert history["status"].tolist() == ["active", "proposed", "active"]
        assert history["changed"].tolist()[1] == "year"
        users.retire(admin, "coop_women_members")
        assert users.active_entries() == []
        assert users.table().set_index("code").loc["coop_women_members", "status"] == "retired"
        assert len(users.history("coop_women_members")) == 4

    def test_roles_are_checked_in_the_service(self, world, users):
        from gendermap.monitor import ANONYMOUS, InvalidInput, PermissionDenied
        from tests.monitor.conftest import PASSWORD

        with pytest.raises(PermissionDenied):
            users.propose(ANONYMOUS, entry())
        ayse = world.sign_in("ayse", PASSWORD)  # a monitoring editor, not a data editor
        with pytest.raises(PermissionDenied):
            users.propose(ayse, entry())
        editor = world.sign_in("veri", "doğru-parola-123")
        users.propose(editor, entry())
        with pytest.raises(PermissionDenied):
            users.review(editor, "coop_women_members", approve=True)
        with pytest.raises(PermissionDenied):
            users.retire(editor, "coop_women_members")
        with pytest.raises(InvalidInput):
            users.propose(editor, entry(id="population"))


@pytest.mark.monitoring
def test_full_catalogue_reads_the_database_and_never_creates_one(tmp_path, monkeypatch):
    from gendermap.config import get_settings
    from gendermap.io.catalogue_file import catalogue_revision, load_full_catalogue
    from gendermap.monitor import Actor, MonitorStore
    from gendermap.monitor.user_catalogue import UserCatalogue

    monkeypatch.setenv("GENDERMAP_HOME", str(tmp_path / "home"))
    monkeypatch.delenv("GENDERMAP_DB_URL", raising=False)
    settings = get_settings()
    assert load_full_catalogue(settings).ids == BUILTIN.ids
    assert not (tmp_path / "home").exists()
    before = catalogue_revision(settings)
    store = MonitorStore(settings.db_url)
    UserCatalogue(store, BUILTIN).propose(Actor.system_actor("test"), entry())
    merged = load_full_catalogue(settings)
    assert "coop_women_members" in merged and catalogue_revision(settings) != before


def test_the_kit_lists_every_mahalle_of_the_area_with_codes_and_turkish_headers():
    import pandas as pd

    from gendermap.io.kit import KIT_COLUMNS, kit_frames

    merged = merge_user_indicators(BUILTIN, [(entry(), "ayse")])
    mahalle = pd.DataFrame({"mahalle_code": ["41320", "41321"], "province": ["İzmir"] * 2,
                            "district": ["Seferihisar"] * 2, "mahalle": ["=Yalı", "Hıdırlık"]})
    frames = kit_frames(merged, "coop_women_members", mahalle)
    assert list(frames["veri"].columns) == KIT_COLUMNS
    assert frames["veri"]["mahalle_kodu"].tolist() == ["41320", "41321"]  # T only: not by sex
    assert set(frames["veri"]["cinsiyet"]) == {"T"} and set(frames["veri"]["yıl"]) == {2025}
    about = dict(frames["tanım"].itertuples(index=False))
    assert about["Tanımlayan"] == "ayse" and about["Kaynak"] == "Belediye kayıtları"
    by_sex = kit_frames(merged, "illiteracy_15", mahalle)["veri"]
    assert by_sex["cinsiyet"].tolist() == ["K", "E", "K", "E"]


@pytest.mark.data
@pytest.mark.slow
def test_define_collect_import_a_user_indicator_on_the_real_build(tmp_path, monkeypatch, capsys):
    """The issue's check: add, kit for Seferihisar, filled in, imported -> real values for
    every Seferihisar mahalle in build/indicators.parquet; listed; a built-in id refused."""
    import shutil

    import openpyxl
    import pandas as pd
    import yaml

    from gendermap.cli import main
    from gendermap.config import get_settings
    from tests.conftest import need

    build = get_settings().build_dir
    need((build / "gendermap.gpkg").exists(), "a build (gendermap build)")
    shutil.copytree(build, tmp_path / "build", ignore=shutil.ignore_patterns("static", "*.tmp"))
    monkeypatch.setenv("GENDERMAP_BUILD_DIR", str(tmp_path / "build"))
    monkeypatch.setenv("GENDERMAP_HOME", str(tmp_path / "home"))
    monkeypatch.delenv("GENDERMAP_DB_URL", raising=False)
    monkeypatch.setenv("GENDERMAP_PASSWORD", "uzun-bir-parola-123")
    (tmp_path / "coop.yaml").write_text(yaml.safe_dump(ENTRY, allow_unicode=True), encoding="utf-8")
    (tmp_path / "bad.yaml").write_text(yaml.safe_dump(entry(id="illiteracy_15"), allow_unicode=True), encoding="utf-8")
    assert main(["indicators", "add", str(tmp_path / "coop.yaml")]) == 0
    assert main(["indicators", "add", str(tmp_path / "bad.yaml")]) == 1
    assert "yerleşik bir göstergenin kodu" in capsys.readouterr().err
    kit = tmp_path / "kit.xlsx"
    assert main(["indicators", "template", "coop_women_members", "--district", "Seferihisar", "--out", str(kit)]) == 0
    book = openpyxl.load_workbook(kit)
    sheet = book["veri"]
    codes = []
    for i, row in enumerate(sheet.iter_rows(min_row=2)):
        row[7].value, row[8].value = 10 + i, 400 + i
        codes.append(str(row[0].value))
    book.save(kit)
    assert main(["users", "add", "yonetici", "--role", "admin"]) == 0
    assert main(["import", str(kit), "--user", "yonetici"]) == 0
    table = pd.read_parquet(tmp_path / "build" / "indicators.parquet")
    mine = table[table["indicator"] == "coop_women_members"]
    assert sorted(mine["mahalle_code"].astype(str)) == sorted(codes) and len(codes) >= 15
    assert not mine["synthetic"].any() and set(mine["year"]) == {2025}
    capsys.readouterr()
    assert main(["indicators", "list", "--user-only"]) == 0
    assert "coop_women_members" in capsys.readouterr().out


def test_a_catalogue_weight_is_the_default_weight_in_the_index():
    """weight: 2 for one indicator gives the same index as the user asking for 2."""
    import numpy as np
    import pandas as pd

    from gendermap.indicators import default_weights, synthesis_scores

    merged = merge_user_indicators(BUILTIN, [(entry(in_index=True, weight=2.0, theme="education",
                                                    theme_label=None), "ayse")])
    assert default_weights(merged) == {"coop_women_members": 2.0}
    rng = np.random.default_rng(1)
    ids = [e.id for e in merged.indicators if e.in_index and e.level == "mahalle"]
    rows = []
    for code in range(30):
        for ind in ids:
            for sex in ("F", "M"):
                den = int(rng.integers(200, 900))
                rows.append({"mahalle_code": str(code), "indicator": ind, "year": 2023 if ind != "coop_women_members" else 2025,
                             "sex": sex, "numerator": int(rng.integers(10, den // 2)), "denominator": den,
                             "synthetic": False})
    counts = pd.DataFrame(rows)
    by_catalogue = synthesis_scores(counts, merged, methods=("eige",), n_draws=50)
    plain = merge_user_indicators(BUILTIN, [(entry(in_index=True, theme="education", theme_label=None), "ayse")])
    by_user = synthesis_scores(counts, plain, methods=("eige",), n_draws=50, indicator_weights={"coop_women_members": 2.0})
    equal = synthesis_scores(counts, plain, methods=("eige",), n_draws=50)
    assert np.allclose(by_catalogue["score"], by_user["score"])
    assert not np.allclose(by_catalogue["score"], equal["score"])
