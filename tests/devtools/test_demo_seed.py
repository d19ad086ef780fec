"""`manage.py seed_demo`: the demo network is alive (issue 17): groups with discussions, a full
feed, unread conversations, invitations both ways, endorsements, notifications and a report
waiting for the moderator; every rule held because the services wrote it; idempotent."""

import pytest
from django.core.management import call_command

from accounts.models import Block, Endorsement, User
from connections.models import ConnectionCount, Invitation, InvitationStatus
from connections.services import connection_counts_reconcile
from devtools.demo import DEMO_EMAIL, MODERATOR_EMAIL
from feed.selectors import home_feed
from groups.models import JoinPolicy, JoinRequest, Membership, RequestStatus, Role
from messaging.selectors import unread_total
from moderation.models import Case, CaseStatus
from network.selectors import nearness_for
from notifications.models import Notification

# A transaction per step, as under ./scripts/start: the after-commit work (notifications, the
# accepted note's conversation) runs as it does there.
pytestmark = pytest.mark.django_db(transaction=True)


def test_the_demo_network_is_alive_and_seeding_twice_does_nothing(capsys) -> None:
    call_command("seed_demo", members=160)
    call_command("seed_demo", members=160)
    assert "already seeded" in capsys.readouterr().out
    demo = User.objects.get(email=DEMO_EMAIL)
    assert connection_counts_reconcile() == []
    assert ConnectionCount.objects.get(member=demo).count >= 10
    passwords = set(User.objects.values_list("password", flat=True))
    assert len(passwords) == 1, "one hash shared by every demo member"
    everyone = list(User.objects.exclude(pk=demo.pk).values_list("pk", flat=True))
    assert {1, 2, 3} <= {near.degree for near in nearness_for(demo, everyone).values()}

    roles = dict(Membership.objects.filter(member=demo).values_list("group__name", "role"))
    assert len(roles) == 5 and list(roles.values()).count(Role.OWNER) == 1
    own = Membership.objects.get(member=demo, role=Role.OWNER).group
    assert own.join_policy == JoinPolicy.APPROVAL and own.pinned_post is not None
    assert JoinRequest.objects.filter(group=own, status=RequestStatus.PENDING).count() == 1
    assert {JoinPolicy.OPEN, JoinPolicy.APPROVAL} <= set(
        Membership.objects.filter(member=demo).values_list("group__join_policy", flat=True)
    )

    feed = list(home_feed(demo)[:20])
    assert len(feed) == 20
    assert any(post.group_id for post in feed) and any(not post.group_id for post in feed)
    assert sum(post.comment_count for post in feed) > 20  # type: ignore[attr-defined]

    assert unread_total(demo) >= 4
    pending = Invitation.objects.filter(status=InvitationStatus.PENDING)
    assert pending.filter(recipient=demo).exclude(note="").count() == 2
    assert pending.filter(sender=demo).exclude(note="").count() == 2
    assert Endorsement.objects.filter(member=demo).count() >= 7
    assert Endorsement.objects.filter(endorser=demo).exists()
    kinds = set(Notification.objects.filter(recipient=demo).values_list("kind", flat=True))
    assert {"invitation_received", "invitation_accepted", "post_comment"} <= kinds
    assert Block.objects.filter(blocker=demo).count() == 1

    assert User.objects.get(email=MODERATOR_EMAIL).is_staff
    case = Case.objects.get(status=CaseStatus.OPEN)
    assert case.reporters_count == 2 and not case.automatic
