"""Notification pages: the list, "Mark all as read", and the header bell's fragment."""

from dataclasses import dataclass

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_GET, require_POST
from django_htmx.http import HttpResponseStopPolling

from accounts.auth import current_member
from notifications import selectors, services
from notifications.models import Notification

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
