"""Writes for members: registration, profile, history, settings, deactivation, blocks."""

import io
from typing import Any

from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.db.models import F
from django.http import HttpRequest
from django.utils import timezone
from PIL import Image, UnidentifiedImageError
from rest_framework_simplejwt.token_blacklist.models import BlacklistedToken, OutstandingToken

from accounts.confirmation import (
    email_address_confirmed_create,
    email_confirm,
    email_confirmation_resend,
    email_confirmation_send,
)
from accounts.exceptions import (
    EmailTaken,
    InvalidPassword,
    MemberNotFound,
    NotBlocked,
    WrongPassword,
)
from accounts.models import Block, Education, Endorsement, Position, Profile, User, skill_key
from accounts.policies import block_block_reason
from core.exceptions import InvalidInput, NotFound

__all__ = [
    "email_address_confirmed_create",
    "email_confirm",
    "email_confirmation_resend",
    "email_confirmation_send",
]

PHOTO_FORMATS = {"JPEG", "PNG", "WEBP"}
PHOTO_MAX_PIXELS = 40_000_000

PROFILE_FIELDS = (
    "headline",
    "summary",
    "industry",
    "location",
    "current_company",
    "current_title",
    "skills",
)
SETTINGS_FIELDS = (
    "invitations_from",
    "connections_visible_to",
    "profile_visible_to_out_of_network",
    "show_email_to_connections",
)


def _full_clean(
    instance: Any, *, exclude: list[str] | None = None, constraints: bool = False
) -> None:
    try:
        instance.full_clean(
            exclude=exclude, validate_unique=False, validate_constraints=constraints
        )
    except ValidationError as error:
        raise InvalidInput(error.message_dict) from error


def _delete_files(storage: Any, names: list[str | None]) -> None:
    for name in names:
        if name:
            storage.delete(name)


def normalize_email(email: str) -> str:
    """Return the one spelling of an email address the product stores (case-insensitive)."""
    return User.objects.normalize_email(email.strip()).lower()


def profile_create_for(member: User) -> Profile:
    """Create the empty profile every member has (idempotent)."""
    profile, _ = Profile.objects.get_or_create(member=member)
    return profile


@transaction.atomic
def member_create(*, email: str, password: str | None = None, **fields: Any) -> User:
    """Save a new member and the empty profile every member has, whatever makes the account
    (sign-up, the API, `createsuperuser` and `create_user` through the manager, scripts).

    Raises ValueError without an email address; IntegrityError for an address in use.
    """
    if not email:
        raise ValueError("Members need an email address.")
    member = User(email=normalize_email(email), **fields)
    member.set_password(password)  # None: an unusable password
    member.save()
    profile_create_for(member)
    return member


@transaction.atomic
def member_register(
    *,
    email: str,
    password: str,
    first_name: str,
    last_name: str,
    request: HttpRequest | None = None,
) -> User:
    """Create a member with an empty profile and email them the confirmation link (after
    commit; `request` builds the link's address).

    Raises EmailTaken, InvalidPassword, InvalidInput.
    """
    member = User(
        email=normalize_email(email), first_name=first_name.strip(), last_name=last_name.strip()
    )
    _full_clean(member, exclude=["password"])
    try:
        validate_password(password, user=member)
    except ValidationError as error:
        raise InvalidPassword(list(error.messages)) from error
    if User.objects.filter(email__iexact=member.email).exists():
        raise EmailTaken()
    try:
        with transaction.atomic():
            created = member_create(
                email=member.email,
                password=password,
                first_name=member.first_name,
                last_name=member.last_name,
            )
    except IntegrityError as error:  # a concurrent sign-up with the same address won
        raise EmailTaken() from error
    email_confirmation_send(member=created, request=request, signup=True)
    return created


def _clean_skills(skills: list[str]) -> list[str]:
    cleaned: list[str] = []
    seen: set[str] = set()
    for skill in skills:
        name = " ".join(str(skill).split())
        if name and name.lower() not in seen:
            seen.add(name.lower())
            cleaned.append(name)
    limit = settings.PROFILE_SKILLS_MAX
    if len(cleaned) > limit:
        raise InvalidInput({"skills": [f"A profile lists at most {limit} skills."]})
    return cleaned


