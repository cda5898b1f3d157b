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
from typing import Any, ClassVar

from pymongo import ASCENDING, IndexModel
from pymongo.errors import DuplicateKeyError

from bot.storage import Repository

# Question → the answers offered (value → label), in the order shown.
RATINGS = {"5": "非常满意", "4": "满意", "3": "一般", "2": "不满意", "1": "很不满意"}
QUESTIONS: dict[str, tuple[str, Mapping[str, str]]] = {
    "overall": ("这次就诊，您总体满意吗？", RATINGS),
    "doctor": ("医生讲得清楚吗？", {"yes": "清楚", "partly": "部分清楚", "no": "不清楚"}),
    "wait": ("候诊时间怎么样？", {"short": "不长", "ok": "还可以", "long": "太长"}),
}
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
