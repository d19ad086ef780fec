"""Members, their profiles, work history, education and blocks."""

from typing import Any, ClassVar

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.crypto import salted_hmac

from accounts.industries import INDUSTRIES


class InvitationsFrom(models.TextChoices):
    EVERYONE = "everyone", "Everyone"
    MUTUALS = "mutuals", "Only members with mutual connections"
    EMAIL_KNOWN = "email_known", "Only members who know my email address"
    NOBODY = "nobody", "Nobody"


class ConnectionsVisibleTo(models.TextChoices):
    CONNECTIONS = "connections", "My connections"
    ONLY_ME = "only_me", "Only me"


def active_member(path: str = "") -> Q:
    """The condition that the member at `path` (a relation from the queried model, such as
    "author"; empty for members themselves) can be seen: not suspended by an administrator,
    not deactivated by themselves. Every query that shows members uses it."""
    prefix = f"{path}__" if path else ""
    return Q(**{f"{prefix}is_active": True, f"{prefix}deactivated_at__isnull": True})


def inactive_member_ids() -> "models.QuerySet[User, int]":
    """The ids of the members not shown (suspended, deactivated): read from the partial index
    `accounts_user_inactive_idx`, so its cost follows how many are inactive."""
    return User.objects.exclude(active_member()).values_list("pk", flat=True)


def active_member_id(field: str) -> Q:
    """`active_member` for a column holding a member's id ("other_id"), without joining the
    members: the id is not among the inactive ones (a hashed NOT IN over
    `inactive_member_ids`), where a join on the flags lets the planner scan every member to
    count a long list."""
    return ~Q(**{f"{field}__in": inactive_member_ids()})


class MemberQuerySet(models.QuerySet["User"]):
    def active(self) -> "MemberQuerySet":
        """Members who can be seen: not suspended by an admin, not deactivated by themselves."""
        return self.filter(active_member())


class UserManager(BaseUserManager["User"]):
    use_in_migrations = True

    def get_queryset(self) -> MemberQuerySet:
        return MemberQuerySet(self.model, using=self._db)

    def active(self) -> MemberQuerySet:
        return self.get_queryset().active()

    def get_by_natural_key(self, username: str | None) -> "User":
        return self.get(email__iexact=username)

    def create_user(self, email: str, password: str | None = None, **extra: Any) -> "User":
        # The manager only delegates: accounts.services.member_create owns what a new account
        # is (the member and their profile), so `createsuperuser` makes a complete member too.
        from accounts.services import member_create  # services import this module

        return member_create(email=email, password=password, **extra)

    def create_superuser(self, email: str, password: str | None = None, **extra: Any) -> "User":
        extra.setdefault("is_staff", True)
        extra.setdefault("is_superuser", True)
        return self.create_user(email, password, **extra)