@transaction.atomic
def profile_update(*, member: User, **changes: Any) -> Profile:
    """Change profile fields (and the member's names); unknown fields are refused.

    Raises InvalidInput.
    """
    unknown = set(changes) - set(PROFILE_FIELDS) - {"first_name", "last_name"}
    if unknown:
        raise InvalidInput({name: ["This field cannot be changed here."] for name in unknown})
    profile = Profile.objects.select_for_update().get(member=member)
    for name in ("first_name", "last_name"):
        if name in changes:
            setattr(member, name, str(changes.pop(name)).strip())
    if "skills" in changes:
        changes["skills"] = _clean_skills(list(changes["skills"] or []))
    for name, value in changes.items():
        setattr(profile, name, value if value is not None else "")
    _full_clean(member, exclude=["password"])
    _full_clean(profile, exclude=["member", "photo", "photo_thumbnail"])
    member.save(update_fields=["first_name", "last_name"])
    profile.save()
    if "skills" in changes:
        endorsements_remove_dropped(member_id=member.pk, skills=profile.skills)
    return profile


def endorsements_remove_dropped(*, member_id: int, skills: list[str]) -> None:
    """Delete the member's endorsements of skills they no longer list."""
    listed = [skill_key(skill) for skill in skills]
    Endorsement.objects.filter(member_id=member_id).exclude(skill__in=listed).delete()


def _validated_image(upload: UploadedFile) -> str:
    if upload.size is None or upload.size > settings.PROFILE_PHOTO_MAX_BYTES:
        limit_mb = settings.PROFILE_PHOTO_MAX_BYTES // (1024 * 1024)
        raise InvalidInput({"photo": [f"The photo must be at most {limit_mb} MB."]})
    try:
        upload.seek(0)
        with Image.open(io.BytesIO(upload.read())) as image:
            image_format = image.format or ""
            width, height = image.size
            image.verify()
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError) as error:
        raise InvalidInput({"photo": ["Upload a valid JPEG, PNG or WebP image."]}) from error
    finally:
        upload.seek(0)
    if image_format not in PHOTO_FORMATS or width * height > PHOTO_MAX_PIXELS:
        raise InvalidInput({"photo": ["Upload a valid JPEG, PNG or WebP image."]})
    return image_format


@transaction.atomic
def profile_photo_set(*, member: User, upload: UploadedFile) -> Profile:
    """Store a new profile photo and schedule its thumbnail.

    Raises InvalidInput.
    """
    from accounts.tasks import make_profile_thumbnail_task

    _validated_image(upload)
    profile = Profile.objects.select_for_update().get(member=member)
    old_files = [profile.photo.name, profile.photo_thumbnail.name]
    profile.photo.save(upload.name or "photo", upload, save=False)
    profile.photo_thumbnail = ""
    profile.save(update_fields=["photo", "photo_thumbnail", "updated_at"])
    storage = profile.photo.storage
    transaction.on_commit(lambda: _delete_files(storage, old_files))
    transaction.on_commit(lambda: make_profile_thumbnail_task.delay(member.pk))
    return profile


@transaction.atomic
def profile_photo_remove(*, member: User) -> Profile:
    """Remove the profile photo and its thumbnail."""
    profile = Profile.objects.select_for_update().get(member=member)
    old_files = [profile.photo.name, profile.photo_thumbnail.name]
    profile.photo = ""
    profile.photo_thumbnail = ""
    profile.save(update_fields=["photo", "photo_thumbnail", "updated_at"])
    storage = profile.photo.storage
    transaction.on_commit(lambda: _delete_files(storage, old_files))
    return profile


