"""Daily reconciliation against the sandbox's trade bill: a balanced day is balanced, and
planted differences are found, reported, stored and flagged for staff once."""

from __future__ import annotations

from datetime import date, timedelta

from pay_support import OPENID, PayEnv, pay_env

from bot.config import Settings
from bot.storage import Storage

DAY = date(2026, 3, 2)


async def pay_bill(env: PayEnv) -> str:
    bill = await env.bill()
    _, data = await env.checkout(await env.login(f"/h5/pay/b/{bill.id}"))
    await env.wallet(data["params"])
    return str(data["order"])


async def test_reconciliation_finds_a_planted_mismatch(
    settings: Settings, storage: Storage
) -> None:
    async with pay_env(settings, storage) as env:
        await env.patient()
        _, second, third = [await pay_bill(env) for _ in range(3)]
        payments = env.services.payments
        assert await payments.ledger.refund(third, "cancelled", "staff") is not None
        assert await payments.issue_refunds() == 1  # WeChat Pay takes the refund today
        env.clock.advance(days=1, hours=2)  # 3 March 11:00: the bill of 2 March exists
        reconciler = env.services.reconciler

        balanced = await reconciler.reconcile(DAY)

        assert balanced.balanced, balanced.differences
        assert (balanced.payments_wechat, balanced.payments_ours) == (3, 3)
        assert balanced.paid_wechat_fen == balanced.paid_ours_fen == 3 * 32220
        assert (balanced.refunds_wechat, balanced.refunds_ours) == (1, 1)
        assert balanced.refunded_wechat_fen == balanced.refunded_ours_fen == 32220
        assert await env.incidents() == []

        # Plant: our record of one payment says ¥1.00 more; and WeChat Pay took a payment
        # for an order we never made (another system on the same merchant, or a bug).
        await payments.orders.col.update_one({"_id": second}, {"$inc": {"total_fen": 100}})
        env.clock.advance(days=-1)
        client = await payments.gateway.client()  # type: ignore[union-attr]
        await client.create_jsapi_order(
            out_trade_no="FOREIGN0000001",
            description="not ours",
            total=888,
            openid=OPENID,
            time_expire=env.clock.now() + timedelta(minutes=5),
        )
        await env.admin("pay", {"out_trade_no": "FOREIGN0000001"})
        env.clock.advance(days=1)

        report = await reconciler.reconcile(DAY)

        found = sorted((d.kind, d.ref, d.ours_fen, d.wechat_fen) for d in report.differences)
        assert found == [
            ("amount", second, 32320, 32220),
            ("missing_ours", "FOREIGN0000001", None, 888),
        ]
        stored = await reconciler.reports.get("2026-03-02")
        assert stored is not None and stored["balanced"] is False
        assert len(stored["differences"]) == 2
        kinds = sorted(i["kind"] for i in await env.incidents())
        assert kinds == ["reconcile_amount", "reconcile_missing_ours", "unknown_order"]
        text = reconciler.render(report)
        assert "发现 2 处差异" in text and second in text and "FOREIGN0000001" in text
        assert "金额不一致" in text and "微信有收款，本院未入账" in text

        await reconciler.reconcile(DAY)  # run again: the same report, nothing flagged twice
        assert len(await env.incidents()) == 3
