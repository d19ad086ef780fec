"""Feed pages: the home feed (on the home page), a post, and the post actions shared with
group discussions: comment, react, delete, follow. Plain POSTs that work without JavaScript;
with htmx, commenting and reacting redraw only the post's comments or reaction button."""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST

from accounts.auth import current_member
from accounts.models import User
from core.exceptions import DomainError
from core.web import is_htmx, next_url, refusal_on_form, refused_page
from feed import selectors, services
from feed.forms import PostForm
from feed.models import Post, ReactionKind
from feed.presentation import FEED_PAGE_SIZE, feed_page, prepare_posts
from network.web import with_degrees


@login_required
@require_GET
def feed_more(request: HttpRequest) -> HttpResponse:
    """The next page of the home feed (appended by htmx, or a page of its own)."""
    viewer = current_member(request)
    context = feed_page(viewer, request.GET.get("before", ""))
    return render(request, "feed/_feed_page.html", context)


@login_required
@require_POST
def post_create(request: HttpRequest) -> HttpResponse:
    """Post from the home page's composer; a refusal shows on the composer, with what was
    typed, on a page of its own."""
    member = current_member(request)
    back = next_url(request, reverse("home"))
    try:
        services.post_create(
            author=member,
            kind=request.POST.get("kind", "status"),
            title=request.POST.get("title", ""),
            body=request.POST.get("body", ""),
            link_url=request.POST.get("link_url", ""),
        )
    except DomainError as error:
        composer = PostForm(request.POST)
        refusal_on_form(composer, error)
        context = {"composer": composer, "next": back}
        return refused_page(request, "feed/post_form.html", context, error)
    messages.success(request, "Posted.")
    return redirect(back)


def _post_or_404(viewer: User, post_id: int) -> Post:
    try:
        return selectors.post_detail(viewer=viewer, post_id=post_id)
    except DomainError as error:
        raise Http404(error.detail) from error


@login_required
@require_GET
def post_detail(request: HttpRequest, post_id: int) -> HttpResponse:
    viewer = current_member(request)
    post = _post_or_404(viewer, post_id)
    return render(request, "feed/post_detail.html", _post_page_context(viewer, post))


def _post_page_context(viewer: User, post: Post) -> dict[str, Any]:
    comments = list(selectors.comments_for(viewer, post))
    post.shown_comments = comments  # type: ignore[attr-defined]
    with_degrees(viewer, [post.author, *[comment.author for comment in comments]])
    return {"post": post, "all_comments": True, "reaction_kinds": ReactionKind.choices}


@login_required
@require_POST
def comment_create(request: HttpRequest, post_id: int) -> HttpResponse:
    """Comment; with htmx the post's comments are redrawn (a refusal under the comment box),
    without it a refusal shows under the comment box of the post's own page."""
    member = current_member(request)
    refusal: DomainError | None = None
    try:
        services.comment_create(author=member, post_id=post_id, body=request.POST.get("body", ""))
    except DomainError as error:
        if error.status == 404:
            raise Http404(error.detail) from error
        refusal = error
    post = _post_or_404(member, post_id)
    if not is_htmx(request):
        if refusal is None:
            return redirect(next_url(request, reverse("feed:post", args=[post_id])))
        context = _post_page_context(member, post)
        context.update(comment_error=refusal.detail, comment_text=request.POST.get("body", ""))
        return refused_page(request, "feed/post_detail.html", context, refusal)
    prepare_posts(member, [post])
    context = {
        "post": post,
        "comment_error": refusal.detail if refusal else "",
        "comment_text": request.POST.get("body", "") if refusal else "",
        "reaction_kinds": ReactionKind.choices,
    }
    response = render(request, "feed/_comments.html", context)
    if refusal is not None and refusal.retry_after:
        response["Retry-After"] = str(refusal.retry_after)
    return response


@login_required
@require_POST
def post_react(request: HttpRequest, post_id: int) -> HttpResponse:
    member = current_member(request)
    kind = request.POST.get("kind", ReactionKind.LIKE)
    try:
        if request.POST.get("remove"):
            services.reaction_remove(member=member, post_id=post_id)
        else:
            services.reaction_set(member=member, post_id=post_id, kind=kind)
    except DomainError as error:
        if error.status == 404:
            raise Http404(error.detail) from error
        messages.error(request, error.detail)
    if not is_htmx(request):
        return redirect(next_url(request, reverse("feed:post", args=[post_id])))
    post = _post_or_404(member, post_id)
    return render(
        request, "feed/_reactions.html", {"post": post, "reaction_kinds": ReactionKind.choices}
    )


@login_required
@require_POST
def post_delete(request: HttpRequest, post_id: int) -> HttpResponse:
    member = current_member(request)
    try:
        services.post_delete(member=member, post_id=post_id)
    except DomainError as error:
        if error.status == 404:
            raise Http404(error.detail) from error
        messages.error(request, error.detail)
    else:
        messages.success(request, "The post was deleted.")
    return redirect(next_url(request, reverse("home")))


@login_required
@require_POST
def member_follow(request: HttpRequest, member_id: int) -> HttpResponse:
    member = current_member(request)
    try:
        if request.POST.get("unfollow"):
            services.follow_delete(follower=member, member_id=member_id)
            messages.success(request, "You no longer follow this member.")
        else:
            services.follow_create(follower=member, member_id=member_id)
            messages.success(
                request, "You now follow this member: their posts appear in your feed."
            )
    except DomainError as error:
        if error.status == 404:
            raise Http404(error.detail) from error
        messages.error(request, error.detail)
    return redirect(next_url(request, reverse("profile", args=[member_id])))


# Imported from here by tests and the feed benchmark; they live in feed.presentation.
__all__ = ["FEED_PAGE_SIZE", "feed_page", "prepare_posts"]
