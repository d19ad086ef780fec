"""Moderation writes: `decisions` (reports, cases, appeals) and `direct` (sanctions imposed or
lifted from the admin without a case)."""

from moderation.services.decisions import (
    AUTOMATIC_ACTIONS,
    AUTOMATIC_REASON,
    NOTE_MAX_LENGTH,
    appeal_decide,
    case_resolve,
    log_write,
    report_create,
    require_staff,
)
from moderation.services.direct import (
    member_suspend_directly,
    sanction_lift_directly,
    suspension_lift_directly,
)

__all__ = [
    "AUTOMATIC_ACTIONS",
    "AUTOMATIC_REASON",
    "NOTE_MAX_LENGTH",
    "appeal_decide",
    "case_resolve",
    "log_write",
    "member_suspend_directly",
    "report_create",
    "require_staff",
    "sanction_lift_directly",
    "suspension_lift_directly",
]
