"""Group pages: the directory and search, creating a group, a group's discussion, its
members, and the manage page. Thin: parse, call a service, show the service's refusal as a
message. Every page answers 404 for a group the viewer may not know exists."""

from collections.abc import Callable
from typing import Any, NamedTuple

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Page, Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts.auth import current_member
from accounts.models import User
from connections.selectors import connections_of
from core.exceptions import DomainError
from core.web import refusal_on_form, refused_page
from feed import cards as feed_cards
from feed import selectors as feed_selectors
from feed import services as feed_services
from feed.forms import PostForm
from feed.models import PostStatus, ReactionKind
from feed.presentation import prepare_posts
from groups import policies, selectors, services
from groups.forms import GroupForm, GroupSearchForm
from groups.models import Group, Role
from network.selectors import CardMember, cards_of_rows, viewer_fields_for
from network.web import with_nearness

DIRECTORY_PAGE_SIZE = 20
# Posts per page: each is rendered with its author, reactions and latest comments, so the first
# page is what a visit costs; htmx appends the next page at the bottom (docs/groups.md).
POSTS_PAGE_SIZE = 10
MEMBERS_PAGE_SIZE = 50


class MemberRow(NamedTuple):
    """A membership on the group's members page, with the member's card."""

    member_id: int
    role: str
    member: CardMember

    def get_role_display(self) -> str:
        return str(Role(self.role).label)


def _group(viewer: User, group_id: int) -> Group:
    try:
        return selectors.access_group(viewer=viewer, group_id=group_id)
    except DomainError as error:
        raise Http404(error.detail) from error


def _int(value: str | None) -> int:
    value = value or ""
    return int(value) if value.isdigit() and len(value) < 19 else 0


@login_required
@require_GET
def group_list(request: HttpRequest) -> HttpResponse:
    viewer = current_member(request)
    form = GroupSearchForm(request.GET)
    data = form.cleaned_data if form.is_valid() else {"q": "", "industry": ""}
    mine = request.GET.get("mine") == "1"
    groups = selectors.group_list(viewer, query=data["q"], industry=data["industry"], mine=mine)
    page = Paginator(groups, DIRECTORY_PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "groups/group_list.html", {"form": form, "page": page, "mine": mine})


@login_required
@require_http_methods(["GET", "POST"])
def group_create(request: HttpRequest) -> HttpResponse:
    member = current_member(request)
    form = GroupForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        logo = data.pop("logo", None)
        try:
            group = services.group_create(creator=member, logo=logo, **data)
        except DomainError as error:
            form.add_error(None, error.detail)
        else:
            messages.success(request, f"{group.name} is ready. Invite your connections.")
            return redirect("groups:detail", group.pk)
    return render(request, "groups/group_form.html", {"form": form})


@login_required
@require_GET
def group_detail(request: HttpRequest, group_id: int) -> HttpResponse:
    viewer = current_member(request)
    group = _group(viewer, group_id)
    return render(request, "groups/group_detail.html", _detail_context(request, viewer, group))


def _detail_context(
    request: HttpRequest, viewer: User, group: Group, composer: PostForm | None = None
) -> dict[str, Any]:
    context: dict[str, Any] = {
        "group": group,
        "is_member": policies.member_block_reason(group) is None,
        "is_manager": policies.manage_block_reason(group) is None,
        "join_block_reason": policies.join_block_reason(group),
        "leave_block_reason": policies.leave_block_reason(group),
        "reaction_kinds": ReactionKind.choices,
    }
    if context["is_member"]:
        before = _int(request.GET.get("before"))
        rows = feed_cards.group_posts(
            viewer, group, limit=POSTS_PAGE_SIZE + 1, before_id=before or None
        )
        page = prepare_posts(viewer, rows[:POSTS_PAGE_SIZE])
        pinned = next((post for post in page if post.pk == group.pinned_post_id), None)
        context.update(
            posts=page,
            pinned=pinned,
            more_before=page[-1].pk if len(rows) > POSTS_PAGE_SIZE else None,
            composer=composer or PostForm(),
        )
    return context


