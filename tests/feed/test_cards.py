"""The pages' hand-written post cards (feed.cards) against the ORM selectors the API uses,
and the pages that show them: the same posts, counts, reactions and comments for every
visibility rule, the same HTML, member text escaped, degree badges on authors and
commenters, htmx partials."""

from collections.abc import Callable
from datetime import timedelta
from typing import Any

import pytest
from django.template.loader import render_to_string
from django.test import Client, RequestFactory
from django.urls import reverse
from django.utils import timezone

from accounts.models import Block, User
from accounts.selectors import access_member
from accounts.services import block_create, block_remove
from feed import cards, selectors, services
from feed.models import Post, ReactionKind
from feed.templatetags.feed_cards import degree_badge, route
from feed.views import FEED_PAGE_SIZE, feed_page, prepare_posts
from groups import services as group_services
from groups.models import Group
from tests.conftest import connect_members
from tests.factories import UserFactory
from tests.groups.conftest import make_group

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.usefixtures("_no_rate_limits"),
]


@pytest.fixture
def _no_rate_limits(settings: Any) -> None:
    settings.POSTS_HOURLY_LIMIT = 1_000
    settings.COMMENTS_HOURLY_LIMIT = 1_000


def post(author: User, body: str = "Hello network", **kwargs: Any) -> Post:
    return services.post_create(author=author, body=body, **kwargs)


def comment(author: User, on: Post, body: str = "Nice") -> None:
    services.comment_create(author=author, post_id=on.pk, body=body)


def shape(posts: list[Post]) -> list[tuple[Any, ...]]:
    """What a card shows of each post, comparable between the two readers."""
    return [
        (
            p.pk,
            p.author.full_name,
            getattr(p.author.profile, "headline", None),
            p.group.name if p.group else None,
            p.comment_count,  # type: ignore[attr-defined]
            p.reaction_count,  # type: ignore[attr-defined]
            p.viewer_reaction,  # type: ignore[attr-defined]
            [(c.pk, c.author.full_name, c.body) for c in selectors.recent_comments(p)],
        )
        for p in posts
    ]


def orm_home(viewer: User, limit: int = 50, before: Post | None = None) -> list[Post]:
    posts = selectors.home_feed(viewer)
    if before is not None:
        posts = posts.filter(created_at__lte=before.created_at).exclude(
            created_at=before.created_at, id__gte=before.pk
        )
    return list(posts[:limit])


def card_home(viewer: User, limit: int = 50, before: Post | None = None) -> list[list[Post]]:
    """Both plans of the home query (hashed connections, and probed for many connections)."""
    anchor = (before.created_at, before.pk) if before else None
    return [
        cards.home_posts(viewer, limit=limit, before=anchor, many_connections=many)
        for many in (False, True)
    ]


