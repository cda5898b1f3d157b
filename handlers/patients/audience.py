"""Broadcast audience `ward`: the WeChat accounts of everyone in a ward now
("今晚 8 点心内科一病区停水"), found through the HIS's inpatients and the cards bound
here. Implements `push.broadcast.Audience`; the composition root registers it (push
never imports handlers). Params: `ward` (the HIS's ward name)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from handlers.his.adapter import HIS
from handlers.patients.repo import PatientRepo
from push.broadcast import AudienceError


class WardAudience:
    def __init__(self, his: HIS, patients: PatientRepo) -> None:
        self.his, self.patients = his, patients

    async def _openids(self, params: Mapping[str, Any]) -> list[str]:
        ward = params.get("ward")
        if not isinstance(ward, str) or not ward or set(params) != {"ward"}:
            raise AudienceError("audience ward: params need `ward`, the HIS ward name")
        cards = [stay.card_no for stay in await self.his.inpatients(ward)]
        return sorted({d["openid"] for d in await self.patients.by_cards(cards)})

    async def page(self, params: Mapping[str, Any], after: str, limit: int) -> list[str]:
        # A ward holds tens of patients: the whole list each page costs two reads.
        return [o for o in await self._openids(params) if o > after][:limit]

    async def count(self, params: Mapping[str, Any]) -> int:
        return len(await self._openids(params))
