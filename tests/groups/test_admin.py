"""Moderation in Django admin goes through the services: changelist actions and deletions are
posted as an administrator would, and each must change state the way the service does
(counts, pins, cascades, notifications, limits) and leave alone what the service refuses."""

from unittest import mock

import pytest
from django.contrib.admin import helpers
from django.contrib.messages import get_messages
from django.test import Client
from django.urls import reverse

from accounts.models import User
from feed import selectors as feed_selectors
from feed import services as feed_services
from feed.models import Comment, Post, Reaction
from groups import selectors, services
from groups.exceptions import GroupNotFound
from groups.models import Ban, Group, JoinRequest, Membership
from tests.factories import UserFactory
from tests.groups.conftest import groups_state, make_group, queued_tasks

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff(db: None) -> User:
    return UserFactory.create(is_staff=True, is_superuser=True)


@pytest.fixture
def admin_client(staff: User) -> Client:
    client = Client()
    client.force_login(staff)
    return client


def run_action(client: Client, model: str, action: str, ids: list[int]) -> list[str]:
    """Post an action from a changelist; return the messages shown afterwards."""
    response = client.post(
        reverse(f"admin:{model}_changelist"),
        {"action": action, helpers.ACTION_CHECKBOX_NAME: [str(pk) for pk in ids]},
        follow=True,
    )
    assert response.status_code == 200
    return [str(message) for message in get_messages(response.wsgi_request)]


def delete_selected(client: Client, model: str, ids: list[int]) -> list[str]:
    """Delete from a changelist, confirming on the confirmation page."""
    response = client.post(
        reverse(f"admin:{model}_changelist"),
        {
            "action": "delete_selected",
            helpers.ACTION_CHECKBOX_NAME: [str(pk) for pk in ids],
            "post": "yes",
        },
        follow=True,
    )
    assert response.status_code == 200
    return [str(message) for message in get_messages(response.wsgi_request)]


def test_publish_action_approves_through_the_service(
    admin_client: Client, member: User, other: User, third: User
) -> None:
    group = make_group(member, posts_need_approval=True)
    services.group_join(member=other, group_id=group.pk)
    services.group_join(member=third, group_id=group.pk)
    waiting = feed_services.post_create(author=other, body="Please approve", group_id=group.pk)
    published = feed_services.post_create(author=member, body="Already out", group_id=group.pk)
    assert feed_selectors.posts_visible_to(third).filter(pk=waiting.pk).count() == 0
    with mock.patch("feed.services.publish_post", wraps=feed_services.publish_post) as spy:
        shown = run_action(admin_client, "feed_post", "publish", [waiting.pk, published.pk])
    assert [call.args[0].pk for call in spy.call_args_list] == [waiting.pk]
    assert "1 post(s) published." in shown
    assert feed_selectors.access_post(viewer=third, post_id=waiting.pk).status == "published"


def test_deleting_posts_removes_comments_reactions_and_the_pin(
    admin_client: Client, member: User, other: User
) -> None:
    group = make_group(member)
    services.group_join(member=other, group_id=group.pk)
    post = feed_services.post_create(author=other, body="Spam", group_id=group.pk)
    feed_services.comment_create(author=member, post_id=post.pk, body="Hm")
    feed_services.reaction_set(member=member, post_id=post.pk)
    feed_services.post_pin(manager=member, group_id=group.pk, post_id=post.pk)
    kept = feed_services.post_create(author=member, body="Keep me")
    with mock.patch("feed.services.remove_post", wraps=feed_services.remove_post) as spy:
        delete_selected(admin_client, "feed_post", [post.pk])
    assert spy.call_count == 1
    assert list(Post.objects.values_list("pk", flat=True)) == [kept.pk]
    assert not Comment.objects.exists() and not Reaction.objects.exists()
    group.refresh_from_db()
    assert group.pinned_post_id is None


def test_deleting_a_comment_goes_through_the_service(
    admin_client: Client, member: User, other: User
) -> None:
    post = feed_services.post_create(author=member, body="Hello")
    comment = feed_services.comment_create(author=other, post_id=post.pk, body="Rude")
    with mock.patch("feed.services.remove_comment", wraps=feed_services.remove_comment) as spy:
        delete_selected(admin_client, "feed_comment", [comment.pk])
    assert spy.call_count == 1
    assert not Comment.objects.exists()
    assert Post.objects.filter(pk=post.pk).exists()


def test_posts_and_comments_are_never_written_raw(
    admin_client: Client, member: User, other: User
) -> None:
    group = make_group(member, posts_need_approval=True)
    services.group_join(member=other, group_id=group.pk)
    waiting = feed_services.post_create(author=other, body="Waiting", group_id=group.pk)
    before = groups_state()
    change = reverse("admin:feed_post_change", args=[waiting.pk])
    assert admin_client.get(change).status_code == 200  # readable
    assert admin_client.post(change, {"status": "published", "body": "edited"}).status_code == 403
    assert admin_client.get(reverse("admin:feed_post_add")).status_code == 403
    assert admin_client.get(reverse("admin:feed_comment_add")).status_code == 403
    assert groups_state() == before


def test_make_unlisted_goes_through_the_service(
    admin_client: Client, member: User, other: User
) -> None:
    group = make_group(member)
    other_group = make_group(member, name="Already hidden", visibility="unlisted")
    shown = run_action(admin_client, "groups_group", "make_unlisted", [group.pk, other_group.pk])
    assert "1 group(s) made unlisted." in shown
    with pytest.raises(GroupNotFound):
        selectors.access_group(viewer=other, group_id=group.pk)
    assert selectors.access_group(viewer=member, group_id=group.pk).visibility == "unlisted"


