"""Municipal needs analysis (self-assessment) from a gender-equality perspective.

- :mod:`.questions` — the questionnaire as versioned data (``data/assessment/questionnaire.yaml``).
- :mod:`.scoring` — pure: answers -> theme scores, strengths, gaps, training topics.
- :mod:`.service` — versioned answers in the monitoring database, roles checked per call.
- :mod:`.workbook` — the offline workbook (template and reading it back).
- :mod:`.feed` — a gap becomes a monitored indicator and a target in one step.
- :mod:`.pdf` — the Turkish (or English) PDF report.
"""

from __future__ import annotations

from gendermap.monitor.assessment.questions import Question, Questionnaire, load
from gendermap.monitor.assessment.scoring import Assessment, score
from gendermap.monitor.assessment.service import AssessmentService, SaveResult

__all__ = ["Assessment", "AssessmentService", "Question", "Questionnaire", "SaveResult", "load", "score"]
