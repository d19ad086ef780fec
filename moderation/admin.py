"""The moderators' side in Django admin: the review queue (cases, automatic first, then by
distinct reporters), each case with its snapshot, reports and the member's earlier sanctions,
resolved through `moderation.services.case_resolve`; appeals decided through
`appeal_decide`; sanctions lifted with a reason (`sanction_lift_directly`); the audit log,
read-only (no add, change or delete, for anyone). Every staff member is a moderator here.
`with_reason` is the admin's way to run an action that needs a reason (the members' admin
suspends with it too)."""

import json
from collections.abc import Callable
from typing import Any

from django.contrib import admin, messages
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.response import TemplateResponse
from django.urls import URLPattern, path, reverse
from django.utils.html import format_html, format_html_join

from accounts.auth import current_member
from core.exceptions import DomainError
from moderation import selectors, services
from moderation.forms import DecideForm, ReasonForm, ResolveForm
from moderation.models import Case, CaseStatus, LogEntry, Report
from standing.models import Appeal, AppealStatus, Sanction

REASON_STEP = "apply_reason"


def with_reason(
    model_admin: admin.ModelAdmin,
    request: HttpRequest,
    queryset: QuerySet[Any],
    *,
    explanation: str,
    submit: str,
    apply: Callable[[Any, Any, str], object],
) -> HttpResponse | None:
    """Run an admin action that needs a reason: a page asks for it, then `apply(moderator,
    row, reason)` (a service) runs for each selected row; each refusal becomes an admin
    message and changes nothing."""
    form = ReasonForm(request.POST if REASON_STEP in request.POST else None)
    if form.is_bound and form.is_valid():
        moderator, done = current_member(request), 0
        for row in queryset:
            try:
                apply(moderator, row, form.cleaned_data["reason"])
            except DomainError as error:
                model_admin.message_user(request, f"{row}: {error.detail}", messages.ERROR)
            else:
                done += 1
        if done:
            model_admin.message_user(request, f"{submit}: {done} done.", messages.SUCCESS)
        return None
    if form.is_bound:
        model_admin.message_user(
            request, f"Nothing was changed: {form.errors['reason'][0]}", messages.ERROR
        )
    context = {
        **model_admin.admin_site.each_context(request),
        "title": submit,
        "explanation": explanation,
        "submit": submit,
        "form": form,
        "objects": queryset,
        "action": request.POST.get("action", ""),
        "select_across": request.POST.get("select_across") == "1",
        "selected": request.POST.getlist(ACTION_CHECKBOX_NAME),
        "opts": model_admin.model._meta,
    }
    return TemplateResponse(request, "admin/moderation/reason.html", context)


class StaffAdmin(admin.ModelAdmin):
    """Read-only for every staff member (moderators need no per-model permission)."""

    def has_module_permission(self, request: HttpRequest) -> bool:
        return bool(request.user.is_active and request.user.is_staff)

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return self.has_module_permission(request)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class ReportInline(admin.TabularInline):
    model = Report
    fields = readonly_fields = ("reporter", "reason", "detail", "status", "created_at")
    extra = 0
    can_delete = False

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return bool(request.user.is_staff)


@admin.register(Case)
class CaseAdmin(StaffAdmin):
    list_display = [
        "__str__",
        "subject",
        "automatic",
        "reporters_count",
        "status",
        "first_reported_at",
        "action",
    ]
    list_filter = ["status", "automatic", "target_type", "action"]
    list_select_related = ["subject"]
    search_fields = ["subject__email", "subject__last_name"]
    ordering = ["status", "-automatic", "-reporters_count", "first_reported_at", "id"]
    fields = readonly_fields = (
        "resolve_link",
        "target_type",
        "target_id",
        "subject",
        "status",
        "automatic",
        "reporters_count",
        "first_reported_at",
        "content",
        "earlier_sanctions",
        "resolved_at",
        "resolved_by",
        "action",
        "note",
    )
    inlines = [ReportInline]

    def get_urls(self) -> list[URLPattern]:
        resolve = path(
            "<int:case_id>/resolve/",
            self.admin_site.admin_view(self.resolve_view),
            name="moderation_case_resolve",
        )
        return [resolve, *super().get_urls()]

    @admin.display(description="Resolve")
    def resolve_link(self, case: Case) -> str:
        if case.status != CaseStatus.OPEN:
            return "Resolved"
        url = reverse("admin:moderation_case_resolve", args=[case.pk])
        return format_html('<a class="button" href="{}">Resolve this case</a>', url)

    @admin.display(description="Content as reported")
    def content(self, case: Case) -> str:
        return format_html("<pre>{}</pre>", json.dumps(case.snapshot, indent=2, ensure_ascii=False))

    @admin.display(description="The member's sanctions")
    def earlier_sanctions(self, case: Case) -> str:
        sanctions = selectors.earlier_sanctions([case.subject_id])[case.subject_id]
        if not sanctions:
            return "None"
        return format_html_join(
            "",
            "<p>{} {}: {} ({})</p>",
            (
                (
                    sanction.created_at.date(),
                    sanction.get_kind_display(),
                    sanction.reason,
                    ", ".join(sanction.actions) or "-",
                )
                for sanction in sanctions
            ),
        )

    def resolve_view(self, request: HttpRequest, case_id: int) -> HttpResponse:
        case = get_object_or_404(Case, pk=case_id)
        form = ResolveForm(request.POST if request.method == "POST" else None)
        if request.method == "POST" and form.is_valid():
            try:
                services.case_resolve(
                    moderator=current_member(request), case_id=case.pk, **form.cleaned_data
                )
            except DomainError as error:
                form.add_error(None, error.detail)
            else:
                self.message_user(request, f"{case} resolved.", messages.SUCCESS)
                return redirect("admin:moderation_case_changelist")
        context = {
            **self.admin_site.each_context(request),
            "title": f"Resolve {case}",
            "case": case,
            "form": form,
            "snapshot": json.dumps(case.snapshot, indent=2, ensure_ascii=False),
            "reports": case.reports.select_related("reporter").order_by("created_at"),
            "opts": self.model._meta,
        }
        return render(request, "admin/moderation/resolve.html", context)


