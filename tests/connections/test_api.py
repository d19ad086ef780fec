"""Invitations and connections API: every error code through HTTP, happy paths, auth, queries.

Every refusal also asserts that nothing was written (invitations, connections, counters) and
nothing was scheduled.
"""

from collections.abc import Callable
from datetime import timedelta
from typing import Any

import pytest
from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from rest_framework.test import APIClient

from accounts import services as account_services
from accounts.models import ConnectionsVisibleTo, InvitationsFrom, User
from connections import services
from connections.exceptions import ConnectionsHidden
from connections.models import Connection, ConnectionCount, Invitation, InvitationStatus
from connections.policies import connections_view_block_reason
from groups import services as group_services
from tests.factories import UserFactory
from tests.helpers import assert_error, url

pytestmark = pytest.mark.django_db

Connect = Callable[[User, User], None]


def invite(sender: User, recipient: User, note: str = "") -> Invitation:
    return services.invitation_send(sender=sender, recipient_id=recipient.pk, note=note).invitation


def client_for(member: User) -> APIClient:
    client = APIClient()
    client.force_authenticate(member)
    return client


def graph_state() -> tuple[object, ...]:
    return (
        sorted(Invitation.objects.values_list("pk", "status")),
        sorted(Connection.objects.values_list("member_id", "other_id")),
        sorted(ConnectionCount.objects.values_list("member_id", "count")),
    )


@pytest.fixture
def refused(django_capture_on_commit_callbacks) -> Callable[..., dict]:
    """Make a request that must be refused with (status, code) and leave no trace."""

    def _refused(request: Callable[[], object], status: int, code: str) -> dict:
        before = graph_state()
        with django_capture_on_commit_callbacks() as callbacks:
            response = request()
        body = assert_error(response, status, code)
        assert graph_state() == before
        assert callbacks == []
        return {"body": body, "response": response}

    return _refused


def send(client: APIClient, to: int | str, **fields: object) -> Any:
    return client.post(url("invitations"), {"to": to, **fields})


