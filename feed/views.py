"""Feed pages: the home feed (on the home page), a post, and the post actions shared with
group discussions: comment, react, delete, follow. Plain POSTs that work without JavaScript;
with htmx, commenting and reacting redraw only the post's comments or reaction button."""

from collections.abc import Iterable
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_GET, require_POST

from accounts.auth import current_member
from accounts.exceptions import DomainError
from accounts.models import User
from feed import cards, selectors, services
from feed.forms import CommentForm, PostForm
from feed.models import Post, ReactionKind
from network.selectors import nearness_for, viewer_fields_for

# Posts per page: each is rendered with its author, reactions and latest comments, so the first
# page is what a visit costs; htmx appends the next page at the bottom (docs/groups.md).
FEED_PAGE_SIZE = 10


def _is_htmx(request: HttpRequest) -> bool:
    return bool(getattr(request, "htmx", False))


def _back(request: HttpRequest, default: str) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return target
    return default


def refusal_on_form(form: forms.Form, error: DomainError) -> None:
    """Show a service's refusal on the form: under the fields it names, else above them."""
    placed = False
    for name, details in (getattr(error, "fields", None) or {}).items():
        if name in form.fields:
            for detail in details:
                form.add_error(name, detail)
            placed = True
    if not placed:
        form.add_error(None, error.detail)


def refused_page(
    request: HttpRequest, template: str, context: dict[str, Any], error: DomainError
) -> HttpResponse:
    """Render the page again with the refusal on it, under the refusal's status (429 with
    Retry-After for a rate limit, as in the API)."""
    response = render(request, template, context, status=error.status)
    if error.retry_after:
        response["Retry-After"] = str(error.retry_after)
    return response


def with_nearness(viewer: User, members: Iterable[User]) -> None:
    """Attach `nearness` (degree, mutual count, relationship) to each member, one batch."""
    people = list(members)
    fields = viewer_fields_for(viewer, sorted({member.pk for member in people}))
    for member in people:
        member.nearness = fields.get(member.pk)  # type: ignore[attr-defined]


def with_degrees(viewer: User, members: Iterable[User]) -> None:
    """Attach `nearness` (degree and mutual count only: what a degree badge shows) to each
    member, one batch from the graph cache and no query (with_nearness adds the relationship,
    which costs two queries)."""
    people = list(members)
    near = nearness_for(viewer, sorted({member.pk for member in people}))
    for member in people:
        member.nearness = near.get(member.pk)  # type: ignore[attr-defined]


def prepare_posts(viewer: User, posts: list[Post]) -> list[Post]:
    """Give every post its recent comments (oldest first) and every person their degree."""
    people: list[User] = []
    for post in posts:
        post.shown_comments = selectors.recent_comments(post)  # type: ignore[attr-defined]
        people.append(post.author)
        people += [comment.author for comment in post.shown_comments]  # type: ignore[attr-defined]
    with_degrees(viewer, people)
    return posts


def feed_page(viewer: User, before: str = "") -> dict[str, Any]:
    """The home feed's context: a page of posts and the id to continue before."""
    anchor = None
    if before.isdigit() and len(before) < 19:
        stamp = Post.objects.filter(pk=int(before)).values_list("created_at", flat=True).first()
        if stamp is not None:
            anchor = (stamp, int(before))
    rows = cards.home_posts(viewer, limit=FEED_PAGE_SIZE + 1, before=anchor)
    page = prepare_posts(viewer, rows[:FEED_PAGE_SIZE])
    more = page[-1].pk if len(rows) > FEED_PAGE_SIZE else None
    return {
        "posts": page,
        "more_before": more,
        "composer": PostForm(),
        "reaction_kinds": ReactionKind.choices,
    }


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
    back = _back(request, reverse("home"))
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
    if not _is_htmx(request):
        if refusal is None:
            return redirect(_back(request, reverse("feed:post", args=[post_id])))
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
    if not _is_htmx(request):
        return redirect(_back(request, reverse("feed:post", args=[post_id])))
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
    return redirect(_back(request, reverse("home")))


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
    return redirect(_back(request, reverse("profile", args=[member_id])))


__all__ = [
    "CommentForm",
    "feed_page",
    "prepare_posts",
    "refusal_on_form",
    "refused_page",
    "with_degrees",
    "with_nearness",
]
