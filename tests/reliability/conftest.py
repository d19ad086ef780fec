"""The fault tests' own Valkey."""

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.reliability.servers import Valkey


@pytest.fixture
def redis(tmp_path: Path) -> Iterator[Valkey]:
    """This test's own Valkey, on a loopback port; stopped at the end whatever happened."""
    server = Valkey(tmp_path / "valkey")
    server.start()
    yield server
    if server.answers():
        server.stop()