@pytest.fixture
def world(member: User, other: User, third: User) -> dict[str, Any]:
    """A network with every case the visibility rule has, seen by `member`."""
    followed, stranger, manager = UserFactory.create_batch(3)
    blocked, blocker, unblocked, gone, suspended = UserFactory.create_batch(5)
    muted, muted_followed, muted_in_group, unfollowed, refollowed, unmuted = (
        UserFactory.create_batch(6)
    )
    for person in (other, third, blocked, blocker, unblocked, gone, suspended):
        connect_members(member, person)
    for person in (muted, unfollowed, refollowed, unmuted):
        connect_members(member, person)
    services.follow_create(follower=member, member_id=followed.pk)
    services.follow_create(follower=member, member_id=muted_followed.pk)
    for person in (muted, muted_followed, muted_in_group, unmuted):
        services.mute_create(member=member, muted_id=person.pk)
    services.mute_delete(member=member, muted_id=unmuted.pk)
    for person in (unfollowed, refollowed):
        services.follow_delete(follower=member, member_id=person.pk)
    services.follow_create(follower=member, member_id=refollowed.pk)
    group = make_group(manager, name="Mine <b>")
    group_services.group_join(member=member, group_id=group.pk)
    group_services.group_join(member=other, group_id=group.pk)
    group_services.group_join(member=blocked, group_id=group.pk)
    group_services.group_join(member=muted_in_group, group_id=group.pk)
    group_services.group_update(member=manager, group_id=group.pk, posts_need_approval=True)
    elsewhere = make_group(stranger, name="Not mine")
    managed = make_group(member, name="Managed", posts_need_approval=True)
    group_services.group_join(member=third, group_id=managed.pk)
    made = {
        "own": post(member, "Mine"),
        "connection": post(other, "From a connection"),
        "followed": post(followed, "From someone I follow"),
        "stranger": post(stranger, "From a stranger"),
        "in_group": post(manager, "In my group", group_id=group.pk),
        "pending": post(other, "Waiting", group_id=group.pk),
        "elsewhere": post(stranger, "In another group", group_id=elsewhere.pk),
        "managed_pending": post(third, "Waiting for me", group_id=managed.pk),
        "blocked": post(blocked, "Blocked by me"),
        "blocker": post(blocker, "Blocks me"),
        "unblocked": post(unblocked, "Unblocked again"),
        "gone": post(gone, "Deactivated since"),
        "suspended": post(suspended, "Suspended since"),
        "muted": post(muted, "Muted connection"),
        "muted_followed": post(muted_followed, "Muted, followed"),
        "muted_in_group": post(muted_in_group, "Muted, in my group", group_id=group.pk),
        "unfollowed": post(unfollowed, "Unfollowed connection"),
        "refollowed": post(refollowed, "Followed again"),
        "unmuted": post(unmuted, "Unmuted again"),
    }
    services.post_approve(manager=manager, group_id=group.pk, post_id=made["muted_in_group"].pk)
    for index, writer in enumerate([other, third, followed, blocked, blocker, gone, member]):
        comment(writer, made["own"], f"Comment {index} by {writer.first_name}")
    comment(other, made["connection"], "First")
    comment(third, made["connection"], "Second")
    comment(blocked, made["in_group"], "Hidden from me")
    for reactor in (other, third, followed):
        services.reaction_set(member=reactor, post_id=made["own"].pk, kind=ReactionKind.LIKE)
    services.reaction_set(member=member, post_id=made["connection"].pk, kind="celebrate")
    block_create(blocker=member, blocked_id=blocked.pk)
    block_create(blocker=blocker, blocked_id=member.pk)
    block_create(blocker=member, blocked_id=unblocked.pk)
    block_remove(blocker=member, blocked_id=unblocked.pk)
    assert Block.objects.filter(blocker=member, blocked=unblocked, unblocked_at__isnull=False)
    User.objects.filter(pk=gone.pk).update(deactivated_at=timezone.now())
    User.objects.filter(pk=suspended.pk).update(is_active=False)
    return {
        "posts": made,
        "group": group,
        "managed": managed,
        "people": [other, third, followed, stranger, manager, blocked, blocker, unblocked],
        "attention": [muted, muted_followed, muted_in_group, unfollowed, refollowed, unmuted],
    }


def test_home_posts_are_the_home_feed_for_every_rule(member: User, world: dict[str, Any]) -> None:
    made = world["posts"]
    expected = orm_home(member)
    ids = [p.pk for p in expected]
    for name in ("own", "connection", "followed", "in_group", "unblocked", "refollowed"):
        assert made[name].pk in ids, name
    assert made["unmuted"].pk in ids
    for name in ("stranger", "pending", "elsewhere", "managed_pending", "blocked", "blocker"):
        assert made[name].pk not in ids, name
    for name in ("muted", "muted_followed", "muted_in_group", "unfollowed"):
        assert made[name].pk not in ids, name
    for name in ("gone", "suspended"):
        assert made[name].pk not in ids, name
    for posts in card_home(member):
        assert shape(posts) == shape(expected)
    own = next(p for p in card_home(member)[0] if p.pk == made["own"].pk)
    assert own.comment_count == 4  # type: ignore[attr-defined]  # blocks, deactivated hidden
    assert own.reaction_count == 3  # type: ignore[attr-defined]
    assert [c.body for c in selectors.recent_comments(own)] == [
        "Comment 1 by Carla",
        "Comment 2 by " + world["people"][2].first_name,
        "Comment 6 by Ana",
    ]


def test_home_posts_for_every_viewer_and_page(member: User, world: dict[str, Any]) -> None:
    for viewer in [member, *world["people"], *world["attention"]]:
        expected = orm_home(viewer)
        for posts in card_home(viewer):
            assert shape(posts) == shape(expected), viewer
        for size in (1, 2, 3):
            first = orm_home(viewer, size)
            if not first:
                continue
            for posts in card_home(viewer, 50, before=first[-1]):
                assert shape(posts) == shape(orm_home(viewer, 50, before=first[-1]))


