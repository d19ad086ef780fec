"""A page of post cards for the HTML pages (the home feed, a group's discussion), in two
queries: the posts with author, profile, group, counts and the viewer's reaction; then the
latest comments of every post of the page, with their authors and profiles. This module only
selects those columns and turns the rows into model instances, as `select_related` would.

Which posts and comments show is `feed.visibility`'s rule, the very `Q`s that
`feed.selectors.home_feed` / `group_posts` (with `with_details`, the API's reader) filter with,
compiled to SQL once per process (`tests/feed/test_cards.py` checks both readers agree on
blocks, deactivation, groups, approval, follows and connections). The rows are made by hand
because building, compiling and prefetching the ORM form cost more Python time per page than
PostgreSQL took to run it (docs/benchmarks.md, "Feed"); and the home feed of a member with many
connections checks each post's author against the connection index instead of hashing all of
them first (`MANY_CONNECTIONS`).
"""

from collections.abc import Callable, Sequence
from datetime import datetime
from typing import Any

from django.db import connection, models

from accounts.models import Profile, User
from core import replicas
from feed import visibility
from feed.models import Comment, Post
from feed.selectors import COMMENTS_SHOWN
from feed.visibility import SqlCondition
from groups.models import Group
from network.selectors import viewer_graph

# From this many connections on, the home feed probes the connection index for each post it
# scans instead of hashing every connection before the first post (measured crossover:
# between 1,000 and 30,000 connections; below it the hashed set is cheaper).
MANY_CONNECTIONS = 2_000


class _Columns:
    """The select list of one model under a table alias, and how to make instances of it."""

    def __init__(self, model: type[models.Model], alias: str) -> None:
        fields = model._meta.concrete_fields
        self.model = model
        self.sql = ", ".join(f'{alias}."{field.column}"' for field in fields)
        self.width = len(fields)
        self.attnames = [field.attname for field in fields]
        self.converters: list[tuple[int, list[Callable[..., Any]]]] = []
        for index, field in enumerate(fields):
            column = field.get_col(alias)
            found = connection.ops.get_db_converters(column) + field.get_db_converters(connection)
            if found:
                self.converters.append((index, found))

    def make(self, row: Sequence[Any], start: int) -> Any:
        values = list(row[start : start + self.width])
        for index, converters in self.converters:
            for converter in converters:
                values[index] = converter(values[index], None, connection)
        return self.model.from_db(connection.alias, self.attnames, values)


_COLUMNS: dict[str, _Columns] = {}


def _columns(model: type[models.Model], alias: str) -> _Columns:
    key = f"{model._meta.label}:{alias}"
    if key not in _COLUMNS:
        _COLUMNS[key] = _Columns(model, alias)
    return _COLUMNS[key]


# The select list's counts; the comments counted are those `feed.visibility` lets the viewer see.
_DETAILS = """
    (SELECT count(*) FROM "feed_comment" c JOIN "accounts_user" cu ON cu."id" = c."author_id"
      WHERE c."post_id" = p."id" AND {comment_visible}) AS comment_count,
    (SELECT count(*) FROM "feed_reaction" r WHERE r."post_id" = p."id") AS reaction_count,
    (SELECT r."kind" FROM "feed_reaction" r
      WHERE r."post_id" = p."id" AND r."member_id" = %(viewer)s LIMIT 1) AS viewer_reaction
"""

# The tables and aliases of visibility.POST_ALIASES / COMMENT_ALIASES (the post `p` with its
# author `a`; the comment `c` with its author `cu`), which the compiled conditions name.
_POSTS = """
SELECT {post}, {author}, {profile}, {group}, {details}
FROM "feed_post" p
JOIN "accounts_user" a ON a."id" = p."author_id"
LEFT JOIN "accounts_profile" ap ON ap."member_id" = a."id"
LEFT JOIN "groups_group" g ON g."id" = p."group_id"
WHERE {visible} {before}
ORDER BY p."created_at" DESC, p."id" DESC
LIMIT %(limit)s
"""

_COMMENTS = """
SELECT {comment}, {author}, {profile}
FROM unnest(%(posts)s::bigint[]) WITH ORDINALITY AS page("id", "n")
CROSS JOIN LATERAL (
    SELECT c.* FROM "feed_comment" c JOIN "accounts_user" cu ON cu."id" = c."author_id"
    WHERE c."post_id" = page."id" AND {comment_visible}
    ORDER BY c."created_at" DESC, c."id" DESC
    LIMIT %(shown)s
) c
JOIN "accounts_user" u ON u."id" = c."author_id"
LEFT JOIN "accounts_profile" up ON up."member_id" = u."id"
ORDER BY page."n", c."created_at", c."id"
"""

_AUTHOR = Post._meta.get_field("author")
_GROUP = Post._meta.get_field("group")
_COMMENT_AUTHOR = Comment._meta.get_field("author")
_COMMENT_POST = Comment._meta.get_field("post")
_PROFILE = User._meta.get_field("profile")
_PROFILE_MEMBER = Profile._meta.get_field("member")


def _member(row: Sequence[Any], start: int, users: _Columns, profiles: _Columns) -> User:
    """The member of a row and their profile (None when they have none, as select_related)."""
    member = users.make(row, start)
    profile = None
    if row[start + users.width] is not None:  # the profile's key, member_id
        profile = profiles.make(row, start + users.width)
        _PROFILE_MEMBER.set_cached_value(profile, member)
    _PROFILE.set_cached_value(member, profile)
    return member


