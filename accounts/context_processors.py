"""Whether the member still has to confirm their email: the banner offering to resend the
link, and the greyed buttons of pages that post, message, invite or create a group."""

from functools import cached_property
from typing import cast

from django.http import HttpRequest

from accounts.models import User
from accounts.policies import email_unconfirmed_reason
from core.exceptions import DomainError


class EmailConfirmation:
    """Ask accounts.policies.email_unconfirmed_reason only when a template asks, and once."""

    def __init__(self, request: HttpRequest) -> None:
        self._request = request

    @cached_property
    def reason(self) -> DomainError | None:
        user = self._request.user
        if not user.is_authenticated:
            return None
        return email_unconfirmed_reason(cast(User, user))


def email_confirmation(request: HttpRequest) -> dict[str, EmailConfirmation]:
    return {"email_confirmation": EmailConfirmation(request)}
