"""The admin's suspend and lift actions: a page asks for the reason, then the moderation
services do the rest; each refusal is an admin message and changes nothing."""

from typing import Any

import pytest
from django.contrib.messages import get_messages
from django.test import Client
from django.urls import reverse
from django.utils.html import escape

from accounts.models import User
from moderation import services
from moderation.models import LogEntry
from standing import services as standing_services
from standing.models import Sanction, SanctionKind
from tests.moderation.conftest import moderation_state

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_browser(moderator: User) -> Client:
    moderator.is_superuser = True
    moderator.save(update_fields=["is_superuser"])
    browser = Client()
    browser.force_login(moderator)
    return browser


def act(browser: Client, changelist: str, action: str, rows: list[int], **form: str) -> Any:
    return browser.post(reverse(changelist), {"action": action, "_selected_action": rows, **form})


def told(response: Any) -> list[str]:
    return [str(message) for message in get_messages(response.wsgi_request)]


def suspend(browser: Client, member: User, **form: str) -> Any:
    return act(browser, "admin:accounts_user_changelist", "suspend_members", [member.pk], **form)


def test_suspend_asks_for_a_reason_first(admin_browser: Client, other: User) -> None:
    before = moderation_state()
    page = suspend(admin_browser, other)
    assert page.status_code == 200
    html = page.content.decode()
    assert 'name="reason"' in html and 'name="apply_reason"' in html
    assert f'name="_selected_action" value="{other.pk}"' in html and escape(str(other)) in html
    assert moderation_state() == before


def test_suspend_with_a_reason_goes_through_the_moderation_service(
    admin_browser: Client, other: User, moderator: User
) -> None:
    response = suspend(admin_browser, other, apply_reason="1", reason="Fake profile")
    assert response.status_code == 302
    other.refresh_from_db()
    sanction = Sanction.objects.get()
    assert not other.is_active and other.suspension_reason == "Fake profile"
    assert (sanction.kind, sanction.reason, sanction.created_by_id) == (
        SanctionKind.SUSPENSION,
        "Fake profile",
        moderator.pk,
    )
    assert LogEntry.objects.get().sanction_id == sanction.pk
    assert told(response) == ["Suspend: 1 done."]


def test_suspend_without_a_reason_changes_nothing(admin_browser: Client, other: User) -> None:
    before = moderation_state()
    response = suspend(admin_browser, other, apply_reason="1", reason="  ")
    assert response.status_code == 200  # the page again, with the message
    assert told(response) == ["Nothing was changed: Give the reason the member will read."]
    assert moderation_state() == before


def test_suspending_a_suspended_member_changes_nothing(
    admin_browser: Client, other: User, moderator: User
) -> None:
    services.member_suspend_directly(moderator=moderator, member_id=other.pk, reason="Spam")
    before = moderation_state()
    response = suspend(admin_browser, other, apply_reason="1", reason="Again")
    assert response.status_code == 302
    assert told(response) == [f"{other}: This member is already suspended."]
    assert moderation_state() == before


def test_lift_sanction_action(admin_browser: Client, other: User, moderator: User) -> None:
    restriction = standing_services.sanction_create(
        member=other, kind=SanctionKind.RESTRICTION, actions=["invite"], reason="Spam", by=moderator
    )
    changelist = "admin:standing_sanction_changelist"
    page = act(admin_browser, changelist, "lift_sanctions", [restriction.pk])
    assert page.status_code == 200 and 'name="reason"' in page.content.decode()
    response = act(
        admin_browser,
        changelist,
        "lift_sanctions",
        [restriction.pk],
        apply_reason="1",
        reason="Resolved by email",
    )
    assert response.status_code == 302 and told(response) == ["Lift sanction: 1 done."]
    restriction.refresh_from_db()
    assert restriction.lifted_by_id == moderator.pk
    entry = LogEntry.objects.get()
    assert (entry.action, entry.note) == ("lift", "Resolved by email")


def test_lifting_a_lifted_sanction_changes_nothing(
    admin_browser: Client, other: User, moderator: User
) -> None:
    sanction = services.member_suspend_directly(
        moderator=moderator, member_id=other.pk, reason="Spam"
    )
    services.sanction_lift_directly(moderator=moderator, sanction_id=sanction.pk, reason="Ok")
    before = moderation_state()
    response = act(
        admin_browser,
        "admin:standing_sanction_changelist",
        "lift_sanctions",
        [sanction.pk],
        apply_reason="1",
        reason="Twice",
    )
    assert response.status_code == 302
    assert told(response) == [f"{sanction}: This sanction is already lifted or over."]
    assert moderation_state() == before


def test_lift_suspension_from_the_members_admin(
    admin_browser: Client, other: User, moderator: User
) -> None:
    services.member_suspend_directly(moderator=moderator, member_id=other.pk, reason="Spam")
    response = act(
        admin_browser,
        "admin:accounts_user_changelist",
        "lift_suspensions",
        [other.pk],
        apply_reason="1",
        reason="Mistake",
    )
    assert told(response) == ["Lift suspension: 1 done."]
    other.refresh_from_db()
    assert other.is_active and Sanction.objects.get().lifted_at is not None


def test_restore_leaves_a_suspension_to_the_lift_action(
    admin_browser: Client, other: User, moderator: User
) -> None:
    services.member_suspend_directly(moderator=moderator, member_id=other.pk, reason="Spam")
    before = moderation_state()
    response = act(admin_browser, "admin:accounts_user_changelist", "restore_members", [other.pk])
    assert f"{other}: suspended; use “Lift suspension”." in told(response)
    assert moderation_state() == before
