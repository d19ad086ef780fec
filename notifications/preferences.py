"""Notification preferences: per kind, in the app and by email, each on or off; the message
digest batched, daily or off. No row means on (and batched). Read at the moment a notification
is created (in-app) and again at the moment its email goes out, so a change made after an
email was queued applies to it."""

from collections.abc import Mapping
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from accounts.models import User
from core.exceptions import InvalidInput
from notifications.models import (
    DigestFrequency,
    DigestPreference,
    NotificationKind,
    NotificationPreference,
)

# The email of this kind is the digest: its `email` switch is `message_digest != off`.
DIGEST_KIND = NotificationKind.NEW_MESSAGE.value


@dataclass(frozen=True)
class Choice:
    in_app: bool
    email: bool


@dataclass(frozen=True)
class NotificationSettings:
    kinds: dict[str, Choice]
    message_digest: str


def digest_frequency(member_id: int) -> str:
    """Return the member's message digest frequency (batched, daily or off)."""
    row = DigestPreference.objects.filter(member_id=member_id).values_list(
        "message_digest", flat=True
    )
    return row.first() or DigestFrequency.BATCHED


def digest_frequencies(member_ids: list[int]) -> dict[str, set[int]]:
    """Return the members among `member_ids` whose digest is daily, and those whose is off."""
    rows = DigestPreference.objects.filter(
        member_id__in=member_ids, message_digest__in=[DigestFrequency.DAILY, DigestFrequency.OFF]
    ).values_list("member_id", "message_digest")
    found: dict[str, set[int]] = {DigestFrequency.DAILY: set(), DigestFrequency.OFF: set()}
    for member_id, frequency in rows:
        found[frequency].add(member_id)
    return found


def choice_for(member_id: int, kind: str) -> Choice:
    """Return the member's choice for one kind (on and on without a row)."""
    row = (
        NotificationPreference.objects.filter(member_id=member_id, kind=kind)
        .values_list("in_app", "email")
        .first()
    )
    in_app, email = row if row else (True, True)
    if kind == DIGEST_KIND:
        email = digest_frequency(member_id) != DigestFrequency.OFF
    return Choice(in_app=in_app, email=email)


def email_wanted(member_id: int, kind: str) -> bool:
    """Say whether the member wants this kind by email, now (the email tasks ask at send time)."""
    return choice_for(member_id, kind).email


def notification_settings_for(member: User) -> NotificationSettings:
    """Return every kind's choice and the digest frequency, in two queries."""
    stored = {
        kind: Choice(in_app, email)
        for kind, in_app, email in NotificationPreference.objects.filter(member=member).values_list(
            "kind", "in_app", "email"
        )
    }
    frequency = digest_frequency(member.pk)
    kinds = {}
    for kind in NotificationKind.values:
        choice = stored.get(kind, Choice(True, True))
        if kind == DIGEST_KIND:
            choice = Choice(choice.in_app, frequency != DigestFrequency.OFF)
        kinds[kind] = choice
    return NotificationSettings(kinds=kinds, message_digest=frequency)


def _clean(kinds: Mapping[str, Mapping[str, bool]], message_digest: str | None) -> None:
    unknown = sorted(set(kinds) - set(NotificationKind.values))
    if unknown:
        raise InvalidInput({"kinds": [f"Unknown notification kind: {', '.join(unknown[:5])}."]})
    for kind, choice in kinds.items():
        if not set(choice) <= {"in_app", "email"} or not all(
            isinstance(value, bool) for value in choice.values()
        ):
            raise InvalidInput(
                {"kinds": [f'Give "{kind}" as {{"in_app": true|false, "email": true|false}}.']}
            )
    if message_digest is not None and message_digest not in DigestFrequency.values:
        raise InvalidInput({"message_digest": ["Choose batched, daily or off."]})


@transaction.atomic
def notification_settings_update(
    *,
    member: User,
    kinds: Mapping[str, Mapping[str, bool]] | None = None,
    message_digest: str | None = None,
) -> NotificationSettings:
    """Change the given switches (others keep their value); return the settings now.

    Each kind is one upsert of only the fields given, so two changes at once to different
    switches both hold. Turning `new_message`'s email on or off sets the digest (off, or
    batched when it was off); an explicit `message_digest` wins over it.

    Raises InvalidInput for an unknown kind, a non-boolean switch or an unknown frequency.
    """
    kinds = kinds or {}
    _clean(kinds, message_digest)
    now = timezone.now()
    for kind, choice in kinds.items():
        fields = [name for name in ("in_app", "email") if name in choice]
        if kind == DIGEST_KIND and "email" in choice:
            fields.remove("email")
            if message_digest is None:
                wanted = bool(choice["email"])
                if not wanted:
                    message_digest = DigestFrequency.OFF
                elif digest_frequency(member.pk) == DigestFrequency.OFF:
                    message_digest = DigestFrequency.BATCHED
        if not fields:
            continue
        NotificationPreference.objects.bulk_create(
            [NotificationPreference(member=member, kind=kind, updated_at=now, **choice)],
            update_conflicts=True,
            unique_fields=["member", "kind"],
            update_fields=[*fields, "updated_at"],
        )
    if message_digest is not None:
        DigestPreference.objects.update_or_create(
            member=member, defaults={"message_digest": message_digest, "updated_at": now}
        )
    return notification_settings_for(member)


def email_unsubscribe(*, member_id: int, kind: str) -> bool:
    """Turn this kind's email off for the member (the digest, for new messages); return False
    when the member no longer exists."""
    member = User.objects.filter(pk=member_id).first()
    if member is None:
        return False
    notification_settings_update(member=member, kinds={kind: {"email": False}})
    return True
