"""Notification pages: the list, "Mark all as read", and the header bell's fragment."""

from dataclasses import dataclass

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.middleware.csrf import CsrfViewMiddleware
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django_htmx.http import HttpResponseStopPolling

from accounts.auth import current_member
from core.exceptions import DomainError
from notifications import preferences, selectors, services
from notifications.forms import NotificationSettingsForm
from notifications.models import Notification, NotificationKind
from notifications.unsubscribe import read_unsubscribe_token

PAGE_SIZE = 30


@dataclass(frozen=True)
class NotificationRow:
    notification: Notification
    link: str  # the notification's link when it is a page of this site, else ""


def _local_link(link: str) -> str:
    return link if link and url_has_allowed_host_and_scheme(link, allowed_hosts=None) else ""


@login_required
def notification_list(request: HttpRequest) -> HttpResponse:
    page = Paginator(selectors.notifications_for(current_member(request)), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    rows = [NotificationRow(notification, _local_link(notification.link)) for notification in page]
    return render(request, "notifications/notification_list.html", {"page": page, "rows": rows})


@login_required
@require_POST
def notifications_mark_read(request: HttpRequest) -> HttpResponse:
    changed = services.notifications_mark_read(member=current_member(request))
    if changed:
        messages.success(request, "All notifications are marked as read.")
    return redirect("notifications")


@require_GET
def notifications_badge(request: HttpRequest) -> HttpResponse:
    """The header bell alone, polled by htmx; once logged out, tell htmx to stop polling."""
    if not request.user.is_authenticated:
        return HttpResponseStopPolling()
    return render(request, "notifications/_bell.html")


@login_required
def notification_settings(request: HttpRequest) -> HttpResponse:
    member = current_member(request)
    current = preferences.notification_settings_for(member)
    form = NotificationSettingsForm(request.POST or None, current=current)
    if request.method == "POST" and form.is_valid():
        preferences.notification_settings_update(
            member=member, kinds=form.kinds(), message_digest=form.cleaned_data["message_digest"]
        )
        messages.success(request, "Your notification settings were saved.")
        return redirect("notification_settings")
    return render(request, "notifications/settings.html", {"form": form})


def _not_exempt(request: HttpRequest) -> HttpResponse:
    return HttpResponse()


def _csrf_refusal(request: HttpRequest) -> HttpResponse | None:
    """The CSRF check the middleware would make (the view itself is exempt for RFC 8058)."""
    return CsrfViewMiddleware(_not_exempt).process_view(request, _not_exempt, (), {})


@csrf_exempt  # only for the RFC 8058 one-click POST: any other POST is checked below
@require_http_methods(["GET", "POST"])
def unsubscribe(request: HttpRequest, token: str) -> HttpResponse:
    """One-click unsubscribe without a session: GET confirms with a button, POST turns the
    kind's email off. The signed token is the authorization."""
    try:
        member_id, kind = read_unsubscribe_token(token)
    except DomainError as error:
        return render(
            request, "notifications/unsubscribe.html", {"error": error.detail}, status=404
        )
    context: dict[str, object] = {"kind_label": NotificationKind(kind).label, "token": token}
    if request.method == "POST":
        one_click = request.POST.get("List-Unsubscribe") == "One-Click"
        if not one_click and (refusal := _csrf_refusal(request)) is not None:
            return refusal
        if not preferences.email_unsubscribe(member_id=member_id, kind=kind):
            return render(
                request,
                "notifications/unsubscribe.html",
                {"error": "This unsubscribe link is not valid."},
                status=404,
            )
        context["done"] = True
    return render(request, "notifications/unsubscribe.html", context)
