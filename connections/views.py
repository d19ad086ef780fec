"""Pages of the graph's write side."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.views.decorators.http import require_POST

from accounts.auth import current_member
from accounts.exceptions import DomainError, MemberNotFound
from connections import services


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
