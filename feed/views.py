"""Feed pages: the home feed (on the home page), a post, and the post actions shared with
group discussions: comment, react, edit, delete, follow, mute. Plain POSTs that work without
JavaScript; with htmx, commenting and reacting redraw only the post's comments or reaction
button, and editing swaps the post (or comment) for its form in place and back."""

from collections.abc import Callable
from functools import partial
from typing import Any
from urllib.parse import urlsplit

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts.auth import current_member
from accounts.models import User
from core.exceptions import DomainError
from core.web import is_htmx, next_url, refusal_on_form, refused_page
from feed import selectors, services
from feed.forms import ArticleForm, CommentForm, PostEditForm, PostForm
from feed.models import Post, PostKind, PostStatus, ReactionKind
from feed.presentation import FEED_PAGE_SIZE, feed_page, prepare_posts
from groups.models import Group
from groups.selectors import access_group
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
    """Post from the home page's composer (a status, or a link post when the text carries an
    address: feed.forms.PostForm.post_fields); a refusal shows on the composer, with what was
    typed, on a page of its own."""
    member = current_member(request)
    back = next_url(request, reverse("home"))
    composer = PostForm(request.POST)
    try:
        services.post_create(author=member, **composer.post_fields())
    except DomainError as error:
        refusal_on_form(composer, error)
        context = {"composer": composer, "next": back}
        return refused_page(request, "feed/post_form.html", context, error)
    messages.success(request, "Posted.")
    return redirect(back)


@login_required
@require_POST
def link_preview(request: HttpRequest) -> HttpResponse:
    """The composer's preview of the link in what is being typed (htmx, as the member types):
    its host and path, or why it cannot be attached. Nothing is fetched (feed.links)."""
    return render(request, "feed/_link_preview.html", {"composer": PostForm(request.POST)})


def _group_or_404(viewer: User, group_id: str) -> Group | None:
    if not group_id:
        return None
    if not group_id.isdigit() or len(group_id) > 18:
        raise Http404("Group not found.")
    try:
        return access_group(viewer=viewer, group_id=int(group_id))
    except DomainError as error:
        raise Http404(error.detail) from error


@login_required
@require_http_methods(["GET", "POST"])
def article_create(request: HttpRequest) -> HttpResponse:
    """Write an article (a title and the text) on a page of its own, for one's feed or, with
    `?group=<id>`, a group's discussion; a refusal shows on the form, with what was typed."""
    member = current_member(request)
    group = _group_or_404(member, request.GET.get("group") or request.POST.get("group", ""))
    form = ArticleForm(request.POST or None)
    context = {"form": form, "group": group}
    if request.method != "POST":
        return render(request, "feed/article_form.html", context)
    try:
        post = services.post_create(
            author=member,
            kind=PostKind.ARTICLE,
            title=request.POST.get("title", ""),
            body=request.POST.get("body", ""),
            group_id=group.pk if group else None,
        )
    except DomainError as error:
        refusal_on_form(form, error)
        return refused_page(request, "feed/article_form.html", context, error)
    if post.status == PostStatus.PENDING and group is not None:
        messages.success(request, "Your article waits for a manager's approval.")
        return redirect("groups:detail", group.pk)
    messages.success(request, "Your article is published.")
    return redirect("feed:post", post.pk)


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


def _reaction_announcement(post: Post, removed: bool) -> str:
    count = post.reaction_count  # type: ignore[attr-defined]
    total = f"{count} reaction{'' if count == 1 else 's'}."
    mine = post.viewer_reaction  # type: ignore[attr-defined]
    if removed or not mine:
        return f"Reaction removed. {total}"
    return f"You reacted: {ReactionKind(mine).label}. {total}"


@login_required
@require_POST
def post_react(request: HttpRequest, post_id: int) -> HttpResponse:
    """React with one click (`kind`), or take the reaction back (`remove`, what the pressed
    button sends). With htmx the post's reactions are redrawn and the outcome announced;
    without it, back to the post where it was."""
    member = current_member(request)
    removed = bool(request.POST.get("remove"))
    refusal: DomainError | None = None
    try:
        if removed:
            services.reaction_remove(member=member, post_id=post_id)
        else:
            kind = request.POST.get("kind", ReactionKind.LIKE)
            services.reaction_set(member=member, post_id=post_id, kind=kind)
    except DomainError as error:
        if error.status == 404:
            raise Http404(error.detail) from error
        refusal = error
    if not is_htmx(request):
        if refusal is not None:
            messages.error(request, refusal.detail)
        back = next_url(request, reverse("feed:post", args=[post_id]))
        return redirect(f"{back}#post-{post_id}")
    post = _post_or_404(member, post_id)
    announce = refusal.detail if refusal else _reaction_announcement(post, removed)
    context = {"post": post, "reaction_kinds": ReactionKind.choices, "announce": announce}
    return render(request, "feed/_reactions.html", context)


def _act(
    request: HttpRequest, action: Callable[[], object], notice: str, back: str
) -> HttpResponse:
    """Run a plain POST's service and go back with its notice, or its refusal as a message;
    what the viewer may not see is a 404."""
    try:
        action()
    except DomainError as error:
        if error.status == 404:
            raise Http404(error.detail) from error
        messages.error(request, error.detail)
    else:
        messages.success(request, notice)
    return redirect(next_url(request, back))


@login_required
@require_POST
def post_delete(request: HttpRequest, post_id: int) -> HttpResponse:
    member = current_member(request)
    action = partial(services.post_delete, member=member, post_id=post_id)
    return _act(request, action, "The post was deleted.", reverse("home"))