class TestSendInvitation:
    def test_creates_a_pending_invitation(
        self, member_api: APIClient, member: User, other: User, django_capture_on_commit_callbacks
    ) -> None:
        with django_capture_on_commit_callbacks() as callbacks:
            response = send(member_api, other.pk, note="  Met at PyCon  ")
        assert response.status_code == 201, response.content
        body = response.json()
        invitation = Invitation.objects.get()
        assert body["id"] == invitation.pk
        assert body["note"] == "Met at PyCon"
        assert body["status"] == "pending"
        assert body["sender"]["id"] == member.pk and body["sender"]["relationship"] == "self"
        assert body["recipient"] == {
            "id": other.pk,
            "first_name": "Bruno",
            "last_name": "Costa",
            "headline": other.profile.headline,
            "location": other.profile.location,
            "photo": None,
            "degree": None,
            "mutual_connections_count": 0,
            "relationship": "invitation_sent",
        }
        assert set(body) >= {"id", "sender", "recipient", "note", "created_at"}
        assert callbacks  # the recipient's notification, scheduled after commit

    def test_their_pending_invitation_is_accepted_instead(
        self, member_api: APIClient, member: User, other: User
    ) -> None:
        theirs = invite(other, member)
        response = send(member_api, other.pk, note="Hello")
        assert response.status_code == 200, response.content
        body = response.json()
        assert body["member"]["id"] == other.pk
        assert body["member"]["relationship"] == "connected"
        assert body["connected_at"]
        theirs.refresh_from_db()
        assert theirs.status == InvitationStatus.ACCEPTED
        assert Invitation.objects.count() == 1
        assert Connection.objects.filter(member=member, other=other).exists()

    def test_email_known_recipient(self, member_api: APIClient, other: User, refused) -> None:
        account_services.member_settings_update(
            member=other, invitations_from=InvitationsFrom.EMAIL_KNOWN
        )
        refused(lambda: send(member_api, other.pk), 403, "email_required")
        refused(
            lambda: send(member_api, other.pk, email="wrong@example.com"), 403, "email_required"
        )
        response = send(member_api, other.pk, email=f"  {other.email.upper()} ")
        assert response.status_code == 201, response.content

    def test_inviting_again_after_an_expiry_the_task_has_not_processed(
        self, member_api: APIClient, member: User, other: User
    ) -> None:
        stale = invite(member, other)
        Invitation.objects.filter(pk=stale.pk).update(
            created_at=timezone.now() - timedelta(days=181)
        )
        response = send(member_api, other.pk)
        assert response.status_code == 201, response.content
        stale.refresh_from_db()
        assert stale.status == InvitationStatus.EXPIRED

    def test_self_invitation(self, member_api: APIClient, member: User, refused) -> None:
        refused(lambda: send(member_api, member.pk), 400, "self_invitation")

    def test_note_too_long(self, member_api: APIClient, other: User, refused) -> None:
        refused(lambda: send(member_api, other.pk, note="x" * 301), 400, "note_too_long")
        with override_settings(INVITATION_NOTE_MAX_LENGTH=5):
            refused(lambda: send(member_api, other.pk, note="sixsix"), 400, "note_too_long")
        assert send(member_api, other.pk, note="x" * 300).status_code == 201

    def test_already_connected(
        self, member_api: APIClient, member: User, other: User, connect: Connect, refused
    ) -> None:
        connect(member, other)
        refused(lambda: send(member_api, other.pk), 409, "already_connected")

    def test_invitation_pending(
        self, member_api: APIClient, member: User, other: User, refused
    ) -> None:
        invite(member, other)
        refused(lambda: send(member_api, other.pk), 409, "invitation_pending")

    def test_not_allowed_by_recipient(
        self, member_api: APIClient, member: User, other: User, refused
    ) -> None:
        account_services.member_settings_update(
            member=other, invitations_from=InvitationsFrom.NOBODY
        )
        refused(lambda: send(member_api, other.pk), 403, "not_allowed_by_recipient")
        account_services.member_settings_update(
            member=other, invitations_from=InvitationsFrom.MUTUALS
        )
        refused(lambda: send(member_api, other.pk), 403, "not_allowed_by_recipient")

    def test_member_not_found_missing_or_blocked_either_way(
        self, member_api: APIClient, member: User, other: User, refused
    ) -> None:
        missing = refused(lambda: send(member_api, 99_999_999), 404, "member_not_found")
        huge = refused(lambda: send(member_api, 10**20), 404, "member_not_found")
        blocker = UserFactory.create()
        account_services.block_create(blocker=blocker, blocked_id=member.pk)
        blocked_by_them = refused(lambda: send(member_api, blocker.pk), 404, "member_not_found")
        account_services.block_create(blocker=member, blocked_id=other.pk)
        blocked_by_me = refused(lambda: send(member_api, other.pk), 404, "member_not_found")
        assert missing["body"] == huge["body"] == blocked_by_them["body"] == blocked_by_me["body"]

    def test_reinvite_too_soon(
        self, member_api: APIClient, member: User, other: User, refused
    ) -> None:
        invitation = invite(member, other)
        services.invitation_withdraw(sender=member, invitation_id=invitation.pk)
        result = refused(lambda: send(member_api, other.pk), 429, "reinvite_too_soon")
        retry_after = int(result["response"]["Retry-After"])
        assert 20 * 86400 < retry_after <= 21 * 86400 + 1

    @override_settings(INVITATIONS_WEEKLY_LIMIT=2)
    def test_weekly_invitation_limit(self, member_api: APIClient, member: User, refused) -> None:
        first, second, third = UserFactory.create_batch(3)
        invite(member, first)
        invite(member, second)
        result = refused(lambda: send(member_api, third.pk), 429, "weekly_invitation_limit")
        retry_after = int(result["response"]["Retry-After"])
        assert 6 * 86400 < retry_after <= 7 * 86400 + 1

    @override_settings(INVITATIONS_PENDING_LIMIT=1)
    def test_pending_invitation_limit(
        self, member_api: APIClient, member: User, other: User, refused
    ) -> None:
        invite(member, UserFactory.create())
        refused(lambda: send(member_api, other.pk), 429, "pending_invitation_limit")

    def test_connection_limit_reached_either_side(
        self, member_api: APIClient, member: User, other: User, connect: Connect, refused
    ) -> None:
        with override_settings(CONNECTIONS_MAX_PER_MEMBER=1):
            connect(other, UserFactory.create())
            refused(lambda: send(member_api, other.pk), 409, "connection_limit_reached")
            connect(member, UserFactory.create())
            refused(
                lambda: send(member_api, UserFactory.create().pk), 409, "connection_limit_reached"
            )

    def test_accepting_theirs_at_the_cap(
        self, member_api: APIClient, member: User, other: User, connect: Connect, refused
    ) -> None:
        invite(other, member)
        with override_settings(CONNECTIONS_MAX_PER_MEMBER=1):
            connect(member, UserFactory.create())
            refused(lambda: send(member_api, other.pk), 409, "connection_limit_reached")

    def test_invalid_input(self, member_api: APIClient, refused) -> None:
        body = refused(lambda: member_api.post(url("invitations"), {}), 400, "invalid")["body"]
        assert "to" in body["fields"]
        body = refused(lambda: send(member_api, "x"), 400, "invalid")["body"]
        assert "to" in body["fields"]
        refused(lambda: send(member_api, 0), 400, "invalid")


