"""A gap in the needs analysis becomes a monitored indicator (and a target) in one step.

Each question names the monitoring indicator it corresponds to: an existing one (for
example ``managers_women``) or a new definition in the questionnaire. Defining a new
indicator is an admin's decision (the store checks it); setting a target for one's own
municipality is an editor's.
"""

from __future__ import annotations

from gendermap.monitor.assessment.questions import Question
from gendermap.monitor.auth import Actor
from gendermap.monitor.errors import InvalidInput
from gendermap.monitor.store import IndicatorSpec, MonitorStore


def indicator_spec(question: Question) -> IndicatorSpec | None:
    """The monitoring definition a question proposes (None when it names an existing one)."""
    if question.new_indicator is None:
        return None
    d = question.new_indicator
    return IndicatorSpec(
        code=d["code"], label_tr=d["label_tr"], label_en=d["label_en"], unit=d["unit"],
        direction=d["direction"], by_sex=bool(d["by_sex"]), frequency=d["frequency"],
        description_tr=f"İhtiyaç analizinden ({question.code}): {question.text_tr}",
        description_en=f"From the needs analysis ({question.code}): {question.text_en}",
        charter_article=question.charter,
    )


def to_monitoring(
    store: MonitorStore,
    actor: Actor,
    municipality: str,
    question: Question,
    target: float | None = None,
    due_period: str | None = None,
) -> str:
    """Make sure the question's indicator is monitored; set a target when one is given.

    Returns the indicator code. Raises :class:`InvalidInput` when the question has no
    indicator, :class:`~gendermap.monitor.errors.PermissionDenied` when the actor may not
    define the indicator or set the target.
    """
    if question.indicator is None:
        raise InvalidInput([("question", f"{question.code} sorusunun izlenecek bir göstergesi yok")])
    code = question.indicator
    known = set(store.indicators(include_retired=True)["code"])
    if code not in known:
        spec = indicator_spec(question)
        if spec is None:
            raise InvalidInput([("indicator", f"'{code}' göstergesi izlemede tanımlı değil")])
        store.define_indicator(actor, spec, expected_version=0)
    if target is not None:
        if not due_period:
            raise InvalidInput([("due_period", "hedef için bir dönem gerekli; örnek: 2027")])
        targets = store.targets(actor, municipality, include_drafts=True)
        mine = targets[targets["indicator_code"] == code] if len(targets) else targets
        version = int(mine["version"].max()) if len(mine) else 0
        store.set_target(actor, municipality, code, target, due_period, expected_version=version,
                         note=f"İhtiyaç analizi {question.code}")
    return code
