"""Who may see which post and comment: the feed's one visibility rule, written once.

The author (or commenter) is an active member (`accounts.models.active_member`) and no block
stands between them and the viewer either way (`accounts.selectors.block_between`); a group
post is seen by the group's members alone (a member removed or banned loses it at once: the
membership is read per query); a post waiting for approval is seen by its author and the
group's managers. A post outside groups is seen by every member who may see its author. The
home feed shows the viewer's own posts, those of 1st-degree connections (unless the viewer
unfollowed them: `Unfollow`) and of explicitly followed members (outside groups), and published
posts of the viewer's groups, none of them by a member the viewer muted (`Mute`; muting
touches the home feed alone: group discussions, a member's own page and comments still show
the muted member). What the viewer reported is hidden from them
(`standing.selectors.hidden_for`).

Each rule is an ORM condition (`post_visible`, `comment_visible`, `home_feed_post`,
`group_discussion_post`): `feed.selectors` filters with them for the API. The HTML pages
(`feed.cards`) run the same conditions as SQL, compiled from these very `Q`s once per process
(`home_feed_sql`, `group_discussion_sql`, `comment_sql`) with the viewer and the group bound
per call: building and compiling the ORM form on every request cost 8-9 ms of Python per page
(docs/benchmarks.md, "Feed"). The one thing the ORM cannot say is a query plan: for a viewer
with many connections the home feed probes the connection index post by post
(`ConnectedAuthor(probed=True)`), the same rows either way.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from typing import Any, cast

from django.db import connection
from django.db.models import BooleanField, Exists, Expression, F, Model, OuterRef, Q
from django.db.models.sql.constants import INNER

from accounts.models import active_member
from accounts.selectors import block_between
from connections.models import Connection
from feed.models import Comment, Follow, Mute, Post, PostStatus, Unfollow
from groups.models import MANAGING_ROLES, Membership
from standing.models import HiddenKind
from standing.selectors import hidden_for, hidden_ids

# Stand-ins for the ids a compiled condition takes per call (never a real id); each one becomes
# a named parameter of the SQL.
_VIEWER_ID = -7_000_001
_GROUP_ID = -7_000_002
_PARAMETER_NAMES = {_VIEWER_ID: "viewer", _GROUP_ID: "group"}


class ConnectedAuthor(Expression):
    """True when the row's author is a 1st-degree connection of the viewer.

    `probed=False` reads the viewer's connections as one set (PostgreSQL hashes them before
    the first post); `probed=True` is a scalar subquery that PostgreSQL runs per post against
    the connection index, which wins once a viewer has thousands of connections.
    """

    conditional = True

    def __init__(self, viewer_id: int, author: str = "author_id", *, probed: bool = False):
        super().__init__(output_field=BooleanField())
        self.viewer_id = viewer_id
        self.author: Any = F(author)
        self.probed = probed

    def get_source_expressions(self) -> list[Any]:
        return [self.author]

    def set_source_expressions(self, exprs: Sequence[Any]) -> None:
        (self.author,) = exprs

    def as_sql(self, compiler: Any, connection: Any) -> tuple[str, tuple[Any, ...]]:
        author, author_params = compiler.compile(self.author)
        # Names from the model's meta, quoted; the viewer's id is a parameter.
        quote = connection.ops.quote_name
        table = quote(Connection._meta.db_table)
        member = quote(Connection._meta.get_field("member").column)
        other = quote(Connection._meta.get_field("other").column)
        if self.probed:
            sql = (
                f"(SELECT true FROM {table} cc WHERE cc.{member} = %s "  # noqa: S608
                f"AND cc.{other} = {author}) IS NOT NULL"
            )
            return sql, (self.viewer_id, *author_params)
        sql = f"{author} IN (SELECT {other} FROM {table} WHERE {member} = %s)"  # noqa: S608
        return sql, (*author_params, self.viewer_id)


def member_seen(viewer_id: int, member: str) -> Q:
    """The member at the relation `member` (e.g. "author") may be seen by the viewer: active,
    and no block in force either way."""
    return cast(Q, active_member(member) & ~block_between(viewer_id, f"{member}_id"))


def comment_visible(viewer_id: int) -> Q:
    """A comment the viewer may see (on a post filtered apart): its author may be seen, and
    the viewer did not report it."""
    return member_seen(viewer_id, "author") & ~hidden_for(viewer_id, HiddenKind.COMMENT)


def post_visible(viewer_id: int) -> Q:
    """A post the viewer may see (the rule of the module docstring)."""
    member_of = Membership.objects.filter(group_id=OuterRef("group_id"), member_id=viewer_id)
    return (
        member_seen(viewer_id, "author")
        & ~hidden_for(viewer_id, HiddenKind.POST)
        & (Q(group__isnull=True) | Exists(member_of))
        & (
            Q(status=PostStatus.PUBLISHED)
            | Q(author_id=viewer_id)
            | Exists(member_of.filter(role__in=MANAGING_ROLES))
        )
    )


def group_discussion_post(viewer_id: int, group_id: int) -> Q:
    """A post of the group's discussion that the viewer may see."""
    return Q(group_id=group_id) & post_visible(viewer_id)