def profile_thumbnail_make(*, member_id: int, size: int = 200) -> bool:
    """Make the square thumbnail of the current photo; return False when nothing was to do."""
    profile = Profile.objects.filter(member_id=member_id).first()
    if profile is None or not profile.photo:
        return False
    photo_name = profile.photo.name or ""
    stem = photo_name.rsplit("/", 1)[-1].rsplit(".", 1)[0]
    thumbnail_name = f"thumb-{stem}.webp"
    if (profile.photo_thumbnail.name or "").endswith(thumbnail_name):
        return False  # already made for this photo: a task run twice does nothing
    with profile.photo.open("rb") as source, Image.open(source) as original:
        rgb = original.convert("RGB")
        side = min(rgb.size)
        left = (rgb.width - side) // 2
        top = (rgb.height - side) // 2
        square = rgb.crop((left, top, left + side, top + side)).resize((size, size))
        buffer = io.BytesIO()
        square.save(buffer, format="WEBP", quality=85)
    with transaction.atomic():
        locked = Profile.objects.select_for_update().get(member_id=member_id)
        if locked.photo.name != photo_name:
            return False  # a newer photo arrived meanwhile; its own task makes its thumbnail
        locked.photo_thumbnail.save(thumbnail_name, ContentFile(buffer.getvalue()), save=False)
        locked.save(update_fields=["photo_thumbnail"])
    return True


def _history_entry_save(entry: Position | Education, changes: dict[str, Any]) -> None:
    for name, value in changes.items():
        setattr(entry, name, value)
    _full_clean(entry, exclude=["member"], constraints=True)
    entry.save()


def _history_entry_update(
    model: type[Position] | type[Education], member: User, entry_id: int, fields: dict[str, Any]
) -> Any:
    entry = model.objects.filter(member=member, pk=entry_id).first()
    if entry is None:
        raise NotFound()
    _history_entry_save(entry, fields)
    return entry


def _history_entry_delete(
    model: type[Position] | type[Education], member: User, entry_id: int
) -> None:
    deleted, _ = model.objects.filter(member=member, pk=entry_id).delete()
    if not deleted:
        raise NotFound()


def position_create(*, member: User, **fields: Any) -> Position:
    """Add a position to the member's work history. Raises InvalidInput."""
    position = Position(member=member)
    _history_entry_save(position, fields)
    return position


def position_update(*, member: User, position_id: int, **fields: Any) -> Position:
    """Change one of the member's own positions. Raises NotFound, InvalidInput."""
    position: Position = _history_entry_update(Position, member, position_id, fields)
    return position


def position_delete(*, member: User, position_id: int) -> None:
    """Delete one of the member's own positions. Raises NotFound."""
    _history_entry_delete(Position, member, position_id)


def education_create(*, member: User, **fields: Any) -> Education:
    """Add a school to the member's education. Raises InvalidInput."""
    education = Education(member=member)
    _history_entry_save(education, fields)
    return education


def education_update(*, member: User, education_id: int, **fields: Any) -> Education:
    """Change one of the member's own education entries. Raises NotFound, InvalidInput."""
    education: Education = _history_entry_update(Education, member, education_id, fields)
    return education


def education_delete(*, member: User, education_id: int) -> None:
    """Delete one of the member's own education entries. Raises NotFound."""
    _history_entry_delete(Education, member, education_id)


def member_settings_update(*, member: User, **changes: Any) -> User:
    """Change the member's privacy settings. Raises InvalidInput."""
    unknown = set(changes) - set(SETTINGS_FIELDS)
    if unknown:
        raise InvalidInput({name: ["Unknown setting."] for name in unknown})
    for name, value in changes.items():
        setattr(member, name, value)
    _full_clean(member, exclude=["password"])
    member.save(update_fields=list(changes))
    return member


def member_sessions_end(*, member: User) -> None:
    """End every browser session and revoke every token of the member, at once: raise the
    token generation (sessions hash it, tokens carry it) and blacklist outstanding refresh
    tokens."""
    User.objects.filter(pk=member.pk).update(token_generation=F("token_generation") + 1)
    member.refresh_from_db(fields=["token_generation"])
    outstanding = OutstandingToken.objects.filter(
        user_id=member.pk, expires_at__gt=timezone.now(), blacklistedtoken__isnull=True
    )
    BlacklistedToken.objects.bulk_create(
        [BlacklistedToken(token=token) for token in outstanding], ignore_conflicts=True
    )


