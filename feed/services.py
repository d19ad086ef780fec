"""Writes of the feed: posts (in a group or not) and their edits, moderation, comments,
reactions, follows, unfollows and mutes, and link previews. Each checks visibility through
feed.selectors (a hidden post is the same PostNotFound as a missing one) and group roles
through groups.policies.

Posting and commenting are rate-limited (feed.policies): the author's row is locked
(`FOR NO KEY UPDATE`, the lock groups.services takes for the member's group count) before the
window is counted, so concurrent requests at the limit cannot both pass. The comment
notification is decided here and delivered after commit
(notifications.services.notify_after_commit).
"""

from functools import partial
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from accounts.selectors import access_member
from connections.selectors import are_connected
from core.exceptions import DomainError, InvalidInput, SelfAction
from feed import policies, selectors
from feed.exceptions import CommentNotFound, NotPostAuthor, PostNotFound, TextTooLong
from feed.models import (
    Comment,
    Follow,
    Mute,
    Post,
    PostKind,
    PostStatus,
    PreviewState,
    Reaction,
    ReactionKind,
    Unfollow,
)
from feed.previews import fetch_open_graph
from groups import policies as group_policies
from groups.models import MANAGING_ROLES, Group
from groups.selectors import access_group, membership_of
from notifications.models import NotificationKind
from notifications.services import notify_after_commit
from standing.policies import restriction_reason

_URL = URLValidator(schemes=["http", "https"])
LINK_MAX_LENGTH = 2000


def clean_text(value: object, *, field: str, limit: int, required: bool = True) -> str:
    """Return member text as stored (line endings normalized, trimmed).

    Raises InvalidInput, TextTooLong.
    """
    if value is None:
        value = ""
    if not isinstance(value, str):
        raise InvalidInput({field: ["Send the text as a string."]})
    text = value.replace("\r\n", "\n").replace("\r", "\n").strip()
    try:
        text.encode("utf-8")
    except UnicodeEncodeError as error:
        raise InvalidInput({field: ["The text contains invalid characters."]}) from error
    if "\x00" in text:
        raise InvalidInput({field: ["The text contains invalid characters."]})
    if required and not text:
        raise InvalidInput({field: ["Write something first."]})
    if len(text) > limit:
        raise TextTooLong(field, f"At most {limit:,} characters ({len(text):,} given).")
    return text


def clean_link_url(value: object, *, required: bool = False) -> str:
    """Return a post's link as stored: a full http(s) address of at most 2,000 characters
    (or "" when none is given and none is required). The composer's preview asks this too.

    Raises InvalidInput, TextTooLong.
    """
    url = clean_text(value, field="link_url", limit=LINK_MAX_LENGTH, required=required)
    if url:
        try:
            _URL(url)
        except ValidationError as error:
            raise InvalidInput({"link_url": ["Enter a full http(s) address."]}) from error
    return url


def _clean_post(kind: object, body: object, link_url: object, title: object) -> dict[str, str]:
    if kind not in PostKind.values:
        raise InvalidInput({"kind": ["Choose status, link or article."]})
    limit = settings.POST_MAX_LENGTH
    text = clean_text(body, field="body", limit=limit, required=kind != PostKind.LINK)
    url = clean_link_url(link_url, required=kind == PostKind.LINK)
    heading = clean_text(title, field="title", limit=200, required=kind == PostKind.ARTICLE)
    return {"kind": str(kind), "body": text, "link_url": url, "title": heading}


def _lock_author(author: User) -> None:
    # FOR NO KEY UPDATE: serializes this member's rate checks without blocking the rows that
    # merely reference the member (FOR KEY SHARE, taken by the inserts themselves).
    User.objects.select_for_update(no_key=True).filter(pk=author.pk).exists()


def _raise(reason: DomainError | None) -> None:
    if reason is not None:
        raise reason


def _group_for_posting(author: User, group_id: int) -> tuple[Group, str]:
    group = access_group(viewer=author, group_id=group_id)
    reason = group_policies.member_block_reason(group)
    if reason is not None:
        raise reason
    role = group.viewer_role  # type: ignore[attr-defined]
    needs_approval = group.posts_need_approval and role not in MANAGING_ROLES
    return group, PostStatus.PENDING if needs_approval else PostStatus.PUBLISHED


