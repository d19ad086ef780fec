"""A real streaming replica of the test database, configured as DATABASE_REPLICA_URLS would.

The replica is made once per module (pg_basebackup of the test run's PostgreSQL, then
streaming); each test gets it as `replica_0` in DATABASES, resumed and caught up, with this
process's replica health forgotten.
"""

import contextlib
import os
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connections
from django.test import Client

from accounts.models import User
from core import replicas
from tests.replicas.servers import ROOT, Replica, streaming_replica

ALIAS = "replica_0"


@pytest.fixture(scope="module")
def streaming(django_db_setup: None, django_db_blocker) -> Iterator[Replica]:
    """The replica, and `replica_0` in DATABASES for the module (before any test's database
    setup, which checks the aliases a test names; a mirror, so no test flushes it)."""
    with django_db_blocker.unblock():
        primary = dict(connections["default"].settings_dict)
    folder = ROOT / "var" / "test-replicas" / f"r{os.getpid()}"
    with streaming_replica(primary, Path(folder), port=15432) as replica:
        settings.DATABASES[ALIAS] = {
            **replica.settings_dict(primary),
            "TEST": {**primary["TEST"], "MIRROR": "default"},
        }
        try:
            yield replica
        finally:
            with contextlib.suppress(Exception):
                connections[ALIAS].close()
            del connections[ALIAS]
            del settings.DATABASES[ALIAS]


@pytest.fixture
def replica(streaming: Replica, transactional_db: None) -> Iterator[Replica]:
    """The replica, caught up with the primary, checked on every request."""
    streaming.resume()
    streaming.wait_replayed(replicas.primary_lsn())
    replicas.health.reset()
    original = (settings.DATABASE_REPLICA_CHECK_SECONDS, settings.DATABASE_REPLICA_MAX_LAG_SECONDS)
    settings.DATABASE_REPLICA_CHECK_SECONDS = 0.0  # every request checks: no waiting in tests
    try:
        yield streaming
    finally:
        settings.DATABASE_REPLICA_CHECK_SECONDS, settings.DATABASE_REPLICA_MAX_LAG_SECONDS = (
            original
        )
        connections[ALIAS].close()
        replicas.health.reset()
        if not _running(streaming):
            streaming.start()
        streaming.resume()


def _running(replica: Replica) -> bool:
    try:
        replica.query("SELECT 1")
    except Exception:
        return False
    return True


@pytest.fixture
def signed_in() -> Callable[[User], Client]:
    def _client(member: User) -> Client:
        client = Client()
        client.force_login(member)
        return client

    return _client
