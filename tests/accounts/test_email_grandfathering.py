"""Members who joined before confirmed email was required: treated as confirmed for
EMAIL_CONFIRMATION_GRACE_DAYS after EMAIL_CONFIRMATION_REQUIRED_SINCE, then asked like
everyone else; every branch of accounts.policies.email_unconfirmed_reason."""

from datetime import timedelta

import pytest
from django.utils import timezone

from accounts.auth import with_email_confirmed
from accounts.exceptions import EmailUnconfirmed
from accounts.models import User
from accounts.policies import email_unconfirmed_reason
from feed import services as feed_services
from feed.models import Post
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def rule_since(settings) -> object:
    """The rule came in ten days ago, with a 30-day grace."""
    settings.EMAIL_CONFIRMATION_REQUIRED = True
    settings.EMAIL_CONFIRMATION_REQUIRED_SINCE = timezone.now() - timedelta(days=10)
    settings.EMAIL_CONFIRMATION_GRACE_DAYS = 30
    return settings


def unconfirmed(joined_days_ago: int) -> User:
    return UserFactory.create(
        unconfirmed=True, date_joined=timezone.now() - timedelta(days=joined_days_ago)
    )


def test_an_earlier_member_is_treated_as_confirmed_during_the_grace(rule_since) -> None:
    earlier = unconfirmed(joined_days_ago=400)
    assert email_unconfirmed_reason(earlier) is None
    post = feed_services.post_create(author=earlier, body="Still here")
    assert Post.objects.filter(pk=post.pk, author=earlier).exists()


def test_an_earlier_member_is_asked_once_the_grace_is_over(rule_since) -> None:
    earlier = unconfirmed(joined_days_ago=400)
    post = feed_services.post_create(author=earlier, body="Written during the grace")
    rule_since.EMAIL_CONFIRMATION_GRACE_DAYS = 10  # the grace ends now
    assert isinstance(email_unconfirmed_reason(earlier), EmailUnconfirmed)
    with pytest.raises(EmailUnconfirmed):
        feed_services.post_create(author=earlier, body="After the grace")
    assert list(Post.objects.filter(author=earlier)) == [post]  # what they wrote stays


def test_a_member_who_joined_after_the_rule_has_no_grace(rule_since) -> None:
    assert isinstance(email_unconfirmed_reason(unconfirmed(joined_days_ago=5)), EmailUnconfirmed)


def test_an_earlier_member_who_confirmed_is_confirmed_after_the_grace(rule_since) -> None:
    rule_since.EMAIL_CONFIRMATION_GRACE_DAYS = 0
    earlier = UserFactory.create(date_joined=timezone.now() - timedelta(days=400))
    assert email_unconfirmed_reason(earlier) is None


def test_no_since_date_means_no_grandfathering(rule_since) -> None:
    rule_since.EMAIL_CONFIRMATION_REQUIRED_SINCE = None
    assert isinstance(email_unconfirmed_reason(unconfirmed(joined_days_ago=400)), EmailUnconfirmed)


def test_the_rule_turned_off_asks_nobody(rule_since) -> None:
    rule_since.EMAIL_CONFIRMATION_REQUIRED = False
    rule_since.EMAIL_CONFIRMATION_REQUIRED_SINCE = None
    assert email_unconfirmed_reason(unconfirmed(joined_days_ago=5)) is None


def test_the_grace_costs_no_query(rule_since, django_assert_num_queries) -> None:
    earlier = unconfirmed(joined_days_ago=400)
    with django_assert_num_queries(0):
        assert email_unconfirmed_reason(earlier) is None


@pytest.mark.parametrize("unconfirmed_address", [False, True])
def test_a_member_loaded_for_the_request_is_answered_without_a_query(
    unconfirmed_address: bool, django_assert_num_queries
) -> None:
    """The session's and the token's member carry `email_confirmed_known` (accounts.auth),
    so the banner every page shows costs no query of its own."""
    created = UserFactory.create(unconfirmed=unconfirmed_address)
    loaded = with_email_confirmed(User.objects.filter(pk=created.pk)).get()
    with django_assert_num_queries(0):
        reason = email_unconfirmed_reason(loaded)
    assert isinstance(reason, EmailUnconfirmed) if unconfirmed_address else reason is None


def test_the_session_backend_loads_it(client) -> None:
    member = UserFactory.create(unconfirmed=True)
    client.force_login(member)
    response = client.get("/")
    assert response.wsgi_request.user.email_confirmed_known is False