class TestRespond:
    def test_accept(
        self, member_api: APIClient, member: User, other: User, django_capture_on_commit_callbacks
    ) -> None:
        invitation = invite(other, member)
        with django_capture_on_commit_callbacks() as callbacks:
            response = member_api.post(url("invitation-accept", invitation_id=invitation.pk))
        assert response.status_code == 200, response.content
        body = response.json()
        assert body["member"]["id"] == other.pk
        assert body["member"]["relationship"] == "connected"
        assert body["connected_at"]
        assert Connection.objects.count() == 2
        assert callbacks  # the sender is told (and the read side refreshed) after commit

    def test_ignore_and_dont_know(self, member_api: APIClient, member: User) -> None:
        first, second = UserFactory.create_batch(2)
        ignored = invite(first, member)
        response = member_api.post(url("invitation-ignore", invitation_id=ignored.pk))
        assert response.status_code == 200, response.content
        assert response.json()["status"] == "ignored"
        assert response.json()["sender"]["relationship"] == "none"
        unknown = invite(second, member)
        response = member_api.post(
            url("invitation-ignore", invitation_id=unknown.pk), {"reason": "dont_know"}
        )
        assert response.status_code == 200, response.content
        assert response.json()["status"] == "dont_know"
        assert Connection.objects.count() == 0

    def test_ignore_with_a_bad_reason(self, member_api: APIClient, member: User, refused):
        invitation = invite(UserFactory.create(), member)
        body = refused(
            lambda: member_api.post(
                url("invitation-ignore", invitation_id=invitation.pk), {"reason": "spam"}
            ),
            400,
            "invalid",
        )["body"]
        assert "reason" in body["fields"]

    def test_withdraw(self, member_api: APIClient, member: User, other: User) -> None:
        invitation = invite(member, other)
        response = member_api.post(url("invitation-withdraw", invitation_id=invitation.pk))
        assert response.status_code == 200, response.content
        assert response.json()["status"] == "withdrawn"
        assert response.json()["recipient"]["relationship"] == "none"

    def test_not_the_callers_to_act_on_is_404(
        self, member_api: APIClient, member: User, other: User, refused
    ) -> None:
        third = client_for(UserFactory.create())
        sent = invite(member, other)
        received = invite(UserFactory.create(), member)
        cases = [
            (third, "invitation-accept", sent),
            (third, "invitation-ignore", sent),
            (third, "invitation-withdraw", sent),
            (member_api, "invitation-accept", sent),  # the sender cannot accept
            (member_api, "invitation-ignore", sent),
            (member_api, "invitation-withdraw", received),  # the recipient cannot withdraw
        ]
        for client, name, invitation in cases:
            refused(
                lambda c=client, n=name, i=invitation: c.post(url(n, invitation_id=i.pk)),
                404,
                "invitation_not_found",
            )
        refused(
            lambda: member_api.post(url("invitation-accept", invitation_id=99_999_999)),
            404,
            "invitation_not_found",
        )

    def test_invitation_not_pending(
        self, member_api: APIClient, member: User, other: User, refused
    ) -> None:
        ignored = invite(other, member)
        services.invitation_ignore(recipient=member, invitation_id=ignored.pk)
        for name in ("invitation-accept", "invitation-ignore"):
            refused(
                lambda n=name: member_api.post(url(n, invitation_id=ignored.pk)),
                409,
                "invitation_not_pending",
            )
        sent = invite(member, UserFactory.create())
        services.invitation_withdraw(sender=member, invitation_id=sent.pk)
        refused(
            lambda: member_api.post(url("invitation-withdraw", invitation_id=sent.pk)),
            409,
            "invitation_not_pending",
        )

    def test_expired_invitation_cannot_be_accepted(
        self, member_api: APIClient, member: User, other: User, refused
    ) -> None:
        invitation = invite(other, member)
        Invitation.objects.filter(pk=invitation.pk).update(
            created_at=timezone.now() - timedelta(days=181)
        )
        refused(
            lambda: member_api.post(url("invitation-accept", invitation_id=invitation.pk)),
            409,
            "invitation_not_pending",
        )

    def test_accept_at_the_cap(
        self, member_api: APIClient, member: User, other: User, connect: Connect, refused
    ) -> None:
        invitation = invite(other, member)
        with override_settings(CONNECTIONS_MAX_PER_MEMBER=1):
            connect(other, UserFactory.create())
            refused(
                lambda: member_api.post(url("invitation-accept", invitation_id=invitation.pk)),
                409,
                "connection_limit_reached",
            )


