"""Pages of the graph's write side: My Network, a profile's Connect panel, the Connect dialog
every list opens (docs/connections.md), and their actions.

Thin: parse, call a service, turn a DomainError into what the member sees, render. Every action
is a plain POST that works without JavaScript; htmx only narrows what is redrawn:

- from a list on My Network (`hx-target` a row), the answer is that row's fragment;
- from a profile's Connect panel (forms carry `panel=<member id>`), the answer is always a
  redirect to the profile: htmx follows it and keeps `#connect-panel` (`hx-select`), so the
  panel is rendered in one place, by the profile page, with the viewer's degree and privacy.
  A refusal travels to that page in the session ("panel flash") together with what the member
  typed, so nothing is lost;
- from the Connect dialog (`shown_in=dialog`), the dialog's next content: the result that
  replaces the button, or the form again with the refusal and what was typed;
- from My Network (`shown_in=network`) the row comes with the page's counts and the header's
  badge out of band; from a notification (`shown_in=notification`) as that notification's answer.
"""

from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST
from django_htmx.http import HttpResponseClientRedirect

from accounts.auth import current_member
from accounts.exceptions import MemberNotFound
from accounts.models import User
from accounts.policies import profile_access, profile_sections
from accounts.selectors import access_member
from connections import endorsements, policies, selectors, services
from connections.exceptions import EmailRequired, NoteTooLong
from connections.forms import IgnoreForm, InvitationForm
from connections.models import Invitation
from core.exceptions import DomainError
from core.web import is_htmx, next_url
from network.selectors import nearness_for

PANEL_ID = "connect-panel"
_PANEL_FLASH = "connections_panel_flash"
# Which field of the Connect form a refusal belongs to (the others belong to the whole form).
_ERROR_FIELDS: dict[str, str] = {NoteTooLong.code: "note", EmailRequired.code: "email"}
_DIALOG_IDS = "connect-dialog-%s"  # the dialog's fields, apart from a profile panel's own


def _panel_member_id(request: HttpRequest) -> int | None:
    value = request.POST.get("panel") or ""
    return int(value) if value.isdigit() else None


def _member_not_found(request: HttpRequest, error: DomainError, url: str) -> HttpResponse:
    """The member is gone or hidden: the same not-found, with the reason, for every interface."""
    if is_htmx(request):
        messages.error(request, error.detail)
        return HttpResponseClientRedirect(url)
    context = {"title": "Not found", "text": error.detail, "status": 404}
    return render(request, "error.html", context, status=404)


def _to_panel(
    request: HttpRequest,
    member_id: int,
    *,
    error: DomainError | None = None,
    notice: str = "",
    typed: dict[str, str] | None = None,
) -> HttpResponse:
    """Answer a Connect-panel form: back to the profile, carrying a refusal to its panel."""
    url = reverse("profile", args=[member_id])
    if isinstance(error, MemberNotFound):
        return _member_not_found(request, error, url)
    if error is not None and member_id == request.user.pk:  # one's own profile has no panel
        messages.error(request, error.detail)
    elif error is not None:
        request.session[_PANEL_FLASH] = {
            "member_id": member_id,
            "code": error.code,
            "detail": error.detail,
            "typed": typed,
        }
    elif notice and not is_htmx(request):
        messages.success(request, notice)
    return redirect(url)


def _answer(
    request: HttpRequest,
    *,
    error: DomainError | None,
    notice: str,
    row: Callable[[], HttpResponse],
) -> HttpResponse:
    """Answer a list action: the panel's way, a row fragment for htmx, or a message + redirect."""
    panel_member_id = _panel_member_id(request)
    if panel_member_id is not None:
        return _to_panel(request, panel_member_id, error=error, notice=notice)
    if is_htmx(request):
        return row()
    if error is not None:
        messages.error(request, error.detail)
    else:
        messages.success(request, notice)
    return redirect(next_url(request, reverse("my_network")))


def _refused(
    request: HttpRequest, error: DomainError, row: Callable[[DomainError], HttpResponse]
) -> HttpResponse:
    """Answer a refused list action: `row(error)` redraws the row with the reason, for htmx."""
    return _answer(request, error=error, notice="", row=lambda: row(error))


