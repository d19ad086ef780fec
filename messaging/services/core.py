"""What the writes of messaging share: the body's cleaning, the gate under the lock, locking a
seat, creating a conversation, and writing a message into a locked conversation. Used by
messaging.services' modules; not part of the package's public face (except `clean_body`)."""

from functools import partial

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import BigIntegerField, Case, F, Value, When
from django.utils import timezone

from accounts.models import User
from connections.models import Invitation
from core.exceptions import InvalidInput
from messaging import selectors
from messaging.exceptions import (
    ConversationNotFound,
    EmptyMessage,
    MessageTooLong,
    NoParticipants,
    TooManyParticipants,
)
from messaging.models import Conversation, Message, MessageKind, Participant
from messaging.policies import message_send_block_reason


def bigint(value: int) -> Value:
    """A message id as a SQL value (the id columns are bigint)."""
    return Value(value, output_field=BigIntegerField())


def clean_body(body: object, *, allow_empty: bool = False) -> str:
    """Return the message text as stored: line endings normalized, outer whitespace trimmed.

    Raises EmptyMessage, MessageTooLong, InvalidInput.
    """
    if not isinstance(body, str):
        raise InvalidInput({"body": ["Send the message as text."]})
    text = body.replace("\r\n", "\n").replace("\r", "\n").strip()
    try:
        text.encode("utf-8")
    except UnicodeEncodeError as error:  # lone surrogates from JSON: PostgreSQL refuses them
        raise InvalidInput({"body": ["The message contains invalid characters."]}) from error
    if "\x00" in text:
        raise InvalidInput({"body": ["The message contains invalid characters."]})
    if not text and not allow_empty:
        raise EmptyMessage()
    limit = settings.MESSAGE_MAX_LENGTH
    if len(text) > limit:
        raise MessageTooLong(f"A message is at most {limit:,} characters ({len(text):,} given).")
    return text


def clean_participant_ids(sender: User, participant_ids: list[int]) -> list[int]:
    """Return the other members' ids, sorted and distinct.

    Raises NoParticipants, TooManyParticipants.
    """
    ids = sorted({int(member_id) for member_id in participant_ids} - {sender.pk})
    if not ids:
        raise NoParticipants()
    limit = settings.CONVERSATION_MAX_PARTICIPANTS
    if len(ids) + 1 > limit:
        raise TooManyParticipants(f"A conversation has at most {limit} participants, you included.")
    return ids


def gate(sender: User, other_ids: list[int], *, detail: str | None = None) -> None:
    """Check the gate inside the caller's transaction, connection rows read FOR SHARE.

    Raises NotFirstDegree, NoRecipients.
    """
    reason = message_send_block_reason(sender=sender, other_ids=other_ids, lock=True, detail=detail)
    if reason is not None:
        raise reason


def write_message(
    *,
    conversation: Conversation,
    sender: User,
    text: str,
    kind: str = MessageKind.TEXT,
    invitation: Invitation | None = None,
    notify: bool = True,
) -> Message:
    """Insert a message into a conversation whose row the caller has locked."""
    from messaging.tasks import notify_new_message_task

    now = timezone.now()
    message = Message.objects.create(
        conversation=conversation,
        sender=sender,
        body=text,
        kind=kind,
        invitation=invitation,
        created_at=now,
    )
    Conversation.objects.filter(pk=conversation.pk).update(
        last_message=message, last_message_at=now
    )
    conversation.last_message, conversation.last_message_at = message, now
    # Every active seat sees the activity; a new message brings the conversation back from
    # everyone's archive; writing is reading: the sender has read up to their own message.
    Participant.objects.filter(conversation=conversation, left_at__isnull=True).update(
        last_activity_at=now,
        archived_at=None,
        last_read_message_id=Case(
            When(member_id=sender.pk, then=bigint(message.pk)), default=F("last_read_message_id")
        ),
        last_read_at=Case(When(member_id=sender.pk, then=Value(now)), default=F("last_read_at")),
    )
    if notify:
        transaction.on_commit(partial(notify_new_message_task.delay, message.pk))
    return message


def lock_conversation(conversation_id: int) -> Conversation:
    """Lock a conversation's row and return it."""
    return Conversation.objects.select_for_update().get(pk=conversation_id)


def locked_seat(*, member: User, conversation_id: int) -> tuple[Conversation, list[int]]:
    """Lock a conversation the member may see and return it with its active member ids.

    Raises ConversationNotFound (also when the member left while we waited for the lock).
    """
    conversation = (
        selectors.conversations_visible_to(member)
        .select_for_update(of=("self",))
        .filter(pk=conversation_id)
        .first()
    )
    if conversation is None:
        raise ConversationNotFound()
    active = selectors.active_member_ids(conversation_id)  # read under the lock: current
    if member.pk not in active:
        raise ConversationNotFound()
    return conversation, active


def create_conversation(sender: User, other_ids: list[int], *, title: str) -> Conversation | None:
    """Create a conversation with its seats; None when a concurrent start of the same pair
    won the 1:1 unique constraint."""
    is_group = len(other_ids) > 1
    pair = (None, None) if is_group else tuple(sorted((sender.pk, other_ids[0])))
    try:
        with transaction.atomic():
            conversation = Conversation.objects.create(
                is_group=is_group,
                title=title if is_group else "",
                created_by=sender,
                pair_low_id=pair[0],
                pair_high_id=pair[1],
            )
    except IntegrityError:
        if is_group:
            raise
        return None
    now = conversation.created_at
    Participant.objects.bulk_create(
        [
            Participant(conversation=conversation, member_id=member_id, joined_at=now)
            for member_id in [sender.pk, *other_ids]
        ]
    )
    return conversation
