"""Who is in a conversation, as each member sees it: add people to a group, leave a group,
archive or unarchive for oneself."""

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from accounts.models import User
from messaging import policies, selectors
from messaging.exceptions import NotAGroup, TooManyParticipants
from messaging.models import Participant
from messaging.services.core import clean_participant_ids, gate, locked_seat

ADD_REFUSED = "You can add only your 1st-degree connections."


@transaction.atomic
def conversation_participants_add(
    *, member: User, conversation_id: int, participant_ids: list[int]
) -> list[int]:
    """Add 1st-degree connections of `member` to a group conversation; return the added ids.

    Members added see the messages sent from then on. Already-present members are ignored.
    Every new member must also be a 1st-degree connection of every current participant
    (policies.participants_add_block_reason), so an addition never silences the others.
    Raises ConversationNotFound, NotAGroup, NoParticipants, TooManyParticipants,
    NotFirstDegree, NotConnectedToEveryone.
    """
    conversation, active = locked_seat(member=member, conversation_id=conversation_id)
    if not conversation.is_group:
        raise NotAGroup()
    requested = clean_participant_ids(member, participant_ids)
    new = [member_id for member_id in requested if member_id not in active]
    if not new:
        return []
    limit = settings.CONVERSATION_MAX_PARTICIPANTS
    if len(active) + len(new) > limit:
        raise TooManyParticipants(f"A conversation has at most {limit} participants.")
    gate(member, new, detail=ADD_REFUSED)
    reason = policies.participants_add_block_reason(participant_ids=active, new_ids=new, lock=True)
    if reason is not None:
        raise reason
    seat = _fresh_seat(conversation.last_message_id or 0)
    returning = set(
        Participant.objects.filter(conversation=conversation, member_id__in=new).values_list(
            "member_id", flat=True
        )
    )
    Participant.objects.filter(conversation=conversation, member_id__in=returning).update(**seat)
    Participant.objects.bulk_create(
        [
            Participant(conversation=conversation, member_id=member_id, **seat)
            for member_id in new
            if member_id not in returning
        ]
    )
    return new


def _fresh_seat(mark: int) -> dict[str, object]:
    """A seat's fields for a member added now: they see only the messages after `mark`."""
    now = timezone.now()
    return {
        "left_at": None,
        "joined_at": now,
        "joined_after_message_id": mark,
        "last_read_message_id": mark,
        "last_read_at": None,
        "archived_at": None,
        "digested_message_id": mark,
        "last_activity_at": now,
    }


@transaction.atomic
def conversation_leave(*, member: User, conversation_id: int) -> None:
    """Leave a group conversation: it disappears for the member; the others go on.

    Raises ConversationNotFound, NotAGroup.
    """
    conversation, _active = locked_seat(member=member, conversation_id=conversation_id)
    if not conversation.is_group:
        raise NotAGroup("You cannot leave a conversation between two members; archive it.")
    Participant.objects.filter(conversation=conversation, member=member).update(
        left_at=timezone.now()
    )


def conversation_archive(*, member: User, conversation_id: int, archived: bool = True) -> None:
    """Archive (or unarchive) a conversation for the member; a new message unarchives it.

    Raises ConversationNotFound.
    """
    seat = selectors.access_conversation(member=member, conversation_id=conversation_id)
    Participant.objects.filter(pk=seat.pk).update(archived_at=timezone.now() if archived else None)
