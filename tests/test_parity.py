"""One rule, every interface: each refused invitation is refused by the page and by the API with
the same reason (the API's `code` and `detail`, the page's shown text, from one DomainError),
and neither writes or schedules anything."""

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import pytest
from allauth.account.models import EmailAddress
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape
from rest_framework.test import APIClient

from accounts import services as account_services
from accounts.models import InvitationsFrom, User
from connections import services
from connections.models import Connection, ConnectionCount, Invitation
from tests.conftest import connect_members
from tests.factories import UserFactory
from tests.helpers import url

pytestmark = pytest.mark.django_db


def invite(sender: User, recipient: User) -> Invitation:
    return services.invitation_send(sender=sender, recipient_id=recipient.pk).invitation


@dataclass(frozen=True)
class Case:
    code: str
    # Arrange the state for (sender, recipient); return the attempt's fields ("to" and the rest).
    arrange: Callable[[User, User], dict[str, Any]]
    settings: dict[str, int] = field(default_factory=dict)
    status: int = 200  # what the page answers after its redirect


def _to(recipient: User, **fields: Any) -> dict[str, Any]:
    return {"to": recipient.pk, **fields}


def _self(sender: User, recipient: User) -> dict[str, Any]:
    return _to(sender)


def _connected(sender: User, recipient: User) -> dict[str, Any]:
    connect_members(sender, recipient)
    return _to(recipient)


def _pending(sender: User, recipient: User) -> dict[str, Any]:
    invite(sender, recipient)
    return _to(recipient)


def _nobody(sender: User, recipient: User) -> dict[str, Any]:
    account_services.member_settings_update(
        member=recipient, invitations_from=InvitationsFrom.NOBODY
    )
    return _to(recipient, note="Hello")


def _mutuals_only(sender: User, recipient: User) -> dict[str, Any]:
    account_services.member_settings_update(
        member=recipient, invitations_from=InvitationsFrom.MUTUALS
    )
    return _to(recipient)


def _email_known(sender: User, recipient: User) -> dict[str, Any]:
    account_services.member_settings_update(
        member=recipient, invitations_from=InvitationsFrom.EMAIL_KNOWN
    )
    return _to(recipient, email="someone.else@example.com")


def _strikes(sender: User, recipient: User) -> dict[str, Any]:
    stranger: User = UserFactory.create()
    services.invitation_ignore(
        recipient=stranger, invitation_id=invite(sender, stranger).pk, dont_know=True
    )
    return _to(recipient)


def _dont_know(sender: User, recipient: User) -> dict[str, Any]:
    services.invitation_ignore(
        recipient=recipient, invitation_id=invite(sender, recipient).pk, dont_know=True
    )
    return _to(recipient)


def _blocked(sender: User, recipient: User) -> dict[str, Any]:
    account_services.block_create(blocker=recipient, blocked_id=sender.pk)
    return _to(recipient)


def _missing(sender: User, recipient: User) -> dict[str, Any]:
    return {"to": 10**9}


def _long_note(sender: User, recipient: User) -> dict[str, Any]:
    return _to(recipient, note="x" * 301)


def _withdrawn(sender: User, recipient: User) -> dict[str, Any]:
    services.invitation_withdraw(sender=sender, invitation_id=invite(sender, recipient).pk)
    return _to(recipient)


def _unconfirmed(sender: User, recipient: User) -> dict[str, Any]:
    EmailAddress.objects.filter(user=sender).update(verified=False)
    return _to(recipient)


def _new_member_one_sent(sender: User, recipient: User) -> dict[str, Any]:
    User.objects.filter(pk=sender.pk).update(date_joined=timezone.now())
    sender.refresh_from_db()
    return _one_sent(sender, recipient)


def _one_sent(sender: User, recipient: User) -> dict[str, Any]:
    invite(sender, UserFactory.create())
    return _to(recipient)


def _sender_at_cap(sender: User, recipient: User) -> dict[str, Any]:
    connect_members(sender, UserFactory.create())
    return _to(recipient)


