"""Reads of messaging: the inbox, a conversation, unread counts, digests. Constant queries.

Visibility in one place: a member sees a conversation while they hold an active seat in it
and have not blocked another active participant (a block hides the conversation for the
blocker). Everything else is the same ConversationNotFound, missing or not.
"""

from dataclasses import dataclass

from django.db.models import (
    Count,
    Exists,
    F,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Value,
)
from django.db.models.functions import Coalesce, Greatest

from accounts.models import Block, User, active_member
from messaging.exceptions import ConversationNotFound
from messaging.models import Conversation, Message, Participant
from standing.models import HiddenKind
from standing.selectors import hidden_for


def hidden_by_own_block(member_id: int, conversation_ref: str = "conversation_id") -> Exists:
    """EXISTS true when `member_id` blocked another active participant of the row's conversation."""
    return Exists(
        Participant.objects.filter(
            conversation_id=OuterRef(conversation_ref),
            left_at__isnull=True,
            member_id__in=Block.objects.in_force()
            .filter(blocker_id=member_id)
            .values("blocked_id"),
        )
    )


def seat_hidden() -> Exists:
    """EXISTS true when a seat row's member blocked another active participant: the
    conversation is hidden for them (the same rule as hidden_by_own_block, per row)."""
    return Exists(
        Participant.objects.filter(
            conversation_id=OuterRef("conversation_id"),
            left_at__isnull=True,
            member_id__in=Block.objects.in_force()
            .filter(blocker_id=OuterRef(OuterRef("member_id")))
            .values("blocked_id"),
        )
    )


def seats_of(member: User) -> QuerySet[Participant]:
    """The member's active seats in conversations they may see."""
    return Participant.objects.filter(member=member, left_at__isnull=True).filter(
        ~hidden_by_own_block(member.pk)
    )


def conversations_visible_to(member: User) -> QuerySet[Conversation]:
    """The conversations in which the member holds an active seat and that no block of theirs
    hides (the same rule as seats_of, from the conversation's side)."""
    return Conversation.objects.filter(
        Exists(
            Participant.objects.filter(
                conversation_id=OuterRef("pk"), member=member, left_at__isnull=True
            )
        )
    ).filter(~hidden_by_own_block(member.pk, "pk"))


def access_conversation(*, member: User, conversation_id: int) -> Participant:
    """Return the member's seat, with its conversation, or the same not-found for a missing
    conversation, one they are not in (or left), and one their block hides.

    Raises ConversationNotFound.
    """
    seat = (
        seats_of(member)
        .filter(conversation_id=conversation_id)
        .select_related("conversation", "conversation__last_message")
        .first()
    )
    if seat is None:
        raise ConversationNotFound()
    return seat


def unread_count_expression(member_id: int) -> Coalesce:
    """Count, per seat row, the messages after its read mark that others sent."""
    unread = (
        Message.objects.filter(
            conversation_id=OuterRef("conversation_id"), id__gt=OuterRef("last_read_message_id")
        )
        .exclude(sender_id=member_id)
        .order_by()
        .values("conversation_id")
        .annotate(count=Count("id"))
        .values("count")
    )
    return Coalesce(Subquery(unread, output_field=IntegerField()), Value(0))


def other_seats() -> QuerySet[Participant]:
    """Active seats with their members, for showing who else is in a conversation."""
    return (
        Participant.objects.filter(left_at__isnull=True)
        .select_related("member", "member__profile")
        .order_by("joined_at", "id")
    )


def inbox_for(
    member: User, *, archived: bool | None = False, query: str = ""
) -> QuerySet[Participant]:
    """Return the member's seats, latest activity first, each with `unread_count`,
    the conversation's last message (and sender) and `conversation.seats`
    (every active participant with profile), in three queries whatever the sizes.

    `archived`: False the inbox, True the archive, None both. `query` keeps conversations
    with another participant whose name matches every word.
    """
    seats = seats_of(member)
    if archived is not None:
        seats = seats.filter(archived_at__isnull=not archived)
    seats = (
        seats.annotate(unread_count=unread_count_expression(member.pk))
        .select_related(
            "conversation",
            "conversation__last_message",
            "conversation__last_message__sender",
            "conversation__last_message__sender__profile",
        )
        .prefetch_related(
            Prefetch("conversation__participants", queryset=other_seats(), to_attr="seats")
        )
        .order_by("-last_activity_at", "-id")
    )
    for word in query.split()[:5]:
        seats = seats.filter(
            Exists(
                Participant.objects.filter(
                    conversation_id=OuterRef("conversation_id"), left_at__isnull=True
                )
                .exclude(member_id=member.pk)
                .filter(
                    Q(member__first_name__icontains=word) | Q(member__last_name__icontains=word)
                )
            )
        )
    return seats


