"""The needs-analysis questionnaire: questions as data, validated on load.

Why data and not code: the wording, the answer options and the themes are decided with
the municipalities and change between rounds. ``data/assessment/questionnaire.yaml``
holds them with a ``version``; every answer is stored with the version it answered.
Options run from the weakest to the strongest position, so an answer's score is its
position scaled to 0–100 (:meth:`Question.score_of`).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from gendermap.config import ROOT
from gendermap.monitor.models import UNITS

QUESTIONNAIRE_PATH = ROOT / "data" / "assessment" / "questionnaire.yaml"
CHARTER_ARTICLES = range(1, 31)
"""Articles of Part III of the European Charter for Equality of Women and Men in Local Life."""


class Text2(BaseModel):
    model_config = ConfigDict(extra="forbid")
    tr: str = Field(min_length=1)
    en: str = Field(min_length=1)


class IndicatorDef(BaseModel):
    """A new monitoring indicator a question can become."""

    model_config = ConfigDict(extra="forbid")
    code: str = Field(pattern=r"^[a-z][a-z0-9_]{1,63}$")
    label_tr: str
    label_en: str
    unit: str
    by_sex: bool
    frequency: Literal["annual", "quarterly", "monthly"] = "annual"
    direction: Literal["higher_is_better", "lower_is_better"] = "higher_is_better"

    @field_validator("unit")
    @classmethod
    def _unit(cls, value: str) -> str:
        if value not in UNITS:
            raise ValueError(f"unit must be one of {', '.join(UNITS)}")
        return value


class QuestionDef(BaseModel):
    model_config = ConfigDict(extra="forbid")
    code: str = Field(pattern=r"^[A-Z][A-Z0-9]{1,15}$")
    theme: str
    tr: str
    en: str
    short: Text2
    type: Literal["choice", "text"] = "choice"
    scale: str | None = None
    options: list[Text2] | None = None
    charter: int | None = None
    training: str | None = None
    indicator: str | IndicatorDef | None = None

    @model_validator(mode="after")
    def _shape(self) -> QuestionDef:
        if self.type == "text" and (self.scale or self.options):
            raise ValueError(f"{self.code}: a free-text question has no options")
        if self.type == "choice" and bool(self.scale) == bool(self.options):
            raise ValueError(f"{self.code}: give either 'scale' or 'options'")
        if self.charter is not None and self.charter not in CHARTER_ARTICLES:
            raise ValueError(f"{self.code}: charter article {self.charter} is not 1–30")
        return self


class QuestionnaireDef(BaseModel):
    model_config = ConfigDict(extra="forbid")
    version: str
    title: Text2
    scales: dict[str, list[Text2]]
    themes: list[dict[str, str]]
    trainings: dict[str, Text2]
    questions: list[QuestionDef]


@dataclass(frozen=True)
class Option:
    tr: str
    en: str

    def label(self, lang: str) -> str:
        return self.en if lang == "en" else self.tr


@dataclass(frozen=True)
class Question:
    code: str
    theme: str
    text_tr: str
    text_en: str
    short_tr: str
    short_en: str
    kind: str
    options: tuple[Option, ...]
    charter: int | None
    training: str | None
    indicator: str | None
    """Monitoring indicator code this question can become (existing or ``new_indicator``)."""
    new_indicator: dict[str, Any] | None

    @property
    def scored(self) -> bool:
        return self.kind == "choice"

    def text(self, lang: str) -> str:
        return self.text_en if lang == "en" else self.text_tr

    def short(self, lang: str) -> str:
        return self.short_en if lang == "en" else self.short_tr

    def labels(self, lang: str) -> list[str]:
        return [o.label(lang) for o in self.options]

    def score_of(self, index: int) -> float:
        """0 for the weakest option, 100 for the strongest, evenly between."""
        return 100.0 * index / (len(self.options) - 1)


@dataclass(frozen=True)
class Questionnaire:
    version: str
    title_tr: str
    title_en: str
    themes: tuple[tuple[str, str, str], ...]
    """(id, Turkish label, English label), in order."""
    questions: tuple[Question, ...]
    trainings: dict[str, tuple[str, str]]

    def title(self, lang: str) -> str:
        return self.title_en if lang == "en" else self.title_tr

    def theme_label(self, theme: str, lang: str) -> str:
        for tid, tr, en in self.themes:
            if tid == theme:
                return en if lang == "en" else tr
        raise KeyError(theme)

    def question(self, code: str) -> Question:
        for q in self.questions:
            if q.code == code:
                return q
        raise KeyError(code)

    @property
    def codes(self) -> list[str]:
        return [q.code for q in self.questions]

    def training_label(self, key: str, lang: str) -> str:
        tr, en = self.trainings[key]
        return en if lang == "en" else tr


class QuestionnaireError(ValueError):
    """The questionnaire file breaks a rule; the message lists every problem."""


def parse(raw: dict[str, Any], source: str = "questionnaire") -> Questionnaire:
    """Validate a questionnaire mapping and return it in its usable shape."""
    try:
        spec = QuestionnaireDef.model_validate(raw)
    except ValidationError as exc:
        lines = [f"{'.'.join(str(p) for p in e['loc'])}: {e['msg']}" for e in exc.errors()]
        raise QuestionnaireError(f"{source}: " + "; ".join(lines)) from exc
    problems: list[str] = []
    theme_ids = [t.get("id", "") for t in spec.themes]
    for t in spec.themes:
        if not {"id", "tr", "en"} <= set(t):
            problems.append(f"theme {t}: needs id, tr and en")
    seen: set[str] = set()
    questions: list[Question] = []
    for q in spec.questions:
        if q.code in seen:
            problems.append(f"{q.code}: code used twice")
        seen.add(q.code)
        if q.theme not in theme_ids:
            problems.append(f"{q.code}: unknown theme '{q.theme}'")
        if q.training is not None and q.training not in spec.trainings:
            problems.append(f"{q.code}: unknown training topic '{q.training}'")
        options = q.options or (spec.scales.get(q.scale, []) if q.scale else [])
        if q.scale and q.scale not in spec.scales:
            problems.append(f"{q.code}: unknown scale '{q.scale}'")
        if q.type == "choice" and len(options) < 2 and (q.options or q.scale in spec.scales):
            problems.append(f"{q.code}: a scored question needs at least two options")
        new = q.indicator.model_dump() if isinstance(q.indicator, IndicatorDef) else None
        code = q.indicator.code if isinstance(q.indicator, IndicatorDef) else q.indicator
        questions.append(Question(
            code=q.code, theme=q.theme, text_tr=q.tr, text_en=q.en, short_tr=q.short.tr,
            short_en=q.short.en, kind=q.type, options=tuple(Option(o.tr, o.en) for o in options),
            charter=q.charter, training=q.training, indicator=code, new_indicator=new,
        ))
    if problems:
        raise QuestionnaireError(f"{source}: " + "; ".join(problems))
    return Questionnaire(
        version=spec.version, title_tr=spec.title.tr, title_en=spec.title.en,
        themes=tuple((t["id"], t["tr"], t["en"]) for t in spec.themes),
        questions=tuple(questions),
        trainings={k: (v.tr, v.en) for k, v in spec.trainings.items()},
    )


@cache
def load(path: Path = QUESTIONNAIRE_PATH) -> Questionnaire:
    """The questionnaire at ``path`` (the project's own by default), validated."""
    with open(path, encoding="utf-8") as handle:
        return parse(yaml.safe_load(handle), str(path.name))
