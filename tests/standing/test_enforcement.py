"""A restriction stops exactly what it names (invite, message, post: posts, comments, group
posts), until its end or until lifted, through each action's one rule function; the detail
says what and until when, and `retry_after` is set when there is an end."""

from datetime import timedelta

import pytest
from django.utils import timezone

from accounts.models import User
from connections import policies as connection_policies
from connections import services as connection_services
from connections.models import Invitation
from feed import services as feed_services
from feed.models import Comment, Post
from groups import services as group_services
from messaging import services as messaging_services
from messaging.models import Message
from standing import services
from standing.exceptions import Restricted
from standing.models import Sanction, SanctionKind
from standing.policies import restriction_reason
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def restrict(member: User, *actions: str, until=None) -> Sanction:
    return services.sanction_create(
        member=member, kind=SanctionKind.RESTRICTION, actions=actions, until=until, reason="Spam"
    )


def test_good_standing_allows_everything(member: User) -> None:
    assert all(
        restriction_reason(member, action) is None for action in ["invite", "message", "post"]
    )


def test_a_restriction_names_what_and_until_lifted(member: User) -> None:
    restrict(member, "invite")
    reason = restriction_reason(member, "invite")
    assert isinstance(reason, Restricted) and reason.code == "restricted" and reason.status == 403
    assert "sending invitations" in reason.detail and "until a moderator lifts" in reason.detail
    assert reason.retry_after is None
    assert restriction_reason(member, "message") is None
    assert restriction_reason(member, "post") is None


def test_a_restriction_with_an_end_says_when(member: User) -> None:
    end = timezone.now() + timedelta(hours=5)
    restrict(member, "message", until=end)
    reason = restriction_reason(member, "message")
    assert reason is not None and "until" in reason.detail and str(end.year) in reason.detail
    assert reason.retry_after is not None and 0 < reason.retry_after <= 5 * 3600 + 1


def test_an_ended_or_lifted_restriction_stops_nothing(member: User) -> None:
    ended = restrict(member, "post", until=timezone.now() + timedelta(hours=1))
    Sanction.objects.filter(pk=ended.pk).update(ends_at=timezone.now() - timedelta(seconds=1))
    assert restriction_reason(member, "post") is None
    lifted = restrict(member, "post")
    services.sanction_lift(sanction=lifted, by=None)
    assert restriction_reason(member, "post") is None


def test_the_longest_restriction_is_told(member: User) -> None:
    restrict(member, "post", until=timezone.now() + timedelta(hours=1))
    restrict(member, "post")
    reason = restriction_reason(member, "post")
    assert reason is not None and reason.retry_after is None


def test_a_warning_stops_nothing(member: User) -> None:
    services.sanction_create(member=member, kind=SanctionKind.WARNING, reason="Careful")
    assert restriction_reason(member, "invite") is None


def test_invitations_are_refused_and_the_preflight_greys_the_button(
    member: User, other: User, django_capture_on_commit_callbacks
) -> None:
    restrict(member, "invite")
    preflight = connection_policies.invitation_preflight(sender=member, recipient=other)
    assert not preflight.can_invite and isinstance(preflight.reason, Restricted)
    with django_capture_on_commit_callbacks() as callbacks, pytest.raises(Restricted):
        connection_services.invitation_send(sender=member, recipient_id=other.pk)
    assert callbacks == [] and not Invitation.objects.exists()


def test_a_restricted_member_may_still_accept_by_inviting_back(member: User, other: User) -> None:
    """Accepting is not inviting: sending to someone who invited you accepts theirs."""
    connection_services.invitation_send(sender=other, recipient_id=member.pk)
    restrict(member, "invite")
    outcome = connection_services.invitation_send(sender=member, recipient_id=other.pk)
    assert outcome.connection is not None


def test_messaging_is_refused_at_start_and_at_send(
    member: User, other: User, connect, django_capture_on_commit_callbacks
) -> None:
    connect(member, other)
    conversation = messaging_services.conversation_start(
        sender=member, participant_ids=[other.pk], body="Hi"
    ).conversation
    restrict(member, "message")
    before = Message.objects.count()
    with django_capture_on_commit_callbacks() as callbacks:
        with pytest.raises(Restricted):
            messaging_services.conversation_start(
                sender=member, participant_ids=[other.pk], body="Again"
            )
        with pytest.raises(Restricted):
            messaging_services.message_send(
                sender=member, conversation_id=conversation.pk, body="Again"
            )
    assert callbacks == [] and Message.objects.count() == before
    # The other member is not restricted.
    assert messaging_services.message_send(sender=other, conversation_id=conversation.pk, body="Ok")


def test_posting_commenting_and_group_posts_are_refused(
    member: User, other: User, django_capture_on_commit_callbacks
) -> None:
    post = feed_services.post_create(author=other, body="Hello")
    group = group_services.group_create(creator=member, name="Makers")
    restrict(member, "post")
    with django_capture_on_commit_callbacks() as callbacks:
        with pytest.raises(Restricted):
            feed_services.post_create(author=member, body="Spam")
        with pytest.raises(Restricted):
            feed_services.post_create(author=member, body="Spam", group_id=group.pk)
        with pytest.raises(Restricted):
            feed_services.comment_create(author=member, post_id=post.pk, body="Spam")
    assert callbacks == []
    assert Post.objects.count() == 1 and not Comment.objects.exists()


def test_a_restriction_of_one_member_leaves_others_alone(member: User) -> None:
    restrict(member, "invite", "message", "post")
    someone = UserFactory.create()
    assert restriction_reason(someone, "invite") is None
