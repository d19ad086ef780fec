"""May this member post or comment now? The reason, or None: one answer for the service, the
pages and the API.

Anti-spam rate limits, in the shape of connections' weekly invitation limit: a rolling window
counted over the member's own rows (posts, comments), read by the service under the member's
row lock so two requests at the limit cannot both pass. Posts waiting for a group's approval
count; a refused attempt writes nothing and so does not count. The limits are settings read
at call time (`POSTS_HOURLY_LIMIT`, `COMMENTS_HOURLY_LIMIT`).
"""

from datetime import timedelta

from django.conf import settings
from django.db.models import Model
from django.utils import timezone

from accounts.models import User
from accounts.policies import email_unconfirmed_reason
from core.exceptions import DomainError
from feed.exceptions import CommentRateLimited, PostRateLimited
from feed.models import Comment, Post

WINDOW = timedelta(hours=1)


def author_block_reason(author: User) -> DomainError | None:
    """Say why the member may not post or comment at all now (an unconfirmed email), or None."""
    return email_unconfirmed_reason(author)


def posts_hourly_limit() -> int:
    """Return how many posts a member may make in any hour."""
    return int(settings.POSTS_HOURLY_LIMIT)


def comments_hourly_limit() -> int:
    """Return how many comments a member may make in any hour."""
    return int(settings.COMMENTS_HOURLY_LIMIT)


def _window_full(model: type[Model], author_id: int, limit: int) -> tuple[bool, int | None]:
    """Say whether the author's rows of the last hour reach `limit`, and in how many seconds
    one leaves the window (None when waiting does not help: a limit of 0)."""
    if limit <= 0:
        return True, None
    stamps = list(
        model._default_manager.filter(author_id=author_id, created_at__gte=timezone.now() - WINDOW)
        .order_by("-created_at")
        .values_list("created_at", flat=True)[:limit]
    )
    if len(stamps) < limit:
        return False, None
    # The limit-th newest row is the first to leave among those that fill the window.
    frees_at = stamps[-1] + WINDOW
    return True, max(int((frees_at - timezone.now()).total_seconds()) + 1, 1)


def _later(seconds: int | None) -> str:
    if seconds is None:
        return "Try again later."
    minutes = -(-seconds // 60)
    return f"Try again in {minutes} minute{'s' if minutes != 1 else ''}."


def _rate_block_reason(
    model: type[Post] | type[Comment],
    author_id: int,
    limit: int,
    verb: str,
    error: type[PostRateLimited] | type[CommentRateLimited],
) -> DomainError | None:
    full, wait = _window_full(model, author_id, limit)
    if not full:
        return None
    return error(f"You can {verb} at most {limit} times an hour. {_later(wait)}", retry_after=wait)


def post_rate_block_reason(author_id: int) -> DomainError | None:
    """Say why the member may not post now (too many posts in the last hour), or None."""
    return _rate_block_reason(Post, author_id, posts_hourly_limit(), "post", PostRateLimited)


def comment_rate_block_reason(author_id: int) -> DomainError | None:
    """Say why the member may not comment now (too many comments in the last hour), or None."""
    return _rate_block_reason(
        Comment, author_id, comments_hourly_limit(), "comment", CommentRateLimited
    )
