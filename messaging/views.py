"""Messaging pages: the inbox, a conversation with its composer, starting conversations.

Thin: parse, call a service, turn a DomainError into what the member sees, render. Every
action is a plain POST that works without JavaScript; htmx only narrows what is redrawn:
the composer posts with htmx and gets back the new messages (appended to the list) plus
out-of-band updates of the "after" mark and the textarea; a poller asks every few seconds
for messages after that mark. Both sync on the conversation element, so they never overlap
and never append a message twice.
"""

from typing import Any

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_POST

from accounts.auth import current_member
from accounts.exceptions import MemberNotFound
from accounts.models import User
from accounts.selectors import access_member
from connections.selectors import connections_of
from core.exceptions import DomainError
from core.web import is_htmx
from messaging import policies, selectors, services
from messaging.exceptions import ConversationNotFound
from messaging.forms import GroupForm, InboxFilterForm, MessageForm, picked_member_ids
from messaging.models import Message, MessageKind, Participant

PAGE_SIZE = 30
INBOX_PAGE_SIZE = 30
PICKER_SIZE = 50
POLL_BATCH = 100


def _int_param(request: HttpRequest, name: str) -> int:
    value = request.GET.get(name) or request.POST.get(name) or ""
    return int(value) if value.isdigit() and len(value) < 19 else 0


def _seat(member: User, conversation_id: int) -> Participant:
    try:
        return selectors.access_conversation(member=member, conversation_id=conversation_id)
    except ConversationNotFound as error:
        raise Http404(error.detail) from error


def _refusal(error: DomainError) -> dict[str, Any]:
    return {"code": error.code, "detail": error.detail, "retry_after": error.retry_after}


@login_required
@require_GET
def inbox(request: HttpRequest) -> HttpResponse:
    member = current_member(request)
    form = InboxFilterForm(request.GET)
    query = form.cleaned_data["q"] if form.is_valid() else ""
    archived = request.GET.get("archived") == "1"
    offset = min(_int_param(request, "offset"), 100_000)
    rows = list(
        selectors.inbox_for(member, archived=archived, query=query)[
            offset : offset + INBOX_PAGE_SIZE + 1
        ]
    )
    seats = rows[:INBOX_PAGE_SIZE]
    for seat in seats:
        seat.others = [s for s in seat.conversation.seats if s.member_id != member.pk]  # type: ignore[attr-defined]
    context = {
        "seats": seats,
        "next_offset": offset + INBOX_PAGE_SIZE if len(rows) > INBOX_PAGE_SIZE else None,
        "form": form,
        "query": query,
        "archived": archived,
        "unread_total": selectors.unread_total(member),
    }
    return render(request, "messaging/inbox.html", context)


def _nudge(member: User, seat: Participant) -> dict[str, str] | None:
    """Suggest a thank-you while the invitation note is all the conversation holds."""
    last = selectors.visible_last_message(seat)
    if last is None or last.kind != MessageKind.INVITATION_NOTE or seat.conversation.is_group:
        return None
    other = next(
        (s.member for s in seat.conversation.seats if s.member_id != member.pk),
        None,
    )
    if other is None:
        return None
    if last.sender_id == member.pk:
        return {
            "text": f"{other.first_name} accepted your invitation. Say thanks for connecting.",
            "reply": f"Thanks for connecting, {other.first_name}!",
        }
    return {
        "text": f"You are now connected with {other.first_name}, whose note opened this "
        "conversation. Follow up and say thanks.",
        "reply": f"Thanks for the invitation, {other.first_name}! Glad to be connected.",
    }


def _conversation_context(
    member: User, seat: Participant, *, before: int = 0, form: MessageForm | None = None
) -> dict[str, Any]:
    seat.conversation.seats = selectors.conversation_seats(seat.conversation_id)
    messages = selectors.messages_for(seat)
    if before:
        messages = messages.filter(id__lt=before)
    window = list(messages[: PAGE_SIZE + 1])
    earlier = len(window) > PAGE_SIZE
    window = window[:PAGE_SIZE][::-1]
    others = [s for s in seat.conversation.seats if s.member_id != member.pk]
    reason = policies.message_send_block_reason(
        sender=member,
        other_ids=[s.member_id for s in others],
        detail=policies.NOT_CONNECTED_TO_EVERYONE if seat.conversation.is_group else None,
    )
    return {
        "seat": seat,
        "conversation": seat.conversation,
        "others": others,
        "thread": window,
        "earlier_before": window[0].pk if earlier and window else None,
        "last_id": seat.conversation.last_message_id or 0,
        "older_window": bool(before),
        "send_block_reason": reason,
        "form": form or MessageForm(),
        "nudge": None if reason else _nudge(member, seat),
        "poll_seconds": getattr(settings, "MESSAGING_POLL_SECONDS", 5),
        "max_length": settings.MESSAGE_MAX_LENGTH,
    }