def test_group_posts_are_the_group_discussion(
    member: User, other: User, third: User, world: dict[str, Any]
) -> None:
    for group in (world["group"], world["managed"]):
        for viewer in [member, other, third, *world["people"]]:
            expected = list(selectors.group_posts(viewer, group)[:50])
            got = cards.group_posts(viewer, group, limit=50)
            assert shape(got) == shape(expected), (group.name, viewer)
            if expected:
                older = cards.group_posts(viewer, group, limit=50, before_id=expected[0].pk)
                assert shape(older) == shape(expected[1:])
    managed = cards.group_posts(member, world["managed"], limit=50)
    assert [p.pk for p in managed] == [world["posts"]["managed_pending"].pk]  # the manager's
    assert cards.group_posts(third, world["managed"], limit=50)[0].status == "pending"  # author
    seen_by_other = {p.pk: p.status for p in cards.group_posts(other, world["group"], limit=50)}
    assert seen_by_other[world["posts"]["pending"].pk] == "pending"  # the author
    assert "pending" not in {p.status for p in cards.group_posts(member, world["group"], limit=50)}
    # Muting leaves the group's discussion alone.
    discussion = [p.pk for p in cards.group_posts(member, world["group"], limit=50)]
    assert world["posts"]["muted_in_group"].pk in discussion


def test_a_non_member_sees_no_group_posts(world: dict[str, Any]) -> None:
    outsider = UserFactory.create()
    assert cards.group_posts(outsider, world["group"], limit=50) == []


def test_cards_render_the_same_html_as_the_orm_reader(
    member: User, world: dict[str, Any], rf: RequestFactory
) -> None:
    request = rf.get("/")
    request.user = member

    def html(posts: list[Post]) -> str:
        prepare_posts(member, posts)
        context = {"posts": posts, "reaction_kinds": ReactionKind.choices, "user": member}
        return render_to_string("feed/_feed_page.html", context, request=request)

    expected = html(orm_home(member))
    request.META["CSRF_COOKIE"] = "x" * 32
    for posts in card_home(member):
        got = html(posts)
        strip = lambda page: "".join(  # noqa: E731
            part.split('">', 1)[-1] for part in page.split('name="csrfmiddlewaretoken" value="')
        )
        assert strip(got) == strip(expected)


def test_many_connections_switches_the_plan_not_the_rows(member: User) -> None:
    sql_hashed, _ = cards.home_sql(member, limit=11)
    sql_probed, _ = cards.home_sql(member, limit=11, many_connections=True)
    assert 'IN (SELECT "other_id" FROM "connections_connection"' in sql_hashed
    assert "(SELECT true FROM" not in sql_hashed
    assert '(SELECT true FROM "connections_connection"' in sql_probed


def test_posts_keep_their_profile_and_group_objects(member: User, other: User) -> None:
    other.profile.delete()
    group = make_group(member, name="Readers")
    post(member, "In a group", group_id=group.pk)
    connect_members(member, other)
    post(User.objects.get(pk=other.pk), "No profile")
    posts = cards.home_posts(member, limit=10)
    assert isinstance(posts[1].group, Group) and posts[1].group.name == "Readers"
    assert posts[0].group is None
    with pytest.raises(User.profile.RelatedObjectDoesNotExist):  # as select_related says
        posts[0].author.profile  # noqa: B018


def test_route_and_degree_badge_are_url_and_the_badge_include() -> None:
    for name in ("feed:post", "feed:react", "feed:comment", "feed:delete", "profile"):
        assert route(42, name) == reverse(name, args=[42])
        assert route(7, name) == reverse(name, args=[7])
    for degree in (None, 0, 1, 2, 3, 4):
        assert degree_badge(degree) == render_to_string(
            "includes/degree_badge.html", {"degree": degree}
        )


# -- the pages ---------------------------------------------------------------------------------


def browser_for(member: User) -> Client:
    client = Client()
    client.force_login(member)
    return client


def test_home_page_escapes_member_text_and_shows_degrees(
    member: User, other: User, third: User, connect: Callable[[User, User], None]
) -> None:
    connect(member, other)
    connect(other, third)  # third: 2nd degree to member
    evil = "<script>alert(1)</script>"
    User.objects.filter(pk=other.pk).update(first_name=evil)
    other.profile.headline = f"Head {evil}"
    other.profile.save()
    group = make_group(other, name=f"Group {evil}")
    group_services.group_join(member=member, group_id=group.pk)
    group_services.group_join(member=third, group_id=group.pk)
    article = services.post_create(
        author=other, kind="article", title=f"Title {evil}", body=f"Body {evil} https://a.example/x"
    )
    in_group = post(third, f"Group post {evil}", group_id=group.pk)
    comment(third, article, f"Comment {evil}")
    Post.objects.filter(pk=in_group.pk).update(
        link_url="https://example.com/p?a=1&b=2",
        kind="link",
        preview_state="ready",
        preview_title=f"Preview {evil}",
        preview_description=f"Description {evil}",
        preview_site_name=f"Site {evil}",
    )
    html = browser_for(member).get("/").content.decode()
    assert "<script>alert" not in html
    for text in (
        "Title &lt;script&gt;",
        "Body &lt;script&gt;",
        "Comment &lt;script&gt;",
        "Head &lt;script&gt;",
        "Group &lt;script&gt;",
        "Preview &lt;script&gt;",
        "Description &lt;script&gt;",
        "Site &lt;script&gt;",
        '<a href="https://a.example/x" rel="nofollow">',
        'href="https://example.com/p?a=1&amp;b=2"',
    ):
        assert text in html, text
    article_card = html.split(f'id="post-{article.pk}"')[1].split("</article>")[0]
    assert "badge-degree-1" in article_card.split("post-meta")[0]  # the author, 1st
    assert "badge-degree-2" in article_card.split('class="comment"')[1]  # the commenter, 2nd


