"""`gendermap validate` and `gendermap import` from the command line."""

from __future__ import annotations

import io
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from gendermap.cli import main
from gendermap.config import get_settings
from gendermap.monitor.mapdata import stored_rows

BAD = Path(__file__).parent / "bad_inputs"
OK = {"semicolon_decimal_comma_ok.csv", "medas_by_sex_cp1254_ok.csv", "projected_crs_ok.geojson"}


@pytest.fixture(autouse=True)
def isolated(tmp_path, monkeypatch):
    """No build and a private var/ so the commands never touch the checkout's state."""
    monkeypatch.setenv("GENDERMAP_HOME", str(tmp_path / "var"))
    monkeypatch.setenv("GENDERMAP_BUILD_DIR", str(tmp_path / "build"))


@pytest.mark.parametrize("name", sorted(p.name for p in BAD.iterdir() if p.name != "README.md"))
def test_validate_every_bad_input(name, capsys):
    code = main(["validate", str(BAD / name)])
    out = capsys.readouterr().out
    assert code == (0 if name in OK else 1), out
    assert name in out  # the summary names the file
    if name not in OK:
        assert "hata" in out


def test_validate_table_names_file_row_column(capsys):
    assert main(["validate", str(BAD / "negative_count.csv")]) == 1
    out = capsys.readouterr().out
    header, row = out.splitlines()[:2]
    assert header.split()[:4] == ["dosya", "satır", "sütun", "önem"]
    assert row.split()[:4] == ["negative_count.csv", "2", "numerator", "hata"]
    assert "pay negatif olamaz: '-12'" in row


def test_validate_csv_and_english(capsys):
    assert main(["validate", str(BAD / "women_gt_total.csv"), "--format", "csv"]) == 1
    table = pd.read_csv(io.StringIO(capsys.readouterr().out))
    assert list(table.columns)[:4] == ["file", "row", "column", "problem"]
    assert set(table["row"]) == {2, 4}
    assert main(["validate", str(BAD / "women_gt_total.csv"), "--lang", "en"]) == 1
    assert "exceeds the total (T) 600" in capsys.readouterr().out


def test_validate_with_options_and_size_limit(capsys):
    assert main(["validate", str(BAD / "medas_by_sex_cp1254_ok.csv"), "--indicator", "population", "--year", "2022"]) == 0
    assert "6 satır kabul" in capsys.readouterr().out
    assert main(["validate", str(BAD / "semicolon_decimal_comma_ok.csv"), "--max-mb", "0.0001"]) == 1
    assert "çok büyük" in capsys.readouterr().out


@pytest.fixture
def admin(monkeypatch):
    """An admin account in the private database; the CLI reads its password from the environment."""
    from argon2 import PasswordHasher

    from gendermap.monitor import auth
    from gendermap.monitor.store import MonitorStore

    monkeypatch.setattr(auth, "_HASHER", PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1))
    store = MonitorStore(get_settings().db_url)
    store.add_user(auth.Actor.system_actor("test"), "yonetici", "doğru-parola-123", "admin")
    store.close()
    monkeypatch.setenv("GENDERMAP_PASSWORD", "doğru-parola-123")
    return "yonetici"


def test_import_stores_and_reports(capsys, admin):
    assert main(["import", str(BAD / "semicolon_decimal_comma_ok.csv"), "--user", admin]) == 0
    out = capsys.readouterr().out
    assert "içe aktarma #1: içe aktarıldı" in out and "özgün dosya:" in out
    assert "Bu dosya kaydedilirse:" in out and "İlk kez gerçek değer alan: 1" in out
    assert len(stored_rows(get_settings())) == 4
    assert main(["import", str(BAD / "semicolon_decimal_comma_ok.csv"), "--user", admin, "--lang", "en"]) == 0
    out = capsys.readouterr().out
    assert "4 earlier row(s) replaced" in out and "Earlier real values replaced: 1" in out
    assert main(["import", str(BAD / "zip_slip.zip"), "--user", admin]) == 1
    assert "reddedildi" in capsys.readouterr().out
    assert len(stored_rows(get_settings())) == 4
    assert main(["import", "--history"]) == 0
    history = capsys.readouterr().out
    assert history.splitlines()[0].split()[:4] == ["no", "tarih", "kim", "dosya"]
    assert history.count("yonetici") == 3 and "zip_slip.zip" in history
    assert main(["import", "--revert", "2", "--user", admin, "--no-refresh"]) == 0
    assert "içe aktarma #2 geri alındı" in capsys.readouterr().out
    assert set(stored_rows(get_settings())["import_id"]) == {1}


def test_an_account_must_sign_in_and_preview_writes_nothing(capsys, admin, monkeypatch):
    monkeypatch.setenv("GENDERMAP_PASSWORD", "yanlış-parola-000")
    assert main(["import", str(BAD / "semicolon_decimal_comma_ok.csv"), "--user", admin]) == 1
    assert "yanlış" in capsys.readouterr().out
    assert main(["import", str(BAD / "semicolon_decimal_comma_ok.csv"), "--preview"]) == 0
    assert "Bu dosya kaydedilirse:" in capsys.readouterr().out
    assert stored_rows(get_settings()).empty
    assert not (Path(get_settings().var_dir) / "inbox").exists()


def test_the_local_operator_stores_and_is_recorded(capsys, monkeypatch):
    """Run on the server without --user, the command acts as its operator (like
    `gendermap monitor`) and the history says so."""
    monkeypatch.setenv("USER", "ayse")
    assert main(["import", str(BAD / "semicolon_decimal_comma_ok.csv"), "--no-refresh"]) == 0
    assert "yerel işletmen olarak: cli:ayse" in capsys.readouterr().out
    rows = stored_rows(get_settings())
    assert len(rows) > 0
    assert main(["import", "--history"]) == 0
    assert "cli:ayse" in capsys.readouterr().out


def test_import_strict_refuses_partial(capsys, tmp_path, admin):
    mixed = tmp_path / "m.csv"
    mixed.write_text("mahalle_code;indicator;year;sex;numerator;denominator\n41320;illiteracy_15;2023;K;1;10\n"
                     "41320;illiteracy_15;2023;E;-1;10\n", encoding="utf-8")
    assert main(["import", str(mixed), "--strict", "--user", admin]) == 1
    assert stored_rows(get_settings()).empty
    assert main(["import", str(mixed), "--user", admin]) == 1
    assert "kısmen içe aktarıldı" in capsys.readouterr().out
    assert len(stored_rows(get_settings())) == 1


@pytest.mark.parametrize("command", ["validate", "import"])
def test_help(command):
    done = subprocess.run([sys.executable, "-m", "gendermap", command, "--help"], capture_output=True, text=True,
                          check=False)
    assert done.returncode == 0
    assert "--indicator" in done.stdout and "--year" in done.stdout and "file" in done.stdout