@login_required
@require_GET
def conversation_detail(request: HttpRequest, conversation_id: int) -> HttpResponse:
    member = current_member(request)
    seat = _seat(member, conversation_id)
    before = _int_param(request, "before")
    context = _conversation_context(member, seat, before=before)
    if not before:  # opening the conversation reads it
        services.seat_mark_read(seat)
    return render(request, "messaging/conversation.html", context)


@login_required
@require_GET
def conversation_earlier(request: HttpRequest, conversation_id: int) -> HttpResponse:
    """htmx: the page of messages before `before`, with the next "Load earlier" button."""
    member = current_member(request)
    seat = _seat(member, conversation_id)
    before = _int_param(request, "before")
    window = list(selectors.messages_for(seat).filter(id__lt=before)[: PAGE_SIZE + 1])
    earlier = len(window) > PAGE_SIZE
    window = window[:PAGE_SIZE][::-1]
    context = {
        "conversation": seat.conversation,
        "thread": window,
        "earlier_before": window[0].pk if earlier and window else None,
    }
    return render(request, "messaging/_earlier.html", context)


def _new_messages(request: HttpRequest, member: User, seat: Participant, **extra: Any) -> Any:
    after = _int_param(request, "after")
    messages: list[Message] = list(
        selectors.messages_for(seat).filter(id__gt=after).order_by("id")[:POLL_BATCH]
    )
    context = {
        "conversation": seat.conversation,
        "thread": messages,
        "last_id": messages[-1].pk if messages else after,
        "max_length": settings.MESSAGE_MAX_LENGTH,
        **extra,
    }
    return messages, context


@login_required
@require_GET
def conversation_poll(request: HttpRequest, conversation_id: int) -> HttpResponse:
    """htmx: the messages after the page's last one (204 when there are none)."""
    member = current_member(request)
    seat = _seat(member, conversation_id)
    messages, context = _new_messages(request, member, seat)
    if not messages:
        return HttpResponse(status=204)
    services.seat_mark_read(seat)  # the member has the conversation open
    return render(request, "messaging/_new_messages.html", context)


@login_required
@require_POST
def message_send(request: HttpRequest, conversation_id: int) -> HttpResponse:
    member = current_member(request)
    seat = _seat(member, conversation_id)
    form = MessageForm(request.POST)
    error = policies.send_rate_block_reason(member)
    if error is None:
        try:
            services.message_send(
                sender=member, conversation_id=conversation_id, body=form.data.get("body", "")
            )
        except DomainError as refused:
            error = refused
    if is_htmx(request):
        if error is not None:  # keep what was typed; show why, above the composer
            return render(request, "messaging/_composer_error.html", {"error": error})
        _messages, context = _new_messages(
            request, member, seat, sent=True, nudge_done=bool(request.POST.get("nudge"))
        )
        return render(request, "messaging/_new_messages.html", context)
    if error is None:
        return redirect("messaging:conversation", conversation_id=conversation_id)
    form.add_error("body", error.detail)
    context = _conversation_context(member, seat, form=form)
    response = render(request, "messaging/conversation.html", context, status=error.status)
    if error.retry_after:
        response["Retry-After"] = str(error.retry_after)
    return response


def _seat_action(request: HttpRequest, conversation_id: int, action: Any) -> None:
    member = current_member(request)
    try:
        action(member=member, conversation_id=conversation_id)
    except ConversationNotFound as error:
        raise Http404(error.detail) from error


@login_required
@require_POST
def conversation_read(request: HttpRequest, conversation_id: int) -> HttpResponse:
    _seat_action(request, conversation_id, services.conversation_mark_read)
    return redirect("messaging:conversation", conversation_id=conversation_id)


@login_required
@require_POST
def conversation_archive(request: HttpRequest, conversation_id: int) -> HttpResponse:
    _seat_action(request, conversation_id, services.conversation_archive)
    return redirect("messaging:inbox")


@login_required
@require_POST
def conversation_unarchive(request: HttpRequest, conversation_id: int) -> HttpResponse:
    member = current_member(request)
    try:
        services.conversation_archive(
            member=member, conversation_id=conversation_id, archived=False
        )
    except ConversationNotFound as error:
        raise Http404(error.detail) from error
    return redirect("messaging:conversation", conversation_id=conversation_id)


