"""Who may do what to whom, for accounts: each answer is a reason (a DomainError) or None."""

import enum
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.utils import timezone

from accounts.exceptions import AlreadyBlocked, EmailUnconfirmed, RateLimited, ReblockTooSoon
from accounts.models import Block, User
from accounts.selectors import email_confirmed
from core.exceptions import DomainError, SelfAction
from core.ratelimits import Rate, parse_rate, rate_hit

EMAIL_RESEND_SCOPE = "email_resend"


def email_unconfirmed_reason(member: User) -> DomainError | None:
    """Say why the member may not invite, message, post or create a group yet (their email
    address is not confirmed), or None. Off when EMAIL_CONFIRMATION_REQUIRED is false.

    A member who joined before the rule came in (EMAIL_CONFIRMATION_REQUIRED_SINCE) is treated
    as confirmed for EMAIL_CONFIRMATION_GRACE_DAYS after it, then asked like everyone else
    (nothing they wrote is touched either way).
    """
    if not settings.EMAIL_CONFIRMATION_REQUIRED:
        return None
    since = settings.EMAIL_CONFIRMATION_REQUIRED_SINCE
    if since is not None and member.date_joined < since:
        grace = timedelta(days=int(settings.EMAIL_CONFIRMATION_GRACE_DAYS))
        if timezone.now() < since + grace:
            return None
    # Read with the member where they were loaded for the request (accounts.auth), else now.
    confirmed = getattr(member, "email_confirmed_known", None)
    if confirmed if confirmed is not None else email_confirmed(member):
        return None
    return EmailUnconfirmed(
        "Confirm your email address to invite, message, post or create groups: open the link "
        f"we emailed to {member.email}, or send it again."
    )


def email_resend_rate() -> Rate:
    """Return the confirmation email's resend rate (EMAIL_RESEND_RATE), read now."""
    return parse_rate(settings.EMAIL_RESEND_RATE)


def email_resend_rate_block_reason(member: User) -> DomainError | None:
    """Count one resend by the member and refuse it past EMAIL_RESEND_RATE, or return None."""
    rate = email_resend_rate()
    wait = rate_hit(EMAIL_RESEND_SCOPE, member.pk, rate)
    if wait is None:
        return None
    return RateLimited(
        f"You can ask for the confirmation email at most {rate.limit} "
        f"time{'s' if rate.limit != 1 else ''} per {rate.period_name}. "
        f"Try again in {-(-wait // 60)} minute{'s' if wait > 60 else ''}.",
        retry_after=wait,
    )


def block_block_reason(*, blocker: User, target: User) -> DomainError | None:
    """Say why `blocker` may not block `target` now, or None when they may."""
    if blocker.pk == target.pk:
        return SelfAction("You cannot block yourself.")
    existing = Block.objects.filter(blocker=blocker, blocked=target).first()
    if existing is None:
        return None
    if existing.in_force:
        return AlreadyBlocked()
    assert existing.unblocked_at is not None
    wait = timedelta(hours=settings.REBLOCK_COOLDOWN_HOURS)
    ready_at = existing.unblocked_at + wait
    now = timezone.now()
    if now < ready_at:
        return ReblockTooSoon(retry_after=int((ready_at - now).total_seconds()) + 1)
    return None


class ProfileAccess(enum.Enum):
    """How much of a profile a viewer sees (PRODUCT.md, "What a viewer sees of a profile")."""

    FULL = "full"  # self and 1st degree: everything, contact details included
    NO_CONTACT = "no_contact"  # 2nd degree: everything but contact details
    LIMITED = "limited"  # 3rd degree (and allowed out-of-network): no history, no summary
    MINIMAL = "minimal"  # out of network, not allowed: "Network member" with headline


@dataclass(frozen=True)
class ProfileSections:
    name: bool
    contact: bool
    summary: bool
    history: bool


_SECTIONS = {
    ProfileAccess.FULL: ProfileSections(name=True, contact=True, summary=True, history=True),
    ProfileAccess.NO_CONTACT: ProfileSections(name=True, contact=False, summary=True, history=True),
    ProfileAccess.LIMITED: ProfileSections(name=True, contact=False, summary=False, history=False),
    ProfileAccess.MINIMAL: ProfileSections(name=False, contact=False, summary=False, history=False),
}


def profile_access(*, member: User, degree: int | None) -> ProfileAccess:
    """Decide how much of `member`'s profile a viewer at `degree` (0 = self, None = out) sees."""
    if degree in (0, 1):
        return ProfileAccess.FULL
    if degree == 2:
        return ProfileAccess.NO_CONTACT
    if degree == 3 or member.profile_visible_to_out_of_network:
        return ProfileAccess.LIMITED
    return ProfileAccess.MINIMAL


def profile_sections(access: ProfileAccess) -> ProfileSections:
    """Return which parts of a profile an access level shows."""
    return _SECTIONS[access]
