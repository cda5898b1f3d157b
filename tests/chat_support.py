"""Talking to the real app the way WeChat does: signed XML to `/wechat`."""

from __future__ import annotations

import xmltodict
from aiohttp.test_utils import TestClient

from bot.services import Services
from bot.wechat.simulate import event_xml, signed_query, text_xml


class Chat:
    """One patient's side of the conversation; each call returns the passive reply text."""

    def __init__(self, client: TestClient, services: Services, openid: str) -> None:
        self.client, self.services, self.openid = client, services, openid

    async def _post(self, xml: str) -> str:
        token = self.services.settings.wechat.token
        query = signed_query(token, self.services.clock.timestamp())  # fresh for the app's clock
        resp = await self.client.post("/wechat", params=query, data=xml)
        assert resp.status == 200
        body = await resp.text()
        assert body not in ("", "success"), "expected a passive reply within the budget"
        reply = xmltodict.parse(body)["xml"]
        assert reply["ToUserName"] == self.openid
        return str(reply["Content"])

    async def say(self, text: str) -> str:
        return await self._post(text_xml(text, openid=self.openid))

    async def click(self, key: str) -> str:
        return await self._post(event_xml("CLICK", key, openid=self.openid))

    async def state(self) -> tuple[str, dict]:
        conv = await self.services.conversations.load(self.openid)
        return conv.state, conv.slots
