"""Site moderators' writes on posts, comments and follows (Django admin), through the same
helpers as feed.services: a moderator is no member of the group, so the role checks are
skipped, the state changes are not. Django admin's permissions decide who may call them."""

from django.db import transaction

from feed import services
from feed.models import Comment, Follow, Post, PostStatus


def posts_publish_as_staff(*, post_ids: list[int]) -> int:
    """Publish the posts among these that wait for a group's approval; return how many."""
    published = 0
    for post in Post.objects.filter(pk__in=post_ids, status=PostStatus.PENDING).order_by("pk"):
        services.publish_post(post)
        published += 1
    return published


@transaction.atomic
def posts_remove_as_staff(*, post_ids: list[int]) -> int:
    """Delete posts with their comments and reactions; return how many."""
    removed = 0
    for post in Post.objects.filter(pk__in=post_ids).order_by("pk"):
        services.remove_post(post)
        removed += 1
    return removed


@transaction.atomic
def comments_remove_as_staff(*, comment_ids: list[int]) -> int:
    """Delete comments; return how many."""
    removed = 0
    for comment in Comment.objects.filter(pk__in=comment_ids).order_by("pk"):
        services.remove_comment(comment)
        removed += 1
    return removed


@transaction.atomic
def follows_remove_as_staff(*, follow_ids: list[int]) -> int:
    """End explicit follows (a connection still shows the member's posts); return how many."""
    deleted, _ = Follow.objects.filter(pk__in=follow_ids).delete()
    return deleted
