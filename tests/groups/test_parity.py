"""One rule, every interface, for groups: each membership rule's refusal reaches the API as
{"code", "detail"} and the HTML page as the same sentence (a message, or an error on the
form), from one DomainError; neither interface writes or schedules anything."""

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils.html import escape
from rest_framework.test import APIClient

from accounts.models import User
from feed import services as feed_services
from groups import services
from groups.models import Group, JoinRequest
from tests.conftest import connect_members
from tests.factories import UserFactory
from tests.groups.conftest import groups_state, make_group
from tests.helpers import url

pytestmark = pytest.mark.django_db


@dataclass(frozen=True)
class Attempt:
    """The same action through both interfaces."""

    api: tuple[str, str, dict[str, Any] | None]  # method, path, body
    page: tuple[str, dict[str, Any]]  # path, form


@dataclass(frozen=True)
class Case:
    code: str
    status: int
    # Arrange the state for (owner, actor) and return the attempt the actor makes.
    arrange: Callable[[User, User], Attempt]
    settings: dict[str, int] = field(default_factory=dict)
    page_status: int = 200  # what the page answers (after its redirect, for messages)


def action(group: Group, name: str, **form: Any) -> tuple[str, dict[str, Any]]:
    return reverse("groups:action", args=[group.pk, name]), form


def _banned(owner: User, actor: User) -> Attempt:
    group = make_group(owner)
    services.member_ban(manager=owner, group_id=group.pk, member_id=actor.pk)
    return Attempt(("post", url("group-join", group_id=group.pk), None), action(group, "join"))


def _limit_by_joining(owner: User, actor: User) -> Attempt:
    make_group(actor, name="Mine")
    group = make_group(owner)
    return Attempt(("post", url("group-join", group_id=group.pk), None), action(group, "join"))


def _limit_by_asking(owner: User, actor: User) -> Attempt:
    make_group(actor, name="Mine")
    group = make_group(owner, join_policy="approval")
    return Attempt(("post", url("group-join", group_id=group.pk), None), action(group, "join"))


def _limit_by_approval(owner: User, actor: User) -> Attempt:
    group = make_group(actor, join_policy="approval")
    requester = UserFactory.create()
    services.group_join(member=requester, group_id=group.pk)
    make_group(requester, name="Theirs")  # after asking: the request can no longer be met
    request = JoinRequest.objects.get(member=requester)
    return Attempt(
        ("post", url("group-request-approve", group_id=group.pk, request_id=request.pk), None),
        action(group, "approve", request=request.pk),
    )


def _limit_by_creating(owner: User, actor: User) -> Attempt:
    make_group(actor, name="Mine")
    form = {"name": "One more", "visibility": "listed", "join_policy": "open"}
    return Attempt(("post", url("groups"), form), (reverse("groups:create"), form))


def _eleventh_manager(owner: User, actor: User) -> Attempt:
    group = make_group(actor)
    first, second = UserFactory.create_batch(2)
    for person in (first, second):
        services.group_join(member=person, group_id=group.pk)
    services.member_role_set(actor=actor, group_id=group.pk, member_id=first.pk, role="manager")
    return Attempt(
        (
            "post",
            url("group-member-role", group_id=group.pk, member_id=second.pk),
            {"role": "manager"},
        ),
        action(group, "role", member=second.pk, role="manager"),
    )


def _member_group(owner: User, actor: User, **fields: Any) -> tuple[Group, User]:
    group = make_group(owner, **fields)
    target = UserFactory.create()
    services.group_join(member=actor, group_id=group.pk)
    services.group_join(member=target, group_id=group.pk)
    return group, target


def _member_removes(owner: User, actor: User) -> Attempt:
    group, target = _member_group(owner, actor)
    return Attempt(
        ("delete", url("group-member", group_id=group.pk, member_id=target.pk), None),
        action(group, "remove", member=target.pk),
    )


def _member_bans(owner: User, actor: User) -> Attempt:
    group, target = _member_group(owner, actor)
    return Attempt(
        ("post", url("group-bans", group_id=group.pk), {"member": target.pk}),
        action(group, "ban", member=target.pk),
    )


def _member_appoints(owner: User, actor: User) -> Attempt:
    group, target = _member_group(owner, actor)
    return Attempt(
        (
            "post",
            url("group-member-role", group_id=group.pk, member_id=target.pk),
            {"role": "manager"},
        ),
        action(group, "role", member=target.pk, role="manager"),
    )


def _member_approves(owner: User, actor: User) -> Attempt:
    group, _target = _member_group(owner, actor)
    services.group_update(member=owner, group_id=group.pk, join_policy="approval")
    requester = UserFactory.create()
    services.group_join(member=requester, group_id=group.pk)
    request = JoinRequest.objects.get(member=requester)
    return Attempt(
        ("post", url("group-request-approve", group_id=group.pk, request_id=request.pk), None),
        action(group, "approve", request=request.pk),
    )


def _member_invites(owner: User, actor: User) -> Attempt:
    group, _target = _member_group(owner, actor)
    friend = UserFactory.create()
    connect_members(actor, friend)
    return Attempt(
        ("post", url("group-invitations", group_id=group.pk), {"member": friend.pk}),
        action(group, "invite", member=friend.pk),
    )


