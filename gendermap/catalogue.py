"""The indicator catalogue: what each indicator means, for whom, and how to map it.

Why a validated model: every map, gap, composite score, report and export reads its
labels, directions and classification from here. A typo in the YAML must stop the
build with a message that says which entry and field to fix, not surface as a wrong
colour on a map weeks later.

Pure: :func:`parse_catalogue` takes the already-read mapping; the file is read by
:func:`gendermap.io.catalogue_file.load_catalogue`.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

__all__ = [
    "SCHEMES",
    "Catalogue",
    "CatalogueError",
    "DemoSpec",
    "Indicator",
    "Text",
    "Theme",
    "merge_user_indicators",
    "parse_catalogue",
    "parse_user_entry",
]

SCHEMES = (
    "quantiles",
    "equalinterval",
    "fisherjenks",
    "naturalbreaks",
    "maximumbreaks",
    "prettybreaks",
)
"""mapclassify scheme names (``mapclassify.classify(y, scheme, k)``) that take a class count.
Jenks–Caspall is left out: its iteration has no cap and can cycle forever (see classify)."""

DEMO_GROUPS = (
    "population",
    "age_3_5",
    "age_15_plus",
    "age_15_19",
    "age_15_24",
    "age_15_64",
    "age_18_plus",
    "age_25_plus",
    "age_65_plus",
    "council_seats",
)
"""Population groups the demonstration generator (:mod:`gendermap.demo`) can build."""


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Text(_Strict):
    """The same text in Turkish (shown first) and English."""

    tr: str = Field(min_length=1)
    en: str = Field(min_length=1)

    def get(self, lang: str) -> str:
        """The text in ``lang`` ("tr" or "en"); Turkish for anything else."""
        return self.en if lang == "en" else self.tr


class Theme(_Strict):
    label: Text
    description: Text


class DemoSpec(_Strict):
    """How :mod:`gendermap.demo` makes demonstration counts for a synthetic indicator.

    ``rate`` is the typical proportion for women (F) and men (M); ``gradient`` moves it on
    the logit scale per standard deviation of local disadvantage (positive: more common in
    disadvantaged mahalle); ``noise`` is the mahalle-to-mahalle logit spread. ``margin``
    names a real district measure (``district_inputs.measure``) that the numerators of a
    district must add up to exactly. ``numerator_group`` instead of ``rate`` makes the
    numerator a population group itself (e.g. people aged 65+ among all residents).
    """

    group: Literal[DEMO_GROUPS]  # type: ignore[valid-type]
    numerator_group: Literal[DEMO_GROUPS] | None = None  # type: ignore[valid-type]
    rate: dict[Literal["F", "M"], float] | None = None
    gradient: float = 0.0
    noise: float = Field(default=0.25, ge=0, le=3)
    margin: Literal["registered_voters"] | None = None

    @field_validator("rate")
    @classmethod
    def _rates(cls, rate: dict[str, float] | None) -> dict[str, float] | None:
        if rate is None:
            return rate
        if set(rate) != {"F", "M"}:
            raise ValueError("rate needs both F and M, e.g. {F: 0.05, M: 0.01}")
        for sex, value in rate.items():
            if not 0 < value < 1:
                raise ValueError(f"rate {sex}={value} must be strictly between 0 and 1")
        return rate

    @model_validator(mode="after")
    def _one_way(self) -> DemoSpec:
        if (self.rate is None) == (self.numerator_group is None):
            raise ValueError(
                "give either `rate` (numerators drawn around it) or `numerator_group` "
                "(numerator is that population group), not both or neither"
            )
        return self


class Indicator(_Strict):
    """One catalogue entry (fields as in docs/architecture.md)."""

    id: str = Field(pattern=r"^[a-z][a-z0-9_]*$", max_length=40)
    theme: str
    label: Text
    description: Text
    why: Text
    numerator: Text
    denominator: Text | None = None
    by_sex: bool = True
    unit: Literal["percent", "per_1000", "ratio", "count"]
    direction: Literal["higher_is_better", "lower_is_better"]
    level: Literal["mahalle", "district"]
    in_index: bool
    source: str = Field(min_length=1)
    year: int = Field(ge=1990, le=2100)
    licence: str = Field(min_length=1)
    synthetic: bool
    scheme: str = "quantiles"
    k: int = Field(default=5, ge=2, le=9)
    demo: DemoSpec | None = None
    public_record: bool = False
    """Counts of public office holders (e.g. elected council members) are public record:
    disclosure control (suppression of small cells) does not apply to them."""
    weight: float = Field(default=1.0, gt=0, le=10)
    """Default weight of the indicator inside its theme of the index (the app's slider
    starts here)."""
    defined_by: str | None = None
    """Who defined a user indicator (None for the built-in catalogue)."""

    @field_validator("scheme")
    @classmethod
    def _scheme(cls, scheme: str) -> str:
        name = scheme.lower().replace("_", "")
        if name not in SCHEMES:
            raise ValueError(f"Invalid scheme: '{scheme}'. Scheme must be in the set: {', '.join(SCHEMES)}")
        return name

    @model_validator(mode="after")
    def _consistent(self) -> Indicator:
        if self.unit != "count" and self.denominator is None:
            raise ValueError(f"unit {self.unit!r} is a rate: give a denominator {{tr, en}}")
        if self.unit == "count" and self.in_index:
            raise ValueError("a count cannot be in_index (the index compares rates); set in_index: false")
        if self.synthetic and self.level == "mahalle" and self.demo is None:
            raise ValueError("a synthetic mahalle indicator needs a `demo` block (group, rate) to generate values")
        if not self.synthetic and self.demo is not None:
            raise ValueError("only synthetic indicators carry a `demo` block; remove it or set synthetic: true")
        return self

    @property
    def is_rate(self) -> bool:
        return self.unit != "count"


class Catalogue(_Strict):
    """All themes and indicators; ids unique, every indicator's theme defined."""

    themes: dict[str, Theme]
    indicators: list[Indicator]

    @model_validator(mode="after")
    def _references(self) -> Catalogue:
        seen: set[str] = set()
        for entry in self.indicators:
            if entry.id in seen:
                raise ValueError(f"indicator id {entry.id!r} appears twice; ids must be unique")
            seen.add(entry.id)
            if entry.theme not in self.themes:
                raise ValueError(
                    f"indicator {entry.id!r} has theme {entry.theme!r}, which is not under `themes` "
                    f"(defined: {', '.join(sorted(self.themes))})"
                )
        return self

    @property
    def ids(self) -> list[str]:
        return [i.id for i in self.indicators]

    def get(self, indicator_id: str) -> Indicator:
        """The entry with this id; KeyError naming the known ids otherwise."""
        for entry in self.indicators:
            if entry.id == indicator_id:
                return entry
        raise KeyError(f"unknown indicator {indicator_id!r}; known: {', '.join(self.ids)}")

    def __contains__(self, indicator_id: object) -> bool:
        return any(i.id == indicator_id for i in self.indicators)

    def at_level(self, level: str) -> list[Indicator]:
        return [i for i in self.indicators if i.level == level]

    def in_theme(self, theme: str) -> list[Indicator]:
        return [i for i in self.indicators if i.theme == theme]