class TestInvitationLists:
    def test_received_and_sent(self, member_api: APIClient, member: User, other: User) -> None:
        older = invite(UserFactory.create(), member)
        newer = invite(other, member)
        sent = invite(member, UserFactory.create(), note="Hi")
        hidden = invite(UserFactory.create(), member)
        account_services.block_create(blocker=member, blocked_id=hidden.sender_id)

        received = member_api.get(url("invitations-received")).json()
        assert received["count"] == 2
        assert [row["id"] for row in received["results"]] == [newer.pk, older.pk]
        row = received["results"][0]
        assert set(row) >= {"id", "sender", "recipient", "note", "created_at"}
        assert row["sender"]["id"] == other.pk
        assert row["sender"]["relationship"] == "invitation_received"
        assert row["recipient"]["relationship"] == "self"

        listed = member_api.get(url("invitations-sent")).json()
        assert listed["count"] == 1 and listed["next"] is None
        assert listed["results"][0]["id"] == sent.pk
        assert listed["results"][0]["note"] == "Hi"
        assert listed["results"][0]["recipient"]["relationship"] == "invitation_sent"

    def test_received_show_the_groups_shared_with_the_sender(
        self, member_api: APIClient, member: User, other: User
    ) -> None:
        group = group_services.group_create(
            creator=other, name="Lisbon Gardeners", description="", industry="farming"
        )
        group_services.group_join(member=member, group_id=group.pk)
        invite(other, member)
        invite(UserFactory.create(), member)
        rows = member_api.get(url("invitations-received")).json()["results"]
        assert [row["shared_groups"] for row in rows] == [[], ["Lisbon Gardeners"]]

    @pytest.mark.parametrize("size", [2, 12])
    def test_received_query_count_is_constant(
        self, member_api: APIClient, member: User, size: int, django_assert_num_queries
    ) -> None:
        for sender in UserFactory.create_batch(size):
            invite(sender, member)
        # count, page (plain rows), the cards, invitations pending (connected: the degrees'
        # 1st), degrees: blocks and the adjacency of the page (cold cache), shared groups
        with django_assert_num_queries(6):
            response = member_api.get(url("invitations-received"))
        assert response.json()["count"] == size

    @pytest.mark.parametrize("size", [2, 12])
    def test_sent_query_count_is_constant(
        self, member_api: APIClient, member: User, size: int, django_assert_num_queries
    ) -> None:
        for recipient in UserFactory.create_batch(size):
            invite(member, recipient)
        with django_assert_num_queries(5):  # the received list's, less the shared groups
            response = member_api.get(url("invitations-sent"))
        assert response.json()["count"] == size


