"""Trade bills parse into typed rows: WeChat's published sample, refund lines, the
REFUND variant, and files that are not bills."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest

from bot.wechatpay.bill import BillFormatError, parse_trade_bill

SH = ZoneInfo("Asia/Shanghai")
ALL_HEADER = (
    "交易时间,公众账号ID,商户号,特约商户号,设备号,微信订单号,商户订单号,用户标识,交易类型,交易状态,"
    "付款银行,货币种类,应结订单金额,代金券金额,微信退款单号,商户退款单号,退款金额,充值券退款金额,"
    "退款类型,退款状态,商品名称,商户数据包,手续费,费率,订单金额,申请退款金额,费率备注"
)
ALL_SUMMARY = (
    "总交易单数,应结订单总金额,退款总金额,充值券退款总金额,手续费总金额,订单总金额,申请退款总金额"
)

# The sample on developers.weixin.qq.com (WeChat Cloud Run, 下载对账单), verbatim.
PUBLISHED = "\n".join(
    [
        ALL_HEADER,
        "`2022-03-21 13:51:31,`wxfdc955f7104ad557,`180023671,`176531292,`,"
        "`420000612032130748613220688,`2021WERUN1647840687637,`oZWaCKXip5njeEiloC4oeOV1TTsk,"
        "`JSAPI,`SUCCESS,`OTHERS,`CNY,`0.01,`0.00,`0,`0,`0.00,`0.00,`,`,`微信云托管支付测试,`,"
        "`0.00000,`0.90%,`0.01,`0.00,`",
        ALL_SUMMARY,
        "`12,`0.06,`0.06,`0.00,`0.00000,`0.06,`0.06",
    ]
)


def test_published_sample() -> None:
    bill = parse_trade_bill(PUBLISHED, bill_date=date(2022, 3, 21))
    assert len(bill.rows) == 1 and bill.bill_type == "ALL"
    row = bill.rows[0]
    assert row.trade_time == datetime(2022, 3, 21, 13, 51, 31, tzinfo=SH)
    assert (row.appid, row.mchid, row.sub_mchid, row.device_info) == (
        "wxfdc955f7104ad557",
        "180023671",
        "176531292",
        "",
    )
    assert row.transaction_id == "420000612032130748613220688"
    assert row.out_trade_no == "2021WERUN1647840687637"
    assert row.openid == "oZWaCKXip5njeEiloC4oeOV1TTsk"
    assert (row.trade_type, row.trade_state, row.bank_type, row.currency) == (
        "JSAPI",
        "SUCCESS",
        "OTHERS",
        "CNY",
    )
    assert (row.settlement_total, row.order_total, row.refund, row.requested_refund) == (1, 1, 0, 0)
    assert (row.refund_id, row.out_refund_no) == ("", "")  # written as 0 on payment lines
    assert row.description == "微信云托管支付测试" and row.attach == "" and row.rate_note == ""
    assert row.fee == Decimal("0.00000") and row.rate == "0.90%"
    s = bill.summary
    assert (
        s.count,
        s.settlement_total,
        s.refund_total,
        s.order_total,
        s.requested_refund_total,
    ) == (
        12,
        6,
        6,
        6,
        6,
    )
    assert s.fee_total == Decimal("0") and s.recharge_coupon_refund_total == 0
    assert bill.payments() == (row,) and bill.refunds() == ()


def test_refund_line_keeps_a_comma_in_the_product_name() -> None:
    text = "\r\n".join(
        [
            "\ufeff" + ALL_HEADER,
            "`2025-03-03 10:00:05,`wx2421b1c4370ec43b,`1900000109,`0,`,`4200000123202503031234567890,"
            "`BILL0303001,`oUpF8uMuAJO_M2pxb1Q9zNjWeS6o,`JSAPI,`SUCCESS,`OTHERS,`CNY,`25.50,`0.00,`0,`0,"
            "`0.00,`0.00,`,`,`挂号费,内科,`visit=42,`0.15000,`0.60%,`25.50,`0.00,`",
            "`2025-03-03 11:30:00,`wx2421b1c4370ec43b,`1900000109,`0,`,`4200000123202503031234567890,"
            "`BILL0303001,`oUpF8uMuAJO_M2pxb1Q9zNjWeS6o,`JSAPI,`REFUND,`OTHERS,`CNY,`0.00,`0.00,"
            "`50300000012025030312345678901,`R0303001,`10.00,`0.00,`ORIGINAL,`SUCCESS,`挂号费,内科,"
            "`visit=42,`-0.06000,`0.60%,`0.00,`10.00,`",
            ALL_SUMMARY,
            "`2,`25.50,`10.00,`0.00,`0.09000,`25.50,`10.00",
            "",
        ]
    )
    bill = parse_trade_bill(text)
    pay, refund = bill.rows
    assert pay.description == refund.description == "挂号费,内科"
    assert pay.attach == "visit=42" and pay.settlement_total == 2550 and pay.fee == Decimal("0.15")
    assert (
        refund.trade_state == "REFUND" and refund.refund == 1000 and refund.requested_refund == 1000
    )
    assert (refund.refund_id, refund.out_refund_no) == ("50300000012025030312345678901", "R0303001")
    assert (refund.refund_type, refund.refund_status, refund.fee) == (
        "ORIGINAL",
        "SUCCESS",
        Decimal("-0.06"),
    )
    assert bill.summary.refund_total == 1000 and bill.summary.fee_total == Decimal("0.09")
    assert bill.refunds() == (refund,)


def test_refund_variant_with_its_own_columns() -> None:
    header = (
        "交易时间,公众账号ID,商户号,特约商户号,设备号,微信订单号,商户订单号,用户标识,交易类型,交易状态,"
        "付款银行,货币种类,应结订单金额,代金券金额,退款申请时间,退款成功时间,微信退款单号,商户退款单号,"
        "退款金额,充值券退款金额,退款类型,退款状态,商品名称,商户数据包,手续费,费率,订单金额,申请退款金额,费率备注"
    )
    line = (
        "`2025-03-03 11:30:00,`wx1,`1900000109,`0,`,`4200,`B1,`o1,`JSAPI,`REFUND,`OTHERS,`CNY,`0.00,"
        "`0.00,`2025-03-03 11:30:00,`2025-03-03 11:30:05,`503,`R1,`0.01,`0.00,`ORIGINAL,`SUCCESS,"
        "`药费,`,`0.00000,`0.60%,`0.00,`0.01,`"
    )
    bill = parse_trade_bill(
        f"{header}\n{line}\n{ALL_SUMMARY}\n`1,`0.00,`0.01,`0.00,`0.00000,`0.00,`0.01",
        bill_type="REFUND",
    )
    assert bill.rows[0].refund == 1 and bill.rows[0].out_refund_no == "R1"
    assert bill.summary.count == 1 and bill.summary.refund_total == 1


@pytest.mark.parametrize(
    "text",
    [
        "",
        '{"code":"NO_STATEMENT_EXIST","message":"账单文件不存在"}',
        ALL_HEADER + "\n`2025-03-03 10:00:00,`wx1\n" + ALL_SUMMARY + "\n`1",  # short line
        PUBLISHED.replace(ALL_SUMMARY, "合计"),  # no summary section
        PUBLISHED.replace("2022-03-21 13:51:31", "21/03/2022"),
        PUBLISHED.replace("`0.90%,`0.01", "`0.90%,`abc"),
    ],
)
def test_not_a_bill(text: str) -> None:
    with pytest.raises(BillFormatError):
        parse_trade_bill(text)
