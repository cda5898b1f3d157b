"""A stand-in for an external Rasa server's `POST /model/parse`, for tests and demos.

It answers in Rasa's documented response shape from a small table of phrases, and can
be told to be slow or broken so the fallback to the local model can be shown.
"""

from __future__ import annotations

import asyncio
from typing import Any

from aiohttp import web

FAKE_RASA = web.AppKey("fake_rasa", dict)


def parse_response(text: str, intent: str, confidence: float = 0.97) -> dict[str, Any]:
    return {
        "text": text,
        "intent": {"name": intent, "confidence": confidence},
        "entities": [],
        "intent_ranking": [{"name": intent, "confidence": confidence}],
        "text_tokens": [[i, i + 1] for i in range(len(text))],
    }


def create_fake_rasa(
    intents: dict[str, str], *, mode: str = "ok", delay: float = 0.0
) -> web.Application:
    """`intents` maps a phrase to an intent name; `mode` is ok | error | garbage | slow."""
    app = web.Application()
    app[FAKE_RASA] = {"intents": intents, "mode": mode, "delay": delay, "calls": 0}

    async def model_parse(request: web.Request) -> web.Response:
        state = app[FAKE_RASA]
        state["calls"] += 1
        body = await request.json()
        text = str(body.get("text", ""))
        if state["mode"] == "slow":
            await asyncio.sleep(state["delay"])  # emulates a stalled server
        if state["mode"] == "error":
            return web.json_response(
                {"version": "3.6.0", "status": "failure", "reason": "ModelNotFound", "code": 500},
                status=500,
            )
        if state["mode"] == "garbage":
            return web.Response(text="<html>bad gateway</html>", content_type="text/html")
        intent = state["intents"].get(text, "nlu_fallback")
        return web.json_response(parse_response(text, intent))

    app.router.add_post("/model/parse", model_parse)
    return app
