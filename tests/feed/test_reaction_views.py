"""One-click reactions on a post's card: a button per kind (the viewer's own pressed), a press
toggles through feed.services, with htmx the block is redrawn and the outcome announced,
without it a plain POST goes back to the post. Refusals change nothing."""

import re

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts import services as account_services
from accounts.models import User
from feed import services
from feed.models import Post, Reaction, ReactionKind
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def browser_for(member: User) -> Client:
    client = Client()
    client.force_login(member)
    return client


def buttons(html: str, post: Post) -> dict[str, str]:
    """The reaction buttons of a post: kind -> aria-pressed."""
    found = re.findall(
        rf'<button type="submit" id="react-{post.pk}-(\w+)"[^>]*aria-pressed="(true|false)"',
        html,
    )
    return dict(found)


@pytest.fixture
def post(member: User, other: User, connect) -> Post:
    connect(member, other)
    return services.post_create(author=other, body="React to me")


def react(client: Client, post: Post, htmx: bool = True, **form: str):
    headers = {"HX-Request": "true"} if htmx else None
    return client.post(reverse("feed:react", args=[post.pk]), form, headers=headers)


def test_the_card_has_a_button_per_kind_none_pressed(member: User, post: Post) -> None:
    html = browser_for(member).get(reverse("feed:post", args=[post.pk])).content.decode()
    assert buttons(html, post) == dict.fromkeys(ReactionKind.values, "false")
    for label in ReactionKind.labels:
        assert f">{label}</button>" in html
    assert 'role="group" aria-label="React to this post"' in html
    assert f'<span class="visually-hidden" role="status" id="reactions-status-{post.pk}">' in html
    assert "<select" not in html.split(f'id="reactions-{post.pk}"')[1].split("</div>")[0]


def test_a_press_reacts_and_a_second_press_takes_it_back(member: User, post: Post) -> None:
    client = browser_for(member)
    on = react(client, post, kind="celebrate").content.decode()
    assert Reaction.objects.values_list("member_id", "kind").get() == (member.pk, "celebrate")
    assert "<html" not in on
    assert buttons(on, post)["celebrate"] == "true"
    assert 'name="remove" value="celebrate"' in on
    assert "1 reaction<" in on
    status = f'<span id="reactions-status-{post.pk}" hx-swap-oob="innerHTML">'
    assert f"{status}You reacted: Celebrate. 1 reaction.</span>" in on
    off = react(client, post, remove="celebrate").content.decode()
    assert not Reaction.objects.exists()
    assert buttons(off, post) == dict.fromkeys(ReactionKind.values, "false")
    assert f"{status}Reaction removed. 0 reactions.</span>" in off


def test_another_kind_replaces_the_reaction(member: User, post: Post) -> None:
    client = browser_for(member)
    react(client, post, kind="like")
    html = react(client, post, kind="insightful").content.decode()
    assert Reaction.objects.values_list("kind", flat=True).get() == "insightful"
    pressed = {kind for kind, state in buttons(html, post).items() if state == "true"}
    assert pressed == {"insightful"} and "1 reaction<" in html


def test_without_javascript_it_goes_back_to_the_post(member: User, post: Post) -> None:
    response = react(browser_for(member), post, htmx=False, kind="support", next="/")
    assert response.status_code == 302
    assert response["Location"] == f"/#post-{post.pk}"
    assert Reaction.objects.values_list("kind", flat=True).get() == "support"


def test_the_redrawn_reactions_go_back_to_the_page_they_are_drawn_on(
    member: User, post: Post
) -> None:
    """The fragment answers `POST /posts/N/react`, but its form's `next` is the page htmx drew
    it into (HX-Current-URL): submitted without htmx (a key pressed before the swap settled),
    it lands back on that page, never on the POST-only address (a 405 before)."""
    client = browser_for(member)
    feed_page = "http://testserver/?sort=recent"
    headers = {"HX-Request": "true", "HX-Current-URL": feed_page}
    url = reverse("feed:react", args=[post.pk])
    html = client.post(url, {"kind": "like"}, headers=headers).content.decode()
    assert '<input type="hidden" name="next" value="/?sort=recent">' in html
    response = react(client, post, htmx=False, remove="like", next="/?sort=recent")
    assert response["Location"] == f"/?sort=recent#post-{post.pk}"
    # Another origin's address is not taken: the fragment's own path stands in (as before).
    headers["HX-Current-URL"] = "https://evil.example/phish"
    html = client.post(url, {"kind": "like"}, headers=headers).content.decode()
    assert "evil.example" not in html


def test_an_unknown_kind_is_refused_and_changes_nothing(member: User, post: Post) -> None:
    services.reaction_set(member=member, post_id=post.pk, kind="like")
    html = react(browser_for(member), post, kind="love").content.decode()
    assert "Choose one of: like, celebrate, support, insightful." in html
    assert Reaction.objects.values_list("kind", flat=True).get() == "like"
    assert buttons(html, post)["like"] == "true"


def test_a_post_the_viewer_cannot_see_is_a_404(member: User) -> None:
    stranger = UserFactory.create()
    hidden = services.post_create(author=stranger, body="Not for you")
    account_services.block_create(blocker=stranger, blocked_id=member.pk)
    assert react(browser_for(member), hidden, kind="like").status_code == 404
    assert not Reaction.objects.exists()


def test_redrawing_costs_the_same_whatever_the_reactions(member: User, post: Post) -> None:
    client = browser_for(member)

    def queries() -> int:
        with CaptureQueriesContext(connection) as context:
            react(client, post, kind="like")
        return len(context.captured_queries)

    react(client, post, kind="support")  # warm the session and caches
    few = queries()
    for _ in range(5):
        Reaction.objects.create(post=post, member=UserFactory.create(), kind="like")
    assert queries() == few
