"""The demo member's exchanges, through the product's services: conversations (some unread),
invitations both ways with notes (one accepted, which opens a conversation), a block, and
reports waiting in the moderation queue."""

from __future__ import annotations

from datetime import timedelta

from django.db.models import Max
from django.utils import timezone

from accounts.models import User
from connections import services as connection_services
from connections.models import Invitation
from devtools.demo import stories
from devtools.demo.cast import Cast, backdate
from feed import services as feed_services
from feed.models import Post
from messaging.models import Conversation, Message, Participant
from messaging.services import conversation_start, message_send
from moderation.services import report_create


def seed_conversations(cast: Cast) -> None:
    """One conversation per `stories.CONVERSATIONS` with a connection (those ending with the
    other member's message are unread), and a group conversation of three connected people."""
    for position, lines in enumerate(stories.CONVERSATIONS):
        other = cast.friend(position)
        speakers = {"demo": cast.demo, "them": other}
        _converse([(speakers[who], text) for who, text in lines], hours_ago=2 + position * 7)
    trio = _connected_pair(cast)
    if trio is not None:
        title, lines = stories.GROUP_CONVERSATION
        speakers = {"demo": cast.demo, "them": trio[0], "other": trio[1]}
        _converse([(speakers[who], text) for who, text in lines], hours_ago=1, title=title)


def _converse(lines: list[tuple[User, str]], *, hours_ago: float, title: str = "") -> None:
    (first, opening), rest = lines[0], lines[1:]
    others = {speaker.pk for speaker, _ in lines} - {first.pk}
    outcome = conversation_start(
        sender=first, participant_ids=sorted(others), body=opening, title=title
    )
    for speaker, text in rest:
        message_send(sender=speaker, conversation_id=outcome.conversation.pk, body=text)
    _spread_in_time(outcome.conversation, hours_ago)


def _spread_in_time(conversation: Conversation, hours_ago: float) -> None:
    """Space the conversation's messages 40 minutes apart, ending `hours_ago`."""
    messages = list(conversation.messages.order_by("-id").values_list("pk", flat=True))
    end = timezone.now() - timedelta(hours=hours_ago)
    for step, pk in enumerate(messages):
        Message.objects.filter(pk=pk).update(created_at=end - timedelta(minutes=40 * step))
    last = Message.objects.filter(conversation=conversation).aggregate(at=Max("created_at"))["at"]
    Conversation.objects.filter(pk=conversation.pk).update(last_message_at=last)
    Participant.objects.filter(conversation=conversation).update(last_activity_at=last)


def _connected_pair(cast: Cast) -> tuple[User, User] | None:
    """Two of the demo member's connections who are connected to each other, if any."""
    for position, first in enumerate(cast.friends):
        for second in cast.friends[position + 1 :]:
            if cast.connected(first, second):
                return first, second
    return None


def seed_invitations(cast: Cast) -> None:
    """Invitations to the demo member (with notes, one without) and from them (with notes),
    all from or to 2nd-degree members; and one the demo member sent that was accepted."""
    senders = cast.second[1 : 1 + len(stories.INVITATION_NOTES_TO_DEMO)]
    for position, (sender, note) in enumerate(
        zip(senders, stories.INVITATION_NOTES_TO_DEMO, strict=True)
    ):
        outcome = connection_services.invitation_send(
            sender=sender, recipient_id=cast.demo.pk, note=note
        )
        backdate(Invitation, outcome.invitation.pk, hours_ago=5 + position * 20)
    start = 1 + len(senders)
    recipients = cast.second[start : start + len(stories.INVITATION_NOTES_FROM_DEMO)]
    for position, (recipient, note) in enumerate(
        zip(recipients, stories.INVITATION_NOTES_FROM_DEMO, strict=True)
    ):
        outcome = connection_services.invitation_send(
            sender=cast.demo, recipient_id=recipient.pk, note=note
        )
        backdate(Invitation, outcome.invitation.pk, hours_ago=9 + position * 30)
    accepting = cast.second[start + len(recipients)]
    outcome = connection_services.invitation_send(
        sender=cast.demo, recipient_id=accepting.pk, note=stories.ACCEPTED_NOTE
    )
    connection_services.invitation_accept(recipient=accepting, invitation_id=outcome.invitation.pk)


def seed_trust_and_safety(cast: Cast) -> None:
    """A spam post reported by two members (below the automatic restriction), waiting in the
    moderator's queue; and one member the demo member blocked."""
    spammer, *reporters = cast.far[-4:-1]
    post = feed_services.post_create(author=spammer, body=stories.SPAM_POST)
    backdate(Post, post.pk, hours_ago=6)
    for reporter in reporters:
        report_create(
            reporter=reporter,
            target_type="post",
            target_id=post.pk,
            reason="spam",
            detail="Promises easy money and asks people to message for details.",
        )
    connection_services.member_block(blocker=cast.demo, blocked_id=cast.far[-1].pk)
