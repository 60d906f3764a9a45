"""``gendermap analyse``: the synthesis, hot spots and focus ranking for chosen settings.

    gendermap analyse --out out/                         # the build's own tables, again
    gendermap analyse --method gap_only --weights education=3 --out out/
    gendermap analyse --province İzmir --districts Buca,Konak --criteria-weights women=1 --out out/
    gendermap analyse --smoothing spatial --year 2025 --out out/

Reads the current build and runs :func:`gendermap.analysis.analysis` (the function the
build, the app and the reports use) for the settings; writes ``synthesis.parquet``,
``hotspots.parquet``, ``moran.parquet``, ``focus.parquet`` and ``district_synthesis.parquet``
(the district index under the same method and weights) with the build's columns.
With no options the tables equal the build's. Bad options print one message and exit 1.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from gendermap.composite import METHODS
from gendermap.scores import SMOOTHING

if TYPE_CHECKING:
    import pandas as pd

    from gendermap.analysis import AnalysisSettings


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--method", choices=METHODS, help="one method (default: all three; focus uses eige)")
    parser.add_argument("--weights", default="", metavar="THEME=W,...", help="theme weights (others 1)")
    parser.add_argument("--indicator-weights", default="", metavar="ID=W,...", help="indicator weights (others 1)")
    parser.add_argument("--criteria-weights", default="", metavar="ID=W,...",
                        help="focus criteria weights (others their default)")
    parser.add_argument("--criteria-directions", default="", metavar="ID=higher|lower,...",
                        help="which way a focus criterion adds priority")
    parser.add_argument("--province", action="append", default=[], metavar="NAME|CODE",
                        help="only this province (repeatable)")
    parser.add_argument("--districts", default="", metavar="NAME|CODE,...", help="only these districts")
    parser.add_argument("--year", type=int,
                        help="index as of this year: each indicator's latest vintage not after it; an indicator "
                        "with none is left out, and no indicator mixes years (default: each indicator's "
                        "reference vintage, as the build)")
    parser.add_argument("--smoothing", choices=SMOOTHING, default="none",
                        help="empirical Bayes smoothing of the rate indicators before scoring: global or "
                        "spatial (neighbouring mahalle); default none, as the build")
    parser.add_argument("--fixed-method", action="store_true",
                        help="rank intervals from the weights alone (do not vary normalisation/aggregation)")
    parser.add_argument("--draws", type=int, default=1000, help="Monte Carlo draws (default 1000)")
    parser.add_argument("--permutations", type=int, default=9999, help="LISA permutations (default 9999)")
    parser.add_argument("--out", type=Path, required=True, help="folder for the parquet files")


class OptionError(ValueError):
    """An option a person can fix; the message says how."""


def parse_pairs(text: str, option: str) -> dict[str, float]:
    """``"a=1,b=2.5"`` -> ``{"a": 1.0, "b": 2.5}`` (decimal point, not comma)."""
    out: dict[str, float] = {}
    for part in filter(None, (p.strip() for p in text.split(","))):
        name, sep, value = part.partition("=")
        try:
            if not sep or not name.strip():
                raise ValueError
            out[name.strip()] = float(value)
        except ValueError:
            raise OptionError(
                f"{option}: '{part}' okunamadı; AD=SAYI biçiminde yazın, ondalık için nokta "
                f"(e.g. education=1.5)"
            ) from None
    return out


def parse_directions(text: str) -> dict[str, str]:
    words = {"higher": "higher_is_priority", "lower": "lower_is_priority",
             "higher_is_priority": "higher_is_priority", "lower_is_priority": "lower_is_priority"}
    out = {}
    for part in filter(None, (p.strip() for p in text.split(","))):
        name, _, value = part.partition("=")
        if value.strip() not in words:
            raise OptionError(f"--criteria-directions: '{part}' için yön 'higher' ya da 'lower' olmalı "
                              f"(direction must be higher or lower)")
        out[name.strip()] = words[value.strip()]
    return out


def _resolve(names: list[str], table: dict[str, int], what: str) -> tuple[int, ...]:
    from gendermap.names import name_key

    keyed = {name_key(k): v for k, v in table.items()}
    codes = set(table.values())
    out = []
    for name in names:
        if name.strip().isdigit() and int(name) in codes:
            out.append(int(name))
        elif name_key(name) in keyed:
            out.append(keyed[name_key(name)])
        else:
            raise OptionError(f"{what} '{name}' bulunamadı (not found); bilinenler: {', '.join(sorted(table))}")
    return tuple(out)


def settings_from(args: argparse.Namespace, units: pd.DataFrame, seed: int = 20231231) -> AnalysisSettings:
    """:class:`~gendermap.analysis.AnalysisSettings` from the options (names resolved)."""
    from gendermap.analysis import AnalysisSettings

    provinces = dict(zip(units["province"], units["province_code"], strict=True))
    districts = dict(zip(units["district"], units["district_code"], strict=True))
    try:
        return AnalysisSettings(
            method=args.method,
            theme_weights=tuple(parse_pairs(args.weights, "--weights").items()),
            indicator_weights=tuple(parse_pairs(args.indicator_weights, "--indicator-weights").items()),
            criteria_weights=tuple(parse_pairs(args.criteria_weights, "--criteria-weights").items()),
            criteria_directions=tuple(parse_directions(args.criteria_directions).items()),
            provinces=_resolve(args.province, provinces, "İl / province"),
            districts=_resolve([d for d in args.districts.split(",") if d.strip()], districts, "İlçe / district"),
            year=args.year, smoothing=args.smoothing, vary_method=not args.fixed_method, n_draws=args.draws,
            permutations=args.permutations, seed=seed,
        )
    except OptionError:
        raise
    except ValueError as exc:
        raise OptionError(str(exc)) from None


def run(args: argparse.Namespace) -> int:
    import pandas as pd

    from gendermap.analysis import analysis, prepare_tables
    from gendermap.config import get_settings
    from gendermap.io.export import ExportError, read_build_tables
    from gendermap.pipeline import stored_contiguity

    settings = get_settings()
    scores_path = settings.build_dir / "indicator_scores.parquet"
    try:
        tables = read_build_tables(settings)
        if not scores_path.exists():
            raise ExportError(f"{scores_path} yok: önce 'gendermap build' çalıştırın (run 'gendermap build')")
        district_path = settings.build_dir / "district_indicator_scores.parquet"
        districts = pd.read_parquet(district_path) if district_path.exists() else None
        inputs = prepare_tables(tables.mahalle, pd.read_parquet(scores_path), tables.indicators, tables.catalogue,
                                stored_contiguity(settings.build_dir, tables.mahalle), district_scores=districts)
        result = analysis(inputs, settings_from(args, inputs.units, settings.seed))
    except (ExportError, OptionError, ValueError) as exc:
        print(f"gendermap analyse: {exc}", file=sys.stderr)
        return 1
    args.out.mkdir(parents=True, exist_ok=True)
    for name, table in result.tables().items():
        path = args.out / f"{name}.parquet"
        table.to_parquet(path, index=False)
        print(path)
    return 0
