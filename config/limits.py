"""Wiring: every scoped rate limit a member sees in `me/limits` and the limits panel, gathered
from the app that owns each (a limit added by another app is one more line here)."""

from accounts.models import User
from accounts.policies import EMAIL_RESEND_SCOPE, email_resend_rate
from core.ratelimits import RateUsage, rate_usage
from moderation.selectors import report_rate_usage
from search.policies import search_rate_usage

RATE_LIMIT_LABELS = {
    "search_people": "People searches",
    "search_typeahead": "Name look-ups (typeahead)",
    "email_resend": "Confirmation emails resent",
    "reports": "Reports (a day)",
}


def member_rate_limits(member: User) -> list[RateUsage]:
    """Return where the member stands against each scoped rate limit (read, not counted)."""
    return [
        *search_rate_usage(member),
        rate_usage(EMAIL_RESEND_SCOPE, member.pk, email_resend_rate()),
        report_rate_usage(member),
    ]