def _recipient_at_cap(sender: User, recipient: User) -> dict[str, Any]:
    connect_members(recipient, UserFactory.create())
    return _to(recipient)


CASES = {
    "self": Case("self_invitation", _self),
    "already connected": Case("already_connected", _connected),
    "invitation pending": Case("invitation_pending", _pending),
    "recipient accepts nobody": Case("not_allowed_by_recipient", _nobody),
    "recipient wants mutuals": Case("not_allowed_by_recipient", _mutuals_only),
    "recipient said I don't know": Case("not_allowed_by_recipient", _dont_know),
    "email required by recipient": Case("email_required", _email_known),
    "email required after strikes": Case(
        "email_required", _strikes, settings={"DONT_KNOW_STRIKES_LIMIT": 1}
    ),
    "blocked": Case("member_not_found", _blocked, status=404),
    "missing": Case("member_not_found", _missing, status=404),
    "note too long": Case("note_too_long", _long_note),
    "withdrawn recently": Case("reinvite_too_soon", _withdrawn),
    "weekly limit": Case(
        "weekly_invitation_limit", _one_sent, settings={"INVITATIONS_WEEKLY_LIMIT": 1}
    ),
    "email unconfirmed": Case("email_unconfirmed", _unconfirmed),
    "new member's weekly limit": Case(
        "weekly_invitation_limit",
        _new_member_one_sent,
        settings={"NEW_MEMBER_WEEKLY_INVITATIONS": 1},
    ),
    "pending limit": Case(
        "pending_invitation_limit", _one_sent, settings={"INVITATIONS_PENDING_LIMIT": 1}
    ),
    "sender at the cap": Case(
        "connection_limit_reached", _sender_at_cap, settings={"CONNECTIONS_MAX_PER_MEMBER": 1}
    ),
    "recipient at the cap": Case(
        "connection_limit_reached", _recipient_at_cap, settings={"CONNECTIONS_MAX_PER_MEMBER": 1}
    ),
}


def graph_state() -> tuple[object, ...]:
    return (
        sorted(Invitation.objects.values_list("pk", "status", "note")),
        sorted(Connection.objects.values_list("member_id", "other_id")),
        sorted(ConnectionCount.objects.values_list("member_id", "count")),
    )


def attempt_both(sender: User, fields: dict[str, Any], capture: Any) -> tuple[dict[str, Any], Any]:
    """Make the attempt through the API, then through the page; assert neither left a trace."""
    before = graph_state()
    api = APIClient()
    api.force_authenticate(sender)
    browser = Client()
    browser.force_login(sender)
    form = {key: value for key, value in fields.items() if key != "to"}
    with capture() as callbacks:
        api_response = api.post(url("invitations"), fields)
        page = browser.post(
            reverse("invitation_send", args=[fields["to"]]),
            {**form, "panel": fields["to"]},
            follow=True,
        )
    assert callbacks == []
    assert graph_state() == before
    return api_response.json() | {"status": api_response.status_code}, page


@pytest.mark.parametrize("case", CASES.values(), ids=CASES.keys())
def test_page_and_api_refuse_alike(
    case: Case, member: User, other: User, settings, django_capture_on_commit_callbacks
) -> None:
    for name, value in case.settings.items():
        setattr(settings, name, value)
    fields = case.arrange(member, other)
    api, page = attempt_both(member, fields, django_capture_on_commit_callbacks)
    assert api["code"] == case.code, api
    assert page.status_code == case.status
    shown = page.content.decode()
    assert escape(api["detail"]) in shown, f"the page does not show {api['detail']!r}"
    assert "Invitation sent." not in shown and "You are now connected." not in shown


def test_weekly_limit_of_zero_refuses_alike(
    member: User, other: User, settings, django_capture_on_commit_callbacks
) -> None:
    settings.INVITATIONS_WEEKLY_LIMIT = 0
    api, page = attempt_both(member, _to(other), django_capture_on_commit_callbacks)
    assert api["code"] == "weekly_invitation_limit"
    assert escape(api["detail"]) in page.content.decode()
