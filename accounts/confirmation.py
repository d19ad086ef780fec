"""Confirmed email, on django-allauth's own state: each member's `EmailAddress` row
(`verified`), its signed confirmation keys and the `/accounts/confirm-email/<key>/` page. The
API confirms the same keys; the resend is rate limited (EMAIL_RESEND_RATE)."""

from functools import partial

from allauth.account.models import EmailAddress, EmailConfirmation, EmailConfirmationHMAC
from django.db import transaction
from django.http import HttpRequest

from accounts.exceptions import EmailAlreadyConfirmed, InvalidConfirmationKey
from accounts.models import User
from accounts.policies import email_resend_rate_block_reason
from accounts.selectors import email_confirmed


def _address_for(member: User) -> EmailAddress:
    address = EmailAddress.objects.filter(user=member, email__iexact=member.email).first()
    if address is None:
        address = EmailAddress.objects.create(
            user=member, email=member.email, primary=True, verified=False
        )
    return address


def email_confirmation_send(
    *, member: User, request: HttpRequest | None = None, signup: bool = False
) -> None:
    """Email the member the confirmation link for their address, after commit (the address
    row is made now if they have none)."""
    address = _address_for(member)
    transaction.on_commit(partial(address.send_confirmation, request, signup=signup))


@transaction.atomic
def email_confirmation_resend(*, member: User, request: HttpRequest | None = None) -> None:
    """Send the confirmation link again, counted against the member's resend rate.

    Raises EmailAlreadyConfirmed, RateLimited.
    """
    if email_confirmed(member):
        raise EmailAlreadyConfirmed()
    reason = email_resend_rate_block_reason(member)
    if reason is not None:
        raise reason
    email_confirmation_send(member=member, request=request)


@transaction.atomic
def email_confirm(*, key: str) -> EmailAddress:
    """Confirm the address a confirmation key was made for (the key in the email's link).

    Raises InvalidConfirmationKey.
    """
    key = str(key or "").strip()
    if not key or len(key) > 200:
        raise InvalidConfirmationKey()
    confirmation = EmailConfirmationHMAC.from_key(key) or (
        EmailConfirmation.objects.all_valid().filter(key=key.lower()).first()
    )
    if confirmation is None:
        raise InvalidConfirmationKey()
    address = EmailAddress.objects.select_for_update().get(pk=confirmation.email_address.pk)
    if not address.set_verified(commit=False):  # another member confirmed this address
        raise InvalidConfirmationKey()
    address.primary = True
    address.save(update_fields=["verified", "primary"])
    return address


def email_address_confirmed_create(member: User) -> EmailAddress:
    """Record the member's address as confirmed (demo data, operators' scripts, tests)."""
    address, _ = EmailAddress.objects.update_or_create(
        user=member, email=member.email, defaults={"verified": True, "primary": True}
    )
    return address
