"""Groups: who is in them and in which role, join requests, bans and invitations.

The rules (one owner, at most GROUP_MANAGERS_MAX managers, a member in at most
GROUPS_PER_MEMBER_MAX groups) are checked by groups.services under row locks: the group's row
for its roles, the member's row for their number of groups. The constraints below are the
database's backstop: one membership per pair, at most one owner per group, one pending join
request and one pending invitation per pair, one ban per pair.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from accounts.industries import INDUSTRIES


class Visibility(models.TextChoices):
    LISTED = "listed", "Listed: appears in search, anyone may ask to join"
    UNLISTED = "unlisted", "Unlisted: found only by invitation"


class JoinPolicy(models.TextChoices):
    OPEN = "open", "Anyone may join at once"
    APPROVAL = "approval", "A manager approves each request"


class Role(models.TextChoices):
    OWNER = "owner", "Owner"
    MANAGER = "manager", "Manager"
    MEMBER = "member", "Member"


MANAGING_ROLES = (Role.OWNER, Role.MANAGER)


def _logo_path(instance: "Group", filename: str) -> str:
    return f"groups/{instance.pk or 'new'}/logo/{filename}"


class Group(models.Model):
    name = models.CharField(max_length=100)
    description = models.TextField(blank=True, max_length=2000)
    rules = models.TextField(blank=True, max_length=2000)
    industry = models.CharField(max_length=60, choices=INDUSTRIES, blank=True)
    logo = models.ImageField(upload_to=_logo_path, blank=True)
    visibility = models.CharField(
        max_length=10, choices=Visibility.choices, default=Visibility.LISTED
    )
    join_policy = models.CharField(
        max_length=10, choices=JoinPolicy.choices, default=JoinPolicy.OPEN
    )
    posts_need_approval = models.BooleanField(
        default=False, help_text="New posts by members wait for a manager's approval."
    )
    # The pinned discussion (a feed.Post of this group); one at a time.
    pinned_post = models.ForeignKey(
        "feed.Post", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    # Written under the group's row lock by every membership change.
    member_count = models.PositiveIntegerField(default=0)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(member_count__gte=0), name="groups_group_member_count_not_negative"
            ),
            models.CheckConstraint(condition=~Q(name=""), name="groups_group_name_not_empty"),
        ]
        indexes = [
            models.Index(
                fields=["-member_count", "-id"],
                condition=Q(visibility="listed"),
                name="groups_group_directory_idx",
            ),
            models.Index(fields=["industry"], name="groups_group_industry_idx"),
        ]

    def __str__(self) -> str:
        return self.name


class Membership(models.Model):
    group = models.ForeignKey(
        Group, on_delete=models.CASCADE, related_name="memberships", db_index=False
    )
    member = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="group_memberships"
    )
    role = models.CharField(max_length=10, choices=Role.choices, default=Role.MEMBER)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["group", "member"], name="groups_membership_once"),
            models.UniqueConstraint(
                fields=["group"], condition=Q(role="owner"), name="groups_membership_one_owner"
            ),
        ]
        indexes = [
            models.Index(fields=["group", "role", "created_at"], name="groups_membership_list_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.member_id} in {self.group_id} ({self.role})"

    @property
    def is_manager(self) -> bool:
        return self.role in MANAGING_ROLES


class RequestStatus(models.TextChoices):
    PENDING = "pending", "Pending"
    APPROVED = "approved", "Approved"
    REJECTED = "rejected", "Rejected"
    WITHDRAWN = "withdrawn", "Withdrawn"


class JoinRequest(models.Model):
    group = models.ForeignKey(Group, on_delete=models.CASCADE, related_name="join_requests")
    member = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="group_join_requests"
    )
    status = models.CharField(
        max_length=10, choices=RequestStatus.choices, default=RequestStatus.PENDING
    )
    created_at = models.DateTimeField(default=timezone.now)
    responded_at = models.DateTimeField(null=True, blank=True)
    responded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["group", "member"],
                condition=Q(status="pending"),
                name="groups_joinrequest_one_pending",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.member_id} → {self.group_id} ({self.status})"


class Ban(models.Model):
    group = models.ForeignKey(Group, on_delete=models.CASCADE, related_name="bans")
    member = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="group_bans"
    )
    banned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["group", "member"], name="groups_ban_once"),
        ]

    def __str__(self) -> str:
        return f"{self.member_id} banned from {self.group_id}"


class InvitationStatus(models.TextChoices):
    PENDING = "pending", "Pending"
    ACCEPTED = "accepted", "Accepted"
    DECLINED = "declined", "Declined"
    CANCELLED = "cancelled", "Cancelled"


class GroupInvitation(models.Model):
    """A manager's invitation of one of their connections; it lets the recipient see an
    unlisted group and join it at once, whatever the join policy."""

    group = models.ForeignKey(Group, on_delete=models.CASCADE, related_name="invitations")
    sender = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="group_invitations"
    )
    status = models.CharField(
        max_length=10, choices=InvitationStatus.choices, default=InvitationStatus.PENDING
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["group", "recipient"],
                condition=Q(status="pending"),
                name="groups_invitation_one_pending",
            ),
            models.CheckConstraint(
                condition=~Q(sender=models.F("recipient")), name="groups_invitation_not_self"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.sender_id} invites {self.recipient_id} to {self.group_id}"
