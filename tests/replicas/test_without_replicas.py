"""With no replica configured (the default) the routing costs nothing: every read is on the
primary, no WAL position is read or remembered."""

import pytest
from django.core.cache import cache
from rest_framework.test import APIClient

from accounts.models import User
from core import replicas
from graphcache import postgres
from tests.helpers import url

pytestmark = pytest.mark.django_db


def test_no_replica_by_default() -> None:
    assert replicas.replica_aliases() == []
    assert replicas.read_alias() == "default"
    assert User.objects.all().db == "default"


def test_graph_reads_make_no_extra_query(member: User, django_assert_num_queries) -> None:
    with django_assert_num_queries(1):  # the rows alone: no WAL position asked
        postgres.load_first_degree([member.pk])


def test_a_write_remembers_nothing(member: User, member_api: APIClient) -> None:
    response = member_api.patch(url("me"), {"headline": "Primary only"}, format="json")
    assert response.status_code == 200
    assert cache.get(f"db-sticky:{member.pk}") is None
    assert member_api.get(url("me")).json()["headline"] == "Primary only"
