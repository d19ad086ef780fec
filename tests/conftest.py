"""Shared fixtures: members, API clients, and graph helpers."""

from collections.abc import Callable

import pytest
from django.core.cache import cache
from rest_framework.test import APIClient

import graphcache as graph
from accounts.models import User
from connections import services
from graphcache import snapshot
from tests.factories import PASSWORD, UserFactory


@pytest.fixture(autouse=True)
def _isolated_cache() -> None:
    """Throttle counters and graph arrays live in the cache (Redis): start every test from zero,
    and this process's local graph arrays with it."""
    cache.clear()
    graph.local.reset()
    snapshot.current.forget()


@pytest.fixture
def password() -> str:
    return PASSWORD


@pytest.fixture
def member(db: None) -> User:
    return UserFactory.create(first_name="Ana", last_name="Silva")


@pytest.fixture
def other(db: None) -> User:
    return UserFactory.create(first_name="Bruno", last_name="Costa")


@pytest.fixture
def api() -> APIClient:
    return APIClient()


@pytest.fixture
def member_api(member: User) -> APIClient:
    client = APIClient()
    client.force_authenticate(member)
    return client


def connect_members(first: User, second: User) -> None:
    """Connect two members the way members do: an invitation, then its acceptance."""
    outcome = services.invitation_send(sender=first, recipient_id=second.pk)
    services.invitation_accept(recipient=second, invitation_id=outcome.invitation.pk)


@pytest.fixture
def connect(django_capture_on_commit_callbacks) -> Callable[[User, User], None]:
    """Connect two members and run the after-commit work (graph cache versions, tasks queued)
    as a real commit would, so reads later in the test see the new connection."""

    def _connect(first: User, second: User) -> None:
        with django_capture_on_commit_callbacks(execute=True):
            connect_members(first, second)

    return _connect