@transaction.atomic
def member_deactivate(*, member: User, by: User | None = None) -> User:
    """Hide the member everywhere and end their sessions. A member who deactivates themselves
    comes back by logging in; an administrator's deactivation (`by` another member) is not
    undone that way."""
    by_staff = by is not None and by.pk != member.pk
    if member.deactivated_at is None or (by_staff and not member.deactivated_by_staff):
        member.deactivated_at = member.deactivated_at or timezone.now()
        member.deactivated_by_staff = member.deactivated_by_staff or by_staff
        member.save(update_fields=["deactivated_at", "deactivated_by_staff"])
    member_sessions_end(member=member)
    return member


def member_reactivate(*, member: User, by: User | None = None) -> User:
    """Bring a deactivated member back: when they log in (a deactivation of their own only),
    or when an administrator (`by`) restores them."""
    if member.deactivated_at is None or (member.deactivated_by_staff and by is None):
        return member
    member.deactivated_at = None
    member.deactivated_by_staff = False
    member.save(update_fields=["deactivated_at", "deactivated_by_staff"])
    return member


@transaction.atomic
def member_suspend(*, member: User, reason: str = "", by: User | None = None) -> User:
    """Suspend the member: hidden everywhere, unable to log in (told `reason` when they try),
    every session and token ended at once. `by` is the moderator or administrator (the
    moderation app's audit log records who)."""
    member.is_active = False
    member.suspended_at = member.suspended_at or timezone.now()
    member.suspension_reason = reason.strip()[:2000]
    member.save(update_fields=["is_active", "suspended_at", "suspension_reason"])
    member_sessions_end(member=member)
    return member


@transaction.atomic
def member_unsuspend(*, member: User, by: User | None = None) -> User:
    """Lift a suspension; the member logs in again (old sessions and tokens stay ended)."""
    member.is_active = True
    member.suspended_at = None
    member.suspension_reason = ""
    member.save(update_fields=["is_active", "suspended_at", "suspension_reason"])
    return member


@transaction.atomic
def member_delete(*, member: User, password: str) -> None:
    """Delete the member and all their personal data for good, after the password confirms it;
    their tokens are revoked first.

    Raises WrongPassword.
    """
    if not member.check_password(password):
        raise WrongPassword()
    member_sessions_end(member=member)
    profile = Profile.objects.filter(member=member).first()
    files = [profile.photo.name, profile.photo_thumbnail.name] if profile else []
    storage = Profile._meta.get_field("photo").storage
    member.delete()
    transaction.on_commit(lambda: _delete_files(storage, files))


@transaction.atomic
def block_create(*, blocker: User, blocked_id: int) -> Block:
    """Block a member: from now on each is hidden from the other.

    Raises MemberNotFound, SelfAction, AlreadyBlocked, ReblockTooSoon.
    """
    target = User.objects.filter(pk=blocked_id).first()
    if target is None:
        raise MemberNotFound()
    # Lock the pair's row (if any) so two concurrent blocks cannot both pass the policy.
    Block.objects.select_for_update().filter(blocker=blocker, blocked=target).first()
    reason = block_block_reason(blocker=blocker, target=target)
    if reason is not None:
        raise reason
    block, _ = Block.objects.update_or_create(
        blocker=blocker,
        blocked=target,
        defaults={"created_at": timezone.now(), "unblocked_at": None},
    )
    return block


@transaction.atomic
def block_remove(*, blocker: User, blocked_id: int) -> Block:
    """Lift a block; the same member may be blocked again only after the cool-down.

    Raises NotBlocked.
    """
    block = (
        Block.objects.in_force().select_for_update().filter(blocker=blocker, blocked_id=blocked_id)
    ).first()
    if block is None:
        raise NotBlocked()
    block.unblocked_at = timezone.now()
    block.save(update_fields=["unblocked_at"])
    return block