class CatalogueError(ValueError):
    """The catalogue file is not valid; the message lists every problem and where."""


def _where(loc: tuple[Any, ...], data: Mapping[str, Any]) -> str:
    """Readable location: ``indicators[3] (id: illiteracy_15).unit``."""
    parts: list[str] = []
    node: Any = data
    for item in loc:
        if isinstance(item, int):
            ident = node[item].get("id") if isinstance(node, list) and item < len(node) and isinstance(node[item], dict) else None
            parts[-1] = f"{parts[-1]}[{item}]" + (f" (id: {ident})" if ident else "")
        else:
            parts.append(str(item))
        try:
            node = node[item]
        except (KeyError, IndexError, TypeError):
            node = None
    return ".".join(parts) or "(top level)"


def parse_catalogue(data: Mapping[str, Any], source: str = "catalogue") -> Catalogue:
    """Validate a catalogue mapping; :class:`CatalogueError` lists every problem and where."""
    if not isinstance(data, Mapping):
        raise CatalogueError(f"{source}: expected a mapping with `themes` and `indicators`, got {type(data).__name__}")
    try:
        return Catalogue.model_validate(dict(data))
    except ValidationError as exc:
        lines = [f"{source}: {exc.error_count()} problem(s) in the indicator catalogue:"]
        for err in exc.errors():
            lines.append(f"  - {_where(tuple(err['loc']), data)}: {err['msg']}")
        raise CatalogueError("\n".join(lines)) from None


