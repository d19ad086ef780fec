"""The composer's pages: one required box (a status, or a link post when the text carries an
address), the link preview before posting (found, normalised, refused with a reason, never
fetched), articles on a page of their own, and the locked box before the email is
confirmed. Every refusal keeps what was typed and writes nothing."""

import re
import socket

import pytest
from allauth.account.models import EmailAddress
from django.test import Client
from django.urls import reverse
from django.utils.html import escape

from accounts.models import User
from feed import links
from feed import services as feed_services
from feed.models import Post
from groups import services as group_services
from tests.factories import UserFactory
from tests.groups.conftest import groups_state, make_group

pytestmark = pytest.mark.django_db


def browser_for(member: User) -> Client:
    client = Client()
    client.force_login(member)
    return client


def preview(client: Client, body: str, **extra: str) -> str:
    response = client.post(
        reverse("feed:link_preview"), {"body": body, **extra}, HTTP_HX_REQUEST="true"
    )
    assert response.status_code == 200
    return response.content.decode()


@pytest.fixture
def no_network(monkeypatch: pytest.MonkeyPatch) -> None:
    """Fail the test if anything tries to reach the network (the preview must not fetch)."""

    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("the composer's preview must not open connections")

    monkeypatch.setattr(socket, "getaddrinfo", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)


class TestLinkInText:
    @pytest.mark.parametrize(
        ("text", "url"),
        [
            ("See https://Example.COM/a/b?x=1 today", "https://example.com/a/b?x=1"),
            ("Read www.example.org.", "https://www.example.org/"),
            ("(see https://example.com:443/path)", "https://example.com/path"),
            ("http://example.com:8080", "http://example.com:8080/"),
            (
                "https://en.wikipedia.org/wiki/Mercury_(planet)",
                "https://en.wikipedia.org/wiki/Mercury_(planet)",
            ),
            ("first https://one.example/ then https://two.example/", "https://one.example/"),
        ],
    )
    def test_finds_and_normalises_the_first_address(self, text: str, url: str) -> None:
        draft = links.link_in_text(text)
        assert draft is not None and draft.error == ""
        assert draft.url == url

    @pytest.mark.parametrize("text", ["", "Hello, no links here", "time:10:30 ratio:3"])
    def test_text_without_an_address_has_none(self, text: str) -> None:
        assert links.link_in_text(text) is None

    def test_javascript_is_refused(self) -> None:
        draft = links.link_in_text("click javascript:alert(document.cookie)")
        assert draft is not None and draft.url == ""
        assert draft.error == "Only web addresses (http:// or https://) can be attached."

    def test_other_schemes_are_refused(self) -> None:
        for text in ("ftp://files.example/x", "data:text/html,hi", "file:///etc/passwd"):
            draft = links.link_in_text(text)
            assert draft is not None and draft.url == "" and "http" in draft.error

    def test_an_address_past_2000_characters_is_refused(self) -> None:
        draft = links.link_in_text("https://example.com/" + "a" * 2100)
        assert draft is not None and draft.url == ""
        assert draft.error.startswith("This link can't be attached. At most 2,000 characters")

    def test_an_address_without_a_proper_host_is_refused(self) -> None:
        draft = links.link_in_text("https://exa mple")  # the space ends it: "https://exa"
        assert draft is not None and draft.url == ""
        assert draft.error == "This link can't be attached. Enter a full http(s) address."

    def test_the_card_shows_host_and_a_short_path(self) -> None:
        draft = links.link_in_text("https://news.example.com/" + "p" * 100 + "?q=1")
        assert draft is not None
        assert draft.host == "news.example.com"
        assert len(draft.path) == links.PATH_SHOWN and draft.path.endswith("…")


class TestLinkPreview:
    def test_shows_host_and_path_and_fetches_nothing(self, member: User, no_network: None) -> None:
        html = preview(browser_for(member), "Our launch https://Blog.Example.com/launch?ref=1")
        assert "<html" not in html
        assert 'data-testid="link-draft"' in html
        assert "blog.example.com" in html and "/launch?ref=1" in html
        assert 'name="no_link"' in html and "checked" not in html

    @pytest.mark.parametrize(
        ("body", "error"),
        [
            ("javascript:alert(1)", "Only web addresses (http:// or https://) can be attached."),
            ("https://x.example/" + "a" * 2100, "This link can&#x27;t be attached. At most 2,000"),
            ("https://nohost", "This link can&#x27;t be attached. Enter a full http(s) address."),
        ],
    )
    def test_refuses_bad_addresses_with_a_reason(
        self, member: User, body: str, error: str, no_network: None
    ) -> None:
        html = preview(browser_for(member), body)
        assert 'data-testid="link-draft-error"' in html and error in html
        assert 'data-testid="link-draft"' not in html

    def test_no_address_renders_nothing(self, member: User) -> None:
        assert "link-draft" not in preview(browser_for(member), "Just words")

    def test_keeps_the_opt_out(self, member: User) -> None:
        html = preview(browser_for(member), "https://example.com/", no_link="1")
        assert 'value="1" id="composer-no_link" checked' in html

    def test_needs_a_login_and_a_post(self, member: User) -> None:
        assert Client().post(reverse("feed:link_preview"), {"body": "x"}).status_code == 302
        assert browser_for(member).get(reverse("feed:link_preview")).status_code == 405


