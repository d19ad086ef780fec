"""Feed errors: posts, comments, reactions, follows."""

from core.exceptions import DomainError, InvalidInput

__all__ = [
    "CommentNotFound",
    "CommentRateLimited",
    "InvalidInput",
    "NotPostAuthor",
    "PostNotFound",
    "PostRateLimited",
    "TextTooLong",
]


class PostNotFound(DomainError):
    """Missing, or not visible to the viewer (a group they are not in, a block either way)."""

    code = "post_not_found"
    status = 404
    default_detail = "Post not found."


class CommentNotFound(DomainError):
    code = "comment_not_found"
    status = 404
    default_detail = "Comment not found."


class NotPostAuthor(DomainError):
    code = "not_post_author"
    status = 403
    default_detail = "Only the author (or a manager of the group) can do this."


class TextTooLong(DomainError):
    """Too long a post or comment; also reported under `fields.<field>`."""

    code = "text_too_long"
    status = 400
    default_detail = "The text is too long."

    def __init__(self, field: str, detail: str) -> None:
        super().__init__(detail)
        self.fields = {field: [detail]}


class PostRateLimited(DomainError):
    """Too many posts in the last hour (anti-spam); `retry_after` says when a slot frees."""

    code = "post_rate_limited"
    status = 429
    default_detail = "You are posting too often. Try again later."


class CommentRateLimited(DomainError):
    """Too many comments in the last hour (anti-spam); `retry_after` says when a slot frees."""

    code = "comment_rate_limited"
    status = 429
    default_detail = "You are commenting too often. Try again later."
