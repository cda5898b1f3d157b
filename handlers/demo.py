"""Demo hospital data for `hospital-bot seed-demo` / `make run`: doctors with weekly
rosters, 7 days of schedules and a few hospital cards, only on an empty database; and
bills to pay for the demo cards (a visit's prescription and exam orders, an inpatient
deposit), given again at each start while a demo card has nothing left to pay."""

from __future__ import annotations

import logging
from typing import Any

from bot.clock import Clock
from bot.pii import Keyring
from bot.storage import Storage
from handlers.his.adapter import HIS
from handlers.his.local import CardRepo, DoctorRepo, LocalHIS

log = logging.getLogger(__name__)

SPECIALTIES = {
    "cardio": ["高血压、冠心病", "心律失常、心力衰竭", "心脏介入治疗"],
    "resp": ["慢阻肺、哮喘", "肺部感染、肺结节", "睡眠呼吸暂停"],
    "gastro": ["胃炎、消化性溃疡", "肠镜与消化道早癌筛查", "肝胆胰疾病"],
    "neuro": ["脑卒中、头痛", "癫痫、帕金森病", "眩晕与睡眠障碍"],
    "endo": ["糖尿病", "甲状腺疾病", "骨质疏松、肥胖"],
    "gensurg": ["胆囊结石、疝气", "甲状腺外科", "胃肠外科微创手术"],
    "ortho": ["脊柱外科、腰椎间盘突出", "关节外科、膝关节置换", "运动损伤、创伤骨科"],
    "uro": ["泌尿系结石", "前列腺疾病", "泌尿系肿瘤"],
    "gyn": ["妇科炎症、月经失调", "子宫肌瘤、卵巢囊肿", "宫颈疾病筛查"],
    "obs": ["产前检查", "高危妊娠", "产后康复"],
    "peds": ["小儿发热、呼吸道感染", "小儿消化、营养", "儿童哮喘、过敏"],
    "eye": ["白内障、青光眼", "近视防控、小儿眼科", "眼底病、糖尿病视网膜病变"],
    "ent": ["鼻炎、鼻窦炎", "中耳炎、听力下降", "咽喉疾病、打鼾"],
    "dental": ["龋齿、根管治疗", "牙周病", "口腔修复、种植牙"],
    "derm": ["湿疹、荨麻疹", "痤疮、皮肤美容", "银屑病、白癜风"],
    "psych": ["焦虑、抑郁", "失眠", "儿童青少年心理"],
    "tcm": ["中医内科调理", "针灸推拿", "中医妇科"],
    "onco": ["肺癌、消化道肿瘤", "乳腺癌综合治疗", "肿瘤化疗与靶向治疗"],
}
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾萧田董袁潘于蒋蔡余杜叶程苏魏吕丁"
GIVEN = [
    "建国",
    "海燕",
    "志强",
    "丽华",
    "文斌",
    "晓梅",
    "国平",
    "秀英",
    "明辉",
    "静怡",
    "伟",
    "芳",
    "军",
    "敏",
    "磊",
    "娟",
    "涛",
    "婷",
    "斌",
    "霞",
    "立新",
    "慧敏",
    "宏伟",
    "雪梅",
    "振华",
    "玉兰",
    "春生",
    "佳宁",
    "子涵",
    "思远",
]
TITLES = [("主任医师", 5000), ("副主任医师", 3000), ("主治医师", 1500)]
SESSION_PATTERN = ["上午", "下午", "上午", "下午", "上午", "夜间", "上午"]
# Demo cards: (card_no, name, resident ID number). Fictional numbers with valid checksums.
DEMO_CARDS = [
    ("A0001", "张三", "110101199003077774"),
    ("A0002", "李四", "11010519491231002X"),
    ("A0003", "王小明", "110108201503070012"),
]
# Demo visits that produced bills: card -> departments (LocalHIS prices their orders).
DEMO_VISITS = {"A0001": ("resp", "eye"), "A0003": ("peds",)}
# Demo inpatient: card -> (department, ward, bed, deposit paid in fen).
DEMO_ADMISSIONS = {"A0002": ("cardio", "心内科一病区", "12床", 200000)}


def _doctors() -> list[dict[str, Any]]:
    docs, n = [], 0
    for code, specs in SPECIALTIES.items():
        for i, spec in enumerate(specs):
            title, fee = TITLES[i % len(TITLES)]
            name = SURNAMES[n % len(SURNAMES)] + GIVEN[(n * 7) % len(GIVEN)]
            roster = []
            for weekday in range(7):
                if (weekday + i) % 3 != 2 or i == 0:
                    roster.append([weekday, SESSION_PATTERN[(weekday + i) % 7]])
            docs.append(
                {
                    "_id": f"d{n + 1:03d}",
                    "name": name,
                    "department": code,
                    "title": title,
                    "specialties": spec,
                    "introduction": f"从事临床工作{12 + (n * 5) % 20}年，擅长{spec}的诊治。",
                    "roster": roster,
                    "capacity": 20 if i else 30,
                    "fee_cents": fee,
                    "room": f"{i + 1}号诊室",
                }
            )
            n += 1
    return docs


async def seed_demo(storage: Storage, keyring: Keyring, his: HIS, clock: Clock) -> bool:
    """Load the demo hospital when no doctor exists yet; False if the database has data.
    Either way the demo cards get bills to pay when they have none left."""
    doctors = storage.repo(DoctorRepo).col
    if await doctors.count_documents({}, limit=1):
        await demo_bills(storage, his, clock)
        return False
    await doctors.insert_many(_doctors())
    cards = [
        {"_id": no, "name": name, "id_hash": keyring.lookup_hash(number)}
        for no, name, number in DEMO_CARDS
    ]
    await storage.repo(CardRepo).col.insert_many(cards)
    extend = getattr(his, "extend_roster", None)  # a HIS that generates its own sessions
    if extend is not None:
        created = await extend(clock.now().date())
        log.info("demo.seeded", extra={"doctors": len(SPECIALTIES) * 3, "schedules": created})
    await demo_bills(storage, his, clock)
    return True


async def demo_bills(storage: Storage, his: HIS, clock: Clock) -> int:
    """Bills for the demo cards (LocalHIS only): a visit's bill for each demo visit when
    the card has no unpaid bill, an admission when the card holder is not in hospital.
    Only cards still carrying their demo holder's name; returns the bills created."""
    if not isinstance(his, LocalHIS):
        return 0
    names = {no: name for no, name, _ in DEMO_CARDS}
    cards = storage.repo(CardRepo).col
    created = 0
    async for card in cards.find({"_id": {"$in": list(names)}}):
        if card.get("name") != names[card["_id"]]:
            continue
        visits = DEMO_VISITS.get(card["_id"], ())
        if visits and not any(b.unpaid for b in await his.bills(card["_id"])):
            for dept in visits:
                doctors = await his.doctors(dept)
                await his.add_visit(
                    card_no=card["_id"],
                    department=dept,
                    doctor_name=doctors[0].name if doctors else "",
                    now=clock.now(),
                )
                created += 1
        stay = DEMO_ADMISSIONS.get(card["_id"])
        if stay and await his.admission(card["_id"]) is None:
            dept, ward, bed, deposit = stay
            await his.admit(
                card_no=card["_id"], department=dept, ward=ward, bed=bed, deposit_fen=deposit
            )
    return created
