"""Admin for groups: browse and search; every change goes through groups.moderation, which
takes the services' locks and helpers (member counts, one owner, the member's group limit,
notifications), so the admin cannot break what the services keep."""

from typing import Any

from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest

from core.admin import ReadOnlyAdmin
from core.exceptions import DomainError
from groups import moderation
from groups.models import Ban, Group, GroupInvitation, JoinRequest, Membership, RequestStatus
from groups.services import EDITABLE_FIELDS


def _refusal(
    admin_site: admin.ModelAdmin, request: HttpRequest, label: str, error: Exception
) -> None:
    detail = getattr(error, "detail", str(error))
    admin_site.message_user(request, f"{label}: {detail}", messages.WARNING)


@admin.register(Group)
class GroupAdmin(admin.ModelAdmin):
    list_display = ["name", "visibility", "join_policy", "member_count", "created_at"]
    list_filter = ["visibility", "join_policy", "posts_need_approval"]
    search_fields = ["name", "description"]
    fields = [*EDITABLE_FIELDS, "logo", "member_count", "created_by", "created_at", "pinned_post"]
    readonly_fields = ["logo", "member_count", "created_by", "created_at", "pinned_post"]
    actions = ["make_unlisted"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # a group needs an owner: members create groups

    def save_model(self, request: HttpRequest, obj: Group, form: Any, change: bool) -> None:
        changed = {name: form.cleaned_data[name] for name in form.changed_data}
        try:
            moderation.group_update_as_staff(group_id=obj.pk, **changed)
        except DomainError as error:
            _refusal(self, request, str(obj), error)

    def delete_model(self, request: HttpRequest, obj: Group) -> None:
        moderation.group_delete_as_staff(group_id=obj.pk)

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[Group]) -> None:
        for group_id in queryset.values_list("pk", flat=True):
            moderation.group_delete_as_staff(group_id=group_id)

    @admin.action(description="Make unlisted (hide from the directory)")
    def make_unlisted(self, request: HttpRequest, queryset: QuerySet[Group]) -> None:
        changed = moderation.groups_make_unlisted(
            group_ids=list(queryset.values_list("pk", flat=True))
        )
        self.message_user(request, f"{changed} group(s) made unlisted.", messages.SUCCESS)


@admin.register(Membership)
class MembershipAdmin(ReadOnlyAdmin):
    """Roles change through the services (one owner, the managers limit); removing a member
    here is `membership_remove_as_staff` (the group's count follows; never the owner)."""

    list_display = ["group", "member", "role", "created_at"]
    list_filter = ["role"]
    search_fields = ["group__name", "member__email", "member__last_name"]
    list_select_related = ["group", "member"]

    def delete_model(self, request: HttpRequest, obj: Membership) -> None:
        try:
            moderation.membership_remove_as_staff(group_id=obj.group_id, member_id=obj.member_id)
        except DomainError as error:
            _refusal(self, request, str(obj), error)

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[Membership]) -> None:
        for membership in queryset.order_by("group_id", "member_id"):
            self.delete_model(request, membership)


@admin.register(JoinRequest)
class JoinRequestAdmin(ReadOnlyAdmin):
    list_display = ["group", "member", "status", "created_at", "responded_by"]
    list_filter = ["status"]
    search_fields = ["group__name", "member__email"]
    list_select_related = ["group", "member", "responded_by"]
    actions = ["approve_requests", "reject_requests"]

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False  # requests are history; pending ones are approved or rejected

    def _decide(self, request: HttpRequest, queryset: QuerySet[JoinRequest], call: Any) -> int:
        done = 0
        for join_request in queryset.filter(status=RequestStatus.PENDING).order_by("pk"):
            try:
                call(moderator=request.user, request_id=join_request.pk)
            except DomainError as error:
                _refusal(self, request, f"#{join_request.pk}", error)
            else:
                done += 1
        return done

    @admin.action(description="Approve the selected pending requests")
    def approve_requests(self, request: HttpRequest, queryset: QuerySet[JoinRequest]) -> None:
        done = self._decide(request, queryset, moderation.join_request_approve_as_staff)
        self.message_user(request, f"{done} request(s) approved.", messages.SUCCESS)

    @admin.action(description="Reject the selected pending requests")
    def reject_requests(self, request: HttpRequest, queryset: QuerySet[JoinRequest]) -> None:
        done = self._decide(request, queryset, moderation.join_request_reject_as_staff)
        self.message_user(request, f"{done} request(s) rejected.", messages.SUCCESS)


@admin.register(Ban)
class BanAdmin(ReadOnlyAdmin):
    """Bans are made by the group's managers; deleting one here lifts it."""

    list_display = ["group", "member", "banned_by", "created_at"]
    search_fields = ["group__name", "member__email"]
    list_select_related = ["group", "member", "banned_by"]

    def delete_model(self, request: HttpRequest, obj: Ban) -> None:
        moderation.ban_lift_as_staff(group_id=obj.group_id, member_id=obj.member_id)

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[Ban]) -> None:
        for ban in queryset.order_by("group_id", "member_id"):
            self.delete_model(request, ban)


@admin.register(GroupInvitation)
class GroupInvitationAdmin(ReadOnlyAdmin):
    list_display = ["group", "sender", "recipient", "status", "created_at"]
    list_filter = ["status"]
    list_select_related = ["group", "sender", "recipient"]

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