@transaction.atomic
def post_create(
    *,
    author: User,
    body: object = "",
    kind: object = PostKind.STATUS,
    link_url: object = "",
    title: object = "",
    group_id: int | None = None,
) -> Post:
    """Post a status update, a link (with an optional comment) or an article, on the
    author's feed or in a group they are in (waiting for approval where the group asks).
    A link's preview is fetched after commit.

    Raises InvalidInput, TextTooLong, GroupNotFound, NotGroupMember, EmailUnconfirmed,
    Restricted, PostRateLimited.
    """
    from feed.tasks import fetch_link_preview_task

    data = _clean_post(kind, body, link_url, title)
    group: Group | None = None
    status: str = PostStatus.PUBLISHED
    if group_id is not None:
        group, status = _group_for_posting(author, group_id)
    _lock_author(author)
    _raise(policies.author_block_reason(author))
    _raise(restriction_reason(author, "post"))
    _raise(policies.post_rate_block_reason(author.pk))
    post = Post.objects.create(
        author=author,
        group=group,
        status=status,
        preview_state=PreviewState.PENDING if data["link_url"] else PreviewState.NONE,
        **data,
    )
    if post.link_url:
        transaction.on_commit(partial(fetch_link_preview_task.delay, post.pk))
    return post


def _own_post_for_update(author: User, post_id: int) -> Post:
    """The author's own post, locked; anyone else's is the same not-found as a missing one."""
    post = (
        selectors.posts_visible_to(author)
        .select_for_update(of=("self",))
        .filter(pk=post_id, author=author)
        .first()
    )
    if post is None:
        raise PostNotFound()
    return post


@transaction.atomic
def post_edit(
    *,
    author: User,
    post_id: int,
    body: object = None,
    link_url: object = None,
    title: object = None,
) -> Post:
    """Change one's own post's text, link or title (the fields given; its kind stays), with
    the validation of `post_create`, and mark it edited. A changed link's preview is fetched
    again after commit; an unchanged post is left as it is (not marked edited).

    Raises PostNotFound (anyone but the author), InvalidInput, TextTooLong.
    """
    from feed.tasks import fetch_link_preview_task

    post = _own_post_for_update(author, post_id)
    data = _clean_post(
        post.kind,
        post.body if body is None else body,
        post.link_url if link_url is None else link_url,
        post.title if title is None else title,
    )
    if all(getattr(post, name) == value for name, value in data.items()):
        return post
    link_changed = data["link_url"] != post.link_url
    for name, value in data.items():
        setattr(post, name, value)
    post.edited_at = timezone.now()
    fields = [*data, "edited_at"]
    if post.group_id is not None and _back_to_approval(author, post):
        fields.append("status")
    if link_changed:
        post.preview_state = PreviewState.PENDING if post.link_url else PreviewState.NONE
        post.preview_title = post.preview_description = ""
        post.preview_image_url = post.preview_site_name = ""
        fields += ["preview_state", "preview_title", "preview_description"]
        fields += ["preview_image_url", "preview_site_name"]
    post.save(update_fields=fields)
    if link_changed and post.link_url:
        transaction.on_commit(partial(fetch_link_preview_task.delay, post.pk))
    return post


def _back_to_approval(author: User, post: Post) -> bool:
    """In a group that approves posts, a member's edit waits for approval again (else an
    approved post could be edited into anything); a pin on it goes. Say whether it does."""
    assert post.group_id is not None
    _group, status = _group_for_posting(author, post.group_id)
    if status != PostStatus.PENDING or post.status == PostStatus.PENDING:
        return False
    post.status = PostStatus.PENDING
    Group.objects.filter(pk=post.group_id, pinned_post=post).update(pinned_post=None)
    return True


def _is_group_manager(member: User, post: Post) -> bool:
    if post.group_id is None:
        return False
    membership = membership_of(member.pk, post.group_id)
    return membership is not None and membership.is_manager


@transaction.atomic
def post_delete(*, member: User, post_id: int) -> None:
    """Delete a post with its comments and reactions (its author, or a manager of its group).

    Raises PostNotFound, NotPostAuthor.
    """
    post = selectors.access_post(viewer=member, post_id=post_id)
    if post.author_id != member.pk and not _is_group_manager(member, post):
        raise NotPostAuthor()
    remove_post(post)