class TestConnections:
    def test_list_search_and_order(
        self, member_api: APIClient, member: User, connect: Connect
    ) -> None:
        zoe = UserFactory.create(first_name="Zoe", last_name="Almeida")
        carl = UserFactory.create(first_name="Carl", last_name="Zimmer")
        ana = UserFactory.create(first_name="Ana", last_name="Moreira")
        for other in (zoe, carl, ana):
            connect(member, other)
        newest = member_api.get(url("connections")).json()
        assert newest["count"] == 3
        assert [row["member"]["id"] for row in newest["results"]] == [ana.pk, carl.pk, zoe.pk]
        assert newest["results"][0]["member"]["relationship"] == "connected"
        assert newest["results"][0]["connected_at"]
        by_name = member_api.get(url("connections"), {"ordering": "last_name"}).json()
        assert [row["member"]["id"] for row in by_name["results"]] == [zoe.pk, ana.pk, carl.pk]
        found = member_api.get(url("connections"), {"q": "zim"}).json()
        assert [row["member"]["id"] for row in found["results"]] == [carl.pk]
        assert found["count"] == 1

    def test_suspended_and_deactivated_members_are_left_out_of_page_and_count(
        self, member_api: APIClient, member: User, connect: Connect
    ) -> None:
        """The list reads "shown" as "not among the inactive members" (accounts.models.
        active_member_id), so its count joins no member rows: PostgreSQL answers it from the
        partial index of inactive members, where a join let it scan every member
        (docs/benchmarks.md, "The connections count")."""
        first, shown, suspended, gone = UserFactory.create_batch(4)
        for other in (first, shown, suspended, gone):
            connect(member, other)
        User.objects.filter(pk=suspended.pk).update(is_active=False)
        User.objects.filter(pk=gone.pk).update(deactivated_at=timezone.now())
        with CaptureQueriesContext(connection) as queries:
            body = member_api.get(url("connections"), {"page_size": 1}).json()
        assert [row["member"]["id"] for row in body["results"]] == [shown.pk]
        assert body["count"] == 2  # a full page: the count was asked
        (count,) = [q["sql"] for q in queries.captured_queries if "COUNT(*)" in q["sql"]]
        assert 'JOIN "accounts_user"' not in count

    def test_unknown_ordering_is_refused(self, member_api: APIClient) -> None:
        body = assert_error(
            member_api.get(url("connections"), {"ordering": "email"}), 400, "invalid"
        )
        assert "ordering" in body["fields"]

    def test_remove(
        self, member_api: APIClient, member: User, other: User, connect: Connect, refused
    ) -> None:
        connect(member, other)
        response = member_api.delete(url("connection", member_id=other.pk))
        assert response.status_code == 204
        assert not Connection.objects.exists()
        assert sorted(ConnectionCount.objects.values_list("count", flat=True)) == [0, 0]
        refused(
            lambda: member_api.delete(url("connection", member_id=other.pk)), 404, "not_connected"
        )

    @pytest.mark.parametrize("size", [2, 12])
    def test_list_query_count_is_constant(
        self,
        member_api: APIClient,
        member: User,
        connect: Connect,
        size: int,
        django_assert_num_queries,
    ) -> None:
        for other in UserFactory.create_batch(size):
            connect(member, other)
        # page (with the cards' values; the short list's own count), degrees (blocks); no
        # relationships: every one of the viewer's connections is "connected"
        with django_assert_num_queries(3):
            response = member_api.get(url("connections"), {"q": "", "ordering": "last_name"})
        assert response.json()["count"] == size


