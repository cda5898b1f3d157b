"""Subscription-message consent events → `push.consent`.

WeChat reports the user's choice in the 订阅通知 popup (`subscribe_msg_popup_event`)
and later changes in the settings (`subscribe_msg_change_event`). This router records
each (template, accept|reject) pair (`bot.wechat.subscribe_events` parses them), so the
channel choice (`push.channels`) knows whom a subscription message may reach. Nothing is
answered: WeChat shows no reply to these events.
"""

from __future__ import annotations

import logging

from bot.dialogue import Context, Reply, Router
from bot.wechat.subscribe_events import subscribe_choices
from push.consent import CONSENT_EVENTS, SubscribeConsent, record_consent_event
from push.settings import PushSettings

log = logging.getLogger(__name__)

router = Router("consent")


@router.event(*CONSENT_EVENTS)
async def consent_changed(ctx: Context, consent: SubscribeConsent) -> Reply:
    long_term = PushSettings.from_settings(ctx.settings).long_term_templates
    recorded = await record_consent_event(
        consent, ctx.openid, subscribe_choices(ctx.msg), long_term=long_term, at=ctx.clock.now()
    )
    log.info("consent.recorded", extra={"event": ctx.msg.event, "choices": recorded})
    return Reply()
