"""The group pages say the same thing in the same words: who may join (one label, the
directory's rows and the group's header alike), and what the owner can do instead of a
"Leave group" button they cannot use."""

import pytest
from django.test import Client
from django.urls import reverse

from accounts.models import User
from groups import services
from groups.models import Group, Membership, Role
from groups.templatetags.group_labels import join_policy_label
from tests.groups.conftest import make_group

pytestmark = pytest.mark.django_db


def browser_for(member: User) -> Client:
    client = Client()
    client.force_login(member)
    return client


@pytest.mark.parametrize(
    ("fields", "label"),
    [
        ({"join_policy": "open"}, "Anyone can join"),
        ({"join_policy": "approval"}, "A manager approves each request to join"),
        ({"visibility": "unlisted", "join_policy": "open"}, "By invitation only"),
        ({"visibility": "unlisted", "join_policy": "approval"}, "By invitation only"),
    ],
)
def test_the_list_and_the_header_use_the_one_label(
    member: User, fields: dict[str, str], label: str
) -> None:
    group = make_group(member, **fields)
    assert join_policy_label(group) == label
    client = browser_for(member)
    listed = client.get(reverse("groups:list") + "?mine=1").content.decode()
    header = client.get(reverse("groups:detail", args=[group.pk])).content.decode()
    shown = f'<span class="join-policy">{label}</span>'
    assert shown in listed and shown in header
    assert "anyone may ask to join" not in header  # the visibility's form label, no more


def test_the_owner_sees_how_to_step_down_not_a_leave_button(member: User) -> None:
    group = make_group(member)
    html = browser_for(member).get(reverse("groups:detail", args=[group.pk])).content.decode()
    assert "Leave group" not in html
    assert 'data-testid="owner-note"' in html and "can't leave" in html
    assert f'href="{reverse("groups:manage", args=[group.pk])}#transfer-title"' in html
    assert (
        'id="transfer-title"'
        in browser_for(member).get(reverse("groups:manage", args=[group.pk])).content.decode()
    )


def test_a_member_still_has_the_leave_button(member: User, other: User) -> None:
    group = make_group(member)
    services.group_join(member=other, group_id=group.pk)
    html = browser_for(other).get(reverse("groups:detail", args=[group.pk])).content.decode()
    assert "Leave group</button>" in html and 'data-testid="owner-note"' not in html
    assert f'action="{reverse("groups:action", args=[group.pk, "leave"])}"' in html


def test_after_a_transfer_the_old_owner_may_leave(member: User, other: User) -> None:
    group: Group = make_group(member)
    services.group_join(member=other, group_id=group.pk)
    services.ownership_transfer(owner=member, group_id=group.pk, member_id=other.pk)
    client = browser_for(member)
    html = client.get(reverse("groups:detail", args=[group.pk])).content.decode()
    assert "Leave group</button>" in html
    client.post(reverse("groups:action", args=[group.pk, "leave"]))
    assert list(Membership.objects.filter(group=group).values_list("member_id", "role")) == [
        (other.pk, Role.OWNER)
    ]


def test_an_owner_posting_leave_anyway_is_refused_and_stays(member: User) -> None:
    group = make_group(member)
    response = browser_for(member).post(
        reverse("groups:action", args=[group.pk, "leave"]), follow=True
    )
    assert "The owner cannot leave the group; transfer ownership first." in (
        response.content.decode()
    )
    assert Membership.objects.filter(group=group, member=member, role=Role.OWNER).exists()
