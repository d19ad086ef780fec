"""Admin for members: searchable, filterable; rule-bearing changes go through services."""

from typing import Any, cast

from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse

from accounts import services
from accounts.models import Block, Education, Position, Profile, User
from moderation import services as moderation_services
from moderation.admin import with_reason


class ProfileInline(admin.StackedInline):
    model = Profile
    can_delete = False
    fields = [
        "headline",
        "summary",
        "industry",
        "location",
        "current_company",
        "current_title",
        "skills",
        "photo",
        "photo_thumbnail",
    ]
    readonly_fields = ["photo_thumbnail"]


class PositionInline(admin.TabularInline):
    model = Position
    extra = 0
    fields = ["title", "company", "location", "start_date", "end_date"]


class EducationInline(admin.TabularInline):
    model = Education
    extra = 0
    fields = [
        "school",
        "degree",
        "field_of_study",
        "start_year",
        "start_month",
        "end_year",
        "end_month",
    ]


class DeactivatedFilter(admin.SimpleListFilter):
    title = "deactivated by the member"
    parameter_name = "deactivated"

    def lookups(self, request: HttpRequest, model_admin: Any) -> list[tuple[str, str]]:
        return [("yes", "Deactivated"), ("no", "Not deactivated")]

    def queryset(self, request: HttpRequest, queryset: QuerySet[User]) -> QuerySet[User]:
        if self.value() == "yes":
            return queryset.filter(deactivated_at__isnull=False)
        if self.value() == "no":
            return queryset.filter(deactivated_at__isnull=True)
        return queryset


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    ordering = ["-date_joined"]
    list_display = [
        "email",
        "first_name",
        "last_name",
        "industry",
        "location",
        "is_active",
        "deactivated_at",
        "date_joined",
    ]
    list_filter = [
        "is_active",
        DeactivatedFilter,
        "is_staff",
        ("profile__industry", admin.AllValuesFieldListFilter),
        ("profile__location", admin.AllValuesFieldListFilter),
    ]
    search_fields = ["email", "first_name", "last_name"]
    list_select_related = ["profile"]
    # The state changes only through the actions (services): a raw edit would skip ending
    # the member's sessions and tokens.
    readonly_fields = [
        "last_login",
        "date_joined",
        "is_active",
        "deactivated_at",
        "deactivated_by_staff",
        "suspended_at",
        "suspension_reason",
    ]
    inlines = [ProfileInline, PositionInline, EducationInline]
    actions = ["deactivate_members", "suspend_members", "lift_suspensions", "restore_members"]
    fieldsets = (
        (None, {"fields": ("email", "password")}),
        ("Name", {"fields": ("first_name", "last_name")}),
        (
            "Privacy",
            {
                "fields": (
                    "invitations_from",
                    "connections_visible_to",
                    "profile_visible_to_out_of_network",
                    "show_email_to_connections",
                )
            },
        ),
        (
            "State",
            {
                "fields": (
                    "is_active",
                    "suspended_at",
                    "suspension_reason",
                    "deactivated_at",
                    "deactivated_by_staff",
                    "last_login",
                    "date_joined",
                )
            },
        ),
        ("Staff", {"fields": ("is_staff", "is_superuser", "groups", "user_permissions")}),
    )
    add_fieldsets = (
        (
            None,
            {
                "classes": ("wide",),
                "fields": ("email", "first_name", "last_name", "password1", "password2"),
            },
        ),
    )

    @admin.display(description="industry", ordering="profile__industry")
    def industry(self, member: User) -> str:
        return member.profile.get_industry_display() if hasattr(member, "profile") else ""

    @admin.display(description="location", ordering="profile__location")
    def location(self, member: User) -> str:
        return member.profile.location if hasattr(member, "profile") else ""

    def save_model(self, request: HttpRequest, obj: User, form: Any, change: bool) -> None:
        super().save_model(request, obj, form, change)
        if not change:
            services.profile_create_for(obj)

    def save_related(self, request: HttpRequest, form: Any, formsets: Any, change: bool) -> None:
        super().save_related(request, form, formsets, change)
        # Skills edited here lose their endorsements as they do through profile_update.
        profile = Profile.objects.filter(member=form.instance).first()
        if change and profile is not None:
            services.endorsements_remove_dropped(member_id=profile.member_id, skills=profile.skills)

    @admin.action(description="Deactivate (hidden everywhere; logging in does not undo it)")
    def deactivate_members(self, request: HttpRequest, queryset: QuerySet[User]) -> None:
        staff = cast(User, request.user)
        members = list(queryset)
        for member in members:
            services.member_deactivate(member=member, by=staff)
        self.message_user(request, f"{len(members)} member(s) deactivated.", messages.SUCCESS)

    @admin.action(description="Suspend (asks for a reason; sessions ended; appealable)")
    def suspend_members(
        self, request: HttpRequest, queryset: QuerySet[User]
    ) -> HttpResponse | None:
        return with_reason(
            self,
            request,
            queryset,
            explanation=(
                "Suspend these members: they cannot log in, are hidden everywhere, and may "
                "appeal. Open reports about them are resolved with the suspension."
            ),
            submit="Suspend",
            apply=lambda staff, member, reason: moderation_services.member_suspend_directly(
                moderator=staff, member_id=member.pk, reason=reason
            ),
        )

    @admin.action(description="Lift suspension (asks for a reason)")
    def lift_suspensions(
        self, request: HttpRequest, queryset: QuerySet[User]
    ) -> HttpResponse | None:
        return with_reason(
            self,
            request,
            queryset,
            explanation="Lift these members' suspensions: they can log in again.",
            submit="Lift suspension",
            apply=lambda staff, member, reason: moderation_services.suspension_lift_directly(
                moderator=staff, member_id=member.pk, reason=reason
            ),
        )

    @admin.action(description="Restore deactivated members")
    def restore_members(self, request: HttpRequest, queryset: QuerySet[User]) -> None:
        staff = cast(User, request.user)
        restored = 0
        for member in queryset:
            if member.suspended_at is not None:
                # A suspension is a sanction: it is lifted with a reason, audited.
                self.message_user(
                    request, f"{member}: suspended; use “Lift suspension”.", messages.ERROR
                )
                continue
            services.member_reactivate(member=member, by=staff)
            restored += 1
        self.message_user(request, f"{restored} member(s) restored.", messages.SUCCESS)


@admin.register(Block)
class BlockAdmin(admin.ModelAdmin):
    list_display = ["blocker", "blocked", "created_at", "unblocked_at"]
    list_filter = [("unblocked_at", admin.EmptyFieldListFilter)]
    search_fields = ["blocker__email", "blocked__email", "blocker__last_name", "blocked__last_name"]
    list_select_related = ["blocker", "blocked"]
    readonly_fields = ["blocker", "blocked", "created_at", "unblocked_at"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
