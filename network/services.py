"""Writes of the read side: dismissing a suggestion."""

from functools import partial

from django.db import transaction

from accounts.exceptions import MemberNotFound
from accounts.models import User
from accounts.selectors import visible_members
from graphcache import suggestions_changed
from network.models import SuggestionDismissal


def suggestion_dismiss(*, member: User, dismissed_id: int) -> SuggestionDismissal:
    """Stop suggesting a member (idempotent). Raises MemberNotFound."""
    if not visible_members(member).filter(pk=dismissed_id).exists():
        raise MemberNotFound()
    dismissal, _ = SuggestionDismissal.objects.get_or_create(
        member=member, dismissed_id=dismissed_id
    )
    transaction.on_commit(partial(suggestions_changed, [member.pk]))
    return dismissal
