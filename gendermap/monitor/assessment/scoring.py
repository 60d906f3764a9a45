"""Scores, strengths, gaps and training needs of one needs-analysis round (pure).

A scored answer is worth its option's position on a 0–100 scale (weakest 0, strongest
100). A theme's score is the mean over its *answered* scored questions, shown with how
many were answered, so an unanswered question neither helps nor hurts — but only once at
least half of the theme's questions are answered (:data:`MIN_SHARE`): two answers out of
six say too little to score a theme. The overall score is the mean of the theme scores,
given only when every theme has one. A *strength* is an answer at the strongest option; a
*gap* is an answer in the weaker half (score below 50), and its training topic is what
the analysis points to. Answers are matched to options in Turkish or English, ignoring
case the Turkish way (İ/i, I/ı).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass

import pandas as pd

from gendermap.monitor.assessment.questions import Question, Questionnaire
from gendermap.names import fold

GAP_BELOW = 50.0
MIN_SHARE = 0.5
"""Share of a theme's scored questions that must be answered before the theme gets a score."""


class AnswerError(ValueError):
    """An answer that is none of the question's options."""


def option_index(question: Question, answer: str) -> int:
    """Position of ``answer`` among the options (Turkish or English label)."""
    wanted = fold(answer)
    for i, option in enumerate(question.options):
        if wanted in (fold(option.tr), fold(option.en)):
            return i
    raise AnswerError(
        f"'{answer}' bu sorunun seçeneklerinden biri değil; seçenekler: "
        + " | ".join(question.labels("tr"))
    )


@dataclass(frozen=True)
class Assessment:
    """The scored result of one round for one municipality."""

    questions: pd.DataFrame
    """code, theme, answer, option, score (NaN when unscored or unanswered)."""
    themes: pd.DataFrame
    """theme, label, score, answered, total (questionnaire order)."""
    overall: float | None
    strengths: list[str]
    gaps: list[str]
    gap_codes: list[str]
    trainings: list[str]
    unanswered: list[str]


def score(questionnaire: Questionnaire, answers: Mapping[str, str | None], lang: str = "tr") -> Assessment:
    """Score ``answers`` (question code -> answer text; missing/empty = unanswered)."""
    rows: list[dict[str, object]] = []
    chosen_index: list[int | None] = []
    for q in questionnaire.questions:
        text = (answers.get(q.code) or "").strip()
        index = option_index(q, text) if (q.scored and text) else None
        chosen_index.append(index)
        rows.append({
            "code": q.code, "theme": q.theme, "answer": text or None,
            "option": index, "score": q.score_of(index) if index is not None else float("nan"),
        })
    frame = pd.DataFrame(rows)
    themes = []
    for tid, _, _ in questionnaire.themes:
        mine = [q for q in questionnaire.questions if q.theme == tid and q.scored]
        scores = frame.loc[frame["theme"] == tid, "score"].dropna()
        enough = len(scores) > 0 and len(scores) >= MIN_SHARE * len(mine)
        themes.append({
            "theme": tid, "label": questionnaire.theme_label(tid, lang),
            "score": float(scores.mean()) if enough else float("nan"),
            "answered": int(len(scores)), "total": len(mine),
        })
    theme_frame = pd.DataFrame(themes)
    valid = theme_frame["score"].dropna()
    complete = len(valid) == len(theme_frame)
    strengths, gaps, gap_codes, unanswered = [], [], [], []
    topics: Counter[str] = Counter()
    for q, index in zip(questionnaire.questions, chosen_index, strict=True):
        if not q.scored:
            continue
        if index is None:
            unanswered.append(q.short(lang))
            continue
        chosen, best = q.options[index].label(lang), q.options[-1].label(lang)
        points = q.score_of(index)
        if points >= 100:
            strengths.append(f"{q.short(lang)}: “{chosen}”.")
        elif points < GAP_BELOW:
            gap_codes.append(q.code)
            gaps.append(_gap_sentence(q.short(lang), chosen, best, lang))
            if q.training:
                topics[q.training] += 1
    trainings = [questionnaire.training_label(k, lang) for k, _ in topics.most_common()]
    return Assessment(
        questions=frame, themes=theme_frame,
        overall=float(valid.mean()) if complete and len(valid) else None,
        strengths=strengths, gaps=gaps, gap_codes=gap_codes, trainings=trainings,
        unanswered=unanswered,
    )


def _gap_sentence(short: str, chosen: str, best: str, lang: str) -> str:
    if lang == "en":
        return f"{short}: now “{chosen}”; the strongest position is “{best}”."
    return f"{short}: şu an “{chosen}”; en güçlü durum “{best}”."


def change(previous: Assessment, current: Assessment) -> pd.DataFrame:
    """Theme scores of two rounds side by side with the difference (current − previous)."""
    out = current.themes[["theme", "label", "score"]].merge(
        previous.themes[["theme", "score"]], on="theme", suffixes=("", "_previous"))
    out["difference"] = out["score"] - out["score_previous"]
    return out
