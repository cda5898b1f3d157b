"""The satisfaction survey after a visit: its questions, and the answers (the sole owner
of the `surveys` collection). One answer per appointment, ever: the appointment id is
the document id, so a second submission (a double tap, the back button) stores nothing.

The survey link goes out at 19:00 on the visit day (`handlers.reminders`); the page is
`bot/h5/survey.py`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any, ClassVar

import yaml
from pymongo import ASCENDING, IndexModel
from pymongo.errors import DuplicateKeyError

from bot.storage import Repository

# Question → the answers offered (value → label), in the order shown. The wording is
# patient-facing text, kept beside the templates; the stored values never change.
QUESTIONS_FILE = Path(__file__).parent / "templates" / "survey" / "questions.yml"


def load_questions(path: Path = QUESTIONS_FILE) -> dict[str, tuple[str, Mapping[str, str]]]:
    raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    return {
        name: (str(q["question"]), {str(k): str(v) for k, v in q["options"].items()})
        for name, q in raw.items()
    }


QUESTIONS = load_questions()
COMMENT_MAX = 200


@dataclass(frozen=True)
class SurveyAnswers:
    answers: Mapping[str, str]
    comment: str = ""


class SurveyError(ValueError):
    """A form that cannot be stored: `field` names the question."""

    def __init__(self, field: str) -> None:
        super().__init__(field)
        self.field = field


def parse_answers(form: Mapping[str, Any]) -> SurveyAnswers:
    """Every question answered with one of its values; the comment optional and short."""
    answers = {}
    for name, (_, options) in QUESTIONS.items():
        value = str(form.get(name, ""))
        if value not in options:
            raise SurveyError(name)
        answers[name] = value
    comment = str(form.get("comment", "")).strip()
    if len(comment) > COMMENT_MAX:
        raise SurveyError("comment")
    return SurveyAnswers(answers, comment)


class SurveyRepo(Repository):
    collection = "surveys"
    indexes: ClassVar[list[IndexModel]] = [
        IndexModel([("department", ASCENDING), ("submitted_at", ASCENDING)], name="by_dept")
    ]

    async def submit(
        self,
        appointment_id: str,
        openid: str,
        department: str,
        doctor_id: str,
        answers: SurveyAnswers,
        now: datetime,
    ) -> bool:
        """Store the answers; False when this appointment's survey was already answered."""
        try:
            await self.col.insert_one(
                {
                    "_id": appointment_id,
                    "openid": openid,
                    "department": department,
                    "doctor_id": doctor_id,
                    "answers": dict(answers.answers),
                    "comment": answers.comment,
                    "submitted_at": now,
                }
            )
        except DuplicateKeyError:
            return False
        return True

    async def answered(self, appointment_id: str) -> bool:
        return await self.col.find_one({"_id": appointment_id}, {"_id": 1}) is not None
