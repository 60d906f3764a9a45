"""The needs-analysis workbook: a template to answer offline, and reading it back.

Sheet 1 (``sorular``) has one row per question: ``kod``, ``tema``, ``soru``, ``yanıt``
(to fill in) and ``seçenekler`` (the allowed answers separated by `` | ``, from the
weakest to the strongest position; empty only for free-text questions). The answer
cells offer the options as a drop-down. Sheet 2 (``nasıl doldurulur``) explains how to
fill it in. Reading is bounded (rows and size) and every problem is reported with its
row, in Turkish and English, through the project's problems table.
"""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass

import pandas as pd
from openpyxl import Workbook, load_workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.worksheet.datavalidation import DataValidation

from gendermap.monitor.assessment.questions import Questionnaire
from gendermap.monitor.assessment.scoring import AnswerError, option_index
from gendermap.problems import Problem, empty_problems, problems_frame
from gendermap.tabular import neutralise

SHEET = "sorular"
HELP_SHEET = "nasıl doldurulur"
COLUMNS = ["kod", "tema", "soru", "yanıt", "seçenekler"]
SEPARATOR = " | "
MAX_BYTES = 5 * 1024 * 1024
MAX_UNPACKED = 50 * 1024 * 1024
MAX_ROWS = 1000

HELP_TR = [
    "Bu çalışma kitabı belediyenizin toplumsal cinsiyet eşitliği ihtiyaç analizidir.",
    "1. 'sorular' sayfasında her satır bir sorudur. Yalnızca 'yanıt' sütununu doldurun.",
    "2. Yanıt, 'seçenekler' sütunundaki seçeneklerden biri olmalıdır (hücredeki açılır "
    "listeden seçebilirsiniz). Seçenekler en zayıf durumdan en güçlü duruma doğru sıralıdır.",
    "3. Bilmediğiniz soruyu boş bırakın: boş yanıt puanı düşürmez, 'yanıtlanmadı' olarak raporlanır.",
    "4. Seçeneği olmayan sorular serbest metindir; istediğinizi yazın.",
    "5. Satır ve sütunları silmeyin, kodları değiştirmeyin.",
    "Puan: her yanıt seçeneğin sırasına göre 0 (en zayıf) ile 100 (en güçlü) arasında puan alır; "
    "tema puanı yanıtlanan soruların ortalamasıdır.",
]
HELP_EN = [
    "This workbook is your municipality's gender-equality needs analysis.",
    "1. Each row of the 'sorular' sheet is one question. Fill in the 'yanıt' (answer) column only.",
    "2. The answer must be one of the options in 'seçenekler' (options), Turkish or English; "
    "the cell offers them as a drop-down. Options run from the weakest to the strongest position.",
    "3. Leave a question empty if you do not know: it does not lower the score and is reported "
    "as unanswered.",
    "4. Questions without options are free text.",
    "5. Do not delete rows or columns, do not change the codes.",
]


def template(questionnaire: Questionnaire, answers: dict[str, str | None] | None = None) -> bytes:
    """The workbook's bytes, with ``answers`` filled in when given."""
    answers = answers or {}
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = SHEET
    sheet.append(COLUMNS)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
        cell.fill = PatternFill("solid", fgColor="E8DDF0")
    for i, q in enumerate(questionnaire.questions, start=2):
        options = SEPARATOR.join(q.labels("tr")) if q.scored else ""
        row = [q.code, questionnaire.theme_label(q.theme, "tr"), q.text("tr"),
               answers.get(q.code) or None, options]
        sheet.append([neutralise(v) for v in row])
        if q.scored:
            formula = '"' + ",".join(o.replace('"', "'") for o in q.labels("tr")) + '"'
            if len(formula) <= 255 and "," not in "".join(q.labels("tr")):
                check = DataValidation(type="list", formula1=formula, allow_blank=True)
                check.error = "Lütfen seçeneklerden birini seçin."
                sheet.add_data_validation(check)
                check.add(f"D{i}")
        for cell in sheet[i]:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    for letter, width in zip("ABCDE", (8, 24, 60, 32, 60), strict=True):
        sheet.column_dimensions[letter].width = width
    sheet.freeze_panes = "A2"
    help_sheet = book.create_sheet(HELP_SHEET)
    help_sheet.append(["Nasıl doldurulur", "How to fill it in"])
    help_sheet.append([f"Anket sürümü: {questionnaire.version}", f"Questionnaire version: {questionnaire.version}"])
    for tr, en in zip(HELP_TR, HELP_EN + [""] * (len(HELP_TR) - len(HELP_EN)), strict=True):
        help_sheet.append([tr, en])
    help_sheet.column_dimensions["A"].width = 90
    help_sheet.column_dimensions["B"].width = 90
    for row in help_sheet.iter_rows():
        for cell in row:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


