"""The needs-analysis report of one municipality and round (Turkish first), as PDF.

Built with the project's report primitives (embedded DejaVu fonts, every answer escaped):
the score of each theme with how many questions were answered, a bar chart, the change
since the previous round, strengths, gaps in plain sentences, the training topics the
gaps point to, unanswered questions and the free-text answers.
"""

from __future__ import annotations

import io
from datetime import date

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import pandas as pd  # noqa: E402

from gendermap.monitor.assessment.questions import Questionnaire  # noqa: E402
from gendermap.monitor.assessment.scoring import Assessment, change  # noqa: E402
from gendermap.numbers import format_date, format_int, format_signed  # noqa: E402
from gendermap.report import pdf as rp  # noqa: E402

TEXT = {
    "tr": {"round": "Dönem", "made": "Hazırlanma tarihi", "overall": "Genel puan (100 üzerinden)",
           "themes": "Temalara göre puanlar", "theme": "Tema", "score": "Puan", "answered": "Yanıtlanan",
           "change": "Önceki döneme göre değişim", "previous": "Önceki", "diff": "Fark",
           "strengths": "Güçlü yönler", "gaps": "Gelişmeye açık alanlar",
           "trainings": "Önerilen eğitim konuları", "unanswered": "Yanıtlanmayan sorular",
           "free": "Serbest metin yanıtları", "none": "Yok.",
           "method": "Her yanıt, seçeneğin en zayıftan en güçlüye sırasına göre 0 ile 100 arasında "
           "puan alır; tema puanı yanıtlanan soruların ortalaması, genel puan tema puanlarının "
           "ortalamasıdır. Yanıtlanmayan sorular puanı düşürmez, ayrıca listelenir; sorularının "
           "yarısından azı yanıtlanan tema puanlanmaz, genel puan da her tema puanlanınca verilir. Güçlü yön: en "
           "güçlü seçenek; gelişmeye açık alan: 50'nin altında puan. Sorular Avrupa Yerel Yaşamda "
           "Kadın Erkek Eşitliği Şartı'nın maddelerine dayanır.",
           "article": "Şart maddesi", "page": "Sayfa {page}",
           "incomplete": "— (her temada soruların en az yarısı yanıtlanınca verilir)", "no_answers": "Bu dönem için yanıt yok."},
    "en": {"round": "Round", "made": "Prepared on", "overall": "Overall score (out of 100)",
           "themes": "Scores by theme", "theme": "Theme", "score": "Score", "answered": "Answered",
           "change": "Change since the previous round", "previous": "Previous", "diff": "Difference",
           "strengths": "Strengths", "gaps": "Areas to improve",
           "trainings": "Suggested training topics", "unanswered": "Unanswered questions",
           "free": "Free-text answers", "none": "None.",
           "method": "Each answer scores 0 to 100 by the position of its option from the weakest to "
           "the strongest; a theme's score is the mean of its answered questions and the overall "
           "score the mean of the themes. Unanswered questions do not lower the score and are "
           "listed apart; a theme with fewer than half of its questions answered gets no score, "
           "and the overall score needs every theme scored. Strength: the strongest option; area to improve: a score below 50. The "
           "questions draw on the European Charter for Equality of Women and Men in Local Life.",
           "article": "Charter article", "page": "Page {page}",
           "incomplete": "— (given once at least half of every theme's questions are answered)", "no_answers": "No answers for this round."},
}


def _chart(themes: pd.DataFrame) -> bytes:
    fig, ax = plt.subplots(figsize=(7.0, 0.45 * len(themes) + 0.8))
    scores = themes["score"].fillna(0).to_numpy()
    ax.barh(range(len(themes)), scores, color="#6a3d9a")
    ax.set_yticks(range(len(themes)), themes["label"].tolist(), fontsize=8)
    ax.invert_yaxis()
    ax.set_xlim(0, 100)
    ax.tick_params(axis="x", labelsize=7)
    for i, value in enumerate(scores):
        ax.text(float(value) + 1, i, format_int(themes["score"].iloc[i]), va="center", fontsize=7)
    ax.spines[["top", "right"]].set_visible(False)
    fig.tight_layout()
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=160)
    plt.close(fig)
    return buffer.getvalue()


def _bullets(items: list[str], empty: str) -> list[object]:
    return [rp.para("• " + item) for item in items] if items else [rp.para(empty)]


def report_pdf(
    questionnaire: Questionnaire,
    result: Assessment,
    municipality_name: str,
    round_: str,
    lang: str = "tr",
    previous: Assessment | None = None,
    free_text: dict[str, str] | None = None,
    made_on: date | None = None,
) -> bytes:
    """The report's PDF bytes."""
    t = TEXT[lang]
    made_on = made_on or date.today()
    themes = result.themes
    story: list[object] = [
        rp.para(municipality_name, "title"),
        rp.para(questionnaire.title(lang), "subtitle"),
        rp.para(f"{t['round']}: {round_} · {t['made']}: {format_date(made_on, lang)}", "small"),
        rp.spacer(3),
    ]
    if result.questions["answer"].isna().all():
        story.append(rp.note_box(t["no_answers"]))
    overall = format_int(result.overall, lang) if result.overall is not None else t["incomplete"]
    story += [rp.kv_table([(t["overall"], overall)]), rp.spacer(3), rp.para(t["themes"], "h1")]
    rows = [[r.label, format_int(r.score, lang), f"{r.answered} / {r.total}"]
            for r in themes.itertuples()]
    story += [rp.table([t["theme"], t["score"], t["answered"]], rows, numeric=[1, 2]),
              rp.spacer(2), rp.image(_chart(themes))]
    if previous is not None:
        diff = change(previous, result)
        rows = [[r.label, format_int(r.score_previous, lang), format_int(r.score, lang),
                 format_signed(r.difference, lang, 0)] for r in diff.itertuples()]
        story += [rp.para(t["change"], "h1"),
                  rp.table([t["theme"], t["previous"], t["score"], t["diff"]], rows, numeric=[1, 2, 3])]
    story += [rp.para(t["strengths"], "h1"), *_bullets(result.strengths, t["none"])]
    story += [rp.para(t["gaps"], "h1"), *_bullets(result.gaps, t["none"])]
    story += [rp.para(t["trainings"], "h1"), *_bullets(result.trainings, t["none"])]
    story += [rp.para(t["unanswered"], "h1"), *_bullets(result.unanswered, t["none"])]
    if free_text:
        story.append(rp.para(t["free"], "h1"))
        for code, answer in free_text.items():
            story += [rp.para(questionnaire.question(code).text(lang), "small"), rp.para(answer)]
    story += [rp.spacer(3), rp.para(t["method"], "small")]
    return rp.build_pdf(story, title=f"{municipality_name} — {questionnaire.title(lang)}",
                        page_label=t["page"], made_on=made_on)