def _member_pins(owner: User, actor: User) -> Attempt:
    group, _target = _member_group(owner, actor)
    post = feed_services.post_create(author=owner, body="Rules", group_id=group.pk)
    return Attempt(
        ("post", url("group-post-pin", group_id=group.pk, post_id=post.pk), None),
        action(group, "pin", post=post.pk),
    )


def _member_approves_a_post(owner: User, actor: User) -> Attempt:
    group, target = _member_group(owner, actor, posts_need_approval=True)
    post = feed_services.post_create(author=target, body="Waiting", group_id=group.pk)
    return Attempt(
        ("post", url("group-post-approve", group_id=group.pk, post_id=post.pk), None),
        action(group, "approve_post", post=post.pk),
    )


def _member_transfers(owner: User, actor: User) -> Attempt:
    group, target = _member_group(owner, actor)
    return Attempt(
        ("post", url("group-transfer", group_id=group.pk), {"member": target.pk}),
        action(group, "transfer", member=target.pk),
    )


def _manager_removes_the_owner(owner: User, actor: User) -> Attempt:
    group, _target = _member_group(owner, actor)
    services.member_role_set(actor=owner, group_id=group.pk, member_id=actor.pk, role="manager")
    return Attempt(
        ("delete", url("group-member", group_id=group.pk, member_id=owner.pk), None),
        action(group, "remove", member=owner.pk),
    )


def _owner_leaves(owner: User, actor: User) -> Attempt:
    group = make_group(actor)
    return Attempt(("post", url("group-leave", group_id=group.pk), None), action(group, "leave"))


def _outsider_posts(owner: User, actor: User) -> Attempt:
    group = make_group(owner)
    body = {"kind": "status", "body": "Let me in"}
    return Attempt(
        ("post", url("group-posts", group_id=group.pk), body),
        (reverse("groups:post_create", args=[group.pk]), body),
    )


def _removed_member_posts(owner: User, actor: User) -> Attempt:
    group = make_group(owner)
    services.group_join(member=actor, group_id=group.pk)
    services.member_remove(manager=owner, group_id=group.pk, member_id=actor.pk)
    body = {"kind": "status", "body": "Still here?"}
    return Attempt(
        ("post", url("group-posts", group_id=group.pk), body),
        (reverse("groups:post_create", args=[group.pk]), body),
    )


LIMIT_1 = {"GROUPS_PER_MEMBER_MAX": 1}
CASES = {
    "join when banned": Case("group_banned", 403, _banned),
    "101st group by joining": Case("group_limit_reached", 409, _limit_by_joining, LIMIT_1),
    "101st group by asking": Case("group_limit_reached", 409, _limit_by_asking, LIMIT_1),
    "101st group by approval": Case("group_limit_reached", 409, _limit_by_approval, LIMIT_1),
    "101st group by creating": Case("group_limit_reached", 409, _limit_by_creating, LIMIT_1),
    "11th manager": Case(
        "managers_limit_reached", 409, _eleventh_manager, {"GROUP_MANAGERS_MAX": 1}
    ),
    "member removes": Case("not_group_manager", 403, _member_removes),
    "member bans": Case("not_group_manager", 403, _member_bans),
    "member appoints": Case("not_group_manager", 403, _member_appoints),
    "member approves a request": Case("not_group_manager", 403, _member_approves),
    "member invites": Case("not_group_manager", 403, _member_invites),
    "member pins": Case("not_group_manager", 403, _member_pins),
    "member approves a post": Case("not_group_manager", 403, _member_approves_a_post),
    "member transfers": Case("not_group_owner", 403, _member_transfers),
    "manager removes the owner": Case("role_not_allowed", 403, _manager_removes_the_owner),
    "owner leaves": Case("owner_cannot_leave", 409, _owner_leaves),
    "outsider posts": Case("not_group_member", 403, _outsider_posts),
    "removed member posts": Case("not_group_member", 403, _removed_member_posts),
}


def attempt_both(actor: User, attempt: Attempt, capture: Any) -> tuple[Any, Any]:
    """Make the attempt through the API, then the page; assert neither left a trace."""
    before = groups_state()
    api = APIClient()
    api.force_authenticate(actor)
    browser = Client()
    browser.force_login(actor)
    method, path, body = attempt.api
    with capture() as callbacks:
        api_response = getattr(api, method)(path, body)
        page = browser.post(*attempt.page, follow=True)
    assert callbacks == []
    assert groups_state() == before
    return api_response, page


@pytest.mark.parametrize("case", CASES.values(), ids=CASES.keys())
def test_page_and_api_refuse_alike(
    case: Case, member: User, other: User, settings, django_capture_on_commit_callbacks
) -> None:
    attempt = case.arrange(member, other)
    for name, value in case.settings.items():
        setattr(settings, name, value)
    api, page = attempt_both(other, attempt, django_capture_on_commit_callbacks)
    body = api.json()
    assert (api.status_code, body["code"]) == (case.status, case.code), body
    assert set(body) == {"code", "detail"}
    assert page.status_code == case.page_status
    shown = page.content.decode()
    assert escape(body["detail"]) in shown, f"the page does not show {body['detail']!r}"
    for success in ("You joined the group.", "Request sent", "Role changed.", "is ready."):
        assert success not in shown