USER_DEFAULTS: dict[str, Any] = {
    "level": "mahalle", "synthetic": False, "in_index": False, "by_sex": True,
    "scheme": "quantiles", "k": 5,
}
"""What a user indicator entry may leave out."""


def parse_user_entry(
    entry: Mapping[str, Any], builtin: Catalogue, source: str = "indicator entry"
) -> tuple[Indicator, Theme | None]:
    """Validate one user-defined indicator by the catalogue's own rules.

    A user entry is a catalogue entry (see docs/architecture.md) with defaults for level
    (mahalle), synthetic (false: users bring real data), in_index (false), by_sex (true)
    and classification; its theme is an existing one or a new one given with
    ``theme_label: {tr, en}`` (and optionally ``theme_description``). It may not use the
    id of a built-in indicator. Returns the indicator and the new theme (or None).
    """
    if not isinstance(entry, Mapping):
        raise CatalogueError(f"{source}: expected a mapping with the fields of one indicator")
    data = {**USER_DEFAULTS, **{k: v for k, v in entry.items() if k not in ("theme_label", "theme_description")}}
    ident = data.get("id")
    if ident in builtin:
        raise CatalogueError(
            f"{source}: '{ident}' yerleşik bir göstergenin kodu; başka bir kod seçin "
            f"('{ident}' is the id of a built-in indicator; choose another id)"
        )
    if data.get("synthetic"):
        raise CatalogueError(f"{source}: a user indicator carries real data; set synthetic: false")
    theme: Theme | None = None
    theme_id = data.get("theme")
    if theme_id not in builtin.themes:
        label = entry.get("theme_label")
        if not label:
            raise CatalogueError(
                f"{source}: theme {theme_id!r} is new; give theme_label: {{tr, en}} "
                f"(known themes: {', '.join(sorted(builtin.themes))})"
            )
        try:
            theme = Theme.model_validate({"label": label, "description": entry.get("theme_description") or label})
        except ValidationError as exc:
            raise CatalogueError(f"{source}: theme_label: {exc.errors()[0]['msg']}") from None
    try:
        indicator = Indicator.model_validate(data)
    except ValidationError as exc:
        lines = [f"{source}: {exc.error_count()} problem(s) in the indicator entry:"]
        for err in exc.errors():
            lines.append(f"  - {_where(tuple(err['loc']), data)}: {err['msg']}")
        raise CatalogueError("\n".join(lines)) from None
    return indicator, theme


def merge_user_indicators(
    builtin: Catalogue, entries: Sequence[tuple[Mapping[str, Any], str]]
) -> Catalogue:
    """The built-in catalogue plus users' active indicators ``(entry, defined_by)``.

    Each entry is validated by :func:`parse_user_entry`; the built-in catalogue is never
    changed (a user entry cannot shadow a built-in id), and user ids must be unique.
    """
    indicators = list(builtin.indicators)
    themes = dict(builtin.themes)
    for entry, who in entries:
        indicator, theme = parse_user_entry(entry, builtin, source=f"user indicator {entry.get('id')!r}")
        if theme is not None and indicator.theme not in themes:
            themes[indicator.theme] = theme
        indicators.append(indicator.model_copy(update={"defined_by": who}))
    return Catalogue.model_validate({"themes": themes, "indicators": indicators})
