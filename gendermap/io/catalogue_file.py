"""Read the indicator catalogue YAML and validate it with :mod:`gendermap.catalogue`.

Kept apart from the model so the model stays pure (no file access in computation
modules); everything that needs the catalogue calls :func:`load_catalogue`.
"""

from __future__ import annotations

import copy
from pathlib import Path
from typing import TYPE_CHECKING, Any

import yaml

from gendermap.catalogue import Catalogue, CatalogueError, merge_user_indicators, parse_catalogue
from gendermap.config import Settings

if TYPE_CHECKING:
    from gendermap.monitor.user_catalogue import UserCatalogue

__all__ = ["catalogue_revision", "load_catalogue", "load_full_catalogue"]


_PARSED: dict[tuple[str, int, int], Any] = {}
"""YAML already parsed, by (path, mtime, size): the app checks the catalogue on every page
run (:func:`catalogue_revision`), and parsing it takes ~0.2-0.6 s of pure Python."""


def _parsed_yaml(path: Path, text: str) -> Any:
    try:
        stat = path.stat()
    except OSError:
        return yaml.safe_load(text)
    key = (str(path.resolve()), stat.st_mtime_ns, stat.st_size)
    if key not in _PARSED:
        if len(_PARSED) > 8:
            _PARSED.clear()
        _PARSED[key] = yaml.safe_load(text)
    return copy.deepcopy(_PARSED[key])  # callers may change what they get


def load_catalogue(path: str | Path) -> Catalogue:
    """Load and validate a catalogue file; :class:`CatalogueError` says what to fix and where."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise CatalogueError(f"{path}: cannot read the indicator catalogue ({exc.strerror or exc})") from None
    except UnicodeDecodeError as exc:
        raise CatalogueError(f"{path}: not UTF-8 text ({exc.reason} at byte {exc.start}); save it as UTF-8") from None
    try:
        data = _parsed_yaml(path, text)
    except yaml.YAMLError as exc:
        raise CatalogueError(f"{path}: not valid YAML: {exc}") from None
    if data is None:
        raise CatalogueError(f"{path}: the catalogue file is empty")
    return parse_catalogue(data, source=str(path))


_STORES: dict[str, Any] = {}


def _user_catalogue(settings: Settings) -> UserCatalogue | None:
    """The users' indicators in the configured database, or None when there is none yet
    (a SQLite file that was never created is not created here)."""
    from gendermap.monitor.db import missing_sqlite_file
    from gendermap.monitor.mapdata import database_url
    from gendermap.monitor.store import MonitorStore
    from gendermap.monitor.user_catalogue import UserCatalogue

    url = database_url(settings)
    if missing_sqlite_file(url):
        return None
    store = _STORES.get(url)
    if store is None:
        store = _STORES[url] = MonitorStore(url)
    return UserCatalogue(store, load_catalogue(settings.catalogue_path))


def load_full_catalogue(settings: Settings) -> Catalogue:
    """The built-in catalogue merged with the indicators users defined and an admin
    approved (:mod:`gendermap.monitor.user_catalogue`). Every reader of indicators —
    build, app, exports, importers, reports — loads the catalogue through here."""
    builtin = load_catalogue(settings.catalogue_path)
    users = _user_catalogue(settings)
    if users is None:
        return builtin
    return merge_user_indicators(builtin, users.active_entries())


def catalogue_revision(settings: Settings) -> str:
    """A short string that changes when the users' indicators change (for caches)."""
    users = _user_catalogue(settings)
    return users.revision() if users is not None else "u0"