@login_required
@require_GET
def group_members(request: HttpRequest, group_id: int) -> HttpResponse:
    viewer = current_member(request)
    group = _group(viewer, group_id)
    if policies.member_block_reason(group) is not None:
        messages.error(request, "Only members of this group see who is in it.")
        return redirect("groups:detail", group.pk)
    rows = selectors.group_members(viewer, group).values_list(*selectors.MEMBER_ROW)
    page: Page[Any] = Paginator(rows, MEMBERS_PAGE_SIZE).get_page(request.GET.get("page"))
    cards = cards_of_rows(viewer, [row[2:] for row in page], viewer_fields_for)
    page.object_list = [
        MemberRow(card.pk, role, card) for (role, *_), card in zip(page, cards, strict=True)
    ]
    context = {
        "group": group,
        "page": page,
        "is_manager": policies.manage_block_reason(group) is None,
    }
    return render(request, "groups/group_members.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def group_manage(request: HttpRequest, group_id: int) -> HttpResponse:
    viewer = current_member(request)
    group = _group(viewer, group_id)
    if policies.manage_block_reason(group) is not None:
        raise Http404("Not found.")
    initial = {name: getattr(group, name) for name in services.EDITABLE_FIELDS}
    form = GroupForm(request.POST or None, request.FILES or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        logo = data.pop("logo", None)
        try:
            services.group_update(member=viewer, group_id=group.pk, logo=logo, **data)
        except DomainError as error:
            form.add_error(None, error.detail)
        else:
            messages.success(request, "Group settings saved.")
            return redirect("groups:manage", group.pk)
    requests = list(selectors.join_requests_for(viewer, group)[:100])
    with_nearness(viewer, [row.member for row in requests])
    pending_posts = list(
        feed_selectors.group_posts(viewer, group).filter(status=PostStatus.PENDING)[:50]
    )
    invitable = [row.other for row in connections_of(member=viewer, viewer=viewer)[:200]]
    context = {
        "group": group,
        "form": form,
        "requests": requests,
        "pending_posts": pending_posts,
        "bans": list(selectors.bans_for(group)[:100]),
        "invitable": invitable,
        "is_owner": policies.own_block_reason(group) is None,
    }
    return render(request, "groups/group_manage.html", context)


def _member_id(request: HttpRequest) -> int:
    return _int(request.POST.get("member"))


ACTIONS: dict[str, tuple[Callable[[User, int, HttpRequest], object], str]] = {
    "join": (lambda m, g, r: services.group_join(member=m, group_id=g), ""),
    "leave": (lambda m, g, r: services.group_leave(member=m, group_id=g), "You left the group."),
    "decline": (
        lambda m, g, r: services.group_invitation_decline(member=m, group_id=g),
        "Invitation declined.",
    ),
    "approve": (
        lambda m, g, r: services.join_request_approve(
            manager=m, group_id=g, request_id=_int(r.POST.get("request"))
        ),
        "Request approved.",
    ),
    "reject": (
        lambda m, g, r: services.join_request_reject(
            manager=m, group_id=g, request_id=_int(r.POST.get("request"))
        ),
        "Request rejected.",
    ),
    "invite": (
        lambda m, g, r: services.group_invite(manager=m, group_id=g, member_id=_member_id(r)),
        "Invitation sent.",
    ),
    "remove": (
        lambda m, g, r: services.member_remove(manager=m, group_id=g, member_id=_member_id(r)),
        "Member removed.",
    ),
    "ban": (
        lambda m, g, r: services.member_ban(manager=m, group_id=g, member_id=_member_id(r)),
        "Member banned.",
    ),
    "unban": (
        lambda m, g, r: services.member_unban(manager=m, group_id=g, member_id=_member_id(r)),
        "Ban lifted.",
    ),
    "role": (
        lambda m, g, r: services.member_role_set(
            actor=m, group_id=g, member_id=_member_id(r), role=r.POST.get("role", "")
        ),
        "Role changed.",
    ),
    "transfer": (
        lambda m, g, r: services.ownership_transfer(owner=m, group_id=g, member_id=_member_id(r)),
        "Ownership transferred.",
    ),
    "pin": (
        lambda m, g, r: feed_services.post_pin(
            manager=m, group_id=g, post_id=_int(r.POST.get("post")), pinned=not r.POST.get("unpin")
        ),
        "Pinned posts updated.",
    ),
    "approve_post": (
        lambda m, g, r: feed_services.post_approve(
            manager=m, group_id=g, post_id=_int(r.POST.get("post"))
        ),
        "Post published.",
    ),
}


@login_required
@require_POST
def group_action(request: HttpRequest, group_id: int, action: str) -> HttpResponse:
    """Run one membership or moderation action and go back to the page it came from."""
    if action not in ACTIONS:
        raise Http404("No such action.")
    member = current_member(request)
    service, notice = ACTIONS[action]
    try:
        outcome = service(member, group_id, request)
    except DomainError as error:
        if error.code == "group_not_found":
            raise Http404(error.detail) from error
        messages.error(request, error.detail)
    else:
        if action == "join":
            notice = (
                "You joined the group." if outcome == "member" else "Request sent to the managers."
            )
        messages.success(request, notice)
    target = request.POST.get("next", "")
    if not target.startswith("/") or target.startswith("//"):
        target = reverse("groups:detail", args=[group_id])
    return redirect(target)


@login_required
@require_POST
def group_post_create(request: HttpRequest, group_id: int) -> HttpResponse:
    """Post to the group's discussion. A member's refused post shows on the composer of the
    group page, with what was typed; anyone else is sent back to the group page with the
    reason as a message (there is no composer for non-members)."""
    member = current_member(request)
    composer = PostForm(request.POST)
    try:
        post = feed_services.post_create(author=member, group_id=group_id, **composer.post_fields())
    except DomainError as error:
        if error.code == "group_not_found":
            raise Http404(error.detail) from error
        group = _group(member, group_id)
        if policies.member_block_reason(group) is not None:
            messages.error(request, error.detail)
            return redirect("groups:detail", group_id)
        refusal_on_form(composer, error)
        context = _detail_context(request, member, group, composer=composer)
        return refused_page(request, "groups/group_detail.html", context, error)
    if post.status == PostStatus.PENDING:
        messages.success(request, "Your post waits for a manager's approval.")
    return redirect("groups:detail", group_id)
