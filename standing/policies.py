"""May this member invite, message or post, as far as their standing goes? One answer for the
services, the pages (a greyed button with the reason) and the API (`restricted`)."""

from django.utils import timezone
from django.utils.formats import date_format

from accounts.models import User
from core.exceptions import DomainError
from standing.exceptions import Restricted
from standing.models import RestrictedAction, Sanction, restriction_in_force

ACTIONS = tuple(RestrictedAction.values)


def restriction_reason(member: User, action: str) -> DomainError | None:
    """Say why `member` may not do `action` ("invite", "message" or "post") now, or None.

    One query. Where several restrictions stop the action, the one ending last is told (one
    without an end first); `retry_after` is the seconds until it ends.
    """
    assert action in ACTIONS, action
    if member.pk is None:
        return None
    now = timezone.now()
    ends = list(
        Sanction.objects.filter(restriction_in_force(now), member_id=member.pk)
        .filter(actions__contains=[action])
        .values_list("ends_at", flat=True)
    )
    if not ends:
        return None
    what = RestrictedAction(action).label
    if any(end is None for end in ends):
        return Restricted(
            f"Your account is restricted from {what} until a moderator lifts the restriction."
        )
    end = max(end for end in ends if end is not None)
    when = date_format(timezone.localtime(end), "j F Y, H:i e")
    retry_after = max(int((end - now).total_seconds()) + 1, 1)
    return Restricted(
        f"Your account is restricted from {what} until {when}.", retry_after=retry_after
    )
