"""Post cards made ready for a page: what the home page, "Show older posts" and a group's
discussion share (the feed's and the groups' views alike), below the views."""

from typing import Any

from accounts.models import User
from feed import cards, selectors
from feed.forms import PostForm
from feed.models import Post, ReactionKind
from network.web import with_degrees

# Posts per page: each is rendered with its author, reactions and latest comments, so the first
# page is what a visit costs; htmx appends the next page at the bottom (docs/groups.md).
FEED_PAGE_SIZE = 10


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
