"""My Network shows the size of one's network and suggestions; dismissing one hides it."""

import pytest
from django.test import Client
from django.urls import reverse

from accounts.models import User
from network.models import SuggestionDismissal
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_my_network_shows_size_suggestions_and_degrees(client: Client, member: User, connect):
    friend, suggested = UserFactory.create_batch(2)
    connect(member, friend)
    connect(friend, suggested)
    client.force_login(member)
    page = client.get(reverse("my_network"))
    assert page.status_code == 200
    size = page.context["network_size"]
    assert (size.first, size.second, size.third_is_estimate) == (1, 1, False)
    assert [s.member.pk for s in page.context["suggestions"]] == [suggested.pk]
    content = page.content.decode()
    assert "People you may know" in content and suggested.full_name in content
    assert "1 mutual connection" in content


def test_dismiss_a_suggestion(client: Client, member: User, connect) -> None:
    friend, suggested = UserFactory.create_batch(2)
    connect(member, friend)
    connect(friend, suggested)
    client.force_login(member)
    response = client.post(reverse("suggestion_dismiss", args=[suggested.pk]))
    assert response.status_code == 302
    assert SuggestionDismissal.objects.filter(member=member, dismissed=suggested).exists()
    assert client.get(reverse("my_network")).context["suggestions"] == []
    htmx = client.post(reverse("suggestion_dismiss", args=[suggested.pk]), HTTP_HX_REQUEST="true")
    assert htmx.status_code == 200 and htmx.content == b""
    missing = client.post(reverse("suggestion_dismiss", args=[10**9]))
    assert missing.status_code == 404
    assert SuggestionDismissal.objects.count() == 1
