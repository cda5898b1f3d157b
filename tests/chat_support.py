"""Talking to the real app the way WeChat does: signed XML to `/wechat`."""

from __future__ import annotations

import xmltodict
from aiohttp.test_utils import TestClient

from bot.services import Services
from bot.wechat.simulate import event_xml, signed_query, text_xml

# What the patient reads (config.yml's demo hospital), as literal text.
WELCOME = (
    "您好，欢迎关注示例市第一人民医院掌上医院！\n您可以直接打字告诉我：\n"
    "· 哪里不舒服，如“孩子发烧两天了”，我帮您推荐科室\n· 想挂号，如“约明天上午的眼科”\n"
    "· 查报告、缴费、排队进度\n也可以点击下方菜单：预约挂号 / 诊疗服务 / 医院信息。\n"
    "如遇胸痛、呼吸困难、大出血等紧急情况，请立即拨打 120 或前往急诊。"
)
GREETING = "您好，我是市一院智能助手。请告诉我您哪里不舒服，或者想办理什么业务（挂号、缴费、查报告、排队）。"
HOSPITAL_INFO = (
    "示例市第一人民医院\n地址：示例市健康路 1 号\n电话：0571-88888888\n"
    "时间：门诊 周一至周日 8:00-12:00，13:30-17:30；急诊 24 小时\n"
    "· 总院：示例市健康路 1 号（0571-88888888）\n· 东院区：示例市滨江大道 88 号（0571-88888899）"
)


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
