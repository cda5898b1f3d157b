"""Patients in chat: the list, adding one step by step, removing, the default, cards.

The plaintext ID and phone numbers typed during the add flow never reach Redis: the
flow keeps only their ciphertext (`bot.pii`) until the patient is saved.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from bot.dialogue import AnyText, Context, Reply, Router, State, StatesGroup
from bot.dialogue.filters import parse_choice
from bot.pii import PIIError
from handlers.patients import idcard
from handlers.patients.idcard import IdError
from handlers.patients.models import PatientError, PatientForm
from handlers.patients.rules import (
    ADULT_AGE,
    RELATIONS,
    check_document,
    check_name,
    check_phone,
    check_relation,
    resolve_relation,
)
from handlers.patients.service import PatientService

router = Router("patients")


class AddPatient(StatesGroup, flow="patient_add"):
    ask_name = State()
    id_number = State()
    birth = State()
    phone = State()
    relation = State()
    guardian_name = State()
    guardian_id = State()


class BindCard(StatesGroup, flow="patient_card"):
    which = State()
    card = State()


def error(ctx: Context, patients: PatientService, exc: PatientError, **extra: Any) -> Reply:
    return ctx.reply(
        "patients/error.j2", code=exc.code, details=exc.details, rules=patients.rules, **extra
    )


async def list_reply(ctx: Context, patients: PatientService, notice: str = "") -> Reply:
    listed = [] if patients.none_known(ctx.conv.facts) else await patients.list(ctx.openid)
    return ctx.reply(
        "patients/list.j2",
        patients=listed,
        notice=notice,
        rules=patients.rules,
        quick_replies=("添加就诊人",) if listed else (),
    )


@router.click("PATIENTS")
@router.command("就诊人", "就诊人管理", "我的就诊人", "就诊人列表", "查看就诊人")
async def list_patients(ctx: Context, patients: PatientService) -> Reply:
    return await list_reply(ctx, patients)


@router.intent("bind_patient")
async def bind_patient(ctx: Context, patients: PatientService) -> Reply:
    text = ctx.msg.text
    if not await patients.count(ctx.openid):
        return await start_add(ctx, patients)
    if "卡" in text:
        return await start_card(ctx, patients)
    if any(w in text for w in ("添加", "新增", "增加", "建档", "加")):
        return await start_add(ctx, patients)
    return await list_reply(ctx, patients)


@router.command("添加就诊人", "新增就诊人", "增加就诊人", "添加家人")
async def start_add(ctx: Context, patients: PatientService) -> Reply:
    if await patients.count(ctx.openid) >= patients.rules.max_per_account:
        return error(ctx, patients, PatientError("limit", max=patients.rules.max_per_account))
    if not await patients.additions_left(ctx.openid):
        limit = patients.rules.max_additions_per_day
        return error(ctx, patients, PatientError("additions_limit", max=limit))
    relation = resolve_relation(ctx.entity("relation"))
    known = relation.relation if relation and relation.certain else ""
    ctx.conv.start(AddPatient.ask_name, relation=known)
    return ctx.reply("patients/ask_name.j2", quick_replies=("取消",))


def _retry(ctx: Context, patients: PatientService, exc: PatientError | IdError) -> Reply:
    err = exc if isinstance(exc, PatientError) else PatientError(exc.code, **exc.details)
    return error(ctx, patients, err, retry=True)


@router.state(AddPatient.ask_name, AnyText())
async def add_name(ctx: Context, patients: PatientService, text: str) -> Reply:
    try:
        name = check_name(text)
    except PatientError as exc:
        return _retry(ctx, patients, exc)
    ctx.conv.goto(AddPatient.id_number, name=name)
    return ctx.reply("patients/ask_id.j2", patient_name=name, quick_replies=("取消",))


@router.state(AddPatient.id_number, AnyText())
async def add_id(ctx: Context, patients: PatientService, text: str) -> Reply:
    try:
        doc = check_document(text, "", patients.today())
        if await patients.has_document(ctx.openid, doc.number):
            raise PatientError("duplicate")
    except (PatientError, IdError) as exc:
        return _retry(ctx, patients, exc)
    ctx.conv.update(
        id_enc=patients.keyring.encrypt(doc.number, "conv.id"),
        id_kind=doc.kind,
        birth=doc.birth_date.isoformat() if doc.birth_date else "",
        sex=doc.sex or "",
    )
    if not doc.birth_date:
        ctx.conv.goto(AddPatient.birth)
        return ctx.reply("patients/ask_birth.j2", kind=doc.kind_label)
    ctx.conv.goto(AddPatient.phone)
    return ctx.reply("patients/ask_phone.j2", kind=doc.kind_label, sex=doc.sex)


@router.state(AddPatient.birth, AnyText())
async def add_birth(ctx: Context, patients: PatientService, text: str) -> Reply:
    try:
        birth = idcard.parse_birth(text, patients.today())
    except IdError as exc:
        return _retry(ctx, patients, exc)
    ctx.conv.goto(AddPatient.phone, birth=birth.isoformat())
    return ctx.reply("patients/ask_phone.j2", kind="", sex=None)


@router.state(AddPatient.phone, AnyText())
async def add_phone(ctx: Context, patients: PatientService, text: str) -> Reply:
    try:
        phone = check_phone(text)
    except PatientError as exc:
        return _retry(ctx, patients, exc)
    ctx.conv.update(phone_enc=patients.keyring.encrypt(phone, "conv.phone"))
    if ctx.conv.slots.get("relation"):
        return await after_relation(ctx, patients)
    ctx.conv.goto(AddPatient.relation)
    return ctx.reply("patients/ask_relation.j2", relations=RELATIONS, quick_replies=RELATIONS)


@router.state(AddPatient.relation, AnyText())
async def add_relation(ctx: Context, patients: PatientService, text: str) -> Reply:
    try:
        ctx.conv.update(relation=check_relation(text))  # "3" and "子女" alike
    except PatientError as exc:
        return _retry(ctx, patients, exc)
    return await after_relation(ctx, patients)


@router.state(AddPatient.guardian_name, AnyText())
async def add_guardian_name(ctx: Context, patients: PatientService, text: str) -> Reply:
    try:
        name = check_name(text)
    except PatientError as exc:
        return _retry(ctx, patients, exc)
    ctx.conv.goto(AddPatient.guardian_id, guardian_name=name)
    return ctx.reply("patients/ask_guardian_id.j2", guardian=name)


@router.state(AddPatient.guardian_id, AnyText())
async def add_guardian_id(ctx: Context, patients: PatientService, text: str) -> Reply:
    k, today = patients.keyring, patients.today()
    try:
        gdoc = check_document(text, "", today, who="guardian")
        if gdoc.number == k.decrypt(ctx.conv.slots["id_enc"], "conv.id"):
            raise PatientError("guardian_same")
        g_age = gdoc.age_on(today)
        if g_age is not None and g_age < ADULT_AGE:
            raise PatientError("guardian_minor", adult_age=ADULT_AGE)
    except (PatientError, IdError) as exc:
        return _retry(ctx, patients, exc)
    ctx.conv.update(guardian_enc=k.encrypt(gdoc.number, "conv.id"))
    return await save(ctx, patients)


def is_minor(slots: dict[str, Any], patients: PatientService) -> bool:
    birth = slots.get("birth")
    if not birth:
        return False
    age = idcard.age_on(date.fromisoformat(birth), patients.today())
    return age < patients.rules.minor_age


async def after_relation(ctx: Context, patients: PatientService) -> Reply:
    if is_minor(ctx.conv.slots, patients):
        ctx.conv.goto(AddPatient.guardian_name)
        return ctx.reply("patients/ask_guardian_name.j2", minor_age=patients.rules.minor_age)
    return await save(ctx, patients)


async def save(ctx: Context, patients: PatientService) -> Reply:
    s, k = ctx.conv.slots, patients.keyring
    ctx.conv.finish()
    try:
        form = PatientForm(
            name=s["name"],
            id_number=k.decrypt(s["id_enc"], "conv.id"),
            id_kind=s["id_kind"],
            phone=k.decrypt(s["phone_enc"], "conv.phone"),
            relation=s["relation"],
            birth_date=s.get("birth", "")
            if s["id_kind"] in (idcard.HK_MACAU_PASS, idcard.TAIWAN_PASS, idcard.FOREIGN_PR)
            else "",
            guardian_name=s.get("guardian_name", ""),
            guardian_id_number=(
                k.decrypt(s["guardian_enc"], "conv.id") if s.get("guardian_enc") else ""
            ),
        )
        patients.listed(ctx.conv.facts)  # whatever happens next, it may have one now
        patient = await patients.add(ctx.openid, form)
    except PatientError as exc:
        return error(ctx, patients, exc)
    except (PIIError, KeyError):
        return ctx.reply("patients/expired.j2")
    return ctx.reply("patients/added.j2", patient=patient, quick_replies=("绑定就诊卡", "就诊人"))


@router.command("删除就诊人{n}", "移除就诊人{n}", "删除就诊人")
async def remove_patient(ctx: Context, patients: PatientService, n: int | None = None) -> Reply:
    patient = await patients.by_number(ctx.openid, n) if n else None
    if patient is None:
        return await list_reply(ctx, patients, notice="which_remove")
    try:
        await patients.remove(ctx.openid, patient.id)
    except PatientError as exc:
        return error(ctx, patients, exc, patient=patient)
    return ctx.reply("patients/removed.j2", patient=patient)


@router.command("设为默认{n}", "设为默认就诊人{n}", "默认就诊人{n}", "设为默认", "切换就诊人")
async def choose_default(ctx: Context, patients: PatientService, n: int | None = None) -> Reply:
    patient = await patients.by_number(ctx.openid, n) if n else None
    if patient is None:
        return await list_reply(ctx, patients, notice="which_default")
    chosen = await patients.set_default(ctx.openid, patient.id)
    return ctx.reply("patients/default_set.j2", patient=chosen or patient)


@router.command("绑定就诊卡{n}", "绑卡{n}", "绑定就诊卡", "绑卡")
async def start_card(ctx: Context, patients: PatientService, n: int | None = None) -> Reply:
    listed = await patients.list(ctx.openid)
    if not listed:
        return await start_add(ctx, patients)
    if n is None and len(listed) == 1:
        n = 1
    if n is None or not 1 <= n <= len(listed):
        ctx.conv.start(BindCard.which)
        return ctx.reply("patients/ask_card_patient.j2", patients=listed, quick_replies=("取消",))
    patient = listed[n - 1]
    ctx.conv.start(BindCard.card, patient_id=patient.id)
    return ctx.reply("patients/ask_card_no.j2", patient=patient, quick_replies=("取消",))


@router.state(BindCard.which, AnyText())
async def card_which(ctx: Context, patients: PatientService, text: str) -> Reply:
    n = parse_choice(text)
    patient = await patients.by_number(ctx.openid, n) if n else None
    if patient is None:
        return await list_reply(ctx, patients, notice="which_card")
    ctx.conv.goto(BindCard.card, patient_id=patient.id)
    return ctx.reply("patients/ask_card_no.j2", patient=patient, quick_replies=("取消",))


@router.state(BindCard.card, AnyText())
async def card_number(ctx: Context, patients: PatientService, text: str) -> Reply:
    try:
        patient = await patients.bind_card(ctx.openid, ctx.conv.slots.get("patient_id", ""), text)
    except PatientError as exc:
        if exc.code == "card_invalid":
            return error(ctx, patients, exc, retry=True)
        ctx.conv.finish()
        return error(ctx, patients, exc)
    ctx.conv.finish()
    return ctx.reply("patients/card_bound.j2", patient=patient)