@dataclass(frozen=True)
class ReadResult:
    answers: dict[str, str | None]
    problems: pd.DataFrame

    @property
    def ok(self) -> bool:
        return not (self.problems["severity"] == "error").any() if len(self.problems) else True


def read(questionnaire: Questionnaire, data: bytes, filename: str) -> ReadResult:
    """Answers from a filled-in workbook, and every problem with its row."""
    problems: list[Problem] = []

    def problem(row: int, column: str, tr: str, en: str, code: str) -> None:
        problems.append(Problem(filename, row, column, tr, en, "error", code))

    if len(data) > MAX_BYTES:
        problem(0, "", f"dosya {MAX_BYTES // 1024 // 1024} MB'tan büyük",
                f"the file is larger than {MAX_BYTES // 1024 // 1024} MB", "too_large")
        return ReadResult({}, problems_frame(problems))
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            unpacked = sum(info.file_size for info in archive.infolist())
        if unpacked > MAX_UNPACKED:
            raise ValueError("unpacked too large")
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception:  # noqa: BLE001 - any unreadable workbook gets the same plain message
        problem(0, "", "dosya bir Excel çalışma kitabı (.xlsx) olarak okunamadı",
                "the file could not be read as an Excel workbook (.xlsx)", "not_xlsx")
        return ReadResult({}, problems_frame(problems))
    sheet = book[SHEET] if SHEET in book.sheetnames else book.worksheets[0]
    rows = sheet.iter_rows(values_only=True, max_row=MAX_ROWS + 1)
    header = [str(v).strip().lower() if v is not None else "" for v in next(rows, ())]
    missing = [c for c in ("kod", "yanıt") if c not in header]
    if missing:
        problem(1, ", ".join(missing), "başlık satırında şu sütunlar yok: " + ", ".join(missing),
                "the header row lacks: " + ", ".join(missing), "missing_column")
        book.close()
        return ReadResult({}, problems_frame(problems))
    at_code, at_answer = header.index("kod"), header.index("yanıt")
    answers: dict[str, str | None] = {}
    known = set(questionnaire.codes)
    for number, values in enumerate(rows, start=2):
        if number > MAX_ROWS + 1:
            problem(number, "", f"en fazla {MAX_ROWS} satır okunur", f"at most {MAX_ROWS} rows are read",
                    "too_many_rows")
            break
        cells = list(values) + [None] * (max(at_code, at_answer) + 1 - len(values))
        code = str(cells[at_code]).strip() if cells[at_code] is not None else ""
        raw = cells[at_answer]
        answer = str(raw).strip() if raw is not None else ""
        if not code and not answer:
            continue
        if code not in known:
            problem(number, "kod", f"'{code}' kodlu soru yok", f"no question has the code '{code}'",
                    "unknown_question")
            continue
        if code in answers:
            problem(number, "kod", f"'{code}' sorusu iki kez var", f"question '{code}' appears twice",
                    "duplicate_question")
            continue
        question = questionnaire.question(code)
        if answer and question.scored:
            try:
                option_index(question, answer)
            except AnswerError:
                problem(number, "yanıt",
                        f"'{answer}' seçeneklerden biri değil; seçenekler: " + SEPARATOR.join(question.labels("tr")),
                        f"'{answer}' is not one of the options: " + SEPARATOR.join(question.labels("en")),
                        "bad_answer")
                continue
        answers[code] = answer or None
    book.close()
    return ReadResult(answers, problems_frame(problems) if problems else empty_problems())
