"""The group pages a manager uses: each action is offered on the page (its form is there),
works as a plain POST, lands back on the page with a message, and changes what the service
changes. Outsiders get the same 404 for the manage page as for a missing group."""

import re

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.models import User
from feed import services as feed_services
from feed.models import Post
from groups import services
from groups.models import Ban, Group, GroupInvitation, JoinRequest, Membership, Role
from tests.conftest import connect_members
from tests.factories import UserFactory
from tests.groups.conftest import make_group

pytestmark = pytest.mark.django_db


def browser_for(member: User) -> Client:
    client = Client()
    client.force_login(member)
    return client


def offers(html: str, group: Group, action: str, **hidden: object) -> bool:
    """Say whether the page holds the form of this action (with these hidden values)."""
    target = reverse("groups:action", args=[group.pk, action])
    for form in re.findall(r"<form[^>]*>.*?</form>", html, flags=re.S):
        if f'action="{target}"' not in form:
            continue
        if all(f'name="{name}" value="{value}"' in form for name, value in hidden.items()):
            return True
    return False


def act(client: Client, group: Group, action: str, back: str, **form: object):
    response = client.post(
        reverse("groups:action", args=[group.pk, action]), {**form, "next": back}, follow=True
    )
    assert response.redirect_chain[-1][0] == back
    return response


def role(group: Group, member: User) -> str | None:
    return (
        Membership.objects.filter(group=group, member=member).values_list("role", flat=True).first()
    )


@pytest.fixture
def group(member: User) -> Group:
    return make_group(member, join_policy="approval")


def manage_url(group: Group) -> str:
    return reverse("groups:manage", args=[group.pk])


def members_url(group: Group) -> str:
    return reverse("groups:members", args=[group.pk])


def test_approve_and_reject_requests_from_the_manage_page(
    member: User, other: User, third: User, group: Group
) -> None:
    services.group_join(member=other, group_id=group.pk)
    services.group_join(member=third, group_id=group.pk)
    approve = JoinRequest.objects.get(member=other)
    reject = JoinRequest.objects.get(member=third)
    client = browser_for(member)
    html = client.get(manage_url(group)).content.decode()
    assert other.full_name in html and third.full_name in html
    assert offers(html, group, "approve", request=approve.pk)
    assert offers(html, group, "reject", request=reject.pk)
    page = act(client, group, "approve", manage_url(group), request=approve.pk)
    assert "Request approved." in page.content.decode()
    page = act(client, group, "reject", manage_url(group), request=reject.pk)
    assert "Request rejected." in page.content.decode()
    assert (role(group, other), role(group, third)) == (Role.MEMBER, None)
    group.refresh_from_db()
    assert group.member_count == 2
    html = page.content.decode()
    assert not offers(html, group, "approve", request=approve.pk)
    assert "No pending requests." in html


def test_invite_a_connection_from_the_manage_page(member: User, other: User, group: Group) -> None:
    connect_members(member, other)
    client = browser_for(member)
    html = client.get(manage_url(group)).content.decode()
    assert offers(html, group, "invite")
    assert f'<option value="{other.pk}">{other.full_name}</option>' in html
    page = act(client, group, "invite", manage_url(group), member=other.pk)
    assert "Invitation sent." in page.content.decode()
    invitation = GroupInvitation.objects.get(group=group, recipient=other)
    assert (invitation.status, invitation.sender_id) == ("pending", member.pk)


def test_remove_ban_and_lift_a_ban_from_the_pages(
    member: User, other: User, third: User, group: Group
) -> None:
    services.group_update(member=member, group_id=group.pk, join_policy="open")
    services.group_join(member=other, group_id=group.pk)
    services.group_join(member=third, group_id=group.pk)
    client = browser_for(member)
    html = client.get(members_url(group)).content.decode()
    assert offers(html, group, "remove", member=other.pk)
    assert offers(html, group, "ban", member=third.pk)
    page = act(client, group, "remove", members_url(group), member=other.pk)
    assert "Member removed." in page.content.decode()
    assert role(group, other) is None
    page = act(client, group, "ban", members_url(group), member=third.pk)
    assert "Member banned." in page.content.decode()
    assert role(group, third) is None and Ban.objects.filter(group=group, member=third).exists()
    group.refresh_from_db()
    assert group.member_count == 1
    html = client.get(manage_url(group)).content.decode()
    assert offers(html, group, "unban", member=third.pk)
    page = act(client, group, "unban", manage_url(group), member=third.pk)
    assert "Ban lifted." in page.content.decode()
    assert not Ban.objects.exists()


def test_appoint_a_manager_from_the_members_page(member: User, other: User, group: Group) -> None:
    services.group_update(member=member, group_id=group.pk, join_policy="open")
    services.group_join(member=other, group_id=group.pk)
    client = browser_for(member)
    html = client.get(members_url(group)).content.decode()
    assert offers(html, group, "role", member=other.pk, role="manager")
    page = act(client, group, "role", members_url(group), member=other.pk, role="manager")
    assert "Role changed." in page.content.decode()
    assert role(group, other) == Role.MANAGER
    assert not offers(page.content.decode(), group, "role", member=other.pk, role="manager")


