"""Data subject requests: their lifecycle and deadlines (GDPR Art. 12, 15-22)."""

from ombud.rights.deadlines import (
    due_date,
    extended_due_date,
    is_overdue,
    is_working_day,
    next_working_day,
)
from ombud.rights.model import (
    AccessReport,
    ErasurePlan,
    Notice,
    Outcome,
    PlanAction,
    PlanItem,
    Request,
    RequestId,
    RequestStatus,
    RequestType,
)

__all__ = [
    "AccessReport",
    "ErasurePlan",
    "Notice",
    "Outcome",
    "PlanAction",
    "PlanItem",
    "Request",
    "RequestId",
    "RequestStatus",
    "RequestType",
    "due_date",
    "extended_due_date",
    "is_overdue",
    "is_working_day",
    "next_working_day",
]