def _done(request: HttpRequest, notice: str, row: Callable[[], HttpResponse]) -> HttpResponse:
    """Answer a list action that went through: `row` is the row's new state, for htmx."""
    return _answer(request, error=None, notice=notice, row=row)


def _pop_panel_flash(request: HttpRequest, member_id: int) -> dict[str, Any] | None:
    flash = request.session.get(_PANEL_FLASH)
    if not flash or flash.get("member_id") != member_id:
        return None
    del request.session[_PANEL_FLASH]
    return dict(flash)


def connect_panel_context(request: HttpRequest, *, viewer: User, member: User) -> dict[str, Any]:
    """What a profile's Connect panel shows `viewer` about `member` (never oneself)."""
    relationship = selectors.relationships_for(viewer, [member.pk])[member.pk]
    invitation: Invitation | None = None
    if relationship == "invitation_sent":
        invitation = selectors.invitations_sent(viewer).filter(recipient=member).first()
    elif relationship == "invitation_received":
        invitation = selectors.invitations_received(viewer).filter(sender=member).first()
    preflight = None
    if relationship in ("none", "invitation_received"):
        preflight = policies.invitation_preflight(sender=viewer, recipient=member)
    flash = _pop_panel_flash(request, member.pk)
    form = InvitationForm()
    panel_error = None
    if flash and flash.get("typed") is not None and relationship == "none":
        # Reopen the dialog with what was typed and the reason on the field it concerns.
        form = InvitationForm(data=flash["typed"])
        form.is_valid()
        form.add_error(_ERROR_FIELDS.get(flash["code"]), flash["detail"])
    elif flash:  # the panel shows no dialog now (connected, pending...): just the reason
        panel_error = flash["detail"]
    return {
        "relationship": relationship,
        "invitation": invitation,
        "preflight": preflight,
        "invitation_form": form,
        "connect_open": form.is_bound or request.GET.get("connect") == "1",
        "email_required": bool(preflight and preflight.email_required)
        or bool(flash and flash["code"] == EmailRequired.code),
        "panel_error": panel_error,
        "reinvite_cooldown_days": settings.REINVITE_COOLDOWN_DAYS,
    }


def _dialog_member(request: HttpRequest, member_id: int) -> tuple[User, str]:
    """The member a Connect dialog is about, and what it calls them (a name the viewer may see).

    Raises MemberNotFound.
    """
    viewer = current_member(request)
    member = access_member(viewer=viewer, member_id=member_id, with_history=False)
    degree = nearness_for(viewer, [member.pk])[member.pk].degree
    shows_name = profile_sections(profile_access(member=member, degree=degree)).name
    return member, member.full_name if shows_name else "this member"


def _dialog(
    request: HttpRequest,
    member_id: int,
    *,
    form: InvitationForm | None = None,
    error: DomainError | None = None,
) -> HttpResponse:
    """Render the Connect dialog's content: the pre-flight hint and the note form, or why not."""
    viewer = current_member(request)
    try:
        member, name = _dialog_member(request, member_id)
    except MemberNotFound as missing:
        return render(request, "connections/_connect_dialog.html", {"not_found": missing.detail})
    preflight = policies.invitation_preflight(sender=viewer, recipient=member)
    if form is None:
        form = InvitationForm(auto_id=_DIALOG_IDS)
    context: dict[str, Any] = {
        "member": member,
        "name": name,
        "preflight": preflight,
        "invitation_form": form,
        "show_form": preflight.can_invite or form.is_bound,
        "email_required": preflight.email_required
        or bool(error and error.code == EmailRequired.code),
        "limits": selectors.member_limits(viewer),
    }
    return render(request, "connections/_connect_dialog.html", context)


def _dialog_refused(
    request: HttpRequest, member_id: int, *, error: DomainError, typed: dict[str, str]
) -> HttpResponse:
    """The dialog again, with what was typed and the reason on the field it concerns."""
    form = InvitationForm(data=typed, auto_id=_DIALOG_IDS)
    form.is_valid()
    form.add_error(_ERROR_FIELDS.get(error.code), error.detail)
    return _dialog(request, member_id, form=form, error=error)


