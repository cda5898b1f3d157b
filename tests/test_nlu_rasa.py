"""The external-Rasa seam: Rasa's intents when it answers, ours when it does not."""

from __future__ import annotations

import pytest

from bot.nlu import NLU
from bot.rasa_client import RasaClient
from bot.sandbox.rasa import FAKE_RASA, create_fake_rasa

pytestmark = pytest.mark.asyncio


# Answers must never hit the timeout on a busy machine: only the "slow" server (which
# never answers in time: it sleeps far past SHORT) is given the short timeout, so an
# error or garbage answer is handled as such, not as a timeout. No assertion is about time.
ANSWERING = 30.0
SHORT = 0.3


async def _client(aiohttp_server, wait: float = ANSWERING, **kwargs) -> tuple[RasaClient, dict]:
    app = create_fake_rasa({"我想问问医保": "insurance_question", "你好": "greet"}, **kwargs)
    server = await aiohttp_server(app)
    return RasaClient(str(server.make_url("/")), timeout=wait), app[FAKE_RASA]


async def test_rasa_intent_is_used(aiohttp_server) -> None:
    rasa, state = await _client(aiohttp_server)
    result = await NLU(rasa).parse("我想问问医保")
    assert result["intent"]["name"] == "insurance_question"
    assert state["calls"] == 1
    assert "triage" in result  # our triage block is always present
    await rasa.close()


@pytest.mark.parametrize("mode", ["error", "garbage", "slow"])
async def test_rasa_failure_falls_back_to_local_model(aiohttp_server, mode: str) -> None:
    wait = SHORT if mode == "slow" else ANSWERING
    rasa, state = await _client(aiohttp_server, wait, mode=mode, delay=5.0)
    local = await NLU(None).parse("你好")
    result = await NLU(rasa).parse("你好")
    assert state["calls"] == 1
    assert result["intent"] == local["intent"]
    await rasa.close()


async def test_rasa_down_falls_back(unused_tcp_port: int) -> None:
    rasa = RasaClient(f"http://127.0.0.1:{unused_tcp_port}", timeout=ANSWERING)
    result = await NLU(rasa).parse("你好")
    assert result["intent"] == (await NLU(None).parse("你好"))["intent"]
    await rasa.close()


async def test_red_flags_overrule_rasa(aiohttp_server) -> None:
    text = "胸口剧痛，左边胳膊也疼，出冷汗"
    app = create_fake_rasa({text: "greet"})
    server = await aiohttp_server(app)
    rasa = RasaClient(str(server.make_url("/")), timeout=ANSWERING)
    result = await NLU(rasa).parse(text)
    assert result["triage"]["emergency"] is True
    assert result["intent"]["name"] == "triage"
    await rasa.close()
