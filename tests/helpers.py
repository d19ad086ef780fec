"""Helpers shared by the tests."""

import time
from collections.abc import Callable
from typing import Any

from django.urls import reverse


def url(name: str, **kwargs: int) -> str:
    """Reverse an API route by its name in the `api` namespace."""
    return reverse(f"api:{name}", kwargs=kwargs or None)


def assert_error(response: Any, status: int, code: str) -> dict:
    """Assert the API's error shape: this status, this code, and a human detail."""
    assert response.status_code == status, response.content
    body = response.json()
    assert body["code"] == code
    assert isinstance(body["detail"], str) and body["detail"]
    return body


def until(condition: Callable[[], bool], timeout: float = 5.0) -> None:
    """Wait for `condition` (the listener's thread applies messages on its own time)."""
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "not within the timeout"
        time.sleep(0.005)
