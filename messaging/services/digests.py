"""Email digests of unread messages: collect each member's unread, undigested messages into one
digest under locks on their seats (no message is ever in two digests), then mail it once."""

from datetime import timedelta
from functools import partial

from django.db import transaction
from django.db.models import F
from django.db.models.functions import Greatest
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from messaging import selectors
from messaging.models import MessageDigest, Participant
from messaging.services.core import bigint
from notifications.models import DigestFrequency
from notifications.preferences import DIGEST_KIND, digest_frequencies
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
    lines.append(
        "You receive this digest only for unread messages; choose how often (batched, daily "
        "or never) in your notification settings."
    )
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


def digest_due_ids(candidate_ids: list[int]) -> list[int]:
    """Keep the members whose digest is due now by their preference: batched at every run,
    daily when their last digest is a day old (or they have none), off never."""
    frequencies = digest_frequencies(candidate_ids)
    daily = frequencies[DigestFrequency.DAILY]
    recent = set(
        MessageDigest.objects.filter(
            member_id__in=daily, created_at__gt=timezone.now() - timedelta(days=1)
        ).values_list("member_id", flat=True)
    )
    skipped = frequencies[DigestFrequency.OFF] | recent
    return [member_id for member_id in candidate_ids if member_id not in skipped]


def message_digests_create() -> int:
    """Make the digests every member with unread, undigested messages is due; return how many."""
    made = 0
    for member_id in digest_due_ids(selectors.digest_candidate_ids()):
        made += int(message_digest_create(member_id=member_id) is not None)
    return made


def message_digest_send(*, digest_id: int) -> bool:
    """Mail a digest once (`notifications.services.mail_once`); True when this call sent it."""
    return mail_once(
        MessageDigest,
        digest_id,
        recipient_field="member",
        kind=DIGEST_KIND,
        compose=lambda digest: (digest.subject, digest.text),
    )