def test_transfer_ownership_from_the_manage_page(member: User, other: User, group: Group) -> None:
    services.group_update(member=member, group_id=group.pk, join_policy="open")
    services.group_join(member=other, group_id=group.pk)
    client = browser_for(member)
    html = client.get(manage_url(group)).content.decode()
    assert offers(html, group, "transfer")
    page = act(client, group, "transfer", manage_url(group), member=other.pk)
    assert "Ownership transferred." in page.content.decode()
    assert (role(group, other), role(group, member)) == (Role.OWNER, Role.MANAGER)
    # Now a manager, the old owner no longer sees the owner's transfer form.
    assert not offers(client.get(manage_url(group)).content.decode(), group, "transfer")


def test_pin_and_unpin_from_the_group_page(member: User, other: User, group: Group) -> None:
    services.group_update(member=member, group_id=group.pk, join_policy="open")
    services.group_join(member=other, group_id=group.pk)
    post = feed_services.post_create(author=other, body="Read this first", group_id=group.pk)
    detail = reverse("groups:detail", args=[group.pk])
    client = browser_for(member)
    assert offers(client.get(detail).content.decode(), group, "pin", post=post.pk)
    assert not offers(browser_for(other).get(detail).content.decode(), group, "pin", post=post.pk)
    page = act(client, group, "pin", detail, post=post.pk)
    assert "Pinned posts updated." in page.content.decode()
    group.refresh_from_db()
    assert group.pinned_post_id == post.pk
    assert offers(page.content.decode(), group, "pin", post=post.pk, unpin=1)
    act(client, group, "pin", detail, post=post.pk, unpin=1)
    group.refresh_from_db()
    assert group.pinned_post_id is None


def test_require_approval_of_posts_and_approve_one(member: User, other: User, group: Group) -> None:
    services.group_update(member=member, group_id=group.pk, join_policy="open")
    services.group_join(member=other, group_id=group.pk)
    client = browser_for(member)
    settings_form = {
        "name": group.name,
        "description": "",
        "rules": "",
        "industry": "",
        "visibility": "listed",
        "join_policy": "open",
        "posts_need_approval": "on",
    }
    response = client.post(manage_url(group), settings_form, follow=True)
    assert "Group settings saved." in response.content.decode()
    group.refresh_from_db()
    assert group.posts_need_approval is True
    member_page = browser_for(other).post(
        reverse("groups:post_create", args=[group.pk]),
        {"kind": "status", "body": "Needs a look"},
        follow=True,
    )
    assert "Your post waits for a manager&#x27;s approval." in member_page.content.decode()
    post = Post.objects.get(author=other)
    assert post.status == "pending"
    html = client.get(manage_url(group)).content.decode()
    assert "Posts waiting for approval" in html
    assert offers(html, group, "approve_post", post=post.pk)
    page = act(client, group, "approve_post", manage_url(group), post=post.pk)
    assert "Post published." in page.content.decode()
    post.refresh_from_db()
    assert post.status == "published"


def test_manage_page_is_a_404_for_members_and_outsiders(
    member: User, other: User, third: User, group: Group
) -> None:
    services.group_update(member=member, group_id=group.pk, join_policy="open")
    services.group_join(member=other, group_id=group.pk)
    assert browser_for(other).get(manage_url(group)).status_code == 404
    assert browser_for(third).get(manage_url(group)).status_code == 404
    hidden = make_group(member, name="Hidden", visibility="unlisted")
    missing = reverse("groups:manage", args=[hidden.pk + 1000])
    assert browser_for(third).get(manage_url(hidden)).status_code == 404
    assert browser_for(third).get(missing).status_code == 404


def test_a_refused_group_post_keeps_the_text_on_the_group_page(
    member: User, group: Group, settings
) -> None:
    settings.POST_MAX_LENGTH = 10
    response = browser_for(member).post(
        reverse("groups:post_create", args=[group.pk]),
        {"kind": "status", "body": "Far too long for ten"},
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "At most 10 characters (20 given)." in html
    assert "Far too long for ten</textarea>" in html
    assert not Post.objects.exists()


def test_many_members_cost_the_members_page_no_more_queries(member: User, group: Group) -> None:
    services.group_update(member=member, group_id=group.pk, join_policy="open")
    client = browser_for(member)

    def queries() -> int:
        client.get(members_url(group))  # warm the caches the page fills
        with CaptureQueriesContext(connection) as captured:
            assert client.get(members_url(group)).status_code == 200
        return len(captured.captured_queries)

    for person in UserFactory.create_batch(3):
        services.group_join(member=person, group_id=group.pk)
    small = queries()
    for person in UserFactory.create_batch(20):
        services.group_join(member=person, group_id=group.pk)
    assert queries() == small > 0


def test_members_page_offers_the_connect_dialog(member: User, other: User, group: Group) -> None:
    """The one Connect include on group members: Connect for a stranger (the dialog's URL),
    Pending for one already invited, nothing for a connection or for the viewer."""
    from connections import services as connection_services

    services.group_update(member=member, group_id=group.pk, join_policy="open")
    stranger, invited, friend = UserFactory.create_batch(3)
    for person in (other, stranger, invited, friend):
        services.group_join(member=person, group_id=group.pk)
    connect_members(member, friend)
    connection_services.invitation_send(sender=member, recipient_id=invited.pk)
    html = browser_for(member).get(members_url(group)).content.decode()
    dialog = reverse("invitation_dialog", args=[stranger.pk])
    assert f'data-connect-url="{dialog}"' in html
    assert f'Connect<span class="visually-hidden"> with {stranger.full_name}' in html
    assert reverse("invitation_dialog", args=[invited.pk]) not in html
    assert "Pending" in html
    assert reverse("invitation_dialog", args=[friend.pk]) not in html
    assert reverse("invitation_dialog", args=[member.pk]) not in html
