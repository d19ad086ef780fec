"""Writes of messaging: start, send, read, archive, leave, add; the invitation note; digests.

A send locks the conversation row (sends in one conversation serialize, so message ids
commit in order inside it), then checks the gate with the connection rows read FOR SHARE
(messaging.policies), then writes. Lock order is always conversation → connection rows; the
connection services never lock conversations, so the two cannot deadlock.
"""

from dataclasses import dataclass
from functools import partial

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import BigIntegerField, Case, F, Value, When
from django.db.models.functions import Greatest
from django.urls import reverse
from django.utils import timezone

from accounts.models import User, active_member
from connections.models import Invitation, InvitationStatus
from core.exceptions import DomainError, InvalidInput
from messaging import selectors
from messaging.exceptions import (
    ConversationNotFound,
    EmptyMessage,
    MessageTooLong,
    NoParticipants,
    NotAGroup,
    TooManyParticipants,
)
from messaging.models import (
    Conversation,
    Message,
    MessageDigest,
    MessageKind,
    Participant,
)
from messaging.policies import NOT_CONNECTED_TO_EVERYONE, message_send_block_reason
from notifications.models import EmailState, Notification, NotificationKind
from notifications.services import mail_once

NEW_MESSAGE_KIND = NotificationKind.NEW_MESSAGE


def _id(value: int) -> Value:
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


def _participant_ids(sender: User, participant_ids: list[int]) -> list[int]:
    ids = sorted({int(member_id) for member_id in participant_ids} - {sender.pk})
    if not ids:
        raise NoParticipants()
    limit = settings.CONVERSATION_MAX_PARTICIPANTS
    if len(ids) + 1 > limit:
        raise TooManyParticipants(f"A conversation has at most {limit} participants, you included.")
    return ids


START_GROUP_REFUSED = (
    "Everyone in a group conversation you start must be one of your 1st-degree connections."
)
ADD_REFUSED = "You can add only your 1st-degree connections."


def _gate(sender: User, other_ids: list[int], *, detail: str | None = None) -> None:
    """Check the gate inside the caller's transaction, connection rows read FOR SHARE.

    Raises NotFirstDegree, NoRecipients.
    """
    reason = message_send_block_reason(sender=sender, other_ids=other_ids, lock=True, detail=detail)
    if reason is not None:
        raise reason


def _write_message(
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
            When(member_id=sender.pk, then=_id(message.pk)), default=F("last_read_message_id")
        ),
        last_read_at=Case(When(member_id=sender.pk, then=Value(now)), default=F("last_read_at")),
    )
    if notify:
        transaction.on_commit(partial(notify_new_message_task.delay, message.pk))
    return message


def _lock(conversation_id: int) -> Conversation:
    return Conversation.objects.select_for_update().get(pk=conversation_id)


def _locked_seat(*, member: User, conversation_id: int) -> tuple[Conversation, list[int]]:
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