def remove_post(post: Post) -> None:
    """Delete a post; its comments and reactions go with it (CASCADE) and a group that had it
    pinned pins nothing (SET NULL)."""
    post.delete()


def publish_post(post: Post) -> Post:
    """Publish a post that waited for approval (idempotent)."""
    Post.objects.filter(pk=post.pk).update(status=PostStatus.PUBLISHED)
    post.status = PostStatus.PUBLISHED
    return post


def _group_post(manager: User, group_id: int, post_id: int) -> tuple[Group, Post]:
    group = access_group(viewer=manager, group_id=group_id)
    reason = group_policies.manage_block_reason(group)
    if reason is not None:
        raise reason
    post = selectors.posts_visible_to(manager).filter(pk=post_id, group=group).first()
    if post is None:
        raise PostNotFound()
    return group, post


@transaction.atomic
def post_pin(*, manager: User, group_id: int, post_id: int, pinned: bool = True) -> Group:
    """Pin a published post at the top of the group's discussion (one at a time), or unpin.

    Raises GroupNotFound, NotGroupManager, PostNotFound.
    """
    group, post = _group_post(manager, group_id, post_id)
    if pinned and post.status != PostStatus.PUBLISHED:
        raise PostNotFound("Approve the post before pinning it.")
    if pinned:
        group.pinned_post = post
    elif group.pinned_post_id == post.pk:
        group.pinned_post = None
    Group.objects.filter(pk=group.pk).update(pinned_post=group.pinned_post)
    return group


@transaction.atomic
def post_approve(*, manager: User, group_id: int, post_id: int) -> Post:
    """Publish a post waiting for approval (idempotent).

    Raises GroupNotFound, NotGroupManager, PostNotFound.
    """
    _group, post = _group_post(manager, group_id, post_id)
    return publish_post(post)


@transaction.atomic
def comment_create(*, author: User, post_id: int, body: object) -> Comment:
    """Comment on a visible, published post; its author is told after commit (not of their
    own comments).

    Raises PostNotFound, InvalidInput, TextTooLong, EmailUnconfirmed, Restricted,
    CommentRateLimited.
    """
    post = selectors.access_post(viewer=author, post_id=post_id)
    if post.status != PostStatus.PUBLISHED:
        raise PostNotFound("This post is waiting for approval.")
    text = clean_text(body, field="body", limit=settings.COMMENT_MAX_LENGTH)
    _lock_author(author)
    _raise(policies.author_block_reason(author))
    _raise(restriction_reason(author, "post"))
    _raise(policies.comment_rate_block_reason(author.pk))
    comment = Comment.objects.create(post=post, author=author, body=text)
    # access_post already hid the post across a block either way, so no block stands
    # between the commenter and the post's author here.
    if post.author_id != author.pk:
        kind = NotificationKind.POST_COMMENT
        notify_after_commit(
            [post.author_id],
            kind=kind,
            text=f"{author.full_name} commented on your post: {text[:200]}",
            dedupe_key=f"{kind}:{comment.pk}",
            link=reverse("feed:post", args=[post.pk]),
            actor_id=author.pk,
        )
    return comment


@transaction.atomic
def comment_edit(*, author: User, comment_id: int, body: object) -> Comment:
    """Change one's own comment's text (the validation of `comment_create`) and mark it
    edited; the same text leaves it as it is.

    Raises CommentNotFound (anyone but the author), InvalidInput, TextTooLong.
    """
    comment = selectors.access_comment(viewer=author, comment_id=comment_id)
    if comment.author_id != author.pk:
        raise CommentNotFound()
    text = clean_text(body, field="body", limit=settings.COMMENT_MAX_LENGTH)
    comment = Comment.objects.select_for_update().get(pk=comment.pk)
    if text != comment.body:
        comment.body = text
        comment.edited_at = timezone.now()
        comment.save(update_fields=["body", "edited_at"])
    return comment


@transaction.atomic
def comment_delete(*, member: User, comment_id: int) -> None:
    """Delete a comment (its author, the post's author, or a manager of the post's group).

    Raises CommentNotFound, NotPostAuthor.
    """
    comment = selectors.access_comment(viewer=member, comment_id=comment_id)
    allowed = member.pk in (comment.author_id, comment.post.author_id) or _is_group_manager(
        member, comment.post
    )
    if not allowed:
        raise NotPostAuthor("Only the comment's author, the post's author or a manager can.")
    remove_comment(comment)