class TestComposer:
    def test_home_shows_one_required_box_and_the_article_link(self, member: User) -> None:
        html = browser_for(member).get(reverse("home")).content.decode()
        box = re.search(r'<textarea[^>]*id="composer-body"[^>]*>', html)
        assert box is not None and " required" in box.group(0)
        assert "(optional)" not in html.split('id="composer"')[1].split("</form>")[0]
        assert 'name="kind"' not in html and "Article title" not in html
        assert f'href="{reverse("feed:article")}"' in html and "Write an article" in html
        assert 'hx-post="/posts/new/link-preview"' in html
        assert "js/composer.js" in html

    def test_a_status(self, member: User) -> None:
        response = browser_for(member).post(reverse("feed:post_create"), {"body": "Hello"})
        assert response.status_code == 302
        post = Post.objects.get()
        assert (post.kind, post.body, post.link_url) == ("status", "Hello", "")

    def test_a_link_in_the_text_is_attached(
        self, member: User, django_capture_on_commit_callbacks
    ) -> None:
        body = "Our launch: https://Blog.Example.com/launch."
        with django_capture_on_commit_callbacks() as callbacks:
            browser_for(member).post(reverse("feed:post_create"), {"body": body})
        post = Post.objects.get()
        assert (post.kind, post.body) == ("link", body)
        assert post.link_url == "https://blog.example.com/launch"
        assert post.preview_state == "pending" and len(callbacks) == 1  # fetched after commit

    def test_opting_out_posts_a_status(self, member: User) -> None:
        body = "No card please https://example.com/"
        browser_for(member).post(reverse("feed:post_create"), {"body": body, "no_link": "1"})
        assert Post.objects.values_list("kind", "link_url").get() == ("status", "")

    def test_a_refused_address_stays_text(self, member: User) -> None:
        browser_for(member).post(reverse("feed:post_create"), {"body": "javascript:alert(1)"})
        assert Post.objects.values_list("kind", "body", "link_url").get() == (
            "status",
            "javascript:alert(1)",
            "",
        )

    @pytest.mark.parametrize("body", ["", "   \n  "])
    def test_an_empty_body_is_a_form_error_and_saves_nothing(self, member: User, body: str) -> None:
        before = groups_state()
        response = browser_for(member).post(reverse("feed:post_create"), {"body": body})
        assert response.status_code == 400
        html = response.content.decode()
        assert 'id="composer-body_error"' in html and "Write something first." in html
        assert 'aria-invalid="true"' in html
        assert groups_state() == before

    def test_a_refusal_keeps_the_text_and_its_preview(self, member: User, settings) -> None:
        settings.POST_MAX_LENGTH = 20
        body = "Far too long for twenty https://example.com/x"
        response = browser_for(member).post(reverse("feed:post_create"), {"body": body})
        assert response.status_code == 400
        html = response.content.decode()
        assert "At most 20 characters" in html
        assert f"{escape(body)}</textarea>" in html
        assert 'data-testid="link-draft"' in html and "example.com" in html
        assert not Post.objects.exists()

    def test_the_group_composer_attaches_links_too(self, member: User) -> None:
        group = make_group(member)
        browser_for(member).post(
            reverse("groups:post_create", args=[group.pk]), {"body": "See www.example.org"}
        )
        post = Post.objects.get()
        assert (post.group_id, post.kind, post.link_url) == (
            group.pk,
            "link",
            "https://www.example.org/",
        )