@transaction.atomic
def message_send(*, sender: User, conversation_id: int, body: object) -> Message:
    """Send a message to every other participant, all of whom must be 1st-degree connections.

    Raises ConversationNotFound, NotFirstDegree, NoRecipients, EmptyMessage, MessageTooLong,
    InvalidInput.
    """
    conversation, active = _locked_seat(member=sender, conversation_id=conversation_id)
    text = clean_body(body)
    others = [member_id for member_id in active if member_id != sender.pk]
    _gate(sender, others, detail=NOT_CONNECTED_TO_EVERYONE if conversation.is_group else None)
    return _write_message(conversation=conversation, sender=sender, text=text)


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
    InvalidInput.
    """
    ids = _participant_ids(sender, participant_ids)
    text = clean_body(body, allow_empty=True)
    _gate(sender, ids, detail=START_GROUP_REFUSED if len(ids) > 1 else None)
    if len(ids) == 1:
        existing = selectors.one_to_one_between(sender.pk, ids[0])
        if existing is not None:
            return _continue(existing, sender, text)
    if not text:
        raise EmptyMessage()
    conversation = _create(sender, ids, title=title.strip()[:100])
    if conversation is None:  # a concurrent start of the same pair won the unique constraint
        existing = selectors.one_to_one_between(sender.pk, ids[0])
        assert existing is not None
        return _continue(existing, sender, text)
    message = _write_message(conversation=conversation, sender=sender, text=text)
    return StartOutcome(conversation=conversation, message=message, created=True)


def _continue(conversation: Conversation, sender: User, text: str) -> StartOutcome:
    if not text:
        return StartOutcome(conversation=conversation, message=None, created=False)
    message = message_send(sender=sender, conversation_id=conversation.pk, body=text)
    conversation.refresh_from_db()
    return StartOutcome(conversation=conversation, message=message, created=False)


def _create(sender: User, other_ids: list[int], *, title: str) -> Conversation | None:
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


@transaction.atomic
def conversation_participants_add(
    *, member: User, conversation_id: int, participant_ids: list[int]
) -> list[int]:
    """Add 1st-degree connections of `member` to a group conversation; return the added ids.

    Members added see the messages sent from then on. Already-present members are ignored.
    Raises ConversationNotFound, NotAGroup, NoParticipants, TooManyParticipants,
    NotFirstDegree.
    """
    conversation, active = _locked_seat(member=member, conversation_id=conversation_id)
    if not conversation.is_group:
        raise NotAGroup()
    requested = _participant_ids(member, participant_ids)
    new = [member_id for member_id in requested if member_id not in active]
    if not new:
        return []
    limit = settings.CONVERSATION_MAX_PARTICIPANTS
    if len(active) + len(new) > limit:
        raise TooManyParticipants(f"A conversation has at most {limit} participants.")
    _gate(member, new, detail=ADD_REFUSED)
    now = timezone.now()
    mark = conversation.last_message_id or 0
    seat = {
        "left_at": None,
        "joined_at": now,
        "joined_after_message_id": mark,
        "last_read_message_id": mark,
        "last_read_at": None,
        "archived_at": None,
        "digested_message_id": mark,
        "last_activity_at": now,
    }
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


@transaction.atomic
def conversation_leave(*, member: User, conversation_id: int) -> None:
    """Leave a group conversation: it disappears for the member; the others go on.

    Raises ConversationNotFound, NotAGroup.
    """
    conversation, _active = _locked_seat(member=member, conversation_id=conversation_id)
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
        Notification.objects.filter(
            recipient_id=seat.member_id,
            kind=NEW_MESSAGE_KIND,
            dedupe_key__startswith=f"{NEW_MESSAGE_KIND}:{seat.conversation_id}:",
            read_at__isnull=True,
        ).update(read_at=now)
    seat.last_read_message_id, seat.last_read_at = latest, now
    return bool(changed)


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
    conversation = selectors.one_to_one_between(sender.pk, recipient.pk) or _create(
        sender, [recipient.pk], title=""
    )
    if conversation is None:
        conversation = selectors.one_to_one_between(sender.pk, recipient.pk)
        assert conversation is not None
    conversation = _lock(conversation.pk)
    if Message.objects.filter(invitation=invitation).exists():  # a concurrent run won
        return None
    message = _write_message(
        conversation=conversation,
        sender=sender,
        text=text,
        kind=MessageKind.INVITATION_NOTE,
        invitation=invitation,
        notify=False,  # the recipient read the note when accepting; the sender is told apart
    )
    Participant.objects.filter(conversation=conversation, member=recipient).update(
        last_read_message_id=Greatest(F("last_read_message_id"), _id(message.pk)),
        last_read_at=timezone.now(),
    )
    return message


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
    recipients = (
        Participant.objects.filter(
            active_member("member"),
            conversation=conversation,
            left_at__isnull=True,
            last_read_message_id__lt=message.pk,
            joined_after_message_id__lt=message.pk,
        )
        .exclude(member_id=message.sender_id)
        .filter(~selectors.seat_hidden())
    )
    name = message.sender.full_name
    text = (
        f"{name} sent a message in {conversation.title or 'a group conversation'}."
        if conversation.is_group
        else f"{name} sent you a message."
    )
    link = reverse("messaging:conversation", args=[conversation.pk])
    told = 0
    for seat in recipients:
        _, created = Notification.objects.get_or_create(
            recipient_id=seat.member_id,
            dedupe_key=f"{NEW_MESSAGE_KIND}:{conversation.pk}:{seat.last_read_message_id}",
            defaults={
                "kind": NEW_MESSAGE_KIND,
                "text": text[:300],
                "link": link,
                "actor_id": message.sender_id,
                # Mailed in the batched digest (messaging.tasks), never one by one.
                "email_state": EmailState.SKIPPED,
            },
        )
        told += int(created)
    return told


def _digest_text(member: User, items: list[selectors.DigestItem]) -> tuple[str, str, int]:
    count = sum(len(item.messages) for item in items)
    subject = f"You have {count} unread message{'s' if count != 1 else ''} on ProConnect"
    lines = [f"Hello {member.first_name or 'there'},", "", f"{subject}:", ""]
    for item in items:
        latest = item.messages[-1]
        senders = ", ".join(dict.fromkeys(message.sender.full_name for message in item.messages))
        more = len(item.messages)
        snippet = " ".join(latest.body.split())
        if len(snippet) > 200:
            snippet = snippet[:199] + "…"
        lines += [
            f"{senders} — {more} new message{'s' if more != 1 else ''}",
            f"  “{snippet}”",
            f"  {reverse('messaging:conversation', args=[item.conversation.pk])}",
            "",
        ]
    lines.append("You receive this digest at most every 15 minutes, only for unread messages.")
    return subject, "\n".join(lines), count


@transaction.atomic
def message_digest_create(*, member_id: int) -> MessageDigest | None:
    """Collect the member's unread messages not yet in a digest into a new digest, and move
    the high-water marks past them, in one transaction; schedule the mail after commit.

    The member's seats are locked first: two runs at once make one digest, never two.
    """
    from messaging.tasks import send_message_digest_task

    member = User.objects.filter(pk=member_id).first()
    if member is None or not member.is_active_member:
        return None
    seats = list(
        Participant.objects.select_for_update()
        .filter(member=member, left_at__isnull=True)
        .order_by("id")
    )
    if not seats:
        return None
    items = selectors.digest_messages(member)
    for item in items:
        Participant.objects.filter(member=member, conversation=item.conversation).update(
            digested_message_id=Greatest(F("digested_message_id"), _id(item.messages[-1].pk))
        )
    if not items:
        return None
    subject, text, count = _digest_text(member, items)
    digest = MessageDigest.objects.create(
        member=member,
        message_count=count,
        conversation_count=len(items),
        subject=subject,
        text=text,
    )
    transaction.on_commit(partial(send_message_digest_task.delay, digest.pk))
    return digest


def message_digests_create() -> int:
    """Make the digests every member with unread, undigested messages is due; return how many."""
    made = 0
    for member_id in selectors.digest_candidate_ids():
        made += int(message_digest_create(member_id=member_id) is not None)
    return made


def message_digest_send(*, digest_id: int) -> bool:
    """Mail a digest once (`notifications.services.mail_once`); True when this call sent it."""
    return mail_once(
        MessageDigest,
        digest_id,
        recipient_field="member",
        compose=lambda digest: (digest.subject, digest.text),
    )
