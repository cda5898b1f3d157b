"""Parse a downloaded trade bill (交易账单) into typed rows.

The file is CSV-like text in four parts: the detail header line, one line per payment
or refund, the summary header line (starting 总交易单数) and one summary line. Every
detail and summary value starts with a backtick (so spreadsheets keep long numbers
intact) and values are separated by commas. Splitting on ",`" rather than "," keeps a
comma inside a product name (商品名称) in its field.

Columns are looked up by their Chinese header, so the ALL, SUCCESS and REFUND variants
(which differ in columns) all parse; a missing column reads as empty / zero.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from zoneinfo import ZoneInfo

from bot.wechatpay.models import TradeBill, TradeBillRow, TradeBillSummary

SHANGHAI = ZoneInfo("Asia/Shanghai")  # bill times are Beijing time without an offset
SUMMARY_FIRST_COLUMN = "总交易单数"


class BillFormatError(ValueError):
    """The text is not a WeChat Pay trade bill."""


def _values(line: str) -> list[str]:
    line = line.strip()
    if not line.startswith("`"):
        return [v.strip() for v in line.split(",")]
    return [v.strip() for v in line[1:].split(",`")]


def _fen(value: str, where: str) -> int:
    if not value:
        return 0
    try:
        amount = Decimal(value)
    except InvalidOperation as exc:
        raise BillFormatError(f"{where}: {value!r} is not an amount") from exc
    return int((amount * 100).to_integral_value())


def _yuan(value: str, where: str) -> Decimal:
    try:
        return Decimal(value or "0")
    except InvalidOperation as exc:
        raise BillFormatError(f"{where}: {value!r} is not an amount") from exc


def parse_trade_bill(
    text: str, *, bill_date: date | None = None, bill_type: str = "ALL"
) -> TradeBill:
    lines = [line for line in text.lstrip("\ufeff").splitlines() if line.strip()]
    if len(lines) < 3:
        raise BillFormatError("too short for a trade bill")
    header = _values(lines[0])
    if "交易时间" not in header or "商户订单号" not in header:
        raise BillFormatError("the first line is not a trade bill header")
    try:
        summary_at = next(
            i for i, line in enumerate(lines) if line.startswith(SUMMARY_FIRST_COLUMN)
        )
    except StopIteration as exc:
        raise BillFormatError("no summary section (总交易单数)") from exc
    if summary_at + 1 >= len(lines):
        raise BillFormatError("the summary header has no values")

    rows = []
    for n, line in enumerate(lines[1:summary_at], start=2):
        values = _values(line)
        if len(values) != len(header):
            raise BillFormatError(f"line {n}: {len(values)} fields, header has {len(header)}")
        rows.append(_row(dict(zip(header, values, strict=True)), f"line {n}"))

    summary_header = _values(lines[summary_at])
    summary_values = _values(lines[summary_at + 1])
    if len(summary_values) != len(summary_header):
        raise BillFormatError("the summary line does not match its header")
    s = dict(zip(summary_header, summary_values, strict=True))
    where = "summary"
    summary = TradeBillSummary(
        count=int(s.get("总交易单数") or 0),
        settlement_total=_fen(s.get("应结订单总金额", s.get("总交易额", "")), where),
        refund_total=_fen(s.get("退款总金额", ""), where),
        recharge_coupon_refund_total=_fen(s.get("充值券退款总金额", ""), where),
        fee_total=_yuan(s.get("手续费总金额", ""), where),
        order_total=_fen(s.get("订单总金额", ""), where),
        requested_refund_total=_fen(s.get("申请退款总金额", ""), where),
    )
    return TradeBill(bill_date=bill_date, bill_type=bill_type, rows=tuple(rows), summary=summary)


def _row(v: dict[str, str], where: str) -> TradeBillRow:
    try:
        trade_time = datetime.strptime(v["交易时间"], "%Y-%m-%d %H:%M:%S").replace(tzinfo=SHANGHAI)
    except ValueError as exc:
        raise BillFormatError(f"{where}: bad 交易时间 {v['交易时间']!r}") from exc
    g = v.get
    return TradeBillRow(
        trade_time=trade_time,
        appid=g("公众账号ID", ""),
        mchid=g("商户号", ""),
        sub_mchid=g("特约商户号", ""),
        device_info=g("设备号", ""),
        transaction_id=g("微信订单号", ""),
        out_trade_no=g("商户订单号", ""),
        openid=g("用户标识", ""),
        trade_type=g("交易类型", ""),
        trade_state=g("交易状态", ""),
        bank_type=g("付款银行", ""),
        currency=g("货币种类", ""),
        # Merchants still on the early format have 总金额 / 企业红包金额 instead.
        settlement_total=_fen(g("应结订单金额", g("总金额", "")), where),
        coupon_amount=_fen(g("代金券金额", g("企业红包金额", "")), where),
        refund_id=_zero_is_empty(g("微信退款单号", "")),
        out_refund_no=_zero_is_empty(g("商户退款单号", "")),
        refund=_fen(g("退款金额", ""), where),
        recharge_coupon_refund=_fen(g("充值券退款金额", ""), where),
        refund_type=g("退款类型", ""),
        refund_status=g("退款状态", ""),
        description=g("商品名称", ""),
        attach=g("商户数据包", ""),
        fee=_yuan(g("手续费", ""), where),
        rate=g("费率", ""),
        order_total=_fen(g("订单金额", ""), where),
        requested_refund=_fen(g("申请退款金额", ""), where),
        rate_note=g("费率备注", ""),
    )


def _zero_is_empty(value: str) -> str:
    """Payment lines write 0 where a refund number would go."""
    return "" if value == "0" else value