@login_required
@require_POST
def conversation_leave(request: HttpRequest, conversation_id: int) -> HttpResponse:
    member = current_member(request)
    try:
        services.conversation_leave(member=member, conversation_id=conversation_id)
    except ConversationNotFound as missing:
        raise Http404(missing.detail) from missing
    except DomainError as refused:
        context = _conversation_context(member, _seat(member, conversation_id))
        context["action_error"] = refused
        return render(request, "messaging/conversation.html", context, status=refused.status)
    return redirect("messaging:inbox")


def _picker(member: User, query: str, exclude: set[int]) -> list[Any]:
    """Up to PICKER_SIZE of the member's connections matching `query`, by name."""
    rows = connections_of(member=member, viewer=member, query=query, ordering="last_name")
    if exclude:
        rows = rows.exclude(other_id__in=exclude)
    return list(rows[:PICKER_SIZE])


@login_required
def conversation_participants(request: HttpRequest, conversation_id: int) -> HttpResponse:
    """Add connections to a group conversation."""
    member = current_member(request)
    seat = _seat(member, conversation_id)
    if not seat.conversation.is_group:
        raise Http404("Only group conversations take more participants.")
    present = set(selectors.active_member_ids(conversation_id))
    error: DomainError | None = None
    if request.method == "POST":
        try:
            services.conversation_participants_add(
                member=member,
                conversation_id=conversation_id,
                participant_ids=picked_member_ids(request.POST),
            )
        except DomainError as refused:
            error = refused
        else:
            return redirect("messaging:conversation", conversation_id=conversation_id)
    query = request.GET.get("q", "")[:100]
    context = {
        "conversation": seat.conversation,
        "connections": _picker(member, query, present),
        "query": query,
        "error": error,
        "picked": set(picked_member_ids(request.POST)) if request.method == "POST" else set(),
    }
    return render(
        request,
        "messaging/participants_add.html",
        context,
        status=error.status if error else 200,
    )


def _start(
    request: HttpRequest, member: User, participant_ids: list[int], form: MessageForm
) -> tuple[HttpResponse | None, DomainError | None]:
    error = policies.send_rate_block_reason(member)
    if error is not None:
        return None, error
    try:
        outcome = services.conversation_start(
            sender=member,
            participant_ids=participant_ids,
            body=form.data.get("body", ""),
            title=form.data.get("title", ""),
        )
    except DomainError as refused:
        return None, refused
    return redirect("messaging:conversation", conversation_id=outcome.conversation.pk), None


@login_required
def conversation_with(request: HttpRequest, member_id: int) -> HttpResponse:
    """The "Message" button's target: the 1:1 conversation with a member, or its composer."""
    viewer = current_member(request)
    try:
        member = access_member(viewer=viewer, member_id=member_id)
    except MemberNotFound as missing:
        raise Http404(missing.detail) from missing
    if member.pk == viewer.pk:
        raise Http404("You cannot message yourself.")
    existing = selectors.one_to_one_between(viewer.pk, member.pk)
    if existing is not None:  # its history stays readable even when sending is not possible
        return redirect("messaging:conversation", conversation_id=existing.pk)
    form = MessageForm(request.POST or None)
    error: DomainError | None = None
    if request.method == "POST":
        started, error = _start(request, viewer, [member.pk], form)
        if started is not None:
            return started
        assert error is not None
        form.add_error("body", error.detail)
    context = {
        "member": member,
        "form": form,
        "message_block_reason": policies.message_block_reason(sender=viewer, member=member),
    }
    response = render(
        request, "messaging/start.html", context, status=error.status if error else 200
    )
    if error is not None and error.retry_after:
        response["Retry-After"] = str(error.retry_after)
    return response


@login_required
def conversation_new(request: HttpRequest) -> HttpResponse:
    """Start a group conversation with some of one's connections."""
    member = current_member(request)
    form = GroupForm(request.POST or None)
    error: DomainError | None = None
    picked = picked_member_ids(request.POST) if request.method == "POST" else []
    if request.method == "POST":
        started, error = _start(request, member, picked, form)
        if started is not None:
            return started
        assert error is not None
    query = request.GET.get("q", "")[:100]
    context = {
        "form": form,
        "connections": _picker(member, query, set()),
        "query": query,
        "error": error,
        "picked": set(picked),
        "max_participants": settings.CONVERSATION_MAX_PARTICIPANTS,
    }
    response = render(request, "messaging/new.html", context, status=error.status if error else 200)
    if error is not None and error.retry_after:
        response["Retry-After"] = str(error.retry_after)
    return response


@login_required
@require_GET
def unread_badge(request: HttpRequest) -> HttpResponse:
    """htmx: the nav's unread badge (loaded after the page, refreshed now and then)."""
    total = selectors.unread_total(current_member(request))
    return render(request, "messaging/_unread_badge.html", {"unread_total": total})
