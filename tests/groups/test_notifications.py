"""Group and discussion notifications: the services decide who is told, inside the change's
transaction, and queue one delivery after commit; the task only delivers, and running it
twice (a retry, a duplicate message) tells nobody twice."""

from collections.abc import Callable

import pytest
from django.urls import reverse

from accounts.models import User
from accounts.services import block_create
from feed import services as feed_services
from groups import services
from groups.models import JoinRequest
from notifications.models import Notification
from tests.factories import UserFactory
from tests.groups.conftest import make_group, queued_tasks, run_queued

pytestmark = pytest.mark.django_db

DELIVER = "notifications.tasks.deliver_notifications_task"


def told(kind: str) -> list[tuple[int, str, str]]:
    return sorted(
        Notification.objects.filter(kind=kind).values_list("recipient_id", "dedupe_key", "link")
    )


def test_join_request_tells_owner_and_managers_once(
    member: User, other: User, third: User, django_capture_on_commit_callbacks
) -> None:
    group = make_group(member, join_policy="approval")
    services.group_join(member=third, group_id=group.pk)
    request = JoinRequest.objects.get(group=group, member=third)
    services.join_request_approve(manager=member, group_id=group.pk, request_id=request.pk)
    services.member_role_set(actor=member, group_id=group.pk, member_id=third.pk, role="manager")
    with django_capture_on_commit_callbacks() as callbacks:
        services.group_join(member=other, group_id=group.pk)
    request = JoinRequest.objects.get(group=group, member=other)
    [(name, arguments)] = queued_tasks(callbacks)
    assert name == DELIVER
    assert arguments["recipient_ids"] == sorted([member.pk, third.pk])
    assert arguments["dedupe_key"] == f"group_join_request:{request.pk}"
    assert arguments["actor_id"] == other.pk
    assert Notification.objects.filter(kind="group_join_request").count() == 0  # not before
    assert run_queued(callbacks) == [2]
    assert run_queued(callbacks) == [0]
    link = reverse("groups:manage", args=[group.pk])
    key = f"group_join_request:{request.pk}"
    assert told("group_join_request") == sorted([(member.pk, key, link), (third.pk, key, link)])
    text = Notification.objects.filter(kind="group_join_request").values_list("text", flat=True)
    assert set(text) == {f"{other.full_name} asks to join {group.name}."}


def test_a_manager_blocked_either_way_is_not_told(
    member: User, other: User, third: User, django_capture_on_commit_callbacks
) -> None:
    group = make_group(member, join_policy="open")
    services.group_join(member=third, group_id=group.pk)
    services.member_role_set(actor=member, group_id=group.pk, member_id=third.pk, role="manager")
    services.group_update(member=member, group_id=group.pk, join_policy="approval")
    block_create(blocker=other, blocked_id=third.pk)
    with django_capture_on_commit_callbacks() as callbacks:
        services.group_join(member=other, group_id=group.pk)
    [(_name, arguments)] = queued_tasks(callbacks)
    assert arguments["recipient_ids"] == [member.pk]
    run_queued(callbacks)
    assert [row[0] for row in told("group_join_request")] == [member.pk]


def test_approval_tells_the_member_once_and_rejection_tells_nobody(
    member: User, other: User, third: User, django_capture_on_commit_callbacks
) -> None:
    group = make_group(member, join_policy="approval")
    services.group_join(member=other, group_id=group.pk)
    services.group_join(member=third, group_id=group.pk)
    approved = JoinRequest.objects.get(group=group, member=other)
    rejected = JoinRequest.objects.get(group=group, member=third)
    with django_capture_on_commit_callbacks() as callbacks:
        services.join_request_approve(manager=member, group_id=group.pk, request_id=approved.pk)
    [(name, arguments)] = queued_tasks(callbacks)
    assert (name, arguments["recipient_ids"], arguments["actor_id"]) == (
        DELIVER,
        [other.pk],
        member.pk,
    )
    assert run_queued(callbacks) == [1]
    assert run_queued(callbacks) == [0]
    assert told("group_join_approved") == [
        (other.pk, f"group_join_approved:{approved.pk}", reverse("groups:detail", args=[group.pk]))
    ]
    with django_capture_on_commit_callbacks() as callbacks:
        services.join_request_reject(manager=member, group_id=group.pk, request_id=rejected.pk)
    assert callbacks == []


def test_joining_an_open_group_tells_nobody(
    member: User, other: User, django_capture_on_commit_callbacks
) -> None:
    group = make_group(member)
    with django_capture_on_commit_callbacks() as callbacks:
        services.group_join(member=other, group_id=group.pk)
    assert callbacks == []


def test_a_comment_tells_the_posts_author_once_and_never_for_their_own(
    member: User,
    other: User,
    connect: Callable[[User, User], None],
    django_capture_on_commit_callbacks,
) -> None:
    connect(member, other)
    post = feed_services.post_create(author=member, body="What do you think?")
    with django_capture_on_commit_callbacks() as callbacks:
        comment = feed_services.comment_create(author=other, post_id=post.pk, body="Agreed")
    [(name, arguments)] = queued_tasks(callbacks)
    assert (name, arguments["recipient_ids"]) == (DELIVER, [member.pk])
    assert arguments["dedupe_key"] == f"post_comment:{comment.pk}"
    assert run_queued(callbacks) == [1]
    assert run_queued(callbacks) == [0]
    assert told("post_comment") == [
        (member.pk, f"post_comment:{comment.pk}", reverse("feed:post", args=[post.pk]))
    ]
    with django_capture_on_commit_callbacks() as callbacks:
        feed_services.comment_create(author=member, post_id=post.pk, body="Thanks")
    assert callbacks == []
    second = UserFactory.create()
    connect(member, second)
    with django_capture_on_commit_callbacks() as callbacks:
        feed_services.comment_create(author=second, post_id=post.pk, body="Me too")
    run_queued(callbacks)
    assert Notification.objects.filter(recipient=member, kind="post_comment").count() == 2


def test_delivering_twice_queues_one_email(
    member: User, other: User, django_capture_on_commit_callbacks
) -> None:
    group = make_group(member, join_policy="approval")
    with django_capture_on_commit_callbacks() as callbacks:
        services.group_join(member=other, group_id=group.pk)
    with django_capture_on_commit_callbacks() as mails:
        run_queued(callbacks)
        run_queued(callbacks)
    assert len(mails) == 1  # the email of the one notification created
    assert Notification.objects.filter(recipient=member).count() == 1