def remove_comment(comment: Comment) -> None:
    """Delete a comment."""
    comment.delete()


def reaction_set(*, member: User, post_id: int, kind: object = ReactionKind.LIKE) -> Reaction:
    """React to a visible post (one reaction per member; a new kind replaces the old).

    Raises PostNotFound, InvalidInput.
    """
    if kind not in ReactionKind.values:
        raise InvalidInput({"kind": [f"Choose one of: {', '.join(ReactionKind.values)}."]})
    post = selectors.access_post(viewer=member, post_id=post_id)
    if post.status != PostStatus.PUBLISHED:
        raise PostNotFound("This post is waiting for approval.")
    reaction, _ = Reaction.objects.update_or_create(
        post=post, member=member, defaults={"kind": str(kind)}
    )
    return reaction


def reaction_remove(*, member: User, post_id: int) -> None:
    """Take back the member's reaction to a visible post (idempotent).

    Raises PostNotFound.
    """
    post = selectors.access_post(viewer=member, post_id=post_id)
    Reaction.objects.filter(post=post, member=member).delete()


def _get_or_create(model: type[Follow] | type[Mute] | type[Unfollow], **fields: Any) -> None:
    try:
        with transaction.atomic():
            model.objects.get_or_create(**fields)
    except IntegrityError:  # a concurrent request wrote the same row: the outcome stands
        pass


def _other_member(member: User, member_id: int, refusal: str) -> User:
    if member_id == member.pk:
        raise SelfAction(refusal)
    return access_member(viewer=member, member_id=member_id, with_history=False)


def follow_create(*, follower: User, member_id: int) -> Follow:
    """Follow a member the follower may see (idempotent); following a connection one
    unfollowed brings their posts back.

    Raises SelfAction, MemberNotFound.
    """
    member = _other_member(follower, member_id, "You cannot follow yourself.")
    with transaction.atomic():
        Unfollow.objects.filter(follower=follower, followed=member).delete()
        _get_or_create(Follow, follower=follower, followed=member)
    return Follow.objects.get(follower=follower, followed=member)


def follow_delete(*, follower: User, member_id: int) -> None:
    """Stop following a member (idempotent): the explicit follow goes and, for a connection,
    the implicit one too (an `Unfollow` row; the connection itself stays).

    Raises SelfAction, MemberNotFound.
    """
    member = _other_member(follower, member_id, "You cannot unfollow yourself.")
    with transaction.atomic():
        Follow.objects.filter(follower=follower, followed=member).delete()
        if are_connected(follower.pk, member.pk):
            _get_or_create(Unfollow, follower=follower, followed=member)


def mute_create(*, member: User, muted_id: int) -> None:
    """Mute a member the muter may see (idempotent): their posts leave the muter's home feed;
    connection, follows and messaging stay.

    Raises SelfAction, MemberNotFound.
    """
    muted = _other_member(member, muted_id, "You cannot mute yourself.")
    _get_or_create(Mute, member=member, muted=muted)


def mute_delete(*, member: User, muted_id: int) -> None:
    """Unmute a member (idempotent).

    Raises SelfAction, MemberNotFound.
    """
    muted = _other_member(member, muted_id, "You cannot mute yourself.")
    Mute.objects.filter(member=member, muted=muted).delete()


def post_preview_fetch(*, post_id: int) -> str:
    """Fetch a link post's preview once; return the resulting state. Any failure leaves the
    post as it is, marked `failed` (shown as a plain link); a link edited during the fetch
    keeps waiting for its own."""
    post = Post.objects.filter(pk=post_id, preview_state=PreviewState.PENDING).first()
    if post is None:
        return "skipped"
    preview = fetch_open_graph(post.link_url)
    # Written only if the link is still the one fetched: an edit that changed it meanwhile
    # queued a fetch of its own, which this one must not pre-empt with the old page.
    still = Post.objects.filter(
        pk=post_id, preview_state=PreviewState.PENDING, link_url=post.link_url
    )
    if preview is None:
        still.update(preview_state=PreviewState.FAILED)
        return PreviewState.FAILED
    still.update(
        preview_state=PreviewState.READY,
        preview_title=preview["title"],
        preview_description=preview["description"],
        preview_image_url=preview["image_url"],
        preview_site_name=preview["site_name"],
    )
    return PreviewState.READY
