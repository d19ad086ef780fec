"""Notifications API: the cursor-paginated list with its unread count, marking read, queries."""

from datetime import timedelta

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from accounts import services as account_services
from accounts.models import User
from connections import services as connection_services
from connections.tasks import notify_invitation_accepted_task
from notifications import services as notification_services
from notifications.models import Notification, NotificationKind
from tests.factories import UserFactory
from tests.helpers import assert_error, url

pytestmark = pytest.mark.django_db


def notify(recipient: User, key: str, *, actor: User | None = None, minutes_ago: int = 0):
    notification = notification_services.notify(
        recipient_id=recipient.pk,
        actor_id=actor.pk if actor else None,
        kind=NotificationKind.INVITATION_RECEIVED if actor else NotificationKind.CAP_WARNING,
        text=f"Notification {key}",
        link="/somewhere",
        dedupe_key=key,
    )
    assert notification is not None
    if minutes_ago:
        moment = timezone.now() - timedelta(minutes=minutes_ago)
        Notification.objects.filter(pk=notification.pk).update(created_at=moment)
    return notification


def unread_ids(member: User) -> set[int]:
    return set(Notification.objects.unread().filter(recipient=member).values_list("pk", flat=True))


class TestList:
    def test_newest_first_with_unread_count_and_actor(
        self, member_api: APIClient, member: User, other: User
    ) -> None:
        oldest = notify(member, "a", minutes_ago=30)
        middle = notify(member, "b", actor=other, minutes_ago=20)
        newest = notify(member, "c", minutes_ago=10)
        notify(other, "not-mine")
        Notification.objects.filter(pk=oldest.pk).update(read_at=timezone.now())

        body = member_api.get(url("notifications")).json()
        assert body["unread_count"] == 2
        assert body["next"] is None and body["previous"] is None
        assert [row["id"] for row in body["results"]] == [newest.pk, middle.pk, oldest.pk]
        row = body["results"][1]
        assert row == {
            "id": middle.pk,
            "kind": "invitation_received",
            "text": "Notification b",
            "link": "/somewhere",
            "actor": {
                "id": other.pk,
                "first_name": "Bruno",
                "last_name": "Costa",
                "headline": other.profile.headline,
                "location": other.profile.location,
                "photo": None,
                "degree": None,
                "mutual_connections_count": 0,
                "relationship": "none",
            },
            "created_at": row["created_at"],
            "read_at": None,
        }
        assert body["results"][0]["actor"] is None
        assert body["results"][2]["read_at"] is not None

    def test_cursor_pages(self, member_api: APIClient, member: User) -> None:
        created = [notify(member, f"n{minutes}", minutes_ago=minutes) for minutes in range(1, 6)]
        first = member_api.get(url("notifications"), {"page_size": 2}).json()
        assert [row["id"] for row in first["results"]] == [created[0].pk, created[1].pk]
        assert first["unread_count"] == 5
        assert "cursor=" in first["next"]
        second = member_api.get(first["next"]).json()
        assert [row["id"] for row in second["results"]] == [created[2].pk, created[3].pk]
        third = member_api.get(second["next"]).json()
        assert [row["id"] for row in third["results"]] == [created[4].pk]
        assert third["next"] is None

    def test_a_task_run_in_process_shows_up_once(self, member: User, other: User) -> None:
        invitation = connection_services.invitation_send(
            sender=member, recipient_id=other.pk
        ).invitation
        connection_services.invitation_accept(recipient=other, invitation_id=invitation.pk)
        notify_invitation_accepted_task(invitation.pk)
        notify_invitation_accepted_task(invitation.pk)  # a retry never notifies twice
        client = APIClient()
        client.force_authenticate(member)
        body = client.get(url("notifications")).json()
        assert body["unread_count"] == 1
        [row] = body["results"]
        assert row["kind"] == "invitation_accepted"
        assert row["actor"]["id"] == other.pk
        assert row["actor"]["relationship"] == "connected"

    @pytest.mark.parametrize("size", [2, 12])
    def test_query_count_is_constant(
        self, member_api: APIClient, member: User, size: int, django_assert_num_queries
    ) -> None:
        for index, actor in enumerate(UserFactory.create_batch(size)):
            notify(member, f"with-actor-{index}", actor=actor)
            notify(member, f"without-actor-{index}")
        # page (actors and profiles joined), invitations pending (connected: the degrees' 1st),
        # unread count, degrees (2)
        with django_assert_num_queries(5):
            response = member_api.get(url("notifications"))
        assert response.json()["unread_count"] == 2 * size


class TestRegressions:
    """Defects first found through the API, fixed in the domain layer; kept as regressions."""

    def test_a_hidden_actor_leaves_the_list(
        self, member_api: APIClient, member: User, other: User
    ) -> None:
        notify(member, "from-other", actor=other)
        account_services.block_create(blocker=other, blocked_id=member.pk)
        body = member_api.get(url("notifications")).json()
        assert body["results"] == []
        assert body["unread_count"] == 0


class TestMarkRead:
    def test_some_then_all(self, member_api: APIClient, member: User, other: User) -> None:
        first, second, third = (notify(member, key) for key in "abc")
        theirs = notify(other, "theirs")
        response = member_api.post(
            url("notifications-read"), {"ids": [first.pk, second.pk, theirs.pk]}
        )
        assert response.status_code == 200, response.content
        assert response.json() == {"marked": 2, "unread_count": 1}
        assert unread_ids(member) == {third.pk}
        assert unread_ids(other) == {theirs.pk}  # never another member's

        again = member_api.post(url("notifications-read"), {"ids": [first.pk]})
        assert again.json() == {"marked": 0, "unread_count": 1}
        everything = member_api.post(url("notifications-read"), {"all": True})
        assert everything.json() == {"marked": 1, "unread_count": 0}
        assert unread_ids(member) == set()

    @pytest.mark.parametrize(
        "payload",
        [{}, {"all": False}, {"ids": [1], "all": True}, {"ids": "x"}, {"ids": [0]}],
    )
    def test_refusals(self, member_api: APIClient, member: User, payload: dict) -> None:
        notify(member, "a")
        assert_error(member_api.post(url("notifications-read"), payload), 400, "invalid")
        assert len(unread_ids(member)) == 1


@pytest.mark.parametrize(
    ("method", "name"), [("get", "notifications"), ("post", "notifications-read")]
)
def test_authentication_is_required(api: APIClient, method: str, name: str) -> None:
    assert_error(getattr(api, method)(url(name)), 401, "not_authenticated")