def _member_toggle(
    request: HttpRequest,
    member_id: int,
    *,
    undo: bool,
    done: tuple[Callable[[], object], str],
    undone: tuple[Callable[[], object], str],
) -> HttpResponse:
    """Do (or undo) something to a member from their profile or a post's menu: each side is
    a service call and its notice; back to where it came from, else the profile."""
    action, notice = undone if undo else done
    return _act(request, action, notice, reverse("profile", args=[member_id]))


@login_required
@require_POST
def member_follow(request: HttpRequest, member_id: int) -> HttpResponse:
    """Follow a member, or (with `unfollow`) stop."""
    member = current_member(request)
    return _member_toggle(
        request,
        member_id,
        undo=bool(request.POST.get("unfollow")),
        done=(
            partial(services.follow_create, follower=member, member_id=member_id),
            "You now follow this member: their posts appear in your feed.",
        ),
        undone=(
            partial(services.follow_delete, follower=member, member_id=member_id),
            "You no longer follow this member.",
        ),
    )


def _render_as_at(request: HttpRequest, page: str) -> None:
    # The redrawn card's forms send `next=request.get_full_path`: make that the page the
    # card sits on (`next`), not this edit URL, which is no place to come back to.
    parts = urlsplit(page)
    request.path = parts.path
    request.META["QUERY_STRING"] = parts.query


def _edit_response(
    request: HttpRequest, template: str, context: dict[str, Any], error: DomainError | None
) -> HttpResponse:
    # With htmx a refusal answers 200, so htmx swaps the form (with its error) in place.
    if error is None or is_htmx(request):
        return render(request, template, context)
    return refused_page(request, template, context, error)


@login_required
def post_edit(request: HttpRequest, post_id: int) -> HttpResponse:
    """Edit one's post: the form (a page, or with htmx a fragment in the card's place); a
    saved edit goes back (with htmx: the card, redrawn)."""
    member = current_member(request)
    post = _post_or_404(member, post_id)
    if post.author_id != member.pk:
        raise Http404("Post not found.")
    back = next_url(request, reverse("feed:post", args=[post_id]))
    # Ids of its own: the page around the card has a composer with the same fields.
    form = PostEditForm(
        request.POST or None, kind=post.kind, initial=post.__dict__, auto_id=f"edit-{post.pk}-%s"
    )
    error: DomainError | None = None
    if request.method == "POST":
        try:
            services.post_edit(
                author=member,
                post_id=post_id,
                body=request.POST.get("body", ""),
                link_url=request.POST.get("link_url", ""),
                title=request.POST.get("title") if post.kind == "article" else None,
            )
        except DomainError as refusal:
            if refusal.status == 404:
                raise Http404(refusal.detail) from refusal
            refusal_on_form(form, refusal)
            error = refusal
        else:
            if not is_htmx(request):
                messages.success(request, "Your post was updated.")
                return redirect(back)
            post = prepare_posts(member, [_post_or_404(member, post_id)])[0]
            context = {"post": post, "reaction_kinds": ReactionKind.choices}
            _render_as_at(request, back)
            return render(request, "feed/_post.html", context)
    template = "feed/_post_edit.html" if is_htmx(request) else "feed/post_edit.html"
    context = {"post": post, "form": form, "next": back}
    return _edit_response(request, template, context, error)


@login_required
def comment_edit(request: HttpRequest, comment_id: int) -> HttpResponse:
    """Edit one's comment, as `post_edit` does for posts."""
    member = current_member(request)
    try:
        comment = selectors.access_comment(viewer=member, comment_id=comment_id)
    except DomainError as missing:
        raise Http404(missing.detail) from missing
    if comment.author_id != member.pk:
        raise Http404("Comment not found.")
    back = next_url(request, reverse("feed:post", args=[comment.post_id]))
    form = CommentForm(
        request.POST or None, initial={"body": comment.body}, auto_id=f"comment-{comment.pk}-%s"
    )
    error: DomainError | None = None
    if request.method == "POST":
        try:
            comment = services.comment_edit(
                author=member, comment_id=comment_id, body=request.POST.get("body", "")
            )
        except DomainError as refusal:
            refusal_on_form(form, refusal)
            error = refusal
        else:
            if not is_htmx(request):
                messages.success(request, "Your comment was updated.")
                return redirect(back)
            comment.author = member
            with_degrees(member, [member])
            _render_as_at(request, back)
            return render(request, "feed/_comment.html", {"comment": comment})
    template = "feed/_comment_edit.html" if is_htmx(request) else "feed/comment_edit.html"
    context = {"comment": comment, "form": form, "next": back}
    return _edit_response(request, template, context, error)


@login_required
@require_POST
def member_mute(request: HttpRequest, member_id: int) -> HttpResponse:
    """Mute or (with `unmute`) unmute a member, from their profile or a post's menu."""
    member = current_member(request)
    return _member_toggle(
        request,
        member_id,
        undo=bool(request.POST.get("unmute")),
        done=(
            partial(services.mute_create, member=member, muted_id=member_id),
            "Muted: their posts no longer appear in your feed. They are not told.",
        ),
        undone=(
            partial(services.mute_delete, member=member, muted_id=member_id),
            "Unmuted: their posts appear in your feed again.",
        ),
    )


# Imported from here by tests and the feed benchmark; they live in feed.presentation.
__all__ = ["FEED_PAGE_SIZE", "feed_page", "prepare_posts"]