def _posts_sql(
    visible: SqlCondition,
    params: dict[str, Any],
    *,
    before: str = "",
) -> tuple[str, dict[str, Any]]:
    """The first query of a page: the posts `visible` lets through, `before` (more SQL) the
    page's start, with what a card shows."""
    post, author = _columns(Post, "p"), _columns(User, "a")
    profile, group = _columns(Profile, "ap"), _columns(Group, "g")
    comments = visibility.comment_sql()
    sql = _POSTS.format(
        post=post.sql,
        author=author.sql,
        profile=profile.sql,
        group=group.sql,
        details=_DETAILS.format(comment_visible=comments.sql),
        visible=visible.sql,
        before=before,
    )
    return sql, {**visible.constants, **comments.constants, **params}


def _run_posts(query: tuple[str, dict[str, Any]]) -> list[Post]:
    post, author = _columns(Post, "p"), _columns(User, "a")
    profile, group = _columns(Profile, "ap"), _columns(Group, "g")
    with replicas.read_connection().cursor() as cursor:
        cursor.execute(*query)
        rows = cursor.fetchall()
    posts = []
    at_author = post.width
    at_group = at_author + author.width + profile.width
    at_details = at_group + group.width
    for row in rows:
        item: Post = post.make(row, 0)
        _AUTHOR.set_cached_value(item, _member(row, at_author, author, profile))
        _GROUP.set_cached_value(item, group.make(row, at_group) if row[at_group] else None)
        item.comment_count, item.reaction_count, item.viewer_reaction = row[  # type: ignore[attr-defined]
            at_details : at_details + 3
        ]
        posts.append(item)
    return posts


def attach_recent_comments(viewer: User, posts: list[Post]) -> None:
    """Give each post `recent_comments_desc`: its latest visible comments, newest first (what
    `with_details` prefetches), in one query for the page."""
    comment, author = _columns(Comment, "c"), _columns(User, "u")
    profile = _columns(Profile, "up")
    by_id = {post.pk: post for post in posts}
    for post in posts:
        post.recent_comments_desc = []  # type: ignore[attr-defined]
    if not posts:
        return
    visible = visibility.comment_sql()
    sql = _COMMENTS.format(
        comment=comment.sql,
        author=author.sql,
        profile=profile.sql,
        comment_visible=visible.sql,
    )
    params = {**visible.params(viewer=viewer.pk), "posts": list(by_id), "shown": COMMENTS_SHOWN}
    with replicas.read_connection().cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    for row in rows:
        shown: Comment = comment.make(row, 0)
        _COMMENT_AUTHOR.set_cached_value(shown, _member(row, comment.width, author, profile))
        post = by_id[shown.post_id]
        _COMMENT_POST.set_cached_value(shown, post)
        post.recent_comments_desc.insert(0, shown)  # type: ignore[attr-defined]


def home_sql(
    viewer: User,
    *,
    limit: int,
    before: tuple[datetime, int] | None = None,
    many_connections: bool = False,
) -> tuple[str, dict[str, Any]]:
    """The SQL and parameters of `home_posts`' first query (the benchmark EXPLAINs it)."""
    visible = visibility.home_feed_sql(many_connections=many_connections)
    params = {**visible.params(viewer=viewer.pk), "limit": limit}
    if before is None:
        return _posts_sql(visible, params)
    params.update(before_at=before[0], before_id=before[1])
    keyset = 'AND (p."created_at", p."id") < (%(before_at)s, %(before_id)s)'
    return _posts_sql(visible, params, before=keyset)


def has_many_connections(viewer: User) -> bool:
    """Whether the home feed should probe the viewer's connections post by post
    (MANY_CONNECTIONS; the graph cache's array: no query)."""
    return viewer_graph(viewer).connection_count >= MANY_CONNECTIONS


def home_posts(
    viewer: User,
    *,
    limit: int,
    before: tuple[datetime, int] | None = None,
    many_connections: bool | None = None,
) -> list[Post]:
    """The home feed as `selectors.home_feed` (with `with_details`), newest first, at most
    `limit` posts, older than `before` ((created_at, id) of the last post shown) when given.
    `many_connections` (decided by `has_many_connections` unless given): the viewer has so
    many connections that checking each post's author against the connection index beats
    hashing them all first; the rows are the same either way."""
    if many_connections is None:
        many_connections = has_many_connections(viewer)
    query = home_sql(viewer, limit=limit, before=before, many_connections=many_connections)
    posts = _run_posts(query)
    attach_recent_comments(viewer, posts)
    return posts


def group_sql(
    viewer: User, group: Group, *, limit: int, before_id: int | None = None
) -> tuple[str, dict[str, Any]]:
    """The SQL and parameters of `group_posts`' first query (the benchmark EXPLAINs it)."""
    visible = visibility.group_discussion_sql()
    params = {**visible.params(viewer=viewer.pk, group=group.pk), "limit": limit}
    if before_id is None:
        return _posts_sql(visible, params)
    params["before_post"] = before_id
    return _posts_sql(visible, params, before='AND p."id" < %(before_post)s')


def group_posts(
    viewer: User, group: Group, *, limit: int, before_id: int | None = None
) -> list[Post]:
    """A group's discussion as `selectors.group_posts` (with `with_details`), newest first, at
    most `limit` posts, with ids below `before_id` when given."""
    posts = _run_posts(group_sql(viewer, group, limit=limit, before_id=before_id))
    attach_recent_comments(viewer, posts)
    return posts
