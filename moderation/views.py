"""Pages of trust and safety: report something, see one's report, one's standing and reports,
and appeal a sanction. Thin: the rules are moderation.services' and standing.services'."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from accounts.auth import current_member
from accounts.models import User
from accounts.policies import block_block_reason
from core.exceptions import DomainError
from core.web import next_url, refusal_on_form, refused_page
from moderation import selectors, services
from moderation.forms import AppealForm, ReportForm
from moderation.models import Report, TargetType
from standing import services as standing_services
from standing.selectors import standing_for


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
