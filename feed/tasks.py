"""Background work of the feed: link previews and comment notifications. Thin, idempotent."""

from celery import shared_task
from django.urls import reverse

from accounts.selectors import hidden_from_each_other
from feed import services
from feed.models import Comment
from notifications.models import NotificationKind
from notifications.services import notification_create

COMMENT_KIND = NotificationKind.POST_COMMENT


@shared_task
def fetch_link_preview_task(post_id: int) -> str:
    """Make a link post's preview from the page's Open Graph tags (once; failure is fine)."""
    return services.post_preview_fetch(post_id=post_id)


@shared_task
def notify_comment_task(comment_id: int) -> bool:
    """Tell a post's author about a comment on it (once per comment)."""
    comment = Comment.objects.select_related("post", "author").filter(pk=comment_id).first()
    if comment is None or comment.author_id == comment.post.author_id:
        return False
    if hidden_from_each_other(comment.author_id, comment.post.author_id):
        return False
    notification = notification_create(
        recipient_id=comment.post.author_id,
        kind=COMMENT_KIND,
        text=f"{comment.author.full_name} commented on your post: {comment.body[:200]}",
        dedupe_key=f"{COMMENT_KIND}:{comment.pk}",
        link=reverse("feed:post", args=[comment.post_id]),
        actor_id=comment.author_id,
    )
    return notification is not None
