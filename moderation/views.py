"""Pages of trust and safety: report something, see one's report, one's standing and reports,
appeal a sanction, and a suspended member's refused log-in with its appeal. Thin: the rules are
moderation.services' and standing.services'."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from accounts.auth import current_member, suspension_detail, suspension_marker_member
from accounts.models import User
from accounts.policies import block_block_reason
from core.exceptions import DomainError
from core.web import next_url, refusal_on_form, refused_page
from moderation import selectors, services
from moderation.forms import AppealForm, ReportForm
from moderation.models import Report, TargetType
from standing import services as standing_services
from standing.selectors import standing_for, suspension_of


@login_required
@require_http_methods(["GET", "POST"])
def report_create(request: HttpRequest, target_type: str, target_id: int) -> HttpResponse:
    """The report form; a target the reporter cannot see is a 404, as in the API."""
    if target_type not in TargetType.values:
        raise Http404("Nothing to report here.")
    label = TargetType(target_type).label.lower()
    back = next_url(request, "/")
    form = ReportForm(request.POST if request.method == "POST" else None)
    context = {"form": form, "label": label, "next": back}
    if request.method == "POST" and not form.is_valid():
        return render(request, "moderation/report_form.html", context, status=400)
    if request.method == "POST":
        try:
            report, created = services.report_create(
                reporter=current_member(request),
                target_type=target_type,
                target_id=target_id,
                **form.cleaned_data,
            )
        except DomainError as error:
            if error.status == 404:
                raise Http404(error.detail) from error
            refusal_on_form(form, error)
            return refused_page(request, "moderation/report_form.html", context, error)
        if created:
            messages.success(request, f"Thank you: we received your report of this {label}.")
        else:
            messages.info(request, f"You already reported this {label}.")
        return redirect("moderation:report_detail", report_id=report.pk)
    return render(request, "moderation/report_form.html", context)


@login_required
def report_detail(request: HttpRequest, report_id: int) -> HttpResponse:
    """One of the member's own reports; for a member, the offer to block them."""
    member = current_member(request)
    report = selectors.reports_of(member).filter(pk=report_id).first()
    if report is None:
        raise Http404("No such report.")
    offer_block = report.target_type == TargetType.MEMBER and _may_block(member, report)
    return render(
        request, "moderation/report_detail.html", {"report": report, "offer_block": offer_block}
    )


def _may_block(member: User, report: Report) -> bool:
    other = User.objects.filter(pk=report.target_id).first()
    if other is None or not other.is_active_member:
        return False
    return block_block_reason(blocker=member, target=other) is None


@login_required
def standing(request: HttpRequest) -> HttpResponse:
    """The member's standing: warnings and restrictions (reason, end, appeal), and reports."""
    member = current_member(request)
    context = {
        "standing": standing_for(member),
        "reports": list(selectors.reports_of(member)[:50]),
        "appeal_form": AppealForm(),
    }
    return render(request, "moderation/standing.html", context)


@login_required
@require_POST
def appeal_create(request: HttpRequest, sanction_id: int) -> HttpResponse:
    member = current_member(request)
    form = AppealForm(request.POST)
    if form.is_valid():
        try:
            standing_services.appeal_create(
                member=member, sanction_id=sanction_id, text=form.cleaned_data["text"]
            )
        except DomainError as error:
            if error.status == 404:
                raise Http404(error.detail) from error
            messages.error(request, error.detail)
            return redirect("moderation:standing")
        messages.success(request, "Your appeal was sent. Another moderator will review it.")
        return redirect("moderation:standing")
    context = {
        "standing": standing_for(member),
        "reports": list(selectors.reports_of(member)[:50]),
        "appeal_form": form,
        "appeal_for": sanction_id,
    }
    return render(request, "moderation/standing.html", context, status=400)


MARKER_EXPIRED = "This page has expired. Log in again to appeal your suspension."


@require_http_methods(["GET", "POST"])
def suspended(request: HttpRequest) -> HttpResponse:
    """Where a suspended member's log-in with the right password goes: why, since when, and the
    one appeal of the suspension (or its status). Only the marker that log-in left in the
    session opens it (accounts.auth.suspension_marker_member); it logs nobody in."""
    member = suspension_marker_member(request)
    form = AppealForm(request.POST if request.method == "POST" else None)
    if request.method == "POST":
        if member is None:
            form.is_valid()
            form.add_error(None, MARKER_EXPIRED)
        elif form.is_valid():
            try:
                standing_services.suspension_appeal_create(
                    member=member, text=form.cleaned_data["text"]
                )
            except DomainError as error:
                refusal_on_form(form, error)
                return refused_page(
                    request, "moderation/suspended.html", _suspended(member, form), error
                )
            messages.success(request, "We received your appeal. Another moderator will review it.")
            return redirect("moderation:suspended")
        return render(request, "moderation/suspended.html", _suspended(member, form), status=400)
    return render(request, "moderation/suspended.html", _suspended(member, form))


def _suspended(member: User | None, form: AppealForm) -> dict[str, object]:
    return {
        "member": member,
        "suspension": suspension_of(member.pk) if member is not None else None,
        "detail": suspension_detail(member) if member is not None else "",
        "appeal_form": form,
    }
