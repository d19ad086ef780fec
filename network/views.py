"""Pages of the read side of the graph: a member's profile as the viewer sees it."""

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Page, Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from accounts import selectors
from accounts.auth import current_member
from accounts.exceptions import MemberNotFound
from accounts.policies import block_block_reason, profile_access, profile_sections
from connections.selectors import skill_endorsements
from connections.views import connect_panel_context
from feed.selectors import is_following, is_muted
from network import services
from network.selectors import CARD_COLUMNS, cards_of_rows, mutual_connections, nearness_for
from network.web import profile_relationship, with_degrees

MUTUALS_PAGE_SIZE = 20


@login_required
def profile_detail(request: HttpRequest, member_id: int) -> HttpResponse:
    viewer = current_member(request)
    try:
        member = selectors.access_member(viewer=viewer, member_id=member_id)
    except MemberNotFound as error:
        raise Http404(error.detail) from error
    nearness = nearness_for(viewer, [member.pk])[member.pk]
    degree = nearness.degree
    access = profile_access(member=member, degree=degree)
    context = {
        "member": member,
        "degree": degree,
        "sections": profile_sections(access),
        "is_self": member.pk == viewer.pk,
        "block_reason": None
        if member.pk == viewer.pk
        else block_block_reason(blocker=viewer, target=member),
        "strength": selectors.profile_strength(member) if member.pk == viewer.pk else None,
        "mutual_count": nearness.mutual_connections_count,
        "reblock_cooldown_hours": settings.REBLOCK_COOLDOWN_HOURS,
    }
    if context["sections"].summary:
        skills = skill_endorsements(viewer=viewer, member=member)
        with_degrees(viewer, [person for item in skills for person in item.endorsed_by_connections])
        context["skill_endorsements"] = skills
    if member.pk != viewer.pk:
        context.update(connect_panel_context(request, viewer=viewer, member=member))
        context.update(profile_relationship(viewer, member, degree))
        context.update(
            can_endorse=nearness.degree == 1,
            following=is_following(viewer.pk, member.pk),
            muted=is_muted(viewer.pk, member.pk),
        )
    return render(request, "accounts/profile_detail.html", context)


@login_required
def mutual_connections_list(request: HttpRequest, member_id: int) -> HttpResponse:
    """The members connected to both the viewer and `member_id`, by name, paginated."""
    viewer = current_member(request)
    try:
        member = selectors.access_member(viewer=viewer, member_id=member_id, with_history=False)
    except MemberNotFound as error:
        raise Http404(error.detail) from error
    rows = mutual_connections(viewer=viewer, member=member).values_list(*CARD_COLUMNS)
    people: Page[Any] = Paginator(rows, MUTUALS_PAGE_SIZE).get_page(request.GET.get("page"))
    people.object_list = cards_of_rows(viewer, list(people))
    degree = nearness_for(viewer, [member.pk])[member.pk].degree
    context = {
        "member": member,
        "people": people,
        "sections": profile_sections(profile_access(member=member, degree=degree)),
    }
    return render(request, "network/mutual_connections.html", context)


@login_required
@require_POST
def suggestion_dismiss(request: HttpRequest, member_id: int) -> HttpResponse:
    try:
        services.suggestion_dismiss(member=current_member(request), dismissed_id=member_id)
    except MemberNotFound as error:
        raise Http404(error.detail) from error
    if request.htmx:  # type: ignore[attr-defined]
        return HttpResponse("")
    messages.info(request, "We won't suggest this member again.")
    return redirect("my_network")
