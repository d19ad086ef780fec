"""Members with known profiles, so keywords match only what a test means them to."""

from collections.abc import Callable
from typing import Any

import pytest

from accounts.models import User
from tests.factories import UserFactory

PLAIN = {
    "headline": "Professional",
    "location": "Porto",
    "industry": "accounting",
    "current_company": "Acme",
    "current_title": "Clerk",
    "summary": "",
    "skills": [],
}


@pytest.fixture
def person(db: None) -> Callable[..., User]:
    """Make a member: person("Ana", "Silva", headline=..., location=...)."""

    def _make(first: str, last: str, **profile: Any) -> User:
        values = {**PLAIN, **profile}
        return UserFactory.create(
            first_name=first, last_name=last, **{f"profile__{k}": v for k, v in values.items()}
        )

    return _make


@pytest.fixture
def viewer(person: Callable[..., User]) -> User:
    return person("Vera", "Viewer", headline="Searcher")
