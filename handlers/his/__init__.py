"""The hospital information system: its data types, the adapter protocol, LocalHIS."""

from handlers.his.adapter import HIS, HISDeps, QueueRegister, load_adapter
from handlers.his.models import (
    SESSIONS,
    Admission,
    Bill,
    BillItem,
    CardInfo,
    DepartmentInfo,
    Doctor,
    HISError,
    Hold,
    QueueState,
    Schedule,
    Settlement,
    TimeBand,
)

__all__ = [
    "HIS",
    "SESSIONS",
    "Admission",
    "Bill",
    "BillItem",
    "CardInfo",
    "DepartmentInfo",
    "Doctor",
    "HISDeps",
    "HISError",
    "Hold",
    "QueueRegister",
    "QueueState",
    "Schedule",
    "Settlement",
    "TimeBand",
    "load_adapter",
]