class TestArticlePage:
    def test_the_page_has_a_title_and_a_body(self, member: User) -> None:
        html = browser_for(member).get(reverse("feed:article")).content.decode()
        assert "<h1" in html and "Write an article" in html
        assert 'name="title"' in html and 'name="body"' in html and "(optional)" not in html

    def test_publishing(self, member: User) -> None:
        response = browser_for(member).post(
            reverse("feed:article"), {"title": "On hiring", "body": "Long thoughts"}
        )
        post = Post.objects.get()
        assert response["Location"] == reverse("feed:post", args=[post.pk])
        assert (post.kind, post.title, post.body) == ("article", "On hiring", "Long thoughts")

    @pytest.mark.parametrize(
        ("form", "error"),
        [
            ({"title": "", "body": "Text"}, "Write something first."),
            ({"title": "A title", "body": ""}, "Write something first."),
            ({"title": "x" * 201, "body": "Text"}, "At most 200 characters"),
        ],
    )
    def test_refusals_are_form_errors_and_save_nothing(
        self, member: User, form: dict[str, str], error: str
    ) -> None:
        before = groups_state()
        response = browser_for(member).post(reverse("feed:article"), form)
        assert response.status_code == 400
        html = response.content.decode()
        assert error in html and "errorlist" in html
        assert groups_state() == before

    def test_in_a_group_that_approves_posts(self, member: User, other: User) -> None:
        group = make_group(member)
        group_services.group_update(member=member, group_id=group.pk, posts_need_approval=True)
        group_services.group_join(member=other, group_id=group.pk)
        article = f"{reverse('feed:article')}?group={group.pk}"
        page = browser_for(other).get(article).content.decode()
        assert f'name="group" value="{group.pk}"' in page and group.name in page
        response = browser_for(other).post(
            reverse("feed:article"), {"group": group.pk, "title": "T", "body": "B"}
        )
        assert response["Location"] == reverse("groups:detail", args=[group.pk])
        assert Post.objects.values_list("group_id", "status", "kind").get() == (
            group.pk,
            "pending",
            "article",
        )

    def test_an_outsider_cannot_post_in_the_group(self, member: User, other: User) -> None:
        group = make_group(member)
        before = groups_state()
        response = browser_for(other).post(
            reverse("feed:article"), {"group": group.pk, "title": "T", "body": "B"}
        )
        assert response.status_code == 403
        assert groups_state() == before

    def test_an_unknown_group_is_a_404(self, member: User) -> None:
        client = browser_for(member)
        assert client.get(f"{reverse('feed:article')}?group=999999").status_code == 404
        assert client.get(f"{reverse('feed:article')}?group=abc").status_code == 404


class TestUnconfirmedEmail:
    @pytest.fixture
    def newcomer(self, db: None) -> User:
        return UserFactory.create(unconfirmed=True, first_name="Nina")

    def test_the_composer_is_locked_with_a_way_to_resend(self, newcomer: User) -> None:
        html = browser_for(newcomer).get(reverse("home")).content.decode()
        composer = html.split('id="composer-title"')[1].split("</section>")[0]
        assert 'id="composer-body"' in composer and "disabled" in composer
        assert 'aria-describedby="composer-body-reason"' in composer
        assert "Confirm your email address to post" in composer
        assert f'action="{reverse("email_resend")}"' in composer
        assert 'id="composer"' not in html  # no form to fill in and be refused

    def test_the_article_page_is_locked(self, newcomer: User) -> None:
        html = browser_for(newcomer).get(reverse("feed:article")).content.decode()
        assert 'name="title"' not in html and "Confirm your email address to post" in html

    def test_comment_boxes_are_locked_but_reactions_are_not(
        self, newcomer: User, member: User, connect
    ) -> None:
        connect(member, newcomer)  # the newcomer may accept before confirming
        post = feed_services.post_create(author=member, body="Welcome")
        html = browser_for(newcomer).get(reverse("feed:post", args=[post.pk])).content.decode()
        comments = html.split(f'id="comments-{post.pk}"')[1]
        assert f'id="comment-body-{post.pk}"' in comments and "disabled" in comments
        assert "Confirm your email address to comment" in comments
        assert f'action="{reverse("feed:comment", args=[post.pk])}"' not in html
        # Reacting is not among what needs a confirmed address (PRODUCT.md, Trust and safety).
        assert f'id="react-{post.pk}-like"' in html

    @pytest.mark.parametrize(
        ("name", "form"),
        [
            ("feed:post_create", {"body": "Hello"}),
            ("feed:article", {"title": "T", "body": "B"}),
        ],
    )
    def test_posting_anyway_is_refused_and_nothing_changes(
        self, newcomer: User, name: str, form: dict[str, str]
    ) -> None:
        before = groups_state()
        response = browser_for(newcomer).post(reverse(name), form)
        assert response.status_code == 403
        assert "Confirm your email address" in response.content.decode()
        assert groups_state() == before

    def test_confirming_unlocks_the_composer(self, newcomer: User) -> None:
        EmailAddress.objects.filter(user=newcomer).update(verified=True)
        html = browser_for(newcomer).get(reverse("home")).content.decode()
        assert 'id="composer"' in html and "Confirm your email address to post" not in html
