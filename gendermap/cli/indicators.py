"""``gendermap indicators``: indicators defined by users, beside the built-in catalogue.

``list`` shows built-in and user indicators; ``add FILE.yaml`` defines (or, with the
same id, edits) user indicators — from the command line as the local operator, so they
are active at once; ``review ID --approve|--reject`` decides a proposal made in the app;
``retire ID`` takes one off the maps (history and data stay); ``history ID``;
``template ID --district NAME --out FILE.xlsx`` writes the data-collection kit.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--by", default=os.environ.get("USER", "cli"), help="name recorded as author")
    sub = parser.add_subparsers(dest="action", required=True, metavar="ACTION")
    lst = sub.add_parser("list", help="built-in and user indicators")
    lst.add_argument("--user-only", action="store_true", help="only indicators defined by users")
    add = sub.add_parser("add", help="define or edit user indicators from a YAML file")
    add.add_argument("file", type=Path)
    rev = sub.add_parser("review", help="approve or reject a proposal made in the app")
    rev.add_argument("id")
    choice = rev.add_mutually_exclusive_group(required=True)
    choice.add_argument("--approve", action="store_true")
    choice.add_argument("--reject", action="store_true")
    ret = sub.add_parser("retire", help="take a user indicator off the maps (history and data stay)")
    ret.add_argument("id")
    his = sub.add_parser("history", help="every version of a user indicator")
    his.add_argument("id")
    tpl = sub.add_parser("template", help="data-collection kit (XLSX or CSV) for an area")
    tpl.add_argument("id")
    area = tpl.add_mutually_exclusive_group(required=True)
    area.add_argument("--district")
    area.add_argument("--province")
    tpl.add_argument("--year", type=int)
    tpl.add_argument("--out", type=Path, required=True)


def _entries(path: Path) -> list[dict]:
    """One entry (a mapping with ``id``) or several (``indicators: [...]``) from YAML."""
    import yaml

    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as error:
        raise ValueError(f"{path}: okunamadı ({error})") from None
    except yaml.YAMLError as error:
        raise ValueError(f"{path}: geçerli bir YAML değil: {error}") from None
    if isinstance(data, dict) and "indicators" in data:
        data = data["indicators"]
    if isinstance(data, dict):
        data = [data]
    if not isinstance(data, list) or not all(isinstance(e, dict) for e in data):
        raise ValueError(f"{path}: bir gösterge (id, label, ...) ya da 'indicators:' listesi bekleniyordu")
    return data


def run(args: argparse.Namespace) -> int:
    from gendermap.catalogue import CatalogueError
    from gendermap.config import get_settings
    from gendermap.io.catalogue_file import load_catalogue, load_full_catalogue
    from gendermap.io.kit import AreaError, area_mahalle, write_kit
    from gendermap.monitor import Actor, MonitorError, open_store
    from gendermap.monitor.user_catalogue import UserCatalogue

    settings = get_settings()
    try:
        if args.action == "template":
            catalogue = load_full_catalogue(settings)
            if args.id not in catalogue:
                print(f"Hata: '{args.id}' adlı gösterge yok; 'gendermap indicators list' ile bakın.", file=sys.stderr)
                return 1
            if not settings.gpkg_path.exists():
                print("Hata: önce veriyi derleyin (gendermap build).", file=sys.stderr)
                return 1
            mahalle = area_mahalle(settings, args.district, args.province)
            write_kit(args.out, catalogue, args.id, mahalle, args.year)
            print(f"Yazıldı: {args.out} ({len(mahalle)} mahalle)")
            return 0
        if args.action == "list":
            catalogue = load_full_catalogue(settings)
            for entry in catalogue.indicators:
                if args.user_only and entry.defined_by is None:
                    continue
                who = f"kullanıcı: {entry.defined_by}" if entry.defined_by else "yerleşik"
                print(f"{entry.id:28} {entry.theme:16} {entry.label.tr} [{who}]")
            store = open_store()
            pending = UserCatalogue(store, load_catalogue(settings.catalogue_path)).table()
            waiting = pending[pending["pending"]] if len(pending) else pending
            for row in waiting.itertuples():
                print(f"{row.code:28} {row.theme:16} {row.label_tr} [öneri, onay bekliyor: {row.created_by}]")
            return 0
        store = open_store()
        users = UserCatalogue(store, load_catalogue(settings.catalogue_path))
        actor = Actor.system_actor(f"cli:{args.by}")
        if args.action == "add":
            for spec in _entries(args.file):
                code = str(spec.get("id"))
                known = users.table()
                versions = {str(c): int(v) for c, v in zip(known["code"], known["version"], strict=True)}
                current = versions.get(code, 0)
                version = users.propose(actor, spec, expected_version=current)
                print(f"{code}: {'tanımlandı' if current == 0 else 'güncellendi'} (sürüm {version}, etkin)")
        elif args.action == "review":
            version = users.review(actor, args.id, approve=args.approve)
            print(f"{args.id}: {'onaylandı' if args.approve else 'reddedildi'} (sürüm {version})")
        elif args.action == "retire":
            version = users.retire(actor, args.id)
            print(f"{args.id}: kaldırıldı (sürüm {version}); geçmişi ve verisi duruyor")
        else:
            print(users.history(args.id).to_string(index=False))
    except MonitorError as error:
        problems = getattr(error, "problems", None)
        text = "; ".join(m for _, m in problems) if problems else str(error)
        print(f"Hata: {text}", file=sys.stderr)
        return 1
    except (ValueError, CatalogueError, AreaError) as error:
        print(f"Hata: {error}", file=sys.stderr)
        return 1
    return 0
