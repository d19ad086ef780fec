"""Read state and what follows from it: marking a conversation read, and the in-app
notification of a new message, whose dedupe key carries the recipient's read mark. Both halves
of the "no flood" rule live here: unread messages add no notification, reading marks the
conversation's notifications read."""

from django.db.models import QuerySet
from django.urls import reverse
from django.utils import timezone

from accounts.models import User, active_member
from messaging import selectors
from messaging.models import Message, Participant
from notifications.models import NotificationKind
from notifications.services import notifications_mark_read_by_key, notify

NEW_MESSAGE_KIND = NotificationKind.NEW_MESSAGE


def _notification_key_prefix(conversation_id: int) -> str:
    return f"{NEW_MESSAGE_KIND}:{conversation_id}:"


def conversation_mark_read(*, member: User, conversation_id: int) -> Participant:
    """Mark the conversation read up to its latest message, and its notifications read.

    Raises ConversationNotFound.
    """
    seat = selectors.access_conversation(member=member, conversation_id=conversation_id)
    seat_mark_read(seat)
    return seat


def seat_mark_read(seat: Participant) -> bool:
    """Mark a seat read up to the conversation's last message as loaded with the seat (what
    the member was shown); return whether anything changed."""
    latest = seat.conversation.last_message_id or 0
    if seat.last_read_message_id >= latest:
        return False
    now = timezone.now()
    changed = Participant.objects.filter(pk=seat.pk, last_read_message_id__lt=latest).update(
        last_read_message_id=latest, last_read_at=now
    )
    if changed:
        notifications_mark_read_by_key(
            recipient_id=seat.member_id,
            kind=NEW_MESSAGE_KIND,
            key_prefix=_notification_key_prefix(seat.conversation_id),
            read_at=now,
        )
    seat.last_read_message_id, seat.last_read_at = latest, now
    return bool(changed)


def new_message_notify(*, message_id: int) -> int:
    """Tell each recipient of a message about it in the app; return how many were told.

    One unread notification per conversation and member: its key carries the member's read
    mark, so further messages before they read the conversation add nothing, and the next
    message after they read it notifies again. Running twice creates nothing more. No email:
    the digest mails unread messages in batches.
    """
    message = Message.objects.select_related("sender", "conversation").filter(pk=message_id).first()
    if message is None:
        return 0
    conversation = message.conversation
    name = message.sender.full_name
    text = (
        f"{name} sent a message in {conversation.title or 'a group conversation'}."
        if conversation.is_group
        else f"{name} sent you a message."
    )
    link = reverse("messaging:conversation", args=[conversation.pk])
    told = 0
    for seat in _unread_seats(message):
        created = notify(
            recipient_id=seat.member_id,
            kind=NEW_MESSAGE_KIND,
            text=text,
            dedupe_key=f"{_notification_key_prefix(conversation.pk)}{seat.last_read_message_id}",
            link=link,
            actor_id=message.sender_id,
            email=False,  # mailed in the batched digest (messaging.services.digests)
        )
        told += int(created is not None)
    return told


def _unread_seats(message: Message) -> QuerySet[Participant]:
    """The seats of the active members, other than the sender, who have not read the message
    and whose conversation no block hides."""
    return (
        Participant.objects.filter(
            active_member("member"),
            conversation_id=message.conversation_id,
            left_at__isnull=True,
            last_read_message_id__lt=message.pk,
            joined_after_message_id__lt=message.pk,
        )
        .exclude(member_id=message.sender_id)
        .filter(~selectors.seat_hidden())
    )
