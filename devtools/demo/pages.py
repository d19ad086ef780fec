"""The main pages of the seeded demo network, as the demo member (or a visitor) opens them:
the list the accessibility test visits (tests/browser/test_every_page.py) and the screenshots
command captures (`manage.py screenshots`)."""

from __future__ import annotations

from dataclasses import dataclass

from django.urls import reverse

from accounts.models import User
from devtools.demo.credentials import DEMO_EMAIL
from feed.models import Post
from groups.models import Membership, Role
from messaging.models import Conversation
from network.selectors import nearness_for


@dataclass(frozen=True)
class DemoPage:
    name: str  # a file-name-safe label: "home", "profile-2nd"
    path: str
    signed_in: bool = True
    status: int = 200
    screenshot: bool = False  # one of the pages docs/screenshots/ shows


def demo_pages() -> list[DemoPage]:
    """Every main page, with ids from the seeded demo network (seed_demo must have run)."""
    demo = User.objects.select_related("profile").get(email=DEMO_EMAIL)
    degrees = _a_member_at_each_degree(demo)
    own_group = Membership.objects.get(member=demo, role=Role.OWNER).group
    post = Post.objects.filter(author=demo, group__isnull=True).order_by("created_at").first()
    assert post is not None
    conversation = (
        Conversation.objects.filter(participants__member=demo).order_by("-last_message_at").first()
    )
    assert conversation is not None
    friend = User.objects.select_related("profile").get(pk=degrees[1])
    return [
        DemoPage("login", reverse("account_login"), signed_in=False),
        DemoPage("signup", reverse("account_signup"), signed_in=False),
        # Without a refused log-in's marker (the suspended member's own: the flow's test).
        DemoPage("suspended", reverse("moderation:suspended"), signed_in=False),
        DemoPage("home", reverse("home"), screenshot=True),
        DemoPage("profile-own", reverse("profile", args=[demo.pk])),
        DemoPage("profile", reverse("profile", args=[degrees[1]]), screenshot=True),
        DemoPage("profile-2nd", reverse("profile", args=[degrees[2]])),
        DemoPage("profile-3rd", reverse("profile", args=[degrees[3]])),
        DemoPage("profile-edit", reverse("profile_edit")),
        DemoPage("my-network", reverse("my_network"), screenshot=True),
        DemoPage("groups", reverse("groups:list")),
        DemoPage("group", reverse("groups:detail", args=[own_group.pk]), screenshot=True),
        DemoPage("group-members", reverse("groups:members", args=[own_group.pk])),
        DemoPage("post", reverse("feed:post", args=[post.pk])),
        DemoPage("messaging", reverse("messaging:inbox"), screenshot=True),
        DemoPage("conversation", reverse("messaging:conversation", args=[conversation.pk])),
        DemoPage("notifications", reverse("notifications")),
        DemoPage(
            "search",
            reverse("search:people") + f"?q={friend.profile.current_title.split()[-1]}",
            screenshot=True,
        ),
        DemoPage("search-groups", reverse("search:groups") + "?q=community"),
        DemoPage("settings", reverse("settings")),
        DemoPage("blocked", reverse("blocked_list")),
        DemoPage("standing", reverse("moderation:standing")),
        DemoPage("data-export", reverse("exports:page")),
        DemoPage("not-found", "/no-such-page/", status=404),
    ]


def _a_member_at_each_degree(demo: User) -> dict[int, int]:
    """The first member (by id) at 1st, 2nd and 3rd degree from the demo member."""
    others = list(User.objects.exclude(pk=demo.pk).order_by("pk").values_list("pk", flat=True))
    found: dict[int, int] = {}
    for member_id, near in sorted(nearness_for(demo, others).items()):
        if near.degree in (1, 2, 3):
            found.setdefault(near.degree, member_id)
    assert set(found) == {1, 2, 3}, "the demo network shows every degree"
    return found