def conversation_for(*, member: User, conversation_id: int) -> Participant:
    """Return the member's seat as inbox_for shows it (unread count, last message, seats).

    Raises ConversationNotFound.
    """
    seat = inbox_for(member, archived=None).filter(conversation_id=conversation_id).first()
    if seat is None:
        raise ConversationNotFound()
    return seat


def unread_total(member: User) -> int:
    """Count every unread message of the member (archived conversations included)."""
    return (
        Message.objects.filter(
            conversation__participants__member=member,
            conversation__participants__left_at__isnull=True,
            id__gt=F("conversation__participants__last_read_message_id"),
        )
        .exclude(sender=member)
        .filter(~hidden_by_own_block(member.pk))
        .count()
    )


def conversation_seats(conversation_id: int) -> list[Participant]:
    """Return the active participants of a conversation, with members and profiles."""
    return list(other_seats().filter(conversation_id=conversation_id))


def messages_for(seat: Participant) -> QuerySet[Message]:
    """Return the messages this seat may read, newest first, with senders and profiles
    (not those its member reported)."""
    return (
        Message.objects.filter(
            conversation_id=seat.conversation_id, id__gt=seat.joined_after_message_id
        )
        .filter(~hidden_for(seat.member_id, HiddenKind.MESSAGE))
        .select_related("sender", "sender__profile")
        .order_by("-id")
    )


def visible_last_message(seat: Participant) -> Message | None:
    """Return the conversation's last message if this seat may read it (joined before it)."""
    message = seat.conversation.last_message
    if message is None or message.pk <= seat.joined_after_message_id:
        return None
    return message


def one_to_one_between(first_id: int, second_id: int) -> Conversation | None:
    """Return the 1:1 conversation of this pair, if there is one."""
    low, high = sorted((first_id, second_id))
    return Conversation.objects.filter(is_group=False, pair_low_id=low, pair_high_id=high).first()


def active_member_ids(conversation_id: int) -> list[int]:
    """Return the ids of the conversation's active participants."""
    return list(
        Participant.objects.filter(conversation_id=conversation_id, left_at__isnull=True)
        .order_by("member_id")
        .values_list("member_id", flat=True)
    )


def digest_candidate_ids() -> list[int]:
    """Return the members who may have unread messages not yet in a digest."""
    return list(
        Participant.objects.filter(
            active_member("member"),
            left_at__isnull=True,
            conversation__last_message_id__gt=Greatest(
                "last_read_message_id", "digested_message_id"
            ),
        )
        .order_by("member_id")
        .values_list("member_id", flat=True)
        .distinct()
    )


@dataclass(frozen=True)
class DigestItem:
    """One conversation's unread messages not yet mailed."""

    conversation: Conversation
    messages: list[Message]


def digest_messages(member: User) -> list[DigestItem]:
    """Group the member's unread messages not yet in a digest by conversation, oldest first."""
    rows = (
        Message.objects.filter(
            conversation__participants__member=member,
            conversation__participants__left_at__isnull=True,
            id__gt=Greatest(
                F("conversation__participants__last_read_message_id"),
                F("conversation__participants__digested_message_id"),
            ),
        )
        .exclude(sender=member)
        .filter(~hidden_by_own_block(member.pk))
        .select_related("sender", "conversation")
        .order_by("conversation_id", "id")
    )
    items: list[DigestItem] = []
    for message in rows:
        if not items or items[-1].conversation.pk != message.conversation_id:
            items.append(DigestItem(conversation=message.conversation, messages=[]))
        items[-1].messages.append(message)
    return items
