"""Notification pages: the list (opening it clears the bell; a received invitation's row
answers it, through connections' own pages and services), "Mark all as read", and the header
bell's fragment."""

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
from accounts.models import User
from connections.selectors import invitations_received
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
    unread: bool  # unread until this page opened (opening it marks everything read)
    invitation_id: int | None = None  # a pending invitation it offers Accept / Ignore for
    answered: bool = False  # an invitation that no longer waits for an answer


def _local_link(link: str) -> str:
    return link if link and url_has_allowed_host_and_scheme(link, allowed_hosts=None) else ""


_INVITATION_KEY = "invitation_received:"  # connections.notifications' dedupe key


def _invitation_id(notification: Notification) -> int | None:
    if notification.kind != NotificationKind.INVITATION_RECEIVED:
        return None
    value = notification.dedupe_key.removeprefix(_INVITATION_KEY)
    return int(value) if value.isdigit() else None


def _rows(member: User, notifications: list[Notification]) -> list[NotificationRow]:
    """The page's rows; invitations still waiting for the member carry Accept / Ignore (one
    query for the page, through the same read My Network lists them with)."""
    invitation_ids = {n.pk: _invitation_id(n) for n in notifications}
    wanted = [pk for pk in invitation_ids.values() if pk is not None]
    pending = set(
        invitations_received(member).filter(pk__in=wanted).values_list("pk", flat=True)
        if wanted
        else []
    )
    rows = []
    for notification in notifications:
        invitation_id = invitation_ids[notification.pk]
        rows.append(
            NotificationRow(
                notification,
                _local_link(notification.link),
                unread=notification.read_at is None,
                invitation_id=invitation_id if invitation_id in pending else None,
                answered=invitation_id is not None and invitation_id not in pending,
            )
        )
    return rows


@login_required
def notification_list(request: HttpRequest) -> HttpResponse:
    """The member's notifications; opening the page marks them all read, so the header's bell
    clears at once (the rows unread until now stand out on this visit)."""
    member = current_member(request)
    page = Paginator(selectors.notifications_for(member), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    rows = _rows(member, list(page))
    services.notifications_mark_read(member=member)
    context = {"page": page, "rows": rows, "new_count": sum(row.unread for row in rows)}
    return render(request, "notifications/notification_list.html", context)


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
