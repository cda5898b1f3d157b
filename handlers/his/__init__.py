"""The hospital information system: its data types, the adapter protocol, LocalHIS."""

from handlers.his.adapter import HIS, HISDeps, QueueRegister, load_adapter
from handlers.his.models import (
    SESSIONS,
    CardInfo,
    DepartmentInfo,
    Doctor,
    HISError,
    Hold,
    QueueState,
    Schedule,
    TimeBand,
)

__all__ = [
    "HIS",
    "SESSIONS",
    "CardInfo",
    "DepartmentInfo",
    "Doctor",
    "HISDeps",
    "HISError",
    "Hold",
    "QueueRegister",
    "QueueState",
    "Schedule",
    "TimeBand",
    "load_adapter",
]