def test_home_page_hides_blocked_commenters_and_pages_with_htmx(
    member: User, other: User, third: User, connect: Callable[[User, User], None]
) -> None:
    connect(member, other)
    connect(member, third)
    first = post(other, "The first one")
    comment(third, first, "From third")
    comment(other, first, "From other")
    Post.objects.filter(pk=first.pk).update(created_at=timezone.now() - timedelta(hours=1))
    for index in range(FEED_PAGE_SIZE):
        post(member, f"Filler {index}")
    block_create(blocker=third, blocked_id=member.pk)
    client = browser_for(member)
    html = client.get("/").content.decode()
    assert "The first one" not in html and "Filler 0" in html
    more = reverse("feed:more") + f"?before={Post.objects.get(body='Filler 0').pk}"
    assert more.replace("&", "&amp;") in html
    page = client.get(more, HTTP_HX_REQUEST="true").content.decode()
    assert "<html" not in page and "The first one" in page and "From other" in page
    assert "From third" not in page and "1 comments" not in page
    assert f'id="comments-{first.pk}"' in page


def test_feed_page_context_and_queries(
    member: User, other: User, connect: Callable[[User, User], None], django_assert_num_queries
) -> None:
    connect(member, other)
    for index in range(3):
        comment(member, post(other, f"Post {index}"), "Hi")
    feed_page(member)  # warm the graph cache
    with django_assert_num_queries(2):  # the posts, then their comments
        context = feed_page(member)
    assert [p.body for p in context["posts"]] == ["Post 2", "Post 1", "Post 0"]
    assert context["more_before"] is None
    assert context["posts"][0].author.nearness.degree == 1
    assert context["posts"][0].shown_comments[0].author.nearness.degree == 0
    assert access_member(viewer=member, member_id=member.pk) == member


def test_group_page_shows_pending_to_author_and_managers_only(
    member: User, other: User, third: User
) -> None:
    group = make_group(member, posts_need_approval=True)
    group_services.group_join(member=other, group_id=group.pk)
    group_services.group_join(member=third, group_id=group.pk)
    post(other, "Please approve <me>", group_id=group.pk)
    detail = reverse("groups:detail", args=[group.pk])
    for viewer, shown in ((member, True), (other, True), (third, False)):
        html = browser_for(viewer).get(detail).content.decode()
        assert ("Please approve &lt;me&gt;" in html) is shown, viewer
        assert ("Waiting for approval" in html) is shown


def test_htmx_comment_and_reaction_swaps(
    member: User, other: User, connect: Callable[[User, User], None]
) -> None:
    connect(member, other)
    theirs = post(other, "React to me")
    client = browser_for(member)
    swapped = client.post(
        reverse("feed:comment", args=[theirs.pk]),
        {"body": "A <b>bold</b> reply"},
        HTTP_HX_REQUEST="true",
    ).content.decode()
    assert "<html" not in swapped
    assert f'<section class="comments" id="comments-{theirs.pk}"' in swapped
    assert "A &lt;b&gt;bold&lt;/b&gt; reply" in swapped
    assert f'hx-post="/posts/{theirs.pk}/comment"' in swapped
    assert f'href="{reverse("profile", args=[member.pk])}"' in swapped
    reacted = client.post(
        reverse("feed:react", args=[theirs.pk]), {"kind": "insightful"}, HTTP_HX_REQUEST="true"
    ).content.decode()
    assert f'id="reactions-{theirs.pk}"' in reacted
    assert f'hx-post="{reverse("feed:react", args=[theirs.pk])}"' in reacted
    pressed = f'id="react-{theirs.pk}-insightful" class="btn btn-sm reaction-button'
    assert pressed in reacted and 'name="remove" value="insightful" aria-pressed="true"' in reacted
    assert "1 reaction<" in reacted
    page = client.get(reverse("feed:post", args=[theirs.pk])).content.decode()
    assert "badge-degree-1" in page and "A &lt;b&gt;bold&lt;/b&gt; reply" in page