class User(AbstractBaseUser, PermissionsMixin):
    """A member: the login identity plus their privacy settings."""

    email = models.EmailField("email address", max_length=254, unique=True)
    first_name = models.CharField(max_length=60)
    last_name = models.CharField(max_length=60)
    is_active = models.BooleanField(default=True, help_text="Off: suspended by an administrator.")
    is_staff = models.BooleanField(default=False)
    date_joined = models.DateTimeField(default=timezone.now)
    deactivated_at = models.DateTimeField(
        null=True, blank=True, help_text="Set while the member has deactivated their account."
    )
    # Database defaults too: the graph generator's COPY loader (devtools) names its columns.
    deactivated_by_staff = models.BooleanField(
        default=False,
        db_default=False,
        help_text="On: an administrator deactivated the account; logging in does not undo it.",
    )
    suspended_at = models.DateTimeField(null=True, blank=True)
    suspension_reason = models.TextField(
        blank=True, db_default="", help_text="Told to the member when they try to log in."
    )
    token_generation = models.PositiveIntegerField(
        default=0,
        db_default=0,
        help_text="Raised to end every browser session and revoke every token of the member.",
    )
    invitations_from = models.CharField(
        max_length=16, choices=InvitationsFrom.choices, default=InvitationsFrom.EVERYONE
    )
    connections_visible_to = models.CharField(
        max_length=16,
        choices=ConnectionsVisibleTo.choices,
        default=ConnectionsVisibleTo.CONNECTIONS,
    )
    profile_visible_to_out_of_network = models.BooleanField(default=True)
    show_email_to_connections = models.BooleanField(default=False)

    objects: ClassVar[UserManager] = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = ["first_name", "last_name"]

    class Meta:
        verbose_name = "member"
        constraints = [
            models.UniqueConstraint(Lower("email"), name="accounts_user_email_ci_unique"),
        ]
        indexes = [
            models.Index(fields=["last_name", "first_name"], name="accounts_user_name_idx"),
            # The few members not shown (network.selectors.size leaves them out of its counts).
            models.Index(
                fields=["id"], condition=~active_member(), name="accounts_user_inactive_idx"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.full_name} <{self.email}>"

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}".strip()

    def get_full_name(self) -> str:
        return self.full_name

    def get_short_name(self) -> str:
        return self.first_name

    def clean(self) -> None:
        super().clean()
        self.email = self.__class__.objects.normalize_email(self.email).lower()

    @property
    def is_deactivated(self) -> bool:
        return self.deactivated_at is not None

    @property
    def login_allowed(self) -> bool:
        """Whether the member may log in: not suspended, not deactivated by an administrator
        (a member who deactivated themselves logs in to come back)."""
        return self.is_active and not self.deactivated_by_staff

    def get_session_auth_hash(self) -> str:
        """Bind browser sessions to the password and the token generation: raising the
        generation (accounts.services.member_sessions_end) ends every session at once."""
        return self.session_auth_hash()

    def get_session_auth_fallback_hash(self) -> Any:
        for secret in settings.SECRET_KEY_FALLBACKS:
            yield self.session_auth_hash(secret=secret)

    def session_auth_hash(self, secret: str | bytes | None = None) -> str:
        """Django's session hash at generation 0 (sessions made before generations survive),
        salted with the generation after."""
        value = (
            self.password
            if not self.token_generation
            else f"{self.password}|{self.token_generation}"
        )
        return salted_hmac(
            "django.contrib.auth.models.AbstractBaseUser.get_session_auth_hash",
            value,
            secret=secret,
            algorithm="sha256",
        ).hexdigest()

    @property
    def is_active_member(self) -> bool:
        """Whether this member can be seen (`active_member`, for one loaded member)."""
        return self.is_active and self.deactivated_at is None


def _photo_path(instance: "Profile", filename: str) -> str:
    return f"photos/{instance.member_id}/{timezone.now():%Y%m%d%H%M%S}-{filename[-40:]}"


class Profile(models.Model):
    """What a member tells the network about themselves."""

    member = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, primary_key=True, related_name="profile"
    )
    headline = models.CharField(max_length=220, blank=True)
    summary = models.TextField(max_length=2600, blank=True)
    industry = models.CharField(max_length=60, choices=INDUSTRIES, blank=True)
    location = models.CharField(max_length=100, blank=True)
    current_company = models.CharField(max_length=100, blank=True)
    current_title = models.CharField(max_length=100, blank=True)
    photo = models.ImageField(upload_to=_photo_path, blank=True)
    photo_thumbnail = models.ImageField(upload_to=_photo_path, blank=True)
    skills = ArrayField(models.CharField(max_length=80), default=list, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        indexes = [
            models.Index(fields=["industry"], name="accounts_profile_industry_idx"),
            models.Index(fields=["location"], name="accounts_profile_location_idx"),
        ]

    def __str__(self) -> str:
        return f"Profile of member {self.member_id}"


class Position(models.Model):
    """One entry of a member's work history."""

    member = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="positions"
    )
    company = models.CharField(max_length=100)
    title = models.CharField(max_length=100)
    location = models.CharField(max_length=100, blank=True)
    # Month and year: stored as the first day of the month (the forms and the API take a month).
    start_date = models.DateField(help_text="The first day of the month the position began.")
    end_date = models.DateField(
        null=True, blank=True, help_text="The first day of its last month; empty while current."
    )
    description = models.TextField(max_length=2000, blank=True)

    class Meta:
        ordering = ["-start_date", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(end_date__gte=models.F("start_date")),
                name="accounts_position_dates_ordered",
                violation_error_code="dates_ordered",
                violation_error_message="The end date cannot be before the start date.",
            ),
            models.CheckConstraint(
                condition=Q(start_date__day=1) & (Q(end_date__isnull=True) | Q(end_date__day=1)),
                name="accounts_position_first_of_month",
                violation_error_code="first_of_month",
                violation_error_message="Dates of a position are a month and a year.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.title} at {self.company}"

    @property
    def is_current(self) -> bool:
        return self.end_date is None


class Education(models.Model):
    """One school a member attended."""

    member = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="education"
    )
    school = models.CharField(max_length=150)
    degree = models.CharField(max_length=100, blank=True)
    field_of_study = models.CharField(max_length=100, blank=True)
    start_year = models.PositiveSmallIntegerField(null=True, blank=True)
    # The month is optional (a school year is often all one remembers); it needs its year.
    start_month = models.PositiveSmallIntegerField(null=True, blank=True)
    end_year = models.PositiveSmallIntegerField(null=True, blank=True)
    end_month = models.PositiveSmallIntegerField(null=True, blank=True)

    class Meta:
        ordering = ["-end_year", "-end_month", "-start_year", "-start_month", "-id"]
        verbose_name_plural = "education"
        constraints = [
            models.CheckConstraint(
                condition=Q(start_year__isnull=True)
                | Q(end_year__isnull=True)
                | Q(end_year__gte=models.F("start_year")),
                name="accounts_education_years_ordered",
                violation_error_code="years_ordered",
                violation_error_message="The end year cannot be before the start year.",
            ),
            models.CheckConstraint(
                condition=(
                    Q(start_month__isnull=True)
                    | Q(start_year__isnull=False, start_month__gte=1, start_month__lte=12)
                )
                & (
                    Q(end_month__isnull=True)
                    | Q(end_year__isnull=False, end_month__gte=1, end_month__lte=12)
                ),
                name="accounts_education_month_with_year",
                violation_error_code="month_invalid",
                violation_error_message="A month is 1 to 12, and comes with its year.",
            ),
            models.CheckConstraint(
                condition=Q(start_month__isnull=True)
                | Q(end_month__isnull=True)
                | ~Q(end_year=models.F("start_year"))
                | Q(end_month__gte=models.F("start_month")),
                name="accounts_education_months_ordered",
                violation_error_code="dates_ordered",
                violation_error_message="The end date cannot be before the start date.",
            ),
        ]

    def __str__(self) -> str:
        return self.school

    @property
    def start_label(self) -> str:
        """ "Sep 2010", or "2010" without a month, or ""."""
        return month_year_label(self.start_year, self.start_month)

    @property
    def end_label(self) -> str:
        return month_year_label(self.end_year, self.end_month)


