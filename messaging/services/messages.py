"""Sending messages: start a conversation, send in one, and the accepted invitation's note as
the first message of the pair's conversation."""

from dataclasses import dataclass

from django.db import transaction
from django.db.models import F
from django.db.models.functions import Greatest
from django.utils import timezone

from accounts.models import User
from connections.models import Invitation, InvitationStatus
from core.exceptions import DomainError
from messaging import selectors
from messaging.exceptions import EmptyMessage
from messaging.models import Conversation, Message, MessageKind, Participant
from messaging.policies import NOT_CONNECTED_TO_EVERYONE, message_send_block_reason
from messaging.services.core import (
    bigint,
    clean_body,
    clean_participant_ids,
    create_conversation,
    gate,
    lock_conversation,
    locked_seat,
    write_message,
)

START_GROUP_REFUSED = (
    "Everyone in a group conversation you start must be one of your 1st-degree connections."
)


@transaction.atomic
def message_send(*, sender: User, conversation_id: int, body: object) -> Message:
    """Send a message to every other participant, all of whom must be 1st-degree connections.

    Raises ConversationNotFound, NotFirstDegree, NoRecipients, EmptyMessage, MessageTooLong,
    InvalidInput, Restricted.
    """
    conversation, active = locked_seat(member=sender, conversation_id=conversation_id)
    text = clean_body(body)
    others = [member_id for member_id in active if member_id != sender.pk]
    gate(sender, others, detail=NOT_CONNECTED_TO_EVERYONE if conversation.is_group else None)
    return write_message(conversation=conversation, sender=sender, text=text)


@dataclass(frozen=True)
class StartOutcome:
    """A new conversation (created) or the existing 1:1 one, and the message sent, if any."""

    conversation: Conversation
    message: Message | None
    created: bool


@transaction.atomic
def conversation_start(
    *, sender: User, participant_ids: list[int], body: object = "", title: str = ""
) -> StartOutcome:
    """Start a conversation with 1st-degree connections; with one member who already has a
    1:1 conversation with the sender, continue that one (the body, if any, is sent there).

    Raises NoParticipants, TooManyParticipants, NotFirstDegree, EmptyMessage, MessageTooLong,
    InvalidInput, Restricted.
    """
    ids = clean_participant_ids(sender, participant_ids)
    text = clean_body(body, allow_empty=True)
    gate(sender, ids, detail=START_GROUP_REFUSED if len(ids) > 1 else None)
    if len(ids) == 1:
        existing = selectors.one_to_one_between(sender.pk, ids[0])
        if existing is not None:
            return _continue(existing, sender, text)
    if not text:
        raise EmptyMessage()
    conversation = create_conversation(sender, ids, title=title.strip()[:100])
    if conversation is None:  # a concurrent start of the same pair won the unique constraint
        existing = selectors.one_to_one_between(sender.pk, ids[0])
        assert existing is not None
        return _continue(existing, sender, text)
    message = write_message(conversation=conversation, sender=sender, text=text)
    return StartOutcome(conversation=conversation, message=message, created=True)


def _continue(conversation: Conversation, sender: User, text: str) -> StartOutcome:
    if not text:
        return StartOutcome(conversation=conversation, message=None, created=False)
    message = message_send(sender=sender, conversation_id=conversation.pk, body=text)
    conversation.refresh_from_db()
    return StartOutcome(conversation=conversation, message=message, created=False)


@transaction.atomic
def conversation_open_from_invitation(*, invitation_id: int) -> Message | None:
    """Make an accepted invitation's note the first message of the pair's conversation.

    Idempotent: the message remembers its invitation (unique), so a second run does nothing.
    Nothing happens when there was no note, or when the two are no longer connected.
    """
    invitation = (
        Invitation.objects.select_related("sender", "recipient")
        .filter(pk=invitation_id, status=InvitationStatus.ACCEPTED)
        .first()
    )
    if invitation is None or not invitation.note.strip():
        return None
    if Message.objects.filter(invitation=invitation).exists():
        return None
    sender, recipient = invitation.sender, invitation.recipient
    try:
        text = clean_body(invitation.note)
    except DomainError:
        return None
    if message_send_block_reason(sender=sender, other_ids=[recipient.pk], lock=True) is not None:
        return None  # removed or blocked since the acceptance: nothing to open
    conversation = _pair_conversation(sender, recipient)
    if Message.objects.filter(invitation=invitation).exists():  # a concurrent run won
        return None
    message = write_message(
        conversation=conversation,
        sender=sender,
        text=text,
        kind=MessageKind.INVITATION_NOTE,
        invitation=invitation,
        notify=False,  # the recipient read the note when accepting; the sender is told apart
    )
    Participant.objects.filter(conversation=conversation, member=recipient).update(
        last_read_message_id=Greatest(F("last_read_message_id"), bigint(message.pk)),
        last_read_at=timezone.now(),
    )
    return message


def _pair_conversation(sender: User, recipient: User) -> Conversation:
    """Lock and return the pair's 1:1 conversation, created if there is none yet."""
    conversation = selectors.one_to_one_between(sender.pk, recipient.pk) or create_conversation(
        sender, [recipient.pk], title=""
    )
    if conversation is None:  # a concurrent start of the same pair won the unique constraint
        conversation = selectors.one_to_one_between(sender.pk, recipient.pk)
        assert conversation is not None
    return lock_conversation(conversation.pk)