def test_editing_a_group_uses_the_services_cleaning(admin_client: Client, member: User) -> None:
    group = make_group(member, description="Old")
    change = reverse("admin:groups_group_change", args=[group.pk])
    form = {
        "name": "  Renamed by staff  ",
        "description": "New",
        "rules": "",
        "industry": "",
        "visibility": "listed",
        "join_policy": "approval",
        "posts_need_approval": "on",
    }
    with mock.patch("groups.services.clean_group_fields", wraps=services.clean_group_fields) as spy:
        response = admin_client.post(change, form)
    assert response.status_code == 302, response.content.decode()[:2000]
    assert spy.call_count == 1
    group.refresh_from_db()
    assert (group.name, group.join_policy, group.posts_need_approval) == (
        "Renamed by staff",
        "approval",
        True,
    )
    assert group.member_count == 1
    assert admin_client.get(reverse("admin:groups_group_add")).status_code == 403


def test_deleting_a_group_takes_its_discussions(
    admin_client: Client, member: User, other: User
) -> None:
    group = make_group(member)
    services.group_join(member=other, group_id=group.pk)
    feed_services.post_create(author=other, body="In the group", group_id=group.pk)
    delete_selected(admin_client, "groups_group", [group.pk])
    assert not Group.objects.exists()
    assert not Membership.objects.exists()
    assert not Post.objects.exists()


def test_removing_a_membership_keeps_the_count_and_never_removes_the_owner(
    admin_client: Client, member: User, other: User
) -> None:
    group = make_group(member)
    services.group_join(member=other, group_id=group.pk)
    membership = Membership.objects.get(group=group, member=other)
    owner = Membership.objects.get(group=group, member=member)
    response = admin_client.post(
        reverse("admin:groups_membership_delete", args=[membership.pk]), {"post": "yes"}
    )
    assert response.status_code == 302
    group.refresh_from_db()
    assert group.member_count == 1
    assert not Membership.objects.filter(pk=membership.pk).exists()
    before = groups_state()
    shown = delete_selected(admin_client, "groups_membership", [owner.pk])
    assert any("The owner cannot be removed" in message for message in shown), shown
    assert groups_state() == before
    change = reverse("admin:groups_membership_change", args=[owner.pk])
    assert admin_client.post(change, {"role": "member"}).status_code == 403


def test_join_requests_are_decided_through_the_services(
    admin_client: Client,
    staff: User,
    member: User,
    other: User,
    third: User,
    django_capture_on_commit_callbacks,
) -> None:
    group = make_group(member, join_policy="approval")
    services.group_join(member=other, group_id=group.pk)
    services.group_join(member=third, group_id=group.pk)
    approve = JoinRequest.objects.get(member=other)
    reject = JoinRequest.objects.get(member=third)
    with django_capture_on_commit_callbacks() as callbacks:
        shown = run_action(admin_client, "groups_joinrequest", "approve_requests", [approve.pk])
    assert "1 request(s) approved." in shown
    assert Membership.objects.filter(group=group, member=other, role="member").exists()
    group.refresh_from_db()
    assert group.member_count == 2
    approve.refresh_from_db()
    assert (approve.status, approve.responded_by_id) == ("approved", staff.pk)
    [(_name, arguments)] = queued_tasks(callbacks)
    assert arguments["recipient_ids"] == [other.pk]
    run_action(admin_client, "groups_joinrequest", "reject_requests", [reject.pk])
    reject.refresh_from_db()
    assert reject.status == "rejected"
    assert not Membership.objects.filter(group=group, member=third).exists()
    change = reverse("admin:groups_joinrequest_change", args=[reject.pk])
    assert admin_client.post(change, {"status": "approved"}).status_code == 403


def test_admin_approval_respects_the_group_limit(
    admin_client: Client,
    member: User,
    other: User,
    settings,
    django_capture_on_commit_callbacks,
) -> None:
    group = make_group(member, join_policy="approval")
    services.group_join(member=other, group_id=group.pk)
    request = JoinRequest.objects.get(member=other)
    make_group(UserFactory.create(), name="Elsewhere")
    services.group_join(member=other, group_id=Group.objects.get(name="Elsewhere").pk)
    settings.GROUPS_PER_MEMBER_MAX = 1
    before = groups_state()
    with django_capture_on_commit_callbacks() as callbacks:
        shown = run_action(admin_client, "groups_joinrequest", "approve_requests", [request.pk])
    assert "0 request(s) approved." in shown
    assert any("at most 1 groups" in message for message in shown), shown
    assert groups_state() == before
    assert callbacks == []


def test_lifting_a_ban_in_admin_lets_the_member_join_again(
    admin_client: Client, member: User, other: User
) -> None:
    group = make_group(member)
    services.group_join(member=other, group_id=group.pk)
    services.member_ban(manager=member, group_id=group.pk, member_id=other.pk)
    ban = Ban.objects.get()
    assert admin_client.get(reverse("admin:groups_ban_add")).status_code == 403
    delete_selected(admin_client, "groups_ban", [ban.pk])
    assert not Ban.objects.exists()
    assert services.group_join(member=other, group_id=group.pk) == "member"
