"""Write a day's trade bill the way WeChat Pay does (the parser lives in bot.wechatpay).

A bill holds the payments that succeeded that day and the refunds requested that day
(a refund line keeps the refund status it had when the bill was made). Amounts are
yuan; every value is prefixed with a backtick; lines end with CRLF. The summary's
settlement and order totals count payment lines only, refunds go to 退款总金额.
The sandbox charges a 0.6 % fee per payment and gives it back pro rata on a refund.
"""

from __future__ import annotations

from datetime import datetime
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from bot.clock import SHANGHAI

RATE = Decimal("0.006")
COLUMNS = {
    "ALL": (
        "交易时间,公众账号ID,商户号,特约商户号,设备号,微信订单号,商户订单号,用户标识,交易类型,"
        "交易状态,付款银行,货币种类,应结订单金额,代金券金额,微信退款单号,商户退款单号,退款金额,"
        "充值券退款金额,退款类型,退款状态,商品名称,商户数据包,手续费,费率,订单金额,申请退款金额,费率备注"
    ),
    "SUCCESS": (
        "交易时间,公众账号ID,商户号,特约商户号,设备号,微信订单号,商户订单号,用户标识,交易类型,"
        "交易状态,付款银行,货币种类,应结订单金额,代金券金额,商品名称,商户数据包,手续费,费率,订单金额,费率备注"
    ),
    "REFUND": (
        "交易时间,公众账号ID,商户号,特约商户号,设备号,微信订单号,商户订单号,用户标识,交易类型,"
        "交易状态,付款银行,货币种类,应结订单金额,代金券金额,退款申请时间,退款成功时间,微信退款单号,"
        "商户退款单号,退款金额,充值券退款金额,退款类型,退款状态,商品名称,商户数据包,手续费,费率,订单金额,"
        "申请退款金额,费率备注"
    ),
}
SUMMARY_COLUMNS = {
    "ALL": "总交易单数,应结订单总金额,退款总金额,充值券退款总金额,手续费总金额,订单总金额,申请退款总金额",
    "SUCCESS": "总交易单数,应结订单总金额,手续费总金额,订单总金额",
    "REFUND": "总交易单数,应结订单总金额,退款总金额,充值券退款总金额,手续费总金额,订单总金额,申请退款总金额",
}


def yuan(fen: int) -> str:
    sign = "-" if fen < 0 else ""
    fen = abs(fen)
    return f"{sign}{fen // 100}.{fen % 100:02d}"


def _fee(fen: int) -> Decimal:
    """Fee in yuan, rounded to the fen, written with 5 decimals as WeChat does."""
    fee_fen = (Decimal(fen) * RATE).quantize(Decimal("1"), rounding=ROUND_HALF_UP)
    return (fee_fen / 100).quantize(Decimal("0.00001"))


def _time(ts: str) -> str:
    return datetime.fromtimestamp(float(ts), SHANGHAI).strftime("%Y-%m-%d %H:%M:%S") if ts else ""


def _order_values(order: dict[str, str]) -> dict[str, str]:
    return {
        "公众账号ID": order["appid"],
        "商户号": order["mchid"],
        "特约商户号": "0",
        "设备号": "",
        "微信订单号": order.get("transaction_id", ""),
        "商户订单号": order["out_trade_no"],
        "用户标识": order["openid"],
        "交易类型": "JSAPI",
        "付款银行": "OTHERS",
        "货币种类": "CNY",
        "代金券金额": "0.00",
        "商品名称": order["description"],
        "商户数据包": order.get("attach", ""),
        "费率": "0.60%",
        "费率备注": "",
    }


def write_trade_bill(
    bill_type: str, lines: list[tuple[str, dict[str, str], dict[str, str]]]
) -> bytes:
    """`lines`: ("pay", order, {}) or ("refund", order, refund), in time order."""
    columns = COLUMNS[bill_type].split(",")
    out = [COLUMNS[bill_type]]
    totals: dict[str, Any] = {"count": 0, "settled": 0, "refund": 0, "fee": Decimal("0")}
    for kind, order, refund in lines:
        if bill_type == "SUCCESS" and kind != "pay":
            continue
        if bill_type == "REFUND" and kind != "refund":
            continue
        values = _order_values(order)
        total = int(order["total"])
        if kind == "pay":
            fee = _fee(total)
            values |= {
                "交易时间": _time(order["success_time"]),
                "交易状态": "SUCCESS",
                "应结订单金额": yuan(total),
                "订单金额": yuan(total),
                "微信退款单号": "0",
                "商户退款单号": "0",
                "退款金额": "0.00",
                "申请退款金额": "0.00",
                "退款类型": "",
                "退款状态": "",
            }
            totals["settled"] += total
        else:
            amount = int(refund["refund"])
            fee = -_fee(amount)
            values |= {
                "交易时间": _time(refund["create_time"]),
                "交易状态": "REFUND",
                "应结订单金额": "0.00",
                "订单金额": "0.00",
                "退款申请时间": _time(refund["create_time"]),
                "退款成功时间": _time(refund.get("success_time", "")),
                "微信退款单号": refund["refund_id"],
                "商户退款单号": refund["out_refund_no"],
                "退款金额": yuan(amount),
                "申请退款金额": yuan(amount),
                "退款类型": "ORIGINAL",
                "退款状态": refund["status"],
            }
            totals["refund"] += amount
        values |= {"手续费": str(fee), "充值券退款金额": "0.00"}
        totals["count"] += 1
        totals["fee"] += fee
        out.append("`" + ",`".join(values.get(c, "") for c in columns))
    summary = {
        "总交易单数": str(totals["count"]),
        "应结订单总金额": yuan(totals["settled"]),
        "退款总金额": yuan(totals["refund"]),
        "充值券退款总金额": "0.00",
        "手续费总金额": str(totals["fee"].quantize(Decimal("0.00001"))),
        "订单总金额": yuan(totals["settled"]),
        "申请退款总金额": yuan(totals["refund"]),
    }
    out.append(SUMMARY_COLUMNS[bill_type])
    out.append("`" + ",`".join(summary[c] for c in SUMMARY_COLUMNS[bill_type].split(",")))
    return ("\r\n".join(out) + "\r\n").encode()