def _dialog_done(request: HttpRequest, outcome: services.InvitationOutcome) -> HttpResponse:
    """The dialog's last content: what replaces the Connect button, and what to announce."""
    invitation = outcome.invitation
    connected = outcome.connection is not None  # it accepted their invitation instead
    member_id = invitation.sender_id if connected else invitation.recipient_id
    try:
        member, name = _dialog_member(request, member_id)
    except MemberNotFound:  # hidden (blocked, deactivated) in the instant after the send
        member = invitation.sender if connected else invitation.recipient
        name = "this member"
    context = {"member": member, "name": name, "connected": connected}
    return render(request, "connections/_connect_result.html", context)


@login_required
@require_POST
def invitation_send(request: HttpRequest, member_id: int) -> HttpResponse:
    """Send (or, when they invited the viewer first, accept): from the profile's panel (a
    redirect back to it) or from the Connect dialog (`shown_in=dialog`, htmx: the dialog's
    next content, the result or the form again with the refusal)."""
    form = InvitationForm(request.POST)
    typed = {"note": request.POST.get("note", ""), "email": request.POST.get("email", "")}
    in_dialog = request.POST.get("shown_in") == "dialog" and is_htmx(request)
    if not form.is_valid():  # only an over-long email address gets here
        error = DomainError(" ".join(str(m) for errors in form.errors.values() for m in errors))
        if in_dialog:
            return _dialog_refused(request, member_id, error=error, typed=typed)
        return _to_panel(request, member_id, error=error, typed=typed)
    try:
        outcome = services.invitation_send(
            sender=current_member(request),
            recipient_id=member_id,
            note=form.note_to_send(),
            email=form.cleaned_data["email"],
        )
    except DomainError as error:
        if in_dialog:
            return _dialog_refused(request, member_id, error=error, typed=typed)
        return _to_panel(request, member_id, error=error, typed=typed)
    if in_dialog:
        return _dialog_done(request, outcome)
    notice = "You are now connected." if outcome.connection else "Invitation sent."
    return _to_panel(request, member_id, notice=notice)


@login_required
@require_GET
def invitation_dialog(request: HttpRequest, member_id: int) -> HttpResponse:
    """The Connect dialog's content (htmx); without JavaScript, the profile's note panel."""
    if not is_htmx(request):
        return redirect(reverse("profile", args=[member_id]) + "?connect=1#connect-panel")
    return _dialog(request, member_id)


def _received_row(
    request: HttpRequest, viewer: User, invitation_id: int
) -> Callable[[DomainError], HttpResponse]:
    """Redraw a received invitation after a refusal: the card with the reason, or just it."""

    def row(error: DomainError) -> HttpResponse:
        invitation = selectors.invitations_received(viewer).filter(pk=invitation_id).first()
        if invitation is None or request.POST.get("shown_in") == "notification":
            return _result_row(request, f"invitation-{invitation_id}", error.detail, error=True)
        context = {"invitation": invitation, "error": error.detail}
        return render(request, "connections/_invitation_received.html", context)

    return row


def _result_row(
    request: HttpRequest,
    row_id: str,
    text: str,
    *,
    member: User | None = None,
    error: bool = False,
    connected: bool = False,
) -> HttpResponse:
    """A row's new state; from My Network (`shown_in=network`) with its counts out of band,
    from a notification (`shown_in=notification`) as that notification's answer."""
    shown_in = request.POST.get("shown_in", "")
    context = {
        "row_id": row_id,
        "text": text,
        "member": member,
        "error": error,
        "connected": connected,
        "counts": selectors.network_counts(current_member(request))
        if shown_in == "network"
        else None,
    }
    if shown_in == "notification":
        return render(request, "notifications/_invitation_answer.html", context)
    return render(request, "connections/_row_result.html", context)


