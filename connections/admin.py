"""Admin of the graph's write side: read-only rows; every change goes through the services.

Invitations and connections carry the product's rules (one pending invitation per pair, the
cool-down after a withdrawal, "I don't know this person", the cap under counter locks), so the
admin neither adds nor edits them: it withdraws through `invitation_withdraw`, removes a
connection through `connection_remove`, and reconciles counters through its service.
"""

from typing import Any

from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest

from connections import services
from connections.models import Connection, ConnectionCount, Invitation, InvitationStatus
from core.admin import ReadOnlyAdmin
from core.exceptions import DomainError


@admin.register(Invitation)
class InvitationAdmin(ReadOnlyAdmin):
    list_display = ["sender", "recipient", "status", "created_at", "responded_at"]
    list_filter = ["status"]
    date_hierarchy = "created_at"
    search_fields = [
        "sender__email",
        "recipient__email",
        "sender__last_name",
        "recipient__last_name",
    ]
    list_select_related = ["sender", "recipient"]
    ordering = ["-created_at", "-id"]
    actions = ["withdraw_invitations", "expire_invitations"]

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        # Deleting would erase the history the rules read: withdrawals (the cool-down) and
        # "I don't know this person" answers (the sender's strikes).
        return False

    @admin.action(description="Expire the selected pending invitations")
    def expire_invitations(self, request: HttpRequest, queryset: QuerySet[Invitation]) -> None:
        expired = services.invitations_expire(
            invitation_ids=list(queryset.values_list("pk", flat=True))
        )
        self.message_user(request, f"{expired} invitation(s) expired.", messages.SUCCESS)

    @admin.action(description="Withdraw the selected pending invitations (for their senders)")
    def withdraw_invitations(self, request: HttpRequest, queryset: QuerySet[Invitation]) -> None:
        withdrawn = 0
        refusals: list[str] = []
        for invitation in queryset.filter(status=InvitationStatus.PENDING).select_related("sender"):
            try:
                services.invitation_withdraw(sender=invitation.sender, invitation_id=invitation.pk)
            except DomainError as error:
                refusals.append(f"#{invitation.pk}: {error.detail}")
            else:
                withdrawn += 1
        self.message_user(request, f"{withdrawn} invitation(s) withdrawn.", messages.SUCCESS)
        skipped = queryset.count() - withdrawn - len(refusals)
        if skipped > 0:
            self.message_user(
                request, f"{skipped} invitation(s) were not pending: left as they were."
            )
        for refusal in refusals:
            self.message_user(request, refusal, messages.WARNING)


@admin.register(Connection)
class ConnectionAdmin(ReadOnlyAdmin):
    list_display = ["member", "other", "created_at"]
    list_filter = ["created_at"]
    date_hierarchy = "created_at"
    search_fields = ["member__email", "other__email", "member__last_name", "other__last_name"]
    list_select_related = ["member", "other"]
    ordering = ["-created_at", "-id"]

    def delete_model(self, request: HttpRequest, obj: Connection) -> None:
        """Remove both directions and both counters, the way a member removes a connection."""
        try:
            services.connection_remove(member=obj.member, other_id=obj.other_id)
        except DomainError as error:  # already removed (both rows were selected, say)
            self.message_user(request, error.detail, messages.WARNING)

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[Connection]) -> None:
        pairs = {
            (min(member_id, other_id), max(member_id, other_id))
            for member_id, other_id in queryset.values_list("member_id", "other_id")
        }
        for first_id, second_id in sorted(pairs):
            connection = (
                Connection.objects.select_related("member")
                .filter(member_id=first_id, other_id=second_id)
                .first()
            )
            if connection is not None:
                self.delete_model(request, connection)


@admin.register(ConnectionCount)
class ConnectionCountAdmin(ReadOnlyAdmin):
    list_display = ["member", "count", "warned_at"]
    search_fields = ["member__email", "member__last_name"]
    list_select_related = ["member"]
    ordering = ["-count"]
    actions = ["reconcile_counters"]

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    @admin.action(description="Reconcile counters (checks every member, not only the selection)")
    def reconcile_counters(self, request: HttpRequest, queryset: QuerySet[ConnectionCount]) -> None:
        drifts = services.connection_counts_reconcile()
        if not drifts:
            self.message_user(request, "Every counter matches its connections.", messages.SUCCESS)
            return
        for drift in drifts:
            self.message_user(
                request,
                f"Member {drift.member_id}: counted {drift.counted}, actually {drift.actual}"
                " — fixed.",
                messages.WARNING,
            )
