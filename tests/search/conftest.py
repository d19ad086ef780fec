"""Members with known profiles, so keywords match only what a test means them to."""

from collections.abc import Callable
from typing import Any

import pytest

from accounts.models import User
from groups import services as group_services
from groups.models import Group
from search.selectors.people import pool
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


@pytest.fixture
def make_group(db: None) -> Callable[..., Group]:
    """Make a group through the services: make_group(owner, "Name", members=(...), ...); an
    unlisted one is made listed, joined, then hidden (joining it needs an invitation)."""

    def _make(
        owner: User,
        name: str,
        *,
        members: tuple[User, ...] = (),
        unlisted: bool = False,
        **fields: Any,
    ) -> Group:
        group = group_services.group_create(creator=owner, name=name, **fields)
        for member in members:
            group_services.group_join(member=member, group_id=group.pk)
        if unlisted:
            group_services.group_update(member=owner, group_id=group.pk, visibility="unlisted")
            group.refresh_from_db()
        return group

    return _make


@pytest.fixture
def broad(monkeypatch: pytest.MonkeyPatch) -> Callable[..., None]:
    """Make every search with more than `matches` matches broad, sampling `sample` documents
    (a huge sample: every page of the index) and taking `first` plain matches."""

    def _set(matches: int = 0, sample: int = 10**9, first: int = 1_000) -> None:
        monkeypatch.setattr(pool, "BROAD_MATCHES", matches)
        monkeypatch.setattr(pool, "SAMPLE_DOCUMENTS", sample)
        monkeypatch.setattr(pool, "FIRST_MATCHES", first)

    return _set