@admin.register(Appeal)
class AppealAdmin(StaffAdmin):
    list_display = ["__str__", "member", "status", "created_at", "decided_by"]
    list_filter = ["status"]
    list_select_related = ["sanction", "sanction__member", "decided_by"]
    fields = readonly_fields = (
        "decide_link",
        "sanction_text",
        "text",
        "status",
        "created_at",
        "decided_at",
        "decided_by",
        "note",
    )

    @admin.display(description="Member")
    def member(self, appeal: Appeal) -> str:
        return str(appeal.sanction.member)

    @admin.display(description="Sanction")
    def sanction_text(self, appeal: Appeal) -> str:
        sanction = appeal.sanction
        return (
            f"{sanction.get_kind_display()} ({', '.join(sanction.actions) or '-'}) of "
            f"{sanction.member}: {sanction.reason}"
        )

    @admin.display(description="Decide")
    def decide_link(self, appeal: Appeal) -> str:
        if appeal.status != AppealStatus.PENDING:
            return "Decided"
        url = reverse("admin:standing_appeal_decide", args=[appeal.pk])
        return format_html('<a class="button" href="{}">Decide this appeal</a>', url)

    def get_urls(self) -> list[URLPattern]:
        decide = path(
            "<int:appeal_id>/decide/",
            self.admin_site.admin_view(self.decide_view),
            name="standing_appeal_decide",
        )
        return [decide, *super().get_urls()]

    def decide_view(self, request: HttpRequest, appeal_id: int) -> HttpResponse:
        appeal = get_object_or_404(Appeal.objects.select_related("sanction"), pk=appeal_id)
        form = DecideForm(request.POST if request.method == "POST" else None)
        if request.method == "POST" and form.is_valid():
            try:
                services.appeal_decide(
                    moderator=current_member(request), appeal_id=appeal.pk, **form.cleaned_data
                )
            except DomainError as error:
                form.add_error(None, error.detail)
            else:
                self.message_user(request, f"{appeal} decided.", messages.SUCCESS)
                return redirect("admin:standing_appeal_changelist")
        context = {
            **self.admin_site.each_context(request),
            "title": f"Decide {appeal}",
            "appeal": appeal,
            "sanction": self.sanction_text(appeal),
            "form": form,
            "opts": self.model._meta,
        }
        return render(request, "admin/moderation/decide.html", context)


@admin.register(Sanction)
class SanctionAdmin(StaffAdmin):
    list_display = ["__str__", "member", "kind", "automatic", "ends_at", "lifted_at", "created_by"]
    list_filter = ["kind", "automatic"]
    list_select_related = ["member", "created_by"]
    search_fields = ["member__email", "member__last_name"]
    actions = ["lift_sanctions"]

    @admin.action(description="Lift sanction (asks for a reason)")
    def lift_sanctions(
        self, request: HttpRequest, queryset: QuerySet[Sanction]
    ) -> HttpResponse | None:
        return with_reason(
            self,
            request,
            queryset,
            explanation="Lift these sanctions now; a lifted suspension lets the member log in.",
            submit="Lift sanction",
            apply=lambda moderator, sanction, reason: services.sanction_lift_directly(
                moderator=moderator, sanction_id=sanction.pk, reason=reason
            ),
        )


@admin.register(Report)
class ReportAdmin(StaffAdmin):
    list_display = ["__str__", "reporter", "subject", "reason", "status", "created_at"]
    list_filter = ["status", "reason", "target_type"]
    list_select_related = ["reporter", "subject"]


@admin.register(LogEntry)
class LogEntryAdmin(StaffAdmin):
    """The audit log: nobody adds, changes or deletes an entry here (nor anywhere else)."""

    list_display = ["created_at", "moderator", "action", "member", "case", "note"]
    list_filter = ["action"]
    list_select_related = ["moderator", "member", "case"]
    # No actions: "delete selected" needs the delete permission, which nobody has here.
