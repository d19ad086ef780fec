"""Reads of the feed: which posts and comments a viewer sees, the home feed, a group's
discussion. Constant queries per page whatever the amount of content.

Who may see what is `feed.visibility`'s rule (read its docstring); these querysets filter with
its `Q`s. The HTML pages read their posts through `feed.cards` (the same conditions compiled to
SQL, held equal to these by tests/feed/test_cards.py); the API reads them here.

Connecting means following both ways: the home feed reads connections_connection rows beside
explicit follows, so no follow row is written when two members connect, and removing the
connection stops the implicit follow (an explicit follow stays). Unfollowing a connection
writes an `Unfollow` row, which turns the implicit follow off until one follows again.
"""

from typing import Any

from django.db.models import (
    Count,
    IntegerField,
    OuterRef,
    Prefetch,
    QuerySet,
    Subquery,
    Value,
)
from django.db.models.functions import Coalesce

from accounts.models import User
from connections.models import Connection
from feed import visibility
from feed.exceptions import CommentNotFound, PostNotFound
from feed.models import Comment, Follow, Mute, Post, Reaction, Unfollow
from groups.models import Group

COMMENTS_SHOWN = 3


def comments_visible_to(viewer: User) -> QuerySet[Comment]:
    """Return the comments the viewer may see: by active members with no block either way."""
    return Comment.objects.filter(visibility.comment_visible(viewer.pk))


def posts_visible_to(viewer: User) -> QuerySet[Post]:
    """Return every post the viewer may see (`feed.visibility.post_visible`)."""
    return Post.objects.filter(visibility.post_visible(viewer.pk))


def _count_per_post(rows: QuerySet[Any]) -> Coalesce:
    """How many of `rows` belong to the outer post (0 for none), as a subquery."""
    per_post = (
        rows.filter(post_id=OuterRef("pk"))
        .order_by()
        .values("post_id")
        .annotate(n=Count("id"))
        .values("n")
    )
    return Coalesce(Subquery(per_post, output_field=IntegerField()), Value(0))


def with_details(posts: QuerySet[Post], viewer: User) -> QuerySet[Post]:
    """Add what a post card shows: author and profile, group, `comment_count`,
    `reaction_count`, `viewer_reaction` and `recent_comments` (the latest few, oldest
    first), in two queries for the whole page."""
    recent = (
        comments_visible_to(viewer)
        .select_related("author", "author__profile")
        .order_by("-created_at", "-id")
    )
    viewer_reaction = Reaction.objects.filter(post_id=OuterRef("pk"), member_id=viewer.pk)
    return (
        posts.select_related("author", "author__profile", "group")
        .annotate(
            comment_count=_count_per_post(comments_visible_to(viewer)),
            reaction_count=_count_per_post(Reaction.objects.all()),
            viewer_reaction=Subquery(viewer_reaction.values("kind")[:1]),
        )
        .prefetch_related(
            Prefetch("comments", queryset=recent[:COMMENTS_SHOWN], to_attr="recent_comments_desc")
        )
    )


def recent_comments(post: Post) -> list[Comment]:
    """The latest comments prefetched by with_details, oldest first."""
    return list(reversed(getattr(post, "recent_comments_desc", [])))


def access_post(*, viewer: User, post_id: int) -> Post:
    """Return a post the viewer may see, or the same not-found for missing and hidden.

    Raises PostNotFound.
    """
    post = posts_visible_to(viewer).select_related("group").filter(pk=post_id).first()
    if post is None:
        raise PostNotFound()
    return post


def post_detail(*, viewer: User, post_id: int) -> Post:
    """Return a visible post with what its card shows.

    Raises PostNotFound.
    """
    post = with_details(posts_visible_to(viewer), viewer).filter(pk=post_id).first()
    if post is None:
        raise PostNotFound()
    return post


def home_feed(viewer: User) -> QuerySet[Post]:
    """Return the home feed, newest first: own posts, posts of 1st-degree connections and of
    explicitly followed members (outside groups), and published posts of the viewer's groups."""
    posts = Post.objects.filter(visibility.home_feed_post(viewer.pk))
    return with_details(posts, viewer).order_by("-created_at", "-id")


def group_posts(viewer: User, group: Group) -> QuerySet[Post]:
    """Return a group's discussion as the viewer sees it, newest first (the caller checked
    membership: posts_visible_to would hide everything from a non-member anyway)."""
    posts = Post.objects.filter(visibility.group_discussion_post(viewer.pk, group.pk))
    return with_details(posts, viewer).order_by("-created_at", "-id")


def member_posts(viewer: User, author: User) -> QuerySet[Post]:
    """Return a member's posts outside groups as the viewer sees them, newest first."""
    posts = posts_visible_to(viewer).filter(author=author, group__isnull=True)
    return with_details(posts, viewer).order_by("-created_at", "-id")


def comments_for(viewer: User, post: Post) -> QuerySet[Comment]:
    """Return a post's comments the viewer may see, oldest first, with authors."""
    return (
        comments_visible_to(viewer)
        .filter(post=post)
        .select_related("author", "author__profile")
        .order_by("created_at", "id")
    )


def access_comment(*, viewer: User, comment_id: int) -> Comment:
    """Return a visible comment on a visible post, with its post.

    Raises CommentNotFound.
    """
    comment = (
        comments_visible_to(viewer)
        .filter(pk=comment_id, post__in=posts_visible_to(viewer))
        .select_related("post", "post__group")
        .first()
    )
    if comment is None:
        raise CommentNotFound()
    return comment


def is_following(follower_id: int, followed_id: int) -> bool:
    """Say whether the follower follows the member: explicitly, or by being connected and not
    having unfollowed them."""
    pair = {"follower_id": follower_id, "followed_id": followed_id}
    return Follow.objects.filter(**pair).exists() or (
        Connection.objects.filter(member_id=follower_id, other_id=followed_id).exists()
        and not Unfollow.objects.filter(**pair).exists()
    )


def is_muted(member_id: int, muted_id: int) -> bool:
    """Say whether the member muted `muted_id`."""
    return Mute.objects.filter(member_id=member_id, muted_id=muted_id).exists()


def following_count(member: User) -> int:
    """Count the members `member` follows explicitly."""
    return Follow.objects.filter(follower=member).count()