def home_feed_post(viewer_id: int, *, many_connections: bool = False) -> Q:
    """A post of the viewer's home feed (whose authors are pushed to them, and visible).

    `many_connections` only changes the plan (`ConnectedAuthor`), never the rows.
    """
    followed = Follow.objects.filter(follower_id=viewer_id).values("followed_id")
    unfollowed = Unfollow.objects.filter(follower_id=viewer_id, followed_id=OuterRef("author_id"))
    muted = Mute.objects.filter(member_id=viewer_id).values("muted_id")
    groups = Membership.objects.filter(member_id=viewer_id).values("group_id")
    outside_groups = Q(group__isnull=True) & (
        Q(author_id=viewer_id)
        | (ConnectedAuthor(viewer_id, probed=many_connections) & ~Exists(unfollowed))
        | Q(author_id__in=followed)
    )
    in_groups = Q(group_id__in=groups, status=PostStatus.PUBLISHED)
    # Mutes and reported posts as `NOT IN` (hashed once per query), not `NOT EXISTS`: two
    # more anti-joins cost more planning than they saved (docs/benchmarks.md, "The feed's two
    # probes"); both columns are NOT NULL, so the rows are the same.
    return (
        (outside_groups | in_groups)
        & ~Q(author_id__in=muted)
        & member_seen(viewer_id, "author")
        & ~Q(pk__in=hidden_ids(viewer_id, HiddenKind.POST))
    )


@dataclass(frozen=True)
class SqlCondition:
    """A WHERE condition compiled from one of this module's `Q`s, with `%(viewer)s` and
    `%(group)s` where the ids go and its constants as further named parameters."""

    sql: str
    constants: dict[str, Any]

    def params(self, *, viewer: int, group: int | None = None) -> dict[str, Any]:
        """The parameters to run `sql` with, for this viewer (and group)."""
        bound: dict[str, Any] = {"viewer": viewer, **self.constants}
        if group is not None:
            bound["group"] = group
        return bound


def _compile(model: type[Model], condition: Q, aliases: dict[str, str], name: str) -> SqlCondition:
    """Compile `condition` on `model` to SQL naming its tables by `aliases` (table → alias):
    the caller's FROM clause joins exactly these tables (every join an inner one), under
    these aliases."""
    query = model._default_manager.filter(condition).query
    used = {alias for alias, count in query.alias_refcount.items() if count}
    assert used == set(aliases), f"{name} needs the tables {sorted(used)}"
    assert all(
        getattr(query.alias_map[alias], "join_type", None) in (None, INNER) for alias in used
    )
    query.change_aliases(cast(dict[str | None, str], aliases))
    sql, params = query.get_compiler(connection=connection).compile(query.where)
    pieces = sql.split("%s")
    assert len(pieces) == len(params) + 1, sql
    parts, constants = [pieces[0]], {}
    for index, (param, piece) in enumerate(zip(params, pieces[1:], strict=True)):
        if type(param) is int and param in _PARAMETER_NAMES:
            parts.append(f"%({_PARAMETER_NAMES[param]})s")
        else:
            key = f"{name}_{index}"
            constants[key] = param
            parts.append(f"%({key})s")
        parts.append(piece)
    return SqlCondition(sql="".join(parts), constants=constants)


# The aliases feed.cards' queries give their tables.
POST_ALIASES = {"feed_post": "p", "accounts_user": "a"}
COMMENT_ALIASES = {"feed_comment": "c", "accounts_user": "cu"}


@cache
def home_feed_sql(*, many_connections: bool) -> SqlCondition:
    """`home_feed_post` as SQL (the post `p`, its author `a`), compiled once per plan."""
    condition = home_feed_post(_VIEWER_ID, many_connections=many_connections)
    return _compile(Post, condition, POST_ALIASES, "home")


@cache
def group_discussion_sql() -> SqlCondition:
    """`group_discussion_post` as SQL (the post `p`, its author `a`), compiled once."""
    return _compile(Post, group_discussion_post(_VIEWER_ID, _GROUP_ID), POST_ALIASES, "group")


@cache
def comment_sql() -> SqlCondition:
    """`comment_visible` as SQL (the comment `c`, its author `cu`), compiled once."""
    return _compile(Comment, comment_visible(_VIEWER_ID), COMMENT_ALIASES, "comment")
