"""`POST /nlu/parse`: Rasa's response shape plus our triage block, behind a bearer token."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from bot.app import create_app
from bot.compose import build_services
from bot.config import Settings
from bot.storage import Storage


async def _client(aiohttp_client: Any, settings: Settings, storage: Storage, token: str) -> Any:
    s = settings.with_overrides(limits=replace(settings.limits, nlu_token=token))
    return await aiohttp_client(create_app(s, services=build_services(s, storage)))


async def test_parse_returns_the_documented_shape(
    aiohttp_client: Any, settings: Settings, storage: Storage
) -> None:
    client = await _client(aiohttp_client, settings, storage, "t0ken")
    resp = await client.post(
        "/nlu/parse",
        json={"text": "宝宝两岁发烧38度5还咳嗽"},
        headers={"Authorization": "Bearer t0ken"},
    )
    assert resp.status == 200
    body = await resp.json()
    assert set(body) >= {"text", "intent", "intent_ranking", "entities", "triage"}
    assert body["intent"]["name"] == "triage"
    assert body["triage"]["departments"][0]["name"] == "儿科"
    assert {"entity", "value", "start", "end"} <= set(body["entities"][0])


async def test_token_is_required(aiohttp_client: Any, settings: Settings, storage: Storage) -> None:
    client = await _client(aiohttp_client, settings, storage, "t0ken")
    assert (await client.post("/nlu/parse", json={"text": "你好"})).status == 401
    bad = {"Authorization": "Bearer wrong"}
    assert (await client.post("/nlu/parse", json={"text": "你好"}, headers=bad)).status == 401
    good = {"Authorization": "Bearer t0ken"}
    assert (await client.post("/nlu/parse", data=b"not json", headers=good)).status == 400
    assert (await client.post("/nlu/parse", json={"txt": 1}, headers=good)).status == 400


async def test_disabled_without_a_token(
    aiohttp_client: Any, settings: Settings, storage: Storage
) -> None:
    client = await _client(aiohttp_client, settings, storage, "")
    resp = await client.post(
        "/nlu/parse", json={"text": "你好"}, headers={"Authorization": "Bearer "}
    )
    assert resp.status == 404
