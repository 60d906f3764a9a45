"""``gendermap users`` and ``gendermap monitor`` over a temporary SQLite store."""

from __future__ import annotations

import pytest

from gendermap.cli import main
from gendermap.monitor import MonitorStore

pytestmark = pytest.mark.monitoring


def test_users_and_monitor_commands(tmp_path, monkeypatch, capsys) -> None:
    url = f"sqlite:///{tmp_path / 'm.sqlite'}"
    monkeypatch.setenv("GENDERMAP_DB_URL", url)
    monkeypatch.setenv("GENDERMAP_PASSWORD", "uzun-bir-parola")
    assert main(["monitor", "seed-demo"]) == 0
    assert main(["users", "add", "ayse", "--role", "editor", "--municipality", "seferihisar"]) == 0
    assert main(["users", "add", "ayse", "--role", "editor", "--municipality", "seferihisar"]) == 1
    assert "zaten var" in capsys.readouterr().err
    assert main(["users", "set-role", "ayse", "--role", "admin"]) == 0
    assert main(["users", "list"]) == 0
    assert "ayse" in capsys.readouterr().out
    store = MonitorStore(url)
    assert store.sign_in("ayse", "uzun-bir-parola").role == "admin"
    bad = tmp_path / "bad.csv"
    bad.write_text("belediye;gösterge;dönem;toplam\nseferihisar;childcare_places;2025;çok\n", encoding="utf-8")
    assert main(["monitor", "import", str(bad)]) == 1
    assert "bir sayı olarak okunamadı" in capsys.readouterr().out
    good = tmp_path / "good.csv"
    good.write_text("belediye;gösterge;dönem;toplam\nseferihisar;childcare_places;2025;350\n", encoding="utf-8")
    assert main(["monitor", "import", str(good)]) == 0
    assert store.current_version("seferihisar", "childcare_places", "2025") == 1
    assert main(["monitor", "pdf", "seferihisar", str(tmp_path / "o.pdf")]) == 0
    assert (tmp_path / "o.pdf").read_bytes().startswith(b"%PDF")
    assert main(["monitor", "export", str(tmp_path / "o.csv")]) == 0
    assert main(["monitor", "pdf", "yok", str(tmp_path / "o.pdf")]) == 1


def test_readme_users_add_works_on_a_fresh_home(tmp_path, monkeypatch, capsys) -> None:
    """The README's first command, with nothing opened before it (no app run, no seed-demo)."""
    monkeypatch.delenv("GENDERMAP_DB_URL", raising=False)
    monkeypatch.setenv("GENDERMAP_HOME", str(tmp_path / "home"))
    monkeypatch.setenv("GENDERMAP_PASSWORD", "uzun-bir-parola")
    assert main(["users", "add", "ayse", "--role", "editor", "--municipality", "seferihisar"]) == 0, capsys.readouterr().err
    store = MonitorStore(None)
    who = store.sign_in("ayse", "uzun-bir-parola")
    assert who.role == "editor"
    assert set(store.municipalities()["code"]) >= {"seferihisar", "kemalpasa"}