@login_required
@require_GET
def network_badge(request: HttpRequest) -> HttpResponse:
    """htmx: the header's My Network count (invitations waiting), loaded after the page."""
    count = selectors.invitations_received(current_member(request)).count()
    return render(request, "connections/_network_badge.html", {"received_count": count})


@login_required
@require_POST
def invitation_accept(request: HttpRequest, invitation_id: int) -> HttpResponse:
    viewer = current_member(request)
    row_id = f"invitation-{invitation_id}"
    try:
        connection = services.invitation_accept(recipient=viewer, invitation_id=invitation_id)
    except DomainError as error:
        return _refused(request, error, _received_row(request, viewer, invitation_id))
    notice = "You are now connected."
    return _done(
        request,
        notice,
        lambda: _result_row(
            request, row_id, notice, member=connection.seen_from(viewer.pk).other, connected=True
        ),
    )


@login_required
@require_POST
def invitation_ignore(request: HttpRequest, invitation_id: int) -> HttpResponse:
    viewer = current_member(request)
    dont_know = IgnoreForm(request.POST).dont_know
    try:
        invitation = services.invitation_ignore(
            recipient=viewer, invitation_id=invitation_id, dont_know=dont_know
        )
    except DomainError as error:
        return _refused(request, error, _received_row(request, viewer, invitation_id))
    if dont_know:
        notice = "Thanks for telling us. This member cannot invite you again."
    else:
        notice = "Invitation ignored. The sender is not told."
    return _done(
        request,
        notice,
        lambda: _result_row(
            request, f"invitation-{invitation_id}", notice, member=invitation.sender
        ),
    )


@login_required
@require_POST
def invitation_withdraw(request: HttpRequest, invitation_id: int) -> HttpResponse:
    viewer = current_member(request)
    row_id = f"invitation-{invitation_id}"
    try:
        invitation = services.invitation_withdraw(sender=viewer, invitation_id=invitation_id)
    except DomainError as error:
        return _refused(
            request, error, lambda refusal: _result_row(request, row_id, refusal.detail, error=True)
        )
    days = settings.REINVITE_COOLDOWN_DAYS
    notice = f"Invitation withdrawn. You can invite this member again in {days} days."
    return _done(
        request, notice, lambda: _result_row(request, row_id, notice, member=invitation.recipient)
    )


@login_required
@require_POST
def connection_remove(request: HttpRequest, member_id: int) -> HttpResponse:
    viewer = current_member(request)
    row_id = f"connection-{member_id}"
    try:
        services.connection_remove(member=viewer, other_id=member_id)
    except DomainError as error:
        return _refused(
            request, error, lambda refusal: _result_row(request, row_id, refusal.detail, error=True)
        )
    notice = "Connection removed. They are not told."
    return _done(request, notice, lambda: _result_row(request, row_id, notice))


@login_required
@require_POST
def block_member(request: HttpRequest, member_id: int) -> HttpResponse:
    try:
        services.member_block(blocker=current_member(request), blocked_id=member_id)
    except MemberNotFound as error:
        raise Http404(error.detail) from error
    except DomainError as error:
        messages.error(request, error.detail)
        return redirect("profile", member_id=member_id)
    messages.success(request, "Member blocked. You no longer see each other.")
    return redirect("blocked_list")


@login_required
@require_POST
def member_endorse(request: HttpRequest, member_id: int) -> HttpResponse:
    """Endorse one of a connection's skills, or (with `withdraw`) take one's endorsement back;
    back to the profile's skills, with the refusal as a message."""
    viewer = current_member(request)
    skill = request.POST.get("skill", "")
    try:
        if request.POST.get("withdraw"):
            endorsements.endorsement_delete(endorser=viewer, member_id=member_id, skill=skill)
            messages.success(request, f"You no longer endorse {skill}.")
        else:
            endorsements.endorsement_create(endorser=viewer, member_id=member_id, skill=skill)
            messages.success(request, f"You endorsed {skill}.")
    except MemberNotFound as error:
        raise Http404(error.detail) from error
    except DomainError as error:
        messages.error(request, error.detail)
    return redirect(reverse("profile", args=[member_id]) + "#skills-title")