class TestMemberConnections:
    def test_visible_to_self_and_connections(
        self, member_api: APIClient, member: User, other: User, connect: Connect
    ) -> None:
        friend = UserFactory.create()
        connect(member, other)
        connect(other, friend)
        own = member_api.get(url("member-connections", member_id=member.pk))
        assert [row["member"]["id"] for row in own.json()["results"]] == [other.pk]
        theirs = member_api.get(url("member-connections", member_id=other.pk))
        assert theirs.status_code == 200, theirs.content
        rows = {row["member"]["id"]: row["member"] for row in theirs.json()["results"]}
        assert set(rows) == {member.pk, friend.pk}
        assert rows[member.pk]["relationship"] == "self"
        assert rows[friend.pk]["relationship"] == "none"
        by_name = member_api.get(
            url("member-connections", member_id=other.pk), {"q": friend.last_name}
        )
        assert [row["member"]["id"] for row in by_name.json()["results"]] == [friend.pk]

    def test_hidden_from_members_out_of_their_connections(
        self, member_api: APIClient, other: User
    ) -> None:
        assert_error(
            member_api.get(url("member-connections", member_id=other.pk)),
            403,
            "connections_hidden",
        )

    def test_only_me(
        self, member_api: APIClient, member: User, other: User, connect: Connect
    ) -> None:
        connect(member, other)
        account_services.member_settings_update(
            member=other, connections_visible_to=ConnectionsVisibleTo.ONLY_ME
        )
        assert_error(
            member_api.get(url("member-connections", member_id=other.pk)),
            403,
            "connections_hidden",
        )
        assert (
            client_for(other).get(url("member-connections", member_id=other.pk)).json()["count"]
            == 1
        )

    def test_hidden_or_missing_member_is_404(
        self, member_api: APIClient, member: User, other: User, connect: Connect
    ) -> None:
        connect(member, other)
        account_services.block_create(blocker=other, blocked_id=member.pk)
        hidden = assert_error(
            member_api.get(url("member-connections", member_id=other.pk)), 404, "member_not_found"
        )
        missing = assert_error(
            member_api.get(url("member-connections", member_id=99_999_999)),
            404,
            "member_not_found",
        )
        assert hidden == missing

    def test_members_blocked_with_the_viewer_are_left_out(
        self, member_api: APIClient, member: User, other: User, connect: Connect
    ) -> None:
        shown, blocker = UserFactory.create_batch(2)
        for friend in (member, shown, blocker):
            connect(other, friend)
        account_services.block_create(blocker=blocker, blocked_id=member.pk)
        body = member_api.get(url("member-connections", member_id=other.pk)).json()
        assert {row["member"]["id"] for row in body["results"]} == {member.pk, shown.pk}
        assert body["count"] == 2

    @pytest.mark.parametrize("size", [2, 12])
    def test_query_count_is_constant(
        self,
        member_api: APIClient,
        member: User,
        other: User,
        connect: Connect,
        size: int,
        django_assert_num_queries,
    ) -> None:
        connect(member, other)
        for friend in UserFactory.create_batch(size):
            connect(other, friend)
        # member with profile, are_connected, count, page (with the cards' values), invitations
        # pending (connected: the degrees' 1st), degrees (blocks, adjacency in one query)
        with django_assert_num_queries(6):
            response = member_api.get(url("member-connections", member_id=other.pk))
        assert response.json()["count"] == size + 1


class TestConnectionsViewPolicy:
    def test_self_always(self, member: User) -> None:
        account_services.member_settings_update(
            member=member, connections_visible_to=ConnectionsVisibleTo.ONLY_ME
        )
        assert connections_view_block_reason(viewer=member, member=member) is None

    def test_connections_setting(self, member: User, other: User, connect: Connect) -> None:
        assert isinstance(
            connections_view_block_reason(viewer=member, member=other), ConnectionsHidden
        )
        connect(member, other)
        assert connections_view_block_reason(viewer=member, member=other) is None

    def test_only_me_setting(self, member: User, other: User, connect: Connect) -> None:
        connect(member, other)
        account_services.member_settings_update(
            member=other, connections_visible_to=ConnectionsVisibleTo.ONLY_ME
        )
        reason = connections_view_block_reason(viewer=member, member=other)
        assert isinstance(reason, ConnectionsHidden)
        assert (reason.code, reason.status) == ("connections_hidden", 403)


class TestLimits:
    def test_fresh_member(self, member_api: APIClient) -> None:
        body = member_api.get(url("limits")).json()
        assert body == {
            "invitations_left_this_week": 100,
            "weekly_limit": 100,
            "next_weekly_slot_at": None,
            "pending_count": 0,
            "pending_limit": 500,
            "connections_count": 0,
            "connections_max": 30000,
            "dont_know_strikes": 0,
            "email_required_for_everyone": False,
            "cooldowns": [],
            "standing": {"status": "good", "restrictions": []},
            "new_member_until": None,
            "email_confirmed": True,
            "rate_limits": [
                {"scope": scope, "limit": limit, "window_seconds": window, "used": 0}
                | {"remaining": limit, "resets_in": body["rate_limits"][index]["resets_in"]}
                for index, (scope, limit, window) in enumerate(
                    [
                        ("search_people", 60, 60),
                        ("search_typeahead", 240, 60),
                        ("email_resend", 3, 3600),
                        ("reports", 20, 86400),
                    ]
                )
            ],
        }

    @override_settings(INVITATIONS_WEEKLY_LIMIT=2)
    def test_after_sending_withdrawing_and_connecting(
        self, member_api: APIClient, member: User, other: User, connect: Connect
    ) -> None:
        withdrawn = invite(member, other)
        services.invitation_withdraw(sender=member, invitation_id=withdrawn.pk)
        connect(member, UserFactory.create())
        body = member_api.get(url("limits")).json()
        assert body["invitations_left_this_week"] == 0
        assert body["next_weekly_slot_at"] is not None
        assert body["pending_count"] == 0
        assert body["connections_count"] == 1
        [cooldown] = body["cooldowns"]
        assert cooldown["member"]["id"] == other.pk
        assert cooldown["member"]["relationship"] == "none"
        assert cooldown["until"]


