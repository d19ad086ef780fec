"""Background work of the feed: link previews. Thin, idempotent. (Comment notifications are
decided by feed.services and delivered by notifications.tasks.deliver_notifications_task.)"""

from celery import shared_task

from feed import services


@shared_task
def fetch_link_preview_task(post_id: int) -> str:
    """Make a link post's preview from the page's Open Graph tags (once; failure is fine)."""
    return services.post_preview_fetch(post_id=post_id)
