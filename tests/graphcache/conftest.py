"""What the graph-cache tests share: waiting for the listener, counting Redis reads."""

import pytest

import graphcache as graph
from graphcache import keys
from tests.helpers import until


@pytest.fixture
def trusting() -> None:
    """This process's change-channel listener is subscribed (trusted arrays are used)."""
    until(graph.local.trusting)


@pytest.fixture
def redis_reads(monkeypatch: pytest.MonkeyPatch) -> list[list[str]]:
    """Every MGET the graph makes, by key."""
    calls: list[list[str]] = []
    real = keys.mget

    def counted(keys: list[str]) -> list[bytes | None]:
        calls.append(keys)
        return real(keys)

    monkeypatch.setattr(keys, "mget", counted)
    return calls
