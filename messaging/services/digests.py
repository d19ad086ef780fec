"""Email digests of unread messages: collect each member's unread, undigested messages into one
digest under locks on their seats (no message is ever in two digests), then mail it once."""

from functools import partial

from django.db import transaction
from django.db.models import F
from django.db.models.functions import Greatest
from django.urls import reverse

from accounts.models import User
from messaging import selectors
from messaging.models import MessageDigest, Participant
from messaging.services.core import bigint
from notifications.services import mail_once


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
            digested_message_id=Greatest(F("digested_message_id"), bigint(item.messages[-1].pk))
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
