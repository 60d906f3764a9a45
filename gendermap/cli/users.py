"""``gendermap users``: add monitoring users, list them, change role, password or status.

Runs as the local operator (whoever can run the command can read the database file
anyway); every change is still written to the audit log under ``--by``.
"""

from __future__ import annotations

import argparse
import getpass
import os
import sys

from gendermap.monitor import Actor, MonitorError, open_store
from gendermap.monitor.models import ROLES
from gendermap.monitor.starter import ensure_seeded

PROVINCE_HELP = (
    "province a data_editor may change: İzmir or Balıkesir (give it twice for both; "
    "required for data_editor)"
)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--db", help="SQLAlchemy URL (default: GENDERMAP_DB_URL or var/monitoring.sqlite)")
    parser.add_argument("--by", default=os.environ.get("USER", "cli"), help="name recorded in the audit log")
    sub = parser.add_subparsers(dest="action", required=True, metavar="ACTION")
    add = sub.add_parser("add", help="add a user (password asked, or from GENDERMAP_PASSWORD)")
    add.add_argument("username")
    add.add_argument("--role", choices=list(ROLES), required=True)
    add.add_argument("--municipality", help="municipality code (required for editors)")
    add.add_argument("--province", action="append", default=[], help=PROVINCE_HELP)
    sub.add_parser("list", help="list users")
    role = sub.add_parser("set-role", help="change role and municipality")
    role.add_argument("username")
    role.add_argument("--role", choices=list(ROLES), required=True)
    role.add_argument("--municipality")
    role.add_argument("--province", action="append", default=[], help=PROVINCE_HELP)
    password = sub.add_parser(
        "set-password", help="set a new password (also unlocks and ends the user's sessions)"
    )
    password.add_argument("username")
    for name, help_text in (("deactivate", "disable sign-in"), ("activate", "enable sign-in")):
        sub.add_parser(name, help=help_text).add_argument("username")
    sub.add_parser("purge-sessions", help="delete ended sessions and old sign-in failures")


def _password() -> str:
    from_env = os.environ.get("GENDERMAP_PASSWORD")
    if from_env:
        return from_env
    first = getpass.getpass("Parola / Password: ")
    if first != getpass.getpass("Parola (tekrar) / Password (again): "):
        raise MonitorError("Parolalar aynı değil.")
    return first


def run(args: argparse.Namespace) -> int:
    store = open_store(args.db)
    # a fresh install: the same first start as the app's (pilot municipalities, starter set),
    # so `users add ... --municipality seferihisar` works before anyone opened İzleme
    ensure_seeded(store)
    actor = Actor.system_actor(f"cli:{args.by}")
    try:
        if args.action == "add":
            store.add_user(
                actor, args.username, _password(), args.role, args.municipality, args.province
            )
            print(f"Kullanıcı eklendi: {args.username} ({args.role})")
        elif args.action == "list":
            print(store.list_users(actor).to_string(index=False))
        elif args.action == "set-role":
            store.set_role(actor, args.username, args.role, args.municipality, args.province)
            print(f"Rol değişti: {args.username} -> {args.role}")
        elif args.action == "set-password":
            store.set_password(actor, args.username, _password())
            print(f"Parola değişti: {args.username}")
        elif args.action == "purge-sessions":
            print(f"Silinen oturum: {store.purge_expired()}")
        else:
            store.set_active(actor, args.username, args.action == "activate")
            print(f"{args.username}: {'etkin' if args.action == 'activate' else 'devre dışı'}")
    except MonitorError as error:
        print(f"Hata: {error}", file=sys.stderr)
        return 1
    finally:
        store.close()
    return 0