MONTH_ABBREVIATIONS = (
    "Jan",
    "Feb",
    "Mar",
    "Apr",
    "May",
    "Jun",
    "Jul",
    "Aug",
    "Sep",
    "Oct",
    "Nov",
    "Dec",
)


def month_year_label(year: int | None, month: int | None) -> str:
    """A year with its month, as profiles show dates: "Mar 2021", "2021", or "" without a year."""
    if year is None:
        return ""
    return f"{MONTH_ABBREVIATIONS[month - 1]} {year}" if month else str(year)


class BlockQuerySet(models.QuerySet["Block"]):
    def in_force(self) -> "BlockQuerySet":
        return self.filter(unblocked_at__isnull=True)


class Block(models.Model):
    """One member blocking another. The row stays after an unblock to enforce the re-block wait."""

    blocker = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="blocks_made"
    )
    blocked = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="blocks_received"
    )
    created_at = models.DateTimeField(default=timezone.now)
    unblocked_at = models.DateTimeField(null=True, blank=True)

    objects = BlockQuerySet.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["blocker", "blocked"], name="accounts_block_one_per_pair"
            ),
            models.CheckConstraint(
                condition=~Q(blocker=models.F("blocked")), name="accounts_block_not_self"
            ),
        ]
        indexes = [
            models.Index(
                fields=["blocked", "blocker"],
                condition=Q(unblocked_at__isnull=True),
                name="accounts_block_reverse_idx",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.blocker_id} blocks {self.blocked_id}"

    @property
    def in_force(self) -> bool:
        return self.unblocked_at is None


def skill_key(skill: str) -> str:
    """The form a skill is matched in (endorsements, search): spaces collapsed, lower case."""
    return " ".join(str(skill).split()).lower()


class Endorsement(models.Model):
    """A 1st-degree connection vouching for one skill the member lists (one per endorser,
    member and skill). Written by connections.endorsements (the 1st-degree rule); removed with
    the connection (connections.services.connection_remove) and when the member drops the
    skill (accounts.services.profile_update)."""

    member = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="endorsements_received",
        db_index=False,  # accounts_endorsement_once leads with it
    )
    endorser = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="endorsements_given"
    )
    # skill_key() of the skill as listed; shown with the listed spelling.
    skill = models.CharField(max_length=80)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["member", "skill", "endorser"], name="accounts_endorsement_once"
            ),
            models.CheckConstraint(
                condition=~Q(member=models.F("endorser")), name="accounts_endorsement_not_self"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.endorser_id} endorses {self.member_id} for {self.skill}"