class TestPreflight:
    def get(self, client: APIClient, **query: Any) -> Any:
        return client.get(url("invitation-preflight"), query)

    def test_can_invite(self, member_api: APIClient, other: User) -> None:
        body = self.get(member_api, to=other.pk).json()
        assert body == {
            "can_invite": True,
            "reason": None,
            "email_required": False,
            "note_recommended": True,
            "accepts_their_invitation": False,
        }

    def test_reasons_and_needs(
        self, member_api: APIClient, member: User, other: User, connect: Connect
    ) -> None:
        connect(member, other)
        body = self.get(member_api, to=other.pk).json()
        assert body["can_invite"] is False
        assert body["reason"]["code"] == "already_connected"
        assert body["reason"]["detail"]
        assert self.get(member_api, to=member.pk).json()["reason"]["code"] == "self_invitation"

        wants_email = UserFactory.create(invitations_from=InvitationsFrom.EMAIL_KNOWN)
        body = self.get(member_api, to=wants_email.pk).json()
        assert (body["can_invite"], body["email_required"], body["reason"]) == (True, True, None)

        inviter = UserFactory.create()
        invite(inviter, member)
        assert self.get(member_api, to=inviter.pk).json()["accepts_their_invitation"] is True

        withdrawn = invite(member, UserFactory.create())
        services.invitation_withdraw(sender=member, invitation_id=withdrawn.pk)
        reason = self.get(member_api, to=withdrawn.recipient_id).json()["reason"]
        assert reason["code"] == "reinvite_too_soon" and reason["retry_after"] > 0
        assert Invitation.objects.filter(status=InvitationStatus.PENDING).count() == 1

    def test_bad_or_missing_to(self, member_api: APIClient) -> None:
        assert "to" in assert_error(self.get(member_api), 400, "invalid")["fields"]
        assert "to" in assert_error(self.get(member_api, to="abc"), 400, "invalid")["fields"]

    def test_hidden_or_missing_member(self, member_api: APIClient, member: User) -> None:
        blocker = UserFactory.create()
        account_services.block_create(blocker=blocker, blocked_id=member.pk)
        hidden = assert_error(self.get(member_api, to=blocker.pk), 404, "member_not_found")
        missing = assert_error(self.get(member_api, to=99_999_999), 404, "member_not_found")
        assert hidden == missing


@pytest.mark.parametrize(
    ("method", "name", "kwargs"),
    [
        ("post", "invitations", {}),
        ("get", "invitations-received", {}),
        ("get", "invitations-sent", {}),
        ("get", "invitation-preflight", {}),
        ("post", "invitation-accept", {"invitation_id": 1}),
        ("post", "invitation-ignore", {"invitation_id": 1}),
        ("post", "invitation-withdraw", {"invitation_id": 1}),
        ("get", "connections", {}),
        ("delete", "connection", {"member_id": 1}),
        ("get", "member-connections", {"member_id": 1}),
        ("get", "limits", {}),
    ],
)
def test_authentication_is_required(api: APIClient, method: str, name: str, kwargs: dict) -> None:
    assert_error(getattr(api, method)(url(name, **kwargs)), 401, "not_authenticated")


class TestRegressions:
    """Defects first found through the API, fixed in the domain layer; kept as regressions."""

    @override_settings(INVITATIONS_WEEKLY_LIMIT=1)
    def test_preflight_for_an_email_only_member_at_the_weekly_limit(
        self, member_api: APIClient, member: User
    ) -> None:
        invite(member, UserFactory.create())
        wants_email = UserFactory.create(invitations_from=InvitationsFrom.EMAIL_KNOWN)
        preflight = member_api.get(url("invitation-preflight"), {"to": wants_email.pk}).json()
        sent = send(member_api, wants_email.pk, email=wants_email.email)
        assert sent.status_code == 429
        assert preflight["can_invite"] is False
