"""Shared fixtures: members, API clients, and graph helpers."""

from collections.abc import Callable

import pytest
from django.core.cache import cache
from rest_framework.test import APIClient

from accounts.models import User
from connections.models import Connection
from tests.factories import PASSWORD, UserFactory


@pytest.fixture(autouse=True)
def _isolated_cache() -> None:
    """Throttle counters live in the cache (Redis): start every test from zero."""
    cache.clear()


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


@pytest.fixture
def connect() -> Callable[[User, User], None]:
    """Connect two members (both directed rows, as the connection service writes them)."""

    def _connect(first: User, second: User) -> None:
        Connection.objects.bulk_create(
            [Connection(member=first, other=second), Connection(member=second, other=first)]
        )

    return _connect
