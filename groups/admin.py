"""Admin for groups: browse and search; moderation goes through the services' rules where a
raw edit could break an invariant (roles, counts)."""

from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest

from groups.models import Ban, Group, GroupInvitation, JoinRequest, Membership


@admin.register(Group)
class GroupAdmin(admin.ModelAdmin):
    list_display = ["name", "visibility", "join_policy", "member_count", "created_at"]
    list_filter = ["visibility", "join_policy", "posts_need_approval"]
    search_fields = ["name", "description"]
    readonly_fields = ["member_count", "created_by", "created_at", "pinned_post"]
    actions = ["make_unlisted"]

    @admin.action(description="Make unlisted (hide from the directory)")
    def make_unlisted(self, request: HttpRequest, queryset: QuerySet[Group]) -> None:
        queryset.update(visibility="unlisted")


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ["group", "member", "role", "created_at"]
    list_filter = ["role"]
    search_fields = ["group__name", "member__email", "member__last_name"]
    raw_id_fields = ["group", "member"]

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False  # roles change through the services (one owner, the managers limit)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False


@admin.register(JoinRequest)
class JoinRequestAdmin(admin.ModelAdmin):
    list_display = ["group", "member", "status", "created_at"]
    list_filter = ["status"]
    search_fields = ["group__name", "member__email"]
    raw_id_fields = ["group", "member", "responded_by"]


@admin.register(Ban)
class BanAdmin(admin.ModelAdmin):
    list_display = ["group", "member", "banned_by", "created_at"]
    search_fields = ["group__name", "member__email"]
    raw_id_fields = ["group", "member", "banned_by"]


@admin.register(GroupInvitation)
class GroupInvitationAdmin(admin.ModelAdmin):
    list_display = ["group", "sender", "recipient", "status", "created_at"]
    list_filter = ["status"]
    raw_id_fields = ["group", "sender", "recipient"]
