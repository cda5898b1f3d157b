"""Payments in chat: 「缴费」 (the PAY menu) lists what the account's card holders owe,
each with its payment link; 「费用查询」 lists what was paid, per visit; 「预交金」 links
the deposit top-up of a patient in hospital. Receipts arrive as pushed messages (the
ledger writes them in the payment's transaction; push/ delivers them)."""

from __future__ import annotations

from typing import Any

from bot.dialogue import Context, Reply, Router
from handlers.patients.service import PatientService
from handlers.payments.models import Kind, OrderStatus
from handlers.payments.payables import Overview
from handlers.payments.service import PaymentService

router = Router("payments")


def view(ctx: Context, payments: PaymentService, template: str, **values: Any) -> Reply:
    return ctx.reply(
        template, dept_name=payments.booking.dept_name, enabled=payments.enabled, **values
    )


async def overview_of(ctx: Context, payments: PaymentService, patients: PatientService) -> Overview:
    """Bills and holds belong to patients: an account known to have none has none (no
    query)."""
    if patients.none_known(ctx.conv.facts):
        return Overview([], [])
    return await payments.payables.overview(ctx.openid)


@router.click("PAY")
@router.command("缴费", "门诊缴费", "我要缴费", "交费", "待缴费用")
@router.intent("pay_bill")
async def unpaid(ctx: Context, payments: PaymentService, patients: PatientService) -> Reply:
    overview = await overview_of(ctx, payments, patients)
    return view(ctx, payments, "payments/bills.j2", overview=overview)


@router.command("费用查询", "缴费记录", "已缴费用", "费用清单")
@router.intent("query_fees")
async def paid(ctx: Context, payments: PaymentService) -> Reply:
    overview = await payments.payables.overview(ctx.openid)
    orders = [
        o
        for o in await payments.orders.of_account(ctx.openid)
        if o.kind != Kind.OUTPATIENT and o.status in (OrderStatus.PAID, OrderStatus.REFUNDED)
    ]
    return view(ctx, payments, "payments/fees.j2", overview=overview, orders=orders)


@router.command("预交金", "住院预交金", "缴纳预交金", "交预交金", "住院缴费")
async def deposit(ctx: Context, payments: PaymentService, patients: PatientService) -> Reply:
    overview = await overview_of(ctx, payments, patients)
    stays = [h for h in overview.holders if h.admission is not None]
    return view(
        ctx, payments, "payments/deposit.j2", stays=stays, rules=payments.rules, overview=overview
    )
